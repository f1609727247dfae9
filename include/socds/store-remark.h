/* store-remark: reading what the office above rejected or holds in
 * conflict (the remark table, filled from its receipts; issue 17). A page
 * at a time from SQLite: the table is never loaded whole. Writing remarks
 * is the receipts' business (store-receipt.h), clearing one the save's. */
#ifndef SOCDS_STORE_REMARK_H
#define SOCDS_STORE_REMARK_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"

struct store_remark {
	const struct kind *kind;	/* NULL: a kind this socds does not know */
	char kind_name[16];		/* as the receipt named it */
	char id[UUID_STR_LEN];
	char unit[8];
	int64_t version;		/* the version the office judged */
	bool conflict;			/* else rejected */
	bool has_values;		/* the office's values came with it (conflicts) */
	int64_t office_version;
	char reason[512];		/* the office's reason, as it logged it */
	char at[24];
};

/* How many open remarks there are. */
int store_remark_count(struct store *s, int64_t *n, struct err *e);
/* The remarks from row offset, at most limit, newest first (then by
 * kind and id). fn returning non-zero stops (its value is returned). */
int store_remark_page(struct store *s, int64_t offset, int limit,
    int (*fn)(const struct store_remark *r, void *arg), void *arg, struct err *e);
/* The remark on record id: ERR_NOTFOUND when there is none (fixed since). */
int store_remark_get(struct store *s, const char *id, struct store_remark *r, struct err *e);
/* The office's values of conflicting record id laid over out (a record of
 * its kind, holding the stored one): each column the JSON object names
 * takes its value (null empties it; names this socds does not know are
 * left out). *n gets how many columns differ from what out held.
 * ERR_NOTFOUND when the remark has no values. */
int store_remark_office_values(struct store *s, const char *id, struct record *out, int *n,
    struct err *e);

#endif

/* store-changes: what change-only packages need from the store — at the
 * unit, the base (the package the office above last answered with a
 * receipt); at the office, whether that base was merged here. */
#ifndef SOCDS_STORE_CHANGES_H
#define SOCDS_STORE_CHANGES_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/store.h"

struct store_changes_base {
	char sha256[65];	/* the package's seal digest, as merge_log keeps it */
	char file[256];		/* its file name, as made here */
	int64_t receipt;	/* the number of the receipt that answered it */
	char made_at[24];	/* when it was made here (UTC, ISO 8601) */
};

/* The base of the next change-only package: the package of the newest
 * receipt taken (receipt_taken with a package), named and dated from
 * package_sent. *found false when no receipt has been taken yet. */
int store_changes_base(struct store *s, struct store_changes_base *b, bool *found,
    struct err *e);

/* At the office: what became of package sha256 from unit. */
enum store_base_state {
	STORE_BASE_UNKNOWN,	/* never merged here */
	STORE_BASE_MERGED,	/* merged and not reverted */
	STORE_BASE_REVERTED,	/* merged, then reverted */
};
int store_merge_base_state(struct store *s, const char *unit, const char *sha256,
    enum store_base_state *out, struct err *e);

#endif

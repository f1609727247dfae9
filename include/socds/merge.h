/* merge: the office above takes in the packages of the units below it. */
#ifndef SOCDS_MERGE_H
#define SOCDS_MERGE_H

#include <stdint.h>

#include "socds/err.h"
#include "socds/package.h"
#include "socds/store.h"

#define MERGE_MAX_ISSUES 20	/* kept in the report; all are in the merge log */

struct merge_issue {
	char kind[16];
	char id[UUID_STR_LEN];
	bool conflict;		/* else rejected */
	int64_t local, incoming;
	char reason[200];
};

struct merge_report {
	char unit[8];
	char unit_name[160];
	char period[16];
	bool refused;		/* nothing changed; reason in the err */
	int64_t n[6];		/* by enum merge_outcome */
	struct merge_issue issues[MERGE_MAX_ISSUES];
	int nissues;
	int64_t seq;		/* the merge_log row */
	struct key_note key;	/* the signer's key: pinned now, or known */
};

/* Checks the package whole, refuses one from a unit outside the office's
 * area, then applies it in one transaction and logs the report (a refused
 * package is logged too). The same package twice changes nothing. */
int merge_package(struct store *s, const char *path,
    void (*progress)(const char *what, int64_t done, int64_t total, void *arg), void *arg,
    struct merge_report *r, struct err *e);

/* Many packages, one transaction: merge_package between merge_begin and
 * merge_commit applies each package in a savepoint, still all of it or
 * nothing, and the whole lot is written to disk once. Nothing is merged
 * until merge_commit succeeds; merge_abort throws it all away. */
int merge_begin(struct store *s, struct err *e);
int merge_commit(struct store *s, struct err *e);
void merge_abort(struct store *s);

#endif

/* merge: the office above takes in the packages of the units below it. */
#ifndef SOCDS_MERGE_H
#define SOCDS_MERGE_H

#include <stdint.h>

#include "socds/err.h"
#include "socds/form.h"
#include "socds/package.h"
#include "socds/store.h"
#include "socds/store-merge.h"

#define MERGE_MAX_ISSUES 20	/* kept in the report; all are in the merge log */

struct merge_issue {
	char kind[16];
	char id[UUID_STR_LEN];
	bool conflict;		/* else rejected */
	int64_t local, incoming;
	char reason[ERR_MSG_MAX];	/* "PACKAGE:data/KIND.csv:LINE: field: reason" */
};

/* A row merged all the same that the office should look at: a person who
 * looks already recorded (dupes.h). Kept in the report, not in the log. */
#define MERGE_MAX_WARNINGS 20

struct merge_warning {
	char kind[16];
	char id[UUID_STR_LEN];
	char text[ERR_MSG_MAX];	/* "PACKAGE:data/KIND.csv:LINE: field: likely duplicate: ..." */
};

struct merge_report {
	char unit[8];
	char unit_name[160];
	char period[16];
	bool refused;		/* nothing changed; reason in the err */
	int64_t n[6];		/* by enum merge_outcome */
	int64_t orphans;	/* of the rejected: live rows of a record deleted here */
	struct merge_issue issues[MERGE_MAX_ISSUES];
	int nissues;
	int64_t seq;		/* the merge_log row */
	int64_t duplicates;	/* people new here who look already recorded */
	struct merge_warning warnings[MERGE_MAX_WARNINGS];
	int nwarnings;
	struct key_note key;	/* the signer's key: pinned now, or known */
};

/* Checks the package whole, refuses one from a unit outside the office's
 * area, then applies it in one transaction and logs the report (a refused
 * package is logged too). The same package twice changes nothing. Each row is
 * checked as typing and import check it (the forms fs: values, two-field
 * rules, references that exist and belong to the package's unit) and may
 * touch only a record stored under the package's unit or below it; a row that
 * fails is rejected alone, its reason "PACKAGE:data/KIND.csv:LINE: field:
 * reason". A live row that would be written (new here, or a newer version)
 * and names a record that is a tombstone here (its team, training, person,
 * village) is rejected too, naming both: nothing live may point to a deleted
 * record; r->orphans counts those. Every change is audited with the old
 * values under r->seq. */
int merge_package(struct store *s, const struct forms *fs, const char *path,
    void (*progress)(const char *what, int64_t done, int64_t total, void *arg), void *arg,
    struct merge_report *r, struct err *e);
/* The same for a package already open (package_open): merge_package is
 * package_open and this. The mechanism only: whether the account may
 * merge the package's unit is asked by job_merge (job-merge.h) first. */
int merge_package_from(struct store *s, const struct forms *fs, struct package *p,
    void (*progress)(const char *what, int64_t done, int64_t total, void *arg), void *arg,
    struct merge_report *r, struct err *e);

/* Many packages, one transaction: merge_package between merge_begin and
 * merge_commit applies each package in a savepoint, still all of it or
 * nothing, and the whole lot is written to disk once. Nothing is merged
 * until merge_commit succeeds (it rolls back on failure). */
int merge_begin(struct store *s, struct err *e);
int merge_commit(struct store *s, struct err *e);

/* Undoes merge seq (the number a merge report shows) in one transaction:
 * every record it changed gets its old values back with a new version (one it
 * inserted becomes a tombstone); records changed since are refused, each
 * named in rr->items. Audited; once per merge; whether the account may
 * (admin only) is job_merge_revert's question. rr is freed with
 * store_merge_revert_free. */
int merge_revert(struct store *s, int64_t seq, struct merge_revert_report *rr, struct err *e);

#endif

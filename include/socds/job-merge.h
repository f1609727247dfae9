/* job-merge: taking in the packages of the units below, and undoing a
 * merge, as `socds merge` and the Transfer screen both do it. No curses;
 * never prints. */
#ifndef SOCDS_JOB_MERGE_H
#define SOCDS_JOB_MERGE_H

#include <stdint.h>

#include "socds/err.h"
#include "socds/form.h"
#include "socds/job-receipt.h"
#include "socds/merge.h"
#include "socds/store.h"

struct job_merge_opts {
	struct store *s;
	const struct forms *fs;
	const char *const *paths;	/* the packages, in order */
	int npaths;
	const char *accept_key;		/* a new key's fingerprint an admin accepts, or NULL */
	/* Rows done / total of the package at hand (merge_package's). May be NULL. */
	void (*progress)(const char *what, int64_t done, int64_t total, void *arg);
	void *arg;
	/* A folder for the receipts (one per merged package, written after the
	 * commit: job-receipt.h), or NULL for none. */
	const char *receipts_dir;
};

/* What one package came to: its report, or (rc != 0) why it was refused. */
struct job_merged {
	struct merge_report r;
	struct err e;
	int rc;
	/* With receipts_dir and rc 0: the receipt (receipt_rc 0), or why not. */
	struct job_receipt_issued receipt;
	struct err receipt_e;
	int receipt_rc;
};

/* Merges every package in one transaction, each all or nothing (a
 * savepoint), the disk synced once. For each package: opened and checked
 * whole, then the account asked (STORE_ACT_MERGE for the package's unit;
 * refused: nothing written, not even the merge log), then merged. each[i]
 * says what package i came to. 0 when the transaction is on disk (some
 * packages may still have been refused: each[i].rc); else nothing was
 * merged and e says why. With o->receipts_dir, each merged package then
 * gets its receipt (each[i].receipt_rc). */
int job_merge(const struct job_merge_opts *o, struct job_merged *each, struct err *e);

/* Undoes merge seq: the account must be allowed (STORE_ACT_MERGE_REVERT,
 * admin only; refused: nothing written), then merge_revert. */
int job_merge_revert(struct store *s, int64_t seq, struct merge_revert_report *rr,
    struct err *e);

#endif

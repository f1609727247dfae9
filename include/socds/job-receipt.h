/* job-receipt: taking in a receipt from the office above, as `socds
 * receipt FILE` and the Transfer screen both do it (issue 17). No curses;
 * never prints. */
#ifndef SOCDS_JOB_RECEIPT_H
#define SOCDS_JOB_RECEIPT_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/store.h"
#include "socds/store-receipt.h"

struct job_receipt_taken {
	char office[8];			/* the unit above that signed it */
	int64_t number;			/* its receipt number for this unit */
	char package[256];		/* the package it answers ("" for a status receipt) */
	int64_t accepted, rejected, conflicts, approvals;
	char fingerprint[64];		/* the office key's fingerprint */
	bool pinned_now;		/* that key was pinned by this receipt (first use) */
};

/* Checks the receipt at path whole (seal, signature against the pinned key
 * of the office above, addressed to this unit, newer than the last one,
 * answering a package made here), then in one transaction marks accepted
 * rows acknowledged, keeps rejected and conflicting rows as remarks and
 * applies approvals. accept_key: a new office key's fingerprint an admin
 * accepts, or NULL. Refused: nothing written, e says why. */
int job_receipt_take(struct store *s, const char *path, const char *accept_key,
    struct job_receipt_taken *out, struct err *e);

/* --- at the office (job/receipt-issue.c) --- */

struct job_receipt_issued {
	char path[4096];		/* the file written */
	char unit[8];			/* the receiver */
	int64_t number;
	int64_t merge_seq;		/* 0 for a status receipt */
	int64_t rejected, conflicts, approvals;
};

/* The receipt of merge seq (on disk already), with the next number for its
 * unit, as dir/socds-receipt-UNIT-NNNN.zip (an existing file is refused).
 * The account must be allowed to merge the unit's packages. Recorded in
 * receipt_issued, audited. */
int job_receipt_merge(struct store *s, int64_t seq, const char *dir,
    struct job_receipt_issued *out, struct err *e);
/* A lost receipt of merge seq written again, with the number it had (a new
 * one when the merge had none); out is a file or a folder. */
int job_receipt_reissue(struct store *s, int64_t seq, const char *out_path,
    struct job_receipt_issued *out, struct err *e);
/* A receipt with no package for unit (below home), carrying its approvals;
 * out_path a file or a folder. */
int job_receipt_status(struct store *s, const char *unit, const char *out_path,
    struct job_receipt_issued *out, struct err *e);

#endif

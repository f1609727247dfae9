/* job-receipt: taking in a receipt from the office above, as `socds
 * receipt FILE` and the Transfer screen both do it (issue 17). No curses;
 * never prints. */
#ifndef SOCDS_JOB_RECEIPT_H
#define SOCDS_JOB_RECEIPT_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/store.h"

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

#endif

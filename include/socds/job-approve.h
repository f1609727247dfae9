/* job-approve: an office approves a unit's period below it, or reopens it
 * (issue 17); `socds approve`, `socds reopen` and the approvals screen. */
#ifndef SOCDS_JOB_APPROVE_H
#define SOCDS_JOB_APPROVE_H

#include <stdbool.h>

#include "socds/err.h"
#include "socds/store.h"
#include "socds/store-approval.h"

struct job_approve_result {
	struct store_approval a;	/* the row written */
	bool no_package;		/* no package of the unit merged here covers the period */
};

/* Approves period (as `export --period` takes it: 2026, 2026-Q3, 2026-11)
 * of unit, as the home unit; audited. ERR_EXISTS when it is approved
 * already. Only warns (no_package) when nothing of the unit was merged. */
int job_approve(struct store *s, const char *unit, const char *period,
    struct job_approve_result *out, struct err *e);
/* Reopens it, with the reason (required); audited. */
int job_reopen(struct store *s, const char *unit, const char *period, const char *reason,
    struct job_approve_result *out, struct err *e);

#endif

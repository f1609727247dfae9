/* job-paper: a unit's official paper (paper.h) read from and written to its
 * settings in the store. Called by `socds unit show/set`, the paper screen,
 * the report (standing_build) and the demo. */
#ifndef SOCDS_JOB_PAPER_H
#define SOCDS_JOB_PAPER_H

#include "socds/err.h"
#include "socds/paper.h"
#include "socds/store.h"

/* The unit's paper: its settings over the defaults. */
int paper_load(struct store *s, const struct unit *u, struct paper *p, struct err *e);
/* The defaults alone, from the unit (and its parent, read from the store). */
void paper_defaults(struct store *s, const struct unit *u, struct paper *p);

/* The "unit paper settings" job: sets the keys of `unit` whose vals[k] is
 * not NULL ("" clears a key, back to its default), in one transaction. Every
 * value is checked first (paper_clean, ERR_INVALID naming the key), then the
 * role: the account must be admin, or editor of the unit or a unit above it
 * (ERR_PERM); nothing is written when either refuses. *n (may be NULL) gets
 * how many keys were given; none given writes nothing and returns 0. */
int job_paper_set(struct store *s, const char *unit, const char *const vals[PAPER_NKEYS],
    int *n, struct err *e);

#endif

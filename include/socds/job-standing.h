/* job-standing: the standing report (standing.h) computed from the store's
 * figures. Called by `socds report`, the report and dashboard screens. */
#ifndef SOCDS_JOB_STANDING_H
#define SOCDS_JOB_STANDING_H

#include "socds/err.h"
#include "socds/figures.h"
#include "socds/standing.h"
#include "socds/store.h"

/* Computes every figure for `unit` (NULL: home) in the period (NULL: all). */
int standing_build(struct store *s, const char *datadir, const char *unit,
    const struct period *p, struct standing *r, struct err *e);
void standing_free(struct standing *r);

#endif

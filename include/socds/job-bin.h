/* job-bin: the recycle bin's restore with the forms' rules (store-bin.h
 * lists and purges). Called by the bin screen and `socds bin`. */
#ifndef SOCDS_JOB_BIN_H
#define SOCDS_JOB_BIN_H

#include "socds/err.h"
#include "socds/form.h"
#include "socds/store.h"
#include "socds/store-bin.h"

/* store_bin_restore, each record passing its form's rules that need the
 * database (form_check_stored: `unique`, `within`) as a save would: a clash
 * refuses the whole restore (ERR_INVALID, nothing written). fs may be NULL
 * (no rules). */
int job_bin_restore(struct store *s, const struct forms *fs, const char *id,
    struct store_bin_restored *out, struct err *e);

#endif

/* job-package: the upload package for the office above, as `socds export
 * package` and the Transfer screen both make it. No curses; never prints. */
#ifndef SOCDS_JOB_PACKAGE_H
#define SOCDS_JOB_PACKAGE_H

#include <stdint.h>

#include "socds/err.h"
#include "socds/export.h"
#include "socds/form.h"
#include "socds/store.h"

struct job_package_opts {
	struct store *s;
	const struct forms *fs;
	/* within (NULL: home), period, progress and its arg; changed_only: a
	 * change-only package (format 3), what the office above has not
	 * acknowledged since the last receipt taken, no period; refused
	 * (ERR_INVALID) before any receipt has been taken. */
	struct export_opts eo;
	const char *path;
	int flags;			/* SAFEFILE_FORCE: replace an existing file */
};

struct job_package_result {
	int64_t rows;			/* rows of every table */
};

/* Asks whether the account may export (STORE_ACT_EXPORT), then writes the
 * sealed package beside path and renames it into place (job_write_named):
 * an existing path is refused (ERR_EXISTS) unless flags has SAFEFILE_FORCE
 * and stays whole until the new one is; then notes it in package_sent (a
 * receipt answers one of those). 0, or e's code. */
int job_package(const struct job_package_opts *o, struct job_package_result *res,
    struct err *e);

#endif

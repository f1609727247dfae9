/* job-import: records from a CSV file, as `socds import` and the Transfer
 * screen's import both do it — the preview, the check of every row (a dry
 * run) and the import. No curses; never prints. */
#ifndef SOCDS_JOB_IMPORT_H
#define SOCDS_JOB_IMPORT_H

#include "socds/err.h"
#include "socds/form.h"
#include "socds/import.h"
#include "socds/store.h"

struct job_import_opts {
	struct store *s;		/* not read by the preview */
	const struct forms *fs;
	const char *path;		/* the CSV file */
	/* kind, encoding, unit, dry_run, skip_invalid, rejects, force; the
	 * problem callback; progress (rows done, then done = total at the end). */
	struct import_opts io;
};

/* Asks first whether the account may import (STORE_ACT_IMPORT for
 * io.unit; not for a dry run): a refused account reads and writes nothing
 * (ERR_PERM, res zeroed). Then import_csv: 0, ERR_INVALID with the
 * problems reported, or another code; res says what was read and done. */
int job_import(const struct job_import_opts *o, struct import_result *res, struct err *e);

/* The file's encoding, columns (and what each is read as) and first rows,
 * before anything is checked (import_preview); reads no database. */
int job_import_preview(const struct job_import_opts *o, struct import_preview *pv,
    struct err *e);

#endif

/* job-report: the standing report (standing.h) saved as text, CSV or XLSX,
 * as `socds report` and the report screen both do it. No curses. */
#ifndef SOCDS_JOB_REPORT_H
#define SOCDS_JOB_REPORT_H

#include <stdbool.h>

#include "socds/err.h"
#include "socds/standing.h"

enum report_format {
	REPORT_TEXT,	/* A4 text, the default */
	REPORT_CSV,
	REPORT_XLSX,
	REPORT_NFORMATS
};

/* The format: by name ("text", "csv", "xlsx") when name is not NULL, else by
 * path's extension (.txt, .csv, .xlsx, any case; anything else is text).
 * false for an unknown name. */
bool job_report_format(const char *name, const char *path, enum report_format *f);
/* The format's name and the extension a file of it gets ("txt", "csv", "xlsx"). */
const char *job_report_format_name(enum report_format f);
const char *job_report_format_ext(enum report_format f);

/* Writes r in format f to path through a safefile (flags as safefile_open's:
 * SAFEFILE_FORCE replaces an existing file), or to standard output when path
 * is NULL (text and CSV only: XLSX needs a path, ERR_USAGE). The command
 * line's "-" is its caller's to turn into NULL. */
int job_report_write(const struct standing *r, enum report_format f, const char *path,
    int flags, struct err *e);

#endif

/* job-export: the register written out as an XLSX workbook or a CSV file, as
 * `socds export` and the Transfer screen both do it. No curses. */
#ifndef SOCDS_JOB_EXPORT_H
#define SOCDS_JOB_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/export.h"
#include "socds/form.h"
#include "socds/store.h"

/* The workbook of export_xlsx_to (o: period, progress; may be NULL) written
 * beside path and renamed into place: an existing path is refused
 * (ERR_EXISTS) unless flags has SAFEFILE_FORCE, and stays whole until the
 * new file is. 0, or e's code. */
int job_export_xlsx(struct store *s, const struct forms *fs, const struct export_opts *o,
    const char *path, int flags, struct err *e);

/* CSV of kind k (export_csv: machine, encoding, rows) written beside path and
 * renamed into place, as job_export_xlsx; nothing is left when a value
 * cannot be encoded. */
int job_export_csv(struct store *s, const struct forms *fs, const struct kind *k,
    const struct export_opts *o, bool machine, const char *encoding, const char *path,
    int flags, int64_t *rows, struct err *e);

#endif

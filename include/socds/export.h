/* export: the data going upward — CSV per kind, XLSX, and the upload package.
 * Streams from the store; no curses. */
#ifndef SOCDS_EXPORT_H
#define SOCDS_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "socds/err.h"
#include "socds/form.h"
#include "socds/period.h"
#include "socds/store.h"

struct export_opts {
	const char *within;		/* unit code: it and the units below (NULL: home) */
	const struct period *period;	/* NULL: everything */
	bool tombstones;		/* include deleted records (packages do) */
	/* Only what the office above has not acknowledged (a change-only
	 * package): tombstones included, period ignored. */
	bool changed_only;
	/* Progress: rows written so far of about `total` (0 = unknown). May be NULL. */
	void (*progress)(const char *what, int64_t done, int64_t total, void *arg);
	void *arg;
};

/* CSV of one kind. machine: header of column names and canonical values (as
 * in packages); otherwise the form's labels in the user's language and values
 * as the form shows them (dates dd/mm/yyyy, labels of choices). Both carry the
 * record's id, unit, times, version and tombstone flag as the last columns, so
 * that an export imports back unchanged. For people, a cell that starts with
 * '=', '+', '-', '@', tab or CR gets a "'" in front (csv_formula_risk), which
 * import takes off again; machine writes every value exactly. UTF-8 with a BOM unless encoding is
 * "cp1258", "viscii" or "tcvn": then a value that the encoding cannot hold is
 * an error naming its row and field, and nothing is written. */
int export_csv(struct store *s, const struct forms *fs, const struct kind *k,
    const struct export_opts *o, bool machine, const char *encoding, FILE *out,
    int64_t *rows, struct err *e);

/* The names exports show for references, by id, kept in a cache of fixed
 * size. export_names_get gives the name of record `id` of kind k, or the id
 * when it has none (or is gone); the text lasts until the next call. NULL
 * with e filled on failure. */
struct export_names;
struct export_names *export_names_new(struct store *s, struct err *e);
const char *export_names_get(struct export_names *n, const struct kind *k, const char *id,
    struct err *e);
void export_names_free(struct export_names *n);

/* XLSX: one sheet per kind with the form's headers, real dates and numbers,
 * a frozen header row, and a summary sheet first, into the temporary of sf
 * (safefile_open_path or a scratch by name; constant-memory mode: rows are
 * not kept; libxlsxwriter's scratch files go to sf->dir); the caller commits
 * or aborts sf. To a file: job_export_xlsx (job-export.h). */
struct safefile;
int export_xlsx_to(struct store *s, const struct forms *fs, const struct export_opts *o,
    struct safefile *sf, struct err *e);

#endif

/* import-internal: what the four stages of an import share —
 *   reading   (import-read.c: encoding, separator, CSV rows; the preview)
 *   header    (import-header.c: which field or record column each column is)
 *   row       (import-row.c: a row's cells through the forms' rules;
 *              import-cell.c: what one cell names — a unit, a record)
 *   applying  (import-apply.c: inserts, the rejects file, the transaction)
 * Every function returns 0 or an error code with e filled. A row's problems
 * are data (struct imp_row: counted, reported through o->problem), never a
 * return code; a function that finds nothing for a cell leaves its output
 * empty ("") after reporting why. */
#ifndef SOCDS_IMPORT_INTERNAL_H
#define SOCDS_IMPORT_INTERNAL_H

#include <stdio.h>
#include <string.h>

#include "socds/unit.h"
#include "socds/csv.h"
#include "socds/import.h"
#include "socds/safefile.h"
#include "socds/text.h"
#include "socds/uuid.h"

#define IMP_MATCH_MAX	64	/* records one name may match that are looked at */

/* What a column of the file holds. */
enum imp_what {
	IMP_FIELD,	/* a field of the form */
	IMP_ID, IMP_UNIT, IMP_CREATED, IMP_UPDATED, IMP_VERSION, IMP_DELETED,
	IMP_WARNINGS,	/* the warnings confirmed (RECORD_WARNINGS_COL) */
	IMP_IGNORE,	/* a row number (STT) */
	IMP_BLANK,	/* no header: its cells must be empty */
};

/* The record columns every kind has, and the names a header may give them. */
struct imp_common {
	int what;
	const char *name;
	const char *vi, *en;
	const char *alias[3];
};

#define IMP_NCOMMON 8
extern const struct imp_common imp_commons[IMP_NCOMMON];
/* A record column's place in imp_commons and col_of: the table is in the
 * order of enum imp_what. */
#define IMP_C(what) ((what) - IMP_ID)

struct imp_col {
	int what;
	const struct form_field *ff;		/* IMP_FIELD */
	const struct imp_common *common;	/* the others */
};

/* Per file: what it is, how it is read and how its header maps. */
struct imp_file {
	const char *path;
	const struct kind *kind;
	const struct form *form;
	const char *enc;		/* as asked: "auto", "utf-8", ... */
	char encoding[16];		/* as read */
	char delim;
	FILE *fp;
	struct csv *csv;
	struct imp_col *cols;
	size_t ncols;
	int col_of[IMP_NCOMMON];	/* column of each record column, or -1 */
	int *field_col;			/* column of each form field, or -1 */
	int header_problems;
	/* What the rows so far said: ids and people with their lines, and
	 * the form's `unique` rules. */
	struct form_seen ids, people, unique;
};

/* Per row: the row at hand. */
struct imp_row {
	long line;
	int errors;			/* its problems */
	bool oom;			/* a problem could not be kept */
	char unit[8];			/* its unit when the file or --unit says, else "" */
	int64_t twins;			/* values with look-alike letters */
	struct tbuf reasons;		/* its problems, for the rejects file */
};

/* Answers kept from row to row (rows name the same unit, team, training
 * many times in a row) and the scratch buffers. */
struct imp_cache {
	char unit_text[160], unit_code[8];		/* the last unit cell resolved */
	char parent_id[UUID_STR_LEN], parent_unit[8];	/* the last parent looked at */
	const struct kind *ref_kind;			/* the last record named by id, live */
	char ref_id[UUID_STR_LEN];
	struct record stored;				/* a stored record looked at */
	char ids[IMP_MATCH_MAX][UUID_STR_LEN];
	struct tbuf val, cell, fold, list;
};

struct imp {
	struct store *s;		/* NULL for a preview */
	const struct import_opts *o;
	struct import_result *res;
	struct unit home;
	const char *force_unit;		/* --unit, checked */
	int64_t mark;			/* rows of the kind up to this rowid were there before */
	struct imp_file f;
	struct imp_row row;
	struct imp_cache c;
	struct safefile rej;		/* the rejects file (skip_invalid) */
	bool rej_open;
	char rej_path[4096];
};

static inline int
imp_buf_str(struct tbuf *b, const char *s)
{
	return tbuf_append(b, s, strlen(s));
}

static inline void
imp_buf_clear(struct tbuf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

/* --- reading (import-read.c) --- */
/* The setup import and preview share: the kind's form, the encoding asked,
 * then the separator and the encoding read from the file's first line. */
int imp_setup(struct imp *im, const struct forms *fs, const char *path,
    const struct import_opts *o, struct import_result *res, struct err *e);
int imp_sniff(struct imp *im, struct err *e);
/* Opens the rows and reads and maps the header (imp_header). */
int imp_rows_open(struct imp *im, struct err *e);
/* The next row with a cell that is not blank: *more false at the end. */
int imp_rows_next(struct imp *im, bool *more, struct err *e);
/* rc: the code the reading ends with (a stream error says why here). */
int imp_rows_close(struct imp *im, int rc, struct err *e);
bool imp_blank(const char *s);
void imp_free(struct imp *im);

/* --- the header (import-header.c) --- */
int imp_header(struct imp *im, struct err *e);
const char *imp_common_label(const struct imp_common *c);
/* The label of what column j is read as, or "" when it is not understood. */
const char *imp_col_label(const struct imp *im, size_t j);

/* --- a row (import-row.c) --- */
void imp_report(struct imp *im, const char *field, bool warning, const char *fmt, ...)
	ERR_PRINTF(4, 5);
/* Builds r from the row at hand; im->row.errors counts its problems. */
int imp_row_check(struct imp *im, struct record *r, struct err *e);
int imp_nomem(struct err *e);
/* Keeps le, a failure that is not the row's, in e as the reason the import stops. */
int imp_fail(const struct err *le, struct err *e);
/* A UUID in any case, into id in lower case; false when s is not one. */
bool imp_uuid(const char *s, char id[UUID_STR_LEN]);
const char *imp_label(int what);	/* of a record column */

/* --- a cell (import-cell.c) --- */
/* code "" (id "") when reported. */
int imp_unit_cell(struct imp *im, const char *cell, char code[8], struct err *e);
int imp_unit_within(struct imp *im, const char *code, bool *ok, struct err *e);
int imp_stored(struct imp *im, const struct kind *k, const char *id, bool *found,
    struct err *e);
int imp_set_value(struct record *r, const struct form_field *ff, const char *v, struct err *e);
int imp_parse(struct imp *im, struct record *r, const struct form_field *ff, const char *cell,
    struct err *e);
int imp_ref_cell(struct imp *im, struct record *r, const struct form_field *ff, const char *cell,
    struct err *e);
int imp_refs_cell(struct imp *im, struct record *r, const struct form_field *ff,
    const char *cell, const char *team, struct err *e);

#endif

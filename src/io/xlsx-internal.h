/* xlsx-internal: what the three parts of the workbook for people share —
 * xlsx.c (the file: space, checks, export_xlsx_to), xlsx-cell.c (text and
 * values of one cell) and xlsx-sheet.c (a kind's sheet, its columns and the
 * summary). */
#ifndef SOCDS_XLSX_INTERNAL_H
#define SOCDS_XLSX_INTERNAL_H

#include <stdint.h>
#include <time.h>

#include <xlsxwriter.h>

#include "socds/unit.h"
#include "socds/export.h"
#include "socds/text.h"

#define XLSX_PROGRESS_EVERY	5000	/* rows between progress calls */
#define XLSX_COLS_MAX		64
#define XLSX_SHEETS_MAX		64	/* the summary, the kinds and their overflow sheets */
#define XLSX_ROWS_MAX		(LXW_ROW_MAX - 1)	/* data rows under a header */
#define XLSX_SPACE_SLACK	(1 << 20)	/* bytes to spare when checking free space */
#define XLSX_VERIFY_CHUNK	65536	/* bytes read at a time when checking the file */

enum xlsx_col_kind {
	XC_FIELD,	/* a field of the form */
	XC_COUNT,	/* one category of a counts field, as a number */
	XC_UNIT,	/* the record's unit: code and name */
	XC_ID,
	XC_UPDATED,
	XC_DELETED,
	XC_WARNED,	/* the warnings confirmed (RECORD_WARNINGS_COL) */
};

struct xlsx_col {
	enum xlsx_col_kind kind;
	const struct form_field *ff;
	const struct kind *ref;		/* REF/REFS: the kind referred to */
	const char *code;		/* XC_COUNT: the category */
	const char *header;
	double width;
};

/* A kind being written. More rows than a sheet holds go on "Name (2)". */
struct xlsx_sheet {
	const struct kind *kind;
	const struct form *form;
	const char *title;		/* the form's title, in the user's language */
	struct xlsx_col cols[XLSX_COLS_MAX];
	int ncols;
	char name[LXW_MAX_SHEETNAME_LENGTH];	/* its first sheet */
	lxw_worksheet *ws;		/* the sheet being filled */
	int ws_index;			/* its place in the workbook */
	lxw_row_t row;			/* its last row written */
	int part;
	int64_t rows;			/* data rows, all parts */
};

struct xlsx_unit {
	char code[8];
	char *label;		/* "21853 Xã Phù Cát" */
};

struct xlsx {
	struct store *s;
	const struct export_opts *o;
	const char *path;
	struct err *e;
	const char *within;
	const char *dir;	/* the output's folder: libxlsxwriter's scratch files */
	const char *tmp;	/* the safefile temporary the workbook is written to */

	lxw_workbook *wb;
	lxw_format *f_head, *f_date, *f_time, *f_title, *f_bold;
	char sheet_names[XLSX_SHEETS_MAX][LXW_MAX_SHEETNAME_LENGTH];
	int nsheet_names;
	int64_t sheet_rows[XLSX_SHEETS_MAX];	/* rows each sheet must hold, -1 unknown */
	struct xlsx_sheet *sh;

	struct export_names *names;	/* of referenced records */
	struct xlsx_unit *units;
	size_t nunits, units_cap, unit_last;

	struct tbuf buf, part;		/* scratch for one cell */
	char **codes;			/* help categories stored in the file */
	size_t ncodes;
	int64_t done, total;
};

int xlsx_nomem(struct xlsx *x);
int xlsx_lxw_fail(struct xlsx *x, lxw_error le);
int xlsx_io_fail(struct xlsx *x, int errnum);
size_t xlsx_chars(const char *s);
int xlsx_string(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
    const char *s, lxw_format *f);
void xlsx_local(time_t t, lxw_datetime *dt);
int xlsx_cell(struct xlsx *x, const struct record *r, lxw_row_t row, lxw_col_t c);
/* Adds a help category stored in the file (store_help_codes callback). */
int xlsx_code_add(const char *code, void *arg);
int xlsx_columns(struct xlsx *x, struct xlsx_sheet *sh);
int xlsx_kind(struct xlsx *x, struct xlsx_sheet *sh);
int xlsx_summary(struct xlsx *x, lxw_worksheet *ws, const struct unit *u,
    struct xlsx_sheet *sheets, int n);

#endif

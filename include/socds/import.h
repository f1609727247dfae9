/* import: records of one kind from a CSV file (UTF-8 or a legacy Vietnamese
 * encoding), each cell through the same form rules as the screens, all or
 * nothing by default. No curses; the store is reached through store.h only. */
#ifndef SOCDS_IMPORT_H
#define SOCDS_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/form.h"
#include "socds/record.h"
#include "socds/store.h"

/*
 * The file: a header row, then one record per row; ',' separates cells, or
 * ';' when the header holds ';' and no ',' (as Excel writes in some
 * locales). Each header cell names, ignoring case and diacritics, a field of
 * the kind's form (its name, Vietnamese or English label) or one of the
 * record columns:
 *   id          id, uuid, Mã bản ghi, Record id
 *   unit_code   unit_code, Mã đơn vị, Đơn vị, Unit code, Unit
 *   created_at  created_at, Ngày tạo, Created at
 *   updated_at  updated_at, Ngày cập nhật, Updated at
 *   version     version, Phiên bản, Version
 *   deleted     deleted, Đã xóa, Deleted
 * A row-number column (STT, TT, Số thứ tự) is ignored, and so is a column
 * without a header whose cells are all empty. Any other column is refused.
 *
 * Cells go through form_parse. A reference (team, village, training, staff,
 * member) is a record id, or the record's name, looked up in the row's unit
 * and, when not found there, in the home unit; members present are names
 * (or ids) separated by ';' or ',', looked up among the activity's team.
 * A row's unit is --unit, else its unit cell (a code, "code name", or a
 * name), else the unit of the record it belongs to (a member's team), else
 * the home unit; it must be the home unit or below it. An id that is a UUID
 * is kept (a record with that id must not exist yet: import never updates);
 * otherwise the record gets a new id. Form defaults fill the fields the file
 * has no column for. People (staff, members) with the same name, year of
 * birth and unit as a record already stored, or as an earlier row, are
 * reported as likely duplicates (warnings) and imported.
 *
 * A cell that starts with "'" followed by '=', '+', '-', '@', tab or CR
 * loses that "'" (csv_unguard_row): people's exports and rejects files put
 * it there against formulas, and a spreadsheet reads it the same way. The
 * file is read under csv.h's limits (cell, row, header, columns); a file
 * over one is refused whole, even with skip_invalid.
 */

struct import_problem {
	const char *file;	/* the path as given */
	long line;		/* line of the file where the row starts (header: its line) */
	const char *field;	/* label of the field or column concerned, or NULL */
	const char *msg;	/* the reason, starting with the field's label when there is one */
	bool warning;		/* a likely duplicate: reported, not refused */
};

/* The problems a face (stderr, a screen) shows one by one; past these it
 * says how many more there are. The rejects file still gets every bad row. */
#define IMPORT_PROBLEMS_SHOWN	100

struct import_opts {
	const struct kind *kind;
	const char *encoding;	/* "auto" (NULL), "utf-8", "cp1258", "viscii", "tcvn" */
	const char *unit;	/* every row's unit (--unit), or NULL */
	bool dry_run;		/* check and count; change nothing, write no file */
	bool skip_invalid;	/* import the good rows; bad rows go to `rejects`
				 * (written for people: guarded like exports) */
	const char *rejects;	/* NULL: FILE.rejects.csv */
	bool force;		/* replace an existing rejects file */
	/* Called for every problem, in file order, as it is found. May be NULL. */
	void (*problem)(const struct import_problem *p, void *arg);
	void *arg;
	/* Called after each row (done = rows read, total 0: not known yet)
	 * and once at the end with done = total. May be NULL. */
	void (*progress)(const char *what, int64_t done, int64_t total, void *arg);
	void *progress_arg;
};

struct import_result {
	char encoding[16];	/* encoding read: "utf-8", "cp1258", "viscii", "tcvn" */
	char delim;		/* ',' or ';' */
	int64_t rows;		/* data rows read (rows with every cell empty are skipped) */
	int64_t valid;		/* rows that pass every rule */
	int64_t invalid;	/* rows with at least one problem */
	int64_t problems;	/* problems found (not counting warnings) */
	int64_t duplicates;	/* valid rows that look like a person already recorded */
	int64_t inserted;	/* records written (0 for a dry run or a refusal) */
	int64_t lookalikes;	/* values of valid rows whose look-alike letters (Ð for Đ...)
				 * were replaced by the Vietnamese ones (text_clean) */
	char rejects[4096];	/* the rejects file written, or "" */
};

/*
 * Imports `path` into s (the mechanism: whether the account may import is
 * asked by job_import, job-import.h). Checks every row first, writing nothing; then, when
 * no row is bad (or with skip_invalid), inserts the good rows in one
 * transaction. Returns 0 when the records were imported (for a dry run: when
 * they would be). ERR_INVALID when the file, its header or rows were refused:
 * the problems went to o->problem and e sums up; nothing was written. Other
 * codes for a file that cannot be read, a broken CSV or encoding (e names the
 * file and line), or a store failure (rolled back).
 */
int import_csv(struct store *s, const struct forms *fs, const char *path,
    const struct import_opts *o, struct import_result *res, struct err *e);

/* What a file looks like to the importer, before anything is checked: its
 * encoding, its columns and the field each is read as, and its first rows
 * (text cut to whole characters). For a screen to show before a dry run. */
#define IMPORT_PREVIEW_COLS	32
#define IMPORT_PREVIEW_ROWS	5
#define IMPORT_PREVIEW_TEXT	64

struct import_preview {
	char encoding[24];	/* as people name it: "UTF-8", "Windows-1258", ... */
	char delim;
	int ncols;		/* columns shown (at most IMPORT_PREVIEW_COLS) */
	int ncols_file;		/* columns in the file */
	char header[IMPORT_PREVIEW_COLS][IMPORT_PREVIEW_TEXT];
	/* The label of the field or record column each column is read as; ""
	 * when the column is not understood (the import would refuse it). */
	char mapped[IMPORT_PREVIEW_COLS][IMPORT_PREVIEW_TEXT];
	int nrows;
	char cell[IMPORT_PREVIEW_ROWS][IMPORT_PREVIEW_COLS][IMPORT_PREVIEW_TEXT];
};

/* Uses o->kind and o->encoding only; reads no database. 0, or an error code
 * with e filled (unreadable or empty file, broken CSV or encoding). */
int import_preview(const struct forms *fs, const char *path, const struct import_opts *o,
    struct import_preview *pv, struct err *e);

#endif

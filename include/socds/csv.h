/* csv: a streaming RFC 4180 reader (quoted fields, embedded newlines, CRLF,
 * UTF-8 BOM skipped). One row at a time; nothing is kept but the current row. */
#ifndef SOCDS_CSV_H
#define SOCDS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "socds/err.h"

struct csv;

/*
 * Limits on what one read may hold, the same for every file socds reads
 * (imports and the members of packages). A row that passes one is refused
 * as soon as the limit is passed, "FILE:LINE: ...", before more is read or
 * kept: memory stays flat whatever the file. Far above any form: the widest
 * kind (staff) has 14 fields and 6 record columns, the longest field 2,000
 * characters (8,000 bytes of UTF-8); Excel holds 32,767 characters in a cell.
 */
#define CSV_MAX_FIELD	(128 * 1024)	/* bytes in one field, unquoted */
#define CSV_MAX_ROW	(1024 * 1024)	/* bytes in the fields of one row */
#define CSV_MAX_COLS	256		/* fields in one row */
#define CSV_MAX_HEADER	(64 * 1024)	/* bytes in the fields of the first row (the header) */

/* Reads from fp (not closed by csv_free). name is used in messages. */
struct csv *csv_open(FILE *fp, const char *name, char delim);
void csv_free(struct csv *c);

/* Reads the next row. Returns 1 with a row, 0 at end of file, -1 on error
 * (e filled: "FILE:LINE: reason"; ERR_INVALID for a broken row or one over
 * a limit above). Fields stay valid until the next call. */
int csv_next(struct csv *c, struct err *e);
size_t csv_nfields(const struct csv *c);
const char *csv_field(const struct csv *c, size_t i);	/* "" past the end */
size_t csv_field_len(const struct csv *c, size_t i);
/* Line on which the current row started (1-based). */
long csv_line(const struct csv *c);
/* true when the input started with a UTF-8 byte-order mark. */
bool csv_had_bom(const struct csv *c);

/* Writes one field to fp, quoted when needed (RFC 4180), exactly as it is:
 * for files read by programs (packages, --machine exports). */
int csv_write_field(FILE *fp, const char *s, char delim, bool first);

/*
 * Files meant for people (opened in Excel or LibreOffice) must not hold a
 * cell that the spreadsheet runs as a formula. OWASP's rule: a cell that
 * starts with '=', '+', '-', '@', tab or CR gets a "'" in front. So that the
 * apostrophe can always be taken off again, a cell that starts with
 * apostrophes followed by one of those gets one more. Every cell is guarded,
 * numbers too ("-5" becomes "'-5"); a count in socds is never negative.
 */
bool csv_formula_risk(const char *s);
/* csv_write_field for people: the cell guarded when csv_formula_risk. */
int csv_write_guarded(FILE *fp, const char *s, char delim, bool first);
/* The reverse, when a file written for people is read back: in each field of
 * the row just read, one "'" before apostrophes and then '=', '+', '-', '@',
 * tab or CR is dropped. Other fields are left as they are. */
void csv_unguard_row(struct csv *c);

#endif

/* csv: a streaming RFC 4180 reader (quoted fields, embedded newlines, CRLF,
 * UTF-8 BOM skipped). One row at a time; nothing is kept but the current row. */
#ifndef SOCDS_CSV_H
#define SOCDS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "socds/err.h"

struct csv;

/* Reads from fp (not closed by csv_free). name is used in messages. */
struct csv *csv_open(FILE *fp, const char *name, char delim);
void csv_free(struct csv *c);

/* Reads the next row. Returns 1 with a row, 0 at end of file, -1 on error
 * (e filled: "FILE:LINE: reason"). Fields stay valid until the next call. */
int csv_next(struct csv *c, struct err *e);
size_t csv_nfields(const struct csv *c);
const char *csv_field(const struct csv *c, size_t i);	/* "" past the end */
size_t csv_field_len(const struct csv *c, size_t i);
/* Line on which the current row started (1-based). */
long csv_line(const struct csv *c);
/* true when the input started with a UTF-8 byte-order mark. */
bool csv_had_bom(const struct csv *c);

/* Writes one field to fp, quoted when needed (RFC 4180). */
int csv_write_field(FILE *fp, const char *s, char delim, bool first);

#endif

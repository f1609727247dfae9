/* fuzz_csv: the CSV reader (src/util/csv.c) on any bytes, with ',' and ';'.
 *
 * Three checks beyond "no crash, no leak, no undefined behaviour":
 *  1. every row, field, field length, starting line and the BOM flag agree
 *     with a small reference reader written here from csv.h's promise
 *     (RFC 4180: quoted fields, embedded line ends, CRLF/CR/LF, one leading
 *     UTF-8 byte-order mark skipped, errors for an unclosed quote, for
 *     text after a closing quote, and for a row over one of csv.h's limits:
 *     CSV_MAX_FIELD bytes in a field, CSV_MAX_ROW in a row (CSV_MAX_HEADER
 *     in the first), CSV_MAX_COLS fields);
 *  2. each row written back with csv_write_field reads back as the same
 *     fields, and so does it written with csv_write_guarded (for people: no
 *     field then starts as a formula would) and read with csv_unguard_row
 *     (rows holding a NUL byte are left out: the writers take C strings);
 *  3. csv_field past the end is "" and csv_field_len 0. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/csv.h"
#include "fuzz-util.h"

/* --- the reference reader: the whole input in memory --- */

struct ref_field {
	const char *p;		/* into ref->text */
	size_t len;
};

struct ref {
	char *text;		/* field bytes, unescaped */
	size_t tlen;
	struct ref_field *f;
	size_t nf, fcap;
	const uint8_t *in;
	size_t n, pos;
	long line, row_line;
	size_t pre;		/* bytes already in text when the first row starts */
	bool bom;
	char delim;
	long rows;		/* calls of ref_next */
	bool header;		/* the row at hand is the first */
	bool over;		/* the row at hand passed a limit */
};

/* Keeps a byte of field text; notes when the field or the row is then
 * longer than csv.h allows. */
static void
ref_putc(struct ref *r, char ch, size_t start)
{
	r->text[r->tlen++] = ch;	/* text is as long as the input: never more */
	if (r->tlen - start > CSV_MAX_FIELD ||
	    r->tlen > (r->header ? (size_t)CSV_MAX_HEADER : (size_t)CSV_MAX_ROW))
		r->over = true;
}

static void
ref_end_field(struct ref *r, size_t start)
{
	if (r->nf == CSV_MAX_COLS) {
		r->over = true;
		return;
	}
	if (r->nf == r->fcap) {
		r->fcap = r->fcap ? r->fcap * 2 : 16;
		if ((r->f = realloc(r->f, r->fcap * sizeof *r->f)) == NULL)
			fuzz_die("realloc");
	}
	/* text never moves: it was sized for the whole input. */
	r->f[r->nf].p = r->text + start;
	r->f[r->nf].len = r->tlen - start;
	r->nf++;
}

/* 1 a row, 0 the end, -1 an error: the same contract as csv_next. */
static int
ref_next(struct ref *r)
{
	bool quoted = false, after_quote = false, any = false;
	size_t start;

	r->tlen = r->pre;
	any = r->pre > 0;
	r->pre = 0;
	r->nf = 0;
	start = 0;
	r->row_line = r->line;
	r->header = r->rows++ == 0;
	r->over = false;
	for (;;) {
		int ch;
		if (r->over)
			return -1;
		if (r->pos == r->n) {
			if (quoted)
				return -1;
			if (!any)
				return 0;
			ref_end_field(r, start);
			return r->over ? -1 : 1;
		}
		ch = r->in[r->pos++];
		any = true;
		if (quoted) {
			if (ch == '"') {
				if (r->pos < r->n && r->in[r->pos] == '"') {
					r->pos++;
					ref_putc(r, '"', start);
					continue;
				}
				quoted = false;
				after_quote = true;
				continue;
			}
			if (ch == '\n')
				r->line++;
			ref_putc(r, (char)ch, start);
			continue;
		}
		if (ch == r->delim) {
			ref_end_field(r, start);
			start = r->tlen;
			after_quote = false;
			continue;
		}
		if (ch == '\r' || ch == '\n') {
			if (ch == '\r' && r->pos < r->n && r->in[r->pos] == '\n')
				r->pos++;
			r->line++;
			ref_end_field(r, start);
			return r->over ? -1 : 1;
		}
		if (after_quote)
			return -1;
		if (ch == '"' && r->tlen == start) {
			quoted = true;
			continue;
		}
		ref_putc(r, (char)ch, start);
	}
}

static void
ref_init(struct ref *r, const uint8_t *data, size_t size, char delim)
{
	memset(r, 0, sizeof *r);
	if ((r->text = malloc(size + 1)) == NULL)
		fuzz_die("malloc");
	r->in = data;
	r->n = size;
	r->line = 1;
	r->delim = delim;
	if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		r->bom = true;
		r->pos = 3;
	}
}

static void
ref_free(struct ref *r)
{
	free(r->text);
	free(r->f);
}

/* --- the checks --- */

static bool
row_has_nul(const struct csv *c)
{
	for (size_t i = 0; i < csv_nfields(c); i++)
		if (strlen(csv_field(c, i)) != csv_field_len(c, i))
			return true;
	return false;
}

/* Writes the current row with csv_write_field and reads it back. The text
 * starts with a byte-order mark, which the reader skips, so that a first field
 * that itself starts with one is not taken for the file's, and a header of
 * one field, so that the row is read under the limits of a row, not a
 * header's. */
static void
round_trip(const struct csv *c, char delim, bool guarded)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *w = open_memstream(&buf, &len);
	struct err e = { 0 };

	if (w == NULL)
		fuzz_die("open_memstream");
	fputs("\xEF\xBB\xBFh\n", w);
	for (size_t i = 0; i < csv_nfields(c); i++)
		FUZZ_CHECK((guarded ? csv_write_guarded(w, csv_field(c, i), delim, i == 0) :
		    csv_write_field(w, csv_field(c, i), delim, i == 0)) == 0,
		    "csv_write_field failed");
	/* A NULL field writes nothing but the delimiter. */
	FUZZ_CHECK(csv_write_field(w, NULL, delim, true) == 0, "csv_write_field(NULL)");
	fputc('\n', w);
	if (fclose(w) != 0)
		fuzz_die("fclose");

	FILE *r = fmemopen(buf, len, "r");
	if (r == NULL)
		fuzz_die("fmemopen");
	struct csv *back = csv_open(r, "back.csv", delim);
	if (back == NULL)
		fuzz_die("csv_open");
	int rc = csv_next(back, &e);
	FUZZ_CHECK(rc == 1 && csv_nfields(back) == 1 && strcmp(csv_field(back, 0), "h") == 0,
	    "the header written does not read back (%d: %s)", rc, e.msg);
	rc = csv_next(back, &e);
	FUZZ_CHECK(rc == 1, "a written row does not read back (%d: %s)", rc, e.msg);
	if (guarded) {
		for (size_t i = 0; i < csv_nfields(back); i++)
			FUZZ_CHECK(!csv_formula_risk(csv_field(back, i)) ||
			    csv_field(back, i)[0] == '\'', "field %zu written for people could run", i);
		csv_unguard_row(back);
	}
	FUZZ_CHECK(csv_nfields(back) == csv_nfields(c),
	    "a written row reads back as %zu fields, not %zu", csv_nfields(back),
	    csv_nfields(c));
	for (size_t i = 0; i < csv_nfields(c); i++)
		FUZZ_CHECK(csv_field_len(back, i) == csv_field_len(c, i) &&
		    memcmp(csv_field(back, i), csv_field(c, i), csv_field_len(c, i)) == 0,
		    "field %zu changes when written and read back", i);
	rc = csv_next(back, &e);
	FUZZ_CHECK(rc == 0, "a written row reads back as more than one row (%d)", rc);
	csv_free(back);
	fclose(r);
	free(buf);
}

static void
fuzz_one(const uint8_t *data, size_t size, char delim)
{
	/* fmemopen needs a writable buffer even for "r". */
	char *copy = malloc(size + 1);
	struct err e = { 0 };
	struct ref ref;
	FILE *fp;
	struct csv *c;
	int rc, want;

	if (copy == NULL)
		fuzz_die("malloc");
	if (size > 0)
		memcpy(copy, data, size);
	if ((fp = fmemopen(copy, size, "r")) == NULL)
		fuzz_die("fmemopen");
	if ((c = csv_open(fp, "fuzz.csv", delim)) == NULL)
		fuzz_die("csv_open");
	ref_init(&ref, data, size, delim);
	for (long row = 1;; row++) {
		rc = csv_next(c, &e);
		want = ref_next(&ref);
		FUZZ_CHECK(rc == want, "row %ld: csv_next gives %d, the reference %d (%s)", row,
		    rc, want, rc < 0 ? e.msg : "");
		if (rc <= 0) {
			if (rc < 0)
				FUZZ_CHECK(e.code != ERR_OK && e.msg[0] != '\0',
				    "an error without a message");
			break;
		}
		FUZZ_CHECK(csv_had_bom(c) == ref.bom, "byte-order mark: %d, the reference %d",
		    csv_had_bom(c), ref.bom);
		FUZZ_CHECK(csv_line(c) == ref.row_line, "row %ld starts on line %ld, not %ld",
		    row, csv_line(c), ref.row_line);
		FUZZ_CHECK(csv_nfields(c) == ref.nf, "row %ld: %zu fields, the reference %zu",
		    row, csv_nfields(c), ref.nf);
		for (size_t i = 0; i < ref.nf; i++) {
			FUZZ_CHECK(csv_field_len(c, i) == ref.f[i].len &&
			    memcmp(csv_field(c, i), ref.f[i].p, ref.f[i].len) == 0,
			    "row %ld field %zu: \"%s\" (%zu bytes), the reference %zu bytes",
			    row, i, csv_field(c, i), csv_field_len(c, i), ref.f[i].len);
			FUZZ_CHECK(csv_field(c, i)[csv_field_len(c, i)] == '\0',
			    "field %zu is not NUL-terminated", i);
		}
		FUZZ_CHECK(strcmp(csv_field(c, csv_nfields(c)), "") == 0 &&
		    csv_field_len(c, csv_nfields(c) + 7) == 0, "a field past the end");
		if (!row_has_nul(c)) {
			round_trip(c, delim, false);
			round_trip(c, delim, true);
		}
	}
	ref_free(&ref);
	csv_free(c);
	fclose(fp);
	free(copy);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(data, size, ',');
	fuzz_one(data, size, ';');
	return 0;
}

/* CSV reader: quoting, CRLF, embedded newlines, BOM, broken rows, limits;
 * the writer's guard against formulas in files for people. */
#define _GNU_SOURCE	/* fopencookie: an endless file that counts what is read */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "socds/csv.h"
#include "socds/text.h"
#include "test-util.h"

static struct csv *
open_mem(const char *text, FILE **fp)
{
	*fp = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(*fp);
	return csv_open(*fp, "mem.csv", ',');
}

static void
test_quoted_fields(void **state)
{
	(void)state;
	FILE *fp;
	struct err e = { 0 };
	struct csv *c = open_mem("\xEF\xBB\xBFname,note\r\n\"Nguyễn Văn \"\"Tý\"\"\",\"dòng 1\ndòng 2\"\r\n"
	    "Trần Thị Bé,\r\n", &fp);

	assert_int_equal(csv_next(c, &e), 1);
	assert_true(csv_had_bom(c));
	assert_int_equal(csv_nfields(c), 2);
	assert_string_equal(csv_field(c, 0), "name");
	assert_int_equal(csv_next(c, &e), 1);
	assert_string_equal(csv_field(c, 0), "Nguyễn Văn \"Tý\"");
	assert_string_equal(csv_field(c, 1), "dòng 1\ndòng 2");
	assert_int_equal(csv_line(c), 2);
	assert_int_equal(csv_next(c, &e), 1);
	assert_int_equal(csv_line(c), 4);
	assert_string_equal(csv_field(c, 0), "Trần Thị Bé");
	assert_string_equal(csv_field(c, 1), "");
	assert_int_equal(csv_nfields(c), 2);
	assert_int_equal(csv_next(c, &e), 0);
	csv_free(c);
	fclose(fp);
}

static void
test_unclosed_quote(void **state)
{
	(void)state;
	FILE *fp;
	struct err e = { 0 };
	struct csv *c = open_mem("a,b\n1,\"open\n2,3\n", &fp);

	assert_int_equal(csv_next(c, &e), 1);
	assert_int_equal(csv_next(c, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "mem.csv:2"));
	csv_free(c);
	fclose(fp);
}

static void
test_text_after_quote(void **state)
{
	(void)state;
	FILE *fp;
	struct err e = { 0 };
	struct csv *c = open_mem("\"a\"b,c\n", &fp);

	assert_int_equal(csv_next(c, &e), -1);
	assert_non_null(strstr(e.msg, "mem.csv:1"));
	csv_free(c);
	fclose(fp);
}

static void
test_no_bom_and_last_line_without_newline(void **state)
{
	(void)state;
	FILE *fp;
	struct err e = { 0 };
	struct csv *c = open_mem("x,y\n1,2", &fp);

	assert_int_equal(csv_next(c, &e), 1);
	assert_false(csv_had_bom(c));
	assert_int_equal(csv_next(c, &e), 1);
	assert_string_equal(csv_field(c, 1), "2");
	assert_string_equal(csv_field(c, 7), "");
	assert_int_equal(csv_next(c, &e), 0);
	csv_free(c);
	fclose(fp);
}

static void
test_write_roundtrip(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	const char *vals[] = { "plain", "có, dấu phẩy", "quote \"x\"", "hai\ndòng", "" };
	struct err e = { 0 };

	for (int i = 0; i < 5; i++)
		assert_int_equal(csv_write_field(out, vals[i], ',', i == 0), 0);
	fputc('\n', out);
	fclose(out);
	FILE *in = fmemopen(buf, len, "r");
	struct csv *c = csv_open(in, "rt", ',');
	assert_int_equal(csv_next(c, &e), 1);
	assert_int_equal(csv_nfields(c), 5);
	for (int i = 0; i < 5; i++)
		assert_string_equal(csv_field(c, (size_t)i), vals[i]);
	csv_free(c);
	fclose(in);
	free(buf);
}

/* Found by fuzzing: a first byte 0xEF that does not start a BOM was glued to
 * the next byte, swallowing a delimiter or a newline. */
static void
test_ef_not_bom(void **state)
{
	(void)state;
	FILE *fp;
	struct err e = { 0 };
	struct csv *c = open_mem("\xEF,a,b\n\xEF\nx\n", &fp);

	assert_int_equal(csv_next(c, &e), 1);
	assert_false(csv_had_bom(c));
	assert_int_equal(csv_nfields(c), 3);
	assert_string_equal(csv_field(c, 0), "\xEF");
	assert_string_equal(csv_field(c, 1), "a");
	assert_int_equal(csv_next(c, &e), 1);
	assert_int_equal(csv_nfields(c), 1);
	assert_int_equal(csv_next(c, &e), 1);
	assert_string_equal(csv_field(c, 0), "x");
	assert_int_equal(csv_next(c, &e), 0);
	csv_free(c);
	fclose(fp);
	/* A BOM cut short: its bytes are data. */
	c = open_mem("\xEF\xBB,z\n", &fp);
	assert_int_equal(csv_next(c, &e), 1);
	assert_int_equal(csv_nfields(c), 2);
	assert_string_equal(csv_field(c, 1), "z");
	csv_free(c);
	fclose(fp);
}

/* Found by fuzzing: a long message was cut inside a Vietnamese letter,
 * leaving invalid UTF-8 on the terminal and in rejects files. */
static void
test_message_cut_between_letters(void **state)
{
	(void)state;
	char long_text[2000] = "";
	struct err e = { 0 };

	for (int i = 0; i < 300; i++)
		strcat(long_text, "ệ");
	for (int shift = 0; shift < 3; shift++) {
		err_set(&e, ERR_INVALID, "%.*s%s", shift, "xx", long_text);
		assert_true(strlen(e.msg) < sizeof e.msg);
		assert_true(text_utf8_valid(e.msg, strlen(e.msg), NULL));
		err_prefix(&e, "%.*sfile.csv:12", shift, "yy");
		assert_true(text_utf8_valid(e.msg, strlen(e.msg), NULL));
	}
}

/* --- limits --- */

/* An endless file: `unit` over and over after `head`, counting the bytes
 * handed to the reader. */
struct endless {
	const char *head, *unit;
	size_t hlen, ulen, pos;
	unsigned long long given;
};

static ssize_t
endless_read(void *cookie, char *buf, size_t size)
{
	struct endless *en = cookie;

	for (size_t i = 0; i < size; i++, en->pos++)
		buf[i] = en->pos < en->hlen ? en->head[en->pos] :
		    en->unit[(en->pos - en->hlen) % en->ulen];
	en->given += size;
	return (ssize_t)size;
}

/* Reads rows until one fails; that must happen, and after reading little
 * more than the limit (the reader's block of 64 KiB, stdio's buffer). */
static void
endless_refused(const char *head, const char *unit, size_t limit, const char *line,
    const char *what)
{
	cookie_io_functions_t io = { .read = endless_read };
	struct endless en = { head, unit, strlen(head), strlen(unit), 0, 0 };
	struct err e = { 0 };
	FILE *fp = fopencookie(&en, "r", io);
	struct csv *c;
	int rc;

	assert_non_null(fp);
	c = csv_open(fp, "endless.csv", ',');
	while ((rc = csv_next(c, &e)) == 1)
		;
	assert_int_equal(rc, -1);
	assert_int_equal(e.code, ERR_INVALID);
	if (strstr(e.msg, line) == NULL || strstr(e.msg, what) == NULL)
		fail_msg("'%s' lacks '%s' or '%s'", e.msg, line, what);
	if (en.given > limit + 2 * 65536 + 8192)
		fail_msg("%llu bytes read for a limit of %zu", en.given, limit);
	csv_free(c);
	fclose(fp);
}

static void
test_limit_endless(void **state)
{
	(void)state;
	/* A line that never ends, in a data row and in the header (whose own
	 * limit comes first). */
	endless_refused("name,note\n1,", "y", CSV_MAX_FIELD, "endless.csv:2: column 2", "131072");
	endless_refused("", "y", CSV_MAX_HEADER, "endless.csv:1: the header", "65536");
	/* A quoted field that never closes, with line ends inside. */
	endless_refused("name\n\"", "ab\n", CSV_MAX_FIELD, "endless.csv:2: column 1", "131072");
	/* Columns without end (100,000 and more). */
	endless_refused("", "x,", 2 * CSV_MAX_COLS, "endless.csv:1: more than", "256");
	endless_refused("h\n", ",", CSV_MAX_COLS, "endless.csv:2: more than", "256");
	/* Cells of 8,000 bytes, under the limit, but the row without end. */
	static char cell[8002];
	memset(cell, 'c', 8000);
	cell[8000] = ',';
	endless_refused("h\n", cell, CSV_MAX_ROW, "endless.csv:2: the row", "1048576");
	endless_refused("", cell, CSV_MAX_HEADER, "endless.csv:1: the header", "65536");
}

/* Reads a file of a header, then a row of n cells of len bytes each ('x',
 * or doubled quotes inside quotes: each stands for one byte). Returns what
 * csv_next gave for the last row; *nf its fields. */
static int
read_sized(const char *header, size_t n, size_t len, bool quote, struct err *e, size_t *nf)
{
	char *buf = NULL;
	size_t blen = 0;
	FILE *w = open_memstream(&buf, &blen);
	int rc;

	assert_non_null(w);
	fputs(header, w);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', w);
		if (quote)
			fputc('"', w);
		for (size_t k = 0; k < len; k++)
			fputs(quote ? "\"\"" : "x", w);
		if (quote)
			fputc('"', w);
	}
	fputs("\r\n", w);
	fclose(w);
	FILE *in = fmemopen(buf, blen, "r");
	struct csv *c = csv_open(in, "sized.csv", ',');
	*nf = 0;
	while ((rc = csv_next(c, e)) == 1)
		*nf = csv_nfields(c);
	csv_free(c);
	fclose(in);
	free(buf);
	return rc;
}

static void
test_limit_exact(void **state)
{
	(void)state;
	struct err e = { 0 };
	size_t nf = 0;

	/* A cell: the limit is taken, one byte more is refused, quoted or not. */
	assert_int_equal(read_sized("h\n", 1, CSV_MAX_FIELD, false, &e, &nf), 0);
	assert_int_equal(read_sized("h\n", 1, CSV_MAX_FIELD, true, &e, &nf), 0);
	assert_int_equal(read_sized("h\n", 1, CSV_MAX_FIELD + 1, false, &e, &nf), -1);
	assert_non_null(strstr(e.msg, "sized.csv:2: column 1: the cell is longer than 131072"));
	assert_int_equal(read_sized("h\n", 1, CSV_MAX_FIELD + 1, true, &e, &nf), -1);
	assert_non_null(strstr(e.msg, "sized.csv:2: column 1"));
	/* A row: eight cells of the most a cell holds are the most a row holds. */
	assert_int_equal(read_sized("h\n", 8, CSV_MAX_FIELD, false, &e, &nf), 0);
	assert_int_equal(nf, 8);
	assert_int_equal(read_sized("h\n", 9, CSV_MAX_ROW / 9 + 1, false, &e, &nf), -1);
	assert_non_null(strstr(e.msg, "sized.csv:2: the row is longer than 1048576 bytes"));
	/* Columns: 256 are read, 257 refused. */
	assert_int_equal(read_sized("h\n", CSV_MAX_COLS, 1, false, &e, &nf), 0);
	assert_int_equal(nf, CSV_MAX_COLS);
	assert_int_equal(read_sized("h\n", CSV_MAX_COLS + 1, 0, false, &e, &nf), -1);
	assert_non_null(strstr(e.msg, "sized.csv:2: more than 256 columns"));
	/* The header: 64 KiB of names in four cells; one more byte is refused... */
	assert_int_equal(read_sized("", 4, CSV_MAX_HEADER / 4, false, &e, &nf), 0);
	assert_int_equal(read_sized("x", 4, CSV_MAX_HEADER / 4, false, &e, &nf), -1);
	assert_non_null(strstr(e.msg, "sized.csv:1: the header"));
	/* ... while a data row may well be longer. */
	assert_int_equal(read_sized("h\n", 4, CSV_MAX_HEADER / 2, false, &e, &nf), 0);
}

/* --- formulas in files for people --- */

static void
test_guard(void **state)
{
	(void)state;
	const char *risky[] = { "=HYPERLINK(\"http://x\",\"y\")", "+1", "-1", "@SUM(A1)",
		"\tnote", "\rnote", "'=x", "''-", "=a,\"b\"\nc", "-", "+84912345678" };
	const char *safe[] = { "plain", "", "a=b", "'plain", "'", "1", " =x", "0912345678" };
	const char *expect[] = { "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", "'+1", "'-1",
		"'@SUM(A1)", "'\tnote", "\"'\rnote\"", "''=x", "'''-", "\"'=a,\"\"b\"\"\nc\"", "'-",
		"'+84912345678" };
	size_t nr = sizeof risky / sizeof risky[0], ns = sizeof safe / sizeof safe[0];
	char *buf = NULL;
	size_t len = 0;
	struct err e = { 0 };
	FILE *w;

	for (size_t i = 0; i < nr; i++)
		assert_true(csv_formula_risk(risky[i]));
	for (size_t i = 0; i < ns; i++)
		assert_false(csv_formula_risk(safe[i]));
	assert_false(csv_formula_risk(NULL));
	/* Each risky cell alone: its apostrophe first, inside the quotes if any. */
	for (size_t i = 0; i < nr; i++) {
		w = open_memstream(&buf, &len);
		assert_int_equal(csv_write_guarded(w, risky[i], ',', true), 0);
		fclose(w);
		assert_string_equal(buf, expect[i]);
		free(buf);
		buf = NULL;
	}
	/* A safe cell is written as csv_write_field writes it. */
	w = open_memstream(&buf, &len);
	assert_int_equal(csv_write_guarded(w, "a,b", ',', false), 0);
	assert_int_equal(csv_write_guarded(w, NULL, ',', false), 0);
	fclose(w);
	assert_string_equal(buf, ",\"a,b\",");
	free(buf);
	buf = NULL;
	/* A row of all of them reads back guarded, and unguarded as they were. */
	w = open_memstream(&buf, &len);
	for (size_t i = 0; i < nr + ns; i++)
		assert_int_equal(csv_write_guarded(w, i < nr ? risky[i] : safe[i - nr], ';',
		    i == 0), 0);
	fputs("\r\n", w);
	fclose(w);
	FILE *in = fmemopen(buf, len, "r");
	struct csv *c = csv_open(in, "g.csv", ';');
	assert_int_equal(csv_next(c, &e), 1);
	assert_int_equal(csv_nfields(c), nr + ns);
	for (size_t i = 0; i < nr; i++) {
		assert_int_equal(csv_field(c, i)[0], '\'');
		assert_string_equal(csv_field(c, i) + 1, risky[i]);
	}
	csv_unguard_row(c);
	for (size_t i = 0; i < nr + ns; i++) {
		const char *want = i < nr ? risky[i] : safe[i - nr];
		assert_string_equal(csv_field(c, i), want);
		assert_int_equal(csv_field_len(c, i), strlen(want));
	}
	csv_free(c);
	fclose(in);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_unclosed_quote),
		cmocka_unit_test(test_text_after_quote),
		cmocka_unit_test(test_no_bom_and_last_line_without_newline),
		cmocka_unit_test(test_write_roundtrip),
		cmocka_unit_test(test_ef_not_bom),
		cmocka_unit_test(test_message_cut_between_letters),
		cmocka_unit_test(test_limit_endless),
		cmocka_unit_test(test_limit_exact),
		cmocka_unit_test(test_guard),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* CSV reader: quoting, CRLF, embedded newlines, BOM, broken rows. */
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

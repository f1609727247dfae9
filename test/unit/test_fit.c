/* Unit tests for src/text/fit.c: cells, fitting with an ellipsis, wrapping.
 * Strings with marks, CJK and emoji are spelled as escapes so that what each
 * test holds does not depend on how this file is normalised. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "socds/text.h"
#include "socds/text-fit.h"

#define HAN	"\xe6\xbc\xa2"			/* U+6F22, two columns */
#define JI	"\xe5\xad\x97"			/* U+5B57, two columns */
#define FLAG_VN	"\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3"	/* regional V + N */
#define WOMAN	"\xf0\x9f\x91\xa9"		/* U+1F469 */
#define ZWJ	"\xe2\x80\x8d"
#define LAPTOP	"\xf0\x9f\x92\xbb"		/* U+1F4BB */
#define TECHNOLOGIST WOMAN ZWJ LAPTOP		/* one cluster */
#define E_MACRON "E\xcc\x84"			/* E + U+0304 */
#define E_CIRC_TILDE "e\xcc\x82\xcc\x83"	/* e + circumflex + tilde */
#define HEART_EMOJI "\xe2\x9d\xa4\xef\xb8\x8f"	/* U+2764 U+FE0F */

/* The cells of s as "kind:width:len" joined by spaces. */
static void
cells(const char *s, char *out, size_t size)
{
	struct text_cell	c;
	size_t			pos = 0, n = 0;
	static const char	kinds[] = "TBMP";

	out[0] = '\0';
	while (text_cell_next(s, strlen(s), &pos, &c) && n < size)
		n += (size_t)snprintf(out + n, size - n, "%s%c%d:%zu", n ? " " : "",
		    kinds[c.kind], c.width, c.len);
}

static void
test_cells(void **state)
{
	char got[256];

	(void)state;
	cells("ab", got, sizeof got);
	assert_string_equal(got, "T1:1 T1:1");
	/* A letter and its tone marks are one cell, drawn whole. */
	cells(E_CIRC_TILDE "x", got, sizeof got);
	assert_string_equal(got, "T1:5 T1:1");
	cells(HAN "a", got, sizeof got);
	assert_string_equal(got, "T2:3 T1:1");
	/* A flag is one cluster: one placeholder two columns wide, never half. */
	cells(FLAG_VN, got, sizeof got);
	assert_string_equal(got, "P2:8");
	cells(FLAG_VN FLAG_VN, got, sizeof got);
	assert_string_equal(got, "P2:8 P2:8");
	cells(TECHNOLOGIST "x", got, sizeof got);
	assert_string_equal(got, "P2:11 T1:1");
	cells(HEART_EMOJI, got, sizeof got);
	assert_string_equal(got, "P2:6");
	/* A mark with no letter, a tab, a control, a bidi override, a bad byte. */
	cells("\xcc\x84" "a\tb\x01" "c\xe2\x80\xae" "d\xff", got, sizeof got);
	assert_string_equal(got, "M1:2 T1:1 B1:1 T1:1 P1:1 T1:1 P1:3 T1:1 P1:1");
}

static void
test_cells_width(void **state)
{
	(void)state;
	assert_int_equal(text_cells_width("", 0), 0);
	assert_int_equal(text_cells_width("abc", 3), 3);
	assert_int_equal(text_cells_width(HAN JI, 6), 4);
	assert_int_equal(text_cells_width(TECHNOLOGIST, strlen(TECHNOLOGIST)), 2);
	assert_int_equal(text_cells_width(FLAG_VN "a", strlen(FLAG_VN "a")), 3);
}

/* fit(s, cols) as "kept text|width|cut". */
static const char *
fit(const char *s, int cols, int mark)
{
	static char	out[256];
	int		w = -1;
	bool		cut = false;
	size_t		n = text_fit(s, strlen(s), cols, mark, &w, &cut);

	snprintf(out, sizeof out, "%.*s|%d|%d", (int)n, s, w, (int)cut);
	return (out);
}

static void
test_fit(void **state)
{
	(void)state;
	assert_string_equal(fit("abcdef", 6, 1), "abcdef|6|0");
	assert_string_equal(fit("abcdefg", 6, 1), "abcde|5|1");
	assert_string_equal(fit("abcdefg", 6, 0), "abcdef|6|1");
	/* A wide character on the edge is left out whole: no half glyph. */
	assert_string_equal(fit("abcd" HAN, 5, 0), "abcd|4|1");
	assert_string_equal(fit("abcd" HAN JI, 6, 1), "abcd|4|1");
	assert_string_equal(fit("abc" HAN JI, 6, 1), "abc" HAN "|5|1");
	assert_string_equal(fit("ab" HAN JI, 5, 1), "ab" HAN "|4|1");
	assert_string_equal(fit(HAN JI, 4, 1), HAN JI "|4|0");
	/* Clusters stay whole: the flag and the ZWJ sequence are kept or left out. */
	assert_string_equal(fit("abc" FLAG_VN, 5, 1), "abc" FLAG_VN "|5|0");
	assert_string_equal(fit("abc" FLAG_VN "d", 5, 1), "abc|3|1");
	assert_string_equal(fit("ab" FLAG_VN "de", 5, 1), "ab" FLAG_VN "|4|1");
	assert_string_equal(fit("a" TECHNOLOGIST "b", 3, 0), "a" TECHNOLOGIST "|3|1");
	assert_string_equal(fit("Nguy" E_CIRC_TILDE "n", 5, 0), "Nguy" E_CIRC_TILDE "|5|1");
	assert_string_equal(fit("Nguy" E_CIRC_TILDE "n", 6, 1), "Nguy" E_CIRC_TILDE "n|6|0");
	assert_string_equal(fit(E_MACRON E_MACRON, 1, 1), "|0|1");
	/* Nothing fits. */
	assert_string_equal(fit("abc", 0, 1), "|0|1");
	assert_string_equal(fit("", 0, 1), "|0|0");
	assert_string_equal(fit(HAN, 1, 0), "|0|1");
}

/* All lines of s wrapped to cols, joined by '/'. */
static const char *
wrap(const char *s, int cols)
{
	static char	out[512];
	size_t		len = strlen(s), pos = 0, n = 0, next, line;
	int		guard = 0;

	out[0] = '\0';
	while (pos < len && guard++ < 100) {
		line = text_wrap(s + pos, len - pos, cols, &next);
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s", n ? "/" : "",
		    (int)line, s + pos);
		assert_true(next > 0);
		if (text_cells_width(s + pos, line) > cols && line > 0 &&
		    text_grapheme_next(s + pos, line, 0) != line)
			fail_msg("line '%.*s' is wider than %d", (int)line, s + pos, cols);
		pos += next;
	}
	return (out);
}

static void
test_wrap(void **state)
{
	(void)state;
	assert_string_equal(wrap("abc def ghi", 80), "abc def ghi");
	/* At spaces, never mid-word. */
	assert_string_equal(wrap("abc def ghi", 7), "abc def/ghi");
	assert_string_equal(wrap("abc def ghi", 6), "abc/def/ghi");
	assert_string_equal(wrap("abc def ghi", 3), "abc/def/ghi");
	assert_string_equal(wrap("abc  def", 4), "abc/def");
	assert_string_equal(wrap("Không lưu được: số điện thoại sai", 16),
	    "Không lưu được:/số điện thoại/sai");
	/* A word longer than the line is cut between clusters. */
	assert_string_equal(wrap("abcdefgh ij", 3), "abc/def/gh/ij");
	assert_string_equal(wrap(HAN JI HAN, 3), HAN "/" JI "/" HAN);
	assert_string_equal(wrap(HAN, 1), HAN);
	assert_string_equal(wrap("a" TECHNOLOGIST "b c", 3), "a" TECHNOLOGIST "/b c");
	/* Line breaks are kept. */
	assert_string_equal(wrap("ab\ncd ef", 80), "ab/cd ef");
	assert_string_equal(wrap("trailing   ", 80), "trailing");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_cells_width),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_wrap),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}

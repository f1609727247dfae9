/* Unit tests for the line editor (src/text/lineedit.c): grapheme steps, NFC
 * after typing combining tone marks, kills, limits, refusals and horizontal
 * scrolling. NFC strings are written as UTF-8 in this file; NFD strings as
 * escapes or \u marks so the marks are visible. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "socds/lineedit.h"
#include "socds/text.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* 40 graphemes, 40 columns; NFC and the same text decomposed. */
#define VI40	"Đại uý Nguyễn Thị Hoà, Tiểu đoàn 3, Huế."
#define VI40_NFD \
	"\xc4\x90" "a\xcc\xa3i uy\xcc\x81 Nguye\xcc\x82\xcc\x83n Thi\xcc\xa3 " \
	"Hoa\xcc\x80, Tie\xcc\x82\xcc\x89u \xc4\x91oa\xcc\x80n 3, " \
	"Hue\xcc\x82\xcc\x81."
/* 20 CJK characters, 40 columns. */
#define CJK20	"中华人民共和国北京市海淀区中关村大街一号"

static void
type(struct lineedit *le, const wchar_t *ws)
{
	for (; *ws != L'\0'; ws++)
		if (lineedit_insert(le, *ws) != 0)
			fail_msg("U+%04lX refused", (unsigned long)*ws);
}

static void
assert_buf(const struct lineedit *le, const char *want)
{
	assert_string_equal(le->buf, want);
	assert_int_equal(le->len, strlen(want));
	assert_true(le->cap > le->len);
}

static size_t
graphemes(const char *s, size_t from, size_t to)
{
	size_t	n = 0;

	while (from < to) {
		from = text_grapheme_next(s, to, from);
		n++;
	}
	return (n);
}

/* Byte offset of grapheme number n. */
static size_t
nth(const char *s, size_t n)
{
	size_t	pos = 0, len = strlen(s);

	while (n-- > 0)
		pos = text_grapheme_next(s, len, pos);
	return (pos);
}

static int
width_of(const char *s, size_t from, size_t to)
{
	char	*t;
	int	 w;

	t = malloc(to - from + 1);
	assert_non_null(t);
	memcpy(t, s + from, to - from);
	t[to - from] = '\0';
	w = text_width(t);
	free(t);
	return (w);
}

static bool
is_boundary(const struct lineedit *le, size_t pos)
{
	if (pos == 0 || pos == le->len)
		return (true);
	return (text_grapheme_next(le->buf, le->len,
	    text_grapheme_prev(le->buf, le->len, pos)) == pos);
}

/* lineedit_view plus the invariants any view must keep. */
static int
view(struct lineedit *le, int width)
{
	int	col;

	col = lineedit_view(le, width);
	assert_in_range(col, 0, width - 1);
	assert_true(le->scroll <= le->cur);
	assert_true(is_boundary(le, le->scroll));
	assert_true(is_boundary(le, le->cur));
	assert_int_equal(col, width_of(le->buf, le->scroll, le->cur));
	return (col);
}

/* --- typing ------------------------------------------------------------- */

static void
test_nfc_nfd_identical(void **state)
{
	struct lineedit	nfc, nfd, unikey;

	(void)state;
	assert_int_equal(lineedit_init(&nfc, NULL), 0);
	assert_int_equal(lineedit_init(&nfd, ""), 0);
	assert_int_equal(lineedit_init(&unikey, ""), 0);

	type(&nfc, L"Nguy\u1ec5n Th\u1ecb Ho\u00e0 \u1ec7");
	type(&nfd, L"Nguye\u0302\u0303n Thi\u0323 Hoa\u0300 e\u0302\u0323");
	/* Mixed input: precomposed base + mark, marks in the other
	 * (canonically equivalent) order. */
	type(&unikey, L"Nguy\u00ea\u0303n Thi\u0323 Ho\u00e0 \u1eb9\u0302");

	assert_buf(&nfc, "Nguyễn Thị Hoà ệ");
	assert_memory_equal(nfd.buf, nfc.buf, nfc.len + 1);
	assert_int_equal(nfd.len, nfc.len);
	assert_int_equal(nfd.cur, nfc.cur);
	assert_int_equal(nfd.cur, nfd.len);

	assert_buf(&unikey, "Nguyễn Thị Hoà ệ");
	assert_int_equal(unikey.cur, unikey.len);
	assert_int_equal(graphemes(nfd.buf, 0, nfd.len), 16);

	lineedit_free(&nfc);
	lineedit_free(&nfd);
	lineedit_free(&unikey);
}

static void
test_nfd_cursor_steps(void **state)
{
	static const struct {
		wchar_t		 wc;
		const char	*buf;
		size_t		 cur;
	} steps[] = {
		{ L'N', "N", 1 },
		{ L'g', "Ng", 2 },
		{ L'u', "Ngu", 3 },
		{ L'y', "Nguy", 4 },
		{ L'e', "Nguye", 5 },
		{ 0x0302, "Nguyê", 6 },
		{ 0x0303, "Nguyễ", 7 },
		{ L'n', "Nguyễn", 8 },
		{ L' ', "Nguyễn ", 9 },
		{ L'T', "Nguyễn T", 10 },
		{ L'h', "Nguyễn Th", 11 },
		{ L'i', "Nguyễn Thi", 12 },
		{ 0x0323, "Nguyễn Thị", 14 },
		{ L' ', "Nguyễn Thị ", 15 },
		{ L'H', "Nguyễn Thị H", 16 },
		{ L'o', "Nguyễn Thị Ho", 17 },
		{ L'a', "Nguyễn Thị Hoa", 18 },
		{ 0x0300, "Nguyễn Thị Hoà", 19 },
	};
	/* Every grapheme boundary, from the end back to the start. */
	static const size_t left[] = {
		17, 16, 15, 14, 11, 10, 9, 8, 7, 4, 3, 2, 1, 0, 0
	};
	struct lineedit	le;
	size_t		i;

	(void)state;
	assert_int_equal(lineedit_init(&le, ""), 0);
	for (i = 0; i < nitems(steps); i++) {
		assert_int_equal(lineedit_insert(&le, steps[i].wc), 0);
		assert_buf(&le, steps[i].buf);
		assert_int_equal(le.cur, steps[i].cur);
	}
	for (i = 0; i < nitems(left); i++) {
		lineedit_left(&le);
		assert_int_equal(le.cur, left[i]);
	}
	for (i = nitems(left) - 2; i-- > 0;) {
		lineedit_right(&le);
		assert_int_equal(le.cur, left[i]);
	}
	lineedit_right(&le);
	assert_int_equal(le.cur, 19);
	lineedit_right(&le);
	assert_int_equal(le.cur, 19);
	lineedit_home(&le);
	assert_int_equal(le.cur, 0);
	lineedit_end(&le);
	assert_int_equal(le.cur, 19);
	lineedit_free(&le);
}

static void
test_mark_in_middle(void **state)
{
	struct lineedit	le;

	(void)state;
	assert_int_equal(lineedit_init(&le, "Hoa"), 0);
	lineedit_home(&le);
	lineedit_right(&le);
	lineedit_right(&le);
	assert_int_equal(le.cur, 2);
	assert_int_equal(lineedit_insert(&le, 0x0300), 0);
	assert_buf(&le, "Hòa");
	assert_int_equal(le.cur, 3);		/* right after "ò" */
	assert_int_equal(lineedit_insert(&le, 0x0323), 0);	/* ò + dot below */
	assert_buf(&le, "Họ\xcc\x80" "a");	/* no precomposed form: ọ + grave */
	assert_int_equal(le.cur, 6);
	lineedit_backspace(&le);
	assert_buf(&le, "Ha");
	assert_int_equal(le.cur, 1);

	/* Horn then grave in the middle of a word: "Ngươi" -> "Người". */
	assert_int_equal(lineedit_set(&le, "Nguoi"), 0);
	lineedit_left(&le);
	type(&le, L"\u031b\u0300");
	assert_buf(&le, "Nguời");
	assert_int_equal(le.cur, strlen("Nguờ"));
	lineedit_left(&le);
	type(&le, L"\u031b");
	assert_buf(&le, "Người");
	assert_int_equal(le.cur, strlen("Ngư"));
	lineedit_free(&le);
}

/* --- deleting ----------------------------------------------------------- */

static void
test_backspace_cluster(void **state)
{
	struct lineedit	le;

	(void)state;
	assert_int_equal(lineedit_init(&le, ""), 0);
	type(&le, L"Nguye\u0302\u0303");
	assert_int_equal(le.cur, 7);
	lineedit_backspace(&le);
	assert_buf(&le, "Nguy");
	assert_int_equal(le.cur, 4);

	assert_int_equal(lineedit_set(&le, "Nguye\xcc\x82\xcc\x83n"), 0);
	assert_buf(&le, "Nguyễn");			/* set normalizes */
	lineedit_left(&le);
	assert_int_equal(le.cur, 7);
	lineedit_backspace(&le);
	assert_buf(&le, "Nguyn");
	assert_int_equal(le.cur, 4);
	lineedit_backspace(&le);
	assert_buf(&le, "Ngun");
	assert_int_equal(le.cur, 3);

	assert_int_equal(lineedit_set(&le, "中文"), 0);
	lineedit_backspace(&le);
	assert_buf(&le, "中");
	lineedit_home(&le);
	lineedit_backspace(&le);		/* nothing before the cursor */
	assert_buf(&le, "中");
	assert_int_equal(le.cur, 0);
	lineedit_free(&le);
}

static void
test_delete_middle(void **state)
{
	struct lineedit	le;

	(void)state;
	assert_int_equal(lineedit_init(&le, "Nguyễn Thị Hoà"), 0);
	lineedit_home(&le);
	lineedit_right(&le);
	lineedit_right(&le);
	lineedit_right(&le);
	lineedit_right(&le);
	assert_int_equal(le.cur, 4);
	lineedit_delete(&le);
	assert_buf(&le, "Nguyn Thị Hoà");
	assert_int_equal(le.cur, 4);
	lineedit_delete(&le);
	assert_buf(&le, "Nguy Thị Hoà");

	assert_int_equal(lineedit_set(&le, "Hoà Bình"), 0);
	lineedit_home(&le);
	lineedit_right(&le);
	lineedit_right(&le);
	lineedit_delete(&le);
	assert_buf(&le, "Ho Bình");
	assert_int_equal(le.cur, 2);
	lineedit_end(&le);
	lineedit_delete(&le);			/* nothing after the cursor */
	assert_buf(&le, "Ho Bình");
	assert_int_equal(le.cur, le.len);
	lineedit_free(&le);
}

static void
test_kill(void **state)
{
	struct lineedit	le;

	(void)state;
	assert_int_equal(lineedit_init(&le, "Nguyễn Thị Hoà"), 0);
	lineedit_home(&le);
	lineedit_word_right(&le);
	lineedit_right(&le);
	assert_int_equal(le.cur, 9);
	lineedit_kill_to_end(&le);		/* Ctrl-K */
	assert_buf(&le, "Nguyễn ");
	assert_int_equal(le.cur, 9);
	lineedit_kill_to_start(&le);		/* Ctrl-U */
	assert_buf(&le, "");
	assert_int_equal(le.cur, 0);

	assert_int_equal(lineedit_set(&le, "Nguyễn Thị Hoà"), 0);
	le.cur = 9;
	lineedit_kill_to_start(&le);
	assert_buf(&le, "Thị Hoà");
	assert_int_equal(le.cur, 0);
	assert_int_equal(le.scroll, 0);
	lineedit_end(&le);
	lineedit_kill_to_end(&le);
	assert_buf(&le, "Thị Hoà");
	lineedit_free(&le);
}

/* --- moving ------------------------------------------------------------- */

static void
test_word_moves(void **state)
{
	/* Bytes: "  " 0-1, Nguyễn 2-9, "  " 10-11, Thị 12-16, " " 17,
	 * Hoà 18-21, " " 22; 23 in all. */
	static const size_t wl[] = { 18, 12, 2, 0, 0 };
	static const size_t wr[] = { 10, 17, 22, 23, 23 };
	struct lineedit	le;
	size_t		i;

	(void)state;
	assert_int_equal(lineedit_init(&le, "  Nguyễn  Thị Hoà "), 0);
	assert_int_equal(le.len, 23);
	for (i = 0; i < nitems(wl); i++) {
		lineedit_word_left(&le);
		assert_int_equal(le.cur, wl[i]);
	}
	for (i = 0; i < nitems(wr); i++) {
		lineedit_word_right(&le);
		assert_int_equal(le.cur, wr[i]);
	}

	/* From inside a word. */
	le.cur = 5;
	lineedit_word_left(&le);
	assert_int_equal(le.cur, 2);
	le.cur = 5;
	lineedit_word_right(&le);
	assert_int_equal(le.cur, 10);

	/* A no-break space separates words too; marks never split one. */
	assert_int_equal(lineedit_set(&le, "Hà\xc2\xa0Nội"), 0);
	le.changed = false;
	lineedit_word_left(&le);
	assert_int_equal(le.cur, 5);
	lineedit_word_left(&le);
	assert_int_equal(le.cur, 0);
	lineedit_word_right(&le);
	assert_int_equal(le.cur, 3);
	assert_false(le.changed);
	lineedit_free(&le);
}

/* --- limits and refusals ------------------------------------------------ */

/* A typed key is a code point, not a wchar_t (16 bits on Windows): one past
 * U+FFFF goes in whole; surrogates and what is past U+10FFFF do not. */
static void
test_insert_code_points(void **state)
{
	struct lineedit	le;

	(void)state;
	assert_int_equal(lineedit_init(&le, "A"), 0);
	assert_int_equal(lineedit_insert(&le, 0x20000), 0);	/* CJK extension B */
	assert_buf(&le, "A\xf0\xa0\x80\x80");
	assert_int_equal(lineedit_insert(&le, 0xd800), 1);
	assert_int_equal(lineedit_insert(&le, 0xdc00), 1);
	assert_int_equal(lineedit_insert(&le, 0x110000), 1);
	assert_int_equal(lineedit_insert(&le, -1), 1);
	assert_buf(&le, "A\xf0\xa0\x80\x80");
	lineedit_free(&le);
}

static void
test_max_chars(void **state)
{
	struct lineedit	le;

	(void)state;
	assert_int_equal(lineedit_init(&le, ""), 0);
	le.max_chars = 6;
	type(&le, L"Nguye\u0302\u0303n");	/* 6 graphemes, 8 code points */
	assert_buf(&le, "Nguyễn");
	le.changed = false;
	assert_int_equal(lineedit_insert(&le, L'x'), 1);
	assert_int_equal(lineedit_insert(&le, 0x1ec7), 1);	/* ệ */
	assert_int_equal(lineedit_insert_utf8(&le, "x"), 1);
	assert_int_equal(lineedit_insert_utf8(&le, "e\xcc\x82"), 1);
	assert_buf(&le, "Nguyễn");
	assert_int_equal(le.cur, le.len);
	assert_false(le.changed);

	/* A mark merges into the letter before it: no new grapheme. */
	lineedit_home(&le);
	lineedit_right(&le);
	lineedit_right(&le);
	lineedit_right(&le);
	assert_int_equal(lineedit_insert(&le, L'x'), 1);
	assert_int_equal(lineedit_insert(&le, 0x031b), 0);	/* u + horn */
	assert_buf(&le, "Ngưyễn");
	assert_int_equal(le.cur, 4);
	assert_int_equal(lineedit_insert_utf8(&le, "\xcc\x80"), 0);
	assert_buf(&le, "Ngừyễn");
	assert_true(le.changed);

	/* Freed room can be used again. */
	lineedit_backspace(&le);
	assert_int_equal(lineedit_insert(&le, L'u'), 0);
	assert_int_equal(lineedit_insert(&le, L'u'), 1);
	assert_buf(&le, "Nguyễn");
	lineedit_free(&le);
}

static void
test_control_refused(void **state)
{
	static const long bad[] = {
		0x00, 0x01, 0x08, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80,
		0x85, 0x9f, 0x2028, 0x2029, 0xd800, 0xdfff, 0x110000, -1
	};
	struct lineedit	le;
	size_t		i;

	(void)state;
	assert_int_equal(lineedit_init(&le, "Hoà"), 0);
	lineedit_left(&le);
	for (i = 0; i < nitems(bad); i++) {
		if (lineedit_insert(&le, (wchar_t)bad[i]) != 1)
			fail_msg("U+%04lX accepted", (unsigned long)bad[i]);
		assert_buf(&le, "Hoà");
		assert_int_equal(le.cur, 2);
		assert_false(le.changed);
	}
	assert_int_equal(lineedit_insert(&le, L' '), 0);
	assert_int_equal(lineedit_insert(&le, 0xa0), 0);
	assert_buf(&le, "Ho \xc2\xa0à");
	assert_true(le.changed);
	lineedit_free(&le);
}

static void
test_paste(void **state)
{
	static const char *bad[] = {
		"\xc3\x28",			/* bad continuation */
		"\xc0\xaf",			/* overlong */
		"\xed\xa0\x80",			/* surrogate */
		"\xf4\x90\x80\x80",		/* > U+10FFFF */
		"abc\xff",
		"Nguy\xe1\xbb",			/* truncated ễ */
		"Nguyễn\nThị",			/* single line */
		"Nguyễn\tThị",
		"\r",
		"a\xc2\x85" "b",		/* NEL */
		"a\xe2\x80\xa8" "b",		/* line separator */
	};
	struct lineedit	le;
	size_t		i;

	(void)state;
	assert_int_equal(lineedit_init(&le, "Ông  Văn"), 0);
	le.cur = strlen("Ông ");
	for (i = 0; i < nitems(bad); i++) {
		if (lineedit_insert_utf8(&le, bad[i]) != 1)
			fail_msg("paste %zu accepted", i);
		assert_buf(&le, "Ông  Văn");
		assert_int_equal(le.cur, strlen("Ông "));
		assert_false(le.changed);
	}
	assert_int_equal(lineedit_insert_utf8(&le, ""), 0);
	assert_false(le.changed);

	/* An NFD paste lands NFC, cursor right after it. */
	assert_int_equal(lineedit_insert_utf8(&le, "Nguye\xcc\x82\xcc\x83n"), 0);
	assert_buf(&le, "Ông Nguyễn Văn");
	assert_int_equal(le.cur, strlen("Ông Nguyễn"));
	assert_true(le.changed);

	/* A paste that starts with a mark joins the letter before it. */
	assert_int_equal(lineedit_set(&le, "Ho"), 0);
	assert_int_equal(lineedit_insert_utf8(&le, "\xcc\x80" "a Bi\xcc\x80nh"), 0);
	assert_buf(&le, "Hòa Bình");
	assert_int_equal(le.cur, le.len);
	lineedit_free(&le);
}

static void
test_set_and_init(void **state)
{
	struct lineedit	le;

	(void)state;
	assert_int_equal(lineedit_init(&le, VI40_NFD), 0);
	assert_buf(&le, VI40);
	assert_int_equal(le.cur, le.len);
	assert_false(le.changed);

	/* Invalid UTF-8 is refused whole. */
	assert_int_equal(lineedit_set(&le, "Hoa\xcc"), 1);
	assert_buf(&le, VI40);
	assert_false(le.changed);

	/* Stored text with a newline or tab shows as one line. */
	assert_int_equal(lineedit_set(&le, "Số 7\nHàng\tBạc"), 0);
	assert_buf(&le, "Số 7 Hàng Bạc");
	lineedit_free(&le);

	/* A field that never held text. */
	assert_int_equal(lineedit_init(&le, NULL), 0);
	assert_buf(&le, "");
	assert_int_equal(view(&le, 10), 0);
	lineedit_free(&le);
	lineedit_free(&le);			/* twice is harmless */
}

static void
test_changed_flag(void **state)
{
	struct lineedit	le;

	(void)state;
	assert_int_equal(lineedit_init(&le, "Hoà"), 0);
	assert_false(le.changed);
	lineedit_left(&le);
	lineedit_right(&le);
	lineedit_word_left(&le);
	lineedit_word_right(&le);
	lineedit_home(&le);
	lineedit_end(&le);
	(void)lineedit_view(&le, 2);
	assert_false(le.changed);

	lineedit_delete(&le);			/* at the end */
	lineedit_kill_to_end(&le);
	lineedit_home(&le);
	lineedit_backspace(&le);		/* at the start */
	lineedit_kill_to_start(&le);
	assert_int_equal(lineedit_insert(&le, 0x1b), 1);
	assert_int_equal(lineedit_set(&le, "Hoa\xcc\x80"), 0);	/* same text */
	assert_false(le.changed);

	assert_int_equal(lineedit_insert(&le, L'!'), 0);
	assert_true(le.changed);
	le.changed = false;
	lineedit_backspace(&le);
	assert_true(le.changed);
	le.changed = false;
	lineedit_home(&le);
	lineedit_delete(&le);
	assert_true(le.changed);
	le.changed = false;
	lineedit_kill_to_end(&le);
	assert_true(le.changed);
	le.changed = false;
	assert_int_equal(lineedit_set(&le, "Bình"), 0);
	assert_true(le.changed);
	le.changed = false;
	lineedit_kill_to_start(&le);
	assert_true(le.changed);
	le.changed = false;
	assert_int_equal(lineedit_insert_utf8(&le, "Hà"), 0);
	assert_true(le.changed);
	lineedit_free(&le);
}

/* --- view --------------------------------------------------------------- */

static void
test_view_vietnamese(void **state)
{
	struct lineedit	le;
	size_t		i;
	int		col;

	(void)state;
	assert_int_equal(lineedit_init(&le, ""), 0);
	assert_int_equal(lineedit_insert_utf8(&le, VI40_NFD), 0);
	assert_buf(&le, VI40);
	assert_int_equal(graphemes(le.buf, 0, le.len), 40);
	assert_int_equal(text_width(le.buf), 40);

	/* At the end the field is full: the cursor in the last column. */
	assert_int_equal(view(&le, 10), 9);
	assert_int_equal(le.scroll, nth(le.buf, 31));

	lineedit_home(&le);
	assert_int_equal(view(&le, 10), 0);
	assert_int_equal(le.scroll, 0);

	/* Right: no scrolling until the last column, then one cluster a step. */
	for (i = 1; i <= 40; i++) {
		lineedit_right(&le);
		col = view(&le, 10);
		assert_int_equal(col, i < 9 ? (int)i : 9);
		assert_int_equal(le.scroll, nth(le.buf, i < 9 ? 0 : i - 9));
	}
	/* Left: the cursor walks back to column 0, then the text follows. */
	for (i = 1; i <= 40; i++) {
		lineedit_left(&le);
		col = view(&le, 10);
		assert_int_equal(col, i < 9 ? 9 - (int)i : 0);
		assert_int_equal(le.scroll, nth(le.buf, i < 9 ? 31 : 40 - i));
	}

	/* Shrinking at the end keeps the field full as long as it can. */
	lineedit_end(&le);
	for (i = 39; i > 0; i--) {
		lineedit_backspace(&le);
		col = view(&le, 10);
		assert_int_equal(col, i < 9 ? (int)i : 9);
		assert_int_equal(width_of(le.buf, le.scroll, le.len),
		    i < 9 ? (int)i : 9);
	}
	lineedit_free(&le);
}

static void
test_view_shrink_middle(void **state)
{
	struct lineedit	le;
	size_t		i;

	(void)state;
	assert_int_equal(lineedit_init(&le, VI40), 0);
	lineedit_home(&le);
	for (i = 0; i < 30; i++)
		lineedit_right(&le);
	assert_int_equal(view(&le, 10), 9);
	for (i = 0; i < 9; i++)
		lineedit_left(&le);
	assert_int_equal(view(&le, 10), 0);
	assert_int_equal(le.scroll, nth(le.buf, 21));

	/* 4 graphemes left after the cursor: scroll back to fill the field
	 * but its last column, kept for the cursor at the end. */
	for (i = 0; i < 15; i++)
		lineedit_delete(&le);
	assert_int_equal(graphemes(le.buf, 0, le.len), 25);
	assert_int_equal(le.scroll, nth(le.buf, 21));	/* deleting kept it */
	assert_int_equal(view(&le, 10), 5);
	assert_int_equal(le.scroll, nth(le.buf, 16));
	assert_int_equal(width_of(le.buf, le.scroll, le.len), 9);

	/* Nothing after the cursor: as much as fits before it. */
	lineedit_kill_to_end(&le);
	assert_int_equal(view(&le, 10), 9);
	assert_int_equal(le.scroll, nth(le.buf, 12));

	/* Short text: everything shows. */
	assert_int_equal(lineedit_set(&le, "Hoà"), 0);
	le.scroll = 3;				/* stale, inside "à" */
	assert_int_equal(view(&le, 10), 3);
	assert_int_equal(le.scroll, 0);
	lineedit_free(&le);
}

static void
test_view_cjk(void **state)
{
	struct lineedit	le;
	size_t		i;

	(void)state;
	assert_int_equal(lineedit_init(&le, CJK20), 0);
	assert_int_equal(text_width(le.buf), 40);

	/* Two columns a character: the cursor can reach column 8, not 9. */
	assert_int_equal(view(&le, 10), 8);
	assert_int_equal(le.scroll, nth(le.buf, 16));
	lineedit_home(&le);
	assert_int_equal(view(&le, 10), 0);
	for (i = 1; i <= 20; i++) {
		lineedit_right(&le);
		assert_int_equal(view(&le, 10), i < 4 ? 2 * (int)i : 8);
		assert_int_equal(le.scroll, nth(le.buf, i < 4 ? 0 : i - 4));
	}

	/* Odd widths around wide characters. */
	assert_int_equal(lineedit_set(&le, "中文中文中文x"), 0);
	assert_int_equal(view(&le, 10), 9);
	assert_int_equal(le.scroll, nth(le.buf, 2));
	assert_int_equal(lineedit_set(&le, "x中文中文中文"), 0);
	assert_int_equal(view(&le, 10), 8);
	assert_int_equal(le.scroll, nth(le.buf, 3));
	lineedit_left(&le);
	assert_int_equal(view(&le, 10), 6);

	/* Fields narrower than a wide character. */
	assert_int_equal(view(&le, 1), 0);
	assert_int_equal(le.scroll, le.cur);
	assert_int_equal(view(&le, 2), 0);
	assert_int_equal(view(&le, 3), 0);	/* 中 before would need 4 */
	assert_int_equal(view(&le, 5), 2);
	assert_int_equal(le.scroll, nth(le.buf, 5));

	/* Vietnamese and CJK mixed, typed. */
	assert_int_equal(lineedit_set(&le, ""), 0);
	type(&le, L"Vie\u0302\u0323t \u4e2d\u6587");
	assert_buf(&le, "Việt 中文");
	assert_int_equal(view(&le, 10), 9);
	assert_int_equal(view(&le, 6), 5);
	assert_int_equal(le.scroll, nth(le.buf, 4));
	lineedit_free(&le);
}

/* Long input grows the buffer by doubling and stays NFC. */
static void
test_growth(void **state)
{
	struct lineedit	le;
	size_t		i;

	(void)state;
	assert_int_equal(lineedit_init(&le, ""), 0);
	for (i = 0; i < 2000; i++)
		type(&le, L"Nguye\u0302\u0303n ");
	assert_int_equal(le.len, 2000 * strlen("Nguyễn "));
	assert_int_equal(le.cur, le.len);
	assert_true(le.cap > le.len && le.cap <= 2 * (le.len + 1));
	assert_int_equal(memcmp(le.buf + le.len - 18, "Nguyễn Nguyễn ", 18), 0);
	assert_int_equal(view(&le, 80), 79);
	lineedit_kill_to_start(&le);
	assert_buf(&le, "");
	lineedit_free(&le);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nfc_nfd_identical),
		cmocka_unit_test(test_nfd_cursor_steps),
		cmocka_unit_test(test_mark_in_middle),
		cmocka_unit_test(test_backspace_cluster),
		cmocka_unit_test(test_delete_middle),
		cmocka_unit_test(test_kill),
		cmocka_unit_test(test_word_moves),
		cmocka_unit_test(test_max_chars),
		cmocka_unit_test(test_control_refused),
		cmocka_unit_test(test_paste),
		cmocka_unit_test(test_set_and_init),
		cmocka_unit_test(test_changed_flag),
		cmocka_unit_test(test_view_vietnamese),
		cmocka_unit_test(test_view_shrink_middle),
		cmocka_unit_test(test_view_cjk),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_insert_code_points),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}

/* Unit tests for the Vietnamese text core (src/text). NFC strings are written
 * as UTF-8 in this file; NFD strings as escapes so the marks are visible. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "socds/text.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* "Nguyễn Văn Đồng" decomposed: e + circumflex + tilde, a + breve,
 * Đ + o + circumflex + grave. */
#define NFD_NGUYEN_VAN_DONG \
	"Nguye\xcc\x82\xcc\x83n Va\xcc\x86n \xc4\x90o\xcc\x82\xcc\x80ng"

static int
cmp(const char *a, const char *b)
{
	return (text_compare(a, strlen(a), b, strlen(b)));
}

/* Each string sorts strictly before the next. */
static void
assert_chain(const char **v, size_t n)
{
	size_t	i;

	for (i = 0; i + 1 < n; i++) {
		if (cmp(v[i], v[i + 1]) >= 0)
			fail_msg("\"%s\" should sort before \"%s\"", v[i], v[i + 1]);
		if (cmp(v[i + 1], v[i]) <= 0)
			fail_msg("\"%s\" should sort after \"%s\"", v[i + 1], v[i]);
	}
}

/* --- utf8 --------------------------------------------------------------- */

static void
test_utf8_valid(void **state)
{
	size_t	bad = 99;

	(void)state;
	assert_true(text_utf8_valid("", 0, &bad));
	assert_true(text_utf8_valid("Nguyễn Văn Đồng", strlen("Nguyễn Văn Đồng"),
	    &bad));
	assert_true(text_utf8_valid("\xf0\x9f\x98\x80", 4, NULL));
	assert_true(text_utf8_valid("\xf4\x8f\xbf\xbf", 4, NULL));	/* U+10FFFF */
	assert_true(text_utf8_valid("\xed\x9f\xbf", 3, NULL));	/* U+D7FF */
	assert_int_equal(bad, 99);

	/* Overlong NUL. */
	assert_false(text_utf8_valid("\xc0\x80", 2, &bad));
	assert_int_equal(bad, 0);
	/* Overlong 3-byte '/'. */
	assert_false(text_utf8_valid("ab\xe0\x80\xaf", 5, &bad));
	assert_int_equal(bad, 2);
	/* Surrogate U+D800. */
	assert_false(text_utf8_valid("a\xed\xa0\x80", 4, &bad));
	assert_int_equal(bad, 1);
	/* Truncated at the end, and cut by an ASCII byte. */
	assert_false(text_utf8_valid("ab\xe1\xbb", 4, &bad));
	assert_int_equal(bad, 2);
	assert_false(text_utf8_valid("Nguy\xe1\xbbn", 7, &bad));
	assert_int_equal(bad, 4);
	/* F5 and above, and beyond U+10FFFF with F4. */
	assert_false(text_utf8_valid("\xf5\x80\x80\x80", 4, &bad));
	assert_int_equal(bad, 0);
	assert_false(text_utf8_valid("xyz\xff", 4, &bad));
	assert_int_equal(bad, 3);
	assert_false(text_utf8_valid("\xf4\x90\x80\x80", 4, &bad));
	assert_int_equal(bad, 0);
	/* Lone continuation byte. */
	assert_false(text_utf8_valid("\x80", 1, &bad));
	assert_int_equal(bad, 0);
	/* The length is obeyed: the bad byte lies beyond it. */
	assert_true(text_utf8_valid("ab\xff", 2, NULL));
}

/* --- norm --------------------------------------------------------------- */

static void
test_nfc(void **state)
{
	struct tbuf	b = { NULL, 0, 0 };

	(void)state;
	assert_int_equal(text_nfc("Nguye\xcc\x82\xcc\x83n", &b), 0);
	assert_string_equal(b.p, "Nguyễn");
	assert_int_equal(b.len, strlen("Nguyễn"));

	assert_int_equal(text_nfc(NFD_NGUYEN_VAN_DONG, &b), 0);
	assert_string_equal(b.p, "Nguyễn Văn Đồng");

	/* Old-style tone placement stays where it was typed. */
	assert_int_equal(text_nfc("Hoa\xcc\x80", &b), 0);
	assert_string_equal(b.p, "Hoà");

	/* Dot below and circumflex in either order give ệ. */
	assert_int_equal(text_nfc("Nghi\xcc\xa3" "e\xcc\xa3\xcc\x82p", &b), 0);
	assert_string_equal(b.p, "Nghịệp");
	assert_int_equal(text_nfc("e\xcc\x82\xcc\xa3", &b), 0);
	assert_string_equal(b.p, "ệ");

	assert_int_equal(text_nfc("Trần Thị Ân", &b), 0);
	assert_string_equal(b.p, "Trần Thị Ân");
	assert_int_equal(text_nfc("plain ascii", &b), 0);
	assert_string_equal(b.p, "plain ascii");
	assert_int_equal(text_nfc("", &b), 0);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);

	assert_int_equal(text_nfc("Nguy\xc0\x80n", &b), -1);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);
	tbuf_free(&b);
	assert_null(b.p);
}

static void
test_clean(void **state)
{
	struct tbuf	b = { NULL, 0, 0 };

	(void)state;
	assert_int_equal(text_clean("\xef\xbb\xbf \tNguye\xcc\x82\xcc\x83n\x01  "
	    "Va\xcc\x86n\r\nAn \t\n", &b), 0);
	assert_string_equal(b.p, "Nguyễn  Văn\nAn");

	assert_int_equal(text_clean("  Lê\x7f Văn\tAnh  ", &b), 0);
	assert_string_equal(b.p, "Lê Văn\tAnh");
	/* NBSP is white space too. */
	assert_int_equal(text_clean("\xc2\xa0" "Hà Nội\xc2\xa0", &b), 0);
	assert_string_equal(b.p, "Hà Nội");
	assert_int_equal(text_clean("  a  b  ", &b), 0);
	assert_string_equal(b.p, "a  b");
	assert_int_equal(text_clean(" \r\n\t ", &b), 0);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(text_clean("x\xed\xa0\x80", &b), -1);
	assert_string_equal(b.p, "");
	tbuf_free(&b);
}

static void
test_fold(void **state)
{
	struct tbuf	 b = { NULL, 0, 0 };
	char		*p;
	size_t		 cap;

	(void)state;
	assert_int_equal(text_fold("Nguyễn Văn Đồng", &b), 0);
	assert_string_equal(b.p, "nguyen van dong");
	assert_int_equal(b.len, strlen("nguyen van dong"));
	assert_int_equal(text_fold(NFD_NGUYEN_VAN_DONG, &b), 0);
	assert_string_equal(b.p, "nguyen van dong");

	assert_int_equal(text_fold("ĐẶNG", &b), 0);
	assert_string_equal(b.p, "dang");
	assert_int_equal(text_fold("đỗ", &b), 0);
	assert_string_equal(b.p, "do");
	assert_int_equal(text_fold("Trương Thị Lợi", &b), 0);
	assert_string_equal(b.p, "truong thi loi");
	assert_int_equal(text_fold("  Trần--Thị,  Ân! ", &b), 0);
	assert_string_equal(b.p, "tran thi an");
	assert_int_equal(text_fold("Phường 5 (cũ)", &b), 0);
	assert_string_equal(b.p, "phuong 5 cu");
	assert_int_equal(text_fold("Hello,   World!!", &b), 0);
	assert_string_equal(b.p, "hello world");
	assert_int_equal(text_fold("\xef\xbc\xa1\xef\xbc\xa2" "1+1", &b), 0);
	assert_string_equal(b.p, "ab1+1");	/* full-width AB */
	assert_int_equal(text_fold("\xc2\xa0\xe2\x80\x94 Huế \xe2\x80\x94", &b), 0);
	assert_string_equal(b.p, "hue");	/* NBSP, em dashes */
	assert_int_equal(text_fold("", &b), 0);
	assert_string_equal(b.p, "");
	assert_int_equal(text_fold(" ,.; ", &b), 0);
	assert_string_equal(b.p, "");

	/* A tbuf with room is reused as it is. */
	assert_int_equal(text_fold("Nguyễn Thị Minh Khai, Phường Đa Kao", &b), 0);
	p = b.p;
	cap = b.cap;
	assert_int_equal(text_fold("Ngô Quyền", &b), 0);
	assert_string_equal(b.p, "ngo quyen");
	assert_ptr_equal(b.p, p);
	assert_int_equal(b.cap, cap);

	assert_int_equal(text_fold("ab\xf5\x80\x80\x80", &b), -1);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);
	tbuf_free(&b);
}

/* --- width -------------------------------------------------------------- */

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("Nguyễn Văn Đồng"), 15);
	assert_int_equal(text_width(NFD_NGUYEN_VAN_DONG), 15);
	assert_int_equal(text_width("ĐẶNG"), 4);
	assert_int_equal(text_width("日本語"), 6);
	assert_int_equal(text_width("Hà 中"), 5);
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("a\xc0\x80"), -1);
}

static void
test_grapheme(void **state)
{
	/* e + circumflex + acute, then x. */
	const char	*nfd = "e\xcc\x82\xcc\x81x";
	const char	*tet = "T\xe1\xba\xbft";	/* Tết */
	const char	*flags = "\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3"
			    "\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3";	/* VN VN */
	const char	*mixed = "ab" "o\xcc\x9b\xcc\x80" "c";	/* ab ờ c */

	(void)state;
	assert_int_equal(text_grapheme_next(nfd, 6, 0), 5);
	assert_int_equal(text_grapheme_next(nfd, 6, 5), 6);
	assert_int_equal(text_grapheme_next(nfd, 6, 6), 6);
	assert_int_equal(text_grapheme_prev(nfd, 6, 6), 5);
	assert_int_equal(text_grapheme_prev(nfd, 6, 5), 0);
	assert_int_equal(text_grapheme_prev(nfd, 6, 0), 0);

	assert_int_equal(text_grapheme_next(tet, 6, 1), 4);
	assert_int_equal(text_grapheme_prev(tet, 6, 4), 1);

	assert_int_equal(text_grapheme_next(mixed, 8, 1), 2);
	assert_int_equal(text_grapheme_next(mixed, 8, 2), 7);
	assert_int_equal(text_grapheme_prev(mixed, 8, 8), 7);
	assert_int_equal(text_grapheme_prev(mixed, 8, 7), 2);
	assert_int_equal(text_grapheme_prev(mixed, 8, 2), 1);

	/* Regional indicators pair up: a flag is one step. */
	assert_int_equal(text_grapheme_next(flags, 16, 0), 8);
	assert_int_equal(text_grapheme_next(flags, 16, 8), 16);
	assert_int_equal(text_grapheme_prev(flags, 16, 16), 8);
	assert_int_equal(text_grapheme_prev(flags, 16, 8), 0);

	/* CR LF is one step; a bad byte is a step of its own. */
	assert_int_equal(text_grapheme_next("a\r\nb", 4, 1), 3);
	assert_int_equal(text_grapheme_prev("a\r\nb", 4, 3), 1);
	assert_int_equal(text_grapheme_next("a\xff" "b", 3, 1), 2);
}

/* --- collate ------------------------------------------------------------ */

static void
test_alphabet(void **state)
{
	const char	*letters[] = {
		"0", "9", "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g",
		"h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r",
		"s", "t", "u", "ư", "v", "w", "x", "y", "z", "ß"
	};
	const char	*words[] = {
		"An", "An Bình", "Anh", "Ăn", "Ân", "Dung", "Dũng", "Đông",
		"Đồng", "Lo", "Long", "Lô", "Lơ", "Tú", "Tuấn", "Tư"
	};

	(void)state;
	assert_chain(letters, nitems(letters));
	assert_chain(words, nitems(words));
	/* Upper case Đ and its NFD twin are still between d and e. */
	assert_true(cmp("Dz", "Đa") < 0);
	assert_true(cmp("\xc4\x90" "a", "E") < 0);
}

static void
test_tones(void **state)
{
	const char	*a[] = { "a", "à", "ả", "ã", "á", "ạ", "ă" };
	const char	*ma[] = { "ma", "mà", "mả", "mã", "má", "mạ", "mác" };
	/* Tone per syllable, in word order, after every letter. */
	const char	*two[] = { "ba ba", "ba bà", "bà ba", "bà bà", "ba bc" };

	(void)state;
	assert_chain(a, nitems(a));
	assert_chain(ma, nitems(ma));
	assert_chain(two, nitems(two));
}

/* Offset just past the level 3 end in a key of plain letters (no 0x00 inside
 * level 1, which only foreign characters bring). */
static size_t
level3_end(const struct tbuf *k)
{
	size_t	i, zeros = 0;

	for (i = 0; i < k->len; i++) {
		if (k->p[i] == '\0' && ++zeros == 3)
			return (i + 1);
	}
	fail_msg("key has no level 3");
	return (0);
}

static void
test_tone_placement(void **state)
{
	struct tbuf	ka = { NULL, 0, 0 }, kb = { NULL, 0, 0 };
	size_t		n;

	(void)state;
	/* Old "Hoà" and new "Hòa" agree on letters, tone and case. */
	assert_int_equal(text_sortkey("Hoà", &ka), 0);
	assert_int_equal(text_sortkey("Hòa", &kb), 0);
	n = level3_end(&ka);
	assert_int_equal(n, level3_end(&kb));
	assert_memory_equal(ka.p, kb.p, n);
	/* They differ only in the tie-break, consistently. */
	assert_true(cmp("Hoà", "Hòa") != 0);
	assert_int_equal(cmp("Hoà", "Hòa"), -cmp("Hòa", "Hoà"));
	assert_true(cmp("Hoa", "Hòa") < 0 && cmp("Hoa", "Hoà") < 0);
	assert_true(cmp("Hoà", "Hỏa") < 0 && cmp("Hòa", "Hoả") < 0);
	assert_true(cmp("Hòa", "Hoá") < 0 && cmp("Hoà", "Hóa") < 0);
	assert_true(cmp("Hoà Bình", "Hòa Bình") != 0);
	assert_true(cmp("Hòa Bình", "Hoà Bính") < 0);

	assert_int_equal(text_sortkey("Thuỷ", &ka), 0);
	assert_int_equal(text_sortkey("Thủy", &kb), 0);
	n = level3_end(&ka);
	assert_memory_equal(ka.p, kb.p, n);

	/* NFD and NFC give the very same key. */
	assert_int_equal(text_sortkey("Nguyễn Văn Đồng", &ka), 0);
	assert_int_equal(text_sortkey(NFD_NGUYEN_VAN_DONG, &kb), 0);
	assert_int_equal(ka.len, kb.len);
	assert_memory_equal(ka.p, kb.p, ka.len);
	assert_int_equal(text_compare("Nguyễn Văn Đồng",
	    strlen("Nguyễn Văn Đồng"), NFD_NGUYEN_VAN_DONG,
	    strlen(NFD_NGUYEN_VAN_DONG)), 0);
	tbuf_free(&ka);
	tbuf_free(&kb);
}

static void
test_case(void **state)
{
	const char	*v[] = { "đặng", "Đặng", "ĐẶNG", "đăng ký" };
	struct tbuf	 k = { NULL, 0, 0 };

	(void)state;
	assert_chain(v, nitems(v));
	/* Tone outranks case. */
	assert_true(cmp("ĐẰNG", "đặng") < 0);
	assert_true(cmp("dang", "ĐANG") < 0);
	assert_true(cmp("Dang", "đang") < 0);
	assert_int_equal(cmp("Đặng", "Đặng"), 0);

	assert_int_equal(text_sortkey("ĐẶNG", &k), 0);
	assert_true(k.len > 0);
	assert_int_equal(k.p[k.len], '\0');
	assert_int_equal(text_sortkey("Đ\xff", &k), -1);
	assert_int_equal(k.len, 0);
	assert_string_equal(k.p, "");
	tbuf_free(&k);
}

static void
test_compare_bytes(void **state)
{
	char	 *a, *b;
	size_t	 n = 3000, i;

	(void)state;
	/* Lengths are obeyed, not NULs. */
	assert_int_equal(text_compare("An Bình", 2, "An", 2), 0);
	assert_true(text_compare("Anh", 2, "An Bình", 7) < 0);
	/* Invalid UTF-8 sorts after valid text, by bytes among itself. */
	assert_true(text_compare("\xff", 1, "zzz", 3) > 0);
	assert_true(text_compare("zzz", 3, "\xff", 1) < 0);
	assert_true(text_compare("a\xff", 2, "b\xff", 2) < 0);
	assert_int_equal(text_compare("a\xff", 2, "a\xff", 2), 0);
	assert_true(text_name_compare("\xc0\x80", 2, "An", 2) > 0);

	/* Keys longer than the stack buffer. */
	a = malloc(n + 1);
	b = malloc(n + 1);
	assert_non_null(a);
	assert_non_null(b);
	for (i = 0; i < n; i++)
		a[i] = b[i] = (i % 7 == 6) ? ' ' : "abcdef"[i % 7];
	a[n - 1] = 'x';
	b[n - 1] = 'y';
	assert_true(text_compare(a, n, b, n) < 0);
	assert_true(text_compare(b, n, a, n) > 0);
	assert_int_equal(text_compare(a, n, a, n), 0);
	assert_true(text_name_compare(b, n, a, n) > 0);
	free(a);
	free(b);
}

static void
test_given_name(void **state)
{
	const char	*s;
	size_t		 n;

	(void)state;
	s = text_given_name("Nguyễn Văn An", &n);
	assert_int_equal(n, 2);
	assert_memory_equal(s, "An", 2);
	s = text_given_name("Trần Thị Ân \t", &n);
	assert_int_equal(n, strlen("Ân"));
	assert_memory_equal(s, "Ân", n);
	s = text_given_name("Lê Thị\xc2\xa0Hạ\xc2\xa0", &n);
	assert_int_equal(n, strlen("Hạ"));
	assert_memory_equal(s, "Hạ", n);
	s = text_given_name("Đào", &n);
	assert_int_equal(n, strlen("Đào"));
	assert_string_equal(s, "Đào");
	s = text_given_name("   ", &n);
	assert_int_equal(n, 0);
	s = text_given_name("", &n);
	assert_int_equal(n, 0);
	assert_string_equal(s, "");
}

static void
test_name_sortkey(void **state)
{
	struct tbuf	 k = { NULL, 0, 0 }, g = { NULL, 0, 0 }, r = { NULL, 0, 0 };

	(void)state;
	/* Given name key, 0x00, rest-of-name key. */
	assert_int_equal(text_name_sortkey("Nguyễn Văn An ", &k), 0);
	assert_int_equal(text_sortkey("An", &g), 0);
	assert_int_equal(text_sortkey("Nguyễn Văn", &r), 0);
	assert_int_equal(k.len, g.len + 1 + r.len);
	assert_memory_equal(k.p, g.p, g.len);
	assert_int_equal(k.p[g.len], '\0');
	assert_memory_equal(k.p + g.len + 1, r.p, r.len);

	assert_int_equal(text_name_sortkey("Nguy\xe1\xbb", &k), -1);
	assert_int_equal(k.len, 0);
	tbuf_free(&k);
	tbuf_free(&g);
	tbuf_free(&r);
}

static int
name_qsort(const void *a, const void *b)
{
	const char	*x = *(const char * const *)a;
	const char	*y = *(const char * const *)b;

	return (text_name_compare(x, strlen(x), y, strlen(y)));
}

struct keyed {
	const char	*name;
	struct tbuf	 key;
};

static int
key_qsort(const void *a, const void *b)
{
	const struct keyed	*x = a, *y = b;
	size_t			 n;
	int			 r;

	n = x->key.len < y->key.len ? x->key.len : y->key.len;
	r = memcmp(x->key.p, y->key.p, n);
	if (r != 0)
		return (r);
	return ((x->key.len > y->key.len) - (x->key.len < y->key.len));
}

/* Ngô Văn Đông typed decomposed. */
#define NFD_NGO_VAN_DONG "Ngo\xcc\x82 Va\xcc\x86n \xc4\x90o\xcc\x82ng"

static void
test_name_order(void **state)
{
	/* Worked out by hand: given name first (a < ă < â, d < đ, o < ô < ơ,
	 * u < ư, a shorter word before its extensions, tone only when the
	 * letters tie), then the rest of the name. */
	const char	*expect[] = {
		"Bùi Văn An",
		"Nguyễn Văn An",
		"Lê Văn Anh",
		"Phạm Thị Ánh",
		"Trần Thị Ân",
		"Đỗ Văn Bình",
		"Bùi Thị Chi",
		"Trương Văn Dung",
		"Hoàng Văn Dũng",
		"Vũ Thị Đào",
		NFD_NGO_VAN_DONG,
		"Đặng Thị Hà",
		"Lê Thị Hạ",
		"Phan Văn Hải",
		"Lý Thị Hằng",
		"Tô Thị Hân",
		"Lê Văn Long",
		"Huỳnh Văn Lộc",
		"Trịnh Văn Lợi",
		"Hồ Văn Tú",
		"Đinh Văn Tuấn",
		"Mai Thị Tư",
	};
	const char	*v[] = {
		"Mai Thị Tư",
		"Đặng Thị Hà",
		"Hoàng Văn Dũng",
		"Lê Văn Anh",
		"Trịnh Văn Lợi",
		NFD_NGO_VAN_DONG,
		"Nguyễn Văn An",
		"Tô Thị Hân",
		"Phạm Thị Ánh",
		"Hồ Văn Tú",
		"Lê Thị Hạ",
		"Vũ Thị Đào",
		"Bùi Thị Chi",
		"Đinh Văn Tuấn",
		"Trần Thị Ân",
		"Lê Văn Long",
		"Phan Văn Hải",
		"Trương Văn Dung",
		"Bùi Văn An",
		"Huỳnh Văn Lộc",
		"Đỗ Văn Bình",
		"Lý Thị Hằng",
	};
	struct keyed	k[nitems(v)];
	size_t		i;

	(void)state;
	assert_int_equal(nitems(v), nitems(expect));

	qsort(v, nitems(v), sizeof v[0], name_qsort);
	for (i = 0; i < nitems(v); i++)
		assert_string_equal(v[i], expect[i]);

	/* The stored keys (as a BLOB column would hold them) agree. */
	for (i = 0; i < nitems(v); i++) {
		k[i].name = v[nitems(v) - 1 - i];
		memset(&k[i].key, 0, sizeof k[i].key);
		assert_int_equal(text_name_sortkey(k[i].name, &k[i].key), 0);
	}
	qsort(k, nitems(k), sizeof k[0], key_qsort);
	for (i = 0; i < nitems(k); i++) {
		assert_string_equal(k[i].name, expect[i]);
		tbuf_free(&k[i].key);
	}
}

static size_t
put_utf8(char *p, int32_t cp)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)p);
}

static int32_t
latin_cp(int i)
{
	/* The code points text_nfc copies as they are (norm.c): Latin-1 from
	 * U+00A1, Extended-A and -B, Extended Additional. */
	if (i < 0x24f - 0xa1 + 1)
		return 0xa1 + i;
	return 0x1e00 + (i - (0x24f - 0xa1 + 1));
}
#define NLATIN ((0x24f - 0xa1 + 1) + (0x1eff - 0x1e00 + 1))

static void
check_nfc(const char *s)
{
	struct tbuf b = { 0 };
	utf8proc_uint8_t *want = utf8proc_NFC((const utf8proc_uint8_t *)s);

	assert_non_null(want);
	assert_int_equal(text_nfc(s, &b), 0);
	if (strcmp(b.p, (const char *)want) != 0)
		print_error("'%s': got '%s', NFC is '%s'\n", s, b.p, (const char *)want);
	assert_string_equal(b.p, (const char *)want);
	/* Nothing here is a space or junk: cleaning changes nothing more (a
	 * last byte 0xa0 of à is not a no-break space), but for look-alikes of
	 * Vietnamese letters, which test_lookalikes checks. */
	assert_int_equal(text_clean(s, &b), 0);
	if (text_lookalikes(s) == 0)
		assert_string_equal(b.p, (const char *)want);
	else
		assert_string_not_equal(b.p, (const char *)want);
	free(want);
	tbuf_free(&b);
}

/* The fast path for composed Latin text agrees with utf8proc's NFC for
 * every code point it takes, alone, in pairs, and before a mark (which
 * sends the text down the full path). */
static void
test_nfc_latin_fast_path(void **state)
{
	char s[32];
	struct tbuf b = { 0 };
	size_t n;

	(void)state;
	for (int i = 0; i < NLATIN; i++) {
		n = put_utf8(s, latin_cp(i));
		s[n] = '\0';
		check_nfc(s);
		memcpy(s + n, "\xcc\x81", 3);	/* + U+0301 */
		check_nfc(s);
		for (int j = 0; j < NLATIN; j += 13) {
			size_t m = n + put_utf8(s + n, latin_cp(j));
			s[m] = '\0';
			check_nfc(s);
		}
	}
	/* Cleaning trims around it, and the text stays whole. */
	assert_int_equal(text_clean(" \tNguy\xe1\xbb\x85n V\xc4\x83n \n", &b), 0);
	assert_string_equal(b.p, "Nguy\xe1\xbb\x85n V\xc4\x83n");
	/* Plain ASCII: trimmed when cleaning, kept whole by NFC. */
	assert_int_equal(text_clean("  2026-03-05 ", &b), 0);
	assert_string_equal(b.p, "2026-03-05");
	assert_int_equal(text_nfc("  a b ", &b), 0);
	assert_string_equal(b.p, "  a b ");
	/* text_is_clean says yes only where text_clean changes nothing. */
	{
		static const char *const t[] = { "", "abc", " abc", "abc\t", "a\tb", "a\nb",
			"Nguy\xe1\xbb\x85n", "H\xc3\xa0", "\xc2\xa0x", "x\x01", "e\xcc\x81",
			"\xef\xbb\xbfx", "x\x7f" };
		for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
			assert_int_equal(text_clean(t[i], &b), 0);
			if (text_is_clean(t[i], strlen(t[i])))
				assert_string_equal(b.p, t[i]);
		}
		assert_true(text_is_clean("Nguy\xe1\xbb\x85n V\xc4\x83n", 12));
		assert_false(text_is_clean(" x", 2));
	}
	/* A control or NBSP is not for the fast path: dropped or trimmed as before. */
	assert_int_equal(text_clean("\xc2\xa0\xe1\xbb\x85\x01n\xc2\x85", &b), 0);
	assert_string_equal(b.p, "\xe1\xbb\x85n");
	tbuf_free(&b);
}

/* Look-alikes of Vietnamese letters become their twins when cleaned, are
 * counted, and fold like them; text_nfc leaves them alone. */
static void
test_lookalikes(void **state)
{
	static const struct { const char *in, *clean; size_t n; } t[] = {
		{ "\xc3\x90\xe1\xbb\x93ng", "Đồng", 1 },		/* Ð U+00D0 */
		{ "\xc3\xb0\xe1\xbb\x93ng", "đồng", 1 },		/* ð U+00F0 */
		{ "\xc6\x89inh", "Đinh", 1 },				/* Ɖ U+0189 */
		{ "\xc9\x96inh", "đinh", 1 },				/* ɖ U+0256 */
		{ "Nguy\xe1\xbb\x85n V\xc7\x8en", "Nguyễn Văn", 1 },	/* ǎ U+01CE */
		{ "\xc7\x8dn", "Ăn", 1 },				/* Ǎ U+01CD */
		{ "Va\xcc\x8c\xcc\x81n", "Vắn", 1 },		/* a + caron + acute */
		{ "L\xc8\x87", "Lê", 1 },				/* ȇ U+0207 */
		{ "Hoa\xcb\x8b", "Hoà", 1 },				/* spacing ˋ U+02CB */
		{ "Hoa\xcb\x8a", "Hoá", 1 },				/* spacing ˊ U+02CA */
		{ "Hoa\xc2\xb4", "Hoá", 1 },				/* ´ U+00B4 */
		{ "Nguye\xcc\x82\xcb\x9cn", "Nguyễn", 1 },		/* â + ˜ U+02DC */
		{ "Hoa\xcd\x82", "Hoã", 1 },				/* U+0342 */
		{ "Ho\xcd\x80" "a", "Hòa", 0 },				/* U+0340: NFC's own */
		{ "\xc3\x90\xc3\xb0 \xc3\x90", "Đđ Đ", 3 },
		/* Not look-alikes: left as they are. */
		{ "x\xcb\x8b", "x\xcb\x8b", 0 },			/* ˋ not after a vowel */
		{ "\xc2\xb4" "a", "\xc2\xb4" "a", 0 },
		{ "o\xcc\x8c", "\xc7\x92", 0 },			/* ǒ: not Vietnamese */
		{ "Đồng Văn", "Đồng Văn", 0 },
	};
	struct tbuf b = { 0 }, f = { 0 }, g = { 0 };
	size_t n;

	(void)state;
	for (size_t i = 0; i < nitems(t); i++) {
		n = 99;
		assert_int_equal(text_clean_count(t[i].in, &b, &n), 0);
		if (strcmp(b.p, t[i].clean) != 0 || n != t[i].n)
			fail_msg("'%s': got '%s' (%zu), want '%s' (%zu)", t[i].in, b.p, n,
			    t[i].clean, t[i].n);
		assert_int_equal(text_lookalikes(t[i].in), t[i].n);
		assert_int_equal(text_clean(t[i].in, &b), 0);
		assert_string_equal(b.p, t[i].clean);
		/* The store's gate cleans it: never "already clean". */
		if (t[i].n > 0)
			assert_false(text_is_clean(t[i].in, strlen(t[i].in)));
		/* Folded like the twin. */
		assert_int_equal(text_fold(t[i].in, &f), 0);
		assert_int_equal(text_fold(t[i].clean, &g), 0);
		if (t[i].n > 0 && strcmp(f.p, g.p) != 0)
			fail_msg("fold '%s' = '%s', its twin '%s'", t[i].in, f.p, g.p);
	}
	/* "dong" finds a name typed with the eth. */
	assert_int_equal(text_fold("Nguy\xe1\xbb\x85n V\xc4\x83n \xc3\x90\xe1\xbb\x93ng", &f), 0);
	assert_string_equal(f.p, "nguyen van dong");
	/* text_nfc is NFC only. */
	assert_int_equal(text_nfc("\xc3\x90\xe1\xbb\x93ng", &b), 0);
	assert_string_equal(b.p, "\xc3\x90\xe1\xbb\x93ng");
	/* Sorted as its twin once cleaned: before E, not after Z. */
	assert_int_equal(text_clean("\xc3\x90\xe1\xbb\x93ng", &b), 0);
	assert_true(cmp(b.p, "Em") < 0 && cmp(b.p, "Dung") > 0);
	/* ASCII and composed Vietnamese keep the fast path (nothing to count). */
	assert_true(text_is_clean("Trần Thị Ân", strlen("Trần Thị Ân")));
	assert_int_equal(text_lookalikes("plain"), 0);
	tbuf_free(&b);
	tbuf_free(&f);
	tbuf_free(&g);
}

/* Decompositions of Latin letters are remembered after the first time: the
 * second answer for every one of them, folded and as a sort key, is the
 * first (which utf8proc gave). */
static void
test_decompose_remembered(void **state)
{
	char s[8];
	struct tbuf a = { 0 }, b = { 0 };

	(void)state;
	for (int i = 0; i < NLATIN; i++) {
		size_t n = put_utf8(s, latin_cp(i));
		s[n] = '\0';
		assert_int_equal(text_fold(s, &a), 0);
		assert_int_equal(text_fold(s, &b), 0);
		assert_string_equal(a.p, b.p);
		assert_int_equal(text_sortkey(s, &a), 0);
		assert_int_equal(text_sortkey(s, &b), 0);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.p, b.p, a.len);
	}
	assert_int_equal(text_fold("\xe1\xbb\x86", &a), 0);	/* Ệ */
	assert_string_equal(a.p, "e");
	tbuf_free(&a);
	tbuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_grapheme),
		cmocka_unit_test(test_alphabet),
		cmocka_unit_test(test_tones),
		cmocka_unit_test(test_tone_placement),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_compare_bytes),
		cmocka_unit_test(test_given_name),
		cmocka_unit_test(test_name_sortkey),
		cmocka_unit_test(test_name_order),
		cmocka_unit_test(test_nfc_latin_fast_path),
		cmocka_unit_test(test_decompose_remembered),
		cmocka_unit_test(test_lookalikes),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}

/* charmap: the tables generated from glibc's charmaps (socds/charmap.h, the
 * conversion socds uses where there is no iconv) against glibc's iconv
 * itself, for Windows-1258, VISCII and TCVN 5712: every byte alone and every
 * pair of bytes read; every code point written; the Vietnamese letters in
 * NFC and NFD both ways; the text of a demo database there and back. Bytes,
 * UTF-8, the place of a fault and its kind must all be the same — and what
 * glibc holds back (a letter waiting for its tone mark) too. */
#include <errno.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include "socds/charmap.h"
#include "socds/job-demo.h"
#include "socds/store.h"
#include "test-util.h"

#define N_ENC	3
static const struct charmap *const maps[N_ENC] = { &charmap_cp1258, &charmap_viscii,
	&charmap_tcvn };
static iconv_t to_utf8[N_ENC], from_utf8[N_ENC];

/* What one conversion gave. */
struct res {
	char out[8192];
	size_t held_len;	/* out before the final flush */
	size_t len;		/* out after it */
	size_t used;		/* input bytes taken */
	int err;		/* 0, EILSEQ, EINVAL, E2BIG */
};

static void
by_iconv(iconv_t cd, const char *in, size_t len, struct res *r)
{
	char *ip = (char *)in, *op = r->out;
	size_t il = len, ol = sizeof r->out;

	iconv(cd, NULL, NULL, NULL, NULL);
	r->err = iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ? errno : 0;
	r->used = len - il;
	r->held_len = sizeof r->out - ol;
	iconv(cd, NULL, NULL, &op, &ol);
	r->len = sizeof r->out - ol;
}

static void
by_table(const struct charmap *cm, bool encode, const char *in, size_t len, struct res *r)
{
	static const int errs[] = { [CHARMAP_OK] = 0, [CHARMAP_ILSEQ] = EILSEQ,
		[CHARMAP_TOOBIG] = E2BIG, [CHARMAP_INCOMPLETE] = EINVAL };
	struct charmap_decoder d;
	const char *ip = in;
	char *op = r->out;
	size_t il = len, ol = sizeof r->out;
	enum charmap_rc rc;

	charmap_decoder_init(&d, cm);
	rc = encode ? charmap_encode(cm, &ip, &il, &op, &ol) :
	    charmap_decode(&d, &ip, &il, &op, &ol);
	r->err = errs[rc];
	r->used = len - il;
	r->held_len = sizeof r->out - ol;
	if (!encode)
		charmap_decode(&d, NULL, NULL, &op, &ol);
	r->len = sizeof r->out - ol;
}

static void
hex(char *buf, size_t size, const char *s, size_t n)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n && 3 * i + 4 < size; i++)
		snprintf(buf + 3 * i, size - 3 * i, "%02X ", (unsigned char)s[i]);
}

/* Both ways agree on in; false (and a message) when they do not. */
static bool
agree(int k, bool encode, const char *in, size_t len)
{
	static struct res a, b;
	char h1[64], h2[64], h3[64];

	by_iconv(encode ? from_utf8[k] : to_utf8[k], in, len, &a);
	by_table(maps[k], encode, in, len, &b);
	if (a.err == b.err && a.used == b.used && a.held_len == b.held_len && a.len == b.len &&
	    memcmp(a.out, b.out, a.len) == 0)
		return true;
	hex(h1, sizeof h1, in, len);
	hex(h2, sizeof h2, a.out, a.len);
	hex(h3, sizeof h3, b.out, b.len);
	print_error("%s %s [%s]: iconv err %d used %zu held %zu [%s] | tables err %d used %zu"
	    " held %zu [%s]\n", maps[k]->name, encode ? "from UTF-8" : "to UTF-8", h1, a.err,
	    a.used, a.held_len, h2, b.err, b.used, b.held_len, h3);
	return false;
}

static int
setup(void **state)
{
	(void)state;
	for (int k = 0; k < N_ENC; k++) {
		to_utf8[k] = iconv_open("UTF-8", maps[k]->name);
		from_utf8[k] = iconv_open(maps[k]->name, "UTF-8");
		if (to_utf8[k] == (iconv_t)-1 || from_utf8[k] == (iconv_t)-1) {
			fprintf(stderr, "iconv has no %s\n", maps[k]->name);
			return -1;
		}
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	for (int k = 0; k < N_ENC; k++) {
		iconv_close(to_utf8[k]);
		iconv_close(from_utf8[k]);
	}
	return 0;
}

/* Every byte alone, every pair, and every letter followed by two marks. */
static void
test_bytes(void **state)
{
	(void)state;
	for (int k = 0; k < N_ENC; k++) {
		int bad = 0, marks[8], nm = 0;
		char s[3];

		for (int b = 0; b < 256; b++) {
			s[0] = (char)b;
			bad += !agree(k, false, s, 1);
			if (maps[k]->dec[b] != CHARMAP_NONE &&
			    utf8proc_get_property((utf8proc_int32_t)maps[k]->dec[b])->combining_class != 0 &&
			    nm < 8)
				marks[nm++] = b;
		}
		for (int b1 = 0; b1 < 256; b1++)
			for (int b2 = 0; b2 < 256; b2++) {
				s[0] = (char)b1;
				s[1] = (char)b2;
				bad += !agree(k, false, s, 2);
			}
		for (int b1 = 0; b1 < 256; b1++)
			for (int i = 0; i < nm; i++)
				for (int j = 0; j < nm; j++) {
					s[0] = (char)b1;
					s[1] = (char)marks[i];
					s[2] = (char)marks[j];
					bad += !agree(k, false, s, 3);
				}
		/* Windows-1258 and TCVN keep the five tone marks as bytes of their own. */
		assert_int_equal(nm, k == 1 ? 0 : 5);
		assert_int_equal(bad, 0);
	}
}

/* Every code point written alone: the same bytes, or the same refusal. */
static void
test_code_points(void **state)
{
	/* What glibc 2.36 writes: its charmap, the decomposed letters
	 * (Windows-1258), the 128 language tags it drops. */
	static const int want[N_ENC] = { 430 + 128, 256 + 128, 312 + 128 };

	(void)state;
	for (int k = 0; k < N_ENC; k++) {
		int bad = 0, written = 0;

		for (uint32_t cp = 0; cp <= 0x10ffff; cp++) {
			utf8proc_uint8_t s[4];
			utf8proc_ssize_t n;
			struct res r;

			if (cp >= 0xd800 && cp <= 0xdfff)
				continue;
			n = utf8proc_encode_char((utf8proc_int32_t)cp, s);
			bad += !agree(k, true, (const char *)s, (size_t)n);
			by_table(maps[k], true, (const char *)s, (size_t)n, &r);
			written += r.err == 0;
		}
		assert_int_equal(bad, 0);
		assert_int_equal(written, want[k]);
	}
}

/* Broken UTF-8: refused, or cut at the end, at the same byte. */
static void
test_bad_utf8(void **state)
{
	static const char *const cases[] = { "ab\xed\xa0\x80x", "ab\xe1\xba", "ab\xc0\x80",
		"ab\xf4\x90\x80\x80", "ab\xed\xa0", "ab\xe0\x80", "ab\xf0\x80", "ab\xe1\x41",
		"ab\xc1\xbf", "ab\xf5\x80\x80\x80", "ab\x80", "ab\xff", "\xc3" };

	(void)state;
	for (int k = 0; k < N_ENC; k++)
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
			assert_true(agree(k, true, cases[i], strlen(cases[i])));
}

/* The 134 letters of the alphabet beyond ASCII (the vowels with their five
 * tones, ă â ê ô ơ ư đ, both cases) and the plain vowels. */
static const char *const letters[] = {
	"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
	"oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ", "đ",
	"AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
	"OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ", "Đ",
};

/* s written both ways and, where it can be, read back both ways. */
static bool
there_and_back(int k, const char *s, size_t n, bool *written)
{
	static struct res r;

	if (!agree(k, true, s, n))
		return false;
	by_table(maps[k], true, s, n, &r);
	*written = r.err == 0;
	return !*written || agree(k, false, r.out, r.len);
}

static void
test_vietnamese(void **state)
{
	(void)state;
	for (int k = 0; k < N_ENC; k++) {
		int count = 0, nfc_ok = 0, bad = 0;
		struct res w, back;

		for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++) {
			const char *p = letters[i];
			while (*p != '\0') {
				utf8proc_int32_t cp;
				utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
				utf8proc_uint8_t *nfd;
				bool ok;

				count += cp >= 0x80;
				bad += !there_and_back(k, p, (size_t)n, &ok);
				/* Every letter is written, and read back as itself. */
				by_table(maps[k], true, p, (size_t)n, &w);
				by_table(maps[k], false, w.out, w.len, &back);
				if (ok && back.len == (size_t)n && memcmp(back.out, p, (size_t)n) == 0)
					nfc_ok++;
				else
					print_error("%s: '%.*s' not read back as itself\n", maps[k]->name,
					    (int)n, p);
				char one[8];
				memcpy(one, p, (size_t)n);
				one[n] = '\0';
				nfd = utf8proc_NFD((const utf8proc_uint8_t *)one);
				assert_non_null(nfd);
				bad += !there_and_back(k, (const char *)nfd, strlen((char *)nfd), &ok);
				free(nfd);
				p += n;
			}
		}
		assert_int_equal(count, 134);
		assert_int_equal(nfc_ok, 134 + 12);	/* and a e i o u y */
		assert_int_equal(bad, 0);
	}
}

/* Read a piece at a time, into room for a few bytes at a time (as the
 * reader's buffers cut a file): a letter held across the cut still takes
 * the mark after it, and the text is the text read whole. */
static size_t
in_pieces(int k, bool table, const char *in, size_t len, size_t cut, size_t room, char *out,
    size_t size)
{
	struct charmap_decoder d;
	iconv_t cd = to_utf8[k];
	size_t o = 0;
	const char *piece[2] = { in, in + cut };
	size_t plen[2] = { cut, len - cut };

	charmap_decoder_init(&d, maps[k]);
	iconv(cd, NULL, NULL, NULL, NULL);
	for (int p = 0; p <= 2; p++) {
		const char *ip = p < 2 ? piece[p] : NULL;
		size_t il = p < 2 ? plen[p] : 0;
		size_t give = room;
		for (;;) {
			char *op = out + o;
			size_t ol = give < size - o ? give : size - o;
			size_t before = ol;
			bool full;
			if (table) {
				enum charmap_rc rc = p < 2 ? charmap_decode(&d, &ip, &il, &op, &ol) :
				    charmap_decode(&d, NULL, NULL, &op, &ol);
				assert_true(rc == CHARMAP_OK || rc == CHARMAP_TOOBIG);
				full = rc == CHARMAP_TOOBIG;
			} else {
				char *iip = (char *)ip;
				size_t r = p < 2 ? iconv(cd, &iip, &il, &op, &ol) :
				    iconv(cd, NULL, NULL, &op, &ol);
				assert_true(r != (size_t)-1 || errno == E2BIG);
				full = r == (size_t)-1;
				ip = iip;
			}
			o += before - ol;
			if (!full)
				break;
			/* No room for the next character at all: a little more. */
			give = before == ol ? give + 1 : room;
			assert_true(o < size && give < 16);
		}
	}
	return o;
}

static void
test_streaming(void **state)
{
	/* Excel's Windows-1258: tone marks as bytes of their own. */
	static const char text[] = "Nguyễn Thị Hồng Nhung, Lê Hữu Phước; ṍ Ậ ǘ x";
	char legacy[256], whole[512], a[512], b[512];

	(void)state;
	for (int k = 0; k < N_ENC; k++) {
		const char *ip = text;
		char *op = legacy;
		size_t il = strlen(text), ol = sizeof legacy, len, wlen;

		/* What cannot be written in k is left out. */
		while (il > 0)
			if (charmap_encode(maps[k], &ip, &il, &op, &ol) == CHARMAP_ILSEQ) {
				int n = 1;
				while (((unsigned char)ip[n] & 0xc0) == 0x80)
					n++;
				ip += n;
				il -= (size_t)n;
			}
		len = (size_t)(op - legacy);
		wlen = in_pieces(k, true, legacy, len, len, sizeof whole, whole, sizeof whole);
		for (size_t cut = 0; cut <= len; cut++)
			for (size_t room = 1; room <= 7; room++) {
				size_t na = in_pieces(k, false, legacy, len, cut, room, a, sizeof a);
				size_t nb = in_pieces(k, true, legacy, len, cut, room, b, sizeof b);
				assert_int_equal(na, nb);
				assert_memory_equal(a, b, na);
				assert_int_equal(nb, wlen);
				assert_memory_equal(b, whole, wlen);
			}
	}
}

/* Every text value of a demo database (names of people, villages, teams,
 * units, tasks...) written and read back both ways. */
static void
test_demo(void **state)
{
	static const char *const queries[] = {
		"SELECT name, village_kind, note FROM village",
		"SELECT full_name, position, employment, platforms, note FROM staff",
		"SELECT title, topic, organizer, place, note FROM training",
		"SELECT name, note FROM team",
		"SELECT full_name, role, affiliation, note FROM member",
		"SELECT place, activity_kind, description FROM activity",
		"SELECT name FROM unit",
		"SELECT title, lead_agency, coordinating, expected_result, due_text FROM task",
	};
	char dir[PATH_MAX], db[PATH_MAX + 8];
	struct demo_opts o = { .unit = NULL, .scale = 1, .seed = 7, .datadir = tu_srcdir() };
	struct demo_counts dn;
	struct store *s;
	struct err e = { 0 };
	sqlite3 *sq;
	int values = 0, bad = 0, written[N_ENC] = { 0 };

	(void)state;
	tu_mkdtemp(dir);
	snprintf(db, sizeof db, "%s/d.db", dir);
	if (store_open(db, STORE_CREATE, &s, &e) != 0 || job_demo(s, &o, &dn, NULL, &e) != 0)
		fail_msg("demo: %s", e.msg);
	store_close(s);
	assert_int_equal(sqlite3_open_v2(db, &sq, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(sq, queries[q], -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const char *v = (const char *)sqlite3_column_text(st, c);
				size_t n = (size_t)sqlite3_column_bytes(st, c);
				if (v == NULL || n == 0 || n > 2000)
					continue;
				values++;
				for (int k = 0; k < N_ENC; k++) {
					bool ok;
					bad += !there_and_back(k, v, n, &ok);
					written[k] += ok;
				}
			}
		sqlite3_finalize(st);
	}
	sqlite3_close(sq);
	tu_rmdir(dir);
	print_message("# %d demo values; written: cp1258 %d, viscii %d, tcvn %d\n", values,
	    written[0], written[1], written[2]);
	assert_true(values > 10000);
	for (int k = 0; k < N_ENC; k++)
		assert_true(written[k] > values * 9 / 10);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_code_points),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_vietnamese),
		cmocka_unit_test(test_streaming),
		cmocka_unit_test(test_demo),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

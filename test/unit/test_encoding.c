/* encoding: Windows-1258, VISCII and TCVN 5712 read as UTF-8 and written
 * from it; detection; bytes and characters that do not fit. Real files in a
 * temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#ifndef _WIN32
#include <iconv.h>
#endif

#include "socds/charmap.h"
#include "socds/encoding.h"
#include "socds/i18n.h"
#include "socds/text.h"
#include "test-util.h"

/* Every vowel with every tone, both cases, and đ Đ. */
static const char sample[] =
    "a à ả ã á ạ ă ằ ẳ ẵ ắ ặ â ầ ẩ ẫ ấ ậ e è ẻ ẽ é ẹ ê ề ể ễ ế ệ "
    "i ì ỉ ĩ í ị o ò ỏ õ ó ọ ô ồ ổ ỗ ố ộ ơ ờ ở ỡ ớ ợ "
    "u ù ủ ũ ú ụ ư ừ ử ữ ứ ự y ỳ ỷ ỹ ý ỵ đ\n"
    "A À Ả Ã Á Ạ Ă Ằ Ẳ Ẵ Ắ Ặ Â Ầ Ẩ Ẫ Ấ Ậ E È Ẻ Ẽ É Ẹ Ê Ề Ể Ễ Ế Ệ "
    "I Ì Ỉ Ĩ Í Ị O Ò Ỏ Õ Ó Ọ Ô Ồ Ổ Ỗ Ố Ộ Ơ Ờ Ở Ỡ Ớ Ợ "
    "U Ù Ủ Ũ Ú Ụ Ư Ừ Ử Ữ Ứ Ự Y Ỳ Ỷ Ỹ Ý Ỵ Đ\n"
    "Nguyễn Thị Hồng Nhung, Trần Văn Đức; Lê Hữu Phước (1985): \"Tổ CNSCĐ\"\n";

struct fx {
	TU_FX_FIELDS;			/* dir (test-util.h) */
	char path[PATH_MAX + 32];
};

static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, false, NULL);

	snprintf(f->path, sizeof f->path, "%s/f.csv", f->dir);
	i18n_init("en", "/nonexistent");
	*state = f;
	return 0;
}

#define teardown tu_teardown

/* Everything a stream gives, NUL-terminated; the stream is closed. On a
 * read failure *failed is set and e holds the reason. */
static char *
read_all(FILE *fp, bool *failed, struct err *e)
{
	size_t cap = 1024, len = 0, n;
	char *buf = malloc(cap);

	assert_non_null(fp);
	assert_non_null(buf);
	while ((n = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	*failed = ferror(fp) != 0;
	if (*failed)
		assert_int_not_equal(encoding_read_error(fp, e), 0);
	else
		assert_int_equal(encoding_read_error(fp, e), 0);
	fclose(fp);
	buf[len] = '\0';
	return buf;
}

static char *
decode(const char *path, const char *enc, char *detected, struct err *e)
{
	bool failed;
	char *s = read_all(encoding_open_read(path, enc, detected, 16, e), &failed, e);

	assert_false(failed);
	return s;
}

static void
nfc_equal(const char *got, const char *want)
{
	struct tbuf a = { 0 }, b = { 0 };

	assert_int_equal(text_nfc(got, &a), 0);
	assert_int_equal(text_nfc(want, &b), 0);
	assert_string_equal(a.p, b.p);
	tbuf_free(&a);
	tbuf_free(&b);
}

static void
write_with(const char *path, const char *enc, const char *text)
{
	struct err e = { 0 };
	struct encoder *w = encoder_new(enc, &e);
	FILE *fp = fopen(path, "wb");

	assert_non_null(w);
	assert_non_null(fp);
	assert_int_equal(encoder_write(w, text, fp, &e), 0);
	assert_int_equal(fclose(fp), 0);
	encoder_free(w);
}

/* The sample written in each legacy encoding reads back as the same text. */
static void
test_round_trip(void **state)
{
	struct fx *f = *state;
	static const char *const encs[] = { "cp1258", "viscii", "tcvn", "utf-8" };
	char det[16];
	struct err e = { 0 };

	for (size_t i = 0; i < sizeof encs / sizeof encs[0]; i++) {
		write_with(f->path, encs[i], sample);
		char *got = decode(f->path, encs[i], det, &e);
		assert_string_equal(det, encs[i]);
		nfc_equal(got, sample);
		free(got);
	}
}

/* The legacy bytes are really legacy: no UTF-8 lead bytes of Vietnamese. */
static void
test_cp1258_bytes(void **state)
{
	struct fx *f = *state;
	FILE *fp;
	unsigned char buf[64];
	size_t n;

	write_with(f->path, "cp1258", "Đồng");
	fp = fopen(f->path, "rb");
	n = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	/* Đ ô + combining grave n g: Windows-1258 has no precomposed ồ. */
	assert_int_equal(n, 5);
	assert_memory_equal(buf, "\xD0\xF4\xCCng", 5);
}

/* As Excel on Vietnamese Windows writes it: base letters followed by the
 * tone bytes 0xCC (grave) 0xEC (acute) 0xD2 (hook) 0xDE (tilde) 0xF2 (dot). */
static const char excel_1258[] =
    "Ho\xF2 va\xCC t\xEAn,N\xE3m sinh\r\n"
    "Nguy\xEA\xDEn V\xE3n \xD0\xF4\xCCng,1985\r\n"
    "Tr\xE2\xCCn Thi\xECnh Huy\xCCnh Ph\xFD\xF5\xF2\x63,1990\r\n"
    "L\xEA Thi\xF2 Thu\xD2y \xD0" "a\xCCo,2001\r\n";
static const char excel_nfc[] =
    "Họ và tên,Năm sinh\r\n"
    "Nguyễn Văn Đồng,1985\r\n"
    "Trần Thính Huỳnh Phược,1990\r\n"
    "Lê Thị Thủy Đào,2001\r\n";

static void
test_excel_combining_tones(void **state)
{
	struct fx *f = *state;
	struct tbuf clean = { 0 };
	char det[16];
	struct err e = { 0 };
	char *got;

	tu_write(f->path, excel_1258, sizeof excel_1258 - 1);
	got = decode(f->path, "cp1258", det, &e);
	/* Each tone mark came out as U+0300-family (or composed). */
	assert_int_equal(text_clean(got, &clean), 0);
	assert_string_equal(clean.p, "Họ và tên,Năm sinh\nNguyễn Văn Đồng,1985\n"
	    "Trần Thính Huỳnh Phược,1990\nLê Thị Thủy Đào,2001");
	nfc_equal(got, excel_nfc);
	free(got);
	/* Detected without being told. */
	got = decode(f->path, "auto", det, &e);
	assert_string_equal(det, "cp1258");
	nfc_equal(got, excel_nfc);
	free(got);
	tbuf_free(&clean);
}

static void
test_detect_utf8(void **state)
{
	struct fx *f = *state;
	char det[16];
	struct err e = { 0 };
	char *got;

	tu_write(f->path, sample, sizeof sample - 1);
	got = decode(f->path, "auto", det, &e);
	assert_string_equal(det, "utf-8");
	assert_string_equal(got, sample);
	free(got);

	/* A byte-order mark means UTF-8 and is not part of the text. */
	FILE *fp = fopen(f->path, "wb");
	fputs("\xEF\xBB\xBF", fp);
	fputs(sample, fp);
	fclose(fp);
	got = decode(f->path, "auto", det, &e);
	assert_string_equal(det, "utf-8");
	assert_string_equal(got, sample);
	free(got);
	got = decode(f->path, "utf-8", det, &e);
	assert_string_equal(got, sample);
	free(got);

	/* Plain ASCII is UTF-8 too. */
	tu_write(f->path, "name,year\nAn,1990\n", 18);
	got = decode(f->path, "auto", det, &e);
	assert_string_equal(det, "utf-8");
	assert_string_equal(got, "name,year\nAn,1990\n");
	free(got);

	/* An empty file reads as nothing. */
	tu_write(f->path, "", 0);
	got = decode(f->path, "auto", det, &e);
	assert_string_equal(got, "");
	free(got);
}

/* Invalid UTF-8 in a file said to be UTF-8: the stream fails at that point
 * and names the file, the line and the offset. */
static void
test_invalid_utf8(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	bool failed;
	char *got;

	tu_write(f->path, "ho ten\nAn\nB\xC3(c\n", 15);
	got = read_all(encoding_open_read(f->path, "utf-8", NULL, 0, &e), &failed, &e);
	assert_true(failed);
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, f->path));
	assert_non_null(strstr(e.msg, ":3:"));
	assert_non_null(strstr(e.msg, "0xC3"));
	assert_non_null(strstr(e.msg, "offset 11"));
	assert_non_null(strstr(e.msg, "UTF-8"));
	/* The good text before the fault was handed over. */
	assert_string_equal(got, "ho ten\nAn\nB");
	free(got);

	/* A character cut off by the end of the file. */
	tu_write(f->path, "An\xE1\xBB", 4);
	got = read_all(encoding_open_read(f->path, "utf-8", NULL, 0, &e), &failed, &e);
	assert_true(failed);
	assert_non_null(strstr(e.msg, "offset 2"));
	free(got);

	/* Overlong and surrogate forms are not UTF-8. */
	tu_write(f->path, "a\xC0\xAF", 3);
	got = read_all(encoding_open_read(f->path, "utf-8", NULL, 0, &e), &failed, &e);
	assert_true(failed);
	free(got);
	tu_write(f->path, "a\xED\xA0\x80", 4);
	got = read_all(encoding_open_read(f->path, "utf-8", NULL, 0, &e), &failed, &e);
	assert_true(failed);
	free(got);
}

/* A byte Windows-1258 does not define. */
static void
test_invalid_cp1258(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	bool failed;
	char *got;

	tu_write(f->path, "a\nb\n\x81x", 6);
	got = read_all(encoding_open_read(f->path, "cp1258", NULL, 0, &e), &failed, &e);
	assert_true(failed);
	assert_non_null(strstr(e.msg, ":3:"));
	assert_non_null(strstr(e.msg, "0x81"));
	assert_non_null(strstr(e.msg, "offset 4"));
	assert_non_null(strstr(e.msg, "Windows-1258"));
	/* The text before the fault comes out whole, the last letter too. */
	assert_string_equal(got, "a\nb\n");
	free(got);
	tu_write(f->path, "Hoa\xCC\x81", 5);
	got = read_all(encoding_open_read(f->path, "cp1258", NULL, 0, &e), &failed, &e);
	assert_true(failed);
	nfc_equal(got, "Hoà");
	free(got);

	/* A NUL byte is no text, in any encoding. */
	tu_write(f->path, "ab\ncd\0e\n", 8);
	got = read_all(encoding_open_read(f->path, "cp1258", NULL, 0, &e), &failed, &e);
	assert_true(failed);
	assert_non_null(strstr(e.msg, ":2:"));
	assert_non_null(strstr(e.msg, "NUL"));
	assert_string_equal(got, "ab\ncd");
	free(got);
	got = read_all(encoding_open_read(f->path, "auto", NULL, 0, &e), &failed, &e);
	assert_true(failed);
	assert_non_null(strstr(e.msg, "offset 5"));
	free(got);
}

/* Text a commune writes: names, places, the words of its notes. */
static const char vn_text[] =
    "Họ và tên,Giới tính,Năm sinh,Chức vụ,Ghi chú\n"
    "Nguyễn Văn Đồng,Nam,1980,Công chức Văn phòng - Thống kê,Phụ trách chuyển đổi số\n"
    "Trần Thị Ánh Tuyết,Nữ,1992,Công chức Văn hóa - Xã hội,Điều phối tổ công nghệ số\n"
    "Lê Hoàng Phương,Nam,1975,Trưởng thôn An Hòa,Hướng dẫn dịch vụ công trực tuyến\n";

/* in (len bytes) converted to or from the legacy encoding code (glibc's
 * name) into out, NUL-terminated; its length. By glibc's iconv where there
 * is one, by the tables that stand for it on Windows (test charmap proves
 * the two the same). */
static size_t
legacy_convert(const char *code, bool to_utf8, const char *in, size_t len, char *out,
    size_t size)
{
	char *op = out;
	size_t il = len, ol = size - 1;
#ifndef _WIN32
	iconv_t cd = to_utf8 ? iconv_open("UTF-8", code) : iconv_open(code, "UTF-8");
	char *ip = (char *)in;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	assert_true(iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1);
	iconv_close(cd);
#else
	const struct charmap *cm = charmap_find(code);
	struct charmap_decoder d;
	const char *ip = in;

	assert_non_null(cm);
	charmap_decoder_init(&d, cm);
	assert_int_equal(to_utf8 ? charmap_decode(&d, &ip, &il, &op, &ol) :
	    charmap_encode(cm, &ip, &il, &op, &ol), CHARMAP_OK);
	assert_int_equal(charmap_decode(&d, NULL, NULL, &op, &ol), CHARMAP_OK);
#endif
	*op = '\0';
	return (size_t)(op - out);
}

/* text in a legacy encoding, as iconv(1) would make the file. */
static void
write_legacy(const char *path, const char *text, const char *code)
{
	char out[4096];

	tu_write(path, out, legacy_convert(code, false, text, strlen(text), out, sizeof out));
}

/* "auto": UTF-8 and Windows-1258 that reads as Vietnamese are taken;
 * VISCII and TCVN 5712, which read as Windows-1258 give signs and broken
 * syllables, are refused with the first line shown in each encoding. */
static void
test_guess(void **state)
{
	struct fx *f = *state;
	static const struct { const char *code, *as; } refused[] = {
		{ "VISCII", "as viscii: \"Họ và tên,Giới tính" },
		{ "TCVN5712-1", "as tcvn: \"Họ và tên,Giới tính" },
	};
	char det[16];
	struct err e = { 0 };
	char *got;

	write_legacy(f->path, vn_text, "CP1258");
	got = decode(f->path, "auto", det, &e);
	assert_string_equal(det, "cp1258");
	nfc_equal(got, vn_text);
	free(got);

	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		write_legacy(f->path, vn_text, refused[i].code);
		memset(&e, 0, sizeof e);
		det[0] = 'x';
		assert_null(encoding_open_read(f->path, "auto", det, sizeof det, &e));
		assert_int_equal(e.code, ERR_INVALID);
		assert_string_equal(det, "");
		if (strstr(e.msg, refused[i].as) == NULL || strstr(e.msg, "line 1") == NULL ||
		    strstr(e.msg, "as cp1258: \"") == NULL || strstr(e.msg, "--encoding") == NULL)
			fail_msg("%s: %s", refused[i].code, e.msg);
		/* Told, it reads right. */
		got = decode(f->path, refused[i].code[0] == 'V' ? "viscii" : "tcvn", det, &e);
		nfc_equal(got, vn_text);
		free(got);
	}

	/* Pure ASCII is UTF-8. */
	tu_write(f->path, "ho ten,nam sinh\nNguyen Van Dong,1980\n", 37);
	got = decode(f->path, "auto", det, &e);
	assert_string_equal(det, "utf-8");
	free(got);
}

/* A look-alike an older version stored (Ð U+00D0 for Đ) is written in the
 * legacy encodings as the Vietnamese letter, not refused; UTF-8 keeps it. */
static void
test_encoder_lookalikes(void **state)
{
	static const char *const encs[] = { "cp1258", "viscii", "tcvn" };
	const char *eth = "\xc3\x90\xe1\xbb\x93ng Tha\xcc\x8cnh";	/* Ðồng Thǎnh */
	struct tbuf out = { 0 }, back = { 0 };
	struct err e = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof encs / sizeof encs[0]; i++) {
		struct encoder *w = encoder_new(encs[i], &e);
		assert_non_null(w);
		out.len = 0;
		if (encoder_append(w, eth, &out, &e) != 0)
			fail_msg("%s: %s", encs[i], e.msg);
		encoder_free(w);
		/* Read back through iconv: the Vietnamese letters. */
		char buf[64];
		legacy_convert(strcmp(encs[i], "tcvn") == 0 ? "TCVN5712-1" :
		    strcmp(encs[i], "cp1258") == 0 ? "CP1258" : "VISCII", true, out.p, out.len,
		    buf, sizeof buf);
		assert_int_equal(text_nfc(buf, &back), 0);
		assert_string_equal(back.p, "Đồng Thănh");
	}
	struct encoder *u = encoder_new("utf-8", &e);
	out.len = 0;
	assert_int_equal(encoder_append(u, eth, &out, &e), 0);
	assert_memory_equal(out.p, "\xc3\x90", 2);
	encoder_free(u);
	tbuf_free(&out);
	tbuf_free(&back);
}

/* The score itself: Vietnamese syllables for, signs and impossible
 * syllables against. */
static void
test_score(void **state)
{
	struct encoding_score sc = { 0, 0 };

	(void)state;
	encoding_score(vn_text, &sc);
	assert_true(sc.good > 50);
	assert_int_equal(sc.bad, 0);
	assert_true(encoding_plausible(&sc));
	/* VISCII's "Giới tính, Chức vụ" read as Windows-1258. */
	memset(&sc, 0, sizeof sc);
	encoding_score("H\xc3\xb7 v\xc3\xa0 t\xc3\xaan,Gi\xc2\xbei t\xc3\xadnh,Ch\xc3\x91" "c v\xc3\xb8", &sc);
	assert_true(sc.bad > 0);
	assert_false(encoding_plausible(&sc));
	/* Tones twice in a word, or a final no syllable has. */
	memset(&sc, 0, sizeof sc);
	encoding_score("Hóà", &sc);
	encoding_score("Nguyễk", &sc);
	assert_int_equal(sc.good, 0);
	assert_true(sc.bad >= 3);
}

/* Big files stream through small buffers: letters and their tone bytes, and
 * UTF-8 sequences, fall across every buffer boundary. */
static void
test_streaming_large(void **state)
{
	struct fx *f = *state;
	static const char *const encs[] = { "cp1258", "tcvn", "utf-8" };
	const char *line = "Nguyễn Văn Đồng, Phược ỹ\n";
	size_t reps = 20011, want_len;
	struct tbuf want = { 0 };
	char det[16];
	struct err e = { 0 };

	assert_int_equal(text_nfc(line, &want), 0);
	want_len = want.len;
	for (size_t k = 0; k < sizeof encs / sizeof encs[0]; k++) {
		struct encoder *w = encoder_new(encs[k], &e);
		FILE *fp = fopen(f->path, "wb");
		assert_non_null(w);
		fputs("x", fp);	/* shifts every boundary by one byte */
		for (size_t i = 0; i < reps; i++)
			assert_int_equal(encoder_write(w, line, fp, &e), 0);
		fclose(fp);
		encoder_free(w);

		char *got = decode(f->path, strcmp(encs[k], "utf-8") == 0 ? "auto" : encs[k], det, &e);
		struct tbuf norm = { 0 };
		assert_int_equal(text_nfc(got, &norm), 0);
		assert_int_equal(norm.len, 1 + reps * want_len);
		for (size_t i = 0; i < reps; i++)
			assert_memory_equal(norm.p + 1 + i * want_len, want.p, want_len);
		tbuf_free(&norm);
		free(got);
	}
	tbuf_free(&want);
}

/* What an encoding cannot hold is named, and nothing is written. */
static void
test_not_representable(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	struct encoder *w = encoder_new("viscii", &e);
	FILE *fp = fopen(f->path, "wb");

	assert_non_null(w);
	assert_int_equal(encoder_write(w, "Tổ 漢", fp, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "U+6F22"));
	assert_non_null(strstr(e.msg, "漢"));
	assert_non_null(strstr(e.msg, "VISCII"));
	assert_int_equal(encoder_write(w, "giá 5€", fp, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "U+20AC"));
	assert_non_null(strstr(e.msg, "€"));
	assert_int_equal(ftell(fp), 0);
	/* The encoder is still usable after a refusal. */
	assert_int_equal(encoder_write(w, "Đồng", fp, &e), 0);
	fclose(fp);
	encoder_free(w);

	w = encoder_new("tcvn", &e);
	fp = fopen(f->path, "wb");
	assert_int_equal(encoder_write(w, "Рус", fp, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "U+0420"));
	assert_non_null(strstr(e.msg, "TCVN"));
	fclose(fp);
	encoder_free(w);

	/* Windows-1258 has the euro sign, not Chinese. */
	w = encoder_new("cp1258", &e);
	fp = fopen(f->path, "wb");
	assert_int_equal(encoder_write(w, "5€", fp, &e), 0);
	assert_int_equal(encoder_write(w, "漢", fp, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "U+6F22"));
	fclose(fp);
	encoder_free(w);
}

/* Input in NFD is written as the precomposed letters the encoding has. */
static void
test_encoder_normalises(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	char det[16];

	write_with(f->path, "viscii", "Nguye\xCC\x82\xCC\x83n");	/* e + U+0302 + U+0303 */
	char *got = decode(f->path, "viscii", det, &e);
	assert_string_equal(got, "Nguyễn");
	free(got);
	/* UTF-8 out is NFC too. */
	write_with(f->path, "utf-8", "Nguye\xCC\x82\xCC\x83n");
	got = decode(f->path, "utf-8", det, &e);
	assert_string_equal(got, "Nguyễn");
	free(got);
}

/* encoder_append passes NFC text through by its bytes and normalises the
 * rest: the edges of the byte test, and nothing appended on failure. */
static void
test_encoder_append(void **state)
{
	struct err e = { 0 };
	struct encoder *w = encoder_new("utf-8", &e);
	struct tbuf b = { 0 };
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Tổ CNSCĐ thôn Phù Cát, ấp Đông", "Tổ CNSCĐ thôn Phù Cát, ấp Đông" },
		{ "Nguye\xCC\x82\xCC\x83n", "Nguyễn" },	/* NFD */
		{ "a\xCC\x80", "\xC3\xA0" },		/* U+0300 after a */
		{ "\xCB\xBF\xE1\xBB\xBF", "\xCB\xBF\xE1\xBB\xBF" },	/* U+02FF U+1EFF */
		{ "giá 5€ – 2 giờ", "giá 5€ – 2 giờ" },	/* NFC outside the ranges */
		{ "\xE2\x84\xA6", "\xCE\xA9" },		/* OHM SIGN -> OMEGA */
		{ "\xE1\xBC\x80", "\xE1\xBC\x80" },	/* U+1F00, just past them */
	};

	(void)state;
	assert_non_null(w);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(tbuf_append(&b, "x,", 2), 0);
		assert_int_equal(encoder_append(w, cases[i].in, &b, &e), 0);
		assert_string_equal(b.p + 2, cases[i].out);
		b.len = 0;
	}
	/* Cut short inside a character: refused, nothing added. */
	static const char *const bad[] = { "ab\xC3", "\xE1\xBA", "\xC0\xAF", "\xE1\xB8" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(tbuf_append(&b, "x", 1), 0);
		assert_int_equal(encoder_append(w, bad[i], &b, &e), ERR_INVALID);
		assert_int_equal(b.len, 1);
		b.len = 0;
	}
	encoder_free(w);
	/* A legacy encoding takes printable ASCII as it is, but not a control
	 * byte VISCII gives to a letter. */
	w = encoder_new("viscii", &e);
	assert_non_null(w);
	assert_int_equal(encoder_append(w, "Thon 3, xa A", &b, &e), 0);
	assert_int_equal(encoder_append(w, "\x02", &b, &e), ERR_INVALID);
	assert_int_equal(b.len, strlen("Thon 3, xa A"));
	encoder_free(w);
	tbuf_free(&b);
}

static void
test_bad_names_and_files(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	char missing[PATH_MAX + 32];

	assert_null(encoding_open_read(f->path, "latin1", NULL, 0, &e));
	assert_int_equal(e.code, ERR_USAGE);
	assert_non_null(strstr(e.msg, "latin1"));
	assert_null(encoder_new("auto", &e));
	assert_int_equal(e.code, ERR_USAGE);
	assert_string_equal(encoding_canonical("Windows-1258"), "cp1258");
	assert_string_equal(encoding_canonical("TCVN3"), "tcvn");
	assert_string_equal(encoding_canonical("UTF8"), "utf-8");
	assert_string_equal(encoding_canonical("auto"), "auto");
	assert_null(encoding_canonical("koi8-r"));

	snprintf(missing, sizeof missing, "%s/none.csv", f->dir);
	assert_null(encoding_open_read(missing, "auto", NULL, 0, &e));
	assert_int_equal(e.code, ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, missing));

	/* UTF-16 (Excel's "Unicode Text") is refused with advice. */
	tu_write(f->path, "\xFF\xFEh\0o\0", 6);
	assert_null(encoding_open_read(f->path, "auto", NULL, 0, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "UTF-16"));

	/* A UTF-8 file said to be Windows-1258. */
	tu_write(f->path, "\xEF\xBB\xBFh", 4);
	assert_null(encoding_open_read(f->path, "cp1258", NULL, 0, &e));
	assert_non_null(strstr(e.msg, "UTF-8"));

}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cp1258_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_excel_combining_tones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detect_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_cp1258, setup, teardown),
		cmocka_unit_test_setup_teardown(test_streaming_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guess, setup, teardown),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_encoder_lookalikes),
		cmocka_unit_test_setup_teardown(test_not_representable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encoder_normalises, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encoder_append, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_names_and_files, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

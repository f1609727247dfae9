/* smoke: each cross-built dependency used once, under Wine (.ci/win/deps.sh).
 * Run from a folder holding locale/vi/LC_MESSAGES/smoke.mo ("Score" -> "Điểm"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>
#include <curses.h>
#include <jansson.h>
#include <libintl.h>
#include <nettle/eddsa.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <utf8proc.h>
#include <xlsxwriter.h>
#include <zip.h>

/* "Điểm" and "Tiếng Việt" as UTF-8 bytes and as wide text. */
#define DIEM "\xc4\x90i\xe1\xbb\x83m"
#define DIEM_W L"\u0110i\u1ec3m"

static int
exists_w(const wchar_t *name)
{
	FILE *f = _wfopen(name, L"rb");

	if (f == NULL)
		return 0;
	fclose(f);
	return 1;
}

static int
row_cb(void *arg, int n, char **v, char **names)
{
	(void)names;
	if (n == 1 && v[0] != NULL)
		snprintf(arg, 64, "%s", v[0]);
	return 0;
}

static void
test_sqlite(void **state)
{
	sqlite3 *db;
	char got[64] = "";

	(void)state;
	assert_int_equal(sqlite3_open_v2(":memory:", &db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	/* What socds' schema and queries rely on: FTS5 with trigrams, json_each. */
	assert_int_equal(sqlite3_exec(db,
	    "CREATE VIRTUAL TABLE t USING fts5(k, tokenize='trigram');"
	    "INSERT INTO t VALUES ('ti\xe1\xba\xbfng vi\xe1\xbb\x87t'), ('other');",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	    "SELECT count(*) FROM t WHERE k MATCH 'vi\xe1\xbb\x87' AND rowid IN"
	    " (SELECT value FROM json_each('[1,2]'))", row_cb, got, NULL), SQLITE_OK);
	assert_string_equal(got, "1");
	sqlite3_close(db);
}

static void
test_utf8proc(void **state)
{
	/* "Tiếng Việt" decomposed (e + circumflex + acute; e + dot below + circumflex). */
	const char *nfd = "Tie\xcc\x82\xcc\x81ng Vie\xcc\xa3\xcc\x82t";
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)nfd);

	(void)state;
	assert_non_null(nfc);
	assert_string_equal((char *)nfc, "Ti\xe1\xba\xbfng Vi\xe1\xbb\x87t");
	free(nfc);
}

static void
test_sha256(void **state)
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	static const uint8_t abc[SHA256_DIGEST_SIZE] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde,
		0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
		0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};

	(void)state;
	sha256_init(&c);
	sha256_update(&c, 3, (const uint8_t *)"abc");
	sha256_digest(&c, sizeof d, d);
	assert_memory_equal(d, abc, sizeof d);
}

static void
test_ed25519(void **state)
{
	uint8_t key[ED25519_KEY_SIZE], pub[ED25519_KEY_SIZE], sig[ED25519_SIGNATURE_SIZE];
	const uint8_t *msg = (const uint8_t *)"g\xc3\xb3i " DIEM;
	size_t n = strlen((const char *)msg);

	(void)state;
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (uint8_t)(i * 7 + 1);
	ed25519_sha512_public_key(pub, key);
	ed25519_sha512_sign(pub, key, n, msg, sig);
	assert_true(ed25519_sha512_verify(pub, n, msg, sig));
	sig[5] ^= 1;
	assert_false(ed25519_sha512_verify(pub, n, msg, sig));
}

static void
test_jansson(void **state)
{
	json_t *o = json_object();
	char *s;

	(void)state;
	assert_int_equal(json_object_set_new(o, "t\xc3\xaan", json_string(DIEM)), 0);
	s = json_dumps(o, JSON_COMPACT);
	assert_non_null(s);
	assert_string_equal(s, "{\"t\xc3\xaan\":\"" DIEM "\"}");
	free(s);
	json_decref(o);
}

static void
test_libzip(void **state)
{
	const char *path = DIEM " g\xc3\xb3i.zip", *member = "B\xc3\xa1o c\xc3\xa1o " DIEM ".txt";
	const char text[] = "Ti\xe1\xba\xbfng Vi\xe1\xbb\x87t";
	char buf[64] = "";
	int err = 0;
	zip_t *z;
	zip_source_t *src;
	zip_file_t *f;

	(void)state;
	_wremove(DIEM_W L" g\u00f3i.zip");
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	src = zip_source_buffer(z, text, sizeof text - 1, 0);
	assert_non_null(src);
	assert_true(zip_file_add(z, member, src, ZIP_FL_ENC_UTF_8) >= 0);
	assert_int_equal(zip_close(z), 0);
	/* The name on disk is the wide one, not code-page mojibake. */
	assert_true(exists_w(DIEM_W L" g\u00f3i.zip"));

	z = zip_open(path, ZIP_RDONLY, &err);
	assert_non_null(z);
	f = zip_fopen(z, member, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, buf, sizeof buf - 1), (zip_int64_t)(sizeof text - 1));
	assert_string_equal(buf, text);
	zip_fclose(f);
	zip_close(z);
}

static void
test_xlsxwriter(void **state)
{
	lxw_workbook_options opt = { .constant_memory = LXW_FALSE, .tmpdir = "." };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	int err = 0;
	zip_t *z;

	(void)state;
	_wremove(DIEM_W L".xlsx");
	wb = workbook_new_opt(DIEM ".xlsx", &opt);
	assert_non_null(wb);
	ws = workbook_add_worksheet(wb, DIEM);
	assert_non_null(ws);
	assert_int_equal(worksheet_write_string(ws, 0, 0, "Ti\xe1\xba\xbfng Vi\xe1\xbb\x87t", NULL),
	    LXW_NO_ERROR);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	assert_true(exists_w(DIEM_W L".xlsx"));
	z = zip_open(DIEM ".xlsx", ZIP_RDONLY, &err);
	assert_non_null(z);
	assert_true(zip_name_locate(z, "xl/workbook.xml", 0) >= 0);
	zip_close(z);
}

static void
test_libintl(void **state)
{
	(void)state;
	/* Messages chosen by LANGUAGE need a locale other than "C". */
	_putenv("LC_ALL=vi_VN");
	_putenv("LANGUAGE=vi");
	assert_non_null(bindtextdomain("smoke", "locale"));
	bind_textdomain_codeset("smoke", "UTF-8");
	textdomain("smoke");
	/* No iconv: the .mo's UTF-8 comes back unchanged. */
	assert_string_equal(gettext("Score"), DIEM);
	assert_string_equal(gettext("Other"), "Other");
}

static void
test_ncurses(void **state)
{
	(void)state;
	assert_memory_equal(curses_version(), "ncurses 6.4", 11);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sqlite),
		cmocka_unit_test(test_utf8proc),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_ed25519),
		cmocka_unit_test(test_jansson),
		cmocka_unit_test(test_libzip),
		cmocka_unit_test(test_xlsxwriter),
		cmocka_unit_test(test_libintl),
		cmocka_unit_test(test_ncurses),
	};

	return cmocka_run_group_tests_name("smoke", tests, NULL, NULL);
}

/* demo: row counts, referential integrity, NFC text, realistic names,
 * reproducibility — checked with independent SQL on the real file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include "socds/job-demo.h"
#include "socds/store.h"
#include "socds/job-units.h"
#include "test-util.h"

struct fx {
	TU_FX_FIELDS;			/* dir, db (test-util.h) */
	char db2[PATH_MAX + 16];
	struct demo_counts n;
};

static int
build(const char *path, const char *unit, uint64_t seed, struct demo_counts *n)
{
	struct store *s;
	struct err e = { 0 };
	struct demo_opts o = { .unit = unit, .scale = 1, .seed = seed, .datadir = tu_srcdir() };
	int rc;

	if (store_open(path, STORE_CREATE, &s, &e) != 0) {
		print_error("%s\n", e.msg);
		return -1;
	}
	rc = units_load(s, tu_srcdir(), &e);
	if (rc == 0)
		rc = demo_build(s, &o, n, &e);
	if (rc != 0)
		print_error("%s\n", e.msg);
	store_close(s);
	return rc;
}

static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, false, NULL);

	snprintf(f->db2, sizeof f->db2, "%s/d2.db", f->dir);
	if (build(f->db, NULL, 42, &f->n) != 0)
		return -1;
	*state = f;
	return 0;
}

#define teardown tu_teardown


static void
test_counts_match_sql(void **state)
{
	struct fx *f = *state;

	assert_true(f->n.communes >= 4);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM village WHERE deleted = 0"), f->n.villages);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM staff WHERE deleted = 0"), f->n.staff);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM training WHERE deleted = 0"), f->n.trainings);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM participant WHERE deleted = 0"), f->n.participants);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM team WHERE deleted = 0"), f->n.teams);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM member WHERE deleted = 0"), f->n.members);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity WHERE deleted = 0"), f->n.activities);
	/* A district of several communes, each with villages, staff and teams. */
	assert_true(f->n.villages >= 5 * f->n.communes);
	assert_true(f->n.activities >= 500);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(DISTINCT unit_code) FROM staff"), f->n.communes + 1);
	/* Tombstones and edited records exist, so that sync has work to show. */
	assert_true(tu_sql_int(f->db, "SELECT count(*) FROM member WHERE deleted = 1") > 0);
	assert_true(tu_sql_int(f->db, "SELECT count(*) FROM staff WHERE version > 1") > 0);
	/* Some villages have no team yet. */
	assert_true(tu_sql_int(f->db, "SELECT count(*) FROM village v WHERE NOT EXISTS"
	    " (SELECT 1 FROM team t WHERE t.village_id = v.id)") > 0);
}

static void
test_integrity_and_references(void **state)
{
	struct fx *f = *state;
	sqlite3 *h;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open_v2(f->db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA foreign_key_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	/* Every record belongs to the home district or one of its communes. */
	const char *home = "(SELECT unit_code FROM home)";
	char sql[512];
	const char *tables[] = { "village", "staff", "training", "participant", "team", "member", "activity" };
	for (size_t i = 0; i < 7; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE unit_code <> %s AND"
		    " unit_code NOT IN (SELECT code FROM unit WHERE parent_code = %s)", tables[i], home, home);
		assert_int_equal(tu_sql_int(f->db, sql), 0);
	}
	/* Members present at an activity belong to that activity's team. */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity_member am JOIN activity a ON a.id ="
	    " am.activity_id JOIN member m ON m.id = am.member_id WHERE m.team_id <> a.team_id"), 0);
	struct store *s;
	struct store_check c;
	struct err e = { 0 };
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(store_check(s, &c, &e), 0);
	assert_int_equal(c.integrity_errors + c.fk_errors + c.text_errors, 0);
	store_close(s);
}

static void
test_text_is_nfc_with_every_diacritic(void **state)
{
	struct fx *f = *state;
	sqlite3 *h;
	sqlite3_stmt *st;
	/* breve, circumflex, horn, grave, hook, tilde, acute, dot below */
	const utf8proc_int32_t marks[] = { 0x306, 0x302, 0x31B, 0x300, 0x309, 0x303, 0x301, 0x323 };
	int seen[8] = { 0 }, seen_dd = 0;
	int64_t names = 0;

	assert_int_equal(sqlite3_open_v2(f->db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT full_name FROM staff UNION ALL SELECT full_name"
	    " FROM member UNION ALL SELECT name FROM village UNION ALL SELECT title FROM training",
	    -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)t);
		assert_non_null(nfc);
		assert_string_equal((const char *)nfc, t);
		free(nfc);
		utf8proc_uint8_t *nfd = utf8proc_NFD((const utf8proc_uint8_t *)t);
		utf8proc_int32_t cp;
		for (utf8proc_ssize_t i = 0, n; nfd[i]; i += n) {
			n = utf8proc_iterate(nfd + i, -1, &cp);
			assert_true(n > 0);
			for (int m = 0; m < 8; m++)
				if (cp == marks[m])
					seen[m] = 1;
			if (cp == 0x111 || cp == 0x110)
				seen_dd = 1;
		}
		free(nfd);
		names++;
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	assert_true(names > 200);
	for (int m = 0; m < 8; m++)
		assert_true(seen[m]);
	assert_true(seen_dd);
}

static char *
names_of(const char *db)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	size_t len = 0, cap = 1 << 16;
	char *out = malloc(cap);

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT full_name || '|' || birth_year FROM staff"
	    " ORDER BY name_sort, 1", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t l = strlen(t);
		if (len + l + 2 > cap)
			out = realloc(out, cap *= 2);
		memcpy(out + len, t, l);
		len += l;
		out[len++] = '\n';
	}
	out[len] = '\0';
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

static void
test_same_seed_same_people(void **state)
{
	struct fx *f = *state;
	struct demo_counts n2;

	assert_int_equal(build(f->db2, NULL, 42, &n2), 0);
	assert_int_equal(n2.activities, f->n.activities);
	char *a = names_of(f->db), *b = names_of(f->db2);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void
test_commune_and_province_and_refusals(void **state)
{
	struct fx *f = *state;
	struct demo_counts n;
	char p[PATH_MAX + 16];

	snprintf(p, sizeof p, "%s/c.db", f->dir);
	assert_int_equal(build(p, "00004", 1, &n), 0);
	assert_int_equal(n.communes, 1);
	assert_int_equal(tu_sql_int(p, "SELECT count(DISTINCT unit_code) FROM activity"), 1);
	snprintf(p, sizeof p, "%s/p.db", f->dir);
	assert_int_equal(build(p, "01", 1, &n), 0);
	assert_true(n.communes > 1);
	/* 00001 (Phường Phúc Xá) was merged in 2025: refuse, naming the successor. */
	snprintf(p, sizeof p, "%s/x.db", f->dir);
	assert_int_not_equal(build(p, "00001", 1, &n), 0);
	snprintf(p, sizeof p, "%s/y.db", f->dir);
	assert_int_not_equal(build(p, "99999", 1, &n), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_match_sql),
		cmocka_unit_test(test_integrity_and_references),
		cmocka_unit_test(test_text_is_nfc_with_every_diacritic),
		cmocka_unit_test(test_same_seed_same_people),
		cmocka_unit_test(test_commune_and_province_and_refusals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

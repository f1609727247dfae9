/* Packages and merge: communes' demo databases go up to their district; the
 * same package twice changes nothing; edits and deletions travel; a record
 * changed on both sides is a conflict; damaged or foreign packages are refused
 * with nothing changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/demo.h"
#include "socds/form.h"
#include "socds/merge.h"
#include "socds/package.h"
#include "socds/store.h"
#include "socds/units.h"
#include "test-util.h"

#define NCOMMUNES 3
static const char *const communes[NCOMMUNES] = { "21853", "21859", "21868" };
static const char *const tables[] = { "village", "staff", "training", "participant", "team",
	"member", "activity" };
#define NTABLES (sizeof tables / sizeof tables[0])

struct fx {
	char dir[PATH_MAX];
	char commune_db[NCOMMUNES][PATH_MAX + 32];
	char pkg[NCOMMUNES][PATH_MAX + 32];
	char district_db[PATH_MAX + 32];
	struct forms fs;
};

static const struct forms *g_fs;	/* the forms merges check rows with */

static struct store *
open_db(const char *path)
{
	struct store *s;
	struct err e = { 0 };
	if (store_open(path, 0, &s, &e) != 0) {
		print_error("%s\n", e.msg);
		fail();
	}
	return s;
}

static void
export_pkg(struct fx *f, const char *db, const char *out)
{
	struct store *s = open_db(db);
	struct export_opts o = { 0 };
	struct err e = { 0 };
	unlink(out);
	if (package_export(s, &f->fs, &o, out, false, NULL, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
	store_close(s);
}

static int
merge_one(const char *db, const char *pkg, struct merge_report *r, struct err *e)
{
	struct store *s = open_db(db);
	int rc = merge_package(s, g_fs, pkg, NULL, NULL, r, e);
	store_close(s);
	return rc;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = { 0 };

	tu_mkdtemp(f->dir);
	if (forms_load(tu_srcdir(), &f->fs, &e) != 0) {
		print_error("%s\n", e.msg);
		return -1;
	}
	g_fs = &f->fs;
	for (int i = 0; i < NCOMMUNES; i++) {
		struct store *s;
		struct demo_counts n;
		struct demo_opts o = { .unit = communes[i], .scale = 1, .seed = (uint64_t)i + 7,
			.datadir = tu_srcdir() };
		snprintf(f->commune_db[i], sizeof f->commune_db[i], "%s/c%d.db", f->dir, i);
		snprintf(f->pkg[i], sizeof f->pkg[i], "%s/c%d.zip", f->dir, i);
		if (store_open(f->commune_db[i], STORE_CREATE, &s, &e) != 0 ||
		    units_load(s, tu_srcdir(), &e) != 0 || demo_build(s, &o, &n, &e) != 0) {
			print_error("%s\n", e.msg);
			return -1;
		}
		store_close(s);
	}
	/* The district office: Huyện Phù Cát, with its communes below it. */
	struct store *s;
	snprintf(f->district_db, sizeof f->district_db, "%s/d.db", f->dir);
	if (store_open(f->district_db, STORE_CREATE, &s, &e) != 0 ||
	    units_load(s, tu_srcdir(), &e) != 0 || store_home_set(s, "548", &e) != 0 ||
	    units_attach_district(s, "548", &e) != 0) {
		print_error("%s\n", e.msg);
		return -1;
	}
	store_close(s);
	for (int i = 0; i < NCOMMUNES; i++)
		export_pkg(f, f->commune_db[i], f->pkg[i]);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	forms_free(&f->fs);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t
live(const char *db, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE deleted = 0", table);
	return tu_sql_int(db, sql);
}

/* A fingerprint of every synchronised table, to show "nothing changed". */
static int64_t
fingerprint(const char *db)
{
	int64_t sum = 0;
	char sql[256];
	for (size_t t = 0; t < NTABLES; t++) {
		snprintf(sql, sizeof sql, "SELECT count(*) * 1000003 + total(version) * 7 + total(deleted)"
		    " FROM %s", tables[t]);
		sum = sum * 31 + tu_sql_int(db, sql);
	}
	return sum + tu_sql_int(db, "SELECT count(*) FROM activity_help") +
	    tu_sql_int(db, "SELECT total(count) FROM activity_help");
}

static void
test_district_equals_sum_of_communes(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };

	for (int i = 0; i < NCOMMUNES; i++) {
		assert_int_equal(merge_one(f->district_db, f->pkg[i], &r, &e), 0);
		assert_int_equal(r.n[MERGE_CONFLICT], 0);
		assert_int_equal(r.n[MERGE_REJECTED], 0);
		assert_true(r.n[MERGE_INSERTED] > 100);
	}
	for (size_t t = 0; t < NTABLES; t++) {
		int64_t sum = 0;
		for (int i = 0; i < NCOMMUNES; i++)
			sum += live(f->commune_db[i], tables[t]);
		if (live(f->district_db, tables[t]) != sum)
			print_error("%s: district %lld, communes %lld\n", tables[t],
			    (long long)live(f->district_db, tables[t]), (long long)sum);
		assert_int_equal(live(f->district_db, tables[t]), sum);
	}
	int64_t helped = 0;
	for (int i = 0; i < NCOMMUNES; i++)
		helped += tu_sql_int(f->commune_db[i], "SELECT total(h.count) FROM activity_help h JOIN"
		    " activity a ON a.id = h.activity_id WHERE a.deleted = 0");
	assert_int_equal(tu_sql_int(f->district_db, "SELECT total(h.count) FROM activity_help h"
	    " JOIN activity a ON a.id = h.activity_id WHERE a.deleted = 0"), helped);
	/* Tombstones came up too. */
	assert_int_equal(tu_sql_int(f->district_db, "SELECT count(*) FROM member WHERE deleted = 1"),
	    tu_sql_int(f->commune_db[0], "SELECT count(*) FROM member WHERE deleted = 1") +
	    tu_sql_int(f->commune_db[1], "SELECT count(*) FROM member WHERE deleted = 1") +
	    tu_sql_int(f->commune_db[2], "SELECT count(*) FROM member WHERE deleted = 1"));
	assert_int_equal(tu_sql_int(f->district_db, "SELECT count(*) FROM merge_log WHERE status = 'merged'"),
	    NCOMMUNES);
}

static void
test_same_package_twice_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	int64_t before = fingerprint(f->district_db);

	assert_int_equal(merge_one(f->district_db, f->pkg[0], &r, &e), 0);
	assert_int_equal(r.n[MERGE_INSERTED] + r.n[MERGE_UPDATED] + r.n[MERGE_DELETED], 0);
	assert_true(r.n[MERGE_UNCHANGED] > 100);
	assert_int_equal(fingerprint(f->district_db), before);
}

static void
test_flipped_byte_refused(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	char bad[PATH_MAX + 32];
	size_t len;
	int64_t before = fingerprint(f->district_db), logs;

	snprintf(bad, sizeof bad, "%s/bad.zip", f->dir);
	FILE *in = fopen(f->pkg[1], "rb");
	assert_non_null(in);
	fseek(in, 0, SEEK_END);
	len = (size_t)ftell(in);
	rewind(in);
	char *buf = malloc(len);
	assert_int_equal(fread(buf, 1, len, in), len);
	fclose(in);
	/* Any byte, headers included: flip one at 61 places over the file. */
	for (size_t at = 0; at < len; at += len / 61 + 1) {
		buf[at] ^= 0x20;
		tu_write(bad, buf, len);
		buf[at] ^= 0x20;
		logs = tu_sql_int(f->district_db, "SELECT count(*) FROM merge_log");
		err_clear(&e);
		assert_int_not_equal(merge_one(f->district_db, bad, &r, &e), 0);
		assert_true(strlen(e.msg) > 0);
		assert_non_null(strstr(e.msg, "bad.zip"));
		assert_int_equal(fingerprint(f->district_db), before);
		assert_int_equal(tu_sql_int(f->district_db, "SELECT count(*) FROM merge_log"), logs);
	}
	/* A truncated file too. */
	tu_write(bad, buf, len / 2);
	assert_int_not_equal(merge_one(f->district_db, bad, &r, &e), 0);
	assert_int_equal(fingerprint(f->district_db), before);
	free(buf);
}

/* Changes a staff member's birth year through the store, as a form would. */
static void
edit_staff(const char *db, const char *id, const char *year)
{
	struct store *s = open_db(db);
	struct record r;
	struct err e = { 0 };
	record_init(&r, record_kind("staff"));
	assert_int_equal(store_record_get(s, &r, id, &e), 0);
	record_set_by_name(&r, "birth_year", year);
	assert_int_equal(store_record_update(s, &r, &e), 0);
	record_free(&r);
	store_close(s);
}

static void
first_staff(const char *db, int nth, char id[UUID_STR_LEN], int64_t *version)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT id, version FROM staff WHERE deleted = 0"
	    " ORDER BY id LIMIT 1 OFFSET ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 1, nth);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(id, UUID_STR_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
	*version = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void
test_edit_and_delete_travel(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	char a[UUID_STR_LEN], b[UUID_STR_LEN], sql[256];
	int64_t va, vb;

	first_staff(f->commune_db[2], 0, a, &va);
	first_staff(f->commune_db[2], 1, b, &vb);
	edit_staff(f->commune_db[2], a, "1977");
	struct store *s = open_db(f->commune_db[2]);
	assert_int_equal(store_record_delete(s, record_kind("staff"), b, vb, &e), 0);
	store_close(s);
	export_pkg(f, f->commune_db[2], f->pkg[2]);
	assert_int_equal(merge_one(f->district_db, f->pkg[2], &r, &e), 0);
	assert_int_equal(r.n[MERGE_UPDATED], 1);
	assert_int_equal(r.n[MERGE_DELETED], 1);
	assert_int_equal(r.n[MERGE_CONFLICT], 0);
	snprintf(sql, sizeof sql, "SELECT birth_year FROM staff WHERE id = '%s'", a);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1977);
	snprintf(sql, sizeof sql, "SELECT deleted FROM staff WHERE id = '%s'", b);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1);
}

static void
test_changed_on_both_sides_is_a_conflict(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	char id[UUID_STR_LEN], sql[256];
	int64_t v;

	first_staff(f->commune_db[1], 3, id, &v);
	edit_staff(f->district_db, id, "1981");		/* the office corrects it */
	edit_staff(f->commune_db[1], id, "1990");	/* the commune too */
	export_pkg(f, f->commune_db[1], f->pkg[1]);
	assert_int_equal(merge_one(f->district_db, f->pkg[1], &r, &e), 0);
	assert_int_equal(r.n[MERGE_CONFLICT], 1);
	assert_int_equal(r.nissues, 1);
	assert_true(r.issues[0].conflict);
	assert_string_equal(r.issues[0].id, id);
	/* Never silently overwritten: the office's value stays. */
	snprintf(sql, sizeof sql, "SELECT birth_year FROM staff WHERE id = '%s'", id);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1981);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM merge_issue WHERE record_id = '%s' AND"
	    " issue = 'conflict'", id);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1);
}

static void
test_unit_outside_refused(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	char db[PATH_MAX + 32], pkg[PATH_MAX + 32];
	struct store *s;
	struct demo_counts n;
	struct demo_opts o = { .unit = "00004", .scale = 1, .seed = 3, .datadir = tu_srcdir() };
	int64_t before = fingerprint(f->district_db);

	snprintf(db, sizeof db, "%s/hanoi.db", f->dir);
	snprintf(pkg, sizeof pkg, "%s/hanoi.zip", f->dir);
	assert_int_equal(store_open(db, STORE_CREATE, &s, &e), 0);
	assert_int_equal(units_load(s, tu_srcdir(), &e), 0);
	assert_int_equal(demo_build(s, &o, &n, &e), 0);
	store_close(s);
	export_pkg(f, db, pkg);
	assert_int_not_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	assert_true(r.refused);
	assert_non_null(strstr(e.msg, "00004"));
	assert_int_equal(fingerprint(f->district_db), before);
	assert_int_equal(tu_sql_int(f->district_db, "SELECT count(*) FROM merge_log WHERE status = 'refused'"), 1);
}

static void
exec_sql(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

/* Rows the database refuses are left out, and only they, though rows are
 * applied many under one savepoint: an activity whose member is not there
 * is refused after its own row was written, and nothing of it may stay. */
static void
test_refused_rows_leave_nothing_and_the_rest_goes_in(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	char db[PATH_MAX + 32], pkg[PATH_MAX + 32], sql[512];
	struct store *s;
	struct demo_counts n;
	struct demo_opts o = { .unit = "21871", .scale = 3, .seed = 11, .datadir = tu_srcdir() };
	int64_t acts, parts, lost_acts, lost_parts, logged;

	snprintf(db, sizeof db, "%s/c-missing.db", f->dir);
	snprintf(pkg, sizeof pkg, "%s/c-missing.zip", f->dir);
	assert_int_equal(store_open(db, STORE_CREATE, &s, &e), 0);
	assert_int_equal(units_load(s, tu_srcdir(), &e), 0);
	assert_int_equal(demo_build(s, &o, &n, &e), 0);
	store_close(s);
	/* The live member in the most activities, gone without a trace: its
	 * activities and trainings now name someone the district never gets. */
	exec_sql(db, "PRAGMA foreign_keys = OFF; CREATE TABLE gone AS SELECT member_id AS id"
	    " FROM activity_member m JOIN activity a ON a.id = m.activity_id WHERE a.deleted = 0"
	    " GROUP BY member_id ORDER BY count(*) DESC LIMIT 1;"
	    " DELETE FROM member WHERE id IN (SELECT id FROM gone);");
	lost_acts = tu_sql_int(db, "SELECT count(DISTINCT activity_id) FROM activity_member"
	    " WHERE member_id IN (SELECT id FROM gone)");
	lost_parts = tu_sql_int(db, "SELECT count(*) FROM participant WHERE member_id IN"
	    " (SELECT id FROM gone)");
	assert_true(lost_acts > 0);
	acts = tu_sql_int(db, "SELECT count(*) FROM activity");
	parts = tu_sql_int(db, "SELECT count(*) FROM participant");
	export_pkg(f, db, pkg);

	assert_int_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	assert_int_equal(r.n[MERGE_REJECTED], lost_acts + lost_parts);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM merge_issue WHERE merge_seq = %lld"
	    " AND issue = 'rejected'", (long long)r.seq);
	logged = tu_sql_int(f->district_db, sql);
	assert_int_equal(logged, lost_acts + lost_parts);
	assert_int_equal(tu_sql_int(f->district_db, "SELECT count(*) FROM activity WHERE"
	    " unit_code = '21871'"), acts - lost_acts);
	assert_int_equal(tu_sql_int(f->district_db, "SELECT count(*) FROM participant WHERE"
	    " unit_code = '21871'"), parts - lost_parts);
	/* No child row of a refused activity stayed behind. */
	assert_int_equal(tu_sql_int(f->district_db, "SELECT count(*) FROM activity_member m"
	    " WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.id = m.activity_id)"), 0);
	assert_int_equal(tu_sql_int(f->district_db, "SELECT count(*) FROM activity_help h"
	    " WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.id = h.activity_id)"), 0);
	assert_int_equal(tu_sql_int(f->district_db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

/* Many packages in one transaction (merge_begin): each is still all or
 * nothing, and a damaged one among them changes nothing of the others. */
static void
test_many_packages_one_transaction(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	char copy[PATH_MAX + 32], bad[PATH_MAX + 32];
	struct store *s;
	FILE *in, *out;
	int ch;

	snprintf(copy, sizeof copy, "%s/d-many.db", f->dir);
	snprintf(bad, sizeof bad, "%s/empty.zip", f->dir);
	tu_write(bad, "PK", 2);
	assert_non_null(in = fopen(f->district_db, "rb"));
	assert_non_null(out = fopen(copy, "wb"));
	exec_sql(f->district_db, "PRAGMA wal_checkpoint(TRUNCATE)");
	while ((ch = getc(in)) != EOF)
		putc(ch, out);
	fclose(in);
	fclose(out);
	exec_sql(copy, "DELETE FROM activity_member; DELETE FROM activity_help;"
	    " DELETE FROM participant; DELETE FROM activity; DELETE FROM member;"
	    " DELETE FROM team; DELETE FROM training; DELETE FROM staff; DELETE FROM village;"
	    " DELETE FROM task_progress; DELETE FROM merge_issue; DELETE FROM merge_log;");
	s = open_db(copy);
	assert_int_equal(merge_begin(s, &e), 0);
	assert_int_equal(merge_package(s, &f->fs, f->pkg[0], NULL, NULL, &r, &e), 0);
	assert_int_not_equal(merge_package(s, &f->fs, bad, NULL, NULL, &r, &e), 0);
	assert_int_equal(merge_package(s, &f->fs, f->pkg[1], NULL, NULL, &r, &e), 0);
	assert_int_equal(merge_package(s, &f->fs, f->pkg[1], NULL, NULL, &r, &e), 0);
	assert_int_equal(r.n[MERGE_INSERTED] + r.n[MERGE_UPDATED] + r.n[MERGE_DELETED], 0);
	assert_int_equal(merge_commit(s, &e), 0);
	store_close(s);
	for (size_t t = 0; t < NTABLES; t++)
		assert_int_equal(live(copy, tables[t]),
		    live(f->commune_db[0], tables[t]) + live(f->commune_db[1], tables[t]));
	assert_int_equal(tu_sql_int(copy, "SELECT count(*) FROM merge_log WHERE status = 'merged'"), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_district_equals_sum_of_communes),
		cmocka_unit_test(test_same_package_twice_changes_nothing),
		cmocka_unit_test(test_flipped_byte_refused),
		cmocka_unit_test(test_edit_and_delete_travel),
		cmocka_unit_test(test_changed_on_both_sides_is_a_conflict),
		cmocka_unit_test(test_unit_outside_refused),
		cmocka_unit_test(test_refused_rows_leave_nothing_and_the_rest_goes_in),
		cmocka_unit_test(test_many_packages_one_transaction),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

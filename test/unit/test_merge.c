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

#include "socds/job-demo.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/merge.h"
#include "socds/package.h"
#include "socds/store.h"
#include "socds/store-backup.h"
#include "socds/store-key.h"
#include "socds/store-merge.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/job-units.h"
#include "socds/uuid.h"
#include "test-util.h"
#include "test-package.h"

#define NCOMMUNES 3
static const char *const communes[NCOMMUNES] = { "21853", "21859", "21868" };
static const char *const tables[] = { "village", "staff", "training", "participant", "team",
	"member", "activity" };
#define NTABLES (sizeof tables / sizeof tables[0])

struct fx {
	TU_FX_FORMS_FIELDS;		/* dir, fs (test-util.h) */
	char commune_db[NCOMMUNES][PATH_MAX + 32];
	char pkg[NCOMMUNES][PATH_MAX + 32];
	char district_db[PATH_MAX + 32];
};

static const struct forms *g_fs;	/* the forms merges check rows with */
static const struct fx *g_fx;		/* the communes whose keys sign hand-made packages */

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
	struct fx *f = tu_fx_new(sizeof *f, false, NULL);
	struct err e = { 0 };

	if (tu_forms_load(&f->fs, "en") != 0)
		return -1;
	g_fs = &f->fs;
	g_fx = f;
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

#define teardown tu_forms_teardown

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
	/* b's participations go with b (issue 13) and travel as tombstones too. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM participant WHERE staff_id = '%s' AND"
	    " deleted = 0", b);
	int64_t parts = tu_sql_int(f->commune_db[2], sql);
	struct store *s = open_db(f->commune_db[2]);
	assert_int_equal(store_record_delete(s, record_kind("staff"), b, vb, &e), 0);
	store_close(s);
	export_pkg(f, f->commune_db[2], f->pkg[2]);
	assert_int_equal(merge_one(f->district_db, f->pkg[2], &r, &e), 0);
	assert_int_equal(r.n[MERGE_UPDATED], 1);
	assert_int_equal(r.n[MERGE_DELETED], 1 + parts);
	assert_int_equal(r.n[MERGE_REJECTED], 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM participant WHERE staff_id = '%s' AND"
	    " deleted = 0", b);
	assert_int_equal(tu_sql_int(f->district_db, sql), 0);
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

/* Issue 17: the unit settles a conflict by taking the office's values; the
 * row that comes up equal to what the office holds is updated (synced), not
 * a conflict again. With the office's version ahead, only synced_version
 * moves. */
static void
test_equal_values_settle_a_conflict(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	char id[UUID_STR_LEN], id2[UUID_STR_LEN], sql[256];
	int64_t v, v2;

	export_pkg(f, f->commune_db[1], f->pkg[1]);
	assert_int_equal(merge_one(f->district_db, f->pkg[1], &r, &e), 0);
	int64_t before = r.n[MERGE_CONFLICT];
	first_staff(f->commune_db[1], 4, id, &v);
	first_staff(f->commune_db[1], 5, id2, &v2);
	edit_staff(f->district_db, id, "1981");
	edit_staff(f->commune_db[1], id, "1990");
	export_pkg(f, f->commune_db[1], f->pkg[1]);
	assert_int_equal(merge_one(f->district_db, f->pkg[1], &r, &e), 0);
	assert_int_equal(r.n[MERGE_CONFLICT], before + 1);
	/* The commune takes the office's value: settled. */
	edit_staff(f->commune_db[1], id, "1981");
	/* Another: the office edited twice, the commune once to the same value. */
	edit_staff(f->district_db, id2, "1970");
	edit_staff(f->district_db, id2, "1971");
	edit_staff(f->commune_db[1], id2, "1971");
	export_pkg(f, f->commune_db[1], f->pkg[1]);
	assert_int_equal(merge_one(f->district_db, f->pkg[1], &r, &e), 0);
	assert_int_equal(r.n[MERGE_CONFLICT], before);
	assert_int_equal(r.n[MERGE_UPDATED], 2);
	snprintf(sql, sizeof sql, "SELECT version = %lld AND synced_version = %lld AND"
	    " birth_year = 1981 FROM staff WHERE id = '%s'", (long long)v + 2, (long long)v + 2, id);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1);
	snprintf(sql, sizeof sql, "SELECT version = %lld AND synced_version = %lld AND"
	    " birth_year = 1971 FROM staff WHERE id = '%s'", (long long)v2 + 2, (long long)v2 + 1,
	    id2);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1);
	/* The same package again changes nothing. */
	assert_int_equal(merge_one(f->district_db, f->pkg[1], &r, &e), 0);
	assert_int_equal(r.n[MERGE_UPDATED] + r.n[MERGE_CONFLICT], before);
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

/* --- rows written by hand: ownership, versions, the forms' rules --- */

/* Appends v to b as one quoted CSV field. */
static void
csv_put(char **b, size_t *len, size_t *cap, const char *v, bool last)
{
	size_t need = *len + 2 * strlen(v) + 4;
	if (need > *cap) {
		*cap = need * 2;
		*b = realloc(*b, *cap);
		assert_non_null(*b);
	}
	(*b)[(*len)++] = '"';
	for (; *v; v++) {
		if (*v == '"')
			(*b)[(*len)++] = '"';
		(*b)[(*len)++] = *v;
	}
	(*b)[(*len)++] = '"';
	(*b)[(*len)++] = last ? '\n' : ',';
	(*b)[*len] = '\0';
}

/* The header of a package table of kind k. */
static void
csv_header(char **b, size_t *len, size_t *cap, const struct kind *k)
{
	static const char *const common[] = { "id", "unit_code", "created_at", "updated_at",
		"version", "deleted" };
	for (int i = 0; i < 6; i++)
		csv_put(b, len, cap, common[i], false);
	for (int i = 0; i < k->ncols; i++)
		csv_put(b, len, cap, k->cols[i].name, i == k->ncols - 1);
}

/* A row for record r, with version and deleted as given (any text). */
static void
csv_row(char **b, size_t *len, size_t *cap, const struct record *r, const char *version,
    const char *deleted)
{
	const struct kind *k = r->kind;
	csv_put(b, len, cap, r->id, false);
	csv_put(b, len, cap, r->unit_code, false);
	csv_put(b, len, cap, r->created_at, false);
	csv_put(b, len, cap, r->updated_at, false);
	csv_put(b, len, cap, version, false);
	csv_put(b, len, cap, deleted, false);
	for (int i = 0; i < k->ncols; i++)
		csv_put(b, len, cap, r->val[i] ? r->val[i] : "", i == k->ncols - 1);
}

static void
get_record(const char *db, const char *kind, const char *id, struct record *r)
{
	struct store *s = open_db(db);
	struct err e = { 0 };
	assert_int_equal(record_init(r, record_kind(kind)), 0);
	assert_int_equal(store_record_get(s, r, id, &e), 0);
	store_close(s);
}

/* The id of the nth live staff member of a unit at db. */
static void
staff_of(const char *db, const char *unit, int nth, char id[UUID_STR_LEN])
{
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT id FROM staff WHERE deleted = 0 AND"
	    " unit_code = ? ORDER BY id LIMIT 1 OFFSET ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, nth);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(id, UUID_STR_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
}

/* A package of unit `unit` with one table, data/KIND.csv = csv. */
static void
one_table_package(const char *path, const char *unit, const char *kind, const char *csv)
{
	struct tp_member m = { .data = csv, .len = strlen(csv) };
	struct err e = { 0 };
	struct sign_key key;
	struct store *s = NULL;
	int c = 0;

	/* Signed with the commune's own key, which the office pinned on its
	 * first package: the rows are judged, not the key. */
	while (c < NCOMMUNES - 1 && strcmp(communes[c], unit) != 0)
		c++;
	assert_string_equal(communes[c], unit);
	assert_int_equal(store_open(g_fx->commune_db[c], 0, &s, &e), 0);
	assert_int_equal(store_key_home(s, false, &key, &e), 0);
	store_close(s);
	snprintf(m.name, sizeof m.name, "data/%s.csv", kind);
	if (tp_build_signed(path, unit, &m, 1, &key, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
}

static int64_t
row_version(const char *db, const char *table, const char *id)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT version * 2 + deleted FROM %s WHERE id = '%s'", table, id);
	return tu_sql_int(db, sql);
}

/* Commune A (communes[0]) sends rows for a staff member of commune B
 * (communes[1]), as a copy of B's database would: renamed as A's, version
 * 999999; deleted; left as B's. Each is rejected alone with the ownership
 * reason; B's record is untouched, and B's own later correction still goes in. */
static void
test_package_cannot_touch_another_units_records(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	struct record rec;
	char id[UUID_STR_LEN], mine[UUID_STR_LEN], pkg[PATH_MAX + 32], sql[256];
	char *b = NULL;
	size_t len = 0, cap = 0;
	int64_t before;

	snprintf(pkg, sizeof pkg, "%s/hostile.zip", f->dir);
	staff_of(f->district_db, communes[1], 0, id);
	staff_of(f->district_db, communes[0], 0, mine);
	before = row_version(f->district_db, "staff", id);
	get_record(f->district_db, "staff", id, &rec);
	csv_header(&b, &len, &cap, rec.kind);
	record_set_by_name(&rec, "full_name", "Kẻ Mạo Danh");
	snprintf(rec.unit_code, sizeof rec.unit_code, "%s", communes[0]);
	csv_row(&b, &len, &cap, &rec, "999999", "0");		/* moved into A, renamed */
	csv_row(&b, &len, &cap, &rec, "999999", "1");		/* a tombstone */
	snprintf(rec.unit_code, sizeof rec.unit_code, "%s", communes[1]);
	csv_row(&b, &len, &cap, &rec, "1000000", "0");		/* B's, sent by A */
	record_free(&rec);
	/* And one row of A's own, which goes in. */
	get_record(f->district_db, "staff", mine, &rec);
	record_set_by_name(&rec, "note", "A's own change");
	snprintf(sql, sizeof sql, "%lld", (long long)rec.version + 1);
	csv_row(&b, &len, &cap, &rec, sql, "0");
	record_free(&rec);
	one_table_package(pkg, communes[0], "staff", b);
	free(b);

	assert_int_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	assert_int_equal(r.n[MERGE_REJECTED], 3);
	assert_int_equal(r.n[MERGE_UPDATED], 1);
	assert_int_equal(r.nissues, 3);
	for (int i = 0; i < 2; i++) {
		assert_string_equal(r.issues[i].id, id);
		assert_non_null(strstr(r.issues[i].reason, "hostile.zip:data/staff.csv:"));
		assert_non_null(strstr(r.issues[i].reason, "belongs to unit 21859, which is not part"
		    " of 21853"));
	}
	assert_non_null(strstr(r.issues[2].reason, "unit 21859 is not part of 21853"));
	assert_int_equal(row_version(f->district_db, "staff", id), before);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM staff WHERE id = '%s' AND full_name ="
	    " 'Kẻ Mạo Danh'", id);
	assert_int_equal(tu_sql_int(f->district_db, sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM merge_issue WHERE merge_seq = %lld AND"
	    " record_id = '%s' AND issue = 'rejected' AND reason LIKE '%%belongs to unit 21859%%'",
	    (long long)r.seq, id);
	assert_int_equal(tu_sql_int(f->district_db, sql), 2);

	/* B's genuine correction is not "unchanged" behind a version of 999999. */
	edit_staff(f->commune_db[1], id, "1966");
	export_pkg(f, f->commune_db[1], f->pkg[1]);
	assert_int_equal(merge_one(f->district_db, f->pkg[1], &r, &e), 0);
	assert_int_equal(r.n[MERGE_REJECTED], 0);
	snprintf(sql, sizeof sql, "SELECT birth_year FROM staff WHERE id = '%s'", id);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1966);
}

/* Versions are whole numbers from 1 to 2^63 - 1: anything else is refused,
 * never clamped, and the record stays as it was. */
static void
test_version_junk_rejected(void **state)
{
	struct fx *f = *state;
	static const char *const junk[] = { "0", "-1", "-9223372036854775808",
		"9223372036854775808", "99999999999999999999", "12abc", "", " 5", "+5", "0x10",
		"1e3", "5.0" };
	const size_t njunk = sizeof junk / sizeof junk[0];
	struct merge_report r;
	struct err e = { 0 };
	struct record rec;
	char id[UUID_STR_LEN], pkg[PATH_MAX + 32];
	char *b = NULL;
	size_t len = 0, cap = 0;
	int64_t before;

	snprintf(pkg, sizeof pkg, "%s/junk.zip", f->dir);
	staff_of(f->district_db, communes[2], 1, id);
	before = row_version(f->district_db, "staff", id);
	get_record(f->district_db, "staff", id, &rec);
	csv_header(&b, &len, &cap, rec.kind);
	record_set_by_name(&rec, "note", "junk");
	for (size_t i = 0; i < njunk; i++)
		csv_row(&b, &len, &cap, &rec, junk[i], "0");
	csv_row(&b, &len, &cap, &rec, "9", "2");	/* deleted is 0 or 1 */
	csv_row(&b, &len, &cap, &rec, "9", "");
	record_free(&rec);
	one_table_package(pkg, communes[2], "staff", b);
	free(b);
	assert_int_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	assert_int_equal(r.n[MERGE_REJECTED], (int64_t)njunk + 2);
	assert_int_equal(r.n[MERGE_UPDATED] + r.n[MERGE_INSERTED] + r.n[MERGE_UNCHANGED], 0);
	for (int i = 0; i < (int)njunk; i++)
		assert_non_null(strstr(r.issues[i].reason, ": version: '"));
	assert_non_null(strstr(r.issues[njunk].reason, ": deleted: '2' is neither 0 nor 1"));
	assert_int_equal(row_version(f->district_db, "staff", id), before);
	/* The largest version is a version; an edit past it is refused, not
	 * turned into a REAL that the next merge would misread. */
	get_record(f->district_db, "staff", id, &rec);
	b = NULL;
	len = cap = 0;
	csv_header(&b, &len, &cap, rec.kind);
	csv_row(&b, &len, &cap, &rec, "9223372036854775807", "0");
	record_free(&rec);
	one_table_package(pkg, communes[2], "staff", b);
	free(b);
	assert_int_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	assert_int_equal(r.n[MERGE_UPDATED], 1);
	{
		struct store *s = open_db(f->district_db);
		get_record(f->district_db, "staff", id, &rec);
		record_set_by_name(&rec, "note", "one more edit");
		assert_int_not_equal(store_record_update(s, &rec, &e), 0);
		record_free(&rec);
		store_close(s);
	}
	assert_int_equal(tu_sql_int(f->district_db, "SELECT count(*) FROM staff WHERE"
	    " typeof(version) <> 'integer' OR version < 1"), 0);
	snprintf(pkg, sizeof pkg, "SELECT version = 9223372036854775807 FROM staff WHERE"
	    " id = '%s'", id);
	assert_int_equal(tu_sql_int(f->district_db, pkg), 1);
}

/* Rows go through the forms' rules: a failing row is rejected alone with
 * PACKAGE:data/KIND.csv:LINE: field: reason. */
static void
test_form_rules_at_merge(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	struct record rec;
	char id[UUID_STR_LEN], tid[UUID_STR_LEN], pkg[PATH_MAX + 32], want[PATH_MAX + 200];
	char *b = NULL, *big;
	size_t len = 0, cap = 0;

	snprintf(pkg, sizeof pkg, "%s/rules.zip", f->dir);
	staff_of(f->district_db, communes[2], 2, id);
	get_record(f->district_db, "staff", id, &rec);
	csv_header(&b, &len, &cap, rec.kind);
	/* Under the CSV reader's cell limit (128 KiB): the form's rule says no. */
	big = malloc(100001);
	memset(big, 'a', 100000);
	big[100000] = '\0';
	record_set_by_name(&rec, "full_name", big);
	free(big);
	csv_row(&b, &len, &cap, &rec, "100", "0");			/* line 2 */
	record_set_by_name(&rec, "full_name", "Nguyễn Văn Đúng");
	record_set_by_name(&rec, "birth_year", "1850");
	csv_row(&b, &len, &cap, &rec, "100", "0");			/* line 3 */
	record_set_by_name(&rec, "birth_year", NULL);
	record_set_by_name(&rec, "gender", "alien");
	csv_row(&b, &len, &cap, &rec, "100", "0");			/* line 4 */
	record_free(&rec);
	one_table_package(pkg, communes[2], "staff", b);
	free(b);
	assert_int_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	assert_int_equal(r.n[MERGE_REJECTED], 3);
	snprintf(want, sizeof want, "%s:data/staff.csv:2: Full name: 100000 characters, at most"
	    " 80 allowed", pkg);
	assert_string_equal(r.issues[0].reason, want);
	snprintf(want, sizeof want, "%s:data/staff.csv:3: Year of birth: ", pkg);
	assert_memory_equal(r.issues[1].reason, want, strlen(want));
	snprintf(want, sizeof want, "%s:data/staff.csv:4: Gender: ", pkg);
	assert_memory_equal(r.issues[2].reason, want, strlen(want));

	/* A two-field rule: a training that ends before it starts. */
	b = NULL;
	len = cap = 0;
	tid[0] = '\0';
	{
		sqlite3 *h;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open(f->district_db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT id FROM training WHERE unit_code = ?"
		    " AND start_date IS NOT NULL LIMIT 1", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, communes[2], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(tid, sizeof tid, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	get_record(f->district_db, "training", tid, &rec);
	csv_header(&b, &len, &cap, rec.kind);
	record_set_by_name(&rec, "start_date", "2026-05-10");
	record_set_by_name(&rec, "end_date", "2026-05-01");
	csv_row(&b, &len, &cap, &rec, "100", "0");
	record_free(&rec);
	one_table_package(pkg, communes[2], "training", b);
	free(b);
	assert_int_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	assert_int_equal(r.n[MERGE_REJECTED], 1);
	snprintf(want, sizeof want, "%s:data/training.csv:2: End date: 01/05/2026 is before Start"
	    " date 10/05/2026", pkg);
	assert_string_equal(r.issues[0].reason, want);
}

/* A package of A may not attach records to B's team. */
static void
test_references_must_be_own(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	struct record rec;
	char team_b[UUID_STR_LEN], mid[UUID_STR_LEN], pkg[PATH_MAX + 32];
	char *b = NULL;
	size_t len = 0, cap = 0;
	sqlite3 *h;
	sqlite3_stmt *st;

	snprintf(pkg, sizeof pkg, "%s/attach.zip", f->dir);
	assert_int_equal(sqlite3_open(f->district_db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT t.id, m.id FROM team t, member m WHERE"
	    " t.unit_code = ?1 AND m.unit_code = ?2 AND m.deleted = 0 LIMIT 1", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, communes[1], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, communes[0], -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(team_b, sizeof team_b, "%s", (const char *)sqlite3_column_text(st, 0));
	snprintf(mid, sizeof mid, "%s", (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	sqlite3_close(h);
	get_record(f->district_db, "member", mid, &rec);
	csv_header(&b, &len, &cap, rec.kind);
	record_set_by_name(&rec, "team_id", team_b);
	csv_row(&b, &len, &cap, &rec, "5000", "0");
	record_set_by_name(&rec, "team_id", "0190a4f2-0000-7000-8000-000000000000");
	csv_row(&b, &len, &cap, &rec, "5000", "0");
	record_free(&rec);
	one_table_package(pkg, communes[0], "member", b);
	free(b);
	assert_int_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	assert_int_equal(r.n[MERGE_REJECTED], 2);
	assert_non_null(strstr(r.issues[0].reason, "belongs to unit 21859, which is not part of"
	    " 21853"));
	assert_non_null(strstr(r.issues[1].reason, "there is no record with id"));
}

/* Every change a merge makes is audited with its old values under the
 * merge; merge_revert puts them back, refusing records changed since. */
static void
test_audit_and_revert(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct merge_revert_report rr;
	struct err e = { 0 };
	char a[UUID_STR_LEN], b[UUID_STR_LEN], c[UUID_STR_LEN], sql[512];
	int64_t va, vb, vc, changed;
	struct store *s;

	/* Commune 3 edits a, deletes b, edits c; the office edits c after the merge. */
	first_staff(f->commune_db[2], 2, a, &va);
	first_staff(f->commune_db[2], 3, b, &vb);
	first_staff(f->commune_db[2], 4, c, &vc);
	snprintf(sql, sizeof sql, "SELECT birth_year FROM staff WHERE id = '%s'", a);
	int64_t year_a = tu_sql_int(f->district_db, sql);
	edit_staff(f->commune_db[2], a, "1955");
	edit_staff(f->commune_db[2], c, "1956");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM participant WHERE staff_id = '%s' AND"
	    " deleted = 0", b);
	int64_t parts = tu_sql_int(f->commune_db[2], sql);	/* they go with b */
	s = open_db(f->commune_db[2]);
	assert_int_equal(store_record_delete(s, record_kind("staff"), b, vb, &e), 0);
	store_close(s);
	export_pkg(f, f->commune_db[2], f->pkg[2]);
	assert_int_equal(merge_one(f->district_db, f->pkg[2], &r, &e), 0);
	assert_int_equal(r.n[MERGE_UPDATED], 2);
	assert_int_equal(r.n[MERGE_DELETED], 1 + parts);
	changed = r.n[MERGE_INSERTED] + r.n[MERGE_UPDATED] + r.n[MERGE_DELETED];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE merge_seq = %lld AND"
	    " record_id IS NOT NULL", (long long)r.seq);
	assert_int_equal(tu_sql_int(f->district_db, sql), changed);
	snprintf(sql, sizeof sql, "SELECT json_extract(old_values, '$.birth_year') ="
	    " '%lld' AND json_extract(new_values, '$.birth_year') = '1955' AND action = 'update'"
	    " FROM audit WHERE merge_seq = %lld AND record_id = '%s'", (long long)year_a,
	    (long long)r.seq, a);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1);
	snprintf(sql, sizeof sql, "SELECT action = 'delete' AND old_values IS NOT NULL FROM audit"
	    " WHERE merge_seq = %lld AND record_id = '%s'", (long long)r.seq, b);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1);

	edit_staff(f->district_db, c, "1999");	/* changed since the merge */
	s = open_db(f->district_db);
	assert_int_equal(merge_revert(s, r.seq, &rr, &e), 0);
	assert_int_equal(rr.reverted, changed - 1);
	assert_int_equal(rr.refused, 1);
	assert_int_equal(rr.nitems, 1);
	assert_string_equal(rr.items[0].id, c);
	assert_non_null(strstr(rr.items[0].reason, "changed since that merge"));
	store_merge_revert_free(&rr);
	/* Once only. */
	assert_int_equal(merge_revert(s, r.seq, &rr, &e), ERR_EXISTS);
	assert_int_equal(merge_revert(s, 999999, &rr, &e), ERR_NOTFOUND);
	store_close(s);
	snprintf(sql, sizeof sql, "SELECT birth_year FROM staff WHERE id = '%s'", a);
	assert_int_equal(tu_sql_int(f->district_db, sql), year_a);
	snprintf(sql, sizeof sql, "SELECT deleted FROM staff WHERE id = '%s'", b);
	assert_int_equal(tu_sql_int(f->district_db, sql), 0);
	snprintf(sql, sizeof sql, "SELECT birth_year FROM staff WHERE id = '%s'", c);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1999);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = 'revert' AND"
	    " detail = 'revert of merge %lld'", (long long)r.seq);
	assert_int_equal(tu_sql_int(f->district_db, sql), changed - 1);
	/* The same package again is not applied behind the office's back. */
	assert_int_equal(merge_one(f->district_db, f->pkg[2], &r, &e), 0);
	assert_int_equal(r.n[MERGE_UPDATED] + r.n[MERGE_DELETED] + r.n[MERGE_INSERTED], 0);
}

/* Reverting a merge that inserted records leaves tombstones with new versions. */
static void
test_revert_inserted(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct merge_revert_report rr;
	struct err e = { 0 };
	char copy[PATH_MAX + 32];
	struct store *s;

	snprintf(copy, sizeof copy, "%s/d-revert.db", f->dir);
	s = open_db(f->district_db);
	assert_int_equal(store_backup(s, copy, false, NULL, NULL, &e), 0);
	store_close(s);
	exec_sql(copy, "DELETE FROM activity_member; DELETE FROM activity_help;"
	    " DELETE FROM participant; DELETE FROM activity; DELETE FROM member;"
	    " DELETE FROM team; DELETE FROM training; DELETE FROM staff; DELETE FROM village;"
	    " DELETE FROM task_progress;");
	assert_int_equal(merge_one(copy, f->pkg[0], &r, &e), 0);
	assert_true(r.n[MERGE_INSERTED] > 100);
	s = open_db(copy);
	assert_int_equal(merge_revert(s, r.seq, &rr, &e), 0);
	assert_int_equal(rr.refused, 0);
	assert_int_equal(rr.reverted, r.n[MERGE_INSERTED]);
	store_merge_revert_free(&rr);
	store_close(s);
	for (size_t t = 0; t < NTABLES; t++)
		assert_int_equal(live(copy, tables[t]), 0);
	assert_int_equal(tu_sql_int(copy, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(tu_sql_int(copy, "SELECT count(*) FROM staff WHERE synced_version ="
	    " version"), 0);
}

/* A cell past the CSV reader's limit (the issue's 1,000,000-character name):
 * the whole package is refused, naming the member and line; nothing changes. */
static void
test_huge_cell_refuses_the_package(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	struct record rec;
	char id[UUID_STR_LEN], pkg[PATH_MAX + 32], *b = NULL, *big;
	size_t len = 0, cap = 0;
	int64_t before;

	snprintf(pkg, sizeof pkg, "%s/huge.zip", f->dir);
	staff_of(f->district_db, communes[2], 1, id);
	before = row_version(f->district_db, "staff", id);
	get_record(f->district_db, "staff", id, &rec);
	csv_header(&b, &len, &cap, rec.kind);
	big = malloc(1000001);
	memset(big, 'a', 1000000);
	big[1000000] = '\0';
	record_set_by_name(&rec, "full_name", big);
	free(big);
	csv_row(&b, &len, &cap, &rec, "100", "0");
	record_free(&rec);
	one_table_package(pkg, communes[2], "staff", b);
	free(b);
	assert_int_not_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	assert_non_null(strstr(e.msg, "data/staff.csv:2"));
	assert_non_null(strstr(e.msg, "131072"));
	assert_int_equal(row_version(f->district_db, "staff", id), before);
}

/* Values an older version stored another way (a name typed with Ð U+00D0,
 * a phone kept with +84) are taken from a package and stored the new way:
 * Đ, found as "dung"; 0912345678. */
static void
test_old_values_at_merge(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	struct record rec;
	char id[UUID_STR_LEN], pkg[PATH_MAX + 32], sql[256], *b = NULL;
	size_t len = 0, cap = 0;

	snprintf(pkg, sizeof pkg, "%s/old.zip", f->dir);
	staff_of(f->district_db, communes[2], 3, id);
	get_record(f->district_db, "staff", id, &rec);
	csv_header(&b, &len, &cap, rec.kind);
	record_set_by_name(&rec, "full_name", "Nguy\xe1\xbb\x85n V\xc4\x83n \xc3\x90\xc3\xbang");
	record_set_by_name(&rec, "phone", "+84912345678");
	/* As a new record: the district has its own edits of the old one. */
	assert_int_equal(uuid_v7(rec.id, 0), 0);
	snprintf(id, sizeof id, "%s", rec.id);
	csv_row(&b, &len, &cap, &rec, "1", "0");
	record_free(&rec);
	one_table_package(pkg, communes[2], "staff", b);
	free(b);
	assert_int_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	if (r.nissues > 0)
		print_error("%s\n", r.issues[0].reason);
	assert_int_equal(r.n[MERGE_REJECTED], 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM staff WHERE id = '%s' AND full_name ="
	    " 'Nguyễn Văn Đúng' AND phone = '0912345678' AND instr(name_key, 'dung') > 0", id);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1);
}

/* The warnings a commune confirmed travel with its records (schema v15);
 * a package of an older socds, without the column, merges as before; a
 * list that is not one of names is refused, naming the column. */
static void
test_warnings_at_merge(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct err e = { 0 };
	struct record rec;
	char id[UUID_STR_LEN], pkg[PATH_MAX + 32], sql[256], *b = NULL;
	size_t len = 0, cap = 0;
	int wc;

	snprintf(pkg, sizeof pkg, "%s/warned.zip", f->dir);
	staff_of(f->district_db, communes[2], 4, id);
	get_record(f->district_db, "staff", id, &rec);
	wc = record_col_index(rec.kind, RECORD_WARNINGS_COL);
	assert_int_equal(wc, rec.kind->ncols - 1);
	csv_header(&b, &len, &cap, rec.kind);
	assert_int_equal(uuid_v7(rec.id, 0), 0);
	snprintf(id, sizeof id, "%s", rec.id);
	record_set(&rec, wc, "name_only");
	csv_row(&b, &len, &cap, &rec, "1", "0");			/* line 2 */
	assert_int_equal(uuid_v7(rec.id, 0), 0);
	record_set(&rec, wc, "name only!");
	csv_row(&b, &len, &cap, &rec, "1", "0");			/* line 3 */
	one_table_package(pkg, communes[2], "staff", b);
	free(b);
	assert_int_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	assert_int_equal(r.n[MERGE_REJECTED], 1);
	assert_non_null(strstr(r.issues[0].reason, "data/staff.csv:3: Warnings confirmed:"));
	snprintf(sql, sizeof sql, "SELECT count(*) FROM staff WHERE id = '%s' AND warnings_ok ="
	    " 'name_only'", id);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1);

	/* An older package: no warnings_ok column at all. */
	b = NULL;
	len = cap = 0;
	{
		static const char *const common[] = { "id", "unit_code", "created_at",
			"updated_at", "version", "deleted" };
		for (int i = 0; i < 6; i++)
			csv_put(&b, &len, &cap, common[i], false);
		for (int i = 0; i < wc; i++)
			csv_put(&b, &len, &cap, rec.kind->cols[i].name, i == wc - 1);
		assert_int_equal(uuid_v7(rec.id, 0), 0);
		snprintf(id, sizeof id, "%s", rec.id);
		csv_put(&b, &len, &cap, rec.id, false);
		csv_put(&b, &len, &cap, rec.unit_code, false);
		csv_put(&b, &len, &cap, rec.created_at, false);
		csv_put(&b, &len, &cap, rec.updated_at, false);
		csv_put(&b, &len, &cap, "1", false);
		csv_put(&b, &len, &cap, "0", false);
		for (int i = 0; i < wc; i++)
			csv_put(&b, &len, &cap, rec.val[i] ? rec.val[i] : "", i == wc - 1);
	}
	record_free(&rec);
	one_table_package(pkg, communes[2], "staff", b);
	free(b);
	assert_int_equal(merge_one(f->district_db, pkg, &r, &e), 0);
	if (r.nissues > 0)
		print_error("%s\n", r.issues[0].reason);
	assert_int_equal(r.n[MERGE_REJECTED], 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM staff WHERE id = '%s' AND warnings_ok"
	    " IS NULL", id);
	assert_int_equal(tu_sql_int(f->district_db, sql), 1);
}

/* A team deleted below goes with its members, activities and their
 * participations (issue 13): the package carries all their tombstones, and
 * the office takes them in cleanly: a member's tombstone whose team is a
 * tombstone too is no reference to refuse. Nothing live points to a deleted
 * record afterwards, and the office's counts are the commune's again. */
static void
test_team_with_dependants_travels(void **state)
{
	struct fx *f = *state;
	struct merge_report r;
	struct store_delete_plan p;
	struct err e = { 0 };
	char team[UUID_STR_LEN], sql[512];
	int64_t version, n = -1;
	const char *c = f->commune_db[1];
	struct store *s;

	/* Merged once first, so that the office holds the team live (a staff
	 * conflict an earlier test left stays one). */
	export_pkg(f, c, f->pkg[1]);
	assert_int_equal(merge_one(f->district_db, f->pkg[1], &r, &e), 0);
	int64_t conflicts = r.n[MERGE_CONFLICT];
	s = open_db(c);
	{
		sqlite3 *h;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open_v2(c, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT id, version FROM team t WHERE deleted = 0"
		    " AND EXISTS (SELECT 1 FROM member m WHERE m.team_id = t.id AND m.deleted = 0)"
		    " ORDER BY id LIMIT 1", -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(team, sizeof team, "%s", (const char *)sqlite3_column_text(st, 0));
		version = sqlite3_column_int64(st, 1);
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	assert_int_equal(store_delete_plan(s, record_kind("team"), team, &p, &e), 0);
	assert_true(p.members > 0 && p.activities > 0);
	if (store_record_delete(s, record_kind("team"), team, version, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
	store_close(s);
	export_pkg(f, c, f->pkg[1]);
	assert_int_equal(merge_one(f->district_db, f->pkg[1], &r, &e), 0);
	for (int i = 0; i < r.nissues; i++)
		if (strcmp(r.issues[i].kind, "staff") != 0)
			print_error("%s %s: %s\n", r.issues[i].kind, r.issues[i].id,
			    r.issues[i].reason);
	assert_int_equal(r.n[MERGE_REJECTED], 0);
	assert_int_equal(r.n[MERGE_CONFLICT], conflicts);
	assert_int_equal(r.n[MERGE_DELETED], 1 + p.members + p.activities + p.participations);
	assert_int_equal(r.n[MERGE_UPDATED], p.presences);
	snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM member WHERE team_id = '%s' AND"
	    " deleted = 0) + (SELECT count(*) FROM activity WHERE team_id = '%s' AND deleted = 0)"
	    " + (SELECT count(*) FROM team WHERE id = '%s' AND deleted = 0)", team, team, team);
	assert_int_equal(tu_sql_int(f->district_db, sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM member WHERE team_id = '%s'", team);
	assert_int_equal(tu_sql_int(f->district_db, sql), tu_sql_int(c, sql));
	s = open_db(f->district_db);
	assert_int_equal(store_check_dangling(s, NULL, NULL, &n, &e), 0);
	store_close(s);
	assert_int_equal(n, 0);
	/* The office's live rows of that commune are the commune's. */
	for (size_t t = 0; t < NTABLES; t++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE deleted = 0 AND"
		    " unit_code = '%s'", tables[t], communes[1]);
		assert_int_equal(tu_sql_int(f->district_db, sql), tu_sql_int(c, sql));
	}
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
		cmocka_unit_test(test_equal_values_settle_a_conflict),
		cmocka_unit_test(test_unit_outside_refused),
		cmocka_unit_test(test_refused_rows_leave_nothing_and_the_rest_goes_in),
		cmocka_unit_test(test_many_packages_one_transaction),
		cmocka_unit_test(test_package_cannot_touch_another_units_records),
		cmocka_unit_test(test_version_junk_rejected),
		cmocka_unit_test(test_form_rules_at_merge),
		cmocka_unit_test(test_huge_cell_refuses_the_package),
		cmocka_unit_test(test_references_must_be_own),
		cmocka_unit_test(test_audit_and_revert),
		cmocka_unit_test(test_revert_inserted),
		cmocka_unit_test(test_old_values_at_merge),
		cmocka_unit_test(test_warnings_at_merge),
		cmocka_unit_test(test_team_with_dependants_travels),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* A property of merging: three communes below one district office make random
 * edits, deletions and insertions, each sends packages, and the office merges
 * random choices of all packages so far in random order, again and again,
 * with hostile packages among them (commune A's database started as a copy of
 * commune B's, its records relabelled as A's, some pushed to version 999999 or
 * deleted). After every merge:
 *  - every record at the office equals, field by field, what its own unit's
 *    newest merged package says of it;
 *  - no package changed a record of another unit (each unit's records are
 *    fingerprinted before and compared after);
 *  - every row of a hostile package is rejected, naming the ownership.
 * The seed comes from SOCDS_PROP_SEED (default 1) and is printed; the number
 * of rounds from SOCDS_PROP_ROUNDS (default 5). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/csv.h"
#include "socds/job-demo.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/merge.h"
#include "socds/package.h"
#include "socds/store.h"
#include "socds/store-backup.h"
#include "socds/store-merge.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/job-units.h"
#include "test-util.h"

#define NC 3
#define MAXPKG 64
static const char *const units[NC] = { "21853", "21859", "21868" };
static const char *const hostile_unit = "21853";	/* A, seeded from B = 21859 */
static const char *const victim_unit = "21859";

struct pkg {
	char path[PATH_MAX + 32];
	int unit;		/* index in units[], or -1 hostile */
	int gen;		/* the round it was made in */
};

struct fx {
	char dir[PATH_MAX];
	char db[NC][PATH_MAX + 32];
	char hostile_db[PATH_MAX + 32];
	char office[PATH_MAX + 32];
	struct forms fs;
	struct pkg pkg[MAXPKG];
	int npkg;
	int newest[NC];		/* index in pkg[] of each unit's newest merged package, or -1 */
	uint64_t rng;
};

static uint64_t
rnd(struct fx *f)
{
	f->rng ^= f->rng << 13;
	f->rng ^= f->rng >> 7;
	f->rng ^= f->rng << 17;
	return f->rng;
}

static int
rnd_n(struct fx *f, int n)
{
	return (int)(rnd(f) % (uint64_t)n);
}

static struct store *
open_db(const char *path)
{
	struct store *s;
	struct err e = { 0 };
	if (store_open(path, 0, &s, &e) != 0) {
		print_error("%s: %s\n", path, e.msg);
		fail();
	}
	return s;
}

static void
exec_sql(const char *db, const char *sql)
{
	sqlite3 *h;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		print_error("%s: %s\n", sql, msg);
		fail();
	}
	sqlite3_close(h);
}

static void
export(struct fx *f, const char *db, int unit, int gen)
{
	struct store *s = open_db(db);
	struct export_opts o = { 0 };
	struct err e = { 0 };
	struct pkg *p;

	assert_true(f->npkg < MAXPKG);
	p = &f->pkg[f->npkg++];
	p->unit = unit;
	p->gen = gen;
	char path[sizeof p->path + 64];
	snprintf(path, sizeof path, "%s/p%d-%s-g%d.zip", f->dir, f->npkg,
	    unit >= 0 ? units[unit] : "hostile", gen);
	assert_true(strlen(path) < sizeof p->path);
	memcpy(p->path, path, strlen(path) + 1);
	if (package_export(s, &f->fs, &o, p->path, false, NULL, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
	store_close(s);
}

/* Random changes in one commune, through the store as the screens make them. */
static void
edit_round(struct fx *f, const char *db, const char *unit, bool inserts)
{
	static const char *const kinds[] = { "staff", "village", "member" };
	struct store *s = open_db(db);
	struct err e = { 0 };
	int nops = 2 + rnd_n(f, 5);

	for (int op = 0; op < nops; op++) {
		const struct kind *k = record_kind(kinds[rnd_n(f, 3)]);
		char ids[64][UUID_STR_LEN], sql[160];
		int n = 0, what = rnd_n(f, 10);
		sqlite3 *h;
		sqlite3_stmt *st;

		snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE deleted = 0 AND unit_code = ?"
		    " ORDER BY id LIMIT 64", k->table);
		assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
		while (n < 64 && sqlite3_step(st) == SQLITE_ROW)
			snprintf(ids[n++], UUID_STR_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		sqlite3_close(h);

		if (what == 0 && k == record_kind("staff") && inserts) {	/* a new officer */
			struct record r;
			char name[64];
			record_init(&r, k);
			snprintf(r.unit_code, sizeof r.unit_code, "%s", unit);
			snprintf(name, sizeof name, "Nguyễn Văn Số %llu",
			    (unsigned long long)(rnd(f) % 100000));
			record_set_by_name(&r, "full_name", name);
			assert_int_equal(store_record_insert(s, &r, &e), 0);
			record_free(&r);
			continue;
		}
		if (n == 0)
			continue;
		const char *id = ids[rnd_n(f, n)];
		struct record r;
		record_init(&r, k);
		assert_int_equal(store_record_get(s, &r, id, &e), 0);
		if (what == 1 && k != record_kind("village")) {	/* villages have teams */
			assert_int_equal(store_record_delete(s, k, id, r.version, &e), 0);
		} else {
			char note[64];
			snprintf(note, sizeof note, "ghi chú %llu", (unsigned long long)(rnd(f) % 1000000));
			record_set_by_name(&r, "note", note);
			if (store_record_update(s, &r, &e) != 0)
				print_error("%s\n", e.msg);
			assert_int_equal(e.code, 0);
		}
		record_free(&r);
	}
	store_close(s);
}

/* What a unit's records are at the office, as one text: id, version,
 * tombstone of every record of that unit. */
static char *
fingerprint(const char *db, const char *unit)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char *out = NULL;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT group_concat(x, ' ') FROM (SELECT"
	    " id || ':' || version || ':' || deleted || ':' || unit_code AS x FROM (SELECT id,"
	    " version, deleted, unit_code FROM village UNION ALL SELECT id, version, deleted,"
	    " unit_code FROM staff UNION ALL SELECT id, version, deleted, unit_code FROM training"
	    " UNION ALL SELECT id, version, deleted, unit_code FROM participant UNION ALL SELECT"
	    " id, version, deleted, unit_code FROM team UNION ALL SELECT id, version, deleted,"
	    " unit_code FROM member UNION ALL SELECT id, version, deleted, unit_code FROM activity"
	    " UNION ALL SELECT id, version, deleted, unit_code FROM task_progress) WHERE"
	    " unit_code = ? ORDER BY id)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	out = strdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

/* Every row of the package equals the office's record, field by field. */
static void
check_package_holds(struct store *s, const char *path)
{
	struct package *p;
	struct err e = { 0 };
	int64_t rows = 0;

	assert_int_equal(package_open(path, &p, &e), 0);
	for (int k = 0; k < KIND_COUNT; k++) {
		const struct kind *kind = &record_kinds[k];
		FILE *fp = package_table(p, kind->name, &e);
		struct csv *c;
		int col[64], idc = -1, verc = -1, delc = -1, unitc = -1;
		struct record r;

		if (fp == NULL) {
			assert_int_equal(e.code, 0);
			continue;
		}
		c = csv_open(fp, kind->name, ',');
		assert_int_equal(csv_next(c, &e), 1);
		for (int i = 0; i < kind->ncols; i++)
			col[i] = -1;
		for (size_t j = 0; j < csv_nfields(c); j++) {
			const char *h = csv_field(c, j);
			int i = record_col_index(kind, h);
			if (i >= 0)
				col[i] = (int)j;
			if (strcmp(h, "id") == 0) idc = (int)j;
			if (strcmp(h, "version") == 0) verc = (int)j;
			if (strcmp(h, "deleted") == 0) delc = (int)j;
			if (strcmp(h, "unit_code") == 0) unitc = (int)j;
		}
		record_init(&r, kind);
		while (csv_next(c, &e) == 1) {
			const char *id = csv_field(c, (size_t)idc);
			if (store_record_get(s, &r, id, &e) != 0) {
				print_error("%s: %s %s is not at the office: %s\n", path, kind->name, id,
				    e.msg);
				fail();
			}
			if (r.version != strtoll(csv_field(c, (size_t)verc), NULL, 10) ||
			    r.deleted != atoi(csv_field(c, (size_t)delc)) ||
			    strcmp(r.unit_code, csv_field(c, (size_t)unitc)) != 0) {
				print_error("%s: %s %s: office v%lld d%d %s, package v%s d%s %s\n", path,
				    kind->name, id, (long long)r.version, r.deleted, r.unit_code,
				    csv_field(c, (size_t)verc), csv_field(c, (size_t)delc),
				    csv_field(c, (size_t)unitc));
				fail();
			}
			for (int i = 0; i < kind->ncols; i++) {
				const char *want = col[i] >= 0 ? csv_field(c, (size_t)col[i]) : "";
				const char *got = r.val[i] ? r.val[i] : "";
				if (strcmp(want, got) != 0) {
					print_error("%s: %s %s: %s is '%s' at the office, '%s' in the package\n",
					    path, kind->name, id, kind->cols[i].name, got, want);
					fail();
				}
			}
			rows++;
		}
		record_free(&r);
		csv_free(c);
		fclose(fp);
	}
	package_close(p);
	assert_true(rows > 0);
}

/* Merges package i at the office and checks the properties. */
static void
merge_and_check(struct fx *f, int i)
{
	struct pkg *p = &f->pkg[i];
	struct store *s;
	struct merge_report r;
	struct err e = { 0 };
	char *before[NC];

	for (int u = 0; u < NC; u++)
		before[u] = fingerprint(f->office, units[u]);
	s = open_db(f->office);
	if (merge_package(s, &f->fs, p->path, NULL, NULL, &r, &e) != 0)
		print_error("%s: %s\n", p->path, e.msg);
	assert_int_equal(e.code, 0);
	assert_int_equal(r.n[MERGE_CONFLICT], 0);	/* the office edits nothing */
	if (p->unit >= 0) {
		if (r.n[MERGE_REJECTED] != 0)
			print_error("%s: %s\n", p->path, r.issues[0].reason);
		assert_int_equal(r.n[MERGE_REJECTED], 0);
		if (f->newest[p->unit] < 0 || f->pkg[f->newest[p->unit]].gen < p->gen)
			f->newest[p->unit] = i;
	} else {
		/* Hostile: every row refused, each for the ownership. */
		assert_int_equal(r.n[MERGE_INSERTED] + r.n[MERGE_UPDATED] + r.n[MERGE_DELETED] +
		    r.n[MERGE_UNCHANGED], 0);
		assert_true(r.n[MERGE_REJECTED] > 0);
		for (int k = 0; k < r.nissues; k++) {
			if (strstr(r.issues[k].reason, "belongs to unit 21859") == NULL)
				print_error("%s\n", r.issues[k].reason);
			assert_non_null(strstr(r.issues[k].reason, "belongs to unit 21859"));
		}
	}
	/* Each record as its own unit last said. */
	for (int u = 0; u < NC; u++)
		if (f->newest[u] >= 0)
			check_package_holds(s, f->pkg[f->newest[u]].path);
	store_close(s);
	/* No other unit's records changed. */
	for (int u = 0; u < NC; u++) {
		char *after = fingerprint(f->office, units[u]);
		if (p->unit != u)
			assert_string_equal(before[u], after);
		free(after);
		free(before[u]);
	}
}

static void
test_merge_property(void **state)
{
	struct fx *f = *state;
	const char *env = getenv("SOCDS_PROP_SEED");
	const char *renv = getenv("SOCDS_PROP_ROUNDS");
	uint64_t seed = env != NULL && *env ? strtoull(env, NULL, 10) : 1;
	int rounds = renv != NULL && *renv ? atoi(renv) : 5, merges = 0;
	struct err e = { 0 };

	print_message("# seed %llu (SOCDS_PROP_SEED), %d rounds (SOCDS_PROP_ROUNDS)\n",
	    (unsigned long long)seed, rounds);
	f->rng = seed * 2654435761u + 88172645463325252ull;
	for (int u = 0; u < NC; u++)
		f->newest[u] = -1;

	/* Round 0: every commune's first package, in a random order. */
	for (int u = 0; u < NC; u++)
		export(f, f->db[u], u, 0);
	for (int k = 0; k < NC; k++) {
		int j = rnd_n(f, NC - k) + k;
		struct pkg t = f->pkg[k];
		f->pkg[k] = f->pkg[j];
		f->pkg[j] = t;
	}
	for (int i = 0; i < NC; i++)
		merge_and_check(f, i), merges++;

	/* The hostile database: a copy of B's, relabelled as A's. */
	{
		struct store *s = open_db(f->db[1]);
		assert_int_equal(store_backup(s, f->hostile_db, false, NULL, NULL, &e), 0);
		store_close(s);
		char sql[2048 + PATH_MAX];
		snprintf(sql, sizeof sql, "UPDATE home SET unit_code = '%s';"
		    " UPDATE village SET unit_code = '%s'; UPDATE staff SET unit_code = '%s';"
		    " UPDATE training SET unit_code = '%s'; UPDATE participant SET unit_code = '%s';"
		    " UPDATE team SET unit_code = '%s'; UPDATE member SET unit_code = '%s';"
		    " UPDATE activity SET unit_code = '%s'; UPDATE task_progress SET unit_code = '%s';"
		    " UPDATE staff SET version = 999999, full_name = 'Kẻ Mạo Danh' WHERE rowid %% 2 = 0;"
		    " UPDATE member SET version = 999999, deleted = 1 WHERE rowid %% 3 = 0;",
		    hostile_unit, hostile_unit, hostile_unit, hostile_unit, hostile_unit, hostile_unit,
		    hostile_unit, hostile_unit, hostile_unit);
		exec_sql(f->hostile_db, sql);
		/* It signs as A does (A's own key): the office must refuse its rows
		 * for what they are, not the package for its key. */
		snprintf(sql, sizeof sql, "DELETE FROM signing_key; ATTACH '%s' AS a;"
		    " INSERT INTO signing_key SELECT * FROM a.signing_key; DETACH a;", f->db[0]);
		exec_sql(f->hostile_db, sql);
	}
	for (int g = 1; g <= rounds; g++) {
		int n;
		for (int u = 0; u < NC; u++) {
			edit_round(f, f->db[u], units[u], true);
			if (rnd_n(f, 4) != 0)	/* most rounds send a package */
				export(f, f->db[u], u, g);
		}
		edit_round(f, f->hostile_db, hostile_unit, false);
		export(f, f->hostile_db, -1, g);
		/* A random choice of every package so far, in random order, with repeats. */
		n = 3 + rnd_n(f, 5);
		for (int k = 0; k < n; k++)
			merge_and_check(f, rnd_n(f, f->npkg)), merges++;
		/* And the newest of each unit, so that the latest edits arrive. */
		for (int i = f->npkg - 1; i >= 0 && i >= f->npkg - NC - 1; i--)
			merge_and_check(f, i), merges++;
	}
	print_message("# %d packages made, %d merges checked\n", f->npkg, merges);
	assert_int_equal(tu_sql_int(f->office, "SELECT count(*) FROM pragma_integrity_check"
	    " WHERE integrity_check <> 'ok'"), 0);
	assert_int_equal(tu_sql_int(f->office, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = { 0 };
	struct store *s;

	i18n_init("en", "/nonexistent");
	tu_mkdtemp(f->dir);
	if (forms_load(tu_srcdir(), &f->fs, &e) != 0) {
		print_error("%s\n", e.msg);
		return -1;
	}
	for (int i = 0; i < NC; i++) {
		struct demo_counts n;
		struct demo_opts o = { .unit = units[i], .scale = 1, .seed = (uint64_t)i + 21,
			.datadir = tu_srcdir() };
		snprintf(f->db[i], sizeof f->db[i], "%s/c%d.db", f->dir, i);
		if (store_open(f->db[i], STORE_CREATE, &s, &e) != 0 ||
		    units_load(s, tu_srcdir(), &e) != 0 || demo_build(s, &o, &n, &e) != 0) {
			print_error("%s\n", e.msg);
			return -1;
		}
		store_close(s);
	}
	snprintf(f->hostile_db, sizeof f->hostile_db, "%s/hostile.db", f->dir);
	snprintf(f->office, sizeof f->office, "%s/office.db", f->dir);
	if (store_open(f->office, STORE_CREATE, &s, &e) != 0 ||
	    units_load(s, tu_srcdir(), &e) != 0 || store_home_set(s, "548", &e) != 0 ||
	    units_attach_district(s, "548", &e) != 0) {
		print_error("%s\n", e.msg);
		return -1;
	}
	store_close(s);
	(void)victim_unit;
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_property),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* store: opening, refusing, upgrading, records and units on real files.
 * sqlite3 is linked here only to look at the files independently. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-query.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/text.h"
#include "socds/job-units.h"
#include "test-util.h"

/* The plain fixture (test-util.h): a fresh folder and dir/t.db. */
struct fx {
	TU_FX_FIELDS;
};
#define setup tu_setup
#define teardown tu_teardown

/* Whole file contents, to prove a refused file is unchanged (test-util.h). */
#define slurp tu_slurp


static void
raw_exec(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static struct store *
open_with_units(struct fx *f)
{
	struct store *s;
	struct err e = { 0 };
	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), 0);
	assert_int_equal(units_load(s, tu_srcdir(), &e), 0);
	return s;
}

static void
test_missing_file_not_created(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct err e = { 0 };

	assert_int_equal(store_open(f->db, 0, &s, &e), ERR_NOTFOUND);
	assert_null(s);
	assert_non_null(strstr(e.msg, f->db));
	assert_false(os_exists(f->db));
}

static void
test_create_mode_and_pragmas(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct stat sb;
	struct err e = { 0 };

	umask(022);
	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), 0);
	assert_int_equal(store_schema_version(s), store_schema_latest);
	store_close(s);
	assert_int_equal(stat(f->db, &sb), 0);
#ifndef _WIN32	/* Windows keeps privacy in ACLs, which Wine does not store */
	assert_int_equal(sb.st_mode & 0777, 0600);
#endif
	assert_int_equal(tu_sql_int(f->db, "PRAGMA user_version"), store_schema_latest);
	assert_int_equal(tu_sql_int(f->db, "PRAGMA application_id"), 0x736f6364);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'staff'"), 1);
}

static void
test_refuses_non_sqlite_unchanged(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct err e = { 0 };
	const char text[] = "họ tên,năm sinh\nNguyễn Văn An,1990\n";
	size_t len;

	tu_write(f->db, text, sizeof text - 1);
	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), ERR_CORRUPT);
	assert_null(s);
	char *after = slurp(f->db, &len);
	assert_int_equal(len, sizeof text - 1);
	assert_memory_equal(after, text, len);
	free(after);
}

static void
test_refuses_empty_file(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct err e = { 0 };

	tu_write(f->db, "", 0);
	assert_int_equal(store_open(f->db, 0, &s, &e), ERR_CORRUPT);
	assert_non_null(strstr(e.msg, f->db));
}

static void
test_refuses_foreign_sqlite_unchanged(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct err e = { 0 };
	size_t l1, l2;

	raw_exec(f->db, "CREATE TABLE other(x); INSERT INTO other VALUES (1);");
	char *before = slurp(f->db, &l1);
	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), ERR_CORRUPT);
	char *after = slurp(f->db, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(before, after, l1);
	free(before);
	free(after);
}

static void
test_refuses_newer_unchanged(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct err e = { 0 };
	char sql[128];
	size_t l1, l2;

	snprintf(sql, sizeof sql, "CREATE TABLE future(x); PRAGMA application_id=%d;"
	    " PRAGMA user_version=%d;", 0x736f6364, store_schema_latest + 1);
	raw_exec(f->db, sql);
	char *before = slurp(f->db, &l1);
	assert_int_equal(store_open(f->db, 0, &s, &e), ERR_NEWER);
	assert_null(s);
	assert_non_null(strstr(e.msg, f->db));
	char *after = slurp(f->db, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(before, after, l1);
	free(before);
	free(after);
	assert_false(os_exists("x"));
}

static void
test_upgrade_keeps_data(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct record r;
	struct err e = { 0 };
	char id[UUID_STR_LEN];

	/* A file as the first schema made it, with a unit and a staff member
	 * written by plain SQL, as that version of socds left them. */
	assert_int_equal(store_open_at_version(f->db, 1, &s, &e), 0);
	assert_int_equal(store_schema_version(s), 1);
	store_close(s);
	strcpy(id, "01a206f4-d458-7126-9a52-a6e02464ffdb");
	raw_exec(f->db, "INSERT INTO unit(code, level, kind, name, name_key) VALUES"
	    " ('00004', 'commune', 'Phường', 'Phường Ba Đình', 'phuong ba dinh');"
	    "INSERT INTO home VALUES (1, '00004', 'x', '2024-01-01T00:00:00Z');"
	    "INSERT INTO staff(id, unit_code, created_at, updated_at, version, full_name,"
	    " name_key, name_sort) VALUES ('01a206f4-d458-7126-9a52-a6e02464ffdb', '00004',"
	    " '2024-05-01T08:00:00Z', '2024-05-01T08:00:00Z', 3, 'Nguyễn Thị Hoà',"
	    " 'nguyen thi hoa', x'01');");
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'unit_map'"), 0);

	/* Opening with this socds upgrades in place and keeps everything. */
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(store_schema_version(s), store_schema_latest);
	record_init(&r, record_kind("staff"));
	assert_int_equal(store_record_get(s, &r, id, &e), 0);
	assert_string_equal(record_get(&r, "full_name"), "Nguyễn Thị Hoà");
	assert_int_equal(r.version, 3);
	record_free(&r);
	struct unit home;
	assert_int_equal(store_home_get(s, &home, &e), 0);
	assert_string_equal(home.name, "Phường Ba Đình");
	store_close(s);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'unit_map'"), 1);
	assert_int_equal(tu_sql_int(f->db, "PRAGMA user_version"), store_schema_latest);
}

static void
test_units_loaded(void **state)
{
	struct fx *f = *state;
	struct store *s = open_with_units(f);
	struct unit u;
	struct err e = { 0 };
	bool within;

	store_close(s);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM unit WHERE level = 'province' AND status = 'current'"), 34);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM unit WHERE level = 'commune' AND status = 'current'"), 3321);
	assert_true(tu_sql_int(f->db, "SELECT count(*) FROM unit WHERE level = 'district'") >= 700);
	assert_true(tu_sql_int(f->db, "SELECT count(*) FROM unit_map") > 10000);
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(store_unit_get(s, "00004", &u, &e), 0);
	assert_string_equal(u.name, "Phường Ba Đình");
	assert_string_equal(u.parent_code, "01");
	assert_int_equal(store_unit_get(s, "00070", &u, &e), 0);
	assert_string_equal(u.name, "Phường Hoàn Kiếm");
	assert_int_equal(store_unit_get(s, "99999", &u, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "99999"));
	assert_int_equal(store_unit_within(s, "00070", "01", &within, &e), 0);
	assert_true(within);
	assert_int_equal(store_unit_within(s, "00070", "79", &within, &e), 0);
	assert_false(within);
	store_close(s);
}

struct seen {
	char prev[160];
	size_t level;
	int n;
	int bad;
};

static int
check_order(const struct unit *u, void *arg)
{
	struct seen *sn = arg;
	/* Provinces, then districts, then communes; by name within each. */
	if (sn->n > 0 && sn->level == strlen(u->code) &&
	    text_compare(sn->prev, strlen(sn->prev), u->name, strlen(u->name)) > 0)
		sn->bad++;
	sn->level = strlen(u->code);
	snprintf(sn->prev, sizeof sn->prev, "%s", u->name);
	sn->n++;
	return 0;
}

static void
test_unit_find_folded_and_sorted(void **state)
{
	struct fx *f = *state;
	struct store *s = open_with_units(f);
	struct err e = { 0 };
	struct seen sn = { .n = 0 };

	/* "dong" finds names with Đồng/Đông; results are in Vietnamese order. */
	assert_int_equal(store_unit_find(s, "DONG", NULL, check_order, &sn, &e), 0);
	assert_true(sn.n > 20);
	assert_int_equal(sn.bad, 0);
	memset(&sn, 0, sizeof sn);
	assert_int_equal(store_unit_find(s, NULL, "01", check_order, &sn, &e), 0);
	assert_true(sn.n > 100);
	store_close(s);
}

static void
test_record_nfc_keys_and_roundtrip(void **state)
{
	struct fx *f = *state;
	struct store *s = open_with_units(f);
	struct record r;
	struct err e = { 0 };

	record_init(&r, record_kind("staff"));
	strcpy(r.unit_code, "00004");
	/* NFD as an IBus or Unikey combining-mode user types it. */
	record_set_by_name(&r, "full_name", "  \xC4\x90o\xCC\x82\xCC\x80ng Thi\xCC\xA3 Ho\xCC\x80" "a ");
	record_set_by_name(&r, "birth_year", "1988");
	record_set_by_name(&r, "focal_point", "1");
	record_set_by_name(&r, "platforms", "ndxp;emc");
	assert_int_equal(store_record_insert(s, &r, &e), 0);
	assert_true(uuid_valid(r.id));
	char id[UUID_STR_LEN];
	memcpy(id, r.id, sizeof id);
	record_free(&r);

	record_init(&r, record_kind("staff"));
	assert_int_equal(store_record_get(s, &r, id, &e), 0);
	assert_string_equal(record_get(&r, "full_name"), "Đồng Thị Hòa");
	assert_string_equal(record_get(&r, "birth_year"), "1988");
	assert_string_equal(record_get(&r, "focal_point"), "1");
	assert_int_equal(r.version, 1);
	assert_int_equal(r.deleted, 0);
	record_free(&r);
	store_close(s);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM staff WHERE name_key = 'dong thi hoa'"), 1);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM staff WHERE full_name = 'Đồng Thị Hòa'"), 1);
}

static int
audit_newest(const struct audit_row *a, void *arg)
{
	snprintf(arg, 512, "%s", a->new_values != NULL ? a->new_values : "(null)");
	return 1;
}

/* The audit log's JSON is written without jansson now: the same text, with
 * the same escapes, as jansson's compact output gave. */
static void
test_audit_json_as_jansson_wrote_it(void **state)
{
	struct fx *f = *state;
	struct store *s = open_with_units(f);
	struct record r;
	struct err e = { 0 };
	char got[512] = "";

	record_init(&r, record_kind("staff"));
	strcpy(r.unit_code, "00004");
	record_set_by_name(&r, "full_name", "L\xC3\xAA \"T\xC3\xA1m\"");
	record_set_by_name(&r, "note", "a\\b\tc\nd\x01" "e/f\x7f");
	assert_int_equal(store_record_insert(s, &r, &e), 0);
	record_free(&r);
	assert_int_equal(store_audit_page(s, 0, NULL, NULL, 1, audit_newest, got, &e), 0);
	assert_string_equal(got, "{\"version\":1,\"deleted\":0,\"unit_code\":\"00004\","
	    "\"full_name\":\"L\xC3\xAA \\\"T\xC3\xA1m\\\"\",\"note\":\"a\\\\b\\tc\\nd\\u0001e/f\x7f\"}");
	store_close(s);
}

static void
test_bad_values_store_nothing(void **state)
{
	struct fx *f = *state;
	struct store *s = open_with_units(f);
	struct record r;
	struct err e = { 0 };
	const struct { const char *col, *val; int code; } bad[] = {
		{ "birth_year", "19x0", ERR_INVALID },
		{ "birth_year", "1850", ERR_CONSTRAINT },
		{ "decision_date", "2026-02-30", ERR_CONSTRAINT },
		{ "decision_date", "2026-04-31", ERR_CONSTRAINT },
		{ "decision_date", "2026-13-01", ERR_CONSTRAINT },
		{ "decision_date", "30/01/2026", ERR_CONSTRAINT },
		{ "focal_point", "yes", ERR_INVALID },
		{ "full_name", "Nguy\xE1\xBB", ERR_INVALID },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		record_init(&r, record_kind("staff"));
		strcpy(r.unit_code, "00004");
		record_set_by_name(&r, "full_name", "Lê Văn Tám");
		record_set_by_name(&r, bad[i].col, bad[i].val);
		err_clear(&e);
		int got = store_record_insert(s, &r, &e);
		if (got != bad[i].code)
			print_error("%s = '%s': got %d (%s)\n", bad[i].col, bad[i].val, got, e.msg);
		assert_int_equal(got, bad[i].code);
		assert_true(strlen(e.msg) > 0);
		record_free(&r);
	}
	/* A reference to nothing and an unknown unit are refused too. */
	record_init(&r, record_kind("member"));
	strcpy(r.unit_code, "00004");
	record_set_by_name(&r, "full_name", "Lê Văn Tám");
	record_set_by_name(&r, "team_id", "01a206f4-d458-7126-9a52-a6e02464ffdb");
	assert_int_equal(store_record_insert(s, &r, &e), ERR_CONSTRAINT);
	record_free(&r);
	record_init(&r, record_kind("village"));
	strcpy(r.unit_code, "99999");
	record_set_by_name(&r, "name", "Thôn Một");
	assert_int_equal(store_record_insert(s, &r, &e), ERR_CONSTRAINT);
	record_free(&r);
	store_close(s);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM staff"), 0);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM member"), 0);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM village"), 0);
}

static void
test_activity_children_atomic(void **state)
{
	struct fx *f = *state;
	struct store *s = open_with_units(f);
	struct record v, t, m, a;
	struct err e = { 0 };
	char buf[128];

	record_init(&v, record_kind("village"));
	strcpy(v.unit_code, "00004");
	record_set_by_name(&v, "name", "Tổ dân phố 5");
	assert_int_equal(store_record_insert(s, &v, &e), 0);
	record_init(&t, record_kind("team"));
	strcpy(t.unit_code, "00004");
	record_set_by_name(&t, "name", "Tổ CNSCĐ Tổ dân phố 5");
	record_set_by_name(&t, "village_id", v.id);
	assert_int_equal(store_record_insert(s, &t, &e), 0);
	record_init(&m, record_kind("member"));
	strcpy(m.unit_code, "00004");
	record_set_by_name(&m, "team_id", t.id);
	record_set_by_name(&m, "full_name", "Phạm Thị Ngọc Ánh");
	assert_int_equal(store_record_insert(s, &m, &e), 0);

	record_init(&a, record_kind("activity"));
	strcpy(a.unit_code, "00004");
	record_set_by_name(&a, "team_id", t.id);
	record_set_by_name(&a, "held_on", "2026-03-05");
	record_set_by_name(&a, "members_present", m.id);
	record_set_by_name(&a, "helped", "vneid=12;online_public_services=4");
	assert_int_equal(store_record_insert(s, &a, &e), 0);
	char id[UUID_STR_LEN];
	memcpy(id, a.id, sizeof id);
	record_free(&a);
	record_init(&a, record_kind("activity"));
	assert_int_equal(store_record_get(s, &a, id, &e), 0);
	assert_string_equal(record_get(&a, "helped"), "online_public_services=4;vneid=12");
	assert_string_equal(record_get(&a, "members_present"), m.id);
	record_free(&a);

	/* A bad child rolls the whole activity back. */
	record_init(&a, record_kind("activity"));
	strcpy(a.unit_code, "00004");
	record_set_by_name(&a, "team_id", t.id);
	record_set_by_name(&a, "held_on", "2026-03-06");
	record_set_by_name(&a, "helped", "vneid=-3");
	assert_int_equal(store_record_insert(s, &a, &e), ERR_INVALID);
	record_free(&a);
	record_free(&v);
	record_free(&t);
	record_free(&m);
	store_close(s);
	snprintf(buf, sizeof buf, "SELECT count(*) FROM activity");
	assert_int_equal(tu_sql_int(f->db, buf), 1);
	assert_int_equal(tu_sql_int(f->db, "SELECT sum(count) FROM activity_help"), 16);
}

struct each {
	char got[4][80];
	int n, stop_at;
};

static int
each_collect(const struct record *r, void *arg)
{
	struct each *w = arg;
	snprintf(w->got[w->n], sizeof w->got[w->n], "%s %s %d", r->id + 34,
	    record_get(r, "full_name"), r->deleted);
	return ++w->n == w->stop_at ? 7 : 0;
}

/* Exports stream records in the order they came into the file (not by id),
 * and count them the same way. */
static void
test_record_each_order_and_count(void **state)
{
	struct fx *f = *state;
	struct store *s = open_with_units(f);
	const struct kind *k = record_kind("staff");
	static const char *const names[] = { "Ba", "Hai", "Một" };
	struct each w = { .n = 0 };
	struct err e = { 0 };
	struct record r;
	int64_t n = -1;

	for (int i = 0; i < 3; i++) {
		record_init(&r, k);
		/* Ids falling while rows go in. */
		snprintf(r.id, sizeof r.id, "01a20777-4dee-7000-8000-0000000000%02d", 3 - i);
		strcpy(r.unit_code, "00004");
		record_set_by_name(&r, "full_name", names[i]);
		assert_int_equal(store_record_insert(s, &r, &e), 0);
		record_free(&r);
	}
	assert_int_equal(store_record_delete(s, k, "01a20777-4dee-7000-8000-000000000002", 1,
	    &e), 0);
	assert_int_equal(store_record_each(s, k, NULL, NULL, NULL, false, each_collect, &w, &e), 0);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.got[0], "03 Ba 0");
	assert_string_equal(w.got[1], "01 Một 0");
	assert_int_equal(store_record_each_count(s, k, NULL, NULL, NULL, false, &n, &e), 0);
	assert_int_equal(n, 2);
	memset(&w, 0, sizeof w);
	assert_int_equal(store_record_each(s, k, "00004", NULL, NULL, true, each_collect, &w, &e),
	    0);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.got[1], "02 Hai 1");
	assert_int_equal(store_record_each_count(s, k, "00004", NULL, NULL, true, &n, &e), 0);
	assert_int_equal(n, 3);
	/* fn's non-zero stops the walk and is returned. */
	memset(&w, 0, sizeof w);
	w.stop_at = 1;
	assert_int_equal(store_record_each(s, k, NULL, NULL, NULL, true, each_collect, &w, &e), 7);
	assert_int_equal(w.n, 1);
	store_close(s);
}

struct pages {
	char ids[64][UUID_STR_LEN];
	char names[64][64];
	struct store_key last;
	int n;
};

static int
collect(const struct record *r, const struct store_key *k, void *arg)
{
	struct pages *p = arg;
	snprintf(p->ids[p->n], UUID_STR_LEN, "%s", r->id);
	snprintf(p->names[p->n], 64, "%s", record_get(r, "full_name"));
	p->last = *k;
	p->n++;
	return 0;
}

static void
test_query_keyset_paging_and_search(void **state)
{
	struct fx *f = *state;
	struct store *s = open_with_units(f);
	struct err e = { 0 };
	static const char *const given[] = { "An", "Ân", "Bình", "Chi", "Dũng", "Đông", "Đồng",
		"Giang", "Hà", "Hòa", "Khánh", "Lan", "Minh", "Nga", "Oanh", "Phúc", "Quân",
		"Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến" };
	const int n = (int)(sizeof given / sizeof given[0]);
	struct record r;
	char name[64];

	for (int i = 0; i < n; i++) {
		record_init(&r, record_kind("staff"));
		strcpy(r.unit_code, i % 2 ? "00004" : "00070");
		snprintf(name, sizeof name, "%s Văn %s", i % 3 ? "Nguyễn" : "Trần", given[i]);
		record_set_by_name(&r, "full_name", name);
		assert_int_equal(store_record_insert(s, &r, &e), 0);
		record_free(&r);
	}
	/* Pages of 5, each starting after the last key of the one before. */
	struct store_query q = { .kind = record_kind("staff"), .sort = -1 };
	struct pages all = { .n = 0 }, page;
	struct store_key from;
	bool have = false;
	for (;;) {
		memset(&page, 0, sizeof page);
		int got = store_query_page(s, &q, have ? &from : NULL, false, false, 5, collect, &page, &e);
		assert_true(got >= 0);
		for (int i = 0; i < got; i++)
			snprintf(all.names[all.n++], 64, "%s", page.names[i]);
		if (got < 5)
			break;
		from = page.last;
		have = true;
	}
	assert_int_equal(all.n, n);
	/* Official order: by given name, Vietnamese alphabet. */
	for (int i = 1; i < all.n; i++)
		assert_true(text_name_compare(all.names[i - 1], strlen(all.names[i - 1]),
		    all.names[i], strlen(all.names[i])) <= 0);
	assert_non_null(strstr(all.names[0], " An"));
	assert_non_null(strstr(all.names[n - 1], "Yến"));
	/* Backward from the end gives the last rows, last first. */
	memset(&page, 0, sizeof page);
	assert_int_equal(store_query_page(s, &q, NULL, false, true, 3, collect, &page, &e), 3);
	assert_string_equal(page.names[0], all.names[n - 1]);
	assert_string_equal(page.names[2], all.names[n - 3]);
	/* "dong" finds both Đông and Đồng, whatever the case and marks. */
	int64_t cnt;
	q.search = "DONG";
	assert_int_equal(store_query_count(s, &q, &cnt, &e), 0);
	assert_int_equal(cnt, 2);
	q.search = "đồng";
	assert_int_equal(store_query_count(s, &q, &cnt, &e), 0);
	assert_int_equal(cnt, 2);
	q.search = NULL;
	q.unit = "00004";
	assert_int_equal(store_query_count(s, &q, &cnt, &e), 0);
	assert_int_equal(cnt, n / 2);
	store_close(s);
}

/* Counts rows the way a reader of the file would, without socds. */
static int64_t
raw_count(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* Pages through a search to the end; checks every row matches and the
 * order holds; the number of rows seen. */
static int
search_all(struct store *s, struct store_query *q, const char *folded_q)
{
	struct pages page;
	struct store_key from;
	struct err e = { 0 };
	bool have = false;
	int total = 0;
	char prev[64] = "";
	struct tbuf fk = { 0 };

	for (;;) {
		memset(&page, 0, sizeof page);
		int got = store_query_page(s, q, have ? &from : NULL, false, false, 50, collect,
		    &page, &e);
		assert_true(got >= 0);
		for (int i = 0; i < got; i++) {
			assert_int_equal(text_fold(page.names[i], &fk), 0);
			assert_non_null(strstr(fk.p, folded_q));
			if (prev[0])
				assert_true(text_name_compare(prev, strlen(prev), page.names[i],
				    strlen(page.names[i])) <= 0);
			snprintf(prev, sizeof prev, "%s", page.names[i]);
		}
		total += got;
		if (got < 50)
			break;
		from = page.last;
		have = true;
	}
	tbuf_free(&fk);
	return total;
}

/* The trigram index, the short-search plan and the live counts (schema v6)
 * agree with reading every row, after inserts, renames, deletions and a
 * move between units; dense and sparse searches, 1, 2 and many letters. */
static void
test_search_index_and_counts_match_every_row(void **state)
{
	struct fx *f = *state;
	struct store *s = open_with_units(f);
	struct err e = { 0 };
	static const char *const fam[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Khúc" };
	static const char *const mid[] = { "Văn", "Thị", "Đức", "Ngọc" };
	static const char *const giv[] = { "An", "Đông", "Hòa", "Lan", "Xuân", "Quỳnh", "Dũng" };
	enum { N = 2600 };
	static char ids[N][40];
	char name[96];
	struct record r;
	const struct kind *k = record_kind("staff");

	assert_int_equal(store_begin(s, &e), 0);
	for (int i = 0; i < N; i++) {
		record_init(&r, k);
		strcpy(r.unit_code, i % 3 ? "00004" : "00070");
		/* Khúc is rare: a sparse search; Nguyễn is half: a dense one. */
		const char *fn = i % 2 ? fam[0] : i % 97 == 0 ? fam[5] : fam[1 + i % 4];
		snprintf(name, sizeof name, "%s %s %s", fn, mid[i % 4], giv[i % 7]);
		record_set_by_name(&r, "full_name", name);
		assert_int_equal(store_record_insert(s, &r, &e), 0);
		snprintf(ids[i], sizeof ids[i], "%s", r.id);
		record_free(&r);
	}
	assert_int_equal(store_commit(s, &e), 0);
	/* Renamed: found by the new name only. Deleted: not found. Moved. */
	for (int i = 0; i < N; i += 50) {
		record_init(&r, k);
		assert_int_equal(store_record_get(s, &r, ids[i], &e), 0);
		if (i % 100 == 0) {
			record_set_by_name(&r, "full_name", "Ông Ích Khiêm");
			strcpy(r.unit_code, "00070");
			assert_int_equal(store_record_update(s, &r, &e), 0);
		} else
			assert_int_equal(store_record_delete(s, k, ids[i], r.version, &e), 0);
		record_free(&r);
	}
	int64_t n;
	assert_int_equal(store_record_count(s, k, NULL, &n, &e), 0);
	assert_int_equal(n, raw_count(f->db, "SELECT count(*) FROM staff WHERE deleted = 0"));
	assert_int_equal(store_record_count(s, k, "00070", &n, &e), 0);
	assert_int_equal(n, raw_count(f->db,
	    "SELECT count(*) FROM staff WHERE deleted = 0 AND unit_code = '00070'"));

	/* In typing order too: "khu" after "kh", "khuc v" after "khuc", where a
	 * search narrows the rows of the one before. */
	static const char *const queries[] = { "n", "kh", "khu", "khuc", "khuc v", "khuc van",
		"xy", "ng", "nguyen", "KHÚC", "ich khiem", "tran thi hoa", "đông", "zzz", "a\"b",
		"a\"bc", "uc t", "ong ich", "ong ich k" };
	for (size_t qi = 0; qi < sizeof queries / sizeof queries[0]; qi++) {
		struct tbuf fq = { 0 };
		char sql[256];
		assert_int_equal(text_fold(queries[qi], &fq), 0);
		/* The reference: every live row, folded by SQLite's instr on the key. */
		sqlite3 *h;
		sqlite3_stmt *st;
		int64_t want = 0;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM staff WHERE deleted = 0 AND"
		    " instr(name_key, ?1) > 0");
		assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, fq.p, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		want = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		sqlite3_close(h);

		struct store_query q = { .kind = k, .sort = -1, .search = queries[qi] };
		for (int w = 0; w < 2; w++) {
			q.within = w ? "01" : NULL;	/* Hà Nội: both units are in it */
			q.count_limit = 0;
			assert_int_equal(store_query_count(s, &q, &n, &e), 0);
			assert_int_equal(n, want);
			assert_int_equal(search_all(s, &q, fq.p), want);
			/* The interface's limit, and one above the plan's threshold. */
			q.count_limit = 500;
			assert_int_equal(store_query_count(s, &q, &n, &e), 0);
			assert_int_equal(n, want < 500 ? want : 500);
			q.count_limit = 1000;
			assert_int_equal(store_query_count(s, &q, &n, &e), 0);
			assert_int_equal(n, want < 1000 ? want : 1000);
		}
		tbuf_free(&fq);
	}
	/* A change between two keystrokes: the next search sees it. */
	struct store_query q = { .kind = k, .sort = -1, .search = "khuc van" };
	assert_int_equal(store_query_count(s, &q, &n, &e), 0);
	int64_t before = n;
	record_init(&r, k);
	strcpy(r.unit_code, "00004");
	record_set_by_name(&r, "full_name", "Khúc Văn Mới");
	assert_int_equal(store_record_insert(s, &r, &e), 0);
	record_free(&r);
	q.search = "khuc van m";
	assert_int_equal(store_query_count(s, &q, &n, &e), 0);
	assert_int_equal(n, 1);
	q.search = "khuc van";
	assert_int_equal(store_query_count(s, &q, &n, &e), 0);
	assert_int_equal(n, before + 1);
	store_close(s);
}

static void
test_update_versions_and_delete(void **state)
{
	struct fx *f = *state;
	struct store *s = open_with_units(f);
	struct err e = { 0 };
	struct record r, other;

	record_init(&r, record_kind("staff"));
	strcpy(r.unit_code, "00004");
	record_set_by_name(&r, "full_name", "Lê Thị Thu");
	assert_int_equal(store_record_insert(s, &r, &e), 0);
	record_init(&other, record_kind("staff"));
	assert_int_equal(store_record_get(s, &other, r.id, &e), 0);
	/* Two people opened it; the first save wins, the second is told. */
	record_set_by_name(&r, "full_name", "Lê Thị Thu Hà");
	assert_int_equal(store_record_update(s, &r, &e), 0);
	assert_int_equal(r.version, 2);
	record_set_by_name(&other, "full_name", "Lê Thị Thư");
	assert_int_equal(store_record_update(s, &other, &e), ERR_CONFLICT);
	assert_int_equal(store_record_delete(s, r.kind, r.id, 1, &e), ERR_CONFLICT);
	assert_int_equal(store_record_delete(s, r.kind, r.id, 2, &e), 0);
	record_free(&other);
	record_init(&other, record_kind("staff"));
	assert_int_equal(store_record_get(s, &other, r.id, &e), 0);
	assert_int_equal(other.deleted, 1);
	assert_int_equal(other.version, 3);
	assert_string_equal(record_get(&other, "full_name"), "Lê Thị Thu Hà");
	record_free(&other);
	record_free(&r);
	store_close(s);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM staff WHERE name_key = 'le thi thu ha' AND deleted = 1"), 1);
}

/* A bind SQLite refuses (here a value over the length limit) is reported,
 * named, and nothing runs with the parameter missing; the next statement
 * is not affected. */
static void
test_bind_failure_reported(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char big[200], got[16];

	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), 0);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	store_test_limit(s, SQLITE_LIMIT_LENGTH, 100);
	assert_int_equal(store_setting_set(s, "big", big, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "too long"));
	e = (struct err){ 0 };
	assert_int_equal(store_setting_get(s, "big", got, sizeof got, &e), ERR_NOTFOUND);
	assert_int_equal(store_setting_set(s, "small", "v", &e), 0);
	assert_int_equal(store_setting_get(s, "small", got, sizeof got, &e), 0);
	assert_string_equal(got, "v");
	store_close(s);
}

static bool
has_setting(struct store *s, const char *key)
{
	struct err e = { 0 };
	char v[16];

	return store_setting_get(s, key, v, sizeof v, &e) == 0;
}

/* store_begin inside a transaction is a savepoint: its rollback undoes its
 * own work only and the outer transaction goes on; the outer rollback
 * undoes every level. */
static void
test_nested_transactions(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };

	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_setting_set(s, "outer", "1", &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_setting_set(s, "inner", "1", &e), 0);
	store_rollback(s);
	assert_true(store_in_transaction(s));
	assert_false(has_setting(s, "inner"));
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_setting_set(s, "kept", "1", &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	assert_true(store_in_transaction(s));
	assert_int_equal(store_commit(s, &e), 0);
	assert_false(store_in_transaction(s));
	assert_true(has_setting(s, "outer"));
	assert_false(has_setting(s, "inner"));
	assert_true(has_setting(s, "kept"));

	/* An error at the outer level rolls back all, the released inner too. */
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_setting_set(s, "a", "1", &e), 0);
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_setting_set(s, "b", "1", &e), 0);
	assert_int_equal(store_commit(s, &e), 0);
	store_rollback(s);
	assert_false(store_in_transaction(s));
	assert_false(has_setting(s, "a"));
	assert_false(has_setting(s, "b"));
	assert_true(has_setting(s, "kept"));
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing_file_not_created, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_mode_and_pragmas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_non_sqlite_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_empty_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_foreign_sqlite_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_newer_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_keeps_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_loaded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_find_folded_and_sorted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_nfc_keys_and_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values_store_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_activity_children_atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_each_order_and_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_json_as_jansson_wrote_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_keyset_paging_and_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_index_and_counts_match_every_row, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_update_versions_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bind_failure_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_transactions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

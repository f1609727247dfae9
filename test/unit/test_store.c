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
#include "socds/text.h"
#include "socds/units.h"
#include "test-util.h"

struct fx {
	char dir[PATH_MAX];
	char db[PATH_MAX + 16];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	tu_mkdtemp(f->dir);
	snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Whole file contents, to prove a refused file is unchanged. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	*len = (size_t)ftell(fp);
	rewind(fp);
	buf = malloc(*len + 1);
	assert_int_equal(fread(buf, 1, *len, fp), *len);
	fclose(fp);
	return buf;
}


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
	assert_int_not_equal(access(f->db, F_OK), 0);
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
	assert_int_equal(sb.st_mode & 0777, 0600);
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
	assert_int_not_equal(access("x", F_OK), 0);
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
		cmocka_unit_test_setup_teardown(test_audit_json_as_jansson_wrote_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_keyset_paging_and_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_versions_and_delete, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

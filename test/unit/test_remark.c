/* remark: reading what the office above returned or holds in conflict
 * (store-remark.h) on a real file: the count, pages newest first that stop
 * when asked, one by record id, and the office's values of a conflict laid
 * over a record (strings, numbers, null, unknown names left out). The rows
 * are put in with SQLite directly, as a receipt would leave them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/store.h"
#include "socds/store-remark.h"
#include "test-util.h"

static void
sql(const char *db, const char *text)
{
	sqlite3 *h;
	char *msg = NULL;

	if (sqlite3_open(db, &h) != SQLITE_OK || sqlite3_exec(h, text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", text, msg != NULL ? msg : sqlite3_errmsg(h));
	sqlite3_close(h);
}

static int
setup(void **state)
{
	*state = tu_fx_new(sizeof(struct tu_fx), true, NULL);
	return *state != NULL ? 0 : -1;
}

static void
test_empty(void **state)
{
	struct tu_fx *f = *state;
	struct store_remark r;
	struct err e = { 0 };
	int64_t n = -1;

	assert_int_equal(store_remark_count(f->s, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_remark_get(f->s, "nope", &r, &e), ERR_NOTFOUND);
}

struct seen {
	int n, stop_at;
	char first[UUID_STR_LEN], last[UUID_STR_LEN];
	bool conflict_first;
};

static int
take(const struct store_remark *r, void *arg)
{
	struct seen *s = arg;

	if (s->n == 0) {
		snprintf(s->first, sizeof s->first, "%s", r->id);
		s->conflict_first = r->conflict;
	}
	snprintf(s->last, sizeof s->last, "%s", r->id);
	return ++s->n == s->stop_at ? 7 : 0;
}

static void
test_pages(void **state)
{
	struct tu_fx *f = *state;
	struct store_remark r;
	struct seen s = { 0 };
	struct err e = { 0 };
	int64_t n = 0;

	/* 250 remarks, one a minute: r-249 the newest. */
	sql(f->db, "WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i WHERE k < 249)"
	    " INSERT INTO remark(record_id, kind, unit_code, version, outcome, reason, at)"
	    " SELECT printf('r-%03d', k), 'activity', '21853', 2, CASE WHEN k % 2 THEN 'conflict'"
	    " ELSE 'rejected' END, 'reason ' || k,"
	    " strftime('%Y-%m-%dT%H:%M:%SZ', '2026-10-05 08:00:00', '+' || k || ' minutes') FROM i");
	assert_int_equal(store_remark_count(f->s, &n, &e), 0);
	assert_int_equal(n, 250);
	assert_int_equal(store_remark_page(f->s, 0, 100, take, &s, &e), 0);
	assert_int_equal(s.n, 100);
	assert_string_equal(s.first, "r-249");
	assert_true(s.conflict_first);
	assert_string_equal(s.last, "r-150");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_remark_page(f->s, 200, 100, take, &s, &e), 0);
	assert_int_equal(s.n, 50);
	assert_string_equal(s.first, "r-049");
	assert_string_equal(s.last, "r-000");
	/* fn's value stops the page and comes back. */
	memset(&s, 0, sizeof s);
	s.stop_at = 3;
	assert_int_equal(store_remark_page(f->s, 0, 100, take, &s, &e), 7);
	assert_int_equal(s.n, 3);
	assert_int_equal(store_remark_get(f->s, "r-010", &r, &e), 0);
	assert_ptr_equal(r.kind, record_kind("activity"));
	assert_false(r.conflict);
	assert_false(r.has_values);
	assert_string_equal(r.reason, "reason 10");
	assert_string_equal(r.unit, "21853");
	assert_int_equal(r.version, 2);
}

static void
test_office_values(void **state)
{
	struct tu_fx *f = *state;
	const struct kind *k = record_kind("member");
	struct record m;
	struct store_remark r;
	struct err e = { 0 };
	int n = -1;

	sql(f->db, "INSERT INTO remark(record_id, kind, unit_code, version, outcome, reason,"
	    " office_version, office_values, at) VALUES"
	    " ('m-1', 'member', '21853', 1, 'conflict', 'changed above', 3,"
	    "  '{\"version\":3,\"deleted\":0,\"unit_code\":\"21859\",\"full_name\":\"Trần Văn An\","
	    "\"phone\":\"0912345678\",\"birth_year\":1990,\"note\":null,\"nonsense\":\"x\","
	    "\"role\":[1]}', '2026-10-05T08:00:00Z'),"
	    " ('m-2', 'member', '21853', 1, 'rejected', 'no', NULL, NULL, '2026-10-05T08:00:00Z'),"
	    " ('m-3', 'member', '21853', 1, 'conflict', 'bad', 2, '{not json', '2026-10-05T08:00:00Z')");
	assert_int_equal(store_remark_get(f->s, "m-1", &r, &e), 0);
	assert_true(r.conflict);
	assert_true(r.has_values);
	assert_int_equal(r.office_version, 3);
	assert_int_equal(record_init(&m, k), 0);
	strcpy(m.unit_code, "21853");
	assert_int_equal(record_set_by_name(&m, "full_name", "Trần Văn An"), 0);
	assert_int_equal(record_set_by_name(&m, "phone", "0368661519"), 0);
	assert_int_equal(record_set_by_name(&m, "note", "ghi chú"), 0);
	assert_int_equal(record_set_by_name(&m, "role", "leader"), 0);
	assert_int_equal(store_remark_office_values(f->s, "m-1", &m, &n, &e), 0);
	/* phone, birth year, note emptied, unit: the name was the same, the
	 * array and the unknown name are left out. */
	assert_int_equal(n, 4);
	assert_string_equal(record_get(&m, "phone"), "0912345678");
	assert_string_equal(record_get(&m, "birth_year"), "1990");
	assert_null(record_get(&m, "note"));
	assert_string_equal(record_get(&m, "role"), "leader");
	assert_string_equal(m.unit_code, "21859");
	assert_int_equal(store_remark_office_values(f->s, "m-2", &m, &n, &e), ERR_NOTFOUND);
	assert_int_equal(store_remark_office_values(f->s, "m-3", &m, &n, &e), ERR_NOTFOUND);
	assert_int_equal(store_remark_office_values(f->s, "m-9", &m, &n, &e), ERR_NOTFOUND);
	record_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty, setup, tu_teardown),
		cmocka_unit_test_setup_teardown(test_pages, setup, tu_teardown),
		cmocka_unit_test_setup_teardown(test_office_values, setup, tu_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* delete: a record goes with its dependants, in one transaction, on a real
 * file; a live record pointing to a deleted one is found and repaired.
 * sqlite3 is linked here only to look at the file independently. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/store.h"
#include "socds/store-record.h"
#include "socds/job-units.h"
#include "test-util.h"

#define UNIT "00004"

struct fx {
	TU_FX_FIELDS;			/* dir, db, s (test-util.h) */
	char village[UUID_STR_LEN], team[UUID_STR_LEN], other_team[UUID_STR_LEN];
	char member[3][UUID_STR_LEN], other_member[UUID_STR_LEN];
	char act[4][UUID_STR_LEN], other_act[UUID_STR_LEN];
	char staff[UUID_STR_LEN], training[UUID_STR_LEN];
	char part_member[UUID_STR_LEN], part_staff[UUID_STR_LEN], part_other[UUID_STR_LEN];
};

static void
put(struct store *s, const char *kind, char id[UUID_STR_LEN], const char *const *kv)
{
	struct record r;
	struct err e = { 0 };

	assert_int_equal(record_init(&r, record_kind(kind)), 0);
	strcpy(r.unit_code, UNIT);
	for (; kv[0] != NULL; kv += 2)
		assert_int_equal(record_set_by_name(&r, kv[0], kv[1]), 0);
	if (store_record_insert(s, &r, &e) != 0)
		fail_msg("%s: %s", kind, e.msg);
	strcpy(id, r.id);
	record_free(&r);
}

static int64_t
q(struct fx *f, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return tu_sql_int(f->db, sql);
}

static void
raw_exec(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	sqlite3_close(h);
}

/* A village with a team of 3 members and 4 activities (members present,
 * citizens helped), another team with a member and an activity where one of
 * the first team's members was present too; a training with a member of
 * the first team, a member of the other and a staff member. */
static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, true, tu_load_units);
	char ids[200];

	if (f == NULL)
		return -1;
	put(f->s, "village", f->village, (const char *[]){ "name", "Thôn An Hòa", NULL });
	put(f->s, "team", f->team, (const char *[]){ "name", "Tổ CNSCĐ thôn An Hòa",
	    "village_id", f->village, NULL });
	put(f->s, "team", f->other_team, (const char *[]){ "name", "Tổ CNSCĐ thôn Bình", NULL });
	for (int i = 0; i < 3; i++)
		put(f->s, "member", f->member[i], (const char *[]){ "team_id", f->team,
		    "full_name", i == 0 ? "Lê An" : i == 1 ? "Trần Bình" : "Võ Cúc", NULL });
	put(f->s, "member", f->other_member, (const char *[]){ "team_id", f->other_team,
	    "full_name", "Đỗ Dung", NULL });
	snprintf(ids, sizeof ids, "%s;%s", f->member[0], f->member[1]);
	for (int i = 0; i < 4; i++)
		put(f->s, "activity", f->act[i], (const char *[]){ "team_id", f->team,
		    "held_on", "2026-03-01", "members_present", ids, "helped",
		    "dvc=5;vneid=2", NULL });
	snprintf(ids, sizeof ids, "%s;%s", f->member[2], f->other_member);
	put(f->s, "activity", f->other_act, (const char *[]){ "team_id", f->other_team,
	    "held_on", "2026-03-02", "members_present", ids, "helped", "dvc=3", NULL });
	put(f->s, "staff", f->staff, (const char *[]){ "full_name", "Phan Giang", NULL });
	put(f->s, "training", f->training, (const char *[]){ "title", "Kỹ năng số",
	    "start_date", "2026-03-10", NULL });
	put(f->s, "participant", f->part_member, (const char *[]){ "training_id", f->training,
	    "member_id", f->member[0], "attended", "1", NULL });
	put(f->s, "participant", f->part_other, (const char *[]){ "training_id", f->training,
	    "member_id", f->other_member, "attended", "1", NULL });
	put(f->s, "participant", f->part_staff, (const char *[]){ "training_id", f->training,
	    "staff_id", f->staff, "attended", "1", NULL });
	*state = f;
	return 0;
}

#define teardown tu_teardown

static void
test_plan_counts(void **state)
{
	struct fx *f = *state;
	struct store_delete_plan p;
	struct err e = { 0 };

	assert_int_equal(store_delete_plan(f->s, record_kind("team"), f->team, &p, &e), 0);
	assert_int_equal(p.members, 3);
	assert_int_equal(p.activities, 4);
	assert_int_equal(p.participations, 1);
	assert_int_equal(p.presences, 1);	/* the other team's activity */
	assert_int_equal(store_delete_plan(f->s, record_kind("training"), f->training, &p, &e), 0);
	assert_int_equal(p.participations, 3);
	assert_int_equal(p.members + p.activities + p.presences, 0);
	assert_int_equal(store_delete_plan(f->s, record_kind("staff"), f->staff, &p, &e), 0);
	assert_int_equal(p.participations, 1);
	assert_int_equal(store_delete_plan(f->s, record_kind("member"), f->member[0], &p, &e), 0);
	assert_int_equal(p.participations, 1);
	assert_int_equal(p.presences, 4);
	assert_int_equal(store_delete_plan(f->s, record_kind("village"), f->village, &p, &e), 0);
	assert_int_equal(p.teams, 1);
}

/* The team goes with its members, activities and their participations, each
 * tombstoned with its version bumped and updated_at set; the other team's
 * activity loses the member from its members present, and changes too. */
static void
test_team_with_dependants(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };

	raw_exec(f->db, "UPDATE member SET updated_at = '2000-01-01T00:00:00Z';"
	    "UPDATE activity SET updated_at = '2000-01-01T00:00:00Z';"
	    "UPDATE participant SET updated_at = '2000-01-01T00:00:00Z';");
	if (store_record_delete(f->s, record_kind("team"), f->team, 1, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(q(f, "SELECT deleted * 10 + version FROM team WHERE id = '%s'", f->team),
	    12);
	assert_int_equal(q(f, "SELECT count(*) FROM member WHERE team_id = '%s' AND deleted = 1"
	    " AND version = 2 AND updated_at > '2001'", f->team), 3);
	assert_int_equal(q(f, "SELECT count(*) FROM activity WHERE team_id = '%s' AND deleted = 1"
	    " AND version = 2 AND updated_at > '2001'", f->team), 4);
	assert_int_equal(q(f, "SELECT deleted * 10 + version FROM participant WHERE id = '%s'",
	    f->part_member), 12);
	/* Others untouched, but for the presence of the deleted member. */
	assert_int_equal(q(f, "SELECT deleted * 10 + version FROM participant WHERE id = '%s'",
	    f->part_other), 1);
	assert_int_equal(q(f, "SELECT deleted * 10 + version FROM activity WHERE id = '%s'"
	    " AND updated_at > '2001'", f->other_act), 2);
	assert_int_equal(q(f, "SELECT group_concat(member_id) = '%s' FROM activity_member"
	    " WHERE activity_id = '%s'", f->other_member, f->other_act), 1);
	assert_int_equal(q(f, "SELECT deleted FROM member WHERE id = '%s'", f->other_member), 0);
	/* The counts the figures read follow. */
	assert_int_equal(q(f, "SELECT sum(n) FROM member_tally"), 1);
	assert_int_equal(q(f, "SELECT sum(n) FROM activity_tally"), 1);
	assert_int_equal(q(f, "SELECT sum(total) FROM activity_help_tally"), 3);
	assert_int_equal(q(f, "SELECT sum(live) FROM kind_count WHERE kind = 'member'"), 1);
	/* Every change audited. */
	assert_int_equal(q(f, "SELECT count(*) FROM audit WHERE action = 'delete'"), 1 + 3 + 4 + 1);
	/* Nothing live points to a deleted record. */
	int64_t n = -1;
	assert_int_equal(store_check_dangling(f->s, NULL, NULL, &n, &e), 0);
	assert_int_equal(n, 0);
}

static void
test_training_staff_member(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	int64_t n = -1;

	assert_int_equal(store_record_delete(f->s, record_kind("staff"), f->staff, 1, &e), 0);
	assert_int_equal(q(f, "SELECT deleted * 10 + version FROM participant WHERE id = '%s'",
	    f->part_staff), 12);
	assert_int_equal(q(f, "SELECT count(*) FROM participant WHERE deleted = 0"), 2);
	assert_int_equal(store_record_delete(f->s, record_kind("member"), f->member[0], 1, &e), 0);
	assert_int_equal(q(f, "SELECT deleted FROM participant WHERE id = '%s'", f->part_member), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM activity_member WHERE member_id = '%s'",
	    f->member[0]), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM activity WHERE version = 2 AND deleted = 0"), 4);
	assert_int_equal(store_record_delete(f->s, record_kind("training"), f->training, 1, &e), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM participant WHERE deleted = 0"), 0);
	assert_int_equal(q(f, "SELECT version FROM participant WHERE id = '%s'", f->part_other), 2);
	assert_int_equal(store_check_dangling(f->s, NULL, NULL, &n, &e), 0);
	assert_int_equal(n, 0);
}

/* A village with a live team is refused, nothing changed; without, deleted. */
static void
test_village_refused(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };

	assert_int_equal(store_record_delete(f->s, record_kind("village"), f->village, 1, &e),
	    ERR_INVALID);
	assert_non_null(strstr(e.msg, "Thôn An Hòa"));
	assert_int_equal(q(f, "SELECT deleted * 10 + version FROM village"), 1);
	assert_int_equal(store_record_delete(f->s, record_kind("team"), f->team, 1, &e), 0);
	assert_int_equal(store_record_delete(f->s, record_kind("village"), f->village, 1, &e), 0);
	assert_int_equal(q(f, "SELECT deleted * 10 + version FROM village"), 12);
}

/* One transaction: a failure on the third dependant leaves nothing changed. */
static void
test_failure_midway_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };

	raw_exec(f->db, "CREATE TABLE n(k INTEGER); INSERT INTO n VALUES (0);"
	    "CREATE TRIGGER third BEFORE UPDATE OF deleted ON member BEGIN"
	    " UPDATE n SET k = k + 1;"
	    " SELECT RAISE(ABORT, 'third') WHERE (SELECT k FROM n) >= 3; END;");
	assert_int_not_equal(store_record_delete(f->s, record_kind("team"), f->team, 1, &e), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM team WHERE deleted = 1"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM member WHERE deleted = 1 OR version > 1"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM activity WHERE deleted = 1 OR version > 1"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM participant WHERE deleted = 1"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM activity_member"), 4 * 2 + 2);
	assert_int_equal(q(f, "SELECT count(*) FROM audit WHERE action = 'delete'"), 0);
	assert_int_equal(q(f, "SELECT k FROM n"), 0);	/* rolled back too */
	raw_exec(f->db, "DROP TRIGGER third;");
	assert_int_equal(store_record_delete(f->s, record_kind("team"), f->team, 1, &e), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM member WHERE deleted = 1"), 3);
}

struct seen {
	int n;
	char line[8][256];
};

static int
seen_add(const struct store_dangling *d, void *arg)
{
	struct seen *s = arg;
	if (s->n < 8)
		snprintf(s->line[s->n++], 256, "%s %s %s %s %s", d->kind->name, d->name, d->field,
		    d->target_kind->name, d->target_name);
	return 0;
}

/* An older database: a team deleted alone (as before), its members and
 * activities still live. check names them; --repair tombstones them. */
static void
test_dangling_found_and_repaired(void **state)
{
	struct fx *f = *state;
	struct seen s = { 0 };
	struct err e = { 0 };
	int64_t n = -1, fixed = -1;

	raw_exec(f->db, "UPDATE team SET village_id = (SELECT id FROM village)"
	    " WHERE name LIKE '%Bình';"
	    "UPDATE team SET deleted = 1, version = 2 WHERE name LIKE '%An Hòa';"
	    "UPDATE village SET deleted = 1, version = 2;");
	assert_int_equal(store_check_dangling(f->s, seen_add, &s, &n, &e), 0);
	/* team → village, 3 members, 4 activities. */
	assert_int_equal(n, 1 + 3 + 4);
	bool member = false, team = false;
	for (int i = 0; i < s.n; i++) {
		member |= strcmp(s.line[i], "member Lê An team_id team Tổ CNSCĐ thôn An Hòa") == 0;
		team |= strcmp(s.line[i], "team Tổ CNSCĐ thôn Bình village_id village Thôn An Hòa")
		    == 0;
	}
	assert_true(member);
	assert_true(team);
	assert_int_equal(store_repair_dangling(f->s, &fixed, &e), 0);
	assert_int_equal(fixed, 8);
	assert_int_equal(store_check_dangling(f->s, NULL, NULL, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(q(f, "SELECT count(*) FROM member WHERE deleted = 0"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM activity WHERE deleted = 0"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM participant WHERE deleted = 0"), 2);
	/* The team outlives its village, detached. */
	assert_int_equal(q(f, "SELECT count(*) FROM team WHERE village_id IS NULL AND deleted = 0"
	    " AND version = 2"), 1);
	assert_int_equal(q(f, "SELECT sum(n) FROM member_tally"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_team_with_dependants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_training_staff_member, setup, teardown),
		cmocka_unit_test_setup_teardown(test_village_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_midway_changes_nothing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_dangling_found_and_repaired, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

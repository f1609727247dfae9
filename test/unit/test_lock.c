/* lock: a period an office above approved is read-only at the unit — every
 * kind's date, moving a record into or out of it, a delete refused whole
 * for one locked dependant, a participant through its training, a merged
 * row rejected, bin restore; an unlocked or reopened period passes; the
 * approve and reopen jobs. On a real file; sqlite3 only to look at it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/job-approve.h"
#include "socds/job-units.h"
#include "socds/store.h"
#include "socds/store-bin.h"
#include "socds/store-lock.h"
#include "socds/store-merge.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "test-util.h"

#define UNIT "00004"	/* Phường Ba Đình, below 01 (Hà Nội) */
#define SIBLING "00008"

struct fx {
	TU_FX_FIELDS;
	char team[UUID_STR_LEN], team2[UUID_STR_LEN], member[UUID_STR_LEN];
	char act_in[UUID_STR_LEN], act_out[UUID_STR_LEN], act2_in[UUID_STR_LEN];
	char tr_in[UUID_STR_LEN], tr_out[UUID_STR_LEN], part_in[UUID_STR_LEN];
	char staff[UUID_STR_LEN], gone[UUID_STR_LEN];
};

static int
try_put(struct store *s, const char *unit, const char *kind, char *id, const char *const *kv,
    struct err *e)
{
	struct record r;
	int rc;

	assert_int_equal(record_init(&r, record_kind(kind)), 0);
	strcpy(r.unit_code, unit);
	for (; kv[0] != NULL; kv += 2)
		assert_int_equal(record_set_by_name(&r, kv[0], kv[1]), 0);
	rc = store_record_insert(s, &r, e);
	if (id != NULL)
		strcpy(id, r.id);
	record_free(&r);
	return rc;
}

static void
put(struct store *s, const char *kind, char id[UUID_STR_LEN], const char *const *kv)
{
	struct err e = { 0 };

	if (try_put(s, UNIT, kind, id, kv, &e) != 0)
		fail_msg("%s: %s", kind, e.msg);
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

static void
approve_raw(struct fx *f, const char *id, const char *unit, const char *period,
    const char *from, const char *to, const char *state)
{
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT INTO approval(id, unit_code, period, date_from, date_to,"
	    " state, at, by_unit, by_user) VALUES ('%s', '%s', '%s', '%s', '%s', '%s',"
	    " '2026-10-05T03:00:00Z', '01', 'tinh')", id, unit, period, from, to, state);
	raw_exec(f->db, sql);
}

/* A refusal of the lock: ERR_PERM, the period named, the date column. */
static void
refused(struct fx *f, int rc, const struct err *e, const char *col)
{
	assert_int_equal(rc, ERR_PERM);
	assert_non_null(strstr(e->msg, "2026-Q3"));
	assert_non_null(strstr(e->msg, "Phường Ba Đình"));
	assert_non_null(strstr(e->msg, "05/10/2026"));
	assert_non_null(store_failed_column(f->s));
	assert_string_equal(store_failed_column(f->s), col);
}

/* Records made before anything is approved; then 2026-Q3 of UNIT. */
static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, true, tu_load_units);

	if (f == NULL)
		return -1;
	put(f->s, "team", f->team, (const char *[]){ "name", "Tổ An Hòa", NULL });
	put(f->s, "team", f->team2, (const char *[]){ "name", "Tổ Bình", NULL });
	put(f->s, "member", f->member, (const char *[]){ "team_id", f->team2, "full_name",
	    "Lê An", NULL });
	put(f->s, "activity", f->act_in, (const char *[]){ "team_id", f->team, "held_on",
	    "2026-08-05", NULL });
	put(f->s, "activity", f->act_out, (const char *[]){ "team_id", f->team, "held_on",
	    "2026-10-05", NULL });
	put(f->s, "activity", f->act2_in, (const char *[]){ "team_id", f->team2, "held_on",
	    "2026-10-06", NULL });
	put(f->s, "training", f->tr_in, (const char *[]){ "title", "Kỹ năng số", "start_date",
	    "2026-08-10", NULL });
	put(f->s, "training", f->tr_out, (const char *[]){ "title", "Dịch vụ công", "start_date",
	    "2026-06-10", NULL });
	put(f->s, "participant", f->part_in, (const char *[]){ "training_id", f->tr_in,
	    "member_id", f->member, NULL });
	put(f->s, "staff", f->staff, (const char *[]){ "full_name", "Phan Giang", "in_post_from",
	    "2026-08-01", NULL });
	put(f->s, "activity", f->gone, (const char *[]){ "team_id", f->team2, "held_on",
	    "2026-09-09", NULL });
	struct err e = { 0 };
	assert_int_equal(store_record_delete(f->s, record_kind("activity"), f->gone, 1, &e), 0);
	approve_raw(f, "01:1", UNIT, "2026-Q3", "2026-07-01", "2026-09-30", "approved");
	*state = f;
	return 0;
}

#define teardown tu_teardown

static void
test_anchor_each_kind(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	char id[UUID_STR_LEN];

	refused(f, try_put(f->s, UNIT, "activity", id, (const char *[]){ "team_id", f->team,
	    "held_on", "2026-09-30", NULL }, &e), &e, "held_on");
	assert_int_equal(try_put(f->s, UNIT, "activity", id, (const char *[]){ "team_id",
	    f->team, "held_on", "2026-10-01", NULL }, &e), 0);
	refused(f, try_put(f->s, UNIT, "training", id, (const char *[]){ "title", "A",
	    "start_date", "2026-07-01", NULL }, &e), &e, "start_date");
	assert_int_equal(try_put(f->s, UNIT, "training", id, (const char *[]){ "title", "B",
	    "start_date", "2026-06-30", NULL }, &e), 0);
	refused(f, try_put(f->s, UNIT, "participant", id, (const char *[]){ "training_id",
	    f->tr_in, "staff_id", f->staff, NULL }, &e), &e, "training_id");
	assert_int_equal(try_put(f->s, UNIT, "participant", id, (const char *[]){ "training_id",
	    f->tr_out, "staff_id", f->staff, NULL }, &e), 0);
	refused(f, try_put(f->s, UNIT, "task_progress", id, (const char *[]){ "task_code", "1.1",
	    "status", "done", "evidence_date", "2026-08-20", NULL }, &e), &e, "evidence_date");
	assert_int_equal(try_put(f->s, UNIT, "task_progress", id, (const char *[]){ "task_code",
	    "1.2", "status", "in_progress", NULL }, &e), 0);
	refused(f, try_put(f->s, UNIT, "statistic", id, (const char *[]){ "year", "2026",
	    "indicator", "pop15", "value", "100", "as_of", "2026-08-01", NULL }, &e), &e, "as_of");
	assert_int_equal(try_put(f->s, UNIT, "statistic", id, (const char *[]){ "year", "2026",
	    "indicator", "pop15", "value", "100", NULL }, &e), 0);	/* 31/12 is not in Q3 */
	refused(f, try_put(f->s, UNIT, "staff", id, (const char *[]){ "full_name", "Võ Cúc",
	    "in_post_until", "2026-08-01", NULL }, &e), &e, "in_post_until");
	assert_int_equal(try_put(f->s, UNIT, "staff", id, (const char *[]){ "full_name", "Đỗ Dung",
	    "in_post_from", "2025-01-01", NULL }, &e), 0);
	refused(f, try_put(f->s, UNIT, "member", id, (const char *[]){ "team_id", f->team,
	    "full_name", "Hà Em", "left_on", "2026-09-01", NULL }, &e), &e, "left_on");
	refused(f, try_put(f->s, UNIT, "team", id, (const char *[]){ "name", "Tổ Mới",
	    "founded_on", "2026-07-15", NULL }, &e), &e, "founded_on");
	assert_int_equal(try_put(f->s, UNIT, "team", id, (const char *[]){ "name", "Tổ Cũ",
	    "founded_on", "2026-01-15", NULL }, &e), 0);
	assert_int_equal(try_put(f->s, UNIT, "village", id, (const char *[]){ "name", "Thôn Mới",
	    NULL }, &e), 0);

	/* A statistic without a date counts at 31 December of its year. */
	approve_raw(f, "01:2", UNIT, "2025", "2025-01-01", "2025-12-31", "approved");
	assert_int_equal(try_put(f->s, UNIT, "statistic", id, (const char *[]){ "year", "2025",
	    "indicator", "pop15", "value", "90", NULL }, &e), ERR_PERM);
	assert_string_equal(store_failed_column(f->s), "year");
	assert_int_equal(try_put(f->s, UNIT, "statistic", id, (const char *[]){ "year", "2025",
	    "indicator", "pop15", "value", "90", "as_of", "2026-01-15", NULL }, &e), 0);
}

/* Update st's record id (kind) with col = v: the rc. */
static int
set_one(struct fx *f, const char *kind, const char *id, const char *col, const char *v,
    struct err *e)
{
	struct record r;
	int rc;

	assert_int_equal(record_init(&r, record_kind(kind)), 0);
	assert_int_equal(store_record_get(f->s, &r, id, e), 0);
	assert_int_equal(record_set_by_name(&r, col, v), 0);
	rc = store_record_update(f->s, &r, e);
	record_free(&r);
	return rc;
}

static void
test_move_in_and_out(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	char sql[200];

	/* Out of the period, into it, or a change inside it: refused. */
	refused(f, set_one(f, "activity", f->act_in, "held_on", "2026-10-09", &e), &e, "held_on");
	refused(f, set_one(f, "activity", f->act_out, "held_on", "2026-09-09", &e), &e, "held_on");
	refused(f, set_one(f, "activity", f->act_in, "place", "Nhà văn hóa", &e), &e, "held_on");
	snprintf(sql, sizeof sql, "SELECT version * 10000 + (held_on = '2026-08-05') FROM activity"
	    " WHERE id = '%s'", f->act_in);
	assert_int_equal(tu_sql_int(f->db, sql), 10001);
	/* Outside, staying outside: fine. */
	assert_int_equal(set_one(f, "activity", f->act_out, "held_on", "2026-10-10", &e), 0);
	/* Staff: the name stays editable, the dates do not. */
	assert_int_equal(set_one(f, "staff", f->staff, "phone", "0905123456", &e), 0);
	refused(f, set_one(f, "staff", f->staff, "in_post_from", "2026-10-01", &e), &e,
	    "in_post_from");
	refused(f, store_record_delete(f->s, record_kind("activity"), f->act_in, 1, &e), &e,
	    "held_on");

	char why[512];
	assert_int_equal(store_lock_record(f->s, record_kind("activity"), f->act_in, why,
	    sizeof why, &e), 1);
	assert_non_null(strstr(why, "2026-Q3"));
	assert_int_equal(store_lock_record(f->s, record_kind("activity"), f->act_out, why,
	    sizeof why, &e), 0);
	assert_string_equal(why, "");
	assert_int_equal(store_lock_record(f->s, record_kind("staff"), f->staff, why,
	    sizeof why, &e), 0);
}

static void
test_cascade_refused_whole(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	char sql[300];

	/* The team's own record is free; one of its activities is not. */
	refused(f, store_record_delete(f->s, record_kind("team"), f->team, 1, &e), &e, "held_on");
	snprintf(sql, sizeof sql, "SELECT (SELECT sum(deleted) FROM activity WHERE team_id = '%s')"
	    " + (SELECT deleted FROM team WHERE id = '%s')", f->team, f->team);
	assert_int_equal(tu_sql_int(f->db, sql), 0);
	/* A member whose participation is in a Q3 training: refused through it. */
	refused(f, store_record_delete(f->s, record_kind("member"), f->member, 1, &e), &e,
	    "training_id");
	refused(f, store_record_delete(f->s, record_kind("training"), f->tr_in, 1, &e), &e,
	    "start_date");
	refused(f, set_one(f, "participant", f->part_in, "attended", "1", &e), &e, "training_id");
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM participant WHERE deleted = 1"), 0);
	/* The training is moved out of the period: refused too. */
	refused(f, set_one(f, "training", f->tr_in, "start_date", "2026-10-10", &e), &e,
	    "start_date");
}

static void
test_merge_row_rejected(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	struct record r;
	enum merge_outcome o;
	int64_t local;

	assert_int_equal(record_init(&r, record_kind("activity")), 0);
	strcpy(r.unit_code, UNIT);
	strcpy(r.id, "01a24ce0-c016-737d-b185-f1b4212e40e1");
	strcpy(r.created_at, "2026-08-31T13:49:36Z");
	strcpy(r.updated_at, r.created_at);
	r.version = 2;
	record_set_by_name(&r, "team_id", f->team);
	record_set_by_name(&r, "held_on", "2026-08-31");
	assert_int_equal(store_merge_record(f->s, &r, UNIT, true, &o, &local, &e), 0);
	assert_int_equal(o, MERGE_REJECTED);
	assert_non_null(strstr(e.msg, "2026-Q3"));
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM activity WHERE id ="
	    " '01a24ce0-c016-737d-b185-f1b4212e40e1'"), 0);
	/* The same row in October goes in. */
	record_set_by_name(&r, "held_on", "2026-10-31");
	assert_int_equal(store_merge_record(f->s, &r, UNIT, true, &o, &local, &e), 0);
	assert_int_equal(o, MERGE_INSERTED);
	/* A newer version of a stored Q3 row: rejected. */
	record_free(&r);
	assert_int_equal(record_init(&r, record_kind("activity")), 0);
	{
		char sql[200];
		snprintf(sql, sizeof sql, "UPDATE activity SET synced_version = version WHERE id = '%s'",
		    f->act_in);
		raw_exec(f->db, sql);	/* received from below, not changed here */
	}
	assert_int_equal(store_record_get(f->s, &r, f->act_in, &e), 0);
	r.version = 5;
	record_set_by_name(&r, "place", "Hội trường");
	assert_int_equal(store_merge_record(f->s, &r, UNIT, true, &o, &local, &e), 0);
	assert_int_equal(o, MERGE_REJECTED);
	record_free(&r);
}

static void
test_bin_restore_refused(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	struct store_bin_restored out;
	char sql[200];

	memset(&out, 0, sizeof out);
	refused(f, store_bin_restore(f->s, f->gone, NULL, NULL, &out, &e), &e, "held_on");
	snprintf(sql, sizeof sql, "SELECT deleted FROM activity WHERE id = '%s'", f->gone);
	assert_int_equal(tu_sql_int(f->db, sql), 1);
}

/* check --repair: a Q3 activity listing a deleted member is not mended. */
static void
test_repair_refused(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	char sql[300];
	int64_t fixed = -1;

	snprintf(sql, sizeof sql, "INSERT INTO activity_member(activity_id, member_id) VALUES"
	    " ('%s', '%s'); UPDATE member SET deleted = 1 WHERE id = '%s'", f->act_in, f->member,
	    f->member);
	raw_exec(f->db, sql);
	assert_int_equal(store_repair_dangling(f->s, &fixed, &e), ERR_PERM);
	assert_non_null(strstr(e.msg, "2026-Q3"));
	assert_int_equal(fixed, 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM activity_member WHERE activity_id = '%s'",
	    f->act_in);
	assert_int_equal(tu_sql_int(f->db, sql), 1);
}

static void
test_unlocked_and_reopened(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	char id[UUID_STR_LEN];

	/* Another unit's period is not this one's. */
	assert_int_equal(try_put(f->s, SIBLING, "training", id, (const char *[]){ "title", "C",
	    "start_date", "2026-08-01", NULL }, &e), 0);
	/* Reopened: everything passes again. */
	raw_exec(f->db, "UPDATE approval SET state = 'reopened', revision = 2");
	assert_int_equal(set_one(f, "activity", f->act_in, "held_on", "2026-10-09", &e), 0);
	assert_int_equal(store_record_delete(f->s, record_kind("team"), f->team, 1, &e), 0);
	/* The province's own approval covers the units below it. */
	approve_raw(f, "01:9", "01", "2026-Q3", "2026-07-01", "2026-09-30", "approved");
	assert_int_equal(try_put(f->s, SIBLING, "training", id, (const char *[]){ "title", "D",
	    "start_date", "2026-08-02", NULL }, &e), ERR_PERM);
}

static void
test_approve_jobs(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	struct job_approve_result r;

	raw_exec(f->db, "DELETE FROM approval");
	assert_int_equal(store_home_set(f->s, "01", &e), 0);
	assert_int_equal(job_approve(f->s, SIBLING, "Q3/2026", &r, &e), 0);
	assert_string_equal(r.a.id, "01:1");
	assert_string_equal(r.a.period, "2026-Q3");
	assert_true(r.no_package);
	assert_int_equal(job_approve(f->s, SIBLING, "2026-Q3", &r, &e), ERR_EXISTS);
	assert_int_equal(job_reopen(f->s, SIBLING, "2026-Q3", " ", &r, &e), ERR_USAGE);
	assert_int_equal(job_reopen(f->s, SIBLING, "2026-Q4", "x", &r, &e), ERR_NOTFOUND);
	assert_int_equal(job_reopen(f->s, SIBLING, "2026-Q3", "sửa số liệu", &r, &e), 0);
	assert_int_equal(r.a.revision, 2);
	assert_int_equal(job_approve(f->s, SIBLING, "2026-Q3", &r, &e), 0);
	assert_string_equal(r.a.id, "01:1");
	assert_int_equal(r.a.revision, 3);
	assert_int_equal(job_approve(f->s, UNIT, "2026-11", &r, &e), 0);
	assert_string_equal(r.a.id, "01:2");
	/* An office never approves itself. */
	assert_int_equal(job_approve(f->s, "01", "2026", &r, &e), ERR_INVALID);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM approval"), 2);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM audit WHERE kind = 'approval'"
	    " AND action IN ('approve', 'reopen')"), 4);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM approval WHERE id = '01:1'"
	    " AND state = 'approved' AND reason = 'sửa số liệu'"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_anchor_each_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_in_and_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cascade_refused_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_row_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bin_restore_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repair_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unlocked_and_reopened, setup, teardown),
		cmocka_unit_test_setup_teardown(test_approve_jobs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

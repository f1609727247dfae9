/* jobs: the jobs of src/job/ that model/ gave up — demo (its progress),
 * backup and restore (the role check inside, nothing written when refused),
 * the task status job (the standing report sees it) and the unit paper
 * settings job — on one demo database of a commune in a temporary folder. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/job-backup.h"
#include "socds/job-demo.h"
#include "socds/job-paper.h"
#include "socds/job-standing.h"
#include "socds/job-tasks.h"
#include "socds/period.h"
#include "socds/store-admin.h"
#include "test-util.h"

#define UNIT "21853"	/* Xã Phù Cát, a current commune */

static char dir[PATH_MAX], db[PATH_MAX + 16], bak[PATH_MAX + 16], me[64];

struct progress {
	int calls;
	int64_t last;
	bool backwards;
};
static struct progress demo_progress;
static struct demo_counts demo_n;

static void
on_progress(int64_t rows, void *arg)
{
	struct progress *p = arg;

	p->backwards = p->backwards || rows < p->last;
	p->last = rows;
	p->calls++;
}

static int
setup(void **state)
{
	struct demo_opts o = { .unit = UNIT, .scale = 1, .seed = 7, .datadir = tu_srcdir(),
		.progress = on_progress, .arg = &demo_progress };
	struct job_backup_opts bo = { .out = bak };
	struct store *s;
	struct unit home;
	struct err e = { 0 };

	(void)state;
	tu_mkdtemp(dir);
	snprintf(db, sizeof db, "%s/j.db", dir);
	snprintf(bak, sizeof bak, "%s/copy.db", dir);
	snprintf(me, sizeof me, "%s", store_os_user());
	if (store_open(db, STORE_CREATE, &s, &e) != 0 ||
	    job_demo(s, &o, &demo_n, &home, &e) != 0 ||
	    store_user_add(s, "ed", UNIT, "editor", &e) != 0 ||
	    store_user_add(s, "vw", UNIT, "viewer", &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	store_close(s);
	/* A backup to restore from, made by the admin. */
	if (job_backup(db, &bo, NULL, &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_rmdir(dir);
	return 0;
}

static void
as(const char *who)
{
	struct err e = { 0 };

	assert_int_equal(store_os_user_set(who, &e), 0);
}

static struct store *
open_as(const char *who)
{
	struct store *s = NULL;
	struct err e = { 0 };

	as(who);
	assert_int_equal(store_open(db, 0, &s, &e), 0);
	return s;
}

static bool
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The demo job calls progress as it writes and once at the end with every row. */
static void
test_demo_progress(void **state)
{
	(void)state;
	assert_true(demo_progress.calls >= 1);
	assert_false(demo_progress.backwards);
	assert_int_equal(demo_progress.last, demo_n.rows);
	assert_true(demo_n.rows > 0);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM audit WHERE action = 'demo'"), 1);
}

/* Every role may back up; an account the database does not know may not,
 * and nothing is written. */
static void
test_backup_roles(void **state)
{
	char out[PATH_MAX + 32];
	struct job_backup_opts o = { .out = out };
	struct job_backup_result r;
	struct err e = { 0 };

	(void)state;
	snprintf(out, sizeof out, "%s/by-viewer.db", dir);
	as("vw");
	assert_int_equal(job_backup(db, &o, &r, &e), 0);
	assert_string_equal(r.path, out);
	assert_true(r.size > 0);
	assert_true(exists(out));

	snprintf(out, sizeof out, "%s/by-nobody.db", dir);
	as("nobody");
	assert_int_equal(job_backup(db, &o, &r, &e), ERR_PERM);
	assert_false(exists(out));
	as(me);
}

/* Only an admin may restore: an editor and a viewer are refused inside the
 * job, and the database, its folder and the backup stay as they were. */
static void
test_restore_refused(void **state)
{
	const char *who[] = { "ed", "vw" };
	struct job_backup_opts o = { .force = true };
	char aside[PATH_MAX + 64];
	int before = tu_sql_int(db, "SELECT count(*) FROM staff");

	(void)state;
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM app_user"), 3);
	for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
		struct err e = { 0 };
		as(who[i]);
		assert_int_equal(job_restore(bak, db, &o, aside, sizeof aside, &e), ERR_PERM);
		assert_non_null(strstr(e.msg, who[i]));
		assert_string_equal(aside, "");
	}
	as(me);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM staff"), before);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM app_user"), 3);
	/* The admin may: the database is put aside and the copy takes its place. */
	{
		struct err e = { 0 };
		assert_int_equal(job_restore(bak, db, &o, aside, sizeof aside, &e), 0);
		assert_true(aside[0] != '\0');
		assert_true(exists(aside));
	}
}

struct pick {
	char code[32];
	bool found, overdue;
};

static int
pick_not_done(const struct task_row *t, void *arg)
{
	struct pick *p = arg;

	/* An overdue task, when there is one: done, it is overdue no more. */
	if (strcmp(t->status, "done") != 0 && (!p->found || (t->overdue && !p->overdue))) {
		snprintf(p->code, sizeof p->code, "%s", t->code);
		p->found = true;
		p->overdue = t->overdue;
	}
	return 0;
}

/* The task status job records a status; tasks_count and the standing report
 * see it. A viewer and an editor of another unit are refused; an unknown
 * status or task is refused; nothing is written then. */
static void
test_task_status(void **state)
{
	struct store *s = open_as(me);
	struct pick p = { "", false, false };
	struct task_counts before, after;
	struct standing r;
	char today[11], id[UUID_STR_LEN];
	struct err e = { 0 };
	int records = tu_sql_int(db, "SELECT count(*) FROM task_progress");

	(void)state;
	period_today(today);
	assert_int_equal(tasks_list(s, UNIT, "commune", today, pick_not_done, &p, &e), 0);
	assert_true(p.found);
	assert_int_equal(tasks_count(s, UNIT, "commune", today, &before, &e), 0);
	store_close(s);

	struct job_task_status o = { .unit = UNIT, .code = p.code, .status = "done",
		.note = "Đã hoàn thành.", .evidence_no = "12/BC-UBND", .evidence_date = today };
	s = open_as("vw");
	assert_int_equal(job_task_status(s, &o, id, &e), ERR_PERM);
	store_close(s);
	s = open_as(me);
	o.status = "finished";
	assert_int_equal(job_task_status(s, &o, id, &e), ERR_INVALID);
	o.status = "done";
	o.code = "NO-SUCH-TASK";
	assert_int_equal(job_task_status(s, &o, id, &e), ERR_INVALID);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM task_progress"), records);

	o.code = p.code;
	assert_int_equal(job_task_status(s, &o, id, &e), 0);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM task_progress"), records + 1);
	assert_int_equal(tasks_count(s, UNIT, "commune", today, &after, &e), 0);
	assert_int_equal(after.done, before.done + 1);
	assert_int_equal(after.total, before.total);
	assert_int_equal(after.overdue, before.overdue - p.overdue);
	assert_int_equal(standing_build(s, tu_srcdir(), UNIT, NULL, &r, &e), 0);
	assert_int_equal(r.total.tasks.done, after.done);
	assert_int_equal(r.total.tasks.overdue, after.overdue);
	standing_free(&r);
	store_close(s);
}

/* The unit paper settings job: values checked first, then the role; a
 * viewer is refused and nothing is written; "" clears a key. */
static void
test_paper_set(void **state)
{
	const char *vals[PAPER_NKEYS] = { 0 };
	struct store *s = open_as("vw");
	struct paper p;
	struct unit u;
	struct err e = { 0 };
	int n = -1;

	(void)state;
	vals[PAPER_SIGNER_NAME] = "Nguyễn Văn An";
	assert_int_equal(job_paper_set(s, UNIT, vals, &n, &e), ERR_PERM);
	store_close(s);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM unit_setting WHERE key ="
	    " 'signer_name' AND value = 'Nguyễn Văn An'"), 0);
	s = open_as("ed");
	vals[PAPER_PLACE] = "Phù\tCát";
	assert_int_equal(job_paper_set(s, UNIT, vals, &n, &e), ERR_INVALID);
	vals[PAPER_PLACE] = NULL;
	assert_int_equal(job_paper_set(s, UNIT, vals, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_unit_get(s, UNIT, &u, &e), 0);
	assert_int_equal(paper_load(s, &u, &p, &e), 0);
	assert_string_equal(p.v[PAPER_SIGNER_NAME], "Nguyễn Văn An");
	assert_true(p.set[PAPER_SIGNER_NAME]);
	vals[PAPER_SIGNER_NAME] = "";
	assert_int_equal(job_paper_set(s, UNIT, vals, &n, &e), 0);
	assert_int_equal(paper_load(s, &u, &p, &e), 0);
	assert_false(p.set[PAPER_SIGNER_NAME]);
	memset(vals, 0, sizeof vals);
	assert_int_equal(job_paper_set(s, UNIT, vals, &n, &e), 0);
	assert_int_equal(n, 0);
	store_close(s);
	as(me);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_progress),
		cmocka_unit_test(test_backup_roles),
		cmocka_unit_test(test_task_status),
		cmocka_unit_test(test_paper_set),
		cmocka_unit_test(test_restore_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* access: store_allow, the one answer to "may this account do this to this
 * unit", for each role and action of its table, on a real database. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"
#include "socds/job-units.h"
#include "test-util.h"

static char dir[PATH_MAX], db[PATH_MAX + 16], me[64];

static int
setup(void **state)
{
	struct store *s;
	struct err e = { 0 };

	(void)state;
	tu_mkdtemp(dir);
	snprintf(db, sizeof db, "%s/a.db", dir);
	snprintf(me, sizeof me, "%s", store_os_user());
	if (store_open(db, STORE_CREATE, &s, &e) != 0 || units_load(s, tu_srcdir(), &e) != 0 ||
	    store_home_set(s, "548", &e) != 0 || store_user_add(s, me, "548", "admin", &e) != 0 ||
	    store_user_add(s, "ed", "21853", "editor", &e) != 0 ||
	    store_user_add(s, "vw", "548", "viewer", &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	store_close(s);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_rmdir(dir);
	return 0;
}

/* Opens the database as `who` (store_os_user_set) and asks. */
static struct store *
open_as(const char *who)
{
	struct store *s = NULL;
	struct err e = { 0 };

	assert_int_equal(store_os_user_set(who, &e), 0);
	assert_int_equal(store_open(db, 0, &s, &e), 0);
	return s;
}

static int
ask(struct store *s, enum store_action a, const char *unit, struct err *e)
{
	memset(e, 0, sizeof *e);
	return store_allow(s, a, unit, e);
}

static void
test_admin_may_do_everything(void **state)
{
	struct store *s = open_as(me);
	struct err e;

	(void)state;
	for (int a = 0; a < STORE_ACT_COUNT; a++) {
		assert_int_equal(ask(s, (enum store_action)a, NULL, &e), 0);
		assert_int_equal(ask(s, (enum store_action)a, "21859", &e), 0);
	}
	store_close(s);
}

static void
test_editor_within_its_unit(void **state)
{
	struct store *s = open_as("ed");
	struct err e;
	static const enum store_action scoped[] = { STORE_ACT_EDIT, STORE_ACT_IMPORT,
		STORE_ACT_MERGE };
	static const enum store_action admin_only[] = { STORE_ACT_MERGE_REVERT,
		STORE_ACT_RESTORE, STORE_ACT_USERS, STORE_ACT_KEYS, STORE_ACT_SETTINGS,
		STORE_ACT_ADMIN };

	(void)state;
	for (size_t i = 0; i < sizeof scoped / sizeof scoped[0]; i++) {
		assert_int_equal(ask(s, scoped[i], "21853", &e), 0);
		assert_int_equal(ask(s, scoped[i], "21859", &e), ERR_PERM);
		assert_non_null(strstr(e.msg, "'ed' is editor of unit 21853"));
		assert_non_null(strstr(e.msg, "21859"));
		/* Above its unit is outside it too. */
		assert_int_equal(ask(s, scoped[i], "548", &e), ERR_PERM);
	}
	for (size_t i = 0; i < sizeof admin_only / sizeof admin_only[0]; i++) {
		assert_int_equal(ask(s, admin_only[i], NULL, &e), ERR_PERM);
		assert_non_null(strstr(e.msg, "only an admin"));
		assert_int_equal(ask(s, admin_only[i], "21853", &e), ERR_PERM);
	}
	assert_int_equal(ask(s, STORE_ACT_READ, "21859", &e), 0);
	assert_int_equal(ask(s, STORE_ACT_EXPORT, NULL, &e), 0);
	assert_int_equal(ask(s, STORE_ACT_BACKUP, NULL, &e), 0);
	store_close(s);
}

static void
test_viewer_reads_only(void **state)
{
	struct store *s = open_as("vw");
	struct err e;

	(void)state;
	assert_int_equal(ask(s, STORE_ACT_READ, NULL, &e), 0);
	assert_int_equal(ask(s, STORE_ACT_EXPORT, "548", &e), 0);
	for (int a = STORE_ACT_EDIT; a < STORE_ACT_COUNT; a++) {
		assert_int_equal(ask(s, (enum store_action)a, "548", &e), ERR_PERM);
		assert_non_null(strstr(e.msg, "'vw' is viewer of unit 548"));
		assert_non_null(strstr(e.msg, store_action_name((enum store_action)a)));
	}
	store_close(s);
}

/* The store's own writes ask too: users are managed by an admin only,
 * whatever face calls store_user_add, and nothing is written when refused. */
static void
test_store_functions_ask(void **state)
{
	struct store *s = open_as("ed");
	struct err e = { 0 };
	int64_t users = tu_sql_int(db, "SELECT count(*) FROM app_user");
	int64_t audit = tu_sql_int(db, "SELECT count(*) FROM audit");

	(void)state;
	assert_int_equal(store_user_add(s, "ed", "548", "admin", &e), ERR_PERM);
	assert_int_equal(store_user_remove(s, "vw", &e), ERR_PERM);
	store_close(s);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM app_user"), users);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM app_user WHERE os_user = 'ed'"
	    " AND role = 'editor'"), 1);
}

/* A name given with --as must be in the table, and a plain one. */
static void
test_forced_name(void **state)
{
	struct store *s = NULL;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(store_os_user_set("-x", &e), ERR_USAGE);
	assert_int_equal(store_os_user_set("a/b", &e), ERR_USAGE);
	assert_int_equal(store_os_user_set("", &e), ERR_USAGE);
	assert_int_equal(store_os_user_set("nobody-here", &e), 0);
	assert_true(store_os_user_forced());
	assert_int_equal(store_open(db, 0, &s, &e), ERR_PERM);
	assert_null(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_admin_may_do_everything),
		cmocka_unit_test(test_editor_within_its_unit),
		cmocka_unit_test(test_viewer_reads_only),
		cmocka_unit_test(test_store_functions_ask),
		cmocka_unit_test(test_forced_name),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

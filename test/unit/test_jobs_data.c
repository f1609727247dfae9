/* The jobs that move data (job-import.h, job-merge.h, job-package.h) on
 * real databases in a temporary folder: the progress callback counts up to
 * a final total, and a viewer is refused by the job itself — not by a front
 * end — with nothing written. A commune (21853) makes its package; the
 * district (548) takes it in and imports a CSV file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/job-demo.h"
#include "socds/i18n.h"
#include "socds/job-import.h"
#include "socds/job-merge.h"
#include "socds/job-package.h"
#include "socds/safefile.h"
#include "socds/store.h"
#include "socds/job-units.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"
#include "test-util.h"

static char dir[PATH_MAX], commune[PATH_MAX + 16], district[PATH_MAX + 16];
static char pkg[PATH_MAX + 16], csv[PATH_MAX + 16], me[64];
static struct forms fs;

/* What a progress callback was told. */
struct seen {
	int calls;
	int64_t last, total;
	bool increasing;
};

static void
progress(const char *what, int64_t done, int64_t total, void *arg)
{
	struct seen *sn = arg;

	assert_non_null(what);
	if (sn->calls > 0 && done < sn->last)
		sn->increasing = false;
	sn->calls++;
	sn->last = done;
	sn->total = total;
}

static struct store *
open_as(const char *path, const char *who)
{
	struct store *s = NULL;
	struct err e = { 0 };

	assert_int_equal(store_os_user_set(who, &e), 0);
	if (store_open(path, 0, &s, &e) != 0)
		fail_msg("%s", e.msg);
	return s;
}

static int
setup(void **state)
{
	struct store *s;
	struct err e = { 0 };
	struct demo_counts n;
	struct demo_opts o = { .unit = "21853", .scale = 1, .seed = 7, .datadir = tu_srcdir() };
	static const char text[] = "full_name,birth_year,gender\r\nNguyễn Văn An,1980,nam\r\n"
	    "Trần Thị Bình,1985,nữ\r\nLê Văn Cường,1990,nam\r\n";

	(void)state;
	i18n_init("en", "/nonexistent");
	tu_mkdtemp(dir);
	snprintf(me, sizeof me, "%s", store_os_user());
	snprintf(commune, sizeof commune, "%s/c.db", dir);
	snprintf(district, sizeof district, "%s/d.db", dir);
	snprintf(pkg, sizeof pkg, "%s/c.zip", dir);
	snprintf(csv, sizeof csv, "%s/staff.csv", dir);
	tu_write(csv, text, sizeof text - 1);
	if (forms_load(tu_srcdir(), &fs, &e) != 0 ||
	    store_open(commune, STORE_CREATE, &s, &e) != 0 ||
	    units_load(s, tu_srcdir(), &e) != 0 || demo_build(s, &o, &n, &e) != 0 ||
	    store_user_add(s, me, "21853", "admin", &e) != 0)
		goto fail;
	store_close(s);
	if (store_open(district, STORE_CREATE, &s, &e) != 0 ||
	    units_load(s, tu_srcdir(), &e) != 0 || store_home_set(s, "548", &e) != 0 ||
	    units_attach_district(s, "548", &e) != 0 ||
	    store_user_add(s, me, "548", "admin", &e) != 0 ||
	    store_user_add(s, "vw", "548", "viewer", &e) != 0)
		goto fail;
	store_close(s);
	return 0;
fail:
	fprintf(stderr, "setup: %s\n", e.msg);
	return -1;
}

static int
teardown(void **state)
{
	(void)state;
	forms_free(&fs);
	tu_rmdir(dir);
	return 0;
}

/* What the district holds that a merge or an import would change. */
static int64_t
written(void)
{
	return tu_sql_int(district, "SELECT (SELECT count(*) FROM merge_log) +"
	    " (SELECT count(*) FROM audit) + (SELECT count(*) FROM staff)");
}

/* The package: its progress, its rows; then the merge's progress. */
static void
test_package_and_merge_progress(void **state)
{
	struct store *s = open_as(commune, me);
	struct seen sn = { .increasing = true };
	struct job_package_result pr;
	struct job_merged m;
	struct err e = { 0 };
	const char *paths[] = { pkg };

	(void)state;
	assert_int_equal(job_package(&(struct job_package_opts){ s, &fs,
	    { .progress = progress, .arg = &sn }, pkg, SAFEFILE_FORCE }, &pr, &e), 0);
	store_close(s);
	assert_true(pr.rows > 0);
	assert_true(sn.calls > 0);

	/* The viewer first: refused by the job, nothing written. */
	int64_t before = written();
	s = open_as(district, "vw");
	assert_int_equal(job_merge(&(struct job_merge_opts){ s, &fs, paths, 1, NULL, NULL, NULL, NULL },
	    &m, &e), 0);
	assert_int_equal(m.rc, ERR_PERM);
	assert_non_null(strstr(m.e.msg, "'vw' is viewer of unit 548"));
	assert_non_null(strstr(m.e.msg, pkg));
	store_close(s);
	assert_int_equal(written(), before);

	memset(&sn, 0, sizeof sn);
	sn.increasing = true;
	s = open_as(district, me);
	assert_int_equal(job_merge(&(struct job_merge_opts){ s, &fs, paths, 1, NULL, progress,
	    &sn, NULL }, &m, &e), 0);
	assert_int_equal(m.rc, 0);
	store_close(s);
	assert_true(sn.calls >= 1);
	assert_true(sn.increasing);
	assert_int_equal(sn.last, pr.rows);	/* every row of the package, at the end */
	assert_int_equal(sn.total, pr.rows);
	assert_true(written() > before);
}

/* A viewer may not revert a merge either: the job says no. */
static void
test_revert_refused(void **state)
{
	struct store *s = open_as(district, "vw");
	struct merge_revert_report rr;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(job_merge_revert(s, 1, &rr, &e), ERR_PERM);
	assert_int_equal(rr.reverted + rr.refused, 0);
	store_close(s);
}

static struct job_import_opts
import_opts(struct store *s, struct seen *sn)
{
	return (struct job_import_opts){ .s = s, .fs = &fs, .path = csv,
		.io = { .kind = record_kind("staff"), .progress = progress, .progress_arg = sn } };
}

static void
test_import_viewer_refused(void **state)
{
	struct store *s = open_as(district, "vw");
	struct seen sn = { .increasing = true };
	struct job_import_opts o = import_opts(s, &sn);
	struct import_result r;
	struct err e = { 0 };
	int64_t before = written();

	(void)state;
	assert_int_equal(job_import(&o, &r, &e), ERR_PERM);
	assert_non_null(strstr(e.msg, "'vw' is viewer of unit 548"));
	assert_int_equal(r.rows, 0);
	assert_int_equal(sn.calls, 0);	/* not a row read */
	/* A dry run writes nothing: a viewer may check a file. */
	o.io.dry_run = true;
	assert_int_equal(job_import(&o, &r, &e), 0);
	assert_int_equal(r.valid, 3);
	store_close(s);
	assert_int_equal(written(), before);
}

static void
test_import_progress(void **state)
{
	struct store *s = open_as(district, me);
	struct seen sn = { .increasing = true };
	struct job_import_opts o = import_opts(s, &sn);
	struct import_preview pv;
	struct import_result r;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(job_import_preview(&o, &pv, &e), 0);
	assert_int_equal(pv.nrows, 3);
	assert_int_equal(job_import(&o, &r, &e), 0);
	store_close(s);
	assert_int_equal(r.inserted, 3);
	assert_int_equal(sn.calls, 4);	/* each row, then the total */
	assert_true(sn.increasing);
	assert_int_equal(sn.last, 3);
	assert_int_equal(sn.total, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_package_and_merge_progress),
		cmocka_unit_test(test_revert_refused),
		cmocka_unit_test(test_import_viewer_refused),
		cmocka_unit_test(test_import_progress),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

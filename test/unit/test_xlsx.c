/* xlsx: job_export_xlsx through its API — rows against independent SQL (read
 * back from the sheets' XML with libzip), tombstones, period, unit, progress,
 * English headers, and the refusals that must leave no file behind. The
 * cell-by-cell checks with an independent reader are in test/cli/test_xlsx.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <zip.h>

#include "socds/job-demo.h"
#include "socds/export.h"
#include "socds/i18n.h"
#include "socds/job-export.h"
#include "socds/paths.h"
#include "socds/store.h"
#include "socds/job-units.h"
#include "test-util.h"

/* The sheets: 1 the summary, then these kinds. */
enum { SH_SUMMARY = 1, SH_STAFF, SH_TRAINING, SH_PARTICIPANT, SH_VILLAGE, SH_TEAM,
	SH_MEMBER, SH_ACTIVITY };

struct fx {
	TU_FX_FORMS_FIELDS;		/* dir, db, s, fs (test-util.h) */
	char out[PATH_MAX + 16];
};

static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, false, NULL);
	struct demo_opts o = { .scale = 3, .seed = 7, .datadir = tu_srcdir() };
	struct demo_counts n;
	struct err e = { 0 };
	char *msg = NULL;
	sqlite3 *h;

	i18n_init("vi", paths_localedir());
	snprintf(f->out, sizeof f->out, "%s/out", f->dir);
	mkdir(f->out, 0700);
	snprintf(f->out, sizeof f->out, "%s/out/x.xlsx", f->dir);
	if (store_open(f->db, STORE_CREATE, &f->s, &e) != 0 ||
	    units_load(f->s, tu_srcdir(), &e) != 0 || demo_build(f->s, &o, &n, &e) != 0) {
		print_error("%s\n", e.msg);
		return -1;
	}
	store_close(f->s);
	/* Two tombstones, for the option that exports them. */
	if (sqlite3_open(f->db, &h) != SQLITE_OK || sqlite3_exec(h,
	    "UPDATE staff SET deleted = 1, version = version + 1 WHERE id IN"
	    " (SELECT id FROM staff ORDER BY id LIMIT 2)", NULL, NULL, &msg) != SQLITE_OK) {
		print_error("%s\n", msg ? msg : sqlite3_errmsg(h));
		return -1;
	}
	sqlite3_close(h);
	if (store_open(f->db, STORE_READONLY, &f->s, &e) != 0 ||
	    forms_load(tu_srcdir(), &f->fs, &e) != 0) {
		print_error("%s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

#define teardown tu_forms_teardown

/* Each test starts with an empty output folder. */
static int
fresh(void **state)
{
	struct fx *f = *state;

	unlink(f->out);
	return 0;
}

/* Sheet n's XML, whole, from the workbook (NUL-terminated; free it). */
static char *
sheet_xml(const char *path, int n)
{
	char name[48], *buf;
	zip_t *z;
	zip_file_t *zf;
	zip_stat_t st;
	int err;

	snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", n);
	if ((z = zip_open(path, ZIP_RDONLY, &err)) == NULL)
		return NULL;
	if (zip_stat(z, name, 0, &st) != 0 || (zf = zip_fopen(z, name, 0)) == NULL) {
		zip_discard(z);
		return NULL;
	}
	buf = malloc(st.size + 1);
	assert_non_null(buf);
	assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(zf);
	zip_discard(z);
	return buf;
}

/* Rows of sheet n, its header included; -1 when the sheet is missing. */
static int64_t
sheet_rows(const char *path, int n)
{
	char *x = sheet_xml(path, n);
	int64_t rows = 0;

	if (x == NULL)
		return -1;
	for (const char *p = x; (p = strstr(p, "<row ")) != NULL; p++)
		rows++;
	free(x);
	return rows;
}

static bool
sheet_has(const char *path, int n, const char *text)
{
	char *x = sheet_xml(path, n);
	bool has = x != NULL && strstr(x, text) != NULL;

	free(x);
	return has;
}

/* Names in the output folder other than the workbook: temporaries left. */
static int
others_in(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0 &&
		    (keep == NULL || strcmp(de->d_name, keep) != 0)) {
			print_message("# left in %s: %s\n", dir, de->d_name);
			n++;
		}
	closedir(d);
	return n;
}

static void
out_dir(const struct fx *f, char *buf, size_t size)
{
	snprintf(buf, size, "%s/out", f->dir);
}

static void
test_live_rows(void **state)
{
	struct fx *f = *state;
	struct export_opts o = { 0 };
	struct err e = { 0 };
	struct stat sb;
	char dir[PATH_MAX + 8];

	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, f->out, 0, &e), 0);
	assert_int_equal(stat(f->out, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	out_dir(f, dir, sizeof dir);
	assert_int_equal(others_in(dir, "x.xlsx"), 0);
	assert_int_equal(sheet_rows(f->out, SH_STAFF) - 1,
	    tu_sql_int(f->db, "SELECT count(*) FROM staff WHERE deleted = 0"));
	assert_int_equal(sheet_rows(f->out, SH_ACTIVITY) - 1,
	    tu_sql_int(f->db, "SELECT count(*) FROM activity WHERE deleted = 0"));
	assert_int_equal(sheet_rows(f->out, SH_PARTICIPANT) - 1,
	    tu_sql_int(f->db, "SELECT count(*) FROM participant WHERE deleted = 0"));
	assert_false(sheet_has(f->out, SH_STAFF, "Đã xóa"));
	assert_true(sheet_has(f->out, SH_STAFF, "<pane ySplit=\"1\""));
	assert_true(sheet_has(f->out, SH_STAFF, "<autoFilter ref=\"A1:"));
	assert_int_equal(sheet_rows(f->out, SH_ACTIVITY + 1), -1);	/* no more sheets */
}

static void
test_tombstones(void **state)
{
	struct fx *f = *state;
	struct export_opts o = { .tombstones = true };
	struct err e = { 0 };

	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, f->out, 0, &e), 0);
	assert_int_equal(sheet_rows(f->out, SH_STAFF) - 1,
	    tu_sql_int(f->db, "SELECT count(*) FROM staff"));
	assert_true(tu_sql_int(f->db, "SELECT count(*) FROM staff WHERE deleted = 1") == 2);
	assert_true(sheet_has(f->out, SH_STAFF, ">Đã xóa<"));
	assert_true(sheet_has(f->out, SH_ACTIVITY, ">Đã xóa<"));
}

static void
test_period_and_unit(void **state)
{
	struct fx *f = *state;
	struct period p;
	struct export_opts o = { .period = &p, .within = "21853" };
	struct err e = { 0 };

	assert_int_equal(period_parse("2026-Q3", &p, &e), 0);
	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, f->out, 0, &e), 0);
	assert_int_equal(sheet_rows(f->out, SH_ACTIVITY) - 1,
	    tu_sql_int(f->db, "SELECT count(*) FROM activity WHERE deleted = 0 AND"
	    " unit_code = '21853' AND held_on BETWEEN '2026-07-01' AND '2026-09-30'"));
	assert_int_equal(sheet_rows(f->out, SH_TRAINING) - 1,
	    tu_sql_int(f->db, "SELECT count(*) FROM training WHERE deleted = 0 AND"
	    " unit_code = '21853' AND start_date BETWEEN '2026-07-01' AND '2026-09-30'"));
	assert_int_equal(sheet_rows(f->out, SH_PARTICIPANT) - 1,
	    tu_sql_int(f->db, "SELECT count(*) FROM participant p JOIN training t ON"
	    " t.id = p.training_id WHERE p.deleted = 0 AND p.unit_code = '21853' AND"
	    " t.start_date BETWEEN '2026-07-01' AND '2026-09-30'"));
	/* Kinds without a date are all there. */
	assert_int_equal(sheet_rows(f->out, SH_VILLAGE) - 1,
	    tu_sql_int(f->db, "SELECT count(*) FROM village WHERE deleted = 0 AND"
	    " unit_code = '21853'"));
	assert_true(sheet_has(f->out, SH_SUMMARY, "2026-Q3 (01/07/2026 – 30/09/2026)"));
	assert_true(sheet_has(f->out, SH_SUMMARY, ">21853<"));
}

struct progress {
	int calls;
	int64_t last, total;
	bool backwards, over;
};

static void
on_progress(const char *what, int64_t done, int64_t total, void *arg)
{
	struct progress *p = arg;

	assert_non_null(what);
	if (done < p->last)
		p->backwards = true;
	if (done > total)
		p->over = true;
	p->calls++;
	p->last = done;
	p->total = total;
}

static void
test_progress(void **state)
{
	struct fx *f = *state;
	struct progress p = { 0 };
	struct export_opts o = { .progress = on_progress, .arg = &p };
	struct err e = { 0 };
	int64_t rows = 0;

	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, f->out, 0, &e), 0);
	for (int n = SH_STAFF; n <= SH_ACTIVITY; n++)
		rows += sheet_rows(f->out, n) - 1;
	assert_true(rows > 5000);
	/* At the end of each kind, and every 5,000 rows. */
	assert_true(p.calls >= 7 + (int)(rows / 5000));
	assert_false(p.backwards);
	assert_false(p.over);
	assert_int_equal(p.last, rows);
	assert_int_equal(p.total, rows);
}

static void
test_english(void **state)
{
	struct fx *f = *state;
	struct export_opts o = { 0 };
	struct err e = { 0 };

	i18n_init("en", paths_localedir());
	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, f->out, 0, &e), 0);
	i18n_init("vi", paths_localedir());
	assert_true(sheet_has(f->out, SH_STAFF, ">Full name<"));
	assert_true(sheet_has(f->out, SH_STAFF, ">Record id<"));
	assert_true(sheet_has(f->out, SH_ACTIVITY, ">Online public services<"));
	assert_true(sheet_has(f->out, SH_SUMMARY, ">Digital transformation data<"));
}

static void
test_exists(void **state)
{
	struct fx *f = *state;
	struct export_opts o = { 0 };
	struct err e = { 0 };
	char dir[PATH_MAX + 8], buf[16] = "";
	FILE *fp;

	tu_write(f->out, "keep", 4);
	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, f->out, 0, &e), ERR_EXISTS);
	assert_non_null(strstr(e.msg, f->out));
	fp = fopen(f->out, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(buf, 1, sizeof buf - 1, fp), 4);
	fclose(fp);
	assert_string_equal(buf, "keep");
	out_dir(f, dir, sizeof dir);
	assert_int_equal(others_in(dir, "x.xlsx"), 0);
}

static void
test_bad_paths(void **state)
{
	struct fx *f = *state;
	struct export_opts o = { 0 };
	struct err e = { 0 };
	char path[PATH_MAX + 32];

	snprintf(path, sizeof path, "%s/none/x.xlsx", f->dir);
	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, path, 0, &e), ERR_IO);
	assert_non_null(strstr(e.msg, path));
	snprintf(path, sizeof path, "%s/out", f->dir);
	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, path, 0, &e), ERR_IO);
	assert_non_null(strstr(e.msg, path));
	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, "", 0, &e), ERR_USAGE);
	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, NULL, 0, &e), ERR_USAGE);
	assert_int_equal(others_in(path, NULL), 0);
}

/* A kind without its form would vanish from the workbook: refused, and the
 * temporary file removed. */
static void
test_no_form(void **state)
{
	struct fx *f = *state;
	struct export_opts o = { 0 };
	struct err e = { 0 };
	char dir[PATH_MAX + 8];

	f->fs.have[KIND_MEMBER] = false;
	assert_int_equal(job_export_xlsx(f->s, &f->fs, &o, f->out, 0, &e), ERR_NOTFOUND);
	f->fs.have[KIND_MEMBER] = true;
	assert_non_null(strstr(e.msg, "member"));
	out_dir(f, dir, sizeof dir);
	assert_int_equal(others_in(dir, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_live_rows, fresh),
		cmocka_unit_test_setup(test_tombstones, fresh),
		cmocka_unit_test_setup(test_period_and_unit, fresh),
		cmocka_unit_test_setup(test_progress, fresh),
		cmocka_unit_test_setup(test_english, fresh),
		cmocka_unit_test_setup(test_exists, fresh),
		cmocka_unit_test_setup(test_bad_paths, fresh),
		cmocka_unit_test_setup(test_no_form, fresh),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* safefile: the temporary (0600 whatever the umask, never through a link, a
 * name nobody can guess), the commit (link or rename), the protected files
 * and folders, and the sweep of temporaries left by killed runs. Real files
 * in a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "socds/safefile.h"
#include "test-util.h"

struct fx {
	TU_FX_FIELDS;			/* dir (test-util.h) */
	char a[PATH_MAX + 32];		/* an output */
	char victim[PATH_MAX + 32];	/* a file a link points to */
};

static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, false, NULL);

	snprintf(f->a, sizeof f->a, "%s/out.csv", f->dir);
	snprintf(f->victim, sizeof f->victim, "%s/victim", f->dir);
	*state = f;
	umask(022);
	return 0;
}

#define teardown tu_teardown

static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static bool
has(const char *path, const char *want)
{
	char buf[256] = "";
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (fp == NULL)
		return false;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return strcmp(buf, want) == 0;
}

static int
mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(lstat(path, &sb), 0);
	return (int)(sb.st_mode & 07777);
}

/* A PID that was a process a moment ago and is none now. */
static long
dead_pid(void)
{
	pid_t p = fork();
	int st;

	assert_true(p >= 0);
	if (p == 0)
		_exit(0);
	assert_int_equal(waitpid(p, &st, 0), p);
	return (long)p;
}

static void
test_write(void **state)
{
	struct fx *f = *state;
	struct safefile sf;
	struct err e = { 0 };
	const char *base;
	long pid = 0;

	assert_int_equal(safefile_open(&sf, f->a, 0, &e), 0);
	/* The temporary: beside the target, ours, 0600 although the umask is 022. */
	assert_int_equal(strncmp(sf.tmp, f->dir, strlen(f->dir)), 0);
	base = strrchr(sf.tmp, '/') + 1;
	assert_true(safefile_is_temp(base, &pid));
	assert_int_equal(pid, (long)getpid());
	assert_int_equal(strncmp(base, ".out.csv.socds-", 15), 0);
	assert_int_equal(mode_of(sf.tmp), 0600);
	assert_int_equal(access(f->a, F_OK), -1);
	fputs("hello", sf.fp);
	assert_int_equal(safefile_commit(&sf, &e), 0);
	assert_true(has(f->a, "hello"));
	assert_int_equal(mode_of(f->a), 0600);
	assert_int_equal(entries(f->dir), 1);
	safefile_abort(&sf);	/* twice is harmless */
	assert_true(has(f->a, "hello"));
}

static void
test_names_differ(void **state)
{
	struct fx *f = *state;
	struct safefile s1, s2;
	struct err e = { 0 };

	assert_int_equal(safefile_open(&s1, f->a, 0, &e), 0);
	assert_int_equal(safefile_open(&s2, f->a, 0, &e), 0);
	assert_string_not_equal(s1.tmp, s2.tmp);
	safefile_abort(&s1);
	safefile_abort(&s2);
	assert_int_equal(entries(f->dir), 0);
}

static void
test_exists(void **state)
{
	struct fx *f = *state;
	struct safefile sf;
	struct err e = { 0 };

	tu_write(f->a, "keep", 4);
	assert_int_equal(safefile_open(&sf, f->a, 0, &e), ERR_EXISTS);
	assert_non_null(strstr(e.msg, f->a));
	assert_true(has(f->a, "keep"));
	assert_int_equal(entries(f->dir), 1);
	assert_int_equal(safefile_open(&sf, f->a, SAFEFILE_FORCE, &e), 0);
	fputs("new", sf.fp);
	assert_int_equal(safefile_commit(&sf, &e), 0);
	assert_true(has(f->a, "new"));
	assert_int_equal(mode_of(f->a), 0600);
	assert_int_equal(safefile_open(&sf, f->dir, SAFEFILE_FORCE, &e), ERR_IO);
	assert_int_equal(safefile_open(&sf, "", 0, &e), ERR_USAGE);
	assert_int_equal(safefile_open(&sf, NULL, 0, &e), ERR_USAGE);
}

/* A link at the target is never followed: refused without force, replaced
 * itself with it; what it points to stays as it was. */
static void
test_symlink_target(void **state)
{
	struct fx *f = *state;
	struct safefile sf;
	struct err e = { 0 };

	tu_write(f->victim, "victim", 6);
	assert_int_equal(symlink(f->victim, f->a), 0);
	assert_int_equal(safefile_open(&sf, f->a, 0, &e), ERR_EXISTS);
	assert_int_equal(safefile_open(&sf, f->a, SAFEFILE_FORCE, &e), 0);
	fputs("data", sf.fp);
	assert_int_equal(safefile_commit(&sf, &e), 0);
	assert_true(has(f->victim, "victim"));
	assert_int_equal(mode_of(f->victim), 0644);
	assert_true(has(f->a, "data"));
	assert_int_equal(mode_of(f->a), 0600);	/* a file now, not the link */
	/* A dangling link is a name taken too. */
	unlink(f->a);
	char gone[PATH_MAX + 32];
	snprintf(gone, sizeof gone, "%s/nowhere", f->dir);
	assert_int_equal(symlink(gone, f->a), 0);
	assert_int_equal(safefile_open(&sf, f->a, 0, &e), ERR_EXISTS);
	assert_int_equal(access(gone, F_OK), -1);
}

/* Without force, a file that appears while the temporary is written wins. */
static void
test_appeared(void **state)
{
	struct fx *f = *state;
	struct safefile sf;
	struct err e = { 0 };

	assert_int_equal(safefile_open(&sf, f->a, 0, &e), 0);
	fputs("late", sf.fp);
	tu_write(f->a, "first", 5);
	assert_int_equal(safefile_commit(&sf, &e), ERR_EXISTS);
	assert_true(has(f->a, "first"));
	assert_int_equal(entries(f->dir), 1);
}

/* A library writing by name: the temporary exists, empty, 0600; what the
 * library left (even renamed over it, with the umask's mode) goes into place
 * 0600; a link put there instead is refused. */
static void
test_by_name(void **state)
{
	struct fx *f = *state;
	struct safefile sf;
	struct err e = { 0 };
	char other[PATH_MAX + 32];

	assert_int_equal(safefile_open_path(&sf, f->a, 0, &e), 0);
	assert_null(sf.fp);
	assert_true(has(sf.tmp, ""));
	assert_int_equal(mode_of(sf.tmp), 0600);
	assert_string_equal(sf.dir, f->dir);
	snprintf(other, sizeof other, "%s.XyZ123", sf.tmp);
	tu_write(other, "by name", 7);
	chmod(other, 0644);
	assert_int_equal(rename(other, sf.tmp), 0);
	assert_int_equal(safefile_commit(&sf, &e), 0);
	assert_true(has(f->a, "by name"));
	assert_int_equal(mode_of(f->a), 0600);

	tu_write(f->victim, "victim", 6);
	unlink(f->a);
	assert_int_equal(safefile_open_path(&sf, f->a, 0, &e), 0);
	assert_int_equal(unlink(sf.tmp), 0);
	assert_int_equal(symlink(f->victim, sf.tmp), 0);
	assert_int_not_equal(safefile_commit(&sf, &e), 0);
	assert_non_null(strstr(e.msg, f->a));
	assert_int_equal(access(f->a, F_OK), -1);
	assert_true(has(f->victim, "victim"));
	assert_int_equal(entries(f->dir), 1);
}

static void
test_scratch(void **state)
{
	struct fx *f = *state;
	struct safefile sf;
	struct err e = { 0 };
	char buf[8] = "";

	assert_int_equal(safefile_scratch(&sf, f->a, "staff.csv", false, &e), 0);
	assert_non_null(sf.fp);
	assert_string_equal(sf.tmp, "");
	assert_int_equal(entries(f->dir), 0);	/* no name: nothing to leave behind */
	fputs("abc", sf.fp);
	rewind(sf.fp);
	assert_int_equal(fread(buf, 1, 3, sf.fp), 3);
	assert_string_equal(buf, "abc");
	assert_int_not_equal(safefile_commit(&sf, &e), 0);
	safefile_abort(&sf);
	assert_int_equal(safefile_scratch(&sf, f->a, "baocao.xlsx", true, &e), 0);
	assert_true(safefile_is_temp(strrchr(sf.tmp, '/') + 1, NULL));
	assert_int_equal(mode_of(sf.tmp), 0600);
	assert_int_equal(entries(f->dir), 1);
	safefile_abort(&sf);
	assert_int_equal(entries(f->dir), 0);
}

static void
test_protect(void **state)
{
	struct fx *f = *state;
	struct safefile sf;
	struct err e = { 0 };
	char db[PATH_MAX + 32], wal[PATH_MAX + 32], bdir[PATH_MAX + 32], p[PATH_MAX + 64];
	char cwd[PATH_MAX];

	snprintf(db, sizeof db, "%s/t.db", f->dir);
	snprintf(wal, sizeof wal, "%s/t.db-wal", f->dir);
	snprintf(bdir, sizeof bdir, "%s/backups", f->dir);
	tu_write(db, "database", 8);
	safefile_protect(db);
	safefile_protect(wal);		/* not there yet */
	safefile_protect_dir(bdir);	/* not there yet either */
	assert_int_equal(safefile_open(&sf, db, SAFEFILE_FORCE, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, db));
	assert_int_equal(safefile_open(&sf, wal, SAFEFILE_FORCE, &e), ERR_INVALID);
	assert_int_equal(safefile_open_path(&sf, db, SAFEFILE_FORCE | SAFEFILE_BACKUP, &e),
	    ERR_INVALID);
	/* Through a link, a hard link, a relative name. */
	snprintf(p, sizeof p, "%s/ln.db", f->dir);
	assert_int_equal(symlink("t.db", p), 0);
	assert_int_equal(safefile_open(&sf, p, SAFEFILE_FORCE, &e), ERR_INVALID);
	snprintf(p, sizeof p, "%s/hard.db", f->dir);
	assert_int_equal(link(db, p), 0);
	assert_int_equal(safefile_open(&sf, p, SAFEFILE_FORCE, &e), ERR_INVALID);
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(p, sizeof p, "%s/sub", f->dir);
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(chdir(p), 0);
	assert_int_equal(safefile_open(&sf, "../t.db", SAFEFILE_FORCE, &e), ERR_INVALID);
	assert_int_equal(safefile_open(&sf, "./../sub/../t.db-wal", SAFEFILE_FORCE, &e),
	    ERR_INVALID);
	assert_int_equal(chdir(cwd), 0);
	/* The backups folder: closed, except to a backup; made after protect. */
	assert_int_equal(mkdir(bdir, 0700), 0);
	snprintf(p, sizeof p, "%s/x.csv", bdir);
	assert_int_equal(safefile_open(&sf, p, 0, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, p));
	assert_int_equal(safefile_open_path(&sf, p, SAFEFILE_BACKUP, &e), 0);
	safefile_abort(&sf);
	assert_true(has(db, "database"));
	/* Beside them, anything else is fine. */
	snprintf(p, sizeof p, "%s/t.db.csv", f->dir);
	assert_int_equal(safefile_open(&sf, p, 0, &e), 0);
	assert_int_equal(safefile_commit(&sf, &e), 0);
}

static void
touch(const char *dir, const char *name)
{
	char p[PATH_MAX + 300];
	assert_true((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) < sizeof p);
	tu_write(p, "x", 1);
}

static bool
exists(const char *dir, const char *name)
{
	char p[PATH_MAX + 300];
	struct stat sb;
	assert_true((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) < sizeof p);
	return lstat(p, &sb) == 0;
}

static void
test_sweep(void **state)
{
	struct fx *f = *state;
	long dead = dead_pid(), live = (long)getppid();
	char n[32][300], p[PATH_MAX + 300];
	int k = 0;

	/* Leftovers of a run that is gone. */
	snprintf(n[k++], 300, ".out.csv.socds-%ld-0123456789abcdef.tmp", dead);
	snprintf(n[k++], 300, ".t.db.socds-%ld-0123456789abcdef.tmp-journal", dead);
	snprintf(n[k++], 300, ".p.zip.socds-%ld-fedcba9876543210.tmp.Ab3xYz", dead);
	int gone = k;
	/* Look-alikes, a live run's, and what is not a plain file: kept. */
	snprintf(n[k++], 300, ".out.csv.socds-%ld-0123456789abcdef.tmp", live);
	snprintf(n[k++], 300, "out.csv.socds-%ld-0123456789abcdef.tmp", dead);
	snprintf(n[k++], 300, ".out.csv.socds-%ld-0123.tmp", dead);
	snprintf(n[k++], 300, ".out.csv.socds-%ld-0123456789ABCDEF.tmp", dead);
	snprintf(n[k++], 300, ".out.csv.socds-%ld-0123456789abcdef.tmp.bak", dead);
	snprintf(n[k++], 300, ".out.csv.socds-%ld-0123456789abcdef.tmpx", dead);
	snprintf(n[k++], 300, ".socds-%ld-0123456789abcdef.tmp", dead);
	snprintf(n[k++], 300, ".out.csv.part-%ld", dead);
	snprintf(n[k++], 300, "out.csv.new-%ld", dead);
	snprintf(n[k++], 300, ".out.csv.socds-x%ld-0123456789abcdef.tmp", dead);
	int plain = k;
	for (int i = 0; i < plain; i++)
		touch(f->dir, n[i]);
	tu_write(f->victim, "victim", 6);
	snprintf(n[k++], 300, ".l.socds-%ld-0123456789abcdef.tmp", dead);
	assert_true((size_t)snprintf(p, sizeof p, "%s/%s", f->dir, n[k - 1]) < sizeof p);
	assert_int_equal(symlink(f->victim, p), 0);
	snprintf(n[k++], 300, ".d.socds-%ld-0123456789abcdef.tmp", dead);
	assert_true((size_t)snprintf(p, sizeof p, "%s/%s", f->dir, n[k - 1]) < sizeof p);
	assert_int_equal(mkdir(p, 0700), 0);

	assert_int_equal(safefile_sweep(f->dir, true), gone);
	for (int i = 0; i < k; i++) {
		if (i < gone)
			assert_false(exists(f->dir, n[i]));
		else if (!exists(f->dir, n[i]))
			fail_msg("%s was removed", n[i]);
	}
	assert_true(has(f->victim, "victim"));
	/* Once per folder unless forced. */
	touch(f->dir, n[0]);
	assert_int_equal(safefile_sweep(f->dir, false), 0);
	assert_true(exists(f->dir, n[0]));
	/* And opening an output in a folder sweeps it. */
	char sub[PATH_MAX + 16], out[PATH_MAX + 32];
	struct safefile sf;
	struct err e = { 0 };
	snprintf(sub, sizeof sub, "%s/sub", f->dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	touch(sub, n[0]);
	touch(sub, n[gone]);
	snprintf(out, sizeof out, "%s/x.csv", sub);
	assert_int_equal(safefile_open(&sf, out, 0, &e), 0);
	safefile_abort(&sf);
	assert_false(exists(sub, n[0]));
	assert_true(exists(sub, n[gone]));
}

static void
test_is_temp(void **state)
{
	long pid = 0;

	(void)state;
	assert_true(safefile_is_temp(".a.socds-12-0123456789abcdef.tmp", &pid));
	assert_int_equal(pid, 12);
	/* The last tag counts: a target whose own name looks like one. */
	assert_true(safefile_is_temp(".a.socds-1-0123456789abcdef.tmp.socds-34-0123456789abcdef.tmp",
	    &pid));
	assert_int_equal(pid, 34);
	assert_true(safefile_is_temp(".a.socds-5-0123456789abcdef.tmp-wal", NULL));
	assert_true(safefile_is_temp(".a.socds-5-0123456789abcdef.tmp-shm", NULL));
	assert_false(safefile_is_temp(".a.socds-5-0123456789abcdef.tmp-x", NULL));
	assert_false(safefile_is_temp(".a.socds-0-0123456789abcdef.tmp", NULL));
	assert_false(safefile_is_temp(".a.socds--0123456789abcdef.tmp", NULL));
	assert_false(safefile_is_temp(".a.socds-12345678901-0123456789abcdef.tmp", NULL));
	assert_false(safefile_is_temp("", NULL));
	assert_false(safefile_is_temp(".", NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_differ, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_appeared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scratch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
		cmocka_unit_test(test_is_temp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

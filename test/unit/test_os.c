/* os: the operating-system layer's contracts where they can be seen — an
 * atomic replace that leaves the old file when it fails, private files 0600
 * whatever the umask and never through a link, devices told from files,
 * folders listed and pruned, one lock holder, the account and a forced one.
 * Real files in a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <pwd.h>
#include <sys/stat.h>

#include "socds/os.h"
#include "test-util.h"

struct fx {
	char dir[PATH_MAX];
	char a[PATH_MAX + 32];
	char b[PATH_MAX + 32];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	tu_mkdtemp(f->dir);
	snprintf(f->a, sizeof f->a, "%s/a", f->dir);
	snprintf(f->b, sizeof f->b, "%s/b", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	umask(022);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* The whole content of path (up to 63 bytes), "" when missing. */
static const char *
content(const char *path)
{
	static char buf[64];
	int64_t n = os_file_head(path, buf, sizeof buf - 1);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Replacing: atomic, refused over an existing file without overwrite, and
 * a failed replace leaves the target as it was. */
static void
test_replace(void **state)
{
	struct fx *f = *state;
	char missing[PATH_MAX + 32];

	tu_write(f->a, "new", 3);
	tu_write(f->b, "old", 3);
	assert_int_equal(os_replace(f->a, f->b, false), -1);
	assert_int_equal(errno, EEXIST);
	assert_string_equal(content(f->b), "old");
	assert_string_equal(content(f->a), "new");
	snprintf(missing, sizeof missing, "%s/missing", f->dir);
	assert_int_equal(os_replace(missing, f->b, true), -1);
	assert_string_equal(content(f->b), "old");
	assert_int_equal(os_replace(f->a, f->b, true), 0);
	assert_string_equal(content(f->b), "new");
	assert_false(os_exists(f->a));
	/* Without overwrite onto a free name: moved, the old name gone. */
	assert_int_equal(os_replace(f->b, f->a, false), 0);
	assert_string_equal(content(f->a), "new");
	assert_false(os_exists(f->b));
}

/* A private file: 0600 even under umask 0, refused when the name exists or
 * is a link (the file it points to untouched). */
static void
test_private_file(void **state)
{
	struct fx *f = *state;
	struct os_stat st;
	FILE *fp;

	umask(0);
	assert_int_equal(os_file_new(f->a, &fp), 0);
	assert_int_equal(fputs("x", fp) >= 0, 1);
	assert_int_equal(os_stream_sync(fp), 0);
	fclose(fp);
	assert_int_equal(os_stat(f->a, &st), 0);
	assert_int_equal(st.kind, OS_FILE);
	assert_int_equal(st.mode, 0600);
	assert_true(st.mine);
	assert_int_equal(st.size, 1);
	assert_int_equal(os_file_new(f->a, NULL), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(symlink(f->a, f->b), 0);
	assert_int_equal(os_file_new(f->b, NULL), -1);
	assert_string_equal(content(f->a), "x");
	assert_int_equal(os_lstat(f->b, &st), 0);
	assert_int_equal(st.kind, OS_LINK);
	/* A library's file by name: sealed 0600 again; a link in its place is refused. */
	chmod(f->a, 0644);
	assert_int_equal(os_file_seal(f->a), 0);
	assert_int_equal(os_stat(f->a, &st), 0);
	assert_int_equal(st.mode, 0600);
	assert_int_not_equal(os_file_seal(f->b), 0);
}

/* What is at a name: a device is neither a file nor a folder, and one file
 * under two names is the same file. */
static void
test_kinds(void **state)
{
	struct fx *f = *state;
	struct os_stat a, b;

	assert_int_equal(os_stat("/dev/null", &a), 0);
	assert_int_equal(a.kind, OS_OTHER);
	assert_int_equal(os_stat(f->dir, &a), 0);
	assert_int_equal(a.kind, OS_DIR);
	assert_int_equal(os_stat(f->a, &a), -1);
	assert_int_equal(errno, ENOENT);
	tu_write(f->a, "x", 1);
	assert_int_equal(link(f->a, f->b), 0);
	assert_int_equal(os_stat(f->a, &a), 0);
	assert_int_equal(os_stat(f->b, &b), 0);
	assert_true(os_same_file(&a, &b));
	assert_int_equal(a.nlink, 2);
	assert_int_equal(os_file_seal(f->a), 1);	/* two names: not ours alone */
}

/* Folders: private is exactly 0700; an existing folder is fine, a file in
 * the way is ENOTDIR; parents are made. */
static void
test_mkdir(void **state)
{
	struct fx *f = *state;
	char deep[PATH_MAX + 64];
	struct os_stat st;

	umask(0);
	assert_int_equal(os_mkdir(f->a, true), 0);
	assert_int_equal(os_stat(f->a, &st), 0);
	assert_int_equal(st.mode, 0700);
	assert_int_equal(os_mkdir(f->a, true), 0);
	tu_write(f->b, "x", 1);
	assert_int_equal(os_mkdir(f->b, false), -1);
	assert_int_equal(errno, ENOTDIR);
	snprintf(deep, sizeof deep, "%s/c/d/e", f->dir);
	assert_int_equal(os_mkdir_parents(deep), 0);
	assert_int_equal(os_stat(deep, &st), 0);
	assert_int_equal(st.kind, OS_DIR);
}

static int
pick_txt(const char *name, const struct os_stat *st, void *arg)
{
	int *seen = arg;

	(*seen)++;
	return st->kind != OS_DIR && strstr(name, ".txt") != NULL;
}

/* Listing: every entry but . and .., the picked ones removed, never a folder. */
static void
test_dir_each(void **state)
{
	struct fx *f = *state;
	char p[PATH_MAX + 32];
	int seen = 0;

	snprintf(p, sizeof p, "%s/one.txt", f->dir);
	tu_write(p, "1", 1);
	snprintf(p, sizeof p, "%s/two.txt", f->dir);
	tu_write(p, "2", 1);
	snprintf(p, sizeof p, "%s/keep.db", f->dir);
	tu_write(p, "3", 1);
	snprintf(p, sizeof p, "%s/sub.txt", f->dir);
	assert_int_equal(os_mkdir(p, false), 0);
	assert_int_equal(os_dir_each(f->dir, pick_txt, &seen), 2);
	assert_int_equal(seen, 4);
	assert_true(os_exists(p));
	snprintf(p, sizeof p, "%s/keep.db", f->dir);
	assert_true(os_exists(p));
	snprintf(p, sizeof p, "%s/one.txt", f->dir);
	assert_false(os_exists(p));
	assert_int_equal(os_dir_each(f->a, pick_txt, &seen), -1);
}

/* One holder of a lock at a time; free again once unlocked. */
static void
test_lock(void **state)
{
	struct fx *f = *state;
	struct os_lock one, two;
	struct os_stat st;

	assert_int_equal(os_lock_try(f->a, &one), 0);
	assert_int_equal(os_lock_try(f->a, &two), 1);
	os_unlock(&one);
	assert_int_equal(os_lock_try(f->a, &two), 0);
	os_unlock(&two);
	assert_int_equal(os_stat(f->a, &st), 0);
	assert_int_equal(st.mode & 077, 0);
}

/* The account: the system's name for this user, until one is forced. */
static void
test_account(void **state)
{
	struct passwd *pw = getpwuid(geteuid());

	(void)state;
	assert_false(os_account_forced());
	if (pw != NULL)
		assert_string_equal(os_account(), pw->pw_name);
	os_account_force("alice");
	assert_true(os_account_forced());
	assert_string_equal(os_account(), "alice");
}

static void
test_misc(void **state)
{
	unsigned char r[32] = { 0 }, zero[32] = { 0 };
	char now[32];

	(void)state;
	assert_int_equal(os_random(r, sizeof r, true), 0);
	assert_memory_not_equal(r, zero, sizeof r);
	assert_true(os_pid_alive(os_pid_self()));
	assert_int_equal(os_now_format(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", true), 20);
	assert_true(os_clock_ms() > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_private_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test(test_account),
		cmocka_unit_test(test_misc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

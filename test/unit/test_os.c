/* os: the operating-system layer's contracts where they can be seen — an
 * atomic replace that leaves the old file when it fails, private files 0600
 * whatever the umask and never through a link, devices told from files,
 * folders listed and pruned, one lock holder, the account and a forced one,
 * UTF-8 names, a program started with awkward arguments. Real files in a
 * temporary folder. The same file builds for Windows (run under Wine): the
 * fixture uses the os layer itself, and what only POSIX has is marked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <pwd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#endif

#include "socds/os.h"
#include "socds/paths.h"

#ifndef PATH_MAX
#define PATH_MAX OS_PATH_MAX
#endif

struct fx {
	char dir[PATH_MAX];
	char a[PATH_MAX + 32];
	char b[PATH_MAX + 32];
};

/* A fresh private folder under $TMPDIR (Windows: %TEMP%). */
static void
tu_mkdtemp(char dir[PATH_MAX])
{
	char t[PATH_MAX];

	if (os_getenv("TMPDIR", t, sizeof t) != 0 && os_getenv("TEMP", t, sizeof t) != 0)
		snprintf(t, sizeof t, "/tmp");
	snprintf(dir, PATH_MAX, "%.*s/socds-test-XXXXXX", PATH_MAX - 32, t);
	if (os_mkdtemp(dir) != 0) {
		perror("os_mkdtemp");
		abort();
	}
}

static int
tu_rm_pick(const char *name, const struct os_stat *st, void *arg)
{
	char sub[PATH_MAX + 256];

	if (st->kind != OS_DIR)
		return 1;
	snprintf(sub, sizeof sub, "%s/%s", (const char *)arg, name);
	os_dir_each(sub, tu_rm_pick, sub);
	os_rmdir(sub);
	return 0;
}

/* Removes dir and everything in it. */
static void
tu_rmdir(const char *dir)
{
	char d[PATH_MAX];

	snprintf(d, sizeof d, "%s", dir);
	os_dir_each(d, tu_rm_pick, d);
	if (os_rmdir(d) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/* A file of len bytes at path (replacing one there). */
static void
tu_write(const char *path, const void *data, size_t len)
{
	FILE *fp;

	os_remove(path);
	if (os_file_new(path, &fp) != 0 || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		perror(path);
		abort();
	}
}

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
#ifndef _WIN32
	umask(022);
#endif
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

#ifndef _WIN32
	umask(0);
#endif
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
#ifdef _WIN32
	/* Links want a privilege there; the rules a library's file got from its
	 * folder are replaced by the owner's alone. */
	assert_int_equal(os_file_seal(f->a), 0);
	assert_int_equal(os_stat(f->a, &st), 0);
	assert_int_equal(st.mode, 0600);
	assert_int_equal(os_file_seal(f->dir), 1);	/* a folder is no file of ours */
#else
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
#endif
}

/* What is at a name: a device is neither a file nor a folder, and one file
 * under two names is the same file. */
static void
test_kinds(void **state)
{
	struct fx *f = *state;
	struct os_stat a, b;

#ifdef _WIN32
	assert_int_equal(os_stat("NUL", &a), 0);
#else
	assert_int_equal(os_stat("/dev/null", &a), 0);
#endif
	assert_int_equal(a.kind, OS_OTHER);
	assert_int_equal(os_stat(f->dir, &a), 0);
	assert_int_equal(a.kind, OS_DIR);
	assert_int_equal(os_stat(f->a, &a), -1);
	assert_int_equal(errno, ENOENT);
	tu_write(f->a, "x", 1);
#ifdef _WIN32
	{
		wchar_t wa[PATH_MAX], wb[PATH_MAX];
		MultiByteToWideChar(CP_UTF8, 0, f->a, -1, wa, PATH_MAX);
		MultiByteToWideChar(CP_UTF8, 0, f->b, -1, wb, PATH_MAX);
		assert_true(CreateHardLinkW(wb, wa, NULL));
	}
#else
	assert_int_equal(link(f->a, f->b), 0);
#endif
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

#ifndef _WIN32
	umask(0);
#endif
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
#ifdef _WIN32
	wchar_t w[257];
	DWORD n = 257;
	char name[1024];

	(void)state;
	assert_false(os_account_forced());
	assert_true(GetUserNameW(w, &n));
	WideCharToMultiByte(CP_UTF8, 0, w, -1, name, sizeof name, NULL, NULL);
	assert_string_equal(os_account(), name);
#else
	struct passwd *pw = getpwuid(geteuid());

	(void)state;
	assert_false(os_account_forced());
	if (pw != NULL)
		assert_string_equal(os_account(), pw->pw_name);
#endif
	os_account_force("alice");
	assert_true(os_account_forced());
	assert_string_equal(os_account(), "alice");
}

static int
find_name(const char *name, const struct os_stat *st, void *arg)
{
	(void)st;
	if (strcmp(name, "Điểm danh Đắk Lắk.csv") == 0)
		(*(int *)arg)++;
	return 0;
}

static int
count_entries(const char *name, const struct os_stat *st, void *arg)
{
	(void)name;
	(void)st;
	(*(int *)arg)++;
	return 0;
}

/* A file without a name (Windows: one removed when closed): written, read
 * back, and nothing left in the folder once closed. */
static void
test_anon(void **state)
{
	struct fx *f = *state;
	char buf[8] = { 0 };
	FILE *fp;
	int n = 0;

	if (os_file_anon(f->dir, &fp) != 0) {
		assert_int_equal(errno, EOPNOTSUPP);	/* the caller names one */
		return;
	}
	assert_int_equal(fwrite("abc", 1, 3, fp), 3);
	assert_int_equal(os_stream_sync(fp), 0);
	rewind(fp);
	assert_int_equal(fread(buf, 1, sizeof buf, fp), 3);
	assert_string_equal(buf, "abc");
	fclose(fp);
	assert_int_equal(os_dir_each(f->dir, count_entries, &n), 0);
	assert_int_equal(n, 0);
}

/* Names in Vietnamese (Windows: UTF-16 underneath, whatever the code page):
 * made, replaced atomically, refused without overwrite, listed, resolved,
 * removed. */
static void
test_utf8_names(void **state)
{
	struct fx *f = *state;
	char dir[PATH_MAX + 64], p[PATH_MAX + 128], q[PATH_MAX + 128], real[OS_PATH_MAX];
	struct os_stat st;
	int seen = 0;

	snprintf(dir, sizeof dir, "%s/Thư mục Điểm", f->dir);
	assert_int_equal(os_mkdir(dir, true), 0);
	snprintf(p, sizeof p, "%s/Điểm danh Đắk Lắk.csv", dir);
	snprintf(q, sizeof q, "%s/tạm ễ.tmp", dir);
	tu_write(p, "cũ", strlen("cũ"));
	tu_write(q, "mới", strlen("mới"));
	assert_int_equal(os_replace(q, p, false), -1);
	assert_int_equal(errno, EEXIST);
	assert_string_equal(content(p), "cũ");
	assert_int_equal(os_replace(q, p, true), 0);
	assert_string_equal(content(p), "mới");
	assert_false(os_exists(q));
	assert_int_equal(os_stat(p, &st), 0);
	assert_int_equal(st.size, (int64_t)strlen("mới"));
	assert_int_equal(os_dir_each(dir, find_name, &seen), 0);
	assert_int_equal(seen, 1);
	assert_int_equal(os_realpath(p, real), 0);
	assert_non_null(strstr(real, "Thư mục Điểm/Điểm danh Đắk Lắk.csv"));
	assert_int_equal(os_file_sync(p), 0);
	assert_int_equal(os_remove(p), 0);
	assert_false(os_exists(p));
	assert_int_equal(os_remove(p), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(os_rmdir(dir), 0);
}

/* Folder names: separators and roots as the system has them; the data
 * folder; the environment in UTF-8 both ways; a date in C99's shorthands. */
static void
test_paths_env(void **state)
{
	char home[OS_PATH_MAX], v[64], now[32];

	(void)state;
	assert_true(os_path_sep('/'));
	assert_int_equal(os_path_root("/usr"), 1);
	assert_int_equal(os_path_root("a/b"), 0);
#ifdef _WIN32
	assert_true(os_path_sep('\\'));
	assert_int_equal(os_path_root("C:/x"), 3);
	assert_int_equal(os_path_root("C:\\x"), 3);
	assert_int_equal(os_path_root("//srv/share/x"), 12);
#else
	assert_false(os_path_sep('\\'));
#endif
	/* paths_dir, which cuts with these: a folder and its last part. */
	{
		char d[64];
		const char *base;
		assert_int_equal(paths_dir("/x.db", d, sizeof d, &base), 0);
		assert_string_equal(d, "/");
		assert_string_equal(base, "x.db");
		assert_int_equal(paths_dir("a/b/x.db", d, sizeof d, &base), 0);
		assert_string_equal(d, "a/b");
		assert_int_equal(paths_dir("x.db", d, sizeof d, &base), 0);
		assert_string_equal(d, ".");
#ifdef _WIN32
		assert_int_equal(paths_dir("C:\\Dữ liệu\\x.db", d, sizeof d, &base), 0);
		assert_string_equal(d, "C:\\Dữ liệu");
		assert_string_equal(base, "x.db");
		assert_int_equal(paths_dir("C:/x.db", d, sizeof d, &base), 0);
		assert_string_equal(d, "C:/");
		assert_int_equal(paths_dir("D:x.db", d, sizeof d, &base), 0);
		assert_string_equal(d, "D:");
		assert_string_equal(base, "x.db");
#else
		assert_int_equal(paths_dir("a\\x.db", d, sizeof d, &base), 0);
		assert_string_equal(d, ".");
#endif
	}
	assert_int_equal(os_setenv("SOCDS_TEST_VAR", "Đồng Nai"), 0);
	assert_int_equal(os_getenv("SOCDS_TEST_VAR", v, sizeof v), 0);
	assert_string_equal(v, "Đồng Nai");
	assert_int_equal(os_getenv("SOCDS_TEST_VAR", v, 4), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	assert_int_equal(os_getenv("SOCDS_TEST_UNSET_VAR", v, sizeof v), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(os_data_home(home, sizeof home), 0);
	assert_true(os_path_root(home) > 0);
	assert_null(strchr(home, '\\'));
	assert_int_equal(os_now_format(now, sizeof now, "%F %T", false), 19);
	assert_int_equal(now[4], '-');
	assert_int_equal(now[13], ':');
}

/* What test_spawn hands its child, which checks it got exactly this. */
static const char *const spawn_args[] = {
	"child", "plain", "two words", "", "quote \"inside\"", "trailing\\",
	"C:\\dir with space\\", "back\\\\\"slash", "Điểm danh", NULL,
};

static void
sleep_ms(int ms)
{
#ifdef _WIN32
	Sleep((DWORD)ms);
#else
	struct timespec ts = { 0, ms * 1000000L };
	nanosleep(&ts, NULL);
#endif
}

/* This program started again with arguments a command line must quote:
 * they arrive as they were (Windows: quoted by the C runtime's rules); its
 * exit status comes back. */
static void
test_spawn(void **state)
{
	char *argv[16] = { "replaced by the program's file" };
	os_proc p;
	int code = -2, rc = 0;
	int64_t end = os_clock_ms() + 60000;

	(void)state;
	for (int i = 0; spawn_args[i] != NULL; i++)
		argv[i + 1] = (char *)spawn_args[i];
	assert_int_equal(os_spawn_self(argv, &p), 0);
	while ((rc = os_proc_poll(p, &code)) == 0 && os_clock_ms() < end)
		sleep_ms(20);
	assert_int_equal(rc, 1);
	assert_int_equal(code, 7);
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
main(int argc, char **argv)
{
	os_args_utf8(&argc, &argv);
	/* test_spawn's child: 7 when every argument came as it was sent. */
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		int i;
		for (i = 1; spawn_args[i - 1] != NULL; i++)
			if (i >= argc || strcmp(argv[i], spawn_args[i - 1]) != 0)
				return 3;
		return i == argc ? 7 : 4;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_private_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf8_names, setup, teardown),
		cmocka_unit_test(test_paths_env),
		cmocka_unit_test(test_spawn),
		cmocka_unit_test(test_account),
		cmocka_unit_test(test_misc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

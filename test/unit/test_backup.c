/* backup: copies made while another connection writes, the daily rotation,
 * and restores that refuse bad files and leave the database as it was.
 * Real files in a temporary folder; sqlite3 is linked here only to look at
 * the files independently. One thread: the writer works between the steps
 * of the backup, through the progress callback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>

#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-backup.h"
#include "test-util.h"

struct fx {
	TU_FX_FIELDS;			/* dir, db = dir/t.db (test-util.h) */
	char bak[PATH_MAX + 16];	/* a backup file */
	char bdir[PATH_MAX + 16];	/* dir/backups */
};

static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, false, NULL);

	snprintf(f->bak, sizeof f->bak, "%s/copy.db", f->dir);
	snprintf(f->bdir, sizeof f->bdir, "%s/backups", f->dir);
	*state = f;
	return 0;
}
#define teardown tu_teardown

#define slurp tu_slurp		/* test-util.h */

static void
assert_same_file(const char *path, const char *data, size_t len)
{
	size_t n;
	char *now = slurp(path, &n);
	assert_int_equal(n, len);
	assert_memory_equal(now, data, len);
	free(now);
}

static bool
exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

static unsigned
mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return (unsigned)(sb.st_mode & 07777);
}

/* Entries of dir whose name contains `part`. */
static int
count_names(const char *dir, const char *part)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, part) != NULL)
			n++;
	closedir(d);
	return n;
}

/* Temporary files are hidden (".NAME.part-PID", ".NAME.restore-PID"); the
 * daily lock file stays and is not one of them. */
static int
count_hidden(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] == '.' && strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 && strcmp(de->d_name, ".socds-daily.lock") != 0)
			n++;
	closedir(d);
	return n;
}

static void
raw_exec(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static void
sql_text(const char *db, const char *sql, char *buf, size_t size)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	buf[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void
write_file(const char *path, const char *text)
{
	tu_write(path, text, strlen(text));
}

/* n settings "prefix-i", each ~400 bytes, in one transaction. */
static void
fill(struct store *s, const char *prefix, int n)
{
	struct err e = { 0 };
	char key[64], value[420];

	memset(value, 'x', sizeof value - 1);
	value[sizeof value - 1] = '\0';
	assert_int_equal(store_begin(s, &e), 0);
	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof key, "%s-%05d", prefix, i);
		assert_int_equal(store_setting_set(s, key, value, &e), 0);
	}
	assert_int_equal(store_commit(s, &e), 0);
}

/* A closed database with n rows "seed-*" (and its WAL checkpointed away). */
static void
make_db(const char *path, int n)
{
	struct store *s;
	struct err e = { 0 };
	assert_int_equal(store_open(path, STORE_CREATE, &s, &e), 0);
	fill(s, "seed", n);
	store_close(s);
}

static void
make_backup(const char *db, const char *out)
{
	struct store *s;
	struct err e = { 0 };
	assert_int_equal(store_open(db, 0, &s, &e), 0);
	assert_int_equal(store_backup(s, out, false, NULL, NULL, &e), 0);
	store_close(s);
}

static int64_t
rows(const char *db, const char *like)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM setting WHERE key LIKE '%s'", like);
	return tu_sql_int(db, sql);
}

static void
today_daily(const char *dir, char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	char day[16];
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y%m%d", &tm);
	snprintf(buf, size, "%s/socds-daily-%s.db", dir, day);
}

/* --- backup --- */

struct writer {
	struct store *w;
	int steps;
	int written;
	int64_t last_total;
};

/* Between two steps of the backup, another officer saves. */
static void
writer_step(int64_t done, int64_t total, void *arg)
{
	struct writer *wr = arg;
	struct err e = { 0 };
	char key[32];

	assert_true(done > 0 && done <= total);
	wr->steps++;
	wr->last_total = total;
	if (wr->steps > 5000)
		return;		/* a backup that never ends would fail below */
	for (int k = 0; k < 2; k++) {
		snprintf(key, sizeof key, "w-%05d", wr->written);
		assert_int_equal(store_setting_set(wr->w, key, "written during the backup", &e), 0);
		wr->written++;
	}
}

static void
test_backup_while_another_writes(void **state)
{
	struct fx *f = *state;
	struct store *s, *w;
	struct err e = { 0 };
	struct writer wr = { 0 };
	struct store_backup_opts o = { .pages = 4, .progress = writer_step, .arg = &wr };
	int64_t size = 0, before;
	char text[64];
	unsigned char hdr[20];
	FILE *fp;

	make_db(f->db, 3000);
	assert_int_equal(store_open(f->db, STORE_READONLY, &s, &e), 0);
	assert_int_equal(store_open(f->db, 0, &w, &e), 0);
	wr.w = w;
	before = rows(f->db, "%");
	assert_int_equal(before, 3000);

	umask(0);	/* the copy is 0600 whatever the umask */
	assert_int_equal(store_backup(s, f->bak, false, &o, &size, &e), 0);
	umask(022);
	assert_true(wr.steps > 20);		/* many small steps, interleaved */
	/* One pass, never started over after the writer's saves. */
	assert_true(wr.steps <= (wr.last_total + 3) / 4);
	assert_true(wr.written > 40);
	assert_true(size > 0);
	assert_int_equal(size, wr.last_total * tu_sql_int(f->bak, "PRAGMA page_size"));

	/* The copy: sound, and exactly the database as it was when it began. */
	sql_text(f->bak, "PRAGMA integrity_check", text, sizeof text);
	assert_string_equal(text, "ok");
	assert_int_equal(rows(f->bak, "seed-%"), 3000);
	assert_int_equal(rows(f->bak, "w-%"), 0);
	assert_int_equal(rows(f->bak, "%"), before);
	assert_int_equal(tu_sql_int(f->bak, "PRAGMA application_id"),
	    tu_sql_int(f->db, "PRAGMA application_id"));
	/* The writer's saves went through meanwhile, into the database. */
	assert_int_equal(rows(f->db, "w-%"), wr.written);
	assert_int_equal(mode_of(f->bak), 0600);
	/* One self-contained file: rollback journal, not WAL (header bytes 18-19). */
	fp = fopen(f->bak, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(hdr, 1, sizeof hdr, fp), sizeof hdr);
	fclose(fp);
	assert_int_equal(hdr[18], 1);
	assert_int_equal(hdr[19], 1);
	assert_int_equal(count_hidden(f->dir), 0);
	store_close(w);
	store_close(s);
}

static void
test_backup_refuses_existing_self_and_folder(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	int64_t size;

	make_db(f->db, 10);
	write_file(f->bak, "keep me");
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(store_backup(s, f->bak, false, NULL, &size, &e), ERR_EXISTS);
	assert_non_null(strstr(e.msg, f->bak));
	assert_null(strchr(e.msg, '\n'));
	assert_same_file(f->bak, "keep me", 7);
	assert_int_equal(store_backup(s, f->db, true, NULL, &size, &e), ERR_INVALID);
	assert_int_equal(store_backup(s, f->dir, true, NULL, &size, &e), ERR_IO);
	assert_int_equal(count_hidden(f->dir), 0);
	/* --force replaces it with a real copy. */
	assert_int_equal(store_backup(s, f->bak, true, NULL, &size, &e), 0);
	assert_int_equal(rows(f->bak, "seed-%"), 10);
	store_close(s);
	assert_int_equal(count_hidden(f->dir), 0);
}

static void
test_backup_missing_folder_names_file(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char out[PATH_MAX + 32];

	make_db(f->db, 1);
	snprintf(out, sizeof out, "%s/nowhere/x.db", f->dir);
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(store_backup(s, out, false, NULL, NULL, &e), ERR_IO);
	assert_non_null(strstr(e.msg, out));
	store_close(s);
	assert_false(exists(out));
}

static void
test_backup_name_and_folder(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	char name[PATH_MAX + 64], want[PATH_MAX + 32];
	const char *base;

	umask(0);
	assert_int_equal(store_backup_name(f->db, name, sizeof name, &e), 0);
	umask(022);
	snprintf(want, sizeof want, "%s/socds-", f->bdir);
	assert_true(strncmp(name, want, strlen(want)) == 0);
	base = strrchr(name, '/') + 1;
	assert_int_equal(strlen(base), strlen("socds-20260101-120000.db"));
	assert_string_equal(base + strlen(base) - 3, ".db");
	assert_int_equal(mode_of(f->bdir), 0700);
	assert_false(exists(name));
}

/* --- the daily backup --- */

static void
make_old_dailies(const char *dir, int n)
{
	char path[PATH_MAX + 64];

	mkdir(dir, 0700);
	for (int i = 1; i <= n; i++) {
		snprintf(path, sizeof path, "%s/socds-daily-202001%02d.db", dir, i);
		write_file(path, "old");
	}
}

static void
test_rotate_keeps_keep(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char today[PATH_MAX + 64], path[PATH_MAX + 64], text[16];

	make_db(f->db, 50);
	make_old_dailies(f->bdir, 10);
	snprintf(path, sizeof path, "%s/socds-20200101-101010.db", f->bdir);
	write_file(path, "manual");
	snprintf(path, sizeof path, "%s/socds-daily-2020.db", f->bdir);
	write_file(path, "not a daily name");
	today_daily(f->bdir, today, sizeof today);

	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(store_backup_rotate(s, NULL, 3, &e), 0);
	store_close(s);

	assert_true(exists(today));
	assert_int_equal(mode_of(today), 0600);
	sql_text(today, "PRAGMA integrity_check", text, sizeof text);
	assert_string_equal(text, "ok");
	assert_int_equal(rows(today, "seed-%"), 50);
	/* Exactly three dailies: today's and the two newest before it. */
	assert_int_equal(count_names(f->bdir, "socds-daily-2"), 3 + 1);
	snprintf(path, sizeof path, "%s/socds-daily-20200110.db", f->bdir);
	assert_true(exists(path));
	snprintf(path, sizeof path, "%s/socds-daily-20200109.db", f->bdir);
	assert_true(exists(path));
	snprintf(path, sizeof path, "%s/socds-daily-20200108.db", f->bdir);
	assert_false(exists(path));
	/* Other files are never touched. */
	snprintf(path, sizeof path, "%s/socds-20200101-101010.db", f->bdir);
	assert_same_file(path, "manual", 6);
	snprintf(path, sizeof path, "%s/socds-daily-2020.db", f->bdir);
	assert_true(exists(path));
	assert_int_equal(count_hidden(f->bdir), 0);
}

/* Bug: every start while the daily copy was still being made started
 * another one, and copies cut short stayed for a day. */
static void
test_rotate_one_at_a_time_and_cut_copies_removed(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char today[PATH_MAX + 64], lock[PATH_MAX + 64], part[PATH_MAX + 96];

	make_db(f->db, 5);
	mkdir(f->bdir, 0700);
	today_daily(f->bdir, today, sizeof today);
	snprintf(lock, sizeof lock, "%s/.socds-daily.lock", f->bdir);
	snprintf(part, sizeof part, "%s/.%s.part-999999", f->bdir, strrchr(today, '/') + 1);
	write_file(part, "cut short by a kill");
	int fd = open(lock, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);

	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	/* Another process holds the lock: it is making today's; nothing to do. */
	assert_int_equal(store_backup_rotate(s, NULL, 3, &e), 0);
	assert_false(exists(today));
	assert_false(store_backup_daily_done(f->db));
	close(fd);
	assert_int_equal(store_backup_rotate(s, NULL, 3, &e), 0);
	store_close(s);
	assert_true(exists(today));
	assert_true(store_backup_daily_done(f->db));
	assert_false(exists(part));
	assert_int_equal(count_hidden(f->bdir), 0);
}

static void
test_rotate_skips_when_today_exists(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char today[PATH_MAX + 64];

	make_db(f->db, 5);
	make_old_dailies(f->bdir, 10);
	today_daily(f->bdir, today, sizeof today);
	write_file(today, "made earlier today");

	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(store_backup_rotate(s, NULL, 3, &e), 0);
	/* A second start the same day costs a stat: nothing made, nothing removed. */
	assert_int_equal(store_backup_rotate(s, NULL, 3, &e), 0);
	store_close(s);
	assert_same_file(today, "made earlier today", 18);
	assert_int_equal(count_names(f->bdir, "socds-daily-"), 11);
}

static void
test_rotate_default_folder_and_setting(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char today[PATH_MAX + 64];

	make_db(f->db, 5);
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(store_setting_set(s, "backup_keep", "2", &e), 0);
	/* No folder yet: made 0700 beside the database. */
	umask(0);
	assert_int_equal(store_backup_rotate(s, NULL, 0, &e), 0);
	umask(022);
	assert_int_equal(mode_of(f->bdir), 0700);
	today_daily(f->bdir, today, sizeof today);
	assert_true(exists(today));

	/* The setting outranks the caller's number. */
	unlink(today);
	make_old_dailies(f->bdir, 6);
	assert_int_equal(store_backup_rotate(s, NULL, 5, &e), 0);
	assert_int_equal(count_names(f->bdir, "socds-daily-"), 2);
	assert_true(exists(today));

	/* A setting that is not a sensible number is ignored. */
	unlink(today);
	make_old_dailies(f->bdir, 6);
	assert_int_equal(store_setting_set(s, "backup_keep", "lots", &e), 0);
	assert_int_equal(store_backup_rotate(s, NULL, 4, &e), 0);
	assert_int_equal(count_names(f->bdir, "socds-daily-"), 4);

	/* keep <= 0 and no setting: seven. */
	unlink(today);
	make_old_dailies(f->bdir, 10);
	assert_int_equal(store_setting_set(s, "backup_keep", NULL, &e), 0);
	assert_int_equal(store_backup_rotate(s, NULL, 0, &e), 0);
	assert_int_equal(count_names(f->bdir, "socds-daily-"), STORE_BACKUP_KEEP);
	store_close(s);
}

static void
test_rotate_error_is_returned_database_unchanged(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char dir[PATH_MAX + 32];

	make_db(f->db, 5);
	snprintf(dir, sizeof dir, "%s/afile", f->dir);
	write_file(dir, "a file where the folder should be");
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_not_equal(store_backup_rotate(s, dir, 3, &e), 0);
	assert_non_null(strstr(e.msg, dir));
	assert_null(strchr(e.msg, '\n'));
	/* The database still works. */
	assert_int_equal(store_setting_set(s, "after", "1", &e), 0);
	store_close(s);
	assert_int_equal(rows(f->db, "%"), 6);

	/* A folder given by the caller is made when missing. */
	snprintf(dir, sizeof dir, "%s/elsewhere", f->dir);
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(store_backup_rotate(s, dir, 3, &e), 0);
	store_close(s);
	assert_int_equal(count_names(dir, "socds-daily-"), 1);
}

/* --- restore --- */

/* Runs a restore that must be refused with `code`, and proves that the
 * database is byte-for-byte as it was, with nothing left beside it. */
static void
refused(struct fx *f, const char *backup, int code)
{
	struct err e = { 0 };
	char aside[PATH_MAX + 64] = "x";
	size_t len;
	char *before = slurp(f->db, &len);

	assert_int_equal(store_backup_restore(backup, f->db, false, NULL, aside, sizeof aside,
	    &e), code);
	assert_string_equal(aside, "");
	assert_non_null(strstr(e.msg, backup));
	assert_null(strchr(e.msg, '\n'));
	assert_same_file(f->db, before, len);
	assert_int_equal(count_names(f->dir, "before-restore"), 0);
	assert_int_equal(count_hidden(f->dir), 0);
	assert_false(exists(strcat(strcpy(aside, f->db), "-wal")));
	free(before);
}

static void
test_restore_refuses_truncated(void **state)
{
	struct fx *f = *state;
	struct stat sb;

	make_db(f->db, 500);
	make_backup(f->db, f->bak);
	assert_int_equal(stat(f->bak, &sb), 0);
	assert_true(sb.st_size > 8 * 4096);
	/* Cut mid-page, then cut on a page boundary. */
	assert_int_equal(truncate(f->bak, sb.st_size / 2 + 100), 0);
	refused(f, f->bak, ERR_CORRUPT);
	assert_int_equal(truncate(f->bak, 4 * 4096), 0);
	refused(f, f->bak, ERR_CORRUPT);
	assert_int_equal(truncate(f->bak, 50), 0);
	refused(f, f->bak, ERR_CORRUPT);
}

static void
test_restore_refuses_non_sqlite_and_empty(void **state)
{
	struct fx *f = *state;

	make_db(f->db, 20);
	write_file(f->bak, "họ tên,năm sinh\nNguyễn Văn An,1990\n");
	refused(f, f->bak, ERR_CORRUPT);
	write_file(f->bak, "");
	refused(f, f->bak, ERR_CORRUPT);
	snprintf(f->bak, sizeof f->bak, "%s/none.db", f->dir);
	refused(f, f->bak, ERR_NOTFOUND);
}

static void
test_restore_refuses_newer(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };

	make_db(f->db, 20);
	make_backup(f->db, f->bak);
	raw_exec(f->bak, "PRAGMA user_version=99;");
	refused(f, f->bak, ERR_NEWER);
	assert_int_equal(store_backup_verify(f->bak, &e), ERR_NEWER);
	assert_non_null(strstr(e.msg, "99"));
}

static void
test_restore_refuses_other_sqlite_and_broken_references(void **state)
{
	struct fx *f = *state;

	make_db(f->db, 20);
	raw_exec(f->bak, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
	refused(f, f->bak, ERR_CORRUPT);
	unlink(f->bak);
	/* A socds file with a reference to nothing (foreign_key_check). */
	make_backup(f->db, f->bak);
	raw_exec(f->bak, "INSERT INTO unit(code, level, kind, name, name_key, parent_code)"
	    " VALUES ('99998', 'commune', 'Xã', 'Xã A', 'xa a', '77');");
	refused(f, f->bak, ERR_CORRUPT);
	/* And one whose pages are damaged (integrity_check). */
	unlink(f->bak);
	make_backup(f->db, f->bak);
	{
		FILE *fp = fopen(f->bak, "r+b");
		char junk[16];
		assert_non_null(fp);
		memset(junk, 0x5a, sizeof junk);
		/* The header of page 2, the first table's root: no such page type. */
		fseek(fp, 4096, SEEK_SET);
		fwrite(junk, 1, sizeof junk, fp);
		fclose(fp);
	}
	refused(f, f->bak, ERR_CORRUPT);
}

static void
test_restore_brings_back_and_keeps_old(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char aside[PATH_MAX + 64], text[16], want[PATH_MAX + 64];

	make_db(f->db, 100);
	make_backup(f->db, f->bak);
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	fill(s, "later", 50);
	store_close(s);
	assert_int_equal(rows(f->db, "%"), 150);

	assert_int_equal(store_backup_restore(f->bak, f->db, false, NULL, aside, sizeof aside,
	    &e), 0);
	/* The backup's rows, and only those. */
	assert_int_equal(rows(f->db, "seed-%"), 100);
	assert_int_equal(rows(f->db, "later-%"), 0);
	assert_int_equal(mode_of(f->db), 0600);
	sql_text(f->db, "PRAGMA integrity_check", text, sizeof text);
	assert_string_equal(text, "ok");
	/* The old database is kept whole, under the name given back. */
	snprintf(want, sizeof want, "%s.before-restore-", f->db);
	assert_true(strncmp(aside, want, strlen(want)) == 0);
	assert_int_equal(strlen(aside), strlen(want) + strlen("20260101-120000"));
	assert_int_equal(rows(aside, "%"), 150);
	assert_int_equal(rows(aside, "later-%"), 50);
	assert_int_equal(count_hidden(f->dir), 0);
	/* The backup itself is untouched, and socds opens the result. */
	assert_int_equal(rows(f->bak, "%"), 100);
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(store_schema_version(s), store_schema_latest);
	store_close(s);
}

static void
test_restore_refuses_while_open(void **state)
{
	struct fx *f = *state;
	struct store *other;
	struct err e = { 0 };
	char aside[PATH_MAX + 64];

	make_db(f->db, 30);
	make_backup(f->db, f->bak);
	/* Another officer has socds open on the database. */
	assert_int_equal(store_open(f->db, 0, &other, &e), 0);
	assert_int_equal(store_setting_set(other, "later", "1", &e), 0);
	assert_int_equal(store_backup_restore(f->bak, f->db, false, NULL, aside, sizeof aside,
	    &e), ERR_BUSY);
	assert_non_null(strstr(e.msg, f->db));
	assert_int_equal(count_names(f->dir, "before-restore"), 0);
	assert_int_equal(count_hidden(f->dir), 0);
	/* Their work is still there and they go on working. */
	assert_int_equal(store_setting_set(other, "later2", "1", &e), 0);
	store_close(other);
	assert_int_equal(rows(f->db, "later%"), 2);
	/* Once they have closed it, the restore goes through. */
	assert_int_equal(store_backup_restore(f->bak, f->db, false, NULL, aside, sizeof aside,
	    &e), 0);
	assert_int_equal(rows(f->db, "later%"), 0);
	assert_int_equal(rows(aside, "later%"), 2);
}

static void
test_restore_older_missing_damaged_and_self(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char aside[PATH_MAX + 64];
	size_t len;
	char *data;

	/* A backup made by an older socds is upgraded as it comes back. */
	assert_int_equal(store_open_at_version(f->bak, 1, &s, &e), 0);
	store_close(s);
	assert_int_equal(tu_sql_int(f->bak, "PRAGMA user_version"), 1);
	/* No database yet: it is simply put in place. */
	assert_int_equal(store_backup_restore(f->bak, f->db, false, NULL, aside, sizeof aside,
	    &e), 0);
	assert_string_equal(aside, "");
	assert_int_equal(tu_sql_int(f->db, "PRAGMA user_version"), store_schema_latest);
	assert_int_equal(tu_sql_int(f->bak, "PRAGMA user_version"), 1);

	/* The database itself is not a backup of itself. */
	assert_int_equal(store_backup_restore(f->db, f->db, true, NULL, aside, sizeof aside,
	    &e), ERR_INVALID);

	/* A damaged current database is set aside as it is. */
	write_file(f->db, "SQLite format 3 but not really");
	data = slurp(f->db, &len);
	assert_int_equal(store_backup_restore(f->bak, f->db, false, NULL, aside, sizeof aside,
	    &e), 0);
	assert_same_file(aside, data, len);
	free(data);
	assert_int_equal(tu_sql_int(f->db, "PRAGMA user_version"), store_schema_latest);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_backup_while_another_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_refuses_existing_self_and_folder, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_backup_missing_folder_names_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_backup_name_and_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate_keeps_keep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate_skips_when_today_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate_one_at_a_time_and_cut_copies_removed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate_default_folder_and_setting, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rotate_error_is_returned_database_unchanged,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_non_sqlite_and_empty, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_newer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_other_sqlite_and_broken_references,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_brings_back_and_keeps_old, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses_while_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_older_missing_damaged_and_self, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

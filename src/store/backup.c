/* store backup: consistent copies of the database while others keep working,
 * the daily automatic backup and its rotation, and putting a copy back. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store-internal.h"
#include "socds/store-admin.h"
#include "socds/store-backup.h"
#include "socds/i18n.h"
#include "socds/safefile.h"

/* "socd", as store.c writes it: a file without it is not ours. */
#define BACKUP_APPLICATION_ID 0x736f6364
#define BACKUP_STEP_PAGES 256
/* How long a step waits for a lock in all, like store_open's busy timeout. */
#define BACKUP_BUSY_MS 10000
#define BACKUP_BUSY_SLEEP_MS 25
#define BACKUP_DAILY "socds-daily-"
#define BACKUP_DAILY_LEN (sizeof BACKUP_DAILY - 1 + 8 + 3)	/* + YYYYmmdd + ".db" */
/* A temporary file left by a crash is removed after a day. */

static const char *const backup_sides[] = { "-journal", "-wal", "-shm" };

/* store_error speaks of a struct store; this one stands for a bare connection. */
static int
backup_error(sqlite3 *db, const char *path, int rc, struct err *e)
{
	struct store fake = { .db = db, .path = (char *)path };

	return store_error(&fake, rc, e, path);
}

/* The folder part of path ("." when it has none). */
static int
backup_dirname(const char *path, char *buf, size_t size, struct err *e)
{
	const char *slash = strrchr(path, '/');
	int n;

	if (slash == NULL)
		n = snprintf(buf, size, ".");
	else if (slash == path)
		n = snprintf(buf, size, "/");
	else
		n = snprintf(buf, size, "%.*s", (int)(slash - path), path);
	if (n < 0 || (size_t)n >= size)
		return err_set(e, ERR_USAGE, _("path too long"));
	return 0;
}

/* path with a suffix, or an error when it would not fit. */
static int
backup_join(char *buf, size_t size, struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
backup_join(char *buf, size_t size, struct err *e, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		return err_set(e, ERR_USAGE, _("path too long"));
	return 0;
}

/* Removes a database file and the journal, WAL and shared-memory files
 * SQLite keeps beside it. */
static void
backup_unlink_db(const char *path)
{
	char side[PATH_MAX + 96];

	unlink(path);
	for (size_t i = 0; i < sizeof backup_sides / sizeof backup_sides[0]; i++) {
		snprintf(side, sizeof side, "%s%s", path, backup_sides[i]);
		unlink(side);
	}
}

/* Makes a rename in dir survive a power cut. */
static void
backup_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static int
backup_sync_file(const char *path, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0, saved = 0;

	if (fd < 0 || fsync(fd) != 0) {
		rc = -1;
		saved = errno;
	}
	if (fd >= 0)
		close(fd);
	if (rc == 0)
		return 0;
	if (saved == ENOSPC || saved == EDQUOT)
		return err_set(e, ERR_FULL, _("%s: the disk is full; nothing was written"), path);
	return err_set(e, ERR_IO, _("%s: cannot write: %s"), path, err_errno(saved));
}

/* Local time: officers count days where they live. YYYYmmdd, and with
 * with_time YYYYmmdd-HHMMSS. */
static void
backup_stamp(char *buf, size_t size, bool with_time)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	if (with_time)
		strftime(buf, size, "%Y%m%d-%H%M%S", &tm);
	else
		strftime(buf, size, "%Y%m%d", &tm);
}

static int
backup_mkdir(const char *dir, struct err *e)
{
	struct stat sb;

	if (mkdir(dir, 0700) == 0) {
		/* Exactly 0700, whatever the umask: the copies hold personal data. */
		chmod(dir, 0700);
		return 0;
	}
	if (errno == EEXIST && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
		return 0;
	if (errno == EEXIST)
		errno = ENOTDIR;
	return err_set(e, ERR_IO, _("cannot create folder %s: %s"), dir, err_errno(errno));
}

int
store_backup_folder(const char *db_path, char *buf, size_t size, struct err *e)
{
	char dir[PATH_MAX];

	if (backup_dirname(db_path, dir, sizeof dir, e) != 0 ||
	    backup_join(buf, size, e, "%s/backups", strcmp(dir, "/") == 0 ? "" : dir) != 0)
		return e->code;
	return 0;
}

int
store_backup_dir(const char *db_path, char *buf, size_t size, struct err *e)
{
	if (store_backup_folder(db_path, buf, size, e) != 0)
		return e->code;
	return backup_mkdir(buf, e);
}

int
store_backup_name(const char *db_path, char *buf, size_t size, struct err *e)
{
	char dir[PATH_MAX], stamp[32];

	if (store_backup_dir(db_path, dir, sizeof dir, e) != 0)
		return e->code;
	backup_stamp(stamp, sizeof stamp, true);
	return backup_join(buf, size, e, "%s/socds-%s.db", dir, stamp);
}

/* Runs PRAGMA integrity_check (or any check whose good answer is one row
 * "ok", or no row at all) and keeps the first complaint in first. Returns
 * the number of complaints, or -1 with e filled. */
static int
backup_check_rows(sqlite3 *db, const char *path, const char *sql, char *first,
    size_t fsize, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL), n = 0;

	first[0] = '\0';
	if (rc != SQLITE_OK) {
		backup_error(db, path, rc, e);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (t != NULL && strcmp(t, "ok") == 0)
			continue;
		if (n++ == 0) {
			size_t len = 0;
			for (int i = 0; i < sqlite3_column_count(st) && len < fsize; i++) {
				const char *c = (const char *)sqlite3_column_text(st, i);
				len += (size_t)snprintf(first + len, fsize - len, "%s%s",
				    i ? " " : "", c ? c : "NULL");
			}
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		backup_error(db, path, rc, e);
		return -1;
	}
	return n;
}

/* One integer from a PRAGMA. */
static int
backup_pragma_int(sqlite3 *db, const char *path, const char *sql, int64_t *out,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	*out = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : backup_error(db, path, rc, e);
}

/* One text from a PRAGMA, into buf. */
static int
backup_pragma_text(sqlite3 *db, const char *path, const char *sql, char *buf,
    size_t size, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	buf[0] = '\0';
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		snprintf(buf, size, "%s", t ? t : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : backup_error(db, path, rc, e);
}

/* Copies src into the new file tmp (made 0600 here) with the online backup
 * API, in steps, and checks the copy; `name` is the file the user knows (for
 * messages). On failure tmp is gone. The source is read in one snapshot: a
 * read transaction held over every step, so that other connections keep
 * writing (WAL) and the copy does not start over after each of their saves. */
static int
backup_copy(sqlite3 *src, const char *tmp, const char *name,
    const struct store_backup_opts *o, struct err *e)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b = NULL;
	int pages = o != NULL && o->pages > 0 ? o->pages : BACKUP_STEP_PAGES;
	int rc, fd, waited = 0, reading = 0, bad;
	char text[ERR_MSG_MAX / 2];

	backup_unlink_db(tmp);
	/* Made here, 0600 whatever the umask and never through a link:
	 * SQLite would create it with the umask's mode. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return err_set(e, ERR_IO, _("%s: cannot create: %s"), name, err_errno(errno));
	close(fd);
	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		backup_error(dst, name, rc, e);
		goto fail;
	}
	sqlite3_extended_result_codes(dst, 1);

	if (!sqlite3_get_autocommit(src)) {
		err_set(e, ERR_FAIL, _("%s: cannot back up in the middle of a save"), name);
		goto fail;
	}
	rc = sqlite3_exec(src, "BEGIN; SELECT count(*) FROM sqlite_schema;", NULL, NULL, NULL);
	reading = 1;
	if (rc != SQLITE_OK) {
		backup_error(src, name, rc, e);
		goto fail;
	}
	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL) {
		backup_error(dst, name, sqlite3_extended_errcode(dst), e);
		goto fail;
	}
	for (;;) {
		rc = sqlite3_backup_step(b, pages);
		if (rc == SQLITE_DONE)
			break;
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
			if (waited >= BACKUP_BUSY_MS)
				break;
			sqlite3_sleep(BACKUP_BUSY_SLEEP_MS);
			waited += BACKUP_BUSY_SLEEP_MS;
			continue;
		}
		if (rc != SQLITE_OK)
			break;
		waited = 0;
		if (o != NULL && o->progress != NULL) {
			int total = sqlite3_backup_pagecount(b);
			o->progress(total - sqlite3_backup_remaining(b), total, o->arg);
		}
	}
	if (rc != SQLITE_DONE) {
		sqlite3_backup_finish(b);
		b = NULL;
		backup_error(dst, name, rc, e);
		goto fail;
	}
	rc = sqlite3_backup_finish(b);
	b = NULL;
	if (rc != SQLITE_OK) {
		backup_error(dst, name, rc, e);
		goto fail;
	}
	sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	reading = 0;

	/* The copy keeps the source's WAL flag; a backup is better one
	 * self-contained file, so it goes back to a rollback journal. */
	if (backup_pragma_text(dst, name, "PRAGMA journal_mode=DELETE", text, sizeof text,
	    e) != 0)
		goto fail;
	if ((bad = backup_check_rows(dst, name, "PRAGMA integrity_check", text, sizeof text,
	    e)) < 0)
		goto fail;
	if (bad > 0) {
		err_set(e, ERR_CORRUPT,
		    _("%s: the copy failed its integrity check (%s); nothing was written"),
		    name, text);
		goto fail;
	}
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK) {
		err_set(e, ERR_IO, _("%s: cannot write: %s"), name, err_errno(EIO));
		goto fail;
	}
	return 0;
fail:
	if (b != NULL)
		sqlite3_backup_finish(b);
	if (reading)
		sqlite3_exec(src, "ROLLBACK", NULL, NULL, NULL);
	if (dst != NULL)
		sqlite3_close_v2(dst);
	backup_unlink_db(tmp);
	return e->code;
}

/* Refuses a target that is a folder, that exists (unless force) or that is
 * the database itself. */
static int
backup_target_ok(const char *db_path, const char *path, bool force, struct err *e)
{
	struct stat sb, db;

	if (path == NULL || *path == '\0')
		return err_set(e, ERR_USAGE, _("no output file given"));
	if (stat(path, &sb) != 0)
		return 0;
	if (S_ISDIR(sb.st_mode))
		return err_set(e, ERR_IO, _("%s: is a folder, not a file"), path);
	if (db_path != NULL && stat(db_path, &db) == 0 && db.st_dev == sb.st_dev &&
	    db.st_ino == sb.st_ino)
		return err_set(e, ERR_INVALID, _("%s: is the database itself"), path);
	if (!force)
		return err_set(e, ERR_EXISTS, _("%s: already exists; give --force to replace it"),
		    path);
	return 0;
}

/* Written through a safefile: its temporary beside the target (SQLite writes
 * it by name), fsynced, then renamed or linked into place. The backups
 * folder is open to it; the database itself never. */
int
store_backup(struct store *s, const char *path, bool force,
    const struct store_backup_opts *o, int64_t *size, struct err *e)
{
	struct safefile sf;
	struct stat sb;

	if (size != NULL)
		*size = 0;
	if (backup_target_ok(s->path, path, force, e) != 0 ||
	    safefile_open_path(&sf, path, (force ? SAFEFILE_FORCE : 0) | SAFEFILE_BACKUP, e) != 0)
		return e->code;
	if (backup_copy(s->db, sf.tmp, path, o, e) != 0 || safefile_commit(&sf, e) != 0) {
		safefile_abort(&sf);	/* backup_copy removed its -journal */
		return e->code;
	}
	if (size != NULL && stat(path, &sb) == 0)
		*size = (int64_t)sb.st_size;
	return 0;
}

/* --- the daily backup --- */

static bool
backup_is_daily(const char *name)
{
	if (strlen(name) != BACKUP_DAILY_LEN ||
	    strncmp(name, BACKUP_DAILY, sizeof BACKUP_DAILY - 1) != 0 ||
	    strcmp(name + BACKUP_DAILY_LEN - 3, ".db") != 0)
		return false;
	for (size_t i = sizeof BACKUP_DAILY - 1; i < BACKUP_DAILY_LEN - 3; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	return true;
}

static int
backup_name_cmp_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* The 'backup_keep' setting when it holds a sensible number, else `keep`. */
static int
backup_keep(struct store *s, int keep)
{
	char buf[32], *end;
	struct err e;
	long v;

	if (keep <= 0)
		keep = STORE_BACKUP_KEEP;
	if (store_setting_get(s, "backup_keep", buf, sizeof buf, &e) != 0)
		return keep;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno != 0 || end == buf || *end != '\0' || v < 1 || v > 3650)
		return keep;
	return (int)v;
}

/* Keeps the newest `keep` daily backups in dir and removes the temporary
 * files of daily backups that were cut short (the caller holds the daily
 * lock, so no other daily backup is being written). */
static int
backup_prune(const char *dir, int keep, struct err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, path[PATH_MAX + 320];
	size_t n = 0, cap = 0;
	int rc = 0;

	if (d == NULL)
		return err_set(e, ERR_IO, _("%s: cannot open: %s"), dir, err_errno(errno));
	while ((de = readdir(d)) != NULL) {
		struct stat sb;

		if (de->d_name[0] == '.' &&
		    strncmp(de->d_name + 1, BACKUP_DAILY, sizeof BACKUP_DAILY - 1) == 0) {
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
				unlink(path);
			continue;
		}
		if (!backup_is_daily(de->d_name))
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **p = realloc(names, ncap * sizeof *names);
			if (p == NULL) {
				rc = err_set(e, ERR_NOMEM, _("out of memory"));
				goto out;
			}
			names = p;
			cap = ncap;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			rc = err_set(e, ERR_NOMEM, _("out of memory"));
			goto out;
		}
		n++;
	}
	/* YYYYmmdd sorts by date: newest first, the rest go. */
	qsort(names, n, sizeof *names, backup_name_cmp_desc);
	for (size_t i = (size_t)keep; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (unlink(path) != 0 && errno != ENOENT && rc == 0)
			rc = err_set(e, ERR_IO, _("%s: cannot remove an old backup: %s"), path,
			    err_errno(errno));
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* Today's daily backup of the database at db_path, in dir (NULL: the
 * "backups" folder beside it); folder gets the folder. */
static int
backup_daily_path(const char *db_path, const char *dir, char *folder, size_t fsize,
    char *path, size_t psize, struct err *e)
{
	char day[16];

	if (dir == NULL) {
		char parent[PATH_MAX];
		if (backup_dirname(db_path, parent, sizeof parent, e) != 0 ||
		    backup_join(folder, fsize, e, "%s/backups",
		    strcmp(parent, "/") == 0 ? "" : parent) != 0)
			return e->code;
	} else if (backup_join(folder, fsize, e, "%s", dir) != 0) {
		return e->code;
	}
	backup_stamp(day, sizeof day, false);
	return backup_join(path, psize, e, "%s/" BACKUP_DAILY "%s.db", folder, day);
}

bool
store_backup_daily_done(const char *db_path)
{
	char folder[PATH_MAX], path[PATH_MAX + 64];
	struct err e = { 0 };
	struct stat sb;

	/* A path too long to name a backup: nothing to do, and rotate says why. */
	if (backup_daily_path(db_path, NULL, folder, sizeof folder, path, sizeof path, &e) != 0)
		return false;
	return stat(path, &sb) == 0;
}

int
store_backup_rotate(struct store *s, const char *dir, int keep, struct err *e)
{
	char folder[PATH_MAX], path[PATH_MAX + 64];
	struct stat sb;

	if (backup_daily_path(s->path, dir, folder, sizeof folder, path, sizeof path, e) != 0)
		return e->code;
	/* The usual case at start: today's is there, and a stat is all it costs. */
	if (stat(path, &sb) == 0)
		return 0;
	if (backup_mkdir(folder, e) != 0)
		return e->code;
	/* One daily copy at a time: officers starting socds while it is being
	 * made leave it to the one making it. */
	char lock[PATH_MAX + 32];
	if (backup_join(lock, sizeof lock, e, "%s/.socds-daily.lock", folder) != 0)
		return e->code;
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return err_set(e, ERR_IO, _("%s: cannot open: %s"), lock, err_errno(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return 0;
	}
	int rc = 0;
	if (stat(path, &sb) != 0 && store_backup(s, path, false, NULL, NULL, e) != 0) {
		/* Another officer starting at the same moment made it: fine. */
		if (e->code != ERR_EXISTS)
			rc = e->code;
		else
			err_clear(e);
	}
	if (rc == 0)
		rc = backup_prune(folder, backup_keep(s, keep), e);
	close(fd);
	return rc;
}

/* --- restoring --- */

static uint32_t
backup_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The file as a whole, before SQLite reads it: an SQLite header, a sane
 * page size, and as many bytes as the header promises. */
static int
backup_verify_header(const char *path, struct err *e)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char h[100];
	struct stat sb;
	ssize_t n;
	uint32_t pagesize, count;
	int fd;

	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return err_set(e, ERR_NOTFOUND, _("%s: no such file"), path);
		return err_set(e, ERR_IO, _("%s: cannot open: %s"), path, err_errno(errno));
	}
	if (S_ISDIR(sb.st_mode))
		return err_set(e, ERR_IO, _("%s: is a folder, not a file"), path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(e, ERR_IO, _("%s: cannot open: %s"), path, err_errno(errno));
	n = read(fd, h, sizeof h);
	close(fd);
	if (n == 0)
		return err_set(e, ERR_CORRUPT, _("%s: the file is empty, not a socds database"),
		    path);
	if (n < (ssize_t)sizeof magic || memcmp(h, magic, sizeof magic) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: not a socds database (not an SQLite file)"),
		    path);
	pagesize = (uint32_t)h[16] << 8 | h[17];
	if (pagesize == 1)
		pagesize = 65536;
	count = backup_be32(h + 28);
	if (n < (ssize_t)sizeof h || pagesize < 512 || (pagesize & (pagesize - 1)) != 0 ||
	    (uint64_t)sb.st_size % pagesize != 0 ||
	    /* The header's page count holds when it was written with the change counter. */
	    (count > 0 && backup_be32(h + 24) == backup_be32(h + 92) &&
	    (uint64_t)sb.st_size < (uint64_t)count * pagesize))
		return err_set(e, ERR_CORRUPT,
		    _("%s: the file is cut short or damaged (%lld bytes); it cannot be restored"),
		    path, (long long)sb.st_size);
	return 0;
}

int
store_backup_verify(const char *path, struct err *e)
{
	sqlite3 *db = NULL;
	int64_t appid, version;
	char first[ERR_MSG_MAX / 2];
	int rc, bad;

	if (backup_verify_header(path, e) != 0)
		return e->code;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		backup_error(db, path, rc, e);
		goto out;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, BACKUP_BUSY_MS);
	if (backup_pragma_int(db, path, "PRAGMA application_id", &appid, e) != 0 ||
	    backup_pragma_int(db, path, "PRAGMA user_version", &version, e) != 0)
		goto out;
	if (appid != BACKUP_APPLICATION_ID || version < 1) {
		err_set(e, ERR_CORRUPT, _("%s: an SQLite file, but not a socds database"), path);
		goto out;
	}
	if (version > store_schema_latest) {
		err_set(e, ERR_NEWER,
		    _("%s: made by a newer socds (schema %lld, this socds knows %d); update socds"),
		    path, (long long)version, store_schema_latest);
		goto out;
	}
	if ((bad = backup_check_rows(db, path, "PRAGMA integrity_check", first, sizeof first,
	    e)) < 0)
		goto out;
	if (bad > 0) {
		err_set(e, ERR_CORRUPT, _("%s: the file is damaged (%s); it cannot be restored"),
		    path, first);
		goto out;
	}
	if ((bad = backup_check_rows(db, path, "PRAGMA foreign_key_check", first,
	    sizeof first, e)) < 0)
		goto out;
	if (bad > 0) {
		err_set(e, ERR_CORRUPT,
		    _("%s: records refer to records that do not exist (%d; first: %s); it cannot be restored"),
		    path, bad, first);
		goto out;
	}
	err_clear(e);
out:
	if (db != NULL)
		sqlite3_close_v2(db);
	return e->code;
}

/* Renames path and the files SQLite keeps beside it to `aside` (and its
 * -journal, -wal, -shm): they belong together. On failure all is put back. */
static int
backup_move_aside(const char *path, const char *aside, struct err *e)
{
	const size_t nsides = sizeof backup_sides / sizeof backup_sides[0];
	char from[PATH_MAX + 16], to[PATH_MAX + 64];

	if (rename(path, aside) != 0)
		return err_set(e, ERR_IO, _("%s: cannot rename to %s: %s"), path, aside,
		    err_errno(errno));
	for (size_t i = 0; i < nsides; i++) {
		snprintf(from, sizeof from, "%s%s", path, backup_sides[i]);
		snprintf(to, sizeof to, "%s%s", aside, backup_sides[i]);
		if (rename(from, to) != 0 && errno != ENOENT) {
			int saved = errno;
			/* A stale WAL must never meet the restored file: undo. */
			while (i-- > 0) {
				snprintf(from, sizeof from, "%s%s", path, backup_sides[i]);
				snprintf(to, sizeof to, "%s%s", aside, backup_sides[i]);
				rename(to, from);
			}
			rename(aside, path);
			return err_set(e, ERR_IO, _("%s: cannot rename to %s: %s"), path, aside,
			    err_errno(saved));
		}
	}
	return 0;
}

/* Brings the current database into one file before it is set aside: its WAL
 * checkpointed into it and the journal mode back to DELETE. Leaving WAL mode
 * needs the only connection, so this also tells when another officer has the
 * file open (ERR_BUSY): renaming it under them would lose their work. A file
 * socds cannot open (damaged, newer) is moved as it is, WAL and all. */
static int
backup_quiesce(const char *db_path, struct err *e)
{
	struct store *s = NULL;
	int64_t busy = 0;
	char mode[16];
	sqlite3_stmt *st = NULL;
	int rc;

	if (store_open(db_path, 0, &s, e) != 0) {
		if (e->code == ERR_CORRUPT || e->code == ERR_NEWER) {
			err_clear(e);
			return 0;
		}
		return e->code;
	}
	rc = sqlite3_prepare_v2(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		busy = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		store_error(s, rc, e, db_path);
		goto out;
	}
	if (busy == 0 && backup_pragma_text(s->db, db_path, "PRAGMA journal_mode=DELETE", mode,
	    sizeof mode, e) != 0)
		goto out;
	if (busy != 0 || strcmp(mode, "delete") != 0) {
		err_set(e, ERR_BUSY,
		    _("%s: the database is in use (another socds has it open); close it, then restore"),
		    db_path);
		goto out;
	}
	err_clear(e);
out:
	store_close(s);
	return e->code;
}

int
store_backup_restore(const char *backup, const char *db_path, bool force,
    const struct store_backup_opts *o, char *aside, size_t asize, struct err *e)
{
	char tmp[PATH_MAX + 64], side[PATH_MAX + 64], stamp[32], dir[PATH_MAX];
	struct stat sb, bb;
	sqlite3 *src = NULL;
	struct store *s = NULL;
	bool exists;
	int rc;

	if (aside != NULL && asize > 0)
		aside[0] = '\0';
	/* The backup first: a bad one is refused before anything is touched. */
	if (store_backup_verify(backup, e) != 0)
		return e->code;
	exists = stat(db_path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode))
		return err_set(e, ERR_IO, _("%s: is a folder, not a database file"), db_path);
	if (exists && stat(backup, &bb) == 0 && bb.st_dev == sb.st_dev && bb.st_ino == sb.st_ino)
		return err_set(e, ERR_INVALID, _("%s: is the database itself"), backup);
	backup_stamp(stamp, sizeof stamp, true);
	if (backup_join(side, sizeof side, e, "%s.before-restore-%s", db_path, stamp) != 0)
		return e->code;
	if (exists && !force && lstat(side, &bb) == 0)
		return err_set(e, ERR_EXISTS, _("%s: already exists; give --force to replace it"),
		    side);

	/* The copy, beside its final place, checked and brought up to date; its
	 * name is a safefile temporary's, so that a killed restore's is swept. */
	{
		struct safefile sf;
		if (safefile_scratch(&sf, db_path, "restore.db", true, e) != 0)
			return e->code;
		snprintf(tmp, sizeof tmp, "%s", sf.tmp);
	}
	rc = sqlite3_open_v2(backup, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		backup_error(src, backup, rc, e);
		sqlite3_close_v2(src);
		return e->code;
	}
	sqlite3_extended_result_codes(src, 1);
	sqlite3_busy_timeout(src, BACKUP_BUSY_MS);
	rc = backup_copy(src, tmp, db_path, o, e);
	sqlite3_close_v2(src);
	if (rc != 0)
		return e->code;
	if (store_open(tmp, 0, &s, e) != 0) {
		backup_unlink_db(tmp);
		if (e->code == ERR_FULL)
			return err_set(e, ERR_FULL, _("%s: the disk is full; nothing was written"),
			    db_path);
		return err_set(e, ERR_CORRUPT,
		    _("%s: the copy cannot be opened; it cannot be restored"), backup);
	}
	store_close(s);
	if (backup_sync_file(tmp, e) != 0) {
		backup_unlink_db(tmp);
		return e->code;
	}

	/* Then the current database goes aside, and the copy into its place. */
	if (exists) {
		if (backup_quiesce(db_path, e) != 0) {
			backup_unlink_db(tmp);
			return e->code;
		}
		if (force)
			backup_unlink_db(side);	/* with its own -wal: never mixed with ours */
		if (backup_move_aside(db_path, side, e) != 0) {
			backup_unlink_db(tmp);
			return e->code;
		}
		if (aside != NULL)
			snprintf(aside, asize, "%s", side);
	}
	if (rename(tmp, db_path) != 0) {
		int saved = errno;
		if (exists)
			backup_move_aside(side, db_path, e);
		backup_unlink_db(tmp);
		if (aside != NULL && asize > 0)
			aside[0] = '\0';
		return err_set(e, ERR_IO, _("%s: cannot rename into place: %s"), db_path,
		    err_errno(saved));
	}
	if (backup_dirname(db_path, dir, sizeof dir, e) == 0)
		backup_sync_dir(dir);
	err_clear(e);
	return 0;
}

/* store backup: consistent copies of the database while others keep working
 * (the online backup API), and what the other backup files share. The daily
 * backup is in backup-rotate.c, putting a copy back in backup-restore.c. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-admin.h"
#include "socds/store-backup.h"
#include "backup-internal.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/paths.h"
#include "socds/safefile.h"

#define BACKUP_STEP_PAGES 256
#define BACKUP_BUSY_SLEEP_MS 25

static const char *const backup_sides[] = { "-journal", "-wal", "-shm" };

int
backup_error(sqlite3 *db, const char *path, int rc, struct err *e)
{
	struct store fake = { .db = db, .path = (char *)path };

	return store_error(&fake, rc, e, path);
}

int
backup_dirname(const char *path, char *buf, size_t size, struct err *e)
{
	if (paths_dir(path, buf, size, NULL) != 0)
		return err_set(e, ERR_USAGE, _("path too long"));
	return 0;
}

int
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

void
backup_unlink_db(const char *path)
{
	char side[OS_PATH_MAX + 96];

	os_remove(path);
	for (size_t i = 0; i < sizeof backup_sides / sizeof backup_sides[0]; i++) {
		snprintf(side, sizeof side, "%s%s", path, backup_sides[i]);
		os_remove(side);
	}
}

void
backup_stamp(char *buf, size_t size, bool with_time)
{
	if (with_time)
		os_now_format(buf, size, "%Y%m%d-%H%M%S", false);
	else
		os_now_format(buf, size, "%Y%m%d", false);
}

int
backup_mkdir(const char *dir, struct err *e)
{
	/* Exactly 0700, whatever the umask: the copies hold personal data. */
	if (os_mkdir(dir, true) != 0)
		return err_set(e, ERR_IO, _("cannot create folder %s: %s"), dir, err_errno(errno));
	return 0;
}

int
store_backup_folder(const char *db_path, char *buf, size_t size, struct err *e)
{
	char dir[OS_PATH_MAX];

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
	char dir[OS_PATH_MAX], stamp[32];

	if (store_backup_dir(db_path, dir, sizeof dir, e) != 0)
		return e->code;
	backup_stamp(stamp, sizeof stamp, true);
	return backup_join(buf, size, e, "%s/socds-%s.db", dir, stamp);
}

int
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

int
backup_pragma(sqlite3 *db, const char *path, const char *sql, int64_t *num, char *buf,
    size_t size, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	*num = 0;
	if (buf != NULL)
		buf[0] = '\0';
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		*num = sqlite3_column_int64(st, 0);
		if (buf != NULL)
			snprintf(buf, size, "%s", t ? t : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : backup_error(db, path, rc, e);
}

/* The new private file tmp, opened as an SQLite database: made here, 0600
 * whatever the umask and never through a link (SQLite would create it with
 * the umask's mode). */
static int
backup_copy_open(const char *tmp, const char *name, sqlite3 **dst, struct err *e)
{
	int rc;

	*dst = NULL;
	backup_unlink_db(tmp);
	if (os_file_new(tmp, NULL) != 0)
		return err_set(e, ERR_IO, _("%s: cannot create: %s"), name, err_errno(errno));
	rc = sqlite3_open_v2(tmp, dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK)
		return backup_error(*dst, name, rc, e);
	sqlite3_extended_result_codes(*dst, 1);
	return 0;
}

/* The backup's steps, waiting out other writers' locks; SQLITE_DONE or the
 * failing code. */
static int
backup_copy_steps(sqlite3_backup *b, const struct store_backup_opts *o)
{
	int pages = o != NULL && o->pages > 0 ? o->pages : BACKUP_STEP_PAGES;
	int rc, waited = 0;

	for (;;) {
		rc = sqlite3_backup_step(b, pages);
		if (rc == SQLITE_DONE)
			return rc;
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
			if (waited >= BACKUP_BUSY_MS)
				return rc;
			sqlite3_sleep(BACKUP_BUSY_SLEEP_MS);
			waited += BACKUP_BUSY_SLEEP_MS;
			continue;
		}
		if (rc != SQLITE_OK)
			return rc;
		waited = 0;
		if (o != NULL && o->progress != NULL) {
			int total = sqlite3_backup_pagecount(b);
			o->progress(total - sqlite3_backup_remaining(b), total, o->arg);
		}
	}
}

/* The copy as one self-contained file (it keeps the source's WAL flag;
 * a backup is better back on a rollback journal), checked and closed. */
static int
backup_copy_finish(sqlite3 *dst, const char *name, struct err *e)
{
	char text[ERR_MSG_MAX / 2];
	int64_t num;
	int bad;

	if (backup_pragma(dst, name, "PRAGMA journal_mode=DELETE", &num, text, sizeof text,
	    e) != 0)
		return e->code;
	if ((bad = backup_check_rows(dst, name, "PRAGMA integrity_check", text, sizeof text,
	    e)) < 0)
		return e->code;
	if (bad > 0)
		return err_set(e, ERR_CORRUPT,
		    _("%s: the copy failed its integrity check (%s); nothing was written"),
		    name, text);
	return 0;
}

/* The source is read in one snapshot: a read transaction held over every
 * step, so that other connections keep writing (WAL) and the copy does not
 * start over after each of their saves. */
int
backup_copy(sqlite3 *src, const char *tmp, const char *name,
    const struct store_backup_opts *o, struct err *e)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc, reading = 0;

	if (backup_copy_open(tmp, name, &dst, e) != 0)
		goto fail;
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
	rc = backup_copy_steps(b, o);
	int finished = sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE && finished != SQLITE_OK)
		rc = finished;
	if (rc != SQLITE_DONE) {
		backup_error(dst, name, rc, e);
		goto fail;
	}
	sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	reading = 0;
	if (backup_copy_finish(dst, name, e) != 0)
		goto fail;
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK) {
		err_set(e, ERR_IO, _("%s: cannot write: %s"), name, err_errno(EIO));
		goto fail;
	}
	return 0;
fail:
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
	struct os_stat sb, db;

	if (path == NULL || *path == '\0')
		return err_set(e, ERR_USAGE, _("no output file given"));
	if (os_stat(path, &sb) != 0)
		return 0;
	if (sb.kind == OS_DIR)
		return err_set(e, ERR_IO, _("%s: is a folder, not a file"), path);
	if (db_path != NULL && os_stat(db_path, &db) == 0 && os_same_file(&db, &sb))
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
	struct os_stat sb;

	if (size != NULL)
		*size = 0;
	if (backup_target_ok(s->path, path, force, e) != 0 ||
	    safefile_open_path(&sf, path, (force ? SAFEFILE_FORCE : 0) | SAFEFILE_BACKUP, e) != 0)
		return e->code;
	if (backup_copy(s->db, sf.tmp, path, o, e) != 0 || safefile_commit(&sf, e) != 0) {
		safefile_abort(&sf);	/* backup_copy removed its -journal */
		return e->code;
	}
	if (size != NULL && os_stat(path, &sb) == 0)
		*size = sb.size;
	return 0;
}

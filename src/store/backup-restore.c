/* store backup-restore: checking a backup and putting it in place of the
 * database, the current file set aside, never half done. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "backup-internal.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/safefile.h"

/* "socd", as store.c writes it: a file without it is not ours. */
#define BACKUP_APPLICATION_ID 0x736f6364

static const char *const restore_sides[] = { "-journal", "-wal", "-shm" };

static uint32_t
restore_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The file as a whole, before SQLite reads it: an SQLite header, a sane
 * page size, and as many bytes as the header promises. */
static int
restore_verify_header(const char *path, struct err *e)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char h[100];
	struct os_stat sb;
	int64_t n;
	uint32_t pagesize, count;

	if (os_stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return err_set(e, ERR_NOTFOUND, _("%s: no such file"), path);
		return err_set(e, ERR_IO, _("%s: cannot open: %s"), path, err_errno(errno));
	}
	if (sb.kind == OS_DIR)
		return err_set(e, ERR_IO, _("%s: is a folder, not a file"), path);
	if ((n = os_file_head(path, h, sizeof h)) < 0)
		return err_set(e, ERR_IO, _("%s: cannot open: %s"), path, err_errno(errno));
	if (n == 0)
		return err_set(e, ERR_CORRUPT, _("%s: the file is empty, not a socds database"),
		    path);
	if (n < (int64_t)sizeof magic || memcmp(h, magic, sizeof magic) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: not a socds database (not an SQLite file)"),
		    path);
	pagesize = (uint32_t)h[16] << 8 | h[17];
	if (pagesize == 1)
		pagesize = 65536;
	count = restore_be32(h + 28);
	if (n < (int64_t)sizeof h || pagesize < 512 || (pagesize & (pagesize - 1)) != 0 ||
	    (uint64_t)sb.size % pagesize != 0 ||
	    /* The header's page count holds when it was written with the change counter. */
	    (count > 0 && restore_be32(h + 24) == restore_be32(h + 92) &&
	    (uint64_t)sb.size < (uint64_t)count * pagesize))
		return err_set(e, ERR_CORRUPT,
		    _("%s: the file is cut short or damaged (%lld bytes); it cannot be restored"),
		    path, (long long)sb.size);
	return 0;
}

/* An open backup: ours, not newer, whole, its references sound. */
static int
restore_verify_db(sqlite3 *db, const char *path, struct err *e)
{
	int64_t appid, version;
	char first[ERR_MSG_MAX / 2];
	int bad;

	if (backup_pragma(db, path, "PRAGMA application_id", &appid, NULL, 0, e) != 0 ||
	    backup_pragma(db, path, "PRAGMA user_version", &version, NULL, 0, e) != 0)
		return e->code;
	if (appid != BACKUP_APPLICATION_ID || version < 1)
		return err_set(e, ERR_CORRUPT, _("%s: an SQLite file, but not a socds database"),
		    path);
	if (version > store_schema_latest)
		return err_set(e, ERR_NEWER,
		    _("%s: made by a newer socds (schema %lld, this socds knows %d); update socds"),
		    path, (long long)version, store_schema_latest);
	if ((bad = backup_check_rows(db, path, "PRAGMA integrity_check", first, sizeof first,
	    e)) < 0)
		return e->code;
	if (bad > 0)
		return err_set(e, ERR_CORRUPT, _("%s: the file is damaged (%s); it cannot be restored"),
		    path, first);
	if ((bad = backup_check_rows(db, path, "PRAGMA foreign_key_check", first,
	    sizeof first, e)) < 0)
		return e->code;
	if (bad > 0)
		return err_set(e, ERR_CORRUPT,
		    _("%s: records refer to records that do not exist (%d; first: %s); it cannot be restored"),
		    path, bad, first);
	return 0;
}

int
store_backup_verify(const char *path, struct err *e)
{
	sqlite3 *db = NULL;
	int rc;

	if (restore_verify_header(path, e) != 0)
		return e->code;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		backup_error(db, path, rc, e);
	else {
		sqlite3_extended_result_codes(db, 1);
		sqlite3_busy_timeout(db, BACKUP_BUSY_MS);
		if (restore_verify_db(db, path, e) == 0)
			err_clear(e);
	}
	if (db != NULL)
		sqlite3_close_v2(db);
	return e->code;
}

/* Renames path and the files SQLite keeps beside it to `aside` (and its
 * -journal, -wal, -shm): they belong together. On failure all is put back. */
static int
restore_move_aside(const char *path, const char *aside, struct err *e)
{
	const size_t nsides = sizeof restore_sides / sizeof restore_sides[0];
	char from[OS_PATH_MAX + 16], to[OS_PATH_MAX + 64];

	if (os_replace(path, aside, true) != 0)
		return err_set(e, ERR_IO, _("%s: cannot rename to %s: %s"), path, aside,
		    err_errno(errno));
	for (size_t i = 0; i < nsides; i++) {
		snprintf(from, sizeof from, "%s%s", path, restore_sides[i]);
		snprintf(to, sizeof to, "%s%s", aside, restore_sides[i]);
		if (os_replace(from, to, true) != 0 && errno != ENOENT) {
			int saved = errno;
			/* A stale WAL must never meet the restored file: undo. */
			while (i-- > 0) {
				snprintf(from, sizeof from, "%s%s", path, restore_sides[i]);
				snprintf(to, sizeof to, "%s%s", aside, restore_sides[i]);
				os_replace(to, from, true);
			}
			os_replace(aside, path, true);
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
restore_quiesce(const char *db_path, struct err *e)
{
	struct store *s = NULL;
	int64_t busy = 0, num;
	char mode[16];

	if (store_open(db_path, 0, &s, e) != 0) {
		if (e->code == ERR_CORRUPT || e->code == ERR_NEWER) {
			err_clear(e);
			return 0;
		}
		return e->code;
	}
	if (backup_pragma(s->db, db_path, "PRAGMA wal_checkpoint(TRUNCATE)", &busy, NULL, 0,
	    e) != 0)
		goto out;
	if (busy == 0 && backup_pragma(s->db, db_path, "PRAGMA journal_mode=DELETE", &num, mode,
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

/* The backup copied beside the database into tmp (a safefile temporary's
 * name, so that a killed restore's is swept), checked and brought up to
 * date, and synced. On failure tmp is gone. */
static int
restore_copy(const char *backup, const char *db_path, const struct store_backup_opts *o,
    char *tmp, size_t tsize, struct err *e)
{
	struct safefile sf;
	struct store *s = NULL;
	sqlite3 *src = NULL;
	int rc;

	if (safefile_scratch(&sf, db_path, "restore.db", true, e) != 0)
		return e->code;
	snprintf(tmp, tsize, "%s", sf.tmp);
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
	if (os_file_sync(tmp) != 0) {
		int saved = errno;
		backup_unlink_db(tmp);
		if (os_errno_full(saved))
			return err_set(e, ERR_FULL, _("%s: the disk is full; nothing was written"),
			    tmp);
		return err_set(e, ERR_IO, _("%s: cannot write: %s"), tmp, err_errno(saved));
	}
	return 0;
}

/* The current database (when it exists) goes aside to `side`, and tmp into
 * its place; on failure the database is as it was and tmp is gone. */
static int
restore_swap(const char *tmp, const char *db_path, const char *side, bool exists,
    bool force, struct err *e)
{
	char dir[OS_PATH_MAX];

	if (exists) {
		if (restore_quiesce(db_path, e) != 0) {
			backup_unlink_db(tmp);
			return e->code;
		}
		if (force)
			backup_unlink_db(side);	/* with its own -wal: never mixed with ours */
		if (restore_move_aside(db_path, side, e) != 0) {
			backup_unlink_db(tmp);
			return e->code;
		}
	}
	if (os_replace(tmp, db_path, true) != 0) {
		int saved = errno;
		if (exists)
			restore_move_aside(side, db_path, e);
		backup_unlink_db(tmp);
		return err_set(e, ERR_IO, _("%s: cannot rename into place: %s"), db_path,
		    err_errno(saved));
	}
	if (backup_dirname(db_path, dir, sizeof dir, e) == 0)
		os_dir_sync(dir);
	return 0;
}

int
store_backup_restore(const char *backup, const char *db_path, bool force,
    const struct store_backup_opts *o, char *aside, size_t asize, struct err *e)
{
	char tmp[OS_PATH_MAX + 64], side[OS_PATH_MAX + 64], stamp[32];
	struct os_stat sb, bb;
	bool exists;

	if (aside != NULL && asize > 0)
		aside[0] = '\0';
	/* The backup first: a bad one is refused before anything is touched. */
	if (store_backup_verify(backup, e) != 0)
		return e->code;
	exists = os_stat(db_path, &sb) == 0;
	if (exists && sb.kind == OS_DIR)
		return err_set(e, ERR_IO, _("%s: is a folder, not a database file"), db_path);
	if (exists && os_stat(backup, &bb) == 0 && os_same_file(&bb, &sb))
		return err_set(e, ERR_INVALID, _("%s: is the database itself"), backup);
	backup_stamp(stamp, sizeof stamp, true);
	if (backup_join(side, sizeof side, e, "%s.before-restore-%s", db_path, stamp) != 0)
		return e->code;
	if (exists && !force && os_lstat(side, &bb) == 0)
		return err_set(e, ERR_EXISTS, _("%s: already exists; give --force to replace it"),
		    side);
	if (restore_copy(backup, db_path, o, tmp, sizeof tmp, e) != 0 ||
	    restore_swap(tmp, db_path, side, exists, force, e) != 0)
		return e->code;
	if (exists && aside != NULL)
		snprintf(aside, asize, "%s", side);
	err_clear(e);
	return 0;
}

/* store-backup: whole copies of the database: backups, daily rotation, restore */
#ifndef SOCDS_STORE_BACKUP_H
#define SOCDS_STORE_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/store.h"

/* A backup is a whole copy of the database made with SQLite's online backup
 * API: one read snapshot copied in steps, so that other officers keep saving
 * meanwhile (WAL). The copy goes to a temporary file (0600) beside its name,
 * is checked (integrity_check) and only then renamed into place: there is
 * never a half backup. A backup is one self-contained file (rollback-journal
 * mode) that any SQLite tool can read. */
#define STORE_BACKUP_KEEP 7	/* daily backups kept unless 'backup_keep' says otherwise */

struct store_backup_opts {
	int pages;		/* pages copied per step (<= 0: 256) */
	/* Called after every step with the pages copied so far and in all. */
	void (*progress)(int64_t done, int64_t total, void *arg);
	void *arg;
};

/* The folder for backups of the database at db_path: "backups" beside it,
 * created 0700 when missing. */
int store_backup_dir(const char *db_path, char *buf, size_t size, struct err *e);
/* A name for a backup made now: that folder/socds-YYYYmmdd-HHMMSS.db (local time). */
int store_backup_name(const char *db_path, char *buf, size_t size, struct err *e);
/* Copies the database into path. ERR_EXISTS when path exists and !force;
 * ERR_INVALID when path is the database itself. Call it outside a
 * transaction. o may be NULL; *size (may be NULL) gets the copy's bytes. */
int store_backup(struct store *s, const char *path, bool force,
    const struct store_backup_opts *o, int64_t *size, struct err *e);
/* The automatic daily backup: makes dir/socds-daily-YYYYmmdd.db (dir NULL:
 * store_backup_dir) unless today's exists — then it only stat()s and
 * returns 0 — and keeps the newest `keep` daily backups (the setting
 * 'backup_keep', 1 to 3650, outranks `keep`; keep <= 0: STORE_BACKUP_KEEP),
 * removing older ones. Other backups in the folder are never touched. An
 * error is for the caller to show as a warning; the database is unchanged. */
int store_backup_rotate(struct store *s, const char *dir, int keep, struct err *e);
/* Whether today's daily backup of the database at db_path is already made
 * (in the default folder): one stat, for deciding at start. */
bool store_backup_daily_done(const char *db_path);
/* Whether path is a socds database this socds can take back: an SQLite
 * header and a whole file, socds's application_id, a user_version not newer
 * than store_schema_latest, integrity_check ok, foreign_key_check empty.
 * Reads only. ERR_NOTFOUND, ERR_IO, ERR_CORRUPT or ERR_NEWER otherwise. */
int store_backup_verify(const char *path, struct err *e);
/* Puts the backup at `backup` in place of the database at db_path: checks
 * it (store_backup_verify), copies it with the backup API into a temporary
 * file beside db_path and upgrades the copy when it is older; then keeps the
 * current database aside as db_path.before-restore-YYYYmmdd-HHMMSS (its WAL
 * checkpointed into it first; ERR_EXISTS when that name is taken and
 * !force) and renames the copy into place. ERR_BUSY when another connection
 * has the database open. Refused: nothing changed. aside (may be NULL) gets
 * the name the previous database is kept under, "" when there was none. */
int store_backup_restore(const char *backup, const char *db_path, bool force,
    const struct store_backup_opts *o, char *aside, size_t asize, struct err *e);

#endif

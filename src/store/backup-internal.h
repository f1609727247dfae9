/* backup-internal: what the backup files (backup.c: copies; backup-rotate.c:
 * the daily backup; backup-restore.c: putting a copy back) share. */
#ifndef SOCDS_BACKUP_INTERNAL_H
#define SOCDS_BACKUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store-internal.h"
#include "socds/store-backup.h"

/* How long a step waits for a lock in all, like store_open's busy timeout. */
#define BACKUP_BUSY_MS 10000

/* store_error for a bare connection (no struct store). */
int backup_error(sqlite3 *db, const char *path, int rc, struct err *e);
/* The folder part of path ("." when it has none). */
int backup_dirname(const char *path, char *buf, size_t size, struct err *e);
/* printf into buf, or ERR_USAGE "path too long" when it would not fit. */
int backup_join(char *buf, size_t size, struct err *e, const char *fmt, ...)
	ERR_PRINTF(4, 5);
/* Removes a database file and the journal, WAL and shared-memory files
 * SQLite keeps beside it. */
void backup_unlink_db(const char *path);
/* Local time: officers count days where they live. YYYYmmdd, and with
 * with_time YYYYmmdd-HHMMSS. */
void backup_stamp(char *buf, size_t size, bool with_time);
/* Creates the private (0700) folder dir unless it is one already. */
int backup_mkdir(const char *dir, struct err *e);
/* Runs a check whose good answer is one row "ok" or no row (PRAGMA
 * integrity_check); keeps the first complaint in first. The number of
 * complaints, or -1 with e filled. */
int backup_check_rows(sqlite3 *db, const char *path, const char *sql, char *first,
    size_t fsize, struct err *e);
/* One value from a PRAGMA: its integer into *num, and (buf not NULL) its
 * text into buf. */
int backup_pragma(sqlite3 *db, const char *path, const char *sql, int64_t *num, char *buf,
    size_t size, struct err *e);
/* Copies src into the new private file tmp with the online backup API, in
 * steps, and checks the copy; name is the file the user knows. On failure
 * tmp is gone. */
int backup_copy(sqlite3 *src, const char *tmp, const char *name,
    const struct store_backup_opts *o, struct err *e);

#endif

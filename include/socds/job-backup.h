/* job-backup: the backup and restore jobs — a copy of the whole database
 * while others keep working, the daily backup, and putting a copy back —
 * with the role check inside. Called by `socds backup` and `socds restore`. */
#ifndef SOCDS_JOB_BACKUP_H
#define SOCDS_JOB_BACKUP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"

struct job_backup_opts {
	const char *out;	/* the copy's name; NULL: store_backup_name's */
	bool force;		/* replace out when it exists */
	bool daily;		/* the daily backup instead (store_backup_rotate) */
	/* Called after every step with the pages copied so far and in all; may
	 * be NULL. */
	void (*progress)(int64_t done, int64_t total, void *arg);
	void *arg;
};

struct job_backup_result {
	char path[PATH_MAX + 64];	/* the copy made ("" for the daily backup) */
	int64_t size;			/* its bytes */
};

/* Copies the database at db (opened read-only; an older file is upgraded
 * first, which needs write access). The account must be allowed to back up
 * (STORE_ACT_BACKUP: ERR_PERM, nothing written). r may be NULL. */
int job_backup(const char *db, const struct job_backup_opts *o, struct job_backup_result *r,
    struct err *e);

/* Puts the backup at `backup` in place of the database at db
 * (store_backup_restore). Roles are asked of the database being replaced,
 * before anything happens: only its admin may restore (ERR_PERM, nothing
 * written). A database that is missing, damaged, not a socds database or from
 * a newer socds has no roles to ask: an OS account that can write the file
 * could replace it with cp anyway, so it may; an account named by 'socds --as'
 * cannot be checked against anything and is refused. o->out and o->daily are
 * not used. aside (may be NULL) gets the name the previous database is kept
 * under, "" when there was none. */
int job_restore(const char *backup, const char *db, const struct job_backup_opts *o,
    char *aside, size_t asize, struct err *e);

#endif

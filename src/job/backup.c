/* backup: the backup and restore jobs over store_backup*, with the role
 * check inside (cli/cmd-backup.c only gathers options and says what was done). */
#include <stdio.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/job-backup.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-backup.h"

/* Read-only: a backup changes nothing. An older file must be upgraded before
 * socds can read it, and that needs write access. */
static int
job_backup_open(const char *db, struct store **s, struct err *e)
{
	if (store_open(db, STORE_READONLY, s, e) == 0)
		return 0;
	if (e->code != ERR_READONLY)
		return e->code;
	err_clear(e);
	return store_open(db, 0, s, e);
}

int
job_backup(const char *db, const struct job_backup_opts *o, struct job_backup_result *r,
    struct err *e)
{
	struct store_backup_opts so = { .progress = o->progress, .arg = o->arg };
	struct job_backup_result none;
	struct store *s;
	int rc;

	if (r == NULL)
		r = &none;
	memset(r, 0, sizeof *r);
	if (job_backup_open(db, &s, e) != 0)
		return e->code;
	if (store_allow(s, STORE_ACT_BACKUP, NULL, e) != 0) {
		store_close(s);
		return e->code;
	}
	/* The daily backup: today's if not made yet. */
	if (o->daily)
		rc = store_backup_rotate(s, NULL, 0, e);
	else if (o->out == NULL && store_backup_name(db, r->path, sizeof r->path, e) != 0)
		rc = e->code;
	else {
		if (o->out != NULL)
			snprintf(r->path, sizeof r->path, "%s", o->out);
		rc = store_backup(s, r->path, o->force, &so, &r->size, e);
	}
	store_close(s);
	return rc;
}

/* Whether the account may restore over db (see job-backup.h). */
static int
job_restore_allowed(const char *db, struct err *e)
{
	struct store *s;
	int rc;

	if (job_backup_open(db, &s, e) != 0) {
		if (e->code != ERR_NOTFOUND && e->code != ERR_CORRUPT && e->code != ERR_NEWER)
			return e->code;
		if (store_os_user_forced())
			return err_set(e, ERR_PERM, _("refused: '%s' may not restore over %s: its roles"
			    " cannot be read (%s); an admin can restore it from a shell on the server"),
			    store_os_user(), db, e->msg);
		err_clear(e);
		return 0;
	}
	rc = store_allow(s, STORE_ACT_RESTORE, NULL, e);
	store_close(s);
	return rc;
}

int
job_restore(const char *backup, const char *db, const struct job_backup_opts *o,
    char *aside, size_t asize, struct err *e)
{
	struct store_backup_opts so = { .progress = o->progress, .arg = o->arg };

	if (aside != NULL && asize > 0)
		aside[0] = '\0';
	if (job_restore_allowed(db, e) != 0)
		return e->code;
	return store_backup_restore(backup, db, o->force, &so, aside, asize, e);
}

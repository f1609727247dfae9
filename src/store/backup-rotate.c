/* store backup-rotate: the daily automatic backup and its rotation. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup-internal.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/store-admin.h"

#define BACKUP_DAILY "socds-daily-"
#define BACKUP_DAILY_LEN (sizeof BACKUP_DAILY - 1 + 8 + 3)	/* + YYYYmmdd + ".db" */

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

/* The daily backups found in the folder. */
struct backup_names {
	char **v;
	size_t n, cap;
	bool nomem;
};

/* os_dir_each's question: the temporary of a daily backup cut short goes
 * (the caller holds the daily lock, so no other is being written); a daily
 * backup is noted. */
static int
backup_prune_pick(const char *name, const struct os_stat *st, void *arg)
{
	struct backup_names *bn = arg;

	if (name[0] == '.' && strncmp(name + 1, BACKUP_DAILY, sizeof BACKUP_DAILY - 1) == 0)
		return st->kind == OS_FILE;
	if (!backup_is_daily(name))
		return 0;
	if (bn->n == bn->cap) {
		size_t ncap = bn->cap ? bn->cap * 2 : 16;
		char **p = realloc(bn->v, ncap * sizeof *bn->v);
		if (p == NULL)
			goto nomem;
		bn->v = p;
		bn->cap = ncap;
	}
	if ((bn->v[bn->n] = strdup(name)) == NULL)
		goto nomem;
	bn->n++;
	return 0;
nomem:
	bn->nomem = true;
	return -1;
}

/* Keeps the newest `keep` daily backups in dir. */
static int
backup_prune(const char *dir, int keep, struct err *e)
{
	struct backup_names bn = { 0 };
	char path[OS_PATH_MAX + 320];
	int rc = 0;

	if (os_dir_each(dir, backup_prune_pick, &bn) < 0) {
		if (bn.nomem)
			rc = err_set(e, ERR_NOMEM, _("out of memory"));
		else
			rc = err_set(e, ERR_IO, _("%s: cannot open: %s"), dir, err_errno(errno));
		goto out;
	}
	/* YYYYmmdd sorts by date: newest first, the rest go. */
	qsort(bn.v, bn.n, sizeof *bn.v, backup_name_cmp_desc);
	for (size_t i = (size_t)keep; i < bn.n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, bn.v[i]);
		if (os_remove(path) != 0 && errno != ENOENT && rc == 0)
			rc = err_set(e, ERR_IO, _("%s: cannot remove an old backup: %s"), path,
			    err_errno(errno));
	}
out:
	for (size_t i = 0; i < bn.n; i++)
		free(bn.v[i]);
	free(bn.v);
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
		if (store_backup_folder(db_path, folder, fsize, e) != 0)
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
	char folder[OS_PATH_MAX], path[OS_PATH_MAX + 64];
	struct err e = { 0 };

	/* A path too long to name a backup: nothing to do, and rotate says why. */
	if (backup_daily_path(db_path, NULL, folder, sizeof folder, path, sizeof path, &e) != 0)
		return false;
	return os_exists(path);
}

int
store_backup_rotate(struct store *s, const char *dir, int keep, struct err *e)
{
	char folder[OS_PATH_MAX], path[OS_PATH_MAX + 64], lock[OS_PATH_MAX + 32];
	struct os_lock l;
	int rc = 0;

	if (backup_daily_path(s->path, dir, folder, sizeof folder, path, sizeof path, e) != 0)
		return e->code;
	/* The usual case at start: today's is there, and a stat is all it costs. */
	if (os_exists(path))
		return 0;
	if (backup_mkdir(folder, e) != 0 ||
	    backup_join(lock, sizeof lock, e, "%s/.socds-daily.lock", folder) != 0)
		return e->code;
	/* One daily copy at a time: officers starting socds while it is being
	 * made leave it to the one making it. */
	if ((rc = os_lock_try(lock, &l)) < 0)
		return err_set(e, ERR_IO, _("%s: cannot open: %s"), lock, err_errno(errno));
	if (rc > 0)
		return 0;
	if (!os_exists(path) && store_backup(s, path, false, NULL, NULL, e) != 0) {
		/* Another officer starting at the same moment made it: fine. */
		if (e->code != ERR_EXISTS)
			rc = e->code;
		else
			err_clear(e);
	}
	if (rc == 0)
		rc = backup_prune(folder, backup_keep(s, keep), e);
	os_unlock(&l);
	return rc;
}

/* cmd-backup: copies of the database while others keep working, and putting
 * one back. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>

#include "cli-internal.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/report.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-backup.h"

static void
cmd_backup_progress(int64_t done, int64_t total, void *arg)
{
	report_progress((const char *)arg, done, total);
}

/* A size as a person reads it: bytes, KB or MB (1024-based, one decimal). */
static void
cmd_backup_size(int64_t n, char *buf, size_t size)
{
	if (n < 1024)
		snprintf(buf, size, _("%" PRId64 " bytes"), n);
	else if (n < 1024 * 1024)
		snprintf(buf, size, _("%.1f KB"), (double)n / 1024.0);
	else
		snprintf(buf, size, _("%.1f MB"), (double)n / (1024.0 * 1024.0));
}

int
cmd_backup(struct cli_ctx *c)
{
	const char *out = NULL;
	bool force = false, daily = false;
	const struct cli_opt opts[] = { { "out", &out, NULL }, { "force", NULL, &force },
		{ "daily", NULL, &daily }, { NULL, NULL, NULL } };
	struct store_backup_opts o = { .progress = cmd_backup_progress,
		.arg = (void *)_("backup") };
	char db[PATH_MAX], name[PATH_MAX + 64], human[32];
	struct store *s;
	struct err e = { 0 };
	int64_t size;
	int rc;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (c->argc > 0) {
		report_msg(_("unexpected argument '%s'; see 'socds help backup'"), c->argv[0]);
		return EXIT_USAGE;
	}
	if (out != NULL && *out == '\0') {
		report_msg(_("--out needs a file name"));
		return EXIT_USAGE;
	}
	if (cli_db_path(c, db, sizeof db, false, &e) != 0)
		return cli_fail(&e);
	/* Read-only: a backup changes nothing. An older file must be upgraded
	 * before socds can read it, and that needs write access. */
	if (store_open(db, STORE_READONLY, &s, &e) != 0) {
		if (e.code != ERR_READONLY || store_open(db, 0, &s, &e) != 0)
			return cli_fail(&e);
	}
	if (store_allow(s, STORE_ACT_BACKUP, NULL, &e) != 0) {
		store_close(s);
		return cli_fail(&e);
	}
	if (daily) {
		/* What the interface starts beside itself: today's backup if not
		 * made yet, giving way to the officer's own work. */
		os_lower_priority();
		rc = store_backup_rotate(s, NULL, 0, &e);
		store_close(s);
		return rc != 0 ? cli_fail(&e) : EXIT_OK;
	}
	if (out == NULL) {
		if (store_backup_name(db, name, sizeof name, &e) != 0) {
			store_close(s);
			return cli_fail(&e);
		}
		out = name;
	}
	rc = store_backup(s, out, force, &o, &size, &e);
	report_progress_end();
	store_close(s);
	if (rc != 0)
		return cli_fail(&e);
	cmd_backup_size(size, human, sizeof human);
	printf(_("Backed up %s to %s (%s).\n"), db, out, human);
	return EXIT_OK;
}

/* Roles are asked of the database being replaced, before anything happens:
 * only its admin may restore. A database that is missing, damaged, not a
 * socds database or from a newer socds has no roles to ask: an OS account
 * that can write the file could replace it with cp anyway, so it may; an
 * account named by 'socds --as' cannot be checked against anything and is
 * refused (an admin restores it from a shell on the server). */
static int
cmd_restore_allowed(const char *db, struct err *e)
{
	struct store *s;
	int rc;

	if (store_open(db, STORE_READONLY, &s, e) != 0 &&
	    (e->code != ERR_READONLY || (err_clear(e), store_open(db, 0, &s, e)) != 0)) {
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
cmd_restore(struct cli_ctx *c)
{
	bool force = false;
	const struct cli_opt opts[] = { { "force", NULL, &force }, { NULL, NULL, NULL } };
	struct store_backup_opts o = { .progress = cmd_backup_progress,
		.arg = (void *)_("restore") };
	char db[PATH_MAX], aside[PATH_MAX + 64];
	struct err e = { 0 };
	int rc;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (c->argc == 0) {
		report_msg(_("restore needs the backup FILE; see 'socds help restore'"));
		return EXIT_USAGE;
	}
	if (c->argc > 1) {
		report_msg(_("unexpected argument '%s'; see 'socds help restore'"), c->argv[1]);
		return EXIT_USAGE;
	}
	if (cli_db_path(c, db, sizeof db, true, &e) != 0 || cmd_restore_allowed(db, &e) != 0)
		return cli_fail(&e);
	rc = store_backup_restore(c->argv[0], db, force, &o, aside, sizeof aside, &e);
	report_progress_end();
	if (rc != 0)
		return cli_fail(&e);
	if (aside[0] != '\0')
		printf(_("Restored %s from %s; the previous database is kept as %s.\n"), db,
		    c->argv[0], aside);
	else
		printf(_("Restored %s from %s.\n"), db, c->argv[0]);
	return EXIT_OK;
}

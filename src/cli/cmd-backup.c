/* cmd-backup: copies of the database while others keep working, and putting
 * one back: the options for job-backup.h and what it did, in words. */
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
#include "socds/job-backup.h"

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
	struct job_backup_opts o = { .progress = cmd_backup_progress,
		.arg = (void *)_("backup") };
	struct job_backup_result r;
	char db[PATH_MAX], human[32];
	struct err e = { 0 };
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
	o.out = out;
	o.force = force;
	o.daily = daily;
	if (daily) {
		/* What the interface starts beside itself: today's backup if not
		 * made yet, giving way to the officer's own work. */
		os_lower_priority();
		return job_backup(db, &o, NULL, &e) != 0 ? cli_fail(&e) : EXIT_OK;
	}
	rc = job_backup(db, &o, &r, &e);
	report_progress_end();
	if (rc != 0)
		return cli_fail(&e);
	cmd_backup_size(r.size, human, sizeof human);
	printf(_("Backed up %s to %s (%s).\n"), db, r.path, human);
	return EXIT_OK;
}

int
cmd_restore(struct cli_ctx *c)
{
	bool force = false;
	const struct cli_opt opts[] = { { "force", NULL, &force }, { NULL, NULL, NULL } };
	struct job_backup_opts o = { .progress = cmd_backup_progress,
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
	o.force = force;
	if (cli_db_path(c, db, sizeof db, true, &e) != 0)
		return cli_fail(&e);
	rc = job_restore(c->argv[0], db, &o, aside, sizeof aside, &e);
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

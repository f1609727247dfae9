/* cmd-ui: socds without a command opens the terminal interface. */
#include <stdio.h>

#include "cli-internal.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/paths.h"
#include "socds/report.h"
#include "socds/store.h"
#include "socds/store-backup.h"
#include "socds/ui.h"

/* Starts `socds backup --daily` beside the interface when today's backup is
 * not made yet: copying a large file must not delay the first screen. Its
 * own process group, so that a hang-up of the terminal does not cut it. */
static int
ui_backup_spawn(const char *db, os_proc *p)
{
	char *argv[] = { "socds", "--db", (char *)db, "backup", "--daily", NULL };

	*p = 0;
	if (store_backup_daily_done(db))
		return 0;
	return os_spawn_self(argv, p);
}

int
cmd_ui(struct cli_ctx *c)
{
	char path[OS_PATH_MAX];
	struct store *s = NULL;
	struct forms fs;
	struct err e = { 0 };
	int rc;

	/* Forms first: a broken form file is reported (file:line) before anything else. */
	if (forms_load(paths_datadir(), &fs, &e) != 0)
		return cli_fail(&e);
	if (!os_isatty(OS_STDIN) || !os_isatty(OS_STDOUT)) {
		forms_free(&fs);
		report_msg(_("the interface needs a terminal; for scripts use the commands (socds help)"));
		return EXIT_USAGE;
	}
	if (cli_db_path(c, path, sizeof path, false, &e) != 0 ||
	    store_open(path, 0, &s, &e) != 0) {
		forms_free(&fs);
		return cli_fail(&e);
	}
	/* Yesterday's work is kept: one backup a day, the last few days rotated.
	 * A failure here is a warning, never a reason not to start. Where no
	 * process can be started, the backup is made here, before the screen. */
	os_proc backup;
	if (ui_backup_spawn(path, &backup) != 0) {
		struct err be = { 0 };
		if (store_backup_rotate(s, NULL, 0, &be) != 0)
			report_msg(_("warning: the daily backup failed: %s"), be.msg);
	}
	rc = ui_run(s, &fs, backup, &e);
	store_close(s);
	forms_free(&fs);
	return rc != 0 ? cli_fail(&e) : EXIT_OK;
}

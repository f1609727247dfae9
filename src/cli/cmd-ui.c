/* cmd-ui: socds without a command opens the terminal interface. */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "cli-internal.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/paths.h"
#include "socds/report.h"
#include "socds/store.h"
#include "socds/ui.h"

int
cmd_ui(struct cli_ctx *c)
{
	char path[PATH_MAX];
	struct store *s = NULL;
	struct forms fs;
	struct err e = { 0 };
	int rc;

	/* Forms first: a broken form file is reported (file:line) before anything else. */
	if (forms_load(paths_datadir(), &fs, &e) != 0)
		return cli_fail(&e);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
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
	 * A failure here is a warning, never a reason not to start. */
	struct err be = { 0 };
	if (store_backup_rotate(s, NULL, 0, &be) != 0)
		report_msg(_("warning: the daily backup failed: %s"), be.msg);
	rc = ui_run(s, &fs, &e);
	store_close(s);
	forms_free(&fs);
	return rc != 0 ? cli_fail(&e) : EXIT_OK;
}

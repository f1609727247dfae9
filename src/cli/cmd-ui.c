/* cmd-ui: socds without a command opens the terminal interface. */
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <unistd.h>

#include "cli-internal.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/paths.h"
#include "socds/report.h"
#include "socds/store.h"
#include "socds/store-backup.h"
#include "socds/ui.h"

extern char **environ;

/* Starts `socds backup --daily` beside the interface when today's backup is
 * not made yet: copying a large file must not delay the first screen. Its
 * own process group, so that a hang-up of the terminal does not cut it. */
static int
ui_backup_spawn(const char *db, pid_t *pid)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int rc;

	*pid = 0;
	if (store_backup_daily_done(db))
		return 0;
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	char *argv[] = { exe, "--db", (char *)db, "backup", "--daily", NULL };
	posix_spawn_file_actions_init(&fa);
	for (int fd = 0; fd < 3; fd++)
		posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd ? O_WRONLY : O_RDONLY, 0);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&at, 0);
	rc = posix_spawn(pid, exe, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return rc == 0 ? 0 : -1;
}

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
	 * A failure here is a warning, never a reason not to start. Where no
	 * process can be started, the backup is made here, before the screen. */
	pid_t backup;
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

/* cli-internal: what the command files share. */
#ifndef SOCDS_CLI_INTERNAL_H
#define SOCDS_CLI_INTERNAL_H

#include <limits.h>
#include <stdbool.h>

#include "socds/err.h"
#include "socds/report.h"
#include "socds/store.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* One option of a command: --name VALUE (value != NULL) or --name (flag != NULL). */
struct cli_opt {
	const char *name;
	const char **value;
	bool *flag;
};

struct cli_ctx {
	const char *db;		/* --db, or NULL for the default */
	const char *lang;
	const char *cmd;
	int argc;		/* positional arguments of the command */
	char **argv;
};

struct cli_cmd {
	const char *name;
	int (*run)(struct cli_ctx *);
	const char *usage;	/* untranslated; shown through gettext */
	const char *summary;
};

/* socds --as NAME: the command the forced account runs (cli-forced.c). */
#define CLI_FORCED_MAX 64	/* words */
#define CLI_FORCED_LINE 4096	/* bytes of SSH_ORIGINAL_COMMAND */
struct cli_forced {
	char *argv[CLI_FORCED_MAX + 1];	/* the command and its arguments */
	int argc;
	char *owned[CLI_FORCED_MAX * 2];	/* what argv points to that is ours */
	int nowned;
	char tmpdir[PATH_MAX];		/* private folder for standard input/output */
	char out[PATH_MAX + 16];	/* the file that becomes standard output */
	bool stdin_used;
	int saved_stdout;		/* -1, or 1 while standard output waits (os_stdout_divert) */
};
/* Splits SSH_ORIGINAL_COMMAND into f->argv without a shell: blanks part
 * words, '...' is literal, "..." keeps \" and \\ escapes (no $ or `),
 * a backslash outside quotes keeps the next character. ERR_USAGE for an
 * unterminated quote, a control character, too many words or bytes. */
int cli_forced_split(struct cli_forced *f, const char *line, struct err *e);
/* Checks f->argv (command first) against what a forced account may run
 * and rewrites its file arguments: '-' through a private temporary file
 * (standard input copied with a size cap; standard output sent by
 * cli_forced_finish), other names through confine_path. --db, --as and
 * --files are refused anywhere. Nothing has run when this fails. */
int cli_forced_prepare(struct cli_forced *f, struct err *e);
/* Sends the output file when the command succeeded, removes the temporary
 * folder; returns the exit status. */
int cli_forced_finish(struct cli_forced *f, int status);

/* Parses the command's options (and the global ones) out of argv; the rest
 * are positional. Returns EXIT_USAGE after reporting when an option is unknown. */
int cli_parse(struct cli_ctx *c, int argc, char **argv, const struct cli_opt *opts);
/* Resolves --db or the default path into buf; create: make the folder. */
int cli_db_path(struct cli_ctx *c, char *buf, size_t size, bool create, struct err *e);
/* Maps an error to the exit status after reporting it. */
int cli_fail(const struct err *e);

int cmd_init(struct cli_ctx *c);
int cmd_demo(struct cli_ctx *c);
int cmd_check(struct cli_ctx *c);
int cmd_status(struct cli_ctx *c);
int cmd_units(struct cli_ctx *c);
int cmd_unit(struct cli_ctx *c);
int cmd_ui(struct cli_ctx *c);
int cmd_export(struct cli_ctx *c);
int cmd_merge(struct cli_ctx *c);
int cmd_import(struct cli_ctx *c);
int cmd_report(struct cli_ctx *c);
int cmd_tasks(struct cli_ctx *c);
int cmd_user(struct cli_ctx *c);
int cmd_audit(struct cli_ctx *c);
int cmd_bin(struct cli_ctx *c);
int cmd_backup(struct cli_ctx *c);
int cmd_restore(struct cli_ctx *c);
int cmd_key(struct cli_ctx *c);
int cmd_receipt(struct cli_ctx *c);
int cmd_approve(struct cli_ctx *c);
int cmd_reopen(struct cli_ctx *c);

#endif

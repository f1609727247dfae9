/* cli-internal: what the command files share. */
#ifndef SOCDS_CLI_INTERNAL_H
#define SOCDS_CLI_INTERNAL_H

#include <stdbool.h>

#include "socds/err.h"

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
int cmd_ui(struct cli_ctx *c);
int cmd_export(struct cli_ctx *c);
int cmd_merge(struct cli_ctx *c);
int cmd_import(struct cli_ctx *c);
int cmd_report(struct cli_ctx *c);
int cmd_user(struct cli_ctx *c);
int cmd_audit(struct cli_ctx *c);
int cmd_backup(struct cli_ctx *c);
int cmd_restore(struct cli_ctx *c);
int cmd_key(struct cli_ctx *c);

#endif

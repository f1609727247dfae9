/* cli: global options, the command table and dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/cli.h"
#include "socds/confine.h"
#include "socds/i18n.h"
#include "socds/paths.h"
#include "socds/report.h"
#include "socds/store.h"

#ifndef SOCDS_VERSION
#define SOCDS_VERSION "0"
#endif

static int cmd_help(struct cli_ctx *c);
static int cmd_version(struct cli_ctx *c);

static const struct cli_cmd cli_cmds[] = {
	{ "init", cmd_init, N_("socds init --unit CODE [--db PATH]"),
	    N_("create a database for a unit (commune, district or province)") },
	{ "demo", cmd_demo, N_("socds demo [--db PATH] [--unit CODE] [--scale N] [--seed N] [--force]"),
	    N_("build a demo database with realistic data") },
	{ "check", cmd_check, N_("socds check [--repair] [--db PATH]"),
	    N_("check the database: integrity, references, stored text") },
	{ "status", cmd_status, N_("socds status [--db PATH]"),
	    N_("show the home unit and how many records there are") },
	{ "units", cmd_units, N_("socds units [TEXT] [--parent CODE] [--db PATH]"),
	    N_("find administrative units by name or code") },
	{ "export", cmd_export, N_("socds export csv --kind KIND [--encoding utf-8|cp1258|viscii|tcvn]"
	    " [--machine] | xlsx | package [--changes]  [--period 2026|2026-Q3|2026-11] [--unit CODE]"
	    " [--out FILE] [--force] [--db PATH]"),
	    N_("export for upload: CSV of one kind, an XLSX workbook, or the upload package") },
	{ "import", cmd_import, N_("socds import FILE --kind KIND [--encoding auto|utf-8|cp1258|viscii|tcvn]"
	    " [--dry-run] [--skip-invalid] [--rejects FILE] [--force] [--unit CODE] [--db PATH]"),
	    N_("import a CSV file, checked by the same rules as the forms") },
	{ "merge", cmd_merge, N_("socds merge PACKAGE... [--accept-key FINGERPRINT] [--receipts DIR]"
	    " | --revert ID  [--db PATH]"),
	    N_("take in the upload packages of the units below") },
	{ "report", cmd_report, N_("socds report [--period 2026|2026-Q3|2026-11] [--unit CODE]"
	    " [--format text|csv|xlsx] [--out FILE] [--force] [--explain] [--db PATH]"),
	    N_("where the unit stands against its plan: staff, training, teams, tasks") },
	{ "tasks", cmd_tasks, N_("socds tasks [--period 2026|2026-Q3|2026-11] [--unit CODE] [--db PATH] | set CODE STATUS [--unit CODE] [--note TEXT] [--evidence-no TEXT] [--evidence-date YYYY-MM-DD]"),
	    N_("the plan tasks that concern the unit: status (a yearly task's for the year), overdue; set records a task's status") },
	{ "unit", cmd_unit, N_("socds unit settings [UNIT] | set [UNIT] [--body-above TEXT] [--body TEXT]"
	    " [--place TEXT] [--number N] [--number-suffix BC-...] [--addressee TEXT]"
	    " [--recipients \"A;B\"] [--on-behalf TEXT] [--signer-title TEXT] [--deputy-title TEXT]"
	    " [--deputy|--no-deputy] [--signer-name TEXT] | orphans [UNIT]"
	    " | reassign OLD NEW [--kind KIND] [--db PATH]"),
	    N_("the unit's official paper: issuing body, number, place, recipients, signer"
	    " (\"\" sets a value back to its default); records under former communes not"
	    " yet assigned, and moving them to a current commune") },
	{ "user", cmd_user, N_("socds user add NAME --unit CODE --role admin|editor|viewer"
	    " | list | remove NAME [--db PATH]"),
	    N_("who may use the database: operating-system accounts, their unit and role") },
	{ "bin", cmd_bin, N_("socds bin [list] [--unit CODE] [--limit N] | restore ID | purge ID"
	    " [--db PATH]"),
	    N_("the recycle bin: deleted records, newest first; restore one with what went with"
	    " it; purge its personal data (admin)") },
	{ "audit", cmd_audit, N_("socds audit [--user NAME] [--record ID] [--limit N] [--db PATH]"),
	    N_("the audit log: who changed what, when, old and new values") },
	{ "backup", cmd_backup, N_("socds backup [--out FILE] [--force] [--daily] [--db PATH]"),
	    N_("copy the database safely, even while others are working in it") },
	{ "restore", cmd_restore, N_("socds restore FILE [--force] [--db PATH]"),
	    N_("put a backup back in place; the current database is kept aside") },
	{ "key", cmd_key, N_("socds key show | list | trust UNIT FINGERPRINT [--db PATH]"),
	    N_("the unit's package signing key; the keys of the units below") },
	{ "receipt", cmd_receipt, N_("socds receipt FILE [--accept-key FINGERPRINT] | --list"
	    " [--format text|csv] | --status UNIT --out FILE|DIR | --reissue MERGE --out FILE|DIR"
	    " [--db PATH]"),
	    N_("receipts: take one from the office above and list what it sent back; at the"
	    " office, write a status receipt or a lost one again") },
	{ "approve", cmd_approve, N_("socds approve --unit CODE --period 2026|2026-Q3|2026-11"
	    " [--receipts DIR] | --list [--format text|csv] [--db PATH]"),
	    N_("approve a period of a unit below: its records become read-only there") },
	{ "reopen", cmd_reopen, N_("socds reopen --unit CODE --period 2026|2026-Q3|2026-11"
	    " --reason TEXT [--db PATH]"),
	    N_("reopen an approved period of a unit below, with the reason") },
	{ "help", cmd_help, N_("socds help [COMMAND]"), N_("show help") },
	{ "version", cmd_version, N_("socds version"), N_("show the version") },
};
#define CLI_NCMDS (sizeof cli_cmds / sizeof cli_cmds[0])

static const struct cli_cmd *
cli_find(const char *name)
{
	for (size_t i = 0; i < CLI_NCMDS; i++)
		if (strcmp(cli_cmds[i].name, name) == 0)
			return &cli_cmds[i];
	return NULL;
}

int
cli_fail(const struct err *e)
{
	report_error(e);
	return e->code == ERR_USAGE ? EXIT_USAGE : EXIT_FAIL;
}

static void
cli_usage(FILE *fp)
{
	fprintf(fp, "%s\n  %s\n\n%s\n", _("Usage:"),
	    _("socds [--db PATH] [--lang vi|en] [COMMAND] [OPTIONS]"), _("Commands:"));
	for (size_t i = 0; i < CLI_NCMDS; i++)
		fprintf(fp, "  %-8s %s\n", cli_cmds[i].name, _(cli_cmds[i].summary));
	fprintf(fp, "\n%s\n", _("Without a command, socds opens the terminal interface."));
	fprintf(fp, "%s\n", _("Every command accepts --db PATH; the default database is "
	    "$XDG_DATA_HOME/socds/socds.db."));
	fprintf(fp, "%s\n", _("On a server, an SSH key forced to 'socds --as NAME --db PATH [--files DIR]'"
	    " works as account NAME: the command comes from SSH_ORIGINAL_COMMAND, files travel"
	    " through - (standard input or output)."));
	fprintf(fp, "%s\n", _("Exit status: 0 success, 1 failure, 2 bad usage."));
}

static int
cmd_help(struct cli_ctx *c)
{
	if (cli_parse(c, c->argc, c->argv, NULL) != 0)
		return EXIT_USAGE;
	if (c->argc > 0) {
		const struct cli_cmd *cmd = cli_find(c->argv[0]);
		if (cmd == NULL) {
			report_msg(_("unknown command '%s'; see 'socds help'"), c->argv[0]);
			return EXIT_USAGE;
		}
		printf("%s\n  %s\n\n%s\n", _("Usage:"), _(cmd->usage), _(cmd->summary));
		return EXIT_OK;
	}
	cli_usage(stdout);
	return EXIT_OK;
}

static int
cmd_version(struct cli_ctx *c)
{
	(void)c;
	printf("socds %s (%s %d)\n", SOCDS_VERSION, _("database schema"), store_schema_latest);
	return EXIT_OK;
}

int
cli_parse(struct cli_ctx *c, int argc, char **argv, const struct cli_opt *opts)
{
	int npos = 0;
	bool only_pos = false;

	for (int i = 0; i < argc; i++) {
		char *a = argv[i];
		const char *val = NULL;
		char name[64];
		bool matched = false;

		if (only_pos || a[0] != '-' || a[1] == '\0') {
			argv[npos++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (a[1] != '-') {
			report_msg(_("unknown option '%s' for 'socds %s'; see 'socds help %s'"), a,
			    c->cmd, c->cmd);
			return EXIT_USAGE;
		}
		/* --name=value or --name value */
		const char *eq = strchr(a, '=');
		size_t nl = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		if (nl >= sizeof name)
			nl = sizeof name - 1;
		memcpy(name, a + 2, nl);
		name[nl] = '\0';
		if (eq != NULL)
			val = eq + 1;

		static const char *const globals[] = { "db", "lang" };
		for (size_t g = 0; g < 2 && !matched; g++)
			if (strcmp(name, globals[g]) == 0) {
				if (val == NULL) {
					if (i + 1 >= argc) {
						report_msg(_("option --%s needs a value"), name);
						return EXIT_USAGE;
					}
					val = argv[++i];
				}
				if (g == 0)
					c->db = val;
				else
					c->lang = val;
				matched = true;
			}
		for (const struct cli_opt *o = opts; o != NULL && o->name != NULL && !matched; o++) {
			if (strcmp(o->name, name) != 0)
				continue;
			matched = true;
			if (o->flag != NULL) {
				if (val != NULL) {
					report_msg(_("option --%s takes no value"), name);
					return EXIT_USAGE;
				}
				*o->flag = true;
			} else {
				if (val == NULL) {
					if (i + 1 >= argc) {
						report_msg(_("option --%s needs a value"), name);
						return EXIT_USAGE;
					}
					val = argv[++i];
				}
				*o->value = val;
			}
		}
		if (!matched) {
			report_msg(_("unknown option '%s' for 'socds %s'; see 'socds help %s'"), a,
			    c->cmd, c->cmd);
			return EXIT_USAGE;
		}
	}
	c->argc = npos;
	return EXIT_OK;
}

int
cli_db_path(struct cli_ctx *c, char *buf, size_t size, bool create, struct err *e)
{
	if (c->db != NULL) {
		if (*c->db == '\0')
			return err_set(e, ERR_USAGE, _("--db needs a file name"));
		if ((size_t)snprintf(buf, size, "%s", c->db) >= size)
			return err_set(e, ERR_USAGE, _("path too long"));
		return 0;
	}
	return paths_default_db(buf, size, create, e);
}

/* --lang must be known before any message is translated. */
static const char *
cli_prescan_lang(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--lang=", 7) == 0)
			return argv[i] + 7;
	}
	return NULL;
}

/* socds --as NAME [--files DIR]: the account is NAME; the command is the
 * one after the options or, with none, SSH_ORIGINAL_COMMAND's; with neither,
 * the interface (ssh -t). See cli-forced.c. */
static int
cli_main_forced(struct cli_ctx *c, const char *as, const char *files, int argc, char **argv)
{
	struct cli_forced f = { .saved_stdout = -1 };
	const char *orig = getenv("SSH_ORIGINAL_COMMAND");
	const struct cli_cmd *cmd;
	struct err e = { 0 };
	int skip = 0;

	if (store_os_user_set(as, &e) != 0 || confine_set(files, &e) != 0)
		return cli_fail(&e);
	if (argc > 0) {
		if (argc > CLI_FORCED_MAX) {
			report_msg(_("the command has more than %d words"), CLI_FORCED_MAX);
			return EXIT_USAGE;
		}
		memcpy(f.argv, argv, (size_t)argc * sizeof *argv);
		f.argc = argc;
	} else if (orig != NULL && orig[0] != '\0') {
		if (cli_forced_split(&f, orig, &e) != 0)
			return cli_forced_finish(&f, cli_fail(&e));
	} else {
		c->cmd = "";
		return cmd_ui(c);
	}
	/* "ssh socds@server socds status" reads as "ssh socds@server status";
	 * before the command only --lang (and --help, --version) may come. */
	if (f.argc > 0 && strcmp(f.argv[0], "socds") == 0)
		skip = 1;
	while (skip < f.argc && f.argv[skip][0] == '-') {
		const char *a = f.argv[skip];
		if (strcmp(a, "--lang") == 0 && skip + 1 < f.argc) {
			c->lang = f.argv[skip + 1];
			skip += 2;
		} else if (strncmp(a, "--lang=", 7) == 0) {
			c->lang = a + 7;
			skip++;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_usage(stdout);
			return cli_forced_finish(&f, EXIT_OK);
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)
			return cli_forced_finish(&f, cmd_version(c));
		else
			break;
	}
	if (c->lang != NULL)
		i18n_init(c->lang, paths_localedir());
	f.argc -= skip;
	memmove(f.argv, f.argv + skip, (size_t)(f.argc + 1) * sizeof *f.argv);
	f.argv[f.argc] = NULL;
	if (cli_forced_prepare(&f, &e) != 0)
		return cli_forced_finish(&f, cli_fail(&e));
	if ((cmd = cli_find(f.argv[0])) == NULL) {
		report_msg(_("unknown command '%s'; see 'socds help'"), f.argv[0]);
		return cli_forced_finish(&f, EXIT_USAGE);
	}
	c->cmd = cmd->name;
	c->argc = f.argc - 1;
	c->argv = f.argv + 1;
	for (int i = 0; i < c->argc; i++)
		if (strcmp(c->argv[i], "--help") == 0 || strcmp(c->argv[i], "-h") == 0) {
			printf("%s\n  %s\n\n%s\n", _("Usage:"), _(cmd->usage), _(cmd->summary));
			return cli_forced_finish(&f, EXIT_OK);
		}
	return cli_forced_finish(&f, cmd->run(c));
}

/* The global options before the command, from argv[*first]: --db, --lang,
 * --as, --files, --help, --version. -1 to go on with the command at
 * argv[*first], or the exit code. */
static int
cli_globals(struct cli_ctx *c, int argc, char **argv, int *first, const char **as,
    const char **files)
{
	int i = *first;

	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)
			return cmd_version(c);
		if ((strcmp(a, "--db") == 0 || strcmp(a, "--lang") == 0)) {
			if (i + 1 >= argc) {
				report_msg(_("option %s needs a value"), a);
				return EXIT_USAGE;
			}
			if (a[2] == 'd')
				c->db = argv[i + 1];
			else
				c->lang = argv[i + 1];
			i += 2;
			continue;
		}
		if (strncmp(a, "--db=", 5) == 0) {
			c->db = a + 5;
			i++;
			continue;
		}
		if (strncmp(a, "--lang=", 7) == 0) {
			c->lang = a + 7;
			i++;
			continue;
		}
		/* --as NAME, --files DIR: only the forced command in authorized_keys
		 * gives them (SSH_ORIGINAL_COMMAND never can). */
		if (strcmp(a, "--as") == 0 || strcmp(a, "--files") == 0) {
			if (i + 1 >= argc) {
				report_msg(_("option %s needs a value"), a);
				return EXIT_USAGE;
			}
			*(a[2] == 'a' ? as : files) = argv[i + 1];
			i += 2;
			continue;
		}
		if (strncmp(a, "--as=", 5) == 0 || strncmp(a, "--files=", 8) == 0) {
			*(a[2] == 'a' ? as : files) = strchr(a, '=') + 1;
			i++;
			continue;
		}
		report_msg(_("unknown option '%s'; see 'socds --help'"), a);
		return EXIT_USAGE;
	}
	*first = i;
	return -1;
}

int
cli_main(int argc, char **argv)
{
	struct cli_ctx c = { 0 };
	const struct cli_cmd *cmd;
	const char *as = NULL, *files = NULL;
	int first = 1, rc;

	i18n_init(cli_prescan_lang(argc, argv), paths_localedir());

	/* Global options may come before the command. */
	if ((rc = cli_globals(&c, argc, argv, &first, &as, &files)) >= 0)
		return rc;
	if (c.lang != NULL && strncmp(c.lang, "vi", 2) != 0 && strncmp(c.lang, "en", 2) != 0) {
		report_msg(_("unknown language '%s': use vi or en"), c.lang);
		return EXIT_USAGE;
	}
	if (files != NULL && as == NULL) {
		report_msg(_("--files goes with --as"));
		return EXIT_USAGE;
	}
	if (as != NULL)
		return cli_main_forced(&c, as, files, argc - first, argv + first);
	if (first >= argc) {
		c.cmd = "";
		return cmd_ui(&c);
	}
	if ((cmd = cli_find(argv[first])) == NULL) {
		report_msg(_("unknown command '%s'; see 'socds help'"), argv[first]);
		return EXIT_USAGE;
	}
	c.cmd = cmd->name;
	c.argc = argc - first - 1;
	c.argv = argv + first + 1;
	/* --help after any command shows that command's usage. */
	for (int i = 0; i < c.argc; i++)
		if (strcmp(c.argv[i], "--help") == 0 || strcmp(c.argv[i], "-h") == 0) {
			printf("%s\n  %s\n\n%s\n", _("Usage:"), _(cmd->usage), _(cmd->summary));
			return EXIT_OK;
		}
	return cmd->run(&c);
}

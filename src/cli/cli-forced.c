/* cli-forced: socds --as NAME as an SSH forced command, the way gitolite
 * uses OpenSSH. The officer's key in the service account's authorized_keys
 * runs `socds --as NAME --db PATH [--files DIR]`; what the officer typed
 * after `ssh socds@server` arrives in SSH_ORIGINAL_COMMAND. It is split into
 * words here (no shell ever sees it), checked against what a forced account
 * may run, and its file arguments are made safe: '-' is standard input or
 * output (through a private temporary folder), other names are confined to
 * --files DIR (confine.c) or refused. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/confine.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/paths.h"

#define MIB (INT64_C(1) << 20)

/* What a forced account may run, and which of each command's arguments name
 * files. A command not in this table is refused under --as (init and demo
 * would replace the database). Options are listed with a space on each side. */
static const struct cli_forced_cmd {
	const char *name;
	const char *values;	/* options taking a value that is not a file */
	const char *outs;	/* options naming a file written */
	const char *ins;	/* options naming a file read */
	int pos_files;		/* positional arguments are files read (1) or not (0) */
	int64_t in_max;		/* a file read from standard input: at most this many bytes */
	bool out_default;	/* no output option: standard output */
} cli_forced_cmds[] = {
	{ "status", " ", " ", " ", 0, 0, false },
	{ "check", " ", " ", " ", 0, 0, false },
	{ "units", " parent ", " ", " ", 0, 0, false },
	{ "audit", " user record limit ", " ", " ", 0, 0, false },
	{ "user", " unit role ", " ", " ", 0, 0, false },
	{ "unit", " body-above body place number number-suffix addressee recipients on-behalf"
	    " signer-title deputy-title signer-name kind ", " ", " ", 0, 0, false },
	{ "export", " kind encoding unit period ", " out ", " ", 0, 0, true },
	{ "report", " period unit format ", " out ", " ", 0, 0, false },
	{ "tasks", " period unit ", " ", " ", 0, 0, false },
	{ "import", " kind encoding unit ", " rejects ", " ", 1, 64 * MIB, false },
	{ "merge", " accept-key revert ", " receipts ", " ", 1, 512 * MIB, false },
	{ "receipt", " accept-key format status reissue ", " out ", " ", 1, 512 * MIB, false },
	{ "key", " ", " ", " ", 0, 0, false },
	{ "backup", " ", " out ", " ", 0, 0, false },
	{ "restore", " ", " ", " ", 1, 4096 * MIB, false },
	{ "approve", " unit period format ", " receipts ", " ", 0, 0, false },
	{ "reopen", " unit period reason ", " ", " ", 0, 0, false },
	{ "help", " ", " ", " ", 0, 0, false },
	{ "version", " ", " ", " ", 0, 0, false },
};

static const struct cli_forced_cmd *
cli_forced_find(const char *name)
{
	for (size_t i = 0; i < sizeof cli_forced_cmds / sizeof cli_forced_cmds[0]; i++)
		if (strcmp(cli_forced_cmds[i].name, name) == 0)
			return &cli_forced_cmds[i];
	return NULL;
}

static char *
cli_forced_own(struct cli_forced *f, char *p)
{
	if (p != NULL && f->nowned < CLI_FORCED_MAX * 2)
		f->owned[f->nowned++] = p;
	else {
		free(p);
		p = NULL;
	}
	return p;
}

int
cli_forced_split(struct cli_forced *f, const char *line, struct err *e)
{
	size_t len = strlen(line);
	char *w, *p;
	const char *s = line;

	if (len > CLI_FORCED_LINE)
		return err_set(e, ERR_USAGE, _("the command is longer than %d bytes"), CLI_FORCED_LINE);
	f->argc = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		if (f->argc >= CLI_FORCED_MAX)
			return err_set(e, ERR_USAGE, _("the command has more than %d words"),
			    CLI_FORCED_MAX);
		if ((w = p = cli_forced_own(f, malloc(len + 1))) == NULL)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		while (*s != '\0' && *s != ' ' && *s != '\t') {
			unsigned char ch = (unsigned char)*s;
			if (ch < 0x20 || ch == 0x7f)
				return err_set(e, ERR_USAGE, _("the command holds a control character"));
			if (ch == '\'') {
				const char *q = strchr(s + 1, '\'');
				if (q == NULL)
					return err_set(e, ERR_USAGE, _("the command has a ' without its end"));
				memcpy(p, s + 1, (size_t)(q - s - 1));
				p += q - s - 1;
				s = q + 1;
			} else if (ch == '"') {
				for (s++; *s != '"'; s++) {
					if (*s == '\0')
						return err_set(e, ERR_USAGE,
						    _("the command has a \" without its end"));
					if (*s == '$' || *s == '`')
						return err_set(e, ERR_USAGE, _("the command holds %c inside"
						    " double quotes; no shell runs it: use single quotes"), *s);
					if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
						s++;
					*p++ = *s;
				}
				s++;
			} else if (ch == '\\') {
				if (s[1] == '\0')
					return err_set(e, ERR_USAGE, _("the command ends with a \\"));
				*p++ = s[1];
				s += 2;
			} else
				*p++ = *s++;
		}
		*p = '\0';
		f->argv[f->argc++] = w;
	}
	f->argv[f->argc] = NULL;
	return 0;
}

/* The private folder for standard input and output, made at first use. */
static int
cli_forced_tmpdir(struct cli_forced *f, struct err *e)
{
	const char *base = getenv("TMPDIR");

	if (f->tmpdir[0] != '\0')
		return 0;
	if (base == NULL || base[0] != '/')
		base = "/tmp";
	if (paths_join(f->tmpdir, sizeof f->tmpdir, e, "%s/socds-as-XXXXXX", base) != 0)
		return e->code;
	if (os_mkdtemp(f->tmpdir) != 0) {
		err_set(e, ERR_IO, _("%s: cannot make a temporary folder: %s"), f->tmpdir,
		    err_errno(errno));
		f->tmpdir[0] = '\0';
		return e->code;
	}
	return 0;
}

/* Standard input into a private file, refused beyond max bytes. */
static int
cli_forced_stdin(struct cli_forced *f, int64_t max, char **val, struct err *e)
{
	char path[OS_PATH_MAX + 16], buf[65536];
	int64_t total = 0;
	size_t n;
	FILE *fp;

	if (f->stdin_used)
		return err_set(e, ERR_USAGE, _("standard input (-) can be read only once"));
	f->stdin_used = true;
	if (cli_forced_tmpdir(f, e) != 0)
		return e->code;
	snprintf(path, sizeof path, "%s/stdin", f->tmpdir);
	if (os_file_new(path, &fp) != 0)
		return err_set(e, ERR_IO, _("%s: cannot create: %s"), path, err_errno(errno));
	while ((n = fread(buf, 1, sizeof buf, stdin)) != 0) {
		if ((total += (int64_t)n) > max) {
			fclose(fp);
			return err_set(e, ERR_INVALID, _("standard input: more than %lld MB; refused"),
			    (long long)(max / MIB));
		}
		if (fwrite(buf, 1, n, fp) != n) {
			fclose(fp);
			return err_set(e, ERR_IO, _("%s: cannot write: %s"), path, err_errno(errno));
		}
	}
	if (ferror(stdin)) {
		fclose(fp);
		return err_set(e, ERR_IO, _("standard input: %s"), err_errno(errno));
	}
	if (fclose(fp) != 0)
		return err_set(e, ERR_IO, _("%s: cannot write: %s"), path, err_errno(errno));
	if ((*val = cli_forced_own(f, strdup(path))) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	return 0;
}

/* A file argument: '-' or a name confine_path allows. */
static int
cli_forced_file(struct cli_forced *f, const struct cli_forced_cmd *r, bool out, char **val,
    struct err *e)
{
	char path[OS_PATH_MAX];

	if (strcmp(*val, "-") == 0 && !out)
		return cli_forced_stdin(f, r->in_max, val, e);
	if (strcmp(*val, "-") == 0) {
		if (f->out[0] != '\0')
			return err_set(e, ERR_USAGE, _("standard output (-) can be written only once"));
		if (cli_forced_tmpdir(f, e) != 0)
			return e->code;
		snprintf(f->out, sizeof f->out, "%s/stdout", f->tmpdir);
		*val = f->out;
		return 0;
	}
	if (confine_path(*val, path, sizeof path, e) != 0)
		return e->code;
	if ((*val = cli_forced_own(f, strdup(path))) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	return 0;
}

/* Whether name (len bytes, no blank) is one of the blank-separated list. */
static bool
cli_forced_listed(const char *list, const char *name, size_t len)
{
	if (len == 0 || strpbrk(name, " \t") != NULL)
		return false;
	for (const char *p = list; (p = strstr(p, name)) != NULL; p++)
		if (p > list && p[-1] == ' ' && p[len] == ' ')
			return true;
	return false;
}

/* Refuses anything that would leave the forced setup, wherever it stands. */
static int
cli_forced_banned(const struct cli_forced *f, struct err *e)
{
	static const char *const banned[] = { "--db", "--as", "--files" };

	for (int i = 0; i < f->argc; i++)
		for (size_t b = 0; b < sizeof banned / sizeof banned[0]; b++) {
			size_t bl = strlen(banned[b]);
			if (strncmp(f->argv[i], banned[b], bl) == 0 &&
			    (f->argv[i][bl] == '\0' || f->argv[i][bl] == '='))
				return err_set(e, ERR_PERM, _("%s: refused; this account (socds --as %s)"
				    " works only on the database its forced command names"), banned[b],
				    store_os_user());
		}
	return 0;
}

/* The option at argv[*i] (a "--name" or "--name=value"): a file argument is
 * made safe, the value of another is stepped over. */
static int
cli_forced_option(struct cli_forced *f, const struct cli_forced_cmd *r, int *i,
    bool *had_out, struct err *e)
{
	char *a = f->argv[*i], *eq = strchr(a, '=');
	size_t nl = eq != NULL ? (size_t)(eq - a - 2) : strlen(a + 2);
	char name[68];

	if (nl > 64)
		return 0;
	snprintf(name, sizeof name, "%.*s", (int)nl, a + 2);
	bool out = cli_forced_listed(r->outs, name, nl);
	bool in = cli_forced_listed(r->ins, name, nl);
	if (!out && !in) {
		if (eq == NULL && (strcmp(name, "lang") == 0 || cli_forced_listed(r->values, name, nl)))
			(*i)++;	/* its value is not a file */
		return 0;
	}
	*had_out |= out;
	if (eq != NULL) {
		char *v = eq + 1, *joined;
		if (cli_forced_file(f, r, out, &v, e) != 0)
			return e->code;
		size_t jl = strlen(name) + strlen(v) + 4;
		if ((joined = cli_forced_own(f, malloc(jl))) == NULL)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		snprintf(joined, jl, "--%s=%s", name, v);
		f->argv[*i] = joined;
	} else if (*i + 1 < f->argc && cli_forced_file(f, r, out, &f->argv[++*i], e) != 0)
		return e->code;
	return 0;
}

int
cli_forced_prepare(struct cli_forced *f, struct err *e)
{
	const struct cli_forced_cmd *r;
	bool only_pos = false, had_out = false;

	if (cli_forced_banned(f, e) != 0)
		return e->code;
	if (f->argc == 0)
		return err_set(e, ERR_USAGE, _("no command given"));
	if ((r = cli_forced_find(f->argv[0])) == NULL)
		return err_set(e, ERR_PERM, _("'%s': not available to this account (socds --as %s)"),
		    f->argv[0], store_os_user());
	for (int i = 1; i < f->argc; i++) {
		char *a = f->argv[i];
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (r->pos_files && cli_forced_file(f, r, false, &f->argv[i], e) != 0)
				return e->code;
		} else if (strcmp(a, "--") == 0) {
			only_pos = true;
		} else if (a[1] == '-' && cli_forced_option(f, r, &i, &had_out, e) != 0) {
			return e->code;
		}
		/* a single-dash option: the command refuses it */
	}
	if (r->out_default && !had_out) {
		if (f->argc + 2 > CLI_FORCED_MAX)
			return err_set(e, ERR_USAGE, _("the command has more than %d words"),
			    CLI_FORCED_MAX);
		char *dash = "-";
		if (cli_forced_file(f, r, true, &dash, e) != 0)
			return e->code;
		f->argv[f->argc++] = "--out";
		f->argv[f->argc++] = dash;
		f->argv[f->argc] = NULL;
	}
	/* What the command prints goes to standard error while standard output
	 * waits for the file. */
	if (f->out[0] != '\0') {
		if (os_stdout_divert() != 0)
			return err_set(e, ERR_IO, _("standard output: %s"), err_errno(errno));
		f->saved_stdout = 1;
	}
	return 0;
}

/* os_dir_each's answer for the private folder: every file goes. */
static int
cli_forced_clean_pick(const char *name, const struct os_stat *st, void *arg)
{
	(void)name;
	(void)st;
	(void)arg;
	return 1;
}

static void
cli_forced_cleanup(struct cli_forced *f)
{
	if (f->tmpdir[0] != '\0' && os_dir_each(f->tmpdir, cli_forced_clean_pick, NULL) >= 0)
		os_rmdir(f->tmpdir);
	f->tmpdir[0] = '\0';
	for (int i = 0; i < f->nowned; i++)
		free(f->owned[i]);
	f->nowned = 0;
}

int
cli_forced_finish(struct cli_forced *f, int status)
{
	char buf[65536];
	size_t n;
	FILE *fp;

	if (f->saved_stdout >= 0) {
		os_stdout_restore();
		f->saved_stdout = -1;
	}
	if (status == EXIT_OK && f->out[0] != '\0') {
		if ((fp = os_fopen(f->out, "rb")) == NULL) {
			report_msg(_("%s: cannot read: %s"), f->out, err_errno(errno));
			status = EXIT_FAIL;
		} else {
			while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
				if (fwrite(buf, 1, n, stdout) != n) {
					report_msg(_("cannot write to standard output"));
					status = EXIT_FAIL;
					break;
				}
			fclose(fp);
			if (fflush(stdout) != 0 && status == EXIT_OK) {
				report_msg(_("cannot write to standard output"));
				status = EXIT_FAIL;
			}
		}
	}
	cli_forced_cleanup(f);
	return status;
}

/* cmd-unit: socds unit settings | set — a unit's settings for its official
 * paper (paper.h): issuing body, number, place, recipients, signer. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/i18n.h"
#include "socds/job-paper.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"

/* Opens the database the command names, which must exist. */
static int
cmd_unit_open(struct cli_ctx *c, int flags, struct store **s, struct err *e)
{
	char path[PATH_MAX];

	if (cli_db_path(c, path, sizeof path, false, e) != 0)
		return e->code;
	return store_open(path, flags, s, e);
}

/* The unit named by the first positional argument, or the home unit. */
static int
cmd_unit_get(struct store *s, struct cli_ctx *c, struct unit *u, struct err *e)
{
	if (c->argc >= 2)
		return store_unit_get(s, c->argv[1], u, e);
	return store_home_get(s, u, e);
}

/* socds unit settings [UNIT]: every key, its value, and whether it is the default. */
static int
cmd_unit_settings(struct store *s, struct cli_ctx *c, struct err *e)
{
	struct unit u;
	struct paper *p = malloc(sizeof *p);

	if (p == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	if (cmd_unit_get(s, c, &u, e) != 0 || paper_load(s, &u, p, e) != 0) {
		free(p);
		return e->code;
	}
	printf("%s\t%s\n", u.code, u.name);
	for (int k = 0; k < PAPER_NKEYS; k++)
		printf("--%s\t%s\t%s\n", paper_keys[k].option, p->v[k],
		    p->set[k] ? _("(set)") : _("(default)"));
	free(p);
	return 0;
}

/* socds unit set [UNIT] --KEY VALUE...: every value checked before any is kept. */
static int
cmd_unit_set(struct store *s, struct cli_ctx *c, const char *const *vals, bool deputy,
    bool no_deputy, struct err *e)
{
	const char *v[PAPER_NKEYS];
	struct unit u;
	int n = 0;

	if (cmd_unit_get(s, c, &u, e) != 0)
		return e->code;
	for (int k = 0; k < PAPER_NKEYS; k++)
		v[k] = k != PAPER_DEPUTY ? vals[k] : deputy ? "1" : no_deputy ? "0" : NULL;
	if (job_paper_set(s, u.code, v, &n, e) != 0)
		return e->code;
	if (n == 0)
		return err_set(e, ERR_USAGE, _("unit set: give at least one setting, e.g. --body"
		    " \"SỞ KHOA HỌC VÀ CÔNG NGHỆ\" (socds help unit lists them)"));
	return 0;
}

static int
cmd_unit_print_orphan(const struct store_unassigned *a, void *arg)
{
	const char **last = arg;

	/* One heading per former unit: where the mapping may send its records. */
	if (*last == NULL || strcmp(*last, a->unit_code) != 0) {
		printf("%s\t%s\t%s\n", a->unit_code, a->unit_name, *a->candidates ?
		    a->candidates : _("(the mapping names no current commune)"));
		free((void *)*last);
		*last = strdup(a->unit_code);
	}
	printf("  %s\t%s\t%s\n", a->kind, a->id, a->label);
	return 0;
}

/* socds unit orphans [UNIT]: the records the unit's report counts in its
 * total and in no unit below, under the former commune they were made for. */
static int
cmd_unit_orphans(struct store *s, struct cli_ctx *c, struct err *e)
{
	struct unit u;
	const char *last = NULL;
	int64_t n = 0;

	if (cmd_unit_get(s, c, &u, e) != 0 ||
	    store_unit_unassigned(s, u.code, cmd_unit_print_orphan, &last, e) != 0 ||
	    store_unit_unassigned_count(s, u.code, &n, e) != 0) {
		free((void *)last);
		return e->code;
	}
	free((void *)last);
	printf(_("%lld records under former units not yet assigned in %s %s\n"), (long long)n,
	    u.code, u.name);
	return 0;
}

/* socds unit reassign OLD NEW [--kind K] */
static int
cmd_unit_reassign(struct store *s, struct cli_ctx *c, const char *kind, struct err *e)
{
	const struct kind *k = NULL;
	int64_t moved = 0;

	if (c->argc != 3)
		return err_set(e, ERR_USAGE, _("use: socds unit reassign OLD NEW [--kind KIND]"));
	if (kind != NULL && (k = record_kind(kind)) == NULL)
		return err_set(e, ERR_USAGE, _("--kind '%s': not a kind of record"), kind);
	if (store_unit_reassign(s, c->argv[1], c->argv[2], k, &moved, e) != 0)
		return e->code;
	printf(_("%lld records moved from %s to %s\n"), (long long)moved, c->argv[1], c->argv[2]);
	return 0;
}

int
cmd_unit(struct cli_ctx *c)
{
	const char *vals[PAPER_NKEYS] = { 0 }, *kind = NULL;
	bool deputy = false, no_deputy = false;
	struct cli_opt opts[PAPER_NKEYS + 3];
	struct store *s;
	struct err e = { 0 };
	int n = 0, rc;

	for (int k = 0; k < PAPER_NKEYS; k++)
		if (k != PAPER_DEPUTY)
			opts[n++] = (struct cli_opt){ paper_keys[k].option, &vals[k], NULL };
	opts[n++] = (struct cli_opt){ "deputy", NULL, &deputy };
	opts[n++] = (struct cli_opt){ "no-deputy", NULL, &no_deputy };
	opts[n++] = (struct cli_opt){ "kind", &kind, NULL };
	opts[n] = (struct cli_opt){ NULL, NULL, NULL };
	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (c->argc >= 1 && strcmp(c->argv[0], "reassign") == 0) {
		if (cmd_unit_open(c, 0, &s, &e) != 0)
			return cli_fail(&e);
		rc = cmd_unit_reassign(s, c, kind, &e);
		store_close(s);
		return rc != 0 ? cli_fail(&e) : EXIT_OK;
	}
	if (c->argc < 1 || c->argc > 2 || (strcmp(c->argv[0], "settings") != 0 &&
	    strcmp(c->argv[0], "set") != 0 && strcmp(c->argv[0], "set-header") != 0 &&
	    strcmp(c->argv[0], "orphans") != 0)) {
		report_msg(_("use: socds unit settings [UNIT], socds unit set [UNIT] --body TEXT"
		    " ..., socds unit orphans [UNIT], socds unit reassign OLD NEW [--kind KIND]"
		    " (socds help unit)"));
		return EXIT_USAGE;
	}
	if (deputy && no_deputy) {
		report_msg(_("--deputy and --no-deputy: give one of them"));
		return EXIT_USAGE;
	}
	if (strcmp(c->argv[0], "settings") == 0 || strcmp(c->argv[0], "orphans") == 0) {
		if (cmd_unit_open(c, STORE_READONLY, &s, &e) != 0)
			return cli_fail(&e);
		rc = strcmp(c->argv[0], "orphans") == 0 ? cmd_unit_orphans(s, c, &e) :
		    cmd_unit_settings(s, c, &e);
	} else {
		if (cmd_unit_open(c, 0, &s, &e) != 0)
			return cli_fail(&e);
		rc = cmd_unit_set(s, c, vals, deputy, no_deputy, &e);
	}
	store_close(s);
	return rc != 0 ? cli_fail(&e) : EXIT_OK;
}

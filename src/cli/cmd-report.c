/* cmd-report: socds report — where the unit stands against its plan. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/figures.h"
#include "socds/i18n.h"
#include "socds/paths.h"
#include "socds/period.h"
#include "socds/report.h"
#include "socds/job-report.h"
#include "socds/job-standing.h"
#include "socds/store.h"
#include "socds/store-unit.h"

/* --explain: every figure with its rule and the SQL that makes it. */
static int
cmd_report_explain(void)
{
	printf("scope — %s\n  %s\n\n", _("each figure's SQL reads scope(top, code): the unit and each "
	    "unit directly below it (top), with the units within each"), store_figure_scope());
	for (int i = 0; i < nfigures; i++)
		printf("%s — %s\n  %s\n  SQL: %s\n\n", figures[i].id, _(figures[i].label),
		    _(figures[i].rule), figures[i].sql);
	printf("tasks.status — %s\n  %s\n", _("Plan tasks: done, in progress, overdue"),
	    _("leaf tasks of assets/tasks whose level names the unit's level, with the unit's "
	    "latest task progress; overdue as assets/tasks/SOURCE.md defines it"));
	return EXIT_OK;
}

int
cmd_report(struct cli_ctx *c)
{
	const char *period = NULL, *unit = NULL, *format = "text", *out = NULL;
	bool force = false, explain = false;
	const struct cli_opt opts[] = { { "period", &period, NULL }, { "unit", &unit, NULL },
		{ "format", &format, NULL }, { "out", &out, NULL }, { "force", NULL, &force },
		{ "explain", NULL, &explain }, { NULL, NULL, NULL } };
	char path[PATH_MAX];
	struct period p;
	struct standing r;
	struct store *s = NULL;
	struct err e = { 0 };
	enum report_format f;
	int rc;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (explain)
		return cmd_report_explain();
	if (!job_report_format(format, out, &f)) {
		report_msg(_("--format '%s': use text, csv or xlsx"), format);
		return EXIT_USAGE;
	}
	if (f == REPORT_XLSX && out == NULL) {
		report_msg(_("an XLSX report needs --out FILE"));
		return EXIT_USAGE;
	}
	if (period != NULL && period_parse(period, &p, &e) != 0) {
		report_error(&e);
		return EXIT_USAGE;
	}
	if (cli_db_path(c, path, sizeof path, false, &e) != 0 ||
	    store_open(path, 0, &s, &e) != 0)
		return cli_fail(&e);
	if (unit != NULL) {
		struct unit home;
		bool within = false;
		if (store_home_get(s, &home, &e) != 0 ||
		    store_unit_within(s, unit, home.code, &within, &e) != 0) {
			store_close(s);
			return cli_fail(&e);
		}
		if (!within) {
			store_close(s);
			err_set(&e, ERR_INVALID, _("unit %s is not %s or below it"), unit, home.name);
			return cli_fail(&e);
		}
	}
	rc = standing_build(s, paths_datadir(), unit, period != NULL ? &p : NULL, &r, &e);
	if (rc == 0 && r.dangling > 0)
		report_msg(_("warning: %lld live records point at deleted ones and the figures may "
		    "count them (socds check lists them); run socds check --repair to fix them"),
		    r.dangling);
	store_close(s);
	if (rc != 0) {
		standing_free(&r);
		return cli_fail(&e);
	}
	/* "-" is standard output for text and CSV; an XLSX file may be named "-". */
	if (f != REPORT_XLSX && out != NULL && strcmp(out, "-") == 0)
		out = NULL;
	rc = job_report_write(&r, f, out, force, &e);
	standing_free(&r);
	return rc != 0 ? cli_fail(&e) : EXIT_OK;
}

/* cmd-tasks: socds tasks — the plan tasks that concern a unit, with its status
 * (a yearly task's for the year) and whether each is overdue; socds tasks set
 * records a task's status through the task status job. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/i18n.h"
#include "socds/period.h"
#include "socds/report.h"
#include "socds/store.h"
#include "socds/store-unit.h"
#include "socds/tasks.h"
#include "socds/job-tasks.h"
#include "socds/uuid.h"

static int
cmd_tasks_row(const struct task_row *t, void *arg)
{
	(void)arg;
	/* Tab-separated: code, status, overdue, yearly, due time, title. */
	printf("%s\t%s\t%s\t%s\t%s\t%s\n", t->code, t->status, t->overdue ? "overdue" : "",
	    t->yearly ? "yearly" : "", t->due_text, t->title);
	return 0;
}

/* socds tasks set CODE STATUS: one task_progress record, written by the job
 * (which checks the role, the task and the status). */
static int
cmd_tasks_set(struct cli_ctx *c, struct job_task_status *o)
{
	char path[PATH_MAX], id[UUID_STR_LEN];
	struct unit home;
	struct store *s = NULL;
	struct err e = { 0 };
	int rc;

	if (c->argc != 3) {
		err_set(&e, ERR_USAGE, _("use: socds tasks set CODE STATUS [--unit CODE] "
		    "[--note TEXT] [--evidence-no TEXT] [--evidence-date YYYY-MM-DD]"));
		return cli_fail(&e);
	}
	o->code = c->argv[1];
	o->status = c->argv[2];
	if (cli_db_path(c, path, sizeof path, false, &e) != 0 ||
	    store_open(path, 0, &s, &e) != 0)
		return cli_fail(&e);
	rc = o->unit == NULL ? store_home_get(s, &home, &e) : 0;
	if (rc == 0 && o->unit == NULL)
		o->unit = home.code;
	if (rc == 0)
		rc = job_task_status(s, o, id, &e);
	store_close(s);
	if (rc != 0)
		return cli_fail(&e);
	printf(_("Task %s of unit %s: %s (record %s)\n"), o->code, o->unit, o->status, id);
	return EXIT_OK;
}

int
cmd_tasks(struct cli_ctx *c)
{
	const char *period = NULL, *unit = NULL;
	struct job_task_status ts = { 0 };
	const struct cli_opt opts[] = { { "period", &period, NULL }, { "unit", &unit, NULL },
		{ "note", &ts.note, NULL }, { "evidence-no", &ts.evidence_no, NULL },
		{ "evidence-date", &ts.evidence_date, NULL }, { NULL, NULL, NULL } };
	char path[PATH_MAX], asof[11];
	struct period p;
	struct unit u, home;
	struct store *s = NULL;
	struct err e = { 0 };
	bool within = false;
	int rc;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (c->argc >= 1 && strcmp(c->argv[0], "set") == 0) {
		ts.unit = unit;
		return cmd_tasks_set(c, &ts);
	}
	if (c->argc != 0 || ts.note != NULL || ts.evidence_no != NULL ||
	    ts.evidence_date != NULL) {
		err_set(&e, ERR_USAGE, _("socds tasks lists the tasks; socds tasks set CODE STATUS "
		    "records one"));
		return cli_fail(&e);
	}
	if (period != NULL && period_parse(period, &p, &e) != 0) {
		report_error(&e);
		return EXIT_USAGE;
	}
	/* As of today, or of the period's end when that is earlier. */
	period_today(asof);
	if (period != NULL && strcmp(p.to, asof) < 0)
		memcpy(asof, p.to, sizeof asof);
	if (cli_db_path(c, path, sizeof path, false, &e) != 0 ||
	    store_open(path, 0, &s, &e) != 0)
		return cli_fail(&e);
	if (store_home_get(s, &home, &e) != 0)
		goto fail;
	if (unit != NULL) {
		if (store_unit_within(s, unit, home.code, &within, &e) != 0)
			goto fail;
		if (!within) {
			err_set(&e, ERR_INVALID, _("unit %s is not %s or below it"), unit, home.name);
			goto fail;
		}
		if (store_unit_get(s, unit, &u, &e) != 0)
			goto fail;
	} else {
		u = home;
	}
	/* A header for the machine-readable columns (not translated). */
	puts("code\tstatus\toverdue\tyearly\tdue\ttitle");
	rc = tasks_list(s, u.code, u.level, asof, cmd_tasks_row, NULL, &e);
	store_close(s);
	if (rc == 0 && fflush(stdout) != 0)
		rc = err_set(&e, ERR_IO, _("cannot write to standard output"));
	return rc != 0 ? cli_fail(&e) : EXIT_OK;
fail:
	store_close(s);
	return cli_fail(&e);
}

/* cmd-approve: socds approve / reopen — an office approves a unit's period
 * below it (its records become read-only there), lists its approvals, and
 * reopens a period with a reason (job-approve.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/job-approve.h"
#include "socds/job-receipt.h"
#include "socds/os.h"
#include "socds/store-unit.h"

static int
approve_row_csv(const struct store_approval *a, void *arg)
{
	const char *v[] = { a->id, a->unit, a->period, a->from, a->to, a->state, a->at,
		a->by_unit };

	(void)arg;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		csv_write_guarded(stdout, v[i], ',', i == 0);
	putchar('\n');
	return 0;
}

static int
approve_row_text(const struct store_approval *a, void *arg)
{
	struct store *s = arg;
	struct unit u;
	struct err e = { 0 };

	if (store_unit_get(s, a->unit, &u, &e) != 0)
		snprintf(u.name, sizeof u.name, "?");
	printf("%-8s %-6s %-8s %s..%s  %s  %s  %s/%s  %s", a->id, a->unit, a->period, a->from,
	    a->to, strcmp(a->state, "approved") == 0 ? _("approved") : _("reopened"), a->at,
	    a->by_unit, a->by_user, u.name);
	if (a->reason[0])
		printf("  (%s)", a->reason);
	putchar('\n');
	return 0;
}

static int
approve_list(struct cli_ctx *c, const char *format)
{
	struct store *s;
	struct err e = { 0 };
	char path[PATH_MAX];
	bool csv = strcmp(format, "csv") == 0;
	int rc;

	if (!csv && strcmp(format, "text") != 0) {
		report_msg(_("--format '%s': use text or csv"), format);
		return EXIT_USAGE;
	}
	if (cli_db_path(c, path, sizeof path, false, &e) != 0 ||
	    store_open(path, STORE_READONLY, &s, &e) != 0)
		return cli_fail(&e);
	if (csv)
		printf("id,unit,period,date_from,date_to,state,at,by_unit\n");
	rc = store_approval_each(s, csv ? approve_row_csv : approve_row_text, s, &e);
	store_close(s);
	return rc != 0 ? cli_fail(&e) : EXIT_OK;
}

/* socds approve --unit CODE --period P | --list [--format csv]
 * socds reopen --unit CODE --period P --reason TEXT */
static int
approve_run(struct cli_ctx *c, bool reopen)
{
	const char *unit = NULL, *period = NULL, *reason = NULL, *format = "text";
	const char *receipts = NULL;
	bool list = false;
	const struct cli_opt opts[] = { { "unit", &unit, NULL }, { "period", &period, NULL },
		{ "reason", &reason, NULL }, { "format", &format, NULL },
		{ "list", NULL, &list }, { "receipts", &receipts, NULL }, { NULL, NULL, NULL } };
	struct job_approve_result r;
	struct job_receipt_issued ri;
	struct os_stat st;
	struct store *s;
	struct err e = { 0 }, re = { 0 };
	char path[PATH_MAX];
	int rc, rrc = 0;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (list && !reopen && c->argc == 0)
		return approve_list(c, format);
	if (c->argc > 0 || unit == NULL || period == NULL || (reopen && reason == NULL) ||
	    (!reopen && reason != NULL) || list || (reopen && receipts != NULL)) {
		report_msg(reopen ? _("use: socds reopen --unit CODE --period PERIOD --reason TEXT") :
		    _("use: socds approve --unit CODE --period PERIOD [--receipts DIR] | --list"
		    " [--format csv]"));
		return EXIT_USAGE;
	}
	/* Checked before approving: a bad folder must not leave an approval
	 * that nothing carries down. */
	if (receipts != NULL && (os_stat(receipts, &st) != 0 || st.kind != OS_DIR)) {
		report_msg(_("--receipts %s: not a folder"), receipts);
		return EXIT_USAGE;
	}
	if (cli_db_path(c, path, sizeof path, false, &e) != 0 || store_open(path, 0, &s, &e) != 0)
		return cli_fail(&e);
	rc = reopen ? job_reopen(s, unit, period, reason, &r, &e) :
	    job_approve(s, unit, period, &r, &e);
	/* The approval travels down in a status receipt written at once. */
	if (rc == 0 && receipts != NULL)
		rrc = job_receipt_status(s, r.a.unit, receipts, &ri, &re);
	store_close(s);
	if (rc != 0)
		return cli_fail(&e);
	if (reopen)
		printf(_("Reopened period %s of %s (%s, revision %lld): its records can be changed"
		    " again once the next receipt reaches the unit.\n"), r.a.period, r.a.unit, r.a.id,
		    (long long)r.a.revision);
	else
		printf(_("Approved period %s of %s (%s, revision %lld): its records are read-only"
		    " once the next receipt reaches the unit.\n"), r.a.period, r.a.unit, r.a.id,
		    (long long)r.a.revision);
	if (!reopen && r.no_package)
		report_msg(_("warning: no package of %s for %s has been merged here; approved all"
		    " the same"), r.a.unit, r.a.period);
	if (receipts != NULL && rrc != 0)
		return cli_fail(&re);
	if (receipts != NULL)
		printf(_("Receipt written: %s\n"), ri.path);
	return EXIT_OK;
}

int
cmd_approve(struct cli_ctx *c)
{
	return approve_run(c, false);
}

int
cmd_reopen(struct cli_ctx *c)
{
	return approve_run(c, true);
}

/* cmd-receipt: receipts from the command line. At the unit: take one in,
 * list the open remarks. At the office: write a status receipt (approvals
 * only), write a lost receipt again. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/job-receipt.h"
#include "socds/report.h"
#include "socds/store.h"
#include "socds/store-receipt.h"
#include "socds/store-remark.h"

static int
cmd_receipt_take(struct store *s, const char *path, const char *accept, struct err *e)
{
	struct job_receipt_taken t;

	if (job_receipt_take(s, path, accept, &t, e) != 0)
		return e->code;
	if (t.package[0] != '\0')
		printf(_("%s: receipt %" PRId64 " from %s for %s\n"), path, t.number, t.office,
		    t.package);
	else
		printf(_("%s: receipt %" PRId64 " from %s (no package)\n"), path, t.number,
		    t.office);
	printf(_("  accepted %" PRId64 ", rejected %" PRId64 ", conflicts %" PRId64
	    ", approvals %" PRId64 "\n"), t.accepted, t.rejected, t.conflicts, t.approvals);
	if (t.pinned_now)
		printf("  %s\n", _("key of the office pinned on first use; compare it with the"
		    " office's letter:"));
	if (t.pinned_now)
		printf("  %s %s\n", t.office, t.fingerprint);
	if (t.rejected + t.conflicts > 0)
		printf("  %s\n", _("see them with: socds receipt --list"));
	return 0;
}

struct cmd_remarks {
	bool csv;
	int64_t n;
};

static int
cmd_receipt_remark(const struct store_remark *r, void *arg)
{
	struct cmd_remarks *x = arg;
	const char *outcome = r->conflict ? "conflict" : "rejected";
	char ov[24] = "";

	x->n++;
	if (r->office_version > 0)
		snprintf(ov, sizeof ov, "%" PRId64, r->office_version);
	if (x->csv) {
		const char *f[] = { r->kind_name, r->id, r->unit, outcome, r->reason, ov };
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
			csv_write_guarded(stdout, f[i], ',', i == 0);
		fputs("\r\n", stdout);
	} else
		printf("%s %s %s (v%" PRId64 "%s%s): %s\n", r->conflict ?
		    _("conflict") : _("rejected"), r->kind_name, r->id, r->version, ov[0] ? " / " : "",
		    ov, r->reason);
	return 0;
}

static int
cmd_receipt_list(struct store *s, const char *format, struct err *e)
{
	struct cmd_remarks x = { false, 0 };

	if (format != NULL && strcmp(format, "csv") != 0 && strcmp(format, "text") != 0)
		return err_set(e, ERR_USAGE, _("--format '%s'? use text or csv"), format);
	x.csv = format != NULL && strcmp(format, "csv") == 0;
	if (x.csv)
		fputs("kind,id,unit,outcome,reason,office_version\r\n", stdout);
	/* A page at a time: never the whole table in memory. */
	for (int64_t seen = -1; seen != x.n;) {
		seen = x.n;
		if (store_remark_page(s, x.n, 200, cmd_receipt_remark, &x, e) != 0)
			return e->code;
	}
	if (!x.csv && x.n == 0)
		printf("%s\n", _("No open remarks from the office above."));
	return 0;
}

static int
cmd_receipt_seq(const char *v, int64_t *seq, struct err *e)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || n < 1)
		return err_set(e, ERR_USAGE, _("--reissue needs the number of a merge (as its report"
		    " shows)"));
	*seq = n;
	return 0;
}

int
cmd_receipt(struct cli_ctx *c)
{
	char path[PATH_MAX];
	struct store *s = NULL;
	struct err e = { 0 };
	struct job_receipt_issued res;
	const char *accept = NULL, *status = NULL, *reissue = NULL, *out = NULL, *format = NULL;
	bool list = false;
	const struct cli_opt opts[] = {
		{ "accept-key", &accept, NULL },
		{ "list", NULL, &list },
		{ "format", &format, NULL },
		{ "status", &status, NULL },
		{ "reissue", &reissue, NULL },
		{ "out", &out, NULL },
		{ NULL, NULL, NULL },
	};
	int64_t seq = 0;
	int modes;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	modes = (list ? 1 : 0) + (status != NULL) + (reissue != NULL) + (c->argc > 0);
	if (modes != 1 || c->argc > 1 || ((status != NULL || reissue != NULL) && out == NULL)) {
		report_msg(_("receipt needs one receipt FILE, or --list, or --status UNIT --out"
		    " FILE|DIR, or --reissue MERGE --out FILE|DIR"));
		return EXIT_USAGE;
	}
	if (reissue != NULL && cmd_receipt_seq(reissue, &seq, &e) != 0)
		return cli_fail(&e);
	if (cli_db_path(c, path, sizeof path, false, &e) != 0 || store_open(path, 0, &s, &e) != 0)
		return cli_fail(&e);
	if (list)
		cmd_receipt_list(s, format, &e);
	else if (c->argc == 1)
		cmd_receipt_take(s, c->argv[0], accept, &e);
	else if ((status != NULL ? job_receipt_status(s, status, out, &res, &e) :
	    job_receipt_reissue(s, seq, out, &res, &e)) == 0)
		printf(_("Receipt written: %s\n"), res.path);
	store_close(s);
	return e.code != 0 ? cli_fail(&e) : EXIT_OK;
}

/* cmd-io: export (csv, xlsx, package) and merge from the command line. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-internal.h"
#include "socds/os.h"
#include "socds/export.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/merge.h"
#include "socds/package.h"
#include "socds/paths.h"
#include "socds/period.h"
#include "socds/report.h"
#include "socds/job-export.h"
#include "socds/job-merge.h"
#include "socds/job-package.h"
#include "socds/safefile.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-key.h"
#include "socds/store-merge.h"
#include "socds/store-unit.h"

static void
cli_progress(const char *what, int64_t done, int64_t total, void *arg)
{
	(void)arg;
	report_progress(what, done, total);
}

/* What every export needs: the database, the forms, the unit and the period. */
struct cli_export {
	struct store *s;
	struct forms fs;
	bool have_forms;
	struct unit unit;
	struct period period;
	struct export_opts o;
};

static int
cli_export_open(struct cli_ctx *c, const char *unit, const char *period, struct cli_export *x,
    struct err *e)
{
	char path[PATH_MAX];
	struct unit home;
	bool within;

	memset(x, 0, sizeof *x);
	if (period != NULL && period_parse(period, &x->period, e) != 0)
		return e->code == ERR_INVALID ? (e->code = ERR_USAGE) : e->code;
	if (forms_load(paths_datadir(), &x->fs, e) != 0)
		return e->code;
	x->have_forms = true;
	if (cli_db_path(c, path, sizeof path, false, e) != 0 ||
	    store_open(path, 0, &x->s, e) != 0 || store_home_get(x->s, &home, e) != 0)
		return e->code;
	x->unit = home;
	if (unit != NULL) {
		if (store_unit_get(x->s, unit, &x->unit, e) != 0)
			return e->code;
		if (store_unit_within(x->s, unit, home.code, &within, e) != 0)
			return e->code;
		if (!within)
			return err_set(e, ERR_INVALID, _("unit %s %s is not %s or below it"), x->unit.code,
			    x->unit.name, home.name);
	}
	x->o.within = x->unit.code;
	x->o.period = period != NULL ? &x->period : NULL;
	/* Progress shows only on a terminal; elsewhere it would cost the XLSX
	 * export a count of every table for nothing. */
	x->o.progress = os_isatty(OS_STDERR) ? cli_progress : NULL;
	return 0;
}

/* Exports are logged: personal data left the database. */
static void
cli_export_event(struct cli_export *x, const char *what, const char *out)
{
	char detail[1200];
	struct err e = { 0 };

	snprintf(detail, sizeof detail, "%s %s (%s, %s)", what, out, x->unit.code,
	    x->o.period != NULL ? x->period.label : "all");
	store_audit_event(x->s, "export", detail, &e);
}

static void
cli_export_close(struct cli_export *x)
{
	report_progress_end();
	store_close(x->s);
	if (x->have_forms)
		forms_free(&x->fs);
}

/* socds-21853-2026.zip: the unit, the period, and what it is. */
static void
cli_default_name(char *buf, size_t size, const struct cli_export *x, const char *ext)
{
	snprintf(buf, size, "socds-%s-%s.%s", x->unit.code,
	    x->o.period != NULL ? x->period.label : "all", ext);
}

static int
cmd_export_csv(struct cli_ctx *c, const char *unit, const char *period, const char *out,
    bool force)
{
	const char *kind = NULL, *encoding = "utf-8";
	bool machine = false;
	const struct cli_opt opts[] = { { "kind", &kind, NULL }, { "encoding", &encoding, NULL },
		{ "machine", NULL, &machine }, { NULL, NULL, NULL } };
	const struct kind *k;
	struct cli_export x;
	struct err e = { 0 };
	FILE *fp;
	int64_t rows = 0;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (kind == NULL || (k = record_kind(kind)) == NULL) {
		report_msg(_("export csv needs --kind staff|training|participant|team|member|activity|village"));
		return EXIT_USAGE;
	}
	if (strcmp(encoding, "utf-8") != 0 && strcmp(encoding, "cp1258") != 0 &&
	    strcmp(encoding, "viscii") != 0 && strcmp(encoding, "tcvn") != 0) {
		report_msg(_("--encoding '%s': use utf-8, cp1258, viscii or tcvn"), encoding);
		return EXIT_USAGE;
	}
	if (cli_export_open(c, unit, period, &x, &e) != 0) {
		cli_export_close(&x);
		return cli_fail(&e);
	}
	if (out != NULL && strcmp(out, "-") != 0) {
		if (job_export_csv(x.s, &x.fs, k, &x.o, machine, encoding, out, force, &rows,
		    &e) != 0) {
			cli_export_close(&x);
			return cli_fail(&e);
		}
		fprintf(stderr, _("Wrote %" PRId64 " rows to %s.\n"), rows, out);
		cli_export_event(&x, "export csv", out);
		cli_export_close(&x);
		return EXIT_OK;
	}
	/* Standard output gets the CSV only once it is whole: an unrepresentable
	 * character must not leave half a file in a pipe either. */
	if ((fp = os_tmpfile()) == NULL) {
		cli_export_close(&x);
		err_set(&e, ERR_IO, _("cannot create a temporary file: %s"), err_errno(errno));
		return cli_fail(&e);
	}
	if (export_csv(x.s, &x.fs, k, &x.o, machine, encoding, fp, &rows, &e) != 0) {
		fclose(fp);
		cli_export_close(&x);
		return cli_fail(&e);
	}
	char buf[65536];
	size_t n;
	rewind(fp);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			break;
	fclose(fp);
	if (fflush(stdout) != 0) {
		cli_export_close(&x);
		err_set(&e, ERR_IO, _("cannot write to standard output"));
		return cli_fail(&e);
	}
	cli_export_close(&x);
	return EXIT_OK;
}

/* The workbook or the upload package: written beside and renamed, so that
 * with --force the old file stays until the new is whole. */
static int
cmd_export_file(struct cli_ctx *c, const char *unit, const char *period, const char *out,
    bool force, bool package)
{
	struct cli_export x;
	struct job_package_result res;
	struct err e = { 0 };
	char name[PATH_MAX], day[16];
	bool changes = false;
	const struct cli_opt popts[] = { { "changes", NULL, &changes }, { NULL, NULL, NULL } };
	int rc, flags = force ? SAFEFILE_FORCE : 0;

	if (cli_parse(c, c->argc, c->argv, package ? popts : NULL) != 0)
		return EXIT_USAGE;
	if (changes && period != NULL) {
		report_msg(_("--changes takes no --period: a change-only package carries every"
		    " change the office above has not acknowledged"));
		return EXIT_USAGE;
	}
	if (cli_export_open(c, unit, period, &x, &e) != 0) {
		cli_export_close(&x);
		return cli_fail(&e);
	}
	if (out == NULL && changes) {
		/* socds-21853-changes-20261206.zip: one a day, by the local date. */
		if (os_now_format(day, sizeof day, "%Y%m%d", false) == 0)
			snprintf(day, sizeof day, "today");
		snprintf(name, sizeof name, "socds-%s-changes-%s.zip", x.unit.code, day);
		out = name;
	} else if (out == NULL) {
		cli_default_name(name, sizeof name, &x, package ? "zip" : "xlsx");
		out = name;
	}
	x.o.changed_only = changes;
	rc = package ? job_package(&(struct job_package_opts){ x.s, &x.fs, x.o, out, flags },
	    &res, &e) : job_export_xlsx(x.s, &x.fs, &x.o, out, flags, &e);
	if (rc != 0) {
		cli_export_close(&x);
		return cli_fail(&e);
	}
	cli_export_event(&x, changes ? "export package (changes)" : package ? "export package" :
	    "export xlsx", out);
	cli_export_close(&x);
	if (!package)
		fprintf(stderr, _("Wrote %s.\n"), out);
	else if (changes)
		printf(_("Wrote change-only package %s: %s %s, %" PRId64 " rows changed since the"
		    " last receipt.\n"), out, x.unit.code, x.unit.name, res.rows);
	else
		printf(_("Wrote package %s: %s %s, %s, %" PRId64 " rows.\n"), out, x.unit.code,
		    x.unit.name, x.o.period != NULL ? x.period.label : _("all periods"), res.rows);
	return EXIT_OK;
}

int
cmd_export(struct cli_ctx *c)
{
	const char *what, *unit = NULL, *period = NULL, *out = NULL;
	bool force = false;

	if (c->argc < 1) {
		report_msg(_("export what? socds export csv|xlsx|package; see 'socds help export'"));
		return EXIT_USAGE;
	}
	what = c->argv[0];
	c->argc--;
	c->argv++;
	/* Options common to every export are taken out first. */
	int keep = 0;
	for (int i = 0; i < c->argc; i++) {
		const char **dst = NULL;
		const char *a = c->argv[i];
		if (strcmp(a, "--unit") == 0)
			dst = &unit;
		else if (strcmp(a, "--period") == 0)
			dst = &period;
		else if (strcmp(a, "--out") == 0)
			dst = &out;
		else if (strcmp(a, "--force") == 0) {
			force = true;
			continue;
		}
		if (dst != NULL) {
			if (i + 1 >= c->argc) {
				report_msg(_("option %s needs a value"), a);
				return EXIT_USAGE;
			}
			*dst = c->argv[++i];
			continue;
		}
		c->argv[keep++] = c->argv[i];
	}
	c->argc = keep;
	if (strcmp(what, "csv") == 0)
		return cmd_export_csv(c, unit, period, out, force);
	if (strcmp(what, "xlsx") == 0 || strcmp(what, "package") == 0)
		return cmd_export_file(c, unit, period, out, force, strcmp(what, "package") == 0);
	report_msg(_("export '%s'? use csv, xlsx or package"), what);
	return EXIT_USAGE;
}

static void
cli_merge_print(const char *path, const struct merge_report *r)
{
	static const char *const label[6] = { N_("inserted"), N_("updated"), N_("unchanged"),
		N_("deleted"), N_("conflicts"), N_("rejected") };

	printf("%s: %s %s%s%s (", path, r->unit, r->unit_name, r->period[0] ? ", " : "",
	    r->period);
	printf(_("merge %" PRId64), r->seq);
	printf(")\n ");
	for (int k = 0; k < 6; k++)
		printf(" %s %" PRId64 "%s", _(label[k]), r->n[k], k < 5 ? "," : "\n");
	if (r->orphans > 0)
		printf(_("  of the rejected, %" PRId64 " live records belong to a record deleted"
		    " here\n"), r->orphans);
	for (int k = 0; k < r->nissues; k++)
		printf("  %s %s %s (v%" PRId64 " / v%" PRId64 "): %s\n",
		    r->issues[k].conflict ? _("conflict") : _("rejected"), r->issues[k].kind,
		    r->issues[k].id, r->issues[k].local, r->issues[k].incoming, r->issues[k].reason);
	if (r->n[MERGE_CONFLICT] + r->n[MERGE_REJECTED] > r->nissues)
		printf(_("  ... and %" PRId64 " more; all %" PRId64 " are in the merge log\n"),
		    r->n[MERGE_CONFLICT] + r->n[MERGE_REJECTED] - r->nissues,
		    r->n[MERGE_CONFLICT] + r->n[MERGE_REJECTED]);
	for (int k = 0; k < r->nwarnings; k++)
		printf("  %s %s %s: %s\n", _("warning"), r->warnings[k].kind, r->warnings[k].id,
		    r->warnings[k].text);
	if (r->duplicates > r->nwarnings)
		printf(_("  ... and %" PRId64 " more likely duplicates\n"),
		    r->duplicates - r->nwarnings);
	if (r->key.action != KEY_KNOWN) {
		char line[200];
		printf("  %s\n", package_key_text(&r->key, line, sizeof line));
	}
}

/* socds merge --revert ID: the records merge ID changed get their old values. */
static int
cli_merge_revert(struct cli_ctx *c, const char *id)
{
	char path[PATH_MAX], *end;
	struct store *s = NULL;
	struct err e = { 0 };
	struct merge_revert_report rr;
	long long seq;

	errno = 0;
	seq = strtoll(id, &end, 10);
	if (c->argc != 0 || *id == '\0' || *end != '\0' || errno != 0 || seq < 1) {
		report_msg(_("merge --revert needs the number of a merge (as its report shows) and no"
		    " package"));
		return EXIT_USAGE;
	}
	if (cli_db_path(c, path, sizeof path, false, &e) != 0 || store_open(path, 0, &s, &e) != 0)
		return cli_fail(&e);
	if (job_merge_revert(s, (int64_t)seq, &rr, &e) != 0) {
		store_close(s);
		return cli_fail(&e);
	}
	printf(_("merge %lld reverted: %lld records put back, %lld refused\n"), seq,
	    (long long)rr.reverted, (long long)rr.refused);
	for (size_t i = 0; i < rr.nitems; i++)
		printf(_("  refused %s %s: %s\n"), rr.items[i].kind, rr.items[i].id,
		    rr.items[i].reason);
	store_merge_revert_free(&rr);
	store_close(s);
	return EXIT_OK;
}

/* Merges the packages c->argv, each report printed once the lot is on disk. */
static int
cli_merge_run(struct cli_ctx *c, struct store *s, const char *accept, const char *receipts,
    struct err *e)
{
	struct job_merged *m;
	struct forms fs;
	int status = EXIT_OK;

	if (forms_load(paths_datadir(), &fs, e) != 0)
		return cli_fail(e);
	if ((m = calloc((size_t)c->argc, sizeof *m)) == NULL) {
		forms_free(&fs);
		err_set(e, ERR_NOMEM, _("out of memory"));
		return cli_fail(e);
	}
	/* All the packages in one transaction, each still all or nothing: the
	 * disk is synced once, not once a package. The reports are printed when
	 * the merge is on disk, so that none tells of a merge that was lost. */
	if (job_merge(&(struct job_merge_opts){ s, &fs, (const char *const *)c->argv, c->argc,
	    accept, cli_progress, NULL, receipts }, m, e) != 0) {
		report_progress_end();
		status = cli_fail(e);
		goto out;
	}
	report_progress_end();
	for (int i = 0; i < c->argc; i++) {
		if (m[i].rc != 0) {
			report_error(&m[i].e);
			status = EXIT_FAIL;
			continue;
		}
		cli_merge_print(c->argv[i], &m[i].r);
		if (receipts == NULL)
			continue;
		if (m[i].receipt_rc != 0) {
			report_error(&m[i].receipt_e);
			status = EXIT_FAIL;
		} else
			printf(_("Receipt written: %s\n"), m[i].receipt.path);
	}
out:
	forms_free(&fs);
	free(m);
	return status;
}

int
cmd_merge(struct cli_ctx *c)
{
	char path[PATH_MAX];
	struct store *s = NULL;
	struct err e = { 0 };
	const char *revert = NULL, *accept = NULL, *receipts = NULL;
	struct os_stat st;
	const struct cli_opt opts[] = {
		{ "revert", &revert, NULL },
		{ "accept-key", &accept, NULL },
		{ "receipts", &receipts, NULL },
		{ NULL, NULL, NULL },
	};
	int status;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (revert != NULL)
		return cli_merge_revert(c, revert);
	if (c->argc == 0) {
		report_msg(_("merge needs one or more package files"));
		return EXIT_USAGE;
	}
	if (receipts != NULL && (os_stat(receipts, &st) != 0 || st.kind != OS_DIR)) {
		report_msg(_("--receipts %s: not a folder"), receipts);
		return EXIT_USAGE;
	}
	if (cli_db_path(c, path, sizeof path, false, &e) != 0 || store_open(path, 0, &s, &e) != 0)
		return cli_fail(&e);
	status = cli_merge_run(c, s, accept, receipts, &e);
	store_close(s);
	return status;
}

/* cmd-import: socds import FILE --kind KIND — records from a CSV file,
 * all or nothing unless --skip-invalid. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/encoding.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/import.h"
#include "socds/job-import.h"
#include "socds/paths.h"
#include "socds/report.h"
#include "socds/store.h"

/* The kinds a file may hold (task progress is tracked on screen only). */
static const char *const cli_import_kinds[] = {
	"staff", "training", "participant", "team", "member", "activity", "village",
	"statistic",
};

static const struct kind *
cli_import_kind(const char *name)
{
	for (size_t i = 0; i < sizeof cli_import_kinds / sizeof cli_import_kinds[0]; i++)
		if (strcmp(name, cli_import_kinds[i]) == 0)
			return record_kind(name);
	return NULL;
}

/* One line per problem on stderr: FILE:LINE: FIELD: reason; the first
 * IMPORT_PROBLEMS_SHOWN only, the others counted. */
static void
cli_import_problem(const struct import_problem *p, void *arg)
{
	long long *seen = arg;

	if (++*seen > IMPORT_PROBLEMS_SHOWN)
		return;
	if (p->line > 0)
		report_msg("%s:%ld: %s", p->file, p->line, p->msg);
	else
		report_msg("%s: %s", p->file, p->msg);
}

static bool
cli_import_unit_ok(const char *code)
{
	size_t len = strspn(code, "0123456789");

	return code[len] == '\0' && (len == 2 || len == 3 || len == 5);
}

/* The counts on stdout; the problems went to stderr as they were found. */
static void
cli_import_summary(const char *path, const struct import_opts *o,
    const struct import_result *r, int rc)
{
	long long would = r->invalid == 0 || o->skip_invalid ? (long long)r->valid : 0;

	printf(_("%s (%s): rows read: %lld\n"), path, encoding_display(r->encoding),
	    (long long)r->rows);
	if (o->dry_run)
		printf(_("Dry run, nothing was changed. Records that would be imported: %lld\n"),
		    rc == 0 ? would : 0);
	else
		printf(_("Records imported: %lld\n"), (long long)r->inserted);
	if (r->invalid > 0)
		printf(_("Rows not valid: %lld\n"), (long long)r->invalid);
	if (r->rejects[0] != '\0')
		printf(_("Rows not imported, with the reasons: %s\n"), r->rejects);
	if (r->duplicates > 0)
		printf(_("Likely duplicates (see the warnings): %lld\n"),
		    (long long)r->duplicates);
	if (r->lookalikes > 0)
		printf(_("Values with look-alike letters replaced by Vietnamese ones"
		    " (Ð by Đ...): %lld\n"), (long long)r->lookalikes);
}

/* The options as given, checked; EXIT_OK or EXIT_USAGE (said why). */
static int
cli_import_check(const char *kind, const char *enc, const char *unit, const char *rejects,
    bool skip, const struct kind **k)
{
	if (kind == NULL) {
		report_msg(_("import needs --kind: staff, training, participant, team, member,"
		    " activity, village or statistic"));
		return EXIT_USAGE;
	}
	if ((*k = cli_import_kind(kind)) == NULL) {
		report_msg(_("--kind '%s': use staff, training, participant, team, member,"
		    " activity, village or statistic"), kind);
		return EXIT_USAGE;
	}
	if (encoding_canonical(enc) == NULL) {
		report_msg(_("unknown encoding '%s': use auto, utf-8, cp1258, viscii or tcvn"), enc);
		return EXIT_USAGE;
	}
	if (unit != NULL && !cli_import_unit_ok(unit)) {
		report_msg(_("--unit '%s': a unit code has 2 (province), 3 (district) or 5 (commune) digits"),
		    unit);
		return EXIT_USAGE;
	}
	if (rejects != NULL && !skip) {
		report_msg(_("--rejects goes with --skip-invalid"));
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Past the first IMPORT_PROBLEMS_SHOWN problems: how many more, and where
 * they all are. */
static void
cli_import_more(const char *path, long long seen, const struct import_result *r, bool skip)
{
	long long more = seen - IMPORT_PROBLEMS_SHOWN;

	if (seen <= IMPORT_PROBLEMS_SHOWN)
		return;
	if (r->rejects[0] != '\0')
		report_msg(_("%s: ... and %lld more problems, not shown; every row not imported"
		    " is in %s with its reasons"), path, more, r->rejects);
	else if (!skip)
		report_msg(_("%s: ... and %lld more problems, not shown; --skip-invalid writes"
		    " every bad row with its reasons to a rejects file"), path, more);
	else
		report_msg(_("%s: ... and %lld more problems, not shown"), path, more);
}

/* Opens the database and the forms and runs the job. */
static int
cli_import_run(struct cli_ctx *c, struct job_import_opts *jo, struct import_result *r,
    struct err *e)
{
	struct forms fs;
	char path[PATH_MAX];
	int rc;

	memset(r, 0, sizeof *r);
	if (forms_load(paths_datadir(), &fs, e) != 0)
		return e->code;
	jo->fs = &fs;
	if (cli_db_path(c, path, sizeof path, false, e) != 0 ||
	    store_open(path, jo->io.dry_run ? STORE_READONLY : 0, &jo->s, e) != 0) {
		forms_free(&fs);
		return e->code;
	}
	rc = job_import(jo, r, e);
	store_close(jo->s);
	forms_free(&fs);
	return rc;
}

int
cmd_import(struct cli_ctx *c)
{
	const char *kind = NULL, *enc = "auto", *rejects = NULL, *unit = NULL;
	bool dry = false, skip = false, force = false;
	const struct cli_opt opts[] = {
		{ "kind", &kind, NULL }, { "encoding", &enc, NULL },
		{ "dry-run", NULL, &dry }, { "skip-invalid", NULL, &skip },
		{ "rejects", &rejects, NULL }, { "unit", &unit, NULL },
		{ "force", NULL, &force }, { NULL, NULL, NULL },
	};
	struct job_import_opts jo = { 0 };
	const struct kind *k = NULL;
	struct import_result r;
	struct err e = { 0 };
	long long seen = 0;	/* problems reported, shown or not */
	int rc;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (c->argc != 1) {
		report_msg(c->argc == 0 ? _("import needs the CSV file to read; see 'socds help import'")
		    : _("give one file to import; see 'socds help import'"));
		return EXIT_USAGE;
	}
	if (cli_import_check(kind, enc, unit, rejects, skip, &k) != EXIT_OK)
		return EXIT_USAGE;
	jo.path = c->argv[0];
	jo.io = (struct import_opts){ .kind = k, .encoding = enc, .unit = unit, .dry_run = dry,
		.skip_invalid = skip, .rejects = rejects, .force = force,
		.problem = cli_import_problem, .arg = &seen };
	rc = cli_import_run(c, &jo, &r, &e);
	cli_import_more(c->argv[0], seen, &r, skip);
	/* A file that could not even be read has nothing to count. */
	if (rc == 0 || r.rows > 0)
		cli_import_summary(c->argv[0], &jo.io, &r, rc);
	fflush(stdout);
	return rc == 0 ? EXIT_OK : cli_fail(&e);
}

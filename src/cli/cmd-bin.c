/* cmd-bin: socds bin — the recycle bin from a shell: list, restore, purge
 * (the bin screen's functions: store-bin.h, job-bin.h). */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/i18n.h"
#include "socds/job-bin.h"
#include "socds/paths.h"
#include "socds/report.h"
#include "socds/store-bin.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"

static int
bin_print(const struct store_bin_row *r, void *arg)
{
	struct store *s = arg;
	struct err e = { 0 };
	char name[200] = "";

	store_record_name(s, r->kind, r->id, name, sizeof name, &e);
	printf("%s  %-12s %s  %s  %s", r->deleted_at, r->kind->name, r->id, name[0] ? name : "-",
	    r->user[0] ? r->user : "?");
	if (r->with > 0)
		printf(_("  + %" PRId64 " records"), r->with);
	putchar('\n');
	return 0;
}

static int
bin_list(struct cli_ctx *c, struct store *s, const char *unit, const char *limit)
{
	struct err e = { 0 };
	struct unit u;
	char *end;
	long n = strtol(limit, &end, 10);

	if (n <= 0 || *end != '\0') {
		report_msg(_("--limit '%s': give a positive number"), limit);
		return EXIT_USAGE;
	}
	(void)c;
	if (unit == NULL) {
		if (store_home_get(s, &u, &e) != 0)
			return cli_fail(&e);
		unit = u.code;
	}
	if (store_bin_page(s, unit, 0, (int)n, bin_print, s, &e) != 0)
		return cli_fail(&e);
	return EXIT_OK;
}

static int
bin_restore(struct store *s, const char *id)
{
	struct forms fs;
	struct store_bin_restored out;
	struct store_bin_row row;
	struct err e = { 0 }, ne = { 0 };
	char name[200] = "";
	int rc;

	if (forms_load(paths_datadir(), &fs, &e) != 0)
		return cli_fail(&e);
	memset(&row, 0, sizeof row);
	if (store_bin_get(s, id, &row, &ne) == 0)
		store_record_name(s, row.kind, id, name, sizeof name, &ne);
	rc = job_bin_restore(s, &fs, id, &out, &e);
	forms_free(&fs);
	if (rc != 0) {
		rc = cli_fail(&e);
		if (out.blocker_kind != NULL)
			report_msg(_("restore it first: socds bin restore %s"), out.blocker);
		return rc;
	}
	if (out.records == 1 && out.links == 0 && out.left == 0) {
		printf(_("Restored %s '%s' (%s).\n"), row.kind->name, name, id);
		return EXIT_OK;
	}
	printf(_("Restored %s '%s' (%s) with %" PRId64 " records deleted with it;"
	    " %" PRId64 " members present put back; %" PRId64 " left deleted.\n"),
	    row.kind->name, name, id, out.records - 1, out.links, out.left);
	return EXIT_OK;
}

/* socds bin [list] [--unit CODE] [--limit N] | restore ID | purge ID */
int
cmd_bin(struct cli_ctx *c)
{
	const char *unit = NULL, *limit = "50";
	const struct cli_opt opts[] = { { "unit", &unit, NULL }, { "limit", &limit, NULL },
		{ NULL, NULL, NULL } };
	const char *what;
	struct store *s;
	struct err e = { 0 };
	char path[PATH_MAX];
	int rc;
	int64_t n = 0;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	what = c->argc > 0 ? c->argv[0] : "list";
	if (strcmp(what, "list") != 0 && strcmp(what, "restore") != 0 &&
	    strcmp(what, "purge") != 0) {
		report_msg(_("socds bin: '%s' is not list, restore or purge"), what);
		return EXIT_USAGE;
	}
	if (strcmp(what, "list") != 0 && c->argc != 2) {
		report_msg(_("use: socds bin %s ID (an id that socds bin list shows)"), what);
		return EXIT_USAGE;
	}
	if (cli_db_path(c, path, sizeof path, false, &e) != 0 ||
	    store_open(path, strcmp(what, "list") == 0 ? STORE_READONLY : 0, &s, &e) != 0)
		return cli_fail(&e);
	if (strcmp(what, "list") == 0)
		rc = bin_list(c, s, unit, limit);
	else if (strcmp(what, "restore") == 0)
		rc = bin_restore(s, c->argv[1]);
	else if (store_bin_purge(s, c->argv[1], &n, &e) != 0)
		rc = cli_fail(&e);
	else {
		printf(_("Purged the personal data of %" PRId64 " records; their tombstones stay.\n"),
		    n);
		rc = EXIT_OK;
	}
	store_close(s);
	return rc;
}

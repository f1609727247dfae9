/* cmd-db: commands that make, check and describe a database. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "socds/os.h"
#include "socds/job-demo.h"
#include "socds/i18n.h"
#include "socds/safefile.h"
#include "socds/paths.h"
#include "socds/report.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-key.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/tasks.h"
#include "socds/job-tasks.h"
#include "socds/text.h"
#include "socds/job-units.h"

/* A new database is built beside its final name and renamed into place, so
 * that a failure (or a wrong unit code) leaves no half file and changes no
 * existing one. */
struct newdb {
	char path[PATH_MAX];
	char tmp[PATH_MAX + 32];
	struct store *s;
};

static void
cli_unlink_db(const char *path)
{
	char side[PATH_MAX + 8];

	os_remove(path);
	snprintf(side, sizeof side, "%s-wal", path);
	os_remove(side);
	snprintf(side, sizeof side, "%s-shm", path);
	os_remove(side);
	snprintf(side, sizeof side, "%s-journal", path);
	os_remove(side);
}

static int
newdb_begin(struct cli_ctx *c, struct newdb *n, bool force, struct err *e)
{
	struct os_stat sb;
	char dir[PATH_MAX];
	const char *base;

	memset(n, 0, sizeof *n);
	if (cli_db_path(c, n->path, sizeof n->path, true, e) != 0)
		return e->code;
	if (os_stat(n->path, &sb) == 0) {
		if (sb.kind == OS_DIR)
			return err_set(e, ERR_IO, _("%s: is a folder, not a database file"), n->path);
		if (!force)
			return err_set(e, ERR_EXISTS,
			    _("%s: already exists; give --force to replace it"), n->path);
	}
	/* Its folder and name, split at the last '/' (and on Windows '\\'). */
	if (paths_dir(n->path, dir, sizeof dir, &base) != 0)
		return err_set(e, ERR_IO, "%s: %s", n->path, err_errno(ENAMETOOLONG));
	/* A safefile temporary's name: a killed init's is swept at the next run. */
	{
		struct safefile sf;
		if (safefile_scratch(&sf, n->path, base, true, e) != 0) {
			int saved = errno;
			return err_set(e, ERR_IO, _("%s: cannot create the database in folder %s: %s"),
			    n->path, dir, err_errno(saved));
		}
		snprintf(n->tmp, sizeof n->tmp, "%s", sf.tmp);
	}
	cli_unlink_db(n->tmp);
	if (store_open(n->tmp, STORE_CREATE, &n->s, e) != 0) {
		/* Name the file the user gave, not our temporary one. */
		if (e->code == ERR_IO)
			err_set(e, ERR_IO, _("%s: cannot create the database in folder %s: %s"),
			    n->path, dir, err_errno(errno));
		return e->code;
	}
	return 0;
}

static int
newdb_commit(struct newdb *n, struct err *e)
{
	store_close(n->s);
	n->s = NULL;
	/* Flush before the rename makes it visible under its real name. */
	os_file_sync(n->tmp);
	cli_unlink_db(n->path);
	if (os_replace(n->tmp, n->path, true) != 0) {
		err_set(e, ERR_IO, _("%s: cannot rename into place: %s"), n->path,
		    err_errno(errno));
		cli_unlink_db(n->tmp);
		return e->code;
	}
	return 0;
}

static void
newdb_abort(struct newdb *n)
{
	store_close(n->s);
	n->s = NULL;
	if (n->tmp[0] != '\0')
		cli_unlink_db(n->tmp);
}

static int
cli_check_unit(const char *code, struct err *e)
{
	size_t len = strlen(code);

	for (size_t i = 0; i < len; i++)
		if (code[i] < '0' || code[i] > '9')
			len = 0;
	if (len != 2 && len != 3 && len != 5)
		return err_set(e, ERR_USAGE,
		    _("--unit '%s': a unit code has 2 (province), 3 (district) or 5 (commune) digits"),
		    code);
	return 0;
}

int
cmd_init(struct cli_ctx *c)
{
	const char *unit = NULL;
	bool force = false;
	const struct cli_opt opts[] = { { "unit", &unit, NULL }, { "force", NULL, &force },
		{ NULL, NULL, NULL } };
	struct newdb n;
	struct unit u;
	struct sign_key key;
	struct err e = { 0 };

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (c->argc > 0) {
		report_msg(_("unexpected argument '%s'; see 'socds help init'"), c->argv[0]);
		return EXIT_USAGE;
	}
	if (unit == NULL) {
		report_msg(_("init needs --unit CODE (find codes with 'socds units NAME')"));
		return EXIT_USAGE;
	}
	if (cli_check_unit(unit, &e) != 0)
		return cli_fail(&e);
	if (newdb_begin(c, &n, force, &e) != 0)
		return cli_fail(&e);
	if (units_load(n.s, paths_datadir(), &e) != 0 || tasks_load(n.s, paths_datadir(), &e) != 0 ||
	    store_home_set(n.s, unit, &e) != 0 ||
	    store_home_get(n.s, &u, &e) != 0 ||
	    store_key_home(n.s, true, &key, &e) != 0 ||	/* the unit's signing key */
	    /* The account that makes the database is its admin. */
	    store_user_add(n.s, store_os_user(), u.code, "admin", &e) != 0 ||
	    (strcmp(u.level, "district") == 0 && units_attach_district(n.s, u.code, &e) != 0)) {
		newdb_abort(&n);
		return cli_fail(&e);
	}
	if (newdb_commit(&n, &e) != 0)
		return cli_fail(&e);
	printf(_("Created %s for %s %s.\n"), n.path, u.code, u.name);
	return EXIT_OK;
}

static void
cli_demo_progress(int64_t rows, void *arg)
{
	(void)arg;
	report_progress(_("demo rows"), rows, 0);
}

int
cmd_demo(struct cli_ctx *c)
{
	const char *unit = NULL, *scale = "1", *seed = "0";
	bool force = false;
	const struct cli_opt opts[] = { { "unit", &unit, NULL }, { "scale", &scale, NULL },
		{ "seed", &seed, NULL }, { "force", NULL, &force }, { NULL, NULL, NULL } };
	struct demo_opts o = { 0 };
	struct demo_counts cnt;
	struct newdb n;
	struct unit u;
	struct err e = { 0 };
	char *end;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (c->argc > 0) {
		report_msg(_("unexpected argument '%s'; see 'socds help demo'"), c->argv[0]);
		return EXIT_USAGE;
	}
	if (unit != NULL && cli_check_unit(unit, &e) != 0)
		return cli_fail(&e);
	errno = 0;
	long sc = strtol(scale, &end, 10);
	if (errno != 0 || *end != '\0' || sc < 1 || sc > 100000) {
		report_msg(_("--scale '%s': give a whole number from 1 to 100000"), scale);
		return EXIT_USAGE;
	}
	unsigned long long sd = strtoull(seed, &end, 10);
	if (*end != '\0' || *seed == '\0' || *seed == '-') {
		report_msg(_("--seed '%s': give a whole number"), seed);
		return EXIT_USAGE;
	}
	o.unit = unit;
	o.scale = (int)sc;
	o.seed = sd;
	o.datadir = paths_datadir();
	o.progress = cli_demo_progress;
	if (newdb_begin(c, &n, force, &e) != 0)
		return cli_fail(&e);
	if (job_demo(n.s, &o, &cnt, &u, &e) != 0) {
		report_progress_end();
		newdb_abort(&n);
		return cli_fail(&e);
	}
	report_progress_end();
	if (newdb_commit(&n, &e) != 0)
		return cli_fail(&e);
	printf(_("Created demo database %s for %s %s:\n"), n.path, u.code, u.name);
	printf(_("  %" PRId64 " communes, %" PRId64 " villages, %" PRId64 " DT staff, %" PRId64
	    " trainings, %" PRId64 " participants,\n  %" PRId64 " CDTT teams, %" PRId64
	    " members, %" PRId64 " activities.\n"), cnt.communes, cnt.villages, cnt.staff,
	    cnt.trainings, cnt.participants, cnt.teams, cnt.members, cnt.activities);
	return EXIT_OK;
}

/* Opens the database the command names, which must exist. */
static int
cli_open(struct cli_ctx *c, int flags, struct store **s, struct err *e)
{
	char path[PATH_MAX];

	if (cli_db_path(c, path, sizeof path, false, e) != 0)
		return e->code;
	return store_open(path, flags, s, e);
}

/* One live record that points to a deleted one, on a line of its own. */
static int
cli_print_dangling(const struct store_dangling *d, void *arg)
{
	(void)arg;
	printf("  %s '%s' (%s): %s %s '%s' (%s)\n", d->kind->name, d->name, d->id, d->field,
	    _("names the deleted"), d->target_name, d->target_id);
	return 0;
}

int
cmd_check(struct cli_ctx *c)
{
	struct store *s;
	struct store_check r;
	struct err e = { 0 };
	bool repair = false;
	int64_t dangling = 0, fixed = 0;
	const struct cli_opt opts[] = { { "repair", NULL, &repair }, { NULL, NULL, NULL } };

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (c->argc > 0) {
		report_msg(_("unexpected argument '%s'; see 'socds help check'"), c->argv[0]);
		return EXIT_USAGE;
	}
	if (cli_open(c, repair ? 0 : STORE_READONLY, &s, &e) != 0)
		return cli_fail(&e);
	if (store_check(s, &r, &e) != 0) {
		store_close(s);
		return cli_fail(&e);
	}
	/* --repair: what points to a deleted record goes the way of it, then
	 * the check looks again. */
	if (repair && store_repair_dangling(s, &fixed, &e) != 0) {
		store_close(s);
		return cli_fail(&e);
	}
	if (repair)
		printf(_("repaired: %lld records that pointed to deleted ones\n"), (long long)fixed);
	printf("%s: %s\n", _("integrity"), r.integrity_errors ? _("ERRORS") : _("ok"));
	printf("%s: %s\n", _("references"), r.fk_errors ? _("ERRORS") : _("ok"));
	printf("%s: %s\n", _("stored text"), r.text_errors ? _("ERRORS") : _("ok"));
	if (store_check_dangling(s, NULL, NULL, &dangling, &e) != 0) {
		store_close(s);
		return cli_fail(&e);
	}
	printf("%s: %s\n", _("references to deleted records"), dangling ? _("ERRORS") : _("ok"));
	if (dangling && store_check_dangling(s, cli_print_dangling, NULL, &dangling, &e) != 0) {
		store_close(s);
		return cli_fail(&e);
	}
	/* Records under former communes that no current commune is credited
	 * with: not a fault of the file, work for an officer (socds unit orphans). */
	struct unit home;
	int64_t unassigned = 0;
	if (store_home_get(s, &home, &e) == 0 &&
	    store_unit_unassigned_count(s, home.code, &unassigned, &e) == 0 && unassigned > 0)
		printf("%s: %lld (socds unit orphans)\n", _("records under former units not yet "
		    "assigned"), (long long)unassigned);
	err_clear(&e);
	store_close(s);
	if (r.integrity_errors || r.fk_errors || r.text_errors) {
		report_msg(_("the database has %d integrity, %d reference and %d text problems; "
		    "first: %s"), r.integrity_errors, r.fk_errors, r.text_errors, r.first);
		return EXIT_FAIL;
	}
	if (dangling) {
		report_msg(_("%lld live records point to deleted ones (listed above); 'socds check "
		    "--repair' deletes them as the delete would have"), (long long)dangling);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int
cmd_status(struct cli_ctx *c)
{
	struct store *s;
	struct unit u;
	struct err e = { 0 };
	static const char *const labels[KIND_COUNT] = {
		[KIND_VILLAGE] = N_("villages"), [KIND_STAFF] = N_("DT staff"),
		[KIND_TRAINING] = N_("training sessions"), [KIND_PARTICIPANT] = N_("participants"),
		[KIND_TEAM] = N_("CDTT teams"), [KIND_MEMBER] = N_("team members"),
		[KIND_ACTIVITY] = N_("team activities"), [KIND_TASK_PROGRESS] = N_("plan tasks tracked"),
		[KIND_STATISTIC] = N_("figures entered (population, officials...)"),
	};

	if (cli_parse(c, c->argc, c->argv, NULL) != 0)
		return EXIT_USAGE;
	if (cli_open(c, STORE_READONLY, &s, &e) != 0)
		return cli_fail(&e);
	if (store_home_get(s, &u, &e) != 0) {
		store_close(s);
		return cli_fail(&e);
	}
	printf("%s: %s %s\n", _("Unit"), u.code, u.name);
	for (int k = 0; k < KIND_COUNT; k++) {
		int64_t n;
		if (store_record_count(s, &record_kinds[k], NULL, &n, &e) != 0) {
			store_close(s);
			return cli_fail(&e);
		}
		/* Pad by columns on screen, not bytes: Vietnamese letters are 2–3 bytes. */
		const char *label = _(labels[k]);
		int w = text_width(label);
		printf("  %s%*s %8" PRId64 "\n", label, w < 28 ? 28 - w : 0, "", n);
	}
	store_close(s);
	return EXIT_OK;
}

static const char *
cli_level_name(const char *level)
{
	static const char *const names[][2] = {
		{ "province", N_("province") },
		{ "district", N_("district") },
		{ "commune", N_("commune") },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(level, names[i][0]) == 0)
			return _(names[i][1]);
	return level;
}

static int
cli_print_unit(const struct unit *u, void *arg)
{
	(void)arg;
	printf("%s\t%s\t%s\n", u->code, cli_level_name(u->level), u->name);
	return 0;
}

int
cmd_units(struct cli_ctx *c)
{
	const char *parent = NULL;
	const struct cli_opt opts[] = { { "parent", &parent, NULL }, { NULL, NULL, NULL } };
	struct store *s;
	struct err e = { 0 };
	int rc;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (c->argc > 1) {
		report_msg(_("give one search text; see 'socds help units'"));
		return EXIT_USAGE;
	}
	if (cli_open(c, STORE_READONLY, &s, &e) != 0)
		return cli_fail(&e);
	rc = store_unit_find(s, c->argc ? c->argv[0] : NULL, parent, cli_print_unit, NULL, &e);
	store_close(s);
	return rc != 0 ? cli_fail(&e) : EXIT_OK;
}

static int
cli_print_user(const char *user, const char *unit, const char *role, void *arg)
{
	(void)arg;
	printf("%s\t%s\t%s\n", user, unit, role);
	return 0;
}

/* socds user add NAME --unit CODE --role admin|editor|viewer | list | remove NAME */
int
cmd_user(struct cli_ctx *c)
{
	const char *unit = NULL, *role = "editor";
	const struct cli_opt opts[] = { { "unit", &unit, NULL }, { "role", &role, NULL },
		{ NULL, NULL, NULL } };
	struct store *s;
	struct err e = { 0 };
	int rc;

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (c->argc < 1 || (strcmp(c->argv[0], "list") != 0 && c->argc < 2)) {
		report_msg(_("use: socds user add NAME --unit CODE --role admin|editor|viewer,"
		    " socds user list, socds user remove NAME"));
		return EXIT_USAGE;
	}
	if (strcmp(c->argv[0], "add") == 0 && unit == NULL) {
		report_msg(_("user add needs --unit CODE"));
		return EXIT_USAGE;
	}
	if (cli_open(c, 0, &s, &e) != 0)
		return cli_fail(&e);
	if (strcmp(c->argv[0], "list") == 0)
		rc = store_user_list(s, cli_print_user, NULL, &e);
	else if (strcmp(c->argv[0], "add") == 0)
		rc = store_user_add(s, c->argv[1], unit, role, &e);
	else if (strcmp(c->argv[0], "remove") == 0)
		rc = store_user_remove(s, c->argv[1], &e);
	else {
		store_close(s);
		report_msg(_("user '%s'? use add, list or remove"), c->argv[0]);
		return EXIT_USAGE;
	}
	store_close(s);
	return rc != 0 ? cli_fail(&e) : EXIT_OK;
}

static int
cli_print_audit(const struct audit_row *a, void *arg)
{
	(void)arg;
	printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)a->seq, a->at, a->user, a->action,
	    a->kind ? a->kind : "", a->record_id ? a->record_id : "",
	    a->detail ? a->detail : a->new_values ? a->new_values : "");
	return 0;
}

/* socds audit [--user NAME] [--record ID] [--limit N]: the latest changes first. */
int
cmd_audit(struct cli_ctx *c)
{
	const char *user = NULL, *record = NULL, *limit = "50";
	const struct cli_opt opts[] = { { "user", &user, NULL }, { "record", &record, NULL },
		{ "limit", &limit, NULL }, { NULL, NULL, NULL } };
	struct store *s;
	struct err e = { 0 };
	int rc, n = atoi(limit);

	if (cli_parse(c, c->argc, c->argv, opts) != 0)
		return EXIT_USAGE;
	if (n <= 0) {
		report_msg(_("--limit '%s': give a positive number"), limit);
		return EXIT_USAGE;
	}
	if (cli_open(c, STORE_READONLY, &s, &e) != 0)
		return cli_fail(&e);
	rc = store_audit_page(s, 0, user, record, n, cli_print_audit, NULL, &e);
	store_close(s);
	return rc != 0 ? cli_fail(&e) : EXIT_OK;
}

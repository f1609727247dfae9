/* standing: every figure of the report (figures.h), for a district and each
 * commune below it and for a commune database, with and without a period,
 * equals an independent reading of the same SQLite file. The expected values
 * are computed here from first principles: the units below by a recursive
 * CTE over the unit table, joins instead of EXISTS, grouping and platform
 * splitting in C loops, the period as BETWEEN. A figure added to figures[]
 * without an entry in `checks` below fails the test. Plan task counts are read
 * from task and task_progress here too; tombstones never count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <time.h>

#include "socds/job-demo.h"
#include "socds/figures.h"
#include "socds/job-report.h"
#include "socds/period.h"
#include "socds/job-standing.h"
#include "socds/store.h"
#include "socds/store-record.h"
#include "socds/tasks.h"
#include "socds/job-tasks.h"
#include "socds/text.h"
#include "socds/job-units.h"
#include "test-util.h"

struct fx {
	TU_FX_FIELDS;			/* dir (test-util.h) */
	char district_db[PATH_MAX + 32];
	char commune_db[PATH_MAX + 32];
	char changed_db[PATH_MAX + 32];
	char tally_db[PATH_MAX + 32];
};

/* ------------------------------------------------------------ fixtures --- */

static int
make_demo(const char *path, const char *unit, uint64_t seed)
{
	struct store *s;
	struct demo_counts n;
	struct err e = { 0 };
	struct demo_opts o = { .unit = unit, .scale = 1, .seed = seed, .datadir = tu_srcdir() };

	/* The order of `socds demo`: units, plan tasks, then the demo records. */
	if (store_open(path, STORE_CREATE, &s, &e) != 0 || units_load(s, tu_srcdir(), &e) != 0 ||
	    tasks_load(s, tu_srcdir(), &e) != 0 || demo_build(s, &o, &n, &e) != 0) {
		print_error("demo %s: %s\n", unit ? unit : "(default)", e.msg);
		return -1;
	}
	store_close(s);
	return 0;
}

static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, false, NULL);

	snprintf(f->district_db, sizeof f->district_db, "%s/district.db", f->dir);
	snprintf(f->commune_db, sizeof f->commune_db, "%s/commune.db", f->dir);
	snprintf(f->changed_db, sizeof f->changed_db, "%s/changed.db", f->dir);
	snprintf(f->tally_db, sizeof f->tally_db, "%s/tally.db", f->dir);
	/* Huyện Phù Cát (548, the old district still at work) and one of its communes. */
	if (make_demo(f->district_db, "548", 11) != 0 || make_demo(f->commune_db, "21853", 5) != 0 ||
	    make_demo(f->changed_db, "21853", 5) != 0 || make_demo(f->tally_db, "548", 17) != 0)
		return -1;
	*state = f;
	return 0;
}

#define teardown tu_teardown

/* ----------------------------------------------- the independent reader --- */

struct xrow {
	char key[160];
	double value, denom;
	unsigned char sort[256];	/* names: the name_sort blob, for the order */
	int sortlen;
};

struct expect {
	double value, denom;
	struct xrow *rows;
	size_t n, cap;
};

static void
x_free(struct expect *x)
{
	free(x->rows);
	memset(x, 0, sizeof *x);
}

static struct xrow *
x_append(struct expect *x, const char *key)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 16;
		x->rows = realloc(x->rows, x->cap * sizeof *x->rows);
		assert_non_null(x->rows);
	}
	memset(&x->rows[x->n], 0, sizeof x->rows[0]);
	snprintf(x->rows[x->n].key, sizeof x->rows[0].key, "%s", key);
	return &x->rows[x->n++];
}

/* Adds v to the row of `key` (NULL is the empty key), making it when new. */
static void
x_add(struct expect *x, const char *key, double v)
{
	const char *k = key ? key : "";

	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->rows[i].key, k) == 0) {
			x->rows[i].value += v;
			return;
		}
	x_append(x, k)->value = v;
}

/* What one figure is computed for: a read-only connection of its own. */
struct q {
	sqlite3 *h;
	const char *unit;
	bool has_period;
	const char *from, *to;
	bool own;		/* the unit's own records only, not those below it */
};

/* The unit and every unit below it, at any depth. */
#define BELOW "WITH RECURSIVE below(code) AS (SELECT :unit UNION" \
	" SELECT u.code FROM unit u JOIN below b ON u.parent_code = b.code) "

typedef void (*row_fn)(sqlite3_stmt *st, void *arg);

/* Runs sql (with `%s` replaced by the period condition on column `col`, or
 * nothing without a period) and calls fn for each row. */
static void
q_rows(struct q *q, const char *sql, const char *col, row_fn fn, void *arg)
{
	char text[4096], cond[160] = "";
	const char *at = strstr(sql, "%s");
	sqlite3_stmt *st;
	int rc, i;

	assert_non_null(at);
	if (col != NULL && q->has_period)
		snprintf(cond, sizeof cond, " AND %s BETWEEN :from AND :to", col);
	snprintf(text, sizeof text, "%.*s%s%s", (int)(at - sql), sql, cond, at + 2);
	/* The unit alone: `below` is the unit and nothing under it. */
	if (q->own && strncmp(text, BELOW, strlen(BELOW)) == 0) {
		char own[4096];
		snprintf(own, sizeof own, "WITH below(code) AS (SELECT :unit) %s",
		    text + strlen(BELOW));
		snprintf(text, sizeof text, "%s", own);
	} else if (q->own && strstr(text, "below") != NULL) {
		print_error("a check that reads below without BELOW first:\n%s\n", text);
		fail();
	}
	if (sqlite3_prepare_v2(q->h, text, -1, &st, NULL) != SQLITE_OK) {
		print_error("%s\n%s\n", text, sqlite3_errmsg(q->h));
		fail();
	}
	if ((i = sqlite3_bind_parameter_index(st, ":unit")) > 0)
		sqlite3_bind_text(st, i, q->unit, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":from")) > 0)
		sqlite3_bind_text(st, i, q->from, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":to")) > 0)
		sqlite3_bind_text(st, i, q->to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(st, arg);
	if (rc != SQLITE_DONE) {
		print_error("%s\n%s\n", text, sqlite3_errmsg(q->h));
		fail();
	}
	sqlite3_finalize(st);
}

static const char *
col_text(sqlite3_stmt *st, int c)
{
	return (const char *)sqlite3_column_text(st, c);
}

/* Row callbacks: count rows, sum a column, group by a column in C. */
static void
r_count(sqlite3_stmt *st, void *arg)
{
	(void)st;
	((struct expect *)arg)->value++;
}

static void
r_group(sqlite3_stmt *st, void *arg)
{
	x_add(arg, col_text(st, 0), 1);
}

static void
r_group_month(sqlite3_stmt *st, void *arg)
{
	char m[8];
	snprintf(m, sizeof m, "%.7s", col_text(st, 0));
	x_add(arg, m, sqlite3_column_double(st, 1));
}

static void
r_group_sum(sqlite3_stmt *st, void *arg)
{
	x_add(arg, col_text(st, 0), sqlite3_column_double(st, 1));
}

/* A row (thing, how many joined rows matched): value counts those with a
 * match, denom counts all. */
static void
r_matched(sqlite3_stmt *st, void *arg)
{
	struct expect *x = arg;
	x->denom++;
	if (sqlite3_column_int64(st, 1) > 0)
		x->value++;
}

static void
r_unmatched(sqlite3_stmt *st, void *arg)
{
	struct expect *x = arg;
	if (sqlite3_column_int64(st, 1) == 0)
		x->value++;
}

/* ------------------------------------------- each figure, independently --- */

/* People are counted as of the period's end, or today when that is earlier
 * or there is no period: an officer from in_post_from, else the decision
 * date, else the day the record was made, until in_post_until; a member from
 * joined_on (else the record's day) until left_on. */
#define T_ASOF "(CASE WHEN ifnull(:to, '') <> '' AND :to < date('now', 'localtime') THEN :to" \
	" ELSE date('now', 'localtime') END)"
#define T_IN_POST(s) " AND (CASE WHEN " s ".in_post_from IS NOT NULL THEN " s ".in_post_from" \
	" WHEN " s ".decision_date IS NOT NULL THEN " s ".decision_date ELSE date(" s \
	".created_at) END) <= " T_ASOF " AND NOT ifnull(" s ".in_post_until < " T_ASOF ", 0)"
#define T_IN_TEAM(m) " AND (CASE WHEN " m ".joined_on IS NULL THEN date(" m ".created_at)" \
	" ELSE " m ".joined_on END) <= " T_ASOF " AND NOT ifnull(" m ".left_on < " T_ASOF ", 0)"

static void
x_staff_focal_units(struct q *q, struct expect *x)
{
	/* Every current commune of the unit, with how many live focal points it has. */
	q_rows(q, BELOW "SELECT u.code, count(s.id) FROM unit u JOIN below b ON b.code = u.code"
	    " LEFT JOIN staff s ON s.unit_code = u.code AND s.deleted = 0 AND s.focal_point = 1"
	    T_IN_POST("s") " WHERE u.level = 'commune' AND u.status = 'current' GROUP BY u.code%s", NULL,
	    r_matched, x);
}

static void
x_staff_total(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT s.id FROM staff s JOIN below b ON b.code = s.unit_code"
	    " WHERE s.deleted = 0" T_IN_POST("s") "%s", NULL, r_count, x);
}

static void
x_staff_by_employment(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT s.employment FROM staff s JOIN below b ON b.code = s.unit_code"
	    " WHERE s.deleted = 0" T_IN_POST("s") "%s", NULL, r_group, x);
}

/* Codes joined by ';' (a set column): one row each, split here in C; an
 * empty set is the empty key. */
static void
r_codes(sqlite3_stmt *st, void *arg)
{
	const char *p = col_text(st, 0);

	if (p == NULL || *p == '\0') {
		x_add(arg, "", 1);
		return;
	}
	for (;;) {
		const char *semi = strchr(p, ';');
		char code[160];
		snprintf(code, sizeof code, "%.*s", (int)(semi ? (size_t)(semi - p) : strlen(p)), p);
		x_add(arg, code, 1);
		if (semi == NULL)
			break;
		p = semi + 1;
	}
}

/* A person is counted under each IT qualification held (schema v12). */
static void
x_staff_by_it(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT s.it_qualification FROM staff s JOIN below b"
	    " ON b.code = s.unit_code WHERE s.deleted = 0" T_IN_POST("s") "%s", NULL, r_codes, x);
}

/* Seed 003: a commune counts when a live focal point is dedicated or is a
 * department's officer. */
static void
x_staff_dedicated_focal_units(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT u.code, count(s.id) FROM unit u JOIN below b ON b.code = u.code"
	    " LEFT JOIN staff s ON s.unit_code = u.code AND s.deleted = 0 AND s.focal_point = 1"
	    " AND (s.employment = 'dedicated' OR s.focal_department = 1)" T_IN_POST("s")
	    " WHERE u.level = 'commune' AND u.status = 'current' GROUP BY u.code%s", NULL,
	    r_matched, x);
}

static void
x_network_members(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT s.id FROM staff s JOIN below b ON b.code = s.unit_code"
	    " WHERE s.deleted = 0 AND s.dt_network = 1" T_IN_POST("s") "%s", NULL, r_count, x);
	q_rows(q, BELOW "SELECT m.id FROM member m JOIN below b ON b.code = m.unit_code"
	    " WHERE m.deleted = 0" T_IN_TEAM("m") "%s", NULL, r_count, x);
}

/* Platforms are list codes joined by ';': split here, in C. */
static void
r_platforms(sqlite3_stmt *st, void *arg)
{
	struct expect *x = arg;
	const char *p = col_text(st, 0);

	x->denom++;
	if (p == NULL)
		return;
	for (;;) {
		const char *semi = strchr(p, ';');
		char code[160];
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		snprintf(code, sizeof code, "%.*s", (int)len, p);
		x_add(x, code, 1);
		if (semi == NULL)
			break;
		p = semi + 1;
	}
}

static void
x_network_platforms(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT s.platforms FROM staff s JOIN below b ON b.code = s.unit_code"
	    " WHERE s.deleted = 0 AND s.dt_network = 1" T_IN_POST("s") "%s", NULL, r_platforms, x);
	/* Each share is of every staff member in the network. */
	for (size_t i = 0; i < x->n; i++)
		x->rows[i].denom = x->denom;
}

static void
x_cdtt_network_members(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT m.id FROM member m JOIN below b ON b.code = m.unit_code"
	    " WHERE m.deleted = 0 AND m.dt_network = 1" T_IN_TEAM("m") "%s", NULL, r_count, x);
}

static void
x_cdtt_network_enterprise(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT m.id FROM member m JOIN below b ON b.code = m.unit_code"
	    " WHERE m.deleted = 0 AND m.dt_network = 1 AND (m.affiliation = 'business'"
	    " OR m.affiliation = 'bank_staff' OR m.affiliation = 'postal_telecom')" T_IN_TEAM("m")
	    "%s", NULL,
	    r_count, x);
}

static void
x_cdtt_network_platforms(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT m.platforms FROM member m JOIN below b ON b.code = m.unit_code"
	    " WHERE m.deleted = 0 AND m.dt_network = 1" T_IN_TEAM("m") "%s", NULL, r_platforms, x);
	for (size_t i = 0; i < x->n; i++)
		x->rows[i].denom = x->denom;
}

static void
x_training_certificates(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT p.id FROM training t JOIN below b ON b.code = t.unit_code"
	    " JOIN participant p ON p.training_id = t.id"
	    " WHERE t.deleted = 0 AND p.deleted = 0 AND p.certificate = 1%s", "t.start_date",
	    r_count, x);
}

static void
x_training_by_format(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT t.format FROM training t JOIN below b ON b.code = t.unit_code"
	    " WHERE t.deleted = 0%s", "t.start_date", r_group, x);
}

static void
x_training_by_topic(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT t.topic FROM training t JOIN below b ON b.code = t.unit_code"
	    " WHERE t.deleted = 0%s", "t.start_date", r_group, x);
}

static void
x_training_participants(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT p.id FROM training t JOIN below b ON b.code = t.unit_code"
	    " JOIN participant p ON p.training_id = t.id"
	    " WHERE t.deleted = 0 AND p.deleted = 0 AND p.attended = 1%s", "t.start_date",
	    r_count, x);
}

/* Live staff of the unit in post at the period's end, each with how many live
 * attended participations in live trainings (of any unit) starting from
 * 1 January of the period end's year to its end it has (the plans' yearly
 * coverage; with no period, any). */
#define TRAINED_JOIN BELOW "SELECT %s, count(t.id) FROM staff s JOIN below b ON" \
	" b.code = s.unit_code LEFT JOIN participant p ON p.staff_id = s.id AND p.deleted = 0" \
	" AND p.attended = 1 LEFT JOIN training t ON t.id = p.training_id AND t.deleted = 0" \
	" AND (ifnull(:to, '') = '' OR (t.start_date >= strftime('%%Y', :to) || '-01-01'" \
	" AND t.start_date <= :to))"

static void
x_training_trained_share(struct q *q, struct expect *x)
{
	char sql[2048];
	/* The period condition belongs to the join, so that the untrained stay. */
	snprintf(sql, sizeof sql, TRAINED_JOIN "%%s WHERE s.deleted = 0" T_IN_POST("s")
	    " GROUP BY s.id", "s.id");
	q_rows(q, sql, NULL, r_matched, x);
}

static void
r_untrained(sqlite3_stmt *st, void *arg)
{
	struct expect *x = arg;
	if (sqlite3_column_int64(st, 1) != 0)
		return;
	struct xrow *r = x_append(x, col_text(st, 0));
	int len = sqlite3_column_bytes(st, 2);
	r->value = 1;
	r->sortlen = len < (int)sizeof r->sort ? len : (int)sizeof r->sort;
	memcpy(r->sort, sqlite3_column_blob(st, 2), (size_t)r->sortlen);
	x->value++;
}

static void
x_training_untrained(struct q *q, struct expect *x)
{
	char sql[2048];
	snprintf(sql, sizeof sql, TRAINED_JOIN "%%s JOIN unit un ON un.code = s.unit_code"
	    " WHERE s.deleted = 0" T_IN_POST("s") " GROUP BY s.id", "s.full_name || ' — ' ||"
	    " un.name, count(t.id), s.name_sort");
	q_rows(q, sql, NULL, r_untrained, x);
}

static void
x_cdtt_teams(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT t.id FROM team t JOIN below b ON b.code = t.unit_code"
	    " WHERE t.deleted = 0%s", NULL, r_count, x);
}

static void
x_cdtt_members_by_affiliation(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT m.affiliation FROM member m JOIN below b ON b.code = m.unit_code"
	    " WHERE m.deleted = 0" T_IN_TEAM("m") "%s", NULL, r_group, x);
}

#define VILLAGE_TEAMS BELOW "SELECT v.id, count(t.id) FROM village v JOIN below b" \
	" ON b.code = v.unit_code LEFT JOIN team t ON t.village_id = v.id AND t.deleted = 0" \
	" WHERE v.deleted = 0 GROUP BY v.id%s"

static void
x_cdtt_villages_without_team(struct q *q, struct expect *x)
{
	q_rows(q, VILLAGE_TEAMS, NULL, r_unmatched, x);
}

static void
x_cdtt_village_coverage(struct q *q, struct expect *x)
{
	q_rows(q, VILLAGE_TEAMS, NULL, r_matched, x);
}

static void
x_cdtt_activities(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT a.id FROM activity a JOIN below b ON b.code = a.unit_code"
	    " WHERE a.deleted = 0%s", "a.held_on", r_count, x);
}

static void
x_cdtt_activities_by_kind(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT a.activity_kind FROM activity a JOIN below b"
	    " ON b.code = a.unit_code WHERE a.deleted = 0%s", "a.held_on", r_group, x);
}

static void
x_cdtt_activities_by_month(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT a.held_on, 1 FROM activity a JOIN below b ON b.code = a.unit_code"
	    " WHERE a.deleted = 0%s", "a.held_on", r_group_month, x);
}

static void
x_cdtt_helped_by_category(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT h.category, h.count FROM activity a JOIN below b"
	    " ON b.code = a.unit_code JOIN activity_help h ON h.activity_id = a.id"
	    " WHERE a.deleted = 0%s", "a.held_on", r_group_sum, x);
}

static void
x_cdtt_helped_by_month(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT a.held_on, h.count FROM activity a JOIN below b"
	    " ON b.code = a.unit_code JOIN activity_help h ON h.activity_id = a.id"
	    " WHERE a.deleted = 0%s", "a.held_on", r_group_month, x);
}

/* Shares of entered figures (statistic): per unit below that entered both,
 * for the year of the period's end, or without a period the latest year the
 * unit entered the denominator; value and denominator summed in C. */
static void
r_pair(sqlite3_stmt *st, void *arg)
{
	struct expect *x = arg;
	x->value += sqlite3_column_double(st, 1);
	x->denom += sqlite3_column_double(st, 2);
}

/* (:to is '' without a period.) */
#define STAT_THE_YEAR " AND ((:to <> '' AND d.year = CAST(strftime('%Y', :to) AS INTEGER))" \
	" OR (:to = '' AND NOT EXISTS (SELECT 1 FROM statistic l WHERE l.unit_code =" \
	" d.unit_code AND l.indicator = d.indicator AND l.deleted = 0 AND l.value > 0" \
	" AND l.year > d.year)))"
#define STAT_PAIR(num, den) BELOW "SELECT d.unit_code, n.value, d.value FROM statistic d" \
	" JOIN below b ON b.code = d.unit_code JOIN statistic n ON n.unit_code = d.unit_code" \
	" AND n.year = d.year AND n.deleted = 0 AND n.indicator = '" num "'" \
	" WHERE d.deleted = 0 AND d.indicator = '" den "' AND d.value > 0" STAT_THE_YEAR "%s"

static void
x_officials_trained(struct q *q, struct expect *x)
{
	q_rows(q, BELOW "SELECT d.unit_code, (SELECT count(DISTINCT s.id) FROM staff s"
	    " JOIN participant p ON p.staff_id = s.id AND p.deleted = 0 AND p.attended = 1"
	    " JOIN training t ON t.id = p.training_id AND t.deleted = 0 WHERE s.unit_code ="
	    " d.unit_code AND s.deleted = 0" T_IN_POST("s") " AND strftime('%Y', t.start_date) = CAST(d.year AS TEXT)"
	    " AND (:to = '' OR t.start_date <= :to)), d.value FROM statistic d JOIN below b"
	    " ON b.code = d.unit_code WHERE d.deleted = 0 AND d.indicator = 'officials'"
	    " AND d.value > 0" STAT_THE_YEAR "%s", NULL, r_pair, x);
}

static void
x_eid(struct q *q, struct expect *x)
{
	q_rows(q, STAT_PAIR("eid_adults", "population_15"), NULL, r_pair, x);
}

static void
x_dvc(struct q *q, struct expect *x)
{
	q_rows(q, STAT_PAIR("dvc_adults", "population_15"), NULL, r_pair, x);
}

static void
x_ehealth(struct q *q, struct expect *x)
{
	q_rows(q, STAT_PAIR("ehealth_people", "population"), NULL, r_pair, x);
}

static void
x_cashless(struct q *q, struct expect *x)
{
	q_rows(q, STAT_PAIR("cashless_adults", "population_15"), NULL, r_pair, x);
}

static void
x_fibre(struct q *q, struct expect *x)
{
	q_rows(q, STAT_PAIR("fibre_households", "households"), NULL, r_pair, x);
}

/* Every figure id with its independent reading. A figure of figures[] that
 * is not here fails the test: write its check when you add it. */
static const struct check {
	const char *id;
	void (*fn)(struct q *q, struct expect *x);
} checks[] = {
	{ "staff.focal_units", x_staff_focal_units },
	{ "staff.dedicated_focal_units", x_staff_dedicated_focal_units },
	{ "training.certificates", x_training_certificates },
	{ "cdtt.network_members", x_cdtt_network_members },
	{ "cdtt.network_enterprise", x_cdtt_network_enterprise },
	{ "cdtt.network_platforms", x_cdtt_network_platforms },
	{ "staff.total", x_staff_total },
	{ "staff.by_employment", x_staff_by_employment },
	{ "staff.by_it_qualification", x_staff_by_it },
	{ "network.members", x_network_members },
	{ "network.platforms", x_network_platforms },
	{ "training.by_format", x_training_by_format },
	{ "training.by_topic", x_training_by_topic },
	{ "training.participants", x_training_participants },
	{ "training.trained_share", x_training_trained_share },
	{ "training.untrained", x_training_untrained },
	{ "cdtt.teams", x_cdtt_teams },
	{ "training.officials_trained_share", x_officials_trained },
	{ "society.eid_share", x_eid },
	{ "society.dvc_share", x_dvc },
	{ "society.ehealth_share", x_ehealth },
	{ "society.cashless_share", x_cashless },
	{ "society.fibre_share", x_fibre },
	{ "cdtt.members_by_affiliation", x_cdtt_members_by_affiliation },
	{ "cdtt.villages_without_team", x_cdtt_villages_without_team },
	{ "cdtt.village_coverage", x_cdtt_village_coverage },
	{ "cdtt.activities", x_cdtt_activities },
	{ "cdtt.activities_by_kind", x_cdtt_activities_by_kind },
	{ "cdtt.activities_by_month", x_cdtt_activities_by_month },
	{ "cdtt.helped_by_category", x_cdtt_helped_by_category },
	{ "cdtt.helped_by_month", x_cdtt_helped_by_month },
};
#define NCHECKS (sizeof checks / sizeof checks[0])

static const struct check *
check_find(const char *id)
{
	for (size_t i = 0; i < NCHECKS; i++)
		if (strcmp(checks[i].id, id) == 0)
			return &checks[i];
	return NULL;
}

/* ------------------------------------------------------ the comparison --- */

struct ctx {
	const char *db;
	const char *what;	/* "district, 2026" for messages */
	int bad;		/* mismatches found */
};

#define MISMATCH(c, ...) do { \
	print_error("MISMATCH [%s] ", (c)->what); \
	print_error(__VA_ARGS__); \
	print_error("\n"); \
	(c)->bad++; \
} while (0)

static int
blob_cmp(const struct xrow *a, const struct xrow *b)
{
	int n = a->sortlen < b->sortlen ? a->sortlen : b->sortlen;
	int c = memcmp(a->sort, b->sort, (size_t)n);
	return c != 0 ? c : a->sortlen - b->sortlen;
}

static const struct list *
list_of(const struct standing *r, const char *name)
{
	for (int i = 0; name != NULL && i < r->nlists; i++)
		if (strcmp(r->lists[i].name, name) == 0)
			return &r->lists[i];
	return NULL;
}

static void
compare_cell(struct ctx *c, const struct standing *r, const struct standing_unit *ru,
    const struct figure *f, const struct standing_cell *cell, struct expect *x)
{
	const char *u = ru->u.code, *id = f->id;

	switch (f->shape) {
	case FIG_COUNT:
		if (cell->value != x->value)
			MISMATCH(c, "%s %s: value %.0f, expected %.0f", id, u, cell->value, x->value);
		if (cell->n != 0)
			MISMATCH(c, "%s %s: a count has %zu rows", id, u, cell->n);
		return;
	case FIG_SHARE:
		if (cell->value != x->value || cell->denom != x->denom)
			MISMATCH(c, "%s %s: %.0f/%.0f, expected %.0f/%.0f", id, u, cell->value,
			    cell->denom, x->value, x->denom);
		return;
	case FIG_NAMES: {
		size_t want_n = x->n < STANDING_MAX_NAMES ? x->n : STANDING_MAX_NAMES;
		if (cell->value != x->value)
			MISMATCH(c, "%s %s: %.0f names, expected %.0f", id, u, cell->value, x->value);
		if (cell->n != want_n || cell->more != x->n - want_n)
			MISMATCH(c, "%s %s: %zu names listed and %zu more, expected %zu and %zu", id, u,
			    cell->n, cell->more, want_n, x->n - want_n);
		/* Each name listed is one expected (as many times), in name_sort order. */
		const struct xrow *prev = NULL;
		bool *used = calloc(x->n + 1, sizeof *used);
		assert_non_null(used);
		for (size_t k = 0; k < cell->n; k++) {
			const struct xrow *hit = NULL;
			for (size_t j = 0; j < x->n && hit == NULL; j++)
				if (!used[j] && strcmp(x->rows[j].key, cell->rows[k].key) == 0) {
					used[j] = true;
					hit = &x->rows[j];
				}
			if (hit == NULL) {
				MISMATCH(c, "%s %s: unexpected name '%s'", id, u, cell->rows[k].key);
				continue;
			}
			if (prev != NULL && blob_cmp(prev, hit) > 0)
				MISMATCH(c, "%s %s: '%s' after '%s' is out of name order", id, u, hit->key,
				    prev->key);
			prev = hit;
		}
		free(used);
		return;
	}
	case FIG_BY:
	case FIG_SHARE_BY: {
		const struct list *l = list_of(r, f->list);
		int last = -1;
		if (f->list != NULL && l == NULL)
			MISMATCH(c, "%s: list %s not loaded", id, f->list);
		/* Fixed rows: a row beyond those the SQL finds is a zero, and every
		 * item of the list (every month of a period) has its row. */
		for (size_t k = 0; k < cell->n; k++) {
			bool found = false;
			for (size_t j = 0; j < x->n && !found; j++)
				found = strcmp(cell->rows[k].key, x->rows[j].key) == 0;
			if (!found && cell->rows[k].value != 0)
				MISMATCH(c, "%s %s: row '%s' is %.0f, expected none or 0", id, u,
				    cell->rows[k].key, cell->rows[k].value);
		}
		for (size_t li = 0; l != NULL && li < l->n; li++) {
			bool found = false;
			for (size_t k = 0; k < cell->n && !found; k++)
				found = strcmp(cell->rows[k].key, l->items[li].code) == 0;
			if (!found)
				MISMATCH(c, "%s %s: no row for list item '%s' (zeros are shown)", id, u,
				    l->items[li].code);
		}
		if (l == NULL && r->has_period && strstr(id, "by_month") != NULL) {
			int y, m1, m2;
			sscanf(r->period.from, "%4d-%2d", &y, &m1);
			sscanf(r->period.to, "%*4d-%2d", &m2);
			if (cell->n < (size_t)(m2 - m1 + 1))
				MISMATCH(c, "%s %s: %zu months, the period has %d", id, u, cell->n,
				    m2 - m1 + 1);
		}
		for (size_t j = 0; j < x->n; j++) {
			const struct standing_row *hit = NULL;
			for (size_t k = 0; k < cell->n && hit == NULL; k++)
				if (strcmp(cell->rows[k].key, x->rows[j].key) == 0)
					hit = &cell->rows[k];
			if (hit == NULL)
				MISMATCH(c, "%s %s: no row for key '%s' (expected %.0f)", id, u,
				    x->rows[j].key, x->rows[j].value);
			else if (hit->value != x->rows[j].value)
				MISMATCH(c, "%s %s [%s]: %.0f, expected %.0f", id, u, x->rows[j].key,
				    hit->value, x->rows[j].value);
			else if (f->shape == FIG_SHARE_BY && hit->denom != x->rows[j].denom)
				MISMATCH(c, "%s %s [%s]: of %.0f, expected of %.0f", id, u, x->rows[j].key,
				    hit->denom, x->rows[j].denom);
		}
		for (size_t k = 0; k < cell->n; k++) {
			/* No key twice; breakdowns in list order (unknown keys last), months in order. */
			for (size_t j = 0; j < k; j++)
				if (strcmp(cell->rows[j].key, cell->rows[k].key) == 0)
					MISMATCH(c, "%s %s: key '%s' twice", id, u, cell->rows[k].key);
			int at = l != NULL ? lists_find(l, cell->rows[k].key) : -1;
			if (l != NULL) {
				int pos = at < 0 ? 1 << 20 : at;
				if (pos < last)
					MISMATCH(c, "%s %s: key '%s' out of list order", id, u, cell->rows[k].key);
				last = pos;
			} else if (k > 0 && strcmp(cell->rows[k - 1].key, cell->rows[k].key) > 0)
				MISMATCH(c, "%s %s: key '%s' out of order", id, u, cell->rows[k].key);
		}
		return;
	}
	}
}

/* Plan tasks, read here: leaf tasks of the unit's province (or of none) whose
 * level lists the unit's level; the unit's latest live progress on each. */
struct xtask {
	char code[32], level[64], due[128], province[8], status[24];
	/* The latest progress up to the day the report counts as of: by the day
	 * it speaks of (evidence, else made), then its last change, then id. */
	char key[112];
	/* The latest progress recorded for the report's year (a yearly task's status). */
	char ystatus[24], ykey[112];
};

struct xtasks {
	struct xtask *t;
	size_t n;
	char year[5];
	char cut[11];	/* progress dated after this day does not count yet */
};

static void
r_task(sqlite3_stmt *st, void *arg)
{
	struct xtasks *xt = arg;
	struct xtask *t;

	xt->t = realloc(xt->t, (xt->n + 1) * sizeof *xt->t);
	assert_non_null(xt->t);
	t = &xt->t[xt->n++];
	memset(t, 0, sizeof *t);
	snprintf(t->code, sizeof t->code, "%s", col_text(st, 0));
	snprintf(t->level, sizeof t->level, "%s", col_text(st, 1) ? col_text(st, 1) : "");
	snprintf(t->due, sizeof t->due, "%s", col_text(st, 2) ? col_text(st, 2) : "");
	snprintf(t->province, sizeof t->province, "%s", col_text(st, 3) ? col_text(st, 3) : "");
}

static void
r_progress(sqlite3_stmt *st, void *arg)
{
	struct xtasks *xt = arg;
	const char *code = col_text(st, 0), *status = col_text(st, 1), *upd = col_text(st, 2),
	    *id = col_text(st, 3), *ev = col_text(st, 4), *made = col_text(st, 5);
	const char *dated = ev != NULL ? ev : made;
	char key[112];

	/* Recorded after the day the report counts as of: not yet. */
	if (strncmp(dated, xt->cut, 10) > 0)
		return;
	snprintf(key, sizeof key, "%.10s %s %s", dated, upd, id);
	for (size_t i = 0; i < xt->n; i++) {
		struct xtask *t = &xt->t[i];
		if (strcmp(t->code, code) != 0)
			continue;
		if (strncmp(dated, xt->year, 4) == 0 && strcmp(key, t->ykey) > 0) {
			snprintf(t->ystatus, sizeof t->ystatus, "%s", status);
			snprintf(t->ykey, sizeof t->ykey, "%s", key);
		}
		if (strcmp(key, t->key) > 0) {
			snprintf(t->status, sizeof t->status, "%s", status);
			snprintf(t->key, sizeof t->key, "%s", key);
		}
	}
}

static bool
level_lists(const char *levels, const char *level)
{
	size_t n = strlen(level);

	for (const char *p = levels; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, level, n) == 0)
			return true;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return false;
}

/* Whether the unit's territory lay in province `prov` before July 2025: one
 * of its old communes was there, or it is the province that took it over. */
static bool
old_province_of(sqlite3 *h, const char *unit, const char *prov)
{
	sqlite3_stmt *st;
	bool yes;

	assert_int_equal(sqlite3_prepare_v2(h, "SELECT 1 FROM unit_map WHERE new_code = ?1"
	    " AND old_province_code = ?2 UNION ALL SELECT 1 FROM unit WHERE code = ?2"
	    " AND level = 'province' AND successor_code = ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, prov, -1, SQLITE_STATIC);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

/* The unit's province, walking up the parents one query at a time. */
static void
province_of(sqlite3 *h, const char *unit, char out[8])
{
	char code[8];
	sqlite3_stmt *st;

	snprintf(code, sizeof code, "%s", unit);
	out[0] = '\0';
	for (int depth = 0; depth < 6 && code[0]; depth++) {
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT level, ifnull(parent_code, '') FROM unit"
		    " WHERE code = ?", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_finalize(st);
			return;
		}
		if (strcmp(col_text(st, 0), "province") == 0) {
			snprintf(out, 8, "%s", code);
			sqlite3_finalize(st);
			return;
		}
		snprintf(code, sizeof code, "%s", col_text(st, 1));
		sqlite3_finalize(st);
	}
}

static void
compare_tasks(struct ctx *c, sqlite3 *h, const struct standing *r, const struct standing_unit *ru)
{
	struct q q = { h, ru->u.code, false, NULL, NULL, false };
	struct xtasks xt = { NULL, 0, "", "" };
	struct task_counts want = { 0 };
	char prov[8];
	/* As of the period's end, or today when that is earlier. */
	const char *asof = r->has_period && strcmp(r->period.to, r->today) < 0 ? r->period.to :
	    r->today;
	/* A current commune was formed on 1 July 2025 (two-level administration). */
	bool formed_2025 = strcmp(ru->u.level, "commune") == 0 &&
	    strcmp(ru->u.status, "current") == 0;

	snprintf(xt.cut, sizeof xt.cut, "%s", asof);

	char ended_asof[11];
	/* A unit that ended stands as on its last day. */
	if (ru->u.abolished_on[0] != '\0' && strcmp(asof, ru->u.abolished_on) >= 0) {
		struct tm tm = { 0 };
		assert_non_null(strptime(ru->u.abolished_on, "%Y-%m-%d", &tm));
		tm.tm_mday -= 1;
		tm.tm_isdst = -1;
		timegm(&tm);
		strftime(ended_asof, sizeof ended_asof, "%Y-%m-%d", &tm);
		asof = ended_asof;
	}
	memcpy(xt.year, asof, 4);

	q_rows(&q, "SELECT code, level, due_text, province_code FROM task%s ORDER BY code", NULL,
	    r_task, &xt);
	q_rows(&q, "SELECT task_code, status, updated_at, id, evidence_date, created_at"
	    " FROM task_progress"
	    " WHERE unit_code = :unit AND deleted = 0%s", NULL, r_progress, &xt);
	province_of(h, ru->u.code, prov);
	for (size_t i = 0; i < xt.n; i++) {
		const struct xtask *t = &xt.t[i];
		char prefix[40];
		bool leaf = true;
		snprintf(prefix, sizeof prefix, "%s.", t->code);
		for (size_t j = 0; j < xt.n && leaf; j++)
			leaf = strncmp(xt.t[j].code, prefix, strlen(prefix)) != 0;
		if (!leaf || !level_lists(t->level, ru->u.level))
			continue;
		if (t->province[0] && strcmp(t->province, prov) != 0 &&
		    !old_province_of(h, ru->u.code, t->province))
			continue;
		const char *st = t->status[0] ? t->status : "not_started";
		struct due d;
		struct err e = { 0 };
		bool parsed = due_parse(t->due, &d, &e) == 0;
		if (formed_2025 && parsed && d.end[0] != '\0' && strcmp(d.end, "2025-07-01") < 0)
			continue;
		if (ru->u.abolished_on[0] != '\0' && parsed && d.start[0] != '\0' &&
		    strcmp(d.start, ru->u.abolished_on) >= 0)
			continue;
		if (parsed && d.kind == DUE_YEARLY)
			st = t->ystatus[0] ? t->ystatus : "not_started";
		want.total++;
		if (strcmp(st, "done") == 0)
			want.done++;
		else if (strcmp(st, "in_progress") == 0)
			want.in_progress++;
		else if (strcmp(st, "cancelled") != 0)
			want.not_started++;
		if (parsed && due_overdue(&d, st, asof))
			want.overdue++;
		/* The commune's own duties, a group of their own. */
		if (strncmp(t->code, "XA-", 3) == 0) {
			want.duties++;
			want.duties_done += strcmp(st, "done") == 0;
		}
	}
	free(xt.t);
	if (memcmp(&want, &ru->tasks, sizeof want) != 0)
		MISMATCH(c, "tasks %s: total %d done %d in progress %d not started %d overdue %d,"
		    " expected %d %d %d %d %d", ru->u.code, ru->tasks.total, ru->tasks.done,
		    ru->tasks.in_progress, ru->tasks.not_started, ru->tasks.overdue, want.total,
		    want.done, want.in_progress, want.not_started, want.overdue);
	if (strcmp(ru->u.level, "commune") == 0 && strcmp(ru->u.status, "current") == 0 &&
	    want.duties != 3)
		MISMATCH(c, "tasks %s: %d commune duties, expected 3", ru->u.code, want.duties);
	if (strcmp(ru->u.level, "commune") != 0 && want.duties != 0)
		MISMATCH(c, "tasks %s: %d commune duties at a %s", ru->u.code, want.duties,
		    ru->u.level);
}

static void
compare_unit_q(struct ctx *c, sqlite3 *h, const struct standing *r,
    const struct standing_unit *ru, bool own)
{
	struct q q = { h, ru->u.code, r->has_period, r->period.from, r->period.to, own };

	assert_non_null(ru->cell);
	for (int i = 0; i < nfigures; i++) {
		const struct check *k = check_find(figures[i].id);
		struct expect x = { 0 };
		if (k == NULL) {
			MISMATCH(c, "figure %s has no independent check in test_standing.c",
			    figures[i].id);
			continue;
		}
		/* A figure that ignores the period is the same with one. */
		struct q qq = q;
		qq.has_period = figures[i].period && r->has_period;
		k->fn(&qq, &x);
		compare_cell(c, r, ru, &figures[i], &ru->cell[i], &x);
		x_free(&x);
	}
	compare_tasks(c, h, r, ru);
}

static void
compare_unit(struct ctx *c, sqlite3 *h, const struct standing *r, const struct standing_unit *ru)
{
	compare_unit_q(c, h, r, ru, false);
}

/* The part of the total no row shows: staff under units that are neither
 * the unit itself nor within one of the units below it that the report lists. */
static void
r_number(sqlite3_stmt *st, void *arg)
{
	*(double *)arg = sqlite3_column_double(st, 0);
}

static void
compare_rest(struct ctx *c, sqlite3 *h, const struct standing *r)
{
	char sql[4096];
	size_t len;
	double want = 0, got, d;
	int fi = -1;
	struct q q = { h, r->total.u.code, false, NULL, NULL, false };

	len = (size_t)snprintf(sql, sizeof sql, "%s", BELOW ", listed(code) AS (SELECT :unit");
	for (size_t i = 0; i < r->nchild && len < sizeof sql - 64; i++)
		len += (size_t)snprintf(sql + len, sizeof sql - len, " UNION SELECT '%s'",
		    r->child[i].u.code);
	snprintf(sql + len, sizeof sql - len, "), shown(code) AS (SELECT code FROM listed UNION"
	    " SELECT u.code FROM unit u JOIN shown s ON u.parent_code = s.code AND s.code <> :unit)"
	    " SELECT count(*) FROM staff st JOIN below b ON b.code = st.unit_code WHERE"
	    " st.deleted = 0 AND st.unit_code NOT IN (SELECT code FROM shown)%%s");
	q_rows(&q, sql, NULL, r_number, &want);
	for (int i = 0; i < nfigures; i++)
		if (strcmp(figures[i].id, "staff.total") == 0)
			fi = i;
	assert_true(fi >= 0);
	standing_rest(r, fi, &got, &d);
	if (got != want)
		MISMATCH(c, "staff under former units (no row): %.0f, expected %.0f", got, want);
	/* The rows add up to the total (section I). */
	double sum = r->own.cell[fi].value + got;
	for (size_t i = 0; i < r->nchild; i++)
		sum += r->child[i].cell[fi].value;
	if (sum != r->total.cell[fi].value)
		MISMATCH(c, "staff rows add up to %.0f, the total is %.0f", sum,
		    r->total.cell[fi].value);
}

/* The units below `unit` a report lists: its current communes (and districts). */
static void
r_child(sqlite3_stmt *st, void *arg)
{
	struct expect *x = arg;
	x_append(x, col_text(st, 0));
}

static void
today_local(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* standing_build on db for unit (NULL: home) and period (NULL: all), every
 * cell compared; returns the number of mismatches. */
static int
check_db(const char *db, const char *unit, const char *period, int *nchild_out)
{
	struct store *s;
	struct standing r;
	struct period p;
	struct err e = { 0 };
	struct ctx c = { db, NULL, 0 };
	char what[256], before[11], after[11];
	sqlite3 *h;

	if (period != NULL) {
		assert_int_equal(period_parse(period, &p, &e), 0);
	}
	assert_int_equal(store_open(db, STORE_READONLY, &s, &e), 0);
	today_local(before);
	if (standing_build(s, tu_srcdir(), unit, period ? &p : NULL, &r, &e) != 0) {
		print_error("standing_build: %s\n", e.msg);
		fail();
	}
	today_local(after);
	store_close(s);
	snprintf(what, sizeof what, "%s, unit %s, period %s", strrchr(db, '/') + 1,
	    r.total.u.code, period ? period : "all");
	c.what = what;
	/* The report's day is the officer's local day. */
	if (strcmp(r.today, before) != 0 && strcmp(r.today, after) != 0)
		MISMATCH(&c, "today %s, expected %s", r.today, after);
	assert_int_equal(r.has_period, period != NULL);

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	compare_unit(&c, h, &r, &r.total);

	/* A row per unit below: the current communes of the unit, each checked. */
	struct expect kids = { 0 };
	struct q q = { h, r.total.u.code, false, NULL, NULL, false };
	q_rows(&q, "SELECT code FROM unit WHERE parent_code = :unit AND (status = 'current'"
	    " OR level = 'district')%s ORDER BY code", NULL, r_child, &kids);
	if (strcmp(r.total.u.level, "commune") == 0 && r.nchild != 0)
		MISMATCH(&c, "a commune has %zu units below it", r.nchild);
	else if (strcmp(r.total.u.level, "commune") != 0 && r.nchild != kids.n)
		MISMATCH(&c, "%zu units below, expected %zu", r.nchild, kids.n);
	for (size_t k = 0; k < r.nchild; k++) {
		bool found = false;
		for (size_t j = 0; j < kids.n; j++)
			found = found || strcmp(kids.rows[j].key, r.child[k].u.code) == 0;
		if (!found)
			MISMATCH(&c, "unit below %s is not a current unit below", r.child[k].u.code);
		if (k > 0 && text_compare(r.child[k - 1].u.name, strlen(r.child[k - 1].u.name),
		    r.child[k].u.name, strlen(r.child[k].u.name)) > 0)
			MISMATCH(&c, "units below not by name: %s before %s", r.child[k - 1].u.name,
			    r.child[k].u.name);
		compare_unit(&c, h, &r, &r.child[k]);
	}
	x_free(&kids);
	/* The office's own row: every figure of its own records, against SQL. */
	if (r.nchild > 0) {
		char own_what[300];
		snprintf(own_what, sizeof own_what, "%s, own records", what);
		c.what = own_what;
		if (strcmp(r.own.u.code, r.total.u.code) != 0)
			MISMATCH(&c, "own row is %s, expected %s", r.own.u.code, r.total.u.code);
		compare_unit_q(&c, h, &r, &r.own, true);
		compare_rest(&c, h, &r);
		c.what = what;
	} else if (r.own.cell != NULL)
		MISMATCH(&c, "a report without units below has an own row");
	sqlite3_close(h);
	if (nchild_out != NULL)
		*nchild_out = (int)r.nchild;
	standing_free(&r);
	return c.bad;
}

/* --------------------------------------------------------------- tests --- */

static void
test_every_figure_has_a_check(void **state)
{
	int missing = 0;

	(void)state;
	for (int i = 0; i < nfigures; i++)
		if (check_find(figures[i].id) == NULL) {
			print_error("figure %s has no independent check in test_standing.c\n",
			    figures[i].id);
			missing++;
		}
	/* And no check for a figure that is gone. */
	for (size_t k = 0; k < NCHECKS; k++) {
		bool found = false;
		for (int i = 0; i < nfigures; i++)
			found = found || strcmp(figures[i].id, checks[k].id) == 0;
		if (!found) {
			print_error("check %s: no such figure\n", checks[k].id);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
	assert_true(nfigures > 0);
}

static void
test_period_2026(void **state)
{
	struct period p;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(period_parse("2026", &p, &e), 0);
	assert_string_equal(p.from, "2026-01-01");
	assert_string_equal(p.to, "2026-12-31");
	assert_string_equal(p.label, "2026");
}

/* Periods in words as official papers write them, and labels with a capital. */
static void
test_period_words(void **state)
{
	static const struct { const char *in, *words, *range; } cases[] = {
		{ "2026", "năm 2026", "từ ngày 01/01/2026 đến ngày 31/12/2026" },
		{ "Quý III/2026", "Quý III năm 2026", "từ ngày 01/07/2026 đến ngày 30/09/2026" },
		{ "2026-Q4", "Quý IV năm 2026", "từ ngày 01/10/2026 đến ngày 31/12/2026" },
		{ "11/2026", "tháng 11 năm 2026", "từ ngày 01/11/2026 đến ngày 30/11/2026" },
		{ "2028-02", "tháng 2 năm 2028", "từ ngày 01/02/2028 đến ngày 29/02/2028" },
	};
	char words[96], range[96], cap[64];
	struct period p;
	struct err e = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(period_parse(cases[i].in, &p, &e), 0);
		standing_period_words(&p, words, sizeof words, range, sizeof range);
		assert_string_equal(words, cases[i].words);
		assert_string_equal(range, cases[i].range);
	}
	standing_capital("cán bộ CĐS", cap, sizeof cap);
	assert_string_equal(cap, "Cán bộ CĐS");
	standing_capital("đã hoàn thành", cap, sizeof cap);
	assert_string_equal(cap, "Đã hoàn thành");
	standing_capital("ủy ban", cap, sizeof cap);
	assert_string_equal(cap, "Ủy ban");
	standing_capital("", cap, sizeof cap);
	assert_string_equal(cap, "");
}

static void
test_district_all(void **state)
{
	struct fx *f = *state;
	int nchild = 0;

	assert_int_equal(check_db(f->district_db, NULL, NULL, &nchild), 0);
	/* Huyện Phù Cát: its seven communes since July 2025. */
	assert_int_equal(nchild, 7);
}

static void
test_district_2026(void **state)
{
	struct fx *f = *state;
	int nchild = 0;

	assert_int_equal(check_db(f->district_db, NULL, "2026", &nchild), 0);
	assert_int_equal(nchild, 7);
}

static void
test_district_2025_q4(void **state)
{
	struct fx *f = *state;

	assert_int_equal(check_db(f->district_db, NULL, "2025-Q4", NULL), 0);
}

/* A commune of the district asked for by code in the district's database. */
static void
test_district_one_commune(void **state)
{
	struct fx *f = *state;
	int nchild = -1;

	assert_int_equal(check_db(f->district_db, "21859", "2026", &nchild), 0);
	assert_int_equal(nchild, 0);
}

static void
test_commune_all(void **state)
{
	struct fx *f = *state;
	int nchild = -1;

	assert_int_equal(check_db(f->commune_db, NULL, NULL, &nchild), 0);
	assert_int_equal(nchild, 0);
}

static void
test_commune_2026(void **state)
{
	struct fx *f = *state;

	assert_int_equal(check_db(f->commune_db, NULL, "2026", NULL), 0);
}

/* The figures are not all zero: the demo has something of every kind, so a
 * check comparing 0 with 0 everywhere cannot pass unnoticed. */
static void
test_figures_not_empty(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct standing r;
	struct err e = { 0 };

	/* All periods: the demo covers the year up to today, whatever today is. */
	assert_int_equal(store_open(f->district_db, STORE_READONLY, &s, &e), 0);
	assert_int_equal(standing_build(s, tu_srcdir(), NULL, NULL, &r, &e), 0);
	store_close(s);
	for (int i = 0; i < nfigures; i++) {
		const struct standing_cell *c = &r.total.cell[i];
		bool some = c->value > 0 || c->n > 0;
		/* Untrained staff and villages without a team may rightly be none. */
		if (strcmp(figures[i].id, "training.untrained") == 0 ||
		    strcmp(figures[i].id, "cdtt.villages_without_team") == 0)
			continue;
		if (!some)
			print_error("figure %s is empty on the district demo\n", figures[i].id);
		assert_true(some);
	}
	assert_true(r.total.tasks.total > 0);
	standing_free(&r);
}

static int64_t
x_count(const char *db, const char *id, const char *unit, const char *period)
{
	struct expect x = { 0 };
	struct period p;
	struct err e = { 0 };
	sqlite3 *h;
	const struct check *k = check_find(id);
	const struct figure *f = NULL;

	for (int i = 0; i < nfigures; i++)
		if (strcmp(figures[i].id, id) == 0)
			f = &figures[i];
	assert_non_null(k);
	assert_non_null(f);
	if (period != NULL)
		assert_int_equal(period_parse(period, &p, &e), 0);
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	struct q q = { h, unit, period != NULL && f->period, period ? p.from : NULL,
		period ? p.to : NULL, false };
	k->fn(&q, &x);
	sqlite3_close(h);
	int64_t v = (int64_t)x.value;
	x_free(&x);
	return v;
}

static double cell_get(const char *db, const char *id, const char *period, double *denom);

static double
cell_value(const char *db, const char *id, const char *period)
{
	return cell_get(db, id, period, NULL);
}

static double
cell_get(const char *db, const char *id, const char *period, double *denom)
{
	struct store *s;
	struct standing r;
	struct period p;
	struct err e = { 0 };
	double v = -1;

	if (period != NULL)
		assert_int_equal(period_parse(period, &p, &e), 0);
	assert_int_equal(store_open(db, STORE_READONLY, &s, &e), 0);
	assert_int_equal(standing_build(s, tu_srcdir(), NULL, period ? &p : NULL, &r, &e), 0);
	store_close(s);
	for (int i = 0; i < nfigures; i++)
		if (strcmp(figures[i].id, id) == 0) {
			v = r.total.cell[i].value;
			if (denom != NULL)
				*denom = r.total.cell[i].denom;
		}
	standing_free(&r);
	return v;
}

/* The id and version of a live record picked by sql. */
static void
pick(const char *db, const char *sql, char id[UUID_STR_LEN], int64_t *version)
{
	sqlite3 *h;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		print_error("%s: %s\n", sql, sqlite3_errmsg(h));
		fail();
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		print_error("no row: %s\n", sql);
		fail();
	}
	snprintf(id, UUID_STR_LEN, "%s", col_text(st, 0));
	*version = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void
delete_one(const char *db, enum kind_id kind, const char *sql)
{
	struct store *s;
	struct err e = { 0 };
	char id[UUID_STR_LEN];
	int64_t version;

	pick(db, sql, id, &version);
	assert_int_equal(store_open(db, 0, &s, &e), 0);
	if (store_record_delete(s, &record_kinds[kind], id, version, &e) != 0) {
		print_error("delete %s: %s\n", id, e.msg);
		fail();
	}
	store_close(s);
}

/* Records deleted through the store (tombstones that travel upward) count no
 * more: each figure they fed goes down, and every figure still equals the
 * independent reading (which skips deleted = 1). A staff member with no
 * employment recorded shows under the empty key. */
/* The year most activities were held in (the demo covers the year up to today). */
#define BUSY_YEAR "(SELECT substr(held_on, 1, 4) FROM activity GROUP BY 1 ORDER BY count(*) DESC" \
	" LIMIT 1)"

static void
test_tombstones_do_not_count(void **state)
{
	struct fx *f = *state;
	const char *db = f->changed_db;
	char Y[8];
	/* The year with the most activities: the demo covers the year up to today. */
	{
		sqlite3 *h;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT " BUSY_YEAR, -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(Y, sizeof Y, "%s", col_text(st, 0));
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	double staff = cell_value(db, "staff.total", NULL);
	double acts = cell_value(db, "cdtt.activities", Y);
	double teams = cell_value(db, "cdtt.teams", NULL);
	double parts = cell_value(db, "training.participants", Y);
	double trained = cell_value(db, "training.trained_share", Y);
	double helped = 0, helped_after = 0, covered_of = 0;
	double covered = cell_get(db, "cdtt.village_coverage", NULL, &covered_of);
	char sql[1024];

	/* The citizens helped by the activity about to go. */
	snprintf(sql, sizeof sql, "SELECT total(count) FROM activity_help WHERE activity_id ="
	    " (SELECT id FROM activity WHERE deleted = 0 AND substr(held_on, 1, 4) = " BUSY_YEAR
	    " AND id IN"
	    " (SELECT activity_id FROM activity_help WHERE count > 0) ORDER BY id LIMIT 1)");
	helped = (double)tu_sql_int(db, sql);
	assert_true(helped > 0);

	/* The first live staff member, and whether they were trained in that year. */
	char sid[UUID_STR_LEN];
	int64_t sver;
	pick(db, "SELECT id, version FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1", sid, &sver);
	snprintf(sql, sizeof sql, "SELECT count(*) > 0 FROM participant p, training t WHERE"
	    " t.id = p.training_id AND p.staff_id = '%s' AND p.deleted = 0 AND p.attended = 1"
	    " AND t.deleted = 0 AND substr(t.start_date, 1, 4) = " BUSY_YEAR,
	    sid);
	int64_t was_trained = tu_sql_int(db, sql);
	delete_one(db, KIND_STAFF, "SELECT id, version FROM staff WHERE deleted = 0 ORDER BY id"
	    " LIMIT 1");
	delete_one(db, KIND_ACTIVITY, "SELECT id, version FROM activity WHERE deleted = 0 AND"
	    " substr(held_on, 1, 4) = " BUSY_YEAR " AND id IN (SELECT activity_id FROM activity_help"
	    " WHERE"
	    " count > 0) ORDER BY id LIMIT 1");
	/* A team goes with its live activities (issue 13): those of that year count no more. */
	int64_t team_acts = tu_sql_int(db, "SELECT count(*) FROM activity WHERE deleted = 0 AND"
	    " substr(held_on, 1, 4) = " BUSY_YEAR " AND team_id = (SELECT id FROM team WHERE"
	    " deleted = 0 AND village_id IS NOT NULL ORDER BY id LIMIT 1)");
	int64_t team_acts_all = tu_sql_int(db, "SELECT count(*) FROM activity WHERE deleted = 0"
	    " AND team_id = (SELECT id FROM team WHERE deleted = 0 AND village_id IS NOT NULL"
	    " ORDER BY id LIMIT 1)");
	delete_one(db, KIND_TEAM, "SELECT id, version FROM team WHERE deleted = 0 AND village_id"
	    " IS NOT NULL ORDER BY id LIMIT 1");
	/* A training of that year with staff who attended it: its participants count no more. */
	static const char *const pick_training = "SELECT t.id, t.version FROM training t WHERE"
	    " t.deleted = 0 AND substr(t.start_date, 1, 4) = " BUSY_YEAR " AND t.id IN (SELECT"
	    " training_id FROM"
	    " participant WHERE deleted = 0 AND attended = 1 AND staff_id IS NOT NULL)"
	    " ORDER BY t.id DESC LIMIT 1";
	char trid[UUID_STR_LEN];
	int64_t trver;
	pick(db, pick_training, trid, &trver);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM participant WHERE training_id = '%s' AND"
	    " deleted = 0 AND attended = 1", trid);
	int64_t lost = tu_sql_int(db, sql);
	assert_true(lost > 0);
	delete_one(db, KIND_TRAINING, pick_training);
	/* A village with no live team (one with a team is refused, issue 13): coverage
	 * loses one village of those counted. */
	delete_one(db, KIND_VILLAGE, "SELECT v.id, v.version FROM village v WHERE v.deleted = 0 AND"
	    " v.id NOT IN (SELECT village_id FROM team WHERE deleted = 0 AND village_id IS NOT"
	    " NULL) ORDER BY v.id LIMIT 1");
	/* Every attended participation in that year of one trained, live staff member: the
	 * participants lose that many, the trained share one more. */
	char tid[UUID_STR_LEN];
	int64_t tver, nk;
	pick(db, "SELECT s.id, s.version FROM staff s JOIN participant p ON p.staff_id = s.id JOIN"
	    " training t ON t.id = p.training_id WHERE s.deleted = 0 AND p.deleted = 0 AND"
	    " p.attended = 1 AND t.deleted = 0 AND substr(t.start_date, 1, 4) = " BUSY_YEAR
	    " ORDER BY s.id LIMIT 1",
	    tid, &tver);
	snprintf(sql, sizeof sql, "SELECT p.id, p.version FROM participant p JOIN training t ON"
	    " t.id = p.training_id WHERE p.staff_id = '%s' AND p.deleted = 0 AND p.attended = 1"
	    " AND t.deleted = 0 AND substr(t.start_date, 1, 4) = " BUSY_YEAR " ORDER BY p.id LIMIT 1",
	    tid);
	for (nk = 0; nk < 50; nk++) {
		char cnt[1200];
		snprintf(cnt, sizeof cnt, "SELECT count(*) FROM (%.*s)", (int)(strlen(sql) - 8), sql);
		if (tu_sql_int(db, cnt) == 0)
			break;
		delete_one(db, KIND_PARTICIPANT, sql);
	}
	assert_true(nk > 0);
	assert_int_equal(tu_sql_int(db, "SELECT (SELECT count(*) FROM staff WHERE deleted = 1) +"
	    " (SELECT count(*) FROM team WHERE deleted = 1) +"
	    " (SELECT count(*) FROM village WHERE deleted = 1) + (SELECT count(*) FROM training"
	    " WHERE deleted = 1)"), 4);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity WHERE deleted = 1"),
	    1 + team_acts_all);
	/* The staff member's, the training's, the team's members' participations too. */
	assert_true(tu_sql_int(db, "SELECT count(*) FROM participant WHERE deleted = 1") >=
	    nk + lost);

	/* One staff member with no employment recorded (NULL): the empty key. */
	{
		sqlite3 *h;
		assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_exec(h, "UPDATE staff SET employment = NULL WHERE id ="
		    " (SELECT id FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1)", NULL, NULL,
		    NULL), SQLITE_OK);
		sqlite3_close(h);
	}

	assert_true(cell_value(db, "staff.total", NULL) == staff - 1);
	assert_true(cell_value(db, "cdtt.activities", Y) == acts - 1 - (double)team_acts);
	assert_true(cell_value(db, "cdtt.teams", NULL) == teams - 1);
	assert_true(cell_value(db, "training.participants", Y) <= parts - (double)(nk + lost));
	assert_true(cell_value(db, "training.participants", Y) == (double)tu_sql_int(db,
	    "SELECT count(*) FROM participant p JOIN training t ON t.id = p.training_id WHERE"
	    " p.deleted = 0 AND p.attended = 1 AND t.deleted = 0 AND substr(t.start_date, 1, 4) = "
	    BUSY_YEAR));
	/* The deleted staff member (if trained) and the one whose only participation went. */
	/* (Staff trained only by the deleted training are untrained now too.) */
	assert_true(cell_value(db, "training.trained_share", Y) <=
	    trained - 1 - (double)was_trained);
	assert_int_equal(x_count(db, "staff.total", "21853", NULL), (int64_t)staff - 1);
	{
		double of = 0, v = cell_get(db, "cdtt.village_coverage", NULL, &of);
		/* The deleted team's village may have lost its only team. */
		assert_true(of == covered_of - 1);
		assert_true(v == covered || v == covered - 1);
	}

	/* Citizens helped went down by that activity's numbers. */
	{
		struct store *s;
		struct standing r;
		struct period p;
		struct err e = { 0 };
		assert_int_equal(period_parse(Y, &p, &e), 0);
		assert_int_equal(store_open(db, STORE_READONLY, &s, &e), 0);
		assert_int_equal(standing_build(s, tu_srcdir(), NULL, &p, &r, &e), 0);
		store_close(s);
		for (int i = 0; i < nfigures; i++) {
			if (strcmp(figures[i].id, "cdtt.helped_by_category") == 0)
				for (size_t k = 0; k < r.total.cell[i].n; k++)
					helped_after += r.total.cell[i].rows[k].value;
			if (strcmp(figures[i].id, "staff.by_employment") == 0) {
				bool empty = false;
				for (size_t k = 0; k < r.total.cell[i].n; k++)
					empty = empty || r.total.cell[i].rows[k].key[0] == '\0';
				assert_true(empty);
			}
		}
		standing_free(&r);
		/* That activity's, and those of the deleted team. */
		snprintf(sql, sizeof sql, "SELECT total(h.count) FROM activity_help h JOIN activity a"
		    " ON a.id = h.activity_id WHERE substr(a.held_on, 1, 4) = " BUSY_YEAR);
		assert_true(helped_after <= (double)tu_sql_int(db, sql) - helped);
		snprintf(sql, sizeof sql, "SELECT total(h.count) FROM activity_help h JOIN activity a"
		    " ON a.id = h.activity_id WHERE a.deleted = 0 AND substr(a.held_on, 1, 4) = "
		    BUSY_YEAR);
		assert_true(helped_after == (double)tu_sql_int(db, sql));
	}

	/* And every figure still equals the independent reading. */
	assert_int_equal(check_db(db, NULL, NULL, NULL), 0);
	assert_int_equal(check_db(db, NULL, Y, NULL), 0);
}

/* Runs SQL statements on db as another program would (foreign keys on, as
 * socds has them, unless a statement turns them off). */
static void
sql_run(const char *db, const char *const *sql, size_t n)
{
	sqlite3 *h;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
	for (size_t i = 0; i < n; i++)
		if (sqlite3_exec(h, sql[i], NULL, NULL, &msg) != SQLITE_OK) {
			print_error("%s: %s\n", sql[i], msg);
			fail();
		}
	sqlite3_close(h);
}

/* The tallies (schema v7) hold exactly what counting the activities again gives. */
#define TALLY_RECOUNT "SELECT unit_code, substr(held_on, 1, 7), ifnull(activity_kind, ''), count(*)" \
	" FROM activity WHERE deleted = 0 GROUP BY 1, 2, 3"
#define HELP_RECOUNT "SELECT a.unit_code, substr(a.held_on, 1, 7), h.category, count(*)," \
	" sum(h.count) FROM activity_help h JOIN activity a ON a.id = h.activity_id" \
	" WHERE a.deleted = 0 GROUP BY 1, 2, 3"
#define MEMBER_RECOUNT "SELECT unit_code, ifnull(affiliation, ''), count(*) FROM member" \
	" WHERE deleted = 0 GROUP BY 1, 2"

static void
tallies_recount(const char *db)
{
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM (" TALLY_RECOUNT
	    " EXCEPT SELECT * FROM activity_tally)"), 0);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM (SELECT * FROM activity_tally"
	    " EXCEPT " TALLY_RECOUNT ")"), 0);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM (" HELP_RECOUNT
	    " EXCEPT SELECT * FROM activity_help_tally)"), 0);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM (SELECT * FROM activity_help_tally"
	    " EXCEPT " HELP_RECOUNT ")"), 0);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM (" MEMBER_RECOUNT
	    " EXCEPT SELECT * FROM member_tally)"), 0);
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM (SELECT * FROM member_tally"
	    " EXCEPT " MEMBER_RECOUNT ")"), 0);
}

/* Live activities, the nth in id order (n from 0). */
#define NTH_ACT(n) "(SELECT id FROM activity WHERE deleted = 0 ORDER BY id LIMIT 1 OFFSET " #n ")"

/* Activities, citizens helped and team members are read from tallies kept
 * by triggers: every way an activity, its helped lines or a member change
 * moves them as a recount would, and every figure still equals the
 * independent reading. */
static void
test_tallies_follow_every_change(void **state)
{
	struct fx *f = *state;
	const char *db = f->tally_db;
	static const char *const changes[] = {
		/* Moved to another commune and month; kind taken away, or empty. */
		"UPDATE activity SET unit_code = (SELECT code FROM unit WHERE parent_code = '548'"
		" AND status = 'current' AND code <> activity.unit_code ORDER BY code LIMIT 1),"
		" held_on = date(held_on, 'start of month', '-1 month') WHERE id = " NTH_ACT(0),
		"UPDATE activity SET activity_kind = NULL WHERE id = " NTH_ACT(1),
		"UPDATE activity SET activity_kind = '' WHERE id = " NTH_ACT(2),
		/* An update that changes nothing the tallies count. */
		"UPDATE activity SET description = 'x', version = version + 1 WHERE id = " NTH_ACT(3),
		/* Tombstoned (two), and one of them brought back (a merge can). */
		"UPDATE activity SET deleted = 1 WHERE id IN (SELECT id FROM activity WHERE"
		" deleted = 0 AND id IN (SELECT activity_id FROM activity_help) ORDER BY id"
		" LIMIT 2 OFFSET 4)",
		"UPDATE activity SET deleted = 0 WHERE id = (SELECT id FROM activity WHERE"
		" deleted = 1 ORDER BY id LIMIT 1)",
		/* Removed for good: its helped lines go with it (the cascade). */
		"DELETE FROM activity WHERE id = (SELECT id FROM activity WHERE deleted = 0 AND id IN"
		" (SELECT activity_id FROM activity_help) ORDER BY id DESC LIMIT 1)",
		/* Helped lines: more citizens, another category, replaced (as a save
		 * does), a line of 0 citizens, a line of a tombstoned activity. */
		"UPDATE activity_help SET count = count + 7 WHERE activity_id = (SELECT activity_id"
		" FROM activity_help ORDER BY activity_id LIMIT 1)",
		"UPDATE activity_help SET category = 'zz_other' WHERE (activity_id, category) ="
		" (SELECT activity_id, category FROM activity_help ORDER BY activity_id DESC,"
		" category LIMIT 1)",
		"DELETE FROM activity_help WHERE activity_id = (SELECT activity_id FROM activity_help"
		" ORDER BY activity_id LIMIT 1 OFFSET 100)",
		"INSERT INTO activity_help SELECT id, 'zz_zero', 0 FROM activity WHERE deleted = 0"
		" ORDER BY id LIMIT 1 OFFSET 10",
		"INSERT INTO activity_help SELECT id, 'zz_dead', 5 FROM activity WHERE deleted = 1"
		" ORDER BY id LIMIT 1",
		/* Team members: moved, affiliation taken away or changed, tombstoned,
		 * brought back, removed for good. */
		"UPDATE member SET unit_code = (SELECT code FROM unit WHERE parent_code = '548' AND"
		" status = 'current' AND code <> member.unit_code ORDER BY code LIMIT 1) WHERE id ="
		" (SELECT id FROM member WHERE deleted = 0 ORDER BY id LIMIT 1)",
		"UPDATE member SET affiliation = NULL WHERE id = (SELECT id FROM member WHERE"
		" deleted = 0 ORDER BY id LIMIT 1 OFFSET 1)",
		"UPDATE member SET affiliation = 'zz_other' WHERE id = (SELECT id FROM member WHERE"
		" deleted = 0 ORDER BY id LIMIT 1 OFFSET 2)",
		"UPDATE member SET deleted = 1 WHERE id IN (SELECT id FROM member WHERE deleted = 0"
		" ORDER BY id LIMIT 2 OFFSET 3)",
		"UPDATE member SET deleted = 0 WHERE id = (SELECT id FROM member WHERE deleted = 1"
		" ORDER BY id LIMIT 1)",
		"DELETE FROM member WHERE id = (SELECT id FROM member WHERE deleted = 0 AND id NOT IN"
		" (SELECT member_id FROM activity_member) AND id NOT IN (SELECT member_id FROM"
		" participant WHERE member_id IS NOT NULL) ORDER BY id DESC LIMIT 1)",
		/* A tool with foreign keys off: the activity goes and its lines stay,
		 * counting nowhere, until it comes back. */
		"PRAGMA foreign_keys = OFF",
		"CREATE TABLE gone AS SELECT * FROM activity WHERE deleted = 0 AND id IN"
		" (SELECT activity_id FROM activity_help) ORDER BY id LIMIT 1 OFFSET 20",
		"DELETE FROM activity WHERE id IN (SELECT id FROM gone)",
	};
	static const char *const back[] = {
		"PRAGMA foreign_keys = OFF",
		"INSERT INTO activity SELECT * FROM gone",
		"DROP TABLE gone",
	};
	char Y[8];

	snprintf(Y, sizeof Y, "%04lld", (long long)tu_sql_int(db, "SELECT " BUSY_YEAR));
	tallies_recount(db);
	sql_run(db, changes, sizeof changes / sizeof changes[0]);
	assert_true(tu_sql_int(db, "SELECT count(*) FROM activity_help WHERE activity_id"
	    " NOT IN (SELECT id FROM activity)") > 0);
	tallies_recount(db);
	assert_int_equal(check_db(db, NULL, NULL, NULL), 0);
	sql_run(db, back, sizeof back / sizeof back[0]);
	tallies_recount(db);
	assert_int_equal(check_db(db, NULL, NULL, NULL), 0);
	assert_int_equal(check_db(db, NULL, Y, NULL), 0);
	assert_int_equal(check_db(db, "21853", Y, NULL), 0);
	/* A line of 0 citizens is still a row of its category. */
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM activity_help_tally WHERE"
	    " category = 'zz_zero' AND rows = 1 AND total = 0"), 1);
}

/* Staff trained twice are trained once; a participation not attended,
 * deleted, of a deleted training, or of another year trains nobody. */
#define TRAINING_YEAR "(SELECT substr(start_date, 1, 4) FROM training WHERE deleted = 0" \
	" GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)"
/* Attended, live participations of staff member S (quoted) in live trainings of year Y. */
#define ATTENDED_IN "SELECT count(*) FROM participant p JOIN training t ON t.id = p.training_id" \
	" WHERE p.staff_id = %s AND p.deleted = 0 AND p.attended = 1 AND t.deleted = 0 AND" \
	" substr(t.start_date, 1, 4) = '%s'"
/* A made-up participation (id n) of staff S in the first training matching W that S is not in. */
#define JOIN_TRAINING "INSERT INTO participant(id, unit_code, created_at, updated_at," \
	" training_id, staff_id, attended, deleted) SELECT '00000000-0000-7000-8000-%012d'," \
	" t.unit_code, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', t.id, %s, %d, %d" \
	" FROM training t WHERE %s AND t.id NOT IN (SELECT training_id FROM participant" \
	" WHERE staff_id = %s) ORDER BY t.id LIMIT 1"

static void
test_trained_once(void **state)
{
	struct fx *f = *state;
	const char *db = f->tally_db;
	char Y[8], q[1024], tr[48], un[48], inY[80], inYun[200], a[7][1024];
	char id[UUID_STR_LEN];
	int64_t ver;
	double of0 = 0, of1 = 0, t0, t1;

	snprintf(Y, sizeof Y, "%04lld", (long long)tu_sql_int(db, "SELECT " TRAINING_YEAR));
	t0 = cell_get(db, "training.trained_share", Y, &of0);
	assert_true(t0 > 0 && t0 < of0);
	/* Those counted: live staff in post at the end of Y (or today, if earlier). */
	char live[400];
	snprintf(live, sizeof live, "s.deleted = 0 AND (SELECT min('%s-12-31', date('now',"
	    " 'localtime'))) BETWEEN ifnull(s.in_post_from, ifnull(s.decision_date,"
	    " date(s.created_at))) AND ifnull(s.in_post_until, '9999-12-31')", Y);
	/* tr: a staff member trained in Y; un: one who is not. */
	/* ... and who is not yet in some live training of Y (room for the second
	 * participation below). */
	snprintf(q, sizeof q, "SELECT s.id, s.version FROM staff s WHERE %s AND ("
	    ATTENDED_IN ") > 0 AND EXISTS (SELECT 1 FROM training t WHERE t.deleted = 0 AND"
	    " substr(t.start_date, 1, 4) = '%s' AND t.id NOT IN (SELECT training_id FROM"
	    " participant WHERE staff_id = s.id)) ORDER BY s.id LIMIT 1", live, "s.id", Y, Y);
	pick(db, q, id, &ver);
	snprintf(tr, sizeof tr, "'%s'", id);
	snprintf(q, sizeof q, "SELECT s.id, s.version FROM staff s WHERE %s AND ("
	    ATTENDED_IN ") = 0 ORDER BY s.id LIMIT 1", live, "s.id", Y);
	pick(db, q, id, &ver);
	snprintf(un, sizeof un, "'%s'", id);
	snprintf(inY, sizeof inY, "t.deleted = 0 AND substr(t.start_date, 1, 4) = '%s'", Y);

	/* tr trained a second time in Y. */
	snprintf(a[0], sizeof a[0], JOIN_TRAINING, 1, tr, 1, 0, inY, tr);
	/* un: not attended; a deleted participation; a training moved to another year.
	 * The trainings moved or deleted for un are never tr's: ids are random, and
	 * taking the first by id at times took tr's only training of Y (the flake
	 * that the clean-clone CI met twice). */
	snprintf(inYun, sizeof inYun, "%s AND t.id NOT IN (SELECT training_id FROM participant"
	    " WHERE staff_id = %s)", inY, tr);
	snprintf(a[1], sizeof a[1], JOIN_TRAINING, 2, un, 0, 0, inY, un);
	snprintf(a[2], sizeof a[2], JOIN_TRAINING, 3, un, 1, 1, inY, un);
	snprintf(a[3], sizeof a[3], JOIN_TRAINING, 4, un, 1, 0, inYun, un);
	snprintf(a[6], sizeof a[6], "UPDATE training SET start_date = date(start_date, '-3 years')"
	    " WHERE id = (SELECT training_id FROM participant WHERE id ="
	    " '00000000-0000-7000-8000-%012d')", 4);
	/* un attended a training of Y that is then deleted. */
	snprintf(a[4], sizeof a[4], JOIN_TRAINING, 5, un, 1, 0, inYun, un);
	snprintf(a[5], sizeof a[5], "UPDATE training SET deleted = 1 WHERE id = (SELECT"
	    " training_id FROM participant WHERE id = '00000000-0000-7000-8000-%012d')", 5);
	const char *const run[] = { a[0], a[1], a[2], a[3], a[4], a[5], a[6] };
	sql_run(db, run, sizeof run / sizeof run[0]);
	/* Every made-up participation was made. */
	assert_int_equal(tu_sql_int(db, "SELECT count(*) FROM participant WHERE id LIKE"
	    " '00000000-0000-7000-8000-%'"), 5);

	snprintf(q, sizeof q, ATTENDED_IN, tr, Y);
	assert_true(tu_sql_int(db, q) >= 2);
	snprintf(q, sizeof q, "SELECT count(*) FROM participant WHERE staff_id = %s AND id LIKE"
	    " '00000000-0000-7000-8000-%%'", un);
	assert_int_equal(tu_sql_int(db, q), 4);
	snprintf(q, sizeof q, ATTENDED_IN, un, Y);
	assert_int_equal(tu_sql_int(db, q), 0);
	/* The share: each officer once (the deleted training may have been the
	 * only one of some others); the untrained are the rest. */
	t1 = cell_get(db, "training.trained_share", Y, &of1);
	assert_true(of1 == of0);
	snprintf(q, sizeof q, "SELECT count(*) FROM staff s WHERE %s AND ("
	    ATTENDED_IN ") > 0", live, "s.id", Y);
	assert_true(t1 == (double)tu_sql_int(db, q));
	assert_true(cell_value(db, "training.untrained", Y) == of1 - t1);
	assert_int_equal(check_db(db, NULL, Y, NULL), 0);
	assert_int_equal(check_db(db, NULL, NULL, NULL), 0);
}

/* The activity tallies count whole months: a period cut inside a month is
 * refused, not miscounted. */
static int
no_row(const char *top, const char *key, double v, double d, void *arg)
{
	(void)top, (void)key, (void)v, (void)d, (void)arg;
	return 0;
}

static void
test_period_whole_months(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	const struct figure *acts = NULL;

	for (int i = 0; i < nfigures; i++)
		if (strcmp(figures[i].id, "cdtt.activities") == 0)
			acts = &figures[i];
	assert_non_null(acts);
	assert_int_equal(store_open(f->district_db, STORE_READONLY, &s, &e), 0);
	assert_int_equal(store_figure_run(s, acts, "548", "2026-02-01", "2026-02-28", no_row,
	    NULL, &e), 0);
	assert_int_equal(store_figure_run(s, acts, "548", "2028-02-01", "2028-02-29", no_row,
	    NULL, &e), 0);
	assert_int_equal(store_figure_run(s, acts, "548", NULL, "2026-12-31", no_row, NULL, &e),
	    0);
	assert_int_equal(store_figure_run(s, acts, "548", "2026-01-15", NULL, no_row, NULL, &e),
	    ERR_INVALID);
	assert_int_equal(store_figure_run(s, acts, "548", "2026-02-01", "2026-02-27", no_row,
	    NULL, &e), ERR_INVALID);
	assert_int_equal(store_figure_run(s, acts, "548", "2026-02-01", "2026-02-29", no_row,
	    NULL, &e), ERR_INVALID);
	store_close(s);
}

/* A deleted task progress is not the unit's latest: the task falls back to
 * the progress before it, or to not started. */
static void
add_progress(const char *db, const char *task, const char *status, const char *when)
{
	struct store *s;
	struct record r;
	struct err e = { 0 };

	assert_int_equal(record_init(&r, &record_kinds[KIND_TASK_PROGRESS]), 0);
	snprintf(r.unit_code, sizeof r.unit_code, "%s", "21853");
	assert_int_equal(record_set_by_name(&r, "task_code", task), 0);
	assert_int_equal(record_set_by_name(&r, "status", status), 0);
	if (when != NULL) {
		snprintf(r.created_at, sizeof r.created_at, "%s", when);
		snprintf(r.updated_at, sizeof r.updated_at, "%s", when);
	}
	assert_int_equal(store_open(db, 0, &s, &e), 0);
	if (store_record_insert(s, &r, &e) != 0) {
		print_error("insert progress: %s\n", e.msg);
		fail();
	}
	store_close(s);
	record_free(&r);
}

static void
tasks_of(const char *db, struct task_counts *t)
{
	struct store *s;
	struct standing r;
	struct err e = { 0 };

	assert_int_equal(store_open(db, STORE_READONLY, &s, &e), 0);
	assert_int_equal(standing_build(s, tu_srcdir(), NULL, NULL, &r, &e), 0);
	store_close(s);
	*t = r.total.tasks;
	standing_free(&r);
}

/* The unit's latest progress on a task is what counts: a newer one replaces
 * it, an older one does not, and a deleted one falls back to the one before
 * it (or to not started). */
static void
test_latest_progress_counts(void **state)
{
	struct fx *f = *state;
	const char *db = f->changed_db;
	struct task_counts t0, t1;
	char task[64] = "", sql[256];

	tasks_of(db, &t0);
	assert_true(t0.in_progress > 0);
	/* A task in progress: now done (newer), and an old "cancelled" that must not count. */
	{
		sqlite3 *h;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT task_code FROM task_progress WHERE"
		    " unit_code = '21853' AND deleted = 0 AND status = 'in_progress' ORDER BY"
		    " task_code LIMIT 1", -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(task, sizeof task, "%s", col_text(st, 0));
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	add_progress(db, task, "cancelled", "2020-01-01T00:00:00Z");
	add_progress(db, task, "done", NULL);
	tasks_of(db, &t1);
	assert_int_equal(t1.total, t0.total);
	assert_int_equal(t1.done, t0.done + 1);
	assert_int_equal(t1.in_progress, t0.in_progress - 1);
	assert_int_equal(check_db(db, NULL, NULL, NULL), 0);

	/* The newer one deleted: back to in progress. */
	snprintf(sql, sizeof sql, "SELECT id, version FROM task_progress WHERE task_code = '%s'"
	    " AND deleted = 0 AND status = 'done'", task);
	delete_one(db, KIND_TASK_PROGRESS, sql);
	tasks_of(db, &t1);
	assert_int_equal(t1.done, t0.done);
	assert_int_equal(t1.in_progress, t0.in_progress);

	/* Any done progress deleted: every count still equals the independent reading. */
	delete_one(db, KIND_TASK_PROGRESS, "SELECT id, version FROM task_progress WHERE"
	    " deleted = 0 AND status = 'done' ORDER BY id LIMIT 1");
	tasks_of(db, &t1);
	assert_int_equal(t1.done, t0.done - 1);
	assert_int_equal(check_db(db, NULL, NULL, NULL), 0);
}

/* The report's format, for `socds report --format` and the report screen:
 * by name, else by the file's extension; text unless it says otherwise. */
static void
test_report_format(void **state)
{
	static const struct {
		const char *name, *path;
		bool ok;
		enum report_format f;
	} cases[] = {
		{ "text", "a.xlsx", true, REPORT_TEXT }, { "csv", NULL, true, REPORT_CSV },
		{ "xlsx", "-", true, REPORT_XLSX }, { "txt", NULL, false, REPORT_TEXT },
		{ "XLSX", NULL, false, REPORT_TEXT }, { "", NULL, false, REPORT_TEXT },
		{ NULL, NULL, true, REPORT_TEXT }, { NULL, "baocao.csv", true, REPORT_CSV },
		{ NULL, "dir/BAOCAO.XLSX", true, REPORT_XLSX }, { NULL, "r.txt", true, REPORT_TEXT },
		{ NULL, "r.pdf", true, REPORT_TEXT }, { NULL, "x.csv/report", true, REPORT_TEXT },
		{ NULL, "xlsx", true, REPORT_TEXT }, { NULL, "-", true, REPORT_TEXT },
	};
	struct err e = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum report_format f = REPORT_NFORMATS;
		bool ok = job_report_format(cases[i].name, cases[i].path, &f);
		if (ok != cases[i].ok || (ok && f != cases[i].f))
			fail_msg("case %zu (%s, %s): %d %d", i, cases[i].name ? cases[i].name : "NULL",
			    cases[i].path ? cases[i].path : "NULL", ok, (int)f);
	}
	for (int f = 0; f < REPORT_NFORMATS; f++) {
		enum report_format back;
		assert_true(job_report_format(job_report_format_name(f), NULL, &back));
		assert_int_equal(back, f);
		char name[32];
		snprintf(name, sizeof name, "r.%s", job_report_format_ext(f));
		assert_true(job_report_format(NULL, name, &back));
		assert_int_equal(back, f);
	}
	/* XLSX is a file, never standard output. */
	assert_int_equal(job_report_write(NULL, REPORT_XLSX, NULL, 0, &e), ERR_USAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_figure_has_a_check),
		cmocka_unit_test(test_period_2026),
		cmocka_unit_test(test_period_words),
		cmocka_unit_test(test_district_all),
		cmocka_unit_test(test_district_2026),
		cmocka_unit_test(test_district_2025_q4),
		cmocka_unit_test(test_district_one_commune),
		cmocka_unit_test(test_commune_all),
		cmocka_unit_test(test_commune_2026),
		cmocka_unit_test(test_figures_not_empty),
		cmocka_unit_test(test_tombstones_do_not_count),
		cmocka_unit_test(test_latest_progress_counts),
		cmocka_unit_test(test_tallies_follow_every_change),
		cmocka_unit_test(test_trained_once),
		cmocka_unit_test(test_period_whole_months),
		cmocka_unit_test(test_report_format),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

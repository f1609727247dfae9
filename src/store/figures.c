/* figures: every number of the report and the dashboard, defined once: the
 * rule in words beside the SQL that makes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/figures.h"
#include "socds/i18n.h"

/* Every figure reads the units of the report at once: ?1 and each unit
 * directly below it (the tops), its rows grouped by top in the first column.
 * `scope(top, code)` lists the units within each top (STORE_SCOPE, put before
 * each query when it is prepared). */
#define IN_SCOPE(col) col " IN (SELECT code FROM scope)"
/* A date inside the report period; an open end is no limit. */
#define IN_PERIOD(col) "(?2 IS NULL OR " col " >= ?2) AND (?3 IS NULL OR " col " <= ?3)"
/* Counts made per unit (unit_code, n), each row read once, then summed for
 * every top the unit is within. */
#define PER_TOP(by_unit) "SELECT s.top, sum(g.n) FROM (" by_unit ") g" \
	" JOIN scope s ON s.code = g.unit_code GROUP BY s.top"
/* The same by key (unit_code, k, n); a missing key is ''. */
#define PER_TOP_BY(by_unit) "SELECT s.top, ifnull(g.k, ''), sum(g.n) FROM (" by_unit ") g" \
	" JOIN scope s ON s.code = g.unit_code GROUP BY 1, 2 ORDER BY 1, 2"
/* The day a report counts people as of: the period's end, or today when
 * that is earlier or there is no period (?3 is bound for every figure). */
#define ASOF "(SELECT min(ifnull(?3, '9999-12-31'), date('now', 'localtime')))"
/* An officer in post on ASOF: from in_post_from, or else the decision date,
 * or else the day the record was made; until in_post_until (that day too). */
#define IN_POST(st) "coalesce(" st ".in_post_from, " st ".decision_date, substr(" st \
	".created_at, 1, 10)) <= " ASOF " AND (" st ".in_post_until IS NULL OR " st \
	".in_post_until >= " ASOF ")"
/* A team member on ASOF: from joined_on (or the day the record was made)
 * until left_on. */
#define IN_TEAM(m) "coalesce(" m ".joined_on, substr(" m ".created_at, 1, 10)) <= " ASOF \
	" AND (" m ".left_on IS NULL OR " m ".left_on >= " ASOF ")"
/* Training coverage is yearly, as the plans set it: a training that started
 * from 1 January of the period end's year to the period's end (a month or a
 * quarter shows the progress towards the year); with no period, any. */
#define IN_YEAR_TO_END(col) "(?3 IS NULL OR " col " BETWEEN substr(?3, 1, 4) || '-01-01'" \
	" AND ?3) AND (?2 IS NULL OR ?3 IS NOT NULL OR " col " >= ?2)"
/* A DT officer trained in the year to the period's end. */
#define TRAINED(st) "EXISTS (SELECT 1 FROM participant p JOIN training t ON t.id = p.training_id" \
	" WHERE p.staff_id = " st ".id AND p.deleted = 0 AND p.attended = 1 AND t.deleted = 0 AND " \
	IN_YEAR_TO_END("t.start_date") ")"
/* Live network staff within each top: their number, and each distinct list
 * of platforms with how many have it (json_each then splits each list once,
 * not once per officer). */
#define NETWORK(what, by) "SELECT s.top, " what " FROM (SELECT unit_code, platforms," \
	" count(*) AS n FROM staff WHERE deleted = 0 AND dt_network = 1 AND " \
	IN_SCOPE("unit_code") " AND " IN_POST("staff") " GROUP BY 1, 2) g" \
	" JOIN scope s ON s.code = g.unit_code GROUP BY " by
/* The codes of a set column (codes joined by ';', as COL_SET keeps them),
 * one row each in j.value; an empty or NULL set is one row ''. */
#define SET_CODES(col) "json_each('[\"' || replace(ifnull(" col ", ''), ';', '\",\"')" \
	" || '\"]') j"
/* Live team members in the DT network within each top, as NETWORK for staff
 * (the partial index member_network holds exactly them). */
#define MEMBER_NETWORK(what, by) "SELECT s.top, " what " FROM (SELECT unit_code, platforms," \
	" count(*) AS n FROM member WHERE deleted = 0 AND dt_network = 1 AND " \
	IN_SCOPE("unit_code") " AND " IN_TEAM("member") " GROUP BY 1, 2) g" \
	" JOIN scope s ON s.code = g.unit_code GROUP BY " by
/* Team members whose affiliation is an enterprise (seed 003: "Lãnh đạo và
 * nhân sự của các doanh nghiệp ... được cử tham gia Mạng lưới CĐS"). */
#define ENTERPRISE(col) col " IN ('postal_telecom', 'bank_staff', 'business')"
/* Activities and citizens helped come from activity_tally and
 * activity_help_tally: the live rows counted per unit and month, kept by
 * triggers (schema v7). A year of a district is a million activities, too
 * many to count at each report. A
 * month is in the period when its days are: the period is whole months
 * (store_figure_run checks). */
#define IN_MONTHS(col) "(?2 IS NULL OR " col " >= substr(?2, 1, 7)) AND" \
	" (?3 IS NULL OR " col " <= substr(?3, 1, 7))"

/* Figures entered per unit and year (statistic, schema v13). The year of a
 * report is the year its period ends in; a report of all data takes, for
 * each unit, the latest year it entered the denominator for. */
#define STAT_YEAR(d, den) "ifnull(CAST(substr(?3, 1, 4) AS INTEGER), (SELECT max(y.year) FROM" \
	" statistic y WHERE y.unit_code = " d ".unit_code AND y.indicator = '" den "'" \
	" AND y.deleted = 0 AND y.value > 0))"
/* A share of two entered figures: each unit that entered both for the year
 * (the denominator above 0) counts its numerator of its denominator; a unit
 * missing either counts in neither, so a top where none entered them has no
 * row ("not entered"). Each figure is the unit's own: an office enters only
 * what is its own (its officials), never its communes' sum again. */
#define ENTERED_SHARE(num, den) "SELECT s.top, sum(n.value), sum(d.value) FROM statistic d" \
	" JOIN statistic n ON n.unit_code = d.unit_code AND n.year = d.year AND n.indicator = '" \
	num "' AND n.deleted = 0 JOIN scope s ON s.code = d.unit_code WHERE d.deleted = 0 AND" \
	" d.indicator = '" den "' AND d.value > 0 AND " IN_SCOPE("d.unit_code") " AND d.year = " \
	STAT_YEAR("d", den) " GROUP BY s.top"

const struct figure figures[] = {
	/* --- staffing: those in post at the period's end (ASOF) --- */
	{ "staff.focal_units", SEC_STAFFING, FIG_SHARE,
	    N_("Communes with at least one DT focal point"), NULL, false, 100,
	    N_("current communes of the unit with a live staff record marked focal point and in "
	    "post at the period's end, of all its current communes"),
	    "SELECT s.top, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM staff st WHERE"
	    " st.unit_code = u.code AND st.deleted = 0 AND st.focal_point = 1 AND " IN_POST("st")
	    ")), count(*)"
	    " FROM scope s JOIN unit u ON u.code = s.code"
	    " WHERE u.level = 'commune' AND u.status = 'current' GROUP BY s.top" },
	/* Seed 003: at least one dedicated officer, or a department, as focal point. */
	{ "staff.dedicated_focal_units", SEC_STAFFING, FIG_SHARE,
	    N_("Communes with a dedicated DT focal point (a dedicated officer or a department)"),
	    NULL, false, 100,
	    N_("current communes of the unit with a live staff record marked focal point, in post "
	    "at the period's end and either dedicated or focal point as a department, of all its "
	    "current communes"),
	    "SELECT s.top, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM staff st WHERE"
	    " st.unit_code = u.code AND st.deleted = 0 AND st.focal_point = 1 AND"
	    " (st.employment = 'dedicated' OR st.focal_department = 1) AND " IN_POST("st")
	    ")), count(*)"
	    " FROM scope s JOIN unit u ON u.code = s.code"
	    " WHERE u.level = 'commune' AND u.status = 'current' GROUP BY s.top" },
	{ "staff.total", SEC_STAFFING, FIG_COUNT, N_("DT staff"), NULL, false, 0,
	    N_("live staff records in post at the period's end (or today)"),
	    PER_TOP("SELECT unit_code, count(*) AS n FROM staff WHERE deleted = 0 AND "
	    IN_SCOPE("unit_code") " AND " IN_POST("staff") " GROUP BY 1") },
	{ "staff.by_employment", SEC_STAFFING, FIG_BY, N_("DT staff: dedicated or concurrent"),
	    "employment", false, 0, N_("live staff records in post at the period's end, by employment"),
	    PER_TOP_BY("SELECT unit_code, employment AS k, count(*) AS n FROM staff"
	    " WHERE deleted = 0 AND " IN_SCOPE("unit_code") " AND " IN_POST("staff")
	    " GROUP BY 1, 2") },
	{ "staff.by_it_qualification", SEC_STAFFING, FIG_BY,
	    N_("DT staff by IT qualification held (one person may hold several)"),
	    "it_qualification", false, 0,
	    N_("live staff records in post at the period's end under each IT qualification they "
	    "hold (a person with two counts under both, so the rows may add up to more than the "
	    "staff)"),
	    /* Each distinct set of a unit once, then split. */
	    PER_TOP_BY("SELECT g.unit_code, j.value AS k, sum(g.n) AS n FROM (SELECT unit_code,"
	    " it_qualification AS q, count(*) AS n FROM staff WHERE deleted = 0 AND "
	    IN_SCOPE("unit_code") " AND " IN_POST("staff") " GROUP BY 1, 2) g, " SET_CODES("g.q")
	    " GROUP BY 1, 2") },
	{ "network.members", SEC_STAFFING, FIG_COUNT, N_("DT network members"), NULL, false, 0,
	    N_("staff marked as DT network members, plus every live CDTT team member (the plans "
	    "count every team member in the network), in post at the period's end"),
	    PER_TOP("SELECT unit_code, count(*) AS n FROM staff WHERE deleted = 0 AND"
	    " dt_network = 1 AND " IN_SCOPE("unit_code") " AND " IN_POST("staff") " GROUP BY 1"
	    " UNION ALL SELECT unit_code, count(*) FROM member m WHERE deleted = 0 AND "
	    IN_SCOPE("unit_code") " AND " IN_TEAM("m") " GROUP BY 1") },
	{ "network.platforms", SEC_STAFFING, FIG_SHARE_BY,
	    N_("Staff in the DT network with access to each national platform"), "platform", false,
	    100, N_("staff in the DT network whose platforms include it, of all staff in the "
	    "network"),
	    "SELECT n.top, j.value, sum(n.n), d.n FROM (" NETWORK("g.platforms, sum(g.n) AS n", "1, 2")
	    ") n JOIN (" NETWORK("sum(g.n) AS n", "1") ") d ON d.top = n.top,"
	    " json_each('[\"' || replace(n.platforms, ';', '\",\"') || '\"]') j"
	    " WHERE n.platforms IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2" },

	/* --- training in the period --- */
	{ "training.by_format", SEC_TRAINING, FIG_BY, N_("Training sessions by format"),
	    "training_format", true, 0, N_("live trainings starting in the period, by format"),
	    PER_TOP_BY("SELECT unit_code, format AS k, count(*) AS n FROM training"
	    " WHERE deleted = 0 AND " IN_SCOPE("unit_code") " AND " IN_PERIOD("start_date")
	    " GROUP BY 1, 2") },
	{ "training.by_topic", SEC_TRAINING, FIG_BY, N_("Training sessions by topic"),
	    "training_topic", true, 0, N_("live trainings starting in the period, by topic"),
	    PER_TOP_BY("SELECT unit_code, topic AS k, count(*) AS n FROM training"
	    " WHERE deleted = 0 AND " IN_SCOPE("unit_code") " AND " IN_PERIOD("start_date")
	    " GROUP BY 1, 2") },
	{ "training.participants", SEC_TRAINING, FIG_COUNT, N_("Participants (attended)"), NULL,
	    true, 0, N_("live participant records marked attended, of trainings starting in the "
	    "period"),
	    PER_TOP("SELECT t.unit_code, count(*) AS n FROM training t JOIN participant p ON"
	    " p.training_id = t.id WHERE t.deleted = 0 AND " IN_SCOPE("t.unit_code") " AND "
	    IN_PERIOD("t.start_date") " AND p.deleted = 0 AND p.attended = 1 GROUP BY 1") },
	{ "training.certificates", SEC_TRAINING, FIG_COUNT,
	    N_("Certificates issued (participations)"), NULL, true, 0,
	    N_("live participant records marked certificate, of trainings starting in the period"),
	    PER_TOP("SELECT t.unit_code, count(*) AS n FROM training t JOIN participant p ON"
	    " p.training_id = t.id WHERE t.deleted = 0 AND " IN_SCOPE("t.unit_code") " AND "
	    IN_PERIOD("t.start_date") " AND p.deleted = 0 AND p.certificate = 1 GROUP BY 1") },
	{ "training.trained_share", SEC_TRAINING, FIG_SHARE,
	    N_("DT staff trained at least once, year to date"), NULL, true, 100,
	    N_("live staff in post at the period's end who attended at least one training "
	    "(organised by any unit) starting from 1 January of that year to the period's end, "
	    "of all of them: the plans' target is yearly"),
	    "SELECT s.top, sum(g.n), sum(g.d) FROM (SELECT st.unit_code, count(*) FILTER (WHERE "
	    TRAINED("st") ") AS n, count(*) AS d FROM staff st WHERE st.deleted = 0 AND "
	    IN_SCOPE("st.unit_code") " AND " IN_POST("st") " GROUP BY 1) g"
	    " JOIN scope s ON s.code = g.unit_code"
	    " GROUP BY s.top" },
	{ "training.untrained", SEC_TRAINING, FIG_NAMES,
	    N_("DT staff not yet trained this year"), NULL, true, 0,
	    N_("the staff counted as not trained above, in official name order"),
	    "SELECT s.top, st.full_name || ' — ' || u.name FROM staff st"
	    " JOIN unit u ON u.code = st.unit_code JOIN scope s ON s.code = st.unit_code"
	    " WHERE st.deleted = 0 AND " IN_SCOPE("st.unit_code") " AND " IN_POST("st")
	    " AND NOT " TRAINED("st")
	    " ORDER BY s.top, st.name_sort" },

	/* --- community digital technology teams --- */
	{ "cdtt.teams", SEC_CDTT, FIG_COUNT, N_("CDTT teams"), NULL, false, 0,
	    N_("live teams"),
	    PER_TOP("SELECT unit_code, count(*) AS n FROM team WHERE deleted = 0 AND "
	    IN_SCOPE("unit_code") " GROUP BY 1") },
	{ "cdtt.members_by_affiliation", SEC_CDTT, FIG_BY, N_("Team members by affiliation"),
	    "member_affiliation", false, 0,
	    N_("live team members in the team at the period's end, by affiliation"),
	    PER_TOP_BY("SELECT unit_code, affiliation AS k, count(*) AS n FROM member m"
	    " WHERE deleted = 0 AND " IN_SCOPE("unit_code") " AND " IN_TEAM("m")
	    " GROUP BY 1, 2") },
	{ "cdtt.network_members", SEC_CDTT, FIG_COUNT, N_("Team members in the DT network"), NULL,
	    false, 0, N_("live team members in the team at the period's end marked as DT network members"),
	    MEMBER_NETWORK("sum(g.n)", "s.top") },
	{ "cdtt.network_enterprise", SEC_CDTT, FIG_COUNT,
	    N_("Team members from enterprises in the DT network"), NULL, false, 0,
	    N_("live team members marked as DT network members whose affiliation is a postal or "
	    "telecom company, a bank or a business or cooperative"),
	    PER_TOP("SELECT unit_code, count(*) AS n FROM member WHERE deleted = 0 AND"
	    " dt_network = 1 AND " ENTERPRISE("affiliation") " AND " IN_SCOPE("unit_code")
	    " AND " IN_TEAM("member") " GROUP BY 1") },
	{ "cdtt.network_platforms", SEC_CDTT, FIG_SHARE_BY,
	    N_("Team members in the DT network with access to each national platform"),
	    "platform", false, 100,
	    N_("team members in the DT network whose platforms include it, of all team members "
	    "in the network"),
	    "SELECT n.top, j.value, sum(n.n), d.n FROM (" MEMBER_NETWORK("g.platforms,"
	    " sum(g.n) AS n", "1, 2") ") n JOIN (" MEMBER_NETWORK("sum(g.n) AS n", "1")
	    ") d ON d.top = n.top, " SET_CODES("n.platforms")
	    " WHERE n.platforms IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2" },
	{ "cdtt.villages_without_team", SEC_CDTT, FIG_COUNT, N_("Villages without a team"), NULL,
	    false, 0, N_("live villages that no live team is attached to"),
	    PER_TOP("SELECT v.unit_code, count(*) AS n FROM village v WHERE v.deleted = 0 AND "
	    IN_SCOPE("v.unit_code") " AND NOT EXISTS (SELECT 1 FROM team t WHERE"
	    " t.village_id = v.id AND t.deleted = 0) GROUP BY 1") },
	{ "cdtt.village_coverage", SEC_CDTT, FIG_SHARE, N_("Villages with a team"), NULL, false,
	    100, N_("live villages with a live team, of all live villages"),
	    "SELECT s.top, sum(g.n), sum(g.d) FROM (SELECT v.unit_code, count(*) FILTER (WHERE"
	    " EXISTS (SELECT 1 FROM team t WHERE t.village_id = v.id AND t.deleted = 0)) AS n,"
	    " count(*) AS d FROM village v WHERE v.deleted = 0 AND " IN_SCOPE("v.unit_code")
	    " GROUP BY 1) g JOIN scope s ON s.code = g.unit_code GROUP BY s.top" },
	{ "cdtt.activities", SEC_CDTT, FIG_COUNT, N_("Team activities"), NULL, true, 0,
	    N_("live activities held in the period"),
	    PER_TOP("SELECT unit_code, sum(n) AS n FROM activity_tally WHERE "
	    IN_SCOPE("unit_code") " AND " IN_MONTHS("month") " GROUP BY 1") },
	{ "cdtt.activities_by_kind", SEC_CDTT, FIG_BY, N_("Activities by kind"), "activity_kind",
	    true, 0, N_("live activities held in the period, by kind"),
	    PER_TOP_BY("SELECT unit_code, activity_kind AS k, sum(n) AS n FROM activity_tally"
	    " WHERE " IN_SCOPE("unit_code") " AND " IN_MONTHS("month") " GROUP BY 1, 2") },
	{ "cdtt.activities_by_month", SEC_CDTT, FIG_BY, N_("Activities by month"), NULL, true, 0,
	    N_("live activities held in the period, by month (yyyy-mm)"),
	    PER_TOP_BY("SELECT unit_code, month AS k, sum(n) AS n FROM activity_tally WHERE "
	    IN_SCOPE("unit_code") " AND " IN_MONTHS("month") " GROUP BY 1, 2") },
	{ "cdtt.helped_by_category", SEC_CDTT, FIG_BY, N_("Citizens helped (visits), by category"),
	    "help_category", true, 0,
	    N_("sum of citizens helped recorded on live activities held in the period, by category"),
	    PER_TOP_BY("SELECT unit_code, category AS k, sum(total) AS n FROM activity_help_tally"
	    " WHERE " IN_SCOPE("unit_code") " AND " IN_MONTHS("month") " GROUP BY 1, 2") },
	{ "cdtt.helped_by_month", SEC_CDTT, FIG_BY, N_("Citizens helped (visits), by month"), NULL, true, 0,
	    N_("sum of citizens helped on live activities held in the period, by month"),
	    PER_TOP_BY("SELECT unit_code, month AS k, sum(total) AS n FROM activity_help_tally"
	    " WHERE " IN_SCOPE("unit_code") " AND " IN_MONTHS("month") " GROUP BY 1, 2") },

	/* --- shares of entered figures against Bình Định's targets (seed 001,
	 * section II.2.2 "Mục tiêu đến năm 2025"; the 2023 targets of II.2.1 are
	 * lower) --- */
	{ "training.officials_trained_share", SEC_TRAINING, FIG_SHARE,
	    N_("Officials trained in basic digital skills this year"), NULL, true, 85,
	    N_("distinct live DT staff of the unit, in post at the period's end, who attended a "
	    "training starting in the report's year (up to the period's end), of the officials (cán bộ, công chức) the unit "
	    "entered for that year; a unit that entered no officials is not counted (\"not "
	    "entered\"); target: over 85% by 2025 (seed 001, II.2.2.1)"),
	    "SELECT s.top, sum(g.n), sum(g.d) FROM (SELECT d.unit_code, d.value AS d,"
	    " (SELECT count(*) FROM staff st WHERE st.unit_code = d.unit_code AND st.deleted = 0"
	    " AND " IN_POST("st") " AND EXISTS (SELECT 1 FROM participant p JOIN training t ON t.id = p.training_id"
	    " WHERE p.staff_id = st.id AND p.deleted = 0 AND p.attended = 1 AND t.deleted = 0"
	    " AND t.start_date >= d.year || '-01-01' AND t.start_date <= d.year || '-12-31'"
	    " AND (?3 IS NULL OR t.start_date <= ?3))) AS n FROM statistic d WHERE d.deleted = 0"
	    " AND d.indicator = 'officials' AND d.value > 0 AND " IN_SCOPE("d.unit_code")
	    " AND d.year = " STAT_YEAR("d", "officials") ") g JOIN scope s ON s.code = g.unit_code"
	    " GROUP BY s.top" },
	{ "society.eid_share", SEC_CDTT, FIG_SHARE,
	    N_("Adults (15+) with an electronic identity account (VNeID level 2)"), NULL, true, 50,
	    N_("people aged 15+ with an e-identity account, of the population aged 15+, as the "
	    "units entered them for the report's year; target: over 50% by 2025 (seed 001, "
	    "II.2.2.3)"), ENTERED_SHARE("eid_adults", "population_15") },
	{ "society.dvc_share", SEC_CDTT, FIG_SHARE,
	    N_("Adults (15+) with an online public-service account"), NULL, true, 80,
	    N_("people aged 15+ with an online public-service account, of the population aged "
	    "15+, as entered for the report's year; target: over 80% by 2025 (seed 001, II.2.2.3)"),
	    ENTERED_SHARE("dvc_adults", "population_15") },
	{ "society.ehealth_share", SEC_CDTT, FIG_SHARE,
	    N_("People with an electronic health record"), NULL, true, 90,
	    N_("people with an e-health record, of the whole population, as entered for the "
	    "report's year; target: over 90% by 2025 (seed 001, II.2.2.3)"),
	    ENTERED_SHARE("ehealth_people", "population") },
	{ "society.cashless_share", SEC_CDTT, FIG_SHARE,
	    N_("Adults (15+) with a payment account at a bank or other organisation"), NULL, true,
	    85, N_("people aged 15+ with a payment account, of the population aged 15+, as "
	    "entered for the report's year; target: over 85% by 2025 (seed 001, II.2.2.3)"),
	    ENTERED_SHARE("cashless_adults", "population_15") },
	{ "society.fibre_share", SEC_CDTT, FIG_SHARE,
	    N_("Households covered by fibre broadband"), NULL, true, 95,
	    N_("households covered by fibre broadband, of all households, as entered for the "
	    "report's year; target: over 95% by 2025 (seed 001, II.2.2.3)"),
	    ENTERED_SHARE("fibre_households", "households") },
};

const int nfigures = (int)(sizeof figures / sizeof figures[0]);

/* The shares over entered figures (above). */
static const char *const figures_entered[] = {
	"training.officials_trained_share", "society.eid_share", "society.dvc_share",
	"society.ehealth_share", "society.cashless_share", "society.fibre_share",
};

bool
figure_entered(const struct figure *f)
{
	for (size_t i = 0; i < sizeof figures_entered / sizeof figures_entered[0]; i++)
		if (strcmp(f->id, figures_entered[i]) == 0)
			return true;
	return false;
}

const char *
store_figure_scope(void)
{
	return STORE_SCOPE("?1");
}

/* The statement of figure f after the WITH clause `scope` (cached: the TUI
 * builds the report again at each visit). */
static sqlite3_stmt *
figures_stmt(struct store *s, const char *scope, const struct figure *f, struct err *e)
{
	size_t n = strlen(scope);
	sqlite3_stmt *st;
	char *sql;

	if ((sql = malloc(n + strlen(f->sql) + 1)) == NULL) {
		err_set(e, ERR_NOMEM, _("out of memory"));
		return NULL;
	}
	memcpy(sql, scope, n);
	strcpy(sql + n, f->sql);
	st = store_cached(s, sql, e);
	free(sql);
	return st;
}

/* Is d (yyyy-mm-dd) the first day of its month, or (last) the last? */
static bool
figures_month_edge(const char *d, bool last)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, day, n;

	if (strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d", &y, &m, &day) != 3 || m < 1 || m > 12)
		return false;
	n = mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
	return day == (last ? n : 1);
}

static int figures_step(struct store *s, sqlite3_stmt *st, const struct figure *f,
    const char *unit, const char *from, const char *to,
    int (*fn)(const char *top, const char *key, double value, double denom, void *arg),
    void *arg, struct err *e);

/* Whole months only (IN_MONTHS): a period cut inside a month would be miscounted. */
static int
figures_check_period(const struct figure *f, const char *from, const char *to, struct err *e)
{
	if (f->period && ((from != NULL && !figures_month_edge(from, false)) ||
	    (to != NULL && !figures_month_edge(to, true))))
		return err_set(e, ERR_INVALID, _("%s: a report period is whole months, not %s to %s"),
		    f->id, from ? from : "…", to ? to : "…");
	return 0;
}

int
store_figure_run_own(struct store *s, const struct figure *f, const char *unit,
    const char *from, const char *to,
    int (*fn)(const char *top, const char *key, double value, double denom, void *arg),
    void *arg, struct err *e)
{
	/* The unit alone: one top, and its only unit is itself. */
	static const char scope[] = "WITH top(code) AS (VALUES (?1)),"
	    " scope(top, code) AS (VALUES (?1, ?1)) ";
	sqlite3_stmt *st;

	if (figures_check_period(f, from, to, e) != 0)
		return e->code;
	if ((st = figures_stmt(s, scope, f, e)) == NULL)
		return e->code;
	return figures_step(s, st, f, unit, from, to, fn, arg, e);
}

int
store_figure_run(struct store *s, const struct figure *f, const char *unit, const char *from,
    const char *to, int (*fn)(const char *top, const char *key, double value, double denom,
    void *arg), void *arg, struct err *e)
{
	sqlite3_stmt *st;

	if (figures_check_period(f, from, to, e) != 0)
		return e->code;
	if ((st = figures_stmt(s, STORE_SCOPE("?1"), f, e)) == NULL)
		return e->code;
	return figures_step(s, st, f, unit, from, to, fn, arg, e);
}

static int
figures_step(struct store *s, sqlite3_stmt *st, const struct figure *f, const char *unit,
    const char *from, const char *to,
    int (*fn)(const char *top, const char *key, double value, double denom, void *arg),
    void *arg, struct err *e)
{
	int rc, cols;

	store_bind_text(s, st, 1, unit, -1, SQLITE_TRANSIENT);
	if (f->period && from != NULL)
		store_bind_text(s, st, 2, from, -1, SQLITE_TRANSIENT);
	/* The period's end is the day every figure counts people as of (ASOF),
	 * so it is bound for every figure; one that does not use it ignores it. */
	if (to != NULL && sqlite3_bind_parameter_count(st) >= 3)
		store_bind_text(s, st, 3, to, -1, SQLITE_TRANSIENT);
	cols = sqlite3_column_count(st);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *top = (const char *)sqlite3_column_text(st, 0), *key = NULL;
		double v, d = 0;
		switch (f->shape) {
		case FIG_COUNT:
			v = sqlite3_column_double(st, 1);
			break;
		case FIG_SHARE:
			v = sqlite3_column_double(st, 1);
			d = sqlite3_column_double(st, 2);
			break;
		case FIG_NAMES:
			key = (const char *)sqlite3_column_text(st, 1);
			v = 1;
			break;
		default:
			key = (const char *)sqlite3_column_text(st, 1);
			v = sqlite3_column_double(st, 2);
			d = cols > 3 ? sqlite3_column_double(st, 3) : 0;
		}
		if (fn(top, key, v, d, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	/* Reset now: a statement left running holds its read snapshot. */
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, f->id);
}

int
store_task_list(struct store *s, const char *unit, const char *level, const char *year,
    const char *asof, const char *formed, int (*fn)(const struct task_row *t, void *arg), void *arg,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s,
	    /* The day a progress record speaks of: its evidence's, or when it was
	     * made. The status as of ?5 is the latest recorded up to that day. */
	    "WITH dated AS (SELECT task_code, id, status, updated_at,"
	    "  ifnull(evidence_date, substr(created_at, 1, 10)) AS day FROM task_progress"
	    "  WHERE unit_code = ?1 AND deleted = 0),"
	    " latest AS (SELECT task_code, id, status, row_number() OVER (PARTITION BY"
	    "  task_code ORDER BY day DESC, updated_at DESC, id DESC) AS n FROM dated"
	    "  WHERE day <= ?5),"
	    /* And the latest of year ?3 (up to ?5), for a yearly task. */
	    " latest_y AS (SELECT task_code, id, status, row_number() OVER (PARTITION BY"
	    "  task_code ORDER BY day DESC, updated_at DESC, id DESC) AS n FROM dated"
	    "  WHERE day <= ?5 AND substr(day, 1, 4) = ?3),"
	    /* A current commune was formed on ?4; other units are older than the plans. */
	    " me AS (SELECT CASE WHEN level = 'commune' AND status = 'current' THEN ?4 END"
	    "  AS formed, nullif(abolished_on, '') AS ended FROM unit WHERE code = ?1)"
	    " SELECT t.code, t.title, ifnull(t.lead_agency, ''), ifnull(t.due_text, ''),"
	    "  ifnull(l.status, 'not_started'), l.id, ifnull(ly.status, 'not_started'), ly.id"
	    " FROM task t LEFT JOIN latest l ON l.task_code = t.code AND l.n = 1"
	    " LEFT JOIN latest_y ly ON ly.task_code = t.code AND ly.n = 1"
	    " WHERE (',' || ifnull(t.level, '') || ',') LIKE '%,' || ?2 || ',%'"
	    /* The plan of the unit's own province (a task of no province is everyone's), */
	    " AND (t.province_code IS NULL OR t.province_code = (WITH RECURSIVE up(code, level,"
	    "  parent, depth) AS (SELECT code, level, parent_code, 0 FROM unit WHERE code = ?1"
	    "  UNION ALL SELECT u.code, u.level, u.parent_code, depth + 1 FROM unit u JOIN up"
	    "  ON u.code = up.parent WHERE depth < 4)"
	    "  SELECT code FROM up WHERE level = 'province' LIMIT 1)"
	    /* or of a province its territory lay in before July 2025: a commune's old
	     * communes' province, a province's merged predecessors. */
	    "  OR t.province_code IN (SELECT old_province_code FROM unit_map WHERE new_code = ?1)"
	    "  OR t.province_code IN (SELECT code FROM unit WHERE level = 'province'"
	    "   AND successor_code = ?1))"
	    /* Never a task due before the unit was formed. */
	    " AND (t.due_end IS NULL OR (SELECT formed FROM me) IS NULL"
	    "  OR t.due_end >= (SELECT formed FROM me))"
	    /* Nor a task that starts after it ended (a district after July 2025). */
	    " AND (t.due_start IS NULL OR (SELECT ended FROM me) IS NULL"
	    "  OR t.due_start < (SELECT ended FROM me))"
	    /* Group rows (those with sub-tasks) are headings, not tasks. */
	    " AND NOT EXISTS (SELECT 1 FROM task c WHERE c.code > t.code || '.'"
	    "  AND c.code < t.code || '/')"
	    " ORDER BY t.code", &st);

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "task");
	store_bind(s, st, "ttttt", unit, level, year, formed, asof);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		struct task_row t = {
			(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
			(const char *)sqlite3_column_text(st, 6), (const char *)sqlite3_column_text(st, 7),
			false, false,
		};
		if (fn(&t, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "task");
}

/* figures: every number of the report and the dashboard, defined once: the
 * rule in words beside the SQL that makes it. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/figures.h"
#include "socds/i18n.h"

/* The unit ?1 and the units below it (two levels: province > district > commune). */
#define WITHIN(col) STORE_WITHIN(col, "?1")
/* A date inside the report period; an open end is no limit. */
#define IN_PERIOD(col) "(?2 IS NULL OR " col " >= ?2) AND (?3 IS NULL OR " col " <= ?3)"
/* A DT officer trained in the period: attended a training that started in it. */
#define TRAINED(st) "EXISTS (SELECT 1 FROM participant p JOIN training t ON t.id = p.training_id" \
	" WHERE p.staff_id = " st ".id AND p.deleted = 0 AND p.attended = 1 AND t.deleted = 0 AND " \
	IN_PERIOD("t.start_date") ")"

const struct figure figures[] = {
	/* --- staffing: the state on the day of the report --- */
	{ "staff.focal_units", SEC_STAFFING, FIG_SHARE,
	    N_("Communes with at least one DT focal point"), NULL, false, 100,
	    N_("current communes of the unit with a live staff record marked focal point, of all "
	    "its current communes"),
	    "SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM staff s WHERE s.unit_code = u.code"
	    " AND s.deleted = 0 AND s.focal_point = 1)), count(*) FROM unit u"
	    " WHERE u.level = 'commune' AND u.status = 'current' AND " WITHIN("u.code") },
	{ "staff.total", SEC_STAFFING, FIG_COUNT, N_("DT staff"), NULL, false, 0,
	    N_("live staff records"),
	    "SELECT count(*) FROM staff WHERE deleted = 0 AND " WITHIN("unit_code") },
	{ "staff.by_employment", SEC_STAFFING, FIG_BY, N_("DT staff: dedicated or concurrent"),
	    "employment", false, 0, N_("live staff records by employment"),
	    "SELECT ifnull(employment, ''), count(*) FROM staff WHERE deleted = 0 AND "
	    WITHIN("unit_code") " GROUP BY 1 ORDER BY 1" },
	{ "staff.by_it_qualification", SEC_STAFFING, FIG_BY, N_("DT staff by IT qualification"),
	    "it_qualification", false, 0, N_("live staff records by IT qualification"),
	    "SELECT ifnull(it_qualification, ''), count(*) FROM staff WHERE deleted = 0 AND "
	    WITHIN("unit_code") " GROUP BY 1 ORDER BY 1" },
	{ "network.members", SEC_STAFFING, FIG_COUNT, N_("DT network members"), NULL, false, 0,
	    N_("staff marked as DT network members, plus every live CDTT team member (the plans "
	    "count every team member in the network)"),
	    "SELECT (SELECT count(*) FROM staff WHERE deleted = 0 AND dt_network = 1 AND "
	    WITHIN("unit_code") ") + (SELECT count(*) FROM member WHERE deleted = 0 AND "
	    WITHIN("unit_code") ")" },
	{ "network.platforms", SEC_STAFFING, FIG_SHARE_BY,
	    N_("Staff in the DT network with access to each national platform"), "platform", false,
	    100, N_("staff in the DT network whose platforms include it, of all staff in the "
	    "network"),
	    "SELECT j.value, count(*), (SELECT count(*) FROM staff WHERE deleted = 0 AND"
	    " dt_network = 1 AND " WITHIN("unit_code") ") FROM staff s, json_each('[\"' ||"
	    " replace(s.platforms, ';', '\",\"') || '\"]') j WHERE s.deleted = 0 AND"
	    " s.dt_network = 1 AND s.platforms IS NOT NULL AND " WITHIN("s.unit_code")
	    " GROUP BY 1 ORDER BY 1" },

	/* --- training in the period --- */
	{ "training.by_format", SEC_TRAINING, FIG_BY, N_("Training sessions by format"),
	    "training_format", true, 0, N_("live trainings starting in the period, by format"),
	    "SELECT ifnull(format, ''), count(*) FROM training WHERE deleted = 0 AND "
	    WITHIN("unit_code") " AND " IN_PERIOD("start_date") " GROUP BY 1 ORDER BY 1" },
	{ "training.by_topic", SEC_TRAINING, FIG_BY, N_("Training sessions by topic"),
	    "training_topic", true, 0, N_("live trainings starting in the period, by topic"),
	    "SELECT ifnull(topic, ''), count(*) FROM training WHERE deleted = 0 AND "
	    WITHIN("unit_code") " AND " IN_PERIOD("start_date") " GROUP BY 1 ORDER BY 1" },
	{ "training.participants", SEC_TRAINING, FIG_COUNT, N_("Participants (attended)"), NULL,
	    true, 0, N_("live participant records marked attended, of trainings starting in the "
	    "period"),
	    "SELECT count(*) FROM participant p JOIN training t ON t.id = p.training_id"
	    " WHERE p.deleted = 0 AND t.deleted = 0 AND p.attended = 1 AND " WITHIN("t.unit_code")
	    " AND " IN_PERIOD("t.start_date") },
	{ "training.trained_share", SEC_TRAINING, FIG_SHARE,
	    N_("DT staff trained at least once in the period"), NULL, true, 100,
	    N_("live staff who attended at least one training starting in the period (organised "
	    "by any unit), of all live staff"),
	    "SELECT count(*) FILTER (WHERE " TRAINED("st") "), count(*) FROM staff st"
	    " WHERE st.deleted = 0 AND " WITHIN("st.unit_code") },
	{ "training.untrained", SEC_TRAINING, FIG_NAMES,
	    N_("DT staff not yet trained in the period"), NULL, true, 0,
	    N_("the staff counted as not trained above, in official name order"),
	    "SELECT st.full_name || ' — ' || u.name FROM staff st JOIN unit u ON u.code = st.unit_code"
	    " WHERE st.deleted = 0 AND " WITHIN("st.unit_code") " AND NOT " TRAINED("st")
	    " ORDER BY st.name_sort" },

	/* --- community digital technology teams --- */
	{ "cdtt.teams", SEC_CDTT, FIG_COUNT, N_("CDTT teams"), NULL, false, 0,
	    N_("live teams"),
	    "SELECT count(*) FROM team WHERE deleted = 0 AND " WITHIN("unit_code") },
	{ "cdtt.members_by_affiliation", SEC_CDTT, FIG_BY, N_("Team members by affiliation"),
	    "member_affiliation", false, 0, N_("live team members by affiliation"),
	    "SELECT ifnull(affiliation, ''), count(*) FROM member WHERE deleted = 0 AND "
	    WITHIN("unit_code") " GROUP BY 1 ORDER BY 1" },
	{ "cdtt.villages_without_team", SEC_CDTT, FIG_COUNT, N_("Villages without a team"), NULL,
	    false, 0, N_("live villages that no live team is attached to"),
	    "SELECT count(*) FROM village v WHERE v.deleted = 0 AND " WITHIN("v.unit_code")
	    " AND NOT EXISTS (SELECT 1 FROM team t WHERE t.village_id = v.id AND t.deleted = 0)" },
	{ "cdtt.village_coverage", SEC_CDTT, FIG_SHARE, N_("Villages with a team"), NULL, false,
	    100, N_("live villages with a live team, of all live villages"),
	    "SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM team t WHERE t.village_id = v.id"
	    " AND t.deleted = 0)), count(*) FROM village v WHERE v.deleted = 0 AND "
	    WITHIN("v.unit_code") },
	{ "cdtt.activities", SEC_CDTT, FIG_COUNT, N_("Team activities"), NULL, true, 0,
	    N_("live activities held in the period"),
	    "SELECT count(*) FROM activity WHERE deleted = 0 AND " WITHIN("unit_code") " AND "
	    IN_PERIOD("held_on") },
	{ "cdtt.activities_by_kind", SEC_CDTT, FIG_BY, N_("Activities by kind"), "activity_kind",
	    true, 0, N_("live activities held in the period, by kind"),
	    "SELECT ifnull(activity_kind, ''), count(*) FROM activity WHERE deleted = 0 AND "
	    WITHIN("unit_code") " AND " IN_PERIOD("held_on") " GROUP BY 1 ORDER BY 1" },
	{ "cdtt.activities_by_month", SEC_CDTT, FIG_BY, N_("Activities by month"), NULL, true, 0,
	    N_("live activities held in the period, by month (yyyy-mm)"),
	    "SELECT substr(held_on, 1, 7), count(*) FROM activity WHERE deleted = 0 AND "
	    WITHIN("unit_code") " AND " IN_PERIOD("held_on") " GROUP BY 1 ORDER BY 1" },
	{ "cdtt.helped_by_category", SEC_CDTT, FIG_BY, N_("Citizens helped, by category"),
	    "help_category", true, 0,
	    N_("sum of citizens helped recorded on live activities held in the period, by category"),
	    "SELECT h.category, sum(h.count) FROM activity_help h JOIN activity a ON"
	    " a.id = h.activity_id WHERE a.deleted = 0 AND " WITHIN("a.unit_code") " AND "
	    IN_PERIOD("a.held_on") " GROUP BY 1 ORDER BY 1" },
	{ "cdtt.helped_by_month", SEC_CDTT, FIG_BY, N_("Citizens helped, by month"), NULL, true, 0,
	    N_("sum of citizens helped on live activities held in the period, by month"),
	    "SELECT substr(a.held_on, 1, 7), sum(h.count) FROM activity_help h JOIN activity a ON"
	    " a.id = h.activity_id WHERE a.deleted = 0 AND " WITHIN("a.unit_code") " AND "
	    IN_PERIOD("a.held_on") " GROUP BY 1 ORDER BY 1" },
};

const int nfigures = (int)(sizeof figures / sizeof figures[0]);

int
store_figure_run(struct store *s, const struct figure *f, const char *unit, const char *from,
    const char *to, int (*fn)(const char *key, double value, double denom, void *arg),
    void *arg, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc, cols;

	if ((rc = sqlite3_prepare_v2(s->db, f->sql, -1, &st, NULL)) != SQLITE_OK)
		return store_error(s, rc, e, f->id);
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_TRANSIENT);
	if (f->period && from != NULL)
		sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
	if (f->period && to != NULL)
		sqlite3_bind_text(st, 3, to, -1, SQLITE_TRANSIENT);
	cols = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = NULL;
		double v, d = 0;
		switch (f->shape) {
		case FIG_COUNT:
			v = sqlite3_column_double(st, 0);
			break;
		case FIG_SHARE:
			v = sqlite3_column_double(st, 0);
			d = sqlite3_column_double(st, 1);
			break;
		case FIG_NAMES:
			key = (const char *)sqlite3_column_text(st, 0);
			v = 1;
			break;
		default:
			key = (const char *)sqlite3_column_text(st, 0);
			v = sqlite3_column_double(st, 1);
			d = cols > 2 ? sqlite3_column_double(st, 2) : 0;
		}
		if (fn(key, v, d, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, f->id);
}

int
store_task_list(struct store *s, const char *unit, const char *level,
    int (*fn)(const struct task_row *t, void *arg), void *arg, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db,
	    "WITH latest AS (SELECT task_code, id, status, row_number() OVER (PARTITION BY"
	    "  task_code ORDER BY updated_at DESC, id DESC) AS n FROM task_progress"
	    "  WHERE unit_code = ?1 AND deleted = 0)"
	    " SELECT t.code, t.title, ifnull(t.lead_agency, ''), ifnull(t.due_text, ''),"
	    "  ifnull(l.status, 'not_started'), l.id"
	    " FROM task t LEFT JOIN latest l ON l.task_code = t.code AND l.n = 1"
	    " WHERE (',' || ifnull(t.level, '') || ',') LIKE '%,' || ?2 || ',%'"
	    /* The plan of the unit's own province (a task of no province is everyone's). */
	    " AND (t.province_code IS NULL OR t.province_code = (WITH RECURSIVE up(code, level,"
	    "  parent, depth) AS (SELECT code, level, parent_code, 0 FROM unit WHERE code = ?1"
	    "  UNION ALL SELECT u.code, u.level, u.parent_code, depth + 1 FROM unit u JOIN up"
	    "  ON u.code = up.parent WHERE depth < 4)"
	    "  SELECT code FROM up WHERE level = 'province' LIMIT 1))"
	    /* Group rows (those with sub-tasks) are headings, not tasks. */
	    " AND NOT EXISTS (SELECT 1 FROM task c WHERE c.code > t.code || '.'"
	    "  AND c.code < t.code || '/')"
	    " ORDER BY t.code", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "task");
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct task_row t = {
			(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
		};
		if (fn(&t, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "task");
}

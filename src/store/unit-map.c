/* unit-map: records on today's map. A record under an abolished commune is
 * credited to the one current commune the old→new mapping names for it
 * (STORE_SCOPE); where the mapping names several, or none, its records are
 * "not yet assigned" until an officer reassigns them (schema v14 marks the
 * names of abolished units that a current unit also bears). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"
#include "socds/i18n.h"

/* " (cũ)": what an abolished unit's name gets when a current unit has it too. */
#define FORMER_SUFFIX " (c\xc5\xa9)"

int
store_unit_mark_former(struct store *s, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct unit u;
	int rc = store_prepare(s,
	    "SELECT code, level, kind, name, parent_code, status, abolished_on, successor_code"
	    " FROM unit a WHERE status = 'abolished'"
	    " AND EXISTS (SELECT 1 FROM unit c WHERE c.name_key = a.name_key AND c.name = a.name"
	    " AND c.status = 'current')"
	    " ORDER BY code", &st);
	struct {
		char code[8];
	} *todo = NULL;
	size_t n = 0;

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "unit");
	/* Read them all first: store_unit_put writes the table being read. */
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		void *p = realloc(todo, (n + 1) * sizeof *todo);
		if (p == NULL) {
			sqlite3_reset(st);
			free(todo);
			return err_set(e, ERR_NOMEM, _("out of memory"));
		}
		todo = p;
		snprintf(todo[n].code, sizeof todo[n].code, "%s", sqlite3_column_text(st, 0));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(todo);
		return store_error(s, rc, e, "unit");
	}
	for (size_t i = 0; i < n; i++) {
		if (store_unit_get(s, todo[i].code, &u, e) != 0)
			break;
		if (strlen(u.name) + sizeof FORMER_SUFFIX > sizeof u.name)
			continue;
		strcat(u.name, FORMER_SUFFIX);
		if (store_unit_put(s, &u, e) != 0)
			break;
	}
	free(todo);
	return e->code;
}

/* The live records of each kind under the unassigned former units of ?1. */
#define UNASSIGNED_OF(T, NAME) "SELECT '" T "' AS kind, r.id, r.unit_code, " NAME " AS label" \
	" FROM " T " r WHERE r.deleted = 0 AND r.unit_code IN (SELECT code FROM gone)"

static const char unassigned_sql[] = STORE_SCOPE("?1")
	", gone(code) AS (" STORE_UNASSIGNED("?1") ")"
	" SELECT x.kind, x.id, x.unit_code, u.name, ifnull(x.label, ''),"
	"  (SELECT group_concat(m.new_code || ' ' || n.name, '; ') FROM unit_map m"
	"   JOIN unit n ON n.code = m.new_code WHERE m.old_code = x.unit_code)"
	" FROM (" UNASSIGNED_OF("village", "r.name")
	" UNION ALL " UNASSIGNED_OF("staff", "r.full_name")
	" UNION ALL " UNASSIGNED_OF("training", "r.title")
	" UNION ALL " UNASSIGNED_OF("participant", "NULL")
	" UNION ALL " UNASSIGNED_OF("team", "r.name")
	" UNION ALL " UNASSIGNED_OF("member", "r.full_name")
	" UNION ALL " UNASSIGNED_OF("activity", "r.held_on")
	" UNION ALL " UNASSIGNED_OF("task_progress", "r.task_code") ") x"
	" JOIN unit u ON u.code = x.unit_code ORDER BY x.unit_code, x.kind, x.label, x.id";

int
store_unit_unassigned(struct store *s, const char *unit,
    int (*fn)(const struct store_unassigned *a, void *arg), void *arg, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, unassigned_sql, e);
	int rc;

	if (st == NULL)
		return e->code;
	store_bind_text(s, st, 1, unit, -1, SQLITE_TRANSIENT);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		struct store_unassigned a = {
			(const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			(const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4),
			sqlite3_column_type(st, 5) == SQLITE_NULL ? "" :
			    (const char *)sqlite3_column_text(st, 5),
		};
		if (fn == NULL)
			continue;
		if (fn(&a, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "unit");
}

static int
unit_count_one(const struct store_unassigned *a, void *arg)
{
	(void)a;
	(*(int64_t *)arg)++;
	return 0;
}

int
store_unit_unassigned_count(struct store *s, const char *unit, int64_t *n, struct err *e)
{
	*n = 0;
	return store_unit_unassigned(s, unit, unit_count_one, n, e);
}

/* Whether the mapping lets old's records go to new: one of the communes it
 * names, or its successor; any current commune when nothing names one. */
static int
unit_reassign_check(struct store *s, const struct unit *o, const struct unit *n,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s,
	    "SELECT count(*), count(*) FILTER (WHERE new_code = ?2),"
	    " group_concat(new_code, ', ') FROM unit_map WHERE old_code = ?1", &st);
	char names[200] = "";
	int rules = 0, hit = 0;

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "unit_map");
	store_bind_text(s, st, 1, o->code, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 2, n->code, -1, SQLITE_TRANSIENT);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		rules = sqlite3_column_int(st, 0);
		hit = sqlite3_column_int(st, 1);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			snprintf(names, sizeof names, "%s", sqlite3_column_text(st, 2));
		rc = SQLITE_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "unit_map");
	if (rules > 0 && hit == 0)
		return err_set(e, ERR_INVALID, _("unit reassign: the old→new mapping sends %s (%s)"
		    " to %s, not to %s (%s)"), o->code, o->name, names, n->code, n->name);
	if (rules == 0 && o->successor_code[0] != '\0' && strcmp(o->successor_code, n->code) != 0)
		return err_set(e, ERR_INVALID, _("unit reassign: %s (%s) was succeeded by %s, not by"
		    " %s (%s)"), o->code, o->name, o->successor_code, n->code, n->name);
	return 0;
}

/* Moves the records of kind kd from commune o to n, each with its audit
 * row (its old unit) first and a new version, so that the change travels
 * up in the next package; *moved gets how many. */
static int
unit_reassign_kind(struct store *s, const struct kind *kd, const char *o, const char *n,
    const char *now, int64_t *moved, struct err *e)
{
	char sql[640];
	sqlite3_stmt *st = NULL;
	int rc;

	snprintf(sql, sizeof sql,
	    "INSERT INTO audit(at, os_user, action, kind, record_id, unit_code, old_values,"
	    " new_values, detail) SELECT ?1, ?2, 'reassign', '%s', id, ?4,"
	    " json_object('unit_code', unit_code, 'version', version),"
	    " json_object('unit_code', ?4, 'version', version + 1), NULL"
	    " FROM %s WHERE unit_code = ?3", kd->name, kd->table);
	if ((rc = store_prepare(s, sql, &st)) == SQLITE_OK) {
		store_bind_text(s, st, 1, now, -1, SQLITE_TRANSIENT);
		store_bind_text(s, st, 2, s->user, -1, SQLITE_TRANSIENT);
		store_bind_text(s, st, 3, o, -1, SQLITE_TRANSIENT);
		store_bind_text(s, st, 4, n, -1, SQLITE_TRANSIENT);
		rc = store_step(s, st);
		sqlite3_reset(st);
	}
	if (rc == SQLITE_DONE) {
		snprintf(sql, sizeof sql, "UPDATE %s SET unit_code = ?2, version = version + 1,"
		    " updated_at = ?3 WHERE unit_code = ?1", kd->table);
		if ((rc = store_prepare(s, sql, &st)) == SQLITE_OK) {
			store_bind_text(s, st, 1, o, -1, SQLITE_TRANSIENT);
			store_bind_text(s, st, 2, n, -1, SQLITE_TRANSIENT);
			store_bind_text(s, st, 3, now, -1, SQLITE_TRANSIENT);
			rc = store_step(s, st);
			*moved = sqlite3_changes(s->db);
			sqlite3_reset(st);
		}
	}
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, kd->name);
}

/* Whether o and n are an abolished and a current commune the map joins. */
static int
unit_reassign_allowed(struct store *s, const struct unit *o, const struct unit *n,
    struct err *e)
{
	if (strcmp(o->status, "abolished") != 0 || strcmp(o->level, "commune") != 0)
		return err_set(e, ERR_INVALID, _("unit reassign: %s (%s) is not an abolished commune;"
		    " only records under a former commune are reassigned"), o->code, o->name);
	if (strcmp(n->status, "current") != 0 || strcmp(n->level, "commune") != 0)
		return err_set(e, ERR_INVALID, _("unit reassign: %s (%s) is not a current commune"),
		    n->code, n->name);
	if (unit_reassign_check(s, o, n, e) != 0)
		return e->code;
	return store_allow(s, STORE_ACT_EDIT, n->code, e);
}

int
store_unit_reassign(struct store *s, const char *old_code, const char *new_code,
    const struct kind *only, int64_t *moved, struct err *e)
{
	struct unit o, n;
	char now[24], detail[400];
	int64_t per[KIND_COUNT] = { 0 };
	size_t dl = 0;

	*moved = 0;
	if (store_unit_get(s, old_code, &o, e) != 0 || store_unit_get(s, new_code, &n, e) != 0 ||
	    unit_reassign_allowed(s, &o, &n, e) != 0)
		return e->code;
	store_now(now);
	if (store_begin(s, e) != 0)
		return e->code;
	for (int k = 0; k < KIND_COUNT; k++) {
		if (only != NULL && only != &record_kinds[k])
			continue;
		if (store_lock_moved(s, &record_kinds[k], o.code, n.code, e) != 0 ||
		    unit_reassign_kind(s, &record_kinds[k], o.code, n.code, now, &per[k], e) != 0) {
			store_rollback(s);
			return e->code;
		}
		*moved += per[k];
	}
	if (*moved == 0) {
		store_rollback(s);
		return 0;
	}
	dl = (size_t)snprintf(detail, sizeof detail, "%s -> %s:", o.code, n.code);
	for (int k = 0; k < KIND_COUNT && dl < sizeof detail; k++)
		if (per[k] > 0)
			dl += (size_t)snprintf(detail + dl, sizeof detail - dl, " %s %lld",
			    record_kinds[k].name, (long long)per[k]);
	if (store_audit_event(s, "reassign", detail, e) != 0) {
		store_rollback(s);
		return e->code;
	}
	return store_commit(s, e);
}

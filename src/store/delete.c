/* store delete: a record goes with what depends on it. Deleting a team
 * tombstones its members and activities (and the members' participations in
 * trainings); a training its participants; a staff member or a team member
 * their participations, and a team member leaves the members present of the
 * live activities of other teams. Every dependant gets its version bumped
 * and updated_at set, as a delete of its own would, so that the tombstones
 * travel up in the next package. A village is not deleted while a live team
 * is attached to it: the officer moves or deletes the team first.
 * Runs in the delete's transaction (store_record_delete). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-admin.h"
#include "socds/store-record.h"
#include "socds/i18n.h"

/* The live dependants of a record of kind `of` (?1 its id), as (id, unit)
 * rows of kind `dep`. Participants of a team's members are listed whether
 * or not the member is still live: a member deleted before this rule
 * existed leaves none behind. */
static const struct {
	enum kind_id of, dep;
	int slot;		/* 0 members, 1 activities, 2 participations */
	const char *sql;
} delete_deps[] = {
	{ KIND_TEAM, KIND_MEMBER, 0,
	    "SELECT id, unit_code FROM member WHERE team_id = ?1 AND deleted = 0" },
	{ KIND_TEAM, KIND_ACTIVITY, 1,
	    "SELECT id, unit_code FROM activity WHERE team_id = ?1 AND deleted = 0" },
	{ KIND_TEAM, KIND_PARTICIPANT, 2,
	    "SELECT p.id, p.unit_code FROM participant p JOIN member m ON m.id = p.member_id"
	    " WHERE m.team_id = ?1 AND p.deleted = 0" },
	{ KIND_TRAINING, KIND_PARTICIPANT, 2,
	    "SELECT id, unit_code FROM participant WHERE training_id = ?1 AND deleted = 0" },
	{ KIND_STAFF, KIND_PARTICIPANT, 2,
	    "SELECT id, unit_code FROM participant WHERE staff_id = ?1 AND deleted = 0" },
	{ KIND_MEMBER, KIND_PARTICIPANT, 2,
	    "SELECT id, unit_code FROM participant WHERE member_id = ?1 AND deleted = 0" },
};

/* Live activities that list the deleted person(s) among their members
 * present, and are not deleted with them: (activity id, unit). */
static const struct {
	enum kind_id of;
	const char *sql;
} delete_presence[] = {
	{ KIND_TEAM,
	    "SELECT DISTINCT a.id, a.unit_code FROM activity_member am JOIN member m"
	    " ON m.id = am.member_id JOIN activity a ON a.id = am.activity_id"
	    " WHERE m.team_id = ?1 AND a.deleted = 0 AND a.team_id IS NOT ?1" },
	{ KIND_MEMBER,
	    "SELECT DISTINCT a.id, a.unit_code FROM activity_member am JOIN activity a"
	    " ON a.id = am.activity_id WHERE am.member_id = ?1 AND a.deleted = 0" },
};

static const char delete_village_teams[] =
    "SELECT count(*) FROM team WHERE village_id = ?1 AND deleted = 0";

struct delete_row {
	char id[UUID_STR_LEN];
	char unit[8];
};

/* Runs sql (?1 = id) and collects its (id, unit) rows. */
static int
delete_collect(struct store *s, const char *sql, const char *id, struct delete_row **rows,
    size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_TRANSIENT);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct delete_row *p = realloc(*rows, nc * sizeof *p);
			if (p == NULL) {
				sqlite3_reset(st);
				free(*rows);
				*rows = NULL;
				return err_set(e, ERR_NOMEM, _("out of memory"));
			}
			*rows = p;
			cap = nc;
		}
		snprintf((*rows)[*n].id, sizeof (*rows)[*n].id, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		snprintf((*rows)[*n].unit, sizeof (*rows)[*n].unit, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		return store_error(s, rc, e, "delete");
	}
	return 0;
}

/* count(*) of the rows of sql (with `wrap`), or the one number sql gives. */
static int
delete_count(struct store *s, const char *sql, bool wrap, const char *id, int64_t *n,
    struct err *e)
{
	char buf[512];
	sqlite3_stmt *st;
	int rc;

	snprintf(buf, sizeof buf, "SELECT count(*) FROM (%s)", sql);
	if ((st = store_cached(s, wrap ? buf : sql, e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_TRANSIENT);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "delete");
}

int
store_delete_plan(struct store *s, const struct kind *k, const char *id,
    struct store_delete_plan *p, struct err *e)
{
	int64_t n;

	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < sizeof delete_deps / sizeof delete_deps[0]; i++) {
		if (&record_kinds[delete_deps[i].of] != k)
			continue;
		if (delete_count(s, delete_deps[i].sql, true, id, &n, e) != 0)
			return e->code;
		*(delete_deps[i].slot == 0 ? &p->members : delete_deps[i].slot == 1 ?
		    &p->activities : &p->participations) += n;
	}
	for (size_t i = 0; i < sizeof delete_presence / sizeof delete_presence[0]; i++)
		if (&record_kinds[delete_presence[i].of] == k) {
			if (delete_count(s, delete_presence[i].sql, true, id, &n, e) != 0)
				return e->code;
			p->presences += n;
		}
	if (k == &record_kinds[KIND_VILLAGE] &&
	    delete_count(s, delete_village_teams, false, id, &p->teams, e) != 0)
		return e->code;
	return 0;
}

/* Tombstones record id of kind k as a dependant: version bumped, updated_at
 * now, audited with `detail`. A row already deleted is left alone. */
static int
delete_one(struct store *s, const struct kind *k, const char *id, const char *unit,
    const char *now, const char *detail, struct err *e)
{
	char sql[160];
	char *oj = NULL;
	sqlite3_stmt *st;
	int rc;

	/* One locked dependant refuses the whole delete. */
	if (store_allow(s, STORE_ACT_EDIT, unit, e) != 0 ||
	    store_lock_stored(s, k, id, NULL, e) != 0)
		return e->code;
	if (s->audit)
		oj = store_record_json(s, k, id);
	snprintf(sql, sizeof sql, "UPDATE %s SET deleted = 1, version = version + 1,"
	    " updated_at = ?2 WHERE id = ?1 AND deleted = 0", k->table);
	if ((st = store_cached(s, sql, e)) == NULL) {
		free(oj);
		return e->code;
	}
	store_bind_text(s, st, 1, id, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 2, now, -1, SQLITE_TRANSIENT);
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(oj);
		return store_error(s, rc, e, k->name);
	}
	if (sqlite3_changes(s->db) == 0)
		rc = 0;
	else if ((rc = store_bin_note(s, k, id, e)) == 0 && s->audit)
		rc = store_audit_write(s, "delete", k->name, id, unit, oj, NULL, detail, e);
	free(oj);
	return rc;
}

/* Takes the deleted person(s) out of the members present of live activity
 * `act`: the activity changes (version, updated_at) and travels up. */
static int
delete_presence_of(struct store *s, const struct kind *k, const char *id,
    const struct delete_row *act, const char *now, const char *detail, struct err *e)
{
	const struct kind *ak = &record_kinds[KIND_ACTIVITY];
	const char *which = k == &record_kinds[KIND_TEAM] ?
	    "member_id IN (SELECT id FROM member WHERE team_id = ?2)" : "member_id = ?2";
	const char *del = k == &record_kinds[KIND_TEAM] ?
	    "DELETE FROM activity_member WHERE activity_id = ?1 AND member_id IN"
	    " (SELECT id FROM member WHERE team_id = ?2)" :
	    "DELETE FROM activity_member WHERE activity_id = ?1 AND member_id = ?2";
	char *oj = NULL, *nj = NULL;

	if (store_allow(s, STORE_ACT_EDIT, act->unit, e) != 0 ||
	    store_lock_stored(s, ak, act->id, NULL, e) != 0)
		return e->code;
	if (s->audit)
		oj = store_record_json(s, ak, act->id);
	if (store_bin_note_presence(s, act->id, which, id, e) != 0 ||
	    store_run(s, e, ak->name, del, "tt", act->id, id) != 0 ||
	    store_run(s, e, ak->name, "UPDATE activity SET version = version + 1, updated_at = ?2"
	    " WHERE id = ?1", "tt", act->id, now) != 0)
		goto fail;
	if (s->audit) {
		nj = store_record_json(s, ak, act->id);
		if (store_audit_write(s, "update", ak->name, act->id, act->unit, oj, nj, detail,
		    e) != 0)
			goto fail;
	}
	free(oj);
	free(nj);
	return 0;
fail:
	free(oj);
	free(nj);
	return e->code;
}

int
store_delete_dependants(struct store *s, const struct kind *k, const char *id,
    const char *now, struct err *e)
{
	struct delete_row *rows;
	size_t n;
	char detail[96];

	if (k == &record_kinds[KIND_VILLAGE]) {
		int64_t teams = 0;
		char name[200] = "";
		if (delete_count(s, delete_village_teams, false, id, &teams, e) != 0)
			return e->code;
		if (teams > 0) {
			store_record_name(s, k, id, name, sizeof name, e);
			return err_set(e, ERR_INVALID, _("village '%s' still has live teams (%lld): "
			    "delete them or attach them to another village first"), name,
			    (long long)teams);
		}
		return 0;
	}
	snprintf(detail, sizeof detail, "with %s %s", k->name, id);
	/* Presence first: it names the team's members, still live. */
	for (size_t i = 0; i < sizeof delete_presence / sizeof delete_presence[0]; i++) {
		if (&record_kinds[delete_presence[i].of] != k)
			continue;
		if (delete_collect(s, delete_presence[i].sql, id, &rows, &n, e) != 0)
			return e->code;
		for (size_t j = 0; j < n; j++)
			if (delete_presence_of(s, k, id, &rows[j], now, detail, e) != 0) {
				free(rows);
				return e->code;
			}
		free(rows);
	}
	/* Participations before members: their query reads the team's members. */
	for (int pass = 2; pass >= 0; pass--)
		for (size_t i = 0; i < sizeof delete_deps / sizeof delete_deps[0]; i++) {
			const struct kind *dk = &record_kinds[delete_deps[i].dep];
			if (&record_kinds[delete_deps[i].of] != k || delete_deps[i].slot != pass)
				continue;
			if (delete_collect(s, delete_deps[i].sql, id, &rows, &n, e) != 0)
				return e->code;
			for (size_t j = 0; j < n; j++)
				if (delete_one(s, dk, rows[j].id, rows[j].unit, now, detail, e) != 0) {
					free(rows);
					return e->code;
				}
			free(rows);
		}
	return 0;
}

/* --- nothing live points to a deleted record --- */

/* The SQL listing the live records of kind k whose column c names a deleted
 * record: (id, field, target id). The members present of an activity are
 * rows of their own (activity_member), read the same way. */
static int
dangling_sql(const struct kind *k, const struct column *c, char *sql, size_t size)
{
	const struct kind *t;

	if (c->type == COL_REF) {
		if ((t = record_kind(c->ref)) == NULL)
			return -1;
		snprintf(sql, size, "SELECT r.id, r.%s FROM %s r JOIN %s t ON t.id = r.%s"
		    " WHERE r.deleted = 0 AND t.deleted = 1 ORDER BY r.rowid", c->name, k->table,
		    t->table, c->name);
		return 0;
	}
	if (c->type == COL_CHILD_IDS) {
		/* The child table's other column names a record of the kind the
		 * column lists: activity_member.member_id, a member. */
		snprintf(sql, size, "SELECT r.id, x.%s FROM %s r JOIN %s x ON x.activity_id = r.id"
		    " JOIN member t ON t.id = x.%s WHERE r.deleted = 0 AND t.deleted = 1"
		    " ORDER BY r.rowid", c->child_key, k->table, c->ref, c->child_key);
		return 0;
	}
	return -1;
}

int
store_check_dangling(struct store *s, int (*fn)(const struct store_dangling *d, void *arg),
    void *arg, int64_t *count, struct err *e)
{
	*count = 0;
	for (int i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = &record_kinds[i];
		for (int c = 0; c < k->ncols; c++) {
			const struct column *col = &k->cols[c];
			char sql[512], name[200], tname[200];
			sqlite3_stmt *st = NULL;
			int rc;

			if (dangling_sql(k, col, sql, sizeof sql) != 0)
				continue;
			if ((rc = store_prepare(s, sql, &st)) != SQLITE_OK)
				return store_error(s, rc, e, "check");
			while ((rc = store_step(s, st)) == SQLITE_ROW) {
				const struct kind *tk = record_kind(col->type == COL_REF ? col->ref :
				    "member");
				struct store_dangling d = { 0 };
				snprintf(d.id, sizeof d.id, "%s",
				    (const char *)sqlite3_column_text(st, 0));
				snprintf(d.target_id, sizeof d.target_id, "%s",
				    (const char *)sqlite3_column_text(st, 1));
				d.kind = k;
				d.field = col->name;
				d.target_kind = tk;
				if (store_record_name(s, k, d.id, name, sizeof name, e) != 0 ||
				    store_record_name(s, tk, d.target_id, tname, sizeof tname, e) != 0) {
					sqlite3_reset(st);
					return e->code;
				}
				d.name = name;
				d.target_name = tname;
				(*count)++;
				if (fn != NULL && fn(&d, arg) != 0) {
					rc = SQLITE_DONE;
					break;
				}
			}
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return store_error(s, rc, e, "check");
		}
	}
	return 0;
}

int
store_count_dangling(struct store *s, int64_t *count, struct err *e)
{
	*count = 0;
	for (int i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = &record_kinds[i];
		for (int c = 0; c < k->ncols; c++) {
			const struct column *col = &k->cols[c];
			const struct kind *t;
			char sql[512];
			sqlite3_stmt *st;
			int rc;

			/* CROSS JOIN: from the few tombstones to what names them,
			 * through the index on the referring column. */
			if (col->type == COL_REF && (t = record_kind(col->ref)) != NULL)
				snprintf(sql, sizeof sql, "SELECT count(*) FROM %s t CROSS JOIN %s r"
				    " ON r.%s = t.id WHERE t.deleted = 1 AND r.deleted = 0", t->table,
				    k->table, col->name);
			else if (col->type == COL_CHILD_IDS)
				snprintf(sql, sizeof sql, "SELECT count(*) FROM member t CROSS JOIN %s x"
				    " ON x.%s = t.id CROSS JOIN %s r ON r.id = x.activity_id"
				    " WHERE t.deleted = 1 AND r.deleted = 0", col->ref, col->child_key,
				    k->table);
			else
				continue;
			if ((st = store_cached(s, sql, e)) == NULL)
				return e->code;
			if ((rc = store_step(s, st)) == SQLITE_ROW) {
				*count += sqlite3_column_int64(st, 0);
				rc = SQLITE_DONE;
			}
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return store_error(s, rc, e, "check");
		}
	}
	return 0;
}

/* The dangling records found, to be repaired once the reading is done. */
struct dangling_list {
	struct store_dangling *d;
	size_t n, cap;
	bool nomem;
};

static int
dangling_keep(const struct store_dangling *d, void *arg)
{
	struct dangling_list *l = arg;

	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 16;
		struct store_dangling *p = realloc(l->d, nc * sizeof *p);
		if (p == NULL) {
			l->nomem = true;
			return 1;
		}
		l->d = p;
		l->cap = nc;
	}
	l->d[l->n] = *d;
	l->d[l->n].name = l->d[l->n].target_name = NULL;	/* not kept past the call */
	l->n++;
	return 0;
}

/* Team id no longer names its deleted village. */
static int
delete_detach(struct store *s, const char *id, const char *unit, const char *now,
    const char *detail, struct err *e)
{
	const struct kind *k = &record_kinds[KIND_TEAM];
	char *oj = NULL, *nj = NULL;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (store_allow(s, STORE_ACT_EDIT, unit, e) != 0)
		return e->code;
	if (s->audit)
		oj = store_record_json(s, k, id);
	if ((st = store_cached(s, "UPDATE team SET village_id = NULL, version = version + 1,"
	    " updated_at = ?2 WHERE id = ?1", e)) == NULL) {
		ret = e->code;
		goto out;
	}
	store_bind_text(s, st, 1, id, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 2, now, -1, SQLITE_TRANSIENT);
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, rc, e, k->name);
		goto out;
	}
	if (s->audit) {
		nj = store_record_json(s, k, id);
		ret = store_audit_write(s, "update", k->name, id, unit, oj, nj, detail, e);
	}
out:
	free(oj);
	free(nj);
	return ret;
}

int
store_repair_dangling(struct store *s, int64_t *fixed, struct err *e)
{
	struct dangling_list l = { 0 };
	char now[24];
	int64_t n;

	*fixed = 0;
	if (store_begin(s, e) != 0)
		return e->code;
	store_now(now);
	/* Each round tombstones what pointed to a deleted record (with its own
	 * dependants); what pointed to those is found by the next round. */
	for (int round = 0; round < 8; round++) {
		l.n = 0;
		if (store_check_dangling(s, dangling_keep, &l, &n, e) != 0)
			goto fail;
		if (l.nomem) {
			err_set(e, ERR_NOMEM, _("out of memory"));
			goto fail;
		}
		if (l.n == 0)
			break;
		for (size_t i = 0; i < l.n; i++) {
			const struct store_dangling *d = &l.d[i];
			char unit[8] = "", detail[96];
			bool found;
			snprintf(detail, sizeof detail, "repair: %s %s is deleted",
			    d->target_kind->name, d->target_id);
			if (store_record_owner(s, d->kind, d->id, unit, &found, e) != 0)
				goto fail;
			if (d->kind->cols[record_col_index(d->kind, d->field)].type == COL_CHILD_IDS) {
				/* A deleted member among the present: out of the list. */
				struct delete_row act;
				snprintf(act.id, sizeof act.id, "%s", d->id);
				snprintf(act.unit, sizeof act.unit, "%s", unit);
				if (delete_presence_of(s, &record_kinds[KIND_MEMBER], d->target_id,
				    &act, now, detail, e) != 0)
					goto fail;
			} else if (d->kind == &record_kinds[KIND_TEAM]) {
				/* A team outlives its village: it is detached, not deleted. */
				if (delete_detach(s, d->id, unit, now, detail, e) != 0)
					goto fail;
			} else if (store_delete_dependants(s, d->kind, d->id, now, e) != 0 ||
			    delete_one(s, d->kind, d->id, unit, now, detail, e) != 0)
				goto fail;
			(*fixed)++;
		}
	}
	if (store_commit(s, e) != 0)
		goto fail;
	free(l.d);
	return 0;
fail:
	store_rollback(s);
	free(l.d);
	*fixed = 0;
	return e->code;
}

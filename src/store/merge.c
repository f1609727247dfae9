/* store merge: applying records that came up in a package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store-internal.h"
#include "socds/store-lock.h"
#include "socds/store-merge.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/i18n.h"

/* Overwrites a record with the received one, keeping what it says of itself;
 * with synced, its version is what was last received (a revert keeps it). */
static int
merge_replace(struct store *s, struct record *r, bool synced, struct err *e)
{
	const struct kind *k = r->kind;
	char sql[1536];
	size_t n = 0;
	sqlite3_stmt *st;
	int rc, p = 1;

	n += (size_t)snprintf(sql + n, sizeof sql - n, "UPDATE %s SET unit_code = ?,"
	    " created_at = ?, updated_at = ?, version = ?, deleted = ?, synced_version = %s",
	    k->table, synced ? "?" : "synced_version");
	for (int i = 0; i < k->ncols && n < sizeof sql; i++)
		if (k->cols[i].type != COL_CHILD_IDS && k->cols[i].type != COL_CHILD_COUNTS)
			n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s = ?", k->cols[i].name);
	if (k->name_col >= 0 && n < sizeof sql)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", name_key = ?, name_sort = ?");
	if (n < sizeof sql)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " WHERE id = ?");
	if (n >= sizeof sql)
		return err_set(e, ERR_FAIL, "merge SQL too long for %s", k->name);
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	store_bind_text(s, st, p++, r->unit_code, -1, SQLITE_STATIC);
	store_bind_text(s, st, p++, r->created_at, -1, SQLITE_STATIC);
	store_bind_text(s, st, p++, r->updated_at, -1, SQLITE_STATIC);
	store_bind_int64(s, st, p++, r->version);
	store_bind_int(s, st, p++, r->deleted ? 1 : 0);
	if (synced)
		store_bind_int64(s, st, p++, r->version);
	if ((p = store_bind_cols(s, st, r, p, e)) < 0)
		return e->code;
	store_bind_text(s, st, p, r->id, -1, SQLITE_STATIC);
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name);
	return store_replace_children(s, r, true, e);
}

int
store_record_owner(struct store *s, const struct kind *k, const char *id, char unit[8],
    bool *found, struct err *e)
{
	sqlite3_stmt *st = store_kind_stmt(s, k, "SELECT unit_code FROM %s WHERE id = ?",
	    e);
	int rc;

	*found = false;
	unit[0] = '\0';
	if (st == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_STATIC);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		*found = true;
		snprintf(unit, 8, "%s", (const char *)sqlite3_column_text(st, 0));
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, k->name);
}

int
store_record_deleted(struct store *s, const struct kind *k, const char *id, bool *deleted,
    struct err *e)
{
	bool exists;

	return store_record_exists(s, k, id, &exists, deleted, e);
}

/* What is stored under an incoming record's id. */
struct merge_local {
	bool found, deleted, synced_null;
	int64_t version, synced;
	char unit[8];
};

static int
merge_local_read(struct store *s, const struct record *r, struct merge_local *l,
    struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	memset(l, 0, sizeof *l);
	l->synced_null = true;
	if ((st = store_kind_stmt(s, r->kind,
	    "SELECT version, synced_version, deleted, unit_code FROM %s WHERE id = ?", e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, r->id, -1, SQLITE_STATIC);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		l->found = true;
		l->version = sqlite3_column_int64(st, 0);
		l->synced_null = sqlite3_column_type(st, 1) == SQLITE_NULL;
		l->synced = sqlite3_column_int64(st, 1);
		l->deleted = sqlite3_column_int(st, 2) != 0;
		snprintf(l->unit, sizeof l->unit, "%s", (const char *)sqlite3_column_text(st, 3));
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, r->kind->name);
}

/* Whether the incoming record says what is stored: the unit took the
 * office's values to settle a conflict (issue 17), so there is nothing to
 * choose between. Values compared as text, none and "" alike. */
static int
merge_same_values(struct store *s, const struct record *r, bool *same, struct err *e)
{
	struct record have;

	*same = false;
	if (record_init(&have, r->kind) != 0)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	if (store_record_get(s, &have, r->id, e) != 0) {
		record_free(&have);
		return e->code;
	}
	*same = strcmp(have.unit_code, r->unit_code) == 0 && !have.deleted == !r->deleted;
	for (int i = 0; i < r->kind->ncols && *same; i++) {
		const char *a = have.val[i] ? have.val[i] : "", *b = r->val[i] ? r->val[i] : "";
		*same = strcmp(a, b) == 0;
	}
	record_free(&have);
	return 0;
}

/* Whether the incoming record may go over the stored one l: *go, or the
 * outcome in *out (rejected, unchanged, conflict, or updated when only
 * synced_version moves). */
static int
merge_judge(struct store *s, const struct record *r, const struct merge_local *l,
    const char *owner, enum merge_outcome *out, bool *go, struct err *e)
{
	/* The record belongs to the unit stored on it: a package may not
	 * touch, take or move another unit's record, whatever its version. */
	bool within = strcmp(l->unit, owner) == 0;

	*go = false;
	if (!within && store_unit_within(s, l->unit, owner, &within, e) != 0)
		return e->code;
	if (!within) {
		err_set(e, ERR_PERM, _("the record belongs to unit %s, which is not part of %s;"
		    " a package may change only its own unit's records"), l->unit, owner);
		*out = MERGE_REJECTED;
		return 0;
	}
	/* Made here (never received) or edited here since: a local change. */
	bool changed_here = l->synced_null || l->version != l->synced;
	int64_t base = l->synced_null ? l->version : l->synced;
	bool same = false;
	if (r->version <= base || (r->version == l->version && !changed_here)) {
		*out = MERGE_UNCHANGED;
		return 0;
	}
	if (changed_here && merge_same_values(s, r, &same, e) != 0)
		return e->code;
	if (changed_here && !same)
		*out = MERGE_CONFLICT;
	else if (changed_here && r->version < l->version) {
		/* Settled, but the office's version is ahead: only what was
		 * received moves, so the unit's next change is judged again. */
		sqlite3_stmt *st = store_kind_stmt(s, r->kind,
		    "UPDATE %s SET synced_version = ? WHERE id = ?", e);
		int rc;
		if (st == NULL)
			return e->code;
		store_bind_int64(s, st, 1, r->version);
		store_bind_text(s, st, 2, r->id, -1, SQLITE_STATIC);
		rc = store_step(s, st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_error(s, rc, e, r->kind->name);
		*out = MERGE_UPDATED;
	} else
		*go = true;
	return 0;
}

/* Writes the incoming record over the stored one l (audited with the old
 * values), or inserts it. */
static int
merge_write(struct store *s, struct record *r, const struct merge_local *l, struct err *e)
{
	char *oj = NULL, *nj;
	int rc;

	if (!l->found) {
		r->synced_version = r->version;
		return store_record_insert(s, r, e);	/* audited there */
	}
	/* The old values first, for the audit log. */
	if (s->audit && (oj = store_record_json(s, r->kind, r->id)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	if ((rc = merge_replace(s, r, true, e)) == 0 && s->audit) {
		nj = store_record_json_of(r);
		rc = nj == NULL ? err_set(e, ERR_NOMEM, _("out of memory")) :
		    store_audit_write(s, r->deleted && !l->deleted ? "delete" : "update",
		    r->kind->name, r->id, r->unit_code, oj, nj, NULL, e);
		free(nj);
	}
	free(oj);
	return rc;
}

int
store_merge_record(struct store *s, struct record *r, const char *owner, bool savepoint,
    enum merge_outcome *out, int64_t *local, struct err *e)
{
	struct merge_local l;
	bool go = true;
	int rc;

	*local = 0;
	if (merge_local_read(s, r, &l, e) != 0)
		return e->code;
	*local = l.version;
	if (l.found && merge_judge(s, r, &l, owner, out, &go, e) != 0)
		return e->code;
	if (!go)
		return 0;
	/* A row in a period approved above (or by this office): rejected. */
	if ((rc = store_lock_stored(s, r->kind, r->id, r, e)) != 0) {
		if (rc != ERR_PERM)
			return rc;
		*out = MERGE_REJECTED;
		return 0;
	}
	/* A savepoint per row: a refused row leaves the rest of the package
	 * going. Without one (the caller's savepoint covers many rows) a refused
	 * row may leave half its writes: the caller rolls back to its own
	 * savepoint and goes again row by row. */
	if (savepoint && store_savepoint(s, "merge_row", e) != 0)
		return e->code;
	if ((rc = merge_write(s, r, &l, e)) != 0) {
		if (savepoint)
			store_rollback_to(s, "merge_row");
		/* The database said no (constraint, type): the row is rejected. A
		 * busy or broken database is a failure of the whole merge. */
		if (rc == ERR_CONSTRAINT || rc == ERR_INVALID) {
			*out = MERGE_REJECTED;
			return 0;
		}
		return rc;
	}
	if (savepoint && store_release(s, "merge_row", e) != 0)
		return e->code;
	if (r->deleted && (!l.found || !l.deleted))
		*out = MERGE_DELETED;
	else
		*out = l.found ? MERGE_UPDATED : MERGE_INSERTED;
	return 0;
}

int
store_merge_log(struct store *s, const char *package, const char *sha, const char *unit,
    const char *period, const char *status, const int64_t counts[6], const char *detail,
    int64_t *seq, struct err *e)
{
	char now[24];

	store_now(now);
	if (store_run(s, e, "merge_log",
	    "INSERT INTO merge_log(at, os_user, package, package_sha256, unit_code, period, status,"
	    " inserted, updated, unchanged, deleted, conflicts, rejected, detail)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", "tttttttiiiiiit", now, store_os_user(), package,
	    sha, unit, period, status, counts[0], counts[1], counts[2], counts[3], counts[4],
	    counts[5], detail) != 0)
		return e->code;
	*seq = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_merge_issue(struct store *s, int64_t seq, const char *kind, const char *id,
    const char *issue, int64_t local, int64_t incoming, const char *reason, struct err *e)
{
	return store_run(s, e, "merge_issue", "INSERT INTO merge_issue(merge_seq, kind, record_id,"
	    " issue, local_version, incoming_version, reason) VALUES (?,?,?,?,?,?,?)", "itttiit",
	    seq, kind, id, issue, local, incoming, reason);
}

int
store_merge_log_counts(struct store *s, int64_t seq, const int64_t counts[6], struct err *e)
{
	return store_run(s, e, "merge_log", "UPDATE merge_log SET inserted = ?, updated = ?,"
	    " unchanged = ?, deleted = ?, conflicts = ?, rejected = ? WHERE seq = ?", "iiiiiii",
	    counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], seq);
}

/* --- undoing a merge --- */

/* One audit row of the merge, read before anything is written. */
struct revert_row {
	char kind[16];
	char id[UUID_STR_LEN];
	char *old_values, *new_values;	/* JSON, or NULL */
};

static int
revert_refuse(struct merge_revert_report *rr, const struct revert_row *w, const char *why)
{
	struct merge_revert_item *it;

	rr->refused++;
	if ((it = realloc(rr->items, (rr->nitems + 1) * sizeof *it)) == NULL)
		return -1;
	rr->items = it;
	it = &rr->items[rr->nitems++];
	snprintf(it->kind, sizeof it->kind, "%s", w->kind);
	snprintf(it->id, sizeof it->id, "%s", w->id);
	snprintf(it->reason, sizeof it->reason, "%s", why);
	return 0;
}

/* Sets r's unit, tombstone flag and values from an audit JSON object. */
static int
revert_from_json(struct record *r, const char *text)
{
	json_error_t je;
	json_t *o = json_loads(text, 0, &je), *v;
	const struct kind *k = r->kind;
	int rc = -1;

	if (o == NULL)
		return -1;
	v = json_object_get(o, "unit_code");
	if (!json_is_string(v) || strlen(json_string_value(v)) >= sizeof r->unit_code)
		goto out;
	snprintf(r->unit_code, sizeof r->unit_code, "%s", json_string_value(v));
	r->deleted = json_integer_value(json_object_get(o, "deleted")) == 1;
	for (int i = 0; i < k->ncols; i++) {
		v = json_object_get(o, k->cols[i].name);
		if (record_set(r, i, json_is_string(v) ? json_string_value(v) : NULL) != 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(o);
	return rc;
}

/* The version an audit JSON object gives, or -1. */
static int64_t
revert_version(const char *text, int *deleted)
{
	json_error_t je;
	json_t *o = text != NULL ? json_loads(text, 0, &je) : NULL;
	int64_t v = -1;

	if (o != NULL && json_is_integer(json_object_get(o, "version"))) {
		v = json_integer_value(json_object_get(o, "version"));
		*deleted = json_integer_value(json_object_get(o, "deleted")) == 1;
	}
	json_decref(o);
	return v;
}

/* What record `to` becomes to put cur back as the audit row w had it
 * before the merge; why says otherwise why it cannot. */
static int
revert_target(const struct revert_row *w, const struct record *cur, struct record *to,
    char *why, size_t wsize, struct err *e)
{
	const struct kind *k = cur->kind;

	memcpy(to->id, cur->id, sizeof to->id);
	memcpy(to->created_at, cur->created_at, sizeof to->created_at);
	if (w->old_values == NULL) {	/* inserted: a tombstone now */
		memcpy(to->unit_code, cur->unit_code, sizeof to->unit_code);
		for (int i = 0; i < k->ncols; i++)
			if (record_set(to, i, cur->val[i]) != 0)
				return err_set(e, ERR_NOMEM, _("out of memory"));
		to->deleted = 1;
	} else if (revert_from_json(to, w->old_values) != 0) {
		snprintf(why, wsize, "%s", _("its old values in the audit log are damaged"));
	}
	if (why[0] == '\0' && cur->version == INT64_MAX)
		snprintf(why, wsize, "%s", _("its version cannot go higher"));
	return 0;
}

/* Writes `to` over cur in a savepoint, audited; a row the database refuses
 * is refused (why), anything else fails the revert. */
static int
revert_write(struct store *s, int64_t seq, const struct record *cur, struct record *to,
    char *why, size_t wsize, struct merge_revert_report *rr, struct err *e)
{
	struct err re = { 0 };
	char detail[64], *oj, *nj;
	int rc;

	to->version = cur->version + 1;
	store_now(to->updated_at);
	/* A record in an approved period stays as it is: refused, named. */
	if ((rc = store_lock_check(s, cur->deleted ? NULL : cur, to->deleted ? NULL : to,
	    &re)) != 0) {
		if (rc != ERR_PERM)
			return *e = re, e->code;
		snprintf(why, wsize, "%s", re.msg);
		return 0;
	}
	if (store_begin(s, e) != 0)
		return e->code;
	if (merge_replace(s, to, false, &re) != 0) {
		store_rollback(s);
		if (re.code != ERR_CONSTRAINT && re.code != ERR_INVALID)
			return *e = re, e->code;
		snprintf(why, wsize, "%s", re.msg);
		return 0;
	}
	oj = store_record_json_of(cur);
	nj = store_record_json_of(to);
	snprintf(detail, sizeof detail, "revert of merge %lld", (long long)seq);
	if (oj == NULL || nj == NULL)
		rc = err_set(e, ERR_NOMEM, _("out of memory"));
	else
		rc = store_audit_write(s, "revert", cur->kind->name, to->id, to->unit_code, oj, nj,
		    detail, e);
	free(oj);
	free(nj);
	if (rc != 0 || (rc = store_commit(s, e)) != 0)
		return store_rollback(s), rc;
	rr->reverted++;
	return 0;
}

/* Puts one record back as it was before the merge. 0 done or refused
 * (counted), else a failure of the whole revert. */
static int
revert_one(struct store *s, int64_t seq, const struct revert_row *w,
    struct merge_revert_report *rr, struct err *e)
{
	const struct kind *k = record_kind(w->kind);
	struct record cur, to;
	struct err re = { 0 };
	char why[ERR_MSG_MAX] = "";
	int64_t after;
	int after_deleted = 0, rc;

	if (k == NULL)
		return revert_refuse(rr, w, _("not a kind of record socds knows")) ? err_set(e,
		    ERR_NOMEM, _("out of memory")) : 0;
	if (record_init(&cur, k) != 0 || record_init(&to, k) != 0)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	rc = store_record_get(s, &cur, w->id, &re);
	after = revert_version(w->new_values, &after_deleted);
	if (rc != 0 && re.code != ERR_NOTFOUND) {
		*e = re;
		goto out;
	}
	rc = 0;
	if (re.code == ERR_NOTFOUND)
		snprintf(why, sizeof why, "%s", _("the record is no longer there"));
	else if (after < 1 || cur.version != after || cur.deleted != after_deleted)
		snprintf(why, sizeof why, _("changed since that merge (now version %lld, the merge"
		    " left version %lld)"), (long long)cur.version, (long long)after);
	if (why[0] == '\0' && (rc = revert_target(w, &cur, &to, why, sizeof why, e)) != 0)
		goto out;
	if (why[0] == '\0' && (rc = revert_write(s, seq, &cur, &to, why, sizeof why, rr, e)) != 0)
		goto out;
	if (why[0] != '\0' && revert_refuse(rr, w, why) != 0)
		rc = err_set(e, ERR_NOMEM, _("out of memory"));
out:
	record_free(&cur);
	record_free(&to);
	return rc;
}

static void
revert_rows_free(struct revert_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].old_values);
		free(rows[i].new_values);
	}
	free(rows);
}

/* Whether merge seq can be reverted: a merge that changed something and
 * was not reverted yet. */
static int
revert_allowed(struct store *s, int64_t seq, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char status[16] = "";
	int rc;

	if ((rc = store_prepare(s, "SELECT status, (SELECT at || ' ' || os_user FROM"
	    " merge_revert WHERE merge_seq = ?1) FROM merge_log WHERE seq = ?1", &st)) != SQLITE_OK)
		return store_error(s, rc, e, "merge_log");
	store_bind_int64(s, st, 1, seq);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		snprintf(status, sizeof status, "%s", (const char *)sqlite3_column_text(st, 0));
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			err_set(e, ERR_EXISTS, _("merge %lld was reverted already (%s)"), (long long)seq,
			    (const char *)sqlite3_column_text(st, 1));
			sqlite3_reset(st);
			return e->code;
		}
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "merge_log");
	if (status[0] == '\0')
		return err_set(e, ERR_NOTFOUND, _("merge %lld: no such merge in the merge log"),
		    (long long)seq);
	if (strcmp(status, "merged") != 0)
		return err_set(e, ERR_INVALID, _("merge %lld was refused: it changed nothing to"
		    " revert"), (long long)seq);
	return 0;
}

/* Keeps one audit row of the merge (copies of its JSON) in rows. */
static int
revert_keep(sqlite3_stmt *st, struct revert_row **rows, size_t *n, size_t *cap)
{
	const char *ov = (const char *)sqlite3_column_text(st, 2);
	const char *nv = (const char *)sqlite3_column_text(st, 3);
	struct revert_row *w;

	if (*n == *cap) {
		struct revert_row *m = realloc(*rows, (*cap ? 2 * *cap : 64) * sizeof *m);
		if (m == NULL)
			return SQLITE_NOMEM;
		*rows = m;
		*cap = *cap ? 2 * *cap : 64;
	}
	w = &(*rows)[(*n)++];
	memset(w, 0, sizeof *w);
	snprintf(w->kind, sizeof w->kind, "%s", (const char *)sqlite3_column_text(st, 0));
	snprintf(w->id, sizeof w->id, "%s", (const char *)sqlite3_column_text(st, 1));
	w->old_values = ov != NULL ? strdup(ov) : NULL;
	w->new_values = nv != NULL ? strdup(nv) : NULL;
	if ((ov != NULL && w->old_values == NULL) || (nv != NULL && w->new_values == NULL))
		return SQLITE_NOMEM;
	return SQLITE_OK;
}

int
store_merge_revert(struct store *s, int64_t seq, struct merge_revert_report *rr,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct revert_row *rows = NULL;
	size_t n = 0, cap = 0;
	char now[24];
	int rc;

	memset(rr, 0, sizeof *rr);
	rr->seq = seq;
	if (revert_allowed(s, seq, e) != 0)
		return e->code;
	/* Newest first: the records as the merge left them, read whole before
	 * anything is written. */
	if ((rc = store_prepare(s, "SELECT kind, record_id, old_values, new_values FROM"
	    " audit WHERE merge_seq = ? AND record_id IS NOT NULL ORDER BY seq DESC", &st)) != SQLITE_OK)
		return store_error(s, rc, e, "audit");
	store_bind_int64(s, st, 1, seq);
	while ((rc = store_step(s, st)) == SQLITE_ROW)
		if ((rc = revert_keep(st, &rows, &n, &cap)) != SQLITE_OK)
			break;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		revert_rows_free(rows, n);
		return store_error(s, rc, e, "audit");
	}
	for (size_t i = 0; i < n; i++)
		if (revert_one(s, seq, &rows[i], rr, e) != 0) {
			revert_rows_free(rows, n);
			return e->code;
		}
	revert_rows_free(rows, n);

	if ((rc = store_prepare(s, "INSERT INTO merge_revert(merge_seq, at, os_user,"
	    " reverted, refused) VALUES (?,?,?,?,?)", &st)) != SQLITE_OK)
		return store_error(s, rc, e, "merge_revert");
	store_now(now);
	store_bind_int64(s, st, 1, seq);
	store_bind_text(s, st, 2, now, -1, SQLITE_STATIC);
	store_bind_text(s, st, 3, s->user, -1, SQLITE_STATIC);
	store_bind_int64(s, st, 4, rr->reverted);
	store_bind_int64(s, st, 5, rr->refused);
	rc = store_step(s, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "merge_revert");
}

void
store_merge_revert_free(struct merge_revert_report *rr)
{
	free(rr->items);
	rr->items = NULL;
	rr->nitems = 0;
}

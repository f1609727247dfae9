/* store merge: applying records that came up in a package. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/i18n.h"

/* Overwrites a record with the received one, keeping what it says of itself. */
static int
merge_replace(struct store *s, struct record *r, struct err *e)
{
	const struct kind *k = r->kind;
	char sql[1536];
	size_t n = 0;
	sqlite3_stmt *st;
	int rc, p = 1;

	n += (size_t)snprintf(sql + n, sizeof sql - n, "UPDATE %s SET unit_code = ?,"
	    " created_at = ?, updated_at = ?, version = ?, deleted = ?, synced_version = ?",
	    k->table);
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
	sqlite3_bind_text(st, p++, r->unit_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, p++, r->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, p++, r->updated_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, p++, r->version);
	sqlite3_bind_int(st, p++, r->deleted ? 1 : 0);
	sqlite3_bind_int64(st, p++, r->version);
	if ((p = store_bind_cols(s, st, r, p, e)) < 0)
		return e->code;
	sqlite3_bind_text(st, p, r->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name);
	return store_replace_children(s, r, true, e);
}

/* Runs one of the savepoint statements; they are prepared once. */
static int
merge_sp(struct store *s, const char *verb, const char *name, struct err *e)
{
	char sql[64];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "%s %s", verb, name);
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "savepoint");
}

int
store_savepoint(struct store *s, const char *name, struct err *e)
{
	return merge_sp(s, "SAVEPOINT", name, e);
}

int
store_release(struct store *s, const char *name, struct err *e)
{
	return merge_sp(s, "RELEASE", name, e);
}

void
store_rollback_to(struct store *s, const char *name)
{
	struct err e = { 0 };

	/* The savepoint is left too, as after RELEASE. */
	if (merge_sp(s, "ROLLBACK TO", name, &e) == 0)
		merge_sp(s, "RELEASE", name, &e);
}

bool
store_in_transaction(struct store *s)
{
	return !sqlite3_get_autocommit(s->db);
}

int
store_merge_record(struct store *s, struct record *r, bool savepoint,
    enum merge_outcome *out, int64_t *local, struct err *e)
{
	const struct kind *k = r->kind;
	sqlite3_stmt *st;
	int rc, found = 0, ldeleted = 0;
	int64_t lversion = 0, lsynced = 0;
	bool lsynced_null = true;

	*local = 0;
	if ((st = store_kind_stmt(s, KST_MERGE_GET, k,
	    "SELECT version, synced_version, deleted FROM %s WHERE id = ?", e)) == NULL)
		return e->code;
	sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		found = 1;
		lversion = sqlite3_column_int64(st, 0);
		lsynced_null = sqlite3_column_type(st, 1) == SQLITE_NULL;
		lsynced = sqlite3_column_int64(st, 1);
		ldeleted = sqlite3_column_int(st, 2);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name);
	*local = lversion;

	if (found) {
		/* Made here (never received) or edited here since: a local change. */
		bool changed_here = lsynced_null || lversion != lsynced;
		int64_t base = lsynced_null ? lversion : lsynced;
		if (r->version <= base || (r->version == lversion && !changed_here)) {
			*out = MERGE_UNCHANGED;
			return 0;
		}
		if (changed_here) {
			*out = MERGE_CONFLICT;
			return 0;
		}
	}
	/* A savepoint per row: a refused row leaves the rest of the package
	 * going. Without one (the caller's savepoint covers many rows) a refused
	 * row may leave half its writes: the caller rolls back to its own
	 * savepoint and goes again row by row. */
	if (savepoint && store_savepoint(s, "merge_row", e) != 0)
		return e->code;
	if (found)
		rc = merge_replace(s, r, e);
	else {
		r->synced_version = r->version;
		rc = store_record_insert(s, r, e);
	}
	if (rc != 0) {
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
	if (r->deleted && (!found || !ldeleted))
		*out = MERGE_DELETED;
	else
		*out = found ? MERGE_UPDATED : MERGE_INSERTED;
	return 0;
}

int
store_merge_log(struct store *s, const char *package, const char *sha, const char *unit,
    const char *period, const char *status, const int64_t counts[6], const char *detail,
    int64_t *seq, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char now[24];
	int rc = sqlite3_prepare_v2(s->db,
	    "INSERT INTO merge_log(at, os_user, package, package_sha256, unit_code, period, status,"
	    " inserted, updated, unchanged, deleted, conflicts, rejected, detail)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "merge_log");
	store_now(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, store_os_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, package, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, status, -1, SQLITE_STATIC);
	for (int i = 0; i < 6; i++)
		sqlite3_bind_int64(st, 8 + i, counts[i]);
	sqlite3_bind_text(st, 14, detail, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "merge_log");
	*seq = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_merge_issue(struct store *s, int64_t seq, const char *kind, const char *id,
    const char *issue, int64_t local, int64_t incoming, const char *reason, struct err *e)
{
	sqlite3_stmt *st = store_cached(s,
	    "INSERT INTO merge_issue(merge_seq, kind, record_id, issue, local_version,"
	    " incoming_version, reason) VALUES (?,?,?,?,?,?,?)", e);
	int rc;

	if (st == NULL)
		return e->code;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, issue, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, local);
	sqlite3_bind_int64(st, 6, incoming);
	sqlite3_bind_text(st, 7, reason, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "merge_issue");
}

int
store_merge_seen(struct store *s, const char *sha, bool *seen, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM merge_log WHERE package_sha256 = ?"
	    " AND status = 'merged' LIMIT 1", -1, &st, NULL);

	*seen = false;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		*seen = rc == SQLITE_ROW;
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "merge_log");
}

int
store_merge_log_counts(struct store *s, int64_t seq, const int64_t counts[6], struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "UPDATE merge_log SET inserted = ?, updated = ?,"
	    " unchanged = ?, deleted = ?, conflicts = ?, rejected = ? WHERE seq = ?", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "merge_log");
	for (int i = 0; i < 6; i++)
		sqlite3_bind_int64(st, i + 1, counts[i]);
	sqlite3_bind_int64(st, 7, seq);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "merge_log");
}

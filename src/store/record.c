/* store record: generic insert and read of the record kinds, built from the
 * kinds table (trusted identifiers) with every value bound. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-receipt.h"
#include "socds/store-admin.h"
#include "socds/store-lock.h"
#include "socds/store-record.h"
#include "socds/i18n.h"

static bool
store_is_child(const struct column *c)
{
	return c->type == COL_CHILD_IDS || c->type == COL_CHILD_COUNTS;
}

static int
store_child_slot(const struct column *c)
{
	return c->type == COL_CHILD_IDS ? 0 : 1;
}

/* INSERT statement text for a kind. */
static int
store_insert_sql(const struct kind *k, char *sql, size_t size)
{
	size_t n = 0;
	int params = 7;

	n += (size_t)snprintf(sql + n, size - n, "INSERT INTO %s(" RECORD_COMMON_COLS
	    ", synced_version", k->table);
	for (int i = 0; i < k->ncols && n < size; i++)
		if (!store_is_child(&k->cols[i])) {
			n += (size_t)snprintf(sql + n, size - n, ", %s", k->cols[i].name);
			params++;
		}
	if (k->name_col >= 0 && n < size) {
		n += (size_t)snprintf(sql + n, size - n, ", name_key, name_sort");
		params += 2;
	}
	for (int i = 0; i < params && n < size; i++)
		n += (size_t)snprintf(sql + n, size - n, "%s", i ? ",?" : ") VALUES (?");
	if (n < size)
		n += (size_t)snprintf(sql + n, size - n, ")");
	return n < size ? 0 : -1;
}

/* Binds value v of column c at index i, in its SQL type. v must live until
 * the statement has run (a record's value does): text may be bound uncopied. */
static int
store_bind_value(struct store *s, sqlite3_stmt *st, int i, const struct column *c,
    const char *v, struct err *e)
{
	char *end;

	if (v == NULL || *v == '\0') {
		/* Flags have a default; absent means "no". */
		if (c->type == COL_BOOL)
			return store_bind_int(s, st, i, 0) == SQLITE_OK ? 0 : -1;
		store_bind_null(s, st, i);
		return 0;
	}
	switch (c->type) {
	case COL_INT: {
		errno = 0;
		long long x = strtoll(v, &end, 10);
		if (errno != 0 || *end != '\0')
			return err_set(e, ERR_INVALID, _("%s: '%s' is not a whole number"),
			    c->name, v);
		store_bind_int64(s, st, i, x);
		return 0;
	}
	case COL_REAL: {
		errno = 0;
		double x = strtod(v, &end);
		if (errno != 0 || *end != '\0')
			return err_set(e, ERR_INVALID, _("%s: '%s' is not a number"), c->name, v);
		store_bind_double(s, st, i, x);
		return 0;
	}
	case COL_BOOL:
		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
			return err_set(e, ERR_INVALID, _("%s: '%s' is not 0 or 1"), c->name, v);
		store_bind_int(s, st, i, v[0] - '0');
		return 0;
	case COL_TEXT: {
		/* The single gate to the file: only NFC text is stored. */
		size_t len = strlen(v);
		if (text_is_clean(v, len)) {
			store_bind_text(s, st, i, v, (int)len, SQLITE_STATIC);
			return 0;
		}
		if (text_clean(v, &s->t3) != 0)
			return err_set(e, ERR_INVALID, _("%s: the text is not valid UTF-8"),
			    c->name);
		/* Mostly clean already (the forms clean what they parse): then the
		 * record's own value, which outlives the step, is bound uncopied. */
		if (s->t3.len == len && memcmp(s->t3.p, v, len) == 0)
			store_bind_text(s, st, i, v, (int)len, SQLITE_STATIC);
		else
			store_bind_text(s, st, i, s->t3.p, (int)s->t3.len, SQLITE_TRANSIENT);
		return 0;
	}
	default:
		if (!text_utf8_valid(v, strlen(v), NULL))
			return err_set(e, ERR_INVALID, _("%s: the text is not valid UTF-8"),
			    c->name);
		store_bind_text(s, st, i, v, -1, SQLITE_STATIC);
		return 0;
	}
}

/* Inserts the child rows encoded in value v ("id;id" or "code=n;code=n"). */
static int
store_insert_children(struct store *s, const struct record *r, const struct column *c,
    const char *v, struct err *e)
{
	static const char *const sql[2] = {
		"INSERT INTO activity_member(activity_id, member_id) VALUES (?, ?)",
		"INSERT INTO activity_help(activity_id, category, count) VALUES (?, ?, ?)",
	};
	int slot = store_child_slot(c);
	const char *p = v;

	while (p != NULL && *p != '\0') {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		char item[128];
		sqlite3_stmt *st;
		int rc;

		if (len == 0 || len >= sizeof item) {
			p = semi ? semi + 1 : NULL;
			if (len == 0)
				continue;
			return err_set(e, ERR_INVALID, _("%s: an item is too long"), c->name);
		}
		memcpy(item, p, len);
		item[len] = '\0';
		p = semi ? semi + 1 : NULL;
		if ((st = store_cached(s, sql[slot], e)) == NULL)
			return e->code;
		store_bind_text(s, st, 1, r->id, -1, SQLITE_STATIC);
		if (slot == 0) {
			store_bind_text(s, st, 2, item, -1, SQLITE_TRANSIENT);
		} else {
			char *eq = strchr(item, '='), *end;
			long long n;
			if (eq == NULL)
				return err_set(e, ERR_INVALID,
				    _("%s: '%s' should be category=number"), c->name, item);
			*eq = '\0';
			errno = 0;
			n = strtoll(eq + 1, &end, 10);
			if (errno != 0 || *end != '\0' || n < 0 || eq == item)
				return err_set(e, ERR_INVALID,
				    _("%s: '%s' is not a count of citizens"), c->name, eq + 1);
			store_bind_text(s, st, 2, item, -1, SQLITE_TRANSIENT);
			store_bind_int64(s, st, 3, n);
		}
		rc = store_step(s, st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_error(s, rc, e, c->name);
	}
	return 0;
}

/* Binds the kind's own columns (and derived name keys) from parameter p on;
 * returns the next parameter index, or -1 with e filled. Insert and update
 * list the columns in the same order. */
int
store_bind_cols(struct store *s, sqlite3_stmt *st, const struct record *r, int p,
    struct err *e)
{
	const struct kind *k = r->kind;

	for (int i = 0; i < k->ncols; i++) {
		if (store_is_child(&k->cols[i]))
			continue;
		/* A tombstone whose personal data were purged (bin) has an empty
		 * name, which a live record may not. */
		if (i == k->name_col && r->deleted && r->val[i] == NULL) {
			store_bind_text(s, st, p++, "", 0, SQLITE_STATIC);
			continue;
		}
		if (store_bind_value(s, st, p++, &k->cols[i], r->val[i], e) != 0)
			return -1;
	}
	if (k->name_col >= 0) {
		const char *name = r->val[k->name_col];
		if (name == NULL)
			name = "";
		if (text_clean(name, &s->t1) != 0 || text_fold(s->t1.p, &s->t2) != 0)
			return err_set(e, ERR_INVALID, _("%s: the text is not valid UTF-8"),
			    k->cols[k->name_col].name), -1;
		store_bind_text(s, st, p++, s->t2.p, (int)s->t2.len, SQLITE_TRANSIENT);
		if ((k->person ? text_name_sortkey(s->t1.p, &s->t2)
		    : text_sortkey(s->t1.p, &s->t2)) != 0)
			return err_set(e, ERR_NOMEM, _("out of memory")), -1;
		store_bind_blob(s, st, p++, s->t2.p, (int)s->t2.len, SQLITE_TRANSIENT);
	}
	return p;
}

/* Replaces the child rows of record r (activity members, citizens helped). */
int
store_replace_children(struct store *s, const struct record *r, bool clear, struct err *e)
{
	const struct kind *k = r->kind;

	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		if (!store_is_child(c))
			continue;
		if (clear) {
			char sql[96];
			sqlite3_stmt *st;
			int rc;
			snprintf(sql, sizeof sql, "DELETE FROM %s WHERE activity_id = ?", c->ref);
			if ((st = store_cached(s, sql, e)) == NULL)
				return e->code;
			store_bind_text(s, st, 1, r->id, -1, SQLITE_STATIC);
			rc = store_step(s, st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return store_error(s, rc, e, c->name);
		}
		if (store_insert_children(s, r, c, r->val[i], e) != 0)
			return e->code;
	}
	return 0;
}

int
store_record_insert(struct store *s, struct record *r, struct err *e)
{
	const struct kind *k = r->kind;
	sqlite3_stmt *st;
	int rc, p = 1;

	if (store_allow(s, STORE_ACT_EDIT, r->unit_code, e) != 0 ||
	    store_lock_check(s, NULL, r, e) != 0)
		return e->code;
	char sql[1024];
	if (store_insert_sql(k, sql, sizeof sql) != 0)
		return err_set(e, ERR_FAIL, "insert SQL too long for %s", k->name);
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;

	if (r->id[0] == '\0' && uuid_v7(r->id, 0) != 0)
		return err_set(e, ERR_FAIL, _("no random numbers available for ids"));
	if (r->created_at[0] == '\0')
		store_now(r->created_at);
	if (r->updated_at[0] == '\0')
		memcpy(r->updated_at, r->created_at, sizeof r->updated_at);
	if (r->version < 1)
		r->version = 1;

	store_bind_text(s, st, p++, r->id, -1, SQLITE_STATIC);
	store_bind_text(s, st, p++, r->unit_code, -1, SQLITE_STATIC);
	store_bind_text(s, st, p++, r->created_at, -1, SQLITE_STATIC);
	store_bind_text(s, st, p++, r->updated_at, -1, SQLITE_STATIC);
	store_bind_int64(s, st, p++, r->version);
	store_bind_int(s, st, p++, r->deleted ? 1 : 0);
	if (r->synced_version > 0)
		store_bind_int64(s, st, p++, r->synced_version);
	else
		store_bind_null(s, st, p++);
	if ((p = store_bind_cols(s, st, r, p, e)) < 0)
		return e->code;

	if (store_begin(s, e) != 0)
		return e->code;
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_error(s, rc, e, k->name);
		goto fail;
	}
	if (store_replace_children(s, r, false, e) != 0)
		goto fail;
	if (s->audit) {
		char *nj = store_record_json_of(r);
		rc = store_audit_write(s, "insert", k->name, r->id, r->unit_code, NULL, nj, NULL, e);
		free(nj);
		if (rc != 0)
			goto fail;
	}
	return store_end(s, 0, e);
fail:
	return store_end(s, -1, e);
}

size_t
store_select_list(const struct kind *k, char *sql, size_t size)
{
	size_t n = 0;

	n += (size_t)snprintf(sql + n, size - n,
	    "t.id, t.unit_code, t.created_at, t.updated_at, t.version, t.deleted");
	for (int i = 0; i < k->ncols && n < size; i++) {
		const struct column *c = &k->cols[i];
		if (c->type == COL_CHILD_IDS)
			n += (size_t)snprintf(sql + n, size - n,
			    ", (SELECT group_concat(%s, ';') FROM (SELECT %s FROM %s"
			    " WHERE activity_id = t.id ORDER BY 1))", c->child_key, c->child_key,
			    c->ref);
		else if (c->type == COL_CHILD_COUNTS)
			n += (size_t)snprintf(sql + n, size - n,
			    ", (SELECT group_concat(%s || '=' || count, ';') FROM (SELECT %s, count"
			    " FROM %s WHERE activity_id = t.id ORDER BY 1))", c->child_key,
			    c->child_key, c->ref);
		else
			n += (size_t)snprintf(sql + n, size - n, ", t.%s", c->name);
	}
	return n;
}

/* Copies text column i into buf (cut to size - 1 bytes; NULL gives ""). */
static void
store_col_copy(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	size_t n = t != NULL ? (size_t)sqlite3_column_bytes(st, i) : 0;

	if (n >= size)
		n = size - 1;
	if (n > 0)
		memcpy(buf, t, n);
	buf[n] = '\0';
}

/* The columns every record has, at `off` in the select list. */
static void
store_row_common(sqlite3_stmt *st, int off, struct record *r)
{
	store_col_copy(st, off, r->id, sizeof r->id);
	store_col_copy(st, off + 1, r->unit_code, sizeof r->unit_code);
	store_col_copy(st, off + 2, r->created_at, sizeof r->created_at);
	store_col_copy(st, off + 3, r->updated_at, sizeof r->updated_at);
	r->version = sqlite3_column_int64(st, off + 4);
	r->deleted = sqlite3_column_int(st, off + 5);
}

int
store_row_record(sqlite3_stmt *st, int off, struct record *r)
{
	const struct kind *k = r->kind;

	store_row_common(st, off, r);
	for (int i = 0; i < k->ncols; i++)
		if (record_set(r, i, (const char *)sqlite3_column_text(st, off + 6 + i)) != 0)
			return -1;
	return 0;
}

void
store_row_view(sqlite3_stmt *st, int off, struct record *r)
{
	const struct kind *k = r->kind;

	store_row_common(st, off, r);
	/* The text SQLite keeps for the row; nobody writes through these. */
	for (int i = 0; i < k->ncols; i++)
		r->val[i] = (char *)(uintptr_t)sqlite3_column_text(st, off + 6 + i);
}

int
store_record_get(struct store *s, struct record *r, const char *id, struct err *e)
{
	const struct kind *k = r->kind;
	char sql[1536];
	size_t n;
	sqlite3_stmt *st = NULL;
	int rc;

	n = (size_t)snprintf(sql, sizeof sql, "SELECT ");
	n += store_select_list(k, sql + n, sizeof sql - n);
	if (n < sizeof sql)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " FROM %s t WHERE id = ?", k->table);
	if (n >= sizeof sql)
		return err_set(e, ERR_FAIL, "select SQL too long for %s", k->name);
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_TRANSIENT);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		rc = store_row_record(st, 0, r) == 0 ? SQLITE_OK : SQLITE_NOMEM;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, _("%s %s: no such record"), k->name, id);
	return rc == SQLITE_OK ? 0 : store_error(s, rc, e, k->name);
}

int
store_record_count(struct store *s, const struct kind *k, const char *unit_code,
    int64_t *n, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	/* Kept by triggers (schema v6): no need to read the rows. */
	if ((rc = store_prepare(s, unit_code != NULL ?
	    "SELECT ifnull(sum(live), 0) FROM kind_count WHERE kind = ?1 AND unit_code = ?2" :
	    "SELECT ifnull(sum(live), 0) FROM kind_count WHERE kind = ?1", &st)) != SQLITE_OK)
		return store_error(s, rc, e, k->name);
	store_bind_text(s, st, 1, k->table, -1, SQLITE_STATIC);
	if (unit_code != NULL)
		store_bind_text(s, st, 2, unit_code, -1, SQLITE_TRANSIENT);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_reset(st);
	return rc == SQLITE_OK ? 0 : store_error(s, rc, e, k->name);
}

/* Tells apart "changed by someone else", "deleted" and "no such record" after
 * a guarded UPDATE changed nothing. */
static int
store_why_unchanged(struct store *s, const struct kind *k, const char *id, struct err *e)
{
	char sql[128];
	sqlite3_stmt *st = NULL;
	int rc, deleted = -1;

	snprintf(sql, sizeof sql, "SELECT deleted FROM %s WHERE id = ?", k->table);
	if ((rc = store_prepare(s, sql, &st)) == SQLITE_OK) {
		store_bind_text(s, st, 1, id, -1, SQLITE_STATIC);
		if (store_step(s, st) == SQLITE_ROW)
			deleted = sqlite3_column_int(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, k->name);
	if (deleted < 0)
		return err_set(e, ERR_NOTFOUND, _("%s %s: no such record"), k->name, id);
	if (deleted)
		return err_set(e, ERR_CONFLICT,
		    _("this record was deleted by someone else in the meantime"));
	return err_set(e, ERR_CONFLICT,
	    _("this record was changed by someone else in the meantime"));
}

/* Runs a write guarded by the record's version (UPDATE ... WHERE id = ? AND
 * version = ?): an error, or ERR_CONFLICT and why when it changed nothing. */
static int
store_guarded_step(struct store *s, sqlite3_stmt *st, const struct kind *k, const char *id,
    struct err *e)
{
	int rc = store_step(s, st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name);
	if (sqlite3_changes(s->db) == 0)
		return store_why_unchanged(s, k, id, e);
	return 0;
}

/* Before a change: the record's unit ("" when there is no such record) and,
 * when the audit log is on, its stored values as JSON (NULL otherwise). */
static int
store_record_before(struct store *s, const struct kind *k, const char *id, char unit[8],
    char **json, struct err *e)
{
	char sql[128];
	sqlite3_stmt *st = NULL;
	int rc;

	unit[0] = '\0';
	*json = NULL;
	snprintf(sql, sizeof sql, "SELECT unit_code FROM %s WHERE id = ?", k->table);
	if ((rc = store_prepare(s, sql, &st)) == SQLITE_OK) {
		store_bind_text(s, st, 1, id, -1, SQLITE_STATIC);
		if ((rc = store_step(s, st)) == SQLITE_ROW) {
			snprintf(unit, 8, "%s", (const char *)sqlite3_column_text(st, 0));
			rc = SQLITE_DONE;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name);
	if (s->audit && unit[0])
		*json = store_record_json(s, k, id);
	return 0;
}

/* The UPDATE of a record of kind k, guarded by its version. */
static int
store_update_sql(const struct kind *k, char *sql, size_t size)
{
	size_t n = 0;

	n += (size_t)snprintf(sql + n, size - n,
	    "UPDATE %s SET unit_code = ?, updated_at = ?, version = version + 1", k->table);
	for (int i = 0; i < k->ncols && n < size; i++)
		if (!store_is_child(&k->cols[i]))
			n += (size_t)snprintf(sql + n, size - n, ", %s = ?", k->cols[i].name);
	if (k->name_col >= 0 && n < size)
		n += (size_t)snprintf(sql + n, size - n, ", name_key = ?, name_sort = ?");
	if (n < size)
		n += (size_t)snprintf(sql + n, size - n,
		    " WHERE id = ? AND version = ? AND deleted = 0");
	return n < size ? 0 : -1;
}

/* The audit row of an update: old values oj, new ones r's with its next version. */
static int
store_update_audit(struct store *s, struct record *r, const char *oj, struct err *e)
{
	char *nj;
	int rc;

	if (!s->audit)
		return 0;
	r->version++;
	nj = store_record_json_of(r);
	r->version--;
	rc = store_audit_write(s, "update", r->kind->name, r->id, r->unit_code, oj, nj, NULL, e);
	free(nj);
	return rc;
}

int
store_record_update(struct store *s, struct record *r, struct err *e)
{
	const struct kind *k = r->kind;
	char sql[1536], *oj = NULL, old_unit[8];
	sqlite3_stmt *st;
	int p = 1;

	if (store_update_sql(k, sql, sizeof sql) != 0)
		return err_set(e, ERR_FAIL, "update SQL too long for %s", k->name);
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	store_now(r->updated_at);
	store_bind_text(s, st, p++, r->unit_code, -1, SQLITE_STATIC);
	store_bind_text(s, st, p++, r->updated_at, -1, SQLITE_STATIC);
	if ((p = store_bind_cols(s, st, r, p, e)) < 0)
		return e->code;
	store_bind_text(s, st, p++, r->id, -1, SQLITE_STATIC);
	store_bind_int64(s, st, p++, r->version);
	if (store_begin(s, e) != 0)
		return e->code;
	/* Read inside the transaction: whose unit decides whether this user may
	 * change it, and what the audit log keeps. */
	if (store_record_before(s, k, r->id, old_unit, &oj, e) != 0 ||
	    (old_unit[0] && store_allow(s, STORE_ACT_EDIT, old_unit, e) != 0) ||
	    store_allow(s, STORE_ACT_EDIT, r->unit_code, e) != 0 ||
	    store_lock_stored(s, k, r->id, r, e) != 0)
		goto fail;
	if (store_guarded_step(s, st, k, r->id, e) != 0)
		goto fail;
	/* Saved: the office's remark on it is answered (the next receipt says). */
	if (store_replace_children(s, r, true, e) != 0 || store_update_audit(s, r, oj, e) != 0 ||
	    store_remark_clear(s, r->id, e) != 0 || store_commit(s, e) != 0)
		goto fail;
	free(oj);
	r->version++;
	return 0;
fail:
	sqlite3_reset(st);
	free(oj);
	store_rollback(s);
	return e->code;
}

int
store_record_delete(struct store *s, const struct kind *k, const char *id, int64_t version,
    struct err *e)
{
	char sql[160], now[24];
	sqlite3_stmt *st = NULL;
	int rc;

	char *oj = NULL, unit[8] = "";

	snprintf(sql, sizeof sql, "UPDATE %s SET deleted = 1, version = version + 1,"
	    " updated_at = ? WHERE id = ? AND version = ? AND deleted = 0", k->table);
	if ((rc = store_prepare(s, sql, &st)) != SQLITE_OK)
		return store_error(s, rc, e, k->name);
	if (store_begin(s, e) != 0) {
		sqlite3_reset(st);
		return e->code;
	}
	if (store_record_before(s, k, id, unit, &oj, e) != 0) {
		sqlite3_reset(st);
		goto fail;
	}
	if ((unit[0] && store_allow(s, STORE_ACT_EDIT, unit, e) != 0) ||
	    store_lock_stored(s, k, id, NULL, e) != 0) {
		sqlite3_reset(st);
		goto fail;
	}
	store_now(now);
	store_bind_text(s, st, 1, now, -1, SQLITE_STATIC);
	store_bind_text(s, st, 2, id, -1, SQLITE_STATIC);
	store_bind_int64(s, st, 3, version);
	if (store_guarded_step(s, st, k, id, e) != 0)
		goto fail;
	/* What depends on it goes with it (delete.c), noted for the bin. */
	if (store_bin_open(s, k, id, now, e) != 0 ||
	    store_delete_dependants(s, k, id, now, e) != 0)
		goto fail;
	store_bin_close(s);
	if (s->audit && store_audit_write(s, "delete", k->name, id, unit, oj, NULL, NULL, e) != 0)
		goto fail;
	if (store_remark_clear(s, id, e) != 0 || store_commit(s, e) != 0)
		goto fail;
	free(oj);
	return 0;
fail:
	store_bin_close(s);
	store_rollback(s);
	free(oj);
	return e->code;
}

/* The SQL reading the name of a record of kind k by id (?1); false for kinds
 * that have no name. */
static bool
store_name_sql(const struct kind *k, char *sql, size_t size)
{
	if (k->name_col >= 0)
		snprintf(sql, size, "SELECT %s FROM %s WHERE id = ?",
		    k->cols[k->name_col].name, k->table);
	else if (k == &record_kinds[KIND_PARTICIPANT])
		snprintf(sql, size, "SELECT coalesce((SELECT full_name FROM staff WHERE"
		    " id = p.staff_id), (SELECT full_name FROM member WHERE id = p.member_id))"
		    " FROM participant p WHERE p.id = ?");
	else if (k == &record_kinds[KIND_ACTIVITY])
		snprintf(sql, size, "SELECT held_on || ' ' || ifnull(place, '') FROM activity"
		    " WHERE id = ?");
	else
		return false;
	return true;
}

/* Steps st (its id bound) and copies the name into buf. */
static int
store_name_read(struct store *s, sqlite3_stmt *st, const struct kind *k, char *buf,
    size_t size, struct err *e)
{
	int rc;

	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		snprintf(buf, size, "%s", t != NULL ? t : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	return rc == SQLITE_OK ? 0 : store_error(s, rc, e, k->name);
}

int
store_record_name(struct store *s, const struct kind *k, const char *id, char *buf,
    size_t size, struct err *e)
{
	char sql[256];
	sqlite3_stmt *st = NULL;
	int rc;

	buf[0] = '\0';
	if (id == NULL || *id == '\0' || !store_name_sql(k, sql, sizeof sql))
		return 0;
	if ((rc = store_prepare(s, sql, &st)) != SQLITE_OK)
		return store_error(s, rc, e, k->name);
	store_bind_text(s, st, 1, id, -1, SQLITE_STATIC);
	rc = store_name_read(s, st, k, buf, size, e);
	sqlite3_reset(st);
	return rc;
}

/* Exports name thousands of records: store_record_name's statements are
 * cached, so this is only a handle kept for its callers. */
struct store_names {
	struct store *s;
};

struct store_names *
store_names_new(struct store *s)
{
	struct store_names *n = calloc(1, sizeof *n);

	if (n != NULL)
		n->s = s;
	return n;
}

int
store_names_get(struct store_names *n, const struct kind *k, const char *id, char *buf,
    size_t size, struct err *e)
{
	return store_record_name(n->s, k, id, buf, size, e);
}

void
store_names_free(struct store_names *n)
{
	free(n);
}

int
store_recent_values(struct store *s, const struct kind *k, const char *col, const char *unit,
    int max, char ***out, struct err *e)
{
	char sql[320];
	sqlite3_stmt *st = NULL;
	char **v;
	int rc, n = 0;

	*out = NULL;
	/* The column's name comes from the kind's own list, never from input. */
	if (record_col_index(k, col) < 0 || unit == NULL || max <= 0)
		return 0;
	if ((v = calloc((size_t)max, sizeof *v)) == NULL)
		return err_set(e, ERR_NOMEM, "%s", _("out of memory")), -1;
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE unit_code = ?1 AND deleted = 0"
	    " AND %s IS NOT NULL AND %s <> '' GROUP BY %s ORDER BY max(rowid) DESC LIMIT ?2",
	    col, k->table, col, col, col);
	if ((rc = store_prepare(s, sql, &st)) != SQLITE_OK) {
		free(v);
		return store_error(s, rc, e, k->name), -1;
	}
	store_bind_text(s, st, 1, unit, -1, SQLITE_STATIC);
	store_bind_int(s, st, 2, max);
	while (n < max && (rc = store_step(s, st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if ((v[n] = strdup(t != NULL ? t : "")) == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_values_free(v, n);
		return store_error(s, rc, e, k->name), -1;
	}
	*out = v;
	return n;
}

void
store_values_free(char **v, int n)
{
	for (int i = 0; i < n && v != NULL; i++)
		free(v[i]);
	free(v);
}

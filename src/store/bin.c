/* store bin: the recycle bin (schema: the deletion tables). A delete notes
 * which tombstones and which members-present links went with the record
 * deleted; the bin lists the tombstones that are not part of another's
 * deletion; restoring brings a deletion back as new versions; purging blanks
 * the personal data and keeps the tombstones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-admin.h"
#include "socds/store-bin.h"
#include "socds/store-lock.h"
#include "socds/store-record.h"
#include "socds/i18n.h"

/* --- noting a delete (record.c, delete.c) --- */

int
store_bin_open(struct store *s, const struct kind *k, const char *id, const char *now,
    struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_kind_stmt(s, k, "INSERT INTO deletion(kind, record_id, unit_code, version,"
	    " deleted_at, os_user) SELECT ?1, id, unit_code, version, ?3, ?4 FROM %s"
	    " WHERE id = ?2", e)) == NULL)
		return e->code;
	store_bind(s, st, "tttt", k->name, id, now, s->user);
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "deletion");
	s->bin_deletion = sqlite3_last_insert_rowid(s->db);
	return 0;
}

void
store_bin_close(struct store *s)
{
	s->bin_deletion = 0;
}

int
store_bin_note(struct store *s, const struct kind *k, const char *id, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (s->bin_deletion == 0)
		return 0;
	if ((st = store_kind_stmt(s, k, "INSERT INTO deletion_item(deletion_id, kind, record_id,"
	    " version) SELECT ?1, ?2, id, version FROM %s WHERE id = ?3", e)) == NULL)
		return e->code;
	store_bind(s, st, "itt", s->bin_deletion, k->name, id);
	rc = store_step(s, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "deletion");
}

int
store_bin_note_presence(struct store *s, const char *act, const char *del_where,
    const char *id, struct err *e)
{
	char sql[320];

	if (s->bin_deletion == 0)
		return 0;
	snprintf(sql, sizeof sql, "INSERT INTO deletion_item(deletion_id, kind, record_id,"
	    " member_id) SELECT ?3, 'activity', activity_id, member_id FROM activity_member"
	    " WHERE activity_id = ?1 AND %s", del_where);
	return store_run(s, e, "deletion", sql, "tti", act, id, s->bin_deletion);
}

/* --- reading the bin --- */

/* The bin's SQL: the tombstones of every kind (of a unit and below, ?1, or
 * the one record ?1), those gone with another's deletion left out, with
 * their deletion, who deleted them and how many went with them. */
static int
bin_sql(char *sql, size_t size, bool one)
{
	size_t n = (size_t)snprintf(sql, size, "WITH t(kind, id, unit_code, updated_at, version)"
	    " AS (");

	for (int i = 0; i < KIND_COUNT && n < size; i++)
		n += (size_t)snprintf(sql + n, size - n, "%sSELECT '%s', id, unit_code, updated_at,"
		    " version FROM %s WHERE deleted = 1 AND %s", i ? " UNION ALL " : "",
		    record_kinds[i].name, record_kinds[i].table,
		    one ? "id = ?1" : STORE_WITHIN("unit_code", "?1"));
	if (n < size)
		n += (size_t)snprintf(sql + n, size - n, ")"
		    " SELECT t.kind, t.id, t.unit_code, t.updated_at, ifnull(d.id, 0),"
		    " coalesce(d.os_user, (SELECT a.os_user FROM audit a WHERE a.record_id = t.id"
		    "  AND a.action = 'delete' ORDER BY a.seq DESC LIMIT 1), ''),"
		    " (SELECT count(*) FROM deletion_item i WHERE i.deletion_id = d.id"
		    "  AND i.member_id IS NULL)"
		    " FROM t LEFT JOIN deletion d ON d.id = (SELECT max(x.id) FROM deletion x"
		    "  WHERE x.record_id = t.id AND x.version = t.version AND x.restored_at IS NULL"
		    "  AND x.purged_at IS NULL)"
		    " WHERE NOT EXISTS (SELECT 1 FROM deletion_item i JOIN deletion g"
		    "  ON g.id = i.deletion_id WHERE i.record_id = t.id AND i.member_id IS NULL"
		    "  AND i.version = t.version AND g.restored_at IS NULL)"
		    " AND NOT EXISTS (SELECT 1 FROM deletion p WHERE p.record_id = t.id"
		    "  AND p.version = t.version AND p.purged_at IS NOT NULL)"
		    "%s", one ? "" : " ORDER BY t.updated_at DESC, ifnull(d.id, 0) DESC, t.id DESC"
		    " LIMIT ?2 OFFSET ?3");
	return n < size ? 0 : -1;
}

static void
bin_row_read(sqlite3_stmt *st, struct store_bin_row *r)
{
	const char *t;

	memset(r, 0, sizeof *r);
	r->kind = record_kind((const char *)sqlite3_column_text(st, 0));
	snprintf(r->id, sizeof r->id, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(r->unit, sizeof r->unit, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(r->deleted_at, sizeof r->deleted_at, "%s", (const char *)sqlite3_column_text(st, 3));
	r->deletion = sqlite3_column_int64(st, 4);
	t = (const char *)sqlite3_column_text(st, 5);
	snprintf(r->user, sizeof r->user, "%s", t != NULL ? t : "");
	r->with = sqlite3_column_int64(st, 6);
}

int
store_bin_page(struct store *s, const char *unit, int64_t offset, int limit,
    int (*fn)(const struct store_bin_row *r, void *arg), void *arg, struct err *e)
{
	char sql[6144];
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (bin_sql(sql, sizeof sql, false) != 0)
		return err_set(e, ERR_FAIL, "bin: SQL too long");
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, unit, -1, SQLITE_TRANSIENT);
	store_bind_int64(s, st, 2, limit);
	store_bind_int64(s, st, 3, offset);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		struct store_bin_row r;
		bin_row_read(st, &r);
		if (r.kind != NULL && (ret = fn(&r, arg)) != 0)
			break;
	}
	sqlite3_reset(st);
	if (ret != 0)
		return ret;
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "bin");
}

/* The kind of record id, whatever it is (ids are unique across kinds). */
static const struct kind *
bin_kind_of(struct store *s, const char *id, bool *deleted, struct err *e)
{
	for (int i = 0; i < KIND_COUNT; i++) {
		bool exists = false;
		if (store_record_exists(s, &record_kinds[i], id, &exists, deleted, e) != 0)
			return NULL;
		if (exists)
			return &record_kinds[i];
	}
	return NULL;
}

int
store_bin_get(struct store *s, const char *id, struct store_bin_row *r, struct err *e)
{
	char sql[6144];
	const struct kind *k;
	sqlite3_stmt *st;
	bool deleted = false;
	int rc;

	if (bin_sql(sql, sizeof sql, true) != 0)
		return err_set(e, ERR_FAIL, "bin: SQL too long");
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_TRANSIENT);
	if ((rc = store_step(s, st)) == SQLITE_ROW)
		bin_row_read(st, r);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW && r->kind != NULL)
		return 0;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_error(s, rc, e, "bin");
	/* Not in the bin: say why. */
	e->code = 0;
	if ((k = bin_kind_of(s, id, &deleted, e)) == NULL)
		return e->code ? e->code : err_set(e, ERR_NOTFOUND, _("%s: no such record"), id);
	if (!deleted)
		return err_set(e, ERR_NOTFOUND, _("%s %s is not deleted"), k->name, id);
	return err_set(e, ERR_NOTFOUND, _("%s %s is not in the recycle bin: it was purged, or it"
	    " went with another record (restore that one)"), k->name, id);
}

/* One thing deletion d took: a record (member empty) or a link. */
struct bin_item {
	const struct kind *kind;
	char id[UUID_STR_LEN];
	char member[UUID_STR_LEN];
	int64_t version;
};

/* The items of deletion d, newest first (the order to restore them in:
 * members before their activities and participations, links last). Records
 * no longer at the version the deletion left them at are left out. */
static int
bin_items_read(struct store *s, int64_t d, struct bin_item **out, size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = store_cached(s, "SELECT kind, record_id, member_id, ifnull(version, 0)"
	    " FROM deletion_item WHERE deletion_id = ?1 ORDER BY rowid DESC", e)) == NULL)
		return e->code;
	store_bind_int64(s, st, 1, d);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 2);
		const struct kind *k = record_kind((const char *)sqlite3_column_text(st, 0));
		if (k == NULL)
			continue;
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			struct bin_item *p = realloc(*out, nc * sizeof *p);
			if (p == NULL) {
				sqlite3_reset(st);
				free(*out);
				*out = NULL;
				return err_set(e, ERR_NOMEM, _("out of memory"));
			}
			*out = p;
			cap = nc;
		}
		struct bin_item *it = &(*out)[(*n)++];
		it->kind = k;
		snprintf(it->id, sizeof it->id, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(it->member, sizeof it->member, "%s", m != NULL ? m : "");
		it->version = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		return store_error(s, rc, e, "bin");
	}
	/* Only the tombstones this deletion left. */
	size_t keep = 0;
	for (size_t i = 0; i < *n; i++) {
		struct bin_item *it = &(*out)[i];
		int64_t v = 0;
		bool deleted = false;
		if (it->member[0] == '\0') {
			if (store_record_version(s, it->kind, it->id, &v, e) != 0 ||
			    store_record_deleted(s, it->kind, it->id, &deleted, e) != 0) {
				free(*out);
				*out = NULL;
				return e->code;
			}
			if (!deleted || v != it->version)
				continue;
		}
		(*out)[keep++] = *it;
	}
	*n = keep;
	return 0;
}

int
store_bin_items(struct store *s, int64_t deletion,
    int (*fn)(const struct kind *k, const char *id, const char *member, void *arg), void *arg,
    struct err *e)
{
	struct bin_item *it;
	size_t n;
	int ret = 0;

	if (deletion == 0)
		return 0;
	if (bin_items_read(s, deletion, &it, &n, e) != 0)
		return e->code;
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = fn(it[i].kind, it[i].id, it[i].member[0] ? it[i].member : NULL, arg);
	free(it);
	return ret;
}

/* --- restoring --- */

/* The first record that r names (COL_REF) and that is deleted: its kind
 * into *tk and its id into tid; *tk NULL when none. */
static int
bin_deleted_ref(struct store *s, const struct record *r, const struct kind **tk,
    char tid[UUID_STR_LEN], struct err *e)
{
	*tk = NULL;
	for (int c = 0; c < r->kind->ncols; c++) {
		const struct column *col = &r->kind->cols[c];
		const struct kind *k;
		bool exists = false, deleted = false;
		if (col->type != COL_REF || r->val[c] == NULL || r->val[c][0] == '\0' ||
		    (k = record_kind(col->ref)) == NULL)
			continue;
		if (store_record_exists(s, k, r->val[c], &exists, &deleted, e) != 0)
			return e->code;
		if (exists && deleted) {
			*tk = k;
			snprintf(tid, UUID_STR_LEN, "%s", r->val[c]);
			return 0;
		}
	}
	return 0;
}

/* Brings record id of kind k back as a new version, audited. A record that
 * names a deleted one: refused when it is the record asked for (root),
 * otherwise left deleted. */
static int
bin_restore_one(struct store *s, const struct kind *k, const char *id, bool root,
    const char *now, const char *detail, store_bin_check check, void *arg,
    struct store_bin_restored *out, struct err *e)
{
	struct record r;
	const struct kind *tk;
	char tid[UUID_STR_LEN], name[200], tname[200];
	char *oj = NULL, *nj = NULL;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (record_init(&r, k) != 0)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	if (store_record_get(s, &r, id, e) != 0 ||
	    store_allow(s, STORE_ACT_EDIT, r.unit_code, e) != 0 ||
	    bin_deleted_ref(s, &r, &tk, tid, e) != 0) {
		ret = e->code;
		goto out;
	}
	if (tk != NULL) {
		if (!root) {
			out->left++;
			goto out;
		}
		store_record_name(s, k, id, name, sizeof name, e);
		store_record_name(s, tk, tid, tname, sizeof tname, e);
		out->blocker_kind = tk;
		snprintf(out->blocker, sizeof out->blocker, "%s", tid);
		ret = err_set(e, ERR_INVALID, _("'%s' belongs to '%s', which is deleted too:"
		    " restore that first"), name[0] ? name : id, tname[0] ? tname : tid);
		goto out;
	}
	r.deleted = 0;
	/* Coming back is a new record in its period. */
	if ((ret = store_lock_check(s, NULL, &r, e)) != 0)
		goto out;
	if (check != NULL && (ret = check(s, &r, arg, e)) != 0) {
		char msg[ERR_MSG_MAX];
		store_record_name(s, k, id, name, sizeof name, e);
		snprintf(msg, sizeof msg, "%s", e->msg);
		err_set(e, ret, _("%s '%s' cannot come back: %s"), k->name, name[0] ? name : id, msg);
		goto out;
	}
	if (s->audit)
		oj = store_record_json(s, k, id);
	if ((st = store_kind_stmt(s, k, "UPDATE %s SET deleted = 0, version = version + 1,"
	    " updated_at = ?2 WHERE id = ?1 AND deleted = 1", e)) == NULL) {
		ret = e->code;
		goto out;
	}
	store_bind(s, st, "tt", id, now);
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, rc, e, k->name);
		goto out;
	}
	/* An activity's members present deleted while it was: out of its list. */
	if (k == &record_kinds[KIND_ACTIVITY] && (ret = store_run(s, e, k->name,
	    "DELETE FROM activity_member WHERE activity_id = ?1 AND member_id IN"
	    " (SELECT id FROM member WHERE deleted = 1)", "t", id)) != 0)
		goto out;
	if (s->audit) {
		nj = store_record_json(s, k, id);
		if ((ret = store_audit_write(s, "restore", k->name, id, r.unit_code, oj, nj, detail,
		    e)) != 0)
			goto out;
	}
	out->records++;
out:
	free(oj);
	free(nj);
	record_free(&r);
	return ret;
}

/* Puts member back among the members present of activity act, when both
 * are live: the activity gets a new version. */
static int
bin_restore_link(struct store *s, const char *act, const char *member, const char *now,
    const char *detail, struct store_bin_restored *out, struct err *e)
{
	const struct kind *ak = &record_kinds[KIND_ACTIVITY], *mk = &record_kinds[KIND_MEMBER];
	bool ae = false, ad = true, me = false, md = true;
	char unit[8] = "", *oj = NULL, *nj = NULL;
	int ret = 0;

	if (store_record_exists(s, ak, act, &ae, &ad, e) != 0 ||
	    store_record_exists(s, mk, member, &me, &md, e) != 0)
		return e->code;
	if (!ae || ad || !me || md)
		return 0;
	if (store_record_owner(s, ak, act, unit, &ae, e) != 0 ||
	    store_allow(s, STORE_ACT_EDIT, unit, e) != 0 ||
	    store_lock_stored(s, ak, act, NULL, e) != 0)
		return e->code;
	if (s->audit)
		oj = store_record_json(s, ak, act);
	if ((ret = store_run(s, e, ak->name, "INSERT OR IGNORE INTO activity_member(activity_id,"
	    " member_id) VALUES (?1, ?2)", "tt", act, member)) != 0)
		goto out;
	if (sqlite3_changes(s->db) == 0)
		goto out;
	if ((ret = store_run(s, e, ak->name, "UPDATE activity SET version = version + 1,"
	    " updated_at = ?2 WHERE id = ?1", "tt", act, now)) != 0)
		goto out;
	if (s->audit) {
		nj = store_record_json(s, ak, act);
		if ((ret = store_audit_write(s, "update", ak->name, act, unit, oj, nj, detail,
		    e)) != 0)
			goto out;
	}
	out->links++;
out:
	free(oj);
	free(nj);
	return ret;
}

int
store_bin_restore(struct store *s, const char *id, store_bin_check check, void *arg,
    struct store_bin_restored *out, struct err *e)
{
	struct store_bin_row row;
	struct bin_item *it = NULL;
	size_t n = 0;
	char now[24], detail[96];

	memset(out, 0, sizeof *out);
	if (store_begin(s, e) != 0)
		return e->code;
	if (store_bin_get(s, id, &row, e) != 0)
		goto fail;
	store_now(now);
	snprintf(detail, sizeof detail, "restore with %s %s", row.kind->name, row.id);
	if (bin_restore_one(s, row.kind, row.id, true, now, "restore", check, arg, out, e) != 0)
		goto fail;
	if (row.deletion != 0) {
		if (bin_items_read(s, row.deletion, &it, &n, e) != 0)
			goto fail;
		for (size_t i = 0; it != NULL && i < n; i++)
			if (it[i].member[0] != '\0' ?
			    bin_restore_link(s, it[i].id, it[i].member, now, detail, out, e) != 0 :
			    bin_restore_one(s, it[i].kind, it[i].id, false, now, detail, check, arg,
			    out, e) != 0)
				goto fail;
		if (store_run(s, e, "deletion", "UPDATE deletion SET restored_at = ?2 WHERE id = ?1",
		    "it", row.deletion, now) != 0)
			goto fail;
	}
	if (store_commit(s, e) != 0)
		goto fail;
	free(it);
	return 0;
fail:
	store_rollback(s);
	free(it);
	out->records = out->links = out->left = 0;
	return e->code;
}

/* --- purging --- */

/* Whether column col of table is NOT NULL. */
static int
bin_notnull(struct store *s, const char *table, const char *col, bool *notnull, struct err *e)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	bool found = false;

	if ((st = store_cached(s, "SELECT \"notnull\" FROM pragma_table_info(?1) WHERE name = ?2",
	    e)) == NULL)
		return e->code;
	store_bind(s, st, "tt", table, col);
	if (store_step_int(s, st, &v, &found, "bin", e) != 0)
		return e->code;
	*notnull = found && v != 0;
	return 0;
}

/* Blanks the personal data of tombstone id of kind k: its own values go
 * (NULL; a name that may not be NULL becomes empty), what links it to
 * people and what the audit log kept of it. Id, unit, times, version, the
 * flag and the record it belongs to stay. */
static int
bin_purge_one(struct store *s, const struct kind *k, const char *id, struct err *e)
{
	char sql[1536];
	size_t n = (size_t)snprintf(sql, sizeof sql, "UPDATE %s SET deleted = 1", k->table);

	for (int c = 0; c < k->ncols && n < sizeof sql; c++) {
		const struct column *col = &k->cols[c];
		bool notnull = false;
		if (col->type == COL_REF || col->type == COL_BOOL || col->type == COL_CHILD_IDS ||
		    col->type == COL_CHILD_COUNTS)
			continue;
		if (bin_notnull(s, k->table, col->name, &notnull, e) != 0)
			return e->code;
		if (notnull && c != k->name_col)
			continue;	/* a date or code the row needs, not personal */
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s = %s", col->name,
		    notnull ? "''" : "NULL");
	}
	if (k->name_col >= 0 && n < sizeof sql)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ", name_key = '', name_sort = x''");
	if (n < sizeof sql)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " WHERE id = ?1 AND deleted = 1");
	if (n >= sizeof sql)
		return err_set(e, ERR_FAIL, "purge SQL too long for %s", k->name);
	if (store_run(s, e, k->name, sql, "t", id) != 0)
		return e->code;
	if (k == &record_kinds[KIND_ACTIVITY] && store_run(s, e, k->name,
	    "DELETE FROM activity_member WHERE activity_id = ?1", "t", id) != 0)
		return e->code;
	if (store_run(s, e, "audit", "UPDATE audit SET old_values = NULL, new_values = NULL"
	    " WHERE record_id = ?1", "t", id) != 0)
		return e->code;
	return store_audit_write(s, "purge", k->name, id, NULL, NULL, NULL, NULL, e);
}

int
store_bin_purge(struct store *s, const char *id, int64_t *np, struct err *e)
{
	struct store_bin_row row;
	struct bin_item *it = NULL;
	size_t n = 0;
	int64_t purged = 0;
	char now[24];

	if (np != NULL)
		*np = 0;
	if (store_allow(s, STORE_ACT_PURGE, NULL, e) != 0)
		return e->code;
	if (store_begin(s, e) != 0)
		return e->code;
	if (store_bin_get(s, id, &row, e) != 0)
		goto fail;
	store_now(now);
	if (bin_purge_one(s, row.kind, row.id, e) != 0)
		goto fail;
	purged++;
	if (row.deletion != 0) {
		if (bin_items_read(s, row.deletion, &it, &n, e) != 0)
			goto fail;
		for (size_t i = 0; it != NULL && i < n; i++) {
			if (it[i].member[0] != '\0')
				continue;
			if (bin_purge_one(s, it[i].kind, it[i].id, e) != 0)
				goto fail;
			purged++;
		}
		if (store_run(s, e, "deletion", "UPDATE deletion SET purged_at = ?2 WHERE id = ?1",
		    "it", row.deletion, now) != 0)
			goto fail;
	} else {
		/* Deleted before the bin: a deletion of its own marks the tombstone,
		 * at its version, purged. */
		int64_t v = 0;
		if (store_record_version(s, row.kind, row.id, &v, e) != 0 ||
		    store_run(s, e, "deletion", "INSERT INTO deletion(kind, record_id, unit_code,"
		    " version, deleted_at, os_user, purged_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)",
		    "tttitt", row.kind->name, row.id, row.unit, v, now, s->user) != 0)
			goto fail;
	}
	if (store_commit(s, e) != 0)
		goto fail;
	free(it);
	if (np != NULL)
		*np = purged;
	return 0;
fail:
	store_rollback(s);
	free(it);
	return e->code;
}

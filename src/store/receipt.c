/* store receipt: merge_row and receipt_issued at the office; package_sent,
 * receipt_taken, ack, remark and approval at the unit (schema v17). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/i18n.h"
#include "socds/store-admin.h"
#include "socds/store-receipt.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"

static void
store_text(char *out, size_t size, sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	snprintf(out, size, "%s", v != NULL ? v : "");
}

/* --- at the office --- */

int
store_merge_row(struct store *s, int64_t seq, const char *kind, const char *id,
    int64_t version, const char *outcome, int64_t office_version, const char *reason,
    struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "INSERT OR REPLACE INTO merge_row(merge_seq, record_id,"
	    " kind, version, outcome, office_version, reason) VALUES (?,?,?,?,?,?,?)", e);
	int rc;

	if (st == NULL)
		return e->code;
	store_bind_int64(s, st, 1, seq);
	store_bind_text(s, st, 2, id, -1, SQLITE_STATIC);
	store_bind_text(s, st, 3, kind, -1, SQLITE_STATIC);
	if (version > 0)
		store_bind_int64(s, st, 4, version);
	else
		store_bind_null(s, st, 4);
	store_bind_text(s, st, 5, outcome, -1, SQLITE_STATIC);
	if (office_version > 0)
		store_bind_int64(s, st, 6, office_version);
	else
		store_bind_null(s, st, 6);
	store_bind_opt(s, st, 7, reason);
	rc = store_step(s, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "merge_row");
}

int
store_merge_entry(struct store *s, int64_t seq, struct store_merge_entry *m, bool *found,
    struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT seq, COALESCE(unit_code, ''), package,"
	    " package_sha256, status, at, EXISTS (SELECT 1 FROM merge_revert r WHERE r.merge_seq ="
	    " l.seq) FROM merge_log l WHERE seq = ?", e);
	int rc;

	*found = false;
	memset(m, 0, sizeof *m);
	if (st == NULL)
		return e->code;
	store_bind_int64(s, st, 1, seq);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		m->seq = sqlite3_column_int64(st, 0);
		store_text(m->unit, sizeof m->unit, st, 1);
		store_text(m->package, sizeof m->package, st, 2);
		store_text(m->sha256, sizeof m->sha256, st, 3);
		store_text(m->status, sizeof m->status, st, 4);
		store_text(m->at, sizeof m->at, st, 5);
		m->reverted = sqlite3_column_int(st, 6) != 0;
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "merge_log");
}

int
store_merge_rows_each(struct store *s, int64_t seq,
    int (*fn)(const struct receipt_row *row, void *arg, struct err *e), void *arg,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct receipt_row row;
	/* By kind and id: the order people look things up in. */
	int rc = store_prepare(s, "SELECT kind, record_id, COALESCE(version, 0), outcome,"
	    " COALESCE(office_version, 0), COALESCE(reason, '') FROM merge_row"
	    " WHERE merge_seq = ? ORDER BY kind, record_id", &st);

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "merge_row");
	store_bind_int64(s, st, 1, seq);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const struct kind *k;
		char *values = NULL;
		memset(&row, 0, sizeof row);
		store_text(row.kind, sizeof row.kind, st, 0);
		store_text(row.id, sizeof row.id, st, 1);
		row.version = sqlite3_column_int64(st, 2);
		store_text(row.outcome, sizeof row.outcome, st, 3);
		row.office_version = sqlite3_column_int64(st, 4);
		row.reason = (const char *)sqlite3_column_text(st, 5);
		if (strcmp(row.outcome, "conflict") == 0 && (k = record_kind(row.kind)) != NULL)
			values = store_record_json(s, k, row.id);
		row.office_values = values;
		rc = fn(&row, arg, e);
		free(values);
		if (rc != 0) {
			sqlite3_reset(st);
			return e->code ? e->code : ERR_FAIL;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "merge_row");
}

int
store_receipt_next(struct store *s, const char *unit, int64_t *number, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT COALESCE(MAX(number), 0) + 1 FROM"
	    " receipt_issued WHERE unit_code = ?", e);

	if (st == NULL)
		return e->code;
	store_bind_text(s, st, 1, unit, -1, SQLITE_STATIC);
	return store_step_int(s, st, number, NULL, "receipt_issued", e);
}

int
store_receipt_of_merge(struct store *s, int64_t seq, char unit[8], int64_t *number,
    bool *found, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT unit_code, number FROM receipt_issued"
	    " WHERE merge_seq = ? ORDER BY number DESC LIMIT 1", e);
	int rc;

	*found = false;
	if (st == NULL)
		return e->code;
	store_bind_int64(s, st, 1, seq);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		store_text(unit, 8, st, 0);
		*number = sqlite3_column_int64(st, 1);
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "receipt_issued");
}

int
store_receipt_issued(struct store *s, const char *unit, int64_t number, int64_t seq,
    const char *sha256, const char *file, struct err *e)
{
	sqlite3_stmt *st;
	char now[24], detail[1200];
	int rc;

	store_now(now);
	if ((st = store_cached(s, "INSERT INTO receipt_issued(unit_code, number, merge_seq, sha256,"
	    " at) VALUES (?1,?2,?3,?4,?5) ON CONFLICT(unit_code, number) DO UPDATE SET sha256 = ?4,"
	    " at = ?5", e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, unit, -1, SQLITE_STATIC);
	store_bind_int64(s, st, 2, number);
	if (seq > 0)
		store_bind_int64(s, st, 3, seq);
	else
		store_bind_null(s, st, 3);
	store_bind_text(s, st, 4, sha256, -1, SQLITE_STATIC);
	store_bind_text(s, st, 5, now, -1, SQLITE_STATIC);
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "receipt_issued");
	snprintf(detail, sizeof detail, "receipt %lld for %s (merge %lld): %s", (long long)number,
	    unit, (long long)seq, file);
	return store_audit_event(s, "receipt", detail, e);
}

int
store_approvals_within(struct store *s, const char *unit,
    int (*fn)(const struct receipt_approval *a, void *arg, struct err *e), void *arg,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct receipt_approval a;
	int rc = store_prepare(s, "SELECT id, unit_code, period, date_from, date_to, state,"
	    " revision, at, by_unit, by_user, COALESCE(reason, '') FROM approval ORDER BY id", &st);
	bool within;

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "approval");
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		memset(&a, 0, sizeof a);
		store_text(a.id, sizeof a.id, st, 0);
		store_text(a.unit, sizeof a.unit, st, 1);
		store_text(a.period, sizeof a.period, st, 2);
		store_text(a.date_from, sizeof a.date_from, st, 3);
		store_text(a.date_to, sizeof a.date_to, st, 4);
		store_text(a.state, sizeof a.state, st, 5);
		a.revision = sqlite3_column_int64(st, 6);
		store_text(a.at, sizeof a.at, st, 7);
		store_text(a.by_unit, sizeof a.by_unit, st, 8);
		store_text(a.by_user, sizeof a.by_user, st, 9);
		store_text(a.reason, sizeof a.reason, st, 10);
		if (store_unit_within(s, a.unit, unit, &within, e) != 0 ||
		    (within && fn(&a, arg, e) != 0)) {
			sqlite3_reset(st);
			return e->code ? e->code : ERR_FAIL;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "approval");
}

/* --- at the unit --- */

int
store_package_sent(struct store *s, const char *sha256, const char *file,
    const char *made_at, const char *content, const char *base_sha256, struct err *e)
{
	return store_run(s, e, "package_sent", "INSERT OR REPLACE INTO package_sent(sha256, file,"
	    " made_at, content, base_sha256) VALUES (?,?,?,?,?)", "tttto", sha256, file, made_at,
	    content != NULL ? content : "whole", base_sha256);
}

int
store_package_was_sent(struct store *s, const char *sha256, bool *found, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT 1 FROM package_sent WHERE sha256 = ?", e);

	if (st == NULL)
		return e->code;
	store_bind_text(s, st, 1, sha256, -1, SQLITE_STATIC);
	return store_step_int(s, st, NULL, found, "package_sent", e);
}

int
store_receipt_last(struct store *s, const char *office, int64_t *number, char at[24],
    bool *found, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT number, at FROM receipt_taken WHERE office = ?"
	    " ORDER BY number DESC LIMIT 1", e);
	int rc;

	*found = false;
	*number = 0;
	at[0] = '\0';
	if (st == NULL)
		return e->code;
	store_bind_text(s, st, 1, office, -1, SQLITE_STATIC);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		*number = sqlite3_column_int64(st, 0);
		store_text(at, 24, st, 1);
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "receipt_taken");
}

int
store_receipt_row(struct store *s, const struct receipt_row *row, const char *at,
    bool *accepted, struct err *e)
{
	const struct kind *k = record_kind(row->kind);
	char unit[8] = "";
	int64_t have = 0;
	bool found = false;

	*accepted = strcmp(row->outcome, "rejected") != 0 && strcmp(row->outcome, "conflict") != 0;
	if (*accepted)
		return store_run(s, e, "ack", "INSERT INTO ack(record_id, kind, version) VALUES"
		    " (?1,?2,?3) ON CONFLICT(record_id) DO UPDATE SET version = MAX(version, ?3)",
		    "tti", row->id, row->kind, row->version) != 0 ? e->code :
		    store_run(s, e, "remark", "DELETE FROM remark WHERE record_id = ? AND"
		    " COALESCE(version, 0) <= ?", "ti", row->id, row->version);
	/* Changed here since the package was made: the next package carries
	 * the change and the office judges it again. */
	if (k != NULL && (store_record_version(s, k, row->id, &have, e) != 0 ||
	    store_record_owner(s, k, row->id, unit, &found, e) != 0))
		return e->code;
	if (have > row->version)
		return 0;
	return store_run(s, e, "remark", "INSERT OR REPLACE INTO remark(record_id, kind, unit_code,"
	    " version, outcome, reason, office_version, office_values, at) VALUES"
	    " (?,?,?,?,?,?,?,?,?)", "ttoitoiot", row->id, row->kind, unit, row->version,
	    row->outcome, row->reason, row->office_version, row->office_values, at);
}

int
store_approval_take(struct store *s, const struct receipt_approval *a, bool *applied,
    struct err *e)
{
	*applied = false;
	if (store_run(s, e, "approval", "INSERT INTO approval(id, unit_code, period, date_from,"
	    " date_to, state, revision, at, by_unit, by_user, reason) VALUES"
	    " (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11) ON CONFLICT(id) DO UPDATE SET unit_code = ?2,"
	    " period = ?3, date_from = ?4, date_to = ?5, state = ?6, revision = ?7, at = ?8,"
	    " by_unit = ?9, by_user = ?10, reason = ?11 WHERE ?7 > approval.revision",
	    "ttttttittto", a->id, a->unit, a->period, a->date_from, a->date_to, a->state,
	    a->revision, a->at, a->by_unit, a->by_user, a->reason) != 0)
		return e->code;
	*applied = sqlite3_changes(s->db) > 0;
	return 0;
}

int
store_receipt_taken(struct store *s, const char *office, int64_t number,
    const char *sha256, const char *package_sha256, struct err *e)
{
	char now[24];

	store_now(now);
	return store_run(s, e, "receipt_taken", "INSERT INTO receipt_taken(office, number, sha256,"
	    " package_sha256, at) VALUES (?,?,?,?,?)", "titot", office, number, sha256,
	    package_sha256, now);
}

int
store_remark_clear(struct store *s, const char *id, struct err *e)
{
	return store_run(s, e, "remark", "DELETE FROM remark WHERE record_id = ?", "t", id);
}

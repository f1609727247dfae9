/* approval: the rows of `approval` — a unit's period approved by an office
 * above, or reopened. One row per (office, unit, period): approving again
 * after a reopening changes that row, revision + 1, so the newest state
 * wins wherever the row travels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-admin.h"
#include "socds/store-approval.h"
#include "socds/store-unit.h"
#include "socds/i18n.h"

#define APPROVAL_COLS "id, unit_code, period, date_from, date_to, state, revision, at," \
	" by_unit, by_user, reason"

static void
approval_col(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(buf, size, "%s", t != NULL ? (const char *)t : "");
}

static void
approval_row(sqlite3_stmt *st, struct store_approval *a)
{
	approval_col(st, 0, a->id, sizeof a->id);
	approval_col(st, 1, a->unit, sizeof a->unit);
	approval_col(st, 2, a->period, sizeof a->period);
	approval_col(st, 3, a->from, sizeof a->from);
	approval_col(st, 4, a->to, sizeof a->to);
	approval_col(st, 5, a->state, sizeof a->state);
	a->revision = sqlite3_column_int64(st, 6);
	approval_col(st, 7, a->at, sizeof a->at);
	approval_col(st, 8, a->by_unit, sizeof a->by_unit);
	approval_col(st, 9, a->by_user, sizeof a->by_user);
	approval_col(st, 10, a->reason, sizeof a->reason);
}

/* The home unit's row for unit and period: *found. */
static int
approval_get(struct store *s, const char *by, const char *unit, const char *period,
    struct store_approval *a, bool *found, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT " APPROVAL_COLS " FROM approval"
	    " WHERE by_unit = ?1 AND unit_code = ?2 AND period = ?3", e);
	int rc;

	*found = false;
	if (st == NULL)
		return e->code;
	store_bind(s, st, "ttt", by, unit, period);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		approval_row(st, a);
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "approval");
}

/* The next id of the office: OFFICE:N, N one more than its highest. */
static int
approval_next_id(struct store *s, const char *by, char *id, size_t size, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT ifnull(max(CAST(substr(id, length(?1) + 2)"
	    " AS INTEGER)), 0) + 1 FROM approval WHERE substr(id, 1, length(?1) + 1) = ?1 || ':'",
	    e);
	int64_t n = 1;

	if (st == NULL)
		return e->code;
	store_bind(s, st, "t", by);
	if (store_step_int(s, st, &n, NULL, "approval", e) != 0)
		return e->code;
	snprintf(id, size, "%s:%lld", by, (long long)n);
	return 0;
}

static int
approval_write(struct store *s, const char *unit, const char *period, const char *from,
    const char *to, const char *state, const char *reason, struct store_approval *a,
    struct err *e)
{
	struct unit home;
	bool found;
	char detail[400];

	if (store_home_get(s, &home, e) != 0 ||
	    approval_get(s, home.code, unit, period, a, &found, e) != 0)
		return e->code;
	if (found && strcmp(a->state, state) == 0)
		return err_set(e, ERR_EXISTS, strcmp(state, "approved") == 0 ?
		    _("period %s of %s is approved already (%s, %s)") :
		    _("period %s of %s is reopened already (%s, %s)"), period, unit, a->id, a->at);
	if (!found && strcmp(state, "approved") != 0)
		return err_set(e, ERR_NOTFOUND, _("period %s of %s was never approved by %s:"
		    " nothing to reopen"), period, unit, home.code);
	if (!found) {
		memset(a, 0, sizeof *a);
		if (approval_next_id(s, home.code, a->id, sizeof a->id, e) != 0)
			return e->code;
		snprintf(a->unit, sizeof a->unit, "%s", unit);
		snprintf(a->period, sizeof a->period, "%s", period);
		snprintf(a->by_unit, sizeof a->by_unit, "%s", home.code);
	}
	snprintf(a->from, sizeof a->from, "%s", from);
	snprintf(a->to, sizeof a->to, "%s", to);
	snprintf(a->state, sizeof a->state, "%s", state);
	snprintf(a->by_user, sizeof a->by_user, "%s", store_user(s));
	snprintf(a->reason, sizeof a->reason, "%s", reason != NULL ? reason : "");
	a->revision = found ? a->revision + 1 : 1;
	store_now(a->at);
	if (store_run(s, e, "approval", "INSERT INTO approval(" APPROVAL_COLS ")"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(id) DO UPDATE SET"
	    " date_from = excluded.date_from, date_to = excluded.date_to, state = excluded.state,"
	    " revision = excluded.revision, at = excluded.at, by_user = excluded.by_user,"
	    " reason = excluded.reason", "ttttttittto", a->id, a->unit, a->period, a->from, a->to,
	    a->state, a->revision, a->at, a->by_unit, a->by_user, a->reason) != 0)
		return e->code;
	snprintf(detail, sizeof detail, "%s %s %s (%s, revision %lld)%s%s", a->state, unit, period,
	    a->id, (long long)a->revision, a->reason[0] ? ": " : "", a->reason);
	return store_audit_write(s, strcmp(state, "approved") == 0 ? "approve" : "reopen",
	    "approval", a->id, unit, NULL, NULL, detail, e);
}

int
store_approval_set(struct store *s, const char *unit, const char *period, const char *from,
    const char *to, const char *state, const char *reason, struct store_approval *a,
    struct err *e)
{
	if (store_allow(s, STORE_ACT_APPROVE, unit, e) != 0)
		return e->code;
	if (store_begin(s, e) != 0)
		return e->code;
	return store_end(s, approval_write(s, unit, period, from, to, state, reason, a, e), e);
}

int
store_approval_each(struct store *s, int (*fn)(const struct store_approval *a, void *arg),
    void *arg, struct err *e)
{
	sqlite3_stmt *st;
	struct store_approval a;
	int rc;

	/* Its own statement: fn may read the database. */
	if ((rc = sqlite3_prepare_v2(s->db, "SELECT " APPROVAL_COLS " FROM approval"
	    " ORDER BY unit_code, date_from, date_to, by_unit", -1, &st, NULL)) != SQLITE_OK)
		return store_error(s, rc, e, "approval");
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		approval_row(st, &a);
		if (fn(&a, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		store_error(s, rc, e, "approval");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : e->code;
}

int
store_approval_merged(struct store *s, const char *unit,
    int (*fn)(const char *period, void *arg), void *arg, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT DISTINCT ifnull(period, '') FROM merge_log"
	    " WHERE unit_code = ?1 AND status = 'merged'", e);
	int rc;

	if (st == NULL)
		return e->code;
	store_bind(s, st, "t", unit);
	while ((rc = store_step(s, st)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(st, 0), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "merge_log");
}

int
store_approval_state(struct store *s, const char *unit, const char *from, const char *to,
    char *buf, size_t size, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT a.period, a.by_unit, a.at FROM approval a"
	    " WHERE a.state = 'approved' AND a.date_from <= ?3 AND a.date_to >= ?2"
	    " AND (a.unit_code = ?1 OR " STORE_WITHIN_ROW("?1", "a.unit_code") ")"
	    " ORDER BY a.date_from, a.period", e);
	size_t n = 0;
	int rc;

	if (size > 0)
		buf[0] = '\0';
	if (st == NULL)
		return e->code;
	store_bind(s, st, "ttt", unit, from != NULL ? from : "0000-01-01",
	    to != NULL ? to : "9999-12-31");
	while ((rc = store_step(s, st)) == SQLITE_ROW && n < size) {
		const char *at = (const char *)sqlite3_column_text(st, 2);
		char day[11] = "";
		if (at != NULL && strlen(at) >= 10)
			snprintf(day, sizeof day, "%.2s/%.2s/%.4s", at + 8, at + 5, at);
		n += (size_t)snprintf(buf + n, size - n, "%s%s (%s, %s)", n ? "; " : "",
		    (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), day);
	}
	sqlite3_reset(st);
	if (n >= size && size > 0)
		buf[size - 1] = '\0';
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_error(s, rc, e, "approval");
}

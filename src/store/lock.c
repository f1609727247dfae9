/* lock: a unit's period that an office above has approved is read-only at
 * the unit (and at the office) until it is reopened. The dates that place a
 * record in a period are data (record_lock_of); the approvals are rows of
 * `approval`, looked up by date on each write: a handful of rows, one
 * cached statement, and nothing at all while no period is approved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-lock.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/i18n.h"

/* The approval that covers a date of a unit. */
struct lock_hit {
	char period[16], unit[8], by[8], at[24];
};

/* Whether any period is approved at all: the common case costs one lookup. */
static int
lock_any(struct store *s, bool *any, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT 1 FROM approval WHERE state = 'approved'"
	    " LIMIT 1", e);

	if (st == NULL)
		return e->code;
	return store_step_int(s, st, NULL, any, "approval", e);
}

/* The approved period covering date (yyyy-mm-dd) of a record of unit: 1 and
 * *h, 0 when none, or -1 (e). */
static int
lock_find(struct store *s, const char *unit, const char *date, struct lock_hit *h,
    struct err *e)
{
	sqlite3_stmt *st;
	char d[11];
	int rc;

	if (date == NULL || strlen(date) < 10)
		return 0;
	memcpy(d, date, 10);
	d[10] = '\0';
	st = store_cached(s, "SELECT a.period, a.unit_code, a.by_unit, a.at FROM approval a"
	    " WHERE a.state = 'approved' AND a.date_from <= ?2 AND a.date_to >= ?2"
	    " AND (a.unit_code = ?1 OR " STORE_WITHIN_ROW("?1", "a.unit_code") ")"
	    " ORDER BY a.date_from, a.id LIMIT 1", e);
	if (st == NULL)
		return -1;
	store_bind(s, st, "tt", unit, d);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		snprintf(h->period, sizeof h->period, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(h->unit, sizeof h->unit, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(h->by, sizeof h->by, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(h->at, sizeof h->at, "%s", (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE) {
		store_error(s, rc, e, "approval");
		return -1;
	}
	return 0;
}

/* The refusal: the period, the unit by name, who approved it and when. */
static int
lock_refuse(struct store *s, const struct lock_hit *h, const char *col, struct err *e)
{
	sqlite3_stmt *st = store_cached_key(s, "SELECT name FROM unit WHERE code = ?1", h->unit,
	    e);
	char name[160], day[11] = "";

	snprintf(name, sizeof name, "%s", h->unit);
	if (st != NULL) {
		if (store_step(s, st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
			snprintf(name, sizeof name, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	if (strlen(h->at) >= 10)
		snprintf(day, sizeof day, "%.2s/%.2s/%.4s", h->at + 8, h->at + 5, h->at);
	/* At the office that approved it, the office is "here", not "above". */
	struct unit home;
	struct err he = { 0 };
	if (store_home_get(s, &home, &he) == 0 && strcmp(home.code, h->by) == 0)
		err_set(e, ERR_PERM, _("Period %s of %s was approved here (%s) on %s: this record"
		    " can be viewed but not changed. To change it, reopen the period first (socds"
		    " reopen)."), h->period, name, h->by, day);
	else
		err_set(e, ERR_PERM, _("Period %s of %s was approved by the office above (%s) on"
		    " %s: this record can be viewed but not changed. To change it, ask the office"
		    " above to reopen the period (socds reopen)."), h->period, name, h->by, day);
	snprintf(s->failed_col, sizeof s->failed_col, "%s", col);
	return ERR_PERM;
}

/* The training's start date of a participant (buf, "" when none). */
static int
lock_via(struct store *s, const char *training, char *buf, size_t size, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	buf[0] = '\0';
	if (training == NULL || training[0] == '\0')
		return 0;
	if ((st = store_cached_key(s, "SELECT start_date FROM training WHERE id = ?1", training,
	    e)) == NULL)
		return e->code;
	if ((rc = store_step(s, st)) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "training");
}

/* Every date of r that places it in a period: refused when one is approved. */
static int
lock_whole(struct store *s, const struct record *r, const struct record_lock *l,
    struct err *e)
{
	struct lock_hit h;
	char date[16];
	bool dated = false;
	int f;

	for (int i = 0; i < 3 && l->dates[i] != NULL; i++) {
		const char *v = record_get(r, l->dates[i]);
		if (v == NULL || v[0] == '\0')
			continue;
		dated = true;
		if ((f = lock_find(s, r->unit_code, v, &h, e)) != 0)
			return f < 0 ? e->code : lock_refuse(s, &h, l->dates[i], e);
	}
	if (l->via != NULL) {
		if (lock_via(s, record_get(r, l->via), date, sizeof date, e) != 0)
			return e->code;
		if ((f = lock_find(s, r->unit_code, date, &h, e)) != 0)
			return f < 0 ? e->code : lock_refuse(s, &h, l->via, e);
	}
	if (!dated && l->year_col != NULL) {
		const char *y = record_get(r, l->year_col);
		if (y != NULL && strlen(y) == 4) {
			snprintf(date, sizeof date, "%s-12-31", y);
			if ((f = lock_find(s, r->unit_code, date, &h, e)) != 0)
				return f < 0 ? e->code : lock_refuse(s, &h, l->year_col, e);
		}
	}
	return 0;
}

static bool
lock_same(const char *a, const char *b)
{
	if (a == NULL || a[0] == '\0')
		return b == NULL || b[0] == '\0';
	return b != NULL && strcmp(a, b) == 0;
}

/* Staff, members, teams: a dated field that changes (or moves to another
 * unit), with its old or new value in an approved period. */
static int
lock_fields(struct store *s, const struct record *old, const struct record *r,
    const struct record_lock *l, struct err *e)
{
	bool moved = old != NULL && r != NULL && strcmp(old->unit_code, r->unit_code) != 0;
	struct lock_hit h;
	int f;

	for (int i = 0; i < 3 && l->dates[i] != NULL; i++) {
		const char *ov = old != NULL ? record_get(old, l->dates[i]) : NULL;
		const char *nv = r != NULL ? record_get(r, l->dates[i]) : NULL;
		if (!moved && lock_same(ov, nv))
			continue;
		if (old != NULL && (f = lock_find(s, old->unit_code, ov, &h, e)) != 0)
			return f < 0 ? e->code : lock_refuse(s, &h, l->dates[i], e);
		if (r != NULL && (f = lock_find(s, r->unit_code, nv, &h, e)) != 0)
			return f < 0 ? e->code : lock_refuse(s, &h, l->dates[i], e);
	}
	return 0;
}

int
store_lock_check(struct store *s, const struct record *old, const struct record *r,
    struct err *e)
{
	const struct kind *k = r != NULL ? r->kind : old != NULL ? old->kind : NULL;
	const struct record_lock *l = record_lock_of(k);
	bool any = false;

	if (l == NULL)
		return 0;
	if (lock_any(s, &any, e) != 0)
		return e->code;
	if (!any)
		return 0;
	if (l->fields_only)
		return lock_fields(s, old, r, l, e);
	if (old != NULL && lock_whole(s, old, l, e) != 0)
		return e->code;
	if (r != NULL && lock_whole(s, r, l, e) != 0)
		return e->code;
	return 0;
}

int
store_lock_stored(struct store *s, const struct kind *k, const char *id,
    const struct record *r, struct err *e)
{
	struct record old;
	bool any = false;
	int rc;

	if (record_lock_of(k) == NULL)
		return 0;
	if (lock_any(s, &any, e) != 0)
		return e->code;
	if (!any)
		return 0;
	if (record_init(&old, k) != 0)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	/* A tombstone is no record: writing over it inserts, writing one
	 * deletes. */
	if (r != NULL && r->deleted)
		r = NULL;
	rc = store_record_get(s, &old, id, e);
	if (rc == ERR_NOTFOUND)
		err_clear(e);
	if (rc == ERR_NOTFOUND || (rc == 0 && old.deleted))
		rc = r != NULL ? store_lock_check(s, NULL, r, e) : 0;
	else if (rc == 0)
		rc = store_lock_check(s, &old, r, e);
	record_free(&old);
	return rc;
}

int
store_lock_moved(struct store *s, const struct kind *k, const char *from, const char *to,
    struct err *e)
{
	sqlite3_stmt *st;
	struct record r;
	bool any = false;
	int rc, ret = 0;

	if (record_lock_of(k) == NULL)
		return 0;
	if (lock_any(s, &any, e) != 0)
		return e->code;
	if (!any)
		return 0;
	if (record_init(&r, k) != 0)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	/* Own statement, not the cache: the check reads records while this
	 * one steps. */
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE unit_code = ?1 AND deleted = 0",
	    k->table);
	if ((rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL)) != SQLITE_OK) {
		record_free(&r);
		return store_error(s, rc, e, k->name);
	}
	store_bind_text(s, st, 1, from, -1, SQLITE_TRANSIENT);
	while (ret == 0 && (rc = store_step(s, st)) == SQLITE_ROW) {
		char id[UUID_STR_LEN];
		snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(st, 0));
		if ((ret = store_record_get(s, &r, id, e)) != 0)
			break;
		snprintf(r.unit_code, sizeof r.unit_code, "%s", to);
		ret = store_lock_stored(s, k, id, &r, e);
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_error(s, rc, e, k->name);
	sqlite3_finalize(st);
	record_free(&r);
	return ret;
}

int
store_lock_record(struct store *s, const struct kind *k, const char *id, char *why,
    size_t n, struct err *e)
{
	struct err le = { 0 };
	int rc;

	if (n > 0)
		why[0] = '\0';
	/* Staff, members, teams stay editable but for their dates. */
	if (record_lock_of(k) == NULL || record_lock_of(k)->fields_only)
		return 0;
	rc = store_lock_stored(s, k, id, NULL, &le);
	if (rc == 0)
		return 0;
	if (rc != ERR_PERM) {
		*e = le;
		return -1;
	}
	if (n > 0)
		snprintf(why, n, "%s", le.msg);
	return 1;
}

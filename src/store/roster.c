/* store roster: the people of a unit and the units below it (staff and team
 * members in one list, official name order), a page at a time, for the
 * class list and attendance screen; lookups by folded name for a pasted
 * list; a training's participants. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-roster.h"
#include "socds/i18n.h"

/* Staff and members in one table: kind, id, name, year, where (team or
 * unit), sort key, folded name and what the filter words are looked for in
 * (name, team, unit). ?1 the unit, ?2 the team or NULL. */
#define ROSTER_PEOPLE \
	"SELECT k, id, full_name, birth_year, place, name_sort, name_key, hay FROM (" \
	" SELECT 'staff' AS k, p.id, p.full_name, p.birth_year, u.name AS place, p.name_sort," \
	"  p.name_key, p.name_key || ' ' || u.name_key AS hay, p.unit_code" \
	"  FROM staff p JOIN unit u ON u.code = p.unit_code WHERE p.deleted = 0 AND ?2 IS NULL" \
	" UNION ALL" \
	" SELECT 'member', m.id, m.full_name, m.birth_year, ifnull(t.name, ''), m.name_sort," \
	"  m.name_key, m.name_key || ' ' || ifnull(t.name_key, '') || ' ' || u.name_key," \
	"  m.unit_code FROM member m LEFT JOIN team t ON t.id = m.team_id" \
	"  JOIN unit u ON u.code = m.unit_code" \
	"  WHERE m.deleted = 0 AND (?2 IS NULL OR m.team_id = ?2))" \
	" WHERE " STORE_WITHIN("unit_code", "?1")
#define ROSTER_WORDS \
	" AND (?3 IS NULL OR instr(hay, ?3) > 0) AND (?4 IS NULL OR instr(hay, ?4) > 0)" \
	" AND (?5 IS NULL OR instr(hay, ?5) > 0) AND (?6 IS NULL OR instr(hay, ?6) > 0)"

static void
roster_bind(struct store *s, sqlite3_stmt *st, const struct store_roster_query *q, bool words)
{
	store_bind_text(s, st, 1, q->within, -1, SQLITE_TRANSIENT);
	store_bind_opt(s, st, 2, q->team_id);
	for (int i = 0; words && i < STORE_ROSTER_WORDS && q->words[i] != NULL; i++)
		store_bind_opt(s, st, 3 + i, q->words[i]);
}

static void
roster_copy(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src != NULL ? (const char *)src : "");
	err_utf8_cut(dst);
}

static void
roster_row(sqlite3_stmt *st, struct store_person *p)
{
	const char *k = (const char *)sqlite3_column_text(st, 0);

	memset(p, 0, sizeof *p);
	p->kind = k != NULL && strcmp(k, "staff") == 0 ? KIND_STAFF : KIND_MEMBER;
	roster_copy(p->id, sizeof p->id, sqlite3_column_text(st, 1));
	roster_copy(p->name, sizeof p->name, sqlite3_column_text(st, 2));
	roster_copy(p->birth_year, sizeof p->birth_year, sqlite3_column_text(st, 3));
	roster_copy(p->where, sizeof p->where, sqlite3_column_text(st, 4));
}

int
store_roster_page(struct store *s, const struct store_roster_query *q, int64_t offset,
    int limit, int (*fn)(const struct store_person *, void *), void *arg, struct err *e)
{
	sqlite3_stmt *st;
	struct store_person p;
	int rc, n = 0;

	if ((st = store_cached(s, ROSTER_PEOPLE ROSTER_WORDS
	    " ORDER BY name_sort, k, id LIMIT ?7 OFFSET ?8", e)) == NULL)
		return -1;
	roster_bind(s, st, q, true);
	store_bind_int(s, st, 7, limit);
	store_bind_int64(s, st, 8, offset);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		roster_row(st, &p);
		n++;
		if (fn(&p, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "roster"), -1;
	return n;
}

int
store_roster_count(struct store *s, const struct store_roster_query *q, int64_t *n,
    struct err *e)
{
	sqlite3_stmt *st;

	*n = 0;
	if ((st = store_cached(s, "SELECT count(*) FROM (" ROSTER_PEOPLE ROSTER_WORDS ")",
	    e)) == NULL)
		return e->code;
	roster_bind(s, st, q, true);
	return store_step_int(s, st, n, NULL, "roster", e);
}

int
store_roster_find(struct store *s, const struct store_roster_query *q, const char *name_key,
    const char *birth_year, struct store_person *out, int max, struct err *e)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	if ((st = store_cached(s, ROSTER_PEOPLE " AND name_key = ?3 AND (?4 IS NULL OR"
	    " birth_year = CAST(?4 AS INTEGER)) ORDER BY name_sort, birth_year, k, id", e)) == NULL)
		return -1;
	roster_bind(s, st, q, false);
	store_bind_text(s, st, 3, name_key, -1, SQLITE_TRANSIENT);
	store_bind_opt(s, st, 4, birth_year);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (n < max)
			roster_row(st, &out[n]);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "roster"), -1;
	return n;
}

int
store_roster_person(struct store *s, enum kind_id kind, const char *id,
    struct store_person *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	st = store_cached(s, kind == KIND_STAFF ?
	    "SELECT 'staff', p.id, p.full_name, p.birth_year, ifnull(u.name, p.unit_code)"
	    " FROM staff p LEFT JOIN unit u ON u.code = p.unit_code WHERE p.id = ?1" :
	    "SELECT 'member', m.id, m.full_name, m.birth_year, ifnull(t.name, '')"
	    " FROM member m LEFT JOIN team t ON t.id = m.team_id WHERE m.id = ?1", e);
	if (st == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_TRANSIENT);
	if ((rc = store_step(s, st)) == SQLITE_ROW)
		roster_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, _("%s %s: no such record"),
		    record_kinds[kind].name, id);
	return rc == SQLITE_ROW ? 0 : store_error(s, rc, e, "roster");
}

int
store_roster_participants(struct store *s, const char *training_id,
    int (*fn)(const struct record *, void *), void *arg, struct err *e)
{
	const struct kind *k = &record_kinds[KIND_PARTICIPANT];
	struct record r;
	char sql[1024];
	size_t n;
	sqlite3_stmt *st;
	int rc, stop = 0;

	n = (size_t)snprintf(sql, sizeof sql, "SELECT ");
	n += store_select_list(k, sql + n, sizeof sql - n);
	if (n < sizeof sql)
		n += (size_t)snprintf(sql + n, sizeof sql - n, " FROM participant t"
		    " WHERE t.training_id = ?1 AND t.deleted = 0 ORDER BY t.rowid");
	if (n >= sizeof sql)
		return err_set(e, ERR_FAIL, "select SQL too long for %s", k->name);
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	if (record_init(&r, k) != 0) {
		sqlite3_reset(st);
		return err_set(e, ERR_NOMEM, "%s", _("out of memory"));
	}
	store_bind_text(s, st, 1, training_id, -1, SQLITE_TRANSIENT);
	while (stop == 0 && (rc = store_step(s, st)) == SQLITE_ROW) {
		store_row_view(st, 0, &r);
		stop = fn(&r, arg);
		memset(r.val, 0, (size_t)k->ncols * sizeof *r.val);
	}
	sqlite3_reset(st);
	record_free(&r);
	if (stop != 0)
		return stop;
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "participant");
}

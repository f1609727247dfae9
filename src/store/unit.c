/* store unit: administrative units, the home unit and settings. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"
#include "socds/i18n.h"
#include "socds/uuid.h"

static void
store_copy_col(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	snprintf(dst, size, "%s", t != NULL ? t : "");
}

#define UNIT_COLS "code, level, kind, name, parent_code, status, abolished_on, successor_code"

static void
store_unit_row(sqlite3_stmt *st, struct unit *u)
{
	store_copy_col(u->code, sizeof u->code, st, 0);
	store_copy_col(u->level, sizeof u->level, st, 1);
	store_copy_col(u->kind, sizeof u->kind, st, 2);
	store_copy_col(u->name, sizeof u->name, st, 3);
	store_copy_col(u->parent_code, sizeof u->parent_code, st, 4);
	store_copy_col(u->status, sizeof u->status, st, 5);
	store_copy_col(u->abolished_on, sizeof u->abolished_on, st, 6);
	store_copy_col(u->successor_code, sizeof u->successor_code, st, 7);
}

int
store_unit_put(struct store *s, const struct unit *u, struct err *e)
{
	sqlite3_stmt *st = store_cached(s,
	    "INSERT INTO unit(" UNIT_COLS ", name_key) VALUES (?,?,?,?,?,?,?,?,?)"
	    " ON CONFLICT(code) DO UPDATE SET level = excluded.level, kind = excluded.kind,"
	    " name = excluded.name, status = excluded.status,"
	    " abolished_on = excluded.abolished_on, successor_code = excluded.successor_code,"
	    " name_key = excluded.name_key", e);
	int rc;

	if (st == NULL)
		return e->code;
	if (text_clean(u->name, &s->t1) != 0 || text_fold(s->t1.p, &s->t2) != 0)
		return err_set(e, ERR_INVALID, _("unit %s: the name is not valid UTF-8"), u->code);
	store_bind_text(s, st, 1, u->code, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 2, u->level, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 3, u->kind, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 4, s->t1.p, -1, SQLITE_TRANSIENT);
	store_bind_opt(s, st, 5, u->parent_code);
	store_bind_opt(s, st, 6, u->status[0] ? u->status : "current");
	store_bind_opt(s, st, 7, u->abolished_on);
	store_bind_opt(s, st, 8, u->successor_code);
	store_bind_text(s, st, 9, s->t2.p, -1, SQLITE_TRANSIENT);
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		char what[48];
		snprintf(what, sizeof what, _("unit %s"), u->code);
		return store_error(s, rc, e, what);
	}
	return 0;
}

int
store_unit_get(struct store *s, const char *code, struct unit *u, struct err *e)
{
	sqlite3_stmt *st = store_cached_key(s, "SELECT " UNIT_COLS " FROM unit WHERE code = ?", code,
	    e);
	int rc;

	if (st == NULL)
		return e->code;
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		store_unit_row(st, u);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, _("unknown unit code '%s'"), code);
	return store_error(s, rc, e, "unit");
}

int
store_unit_set_parent(struct store *s, const char *code, const char *parent,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s, "UPDATE unit SET parent_code = ? WHERE code = ?", &st);

	if (rc == SQLITE_OK) {
		store_bind_opt(s, st, 1, parent);
		store_bind_text(s, st, 2, code, -1, SQLITE_TRANSIENT);
		rc = store_step(s, st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, code);
	if (sqlite3_changes(s->db) == 0)
		return err_set(e, ERR_NOTFOUND, _("unknown unit code '%s'"), code);
	return 0;
}

int
store_unit_map_put(struct store *s, const char *old_code, const char *old_name,
    const char *old_district, const char *old_province, const char *new_code,
    struct err *e)
{
	return store_run(s, e, old_code, "INSERT OR REPLACE INTO unit_map(old_code, old_name,"
	    " old_district_code, old_province_code, new_code) VALUES (?,?,?,?,?)", "ttoot",
	    old_code, old_name, old_district, old_province, new_code);
}

static int
store_unit_each(struct store *s, sqlite3_stmt *st, int (*fn)(const struct unit *, void *),
    void *arg, struct err *e)
{
	struct unit u;
	int rc;

	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		store_unit_row(st, &u);
		if (fn(&u, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "unit");
}

int
store_unit_find(struct store *s, const char *query, const char *parent,
    int (*fn)(const struct unit *, void *), void *arg, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (query != NULL && text_fold(query, &s->t1) != 0)
		return err_set(e, ERR_INVALID, _("the search text is not valid UTF-8"));
	rc = store_prepare(s,
	    "SELECT " UNIT_COLS " FROM unit"
	    " WHERE status = 'current'"
	    "   AND (?1 IS NULL OR instr(name_key, ?1) > 0 OR code = ?1)"
	    "   AND (?2 IS NULL OR parent_code = ?2)"
	    " ORDER BY length(code), name COLLATE vi", &st);
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "unit");
	if (query != NULL)
		store_bind_text(s, st, 1, s->t1.p, -1, SQLITE_TRANSIENT);
	store_bind_opt(s, st, 2, parent);
	return store_unit_each(s, st, fn, arg, e);
}

int
store_unit_children(struct store *s, const char *code,
    int (*fn)(const struct unit *, void *), void *arg, struct err *e)
{
	sqlite3_stmt *st = store_cached_key(s, "SELECT " UNIT_COLS " FROM unit WHERE parent_code = ?"
	    " ORDER BY status = 'abolished', name COLLATE vi", code, e);

	return st != NULL ? store_unit_each(s, st, fn, arg, e) : e->code;
}

int
store_unit_successors_of_district(struct store *s, const char *district,
    int (*fn)(const struct unit *, void *), void *arg, struct err *e)
{
	sqlite3_stmt *st = store_cached_key(s,
	    "SELECT " UNIT_COLS " FROM unit WHERE status = 'current' AND level = 'commune'"
	    "   AND code IN (SELECT new_code FROM unit_map WHERE old_district_code = ?)"
	    " ORDER BY code", district, e);

	return st != NULL ? store_unit_each(s, st, fn, arg, e) : e->code;
}

int
store_unit_within(struct store *s, const char *code, const char *ancestor,
    bool *within, struct err *e)
{
	sqlite3_stmt *st = store_cached(s,
	    "WITH RECURSIVE up(c, depth) AS (SELECT ?1, 0 UNION ALL"
	    "  SELECT u.parent_code, depth + 1 FROM unit u JOIN up ON u.code = up.c"
	    "  WHERE u.parent_code IS NOT NULL AND depth < 8)"
	    " SELECT count(*) FROM up WHERE c = ?2", e);
	int64_t n = 0;

	*within = false;
	if (st == NULL)
		return e->code;
	store_bind(s, st, "tt", code, ancestor);
	if (store_step_int(s, st, &n, NULL, "unit", e) != 0)
		return e->code;
	*within = n > 0;
	return 0;
}

int
store_home_set(struct store *s, const char *code, struct err *e)
{
	struct unit u;
	sqlite3_stmt *st = NULL;
	char id[UUID_STR_LEN], now[24];
	int rc;

	if (store_unit_get(s, code, &u, e) != 0)
		return e->code;
	if (strcmp(u.status, "current") != 0 && strcmp(u.level, "district") != 0)
		return err_set(e, ERR_INVALID,
		    _("unit %s (%s) was abolished; use the unit that succeeded it (%s)"),
		    u.code, u.name, u.successor_code[0] ? u.successor_code : "?");
	if (uuid_v7(id, 0) != 0)
		return err_set(e, ERR_FAIL, _("no random numbers available for ids"));
	store_now(now);
	rc = store_prepare(s,
	    "INSERT INTO home(singleton, unit_code, installation_id, created_at)"
	    " VALUES (1, ?1, ?2, ?3) ON CONFLICT(singleton) DO UPDATE SET unit_code = ?1", &st);
	if (rc == SQLITE_OK) {
		store_bind_text(s, st, 1, code, -1, SQLITE_TRANSIENT);
		store_bind_text(s, st, 2, id, -1, SQLITE_TRANSIENT);
		store_bind_text(s, st, 3, now, -1, SQLITE_TRANSIENT);
		rc = store_step(s, st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "home");
}

int
store_home_get(struct store *s, struct unit *u, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char code[8] = "";
	int rc = store_prepare(s, "SELECT unit_code FROM home WHERE singleton = 1", &st);

	if (rc == SQLITE_OK) {
		rc = store_step(s, st);
		if (rc == SQLITE_ROW) {
			store_copy_col(code, sizeof code, st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND,
		    _("%s: no home unit set; run 'socds init --unit CODE'"), s->path);
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "home");
	return store_unit_get(s, code, u, e);
}

int
store_setting_set(struct store *s, const char *key, const char *value, struct err *e)
{
	return store_run(s, e, key, "INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)",
	    "to", key, value);
}

int
store_setting_get(struct store *s, const char *key, char *buf, size_t size, struct err *e)
{
	sqlite3_stmt *st = store_cached_key(s, "SELECT value FROM setting WHERE key = ?", key, e);
	int rc;

	if (st == NULL)
		return e->code;
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		store_copy_col(buf, size, st, 0);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, _("setting '%s' is not set"), key);
	return store_error(s, rc, e, key);
}

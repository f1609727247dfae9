/* unit-setting: settings that belong to one unit (its official paper's
 * header, number, place, recipients and signer), schema v10. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"
#include "socds/i18n.h"

int
store_unit_setting_list(struct store *s, const char *unit,
    int (*fn)(const char *key, const char *value, void *arg), void *arg, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s, "SELECT key, value FROM unit_setting WHERE unit_code = ?"
	    " ORDER BY key", &st);

	/* A database opened read-only before version 10 has no settings: defaults. */
	if (rc != SQLITE_OK && store_schema_version(s) < 10) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "unit_setting");
	store_bind_text(s, st, 1, unit, -1, SQLITE_TRANSIENT);
	while ((rc = store_step(s, st)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "unit_setting");
}

int
store_unit_setting_put(struct store *s, const char *unit, const char *key, const char *value,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	char now[24], detail[1200];
	struct unit u;
	int rc;

	if (store_allow(s, STORE_ACT_UNIT_PAPER, unit, e) != 0)
		return e->code;
	if (store_unit_get(s, unit, &u, e) != 0)
		return e->code;
	store_now(now);
	rc = store_prepare(s, value != NULL ?
	    "INSERT INTO unit_setting(unit_code, key, value, updated_at, os_user)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(unit_code, key) DO UPDATE SET"
	    " value = excluded.value, updated_at = excluded.updated_at, os_user = excluded.os_user"
	    : "DELETE FROM unit_setting WHERE unit_code = ?1 AND key = ?2", &st);
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "unit_setting");
	store_bind_text(s, st, 1, unit, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 2, key, -1, SQLITE_TRANSIENT);
	if (value != NULL) {
		store_bind_text(s, st, 3, value, -1, SQLITE_TRANSIENT);
		store_bind_text(s, st, 4, now, -1, SQLITE_TRANSIENT);
		store_bind_text(s, st, 5, store_user(s), -1, SQLITE_TRANSIENT);
	}
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "unit_setting");
	snprintf(detail, sizeof detail, "%s %s=%s", unit, key, value != NULL ? value : "(default)");
	return store_audit_event(s, "unit-setting", detail, e);
}

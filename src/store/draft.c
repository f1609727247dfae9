/* draft: unsaved forms kept in the database, so that a dropped SSH link, a
 * dead battery or a closed terminal loses nothing that was typed. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-admin.h"
#include "socds/i18n.h"

int
store_draft_save(struct store *s, int64_t *seq, const char *kind, const char *record_id,
    const char *parent_id, const char *unit, int64_t base_version, const char *fields,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	char now[24];
	int rc;

	store_now(now);
	if (*seq > 0)
		rc = store_prepare(s, "UPDATE draft SET fields = ?1, saved_at = ?2,"
		    " unit_code = ?3 WHERE seq = ?4 AND os_user = ?5", &st);
	else
		rc = store_prepare(s, "INSERT INTO draft(fields, saved_at, unit_code, kind,"
		    " os_user, record_id, parent_id, base_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st);
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "draft");
	store_bind_text(s, st, 1, fields, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 2, now, -1, SQLITE_TRANSIENT);
	store_bind_opt(s, st, 3, unit);
	if (*seq > 0) {
		store_bind_int64(s, st, 4, *seq);
		store_bind_text(s, st, 5, s->user, -1, SQLITE_STATIC);
	} else {
		store_bind_text(s, st, 4, kind, -1, SQLITE_TRANSIENT);
		store_bind_text(s, st, 5, s->user, -1, SQLITE_STATIC);
		store_bind_opt(s, st, 6, record_id);
		store_bind_opt(s, st, 7, parent_id);
		store_bind_int64(s, st, 8, base_version);
	}
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "draft");
	if (*seq == 0)
		*seq = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_draft_delete(struct store *s, int64_t seq, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s, "DELETE FROM draft WHERE seq = ? AND os_user = ?", &st);

	if (rc == SQLITE_OK) {
		store_bind_int64(s, st, 1, seq);
		store_bind_text(s, st, 2, s->user, -1, SQLITE_STATIC);
		rc = store_step(s, st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "draft");
}

int
store_draft_list(struct store *s, int (*fn)(const struct draft_row *d, void *arg), void *arg,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s, "SELECT seq, kind, record_id, parent_id, unit_code,"
	    " fields, saved_at, base_version FROM draft WHERE os_user = ? ORDER BY seq", &st);

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "draft");
	store_bind_text(s, st, 1, s->user, -1, SQLITE_STATIC);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		struct draft_row d = {
			sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
			(const char *)sqlite3_column_text(st, 6), sqlite3_column_int64(st, 7),
		};
		if (fn(&d, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "draft");
}

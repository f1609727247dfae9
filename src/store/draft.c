/* draft: unsaved forms kept in the database, so that a dropped SSH link, a
 * dead battery or a closed terminal loses nothing that was typed. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/i18n.h"

static void
draft_bind(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL || *v == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

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
		rc = sqlite3_prepare_v2(s->db, "UPDATE draft SET fields = ?1, saved_at = ?2,"
		    " unit_code = ?3 WHERE seq = ?4 AND os_user = ?5", -1, &st, NULL);
	else
		rc = sqlite3_prepare_v2(s->db, "INSERT INTO draft(fields, saved_at, unit_code, kind,"
		    " os_user, record_id, parent_id, base_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "draft");
	sqlite3_bind_text(st, 1, fields, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	draft_bind(st, 3, unit);
	if (*seq > 0) {
		sqlite3_bind_int64(st, 4, *seq);
		sqlite3_bind_text(st, 5, s->user, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_text(st, 4, kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, s->user, -1, SQLITE_STATIC);
		draft_bind(st, 6, record_id);
		draft_bind(st, 7, parent_id);
		sqlite3_bind_int64(st, 8, base_version);
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
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
	int rc = sqlite3_prepare_v2(s->db, "DELETE FROM draft WHERE seq = ? AND os_user = ?", -1,
	    &st, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_bind_text(st, 2, s->user, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "draft");
}

int
store_draft_list(struct store *s, int (*fn)(const struct draft_row *d, void *arg), void *arg,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT seq, kind, record_id, parent_id, unit_code,"
	    " fields, saved_at, base_version FROM draft WHERE os_user = ? ORDER BY seq", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "draft");
	sqlite3_bind_text(st, 1, s->user, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
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
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "draft");
}

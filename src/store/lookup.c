/* store lookup: finding records by name and id, for imports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-record.h"
#include "socds/i18n.h"

int
store_record_find_name(struct store *s, const struct kind *k, const char *within,
    const char *name, char (*ids)[UUID_STR_LEN], int max, struct err *e)
{
	char sql[320];
	sqlite3_stmt *st = NULL;
	int rc, n = 0;

	if (k->name_col < 0)
		return err_set(e, ERR_INVALID, _("%s records have no name to look up"), k->name), -1;
	if (text_fold(name, &s->t1) != 0)
		return err_set(e, ERR_INVALID, _("the name is not valid UTF-8")), -1;
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE deleted = 0 AND name_key = ?1"
	    " AND (?2 IS NULL OR " STORE_WITHIN("unit_code", "?2") ")"
	    " ORDER BY id", k->table);
	if ((st = store_cached(s, sql, e)) == NULL)
		return -1;
	store_bind_text(s, st, 1, s->t1.p, (int)s->t1.len, SQLITE_TRANSIENT);
	if (within != NULL)
		store_bind_text(s, st, 2, within, -1, SQLITE_TRANSIENT);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (n < max)
			snprintf(ids[n], UUID_STR_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name), -1;
	return n;
}

int
store_record_exists(struct store *s, const struct kind *k, const char *id, bool *exists,
    bool *deleted, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	*exists = false;
	if (deleted != NULL)
		*deleted = false;
	if ((st = store_kind_stmt(s, k, "SELECT deleted FROM %s WHERE id = ?", e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_STATIC);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		*exists = true;
		if (deleted != NULL)
			*deleted = sqlite3_column_int(st, 0) != 0;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, k->name);
}

/* store lookup: finding records by name and id, for imports and merges;
 * the checks an import makes before it writes; the codes of child tables.
 *
 * An import checks and inserts each row in one pass, in one transaction, so
 * the rows it has inserted are already in the tables it checks. Each check
 * therefore looks only at rows that were there before it began: those with
 * a rowid up to its mark (rowids only grow within the transaction). Rows of
 * the file among themselves are compared by the import's own sets. */
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
	int64_t d = 0;

	*exists = false;
	if (deleted != NULL)
		*deleted = false;
	if ((st = store_kind_stmt(s, k, "SELECT deleted FROM %s WHERE id = ?", e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_STATIC);
	if (store_step_int(s, st, &d, exists, k->name, e) != 0)
		return e->code;
	if (deleted != NULL)
		*deleted = d != 0;
	return 0;
}

int
store_import_mark(struct store *s, const struct kind *k, int64_t *mark, struct err *e)
{
	char sql[96];
	sqlite3_stmt *st;

	*mark = 0;
	snprintf(sql, sizeof sql, "SELECT ifnull(max(rowid), 0) FROM %s", k->table);
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	return store_step_int(s, st, mark, NULL, k->name, e);
}

int
store_import_exists(struct store *s, const struct kind *k, const char *id, int64_t mark,
    bool *exists, struct err *e)
{
	sqlite3_stmt *st;

	*exists = false;
	if ((st = store_kind_stmt(s, k,
	    "SELECT 1 FROM %s WHERE id = ?1 AND rowid <= ?2", e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_STATIC);
	store_bind_int64(s, st, 2, mark);
	return store_step_int(s, st, NULL, exists, k->name, e);
}

/* The XLSX export makes a column for each code (store_child_codes). */
int
store_child_codes(struct store *s, const struct kind *k, int col,
    int (*fn)(const char *code, void *arg), void *arg, struct err *e)
{
	const struct column *c;
	char sql[192];
	sqlite3_stmt *st = NULL;
	int rc, stop = 0;

	if (col < 0 || col >= k->ncols || (k->cols[col].type != COL_CHILD_COUNTS &&
	    k->cols[col].type != COL_CHILD_IDS))
		return err_set(e, ERR_FAIL, "store_child_codes: %s column %d has no child table",
		    k->name, col);
	c = &k->cols[col];
	/* Table and column names come from the compiled-in kinds, never input. */
	snprintf(sql, sizeof sql, "SELECT DISTINCT %s FROM %s ORDER BY 1", c->child_key, c->ref);
	if ((rc = store_prepare(s, sql, &st)) != SQLITE_OK)
		return store_error(s, rc, e, k->name);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		if (code != NULL && (stop = fn(code, arg)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name);
	return stop;
}

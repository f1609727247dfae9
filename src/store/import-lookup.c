/* store import-lookup: the checks an import makes before it writes, so that
 * a row the database would refuse is reported with its line instead.
 *
 * An import checks and inserts each row in one pass, in one transaction, so
 * the rows it has inserted are already in the tables it checks. Each check
 * therefore looks only at rows that were there before it began: those with
 * a rowid up to its mark (rowids only grow within the transaction). Rows of
 * the file among themselves are compared by the import's own sets. */
#include <stdio.h>
#include <stdlib.h>

#include "store-internal.h"
#include "socds/store-record.h"

int
store_import_mark(struct store *s, const struct kind *k, int64_t *mark, struct err *e)
{
	char sql[96];
	sqlite3_stmt *st;
	int rc;

	*mark = 0;
	snprintf(sql, sizeof sql, "SELECT ifnull(max(rowid), 0) FROM %s", k->table);
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		*mark = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, k->name);
}

int
store_import_exists(struct store *s, const struct kind *k, const char *id, int64_t mark,
    bool *exists, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	*exists = false;
	if ((st = store_kind_stmt(s, k,
	    "SELECT 1 FROM %s WHERE id = ?1 AND rowid <= ?2", e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_STATIC);
	store_bind_int64(s, st, 2, mark);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		*exists = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, k->name);
}

int
store_import_duplicates(struct store *s, const struct kind *k, const char *unit,
    const char *name_key, const char *birth_year, int64_t mark, int64_t *n, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (!k->person)
		return 0;
	/* Live people of the unit with the same folded name and birth year,
	 * over the rows from before the import; the caller has the name
	 * folded already. */
	if ((st = store_kind_stmt(s, k, "SELECT count(*) FROM %s WHERE deleted = 0"
	    " AND name_key = ?1 AND unit_code = ?2 AND birth_year IS ?3 AND rowid <= ?4", e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, name_key, -1, SQLITE_STATIC);
	store_bind_text(s, st, 2, unit, -1, SQLITE_STATIC);
	if (birth_year != NULL && *birth_year)
		store_bind_int64(s, st, 3, strtoll(birth_year, NULL, 10));
	store_bind_int64(s, st, 4, mark);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, k->name);
}

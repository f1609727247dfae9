/* xlsx-support: what the XLSX export asks of the store besides records. */
#include <stdio.h>

#include "store-internal.h"
#include "socds/store-record.h"

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

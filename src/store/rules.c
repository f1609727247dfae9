/* rules: the two queries behind the form rules that need the database
 * (`unique`, `within`); form/form-stored.c applies the rules and words the
 * messages. Also a record's stored version. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-record.h"

/* unique: whether another live record of kind k (not exclude_id, stored at
 * or before rowid mark, of unit when unit is not NULL) has col_a = a and
 * col_b IS b. Column names come from the record kinds, never from input. */
int
store_rule_unique(struct store *s, const struct kind *k, const char *col_a, const char *a,
    const char *col_b, const char *b, const char *exclude_id, int64_t mark, const char *unit,
    bool *found, struct err *e)
{
	char sql[256];
	sqlite3_stmt *st;
	int rc;

	*found = false;
	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE deleted = 0 AND %s = ?1 AND %s IS ?2"
	    " AND id <> ?3 AND rowid <= ?4%s LIMIT 1", k->table, col_a, col_b,
	    unit != NULL ? " AND unit_code = ?5" : "");
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL && *b != '\0')
		store_bind_text(s, st, 2, b, -1, SQLITE_STATIC);
	store_bind_text(s, st, 3, exclude_id, -1, SQLITE_STATIC);
	store_bind_int64(s, st, 4, mark);
	if (unit != NULL)
		store_bind_text(s, st, 5, unit, -1, SQLITE_STATIC);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, k->name);
}

/* within: the first of the ';'-separated ids of records of kind rk whose
 * col_b differs from b (bad, empty when none). Records that are not there
 * are left to the reference checks. */
int
store_rule_within(struct store *s, const struct kind *rk, const char *col_b, const char *ids,
    const char *b, char bad[40], struct err *e)
{
	char sql[160];
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	bad[0] = '\0';
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = ?1", col_b, rk->table);
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	while (*ids != '\0' && bad[0] == '\0') {
		size_t n = strcspn(ids, ";");
		char id[40];
		snprintf(id, sizeof id, "%.*s", (int)(n < sizeof id ? n : sizeof id - 1), ids);
		ids += n + (ids[n] == ';');
		sqlite3_reset(st);
		store_bind_text(s, st, 1, id, -1, SQLITE_TRANSIENT);
		if ((rc = store_step(s, st)) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(st, 0);
			if ((v == NULL) != (b == NULL) || (v != NULL && strcmp(v, b) != 0))
				snprintf(bad, 40, "%s", id);
			rc = SQLITE_DONE;
		} else if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, rk->name);
}

int
store_record_version(struct store *s, const struct kind *k, const char *id, int64_t *version,
    struct err *e)
{
	sqlite3_stmt *st;

	*version = 0;
	if ((st = store_kind_stmt(s, k, "SELECT version FROM %s WHERE id = ?1", e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_STATIC);
	return store_step_int(s, st, version, NULL, k->name, e);
}

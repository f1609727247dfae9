/* store query-each: every record of a kind in file order, streamed (the
 * exports), and the counts of the home screen's "needs attention". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-query.h"
#include "socds/store-record.h"
#include "socds/store-remark.h"
#include "socds/i18n.h"

/* One count with the unit bound as ?1 (and the year as ?2). */
static int
query_count1(struct store *s, const char *sql, const char *unit, const char *year,
    int64_t *n, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st);

	if (rc == SQLITE_OK) {
		store_bind_text(s, st, 1, unit, -1, SQLITE_TRANSIENT);
		if (year != NULL)
			store_bind_text(s, st, 2, year, -1, SQLITE_TRANSIENT);
		if ((rc = store_step(s, st)) == SQLITE_ROW) {
			*n = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_OK ? 0 : store_error(s, rc, e, "attention");
}

#define QUERY_WITHIN(col) STORE_WITHIN(col, "?1")

int
store_attention_get(struct store *s, const char *unit, int year,
    struct store_attention *out, struct err *e)
{
	char y[8];

	snprintf(y, sizeof y, "%04d", year);
	memset(out, 0, sizeof *out);
	if (query_count1(s, "SELECT count(*) FROM village v WHERE v.deleted = 0 AND "
	    QUERY_WITHIN("v.unit_code") " AND NOT EXISTS (SELECT 1 FROM team t"
	    " WHERE t.village_id = v.id AND t.deleted = 0)", unit, NULL,
	    &out->villages_without_team, e) != 0)
		return e->code;
	if (query_count1(s, "SELECT count(*) FROM staff st WHERE st.deleted = 0 AND "
	    QUERY_WITHIN("st.unit_code") " AND NOT EXISTS (SELECT 1 FROM participant p"
	    " JOIN training t ON t.id = p.training_id WHERE p.staff_id = st.id AND p.deleted = 0"
	    " AND p.attended = 1 AND t.deleted = 0"
	    " AND t.start_date BETWEEN ?2 || '-01-01' AND ?2 || '-12-31')",
	    unit, y, &out->staff_untrained, e) != 0)
		return e->code;
	if (query_count1(s, "SELECT count(*) FROM unit u WHERE u.status = 'current' AND"
	    " u.level = 'commune' AND (u.code = ?1 OR u.parent_code = ?1 OR u.parent_code IN"
	    " (SELECT code FROM unit WHERE parent_code = ?1)) AND NOT EXISTS (SELECT 1 FROM staff"
	    " st WHERE st.unit_code = u.code AND st.focal_point = 1 AND st.deleted = 0)",
	    unit, NULL, &out->communes_without_focal, e) != 0)
		return e->code;
	return store_remark_count(s, &out->remarks, e);
}

/* FROM and WHERE of store_record_each and its count. */
static void
query_each_from(struct query_sql *q, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted, bool changed)
{
	const char *date = k->date_col;

	/* Table order (rowid: the order records came into this file), read
	 * straight through: rows stream as SQLite reaches them, with no sort and
	 * no temporary copy of a million rows, and the child rows keyed by the
	 * time-ordered ids are met in step. An index on unit or date would
	 * jump about the table once per row; a full pass is cheaper even for
	 * one commune out of several. */
	query_add(q, " FROM %s t NOT INDEXED", k->table);
	/* What the office above has not acknowledged: one look-up in ack's
	 * key per row, the table still read straight through. */
	if (changed)
		query_add(q, " LEFT JOIN ack a ON a.record_id = t.id WHERE (t.version >"
		    " COALESCE(a.version, 0) OR EXISTS (SELECT 1 FROM remark m"
		    " WHERE m.record_id = t.id))");
	else
		query_add(q, " WHERE 1");
	if (!with_deleted)
		query_add(q, " AND t.deleted = 0");
	if (within != NULL)
		query_where(q, STORE_WITHIN("t.unit_code", "?"), within);
	/* A participant belongs to the period of its training. */
	char expr[96];
	if (date != NULL)
		snprintf(expr, sizeof expr, "t.%s", date);
	else if (k == &record_kinds[KIND_PARTICIPANT])
		snprintf(expr, sizeof expr, "(SELECT start_date FROM training WHERE id = t.training_id)");
	else
		return;
	char cond[160];
	if (from != NULL) {
		snprintf(cond, sizeof cond, "%s >= ?", expr);
		query_where(q, cond, from);
	}
	if (to != NULL) {
		snprintf(cond, sizeof cond, "%s <= ?", expr);
		query_where(q, cond, to);
	}
}

static int
query_each(struct store *s, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted, bool changed,
    int (*fn)(const struct record *, void *), void *arg, struct err *e)
{
	struct query_sql q = { .n = 0 };
	sqlite3_stmt *st = NULL;
	struct record r;
	int rc, stop = 0;

	query_add(&q, "SELECT ");
	q.n += store_select_list(k, q.sql + q.n, sizeof q.sql - q.n);
	query_each_from(&q, k, within, from, to, with_deleted, changed);
	query_add(&q, " ORDER BY t.rowid");
	if (q.n >= sizeof q.sql)
		return err_set(e, ERR_FAIL, "query too long for %s", k->name);
	if ((rc = store_prepare(s, q.sql, &st)) != SQLITE_OK)
		return store_error(s, rc, e, k->name);
	for (int i = 0; i < q.nbind; i++)
		store_bind_text(s, st, i + 1, q.bind[i], -1, SQLITE_TRANSIENT);
	if (record_init(&r, k) != 0) {
		sqlite3_reset(st);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	/* fn sees each row's values where SQLite holds them: nothing is copied
	 * or allocated per row. */
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		store_row_view(st, 0, &r);
		if ((stop = fn(&r, arg)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	for (int i = 0; i < k->ncols; i++)
		r.val[i] = NULL;
	record_free(&r);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name);
	return stop;
}

int
store_record_each(struct store *s, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted,
    int (*fn)(const struct record *, void *), void *arg, struct err *e)
{
	return query_each(s, k, within, from, to, with_deleted, false, fn, arg, e);
}

int
store_record_each_changed(struct store *s, const struct kind *k, const char *within,
    int (*fn)(const struct record *, void *), void *arg, struct err *e)
{
	return query_each(s, k, within, NULL, NULL, true, true, fn, arg, e);
}

int
store_record_each_count(struct store *s, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted, int64_t *n, struct err *e)
{
	struct query_sql q = { .n = 0 };

	query_add(&q, "SELECT count(*)");
	query_each_from(&q, k, within, from, to, with_deleted, false);
	if (q.n >= sizeof q.sql)
		return err_set(e, ERR_FAIL, "query too long for %s", k->name);
	return query_run_count(s, &q, n, k->name, e);
}


/* store query: list pages by keyset (the sort value and id of a boundary
 * row), so that any page costs the same whatever its position. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-query.h"
#include "socds/store-record.h"
#include "socds/i18n.h"

void
query_add(struct query_sql *q, const char *fmt, ...)
{
	va_list ap;

	if (q->n >= sizeof q->sql)
		return;
	va_start(ap, fmt);
	q->n += (size_t)vsnprintf(q->sql + q->n, sizeof q->sql - q->n, fmt, ap);
	va_end(ap);
}

/* Appends sep and cond, whose ?N placeholders take value v. */
void
query_cond(struct query_sql *q, const char *sep, const char *cond, const char *v)
{
	char num[16];

	if (q->nbind >= QUERY_MAX_BINDS)
		return;
	q->bind[q->nbind++] = v;
	snprintf(num, sizeof num, "?%d", q->nbind);
	/* cond uses "?" where the value goes, possibly several times. */
	query_add(q, "%s", sep);
	for (const char *p = cond; *p; p++) {
		if (*p == '?')
			query_add(q, "%s", num);
		else if (q->n + 1 < sizeof q->sql) {
			q->sql[q->n++] = *p;
			q->sql[q->n] = '\0';
		}
	}
}

/* Appends " AND <cond>" whose ?N placeholders take value v. */
void
query_where(struct query_sql *q, const char *cond, const char *v)
{
	query_cond(q, " AND ", cond, v);
}

int
query_run_count(struct store *s, const struct query_sql *q, int64_t *n, const char *what,
    struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_prepare(s, q->sql, &st)) != SQLITE_OK)
		return store_error(s, rc, e, what);
	for (int i = 0; i < q->nbind; i++)
		store_bind_text(s, st, i + 1, q->bind[i], -1, SQLITE_TRANSIENT);
	return store_step_int(s, st, n, NULL, what, e);
}

/* The sort expression and whether the kind's usual order is newest first. */
static void
query_sort_expr(const struct store_query *qq, char *buf, size_t size, bool *desc)
{
	const struct kind *k = qq->kind;
	int c = qq->sort;

	*desc = false;
	if (c < 0 || c >= k->ncols) {
		if (k->name_col >= 0)
			snprintf(buf, size, "t.name_sort");
		else if (k->date_col != NULL) {
			/* The form of the expression indexes (schema v6). */
			snprintf(buf, size, "ifnull(t.%s, '')", k->date_col);
			*desc = true;
		} else if (k == &record_kinds[KIND_PARTICIPANT])
			snprintf(buf, size, "ifnull((SELECT name_sort FROM staff WHERE id = t.staff_id),"
			    " (SELECT name_sort FROM member WHERE id = t.member_id))");
		else
			snprintf(buf, size, "t.created_at");
		return;
	}
	const struct column *col = &k->cols[c];
	if (c == k->name_col)
		snprintf(buf, size, "t.name_sort");
	else if (col->type == COL_REF) {
		const struct kind *rk = record_kind(col->ref);
		if (rk != NULL && rk->name_col >= 0)
			snprintf(buf, size, "ifnull((SELECT name_sort FROM %s WHERE id = t.%s), X'')",
			    rk->table, col->name);
		else
			snprintf(buf, size, "ifnull(t.%s, '')", col->name);
	} else if (col->type == COL_CHILD_IDS)
		/* How many, as the list shows it: one primary-key range each. */
		snprintf(buf, size, "(SELECT count(*) FROM %s WHERE activity_id = t.id)", col->ref);
	else if (col->type == COL_CHILD_COUNTS)
		snprintf(buf, size, "(SELECT ifnull(sum(count), 0) FROM %s WHERE activity_id ="
		    " t.id)", col->ref);
	else
		snprintf(buf, size, "ifnull(t.%s, '')", col->name);
}

static void
query_bind_key(struct store *s, sqlite3_stmt *st, int i, const struct store_key *key)
{
	switch (key->type) {
	case 1:
		store_bind_int64(s, st, i, key->i);
		break;
	case 2:
		store_bind_double(s, st, i, key->d);
		break;
	case 3:
		store_bind_blob(s, st, i, key->b, key->len, SQLITE_TRANSIENT);
		break;
	case 4:
		store_bind_text(s, st, i, (const char *)key->b, key->len, SQLITE_TRANSIENT);
		break;
	default:
		store_bind_null(s, st, i);
	}
}

static void
query_read_key(sqlite3_stmt *st, struct store_key *key)
{
	int t = sqlite3_column_type(st, 0);
	int len;

	memset(key, 0, sizeof key->type + sizeof key->i + sizeof key->d);
	switch (t) {
	case SQLITE_INTEGER:
		key->type = 1;
		key->i = sqlite3_column_int64(st, 0);
		break;
	case SQLITE_FLOAT:
		key->type = 2;
		key->d = sqlite3_column_double(st, 0);
		break;
	case SQLITE_TEXT:
	case SQLITE_BLOB:
		key->type = t == SQLITE_TEXT ? 4 : 3;
		len = sqlite3_column_bytes(st, 0);
		/* A key longer than the buffer would page wrongly: names are capped
		 * far below this by the forms. */
		if (len > (int)sizeof key->b)
			len = (int)sizeof key->b;
		memcpy(key->b, t == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, 0) :
		    sqlite3_column_blob(st, 0), (size_t)len);
		key->len = len;
		break;
	default:
		key->type = 0;
	}
	key->rowid = sqlite3_column_int64(st, 1);
	snprintf(key->id, sizeof key->id, "%s", (const char *)sqlite3_column_text(st, 2));
}

/* The SQL of a page in q (the search's plan kept in folded and wide, which
 * the caller frees): rows of the query ordered by expr (desc), from the
 * boundary ?100/?101 when has_from, at most ?102. */
static int
query_page_sql(struct store *s, const struct store_query *qq, const char *expr, bool desc,
    bool has_from, bool inclusive, struct query_sql *q, struct tbuf *folded,
    struct tbuf *wide, struct err *e)
{
	const struct kind *k = qq->kind;
	const char *wide_ids = NULL;
	char phrase[160];
	int64_t fts_n;

	if (query_search_plan(s, qq, folded, phrase, sizeof phrase, &fts_n, e) != 0 ||
	    query_wide_plan(s, qq, folded, fts_n, wide, &wide_ids, e) != 0)
		return e->code;
	/* Ties in the order are broken by rowid, which every index holds: the
	 * page is read from the index, never sorted whole. */
	query_add(q, "SELECT %s, t.rowid, ", expr);
	q->n += store_select_list(k, q->sql + q->n, sizeof q->sql - q->n);
	query_add(q, " FROM %s t WHERE t.deleted = 0", k->table);
	query_filters(q, qq, folded, fts_n >= 0 ? s->fts.ids.p : NULL, fts_n, wide_ids);
	/* The boundary as a plain range on the sort expression plus a tie test:
	 * SQLite takes a range from an expression index only in this form, not
	 * from a row value. */
	if (has_from)
		query_add(q, " AND %s %s ?100 AND (%s %s ?100 OR t.rowid %s ?101)", expr,
		    desc ? "<=" : ">=", expr, desc ? "<" : ">",
		    desc ? (inclusive ? "<=" : "<") : (inclusive ? ">=" : ">"));
	query_add(q, " ORDER BY 1 %s", desc ? "DESC" : "ASC");
	query_add(q, ", t.rowid %s LIMIT ?102", desc ? "DESC" : "ASC");
	if (q->n >= sizeof q->sql)
		return err_set(e, ERR_FAIL, "query too long for %s", k->name);
	return 0;
}

/* Steps a page's statement, calling fn for each row: the number of rows,
 * or -1 with e filled. */
static int
query_page_rows(struct store *s, sqlite3_stmt *st, const struct kind *k,
    int (*fn)(const struct record *, const struct store_key *, void *), void *arg,
    struct err *e)
{
	struct record r;
	struct store_key key;
	int rc, rows = 0;

	if (record_init(&r, k) != 0)
		return err_set(e, ERR_NOMEM, _("out of memory")), -1;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		query_read_key(st, &key);
		if (store_row_record(st, 2, &r) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		rows++;
		if (fn(&r, &key, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	record_free(&r);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name), -1;
	return rows;
}

int
store_query_page(struct store *s, const struct store_query *qq,
    const struct store_key *from, bool inclusive, bool backward, int limit,
    int (*fn)(const struct record *, const struct store_key *, void *), void *arg,
    struct err *e)
{
	struct query_sql q = { .n = 0 };
	struct tbuf folded = { 0 }, wide = { 0 };
	char expr[256];
	bool usual_desc, desc;
	sqlite3_stmt *st = NULL;
	int rc;

	query_sort_expr(qq, expr, sizeof expr, &usual_desc);
	desc = usual_desc != qq->desc;
	if (backward)
		desc = !desc;
	if (query_page_sql(s, qq, expr, desc, from != NULL, inclusive, &q, &folded, &wide, e) != 0)
		rc = -1;
	else if ((rc = store_prepare(s, q.sql, &st)) != SQLITE_OK)
		rc = (store_error(s, rc, e, qq->kind->name), -1);
	else {
		for (int i = 0; i < q.nbind; i++)
			store_bind_text(s, st, i + 1, q.bind[i], -1, SQLITE_TRANSIENT);
		if (from != NULL) {
			query_bind_key(s, st, 100, from);
			store_bind_int64(s, st, 101, from->rowid);
		}
		store_bind_int(s, st, 102, limit);
		rc = query_page_rows(s, st, qq->kind, fn, arg, e);
		sqlite3_reset(st);
	}
	tbuf_free(&folded);
	tbuf_free(&wide);
	return rc;
}

int
store_query_count(struct store *s, const struct store_query *qq, int64_t *n, struct err *e)
{
	struct query_sql q = { .n = 0 };
	struct tbuf folded = { 0 };
	char phrase[160];
	int64_t fts_n;
	int rc;

	if (query_search_plan(s, qq, &folded, phrase, sizeof phrase, &fts_n, e) != 0) {
		tbuf_free(&folded);
		return e->code;
	}
	bool searched = qq->search != NULL && *qq->search != '\0';
	struct tbuf wbuf = { 0 };
	const char *wide_ids = NULL;
	if (query_wide_plan(s, qq, &folded, fts_n, &wbuf, &wide_ids, e) != 0) {
		tbuf_free(&folded);
		tbuf_free(&wbuf);
		return e->code;
	}
	bool wide = searched && query_search_wide(qq, folded.p != NULL ? folded.p : "");
	if (!wide && qq->unit == NULL && qq->id == NULL && qq->parent_id == NULL &&
	    qq->village_id == NULL &&
	    qq->from == NULL && qq->to == NULL && (!searched || (fts_n >= 0 && phrase[0] != '?')) &&
	    query_within_all(s, qq->kind, qq->within)) {
		/* All the kind's rows, or all that match: the live counts and the
		 * trigram index hold live rows only. */
		if (fts_n < 0) {
			tbuf_free(&folded);
			tbuf_free(&wbuf);
			return store_record_count(s, qq->kind, NULL, n, e);
		}
		/* The index was counted only up to QUERY_FTS_SPARSE + 1. */
		int64_t limit = qq->count_limit;
		if (fts_n <= QUERY_FTS_SPARSE || (limit > 0 && limit <= fts_n)) {
			*n = limit > 0 && fts_n > limit ? limit : fts_n;
			tbuf_free(&folded);
			tbuf_free(&wbuf);
			return 0;
		}
	}
	bool capped = searched && qq->count_limit > 0;
	query_add(&q, "SELECT count(*) FROM (SELECT 1 FROM %s t WHERE t.deleted = 0",
	    qq->kind->table);
	query_filters(&q, qq, &folded, fts_n >= 0 ? s->fts.ids.p : NULL, fts_n, wide_ids);
	/* A search matching often is counted only as far as the limit. */
	if (capped)
		query_add(&q, " LIMIT %lld)", (long long)qq->count_limit);
	else
		query_add(&q, ")");
	rc = query_run_count(s, &q, n, qq->kind->name, e);
	tbuf_free(&folded);
	tbuf_free(&wbuf);
	return rc;
}

int64_t
store_change_stamp(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int64_t dv = 0;

	if (store_prepare(s, "PRAGMA data_version", &st) == SQLITE_OK &&
	    store_step(s, st) == SQLITE_ROW)
		dv = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return sqlite3_total_changes64(s->db) * 1000003 + dv;
}


/* store query: list pages by keyset (the sort value and id of a boundary
 * row), so that any page costs the same whatever its position. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/i18n.h"

#define QUERY_MAX_BINDS 12

struct query_sql {
	char sql[3072];
	size_t n;
	const char *bind[QUERY_MAX_BINDS];	/* text parameters ?1.. in order */
	int nbind;
};

static void query_add(struct query_sql *q, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
query_add(struct query_sql *q, const char *fmt, ...)
{
	va_list ap;

	if (q->n >= sizeof q->sql)
		return;
	va_start(ap, fmt);
	q->n += (size_t)vsnprintf(q->sql + q->n, sizeof q->sql - q->n, fmt, ap);
	va_end(ap);
}

/* Appends " AND <cond>" whose ?N placeholders take value v. */
static void
query_where(struct query_sql *q, const char *cond, const char *v)
{
	char num[16];

	if (q->nbind >= QUERY_MAX_BINDS)
		return;
	q->bind[q->nbind++] = v;
	snprintf(num, sizeof num, "?%d", q->nbind);
	/* cond uses "?" where the value goes, possibly several times. */
	query_add(q, " AND ");
	for (const char *p = cond; *p; p++) {
		if (*p == '?')
			query_add(q, "%s", num);
		else if (q->n + 1 < sizeof q->sql) {
			q->sql[q->n++] = *p;
			q->sql[q->n] = '\0';
		}
	}
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
	} else if (col->type == COL_CHILD_IDS || col->type == COL_CHILD_COUNTS)
		snprintf(buf, size, "t.created_at");
	else
		snprintf(buf, size, "ifnull(t.%s, '')", col->name);
}

static void
query_filters(struct query_sql *q, const struct store_query *qq, struct tbuf *folded)
{
	const struct kind *k = qq->kind;

	if (qq->within != NULL)
		query_where(q, STORE_WITHIN("t.unit_code", "?"), qq->within);
	if (qq->unit != NULL)
		query_where(q, "t.unit_code = ?", qq->unit);
	if (qq->parent_id != NULL && k->parent_col != NULL) {
		char cond[96];
		snprintf(cond, sizeof cond, "t.%s = ?", k->parent_col);
		query_where(q, cond, qq->parent_id);
	}
	if (qq->village_id != NULL) {
		if (k == &record_kinds[KIND_TEAM])
			query_where(q, "t.village_id = ?", qq->village_id);
		else if (record_col_index(k, "team_id") >= 0)
			query_where(q, "t.team_id IN (SELECT id FROM team WHERE village_id = ?)",
			    qq->village_id);
	}
	if (qq->search != NULL && *qq->search != '\0' && text_fold(qq->search, folded) == 0 &&
	    folded->len > 0) {
		if (k->name_col >= 0)
			query_where(q, "instr(t.name_key, ?) > 0", folded->p);
		else if (k == &record_kinds[KIND_PARTICIPANT])
			query_where(q, "(t.staff_id IN (SELECT id FROM staff WHERE instr(name_key, ?) > 0)"
			    " OR t.member_id IN (SELECT id FROM member WHERE instr(name_key, ?) > 0))",
			    folded->p);
		else if (record_col_index(k, "team_id") >= 0)
			query_where(q, "t.team_id IN (SELECT id FROM team WHERE instr(name_key, ?) > 0)",
			    folded->p);
	}
	if (k->date_col != NULL) {
		char cond[96];
		if (qq->from != NULL) {
			snprintf(cond, sizeof cond, "t.%s >= ?", k->date_col);
			query_where(q, cond, qq->from);
		}
		if (qq->to != NULL) {
			snprintf(cond, sizeof cond, "t.%s <= ?", k->date_col);
			query_where(q, cond, qq->to);
		}
	}
}

static void
query_bind_key(sqlite3_stmt *st, int i, const struct store_key *key)
{
	switch (key->type) {
	case 1:
		sqlite3_bind_int64(st, i, key->i);
		break;
	case 2:
		sqlite3_bind_double(st, i, key->d);
		break;
	case 3:
		sqlite3_bind_blob(st, i, key->b, key->len, SQLITE_TRANSIENT);
		break;
	case 4:
		sqlite3_bind_text(st, i, (const char *)key->b, key->len, SQLITE_TRANSIENT);
		break;
	default:
		sqlite3_bind_null(st, i);
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
	snprintf(key->id, sizeof key->id, "%s", (const char *)sqlite3_column_text(st, 1));
}

int
store_query_page(struct store *s, const struct store_query *qq,
    const struct store_key *from, bool inclusive, bool backward, int limit,
    int (*fn)(const struct record *, const struct store_key *, void *), void *arg,
    struct err *e)
{
	const struct kind *k = qq->kind;
	struct query_sql q = { .n = 0 };
	struct tbuf folded = { 0 };
	char expr[256];
	bool usual_desc, desc;
	sqlite3_stmt *st = NULL;
	struct record r;
	struct store_key key;
	int rc, rows = 0;

	query_sort_expr(qq, expr, sizeof expr, &usual_desc);
	desc = usual_desc != qq->desc;
	if (backward)
		desc = !desc;
	query_add(&q, "SELECT %s, t.id, ", expr);
	q.n += store_select_list(k, q.sql + q.n, sizeof q.sql - q.n);
	query_add(&q, " FROM %s t WHERE t.deleted = 0", k->table);
	query_filters(&q, qq, &folded);
	if (from != NULL)
		query_add(&q, " AND (%s, t.id) %s (?100, ?101)", expr,
		    desc ? (inclusive ? "<=" : "<") : (inclusive ? ">=" : ">"));
	query_add(&q, " ORDER BY 1 %s", desc ? "DESC" : "ASC");
	query_add(&q, ", t.id %s LIMIT ?102", desc ? "DESC" : "ASC");
	if (q.n >= sizeof q.sql) {
		tbuf_free(&folded);
		return err_set(e, ERR_FAIL, "query too long for %s", k->name);
	}
	if ((rc = sqlite3_prepare_v2(s->db, q.sql, -1, &st, NULL)) != SQLITE_OK) {
		tbuf_free(&folded);
		return store_error(s, rc, e, k->name);
	}
	for (int i = 0; i < q.nbind; i++)
		sqlite3_bind_text(st, i + 1, q.bind[i], -1, SQLITE_TRANSIENT);
	if (from != NULL) {
		query_bind_key(st, 100, from);
		sqlite3_bind_text(st, 101, from->id, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int(st, 102, limit);
	if (record_init(&r, k) != 0) {
		sqlite3_finalize(st);
		tbuf_free(&folded);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
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
	sqlite3_finalize(st);
	tbuf_free(&folded);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name);
	return rows;
}

int
store_query_count(struct store *s, const struct store_query *qq, int64_t *n, struct err *e)
{
	struct query_sql q = { .n = 0 };
	struct tbuf folded = { 0 };
	sqlite3_stmt *st = NULL;
	int rc;

	query_add(&q, "SELECT count(*) FROM %s t WHERE t.deleted = 0", qq->kind->table);
	query_filters(&q, qq, &folded);
	if ((rc = sqlite3_prepare_v2(s->db, q.sql, -1, &st, NULL)) == SQLITE_OK) {
		for (int i = 0; i < q.nbind; i++)
			sqlite3_bind_text(st, i + 1, q.bind[i], -1, SQLITE_TRANSIENT);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			*n = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	tbuf_free(&folded);
	return rc == SQLITE_OK ? 0 : store_error(s, rc, e, qq->kind->name);
}

/* One count with the unit bound as ?1 (and the year as ?2). */
static int
query_count1(struct store *s, const char *sql, const char *unit, const char *year,
    int64_t *n, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, unit, -1, SQLITE_TRANSIENT);
		if (year != NULL)
			sqlite3_bind_text(st, 2, year, -1, SQLITE_TRANSIENT);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			*n = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
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
	    " AND p.attended = 1 AND t.deleted = 0 AND substr(t.start_date, 1, 4) = ?2)",
	    unit, y, &out->staff_untrained, e) != 0)
		return e->code;
	if (query_count1(s, "SELECT count(*) FROM unit u WHERE u.status = 'current' AND"
	    " u.level = 'commune' AND (u.code = ?1 OR u.parent_code = ?1 OR u.parent_code IN"
	    " (SELECT code FROM unit WHERE parent_code = ?1)) AND NOT EXISTS (SELECT 1 FROM staff"
	    " st WHERE st.unit_code = u.code AND st.focal_point = 1 AND st.deleted = 0)",
	    unit, NULL, &out->communes_without_focal, e) != 0)
		return e->code;
	return 0;
}

/* FROM and WHERE of store_record_each and its count. */
static void
query_each_from(struct query_sql *q, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted)
{
	const char *date = k->date_col;

	/* Table order (rowid: the order records came into this file), read
	 * straight through: rows stream as SQLite reaches them, with no sort and
	 * no temporary copy of a million rows, and the child rows keyed by the
	 * time-ordered ids are met in step. An index on unit or date would
	 * jump about the table once per row; a full pass is cheaper even for
	 * one commune out of several. */
	query_add(q, " FROM %s t NOT INDEXED WHERE 1", k->table);
	if (!with_deleted)
		query_add(q, " AND t.deleted = 0");
	if (within != NULL)
		query_where(q, STORE_WITHIN("t.unit_code", "?"), within);
	/* A participant belongs to the period of its training. */
	const char *dexpr = date != NULL ? NULL : k == &record_kinds[KIND_PARTICIPANT] ?
	    "(SELECT start_date FROM training WHERE id = t.training_id)" : NULL;
	char cond[160];
	if (from != NULL && (date != NULL || dexpr != NULL)) {
		if (date != NULL)
			snprintf(cond, sizeof cond, "t.%s >= ?", date);
		else
			snprintf(cond, sizeof cond, "%s >= ?", dexpr);
		query_where(q, cond, from);
	}
	if (to != NULL && (date != NULL || dexpr != NULL)) {
		if (date != NULL)
			snprintf(cond, sizeof cond, "t.%s <= ?", date);
		else
			snprintf(cond, sizeof cond, "%s <= ?", dexpr);
		query_where(q, cond, to);
	}
}

int
store_record_each(struct store *s, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted,
    int (*fn)(const struct record *, void *), void *arg, struct err *e)
{
	struct query_sql q = { .n = 0 };
	sqlite3_stmt *st = NULL;
	struct record r;
	int rc, stop = 0;

	query_add(&q, "SELECT ");
	q.n += store_select_list(k, q.sql + q.n, sizeof q.sql - q.n);
	query_each_from(&q, k, within, from, to, with_deleted);
	query_add(&q, " ORDER BY t.rowid");
	if (q.n >= sizeof q.sql)
		return err_set(e, ERR_FAIL, "query too long for %s", k->name);
	if ((rc = sqlite3_prepare_v2(s->db, q.sql, -1, &st, NULL)) != SQLITE_OK)
		return store_error(s, rc, e, k->name);
	for (int i = 0; i < q.nbind; i++)
		sqlite3_bind_text(st, i + 1, q.bind[i], -1, SQLITE_TRANSIENT);
	if (record_init(&r, k) != 0) {
		sqlite3_finalize(st);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	/* fn sees each row's values where SQLite holds them: nothing is copied
	 * or allocated per row. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_row_view(st, 0, &r);
		if ((stop = fn(&r, arg)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	for (int i = 0; i < k->ncols; i++)
		r.val[i] = NULL;
	record_free(&r);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, k->name);
	return stop;
}

int
store_record_each_count(struct store *s, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted, int64_t *n, struct err *e)
{
	struct query_sql q = { .n = 0 };
	sqlite3_stmt *st = NULL;
	int rc;

	query_add(&q, "SELECT count(*)");
	query_each_from(&q, k, within, from, to, with_deleted);
	if (q.n >= sizeof q.sql)
		return err_set(e, ERR_FAIL, "query too long for %s", k->name);
	if ((rc = sqlite3_prepare_v2(s->db, q.sql, -1, &st, NULL)) == SQLITE_OK) {
		for (int i = 0; i < q.nbind; i++)
			sqlite3_bind_text(st, i + 1, q.bind[i], -1, SQLITE_TRANSIENT);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			*n = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : store_error(s, rc, e, k->name);
}

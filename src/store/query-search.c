/* store query-search: the search of a list — through the trigram index
 * (FTS5) for the name, over the columns a list shows otherwise — and the
 * filters around it (unit, parent, village, dates). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-query.h"
#include "socds/store-record.h"
#include "socds/i18n.h"


/* The folded search as an FTS5 phrase: "…" with quotes doubled. */
static bool
query_fts_phrase(const struct kind *k, const char *folded, char *buf, size_t size)
{
	size_t n = 0, letters = 0;

	if (k->name_col < 0)
		return false;
	for (const char *p = folded; *p; p++)
		letters += ((unsigned char)*p & 0xC0) != 0x80;
	if (letters < QUERY_FTS_MIN) {
		/* Too short for trigrams: matched with instr over the folded-name
		 * index, which holds the keys alone (the "?" marks it); its count
		 * includes deleted rows and only picks the plan. */
		snprintf(buf, size, "?%s", folded);
		return strlen(folded) + 2 < size;
	}
	buf[n++] = '"';
	for (const char *p = folded; *p && n + 3 < size; p++) {
		if (*p == '"')
			buf[n++] = '"';
		buf[n++] = *p;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return n + 1 < size;
}

/* For a plain ASCII search longer than five letters: its first, middle and
 * last three letters as an FTS5 query ("abc" AND "def" AND "xyz"), each one
 * trigram. Anything else is looked up as the phrase it is. */
static bool
query_fts_spread(const char *text, char *buf, size_t size)
{
	size_t len = strlen(text);

	if (len <= 5 || size < 32)
		return false;
	for (const char *p = text; *p; p++)
		if ((unsigned char)*p >= 0x80 || *p == '"')
			return false;
	snprintf(buf, size, "\"%.3s\" AND \"%.3s\" AND \"%.3s\"", text, text + (len - 3) / 2,
	    text + len - 3);
	return true;
}

/* The rows of kind k matching the search, up to QUERY_FTS_SPARSE + 1 of them:
 * their number, and when that is a sparse set, their rowids as a JSON array
 * (s->fts.ids) for the page to read them directly. Kept until the database
 * changes; a search that extends the last sparse one (typing on) only tests
 * the rows of that one. With the trigram index the rows are live ones; a
 * short search ("?") also counts deleted rows, and only picks the plan. */
static int
query_fts_count(struct store *s, const struct kind *k, const char *phrase, int64_t *n,
    struct err *e)
{
	int64_t stamp = store_change_stamp(s);
	sqlite3_stmt *st = NULL;
	char sql[384], num[24], spread[48] = "";
	bool short_q = phrase[0] == '?';
	int rc;

	bool same_data = s->fts.k == k && s->fts.stamp == stamp;
	if (same_data && strcmp(s->fts.q, phrase) == 0) {
		*n = s->fts.n;
		return 0;
	}
	/* The folded text between the quotes, or after the "?". */
	char text[160], prev[160];
	snprintf(text, sizeof text, "%s", phrase + 1);
	snprintf(prev, sizeof prev, "%s", s->fts.q + (s->fts.q[0] != '\0'));
	if (!short_q)
		text[strlen(text) - 1] = '\0';
	if (prev[0] != '\0' && s->fts.q[0] != '?')
		prev[strlen(prev) - 1] = '\0';
	bool narrow = same_data && s->fts.n >= 0 && s->fts.n <= QUERY_FTS_SPARSE &&
	    s->fts.ids.len > 0 && prev[0] != '\0' && strstr(text, prev) != NULL &&
	    strchr(text, '"') == NULL &&
	    (short_q || s->fts.q[0] != '?');
	if (narrow)
		snprintf(sql, sizeof sql, "SELECT rowid FROM %s WHERE rowid IN (SELECT value FROM"
		    " json_each(?2)) AND instr(name_key, ?1) > 0%s", k->table,
		    short_q ? "" : " AND deleted = 0");
	else if (short_q)
		snprintf(sql, sizeof sql, "SELECT rowid FROM %s WHERE instr(name_key, ?1) > 0"
		    " LIMIT %d", k->table, QUERY_FTS_SPARSE + 1);
	else if (query_fts_spread(text, spread, sizeof spread))
		/* A long search: three of its trigrams find the candidates, the
		 * folded key decides. FTS5 checking a phrase of ten common
		 * trigrams in place costs several times more. The index comes
		 * first (CROSS JOIN), so a common search stops at the limit. */
		snprintf(sql, sizeof sql, "SELECT t.rowid FROM %s_fts f CROSS JOIN %s t ON"
		    " t.rowid = f.rowid WHERE %s_fts MATCH ?3 AND instr(t.name_key, ?1) > 0 AND"
		    " t.deleted = 0 LIMIT %d", k->table, k->table, k->table, QUERY_FTS_SPARSE + 1);
	else
		snprintf(sql, sizeof sql, "SELECT rowid FROM %s_fts WHERE %s_fts MATCH ?1 LIMIT %d",
		    k->table, k->table, QUERY_FTS_SPARSE + 1);
	bool spread_q = !narrow && !short_q && spread[0] != '\0';
	s->fts.t.len = 0;
	*n = 0;
	if ((rc = store_prepare(s, sql, &st)) == SQLITE_OK) {
		store_bind_text(s, st, 1, short_q || narrow || spread_q ? text : phrase, -1,
		    SQLITE_STATIC);
		if (spread_q)
			store_bind_text(s, st, 3, spread, -1, SQLITE_STATIC);
		if (narrow)
			store_bind_text(s, st, 2, s->fts.ids.p, (int)s->fts.ids.len, SQLITE_STATIC);
		while ((rc = store_step(s, st)) == SQLITE_ROW) {
			int len = snprintf(num, sizeof num, "%c%lld", *n ? ',' : '[',
			    (long long)sqlite3_column_int64(st, 0));
			if (tbuf_append(&s->fts.t, num, (size_t)len) != 0) {
				rc = SQLITE_NOMEM;
				break;
			}
			(*n)++;
		}
		if (rc == SQLITE_DONE)
			rc = tbuf_append(&s->fts.t, *n ? "]" : "[]", *n ? 1 : 2) == 0 ? SQLITE_OK :
			    SQLITE_NOMEM;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, k->name);
	/* The new set becomes the one to narrow next time. */
	struct tbuf swap = s->fts.ids;
	s->fts.ids = s->fts.t;
	s->fts.t = swap;
	s->fts.k = k;
	snprintf(s->fts.q, sizeof s->fts.q, "%s", phrase);
	s->fts.n = *n;
	s->fts.stamp = stamp;
	return 0;
}

/* Whether every live row of the kind is within the unit (the usual case: a
 * database holds its own unit and the units below), from the live counts. */
bool
query_within_all(struct store *s, const struct kind *k, const char *within)
{
	sqlite3_stmt *st = NULL;
	bool all = false;

	if (within == NULL)
		return true;
	if (store_prepare(s, "SELECT (SELECT ifnull(sum(live), 0) FROM kind_count"
	    " WHERE kind = ?1) = (SELECT ifnull(sum(live), 0) FROM kind_count WHERE kind = ?1"
	    " AND " STORE_WITHIN("unit_code", "?2") ")", &st) == SQLITE_OK) {
		store_bind_text(s, st, 1, k->table, -1, SQLITE_STATIC);
		store_bind_text(s, st, 2, within, -1, SQLITE_STATIC);
		all = store_step(s, st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	}
	sqlite3_reset(st);
	return all;
}

/* A folded search of digits alone (and the spaces between groups): the
 * only kind that can be in a date, a number or a phone number as shown. */
static bool
query_digits(const char *folded)
{
	bool digit = false;

	for (const char *p = folded; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (*p != ' ')
			return false;
	}
	return digit;
}

/* The condition matching column sc with the folded search, and the value
 * bound to it; false when the column cannot hold the search (then it is
 * left out). ids: the rows the trigram index found, when a sparse set. */
static bool
query_col_cond(const struct kind *k, const struct search_col *sc, const char *folded,
    const char *ids, char *cond, size_t size, const char **v)
{
	const char *c;

	if (sc->col < 0 || sc->col >= k->ncols)
		return false;
	c = k->cols[sc->col].name;
	*v = folded;
	switch (sc->how) {
	case SEARCH_NAME:
		if (sc->col == k->name_col) {
			if (ids != NULL) {
				snprintf(cond, size, "t.rowid IN (SELECT value FROM json_each(?))");
				*v = ids;
			} else
				snprintf(cond, size, "instr(t.name_key, ?) > 0");
			return true;
		}
		/* FALLTHROUGH */
	case SEARCH_TEXT:
		snprintf(cond, size, "instr(vi_fold(t.%s), ?) > 0", c);
		return true;
	case SEARCH_DATE:
		/* As shown, dd/mm/yyyy, folded: "05 03 2026". */
		if (!query_digits(folded))
			return false;
		snprintf(cond, size, "instr(substr(t.%s, 9, 2) || ' ' || substr(t.%s, 6, 2) || ' ' ||"
		    " substr(t.%s, 1, 4), ?) > 0", c, c, c);
		return true;
	case SEARCH_NUMBER:
		if (!query_digits(folded))
			return false;
		snprintf(cond, size, "instr(replace(CAST(t.%s AS TEXT), '.', ' '), ?) > 0", c);
		return true;
	case SEARCH_PHONE:
		if (!query_digits(folded))
			return false;
		snprintf(cond, size, "instr(t.%s, replace(?, ' ', '')) > 0", c);
		return true;
	case SEARCH_CODES:
		if (sc->codes == NULL || strcmp(sc->codes, "[]") == 0)
			return false;
		*v = sc->codes;
		snprintf(cond, size, "(t.%s IN (SELECT value FROM json_each(?)) OR (instr(t.%s, ';') > 0"
		    " AND EXISTS (SELECT 1 FROM json_each(?) j WHERE instr(';' || t.%s || ';', ';' ||"
		    " j.value || ';') > 0)))", c, c, c);
		return true;
	case SEARCH_REF: {
		const struct kind *rk = k->cols[sc->col].ref != NULL ?
		    record_kind(k->cols[sc->col].ref) : NULL;
		if (rk == NULL || rk->name_col < 0)
			return false;
		snprintf(cond, size, "t.%s IN (SELECT id FROM %s WHERE instr(name_key, ?) > 0)", c,
		    rk->table);
		return true;
	}
	}
	return false;
}

/* Whether the search reaches beyond the kind's name (then the trigram
 * index's count is not the list's). */
bool
query_search_wide(const struct store_query *qq, const char *folded)
{
	char cond[512];
	const char *v;

	if (qq->search_unit)
		return true;
	for (int i = 0; i < qq->search_n; i++) {
		const struct search_col *sc = &qq->search_cols[i];
		if ((sc->how != SEARCH_NAME || sc->col != qq->kind->name_col) &&
		    query_col_cond(qq->kind, sc, folded, NULL, cond, sizeof cond, &v))
			return true;
	}
	return false;
}

/* " AND (a OR b ...)": the search over the columns the list shows. */
static void
query_search_cols(struct query_sql *q, const struct store_query *qq, const char *folded,
    const char *ids)
{
	char cond[512];
	const char *v;
	bool any = false;

	query_add(q, " AND (");
	for (int i = 0; i < qq->search_n; i++)
		if (query_col_cond(qq->kind, &qq->search_cols[i], folded, ids, cond, sizeof cond,
		    &v)) {
			query_cond(q, any ? " OR " : "", cond, v);
			any = true;
		}
	if (qq->search_unit) {
		/* Only the units that hold records of the kind (kind_count):
		 * a few dozen names, not every unit of the country. */
		char ucond[256];
		snprintf(ucond, sizeof ucond, "t.unit_code IN (SELECT c.unit_code FROM kind_count c"
		    " JOIN unit u ON u.code = c.unit_code WHERE c.kind = '%s' AND c.live > 0 AND"
		    " instr(u.name_key, ?) > 0)", qq->kind->table);
		query_cond(q, any ? " OR " : "", ucond, folded);
		any = true;
	}
	query_add(q, any ? ")" : "0)");
}

/* The filters of a list. fts_n: the number of matches of the search when it
 * goes through the trigram index (-1 otherwise), which picks the plan. */
void
query_filters(struct query_sql *q, const struct store_query *qq, struct tbuf *folded,
    const char *ids, int64_t fts_n, const char *wide_ids)
{
	const struct kind *k = qq->kind;

	/* "+": not through the unit index. The units below the home unit are
	 * usually all of the file, so the order's own index serves better. */
	if (qq->within != NULL)
		query_where(q, "+" STORE_WITHIN("t.unit_code", "?"), qq->within);
	if (qq->unit != NULL)
		query_where(q, "t.unit_code = ?", qq->unit);
	if (qq->id != NULL)
		query_where(q, "t.id = ?", qq->id);
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
		if (wide_ids != NULL)
			/* The few rows matching any column, found in one pass. */
			query_where(q, "t.rowid IN (SELECT value FROM json_each(?))", wide_ids);
		else if (qq->search_n > 0 || qq->search_unit)
			query_search_cols(q, qq, folded->p, k->name_col >= 0 && fts_n >= 0 &&
			    fts_n <= QUERY_FTS_SPARSE ? ids : NULL);
		else if (k->name_col >= 0 && fts_n >= 0 && fts_n <= QUERY_FTS_SPARSE && ids != NULL)
			/* The few matching rows, found once for the count and the page. */
			query_where(q, "t.rowid IN (SELECT value FROM json_each(?))", ids);
		else if (k->name_col >= 0)
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

/* A search over more than the name (texts, dates, labels): the matching
 * rows, read in one pass down the table (pages in file order, no index
 * hopping), up to QUERY_FTS_SPARSE + 1 of them. When they are that few,
 * *ids gets them as a JSON array and the page and count read only those;
 * when more, *ids stays NULL: the list's own order finds a page of them
 * soon enough. */
static int
query_wide_ids(struct store *s, const struct store_query *qq, const char *folded,
    const char *fts_ids, struct tbuf *buf, const char **ids, struct err *e)
{
	struct query_sql q = { .n = 0 };
	sqlite3_stmt *st = NULL;
	char num[24];
	int64_t n = 0;
	int rc;

	*ids = NULL;
	buf->len = 0;
	query_add(&q, "SELECT t.rowid FROM %s t NOT INDEXED WHERE t.deleted = 0", qq->kind->table);
	query_search_cols(&q, qq, folded, fts_ids);
	query_add(&q, " LIMIT %d", QUERY_FTS_SPARSE + 1);
	if (q.n >= sizeof q.sql)
		return 0;	/* the plain plan then */
	if ((rc = store_prepare(s, q.sql, &st)) != SQLITE_OK)
		return store_error(s, rc, e, qq->kind->name);
	for (int i = 0; i < q.nbind; i++)
		store_bind_text(s, st, i + 1, q.bind[i], -1, SQLITE_TRANSIENT);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		int len = snprintf(num, sizeof num, "%c%lld", n ? ',' : '[',
		    (long long)sqlite3_column_int64(st, 0));
		if (tbuf_append(buf, num, (size_t)len) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, qq->kind->name);
	if (n <= QUERY_FTS_SPARSE) {
		if (tbuf_append(buf, n ? "]" : "[]", n ? 1 : 2) != 0)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		*ids = buf->p;
	}
	return 0;
}

/* The folded search in folded (query_search_plan may have left it empty),
 * and for a search over more than the name, query_wide_ids. */
int
query_wide_plan(struct store *s, const struct store_query *qq, struct tbuf *folded,
    int64_t fts_n, struct tbuf *buf, const char **ids, struct err *e)
{
	*ids = NULL;
	if (qq->search == NULL || *qq->search == '\0')
		return 0;
	if (folded->len == 0 && text_fold(qq->search, folded) != 0)
		return 0;
	/* One or two letters match too many rows for a set of them to pay. */
	if (folded->len < QUERY_FTS_MIN || !query_search_wide(qq, folded->p))
		return 0;
	return query_wide_ids(s, qq, folded->p, qq->kind->name_col >= 0 && fts_n >= 0 &&
	    fts_n <= QUERY_FTS_SPARSE ? s->fts.ids.p : NULL, buf, ids, e);
}

/* The search through the trigram index: its phrase and number of matches,
 * or -1 when the search is not one for the index. */
int
query_search_plan(struct store *s, const struct store_query *qq, struct tbuf *folded,
    char *phrase, size_t size, int64_t *fts_n, struct err *e)
{
	bool name = qq->search_n == 0 && !qq->search_unit;

	*fts_n = -1;
	/* A list whose columns leave the name out does not search it. */
	for (int i = 0; i < qq->search_n; i++)
		name = name || (qq->search_cols[i].how == SEARCH_NAME &&
		    qq->search_cols[i].col == qq->kind->name_col);
	if (!name || qq->search == NULL || *qq->search == '\0' ||
	    text_fold(qq->search, folded) != 0 ||
	    !query_fts_phrase(qq->kind, folded->p, phrase, size))
		return 0;
	return query_fts_count(s, qq->kind, phrase, fts_n, e);
}


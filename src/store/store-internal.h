/* store-internal: what the store's own files share. */
#ifndef SOCDS_STORE_INTERNAL_H
#define SOCDS_STORE_INTERNAL_H

#include <sqlite3.h>
#include <time.h>

#include "socds/record.h"
#include "socds/store.h"
#include "socds/text.h"

extern const char *const *const store_migrations[];
extern const char *const schema_v17[];

/* SQL: col names the unit bound as parameter P or a unit below it (two levels:
 * province > district > commune). The one definition of "within a unit". */
#define STORE_WITHIN(col, P) col " IN (SELECT code FROM unit WHERE code = " P \
	" OR parent_code = " P " OR parent_code IN (SELECT code FROM unit WHERE parent_code = " P "))"

/* The same test, row by row: two lookups by code per row, whatever the
 * number of units below P. For a few rows found another way (a name's
 * namesakes), where STORE_WITHIN's list would be a province's units. */
#define STORE_WITHIN_ROW(col, P) "EXISTS (SELECT 1 FROM unit w WHERE w.code = " col \
	" AND (w.code = " P " OR w.parent_code = " P " OR (SELECT g.parent_code FROM unit g" \
	" WHERE g.code = w.parent_code) = " P "))"

/* SQL: the rows (top, code) of STORE_WITHIN for P and for each unit directly
 * below P at once: code is within top. A report reads every unit it shows in
 * one pass per figure, grouped by top, instead of one query per unit. Three
 * joins (the unit itself, its children, its grandchildren) in place of the
 * OR, so that each is an index lookup. */
/* The units of a report on today's map: tree(top, code) follows the parents;
 * then an abolished commune leaves the tree of the unit below that it lay in
 * (it stays in P's own total) and is credited instead to the top of the one
 * current commune the old→new mapping (unit_map; else its successor_code when
 * the mapping has no rule) names for it. An abolished commune that the
 * mapping splits among several current communes of P, or that no rule names,
 * counts in P's total and in no unit below: "not yet assigned"
 * (STORE_UNASSIGNED lists them). */
#define STORE_SCOPE(P) \
	"WITH top(code) AS (VALUES (" P ") UNION SELECT code FROM unit WHERE parent_code = " P ")," \
	" tree(top, code) AS (SELECT t.code, u.code FROM top t JOIN unit u ON u.code = t.code" \
	" UNION SELECT t.code, u.code FROM top t JOIN unit u ON u.parent_code = t.code" \
	" UNION SELECT t.code, g.code FROM top t JOIN unit c ON c.parent_code = t.code" \
	" JOIN unit g ON g.parent_code = c.code)," \
	" scope(top, code) AS (SELECT tr.top, tr.code FROM tree tr JOIN unit u ON u.code = tr.code" \
	"  WHERE tr.top = " P " OR u.level <> 'commune' OR u.status = 'current'" \
	" UNION SELECT tr.top, m.old_code FROM tree tr JOIN unit_map m ON m.new_code = tr.code" \
	"  JOIN unit o ON o.code = m.old_code WHERE o.status = 'abolished' AND o.level = 'commune'" \
	"  AND (tr.top = " P " OR NOT EXISTS (SELECT 1 FROM unit_map m2 WHERE" \
	"  m2.old_code = m.old_code AND m2.new_code <> m.new_code))" \
	" UNION SELECT tr.top, o.code FROM tree tr JOIN unit o ON o.successor_code = tr.code" \
	"  WHERE o.status = 'abolished' AND o.level = 'commune'" \
	"  AND NOT EXISTS (SELECT 1 FROM unit_map m WHERE m.old_code = o.code)) "
/* After STORE_SCOPE(P): the abolished communes whose records count in P's
 * total and are credited to no current commune within P (for a province, in
 * no unit below it; for a commune, not its own). */
#define STORE_UNASSIGNED(P) \
	"SELECT s.code FROM scope s JOIN unit u ON u.code = s.code WHERE s.top = " P \
	" AND u.level = 'commune' AND u.status = 'abolished'" \
	" AND NOT EXISTS (SELECT 1 FROM unit_map m JOIN tree tr ON tr.top = " P \
	"  AND tr.code = m.new_code WHERE m.old_code = s.code AND NOT EXISTS (SELECT 1" \
	"  FROM unit_map m2 WHERE m2.old_code = m.old_code AND m2.new_code <> m.new_code))" \
	" AND NOT (ifnull(u.successor_code IN (SELECT code FROM tree WHERE top = " P "), 0)" \
	"  AND NOT EXISTS (SELECT 1 FROM unit_map m3 WHERE m3.old_code = s.code))"

struct store {
	sqlite3 *db;
	char *path;
	struct store_cached *cache;	/* every statement, by its text (cache.c) */
	size_t ncache, capcache;
	sqlite3_stmt *bind_st;		/* a statement whose bind failed, */
	int bind_rc, bind_index;	/* how and which (store_step reports it) */
	int txn_depth;			/* store_begin levels open (txn.c) */
	bool txn_top;			/* level 1 is the transaction, not a savepoint */
	struct tbuf t1, t2, t3;		/* scratch for text keys */
	bool audit;			/* write the audit log for each record change */
	int64_t audit_merge;		/* the merge_log seq audit rows belong to, or 0 */
	int64_t bin_deletion;		/* the deletion a delete's tombstones join (bin.c), or 0 */
	int busy_ms;			/* how long to wait for another writer */
	int64_t busy_since_ms;		/* when the current wait began (os_clock_ms) */
	/* Who is at the keyboard: the OS account, its role and unit. */
	char user[64];
	char role[12];			/* admin / editor / viewer */
	char user_unit[8];		/* editors change this unit and below */
	char accept_key[64];		/* merge --accept-key (store_key_accept) */
	char failed_col[40];		/* store_failed_column */
	/* The last search's number of matches, asked for by both the count and
	 * the page of a keystroke: valid while nothing has changed. */
	struct {
		const struct kind *k;
		char q[160];
		int64_t n, stamp;	/* store_change_stamp when counted */
		struct tbuf ids, t;	/* the sparse set's rowids as JSON; scratch */
	} fts;
};

/* --- lists: the SQL of a query, built up (query.c, query-search.c,
 * query-each.c) --- */
#define QUERY_MAX_BINDS 24
/* A search of at least this many letters goes through the trigram index. */
#define QUERY_FTS_MIN 3
/* Fewer matches than this: read them all and sort; more: walk the list in
 * its order and keep the matching rows, which come often enough. */
#define QUERY_FTS_SPARSE 500
struct query_sql {
	char sql[3072];
	size_t n;
	const char *bind[QUERY_MAX_BINDS];	/* text parameters ?1.. in order */
	int nbind;
};
struct store_query;
/* Appends printf-style text. */
void query_add(struct query_sql *q, const char *fmt, ...) ERR_PRINTF(2, 3);
/* Appends sep and cond, whose "?" placeholders take value v (the next ?N). */
void query_cond(struct query_sql *q, const char *sep, const char *cond, const char *v);
/* Appends " AND <cond>" whose "?" placeholders take value v. */
void query_where(struct query_sql *q, const char *cond, const char *v);
/* The search through the trigram index: its phrase and number of matches
 * (*fts_n), or -1 when the search is not one for the index. */
int query_search_plan(struct store *s, const struct store_query *qq, struct tbuf *folded,
    char *phrase, size_t size, int64_t *fts_n, struct err *e);
/* For a search over more than the name: the ids matching it (*ids, in buf). */
int query_wide_plan(struct store *s, const struct store_query *qq, struct tbuf *folded,
    int64_t fts_n, struct tbuf *buf, const char **ids, struct err *e);
/* The filters of a list (unit, parent, village, dates, search). */
void query_filters(struct query_sql *q, const struct store_query *qq, struct tbuf *folded,
    const char *ids, int64_t fts_n, const char *wide_ids);
/* Runs a count built in q (text parameters q->bind): *n. */
int query_run_count(struct store *s, const struct query_sql *q, int64_t *n, const char *what,
    struct err *e);
/* Whether the search reaches beyond the kind's name. */
bool query_search_wide(const struct store_query *qq, const char *folded);
/* Whether every live row of kind k is within the unit (then the filter can go). */
bool query_within_all(struct store *s, const struct kind *k, const char *within);

/* The audit trail of one change (values as JSON objects, or NULL). */
int store_audit_write(struct store *s, const char *action, const char *kind,
    const char *record_id, const char *unit, const char *old_json, const char *new_json,
    const char *detail, struct err *e);
/* A record's values as JSON (malloc'd). */
char *store_record_json_of(const struct record *r);
/* The record's stored values as a JSON object (malloc'd), or NULL when absent. */
char *store_record_json(struct store *s, const struct kind *k, const char *id);
/* Reads the account's role (store_open). */
int store_actor_load(struct store *s, struct err *e);

/* --- the statement cache and binders (cache.c) --- */
/* The prepared statement for sql (any text: it is kept by its text, so a
 * statement built the same way each time is parsed once), reset and
 * unbound; the caller resets it after use (sqlite3_reset), never finalizes
 * it. NULL with e filled on failure. */
sqlite3_stmt *store_cached(struct store *s, const char *sql, struct err *e);
/* The same, giving SQLite's result code (for store_error) and *st. */
int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st);
/* store_cached of a lookup by one key, bound as ?1 (text). */
sqlite3_stmt *store_cached_key(struct store *s, const char *sql, const char *key,
    struct err *e);
/* store_cached of fmt with its one %s replaced by the table of kind k. */
sqlite3_stmt *store_kind_stmt(struct store *s, const struct kind *k, const char *fmt,
    struct err *e);
/* Finalizes every cached statement (store_close). */
void store_cache_free(struct store *s);
/* sqlite3_bind_* that keep the first failure on st; store_step then returns
 * that failure (SQLITE_TOOBIG, SQLITE_RANGE, ...) instead of stepping. */
int store_bind_text(struct store *s, sqlite3_stmt *st, int i, const char *v, int n,
    void (*del)(void *));
int store_bind_int64(struct store *s, sqlite3_stmt *st, int i, int64_t v);
int store_bind_int(struct store *s, sqlite3_stmt *st, int i, int v);
int store_bind_double(struct store *s, sqlite3_stmt *st, int i, double v);
int store_bind_null(struct store *s, sqlite3_stmt *st, int i);
int store_bind_blob(struct store *s, sqlite3_stmt *st, int i, const void *v, int n,
    void (*del)(void *));
/* Text, or NULL when v is NULL or "" (an optional field). */
int store_bind_opt(struct store *s, sqlite3_stmt *st, int i, const char *v);
int store_step(struct store *s, sqlite3_stmt *st);
/* Binds parameters 1, 2, ... of st from the arguments as fmt says, a letter
 * each: 't' text (const char *, NULL binds NULL), 'o' optional text (NULL
 * or "" binds NULL), 'i' int64_t. The first failure is returned (and kept
 * for store_step). */
int store_bind(struct store *s, sqlite3_stmt *st, const char *fmt, ...);
/* Runs sql, a statement that returns no rows, with parameters as store_bind
 * takes them: 0, or store_error(what). */
int store_run(struct store *s, struct err *e, const char *what, const char *sql,
    const char *fmt, ...);
/* Steps st once for one row at most: *found (may be NULL) whether one came,
 * *v (may be NULL) its first column as an integer; resets st. 0, or
 * store_error(what). */
int store_step_int(struct store *s, sqlite3_stmt *st, int64_t *v, bool *found, const char *what,
    struct err *e);

/* The select list of a record's columns (table alias t), and reading a row
 * of it from column `off` into r. */
size_t store_select_list(const struct kind *k, char *sql, size_t size);
int store_row_record(sqlite3_stmt *st, int off, struct record *r);
/* The same without copying: r->val[i] point into the statement's current row
 * (valid until the next step) and must be set to NULL before record_free. */
void store_row_view(sqlite3_stmt *st, int off, struct record *r);
/* Binds a record's own columns from parameter p on (next index, or -1);
 * replaces its child rows. Shared by insert, update and merge. */
int store_bind_cols(struct store *s, sqlite3_stmt *st, const struct record *r, int p,
    struct err *e);
int store_replace_children(struct store *s, const struct record *r, bool clear,
    struct err *e);
/* Tombstones the dependants of record id of kind k (store_delete_plan) in
 * the caller's transaction, updated_at = now; refuses a village with live
 * teams. */
int store_delete_dependants(struct store *s, const struct kind *k, const char *id,
    const char *now, struct err *e);
/* The recycle bin's record of a delete (bin.c), in the delete's transaction:
 * store_bin_open writes the deletion of record id (tombstoned at now) and
 * makes the tombstones and links noted next belong to it, until
 * store_bin_close. Notes are taken only while one is open. */
int store_bin_open(struct store *s, const struct kind *k, const char *id, const char *now,
    struct err *e);
void store_bin_close(struct store *s);
/* Record id of kind k was tombstoned with the open deletion. */
int store_bin_note(struct store *s, const struct kind *k, const char *id, struct err *e);
/* The links of activity act to its members present that `del_where` (SQL
 * after "WHERE activity_id = ?1 AND ", ?2 = the id deleted) is about to take out. */
int store_bin_note_presence(struct store *s, const char *act, const char *del_where,
    const char *id, struct err *e);
/* The lock (lock.c): store_lock_check of stored record id of kind k (the
 * old values; none when there is no such record) against r (the new ones;
 * NULL for a delete). */
int store_lock_stored(struct store *s, const struct kind *k, const char *id,
    const struct record *r, struct err *e);
/* store_lock_check of every live record of kind k of unit `from` moved to
 * unit `to`. */
int store_lock_moved(struct store *s, const struct kind *k, const char *from, const char *to,
    struct err *e);
/* Maps a SQLite result to an err code and message. */
int store_error(struct store *s, int rc, struct err *e, const char *what);
/* The backups folder of the database at db_path (store_backup_dir without
 * creating it). */
int store_backup_folder(const char *db_path, char *buf, size_t size, struct err *e);

#endif

/* store/cache: the one statement cache, and the checked binders.
 *
 * Every statement of the store is fetched here by its SQL text
 * (store_cached, store_prepare), prepared the first time only and finalized
 * at store_close: a lookup repeated per row of an import, or per redraw of a
 * screen, is parsed once. A statement still being stepped (a caller walking
 * rows whose callback runs the same query again) is never handed out twice:
 * a second copy is prepared beside it.
 *
 * Binds go through store_bind_*: the first bind that fails on a statement is
 * kept, and store_step returns it instead of running the statement with a
 * parameter missing; store_error names it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/i18n.h"

/* Copies of one statement kept at once; past this the first is reset and
 * reused (a caller that forgot to reset, not one walking rows). */
#define CACHE_COPIES 4

struct store_cached {
	size_t hash;
	char *sql;
	sqlite3_stmt *st;
};

static size_t
cache_hash(const char *s)
{
	size_t h = (size_t)1469598103934665603ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ull;
	return h;
}

static sqlite3_stmt *
cache_hand_out(struct store *s, sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (s->bind_st == st)
		s->bind_st = NULL;
	return st;
}

/* An idle copy of sql, or the first copy when CACHE_COPIES are busy. */
static sqlite3_stmt *
cache_find(struct store *s, size_t h, const char *sql)
{
	sqlite3_stmt *first = NULL;
	int copies = 0;

	/* Few distinct statements (a hundred or two): a scan of hashes is enough. */
	for (size_t i = 0; i < s->ncache; i++) {
		struct store_cached *c = &s->cache[i];
		if (c->hash != h || strcmp(c->sql, sql) != 0)
			continue;
		if (!sqlite3_stmt_busy(c->st))
			return c->st;
		if (first == NULL)
			first = c->st;
		copies++;
	}
	return copies >= CACHE_COPIES ? first : NULL;
}

int
store_prepare(struct store *s, const char *sql, sqlite3_stmt **out)
{
	size_t h = cache_hash(sql);
	struct store_cached *c;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((st = cache_find(s, h, sql)) != NULL) {
		*out = cache_hand_out(s, st);
		return SQLITE_OK;
	}
	if (s->ncache == s->capcache) {
		size_t cap = s->capcache ? s->capcache * 2 : 32;
		struct store_cached *p = realloc(s->cache, cap * sizeof *p);
		if (p == NULL)
			return SQLITE_NOMEM;
		s->cache = p;
		s->capcache = cap;
	}
	c = &s->cache[s->ncache];
	if ((c->sql = strdup(sql)) == NULL)
		return SQLITE_NOMEM;
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL);
	if (rc != SQLITE_OK) {
		free(c->sql);
		return rc;
	}
	c->hash = h;
	s->ncache++;
	*out = c->st;
	return SQLITE_OK;
}

sqlite3_stmt *
store_cached(struct store *s, const char *sql, struct err *e)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, sql, &st);

	if (rc != SQLITE_OK) {
		store_error(s, rc, e, "prepare");
		return NULL;
	}
	return st;
}

sqlite3_stmt *
store_cached_key(struct store *s, const char *sql, const char *key, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, sql, e);

	if (st != NULL)
		store_bind_text(s, st, 1, key, -1, SQLITE_TRANSIENT);
	return st;
}

sqlite3_stmt *
store_kind_stmt(struct store *s, const struct kind *k, const char *fmt, struct err *e)
{
	const char *at = strstr(fmt, "%s");
	char sql[512];

	/* The table spliced in where fmt says %s (no printf of a variable format). */
	if (at == NULL || (size_t)snprintf(sql, sizeof sql, "%.*s%s%s", (int)(at - fmt), fmt,
	    k->table, at + 2) >= sizeof sql) {
		err_set(e, ERR_FAIL, "SQL too long for %s", k->name);
		return NULL;
	}
	return store_cached(s, sql, e);
}

void
store_cache_free(struct store *s)
{
	for (size_t i = 0; i < s->ncache; i++) {
		sqlite3_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	free(s->cache);
	s->cache = NULL;
	s->ncache = s->capcache = 0;
}

/* Keeps the first failed bind of st for store_step; returns rc. */
static int
cache_bound(struct store *s, sqlite3_stmt *st, int i, int rc)
{
	if (rc != SQLITE_OK && s->bind_st != st) {
		s->bind_st = st;
		s->bind_rc = rc;
		s->bind_index = i;
	}
	return rc;
}

int
store_bind_text(struct store *s, sqlite3_stmt *st, int i, const char *v, int n,
    void (*del)(void *))
{
	return cache_bound(s, st, i, sqlite3_bind_text(st, i, v, n, del));
}

int
store_bind_int64(struct store *s, sqlite3_stmt *st, int i, int64_t v)
{
	return cache_bound(s, st, i, sqlite3_bind_int64(st, i, v));
}

int
store_bind_int(struct store *s, sqlite3_stmt *st, int i, int v)
{
	return cache_bound(s, st, i, sqlite3_bind_int(st, i, v));
}

int
store_bind_double(struct store *s, sqlite3_stmt *st, int i, double v)
{
	return cache_bound(s, st, i, sqlite3_bind_double(st, i, v));
}

int
store_bind_null(struct store *s, sqlite3_stmt *st, int i)
{
	return cache_bound(s, st, i, sqlite3_bind_null(st, i));
}

int
store_bind_blob(struct store *s, sqlite3_stmt *st, int i, const void *v, int n,
    void (*del)(void *))
{
	return cache_bound(s, st, i, sqlite3_bind_blob(st, i, v, n, del));
}

int
store_bind_opt(struct store *s, sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL || *v == '\0')
		return store_bind_null(s, st, i);
	return store_bind_text(s, st, i, v, -1, SQLITE_TRANSIENT);
}

int
store_step(struct store *s, sqlite3_stmt *st)
{
	if (s->bind_st == st) {
		s->bind_st = NULL;
		return s->bind_rc;
	}
	return sqlite3_step(st);
}

int
store_step_int(struct store *s, sqlite3_stmt *st, int64_t *v, bool *found, const char *what,
    struct err *e)
{
	int rc = store_step(s, st);

	if (found != NULL)
		*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		if (v != NULL)
			*v = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, what);
}

int
store_test_limit(struct store *s, int id, int value)
{
	return sqlite3_limit(s->db, id, value);
}

static int
cache_bind_va(struct store *s, sqlite3_stmt *st, const char *fmt, va_list ap)
{
	int first = SQLITE_OK;

	for (int i = 1; *fmt != '\0'; fmt++, i++) {
		int rc;
		switch (*fmt) {
		case 't':
			rc = store_bind_text(s, st, i, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
			break;
		case 'o':
			rc = store_bind_opt(s, st, i, va_arg(ap, const char *));
			break;
		case 'i':
			rc = store_bind_int64(s, st, i, va_arg(ap, int64_t));
			break;
		default:
			rc = cache_bound(s, st, i, SQLITE_MISUSE);
		}
		if (first == SQLITE_OK)
			first = rc;
	}
	return first;
}

int
store_bind(struct store *s, sqlite3_stmt *st, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = cache_bind_va(s, st, fmt, ap);
	va_end(ap);
	return rc;
}

int
store_run(struct store *s, struct err *e, const char *what, const char *sql, const char *fmt,
    ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	va_start(ap, fmt);
	cache_bind_va(s, st, fmt, ap);
	va_end(ap);
	rc = store_step(s, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, what);
}

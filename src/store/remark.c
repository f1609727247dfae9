/* store remark: reading the remark table (what the office above rejected
 * or holds in conflict; see include/socds/store-remark.h). Paged with LIMIT
 * and OFFSET: there are a few rows per receipt, never worth a key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store-internal.h"
#include "socds/store-remark.h"
#include "socds/i18n.h"

#define REMARK_COLS "record_id, kind, ifnull(unit_code, ''), ifnull(version, 0)," \
	" outcome = 'conflict', office_values IS NOT NULL AND office_values <> ''," \
	" ifnull(office_version, 0), ifnull(reason, ''), at"

static const char *
remark_text(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	return t != NULL ? t : "";
}

static void
remark_read(sqlite3_stmt *st, struct store_remark *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s", remark_text(st, 0));
	r->kind = record_kind(remark_text(st, 1));
	snprintf(r->kind_name, sizeof r->kind_name, "%s", remark_text(st, 1));
	snprintf(r->unit, sizeof r->unit, "%s", remark_text(st, 2));
	r->version = sqlite3_column_int64(st, 3);
	r->conflict = sqlite3_column_int(st, 4) != 0;
	r->has_values = sqlite3_column_int(st, 5) != 0;
	r->office_version = sqlite3_column_int64(st, 6);
	snprintf(r->reason, sizeof r->reason, "%s", remark_text(st, 7));
	snprintf(r->at, sizeof r->at, "%s", remark_text(st, 8));
}

int
store_remark_count(struct store *s, int64_t *n, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT count(*) FROM remark", e);

	*n = 0;
	if (st == NULL)
		return e->code;
	return store_step_int(s, st, n, NULL, "remark", e);
}

int
store_remark_page(struct store *s, int64_t offset, int limit,
    int (*fn)(const struct store_remark *r, void *arg), void *arg, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT " REMARK_COLS " FROM remark"
	    " ORDER BY at DESC, kind, record_id LIMIT ?1 OFFSET ?2", e);
	struct store_remark r;
	int rc, ret = 0;

	if (st == NULL)
		return e->code;
	store_bind_int64(s, st, 1, limit);
	store_bind_int64(s, st, 2, offset);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		remark_read(st, &r);
		if ((ret = fn(&r, arg)) != 0)
			break;
	}
	sqlite3_reset(st);
	if (ret != 0)
		return ret;
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "remark");
}

int
store_remark_get(struct store *s, const char *id, struct store_remark *r, struct err *e)
{
	sqlite3_stmt *st = store_cached_key(s, "SELECT " REMARK_COLS " FROM remark"
	    " WHERE record_id = ?1", id, e);
	int rc;

	if (st == NULL)
		return e->code;
	if ((rc = store_step(s, st)) == SQLITE_ROW)
		remark_read(st, r);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "remark");
	return err_set(e, ERR_NOTFOUND, _("%s: the office above has no remark on this record"
	    " (any more)"), id);
}

/* One JSON value as the text a record keeps; false for arrays and objects. */
static bool
remark_value(json_t *v, char *buf, size_t size, const char **out)
{
	if (json_is_null(v))
		*out = NULL;
	else if (json_is_string(v))
		*out = json_string_value(v);
	else if (json_is_integer(v)) {
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = buf;
	} else if (json_is_real(v)) {
		snprintf(buf, size, "%.15g", json_real_value(v));
		*out = buf;
	} else if (json_is_boolean(v)) {
		*out = json_is_true(v) ? "1" : "0";
	} else
		return false;
	return true;
}

static bool
remark_same(const char *a, const char *b)
{
	return (a == NULL || *a == '\0') ? (b == NULL || *b == '\0') :
	    b != NULL && strcmp(a, b) == 0;
}

int
store_remark_office_values(struct store *s, const char *id, struct record *out, int *n,
    struct err *e)
{
	sqlite3_stmt *st = store_cached_key(s, "SELECT office_values FROM remark"
	    " WHERE record_id = ?1 AND outcome = 'conflict'", id, e);
	json_error_t je;
	json_t *root = NULL, *v;
	int rc, ret = 0;
	char num[48];
	const char *text;

	*n = 0;
	if (st == NULL)
		return e->code;
	if ((rc = store_step(s, st)) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
		/* Bounded: it came in a receipt within the package bounds. */
		root = json_loadb((const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), 0, &je);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(s, rc, e, "remark");
	if (root == NULL || !json_is_object(root)) {
		json_decref(root);
		return err_set(e, ERR_NOTFOUND, _("%s: the office above sent no values of its own"
		    " for this record"), id);
	}
	for (int i = 0; i < out->kind->ncols && ret == 0; i++) {
		if ((v = json_object_get(root, out->kind->cols[i].name)) == NULL ||
		    !remark_value(v, num, sizeof num, &text))
			continue;
		if (remark_same(out->val[i], text))
			continue;
		if (record_set(out, i, text) != 0)
			ret = err_set(e, ERR_NOMEM, "out of memory");
		(*n)++;
	}
	if ((v = json_object_get(root, "unit_code")) != NULL && json_is_string(v) &&
	    strlen(json_string_value(v)) < sizeof out->unit_code &&
	    strcmp(out->unit_code, json_string_value(v)) != 0) {
		snprintf(out->unit_code, sizeof out->unit_code, "%s", json_string_value(v));
		(*n)++;
	}
	json_decref(root);
	return ret;
}

/* store changes: the base of a change-only package at the unit, and the
 * office's check that it merged that base. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-changes.h"

static void
changes_copy(char *dst, size_t size, const unsigned char *v)
{
	snprintf(dst, size, "%s", v != NULL ? (const char *)v : "");
}

int
store_changes_base(struct store *s, struct store_changes_base *b, bool *found, struct err *e)
{
	sqlite3_stmt *st = NULL;
	/* Newest by number within an office; a unit has one office above. A
	 * status receipt (no package) answers nothing a package carried. */
	int rc = store_prepare(s, "SELECT r.package_sha256, p.file, r.number, p.made_at"
	    " FROM receipt_taken r LEFT JOIN package_sent p ON p.sha256 = r.package_sha256"
	    " WHERE r.package_sha256 IS NOT NULL ORDER BY r.at DESC, r.number DESC LIMIT 1", &st);

	memset(b, 0, sizeof *b);
	*found = false;
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "receipt_taken");
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		changes_copy(b->sha256, sizeof b->sha256, sqlite3_column_text(st, 0));
		changes_copy(b->file, sizeof b->file, sqlite3_column_text(st, 1));
		b->receipt = sqlite3_column_int64(st, 2);
		changes_copy(b->made_at, sizeof b->made_at, sqlite3_column_text(st, 3));
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "receipt_taken");
}

int
store_merge_base_state(struct store *s, const char *unit, const char *sha256,
    enum store_base_state *out, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int64_t n = 0;
	bool found = false;
	/* 2: merged and standing; 1: every merge of it reverted; none: unknown. */
	int rc = store_prepare(s, "SELECT max(CASE WHEN v.merge_seq IS NULL THEN 2 ELSE 1 END)"
	    " FROM merge_log m LEFT JOIN merge_revert v ON v.merge_seq = m.seq"
	    " WHERE m.status = 'merged' AND m.unit_code = ?1 AND m.package_sha256 = ?2", &st);

	*out = STORE_BASE_UNKNOWN;
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "merge_log");
	store_bind(s, st, "tt", unit, sha256);
	if (store_step_int(s, st, &n, &found, "merge_log", e) != 0)
		return e->code;
	*out = n == 2 ? STORE_BASE_MERGED : n == 1 ? STORE_BASE_REVERTED : STORE_BASE_UNKNOWN;
	return 0;
}

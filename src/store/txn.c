/* store/txn: the one implementation of transactions. store_begin opens a
 * transaction, or, when one is open already, a savepoint inside it: a
 * function that must write all or nothing calls store_begin and
 * store_commit / store_rollback whoever called it, and its rollback undoes
 * its own work only. Named savepoints (store_savepoint) are for callers that
 * keep one across many calls (a package among many, rows of a package). */
#include <stdio.h>

#include "store-internal.h"

/* Runs one transaction-control statement, prepared once (by its text). */
static int
txn_exec(struct store *s, const char *verb, const char *name, struct err *e)
{
	char sql[80];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "%s%s%s", verb, name != NULL ? " " : "",
	    name != NULL ? name : "");
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "transaction");
}

/* The savepoint of nesting level `depth` (2 and on; 1 when the transaction
 * was opened outside store_begin). */
static void
txn_name(char buf[24], int depth)
{
	snprintf(buf, 24, "store_txn%d", depth);
}

/* Whether level `depth` is the transaction itself (BEGIN), not a savepoint. */
static bool
txn_is_top(const struct store *s, int depth)
{
	return depth == 1 && s->txn_top;
}

int
store_begin(struct store *s, struct err *e)
{
	char name[24];

	if (sqlite3_get_autocommit(s->db)) {
		/* IMMEDIATE takes the write lock now, so a busy database waits
		 * here instead of failing half-way through. */
		s->txn_depth = 0;
		if (txn_exec(s, "BEGIN IMMEDIATE", NULL, e) != 0)
			return e->code;
		s->txn_top = true;
		s->txn_depth = 1;
		return 0;
	}
	if (s->txn_depth == 0)
		s->txn_top = false;
	txn_name(name, s->txn_depth + 1);
	if (txn_exec(s, "SAVEPOINT", name, e) != 0)
		return e->code;
	s->txn_depth++;
	return 0;
}

int
store_commit(struct store *s, struct err *e)
{
	char name[24];

	if (sqlite3_get_autocommit(s->db) || s->txn_depth == 0) {
		s->txn_depth = 0;
		return txn_exec(s, "COMMIT", NULL, e);	/* the error SQLite gives */
	}
	if (txn_is_top(s, s->txn_depth)) {
		if (txn_exec(s, "COMMIT", NULL, e) != 0)
			return e->code;
	} else {
		txn_name(name, s->txn_depth);
		if (txn_exec(s, "RELEASE", name, e) != 0)
			return e->code;
	}
	s->txn_depth--;
	return 0;
}

void
store_rollback(struct store *s)
{
	struct err e = { 0 };
	char name[24];

	if (sqlite3_get_autocommit(s->db)) {
		s->txn_depth = 0;	/* SQLite rolled back already (a full disk) */
		return;
	}
	if (s->txn_depth == 0 || txn_is_top(s, s->txn_depth)) {
		txn_exec(s, "ROLLBACK", NULL, &e);
		s->txn_depth = 0;
		return;
	}
	txn_name(name, s->txn_depth);
	store_rollback_to(s, name);
	s->txn_depth--;
}

int
store_savepoint(struct store *s, const char *name, struct err *e)
{
	return txn_exec(s, "SAVEPOINT", name, e);
}

int
store_release(struct store *s, const char *name, struct err *e)
{
	return txn_exec(s, "RELEASE", name, e);
}

void
store_rollback_to(struct store *s, const char *name)
{
	struct err e = { 0 };

	/* The savepoint is left too, as after RELEASE. */
	if (txn_exec(s, "ROLLBACK TO", name, &e) == 0)
		txn_exec(s, "RELEASE", name, &e);
}

bool
store_in_transaction(struct store *s)
{
	return !sqlite3_get_autocommit(s->db);
}

int
store_end(struct store *s, int rc, struct err *e)
{
	if (rc == 0 && store_commit(s, e) == 0)
		return 0;
	store_rollback(s);
	return e->code ? e->code : ERR_FAIL;
}

/* store: the one SQLite file. The only module that includes sqlite3.h.
 * Every statement is prepared with bound parameters, once (a cache by its
 * text), and every bind is checked. This header: opening, transactions,
 * checks. The rest by concern: store-unit.h (units, the map, home),
 * store-record.h (one record: write, read, look up), store-query.h (lists,
 * paging, search, attention), store-merge.h (packages from below),
 * store-admin.h (who may do what, audit, drafts, settings), store-task.h,
 * store-key.h (signing keys), store-backup.h, figures.h (report figures). */
#ifndef SOCDS_STORE_H
#define SOCDS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"

struct store;

enum store_flags {
	STORE_CREATE = 1 << 0,	/* make the file (0600) when it does not exist */
	STORE_READONLY = 1 << 1,
};

/* Opens (and, with STORE_CREATE, creates) the database, refuses files that are
 * not socds databases or come from a newer socds, and upgrades older ones in
 * place. Nothing is written to a file that is refused. */
int store_open(const char *path, int flags, struct store **out, struct err *e);
void store_close(struct store *s);
int store_schema_version(struct store *s);
extern const int store_schema_latest;

/* For tests of upgrades: opens or creates a file migrated only up to `version`. */
int store_open_at_version(const char *path, int version, struct store **out,
    struct err *e);
/* For tests of refused binds: sqlite3_limit(id, value) on the connection. */
int store_test_limit(struct store *s, int id, int value);

/* Transactions (txn.c). store_begin opens one (BEGIN IMMEDIATE: the write
 * lock is taken at once, so a busy database waits here, not half-way), or,
 * when one is open already, a savepoint inside it: store_commit releases
 * that level, store_rollback undoes that level's work only and the outer
 * transaction goes on. Each store_begin is closed by exactly one
 * store_commit or store_rollback. */
int store_begin(struct store *s, struct err *e);
int store_commit(struct store *s, struct err *e);
void store_rollback(struct store *s);
/* Closes what store_begin opened: commits when rc is 0, else (or when the
 * commit fails) rolls back; 0, or the error code in e. */
int store_end(struct store *s, int rc, struct err *e);
/* Savepoints inside the transaction: a package among many, rows of a
 * package. Names are the caller's constants. store_rollback_to undoes what
 * followed the savepoint and leaves it. */
int store_savepoint(struct store *s, const char *name, struct err *e);
int store_release(struct store *s, const char *name, struct err *e);
void store_rollback_to(struct store *s, const char *name);
bool store_in_transaction(struct store *s);

/* Bulk loading (demo, merge): fewer syncs and a larger cache while on. A
 * crash during bulk work can lose it, never corrupt the file. */
int store_bulk(struct store *s, bool on, struct err *e);
/* A large page cache for one big transaction (import, merge), syncs as
 * usual: the pages it changes stay in memory instead of being spilled to
 * the log and read back. */
void store_big_cache(struct store *s, bool on);

/* The column the last refused write broke a rule of the database on (a
 * CHECK, UNIQUE or NOT NULL constraint, mapped by store_error), or NULL. */
const char *store_failed_column(const struct store *s);
/* A number that changes whenever the database does (this connection or
 * another): what a screen compares to know its figures are still true. */
int64_t store_change_stamp(struct store *s);

/* --- checks --- */
struct store_check {
	int integrity_errors;
	int fk_errors;
	int text_errors;	/* stored text not NFC or name keys out of date */
	char first[ERR_MSG_MAX];	/* the first problem found */
};
int store_check(struct store *s, struct store_check *c, struct err *e);

/* The account running socds (for roles, audit, drafts, the merge log and
 * created-by): the OS account, or the name given to store_os_user_set. */
const char *store_os_user(void);
/* socds --as NAME (an SSH forced command): the account is NAME, and it must
 * be in the user table (a database without users gives it nothing). Call
 * before the first store_open. ERR_USAGE when the name is not 1 to 32 of
 * A-Z a-z 0-9 . _ - (not starting with - or .). */
int store_os_user_set(const char *name, struct err *e);
/* Whether the account was named with store_os_user_set. */
bool store_os_user_forced(void);
/* Current time as yyyy-mm-ddThh:mm:ssZ. */
void store_now(char buf[24]);

#endif

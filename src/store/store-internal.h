/* store-internal: what the store's own files share. */
#ifndef SOCDS_STORE_INTERNAL_H
#define SOCDS_STORE_INTERNAL_H

#include <sqlite3.h>

#include "socds/record.h"
#include "socds/store.h"
#include "socds/text.h"

extern const char *const *const store_migrations[];

enum store_stmt {
	ST_UNIT_PUT, ST_UNIT_GET, ST_UNIT_MAP_PUT, ST_SETTING_GET, ST_SETTING_SET,
	ST_COUNT
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *st[ST_COUNT];
	sqlite3_stmt *ins[KIND_COUNT];
	sqlite3_stmt *child_ins[2];	/* activity_member, activity_help */
	struct tbuf t1, t2, t3;		/* scratch for text keys */
};

/* Prepares (once) and resets a cached statement. */
sqlite3_stmt *store_stmt(struct store *s, sqlite3_stmt **slot, const char *sql,
    struct err *e);
/* The select list of a record's columns (table alias t), and reading a row
 * of it from column `off` into r. */
size_t store_select_list(const struct kind *k, char *sql, size_t size);
int store_row_record(sqlite3_stmt *st, int off, struct record *r);
/* Binds a record's own columns from parameter p on (next index, or -1);
 * replaces its child rows. Shared by insert, update and merge. */
int store_bind_cols(struct store *s, sqlite3_stmt *st, const struct record *r, int p,
    struct err *e);
int store_replace_children(struct store *s, const struct record *r, bool clear,
    struct err *e);
/* Maps a SQLite result to an err code and message. */
int store_error(struct store *s, int rc, struct err *e, const char *what);

#endif

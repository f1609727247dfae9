/* store: opening, upgrading, transactions and checks of the database file. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-internal.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/paths.h"
#include "socds/safefile.h"
#include "socds/text.h"

/* "socd": marks the file as ours so another program's SQLite file is refused. */
#define STORE_APPLICATION_ID 0x736f6364

static int store_migrate(struct store *s, int target, struct err *e);

/* Waiting for another writer. SQLite's own wait polls ever more slowly (up to
 * every 100 ms), so under load a writer that has waited long keeps losing to
 * fresh ones and can time out. Short, randomised polls share the lock fairly:
 * with 32 writers the worst wait fell from over 10 s to about 0.6 s. */
static int
store_busy(void *arg, int count)
{
	struct store *s = arg;
	int64_t now = os_clock_ms();

	if (count == 0)
		s->busy_since_ms = now;
	if (now - s->busy_since_ms >= s->busy_ms)
		return 0;	/* give up: the caller says "busy, try again" */
	os_sleep_us(200 + (long)(rand() % 1800));	/* 0.2–2 ms */
	return 1;
}

static int
store_exec(struct store *s, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

	sqlite3_free(msg);
	return rc == SQLITE_OK ? 0 : store_error(s, rc, e, "SQL");
}

/* Runs a one-integer PRAGMA/query. */
static int
store_int(struct store *s, const char *sql, int64_t *out, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st);

	if (rc == SQLITE_OK) {
		rc = store_step(s, st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			*out = 0;
			rc = SQLITE_OK;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_OK ? 0 : store_error(s, rc, e, "SQL");
}

static void
store_collate_destroy(void *p)
{
	(void)p;
}

static int
store_collate_vi(void *arg, int la, const void *a, int lb, const void *b)
{
	(void)arg;
	return text_compare(a, (size_t)la, b, (size_t)lb);
}

static int
store_collate_vi_name(void *arg, int la, const void *a, int lb, const void *b)
{
	(void)arg;
	return text_name_compare(a, (size_t)la, b, (size_t)lb);
}

/* vi_fold(x): the search key of x, for ad-hoc queries (never used in the
 * schema, so that any SQLite tool can read and check the file). */
static void
store_fn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct tbuf b = { 0 };
	const char *in;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	in = (const char *)sqlite3_value_text(argv[0]);
	if (in == NULL || text_fold(in, &b) != 0) {
		sqlite3_result_null(ctx);
		tbuf_free(&b);
		return;
	}
	sqlite3_result_text(ctx, b.p, (int)b.len, SQLITE_TRANSIENT);
	tbuf_free(&b);
}

/* Reads the SQLite header ourselves so that a file that is not a database is
 * refused before SQLite could touch it. */
static int
store_sniff(const char *path, struct err *e)
{
	static const char magic[16] = "SQLite format 3";
	char hdr[16];
	int64_t n = os_file_head(path, hdr, sizeof hdr);

	if (n < 0)
		return err_set(e, ERR_IO, _("%s: cannot open: %s"), path, strerror(errno));
	if (n == 0)
		return err_set(e, ERR_CORRUPT, _("%s: the file is empty, not a socds database"),
		    path);
	if (n != (int64_t)sizeof hdr || memcmp(hdr, magic, sizeof magic) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: not a socds database (not an SQLite file)"),
		    path);
	return 0;
}

/* Before SQLite's first use: no count of the memory it holds (nothing
 * reads it), which took a global mutex on every allocation. Too late (the
 * library already in use, as in tests) leaves it as it was. */
static void
store_sqlite_setup(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* The database, the files SQLite keeps beside it and its backups folder are
 * never an output (safefile refuses them); temporaries that killed runs left
 * beside the database or in the backups folder are removed. */
static void
store_protect(const char *path)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	char buf[OS_PATH_MAX + 16];
	struct err e = { 0 };

	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, sides[i]);
		safefile_protect(buf);
	}
	if (store_backup_folder(path, buf, sizeof buf, &e) == 0) {
		safefile_protect_dir(buf);
		safefile_sweep(buf, false);
	}
	if (paths_dir(path, buf, sizeof buf, NULL) == 0)
		safefile_sweep(buf, false);
}

/* Before SQLite sees path: refuses a folder or a file that is not a
 * database; a missing one is created here (STORE_CREATE), personal data, so
 * private whatever the umask (*created is then set). */
static int
store_open_check(const char *path, int flags, bool *created, struct err *e)
{
	struct os_stat sb;

	*created = false;
	if (os_stat(path, &sb) != 0) {
		if (errno != ENOENT)
			return err_set(e, ERR_IO, _("%s: %s"), path, strerror(errno));
		if (!(flags & STORE_CREATE))
			return err_set(e, ERR_NOTFOUND,
			    _("%s: no such database; create one with 'socds init --unit CODE'"),
			    path);
		if (os_file_new(path, NULL) != 0)
			return err_set(e, ERR_IO, _("%s: cannot create the database: %s"), path,
			    strerror(errno));
		*created = true;
	} else if (sb.kind == OS_DIR) {
		return err_set(e, ERR_IO, _("%s: is a folder, not a database file"), path);
	} else if (sb.size > 0 || !(flags & STORE_CREATE)) {
		return store_sniff(path, e);
	}
	return 0;
}

/* Read-only checks first: a refused file must stay byte-for-byte as it was. */
static int
store_open_ours(struct store *s, const char *path, int64_t *version, struct err *e)
{
	int64_t appid = 0, ntables = 0;

	if (store_int(s, "PRAGMA user_version", version, e) != 0 ||
	    store_int(s, "PRAGMA application_id", &appid, e) != 0 ||
	    store_int(s, "SELECT count(*) FROM sqlite_schema", &ntables, e) != 0)
		return e->code;
	if (appid != STORE_APPLICATION_ID && (ntables > 0 || *version > 0))
		return err_set(e, ERR_CORRUPT, _("%s: an SQLite file, but not a socds database"),
		    path);
	if (*version > store_schema_latest)
		return err_set(e, ERR_NEWER,
		    _("%s: made by a newer socds (schema %lld, this socds knows %d); update socds"),
		    path, (long long)*version, store_schema_latest);
	return 0;
}

/* The connection's settings, collations and functions. */
static int
store_open_setup(struct store *s, int flags, struct err *e)
{
	if (!(flags & STORE_READONLY)) {
		/* FULL: a save acknowledged to the user survives a power cut, not
		 * only a crash; one fsync per save is cheap next to typing. */
		if (store_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", e) != 0)
			return e->code;
	}
	if (store_exec(s, "PRAGMA foreign_keys=ON;", e) != 0)
		return e->code;
	sqlite3_create_collation_v2(s->db, "vi", SQLITE_UTF8, NULL, store_collate_vi,
	    store_collate_destroy);
	sqlite3_create_collation_v2(s->db, "vi_name", SQLITE_UTF8, NULL,
	    store_collate_vi_name, store_collate_destroy);
	sqlite3_create_function(s->db, "vi_fold", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, store_fn_fold,
	    NULL, NULL);
	return 0;
}

static int
store_open_file(const char *path, int flags, int target, struct store **out,
    struct err *e)
{
	struct store *s;
	int rc, oflags;
	int64_t version = 0;
	bool created;

	*out = NULL;
	if (store_open_check(path, flags, &created, e) != 0)
		return e->code;
	if ((s = calloc(1, sizeof *s)) == NULL || (s->path = strdup(path)) == NULL) {
		free(s);
		if (created)
			os_remove(path);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	store_sqlite_setup();
	/* One thread uses a connection (the program has one): no mutex on every
	 * call, which was 4% of an import. */
	rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		store_error(s, rc, e, path);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	/* Several district officers share one file over SSH: wait, don't fail.
	 * SOCDS_BUSY_MS shortens the wait for tests of a lock held too long. */
	const char *busy = getenv("SOCDS_BUSY_MS");
	s->busy_ms = busy != NULL && atoi(busy) > 0 ? atoi(busy) : 10000;
	sqlite3_busy_handler(s->db, store_busy, s);
	if (store_open_ours(s, path, &version, e) != 0 || store_open_setup(s, flags, e) != 0)
		goto fail;
	if (version < target) {
		if (flags & STORE_READONLY) {
			err_set(e, ERR_READONLY,
			    _("%s: made by an older socds and must be upgraded, but it is read-only"),
			    path);
			goto fail;
		}
		if (store_migrate(s, target, e) != 0)
			goto fail;
	}
	s->audit = true;
	if (store_actor_load(s, e) != 0)
		goto fail;
	store_protect(path);
	*out = s;
	return 0;
fail:
	store_close(s);
	if (created)
		os_remove(path);
	return e->code;
}

int
store_open(const char *path, int flags, struct store **out, struct err *e)
{
	return store_open_file(path, flags, store_schema_latest, out, e);
}

int
store_open_at_version(const char *path, int version, struct store **out, struct err *e)
{
	return store_open_file(path, STORE_CREATE, version, out, e);
}

static int
store_migrate(struct store *s, int target, struct err *e)
{
	int64_t version;
	char sql[64];

	if (store_begin(s, e) != 0)
		return e->code;
	/* Read again inside the transaction: another process may have upgraded. */
	if (store_int(s, "PRAGMA user_version", &version, e) != 0)
		goto fail;
	for (int v = (int)version + 1; v <= target; v++) {
		for (const char *const *stmt = store_migrations[v]; *stmt != NULL; stmt++)
			if (store_exec(s, *stmt, e) != 0) {
				err_prefix(e, _("upgrading the database to version %d"), v);
				goto fail;
			}
		snprintf(sql, sizeof sql, "PRAGMA user_version=%d", v);
		if (store_exec(s, sql, e) != 0)
			goto fail;
	}
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d", STORE_APPLICATION_ID);
	if (store_exec(s, sql, e) != 0 || store_commit(s, e) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return e->code;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	store_cache_free(s);
	if (s->db != NULL)
		sqlite3_close_v2(s->db);
	tbuf_free(&s->t1);
	tbuf_free(&s->fts.ids);
	tbuf_free(&s->fts.t);
	tbuf_free(&s->t2);
	tbuf_free(&s->t3);
	free(s->path);
	free(s);
}

int
store_schema_version(struct store *s)
{
	int64_t v = -1;
	struct err e;

	store_int(s, "PRAGMA user_version", &v, &e);
	return (int)v;
}

/* Counts rows of a check query, keeping the first row's text. */
static int
store_check_query(struct store *s, const char *sql, int skip_ok, int *count,
    char *first, size_t fsize, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st);

	*count = 0;
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "check");
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (skip_ok && t != NULL && strcmp(t, "ok") == 0)
			continue;
		if (*count == 0 && first[0] == '\0') {
			int n = sqlite3_column_count(st);
			size_t len = 0;
			for (int i = 0; i < n && len < fsize; i++) {
				const char *c = (const char *)sqlite3_column_text(st, i);
				len += (size_t)snprintf(first + len, fsize - len, "%s%s",
				    i ? " " : "", c ? c : "NULL");
			}
		}
		(*count)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "check");
	return 0;
}

int
store_check(struct store *s, struct store_check *c, struct err *e)
{
	memset(c, 0, sizeof *c);
	if (store_check_query(s, "PRAGMA integrity_check", 1, &c->integrity_errors,
	    c->first, sizeof c->first, e) != 0)
		return e->code;
	if (store_check_query(s, "PRAGMA foreign_key_check", 0, &c->fk_errors, c->first,
	    sizeof c->first, e) != 0)
		return e->code;
	/* Names must be stored NFC with up-to-date search keys; a row written by
	 * another tool would otherwise be invisible to search. */
	static const char *const named[] = { "village", "staff", "training", "team", "member" };
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		const struct kind *k = record_kind(named[i]);
		const char *col = k->cols[k->name_col].name;
		char sql[160];
		sqlite3_stmt *st = NULL;
		int rc;

		snprintf(sql, sizeof sql, "SELECT id, %s, name_key FROM %s", col, k->table);
		if ((rc = store_prepare(s, sql, &st)) != SQLITE_OK)
			return store_error(s, rc, e, "check");
		while ((rc = store_step(s, st)) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st, 1);
			const char *key = (const char *)sqlite3_column_text(st, 2);
			int bad = name == NULL || key == NULL ||
			    text_nfc(name, &s->t1) != 0 || strcmp(s->t1.p, name) != 0 ||
			    text_fold(name, &s->t2) != 0 || strcmp(s->t2.p, key) != 0;
			if (bad) {
				if (c->text_errors == 0 && c->first[0] == '\0')
					snprintf(c->first, sizeof c->first,
					    _("%s %s: name not NFC or search key out of date"),
					    k->table, (const char *)sqlite3_column_text(st, 0));
				c->text_errors++;
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_error(s, rc, e, "check");
	}
	return 0;
}

int
store_os_user_set(const char *name, struct err *e)
{
	size_t len = strlen(name);

	if (len == 0 || len > 32 || name[0] == '-' || name[0] == '.' ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != len)
		return err_set(e, ERR_USAGE, _("--as '%s': an account name is 1 to 32 letters, digits,"
		    " '.', '_' or '-', not starting with '-' or '.'"), name);
	os_account_force(name);
	return 0;
}

bool
store_os_user_forced(void)
{
	return os_account_forced();
}

const char *
store_os_user(void)
{
	return os_account();
}

void
store_now(char buf[24])
{
	os_now_format(buf, 24, "%Y-%m-%dT%H:%M:%SZ", true);
}

int
store_bulk(struct store *s, bool on, struct err *e)
{
	struct err tmp;

	if (e == NULL)
		e = &tmp;
	/* temp_store: each insert into a table with tally triggers (schema v7)
	 * keeps a statement journal; in a long transaction the first one over
	 * 64 KiB moves to a temporary file, rewritten at every insert after it
	 * (socds demo --scale 100: 3.4 s of system time). In memory while bulk. */
	return store_exec(s, on ? "PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;"
	    " PRAGMA temp_store=MEMORY;"
	    : "PRAGMA synchronous=FULL; PRAGMA cache_size=-2000; PRAGMA temp_store=DEFAULT;", e);
}

void
store_big_cache(struct store *s, bool on)
{
	/* A limit, not an allocation: memory grows only with the pages used.
	 * Failing leaves the default cache, which is slower, not wrong. */
	sqlite3_exec(s->db, on ? "PRAGMA cache_size=-262144" : "PRAGMA cache_size=-2000", NULL,
	    NULL, NULL);
}

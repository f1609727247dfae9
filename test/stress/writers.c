/* writers: several officers saving into one shared database at once, each in
 * their own process with their own store handle, as fast as they can (each
 * save its own transaction, like a user saving a form).
 *
 *   writers [--writers N] [--count N] [--pool N] [--variant insert|mixed|all]
 *           [--seed N] [--keep]
 *
 * insert: N writers each insert COUNT staff records. Every save must succeed
 *   (no "database is busy" may reach a user while the busy timeout runs),
 *   every acknowledged one must be in the file, and nothing else.
 * mixed: N/2 writers insert while N/2 others update a pool of existing records
 *   with store_record_update (read, change, save with the version read).
 *   ERR_CONFLICT is an expected, counted outcome there; any other error is
 *   not. No acknowledged update may be lost: for each record, its stored
 *   version is 1 + the number of acknowledged updates, no two acknowledged
 *   updates produced the same version, and the stored value is that of the
 *   acknowledged update with the highest version (every other one was
 *   superseded by a later acknowledged one).
 *
 * Then PRAGMA integrity_check and foreign_key_check on an independent
 * connection (this program links sqlite3 only to look at the file) and
 * store_check. Prints TAP, throughput (saves/s) and the waits observed (the
 * store waits up to its busy timeout, 10 s, for the write lock).
 *
 * First, a check that ids stay unique in processes forked from one that has
 * already drawn ids. The writers themselves are forked from a parent that
 * never draws one (every store write of the parent runs in a child), so that
 * they behave as officers' separate socds processes do. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/job-units.h"
#include "../unit/test-util.h"

#define UNIT "00004"
#define MAX_WRITERS 64

/* What one writer process reports to the parent (shared memory). */
struct result {
	int64_t attempts, ok, conflicts, errors, busy;
	int64_t max_ns, total_ns;
	int64_t open_ns;
	int first_code;
	char first_msg[ERR_MSG_MAX];
};

struct opts {
	int writers, count, pool;
	unsigned seed;
	int keep;
};

/* TAP counters in shared memory: checks also run in child processes. */
static struct { int n, failed; } *tapc;
#define tap_n (tapc->n)
#define tap_failed (tapc->failed)

/* Each save's wait in ns, [writer][attempt], shared with the writers. */
static int64_t *lat;

static void tap(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
tap(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!ok)
		tap_failed++;
}

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
die(const char *what, const struct err *e)
{
	printf("Bail out! %s: %s\n", what, e != NULL ? e->msg : strerror(errno));
	exit(1);
}

static void
note_error(struct result *r, const struct err *e)
{
	r->errors++;
	if (e->code == ERR_BUSY)
		r->busy++;
	if (r->first_code == 0) {
		r->first_code = e->code;
		snprintf(r->first_msg, sizeof r->first_msg, "%s", e->msg);
	}
}

static void
timed(struct result *r, int64_t *slot, int64_t t0)
{
	int64_t d = now_ns() - t0;

	*slot = d;
	r->total_ns += d;
	if (d > r->max_ns)
		r->max_ns = d;
}


static int
new_staff(struct record *r, const char *name, const char *note)
{
	if (record_init(r, record_kind("staff")) != 0)
		return -1;
	snprintf(r->unit_code, sizeof r->unit_code, "%s", UNIT);
	return record_set_by_name(r, "full_name", name) != 0 ||
	    record_set_by_name(r, "note", note) != 0 ? -1 : 0;
}

static void *
shared(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap", NULL);
	return p;
}

/* Runs fn in a child process and waits for it. The parent must never draw
 * ids itself: uuid_v7 keeps a pool of random bytes that fork() would copy
 * into every writer (see uuid_fork_check). */
static int
in_child(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0)
		die("fork", NULL);
	if (pid == 0) {
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct prep {
	const char *db;
	int npool;
	char (*pool)[UUID_STR_LEN];	/* shared: filled by the child */
};

/* A fresh database, as 'socds init --unit 00004' makes it, with npool
 * records for the updaters to fight over. In a child (see in_child). */
static void
prep_db(void *arg)
{
	struct prep *p = arg;
	struct store *s;
	struct err e = { 0 };

	if (store_open(p->db, STORE_CREATE, &s, &e) != 0)
		die(p->db, &e);
	if (units_load(s, tu_srcdir(), &e) != 0 || store_home_set(s, UNIT, &e) != 0)
		die("units", &e);
	for (int i = 0; i < p->npool; i++) {
		struct record r;
		char name[64];
		snprintf(name, sizeof name, "Target %d", i);
		if (new_staff(&r, name, "seed") != 0 || store_record_insert(s, &r, &e) != 0)
			die("pool", &e);
		memcpy(p->pool[i], r.id, sizeof p->pool[i]);
		record_free(&r);
	}
	store_close(s);
}

static void
make_db(const char *db, int npool, char (*pool)[UUID_STR_LEN])
{
	struct prep p = { db, npool, pool };

	if (in_child(prep_db, &p) != 0) {
		printf("Bail out! could not make %s\n", db);
		exit(1);
	}
}

/* Two processes forked from one that has already drawn an id (as a program
 * that opens the store and then forks workers would) must still draw
 * different ids: two offices' records would otherwise share ids and collide
 * at merge. */
static void
uuid_fork_check(void *arg)
{
	char (*ids)[UUID_STR_LEN] = arg;	/* shared: 2 x 4 ids */
	char first[UUID_STR_LEN];

	uuid_v7(first, 0);
	fflush(stdout);
	for (int c = 0; c < 2; c++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (int i = 0; i < 4; i++)
				uuid_v7(ids[c * 4 + i], 1);	/* the same millisecond */
			_exit(0);
		}
		waitpid(pid, NULL, 0);
	}
	int same = 0;
	for (int i = 0; i < 4; i++)
		same += strcmp(ids[i], ids[4 + i]) == 0;
	tap(same == 0, "uuid: processes forked after an id was drawn draw ids of their own"
	    " (%d of 4 equal, e.g. %s)", same, ids[0]);
}

/* Waits until the parent lets every writer go at once. */
static void
wait_start(int fd)
{
	char c;

	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
	close(fd);
}

static void
writer_insert(const char *db, int w, int count, int start_fd, struct result *res,
    int64_t *wlat, FILE *acks)
{
	struct store *s = NULL;
	struct err e = { 0 };
	int64_t t0;

	wait_start(start_fd);
	t0 = now_ns();
	if (store_open(db, 0, &s, &e) != 0) {
		note_error(res, &e);
		return;
	}
	res->open_ns = now_ns() - t0;
	for (int i = 1; i <= count; i++) {
		struct record r;
		char name[64];

		snprintf(name, sizeof name, "Writer %d-%d", w, i);
		if (new_staff(&r, name, "stress") != 0)
			_exit(3);
		res->attempts++;
		t0 = now_ns();
		int rc = store_record_insert(s, &r, &e);
		timed(res, &wlat[i - 1], t0);
		if (rc == 0) {
			res->ok++;
			fprintf(acks, "I %s %s\n", r.id, name);
		} else {
			note_error(res, &e);
		}
		record_free(&r);
	}
	store_close(s);
}

/* Read a pool record, change its note, save it with the version read. */
static void
writer_update(const char *db, int w, int count, char (*pool)[UUID_STR_LEN], int npool,
    unsigned seed, int start_fd, struct result *res, int64_t *wlat, FILE *acks)
{
	struct store *s = NULL;
	struct err e = { 0 };
	int64_t t0;

	srand(seed);
	wait_start(start_fd);
	t0 = now_ns();
	if (store_open(db, 0, &s, &e) != 0) {
		note_error(res, &e);
		return;
	}
	res->open_ns = now_ns() - t0;
	for (int i = 1; i <= count; i++) {
		const char *id = pool[rand() % npool];
		struct record r;
		char note[64];

		if (record_init(&r, record_kind("staff")) != 0)
			_exit(3);
		res->attempts++;
		if (store_record_get(s, &r, id, &e) != 0) {
			note_error(res, &e);
			record_free(&r);
			continue;
		}
		snprintf(note, sizeof note, "u%d-%d", w, i);
		if (record_set_by_name(&r, "note", note) != 0)
			_exit(3);
		int64_t read_version = r.version;
		t0 = now_ns();
		int rc = store_record_update(s, &r, &e);
		timed(res, &wlat[i - 1], t0);
		if (rc == 0) {
			res->ok++;
			if (r.version != read_version + 1) {
				/* Reported through the version check in the parent. */
				fprintf(stderr, "# writer %d: version %" PRId64 " after %" PRId64 "\n", w,
				    r.version, read_version);
			}
			fprintf(acks, "U %s %" PRId64 " %s\n", id, r.version, note);
		} else if (e.code == ERR_CONFLICT) {
			res->conflicts++;
		} else {
			note_error(res, &e);
		}
		record_free(&r);
	}
	store_close(s);
}

/* --- independent checks on the file --- */

static sqlite3 *
raw_open(const char *db)
{
	sqlite3 *h;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		printf("Bail out! %s: %s\n", db, sqlite3_errmsg(h));
		exit(1);
	}
	sqlite3_busy_timeout(h, 10000);
	return h;
}

/* Rows of a check PRAGMA other than "ok"; the first in `first`. */
static int
raw_check(sqlite3 *h, const char *sql, char *first, size_t size)
{
	sqlite3_stmt *st;
	int bad = 0, rc;

	first[0] = '\0';
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(first, size, "%s", sqlite3_errmsg(h));
		return 1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (t != NULL && strcmp(t, "ok") == 0)
			continue;
		if (bad++ == 0)
			snprintf(first, size, "%s", t ? t : "NULL");
	}
	if (rc != SQLITE_DONE && bad++ == 0)
		snprintf(first, size, "%s", sqlite3_errmsg(h));
	sqlite3_finalize(st);
	return bad;
}

static int64_t
raw_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
check_file(const char *db, const char *label)
{
	sqlite3 *h = raw_open(db);
	char first[512];
	struct store *s;
	struct store_check c;
	struct err e = { 0 };
	int bad;

	bad = raw_check(h, "PRAGMA integrity_check", first, sizeof first);
	tap(bad == 0, "%s: PRAGMA integrity_check ok%s%s", label, bad ? ": " : "", first);
	bad = raw_check(h, "PRAGMA foreign_key_check", first, sizeof first);
	tap(bad == 0, "%s: PRAGMA foreign_key_check empty%s%s", label, bad ? ": " : "", first);
	sqlite3_close(h);
	if (store_open(db, 0, &s, &e) != 0) {
		tap(0, "%s: socds opens the file: %s", label, e.msg);
		return;
	}
	int rc = store_check(s, &c, &e);
	tap(rc == 0 && c.integrity_errors == 0 && c.fk_errors == 0 && c.text_errors == 0,
	    "%s: store_check clean%s%s", label, rc ? ": " : c.first[0] ? ": " : "",
	    rc ? e.msg : c.first);
	store_close(s);
}

/* Each acknowledged insert is there, under the name it was saved with. */
static void
check_inserts(sqlite3 *h, const char *path, int64_t *acked, int64_t *missing)
{
	FILE *fp = fopen(path, "r");
	char line[256], id[UUID_STR_LEN], name[128];
	sqlite3_stmt *st;

	if (fp == NULL)
		return;
	sqlite3_prepare_v2(h, "SELECT full_name FROM staff WHERE id = ? AND deleted = 0", -1,
	    &st, NULL);
	while (fgets(line, sizeof line, fp) != NULL) {
		if (sscanf(line, "I %36s %127[^\n]", id, name) != 2)
			continue;
		(*acked)++;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_ROW ||
		    strcmp((const char *)sqlite3_column_text(st, 0), name) != 0) {
			if (*missing < 3)
				printf("# acknowledged insert missing: %s %s\n", id, name);
			(*missing)++;
		}
	}
	sqlite3_finalize(st);
	fclose(fp);
}

struct upd {
	char id[UUID_STR_LEN];
	int64_t version;
	char note[32];
};

static int
upd_cmp(const void *a, const void *b)
{
	const struct upd *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c != 0 ? c : (x->version > y->version) - (x->version < y->version);
}

/* No acknowledged update lost: see the comment at the top. */
static void
check_updates(sqlite3 *h, const char *dir, int first_w, int nw,
    char (*pool)[UUID_STR_LEN], int npool, int64_t *acked, int *lost)
{
	struct upd *u = NULL;
	size_t n = 0, cap = 0;
	char path[PATH_MAX + 32], line[256];
	sqlite3_stmt *st;

	for (int w = first_w; w < first_w + nw; w++) {
		snprintf(path, sizeof path, "%s/acks.%d", dir, w);
		FILE *fp = fopen(path, "r");
		if (fp == NULL)
			continue;
		while (fgets(line, sizeof line, fp) != NULL) {
			if (n == cap && (u = realloc(u, (cap = cap ? 2 * cap : 1024) * sizeof *u)) == NULL)
				abort();
			if (sscanf(line, "U %36s %" SCNd64 " %31s", u[n].id, &u[n].version,
			    u[n].note) == 3)
				n++;
		}
		fclose(fp);
	}
	*acked = (int64_t)n;
	qsort(u, n, sizeof *u, upd_cmp);
	sqlite3_prepare_v2(h, "SELECT version, ifnull(note, '') FROM staff WHERE id = ?", -1,
	    &st, NULL);
	for (int p = 0; p < npool; p++) {
		size_t a = 0, b;
		int64_t stored = -1;
		char note[64] = "";

		while (a < n && strcmp(u[a].id, pool[p]) < 0)
			a++;
		for (b = a; b < n && strcmp(u[b].id, pool[p]) == 0; b++)
			;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, pool[p], -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			stored = sqlite3_column_int64(st, 0);
			snprintf(note, sizeof note, "%s", (const char *)sqlite3_column_text(st, 1));
		}
		/* Two acknowledged updates resulting in the same version: one
		 * overwrote the other without seeing it. */
		for (size_t i = a + 1; i < b; i++)
			if (u[i].version == u[i - 1].version) {
				printf("# %s: two acknowledged updates made version %" PRId64 "\n",
				    pool[p], u[i].version);
				(*lost)++;
			}
		if (stored != 1 + (int64_t)(b - a)) {
			printf("# %s: stored version %" PRId64 ", but %zu acknowledged updates\n",
			    pool[p], stored, b - a);
			(*lost)++;
		}
		const char *want = b > a ? u[b - 1].note : "seed";
		if (strcmp(note, want) != 0) {
			printf("# %s: stored note '%s', the last acknowledged update saved '%s'\n",
			    pool[p], note, want);
			(*lost)++;
		}
	}
	sqlite3_finalize(st);
	free(u);
}

/* --- running a variant --- */

struct summary {
	int64_t ok, conflicts, errors, busy, max_ns, total_ns, attempts, open_max_ns;
	double wall_s;
	int crashed;
	char first[ERR_MSG_MAX + 32];
};

/* Forks the writers (the first `inserters` insert, the others update), lets
 * them go at once and waits for them all. */
static void
run_writers(const char *db, const char *dir, const struct opts *o, int inserters,
    char (*pool)[UUID_STR_LEN], struct result *res, struct summary *sum)
{
	int fds[2];
	pid_t pids[MAX_WRITERS];
	int64_t t0;

	memset(res, 0, sizeof *res * (size_t)o->writers);
	memset(lat, 0, sizeof *lat * (size_t)o->writers * (size_t)o->count);
	memset(sum, 0, sizeof *sum);
	if (pipe(fds) != 0)
		die("pipe", NULL);
	fflush(stdout);
	for (int w = 0; w < o->writers; w++) {
		char path[PATH_MAX + 32];
		pid_t pid = fork();

		if (pid < 0)
			die("fork", NULL);
		if (pid == 0) {
			close(fds[1]);
			snprintf(path, sizeof path, "%s/acks.%d", dir, w);
			FILE *acks = fopen(path, "w");
			if (acks == NULL)
				_exit(3);
			if (w < inserters)
				writer_insert(db, w, o->count, fds[0], &res[w],
				    lat + (size_t)w * (size_t)o->count, acks);
			else
				writer_update(db, w, o->count, pool, o->pool,
				    o->seed * 1000u + (unsigned)w, fds[0], &res[w],
				    lat + (size_t)w * (size_t)o->count, acks);
			_exit(fclose(acks) == 0 ? 0 : 3);
		}
		pids[w] = pid;
	}
	close(fds[0]);
	usleep(100000);		/* all of them at the start line */
	t0 = now_ns();
	close(fds[1]);
	for (int w = 0; w < o->writers; w++) {
		int status;
		while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			sum->crashed++;
			printf("# writer %d ended abnormally (status 0x%x)\n", w, status);
		}
	}
	sum->wall_s = (double)(now_ns() - t0) / 1e9;
	for (int w = 0; w < o->writers; w++) {
		const struct result *r = &res[w];
		sum->attempts += r->attempts;
		sum->ok += r->ok;
		sum->conflicts += r->conflicts;
		sum->errors += r->errors;
		sum->busy += r->busy;
		sum->total_ns += r->total_ns;
		if (r->max_ns > sum->max_ns)
			sum->max_ns = r->max_ns;
		if (r->open_ns > sum->open_max_ns)
			sum->open_max_ns = r->open_ns;
		if (r->errors > 0) {
			printf("# writer %d (%s): %" PRId64 " errors, %" PRId64 " busy; first: [%d] %s\n",
			    w, w < inserters ? "insert" : "update", r->errors, r->busy,
			    r->first_code, r->first_msg);
			if (sum->first[0] == '\0')
				snprintf(sum->first, sizeof sum->first, "[%d] %s", r->first_code,
				    r->first_msg);
		}
	}
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
report(const char *label, const struct opts *o, const struct summary *sum)
{
	printf("# %s: %d writers, %" PRId64 " saves acknowledged in %.2f s = %.0f saves/s;"
	    " %" PRId64 " conflicts, %" PRId64 " errors (%" PRId64 " busy)\n", label, o->writers,
	    sum->ok, sum->wall_s, sum->wall_s > 0 ? (double)sum->ok / sum->wall_s : 0.0,
	    sum->conflicts, sum->errors, sum->busy);
	/* The waits of the saves made (a writer that could not open made none). */
	size_t n = 0, all = (size_t)o->writers * (size_t)o->count;
	int64_t *w = malloc(sizeof *w * all), over1 = 0, over5 = 0;
	if (w == NULL)
		die("malloc", NULL);
	for (size_t i = 0; i < all; i++)
		if (lat[i] > 0) {
			w[n++] = lat[i];
			over1 += lat[i] > 1000000000;
			over5 += lat[i] > 5000000000;
		}
	qsort(w, n, sizeof *w, cmp_i64);
#define PCT(q) (n ? (double)w[(size_t)((double)(n - 1) * (q))] / 1e6 : 0.0)
	printf("# %s: wait per save: mean %.2f ms, median %.2f, p99 %.1f, p99.9 %.1f, max %.1f ms;"
	    " %" PRId64 " over 1 s, %" PRId64 " over 5 s (busy timeout 10 s); slowest open %.1f ms\n",
	    label, sum->attempts > 0 ? (double)sum->total_ns / 1e6 / (double)sum->attempts : 0.0,
	    PCT(0.5), PCT(0.99), PCT(0.999), (double)sum->max_ns / 1e6, over1, over5,
	    (double)sum->open_max_ns / 1e6);
#undef PCT
	free(w);
}

static void
variant_insert(const char *dir, const struct opts *o, struct result *res)
{
	char db[PATH_MAX + 32], path[PATH_MAX + 32];
	struct summary sum;
	int64_t acked = 0, missing = 0, want = (int64_t)o->writers * o->count;

	snprintf(db, sizeof db, "%s/insert.db", dir);
	make_db(db, 0, NULL);
	run_writers(db, dir, o, o->writers, NULL, res, &sum);
	report("insert", o, &sum);
	tap(sum.crashed == 0, "insert: every writer process ran to its end");
	tap(sum.errors == 0, "insert: no save failed (%" PRId64 " errors, %" PRId64
	    " 'database is busy')%s%s", sum.errors, sum.busy, sum.first[0] ? ": " : "", sum.first);

	sqlite3 *h = raw_open(db);
	for (int w = 0; w < o->writers; w++) {
		snprintf(path, sizeof path, "%s/acks.%d", dir, w);
		check_inserts(h, path, &acked, &missing);
	}
	tap(acked == sum.ok && missing == 0, "insert: all %" PRId64 " acknowledged saves present"
	    " (%" PRId64 " missing)", acked, missing);
	int64_t rows = raw_int(h, "SELECT count(*) FROM staff");
	int64_t names = raw_int(h, "SELECT count(DISTINCT full_name) FROM staff");
	tap(rows == want && names == want, "insert: exactly %" PRId64 " rows (%" PRId64
	    " rows, %" PRId64 " names)", want, rows, names);
	sqlite3_close(h);
	check_file(db, "insert");
}

static void
variant_mixed(const char *dir, const struct opts *o, struct result *res)
{
	char db[PATH_MAX + 32], path[PATH_MAX + 32];
	char (*pool)[UUID_STR_LEN];
	struct summary sum;
	int inserters = o->writers / 2;
	int64_t acked = 0, missing = 0, updates = 0, upd_ok = 0;
	int lost = 0;

	snprintf(db, sizeof db, "%s/mixed.db", dir);
	/* The records the updaters fight over, made before the fork. */
	pool = shared(sizeof *pool * (size_t)o->pool);
	make_db(db, o->pool, pool);

	run_writers(db, dir, o, inserters, pool, res, &sum);
	report("mixed", o, &sum);
	for (int w = inserters; w < o->writers; w++)
		upd_ok += res[w].ok;
	printf("# mixed: updates: %" PRId64 " acknowledged, %" PRId64 " conflicts (expected)\n",
	    upd_ok, sum.conflicts);
	tap(sum.crashed == 0, "mixed: every writer process ran to its end");
	tap(sum.errors == 0, "mixed: no save failed except by conflict (%" PRId64 " errors, %"
	    PRId64 " 'database is busy', %" PRId64 " conflicts)%s%s", sum.errors, sum.busy,
	    sum.conflicts, sum.first[0] ? ": " : "", sum.first);

	sqlite3 *h = raw_open(db);
	for (int w = 0; w < inserters; w++) {
		snprintf(path, sizeof path, "%s/acks.%d", dir, w);
		check_inserts(h, path, &acked, &missing);
	}
	tap(missing == 0 && acked == (int64_t)inserters * o->count,
	    "mixed: all %" PRId64 " acknowledged inserts present (%" PRId64 " missing)", acked,
	    missing);
	int64_t rows = raw_int(h, "SELECT count(*) FROM staff");
	tap(rows == (int64_t)inserters * o->count + o->pool, "mixed: exactly %" PRId64
	    " rows (%" PRId64 ")", (int64_t)inserters * o->count + o->pool, rows);
	check_updates(h, dir, inserters, o->writers - inserters, pool, o->pool, &updates, &lost);
	tap(lost == 0 && updates == upd_ok, "mixed: no acknowledged update lost (%" PRId64
	    " acknowledged over %d records, %d problems)", updates, o->pool, lost);
	tap(sum.conflicts + upd_ok + sum.errors ==
	    (int64_t)(o->writers - inserters) * o->count,
	    "mixed: every update attempt is an acknowledged save, a conflict or an error");
	sqlite3_close(h);
	check_file(db, "mixed");
	munmap(pool, sizeof *pool * (size_t)o->pool);
}

static int
usage(void)
{
	fprintf(stderr, "usage: writers [--writers N] [--count N] [--pool N]"
	    " [--variant insert|mixed|all] [--seed N] [--keep]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct opts o = { .writers = 8, .count = 1000, .pool = 16, .seed = 0 };
	const char *variant = "all";
	char dir[PATH_MAX];
	struct result *res;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--keep") == 0) {
			o.keep = 1;
			continue;
		}
		if (v == NULL)
			return usage();
		i++;
		if (strcmp(a, "--writers") == 0)
			o.writers = atoi(v);
		else if (strcmp(a, "--count") == 0)
			o.count = atoi(v);
		else if (strcmp(a, "--pool") == 0)
			o.pool = atoi(v);
		else if (strcmp(a, "--seed") == 0)
			o.seed = (unsigned)strtoul(v, NULL, 10);
		else if (strcmp(a, "--variant") == 0)
			variant = v;
		else
			return usage();
	}
	if (o.writers < 2 || o.writers > MAX_WRITERS || o.count < 1 || o.pool < 1 ||
	    (strcmp(variant, "insert") != 0 && strcmp(variant, "mixed") != 0 &&
	    strcmp(variant, "all") != 0))
		return usage();
	if (o.seed == 0)
		o.seed = (unsigned)time(NULL);
	printf("# seed %u (--seed %u repeats the updaters' choices)\n", o.seed, o.seed);
	res = shared(sizeof *res * MAX_WRITERS);
	tapc = shared(sizeof *tapc);
	lat = shared(sizeof *lat * (size_t)o.writers * (size_t)o.count);
	char (*ids)[UUID_STR_LEN] = shared(8 * UUID_STR_LEN);
	in_child(uuid_fork_check, ids);
	tu_mkdtemp(dir);
	if (strcmp(variant, "mixed") != 0)
		variant_insert(dir, &o, res);
	if (strcmp(variant, "insert") != 0)
		variant_mixed(dir, &o, res);
	if (o.keep)
		printf("# files kept in %s\n", dir);
	else
		tu_rmdir(dir);
	printf("1..%d\n", tap_n);
	return tap_failed == 0 ? 0 : 1;
}

/* bench: socds at province scale, each figure beside a baseline measured in
 * the same run on the same machine (issue 7). Not a test: it prints figures.
 *
 *   bench SOCDS SQLITE3 [SCALE]     (meson test -C build --benchmark --verbose)
 *
 * SOCDS_BENCH_DIR keeps the work folder (and its database) for another run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static const char *socds, *sqlite3_bin, *dir;
static char db[4096];
static FILE *md;		/* the figures as a Markdown table, for README */
static int missed;

/* SOCDS_BENCH_ONLY=tui,report,export,import,merge picks parts (default: all). */
static bool
part(const char *name)
{
	const char *only = getenv("SOCDS_BENCH_ONLY");
	return only == NULL || *only == '\0' || strstr(only, name) != NULL;
}

/* xterm's keys in keypad-transmit mode, which curses turns on. */
#define K_PGDN "\033[6~"
#define K_PGUP "\033[5~"
#define K_END "\033OF"
#define K_HOME "\033OH"
#define K_DOWN "\033OB"
#define K_CTRL_Q "\021"

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static char *
fmt(const char *f, ...)
{
	static char bufs[8][4096];
	static int at;
	char *b = bufs[at++ % 8];
	va_list ap;

	va_start(ap, f);
	vsnprintf(b, sizeof bufs[0], f, ap);
	va_end(ap);
	return b;
}

/* Runs a command with stdin/stdout from/to files (NULL: /dev/null); wall
 * milliseconds, and the peak resident memory in KiB through *rss. */
static double
run(const char *in, const char *out, long *rss, char *const argv[])
{
	struct rusage ru;
	int status;
	double t0 = bench_now_ms();
	pid_t pid = fork();

	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int fi = open(in ? in : "/dev/null", O_RDONLY);
		int fo = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		/* What the command says on stderr (an import's warnings) is kept
		 * aside, and shown only if it fails. */
		int fe = open(fmt("%s/stderr.txt", dir), O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fi < 0 || fo < 0 || fe < 0)
			_exit(126);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		setenv("LC_ALL", "C.UTF-8", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		die("wait: %s", strerror(errno));
	double ms = bench_now_ms() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: failed (status %d):", status);
		for (int i = 0; argv[i]; i++)
			fprintf(stderr, " %s", argv[i]);
		fputc('\n', stderr);
		FILE *f = fopen(fmt("%s/stderr.txt", dir), "r");
		char line[1024];
		for (int i = 0; f != NULL && i < 20 && fgets(line, sizeof line, f) != NULL; i++)
			fputs(line, stderr);
		exit(1);
	}
	if (rss != NULL)
		*rss = ru.ru_maxrss;
	return ms;
}

#define RUN(in, out, rss, ...) run(in, out, rss, (char *const[]){ __VA_ARGS__, NULL })

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double
maximum(const double *v, int n)
{
	double m = v[0];
	for (int i = 1; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

/* One line of the table: what, socds's figure, the baseline, the target. */
static void
row(const char *what, const char *ours, const char *base, double ratio, const char *target,
    bool met)
{
	const char *r = isnan(ratio) ? "" : fmt("%.2f×", ratio);

	printf("%-46s %-24s %-26s %8s  %-22s %s\n", what, ours, base, r, target,
	    met ? "met" : "MISSED");
	fflush(stdout);
	if (md != NULL)
		fprintf(md, "| %s | %s | %s | %s | %s | %s |\n", what, ours, base, r, target,
		    met ? "met" : "**missed**");
	if (!met)
		missed++;
}

static sqlite3 *
open_db(void)
{
	sqlite3 *h;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("%s: %s", db, sqlite3_errmsg(h));
	return h;
}

static long long
count(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		die("%s: %s", sql, sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static long long
lines_of(const char *path)
{
	FILE *f = fopen(path, "r");
	long long n = 0;
	int c;

	if (f == NULL)
		die("%s: %s", path, strerror(errno));
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static long long
size_of(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
}

/* --- the terminal figures --- */

static char *tui_argv[4];

static void
tui_start(struct pty *p)
{
	if (pty_start(p, tui_argv, 24, 80) != 0)
		die("forkpty: %s", strerror(errno));
	/* The home screen is drawn when its last line, the key bar, is. */
	if (pty_until(p, "F10", 60000, 300) == 0)
		die("no home screen within a minute");
	if (strstr(p->screen, "Hoạt động") == NULL)
		die("the first screen is not the home screen: %.300s", p->screen);
}

static void
bench_start(void)
{
	static struct pty p;
	double t[7] = { 0 }, b[7] = { 0 }, c[7] = { 0 };

	/* Today's backup first, as after an officer's first start of the day
	 * (it runs in a process of its own); then the page cache is warm. */
	RUN(NULL, NULL, NULL, (char *)socds, "--db", db, "backup", "--daily");
	tui_start(&p);
	pty_finish(&p, K_CTRL_Q);
	for (int i = 0; i < 7; i++) {
		tui_start(&p);
		/* The first whole frame ends with the key bar; the attention lines
		 * are worked out after it and drawn next. */
		t[i] = p.marked - p.t0;
		c[i] = p.last - p.t0;
		pty_finish(&p, K_CTRL_Q);
		/* Baseline: the sqlite3 shell starting and answering one query on the
		 * same database. */
		b[i] = RUN(NULL, NULL, NULL, (char *)sqlite3_bin, db,
		    "SELECT count(*) FROM unit WHERE level = 'commune'");
	}
	double m = median(t, 7), mb = median(b, 7), mc = median(c, 7);
	row("start to first drawn screen (80×24, median of 7)", fmt("%.1f ms", m),
	    fmt("%.1f ms sqlite3 open+query", mb), m / mb, "≤ 50 ms", m <= 50);
	row("  … and 'Needs attention' filled in", fmt("%.1f ms", mc),
	    fmt("%.1f ms sqlite3 open+query", mb), mc / mb, "(no target)", true);
}

/* The keyset page of the member list as the bare SQLite API does it: the
 * floor under what the list screen costs. */
static double
base_page(sqlite3 *h, int pages)
{
	sqlite3_stmt *st;
	double t[64] = { 0 };
	unsigned char key[512];
	int klen = 0;
	char id[40] = "";

	if (sqlite3_prepare_v2(h, "SELECT name_sort, id, full_name, gender, birth_year, role,"
	    " phone FROM member WHERE deleted = 0 AND (?1 IS NULL OR (name_sort, id) < (?1, ?2))"
	    " ORDER BY name_sort DESC, id DESC LIMIT 22", -1, &st, NULL) != SQLITE_OK)
		die("page: %s", sqlite3_errmsg(h));
	for (int i = 0; i < pages && i < 64; i++) {
		double t0 = bench_now_ms();
		if (klen > 0) {
			sqlite3_bind_blob(st, 1, key, klen, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
		}
		while (sqlite3_step(st) == SQLITE_ROW) {
			klen = sqlite3_column_bytes(st, 0);
			if (klen > (int)sizeof key)
				klen = sizeof key;
			memcpy(key, sqlite3_column_blob(st, 0), (size_t)klen);
			snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_reset(st);
		t[i] = bench_now_ms() - t0;
	}
	sqlite3_finalize(st);
	return median(t, pages);
}

/* The first page of a search as the bare SQLite API does it over the same
 * folded key: a prefix of a word, through the index. */
static double
base_search(sqlite3 *h, const char *q)
{
	char sql[512];
	double t[16] = { 0 };
	int n = (int)strlen(q);

	/* What a list without an index does for a keystroke: count the matches
	 * and read the first page, scanning. */
	snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM member WHERE deleted = 0 AND"
	    " name_key LIKE '%%' || ?1 || '%%'), (SELECT count(*) FROM (SELECT id FROM member"
	    " WHERE deleted = 0 AND name_key LIKE '%%' || ?1 || '%%' ORDER BY name_sort"
	    " LIMIT 22))");
	for (int i = 0; i < n && i < 16; i++) {
		char pre[64];
		sqlite3_stmt *st;
		snprintf(pre, sizeof pre, "%.*s", i + 1, q);
		double t0 = bench_now_ms();
		if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
			die("search: %s", sqlite3_errmsg(h));
		sqlite3_bind_text(st, 1, pre, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		sqlite3_finalize(st);
		t[i] = bench_now_ms() - t0;
	}
	return maximum(t, n < 16 ? n : 16);
}

static void
bench_list(sqlite3 *h, long long people)
{
	static struct pty p;
	double t[64] = { 0 }, worst;
	int n = 0;
	size_t bytes, scroll_bytes = 0, page_bytes = 0;

	tui_start(&p);
	if (pty_key(&p, "5", 300, NULL) < 0)	/* home → members */
		die("the member list did not open");
	t[n++] = pty_key(&p, K_END, 300, &page_bytes);
	for (int i = 0; i < 10; i++)
		t[n++] = pty_key(&p, K_PGUP, 300, NULL);
	for (int i = 0; i < 10; i++)
		t[n++] = pty_key(&p, K_PGDN, 300, NULL);
	t[n++] = pty_key(&p, K_HOME, 300, NULL);
	for (int i = 0; i < 10; i++)
		t[n++] = pty_key(&p, K_PGDN, 300, &page_bytes);
	fprintf(stderr, "  pages (End, 10 PgUp, 10 PgDn, Home, 10 PgDn):");
	for (int i = 0; i < n; i++)
		fprintf(stderr, " %.1f", t[i]);
	fputc('\n', stderr);
	worst = maximum(t, n);
	double m = median(t, n), mb = base_page(h, 21);
	row(fmt("list: End, then PgUp/PgDn over %lld names (median; worst %.1f ms)", people, worst),
	    fmt("%.2f ms", m), fmt("%.2f ms bare SQLite page", mb), m / mb,
	    "≤ 5 ms per page", worst <= 5);

	/* A one-line scroll: down to the last row on screen, then one more. */
	pty_key(&p, K_HOME, 300, NULL);
	for (int i = 0; i < 40; i++) {
		pty_key(&p, K_DOWN, 150, &bytes);
		scroll_bytes = bytes > scroll_bytes ? bytes : scroll_bytes;
	}
	pty_key(&p, K_DOWN, 150, &bytes);
	row("bytes to the terminal for a one-line scroll (worst)", fmt("%zu B", scroll_bytes),
	    fmt("%zu B for a page down", page_bytes), (double)scroll_bytes / (double)page_bytes,
	    "≤ 300 B", scroll_bytes <= 300);

	/* Incremental search: each keystroke redraws the list of matches. */
	static const char *const queries[] = { "nguyen thi h", "dang van", "khuc" };
	double k[64] = { 0 }, kb = 0;
	int nk = 0;
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		pty_key(&p, "/", 300, NULL);
		for (const char *c = queries[q]; *c; c++) {
			char one[2] = { *c, 0 };
			k[nk] = pty_key(&p, one, 300, NULL);
			fprintf(stderr, "  search '%.*s': %.1f ms\n", (int)(c - queries[q] + 1),
			    queries[q], k[nk]);
			nk++;
		}
		pty_key(&p, "\033", 300, NULL);	/* Esc: the search ends */
		double b = base_search(h, queries[q]);
		kb = b > kb ? b : kb;
	}
	worst = maximum(k, nk);
	m = median(k, nk);
	row(fmt("search per keystroke over %lld names (median; worst %.1f ms)", people, worst),
	    fmt("%.2f ms", m), fmt("%.1f ms LIKE scan, worst", kb), m / kb,
	    "≤ 10 ms per keystroke", worst <= 10);

	long rss = pty_finish(&p, K_CTRL_Q);
	long base_rss;
	RUN(NULL, NULL, &base_rss, (char *)sqlite3_bin, db,
	    "SELECT full_name FROM member ORDER BY name_sort DESC LIMIT 22");
	row("peak memory (RSS) of the interface after all this", fmt("%.1f MB", (double)rss / 1024),
	    fmt("%.1f MB sqlite3 shell, one page", (double)base_rss / 1024),
	    (double)rss / (double)base_rss, "≤ 12 MB", rss > 0 && rss <= 12 * 1024);
}

/* --- exports --- */

/* The rows `socds export csv --machine --kind activity` writes, as SQL: the
 * same columns, filter and order (src/store/query.c, store_record_each). */
#define ACTIVITY_SQL \
	"SELECT t.team_id, t.held_on, t.place, t.activity_kind, t.description," \
	" (SELECT group_concat(member_id, ';') FROM (SELECT member_id FROM activity_member" \
	" WHERE activity_id = t.id ORDER BY 1))," \
	" (SELECT group_concat(category || '=' || count, ';') FROM (SELECT category, count" \
	" FROM activity_help WHERE activity_id = t.id ORDER BY 1))," \
	" t.id, t.unit_code, t.created_at, t.updated_at, t.version, t.deleted" \
	" FROM activity t NOT INDEXED WHERE t.deleted = 0 AND t.unit_code IN (SELECT code" \
	" FROM unit WHERE code = '%s' OR parent_code = '%s' OR parent_code IN (SELECT code" \
	" FROM unit WHERE parent_code = '%s')) ORDER BY t.rowid;\n"

static const char *const xlsx_kinds[] = { "staff", "training", "participant", "village", "team",
	"member", "activity" };

static void
bench_export(const char *unit, long long acts)
{
	char csv[4200], base[4200], script[4200], xlsx[4200];
	long rss_csv, rss_base, rss_xlsx;

	snprintf(csv, sizeof csv, "%s/activity.csv", dir);
	snprintf(base, sizeof base, "%s/activity-sqlite3.csv", dir);
	snprintf(script, sizeof script, "%s/activity.sql", dir);
	FILE *f = fopen(script, "w");
	if (f == NULL)
		die("%s: %s", script, strerror(errno));
	fprintf(f, ".headers on\n.mode csv\n.output %s\n", base);
	fprintf(f, ACTIVITY_SQL, unit, unit, unit);
	fclose(f);
	/* Warm the page cache once, so that neither side pays for the disk. */
	RUN(script, NULL, NULL, (char *)sqlite3_bin, "-readonly", db);
	double t = RUN(NULL, NULL, &rss_csv, (char *)socds, "export", "csv", "--machine", "--kind",
	    "activity", "--db", db, "--out", csv, "--force");
	double b = RUN(script, NULL, &rss_base, (char *)sqlite3_bin, "-readonly", db);
	long long lo = lines_of(csv), lb = lines_of(base);
	if (lo != lb || lo != acts + 1)
		die("CSV rows differ: socds %lld lines, sqlite3 %lld, activities %lld", lo, lb, acts);
	row(fmt("export %lld activities to CSV (%.0f MB)", acts, (double)size_of(csv) / 1e6),
	    fmt("%.2f s", t / 1000), fmt("%.2f s sqlite3 .mode csv", b / 1000), t / b, "≤ 1.2×",
	    t <= 1.2 * b);

	/* XLSX: every kind on its sheet, with labels; its baseline is socds's
	 * CSV export of the same kinds, labelled the same way. */
	double tc = 0;
	for (size_t i = 0; i < sizeof xlsx_kinds / sizeof xlsx_kinds[0]; i++) {
		snprintf(csv, sizeof csv, "%s/%s-labels.csv", dir, xlsx_kinds[i]);
		tc += RUN(NULL, NULL, NULL, (char *)socds, "export", "csv", "--kind", (char *)xlsx_kinds[i],
		    "--db", db, "--out", csv, "--force");
	}
	snprintf(xlsx, sizeof xlsx, "%s/all.xlsx", dir);
	double tx = RUN(NULL, NULL, &rss_xlsx, (char *)socds, "export", "xlsx", "--db", db, "--out",
	    xlsx, "--force");
	row(fmt("export the same (all kinds) to XLSX (%.0f MB)", (double)size_of(xlsx) / 1e6),
	    fmt("%.2f s", tx / 1000), fmt("%.2f s socds CSV, same kinds", tc / 1000), tx / tc,
	    "≤ 3× CSV", tx <= 3 * tc);
	row("peak memory (RSS) of the 1M-row CSV export", fmt("%.1f MB", (double)rss_csv / 1024),
	    fmt("%.1f MB sqlite3 shell", (double)rss_base / 1024), (double)rss_csv / rss_base,
	    "≤ 20 MB", rss_csv <= 20 * 1024);
	row("peak memory (RSS) of the XLSX export", fmt("%.1f MB", (double)rss_xlsx / 1024),
	    fmt("%.1f MB sqlite3 shell (CSV)", (double)rss_base / 1024),
	    (double)rss_xlsx / rss_base, "≤ 20 MB", rss_xlsx <= 20 * 1024);
}

/* --- import and merge --- */

static const char *srcdir;

static long long
count_in(const char *path, const char *sql)
{
	sqlite3 *h;
	long long n;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("%s: %s", path, sqlite3_errmsg(h));
	n = count(h, sql);
	sqlite3_close(h);
	return n;
}

static void
copy_db(const char *from, const char *to)
{
	RUN(NULL, NULL, NULL, "/bin/cp", (char *)from, (char *)to);
}

/* 100,000 members from a demo district's export, into that district without
 * them (make-import.sh): socds checks every cell by the form, resolves the
 * team, looks for likely duplicates and writes the audit; the baseline is the
 * sqlite3 shell's .import of the same file into a table of the same columns,
 * constraints and indexes (import-baseline.sql). */
static void
bench_import(void)
{
	char out[4200], script[4200], csv[4300], t_db[4300], b_db[4300], target[4300], base[4300];

	snprintf(out, sizeof out, "%s/import", dir);
	snprintf(script, sizeof script, "%s/test/bench/make-import.sh", srcdir);
	snprintf(csv, sizeof csv, "%s/members.csv", out);
	snprintf(target, sizeof target, "%s/target.db", out);
	snprintf(base, sizeof base, "%s/base.db", out);
	snprintf(t_db, sizeof t_db, "%s/t.db", out);
	snprintf(b_db, sizeof b_db, "%s/b.db", out);
	struct stat sb;
	if (stat(base, &sb) != 0)
		RUN(NULL, NULL, NULL, "/bin/sh", script, (char *)socds, out);
	long long rows = lines_of(csv) - 1;
	double t[3], b[3];
	for (int i = 0; i < 3; i++) {
		copy_db(target, t_db);
		copy_db(base, b_db);
		long long before = count_in(t_db, "SELECT count(*) FROM member");
		t[i] = RUN(NULL, NULL, NULL, (char *)socds, "import", csv, "--kind", "member", "--db",
		    t_db);
		b[i] = RUN(NULL, NULL, NULL, (char *)sqlite3_bin, b_db, "PRAGMA foreign_keys=ON",
		    fmt(".import --csv --skip 1 %s member_in", csv));
		long long got = count_in(t_db, "SELECT count(*) FROM member") - before;
		long long base_got = count_in(b_db, "SELECT count(*) FROM member_in");
		if (got != rows || base_got != rows)
			die("import: %lld rows in the file, socds added %lld, sqlite3 %lld", rows, got,
			    base_got);
	}
	double m = median(t, 3), mb = median(b, 3);
	row(fmt("import %lld CSV rows, full checks (median of 3)", rows), fmt("%.2f s", m / 1000),
	    fmt("%.2f s sqlite3 .import", mb / 1000), m / mb, "≤ 2×", m <= 2 * mb);
}

/* 300 communes' upload packages into their province (make-packages.sh); the
 * baseline loads the same CSV files with the sqlite3 shell into the same
 * tables, in one transaction (merge.sql). */
static void
bench_merge(void)
{
	char out[4200], script[4200], prov[4300], m_db[4300], b_db[4300], sql[4300], rowsf[4300];

	snprintf(out, sizeof out, "%s/merge", dir);
	snprintf(script, sizeof script, "%s/test/bench/make-packages.sh", srcdir);
	snprintf(prov, sizeof prov, "%s/province.db", out);
	snprintf(m_db, sizeof m_db, "%s/m.db", out);
	snprintf(b_db, sizeof b_db, "%s/b.db", out);
	snprintf(sql, sizeof sql, "%s/merge.sql", out);
	snprintf(rowsf, sizeof rowsf, "%s/rows.txt", out);
	struct stat sb;
	if (stat(rowsf, &sb) != 0) {
		double ms = RUN(NULL, NULL, NULL, "/bin/sh", script, (char *)socds, out, "300", "11");
		printf("  (300 commune packages made in %.0f s)\n", ms / 1000);
	}
	FILE *f = fopen(rowsf, "r");
	long long rows = 0;
	if (f == NULL || fscanf(f, "%lld", &rows) != 1)
		die("%s: no row count", rowsf);
	fclose(f);
	/* socds merge P1 … P300 --db m.db */
	char *argv[320];
	int n = 0;
	argv[n++] = (char *)socds;
	argv[n++] = "merge";
	for (int i = 0; i < 300; i++) {
		char *z = malloc(4400);
		snprintf(z, 4400, "%s/p/%03d.zip", out, i);
		argv[n++] = z;
	}
	argv[n++] = "--db";
	argv[n++] = m_db;
	argv[n] = NULL;
	copy_db(prov, m_db);
	copy_db(prov, b_db);
	double t = run(NULL, NULL, NULL, argv);
	double b = RUN(sql, NULL, NULL, (char *)sqlite3_bin, b_db);
	for (int i = 2; i < 302; i++)
		free(argv[i]);
	long long got = count_in(m_db, "SELECT (SELECT count(*) FROM activity) +"
	    " (SELECT count(*) FROM member) + (SELECT count(*) FROM staff)");
	long long base_got = count_in(b_db, "SELECT (SELECT count(*) FROM activity) +"
	    " (SELECT count(*) FROM member) + (SELECT count(*) FROM staff)");
	if (got != base_got || got == 0)
		die("merge: socds holds %lld activities+members+staff, sqlite3 %lld", got, base_got);
	row(fmt("merge 300 packages, %lld rows", rows), fmt("%.1f s", t / 1000),
	    fmt("%.1f s sqlite3 loading them", b / 1000), t / b, "≤ 3×", t <= 3 * b);
}

/* --- the report --- */

/* Replaces ?1 ?2 ?3 by quoted values, for the sqlite3 shell. */
static void
bind_text(char *out, size_t size, const char *sql, const char *const vals[3])
{
	size_t n = 0;

	for (const char *p = sql; *p && n + 16 < size; p++) {
		if (p[0] == '?' && p[1] >= '1' && p[1] <= '3') {
			const char *v = vals[p[1] - '1'];
			n += (size_t)snprintf(out + n, size - n, v ? "'%s'" : "NULL", v);
			p++;
		} else
			out[n++] = *p;
	}
	out[n] = '\0';
}

static void
bench_report(const char *year)
{
	char out[4200], sqlf[4200], line[16384], sql[32768];
	double t[3], b[3];
	const char *const vals[3] = { NULL, fmt("%s-01-01", year), fmt("%s-12-31", year) };

	/* The SQL of every figure, as `socds report --explain` states it. */
	snprintf(out, sizeof out, "%s/explain.txt", dir);
	RUN(NULL, out, NULL, (char *)socds, "report", "--db", db, "--explain");
	snprintf(sqlf, sizeof sqlf, "%s/figures.sql", dir);
	FILE *in = fopen(out, "r"), *sf = fopen(sqlf, "w");
	sqlite3 *h = open_db();
	char unit[16];
	snprintf(unit, sizeof unit, "%lld", count(h, "SELECT unit_code FROM home"));
	sqlite3_close(h);
	const char *v3[3] = { unit, vals[1], vals[2] };
	int nsql = 0;
	if (in == NULL || sf == NULL)
		die("%s: %s", out, strerror(errno));
	/* The figures' common part (the units in scope) comes first, alone. */
	static char with[sizeof line];
	while (fgets(line, sizeof line, in) != NULL) {
		char *q = strstr(line, "SQL: ");
		if (strncmp(line, "  WITH ", 7) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(with, sizeof with, "%s", line + 2);
			continue;
		}
		if (q == NULL)
			continue;
		q[strcspn(q, "\n")] = '\0';
		char whole[sizeof with + sizeof line];
		snprintf(whole, sizeof whole, "%s %s", with, q + 5);
		bind_text(sql, sizeof sql, whole, v3);
		fprintf(sf, "%s;\n", sql);
		nsql++;
	}
	fclose(in);
	fclose(sf);
	for (int i = 0; i < 3; i++) {
		t[i] = RUN(NULL, NULL, NULL, (char *)socds, "report", "--db", db, "--period", (char *)year);
		b[i] = RUN(sqlf, NULL, NULL, (char *)sqlite3_bin, "-readonly", db);
	}
	double m = median(t, 3), mb = median(b, 3);
	row(fmt("yearly report %s (text; median of 3)", year), fmt("%.0f ms", m),
	    fmt("%.0f ms sqlite3, its %d queries", mb, nsql), m / mb, "≤ 300 ms", m <= 300);
}

int
main(int argc, char **argv)
{
	char path[4200], tmpl[] = "/tmp/socds-bench.XXXXXX";
	int scale;
	struct utsname un;

	if (argc < 3)
		die("usage: bench SOCDS SQLITE3 [SCALE]");
	socds = argv[1];
	sqlite3_bin = argv[2];
	scale = argc > 3 ? atoi(argv[3]) : getenv("SOCDS_BENCH_SCALE") ?
	    atoi(getenv("SOCDS_BENCH_SCALE")) : 730;
	if ((dir = getenv("SOCDS_BENCH_DIR")) == NULL && (dir = mkdtemp(tmpl)) == NULL)
		die("mkdtemp: %s", strerror(errno));
	mkdir(dir, 0700);
	snprintf(db, sizeof db, "%s/bench-%d.db", dir, scale);
	snprintf(path, sizeof path, "%s/figures.md", dir);
	md = fopen(path, "w");

	uname(&un);
	FILE *cpu = fopen("/proc/cpuinfo", "r");
	char line[256], model[256] = "?";
	while (cpu != NULL && fgets(line, sizeof line, cpu) != NULL)
		if (strncmp(line, "model name", 10) == 0) {
			snprintf(model, sizeof model, "%s", strchr(line, ':') + 2);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	if (cpu != NULL)
		fclose(cpu);
	printf("machine: %s, %ld cores, %s %s; SQLite %s\n", model, sysconf(_SC_NPROCESSORS_ONLN),
	    un.sysname, un.release, sqlite3_libversion());

	struct stat sb;
	if (stat(db, &sb) != 0) {
		/* The old district (548): the figures of a district's year. */
		double ms = RUN(NULL, NULL, NULL, (char *)socds, "demo", "--unit", "548", "--db", db,
		    "--scale", fmt("%d", scale));
		printf("demo database (--scale %d) made in %.1f s\n", scale, ms / 1000);
	}
	sqlite3 *h = open_db();
	long long acts = count(h, "SELECT count(*) FROM activity WHERE deleted = 0");
	long long people = count(h, "SELECT count(*) FROM member WHERE deleted = 0");
	long long staff = count(h, "SELECT count(*) FROM staff WHERE deleted = 0");
	char unit_code[16];
	snprintf(unit_code, sizeof unit_code, "%lld", count(h, "SELECT unit_code FROM home"));
	printf("database: %s, %.0f MB: %lld activities, %lld team members, %lld staff\n\n", db,
	    (double)size_of(db) / 1e6, acts, people, staff);
	printf("%-46s %-24s %-26s %8s  %-22s %s\n", "figure", "socds", "baseline (same run)",
	    "ratio", "target", "");
	if (md != NULL)
		fprintf(md, "Machine: %s, %ld cores; SQLite %s; %lld activities, %lld team members."
		    "\n\n| figure | socds | baseline (same run) | ratio | target | |\n"
		    "| --- | --- | --- | --- | --- | --- |\n", model,
		    sysconf(_SC_NPROCESSORS_ONLN), sqlite3_libversion(), acts, people);

	tui_argv[0] = (char *)socds;
	tui_argv[1] = "--db";
	tui_argv[2] = db;
	if (part("tui")) {
		bench_start();
		bench_list(h, people);
	}
	time_t now = time(NULL);
	char year[8];
	strftime(year, sizeof year, "%Y", localtime(&now));
	if (part("report"))
		bench_report(year);
	if (part("export"))
		bench_export(unit_code, acts);
	srcdir = getenv("SOCDS_TEST_SRCDIR") ? getenv("SOCDS_TEST_SRCDIR") : ".";
	if (part("import"))
		bench_import();
	if (part("merge"))
		bench_merge();

	sqlite3_close(h);
	if (md != NULL)
		fclose(md);
	printf("\n%d target(s) missed; table in %s/figures.md\n", missed, dir);
	(void)write_file;
	(void)lines_of;
	return 0;
}

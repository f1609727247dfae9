/* fuzz_merge: packages MERGED at the office above (src/io/merge.c,
 * src/store/merge.c), not only read: every row through the checks of what a
 * record says of itself, the ownership of the stored record, the forms' rules,
 * the references, and then the database.
 *
 * The input spells out the package's tables: "--- KIND\n" and that table's
 * CSV, up to the next "\n--- " (bytes before the first "--- " are the staff
 * table). A KIND with a '/' is taken as the member's whole name. The harness
 * builds a real package of commune 21853 with libzip — manifest with every
 * member's SHA-256 — and seals it with the package module's own sealing
 * (tp_build, test/unit/test-package.h: package_seal_file is the one call to
 * switch when the seal becomes a signature). It then merges it into a fresh
 * copy of an office database (district 548, holding the demo records of
 * communes 21853 and 21859, made once at start) and checks:
 *  - a refused package says why (a code and a message);
 *  - integrity_check is ok and foreign_key_check empty;
 *  - no record that is not 21853's changed, and none moved into or out of
 *    21853 (every record of another unit is fingerprinted before and after);
 *  - every audit row of the merge is about a record of 21853;
 *  - the report's counts add up to the issues logged.
 * Ids are random in the template, so an input names stored records by token:
 * "@@Xn@@" (X a kind letter, n a digit) becomes the id of the n-th record (by
 * id) of that kind — v village, s staff, r training, p participant, t team,
 * m member, a activity, k task progress — of commune 21859, or of 21853 when
 * the letter is upper case. corpus/fuzz_merge/ has tables of the demo's
 * package, rows of 21859's records sent as 21853's, and version junk. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "socds/job-demo.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/merge.h"
#include "socds/package.h"
#include "socds/store.h"
#include "socds/store-merge.h"
#include "socds/store-unit.h"
#include "socds/job-units.h"
#include "fuzz-util.h"
#include "../unit/test-package.h"

#define FUZZ_UNIT "21853"
#define OTHER_UNIT "21859"
#define OFFICE_UNIT "548"
#define MEMBERS_MAX 16

static struct forms forms;
static char template_db[PATH_MAX], office_db[PATH_MAX], pkg_path[PATH_MAX];
static char *others_before;	/* the fingerprint of the template */
/* The tables a merge writes, and those its triggers keep. */
static const char *const written[] = { "village", "staff", "training", "participant", "team",
	"member", "activity", "activity_member", "activity_help", "task_progress", "audit",
	"merge_log", "merge_issue", "kind_count", "activity_tally", "activity_help_tally",
	"member_tally", "staff_fts", "member_fts", "village_fts", "team_fts", "training_fts" };
static const char kind_letters[KIND_COUNT + 1] = "vsrptmak";	/* record_kinds order */
static char ids[2][KIND_COUNT][10][UUID_STR_LEN];	/* [0] OTHER_UNIT, [1] FUZZ_UNIT */

/* Every record that is not the fuzzed unit's, as one text. */
static const char fingerprint_sql[] =
	"SELECT ifnull(group_concat(x, ' '), '') FROM (SELECT t || ':' || id || ':' || version"
	" || ':' || deleted || ':' || unit_code || ':' || ifnull(v, '') AS x FROM ("
	" SELECT 'v' t, id, version, deleted, unit_code, name || ifnull(note, '') v FROM village"
	" UNION ALL SELECT 's', id, version, deleted, unit_code, full_name || ifnull(birth_year, '')"
	"  || ifnull(note, '') FROM staff"
	" UNION ALL SELECT 'tr', id, version, deleted, unit_code, title FROM training"
	" UNION ALL SELECT 'p', id, version, deleted, unit_code, training_id ||"
	"  ifnull(staff_id, '') || ifnull(member_id, '') FROM participant"
	" UNION ALL SELECT 'te', id, version, deleted, unit_code, name FROM team"
	" UNION ALL SELECT 'm', id, version, deleted, unit_code, team_id || full_name FROM member"
	" UNION ALL SELECT 'a', id, version, deleted, unit_code, team_id || held_on ||"
	"  (SELECT ifnull(group_concat(member_id), '') FROM activity_member WHERE activity_id = id)"
	"  FROM activity"
	" UNION ALL SELECT 'tp', id, version, deleted, unit_code, task_code || status"
	"  FROM task_progress)"
	" WHERE unit_code <> '" FUZZ_UNIT "' ORDER BY 1)";

static char *
sql_text(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	char *out;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(h));
		abort();
	}
	FUZZ_CHECK(sqlite3_step(st) == SQLITE_ROW, "%s: no row: %s", sql, sqlite3_errmsg(h));
	out = strdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	if (out == NULL)
		fuzz_die("strdup");
	return out;
}

static void
copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[1 << 16];
	size_t n;

	if (in == NULL || out == NULL)
		fuzz_die(from);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			fuzz_die(to);
	fclose(in);
	if (fclose(out) != 0)
		fuzz_die(to);
}

static void
release(void)
{
	forms_free(&forms);
	free(others_before);
}

/* A demo commune's package, merged into the template office. */
static void
add_commune(struct store *office, const char *unit, uint64_t seed)
{
	struct demo_opts o = { 0 };
	struct demo_counts n;
	struct export_opts eo = { 0 };
	struct merge_report r;
	struct err e = { 0 };
	struct store *s;
	char db[PATH_MAX], pkg[PATH_MAX];

	fuzz_path(db, sizeof db, unit);
	fuzz_path(pkg, sizeof pkg, "seed.zip");
	o.unit = unit;
	o.scale = 1;
	o.seed = seed;
	o.datadir = fuzz_srcdir();
	remove(pkg);
	if (store_open(db, STORE_CREATE, &s, &e) != 0 || units_load(s, o.datadir, &e) != 0 ||
	    demo_build(s, &o, &n, &e) != 0 || package_export(s, &forms, &eo, pkg, true, NULL,
	    &e) != 0 || merge_package(office, &forms, pkg, NULL, NULL, &r, &e) != 0) {
		fprintf(stderr, "fuzz_merge: the office database: %s\n", e.msg);
		abort();
	}
	store_close(s);
	remove(db);
	remove(pkg);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err e = { 0 };
	struct store *s;
	sqlite3 *h;

	(void)argc;
	(void)argv;
	i18n_init("en", "/nonexistent");
	if (forms_load(fuzz_srcdir(), &forms, &e) != 0) {
		fprintf(stderr, "fuzz_merge: forms from %s: %s\n", fuzz_srcdir(), e.msg);
		abort();
	}
	atexit(release);
	fuzz_path(template_db, sizeof template_db, "template.db");
	fuzz_path(office_db, sizeof office_db, "office.db");
	fuzz_path(pkg_path, sizeof pkg_path, "in.zip");
	if (store_open(template_db, STORE_CREATE, &s, &e) != 0 ||
	    units_load(s, fuzz_srcdir(), &e) != 0 || store_home_set(s, OFFICE_UNIT, &e) != 0 ||
	    units_attach_district(s, OFFICE_UNIT, &e) != 0) {
		fprintf(stderr, "fuzz_merge: the office database: %s\n", e.msg);
		abort();
	}
	add_commune(s, FUZZ_UNIT, 7);
	add_commune(s, OTHER_UNIT, 8);
	store_close(s);
	if (sqlite3_open(template_db, &h) != SQLITE_OK)
		fuzz_die(template_db);
	sqlite3_exec(h, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;", NULL,
	    NULL, NULL);
	others_before = sql_text(h, fingerprint_sql);
	{
		/* The office knows FUZZ_UNIT by the key hand-built packages are
		 * signed with (tp_key): inputs reach the rows, not the key check. */
		struct sign_key k;
		char fp[SIGN_FP_LEN];
		sqlite3_stmt *st;
		tp_key(FUZZ_UNIT, &k);
		sign_fingerprint(k.pub, fp);
		if (sqlite3_prepare_v2(h, "UPDATE unit_key SET public_key = ?, fingerprint = ?"
		    " WHERE unit_code = '" FUZZ_UNIT "'", -1, &st, NULL) != SQLITE_OK)
			fuzz_die("unit_key");
		sqlite3_bind_blob(st, 1, k.pub, SIGN_KEY_SIZE, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, fp, -1, SQLITE_STATIC);
		FUZZ_CHECK(sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(h) == 1,
		    "the template pinned no key for %s", FUZZ_UNIT);
		sqlite3_finalize(st);
	}
	for (int u = 0; u < 2; u++)
		for (int k = 0; k < KIND_COUNT; k++) {
			sqlite3_stmt *st;
			char q[160];
			snprintf(q, sizeof q, "SELECT id FROM %s WHERE unit_code = ? ORDER BY id LIMIT 10",
			    record_kinds[k].table);
			if (sqlite3_prepare_v2(h, q, -1, &st, NULL) != SQLITE_OK)
				fuzz_die(q);
			sqlite3_bind_text(st, 1, u ? FUZZ_UNIT : OTHER_UNIT, -1, SQLITE_STATIC);
			for (int i = 0; i < 10; i++) {
				/* Fewer records than tokens: the token names nothing stored. */
				snprintf(ids[u][k][i], UUID_STR_LEN, "0190a4f2-0000-7000-8000-%012d",
				    u * 1000 + k * 10 + i);
				if (sqlite3_step(st) == SQLITE_ROW)
					snprintf(ids[u][k][i], UUID_STR_LEN, "%s",
					    (const char *)sqlite3_column_text(st, 0));
			}
			sqlite3_finalize(st);
		}
	sqlite3_close(h);
	FUZZ_CHECK(strlen(others_before) > 1000, "the template holds no records of %s", OTHER_UNIT);
	return 0;
}

static const uint8_t *
find(const uint8_t *p, size_t n, const char *what)
{
	size_t wl = strlen(what);

	for (size_t i = 0; i + wl <= n; i++)
		if (memcmp(p + i, what, wl) == 0)
			return p + i;
	return NULL;
}

/* A member's bytes with every token replaced by its id (malloc'd). */
static char *
substitute(const char *p, size_t len, size_t *olen)
{
	char *out = malloc(len / 6 * 36 + len + 1);
	size_t o = 0;

	if (out == NULL)
		fuzz_die("malloc");
	for (size_t i = 0; i < len;) {
		const char *t = p + i, *kl;
		if (i + 6 <= len && t[0] == '@' && t[1] == '@' && t[4] == '@' && t[5] == '@' &&
		    t[3] >= '0' && t[3] <= '9' && t[2] != '\0' &&
		    (kl = strchr(kind_letters, t[2] | 0x20)) != NULL) {
			bool upper = t[2] >= 'A' && t[2] <= 'Z';
			memcpy(out + o, ids[upper][kl - kind_letters][t[3] - '0'], UUID_STR_LEN - 1);
			o += UUID_STR_LEN - 1;
			i += 6;
			continue;
		}
		out[o++] = *t;
		i++;
	}
	out[o] = '\0';
	*olen = o;
	return out;
}

/* Splits the input into members; returns how many. */
static size_t
split(const uint8_t *data, size_t size, struct tp_member *m)
{
	const uint8_t *p = data, *end = data + size;
	size_t n = 0;

	if (size < 4 || memcmp(data, "--- ", 4) != 0) {
		const uint8_t *next = find(data, size, "\n--- ");
		snprintf(m[0].name, sizeof m[0].name, "data/staff.csv");
		m[0].data = (const char *)data;
		m[0].len = next != NULL ? (size_t)(next - data) : size;
		n = 1;
		p = next != NULL ? next + 1 : end;
	}
	while (p < end && n < MEMBERS_MAX) {
		const uint8_t *nl, *body, *next;
		size_t nlen;
		char name[40];
		p += 4;
		nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		if (nl == NULL)
			nl = end;
		nlen = (size_t)(nl - p);
		if (nlen >= sizeof name)
			nlen = sizeof name - 1;
		memcpy(name, p, nlen);
		name[nlen] = '\0';
		if (memchr(name, '/', nlen) != NULL)
			snprintf(m[n].name, sizeof m[n].name, "%s", name);
		else
			snprintf(m[n].name, sizeof m[n].name, "data/%s.csv", name);
		body = nl < end ? nl + 1 : end;
		next = find(body, (size_t)(end - body), "\n--- ");
		m[n].data = (const char *)body;
		m[n].len = next != NULL ? (size_t)(next - body) : (size_t)(end - body);
		n++;
		p = next != NULL ? next + 1 : end;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tp_member m[MEMBERS_MAX];
	struct merge_report r;
	struct err e = { 0 };
	struct store *s;
	sqlite3 *h;
	size_t n;
	int rc;
	char *after, *text, sql[256];

	char *bufs[MEMBERS_MAX];

	memset(m, 0, sizeof m);
	n = split(data, size, m);
	for (size_t i = 0; i < n; i++) {
		bufs[i] = substitute(m[i].data, m[i].len, &m[i].len);
		m[i].data = bufs[i];
	}
	rc = tp_build(pkg_path, FUZZ_UNIT, m, n, &e);
	for (size_t i = 0; i < n; i++)
		free(bufs[i]);
	if (rc != 0)
		return 0;	/* names libzip cannot take: not a package a unit can send */
	clock_t t0 = clock();
	copy_file(template_db, office_db);
	clock_t t1 = clock();
	if (store_open(office_db, 0, &s, &e) != 0) {
		fprintf(stderr, "fuzz_merge: %s\n", e.msg);
		abort();
	}
	rc = merge_package(s, &forms, pkg_path, NULL, NULL, &r, &e);
	if (getenv("SOCDS_FUZZ_VERBOSE") != NULL) {
		fprintf(stderr, "merge: %d %s; n = %lld %lld %lld %lld %lld %lld\n", rc, e.msg,
		    (long long)r.n[0], (long long)r.n[1], (long long)r.n[2], (long long)r.n[3],
		    (long long)r.n[4], (long long)r.n[5]);
		for (int i = 0; i < r.nissues; i++)
			fprintf(stderr, "  %s %s: %s\n", r.issues[i].kind, r.issues[i].id,
			    r.issues[i].reason);
	}
	clock_t t2 = clock();
	FUZZ_CHECK(rc == 0 || (e.code == rc && e.msg[0] != '\0'),
	    "merge refuses (%d) without its code or a message", rc);
	store_close(s);

	if (sqlite3_open_v2(office_db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fuzz_die(office_db);
	/* integrity_check of what a merge writes (the unit table, most of the
	 * file, is only read: checking it every run would take most of the time). */
	for (size_t i = 0; i < sizeof written / sizeof written[0]; i++) {
		snprintf(sql, sizeof sql, "SELECT group_concat(integrity_check) FROM"
		    " pragma_integrity_check('%s')", written[i]);
		text = sql_text(h, sql);
		FUZZ_CHECK(strcmp(text, "ok") == 0, "integrity_check(%s): %s", written[i], text);
		free(text);
	}
	text = sql_text(h, "SELECT count(*) FROM pragma_foreign_key_check");
	FUZZ_CHECK(strcmp(text, "0") == 0, "foreign_key_check: %s rows", text);
	free(text);
	after = sql_text(h, fingerprint_sql);
	FUZZ_CHECK(strcmp(after, others_before) == 0,
	    "a record that is not %s's changed, or one moved into or out of %s", FUZZ_UNIT,
	    FUZZ_UNIT);
	free(after);
	if (rc == 0) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE merge_seq = %lld AND"
		    " record_id IS NOT NULL AND unit_code <> '" FUZZ_UNIT "'", (long long)r.seq);
		text = sql_text(h, sql);
		FUZZ_CHECK(strcmp(text, "0") == 0, "audit rows of other units: %s", text);
		free(text);
		snprintf(sql, sizeof sql, "SELECT count(*) = %lld FROM merge_issue WHERE merge_seq ="
		    " %lld", (long long)(r.n[MERGE_CONFLICT] + r.n[MERGE_REJECTED]),
		    (long long)r.seq);
		text = sql_text(h, sql);
		FUZZ_CHECK(strcmp(text, "1") == 0, "issues logged and counted differ");
		free(text);
		snprintf(sql, sizeof sql, "SELECT count(*) = %lld FROM audit WHERE merge_seq = %lld"
		    " AND record_id IS NOT NULL", (long long)(r.n[MERGE_INSERTED] +
		    r.n[MERGE_UPDATED] + r.n[MERGE_DELETED]), (long long)r.seq);
		text = sql_text(h, sql);
		FUZZ_CHECK(strcmp(text, "1") == 0, "changes counted and audited differ");
		free(text);
	}
	sqlite3_close(h);
	if (getenv("SOCDS_FUZZ_TIME") != NULL)
		fprintf(stderr, "copy %.3f merge %.3f checks %.3f\n", (double)(t1 - t0) / CLOCKS_PER_SEC,
		    (double)(t2 - t1) / CLOCKS_PER_SEC, (double)(clock() - t2) / CLOCKS_PER_SEC);
	return 0;
}

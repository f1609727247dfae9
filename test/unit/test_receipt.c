/* receipt: the office's receipt written and read back whole; one flipped
 * byte, a package passed in as a receipt (and a receipt as a package) and
 * receipts over the bounds are refused before a row is read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "socds/job-demo.h"
#include "socds/job-units.h"
#include "socds/receipt.h"
#include "socds/store.h"
#include "socds/store-receipt.h"
#include "socds/store-record.h"
#include "socds/package.h"
#include "socds/sign.h"
#include "test-util.h"
#include "test-package.h"

#define ID1 "01a20777-0000-7000-8000-000000000001"
#define ID2 "01a20777-0000-7000-8000-000000000002"
#define ID3 "01a20777-0000-7000-8000-000000000003"

struct fx {
	char dir[PATH_MAX];
	char path[PATH_MAX + 32];
	struct sign_key key;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = { 0 };

	tu_mkdtemp(f->dir);
	snprintf(f->path, sizeof f->path, "%s/r.zip", f->dir);
	if (sign_keygen("52", &f->key, &e) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static int
rows3(void *arg, receipt_put_fn put, void *w, struct err *e)
{
	struct receipt_row r[3] = {
		{ "activity", ID1, 3, "inserted", 0, "", NULL },
		{ "activity", ID2, 2, "rejected", 0, "a.zip:data/activity.csv:3: team: deleted here",
		  NULL },
		{ "member", ID3, 4, "conflict", 5, "changed here and in the package",
		  "{\"full_name\": \"Lê Thị \\\"B\\\", con\"}" },
	};

	(void)arg;
	for (int i = 0; i < 3; i++)
		if (put(&r[i], w, e) != 0)
			return e->code;
	return 0;
}

static void
head_fill(struct receipt_head *h, struct receipt_approval *ap)
{
	memset(h, 0, sizeof *h);
	snprintf(h->office, sizeof h->office, "52");
	snprintf(h->unit, sizeof h->unit, "21853");
	h->number = 7;
	snprintf(h->issued_at, sizeof h->issued_at, "2026-10-05T08:00:00Z");
	h->has_package = true;
	snprintf(h->package_file, sizeof h->package_file, "socds-21853-2026-Q3.zip");
	memset(h->package_sha256, 'a', 64);
	h->merge_seq = 4;
	memset(ap, 0, sizeof *ap);
	snprintf(ap->id, sizeof ap->id, "52:1");
	snprintf(ap->unit, sizeof ap->unit, "21853");
	snprintf(ap->period, sizeof ap->period, "2026-Q3");
	snprintf(ap->date_from, sizeof ap->date_from, "2026-07-01");
	snprintf(ap->date_to, sizeof ap->date_to, "2026-09-30");
	snprintf(ap->state, sizeof ap->state, "approved");
	ap->revision = 1;
	snprintf(ap->at, sizeof ap->at, "2026-10-05T07:00:00Z");
	snprintf(ap->by_unit, sizeof ap->by_unit, "52");
	snprintf(ap->by_user, sizeof ap->by_user, "an");
	h->approvals = ap;
	h->napprovals = 1;
}

static void
write_one(struct fx *f)
{
	struct receipt_head h;
	struct receipt_approval ap;
	struct err e = { 0 };

	head_fill(&h, &ap);
	remove(f->path);
	tu_write(f->path, "", 0);
	if (receipt_write(f->path, f->path, &h, rows3, NULL, &f->key, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
	assert_int_equal(h.counts[0], 1);
	assert_int_equal(h.counts[4], 1);
	assert_int_equal(h.counts[5], 1);
}

struct seen {
	int n;
	struct receipt_row r[3];
	char reason[3][200], values[3][200];
};

static int
collect(const struct receipt_row *row, void *arg, struct err *e)
{
	struct seen *s = arg;

	(void)e;
	if (s->n < 3) {
		s->r[s->n] = *row;
		snprintf(s->reason[s->n], 200, "%s", row->reason);
		snprintf(s->values[s->n], 200, "%s", row->office_values ? row->office_values : "-");
	}
	s->n++;
	return 0;
}

static void
test_round_trip(void **state)
{
	struct fx *f = *state;
	struct receipt *r;
	struct err e = { 0 };
	struct seen s = { 0 };
	char fp[SIGN_FP_LEN];

	write_one(f);
	if (receipt_open(f->path, &r, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
	const struct receipt_head *h = receipt_head(r);
	assert_string_equal(h->office, "52");
	assert_string_equal(h->unit, "21853");
	assert_int_equal(h->number, 7);
	assert_true(h->has_package);
	assert_int_equal(h->merge_seq, 4);
	assert_string_equal(h->package_file, "socds-21853-2026-Q3.zip");
	assert_int_equal(h->counts[5], 1);
	assert_int_equal(h->napprovals, 1);
	assert_string_equal(h->approvals[0].id, "52:1");
	assert_string_equal(h->approvals[0].date_to, "2026-09-30");
	sign_fingerprint(f->key.pub, fp);
	assert_string_equal(h->fingerprint, fp);
	assert_int_equal(receipt_each_row(r, collect, &s, &e), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.r[0].outcome, "inserted");
	assert_string_equal(s.values[0], "-");
	assert_string_equal(s.reason[1], "a.zip:data/activity.csv:3: team: deleted here");
	assert_int_equal(s.r[2].office_version, 5);
	assert_string_equal(s.values[2], "{\"full_name\": \"Lê Thị \\\"B\\\", con\"}");
	receipt_close(r);
	/* Nor is a receipt a package. */
	struct package *p;
	assert_int_not_equal(package_open(f->path, &p, &e), 0);
}

static void
test_flipped_byte(void **state)
{
	struct fx *f = *state;
	struct receipt *r;
	struct err e = { 0 };
	size_t len;
	char *d;

	write_one(f);
	d = tu_slurp(f->path, &len);
	for (size_t at = 40; at < len; at += len / 7) {
		d[at] ^= 0x01;
		tu_write(f->path, d, len);
		err_clear(&e);
		assert_int_not_equal(receipt_open(f->path, &r, &e), 0);
		assert_int_equal(e.code, ERR_CORRUPT);
		d[at] ^= 0x01;
	}
	free(d);
}

static void
test_package_is_not_a_receipt(void **state)
{
	struct fx *f = *state;
	struct receipt *r;
	struct err e = { 0 };
	struct tp_member m = { "data/staff.csv", "id\r\n", 4 };

	assert_int_equal(tp_build_signed(f->path, "21853", &m, 1, &f->key, &e), 0);
	assert_int_not_equal(receipt_open(f->path, &r, &e), 0);
	assert_non_null(strstr(e.msg, "an upload package, not a receipt"));
}

/* A receipt built by hand: the manifest, then members. */
static void
build(struct fx *f, const char *man, const struct tp_member *m, size_t n)
{
	struct err e = { 0 };
	zip_t *z;
	int zerr;

	remove(f->path);
	assert_non_null(z = zip_open(f->path, ZIP_CREATE | ZIP_TRUNCATE, &zerr));
	zip_file_add(z, "manifest.json", zip_source_buffer(z, man, strlen(man), 0), 0);
	for (size_t i = 0; i < n; i++)
		zip_file_add(z, m[i].name, zip_source_buffer(z, m[i].data, m[i].len, 0), 0);
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(receipt_seal_file(f->path, &f->key, &e), 0);
}

static void
test_bounds(void **state)
{
	struct fx *f = *state;
	struct receipt *r;
	struct err e = { 0 };
	struct tp_member m[RECEIPT_MAX_MEMBERS + 1];
	char man[1024], pub[65], sha[65];
	size_t big = 8u << 20;
	char *zeros = calloc(1, big);

	/* Too many members. */
	for (size_t i = 0; i < RECEIPT_MAX_MEMBERS + 1; i++) {
		snprintf(m[i].name, sizeof m[i].name, "m%zu.txt", i);
		m[i].data = "x";
		m[i].len = 1;
	}
	build(f, "{}", m, RECEIPT_MAX_MEMBERS + 1);
	assert_int_not_equal(receipt_open(f->path, &r, &e), 0);
	assert_non_null(strstr(e.msg, "members"));
	/* A bomb: 8 MiB of zeros in records.csv, far above the ratio. */
	snprintf(m[0].name, sizeof m[0].name, "records.csv");
	m[0].data = zeros;
	m[0].len = big;
	build(f, "{}", m, 1);
	err_clear(&e);
	assert_int_not_equal(receipt_open(f->path, &r, &e), 0);
	assert_non_null(strstr(e.msg, "would inflate"));
	free(zeros);
	/* A damaged line: the row is refused when read, its line named. */
	static const char csv[] = "kind,id,version,outcome,office_version,reason,office_values\r\n"
	    "activity," ID1 ",1,stolen,,,\r\n";
	tp_sha(csv, strlen(csv), sha);
	sign_hex(f->key.pub, SIGN_KEY_SIZE, pub);
	snprintf(man, sizeof man, "{\"format\": \"socds-receipt\", \"format_version\": 1,"
	    " \"office\": \"52\", \"unit\": \"21853\", \"number\": 1, \"issued_at\":"
	    " \"2026-10-05T08:00:00Z\", \"signer\": {\"unit\": \"52\", \"public_key\": \"%s\"},"
	    " \"package\": null, \"files\": [{\"file\": \"records.csv\", \"sha256\": \"%s\"}]}",
	    pub, sha);
	snprintf(m[0].name, sizeof m[0].name, "records.csv");
	m[0].data = csv;
	m[0].len = strlen(csv);
	build(f, man, m, 1);
	err_clear(&e);
	if (receipt_open(f->path, &r, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
	struct seen s = { 0 };
	assert_int_not_equal(receipt_each_row(r, collect, &s, &e), 0);
	assert_non_null(strstr(e.msg, "records.csv line 2 is damaged"));
	receipt_close(r);
	/* Signed by a key other than the manifest's signer. */
	struct sign_key other;
	assert_int_equal(sign_keygen("52", &other, &e), 0);
	build(f, man, m, 1);
	assert_int_equal(receipt_seal_file(f->path, &other, &e), 0);
	err_clear(&e);
	assert_int_not_equal(receipt_open(f->path, &r, &e), 0);
}

static void
remark_put(const char *db, const char *id)
{
	sqlite3 *h;
	char sql[400];

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	snprintf(sql, sizeof sql, "INSERT INTO remark(record_id, kind, outcome, reason, at)"
	    " VALUES ('%s', 'staff', 'rejected', 'x', '2026-10-05T08:00:00Z')", id);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

/* A record saved or deleted here answers the office's remark on it. */
static void
test_remark_cleared(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	struct record r;
	struct demo_counts n;
	struct demo_opts o = { .unit = "21853", .scale = 1, .seed = 3, .datadir = tu_srcdir() };
	char db[PATH_MAX + 32], id[UUID_STR_LEN], sql[200];

	snprintf(db, sizeof db, "%s/c.db", f->dir);
	assert_int_equal(store_open(db, STORE_CREATE, &s, &e), 0);
	assert_int_equal(units_load(s, tu_srcdir(), &e), 0);
	assert_int_equal(demo_build(s, &o, &n, &e), 0);
	store_close(s);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM remark");
	{
		sqlite3 *h;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT id FROM staff WHERE deleted = 0"
		    " ORDER BY id LIMIT 1", -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	remark_put(db, id);
	assert_int_equal(tu_sql_int(db, sql), 1);
	assert_int_equal(store_open(db, 0, &s, &e), 0);
	assert_int_equal(record_init(&r, record_kind("staff")), 0);
	assert_int_equal(store_record_get(s, &r, id, &e), 0);
	assert_int_equal(store_record_update(s, &r, &e), 0);
	store_close(s);
	assert_int_equal(tu_sql_int(db, sql), 0);
	remark_put(db, id);
	assert_int_equal(store_open(db, 0, &s, &e), 0);
	if (store_record_delete(s, record_kind("staff"), id, r.version, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
	store_close(s);
	record_free(&r);
	assert_int_equal(tu_sql_int(db, sql), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_flipped_byte),
		cmocka_unit_test(test_package_is_not_a_receipt),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_remark_cleared),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

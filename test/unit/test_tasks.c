/* tasks: the plans' due times, the overdue rule, and loading tasks.csv into a
 * real database. sqlite3 is linked here only to look at the file independently. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

#include "socds/csv.h"
#include "socds/period.h"
#include "socds/store.h"
#include "socds/job-tasks.h"
#include "socds/job-units.h"
#include "test-util.h"

/* The plain fixture (test-util.h): a fresh folder and dir/t.db. */
struct fx {
	TU_FX_FIELDS;
};
#define setup tu_setup
#define teardown tu_teardown

/* --- the shipped CSV, read independently of tasks_load --- */

enum { C_CODE, C_PLAN, C_PARENT, C_TITLE, C_LEAD, C_COORD, C_RESULT, C_DUE, C_LEVEL, C_PROVINCE,
	C_N };

struct trow {
	char *f[C_N];
	long line;
};

struct tcsv {
	struct trow *row;
	size_t n;
};

static void
tcsv_read(struct tcsv *t)
{
	static const char *const names[C_N] = { "code", "plan", "parent", "title",
		"lead_agency", "coordinating", "expected_result", "due_text", "level", "province" };
	char path[PATH_MAX];
	struct err e = { 0 };
	FILE *fp;
	struct csv *c;

	snprintf(path, sizeof path, "%s/assets/tasks/tasks.csv", tu_srcdir());
	fp = fopen(path, "r");
	assert_non_null(fp);
	c = csv_open(fp, path, ',');
	assert_non_null(c);
	/* The header is exactly the documented one, in order. */
	assert_int_equal(csv_next(c, &e), 1);
	assert_int_equal(csv_nfields(c), C_N);
	for (int i = 0; i < C_N; i++)
		assert_string_equal(csv_field(c, (size_t)i), names[i]);
	memset(t, 0, sizeof *t);
	while (csv_next(c, &e) == 1) {
		t->row = realloc(t->row, (t->n + 1) * sizeof *t->row);
		assert_non_null(t->row);
		assert_int_equal(csv_nfields(c), C_N);
		for (int i = 0; i < C_N; i++)
			t->row[t->n].f[i] = strdup(csv_field(c, (size_t)i));
		t->row[t->n].line = csv_line(c);
		t->n++;
	}
	assert_int_equal(e.code, 0);
	csv_free(c);
	fclose(fp);
}

static void
tcsv_free(struct tcsv *t)
{
	for (size_t i = 0; i < t->n; i++)
		for (int j = 0; j < C_N; j++)
			free(t->row[i].f[j]);
	free(t->row);
}

/* One text value from an independent, read-only connection ("" for NULL). */
static char *
sql_text(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char *v = NULL;

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		v = strdup(t != NULL ? t : "");
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	assert_non_null(v);
	return v;
}

/* The whole task table as one string, to compare two states. */
static char *
task_dump(const char *db)
{
	return sql_text(db, "SELECT count(*) || ':' || coalesce(group_concat(r, char(10)), '')"
	    " FROM (SELECT quote(code) || quote(title) || quote(lead_agency) ||"
	    " quote(coordinating) || quote(expected_result) || quote(due_text) ||"
	    " quote(due_start) || quote(due_end) || quote(level) || quote(source) AS r"
	    " FROM task ORDER BY code)");
}

#define slurp tu_slurp		/* test-util.h */

/* --- due_parse --- */

struct due_case {
	const char *text;
	enum due_kind kind;
	const char *start, *end;
};

static void
test_due_cases(void **state)
{
	(void)state;
	static const struct due_case cases[] = {
		{ "Năm 2024", DUE_ONCE, "2024-01-01", "2024-12-31" },
		{ "NĂM 2024", DUE_ONCE, "2024-01-01", "2024-12-31" },
		{ "  năm   2024. ", DUE_ONCE, "2024-01-01", "2024-12-31" },
		{ "2025", DUE_ONCE, "2025-01-01", "2025-12-31" },
		{ "Trong năm 2024", DUE_ONCE, "2024-01-01", "2024-12-31" },
		{ "Thời gian hoàn thành: Năm 2024.", DUE_ONCE, "2024-01-01", "2024-12-31" },
		{ "Quý I/2024", DUE_ONCE, "2024-01-01", "2024-03-31" },
		{ "Quý II/2024", DUE_ONCE, "2024-04-01", "2024-06-30" },
		{ "Quý III/2024", DUE_ONCE, "2024-07-01", "2024-09-30" },
		{ "Quý IV/2024", DUE_ONCE, "2024-10-01", "2024-12-31" },
		{ "Quý 3 năm 2024", DUE_ONCE, "2024-07-01", "2024-09-30" },
		{ "Quý III /2024.", DUE_ONCE, "2024-07-01", "2024-09-30" },	/* Quảng Nam */
		{ "Tháng Quý IV/2024.", DUE_ONCE, "2024-10-01", "2024-12-31" },	/* sic */
		/* Decomposed input (combining tone marks), as some keyboards send it. */
		{ "Quy\xcc\x81 III/2024", DUE_ONCE, "2024-07-01", "2024-09-30" },
		{ "Tháng 6/2024", DUE_ONCE, "2024-06-01", "2024-06-30" },
		{ "Tháng 02/2024", DUE_ONCE, "2024-02-01", "2024-02-29" },
		{ "tháng 2 năm 2025", DUE_ONCE, "2025-02-01", "2025-02-28" },
		{ "6 tháng đầu năm 2024", DUE_ONCE, "2024-01-01", "2024-06-30" },
		{ "6 tháng cuối năm 2024", DUE_ONCE, "2024-07-01", "2024-12-31" },
		{ "2024-2025", DUE_ONCE, "2024-01-01", "2025-12-31" },
		{ "Năm 2024-2025", DUE_ONCE, "2024-01-01", "2025-12-31" },
		{ "Năm 2024-2025.", DUE_ONCE, "2024-01-01", "2025-12-31" },	/* Tây Ninh */
		{ "2024 - 2025", DUE_ONCE, "2024-01-01", "2025-12-31" },
		{ "2024 – 2025", DUE_ONCE, "2024-01-01", "2025-12-31" },	/* en dash */
		{ "Giai đoạn 2024 - 2025", DUE_ONCE, "2024-01-01", "2025-12-31" },
		{ "Từ năm 2024 đến năm 2025", DUE_ONCE, "2024-01-01", "2025-12-31" },
		{ "Năm 2024 đến năm 2026", DUE_ONCE, "2024-01-01", "2026-12-31" },
		{ "Trước 30/6/2024", DUE_ONCE, "", "2024-06-30" },
		{ "Trước ngày 31/12/2024", DUE_ONCE, "", "2024-12-31" },
		{ "Trước 29/02/2024", DUE_ONCE, "", "2024-02-29" },
		{ "Đến ngày 15/10/2024", DUE_ONCE, "", "2024-10-15" },
		{ "Đến năm 2025", DUE_ONCE, "", "2025-12-31" },
		{ "Hàng năm", DUE_YEARLY, "", "" },
		{ "hàng năm", DUE_YEARLY, "", "" },
		{ "Hằng năm", DUE_YEARLY, "", "" },
		{ "Hàng năm từ năm 2025", DUE_YEARLY, "2025-01-01", "" },
		{ "Năm 2024 và các năm tiếp theo", DUE_YEARLY, "2024-01-01", "" },
		{ "Thường xuyên", DUE_ONGOING, "", "" },
		{ "Thường xuyên.", DUE_ONGOING, "", "" },
		{ "Thường xuyên từ năm 2024.", DUE_ONGOING, "2024-01-01", "" },	/* Tây Ninh */
		{ "Thời gian thực hiện: Thường xuyên.", DUE_ONGOING, "", "" },	/* Quảng Nam */
		{ "Từ năm 2024", DUE_ONGOING, "2024-01-01", "" },
		{ "Từ 2024", DUE_ONGOING, "2024-01-01", "" },
		/* Tây Ninh 6: when the ministry's guidance says, no date of its own. */
		{ "Theo hướng dẫn của Bộ Thông tin và Truyền thông", DUE_ONGOING, "", "" },
		{ "Theo hướng dẫn của Bộ Thông tin và Truyền thông.", DUE_ONGOING, "", "" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct due d;
		struct err e = { 0 };
		int rc = due_parse(cases[i].text, &d, &e);
		if (rc != 0)
			fail_msg("'%s': %s", cases[i].text, e.msg);
		if (d.kind != cases[i].kind || strcmp(d.start, cases[i].start) != 0 ||
		    strcmp(d.end, cases[i].end) != 0)
			fail_msg("'%s': kind %d %s..%s, expected %d %s..%s", cases[i].text,
			    (int)d.kind, d.start, d.end, (int)cases[i].kind, cases[i].start,
			    cases[i].end);
	}
}

static void
test_due_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "   ", ".", "Theo hướng dẫn", "Khi có yêu cầu",
		"Quý V/2024", "Quý 0/2024", "Quý III", "Quý III/24", "Tháng 13/2024",
		"Tháng 0/2024", "Trước 31/2/2024", "Trước 29/2/2025", "Trước 30/6",
		"Trước năm 2025", "2025-2024", "Năm 24", "Năm 20240", "Năm 2024 abc",
		"Hàng năm 2024", "Thường xuyên từ", "Năm 2024 và", "Từ năm 2025 đến năm 2024",
		"5 tháng đầu năm 2024", "Năm 1800", "2024-2025-2026",
		"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 2024",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct due d;
		struct err e = { 0 };
		if (due_parse(bad[i], &d, &e) != ERR_INVALID)
			fail_msg("'%s' was accepted: kind %d %s..%s", bad[i], (int)d.kind,
			    d.start, d.end);
		assert_int_equal(e.code, ERR_INVALID);
		if (strstr(e.msg, bad[i]) == NULL)
			fail_msg("'%s': the message does not name it: %s", bad[i], e.msg);
		assert_string_equal(d.start, "");
		assert_string_equal(d.end, "");
	}
	struct due d;
	struct err e = { 0 };
	assert_int_equal(due_parse(NULL, &d, &e), ERR_INVALID);
	/* Invalid UTF-8 is refused, not misread. */
	assert_int_equal(due_parse("N\xe4m 2024", &d, &e), ERR_INVALID);
}

/* Every due time the shipped list holds parses; the ones the appendices use
 * mean what they say. */
static void
test_due_every_csv_row_parses(void **state)
{
	(void)state;
	struct tcsv t;
	int with_due = 0;

	tcsv_read(&t);
	assert_true(t.n > 0);
	for (size_t i = 0; i < t.n; i++) {
		const struct trow *r = &t.row[i];
		struct due d;
		struct err e = { 0 };
		if (r->f[C_DUE][0] == '\0')
			continue;
		with_due++;
		if (due_parse(r->f[C_DUE], &d, &e) != 0)
			fail_msg("tasks.csv:%ld (%s): %s", r->line, r->f[C_CODE], e.msg);
		if (strcmp(r->f[C_DUE], "Năm 2024") == 0) {
			assert_int_equal(d.kind, DUE_ONCE);
			assert_string_equal(d.start, "2024-01-01");
			assert_string_equal(d.end, "2024-12-31");
		}
		if (strcmp(r->f[C_DUE], "Hàng năm") == 0)
			assert_int_equal(d.kind, DUE_YEARLY);
	}
	assert_true(with_due > 0);
	tcsv_free(&t);
}

/* --- due_overdue --- */

static struct due
due_of(const char *text)
{
	struct due d;
	struct err e = { 0 };
	if (due_parse(text, &d, &e) != 0)
		fail_msg("%s", e.msg);
	return d;
}

static void
test_overdue_once(void **state)
{
	(void)state;
	struct due d = due_of("Năm 2024");

	assert_false(due_overdue(&d, "not_started", "2024-06-15"));
	assert_false(due_overdue(&d, "not_started", "2024-12-31"));
	assert_true(due_overdue(&d, "not_started", "2025-01-01"));
	assert_true(due_overdue(&d, "in_progress", "2026-03-01"));
	assert_true(due_overdue(&d, NULL, "2025-01-01"));
	assert_true(due_overdue(&d, "", "2025-01-01"));
	assert_false(due_overdue(&d, "done", "2025-01-01"));
	assert_false(due_overdue(&d, "cancelled", "2025-01-01"));

	d = due_of("Quý III/2024");
	assert_false(due_overdue(&d, "in_progress", "2024-09-30"));
	assert_true(due_overdue(&d, "in_progress", "2024-10-01"));

	d = due_of("Trước 30/6/2024");
	assert_false(due_overdue(&d, "not_started", "2024-06-30"));
	assert_true(due_overdue(&d, "not_started", "2024-07-01"));

	d = due_of("2024-2025");
	assert_false(due_overdue(&d, "not_started", "2025-12-31"));
	assert_true(due_overdue(&d, "not_started", "2026-01-01"));

	/* A date that is not yyyy-mm-dd never makes anything overdue. */
	d = due_of("Năm 2024");
	assert_false(due_overdue(&d, "not_started", "01/01/2025"));
	assert_false(due_overdue(&d, "not_started", "2025-1-1"));
	assert_false(due_overdue(&d, "not_started", NULL));
	assert_false(due_overdue(NULL, "not_started", "2025-01-01"));
}

static void
test_overdue_yearly(void **state)
{
	(void)state;
	struct due d = due_of("Hàng năm");

	assert_false(due_overdue(&d, "not_started", "2024-01-01"));
	assert_false(due_overdue(&d, "in_progress", "2024-11-30"));
	assert_true(due_overdue(&d, "in_progress", "2024-12-01"));
	assert_true(due_overdue(&d, "not_started", "2024-12-31"));
	assert_false(due_overdue(&d, "not_started", "2025-01-01"));
	assert_true(due_overdue(&d, "not_started", "2030-12-15"));
	assert_false(due_overdue(&d, "done", "2024-12-15"));
	assert_false(due_overdue(&d, "cancelled", "2024-12-15"));

	/* Not before the year it starts in. */
	d = due_of("Năm 2025 và các năm tiếp theo");
	assert_false(due_overdue(&d, "not_started", "2024-12-15"));
	assert_true(due_overdue(&d, "not_started", "2025-12-15"));
}

static void
test_overdue_ongoing(void **state)
{
	(void)state;
	struct due d = due_of("Thường xuyên");

	assert_false(due_overdue(&d, "not_started", "2024-12-31"));
	assert_false(due_overdue(&d, "not_started", "2099-12-31"));
	d = due_of("Thường xuyên từ năm 2024");
	assert_false(due_overdue(&d, "in_progress", "2099-12-31"));
	d = due_of("Từ năm 2024");
	assert_false(due_overdue(&d, "in_progress", "2099-12-31"));
}

/* --- the shipped list --- */

static bool
has(const char *s, const char *a, const char *b)
{
	return strstr(s, a) != NULL || strstr(s, b) != NULL;
}

/* The rows keep the documented rules: codes are the plan prefix and TT number,
 * a sub-row's parent is its group, and `level` follows the agencies. */
/* The shipped plans: prefix, plan id, province (GSO code in 2024), rows. */
static const struct {
	const char *prefix, *plan, *province;
	int rows;
} plans[] = {
	{ "BD-", "binhdinh-1690-2024", "52", 21 },
	{ "NA-", "nghean-1690-2024", "40", 21 },
	{ "QN-", "quangnam-1690-2024", "49", 11 },
	{ "TN-", "tayninh-1690-2024", "72", 22 },
	/* The commune's own yearly duties, of no one province's plan. */
	{ "XA-", "commune-duties", "", 3 },
};
#define NPLANS ((int)(sizeof plans / sizeof plans[0]))

/* The level rule of SOURCE.md, written again from the words as the plans
 * write them (not folded), to check both the file and tasks_level_derive. */
static unsigned
level_from_words(const struct trow *r)
{
	char agencies[2048];
	const char *t = r->f[C_TITLE], *lead = r->f[C_LEAD];
	unsigned lv = 0;

	if (has(t, "Trình UBND tỉnh", "Trình HĐND tỉnh") || has(t, "đoàn công tác", "Đoàn công tác"))
		return 1;
	snprintf(agencies, sizeof agencies, "%s | %s", lead, r->f[C_COORD]);
	if (has(agencies, "địa phương", "Địa phương"))
		lv |= 2 | 4;
	if (has(agencies, "cấp huyện", "các huyện"))
		lv |= 2;
	if (has(agencies, "cấp xã", "các xã"))
		lv |= 4;
	if (has(lead, "Sở", "tỉnh"))
		lv |= 1;
	if (has(lead, "các cấp", "các cấp"))
		lv |= 7;
	return lv != 0 ? lv : 1;
}

static void
level_name(unsigned lv, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s%s%s", lv & 1 ? "province" : "",
	    (lv & 1) && (lv & 6) ? "," : "", lv & 2 ? "district" : "",
	    (lv & 2) && (lv & 4) ? "," : "", lv & 4 ? "commune" : "");
}

static void
test_csv_rules(void **state)
{
	(void)state;
	struct tcsv t;
	int count[NPLANS] = { 0 };

	tcsv_read(&t);
	for (size_t i = 0; i < t.n; i++) {
		const struct trow *r = &t.row[i];
		const char *code = r->f[C_CODE], *dot = strrchr(code, '.');
		char want[48], derived[48];
		bool leaf = true, action = false;
		unsigned lv = 0;
		int p = -1;

		for (int j = 0; j < NPLANS; j++)
			if (strcmp(r->f[C_PLAN], plans[j].plan) == 0)
				p = j;
		if (p < 0)
			fail_msg("%s: unknown plan %s", code, r->f[C_PLAN]);
		assert_memory_equal(code, plans[p].prefix, 3);
		assert_string_equal(r->f[C_PROVINCE], plans[p].province);
		count[p]++;
		assert_true(r->f[C_TITLE][0] != '\0');
		/* The parent is the code up to the last dot. */
		if (dot == NULL)
			assert_string_equal(r->f[C_PARENT], "");
		else {
			assert_int_equal(strlen(r->f[C_PARENT]), (size_t)(dot - code));
			assert_memory_equal(r->f[C_PARENT], code, (size_t)(dot - code));
		}
		for (size_t j = 0; j < t.n; j++)
			if (strcmp(t.row[j].f[C_PARENT], code) == 0) {
				leaf = false;
				/* A group concerns the units its sub-rows concern. */
				for (size_t k = 0; k < t.n; k++)
					if (strcmp(t.row[k].f[C_CODE], t.row[j].f[C_CODE]) == 0)
						lv |= (strstr(t.row[k].f[C_LEVEL], "province") ? 1u : 0u) |
						    (strstr(t.row[k].f[C_LEVEL], "district") ? 2u : 0u) |
						    (strstr(t.row[k].f[C_LEVEL], "commune") ? 4u : 0u);
			}
		if (!leaf) {	/* a heading: its own text, no agencies, no due time */
			assert_string_equal(r->f[C_LEAD], "");
			assert_string_equal(r->f[C_DUE], "");
		} else {
			assert_true(r->f[C_LEAD][0] != '\0');
			/* Tây Ninh 7 alone gives no time. */
			if (strcmp(code, "TN-7") != 0)
				assert_true(r->f[C_DUE][0] != '\0');
			lv = level_from_words(r);
			assert_int_equal(tasks_level_derive(r->f[C_TITLE], r->f[C_LEAD],
			    r->f[C_COORD], derived, sizeof derived, &action), 0);
			level_name(lv, want, sizeof want);
			if (strcmp(derived, want) != 0)
				fail_msg("%s: the rule table gives %s, the words %s", code, derived, want);
		}
		level_name(lv, want, sizeof want);
		if (strcmp(r->f[C_LEVEL], want) != 0)
			fail_msg("%s: level %s, the rule gives %s", code, r->f[C_LEVEL], want);
	}
	for (int j = 0; j < NPLANS; j++)
		if (count[j] != plans[j].rows)
			fail_msg("%s: %d rows, expected %d", plans[j].plan, count[j], plans[j].rows);
	tcsv_free(&t);
}

/* The rule table on the cases that matter: provincial actions stay at the
 * province whoever coordinates; the district committee's task is the
 * district's; "địa phương" is the districts and communes. */
static void
test_level_rules(void **state)
{
	(void)state;
	static const struct {
		const char *title, *lead, *coord, *want;
		bool action;
	} cases[] = {
		{ "Trình UBND tỉnh ban hành quy định", "Sở Thông tin và Truyền thông",
		  "Các sở, ban, ngành, địa phương", "province", true },
		{ "Trình HĐND tỉnh ban hành nghị quyết", "Sở Thông tin và Truyền thông",
		  "Các sở, ban, ngành, địa phương", "province", true },
		{ "Tổ chức các đoàn công tác học tập kinh nghiệm", "Sở Thông tin và Truyền thông",
		  "Các sở, ban, ngành, địa phương", "province", true },
		{ "Kiện toàn phòng Văn hóa - Thông tin cấp huyện", "UBND cấp huyện",
		  "Sở Nội vụ, Sở Thông tin và Truyền thông", "district", false },
		{ "Tổ chức hội thảo", "Sở Thông tin và Truyền thông",
		  "Các sở, ban, ngành, địa phương", "province,district,commune", false },
		{ "Tăng cường", "UBND các xã, phường, thị trấn",
		  "Sở Nội vụ, UBND các huyện, thị xã, thành phố", "district,commune", false },
		/* "thị xã" is a district, not a commune. */
		{ "Phổ biến", "Sở Thông tin và Truyền thông", "UBND các huyện, thị xã, thành phố",
		  "province,district", false },
		{ "Ban hành chương trình", "Văn phòng UBND tỉnh", "Công an tỉnh", "province", false },
		{ "Việc", "", "", "province", false },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[48];
		bool action = !cases[i].action;
		assert_int_equal(tasks_level_derive(cases[i].title, cases[i].lead, cases[i].coord,
		    out, sizeof out, &action), 0);
		if (strcmp(out, cases[i].want) != 0 || action != cases[i].action)
			fail_msg("case %zu: %s (action %d), expected %s (%d)", i, out, action,
			    cases[i].want, cases[i].action);
	}
}

/* --- tasks_load --- */

static void
test_load_into_database(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	struct tcsv t;
	char sql[256], *v;

	tcsv_read(&t);
	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), 0);
	if (tasks_load(s, tu_srcdir(), &e) != 0)
		fail_msg("%s", e.msg);
	store_close(s);

	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM task"), (int64_t)t.n);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(DISTINCT code) FROM task"),
	    (int64_t)t.n);
	for (size_t i = 0; i < t.n; i++) {
		const struct trow *r = &t.row[i];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM task WHERE code = '%s'",
		    r->f[C_CODE]);
		assert_int_equal(tu_sql_int(f->db, sql), 1);
		if (r->f[C_PARENT][0] != '\0') {
			snprintf(sql, sizeof sql, "SELECT count(*) FROM task WHERE code = '%s'",
			    r->f[C_PARENT]);
			if (tu_sql_int(f->db, sql) != 1)
				fail_msg("%s: parent %s not loaded", r->f[C_CODE], r->f[C_PARENT]);
		}
		/* Every column as the file has it (NULL for empty). */
		snprintf(sql, sizeof sql, "SELECT coalesce(title, '') || char(9) ||"
		    " coalesce(expected_result, '') || char(9) || coalesce(level, '') ||"
		    " char(9) || coalesce(source, '') FROM task WHERE code = '%s'",
		    r->f[C_CODE]);
		v = sql_text(f->db, sql);
		char want[4096];
		snprintf(want, sizeof want, "%s\t%s\t%s\t%s", r->f[C_TITLE], r->f[C_RESULT],
		    r->f[C_LEVEL], r->f[C_PLAN]);
		assert_string_equal(v, want);
		free(v);
	}
	/* Due bounds computed from the text. */
	v = sql_text(f->db, "SELECT due_start || '..' || due_end FROM task WHERE code = 'BD-1.1'");
	assert_string_equal(v, "2024-01-01..2024-12-31");
	free(v);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM task WHERE code = 'NA-3.1'"
	    " AND due_text = 'Hàng năm' AND due_start IS NULL AND due_end IS NULL"), 1);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM task WHERE code = 'BD-1'"
	    " AND due_text IS NULL AND lead_agency IS NULL AND level = 'province,district'"), 1);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM task WHERE code = 'BD-1.2'"
	    " AND lead_agency = 'UBND cấp huyện' AND level = 'district'"), 1);
	/* Provincial actions stay at the province. */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM task WHERE code IN ('BD-5.1',"
	    " 'BD-6.2', 'NA-5.1', 'NA-6.2') AND level = 'province'"), 4);
	assert_int_equal(tu_sql_int(f->db,
	    "SELECT count(*) FROM task WHERE source = 'quangnam-1690-2024' AND province_code = '49'"),
	    11);
	assert_int_equal(tu_sql_int(f->db,
	    "SELECT count(*) FROM task WHERE source = 'tayninh-1690-2024' AND province_code = '72'"),
	    22);
	assert_int_equal(tu_sql_int(f->db,
	    "SELECT count(*) FROM task WHERE source = 'binhdinh-1690-2024'"), 21);
	assert_int_equal(tu_sql_int(f->db,
	    "SELECT count(*) FROM task WHERE source = 'nghean-1690-2024'"), 21);
	/* Once-only tasks have both bounds; group rows have neither. */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM task WHERE due_text = 'Năm 2024'"
	    " AND (due_start IS NULL OR due_end IS NULL)"), 0);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM task WHERE due_text IS NULL"
	    " AND (due_start IS NOT NULL OR due_end IS NOT NULL)"), 0);
	tcsv_free(&t);
}

static void
test_load_twice_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	size_t l1, l2;

	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), 0);
	assert_int_equal(tasks_load(s, tu_srcdir(), &e), 0);
	store_close(s);
	char *dump1 = task_dump(f->db);
	char *before = slurp(f->db, &l1);

	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(tasks_load(s, tu_srcdir(), &e), 0);
	store_close(s);
	char *dump2 = task_dump(f->db);
	char *after = slurp(f->db, &l2);

	assert_string_equal(dump1, dump2);
	/* Not one page written: the file is byte for byte the same. */
	assert_int_equal(l1, l2);
	assert_memory_equal(before, after, l1);
	free(dump1);
	free(dump2);
	free(before);
	free(after);
}

/* A datadir holding only assets/tasks/tasks.csv with `text`. */
static void
write_tasks(const struct fx *f, const char *text)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof path, "%s/data", f->dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/data/assets", f->dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/data/assets/tasks", f->dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/data/assets/tasks/tasks.csv", f->dir);
	tu_write(path, text, strlen(text));
}

#define HEADER "code,plan,parent,title,lead_agency,coordinating,expected_result,due_text,level\n"

static void
test_load_errors_name_line_and_write_nothing(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char data[PATH_MAX + 8];
	static const struct {
		const char *csv, *line, *says;
	} bad[] = {
		{ HEADER "X-1,p,,Nhóm,,,,,province\n"
		  "X-1.1,p,X-1,Việc,Sở A,,,Khi có yêu cầu,province\n",
		  "tasks.csv:3:", "Khi có yêu cầu" },
		{ HEADER "X-1,p,,Nhóm,,,,,province\n"
		  "X-1.1,p,X-2,Việc,Sở A,,,Năm 2024,province\n"
		  "X-2,p,,Nhóm 2,,,,,province\n",
		  "tasks.csv:3:", "X-2" },
		{ HEADER "X-1,p,,Nhóm,,,,,province\n"
		  "X-1,p,,Nhóm lại,,,,,province\n",
		  "tasks.csv:3:", "X-1" },
		{ HEADER "X-1,p,,Nhóm,,,,,village\n",
		  "tasks.csv:2:", "village" },
		{ HEADER "X-1,p,,,,,,,province\n",
		  "tasks.csv:2:", "" },
		{ "code,plan,parent,title,lead_agency,coordinating,expected_result,level\n"
		  "X-1,p,,Nhóm,,,,province\n",
		  "tasks.csv:1:", "due_text" },
		{ "", "tasks.csv", "" },
	};

	snprintf(data, sizeof data, "%s/data", f->dir);
	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_tasks(f, bad[i].csv);
		if (tasks_load(s, data, &e) == 0)
			fail_msg("case %zu was accepted", i);
		if (strstr(e.msg, bad[i].line) == NULL || strstr(e.msg, bad[i].says) == NULL)
			fail_msg("case %zu: '%s' lacks '%s' or '%s'", i, e.msg, bad[i].line,
			    bad[i].says);
	}
	/* A missing file is an I/O error naming it. */
	snprintf(data, sizeof data, "%s/nowhere", f->dir);
	assert_int_equal(tasks_load(s, data, &e), ERR_IO);
	assert_non_null(strstr(e.msg, "nowhere"));
	store_close(s);
	/* The good rows before each bad one were rolled back. */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM task"), 0);
}

static void
test_load_updates_and_cleans(void **state)
{
	struct fx *f = *state;
	struct store *s;
	struct err e = { 0 };
	char data[PATH_MAX + 8], *v;

	snprintf(data, sizeof data, "%s/data", f->dir);
	/* Decomposed Vietnamese, spaces around fields, CRLF, a blank last line. */
	write_tasks(f, HEADER
	    "X-1,p,, Nhóm   một ,,,,,district\r\n"
	    "X-1.1,p,X-1,\"Kiê\xcc\x89m tra, \"\"đôn đốc\"\"\",UBND cấp huyện,,,Quý 3 năm 2024,district\r\n"
	    "\r\n");
	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), 0);
	if (tasks_load(s, data, &e) != 0)
		fail_msg("%s", e.msg);
	store_close(s);
	v = sql_text(f->db, "SELECT title || '|' || due_start || '|' || due_end FROM task"
	    " WHERE code = 'X-1.1'");
	assert_string_equal(v, "Kiểm tra, \"đôn đốc\"|2024-07-01|2024-09-30");
	free(v);
	v = sql_text(f->db, "SELECT title FROM task WHERE code = 'X-1'");
	assert_string_equal(v, "Nhóm   một");
	free(v);

	/* A changed row is updated in place, by code; nothing is deleted. */
	write_tasks(f, HEADER "X-1,p,,Nhóm một,,,,,district\n"
	    "X-1.1,p,X-1,Kiểm tra,UBND cấp huyện,,,Năm 2025,district\n");
	assert_int_equal(store_open(f->db, 0, &s, &e), 0);
	assert_int_equal(tasks_load(s, data, &e), 0);
	write_tasks(f, HEADER "X-2,p,,Nhóm hai,,,,,province\n");
	assert_int_equal(tasks_load(s, data, &e), 0);
	store_close(s);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM task"), 3);
	v = sql_text(f->db, "SELECT title || '|' || due_start || '|' || due_end FROM task"
	    " WHERE code = 'X-1.1'");
	assert_string_equal(v, "Kiểm tra|2025-01-01|2025-12-31");
	free(v);
}

/* --- which tasks concern which unit (tasks_list on the shipped lists) --- */

#define MAXSEEN 64

struct seen {
	int n;
	char code[MAXSEEN][24], status[MAXSEEN][16], due[MAXSEEN][64];
	bool overdue[MAXSEEN], yearly[MAXSEEN], has_progress[MAXSEEN];
};

static int
seen_take(const struct task_row *t, void *arg)
{
	struct seen *v = arg;

	assert_true(v->n < MAXSEEN);
	snprintf(v->code[v->n], sizeof v->code[0], "%s", t->code);
	snprintf(v->status[v->n], sizeof v->status[0], "%s", t->status);
	snprintf(v->due[v->n], sizeof v->due[0], "%s", t->due_text);
	v->overdue[v->n] = t->overdue;
	v->yearly[v->n] = t->yearly;
	v->has_progress[v->n] = t->progress_id != NULL;
	v->n++;
	return 0;
}

static struct seen
seen_of(struct store *s, const char *unit, const char *level, const char *asof)
{
	struct seen v;
	struct err e = { 0 };

	memset(&v, 0, sizeof v);
	if (tasks_list(s, unit, level, asof, seen_take, &v, &e) != 0)
		fail_msg("%s: %s", unit, e.msg);
	return v;
}

static int
seen_at(const struct seen *v, const char *code)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->code[i], code) == 0)
			return i;
	return -1;
}

static int
seen_overdue(const struct seen *v)
{
	int n = 0;
	for (int i = 0; i < v->n; i++)
		n += v->overdue[i];
	return n;
}

static struct store *
open_loaded(struct fx *f)
{
	struct store *s;
	struct err e = { 0 };

	assert_int_equal(store_open(f->db, STORE_CREATE, &s, &e), 0);
	if (units_load(s, tu_srcdir(), &e) != 0 || tasks_load(s, tu_srcdir(), &e) != 0)
		fail_msg("%s", e.msg);
	return s;
}

/* A commune formed on 1 July 2025 (Phường An Nhơn, Gia Lai, 21910: the code
 * of old Phường Đập Đá, on old Bình Định's land): no task due before it existed, no provincial action, never overdue
 * on a 2024 task; its yearly tasks are overdue in December only. */
static void
test_concern_commune_2025(void **state)
{
	struct store *s = open_loaded(*state);
	struct seen v = seen_of(s, "21910", "commune", "2026-06-15");
	struct err e = { 0 };

	assert_true(v.n > 0);
	for (int i = 0; i < v.n; i++) {
		struct due d;
		assert_int_equal(due_parse(v.due[i], &d, &e), 0);
		if (d.end[0] != '\0' && strcmp(d.end, "2025-07-01") < 0)
			fail_msg("%s (%s) is due before the commune was formed", v.code[i], v.due[i]);
		/* Bình Định's plan, and the commune's own duties. */
		if (strncmp(v.code[i], "XA-", 3) != 0)
			assert_memory_equal(v.code[i], "BD-", 3);
	}
	for (size_t i = 0; i < 4; i++) {
		static const char *const not[] = { "BD-1.2", "BD-5.1", "BD-6.2", "BD-1.1" };
		if (seen_at(&v, not[i]) >= 0)
			fail_msg("%s concerns the commune", not[i]);
	}
	assert_true(seen_at(&v, "BD-3.1") >= 0);
	assert_int_equal(seen_overdue(&v), 0);
	v = seen_of(s, "21910", "commune", "2026-12-15");
	for (int i = 0; i < v.n; i++)
		assert_int_equal(v.overdue[i], v.yearly[i]);
	assert_true(seen_overdue(&v) > 0);
	/* Đà Nẵng's commune on old Quảng Nam's land: Quảng Nam's commune tasks
	 * were all due in 2024, before it. */
	v = seen_of(s, "20575", "commune", "2026-12-15");
	for (int i = 0; i < v.n; i++)
		if (strncmp(v.code[i], "QN-", 3) == 0)
			fail_msg("%s (%s) concerns a commune formed in 2025", v.code[i], v.due[i]);
	/* Tây Ninh's new commune tracks old Tây Ninh's (72) ongoing commune tasks. */
	v = seen_of(s, "25732", "commune", "2026-12-15");
	assert_true(seen_at(&v, "TN-2.3") >= 0);
	assert_true(seen_at(&v, "TN-1") < 0);
	/* None overdue but the commune's own yearly duties (December). */
	for (int i = 0; i < v.n; i++)
		if (v.overdue[i] && strncmp(v.code[i], "XA-", 3) != 0)
			fail_msg("%s is overdue", v.code[i]);
	assert_true(seen_at(&v, "XA-1") >= 0);
	store_close(s);
}

/* The province: its provincial actions, its 2024 tasks overdue when not done,
 * and none of the district's own tasks. A merged province carries its
 * predecessor's plan (Tây Ninh 80 ← 72). */
static void
test_concern_province(void **state)
{
	struct store *s = open_loaded(*state);
	struct seen v = seen_of(s, "52", "province", "2026-06-15");
	int at;

	assert_true(seen_at(&v, "BD-5.1") >= 0);
	assert_true(seen_at(&v, "BD-6.2") >= 0);
	assert_true((at = seen_at(&v, "BD-1.1")) >= 0);
	assert_true(v.overdue[at]);
	assert_true(seen_at(&v, "BD-1.2") < 0);
	assert_true(seen_at(&v, "NA-5.1") < 0);
	v = seen_of(s, "80", "province", "2026-06-15");
	assert_true(seen_at(&v, "TN-1") >= 0);
	assert_true(seen_at(&v, "TN-2.2.a") < 0);	/* the districts' */
	v = seen_of(s, "40", "province", "2026-06-15");
	assert_true(seen_at(&v, "NA-5.1") >= 0);
	assert_true(seen_at(&v, "BD-5.1") < 0);
	store_close(s);
}

/* An old district database (Huyện Phù Cát, ended 1 July 2025) and an old
 * commune of it: the district's own 2024 tasks; after it ended it stands as
 * on its last day, so its yearly tasks are not overdue in December 2026. */
static void
test_concern_old_units(void **state)
{
	struct store *s = open_loaded(*state);
	struct seen v = seen_of(s, "548", "district", "2024-12-20");
	int at;

	assert_true((at = seen_at(&v, "BD-1.2")) >= 0);
	assert_false(v.overdue[at]);			/* due by 31/12/2024 */
	assert_true((at = seen_at(&v, "BD-3.1")) >= 0);
	assert_true(v.overdue[at]);			/* yearly, December */
	assert_true(seen_at(&v, "BD-5.1") < 0);
	v = seen_of(s, "548", "district", "2026-12-15");
	assert_true((at = seen_at(&v, "BD-1.2")) >= 0);
	assert_true(v.overdue[at]);
	assert_true((at = seen_at(&v, "BD-3.1")) >= 0);
	assert_false(v.overdue[at]);
	/* An old commune: not the district's task, nor a provincial action. */
	v = seen_of(s, "21856", "commune", "2024-12-20");
	assert_true(seen_at(&v, "BD-1.2") < 0);
	assert_true(seen_at(&v, "BD-6.2") < 0);
	assert_true(seen_at(&v, "BD-3.1") >= 0);
	/* An old Quảng Nam commune tracks Quảng Nam's commune tasks. */
	v = seen_of(s, "20338", "commune", "2024-10-01");
	assert_true((at = seen_at(&v, "QN-2")) >= 0);
	assert_true(v.overdue[at]);			/* Quý III/2024 */
	assert_true(seen_at(&v, "QN-6") >= 0);
	assert_true(seen_at(&v, "QN-1") < 0);
	store_close(s);
}

static void
put_progress(const char *db, const char *id, const char *unit, const char *task,
    const char *status, const char *evidence, const char *made)
{
	sqlite3 *h;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "INSERT INTO task_progress(id, unit_code,"
	    " created_at, updated_at, task_code, status, evidence_date)"
	    " VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, made, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, task, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
	if (evidence != NULL)
		sqlite3_bind_text(st, 6, evidence, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

/* A yearly task done in 2025 is not done in 2026; a once task stays done. */
static void
test_yearly_status_per_year(void **state)
{
	struct fx *f = *state;
	struct store *s = open_loaded(f);
	struct seen v;
	int at;

	store_close(s);
	put_progress(f->db, "00000000-0000-7000-8000-000000000001", "52", "BD-3.1", "done",
	    "2025-05-10", "2025-05-12T08:00:00Z");
	put_progress(f->db, "00000000-0000-7000-8000-000000000002", "52", "BD-1.1", "done",
	    "2024-11-02", "2024-11-05T08:00:00Z");
	/* Recorded in 2026 without evidence: counts for 2026 (its creation year). */
	put_progress(f->db, "00000000-0000-7000-8000-000000000003", "52", "BD-4.1",
	    "in_progress", NULL, "2026-03-01T08:00:00Z");
	assert_int_equal(store_open(f->db, 0, &s, &(struct err){ 0 }), 0);

	v = seen_of(s, "52", "province", "2025-12-15");
	assert_true((at = seen_at(&v, "BD-3.1")) >= 0);
	assert_string_equal(v.status[at], "done");
	assert_false(v.overdue[at]);
	assert_true(v.has_progress[at]);
	assert_true((at = seen_at(&v, "BD-4.1")) >= 0);
	assert_string_equal(v.status[at], "not_started");
	assert_true(v.overdue[at]);

	v = seen_of(s, "52", "province", "2026-12-15");
	assert_true((at = seen_at(&v, "BD-3.1")) >= 0);
	assert_string_equal(v.status[at], "not_started");
	assert_true(v.overdue[at]);
	assert_false(v.has_progress[at]);	/* Enter starts 2026's record */
	assert_true((at = seen_at(&v, "BD-4.1")) >= 0);
	assert_string_equal(v.status[at], "in_progress");
	assert_true((at = seen_at(&v, "BD-1.1")) >= 0);	/* once: done stays done */
	assert_string_equal(v.status[at], "done");
	assert_false(v.overdue[at]);
	store_close(s);
}

/* tasks_count, the one count of the report, the dashboard and the home
 * screen: the same tasks as tasks_list, its parts adding up. */
static void
test_count_agrees_with_list(void **state)
{
	struct store *s = open_loaded(*state);
	static const char *const cases[][3] = { { "52", "province", "2026-06-15" },
		{ "21910", "commune", "2026-12-15" }, { "548", "district", "2024-12-20" },
		{ "20338", "commune", "2024-10-01" } };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct seen v = seen_of(s, cases[i][0], cases[i][1], cases[i][2]);
		struct task_counts c;
		struct err e = { 0 };
		int duties = 0, cancelled = 0;

		assert_int_equal(tasks_count(s, cases[i][0], cases[i][1], cases[i][2], &c, &e), 0);
		for (int j = 0; j < v.n; j++) {
			duties += strncmp(v.code[j], TASKS_DUTY_PREFIX, 3) == 0;
			cancelled += strcmp(v.status[j], "cancelled") == 0;
		}
		assert_int_equal(c.total, v.n);
		assert_int_equal(c.overdue, seen_overdue(&v));
		assert_int_equal(c.duties, duties);
		assert_int_equal(c.done + c.in_progress + c.not_started + cancelled, c.total);
	}
	store_close(s);
}

/* period_today is the local calendar day, not UTC's. */
static void
test_today_is_local(void **state)
{
	static const char *const zones[][2] = { { "XXX-14", "50400" }, { "XXX+12", "-43200" } };
	char *old = getenv("TZ") != NULL ? strdup(getenv("TZ")) : NULL;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char got[11], want[11];
		time_t now = time(NULL), there = now + atol(zones[i][1]);
		struct tm tm;

		setenv("TZ", zones[i][0], 1);
		tzset();
		period_today(got);
		gmtime_r(&there, &tm);
		strftime(want, sizeof want, "%Y-%m-%d", &tm);
		assert_string_equal(got, want);
	}
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_cases),
		cmocka_unit_test(test_due_invalid),
		cmocka_unit_test(test_due_every_csv_row_parses),
		cmocka_unit_test(test_overdue_once),
		cmocka_unit_test(test_overdue_yearly),
		cmocka_unit_test(test_overdue_ongoing),
		cmocka_unit_test(test_csv_rules),
		cmocka_unit_test(test_level_rules),
		cmocka_unit_test_setup_teardown(test_concern_commune_2025, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concern_province, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concern_old_units, setup, teardown),
		cmocka_unit_test_setup_teardown(test_yearly_status_per_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_agrees_with_list, setup, teardown),
		cmocka_unit_test(test_today_is_local),
		cmocka_unit_test_setup_teardown(test_load_into_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_twice_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_errors_name_line_and_write_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_updates_and_cleans, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

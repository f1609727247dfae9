/* The class list and attendance set (job-roster.h) on a real SQLite file:
 * the candidates of a unit and the units below it, a page at a time and
 * filtered by folded words; 30 ticked and saved in one go as 30
 * participants (audited, version 1); one unticked becomes a tombstone; a
 * rule broken meanwhile refuses the whole save naming the person; a pasted
 * list matched by folded name and year, namesakes and strangers left for a
 * decision; a team's members present. Messages are the English msgids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/job-roster.h"
#include "socds/job-units.h"
#include "socds/store.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "test-util.h"

#define NSTAFF 20
#define NMEMBER 12

struct fx {
	TU_FX_FORMS_FIELDS;		/* dir, db, s, fs (test-util.h) */
	char child[8];
	char tr[UUID_STR_LEN], team[UUID_STR_LEN], team2[UUID_STR_LEN];
	char staff[NSTAFF][UUID_STR_LEN], member[NMEMBER][UUID_STR_LEN];
	char outsider[UUID_STR_LEN];
};

static void
put(struct fx *f, const char *unit, const char *kind, char id[UUID_STR_LEN], ...)
{
	struct record r;
	struct err e = { 0 };
	va_list ap;
	const char *col;

	assert_int_equal(record_init(&r, record_kind(kind)), 0);
	snprintf(r.unit_code, sizeof r.unit_code, "%s", unit);
	va_start(ap, id);
	while ((col = va_arg(ap, const char *)) != NULL)
		assert_int_equal(record_set_by_name(&r, col, va_arg(ap, const char *)), 0);
	va_end(ap);
	if (store_record_insert(f->s, &r, &e) != 0)
		fail_msg("insert %s: %s", kind, e.msg);
	if (id != NULL)
		memcpy(id, r.id, UUID_STR_LEN);
	record_free(&r);
}

static const char *const given[] = {
	"An", "Bình", "Cường", "Dũng", "Đồng", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hòa",
	"Hùng", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngọc", "Nhung",
	"Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Tuấn", "Vy", "Yến",
};

static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, true, tu_load_district);
	char name[80], year[8];

	if (f == NULL || tu_forms_load(&f->fs, "vi") != 0)
		return -1;
	snprintf(f->child, sizeof f->child, "%lld", (long long)tu_sql_int(f->db,
	    "SELECT code FROM unit WHERE parent_code = '548' ORDER BY code LIMIT 1"));
	put(f, "548", "training", f->tr, "title", "Kỹ năng số", "start_date", "2026-03-02", NULL);
	put(f, f->child, "team", f->team, "name", "Tổ Vĩnh Thạnh", NULL);
	put(f, f->child, "team", f->team2, "name", "Tổ Chánh Lý", NULL);
	for (int i = 0; i < NSTAFF; i++) {
		snprintf(name, sizeof name, "Nguyễn Văn %s", given[i]);
		snprintf(year, sizeof year, "%d", 1970 + i);
		put(f, "548", "staff", f->staff[i], "full_name", name, "birth_year", year, NULL);
	}
	for (int i = 0; i < NMEMBER; i++) {
		snprintf(name, sizeof name, "Trần Thị %s", given[NSTAFF + i]);
		put(f, f->child, "member", f->member[i], "team_id", i < 8 ? f->team : f->team2,
		    "full_name", name, "birth_year", "1990", NULL);
	}
	/* Someone of another province: never a candidate. */
	put(f, "01", "staff", f->outsider, "full_name", "Lê Văn Ngoài", NULL);
	*state = f;
	return 0;
}

#define teardown tu_forms_teardown

static const struct form *
pform(struct fx *f)
{
	return forms_get(&f->fs, record_kind("participant"));
}

static int64_t sql(struct fx *f, const char *fmt, ...) ERR_PRINTF(2, 3);

static int64_t
sql(struct fx *f, const char *fmt, ...)
{
	char q[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof q, fmt, ap);
	va_end(ap);
	return tu_sql_int(f->db, q);
}

static void
open_class(struct fx *f, struct roster *r)
{
	struct err e = { 0 };

	if (roster_class(r, f->s, pform(f), f->tr, &e) != 0)
		fail_msg("roster_class: %s", e.msg);
}

static int64_t
count_of(struct roster *r, const char *filter)
{
	struct err e = { 0 };
	int64_t n = -1;

	assert_int_equal(roster_filter(r, filter, &e), 0);
	assert_int_equal(roster_count(r, &n, &e), 0);
	return n;
}

/* Candidates: staff and members of the unit and the units below it, in
 * name order, filtered by folded words in the name, team or unit. */
static void
test_candidates(void **state)
{
	struct fx *f = *state;
	struct roster r;
	struct store_person page[8];
	struct err e = { 0 };

	open_class(f, &r);
	assert_int_equal(r.n, 0);
	assert_int_equal(count_of(&r, ""), NSTAFF + NMEMBER);
	assert_int_equal(count_of(&r, "nguyen"), NSTAFF);
	assert_int_equal(count_of(&r, "NGUYỄN đồng"), 1);
	assert_int_equal(count_of(&r, "dong"), 1);
	assert_int_equal(count_of(&r, "vinh thanh"), 8);		/* a team's name */
	assert_int_equal(count_of(&r, "tran chanh"), NMEMBER - 8);
	assert_int_equal(count_of(&r, "ngoai"), 0);			/* outside the unit */
	/* Paged in official name order (the given name first). */
	assert_int_equal(count_of(&r, ""), NSTAFF + NMEMBER);
	assert_int_equal(roster_page(&r, 0, page, 3, &e), 3);
	assert_string_equal(page[0].name, "Nguyễn Văn An");
	assert_string_equal(page[1].name, "Nguyễn Văn Bình");
	assert_int_equal(roster_page(&r, NSTAFF + NMEMBER - 2, page, 8, &e), 2);
	roster_free(&r);
}

/* Ticks the first n people of the list, a page at a time. */
static void
tick_first(struct roster *r, int n)
{
	struct store_person page[8];
	struct err e = { 0 };
	int got;

	for (int off = 0; off < n; off += got) {
		got = roster_page(r, off, page, n - off < 8 ? n - off : 8, &e);
		assert_true(got > 0);
		for (int i = 0; i < got; i++)
			assert_int_equal(roster_tick(r, &page[i], true), 0);
	}
}

static void
test_tick_save(void **state)
{
	struct fx *f = *state;
	struct roster r;
	struct roster_entry *en;
	struct err e = { 0 };
	int add, rem, chg;
#define LIVE "SELECT count(*) FROM participant WHERE training_id = '%s' AND deleted = 0"

	open_class(f, &r);
	tick_first(&r, 30);
	assert_int_equal(roster_ticked(&r), 30);
	roster_changes(&r, &add, &rem, &chg);
	assert_int_equal(add, 30);
	assert_int_equal(rem + chg, 0);
	if (roster_save(&r, &e) != 0)
		fail_msg("save: %s", e.msg);
	assert_int_equal(sql(f, LIVE, f->tr), 30);
	assert_int_equal(sql(f, "SELECT count(*) FROM participant WHERE training_id = '%s'"
	    " AND version = 1 AND attended = 1 AND certificate = 0", f->tr), 30);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM audit WHERE action = 'insert'"
	    " AND kind = 'participant'"), 30);
	/* Read again as stored: 30 ticked, nothing to save. */
	assert_int_equal(r.n, 30);
	roster_changes(&r, &add, &rem, &chg);
	assert_int_equal(add + rem + chg, 0);

	/* One unticked: a tombstone; one certificate: a new version. */
	en = roster_entry(&r, KIND_STAFF, f->staff[0]);
	assert_non_null(en);
	assert_int_equal(roster_tick(&r, &en->p, false), 0);
	en = roster_entry(&r, KIND_STAFF, f->staff[1]);
	en->certificate = true;
	roster_changes(&r, &add, &rem, &chg);
	assert_int_equal(rem, 1);
	assert_int_equal(chg, 1);
	if (roster_save(&r, &e) != 0)
		fail_msg("save: %s", e.msg);
	assert_int_equal(sql(f, LIVE, f->tr), 29);
	assert_int_equal(sql(f, "SELECT deleted * 10 + version FROM participant WHERE staff_id"
	    " = '%s'", f->staff[0]), 12);
	assert_int_equal(sql(f, "SELECT certificate * 10 + version FROM participant WHERE"
	    " staff_id = '%s'", f->staff[1]), 12);
	assert_int_equal(roster_ticked(&r), 29);
	roster_free(&r);
}

/* A rule broken by someone else meanwhile (the same person added to the
 * class): the whole save is refused, naming the person; nothing written. */
static void
test_rule_names_person(void **state)
{
	struct fx *f = *state;
	struct roster r;
	struct store_person p;
	struct err e = { 0 };

	open_class(f, &r);
	tick_first(&r, 5);
	assert_int_equal(store_roster_person(f->s, KIND_MEMBER, f->member[3], &p, &e), 0);
	assert_int_equal(roster_tick(&r, &p, true), 0);
	put(f, "548", "participant", NULL, "training_id", f->tr, "member_id", f->member[3], NULL);
	assert_int_not_equal(roster_save(&r, &e), 0);
	if (strstr(e.msg, "Trần Thị Quân: ") == NULL)
		fail_msg("msg=[%s] code=%d", e.msg, e.code);
	assert_non_null(strstr(e.msg, "is already recorded"));
	assert_int_equal(sql(f, "SELECT count(*) FROM participant WHERE training_id = '%s'",
	    f->tr), 1);
	roster_free(&r);
}

/* Five pasted names: one without diacritics, one with its year, one
 * unknown, one of two namesakes, one of a wrong year. */
static void
test_paste(void **state)
{
	struct fx *f = *state;
	struct roster r;
	struct roster_paste res;
	struct err e = { 0 };
	char path[PATH_MAX + 32];

	put(f, f->child, "member", NULL, "team_id", f->team2, "full_name", "Nguyễn Văn Hải",
	    "birth_year", "1999", NULL);
	open_class(f, &r);
	assert_int_equal(roster_paste(&r, "Họ và tên;Năm sinh\nnguyen van dong\n"
	    "Nguyễn Văn Bình;1971\r\nKhông Có Ai\n\"Nguyễn Văn Hải\"\nTrần Thị Vy,1980\n", &res,
	    &e), 0);
	assert_int_equal(res.lines, 5);
	assert_int_equal(res.ticked, 2);
	assert_non_null(roster_entry(&r, KIND_STAFF, f->staff[4]));	/* Đồng */
	assert_non_null(roster_entry(&r, KIND_STAFF, f->staff[1]));	/* Bình */
	assert_int_equal(res.nleft, 3);
	assert_string_equal(res.left[0].name, "Không Có Ai");
	assert_int_equal(res.left[0].found, 0);
	assert_int_equal(res.left[0].ncand, 0);
	assert_string_equal(res.left[1].name, "Nguyễn Văn Hải");
	assert_int_equal(res.left[1].found, 2);
	assert_int_equal(res.left[1].ncand, 2);
	assert_string_equal(res.left[2].year, "1980");
	assert_int_equal(res.left[2].found, 0);
	assert_int_equal(res.left[2].ncand, 1);	/* Vy of 1990 offered */
	assert_string_equal(res.left[2].cand[0].id, f->member[10]);
	roster_paste_free(&res);
	/* The path of a CSV file: read the same way. */
	snprintf(path, sizeof path, "%s/class.csv", f->dir);
	{
		static const char csv[] = "\xEF\xBB\xBFHọ tên,Năm sinh\nTran Thi Phong,1990\n";
		tu_write(path, csv, sizeof csv - 1);
	}
	assert_int_equal(roster_paste(&r, path, &res, &e), 0);
	assert_int_equal(res.lines, 1);
	assert_int_equal(res.ticked, 1);
	assert_non_null(roster_entry(&r, KIND_MEMBER, f->member[1]));
	roster_paste_free(&res);
	/* Nothing created: the people are as they were. */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM member"), NMEMBER + 1);
	roster_free(&r);
}

/* Members present: the team's members only, the set given back as ids. */
static void
test_attendance(void **state)
{
	struct fx *f = *state;
	struct roster r;
	struct store_person page[16];
	struct tbuf out = { 0 };
	struct err e = { 0 };
	char want[2 * UUID_STR_LEN + 2];

	assert_int_equal(roster_attendance(&r, f->s, f->team, f->member[2], &e), 0);
	assert_int_equal(count_of(&r, ""), 8);
	assert_int_equal(roster_ticked(&r), 1);
	assert_int_equal(roster_page(&r, 0, page, 16, &e), 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(page[i].kind, KIND_MEMBER);
	assert_int_equal(store_roster_person(f->s, KIND_MEMBER, f->member[5], &page[0], &e), 0);
	assert_int_equal(roster_tick(&r, &page[0], true), 0);
	assert_int_equal(roster_present(&r, &out, &e), 0);
	snprintf(want, sizeof want, "%s;%s", f->member[2], f->member[5]);
	assert_string_equal(out.p, want);
	assert_int_not_equal(roster_save(&r, &e), 0);	/* the form saves it */
	tbuf_free(&out);
	roster_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_candidates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tick_save, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_names_person, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paste, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attendance, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

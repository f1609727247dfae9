/* A list's search covers the columns the list shows, as shown: for team
 * activities the date (dd/mm/yyyy), the place and the kind's label, and not
 * the team, which the list does not show. Real forms, a real SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/store.h"
#include "socds/store-query.h"
#include "socds/store-record.h"
#include "socds/job-units.h"
#include "test-util.h"

struct fx {
	TU_FX_FORMS_FIELDS;		/* dir, db, s, fs (test-util.h) */
};

static int
setup(void **state)
{
	struct fx *f;

	i18n_init("vi", "/nonexistent");
	f = tu_fx_new(sizeof *f, true, tu_load_units);
	if (f == NULL || tu_forms_load(&f->fs, "vi") != 0)
		return -1;
	*state = f;
	return 0;
}

#define teardown tu_forms_teardown

static void
insert(struct fx *f, struct record *r, const char *kind, const char *const *kv)
{
	struct err e = { 0 };

	assert_int_equal(record_init(r, record_kind(kind)), 0);
	strcpy(r->unit_code, "00004");
	for (; kv[0] != NULL; kv += 2)
		assert_int_equal(record_set_by_name(r, kv[0], kv[1]), 0);
	if (store_record_insert(f->s, r, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
}

struct hits {
	char what[8][128];
	int n;
};

static int
take(const struct record *r, const struct store_key *k, void *arg)
{
	struct hits *h = arg;
	const char *v = r->kind->name_col >= 0 ? r->val[r->kind->name_col] :
	    record_get(r, "place");

	(void)k;
	if (h->n < 8)
		snprintf(h->what[h->n++], sizeof h->what[0], "%s", v != NULL ? v : "");
	return 0;
}

/* What the list screen of kind shows and searches (list.c): the fields with
 * a list width, through form_search_cols. Returns the rows' count and their
 * names (or places) in h. */
static int64_t
list_search(struct fx *f, const char *kind, const char *search, bool unit_col,
    struct hits *h)
{
	const struct kind *k = record_kind(kind);
	const struct form *fm = forms_get(&f->fs, k);
	const struct form_field *cols[8];
	struct search_col sc[SEARCH_MAX_COLS];
	struct tbuf codes[SEARCH_MAX_COLS] = { { 0 } };
	struct store_query q = { .kind = k, .sort = -1, .search = search };
	struct err e = { 0 };
	int n = 0, got;
	int64_t cnt = -1;

	for (size_t i = 0; i < fm->n && n < 8; i++)
		if (fm->fields[i].list_width > 0)
			cols[n++] = &fm->fields[i];
	got = form_search_cols(k, cols, n, search, sc, codes);
	assert_true(got >= 0);
	q.search_cols = sc;
	q.search_n = got;
	q.search_unit = unit_col;
	assert_int_equal(store_query_count(f->s, &q, &cnt, &e), 0);
	memset(h, 0, sizeof *h);
	assert_true(store_query_page(f->s, &q, NULL, true, false, 8, take, h, &e) >= 0);
	/* The count and the page agree. */
	assert_int_equal(cnt < 8 ? cnt : 8, h->n);
	for (int i = 0; i < SEARCH_MAX_COLS; i++)
		tbuf_free(&codes[i]);
	return cnt;
}

static void
test_activity_search_shows(void **state)
{
	struct fx *f = *state;
	struct record v, t, a1, a2, a3;
	struct hits h;

	insert(f, &v, "village", (const char *const[]){ "name", "Thôn Phú Hòa", NULL });
	insert(f, &t, "team", (const char *const[]){ "name", "Tổ CNSCĐ thôn Phú Hòa",
	    "village_id", v.id, NULL });
	insert(f, &a1, "activity", (const char *const[]){ "team_id", t.id, "held_on", "2026-03-05",
	    "place", "Nhà văn hóa thôn An Bình", "activity_kind", "community_house", NULL });
	insert(f, &a2, "activity", (const char *const[]){ "team_id", t.id, "held_on", "2026-04-12",
	    "place", "Chợ Cát Tiến", "activity_kind", "door_to_door", NULL });
	insert(f, &a3, "activity", (const char *const[]){ "team_id", t.id, "held_on", "2025-12-03",
	    "place", "Trường tiểu học số 2", "activity_kind", "school", NULL });

	/* The date as shown. */
	assert_int_equal(list_search(f, "activity", "05/03/2026", false, &h), 1);
	assert_string_equal(h.what[0], "Nhà văn hóa thôn An Bình");
	assert_int_equal(list_search(f, "activity", "12/04", false, &h), 1);
	assert_string_equal(h.what[0], "Chợ Cát Tiến");
	assert_int_equal(list_search(f, "activity", "2026", false, &h), 2);
	/* 03 is a month of one and a day of another. */
	assert_int_equal(list_search(f, "activity", "03", false, &h), 2);
	/* The place, folded. */
	assert_int_equal(list_search(f, "activity", "cho cat", false, &h), 1);
	assert_string_equal(h.what[0], "Chợ Cát Tiến");
	assert_int_equal(list_search(f, "activity", "AN BINH", false, &h), 1);
	/* The kind by its label as shown ("Hướng dẫn đến từng hộ gia đình"). */
	assert_int_equal(list_search(f, "activity", "tung ho", false, &h), 1);
	assert_string_equal(h.what[0], "Chợ Cát Tiến");
	/* "truong" is in a place (Trường tiểu học) and a kind's label (Hỗ trợ tại
	 * trường học): the one activity. */
	assert_int_equal(list_search(f, "activity", "truong", false, &h), 1);
	/* The team is shown (issue 16): its name finds its activities. */
	assert_int_equal(list_search(f, "activity", "phu hoa", false, &h), 3);
	assert_int_equal(list_search(f, "activity", "CNSCĐ", false, &h), 3);
	/* An office above shows the unit: its name is searched too. */
	assert_int_equal(list_search(f, "activity", "ba dinh", true, &h), 3);
	assert_int_equal(list_search(f, "activity", "ba dinh", false, &h), 0);

	/* The team list shows its village (a reference, by name) and the date. */
	assert_int_equal(list_search(f, "team", "thon phu", false, &h), 1);
	assert_int_equal(list_search(f, "village", "phu hoa", false, &h), 1);
	record_free(&v);
	record_free(&t);
	record_free(&a1);
	record_free(&a2);
	record_free(&a3);
}

static void
test_people_search_shows(void **state)
{
	struct fx *f = *state;
	struct record s1, s2, v, t, m;
	struct hits h;

	insert(f, &s1, "staff", (const char *const[]){ "full_name", "Nguyễn Văn Đồng",
	    "employment", "dedicated", NULL });
	insert(f, &s2, "staff", (const char *const[]){ "full_name", "Trần Thị Chuyên",
	    "employment", "concurrent", NULL });
	insert(f, &v, "village", (const char *const[]){ "name", "Thôn Một", NULL });
	insert(f, &t, "team", (const char *const[]){ "name", "Tổ thôn Một", "village_id", v.id,
	    NULL });
	insert(f, &m, "member", (const char *const[]){ "team_id", t.id, "full_name", "Lê Thị Hoa",
	    "phone", "0912345678", NULL });

	/* Names as before, through the trigram index. */
	assert_int_equal(list_search(f, "staff", "dong", false, &h), 1);
	assert_string_equal(h.what[0], "Nguyễn Văn Đồng");
	/* A choice by its label: "Chuyên trách", and the name Chuyên. */
	assert_int_equal(list_search(f, "staff", "chuyen", false, &h), 2);
	assert_int_equal(list_search(f, "staff", "kiem nhiem", false, &h), 1);
	assert_string_equal(h.what[0], "Trần Thị Chuyên");
	/* A phone by its digits, with or without the spaces people type. */
	assert_int_equal(list_search(f, "member", "0912 345", false, &h), 1);
	assert_int_equal(list_search(f, "member", "345678", false, &h), 1);
	assert_int_equal(list_search(f, "member", "777", false, &h), 0);
	record_free(&s1);
	record_free(&s2);
	record_free(&v);
	record_free(&t);
	record_free(&m);
}

/* Many matches (more than the store reads as a set of rows): the page walks
 * the list's order and the count stops at the limit, with the same result. */
static void
test_many_matches(void **state)
{
	struct fx *f = *state;
	struct record v, t, a;
	struct hits h;
	struct err e = { 0 };
	char date[16];

	insert(f, &v, "village", (const char *const[]){ "name", "Thôn Mới", NULL });
	insert(f, &t, "team", (const char *const[]){ "name", "Tổ thôn Mới", "village_id", v.id,
	    NULL });
	assert_int_equal(store_bulk(f->s, true, &e), 0);
	assert_int_equal(store_begin(f->s, &e), 0);
	for (int i = 0; i < 620; i++) {
		snprintf(date, sizeof date, "2026-%02d-%02d", 1 + i % 12, 1 + i % 28);
		insert(f, &a, "activity", (const char *const[]){ "team_id", t.id, "held_on", date,
		    "place", i % 2 ? "Chợ Mới" : "Nhà văn hóa", "activity_kind",
		    i % 3 ? "school" : "loudspeaker", NULL });
		record_free(&a);
	}
	assert_int_equal(store_commit(f->s, &e), 0);
	assert_int_equal(store_bulk(f->s, false, &e), 0);
	/* 310 by place: a set of rows; 620 by the kind's label or the year: the
	 * list's order, counted in full. */
	assert_int_equal(list_search(f, "activity", "cho moi", false, &h), 310);
	assert_int_equal(list_search(f, "activity", "truong hoc", false, &h), 413);
	assert_int_equal(list_search(f, "activity", "2026", false, &h), 620);
	assert_int_equal(list_search(f, "activity", "01/01/2026", false, &h), 620 / 84 + 1);
	record_free(&v);
	record_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_activity_search_shows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_people_search_shows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_matches, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

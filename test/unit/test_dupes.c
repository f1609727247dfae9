/* dupes: the one likely-duplicate rule (dupes.h) on a real SQLite file in a
 * temporary folder. Home is the former district Phù Cát (548) with the
 * communes that succeeded its old ones below it (21853 Xã Phù Cát); 21583
 * Phường Quy Nhơn is not below it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/dupes.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/store.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/job-units.h"
#include "socds/uuid.h"
#include "test-util.h"

#define NHUNG "Nguyễn Thị Hồng Nhung"

struct fx {
	TU_FX_FIELDS;			/* dir, db, s (test-util.h) */
	char staff_commune[UUID_STR_LEN];	/* NHUNG, 1990, 0912345678, in 21853 */
	char member[UUID_STR_LEN];		/* NHUNG, 1990, member of Tổ An Hòa, 21853 */
	char staff_year2[UUID_STR_LEN];		/* NHUNG, 1991, 0987654321, in 548 */
	char staff_noyear[UUID_STR_LEN];	/* NHUNG, no year, in 548 */
	char staff_other[UUID_STR_LEN];		/* NHUNG, 1990, in 21583 (not below 548) */
	char staff_ha[UUID_STR_LEN];		/* Đỗ Văn Hà, 1980, in 548 */
};

/* Inserts a record of kind with column=value pairs; its id into id. */
static void
put(struct fx *f, const char *kind, const char *unit, char id[UUID_STR_LEN], ...)
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

static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, true, tu_load_district);
	char team[UUID_STR_LEN], gone[UUID_STR_LEN];
	struct err e = { 0 };

	if (f == NULL)
		return -1;
	put(f, "staff", "21853", f->staff_commune, "full_name", NHUNG, "birth_year", "1990",
	    "phone", "0912345678", NULL);
	put(f, "team", "21853", team, "name", "Tổ An Hòa", NULL);
	put(f, "member", "21853", f->member, "team_id", team, "full_name", NHUNG, "birth_year",
	    "1990", NULL);
	put(f, "staff", "548", f->staff_year2, "full_name", NHUNG, "birth_year", "1991", "phone",
	    "0987654321", NULL);
	put(f, "staff", "548", f->staff_noyear, "full_name", NHUNG, NULL);
	put(f, "staff", "21583", f->staff_other, "full_name", NHUNG, "birth_year", "1990", NULL);
	put(f, "staff", "548", f->staff_ha, "full_name", "Đỗ Văn Hà", "birth_year", "1980", NULL);
	/* Deleted: never a candidate. */
	put(f, "staff", "548", gone, "full_name", NHUNG, "birth_year", "1990", NULL);
	if (store_record_delete(f->s, record_kind("staff"), gone, 1, &e) != 0)
		fail_msg("delete: %s", e.msg);
	*state = f;
	return 0;
}
#define teardown tu_teardown

/* The likely duplicates of a staff record typed in unit with these values
 * (NULL: empty); id, when given, is the record's own. */
static void
find(struct fx *f, const char *unit, const char *id, const char *name, const char *year,
    const char *phone, struct dupes *d)
{
	struct record r;
	struct err e = { 0 };

	assert_int_equal(record_init(&r, record_kind("staff")), 0);
	snprintf(r.unit_code, sizeof r.unit_code, "%s", unit);
	if (id != NULL)
		snprintf(r.id, sizeof r.id, "%s", id);
	assert_int_equal(record_set_by_name(&r, "full_name", name), 0);
	assert_int_equal(record_set_by_name(&r, "birth_year", year), 0);
	assert_int_equal(record_set_by_name(&r, "phone", phone), 0);
	if (dupes_find(f->s, &r, INT64_MAX, d, &e) != 0)
		fail_msg("dupes_find: %s", e.msg);
	record_free(&r);
}

/* Typed decomposed (NFD), same year: the staff member and the team member
 * of the commune below, then the namesake with no year; not the one of
 * another unit, not the deleted one, not the one born a year later. */
static void
test_name_year(void **state)
{
	struct fx *f = *state;
	struct dupes d;
	char where[400];

	find(f, "548", NULL, "Nguye\xCC\x82\xCC\x83n Thi\xCC\xA3 Ho\xCC\x82\xCC\x80ng Nhung",
	    "1990", NULL, &d);
	assert_int_equal(d.total, 3);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.d[0].p.id, f->staff_commune);
	assert_int_equal(d.d[0].how, DUPES_NAME_YEAR);
	assert_string_equal(d.d[0].p.name, NHUNG);
	assert_int_equal(d.d[0].p.birth_year, 1990);
	assert_string_equal(d.d[0].p.unit_code, "21853");
	assert_string_equal(dupes_where(&d.d[0], where, sizeof where), "staff, 21853 Xã Phù Cát");
	assert_string_equal(d.d[1].p.id, f->member);
	assert_int_equal(d.d[1].how, DUPES_NAME_YEAR);
	assert_ptr_equal(d.d[1].p.kind, record_kind("member"));
	assert_string_equal(dupes_where(&d.d[1], where, sizeof where),
	    "member of Tổ An Hòa, 21853 Xã Phù Cát");
	assert_string_equal(d.d[2].p.id, f->staff_noyear);
	assert_int_equal(d.d[2].how, DUPES_NAME);
}

/* Capitals without tone marks, born a year later with the same phone
 * written another way: that one first (year and phone), then the one with
 * no year; the ones born in 1990 are other people. */
static void
test_case_year_phone(void **state)
{
	struct fx *f = *state;
	struct dupes d;

	find(f, "548", NULL, "NGUYEN THI HONG NHUNG", "1991", "+84 987 654 321", &d);
	assert_int_equal(d.total, 2);
	assert_string_equal(d.d[0].p.id, f->staff_year2);
	assert_int_equal(d.d[0].how, DUPES_NAME_YEAR);
	assert_true(d.d[0].phone);
	assert_string_equal(d.d[1].p.id, f->staff_noyear);
	/* Born 1989 (a year off the one in 21853): only the phone makes it one. */
	find(f, "548", NULL, "nguyen thi hong nhung", "1989", "0912.345.678", &d);
	assert_int_equal(d.total, 2);
	assert_string_equal(d.d[0].p.id, f->staff_commune);
	assert_int_equal(d.d[0].how, DUPES_NAME_PHONE);
	assert_string_equal(d.d[1].p.id, f->staff_noyear);
	/* Born 1989, no phone: nobody born within a year counts. */
	find(f, "21853", NULL, NHUNG, "1989", NULL, &d);
	assert_int_equal(d.total, 0);
}

/* Ð (U+00D0, eth) typed for Đ, in capitals: the stored Đỗ Văn Hà. */
static void
test_lookalike(void **state)
{
	struct fx *f = *state;
	struct dupes d;

	find(f, "548", NULL, "\xC3\x90\xE1\xBB\x96 V\xC4\x82N H\xC3\x80", "1980", NULL, &d);
	assert_int_equal(d.total, 1);
	assert_string_equal(d.d[0].p.id, f->staff_ha);
	find(f, "548", NULL, "Do Van Ha", NULL, NULL, &d);
	assert_int_equal(d.total, 1);
}

/* The record itself is left out; so are units not below the record's; a
 * commune sees its own people only; rows after an import's mark are not
 * looked at. */
static void
test_scope(void **state)
{
	struct fx *f = *state;
	struct dupes d;
	struct record r;
	struct err e = { 0 };

	find(f, "548", f->staff_commune, NHUNG, "1990", NULL, &d);
	assert_int_equal(d.total, 2);
	assert_string_equal(d.d[0].p.id, f->member);
	find(f, "21583", NULL, NHUNG, "1990", NULL, &d);
	assert_int_equal(d.total, 1);
	assert_string_equal(d.d[0].p.id, f->staff_other);
	find(f, "21853", NULL, NHUNG, "1990", NULL, &d);
	assert_int_equal(d.total, 2);
	/* Only the staff rows up to rowid 0: the team member alone. */
	assert_int_equal(record_init(&r, record_kind("staff")), 0);
	snprintf(r.unit_code, sizeof r.unit_code, "548");
	assert_int_equal(record_set_by_name(&r, "full_name", NHUNG), 0);
	assert_int_equal(record_set_by_name(&r, "birth_year", "1990"), 0);
	assert_int_equal(dupes_find(f->s, &r, 0, &d, &e), 0);
	assert_int_equal(d.total, 1);
	assert_string_equal(d.d[0].p.id, f->member);
	/* Not a person: none. */
	record_free(&r);
	assert_int_equal(record_init(&r, record_kind("team")), 0);
	snprintf(r.unit_code, sizeof r.unit_code, "548");
	assert_int_equal(record_set_by_name(&r, "name", NHUNG), 0);
	assert_int_equal(dupes_find(f->s, &r, INT64_MAX, &d, &e), 0);
	assert_int_equal(d.total, 0);
	record_free(&r);
}

static void
test_phone_key(void **state)
{
	char k[32];

	(void)state;
	dupes_phone_key("+84 912 345 678", k, sizeof k);
	assert_string_equal(k, "0912345678");
	dupes_phone_key("0084912345678", k, sizeof k);
	assert_string_equal(k, "0912345678");
	dupes_phone_key("84 (0) 912 345 678", k, sizeof k);
	assert_string_equal(k, "0912345678");
	dupes_phone_key("(0256) 382 1234", k, sizeof k);
	assert_string_equal(k, "02563821234");
	dupes_phone_key("123", k, sizeof k);
	assert_string_equal(k, "");
	dupes_phone_key(NULL, k, sizeof k);
	assert_string_equal(k, "");
}

/* An edit asks again only when what the rule compares changed. */
static void
test_changed(void **state)
{
	struct record a, b;

	(void)state;
	assert_int_equal(record_init(&a, record_kind("staff")), 0);
	assert_int_equal(record_init(&b, record_kind("staff")), 0);
	snprintf(a.unit_code, sizeof a.unit_code, "548");
	snprintf(b.unit_code, sizeof b.unit_code, "548");
	record_set_by_name(&a, "full_name", NHUNG);
	record_set_by_name(&b, "full_name", "NGUYEN  thi hong nhung");
	record_set_by_name(&a, "position", "office_statistics");
	assert_false(dupes_changed(&a, &b));
	record_set_by_name(&b, "birth_year", "1990");
	assert_true(dupes_changed(&a, &b));
	record_set_by_name(&a, "birth_year", "1990");
	record_set_by_name(&b, "phone", "0912345678");
	assert_true(dupes_changed(&a, &b));
	record_set_by_name(&a, "phone", "0912345678");
	record_set_by_name(&b, "full_name", "Nguyễn Thị Hồng");
	assert_true(dupes_changed(&a, &b));
	record_set_by_name(&b, "full_name", NHUNG);
	snprintf(b.unit_code, sizeof b.unit_code, "21853");
	assert_true(dupes_changed(&a, &b));
	record_free(&a);
	record_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_name_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_case_year_phone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookalike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test(test_phone_key),
		cmocka_unit_test(test_changed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for entry in one sitting in the form language (src/form/
 * form-skip.c): `carry`, `suggest`, `default today` and `show_if` are read and their
 * faults reported at FILE:LINE; form_applies judges a record; the rules
 * (form_check_record, form_check_rules) do not ask for a field that does not
 * apply, and form_clear_hidden empties it. Messages are the English msgids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "test-util.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

struct broken {
	const char *text;
	int line;
	const char *why;
};

/* Lines 1-6; the fields below start on line 7. */
#define HEAD "form staff\ntitle.vi Cán bộ\nfield full_name\n  type text\n  label.vi Họ tên\n" \
	"  required yes\n"
#define FOCAL "field focal_point\n  type bool\n  label.vi Đầu mối\n"	/* 7-9 */
#define DEC "field decision_no\n  type text\n  label.vi Số QĐ\n"		/* 10-12 */

static const struct broken broken[] = {
	/* 1 */ { HEAD FOCAL DEC "  show_if focus = có\n", 13,
		  "show_if: 'focus' is not a field of this form" },
	/* 2 */ { HEAD FOCAL DEC "  show_if decision_no filled\n", 13,
		  "show_if: the field decision_no cannot depend on itself" },
	/* 3 */ { HEAD FOCAL DEC "  show_if decision_date filled\n"
		  "field decision_date\n  type date\n  label.vi Ngày QĐ\n  show_if decision_no filled\n",
		  13, "show_if: decision_no depends on itself through decision_date" },
	/* 4 */ { HEAD FOCAL DEC "  show_if focal_point filled\n", 13,
		  "show_if: the operator filled does not suit focal_point, of type bool" },
	/* 5 */ { HEAD FOCAL DEC "  show_if focal_point ~ có\n", 13,
		  "show_if: unknown operator '~'" },
	/* 6 */ { HEAD FOCAL DEC "  show_if focal_point = có lẽ\n", 13,
		  "show_if: the value is not valid" },
	/* 7 */ { HEAD FOCAL DEC "  show_if focal_point =\n", 13, "show_if: '=' needs a value" },
	/* 8 */ { HEAD FOCAL DEC "  show_if focal_point != 1 2\n", 13, "show_if: the value is not valid" },
	/* 9 */ { HEAD FOCAL DEC "field phone\n  type phone\n  label.vi Điện thoại\n"
		  "  show_if decision_no empty 12\n", 16, "show_if: 'empty' takes no value, but '12' follows it" },
	/* 10 */ { HEAD FOCAL DEC "  default today\n", 13,
		  "'default today' applies only to the type date, not text" },
	/* 11 */ { HEAD FOCAL DEC "  carry always\n", 13, "'carry' must be yes or no, not 'always'" },
	/* 12 */ { "form staff\ntitle.vi Cán bộ\n" FOCAL "field full_name\n  type text\n"
		  "  label.vi Họ tên\n  required yes\n  show_if focal_point = có\n", 10,
		  "show_if: the field full_name cannot be hidden: the database needs it" },
	/* 13 */ { HEAD FOCAL "field platforms\n  type multi\n  choices platform\n  label.vi Nền tảng\n"
		  DEC "  show_if platforms = vneid\n", 17,
		  "show_if: the operator = does not suit platforms, of type multi" },
	/* 14 */ { HEAD FOCAL "field birth_year\n  type int\n  label.vi Năm sinh\n  min 1940\n"
		  DEC "  show_if birth_year != 1850\n", 17, "show_if: the value is not valid: Năm sinh" },
	/* 15 */ { HEAD FOCAL DEC "  show_if focal_point = có\n  show_if focal_point = không\n", 14,
		  "'show_if' is given twice (first on line 13)" },
	/* 16 */ { HEAD FOCAL DEC "  suggest often\n", 13, "'suggest' must be yes or no, not 'often'" },
	/* 17 */ { HEAD "field decision_date\n  type date\n  label.vi Ngày QĐ\n  suggest yes\n", 10,
		  "'suggest' applies only to the type text, not date" },
};

static void
test_faults(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], msg[2 * PATH_MAX + 512];

	(void)state;
	i18n_init("vi", "/nonexistent");
	tu_mkdtemp(dir);
	snprintf(path, sizeof path, "%s/staff.form", dir);
	for (size_t i = 0; i < nitems(broken); i++) {
		struct form f;
		const char *bad = tu_form_refused(path, broken[i].text, broken[i].line,
		    broken[i].why, &f, msg, sizeof msg);
		if (bad != NULL)
			fail_msg("broken form %zu: %s", i + 1, bad);
	}
	tu_rmdir(dir);
}

/* A good form: the keys read, values canonical; a chain of show_if. */
static const char good[] = HEAD
    "field employment\n  type choice\n  choices employment\n  label.vi Chuyên trách\n"	/* 7 */
    FOCAL										/* 11 */
    "  show_if employment = Chuyên trách\n"						/* 14 */
    DEC											/* 15 */
    "  required yes\n  show_if focal_point = có\n  carry yes\n"
    "field decision_date\n  type date\n  label.vi Ngày QĐ\n  default today\n"
    "  show_if decision_no filled\n"
    "field phone\n  type phone\n  label.vi Điện thoại\n  show_if decision_no != 12/QĐ\n";

static void
load_good(const char *dir, struct form *f)
{
	char path[PATH_MAX + 32];
	struct err e = { 0 };

	snprintf(path, sizeof path, "%s/staff.form", dir);
	tu_write(path, good, sizeof good - 1);
	if (form_load(path, tu_srcdir(), f, &e) != 0)
		fail_msg("%s", e.msg);
}

static void
test_applies(void **state)
{
	char dir[PATH_MAX];
	struct form f;
	struct record r;
	struct err e = { 0 };
	size_t bad = 99;
	bool was[8];

	(void)state;
	i18n_init("vi", "/nonexistent");
	tu_mkdtemp(dir);
	load_good(dir, &f);
	assert_int_equal(f.n, 6);
	const struct form_field *emp = &f.fields[1], *fp = &f.fields[2], *dn = &f.fields[3],
	    *dd = &f.fields[4];
	assert_true(fp->has_show_if);
	assert_string_equal(fp->show_value, "dedicated");	/* the label, stored as the code */
	assert_string_equal(dn->show_value, "1");
	assert_true(dn->carry);
	assert_false(emp->carry);
	assert_true(dd->def_today);
	assert_null(dd->def);

	assert_int_equal(record_init(&r, f.kind), 0);
	record_set(&r, f.fields[0].col, "Lê Văn Một");
	/* Nothing given: the focal point is asked only of the dedicated. */
	assert_true(form_applies(&f, &r, 0));
	assert_false(form_applies(&f, &r, 2));
	assert_false(form_applies(&f, &r, 3));
	assert_false(form_applies(&f, &r, 4));
	record_set(&r, emp->col, "dedicated");
	assert_true(form_applies(&f, &r, 2));
	assert_false(form_applies(&f, &r, 3));	/* an empty yes/no holds no */
	record_set(&r, fp->col, "1");
	assert_true(form_applies(&f, &r, 3));
	/* Required when it applies: refused empty, then given. */
	assert_int_equal(form_check_record(&f, &r, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, 3);
	err_clear(&e);
	record_set(&r, dn->col, "12/QĐ");
	assert_true(form_applies(&f, &r, 4));
	assert_false(form_applies(&f, &r, 5));	/* != 12/QĐ */
	assert_int_equal(form_check_record(&f, &r, &bad, &e), 0);
	/* Not a focal point any more: the chain below it falls too. */
	record_set(&r, emp->col, "concurrent");
	assert_false(form_applies(&f, &r, 2));
	assert_false(form_applies(&f, &r, 3));
	assert_false(form_applies(&f, &r, 4));
	assert_true(form_applies(&f, &r, 5));	/* what does not apply is empty: != holds */
	record_set(&r, dd->col, "2026-02-01");
	/* A required field that does not apply is not asked for. */
	assert_int_equal(form_clear_hidden(&f, &r, was), 3);
	assert_true(was[2] && was[3] && was[4]);
	assert_false(was[0] || was[1] || was[5]);
	assert_string_equal(r.val[fp->col], "0");	/* a yes/no is cleared to no */
	assert_null(r.val[dn->col]);
	assert_null(r.val[dd->col]);
	assert_int_equal(form_check_record(&f, &r, &bad, &e), 0);
	assert_int_equal(form_check_rules(&f, &r, &bad, &e), 0);
	assert_int_equal(form_clear_hidden(&f, &r, NULL), 0);

	record_free(&r);
	form_free(&f);
	tu_rmdir(dir);
}

/* The shipped forms: the decision fields only for a focal point, carried
 * activity fields, today's date on an activity. */
static void
test_shipped(void **state)
{
	struct forms fs;
	struct record r;
	const struct form *staff, *act;

	(void)state;
	assert_int_equal(tu_forms_load(&fs, "vi"), 0);
	staff = forms_get(&fs, record_kind("staff"));
	act = forms_get(&fs, record_kind("activity"));
	assert_non_null(staff);
	assert_non_null(act);
	size_t dn = (size_t)(form_field(staff, "decision_no") - staff->fields);
	assert_int_equal(record_init(&r, staff->kind), 0);
	record_set_by_name(&r, "focal_point", "0");
	assert_false(form_applies(staff, &r, dn));
	record_set_by_name(&r, "focal_point", "1");
	assert_true(form_applies(staff, &r, dn));
	record_free(&r);
	assert_true(form_field(act, "team_id")->carry);
	assert_true(form_field(act, "place")->carry);
	assert_true(form_field(act, "activity_kind")->carry);
	assert_true(form_field(act, "held_on")->def_today);
	assert_false(form_field(act, "description")->carry);
	assert_true(form_field(act, "place")->suggest);
	assert_false(form_field(act, "description")->suggest);
	const struct form *tr = forms_get(&fs, record_kind("training"));
	assert_non_null(tr);
	assert_true(form_field(tr, "place")->suggest);
	assert_true(form_field(tr, "organizer")->suggest);
	assert_false(form_field(tr, "title")->suggest);
	forms_free(&fs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_applies),
		cmocka_unit_test(test_shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

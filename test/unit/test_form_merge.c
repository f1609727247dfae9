/* Unit tests for what the form screen's conflict merge and counts box stand
 * on (src/form): a field merged three ways against the version the form
 * opened, values compared as the store gives them back, and the per-category
 * limit of a counts field, declared in the form file and checked by the same
 * rules for the screen, import and merge. Messages are the English msgids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "test-util.h"

static struct forms shipped;

static int
setup(void **state)
{
	(void)state;
	return tu_forms_load(&shipped, "vi");
}

static int
teardown(void **state)
{
	(void)state;
	forms_free(&shipped);
	return 0;
}

static const struct form_field *
fld(const char *kind, const char *name)
{
	const struct form *f = forms_get(&shipped, record_kind(kind));
	const struct form_field *ff = f != NULL ? form_field(f, name) : NULL;

	if (ff == NULL)
		fail_msg("no field %s in form %s", name, kind);
	return ff;
}

static void
parse_is(const struct form_field *ff, const char *in, const char *want, const char *why)
{
	struct tbuf out = { 0 };
	struct err e = { 0 };
	int rc = form_parse(ff, in, &out, &e);

	if (want != NULL && (rc != 0 || strcmp(out.p, want) != 0))
		fail_msg("\"%s\": got %s, want \"%s\"", in, rc ? e.msg : out.p, want);
	if (want == NULL && (rc != ERR_INVALID || strstr(e.msg, why) == NULL))
		fail_msg("\"%s\": got rc %d \"%s\", want the message \"%s\"", in, rc, e.msg, why);
	tbuf_free(&out);
}

/* The shipped activity form limits each category to 100000. */
static void
test_counts_limit(void **state)
{
	const struct form_field *h = fld("activity", "helped");
	const struct form *fa = forms_get(&shipped, record_kind("activity"));
	struct record a;
	struct err e = { 0 };
	size_t bad;

	(void)state;
	assert_true(h->has_max);
	assert_int_equal(h->max, 100000);
	assert_false(h->has_min);
	parse_is(h, "VNeID: 100000; Chữ ký số: 3", "vneid=100000;digital_signature=3", NULL);
	parse_is(h, "Chữ ký số: 3; VNeID: 100001", NULL,
	    "Số lượt người dân được hỗ trợ: Kích hoạt, sử dụng VNeID (định danh điện tử mức 2):"
	    " 100001 is more than 100000, the limit for one category");
	parse_is(h, "digital_signature=250000", NULL, "250000 is more than 100000");
	/* A stored record over the limit is refused too (a merged package). */
	assert_int_equal(record_init(&a, fa->kind), 0);
	record_set_by_name(&a, "team_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5b");
	record_set_by_name(&a, "held_on", "2026-03-01");
	record_set_by_name(&a, "helped", "digital_signature=100000");
	assert_int_equal(form_check_record(fa, &a, &bad, &e), 0);
	record_set_by_name(&a, "helped", "digital_signature=100001");
	assert_int_equal(form_check_record(fa, &a, &bad, &e), ERR_INVALID);
	assert_ptr_equal(&fa->fields[bad], h);
	record_free(&a);
}

#define ACT "form activity\ntitle.vi Hoạt động\nfield team_id\n  type ref\n  ref team\n" \
	"  label.vi Tổ\n  required yes\nfield held_on\n  type date\n  label.vi Ngày\n" \
	"  required yes\nfield helped\n  type counts\n  choices help_category\n" \
	"  label.vi Số lượt\n"

/* `max` on counts in a form file: a limit per category; `min` is refused. */
static void
test_counts_limit_file(void **state)
{
	static const struct {
		const char *extra;
		const char *why;	/* NULL: loads */
	} cases[] = {
		{ "  max 50\n", NULL },
		{ "  max 0\n", NULL },
		{ "", NULL },
		{ "  min 1\n", "forms/activity.form:16: 'min' does not apply to the type counts" },
		{ "  max -1\n", "forms/activity.form:16: the limit of a count must be from 0 to 999999999, not '-1'" },
		{ "  max 1000000000\n", "the limit of a count must be from 0 to 999999999" },
		{ "  max nhiều\n", "'max' must be a whole number, not 'nhiều'" },
	};
	char dir[PATH_MAX], path[PATH_MAX + 32], text[1024];

	(void)state;
	tu_mkdtemp(dir);
	snprintf(path, sizeof path, "%s/forms", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/forms/activity.form", dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct form f;
		struct err e = { 0 };
		int rc;

		snprintf(text, sizeof text, "%s%s", ACT, cases[i].extra);
		tu_write(path, text, strlen(text));
		rc = form_load(path, tu_srcdir(), &f, &e);
		if (cases[i].why == NULL) {
			if (rc != 0)
				fail_msg("case %zu refused: %s", i + 1, e.msg);
			if (i == 0) {
				parse_is(&f.fields[2], "VNeID: 50", "vneid=50", NULL);
				parse_is(&f.fields[2], "VNeID: 51", NULL, "51 is more than 50");
			} else if (i == 1) {
				parse_is(&f.fields[2], "VNeID: 0", "vneid=0", NULL);
				parse_is(&f.fields[2], "VNeID: 1", NULL, "1 is more than 0");
			} else {
				/* No limit in the file: nine digits, as before. */
				parse_is(&f.fields[2], "VNeID: 999999999", "vneid=999999999", NULL);
				parse_is(&f.fields[2], "VNeID: 1000000000", NULL, "is not a count");
			}
			form_free(&f);
			continue;
		}
		if (rc == 0) {
			form_free(&f);
			fail_msg("case %zu accepted", i + 1);
		}
		if (strstr(e.msg, cases[i].why) == NULL)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i + 1, e.msg, cases[i].why);
	}
	tu_rmdir(dir);
}

/* Values compared as the store gives them back. */
static void
test_equal(void **state)
{
	(void)state;
	assert_true(form_equal(fld("staff", "phone"), NULL, ""));
	assert_true(form_equal(fld("staff", "phone"), "", NULL));
	assert_false(form_equal(fld("staff", "phone"), NULL, "0912345678"));
	assert_false(form_equal(fld("staff", "phone"), "0912345678", "0912345679"));
	assert_true(form_equal(fld("staff", "platforms"), "vnform;ndxp", "ndxp;vnform"));
	assert_false(form_equal(fld("staff", "platforms"), "vnform", "ndxp;vnform"));
	assert_true(form_equal(fld("activity", "helped"), "vneid=3;digital_signature=2",
	    "digital_signature=2;vneid=3"));
	assert_false(form_equal(fld("activity", "helped"), "vneid=3", "vneid=30"));
	assert_true(form_equal(fld("training", "hours"), "3", "3.0"));
	assert_false(form_equal(fld("training", "hours"), "3", "3.5"));
	assert_false(form_equal(fld("staff", "full_name"), "Lan", "lan"));
}

/* One field, three ways: only what both changed is a question. */
static void
test_merge3(void **state)
{
	const struct form_field *ph = fld("staff", "phone"), *pl = fld("staff", "platforms");

	(void)state;
	/* Nobody changed it; both changed it alike. */
	assert_int_equal(form_merge3(ph, "0911111111", true, "0911111111", "0911111111"),
	    FORM_MERGE_SAME);
	assert_int_equal(form_merge3(ph, "0911111111", true, "0922222222", "0922222222"),
	    FORM_MERGE_SAME);
	/* Only they changed it (their new phone is not wiped by "keep mine"). */
	assert_int_equal(form_merge3(ph, NULL, true, NULL, "0987654321"), FORM_MERGE_THEIRS);
	assert_int_equal(form_merge3(ph, "0911111111", true, "0911111111", NULL),
	    FORM_MERGE_THEIRS);
	/* Only I changed it. */
	assert_int_equal(form_merge3(ph, "0911111111", true, "0922222222", "0911111111"),
	    FORM_MERGE_MINE);
	assert_int_equal(form_merge3(ph, "0911111111", true, NULL, "0911111111"),
	    FORM_MERGE_MINE);
	/* Both, differently. */
	assert_int_equal(form_merge3(ph, "0911111111", true, "0922222222", "0933333333"),
	    FORM_MERGE_BOTH);
	assert_int_equal(form_merge3(ph, "0911111111", true, NULL, "0933333333"),
	    FORM_MERGE_BOTH);
	/* Sets: the same set in another order is no change. */
	assert_int_equal(form_merge3(pl, "ndxp;vnform", true, "vnform;ndxp", "ndxp"),
	    FORM_MERGE_THEIRS);
	/* No base known: every difference is asked about. */
	assert_int_equal(form_merge3(ph, NULL, false, NULL, "0987654321"), FORM_MERGE_BOTH);
	assert_int_equal(form_merge3(ph, NULL, false, "0987654321", "0987654321"),
	    FORM_MERGE_SAME);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_limit),
		cmocka_unit_test(test_counts_limit_file),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_merge3),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

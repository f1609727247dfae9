/* Unit tests for soft warnings (src/form/form-warn.c): `warn` lines refused
 * at the right FILE:LINE, the shipped warnings, which fire on which record,
 * their messages, and the stored list of confirmed names. Messages are the
 * English msgids: no catalogue is bound here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/paths.h"
#include "test-util.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

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

struct broken {
	const char *text;
	int line;
	const char *why;
};

#define HEAD "form training\ntitle.vi Lớp\n"
#define FIELDS "field title\n  type text\n  label.vi Tên\n  required yes\n" \
	"field hours\n  type decimal\n  label.vi Số giờ\n  min 0\n  max 500\n" \
	"field start_date\n  type date\n  label.vi Ngày\n" \
	"field format\n  type choice\n  choices training_format\n  label.vi Hình thức\n" \
	"field note\n  type note\n  label.vi Ghi chú\n"
/* FIELDS ends on line 21. */
#define MSG "  message.vi kiểm tra\n"

static const struct broken broken[] = {
	/* 1 */ { HEAD FIELDS "warn no_hours hour = 0\n" MSG, 22,
		  "'hour' is not a field of this form" },
	/* 2 */ { HEAD FIELDS "warn no_hours hours == 0\n" MSG, 22, "unknown operator '=='" },
	/* 3 */ { HEAD FIELDS "warn long title > abc\n" MSG, 22,
		  "the operator > does not suit the type text of title" },
	/* 4 */ { HEAD FIELDS "warn no_hours hours = không\n" MSG, 22,
		  "the value is not valid: Số giờ:" },
	/* 5 */ { HEAD FIELDS "warn no_hours hours = 0\n" MSG "warn no_hours hours < 1\n" MSG, 24,
		  "the warning no_hours appears twice (first on line 22)" },
	/* 6 */ { HEAD FIELDS "warn no_hours hours = 0\n  message.en check\n", 22,
		  "the warning has no message.vi" },
	/* 7 */ { HEAD FIELDS "warn no_hours hours = 0\n" MSG "  label.vi x\n", 24,
		  "unknown key 'label.vi' (a warn line takes message.vi and message.en)" },
	/* 8 */ { HEAD FIELDS "warn no_hours hours = 0\n" MSG MSG, 24,
		  "'message.vi' is given twice (first on line 23)" },
	/* 9 */ { HEAD FIELDS "warn Giờ hours = 0\n" MSG, 22, "a warning's name is 1 to 40" },
	/* 10 */ { HEAD FIELDS "warn no_title title empty\n" MSG, 22,
		  "the field title is required: it is never empty" },
	/* 11 */ { HEAD FIELDS "warn x hours empty 3\n" MSG, 22, "'empty' takes no value" },
	/* 12 */ { HEAD FIELDS "warn x hours >\n" MSG, 22, "the operator > needs one value" },
	/* 13 */ { HEAD FIELDS "warn x start_date > 31/02/2026\n" MSG, 22,
		  "is not a real date" },
	/* 14 */ { HEAD FIELDS "warn x hours = 0 and\n" MSG, 22, "a warning needs a condition" },
	/* 15 */ { HEAD FIELDS "warn x\n" MSG, 22, "a warning needs a condition" },
	/* 16 */ { HEAD FIELDS "warn x note = a and note empty and hours = 1 and hours = 2"
		  " and hours = 3\n" MSG, 22, "at most 4 conditions" },
	/* 17 */ { HEAD FIELDS "warn x format = hội_thảo_vui\n" MSG, 22, "the value is not valid" },
	/* 18 */ { HEAD FIELDS "  message.vi x\n", 22, "'message.vi'" },
	/* 19 */ { HEAD FIELDS "warn x format < in_person\n" MSG, 22,
		  "the operator < does not suit the type choice of format" },
	/* 20 */ { HEAD "field warnings_ok\n  type text\n  label.vi X\n" FIELDS, 3,
		  "warnings_ok is kept by socds" },
	/* 21 */ { HEAD FIELDS "warn x\n" MSG "title.en X\n", 24, "belongs at the top" },
};

static void
test_warn_faults(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], msg[2 * PATH_MAX + 512];

	(void)state;
	tu_mkdtemp(dir);
	snprintf(path, sizeof path, "%s/x.form", dir);
	for (size_t i = 0; i < nitems(broken); i++) {
		struct form f;
		const char *bad = tu_form_refused(path, broken[i].text, broken[i].line,
		    broken[i].why, &f, msg, sizeof msg);
		if (bad != NULL)
			fail_msg("broken warn %zu: %s", i + 1, bad);
	}
	tu_rmdir(dir);
}

static const struct form *
form_of(const char *kind)
{
	const struct form *f = forms_get(&shipped, record_kind(kind));

	if (f == NULL)
		fail_msg("no form for %s", kind);
	return f;
}

/* The names of the warnings that fire on r, joined by ';' into buf. */
static const char *
fired(const struct form *f, const struct record *r, const char *today, char *buf,
    size_t size)
{
	struct form_warning w[8];
	struct err e = { 0 };
	struct tbuf names = { 0 };
	size_t n;

	assert_int_equal(form_warnings(f, r, today, w, nitems(w), &n, &e), 0);
	assert_true(n <= nitems(w));
	assert_int_equal(form_warn_names(w, n, &names), 0);
	snprintf(buf, size, "%s", names.len ? names.p : "");
	tbuf_free(&names);
	return buf;
}

static void
test_shipped_warnings(void **state)
{
	const struct form *ft = form_of("training"), *fa = form_of("activity");
	const struct form *fs = form_of("staff");
	struct record r;
	char buf[200];

	(void)state;
	assert_true(ft->nwarns >= 2);
	assert_true(fa->nwarns >= 2);
	/* training: 0 hours; a start after today. */
	assert_int_equal(record_init(&r, ft->kind), 0);
	record_set_by_name(&r, "title", "Tập huấn kỹ năng số");
	assert_string_equal(fired(ft, &r, "2026-03-05", buf, sizeof buf), "");
	record_set_by_name(&r, "hours", "0");
	assert_string_equal(fired(ft, &r, "2026-03-05", buf, sizeof buf), "no_hours");
	record_set_by_name(&r, "hours", "0.5");
	record_set_by_name(&r, "start_date", "2026-03-06");
	assert_string_equal(fired(ft, &r, "2026-03-05", buf, sizeof buf), "future_start");
	assert_string_equal(fired(ft, &r, "2026-03-06", buf, sizeof buf), "");
	record_set_by_name(&r, "hours", "0");
	assert_string_equal(fired(ft, &r, "2026-01-01", buf, sizeof buf),
	    "future_start;no_hours");
	record_free(&r);

	/* activity: any category above 1000, or a date after today. */
	assert_int_equal(record_init(&r, fa->kind), 0);
	record_set_by_name(&r, "held_on", "2026-03-05");
	record_set_by_name(&r, "helped", "digital_signature=3;online_public_services=1000");
	assert_string_equal(fired(fa, &r, "2026-03-05", buf, sizeof buf), "");
	record_set_by_name(&r, "helped", "digital_signature=3;online_public_services=9999999");
	assert_string_equal(fired(fa, &r, "2026-03-05", buf, sizeof buf), "many_helped");
	record_set_by_name(&r, "held_on", "2030-01-01");
	assert_string_equal(fired(fa, &r, "2026-03-05", buf, sizeof buf), "future;many_helped");
	record_free(&r);

	/* staff: a name alone is asked about once (name_only); any one of
	 * position, phone, birth year or gender quiets it. */
	assert_int_equal(fs->nwarns, 1);
	assert_int_equal(record_init(&r, fs->kind), 0);
	record_set_by_name(&r, "full_name", "Nguyễn Văn An");
	assert_string_equal(fired(fs, &r, "2026-03-05", buf, sizeof buf), "name_only");
	record_set_by_name(&r, "gender", "female");
	assert_string_equal(fired(fs, &r, "2026-03-05", buf, sizeof buf), "");
	record_free(&r);
}

/* The message names the field by its label and shows the value as the
 * form shows it (a counts value: the category out of the ordinary). */
static void
test_warning_message(void **state)
{
	const struct form *ft = form_of("training"), *fa = form_of("activity");
	struct form_warning w[4];
	struct err e = { 0 };
	struct record r;
	size_t n;

	(void)state;
	assert_int_equal(record_init(&r, ft->kind), 0);
	record_set_by_name(&r, "title", "Lớp A");
	record_set_by_name(&r, "hours", "0");
	record_set_by_name(&r, "start_date", "2030-01-02");
	assert_int_equal(form_warnings(ft, &r, "2026-03-05", w, 1, &n, &e), 0);
	assert_int_equal(n, 2);		/* both counted, one given */
	assert_string_equal(w[0].w->name, "no_hours");
	assert_ptr_equal(&ft->fields[w[0].field], form_field(ft, "hours"));
	assert_non_null(strstr(w[0].msg, "Số giờ học: 0 \xe2\x80\x94 "));
	assert_int_equal(form_warnings(ft, &r, "2026-03-05", w, 4, &n, &e), 0);
	assert_non_null(strstr(w[1].msg, "Ngày bắt đầu: 02/01/2030"));
	record_free(&r);

	assert_int_equal(record_init(&r, fa->kind), 0);
	record_set_by_name(&r, "held_on", "2026-03-05");
	record_set_by_name(&r, "helped", "digital_signature=3;online_public_services=9999999");
	assert_int_equal(form_warnings(fa, &r, "2026-03-05", w, 4, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(w[0].msg, "9999999"));
	assert_null(strstr(w[0].msg, "=3"));
	record_free(&r);
}

/* A small form of its own: `and`, `<=`, `=` on a choice and on a yes/no. */
static void
test_conditions(void **state)
{
	static const char text[] =
	    "form participant\ntitle.vi Học viên\n"
	    "field training_id\n  type ref\n  ref training\n  label.vi Lớp\n  required yes\n"
	    "field attended\n  type bool\n  label.vi Có mặt\n"
	    "field certificate\n  type bool\n  label.vi Chứng chỉ\n"
	    "field note\n  type note\n  label.vi Ghi chú\n"
	    "warn cert_absent certificate = có and attended = không\n"
	    "  message.vi có chứng chỉ mà không có mặt?\n"
	    "  message.en a certificate without attending?\n"
	    "warn no_note note empty\n  message.vi chưa ghi chú\n";
	char dir[PATH_MAX], path[PATH_MAX + 32], buf[200];
	struct form f;
	struct err e = { 0 };
	struct record r;

	(void)state;
	tu_mkdtemp(dir);
	snprintf(path, sizeof path, "%s/participant.form", dir);
	tu_write(path, text, sizeof text - 1);
	if (form_load(path, tu_srcdir(), &f, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(f.nwarns, 2);
	assert_int_equal(f.warns[0].ncond, 2);
	assert_string_equal(f.warns[0].cond[0].value, "1");
	assert_string_equal(f.warns[0].cond[1].value, "0");
	assert_int_equal(f.warns[0].line, 17);
	assert_int_equal(record_init(&r, f.kind), 0);
	record_set_by_name(&r, "training_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5b");
	record_set_by_name(&r, "attended", "0");
	record_set_by_name(&r, "certificate", "1");
	assert_string_equal(fired(&f, &r, "2026-03-05", buf, sizeof buf), "cert_absent;no_note");
	record_set_by_name(&r, "attended", "1");
	record_set_by_name(&r, "note", "ok");
	assert_string_equal(fired(&f, &r, "2026-03-05", buf, sizeof buf), "");
	/* English message when the user reads English. */
	record_set_by_name(&r, "attended", "0");
	i18n_init("en", "/nonexistent");
	{
		struct form_warning w[2];
		size_t n;
		assert_int_equal(form_warnings(&f, &r, "2026-03-05", w, 2, &n, &e), 0);
		assert_int_equal(n, 1);
		assert_non_null(strstr(w[0].msg, "a certificate without attending?"));
	}
	i18n_init("vi", "/nonexistent");
	record_free(&r);
	form_free(&f);
	tu_rmdir(dir);
}

/* A province that does not want name_only puts '#' before its three
 * lines: the form loads without it and a name alone saves quietly. */
static void
test_staff_name_only(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], src[PATH_MAX + 32], buf[200];
	char *text, *p;
	struct form f;
	struct err e = { 0 };
	struct record r;
	FILE *fp;
	long n;

	(void)state;
	snprintf(src, sizeof src, "%s/forms/staff.form", tu_srcdir());
	assert_non_null(fp = fopen(src, "rb"));
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	rewind(fp);
	assert_non_null(text = calloc(1, (size_t)n + 1));
	assert_int_equal(fread(text, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	/* A '#' put before the warn line and its two message lines. */
	assert_non_null(p = strstr(text, "\nwarn name_only "));
	assert_non_null(text = realloc(text, (size_t)n + 4));
	p = strstr(text, "\nwarn name_only ");
	for (int i = 0; i < 3; i++) {
		memmove(p + 2, p + 1, strlen(p + 1) + 1);
		p[1] = '#';
		p = strchr(p + 2, '\n');
	}
	tu_mkdtemp(dir);
	snprintf(path, sizeof path, "%s/staff.form", dir);
	tu_write(path, text, strlen(text));
	free(text);
	if (form_load(path, tu_srcdir(), &f, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(f.nwarns, 0);
	assert_int_equal(record_init(&r, f.kind), 0);
	record_set_by_name(&r, "full_name", "Nguyễn Văn An");
	assert_string_equal(fired(&f, &r, "2026-03-05", buf, sizeof buf), "");
	record_free(&r);
	form_free(&f);
	tu_rmdir(dir);
}

/* The stored list: sorted, once each, ';'; form_check_record refuses
 * another shape and takes the column without a field. */
static void
test_confirmed_list(void **state)
{
	const struct form *ft = form_of("training");
	struct tbuf out = { 0 };
	struct err e = { 0 };
	struct record r;
	size_t bad = 99;

	(void)state;
	assert_int_equal(form_warn_canon("no_hours", &out, &e), 0);
	assert_string_equal(out.p, "no_hours");
	assert_int_equal(form_warn_canon(" no_hours, future_start;no_hours ", &out, &e), 0);
	assert_string_equal(out.p, "future_start;no_hours");
	assert_int_equal(form_warn_canon("", &out, &e), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(form_warn_canon("no hours!", &out, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "'hours!' is not the name of a warning"));
	assert_true(form_warn_listed("future_start;no_hours", "no_hours"));
	assert_false(form_warn_listed("future_start;no_hours", "no_hour"));
	assert_false(form_warn_listed(NULL, "no_hours"));
	tbuf_free(&out);

	assert_int_equal(record_init(&r, ft->kind), 0);
	record_set_by_name(&r, "title", "Lớp A");
	record_set_by_name(&r, RECORD_WARNINGS_COL, "future_start;no_hours");
	assert_int_equal(form_check_record(ft, &r, &bad, &e), 0);
	record_set_by_name(&r, RECORD_WARNINGS_COL, "no_hours;future_start");
	assert_int_equal(form_check_record(ft, &r, &bad, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "Warnings confirmed"));
	record_set_by_name(&r, RECORD_WARNINGS_COL, "x y");
	assert_int_equal(form_check_record(ft, &r, &bad, &e), ERR_INVALID);
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_warn_faults),
		cmocka_unit_test(test_shipped_warnings),
		cmocka_unit_test(test_warning_message),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_staff_name_only),
		cmocka_unit_test(test_confirmed_list),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

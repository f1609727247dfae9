/* draft: a form's unsaved typing written and read back (draft.h), kept in
 * and thrown out of a real database, and a damaged draft refused with a
 * message that says where. No curses: the module is below the screens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "socds/draft.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/store.h"
#include "test-util.h"

struct fx {
	char dir[PATH_MAX];
	char db[PATH_MAX + 16];
	struct forms fs;
	const struct form *f;
	const char **val;	/* one per field of the training form */
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);
	struct err e = { 0 };

	assert_non_null(x);
	tu_mkdtemp(x->dir);
	snprintf(x->db, sizeof x->db, "%s/t.db", x->dir);
	assert_int_equal(forms_load(tu_srcdir(), &x->fs, &e), 0);
	x->f = forms_get(&x->fs, record_kind("training"));
	assert_non_null(x->f);
	assert_true(x->f->n >= 3);
	x->val = calloc(x->f->n, sizeof *x->val);
	assert_non_null(x->val);
	/* Vietnamese, quotes and a new line; an empty field; one not on the form yet. */
	x->val[0] = "Tập huấn \"chuyển đổi số\" cấp xã";
	x->val[1] = "";
	x->val[2] = NULL;
	for (size_t i = 3; i < x->f->n; i++)
		x->val[i] = "dòng một\ndòng hai";
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	free(x->val);
	forms_free(&x->fs);
	tu_rmdir(x->dir);
	free(x);
	return 0;
}

/* Every field comes back as it went (a NULL value as empty). */
static void
assert_values(const struct fx *x, const struct draft *d)
{
	assert_int_equal(d->n, x->f->n);
	for (size_t i = 0; i < x->f->n; i++) {
		assert_non_null(d->val[i]);
		assert_string_equal(d->val[i], x->val[i] != NULL ? x->val[i] : "");
	}
}

static void
test_write_read_back(void **state)
{
	struct fx *x = *state;
	struct draft d;
	struct err e = { 0 };
	char *text;

	assert_int_equal(draft_encode(x->f, x->val, NULL, &text, &e), 0);
	assert_non_null(strstr(text, "\"title\""));
	assert_null(strstr(text, "@base"));	/* a new record has no base */
	assert_int_equal(draft_decode(x->f, text, &d, &e), 0);
	assert_values(x, &d);
	assert_false(d.have_base);
	assert_null(d.base);
	draft_free(&d);
	free(text);
}

/* The version the typing started from comes back too: its fields (empty as
 * NULL, as a record has them) and its unit. */
static void
test_base_read_back(void **state)
{
	struct fx *x = *state;
	struct record base;
	struct draft d;
	struct err e = { 0 };
	char *text;

	assert_int_equal(record_init(&base, x->f->kind), 0);
	assert_int_equal(record_set(&base, x->f->fields[0].col, "Bản trước"), 0);
	snprintf(base.unit_code, sizeof base.unit_code, "%s", "52");
	assert_int_equal(draft_encode(x->f, x->val, &base, &text, &e), 0);
	assert_int_equal(draft_decode(x->f, text, &d, &e), 0);
	assert_values(x, &d);
	assert_true(d.have_base);
	assert_string_equal(d.base[0], "Bản trước");
	for (size_t i = 1; i < x->f->n; i++)
		assert_null(d.base[i]);
	assert_string_equal(d.base_unit, "52");
	draft_free(&d);
	free(text);
	record_free(&base);
}

/* A draft may lack fields (a form that gained one since): they are NULL,
 * and a base that is not an object is no base. */
static void
test_missing_fields(void **state)
{
	struct fx *x = *state;
	struct draft d;
	struct err e = { 0 };

	assert_int_equal(draft_decode(x->f, "{\"title\":\"A\",\"@base\":5,\"gone\":\"x\"}", &d,
	    &e), 0);
	assert_string_equal(d.val[0], "A");
	for (size_t i = 1; i < x->f->n; i++)
		assert_null(d.val[i]);
	assert_false(d.have_base);
	draft_free(&d);
}

/* A damaged draft is refused with a message saying where, and nothing is
 * left allocated; draft_open names the draft. */
static void
test_damaged(void **state)
{
	struct fx *x = *state;
	struct draft d;
	struct err e = { 0 };
	struct draft_row row = { .seq = 7, .kind = "training", .saved_at = "2026-12-06T08:00:00Z",
		.fields = "{\"title\": \"cut off" };

	assert_int_equal(draft_decode(x->f, row.fields, &d, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "damaged"));
	assert_non_null(strstr(e.msg, "line 1"));
	assert_null(d.val);
	err_clear(&e);
	assert_int_equal(draft_decode(x->f, "[\"title\"]", &d, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "not a JSON object"));
	err_clear(&e);
	assert_int_equal(draft_decode(x->f, NULL, &d, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(draft_open(&row, x->f, &d, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, i18n_pick(x->f->title_vi, x->f->title_en)));
	assert_non_null(strstr(e.msg, "2026-12-06T08:00:00Z"));
	assert_non_null(strstr(e.msg, "damaged"));
}

struct listed {
	int n;
	struct draft_row row;
	char fields[4096], record_id[64];
};

static int
take(const struct draft_row *r, void *arg)
{
	struct listed *l = arg;

	l->n++;
	l->row = *r;
	snprintf(l->fields, sizeof l->fields, "%s", r->fields);
	snprintf(l->record_id, sizeof l->record_id, "%s", r->record_id ? r->record_id : "");
	l->row.fields = l->fields;
	return 0;
}

/* Kept through the store, listed, kept again in place, dropped: the screen's
 * whole use. The database the drafts live in is the owner's only (0600). */
static void
test_keep_list_drop(void **state)
{
	struct fx *x = *state;
	struct store *s;
	struct err e = { 0 };
	struct draft_row row = { .kind = "training", .unit = "52", .base_version = 0 };
	struct listed l = { 0 };
	struct draft d;
	struct stat sb;
	int64_t first;

	assert_int_equal(store_open(x->db, STORE_CREATE, &s, &e), 0);
	assert_int_equal(draft_keep(s, &row, x->f, x->val, NULL, &e), 0);
	assert_true(row.seq > 0);
	first = row.seq;
	x->val[0] = "Đã sửa";
	assert_int_equal(draft_keep(s, &row, x->f, x->val, NULL, &e), 0);
	assert_int_equal(row.seq, first);	/* the same draft, kept again */
	assert_int_equal(store_draft_list(s, take, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.record_id, "");
	assert_int_equal(draft_open(&l.row, x->f, &d, &e), 0);
	assert_values(x, &d);
	draft_free(&d);
	assert_int_equal(stat(x->db, &sb), 0);
#ifndef _WIN32	/* Windows keeps privacy in ACLs, which Wine does not store */
	assert_int_equal(sb.st_mode & 0777, 0600);
#endif
	assert_int_equal(draft_drop(s, &row.seq, &e), 0);
	assert_int_equal(row.seq, 0);
	assert_int_equal(draft_drop(s, &row.seq, &e), 0);	/* nothing to drop */
	l.n = 0;
	assert_int_equal(store_draft_list(s, take, &l, &e), 0);
	assert_int_equal(l.n, 0);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_list_drop, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

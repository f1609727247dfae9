/* Rules across fields (`rule` lines of the forms): how they are read (good
 * and broken lines, reported at FILE:LINE), checked without the database
 * (after, one_of, and unique among a file's rows) and with it (unique,
 * within) on a real SQLite file in a temporary folder — never the record
 * itself, never a deleted row. Below them the schema's constraints, reached
 * by writing past the form, give a field and a message of our own, never
 * SQLite's text. Messages are the English msgids: no catalogue is bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/store.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/job-units.h"
#include "socds/uuid.h"
#include "test-util.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

static struct forms forms;

static int
group_setup(void **state)
{
	(void)state;
	return tu_forms_load(&forms, "vi");	/* Vietnamese labels, English messages */
}

static int
group_teardown(void **state)
{
	(void)state;
	forms_free(&forms);
	return 0;
}

static const struct form *
form_of(const char *kind)
{
	const struct form *f = forms_get(&forms, record_kind(kind));
	if (f == NULL)
		fail_msg("no form %s", kind);
	return f;
}

static size_t
index_of(const struct form *f, const char *name)
{
	const struct form_field *ff = form_field(f, name);
	if (ff == NULL)
		fail_msg("no field %s", name);
	return (size_t)(ff - f->fields);
}

/* --- reading --- */

/* The shipped forms declare the schema's two-field rules and unique indexes. */
static void
test_shipped_rules(void **state)
{
	const struct form *t = form_of("training"), *p = form_of("participant");
	const struct form *a = form_of("activity");

	(void)state;
	assert_int_equal(t->nrules, 1);
	assert_int_equal(t->rules[0].type, RULE_AFTER);
	assert_int_equal(t->rules[0].field, index_of(t, "end_date"));
	assert_int_equal(t->rules[0].other, index_of(t, "start_date"));
	assert_int_equal(p->nrules, 3);
	assert_int_equal(p->rules[0].type, RULE_ONE_OF);
	assert_int_equal(p->rules[1].type, RULE_UNIQUE);
	assert_int_equal(p->rules[1].field, index_of(p, "staff_id"));
	assert_int_equal(p->rules[1].other, index_of(p, "training_id"));
	assert_int_equal(p->rules[2].type, RULE_UNIQUE);
	assert_int_equal(p->rules[2].field, index_of(p, "member_id"));
	assert_int_equal(a->nrules, 1);
	assert_int_equal(a->rules[0].type, RULE_WITHIN);
	assert_int_equal(a->rules[0].field, index_of(a, "members_present"));
	assert_int_equal(a->rules[0].other, index_of(a, "team_id"));
	/* In post until, left the team: never before the day it began. */
	const struct form *s = form_of("staff"), *m = form_of("member");
	assert_int_equal(s->nrules, 1);
	assert_int_equal(s->rules[0].type, RULE_AFTER);
	assert_int_equal(s->rules[0].field, index_of(s, "in_post_until"));
	assert_int_equal(s->rules[0].other, index_of(s, "in_post_from"));
	assert_int_equal(m->nrules, 1);
	assert_int_equal(m->rules[0].type, RULE_AFTER);
	assert_int_equal(m->rules[0].field, index_of(m, "left_on"));
	assert_int_equal(m->rules[0].other, index_of(m, "joined_on"));
	assert_int_equal(form_of("village")->nrules, 0);
	/* One figure per unit, year and indicator: unique within each unit. */
	const struct form *st = form_of("statistic");
	assert_int_equal(st->nrules, 1);
	assert_int_equal(st->rules[0].type, RULE_UNIQUE);
	assert_int_equal(st->rules[0].field, index_of(st, "indicator"));
	assert_int_equal(st->rules[0].other, index_of(st, "year"));
	assert_true(st->rules[0].per_unit);
	assert_false(p->rules[1].per_unit);
}

#define TRAINING "form training\ntitle.vi Lớp\n" \
	"field title\n  type text\n  label.vi Tên\n  required yes\n" \
	"field start_date\n  type date\n  label.vi Bắt đầu\n" \
	"field end_date\n  type date\n  label.vi Kết thúc\n" \
	"field hours\n  type decimal\n  label.vi Giờ\n"	/* lines 1-14 */
#define ACTIVITY "form activity\ntitle.vi HĐ\n" \
	"field team_id\n  type ref\n  ref team\n  label.vi Tổ\n  required yes\n" \
	"field held_on\n  type date\n  label.vi Ngày\n  required yes\n" \
	"field members_present\n  type refs\n  ref member\n  label.vi TV\n" \
	"field description\n  type note\n  label.vi ND\n"	/* lines 1-19 */

static const struct {
	const char *text;
	int line;
	const char *why;
} broken[] = {
	/* 1 */ { TRAINING "rule before end_date start_date\n", 16,
		  "unknown rule 'before' (rules: after, one_of, unique, within)" },
	/* 2 */ { TRAINING "rule after end_date\n", 16, "a rule names two fields" },
	/* 3 */ { TRAINING "rule after end_date start_date hours\n", 16,
		  "a rule names two fields" },
	/* 4 */ { TRAINING "rule after end_dat start_date\n", 16,
		  "'end_dat' is not a field of this form" },
	/* 5 */ { TRAINING "rule after end_date end_date\n", 16, "two different fields" },
	/* 6 */ { TRAINING "rule after end_date title\n", 16,
		  "the rule after compares two dates or two numbers, not date and text" },
	/* 7 */ { TRAINING "rule after hours start_date\n", 16,
		  "not decimal and date" },
	/* 8 */ { TRAINING "rule one_of title hours\n", 16,
		  "the rule one_of cannot name the required field title" },
	/* 9 */ { ACTIVITY "rule unique members_present team_id\n", 19,
		  "the rule unique needs two fields of one value each, not refs and ref" },
	/* 10 */ { ACTIVITY "rule unique description team_id\n", 19,
		  "the rule unique needs two fields" },
	/* 11 */ { ACTIVITY "rule within held_on team_id\n", 19,
		  "the rule within needs held_on to refer to records that also have team_id" },
	/* 12 */ { ACTIVITY "rule within members_present held_on\n", 19,
		  "the rule within needs members_present" },
	/* 13 */ { TRAINING "rule\n", 16, "'rule' needs a value" },
	/* 14 */ { TRAINING "rule after end_date start_date\ntitle.en X\n", 17,
		  "'title.en' belongs at the top" },
	/* 15 */ { TRAINING "rule after end_date start_date\n  label.en X\n", 17,
		  "this indented line is not inside a field block" },
	/* 16, 17: only `unique` takes `unit` after its two fields. */
	{ TRAINING "rule after end_date start_date unit\n", 16, "a rule names two fields" },
	{ ACTIVITY "rule unique held_on team_id village\n", 19, "a rule names two fields" },
	/* 18: the fault is the rule's line, though it is checked at the end. */
	{ TRAINING "rule after end_date nothing\n# x\n\n", 16, "'nothing' is not a field" },
};

static void
test_broken_rules(void **state)
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
			fail_msg("broken rule %d: %s", (int)(i + 1), bad);	/* cmocka: msvcrt's printf */
	}
	tu_rmdir(dir);
}

/* Good rule lines: anywhere after the header, between field blocks too;
 * fields named before they are declared; numbers compared by value. */
static void
test_good_rules(void **state)
{
	static const char text[] = "form training\ntitle.vi Lớp\n"
	    "rule after end_date start_date\n"
	    "field title\n  type text\n  label.vi Tên\n  required yes\n"
	    "field start_date\n  type date\n  label.vi Bắt đầu\n"
	    "rule after hours hours_min\n"
	    "field end_date\n  type date\n  label.vi Kết thúc\n"
	    "field hours\n  type decimal\n  label.vi Giờ\n";
	char dir[PATH_MAX], path[PATH_MAX + 32];
	struct form f;
	struct err e = { 0 };

	(void)state;
	tu_mkdtemp(dir);
	snprintf(path, sizeof path, "%s/x.form", dir);
	/* hours_min is no column of training: refused at line 11. */
	tu_write(path, text, strlen(text));
	assert_int_not_equal(form_load(path, tu_srcdir(), &f, &e), 0);
	assert_non_null(strstr(e.msg, ":11: 'hours_min' is not a field"));
	{
		static const char good[] = "form training\ntitle.vi Lớp\n"
		    "rule after end_date start_date\n"
		    "field title\n  type text\n  label.vi Tên\n  required yes\n"
		    "field start_date\n  type date\n  label.vi Bắt đầu\n"
		    "rule   after\tend_date  start_date  \n"
		    "field end_date\n  type date\n  label.vi Kết thúc\n";
		tu_write(path, good, strlen(good));
		if (form_load(path, tu_srcdir(), &f, &e) != 0)
			fail_msg("good rules refused: %s", e.msg);
		assert_int_equal(f.nrules, 2);
		assert_int_equal(f.rules[0].line, 3);
		assert_int_equal(f.rules[1].line, 11);
		assert_int_equal(f.rules[1].field, 2);
		assert_int_equal(f.n, 3);	/* the rule line closed start_date's block */
		form_free(&f);
	}
	tu_rmdir(dir);
}

/* --- checking without the database --- */

static void
set(struct record *r, const char *col, const char *v)
{
	assert_int_equal(record_set_by_name(r, col, v), 0);
}

static void
test_after_one_of(void **state)
{
	const struct form *t = form_of("training"), *p = form_of("participant");
	struct record r;
	struct err e = { 0 };
	size_t bad = 99;

	(void)state;
	assert_int_equal(record_init(&r, record_kind("training")), 0);
	set(&r, "title", "Lớp A");
	assert_int_equal(form_check_rules(t, &r, &bad, &e), 0);	/* no dates */
	set(&r, "start_date", "2026-03-05");
	assert_int_equal(form_check_rules(t, &r, &bad, &e), 0);	/* one date */
	set(&r, "end_date", "2026-03-05");
	assert_int_equal(form_check_rules(t, &r, &bad, &e), 0);	/* the same day */
	set(&r, "end_date", "2026-03-04");
	assert_int_equal(form_check_rules(t, &r, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, index_of(t, "end_date"));
	assert_string_equal(e.msg, "Ngày kết thúc: 04/03/2026 is before Ngày bắt đầu 05/03/2026");
	record_free(&r);

	assert_int_equal(record_init(&r, record_kind("participant")), 0);
	set(&r, "training_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5b");
	bad = 99;
	assert_int_equal(form_check_rules(p, &r, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, index_of(p, "staff_id"));
	assert_non_null(strstr(e.msg, "give one of the two"));
	assert_non_null(strstr(e.msg, "Cán bộ, công chức"));
	set(&r, "staff_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5c");
	assert_int_equal(form_check_rules(p, &r, &bad, &e), 0);
	set(&r, "member_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5d");
	assert_int_equal(form_check_rules(p, &r, &bad, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "not both"));
	set(&r, "staff_id", NULL);
	assert_int_equal(form_check_rules(p, &r, &bad, &e), 0);
	record_free(&r);
}

/* unique among the rows of one file: the second names the first's line;
 * a tombstone and another training are no repeat. */
static void
test_seen(void **state)
{
	const struct form *p = form_of("participant");
	struct form_seen seen = { 0 };
	struct record r;
	struct err e = { 0 };
	size_t bad = 99;

	(void)state;
	assert_int_equal(record_init(&r, record_kind("participant")), 0);
	set(&r, "training_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5b");
	set(&r, "staff_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5c");
	assert_int_equal(form_check_seen(p, &r, &seen, 2, &bad, &e), 0);
	r.deleted = true;
	assert_int_equal(form_check_seen(p, &r, &seen, 3, &bad, &e), 0);
	r.deleted = false;
	set(&r, "training_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5e");
	assert_int_equal(form_check_seen(p, &r, &seen, 4, &bad, &e), 0);
	/* The same person as a team member is another rule's value. */
	set(&r, "training_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5b");
	set(&r, "member_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5c");
	set(&r, "staff_id", NULL);
	assert_int_equal(form_check_seen(p, &r, &seen, 5, &bad, &e), 0);
	set(&r, "member_id", NULL);
	set(&r, "staff_id", "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5c");
	assert_int_equal(form_check_seen(p, &r, &seen, 6, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, index_of(p, "staff_id"));
	assert_string_equal(e.msg, "Cán bộ, công chức: given again with the same Lớp bồi dưỡng,"
	    " tập huấn (also on line 2)");
	form_seen_free(&seen);
	record_free(&r);
}

/* --- checking with the database --- */

struct fx {
	TU_FX_FIELDS;			/* dir, db, s (test-util.h) */
	char tr[UUID_STR_LEN], tr2[UUID_STR_LEN], st[UUID_STR_LEN], team[UUID_STR_LEN];
	char team2[UUID_STR_LEN], mb[UUID_STR_LEN], mb2[UUID_STR_LEN];
};

static void
put(struct fx *f, const char *kind, char id[UUID_STR_LEN], ...)
{
	struct record r;
	struct err e = { 0 };
	va_list ap;
	const char *col;

	assert_int_equal(record_init(&r, record_kind(kind)), 0);
	snprintf(r.unit_code, sizeof r.unit_code, "548");
	va_start(ap, id);
	while ((col = va_arg(ap, const char *)) != NULL)
		set(&r, col, va_arg(ap, const char *));
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

	if (f == NULL)
		return -1;
	put(f, "training", f->tr, "title", "Kỹ năng số", "start_date", "2026-03-02", NULL);
	put(f, "training", f->tr2, "title", "An toàn thông tin", NULL);
	put(f, "staff", f->st, "full_name", "Nguyễn Thị Hồng Nhung", NULL);
	put(f, "team", f->team, "name", "Tổ An Hòa", NULL);
	put(f, "team", f->team2, "name", "Tổ Bình Minh", NULL);
	put(f, "member", f->mb, "team_id", f->team, "full_name", "Phạm Văn Tâm", NULL);
	put(f, "member", f->mb2, "team_id", f->team2, "full_name", "Bùi Văn Xa", NULL);
	*state = f;
	return 0;
}

#define teardown tu_teardown

static void
test_unique_db(void **state)
{
	struct fx *f = *state;
	const struct form *p = form_of("participant");
	struct record r;
	struct err e = { 0 };
	size_t bad = 99;
	char id[UUID_STR_LEN], sql[200];
	sqlite3 *h;

	/* Nobody yet: fine. */
	assert_int_equal(record_init(&r, record_kind("participant")), 0);
	set(&r, "training_id", f->tr);
	set(&r, "staff_id", f->st);
	assert_int_equal(form_check_stored(f->s, p, &r, INT64_MAX, &bad, &e), 0);
	put(f, "participant", id, "training_id", f->tr, "staff_id", f->st, NULL);

	/* The same person again: refused, naming the person and the field. */
	assert_int_equal(form_check_stored(f->s, p, &r, INT64_MAX, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, index_of(p, "staff_id"));
	assert_string_equal(e.msg, "Cán bộ, công chức: Nguyễn Thị Hồng Nhung is already recorded"
	    " with the same Lớp bồi dưỡng, tập huấn");
	/* ... but not before the mark (an import's own rows are not seen). */
	assert_int_equal(form_check_stored(f->s, p, &r, 0, &bad, &e), 0);
	/* In another training: fine. */
	set(&r, "training_id", f->tr2);
	assert_int_equal(form_check_stored(f->s, p, &r, INT64_MAX, &bad, &e), 0);
	/* The stored record itself, saved again: fine. */
	set(&r, "training_id", f->tr);
	memcpy(r.id, id, sizeof r.id);
	assert_int_equal(form_check_stored(f->s, p, &r, INT64_MAX, &bad, &e), 0);
	/* A tombstone is not a participant. */
	r.id[0] = '\0';
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	snprintf(sql, sizeof sql, "UPDATE participant SET deleted = 1 WHERE id = '%s'", id);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(form_check_stored(f->s, p, &r, INT64_MAX, &bad, &e), 0);
	/* A deleted record being written is never a repeat. */
	put(f, "participant", NULL, "training_id", f->tr, "staff_id", f->st, NULL);
	assert_int_equal(form_check_stored(f->s, p, &r, INT64_MAX, &bad, &e), ERR_INVALID);
	r.deleted = true;
	assert_int_equal(form_check_stored(f->s, p, &r, INT64_MAX, &bad, &e), 0);
	record_free(&r);

	/* Team members by their own rule. */
	assert_int_equal(record_init(&r, record_kind("participant")), 0);
	set(&r, "training_id", f->tr);
	set(&r, "member_id", f->mb);
	assert_int_equal(form_check_stored(f->s, p, &r, INT64_MAX, &bad, &e), 0);
	put(f, "participant", NULL, "training_id", f->tr, "member_id", f->mb, NULL);
	assert_int_equal(form_check_stored(f->s, p, &r, INT64_MAX, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, index_of(p, "member_id"));
	assert_non_null(strstr(e.msg, "Phạm Văn Tâm is already recorded"));
	record_free(&r);
}

static void
test_within_db(void **state)
{
	struct fx *f = *state;
	const struct form *a = form_of("activity");
	struct record r;
	struct err e = { 0 };
	size_t bad = 99;
	char ids[80];

	assert_int_equal(record_init(&r, record_kind("activity")), 0);
	set(&r, "team_id", f->team);
	set(&r, "held_on", "2026-03-05");
	assert_int_equal(form_check_stored(f->s, a, &r, INT64_MAX, &bad, &e), 0);
	set(&r, "members_present", f->mb);
	assert_int_equal(form_check_stored(f->s, a, &r, INT64_MAX, &bad, &e), 0);
	snprintf(ids, sizeof ids, "%s;%s", strcmp(f->mb, f->mb2) < 0 ? f->mb : f->mb2,
	    strcmp(f->mb, f->mb2) < 0 ? f->mb2 : f->mb);
	set(&r, "members_present", ids);
	assert_int_equal(form_check_stored(f->s, a, &r, INT64_MAX, &bad, &e), ERR_INVALID);
	assert_int_equal(bad, index_of(a, "members_present"));
	assert_string_equal(e.msg, "Thành viên tham gia: Bùi Văn Xa does not belong to the"
	    " Tổ công nghệ số cộng đồng chosen");
	/* The other team's activity: its member is fine, ours is not. */
	set(&r, "team_id", f->team2);
	set(&r, "members_present", f->mb2);
	assert_int_equal(form_check_stored(f->s, a, &r, INT64_MAX, &bad, &e), 0);
	set(&r, "members_present", f->mb);
	assert_int_equal(form_check_stored(f->s, a, &r, INT64_MAX, &bad, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "Phạm Văn Tâm does not belong"));
	record_free(&r);
}

/* --- the schema's last guard --- */

static void
no_sqlite_text(const char *msg)
{
	if (strstr(msg, "constraint") != NULL || strstr(msg, "CONSTRAINT") != NULL ||
	    strstr(msg, "SQLITE") != NULL || strstr(msg, " IS NULL") != NULL)
		fail_msg("SQLite's text reached the message: %s", msg);
}

static void
test_constraints_mapped(void **state)
{
	struct fx *f = *state;
	struct record r;
	struct err e = { 0 };

	/* Past the form: the CHECK end_date >= start_date. */
	assert_int_equal(record_init(&r, record_kind("training")), 0);
	snprintf(r.unit_code, sizeof r.unit_code, "548");
	set(&r, "title", "Lớp B");
	set(&r, "start_date", "2026-03-05");
	set(&r, "end_date", "2026-03-04");
	assert_int_equal(store_record_insert(f->s, &r, &e), ERR_CONSTRAINT);
	assert_string_equal(e.msg, "End date: the training cannot end before it starts");
	assert_string_equal(store_failed_column(f->s), "end_date");
	/* A CHECK the table has no entry for: the field, in our words. */
	set(&r, "end_date", NULL);
	set(&r, "hours", "-1");
	r.id[0] = '\0';
	assert_int_equal(store_record_insert(f->s, &r, &e), ERR_CONSTRAINT);
	assert_string_equal(e.msg, "Hours: cannot be negative");
	set(&r, "hours", NULL);
	set(&r, "start_date", "2026-02-30");
	r.id[0] = '\0';
	assert_int_equal(store_record_insert(f->s, &r, &e), ERR_CONSTRAINT);
	assert_string_equal(e.msg, "training: the record breaks a rule of the database"
	    " (field start_date)");
	assert_string_equal(store_failed_column(f->s), "start_date");
	no_sqlite_text(e.msg);
	record_free(&r);

	/* The participant's CHECK and unique indexes. */
	assert_int_equal(record_init(&r, record_kind("participant")), 0);
	snprintf(r.unit_code, sizeof r.unit_code, "548");
	set(&r, "training_id", f->tr2);
	set(&r, "staff_id", f->st);
	set(&r, "member_id", f->mb);
	assert_int_equal(store_record_insert(f->s, &r, &e), ERR_CONSTRAINT);
	assert_string_equal(e.msg, "Staff member, team member: a participant is exactly one of"
	    " the two");
	assert_string_equal(store_failed_column(f->s), "staff_id");
	set(&r, "member_id", NULL);
	r.id[0] = '\0';
	assert_int_equal(store_record_insert(f->s, &r, &e), 0);
	r.id[0] = '\0';
	assert_int_equal(store_record_insert(f->s, &r, &e), ERR_CONSTRAINT);
	assert_string_equal(e.msg, "Staff member: already a participant of this training");
	set(&r, "staff_id", NULL);
	set(&r, "member_id", f->mb2);
	r.id[0] = '\0';
	assert_int_equal(store_record_insert(f->s, &r, &e), 0);
	r.id[0] = '\0';
	assert_int_equal(store_record_insert(f->s, &r, &e), ERR_CONSTRAINT);
	assert_string_equal(e.msg, "Team member: already a participant of this training");
	assert_string_equal(store_failed_column(f->s), "member_id");
	record_free(&r);

	/* A later error that is no constraint leaves no stale field. */
	assert_int_equal(record_init(&r, record_kind("staff")), 0);
	snprintf(r.unit_code, sizeof r.unit_code, "548");
	set(&r, "full_name", "A B");
	set(&r, "birth_year", "1800");
	assert_int_equal(store_record_insert(f->s, &r, &e), ERR_CONSTRAINT);
	assert_string_equal(store_failed_column(f->s), "birth_year");
	no_sqlite_text(e.msg);
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_rules),
		cmocka_unit_test(test_broken_rules),
		cmocka_unit_test(test_good_rules),
		cmocka_unit_test(test_after_one_of),
		cmocka_unit_test(test_seen),
		cmocka_unit_test_setup_teardown(test_unique_db, setup, teardown),
		cmocka_unit_test_setup_teardown(test_within_db, setup, teardown),
		cmocka_unit_test_setup_teardown(test_constraints_mapped, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

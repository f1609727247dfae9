/* tasks: the plan tasks of a unit from the store (as of a day, with what is
 * overdue), counted, and the catalogue (assets/tasks/tasks.csv) loaded into
 * the store; the task status job. The due times themselves are model/tasks.c. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/job-tasks.h"
#include "socds/text.h"
#include "socds/paths.h"
#include "socds/period.h"
#include "socds/record.h"
#include "socds/store-unit.h"
#include "socds/store-task.h"
#include "socds/unit.h"
#include "socds/store-admin.h"
#include "socds/store-record.h"

struct tasks_list_ctx {
	char asof[11];
	int (*fn)(const struct task_row *t, void *arg);
	void *arg;
};

static int
tasks_list_row(const struct task_row *raw, void *arg)
{
	struct tasks_list_ctx *c = arg;
	struct task_row t = *raw;
	struct due d;
	struct err e = { 0 };

	/* A yearly task's status is the year's: done in 2025 is not done in 2026. */
	if (due_parse(t.due_text, &d, &e) == 0) {
		t.yearly = d.kind == DUE_YEARLY;
		if (t.yearly) {
			t.status = t.year_status;
			t.progress_id = t.year_progress_id;
		}
		t.overdue = due_overdue(&d, t.status, c->asof);
	}
	return c->fn(&t, c->arg);
}

int
tasks_list(struct store *s, const char *unit, const char *level, const char *asof,
    int (*fn)(const struct task_row *t, void *arg), void *arg, struct err *e)
{
	struct tasks_list_ctx c = { "", fn, arg };
	struct unit u;
	char year[5];

	if (!due_iso_valid(asof))
		return err_set(e, ERR_INVALID, _("date '%s' is not yyyy-mm-dd"), asof ? asof : "");
	memcpy(c.asof, asof, 10);
	/* A unit that has ended (a district on 1 July 2025) stands as it was on its
	 * last day: its yearly tasks are that year's, never overdue after it. */
	if (store_unit_get(s, unit, &u, e) != 0)
		return e->code;
	if (due_iso_valid(u.abolished_on) && strcmp(c.asof, u.abolished_on) >= 0)
		due_day_before(u.abolished_on, c.asof);
	memcpy(year, c.asof, 4);
	year[4] = '\0';
	/* The status is the one recorded up to asof itself: an office still at
	 * work records later what it did before it ended. */
	return store_task_list(s, unit, level, year, asof, TASKS_TWO_LEVEL_FROM, tasks_list_row,
	    &c, e);
}

static int
tasks_count_row(const struct task_row *row, void *arg)
{
	tasks_count_add(arg, row->code, row->status, row->overdue);
	return 0;
}

int
tasks_count(struct store *s, const char *unit, const char *level, const char *asof,
    struct task_counts *c, struct err *e)
{
	memset(c, 0, sizeof *c);
	return tasks_list(s, unit, level, asof, tasks_count_row, c, e);
}

/* --- loading tasks.csv --- */

enum { TC_CODE, TC_PLAN, TC_PARENT, TC_TITLE, TC_LEAD, TC_COORD, TC_RESULT, TC_DUE,
	TC_LEVEL, TC_PROVINCE, TC_COUNT };

static const char *const tasks_cols[TC_COUNT] = { "code", "plan", "parent", "title",
	"lead_agency", "coordinating", "expected_result", "due_text", "level", "province" };

/* The codes read so far, to refuse repeats and parents that come later. */
struct tasks_seen {
	char **code;
	size_t n, cap;
};

static bool
tasks_seen_has(const struct tasks_seen *s, const char *code)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->code[i], code) == 0)
			return true;
	return false;
}

static int
tasks_seen_add(struct tasks_seen *s, const char *code, struct err *e)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		char **p = realloc(s->code, cap * sizeof *p);
		if (p == NULL)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		s->code = p;
		s->cap = cap;
	}
	if ((s->code[s->n] = strdup(code)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	s->n++;
	return 0;
}

static void
tasks_seen_free(struct tasks_seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->code[i]);
	free(s->code);
}

/* One data row: checked, cleaned (NFC) and written. */
static int
tasks_row(struct store *s, const char **raw, struct tbuf *t, struct tasks_seen *seen,
    struct err *e)
{
	struct store_task st;
	struct due d;
	char derived[32];
	bool provincial = false;

	for (int i = 0; i < TC_COUNT; i++)
		if (text_clean(raw[i], &t[i]) != 0)
			return err_set(e, ERR_INVALID, _("%s: the text is not valid UTF-8"),
			    tasks_cols[i]);
#define F(i) (t[i].p != NULL ? t[i].p : "")
	if (*F(TC_CODE) == '\0' || *F(TC_TITLE) == '\0' || *F(TC_PLAN) == '\0')
		return err_set(e, ERR_INVALID, _("a task needs a code, a plan and a title"));
	if (tasks_seen_has(seen, F(TC_CODE)))
		return err_set(e, ERR_INVALID, _("task code '%s' appears twice"), F(TC_CODE));
	if (*F(TC_PARENT) != '\0' && !tasks_seen_has(seen, F(TC_PARENT)))
		return err_set(e, ERR_INVALID,
		    _("task %s: the parent '%s' is not a task listed before it"), F(TC_CODE),
		    F(TC_PARENT));
	if (!tasks_level_valid(F(TC_LEVEL)))
		return err_set(e, ERR_INVALID,
		    _("task %s: unknown level '%s' (province, district, commune)"), F(TC_CODE),
		    F(TC_LEVEL));
	memset(&d, 0, sizeof d);
	if (*F(TC_DUE) != '\0' && due_parse(F(TC_DUE), &d, e) != 0)
		return e->code;
	/* A provincial action stays at the province, whatever the file says. */
	if (tasks_level_derive(F(TC_TITLE), F(TC_LEAD), F(TC_COORD), derived, sizeof derived,
	    &provincial) != 0)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	st = (struct store_task){
		.code = F(TC_CODE), .title = F(TC_TITLE), .lead_agency = F(TC_LEAD),
		.coordinating = F(TC_COORD), .expected_result = F(TC_RESULT),
		.due_text = F(TC_DUE), .due_start = d.start, .due_end = d.end,
		.level = provincial ? "province" : F(TC_LEVEL), .source = F(TC_PLAN), .province_code = F(TC_PROVINCE),
	};
	if (store_task_put(s, &st, e) != 0)
		return e->code;
	return tasks_seen_add(seen, F(TC_CODE), e);
#undef F
}

static bool
tasks_blank_row(const struct csv *c)
{
	return csv_nfields(c) <= 1 && csv_field_len(c, 0) == 0;
}

static int
tasks_read(struct store *s, FILE *fp, const char *path, struct err *e)
{
	struct tasks_seen seen = { 0 };
	struct tbuf t[TC_COUNT];
	const char *raw[TC_COUNT];
	int idx[TC_COUNT];
	struct csv *c;
	int rc;

	memset(t, 0, sizeof t);
	if ((c = csv_open(fp, path, ',')) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	if ((rc = csv_next(c, e)) <= 0) {
		if (rc == 0)
			err_set(e, ERR_INVALID, _("%s: the file is empty"), path);
		goto out;
	}
	for (int i = 0; i < TC_COUNT; i++) {
		idx[i] = -1;
		for (size_t j = 0; j < csv_nfields(c); j++)
			if (strcmp(csv_field(c, j), tasks_cols[i]) == 0)
				idx[i] = (int)j;
		/* province may be left out: such a plan concerns every province. */
		if (idx[i] < 0 && i != TC_PROVINCE) {
			err_set(e, ERR_INVALID, _("%s:1: column '%s' is missing"), path,
			    tasks_cols[i]);
			goto out;
		}
	}
	while ((rc = csv_next(c, e)) == 1) {
		if (tasks_blank_row(c))
			continue;
		for (int i = 0; i < TC_COUNT; i++)
			raw[i] = idx[i] >= 0 ? csv_field(c, (size_t)idx[i]) : "";
		if (tasks_row(s, raw, t, &seen, e) != 0) {
			err_prefix(e, "%s:%ld", path, csv_line(c));
			break;
		}
	}
out:
	for (int i = 0; i < TC_COUNT; i++)
		tbuf_free(&t[i]);
	tasks_seen_free(&seen);
	csv_free(c);
	return e->code;
}

int
tasks_load(struct store *s, const char *datadir, struct err *e)
{
	char path[PATH_MAX];
	FILE *fp;

	err_clear(e);
	if (paths_join(path, sizeof path, e, "%s/assets/tasks/tasks.csv", datadir) != 0)
		return e->code;
	if ((fp = os_fopen(path, "r")) == NULL)
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), path, err_errno(errno));
	if (store_begin(s, e) != 0) {
		fclose(fp);
		return e->code;
	}
	if (tasks_read(s, fp, path, e) != 0) {
		store_rollback(s);
		fclose(fp);
		return e->code;
	}
	fclose(fp);
	return store_commit(s, e);
}

/* --- the task status job --- */

static const char *const tasks_statuses[] = { "not_started", "in_progress", "done",
	"cancelled" };

struct tasks_find {
	const char *code;
	bool found;
};

static int
tasks_find_row(const struct task_row *t, void *arg)
{
	struct tasks_find *f = arg;

	f->found = f->found || strcmp(t->code, f->code) == 0;
	return 0;
}

/* Whether the plan task `code` concerns unit u today. */
static int
tasks_concerns(struct store *s, const struct unit *u, const char *code, struct err *e)
{
	struct tasks_find f = { code, false };
	char today[11];

	period_today(today);
	if (tasks_list(s, u->code, u->level, today, tasks_find_row, &f, e) != 0)
		return e->code;
	if (!f.found)
		return err_set(e, ERR_INVALID, _("task %s is not a plan task of %s (%s)"), code,
		    u->code, u->name);
	return 0;
}

int
job_task_status(struct store *s, const struct job_task_status *o, char *id, struct err *e)
{
	struct record r;
	struct unit u;
	bool known = false;
	int rc;

	if (store_allow(s, STORE_ACT_EDIT, o->unit, e) != 0)
		return e->code;
	for (size_t i = 0; i < sizeof tasks_statuses / sizeof tasks_statuses[0]; i++)
		known = known || (o->status != NULL && strcmp(o->status, tasks_statuses[i]) == 0);
	if (!known)
		return err_set(e, ERR_INVALID, _("unknown task status '%s' (not_started,"
		    " in_progress, done, cancelled)"), o->status != NULL ? o->status : "");
	if (o->evidence_date != NULL && *o->evidence_date != '\0' &&
	    !due_iso_valid(o->evidence_date))
		return err_set(e, ERR_INVALID, _("date '%s' is not yyyy-mm-dd"), o->evidence_date);
	if (store_unit_get(s, o->unit, &u, e) != 0 || tasks_concerns(s, &u, o->code, e) != 0)
		return e->code;
	if (record_init(&r, &record_kinds[KIND_TASK_PROGRESS]) != 0)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	snprintf(r.unit_code, sizeof r.unit_code, "%s", o->unit);
	if (record_set_by_name(&r, "task_code", o->code) != 0 ||
	    record_set_by_name(&r, "status", o->status) != 0 ||
	    record_set_by_name(&r, "progress_note", o->note) != 0 ||
	    record_set_by_name(&r, "evidence_no", o->evidence_no) != 0 ||
	    record_set_by_name(&r, "evidence_date", o->evidence_date) != 0) {
		record_free(&r);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	rc = store_record_insert(s, &r, e);
	if (rc == 0 && id != NULL)
		memcpy(id, r.id, UUID_STR_LEN);
	record_free(&r);
	return rc;
}

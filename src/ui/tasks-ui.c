/* tasks-ui: the plan tasks that concern the home unit, their status and
 * whether they are overdue; Enter opens the unit's progress on one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "standing-ui.h"
#include "socds/i18n.h"
#include "socds/paths.h"
#include "socds/period.h"
#include "socds/tasks.h"
#include "socds/text.h"
#include "socds/figures.h"
#include "socds/job-tasks.h"

#define TASKS_MAX 400

struct task_item {
	char code[24], title[400], due[64], status[16];
	char progress[UUID_STR_LEN];
	bool overdue;
};

struct tasks {
	struct screen s;
	struct ui_binding keys[STANDING_NKEYS];
	struct task_item item[TASKS_MAX];
	int n, sel, first;
	struct list status;
	bool have_status;
	char today[11];
};

static int
tasks_take(const struct task_row *t, void *arg)
{
	struct tasks *ts = arg;
	struct task_item *it;

	if (ts->n >= TASKS_MAX)
		return 1;
	it = &ts->item[ts->n++];
	snprintf(it->code, sizeof it->code, "%s", t->code);
	snprintf(it->title, sizeof it->title, "%s", t->title);
	snprintf(it->due, sizeof it->due, "%s", t->due_text);
	snprintf(it->status, sizeof it->status, "%s", t->status);
	snprintf(it->progress, sizeof it->progress, "%s", t->progress_id ? t->progress_id : "");
	it->overdue = t->overdue;
	return 0;
}

static void
tasks_load_rows(struct tasks *ts, struct app *a)
{
	struct err e = { 0 };

	ts->n = 0;
	period_today(ts->today);
	if (tasks_list(a->store, a->home.code, a->home.level, ts->today, tasks_take, ts, &e) != 0)
		ui_error(a, &e);
}

static void
tasks_draw(struct screen *s, struct app *a)
{
	struct tasks *ts = (struct tasks *)s;
	int rows = LINES - 5, y = 3, overdue = 0;
	char right[64];

	/* Reloaded at every draw: a saved progress shows at once. */
	tasks_load_rows(ts, a);
	for (int i = 0; i < ts->n; i++)
		overdue += ts->item[i].overdue;
	snprintf(right, sizeof right, _("%d tasks, %d overdue"), ts->n, overdue);
	ui_title(a, _("Plan tasks"), right);
	ui_fill(2, 0, COLS, a->attr[R_HEADER]);
	ui_put(2, 1, 9, _("Code"), a->attr[R_HEADER], false);
	ui_put(2, 11, 14, _("Status"), a->attr[R_HEADER], false);
	ui_put(2, 26, 16, _("Due"), a->attr[R_HEADER], false);
	ui_put(2, 43, COLS - 44, _("Task"), a->attr[R_HEADER], false);
	if (ts->sel >= ts->n)
		ts->sel = ts->n > 0 ? ts->n - 1 : 0;
	if (ts->sel < ts->first)
		ts->first = ts->sel;
	if (ts->sel >= ts->first + rows)
		ts->first = ts->sel - rows + 1;
	for (int i = ts->first; i < ts->n && y < LINES - 2; i++, y++) {
		const struct task_item *it = &ts->item[i];
		int attr = i == ts->sel ? a->attr[R_SELECTED] : it->overdue ? a->attr[R_ERROR] :
		    (int)A_NORMAL;
		const char *st = it->status;
		int at = ts->have_status ? lists_find(&ts->status, it->status) : -1;
		if (at >= 0)
			st = i18n_pick(ts->status.items[at].vi, ts->status.items[at].en);
		ui_fill(y, 0, COLS, attr);
		ui_put(y, 1, 9, it->code, attr, false);
		ui_put(y, 11, 14, it->overdue ? _("OVERDUE") : st, attr | (it->overdue ? (int)A_BOLD : 0),
		    false);
		ui_put(y, 26, 16, it->due, attr, false);
		ui_put(y, 43, COLS - 44, it->title, attr, false);
	}
	if (ts->n == 0)
		ui_put(4, 2, COLS - 4, _("No plan task concerns this unit (assets/tasks)."),
		    a->attr[R_DIM], false);
}

static int
tasks_key(struct screen *s, struct app *a, int key)
{
	struct tasks *ts = (struct tasks *)s;

	enum ui_action act = ui_lookup(s->keys, key);

	a->status[0] = '\0';
	switch (act) {
	case ACT_UP: if (ts->sel > 0) ts->sel--; break;
	case ACT_DOWN: if (ts->sel < ts->n - 1) ts->sel++; break;
	case ACT_PGUP: ts->sel = ts->sel > LINES - 5 ? ts->sel - (LINES - 5) : 0; break;
	case ACT_PGDN: ts->sel = ts->sel + LINES - 5 < ts->n ? ts->sel + LINES - 5 : ts->n - 1; break;
	case ACT_HOME: ts->sel = 0; break;
	case ACT_END: ts->sel = ts->n - 1; break;
	case ACT_OPEN:
		if (ts->n == 0)
			break;
		/* The unit's progress on the task: its record, or a new one for the task. */
		if (ts->item[ts->sel].progress[0])
			ui_push(a, edit_new(a, &record_kinds[KIND_TASK_PROGRESS],
			    ts->item[ts->sel].progress, NULL));
		else
			ui_push(a, edit_new(a, &record_kinds[KIND_TASK_PROGRESS], NULL,
			    ts->item[ts->sel].code));
		break;
	default: return ui_key_common(s, a, act);
	}
	return 0;
}

static void
tasks_free(struct screen *s)
{
	struct tasks *ts = (struct tasks *)s;

	if (ts->have_status)
		lists_free(&ts->status);
	free(ts);
}

static const struct screen tasks_screen = {
	.name = "tasks",
	.draw = tasks_draw,
	.key = tasks_key,
	.free = tasks_free,
	.help = N_("The tasks of the province's plan (Decision 1690) that concern your unit. "
	    "Enter opens your unit's progress on a task: status, a progress note and the evidence "
	    "(document number and date). A task past its due time and not done is marked OVERDUE "
	    "in red; \"Hàng năm\" tasks are due by the end of each year, and their status is this "
	    "year's: Enter on one not yet recorded this year starts this year's record. "
	    "\"Thường xuyên\" tasks are never overdue. A commune formed on 1 July 2025 has no "
	    "task due before that day, and provincial actions stay with the province."),
};

struct screen *
tasks_new(struct app *a)
{
	struct tasks *ts = ui_screen_new(sizeof *ts, &tasks_screen);
	struct err e = { 0 };

	if (ts == NULL)
		return NULL;
	ts->have_status = lists_load(paths_datadir(), "task_status", &ts->status, &e) == 0;
	/* The report's keys, without those it has and this screen has not. */
	for (size_t i = 0; i == 0 || standing_view_keys[i - 1].key != 0 ||
	    standing_view_keys[i - 1].more != NULL; i++) {
		ts->keys[i] = standing_view_keys[i];
		if (ts->keys[i].act == ACT_SAVE || ts->keys[i].act == ACT_FILTER ||
		    ts->keys[i].act == ACT_SUB1)
			ts->keys[i].label = NULL;
	}
	(void)a;
	ts->s.keys = ts->keys;
	return &ts->s;
}

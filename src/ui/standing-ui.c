/* standing-ui: the plan tasks, the printable report and the dashboard. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/confine.h"
#include "socds/figures.h"
#include "socds/i18n.h"
#include "socds/paths.h"
#include "socds/period.h"
#include "socds/job-report.h"
#include "socds/standing.h"
#include "socds/tasks.h"
#include "socds/text.h"

static const struct ui_binding view_keys[] = {
	UI_KEYS_USE(ui_keys_help),
	{ UI_KEY(KEY_F(2)), ACT_SAVE, "F2", N_("Save"), NULL },
	{ UI_CTRL('s'), ACT_SAVE, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(4)), ACT_FILTER, "F4", N_("Period"), NULL },
	{ 'f', ACT_FILTER, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(5)), ACT_SUB1, "F5", N_("Unit"), NULL },
	{ 'u', ACT_SUB1, NULL, NULL, NULL },
	{ '\r', ACT_OPEN, NULL, NULL, NULL },
	{ '\n', ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_ENTER), ACT_OPEN, NULL, NULL, NULL },
	UI_KEYS_USE(ui_keys_nav),
	UI_KEYS_USE(ui_keys_back),
	UI_KEYS_END,
};

/* ---------------------------------------------------------------- tasks --- */

#define TASKS_MAX 400

struct task_item {
	char code[24], title[400], due[64], status[16];
	char progress[UUID_STR_LEN];
	bool overdue;
};

struct tasks {
	struct screen s;
	struct ui_binding keys[sizeof view_keys / sizeof view_keys[0]];
	struct task_item *item;
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

	a->status[0] = '\0';
	enum ui_action act = ui_lookup(s->keys, key);
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
	free(ts->item);
	free(ts);
}

struct screen *
tasks_new(struct app *a)
{
	struct tasks *ts = calloc(1, sizeof *ts);
	struct err e = { 0 };

	if (ts == NULL || (ts->item = calloc(TASKS_MAX, sizeof *ts->item)) == NULL) {
		free(ts);
		return NULL;
	}
	ts->have_status = lists_load(paths_datadir(), "task_status", &ts->status, &e) == 0;
	memcpy(ts->keys, view_keys, sizeof ts->keys);
	for (size_t i = 0; i < sizeof ts->keys / sizeof ts->keys[0]; i++)
		if (ts->keys[i].act == ACT_SAVE || ts->keys[i].act == ACT_FILTER ||
		    ts->keys[i].act == ACT_SUB1)
			ts->keys[i].label = NULL;
	(void)a;
	ts->s.name = "tasks";
	ts->s.draw = tasks_draw;
	ts->s.key = tasks_key;
	ts->s.free = tasks_free;
	ts->s.keys = ts->keys;
	ts->s.help = N_("The tasks of the province's plan (Decision 1690) that concern your unit. "
	    "Enter opens your unit's progress on a task: status, a progress note and the evidence "
	    "(document number and date). A task past its due time and not done is marked OVERDUE "
	    "in red; \"Hàng năm\" tasks are due by the end of each year, and their status is this "
	    "year's: Enter on one not yet recorded this year starts this year's record. "
	    "\"Thường xuyên\" tasks are never overdue. A commune formed on 1 July 2025 has no "
	    "task due before that day, and provincial actions stay with the province.");
	return &ts->s;
}

/* --------------------------------------------------- report and dashboard --- */

struct standing_screen {
	struct screen s;
	bool dashboard;
	struct standing r;
	bool built;
	char unit[8];
	bool has_period;
	struct period period;
	/* the text report, split in lines */
	char *text;
	size_t textlen;
	int nlines, first;
};

static void
ss_build(struct standing_screen *ss, struct app *a)
{
	struct err e = { 0 };

	if (ss->built)
		standing_free(&ss->r);
	free(ss->text);
	ss->text = NULL;
	ss->built = standing_build(a->store, paths_datadir(), ss->unit[0] ? ss->unit : NULL,
	    ss->has_period ? &ss->period : NULL, &ss->r, &e) == 0;
	if (!ss->built) {
		ui_error(a, &e);
		standing_free(&ss->r);
		return;
	}
	if (!ss->dashboard) {
		FILE *m = open_memstream(&ss->text, &ss->textlen);
		if (m != NULL) {
			standing_text(&ss->r, m, &e);
			fclose(m);
		}
		ss->nlines = 0;
		for (size_t i = 0; ss->text != NULL && i < ss->textlen; i++)
			ss->nlines += ss->text[i] == '\n';
	}
}

static int
ss_find(const char *id)
{
	for (int i = 0; i < nfigures; i++)
		if (strcmp(figures[i].id, id) == 0)
			return i;
	return 0;
}

/* One indicator: label, bar, "n/d pp%", target. */
static void
ss_indicator(struct app *a, int y, const char *label, const struct standing_cell *c, double target)
{
	char v[64];
	double pct = standing_percent(c->value, c->denom);
	int role = pct >= target ? R_INFO : pct >= target * 0.7 ? R_HEADER : R_ERROR;

	ui_put(y, 1, 30, label, (int)A_NORMAL, false);
	chart_hbar(a, y, 32, 20, c->value, c->denom, a->attr[role] | (int)A_BOLD);
	if (pct >= 0)
		snprintf(v, sizeof v, "%.0f/%.0f %3.0f%%", c->value, c->denom, pct);
	else
		snprintf(v, sizeof v, "—");
	ui_put(y, 53, 16, v, (int)A_NORMAL, false);
	snprintf(v, sizeof v, _("goal %.0f%%"), target);
	ui_put(y, 70, COLS - 70, v, a->attr[R_DIM], false);
}

/* The twelve months of the period's year (or of this year), from a by-month figure. */
static void
ss_months(const struct standing_screen *ss, const struct standing_cell *c, double v[12], int *year)
{
	char today[11];

	period_today(today);
	*year = atoi(ss->has_period ? ss->period.from : today);
	memset(v, 0, 12 * sizeof v[0]);
	for (size_t k = 0; k < c->n; k++) {
		int y, m;
		if (sscanf(c->rows[k].key, "%4d-%2d", &y, &m) == 2 && y == *year && m >= 1 && m <= 12)
			v[m - 1] += c->rows[k].value;
	}
}

/* One row of the table by unit: the name (26 columns), a 30-cell bar of
 * value/denom and the percentage. */
static void
ss_unit_bar(struct app *a, int y, const char *name, const struct standing_cell *c, int attr)
{
	char v[16];
	double pct = standing_percent(c->value, c->denom);

	ui_put(y, 3, 26, name, attr, false);
	chart_hbar(a, y, 32, 30, c->value, c->denom, a->attr[R_INFO] | (int)A_BOLD);
	snprintf(v, sizeof v, pct >= 0 ? "%3.0f%%" : "—", pct);
	ui_put(y, 64, 6, v, attr, false);
}

static void
dashboard_draw(struct standing_screen *ss, struct app *a)
{
	const struct standing_unit *t = &ss->r.total;
	char line[160];
	double mv[12];
	int y = 2, year, fi;

	ui_put(y++, 1, COLS - 2, _("Indicators against the plan's targets"), a->attr[R_HEADER], false);
	fi = ss_find("staff.focal_units");
	ss_indicator(a, y++, _(figures[fi].label), &t->cell[fi], figures[fi].target);
	fi = ss_find("training.trained_share");
	ss_indicator(a, y++, _(figures[fi].label), &t->cell[fi], figures[fi].target);
	fi = ss_find("cdtt.village_coverage");
	ss_indicator(a, y++, _(figures[fi].label), &t->cell[fi], figures[fi].target);
	snprintf(line, sizeof line, _("%.0f DT staff · %.0f CDTT teams · %.0f network members · "
	    "%.0f activities"), t->cell[ss_find("staff.total")].value,
	    t->cell[ss_find("cdtt.teams")].value, t->cell[ss_find("network.members")].value,
	    t->cell[ss_find("cdtt.activities")].value);
	ui_put(y++, 1, COLS - 2, line, (int)A_NORMAL, false);
	y++;
	/* Coverage per unit: DT staff trained in the period, rows as the report's
	 * table by unit has them: the office's own staff, each unit below, the
	 * staff under former units when there are any, and the total. */
	if (ss->r.nchild > 0) {
		/* The months below need 4 rows above the status line. */
		int room = LINES - 2 - y - 1 - 4, shown = 0, fixed;
		double rv, rd;
		fi = ss_find("training.trained_share");
		standing_rest(&ss->r, fi, &rv, &rd);
		fixed = 2 + (rv != 0 || rd != 0);	/* own, total, former units */
		ui_put(y++, 1, COLS - 2, _("DT staff trained, by unit"), a->attr[R_HEADER], false);
		ss_unit_bar(a, y++, _("Reporting office"), &ss->r.own.cell[fi], (int)A_NORMAL);
		/* Every unit when they fit, else a line saying how many more. */
		int kids = room - fixed >= (int)ss->r.nchild ? (int)ss->r.nchild :
		    room - fixed - 1;
		/* A province has far more units than rows: those with staff come
		 * first (in the report's order), the empty ones after them. */
		for (int pass = 0; pass < 2; pass++)
			for (size_t c = 0; c < ss->r.nchild && shown < kids; c++) {
				const struct standing_cell *cc = &ss->r.child[c].cell[fi];
				if ((pass == 0) != (cc->denom > 0))
					continue;
				ss_unit_bar(a, y++, ss->r.child[c].u.name, cc, (int)A_NORMAL);
				shown++;
			}
		if ((size_t)shown < ss->r.nchild) {
			snprintf(line, sizeof line, _("... %zu more units in the report"),
			    ss->r.nchild - (size_t)shown);
			ui_put(y++, 3, COLS - 4, line, a->attr[R_DIM], false);
		}
		if (rv != 0 || rd != 0) {
			struct standing_cell rest = { .value = rv, .denom = rd };
			ss_unit_bar(a, y++, _("Former units, not yet assigned"), &rest, (int)A_NORMAL);
		}
		ss_unit_bar(a, y++, _("Total"), &ss->r.total.cell[fi], (int)A_BOLD);
		if (y < LINES - 2 - 4)
			y++;
	}
	/* Months of the year: activities and citizens helped. */
	fi = ss_find("cdtt.activities_by_month");
	ss_months(ss, &t->cell[fi], mv, &year);
	snprintf(line, sizeof line, _("Activities by month, %d"), year);
	ui_put(y, 1, 30, line, (int)A_NORMAL, false);
	chart_columns(a, y, 32, mv, 12, a->attr[R_INFO] | (int)A_BOLD);
	double sum = 0;
	for (int m = 0; m < 12; m++)
		sum += mv[m];
	snprintf(line, sizeof line, "%.0f", sum);
	ui_put(y++, 57, COLS - 58, line, (int)A_NORMAL, false);
	fi = ss_find("cdtt.helped_by_month");
	ss_months(ss, &t->cell[fi], mv, &year);
	ui_put(y, 1, 30, _("Citizens helped by month"), (int)A_NORMAL, false);
	chart_columns(a, y, 32, mv, 12, a->attr[R_HEADER] | (int)A_BOLD);
	sum = 0;
	for (int m = 0; m < 12; m++)
		sum += mv[m];
	snprintf(line, sizeof line, "%.0f", sum);
	ui_put(y++, 57, COLS - 58, line, (int)A_NORMAL, false);
	ui_put(y++, 32, 24, a->ascii ? "J F M A M J J A S O N D" : "T1  T3  T5  T7  T9  T11",
	    a->attr[R_DIM], false);
	/* The parts add up to the total; overdue is "of them", never a fourth part. */
	int cancelled = t->tasks.total - t->tasks.done - t->tasks.in_progress -
	    t->tasks.not_started;
	if (cancelled > 0)
		snprintf(line, sizeof line, _("Plan tasks (%d): %d done, %d in progress, %d not "
		    "started, %d cancelled; of them overdue %d"), t->tasks.total, t->tasks.done,
		    t->tasks.in_progress, t->tasks.not_started, cancelled, t->tasks.overdue);
	else
		snprintf(line, sizeof line, _("Plan tasks (%d): %d done, %d in progress, %d not "
		    "started; of them overdue %d"), t->tasks.total, t->tasks.done,
		    t->tasks.in_progress, t->tasks.not_started, t->tasks.overdue);
	if (y < LINES - 2)
		ui_put(y, 1, COLS - 2, line, t->tasks.overdue ? a->attr[R_ERROR] : (int)A_NORMAL, false);
}

static void
ss_draw(struct screen *s, struct app *a)
{
	struct standing_screen *ss = (struct standing_screen *)s;
	char right[64];

	snprintf(right, sizeof right, "%s", ss->has_period ? ss->period.label : _("all periods"));
	if (!ss->built) {
		ui_title(a, ss->dashboard ? _("Dashboard") : _("Report"), right);
		return;
	}
	char title[256];
	snprintf(title, sizeof title, "%s — %s", ss->dashboard ? _("Dashboard") : _("Report"),
	    ss->r.total.u.name);
	ui_title(a, title, right);
	if (ss->dashboard) {
		dashboard_draw(ss, a);
		return;
	}
	/* The report as it prints, a screen at a time. */
	int rows = LINES - 3, line = 0, y = 1;
	if (ss->first > ss->nlines - rows)
		ss->first = ss->nlines - rows > 0 ? ss->nlines - rows : 0;
	for (const char *p = ss->text; p != NULL && *p && y < LINES - 2; line++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (line >= ss->first) {
			char buf[512];
			snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), p);
			ui_put(y++, 1, COLS - 2, buf, (int)A_NORMAL, false);
		}
		p += len + (nl != NULL);
	}
}

static void
ss_save(struct standing_screen *ss, struct app *a)
{
	const char *items[REPORT_NFORMATS] = { [REPORT_TEXT] = _("Text (prints on A4)"),
		[REPORT_CSV] = "CSV", [REPORT_XLSX] = "Excel (XLSX)" };
	struct tbuf t = { 0 };
	struct err e = { 0 };
	char def[128], path[1024];
	int what = pick_menu(a, _("Save the report as"), items, REPORT_NFORMATS, 0);
	int rc;

	if (what < 0 || !ss->built)
		return;
	snprintf(def, sizeof def, "baocao-%s-%s.%s", ss->r.total.u.code,
	    ss->has_period ? ss->period.label : "all", job_report_format_ext((enum report_format)what));
	if (!pick_text(a, _("Save to file"), def, &t) || t.len == 0) {
		tbuf_free(&t);
		return;
	}
	if (confine_path(t.p, path, sizeof path, &e) != 0) {	/* socds --as: its folder only */
		tbuf_free(&t);
		ui_error(a, &e);
		return;
	}
	tbuf_free(&t);
	bool exists = access(path, F_OK) == 0;
	if (exists && !ui_confirm(a, _("The file exists. Replace it?")))
		return;
	rc = job_report_write(&ss->r, (enum report_format)what, path, exists, &e);
	if (rc != 0)
		ui_error(a, &e);
	else
		ui_message(a, false, _("Wrote %s."), path);
}

static int
ss_key(struct screen *s, struct app *a, int key)
{
	struct standing_screen *ss = (struct standing_screen *)s;
	struct tbuf t = { 0 };
	struct err e = { 0 };
	int rows = LINES - 3;

	a->status[0] = '\0';
	enum ui_action act = ui_lookup(s->keys, key);
	switch (act) {
	case ACT_UP: if (ss->first > 0) ss->first--; break;
	case ACT_DOWN: ss->first++; break;
	case ACT_PGUP: ss->first = ss->first > rows ? ss->first - rows : 0; break;
	case ACT_PGDN: ss->first += rows; break;
	case ACT_HOME: ss->first = 0; break;
	case ACT_END: ss->first = ss->nlines; break;
	case ACT_FILTER:
		if (pick_text(a, _("Period (2026, 2026-Q3, 2026-11; empty = all)"),
		    ss->has_period ? ss->period.label : "", &t)) {
			if (t.len == 0)
				ss->has_period = false;
			else if (period_parse(t.p, &ss->period, &e) == 0)
				ss->has_period = true;
			else
				ui_error(a, &e);
			ss_build(ss, a);
		}
		tbuf_free(&t);
		break;
	case ACT_SUB1: {
		char code[8];
		if (pick_unit(a, ss->unit[0] ? ss->unit : a->home.code, code)) {
			snprintf(ss->unit, sizeof ss->unit, "%s", code);
			ss_build(ss, a);
		}
		break;
	}
	case ACT_SAVE: ss_save(ss, a); break;
	default: return ui_key_common(s, a, act);
	}
	return 0;
}

static void
ss_free(struct screen *s)
{
	struct standing_screen *ss = (struct standing_screen *)s;

	if (ss->built)
		standing_free(&ss->r);
	free(ss->text);
	free(ss);
}

static struct screen *
ss_new(struct app *a, bool dashboard)
{
	struct standing_screen *ss = calloc(1, sizeof *ss);
	char today[11];
	struct err e = { 0 };

	if (ss == NULL)
		return NULL;
	ss->dashboard = dashboard;
	/* This year, to begin with: the plans count results year by year. */
	period_today(today);
	today[4] = '\0';
	ss->has_period = period_parse(today, &ss->period, &e) == 0;
	ss->s.name = dashboard ? "dashboard" : "report";
	ss->s.draw = ss_draw;
	ss->s.key = ss_key;
	ss->s.free = ss_free;
	ss->s.keys = view_keys;
	ss->s.help = dashboard ?
	    N_("Where the unit stands at a glance: the plans' targets (every commune with a DT "
	    "focal point, every DT officer trained each year, a team in every village) as bars, "
	    "coverage by unit, and the months of the year. F4 changes the period, F5 the unit.") :
	    N_("The report as it prints on A4, with the official header and signature block. "
	    "F4 changes the period, F5 the unit (a district or province sees a row per unit "
	    "below it), F2 saves it as text, CSV or Excel. Every figure is defined once; "
	    "'socds report --explain' shows the rule and the SQL of each.");
	ss_build(ss, a);
	return &ss->s;
}

struct screen *
reports_new(struct app *a)
{
	return ss_new(a, false);
}

struct screen *
dashboard_new(struct app *a)
{
	return ss_new(a, true);
}

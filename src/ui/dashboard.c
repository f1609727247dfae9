/* dashboard: where the unit stands at a glance — the plans' targets as
 * bars, coverage by unit and the months of the year (a standing screen:
 * standing-ui.c builds it, chooses the period and unit, saves the report). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "standing-ui.h"
#include "socds/figures.h"
#include "socds/i18n.h"
#include "socds/period.h"
#include "socds/text.h"

static int
dashboard_find(const char *id)
{
	for (int i = 0; i < nfigures; i++)
		if (strcmp(figures[i].id, id) == 0)
			return i;
	return 0;
}

/* One indicator: label, bar, "n/d pp%", target. */
static void
dashboard_indicator(struct app *a, int y, const char *label, const struct standing_cell *c,
    double target)
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
dashboard_months(const struct standing_screen *ss, const struct standing_cell *c, double v[12],
    int *year)
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
dashboard_unit_bar(struct app *a, int y, const char *name, const struct standing_cell *c,
    int attr)
{
	char v[16];
	double pct = standing_percent(c->value, c->denom);

	ui_put(y, 3, 26, name, attr, false);
	chart_hbar(a, y, 32, 30, c->value, c->denom, a->attr[R_INFO] | (int)A_BOLD);
	snprintf(v, sizeof v, pct >= 0 ? "%3.0f%%" : "—", pct);
	ui_put(y, 64, 6, v, attr, false);
}

/* The three targets as bars, and the counts below them; returns the next line. */
static int
dashboard_targets(const struct standing_screen *ss, struct app *a, int y)
{
	static const char *const target[] = { "staff.focal_units", "training.trained_share",
		"cdtt.village_coverage" };
	const struct standing_unit *t = &ss->r.total;
	char line[160];

	ui_put(y++, 1, COLS - 2, _("Indicators against the plan's targets"), a->attr[R_HEADER],
	    false);
	for (size_t i = 0; i < sizeof target / sizeof target[0]; i++) {
		int fi = dashboard_find(target[i]);
		dashboard_indicator(a, y++, _(figures[fi].label), &t->cell[fi], figures[fi].target);
	}
	snprintf(line, sizeof line, _("%.0f DT staff · %.0f CDTT teams · %.0f network members · "
	    "%.0f activities"), t->cell[dashboard_find("staff.total")].value,
	    t->cell[dashboard_find("cdtt.teams")].value,
	    t->cell[dashboard_find("network.members")].value,
	    t->cell[dashboard_find("cdtt.activities")].value);
	ui_put(y++, 1, COLS - 2, line, (int)A_NORMAL, false);
	return y + 1;
}

/* Coverage per unit: DT staff trained in the period, rows as the report's
 * table by unit has them: the office's own staff, each unit below, the
 * staff under former units when there are any, and the total. Returns the
 * next line. */
static int
dashboard_units(const struct standing_screen *ss, struct app *a, int y)
{
	char line[160];
	/* The months below need 4 rows above the status line. */
	int room = LINES - 2 - y - 1 - 4, shown = 0, fixed;
	double rv, rd;
	int fi = dashboard_find("training.trained_share");

	standing_rest(&ss->r, fi, &rv, &rd);
	fixed = 2 + (rv != 0 || rd != 0);	/* own, total, former units */
	ui_put(y++, 1, COLS - 2, _("DT staff trained, by unit"), a->attr[R_HEADER], false);
	dashboard_unit_bar(a, y++, _("Reporting office"), &ss->r.own.cell[fi], (int)A_NORMAL);
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
			dashboard_unit_bar(a, y++, ss->r.child[c].u.name, cc, (int)A_NORMAL);
			shown++;
		}
	if ((size_t)shown < ss->r.nchild) {
		snprintf(line, sizeof line, _("... %zu more units in the report"),
		    ss->r.nchild - (size_t)shown);
		ui_put(y++, 3, COLS - 4, line, a->attr[R_DIM], false);
	}
	if (rv != 0 || rd != 0) {
		struct standing_cell rest = { .value = rv, .denom = rd };
		dashboard_unit_bar(a, y++, _("Former units, not yet assigned"), &rest, (int)A_NORMAL);
	}
	dashboard_unit_bar(a, y++, _("Total"), &ss->r.total.cell[fi], (int)A_BOLD);
	if (y < LINES - 2 - 4)
		y++;
	return y;
}

/* One row of months: the label, twelve columns and their sum. */
static void
dashboard_month_row(struct app *a, int y, const char *label, const double mv[12], int attr)
{
	char line[32];
	double sum = 0;

	ui_put(y, 1, 30, label, (int)A_NORMAL, false);
	chart_columns(a, y, 32, mv, 12, attr);
	for (int m = 0; m < 12; m++)
		sum += mv[m];
	snprintf(line, sizeof line, "%.0f", sum);
	ui_put(y, 57, COLS - 58, line, (int)A_NORMAL, false);
}

/* Months of the year: activities and citizens helped. Returns the next line. */
static int
dashboard_year(const struct standing_screen *ss, struct app *a, int y)
{
	const struct standing_unit *t = &ss->r.total;
	char line[160];
	double mv[12];
	int year;

	dashboard_months(ss, &t->cell[dashboard_find("cdtt.activities_by_month")], mv, &year);
	snprintf(line, sizeof line, _("Activities by month, %d"), year);
	dashboard_month_row(a, y++, line, mv, a->attr[R_INFO] | (int)A_BOLD);
	dashboard_months(ss, &t->cell[dashboard_find("cdtt.helped_by_month")], mv, &year);
	dashboard_month_row(a, y++, _("Citizens helped by month"), mv,
	    a->attr[R_HEADER] | (int)A_BOLD);
	ui_put(y++, 32, 24, a->ascii ? "J F M A M J J A S O N D" : "T1  T3  T5  T7  T9  T11",
	    a->attr[R_DIM], false);
	return y;
}

/* The plan tasks in one line. The parts add up to the total; overdue is
 * "of them", never a fourth part. */
static void
dashboard_tasks(const struct standing_screen *ss, struct app *a, int y)
{
	const struct standing_unit *t = &ss->r.total;
	char line[160];
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

void
dashboard_draw(struct standing_screen *ss, struct app *a)
{
	int y = dashboard_targets(ss, a, 2);

	if (ss->r.nchild > 0)
		y = dashboard_units(ss, a, y);
	y = dashboard_year(ss, a, y);
	dashboard_tasks(ss, a, y);
}

struct screen *
dashboard_new(struct app *a)
{
	return standing_screen_new(a, "dashboard",
	    N_("Where the unit stands at a glance: the plans' targets (every commune with a DT "
	    "focal point, every DT officer trained each year, a team in every village) as bars, "
	    "coverage by unit, and the months of the year. F4 changes the period, F5 the unit."),
	    true);
}

/* standing-ui: what the report and dashboard screens share — one struct, built
 * from the standing report (standing.h) for a period and a unit, with the same
 * keys (F4 period, F5 unit, F2 save) — and the key table the plan tasks screen
 * uses too. Each screen draws itself: report-ui.c, dashboard.c, tasks-ui.c. */
#ifndef SOCDS_UI_STANDING_UI_H
#define SOCDS_UI_STANDING_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "ui-internal.h"
#include "socds/period.h"
#include "socds/standing.h"

/* The keys of the report and dashboard (ended by key 0); STANDING_NKEYS rows
 * at most, which the tasks screen has room for. */
#define STANDING_NKEYS 32
extern const struct ui_binding standing_view_keys[];

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

/* A report (dashboard false) or dashboard screen of this year; name and help
 * (untranslated) as struct screen has them. */
struct screen *standing_screen_new(struct app *a, const char *name, const char *help,
    bool dashboard);
/* Below the title: the report's text from line first, the dashboard's charts. */
void report_draw(struct standing_screen *ss, struct app *a);
void dashboard_draw(struct standing_screen *ss, struct app *a);

#endif

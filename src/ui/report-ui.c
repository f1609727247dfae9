/* report-ui: the standing report as it prints on A4, a screen at a time
 * (a standing screen: standing-ui.c builds it, chooses the period and unit,
 * saves it as text, CSV or Excel). */
#include <stdio.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "standing-ui.h"
#include "socds/i18n.h"

/* The report as it prints, a screen at a time. */
void
report_draw(struct standing_screen *ss, struct app *a)
{
	int rows = LINES - 3, line = 0, y = 1;

	(void)a;
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

struct screen *
reports_new(struct app *a)
{
	return standing_screen_new(a, "report",
	    N_("The report as it prints on A4, with the official header and signature block. "
	    "F4 changes the period, F5 the unit (a district or province sees a row per unit "
	    "below it), F2 saves it as text, CSV or Excel. Every figure is defined once; "
	    "'socds report --explain' shows the rule and the SQL of each."), false);
}

/* standing-ui: what the report and dashboard screens share: the standing
 * report built for a period and a unit, the title, F4 (period), F5 (unit),
 * F2 (save the report as text, CSV or Excel) and scrolling. The key table
 * serves the plan tasks screen too. Each screen draws itself (report-ui.c,
 * dashboard.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "standing-ui.h"
#include "socds/confine.h"
#include "socds/i18n.h"
#include "socds/paths.h"
#include "socds/job-report.h"
#include "socds/job-standing.h"
#include "socds/job-tasks.h"
#include "socds/os.h"
#include "socds/text.h"

const struct ui_binding standing_view_keys[] = {
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

_Static_assert(sizeof standing_view_keys <= STANDING_NKEYS * sizeof standing_view_keys[0],
    "STANDING_NKEYS rows at most");

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
		FILE *m = os_memstream(&ss->text, &ss->textlen);
		if (m != NULL) {
			standing_text(&ss->r, m, &e);
			os_memstream_done(m, &ss->text, &ss->textlen);
		}
		ss->nlines = 0;
		for (size_t i = 0; ss->text != NULL && i < ss->textlen; i++)
			ss->nlines += ss->text[i] == '\n';
	}
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
	if (ss->dashboard)
		dashboard_draw(ss, a);
	else
		report_draw(ss, a);
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
	bool exists = os_exists(path);
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

static const struct screen ss_screen = {
	.draw = ss_draw,
	.key = ss_key,
	.free = ss_free,
	.keys = standing_view_keys,
};

struct screen *
standing_screen_new(struct app *a, const char *name, const char *help, bool dashboard)
{
	struct standing_screen *ss = ui_screen_new(sizeof *ss, &ss_screen);
	char today[11];
	struct err e = { 0 };

	if (ss == NULL)
		return NULL;
	ss->dashboard = dashboard;
	ss->s.name = name;
	ss->s.help = help;
	/* This year, to begin with: the plans count results year by year. */
	period_today(today);
	today[4] = '\0';
	ss->has_period = period_parse(today, &ss->period, &e) == 0;
	ss_build(ss, a);
	return &ss->s;
}

/* home: the unit, what it has recorded, and what needs attention. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/figures.h"
#include "socds/i18n.h"
#include "socds/period.h"
#include "socds/store-query.h"
#include "socds/store-record.h"
#include "socds/tasks.h"
#include "socds/job-tasks.h"
#include "socds/text.h"

/* The record kinds on the home screen, in the order officers work with them. */
static const enum kind_id home_kinds[] = {
	KIND_STAFF, KIND_TRAINING, KIND_VILLAGE, KIND_TEAM, KIND_MEMBER, KIND_ACTIVITY,
};
#define HOME_NKINDS ((int)(sizeof home_kinds / sizeof home_kinds[0]))

/* The figures a unit enters per year (population, officials...): the
 * denominators of the plans' percentage targets. */
static struct screen *
home_statistics(struct app *a)
{
	return list_new(a, &record_kinds[KIND_STATISTIC], NULL, NULL);
}

/* After the kinds, the other screens: key, label, constructor. */
static const struct {
	char key;
	const char *label;
	struct screen *(*open)(struct app *);
} home_more[] = {
	{ '7', N_("Exchange data: export, import, take in packages"), transfer_new },
	{ '8', N_("Plan tasks: status, progress, evidence"), tasks_new },
	{ '9', N_("Report (prints on A4; text, CSV, Excel)"), reports_new },
	{ '0', N_("Dashboard: targets, coverage, months"), dashboard_new },
	{ 'a', N_("Audit log: who changed what, when"), audit_new },
	{ 'b', N_("Recycle bin: deleted records"), bin_new },
	{ 'u', N_("Official paper settings: issuing body, number, signer"), paper_ui_new },
	{ 's', N_("Figures per year: population, officials, e-identity..."), home_statistics },
};
#define HOME_N (HOME_NKINDS + (int)(sizeof home_more / sizeof home_more[0]))

static const struct ui_binding home_keys[] = {
	UI_KEYS_USE(ui_keys_help),
	UI_KEYS_USE(ui_keys_open),
	UI_KEYS_USE(ui_keys_nav),
	/* The first screen: F10 and q end socds (Esc does nothing here). */
	{ UI_KEY(KEY_F(10)), ACT_QUIT, "F10", N_("Quit"), NULL },
	{ 'q', ACT_QUIT, NULL, NULL, NULL },
	{ UI_CTRL('q'), ACT_QUIT, NULL, NULL, NULL },
	UI_KEYS_END,
};

struct home {
	struct screen s;
	int sel;
	/* "Needs attention" costs a few hundred milliseconds on a province's
	 * file: kept until the database changes, and worked out after the
	 * rest of the screen is on the terminal. */
	struct store_attention att;
	int overdue;
	int year;
	int64_t stamp;
	bool att_valid, att_shown_pending;
};

static const char *
home_kind_title(struct app *a, enum kind_id k)
{
	const struct form *f = forms_get(a->forms, &record_kinds[k]);

	if (f != NULL)
		return i18n_pick(f->title_vi, f->title_en);
	return record_kinds[k].name;
}

/* Plan tasks of the unit past their due time and not done. */
static int
home_overdue(struct app *a)
{
	struct task_counts c;
	struct err e = { 0 };
	char today[11];

	period_today(today);
	(void)tasks_count(a->store, a->home.code, a->home.level, today, &c, &e);
	return c.overdue;	/* what was counted before an error, as the screen always showed */
}

/* The lines of "Needs attention" from line y; each says what is missing. */
#define HOME_ATT_MAX 5
static void
home_attention_lines(struct home *h, struct app *a, int y)
{
	const struct store_attention *att = &h->att;
	const char *bullet = a->ascii ? "*" : "•";
	char line[HOME_ATT_MAX][512];
	int attr[HOME_ATT_MAX], n = 0, room = LINES - 1 - y;

	/* First: only the unit can put these right, and the office waits. */
	if (att->remarks > 0) {
		snprintf(line[n], sizeof line[0], _("%s %lld record(s) the office above returned or"
		    " holds in conflict (r)"), bullet, (long long)att->remarks);
		attr[n++] = a->attr[R_ERROR];
	}
	if (att->communes_without_focal > 0) {
		snprintf(line[n], sizeof line[0], _("%s %lld commune(s) without a DT focal point"),
		    bullet, (long long)att->communes_without_focal);
		attr[n++] = (int)A_NORMAL;
	}
	if (att->staff_untrained > 0) {
		snprintf(line[n], sizeof line[0], _("%s %lld DT staff not yet trained in %d"), bullet,
		    (long long)att->staff_untrained, h->year);
		attr[n++] = (int)A_NORMAL;
	}
	if (h->overdue > 0) {
		snprintf(line[n], sizeof line[0], _("%s %d plan task(s) overdue (8)"), bullet,
		    h->overdue);
		attr[n++] = a->attr[R_ERROR];
	}
	if (att->villages_without_team > 0) {
		snprintf(line[n], sizeof line[0], _("%s %lld village(s) without a CDTT team"), bullet,
		    (long long)att->villages_without_team);
		attr[n++] = (int)A_NORMAL;
	}
	if (n == 0) {
		ui_put_wrapped(y, 4, COLS - 6, LINES - 2 - y, _("nothing: every commune has a focal "
		    "point, every DT officer was trained this year and every village has a team"),
		    A_NORMAL);
		return;
	}
	/* All five at 24 rows: the last row takes the rest side by side rather
	 * than one going under the key bar. */
	if (room >= 1 && n > room) {
		for (int i = room; i < n; i++) {
			size_t len = strlen(line[room - 1]);
			snprintf(line[room - 1] + len, sizeof line[0] - len, "  %s", line[i]);
		}
		n = room;
	}
	for (int i = 0; i < n; i++)
		ui_put(y + i, 4, COLS - 6, line[i], attr[i], false);
}

/* "Needs attention" from line y: worked out again when the database or the
 * year changed, after a first draw that shows "…" (the rest of the screen
 * is on the terminal meanwhile). */
static void
home_attention(struct home *h, struct app *a, int y, int year)
{
	struct err e = { 0 };
	int64_t stamp = store_change_stamp(a->store);

	ui_put(y++, 2, COLS - 4, _("Needs attention:"), a->attr[R_HEADER], false);
	if (!h->att_valid || h->stamp != stamp || h->year != year) {
		if (!h->att_shown_pending) {
			ui_put(y, 4, COLS - 6, a->ascii ? "..." : "…", A_NORMAL, false);
			h->att_shown_pending = true;
			a->again = true;
			return;
		}
		h->att_shown_pending = false;
		if (store_attention_get(a->store, a->home.code, year, &h->att, &e) != 0) {
			ui_put_wrapped(y, 2, COLS - 4, LINES - 2 - y, e.msg, a->attr[R_ERROR]);
			return;
		}
		h->overdue = home_overdue(a);
		h->year = year;
		h->stamp = stamp;
		h->att_valid = true;
	}
	home_attention_lines(h, a, y);
}

static void
home_draw(struct screen *s, struct app *a)
{
	struct home *h = (struct home *)s;
	struct err e = { 0 };
	char line[256];
	int y = 2;
	char today[11];

	period_today(today);
	ui_title(a, _("socds — digital transformation register"), a->home.name);
	snprintf(line, sizeof line, "%s: %s %s", _("Unit"), a->home.code, a->home.name);
	ui_put(y++, 2, COLS - 4, line, A_BOLD, false);
	y++;
	for (int i = 0; i < HOME_NKINDS; i++) {
		int64_t n = 0;
		int role = i == h->sel ? a->attr[R_SELECTED] : (int)A_NORMAL;
		store_record_count(a->store, &record_kinds[home_kinds[i]], NULL, &n, &e);
		snprintf(line, sizeof line, " %d  ", i + 1);
		ui_fill(y, 2, 60, role);
		ui_put(y, 2, 5, line, role | A_BOLD, false);
		ui_put(y, 7, 44, home_kind_title(a, home_kinds[i]), role, false);
		snprintf(line, sizeof line, "%8lld", (long long)n);
		ui_put(y, 52, 9, line, role, false);
		y++;
	}
	for (int i = HOME_NKINDS; i < HOME_N; i++, y++) {
		int role = h->sel == i ? a->attr[R_SELECTED] : (int)A_NORMAL;
		snprintf(line, sizeof line, " %c  ", home_more[i - HOME_NKINDS].key);
		ui_fill(y, 2, 60, role);
		ui_put(y, 2, 5, line, role | (int)A_BOLD, false);
		ui_put(y, 7, 54, _(home_more[i - HOME_NKINDS].label), role, false);
	}
	/* A blank line before "Needs attention" while its four lines still fit. */
	home_attention(h, a, y + (y + 6 < LINES - 1 ? 1 : 0), atoi(today));
}

static int
home_key(struct screen *s, struct app *a, int key)
{
	struct home *h = (struct home *)s;

	/* The remarks of the office above: the key its "needs attention" line names. */
	if (key == 'r' || key == 'R') {
		a->status[0] = '\0';
		ui_push(a, remarks_new(a));
		return 0;
	}
	if (key >= '1' && key < '1' + HOME_NKINDS) {
		h->sel = key - '1';
		key = '\r';
	}
	for (int i = HOME_NKINDS; i < HOME_N; i++)
		if (key == home_more[i - HOME_NKINDS].key) {
			h->sel = i;
			key = '\r';
		}
	enum ui_action act = ui_lookup(s->keys, key);
	switch (act) {
	case ACT_UP:
		h->sel = (h->sel + HOME_N - 1) % HOME_N;
		break;
	case ACT_DOWN:
		h->sel = (h->sel + 1) % HOME_N;
		break;
	case ACT_HOME:
		h->sel = 0;
		break;
	case ACT_END:
		h->sel = HOME_N - 1;
		break;
	case ACT_OPEN:
		if (h->sel >= HOME_NKINDS)
			ui_push(a, home_more[h->sel - HOME_NKINDS].open(a));
		else
			ui_push(a, list_new(a, &record_kinds[home_kinds[h->sel]], NULL, NULL));
		break;
	case ACT_QUIT:
		return 1;
	default:
		ui_key_common(s, a, act);
		break;
	}
	a->status[0] = '\0';
	return 0;
}

static const struct screen home_screen = {
	.name = "home",
	.draw = home_draw,
	.key = home_key,
	.keys = home_keys,
	.help = N_("The home screen shows your unit, how many records of each kind it has, "
	    "and what needs attention. Press a number (1-9, 0) or choose a line and press Enter "
	    "to open it; r opens what the office above returned or holds in conflict. F10 or q "
	    "quits."),
};

struct screen *
home_new(struct app *a)
{
	(void)a;
	return ui_screen_new(sizeof(struct home), &home_screen);
}

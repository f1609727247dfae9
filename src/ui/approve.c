/* approve: the approvals of the units' periods — at an office, approving a
 * unit below (F2) and reopening the selected approval with a reason (F8);
 * at a commune, which of its periods the office above has locked. Enter
 * shows a row whole. The jobs are job-approve.h, as `socds approve`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/job-approve.h"
#include "socds/store-unit.h"

#define APPROVE_ROWS 500

static const struct ui_binding approve_keys[] = {
	UI_KEYS_USE(ui_keys_help),
	{ UI_KEY(KEY_F(2)), ACT_NEW, "F2", N_("Approve"), NULL },
	{ UI_KEY(KEY_F(8)), ACT_DELETE, "F8", N_("Reopen"), NULL },
	UI_KEYS_USE(ui_keys_open),
	UI_KEYS_USE(ui_keys_arrows),
	UI_KEYS_USE(ui_keys_back),
	UI_KEYS_END,
};

struct approve {
	struct screen s;
	struct store_approval *row;
	char (*name)[160];	/* each row's unit by name, read with the rows */
	int n, sel, first;
	struct app *a;
};

static int
approve_take(const struct store_approval *ap, void *arg)
{
	struct approve *p = arg;
	struct unit u;
	struct err e = { 0 };

	p->row[p->n] = *ap;
	snprintf(p->name[p->n], sizeof p->name[0], "%s",
	    store_unit_get(p->a->store, ap->unit, &u, &e) == 0 ? u.name : ap->unit);
	return ++p->n >= APPROVE_ROWS;
}

static void
approve_load(struct approve *p, struct app *a)
{
	struct err e = { 0 };

	p->n = 0;
	p->a = a;
	if (store_approval_each(a->store, approve_take, p, &e) != 0)
		ui_error(a, &e);
	if (p->sel >= p->n)
		p->sel = p->n > 0 ? p->n - 1 : 0;
}

static void
approve_draw(struct screen *s, struct app *a)
{
	struct approve *p = (struct approve *)s;
	static const int col[] = { 1, 9, 17, 44, 55, 69 };
	const char *head[] = { _("Id"), _("Unit"), _("Name"), _("Period"), _("State"),
		_("Day") };
	int rows = LINES - 5, y = 3;

	ui_title(a, _("Approved periods"), a->home.name);
	ui_fill(2, 0, COLS, a->attr[R_HEADER]);
	for (int c = 0; c < 6; c++)
		ui_put(2, col[c], c < 5 ? col[c + 1] - col[c] - 1 : COLS - col[c] - 1, head[c],
		    a->attr[R_HEADER], false);
	if (p->sel < p->first)
		p->first = p->sel;
	if (p->sel >= p->first + rows)
		p->first = p->sel - rows + 1;
	for (int i = p->first; i < p->n && y < LINES - 2; i++, y++) {
		const struct store_approval *r = &p->row[i];
		int attr = i == p->sel ? a->attr[R_SELECTED] : (int)A_NORMAL;
		char day[11] = "";
		if (strlen(r->at) >= 10)
			snprintf(day, sizeof day, "%.2s/%.2s/%.4s", r->at + 8, r->at + 5, r->at);
		const char *cell[] = { r->id, r->unit, p->name[i], r->period,
			strcmp(r->state, "approved") == 0 ? _("approved") : _("reopened"), day };
		ui_fill(y, 0, COLS, attr);
		for (int c = 0; c < 6; c++)
			ui_put(y, col[c], c < 5 ? col[c + 1] - col[c] - 1 : COLS - col[c] - 1, cell[c],
			    attr, false);
	}
	if (p->n == 0)
		ui_put_wrapped(4, 2, COLS - 4, 4, _("No period has been approved yet. At an office,"
		    " F2 approves a period of a unit below: its records become read-only there once"
		    " the next receipt reaches it."), a->attr[R_DIM]);
}

/* F2: a unit below and a period, approved. */
static void
approve_new_one(struct approve *p, struct app *a)
{
	struct job_approve_result r;
	struct tbuf t = { 0 };
	struct err e = { 0 };
	char unit[8] = "";

	/* Typed: a province has more units below than a menu holds. */
	if (!pick_text(a, _("Code of the unit below (e.g. 21853)"), "", &t) || t.len == 0 ||
	    t.len >= sizeof unit) {
		tbuf_free(&t);
		return;
	}
	snprintf(unit, sizeof unit, "%s", t.p);
	tbuf_free(&t);
	if (!pick_text(a, _("Period (2026, 2026-Q3 or 2026-11)"), "", &t) || t.len == 0) {
		tbuf_free(&t);
		return;
	}
	if (job_approve(a->store, unit, t.p, &r, &e) != 0)
		ui_error(a, &e);
	else if (r.no_package)
		ui_message(a, false, _("Approved period %s of %s (%s). No package of that unit for"
		    " the period has been merged here."), r.a.period, r.a.unit, r.a.id);
	else
		ui_message(a, false, _("Approved period %s of %s (%s)."), r.a.period, r.a.unit,
		    r.a.id);
	tbuf_free(&t);
	approve_load(p, a);
}

/* F8: the selected approval reopened, with the reason. */
static void
approve_reopen(struct approve *p, struct app *a)
{
	struct job_approve_result r;
	struct tbuf t = { 0 };
	struct err e = { 0 };
	char unit[8], period[16];

	if (p->n == 0)
		return;
	snprintf(unit, sizeof unit, "%s", p->row[p->sel].unit);
	snprintf(period, sizeof period, "%s", p->row[p->sel].period);
	if (!pick_text(a, _("Reason for reopening"), "", &t) || t.len == 0) {
		tbuf_free(&t);
		return;
	}
	if (job_reopen(a->store, unit, period, t.p, &r, &e) != 0)
		ui_error(a, &e);
	else
		ui_message(a, false, _("Reopened period %s of %s (%s)."), r.a.period, r.a.unit,
		    r.a.id);
	tbuf_free(&t);
	approve_load(p, a);
}

static void
approve_show(struct approve *p, struct app *a)
{
	const struct store_approval *r;
	char l[4][400];
	const char *lines[4] = { l[0], l[1], l[2], l[3] };
	const char *back[] = { _("Back") };

	if (p->n == 0)
		return;
	r = &p->row[p->sel];
	snprintf(l[0], sizeof l[0], "%s %s, %s (%s – %s)", r->unit, p->name[p->sel], r->period,
	    r->from,
	    r->to);
	snprintf(l[1], sizeof l[1], _("%s by %s (%s), %s"), strcmp(r->state, "approved") == 0 ?
	    _("approved") : _("reopened"), r->by_unit, r->by_user, r->at);
	snprintf(l[2], sizeof l[2], _("revision %lld"), (long long)r->revision);
	snprintf(l[3], sizeof l[3], "%s", r->reason);
	pick_menu_info(a, r->id, lines, r->reason[0] ? 4 : 3, back, 1);
}

static int
approve_key(struct screen *s, struct app *a, int key)
{
	struct approve *p = (struct approve *)s;
	int rows = LINES - 5;

	a->status[0] = '\0';
	enum ui_action act = ui_lookup(s->keys, key);
	switch (act) {
	case ACT_UP: if (p->sel > 0) p->sel--; break;
	case ACT_DOWN: if (p->sel < p->n - 1) p->sel++; break;
	case ACT_PGUP: p->sel = p->sel > rows ? p->sel - rows : 0; break;
	case ACT_PGDN: p->sel = p->sel + rows < p->n ? p->sel + rows : p->n > 0 ? p->n - 1 : 0; break;
	case ACT_HOME: p->sel = p->first = 0; break;
	case ACT_END: p->sel = p->n > 0 ? p->n - 1 : 0; break;
	case ACT_NEW: approve_new_one(p, a); break;
	case ACT_DELETE: approve_reopen(p, a); break;
	case ACT_OPEN: approve_show(p, a); break;
	default: return ui_key_common(s, a, act);
	}
	return 0;
}

static void
approve_free(struct screen *s)
{
	free(((struct approve *)s)->row);
	free(((struct approve *)s)->name);
	free(s);
}

static const struct screen approve_screen = {
	.name = "approve",
	.draw = approve_draw,
	.key = approve_key,
	.free = approve_free,
	.keys = approve_keys,
	.help = N_("The periods an office has approved. An approved period of a unit is"
	    " read-only there (and here) once the next receipt reaches it: its records can be"
	    " viewed but not changed. At an office, F2 approves a period of a unit below (the"
	    " unit, then the period: 2026, 2026-Q3 or 2026-11); F8 reopens the selected one,"
	    " with the reason. Enter shows the row whole. Both are in the audit log."),
};

struct screen *
approve_new(struct app *a)
{
	struct approve *p = ui_screen_new(sizeof *p, &approve_screen);

	if (p == NULL)
		return NULL;
	p->row = calloc(APPROVE_ROWS, sizeof *p->row);
	p->name = calloc(APPROVE_ROWS, sizeof *p->name);
	if (p->row == NULL || p->name == NULL) {
		approve_free(&p->s);
		return NULL;
	}
	approve_load(p, a);
	return &p->s;
}

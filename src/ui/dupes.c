/* dupes: before a person is saved, the people already recorded who look
 * like them (the one rule, dupes.h), in a box over the form: Enter opens one
 * (the form stays below, kept as a draft), F2 or l saves anyway, Esc goes
 * back to the form with nothing saved. */
#include <stdio.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/dupes.h"
#include "socds/i18n.h"

#define DUPES_SHOWN 6	/* rows in the box: the closest */

static const struct ui_binding dupes_keys[] = {
	UI_KEYS_USE(ui_keys_f1),
	{ UI_CTRL('g'), ACT_HELP, NULL, NULL, NULL },
	{ '\r', ACT_OPEN, "Enter", N_("Open"), NULL },
	{ '\n', ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_ENTER), ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(2)), ACT_SAVE, "F2", N_("Save anyway"), NULL },
	{ 'l', ACT_SAVE, NULL, NULL, NULL },
	{ UI_CTRL('s'), ACT_SAVE, NULL, NULL, NULL },
	{ 27, ACT_BACK, "Esc", N_("Cancel"), NULL },
	{ UI_KEY(KEY_F(10)), ACT_BACK, NULL, NULL, NULL },
	{ UI_CTRL('q'), ACT_QUIT, NULL, NULL, NULL },
	UI_KEYS_USE(ui_keys_arrows),
	UI_KEYS_END,
};

struct dupes_box {
	struct screen s;
	const struct dupes *d;
	const char *name;	/* as typed on the form */
	int n, sel;
	enum ui_action result;
};

/* Each person on two lines: name, year of birth, phone; then where
 * (unit, list or team), which is too long to share a line at 80 columns. */
static void
dupes_draw(struct screen *s, struct app *a)
{
	struct dupes_box *b = (struct dupes_box *)s;
	char line[400], where[400];
	bool more = b->d->total > b->n;
	int y, x, h, w, name_w;

	pick_frame(s, a, 2 * b->n + 4 + more, COLS - 8, _("Likely already recorded"), &y, &x, &h,
	    &w);
	snprintf(line, sizeof line, _("'%s' looks like %d person(s) already recorded:"), b->name,
	    b->d->total);
	ui_put(y + 1, x + 2, w - 4, line, (int)A_NORMAL, false);
	name_w = w - 22 < 32 ? w - 22 : 32;
	for (int i = 0; i < b->n; i++) {
		const struct dupe *d = &b->d->d[i];
		int attr = i == b->sel ? a->attr[R_SELECTED] : (int)A_NORMAL, ry = y + 3 + 2 * i;
		ui_fill(ry, x + 1, w - 2, attr);
		ui_fill(ry + 1, x + 1, w - 2, attr);
		ui_put(ry, x + 2, name_w, d->p.name, attr, false);
		snprintf(line, sizeof line, "%d", d->p.birth_year);
		ui_put(ry, x + 3 + name_w, 5, d->p.birth_year > 0 ? line : "", attr, false);
		ui_put(ry, x + 9 + name_w, 11, d->p.phone, attr, false);
		ui_put(ry + 1, x + 5, w - 7, dupes_where(d, where, sizeof where), attr, false);
	}
	if (more) {
		snprintf(line, sizeof line, _("... and %d more"), b->d->total - b->n);
		ui_put(y + 3 + 2 * b->n, x + 2, w - 4, line, a->attr[R_DIM], false);
	}
	ui_put(y + h - 2, x + 2, w - 4, _("Enter: open it · F2 or l: save anyway · Esc: back to"
	    " the form"), a->attr[R_DIM], false);
	s->cursor = true;
	s->cy = y + 3 + 2 * b->sel;
	s->cx = x + 2;
}

static int
dupes_key(struct screen *s, struct app *a, int key)
{
	struct dupes_box *b = (struct dupes_box *)s;
	enum ui_action act = ui_lookup(s->keys, key);

	switch (act) {
	case ACT_UP: case ACT_PGUP: case ACT_HOME:
		b->sel = act == ACT_UP && b->sel > 0 ? b->sel - 1 : 0;
		return 0;
	case ACT_DOWN:
		if (b->sel < b->n - 1)
			b->sel++;
		return 0;
	case ACT_PGDN: case ACT_END:
		b->sel = b->n - 1;
		return 0;
	case ACT_OPEN: case ACT_SAVE: case ACT_BACK:
		b->result = act;
		return 1;
	case ACT_QUIT:		/* the form's typing stays, as a draft */
		a->keep_drafts = true;
		return ui_key_common(s, a, act);
	case ACT_HELP:
		return ui_key_common(s, a, act);
	default:
		return 0;
	}
}

int
dupes_ask(struct app *a, struct screen *form, const struct record *r,
    const struct record *base)
{
	struct dupes d;
	struct dupes_box b;
	struct err e = { 0 };
	const struct dupe *c;

	if (!r->kind->person || (base != NULL && !dupes_changed(base, r)))
		return 1;
	if (dupes_find(a->store, r, INT64_MAX, &d, &e) != 0) {
		ui_error(a, &e);
		return 0;
	}
	if (d.n == 0)
		return 1;
	memset(&b, 0, sizeof b);
	ui_screen_init(&b.s, "dupes", dupes_draw, dupes_key, NULL, dupes_keys,
	    N_("People already recorded in this unit or the units below it whose name is the same"
	    " (case, tone marks and đ aside) and whose year of birth is the same or not given, or"
	    " whose phone is the same. Up and Down choose one; Enter opens it, while the form you"
	    " were typing stays open below it (kept as a draft); F2 or l saves your form anyway;"
	    " Esc or F10 goes back to your form and saves nothing."));
	b.d = &d;
	b.name = r->val[r->kind->name_col];
	b.n = d.n < DUPES_SHOWN ? d.n : DUPES_SHOWN;
	b.result = ACT_BACK;
	ui_modal(a, &b.s);
	if (b.result == ACT_SAVE)
		return 1;
	if (b.result != ACT_OPEN || a->quit) {
		ui_message(a, false, "%s", _("Not saved: your form is as you left it."));
		return 0;
	}
	c = &d.d[b.sel];
	if (form->save_draft != NULL)
		form->save_draft(form, a, true);
	ui_push(a, edit_new(a, c->p.kind, c->p.id, NULL));
	ui_message(a, false, "%s", _("Not saved: your form stays open below this one (Esc goes"
	    " back to it)."));
	return 0;
}

/* paper-ui: the unit's official paper settings (paper.h) — issuing body,
 * number, place, recipients, signer — as socds unit settings lists them;
 * Enter changes one, F8 sets it back to its default. Each change is kept at
 * once through job_paper_set, the job socds unit set calls (audited as
 * unit-setting; admin, or editor of the unit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/job-paper.h"
#include "socds/standing.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"
#include "socds/text.h"

static const struct ui_binding paper_ui_keys[] = {
	UI_KEYS_USE(ui_keys_help),
	{ '\r', ACT_OPEN, "Enter", N_("Edit"), NULL },
	{ '\n', ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_ENTER), ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(8)), ACT_DELETE, "F8", N_("Default"), NULL },
	{ 'd', ACT_DELETE, NULL, NULL, NULL },
	UI_KEYS_USE(ui_keys_nav),
	UI_KEYS_USE(ui_keys_back),
	UI_KEYS_END,
};

struct paper_ui {
	struct screen s;
	struct unit u;
	struct paper p;
	bool loaded;
	int sel;
};

static void
paper_ui_load(struct paper_ui *pu, struct app *a)
{
	struct err e = { 0 };

	pu->loaded = paper_load(a->store, &pu->u, &pu->p, &e) == 0;
	if (!pu->loaded)
		ui_error(a, &e);
}

/* The key's label with a capital, as a form shows its labels. */
static void
paper_ui_label(enum paper_key k, char *buf, size_t size)
{
	standing_capital(_(paper_keys[k].label), buf, size);
}

/* The value as the screen shows it: the deputy's "1"/"0" in words. */
static const char *
paper_ui_value(const struct paper_ui *pu, enum paper_key k)
{
	if (k == PAPER_DEPUTY)
		return strcmp(pu->p.v[k], "1") == 0 ? _("yes: a deputy signs (KT.)") :
		    _("no: the head signs");
	return pu->p.v[k];
}

static void
paper_ui_draw(struct screen *s, struct app *a)
{
	struct paper_ui *pu = (struct paper_ui *)s;
	char line[256];
	int y = 2;

	ui_title(a, _("Official paper settings"), pu->u.name);
	snprintf(line, sizeof line, "%s: %s %s", _("Unit"), pu->u.code, pu->u.name);
	ui_put(y++, 2, COLS - 4, line, (int)A_BOLD, false);
	ui_put_wrapped(y, 2, COLS - 4, 2, _("The report's header, number, recipients and signer. "
	    "Enter changes the selected line, F8 sets it back to its default."), a->attr[R_DIM]);
	y += 3;
	if (!pu->loaded)
		return;
	for (int k = 0; k < PAPER_NKEYS && y < LINES - 3; k++, y++) {
		int role = k == pu->sel ? a->attr[R_SELECTED] : (int)A_NORMAL;
		const char *v = paper_ui_value(pu, (enum paper_key)k);
		paper_ui_label((enum paper_key)k, line, sizeof line);
		ui_fill(y, 1, COLS - 2, role);
		ui_put(y, 2, 30, line, role, false);
		ui_put(y, 33, COLS - 34 - 10, v[0] ? v : "—", role | (pu->p.set[k] ? (int)A_BOLD : 0),
		    false);
		if (!pu->p.set[k])
			ui_put(y, COLS - 11, 10, _("(default)"), k == pu->sel ? role :
			    a->attr[R_DIM], false);
	}
}

/* Keeps value (NULL: back to the default) for key k, as socds unit set does. */
static void
paper_ui_save(struct paper_ui *pu, struct app *a, enum paper_key k, const char *value)
{
	struct err e = { 0 };
	char label[160];

	const char *vals[PAPER_NKEYS] = { 0 };

	paper_ui_label(k, label, sizeof label);
	vals[k] = value != NULL ? value : "";
	if (job_paper_set(a->store, pu->u.code, vals, NULL, &e) != 0) {
		ui_error(a, &e);
		return;
	}
	paper_ui_load(pu, a);
	if (value == NULL || *value == '\0')
		ui_message(a, false, _("%s: back to the default"), label);
	else
		ui_message(a, false, _("%s: saved"), label);
}

static void
paper_ui_change(struct paper_ui *pu, struct app *a)
{
	enum paper_key k = (enum paper_key)pu->sel;
	char label[160];

	paper_ui_label(k, label, sizeof label);
	if (k == PAPER_DEPUTY) {
		const char *items[] = { _("no: the head signs"), _("yes: a deputy signs (KT.)") };
		int c = pick_menu(a, label, items, 2, strcmp(pu->p.v[k], "1") == 0);
		if (c >= 0 && (c == 1) != (strcmp(pu->p.v[k], "1") == 0))
			paper_ui_save(pu, a, k, c == 1 ? "1" : "0");
		return;
	}
	struct tbuf t = { 0 };
	if (pick_text(a, label, pu->p.v[k], &t)) {
		const char *v = t.len > 0 ? t.p : "";
		/* The default kept as it is stays a default. */
		if (pu->p.set[k] || strcmp(v, pu->p.v[k]) != 0)
			paper_ui_save(pu, a, k, v);
	}
	tbuf_free(&t);
}

static int
paper_ui_key(struct screen *s, struct app *a, int key)
{
	struct paper_ui *pu = (struct paper_ui *)s;
	char label[160], q[320];

	enum ui_action act = ui_lookup(s->keys, key);
	switch (act) {
	case ACT_UP:
		pu->sel = (pu->sel + PAPER_NKEYS - 1) % PAPER_NKEYS;
		a->status[0] = '\0';
		break;
	case ACT_DOWN:
		pu->sel = (pu->sel + 1) % PAPER_NKEYS;
		a->status[0] = '\0';
		break;
	case ACT_HOME:
		pu->sel = 0;
		break;
	case ACT_END:
		pu->sel = PAPER_NKEYS - 1;
		break;
	case ACT_OPEN:
		if (pu->loaded)
			paper_ui_change(pu, a);
		break;
	case ACT_DELETE:
		if (!pu->loaded)
			break;
		paper_ui_label((enum paper_key)pu->sel, label, sizeof label);
		if (!pu->p.set[pu->sel]) {
			ui_message(a, false, _("%s: already the default"), label);
			break;
		}
		snprintf(q, sizeof q, _("Set '%s' back to its default?"), label);
		if (ui_confirm(a, q))
			paper_ui_save(pu, a, (enum paper_key)pu->sel, NULL);
		break;
	default:
		return ui_key_common(s, a, act);
	}
	return 0;
}

static const struct screen paper_ui_screen = {
	.name = "paper",
	.draw = paper_ui_draw,
	.key = paper_ui_key,
	.keys = paper_ui_keys,
	.help = N_("The settings that make the report an official paper (Decree "
	    "30/2020/NĐ-CP): the body above the issuing body and the issuing body, the place "
	    "before the date, the number and its suffix (Số: …/BC-…), the addressee (Kính gửi), "
	    "the recipients (Nơi nhận, parts separated by ';'), and who signs: on behalf of "
	    "(TM.), the head's and the deputy's titles, whether the deputy signs (KT.), the "
	    "signer's name. Enter changes the selected line (an empty value sets it back to its "
	    "default), F8 or d sets it back to its default after you confirm. A value in bold "
	    "is set; the others are defaults made from the unit's name and level. Every change "
	    "is kept at once and audited, as 'socds unit set' does; an admin or an editor of "
	    "the unit may change them. F10, q or Esc goes back."),
};

struct screen *
paper_ui_new(struct app *a)
{
	struct paper_ui *pu = ui_screen_new(sizeof *pu, &paper_ui_screen);

	if (pu == NULL)
		return NULL;
	pu->u = a->home;
	paper_ui_load(pu, a);
	return &pu->s;
}

/* edit-entry: what makes a month of records quick to type on the form
 * screen — fields the form's show_if hides, values carried from the last
 * record saved of a kind in this session (`carry`), today's date on
 * `default today`, and F9, the go-to-field box with a search line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "edit-internal.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/period.h"
#include "socds/text.h"

/* The carried values of each kind, canonical, one per column: kept for
 * the session (this file alone writes them). */
static char **edit_carried[KIND_COUNT];

bool
edit_hidden(const struct edit *ed, int i)
{
	return ed->hidden != NULL && i >= 0 && i < (int)ed->f->n && ed->hidden[i];
}

void
edit_entry_refresh(struct edit *ed)
{
	struct err e = { 0 };

	if (ed->hidden == NULL || ed->look.val == NULL)
		return;
	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *v = ed->canon[i];
		if (edit_typed(ff)) {
			/* A value not yet right is taken as typed: it matches nothing. */
			v = form_parse(ff, ed->ed[i].buf, &ed->tb, &e) == 0 ? ed->tb.p : ed->ed[i].buf;
			err_clear(&e);
		}
		record_set(&ed->look, ff->col, v != NULL && *v != '\0' ? v : NULL);
	}
	for (size_t i = 0; i < ed->f->n; i++)
		ed->hidden[i] = !form_applies(ed->f, &ed->look, i);
	/* The focus never rests on a field that is not shown (a draft restored,
	 * a form whose first field has a show_if). */
	if (edit_hidden(ed, ed->focus)) {
		int to = edit_step(ed, ed->focus, 1, 1);
		ed->focus = to != ed->focus ? to : edit_step(ed, ed->focus, -1, 1);
	}
}

void
edit_entry_prefill(struct edit *ed)
{
	char **c = edit_carried[ed->k - record_kinds];
	char today[11];

	period_today(today);
	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *v = NULL;
		if (ff->carry && c != NULL && c[ff->col] != NULL)
			v = c[ff->col];
		else if (ff->def_today)
			v = today;
		else if (ff->def != NULL)
			v = ff->def;
		if (v == NULL || record_set(&ed->r, ff->col, v) != 0)
			continue;
		if (ed->prefilled != NULL)
			ed->prefilled[i] = true;
	}
}

void
edit_entry_remember(const struct edit *ed)
{
	char ***c = &edit_carried[ed->k - record_kinds];

	if (*c == NULL && (*c = calloc((size_t)ed->k->ncols, sizeof **c)) == NULL)
		return;
	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *v = ed->r.val[ff->col];
		if (!ff->carry)
			continue;
		free((*c)[ff->col]);
		(*c)[ff->col] = v != NULL && *v != '\0' ? strdup(v) : NULL;
	}
}

/* --- moving, letters, save and new --- */

/* Rows the shown fields from..to (both included) take. */
int
edit_rows_between(const struct edit *ed, int from, int to)
{
	int n = 0;

	for (int i = from; i <= to; i++)
		n += !edit_hidden(ed, i);
	return n;
}

/* The field count shown fields away from from, in the direction dir
 * (the unit row, -1, first when there is one); as far as there is. */
int
edit_step(const struct edit *ed, int from, int dir, int count)
{
	int at = from, lo = ed->unit_row ? -1 : 0;

	while (count-- > 0) {
		int j = at + dir;
		while (j >= 0 && j < (int)ed->f->n && edit_hidden(ed, j))
			j += dir;
		if (j < lo || j >= (int)ed->f->n)
			break;
		at = j;
	}
	return at;
}

/* A printable key on a field chosen from a list, or on the unit row: the
 * picker opens with it as its first key (it searches or jumps with it; the
 * counts box goes to a category by letters or types the digit); yes/no
 * takes c/k/y/n/x/1/0 at once. Never dropped unsaid. */
void
edit_letter_chosen(struct edit *ed, struct app *a, const struct form_field *ff, int key)
{
	char k[8];
	struct err e = { 0 };

	if (ff != NULL && ff->type == FIELD_BOOL) {
		snprintf(k, sizeof k, "%lc", (wint_t)key);
		if (key < 0x80 && form_parse(ff, k, &ed->tb, &e) == 0 && ed->tb.len > 0) {
			free(ed->canon[ed->focus]);
			ed->canon[ed->focus] = strdup(ed->tb.p);
			ed->dirty = true;
			ed->draft_due = true;
			return;
		}
	} else {
		ui_unget_key(key);
		edit_choose(ed, a);
		return;
	}
	ui_message(a, false, "%s", _("Press Enter or Space to choose a value."));
}

/* After a save: the list below highlights the record, and the carried
 * fields keep its values for the next new one. */
void
edit_saved(struct edit *ed, struct app *a)
{
	snprintf(a->saved_id, sizeof a->saved_id, "%s", ed->r.id);
	edit_entry_remember(ed);
}

/* F4: the form starts again as the next new record of its kind, under the
 * same parent and in the same unit, with the carried values. */
void
edit_renew(struct edit *ed, struct app *a)
{
	char unit[sizeof ed->unit];

	memcpy(unit, ed->unit, sizeof unit);
	record_free(&ed->r);
	record_free(&ed->base);
	ed->have_base = false;
	memset(ed->prefilled, 0, ed->f->n * sizeof *ed->prefilled);
	if (record_init(&ed->r, ed->k) != 0 ||
	    edit_record_init(ed, a, NULL, ed->parent_id[0] ? ed->parent_id : NULL) != 0) {
		ui_message(a, true, "%s", _("out of memory"));
		return;
	}
	edit_show_record(ed, &ed->r);
	memcpy(ed->unit, unit, sizeof ed->unit);
	ed->dirty = false;
	ed->draft_due = false;
	ed->draft_seq = 0;
	ed->bad = -2;
	ed->year_field = -1;
	edit_suggest_drop(ed);
	ed->first = 0;
	edit_entry_refresh(ed);
	edit_focus_first_empty(ed);
}

/* --- F9: go to a field --- */

struct egoto {
	struct screen s;
	struct edit *ed;
	struct lineedit search;
	int *idx;		/* the fields that match, indexes in ed->f->fields */
	int n, sel, first;
	int result;
};

/* The shown fields whose label holds the search, folded. */
static void
egoto_filter(struct egoto *g)
{
	struct tbuf want = { 0 }, lab = { 0 };
	const struct form *f = g->ed->f;

	g->n = 0;
	if (text_fold(g->search.buf, &want) != 0)
		return;
	for (size_t i = 0; i < f->n; i++) {
		if (edit_hidden(g->ed, (int)i))
			continue;
		if (want.len > 0 && (text_fold(form_label(&f->fields[i]), &lab) != 0 ||
		    strstr(lab.p, want.p) == NULL))
			continue;
		g->idx[g->n++] = (int)i;
	}
	tbuf_free(&want);
	tbuf_free(&lab);
	if (g->sel >= g->n)
		g->sel = g->n > 0 ? g->n - 1 : 0;
}

static void
egoto_draw(struct screen *s, struct app *a)
{
	struct egoto *g = (struct egoto *)s;
	int y, x, h, w, rows;

	pick_frame(s, a, (int)g->ed->f->n + 2, 50, _("Go to field"), &y, &x, &h, &w);
	int lw = ui_put(y + 1, x + 2, w - 4, _("Find: "), A_BOLD, false);
	int cur = ui_put_field(y + 1, x + 2 + lw, w - 4 - lw, &g->search, true,
	    a->attr[R_FIELD], a->ascii);
	s->cursor = true;
	s->cy = y + 1;
	s->cx = x + 2 + lw + cur;
	rows = h - 4;
	g->first = pick_first(g->sel, g->first, rows);
	for (int i = g->first; i < g->n && i < g->first + rows; i++) {
		int attr = i == g->sel ? a->attr[R_SELECTED] : (int)A_NORMAL;
		ui_fill(y + 3 + i - g->first, x + 1, w - 2, attr);
		ui_put(y + 3 + i - g->first, x + 2, w - 4, form_label(&g->ed->f->fields[g->idx[i]]),
		    attr, false);
	}
	if (g->n == 0)
		ui_put(y + 3, x + 2, w - 4, _("Nothing matches."), a->attr[R_DIM], false);
}

static int
egoto_key(struct screen *s, struct app *a, int key)
{
	struct egoto *g = (struct egoto *)s;
	enum ui_action act = ui_lookup(s->keys, key);

	switch (act) {
	case ACT_UP: if (g->sel > 0) g->sel--; return 0;
	case ACT_DOWN: if (g->sel < g->n - 1) g->sel++; return 0;
	case ACT_PGUP: case ACT_HOME: g->sel = 0; return 0;
	case ACT_PGDN: case ACT_END: g->sel = g->n > 0 ? g->n - 1 : 0; return 0;
	case ACT_OPEN:
		if (g->n == 0)
			return 0;
		g->result = g->idx[g->sel];
		return 1;
	case ACT_BACK: return 1;
	case ACT_HELP: return ui_key_common(s, a, act);
	default: break;
	}
	/* Every other key edits the search (Space included). */
	switch (key) {
	case UI_KEY(KEY_BACKSPACE): case 127: case 8: lineedit_backspace(&g->search); break;
	case UI_KEY(KEY_LEFT): lineedit_left(&g->search); return 0;
	case UI_KEY(KEY_RIGHT): lineedit_right(&g->search); return 0;
	case UI_CTRL('u'): lineedit_kill_to_start(&g->search); break;
	default:
		if (key >= 0x110000 || key < 0x20 || lineedit_insert(&g->search, key) != 0)
			return 0;
	}
	g->sel = 0;
	egoto_filter(g);
	return 0;
}

int
edit_goto_pick(struct edit *ed, struct app *a)
{
	struct egoto g;

	memset(&g, 0, sizeof g);
	g.ed = ed;
	g.result = -1;
	if ((g.idx = calloc(ed->f->n ? ed->f->n : 1, sizeof *g.idx)) == NULL ||
	    lineedit_init(&g.search, "") != 0) {
		free(g.idx);
		ui_message(a, true, "%s", _("out of memory"));
		return -1;
	}
	pick_screen(&g.s, egoto_draw, egoto_key,
	    N_("The form's fields. Type part of a field's name (without tone marks if you "
	    "like) to narrow the list, choose with the arrows and press Enter to go there. Esc "
	    "or F10 goes back to the field you were on."));
	egoto_filter(&g);
	ui_modal(a, &g.s);
	lineedit_free(&g.search);
	free(g.idx);
	return g.result;
}

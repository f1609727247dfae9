/* pick-record: a record chosen from a page of them, with a search inside
 * (one or several, ticked). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/pager.h"
#include "socds/text.h"

#define PREC_ROWS 64

struct prec {
	struct screen s;
	const struct kind *k;
	const char *parent;
	bool multi;
	struct lineedit search;
	struct tbuf chosen;	/* ids, ';'-separated */
	const char *orig;	/* the ids chosen as the picker opened */
	struct pager pg;
	int ref_col;		/* the reference named beside the name (-1 none) */
	bool ok;
};

static void
prec_query(struct prec *p, struct app *a, struct store_query *q)
{
	memset(q, 0, sizeof *q);
	q->kind = p->k;
	q->within = a->home.code;
	q->parent_id = p->parent;
	q->search = p->search.len ? p->search.buf : NULL;
	q->sort = -1;
}

/* A row's name as the picker shows it: its name column, else its id. */
static const char *
prec_name(const struct prec *p, int row)
{
	const struct record *r = &p->pg.rows[row];

	return p->k->name_col >= 0 && r->val[p->k->name_col] ? r->val[p->k->name_col] : r->id;
}

/* What tells two namesakes apart, read with the page: the record it
 * belongs to (a member's team, a team's village) and its unit. */
static void
prec_detail(const struct prec *p, int row, char *buf, size_t size)
{
	const char *ref = p->ref_col >= 0 ? pager_name(&p->pg, row, p->ref_col) : NULL;
	const char *unit = pager_unit(&p->pg, row);
	bool both = ref != NULL && *ref && unit != NULL && *unit;

	snprintf(buf, size, "%s%s%s", ref != NULL ? ref : "", both ? ", " : "",
	    unit != NULL ? unit : "");
}

static void
prec_draw(struct screen *s, struct app *a)
{
	struct prec *p = (struct prec *)s;
	struct store_query q;
	struct err e = { 0 };
	int y, x, h, w;

	pick_frame(s, a, LINES, p->ref_col >= 0 || p->pg.unit_names ? 72 : 60, _("Choose"), &y,
	    &x, &h, &w);
	x += ui_put(y + 1, x + 2, w - 4, _("Find: "), A_BOLD, false) + 2;
	int fw = w - (x - (COLS - w) / 2) - 2;
	int cur = ui_put_field(y + 1, x, fw, &p->search, true, a->attr[R_FIELD], a->ascii);
	s->cursor = true;
	s->cy = y + 1;
	s->cx = x + cur;
	x = (COLS - w) / 2;
	prec_query(p, a, &q);
	if (pager_load(&p->pg, &q, h - 4, &e) != 0)
		ui_error(a, &e);
	for (int i = 0; i < p->pg.n; i++) {
		int attr = i == p->pg.sel ? a->attr[R_SELECTED] : (int)A_NORMAL, cx = x + 2;
		ui_fill(y + 3 + i, x + 1, w - 2, attr);
		if (p->multi)
			cx += ui_put(y + 3 + i, cx, 4, pick_has(p->chosen.p, p->pg.rows[i].id) ?
			    "[x] " : "[ ] ", attr, false);
		int room = w - (cx - x) - 2;
		char detail[2 * PAGER_NAME_SIZE + 4];
		prec_detail(p, i, detail, sizeof detail);
		if (detail[0] == '\0') {
			ui_put(y + 3 + i, cx, room, prec_name(p, i), attr, false);
			continue;
		}
		/* The name in the first half; the detail, dimmed, in the second. */
		int nw = room / 2;
		ui_put(y + 3 + i, cx, nw, prec_name(p, i), attr, false);
		ui_put(y + 3 + i, cx + nw + 1, room - nw - 1, detail, i == p->pg.sel ? attr :
		    a->attr[R_DIM], false);
	}
	if (p->pg.n == 0)
		ui_put(y + 3, x + 2, w - 4, _("Nothing matches."), a->attr[R_DIM], false);
}

/* Whether two ';'-separated sets of ids hold the same ids, in any order. */
static bool
prec_same_set(const char *x, const char *y)
{
	size_t nx = 0, ny = 0;

	for (const char *q = y; *q;) {
		q += strcspn(q, ";");
		ny++;
		if (*q == ';')
			q++;
	}
	for (const char *q = x; *q;) {
		size_t len = strcspn(q, ";");
		char one[UUID_STR_LEN];
		snprintf(one, sizeof one, "%.*s", (int)len, q);
		if (!pick_has(y, one))
			return false;
		nx++;
		q += len;
		if (*q == ';')
			q++;
	}
	return nx == ny;
}

static void
prec_toggle(struct prec *p, const char *id)
{
	struct tbuf nw = { 0 };
	bool had = false;

	for (const char *q = p->chosen.p; q != NULL && *q;) {
		size_t len = strcspn(q, ";");
		char one[UUID_STR_LEN];
		snprintf(one, sizeof one, "%.*s", (int)len, q);
		if (strcmp(one, id) == 0)
			had = true;
		else
			pick_append(&nw, one);
		q += len;
		if (*q == ';')
			q++;
	}
	if (!had)
		pick_append(&nw, id);
	tbuf_free(&p->chosen);
	p->chosen = nw;
}

/* Enter: the record chosen (or, ticking, the ticks kept); Esc: back, asking
 * first when ticks changed. 1 when the box closes. */
static int
prec_leave(struct prec *p, struct app *a, enum ui_action act)
{
	if (act == ACT_OPEN) {
		if (!p->multi) {
			if (p->pg.n == 0)
				return 0;
			p->chosen.len = 0;
			pick_append(&p->chosen, p->pg.rows[p->pg.sel].id);
		}
		p->ok = true;
		return 1;
	}
	/* Records ticked or unticked: asked before they are thrown away. */
	return pick_leave(a, p->multi && !prec_same_set(p->chosen.p != NULL ? p->chosen.p : "",
	    p->orig), &p->ok);
}

/* Every other key edits the search, which starts again from the top. */
static void
prec_search_key(struct prec *p, int key)
{
	switch (key) {
	case UI_KEY(KEY_BACKSPACE): case 127: case 8: lineedit_backspace(&p->search); break;
	case UI_KEY(KEY_LEFT): lineedit_left(&p->search); return;
	case UI_KEY(KEY_RIGHT): lineedit_right(&p->search); return;
	case UI_CTRL('u'): lineedit_kill_to_start(&p->search); break;
	default:
		if (key >= 0x110000 || key < 0x20 || lineedit_insert(&p->search, key) != 0)
			return;
	}
	pager_reset(&p->pg);
}

static int
prec_key(struct screen *s, struct app *a, int key)
{
	static const enum pager_move moves[] = {
		[ACT_UP] = PAGER_UP, [ACT_DOWN] = PAGER_DOWN, [ACT_PGUP] = PAGER_PGUP,
		[ACT_PGDN] = PAGER_PGDN, [ACT_HOME] = PAGER_HOME, [ACT_END] = PAGER_END,
	};
	struct prec *p = (struct prec *)s;
	enum ui_action act = ui_lookup(s->keys, key);
	struct store_query q;
	struct err e = { 0 };

	if (key == ' ' && !p->multi)
		act = ACT_NONE;
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		prec_query(p, a, &q);
		if (pager_move(&p->pg, &q, moves[act], &e) != 0)
			ui_error(a, &e);
		return 0;
	case ACT_CHOOSE:
		if (p->pg.n > 0)
			prec_toggle(p, p->pg.rows[p->pg.sel].id);
		return 0;
	case ACT_OPEN: case ACT_BACK:
		return prec_leave(p, a, act);
	case ACT_HELP:
		return ui_key_common(s, a, act);
	default:
		prec_search_key(p, key);
		return 0;
	}
}

bool
pick_record(struct app *a, const struct kind *k, const char *parent_id, bool multi,
    const char *current, struct tbuf *out)
{
	struct prec *p = calloc(1, sizeof *p);
	bool ok;

	if (p == NULL)
		return false;
	pick_screen(&p->s, prec_draw, prec_key,
	    N_("Type a few letters of the name to narrow the list (case and diacritics "
	    "do not matter). Enter chooses; where several can be chosen, Space ticks or unticks "
	    "and Enter confirms. Esc goes back (asking first when records were ticked or "
	    "unticked)."));
	p->k = k;
	p->parent = parent_id != NULL && *parent_id ? parent_id : NULL;
	p->multi = multi;
	p->orig = current != NULL ? current : "";
	if (pager_init(&p->pg, a->store, k, PREC_ROWS, false) != 0) {
		pager_free(&p->pg);
		free(p);
		return false;
	}
	/* Namesakes told apart: the unit where there are several, and the
	 * record each belongs to unless all belong to the same one. */
	p->ref_col = -1;
	for (int c = 0; c < k->ncols && p->ref_col < 0; c++) {
		const struct kind *rk = k->cols[c].type == COL_REF ? record_kind(k->cols[c].ref) : NULL;
		if (rk != NULL && rk->name_col >= 0 && !(p->parent != NULL && k->parent_col != NULL &&
		    strcmp(k->cols[c].name, k->parent_col) == 0))
			p->ref_col = c;
	}
	if ((p->ref_col >= 0 && pager_name_col(&p->pg, p->ref_col,
	    record_kind(k->cols[p->ref_col].ref)) != 0) ||
	    (strcmp(a->home.level, "commune") != 0 && pager_unit_names(&p->pg) != 0)) {
		pager_free(&p->pg);
		free(p);
		return false;
	}
	lineedit_init(&p->search, "");
	if (multi && current != NULL && *current)
		pick_append(&p->chosen, current);
	ui_modal(a, &p->s);
	ok = p->ok;
	if (ok) {
		out->len = 0;
		if (out->p != NULL)
			out->p[0] = '\0';
		if (p->chosen.len > 0)
			pick_append(out, p->chosen.p);
	}
	lineedit_free(&p->search);
	tbuf_free(&p->chosen);
	pager_free(&p->pg);
	free(p);
	return ok;
}


/* pick: boxes for choosing — a menu, a list's values, a record (with search
 * inside), counts per category, a line of text. Each runs modally. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/text.h"

static const struct ui_binding pick_keys[] = {
	UI_KEYS_USE(ui_keys_f1),
	{ UI_CTRL('g'), ACT_HELP, NULL, NULL , NULL },	/* where F1 does not pass */
	{ '\r', ACT_OPEN, "Enter", N_("Choose") , NULL },
	{ '\n', ACT_OPEN, NULL, NULL , NULL },
	{ UI_KEY(KEY_ENTER), ACT_OPEN, NULL, NULL , NULL },
	{ UI_KEY(KEY_F(2)), ACT_OPEN, NULL, NULL , NULL },
	{ ' ', ACT_CHOOSE, NULL, NULL , NULL },
	UI_KEYS_USE(ui_keys_esc),
	UI_KEYS_USE(ui_keys_arrows),
	UI_KEYS_END,
};

/* The box every picker draws in: centred, at most the screen less a margin. */
static void
pick_frame(struct app *a, int want_h, int want_w, const char *title, int *y, int *x,
    int *h, int *w)
{
	*h = want_h + 2 > LINES - 4 ? LINES - 4 : want_h + 2;
	*w = want_w + 4 > COLS - 4 ? COLS - 4 : want_w + 4;
	if (*w < 30)
		*w = COLS - 4 < 30 ? COLS - 4 : 30;
	*y = (LINES - *h) / 2;
	*x = (COLS - *w) / 2;
	ui_box(*y, *x, *h, *w, A_NORMAL, title, a->ascii);
}

/* --- menu and checklist --- */

struct pmenu {
	struct screen s;
	const char *title;
	const char *const *info;	/* lines shown above the items */
	int ninfo;
	const char *const *items;
	int n, sel, first;
	bool *checked;		/* non-NULL: a checklist */
	bool *orig;		/* the checklist as it opened */
	int result;
};

static int pick_keep_changes(struct app *a);

static void
pmenu_draw(struct screen *s, struct app *a)
{
	struct pmenu *m = (struct pmenu *)s;
	int y, x, h, w, maxw = text_width(m->title) + 4;

	if (s->below != NULL && s->below->draw != NULL)
		s->below->draw(s->below, a);
	for (int i = 0; i < m->n; i++) {
		int iw = text_width(m->items[i]) + (m->checked ? 4 : 0);
		if (iw > maxw)
			maxw = iw;
	}
	for (int i = 0; i < m->ninfo; i++)
		if (text_width(m->info[i]) > maxw)
			maxw = text_width(m->info[i]);
	pick_frame(a, m->n + (m->ninfo ? m->ninfo + 1 : 0), maxw, m->title, &y, &x, &h, &w);
	for (int i = 0; i < m->ninfo && i < h - 3; i++)
		ui_put(y + 1 + i, x + 2, w - 4, m->info[i], (int)A_NORMAL, false);
	if (m->ninfo > 0) {
		int used = m->ninfo < h - 3 ? m->ninfo + 1 : h - 3;
		y += used;
		h -= used;
	}
	int rows = h - 2;
	if (m->sel < m->first)
		m->first = m->sel;
	if (m->sel >= m->first + rows)
		m->first = m->sel - rows + 1;
	for (int i = m->first; i < m->n && i < m->first + rows; i++) {
		int attr = i == m->sel ? a->attr[R_SELECTED] : (int)A_NORMAL, cx = x + 2;
		ui_fill(y + 1 + i - m->first, x + 1, w - 2, attr);
		if (m->checked != NULL)
			cx += ui_put(y + 1 + i - m->first, cx, 4, m->checked[i] ? "[x] " : "[ ] ",
			    attr, false);
		ui_put(y + 1 + i - m->first, cx, w - (cx - x) - 2, m->items[i], attr, false);
	}
	s->cursor = true;
	s->cy = y + 1 + m->sel - m->first;
	s->cx = x + 2;
}

static int
pmenu_key(struct screen *s, struct app *a, int key)
{
	struct pmenu *m = (struct pmenu *)s;

	(void)a;
	switch (ui_lookup(s->keys, key)) {
	case ACT_UP: if (m->sel > 0) m->sel--; break;
	case ACT_DOWN: if (m->sel < m->n - 1) m->sel++; break;
	case ACT_PGUP: m->sel = m->sel > 10 ? m->sel - 10 : 0; break;
	case ACT_PGDN: m->sel = m->sel + 10 < m->n ? m->sel + 10 : m->n - 1; break;
	case ACT_HOME: m->sel = 0; break;
	case ACT_END: m->sel = m->n - 1; break;
	case ACT_CHOOSE:
		if (m->checked != NULL) {
			m->checked[m->sel] = !m->checked[m->sel];
			break;
		}
		/* FALLTHROUGH */
	case ACT_OPEN: m->result = m->sel; return 1;
	case ACT_BACK:
		m->result = -1;
		/* Boxes ticked or unticked: asked before they are thrown away. */
		if (m->orig != NULL && memcmp(m->orig, m->checked, (size_t)m->n * sizeof *m->orig) != 0)
			switch (pick_keep_changes(a)) {
			case 1: m->result = m->sel; return 1;
			case 0: return 1;
			default: return 0;
			}
		return 1;
	case ACT_HELP: ui_push(a, help_new(a, s)); break;
	default:
		/* A letter jumps to the next item that starts with it, diacritics ignored. */
		if (key > ' ' && key < 0x110000) {
			struct tbuf f = { 0 }, g = { 0 };
			char k[8] = { 0 };
			wctomb(k, (wchar_t)key);
			if (text_fold(k, &f) == 0 && f.len > 0)
				for (int i = 1; i <= m->n; i++) {
					int j = (m->sel + i) % m->n;
					if (text_fold(m->items[j], &g) == 0 && g.len > 0 && g.p[0] == f.p[0]) {
						m->sel = j;
						break;
					}
				}
			tbuf_free(&f);
			tbuf_free(&g);
		}
	}
	return 0;
}

static int
pmenu_run(struct app *a, const char *title, const char *const *items, int n, int sel,
    bool *checked, const char *const *info, int ninfo)
{
	struct pmenu m;

	if (n <= 0)
		return -1;
	memset(&m, 0, sizeof m);
	m.s.name = "pick";
	m.s.draw = pmenu_draw;
	m.s.key = pmenu_key;
	m.s.keys = pick_keys;
	m.s.help = N_("Choose with the arrows and Enter; in a list with boxes, Space ticks or "
	    "unticks and Enter confirms. A letter jumps to the next item starting with it. Esc "
	    "or F10 goes back without choosing (asking first when boxes were ticked or "
	    "unticked).");
	m.title = title;
	m.items = items;
	m.n = n;
	m.sel = sel >= 0 && sel < n ? sel : 0;
	m.checked = checked;
	if (checked != NULL && (m.orig = malloc((size_t)n * sizeof *m.orig)) != NULL)
		memcpy(m.orig, checked, (size_t)n * sizeof *m.orig);
	m.info = info;
	m.ninfo = ninfo;
	m.result = -1;
	ui_modal(a, &m.s);
	free(m.orig);
	return m.result;
}

int
pick_menu(struct app *a, const char *title, const char *const *items, int n, int sel)
{
	return pmenu_run(a, title, items, n, sel, NULL, NULL, 0);
}

int
pick_menu_info(struct app *a, const char *title, const char *const *info, int ninfo,
    const char *const *items, int n)
{
	return pmenu_run(a, title, items, n, 0, NULL, info, ninfo);
}

struct pick_units {
	const char *items[128];
	char codes[128][8];
	char names[128][176];
	int n;
};

static int
pick_unit_item(const struct unit *u, void *arg)
{
	struct pick_units *pu = arg;

	if (strcmp(u->status, "current") != 0 && strcmp(u->level, "district") != 0)
		return 0;
	snprintf(pu->codes[pu->n], sizeof pu->codes[0], "%s", u->code);
	snprintf(pu->names[pu->n], sizeof pu->names[0], "%s %s", u->code, u->name);
	pu->items[pu->n] = pu->names[pu->n];
	return ++pu->n >= 128;
}

bool
pick_unit(struct app *a, const char *current, char out[8])
{
	struct pick_units *pu = calloc(1, sizeof *pu);
	struct err e = { 0 };
	int sel = 0, r;

	if (pu == NULL)
		return false;
	pick_unit_item(&a->home, pu);
	store_unit_children(a->store, a->home.code, pick_unit_item, pu, &e);
	for (int i = 0; i < pu->n; i++)
		if (current != NULL && strcmp(pu->codes[i], current) == 0)
			sel = i;
	r = pick_menu(a, _("Unit"), pu->items, pu->n, sel);
	if (r >= 0)
		snprintf(out, 8, "%s", pu->codes[r]);
	free(pu);
	return r >= 0;
}

/* true when code is among the ';'-separated codes of v. */
static bool
pick_has(const char *v, const char *code)
{
	size_t n = strlen(code);

	for (const char *p = v; p != NULL && *p;) {
		size_t len = strcspn(p, ";=");
		if (len == n && strncmp(p, code, n) == 0)
			return true;
		p += strcspn(p, ";");
		if (*p == ';')
			p++;
	}
	return false;
}

/* Adds s to a ';'-separated list. */
static int
pick_append(struct tbuf *out, const char *s)
{
	if (out->len > 0 && tbuf_append(out, ";", 1) != 0)
		return -1;
	return tbuf_append(out, s, strlen(s));
}

bool
pick_choice(struct app *a, const struct form_field *ff, const char *current, struct tbuf *out)
{
	size_t n = ff->list.n;
	bool multi = ff->type == FIELD_MULTI;
	int off = !multi && !ff->required ? 1 : 0;	/* "(empty)" first when allowed */
	const char **items = calloc(n + 1, sizeof *items);
	bool *checked = multi ? calloc(n + 1, sizeof *checked) : NULL;
	int sel = 0, r;
	bool ok = false;

	if (items == NULL || (multi && checked == NULL))
		goto out;
	if (off)
		items[0] = _("(empty)");
	for (size_t i = 0; i < n; i++) {
		items[i + (size_t)off] = i18n_pick(ff->list.items[i].vi, ff->list.items[i].en);
		if (current != NULL && pick_has(current, ff->list.items[i].code)) {
			if (multi)
				checked[i] = true;
			else
				sel = (int)i + off;
		}
	}
	r = pmenu_run(a, form_label(ff), items, (int)n + off, sel, checked, NULL, 0);
	if (r < 0)
		goto out;
	out->len = 0;
	if (out->p != NULL)
		out->p[0] = '\0';
	if (multi) {
		for (size_t i = 0; i < n; i++)
			if (checked[i] && pick_append(out, ff->list.items[i].code) != 0)
				goto out;
	} else if (r >= off && pick_append(out, ff->list.items[r - off].code) != 0)
		goto out;
	ok = true;
out:
	free(items);
	free(checked);
	return ok;
}

/* --- a record, with search inside --- */

#define PREC_ROWS 64

struct prec {
	struct screen s;
	const struct kind *k;
	const char *parent;
	bool multi;
	struct lineedit search;
	struct tbuf chosen;	/* ids, ';'-separated */
	const char *orig;	/* the ids chosen as the picker opened */
	char ids[PREC_ROWS][UUID_STR_LEN];
	char names[PREC_ROWS][160];
	struct store_key keys[PREC_ROWS];
	struct store_key top;
	bool have_top;
	int n, sel, rows;
	bool ok;
};

static int
prec_take(const struct record *r, const struct store_key *key, void *arg)
{
	struct prec *p = arg;
	const struct kind *k = r->kind;

	if (p->n >= p->rows || p->n >= PREC_ROWS)
		return 1;
	snprintf(p->ids[p->n], UUID_STR_LEN, "%s", r->id);
	snprintf(p->names[p->n], sizeof p->names[0], "%s",
	    k->name_col >= 0 && r->val[k->name_col] ? r->val[k->name_col] : r->id);
	p->keys[p->n] = *key;
	p->n++;
	return 0;
}

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

static void
prec_draw(struct screen *s, struct app *a)
{
	struct prec *p = (struct prec *)s;
	struct store_query q;
	struct err e = { 0 };
	int y, x, h, w;

	if (s->below != NULL)
		s->below->draw(s->below, a);
	pick_frame(a, LINES, 60, _("Choose"), &y, &x, &h, &w);
	p->rows = h - 4;
	x += ui_put(y + 1, x + 2, w - 4, _("Find: "), A_BOLD, false) + 2;
	int fw = w - (x - (COLS - w) / 2) - 2;
	int cur = ui_put_field(y + 1, x, fw, &p->search, true, a->attr[R_FIELD], a->ascii);
	s->cursor = true;
	s->cy = y + 1;
	s->cx = x + cur;
	x = (COLS - w) / 2;
	p->n = 0;
	prec_query(p, a, &q);
	if (store_query_page(a->store, &q, p->have_top ? &p->top : NULL, true, false, p->rows,
	    prec_take, p, &e) < 0)
		ui_error(a, &e);
	if (p->sel >= p->n)
		p->sel = p->n > 0 ? p->n - 1 : 0;
	for (int i = 0; i < p->n; i++) {
		int attr = i == p->sel ? a->attr[R_SELECTED] : (int)A_NORMAL, cx = x + 2;
		ui_fill(y + 3 + i, x + 1, w - 2, attr);
		if (p->multi)
			cx += ui_put(y + 3 + i, cx, 4, pick_has(p->chosen.p, p->ids[i]) ? "[x] " : "[ ] ",
			    attr, false);
		ui_put(y + 3 + i, cx, w - (cx - x) - 2, p->names[i], attr, false);
	}
	if (p->n == 0)
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

static int
prec_key(struct screen *s, struct app *a, int key)
{
	struct prec *p = (struct prec *)s;
	enum ui_action act = ui_lookup(s->keys, key);

	(void)a;
	if (key == ' ' && !p->multi)
		act = ACT_NONE;
	switch (act) {
	case ACT_UP:
		if (p->sel > 0)
			p->sel--;
		else if (p->have_top) {
			struct store_query q;
			struct err e = { 0 };
			struct prec tmp;
			prec_query(p, a, &q);
			tmp.n = 0;
			tmp.rows = 1;
			if (store_query_page(a->store, &q, &p->top, false, true, 1, prec_take, &tmp, &e) == 1)
				p->top = tmp.keys[0];
		}
		return 0;
	case ACT_DOWN:
		if (p->sel < p->n - 1)
			p->sel++;
		else if (p->n == p->rows && p->n > 1) {
			p->top = p->keys[1];
			p->have_top = true;
		}
		return 0;
	case ACT_PGDN:
		if (p->n == p->rows) {
			p->top = p->keys[p->n - 1];
			p->have_top = true;
			p->sel = 0;
		}
		return 0;
	case ACT_HOME: case ACT_PGUP:
		p->have_top = false;
		p->sel = 0;
		return 0;
	case ACT_CHOOSE:
		if (p->n > 0)
			prec_toggle(p, p->ids[p->sel]);
		return 0;
	case ACT_OPEN:
		if (!p->multi) {
			if (p->n == 0)
				return 0;
			p->chosen.len = 0;
			pick_append(&p->chosen, p->ids[p->sel]);
		}
		p->ok = true;
		return 1;
	case ACT_BACK:
		/* Records ticked or unticked: asked before they are thrown away. */
		if (p->multi && !prec_same_set(p->chosen.p != NULL ? p->chosen.p : "", p->orig))
			switch (pick_keep_changes(a)) {
			case 1: p->ok = true; return 1;
			case 0: return 1;
			default: return 0;
			}
		return 1;
	case ACT_HELP:
		ui_push(a, help_new(a, s));
		return 0;
	default:
		break;
	}
	/* Everything else edits the search, which starts again from the top. */
	switch (key) {
	case UI_KEY(KEY_BACKSPACE): case 127: case 8: lineedit_backspace(&p->search); break;
	case UI_KEY(KEY_LEFT): lineedit_left(&p->search); return 0;
	case UI_KEY(KEY_RIGHT): lineedit_right(&p->search); return 0;
	case UI_CTRL('u'): lineedit_kill_to_start(&p->search); break;
	default:
		if (key >= 0x110000 || key < 0x20 || lineedit_insert(&p->search, (wchar_t)key) != 0)
			return 0;
	}
	p->have_top = false;
	p->sel = 0;
	return 0;
}

bool
pick_record(struct app *a, const struct kind *k, const char *parent_id, bool multi,
    const char *current, struct tbuf *out)
{
	struct prec *p = calloc(1, sizeof *p);
	bool ok;

	if (p == NULL)
		return false;
	p->s.name = "pick";
	p->s.draw = prec_draw;
	p->s.key = prec_key;
	p->s.keys = pick_keys;
	p->s.help = N_("Type a few letters of the name to narrow the list (case and diacritics "
	    "do not matter). Enter chooses; where several can be chosen, Space ticks or unticks "
	    "and Enter confirms. Esc goes back (asking first when records were ticked or "
	    "unticked).");
	p->k = k;
	p->parent = parent_id != NULL && *parent_id ? parent_id : NULL;
	p->multi = multi;
	p->orig = current != NULL ? current : "";
	p->rows = 10;
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
	free(p);
	return ok;
}

/* --- leaving a box with changes --- */

/* Asks whether to keep the changes made in a box being left: 1 keep, 0 throw
 * away, -1 back to the box. */
static int
pick_keep_changes(struct app *a)
{
	const char *items[3];
	int r;

	items[0] = _("Yes: keep the changes");
	items[1] = _("No: throw them away");
	items[2] = _("Back to editing");
	r = pmenu_run(a, _("Keep the changes?"), items, 3, 0, NULL, NULL, 0);
	return r == 0 ? 1 : r == 1 ? 0 : -1;
}

/* --- counts per category --- */

struct pcount {
	struct screen s;
	const struct form_field *ff;
	struct lineedit *ed;
	char **orig;		/* each category's number as the box opened */
	long long max;		/* the limit of one category */
	bool fresh;		/* the next digit replaces the number (as in a spreadsheet) */
	int sel, first;
	bool ok;
	bool left;		/* closed by a key (not by a hang-up or termination) */
};

static void
pcount_draw(struct screen *s, struct app *a)
{
	struct pcount *c = (struct pcount *)s;
	int n = (int)c->ff->list.n, y, x, h, w;

	if (s->below != NULL)
		s->below->draw(s->below, a);
	pick_frame(a, n, 64, form_label(c->ff), &y, &x, &h, &w);
	int rows = h - 2;
	if (c->sel < c->first)
		c->first = c->sel;
	if (c->sel >= c->first + rows)
		c->first = c->sel - rows + 1;
	for (int i = c->first; i < n && i < c->first + rows; i++) {
		int yy = y + 1 + i - c->first;
		const struct list_item *it = &c->ff->list.items[i];
		ui_put(yy, x + 2, w - 14, i18n_pick(it->vi, it->en), i == c->sel ? (int)A_BOLD : (int)A_NORMAL,
		    false);
		int cur = lineedit_view(&c->ed[i], 8);
		ui_put(yy, x + w - 11, 8, c->ed[i].buf, i == c->sel ? a->attr[R_FOCUS] :
		    a->attr[R_FIELD], true);
		if (i == c->sel) {
			s->cursor = true;
			s->cy = yy;
			s->cx = x + w - 11 + cur;
		}
	}
}

static bool
pcount_changed(const struct pcount *c)
{
	for (size_t i = 0; i < c->ff->list.n; i++)
		if (strcmp(c->ed[i].buf, c->orig[i]) != 0)
			return true;
	return false;
}

/* A digit typed on the focused number: the first after focusing replaces
 * it, later ones append (at the cursor); a number over the limit is
 * refused with a message naming the category and the limit. */
static void
pcount_digit(struct pcount *c, struct app *a, int key)
{
	struct lineedit *le = &c->ed[c->sel];
	char *before = strdup(le->buf);
	size_t cur = le->cur;
	bool fresh = c->fresh;

	if (before == NULL)
		return;
	if (c->fresh)
		lineedit_set(le, "");
	c->fresh = false;
	lineedit_insert(le, (wchar_t)key);
	if (strspn(le->buf, "0123456789") != le->len || le->len > 18 ||
	    strtoll(le->buf, NULL, 10) > c->max) {
		const struct list_item *it = &c->ff->list.items[c->sel];
		lineedit_set(le, before);
		le->cur = cur <= le->len ? cur : le->len;
		c->fresh = fresh;
		ui_message(a, true, _("%s: %s: at most %lld (the limit for one category)."),
		    form_label(c->ff), i18n_pick(it->vi, it->en), c->max);
	}
	free(before);
}

static int
pcount_key(struct screen *s, struct app *a, int key)
{
	struct pcount *c = (struct pcount *)s;
	int n = (int)c->ff->list.n;
	struct lineedit *le = &c->ed[c->sel];

	a->status[0] = '\0';
	/* F1 (Ctrl-G where it does not pass), as the key bar says. */
	if (ui_lookup(s->keys, key) == ACT_HELP) {
		ui_push(a, help_new(a, s));
		return 0;
	}
	switch (key) {
	case UI_KEY(KEY_UP): case UI_KEY(KEY_BTAB):
		if (c->sel > 0)
			c->sel--;
		c->fresh = true;
		return 0;
	case UI_KEY(KEY_DOWN): case '\t':
		if (c->sel < n - 1)
			c->sel++;
		c->fresh = true;
		return 0;
	case '\r': case '\n': case UI_KEY(KEY_ENTER): case UI_KEY(KEY_F(2)):
		c->ok = c->left = true;
		return 1;
	case 27: case UI_KEY(KEY_F(10)):
		c->left = true;
		if (!pcount_changed(c))
			return 1;
		switch (pick_keep_changes(a)) {
		case 1: c->ok = true; return 1;
		case 0: return 1;
		default: c->left = false; return 0;
		}
	case UI_KEY(KEY_BACKSPACE): case 127: case 8: c->fresh = false; lineedit_backspace(le); return 0;
	case UI_KEY(KEY_DC): c->fresh = false; lineedit_delete(le); return 0;
	case UI_KEY(KEY_LEFT): c->fresh = false; lineedit_left(le); return 0;
	case UI_KEY(KEY_RIGHT): c->fresh = false; lineedit_right(le); return 0;
	case UI_KEY(KEY_HOME): c->fresh = false; lineedit_home(le); return 0;
	case UI_KEY(KEY_END): c->fresh = false; lineedit_end(le); return 0;
	case UI_CTRL('u'): c->fresh = false; lineedit_set(le, ""); return 0;
	default:
		if (key >= '0' && key <= '9')
			pcount_digit(c, a, key);
		else if (key < 0x110000 && key >= 0x20)
			ui_message(a, true, "%s", _("Type a number of citizens (digits only)."));
		return 0;
	}
}

bool
pick_counts(struct app *a, const struct form_field *ff, const char *current, struct tbuf *out)
{
	struct pcount c;
	size_t n = ff->list.n;
	bool ok = false;

	memset(&c, 0, sizeof c);
	c.ed = calloc(n ? n : 1, sizeof *c.ed);
	c.orig = calloc(n ? n : 1, sizeof *c.orig);
	if (c.ed == NULL || c.orig == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const char *code = ff->list.items[i].code, *v = "";
		char num[24] = "";
		size_t cl = strlen(code);
		for (const char *p = current; p != NULL && *p;) {
			if (strncmp(p, code, cl) == 0 && p[cl] == '=') {
				snprintf(num, sizeof num, "%.*s", (int)strcspn(p + cl + 1, ";"), p + cl + 1);
				v = num;
			}
			p += strcspn(p, ";");
			if (*p == ';')
				p++;
		}
		lineedit_init(&c.ed[i], v);
		if ((c.orig[i] = strdup(v)) == NULL)
			goto out;
	}
	c.s.name = "pick";
	c.s.draw = pcount_draw;
	c.s.key = pcount_key;
	c.s.keys = pick_keys;
	c.s.help = N_("Type how many citizens were helped in each category: the first digit "
	    "replaces the number shown, the next ones add to it, Backspace corrects it. Up/Down "
	    "or Tab move between categories, Enter confirms, Esc goes back (asking first when "
	    "something was changed).");
	c.ff = ff;
	c.max = ff->has_max ? ff->max : FORM_COUNT_MAX;
	c.fresh = true;
	ui_modal(a, &c.s);
	/* A hang-up or termination while the box is open: the numbers typed go to
	 * the form, which keeps them as a draft. */
	if (!c.left && pcount_changed(&c))
		c.ok = true;
	if (c.ok) {
		char item[96];
		out->len = 0;
		if (out->p != NULL)
			out->p[0] = '\0';
		for (size_t i = 0; i < n; i++)
			if (c.ed[i].len > 0 && strspn(c.ed[i].buf, "0") != c.ed[i].len) {
				snprintf(item, sizeof item, "%s=%lld", ff->list.items[i].code,
				    strtoll(c.ed[i].buf, NULL, 10));
				pick_append(out, item);
			}
		ok = true;
	}
out:
	for (size_t i = 0; i < n && c.ed != NULL; i++) {
		lineedit_free(&c.ed[i]);
		if (c.orig != NULL)
			free(c.orig[i]);
	}
	free(c.ed);
	free(c.orig);
	return ok;
}

/* --- a line of text --- */

struct ptext {
	struct screen s;
	const char *title;
	struct lineedit le;
	bool ok;
};

static void
ptext_draw(struct screen *s, struct app *a)
{
	struct ptext *t = (struct ptext *)s;
	int y, x, h, w;

	if (s->below != NULL)
		s->below->draw(s->below, a);
	pick_frame(a, 1, 60, t->title, &y, &x, &h, &w);
	int cur = ui_put_field(y + 1, x + 2, w - 4, &t->le, true, a->attr[R_FOCUS], a->ascii);
	s->cursor = true;
	s->cy = y + 1;
	s->cx = x + 2 + cur;
}

static int
ptext_key(struct screen *s, struct app *a, int key)
{
	struct ptext *t = (struct ptext *)s;

	(void)a;
	switch (key) {
	case '\r': case '\n': case UI_KEY(KEY_ENTER): t->ok = true; return 1;
	case 27: case UI_KEY(KEY_F(10)): return 1;
	case UI_KEY(KEY_BACKSPACE): case 127: case 8: lineedit_backspace(&t->le); break;
	case UI_KEY(KEY_DC): lineedit_delete(&t->le); break;
	case UI_KEY(KEY_LEFT): lineedit_left(&t->le); break;
	case UI_KEY(KEY_RIGHT): lineedit_right(&t->le); break;
	case UI_KEY(KEY_HOME): lineedit_home(&t->le); break;
	case UI_KEY(KEY_END): lineedit_end(&t->le); break;
	case UI_CTRL('u'): lineedit_kill_to_start(&t->le); break;
	default:
		if (key < 0x110000 && key >= 0x20)
			lineedit_insert(&t->le, (wchar_t)key);
	}
	return 0;
}

bool
pick_text(struct app *a, const char *title, const char *current, struct tbuf *out)
{
	struct ptext t;
	bool ok;

	memset(&t, 0, sizeof t);
	t.s.name = "pick";
	t.s.draw = ptext_draw;
	t.s.key = ptext_key;
	t.s.keys = pick_keys;
	t.s.help = N_("Type the value and press Enter; Esc goes back.");
	t.title = title;
	lineedit_init(&t.le, current != NULL ? current : "");
	ui_modal(a, &t.s);
	ok = t.ok;
	if (ok) {
		out->len = 0;
		if (out->p != NULL)
			out->p[0] = '\0';
		if (t.le.len > 0)
			pick_append(out, t.le.buf);
	}
	lineedit_free(&t.le);
	return ok;
}

/* --- several lines of text (a note) --- */

#define PNOTE_MAX 64

struct pnote {
	struct screen s;
	const char *title;
	const char *orig;	/* the note as the box opened */
	struct lineedit lines[PNOTE_MAX];
	int n, cur, first;
	size_t max_chars;
	bool ok;
	bool left;		/* closed by a key (not by a hang-up or termination) */
};

static void
pnote_draw(struct screen *s, struct app *a)
{
	struct pnote *t = (struct pnote *)s;
	int y, x, h, w;

	if (s->below != NULL)
		s->below->draw(s->below, a);
	pick_frame(a, 12, 70, t->title, &y, &x, &h, &w);
	int rows = h - 2;
	if (t->cur < t->first)
		t->first = t->cur;
	if (t->cur >= t->first + rows)
		t->first = t->cur - rows + 1;
	for (int i = t->first; i < t->n && i < t->first + rows; i++) {
		int cur = ui_put_field(y + 1 + i - t->first, x + 2, w - 4, &t->lines[i], i == t->cur,
		    i == t->cur ? a->attr[R_FOCUS] : a->attr[R_FIELD], a->ascii);
		if (i == t->cur) {
			s->cursor = true;
			s->cy = y + 1 + i - t->first;
			s->cx = x + 2 + cur;
		}
	}
	ui_put(y + h - 1, x + 2, w - 4, _(" F2 keep  Esc cancel  Enter new line "), (int)A_NORMAL,
	    false);
}

static size_t
pnote_chars(const struct pnote *t)
{
	size_t n = 0;

	for (int i = 0; i < t->n; i++)
		n += strlen(t->lines[i].buf) + 1;
	return n;
}

/* The lines joined by LF, without trailing empty lines. 0, or -1 out of memory. */
static int
pnote_join(const struct pnote *t, struct tbuf *out)
{
	out->len = 0;
	for (int i = 0; i < t->n; i++) {
		size_t l = strlen(t->lines[i].buf);
		if (out->len + l + 2 > out->cap) {
			size_t cap = (out->len + l + 2) * 2;
			char *np = realloc(out->p, cap);
			if (np == NULL)
				return -1;
			out->p = np;
			out->cap = cap;
		}
		memcpy(out->p + out->len, t->lines[i].buf, l);
		out->len += l;
		out->p[out->len++] = '\n';
	}
	while (out->len > 0 && out->p[out->len - 1] == '\n')
		out->len--;
	if (out->p != NULL)
		out->p[out->len] = '\0';
	return 0;
}

/* Whether the note differs from what the box opened with. */
static bool
pnote_changed(const struct pnote *t)
{
	struct tbuf now = { 0 };
	bool changed;

	if (pnote_join(t, &now) != 0) {
		tbuf_free(&now);	/* out of memory part-way: what was joined */
		return true;
	}
	changed = strcmp(now.p != NULL ? now.p : "", t->orig) != 0;
	tbuf_free(&now);
	return changed;
}

static int
pnote_key(struct screen *s, struct app *a, int key)
{
	struct pnote *t = (struct pnote *)s;
	struct lineedit *le = &t->lines[t->cur];

	if (ui_lookup(s->keys, key) == ACT_HELP) {
		ui_push(a, help_new(a, s));
		return 0;
	}
	switch (key) {
	case UI_KEY(KEY_F(2)): case UI_CTRL('s'): t->ok = t->left = true; return 1;
	case 27: case UI_KEY(KEY_F(10)):
		t->left = true;
		if (!pnote_changed(t))
			return 1;
		switch (pick_keep_changes(a)) {
		case 1: t->ok = true; return 1;
		case 0: return 1;
		default: t->left = false; return 0;
		}
	case UI_KEY(KEY_UP): if (t->cur > 0) t->cur--; return 0;
	case UI_KEY(KEY_DOWN): if (t->cur < t->n - 1) t->cur++; return 0;
	case '\r': case '\n': case UI_KEY(KEY_ENTER):
		/* Split the line at the cursor. */
		if (t->n >= PNOTE_MAX || (t->max_chars && pnote_chars(t) >= t->max_chars))
			return 0;
		memmove(&t->lines[t->cur + 2], &t->lines[t->cur + 1],
		    (size_t)(t->n - t->cur - 1) * sizeof t->lines[0]);
		lineedit_init(&t->lines[t->cur + 1], le->buf + le->cur);
		lineedit_home(&t->lines[t->cur + 1]);
		lineedit_kill_to_end(le);
		t->n++;
		t->cur++;
		return 0;
	case UI_KEY(KEY_BACKSPACE): case 127: case 8:
		if (le->cur == 0 && t->cur > 0) {
			/* Join with the line above. */
			struct lineedit *up = &t->lines[t->cur - 1];
			size_t at = up->len;
			lineedit_end(up);
			lineedit_insert_utf8(up, le->buf);
			lineedit_home(up);
			while (up->cur < at)
				lineedit_right(up);
			lineedit_free(le);
			memmove(&t->lines[t->cur], &t->lines[t->cur + 1],
			    (size_t)(t->n - t->cur - 1) * sizeof t->lines[0]);
			t->n--;
			t->cur--;
		} else
			lineedit_backspace(le);
		return 0;
	case UI_KEY(KEY_DC): lineedit_delete(le); return 0;
	case UI_KEY(KEY_LEFT): lineedit_left(le); return 0;
	case UI_KEY(KEY_RIGHT): lineedit_right(le); return 0;
	case UI_KEY(KEY_HOME): case UI_CTRL('a'): lineedit_home(le); return 0;
	case UI_KEY(KEY_END): case UI_CTRL('e'): lineedit_end(le); return 0;
	case UI_CTRL('u'): lineedit_kill_to_start(le); return 0;
	case UI_CTRL('k'): lineedit_kill_to_end(le); return 0;
	default:
		if (key < 0x110000 && key >= 0x20) {
			if (t->max_chars && pnote_chars(t) >= t->max_chars)
				ui_message(a, true, "%s", _("The note is at its length limit."));
			else
				lineedit_insert(le, (wchar_t)key);
		}
		return 0;
	}
}

bool
pick_note(struct app *a, const char *title, const char *current, size_t max_chars,
    struct tbuf *out)
{
	struct pnote *t = calloc(1, sizeof *t);
	bool ok;

	if (t == NULL)
		return false;
	t->s.name = "pick";
	t->s.draw = pnote_draw;
	t->s.key = pnote_key;
	t->s.keys = pick_keys;
	t->s.help = N_("A note of several lines. Enter starts a new line, Backspace at the start "
	    "of a line joins it to the one above, arrows move. F2 keeps the note; Esc goes back, asking first when the note was changed.");
	t->title = title;
	t->orig = current != NULL ? current : "";
	t->max_chars = max_chars;
	/* One editor per line of the stored text. */
	for (const char *p = current != NULL ? current : ""; t->n < PNOTE_MAX;) {
		size_t len = strcspn(p, "\n");
		char *line = strndup(p, len);
		lineedit_init(&t->lines[t->n++], line != NULL ? line : "");
		free(line);
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	ui_modal(a, &t->s);
	/* A hang-up or termination while the box is open: the text typed goes to
	 * the form, which keeps it as a draft. */
	if (!t->left && pnote_changed(t))
		t->ok = true;
	ok = t->ok && pnote_join(t, out) == 0;
	for (int i = 0; i < t->n; i++)
		lineedit_free(&t->lines[i]);
	free(t);
	return ok;
}

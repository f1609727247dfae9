/* pick: boxes for choosing, each run modally — what every picker shares (the
 * keys, the frame, ';'-separated values, "keep the changes?") and the menu
 * family (a menu, a checklist, a unit, a list's values). The others:
 * pick-record.c (a record, on the pager), pick-counts.c, pick-text.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <utf8proc.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/store-query.h"
#include "socds/store-unit.h"
#include "socds/text.h"

const struct ui_binding pick_keys[] = {
	UI_KEYS_USE(ui_keys_f1),
	{ UI_CTRL('g'), ACT_HELP, NULL, NULL, NULL },	/* where F1 does not pass */
	{ '\r', ACT_OPEN, "Enter", N_("Choose"), NULL },
	{ '\n', ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_ENTER), ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(2)), ACT_OPEN, NULL, NULL, NULL },
	{ ' ', ACT_CHOOSE, NULL, NULL, NULL },
	UI_KEYS_USE(ui_keys_esc),
	UI_KEYS_USE(ui_keys_arrows),
	UI_KEYS_END,
};

void
pick_frame(struct screen *s, struct app *a, int want_h, int want_w, const char *title,
    int *y, int *x, int *h, int *w)
{
	if (s->below != NULL && s->below->draw != NULL)
		s->below->draw(s->below, a);
	*h = want_h + 2 > LINES - 4 ? LINES - 4 : want_h + 2;
	*w = want_w + 4 > COLS - 4 ? COLS - 4 : want_w + 4;
	if (*w < 30)
		*w = COLS - 4 < 30 ? COLS - 4 : 30;
	*y = (LINES - *h) / 2;
	*x = (COLS - *w) / 2;
	ui_box(*y, *x, *h, *w, A_NORMAL, title, a->ascii);
}

void
pick_screen(struct screen *s, void (*draw)(struct screen *, struct app *),
    int (*key)(struct screen *, struct app *, int), const char *help)
{
	ui_screen_init(s, "pick", draw, key, NULL, pick_keys, help);
}

static int pick_keep_changes(struct app *a);

int
pick_first(int sel, int first, int rows)
{
	if (sel < first)
		first = sel;
	if (sel >= first + rows)
		first = sel - rows + 1;
	return first;
}

int
pick_leave(struct app *a, bool changed, bool *keep)
{
	if (!changed)
		return 1;
	switch (pick_keep_changes(a)) {
	case 1: *keep = true; return 1;
	case 0: return 1;
	default: return 0;
	}
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
	char typed[64];		/* letters typed one after another, to seek with */
};

/* Whether the folded item starts with the folded want (any word of it,
 * unless first). */
static bool
pmenu_starts(const char *item, const char *want, bool first)
{
	size_t n = strlen(want);

	for (const char *p = item; *p != '\0' && (p == item || !first); p++)
		if ((p == item || p[-1] == ' ') && strncmp(p, want, n) == 0)
			return true;
	return false;
}

/* Letters typed one after another seek the item starting with them all,
 * else with a word starting with them, diacritics ignored ("an nh" finds
 * "21910 Phường An Nhơn"); a letter that extends nothing seeks the next
 * item for itself. Returns the item to select (sel when none fits). */
int
pick_seek(char *typed, size_t size, int key, int sel, int n,
    const char *(*item)(const void *ctx, int i), const void *ctx)
{
	struct tbuf f = { 0 }, g = { 0 };
	char k[8] = { 0 };
	size_t had = strlen(typed);

	/* UTF-8 whatever the C library's locale (Windows has none). */
	utf8proc_encode_char(key, (utf8proc_uint8_t *)k);
	if (had + strlen(k) >= size)
		had = typed[0] = '\0';
	strcat(typed, k);
	for (int pass = 0; pass < 4; pass++) {
		if (pass == 2) {	/* nothing fits them all: the letter alone */
			if (had == 0)
				break;
			snprintf(typed, size, "%s", k);
			had = 0;
		}
		if (text_fold(typed, &f) != 0 || f.len == 0)
			break;
		/* More letters may still fit the item at hand; a first one moves on. */
		for (int i = had > 0 ? 0 : 1; i <= n; i++) {
			int j = (sel + i) % n;
			if (text_fold(item(ctx, j), &g) == 0 && g.len > 0 &&
			    pmenu_starts(g.p, f.p, pass % 2 == 0)) {
				sel = j;
				goto out;
			}
		}
	}
out:
	tbuf_free(&f);
	tbuf_free(&g);
	return sel;
}

static const char *
pmenu_item(const void *ctx, int i)
{
	return ((const struct pmenu *)ctx)->items[i];
}

static void
pmenu_seek(struct pmenu *m, int key)
{
	m->sel = pick_seek(m->typed, sizeof m->typed, key, m->sel, m->n, pmenu_item, m);
}

static void
pmenu_draw(struct screen *s, struct app *a)
{
	struct pmenu *m = (struct pmenu *)s;
	int y, x, h, w, maxw = text_width(m->title) + 4;

	for (int i = 0; i < m->n; i++) {
		int iw = text_width(m->items[i]) + (m->checked ? 4 : 0);
		if (iw > maxw)
			maxw = iw;
	}
	for (int i = 0; i < m->ninfo; i++)
		if (text_width(m->info[i]) > maxw)
			maxw = text_width(m->info[i]);
	pick_frame(s, a, m->n + (m->ninfo ? m->ninfo + 1 : 0), maxw, m->title, &y, &x, &h, &w);
	for (int i = 0; i < m->ninfo && i < h - 3; i++)
		ui_put(y + 1 + i, x + 2, w - 4, m->info[i], (int)A_NORMAL, false);
	if (m->ninfo > 0) {
		int used = m->ninfo < h - 3 ? m->ninfo + 1 : h - 3;
		y += used;
		h -= used;
	}
	int rows = h - 2;
	m->first = pick_first(m->sel, m->first, rows);
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

	enum ui_action act = ui_lookup(s->keys, key);
	if (act != ACT_NONE)
		m->typed[0] = '\0';
	switch (act) {
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
		bool keep = false;
		int r = pick_leave(a, m->orig != NULL &&
		    memcmp(m->orig, m->checked, (size_t)m->n * sizeof *m->orig) != 0, &keep);
		if (keep)
			m->result = m->sel;
		return r;
	case ACT_HELP: return ui_key_common(s, a, act);
	default:
		if (key > ' ' && key < 0x110000)
			pmenu_seek(m, key);
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
	pick_screen(&m.s, pmenu_draw, pmenu_key,
	    N_("Choose with the arrows and Enter; in a list with boxes, Space ticks or "
	    "unticks and Enter confirms. A letter jumps to the next item starting with it. Esc "
	    "or F10 goes back without choosing (asking first when boxes were ticked or "
	    "unticked)."));
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
bool
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
int
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


/* pick-counts: how many in each category of a list (citizens helped). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/text.h"

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
	char typed[64];		/* letters typed one after another, seeking a category */
};

static const char *
pcount_item(const void *ctx, int i)
{
	const struct list_item *it = &((const struct pcount *)ctx)->ff->list.items[i];

	return i18n_pick(it->vi, it->en);
}

static void
pcount_draw(struct screen *s, struct app *a)
{
	struct pcount *c = (struct pcount *)s;
	int n = (int)c->ff->list.n, y, x, h, w;

	pick_frame(s, a, n, 64, form_label(c->ff), &y, &x, &h, &w);
	int rows = h - 2;
	c->first = pick_first(c->sel, c->first, rows);
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
	lineedit_insert(le, key);
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
	if (ui_lookup(s->keys, key) == ACT_HELP)
		return ui_key_common(s, a, ACT_HELP);
	/* Letters seek a category (any word of its name, as menus do); any
	 * other key ends the letters. */
	if (key < 0x110000 && key > ' ' && !(key >= '0' && key <= '9') &&
	    n > 0 && key != 127) {
		int to = pick_seek(c->typed, sizeof c->typed, key, c->sel, n, pcount_item, c);
		if (to != c->sel) {
			c->sel = to;
			c->fresh = true;
		}
		return 0;
	}
	c->typed[0] = '\0';
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
		/* left false when back in the box (a hang-up there keeps the numbers) */
		c->left = true;
		return c->left = pick_leave(a, pcount_changed(c), &c->ok);
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
	pick_screen(&c.s, pcount_draw, pcount_key,
	    N_("Type how many citizens were helped in each category: the first digit "
	    "replaces the number shown, the next ones add to it, Backspace corrects it. Up/Down "
	    "or Tab move between categories; letters go to the category with a word starting "
	    "with them (\"vn\" or \"ky\": diacritics do not matter). Enter confirms, Esc goes "
	    "back (asking first when something was changed)."));
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


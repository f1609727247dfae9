/* help: the help screen of any screen — its text and its keys from its key table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/text.h"

static const struct ui_binding help_keys[] = {
	UI_KEYS_USE(ui_keys_esc),
	{ 'q', ACT_BACK, NULL, NULL, NULL },
	{ '\r', ACT_BACK, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(1)), ACT_BACK, NULL, NULL, NULL },
	UI_KEYS_END,
};

struct help {
	struct screen s;
	struct screen *about;
};

/* Writes text word-wrapped in [x, x+w); returns the next free line. */
static int
help_wrap(int y, int x, int w, const char *text, int attr)
{
	/* At spaces, never mid-word; the last line there is room for ends in "…". */
	if (y >= LINES - 2)
		return y;
	return y + ui_put_wrapped(y, x, w, LINES - 2 - y, text, attr);
}

#define HELP_KEYS_W 24

/* A key-bar key and the other keys of the same table that do the same
 * ("F7, n, +, Ins"): where F-keys do not pass, the others still do. */
static void
help_alternatives(const struct ui_binding *keys, const struct ui_binding *b, char *out,
    size_t n)
{
	struct ui_keys_iter it;
	const struct ui_binding *k;
	size_t o = (size_t)snprintf(out, n, "%s", b->bar);

	ui_keys_begin(&it, keys);
	while ((k = ui_keys_next(&it)) != NULL && o < n) {
		char buf[16];
		const char *name = k->act == b->act ? ui_keys_name(k->key, buf, sizeof buf) : NULL;
		if (name == NULL || k == b || strcmp(name, b->bar) == 0)
			continue;
		/* Once each ("Enter" stands for \r and KEY_ENTER). */
		bool seen = false;
		struct ui_keys_iter jt;
		const struct ui_binding *j;
		ui_keys_begin(&jt, keys);
		while ((j = ui_keys_next(&jt)) != k && j != NULL && !seen) {
			char jb[16];
			const char *jn = j->act == b->act ? ui_keys_name(j->key, jb, sizeof jb) : NULL;
			seen = jn != NULL && strcmp(jn, name) == 0;
		}
		if (!seen)
			o += (size_t)snprintf(out + o, n - o, ", %s", name);
	}
}

static void
help_draw(struct screen *s, struct app *a)
{
	struct help *h = (struct help *)s;
	int y = 2;

	ui_title(a, _("Help"), NULL);
	if (h->about->help != NULL)
		y = help_wrap(y, 2, COLS - 4, _(h->about->help), A_NORMAL) + 1;
	ui_put(y++, 2, COLS - 4, _("Keys:"), a->attr[R_HEADER], false);
	struct ui_keys_iter it;
	const struct ui_binding *b;
	ui_keys_begin(&it, h->about->keys);
	while ((b = ui_keys_next(&it)) != NULL && y < LINES - 2) {
		if (b->bar == NULL || b->label == NULL)
			continue;
		char keys[80];
		help_alternatives(h->about->keys, b, keys, sizeof keys);
		ui_put(y, 4, HELP_KEYS_W, keys, A_BOLD, false);
		ui_put(y++, 5 + HELP_KEYS_W, COLS - 7 - HELP_KEYS_W, _(b->label), A_NORMAL, false);
	}
	if (y < LINES - 3)
		help_wrap(y + 1, 2, COLS - 4, _("Where function keys do not reach socds (some "
		    "terminals), the keys beside them do the same; Ctrl-Q quits from anywhere."),
		    a->attr[R_DIM]);
}

static int
help_key(struct screen *s, struct app *a, int key)
{
	(void)a;
	return ui_lookup(s->keys, key) == ACT_BACK;
}

static const struct screen help_screen = {
	.name = "help",
	.draw = help_draw,
	.key = help_key,
	.keys = help_keys,
};

struct screen *
help_new(struct app *a, struct screen *about)
{
	struct help *h = ui_screen_new(sizeof *h, &help_screen);

	(void)a;
	if (h == NULL)
		return NULL;
	h->about = about;
	return &h->s;
}

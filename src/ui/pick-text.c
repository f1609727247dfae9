/* pick-text: a line of text, and several lines (a note). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/text.h"

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

	pick_frame(s, a, 1, 60, t->title, &y, &x, &h, &w);
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
			lineedit_insert(&t->le, key);
	}
	return 0;
}

bool
pick_text(struct app *a, const char *title, const char *current, struct tbuf *out)
{
	struct ptext t;
	bool ok;

	memset(&t, 0, sizeof t);
	pick_screen(&t.s, ptext_draw, ptext_key,
	    N_("Type the value and press Enter; Esc goes back."));
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
	bool tab_on;		/* a form's field: Tab keeps the note and moves on */
};

static void
pnote_draw(struct screen *s, struct app *a)
{
	struct pnote *t = (struct pnote *)s;
	int y, x, h, w;

	pick_frame(s, a, 12, 70, t->title, &y, &x, &h, &w);
	int rows = h - 2;
	t->first = pick_first(t->cur, t->first, rows);
	for (int i = t->first; i < t->n && i < t->first + rows; i++) {
		int cur = ui_put_field(y + 1 + i - t->first, x + 2, w - 4, &t->lines[i], i == t->cur,
		    i == t->cur ? a->attr[R_FOCUS] : a->attr[R_FIELD], a->ascii);
		if (i == t->cur) {
			s->cursor = true;
			s->cy = y + 1 + i - t->first;
			s->cx = x + 2 + cur;
		}
	}
	ui_put(y + h - 1, x + 2, w - 4, t->tab_on ?
	    _(" F2 keep  Tab next field  Esc cancel  Enter new line ") :
	    _(" F2 keep  Esc cancel  Enter new line "), (int)A_NORMAL, false);
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

	if (ui_lookup(s->keys, key) == ACT_HELP)
		return ui_key_common(s, a, ACT_HELP);
	switch (key) {
	case UI_KEY(KEY_F(2)): case UI_CTRL('s'): t->ok = t->left = true; return 1;
	case '\t': case UI_KEY(KEY_BTAB):
		/* On a form Tab keeps the note and the form moves on with it:
		 * one key, not F2 and Tab. */
		if (!t->tab_on)
			return 0;
		ui_unget_key(key);
		t->ok = t->left = true;
		return 1;
	case 27: case UI_KEY(KEY_F(10)):
		t->left = true;
		return t->left = pick_leave(a, pnote_changed(t), &t->ok);
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
				lineedit_insert(le, key);
		}
		return 0;
	}
}

static bool
pnote_run(struct app *a, const char *title, const char *current, size_t max_chars,
    struct tbuf *out, bool tab_on)
{
	struct pnote *t = calloc(1, sizeof *t);
	bool ok;

	if (t == NULL)
		return false;
	pick_screen(&t->s, pnote_draw, pnote_key, tab_on ?
	    N_("A note of several lines. Enter starts a new line, Backspace at the start "
	    "of a line joins it to the one above, arrows move. F2 keeps the note, Tab keeps it "
	    "and goes on to the next field (Shift-Tab: the one before); Esc goes back, asking "
	    "first when the note was changed.") :
	    N_("A note of several lines. Enter starts a new line, Backspace at the start "
	    "of a line joins it to the one above, arrows move. F2 keeps the note; Esc goes back, asking first when the note was changed."));
	t->tab_on = tab_on;
	t->title = title;
	t->orig = current != NULL ? current : "";
	t->max_chars = max_chars;
	/* One editor per line of the stored text. */
	for (const char *p = current != NULL ? current : ""; t->n < PNOTE_MAX;) {
		size_t len = strcspn(p, "\n");
		struct tbuf line = { 0 };	/* not strndup: Windows' C library has none */
		lineedit_init(&t->lines[t->n++], tbuf_append(&line, p, len) == 0 && line.p != NULL ?
		    line.p : "");
		tbuf_free(&line);
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


bool
pick_note(struct app *a, const char *title, const char *current, size_t max_chars,
    struct tbuf *out)
{
	return pnote_run(a, title, current, max_chars, out, false);
}

bool
pick_note_field(struct app *a, const char *title, const char *current, size_t max_chars,
    struct tbuf *out)
{
	return pnote_run(a, title, current, max_chars, out, true);
}

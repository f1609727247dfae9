/* draw: putting Vietnamese text on the screen one grapheme per cell, and the
 * common lines — title, status and key bar. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/text.h"

/* Decodes one UTF-8 character; returns its length or 0. */
static size_t
draw_decode(const char *s, size_t len, wchar_t *wc)
{
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbrtowc(wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
		return 0;
	return n;
}

int
ui_put(int y, int x, int width, const char *text, int attr, bool pad)
{
	size_t len = text != NULL ? strlen(text) : 0, pos = 0;
	int used = 0;

	if (width <= 0 || y < 0 || y >= LINES)
		return 0;
	while (pos < len) {
		size_t end = text_grapheme_next(text, len, pos);
		wchar_t wcs[CCHARW_MAX + 1];
		int nw = 0, w;
		cchar_t cc;

		/* A letter and its combining marks go into one cell together. */
		for (size_t p = pos; p < end && nw < CCHARW_MAX;) {
			size_t n = draw_decode(text + p, end - p, &wcs[nw]);
			if (n == 0) {
				wcs[nw] = L'?';
				n = 1;
			}
			if (wcs[nw] == L'\n' || wcs[nw] == L'\t')
				wcs[nw] = L' ';
			p += n;
			nw++;
		}
		wcs[nw] = L'\0';
		w = wcwidth(wcs[0]);
		if (w < 0) {
			wcs[0] = L'?';
			wcs[1] = L'\0';
			w = 1;
		}
		if (w == 0) {	/* a lone combining mark: show it on a space */
			wmemmove(wcs + 1, wcs, (size_t)nw + 1);
			wcs[0] = L' ';
			w = 1;
		}
		if (used + w > width) {
			/* Cut text says so: the last cell becomes an ellipsis. */
			if (used > 0) {
				cchar_t dots;
				const wchar_t mark[2] = { MB_CUR_MAX > 1 ? L'…' : L'~', L'\0' };
				setcchar(&dots, mark, (attr_t)attr & ~A_COLOR, (short)PAIR_NUMBER(attr),
				    NULL);
				mvadd_wch(y, x + used - 1, &dots);
			}
			break;
		}
		/* The colour pair goes in its own argument: in attr it would be dropped. */
		setcchar(&cc, wcs, (attr_t)attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
		mvadd_wch(y, x + used, &cc);
		used += w;
		pos = end;
	}
	if (pad && used < width) {
		attrset(attr);
		mvhline(y, x + used, ' ', width - used);
		attrset(A_NORMAL);
		return width;
	}
	return used;
}

void
ui_fill(int y, int x, int width, int attr)
{
	if (width <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', width);
	attrset(A_NORMAL);
}

void
ui_title(struct app *a, const char *left, const char *right)
{
	int rw = right != NULL ? text_width(right) : 0;

	if (rw < 0)
		rw = 0;
	ui_fill(0, 0, COLS, a->attr[R_TITLE]);
	ui_put(0, 1, COLS - rw - 3, left, a->attr[R_TITLE], false);
	if (right != NULL)
		ui_put(0, COLS - rw - 1, rw, right, a->attr[R_TITLE], false);
}

void
ui_statusline(struct app *a)
{
	int role = a->status_error ? R_ERROR : R_INFO;

	if (a->status[0] == '\0')
		return;
	ui_fill(LINES - 2, 0, COLS, a->attr[role]);
	ui_put(LINES - 2, 1, COLS - 2, a->status, a->attr[role], false);
}

/* mc/htop style: the key in plain, its label highlighted, spread over the line. */
void
ui_keybar(struct app *a, const struct ui_binding *keys)
{
	int x = 0;

	move(LINES - 1, 0);
	clrtoeol();
	for (const struct ui_binding *b = keys; b != NULL && b->key != 0; b++) {
		if (b->bar == NULL || b->label == NULL)
			continue;
		const char *label = _(b->label);
		int kw = text_width(b->bar), lw = text_width(label);
		if (x + kw + lw + 1 > COLS)
			break;
		x += ui_put(LINES - 1, x, kw, b->bar, a->attr[R_BARKEY], false);
		x += ui_put(LINES - 1, x, lw, label, a->attr[R_BARLABEL], false);
		x++;
	}
}

bool
ui_too_small(struct app *a)
{
	if (COLS >= 80 && LINES >= 24)
		return false;
	const char *msg = _("The window is too small: socds needs at least 80 x 24.");
	int w = text_width(msg);
	char size[32];

	snprintf(size, sizeof size, "%d x %d", COLS, LINES);
	ui_put(LINES / 2 - 1, w < COLS ? (COLS - w) / 2 : 0, COLS, msg, a->attr[R_ERROR], false);
	ui_put(LINES / 2 + 1, (COLS - (int)strlen(size)) / 2 > 0 ? (COLS - (int)strlen(size)) / 2 : 0,
	    COLS, size, A_NORMAL, false);
	return true;
}

void
ui_box(int y, int x, int h, int w, int attr, const char *title, bool ascii)
{
	for (int i = 0; i < h; i++)
		ui_fill(y + i, x, w, attr);
	attrset(attr);
	if (ascii) {
		mvhline(y, x, '-', w);
		mvhline(y + h - 1, x, '-', w);
		mvvline(y, x, '|', h);
		mvvline(y, x + w - 1, '|', h);
	} else {
		/* The wide versions are plain Unicode box characters in a UTF-8
		 * locale: the terminal's own line-drawing set, which PuTTY and
		 * others get wrong in UTF-8 mode, is never asked for. */
		mvhline_set(y, x + 1, WACS_HLINE, w - 2);
		mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
		mvvline_set(y + 1, x, WACS_VLINE, h - 2);
		mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
		mvadd_wch(y, x, WACS_ULCORNER);
		mvadd_wch(y, x + w - 1, WACS_URCORNER);
		mvadd_wch(y + h - 1, x, WACS_LLCORNER);
		mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	}
	attrset(A_NORMAL);
	if (title != NULL)
		ui_put(y, x + 2, w - 4, title, attr | A_BOLD, false);
}

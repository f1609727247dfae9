/* draw: putting Vietnamese text on the screen one grapheme per cell, and the
 * common lines — title, status and key bar. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <utf8proc.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/text.h"
#include "socds/text-fit.h"

/* Whether the screen takes Unicode: else "?" and "~" stand for the
 * replacement character and the ellipsis. */
static bool
draw_unicode(void)
{
	static int unicode = -1;

	if (unicode < 0)
		unicode = os_locale_utf8();
	return unicode != 0;
}

/* Decodes one UTF-8 character, whatever the C library's locale (Windows'
 * has no UTF-8); returns its length, or 0 when it is bad or does not fit in
 * a wchar_t (16 bits on Windows: ncurses there keeps no surrogate pairs). */
static size_t
draw_decode(const char *s, size_t len, wchar_t *wc)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);

	if (n <= 0 || cp <= 0 || (uint32_t)cp > (uint32_t)WCHAR_MAX)
		return 0;
	*wc = (wchar_t)cp;
	return (size_t)n;
}

/* Whether curses draws a letter and its marks in one cell. ncurses' Windows
 * console driver writes one UTF-16 unit per cell and loses the marks: there a
 * letter with marks is drawn composed (NFC), and one with no composed form as
 * a placeholder. */
#ifdef _WIN32
#define DRAW_CELL_MARKS false
#else
#define DRAW_CELL_MARKS true
#endif

/* The cell's cluster composed into one character, or false. */
static bool
draw_composed(const char *text, const struct text_cell *c, wchar_t *wc)
{
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text + c->off,
	    (utf8proc_ssize_t)c->len, &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	bool one = n > 0 && draw_decode((const char *)nfc, (size_t)n, wc) == (size_t)n;

	free(nfc);
	return one;
}

/* The columns curses gives a character. It measures with the C library's
 * wcwidth; mingw's C library has none, and ncurses' Windows build measures
 * with a table of its own that agrees with utf8proc's on the letters
 * socds shows. */
static int
draw_curses_width(wchar_t wc)
{
#ifdef _WIN32
	return utf8proc_charwidth((utf8proc_int32_t)wc);
#else
	return wcwidth(wc);
#endif
}

/* The characters of one cell as the text core's cell says, or false when
 * curses cannot hold them in one cell of that width (the locale is not
 * UTF-8, more marks than a cell holds, or the C library's width differs from
 * the text core's: the terminal would likely differ too). */
static bool
draw_cell_chars(const char *text, const struct text_cell *c, wchar_t wcs[CCHARW_MAX + 1])
{
	int nw = 0;

	if (c->kind == TEXT_CELL_BLANK) {
		wcs[0] = L' ';
		wcs[1] = L'\0';
		return true;
	}
	if (c->kind == TEXT_CELL_PLACEHOLDER)
		return false;
	if (c->kind == TEXT_CELL_MARK)
		wcs[nw++] = L' ';	/* a lone combining mark: show it on a space */
	for (size_t p = c->off, end = c->off + c->len; p < end; nw++) {
		size_t n;
		if (nw == CCHARW_MAX || (n = draw_decode(text + p, end - p, &wcs[nw])) == 0)
			return false;
		p += n;
	}
	if (nw > 1 && !DRAW_CELL_MARKS) {
		if (c->kind == TEXT_CELL_MARK || !draw_composed(text, c, &wcs[0]))
			return false;
		nw = 1;
	}
	wcs[nw] = L'\0';
	if (draw_curses_width(wcs[0]) != c->width)
		return false;
	for (int i = 1; i < nw; i++)
		if (draw_curses_width(wcs[i]) != 0)
			return false;
	return true;
}

/* Puts one cell at (y, x): the cluster whole, or a placeholder of its width. */
static void
draw_cell(int y, int x, const char *text, const struct text_cell *c, int attr)
{
	wchar_t wcs[CCHARW_MAX + 1];
	cchar_t cc;
	/* The colour pair goes in its own argument: in attr it would be dropped. */
	attr_t at = (attr_t)attr & ~A_COLOR;
	short pair = (short)PAIR_NUMBER(attr);

	if (draw_cell_chars(text, c, wcs) &&
	    setcchar(&cc, wcs, at, pair, NULL) == OK) {
		mvadd_wch(y, x, &cc);
		return;
	}
	/* One placeholder, then blanks to the cluster's width. */
	wcs[0] = draw_unicode() ? L'\xfffd' : L'?';
	wcs[1] = L'\0';
	setcchar(&cc, wcs, at, pair, NULL);
	mvadd_wch(y, x, &cc);
	for (int i = 1; i < c->width; i++) {
		wcs[0] = L' ';
		setcchar(&cc, wcs, at, pair, NULL);
		mvadd_wch(y, x + i, &cc);
	}
}

int
ui_putn(int y, int x, int width, const char *text, size_t len, int attr, bool pad)
{
	struct text_cell c;
	size_t pos = 0, n;
	int used = 0, fitted;
	bool cut;

	if (text == NULL)
		len = 0;
	if (x + width > COLS)
		width = COLS - x;
	if (width <= 0 || y < 0 || y >= LINES || x < 0)
		return 0;
	/* Whole clusters only, with room for the ellipsis when cut: a wide
	 * character or a cluster that does not fit is left out, never split. */
	n = text_fit(text, len, width, 1, &fitted, &cut);
	while (pos < n && text_cell_next(text, n, &pos, &c)) {
		draw_cell(y, x + used, text, &c, attr);
		used += c.width;
	}
	if (cut) {
		/* Cut text says so: an ellipsis after what fits. */
		cchar_t dots;
		const wchar_t mark[2] = { draw_unicode() ? L'\x2026' : L'~', L'\0' };
		setcchar(&dots, mark, (attr_t)attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
		mvadd_wch(y, x + used, &dots);
		used++;
	}
	if (pad && used < width) {
		attrset(attr);
		mvhline(y, x + used, ' ', width - used);
		attrset(A_NORMAL);
		return width;
	}
	return used;
}

int
ui_put(int y, int x, int width, const char *text, int attr, bool pad)
{
	return ui_putn(y, x, width, text, text != NULL ? strlen(text) : 0, attr, pad);
}

int
ui_wrap_lines(const char *text, int width)
{
	size_t len = text != NULL ? strlen(text) : 0, pos = 0, next;
	int n = 0;

	while (pos < len) {
		(void)text_wrap(text + pos, len - pos, width, &next);
		pos += next;
		n++;
	}
	return n;
}

int
ui_put_wrapped(int y, int x, int width, int maxlines, const char *text, int attr)
{
	size_t len = text != NULL ? strlen(text) : 0, pos = 0, next, line;
	int n = 0;

	while (pos < len && n < maxlines) {
		line = text_wrap(text + pos, len - pos, width, &next);
		/* The last line there is room for keeps the rest, cut with "…". */
		if (n == maxlines - 1 && pos + next < len)
			line = len - pos;
		ui_putn(y + n, x, width, text + pos, line, attr, false);
		pos += next;
		n++;
	}
	return n;
}

int
ui_put_field(int y, int x, int w, struct lineedit *le, bool focused, int attr, bool ascii)
{
	int cur;

	if (!focused) {
		/* The start of the value, and "…" where it is cut. */
		ui_put(y, x, w, le->buf, attr, true);
		return 0;
	}
	/* The last column is kept for the "…" of a longer text, so the cursor
	 * never sits on it. */
	cur = lineedit_view(le, w - 1);
	if (le->scroll > 0 && w > 3) {
		cur = lineedit_view(le, w - 2);
		ui_put(y, x, 1, ascii ? "<" : "\u2026", attr, false);
		ui_put(y, x + 1, w - 1, le->buf + le->scroll, attr, true);
		return cur + 1;
	}
	ui_put(y, x, w, le->buf + le->scroll, attr, true);
	return cur;
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
	ui_bottom_text(a, a->status, a->attr[role], true);
}

void
ui_bottom_text(struct app *a, const char *text, int attr, bool fill)
{
	/* A long message wraps upwards over the lines above the status line
	 * rather than being cut (three lines at most). */
	int n = ui_wrap_lines(text, COLS - 2), top;

	(void)a;
	if (n > UI_STATUS_MAX_LINES)
		n = UI_STATUS_MAX_LINES;
	if (n < 1)
		n = 1;
	top = LINES - 1 - n;
	for (int i = 0; fill && i < n; i++)
		ui_fill(top + i, 0, COLS, attr);
	ui_put_wrapped(top, 1, COLS - 2, n, text, attr);
}

/* mc/htop style: the key in plain, its label highlighted, spread over the line. */
void
ui_keybar(struct app *a, const struct ui_binding *keys)
{
	struct ui_keys_iter it;
	const struct ui_binding *b;
	int x = 0;

	move(LINES - 1, 0);
	clrtoeol();
	ui_keys_begin(&it, keys);
	while ((b = ui_keys_next(&it)) != NULL) {
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

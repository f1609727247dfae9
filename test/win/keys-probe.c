/* keys-probe: what the Windows console's keys become on their way to socds'
 * line editor (built for Windows only; run it under Wine in tmux).
 *
 * It starts curses as the ui does (os_term_prepare, TERM, raw, keypad, the
 * same timeouts), reads keys as app.c's ui_getkey does — os_term_key first,
 * then curses — and shows each key on a line of its own ("CHAR U+1EC5",
 * "ALT U+0078", "CURSES KEY_HOME", "CURSES U+0041", "RESIZE 30x100",
 * "ESC U+001B", "KEY BACKTAB"), and the line editor's text with its bytes in hex. Ctrl-Q ends it, printing
 * the editor's text in hex on standard error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <utf8proc.h>

#include "socds/lineedit.h"
#include "socds/os.h"

#define PROBE_LOG 16

static char probe_log[PROBE_LOG][64];
static int probe_n;

static void
probe_say(const char *what)
{
	if (probe_n == PROBE_LOG) {
		memmove(probe_log[0], probe_log[1], sizeof probe_log[0] * (PROBE_LOG - 1));
		probe_n--;
	}
	snprintf(probe_log[probe_n++], sizeof probe_log[0], "%s", what);
}

/* UTF-8 onto the screen as wide characters (BMP only, as on Windows). */
static void
probe_put(int y, const char *s)
{
	wchar_t w[256];
	size_t n = 0, pos = 0, len = strlen(s);

	while (pos < len && n < 255) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t got = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
		    (utf8proc_ssize_t)(len - pos), &cp);
		if (got <= 0)
			break;
		w[n++] = cp > 0xffff ? 0xfffd : (wchar_t)cp;
		pos += (size_t)got;
	}
	w[n] = 0;
	move(y, 0);
	clrtoeol();
	mvaddwstr(y, 0, w);
}

static void
probe_draw(const struct lineedit *le)
{
	char hex[200] = "";

	erase();
	probe_put(0, "keys-probe: type; Ctrl-Q ends");
	for (int i = 0; i < probe_n; i++)
		probe_put(2 + i, probe_log[i]);
	probe_put(19, "edit: ");
	mvaddstr(19, 6, "");
	probe_put(20, le->buf);
	for (size_t i = 0; i < le->len && i < 60; i++)
		snprintf(hex + 3 * i, sizeof hex - 3 * i, "%02x ", (unsigned char)le->buf[i]);
	probe_put(21, hex);
	refresh();
}

int
main(void)
{
	struct lineedit le;
	int quit = 0;
	char line[64];

	if (lineedit_init(&le, "") != 0)
		return 1;
	os_stop_catch();
	os_term_prepare();
	if (newterm(getenv("TERM"), stdout, stdin) == NULL) {
		fprintf(stderr, "keys-probe: curses does not start on TERM=%s\n", getenv("TERM"));
		return 1;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	timeout(250);
	snprintf(line, sizeof line, "START %dx%d TERM=%s", LINES, COLS, getenv("TERM"));
	probe_say(line);
	while (!quit && os_stopped() == 0) {
		struct os_term_in in;
		wint_t wc;
		int rc;

		probe_draw(&le);
		switch (os_term_key(wgetdelay(stdscr), &in)) {
		case OS_TERM_NONE:
			continue;
		case OS_TERM_CHAR:
			snprintf(line, sizeof line, "%s U+%04lX", in.cp == 27 ? "ESC" :
			    in.alt ? "ALT" : "CHAR", (unsigned long)in.cp);
			probe_say(line);
			if (!in.alt && in.cp != 27)
				lineedit_insert(&le, in.cp);
			continue;
		case OS_TERM_RESIZE:
			resize_term(in.rows, in.cols);
			snprintf(line, sizeof line, "RESIZE %dx%d", in.rows, in.cols);
			probe_say(line);
			continue;
		case OS_TERM_KEY:
			probe_say(in.key == OS_KEY_BACKTAB ? "KEY BACKTAB" : in.key == OS_KEY_SLEFT ?
			    "KEY SLEFT" : "KEY SRIGHT");
			continue;
		case OS_TERM_CURSES:
			break;
		}
		rc = get_wch(&wc);
		if (rc == ERR)
			continue;
		if (rc == KEY_CODE_YES) {
			snprintf(line, sizeof line, "CURSES %s", keyname((int)wc));
			probe_say(line);
			if (wc == KEY_BACKSPACE)
				lineedit_backspace(&le);
			continue;
		}
		snprintf(line, sizeof line, "CURSES U+%04lX", (unsigned long)wc);
		probe_say(line);
		if (wc == 17)
			quit = 1;
		else if (wc == 8 || wc == 127)
			lineedit_backspace(&le);
		else
			lineedit_insert(&le, (int32_t)wc);
	}
	endwin();
	os_stop_done();
	fprintf(stderr, "EDIT");
	for (size_t i = 0; i < le.len; i++)
		fprintf(stderr, " %02x", (unsigned char)le.buf[i]);
	fprintf(stderr, "\nSTOPPED %d\n", os_stopped());
	lineedit_free(&le);
	return 0;
}

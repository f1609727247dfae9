/* app: the terminal's life — start, the one event loop, signals, resize,
 * colours — and the screen stack. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/report.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"
#include "socds/ui.h"

static bool ui_active;

/* Every way out, including exit() from a library, leaves a usable terminal. */
static void
ui_restore(void)
{
	if (ui_active) {
		endwin();
		ui_active = false;
	}
}

/* Colours and their monochrome stand-ins, as data. */
static const struct {
	short fg, bg;
	int attr;	/* added in colour */
	int mono;	/* used instead without colour */
} ui_palette[R_ROLES] = {
	[R_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[R_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[R_BARKEY] = { -1, -1, A_BOLD, A_BOLD },
	[R_BARLABEL] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[R_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[R_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE },
	[R_INFO] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[R_HEADER] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[R_LABEL] = { -1, -1, A_NORMAL, A_NORMAL },
	[R_FIELD] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_UNDERLINE },
	[R_FOCUS] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[R_DIM] = { COLOR_BLUE, -1, A_BOLD, A_DIM },
};

static void
ui_colors(struct app *a)
{
	const char *nc = getenv("NO_COLOR");
	bool color = has_colors() && (nc == NULL || *nc == '\0');
	bool deflt = false;

	if (color) {
		start_color();
		deflt = use_default_colors() == OK;
	}
	for (int r = 0; r < R_ROLES; r++) {
		if (!color || COLOR_PAIRS < R_ROLES + 1) {
			a->attr[r] = ui_palette[r].mono;
			continue;
		}
		short fg = ui_palette[r].fg, bg = ui_palette[r].bg;
		if (!deflt) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		init_pair((short)(r + 1), fg, bg);
		a->attr[r] = (int)COLOR_PAIR(r + 1) | ui_palette[r].attr;
	}
}

void
ui_screen_init(struct screen *s, const char *name, void (*draw)(struct screen *, struct app *),
    int (*key)(struct screen *, struct app *, int), void (*free_fn)(struct screen *),
    const struct ui_binding *keys, const char *help)
{
	s->name = name;
	s->draw = draw;
	s->key = key;
	s->free = free_fn;
	s->keys = keys;
	s->help = help;
}

void
ui_push(struct app *a, struct screen *s)
{
	if (s == NULL)
		return;
	s->below = a->top;
	a->top = s;
}

static void
ui_pop(struct app *a, bool free_it)
{
	struct screen *s = a->top;

	if (s == NULL)
		return;
	a->top = s->below;
	if (free_it && s->free != NULL)
		s->free(s);
}

void
ui_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_error = error;
	if (error)
		beep();
}

void
ui_error(struct app *a, const struct err *e)
{
	ui_message(a, true, "%s", e->msg);
}

static void
ui_report_sink(const char *msg, void *arg)
{
	ui_message(arg, true, "%s", msg);
}

void
ui_sublists(const struct kind *k, const struct kind *sub[2], const char *label[2])
{
	static const char *const names[KIND_COUNT] = {
		[KIND_PARTICIPANT] = N_("Participants"), [KIND_MEMBER] = N_("Members"),
		[KIND_ACTIVITY] = N_("Activities"),
	};
	int n = record_children(k, sub, 2);

	for (int i = 0; i < 2; i++) {
		if (i >= n)
			sub[i] = NULL;
		label[i] = sub[i] != NULL ? names[sub[i] - record_kinds] : NULL;
	}
}

/* Ctrl-L: the next update clears the terminal and sends every cell again,
 * whatever another program or a line noise left on it. */
static void
ui_redraw_all(void)
{
	clearok(curscr, TRUE);
}

static void
ui_draw(struct app *a)
{
	erase();
	if (ui_too_small(a)) {
		/* Only resizing and quitting act now: say how to quit. */
		if (LINES > 4)
			ui_put(LINES / 2 + 3, 0, COLS, _("Ctrl-Q quits; forms being typed are kept for next time."),
			    a->attr[R_DIM], false);
		curs_set(0);
	} else {
		a->top->cursor = false;
		a->top->draw(a->top, a);
		ui_statusline(a);
		ui_keybar(a, a->top->keys);
		if (a->top->cursor) {
			curs_set(1);
			move(a->top->cy, a->top->cx);
		} else {
			curs_set(0);
			move(LINES - 1, COLS - 1);
		}
	}
	/* One update per key: curses sends only the cells that changed. */
	wnoutrefresh(stdscr);
	doupdate();
}

/* A key kept for the next read: the key typed with Alt, after its Esc. */
static int ui_next_key;

void
ui_unget_key(int key)
{
	ui_next_key = key;
}

/* Reads one key: characters as themselves, curses keys as UI_KEY(code);
 * 0 on timeout or interruption, -1 for a key that was dropped (an escape
 * sequence socds does not know: its tail never acts as typed keys). */
static int
ui_getkey(struct app *a)
{
	struct os_term_in in;
	wint_t wc;
	int rc;

	if (ui_next_key != 0) {
		rc = ui_next_key;
		ui_next_key = 0;
		return rc;
	}
	/* The Windows console's keys that ncurses would lose (typed Vietnamese,
	 * Esc, Alt) and its size come first; elsewhere curses reads them all. */
	switch (os_term_key(wgetdelay(stdscr), &in)) {
	case OS_TERM_NONE:
		return 0;
	case OS_TERM_CHAR:
		if (in.alt) {
			/* As a terminal sends it: Esc, then the key. */
			ui_next_key = (int)in.cp;
			return 27;
		}
		return (int)in.cp;
	case OS_TERM_RESIZE:
		resize_term(in.rows, in.cols);
		return UI_KEY(KEY_RESIZE);
	case OS_TERM_KEY:
		return UI_KEY(in.key == OS_KEY_BACKTAB ? KEY_BTAB : in.key == OS_KEY_SLEFT ?
		    KEY_SLEFT : KEY_SRIGHT);
	case OS_TERM_CURSES:
		break;
	}
	rc = get_wch(&wc);

	if (rc == ERR)
		return 0;
	if (rc == KEY_CODE_YES)
		return ui_keys_map((int)wc, true);
	if (wc == 27) {
		char unknown[48];
		int key = ui_keys_after_esc(unknown, sizeof unknown);
		if (key != 0)
			return key;
		ui_message(a, false, _("Key not known here (%s), ignored; F1 or ? lists the keys."),
		    unknown);
		return -1;
	}
	return (int)wc;
}

/* The same bound as ui_too_small (draw.c), without drawing. */
static bool
ui_fits(void)
{
	return COLS >= 80 && LINES >= 24;
}

/* While the window is too small, only resizing and quitting act: a key that
 * would act on a screen nobody sees is dropped. Ctrl-Q quits, keeping the
 * forms being typed as drafts. True when the key is consumed. */
static bool
ui_small_key(struct app *a, int key)
{
	if (ui_fits() || key == UI_KEY(KEY_RESIZE))
		return false;
	if (key == UI_CTRL('q')) {
		a->quit = true;
		a->keep_drafts = true;
	}
	return true;
}

/* The daily backup runs in its own process so that the first screen does
 * not wait for a copy of the whole file; a failure is told, not hidden. */
static void
ui_backup_check(struct app *a)
{
	int status;

	if (a->backup <= 0 || os_proc_poll(a->backup, &status) != 1)
		return;
	a->backup = 0;
	if (status != 0)
		ui_message(a, true, _("warning: the daily backup failed; 'socds backup' shows why"));
}

/* Runs the loop until `until` leaves the stack (NULL: until it is empty). */
static void
ui_loop(struct app *a, struct screen *until)
{
	bool dirty = true;

	while (!a->quit && a->top != NULL && os_stopped() == 0) {
		if (dirty)
			ui_draw(a);
		/* What was left for later is done when no key is waiting. */
		timeout(a->again ? 0 : 250);
		int key = ui_getkey(a);
		if (key < 0 || (key > 0 && ui_small_key(a, key))) {
			dirty = true;
			continue;
		}
		if (key == 0 && a->again) {
			a->again = false;
			dirty = true;
			continue;
		}
		if (key == 0) {
			ui_backup_check(a);
			/* A pause in typing: the moment to keep a draft. */
			if (a->top->save_draft != NULL)
				a->top->save_draft(a->top, a, false);
			dirty = false;	/* a timeout: nothing to redraw */
			continue;
		}
		dirty = true;
		if (key == UI_KEY(KEY_RESIZE))
			continue;	/* LINES/COLS are new; the next draw lays out again */
		if (key == UI_CTRL('l')) {
			ui_redraw_all();
			continue;
		}
		struct screen *s = a->top;
		if (s->key(s, a, key) != 0) {
			bool last = s == until;
			ui_pop(a, until == NULL || !last);
			if (last)
				return;
		}
	}
}

void
ui_modal(struct app *a, struct screen *s)
{
	ui_push(a, s);
	ui_loop(a, s);
	/* Quit or a signal while modal: the caller frees s; leave the stack sane. */
	if (a->top == s)
		ui_pop(a, false);
}

bool
ui_confirm(struct app *a, const char *question)
{
	char saved[sizeof a->status];
	bool yes = false;

	if (a->quit)
		return false;	/* quitting: nothing more is asked */
	memcpy(saved, a->status, sizeof saved);
	for (;;) {
		snprintf(a->status, sizeof a->status, "%s %s", question,
		    _("(c = yes / k = no)"));
		a->status_error = false;
		ui_draw(a);
		int key = ui_getkey(a);
		if (key <= 0) {
			if (os_stopped() != 0)
				break;
			continue;
		}
		/* A hidden question is not answered; Ctrl-Q there quits (as no). */
		if (ui_small_key(a, key)) {
			if (a->quit)
				break;
			continue;
		}
		if (key == UI_KEY(KEY_RESIZE))
			continue;
		if (key == UI_CTRL('l')) {
			ui_redraw_all();
			continue;
		}
		if (key == 'c' || key == 'C' || key == 'y' || key == 'Y') {
			yes = true;
			break;
		}
		if (key == 'k' || key == 'K' || key == 'n' || key == 'N' || key == 27 ||
		    key == UI_KEY(KEY_F(10)))
			break;
	}
	memcpy(a->status, saved, sizeof saved);
	return yes;
}

static int
ui_draft_delete(const struct draft_row *d, void *arg)
{
	struct app *a = arg;
	struct err e = { 0 };

	store_draft_delete(a->store, d->seq, &e);
	return 0;
}

static void
ui_drafts_delete_all(struct app *a)
{
	struct err e = { 0 };

	store_draft_list(a->store, ui_draft_delete, a, &e);
}

struct ui_drafts {
	struct app *a;
	int n;
	bool open;
};

static int
ui_draft_one(const struct draft_row *d, void *arg)
{
	struct ui_drafts *u = arg;
	struct err e = { 0 };

	u->n++;
	if (!u->open)
		return 0;
	struct screen *sc = edit_from_draft(u->a, d);
	if (sc != NULL)
		ui_push(u->a, sc);
	else
		store_draft_delete(u->a->store, d->seq, &e);
	return 0;
}

/* At start: forms left unsaved last time (a dropped link, a power cut) are
 * offered back. */
static void
ui_restore_drafts(struct app *a)
{
	struct ui_drafts u = { a, 0, false };
	struct err e = { 0 };
	char q[200];

	if (store_draft_list(a->store, ui_draft_one, &u, &e) != 0 || u.n == 0)
		return;
	snprintf(q, sizeof q, _("%d unsaved form(s) from last time. Open them again?"), u.n);
	u.open = ui_confirm(a, q);
	if (!u.open) {
		if (!ui_confirm(a, _("Throw the unsaved forms away?")))
			return;
	}
	u.n = 0;
	if (u.open)
		store_draft_list(a->store, ui_draft_one, &u, &e);
	else {
		ui_drafts_delete_all(a);
	}
}

int
ui_run(struct store *s, const struct forms *forms, os_proc backup, struct err *e)
{
	struct app a;

	if (!os_isatty(OS_STDIN) || !os_isatty(OS_STDOUT))
		return err_set(e, ERR_USAGE,
		    _("the interface needs a terminal; for scripts use the commands (socds help)"));
	memset(&a, 0, sizeof a);
	a.store = s;
	a.forms = forms;
	a.backup = backup;
	if (store_home_get(s, &a.home, e) != 0)
		return e->code;
	a.ascii = !os_locale_utf8() || getenv("SOCDS_ASCII") != NULL;

	/* Windows: TERM, code pages, font and size of the console. */
	os_term_prepare();
	const char *term = getenv("TERM");
	char used[64];
	if (term == NULL || *term == '\0')
		return err_set(e, ERR_USAGE, _("TERM is not set: the terminal type is unknown"));
	/* A TERM this computer has no description for (putty, putty-256color...)
	 * falls back to a close one, said on the status line. */
	if (!ui_keys_newterm(term, used, sizeof used))
		return err_set(e, ERR_USAGE, _("unknown terminal type '%s'"), term);
	ui_active = true;
	if (strcmp(used, term) != 0)
		ui_message(&a, false, _("Terminal type '%s' is not known here; using '%s'."),
		    term, used);
	atexit(ui_restore);

	os_stop_catch();	/* never curses in a handler: the loop looks */

	/* raw: Ctrl-S, Ctrl-Q and Ctrl-C reach us as keys (PuTTY users press Ctrl-S). */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	ui_keys_define();
	/* Esc answers at once (50 ms), yet a key's sequence split by a slow link
	 * is still one key; ESCDELAY (ms) in the environment sets it. */
	const char *ed = getenv("ESCDELAY");
	int delay = ed != NULL ? atoi(ed) : 0;
	set_escdelay(delay >= 10 && delay <= 2000 ? delay : 50);
	timeout(250);		/* wake up to notice signals */
	ui_colors(&a);
	report_set_sink(ui_report_sink, &a);

	ui_push(&a, home_new(&a));
	ui_restore_drafts(&a);
	ui_loop(&a, NULL);

	/* A hang-up or termination, or Ctrl-Q while the window was too small:
	 * every open form keeps its typing as a draft. */
	if (os_stopped() != 0 || a.keep_drafts)
		for (struct screen *sc = a.top; sc != NULL; sc = sc->below)
			if (sc->save_draft != NULL)
				sc->save_draft(sc, &a, true);
	report_set_sink(NULL, NULL);
	while (a.top != NULL)
		ui_pop(&a, true);
	ui_restore();
	/* The drafts are kept: a closing Windows console may end us now. */
	os_stop_done();
	if (os_stopped() != 0 && os_stopped() != SIGINT)
		return err_set(e, ERR_FAIL, _("stopped by signal %d"), os_stopped());
	return 0;
}

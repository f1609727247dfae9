/* keys: the keys of the terminals officers really use, whatever TERM says.
 *
 * Three tables as data: the escape sequences of PuTTY (its ESC[n~, Linux,
 * SCO, VT100+ and rxvt modes), the Linux console, xterm and its kin
 * (Windows Terminal, OpenSSH for Windows), rxvt, tmux, screen and
 * vt100/vt220, taught to curses with define_key() at start-up; the keys
 * curses names differently that mean the same to us (Find is Home, Select
 * is End); and the terminal types to fall back on when this computer has
 * no description for TERM. A sequence curses still does not know is read
 * whole and dropped, so that its tail never acts as typed keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
/* After our headers: its macros (lines, columns...) would rename their fields. */
#include <term.h>

/* Codes of our own for keys that stand for a character (the numeric keypad
 * in application mode): above every curses key code. */
#define KEYS_CHAR_BASE (KEY_MAX + 0x100)
#define KEYS_CHAR(c) (KEYS_CHAR_BASE + (c))

/* One sequence: its bytes and the key it is. Each means the same whatever
 * TERM says, so each replaces what a description says otherwise (vt100's
 * keypad as F5-F10, the VT220's Find and Select, a mouse socds never turns
 * on on ESC[M). */
static const struct keys_seq {
	const char *seq;
	int code;
} keys_seqs[] = {
	/* F1-F4: xterm, vt100/vt220, tmux, screen, Windows Terminal (SS3) */
	{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
	{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
	/* F1-F4: PuTTY's default (ESC[n~), rxvt, old xterm, OpenSSH for Windows */
	{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
	{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
	/* F1-F5: the Linux console and PuTTY's "Linux" mode */
	{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) },
	{ "\033[[C", KEY_F(3) }, { "\033[[D", KEY_F(4) },
	{ "\033[[E", KEY_F(5) },
	/* F5-F12: everyone's ESC[n~ */
	{ "\033[15~", KEY_F(5) }, { "\033[17~", KEY_F(6) },
	{ "\033[18~", KEY_F(7) }, { "\033[19~", KEY_F(8) },
	{ "\033[20~", KEY_F(9) }, { "\033[21~", KEY_F(10) },
	{ "\033[23~", KEY_F(11) }, { "\033[24~", KEY_F(12) },
	/* F5-F10: PuTTY's "VT100+" mode and OpenSSH for Windows */
	{ "\033OT", KEY_F(5) }, { "\033OU", KEY_F(6) },
	{ "\033OV", KEY_F(7) }, { "\033OW", KEY_F(8) },
	{ "\033OX", KEY_F(9) }, { "\033OY", KEY_F(10) },
	/* F1-F12, Home, End, PgUp, PgDn, Insert: PuTTY's "SCO" mode */
	{ "\033[M", KEY_F(1) }, { "\033[N", KEY_F(2) },
	{ "\033[O", KEY_F(3) }, { "\033[P", KEY_F(4) },
	{ "\033[Q", KEY_F(5) }, { "\033[R", KEY_F(6) },
	{ "\033[S", KEY_F(7) }, { "\033[T", KEY_F(8) },
	{ "\033[U", KEY_F(9) }, { "\033[V", KEY_F(10) },
	{ "\033[W", KEY_F(11) }, { "\033[X", KEY_F(12) },
	{ "\033[I", KEY_PPAGE }, { "\033[G", KEY_NPAGE },
	{ "\033[L", KEY_IC },
	/* Home and End: the VT220 keypad's Find and Select, sent by PuTTY, the
	 * Linux console, tmux, screen and OpenSSH for Windows; always Home/End */
	{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END },
	/* xterm, Windows Terminal, PuTTY's SCO and rxvt modes; rxvt */
	{ "\033[H", KEY_HOME }, { "\033[F", KEY_END },
	{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
	{ "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
	/* Insert, Delete, PgUp, PgDn */
	{ "\033[2~", KEY_IC }, { "\033[3~", KEY_DC },
	{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
	/* Arrows in both cursor modes, Shift-Tab */
	{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN },
	{ "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
	{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN },
	{ "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
	{ "\033[Z", KEY_BTAB },
	/* The numeric keypad in application mode (PuTTY, xterm, vt100): its
	 * digits are digits, whatever vt100's description makes of them */
	{ "\033Op", KEYS_CHAR('0') }, { "\033Oq", KEYS_CHAR('1') },
	{ "\033Or", KEYS_CHAR('2') }, { "\033Os", KEYS_CHAR('3') },
	{ "\033Ot", KEYS_CHAR('4') }, { "\033Ou", KEYS_CHAR('5') },
	{ "\033Ov", KEYS_CHAR('6') }, { "\033Ow", KEYS_CHAR('7') },
	{ "\033Ox", KEYS_CHAR('8') }, { "\033Oy", KEYS_CHAR('9') },
	{ "\033On", KEYS_CHAR('.') }, { "\033Ol", KEYS_CHAR(',') },
	{ "\033Om", KEYS_CHAR('-') }, { "\033Ok", KEYS_CHAR('+') },
	{ "\033Oj", KEYS_CHAR('*') }, { "\033Oo", KEYS_CHAR('/') },
	{ "\033OM", KEYS_CHAR('\r') },
};

/* Keys curses names apart that mean one thing here. */
static const struct {
	int from, to;
} keys_same[] = {
	{ KEY_FIND, KEY_HOME }, { KEY_SELECT, KEY_END },
	{ KEY_A1, KEY_HOME }, { KEY_C1, KEY_END },
	{ KEY_A3, KEY_PPAGE }, { KEY_C3, KEY_NPAGE },
};

/* Terminal types to try when TERM is not described on this computer: by
 * the start of its name; a "256color" TERM tries the 256-colour entry first. */
static const struct {
	const char *prefix;
	const char *use[3];
} keys_terms[] = {
	{ "putty", { "xterm", "vt220", NULL } },
	{ "tmux", { "tmux", "screen", "xterm" } },
	{ "screen", { "screen", "xterm", NULL } },
	{ "linux", { "linux", "vt220", NULL } },
	{ "rxvt", { "rxvt", "xterm", NULL } },
	{ "vt1", { "vt100", NULL, NULL } },
	{ "vt2", { "vt220", "vt100", NULL } },
	{ "vt", { "vt220", "vt100", NULL } },
	{ "", { "xterm", "vt220", "vt100" } },	/* xterm's kin and everyone else */
};

void
ui_keys_define(void)
{
	for (size_t i = 0; i < sizeof keys_seqs / sizeof keys_seqs[0]; i++) {
		const struct keys_seq *k = &keys_seqs[i];
		if (key_defined(k->seq) != k->code)
			define_key(k->seq, k->code);
	}
}

int
ui_keys_decode(const char *seq)
{
	for (size_t i = 0; i < sizeof keys_seqs / sizeof keys_seqs[0]; i++)
		if (strcmp(keys_seqs[i].seq, seq) == 0)
			return ui_keys_map(keys_seqs[i].code, true);
	return 0;
}

int
ui_keys_map(int code, bool is_key)
{
	if (!is_key)
		return code;
	if (code >= KEYS_CHAR_BASE && code < KEYS_CHAR_BASE + 0x80)
		return code - KEYS_CHAR_BASE;
	for (size_t i = 0; i < sizeof keys_same / sizeof keys_same[0]; i++)
		if (keys_same[i].from == code)
			return UI_KEY(keys_same[i].to);
	return UI_KEY(code);
}

/* Reads one more byte of a sequence, waiting at most the Esc delay. */
static int
keys_more(void)
{
	wint_t wc;
	int rc;

	timeout(get_escdelay() > 0 ? get_escdelay() : 50);
	rc = get_wch(&wc);
	return rc == OK ? (int)wc : -1;
}

int
ui_keys_after_esc(char *unknown, size_t n)
{
	int saved = wgetdelay(stdscr);
	char seq[24];
	size_t len = 0;
	int c, rc, key = 27;
	wint_t wc;

	unknown[0] = '\0';
	/* curses waited ESCDELAY after the Esc already: only what is waiting now
	 * belongs to it. */
	timeout(0);
	rc = get_wch(&wc);
	if (rc == KEY_CODE_YES) {
		/* Esc, then a key curses already read whole (F10 typed right after
		 * Esc): the key is kept for the next read, never dropped. */
		ungetch((int)wc);
		timeout(saved);
		return 27;
	}
	if (rc != OK) {
		timeout(saved);
		return 27;	/* Esc alone */
	}
	c = (int)wc;
	if (c != '[' && c != 'O') {
		/* Alt and a key, or Esc typed fast before a key: Esc, then the key. */
		unget_wch((wchar_t)c);
		timeout(saved);
		return 27;
	}
	seq[len++] = '\033';
	seq[len++] = (char)c;
	if (c == 'O') {
		/* SS3: one byte more. */
		if ((c = keys_more()) > 0 && c < 0x80)
			seq[len++] = (char)c;
	} else {
		/* CSI: parameters and intermediates, then a final byte; the Linux
		 * console's ESC [ [ A is one byte more. */
		bool first = true;
		while (len < sizeof seq - 1 && (c = keys_more()) > 0 && c < 0x80) {
			seq[len++] = (char)c;
			if (first && c == '[') {
				if ((c = keys_more()) > 0 && c < 0x80 && len < sizeof seq - 1)
					seq[len++] = (char)c;
				break;
			}
			first = false;
			if (c >= 0x40 && c <= 0x7e)
				break;
		}
	}
	seq[len] = '\0';
	timeout(saved);
	key = ui_keys_decode(seq);
	if (key != 0)
		return key;
	/* Not a key socds knows: dropped whole, named for the status line. */
	size_t o = 0;
	o += (size_t)snprintf(unknown + o, n - o, "ESC");
	for (size_t i = 1; i < len && o < n; i++)
		o += (size_t)snprintf(unknown + o, n - o, "%s%c", i == 1 ? " " : "", seq[i]);
	return 0;
}

/* Whether this computer has a description of the terminal type: asked of
 * setupterm, which leaves nothing behind (a failed newterm does). */
static bool
keys_known(const char *name)
{
	int err = 0;

	if (setupterm(name, fileno(stdout), &err) != OK)
		return false;
	del_curterm(cur_term);
	return true;
}

bool
ui_keys_newterm(const char *term, char *used, size_t n)
{
	bool c256 = strstr(term, "256color") != NULL;

	snprintf(used, n, "%s", term);
	if (keys_known(term))
		return newterm(term, stdout, stdin) != NULL;
	for (size_t i = 0; i < sizeof keys_terms / sizeof keys_terms[0]; i++) {
		if (strncmp(term, keys_terms[i].prefix, strlen(keys_terms[i].prefix)) != 0)
			continue;
		for (int j = 0; j < 3 && keys_terms[i].use[j] != NULL; j++) {
			char name[64];
			for (int pass = c256 ? 0 : 1; pass < 2; pass++) {
				snprintf(name, sizeof name, "%s%s", keys_terms[i].use[j],
				    pass == 0 ? "-256color" : "");
				if (keys_known(name)) {
					snprintf(used, n, "%s", name);
					return newterm(name, stdout, stdin) != NULL;
				}
			}
		}
		break;	/* the first matching prefix decides */
	}
	return false;
}

/* Names of keys as the help shows them. */
static const struct {
	int key;
	const char *name;
} keys_names[] = {
	{ 27, "Esc" }, { '\r', "Enter" }, { '\n', "Enter" }, { '\t', "Tab" }, { ' ', "Space" },
	{ UI_KEY(KEY_ENTER), "Enter" }, { UI_KEY(KEY_IC), "Ins" }, { UI_KEY(KEY_DC), "Del" },
	{ UI_KEY(KEY_HOME), "Home" }, { UI_KEY(KEY_END), "End" },
	{ UI_KEY(KEY_PPAGE), "PgUp" }, { UI_KEY(KEY_NPAGE), "PgDn" },
	{ UI_KEY(KEY_UP), "Up" }, { UI_KEY(KEY_DOWN), "Down" },
	{ UI_KEY(KEY_LEFT), "Left" }, { UI_KEY(KEY_RIGHT), "Right" },
	{ UI_KEY(KEY_BTAB), "Shift-Tab" },
};

const char *
ui_keys_name(int key, char *buf, size_t n)
{
	for (size_t i = 0; i < sizeof keys_names / sizeof keys_names[0]; i++)
		if (keys_names[i].key == key)
			return keys_names[i].name;
	if (key >= UI_KEY(KEY_F(1)) && key <= UI_KEY(KEY_F(24)))
		snprintf(buf, n, "F%d", key - UI_KEY(KEY_F(0)));
	else if (key > 0 && key < 0x20)
		snprintf(buf, n, "Ctrl-%c", key + '@');
	else if (key > 0x20 && key < 0x7f)
		snprintf(buf, n, "%c", key);
	else
		return NULL;
	return buf;
}

/* --- the rows every screen shares, and what they do --- */

const struct ui_binding ui_keys_f1[] = {
	{ UI_KEY(KEY_F(1)), ACT_HELP, "F1", N_("Help"), NULL },
	UI_KEYS_END,
};

const struct ui_binding ui_keys_help[] = {
	UI_KEYS_USE(ui_keys_f1),
	{ '?', ACT_HELP, NULL, NULL, NULL },
	UI_KEYS_END,
};

const struct ui_binding ui_keys_open[] = {
	{ '\r', ACT_OPEN, "Enter", N_("Open"), NULL },
	{ '\n', ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_ENTER), ACT_OPEN, NULL, NULL, NULL },
	UI_KEYS_END,
};

const struct ui_binding ui_keys_esc[] = {
	{ UI_KEY(KEY_F(10)), ACT_BACK, "F10", N_("Back"), NULL },
	{ 27, ACT_BACK, NULL, NULL, NULL },
	UI_KEYS_END,
};

const struct ui_binding ui_keys_back[] = {
	UI_KEYS_USE(ui_keys_esc),
	{ 'q', ACT_BACK, NULL, NULL, NULL },
	{ UI_CTRL('q'), ACT_QUIT, NULL, NULL, NULL },
	UI_KEYS_END,
};

const struct ui_binding ui_keys_arrows[] = {
	{ UI_KEY(KEY_UP), ACT_UP, NULL, NULL, NULL },
	{ UI_KEY(KEY_DOWN), ACT_DOWN, NULL, NULL, NULL },
	{ UI_KEY(KEY_PPAGE), ACT_PGUP, NULL, NULL, NULL },
	{ UI_KEY(KEY_NPAGE), ACT_PGDN, NULL, NULL, NULL },
	{ UI_KEY(KEY_HOME), ACT_HOME, NULL, NULL, NULL },
	{ UI_KEY(KEY_END), ACT_END, NULL, NULL, NULL },
	UI_KEYS_END,
};

const struct ui_binding ui_keys_nav[] = {
	UI_KEYS_USE(ui_keys_arrows),
	{ 'k', ACT_UP, NULL, NULL, NULL },
	{ 'j', ACT_DOWN, NULL, NULL, NULL },
	UI_KEYS_END,
};

void
ui_keys_begin(struct ui_keys_iter *it, const struct ui_binding *keys)
{
	it->at[0] = keys;
	it->depth = keys != NULL;
}

const struct ui_binding *
ui_keys_next(struct ui_keys_iter *it)
{
	while (it->depth > 0) {
		const struct ui_binding *b = it->at[it->depth - 1];
		if (b->key == 0 && b->more == NULL) {
			it->depth--;
			continue;
		}
		it->at[it->depth - 1] = b + 1;
		if (b->key != 0)
			return b;
		if (it->depth < UI_KEYS_DEPTH)
			it->at[it->depth++] = b->more;
	}
	return NULL;
}

enum ui_action
ui_lookup(const struct ui_binding *keys, int key)
{
	struct ui_keys_iter it;
	const struct ui_binding *b;

	ui_keys_begin(&it, keys);
	while ((b = ui_keys_next(&it)) != NULL)
		if (b->key == key)
			return b->act;
	return ACT_NONE;
}

int
ui_key_common(struct screen *s, struct app *a, enum ui_action act)
{
	switch (act) {
	case ACT_HELP:
		ui_push(a, help_new(a, s));
		return 0;
	case ACT_QUIT:
		a->quit = true;
		return 0;
	case ACT_BACK:
		return 1;
	default:
		return 0;
	}
}

/* ui-internal: the screens' shared types. Only ui code includes curses. */
#ifndef SOCDS_UI_INTERNAL_H
#define SOCDS_UI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/form.h"
#include "socds/os.h"
#include "socds/record.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"

/* Keys, as the dispatcher hands them to screens: a character, or a curses
 * key code offset so that the two never collide. */
#define UI_KEY(k) ((k) + 0x110000)
#define UI_CTRL(c) ((c) & 0x1f)

/* What a key means; screens see actions, not keys, where a table says so. */
enum ui_action {
	ACT_NONE, ACT_HELP, ACT_SAVE, ACT_SEARCH, ACT_FILTER, ACT_SUB1, ACT_SUB2,
	ACT_SORT, ACT_NEW, ACT_DELETE, ACT_BACK, ACT_OPEN, ACT_REVERSE, ACT_QUIT,
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END, ACT_NEXT, ACT_PREV,
	ACT_CHOOSE, ACT_SAVE_NEW, ACT_GOTO,
	ACT_ROSTER,	/* F11: a training's class list (roster.c) */
};

/* One row of a key table: the key, what it does, and its key-bar label. A
 * row with key 0 ends the table, or, with `more`, takes in a shared table
 * at that place (UI_KEYS_USE): the rows before it win over its rows, and the
 * key bar and the help show its labels there. */
struct ui_binding {
	int key;
	enum ui_action act;
	const char *bar;	/* "F2" etc. shown in the key bar, or NULL */
	const char *label;	/* untranslated; NULL: not in the key bar */
	const struct ui_binding *more;	/* key 0: the shared table taken in */
};
#define UI_KEYS_USE(table) { 0, ACT_NONE, NULL, NULL, (table) }
#define UI_KEYS_END { 0, ACT_NONE, NULL, NULL, NULL }

/* The shared rows (keys.c), which every screen's table takes in:
 * ui_keys_help   F1 (key bar "Help") and ?
 * ui_keys_f1     F1 alone (where ? is typed: pickers, forms)
 * ui_keys_back   F10 (key bar "Back"), Esc and q go back; Ctrl-Q quits
 * ui_keys_esc    F10 and Esc alone (where q is typed)
 * ui_keys_open   Enter (key bar "Open")
 * ui_keys_nav    the arrows, PgUp/PgDn, Home/End and k/j
 * ui_keys_arrows the same without k/j (where letters are typed). */
extern const struct ui_binding ui_keys_help[], ui_keys_f1[], ui_keys_back[], ui_keys_esc[],
    ui_keys_open[], ui_keys_nav[], ui_keys_arrows[];

/* Walks a key table in order, shared tables taken in where they are named. */
#define UI_KEYS_DEPTH 4
struct ui_keys_iter {
	const struct ui_binding *at[UI_KEYS_DEPTH];
	int depth;
};
void ui_keys_begin(struct ui_keys_iter *it, const struct ui_binding *keys);
const struct ui_binding *ui_keys_next(struct ui_keys_iter *it);

enum ui_role {
	R_NORMAL, R_TITLE, R_BARKEY, R_BARLABEL, R_SELECTED, R_ERROR, R_INFO, R_HEADER,
	R_LABEL, R_FIELD, R_FOCUS, R_DIM, R_ROLES
};

struct app;

#define UI_STATUS_SIZE 2048

struct screen {
	const char *name;	/* for help */
	void (*draw)(struct screen *, struct app *);
	/* Returns 0, or 1 when the screen wants to close. */
	int (*key)(struct screen *, struct app *, int key);
	void (*free)(struct screen *);
	/* Keeps unsaved typing as a draft: at pauses (force false: only when
	 * something changed) and before a hang-up or termination ends socds. */
	void (*save_draft)(struct screen *, struct app *, bool force);
	const struct ui_binding *keys;	/* this screen's key table (NULL-terminated by key 0) */
	const char *help;	/* untranslated help text */
	struct screen *below;
	bool cursor;		/* show the terminal cursor at (cy, cx) */
	int cy, cx;
};

struct app {
	struct store *store;
	const struct forms *forms;
	struct unit home;
	struct screen *top;
	char status[UI_STATUS_SIZE];	/* a question with a 200-letter title fits */
	bool status_error;
	bool quit;
	bool ascii;		/* no Unicode line/block characters */
	int attr[R_ROLES];
	os_proc backup;		/* the daily backup running beside us, or 0 */
	bool again;		/* a screen drew a placeholder: draw again at once */
	bool keep_drafts;	/* quitting while too small: open forms become drafts */
	char saved_id[UUID_STR_LEN];	/* the record a form saved last ("" none): the
					 * list below puts its highlight there */
};

/* app.c */
/* A screen's parts: its name (for help), what draws it, what its keys do,
 * what frees it (NULL: the caller does), its key table and help text. */
void ui_screen_init(struct screen *s, const char *name, void (*draw)(struct screen *, struct app *),
    int (*key)(struct screen *, struct app *, int), void (*free_fn)(struct screen *),
    const struct ui_binding *keys, const char *help);
void ui_push(struct app *a, struct screen *s);
void ui_message(struct app *a, bool error, const char *fmt, ...)
	ERR_PRINTF(3, 4);
void ui_error(struct app *a, const struct err *e);
/* What key does in a key table (keys.c). */
enum ui_action ui_lookup(const struct ui_binding *keys, int key);
/* The actions every screen shares, after the screen's own switch (keys.c):
 * help opens the help on s, quit ends socds, back closes s (returns 1). */
int ui_key_common(struct screen *s, struct app *a, enum ui_action act);
/* Asks a yes/no question on the status line; true for yes. */
bool ui_confirm(struct app *a, const char *question);
/* Runs a screen modally until it closes (for pickers and dialogs). */
void ui_modal(struct app *a, struct screen *s);
/* Gives key back: the next read returns it (a letter typed on a form's
 * chosen field becomes the first key of its picker). */
void ui_unget_key(int key);

/* The kinds reached with F5/F6 from a record of kind k, and their key-bar
 * labels (untranslated). */
void ui_sublists(const struct kind *k, const struct kind *sub[2], const char *label[2]);

/* keys.c: the keys of real terminals, whatever TERM says. */
/* Starts curses on TERM, else on a close type this computer knows (named in
 * used); false when there is none. */
bool ui_keys_newterm(const char *term, char *used, size_t n);
/* Teaches curses the sequences of PuTTY, the Linux console, xterm, rxvt,
 * tmux, screen and vt100/vt220 (define_key). */
void ui_keys_define(void);
/* A key curses read (is_key: a KEY_CODE_YES code) as the screens see it. */
int ui_keys_map(int code, bool is_key);
/* The key a whole escape sequence stands for, or 0. */
int ui_keys_decode(const char *seq);
/* After curses gave a lone Esc: 27 when nothing follows; the key when a
 * sequence follows that curses did not join; 0 when the sequence is unknown
 * (dropped whole and named in unknown). */
int ui_keys_after_esc(char *unknown, size_t n);
/* A key's name for the help ("F2", "Ctrl-S", "Esc", "n"), or NULL. */
const char *ui_keys_name(int key, char *buf, size_t n);

/* draw.c */
/* Writes UTF-8 text at (y, x) clipped to `width` columns (padding with spaces
 * when pad), one grapheme per cell; returns the columns used. */
int ui_put(int y, int x, int width, const char *text, int attr, bool pad);
/* The same for text[0..len). */
int ui_putn(int y, int x, int width, const char *text, size_t len, int attr, bool pad);
/* Lines text takes wrapped at spaces to width columns. */
int ui_wrap_lines(const char *text, int width);
/* Writes text wrapped at spaces from line y down, maxlines at most (the last
 * one cut with an ellipsis when more is left); returns the lines written. */
int ui_put_wrapped(int y, int x, int width, int maxlines, const char *text, int attr);
/* A message or hint on the status line, wrapped upwards over the lines above
 * it when long (UI_STATUS_MAX_LINES at most); fill paints the lines first. */
#define UI_STATUS_MAX_LINES 3
void ui_bottom_text(struct app *a, const char *text, int attr, bool fill);
void ui_fill(int y, int x, int width, int attr);
/* A one-line editor's text in a field w columns wide, padded: focused, the
 * part around the cursor with "…" at the left when scrolled (ascii: "<");
 * otherwise the start of the value with "…" where it is cut. Returns the
 * cursor's column inside the field. */
struct lineedit;
int ui_put_field(int y, int x, int w, struct lineedit *le, bool focused, int attr, bool ascii);
void ui_title(struct app *a, const char *left, const char *right);
void ui_keybar(struct app *a, const struct ui_binding *keys);
void ui_statusline(struct app *a);
/* "Terminal too small" when under 80x24; true when that was drawn. */
bool ui_too_small(struct app *a);
void ui_box(int y, int x, int h, int w, int attr, const char *title, bool ascii);

/* describe.c: a record's name and a second detail that tells namesakes
 * apart (birth year and unit, date and place, village); values as the forms
 * show them. */
void describe_record(struct app *a, const struct record *r, char *name, size_t nsize,
    char *detail, size_t dsize);
/* "Delete 'name' (detail) with 7 members and 26 activities?" into q (what goes
 * with it: store_delete_plan); the name into name. false: it cannot be deleted
 * (a village with live teams), q says why. */
bool describe_delete_question(struct app *a, const struct record *r, char *q, size_t qsize,
    char *name, size_t nsize);

/* dupes.c: before person r is saved (base: the version the form opened,
 * NULL for a new record), the likely duplicates (dupes.h) in a box, when
 * there are any (for an edit, only when its name, year, phone or unit
 * changed): 1 to save, 0 not (the user went back to the form, or opened a
 * candidate, which is pushed above form, kept as a draft). */
int dupes_ask(struct app *a, struct screen *form, const struct record *r,
    const struct record *base);

/* chart.c: a bar of w cells for value out of max; monthly columns, two cells
 * each, scaled to the largest. Block characters, or ASCII when a->ascii. */
void chart_hbar(struct app *a, int y, int x, int w, double value, double max, int attr);
void chart_columns(struct app *a, int y, int x, const double *v, int n, int attr);

/* Screens. */
struct screen *home_new(struct app *a);
/* A list of records of kind k, optionally those belonging to parent_id. */
struct screen *list_new(struct app *a, const struct kind *k, const char *parent_id,
    const char *parent_name);
/* A record's form: id NULL for a new record (parent preset when given). */
struct screen *edit_new(struct app *a, const struct kind *k, const char *id,
    const char *parent_id);
/* A form reopened from a draft saved earlier. */
struct screen *edit_from_draft(struct app *a, const struct draft_row *d);
struct screen *help_new(struct app *a, struct screen *about);
struct screen *transfer_new(struct app *a);
struct screen *tasks_new(struct app *a);
struct screen *reports_new(struct app *a);
struct screen *dashboard_new(struct app *a);
struct screen *audit_new(struct app *a);
/* The recycle bin (bin.c). */
struct screen *bin_new(struct app *a);
/* The approved periods of units; approve, reopen (approve.c). */
struct screen *approve_new(struct app *a);
/* The home unit's official paper settings (paper-ui.c). */
struct screen *paper_ui_new(struct app *a);
/* What the office above rejected or holds in conflict (remarks.c). */
struct screen *remarks_new(struct app *a);
/* edit-note.c: a form (edit_new's) shows note on its status line while no
 * other message is showing (error: in the error colour). */
void edit_note(struct screen *form, const char *note, bool error);
/* The office's values of a conflicting record laid over the form's (they
 * show as changes: F2 saves them); how many fields changed, -1 on error
 * (said on the status line). */
int edit_take_office_values(struct screen *form, struct app *a);
/* transfer-receipt.c: takes in a receipt from the office above, chosen as a
 * file; the summary into last (size bytes). */
void transfer_receipt(struct app *a, char *last, size_t size);

/* pick.c: what the pickers (pick*.c) share. Their keys: F1 and Ctrl-G help,
 * Enter/F2 choose, Space ticks, F10/Esc go back, the arrows move. */
extern const struct ui_binding pick_keys[];
/* The box every picker draws in, over the screen below it: centred, at most
 * the screen less a margin. */
void pick_frame(struct screen *s, struct app *a, int want_h, int want_w, const char *title,
    int *y, int *x, int *h, int *w);
/* The first of `rows` lines shown so that line sel is in sight. */
int pick_first(int sel, int first, int rows);
/* true when code is among the ';'-separated codes of v. */
bool pick_has(const char *v, const char *code);
/* Adds s to a ';'-separated list. */
int pick_append(struct tbuf *out, const char *s);
/* Leaving a box: when changed, asks whether to keep the changes (yes: *keep
 * true). 1 when the box closes, 0 when the user goes back to it. */
int pick_leave(struct app *a, bool changed, bool *keep);
/* Menus and the counts box: a letter typed (appended to typed, size bytes)
 * seeks the item whose folded text starts with the letters typed, at any
 * word; the item to select (sel when none fits). */
int pick_seek(char *typed, size_t size, int key, int sel, int n,
    const char *(*item)(const void *ctx, int i), const void *ctx);
/* A picker's screen: name "pick", keys pick_keys, run modally (freed by the caller). */
void pick_screen(struct screen *s, void (*draw)(struct screen *, struct app *),
    int (*key)(struct screen *, struct app *, int), const char *help);

/* A menu in a box: the index chosen, or -1 when the user went back. */
int pick_menu(struct app *a, const char *title, const char *const *items, int n, int sel);
/* The same with lines of information above the choices. */
int pick_menu_info(struct app *a, const char *title, const char *const *info, int ninfo,
    const char *const *items, int n);
/* The home unit or one of the units below it. */
bool pick_unit(struct app *a, const char *current, char out[8]);
/* Choosing: returns true with the chosen value(s) in out (canonical). */
bool pick_choice(struct app *a, const struct form_field *ff, const char *current,
    struct tbuf *out);
bool pick_record(struct app *a, const struct kind *k, const char *parent_id,
    bool multi, const char *current, struct tbuf *out);
bool pick_counts(struct app *a, const struct form_field *ff, const char *current,
    struct tbuf *out);
bool pick_text(struct app *a, const char *title, const char *current, struct tbuf *out);
/* Several lines (a note); max_chars 0 = no limit. */
bool pick_note(struct app *a, const char *title, const char *current, size_t max_chars,
    struct tbuf *out);
/* The same for a form's field: Tab (Shift-Tab) keeps the note and is given
 * back to the form, which moves on. */
bool pick_note_field(struct app *a, const char *title, const char *current, size_t max_chars,
    struct tbuf *out);

/* roster.c: a training's class list and an activity's members present. */
/* F11 on a list or form of kind k (training, participant: the record r, or
 * the list's parent): the training's class list. */
void ui_roster_open(struct app *a, const struct kind *k, const struct record *r,
    const char *parent_id);
/* The key-bar label of F11 on kind k (untranslated), NULL where it does nothing. */
const char *ui_roster_label(const struct kind *k);
/* The members of a team present (';'-separated ids in current and out),
 * chosen on the roster; false when the user went back. */
bool ui_roster_present(struct app *a, const char *team_id, const char *current,
    struct tbuf *out);

/* screen.c: a new screen of size bytes (a struct beginning with its struct
 * screen), zeroed, with proto's name, callbacks, key table and help (free
 * NULL: a screen that holds nothing but itself); NULL when memory runs out. */
void *ui_screen_new(size_t size, const struct screen *proto);

#endif

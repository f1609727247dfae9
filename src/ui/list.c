/* list: records of one kind, a page at a time (the pager: keyset paging, the
 * screen holds only the rows it shows), with incremental search that ignores
 * case and diacritics, sortable columns and filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/pager.h"
#include "socds/period.h"
#include "socds/store-query.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/text.h"

#define LIST_MAX_ROWS 256
#define LIST_MAX_COLS 8
#define LIST_COUNT_LIMIT 500

/* Only keys that type nothing: a letter or a digit starts a search (as mc's
 * quick search does), so that "dong" typed on a list finds "Đồng". */
static const struct ui_binding list_base_keys[] = {
	UI_KEYS_USE(ui_keys_help),
	{ UI_KEY(KEY_F(3)), ACT_SEARCH, "F3", N_("Find"), NULL },
	{ '/', ACT_SEARCH, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(4)), ACT_FILTER, "F4", N_("Filter"), NULL },
	{ UI_CTRL('f'), ACT_FILTER, NULL, NULL, NULL },	/* where F4 does not pass */
	{ UI_KEY(KEY_F(5)), ACT_SUB1, "F5", NULL, NULL },
	{ UI_KEY(KEY_F(6)), ACT_SUB2, "F6", NULL, NULL },
	{ UI_CTRL('o'), ACT_SUB1, NULL, NULL, NULL },	/* where F5/F6 do not pass */
	{ UI_CTRL('p'), ACT_SUB2, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(7)), ACT_NEW, "F7", N_("New"), NULL },
	{ UI_KEY(KEY_IC), ACT_NEW, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(8)), ACT_DELETE, "F8", N_("Delete"), NULL },
	{ UI_KEY(KEY_DC), ACT_DELETE, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(9)), ACT_SORT, "F9", N_("Sort"), NULL },
	{ UI_KEY(KEY_F(11)), ACT_ROSTER, "F11", NULL, NULL },	/* labelled where it works */
	{ UI_CTRL('r'), ACT_ROSTER, NULL, NULL, NULL },
	UI_KEYS_USE(ui_keys_esc),
	{ UI_CTRL('q'), ACT_QUIT, NULL, NULL, NULL },
	{ '\r', ACT_OPEN, NULL, NULL, NULL },
	{ '\n', ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_ENTER), ACT_OPEN, NULL, NULL, NULL },
	UI_KEYS_USE(ui_keys_arrows),
	UI_KEYS_END,
};
#define LIST_NKEYS (sizeof list_base_keys / sizeof list_base_keys[0])

struct listscr {
	struct screen s;
	struct ui_binding keys[LIST_NKEYS];
	const struct kind *k;
	const struct form *f;
	const struct form_field *cols[LIST_MAX_COLS];
	int ncols;
	int w[LIST_MAX_COLS];		/* their widths as drawn (list_widths) */
	bool unit_col;			/* an office above communes: show whose record it is */
	int sortcol;			/* index into cols, -1 = usual order */
	bool desc;
	char parent_id[UUID_STR_LEN];
	char parent_name[160];
	const struct kind *sub[2];	/* lists reached with F5 / F6 */
	/* filters */
	struct lineedit search;
	bool searching;
	char unit[8];
	char unit_name[160];		/* unit's, read when chosen ("": unknown) */
	char village_id[UUID_STR_LEN];
	char village_name[160];
	struct period period;
	struct pager pg;		/* the page */
	struct tbuf tb;
	char cell[256];			/* a cell list_cell makes */
	/* What the search looks at: the columns shown (form_search_cols). */
	struct search_col scols[SEARCH_MAX_COLS];
	struct tbuf scodes[SEARCH_MAX_COLS];
};

static void
list_query(struct listscr *l, struct app *a, struct store_query *q)
{
	memset(q, 0, sizeof *q);
	q->kind = l->k;
	q->within = a->home.code;
	q->unit = l->unit[0] ? l->unit : NULL;
	q->parent_id = l->parent_id[0] ? l->parent_id : NULL;
	q->village_id = l->village_id[0] ? l->village_id : NULL;
	q->search = l->search.len ? l->search.buf : NULL;
	/* The search covers the columns the list shows, and nothing else. */
	if (q->search != NULL && l->ncols > 0) {
		int n = form_search_cols(l->k, l->cols, l->ncols, q->search, l->scols, l->scodes);
		q->search_cols = l->scols;
		q->search_n = n > 0 ? n : 0;
		q->search_unit = l->unit_col;
	}
	q->from = l->period.from[0] ? l->period.from : NULL;
	q->to = l->period.to[0] ? l->period.to : NULL;
	q->sort = l->sortcol >= 0 ? l->cols[l->sortcol]->col : -1;
	q->desc = l->desc;
	/* While typing, "500+" is enough and costs 500 rows at most. */
	q->count_limit = q->search != NULL ? LIST_COUNT_LIMIT : 0;
}

/* Reads the page if it changed (a move, a new query, a resize). */
static void
list_load(struct listscr *l, struct app *a)
{
	struct store_query q;
	struct err e = { 0 };

	list_query(l, a, &q);
	if (pager_load(&l->pg, &q, LINES - 5, &e) != 0)
		ui_error(a, &e);
}

static void
list_move(struct listscr *l, struct app *a, enum pager_move m)
{
	struct store_query q;
	struct err e = { 0 };

	list_query(l, a, &q);
	if (pager_move(&l->pg, &q, m, &e) != 0)
		ui_error(a, &e);
}

/* The text of cell (row, column): values as the form shows them,
 * references by the name of what they point to (read with the page),
 * several records by their number, counts by their total, several choices
 * by the first one's label with how many more in tail (" +2"). */
static const char *
list_cell(struct listscr *l, int row, const struct form_field *ff, char tail[16])
{
	const char *v = l->pg.rows[row].val[ff->col], *name;
	long long n = 0;

	if (v == NULL)
		return ff->type == FIELD_COUNTS ? "0" : "";
	switch (ff->type) {
	case FIELD_REF:
		return (name = pager_name(&l->pg, row, ff->col)) != NULL ? name : v;
	case FIELD_REFS:
		n = *v != '\0';
		for (const char *p = v; *p; p++)
			n += *p == ';';
		break;
	case FIELD_COUNTS:
		/* "code=n;code=n", as the page reads it. */
		for (const char *p = strchr(v, '='); p != NULL; p = strchr(p + 1, '='))
			n += strtoll(p + 1, NULL, 10);
		break;
	case FIELD_MULTI: {
		size_t first = strcspn(v, ";");
		int more = 0;
		for (const char *p = v + first; *p; p++)
			more += *p == ';';
		if (more > 0)
			snprintf(tail, 16, " +%d", more);
		snprintf(l->cell, sizeof l->cell, "%.*s", (int)first, v);
		return form_format(ff, l->cell, &l->tb) == 0 ? l->tb.p : l->cell;
	}
	default:
		return form_format(ff, v, &l->tb) == 0 ? l->tb.p : v;
	}
	snprintf(l->cell, sizeof l->cell, "%lld", n);
	return l->cell;
}

#define LIST_UNIT_W 12
#define LIST_MIN_W 6

/* The title, and the search and filter line. */
static void
list_draw_top(struct listscr *l, struct app *a)
{
	char line[512], right[64];
	const char *title = l->f != NULL ? i18n_pick(l->f->title_vi, l->f->title_en) : l->k->name;
	int x, sw = 24;

	snprintf(line, sizeof line, "%s — %s", title, l->parent_name[0] ? l->parent_name :
	    a->home.name);
	snprintf(right, sizeof right, "%lld%s", (long long)l->pg.total,
	    l->search.len > 0 && l->pg.total >= LIST_COUNT_LIMIT ? "+" : "");
	ui_title(a, line, right);

	x = ui_put(1, 0, COLS, _("Find: "), a->attr[R_LABEL] | A_BOLD, false);
	int cur = ui_put_field(1, x, sw, &l->search, l->searching, l->searching ?
	    a->attr[R_FOCUS] : a->attr[R_FIELD], a->ascii);
	if (l->searching) {
		l->s.cursor = true;
		l->s.cy = 1;
		l->s.cx = x + cur;
	}
	x += sw + 2;
	line[0] = '\0';
	if (l->unit[0] && l->unit_name[0])
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s: %s  ", _("Unit"),
		    l->unit_name);
	if (l->village_name[0])
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s: %s  ", _("Village"),
		    l->village_name);
	if (l->period.label[0])
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s: %s", _("Period"),
		    l->period.label);
	ui_put(1, x, COLS - x, line, a->attr[R_INFO], false);
}

/* The columns' widths on this terminal: the forms' widths, the widest
 * narrowed first while they do not all fit (down to LIST_MIN_W), so that
 * the last columns are not pushed off by the unit column. */
static void
list_widths(struct listscr *l)
{
	int need = -1, room = COLS - 2 - (l->unit_col ? LIST_UNIT_W + 1 : 0);

	for (int c = 0; c < l->ncols; c++)
		need += (l->w[c] = l->cols[c]->list_width) + 1;
	while (need > room) {
		int widest = -1;
		for (int c = 0; c < l->ncols; c++)
			if (l->w[c] > LIST_MIN_W && (widest < 0 || l->w[c] > l->w[widest]))
				widest = c;
		if (widest < 0)
			break;
		l->w[widest]--;
		need--;
	}
}

/* One line of columns at y: the headers (row -1, with the sort mark) or a row. */
static void
list_draw_line(struct listscr *l, struct app *a, int y, int row, int attr)
{
	char head[256];
	int x = 1;

	ui_fill(y, 0, COLS, attr);
	if (l->unit_col) {
		ui_put(y, x, LIST_UNIT_W, row < 0 ? _("Unit") :
		    pager_unit(&l->pg, row), attr, false);
		x += LIST_UNIT_W + 1;
	}
	for (int c = 0; c < l->ncols && x < COLS; c++) {
		int w = l->w[c];
		if (c == l->ncols - 1 || x + w > COLS)
			w = COLS - x - 1;
		/* The mark goes first so that a narrow column still shows it. */
		if (row < 0)
			snprintf(head, sizeof head, "%s%s", c != l->sortcol ? "" : a->ascii ?
			    (l->desc ? "v " : "^ ") : (l->desc ? "▼ " : "▲ "), form_label(l->cols[c]));
		char tail[16] = "";
		const char *t = row < 0 ? head : list_cell(l, row, l->cols[c], tail);
		int tw = (int)strlen(tail);
		/* The tail stays whole: the label is cut before it. */
		if (tw > 0 && w > tw + 1)
			ui_put(y, x + ui_put(y, x, w - tw, t, attr, false), tw, tail, attr, false);
		else
			ui_put(y, x, w, t, attr, false);
		x += w + 1;
	}
}

/* After a form saved a record (a->saved_id), the highlight goes on its row:
 * on the page read again, else found by its key (the query with its id). */
static void
list_seek(struct listscr *l, struct app *a)
{
	struct store_query q;
	struct err e = { 0 };

	list_load(l, a);
	for (int i = 0; i < l->pg.n; i++)
		if (strcmp(l->pg.rows[i].id, a->saved_id) == 0) {
			l->pg.sel = i;
			return;
		}
	list_query(l, a, &q);
	if (pager_goto(&l->pg, &q, a->saved_id, &e) < 0)
		ui_error(a, &e);
}

static void
list_draw(struct screen *s, struct app *a)
{
	struct listscr *l = (struct listscr *)s;

	if (a->saved_id[0] != '\0' && a->top == s) {
		list_seek(l, a);
		a->saved_id[0] = '\0';
	}
	list_load(l, a);
	list_widths(l);
	list_draw_top(l, a);
	list_draw_line(l, a, 2, -1, a->attr[R_HEADER]);
	for (int i = 0; i < l->pg.n; i++)
		list_draw_line(l, a, 3 + i, i, i == l->pg.sel && !l->searching ?
		    a->attr[R_SELECTED] : i == l->pg.sel ? (int)A_BOLD : (int)A_NORMAL);
	if (l->pg.n == 0)
		ui_put(4, 2, COLS - 4, l->search.len || l->unit[0] || l->village_id[0] ||
		    l->period.label[0] ? _("Nothing matches. Esc clears the search; F4 changes the filter.")
		    : _("No records yet. Press F7 (or Ins) to add one."), a->attr[R_DIM], false);
}

static const char *
list_period_prompt(void)
{
	return _("Period (2026, 2026-Q3, 2026-11; empty = all)");
}

/* F4: unit, village, period, or clear. */
static void
list_filter(struct listscr *l, struct app *a)
{
	static const char *const what[] = { N_("Unit"), N_("Village"), N_("Period"),
		N_("Clear all filters") };
	struct tbuf out = { 0 };
	struct err e = { 0 };
	char opt[4][64];
	const char *items[4];
	int choice;

	for (int i = 0; i < 4; i++) {
		snprintf(opt[i], sizeof opt[i], "%s", _(what[i]));
		items[i] = opt[i];
	}
	choice = pick_menu(a, _("Filter"), items, 4, 0);
	switch (choice) {
	case 0: {
		char code[8];
		if (pick_unit(a, l->unit[0] ? l->unit : a->home.code, code)) {
			struct unit u;
			snprintf(l->unit, sizeof l->unit, "%s",
			    strcmp(code, a->home.code) == 0 ? "" : code);
			snprintf(l->unit_name, sizeof l->unit_name, "%s",
			    store_unit_get(a->store, code, &u, &e) == 0 ? u.name : "");
			pager_reset(&l->pg);
		}
		break;
	}
	case 1:
		if (pick_record(a, &record_kinds[KIND_VILLAGE], NULL, false, l->village_id, &out)) {
			snprintf(l->village_id, sizeof l->village_id, "%s", out.len ? out.p : "");
			store_record_name(a->store, &record_kinds[KIND_VILLAGE], l->village_id,
			    l->village_name, sizeof l->village_name, &e);
			pager_reset(&l->pg);
		}
		break;
	case 2:
		if (pick_text(a, list_period_prompt(), l->period.label, &out)) {
			if (out.len == 0)
				memset(&l->period, 0, sizeof l->period);
			else if (period_parse(out.p, &l->period, &e) != 0)
				ui_error(a, &e);
			pager_reset(&l->pg);
		}
		break;
	case 3:
		l->unit[0] = l->village_id[0] = l->village_name[0] = '\0';
		memset(&l->period, 0, sizeof l->period);
		lineedit_set(&l->search, "");
		pager_reset(&l->pg);
		break;
	default:
		break;
	}
	tbuf_free(&out);
}

static void
list_delete(struct listscr *l, struct app *a)
{
	char q[UI_STATUS_SIZE], name[640];
	struct err e = { 0 };
	const struct record *r;

	if (l->pg.n == 0)
		return;
	r = &l->pg.rows[l->pg.sel];
	if (!describe_delete_question(a, r, q, sizeof q, name, sizeof name)) {
		ui_message(a, true, "%s", q);
		return;
	}
	if (!ui_confirm(a, q))
		return;
	if (store_record_delete(a->store, l->k, r->id, r->version, &e) != 0) {
		ui_error(a, &e);
		return;
	}
	ui_message(a, false, _("Deleted '%s'."), name);
	pager_stale(&l->pg);
}

static void
list_sub(struct listscr *l, struct app *a, int which)
{
	char name[200];
	struct err e = { 0 };

	if (l->sub[which] == NULL || l->pg.n == 0)
		return;
	store_record_name(a->store, l->k, l->pg.rows[l->pg.sel].id, name, sizeof name, &e);
	ui_push(a, list_new(a, l->sub[which], l->pg.rows[l->pg.sel].id, name));
	pager_stale(&l->pg);	/* what belongs to a row may change its columns */
}

static int
list_search_key(struct listscr *l, int key)
{
	switch (key) {
	case 27:
		lineedit_set(&l->search, "");
		l->searching = false;
		break;
	case '\r': case '\n': case UI_KEY(KEY_ENTER): case UI_KEY(KEY_DOWN): case '\t':
		l->searching = false;
		return 0;
	case UI_KEY(KEY_BACKSPACE): case 127: case 8:
		lineedit_backspace(&l->search);
		break;
	case UI_KEY(KEY_DC):
		lineedit_delete(&l->search);
		break;
	case UI_KEY(KEY_LEFT):
		lineedit_left(&l->search);
		return 0;
	case UI_KEY(KEY_RIGHT):
		lineedit_right(&l->search);
		return 0;
	case UI_KEY(KEY_HOME): case UI_CTRL('a'):
		lineedit_home(&l->search);
		return 0;
	case UI_KEY(KEY_END): case UI_CTRL('e'):
		lineedit_end(&l->search);
		return 0;
	case UI_CTRL('u'):
		lineedit_kill_to_start(&l->search);
		break;
	default:
		if (key >= 0x110000 || lineedit_insert(&l->search, key) != 0)
			return 0;
	}
	/* Every keystroke searches again from the first match. */
	pager_reset(&l->pg);
	return 0;
}

static int
list_key(struct screen *s, struct app *a, int key)
{
	struct listscr *l = (struct listscr *)s;

	if (l->searching && key != UI_KEY(KEY_F(1)) && key != UI_KEY(KEY_F(10)))
		return list_search_key(l, key);
	a->status[0] = '\0';
	enum ui_action act = ui_lookup(l->keys, key);
	if (act == ACT_NONE && key > ' ' && key < 0x110000 && key != 127) {
		/* A letter or digit: a new search that starts with it. */
		lineedit_set(&l->search, "");
		l->searching = true;
		return list_search_key(l, key);
	}
	switch (act) {
	case ACT_UP: list_move(l, a, PAGER_UP); break;
	case ACT_DOWN: list_move(l, a, PAGER_DOWN); break;
	case ACT_PGUP: list_move(l, a, PAGER_PGUP); break;
	case ACT_PGDN: list_move(l, a, PAGER_PGDN); break;
	case ACT_HOME: list_move(l, a, PAGER_HOME); break;
	case ACT_END: list_move(l, a, PAGER_END); break;
	case ACT_SEARCH: l->searching = true; break;
	case ACT_FILTER: list_filter(l, a); break;
	case ACT_SORT:
		/* Each column up, then down, then the next; last the usual order. */
		if (l->sortcol >= 0 && !l->desc)
			l->desc = true;
		else {
			l->sortcol = l->sortcol + 1 >= l->ncols ? -1 : l->sortcol + 1;
			l->desc = false;
		}
		pager_reset(&l->pg);
		break;
	case ACT_NEW:
		ui_push(a, edit_new(a, l->k, NULL, l->parent_id[0] ? l->parent_id : NULL));
		pager_stale(&l->pg);
		break;
	case ACT_OPEN:
		if (l->pg.n > 0) {
			ui_push(a, edit_new(a, l->k, l->pg.rows[l->pg.sel].id, NULL));
			pager_stale(&l->pg);
		}
		break;
	case ACT_DELETE: list_delete(l, a); break;
	case ACT_SUB1: list_sub(l, a, 0); break;
	case ACT_SUB2: list_sub(l, a, 1); break;
	case ACT_ROSTER:
		ui_roster_open(a, l->k, l->pg.n > 0 ? &l->pg.rows[l->pg.sel] : NULL, l->parent_id);
		pager_stale(&l->pg);
		break;
	default: return ui_key_common(s, a, act);
	}
	return 0;
}

static void
list_free(struct screen *s)
{
	struct listscr *l = (struct listscr *)s;

	pager_free(&l->pg);
	lineedit_free(&l->search);
	tbuf_free(&l->tb);
	for (int i = 0; i < SEARCH_MAX_COLS; i++)
		tbuf_free(&l->scodes[i]);
	free(l);
}

static void list_free(struct screen *s);

struct screen *
list_new(struct app *a, const struct kind *k, const char *parent_id, const char *parent_name)
{
	struct listscr *l = calloc(1, sizeof *l);

	if (l == NULL)
		return NULL;
	l->k = k;
	l->f = forms_get(a->forms, k);
	if (pager_init(&l->pg, a->store, k, LIST_MAX_ROWS, true) != 0) {
		list_free(&l->s);
		return NULL;
	}
	l->sortcol = -1;
	lineedit_init(&l->search, "");
	l->search.max_chars = 60;
	if (parent_id != NULL)
		snprintf(l->parent_id, sizeof l->parent_id, "%s", parent_id);
	if (parent_name != NULL)
		snprintf(l->parent_name, sizeof l->parent_name, "%s", parent_name);
	const char *label[2];
	ui_sublists(k, l->sub, label);
	/* This list's key table: the base one, with the sub-lists it has. */
	memcpy(l->keys, list_base_keys, sizeof l->keys);
	for (size_t i = 0; i < LIST_NKEYS; i++) {
		int which = l->keys[i].act == ACT_SUB1 ? 0 : l->keys[i].act == ACT_SUB2 ? 1 : -1;
		if (which >= 0)
			l->keys[i].label = label[which];
		if (l->keys[i].act == ACT_ROSTER)
			l->keys[i].label = ui_roster_label(k);
	}
	l->unit_col = strcmp(a->home.level, "commune") != 0 && parent_id == NULL;
	if (l->unit_col && pager_unit_names(&l->pg) != 0) {
		list_free(&l->s);
		return NULL;
	}
	/* A record's own sub-list leaves out the column naming it (a team's
	 * activities, their team): the title names it, the others get the room. */
	int parent_col = parent_id != NULL && k->parent_col != NULL ?
	    record_col_index(k, k->parent_col) : -1;
	if (l->f != NULL)
		for (size_t i = 0; i < l->f->n && l->ncols < LIST_MAX_COLS; i++)
			if (l->f->fields[i].list_width > 0 && l->f->fields[i].col != parent_col)
				l->cols[l->ncols++] = &l->f->fields[i];
	/* References show the name of what they point to, read with the page. */
	for (int c = 0; c < l->ncols; c++)
		if (l->cols[c]->type == FIELD_REF && record_kind(l->cols[c]->ref) != NULL)
			pager_name_col(&l->pg, l->cols[c]->col, record_kind(l->cols[c]->ref));
	ui_screen_init(&l->s, "list", list_draw, list_key, list_free, l->keys,
	    N_("A list of records, a page at a time. Type a few letters or digits to find "
	    "records: the search looks at the columns the list shows, as they are shown (dates "
	    "as dd/mm/yyyy, choices by their labels, phone numbers by their digits), and case and "
	    "diacritics do not matter (\"dong\" finds \"Đồng\"); Esc clears it. Enter opens the "
	    "record, F7 or Ins adds one, F8 or Del deletes it together with what belongs to it (a "
	    "team's members and activities, a training's participants, a person's training "
	    "participations): the question names them and deletes nothing until you confirm. F9 "
	    "sorts by each column in turn, up then down; F4 filters by unit, village or period. "
	    "Arrows, PgUp/PgDn, Home/End move. F10 or Esc goes back."));
	return &l->s;
}

/* list: records of one kind, a page at a time from SQLite (keyset paging:
 * the screen holds only the rows it shows), with incremental search that
 * ignores case and diacritics, sortable columns and filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/period.h"
#include "socds/text.h"

#define LIST_MAX_ROWS 256
#define LIST_MAX_COLS 8
#define LIST_COUNT_LIMIT 500

static const struct ui_binding list_base_keys[] = {
	UI_KEYS_USE(ui_keys_help),
	{ UI_KEY(KEY_F(3)), ACT_SEARCH, "F3", N_("Find") , NULL },
	{ '/', ACT_SEARCH, NULL, NULL , NULL },
	{ UI_KEY(KEY_F(4)), ACT_FILTER, "F4", N_("Filter") , NULL },
	{ 'f', ACT_FILTER, NULL, NULL , NULL },
	{ UI_KEY(KEY_F(5)), ACT_SUB1, "F5", NULL , NULL },
	{ UI_KEY(KEY_F(6)), ACT_SUB2, "F6", NULL , NULL },
	{ UI_CTRL('o'), ACT_SUB1, NULL, NULL , NULL },	/* where F5/F6 do not pass */
	{ UI_CTRL('p'), ACT_SUB2, NULL, NULL , NULL },
	{ UI_KEY(KEY_F(7)), ACT_NEW, "F7", N_("New") , NULL },
	{ UI_KEY(KEY_IC), ACT_NEW, NULL, NULL , NULL },
	{ 'n', ACT_NEW, NULL, NULL , NULL },
	{ '+', ACT_NEW, NULL, NULL , NULL },
	{ UI_KEY(KEY_F(8)), ACT_DELETE, "F8", N_("Delete") , NULL },
	{ UI_KEY(KEY_DC), ACT_DELETE, NULL, NULL , NULL },
	{ 'd', ACT_DELETE, NULL, NULL , NULL },
	{ UI_KEY(KEY_F(9)), ACT_SORT, "F9", N_("Sort") , NULL },
	{ 's', ACT_SORT, NULL, NULL , NULL },
	{ 'r', ACT_REVERSE, NULL, NULL , NULL },
	UI_KEYS_USE(ui_keys_back),
	{ '\r', ACT_OPEN, NULL, NULL , NULL },
	{ '\n', ACT_OPEN, NULL, NULL , NULL },
	{ UI_KEY(KEY_ENTER), ACT_OPEN, NULL, NULL , NULL },
	UI_KEYS_USE(ui_keys_nav),
	{ 'g', ACT_HOME, NULL, NULL , NULL },
	{ 'G', ACT_END, NULL, NULL , NULL },
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
	char village_id[UUID_STR_LEN];
	char village_name[160];
	struct period period;
	/* the page */
	struct store_key top;
	bool have_top;
	struct record rows[LIST_MAX_ROWS];
	struct store_key keys_[LIST_MAX_ROWS];
	int n, sel, page;
	int64_t total;
	bool count_stale;
	struct tbuf tb;
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

struct list_fill {
	struct listscr *l;
	int max;
	struct store_key *last;	/* backward walks: only the furthest key matters */
	int got;
};

static int
list_take(const struct record *r, const struct store_key *key, void *arg)
{
	struct list_fill *f = arg;
	struct listscr *l = f->l;

	if (f->last != NULL) {
		*f->last = *key;
		f->got++;
		return 0;
	}
	if (l->n >= f->max)
		return 1;
	struct record *dst = &l->rows[l->n];
	dst->kind = r->kind;
	memcpy(dst->id, r->id, sizeof dst->id);
	memcpy(dst->unit_code, r->unit_code, sizeof dst->unit_code);
	dst->version = r->version;
	for (int i = 0; i < r->kind->ncols; i++)
		record_set(dst, i, r->val[i]);
	l->keys_[l->n] = *key;
	l->n++;
	return 0;
}

/* Walks `count` rows back from `from` (exclusive; NULL: from the end) and
 * returns how many there were; *key gets the furthest one. */
static int
list_back(struct listscr *l, struct app *a, const struct store_key *from, int count,
    struct store_key *key)
{
	struct store_query q;
	struct list_fill f = { l, 0, key, 0 };
	struct err e = { 0 };

	list_query(l, a, &q);
	if (store_query_page(a->store, &q, from, false, true, count, list_take, &f, &e) < 0) {
		ui_error(a, &e);
		return 0;
	}
	return f.got;
}

/* Reads the page that starts at top, filling the screen from the end when
 * the rows run out before it does. */
static void
list_load(struct listscr *l, struct app *a)
{
	struct store_query q;
	struct list_fill f = { l, l->page, NULL, 0 };
	struct err e = { 0 };

	l->n = 0;
	list_query(l, a, &q);
	if (l->count_stale) {
		if (store_query_count(a->store, &q, &l->total, &e) != 0)
			ui_error(a, &e);
		l->count_stale = false;
	}
	if (store_query_page(a->store, &q, l->have_top ? &l->top : NULL, true, false, l->page,
	    list_take, &f, &e) < 0) {
		ui_error(a, &e);
		return;
	}
	if (l->n < l->page && l->have_top) {
		struct store_key k;
		int more = list_back(l, a, &l->top, l->page - l->n, &k);
		if (more > 0) {
			l->top = k;
			l->n = 0;
			f.max = l->page;
			store_query_page(a->store, &q, &l->top, true, false, l->page, list_take, &f, &e);
			l->sel += more;
		}
	}
	if (l->n > 0) {
		l->top = l->keys_[0];
		l->have_top = true;
	}
	if (l->sel >= l->n)
		l->sel = l->n > 0 ? l->n - 1 : 0;
}

static void
list_reset(struct listscr *l)
{
	l->have_top = false;
	l->sel = 0;
	l->count_stale = true;
}

/* The text of cell (row, column): values as the form shows them, references
 * by the name of what they point to. */
static const char *
list_cell(struct listscr *l, struct app *a, const struct record *r, const struct form_field *ff)
{
	static char name[200];
	const char *v = r->val[ff->col];
	struct err e = { 0 };

	if (v == NULL)
		return "";
	if (ff->type == FIELD_REF) {
		const struct kind *rk = record_kind(ff->ref);
		if (rk != NULL && store_record_name(a->store, rk, v, name, sizeof name, &e) == 0)
			return name;
		return v;
	}
	if (ff->type == FIELD_REFS) {
		int n = 1;
		for (const char *p = v; *p; p++)
			n += *p == ';';
		snprintf(name, sizeof name, "%d", n);
		return name;
	}
	if (form_format(ff, v, &l->tb) == 0)
		return l->tb.p;
	return v;
}

#define LIST_UNIT_W 12

/* A unit's name without its kind ("Xã Cát Tiến" -> "Cát Tiến"): the column is narrow. */
static const char *
list_unit_name(struct app *a, const char *code)
{
	static struct unit u;
	struct err e = { 0 };
	size_t kl;

	if (strcmp(u.code, code) != 0 && store_unit_get(a->store, code, &u, &e) != 0)
		return code;
	kl = strlen(u.kind);
	if (strncmp(u.name, u.kind, kl) == 0 && u.name[kl] == ' ')
		return u.name + kl + 1;
	return u.name;
}

static void
list_draw(struct screen *s, struct app *a)
{
	struct listscr *l = (struct listscr *)s;
	char line[512], right[64];
	const char *title = l->f != NULL ? i18n_pick(l->f->title_vi, l->f->title_en) : l->k->name;
	int x, y;

	l->page = LINES - 5;
	if (l->page > LIST_MAX_ROWS)
		l->page = LIST_MAX_ROWS;
	list_load(l, a);

	if (l->parent_name[0])
		snprintf(line, sizeof line, "%s — %s", title, l->parent_name);
	else
		snprintf(line, sizeof line, "%s — %s", title, a->home.name);
	if (l->search.len > 0 && l->total >= LIST_COUNT_LIMIT)
		snprintf(right, sizeof right, "%lld+", (long long)l->total);
	else
		snprintf(right, sizeof right, "%lld", (long long)l->total);
	ui_title(a, line, right);

	/* The search and filter line. */
	x = ui_put(1, 0, COLS, _("Find: "), a->attr[R_LABEL] | A_BOLD, false);
	int sw = 24;
	int cur = ui_put_field(1, x, sw, &l->search, l->searching, l->searching ?
	    a->attr[R_FOCUS] : a->attr[R_FIELD], a->ascii);
	if (l->searching) {
		s->cursor = true;
		s->cy = 1;
		s->cx = x + cur;
	}
	x += sw + 2;
	line[0] = '\0';
	if (l->unit[0]) {
		struct unit u;
		struct err e = { 0 };
		if (store_unit_get(a->store, l->unit, &u, &e) == 0)
			snprintf(line + strlen(line), sizeof line - strlen(line), "%s: %s  ",
			    _("Unit"), u.name);
	}
	if (l->village_name[0])
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s: %s  ", _("Village"),
		    l->village_name);
	if (l->period.label[0])
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s: %s", _("Period"),
		    l->period.label);
	ui_put(1, x, COLS - x, line, a->attr[R_INFO], false);

	/* Column headers, with the sort mark. */
	y = 2;
	x = 1;
	ui_fill(y, 0, COLS, a->attr[R_HEADER]);
	if (l->unit_col) {
		ui_put(y, x, LIST_UNIT_W, _("Unit"), a->attr[R_HEADER], false);
		x += LIST_UNIT_W + 1;
	}
	for (int c = 0; c < l->ncols; c++) {
		int w = l->cols[c]->list_width;
		if (c == l->ncols - 1 || x + w > COLS)
			w = COLS - x - 1;
		/* The mark goes first so that a narrow column still shows it. */
		snprintf(line, sizeof line, "%s%s", c != l->sortcol ? "" :
		    a->ascii ? (l->desc ? "v " : "^ ") : (l->desc ? "▼ " : "▲ "), form_label(l->cols[c]));
		ui_put(y, x, w, line, a->attr[R_HEADER], false);
		x += w + 1;
		if (x >= COLS)
			break;
	}
	/* The rows. */
	for (int i = 0; i < l->n; i++) {
		int attr = i == l->sel && !l->searching ? a->attr[R_SELECTED] :
		    i == l->sel ? (int)A_BOLD : (int)A_NORMAL;
		y = 3 + i;
		ui_fill(y, 0, COLS, attr);
		x = 1;
		if (l->unit_col) {
			ui_put(y, x, LIST_UNIT_W, list_unit_name(a, l->rows[i].unit_code), attr, false);
			x += LIST_UNIT_W + 1;
		}
		for (int c = 0; c < l->ncols; c++) {
			int w = l->cols[c]->list_width;
			if (c == l->ncols - 1 || x + w > COLS)
				w = COLS - x - 1;
			ui_put(y, x, w, list_cell(l, a, &l->rows[i], l->cols[c]), attr, false);
			x += w + 1;
			if (x >= COLS)
				break;
		}
	}
	if (l->n == 0)
		ui_put(4, 2, COLS - 4, l->search.len || l->unit[0] || l->village_id[0] ||
		    l->period.label[0] ? _("Nothing matches. Esc clears the search; F4 changes the filter.")
		    : _("No records yet. Press F7 (or n) to add one."), a->attr[R_DIM], false);
}

static void
list_down(struct listscr *l, struct app *a)
{
	if (l->sel < l->n - 1) {
		l->sel++;
		return;
	}
	if (l->n < l->page)
		return;
	/* One row further: the second row becomes the first. */
	l->top = l->keys_[1 < l->n ? 1 : 0];
	(void)a;
}

static void
list_up(struct listscr *l, struct app *a)
{
	struct store_key k;

	if (l->sel > 0) {
		l->sel--;
		return;
	}
	if (l->have_top && list_back(l, a, &l->top, 1, &k) == 1)
		l->top = k;
}

static void
list_pgdn(struct listscr *l, struct app *a)
{
	(void)a;
	if (l->n < l->page) {
		l->sel = l->n - 1;
		return;
	}
	l->top = l->keys_[l->n - 1];
	l->sel = 0;
}

static void
list_pgup(struct listscr *l, struct app *a)
{
	struct store_key k;
	int got;

	if (!l->have_top || (got = list_back(l, a, &l->top, l->page - 1, &k)) == 0) {
		l->sel = 0;
		return;
	}
	l->top = k;
}

static void
list_end(struct listscr *l, struct app *a)
{
	struct store_key k;

	if (list_back(l, a, NULL, l->page, &k) > 0) {
		l->top = k;
		l->have_top = true;
	}
	l->sel = LIST_MAX_ROWS;
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
			snprintf(l->unit, sizeof l->unit, "%s",
			    strcmp(code, a->home.code) == 0 ? "" : code);
			list_reset(l);
		}
		break;
	}
	case 1:
		if (pick_record(a, &record_kinds[KIND_VILLAGE], NULL, false, l->village_id, &out)) {
			snprintf(l->village_id, sizeof l->village_id, "%s", out.len ? out.p : "");
			store_record_name(a->store, &record_kinds[KIND_VILLAGE], l->village_id,
			    l->village_name, sizeof l->village_name, &e);
			list_reset(l);
		}
		break;
	case 2:
		if (pick_text(a, list_period_prompt(), l->period.label, &out)) {
			if (out.len == 0)
				memset(&l->period, 0, sizeof l->period);
			else if (period_parse(out.p, &l->period, &e) != 0)
				ui_error(a, &e);
			list_reset(l);
		}
		break;
	case 3:
		l->unit[0] = l->village_id[0] = l->village_name[0] = '\0';
		memset(&l->period, 0, sizeof l->period);
		lineedit_set(&l->search, "");
		list_reset(l);
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

	if (l->n == 0)
		return;
	r = &l->rows[l->sel];
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
	l->count_stale = true;
}

static void
list_sub(struct listscr *l, struct app *a, int which)
{
	char name[200];
	struct err e = { 0 };

	if (l->sub[which] == NULL || l->n == 0)
		return;
	store_record_name(a->store, l->k, l->rows[l->sel].id, name, sizeof name, &e);
	ui_push(a, list_new(a, l->sub[which], l->rows[l->sel].id, name));
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
		if (key >= 0x110000 || lineedit_insert(&l->search, (wchar_t)key) != 0)
			return 0;
	}
	/* Every keystroke searches again from the first match. */
	list_reset(l);
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
	switch (act) {
	case ACT_UP: list_up(l, a); break;
	case ACT_DOWN: list_down(l, a); break;
	case ACT_PGUP: list_pgup(l, a); break;
	case ACT_PGDN: list_pgdn(l, a); break;
	case ACT_HOME: list_reset(l); l->count_stale = false; break;
	case ACT_END: list_end(l, a); break;
	case ACT_SEARCH: l->searching = true; break;
	case ACT_FILTER: list_filter(l, a); break;
	case ACT_SORT:
		l->sortcol = l->sortcol + 1 >= l->ncols ? -1 : l->sortcol + 1;
		l->desc = false;
		list_reset(l);
		break;
	case ACT_REVERSE: l->desc = !l->desc; list_reset(l); break;
	case ACT_NEW:
		ui_push(a, edit_new(a, l->k, NULL, l->parent_id[0] ? l->parent_id : NULL));
		l->count_stale = true;
		break;
	case ACT_OPEN:
		if (l->n > 0) {
			ui_push(a, edit_new(a, l->k, l->rows[l->sel].id, NULL));
			l->count_stale = true;
		}
		break;
	case ACT_DELETE: list_delete(l, a); break;
	case ACT_SUB1: list_sub(l, a, 0); break;
	case ACT_SUB2: list_sub(l, a, 1); break;
	default: return ui_key_common(s, a, act);
	}
	return 0;
}

static void
list_free(struct screen *s)
{
	struct listscr *l = (struct listscr *)s;

	for (int i = 0; i < LIST_MAX_ROWS; i++)
		record_free(&l->rows[i]);
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
	/* The page's rows, allocated once: each load overwrites their values. */
	for (int i = 0; i < LIST_MAX_ROWS; i++)
		if (record_init(&l->rows[i], k) != 0) {
			list_free(&l->s);
			return NULL;
		}
	l->sortcol = -1;
	l->count_stale = true;
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
	}
	l->unit_col = strcmp(a->home.level, "commune") != 0 && parent_id == NULL;
	if (l->f != NULL)
		for (size_t i = 0; i < l->f->n && l->ncols < LIST_MAX_COLS; i++)
			if (l->f->fields[i].list_width > 0)
				l->cols[l->ncols++] = &l->f->fields[i];
	l->s.name = "list";
	l->s.draw = list_draw;
	l->s.key = list_key;
	l->s.free = list_free;
	l->s.keys = l->keys;
	l->s.help = N_("A list of records, a page at a time. Type / or F3 and a few letters to "
	    "find records: the search looks at the columns the list shows, as they are shown "
	    "(dates as dd/mm/yyyy, choices by their labels, phone numbers by their digits), and "
	    "case and diacritics do not matter (\"dong\" finds \"Đồng\"). Enter opens "
	    "the record, F7 or n adds one, F8 or d deletes it together with what belongs to it "
	    "(a team's members and activities, a training's participants, a person's training "
	    "participations): the question names them and deletes nothing until you confirm. "
	    "F9 or s changes the sort column and r reverses it, F4 filters by unit, village or period. Arrows, "
	    "PgUp/PgDn, Home/End move. F10, q or Esc goes back.");
	return &l->s;
}

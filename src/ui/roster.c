/* roster: a training's class list, or an activity's members present, in one
 * screen (as a CSPro roster or an ODK repeat group takes a class). A filter
 * line on top (name, team or unit, folded); below, the people a page at a
 * time from the store, ticked or not, with attended and certificate for a
 * class. F2 saves the whole class in one transaction (job-roster.h); a
 * pasted list of names is matched by folded name, the rest decided here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/job-roster.h"
#include "socds/lineedit.h"
#include "socds/store-record.h"

#define ROSTER_PAGE 64

enum {	/* this screen's own keys, looked up by key */
	RK_ATTENDED = 'a', RK_CERT = 'c',
};

static const struct ui_binding roster_keys[] = {
	UI_KEYS_USE(ui_keys_f1),
	{ UI_CTRL('g'), ACT_HELP, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(2)), ACT_SAVE, "F2", N_("Save"), NULL },
	{ UI_CTRL('s'), ACT_SAVE, NULL, NULL, NULL },
	{ '\t', ACT_SEARCH, "Tab", N_("Find/rows"), NULL },
	{ UI_KEY(KEY_BTAB), ACT_SEARCH, NULL, NULL, NULL },
	{ ' ', ACT_CHOOSE, "Spc", N_("Tick"), NULL },
	{ RK_ATTENDED, ACT_NONE, "a", N_("Attended"), NULL },
	{ RK_CERT, ACT_NONE, "c", N_("Certif."), NULL },
	{ UI_KEY(KEY_F(4)), ACT_FILTER, "F4", N_("Paste"), NULL },
	{ UI_KEY(KEY_F(5)), ACT_NEW, "F5", N_("Tick all"), NULL },
	UI_KEYS_USE(ui_keys_esc),
	{ UI_CTRL('q'), ACT_QUIT, NULL, NULL, NULL },
	UI_KEYS_USE(ui_keys_arrows),
	UI_KEYS_END,
};
#define ROSTER_NKEYS (sizeof roster_keys / sizeof roster_keys[0])

struct rosterscr {
	struct screen s;
	struct ui_binding keys[ROSTER_NKEYS];
	struct roster r;
	char title[240];
	struct lineedit filter;
	bool on_filter;		/* typing goes to the filter line */
	bool rows_first;	/* members present: on the rows when the team fits */
	/* The page: rows first..first+n of the filter's people. */
	struct store_person page[ROSTER_PAGE];
	int n;
	int64_t first, sel, total;
	int rows;		/* the page's height when it was read */
	bool stale;
	bool changed;
	/* Attendance (modal): the set given back to the form. */
	bool done;
	struct tbuf *out;
};

static int
roster_rows(void)
{
	int rows = LINES - 5;

	return rows > ROSTER_PAGE ? ROSTER_PAGE : rows;
}

/* The page and the count, read again when the filter or the place changed. */
static void
roster_load(struct rosterscr *rs, struct app *a)
{
	struct err e = { 0 };
	int rows = roster_rows();

	if (!rs->stale && rows == rs->rows)
		return;
	rs->stale = false;
	rs->rows = rows;
	if (roster_count(&rs->r, &rs->total, &e) != 0) {
		ui_error(a, &e);
		rs->total = 0;
	}
	/* A team on one screen is ticked from its rows at once (Space on the
	 * first, no Down); letters still go to the filter line. */
	if (rs->rows_first) {
		rs->rows_first = false;
		if (rs->total > 0 && rs->total <= rows)
			rs->on_filter = false;
	}
	if (rs->sel >= rs->total)
		rs->sel = rs->total > 0 ? rs->total - 1 : 0;
	if (rs->sel < rs->first)
		rs->first = rs->sel;
	if (rs->sel >= rs->first + rows)
		rs->first = rs->sel - rows + 1;
	if ((rs->n = roster_page(&rs->r, rs->first, rs->page, rows, &e)) < 0) {
		ui_error(a, &e);
		rs->n = 0;
	}
}

static const char *
roster_box(bool on)
{
	return on ? "[x]" : "[ ]";
}

static void
roster_draw_row(struct rosterscr *rs, struct app *a, int y, int i)
{
	const struct store_person *p = &rs->page[i];
	struct roster_entry *en = roster_entry(&rs->r, p->kind, p->id);
	bool ticked = en != NULL && en->ticked, cls = rs->r.mode == ROSTER_CLASS;
	bool sel = rs->first + i == rs->sel;
	int attr = sel && !rs->on_filter ? a->attr[R_SELECTED] : sel ? (int)A_BOLD : (int)A_NORMAL;
	int ww = COLS - 1 - 4 - 31 - 5 - (cls ? 10 : 0) - 1;

	ui_fill(y, 0, COLS, attr);
	ui_put(y, 1, 4, roster_box(ticked), attr, false);
	ui_put(y, 5, 30, p->name, attr, false);
	ui_put(y, 36, 5, p->birth_year, attr, false);
	ui_put(y, 41, ww, p->where, attr, false);
	if (cls && ticked) {
		ui_put(y, COLS - 10, 4, roster_box(en->attended), attr, false);
		ui_put(y, COLS - 5, 4, roster_box(en->certificate), attr, false);
	}
}

static void
roster_draw(struct screen *s, struct app *a)
{
	struct rosterscr *rs = (struct rosterscr *)s;
	char line[320];
	bool cls = rs->r.mode == ROSTER_CLASS;

	roster_load(rs, a);
	snprintf(line, sizeof line, "%s — %s%s", cls ? _("Class list") : _("Members present"),
	    rs->title, rs->changed ? " *" : "");
	ui_title(a, line, a->home.name);
	int x = ui_put(1, 0, COLS, _("Find: "), a->attr[R_LABEL] | A_BOLD, false);
	int cur = ui_put_field(1, x, 30, &rs->filter, rs->on_filter, rs->on_filter ?
	    a->attr[R_FOCUS] : a->attr[R_FIELD], a->ascii);
	s->cursor = rs->on_filter;
	s->cy = 1;
	s->cx = x + cur;
	snprintf(line, sizeof line, _("%zu ticked · %lld shown"), roster_ticked(&rs->r),
	    (long long)rs->total);
	ui_put(1, x + 32, COLS - x - 32, line, a->attr[R_INFO], false);
	ui_fill(2, 0, COLS, a->attr[R_HEADER]);
	ui_put(2, 5, 30, _("Full name"), a->attr[R_HEADER], false);
	ui_put(2, 36, 5, _("Born"), a->attr[R_HEADER], false);
	ui_put(2, 41, 20, cls ? _("Team / unit") : _("Team"), a->attr[R_HEADER], false);
	if (cls) {
		ui_put(2, COLS - 10, 5, _("Att."), a->attr[R_HEADER], false);
		ui_put(2, COLS - 5, 5, _("Cert."), a->attr[R_HEADER], false);
	}
	for (int i = 0; i < rs->n; i++)
		roster_draw_row(rs, a, 3 + i, i);
	if (rs->n == 0)
		ui_put(4, 2, COLS - 4, rs->filter.len > 0 ? _("Nobody matches the filter.") :
		    cls ? _("No staff or team members in this unit yet.") :
		    _("This team has no members yet."), a->attr[R_DIM], false);
}

static void
roster_move(struct rosterscr *rs, int64_t to)
{
	if (to >= rs->total)
		to = rs->total - 1;
	if (to < 0)
		to = 0;
	rs->sel = to;
	rs->stale = true;
}

/* The selected person, NULL when the page holds none. */
static const struct store_person *
roster_sel(struct rosterscr *rs)
{
	int64_t i = rs->sel - rs->first;

	return i >= 0 && i < rs->n ? &rs->page[i] : NULL;
}

/* Space, a, c: ticks the person or changes a mark (ticking first). */
static void
roster_mark(struct rosterscr *rs, struct app *a, int key)
{
	const struct store_person *p = roster_sel(rs);
	struct roster_entry *en;

	if (p == NULL)
		return;
	en = roster_entry(&rs->r, p->kind, p->id);
	if (key != ' ' && rs->r.mode != ROSTER_CLASS)
		return;
	if (en == NULL || !en->ticked || key == ' ') {
		if (roster_tick(&rs->r, p, en == NULL || !en->ticked) != 0) {
			ui_message(a, true, "%s", _("out of memory"));
			return;
		}
		rs->changed = true;
		if (key == ' ')
			return;
		en = roster_entry(&rs->r, p->kind, p->id);
	}
	if (key == RK_ATTENDED)
		en->attended = !en->attended;
	else
		en->certificate = !en->certificate;
	rs->changed = true;
}

static void
roster_refilter(struct rosterscr *rs, struct app *a)
{
	struct err e = { 0 };

	if (roster_filter(&rs->r, rs->filter.buf, &e) != 0)
		ui_error(a, &e);
	rs->first = rs->sel = 0;
	rs->stale = true;
}

/* A key on the filter line; false when it is not for the line. */
static bool
roster_filter_key(struct rosterscr *rs, struct app *a, int key)
{
	switch (key) {
	case UI_KEY(KEY_BACKSPACE): case 127: case 8: lineedit_backspace(&rs->filter); break;
	case UI_KEY(KEY_DC): lineedit_delete(&rs->filter); break;
	case UI_KEY(KEY_LEFT): lineedit_left(&rs->filter); return true;
	case UI_KEY(KEY_RIGHT): lineedit_right(&rs->filter); return true;
	case UI_CTRL('u'): lineedit_kill_to_start(&rs->filter); break;
	default:
		/* Space on an empty line ticks; between words it is typed. */
		if (key >= 0x110000 || key < 0x20 || (key == ' ' && rs->filter.len == 0) ||
		    lineedit_insert(&rs->filter, key) != 0)
			return false;
	}
	roster_refilter(rs, a);
	return true;
}

/* Enter on the filter line: the first match ticked, the line cleared for
 * the next name. */
static void
roster_filter_enter(struct rosterscr *rs, struct app *a)
{
	const struct store_person *p = roster_sel(rs);
	struct roster_entry *en;

	if (p == NULL)
		return;
	en = roster_entry(&rs->r, p->kind, p->id);
	if (en == NULL || !en->ticked) {
		if (roster_tick(&rs->r, p, true) != 0)
			return;
		rs->changed = true;
		ui_message(a, false, _("Ticked %s."), p->name);
	} else
		ui_message(a, false, _("%s is ticked already."), p->name);
	lineedit_set(&rs->filter, "");
	roster_refilter(rs, a);
}

/* F5: everyone the filter shows. */
static void
roster_tick_all(struct rosterscr *rs, struct app *a)
{
	struct err e = { 0 };
	int64_t added = 0;

	if (roster_tick_shown(&rs->r, &added, &e) != 0) {
		ui_error(a, &e);
		return;
	}
	rs->changed = rs->changed || added > 0;
	ui_message(a, false, _("Ticked %lld more."), (long long)added);
}

/* One pasted line left over: a namesake chosen, or skipped. */
static void
roster_decide(struct rosterscr *rs, struct app *a, const struct roster_line *ln, int nth, int of)
{
	char title[240], info0[240], opt[ROSTER_NAMESAKES][240];
	const char *items[ROSTER_NAMESAKES + 1], *info[1];
	int n = 0, choice;

	snprintf(title, sizeof title, "%s%s%s (%d/%d)", ln->name, ln->year[0] ? ", " : "",
	    ln->year, nth, of);
	if (ln->found > 1)
		snprintf(info0, sizeof info0, _("%d people have this name: choose one, or skip."),
		    ln->found);
	else if (ln->ncand > 0)
		snprintf(info0, sizeof info0, "%s", _("Nobody of this name was born that year;"
		    " people of this name:"));
	else
		snprintf(info0, sizeof info0, "%s", _("Nobody of this name among the people"
		    " listed here. Nothing is created: add them first if they are new."));
	info[0] = info0;
	for (; n < ln->ncand; n++) {
		snprintf(opt[n], sizeof opt[n], "%s, %s — %s", ln->cand[n].name,
		    ln->cand[n].birth_year[0] ? ln->cand[n].birth_year : "?", ln->cand[n].where);
		items[n] = opt[n];
	}
	items[n] = _("Skip");
	choice = pick_menu_info(a, title, info, 1, items, n + 1);
	if (choice >= 0 && choice < ln->ncand) {
		if (roster_tick(&rs->r, &ln->cand[choice], true) == 0)
			rs->changed = true;
	}
}

/* F4: names pasted (or a CSV file named), matched, the rest decided. */
static void
roster_paste_names(struct rosterscr *rs, struct app *a)
{
	struct tbuf text = { 0 };
	struct roster_paste res;
	struct err e = { 0 };

	if (!pick_note(a, _("Paste names, one a line (name;birth year), or a CSV file's path"),
	    "", 0, &text) || text.len == 0) {
		tbuf_free(&text);
		return;
	}
	if (roster_paste(&rs->r, text.p, &res, &e) != 0) {
		ui_error(a, &e);
		roster_paste_free(&res);
		tbuf_free(&text);
		return;
	}
	rs->changed = rs->changed || res.ticked > 0;
	for (size_t i = 0; i < res.nleft && !a->quit; i++)
		roster_decide(rs, a, &res.left[i], (int)i + 1, (int)res.nleft);
	ui_message(a, false, _("%d of %d names matched and ticked; %zu decided by hand."),
	    res.ticked, res.lines, res.nleft);
	roster_paste_free(&res);
	tbuf_free(&text);
	rs->stale = true;
}

/* F2: a class saved (asking once before participants are removed); an
 * attendance set given back. 1 when the screen closes. */
static int
roster_save_key(struct rosterscr *rs, struct app *a)
{
	struct err e = { 0 };
	int add, rem, chg;
	char q[UI_STATUS_SIZE];

	if (rs->r.mode == ROSTER_ATTENDANCE) {
		if (roster_present(&rs->r, rs->out, &e) != 0) {
			ui_error(a, &e);
			return 0;
		}
		rs->done = true;
		return 1;
	}
	roster_changes(&rs->r, &add, &rem, &chg);
	if (add + rem + chg == 0) {
		ui_message(a, false, "%s", _("Nothing changed."));
		return 1;
	}
	if (rem > 0) {
		snprintf(q, sizeof q, _("Remove %d participant(s) from the class (they go to the"
		    " deleted records)?"), rem);
		if (!ui_confirm(a, q))
			return 0;
	}
	if (roster_save(&rs->r, &e) != 0) {
		ui_error(a, &e);
		return 0;
	}
	ui_message(a, false, _("Class list saved: %d added, %d removed, %d changed."), add, rem,
	    chg);
	rs->changed = false;
	return 1;
}

static int
roster_key(struct screen *s, struct app *a, int key)
{
	struct rosterscr *rs = (struct rosterscr *)s;
	enum ui_action act = ui_lookup(s->keys, key);

	if (act != ACT_HELP)
		a->status[0] = '\0';
	bool enter = key == '\r' || key == '\n' || key == UI_KEY(KEY_ENTER);
	/* Members present replace a picker: Enter gives the set back as there
	 * (but on a name typed, it ticks). */
	if (enter && rs->r.mode == ROSTER_ATTENDANCE && (!rs->on_filter || rs->filter.len == 0))
		return roster_save_key(rs, a);
	if (rs->on_filter) {
		if (enter) {
			roster_filter_enter(rs, a);
			return 0;
		}
		if (act == ACT_DOWN) {
			rs->on_filter = false;
			return 0;
		}
		if ((act == ACT_NONE || key == RK_ATTENDED || key == RK_CERT || key == ' ') &&
		    roster_filter_key(rs, a, key))
			return 0;
	} else if (key == RK_ATTENDED || key == RK_CERT || key == '\r' || key == '\n' ||
	    key == UI_KEY(KEY_ENTER)) {
		roster_mark(rs, a, key == RK_ATTENDED || key == RK_CERT ? key : ' ');
		/* A mark moves on as Space does: one key a person down the list. */
		if ((key == RK_ATTENDED || key == RK_CERT) && rs->r.mode == ROSTER_CLASS)
			roster_move(rs, rs->sel + 1);
		return 0;
	} else if (act == ACT_NONE && key >= 0x20 && key < 0x110000) {
		/* Letters on the rows go to the filter line. */
		rs->on_filter = true;
		roster_filter_key(rs, a, key);
		return 0;
	}
	switch (act) {
	case ACT_UP:
		if (rs->sel == 0)
			rs->on_filter = true;
		roster_move(rs, rs->sel - 1);
		break;
	case ACT_DOWN: roster_move(rs, rs->sel + 1); break;
	case ACT_PGUP: roster_move(rs, rs->sel - roster_rows()); break;
	case ACT_PGDN: roster_move(rs, rs->sel + roster_rows()); break;
	case ACT_HOME: roster_move(rs, 0); break;
	case ACT_END: roster_move(rs, rs->total - 1); break;
	case ACT_SEARCH: rs->on_filter = !rs->on_filter; break;
	case ACT_CHOOSE:
		roster_mark(rs, a, ' ');
		roster_move(rs, rs->sel + 1);
		break;
	case ACT_NEW: roster_tick_all(rs, a); break;
	case ACT_FILTER: roster_paste_names(rs, a); break;
	case ACT_SAVE: return roster_save_key(rs, a);
	case ACT_QUIT:
		if (!rs->changed || ui_confirm(a, _("Discard your changes?")))
			a->quit = true;
		break;
	case ACT_BACK:
		/* Members present: asked as every picker asks. */
		if (rs->r.mode == ROSTER_ATTENDANCE) {
			bool keep = false;
			if (!pick_leave(a, rs->changed, &keep))
				break;
			return keep ? roster_save_key(rs, a) : 1;
		}
		if (rs->changed && !ui_confirm(a, _("Discard your changes?")))
			break;
		return 1;
	default:
		return ui_key_common(s, a, act);
	}
	return 0;
}

static void
roster_free_screen(struct screen *s)
{
	struct rosterscr *rs = (struct rosterscr *)s;

	roster_free(&rs->r);
	lineedit_free(&rs->filter);
	free(rs);
}

static struct rosterscr *
roster_screen(enum roster_mode mode)
{
	struct rosterscr *rs = calloc(1, sizeof *rs);

	if (rs == NULL)
		return NULL;
	memcpy(rs->keys, roster_keys, sizeof rs->keys);
	/* An attendance sheet has no marks but the tick. */
	for (size_t i = 0; mode == ROSTER_ATTENDANCE && i < ROSTER_NKEYS; i++)
		if (rs->keys[i].key == RK_ATTENDED || rs->keys[i].key == RK_CERT)
			rs->keys[i].label = NULL;
		else if (rs->keys[i].act == ACT_SAVE && rs->keys[i].label != NULL)
			rs->keys[i].label = N_("Done");
	ui_screen_init(&rs->s, "roster", roster_draw, roster_key, roster_free_screen, rs->keys,
	    N_("A class list (or the members present at an activity) in one screen. The filter "
	    "line on top narrows the people by name, team or unit, each word anywhere (case and "
	    "diacritics do not matter: \"dong\" finds \"Đồng\"); Enter there ticks the first "
	    "match and clears the line for the next name. Tab moves between the filter and the "
	    "rows. On the rows Space ticks or unticks, a marks attended, c marks a certificate, "
	    "each moving down; letters go back to the filter. Members present open on the rows "
	    "when the team fits on the screen, and Enter gives the ticked back to the form. F5 "
	    "ticks everyone the filter shows. F4 takes a pasted list of names (one a line, \"name;birth year\" or CSV rows, or the "
	    "path of a CSV file): one match is ticked, nobody found or namesakes are asked "
	    "about, nobody is created. F2 saves the whole class at once (unticked participants "
	    "are removed after one question); Esc leaves, asking first when something changed."));
	lineedit_init(&rs->filter, "");
	rs->filter.max_chars = 60;
	rs->on_filter = true;
	rs->stale = true;
	return rs;
}

/* A training's class list, pushed; NULL with the reason on the status line. */
static struct screen *
ui_roster_class(struct app *a, const char *training_id)
{
	struct rosterscr *rs = roster_screen(ROSTER_CLASS);
	struct err e = { 0 };

	if (rs == NULL)
		return NULL;
	if (roster_class(&rs->r, a->store, forms_get(a->forms, &record_kinds[KIND_PARTICIPANT]),
	    training_id, &e) != 0) {
		ui_error(a, &e);
		roster_free_screen(&rs->s);
		return NULL;
	}
	store_record_name(a->store, &record_kinds[KIND_TRAINING], training_id, rs->title,
	    sizeof rs->title, &e);
	return &rs->s;
}

bool
ui_roster_present(struct app *a, const char *team_id, const char *current, struct tbuf *out)
{
	struct rosterscr *rs;
	struct err e = { 0 };
	bool ok;

	if (team_id == NULL || *team_id == '\0') {
		ui_message(a, true, "%s", _("Choose the team first."));
		return false;
	}
	if ((rs = roster_screen(ROSTER_ATTENDANCE)) == NULL)
		return false;
	if (roster_attendance(&rs->r, a->store, team_id, current, &e) != 0) {
		ui_error(a, &e);
		roster_free_screen(&rs->s);
		return false;
	}
	store_record_name(a->store, &record_kinds[KIND_TEAM], team_id, rs->title,
	    sizeof rs->title, &e);
	rs->out = out;
	rs->rows_first = true;
	ui_modal(a, &rs->s);
	ok = rs->done;
	roster_free_screen(&rs->s);
	return ok;
}

const char *
ui_roster_label(const struct kind *k)
{
	return k == &record_kinds[KIND_TRAINING] || k == &record_kinds[KIND_PARTICIPANT] ?
	    N_("Class list") : NULL;
}

void
ui_roster_open(struct app *a, const struct kind *k, const struct record *r,
    const char *parent_id)
{
	const char *training = NULL;

	if (ui_roster_label(k) == NULL)
		return;
	if (parent_id != NULL && *parent_id)
		training = parent_id;
	else if (r != NULL && k == &record_kinds[KIND_TRAINING])
		training = r->id;
	else if (r != NULL)
		training = record_get(r, "training_id");
	if (training == NULL || *training == '\0') {
		ui_message(a, true, "%s", k == &record_kinds[KIND_TRAINING] ?
		    _("Save the training first (F2).") : _("Choose a training first."));
		return;
	}
	ui_push(a, ui_roster_class(a, training));
}

/* remarks: what the office above rejected or holds in conflict, from the
 * receipts taken in (issue 17), a page at a time from the store. Enter
 * opens the record's form with the office's reason on its status line; for
 * a conflict F3 (or o) shows the office's values beside ours and can copy
 * them into the form, which F2 then saves. A save clears the remark. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/store-record.h"
#include "socds/store-remark.h"

#define REMARK_ROWS 100		/* rows read from the store at a time */
#define REMARK_DETAIL 3		/* lines under the list: the selected remark whole */
#define REMARK_VALUES 14	/* lines of values compared in the box */

static const struct ui_binding remarks_keys[] = {
	UI_KEYS_USE(ui_keys_help),
	{ '\r', ACT_OPEN, "Enter", N_("Open"), NULL },
	{ '\n', ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_ENTER), ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(3)), ACT_CHOOSE, "F3", N_("Office's values"), NULL },
	{ 'o', ACT_CHOOSE, NULL, NULL, NULL },
	UI_KEYS_USE(ui_keys_arrows),
	UI_KEYS_USE(ui_keys_back),
	UI_KEYS_END,
};

/* A short word for each kind (the recycle bin's). */
static const char *const remark_kind_word[KIND_COUNT] = {
	[KIND_VILLAGE] = N_("Village"), [KIND_STAFF] = N_("Staff"),
	[KIND_TRAINING] = N_("Training"), [KIND_PARTICIPANT] = N_("Participant"),
	[KIND_TEAM] = N_("Team"), [KIND_MEMBER] = N_("Team member"),
	[KIND_ACTIVITY] = N_("Activity"), [KIND_TASK_PROGRESS] = N_("Task status"),
	[KIND_STATISTIC] = N_("Figure"),
};

struct remark_item {
	struct store_remark r;
	char name[200];		/* name and detail (date, place), as the lists tell them */
};

struct remarks {
	struct screen s;
	struct remark_item item[REMARK_ROWS];
	int n, sel, first;
	int64_t off;		/* the page's first row */
	int64_t stamp;		/* store_change_stamp when read */
};

static const char *
remarks_word(const struct kind *k)
{
	int i = k != NULL ? (int)(k - record_kinds) : -1;

	return i >= 0 && i < KIND_COUNT ? _(remark_kind_word[i]) : "?";
}

/* "name (detail)" of the record, its id when it is not here. */
static void
remarks_name(struct app *a, const struct store_remark *r, char *out, size_t size)
{
	struct record rec;
	struct err e = { 0 };
	char name[160] = "", detail[160] = "";

	snprintf(out, size, "%s", r->id);
	if (r->kind == NULL || record_init(&rec, r->kind) != 0)
		return;
	if (store_record_get(a->store, &rec, r->id, &e) == 0)
		describe_record(a, &rec, name, sizeof name, detail, sizeof detail);
	if (name[0] != '\0' && detail[0] != '\0')
		snprintf(out, size, "%s (%s)", name, detail);
	else if (name[0] != '\0')
		snprintf(out, size, "%s", name);
	record_free(&rec);
}

struct remarks_load {
	struct remarks *m;
	struct app *a;
};

static int
remarks_take(const struct store_remark *r, void *arg)
{
	struct remarks_load *l = arg;
	struct remark_item *it = &l->m->item[l->m->n++];

	it->r = *r;
	remarks_name(l->a, r, it->name, sizeof it->name);
	return l->m->n >= REMARK_ROWS;
}

static void
remarks_load(struct remarks *m, struct app *a)
{
	struct remarks_load l = { m, a };
	struct err e = { 0 };

	m->n = 0;
	m->stamp = store_change_stamp(a->store);
	/* remarks_take stops a full page: not an error. */
	if (store_remark_page(a->store, m->off, REMARK_ROWS, remarks_take, &l, &e) != 0 &&
	    e.code != 0)
		ui_error(a, &e);
	if (m->n == 0 && m->off > 0) {	/* fixed since: back to the first page */
		m->off = 0;
		store_remark_page(a->store, 0, REMARK_ROWS, remarks_take, &l, &e);
	}
	if (m->sel >= m->n)
		m->sel = m->n > 0 ? m->n - 1 : 0;
}

static const char *
remarks_outcome(const struct store_remark *r)
{
	return r->conflict ? _("Conflict") : _("Returned");
}

static void
remarks_draw(struct screen *s, struct app *a)
{
	struct remarks *m = (struct remarks *)s;
	int rows = LINES - 6 - REMARK_DETAIL, y = 3;
	/* Columns placed by screen position: Vietnamese headings are wider in bytes. */
	static const int col[] = { 1, 14, 44, 54 };
	const char *head[] = { _("What"), _("Record"), _("Outcome"), _("Office's reason") };

	if (store_change_stamp(a->store) != m->stamp)	/* a record saved: its remark may be gone */
		remarks_load(m, a);
	ui_title(a, _("Returned by the office above"), a->home.name);
	ui_fill(2, 0, COLS, a->attr[R_HEADER]);
	for (int c = 0; c < 4; c++)
		ui_put(2, col[c], c < 3 ? col[c + 1] - col[c] - 1 : COLS - col[c] - 1, head[c],
		    a->attr[R_HEADER], false);
	if (m->sel < m->first)
		m->first = m->sel;
	if (m->sel >= m->first + rows)
		m->first = m->sel - rows + 1;
	for (int i = m->first; i < m->n && y < 3 + rows; i++, y++) {
		const struct remark_item *it = &m->item[i];
		int attr = i == m->sel ? a->attr[R_SELECTED] : (int)A_NORMAL;
		const char *cell[] = { remarks_word(it->r.kind), it->name, remarks_outcome(&it->r),
			it->r.reason };
		ui_fill(y, 0, COLS, attr);
		for (int c = 0; c < 4; c++)
			ui_put(y, col[c], c < 3 ? col[c + 1] - col[c] - 1 : COLS - col[c] - 1, cell[c],
			    attr, false);
	}
	if (m->n == 0) {
		ui_put_wrapped(4, 2, COLS - 4, 3, _("Nothing returned: the office above accepted "
		    "every record of the receipts taken in so far."), a->attr[R_DIM]);
		return;
	}
	/* The selected remark whole: names and reasons are cut in the columns. */
	const struct remark_item *it = &m->item[m->sel];
	char whole[900];
	snprintf(whole, sizeof whole, "%s %s: %s", remarks_word(it->r.kind), it->name,
	    it->r.reason[0] ? it->r.reason : remarks_outcome(&it->r));
	ui_fill(LINES - 3 - REMARK_DETAIL, 0, COLS, a->attr[R_DIM]);
	ui_put_wrapped(LINES - 2 - REMARK_DETAIL, 1, COLS - 2, REMARK_DETAIL, whole, A_NORMAL);
}

/* The note the form keeps on its status line. */
static void
remarks_note(const struct store_remark *r, bool copied, char *note, size_t size)
{
	if (copied)
		snprintf(note, size, _("The office's values are on the form: F2 saves them and "
		    "settles the conflict (office's reason: %s)."), r->reason);
	else if (r->conflict)
		snprintf(note, size, _("Conflict with the office above (its version %lld): %s. "
		    "Fix and save (F2), or take its values with F3 on the list."),
		    (long long)r->office_version, r->reason);
	else
		snprintf(note, size, _("Returned by the office above: %s. Fix and save (F2)."),
		    r->reason);
}

/* A record deleted here has no form: the office returned its deletion
 * (true, said on the status line). */
static bool
remarks_deleted(struct app *a, const struct store_remark *r)
{
	struct record rec;
	struct err e = { 0 };
	bool deleted;

	if (record_init(&rec, r->kind) != 0)
		return false;
	deleted = store_record_get(a->store, &rec, r->id, &e) == 0 && rec.deleted;
	record_free(&rec);
	if (deleted)
		ui_message(a, true, _("This record was deleted here; the office above returned the "
		    "deletion: %s. To keep the record, restore it from the recycle bin (b on the home "
		    "screen)."), r->reason);
	return deleted;
}

static void
remarks_open(struct remarks *m, struct app *a, bool office_values)
{
	const struct store_remark *r;
	struct screen *f;
	char note[UI_STATUS_SIZE];
	int n = 0;

	if (m->n == 0)
		return;
	r = &m->item[m->sel].r;
	if (r->kind == NULL) {
		ui_message(a, true, _("%s: a kind of record this socds does not know."), r->id);
		return;
	}
	if (remarks_deleted(a, r))
		return;
	if ((f = edit_new(a, r->kind, r->id, NULL)) == NULL)
		return;	/* edit_new said why */
	if (office_values && (n = edit_take_office_values(f, a)) < 0) {
		f->free(f);
		return;
	}
	remarks_note(r, office_values, note, sizeof note);
	edit_note(f, note, true);
	ui_push(a, f);
	if (office_values && n == 0)
		ui_message(a, false, "%s", _("The form already holds the office's values: F2 saves"
		    " them and settles the conflict."));
}

/* One field in the box: "label: ours | the office's". */
static void
remarks_value_line(struct app *a, const struct form_field *ff, const char *ours,
    const char *theirs, char *line, size_t size)
{
	const char *v[2] = { ours, theirs };
	char shown[2][160];
	struct tbuf tb = { 0 };
	struct err e = { 0 };

	for (int i = 0; i < 2; i++) {
		const struct kind *rk = ff->type == FIELD_REF ? record_kind(ff->ref) : NULL;
		if (v[i] == NULL || *v[i] == '\0')
			snprintf(shown[i], sizeof shown[i], "%s", _("(empty)"));
		else if (rk != NULL && store_record_name(a->store, rk, v[i], shown[i],
		    sizeof shown[i], &e) == 0)
			;
		else if (form_format(ff, v[i], &tb) == 0)
			snprintf(shown[i], sizeof shown[i], "%s", tb.p);
		else
			snprintf(shown[i], sizeof shown[i], "%s", v[i]);
	}
	tbuf_free(&tb);
	snprintf(line, size, "%s: %s | %s", form_label(ff), shown[0], shown[1]);
}

/* F3 on a conflict: the fields where the office's values differ from ours,
 * then copy them into the form, or go back. */
static void
remarks_values(struct remarks *m, struct app *a)
{
	const struct store_remark *r;
	const struct form *f;
	struct record ours, theirs;
	struct err e = { 0 };
	char lines[REMARK_VALUES + 2][600];
	const char *info[REMARK_VALUES + 2], *items[2];
	int n = 0, ni = 0;

	if (m->n == 0)
		return;
	r = &m->item[m->sel].r;
	if (!r->conflict || !r->has_values || r->kind == NULL) {
		ui_message(a, true, "%s", _("Only a conflict comes with the office's values; fix "
		    "this record on its form (Enter)."));
		return;
	}
	if ((f = forms_get(a->forms, r->kind)) == NULL || record_init(&ours, r->kind) != 0)
		return;
	if (record_init(&theirs, r->kind) != 0) {
		record_free(&ours);
		return;
	}
	if (store_record_get(a->store, &ours, r->id, &e) != 0 ||
	    store_record_get(a->store, &theirs, r->id, &e) != 0 ||
	    store_remark_office_values(a->store, r->id, &theirs, &n, &e) != 0) {
		ui_error(a, &e);
		goto out;
	}
	snprintf(lines[ni], sizeof lines[0], "%s", _("(field: here | the office above)"));
	info[ni] = lines[ni];
	ni++;
	for (size_t i = 0; i < f->n && ni < REMARK_VALUES + 1; i++) {
		const struct form_field *ff = &f->fields[i];
		const char *o = ours.val[ff->col], *t = theirs.val[ff->col];
		if ((o == NULL || !*o) ? (t == NULL || !*t) : (t != NULL && strcmp(o, t) == 0))
			continue;
		remarks_value_line(a, ff, o, t, lines[ni], sizeof lines[0]);
		info[ni] = lines[ni];
		ni++;
	}
	if (ni == 1) {
		snprintf(lines[ni], sizeof lines[0], "%s", _("The record here already holds the "
		    "office's values."));
		info[ni] = lines[ni];
		ni++;
	}
	items[0] = _("Copy them into the form (then F2 saves)");
	items[1] = _("Back");
	if (pick_menu_info(a, _("The office's values"), info, ni, items, 2) == 0) {
		record_free(&ours);
		record_free(&theirs);
		remarks_open(m, a, true);
		return;
	}
out:
	record_free(&ours);
	record_free(&theirs);
}

static int
remarks_key(struct screen *s, struct app *a, int key)
{
	struct remarks *m = (struct remarks *)s;
	int rows = LINES - 6 - REMARK_DETAIL;

	a->status[0] = '\0';
	enum ui_action act = ui_lookup(s->keys, key);
	switch (act) {
	case ACT_UP:
		if (m->sel > 0)
			m->sel--;
		else if (m->off > 0) {	/* the page before */
			m->off = m->off > REMARK_ROWS ? m->off - REMARK_ROWS : 0;
			remarks_load(m, a);
			m->sel = m->n > 0 ? m->n - 1 : 0;
		}
		break;
	case ACT_DOWN:
		if (m->sel < m->n - 1)
			m->sel++;
		else if (m->n == REMARK_ROWS) {	/* the next page */
			m->off += m->n;
			m->sel = m->first = 0;
			remarks_load(m, a);
		}
		break;
	case ACT_PGUP: m->sel = m->sel > rows ? m->sel - rows : 0; break;
	case ACT_PGDN: m->sel = m->sel + rows < m->n ? m->sel + rows : m->n > 0 ? m->n - 1 : 0; break;
	case ACT_HOME: m->off = 0; m->sel = m->first = 0; remarks_load(m, a); break;
	case ACT_OPEN: remarks_open(m, a, false); break;
	case ACT_CHOOSE: remarks_values(m, a); break;
	default: return ui_key_common(s, a, act);
	}
	return 0;
}

static const struct screen remarks_screen = {
	.name = "remarks",
	.draw = remarks_draw,
	.key = remarks_key,
	.keys = remarks_keys,
	.help = N_("What the office above returned (rejected) or holds in conflict, from the "
	    "receipts taken in on the Exchange screen, newest first, with the office's reason. "
	    "Enter opens the record's form with the reason on the status line: fix it and save "
	    "(F2); the fix travels up in the next package, and the remark goes when the record "
	    "is saved. For a conflict (the office holds another version), F3 or o shows the "
	    "office's values beside those here and can copy them into the form, which F2 then "
	    "saves."),
};

struct screen *
remarks_new(struct app *a)
{
	struct remarks *m = ui_screen_new(sizeof *m, &remarks_screen);

	if (m == NULL)
		return NULL;
	remarks_load(m, a);
	return &m->s;
}

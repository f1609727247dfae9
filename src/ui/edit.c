/* edit: a record's form, laid out from forms/KIND.form. Text is typed in
 * grapheme-aware line editors; lists, references and counts are chosen in
 * pickers. Nothing reaches the store that the form's rules refuse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "edit-internal.h"
#include "socds/draft.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/period.h"
#include "socds/store-admin.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/text.h"

#define EDIT_LABEL_W 30
#define EDIT_SUGGEST_MAX 200	/* earlier values of a `suggest yes` field looked at */

static const char *edit_suggestion(struct edit *ed, struct app *a);
static const char *edit_suggest_tail(const char *v, const char *typed);

static const struct ui_binding edit_keys[] = {
	UI_KEYS_USE(ui_keys_f1),
	{ UI_CTRL('g'), ACT_HELP, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(2)), ACT_SAVE, "F2", N_("Save"), NULL },
	{ UI_CTRL('s'), ACT_SAVE, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(3)), ACT_CHOOSE, "F3", N_("Choose"), NULL },
	{ UI_CTRL('f'), ACT_CHOOSE, NULL, NULL, NULL },	/* where F-keys do not pass */
	/* "Next": the key bar of a team's form, in English, fits 80 columns. */
	{ UI_KEY(KEY_F(4)), ACT_SAVE_NEW, "F4", N_("Next"), NULL },
	{ UI_CTRL('n'), ACT_SAVE_NEW, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(5)), ACT_SUB1, "F5", NULL, NULL },
	{ UI_KEY(KEY_F(6)), ACT_SUB2, "F6", NULL, NULL },
	{ UI_CTRL('o'), ACT_SUB1, NULL, NULL, NULL },
	{ UI_CTRL('p'), ACT_SUB2, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(8)), ACT_DELETE, "F8", N_("Delete"), NULL },
	{ UI_CTRL('d'), ACT_DELETE, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(11)), ACT_ROSTER, "F11", NULL, NULL },	/* labelled for a training */
	{ UI_CTRL('r'), ACT_ROSTER, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(9)), ACT_GOTO, "F9", N_("Go to"), NULL },
	{ UI_CTRL('t'), ACT_GOTO, NULL, NULL, NULL },
	UI_KEYS_USE(ui_keys_esc),
	{ '\t', ACT_NEXT, NULL, NULL, NULL },
	{ UI_KEY(KEY_DOWN), ACT_NEXT, NULL, NULL, NULL },
	{ UI_KEY(KEY_BTAB), ACT_PREV, NULL, NULL, NULL },
	{ UI_KEY(KEY_UP), ACT_PREV, NULL, NULL, NULL },
	{ UI_KEY(KEY_PPAGE), ACT_PGUP, NULL, NULL, NULL },
	{ UI_KEY(KEY_NPAGE), ACT_PGDN, NULL, NULL, NULL },
	{ UI_CTRL('q'), ACT_QUIT, NULL, NULL, NULL },	/* not ui_keys_back: q is typed here */
	UI_KEYS_END,
};
_Static_assert(sizeof edit_keys <= EDIT_NKEYS * sizeof edit_keys[0],
    "struct edit has room for edit_keys");

bool
edit_typed(const struct form_field *ff)
{
	switch (ff->type) {
	case FIELD_TEXT: case FIELD_INT: case FIELD_DECIMAL:
	case FIELD_DATE: case FIELD_PHONE: case FIELD_EMAIL:
		return true;
	default:
		return false;
	}
}

/* How the canonical value v of a field shows: labels, yes/no, names of
 * referenced records, dates dd/mm/yyyy. */
const char *
edit_show(struct edit *ed, struct app *a, const struct form_field *ff, const char *v)
{
	static char names[512];
	struct err e = { 0 };

	if (v == NULL || *v == '\0')
		return "";
	if (ff->type == FIELD_REF) {
		const struct kind *rk = record_kind(ff->ref);
		if (rk != NULL && store_record_name(a->store, rk, v, names, sizeof names, &e) == 0)
			return names;
		return v;
	}
	if (ff->type == FIELD_REFS) {
		const struct kind *rk = record_kind(ff->ref);
		size_t n = 0;
		names[0] = '\0';
		for (const char *p = v; *p && n < sizeof names - 1;) {
			char id[UUID_STR_LEN], nm[160];
			size_t len = strcspn(p, ";");
			snprintf(id, sizeof id, "%.*s", (int)len, p);
			if (rk != NULL && store_record_name(a->store, rk, id, nm, sizeof nm, &e) == 0)
				n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "", nm);
			p += len;
			if (*p == ';')
				p++;
		}
		return names;
	}
	if (ff->type == FIELD_NOTE) {
		size_t first = strcspn(v, "\n");
		snprintf(names, sizeof names, "%.*s%s", (int)first, v, v[first] ? " …" : "");
		return names;
	}
	if (form_format(ff, v, &ed->tb) == 0)
		return ed->tb.p;
	return v;
}

/* What a chosen field shows. */
static const char *
edit_shown(struct edit *ed, struct app *a, int i)
{
	return edit_show(ed, a, &ed->f->fields[i], ed->canon[i]);
}

static int
edit_nrows(void)
{
	return LINES - 5;
}

static void
edit_draw(struct screen *s, struct app *a)
{
	struct edit *ed = (struct edit *)s;
	char line[320];
	const char *title = i18n_pick(ed->f->title_vi, ed->f->title_en);
	int vx = EDIT_LABEL_W + 3, vw = COLS - vx - 2, y = 2, rows = edit_nrows();

	snprintf(line, sizeof line, "%s — %s%s", title, ed->is_new ? _("new") : ed->locked ?
	    _("read-only") : _("edit"),
	    ed->dirty ? " *" : "");
	ui_title(a, line, a->home.name);
	if (ed->unit_row) {
		struct unit u;
		struct err e = { 0 };
		bool f = ed->focus == -1;
		ui_put(y, 1, EDIT_LABEL_W, _("Unit"), A_BOLD, false);
		ui_put(y, EDIT_LABEL_W + 1, 2, "*", a->attr[R_ERROR], false);
		snprintf(line, sizeof line, "%s", ed->unit);
		if (store_unit_get(a->store, ed->unit, &u, &e) == 0)
			snprintf(line, sizeof line, "%s %s", u.code, u.name);
		ui_put(y, vx, vw, line, f ? a->attr[R_FOCUS] : a->attr[R_FIELD], true);
		if (f) {
			s->cursor = true;
			s->cy = y;
			s->cx = vx;
		}
		y += 2;
		rows -= 2;
	}
	/* Keep the focused field in view: fields hidden by show_if take no row. */
	if (ed->focus >= 0 && ed->focus < ed->first)
		ed->first = ed->focus;
	while (ed->focus >= 0 && edit_rows_between(ed, ed->first, ed->focus) > rows)
		ed->first++;
	for (int i = ed->first; i < (int)ed->f->n && y < 2 + edit_nrows();
	    y += !edit_hidden(ed, i), i++) {
		const struct form_field *ff = &ed->f->fields[i];
		bool focused = i == ed->focus;

		if (edit_hidden(ed, i))
			continue;
		int attr = i == ed->bad ? a->attr[R_ERROR] : focused ? a->attr[R_FOCUS] : a->attr[R_FIELD];

		ui_put(y, 1, EDIT_LABEL_W, form_label(ff), focused ? (int)A_BOLD : a->attr[R_LABEL], false);
		if (ff->required)
			ui_put(y, EDIT_LABEL_W + 1, 2, "*", a->attr[R_ERROR], false);
		if (edit_typed(ff)) {
			int cur = ui_put_field(y, vx, vw, &ed->ed[i], focused, attr, a->ascii);
			const char *sg = focused ? edit_suggestion(ed, a) : NULL;
			/* Dim after the cursor: → or Tab takes it. */
			if (sg != NULL && cur < vw - 1)
				ui_put(y, vx + cur, vw - cur, edit_suggest_tail(sg, ed->ed[i].buf),
				    attr | A_DIM, false);
			if (focused) {
				s->cursor = true;
				s->cy = y;
				s->cx = vx + cur;
			}
		} else {
			const char *shown = edit_shown(ed, a, i);
			int w = vw - 4;
			ui_put(y, vx, w, shown, attr, true);
			/* A hint that this value is chosen, not typed. */
			ui_put(y, vx + w, 4, ff->type == FIELD_BOOL ? " [␣]" : " [↵]", A_DIM, false);
			if (a->ascii)
				ui_put(y, vx + w, 4, ff->type == FIELD_BOOL ? " [ ]" : " [>]", A_DIM, true);
			if (focused) {
				s->cursor = true;
				s->cy = y;
				s->cx = vx;
			}
		}
	}
	/* The form's note, else the focused field's help, unless a message is showing. */
	if (a->status[0] == '\0' && ed->note[0] != '\0')
		ui_bottom_text(a, ed->note, a->attr[ed->note_error ? R_ERROR : R_INFO], true);
	else if (a->status[0] == '\0' && ed->focus >= 0) {
		const char *h = form_help(&ed->f->fields[ed->focus]);
		char both[320];
		if (ed->f->fields[ed->focus].type == FIELD_DATE) {
			snprintf(both, sizeof both, "%s%s%s", h != NULL ? h : "",
			    h != NULL && *h ? " · " : "", _("d/m: the year shown"));
			h = both;
		}
		if (h != NULL && *h) {
			ui_bottom_text(a, h, a->attr[R_DIM], false);
		}
	}
}

void
edit_suggest_drop(struct edit *ed)
{
	store_values_free(ed->sugg, ed->nsugg);
	store_values_free(ed->sugg_key, ed->sugg_key ? ed->nsugg : 0);
	ed->sugg = ed->sugg_key = NULL;
	ed->nsugg = 0;
	ed->sugg_field = -1;
}

/* The earlier value offered for the focused field (`suggest yes`): the most
 * recent of the unit whose folded text starts with what is typed, when the
 * cursor is at its end; NULL when none. Read once per visit to the field. */
static const char *
edit_suggestion(struct edit *ed, struct app *a)
{
	const struct form_field *ff = ed->focus >= 0 ? &ed->f->fields[ed->focus] : NULL;
	const struct lineedit *le;
	struct tbuf want = { 0 }, got = { 0 };
	const char *found = NULL;
	struct err e = { 0 };

	if (ff == NULL || !ff->suggest || ed->prefilled[ed->focus] || ed->locked)
		return NULL;
	le = &ed->ed[ed->focus];
	if (le->len == 0 || le->cur != le->len)
		return NULL;
	if (ed->sugg_field != ed->focus) {
		edit_suggest_drop(ed);
		ed->sugg_field = ed->focus;
		int n = store_recent_values(a->store, ed->k, ed->k->cols[ff->col].name, ed->unit,
		    EDIT_SUGGEST_MAX, &ed->sugg, &e);
		ed->nsugg = n > 0 ? n : 0;	/* none offered when they cannot be read */
		if (ed->nsugg > 0 && (ed->sugg_key = calloc((size_t)ed->nsugg,
		    sizeof *ed->sugg_key)) == NULL)
			edit_suggest_drop(ed);
		for (int i = 0; i < ed->nsugg; i++)	/* a value that cannot be folded stays NULL */
			if (text_fold(ed->sugg[i], &got) == 0)
				ed->sugg_key[i] = strdup(got.p);
	}
	if (ed->nsugg == 0 || text_fold(le->buf, &want) != 0 || want.len == 0)
		goto out;
	for (int i = 0; i < ed->nsugg && found == NULL; i++)
		if (ed->sugg_key[i] != NULL && strlen(ed->sugg_key[i]) > want.len &&
		    strncmp(ed->sugg_key[i], want.p, want.len) == 0 && strcmp(ed->sugg[i], le->buf) != 0)
			found = ed->sugg[i];
out:
	tbuf_free(&want);
	tbuf_free(&got);
	return found;
}

/* The part of the suggestion v after as many characters as typed holds. */
static const char *
edit_suggest_tail(const char *v, const char *typed)
{
	size_t n = 0;

	for (const char *p = typed; *p; p++)
		n += ((unsigned char)*p & 0xc0) != 0x80;
	while (*v && n > 0) {
		v++;
		while (((unsigned char)*v & 0xc0) == 0x80)
			v++;
		n--;
	}
	return v;
}

void
edit_date_year(struct edit *ed, int i)
{
	const struct form_field *ff = &ed->f->fields[i];
	const char *s = ed->ed[i].buf;
	char today[11], when[48], full[48];
	int d, m, n = 0, y;

	/* Only on the screen: an import or a package still needs the year. */
	if (ff->type != FIELD_DATE || sscanf(s, " %2d/%2d %n", &d, &m, &n) != 2 ||
	    s[n] != '\0' || d < 1 || m < 1)
		return;
	period_today(today);
	y = ed->year_field == i && ed->year_shown > 0 ? ed->year_shown : atoi(today);
	snprintf(when, sizeof when, "%04d-%02d-%02d", y, m % 100, d % 100);
	if (strcmp(when, today) > 0)
		y--;
	snprintf(full, sizeof full, "%02d/%02d/%04d", d % 100, m % 100, y);
	lineedit_set(&ed->ed[i], full);
}

/* Checks a typed field; shows the message and returns -1 when bad. An empty
 * field passes here (required or not): leaving it for later is fine, and
 * saving names it. */
static int
edit_check(struct edit *ed, struct app *a, int i)
{
	const struct form_field *ff = &ed->f->fields[i];
	struct err e = { 0 };

	if (!edit_typed(ff))
		return 0;
	edit_date_year(ed, i);
	if (ed->ed[i].buf[strspn(ed->ed[i].buf, " \t")] == '\0') {
		if (ed->bad == i)
			ed->bad = -2;
		return 0;
	}
	if (form_parse(ff, ed->ed[i].buf, &ed->tb, &e) != 0) {
		ed->bad = i;
		ui_error(a, &e);
		return -1;
	}
	if (ed->bad == i)
		ed->bad = -2;
	return 0;
}

/* Keeps what is on the form as the account's draft: typed fields as typed,
 * chosen ones as stored. */
static void
edit_save_draft(struct screen *s, struct app *a, bool force)
{
	struct edit *ed = (struct edit *)s;
	struct err e = { 0 };
	const char **val;
	struct draft_row row = { .seq = ed->draft_seq, .kind = ed->k->name,
		.record_id = ed->is_new ? NULL : ed->r.id, .parent_id = ed->parent_id,
		.unit = ed->unit, .base_version = ed->r.version };

	if (!ed->dirty || (!force && !ed->draft_due))
		return;
	if ((val = calloc(ed->f->n ? ed->f->n : 1, sizeof *val)) == NULL)
		return;
	for (size_t i = 0; i < ed->f->n; i++)
		val[i] = edit_typed(&ed->f->fields[i]) ? ed->ed[i].buf : ed->canon[i];
	/* The version the typing started from, to merge against should someone
	 * else save the record before this draft is saved. */
	if (draft_keep(a->store, &row, ed->f, val, !ed->is_new && ed->have_base ? &ed->base :
	    NULL, &e) == 0) {
		ed->draft_seq = row.seq;
		ed->draft_due = false;
	}
	free(val);
}

void
edit_drop_draft(struct edit *ed, struct app *a)
{
	struct err e = { 0 };

	draft_drop(a->store, &ed->draft_seq, &e);
}

static void
edit_move(struct edit *ed, struct app *a, int to)
{
	int lo = ed->unit_row ? -1 : 0;

	/* A bad value keeps the focus, so that the correction lands in it. */
	if (ed->focus >= 0 && edit_check(ed, a, ed->focus) != 0)
		return;
	edit_save_draft(&ed->s, a, false);
	if (to < lo)
		to = lo;
	if (to >= (int)ed->f->n)
		to = (int)ed->f->n - 1;
	ed->focus = to;
	ed->year_field = -1;
	edit_suggest_drop(ed);
	if (to >= 0)
		lineedit_end(&ed->ed[to]);
}

void
edit_show_record(struct edit *ed, const struct record *r)
{
	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *v = r->val[ff->col];
		if (edit_typed(ff)) {
			if (v != NULL && form_format(ff, v, &ed->tb) == 0)
				v = ed->tb.p;
			lineedit_set(&ed->ed[i], v != NULL ? v : "");
		} else {
			free(ed->canon[i]);
			ed->canon[i] = strdup(v != NULL ? v : "");
		}
	}
	snprintf(ed->unit, sizeof ed->unit, "%s", r->unit_code);
}

static int
edit_text_key(struct edit *ed, struct app *a, int key)
{
	struct lineedit *le = &ed->ed[ed->focus];
	bool over = ed->prefilled[ed->focus];
	struct err e = { 0 };

	/* The year the date field shows before it is typed over or edited. */
	if (ed->f->fields[ed->focus].type == FIELD_DATE && ed->year_field != ed->focus) {
		ed->year_field = ed->focus;
		ed->year_shown = form_parse(&ed->f->fields[ed->focus], le->buf, &ed->tb, &e) == 0 ?
		    atoi(ed->tb.p != NULL ? ed->tb.p : "") : 0;
	}

	/* A carried or default value is typed over: the first character
	 * replaces it, any other key keeps it for editing. */
	ed->prefilled[ed->focus] = false;
	if (over && key >= 0x20 && key < 0x110000)
		lineedit_set(le, "");
	switch (key) {
	case UI_KEY(KEY_LEFT): lineedit_left(le); return 0;
	case UI_KEY(KEY_RIGHT): lineedit_right(le); return 0;
	case UI_KEY(KEY_HOME): case UI_CTRL('a'): lineedit_home(le); return 0;
	case UI_KEY(KEY_END): case UI_CTRL('e'): lineedit_end(le); return 0;
	case UI_KEY(KEY_SLEFT): lineedit_word_left(le); return 0;
	case UI_KEY(KEY_SRIGHT): lineedit_word_right(le); return 0;
	case UI_KEY(KEY_BACKSPACE): case 127: case 8: lineedit_backspace(le); break;
	case UI_KEY(KEY_DC): lineedit_delete(le); break;
	case UI_CTRL('u'): lineedit_kill_to_start(le); break;
	case UI_CTRL('k'): lineedit_kill_to_end(le); break;
	default:
		if (key >= 0x110000 || key < 0x20)
			return 1;	/* not ours */
		if (lineedit_insert(le, key) == 1 && le->max_chars > 0) {
			const struct form_field *ff = &ed->f->fields[ed->focus];
			ui_message(a, true, _("%s: at most %zu characters"), form_label(ff),
			    le->max_chars);
		}
	}
	if (le->changed) {
		ed->dirty = true;
		ed->draft_due = true;
	}
	return 0;
}

static int
edit_key_act(struct screen *s, struct app *a, int key)
{
	struct edit *ed = (struct edit *)s;
	const struct form_field *ff = ed->focus >= 0 ? &ed->f->fields[ed->focus] : NULL;
	enum ui_action act = ui_lookup(ed->keys, key);

	if (act != ACT_HELP)
		a->status[0] = '\0';
	if (ed->locked && edit_locked_refuses(ed, a, act, key))
		return 0;
	/* Enter moves on from a typed field and opens a chosen one. */
	if (key == '\r' || key == '\n' || key == UI_KEY(KEY_ENTER))
		act = ff != NULL && edit_typed(ff) ? ACT_NEXT : ACT_CHOOSE;
	if (key == ' ' && (ff == NULL || !edit_typed(ff)))
		act = ACT_CHOOSE;
	/* An earlier value offered: → at the end takes it, Tab takes it and
	 * moves on. */
	if (ff != NULL && ff->suggest && (key == UI_KEY(KEY_RIGHT) || key == '\t')) {
		const char *sg = edit_suggestion(ed, a);
		if (sg != NULL) {
			lineedit_set(&ed->ed[ed->focus], sg);
			ed->dirty = true;
			ed->draft_due = true;
			if (key != '\t')
				return 0;
		}
	}
	if (act == ACT_NONE && ff != NULL && edit_typed(ff)) {
		edit_text_key(ed, a, key);
		return 0;
	}
	if (act == ACT_NONE && (ff == NULL || !edit_typed(ff)) && key < 0x110000 && key > 0x20) {
		edit_letter_chosen(ed, a, ff, key);
		return 0;
	}
	switch (act) {
	case ACT_NEXT: edit_move(ed, a, edit_step(ed, ed->focus, 1, 1)); break;
	case ACT_PREV: edit_move(ed, a, edit_step(ed, ed->focus, -1, 1)); break;
	case ACT_PGDN: edit_move(ed, a, edit_step(ed, ed->focus, 1, edit_nrows())); break;
	case ACT_PGUP: edit_move(ed, a, edit_step(ed, ed->focus, -1, edit_nrows())); break;
	case ACT_CHOOSE: edit_choose(ed, a); break;
	case ACT_SAVE:
		if (edit_save(ed, a) != 1)
			break;
		edit_saved(ed, a);
		return 1;
	case ACT_SAVE_NEW:
		if (edit_save(ed, a) == 1) {
			edit_saved(ed, a);
			edit_renew(ed, a);
		}
		break;
	case ACT_GOTO: {
		int to = edit_goto_pick(ed, a);
		if (to >= 0)
			edit_move(ed, a, to);
		break;
	}
	case ACT_DELETE:
		edit_delete(ed, a);
		return ed->is_new && !ed->dirty && a->status[0] != '\0' && !a->status_error;
	case ACT_SUB1: case ACT_SUB2: {
		const struct kind *sk = ed->sub[act == ACT_SUB1 ? 0 : 1];
		char name[200];
		struct err e = { 0 };
		if (sk == NULL)
			break;
		if (ed->is_new) {
			ui_message(a, true, "%s", _("Save the record first (F2)."));
			break;
		}
		store_record_name(a->store, ed->k, ed->r.id, name, sizeof name, &e);
		ui_push(a, list_new(a, sk, ed->r.id, name));
		break;
	}
	case ACT_ROSTER:
		if (ed->k == &record_kinds[KIND_TRAINING])
			ui_roster_open(a, ed->k, ed->is_new ? NULL : &ed->r, NULL);
		break;
	case ACT_QUIT:
		if (!ed->dirty || ui_confirm(a, _("Discard your changes?"))) {
			edit_drop_draft(ed, a);
			a->quit = true;
		}
		break;
	case ACT_BACK:
		if (ed->dirty && !ui_confirm(a, _("Discard your changes?")))
			break;
		edit_drop_draft(ed, a);
		return 1;
	default:
		return ui_key_common(s, a, act);
	}
	return 0;
}

static int
edit_key(struct screen *s, struct app *a, int key)
{
	int rc = edit_key_act(s, a, key);

	/* Whatever changed, show_if is judged again. */
	if (rc == 0)
		edit_entry_refresh((struct edit *)s);
	return rc;
}

static void
edit_free(struct screen *s)
{
	struct edit *ed = (struct edit *)s;

	/* Safe on a screen edit_new left half built: either array may be
	 * missing, the record not yet made. */
	if (ed == NULL)
		return;
	if (ed->f != NULL)
		for (size_t i = 0; i < ed->f->n; i++) {
			if (ed->ed != NULL)
				lineedit_free(&ed->ed[i]);
			if (ed->canon != NULL)
				free(ed->canon[i]);
		}
	free(ed->ed);
	free(ed->canon);
	free(ed->hidden);
	free(ed->prefilled);
	edit_suggest_drop(ed);
	record_free(&ed->look);
	record_free(&ed->r);
	record_free(&ed->base);
	tbuf_free(&ed->tb);
	free(ed);
}

static bool
edit_has_children(struct app *a)
{
	return strcmp(a->home.level, "commune") != 0;
}

/* The unit a new record belongs to: its parent's, else the home unit. */
static void
edit_default_unit(struct edit *ed, struct app *a, const char *parent_id)
{
	snprintf(ed->unit, sizeof ed->unit, "%s", a->home.code);
	if (parent_id != NULL && ed->k->parent_col != NULL &&
	    ed->k->cols[record_col_index(ed->k, ed->k->parent_col)].ref != NULL) {
		const struct kind *pk = record_kind(ed->k->cols[record_col_index(ed->k,
		    ed->k->parent_col)].ref);
		struct record p;
		struct err e = { 0 };
		if (pk != NULL && record_init(&p, pk) == 0) {
			if (store_record_get(a->store, &p, parent_id, &e) == 0)
				snprintf(ed->unit, sizeof ed->unit, "%s", p.unit_code);
			record_free(&p);
		}
	}
}

/* The form's line editors and chosen values, from the record. */
static void
edit_fields_init(struct edit *ed)
{
	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *v = ed->r.val[ff->col];
		if (edit_typed(ff)) {
			if (v != NULL && form_format(ff, v, &ed->tb) == 0)
				v = ed->tb.p;
			lineedit_init(&ed->ed[i], v != NULL ? v : "");
			if (ff->type == FIELD_TEXT)
				ed->ed[i].max_chars = ff->has_max ? (size_t)ff->max : 0;
		} else {
			lineedit_init(&ed->ed[i], "");
			ed->canon[i] = strdup(v != NULL ? v : "");
		}
	}
}

/* A new record opened from its parent starts on its first empty field:
 * the parent (and any default) is filled in already. Today's date on a
 * `default today` field counts as empty: it is the value most often typed
 * over (a month of activities entered from paper), at no cost. */
void
edit_focus_first_empty(struct edit *ed)
{
	for (size_t i = 0; i < ed->f->n; i++) {
		const char *v = edit_typed(&ed->f->fields[i]) ? ed->ed[i].buf : ed->canon[i];
		if (edit_hidden(ed, (int)i))
			continue;
		if (v == NULL || *v == '\0' || (ed->f->fields[i].def_today && ed->prefilled[i])) {
			ed->focus = (int)i;
			break;
		}
	}
}

/* The key table, with the labels of F5/F6 (the kinds below this one). */
static void
edit_keys_init(struct edit *ed)
{
	const char *label[2];

	ui_sublists(ed->k, ed->sub, label);
	memcpy(ed->keys, edit_keys, sizeof edit_keys);
	for (size_t i = 0; i < sizeof edit_keys / sizeof edit_keys[0]; i++) {
		if (ed->keys[i].act == ACT_SUB1)
			ed->keys[i].label = label[0];
		if (ed->keys[i].act == ACT_SUB2)
			ed->keys[i].label = label[1];
		if (ed->keys[i].act == ACT_ROSTER && ed->k == &record_kinds[KIND_TRAINING])
			ed->keys[i].label = ui_roster_label(ed->k);
	}
	ed->s.keys = ed->keys;
}

/* The record to edit (id), or a new one with the form's defaults under its
 * parent; 0, or -1 when it could not be read (said on the status line). */
int
edit_record_init(struct edit *ed, struct app *a, const char *id, const char *parent_id)
{
	struct err e = { 0 };

	if (id != NULL) {
		if (store_record_get(a->store, &ed->r, id, &e) != 0) {
			ui_error(a, &e);
			return -1;
		}
		snprintf(ed->unit, sizeof ed->unit, "%s", ed->r.unit_code);
		edit_set_base(ed, &ed->r);
		return 0;
	}
	ed->is_new = true;
	edit_default_unit(ed, a, parent_id);
	edit_entry_prefill(ed);
	if (parent_id != NULL && ed->k->parent_col != NULL)
		record_set_by_name(&ed->r, ed->k->parent_col, parent_id);
	return 0;
}

static const struct screen edit_screen = {
	.name = "edit",
	.draw = edit_draw,
	.key = edit_key,
	.free = edit_free,
	.save_draft = edit_save_draft,
	.keys = edit_keys,
	.help = N_("A record's form. Tab, Down or Enter goes to the next field, Shift-Tab or "
	    "Up to the one before. Type text, numbers and dates (dd/mm/yyyy; d/m takes the year the "
	    "field showed, or the year before when that would be after today); for a field marked "
	    "[↵] ([>] without Unicode) press Enter or Space (or F3) to choose. Left/Right, "
	    "Home/End, Backspace, Delete "
	    "and Ctrl-U edit; a letter with its tone marks is one step. F2 or Ctrl-S saves; a "
	    "wrong value is named on the status line and the cursor goes to it. F4 or Ctrl-N "
	    "saves and opens the next new record, with the values the form carries and today's "
	    "date (typing over a value filled in for you replaces it). F9 or Ctrl-T goes to a "
	    "field by its name. A letter typed on a field marked [↵] opens its list with that "
	    "letter. Fields that do not apply (the form's show_if) are not shown and not saved. "
	    "F8 deletes. F10 "
	    "or Esc goes back and asks before throwing changes away. Fields marked * are required."),
};

struct screen *
edit_new(struct app *a, const struct kind *k, const char *id, const char *parent_id)
{
	struct edit *ed;
	const struct form *f = forms_get(a->forms, k);

	if (f == NULL) {
		ui_message(a, true, _("There is no form for %s (forms/%s.form)."), k->name, k->name);
		return NULL;
	}
	if ((ed = ui_screen_new(sizeof *ed, &edit_screen)) == NULL)
		return NULL;
	ed->k = k;
	ed->f = f;
	ed->bad = -2;
	ed->year_field = -1;
	ed->sugg_field = -1;
	ed->ed = calloc(f->n ? f->n : 1, sizeof *ed->ed);
	ed->canon = calloc(f->n ? f->n : 1, sizeof *ed->canon);
	ed->hidden = calloc(f->n ? f->n : 1, sizeof *ed->hidden);
	ed->prefilled = calloc(f->n ? f->n : 1, sizeof *ed->prefilled);
	if (ed->ed == NULL || ed->canon == NULL || ed->hidden == NULL || ed->prefilled == NULL ||
	    record_init(&ed->look, k) != 0 || record_init(&ed->r, k) != 0 ||
	    edit_record_init(ed, a, id, parent_id) != 0) {
		edit_free(&ed->s);
		return NULL;
	}
	/* A new record under a parent belongs to the parent's unit; only free-standing
	 * records of an office with units below it ask for the unit. */
	ed->unit_row = edit_has_children(a) && (parent_id == NULL || !ed->is_new) &&
	    k->parent_col == NULL;
	edit_fields_init(ed);
	edit_entry_refresh(ed);
	ed->focus = ed->unit_row && ed->is_new ? -1 : 0;
	if (ed->is_new && parent_id != NULL && !ed->unit_row)
		edit_focus_first_empty(ed);
	edit_entry_refresh(ed);	/* and the focus off a hidden first field */
	edit_keys_init(ed);
	if (parent_id != NULL)
		snprintf(ed->parent_id, sizeof ed->parent_id, "%s", parent_id);
	if (!ed->is_new)
		edit_lock_open(ed, a);
	return &ed->s;
}

/* The draft's values on the form, and the version its typing started from:
 * a change made meanwhile by someone else is merged with it when this is
 * saved. Its values are the record as read now when nobody saved meanwhile,
 * else those the draft kept; without them every difference is asked about. */
static void
edit_take_draft(struct edit *ed, const struct draft *d, const struct draft_row *row)
{
	for (size_t i = 0; i < ed->f->n; i++) {
		if (d->val[i] == NULL)
			continue;
		if (edit_typed(&ed->f->fields[i]))
			lineedit_set(&ed->ed[i], d->val[i]);
		else {
			free(ed->canon[i]);
			ed->canon[i] = strdup(d->val[i]);
		}
	}
	if (row->unit != NULL)
		snprintf(ed->unit, sizeof ed->unit, "%s", row->unit);
	if (!ed->is_new && ed->have_base && ed->base.version != row->base_version) {
		if (d->have_base) {
			for (size_t i = 0; i < ed->f->n; i++)
				record_set(&ed->base, ed->f->fields[i].col, d->base[i]);
			snprintf(ed->base.unit_code, sizeof ed->base.unit_code, "%s", d->base_unit);
			ed->base.version = row->base_version;
		} else {
			record_free(&ed->base);
			ed->have_base = false;
		}
	}
}

struct screen *
edit_from_draft(struct app *a, const struct draft_row *row)
{
	const struct kind *k = record_kind(row->kind);
	const struct form *f = k != NULL ? forms_get(a->forms, k) : NULL;
	struct draft d = { 0 };
	struct err e = { 0 };
	struct screen *sc;
	struct edit *ed;

	if (k == NULL)
		return NULL;
	if (f != NULL && draft_open(row, f, &d, &e) != 0) {
		ui_error(a, &e);
		return NULL;
	}
	sc = edit_new(a, k, row->record_id, row->parent_id);
	if (sc == NULL) {
		draft_free(&d);
		return NULL;
	}
	ed = (struct edit *)sc;
	edit_take_draft(ed, &d, row);
	memset(ed->prefilled, 0, ed->f->n * sizeof *ed->prefilled);
	edit_entry_refresh(ed);
	draft_free(&d);
	if (!ed->is_new)
		ed->r.version = row->base_version;
	ed->draft_seq = row->seq;
	ed->dirty = true;
	ui_message(a, false, "%s", _("Restored from a draft: F2 saves it, Esc throws it away."));
	return sc;
}

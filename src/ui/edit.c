/* edit: a record's form, laid out from forms/KIND.form. Text is typed in
 * grapheme-aware line editors; lists, references and counts are chosen in
 * pickers. Nothing reaches the store that the form's rules refuse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/lineedit.h"
#include "socds/text.h"

#include <jansson.h>

#define EDIT_LABEL_W 30

static const struct ui_binding edit_keys[] = {
	UI_KEYS_USE(ui_keys_f1),
	{ UI_CTRL('g'), ACT_HELP, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(2)), ACT_SAVE, "F2", N_("Save"), NULL },
	{ UI_CTRL('s'), ACT_SAVE, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(3)), ACT_CHOOSE, "F3", N_("Choose"), NULL },
	{ UI_CTRL('f'), ACT_CHOOSE, NULL, NULL, NULL },	/* where F-keys do not pass */
	{ UI_KEY(KEY_F(5)), ACT_SUB1, "F5", NULL, NULL },
	{ UI_KEY(KEY_F(6)), ACT_SUB2, "F6", NULL, NULL },
	{ UI_CTRL('o'), ACT_SUB1, NULL, NULL, NULL },
	{ UI_CTRL('p'), ACT_SUB2, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(8)), ACT_DELETE, "F8", N_("Delete"), NULL },
	{ UI_CTRL('d'), ACT_DELETE, NULL, NULL, NULL },
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
#define EDIT_NKEYS (sizeof edit_keys / sizeof edit_keys[0])

struct edit {
	struct screen s;
	struct ui_binding keys[EDIT_NKEYS];
	const struct kind *k;
	const struct form *f;
	struct record r;
	/* The record as the form opened it (the version typing started from):
	 * a conflict is merged field by field against it. have_base false:
	 * not known (a draft of an older version kept without it). */
	struct record base;
	bool have_base;
	bool is_new;
	bool dirty;
	bool unit_row;		/* the home unit has units below it: ask which */
	char unit[8];
	struct lineedit *ed;	/* one per field (typed fields) */
	char **canon;		/* one per field (chosen fields): canonical value */
	int focus;		/* -1 = the unit row */
	int first;		/* first field shown */
	int bad;		/* field with the last error, or -2 */
	const struct kind *sub[2];
	struct tbuf tb;
	char parent_id[UUID_STR_LEN];
	int64_t draft_seq;	/* this form's draft in the database, or 0 */
	bool draft_due;		/* changed since the draft was last kept */
};

static bool
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
static const char *
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

	snprintf(line, sizeof line, "%s — %s%s", title, ed->is_new ? _("new") : _("edit"),
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
	/* Keep the focused field in view. */
	if (ed->focus >= 0 && ed->focus < ed->first)
		ed->first = ed->focus;
	if (ed->focus >= ed->first + rows)
		ed->first = ed->focus - rows + 1;
	for (int i = ed->first; i < (int)ed->f->n && y < 2 + edit_nrows(); i++, y++) {
		const struct form_field *ff = &ed->f->fields[i];
		bool focused = i == ed->focus;
		int attr = i == ed->bad ? a->attr[R_ERROR] : focused ? a->attr[R_FOCUS] : a->attr[R_FIELD];

		ui_put(y, 1, EDIT_LABEL_W, form_label(ff), focused ? (int)A_BOLD : a->attr[R_LABEL], false);
		if (ff->required)
			ui_put(y, EDIT_LABEL_W + 1, 2, "*", a->attr[R_ERROR], false);
		if (edit_typed(ff)) {
			int cur = ui_put_field(y, vx, vw, &ed->ed[i], focused, attr, a->ascii);
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
	/* The focused field's help, unless a message is showing. */
	if (a->status[0] == '\0' && ed->focus >= 0) {
		const char *h = form_help(&ed->f->fields[ed->focus]);
		if (h != NULL && *h) {
			ui_bottom_text(a, h, a->attr[R_DIM], false);
		}
	}
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

static void edit_save_draft(struct screen *s, struct app *a, bool force);

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
	if (to >= 0)
		lineedit_end(&ed->ed[to]);
}

/* Puts the form's values into r; on a bad value focuses it and returns -1. */
static int
edit_collect(struct edit *ed, struct app *a)
{
	struct err e = { 0 };
	size_t bad;

	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *v;
		if (edit_typed(ff)) {
			if (form_parse(ff, ed->ed[i].buf, &ed->tb, &e) != 0) {
				ed->focus = ed->bad = (int)i;
				ui_error(a, &e);
				return -1;
			}
			v = ed->tb.len ? ed->tb.p : NULL;
		} else
			v = ed->canon[i] && *ed->canon[i] ? ed->canon[i] : NULL;
		if (record_set(&ed->r, ff->col, v) != 0) {
			ui_message(a, true, "%s", _("out of memory"));
			return -1;
		}
	}
	if (form_check_record(ed->f, &ed->r, &bad, &e) != 0 ||
	    form_check_rules(ed->f, &ed->r, &bad, &e) != 0) {
		ed->focus = ed->bad = (int)bad;
		ui_error(a, &e);
		return -1;
	}
	snprintf(ed->r.unit_code, sizeof ed->r.unit_code, "%s", ed->unit);
	return 0;
}

/* Keeps what is on the form as the account's draft: typed fields as typed,
 * chosen ones as stored. */
static void
edit_save_draft(struct screen *s, struct app *a, bool force)
{
	struct edit *ed = (struct edit *)s;
	struct err e = { 0 };
	json_t *o;
	char *text;

	if (!ed->dirty || (!force && !ed->draft_due))
		return;
	o = json_object();
	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *v = edit_typed(ff) ? ed->ed[i].buf : ed->canon[i];
		json_object_set_new(o, ff->name, json_string(v != NULL ? v : ""));
	}
	/* The version the typing started from, to merge against should someone
	 * else save the record before this draft is saved. '@' starts no field. */
	if (!ed->is_new && ed->have_base) {
		json_t *b = json_object();
		for (size_t i = 0; i < ed->f->n; i++) {
			const char *v = ed->base.val[ed->f->fields[i].col];
			json_object_set_new(b, ed->f->fields[i].name, json_string(v != NULL ? v : ""));
		}
		json_object_set_new(b, "@unit", json_string(ed->base.unit_code));
		json_object_set_new(o, "@base", b);
	}
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (text != NULL && store_draft_save(a->store, &ed->draft_seq, ed->k->name,
	    ed->is_new ? NULL : ed->r.id, ed->parent_id, ed->unit, ed->r.version, text, &e) == 0)
		ed->draft_due = false;
	free(text);
}

static void
edit_drop_draft(struct edit *ed, struct app *a)
{
	struct err e = { 0 };

	if (ed->draft_seq > 0 && store_draft_delete(a->store, ed->draft_seq, &e) == 0)
		ed->draft_seq = 0;
}

/* A copy of src (all columns); -1 out of memory. */
static int
edit_record_copy(struct record *dst, const struct record *src)
{
	if (record_init(dst, src->kind) != 0)
		return -1;
	memcpy(dst->id, src->id, sizeof dst->id);
	memcpy(dst->unit_code, src->unit_code, sizeof dst->unit_code);
	memcpy(dst->created_at, src->created_at, sizeof dst->created_at);
	memcpy(dst->updated_at, src->updated_at, sizeof dst->updated_at);
	dst->version = src->version;
	dst->deleted = src->deleted;
	dst->synced_version = src->synced_version;
	for (int i = 0; i < src->kind->ncols; i++)
		if (record_set(dst, i, src->val[i]) != 0) {
			record_free(dst);
			return -1;
		}
	return 0;
}

/* The form's base becomes r (the version now stored). */
static void
edit_set_base(struct edit *ed, const struct record *r)
{
	record_free(&ed->base);
	ed->have_base = edit_record_copy(&ed->base, r) == 0;
}

/* Puts the values of r on the form (typed fields as shown, chosen ones
 * canonical) and its unit. */
static void
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

/* A value as the form shows it (field -1: the unit), "(empty)" for none. */
static void
edit_value_text(struct edit *ed, struct app *a, int field, const char *v, char *buf,
    size_t size)
{
	struct unit u;
	struct err e = { 0 };

	if (v == NULL || *v == '\0')
		snprintf(buf, size, "%s", _("(empty)"));
	else if (field < 0 && store_unit_get(a->store, v, &u, &e) == 0)
		snprintf(buf, size, "%s %s", u.code, u.name);
	else if (field < 0)
		snprintf(buf, size, "%s", v);
	else
		snprintf(buf, size, "%s", edit_show(ed, a, &ed->f->fields[field], v));
}

/* Asks which value stays in a field both sides changed (field -1: the
 * unit): 0 mine, 1 theirs, -1 back to the form. */
static int
edit_ask_clash(struct edit *ed, struct app *a, int field, const char *mine,
    const char *theirs, int nth, int of, int merged)
{
	char l0[560], l2[160], title[120], vm[260], vt[260];
	const char *info[3], *items[3];
	int ninfo = 0, choice;

	edit_value_text(ed, a, field, mine, vm, sizeof vm);
	edit_value_text(ed, a, field, theirs, vt, sizeof vt);
	snprintf(l0, sizeof l0, "%s: %s | %s", field < 0 ? _("Unit") :
	    form_label(&ed->f->fields[field]), vm, vt);
	info[ninfo++] = l0;
	info[ninfo++] = _("(field: yours | theirs)");
	if (merged > 0) {
		snprintf(l2, sizeof l2, _("Changed by one side only, and kept: %d field(s)."),
		    merged);
		info[ninfo++] = l2;
	}
	if (of > 1)
		snprintf(title, sizeof title, _("Changed by both of you (%d of %d)"), nth, of);
	else
		snprintf(title, sizeof title, "%s", _("Changed by both of you"));
	items[0] = _("Keep mine for this field");
	items[1] = _("Take theirs for this field");
	items[2] = _("Back to my form");
	choice = pick_menu_info(a, title, info, ninfo, items, 3);
	return choice == 0 || choice == 1 ? choice : -1;
}

/* Someone else saved the record while this form was open. It is merged
 * field by field against the version the form opened (the base): a field
 * only one side changed keeps that side's value; only fields both changed,
 * to different values, are asked about. Never overwrites silently.
 * Returns 1 when ed->r holds the merged record to save (its version theirs),
 * 0 otherwise; *asked tells whether a question was asked. */
static int
edit_conflict(struct edit *ed, struct app *a, bool *asked)
{
	struct record theirs, merged;
	struct err e = { 0 };
	int *clash = NULL, nclash = 0, one_side = 0, rc = 0;
	bool same = true;

	*asked = false;
	if (record_init(&theirs, ed->k) != 0)
		return 0;
	if (store_record_get(a->store, &theirs, ed->r.id, &e) != 0 || theirs.deleted) {
		ui_message(a, true, "%s", _("Someone else deleted this record meanwhile; your"
		    " changes are kept as a draft."));
		record_free(&theirs);
		return 0;
	}
	/* Columns the form does not show are theirs: this form cannot change them. */
	if (edit_record_copy(&merged, &theirs) != 0) {
		record_free(&theirs);
		return 0;
	}
	if ((clash = calloc(ed->f->n + 1, sizeof *clash)) == NULL)
		goto out;
	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *mine = ed->r.val[ff->col], *base = ed->have_base ?
		    ed->base.val[ff->col] : NULL;
		switch (form_merge3(ff, base, ed->have_base, mine, theirs.val[ff->col])) {
		case FORM_MERGE_SAME:
			break;
		case FORM_MERGE_THEIRS:
			one_side++;
			break;
		case FORM_MERGE_MINE:
			one_side++;
			if (record_set(&merged, ff->col, mine) != 0)
				goto out;
			break;
		case FORM_MERGE_BOTH:
			clash[nclash++] = (int)i;
			if (record_set(&merged, ff->col, mine) != 0)
				goto out;
			break;
		}
	}
	/* The unit, the same way. */
	if (strcmp(ed->unit, theirs.unit_code) != 0) {
		if (ed->have_base && strcmp(ed->unit, ed->base.unit_code) == 0)
			one_side++;
		else {
			if (!ed->have_base || strcmp(theirs.unit_code, ed->base.unit_code) != 0)
				clash[nclash++] = -1;
			else
				one_side++;
			snprintf(merged.unit_code, sizeof merged.unit_code, "%s", ed->unit);
		}
	}
	if (nclash > 0)
		ui_message(a, true, _("Someone else saved this record while you edited it (now"
		    " version %lld)."), (long long)theirs.version);
	for (int c = 0; c < nclash; c++) {
		int f = clash[c], col = f >= 0 ? ed->f->fields[f].col : -1;
		const char *mine = f >= 0 ? ed->r.val[col] : ed->unit;
		const char *other = f >= 0 ? theirs.val[col] : theirs.unit_code;
		int choice;
		*asked = true;
		choice = edit_ask_clash(ed, a, f, mine, other, c + 1, nclash, one_side);
		if (choice < 0) {
			ui_message(a, false, "%s", _("Not saved: your form is as you left it; F2 asks"
			    " again."));
			goto out;
		}
		if (choice == 1 && f >= 0 && record_set(&merged, col, other) != 0)
			goto out;
		if (choice == 1 && f < 0)
			snprintf(merged.unit_code, sizeof merged.unit_code, "%s", other);
	}
	/* The merged record on the form, and the version it now builds on. */
	for (size_t i = 0; i < ed->f->n && same; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		same = form_equal(ff, merged.val[ff->col], theirs.val[ff->col]);
	}
	same = same && strcmp(merged.unit_code, theirs.unit_code) == 0;
	edit_show_record(ed, &merged);
	edit_set_base(ed, &theirs);
	record_free(&ed->r);
	ed->r = merged;
	merged.val = NULL;
	if (same) {
		/* Nothing of mine is left to save. */
		ed->dirty = false;
		edit_drop_draft(ed, a);
		ui_message(a, false, "%s", _("Their version is on the form."));
	} else {
		/* Each side's values passed the rules; the mix must pass those
		 * across fields too (an end date of mine, a start date of theirs),
		 * and those of the database (members of the team now stored). */
		size_t bad = 0;
		if (form_check_rules(ed->f, &ed->r, &bad, &e) != 0 ||
		    store_check_rules(a->store, ed->f, &ed->r, INT64_MAX, &bad, &e) != 0) {
			if (e.code == ERR_INVALID)
				ed->focus = ed->bad = (int)bad;
			ui_error(a, &e);
		} else
			rc = 1;
	}
out:
	free(clash);
	record_free(&merged);
	record_free(&theirs);
	return rc;
}

static int
edit_save(struct edit *ed, struct app *a)
{
	struct err e = { 0 };
	char name[200];
	bool merged = false, asked = false, ask;
	size_t bad = 0;
	int rc;

	if (edit_collect(ed, a) != 0)
		return 0;
	/* The form's rules that need the database, before it is written. */
	if (store_check_rules(a->store, ed->f, &ed->r, INT64_MAX, &bad, &e) != 0) {
		if (e.code == ERR_INVALID)
			ed->focus = ed->bad = (int)bad;
		ui_error(a, &e);
		return 0;
	}
	rc = ed->is_new ? store_record_insert(a->store, &ed->r, &e)
	    : store_record_update(a->store, &ed->r, &e);
	/* A third person may save in between: merge again, a few times. */
	for (int tries = 0; rc == ERR_CONFLICT && tries < 3; tries++) {
		err_clear(&e);
		if (!edit_conflict(ed, a, &ask))
			return 0;
		merged = true;
		asked = asked || ask;
		rc = store_record_update(a->store, &ed->r, &e);
	}
	if (rc != 0) {
		/* A rule of the database (the last guard): its field. */
		const char *col = store_failed_column(a->store);
		const struct form_field *ff = col != NULL ? form_field(ed->f, col) : NULL;
		if (ff != NULL)
			ed->focus = ed->bad = (int)(ff - ed->f->fields);
		ui_error(a, &e);
		return 0;
	}
	edit_drop_draft(ed, a);
	edit_set_base(ed, &ed->r);
	store_record_name(a->store, ed->k, ed->r.id, name, sizeof name, &e);
	if (merged && !asked)
		ui_message(a, false, _("Saved '%s'. Someone else had changed other fields"
		    " meanwhile: their changes and yours are both kept."), name);
	else if (merged)
		ui_message(a, false, _("Saved '%s' with your choices; the fields only one of you"
		    " changed are kept."), name);
	else
		ui_message(a, false, _("Saved '%s'."), name);
	ed->is_new = false;
	ed->dirty = false;
	return 1;
}

static void
edit_choose(struct edit *ed, struct app *a)
{
	const struct form_field *ff;
	struct tbuf out = { 0 };
	bool ok = false;

	if (ed->focus == -1) {
		char code[8];
		if (pick_unit(a, ed->unit, code)) {
			snprintf(ed->unit, sizeof ed->unit, "%s", code);
			ed->dirty = true;
			ed->draft_due = true;
		}
		return;
	}
	ff = &ed->f->fields[ed->focus];
	switch (ff->type) {
	case FIELD_CHOICE: case FIELD_MULTI:
		ok = pick_choice(a, ff, ed->canon[ed->focus], &out);
		break;
	case FIELD_BOOL:
		ok = true;
		tbuf_free(&out);
		out.p = strdup(ed->canon[ed->focus] && strcmp(ed->canon[ed->focus], "1") == 0 ?
		    "0" : "1");
		out.len = out.p ? 1 : 0;
		break;
	case FIELD_REF: case FIELD_REFS: {
		const struct kind *rk = record_kind(ff->ref);
		/* Members present are chosen among the activity's team only. */
		const char *parent = NULL;
		int team = record_col_index(ed->k, "team_id");
		if (rk == &record_kinds[KIND_MEMBER] && team >= 0 && ed->k != &record_kinds[KIND_MEMBER]) {
			const struct form_field *tf = form_field(ed->f, "team_id");
			parent = tf != NULL ? ed->canon[tf - ed->f->fields] : ed->r.val[team];
		}
		if (rk != NULL)
			ok = pick_record(a, rk, parent, ff->type == FIELD_REFS, ed->canon[ed->focus], &out);
		break;
	}
	case FIELD_COUNTS:
		ok = pick_counts(a, ff, ed->canon[ed->focus], &out);
		break;
	case FIELD_NOTE:
		ok = pick_note(a, form_label(ff), ed->canon[ed->focus],
		    ff->has_max ? (size_t)ff->max : 0, &out);
		/* The note goes through the same rules as everything else. */
		if (ok && out.len > 0) {
			struct err e = { 0 };
			struct tbuf chk = { 0 };
			if (form_parse(ff, out.p, &chk, &e) != 0) {
				ui_error(a, &e);
				ok = false;
			}
			tbuf_free(&chk);
		}
		break;
	default:
		break;
	}
	if (ok) {
		free(ed->canon[ed->focus]);
		ed->canon[ed->focus] = strdup(out.len ? out.p : "");
		ed->dirty = true;
		ed->draft_due = true;
		if (ed->bad == ed->focus)
			ed->bad = -2;
	}
	tbuf_free(&out);
}

static void
edit_delete(struct edit *ed, struct app *a)
{
	char q[UI_STATUS_SIZE], name[640];
	struct err e = { 0 };

	if (ed->is_new)
		return;
	if (!describe_delete_question(a, &ed->r, q, sizeof q, name, sizeof name)) {
		ui_message(a, true, "%s", q);
		return;
	}
	if (!ui_confirm(a, q))
		return;
	if (store_record_delete(a->store, ed->k, ed->r.id, ed->r.version, &e) != 0) {
		ui_error(a, &e);
		return;
	}
	ui_message(a, false, _("Deleted '%s'."), name);
	a->quit = false;
	ed->dirty = false;
	ed->is_new = true;	/* nothing left to save */
}

static int
edit_text_key(struct edit *ed, struct app *a, int key)
{
	struct lineedit *le = &ed->ed[ed->focus];

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
		if (lineedit_insert(le, (wchar_t)key) == 1 && le->max_chars > 0) {
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
edit_key(struct screen *s, struct app *a, int key)
{
	struct edit *ed = (struct edit *)s;
	const struct form_field *ff = ed->focus >= 0 ? &ed->f->fields[ed->focus] : NULL;
	enum ui_action act = ui_lookup(ed->keys, key);

	if (act != ACT_HELP)
		a->status[0] = '\0';
	/* Enter moves on from a typed field and opens a chosen one. */
	if (key == '\r' || key == '\n' || key == UI_KEY(KEY_ENTER))
		act = ff != NULL && edit_typed(ff) ? ACT_NEXT : ACT_CHOOSE;
	if (key == ' ' && (ff == NULL || !edit_typed(ff)))
		act = ACT_CHOOSE;
	if (act == ACT_NONE && ff != NULL && edit_typed(ff)) {
		edit_text_key(ed, a, key);
		return 0;
	}
	if (act == ACT_NONE && ff != NULL && !edit_typed(ff) && key < 0x110000 && key >= 0x20) {
		ui_message(a, false, "%s", _("Press Enter or Space to choose a value."));
		return 0;
	}
	switch (act) {
	case ACT_NEXT: edit_move(ed, a, ed->focus + 1); break;
	case ACT_PREV: edit_move(ed, a, ed->focus - 1); break;
	case ACT_PGDN: edit_move(ed, a, ed->focus + edit_nrows()); break;
	case ACT_PGUP: edit_move(ed, a, ed->focus - edit_nrows()); break;
	case ACT_CHOOSE: edit_choose(ed, a); break;
	case ACT_SAVE: return edit_save(ed, a);
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

struct screen *
edit_new(struct app *a, const struct kind *k, const char *id, const char *parent_id)
{
	struct edit *ed;
	const struct form *f = forms_get(a->forms, k);
	struct err e = { 0 };

	if (f == NULL) {
		ui_message(a, true, _("There is no form for %s (forms/%s.form)."), k->name, k->name);
		return NULL;
	}
	if ((ed = calloc(1, sizeof *ed)) == NULL)
		return NULL;
	ed->k = k;
	ed->f = f;
	ed->bad = -2;
	ed->ed = calloc(f->n ? f->n : 1, sizeof *ed->ed);
	ed->canon = calloc(f->n ? f->n : 1, sizeof *ed->canon);
	if (ed->ed == NULL || ed->canon == NULL || record_init(&ed->r, k) != 0) {
		edit_free(&ed->s);
		return NULL;
	}
	if (id != NULL) {
		if (store_record_get(a->store, &ed->r, id, &e) != 0) {
			ui_error(a, &e);
			edit_free(&ed->s);
			return NULL;
		}
		snprintf(ed->unit, sizeof ed->unit, "%s", ed->r.unit_code);
		edit_set_base(ed, &ed->r);
	} else {
		ed->is_new = true;
		edit_default_unit(ed, a, parent_id);
		for (size_t i = 0; i < f->n; i++)
			if (f->fields[i].def != NULL)
				record_set(&ed->r, f->fields[i].col, f->fields[i].def);
		if (parent_id != NULL && k->parent_col != NULL)
			record_set_by_name(&ed->r, k->parent_col, parent_id);
	}
	/* A new record under a parent belongs to the parent's unit; only free-standing
	 * records of an office with units below it ask for the unit. */
	ed->unit_row = edit_has_children(a) && (parent_id == NULL || !ed->is_new) &&
	    k->parent_col == NULL;
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *ff = &f->fields[i];
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
	ed->focus = ed->unit_row && ed->is_new ? -1 : 0;
	/* A new record opened from its parent starts on its first empty field:
	 * the parent (and any default) is filled in already. */
	if (ed->is_new && parent_id != NULL && !ed->unit_row)
		for (size_t i = 0; i < f->n; i++) {
			const char *v = edit_typed(&f->fields[i]) ? ed->ed[i].buf : ed->canon[i];
			if (v == NULL || *v == '\0') {
				ed->focus = (int)i;
				break;
			}
		}
	const char *label[2];
	ui_sublists(k, ed->sub, label);
	memcpy(ed->keys, edit_keys, sizeof ed->keys);
	for (size_t i = 0; i < EDIT_NKEYS; i++) {
		if (ed->keys[i].act == ACT_SUB1)
			ed->keys[i].label = label[0];
		if (ed->keys[i].act == ACT_SUB2)
			ed->keys[i].label = label[1];
	}
	ed->s.name = "edit";
	ed->s.draw = edit_draw;
	ed->s.key = edit_key;
	ed->s.free = edit_free;
	ed->s.save_draft = edit_save_draft;
	ed->s.keys = ed->keys;
	if (parent_id != NULL)
		snprintf(ed->parent_id, sizeof ed->parent_id, "%s", parent_id);
	ed->s.help = N_("A record's form. Tab, Down or Enter goes to the next field, Shift-Tab or "
	    "Up to the one before. Type text, numbers and dates (dd/mm/yyyy); for a field marked "
	    "[↵] ([>] without Unicode) press Enter or Space (or F3) to choose. Left/Right, "
	    "Home/End, Backspace, Delete "
	    "and Ctrl-U edit; a letter with its tone marks is one step. F2 or Ctrl-S saves; a "
	    "wrong value is named on the status line and the cursor goes to it. F8 deletes. F10 "
	    "or Esc goes back and asks before throwing changes away. Fields marked * are required.");
	return &ed->s;
}

struct screen *
edit_from_draft(struct app *a, const struct draft_row *d)
{
	const struct kind *k = record_kind(d->kind);
	struct screen *sc;
	struct edit *ed;
	json_t *o;
	json_error_t je;

	if (k == NULL || (o = json_loads(d->fields, 0, &je)) == NULL)
		return NULL;
	sc = edit_new(a, k, d->record_id, d->parent_id);
	if (sc == NULL) {
		json_decref(o);
		return NULL;
	}
	ed = (struct edit *)sc;
	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *v = json_string_value(json_object_get(o, ff->name));
		if (v == NULL)
			continue;
		if (edit_typed(ff))
			lineedit_set(&ed->ed[i], v);
		else {
			free(ed->canon[i]);
			ed->canon[i] = strdup(v);
		}
	}
	if (d->unit != NULL)
		snprintf(ed->unit, sizeof ed->unit, "%s", d->unit);
	/* The version the typing started from: a change made meanwhile by
	 * someone else is merged with it when this is saved. Its values are the
	 * record as read now when nobody saved meanwhile, else those the draft
	 * kept; without them every difference is asked about. */
	if (!ed->is_new && ed->have_base && ed->base.version != d->base_version) {
		json_t *b = json_object_get(o, "@base");
		if (json_is_object(b)) {
			for (size_t i = 0; i < ed->f->n; i++) {
				const char *v = json_string_value(json_object_get(b, ed->f->fields[i].name));
				record_set(&ed->base, ed->f->fields[i].col, v != NULL && *v ? v : NULL);
			}
			const char *u = json_string_value(json_object_get(b, "@unit"));
			snprintf(ed->base.unit_code, sizeof ed->base.unit_code, "%s", u != NULL ? u : "");
			ed->base.version = d->base_version;
		} else {
			record_free(&ed->base);
			ed->have_base = false;
		}
	}
	json_decref(o);
	if (!ed->is_new)
		ed->r.version = d->base_version;
	ed->draft_seq = d->seq;
	ed->dirty = true;
	ui_message(a, false, "%s", _("Restored from a draft: F2 saves it, Esc throws it away."));
	return sc;
}

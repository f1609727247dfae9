/* edit-save: the form screen's F2 and F8. A save checks every field and the
 * form's rules, then writes; when someone else saved the record meanwhile
 * it is merged field by field against the version the form opened, and only
 * fields both changed are asked about. Never overwrites silently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "edit-internal.h"
#include "socds/i18n.h"
#include "socds/period.h"
#include "socds/text.h"
#include "socds/text-fit.h"
#include "socds/store-record.h"

/* A value the stored record holds in a field that no longer applies (an
 * older record: a decision number of an officer who is not the focal
 * point) goes only when the user says so: nothing stored is lost unseen.
 * 0 to go on, -1 back to the form. */
static int
edit_hidden_stored(struct edit *ed, struct app *a)
{
	char names[600] = "", q[UI_STATUS_SIZE];
	size_t len = 0;

	if (ed->is_new || !ed->have_base)
		return 0;
	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *was = ed->base.val[ff->col];
		if (!edit_hidden(ed, (int)i) || !was || !*was ||
		    (ff->type == FIELD_BOOL && strcmp(was, "0") == 0))
			continue;
		int n = snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "",
		    form_label(ff));
		if (n > 0 && (size_t)n < sizeof names - len)
			len += (size_t)n;
	}
	if (len == 0)
		return 0;
	snprintf(q, sizeof q, _("These fields no longer apply and their stored values will be"
	    " emptied: %s. Save?"), names);
	if (ui_confirm(a, q))
		return 0;
	ui_message(a, false, "%s", _("Nothing saved."));
	return -1;
}

/* Puts the form's values into r; on a bad value focuses it and returns -1. */
static int
edit_collect(struct edit *ed, struct app *a)
{
	struct err e = { 0 };
	size_t bad;

	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *v = NULL;
		if (edit_hidden(ed, (int)i))	/* show_if: not asked, so not kept */
			v = ff->type == FIELD_BOOL ? "0" : NULL;	/* as the store keeps "no" */
		else if (edit_typed(ff)) {
			edit_date_year(ed, (int)i);
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
	form_clear_hidden(ed->f, &ed->r, NULL);	/* the engine has the last word */
	if (edit_hidden_stored(ed, a) != 0)
		return -1;
	if (form_check_record(ed->f, &ed->r, &bad, &e) != 0 ||
	    form_check_rules(ed->f, &ed->r, &bad, &e) != 0) {
		ed->focus = ed->bad = (int)bad;
		ui_error(a, &e);
		return -1;
	}
	snprintf(ed->r.unit_code, sizeof ed->r.unit_code, "%s", ed->unit);
	return 0;
}

#define EDIT_WARN_MAX	8	/* warnings shown on one save */
#define EDIT_WARN_LINES	12	/* lines of them in the box */

/* The form's soft warnings (its `warn` lines), after the rules pass: those
 * that fire and are not yet confirmed on this record are shown, and the
 * save goes on only when the user confirms (Enter on "save anyway"). The
 * record then keeps the names of all that fire, so a warning an edit no
 * longer fires drops out. 0 to go on saving, -1 back to the form. */
static int
edit_warnings(struct edit *ed, struct app *a)
{
	struct form_warning w[EDIT_WARN_MAX];
	char today[11], lines[EDIT_WARN_LINES][300];
	const char *info[EDIT_WARN_LINES], *items[2];
	int col = record_col_index(ed->k, RECORD_WARNINGS_COL), nl = 0, pending = -1;
	int width = COLS - 8 > 72 ? 72 : COLS - 8;
	struct err e = { 0 };
	size_t n;

	if (col < 0)
		return 0;
	period_today(today);
	if (form_warnings(ed->f, &ed->r, today, w, EDIT_WARN_MAX, &n, &e) != 0) {
		ui_error(a, &e);
		return -1;
	}
	if (n > EDIT_WARN_MAX)
		n = EDIT_WARN_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(w[i].msg), pos = 0, next, cut;
		if (form_warn_listed(ed->r.val[col], w[i].w->name))
			continue;
		if (pending < 0)
			pending = (int)w[i].field;
		/* Each warning wrapped, its later lines indented under "- ". */
		for (bool first = true; pos < len && nl < EDIT_WARN_LINES; first = false) {
			cut = text_wrap(w[i].msg + pos, len - pos, width > 12 ? width - 2 : 10, &next);
			snprintf(lines[nl], sizeof lines[nl], "%s%.*s", first ? "- " : "  ", (int)cut,
			    w[i].msg + pos);
			info[nl] = lines[nl];
			nl++;
			pos += next;
		}
	}
	if (pending >= 0) {
		items[0] = _("Save anyway: I have checked");
		items[1] = _("Back to the form");
		if (pick_menu_info(a, _("Please check before saving"), info, nl, items, 2) != 0) {
			ed->focus = pending;
			ui_message(a, false, "%s", _("Not saved: correct the value, or press F2"
			    " again and confirm."));
			return -1;
		}
	}
	if (form_warn_names(w, n, &ed->tb) != 0 ||
	    record_set(&ed->r, col, ed->tb.len ? ed->tb.p : NULL) != 0) {
		ui_message(a, true, "%s", _("out of memory"));
		return -1;
	}
	return 0;
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

void
edit_set_base(struct edit *ed, const struct record *r)
{
	record_free(&ed->base);
	ed->have_base = edit_record_copy(&ed->base, r) == 0;
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

/* The form's fields merged into merged (a copy of theirs) against the base:
 * a field only one side changed keeps that side's value; one both changed,
 * to different values, keeps mine for now and is listed in clash (field -1:
 * the unit). -1 when memory runs out. */
static int
edit_merge_fields(struct edit *ed, const struct record *theirs, struct record *merged,
    int *clash, int *nclash, int *one_side)
{
	for (size_t i = 0; i < ed->f->n; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		const char *mine = ed->r.val[ff->col], *base = ed->have_base ?
		    ed->base.val[ff->col] : NULL;
		switch (form_merge3(ff, base, ed->have_base, mine, theirs->val[ff->col])) {
		case FORM_MERGE_SAME:
			break;
		case FORM_MERGE_THEIRS:
			(*one_side)++;
			break;
		case FORM_MERGE_MINE:
			(*one_side)++;
			if (record_set(merged, ff->col, mine) != 0)
				return -1;
			break;
		case FORM_MERGE_BOTH:
			clash[(*nclash)++] = (int)i;
			if (record_set(merged, ff->col, mine) != 0)
				return -1;
			break;
		}
	}
	/* The unit, the same way. */
	if (strcmp(ed->unit, theirs->unit_code) != 0) {
		if (ed->have_base && strcmp(ed->unit, ed->base.unit_code) == 0)
			(*one_side)++;
		else {
			if (!ed->have_base || strcmp(theirs->unit_code, ed->base.unit_code) != 0)
				clash[(*nclash)++] = -1;
			else
				(*one_side)++;
			snprintf(merged->unit_code, sizeof merged->unit_code, "%s", ed->unit);
		}
	}
	return 0;
}

/* Asks which value stays in each field both changed, into merged; -1 when
 * the user went back to the form (or memory ran out). */
static int
edit_ask_clashes(struct edit *ed, struct app *a, const struct record *theirs,
    struct record *merged, const int *clash, int nclash, int one_side, bool *asked)
{
	if (nclash > 0)
		ui_message(a, true, _("Someone else saved this record while you edited it (now"
		    " version %lld)."), (long long)theirs->version);
	for (int c = 0; c < nclash; c++) {
		int f = clash[c], col = f >= 0 ? ed->f->fields[f].col : -1;
		const char *mine = f >= 0 ? ed->r.val[col] : ed->unit;
		const char *other = f >= 0 ? theirs->val[col] : theirs->unit_code;
		int choice;
		*asked = true;
		choice = edit_ask_clash(ed, a, f, mine, other, c + 1, nclash, one_side);
		if (choice < 0) {
			ui_message(a, false, "%s", _("Not saved: your form is as you left it; F2 asks"
			    " again."));
			return -1;
		}
		if (choice == 1 && f >= 0 && record_set(merged, col, other) != 0)
			return -1;
		if (choice == 1 && f < 0)
			snprintf(merged->unit_code, sizeof merged->unit_code, "%s", other);
	}
	return 0;
}

/* The merged record on the form (ed->r takes it over), and the version it
 * now builds on. 1 when something of mine is left to save and the mix
 * passes the rules. */
static int
edit_take_merged(struct edit *ed, struct app *a, const struct record *theirs,
    struct record *merged)
{
	struct err e = { 0 };
	bool same = true;

	for (size_t i = 0; i < ed->f->n && same; i++) {
		const struct form_field *ff = &ed->f->fields[i];
		same = form_equal(ff, merged->val[ff->col], theirs->val[ff->col]);
	}
	same = same && strcmp(merged->unit_code, theirs->unit_code) == 0;
	edit_show_record(ed, merged);
	edit_set_base(ed, theirs);
	record_free(&ed->r);
	ed->r = *merged;
	merged->val = NULL;
	if (same) {
		/* Nothing of mine is left to save. */
		ed->dirty = false;
		edit_drop_draft(ed, a);
		ui_message(a, false, "%s", _("Their version is on the form."));
		return 0;
	}
	/* Each side's values passed the rules; the mix must pass those
	 * across fields too (an end date of mine, a start date of theirs),
	 * and those of the database (members of the team now stored). */
	size_t bad = 0;
	if (form_check_rules(ed->f, &ed->r, &bad, &e) != 0 ||
	    form_check_stored(a->store, ed->f, &ed->r, INT64_MAX, &bad, &e) != 0) {
		if (e.code == ERR_INVALID)
			ed->focus = ed->bad = (int)bad;
		ui_error(a, &e);
		return 0;
	}
	return 1;
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
	/* But the warnings confirmed on this save are mine. */
	int wcol = record_col_index(ed->k, RECORD_WARNINGS_COL);
	if (wcol >= 0 && record_set(&merged, wcol, ed->r.val[wcol]) != 0) {
		record_free(&merged);
		record_free(&theirs);
		return 0;
	}
	if ((clash = calloc(ed->f->n + 1, sizeof *clash)) != NULL &&
	    edit_merge_fields(ed, &theirs, &merged, clash, &nclash, &one_side) == 0 &&
	    edit_ask_clashes(ed, a, &theirs, &merged, clash, nclash, one_side, asked) == 0)
		rc = edit_take_merged(ed, a, &theirs, &merged);
	free(clash);
	record_free(&merged);
	record_free(&theirs);
	return rc;
}

int
edit_save(struct edit *ed, struct app *a)
{
	struct err e = { 0 };
	char name[200];
	bool merged = false, asked = false, ask;
	size_t bad = 0;
	int rc;

	/* Read-only (an approved period): nothing is even tried. */
	if (ed->locked) {
		ui_message(a, true, "%s", ed->note);
		return 0;
	}
	if (edit_collect(ed, a) != 0)
		return 0;
	/* The form's rules that need the database, before it is written. */
	if (form_check_stored(a->store, ed->f, &ed->r, INT64_MAX, &bad, &e) != 0) {
		if (e.code == ERR_INVALID)
			ed->focus = ed->bad = (int)bad;
		ui_error(a, &e);
		return 0;
	}
	/* Soft warnings: shown, and confirmed with one key (or back to the form). */
	if (edit_warnings(ed, a) != 0)
		return 0;
	/* People already recorded who look like this one: open one, save anyway, or cancel. */
	if (dupes_ask(a, &ed->s, &ed->r, ed->is_new || !ed->have_base ? NULL : &ed->base) == 0)
		return 0;
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
	snprintf(a->saved_id, sizeof a->saved_id, "%s", ed->r.id);
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

void
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

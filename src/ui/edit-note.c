/* edit-note: what the form screen is told from outside it (issue 17): a
 * note kept on its status line (the office's reason for a remark), the
 * office's values of a conflict laid over the form, and a record in a
 * period an office above approved opened read-only. */
#include <stdio.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "edit-internal.h"
#include "socds/i18n.h"
#include "socds/store-lock.h"
#include "socds/store-record.h"
#include "socds/store-remark.h"

void
edit_note(struct screen *form, const char *note, bool error)
{
	struct edit *ed = (struct edit *)form;

	/* Locked, the lock's reason stays: nothing can be fixed here. */
	if (ed == NULL || ed->locked)
		return;
	snprintf(ed->note, sizeof ed->note, "%s", note);
	ed->note_error = error;
}

int
edit_take_office_values(struct screen *form, struct app *a)
{
	struct edit *ed = (struct edit *)form;
	struct record o;
	struct err e = { 0 };
	int n = 0, wcol = record_col_index(ed->k, RECORD_WARNINGS_COL);

	if (ed->locked) {
		ui_message(a, true, "%s", ed->note);
		return -1;
	}
	if (record_init(&o, ed->k) != 0) {
		ui_message(a, true, "%s", _("out of memory"));
		return -1;
	}
	/* Over the stored record: the columns no form shows follow the office too. */
	if (store_record_get(a->store, &o, ed->r.id, &e) != 0 ||
	    store_remark_office_values(a->store, ed->r.id, &o, &n, &e) != 0) {
		ui_error(a, &e);
		record_free(&o);
		return -1;
	}
	for (int i = 0; i < ed->k->ncols; i++)
		if (i != wcol && record_set(&ed->r, i, o.val[i]) != 0) {
			ui_message(a, true, "%s", _("out of memory"));
			record_free(&o);
			return -1;
		}
	edit_show_record(ed, &o);
	edit_entry_refresh(ed);
	record_free(&o);
	if (n > 0) {
		ed->dirty = true;
		ed->draft_due = true;
	}
	return n;
}

void
edit_lock_open(struct edit *ed, struct app *a)
{
	char why[UI_STATUS_SIZE];
	struct err e = { 0 };
	int rc = store_lock_record(a->store, ed->k, ed->r.id, why, sizeof why, &e);

	if (rc < 0) {
		ui_error(a, &e);
		return;
	}
	if (rc == 0)
		return;
	if (why[0] == '\0')
		snprintf(why, sizeof why, "%s", _("This record lies in a period the office above"
		    " has approved: it can be read, not changed."));
	snprintf(ed->note, sizeof ed->note, "%s", why);
	ed->note_error = true;
	ed->locked = true;
	/* The key bar offers only what a read-only form does. */
	for (int i = 0; i < EDIT_NKEYS && (ed->keys[i].key != 0 || ed->keys[i].more != NULL); i++)
		switch (ed->keys[i].act) {
		case ACT_SAVE: case ACT_SAVE_NEW: case ACT_DELETE: case ACT_CHOOSE:
			ed->keys[i].label = NULL;
			break;
		default:
			break;
		}
}

bool
edit_locked_refuses(struct edit *ed, struct app *a, enum ui_action act, int key)
{
	const struct form_field *ff = ed->focus >= 0 ? &ed->f->fields[ed->focus] : NULL;
	bool typed = ff != NULL && edit_typed(ff), refuse = false;

	switch (act) {
	case ACT_SAVE: case ACT_SAVE_NEW: case ACT_DELETE: case ACT_CHOOSE:
		refuse = true;
		break;
	case ACT_NONE:
		if (key == '\r' || key == '\n' || key == UI_KEY(KEY_ENTER))
			refuse = !typed;	/* opens a chosen field's picker, else moves on */
		else if (key == UI_KEY(KEY_BACKSPACE) || key == 127 || key == 8 ||
		    key == UI_KEY(KEY_DC) || key == UI_CTRL('u') || key == UI_CTRL('k'))
			refuse = typed;
		else
			refuse = key >= 0x20 && key < 0x110000;	/* typed, or a letter opening a picker */
		break;
	default:
		break;
	}
	if (refuse)
		ui_message(a, true, "%s", ed->note);
	return refuse;
}

/* edit-internal: the form screen's state, shared by edit.c (laying out,
 * typing, drafts), edit-choose.c (the pickers of chosen fields) and
 * edit-save.c (checking, saving, merging with a version saved meanwhile,
 * deleting). Only these files include it. */
#ifndef SOCDS_UI_EDIT_INTERNAL_H
#define SOCDS_UI_EDIT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "ui-internal.h"
#include "socds/lineedit.h"

/* Room for the form's key table (edit.c checks that it fits). */
#define EDIT_NKEYS 32

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
	/* edit-entry.c: */
	bool *hidden;		/* per field: its show_if does not hold (not drawn, not saved) */
	bool *prefilled;	/* per field: value carried or defaulted; the first letter typed replaces it */
	struct record look;	/* the form's values, as show_if judges them */
	/* A date typed as d/m takes the year the field showed before typing. */
	int year_field;		/* the field year_shown is for, or -1 */
	int year_shown;		/* 0: none (the current year) */
	/* `suggest yes`: the unit's earlier values of the focused field. */
	char **sugg;
	char **sugg_key;	/* the same folded (text_fold), once: drawn at every key */
	int nsugg;
	int sugg_field;		/* the field sugg is for, or -1 */
	/* edit-note.c: a line kept on the status line while no other message
	 * shows (the office's reason, why the record is locked). */
	char note[UI_STATUS_SIZE];
	bool note_error;
	/* In a period an office above approved: read-only, nothing is saved. */
	bool locked;
};

/* edit.c */
/* Forgets the earlier values read for a `suggest yes` field. */
void edit_suggest_drop(struct edit *ed);
/* A date typed as d/m or dd/mm in field i made whole: the year the field
 * showed, or the year before when that would be after today. */
void edit_date_year(struct edit *ed, int i);
/* A field typed in a line editor (else chosen in a picker). */
bool edit_typed(const struct form_field *ff);
/* How the canonical value v of a field shows (names of records, dd/mm/yyyy...). */
const char *edit_show(struct edit *ed, struct app *a, const struct form_field *ff,
    const char *v);
/* Puts the values of r on the form (typed fields as shown, chosen ones
 * canonical) and its unit. */
void edit_show_record(struct edit *ed, const struct record *r);
/* Throws this form's draft away. */
void edit_drop_draft(struct edit *ed, struct app *a);
/* The record to edit (id), or a new one with its prefilled values under its
 * parent; 0, or -1 when it could not be read (said on the status line). */
int edit_record_init(struct edit *ed, struct app *a, const char *id, const char *parent_id);
/* Focus on the first shown field left empty. */
void edit_focus_first_empty(struct edit *ed);

/* edit-choose.c */
/* Enter, Space or F3 on a chosen field (or the unit row): its picker. */
void edit_choose(struct edit *ed, struct app *a);

/* edit-entry.c: entry in one sitting */
/* Whether field i is hidden by its show_if (as of the last edit_entry_refresh). */
bool edit_hidden(const struct edit *ed, int i);
/* Judges every show_if again on the values now on the form. */
void edit_entry_refresh(struct edit *ed);
/* A new record's values carried from the last one saved of its kind in
 * this session, and today on `default today` dates, into ed->r; marks
 * them prefilled. */
void edit_entry_prefill(struct edit *ed);
/* After a save: the carried fields' values, for the next new record. */
void edit_entry_remember(const struct edit *ed);
/* Rows the shown fields from..to (both included) take. */
int edit_rows_between(const struct edit *ed, int from, int to);
/* The field count shown fields away from from in the direction dir (the
 * unit row, -1, first when there is one); as far as there is. */
int edit_step(const struct edit *ed, int from, int dir, int count);
/* A printable key on a chosen field or the unit row (picker opened with it). */
void edit_letter_chosen(struct edit *ed, struct app *a, const struct form_field *ff, int key);
/* After a save: saved_id for the list below, carried values kept. */
void edit_saved(struct edit *ed, struct app *a);
/* F4 after the save: the next new record, same parent and unit, carried values. */
void edit_renew(struct edit *ed, struct app *a);
/* F9: the form's shown fields with a search line; the index chosen, or -1. */
int edit_goto_pick(struct edit *ed, struct app *a);

/* edit-note.c */
/* An existing record in an approved period opens read-only (store_lock_record),
 * why on the status line. */
void edit_lock_open(struct edit *ed, struct app *a);
/* On a read-only form: true when key (act) would change the record, which
 * is then refused with the reason; false when it may go on (moving, help,
 * going back, the lists below). */
bool edit_locked_refuses(struct edit *ed, struct app *a, enum ui_action act, int key);

/* edit-save.c */
/* The form's base becomes r (the version now stored). */
void edit_set_base(struct edit *ed, const struct record *r);
/* F2: checks and saves the form, merging with a version someone else saved
 * meanwhile; 1 when saved. */
int edit_save(struct edit *ed, struct app *a);
/* F8: deletes the record after asking. */
void edit_delete(struct edit *ed, struct app *a);

#endif

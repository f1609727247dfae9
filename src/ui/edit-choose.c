/* edit-choose: the form screen's chosen fields (Enter, Space or F3): the
 * unit, list choices, yes/no, records, counts per category and notes, each
 * in its picker; a note goes through the same rules as everything else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit-internal.h"
#include "socds/text.h"

void
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
		/* Members present: the team's attendance sheet (roster.c). */
		if (rk == &record_kinds[KIND_MEMBER] && ff->type == FIELD_REFS && parent != NULL)
			ok = ui_roster_present(a, parent, ed->canon[ed->focus], &out);
		else if (rk != NULL)
			ok = pick_record(a, rk, parent, ff->type == FIELD_REFS, ed->canon[ed->focus], &out);
		break;
	}
	case FIELD_COUNTS:
		ok = pick_counts(a, ff, ed->canon[ed->focus], &out);
		break;
	case FIELD_NOTE:
		ok = pick_note_field(a, form_label(ff), ed->canon[ed->focus],
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

/* merge-dupes: the warnings of a merge, as against its refusals (merge.c):
 * people new to the office who look already recorded in their unit or
 * below (the one likely-duplicate rule, dupes.h). The office sees them in
 * the report; the unit chose to keep them, so they are merged all the same. */
#include <stdio.h>

#include "merge-internal.h"
#include "socds/dupes.h"

int
merge_warn_dupes(struct store *s, const struct form *form, const char *path,
    const char *table, long line, const struct record *rec, struct merge_report *r,
    struct err *e)
{
	const struct column *col;
	const struct form_field *ff;
	struct merge_warning *m;
	char msg[ERR_MSG_MAX];

	if (!rec->kind->person)
		return 0;
	col = &rec->kind->cols[rec->kind->name_col];
	ff = form != NULL ? form_field(form, col->name) : NULL;
	if (dupes_warning(s, rec, INT64_MAX, ff != NULL ? form_label(ff) : col->name, msg,
	    sizeof msg, e) != 0)
		return e->code;
	if (msg[0] == '\0' || r->duplicates++ >= MERGE_MAX_WARNINGS)
		return 0;
	m = &r->warnings[r->nwarnings++];
	snprintf(m->kind, sizeof m->kind, "%s", rec->kind->name);
	snprintf(m->id, sizeof m->id, "%s", rec->id);
	if (snprintf(m->text, sizeof m->text, "%s:%s:%ld: %s", path, table, line, msg) >=
	    (int)sizeof m->text)
		err_utf8_cut(m->text);
	return 0;
}

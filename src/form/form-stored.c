/* form-stored: the form rules that need the database — `unique` (a value once
 * per value of another field among live records) and `within` (the records a
 * field refers to share this record's value of another field). The form
 * screen, the importer and merge ask here before writing, so that the
 * schema's own UNIQUE indexes and CHECKs are only ever a last guard. The
 * store answers the two queries; the rules and their words are the form's. */
#include <stdio.h>
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/store-record.h"
#include "socds/text.h"

/* The display name of record id of kind k, or the id itself. */
static void
stored_name(struct store *s, const char *kind, const char *id, char *buf, size_t size)
{
	const struct kind *k = kind != NULL ? record_kind(kind) : NULL;
	struct err e = { 0 };

	buf[0] = '\0';
	if (k != NULL)
		store_record_name(s, k, id, buf, size, &e);
	if (buf[0] == '\0')
		snprintf(buf, size, "%s", id);
}

static int
stored_unique(struct store *s, const struct form *f, const struct form_rule *ru,
    const struct record *r, int64_t mark, size_t *bad, struct err *e)
{
	const struct form_field *fa = &f->fields[ru->field], *fb = &f->fields[ru->other];
	const char *a = r->val[fa->col];
	char name[160];
	bool found;

	if (a == NULL || *a == '\0' || r->deleted)
		return 0;
	if (store_rule_unique(s, f->kind, f->kind->cols[fa->col].name, a,
	    f->kind->cols[fb->col].name, r->val[fb->col], r->id, mark,
	    ru->per_unit ? r->unit_code : NULL, &found, e) != 0)
		return e->code;
	if (!found)
		return 0;
	if (fa->type == FIELD_REF)
		stored_name(s, fa->ref, a, name, sizeof name);
	else {
		/* A choice by its label, as the form shows it. */
		struct tbuf shown = { 0 };
		snprintf(name, sizeof name, "%s",
		    form_format(fa, a, &shown) == 0 && shown.p != NULL ? shown.p : a);
		tbuf_free(&shown);
	}
	*bad = ru->field;
	if (ru->per_unit)
		return err_set(e, ERR_INVALID, _("%s: %s is already recorded for this unit"
		    " with the same %s"), form_label(fa), name, form_label(fb));
	return err_set(e, ERR_INVALID, _("%s: %s is already recorded with the same %s"),
	    form_label(fa), name, form_label(fb));
}

static int
stored_within(struct store *s, const struct form *f, const struct form_rule *ru,
    const struct record *r, size_t *bad, struct err *e)
{
	const struct form_field *fa = &f->fields[ru->field], *fb = &f->fields[ru->other];
	const struct kind *rk = record_kind(fa->ref);
	const char *ids = r->val[fa->col];
	char name[160], id[40];

	if (ids == NULL || *ids == '\0' || rk == NULL)
		return 0;
	if (store_rule_within(s, rk, f->kind->cols[fb->col].name, ids, r->val[fb->col], id,
	    e) != 0)
		return e->code;
	if (id[0] == '\0')
		return 0;
	stored_name(s, fa->ref, id, name, sizeof name);
	*bad = ru->field;
	return err_set(e, ERR_INVALID, _("%s: %s does not belong to the %s chosen"),
	    form_label(fa), name, form_label(fb));
}

int
form_check_stored(struct store *s, const struct form *f, const struct record *r,
    int64_t mark, size_t *bad, struct err *e)
{
	for (size_t i = 0; i < f->nrules; i++) {
		const struct form_rule *ru = &f->rules[i];
		int rc = 0;

		if (ru->type == RULE_UNIQUE)
			rc = stored_unique(s, f, ru, r, mark, bad, e);
		else if (ru->type == RULE_WITHIN)
			rc = stored_within(s, f, ru, r, bad, e);
		if (rc != 0)
			return rc;
	}
	return 0;
}

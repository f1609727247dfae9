/* draft: a form's unsaved typing as the database keeps it — the one place
 * that knows the format (draft.h); the store keeps the text, the form screen
 * gives and takes values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "socds/draft.h"
#include "socds/i18n.h"
#include "socds/store-admin.h"

/* name -> value for each field of f; vals NULL: the record r's values. */
static json_t *
draft_object(const struct form *f, const char *const *val, const struct record *r)
{
	json_t *o = json_object();

	for (size_t i = 0; o != NULL && i < f->n; i++) {
		const char *v = val != NULL ? val[i] : r->val[f->fields[i].col];
		if (json_object_set_new(o, f->fields[i].name, json_string(v != NULL ? v : "")) != 0) {
			json_decref(o);
			o = NULL;
		}
	}
	return o;
}

int
draft_encode(const struct form *f, const char *const *val, const struct record *base,
    char **text, struct err *e)
{
	json_t *o = draft_object(f, val, NULL), *b = NULL;

	*text = NULL;
	/* The version the typing started from. '@' starts no field. */
	if (o != NULL && base != NULL && ((b = draft_object(f, NULL, base)) == NULL ||
	    json_object_set_new(b, "@unit", json_string(base->unit_code)) != 0 ||
	    json_object_set_new(o, "@base", b) != 0)) {
		json_decref(o);
		o = NULL;
	}
	if (o != NULL)
		*text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (*text == NULL)
		return err_set(e, ERR_NOMEM, "%s", _("out of memory"));
	return 0;
}

void
draft_free(struct draft *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->val != NULL)
			free(d->val[i]);
		if (d->base != NULL)
			free(d->base[i]);
	}
	free(d->val);
	free(d->base);
	memset(d, 0, sizeof *d);
}

/* Each field's string in o into v (NULL when missing, not a string, or empty
 * and drop_empty). */
static int
draft_strings(const struct form *f, json_t *o, char **v, bool drop_empty)
{
	for (size_t i = 0; i < f->n; i++) {
		const char *s = json_string_value(json_object_get(o, f->fields[i].name));
		if (s == NULL || (drop_empty && *s == '\0'))
			continue;
		if ((v[i] = strdup(s)) == NULL)
			return -1;
	}
	return 0;
}

int
draft_decode(const struct form *f, const char *text, struct draft *d, struct err *e)
{
	json_error_t je;
	json_t *o = json_loads(text != NULL ? text : "", 0, &je), *b;
	int rc = 0;

	memset(d, 0, sizeof *d);
	if (o == NULL)
		return err_set(e, ERR_INVALID, _("the draft is damaged: %s (line %d, column %d)"),
		    je.text, je.line, je.column);
	if (!json_is_object(o)) {
		json_decref(o);
		return err_set(e, ERR_INVALID, "%s", _("the draft is damaged: not a JSON object"));
	}
	d->n = f->n;
	b = json_object_get(o, "@base");
	d->have_base = json_is_object(b);
	if ((d->val = calloc(f->n ? f->n : 1, sizeof *d->val)) == NULL ||
	    draft_strings(f, o, d->val, false) != 0 ||
	    (d->have_base && ((d->base = calloc(f->n ? f->n : 1, sizeof *d->base)) == NULL ||
	    draft_strings(f, b, d->base, true) != 0))) {
		draft_free(d);
		rc = err_set(e, ERR_NOMEM, "%s", _("out of memory"));
	} else if (d->have_base) {
		const char *u = json_string_value(json_object_get(b, "@unit"));
		snprintf(d->base_unit, sizeof d->base_unit, "%s", u != NULL ? u : "");
	}
	json_decref(o);
	return rc;
}

int
draft_keep(struct store *s, struct draft_row *row, const struct form *f,
    const char *const *val, const struct record *base, struct err *e)
{
	char *text;
	int rc = draft_encode(f, val, base, &text, e);

	if (rc != 0)
		return rc;
	rc = store_draft_save(s, &row->seq, row->kind, row->record_id, row->parent_id, row->unit,
	    row->base_version, text, e);
	free(text);
	return rc;
}

int
draft_drop(struct store *s, int64_t *seq, struct err *e)
{
	int rc = 0;

	if (*seq > 0 && (rc = store_draft_delete(s, *seq, e)) == 0)
		*seq = 0;
	return rc;
}

int
draft_open(const struct draft_row *row, const struct form *f, struct draft *d, struct err *e)
{
	struct err de = { 0 };
	int rc = draft_decode(f, row->fields, d, &de);

	if (rc == ERR_INVALID)
		return err_set(e, rc, _("The unsaved form \"%s\" kept at %s cannot be opened: %s."),
		    i18n_pick(f->title_vi, f->title_en), row->saved_at != NULL ? row->saved_at : "?",
		    de.msg);
	if (rc != 0)
		*e = de;
	return rc;
}

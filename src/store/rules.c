/* rules: the form rules that need the database — `unique` (a value once per
 * value of another field among live records) and `within` (the records a
 * field refers to share this record's value of another field). The form
 * screen, the importer and merge ask here before writing, so that the
 * schema's own UNIQUE indexes and CHECKs are only ever a last guard. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-record.h"
#include "socds/form.h"
#include "socds/i18n.h"

/* The display name of record id of kind k, or the id itself. */
static void
store_rule_name(struct store *s, const char *kind, const char *id, char *buf, size_t size)
{
	const struct kind *k = kind != NULL ? record_kind(kind) : NULL;
	struct err e = { 0 };

	buf[0] = '\0';
	if (k != NULL)
		store_record_name(s, k, id, buf, size, &e);
	if (buf[0] == '\0')
		snprintf(buf, size, "%s", id);
}

/* unique: another live record of the kind (not r itself, and stored before
 * mark) with the same field and other values. */
static int
store_rule_unique(struct store *s, const struct form *f, const struct form_rule *ru,
    const struct record *r, int64_t mark, bool *found, struct err *e)
{
	const struct kind *k = f->kind;
	const char *ca = k->cols[f->fields[ru->field].col].name;
	const char *cb = k->cols[f->fields[ru->other].col].name;
	const char *a = r->val[f->fields[ru->field].col], *b = r->val[f->fields[ru->other].col];
	char sql[256];
	sqlite3_stmt *st;
	int rc;

	*found = false;
	if (a == NULL || *a == '\0' || r->deleted)
		return 0;
	/* Names from the record kinds (src/model/record.c), never from input. */
	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE deleted = 0 AND %s = ?1 AND %s IS ?2"
	    " AND id <> ?3 AND rowid <= ?4%s LIMIT 1", k->table, ca, cb,
	    ru->per_unit ? " AND unit_code = ?5" : "");
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL && *b != '\0')
		store_bind_text(s, st, 2, b, -1, SQLITE_STATIC);
	store_bind_text(s, st, 3, r->id, -1, SQLITE_STATIC);
	store_bind_int64(s, st, 4, mark);
	if (ru->per_unit)
		store_bind_text(s, st, 5, r->unit_code, -1, SQLITE_STATIC);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, k->name);
}

/* within: the first id of the field whose record has another value of
 * other than r (bad, empty when none). Records that are not there are
 * left to the reference checks. */
static int
store_rule_within(struct store *s, const struct form *f, const struct form_rule *ru,
    const struct record *r, char bad[40], struct err *e)
{
	const struct form_field *fa = &f->fields[ru->field];
	const struct kind *rk = record_kind(fa->ref);
	const char *cb = f->kind->cols[f->fields[ru->other].col].name;
	const char *ids = r->val[fa->col], *b = r->val[f->fields[ru->other].col];
	char sql[160];
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	bad[0] = '\0';
	if (ids == NULL || *ids == '\0' || rk == NULL)
		return 0;
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = ?1", cb, rk->table);
	if ((st = store_cached(s, sql, e)) == NULL)
		return e->code;
	while (*ids != '\0' && bad[0] == '\0') {
		size_t n = strcspn(ids, ";");
		char id[40];
		snprintf(id, sizeof id, "%.*s", (int)(n < sizeof id ? n : sizeof id - 1), ids);
		ids += n + (ids[n] == ';');
		sqlite3_reset(st);
		store_bind_text(s, st, 1, id, -1, SQLITE_TRANSIENT);
		if ((rc = store_step(s, st)) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(st, 0);
			if ((v == NULL) != (b == NULL) || (v != NULL && strcmp(v, b) != 0))
				snprintf(bad, 40, "%s", id);
			rc = SQLITE_DONE;
		} else if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, f->kind->name);
}

int
store_check_rules(struct store *s, const struct form *f, const struct record *r,
    int64_t mark, size_t *bad, struct err *e)
{
	char name[160], id[40];
	bool found;

	for (size_t i = 0; i < f->nrules; i++) {
		const struct form_rule *ru = &f->rules[i];
		const struct form_field *fa = &f->fields[ru->field], *fb = &f->fields[ru->other];

		if (ru->type == RULE_UNIQUE) {
			if (store_rule_unique(s, f, ru, r, mark, &found, e) != 0)
				return e->code;
			if (!found)
				continue;
			if (fa->type == FIELD_REF)
				store_rule_name(s, fa->ref, r->val[fa->col], name, sizeof name);
			else {
				/* A choice by its label, as the form shows it. */
				struct tbuf shown = { 0 };
				snprintf(name, sizeof name, "%s", form_format(fa, r->val[fa->col],
				    &shown) == 0 && shown.p != NULL ? shown.p : r->val[fa->col]);
				tbuf_free(&shown);
			}
			*bad = ru->field;
			if (ru->per_unit)
				return err_set(e, ERR_INVALID, _("%s: %s is already recorded for this unit"
				    " with the same %s"), form_label(fa), name, form_label(fb));
			return err_set(e, ERR_INVALID, _("%s: %s is already recorded with the same %s"),
			    form_label(fa), name, form_label(fb));
		}
		if (ru->type == RULE_WITHIN) {
			if (store_rule_within(s, f, ru, r, id, e) != 0)
				return e->code;
			if (id[0] == '\0')
				continue;
			store_rule_name(s, fa->ref, id, name, sizeof name);
			*bad = ru->field;
			return err_set(e, ERR_INVALID, _("%s: %s does not belong to the %s chosen"),
			    form_label(fa), name, form_label(fb));
		}
	}
	return 0;
}

int
store_record_version(struct store *s, const struct kind *k, const char *id, int64_t *version,
    struct err *e)
{
	sqlite3_stmt *st;

	*version = 0;
	if ((st = store_kind_stmt(s, k, "SELECT version FROM %s WHERE id = ?1", e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, id, -1, SQLITE_STATIC);
	return store_step_int(s, st, version, NULL, k->name, e);
}

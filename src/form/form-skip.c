/* form-skip: what makes entry in one sitting quick — `carry` (a new record
 * starts with the last saved value), `suggest` (earlier values of a text
 * offered while typing), `default today` on dates, and
 * `show_if FIELD OP VALUE` (a field asked only when another's value says
 * it applies): read from the form file, checked at start-up, and judged on
 * a record (form_applies). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "form-internal.h"

static const char *const form_show_ops[] = { "=", "!=", "filled", "empty" };

int
form_skip_block(struct form_reader *rd, struct form_field *ff)
{
	struct form_block *b = &rd->b;
	const char *d = b->v[FORM_KEY_DEFAULT];

	if (b->v[FORM_KEY_CARRY] != NULL) {
		int yes = form_word_bool(b->v[FORM_KEY_CARRY]);
		if (yes < 0)
			return form_fault(rd, b->at[FORM_KEY_CARRY],
			    _("'carry' must be yes or no, not '%s'"), b->v[FORM_KEY_CARRY]);
		ff->carry = yes == 1;
	}
	if (b->v[FORM_KEY_SUGGEST] != NULL) {
		int yes = form_word_bool(b->v[FORM_KEY_SUGGEST]);
		if (yes < 0)
			return form_fault(rd, b->at[FORM_KEY_SUGGEST],
			    _("'suggest' must be yes or no, not '%s'"), b->v[FORM_KEY_SUGGEST]);
		if (yes == 1 && ff->type != FIELD_TEXT)
			return form_fault(rd, b->at[FORM_KEY_SUGGEST],
			    _("'suggest' applies only to the type text, not %s"),
			    form_types[ff->type]);
		ff->suggest = yes == 1;
	}
	if (d != NULL && (strcmp(d, "today") == 0 || strcmp(d, "hôm nay") == 0)) {
		if (ff->type != FIELD_DATE)
			return form_fault(rd, b->at[FORM_KEY_DEFAULT],
			    _("'default today' applies only to the type date, not %s"),
			    form_types[ff->type]);
		ff->def_today = true;
	}
	/* The words are taken with the other strings, once the block passed. */
	ff->has_show_if = b->v[FORM_KEY_SHOW_IF] != NULL;
	ff->show_line = b->at[FORM_KEY_SHOW_IF];
	return 0;
}

/* Whether op suits what the field it looks at holds. */
static bool
form_skip_op_suits(enum form_show_op op, enum field_type t)
{
	switch (op) {
	case FORM_SHOW_EQ:
	case FORM_SHOW_NE:
		/* One value each, compared whole. */
		return t != FIELD_NOTE && t != FIELD_MULTI && t != FIELD_REFS &&
		    t != FIELD_COUNTS;
	case FORM_SHOW_FILLED:
	case FORM_SHOW_EMPTY:
		/* A yes/no is never empty: it holds no. */
		return t != FIELD_BOOL;
	}
	return false;
}

/* "FIELD OP VALUE" of field i into its show_* members. */
static int
form_skip_resolve(struct form_reader *rd, size_t i)
{
	struct form *f = rd->f;
	struct form_field *ff = &f->fields[i];
	const struct form_field *c;
	char *w = ff->show_raw, *name, *op, *value;
	struct tbuf canon = { 0 };
	struct err e2 = { 0 };
	size_t k, nops = sizeof form_show_ops / sizeof form_show_ops[0];
	int rc;

	name = w + strspn(w, " \t");
	op = name + strcspn(name, " \t");
	if (*op != '\0')
		*op++ = '\0';
	op += strspn(op, " \t");
	value = op + strcspn(op, " \t");
	if (*value != '\0')
		*value++ = '\0';
	value += strspn(value, " \t");
	if ((c = form_field(f, name)) == NULL)
		return form_fault(rd, ff->show_line, _("show_if: '%s' is not a field of this form"),
		    name);
	if (c == ff)
		return form_fault(rd, ff->show_line, _("show_if: the field %s cannot depend on itself"),
		    ff->name);
	for (k = 0; k < nops && strcmp(op, form_show_ops[k]) != 0; k++)
		;
	if (k == nops)
		return form_fault(rd, ff->show_line,
		    _("show_if: unknown operator '%s' (=, !=, filled or empty)"), op);
	ff->show_op = (enum form_show_op)k;
	ff->show_field = (size_t)(c - f->fields);
	if (!form_skip_op_suits(ff->show_op, c->type))
		return form_fault(rd, ff->show_line,
		    _("show_if: the operator %s does not suit %s, of type %s"), op, c->name,
		    form_types[c->type]);
	if (ff->show_op == FORM_SHOW_FILLED || ff->show_op == FORM_SHOW_EMPTY) {
		if (*value != '\0')
			return form_fault(rd, ff->show_line,
			    _("show_if: '%s' takes no value, but '%s' follows it"), op, value);
		return 0;
	}
	if (*value == '\0')
		return form_fault(rd, ff->show_line, _("show_if: '%s' needs a value"), op);
	/* The value as the field it looks at would take it, kept canonical. */
	if ((rc = form_parse(c, value, &canon, &e2)) != 0 || canon.len == 0) {
		tbuf_free(&canon);
		if (rc == ERR_NOMEM)
			return form_read_nomem(rd);
		return form_fault(rd, ff->show_line, _("show_if: the value is not valid: %s"),
		    rc != 0 ? e2.msg : value);
	}
	ff->show_value = canon.p;
	return 0;
}

int
form_skip_end(struct form_reader *rd)
{
	struct form *f = rd->f;

	for (size_t i = 0; i < f->n; i++) {
		struct form_field *ff = &f->fields[i];
		if (!ff->has_show_if)
			continue;
		if (form_skip_resolve(rd, i) != 0)
			return rd->e->code;
		free(ff->show_raw);
		ff->show_raw = NULL;
		/* A column the database needs is always asked. */
		if (form_is_needed(f->kind, ff->name))
			return form_fault(rd, ff->show_line,
			    _("show_if: the field %s cannot be hidden: the database needs it"),
			    ff->name);
	}
	/* A chain of show_if that comes back to where it started never settles. */
	for (size_t i = 0; i < f->n; i++) {
		size_t at = i, steps = 0;
		while (f->fields[at].has_show_if && steps <= f->n) {
			at = f->fields[at].show_field;
			steps++;
			if (at == i)
				return form_fault(rd, f->fields[i].show_line,
				    _("show_if: %s depends on itself through %s"), f->fields[i].name,
				    f->fields[f->fields[i].show_field].name);
		}
	}
	return 0;
}

bool
form_applies(const struct form *f, const struct record *r, size_t field)
{
	const struct form_field *ff = &f->fields[field], *c;
	const char *v;
	bool given;

	if (!ff->has_show_if || ff->show_field >= f->n)
		return true;
	c = &f->fields[ff->show_field];
	/* What does not apply is empty for whatever looks at it (no cycles:
	 * refused at load). */
	v = form_applies(f, r, ff->show_field) ? r->val[c->col] : NULL;
	given = v != NULL && *v != '\0';
	if (c->type == FIELD_BOOL && !given)
		v = "0";	/* a yes/no left empty holds no */
	switch (ff->show_op) {
	case FORM_SHOW_EQ: return (given || c->type == FIELD_BOOL) && form_equal(c, v, ff->show_value);
	case FORM_SHOW_NE: return !((given || c->type == FIELD_BOOL) && form_equal(c, v, ff->show_value));
	case FORM_SHOW_FILLED: return given;
	case FORM_SHOW_EMPTY: return !given;
	}
	return true;
}

size_t
form_clear_hidden(const struct form *f, struct record *r, bool *was)
{
	bool *hide = calloc(f->n ? f->n : 1, sizeof *hide);
	size_t n = 0;

	/* Judged on the record as given, then cleared: clearing one field
	 * never changes what the others were judged on. */
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *ff = &f->fields[i];
		const char *v = r->val[ff->col];
		/* A yes/no is cleared to no, as the store keeps it. */
		bool h = !form_applies(f, r, i) && v != NULL && *v != '\0' &&
		    !(ff->type == FIELD_BOOL && strcmp(v, "0") == 0);
		if (was != NULL)
			was[i] = h;
		if (hide != NULL)
			hide[i] = h;
		else if (h)	/* no memory for the list: clear as we go */
			record_set(r, ff->col, ff->type == FIELD_BOOL ? "0" : NULL);
		n += h;
	}
	for (size_t i = 0; i < f->n && hide != NULL; i++)
		if (hide[i])
			record_set(r, f->fields[i].col, f->fields[i].type == FIELD_BOOL ? "0" : NULL);
	free(hide);
	return n;
}

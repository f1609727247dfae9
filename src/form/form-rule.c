/* form-rule: the `rule` lines of a form — after, one_of, unique, within —
 * read as written and checked once every field is known. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "form-internal.h"

/* In the order of enum rule_type. */
static const char *const form_rule_names[] = { "after", "one_of", "unique", "within" };

const char *
form_rule_name(enum rule_type t)
{
	return (size_t)t < sizeof form_rule_names / sizeof form_rule_names[0] ?
	    form_rule_names[t] : "?";
}

/* "rule TYPE FIELD OTHER": closes the open field block; kept as written
 * until the end, when every field is known. */
int
form_rule_line(struct form_reader *rd, const char *value)
{
	struct form_raw_rule *more;
	char type[32];
	size_t n = strcspn(value, " \t");

	if (rd->b.line != 0 && form_block_end(rd) != 0)
		return rd->e->code;
	if (*value == '\0')
		return form_fault(rd, rd->line, _("'%s' needs a value"), "rule");
	snprintf(type, sizeof type, "%.*s", (int)(n < sizeof type ? n : sizeof type - 1), value);
	for (n = 0; n < sizeof form_rule_names / sizeof form_rule_names[0]; n++)
		if (strcmp(type, form_rule_names[n]) == 0)
			break;
	if (n == sizeof form_rule_names / sizeof form_rule_names[0])
		return form_fault(rd, rd->line,
		    _("unknown rule '%s' (rules: after, one_of, unique, within)"), type);
	if ((more = realloc(rd->rules, (rd->nrules + 1) * sizeof *more)) == NULL)
		return form_read_nomem(rd);
	rd->rules = more;
	if ((more[rd->nrules].words = strdup(value)) == NULL)
		return form_read_nomem(rd);
	more[rd->nrules++].line = rd->line;
	return 0;
}

/* Whether field type t is a number or a date that `after` can compare. */
static int
form_rule_order(enum field_type t)
{
	return t == FIELD_DATE ? 1 : t == FIELD_INT || t == FIELD_DECIMAL ? 2 : 0;
}

/* Whether the rule suits the two fields it names (their types and columns). */
static int
form_rule_fits(struct form_reader *rd, const struct form_rule *ru, const struct form_field *fa,
    const struct form_field *fb)
{
	int rc = 0;

	switch (ru->type) {
	case RULE_AFTER:
		if (form_rule_order(fa->type) == 0 || form_rule_order(fa->type) !=
		    form_rule_order(fb->type))
			rc = form_fault(rd, ru->line,
			    _("the rule after compares two dates or two numbers, not %s and %s"),
			    form_types[fa->type], form_types[fb->type]);
		break;
	case RULE_ONE_OF:
		if (fa->required || fb->required)
			rc = form_fault(rd, ru->line,
			    _("the rule one_of cannot name the required field %s"),
			    fa->required ? fa->name : fb->name);
		break;
	case RULE_UNIQUE:
		if (rd->f->kind->cols[fa->col].type == COL_CHILD_IDS ||
		    rd->f->kind->cols[fa->col].type == COL_CHILD_COUNTS ||
		    rd->f->kind->cols[fb->col].type == COL_CHILD_IDS ||
		    rd->f->kind->cols[fb->col].type == COL_CHILD_COUNTS || fa->type == FIELD_NOTE)
			rc = form_fault(rd, ru->line,
			    _("the rule unique needs two fields of one value each, not %s and %s"),
			    form_types[fa->type], form_types[fb->type]);
		break;
	case RULE_WITHIN: {
		const struct kind *rk = fa->ref != NULL ? record_kind(fa->ref) : NULL;
		int oc = rk != NULL ? record_col_index(rk, fb->name) : -1;
		if ((fa->type != FIELD_REF && fa->type != FIELD_REFS) || rk == NULL || oc < 0 ||
		    rk->cols[oc].type != COL_REF || rd->f->kind->cols[fb->col].type != COL_REF ||
		    strcmp(rk->cols[oc].ref, rd->f->kind->cols[fb->col].ref) != 0)
			rc = form_fault(rd, ru->line,
			    _("the rule within needs %s to refer to records that also have %s"),
			    fa->name, fb->name);
		break;
	}
	}
	return rc;
}

/* Checks one rule against the form's fields and adds it to the form. */
int
form_rule_end(struct form_reader *rd, const struct form_raw_rule *raw)
{
	struct form *f = rd->f;
	struct form_rule ru = { 0 };
	const struct form_field *fa, *fb;
	char *copy, *save = NULL, *w[4] = { 0 };
	int nw = 0, rc = 0;

	if ((copy = strdup(raw->words)) == NULL)
		return form_read_nomem(rd);
	for (char *t = strtok_r(copy, " \t", &save); t != NULL; t = strtok_r(NULL, " \t", &save))
		if (nw < 4)
			w[nw++] = t;
		else
			nw++;
	for (size_t i = 0; i < sizeof form_rule_names / sizeof form_rule_names[0]; i++)
		if (strcmp(w[0], form_rule_names[i]) == 0)
			ru.type = (enum rule_type)i;
	ru.line = raw->line;
	/* `rule unique FIELD OTHER unit`: once per OTHER within each unit. */
	if (nw == 4 && ru.type == RULE_UNIQUE && strcmp(w[3], "unit") == 0) {
		ru.per_unit = true;
		nw = 3;
	}
	if (nw != 3) {
		rc = form_fault(rd, raw->line,
		    _("a rule names two fields: rule %s FIELD OTHER"), w[0]);
		goto out;
	}
	for (int i = 1; i <= 2; i++)
		if (form_field(f, w[i]) == NULL) {
			rc = form_fault(rd, raw->line, _("'%s' is not a field of this form"), w[i]);
			goto out;
		}
	fa = form_field(f, w[1]);
	fb = form_field(f, w[2]);
	ru.field = (size_t)(fa - f->fields);
	ru.other = (size_t)(fb - f->fields);
	if (fa == fb) {
		rc = form_fault(rd, raw->line, _("a rule names two different fields"));
		goto out;
	}
	rc = form_rule_fits(rd, &ru, fa, fb);
	if (rc == 0) {
		struct form_rule *more = realloc(f->rules, (f->nrules + 1) * sizeof *more);
		if (more == NULL)
			rc = form_read_nomem(rd);
		else {
			f->rules = more;
			f->rules[f->nrules++] = ru;
		}
	}
out:
	free(copy);
	return rc;
}

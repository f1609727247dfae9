/* form-check: a whole record against its form — every value
 * (form_check_record), upgrades of old values, the form's rules and the
 * values that must be unique (form_check_seen). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/uuid.h"
#include "form-internal.h"

int
form_check_record(const struct form *f, const struct record *r, size_t *bad,
    struct err *e)
{
	struct tbuf out = { 0 };
	int rc = 0, same;

	if (r->kind != f->kind)
		return err_set(e, ERR_FAIL, "form %s given a %s record", f->kind->name,
		    r->kind->name);
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *ff = &f->fields[i];
		const char *v = r->val[ff->col];

		/* show_if: not asked, so not required; a value left there by an
		 * older socds is still judged. */
		if ((v == NULL || *v == '\0') && !form_applies(f, r, i))
			continue;
		if ((rc = form_parse(ff, v, &out, e)) != 0) {
			*bad = i;
			break;
		}
		if ((same = form_same(ff, v, out.p)) < 0) {
			rc = form_nomem(e);
			*bad = i;
			break;
		}
		if (!same) {
			rc = err_set(e, ERR_INVALID, _("%s: '%s' is not in the stored form '%s'"),
			    form_label(ff), v, out.p);
			*bad = i;
			break;
		}
	}
	/* The warnings confirmed, a column no form shows: names it as field 0. */
	if (rc == 0 && (rc = form_warn_check(r, e)) != 0)
		*bad = 0;
	tbuf_free(&out);
	return rc;
}

int
form_upgrade_record(const struct form *f, struct record *r, size_t *changed,
    struct err *e)
{
	struct tbuf out = { 0 };
	struct err pe = { 0 };
	int rc = 0;

	if (changed != NULL)
		*changed = 0;
	for (size_t i = 0; i < f->n && rc == 0; i++) {
		const struct form_field *ff = &f->fields[i];
		const char *v = r->val[ff->col];
		bool old;

		if (v == NULL)
			continue;
		if (ff->type == FIELD_PHONE)
			old = strncmp(v, "+84", 3) == 0;
		else if (ff->type == FIELD_TEXT || ff->type == FIELD_NOTE)
			old = text_lookalikes(v) > 0;
		else
			old = false;
		/* A value that does not parse is left for form_check_record to name. */
		if (!old || form_parse(ff, v, &out, &pe) != 0 || strcmp(out.p, v) == 0)
			continue;
		if (record_set(r, ff->col, out.p) != 0)
			rc = form_nomem(e);
		else if (changed != NULL)
			(*changed)++;
	}
	tbuf_free(&out);
	return rc;
}

/* A number or ISO date compared as `after` compares them: dates as text,
 * numbers by value. */
static int
form_rule_cmp(const struct form_field *ff, const char *a, const char *b)
{
	if (ff->type == FIELD_DATE)
		return strcmp(a, b);
	double x = strtod(a, NULL), y = strtod(b, NULL);
	return x < y ? -1 : x > y;
}

int
form_check_rules(const struct form *f, const struct record *r, size_t *bad,
    struct err *e)
{
	for (size_t i = 0; i < f->nrules; i++) {
		const struct form_rule *ru = &f->rules[i];
		const struct form_field *fa = &f->fields[ru->field], *fb = &f->fields[ru->other];
		const char *a = r->val[fa->col], *b = r->val[fb->col];

		if (a != NULL && (*a == '\0' || !form_applies(f, r, ru->field)))
			a = NULL;
		if (b != NULL && (*b == '\0' || !form_applies(f, r, ru->other)))
			b = NULL;
		if (ru->type == RULE_ONE_OF && (a == NULL) == (b == NULL)) {
			*bad = ru->field;
			return err_set(e, ERR_INVALID, a == NULL ?
			    _("%s, %s: give one of the two") :
			    _("%s, %s: give only one of the two, not both"),
			    form_label(fa), form_label(fb));
		}
		if (ru->type == RULE_AFTER && a != NULL && b != NULL &&
		    form_rule_cmp(fa, a, b) < 0) {
			struct tbuf sa = { 0 }, sb = { 0 };
			int rc;
			if (form_format(fa, a, &sa) != 0 || form_format(fb, b, &sb) != 0)
				rc = form_nomem(e);
			else
				rc = err_set(e, ERR_INVALID, _("%s: %s is before %s %s"), form_label(fa),
				    sa.p, form_label(fb), sb.p);
			*bad = ru->field;
			tbuf_free(&sa);
			tbuf_free(&sb);
			return rc;
		}
	}
	return 0;
}

static size_t
form_seen_hash(const char *s)
{
	size_t h = (size_t)1469598103934665603ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ull;
	return h;
}

int
form_seen_put(struct form_seen *st, const char *key, long line, long *prev)
{
	size_t i;

	if ((st->n + 1) * 2 > st->cap) {
		struct form_seen big = { 0 };
		big.cap = st->cap ? st->cap * 2 : 64;
		big.key = calloc(big.cap, sizeof *big.key);
		big.line = calloc(big.cap, sizeof *big.line);
		if (big.key == NULL || big.line == NULL) {
			free(big.key);
			free(big.line);
			return -1;
		}
		for (size_t k = 0; k < st->cap; k++) {
			if (st->key[k] == NULL)
				continue;
			for (i = form_seen_hash(st->key[k]) & (big.cap - 1); big.key[i] != NULL;
			    i = (i + 1) & (big.cap - 1))
				;
			big.key[i] = st->key[k];
			big.line[i] = st->line[k];
		}
		big.n = st->n;
		free(st->key);
		free(st->line);
		*st = big;
	}
	for (i = form_seen_hash(key) & (st->cap - 1); st->key[i] != NULL; i = (i + 1) & (st->cap - 1))
		if (strcmp(st->key[i], key) == 0) {
			*prev = st->line[i];
			return 1;
		}
	if ((st->key[i] = strdup(key)) == NULL)
		return -1;
	st->line[i] = line;
	st->n++;
	return 0;
}

void
form_seen_free(struct form_seen *st)
{
	for (size_t i = 0; i < st->cap; i++)
		free(st->key[i]);
	free(st->key);
	free(st->line);
	memset(st, 0, sizeof *st);
}

int
form_check_seen(const struct form *f, const struct record *r, struct form_seen *seen,
    long line, size_t *bad, struct err *e)
{
	struct tbuf key = { 0 };
	int rc = 0;

	if (r->deleted)
		return 0;
	for (size_t i = 0; i < f->nrules && rc == 0; i++) {
		const struct form_rule *ru = &f->rules[i];
		const struct form_field *fa = &f->fields[ru->field], *fb = &f->fields[ru->other];
		const char *a = r->val[fa->col], *b = r->val[fb->col];
		char num[24];
		long prev;
		int n;

		if (ru->type != RULE_UNIQUE || a == NULL || *a == '\0')
			continue;
		snprintf(num, sizeof num, "%zu", i);
		if (form_buf_reset(&key) != 0 || form_buf_str(&key, num) != 0 ||
		    form_buf_str(&key, "\x1f") != 0 || form_buf_str(&key, a) != 0 ||
		    form_buf_str(&key, "\x1f") != 0 || form_buf_str(&key, b != NULL ? b : "") != 0 ||
		    (ru->per_unit && (form_buf_str(&key, "\x1f") != 0 ||
		    form_buf_str(&key, r->unit_code) != 0)) ||
		    (n = form_seen_put(seen, key.p, line, &prev)) < 0) {
			rc = form_nomem(e);
			break;
		}
		if (n > 0) {
			*bad = ru->field;
			rc = err_set(e, ERR_INVALID, _("%s: given again with the same %s (also on line"
			    " %ld)"), form_label(fa), form_label(fb), prev);
		}
	}
	tbuf_free(&key);
	return rc;
}

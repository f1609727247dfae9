/* form-warn: soft warnings, the `warn` lines of a form. A value the rules
 * accept may still be unlikely (a training of 0 hours, 9,999,999 citizens
 * helped in one afternoon, an activity dated next year): the form screen
 * shows the warning on save and the user may save anyway, the record then
 * keeping the warning's name so that the office above sees what was
 * overridden. Read here (kept apart from form.c's fields and rules), and
 * checked on a record by form_warnings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "form-internal.h"

#define FORM_WARN_LIST_MAX	1000	/* bytes of a stored list of names */

static const char *const form_warn_ops[] = { "=", "<", ">", "<=", ">=", "empty" };
#define FORM_WARN_NOPS (sizeof form_warn_ops / sizeof form_warn_ops[0])

static bool
form_warn_name_ok(const char *s, size_t len)
{
	if (len == 0 || len > FORM_WARN_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

int
form_warn_line(struct form_reader *rd, const char *value)
{
	struct form_raw_warn *more;

	if (rd->b.line != 0 && form_block_end(rd) != 0)
		return rd->e->code;
	if (*value == '\0')
		return form_fault(rd, rd->line, _("'%s' needs a value"), "warn");
	if ((more = realloc(rd->warns, (rd->nwarns + 1) * sizeof *more)) == NULL)
		return form_read_nomem(rd);
	rd->warns = more;
	memset(&more[rd->nwarns], 0, sizeof *more);
	if ((more[rd->nwarns].words = strdup(value)) == NULL)
		return form_read_nomem(rd);
	more[rd->nwarns++].line = rd->line;
	rd->warn_open = true;
	return 0;
}

int
form_warn_key(struct form_reader *rd, const char *key, const char *value)
{
	struct form_raw_warn *w = &rd->warns[rd->nwarns - 1];
	int i;

	if (strcmp(key, "message.vi") == 0)
		i = 0;
	else if (strcmp(key, "message.en") == 0)
		i = 1;
	else
		return form_fault(rd, rd->line,
		    _("unknown key '%s' (a warn line takes message.vi and message.en)"), key);
	if (*value == '\0')
		return form_fault(rd, rd->line, _("'%s' needs a value"), key);
	if (w->msg[i] != NULL)
		return form_fault(rd, rd->line, _("'%s' is given twice (first on line %d)"), key,
		    w->msg_at[i]);
	if ((w->msg[i] = strdup(value)) == NULL)
		return form_read_nomem(rd);
	w->msg_at[i] = rd->line;
	return 0;
}

/* The operators a field of type t can be compared with. */
static bool
form_warn_op_suits(const struct form_field *ff, enum warn_op op)
{
	switch (ff->type) {
	case FIELD_INT:
	case FIELD_DECIMAL:
	case FIELD_DATE:
	case FIELD_COUNTS:
		return true;
	case FIELD_TEXT:
	case FIELD_NOTE:
	case FIELD_PHONE:
	case FIELD_EMAIL:
	case FIELD_CHOICE:
		return op == WARN_EQ || op == WARN_EMPTY;
	case FIELD_BOOL:
		return op == WARN_EQ;	/* a yes/no is never empty: `= no` */
	case FIELD_MULTI:
	case FIELD_REF:
	case FIELD_REFS:
		return op == WARN_EMPTY;
	}
	return false;
}

/* One condition, words w[0..nw): "FIELD OP VALUE" or "FIELD empty". */
static int
form_warn_cond(struct form_reader *rd, int line, char **w, int nw, struct form_warn_cond *c)
{
	const struct form_field *ff;
	struct tbuf canon = { 0 };
	struct err e2 = { 0 };
	size_t op;
	int rc;

	if (nw < 2)
		return form_fault(rd, line,
		    _("a warn condition is FIELD OP VALUE or FIELD empty, not '%s'"), w[0]);
	if ((ff = form_field(rd->f, w[0])) == NULL)
		return form_fault(rd, line, _("'%s' is not a field of this form"), w[0]);
	c->field = (size_t)(ff - rd->f->fields);
	for (op = 0; op < FORM_WARN_NOPS; op++)
		if (strcmp(w[1], form_warn_ops[op]) == 0)
			break;
	if (op == FORM_WARN_NOPS)
		return form_fault(rd, line, _("unknown operator '%s' (=, <, >, <=, >= or empty)"),
		    w[1]);
	c->op = (enum warn_op)op;
	if (c->op == WARN_EMPTY && nw != 2)
		return form_fault(rd, line, _("'empty' takes no value: %s empty"), w[0]);
	if (c->op != WARN_EMPTY && nw != 3)
		return form_fault(rd, line, _("the operator %s needs one value: %s %s VALUE"), w[1],
		    w[0], w[1]);
	if (!form_warn_op_suits(ff, c->op))
		return form_fault(rd, line, _("the operator %s does not suit the type %s of %s"),
		    w[1], form_types[ff->type], ff->name);
	if (c->op == WARN_EMPTY) {
		if (ff->required)
			return form_fault(rd, line,
			    _("the field %s is required: it is never empty"), ff->name);
		return 0;
	}
	if (ff->type == FIELD_DATE && strcmp(w[2], "today") == 0) {
		c->today = true;
		return 0;
	}
	/* counts: the literal is one category's number. */
	if (ff->type == FIELD_COUNTS) {
		char *end;
		long long v = strtoll(w[2], &end, 10);
		if (*end != '\0' || w[2][strspn(w[2], "0123456789")] != '\0' || v < 0 ||
		    v > FORM_COUNT_MAX)
			return form_fault(rd, line,
			    _("'%s' is not a count from 0 to %lld"), w[2], (long long)FORM_COUNT_MAX);
		if ((c->value = strdup(w[2])) == NULL)
			return form_read_nomem(rd);
		return 0;
	}
	if ((rc = form_parse(ff, w[2], &canon, &e2)) != 0 || canon.len == 0) {
		if (rc == ERR_NOMEM)
			rc = form_read_nomem(rd);
		else
			rc = form_fault(rd, line, _("the value is not valid: %s"),
			    rc != 0 ? e2.msg : w[2]);
		tbuf_free(&canon);
		return rc;
	}
	c->value = strdup(canon.p);
	tbuf_free(&canon);
	return c->value == NULL ? form_read_nomem(rd) : 0;
}

static void
form_warn_free(struct form_warn *w)
{
	free(w->name);
	for (int i = 0; i < FORM_WARN_CONDS; i++)
		free(w->cond[i].value);
	free(w->msg_vi);
	free(w->msg_en);
	memset(w, 0, sizeof *w);
}

/* Splits the words of a warn line (a value of a text field holds no
 * spaces here: literals are one word). */
#define FORM_WARN_WORDS (1 + FORM_WARN_CONDS * 4)

static int
form_warn_one(struct form_reader *rd, struct form_raw_warn *raw, struct form_warn *w)
{
	char *copy, *save = NULL, *word[FORM_WARN_WORDS + 1];
	int nw = 0, rc = 0, from;

	if (raw->msg[0] == NULL)
		return form_fault(rd, raw->line, _("the warning has no message.vi"));
	if ((copy = strdup(raw->words)) == NULL)
		return form_read_nomem(rd);
	for (char *t = strtok_r(copy, " \t", &save); t != NULL; t = strtok_r(NULL, " \t", &save))
		if (nw < FORM_WARN_WORDS + 1)
			word[nw++] = t;
	w->line = raw->line;
	if (!form_warn_name_ok(word[0], strlen(word[0]))) {
		rc = form_fault(rd, raw->line,
		    _("a warning's name is 1 to %d letters a-z, digits and '_', not '%s'"),
		    FORM_WARN_NAME_MAX, word[0]);
		goto out;
	}
	for (size_t i = 0; i < rd->f->nwarns; i++)
		if (strcmp(rd->f->warns[i].name, word[0]) == 0) {
			rc = form_fault(rd, raw->line, _("the warning %s appears twice (first on line"
			    " %d)"), word[0], rd->f->warns[i].line);
			goto out;
		}
	if (nw > FORM_WARN_WORDS) {
		rc = form_fault(rd, raw->line, _("a warning has at most %d conditions"),
		    FORM_WARN_CONDS);
		goto out;
	}
	if ((w->name = strdup(word[0])) == NULL) {
		rc = form_read_nomem(rd);
		goto out;
	}
	/* COND [and COND]... */
	from = 1;
	while (rc == 0) {
		int to = from;
		while (to < nw && strcmp(word[to], "and") != 0)
			to++;
		if (to == from || w->ncond == FORM_WARN_CONDS) {
			rc = form_fault(rd, raw->line, w->ncond == FORM_WARN_CONDS ?
			    _("a warning has at most %d conditions") :
			    _("a warning needs a condition: warn NAME FIELD OP VALUE"),
			    FORM_WARN_CONDS);
			break;
		}
		if (to - from > 3) {
			rc = form_fault(rd, raw->line,
			    _("a warn condition is FIELD OP VALUE or FIELD empty, not '%s'"),
			    word[from]);
			break;
		}
		rc = form_warn_cond(rd, raw->line, &word[from], to - from, &w->cond[w->ncond]);
		if (rc == 0)
			w->ncond++;
		if (to == nw)
			break;
		from = to + 1;
	}
	if (rc == 0) {
		w->msg_vi = raw->msg[0];
		w->msg_en = raw->msg[1];
		raw->msg[0] = raw->msg[1] = NULL;
	}
out:
	free(copy);
	return rc;
}

int
form_warn_end(struct form_reader *rd)
{
	for (size_t i = 0; i < rd->nwarns; i++) {
		struct form_warn w = { 0 }, *more;
		if (form_warn_one(rd, &rd->warns[i], &w) != 0) {
			form_warn_free(&w);
			return rd->e->code;
		}
		if ((more = realloc(rd->f->warns, (rd->f->nwarns + 1) * sizeof *more)) == NULL) {
			form_warn_free(&w);
			return form_read_nomem(rd);
		}
		rd->f->warns = more;
		rd->f->warns[rd->f->nwarns++] = w;
	}
	return 0;
}

void
form_warn_raw_free(struct form_reader *rd)
{
	for (size_t i = 0; i < rd->nwarns; i++) {
		free(rd->warns[i].words);
		free(rd->warns[i].msg[0]);
		free(rd->warns[i].msg[1]);
	}
	free(rd->warns);
	rd->warns = NULL;
	rd->nwarns = 0;
}

void
form_warns_free(struct form *f)
{
	for (size_t i = 0; i < f->nwarns; i++)
		form_warn_free(&f->warns[i]);
	free(f->warns);
	f->warns = NULL;
	f->nwarns = 0;
}

/* --- checking a record --- */

static int
form_warn_cmp(const struct form_field *ff, const char *a, const char *b)
{
	if (ff->type == FIELD_DATE)
		return strcmp(a, b);
	double x = strtod(a, NULL), y = strtod(b, NULL);
	return x < y ? -1 : x > y;
}

static bool
form_warn_holds(enum warn_op op, int cmp)
{
	switch (op) {
	case WARN_EQ: return cmp == 0;
	case WARN_LT: return cmp < 0;
	case WARN_GT: return cmp > 0;
	case WARN_LE: return cmp <= 0;
	case WARN_GE: return cmp >= 0;
	case WARN_EMPTY: return false;
	}
	return false;
}

/* Whether condition c holds on r; for a counts field *item gets the first
 * category that makes it hold (its offset in the value), else -1. */
static bool
form_warn_test(const struct form *f, const struct form_warn_cond *c, const struct record *r,
    const char *today, long *item)
{
	const struct form_field *ff = &f->fields[c->field];
	const char *v = r->val[ff->col], *lit = c->today ? today : c->value;

	*item = -1;
	if (c->op == WARN_EMPTY)
		return v == NULL || *v == '\0';
	if (v == NULL || *v == '\0' || lit == NULL)
		return false;
	switch (ff->type) {
	case FIELD_INT:
	case FIELD_DECIMAL:
	case FIELD_DATE:
		return form_warn_holds(c->op, form_warn_cmp(ff, v, lit));
	case FIELD_COUNTS:
		/* Any category: "code=n;code=n". */
		for (const char *p = v; *p != '\0';) {
			const char *eq = strchr(p, '=');
			size_t len = strcspn(p, ";");
			if (eq != NULL && eq < p + len) {
				long long n = strtoll(eq + 1, NULL, 10), l = strtoll(lit, NULL, 10);
				if (form_warn_holds(c->op, n < l ? -1 : n > l)) {
					*item = (long)(p - v);
					return true;
				}
			}
			p += len;
			if (*p == ';')
				p++;
		}
		return false;
	default:
		return c->op == WARN_EQ && form_equal(ff, v, lit);
	}
}

/* "Label: value — message" for warning w, which names field c->field. */
static int
form_warn_message(const struct form *f, const struct form_warn *w, const struct record *r,
    long item, struct form_warning *out)
{
	const struct form_field *ff = &f->fields[w->cond[0].field];
	const char *v = r->val[ff->col];
	const char *msg = i18n_pick(w->msg_vi, w->msg_en);
	struct tbuf shown = { 0 };
	int rc = 0;

	if (v == NULL || *v == '\0')
		snprintf(out->msg, sizeof out->msg, "%s: %s \xe2\x80\x94 %s", form_label(ff),
		    _("(empty)"), msg);
	else if (ff->type == FIELD_COUNTS && item >= 0) {
		/* Only the category that is out of the ordinary. */
		const char *p = v + item, *eq = strchr(p, '=');
		char code[128];
		snprintf(code, sizeof code, "%.*s", (int)(eq - p), p);
		int at = lists_find(&ff->list, code);
		const char *label = at >= 0 ? i18n_pick(ff->list.items[at].vi,
		    ff->list.items[at].en) : code;
		snprintf(out->msg, sizeof out->msg, "%s: %s %.*s \xe2\x80\x94 %s", form_label(ff),
		    label, (int)strcspn(eq + 1, ";"), eq + 1, msg);
	} else if (ff->type == FIELD_REF || ff->type == FIELD_REFS ||
	    (rc = form_format(ff, v, &shown)) != 0)
		snprintf(out->msg, sizeof out->msg, "%s: %s \xe2\x80\x94 %s", form_label(ff), v, msg);
	else
		snprintf(out->msg, sizeof out->msg, "%s: %s \xe2\x80\x94 %s", form_label(ff),
		    shown.p, msg);
	tbuf_free(&shown);
	err_utf8_cut(out->msg);
	return rc < 0 ? -1 : 0;
}

int
form_warnings(const struct form *f, const struct record *r, const char *today,
    struct form_warning *out, size_t max, size_t *n, struct err *e)
{
	*n = 0;
	for (size_t i = 0; i < f->nwarns; i++) {
		const struct form_warn *w = &f->warns[i];
		long item = -1, it;
		bool all = true;

		for (int c = 0; c < w->ncond && all; c++) {
			all = form_warn_test(f, &w->cond[c], r, today, &it);
			if (c == 0)
				item = it;
		}
		if (!all)
			continue;
		if (*n < max) {
			out[*n].w = w;
			out[*n].field = w->cond[0].field;
			if (form_warn_message(f, w, r, item, &out[*n]) != 0)
				return form_nomem(e);
		}
		(*n)++;
	}
	return 0;
}

bool
form_warn_listed(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; p != NULL && *p != '\0';) {
		size_t n = strcspn(p, ";");
		if (n == len && strncmp(p, name, len) == 0)
			return true;
		p += n;
		if (*p == ';')
			p++;
	}
	return false;
}

static int
form_warn_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts names[0..n), drops repeats and joins them with ';' into out. */
static int
form_warn_join(char **names, size_t n, struct tbuf *out)
{
	if (form_buf_reset(out) != 0)
		return -1;
	qsort(names, n, sizeof *names, form_warn_strcmp);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && strcmp(names[i], names[i - 1]) == 0)
			continue;
		if ((out->len > 0 && form_buf_str(out, ";") != 0) || form_buf_str(out, names[i]) != 0)
			return -1;
	}
	return 0;
}

int
form_warn_names(const struct form_warning *w, size_t n, struct tbuf *out)
{
	char **names = calloc(n + 1, sizeof *names);
	int rc;

	if (names == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		names[i] = w[i].w->name;
	rc = form_warn_join(names, n, out);
	free(names);
	return rc;
}

int
form_warn_canon(const char *list, struct tbuf *out, struct err *e)
{
	char *copy, *save = NULL, **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (form_buf_reset(out) != 0)
		return form_nomem(e);
	if (list == NULL || *list == '\0')
		return 0;
	if (strlen(list) > FORM_WARN_LIST_MAX)
		return err_set(e, ERR_INVALID, _("%s: longer than %d characters"),
		    _("Warnings confirmed"), FORM_WARN_LIST_MAX);
	if ((copy = strdup(list)) == NULL ||
	    (names = calloc(strlen(list) / 2 + 2, sizeof *names)) == NULL) {
		free(copy);
		return form_nomem(e);
	}
	for (char *t = strtok_r(copy, "; ,\t", &save); t != NULL && rc == 0;
	    t = strtok_r(NULL, "; ,\t", &save)) {
		if (!form_warn_name_ok(t, strlen(t)))
			rc = err_set(e, ERR_INVALID,
			    _("%s: '%s' is not the name of a warning (letters a-z, digits and '_')"),
			    _("Warnings confirmed"), t);
		names[n++] = t;
	}
	if (rc == 0 && form_warn_join(names, n, out) != 0)
		rc = form_nomem(e);
	free(names);
	free(copy);
	return rc;
}

int
form_warn_check(const struct record *r, struct err *e)
{
	int col = record_col_index(r->kind, RECORD_WARNINGS_COL);
	const char *v = col >= 0 ? r->val[col] : NULL;
	struct tbuf canon = { 0 };
	int rc;

	if (v == NULL)
		return 0;
	if ((rc = form_warn_canon(v, &canon, e)) == 0 && strcmp(canon.p, v) != 0)
		rc = err_set(e, ERR_INVALID, _("%s: '%s' is not in the stored form '%s'"),
		    _("Warnings confirmed"), v, canon.p);
	tbuf_free(&canon);
	return rc;
}

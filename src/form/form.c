/* form: reading forms/KIND.form. A province officer edits these files in a
 * plain text editor, so every fault is reported as FILE:LINE with a reason
 * in the user's language, and nothing half-read is ever used. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/paths.h"
#include "form-internal.h"

#define FORM_WIDTH_MAX	80	/* a list column never exceeds the screen */


static const char *const form_keys[FORM_KEY_COUNT] = {
	"type", "label.vi", "label.en", "help.vi", "help.en", "required", "min", "max",
	"choices", "ref", "default", "list", "carry", "show_if", "suggest",
};

/* In the order of enum field_type. */
const char *const form_types[FIELD_COUNTS + 1] = {
	"text", "note", "int", "decimal", "date", "choice", "bool", "multi", "phone",
	"email", "ref", "refs", "counts",
};

/* Columns the database declares NOT NULL (src/store/schema.c): a form that
 * lets them be empty would promise a save the store then refuses. */
static const struct {
	const char *kind, *col;
} form_needed[] = {
	{ "village", "name" },
	{ "staff", "full_name" },
	{ "training", "title" },
	{ "participant", "training_id" },
	{ "team", "name" },
	{ "member", "team_id" },
	{ "member", "full_name" },
	{ "activity", "team_id" },
	{ "activity", "held_on" },
	{ "task_progress", "task_code" },
	{ "task_progress", "status" },
	{ "statistic", "year" },
	{ "statistic", "indicator" },
	{ "statistic", "value" },
};

int
form_fault(struct form_reader *rd, int line, const char *fmt, ...)
{
	char reason[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	return err_set(rd->e, ERR_INVALID, "%s:%d: %s", rd->path, line, reason);
}

int
form_read_nomem(struct form_reader *rd)
{
	return err_set(rd->e, ERR_NOMEM, _("out of memory"));
}

/* What a column holds, for the message when a type does not suit it. */
static const char *
form_col_holds(enum col_type t)
{
	switch (t) {
	case COL_TEXT: return _("text");
	case COL_INT: return _("whole numbers");
	case COL_REAL: return _("decimal numbers");
	case COL_DATE: return _("dates");
	case COL_BOOL: return _("yes or no");
	case COL_REF: return _("the id of one record");
	case COL_SET: return _("several codes of a list");
	case COL_CHILD_IDS: return _("ids of several records");
	case COL_CHILD_COUNTS: return _("numbers per item of a list");
	}
	return "?";
}

static bool
form_type_suits(enum field_type t, enum col_type c)
{
	switch (t) {
	case FIELD_TEXT:
	case FIELD_NOTE:
	case FIELD_CHOICE:
	case FIELD_PHONE:
	case FIELD_EMAIL:
		return c == COL_TEXT;
	case FIELD_INT:
		return c == COL_INT;
	case FIELD_DECIMAL:
		return c == COL_REAL;
	case FIELD_DATE:
		return c == COL_DATE;
	case FIELD_BOOL:
		return c == COL_BOOL;
	case FIELD_MULTI:
		return c == COL_SET;
	case FIELD_REF:
		return c == COL_REF;
	case FIELD_REFS:
		return c == COL_CHILD_IDS;
	case FIELD_COUNTS:
		return c == COL_CHILD_COUNTS;
	}
	return false;
}

static bool
form_needs_list(enum field_type t)
{
	return t == FIELD_CHOICE || t == FIELD_MULTI || t == FIELD_COUNTS;
}

static bool
form_has_range(enum field_type t)
{
	return t == FIELD_TEXT || t == FIELD_NOTE || t == FIELD_INT || t == FIELD_DECIMAL;
}

bool
form_is_needed(const struct kind *k, const char *col)
{
	for (size_t i = 0; i < sizeof form_needed / sizeof form_needed[0]; i++)
		if (strcmp(form_needed[i].kind, k->name) == 0 &&
		    strcmp(form_needed[i].col, col) == 0)
			return true;
	return false;
}

/* List and kind names become file names: letters, digits and '_' only. */
static bool
form_safe_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* A whole number from the form file; false when it is not one. */
static bool
form_number(const char *s, long long *v)
{
	char *end;

	if (*s == '\0')
		return false;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0' && s[strspn(s, "+-0123456789")] == '\0';
}

static void
form_field_free(struct form_field *ff)
{
	free(ff->name);
	free(ff->label_vi);
	free(ff->label_en);
	free(ff->help_vi);
	free(ff->help_en);
	free(ff->choices);
	lists_free(&ff->list);
	free(ff->ref);
	free(ff->def);
	free(ff->show_value);
	free(ff->show_raw);
	memset(ff, 0, sizeof *ff);
}

static void
form_block_clear(struct form_block *b)
{
	for (int k = 0; k < FORM_KEY_COUNT; k++)
		free(b->v[k]);
	free(b->name);
	memset(b, 0, sizeof *b);
}

/* Moves the string of key k out of the block (NULL when not given). */
static char *
form_block_take(struct form_block *b, enum form_key k)
{
	char *s = b->v[k];

	b->v[k] = NULL;
	return s;
}

/* The block's type, which must suit its column, and its label. */
static int
form_block_type(struct form_reader *rd, struct form_field *ff)
{
	struct form_block *b = &rd->b;
	const struct column *c = &rd->f->kind->cols[b->col];
	int t;

	if (b->v[FORM_KEY_TYPE] == NULL)
		return form_fault(rd, b->line, _("the field %s has no type"), b->name);
	for (t = 0; t < (int)(sizeof form_types / sizeof form_types[0]); t++)
		if (strcmp(form_types[t], b->v[FORM_KEY_TYPE]) == 0)
			break;
	if (t == (int)(sizeof form_types / sizeof form_types[0]))
		return form_fault(rd, b->at[FORM_KEY_TYPE],
		    _("unknown type '%s' (text, note, int, decimal, date, choice, bool, multi, phone, email, ref, refs or counts)"),
		    b->v[FORM_KEY_TYPE]);
	ff->type = (enum field_type)t;
	if (!form_type_suits(ff->type, c->type))
		return form_fault(rd, b->at[FORM_KEY_TYPE],
		    _("the type %s does not suit the column %s, which holds %s"),
		    form_types[t], c->name, form_col_holds(c->type));
	if (b->v[FORM_KEY_LABEL_VI] == NULL)
		return form_fault(rd, b->line, _("the field %s has no label.vi"), b->name);
	return 0;
}

/* required, which the database may need. */
static int
form_block_required(struct form_reader *rd, struct form_field *ff)
{
	struct form_block *b = &rd->b;
	const char *col = rd->f->kind->cols[b->col].name;

	if (b->v[FORM_KEY_REQUIRED] != NULL) {
		int yes = form_word_bool(b->v[FORM_KEY_REQUIRED]);
		if (yes < 0)
			return form_fault(rd, b->at[FORM_KEY_REQUIRED],
			    _("'required' must be yes or no, not '%s'"), b->v[FORM_KEY_REQUIRED]);
		ff->required = yes == 1;
	}
	if (!ff->required && form_is_needed(rd->f->kind, col))
		return form_fault(rd, b->at[FORM_KEY_REQUIRED] ? b->at[FORM_KEY_REQUIRED] : b->line,
		    _("the field %s must be 'required yes': the database needs it"), col);
	return 0;
}

/* min and max, and the list column's width. */
static int
form_block_range(struct form_reader *rd, struct form_field *ff)
{
	struct form_block *b = &rd->b;
	long long v;

	for (int key = FORM_KEY_MIN; key <= FORM_KEY_MAX; key++) {
		if (b->v[key] == NULL)
			continue;
		/* counts: `max` is the limit of each category's number. */
		if (!form_has_range(ff->type) && !(ff->type == FIELD_COUNTS && key == FORM_KEY_MAX))
			return form_fault(rd, b->at[key], _("'%s' does not apply to the type %s"),
			    form_keys[key], form_types[ff->type]);
		if (!form_number(b->v[key], &v))
			return form_fault(rd, b->at[key], _("'%s' must be a whole number, not '%s'"),
			    form_keys[key], b->v[key]);
		if ((ff->type == FIELD_TEXT || ff->type == FIELD_NOTE) && v < 0)
			return form_fault(rd, b->at[key], _("a length cannot be negative"));
		if (ff->type == FIELD_COUNTS && (v < 0 || v > FORM_COUNT_MAX))
			return form_fault(rd, b->at[key],
			    _("the limit of a count must be from 0 to %lld, not '%s'"),
			    (long long)FORM_COUNT_MAX, b->v[key]);
		*(key == FORM_KEY_MIN ? &ff->has_min : &ff->has_max) = true;
		*(key == FORM_KEY_MIN ? &ff->min : &ff->max) = v;
	}
	if (ff->has_min && ff->has_max && ff->min > ff->max)
		return form_fault(rd, b->at[FORM_KEY_MAX], _("min %lld is more than max %lld"),
		    ff->min, ff->max);
	if (b->v[FORM_KEY_LIST] != NULL) {
		if (!form_number(b->v[FORM_KEY_LIST], &v) || v < 1 || v > FORM_WIDTH_MAX)
			return form_fault(rd, b->at[FORM_KEY_LIST],
			    _("'list' must be a column width from 1 to %d, not '%s'"),
			    FORM_WIDTH_MAX, b->v[FORM_KEY_LIST]);
		ff->list_width = (int)v;
	}
	return 0;
}

/* ref KIND, for the types ref and refs only. */
static int
form_block_ref(struct form_reader *rd, const struct form_field *ff)
{
	struct form_block *b = &rd->b;
	const struct column *c = &rd->f->kind->cols[b->col];
	const char *r = b->v[FORM_KEY_REF];

	if (r != NULL && ff->type != FIELD_REF && ff->type != FIELD_REFS)
		return form_fault(rd, b->at[FORM_KEY_REF],
		    _("'ref' applies only to the types ref and refs"));
	if (ff->type != FIELD_REF && ff->type != FIELD_REFS)
		return 0;
	if (r == NULL)
		return form_fault(rd, b->line, _("the type %s needs 'ref KIND'"),
		    form_types[ff->type]);
	if (record_kind(r) == NULL)
		return form_fault(rd, b->at[FORM_KEY_REF], _("unknown record kind '%s'"), r);
	if (ff->type == FIELD_REF && strcmp(c->ref, r) != 0)
		return form_fault(rd, b->at[FORM_KEY_REF],
		    _("the column %s refers to %s, not %s"), c->name, c->ref, r);
	return 0;
}

/* choices LIST, for the types choice, multi and counts only: read into ff. */
static int
form_block_list(struct form_reader *rd, struct form_field *ff)
{
	struct form_block *b = &rd->b;
	const char *l = b->v[FORM_KEY_CHOICES];
	struct err e2 = { 0 };
	char path[PATH_MAX];
	FILE *fp;

	if (l != NULL && !form_needs_list(ff->type))
		return form_fault(rd, b->at[FORM_KEY_CHOICES],
		    _("'choices' applies only to the types choice, multi and counts"));
	if (!form_needs_list(ff->type))
		return 0;
	if (l == NULL)
		return form_fault(rd, b->line, _("the type %s needs 'choices LIST'"),
		    form_types[ff->type]);
	if (paths_join(path, sizeof path, &e2, "%s/assets/lists/%s.csv", rd->datadir, l) != 0)
		return form_fault(rd, b->at[FORM_KEY_CHOICES], "%s", e2.msg);
	if (!form_safe_name(l) || (fp = os_fopen(path, "r")) == NULL)
		return form_fault(rd, b->at[FORM_KEY_CHOICES],
		    _("there is no choice list '%s' (assets/lists/%s.csv)"), l, l);
	fclose(fp);
	if (lists_load(rd->datadir, l, &ff->list, &e2) != 0)
		return form_fault(rd, b->at[FORM_KEY_CHOICES], "%s", e2.msg);
	if (ff->list.n == 0) {
		lists_free(&ff->list);
		return form_fault(rd, b->at[FORM_KEY_CHOICES], _("the choice list '%s' is empty"),
		    l);
	}
	return 0;
}

/* Checks the block just read as a whole and appends it to the form. */
int
form_block_end(struct form_reader *rd)
{
	struct form_block *b = &rd->b;
	struct form_field ff, *more;
	struct tbuf canon = { 0 };
	struct err e2 = { 0 };
	int rc;

	memset(&ff, 0, sizeof ff);
	ff.col = b->col;
	ff.line = b->line;
	if (form_block_type(rd, &ff) != 0 || form_block_required(rd, &ff) != 0 ||
	    form_skip_block(rd, &ff) != 0 || form_block_range(rd, &ff) != 0 ||
	    form_block_ref(rd, &ff) != 0 || form_block_list(rd, &ff) != 0)
		return rd->e->code;

	ff.name = b->name;
	b->name = NULL;
	ff.label_vi = form_block_take(b, FORM_KEY_LABEL_VI);
	ff.label_en = form_block_take(b, FORM_KEY_LABEL_EN);
	ff.help_vi = form_block_take(b, FORM_KEY_HELP_VI);
	ff.help_en = form_block_take(b, FORM_KEY_HELP_EN);
	ff.choices = form_block_take(b, FORM_KEY_CHOICES);
	ff.ref = form_block_take(b, FORM_KEY_REF);
	ff.show_raw = form_block_take(b, FORM_KEY_SHOW_IF);	/* form_skip_end reads it */

	/* A default obeys the field's own rules, checked as if typed. */
	if (b->v[FORM_KEY_DEFAULT] != NULL && !ff.def_today) {
		if ((rc = form_parse(&ff, b->v[FORM_KEY_DEFAULT], &canon, &e2)) != 0) {
			if (rc == ERR_NOMEM)
				form_read_nomem(rd);
			else
				form_fault(rd, b->at[FORM_KEY_DEFAULT],
				    _("the default is not valid: %s"), e2.msg);
			goto fail;
		}
		if ((ff.def = strdup(canon.p)) == NULL) {
			form_read_nomem(rd);
			goto fail;
		}
	}
	tbuf_free(&canon);

	if ((more = realloc(rd->f->fields, (rd->f->n + 1) * sizeof *more)) == NULL) {
		form_read_nomem(rd);
		goto fail;
	}
	rd->f->fields = more;
	rd->f->fields[rd->f->n++] = ff;
	form_block_clear(b);
	return 0;
fail:
	tbuf_free(&canon);
	form_field_free(&ff);
	return rd->e->code;
}

/* "field NAME": closes the open block and opens a new one. */
static int
form_block_start(struct form_reader *rd, const char *name)
{
	const struct kind *k = rd->f->kind;
	int col;

	if (rd->b.line != 0 && form_block_end(rd) != 0)
		return rd->e->code;
	if ((col = record_col_index(k, name)) < 0) {
		char cols[ERR_MSG_MAX / 2] = "";
		size_t n = 0;
		for (int i = 0; i < k->ncols && n < sizeof cols; i++)
			n += (size_t)snprintf(cols + n, sizeof cols - n, "%s%s", i ? ", " : "",
			    k->cols[i].name);
		return form_fault(rd, rd->line, _("'%s' is not a column of %s (%s)"), name,
		    k->name, cols);
	}
	if (strcmp(name, RECORD_WARNINGS_COL) == 0)
		return form_fault(rd, rd->line,
		    _("%s is kept by socds (the warnings confirmed), not a field"), name);
	for (size_t i = 0; i < rd->f->n; i++)
		if (rd->f->fields[i].col == col)
			return form_fault(rd, rd->line, _("the field %s appears twice (first on line %d)"),
			    name, rd->f->fields[i].line);
	rd->b.line = rd->line;
	rd->b.col = col;
	if ((rd->b.name = strdup(name)) == NULL)
		return form_read_nomem(rd);
	return 0;
}

/* Stores a copy of value in *slot after checking it was not given before. */
static int
form_set_once(struct form_reader *rd, const char *key, char **slot, int *at,
    const char *value)
{
	if (*slot != NULL)
		return form_fault(rd, rd->line, _("'%s' is given twice (first on line %d)"), key,
		    *at);
	if ((*slot = strdup(value)) == NULL)
		return form_read_nomem(rd);
	*at = rd->line;
	return 0;
}

/* One line, already checked for UTF-8 and stripped of its line end. */
static int
form_line(struct form_reader *rd, char *line)
{
	char *key, *value, *p;
	bool indented = *line == ' ' || *line == '\t';
	int k;

	for (p = line; *p == ' ' || *p == '\t'; p++)
		;
	if (*p == '\0' || *p == '#')
		return 0;
	key = p;
	while (*p != '\0' && *p != ' ' && *p != '\t')
		p++;
	if (*p != '\0')
		*p++ = '\0';
	if (text_clean(p, &rd->t) != 0)
		return form_read_nomem(rd);
	value = rd->t.p;

	if (rd->form_line == 0) {
		if (indented || strcmp(key, "form") != 0)
			return form_fault(rd, rd->line, _("the file must begin with 'form KIND'"));
		if (*value == '\0')
			return form_fault(rd, rd->line, _("'%s' needs a value"), key);
		if (!form_safe_name(value) || (rd->f->kind = record_kind(value)) == NULL)
			return form_fault(rd, rd->line, _("unknown record kind '%s'"), value);
		if (rd->want != NULL && rd->f->kind != rd->want)
			return form_fault(rd, rd->line,
			    _("the file describes %s but is named %s.form"), value, rd->want->name);
		rd->form_line = rd->line;
		return 0;
	}
	/* A warn block's message lines (form-warn.c). */
	if (rd->warn_open && indented)
		return form_warn_key(rd, key, value);
	rd->warn_open = false;
	for (k = 0; k < FORM_KEY_COUNT; k++)
		if (strcmp(key, form_keys[k]) == 0)
			break;
	if (indented) {
		if (rd->b.line == 0)
			return form_fault(rd, rd->line,
			    _("this indented line is not inside a field block"));
		if (k == FORM_KEY_COUNT)
			return form_fault(rd, rd->line, _("unknown key '%s'"), key);
		if (*value == '\0')
			return form_fault(rd, rd->line, _("'%s' needs a value"), key);
		return form_set_once(rd, key, &rd->b.v[k], &rd->b.at[k], value);
	}
	if (k < FORM_KEY_COUNT)
		return form_fault(rd, rd->line,
		    _("'%s' belongs inside a field block: indent it under a 'field' line"), key);
	if (strcmp(key, "field") == 0) {
		if (*value == '\0')
			return form_fault(rd, rd->line, _("'%s' needs a value"), key);
		return form_block_start(rd, value);
	}
	if (strcmp(key, "rule") == 0)
		return form_rule_line(rd, value);
	if (strcmp(key, "warn") == 0)
		return form_warn_line(rd, value);
	if (strcmp(key, "title.vi") == 0 || strcmp(key, "title.en") == 0) {
		bool vi = key[6] == 'v';
		if (rd->b.line != 0 || rd->f->n > 0 || rd->nrules > 0 || rd->nwarns > 0)
			return form_fault(rd, rd->line,
			    _("'%s' belongs at the top, before the first field"), key);
		if (*value == '\0')
			return form_fault(rd, rd->line, _("'%s' needs a value"), key);
		return form_set_once(rd, key, vi ? &rd->f->title_vi : &rd->f->title_en,
		    vi ? &rd->title_vi_line : &rd->title_en_line, value);
	}
	if (strcmp(key, "form") == 0)
		return form_fault(rd, rd->line, _("'%s' is given twice (first on line %d)"), key,
		    rd->form_line);
	return form_fault(rd, rd->line, _("unknown key '%s'"), key);
}

/* After the last line: what the form as a whole must have. */
static int
form_end(struct form_reader *rd)
{
	const struct kind *k = rd->f->kind;

	if (rd->form_line == 0)
		return form_fault(rd, rd->line > 0 ? rd->line : 1,
		    _("the file must begin with 'form KIND'"));
	if (rd->b.line != 0 && form_block_end(rd) != 0)
		return rd->e->code;
	if (rd->f->title_vi == NULL)
		return form_fault(rd, rd->form_line, _("the form has no title.vi"));
	if (rd->f->n == 0)
		return form_fault(rd, rd->form_line, _("the form has no fields"));
	for (size_t i = 0; i < rd->nrules; i++)
		if (form_rule_end(rd, &rd->rules[i]) != 0)
			return rd->e->code;
	if (form_warn_end(rd) != 0)
		return rd->e->code;
	if (form_skip_end(rd) != 0)
		return rd->e->code;
	for (size_t i = 0; i < sizeof form_needed / sizeof form_needed[0]; i++) {
		if (strcmp(form_needed[i].kind, k->name) != 0)
			continue;
		if (form_field(rd->f, form_needed[i].col) == NULL)
			return form_fault(rd, rd->form_line,
			    _("the form must have the field %s: the database needs it"),
			    form_needed[i].col);
	}
	return 0;
}

static int
form_load_as(const char *path, const char *datadir, const struct kind *want,
    struct form *f, struct err *e)
{
	struct form_reader rd;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	int64_t n;
	int rc = 0;

	memset(f, 0, sizeof *f);
	rd = (struct form_reader){ .path = path, .datadir = datadir, .want = want, .f = f,
		.e = e };
	if ((fp = os_fopen(path, "r")) == NULL)
		return err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_IO,
		    _("%s: cannot read: %s"), path, err_errno(errno));
	if ((f->path = strdup(path)) == NULL) {
		rc = form_read_nomem(&rd);
		goto out;
	}
	while ((n = os_getline(&line, &cap, fp)) >= 0) {
		char *p = line;
		rd.line++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		/* Notepad starts a UTF-8 file with a byte-order mark. */
		if (rd.line == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			n -= 3;
		}
		if (!text_utf8_valid(p, (size_t)n, NULL)) {
			rc = form_fault(&rd, rd.line, _("the line is not valid UTF-8"));
			goto out;
		}
		if (strlen(p) != (size_t)n || strpbrk(p, "\x01\x02\x03\x04\x05\x06\x07\x08\x0b"
		    "\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f")) {
			rc = form_fault(&rd, rd.line, _("the line contains a control character"));
			goto out;
		}
		if ((rc = form_line(&rd, p)) != 0)
			goto out;
	}
	if (ferror(fp)) {
		rc = err_set(e, ERR_IO, _("%s: cannot read: %s"), path, err_errno(errno));
		goto out;
	}
	rc = form_end(&rd);
out:
	free(line);
	fclose(fp);
	tbuf_free(&rd.t);
	form_block_clear(&rd.b);
	for (size_t i = 0; i < rd.nrules; i++)
		free(rd.rules[i].words);
	free(rd.rules);
	form_warn_raw_free(&rd);
	if (rc != 0) {
		form_free(f);
		return e->code != ERR_OK ? e->code : ERR_FAIL;
	}
	return 0;
}

int
form_load(const char *path, const char *datadir, struct form *f, struct err *e)
{
	return form_load_as(path, datadir, NULL, f, e);
}

void
form_free(struct form *f)
{
	for (size_t i = 0; i < f->n; i++)
		form_field_free(&f->fields[i]);
	free(f->fields);
	free(f->rules);
	form_warns_free(f);
	free(f->path);
	free(f->title_vi);
	free(f->title_en);
	memset(f, 0, sizeof *f);
}

int
forms_load(const char *datadir, struct forms *out, struct err *e)
{
	char path[PATH_MAX];
	int rc;

	memset(out, 0, sizeof *out);
	for (int i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = &record_kinds[i];
		if (paths_join(path, sizeof path, e, "%s/forms/%s.form", datadir,
		    k->name) != 0)
			goto fail;
		rc = form_load_as(path, datadir, k, &out->f[i], e);
		if (rc == ERR_NOTFOUND) {	/* a kind without a form is not edited */
			err_clear(e);
			continue;
		}
		if (rc != 0)
			goto fail;
		out->have[i] = true;
	}
	return 0;
fail:
	forms_free(out);
	return e->code;
}

void
forms_free(struct forms *fs)
{
	for (int i = 0; i < KIND_COUNT; i++)
		if (fs->have[i])
			form_free(&fs->f[i]);
	memset(fs, 0, sizeof *fs);
}

const struct form *
forms_get(const struct forms *fs, const struct kind *k)
{
	int i = (int)(k - record_kinds);

	if (i < 0 || i >= KIND_COUNT || !fs->have[i])
		return NULL;
	return &fs->f[i];
}

const struct form_field *
form_field(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

const char *
form_label(const struct form_field *ff)
{
	return i18n_pick(ff->label_vi, ff->label_en);
}

const char *
form_help(const struct form_field *ff)
{
	const char *h = i18n_pick(ff->help_vi, ff->help_en);

	return h != NULL ? h : "";
}

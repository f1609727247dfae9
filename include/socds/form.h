/* form: record forms described as data in forms/KIND.form — fields, labels
 * (vi/en), types, rules, choices and help. The terminal UI shows them and the
 * importer validates rows with them: one set of rules. No curses, no SQLite. */
#ifndef SOCDS_FORM_H
#define SOCDS_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "socds/err.h"
#include "socds/lists.h"
#include "socds/record.h"
#include "socds/search.h"
#include "socds/text.h"

enum field_type {
	FIELD_TEXT,	/* one line */
	FIELD_NOTE,	/* several lines */
	FIELD_INT,	/* whole number, optional min/max */
	FIELD_DECIMAL,	/* number with optional fraction ("2,5" or "2.5"), min/max */
	FIELD_DATE,	/* typed/shown dd/mm/yyyy, stored yyyy-mm-dd */
	FIELD_CHOICE,	/* one code of a list in assets/lists/ */
	FIELD_BOOL,	/* yes/no, stored 1/0 */
	FIELD_MULTI,	/* several codes of a list, stored "a;b" */
	FIELD_PHONE,	/* Vietnamese phone number, stored digits (leading + kept) */
	FIELD_EMAIL,
	FIELD_REF,	/* id of a record of another kind */
	FIELD_REFS,	/* several ids of records of another kind, stored "id;id" */
	FIELD_COUNTS,	/* numbers per code of a list, stored "code=n;code=n" */
};

/* The largest count a `counts` value may hold (nine digits); a form's `max`
 * on a counts field lowers it, per category. */
#define FORM_COUNT_MAX 999999999LL

/* The operators of `show_if`. */
enum form_show_op { FORM_SHOW_EQ, FORM_SHOW_NE, FORM_SHOW_FILLED, FORM_SHOW_EMPTY };

struct form_field {
	char *name;		/* column of the record kind */
	int col;		/* its index in kind->cols */
	enum field_type type;
	char *label_vi, *label_en;
	char *help_vi, *help_en;
	bool required;
	bool has_min, has_max;
	long long min, max;	/* INT/DECIMAL: value range; TEXT/NOTE: max = length in characters;
				 * COUNTS: max = the limit of each category's number */
	char *choices;		/* CHOICE/MULTI/COUNTS: list name */
	struct list list;	/* its items, loaded with the form */
	char *ref;		/* REF/REFS: kind name */
	char *def;		/* default, canonical form, or NULL */
	int list_width;		/* >0: shown as a column of that width in list screens */
	int line;		/* line in the form file, for messages */
	/* Entry in one sitting (form-skip.c): */
	bool carry;		/* `carry yes`: a new record starts with the last saved value */
	bool suggest;		/* `suggest yes` (text): earlier values offered while typing */
	bool def_today;		/* `default today` (dates): a new record starts on today */
	bool has_show_if;	/* `show_if FIELD OP VALUE`: asked only when it holds */
	enum form_show_op show_op;
	size_t show_field;	/* the field it looks at, index in form->fields */
	char *show_value;	/* = and !=: the value, canonical */
	char *show_raw;		/* as written, until every field is known */
	int show_line;
};

/* A rule across fields: a `rule TYPE FIELD OTHER` line of the form file.
 * FIELD is the one a refusal names and the form screen focuses. */
enum rule_type {
	RULE_AFTER,	/* FIELD is not before OTHER (dates or numbers), when both are given */
	RULE_ONE_OF,	/* exactly one of FIELD and OTHER is given */
	RULE_UNIQUE,	/* FIELD at most once per value of OTHER among live records */
	RULE_WITHIN,	/* each record FIELD refers to has the same OTHER as this one */
};

struct form_rule {
	enum rule_type type;
	size_t field, other;	/* indexes in form->fields */
	int line;		/* in the form file */
	bool per_unit;		/* unique: also per unit (`rule unique FIELD OTHER unit`) */
};

/* A soft warning: a `warn NAME COND [and COND]...` line of the form file and
 * its message (form-warn.c). It fires when every condition holds; the user
 * may save anyway, and the record keeps the name (RECORD_WARNINGS_COL). */
enum warn_op { WARN_EQ, WARN_LT, WARN_GT, WARN_LE, WARN_GE, WARN_EMPTY };

#define FORM_WARN_CONDS 4	/* conditions joined by `and` in one warn line */
#define FORM_WARN_NAME_MAX 40	/* a warning's name: a-z, 0-9, '_' */

struct form_warn_cond {
	size_t field;		/* index in form->fields */
	enum warn_op op;
	char *value;		/* the literal, canonical; NULL for `empty` and `today` */
	bool today;		/* a date compared with the day of the check */
};

struct form_warn {
	char *name;
	struct form_warn_cond cond[FORM_WARN_CONDS];
	int ncond;
	char *msg_vi, *msg_en;
	int line;		/* of the warn line */
};

struct form {
	char *path;
	const struct kind *kind;
	char *title_vi, *title_en;
	struct form_field *fields;
	size_t n;
	struct form_rule *rules;
	size_t nrules;
	struct form_warn *warns;
	size_t nwarns;
};

/* Reads a form file; list choices are read from datadir/assets/lists. Faults
 * give ERR_INVALID with "FILE:LINE: reason". */
int form_load(const char *path, const char *datadir, struct form *f, struct err *e);
void form_free(struct form *f);

/* All forms: datadir/forms/KIND.form for every record kind that has one. */
struct forms {
	struct form f[KIND_COUNT];
	bool have[KIND_COUNT];
};
int forms_load(const char *datadir, struct forms *out, struct err *e);
void forms_free(struct forms *fs);
const struct form *forms_get(const struct forms *fs, const struct kind *k);

const struct form_field *form_field(const struct form *f, const char *name);
/* Label / help in the current language (i18n_lang()). */
const char *form_label(const struct form_field *ff);
const char *form_help(const struct form_field *ff);

/* Turns what a person typed (or an imported cell) into the canonical stored
 * value: trims, NFC; dates dd/mm/yyyy (also d/m/yyyy, yyyy-mm-dd) -> yyyy-mm-dd,
 * refusing partial or impossible dates; yes/no in vi or en (có/không, c/k,
 * x, 1/0) -> 1/0; a choice by code or label, ignoring case and diacritics; a
 * multi/counts value as codes or labels separated by ';' or ','. Empty input
 * gives an empty out (NULL stored) unless the field is required. On a bad
 * value: ERR_INVALID and a message naming the field by its label, e.g.
 * "Ngày quyết định: 31/02/2026 is not a real date". */
int form_parse(const struct form_field *ff, const char *input, struct tbuf *out,
    struct err *e);

/* Canonical value -> how it is shown and edited: dates dd/mm/yyyy, yes/no in
 * words, choice/multi/counts by label. REF/REFS are shown as given. */
int form_format(const struct form_field *ff, const char *canon, struct tbuf *out);

/* Checks a whole record: required fields present, every value canonical and
 * valid. On failure *bad is the index of the first bad field in f->fields. */
int form_check_record(const struct form *f, const struct record *r, size_t *bad,
    struct err *e);

/* Copies the len bytes of s, an id in any case, into id in lower case;
 * false when they are not a UUID (a REF cell, an import's id column). */
bool form_id(const char *s, size_t len, char id[UUID_STR_LEN]);

/* Whether two canonical values of a field mean the same: NULL and "" alike,
 * sets in any order, decimals by value ("3" and "3.0"). */
bool form_equal(const struct form_field *ff, const char *a, const char *b);

/* One field of a record two people changed from the same version (base):
 * SAME when both hold the same value, MINE/THEIRS when only that side
 * changed it (take that side's value), BOTH when both changed it to
 * different values — only these are asked about. Without a base (not
 * known), every difference is BOTH. */
enum form_merge { FORM_MERGE_SAME, FORM_MERGE_MINE, FORM_MERGE_THEIRS, FORM_MERGE_BOTH };
enum form_merge form_merge3(const struct form_field *ff, const char *base, bool have_base,
    const char *mine, const char *theirs);

/* What a list's search looks at: the fields a list screen shows (fields[0..n),
 * of kind k), each as the store matches it with the search; choices by the
 * labels shown that hold the search (their codes as JSON in codes[i], which
 * the caller keeps: SEARCH_MAX_COLS buffers). Yes/no, counts and member sets
 * are left out. Returns how many columns out got (0 for an empty search),
 * or -1 out of memory. */
int form_search_cols(const struct kind *k, const struct form_field *const *fields, int n,
    const char *search, struct search_col *out, struct tbuf *codes);

/* Values an older socds stored that this one stores another way, put the
 * new way in r before form_check_record: text holding look-alikes of
 * Vietnamese letters (Ð for Đ...) and phone numbers kept with +84. Merge
 * calls it for what packages bring. *changed (may be NULL) gets how many
 * values were rewritten. 0, or ERR_NOMEM. */
int form_upgrade_record(const struct form *f, struct record *r, size_t *changed,
    struct err *e);

/* The form's rules that need no database (`after`, `one_of`), checked on a
 * record that passed form_check_record. On failure ERR_INVALID, "Label:
 * reason", and *bad the index in f->fields of the field the rule names. The
 * rules that need the database (`unique`, `within`) are form_check_stored;
 * the form screen, the importer and merge ask both, before the store. */
int form_check_rules(const struct form *f, const struct record *r, size_t *bad,
    struct err *e);
/* The rules that need the database (form-stored.c), checked on r before it is
 * written: other live records only (never r itself, found by its id), and for
 * `unique` only those up to rowid mark (an import's own rows are compared in
 * memory; INT64_MAX for all). On failure ERR_INVALID, "Label: reason", *bad
 * the index of the field in f->fields. */
struct store;
int form_check_stored(struct store *s, const struct form *f, const struct record *r,
    int64_t mark, size_t *bad, struct err *e);

/* The `unique` rules among the records of one file or package: the live
 * records seen so far (with their line). */
struct form_seen {
	char **key;
	long *line;
	size_t n, cap;
};
/* Checks r against the records seen before it, then adds it (as at line).
 * On a repeat ERR_INVALID, "Label: ... is also on line N ...", *bad set. */
int form_check_seen(const struct form *f, const struct record *r, struct form_seen *seen,
    long line, size_t *bad, struct err *e);
/* The set itself, for other strings of one file (the importer's ids):
 * adds key with its line; 1 (and *prev) when it was there already, 0 when
 * added, -1 out of memory. */
int form_seen_put(struct form_seen *seen, const char *key, long line, long *prev);
void form_seen_free(struct form_seen *seen);
/* One warning that fires on a record (form_warnings). */
struct form_warning {
	const struct form_warn *w;	/* its name: w->name */
	size_t field;		/* the field it names (its first condition's), in f->fields */
	char msg[ERR_MSG_MAX];	/* "Label: value — message", in the user's language */
};

/* The form's soft warnings that fire on r (checked after the rules pass),
 * in the order of the file; today is yyyy-mm-dd (period_today). At most max
 * go to out; *n gets how many fired (may be more than max). 0 or ERR_NOMEM. */
int form_warnings(const struct form *f, const struct record *r, const char *today,
    struct form_warning *out, size_t max, size_t *n, struct err *e);
/* Whether name is in list, names joined by ';' (a RECORD_WARNINGS_COL value). */
bool form_warn_listed(const char *list, const char *name);
/* The names of w[0..n) sorted and joined by ';' into out ("" when n is 0). */
int form_warn_names(const struct form_warning *w, size_t n, struct tbuf *out);
/* A list of warning names as a person or a file may give it (separated by
 * ';', ',' or spaces, any order, repeats) put in the stored form: sorted,
 * once each, joined by ';'. ERR_INVALID when a name is not one a `warn` line
 * could have ("Warnings confirmed: ..."). */
int form_warn_canon(const char *list, struct tbuf *out, struct err *e);

/* The words of a rule type ("after", "one_of", ...). */
const char *form_rule_name(enum rule_type t);

/* Whether field (index in f->fields) applies to r: true without `show_if`,
 * else when its condition holds on r. A field that does not apply counts
 * as empty for the fields that look at it. form_check_record does not ask
 * for a required field that does not apply, and form_check_rules takes its
 * value as not given. The form screen hides it and clears it on save
 * (form_clear_hidden); import and merge keep a value given there, so that
 * an export of older records comes back whole. */
bool form_applies(const struct form *f, const struct record *r, size_t field);
/* Empties in r the fields that do not apply; was (f->n entries, may be NULL)
 * gets which held a value. Returns how many did. */
size_t form_clear_hidden(const struct form *f, struct record *r, bool *was);

#endif

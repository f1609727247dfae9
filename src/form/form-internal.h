/* form-internal.h: what the files of src/form share and nobody else needs. */
#ifndef SOCDS_FORM_INTERNAL_H
#define SOCDS_FORM_INTERNAL_H

#include <stdbool.h>

#include "socds/form.h"
#include "socds/text.h"

#define FORM_YEAR_MIN	1900	/* the store's DATE and YEAR checks agree */
#define FORM_YEAR_MAX	2100
#define FORM_DIGITS_MAX	15	/* a REAL keeps 15 significant digits exactly */
#define FORM_HINT_ITEMS	4	/* labels named when a choice is not found */
#define FORM_REFS_MAX	1000	/* ids in one value; more is a broken file */

/* Scratch buffers of a parse. */
struct form_scratch {
	struct tbuf clean;	/* the input, NFC and trimmed */
	struct tbuf item;	/* one item of a list value */
	struct tbuf fold;	/* that item folded */
	struct tbuf key;	/* a label folded, to compare */
	struct tbuf hint;	/* labels for a message */
};

/* form-value.c: buffers, characters, the plain types */
int form_buf_reset(struct tbuf *b);
int form_buf_add(struct tbuf *b, const char *s, size_t len);
int form_buf_str(struct tbuf *b, const char *s);
int form_buf_set(struct tbuf *b, const char *s, size_t len);
int form_nomem(struct err *e);
int form_is_digit(int c);
bool form_is_sep(int c);
void form_trim(const char *s, size_t *a, size_t *b);

/* form-choice.c: choices, sets and counts */
int form_parse_choice(const struct form_field *ff, const char *s, size_t len,
    struct tbuf *out, struct form_scratch *sc, struct err *e);
int form_parse_multi(const struct form_field *ff, const char *s, size_t len,
    struct tbuf *out, struct form_scratch *sc, struct err *e);
int form_parse_counts(const struct form_field *ff, const char *s, size_t len,
    struct tbuf *out, struct form_scratch *sc, struct err *e);

/* form-format.c: as shown, compared */
int form_same(const struct form_field *ff, const char *v, const char *canon);

/* A yes/no word in Vietnamese or English, any case, with or without
 * diacritics: 1 yes, 0 no, -1 neither (or out of memory). */
int form_word_bool(const char *s);

/* --- reading forms/KIND.form (form.c, form-rule.c) --- */

enum form_key {
	FORM_KEY_TYPE, FORM_KEY_LABEL_VI, FORM_KEY_LABEL_EN, FORM_KEY_HELP_VI,
	FORM_KEY_HELP_EN, FORM_KEY_REQUIRED, FORM_KEY_MIN, FORM_KEY_MAX, FORM_KEY_CHOICES,
	FORM_KEY_REF, FORM_KEY_DEFAULT, FORM_KEY_LIST,
	FORM_KEY_CARRY, FORM_KEY_SHOW_IF, FORM_KEY_SUGGEST,	/* form-skip.c */
	FORM_KEY_COUNT
};

/* The names of enum field_type, in its order. */
extern const char *const form_types[FIELD_COUNTS + 1];

/* The field block being read: raw values and the lines they came from. */
struct form_block {
	char *v[FORM_KEY_COUNT];
	int at[FORM_KEY_COUNT];
	int line;		/* of "field NAME"; 0 when no block is open */
	char *name;
	int col;
};

/* A `rule` line as read: checked once every field is known. */
struct form_raw_rule {
	char *words;		/* "TYPE FIELD OTHER", as written */
	int line;
};

/* A `warn` line as read, with its message lines (form-warn.c). */
struct form_raw_warn {
	char *words;		/* "NAME COND [and COND]...", as written */
	char *msg[2];		/* message.vi, message.en */
	int line, msg_at[2];
};

struct form_reader {
	const char *path, *datadir;
	struct form_raw_rule *rules;
	size_t nrules;
	struct form_raw_warn *warns;
	size_t nwarns;
	bool warn_open;		/* indented lines belong to the last warn */
	const struct kind *want;	/* forms/KIND.form must describe KIND */
	struct form *f;
	struct err *e;
	int line;
	int form_line, title_vi_line, title_en_line;
	struct form_block b;
	struct tbuf t;
};

/* FILE:LINE: reason, as ERR_INVALID; returns the code. */
int form_fault(struct form_reader *rd, int line, const char *fmt, ...)
	ERR_PRINTF(3, 4);
int form_read_nomem(struct form_reader *rd);
/* Checks the field block just read as a whole and appends it to the form. */
int form_block_end(struct form_reader *rd);
/* "rule TYPE FIELD OTHER": closes the open field block; kept as written
 * until the end, when every field is known (form-rule.c). */
int form_rule_line(struct form_reader *rd, const char *value);
/* Checks one rule against the form's fields and adds it to the form. */
int form_rule_end(struct form_reader *rd, const struct form_raw_rule *raw);

/* form-warn.c: "warn NAME COND...": closes the open field block and opens
 * a warn block for its message lines; form_warn_key takes one of them. */
int form_warn_line(struct form_reader *rd, const char *value);
int form_warn_key(struct form_reader *rd, const char *key, const char *value);
/* Checks each warn once every field is known and adds it to the form. */
int form_warn_end(struct form_reader *rd);
void form_warn_raw_free(struct form_reader *rd);
void form_warns_free(struct form *f);
/* The stored list of confirmed warnings in r, if r holds one that is not in
 * the stored form: ERR_INVALID (form_check_record). */
int form_warn_check(const struct record *r, struct err *e);
/* Whether the database needs column col of k (NOT NULL), form.c. */
bool form_is_needed(const struct kind *k, const char *col);

/* form-skip.c: `carry`, `default today` and `show_if` of the block just
 * read, into ff (ff->def_today when the default is `today`, left for no
 * other check; show_if's words are moved to ff->show_raw by the caller);
 * 0, or the fault's code. Needs ff->type. */
int form_skip_block(struct form_reader *rd, struct form_field *ff);
/* After the last line: every show_if resolved and checked (no cycles). */
int form_skip_end(struct form_reader *rd);

#endif

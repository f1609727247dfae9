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

#endif

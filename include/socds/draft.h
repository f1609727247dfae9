/* draft: a form's unsaved typing, kept in the database so that a dropped SSH
 * link, a dead battery or a closed terminal loses nothing that was typed.
 *
 * This module alone knows a draft's format; the form screen calls it, and the
 * store (store_draft_*) only keeps the text it is given. The text is a JSON
 * object: each field's name and its value as the form had it (typed fields as
 * typed, chosen fields canonical) and, for a record being changed, "@base":
 * the version the typing started from (its fields and "@unit", the unit), to
 * merge against should someone else save the record before the draft is
 * saved. No field name starts with '@'. No curses here. */
#ifndef SOCDS_DRAFT_H
#define SOCDS_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/form.h"
#include "socds/record.h"
#include "socds/store.h"
#include "socds/store-admin.h"

/* A draft read back for form f. */
struct draft {
	size_t n;		/* f->n */
	char **val;		/* per field: the value kept, or NULL when the draft has none */
	bool have_base;		/* "@base" was kept */
	char **base;		/* per field when have_base: its value, NULL when empty */
	char base_unit[8];
};

/* The text of a draft of form f: val[i] is f->fields[i]'s value (NULL:
 * empty); base is the version the typing started from, or NULL. *text is
 * malloc'd; ERR_NOMEM when memory runs out. */
int draft_encode(const struct form *f, const char *const *val, const struct record *base,
    char **text, struct err *e);
/* Reads a draft's text for form f into d (draft_free frees it). A damaged
 * text: ERR_INVALID, and a message that says where it is damaged. */
int draft_decode(const struct form *f, const char *text, struct draft *d, struct err *e);
void draft_free(struct draft *d);

/* Keeps the account's draft of a form: row names it (kind, record_id NULL
 * for a new record, parent_id, unit, base_version; its fields and saved_at
 * are not read) and row->seq is 0 for a new draft, filled in here. */
int draft_keep(struct store *s, struct draft_row *row, const struct form *f,
    const char *const *val, const struct record *base, struct err *e);
/* Throws the draft *seq away (nothing when 0); *seq becomes 0 once it is gone. */
int draft_drop(struct store *s, int64_t *seq, struct err *e);
/* Reads a draft the store listed: draft_decode with a message that names the
 * draft (its kind and when it was kept) when it is damaged. */
int draft_open(const struct draft_row *row, const struct form *f, struct draft *d,
    struct err *e);

#endif

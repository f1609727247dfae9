/* merge-internal: what merge.c shares with the files that help it. */
#ifndef SOCDS_MERGE_INTERNAL_H
#define SOCDS_MERGE_INTERNAL_H

#include "socds/form.h"
#include "socds/merge.h"

/* merge-dupes.c: a person new here (rec, from line `line` of table in the
 * package at path) who looks already recorded (dupes.h) gets a warning in
 * r; merged all the same. Any other kind: nothing. */
int merge_warn_dupes(struct store *s, const struct form *form, const char *path,
    const char *table, long line, const struct record *rec, struct merge_report *r,
    struct err *e);

/* merge-receipt.c: the outcome o of one package row (id at version, the
 * office's version local) kept in merge_row for the unit's receipt; reason
 * for a rejected row. Rows whose id is not a record id are left out. */
int merge_receipt_note(struct store *s, int64_t seq, const struct kind *k, const char *id,
    int64_t version, enum merge_outcome o, int64_t local, const char *reason, struct err *e);
/* merge-base.c: a change-only package whose base this office has not
 * merged (or has reverted) is refused, logged, naming the base; a whole
 * package passes. */
struct package;
int merge_check_base(struct store *s, struct package *p, struct merge_report *r,
    struct err *e);

#endif

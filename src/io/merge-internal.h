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

/* merge-base.c: a change-only package whose base this office has not
 * merged (or has reverted) is refused, logged, naming the base; a whole
 * package passes. */
struct package;
int merge_check_base(struct store *s, struct package *p, struct merge_report *r,
    struct err *e);

#endif

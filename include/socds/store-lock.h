/* store-lock: a unit's period that an office above has approved is
 * read-only at the unit until that office reopens it (issue 17). Every
 * write door (insert, update, delete and its cascade, bin restore, merge)
 * asks store_lock_check. */
#ifndef SOCDS_STORE_LOCK_H
#define SOCDS_STORE_LOCK_H

#include <stddef.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"

/* 0 when writing r (the new values; NULL for a delete) over old (the stored
 * values; NULL for an insert) touches no approved period: neither the old
 * nor the new date lies in one. Else ERR_PERM, e naming the period, the
 * office that approved it and when, and how to have it reopened (in the
 * user's language), store_failed_column set to the date column. */
int store_lock_check(struct store *s, const struct record *old, const struct record *r,
    struct err *e);

/* 1 when stored record id of kind k lies in an approved period (why: the
 * message store_lock_check would give), 0 when not, -1 on error (e). For
 * screens that open a record read-only. */
int store_lock_record(struct store *s, const struct kind *k, const char *id, char *why,
    size_t n, struct err *e);

#endif

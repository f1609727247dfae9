/* store-bin: the recycle bin. The records deleted in a unit, each with what
 * went with it; restoring one brings it and those back as a new version (so
 * that it travels up like any change); an admin may purge one: its personal
 * data go, its tombstones stay. */
#ifndef SOCDS_STORE_BIN_H
#define SOCDS_STORE_BIN_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"

/* One record in the bin: deleted on its own, or the one a delete took
 * others with. Those that went with another are not rows of their own. */
struct store_bin_row {
	const struct kind *kind;
	char id[UUID_STR_LEN];
	char unit[8];
	char deleted_at[24];	/* the tombstone's updated_at */
	char user[64];		/* who deleted it ("" when not known) */
	int64_t deletion;	/* its deletion, 0 when it has none (before the bin) */
	int64_t with;		/* how many records went with it */
};
/* The bin of `unit` and the units below it, newest first, from row `offset`,
 * at most limit rows. fn returning non-zero stops (its value returned). */
int store_bin_page(struct store *s, const char *unit, int64_t offset, int limit,
    int (*fn)(const struct store_bin_row *r, void *arg), void *arg, struct err *e);
/* The bin's row for record id (any kind): ERR_NOTFOUND when id is not a
 * record in the bin (live, purged, or gone with another: the message names
 * which). */
int store_bin_get(struct store *s, const char *id, struct store_bin_row *r, struct err *e);

/* What went with deletion d, still deleted with it: records (member NULL)
 * in the order they were deleted, and links to members present (kind
 * activity, id the activity, member the member taken out). */
int store_bin_items(struct store *s, int64_t deletion,
    int (*fn)(const struct kind *k, const char *id, const char *member, void *arg), void *arg,
    struct err *e);

/* The rules a record must pass before it lives again (the form's rules that
 * need the database, job_bin_restore): 0, or ERR_INVALID naming the clash. */
typedef int (*store_bin_check)(struct store *s, const struct record *r, void *arg,
    struct err *e);
struct store_bin_restored {
	int64_t records;	/* brought back, the record itself included */
	int64_t links;		/* members present put back */
	int64_t left;		/* left deleted: they belong to a record deleted since */
	/* When refused because the record belongs to a deleted one: that one
	 * (restore it first). */
	const struct kind *blocker_kind;
	char blocker[UUID_STR_LEN];
};
/* Brings record id and what went with it back to life in one transaction:
 * each a new version (version + 1, updated_at now), audited "restore"; the
 * members present taken out go back in their activities (which get a new
 * version). A dependant that names a record deleted since stays deleted
 * (counted in left; it shows in the bin on its own). Refused (ERR_INVALID,
 * nothing written) when the record itself names a deleted record (blocker
 * filled) or when check refuses one of them; ERR_PERM when the account may
 * not change its unit; ERR_NOTFOUND when it is not in the bin. */
int store_bin_restore(struct store *s, const char *id, store_bin_check check, void *arg,
    struct store_bin_restored *out, struct err *e);
/* Admin only (ERR_PERM otherwise): the personal data of record id and of
 * what went with it are blanked (names, phones, notes; their members present
 * and their values in the audit log), the tombstones (id, unit, version,
 * deleted, times) stay, so packages still carry the deletion; they leave the
 * bin. *n (may be NULL) gets how many records were purged. */
int store_bin_purge(struct store *s, const char *id, int64_t *n, struct err *e);

#endif

/* store-record: one record at a time: insert, update, delete (and what goes with
 * it), read, names, lookups for imports and merges, the database's rules */
#ifndef SOCDS_STORE_RECORD_H
#define SOCDS_STORE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"

/* Inserts r: fills id (when empty), times (when empty), version 1. Text is
 * stored NFC; name keys are derived here. Atomic with its child rows. */
int store_record_insert(struct store *s, struct record *r, struct err *e);
/* Saves r over the stored record with the same id when its stored version
 * is still r->version (nobody changed it since it was read): bumps version and
 * updated_at, replaces child rows. ERR_CONFLICT otherwise, nothing written. */
int store_record_update(struct store *s, struct record *r, struct err *e);
/* Marks record id deleted (a tombstone that travels upward) when its version
 * is still `version`; bumps the version. ERR_CONFLICT otherwise. Its
 * dependants (store_delete_plan) go with it in the same transaction, each
 * tombstoned with its version bumped; a village with live teams is refused
 * (ERR_INVALID). */
int store_record_delete(struct store *s, const struct kind *k, const char *id,
    int64_t version, struct err *e);
/* What goes with a record when it is deleted (store_record_delete): live
 * team members and activities (of a team), participations in trainings (of
 * a team's members, a training, a staff member or a team member), live
 * activities of other teams that list the deleted people among their members
 * present (those lose them from the list). For a village: its live teams,
 * which refuse the delete until they are moved or deleted. */
struct store_delete_plan {
	int64_t members, activities, participations, presences, teams;
};
int store_delete_plan(struct store *s, const struct kind *k, const char *id,
    struct store_delete_plan *p, struct err *e);
/* A live record that points to a deleted one (socds check): kind, id and
 * name of the record, the field, and the deleted record it names. name and
 * target_name are valid during the call only. */
struct store_dangling {
	const struct kind *kind;
	char id[UUID_STR_LEN];
	const char *name;
	const char *field;
	const struct kind *target_kind;
	char target_id[UUID_STR_LEN];
	const char *target_name;
};
/* Calls fn (may be NULL) for each; *count gets how many there are. Reads only. */
int store_check_dangling(struct store *s, int (*fn)(const struct store_dangling *d, void *arg),
    void *arg, int64_t *count, struct err *e);
/* The same count, cheaply (from the deleted records, by index): what a
 * report warns of. */
int store_count_dangling(struct store *s, int64_t *count, struct err *e);
/* socds check --repair: each such record goes the way of what it points to,
 * as the delete would have taken it (tombstoned with its own dependants; a
 * deleted member leaves an activity's members present), except a team whose
 * village is deleted: the team stays, detached from it. One transaction,
 * audited; *fixed gets how many were repaired. */
int store_repair_dangling(struct store *s, int64_t *fixed, struct err *e);
/* The distinct values of column col of kind k in unit, the most recently
 * entered first, at most max (a form's suggestions): *out malloc'd (free it
 * with store_values_free); how many, or -1 with e filled. */
int store_recent_values(struct store *s, const struct kind *k, const char *col, const char *unit,
    int max, char ***out, struct err *e);
void store_values_free(char **v, int n);
/* The display name of a record (its name column; for a participant the
 * person's name), or "" when it has none. */
int store_record_name(struct store *s, const struct kind *k, const char *id, char *buf,
    size_t size, struct err *e);
/* The same for many records in a row (exports): the statements are prepared
 * once (cached by the store). NULL from store_names_new when out of memory. */
struct store_names;
struct store_names *store_names_new(struct store *s);
int store_names_get(struct store_names *n, const struct kind *k, const char *id, char *buf,
    size_t size, struct err *e);
void store_names_free(struct store_names *n);
/* Lookups for imports. Ids of live records of kind k whose name folds to the
 * same key as `name`, in `within` and the units below; up to max; returns how
 * many there are in all (may exceed max), or -1 with e filled. */
int store_record_find_name(struct store *s, const struct kind *k, const char *within,
    const char *name, char (*ids)[UUID_STR_LEN], int max, struct err *e);
/* Whether a record of kind k with this id exists; *deleted tells a tombstone. */
int store_record_exists(struct store *s, const struct kind *k, const char *id,
    bool *exists, bool *deleted, struct err *e);
/* The queries behind the form rules that need the database (form_check_stored
 * in form.h applies the rules). unique: whether another live record of k (not
 * exclude_id, up to rowid mark, of unit unless NULL) has col_a = a and col_b IS b.
 * within: the first of the ';'-separated ids of records of rk whose col_b is
 * not b, into bad (empty when none). */
int store_rule_unique(struct store *s, const struct kind *k, const char *col_a, const char *a,
    const char *col_b, const char *b, const char *exclude_id, int64_t mark, const char *unit,
    bool *found, struct err *e);
int store_rule_within(struct store *s, const struct kind *rk, const char *col_b, const char *ids,
    const char *b, char bad[40], struct err *e);
/* The stored version of record id of kind k (tombstones too), 0 when there
 * is none. */
int store_record_version(struct store *s, const struct kind *k, const char *id,
    int64_t *version, struct err *e);
/* Reads record `id` of kind r->kind into r (tombstones too). */
int store_record_get(struct store *s, struct record *r, const char *id, struct err *e);
/* Live (not deleted) records of a kind, optionally of one unit. */
int store_record_count(struct store *s, const struct kind *k, const char *unit_code,
    int64_t *n, struct err *e);

/* The unit a stored record of kind k belongs to: *found false when there is
 * no record with that id (tombstones are found). */
int store_record_owner(struct store *s, const struct kind *k, const char *id, char unit[8],
    bool *found, struct err *e);
/* Whether a stored record of kind k is a tombstone (false when there is none). */
int store_record_deleted(struct store *s, const struct kind *k, const char *id, bool *deleted,
    struct err *e);

/* The distinct codes kept in the child table of column `col` of kind k
 * (COL_CHILD_COUNTS categories, COL_CHILD_IDS ids), in code order, over the
 * whole file (tombstones too): the export makes a column for each, even for
 * codes a changed list no longer holds. fn returning non-zero stops (its
 * value is returned). */
int store_child_codes(struct store *s, const struct kind *k, int col,
    int (*fn)(const char *code, void *arg), void *arg, struct err *e);

/* --- import --- */
/* An import inserts as it checks, in one transaction; its checks against
 * the database look only at the rows from before it began, those up to the
 * mark of their kind (store_import_mark). */
int store_import_mark(struct store *s, const struct kind *k, int64_t *mark, struct err *e);
/* Whether a record of kind k with this id was there before the import
 * (tombstones too). */
int store_import_exists(struct store *s, const struct kind *k, const char *id, int64_t mark,
    bool *exists, struct err *e);
/* Likely duplicates of a person: dupes_find (dupes.h). */


#endif

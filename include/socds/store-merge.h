/* store-merge: merging packages from below: one incoming record at a time,
 * undoing a merge, the merge log */
#ifndef SOCDS_STORE_MERGE_H
#define SOCDS_STORE_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"

enum merge_outcome {
	MERGE_INSERTED, MERGE_UPDATED, MERGE_UNCHANGED, MERGE_DELETED, MERGE_CONFLICT,
	MERGE_REJECTED,
};
/* Applies one incoming record (id, versions, times and tombstone as sent)
 * from a package of unit `owner`: new -> inserted; newer than what was last
 * received and not changed here -> updated (or deleted, for a tombstone);
 * changed here since it was received and changed below too -> conflict,
 * nothing written; not newer -> unchanged. A stored record belongs to the
 * unit recorded on it: one that is not owner's or below it is rejected
 * whatever the versions say (the caller checks the incoming row's unit). A
 * row the database refuses (a reference to nothing, a bad value) is
 * rejected too, the reason in e (return 0). With `savepoint` the row runs in
 * a savepoint of its own and a rejected row has changed nothing; without, a
 * rejected row may have written part of itself, and the caller must roll back
 * to a savepoint of its own. *local gets the local version (0 when new).
 * With the audit log on, every change is audited with the old values. */
int store_merge_record(struct store *s, struct record *r, const char *owner, bool savepoint,
    enum merge_outcome *out, int64_t *local, struct err *e);
/* Undoing merge `seq` (merge_log's seq): every record it changed gets its old
 * values back with a new version (an inserted one becomes a tombstone); one
 * changed since then is refused and named. Runs in the caller's transaction;
 * audited; refused when the merge was reverted already. */
struct merge_revert_item {
	char kind[16];
	char id[UUID_STR_LEN];
	char reason[ERR_MSG_MAX];
};
struct merge_revert_report {
	int64_t seq;
	int64_t reverted, refused;
	struct merge_revert_item *items;	/* the refused, every one */
	size_t nitems;
};
int store_merge_revert(struct store *s, int64_t seq, struct merge_revert_report *rr,
    struct err *e);
void store_merge_revert_free(struct merge_revert_report *rr);
/* The merge log: one row per package tried, and its issues. */
int store_merge_log(struct store *s, const char *package, const char *sha,
    const char *unit, const char *period, const char *status, const int64_t counts[6],
    const char *detail, int64_t *seq, struct err *e);
int store_merge_log_counts(struct store *s, int64_t seq, const int64_t counts[6],
    struct err *e);
int store_merge_issue(struct store *s, int64_t seq, const char *kind, const char *id,
    const char *issue, int64_t local, int64_t incoming, const char *reason, struct err *e);
/* Audit rows written from now on belong to merge `seq` (0: to none). */
void store_set_audit_merge(struct store *s, int64_t seq);

#endif

/* store-receipt: the tables of receipts (issue 17, schema v17). At the
 * office: merge_row (what became of each package row) and receipt_issued.
 * At the unit: package_sent, receipt_taken, ack (the version of each record
 * the office accepted), remark (rows it rejected or holds in conflict) and
 * approval (periods approved above, carried down in receipts). */
#ifndef SOCDS_STORE_RECEIPT_H
#define SOCDS_STORE_RECEIPT_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/receipt.h"
#include "socds/store.h"

/* --- at the office --- */

/* One package row's outcome under merge seq (outcome as in records.csv;
 * version and office_version 0 for none). In the merge's transaction. */
int store_merge_row(struct store *s, int64_t seq, const char *kind, const char *id,
    int64_t version, const char *outcome, int64_t office_version, const char *reason,
    struct err *e);

struct store_merge_entry {
	int64_t seq;
	char unit[8];
	char package[1024];
	char sha256[65];
	char status[16];
	char at[24];
	bool reverted;
};
/* The merge log's row seq; *found false when there is none. */
int store_merge_entry(struct store *s, int64_t seq, struct store_merge_entry *m, bool *found,
    struct err *e);
/* Each merge_row of merge seq, in order, to fn (office_values: the office's
 * record as JSON now, for conflicts). */
int store_merge_rows_each(struct store *s, int64_t seq,
    int (*fn)(const struct receipt_row *row, void *arg, struct err *e), void *arg,
    struct err *e);
/* The next receipt number for unit (1 for the first). */
int store_receipt_next(struct store *s, const char *unit, int64_t *number, struct err *e);
/* The receipt issued for merge seq, if any: its unit and number. */
int store_receipt_of_merge(struct store *s, int64_t seq, char unit[8], int64_t *number,
    bool *found, struct err *e);
/* Records receipt number of unit (merge seq, 0 for a status receipt) as
 * issued with the file's seal sha256; a reissue replaces sha and time.
 * Audited. */
int store_receipt_issued(struct store *s, const char *unit, int64_t number, int64_t seq,
    const char *sha256, const char *file, struct err *e);
/* Each approval row whose unit is `unit` or below it, to fn. */
int store_approvals_within(struct store *s, const char *unit,
    int (*fn)(const struct receipt_approval *a, void *arg, struct err *e), void *arg,
    struct err *e);

/* --- at the unit --- */

/* A package made here (job_package, after the rename): content "whole" or
 * "changes", base_sha256 the base of a change-only one (NULL for whole). */
int store_package_sent(struct store *s, const char *sha256, const char *file,
    const char *made_at, const char *content, const char *base_sha256, struct err *e);
int store_package_was_sent(struct store *s, const char *sha256, bool *found, struct err *e);
/* The last receipt taken from office: its number and when (*found false: none). */
int store_receipt_last(struct store *s, const char *office, int64_t *number, char at[24],
    bool *found, struct err *e);
/* One row of a receipt taken in: accepted rows acknowledge the version and
 * clear remarks at that version or older; rejected and conflicting rows
 * become remarks (unless the record was changed here since). *accepted says
 * which it was. In the caller's transaction. */
int store_receipt_row(struct store *s, const struct receipt_row *row, const char *at,
    bool *accepted, struct err *e);
/* An approval from above: stored, or replacing the one of the same id when
 * its revision is newer (*applied). */
int store_approval_take(struct store *s, const struct receipt_approval *a, bool *applied,
    struct err *e);
int store_receipt_taken(struct store *s, const char *office, int64_t number,
    const char *sha256, const char *package_sha256, struct err *e);

/* The record's remark gone: it was saved or deleted here (store_record_update
 * and store_record_delete, in their transaction). */
int store_remark_clear(struct store *s, const char *id, struct err *e);

#endif

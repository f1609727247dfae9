/* store-admin: who may do what (accounts, roles, store_allow), the audit log,
 * drafts and the settings of the database */
#ifndef SOCDS_STORE_ADMIN_H
#define SOCDS_STORE_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/store.h"

/* The account at the keyboard (the OS account) and its role: admin, editor
 * (changes its unit and the units below), viewer (reads). A database with no
 * users configured treats everyone as admin. store_open refuses an account
 * that is not in a configured table. */
const char *store_user(const struct store *s);
const char *store_role(const struct store *s);
int store_user_add(struct store *s, const char *user, const char *unit, const char *role,
    struct err *e);
int store_user_remove(struct store *s, const char *user, struct err *e);
int store_user_list(struct store *s,
    int (*fn)(const char *user, const char *unit, const char *role, void *arg), void *arg,
    struct err *e);
/* What an account asks to do; store_allow decides from one table (access.c). */
enum store_action {
	STORE_ACT_READ,		/* read records, reports, the audit log */
	STORE_ACT_EXPORT,	/* CSV, XLSX, package */
	STORE_ACT_BACKUP,	/* a copy of the whole database */
	STORE_ACT_EDIT,		/* insert, update, delete records of a unit */
	STORE_ACT_IMPORT,	/* records of a unit from a CSV file */
	STORE_ACT_MERGE,	/* a package of a unit */
	STORE_ACT_MERGE_REVERT,	/* undo a merge */
	STORE_ACT_RESTORE,	/* replace the database with a backup */
	STORE_ACT_USERS,	/* add, change, remove accounts */
	STORE_ACT_KEYS,		/* trust or replace the pinned signing key of a unit */
	STORE_ACT_SETTINGS,	/* settings of the database */
	STORE_ACT_ADMIN,	/* anything else only an admin does */
	STORE_ACT_UNIT_PAPER,	/* a unit's settings for its official paper */
	STORE_ACT_PURGE,	/* blank the personal data of deleted records (bin) */
	STORE_ACT_APPROVE,	/* approve or reopen a period of a unit below */
	STORE_ACT_COUNT
};
/* The one answer to "may this account do this to this unit": 0, or ERR_PERM
 * with a message naming the account, its role and unit, what was asked and
 * of which unit. unit: the unit acted on (a record's, a package's); NULL for
 * actions on the whole database, or to ask whether the role may do a scoped
 * action at all (each unit is then asked again). Reads only; writes nothing,
 * not even a log. */
int store_allow(struct store *s, enum store_action a, const char *unit, struct err *e);
/* What an action is, in words (translated): "merge a package". */
const char *store_action_name(enum store_action a);
/* store_allow(s, STORE_ACT_ADMIN, NULL, e): kept for callers that have not
 * named their action yet. */
int store_require_admin(struct store *s, struct err *e);

/* --- the audit log --- */
/* Per-record audit of inserts, updates and deletes is on by default; bulk
 * work (the demo) turns it off and logs one event instead. */
void store_set_audit(struct store *s, bool on);
/* One event that is not a record change (import, merge, export, backup). */
int store_audit_event(struct store *s, const char *action, const char *detail,
    struct err *e);
struct audit_row {
	int64_t seq;
	const char *at, *user, *action, *kind, *record_id, *unit, *old_values, *new_values,
	    *detail;
};
/* Rows newest first, before `before` (0: from the newest), optionally of one
 * user and/or one record; at most limit. */
int store_audit_page(struct store *s, int64_t before, const char *user, const char *record_id,
    int limit, int (*fn)(const struct audit_row *a, void *arg), void *arg, struct err *e);

/* --- drafts: typed work kept until it is saved or thrown away --- */
struct draft_row {
	int64_t seq;
	const char *kind, *record_id, *parent_id, *unit, *fields, *saved_at;
	int64_t base_version;
};
/* Saves (seq 0: inserts, filling *seq) the account's draft of a form. */
int store_draft_save(struct store *s, int64_t *seq, const char *kind, const char *record_id,
    const char *parent_id, const char *unit, int64_t base_version, const char *fields,
    struct err *e);
int store_draft_delete(struct store *s, int64_t seq, struct err *e);
/* The account's drafts, oldest first. */
int store_draft_list(struct store *s, int (*fn)(const struct draft_row *d, void *arg),
    void *arg, struct err *e);

/* --- settings of the database --- */
int store_setting_set(struct store *s, const char *key, const char *value,
    struct err *e);
/* Copies the value into buf; ERR_NOTFOUND when unset. */
int store_setting_get(struct store *s, const char *key, char *buf, size_t size,
    struct err *e);


#endif

/* store: the one SQLite file. The only module that includes sqlite3.h.
 * Every statement is prepared with bound parameters. */
#ifndef SOCDS_STORE_H
#define SOCDS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/search.h"
#include "socds/unit.h"

struct store;

enum store_flags {
	STORE_CREATE = 1 << 0,	/* make the file (0600) when it does not exist */
	STORE_READONLY = 1 << 1,
};

/* Opens (and, with STORE_CREATE, creates) the database, refuses files that are
 * not socds databases or come from a newer socds, and upgrades older ones in
 * place. Nothing is written to a file that is refused. */
int store_open(const char *path, int flags, struct store **out, struct err *e);
void store_close(struct store *s);
int store_schema_version(struct store *s);
extern const int store_schema_latest;

/* For tests of upgrades: opens or creates a file migrated only up to `version`. */
int store_open_at_version(const char *path, int version, struct store **out,
    struct err *e);

int store_begin(struct store *s, struct err *e);
int store_commit(struct store *s, struct err *e);
void store_rollback(struct store *s);
/* Bulk loading (demo, merge): fewer syncs and a larger cache while on. A
 * crash during bulk work can lose it, never corrupt the file. */
int store_bulk(struct store *s, bool on, struct err *e);
/* A large page cache for one big transaction (import, merge), syncs as
 * usual: the pages it changes stay in memory instead of being spilled to
 * the log and read back. */
void store_big_cache(struct store *s, bool on);

/* --- administrative units (struct unit: unit.h) --- */

int store_unit_put(struct store *s, const struct unit *u, struct err *e);
int store_unit_get(struct store *s, const char *code, struct unit *u, struct err *e);
int store_unit_set_parent(struct store *s, const char *code, const char *parent,
    struct err *e);
int store_unit_map_put(struct store *s, const char *old_code, const char *old_name,
    const char *old_district, const char *old_province, const char *new_code,
    struct err *e);
/* Current units whose folded name contains `query` (NULL: all), under `parent`
 * (NULL: anywhere), calling fn for each until it returns non-zero. */
int store_unit_find(struct store *s, const char *query, const char *parent,
    int (*fn)(const struct unit *, void *), void *arg, struct err *e);
/* Children of a unit (status current first), by name. */
int store_unit_children(struct store *s, const char *code,
    int (*fn)(const struct unit *, void *), void *arg, struct err *e);
/* Today's map (unit-map.c). An abolished unit whose name a current unit also
 * bears gets " (cũ)" after its name ("Tỉnh Gia Lai (cũ)"); units_load calls it. */
int store_unit_mark_former(struct store *s, struct err *e);
/* A live record under a former commune that the report of a unit counts in
 * its total and in no unit below it: the mapping splits the commune among
 * several current communes, or names none (see STORE_SCOPE). */
struct store_unassigned {
	const char *kind, *id, *unit_code, *unit_name, *label;
	const char *candidates;	/* "21853 Xã Phù Cát; 21859 Xã Đề Gi", or "" */
};
int store_unit_unassigned(struct store *s, const char *unit,
    int (*fn)(const struct store_unassigned *a, void *arg), void *arg, struct err *e);
int store_unit_unassigned_count(struct store *s, const char *unit, int64_t *n,
    struct err *e);
/* Moves every record (of kind `only`, or all) under the abolished commune
 * old_code to the current commune new_code, one of those the mapping names
 * for it: one transaction, an audit row per record and one event, each
 * record's version bumped so that the move travels up. */
int store_unit_reassign(struct store *s, const char *old_code, const char *new_code,
    const struct kind *only, int64_t *moved, struct err *e);

/* Current communes whose predecessors (unit_map) lay in the pre-2025 district. */
int store_unit_successors_of_district(struct store *s, const char *district,
    int (*fn)(const struct unit *, void *), void *arg, struct err *e);
/* true when `code` is `ancestor` or lies below it. */
int store_unit_within(struct store *s, const char *code, const char *ancestor,
    bool *within, struct err *e);

int store_home_set(struct store *s, const char *code, struct err *e);
/* ERR_NOTFOUND when the database has no home unit yet. */
int store_home_get(struct store *s, struct unit *u, struct err *e);

int store_setting_set(struct store *s, const char *key, const char *value,
    struct err *e);
/* Copies the value into buf; ERR_NOTFOUND when unset. */
int store_setting_get(struct store *s, const char *key, char *buf, size_t size,
    struct err *e);

/* Settings of one unit (schema v10): each key and value, by key. */
int store_unit_setting_list(struct store *s, const char *unit,
    int (*fn)(const char *key, const char *value, void *arg), void *arg, struct err *e);
/* Sets a key of the unit (value NULL: removes it); admin, or editor of the
 * unit or a unit above it (store_allow STORE_ACT_UNIT_PAPER); one audit event. */
int store_unit_setting_put(struct store *s, const char *unit, const char *key,
    const char *value, struct err *e);

/* --- records --- */
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
/* The display name of a record (its name column; for a participant the
 * person's name), or "" when it has none. */
int store_record_name(struct store *s, const struct kind *k, const char *id, char *buf,
    size_t size, struct err *e);
/* The same for many records in a row (exports): the statements are prepared
 * once. NULL from store_names_new when out of memory. */
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
/* The rules of form f that need the database (`unique`, `within`; see
 * forms/README.md), checked on r before it is written: other live records
 * only (never r itself, found by its id), and for `unique` only those up
 * to rowid mark (an import's own rows are compared in memory; INT64_MAX
 * for all). On failure ERR_INVALID, "Label: reason", *bad the index of the
 * field in f->fields. */
struct form;
int store_check_rules(struct store *s, const struct form *f, const struct record *r,
    int64_t mark, size_t *bad, struct err *e);
/* The stored version of record id of kind k (tombstones too), 0 when there
 * is none. */
int store_record_version(struct store *s, const struct kind *k, const char *id,
    int64_t *version, struct err *e);
/* The column the last refused write broke a rule of the database on (a
 * CHECK, UNIQUE or NOT NULL constraint, mapped by store_error), or NULL. */
const char *store_failed_column(const struct store *s);
/* Reads record `id` of kind r->kind into r (tombstones too). */
int store_record_get(struct store *s, struct record *r, const char *id, struct err *e);
/* Live (not deleted) records of a kind, optionally of one unit. */
int store_record_count(struct store *s, const struct kind *k, const char *unit_code,
    int64_t *n, struct err *e);

/* --- lists: keyset paging, never the whole table in memory --- */
struct store_query {
	const struct kind *kind;
	const char *within;	/* this unit and the units below it (NULL: any) */
	const char *unit;	/* exactly this unit (NULL: any) */
	const char *parent_id;	/* kind->parent_col equals this id */
	const char *village_id;	/* the team's village (team, member, activity) */
	const char *search;	/* as typed; matched folded against the name (NULL: all) */
	/* With search_n > 0 the search covers these columns instead (a row
	 * matches when any of them holds the folded search), and the unit's
	 * name too with search_unit: what a list screen shows. */
	const struct search_col *search_cols;
	int search_n;
	bool search_unit;
	const char *from, *to;	/* yyyy-mm-dd bounds on kind->date_col (NULL: open) */
	int sort;		/* column index in kind->cols, or -1 for the kind's usual order */
	bool desc;
	/* store_query_count of a search stops at this many (0: counts all):
	 * "500 or more" is all a keystroke needs to show. */
	int64_t count_limit;
};

/* Where a page starts: the sort value and id of a row. */
struct store_key {
	int type;		/* 0 none, 1 integer, 2 real, 3 text/blob bytes */
	int64_t i;
	double d;
	unsigned char b[320];
	int len;
	char id[UUID_STR_LEN];
	int64_t rowid;		/* breaks ties in the order, as the indexes do */
};

/* Calls fn for up to `limit` live records in the query's order, starting at
 * `from` (NULL: the first), including it when `inclusive`; with `backward`,
 * walks the other way from `from` (rows come in reverse order). fn gets the
 * record and its key; a non-zero return stops. Returns the number of rows. */
int store_query_page(struct store *s, const struct store_query *q,
    const struct store_key *from, bool inclusive, bool backward, int limit,
    int (*fn)(const struct record *, const struct store_key *, void *), void *arg,
    struct err *e);
/* Every record of kind k — tombstones too when with_deleted — of the unit
 * `within` and the units below it (NULL: all), in the order they came into
 * the file (rowid), one at a time (exports stream: nothing is gathered in
 * memory, nothing is sorted). With from/to, kinds that
 * have a date keep only the records of that period, and participants those of
 * the period's trainings. fn returning non-zero stops (its value is returned). */
int store_record_each(struct store *s, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted,
    int (*fn)(const struct record *, void *), void *arg, struct err *e);
/* How many records store_record_each gives for the same arguments, counted in
 * one pass over the table (the indexes leave out the tombstone flag, and
 * checking it row by row through one costs several times more). */
int store_record_each_count(struct store *s, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted, int64_t *n, struct err *e);
/* Live records the query matches. */
int store_query_count(struct store *s, const struct store_query *q, int64_t *n,
    struct err *e);

/* What needs attention in a unit and the units below it, for the home screen. */
struct store_attention {
	int64_t villages_without_team;
	int64_t staff_untrained;	/* DT staff with no attended training in `year` */
	int64_t communes_without_focal;	/* communes below (or the unit) with no focal point */
};
/* A number that changes whenever the database does (this connection or
 * another): what a screen compares to know its figures are still true. */
int64_t store_change_stamp(struct store *s);
int store_attention_get(struct store *s, const char *unit, int year,
    struct store_attention *out, struct err *e);

/* --- merging packages from below --- */
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
/* The unit a stored record of kind k belongs to: *found false when there is
 * no record with that id (tombstones are found). */
int store_record_owner(struct store *s, const struct kind *k, const char *id, char unit[8],
    bool *found, struct err *e);
/* Whether a stored record of kind k is a tombstone (false when there is none). */
int store_record_deleted(struct store *s, const struct kind *k, const char *id, bool *deleted,
    struct err *e);
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
/* Savepoints inside the transaction: a package among many, rows of a
 * package. Names are the caller's constants. store_rollback_to undoes what
 * followed the savepoint and leaves it. */
int store_savepoint(struct store *s, const char *name, struct err *e);
int store_release(struct store *s, const char *name, struct err *e);
void store_rollback_to(struct store *s, const char *name);
bool store_in_transaction(struct store *s);
/* The merge log: one row per package tried, and its issues. */
int store_merge_log(struct store *s, const char *package, const char *sha,
    const char *unit, const char *period, const char *status, const int64_t counts[6],
    const char *detail, int64_t *seq, struct err *e);
int store_merge_log_counts(struct store *s, int64_t seq, const int64_t counts[6],
    struct err *e);
int store_merge_issue(struct store *s, int64_t seq, const char *kind, const char *id,
    const char *issue, int64_t local, int64_t incoming, const char *reason, struct err *e);

/* --- who may do what --- */
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
/* Audit rows written from now on belong to merge `seq` (0: to none). */
void store_set_audit_merge(struct store *s, int64_t seq);
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

/* --- checks --- */
struct store_check {
	int integrity_errors;
	int fk_errors;
	int text_errors;	/* stored text not NFC or name keys out of date */
	char first[ERR_MSG_MAX];	/* the first problem found */
};
int store_check(struct store *s, struct store_check *c, struct err *e);

/* The account running socds (for roles, audit, drafts, the merge log and
 * created-by): the OS account, or the name given to store_os_user_set. */
const char *store_os_user(void);
/* socds --as NAME (an SSH forced command): the account is NAME, and it must
 * be in the user table (a database without users gives it nothing). Call
 * before the first store_open. ERR_USAGE when the name is not 1 to 32 of
 * A-Z a-z 0-9 . _ - (not starting with - or .). */
int store_os_user_set(const char *name, struct err *e);
/* Whether the account was named with store_os_user_set. */
bool store_os_user_forced(void);
/* Current time as yyyy-mm-ddThh:mm:ssZ. */
void store_now(char buf[24]);

/* --- xlsx --- */
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
/* Live people (staff, member) of `unit` with the same folded name
 * (text_fold) and birth year, over the rows from before the import:
 * likely duplicates. */
int store_import_duplicates(struct store *s, const struct kind *k, const char *unit,
    const char *name_key, const char *birth_year, int64_t mark, int64_t *n, struct err *e);

/* --- tasks --- */
/* One row of the plan-task catalogue (table task). Empty or NULL optional
 * fields are stored as NULL. */
struct store_task {
	const char *code;		/* "BD-1.2": plan prefix and the appendix number */
	const char *title;
	const char *lead_agency;
	const char *coordinating;
	const char *expected_result;
	const char *due_text;		/* as the plan writes it: "Năm 2024", "Hàng năm" */
	const char *due_start;		/* yyyy-mm-dd */
	const char *due_end;		/* yyyy-mm-dd */
	const char *level;		/* province / district / commune / commune,district */
	const char *source;		/* the plan: "binhdinh-1690-2024" */
	const char *province_code;	/* the plan's province (GSO code), or NULL */
};
/* Inserts the task or updates the one with the same code; a row that is
 * already the same is left untouched (nothing written). Text is stored as
 * given: the caller cleans it (NFC). */
int store_task_put(struct store *s, const struct store_task *t, struct err *e);

/* --- backups --- */
/* A backup is a whole copy of the database made with SQLite's online backup
 * API: one read snapshot copied in steps, so that other officers keep saving
 * meanwhile (WAL). The copy goes to a temporary file (0600) beside its name,
 * is checked (integrity_check) and only then renamed into place: there is
 * never a half backup. A backup is one self-contained file (rollback-journal
 * mode) that any SQLite tool can read. */
#define STORE_BACKUP_KEEP 7	/* daily backups kept unless 'backup_keep' says otherwise */

struct store_backup_opts {
	int pages;		/* pages copied per step (<= 0: 256) */
	/* Called after every step with the pages copied so far and in all. */
	void (*progress)(int64_t done, int64_t total, void *arg);
	void *arg;
};

/* The folder for backups of the database at db_path: "backups" beside it,
 * created 0700 when missing. */
int store_backup_dir(const char *db_path, char *buf, size_t size, struct err *e);
/* A name for a backup made now: that folder/socds-YYYYmmdd-HHMMSS.db (local time). */
int store_backup_name(const char *db_path, char *buf, size_t size, struct err *e);
/* Copies the database into path. ERR_EXISTS when path exists and !force;
 * ERR_INVALID when path is the database itself. Call it outside a
 * transaction. o may be NULL; *size (may be NULL) gets the copy's bytes. */
int store_backup(struct store *s, const char *path, bool force,
    const struct store_backup_opts *o, int64_t *size, struct err *e);
/* The automatic daily backup: makes dir/socds-daily-YYYYmmdd.db (dir NULL:
 * store_backup_dir) unless today's exists — then it only stat()s and
 * returns 0 — and keeps the newest `keep` daily backups (the setting
 * 'backup_keep', 1 to 3650, outranks `keep`; keep <= 0: STORE_BACKUP_KEEP),
 * removing older ones. Other backups in the folder are never touched. An
 * error is for the caller to show as a warning; the database is unchanged. */
int store_backup_rotate(struct store *s, const char *dir, int keep, struct err *e);
/* Whether today's daily backup of the database at db_path is already made
 * (in the default folder): one stat, for deciding at start. */
bool store_backup_daily_done(const char *db_path);
/* Whether path is a socds database this socds can take back: an SQLite
 * header and a whole file, socds's application_id, a user_version not newer
 * than store_schema_latest, integrity_check ok, foreign_key_check empty.
 * Reads only. ERR_NOTFOUND, ERR_IO, ERR_CORRUPT or ERR_NEWER otherwise. */
int store_backup_verify(const char *path, struct err *e);
/* Puts the backup at `backup` in place of the database at db_path: checks
 * it (store_backup_verify), copies it with the backup API into a temporary
 * file beside db_path and upgrades the copy when it is older; then keeps the
 * current database aside as db_path.before-restore-YYYYmmdd-HHMMSS (its WAL
 * checkpointed into it first; ERR_EXISTS when that name is taken and
 * !force) and renames the copy into place. ERR_BUSY when another connection
 * has the database open. Refused: nothing changed. aside (may be NULL) gets
 * the name the previous database is kept under, "" when there was none. */
int store_backup_restore(const char *backup, const char *db_path, bool force,
    const struct store_backup_opts *o, char *aside, size_t asize, struct err *e);

#endif

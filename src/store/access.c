/* access: who is at the keyboard, what their role lets them change, and the
 * audit log of what they did. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-admin.h"
#include "socds/store-merge.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/i18n.h"

/* Reads the account's role; called once by store_open. */
int
store_actor_load(struct store *s, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc, users = 0, found = 0;

	snprintf(s->user, sizeof s->user, "%s", store_os_user());
	snprintf(s->role, sizeof s->role, "admin");
	s->user_unit[0] = '\0';
	rc = store_prepare(s, "SELECT (SELECT count(*) FROM app_user), unit_code, role"
	    " FROM (SELECT 1) LEFT JOIN app_user ON os_user = ?", &st);
	if (rc != SQLITE_OK) {
		/* Before version 5 there is no table: everyone is an admin. */
		sqlite3_reset(st);
		if (store_os_user_forced())
			return err_set(e, ERR_PERM, _("%s: the account '%s' has no access to this"
			    " database (it has no user table yet)"), s->path, s->user);
		return 0;
	}
	store_bind_text(s, st, 1, s->user, -1, SQLITE_STATIC);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		users = sqlite3_column_int(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			found = 1;
			snprintf(s->user_unit, sizeof s->user_unit, "%s", sqlite3_column_text(st, 1));
			snprintf(s->role, sizeof s->role, "%s", sqlite3_column_text(st, 2));
		}
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "app_user");
	/* An account named by 'socds --as' exists only in the table: even a
	 * database with no users configured does not make it an admin. */
	if ((users > 0 || store_os_user_forced()) && !found)
		return err_set(e, ERR_PERM, _("%s: the account '%s' has no access to this database;"
		    " an admin can give it with 'socds user add %s --unit CODE --role editor'"),
		    s->path, s->user, s->user);
	return 0;
}

const char *
store_user(const struct store *s)
{
	return s->user;
}

const char *
store_role(const struct store *s)
{
	return s->role;
}

/* Who may do what, as data: for each action, what each role may do.
 * ANY: on any unit; SCOPE: on the account's unit and the units below it;
 * ABOVE: on the units strictly below the account's unit (an office approves
 * the units below it, never itself); NO: never. An action's unit is the unit it touches (a record's unit, a
 * package's unit), NULL for actions on the whole database. */
enum access_rule { ACCESS_NO, ACCESS_ANY, ACCESS_SCOPE, ACCESS_ABOVE };

static const struct access_row {
	const char *what;	/* what was asked, for the message */
	unsigned char admin, editor, viewer;
} access_rules[STORE_ACT_COUNT] = {
	[STORE_ACT_READ] = { N_("read the database"), ACCESS_ANY, ACCESS_ANY, ACCESS_ANY },
	[STORE_ACT_EXPORT] = { N_("export data"), ACCESS_ANY, ACCESS_ANY, ACCESS_ANY },
	[STORE_ACT_BACKUP] = { N_("make a backup"), ACCESS_ANY, ACCESS_ANY, ACCESS_ANY },
	[STORE_ACT_EDIT] = { N_("change records"), ACCESS_ANY, ACCESS_SCOPE, ACCESS_NO },
	[STORE_ACT_IMPORT] = { N_("import records"), ACCESS_ANY, ACCESS_SCOPE, ACCESS_NO },
	[STORE_ACT_MERGE] = { N_("merge a package"), ACCESS_ANY, ACCESS_SCOPE, ACCESS_NO },
	[STORE_ACT_MERGE_REVERT] = { N_("revert a merge"), ACCESS_ANY, ACCESS_NO, ACCESS_NO },
	[STORE_ACT_RESTORE] = { N_("restore a backup over the database"), ACCESS_ANY, ACCESS_NO,
	    ACCESS_NO },
	[STORE_ACT_USERS] = { N_("manage users"), ACCESS_ANY, ACCESS_NO, ACCESS_NO },
	[STORE_ACT_KEYS] = { N_("trust or replace signing keys"), ACCESS_ANY, ACCESS_NO,
	    ACCESS_NO },
	[STORE_ACT_SETTINGS] = { N_("change settings"), ACCESS_ANY, ACCESS_NO, ACCESS_NO },
	[STORE_ACT_ADMIN] = { N_("do this"), ACCESS_ANY, ACCESS_NO, ACCESS_NO },
	[STORE_ACT_UNIT_PAPER] = { N_("change the report settings"), ACCESS_ANY, ACCESS_SCOPE,
	    ACCESS_NO },
	[STORE_ACT_PURGE] = { N_("purge deleted records"), ACCESS_ANY, ACCESS_NO, ACCESS_NO },
	[STORE_ACT_APPROVE] = { N_("approve or reopen a period"), ACCESS_ANY, ACCESS_ABOVE,
	    ACCESS_NO },
};

const char *
store_action_name(enum store_action a)
{
	return (unsigned)a < STORE_ACT_COUNT ? _(access_rules[a].what) : "?";
}

int
store_allow(struct store *s, enum store_action a, const char *unit, struct err *e)
{
	const struct access_row *r;
	int rule;
	bool within = false;

	if ((unsigned)a >= STORE_ACT_COUNT)
		return err_set(e, ERR_FAIL, "store_allow: unknown action %d", (int)a);
	r = &access_rules[a];
	rule = strcmp(s->role, "admin") == 0 ? r->admin : strcmp(s->role, "editor") == 0 ?
	    r->editor : strcmp(s->role, "viewer") == 0 ? r->viewer : ACCESS_NO;
	if (rule == ACCESS_ANY)
		return 0;
	if (rule == ACCESS_ABOVE && unit != NULL && unit[0] != '\0') {
		if (strcmp(unit, s->user_unit) != 0 &&
		    store_unit_within(s, unit, s->user_unit, &within, e) != 0)
			return e->code;
		if (within)
			return 0;
		return err_set(e, ERR_PERM, _("refused: '%s' is %s of unit %s and may not %s of unit"
		    " %s, which is not below %s"), s->user, s->role, s->user_unit, _(r->what), unit,
		    s->user_unit);
	}
	if (rule == ACCESS_ABOVE)
		return 0;
	if (rule == ACCESS_SCOPE && unit != NULL && unit[0] != '\0') {
		if (store_unit_within(s, unit, s->user_unit, &within, e) != 0)
			return e->code;
		if (within)
			return 0;
		return err_set(e, ERR_PERM, _("refused: '%s' is %s of unit %s and may not %s of unit"
		    " %s, which is not %s or below it"), s->user, s->role, s->user_unit, _(r->what),
		    unit, s->user_unit);
	}
	/* A scoped action asked without a unit: the role may do it somewhere;
	 * each unit it touches is asked again. */
	if (rule == ACCESS_SCOPE)
		return 0;
	if (r->editor == ACCESS_NO)
		return err_set(e, ERR_PERM, _("refused: '%s' is %s of unit %s and may not %s;"
		    " only an admin may"), s->user, s->role, s->user_unit, _(r->what));
	return err_set(e, ERR_PERM, _("refused: '%s' is %s of unit %s and may not %s;"
	    " a viewer may read but not change records"), s->user, s->role, s->user_unit,
	    _(r->what));
}

int
store_require_admin(struct store *s, struct err *e)
{
	return store_allow(s, STORE_ACT_ADMIN, NULL, e);
}

int
store_user_add(struct store *s, const char *user, const char *unit, const char *role,
    struct err *e)
{
	char now[24];
	struct unit u;

	if (store_allow(s, STORE_ACT_USERS, NULL, e) != 0)
		return e->code;
	if (strcmp(role, "admin") != 0 && strcmp(role, "editor") != 0 && strcmp(role, "viewer") != 0)
		return err_set(e, ERR_USAGE, _("role '%s': use admin, editor or viewer"), role);
	if (store_unit_get(s, unit, &u, e) != 0)
		return e->code;
	store_now(now);
	if (store_run(s, e, user, "INSERT INTO app_user(os_user, unit_code, role, created_at)"
	    " VALUES (?, ?, ?, ?) ON CONFLICT(os_user) DO UPDATE SET unit_code = excluded.unit_code,"
	    " role = excluded.role", "tttt", user, unit, role, now) != 0)
		return e->code;
	char detail[200];
	snprintf(detail, sizeof detail, "user %s: %s of %s", user, role, unit);
	return store_audit_event(s, "user", detail, e);
}

int
store_user_remove(struct store *s, const char *user, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (store_allow(s, STORE_ACT_USERS, NULL, e) != 0)
		return e->code;
	rc = store_prepare(s, "DELETE FROM app_user WHERE os_user = ?", &st);
	if (rc == SQLITE_OK) {
		store_bind_text(s, st, 1, user, -1, SQLITE_STATIC);
		rc = store_step(s, st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, user);
	if (sqlite3_changes(s->db) == 0)
		return err_set(e, ERR_NOTFOUND, _("no user '%s'"), user);
	char detail[120];
	snprintf(detail, sizeof detail, "user %s removed", user);
	return store_audit_event(s, "user", detail, e);
}

int
store_user_list(struct store *s, int (*fn)(const char *, const char *, const char *, void *),
    void *arg, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s, "SELECT os_user, unit_code, role FROM app_user"
	    " ORDER BY os_user", &st);

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "app_user");
	while ((rc = store_step(s, st)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "app_user");
}

void
store_set_audit(struct store *s, bool on)
{
	s->audit = on;
}

void
store_set_audit_merge(struct store *s, int64_t seq)
{
	s->audit_merge = seq;
}

int
store_audit_write(struct store *s, const char *action, const char *kind, const char *record_id,
    const char *unit, const char *old_json, const char *new_json, const char *detail,
    struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "INSERT INTO audit(at, os_user, action, kind, record_id,"
	    " unit_code, old_values, new_values, detail, merge_seq) VALUES (?,?,?,?,?,?,?,?,?,?)", e);
	char now[24];
	int rc;

	if (st == NULL)
		return e->code;
	store_now(now);
	store_bind_text(s, st, 1, now, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 2, s->user, -1, SQLITE_STATIC);
	store_bind_text(s, st, 3, action, -1, SQLITE_STATIC);
	store_bind_text(s, st, 4, kind, -1, SQLITE_STATIC);
	store_bind_text(s, st, 5, record_id, -1, SQLITE_STATIC);
	store_bind_text(s, st, 6, unit, -1, SQLITE_STATIC);
	store_bind_text(s, st, 7, old_json, -1, SQLITE_STATIC);
	store_bind_text(s, st, 8, new_json, -1, SQLITE_STATIC);
	store_bind_text(s, st, 9, detail, -1, SQLITE_STATIC);
	if (s->audit_merge > 0)
		store_bind_int64(s, st, 10, s->audit_merge);
	else
		store_bind_null(s, st, 10);
	rc = store_step(s, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "audit");
}

int
store_audit_event(struct store *s, const char *action, const char *detail, struct err *e)
{
	return store_audit_write(s, action, NULL, NULL, NULL, NULL, NULL, detail, e);
}

/* Writes v as a JSON string at p, with the escapes jansson's compact output
 * uses (quote, backslash, control characters), UTF-8 as it is; returns the
 * end. Room: 6 bytes a byte of v, and 2. */
static char *
access_json_str(char *p, const char *v, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";

	*p++ = '"';
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (ch >= 0x20 && ch != '"' && ch != '\\') {
			*p++ = (char)ch;
			continue;
		}
		*p++ = '\\';
		switch (ch) {
		case '"': *p++ = '"'; break;
		case '\\': *p++ = '\\'; break;
		case '\b': *p++ = 'b'; break;
		case '\f': *p++ = 'f'; break;
		case '\n': *p++ = 'n'; break;
		case '\r': *p++ = 'r'; break;
		case '\t': *p++ = 't'; break;
		default:
			memcpy(p, "u00", 3);
			p[3] = hex[ch >> 4];
			p[4] = hex[ch & 15];
			p += 5;
		}
	}
	*p++ = '"';
	return p;
}

/* A record's values as JSON, as the audit log keeps them: the text jansson
 * made (compact, in column order), written directly into one buffer sized
 * first, as this runs for every record an import or merge writes. A value
 * that is not UTF-8 is left out, as jansson left it out. */
static char *
access_json(const struct record *r)
{
	const struct kind *k = r->kind;
	size_t lens[64], need = 64, ulen = strlen(r->unit_code);
	char num[24], *p = num + sizeof num, *text, *w;
	unsigned long long ver = r->version < 0 ? 0ull - (unsigned long long)r->version :
	    (unsigned long long)r->version;

	if (k->ncols > 64)	/* the kinds table has at most 20 */
		return NULL;
	do
		*--p = (char)('0' + ver % 10);
	while ((ver /= 10) != 0);
	if (r->version < 0)
		*--p = '-';
	need += 6 * ulen;
	for (int i = 0; i < k->ncols; i++) {
		const char *v = r->val[i];
		lens[i] = v != NULL ? strlen(v) : 0;
		if (v == NULL || !text_utf8_valid(v, lens[i], NULL)) {
			lens[i] = (size_t)-1;
			continue;
		}
		need += 6 * lens[i] + 2 * strlen(k->cols[i].name) + 8;
	}
	if ((text = malloc(need)) == NULL)
		return NULL;
	w = text;
	memcpy(w, "{\"version\":", 11);
	w += 11;
	memcpy(w, p, (size_t)(num + sizeof num - p));
	w += num + sizeof num - p;
	memcpy(w, r->deleted ? ",\"deleted\":1,\"unit_code\":" : ",\"deleted\":0,\"unit_code\":", 25);
	w += 25;
	w = access_json_str(w, r->unit_code, ulen);
	for (int i = 0; i < k->ncols; i++) {
		const char *name = k->cols[i].name;
		if (lens[i] == (size_t)-1)
			continue;
		*w++ = ',';
		w = access_json_str(w, name, strlen(name));
		*w++ = ':';
		w = access_json_str(w, r->val[i], lens[i]);
	}
	*w++ = '}';
	*w = '\0';
	return text;
}

char *
store_record_json_of(const struct record *r)
{
	return access_json(r);
}

char *
store_record_json(struct store *s, const struct kind *k, const char *id)
{
	struct record r;
	struct err e = { 0 };
	char *text = NULL;

	if (record_init(&r, k) != 0)
		return NULL;
	if (store_record_get(s, &r, id, &e) == 0)
		text = access_json(&r);
	record_free(&r);
	return text;
}

int
store_audit_page(struct store *s, int64_t before, const char *user, const char *record_id,
    int limit, int (*fn)(const struct audit_row *a, void *arg), void *arg, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_prepare(s,
	    "SELECT seq, at, os_user, action, kind, record_id, unit_code, old_values, new_values,"
	    " detail FROM audit WHERE (?1 = 0 OR seq < ?1) AND (?2 IS NULL OR os_user = ?2)"
	    " AND (?3 IS NULL OR record_id = ?3) ORDER BY seq DESC LIMIT ?4", &st);

	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "audit");
	store_bind_int64(s, st, 1, before);
	if (user != NULL)
		store_bind_text(s, st, 2, user, -1, SQLITE_STATIC);
	if (record_id != NULL)
		store_bind_text(s, st, 3, record_id, -1, SQLITE_STATIC);
	store_bind_int(s, st, 4, limit);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		struct audit_row a = {
			sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
			(const char *)sqlite3_column_text(st, 6), (const char *)sqlite3_column_text(st, 7),
			(const char *)sqlite3_column_text(st, 8), (const char *)sqlite3_column_text(st, 9),
		};
		if (fn(&a, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "audit");
}

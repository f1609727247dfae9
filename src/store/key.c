/* store key: this unit's signing key and the pinned keys of the units below
 * (tables signing_key and unit_key, schema version 9). */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/i18n.h"
#include "socds/store-admin.h"
#include "socds/store-key.h"
#include "socds/store-unit.h"

static int
store_key_read(struct store *s, const char *code, struct sign_key *k, bool *found,
    struct err *e)
{
	sqlite3_stmt *st = store_cached_key(s, "SELECT public_key, secret_key, created_at"
	    " FROM signing_key WHERE unit_code = ?", code, e);
	int rc;

	*found = false;
	if (st == NULL)
		return e->code;
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) != SIGN_KEY_SIZE ||
		    sqlite3_column_bytes(st, 1) != SIGN_KEY_SIZE) {
			sqlite3_reset(st);
			return err_set(e, ERR_CORRUPT, _("the signing key of unit %s is damaged"),
			    code);
		}
		memset(k, 0, sizeof *k);
		snprintf(k->unit, sizeof k->unit, "%s", code);
		memcpy(k->pub, sqlite3_column_blob(st, 0), SIGN_KEY_SIZE);
		memcpy(k->secret, sqlite3_column_blob(st, 1), SIGN_KEY_SIZE);
		snprintf(k->created_at, sizeof k->created_at, "%s",
		    (const char *)sqlite3_column_text(st, 2));
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "signing_key");
	if (*found) {
		uint8_t pub[SIGN_KEY_SIZE];
		sign_public_of(k->secret, pub);
		if (memcmp(pub, k->pub, sizeof pub) != 0)
			return err_set(e, ERR_CORRUPT, _("the signing key of unit %s is damaged (its"
			    " two halves do not match)"), code);
	}
	return 0;
}

static int
store_key_insert(struct store *s, const struct sign_key *k, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "INSERT INTO signing_key(unit_code, public_key,"
	    " secret_key, created_at) VALUES (?,?,?,?)", e);
	int rc;

	if (st == NULL)
		return e->code;
	store_bind_text(s, st, 1, k->unit, -1, SQLITE_TRANSIENT);
	store_bind_blob(s, st, 2, k->pub, SIGN_KEY_SIZE, SQLITE_TRANSIENT);
	store_bind_blob(s, st, 3, k->secret, SIGN_KEY_SIZE, SQLITE_TRANSIENT);
	store_bind_text(s, st, 4, k->created_at, -1, SQLITE_TRANSIENT);
	rc = store_step(s, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "signing_key");
}

int
store_key_home(struct store *s, bool create, struct sign_key *k, struct err *e)
{
	struct unit home;
	bool found;
	char fp[SIGN_FP_LEN], detail[200];
	int rc = -1;

	if (store_home_get(s, &home, e) != 0 || store_key_read(s, home.code, k, &found, e) != 0)
		return e->code;
	if (found)
		return 0;
	if (!create)
		return err_set(e, ERR_NOTFOUND, _("unit %s has no signing key yet; it gets one at its"
		    " first package export"), home.code);
	/* Made under the write lock, and read again there: two exports at once
	 * make one key, not two. */
	if (store_begin(s, e) != 0)
		return e->code;
	if (store_key_read(s, home.code, k, &found, e) != 0)
		goto fail;
	if (!found) {
		if (sign_keygen(home.code, k, e) != 0)
			goto fail;
		store_now(k->created_at);
		sign_fingerprint(k->pub, fp);
		snprintf(detail, sizeof detail, "signing key of %s made: %s", home.code, fp);
		if (store_key_insert(s, k, e) != 0 || store_audit_event(s, "key", detail, e) != 0)
			goto fail;
	}
	rc = 0;
fail:
	if ((rc = store_end(s, rc, e)) != 0)
		memset(k, 0, sizeof *k);
	return rc;
}

static void
store_key_row(sqlite3_stmt *st, struct store_pin *pin)
{
	memset(pin, 0, sizeof *pin);
	snprintf(pin->unit, sizeof pin->unit, "%s", (const char *)sqlite3_column_text(st, 0));
	if (sqlite3_column_bytes(st, 1) == SIGN_KEY_SIZE) {
		memcpy(pin->pub, sqlite3_column_blob(st, 1), SIGN_KEY_SIZE);
		pin->has_pub = true;
	}
	snprintf(pin->fingerprint, sizeof pin->fingerprint, "%s",
	    (const char *)sqlite3_column_text(st, 2));
	snprintf(pin->pinned_at, sizeof pin->pinned_at, "%s",
	    (const char *)sqlite3_column_text(st, 3));
	snprintf(pin->how, sizeof pin->how, "%s", (const char *)sqlite3_column_text(st, 4));
}

int
store_key_pinned(struct store *s, const char *unit, struct store_pin *pin, bool *found,
    struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "SELECT unit_code, public_key, fingerprint, pinned_at,"
	    " how FROM unit_key WHERE unit_code = ?", e);
	int rc;

	*found = false;
	if (st == NULL)
		return e->code;
	store_bind_text(s, st, 1, unit, -1, SQLITE_TRANSIENT);
	if ((rc = store_step(s, st)) == SQLITE_ROW) {
		store_key_row(st, pin);
		*found = true;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "unit_key");
}

int
store_key_pin(struct store *s, const struct store_pin *pin, struct err *e)
{
	sqlite3_stmt *st = store_cached(s, "INSERT INTO unit_key(unit_code, public_key,"
	    " fingerprint, pinned_at, how) VALUES (?1,?2,?3,?4,?5) ON CONFLICT(unit_code) DO"
	    " UPDATE SET public_key = ?2, fingerprint = ?3, pinned_at = ?4, how = ?5", e);
	char now[24], detail[200];
	int rc;

	if (st == NULL)
		return e->code;
	store_now(now);
	store_bind_text(s, st, 1, pin->unit, -1, SQLITE_TRANSIENT);
	if (pin->has_pub)
		store_bind_blob(s, st, 2, pin->pub, SIGN_KEY_SIZE, SQLITE_TRANSIENT);
	else
		store_bind_null(s, st, 2);
	store_bind_text(s, st, 3, pin->fingerprint, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 4, pin->pinned_at[0] ? pin->pinned_at : now, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 5, pin->how, -1, SQLITE_TRANSIENT);
	rc = store_step(s, st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "unit_key");
	snprintf(detail, sizeof detail, "key of %s pinned (%s): %s", pin->unit, pin->how,
	    pin->fingerprint);
	return store_audit_event(s, "key", detail, e);
}

int
store_key_list(struct store *s, int (*fn)(const struct store_pin *pin, void *arg), void *arg,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct store_pin pin;
	int rc = store_prepare(s, "SELECT unit_code, public_key, fingerprint, pinned_at,"
	    " how FROM unit_key ORDER BY unit_code", &st);

	while (rc == SQLITE_OK && (rc = store_step(s, st)) == SQLITE_ROW) {
		store_key_row(st, &pin);
		if (fn(&pin, arg) != 0) {
			sqlite3_reset(st);
			return e->code ? e->code : ERR_FAIL;
		}
		rc = SQLITE_OK;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "unit_key");
}

void
store_key_accept(struct store *s, const char *fp)
{
	snprintf(s->accept_key, sizeof s->accept_key, "%s", fp != NULL ? fp : "");
}

const char *
store_key_accepted(const struct store *s)
{
	return s->accept_key[0] != '\0' ? s->accept_key : NULL;
}

/* receipt: taking in a receipt from the office above. Checked whole first
 * (seal, signature, the office's pinned key, addressed here, newer than the
 * last, answering a package made here), then one transaction: the key
 * pinned on first use, rows acknowledged or kept as remarks, approvals
 * taken, the receipt recorded and audited. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/job-receipt.h"
#include "socds/receipt.h"
#include "socds/store-admin.h"
#include "socds/store-key.h"
#include "socds/store-receipt.h"
#include "socds/store-unit.h"

/* 05/10/2026 of 2026-10-05T..., for people. */
static void
receipt_day(const char *at, char out[16])
{
	if (strlen(at) >= 10)
		snprintf(out, 16, "%.2s/%.2s/%.4s", at + 8, at + 5, at);
	else
		snprintf(out, 16, "%s", at);
}

/* The signer is the office above home; its key the pinned one (or pinned now). */
static int
receipt_check_key(struct store *s, const char *path, const struct receipt_head *h,
    const struct unit *home, const char *accept_key, struct store_pin *pin, bool *pin_now,
    struct err *e)
{
	char acc[SIGN_FP_LEN] = "";
	struct store_pin old;
	bool above = false, found, same;

	*pin_now = false;
	if (accept_key != NULL && sign_fingerprint_parse(accept_key, acc, e) != 0)
		return e->code;
	if (strcmp(h->office, home->code) != 0 &&
	    store_unit_within(s, home->code, h->office, &above, e) != 0)
		return e->code;
	if (!above)
		return err_set(e, ERR_PERM, _("%s: the receipt is signed by unit %s, which is not"
		    " above %s %s; refused"), path, h->office, home->code, home->name);
	memset(pin, 0, sizeof *pin);
	snprintf(pin->unit, sizeof pin->unit, "%s", h->office);
	pin->has_pub = true;
	memcpy(pin->pub, h->pub, SIGN_KEY_SIZE);
	snprintf(pin->fingerprint, sizeof pin->fingerprint, "%s", h->fingerprint);
	if (store_key_pinned(s, h->office, &old, &found, e) != 0)
		return e->code;
	if (!found) {
		snprintf(pin->how, sizeof pin->how, "first-use");
		*pin_now = true;
		return 0;
	}
	same = old.has_pub ? memcmp(old.pub, h->pub, SIGN_KEY_SIZE) == 0 :
	    strcmp(old.fingerprint, h->fingerprint) == 0;
	if (same) {
		/* Trusted in advance by fingerprint: the key itself is kept now. */
		snprintf(pin->how, sizeof pin->how, "trusted");
		*pin_now = !old.has_pub;
		return 0;
	}
	if (acc[0] != '\0' && strcmp(acc, h->fingerprint) == 0) {
		if (store_allow(s, STORE_ACT_KEYS, NULL, e) != 0) {
			err_prefix(e, _("%s: only an admin may accept a new key for unit %s"), path,
			    h->office);
			return e->code;
		}
		snprintf(pin->how, sizeof pin->how, "replaced");
		*pin_now = true;
		return 0;
	}
	return err_set(e, ERR_PERM, _("%s: unit %s signed this receipt with key %s, but the key"
	    " pinned for %s is %s; refused, nothing was changed. If the office really has a new"
	    " key, confirm its fingerprint with the office by phone, then an admin runs:"
	    " socds receipt FILE --accept-key \"%s\""), path, h->office, h->fingerprint, h->office,
	    old.fingerprint, h->fingerprint);
}

/* Addressed here, newer than the last from that office, answering a
 * package made here. */
static int
receipt_check_order(struct store *s, const char *path, const struct receipt_head *h,
    const struct unit *home, struct err *e)
{
	char at[24], day[16];
	int64_t last;
	bool found;

	if (strcmp(h->unit, home->code) != 0)
		return err_set(e, ERR_INVALID, _("%s: the receipt is for unit %s, but this database"
		    " is %s %s; refused"), path, h->unit, home->code, home->name);
	if (store_receipt_last(s, h->office, &last, at, &found, e) != 0)
		return e->code;
	if (found && h->number == last) {
		receipt_day(at, day);
		return err_set(e, ERR_INVALID, _("%s: receipt %" PRId64 " from %s was taken already,"
		    " %s; refused"), path, h->number, h->office, day);
	}
	if (found && h->number < last) {
		receipt_day(at, day);
		return err_set(e, ERR_INVALID, _("%s: receipt %" PRId64 " from %s is older than"
		    " receipt %" PRId64 ", taken %s; refused"), path, h->number, h->office, last, day);
	}
	if (h->has_package) {
		if (store_package_was_sent(s, h->package_sha256, &found, e) != 0)
			return e->code;
		if (!found)
			return err_set(e, ERR_INVALID, _("%s: the receipt answers package %s (sha256"
			    " %.12s…), which was not made in this database; refused"), path,
			    h->package_file, h->package_sha256);
	}
	return 0;
}

struct take {
	struct store *s;
	struct job_receipt_taken *out;
	char at[24];
};

static int
take_row(const struct receipt_row *row, void *arg, struct err *e)
{
	struct take *t = arg;
	bool accepted;

	if (store_receipt_row(t->s, row, t->at, &accepted, e) != 0)
		return e->code;
	if (accepted)
		t->out->accepted++;
	else if (strcmp(row->outcome, "conflict") == 0)
		t->out->conflicts++;
	else
		t->out->rejected++;
	return 0;
}

/* Everything of the receipt in the caller's transaction. */
static int
receipt_apply(struct store *s, struct receipt *r, const struct unit *home,
    const struct store_pin *pin, bool pin_now, struct job_receipt_taken *out, struct err *e)
{
	const struct receipt_head *h = receipt_head(r);
	struct take t = { s, out, "" };
	char detail[600];

	store_now(t.at);
	if (pin_now && store_key_pin(s, pin, e) != 0)
		return e->code;
	if (receipt_each_row(r, take_row, &t, e) != 0)
		return e->code;
	for (size_t i = 0; i < h->napprovals; i++) {
		bool within = false, applied;
		/* Only what concerns this unit and those below it. */
		if (store_unit_within(s, h->approvals[i].unit, home->code, &within, e) != 0)
			return e->code;
		if (within && store_approval_take(s, &h->approvals[i], &applied, e) != 0)
			return e->code;
		if (within && applied)
			out->approvals++;
	}
	if (store_receipt_taken(s, h->office, h->number, h->sha256,
	    h->has_package ? h->package_sha256 : NULL, e) != 0)
		return e->code;
	snprintf(detail, sizeof detail, "receipt %" PRId64 " from %s for %s: accepted %" PRId64
	    ", rejected %" PRId64 ", conflicts %" PRId64 ", approvals %" PRId64, h->number,
	    h->office, h->has_package ? h->package_file : "(status)", out->accepted, out->rejected,
	    out->conflicts, out->approvals);
	return store_audit_event(s, "receipt", detail, e);
}

int
job_receipt_take(struct store *s, const char *path, const char *accept_key,
    struct job_receipt_taken *out, struct err *e)
{
	struct receipt *r = NULL;
	const struct receipt_head *h;
	struct store_pin pin;
	struct unit home;
	bool pin_now = false;
	int rc;

	memset(out, 0, sizeof *out);
	err_clear(e);
	if (store_home_get(s, &home, e) != 0 || store_allow(s, STORE_ACT_EDIT, home.code, e) != 0)
		return e->code;
	/* Checks first: a damaged or foreign receipt touches nothing. */
	if (receipt_open(path, &r, e) != 0)
		return e->code;
	h = receipt_head(r);
	if (receipt_check_order(s, path, h, &home, e) != 0 ||
	    receipt_check_key(s, path, h, &home, accept_key, &pin, &pin_now, e) != 0)
		goto out;
	if (store_begin(s, e) != 0)
		goto out;
	rc = receipt_apply(s, r, &home, &pin, pin_now, out, e);
	if (store_end(s, rc, e) != 0) {
		err_prefix(e, "%s", path);
		memset(out, 0, sizeof *out);
		goto out;
	}
	snprintf(out->office, sizeof out->office, "%s", h->office);
	out->number = h->number;
	snprintf(out->package, sizeof out->package, "%.*s", (int)sizeof out->package - 1,
	    h->has_package ? h->package_file : "");
	snprintf(out->fingerprint, sizeof out->fingerprint, "%s", h->fingerprint);
	out->pinned_now = pin_now && strcmp(pin.how, "first-use") == 0;
out:
	receipt_close(r);
	return e->code;
}

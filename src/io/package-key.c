/* package-key: whose key signed a package, against the key the office above
 * pinned for that unit (trust on first use, or trusted in advance). */
#include <stdio.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/package.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-key.h"
#include "socds/store-unit.h"

int
package_check_key(struct store *s, const struct package *p, const char *accept_fp,
    struct key_note *note, struct err *e)
{
	const char *signer = package_signer(p), *fp = package_fingerprint(p);
	char acc[SIGN_FP_LEN] = "";
	struct store_pin pin;
	struct unit home;
	bool within = false, found, same;

	memset(note, 0, sizeof *note);
	snprintf(note->unit, sizeof note->unit, "%s", signer);
	snprintf(note->fingerprint, sizeof note->fingerprint, "%s", fp);
	memcpy(note->pub, package_public_key(p), SIGN_KEY_SIZE);
	if (accept_fp != NULL && sign_fingerprint_parse(accept_fp, acc, e) != 0)
		return e->code;
	/* A unit speaks for itself and the units below it, never for others. */
	if (store_unit_within(s, package_unit(p), signer, &within, e) != 0)
		return e->code;
	if (!within)
		return err_set(e, ERR_PERM, _("%s: the package of unit %s is signed by unit %s,"
		    " which is neither that unit nor above it; refused"), package_path(p),
		    package_unit(p), signer);
	if (store_home_get(s, &home, e) != 0 ||
	    store_unit_within(s, signer, home.code, &within, e) != 0)
		return e->code;
	if (!within || strcmp(signer, home.code) == 0)
		return err_set(e, ERR_PERM, _("%s: the package is signed by unit %s, which is not"
		    " below %s %s; refused"), package_path(p), signer, home.code, home.name);
	if (store_key_pinned(s, signer, &pin, &found, e) != 0)
		return e->code;
	if (!found) {
		note->action = KEY_FIRST_USE;
		return 0;
	}
	same = pin.has_pub ? memcmp(pin.pub, note->pub, SIGN_KEY_SIZE) == 0 :
	    strcmp(pin.fingerprint, fp) == 0;
	if (same) {
		note->action = pin.has_pub ? KEY_KNOWN : KEY_TRUSTED;
		return 0;
	}
	if (acc[0] != '\0' && strcmp(acc, fp) == 0) {
		if (store_allow(s, STORE_ACT_KEYS, NULL, e) != 0) {
			err_prefix(e, _("%s: only an admin may accept a new key for unit %s"),
			    package_path(p), signer);
			return e->code;
		}
		note->action = KEY_REPLACED;
		snprintf(note->old_fingerprint, sizeof note->old_fingerprint, "%s", pin.fingerprint);
		return 0;
	}
	return err_set(e, ERR_PERM, _("%s: unit %s signed this package with key %s, but the key"
	    " pinned for %s is %s; refused, nothing was changed. If the unit really has a new key,"
	    " confirm its fingerprint with the unit by phone, then an admin runs:"
	    " socds merge PACKAGE --accept-key \"%s\""), package_path(p), signer, fp, signer,
	    pin.fingerprint, fp);
}

int
package_pin_key(struct store *s, const struct key_note *note, struct err *e)
{
	struct store_pin pin;

	if (note->action == KEY_KNOWN || note->unit[0] == '\0')
		return 0;
	memset(&pin, 0, sizeof pin);
	snprintf(pin.unit, sizeof pin.unit, "%s", note->unit);
	pin.has_pub = true;
	memcpy(pin.pub, note->pub, SIGN_KEY_SIZE);
	snprintf(pin.fingerprint, sizeof pin.fingerprint, "%s", note->fingerprint);
	snprintf(pin.how, sizeof pin.how, "%s", note->action == KEY_FIRST_USE ? "first-use" :
	    note->action == KEY_TRUSTED ? "trusted" : "replaced");
	return store_key_pin(s, &pin, e);
}

const char *
package_key_text(const struct key_note *note, char *buf, size_t size)
{
	switch (note->action) {
	case KEY_FIRST_USE:
		snprintf(buf, size, _("key of %s pinned on first use: %s"), note->unit,
		    note->fingerprint);
		break;
	case KEY_TRUSTED:
		snprintf(buf, size, _("key of %s is the one trusted in advance: %s"), note->unit,
		    note->fingerprint);
		break;
	case KEY_REPLACED:
		snprintf(buf, size, _("key of %s replaced: %s (was %s)"), note->unit,
		    note->fingerprint, note->old_fingerprint);
		break;
	default:
		buf[0] = '\0';
	}
	return buf;
}

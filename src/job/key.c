/* key: trusting a unit's signing key in advance, with the role check inside
 * (cli/cmd-key.c only gathers the unit and the fingerprint and says what was
 * done). */
#include <stdio.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/job-key.h"
#include "socds/sign.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"

int
job_key_trust(struct store *s, const char *unit, const char *typed, struct job_key_trust *r,
    struct err *e)
{
	struct unit home;
	bool within = false;

	memset(r, 0, sizeof *r);
	if (store_allow(s, STORE_ACT_KEYS, NULL, e) != 0)
		return e->code;
	if (sign_fingerprint_parse(typed, r->pin.fingerprint, e) != 0 ||
	    store_home_get(s, &home, e) != 0 || store_unit_get(s, unit, &r->u, e) != 0 ||
	    store_unit_within(s, unit, home.code, &within, e) != 0)
		return e->code;
	/* A unit above home signs the receipts that come here (issue 17). */
	bool above = false;
	if (!within && store_unit_within(s, home.code, unit, &above, e) != 0)
		return e->code;
	if ((!within && !above) || strcmp(unit, home.code) == 0)
		return err_set(e, ERR_INVALID, _("unit %s %s is neither below nor above %s %s: nothing"
		    " signed by it comes here"), r->u.code, r->u.name, home.code, home.name);
	if (store_key_pinned(s, unit, &r->old, &r->found, e) != 0)
		return e->code;
	snprintf(r->pin.unit, sizeof r->pin.unit, "%s", r->u.code);
	snprintf(r->pin.how, sizeof r->pin.how, "trusted");
	if (store_begin(s, e) != 0)
		return e->code;
	if (store_key_pin(s, &r->pin, e) != 0 || store_commit(s, e) != 0) {
		store_rollback(s);
		return e->code;
	}
	return 0;
}

/* job-key: trusting a unit's signing key in advance — the admin reads the
 * fingerprint the unit below read out over the phone. Called by
 * `socds key trust UNIT FINGERPRINT`. */
#ifndef SOCDS_JOB_KEY_H
#define SOCDS_JOB_KEY_H

#include <stdbool.h>

#include "socds/err.h"
#include "socds/store.h"
#include "socds/store-key.h"
#include "socds/unit.h"

struct job_key_trust {
	struct unit u;		/* the unit trusted */
	struct store_pin pin;	/* its pin now */
	struct store_pin old;	/* the pin it replaces, when found */
	bool found;
};

/* Pins the key of fingerprint `typed` (as people write it) for `unit`, a unit
 * below the home unit, in one transaction (audited as "key"). Only an admin
 * may (STORE_ACT_KEYS: ERR_PERM, nothing written); a unit not below home is
 * ERR_INVALID. */
int job_key_trust(struct store *s, const char *unit, const char *typed,
    struct job_key_trust *r, struct err *e);

#endif

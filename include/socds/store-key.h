/* store-key: the signing keys in the database — this unit's own key pair
 * (table signing_key) and the pinned keys of the units below (unit_key). */
#ifndef SOCDS_STORE_KEY_H
#define SOCDS_STORE_KEY_H

#include <stdbool.h>

#include "socds/err.h"
#include "socds/sign.h"
#include "socds/store.h"

/* The home unit's key pair. A database made before signed packages has
 * none: with create, one is made and stored at once (in a transaction of
 * its own, or in the caller's); without, ERR_NOTFOUND. */
int store_key_home(struct store *s, bool create, struct sign_key *k, struct err *e);

/* A pinned key of a unit below. */
struct store_pin {
	char unit[8];
	bool has_pub;			/* false: trusted in advance by fingerprint only */
	uint8_t pub[SIGN_KEY_SIZE];
	char fingerprint[SIGN_FP_LEN];
	char pinned_at[24];
	char how[12];			/* first-use, trusted, replaced */
};
/* *found false (and 0) when the unit has no pinned key. */
int store_key_pinned(struct store *s, const char *unit, struct store_pin *pin, bool *found,
    struct err *e);
/* Pins (or replaces the pin of) pin->unit; pin->has_pub says whether the key
 * itself is known. Audited as event "key". */
int store_key_pin(struct store *s, const struct store_pin *pin, struct err *e);
int store_key_list(struct store *s, int (*fn)(const struct store_pin *pin, void *arg),
    void *arg, struct err *e);

/* The fingerprint (as typed) of a new key an admin accepts for this session
 * (merge --accept-key); NULL when none. Copied. */
void store_key_accept(struct store *s, const char *fp);
const char *store_key_accepted(const struct store *s);

#endif

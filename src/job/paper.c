/* paper: a unit's paper settings read from and written to the store; the
 * paper itself (defaults, checks, signer, recipients) is model/paper.c. */
#include <string.h>

#include "socds/i18n.h"
#include "socds/job-paper.h"
#include "socds/store-admin.h"

void
paper_defaults(struct store *s, const struct unit *u, struct paper *p)
{
	struct unit parent;
	struct err e = { 0 };
	bool has_parent = u->parent_code[0] != '\0' &&
	    store_unit_get(s, u->parent_code, &parent, &e) == 0;

	paper_defaults_of(u, has_parent ? &parent : NULL, p);
}

static int
paper_take_setting(const char *key, const char *value, void *arg)
{
	return paper_take(arg, key, value);
}

int
paper_load(struct store *s, const struct unit *u, struct paper *p, struct err *e)
{
	paper_defaults(s, u, p);
	return store_unit_setting_list(s, u->code, paper_take_setting, p, e);
}

int
job_paper_set(struct store *s, const char *unit, const char *const vals[PAPER_NKEYS],
    int *n, struct err *e)
{
	char clean[PAPER_NKEYS][PAPER_VALUE_MAX];
	int given = 0;

	for (int k = 0; k < PAPER_NKEYS; k++) {
		clean[k][0] = '\0';
		if (vals[k] != NULL && *vals[k] != '\0' &&
		    paper_clean((enum paper_key)k, vals[k], clean[k], sizeof clean[k], e) != 0)
			return e->code;
		given += vals[k] != NULL;
	}
	if (n != NULL)
		*n = given;
	if (store_allow(s, STORE_ACT_UNIT_PAPER, unit, e) != 0)
		return e->code;
	if (given == 0)
		return 0;
	if (store_begin(s, e) != 0)
		return e->code;
	for (int k = 0; k < PAPER_NKEYS; k++) {
		if (vals[k] == NULL)
			continue;
		if (store_unit_setting_put(s, unit, paper_keys[k].key, *vals[k] != '\0' ?
		    clean[k] : NULL, e) != 0) {
			store_rollback(s);
			return e->code;
		}
	}
	return store_commit(s, e);
}

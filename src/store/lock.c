/* lock: PLACEHOLDER until part D of issue 17 lands; no period is locked. */
#include "socds/store-lock.h"

int store_lock_check(struct store *s, const struct record *old, const struct record *r,
    struct err *e)
{
	(void)s; (void)old; (void)r; (void)e;
	return 0;
}

int store_lock_record(struct store *s, const struct kind *k, const char *id, char *why,
    size_t n, struct err *e)
{
	(void)s; (void)k; (void)id; (void)e;
	if (n > 0)
		why[0] = '\0';
	return 0;
}

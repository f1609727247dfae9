/* job bin: restoring from the recycle bin under the forms' rules. */
#include <stdint.h>

#include "socds/job-bin.h"

/* The form's stored rules for r, as the form screen's save asks them. */
static int
bin_check(struct store *s, const struct record *r, void *arg, struct err *e)
{
	const struct form *f = forms_get(arg, r->kind);
	size_t bad;

	return f != NULL ? form_check_stored(s, f, r, INT64_MAX, &bad, e) : 0;
}

int
job_bin_restore(struct store *s, const struct forms *fs, const char *id,
    struct store_bin_restored *out, struct err *e)
{
	return store_bin_restore(s, id, fs != NULL ? bin_check : NULL, (void *)fs, out, e);
}

/* package: the upload package job. */
#include <string.h>

#include "job-internal.h"
#include "socds/job-package.h"
#include "socds/package.h"
#include "socds/store-admin.h"
#include "socds/store-changes.h"
#include "socds/store-receipt.h"

struct job_package {
	const struct job_package_opts *o;
	struct export_opts eo;
	struct job_package_result *res;
};

static int
job_package_write(struct safefile *sf, const void *arg, struct err *e)
{
	const struct job_package *x = arg;

	return package_export_to(x->o->s, x->o->fs, &x->eo, sf, &x->res->rows, e);
}

/* The package as made, read back from the file itself: its seal digest
 * (what the office logs and a receipt names), content and base. */
static int
job_package_note(const struct job_package_opts *o, struct err *e)
{
	struct package *p = NULL;
	const struct package_base *b;
	const char *file = o->path, *c;
	char now[24];
	int rc;

	for (c = o->path; *c; c++)
		if (*c == '/' || *c == '\\')
			file = c + 1;
	if (package_open(o->path, &p, e) != 0)
		return e->code;
	store_now(now);
	b = package_base(p);
	if ((rc = store_begin(o->s, e)) == 0)
		rc = store_end(o->s, store_package_sent(o->s, package_sha256(p), file, now,
		    b ? "changes" : "whole", b ? b->sha256 : NULL, e), e);
	package_close(p);
	return rc;
}

int
job_package(const struct job_package_opts *o, struct job_package_result *res, struct err *e)
{
	struct job_package x = { o, o->eo, res };

	memset(res, 0, sizeof *res);
	err_clear(e);
	if (store_allow(o->s, STORE_ACT_EXPORT, o->eo.within, e) != 0)
		return e->code;
	if (x.eo.changed_only)
		x.eo.period = NULL;
	if (job_write_named(o->path, o->flags, job_package_write, &x, e) != 0)
		return e->code;
	return job_package_note(o, e);
}

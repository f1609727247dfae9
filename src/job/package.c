/* package: the upload package job. */
#include <string.h>

#include "job-internal.h"
#include "socds/job-package.h"
#include "socds/package.h"
#include "socds/store-admin.h"
#include "socds/store-receipt.h"

struct job_package {
	const struct job_package_opts *o;
	struct job_package_result *res;
};

static int
job_package_write(struct safefile *sf, const void *arg, struct err *e)
{
	const struct job_package *x = arg;

	return package_export_to(x->o->s, x->o->fs, &x->o->eo, sf, &x->res->rows, e);
}

int
job_package(const struct job_package_opts *o, struct job_package_result *res, struct err *e)
{
	struct job_package x = { o, res };

	memset(res, 0, sizeof *res);
	err_clear(e);
	if (store_allow(o->s, STORE_ACT_EXPORT, o->eo.within, e) != 0)
		return e->code;
	if (job_write_named(o->path, o->flags, job_package_write, &x, e) != 0)
		return e->code;
	/* Made here: a receipt from the office must answer a package in this list. */
	char sha[65], now[24];
	int rc;
	store_now(now);
	if (package_sealed_sha(o->path, sha, e) != 0 || store_begin(o->s, e) != 0)
		return e->code;
	rc = store_package_sent(o->s, sha, o->path, now, "whole", NULL, e);
	return store_end(o->s, rc, e);
}

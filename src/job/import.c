/* import: the CSV import job and its preview. The account is asked here;
 * io/import-*.c is the mechanism. */
#include <string.h>

#include "job-internal.h"
#include "socds/job-import.h"
#include "socds/store-admin.h"

int
job_import(const struct job_import_opts *o, struct import_result *res, struct err *e)
{
	memset(res, 0, sizeof *res);
	err_clear(e);
	/* Roles before anything is read or written (each record is asked again). */
	if (!o->io.dry_run && store_allow(o->s, STORE_ACT_IMPORT, o->io.unit, e) != 0)
		return e->code;
	return import_csv(o->s, o->fs, o->path, &o->io, res, e);
}

int
job_import_preview(const struct job_import_opts *o, struct import_preview *pv, struct err *e)
{
	err_clear(e);
	return import_preview(o->fs, o->path, &o->io, pv, e);
}

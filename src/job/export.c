/* export: the XLSX export job. */
#include "job-internal.h"
#include "socds/job-export.h"

struct job_export {
	struct store *s;
	const struct forms *fs;
	const struct export_opts *o;
};

static int
job_export_write(struct safefile *sf, const void *arg, struct err *e)
{
	const struct job_export *x = arg;

	return export_xlsx_to(x->s, x->fs, x->o, sf, e);
}

int
job_export_xlsx(struct store *s, const struct forms *fs, const struct export_opts *o,
    const char *path, int flags, struct err *e)
{
	struct job_export x = { s, fs, o };

	err_clear(e);
	return job_write_named(path, flags, job_export_write, &x, e);
}

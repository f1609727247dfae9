/* export: the XLSX and CSV export jobs. */
#include "job-internal.h"
#include "socds/job-export.h"

struct job_export {
	struct store *s;
	const struct forms *fs;
	const struct export_opts *o;
	const struct kind *k;		/* CSV: */
	bool machine;
	const char *encoding;
	int64_t *rows;
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
	struct job_export x = { .s = s, .fs = fs, .o = o };

	err_clear(e);
	return job_write_named(path, flags, job_export_write, &x, e);
}

static int
job_export_csv_write(FILE *fp, const void *arg, struct err *e)
{
	const struct job_export *x = arg;

	return export_csv(x->s, x->fs, x->k, x->o, x->machine, x->encoding, fp, x->rows, e);
}

int
job_export_csv(struct store *s, const struct forms *fs, const struct kind *k,
    const struct export_opts *o, bool machine, const char *encoding, const char *path,
    int flags, int64_t *rows, struct err *e)
{
	struct job_export x = { s, fs, o, k, machine, encoding, rows };

	return job_write_stream(path, flags, job_export_csv_write, &x, e);
}

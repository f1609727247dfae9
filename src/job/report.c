/* report: the standing report job — which format, and writing it. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "job-internal.h"
#include "socds/i18n.h"
#include "socds/job-report.h"

static const struct {
	const char *name, *ext;
} report_formats[REPORT_NFORMATS] = {
	[REPORT_TEXT] = { "text", "txt" },
	[REPORT_CSV] = { "csv", "csv" },
	[REPORT_XLSX] = { "xlsx", "xlsx" },
};

bool
job_report_format(const char *name, const char *path, enum report_format *f)
{
	const char *dot;

	if (name != NULL) {
		for (int i = 0; i < REPORT_NFORMATS; i++)
			if (strcmp(name, report_formats[i].name) == 0) {
				*f = (enum report_format)i;
				return true;
			}
		return false;
	}
	*f = REPORT_TEXT;
	if (path == NULL || (dot = strrchr(path, '.')) == NULL || strchr(dot, '/') != NULL)
		return true;
	for (int i = 0; i < REPORT_NFORMATS; i++)
		if (strcasecmp(dot + 1, report_formats[i].ext) == 0)
			*f = (enum report_format)i;
	return true;
}

const char *
job_report_format_name(enum report_format f)
{
	return report_formats[f].name;
}

const char *
job_report_format_ext(enum report_format f)
{
	return report_formats[f].ext;
}

static int
job_report_text(FILE *fp, const void *arg, struct err *e)
{
	return standing_text(arg, fp, e);
}

static int
job_report_csv(FILE *fp, const void *arg, struct err *e)
{
	return standing_csv(arg, fp, e);
}

static int
job_report_xlsx(struct safefile *sf, const void *arg, struct err *e)
{
	return standing_xlsx_to(arg, sf, e);
}

int
job_report_write(const struct standing *r, enum report_format f, const char *path,
    int flags, struct err *e)
{
	int (*fn)(FILE *, const void *, struct err *) =
	    f == REPORT_CSV ? job_report_csv : job_report_text;

	if (f == REPORT_XLSX) {
		if (path == NULL)
			return err_set(e, ERR_USAGE, _("an XLSX report needs --out FILE"));
		return job_write_named(path, flags, job_report_xlsx, r, e);
	}
	if (path != NULL)
		return job_write_stream(path, flags, fn, r, e);
	if (fn(stdout, r, e) != 0)
		return e->code;
	if (fflush(stdout) != 0)
		return err_set(e, ERR_IO, _("cannot write to standard output"));
	return 0;
}

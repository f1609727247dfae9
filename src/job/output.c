/* output: the jobs' outputs written beside the target and renamed into
 * place (safefile), so that a failure leaves the old file as it was. */
#include "job-internal.h"

int
job_write_stream(const char *path, int flags,
    int (*fn)(FILE *fp, const void *arg, struct err *e), const void *arg, struct err *e)
{
	struct safefile sf;

	if (safefile_open(&sf, path, flags, e) != 0)
		return e->code;
	if (fn(sf.fp, arg, e) != 0 || safefile_commit(&sf, e) != 0) {
		safefile_abort(&sf);
		return e->code;
	}
	return 0;
}

int
job_write_named(const char *path, int flags,
    int (*fn)(struct safefile *sf, const void *arg, struct err *e), const void *arg,
    struct err *e)
{
	struct safefile sf;

	if (safefile_open_path(&sf, path, flags, e) != 0 || fn(&sf, arg, e) != 0 ||
	    safefile_commit(&sf, e) != 0) {
		safefile_abort(&sf);
		return e->code;
	}
	return 0;
}

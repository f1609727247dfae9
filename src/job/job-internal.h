/* job-internal: what the jobs share. The one "write to a temporary beside
 * the target, then rename" of socds' outputs, through safefile. */
#ifndef SOCDS_JOB_INTERNAL_H
#define SOCDS_JOB_INTERNAL_H

#include <stdio.h>

#include "socds/err.h"
#include "socds/safefile.h"

/* For writers that take a stream: fn writes to fp; path is replaced only
 * when fn and the commit succeed (flags as safefile_open's). */
int job_write_stream(const char *path, int flags,
    int (*fn)(FILE *fp, const void *arg, struct err *e), const void *arg, struct err *e);

/* For libraries that open their output by name (libxlsxwriter): fn writes
 * sf->tmp, its scratch files in sf->dir; committed or aborted here. */
int job_write_named(const char *path, int flags,
    int (*fn)(struct safefile *sf, const void *arg, struct err *e), const void *arg,
    struct err *e);

#endif

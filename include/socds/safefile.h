/* safefile: output files that are never half-written. Data goes to a
 * temporary file (0600) beside the target and is renamed into place only when
 * complete; an existing file is replaced only when asked. */
#ifndef SOCDS_SAFEFILE_H
#define SOCDS_SAFEFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "socds/err.h"

struct safefile {
	char path[4096];
	char tmp[4096 + 32];
	FILE *fp;		/* write here (NULL when the target is a stream) */
	bool force;
};

/* Refuses (ERR_EXISTS) when path exists and !force; creates the temporary. */
int safefile_open(struct safefile *sf, const char *path, bool force, struct err *e);
/* Flushes, fsyncs and renames into place; reports a full disk as ERR_FULL. */
int safefile_commit(struct safefile *sf, struct err *e);
/* Removes the temporary; the target is untouched. Safe to call twice. */
void safefile_abort(struct safefile *sf);

#endif

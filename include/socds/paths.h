/* paths: where socds finds its data (forms/, assets/, catalogues) and
 * where the database lives by default. */
#ifndef SOCDS_PATHS_H
#define SOCDS_PATHS_H

#include <stddef.h>

#include "socds/err.h"

/* Folder holding forms/ and assets/: the source tree when running from the
 * build tree, else the installed data directory (compiled in; a relative one,
 * as on Windows, is in the program's folder); $SOCDS_DATADIR overrides. */
const char *paths_datadir(void);
/* Folder of gettext catalogues. */
const char *paths_localedir(void);
/* printf into out (n bytes, PATH_MAX for a path), checked: a path that does
 * not fit is ERR_INVALID "path too long (over N bytes): <its start>…" and out
 * is left empty, never a truncated name that might be another file. */
int paths_join(char *out, size_t n, struct err *e, const char *fmt, ...)
	ERR_PRINTF(4, 5);
/* The folder part of path into dir ("." when it has none, the root for a
 * file at the root: "/", Windows' "C:/") and, base not NULL, where its last
 * part starts; '\\' separates too on Windows. -1 when it does not fit. */
int paths_dir(const char *path, char *dir, size_t size, const char **base);
/* Default database: $XDG_DATA_HOME/socds/socds.db (~/.local/share/...;
 * Windows: %LOCALAPPDATA%/socds/socds.db, see os_data_home); creates the
 * folder private (0700) when create is non-zero. */
int paths_default_db(char *buf, size_t size, int create, struct err *e);

#endif

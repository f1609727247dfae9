/* paths: where socds finds its data (forms/, assets/, catalogues) and
 * where the database lives by default. */
#ifndef SOCDS_PATHS_H
#define SOCDS_PATHS_H

#include <stddef.h>

#include "socds/err.h"

/* Folder holding forms/ and assets/: the source tree when running from the
 * build tree, else the installed data directory; $SOCDS_DATADIR overrides. */
const char *paths_datadir(void);
/* Folder of gettext catalogues. */
const char *paths_localedir(void);
/* Default database: $XDG_DATA_HOME/socds/socds.db (~/.local/share/...);
 * creates the folder 0700 when create is non-zero. */
int paths_default_db(char *buf, size_t size, int create, struct err *e);

#endif

/* confine: the files an account named by 'socds --as' (an SSH forced
 * command) may name. Outside that mode every name is taken as given. In it,
 * a name is refused unless the forced command gave a folder (--files DIR);
 * then only a plain name (no '/', not starting with '.') inside that folder
 * is allowed. Standard input and output ('-') are the command line's
 * business (cli-forced.c), not this module's. */
#ifndef SOCDS_CONFINE_H
#define SOCDS_CONFINE_H

#include <stdbool.h>
#include <stddef.h>

#include "socds/err.h"

/* Turns confinement on; dir (may be NULL: no files at all) must be an
 * existing folder, given as an absolute path. */
int confine_set(const char *dir, struct err *e);
bool confine_on(void);
/* The folder of --files, or NULL. */
const char *confine_dir(void);
/* The path socds uses for a file name the user gave: name itself when not
 * confined, else the folder joined with a plain name; ERR_PERM with the
 * reason when the name is not allowed. */
int confine_path(const char *name, char *buf, size_t size, struct err *e);

#endif

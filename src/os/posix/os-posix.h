/* os-posix: what the POSIX files of the os layer share. */
#ifndef SOCDS_OS_POSIX_H
#define SOCDS_OS_POSIX_H

#include <sys/stat.h>

#include "socds/os.h"

/* A stat(2) answer as socds sees it. */
void os_posix_fill(const struct stat *sb, struct os_stat *st);

#endif

/* os-common: what each system's folder (posix/, win/) gives the code shared
 * by both (common.c), which keeps the state and the logic written once. */
#ifndef SOCDS_OS_COMMON_H
#define SOCDS_OS_COMMON_H

#include <stddef.h>

/* The operating system's name for the account this process runs as, into
 * buf (size bytes, NUL-terminated); never empty. */
void os_account_system(char *buf, size_t size);

#endif

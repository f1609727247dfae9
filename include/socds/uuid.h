/* uuid: record ids. UUID version 7 (time-ordered, RFC 9562) so ids made in
 * different communes never collide and new rows append to the index. */
#ifndef SOCDS_UUID_H
#define SOCDS_UUID_H

#include <stdint.h>

#define UUID_STR_LEN 37	/* 36 characters and NUL */

/* Writes a new id; ms = Unix time in milliseconds (0 = now). Returns 0 or -1
 * when no randomness is available. */
int uuid_v7(char out[UUID_STR_LEN], uint64_t ms);
/* true when s is a canonical lower-case UUID. */
int uuid_valid(const char *s);

#endif

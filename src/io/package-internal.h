/* package-internal: what writing (package-write.c) and reading and
 * sealing (package.c) a package share. */
#ifndef SOCDS_PACKAGE_INTERNAL_H
#define SOCDS_PACKAGE_INTERNAL_H

#include <zip.h>

#include "socds/package.h"

/* Tables in the order a merge must apply them: referenced before referring. */
#define PACKAGE_NTABLES 9
extern const enum kind_id package_order[PACKAGE_NTABLES];

/* SHA-256 of a whole file, streamed, as hex. */
int package_file_sha(const char *path, char out[65], struct err *e);
/* The seal's room in z's archive comment (before zip_close), then the seal
 * itself in the closed file at path, signed with key. */
int package_seal_room(zip_t *z, const char *path, struct err *e);
int package_seal(const char *path, const struct sign_key *key, struct err *e);
/* z's error as e (a full disk as ERR_FULL). */
int package_zip_error(zip_t *z, const char *path, struct err *e);

#endif

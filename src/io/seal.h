/* seal: the seal at the end of a socds ZIP (upload packages and receipts):
 * the archive comment, the very last bytes of the file, holds the signer's
 * public key, the SHA-256 of every byte before the digest (the key
 * included) and the Ed25519 signature of a domain and that digest:
 *   socds-ed25519:PUBLIC-KEY-HEX:SHA256-HEX:SIGNATURE-HEX
 * Member checksums cannot cover the ZIP's own headers; the seal does, so
 * any changed byte is found. The domain tells what the file is: a package
 * can never pass as a receipt, nor the other way. No messages here: each
 * caller names its own file's kind. */
#ifndef SOCDS_SEAL_H
#define SOCDS_SEAL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include <nettle/sha2.h>
#include <zip.h>

#include "socds/err.h"
#include "socds/sign.h"

#define SEAL_PREFIX "socds-ed25519:"
#define SEAL_LEN (sizeof SEAL_PREFIX - 1 + 64 + 1 + 64 + 1 + 128)
#define SEAL_DOMAIN_PACKAGE "socds-package-seal-v2"
#define SEAL_DOMAIN_RECEIPT "socds-receipt-seal-v1"

struct seal_parts {
	uint8_t pub[SIGN_KEY_SIZE];
	uint8_t digest[SHA256_DIGEST_SIZE];
	uint8_t sig[SIGN_SIG_SIZE];
	char sha[65];			/* the digest as hex: the file's name in logs */
};

enum seal_state {
	SEAL_OK,
	SEAL_UNREADABLE,		/* errno says why */
	SEAL_OLD,			/* format 1's "socds-sha256:" seal, no key */
	SEAL_NONE,			/* no seal at the end: not ours, or cut */
	SEAL_CHANGED,			/* the digest does not match the bytes */
};

/* Room for the seal in z's archive comment (before zip_close): -1 on a ZIP error. */
int seal_room(zip_t *z);
/* Fills the room in the closed file at path, signed with key under domain;
 * -1 with errno on failure. */
int seal_sign(const char *path, const struct sign_key *key, const char *domain);
/* Reads the seal at the end of path and checks its digest (one pass over
 * the file); the signature is checked apart (seal_verify), after the
 * caller's size checks, so that refusing a bomb costs nothing. */
enum seal_state seal_read(const char *path, struct seal_parts *sp);
/* The SHA-256 (hex) of a scratch member file fp, after flushing it; path
 * names the file being made, for messages. */
int seal_stream_sha(FILE *fp, const char *path, char out[65], struct err *e);
bool seal_verify(const struct seal_parts *sp, const char *domain);

#endif

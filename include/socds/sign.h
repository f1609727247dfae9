/* sign: the unit's signing key (Ed25519, from nettle) and its fingerprint.
 * No storage here: the key lives in the database (store-key.h); this module
 * only makes keys, signs, verifies and prints fingerprints. */
#ifndef SOCDS_SIGN_H
#define SOCDS_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"

#define SIGN_KEY_SIZE 32	/* an Ed25519 public or secret key */
#define SIGN_SIG_SIZE 64	/* an Ed25519 signature */
#define SIGN_FP_GROUPS 6
/* "12345 67890 12345 67890 12345 67890" and the NUL. */
#define SIGN_FP_LEN (SIGN_FP_GROUPS * 6)

struct sign_key {
	char unit[8];			/* the unit it signs for */
	uint8_t pub[SIGN_KEY_SIZE];
	uint8_t secret[SIGN_KEY_SIZE];	/* all zero when only the public half is known */
	char created_at[24];
};

/* A new key pair from the kernel's random source (getrandom). */
int sign_keygen(const char *unit, struct sign_key *k, struct err *e);
/* The public half of a secret key (to check a stored pair). */
void sign_public_of(const uint8_t secret[SIGN_KEY_SIZE], uint8_t pub[SIGN_KEY_SIZE]);
void sign_sign(const struct sign_key *k, const uint8_t *msg, size_t n,
    uint8_t sig[SIGN_SIG_SIZE]);
bool sign_verify(const uint8_t pub[SIGN_KEY_SIZE], const uint8_t *msg, size_t n,
    const uint8_t sig[SIGN_SIG_SIZE]);

/* The fingerprint people compare over the phone: SHA-256 of
 * "socds-key-fingerprint-v1" and the public key; its first 30 bytes in six
 * blocks of 5, each read as a number mod 100000 (about 100 bits), printed as
 * six groups of five digits: "04217 88310 ...". */
void sign_fingerprint(const uint8_t pub[SIGN_KEY_SIZE], char out[SIGN_FP_LEN]);
/* A fingerprint as typed (spaces, dashes, dots or none) in the printed form;
 * ERR_USAGE when it is not 30 digits. */
int sign_fingerprint_parse(const char *in, char out[SIGN_FP_LEN], struct err *e);

/* Lowercase hex of n bytes (out holds 2n+1); hex of exactly 2n digits back
 * into bytes (-1 when it is not). */
void sign_hex(const uint8_t *d, size_t n, char *out);
int sign_unhex(const char *hex, size_t hexlen, uint8_t *out, size_t n);

#endif

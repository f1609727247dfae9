/* sign: Ed25519 keys, signatures and fingerprints (nettle). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <nettle/eddsa.h>
#include <nettle/sha2.h>

#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/sign.h"

#define SIGN_FP_DOMAIN "socds-key-fingerprint-v1"

int
sign_keygen(const char *unit, struct sign_key *k, struct err *e)
{
	memset(k, 0, sizeof *k);
	snprintf(k->unit, sizeof k->unit, "%s", unit);
	if (os_random(k->secret, sizeof k->secret, true) != 0)
		return err_set(e, ERR_FAIL, _("no random numbers available for a signing key:"
		    " %s"), err_errno(errno));
	ed25519_sha512_public_key(k->pub, k->secret);
	return 0;
}

void
sign_public_of(const uint8_t secret[SIGN_KEY_SIZE], uint8_t pub[SIGN_KEY_SIZE])
{
	ed25519_sha512_public_key(pub, secret);
}

void
sign_sign(const struct sign_key *k, const uint8_t *msg, size_t n, uint8_t sig[SIGN_SIG_SIZE])
{
	ed25519_sha512_sign(k->pub, k->secret, n, msg, sig);
}

bool
sign_verify(const uint8_t pub[SIGN_KEY_SIZE], const uint8_t *msg, size_t n,
    const uint8_t sig[SIGN_SIG_SIZE])
{
	return ed25519_sha512_verify(pub, n, msg, sig) == 1;
}

void
sign_fingerprint(const uint8_t pub[SIGN_KEY_SIZE], char out[SIGN_FP_LEN])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	char *p = out;

	sha256_init(&ctx);
	sha256_update(&ctx, sizeof SIGN_FP_DOMAIN - 1, (const uint8_t *)SIGN_FP_DOMAIN);
	sha256_update(&ctx, SIGN_KEY_SIZE, pub);
	sha256_digest(&ctx, sizeof d, d);
	for (int g = 0; g < SIGN_FP_GROUPS; g++) {
		uint64_t v = 0;
		for (int i = 0; i < 5; i++)
			v = v << 8 | d[5 * g + i];
		p += snprintf(p, 7, g == 0 ? "%05u" : " %05u", (unsigned)(v % 100000));
	}
}

int
sign_fingerprint_parse(const char *in, char out[SIGN_FP_LEN], struct err *e)
{
	char digits[SIGN_FP_GROUPS * 5];
	size_t n = 0;
	char *p = out;

	for (const char *c = in; *c != '\0'; c++) {
		if (*c >= '0' && *c <= '9') {
			if (n == sizeof digits)
				goto bad;
			digits[n++] = *c;
		} else if (*c != ' ' && *c != '-' && *c != '.' && *c != '\t')
			goto bad;
	}
	if (n != sizeof digits)
		goto bad;
	for (int g = 0; g < SIGN_FP_GROUPS; g++) {
		if (g > 0)
			*p++ = ' ';
		memcpy(p, digits + 5 * g, 5);
		p += 5;
	}
	*p = '\0';
	return 0;
bad:
	return err_set(e, ERR_USAGE, _("'%s' is not a key fingerprint: give its 30 digits"
	    " (spaces or dashes between the groups are fine)"), in);
}

void
sign_hex(const uint8_t *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
sign_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
sign_unhex(const char *hex, size_t hexlen, uint8_t *out, size_t n)
{
	if (hexlen != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = sign_nibble(hex[2 * i]), lo = sign_nibble(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* seal: sealing and checking a socds ZIP (packages and receipts), with a
 * signing domain per kind of file. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "socds/i18n.h"

#include "seal.h"
#include "socds/os.h"

/* From the end: the signature, the digest. */
#define SEAL_SIG_AT 128
#define SEAL_SHA_AT (128 + 1 + 64)
/* Format 1's seal, a digest without a key. */
#define SEAL_V1_PREFIX "socds-sha256:"
#define SEAL_V1_LEN (sizeof SEAL_V1_PREFIX - 1 + 64)
#define SEAL_DOMAIN_MAX 64

/* SHA-256 of the first `len` bytes of fp. Offsets are off_t, 64 bits on
 * Windows too (_FILE_OFFSET_BITS=64), where long has 32. */
static int
seal_sha_prefix(FILE *fp, off_t len, uint8_t d[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;
	uint8_t buf[65536];

	if (fseeko(fp, 0, SEEK_SET) != 0)
		return -1;
	sha256_init(&ctx);
	while (len > 0) {
		size_t want = len < (off_t)sizeof buf ? (size_t)len : sizeof buf;
		size_t n = fread(buf, 1, want, fp);
		if (n == 0)
			return -1;
		sha256_update(&ctx, n, buf);
		len -= (off_t)n;
	}
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	return 0;
}

/* The signed message: the domain, then the 32 bytes of the digest. */
static size_t
seal_message(const char *domain, const uint8_t d[SHA256_DIGEST_SIZE],
    uint8_t msg[SEAL_DOMAIN_MAX + SHA256_DIGEST_SIZE])
{
	size_t n = strlen(domain);

	if (n > SEAL_DOMAIN_MAX)
		n = SEAL_DOMAIN_MAX;
	memcpy(msg, domain, n);
	memcpy(msg + n, d, SHA256_DIGEST_SIZE);
	return n + SHA256_DIGEST_SIZE;
}

int
seal_room(zip_t *z)
{
	char seal[SEAL_LEN + 1];

	snprintf(seal, sizeof seal, "%s%0*d", SEAL_PREFIX,
	    (int)(SEAL_LEN - (sizeof SEAL_PREFIX - 1)), 0);
	return zip_set_archive_comment(z, seal, (zip_uint16_t)SEAL_LEN) == 0 ? 0 : -1;
}

int
seal_sign(const char *path, const struct sign_key *key, const char *domain)
{
	FILE *fp = os_fopen(path, "r+b");
	uint8_t d[SHA256_DIGEST_SIZE], sig[SIGN_SIG_SIZE];
	uint8_t msg[SEAL_DOMAIN_MAX + SHA256_DIGEST_SIZE];
	char head[sizeof SEAL_PREFIX + 2 * SIGN_KEY_SIZE + 1];
	char tail[64 + 1 + 2 * SIGN_SIG_SIZE + 1];
	off_t len;
	size_t n;

	if (fp == NULL || fseeko(fp, 0, SEEK_END) != 0 || (len = ftello(fp)) < (off_t)SEAL_LEN)
		goto fail;
	/* The key first: the digest covers it. */
	memcpy(head, SEAL_PREFIX, sizeof SEAL_PREFIX - 1);
	sign_hex(key->pub, SIGN_KEY_SIZE, head + sizeof SEAL_PREFIX - 1);
	strcat(head, ":");
	if (fseeko(fp, len - (off_t)SEAL_LEN, SEEK_SET) != 0 ||
	    fwrite(head, 1, strlen(head), fp) != strlen(head) || fflush(fp) != 0 ||
	    seal_sha_prefix(fp, len - SEAL_SHA_AT, d) != 0)
		goto fail;
	n = seal_message(domain, d, msg);
	sign_sign(key, msg, n, sig);
	sign_hex(d, sizeof d, tail);
	tail[64] = ':';
	sign_hex(sig, sizeof sig, tail + 65);
	if (fseeko(fp, len - SEAL_SHA_AT, SEEK_SET) != 0 ||
	    fwrite(tail, 1, SEAL_SHA_AT, fp) != SEAL_SHA_AT || fflush(fp) != 0 ||
	    os_stream_sync(fp) != 0)
		goto fail;
	return fclose(fp) == 0 ? 0 : -1;
fail:
	if (fp != NULL) {
		int saved = errno;
		fclose(fp);
		errno = saved;
	}
	return -1;
}

enum seal_state
seal_read(const char *path, struct seal_parts *sp)
{
	FILE *fp = os_fopen(path, "rb");
	char tail[SEAL_LEN + 1];
	const char *pub, *sha, *sig;
	uint8_t d[SHA256_DIGEST_SIZE];
	off_t len = 0;
	int bad;

	memset(sp, 0, sizeof *sp);
	if (fp == NULL)
		return SEAL_UNREADABLE;
	bad = fseeko(fp, 0, SEEK_END) != 0 || (len = ftello(fp)) < (off_t)SEAL_V1_LEN;
	if (!bad && fseeko(fp, len - (off_t)SEAL_V1_LEN, SEEK_SET) == 0 &&
	    fread(tail, 1, SEAL_V1_LEN, fp) == SEAL_V1_LEN &&
	    memcmp(tail, SEAL_V1_PREFIX, sizeof SEAL_V1_PREFIX - 1) == 0) {
		fclose(fp);
		return SEAL_OLD;
	}
	bad = bad || len < (off_t)SEAL_LEN || fseeko(fp, len - (off_t)SEAL_LEN, SEEK_SET) != 0 ||
	    fread(tail, 1, SEAL_LEN, fp) != SEAL_LEN;
	if (!bad) {
		tail[SEAL_LEN] = '\0';
		pub = tail + sizeof SEAL_PREFIX - 1;
		sha = pub + 2 * SIGN_KEY_SIZE + 1;
		sig = sha + 64 + 1;
		bad = memcmp(tail, SEAL_PREFIX, sizeof SEAL_PREFIX - 1) != 0 ||
		    pub[2 * SIGN_KEY_SIZE] != ':' || sha[64] != ':' ||
		    sign_unhex(pub, 2 * SIGN_KEY_SIZE, sp->pub, SIGN_KEY_SIZE) != 0 ||
		    sign_unhex(sig, 2 * SIGN_SIG_SIZE, sp->sig, SIGN_SIG_SIZE) != 0;
	}
	if (bad) {
		fclose(fp);
		return SEAL_NONE;
	}
	bad = seal_sha_prefix(fp, len - SEAL_SHA_AT, d) != 0;
	fclose(fp);
	sign_hex(d, sizeof d, sp->sha);
	if (bad || memcmp(sp->sha, sha, 64) != 0)
		return SEAL_CHANGED;
	memcpy(sp->digest, d, sizeof d);
	return SEAL_OK;
}

bool
seal_verify(const struct seal_parts *sp, const char *domain)
{
	uint8_t msg[SEAL_DOMAIN_MAX + SHA256_DIGEST_SIZE];
	size_t n = seal_message(domain, sp->digest, msg);

	return sign_verify(sp->pub, msg, n, sp->sig);
}

/* A member written to its scratch file (a package's table, a receipt's
 * records): flushed, then its SHA-256 read back, in hex. */
int
seal_stream_sha(FILE *fp, const char *path, char out[65], struct err *e)
{
	struct sha256_ctx ctx;
	uint8_t buf[65536], d[SHA256_DIGEST_SIZE];
	size_t n;

	if (fflush(fp) != 0 || ferror(fp))
		return err_set(e, errno == ENOSPC ? ERR_FULL : ERR_IO, _("%s: cannot write: %s"),
		    path, err_errno(errno));
	rewind(fp);
	sha256_init(&ctx);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sha256_update(&ctx, n, buf);
	if (ferror(fp))
		return err_set(e, ERR_IO, _("%s: read error"), path);
	sha256_digest(&ctx, sizeof d, d);
	sign_hex(d, sizeof d, out);
	return 0;
}

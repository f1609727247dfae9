/* test-package: builds an upload package by hand — any CSV in its tables —
 * as a unit would send it: members zipped with libzip, the manifest with
 * every member's SHA-256, and the seal made by the package module itself
 * (package_seal_file: the one call to switch when sealing changes). Shared by
 * test_merge.c and the fuzz_merge target. */
#ifndef SOCDS_TEST_PACKAGE_H
#define SOCDS_TEST_PACKAGE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>
#include <zip.h>

#include "socds/package.h"
#include "socds/sign.h"

struct tp_member {
	char name[64];		/* data/KIND.csv, or anything */
	const char *data;
	size_t len;
};

static inline void
tp_sha(const void *d, size_t n, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t dg[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, n, d);
	sha256_digest(&ctx, sizeof dg, dg);
	sign_hex(dg, sizeof dg, out);	/* the project's own hex writer */
}

/* The key a hand-built package of `unit` is signed with: the same made-up
 * secret for every unit, so the office pins it on the first package. */
static inline void
tp_key(const char *unit, struct sign_key *k)
{
	memset(k, 0, sizeof *k);
	snprintf(k->unit, sizeof k->unit, "%s", unit);
	for (size_t i = 0; i < SIGN_KEY_SIZE; i++)
		k->secret[i] = (uint8_t)(0x5a ^ (i * 7));
	sign_public_of(k->secret, k->pub);
}

/* Writes the package of unit `unit` with members m[0..n) to path, replacing
 * it, signed with key (NULL: tp_key of the unit). Members named
 * data/KIND.csv are listed as tables. 0, or -1 with e. */
static inline int
tp_build_signed(const char *path, const char *unit, const struct tp_member *m, size_t n,
    const struct sign_key *key, struct err *e)
{
	size_t cap = 768 + n * 256, len = 0;
	char *man = malloc(cap), sha[65], pub[2 * SIGN_KEY_SIZE + 1];
	struct sign_key own;
	zip_t *z;
	int zerr;

	if (key == NULL) {
		tp_key(unit, &own);
		key = &own;
	}
	if (man == NULL)
		return err_set(e, ERR_NOMEM, "out of memory");
	sign_hex(key->pub, SIGN_KEY_SIZE, pub);
	len += (size_t)snprintf(man + len, cap - len, "{\"format\": \"socds-package\","
	    " \"format_version\": 2, \"unit\": {\"code\": \"%s\", \"name\": \"test\", \"level\":"
	    " \"commune\"}, \"signer\": {\"unit\": \"%s\", \"public_key\": \"%s\"},"
	    " \"period\": null, \"tables\": [", unit, key->unit, pub);
	for (size_t i = 0, k = 0; i < n; i++) {
		size_t nl = strlen(m[i].name);
		if (strncmp(m[i].name, "data/", 5) != 0 || nl < 10 ||
		    strcmp(m[i].name + nl - 4, ".csv") != 0)
			continue;
		tp_sha(m[i].data, m[i].len, sha);
		len += (size_t)snprintf(man + len, cap - len, "%s{\"kind\": \"%.*s\", \"file\":"
		    " \"%s\", \"rows\": 0, \"sha256\": \"%s\"}", k++ ? ", " : "", (int)(nl - 9),
		    m[i].name + 5, m[i].name, sha);
	}
	len += (size_t)snprintf(man + len, cap - len, "]}");
	remove(path);
	if ((z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr)) == NULL) {
		free(man);
		return err_set(e, ERR_IO, "%s: zip_open %d", path, zerr);
	}
	zip_source_t *src = zip_source_buffer(z, man, len, 1);
	if (src == NULL || zip_file_add(z, "manifest.json", src, ZIP_FL_ENC_UTF_8) < 0) {
		zip_discard(z);
		return err_set(e, ERR_IO, "%s: manifest", path);
	}
	for (size_t i = 0; i < n; i++) {
		src = zip_source_buffer(z, m[i].data, m[i].len, 0);
		if (src == NULL)
			continue;
		if (zip_file_add(z, m[i].name, src, ZIP_FL_ENC_UTF_8) < 0)
			zip_source_free(src);	/* a name given twice: left out */
	}
	if (zip_close(z) != 0) {
		zip_discard(z);
		return err_set(e, ERR_IO, "%s: zip_close", path);
	}
	return package_seal_file(path, key, e) != 0 ? -1 : 0;
}

static inline int
tp_build(const char *path, const char *unit, const struct tp_member *m, size_t n,
    struct err *e)
{
	return tp_build_signed(path, unit, m, n, NULL, e);
}

#endif

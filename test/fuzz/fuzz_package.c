/* fuzz_package: upload packages from the units below (src/io/package.c) —
 * package_open (seal, ZIP structure, manifest JSON, member checksums), then
 * for every record kind package_table read to its end with the CSV reader.
 *
 * A package is sealed with SHA-256 and signed with Ed25519, and every member
 * is checked against the manifest's SHA-256, so bytes mutated at random would
 * almost never get past the first check. The harness therefore does what a
 * forger with a key of their own would do (package_open checks the signature
 * under the key the package carries; which key a unit may use is the merge's
 * business), leaving the parsers behind the checks open to the fuzzer. The
 * harness key is the secret 01 02 ... 20 (hex); mkcorpus.py exports the real
 * package with it. An input is one of two shapes:
 *
 *  - Raw ("PK" first, a real package file): written as is, except that when
 *    its last 272 bytes are a seal ("socds-ed25519:KEY:SHA:SIG"), the key is
 *    set to the harness key, SHA to the SHA-256 of everything before it, and
 *    SIG to the harness key's signature (the seal is made to fit).
 *    Mutations then reach libzip's consistency checks and the member checks.
 *
 *  - Spelled out (anything else): members, each "--- NAME\n" and its bytes up
 *    to the next "\n--- " (text before the first "--- " is manifest.json).
 *    In every member "@@N@@" (N a digit) becomes the SHA-256 of member N's
 *    bytes as given, and "@@K@@" the harness's public key. The harness zips the members (deflated when the input's
 *    length is even, stored when odd) with the seal comment and seals it. The
 *    manifest JSON, its checks and the CSV members are then fuzzed directly.
 *
 * test/fuzz/corpus/fuzz_package/ has both: a real demo package, a cut one,
 * and the same package spelled out. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>
#include <zip.h>

#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/package.h"
#include "socds/record.h"
#include "socds/sign.h"
#include "fuzz-util.h"

#define SEAL_PREFIX	"socds-ed25519:"
#define SEAL_LEN	(sizeof SEAL_PREFIX - 1 + 64 + 1 + 64 + 1 + 128)
#define SEAL_SHA_AT	(128 + 1 + 64)	/* from the end */
#define SIGN_DOMAIN	"socds-package-seal-v2"
#define MEMBERS_MAX	32

static char pkg_path[PATH_MAX];
static struct sign_key fuzz_key;
static char fuzz_pub_hex[2 * SIGN_KEY_SIZE + 1];

static void
sha_hex(const uint8_t *d, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t dg[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, n, d);
	sha256_digest(&ctx, sizeof dg, dg);
	for (size_t i = 0; i < sizeof dg; i++) {
		out[2 * i] = hex[dg[i] >> 4];
		out[2 * i + 1] = hex[dg[i] & 15];
	}
	out[64] = '\0';
}

/* Makes the seal at the end of buf fit, when there is one: the harness key,
 * the digest, the harness key's signature. */
static void
seal_fit(uint8_t *buf, size_t len)
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE], msg[sizeof SIGN_DOMAIN - 1 + SHA256_DIGEST_SIZE];
	uint8_t sig[SIGN_SIG_SIZE];
	char hex[2 * SIGN_SIG_SIZE + 1];

	if (len < SEAL_LEN || memcmp(buf + len - SEAL_LEN, SEAL_PREFIX, sizeof SEAL_PREFIX - 1) != 0)
		return;
	memcpy(buf + len - SEAL_LEN + sizeof SEAL_PREFIX - 1, fuzz_pub_hex, 64);
	buf[len - SEAL_LEN + sizeof SEAL_PREFIX - 1 + 64] = ':';
	buf[len - 128 - 1] = ':';
	sha256_init(&ctx);
	sha256_update(&ctx, len - SEAL_SHA_AT, buf);
	sha256_digest(&ctx, sizeof d, d);
	memcpy(msg, SIGN_DOMAIN, sizeof SIGN_DOMAIN - 1);
	memcpy(msg + sizeof SIGN_DOMAIN - 1, d, sizeof d);
	sign_sign(&fuzz_key, msg, sizeof msg, sig);
	sign_hex(d, sizeof d, hex);
	memcpy(buf + len - SEAL_SHA_AT, hex, 64);
	sign_hex(sig, sizeof sig, hex);
	memcpy(buf + len - 128, hex, 128);
}

static void
write_raw(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size + 1);

	if (copy == NULL)
		fuzz_die("malloc");
	if (size > 0)
		memcpy(copy, data, size);
	seal_fit(copy, size);
	fuzz_write(pkg_path, copy, size);
	free(copy);
}

struct member {
	char name[256];
	const uint8_t *p;	/* into the input */
	size_t len;
	uint8_t *out;		/* after @@N@@ replacement */
	size_t olen;
};

static const uint8_t *
find(const uint8_t *p, size_t n, const char *what)
{
	size_t wl = strlen(what);

	for (size_t i = 0; i + wl <= n; i++)
		if (memcmp(p + i, what, wl) == 0)
			return p + i;
	return NULL;
}

/* Splits the spelled-out input into members; returns how many. */
static size_t
split(const uint8_t *data, size_t size, struct member *m)
{
	const uint8_t *p = data, *end = data + size;
	size_t n = 0;

	if (size < 4 || memcmp(data, "--- ", 4) != 0) {
		const uint8_t *next = find(data, size, "\n--- ");
		snprintf(m[0].name, sizeof m[0].name, "manifest.json");
		m[0].p = data;
		m[0].len = next != NULL ? (size_t)(next - data) : size;
		n = 1;
		p = next != NULL ? next + 1 : end;
	}
	while (p < end && n < MEMBERS_MAX) {
		/* p is at "--- NAME\n". */
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p)), *body, *next;
		size_t nlen;
		p += 4;
		if (nl == NULL || nl < p)
			nl = end;
		nlen = (size_t)(nl - p);
		if (nlen >= sizeof m[n].name)
			nlen = sizeof m[n].name - 1;
		memcpy(m[n].name, p, nlen);
		m[n].name[nlen] = '\0';
		body = nl < end ? nl + 1 : end;
		next = find(body, (size_t)(end - body), "\n--- ");
		m[n].p = body;
		m[n].len = next != NULL ? (size_t)(next - body) : (size_t)(end - body);
		n++;
		p = next != NULL ? next + 1 : end;
	}
	return n;
}

/* Member bytes with every "@@N@@" replaced by the SHA-256 of member N, and
 * "@@K@@" by the harness's public key. */
static void
substitute(struct member *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* Each 5-byte token becomes 64 bytes. */
		size_t cap = m[i].len / 5 * 64 + m[i].len + 1, o = 0;
		uint8_t *out = malloc(cap);
		if (out == NULL)
			fuzz_die("malloc");
		for (size_t k = 0; k < m[i].len;) {
			const uint8_t *s = m[i].p + k;
			if (k + 5 <= m[i].len && s[0] == '@' && s[1] == '@' && s[2] >= '0' &&
			    s[2] <= '9' && s[3] == '@' && s[4] == '@' && (size_t)(s[2] - '0') < n) {
				const struct member *t = &m[s[2] - '0'];
				sha_hex(t->p, t->len, (char *)out + o);	/* writes 65: cap has room */
				o += 64;
				k += 5;
				continue;
			}
			if (k + 5 <= m[i].len && memcmp(s, "@@K@@", 5) == 0) {
				memcpy(out + o, fuzz_pub_hex, 64);
				o += 64;
				k += 5;
				continue;
			}
			out[o++] = *s;
			k++;
		}
		m[i].out = out;
		m[i].olen = o;
	}
}

static void
write_spelled(const uint8_t *data, size_t size)
{
	struct member m[MEMBERS_MAX];
	char seal[SEAL_LEN + 1];
	size_t n;
	zip_t *z;
	int zerr;

	memset(m, 0, sizeof m);
	n = split(data, size, m);
	substitute(m, n);
	if ((z = zip_open(pkg_path, ZIP_CREATE | ZIP_TRUNCATE, &zerr)) == NULL)
		fuzz_die("zip_open");
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(z, m[i].out, m[i].olen, 0);
		zip_int64_t idx;
		if (src == NULL)
			fuzz_die("zip_source_buffer");
		/* A name libzip refuses (empty, twice) is left out. */
		if ((idx = zip_file_add(z, m[i].name, src, ZIP_FL_ENC_UTF_8)) < 0) {
			zip_source_free(src);
			continue;
		}
		zip_set_file_compression(z, (zip_uint64_t)idx,
		    size % 2 == 0 ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 1);
		zip_file_set_mtime(z, (zip_uint64_t)idx, 1767225600, 0);	/* 2026-01-01 */
	}
	snprintf(seal, sizeof seal, "%s%0*d", SEAL_PREFIX, (int)(SEAL_LEN - (sizeof SEAL_PREFIX - 1)),
	    0);
	if (zip_set_archive_comment(z, seal, (zip_uint16_t)SEAL_LEN) != 0)
		fuzz_die("zip_set_archive_comment");
	if (zip_close(z) != 0) {
		/* An archive libzip cannot write: an empty file stands for it. */
		zip_discard(z);
		fuzz_write(pkg_path, "", 0);
	}
	for (size_t i = 0; i < n; i++)
		free(m[i].out);

	/* The seal, as package_export makes it. */
	FILE *fp = fopen(pkg_path, "rb");
	uint8_t *buf;
	long len = 0;
	if (fp == NULL) {
		/* libzip removes an archive left without members. */
		fuzz_write(pkg_path, "", 0);
		return;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0)
		fuzz_die(pkg_path);
	if ((buf = malloc((size_t)len + 1)) == NULL)
		fuzz_die("malloc");
	if (fread(buf, 1, (size_t)len, fp) != (size_t)len)
		fuzz_die(pkg_path);
	fclose(fp);
	seal_fit(buf, (size_t)len);
	fuzz_write(pkg_path, buf, (size_t)len);
	free(buf);
}

/* Reads one table to its end, as merge does. */
static void
read_table(struct package *p, const char *kind)
{
	struct err e = { 0 };
	FILE *fp = package_table(p, kind, &e);
	struct csv *c;
	int rc;

	if (fp == NULL) {
		/* NULL alone means "no such table"; a failure says why. */
		FUZZ_CHECK(e.code == ERR_OK || e.msg[0] != '\0', "package_table fails silently");
		return;
	}
	if ((c = csv_open(fp, kind, ',')) == NULL)
		fuzz_die("csv_open");
	while ((rc = csv_next(c, &e)) == 1)
		for (size_t i = 0; i < csv_nfields(c); i++)
			(void)csv_field(c, i);
	FUZZ_CHECK(rc == 0 || e.msg[0] != '\0', "csv_next fails without a message");
	csv_free(c);
	fclose(fp);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	i18n_init("en", "/nonexistent");
	fuzz_path(pkg_path, sizeof pkg_path, "in.zip");
	for (int i = 0; i < SIGN_KEY_SIZE; i++)
		fuzz_key.secret[i] = (uint8_t)(i + 1);
	sign_public_of(fuzz_key.secret, fuzz_key.pub);
	sign_hex(fuzz_key.pub, SIGN_KEY_SIZE, fuzz_pub_hex);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct package *p = NULL;
	struct err e = { 0 };
	int rc;

	if (size >= 2 && data[0] == 'P' && data[1] == 'K')
		write_raw(data, size);
	else
		write_spelled(data, size);

	rc = package_open(pkg_path, &p, &e);
	if (getenv("SOCDS_FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "package_open: %d %s\n", rc, rc != 0 ? e.msg : package_unit(p));
	if (rc != 0) {
		FUZZ_CHECK(p == NULL && e.code == rc && e.msg[0] != '\0',
		    "package_open refuses (%d) without its code or a message, or with a package",
		    rc);
		return 0;
	}
	FUZZ_CHECK(p != NULL, "package_open succeeds without a package");
	FUZZ_CHECK(strlen(package_unit(p)) < 8 && strlen(package_sha256(p)) == 64,
	    "unit or seal out of shape");
	(void)package_unit_name(p);
	(void)package_period(p);
	for (int k = 0; k < KIND_COUNT; k++) {
		(void)package_rows(p, record_kinds[k].name);
		read_table(p, record_kinds[k].name);
	}
	/* A kind the manifest may name though socds has no such table. */
	read_table(p, "manifest");
	package_close(p);
	return 0;
}

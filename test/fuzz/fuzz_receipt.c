/* fuzz_receipt: receipts from the office above (src/io/receipt-read.c) —
 * receipt_open (seal, ZIP structure, sizes, signature, manifest JSON and its
 * approvals, member checksums), then records.csv read to its end.
 *
 * As fuzz_package does, the harness seals what it builds with a key of its
 * own (the secret 01 02 ... 20) through receipt_seal_file, so that the
 * parsers behind the seal are open to the fuzzer. An input is one of two
 * shapes:
 *
 *  - Raw ("PK" first): written as is and read; then sealed again by the
 *    harness (libzip writes the archive anew) and read again.
 *  - Spelled out (anything else): text before the first "--- " is
 *    manifest.json, then members "--- NAME\n" and their bytes. In every
 *    member "@@N@@" (N a digit) becomes the SHA-256 of member N and "@@K@@"
 *    the harness's public key. Zipped (deflated when the length is even)
 *    and sealed. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>
#include <zip.h>

#include "socds/i18n.h"
#include "socds/receipt.h"
#include "socds/sign.h"
#include "fuzz-util.h"

#define MEMBERS_MAX 16

static char path[PATH_MAX];
static struct sign_key key;
static char pub_hex[2 * SIGN_KEY_SIZE + 1];

struct member {
	char name[128];
	const uint8_t *p;
	size_t len;
	uint8_t *out;
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

static size_t
split(const uint8_t *data, size_t size, struct member *m)
{
	const uint8_t *p = data, *end = data + size, *next;
	size_t n = 0;

	if (size < 4 || memcmp(data, "--- ", 4) != 0) {
		next = find(data, size, "\n--- ");
		snprintf(m[0].name, sizeof m[0].name, "manifest.json");
		m[0].p = data;
		m[0].len = next != NULL ? (size_t)(next - data) : size;
		n = 1;
		p = next != NULL ? next + 1 : end;
	}
	while (p < end && n < MEMBERS_MAX) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p)), *body;
		size_t nlen;
		p += 4;
		if (nl == NULL || nl < p)
			nl = end;
		nlen = (size_t)(nl - p) < sizeof m[n].name ? (size_t)(nl - p) : sizeof m[n].name - 1;
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

static void
sha_hex(const uint8_t *d, size_t n, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t dg[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, n, d);
	sha256_digest(&ctx, sizeof dg, dg);
	sign_hex(dg, sizeof dg, out);
}

static void
substitute(struct member *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t cap = m[i].len / 5 * 64 + m[i].len + 65, o = 0;
		uint8_t *out = malloc(cap);
		if (out == NULL)
			fuzz_die("malloc");
		for (size_t k = 0; k < m[i].len;) {
			const uint8_t *s = m[i].p + k;
			if (k + 5 <= m[i].len && s[0] == '@' && s[1] == '@' && s[3] == '@' &&
			    s[4] == '@' && s[2] >= '0' && s[2] <= '9' && (size_t)(s[2] - '0') < n) {
				sha_hex(m[s[2] - '0'].p, m[s[2] - '0'].len, (char *)out + o);
				o += 64;
				k += 5;
			} else if (k + 5 <= m[i].len && memcmp(s, "@@K@@", 5) == 0) {
				memcpy(out + o, pub_hex, 64);
				o += 64;
				k += 5;
			} else
				out[o++] = m[i].p[k++];
		}
		m[i].out = out;
		m[i].olen = o;
	}
}

static void
write_spelled(const uint8_t *data, size_t size)
{
	struct member m[MEMBERS_MAX];
	size_t n;
	zip_t *z;
	int zerr;

	memset(m, 0, sizeof m);
	n = split(data, size, m);
	substitute(m, n);
	if ((z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr)) == NULL)
		fuzz_die("zip_open");
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(z, m[i].out, m[i].olen, 0);
		zip_int64_t idx;
		if (src == NULL)
			fuzz_die("zip_source_buffer");
		if ((idx = zip_file_add(z, m[i].name, src, ZIP_FL_ENC_UTF_8)) < 0) {
			zip_source_free(src);
			continue;
		}
		zip_set_file_compression(z, (zip_uint64_t)idx,
		    size % 2 == 0 ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 1);
		zip_file_set_mtime(z, (zip_uint64_t)idx, 1767225600, 0);
	}
	if (zip_close(z) != 0) {
		zip_discard(z);
		fuzz_write(path, "", 0);
	}
	for (size_t i = 0; i < n; i++)
		free(m[i].out);
}

static int
row(const struct receipt_row *r, void *arg, struct err *e)
{
	(void)arg;
	(void)e;
	FUZZ_CHECK(strlen(r->id) == UUID_STR_LEN - 1 && r->version >= 1 && r->reason != NULL,
	    "a row out of shape");
	return 0;
}

static void
read_one(void)
{
	struct receipt *r = NULL;
	struct err e = { 0 };
	int rc = receipt_open(path, &r, &e);

	if (getenv("SOCDS_FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "receipt_open: %d %s\n", rc, rc != 0 ? e.msg : "ok");
	if (rc != 0) {
		FUZZ_CHECK(r == NULL && e.code == rc && e.msg[0] != '\0',
		    "receipt_open refuses (%d) without its code or a message", rc);
		return;
	}
	const struct receipt_head *h = receipt_head(r);
	FUZZ_CHECK(h->number >= 1 && strlen(h->office) < 8 && strlen(h->sha256) == 64,
	    "head out of shape");
	for (size_t i = 0; i < h->napprovals; i++)
		FUZZ_CHECK(h->approvals[i].revision >= 1, "approval out of shape");
	rc = receipt_each_row(r, row, NULL, &e);
	FUZZ_CHECK(rc == 0 || e.msg[0] != '\0', "rows refused without a message");
	receipt_close(r);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	i18n_init("en", "/nonexistent");
	fuzz_path(path, sizeof path, "in.zip");
	for (int i = 0; i < SIGN_KEY_SIZE; i++)
		key.secret[i] = (uint8_t)(i + 1);
	snprintf(key.unit, sizeof key.unit, "52");
	sign_public_of(key.secret, key.pub);
	sign_hex(key.pub, SIGN_KEY_SIZE, pub_hex);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = { 0 };

	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		fuzz_write(path, data, size);
		read_one();
	} else
		write_spelled(data, size);
	if (receipt_seal_file(path, &key, &e) == 0)
		read_one();
	return 0;
}

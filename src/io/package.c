/* package: checking and reading upload packages, and their seal (libzip,
 * nettle, jansson); writing one is package-write.c's. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <nettle/sha2.h>
#include <zip.h>

#include "package-internal.h"
#include "seal.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/package.h"
#include "socds/safefile.h"
#include "socds/sign.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-key.h"
#include "socds/store-unit.h"

const enum kind_id package_order[PACKAGE_NTABLES] = {
	KIND_VILLAGE, KIND_STAFF, KIND_TRAINING, KIND_TEAM, KIND_MEMBER, KIND_PARTICIPANT,
	KIND_ACTIVITY, KIND_TASK_PROGRESS, KIND_STATISTIC,
};

int
package_file_sha(const char *path, char out[65], struct err *e)
{
	struct sha256_ctx ctx;
	uint8_t buf[65536], d[SHA256_DIGEST_SIZE];
	FILE *fp = os_fopen(path, "rb");
	size_t n;

	if (fp == NULL)
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), path, err_errno(errno));
	sha256_init(&ctx);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sha256_update(&ctx, n, buf);
	if (ferror(fp)) {
		fclose(fp);
		return err_set(e, ERR_IO, _("%s: read error"), path);
	}
	fclose(fp);
	sha256_digest(&ctx, sizeof d, d);
	sign_hex(d, sizeof d, out);
	return 0;
}

/* The seal (seal.h) under the packages' own domain. Which key a unit may
 * use is the office's business: package_check_key. */
int
package_seal_file(const char *path, const struct sign_key *key, struct err *e)
{
	zip_t *z;
	int zerr;

	if ((z = zip_open(path, 0, &zerr)) == NULL)
		return err_set(e, ERR_IO, _("%s: cannot write the package: ZIP error %d"), path, zerr);
	if (package_seal_room(z, path, e) != 0 || zip_close(z) != 0) {
		package_zip_error(z, path, e);
		zip_discard(z);
		return e->code;
	}
	return package_seal(path, key, e);
}

int
package_seal_room(zip_t *z, const char *path, struct err *e)
{
	return seal_room(z) == 0 ? 0 : package_zip_error(z, path, e);
}

int
package_seal(const char *path, const struct sign_key *key, struct err *e)
{
	if (seal_sign(path, key, SEAL_DOMAIN_PACKAGE) != 0)
		return err_set(e, ERR_IO, _("%s: cannot write the package: %s"), path,
		    err_errno(errno));
	return 0;
}

/* Checks the digest of the seal and keeps the key, digest and signature;
 * the signature itself is checked later (package_check_signature), after
 * the sizes, so that it costs nothing to refuse a bomb. */
static int
package_check_seal(const char *path, struct seal_parts *sp, struct err *e)
{
	switch (seal_read(path, sp)) {
	case SEAL_OK:
		return 0;
	case SEAL_UNREADABLE:
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), path, err_errno(errno));
	case SEAL_OLD:
		return err_set(e, ERR_CORRUPT, _("%s: the package is not signed (a package of socds"
		    " before version 2, or one forged); ask the unit to export it again with an up"
		    " to date socds"), path);
	case SEAL_NONE:
		return err_set(e, ERR_CORRUPT, _("%s: not a socds package, or a damaged or cut one"
		    " (no seal at its end)"), path);
	default:
		return err_set(e, ERR_CORRUPT, _("%s: the package was damaged or changed after it was"
		    " made (its seal does not match)"), path);
	}
}

int
package_sealed_sha(const char *path, char out[65], struct err *e)
{
	struct seal_parts sp;

	if (package_check_seal(path, &sp, e) != 0)
		return e->code;
	snprintf(out, 65, "%s", sp.sha);
	return 0;
}

/* The signature of the seal, under the key the seal carries. A receipt
 * (signed under its own domain) fails here. */
static int
package_check_signature(const char *path, const struct seal_parts *sp, struct err *e)
{
	if (!seal_verify(sp, SEAL_DOMAIN_PACKAGE))
		return err_set(e, ERR_CORRUPT, _("%s: the package's signature does not match its"
		    " key: it was changed or forged after it was made; refused"), path);
	return 0;
}

int
package_zip_error(zip_t *z, const char *path, struct err *e)
{
	zip_error_t *ze = zip_get_error(z);
	int sys = zip_error_code_system(ze);

	if (sys == ENOSPC)
		return err_set(e, ERR_FULL, _("%s: the disk is full; nothing was written"), path);
	return err_set(e, ERR_IO, _("%s: cannot write the package: %s"), path,
	    zip_error_strerror(ze));
}
/* --- reading --- */

struct package {
	char path[PATH_MAX];
	zip_t *z;
	json_t *man;
	struct seal_parts seal;
	char fp[SIGN_FP_LEN];
	char unit[8], unit_name[160], period[16], signer[8];
	struct package_base base;
	bool changes;			/* format 3: base is set */
};

/* A member read with a budget: its declared size (already checked against
 * the limits), never more. ERR_CORRUPT when it inflates past it. */
static int
package_member_sha(struct package *p, const char *name, char out[65], struct err *e)
{
	struct sha256_ctx ctx;
	uint8_t buf[65536], d[SHA256_DIGEST_SIZE];
	zip_stat_t st;
	zip_file_t *f;
	zip_int64_t n;
	zip_uint64_t left;

	if (zip_stat(p->z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    (f = zip_fopen(p->z, name, 0)) == NULL)
		return err_set(e, ERR_CORRUPT, _("%s: %s is missing or damaged"), p->path, name);
	left = st.size;
	sha256_init(&ctx);
	/* One byte more than the budget is asked for, so that a member that
	 * inflates past its declared size is caught at once. */
	while ((n = zip_fread(f, buf, left < sizeof buf ? left + 1 : sizeof buf)) > 0) {
		if ((zip_uint64_t)n > left) {
			zip_fclose(f);
			return err_set(e, ERR_CORRUPT, _("%s: %s inflates to more than the %llu bytes"
			    " it declares: the package is damaged or a ZIP bomb; refused"), p->path,
			    name, (unsigned long long)st.size);
		}
		left -= (zip_uint64_t)n;
		sha256_update(&ctx, (size_t)n, buf);
	}
	zip_fclose(f);
	if (n < 0 || left != 0)
		return err_set(e, ERR_CORRUPT, _("%s: %s is missing or damaged"), p->path, name);
	sha256_digest(&ctx, sizeof d, d);
	sign_hex(d, sizeof d, out);
	return 0;
}

/* Checks one manifest entry ({file, sha256}) against the ZIP member. */
static int
package_check_member(struct package *p, json_t *entry, struct err *e)
{
	const char *file = json_string_value(json_object_get(entry, "file"));
	const char *want = json_string_value(json_object_get(entry, "sha256"));
	char got[65];

	if (file == NULL || want == NULL)
		return err_set(e, ERR_CORRUPT, _("%s: the manifest is damaged (an entry has no file"
		    " or checksum)"), p->path);
	if (package_member_sha(p, file, got, e) != 0)
		return e->code;
	if (strcmp(got, want) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: %s does not match its checksum: the package was"
		    " damaged or changed"), p->path, file);
	return 0;
}

/* Every member by its declared sizes, before a byte of it is inflated. */
static int
package_check_sizes(struct package *p, struct err *e)
{
	zip_int64_t n = zip_get_num_entries(p->z, 0);
	zip_uint64_t total = 0;
	zip_stat_t st;

	if (n < 0 || n > PACKAGE_MAX_MEMBERS)
		return err_set(e, ERR_CORRUPT, _("%s: the package has %lld members, more than the"
		    " %d a package may have; refused"), p->path, (long long)n, PACKAGE_MAX_MEMBERS);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name;
		if (zip_stat_index(p->z, (zip_uint64_t)i, 0, &st) != 0 ||
		    (st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_NAME)) !=
		    (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_NAME))
			return err_set(e, ERR_CORRUPT, _("%s: member %lld cannot be read: the package"
			    " is damaged"), p->path, (long long)i);
		name = st.name;
		uint64_t max = strcmp(name, "manifest.json") == 0 ? PACKAGE_MAX_MANIFEST :
		    PACKAGE_MAX_MEMBER;
		if (st.size > max)
			return err_set(e, ERR_CORRUPT, _("%s: %s would inflate to %llu bytes, more than"
			    " the %llu allowed; refused"), p->path, name, (unsigned long long)st.size,
			    (unsigned long long)max);
		if (st.size > PACKAGE_RATIO_FROM &&
		    st.size / (st.comp_size > 0 ? st.comp_size : 1) > PACKAGE_MAX_RATIO)
			return err_set(e, ERR_CORRUPT, _("%s: %s would inflate %llu times (%llu bytes"
			    " from %llu), more than the %d times of any real table: a ZIP bomb;"
			    " refused"), p->path, name, (unsigned long long)(st.size /
			    (st.comp_size > 0 ? st.comp_size : 1)), (unsigned long long)st.size,
			    (unsigned long long)st.comp_size, PACKAGE_MAX_RATIO);
		total += st.size;
		if (total > PACKAGE_MAX_TOTAL)
			return err_set(e, ERR_CORRUPT, _("%s: the package would inflate to more than"
			    " %llu bytes; refused"), p->path, (unsigned long long)PACKAGE_MAX_TOTAL);
	}
	return 0;
}

/* manifest.json, read within its declared size (at most PACKAGE_MAX_MANIFEST). */
static int
package_read_manifest(struct package *p, struct err *e)
{
	zip_stat_t st;
	zip_file_t *f;
	char *text;
	json_error_t je;
	zip_int64_t got;
	char extra;

	if (zip_stat(p->z, "manifest.json", 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size > PACKAGE_MAX_MANIFEST || (f = zip_fopen(p->z, "manifest.json", 0)) == NULL)
		return err_set(e, ERR_CORRUPT, _("%s: not a socds package (no manifest.json)"),
		    p->path);
	if ((text = calloc(1, (size_t)st.size + 1)) == NULL) {
		zip_fclose(f);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	got = zip_fread(f, text, st.size);
	if (got != (zip_int64_t)st.size || zip_fread(f, &extra, 1) != 0) {
		zip_fclose(f);
		free(text);
		return err_set(e, ERR_CORRUPT, _("%s: manifest.json cannot be read: the package is"
		    " damaged"), p->path);
	}
	zip_fclose(f);
	p->man = json_loads(text, 0, &je);
	free(text);
	if (p->man == NULL)
		return err_set(e, ERR_CORRUPT, _("%s: manifest.json is damaged (line %d: %s)"),
		    p->path, je.line, je.text);
	return 0;
}

/* The manifest's signer: the unit whose key signed, and that key, which
 * must be the seal's. */
static int
package_read_signer(struct package *p, struct err *e)
{
	json_t *sg = json_object_get(p->man, "signer");
	const char *unit = json_string_value(json_object_get(sg, "unit"));
	const char *pub = json_string_value(json_object_get(sg, "public_key"));
	uint8_t key[SIGN_KEY_SIZE];

	if (unit == NULL || *unit == '\0' || strlen(unit) >= sizeof p->signer || pub == NULL ||
	    sign_unhex(pub, strlen(pub), key, sizeof key) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: the manifest names no signer; refused"),
		    p->path);
	if (memcmp(key, p->seal.pub, sizeof key) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: the manifest's signer key is not the key that"
		    " signed the package; refused"), p->path);
	snprintf(p->signer, sizeof p->signer, "%s", unit);
	return 0;
}

static bool
package_is_sha(const char *v)
{
	if (v == NULL || strlen(v) != 64)
		return false;
	for (; *v; v++)
		if (!((*v >= '0' && *v <= '9') || (*v >= 'a' && *v <= 'f')))
			return false;
	return true;
}

/* What the package holds: format 2 everything ("content" absent or
 * "whole"), format 3 only the changes since its base, which it must name. */
static int
package_read_content(struct package *p, json_int_t ver, struct err *e)
{
	json_t *content = json_object_get(p->man, "content");
	const char *c = json_string_value(content);
	json_t *base = json_object_get(p->man, "base");
	const char *sha = json_string_value(json_object_get(base, "sha256"));
	const char *file = json_string_value(json_object_get(base, "file"));
	const char *made = json_string_value(json_object_get(base, "made_at"));
	json_t *receipt = json_object_get(base, "receipt");

	p->changes = c != NULL && strcmp(c, "changes") == 0;
	if ((content != NULL && !p->changes && (c == NULL || strcmp(c, "whole") != 0)) ||
	    p->changes != (ver == PACKAGE_FORMAT_VERSION_CHANGES))
		return err_set(e, ERR_CORRUPT, _("%s: package format %lld does not go with its"
		    " content \"%s\" (a change-only package is format 3, a whole one format 2);"
		    " refused"), p->path, (long long)ver, c != NULL ? c : "whole");
	if (!p->changes)
		return 0;
	if (!package_is_sha(sha) || file == NULL || strlen(file) >= sizeof p->base.file ||
	    made == NULL || strlen(made) >= sizeof p->base.made_at || !json_is_integer(receipt) ||
	    json_integer_value(receipt) < 1)
		return err_set(e, ERR_CORRUPT, _("%s: a change-only package whose manifest does not"
		    " name its base; refused"), p->path);
	snprintf(p->base.sha256, sizeof p->base.sha256, "%s", sha);
	snprintf(p->base.file, sizeof p->base.file, "%s", file);
	snprintf(p->base.made_at, sizeof p->base.made_at, "%s", made);
	p->base.receipt = (int64_t)json_integer_value(receipt);
	return 0;
}

int
package_open(const char *path, struct package **out, struct err *e)
{
	struct package *p;
	int zerr;

	*out = NULL;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	snprintf(p->path, sizeof p->path, "%s", path);
	/* The order keeps every refusal cheap: the seal reads the file once; the
	 * sizes are the ZIP's own headers; only then anything is inflated. */
	if (package_check_seal(path, &p->seal, e) != 0)
		goto fail;
	/* ZIP_CHECKCONS: a truncated or patched archive is refused here. */
	if ((p->z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL) {
		err_set(e, ERR_CORRUPT, _("%s: not a socds package, or a damaged one (ZIP error %d)"),
		    path, zerr);
		goto fail;
	}
	if (package_check_sizes(p, e) != 0 || package_check_signature(path, &p->seal, e) != 0 ||
	    package_read_manifest(p, e) != 0)
		goto fail;
	sign_fingerprint(p->seal.pub, p->fp);
	const char *fmt = json_string_value(json_object_get(p->man, "format"));
	json_int_t ver = json_integer_value(json_object_get(p->man, "format_version"));
	if (fmt == NULL || strcmp(fmt, PACKAGE_FORMAT) != 0) {
		err_set(e, ERR_CORRUPT, _("%s: not a socds package"), path);
		goto fail;
	}
	if (ver < PACKAGE_FORMAT_VERSION) {
		err_set(e, ERR_CORRUPT, _("%s: the package is not signed (a package of socds"
		    " before version 2, or one forged); ask the unit to export it again with an up"
		    " to date socds"), path);
		goto fail;
	}
	if (ver > PACKAGE_FORMAT_VERSION_CHANGES) {
		err_set(e, ERR_NEWER, _("%s: package format %lld, this socds reads up to %d;"
		    " update socds"), path, (long long)ver, PACKAGE_FORMAT_VERSION_CHANGES);
		goto fail;
	}
	if (package_read_signer(p, e) != 0 || package_read_content(p, ver, e) != 0)
		goto fail;
	json_t *unit = json_object_get(p->man, "unit");
	const char *code = json_string_value(json_object_get(unit, "code"));
	const char *name = json_string_value(json_object_get(unit, "name"));
	if (code == NULL || strlen(code) >= sizeof p->unit) {
		err_set(e, ERR_CORRUPT, _("%s: the manifest names no unit"), path);
		goto fail;
	}
	snprintf(p->unit, sizeof p->unit, "%s", code);
	snprintf(p->unit_name, sizeof p->unit_name, "%s", name ? name : "");
	const char *label = json_string_value(json_object_get(json_object_get(p->man, "period"),
	    "label"));
	snprintf(p->period, sizeof p->period, "%s", label ? label : "");
	/* Every checksum before any row is read. */
	json_t *tables = json_object_get(p->man, "tables"), *entry;
	size_t i;
	if (!json_is_array(tables)) {
		err_set(e, ERR_CORRUPT, _("%s: the manifest lists no tables"), path);
		goto fail;
	}
	json_array_foreach(tables, i, entry)
		if (package_check_member(p, entry, e) != 0)
			goto fail;
	json_array_foreach(json_object_get(p->man, "files"), i, entry)
		if (package_check_member(p, entry, e) != 0)
			goto fail;
	*out = p;
	return 0;
fail:
	package_close(p);
	return e->code;
}

void
package_close(struct package *p)
{
	if (p == NULL)
		return;
	if (p->z != NULL)
		zip_discard(p->z);
	json_decref(p->man);
	free(p);
}

const char *package_path(const struct package *p) { return p->path; }
const char *package_unit(const struct package *p) { return p->unit; }
const char *package_unit_name(const struct package *p) { return p->unit_name; }
const char *package_period(const struct package *p) { return p->period; }
const char *package_sha256(const struct package *p) { return p->seal.sha; }
const char *package_signer(const struct package *p) { return p->signer; }
const char *package_fingerprint(const struct package *p) { return p->fp; }
const uint8_t *package_public_key(const struct package *p) { return p->seal.pub; }
const struct package_base *package_base(const struct package *p)
{
	return p->changes ? &p->base : NULL;
}

static json_t *
package_entry(const struct package *p, const char *kind)
{
	json_t *entry;
	size_t i;

	json_array_foreach(json_object_get(p->man, "tables"), i, entry) {
		const char *k = json_string_value(json_object_get(entry, "kind"));
		if (k != NULL && strcmp(k, kind) == 0)
			return entry;
	}
	return NULL;
}

int64_t
package_rows(const struct package *p, const char *kind)
{
	json_t *entry = package_entry(p, kind);

	return entry ? (int64_t)json_integer_value(json_object_get(entry, "rows")) : -1;
}

/* A ZIP member as a stdio stream, for the CSV reader, that never gives more
 * than the member's declared size. */
struct package_stream {
	zip_file_t *zf;
	zip_uint64_t left;
};

static int64_t
package_cookie_read(void *c, char *buf, size_t size)
{
	struct package_stream *ps = c;
	zip_int64_t n = zip_fread(ps->zf, buf, size);

	if (n < 0 || (zip_uint64_t)n > ps->left) {
		errno = EIO;
		return -1;
	}
	ps->left -= (zip_uint64_t)n;
	return (int64_t)n;
}

static int
package_cookie_close(void *c)
{
	struct package_stream *ps = c;
	int rc = zip_fclose(ps->zf);

	free(ps);
	return rc;
}

FILE *
package_table(struct package *p, const char *kind, struct err *e)
{
	json_t *entry = package_entry(p, kind);
	const char *file;
	struct package_stream *ps;
	zip_stat_t st;
	FILE *fp;

	if (entry == NULL || (file = json_string_value(json_object_get(entry, "file"))) == NULL)
		return NULL;
	if ((ps = calloc(1, sizeof *ps)) == NULL) {
		err_set(e, ERR_NOMEM, _("out of memory"));
		return NULL;
	}
	if (zip_stat(p->z, file, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    (ps->zf = zip_fopen(p->z, file, 0)) == NULL) {
		free(ps);
		err_set(e, ERR_CORRUPT, _("%s: %s is missing or damaged"), p->path, file);
		return NULL;
	}
	ps->left = st.size;
	if ((fp = os_stream_reader(ps, package_cookie_read, package_cookie_close, NULL)) == NULL) {
		/* EIO: the member itself (Windows reads it here); else no memory or room. */
		if (errno == EIO)
			err_set(e, ERR_CORRUPT, _("%s: %s is missing or damaged"), p->path, file);
		else if (errno == ENOMEM)
			err_set(e, ERR_NOMEM, _("out of memory"));
		else
			err_set(e, ERR_IO, _("%s: cannot read: %s"), p->path, err_errno(errno));
		zip_fclose(ps->zf);
		free(ps);
	}
	return fp;
}

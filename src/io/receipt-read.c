/* receipt-read: opening a receipt from the office above and checking it
 * whole before a row is read (hostile input: every size bounded). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "seal.h"
#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/receipt.h"

struct receipt {
	char path[PATH_MAX];
	zip_t *z;
	json_t *man;
	struct seal_parts seal;
	struct receipt_head h;
};

static int
receipt_check_seal(const char *path, struct seal_parts *sp, struct err *e)
{
	switch (seal_read(path, sp)) {
	case SEAL_OK:
		return 0;
	case SEAL_UNREADABLE:
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), path, err_errno(errno));
	case SEAL_CHANGED:
		return err_set(e, ERR_CORRUPT, _("%s: the receipt was damaged or changed after it"
		    " was made (its seal does not match); refused"), path);
	default:
		return err_set(e, ERR_CORRUPT, _("%s: not a socds receipt, or a damaged or cut one"
		    " (no seal at its end); refused"), path);
	}
}

/* Every member by its declared sizes, before a byte of it is inflated. */
static int
receipt_check_sizes(struct receipt *r, struct err *e)
{
	zip_int64_t n = zip_get_num_entries(r->z, 0);
	zip_uint64_t total = 0;
	zip_stat_t st;
	const zip_uint64_t want = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_NAME;

	if (n < 0 || n > RECEIPT_MAX_MEMBERS)
		return err_set(e, ERR_CORRUPT, _("%s: the receipt has %lld members, more than the"
		    " %d a receipt may have; refused"), r->path, (long long)n, RECEIPT_MAX_MEMBERS);
	for (zip_int64_t i = 0; i < n; i++) {
		if (zip_stat_index(r->z, (zip_uint64_t)i, 0, &st) != 0 || (st.valid & want) != want)
			return err_set(e, ERR_CORRUPT, _("%s: member %lld cannot be read: the receipt"
			    " is damaged"), r->path, (long long)i);
		uint64_t max = strcmp(st.name, "manifest.json") == 0 ? RECEIPT_MAX_MANIFEST :
		    RECEIPT_MAX_MEMBER;
		zip_uint64_t comp = st.comp_size > 0 ? st.comp_size : 1;
		if (st.size > max || (st.size > RECEIPT_RATIO_FROM &&
		    st.size / comp > RECEIPT_MAX_RATIO))
			return err_set(e, ERR_CORRUPT, _("%s: %s would inflate to %llu bytes (from"
			    " %llu), more than a receipt may; refused"), r->path, st.name,
			    (unsigned long long)st.size, (unsigned long long)st.comp_size);
		total += st.size;
		if (total > RECEIPT_MAX_TOTAL)
			return err_set(e, ERR_CORRUPT, _("%s: the receipt would inflate to more than"
			    " %llu bytes; refused"), r->path, (unsigned long long)RECEIPT_MAX_TOTAL);
	}
	return 0;
}

/* A member read whole, NUL-terminated, within its declared size (bounded
 * by receipt_check_sizes). */
static int
receipt_member(struct receipt *r, const char *name, char **text, size_t *len, struct err *e)
{
	zip_stat_t st;
	zip_file_t *f;
	zip_int64_t got;
	char extra;

	*text = NULL;
	if (zip_stat(r->z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size > RECEIPT_MAX_MEMBER || (f = zip_fopen(r->z, name, 0)) == NULL)
		return err_set(e, ERR_CORRUPT, _("%s: %s is missing or damaged"), r->path, name);
	if ((*text = malloc((size_t)st.size + 1)) == NULL) {
		zip_fclose(f);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	got = st.size > 0 ? zip_fread(f, *text, st.size) : 0;
	/* One byte more is asked for: a member that inflates past its declared
	 * size is refused at that byte. */
	if (got != (zip_int64_t)st.size || zip_fread(f, &extra, 1) != 0) {
		zip_fclose(f);
		free(*text);
		*text = NULL;
		return err_set(e, ERR_CORRUPT, _("%s: %s is damaged or inflates past its declared"
		    " size; refused"), r->path, name);
	}
	zip_fclose(f);
	(*text)[st.size] = '\0';
	*len = (size_t)st.size;
	return 0;
}

static int
receipt_check_member(struct receipt *r, json_t *entry, struct err *e)
{
	const char *file = json_string_value(json_object_get(entry, "file"));
	const char *want = json_string_value(json_object_get(entry, "sha256"));
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	char got[65], *text;
	size_t len;

	if (file == NULL || want == NULL)
		return err_set(e, ERR_CORRUPT, _("%s: the manifest is damaged (an entry has no file"
		    " or checksum)"), r->path);
	if (receipt_member(r, file, &text, &len, e) != 0)
		return e->code;
	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)text);
	sha256_digest(&ctx, sizeof d, d);
	free(text);
	sign_hex(d, sizeof d, got);
	if (strcmp(got, want) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: %s does not match its checksum: the receipt"
		    " was damaged or changed; refused"), r->path, file);
	return 0;
}

/* A string field of at most size - 1 bytes, or false. */
static bool
receipt_str(json_t *o, const char *key, char *out, size_t size, bool required)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	if (s == NULL) {
		out[0] = '\0';
		return !required && (v == NULL || json_is_null(v));
	}
	if (strlen(s) >= size)
		return false;
	snprintf(out, size, "%s", s);
	return true;
}

static int
receipt_read_approvals(struct receipt *r, struct err *e)
{
	json_t *a = json_object_get(r->man, "approvals"), *x;
	size_t i;

	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a) || json_array_size(a) > RECEIPT_MAX_APPROVALS)
		return err_set(e, ERR_CORRUPT, _("%s: the manifest's approvals are damaged;"
		    " refused"), r->path);
	if (json_array_size(a) == 0)
		return 0;
	if ((r->h.approvals = calloc(json_array_size(a), sizeof *r->h.approvals)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	json_array_foreach(a, i, x) {
		struct receipt_approval *p = &r->h.approvals[i];
		json_int_t rev = json_integer_value(json_object_get(x, "revision"));
		if (!receipt_str(x, "id", p->id, sizeof p->id, true) ||
		    !receipt_str(x, "unit", p->unit, sizeof p->unit, true) ||
		    !receipt_str(x, "period", p->period, sizeof p->period, true) ||
		    !receipt_str(x, "date_from", p->date_from, sizeof p->date_from, true) ||
		    !receipt_str(x, "date_to", p->date_to, sizeof p->date_to, true) ||
		    !receipt_str(x, "state", p->state, sizeof p->state, true) ||
		    !receipt_str(x, "at", p->at, sizeof p->at, true) ||
		    !receipt_str(x, "by_unit", p->by_unit, sizeof p->by_unit, true) ||
		    !receipt_str(x, "by_user", p->by_user, sizeof p->by_user, false) ||
		    !receipt_str(x, "reason", p->reason, sizeof p->reason, false) || rev < 1 ||
		    (strcmp(p->state, "approved") != 0 && strcmp(p->state, "reopened") != 0) ||
		    strcmp(p->date_to, p->date_from) < 0)
			return err_set(e, ERR_CORRUPT, _("%s: approval %zu of the manifest is damaged;"
			    " refused"), r->path, i + 1);
		p->revision = (int64_t)rev;
		r->h.napprovals = i + 1;
	}
	return 0;
}

static int
receipt_read_manifest(struct receipt *r, struct err *e)
{
	json_t *sg, *pk, *counts;
	json_error_t je;
	const char *fmt, *pub;
	json_int_t ver, num;
	uint8_t key[SIGN_KEY_SIZE];
	char *text;
	size_t len;
	static const char *const names[6] = { "inserted", "updated", "unchanged", "deleted",
		"conflict", "rejected" };

	if (receipt_member(r, "manifest.json", &text, &len, e) != 0)
		return e->code;
	r->man = json_loadb(text, len, 0, &je);
	free(text);
	if (r->man == NULL)
		return err_set(e, ERR_CORRUPT, _("%s: manifest.json is damaged (line %d: %s)"),
		    r->path, je.line, je.text);
	fmt = json_string_value(json_object_get(r->man, "format"));
	ver = json_integer_value(json_object_get(r->man, "format_version"));
	if (fmt == NULL || strcmp(fmt, RECEIPT_FORMAT) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: not a socds receipt; refused"), r->path);
	if (ver > RECEIPT_FORMAT_VERSION)
		return err_set(e, ERR_NEWER, _("%s: receipt format %lld, this socds reads up to %d;"
		    " update socds"), r->path, (long long)ver, RECEIPT_FORMAT_VERSION);
	sg = json_object_get(r->man, "signer");
	pub = json_string_value(json_object_get(sg, "public_key"));
	num = json_integer_value(json_object_get(r->man, "number"));
	if (ver < 1 || !receipt_str(r->man, "office", r->h.office, sizeof r->h.office, true) ||
	    !receipt_str(r->man, "unit", r->h.unit, sizeof r->h.unit, true) ||
	    !receipt_str(r->man, "issued_at", r->h.issued_at, sizeof r->h.issued_at, true) ||
	    num < 1 || pub == NULL || sign_unhex(pub, strlen(pub), key, sizeof key) != 0 ||
	    r->h.office[0] == '\0' || r->h.unit[0] == '\0')
		return err_set(e, ERR_CORRUPT, _("%s: the receipt's manifest is damaged; refused"),
		    r->path);
	if (memcmp(key, r->seal.pub, sizeof key) != 0 ||
	    strcmp(json_string_value(json_object_get(sg, "unit")) ?
	    json_string_value(json_object_get(sg, "unit")) : "", r->h.office) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: the manifest's signer is not the office and"
		    " key that signed the receipt; refused"), r->path);
	r->h.number = (int64_t)num;
	pk = json_object_get(r->man, "package");
	if (pk != NULL && !json_is_null(pk)) {
		json_int_t seq = json_integer_value(json_object_get(pk, "merge_seq"));
		if (!receipt_str(pk, "file", r->h.package_file, sizeof r->h.package_file, true) ||
		    !receipt_str(pk, "sha256", r->h.package_sha256, sizeof r->h.package_sha256,
		    true) || strlen(r->h.package_sha256) != 64 || seq < 1)
			return err_set(e, ERR_CORRUPT, _("%s: the receipt's manifest names its package"
			    " wrongly; refused"), r->path);
		r->h.has_package = true;
		r->h.merge_seq = (int64_t)seq;
	}
	counts = json_object_get(r->man, "counts");
	for (int i = 0; i < 6; i++)
		r->h.counts[i] = (int64_t)json_integer_value(json_object_get(counts, names[i]));
	return receipt_read_approvals(r, e);
}

int
receipt_open(const char *path, struct receipt **out, struct err *e)
{
	struct receipt *r;
	json_t *entry;
	size_t i;
	int zerr;

	*out = NULL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	snprintf(r->path, sizeof r->path, "%s", path);
	/* The package's order: seal, sizes, signature, manifest, checksums. */
	if (receipt_check_seal(path, &r->seal, e) != 0)
		goto fail;
	if ((r->z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL) {
		err_set(e, ERR_CORRUPT, _("%s: not a socds receipt, or a damaged one (ZIP error %d);"
		    " refused"), path, zerr);
		goto fail;
	}
	if (receipt_check_sizes(r, e) != 0) {
		/* A package is refused here for its many members: say what it is. */
		if (seal_verify(&r->seal, SEAL_DOMAIN_PACKAGE))
			err_set(e, ERR_CORRUPT, _("%s: this is an upload package, not a receipt;"
			    " refused"), path);
		goto fail;
	}
	if (!seal_verify(&r->seal, SEAL_DOMAIN_RECEIPT)) {
		/* A package's seal verifies under the packages' domain only. */
		if (seal_verify(&r->seal, SEAL_DOMAIN_PACKAGE))
			err_set(e, ERR_CORRUPT, _("%s: this is an upload package, not a receipt;"
			    " refused"), path);
		else
			err_set(e, ERR_CORRUPT, _("%s: the receipt's signature does not match its"
			    " key: it was changed or forged after it was made; refused"), path);
		goto fail;
	}
	if (receipt_read_manifest(r, e) != 0)
		goto fail;
	json_array_foreach(json_object_get(r->man, "files"), i, entry)
		if (receipt_check_member(r, entry, e) != 0)
			goto fail;
	if (json_array_size(json_object_get(r->man, "files")) < 1) {
		err_set(e, ERR_CORRUPT, _("%s: the receipt's manifest lists no members; refused"),
		    path);
		goto fail;
	}
	sign_fingerprint(r->seal.pub, r->h.fingerprint);
	memcpy(r->h.pub, r->seal.pub, SIGN_KEY_SIZE);
	snprintf(r->h.sha256, sizeof r->h.sha256, "%s", r->seal.sha);
	*out = r;
	return 0;
fail:
	receipt_close(r);
	return e->code;
}

void
receipt_close(struct receipt *r)
{
	if (r == NULL)
		return;
	if (r->z != NULL)
		zip_discard(r->z);
	json_decref(r->man);
	free(r->h.approvals);
	free(r);
}

const struct receipt_head *receipt_head(const struct receipt *r) { return &r->h; }

/* records.csv as a stream that never gives more than its declared size. */
struct receipt_stream {
	zip_file_t *zf;
	zip_uint64_t left;
};

static int64_t
receipt_cookie_read(void *c, char *buf, size_t size)
{
	struct receipt_stream *rs = c;
	zip_int64_t n = zip_fread(rs->zf, buf, size);

	if (n < 0 || (zip_uint64_t)n > rs->left) {
		errno = EIO;
		return -1;
	}
	rs->left -= (zip_uint64_t)n;
	return (int64_t)n;
}

static int
receipt_cookie_close(void *c)
{
	struct receipt_stream *rs = c;
	int rc = zip_fclose(rs->zf);

	free(rs);
	return rc;
}

static bool
receipt_int(const char *s, bool empty_ok, int64_t *out)
{
	long long n;
	char *end;

	*out = 0;
	if (*s == '\0')
		return empty_ok;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0 || n < 1)
		return false;
	*out = n;
	return true;
}

static bool
receipt_outcome_ok(const char *o)
{
	static const char *const ok[] = { "inserted", "updated", "unchanged", "deleted",
		"rejected", "conflict" };

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(o, ok[i]) == 0)
			return true;
	return false;
}

int
receipt_each_row(struct receipt *r,
    int (*fn)(const struct receipt_row *row, void *arg, struct err *e), void *arg,
    struct err *e)
{
	struct receipt_stream *rs;
	struct receipt_row row;
	struct csv *c = NULL;
	zip_stat_t st;
	FILE *fp;
	int64_t n = 0;
	int rc;

	err_clear(e);
	if ((rs = calloc(1, sizeof *rs)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	if (zip_stat(r->z, "records.csv", 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    (rs->zf = zip_fopen(r->z, "records.csv", 0)) == NULL) {
		free(rs);
		return err_set(e, ERR_CORRUPT, _("%s: %s is missing or damaged"), r->path,
		    "records.csv");
	}
	rs->left = st.size;
	if ((fp = os_stream_reader(rs, receipt_cookie_read, receipt_cookie_close, NULL)) == NULL) {
		zip_fclose(rs->zf);
		free(rs);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	if ((c = csv_open(fp, "records.csv", ',')) == NULL) {
		fclose(fp);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	/* The header first. */
	if ((rc = csv_next(c, e)) <= 0 || csv_nfields(c) != 7 ||
	    strcmp(csv_field(c, 0), "kind") != 0 || strcmp(csv_field(c, 6), "office_values") != 0) {
		if (rc >= 0)
			err_set(e, ERR_CORRUPT, _("%s: records.csv has no header; refused"), r->path);
		goto out;
	}
	while ((rc = csv_next(c, e)) > 0) {
		const char *kind = csv_field(c, 0), *id = csv_field(c, 1), *out = csv_field(c, 3);
		memset(&row, 0, sizeof row);
		if (++n > RECEIPT_MAX_ROWS || csv_nfields(c) != 7 || strlen(kind) >= sizeof row.kind ||
		    strlen(id) != UUID_STR_LEN - 1 || !uuid_valid(id) ||
		    !receipt_outcome_ok(out) ||
		    !receipt_int(csv_field(c, 2), false, &row.version) ||
		    !receipt_int(csv_field(c, 4), true, &row.office_version)) {
			err_set(e, ERR_CORRUPT, _("%s: records.csv line %ld is damaged; refused"),
			    r->path, csv_line(c));
			goto out;
		}
		snprintf(row.kind, sizeof row.kind, "%s", kind);
		snprintf(row.id, sizeof row.id, "%s", id);
		snprintf(row.outcome, sizeof row.outcome, "%s", out);
		row.reason = csv_field(c, 5);
		row.office_values = *csv_field(c, 6) ? csv_field(c, 6) : NULL;
		if (fn(&row, arg, e) != 0)
			goto out;
	}
out:
	csv_free(c);
	fclose(fp);
	return e->code;
}

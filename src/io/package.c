/* package: writing and checking upload packages (libzip, nettle, jansson). */
#define _GNU_SOURCE	/* fopencookie: a ZIP member read as a stdio stream */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <nettle/sha2.h>
#include <zip.h>

#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/package.h"
#include "socds/safefile.h"

/* Tables in the order a merge must apply them: referenced before referring. */
static const enum kind_id package_order[] = {
	KIND_VILLAGE, KIND_STAFF, KIND_TRAINING, KIND_TEAM, KIND_MEMBER, KIND_PARTICIPANT,
	KIND_ACTIVITY, KIND_TASK_PROGRESS,
};
#define PACKAGE_NTABLES (sizeof package_order / sizeof package_order[0])

static void
package_hex(const uint8_t *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* SHA-256 of a whole file, streamed. */
static int
package_file_sha(const char *path, char out[65], struct err *e)
{
	struct sha256_ctx ctx;
	uint8_t buf[65536], d[SHA256_DIGEST_SIZE];
	FILE *fp = fopen(path, "rb");
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
	package_hex(d, sizeof d, out);
	return 0;
}

/* The seal: the archive comment, the very last bytes of a ZIP file, holds the
 * SHA-256 of every byte before the digest. Member checksums cannot cover the
 * ZIP's own headers; the seal does, so any changed byte is found. */
#define PACKAGE_SEAL_PREFIX "socds-sha256:"
#define PACKAGE_SEAL_LEN (sizeof PACKAGE_SEAL_PREFIX - 1 + 64)

static int package_zip_error(zip_t *z, const char *path, struct err *e);

/* SHA-256 of the first `len` bytes of fp. */
static int
package_sha_prefix(FILE *fp, long len, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t buf[65536], d[SHA256_DIGEST_SIZE];

	if (fseek(fp, 0, SEEK_SET) != 0)
		return -1;
	sha256_init(&ctx);
	while (len > 0) {
		size_t want = len < (long)sizeof buf ? (size_t)len : sizeof buf;
		size_t n = fread(buf, 1, want, fp);
		if (n == 0)
			return -1;
		sha256_update(&ctx, n, buf);
		len -= (long)n;
	}
	sha256_digest(&ctx, sizeof d, d);
	package_hex(d, sizeof d, out);
	return 0;
}

static int
package_seal(const char *path, struct err *e)
{
	FILE *fp = fopen(path, "r+b");
	char sha[65];
	long len;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < (long)PACKAGE_SEAL_LEN ||
	    package_sha_prefix(fp, len - 64, sha) != 0 || fseek(fp, len - 64, SEEK_SET) != 0 ||
	    fwrite(sha, 1, 64, fp) != 64 || fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		if (fp != NULL)
			fclose(fp);
		return err_set(e, ERR_IO, _("%s: cannot write the package: %s"), path,
		    err_errno(errno));
	}
	return fclose(fp) == 0 ? 0 : err_set(e, ERR_IO, _("%s: cannot write the package: %s"),
	    path, err_errno(errno));
}

int
package_seal_file(const char *path, struct err *e)
{
	char seal[PACKAGE_SEAL_LEN + 1];
	zip_t *z;
	int zerr;

	if ((z = zip_open(path, 0, &zerr)) == NULL)
		return err_set(e, ERR_IO, _("%s: cannot write the package: ZIP error %d"), path, zerr);
	snprintf(seal, sizeof seal, "%s%064d", PACKAGE_SEAL_PREFIX, 0);
	if (zip_set_archive_comment(z, seal, (zip_uint16_t)PACKAGE_SEAL_LEN) != 0 ||
	    zip_close(z) != 0) {
		package_zip_error(z, path, e);
		zip_discard(z);
		return e->code;
	}
	return package_seal(path, e);
}

static int
package_check_seal(const char *path, char whole[65], struct err *e)
{
	FILE *fp = fopen(path, "rb");
	char tail[PACKAGE_SEAL_LEN + 1], sha[65];
	long len;
	int bad;

	if (fp == NULL)
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), path, err_errno(errno));
	bad = fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < (long)PACKAGE_SEAL_LEN ||
	    fseek(fp, len - (long)PACKAGE_SEAL_LEN, SEEK_SET) != 0 ||
	    fread(tail, 1, PACKAGE_SEAL_LEN, fp) != PACKAGE_SEAL_LEN;
	if (!bad) {
		tail[PACKAGE_SEAL_LEN] = '\0';
		bad = strncmp(tail, PACKAGE_SEAL_PREFIX, sizeof PACKAGE_SEAL_PREFIX - 1) != 0;
	}
	if (bad) {
		fclose(fp);
		return err_set(e, ERR_CORRUPT, _("%s: not a socds package, or a damaged or cut one"
		    " (no seal at its end)"), path);
	}
	bad = package_sha_prefix(fp, len - 64, sha) != 0;
	fclose(fp);
	if (bad || strcmp(sha, tail + sizeof PACKAGE_SEAL_PREFIX - 1) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: the package was damaged or changed after it was"
		    " made (its seal does not match)"), path);
	memcpy(whole, sha, 65);
	return 0;
}

static int
package_zip_error(zip_t *z, const char *path, struct err *e)
{
	zip_error_t *ze = zip_get_error(z);
	int sys = zip_error_code_system(ze);

	if (sys == ENOSPC)
		return err_set(e, ERR_FULL, _("%s: the disk is full; nothing was written"), path);
	return err_set(e, ERR_IO, _("%s: cannot write the package: %s"), path,
	    zip_error_strerror(ze));
}

struct package_audit {
	FILE *fp;
	int64_t last, n;
};

static int
package_audit_row(const struct audit_row *a, void *arg)
{
	struct package_audit *pa = arg;
	char seq[24];
	const char *v[] = { seq, a->at, a->user, a->action, a->kind, a->record_id, a->unit,
		a->old_values, a->new_values, a->detail };

	snprintf(seq, sizeof seq, "%lld", (long long)a->seq);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		csv_write_field(pa->fp, v[i] ? v[i] : "", ',', i == 0);
	fputs("\r\n", pa->fp);
	pa->last = a->seq;
	pa->n++;
	return 0;
}

/* The audit log travels with the data: who changed what, for the office above. */
static int
package_audit(struct store *s, const char *path, struct err *e)
{
	struct package_audit pa = { NULL, 0, 0 };
	int64_t before = 0;

	if ((pa.fp = fopen(path, "wb")) == NULL)
		return err_set(e, ERR_IO, _("%s: cannot create: %s"), path, err_errno(errno));
	fputs("\xEF\xBB\xBFseq,at,os_user,action,kind,record_id,unit_code,old_values,new_values,"
	    "detail\r\n", pa.fp);
	do {
		pa.n = 0;
		if (store_audit_page(s, before, NULL, NULL, 5000, package_audit_row, &pa, e) != 0) {
			fclose(pa.fp);
			return e->code;
		}
		before = pa.last;
	} while (pa.n == 5000);
	if (fclose(pa.fp) != 0)
		return err_set(e, errno == ENOSPC ? ERR_FULL : ERR_IO, _("%s: cannot write: %s"), path,
		    err_errno(errno));
	return 0;
}

int
package_export(struct store *s, const struct forms *fs, const struct export_opts *o,
    const char *path, bool force, int64_t *rows, struct err *e)
{
	struct export_opts eo = *o;
	struct unit home, u;
	char dir[PATH_MAX] = "", tmp[PATH_MAX + 64], zpath[PATH_MAX + 64], now[24];
	char files[PACKAGE_NTABLES + 2][PATH_MAX + 96];
	json_t *man = NULL, *tables;
	zip_t *z = NULL;
	struct safefile sf;
	int rc = ERR_FAIL, zerr;
	int64_t total = 0;

	memset(files, 0, sizeof files);
	memset(&sf, 0, sizeof sf);
	if (store_home_get(s, &home, e) != 0)
		return e->code;
	eo.within = o->within != NULL ? o->within : home.code;
	eo.tombstones = true;
	if (store_unit_get(s, eo.within, &u, e) != 0)
		return e->code;
	/* Reserve the name first: an existing file is refused before any work. */
	if (safefile_open(&sf, path, force, e) != 0)
		return e->code;
	safefile_abort(&sf);
	snprintf(dir, sizeof dir, "%s", getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR")
	    : "/tmp");
	snprintf(tmp, sizeof tmp, "%s/socds-pkg-XXXXXX", dir);
	if (mkdtemp(tmp) == NULL)
		return err_set(e, ERR_IO, _("cannot create a temporary folder in %s: %s"), dir,
		    err_errno(errno));
	store_now(now);
	man = json_object();
	tables = json_array();
	json_object_set_new(man, "format", json_string(PACKAGE_FORMAT));
	json_object_set_new(man, "format_version", json_integer(PACKAGE_FORMAT_VERSION));
	json_object_set_new(man, "unit", json_pack("{s:s, s:s, s:s}", "code", u.code, "name",
	    u.name, "level", u.level));
	if (o->period != NULL)
		json_object_set_new(man, "period", json_pack("{s:s, s:s, s:s}", "label",
		    o->period->label, "from", o->period->from, "to", o->period->to));
	else
		json_object_set_new(man, "period", json_null());
	json_object_set_new(man, "created_at", json_string(now));
	json_object_set_new(man, "socds_version", json_string(SOCDS_VERSION));
	json_object_set_new(man, "schema_version", json_integer(store_schema_latest));
	json_object_set_new(man, "exported_by", json_string(store_os_user()));
	json_object_set_new(man, "tables", tables);

	/* Each table to a file of its own, then its checksum. */
	for (size_t i = 0; i < PACKAGE_NTABLES; i++) {
		const struct kind *k = &record_kinds[package_order[i]];
		char sha[65];
		int64_t n = 0;
		FILE *fp;
		snprintf(files[i], sizeof files[i], "%s/%s.csv", tmp, k->name);
		if ((fp = fopen(files[i], "wb")) == NULL) {
			err_set(e, ERR_IO, _("%s: cannot create: %s"), files[i], err_errno(errno));
			goto out;
		}
		if (export_csv(s, fs, k, &eo, true, "utf-8", fp, &n, e) != 0) {
			fclose(fp);
			goto out;
		}
		if (fclose(fp) != 0) {
			err_set(e, errno == ENOSPC ? ERR_FULL : ERR_IO, _("%s: cannot write: %s"),
			    files[i], err_errno(errno));
			goto out;
		}
		if (package_file_sha(files[i], sha, e) != 0)
			goto out;
		char member[64];
		snprintf(member, sizeof member, "data/%s.csv", k->name);
		json_array_append_new(tables, json_pack("{s:s, s:s, s:I, s:s}", "kind", k->name,
		    "file", member, "rows", (json_int_t)n, "sha256", sha));
		total += n;
	}
	/* The same data for people: the workbook. */
	snprintf(files[PACKAGE_NTABLES], sizeof files[0], "%s/baocao.xlsx", tmp);
	eo.tombstones = false;
	if (export_xlsx(s, fs, &eo, files[PACKAGE_NTABLES], e) != 0)
		goto out;
	snprintf(files[PACKAGE_NTABLES + 1], sizeof files[0], "%s/audit.csv", tmp);
	if (package_audit(s, files[PACKAGE_NTABLES + 1], e) != 0)
		goto out;
	{
		char sha[65], sha2[65];
		if (package_file_sha(files[PACKAGE_NTABLES], sha, e) != 0 ||
		    package_file_sha(files[PACKAGE_NTABLES + 1], sha2, e) != 0)
			goto out;
		json_object_set_new(man, "files", json_pack("[{s:s, s:s}, {s:s, s:s}]", "file",
		    "baocao.xlsx", "sha256", sha, "file", "audit.csv", "sha256", sha2));
	}

	/* The ZIP, built beside the target and renamed into place. */
	snprintf(zpath, sizeof zpath, "%s.part-%ld", path, (long)getpid());
	unlink(zpath);
	if ((z = zip_open(zpath, ZIP_CREATE | ZIP_EXCL, &zerr)) == NULL) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		err_set(e, ERR_IO, _("%s: cannot write the package: %s"), path,
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	char *mtext = json_dumps(man, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	zip_source_t *src = mtext ? zip_source_buffer(z, mtext, strlen(mtext), 1) : NULL;
	if (src == NULL || zip_file_add(z, "manifest.json", src, ZIP_FL_ENC_UTF_8) < 0) {
		if (src != NULL)
			zip_source_free(src);
		else
			free(mtext);
		package_zip_error(z, path, e);
		goto out;
	}
	for (size_t i = 0; i <= PACKAGE_NTABLES + 1; i++) {
		char member[64];
		if (i < PACKAGE_NTABLES)
			snprintf(member, sizeof member, "data/%s.csv", record_kinds[package_order[i]].name);
		else
			snprintf(member, sizeof member, i == PACKAGE_NTABLES ? "baocao.xlsx" : "audit.csv");
		if ((src = zip_source_file(z, files[i], 0, -1)) == NULL ||
		    zip_file_add(z, member, src, ZIP_FL_ENC_UTF_8) < 0) {
			if (src != NULL)
				zip_source_free(src);
			package_zip_error(z, path, e);
			goto out;
		}
	}
	{
		char seal[PACKAGE_SEAL_LEN + 1];
		snprintf(seal, sizeof seal, "%s%064d", PACKAGE_SEAL_PREFIX, 0);
		if (zip_set_archive_comment(z, seal, (zip_uint16_t)PACKAGE_SEAL_LEN) != 0) {
			package_zip_error(z, path, e);
			goto out;
		}
	}
	if (zip_close(z) != 0) {
		package_zip_error(z, path, e);
		zip_discard(z);
		z = NULL;
		goto out;
	}
	z = NULL;
	chmod(zpath, 0600);
	if (package_seal(zpath, e) != 0)
		goto out;
	{
		int fd = open(zpath, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
	}
	if ((force ? rename(zpath, path) : link(zpath, path)) != 0) {
		err_set(e, errno == EEXIST ? ERR_EXISTS : ERR_IO, _("%s: cannot write: %s"), path,
		    err_errno(errno));
		goto out;
	}
	if (rows != NULL)
		*rows = total;
	rc = 0;
out:
	if (z != NULL)
		zip_discard(z);
	if (zpath[0] != '\0')
		unlink(zpath);
	for (size_t i = 0; i <= PACKAGE_NTABLES + 1; i++)
		if (files[i][0] != '\0')
			unlink(files[i]);
	rmdir(tmp);
	json_decref(man);
	return rc == 0 ? 0 : (e->code ? e->code : ERR_FAIL);
}

/* --- reading --- */

struct package {
	char path[PATH_MAX];
	zip_t *z;
	json_t *man;
	char sha[65];
	char unit[8], unit_name[160], period[16];
};

static int
package_member_sha(zip_t *z, const char *name, char out[65])
{
	struct sha256_ctx ctx;
	uint8_t buf[65536], d[SHA256_DIGEST_SIZE];
	zip_file_t *f = zip_fopen(z, name, 0);
	zip_int64_t n;

	if (f == NULL)
		return -1;
	sha256_init(&ctx);
	while ((n = zip_fread(f, buf, sizeof buf)) > 0)
		sha256_update(&ctx, (size_t)n, buf);
	zip_fclose(f);
	if (n < 0)
		return -1;
	sha256_digest(&ctx, sizeof d, d);
	package_hex(d, sizeof d, out);
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
	if (package_member_sha(p->z, file, got) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: %s is missing or damaged"), p->path, file);
	if (strcmp(got, want) != 0)
		return err_set(e, ERR_CORRUPT, _("%s: %s does not match its checksum: the package was"
		    " damaged or changed"), p->path, file);
	return 0;
}

int
package_open(const char *path, struct package **out, struct err *e)
{
	struct package *p;
	int zerr;
	zip_file_t *f;
	char *text = NULL;
	zip_stat_t st;
	json_error_t je;

	*out = NULL;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	snprintf(p->path, sizeof p->path, "%s", path);
	if (package_check_seal(path, p->sha, e) != 0)
		goto fail;
	/* ZIP_CHECKCONS: a truncated or patched archive is refused here. */
	if ((p->z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL) {
		err_set(e, ERR_CORRUPT, _("%s: not a socds package, or a damaged one (ZIP error %d)"),
		    path, zerr);
		goto fail;
	}
	if (zip_stat(p->z, "manifest.json", 0, &st) != 0 || st.size > 1 << 20 ||
	    (f = zip_fopen(p->z, "manifest.json", 0)) == NULL) {
		err_set(e, ERR_CORRUPT, _("%s: not a socds package (no manifest.json)"), path);
		goto fail;
	}
	if ((text = calloc(1, (size_t)st.size + 1)) == NULL ||
	    zip_fread(f, text, st.size) != (zip_int64_t)st.size) {
		zip_fclose(f);
		err_set(e, ERR_CORRUPT, _("%s: manifest.json cannot be read: the package is damaged"),
		    path);
		goto fail;
	}
	zip_fclose(f);
	if ((p->man = json_loads(text, 0, &je)) == NULL) {
		err_set(e, ERR_CORRUPT, _("%s: manifest.json is damaged (line %d: %s)"), path,
		    je.line, je.text);
		goto fail;
	}
	free(text);
	text = NULL;
	const char *fmt = json_string_value(json_object_get(p->man, "format"));
	json_int_t ver = json_integer_value(json_object_get(p->man, "format_version"));
	if (fmt == NULL || strcmp(fmt, PACKAGE_FORMAT) != 0) {
		err_set(e, ERR_CORRUPT, _("%s: not a socds package"), path);
		goto fail;
	}
	if (ver < 1 || ver > PACKAGE_FORMAT_VERSION) {
		err_set(e, ERR_NEWER, _("%s: package format %lld, this socds reads up to %d;"
		    " update socds"), path, (long long)ver, PACKAGE_FORMAT_VERSION);
		goto fail;
	}
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
	free(text);
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

const char *package_unit(const struct package *p) { return p->unit; }
const char *package_unit_name(const struct package *p) { return p->unit_name; }
const char *package_period(const struct package *p) { return p->period; }
const char *package_sha256(const struct package *p) { return p->sha; }

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

/* A ZIP member as a stdio stream, for the CSV reader. */
static ssize_t
package_cookie_read(void *c, char *buf, size_t size)
{
	zip_int64_t n = zip_fread(c, buf, size);

	return n < 0 ? -1 : (ssize_t)n;
}

static int
package_cookie_close(void *c)
{
	return zip_fclose(c);
}

FILE *
package_table(struct package *p, const char *kind, struct err *e)
{
	json_t *entry = package_entry(p, kind);
	const char *file;
	zip_file_t *zf;
	cookie_io_functions_t io = { package_cookie_read, NULL, NULL, package_cookie_close };
	FILE *fp;

	if (entry == NULL || (file = json_string_value(json_object_get(entry, "file"))) == NULL)
		return NULL;
	if ((zf = zip_fopen(p->z, file, 0)) == NULL) {
		err_set(e, ERR_CORRUPT, _("%s: %s is missing or damaged"), p->path, file);
		return NULL;
	}
	if ((fp = fopencookie(zf, "r", io)) == NULL) {
		zip_fclose(zf);
		err_set(e, ERR_NOMEM, _("out of memory"));
	}
	return fp;
}

/* package: the upload package a unit sends to the office above — one ZIP
 * file a Windows PC opens without special tools: manifest.json, one CSV per
 * table (tombstones included) and the XLSX workbook. Every member's SHA-256 is
 * in the manifest and is checked before anything is read. */
#ifndef SOCDS_PACKAGE_H
#define SOCDS_PACKAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "socds/err.h"
#include "socds/export.h"
#include "socds/form.h"
#include "socds/sign.h"
#include "socds/store.h"

#define PACKAGE_FORMAT "socds-package"
/* 2: signed (the archive comment carries the unit's Ed25519 key and its
 * signature of the seal; the manifest names the signer). 1 is refused. */
#define PACKAGE_FORMAT_VERSION 2
/* 3: a change-only package ("content":"changes", "base":{…}): only what the
 * office has not acknowledged, so it must be merged after its base. An
 * older socds refuses it by this number instead of merging it unchecked. */
#define PACKAGE_FORMAT_VERSION_CHANGES 3

/* What a package may inflate to, refused from the ZIP's headers before a
 * byte is inflated, and again while reading (a member that inflates past
 * its declared size is refused at that byte). A province's package of
 * 140,000 activities is 67 MB inflated (activity.csv 39 MB, 6:1). */
#define PACKAGE_MAX_MEMBERS 64
#define PACKAGE_MAX_MANIFEST (1ULL << 20)		/* manifest.json: 1 MiB */
#define PACKAGE_MAX_MEMBER (1ULL << 30)		/* any other member: 1 GiB */
#define PACKAGE_MAX_TOTAL (2ULL << 30)		/* all members: 2 GiB */
#define PACKAGE_MAX_RATIO 200			/* inflated / compressed, */
#define PACKAGE_RATIO_FROM (1ULL << 20)		/* for members above 1 MiB */

struct safefile;
/* Writes the sealed package of o->within (NULL: home) for o->period into
 * sf->tmp (sf from safefile_open_path; the caller commits): job_package
 * (job-package.h) is the one that names, refuses and renames the file. */
int package_export_to(struct store *s, const struct forms *fs, const struct export_opts *o,
    struct safefile *sf, int64_t *rows, struct err *e);
/* The same to path through a safefile of its own (refusing an existing file
 * unless force): for tests and fuzzing, which build packages to merge. */
int package_export(struct store *s, const struct forms *fs, const struct export_opts *o,
    const char *path, bool force, int64_t *rows, struct err *e);

/* Seals and signs a finished ZIP at path with key as package_export does
 * (the seal and signature in the archive comment). For tests and fuzzing,
 * which build packages by hand: the one call that makes a hand-built
 * package pass as sent (its manifest must name the key's signer). */
int package_seal_file(const char *path, const struct sign_key *key, struct err *e);

/* The seal's digest of the package at path, the name the office's merge
 * log and receipts give it (package_sha256 of the package opened). Checks
 * the digest, not the signature. */
int package_sealed_sha(const char *path, char out[65], struct err *e);

struct package;

/* Opens a package and checks it whole — seal, ZIP structure, sizes, the
 * signature under the key it carries, manifest, format version, every
 * member's checksum — before anything is read from it. Whether that key
 * is the unit's is package_check_key's business. */
int package_open(const char *path, struct package **out, struct err *e);
void package_close(struct package *p);
const char *package_path(const struct package *p);
const char *package_unit(const struct package *p);
const char *package_unit_name(const struct package *p);
const char *package_period(const struct package *p);	/* "" for everything */
const char *package_sha256(const struct package *p);	/* of the whole file */
const char *package_signer(const struct package *p);	/* the unit that signed */
const char *package_fingerprint(const struct package *p);	/* of the signer's key */
const uint8_t *package_public_key(const struct package *p);	/* SIGN_KEY_SIZE bytes */
int64_t package_rows(const struct package *p, const char *kind);	/* -1 when absent */
/* The package a change-only package builds on, as its manifest names it;
 * NULL for a whole package. */
struct package_base {
	char sha256[65];
	char file[256];
	int64_t receipt;
	char made_at[24];
};
const struct package_base *package_base(const struct package *p);
/* A table's CSV as a stream (NULL when the package has none; e filled on error). */
FILE *package_table(struct package *p, const char *kind, struct err *e);

/* The signer's key at the office above (src/io/package-key.c). */
enum key_action {
	KEY_KNOWN,		/* the pinned key: nothing to do */
	KEY_FIRST_USE,		/* no key pinned for the unit: pin this one */
	KEY_TRUSTED,		/* trusted in advance by fingerprint: record the key */
	KEY_REPLACED,		/* an admin accepted this key in place of the pinned one */
};
struct key_note {
	enum key_action action;
	char unit[8];
	char fingerprint[SIGN_FP_LEN];
	char old_fingerprint[SIGN_FP_LEN];	/* KEY_REPLACED */
	uint8_t pub[SIGN_KEY_SIZE];
};

struct store;
/* Checks the package's signer against the key pinned for it: the signer must
 * be the package's unit or a unit above it, below the home unit, and its key
 * the pinned one. A different key is refused (ERR_PERM, naming the unit and
 * both fingerprints) unless accept_fp (as typed, may be NULL) is the new
 * key's fingerprint and the account is an admin. Changes nothing: note says
 * what package_pin_key must do inside the merge's transaction. */
int package_check_key(struct store *s, const struct package *p, const char *accept_fp,
    struct key_note *note, struct err *e);
/* Pins what package_check_key decided (nothing for KEY_KNOWN); audited. */
int package_pin_key(struct store *s, const struct key_note *note, struct err *e);
/* "key of UNIT pinned on first use: FINGERPRINT" and the like, or "" for KEY_KNOWN. */
const char *package_key_text(const struct key_note *note, char *buf, size_t size);

#endif

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
#include "socds/store.h"

#define PACKAGE_FORMAT "socds-package"
#define PACKAGE_FORMAT_VERSION 1

/* Writes the package of opts->within (NULL: home) for opts->period to path
 * (safely: temporary + rename; refuses an existing file unless force). */
int package_export(struct store *s, const struct forms *fs, const struct export_opts *o,
    const char *path, bool force, int64_t *rows, struct err *e);

/* Seals a finished ZIP at path as package_export seals its packages (the
 * seal in the archive comment). For tests and fuzzing, which build packages
 * by hand: the one call that makes a hand-built package pass as sent. */
int package_seal_file(const char *path, struct err *e);

struct package;

/* Opens a package and checks it whole — ZIP structure, manifest, format
 * version, every member's checksum — before anything is read from it. */
int package_open(const char *path, struct package **out, struct err *e);
void package_close(struct package *p);
const char *package_unit(const struct package *p);
const char *package_unit_name(const struct package *p);
const char *package_period(const struct package *p);	/* "" for everything */
const char *package_sha256(const struct package *p);	/* of the whole file */
int64_t package_rows(const struct package *p, const char *kind);	/* -1 when absent */
/* A table's CSV as a stream (NULL when the package has none; e filled on error). */
FILE *package_table(struct package *p, const char *kind, struct err *e);

#endif

/* receipt: what the office above sends back to a unit after merging its
 * package (or with no package, to carry approvals down): one ZIP sealed
 * like a package but under its own signing domain, so that a package can
 * never pass as a receipt. Members: manifest.json (who, to whom, which
 * number, which package, the counts, the approvals, the checksums),
 * records.csv (one line per package row: kind,id,version,outcome,
 * office_version,reason,office_values) and remarks.txt (the rejected and
 * conflicting rows, for people). */
#ifndef SOCDS_RECEIPT_H
#define SOCDS_RECEIPT_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/sign.h"
#include "socds/uuid.h"

#define RECEIPT_FORMAT "socds-receipt"
#define RECEIPT_FORMAT_VERSION 1

/* What a receipt may inflate to, refused from the ZIP's headers before a
 * byte is inflated and again while reading. A province-wide package of
 * 140,000 rows gives a records.csv of about 12 MB. */
#define RECEIPT_MAX_MEMBERS 8
#define RECEIPT_MAX_MANIFEST (4ULL << 20)	/* manifest.json (approvals): 4 MiB */
#define RECEIPT_MAX_MEMBER (256ULL << 20)	/* records.csv, remarks.txt */
#define RECEIPT_MAX_TOTAL (512ULL << 20)
#define RECEIPT_MAX_RATIO 200
#define RECEIPT_RATIO_FROM (1ULL << 20)
#define RECEIPT_MAX_APPROVALS 10000
#define RECEIPT_MAX_ROWS 10000000

/* One package row and what the office made of it. */
struct receipt_row {
	char kind[16];
	char id[UUID_STR_LEN];
	int64_t version;		/* as the package carried it */
	char outcome[12];		/* inserted updated unchanged deleted rejected conflict */
	int64_t office_version;		/* the office's version then (0: none) */
	const char *reason;		/* "" unless rejected or conflict */
	const char *office_values;	/* the office's record as JSON, conflicts only; else NULL */
};

/* An approval (or its reopening) of a unit's period, travelling down. */
struct receipt_approval {
	char id[48];
	char unit[8];
	char period[16];
	char date_from[12], date_to[12];
	char state[12];			/* approved, reopened */
	int64_t revision;
	char at[24];
	char by_unit[8];
	char by_user[64];
	char reason[512];
};

struct receipt_head {
	char office[8];			/* the signer: the office above */
	char unit[8];			/* the receiver */
	int64_t number;			/* the office's receipt number for that unit, from 1 */
	char issued_at[24];
	bool has_package;		/* false: a status receipt (approvals only) */
	char package_file[256];
	char package_sha256[65];
	int64_t merge_seq;
	int64_t counts[6];		/* by enum merge_outcome */
	struct receipt_approval *approvals;
	size_t napprovals;
	/* Reading: the seal's. */
	char fingerprint[SIGN_FP_LEN];
	uint8_t pub[SIGN_KEY_SIZE];
	char sha256[65];		/* of the whole file */
};

/* The writer asks for the rows through this: rows(arg, put, w, e) calls
 * put(row, w, e) for each row in order and returns 0 or e's code. */
typedef int (*receipt_put_fn)(const struct receipt_row *row, void *w, struct err *e);
typedef int (*receipt_rows_fn)(void *arg, receipt_put_fn put, void *w, struct err *e);

/* Writes the sealed receipt h (office, unit, number, package, counts,
 * approvals; h->counts are recounted from the rows) to path, a temporary the
 * caller commits (job_write_named), signed with key (the office's own).
 * Scratch files go beside `beside`, the target's name. */
int receipt_write(const char *path, const char *beside, struct receipt_head *h,
    receipt_rows_fn rows, void *arg, const struct sign_key *key, struct err *e);

/* Seals and signs a finished ZIP at path as a receipt (for tests and
 * fuzzing, which build receipts by hand). */
int receipt_seal_file(const char *path, const struct sign_key *key, struct err *e);

struct receipt;
/* Opens a receipt and checks it whole — seal, ZIP structure, sizes, the
 * signature under its own domain (a package fails here), manifest, format,
 * every member's checksum — before anything is read from it. Whether the key
 * is the office's is the caller's business (job_receipt_take). */
int receipt_open(const char *path, struct receipt **out, struct err *e);
void receipt_close(struct receipt *r);
const struct receipt_head *receipt_head(const struct receipt *r);
/* Each line of records.csv, checked (kind, id, outcome, versions), to fn. */
int receipt_each_row(struct receipt *r,
    int (*fn)(const struct receipt_row *row, void *arg, struct err *e), void *arg,
    struct err *e);

#endif

/* dupes: likely duplicates of a person — the one rule the form screen (before
 * saving), the import (a warning per row) and the merge (a warning in its
 * report) share. Never a refusal: people may share a name.
 *
 * Who: the live staff and team members (both lists at once) recorded in the
 * record's unit or a unit below it, other than the record itself, whose name
 * folds to the same key (case, tone marks, đ and look-alike letters such as
 * Ð ignored; NFD as NFC). Of those, a person is a likely duplicate when
 *   1. both years of birth are given and equal (DUPES_NAME_YEAR), or
 *   2. both phone numbers are given and the same once normalised (spaces,
 *      dots, +84/84 for 0 ignored) (DUPES_NAME_PHONE), or
 *   3. a year of birth is missing on either side (DUPES_NAME),
 * ranked in that order (then the same unit first). Two namesakes whose
 * years differ, even by one, are two people unless the phone says otherwise:
 * "Nguyễn Văn An" born 1985 and 1986 in one province are common. */
#ifndef SOCDS_DUPES_H
#define SOCDS_DUPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"
#include "socds/store-people.h"

enum dupes_how { DUPES_NAME_YEAR, DUPES_NAME_PHONE, DUPES_NAME };

struct dupe {
	struct store_person p;
	enum dupes_how how;
	bool phone;		/* the phone matches too */
};

#define DUPES_MAX 8

struct dupes {
	struct dupe d[DUPES_MAX];	/* the closest, best first */
	int n;
	int total;			/* all found (may exceed n) */
};

/* The likely duplicates of person r (staff or member: any other kind has
 * none) in r->unit_code and below; r->id, when set, is left out. Rows of
 * r's own kind are looked at up to rowid mark (INT64_MAX: all). */
int dupes_find(struct store *s, const struct record *r, int64_t mark, struct dupes *out,
    struct err *e);
/* The warning import and merge give for r, translated, into msg ("" when
 * r has no likely duplicate): "LABEL: likely duplicate: 'NAME', born YEAR,
 * is already recorded (WHERE)", naming the closest and how many more. */
int dupes_warning(struct store *s, const struct record *r, int64_t mark, const char *label,
    char *msg, size_t size, struct err *e);
/* Whether after differs from before in what dupes_find compares (the
 * folded name, the year of birth, the phone, the unit). */
bool dupes_changed(const struct record *before, const struct record *after);
/* Where d is recorded, translated: "staff, 21853 Xã An Hòa" or "member of
 * Tổ Bình Minh, 21853 Xã An Hòa". */
const char *dupes_where(const struct dupe *d, char *buf, size_t size);
/* A phone number's digits as compared: "+84 912.345.678" -> "0912345678";
 * "" when s holds too few digits to be one. */
void dupes_phone_key(const char *s, char *out, size_t size);

#endif

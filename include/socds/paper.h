/* paper: what makes a report an official paper (Decree 30/2020/NĐ-CP) —
 * the issuing body, the number, place, recipients and signer — from the
 * unit's settings, with defaults built from the unit's name and level. No
 * curses, no store: job-paper.h reads and writes a unit's settings. */
#ifndef SOCDS_PAPER_H
#define SOCDS_PAPER_H

#include <stdbool.h>
#include <stddef.h>

#include "socds/err.h"
#include "socds/store.h"
#include "socds/store-unit.h"
#include "socds/unit.h"

enum paper_key {
	PAPER_BODY_ABOVE,	/* "UBND TỈNH GIA LAI" (empty: none) */
	PAPER_BODY,		/* "SỞ KHOA HỌC VÀ CÔNG NGHỆ" */
	PAPER_PLACE,		/* "Gia Lai", before the date */
	PAPER_NUMBER,		/* the number, usually left blank for the clerk */
	PAPER_NUMBER_SUFFIX,	/* "BC-SKHCN" */
	PAPER_ADDRESSEE,	/* "Kính gửi: ..." (empty: none) */
	PAPER_RECIPIENTS,	/* "Nơi nhận" list, parts split by ';' */
	PAPER_ON_BEHALF,	/* "TM. ỦY BAN NHÂN DÂN" (empty: none) */
	PAPER_HEAD_TITLE,	/* "GIÁM ĐỐC" */
	PAPER_DEPUTY_TITLE,	/* "PHÓ GIÁM ĐỐC" */
	PAPER_DEPUTY,		/* "1": the deputy signs (KT.) */
	PAPER_SIGNER_NAME,	/* the signer's full name */
	PAPER_NKEYS
};

struct paper_key_def {
	const char *key;	/* in the unit_setting table */
	const char *option;	/* socds unit set --option */
	const char *label;	/* untranslated */
	size_t max;		/* characters (code points) */
};
extern const struct paper_key_def paper_keys[PAPER_NKEYS];

#define PAPER_VALUE_MAX 2048	/* bytes of one value */
#define PAPER_RECIPIENTS_MAX 12

struct paper {
	char v[PAPER_NKEYS][PAPER_VALUE_MAX];
	bool set[PAPER_NKEYS];	/* from the settings, not a default */
};

/* The defaults alone, from the unit and its parent (NULL: none), for the
 * recipients. */
void paper_defaults_of(const struct unit *u, const struct unit *parent, struct paper *p);
/* Takes one stored setting (key as in the unit_setting table) over the
 * default; a key this version does not know is left alone. Returns 0. */
int paper_take(struct paper *p, const char *key, const char *value);
/* Checks a value as forms do (valid UTF-8, no control characters, NFC,
 * trimmed, at most the key's length) into out; ERR_INVALID naming the key. */
int paper_clean(enum paper_key k, const char *value, char *out, size_t size, struct err *e);
/* The key whose option is name, or -1. */
int paper_key_by_option(const char *name);
/* The signer's lines, top to bottom (TM., KT., title), n of them. */
int paper_signer_lines(const struct paper *p, const char *lines[3]);
/* The recipients, split at ';' into list (trimmed, empty parts skipped),
 * with "Như trên" first when there is an addressee and "Lưu: VT" last. */
int paper_recipients(const struct paper *p, char list[][PAPER_VALUE_MAX], int max);

#endif

/* charmap: Windows-1258, VISCII and TCVN 5712 converted by tables that
 * src/io/gen-charmap.py writes at build time from glibc's charmaps and
 * Unicode's data — the conversion used where there is no iconv (Windows),
 * giving the bytes glibc's iconv gives for every character. No curses, no
 * SQLite, no system headers.
 *
 * Both directions work like iconv(3): they convert from *in (*inlen bytes)
 * into *out (*outlen bytes free), moving the four on, and stop at the end of
 * the input, at a fault (*in left at its first byte) or when out is full. */
#ifndef SOCDS_CHARMAP_H
#define SOCDS_CHARMAP_H

#include <stddef.h>
#include <stdint.h>

/* --- the tables (gen-charmap.py writes them) --- */

#define CHARMAP_NONE	UINT32_MAX	/* a byte the encoding does not have */

struct charmap_enc {	/* a character and the one or two bytes written for it */
	uint32_t cp;
	unsigned char len;
	unsigned char b[2];
};
struct charmap_comp {	/* a letter and a combining mark read as one character */
	uint32_t base, mark, cp;
};
struct charmap {
	const char *name;	/* glibc's name for it */
	uint32_t dec[256];	/* byte -> code point */
	const struct charmap_enc *enc;	/* sorted by cp */
	size_t nenc;
	const struct charmap_comp *comp;	/* sorted by base, then mark */
	size_t ncomp;
	/* Reading holds back every character from the first base of comp to
	 * the last (glibc holds by range, not by the table: 'x' too). */
	uint32_t hold_lo, hold_hi;
	uint32_t mark_lo, mark_hi;	/* the marks of comp lie between these */
};
extern const struct charmap charmap_cp1258, charmap_viscii, charmap_tcvn;

/* --- converting --- */

/* The table for glibc's name of an encoding ("CP1258", "VISCII",
 * "TCVN5712-1"), or NULL. */
const struct charmap *charmap_find(const char *name);

enum charmap_rc {
	CHARMAP_OK = 0,
	CHARMAP_ILSEQ,		/* a byte or character that cannot be converted */
	CHARMAP_TOOBIG,		/* out is full */
	CHARMAP_INCOMPLETE,	/* the input ends inside a UTF-8 sequence */
};

/* Reading: legacy bytes to UTF-8. Like glibc, a letter that a combining mark
 * may follow is held until the next byte says whether one does (then the two
 * are one character where Unicode or glibc composes them); in == NULL writes
 * out a letter still held, as iconv(cd, NULL, NULL, &out, &outlen) does. A
 * fault leaves the letter held. */
struct charmap_decoder {
	const struct charmap *cm;
	uint32_t held;		/* CHARMAP_NONE: none */
};
void charmap_decoder_init(struct charmap_decoder *d, const struct charmap *cm);
enum charmap_rc charmap_decode(struct charmap_decoder *d, const char **in, size_t *inlen,
    char **out, size_t *outlen);

/* Writing: UTF-8 to legacy bytes, a character at a time (glibc keeps no
 * state this way). A character the encoding has no bytes for, and invalid
 * UTF-8, give CHARMAP_ILSEQ; Unicode's language tags (U+E0000-U+E007F) are
 * dropped, as glibc drops them. */
enum charmap_rc charmap_encode(const struct charmap *cm, const char **in, size_t *inlen,
    char **out, size_t *outlen);

#endif

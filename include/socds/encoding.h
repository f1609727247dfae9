/* encoding: the legacy Vietnamese encodings still met in offices —
 * Windows-1258 (what Excel on Vietnamese Windows writes for "CSV"), VISCII and
 * TCVN 5712 (TCVN3/ABC) — read as UTF-8 and written from UTF-8, through
 * iconv, or where there is none (Windows) through tables that give the same
 * bytes (socds/charmap.h). Streaming: a file is never read whole into
 * memory. No curses, no SQLite.
 *
 * Encoding names, as the command line takes them: "auto", "utf-8", "cp1258"
 * (also "windows-1258"), "viscii", "tcvn" (also "tcvn3", "tcvn5712"). */
#ifndef SOCDS_ENCODING_H
#define SOCDS_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "socds/err.h"
#include "socds/text.h"

/* The canonical name ("utf-8", "cp1258", "viscii", "tcvn") of an encoding
 * name as typed, "auto" for "auto", or NULL when unknown. */
const char *encoding_canonical(const char *enc);
/* How an encoding is named to people: "UTF-8", "Windows-1258", "VISCII",
 * "TCVN 5712". */
const char *encoding_display(const char *enc);

/*
 * Opens path for reading as UTF-8. enc is one of the names above; "auto"
 * takes a UTF-8 byte-order mark as UTF-8, else a file that is valid UTF-8
 * throughout as UTF-8 (checked by streaming through it once), else
 * Windows-1258 when the text (its first 256 KiB) reads as Vietnamese that
 * way (encoding_score); otherwise it refuses the file (ERR_INVALID) with its
 * first line beyond ASCII shown as Windows-1258, VISCII and TCVN 5712 would
 * read it, and asks for --encoding. A UTF-8 byte-order mark is skipped. Text decoded from
 * Windows-1258 or TCVN 5712 with tone marks as separate combining bytes (as
 * Excel writes it) comes out as the base letter followed by, or composed
 * with, U+0300 U+0301 U+0303 U+0309 U+0323, so that NFC gives the
 * precomposed letter. detected (dsize bytes, may be NULL) gets the canonical
 * name of the encoding used.
 *
 * A byte that is not valid in the encoding makes the stream fail (ferror)
 * at that point; encoding_read_error() then gives "FILE:LINE: byte 0xNN at
 * offset N is not valid ENCODING". Returns NULL with e filled when the file
 * cannot be opened, the encoding is unknown, or a UTF-16 file is met.
 * Close with fclose().
 */
FILE *encoding_open_read(const char *path, const char *enc, char *detected,
    size_t dsize, struct err *e);

/* What "auto" makes of path without reading it for good: *enc is "utf-8" or
 * "cp1258"; or, when it cannot tell (a VISCII or TCVN file), NULL with s
 * holding the first line beyond ASCII as each of encoding_legacy[] reads it,
 * for a person to pick the one that reads right. Returns an error only when
 * the file cannot be read at all (or is UTF-16). */
#define ENCODING_LEGACY_N	3
#define ENCODING_SAMPLE_MAX	160
extern const char *const encoding_legacy[ENCODING_LEGACY_N];	/* cp1258, viscii, tcvn */
struct encoding_samples {
	long line;	/* 0: no sample */
	char text[ENCODING_LEGACY_N][ENCODING_SAMPLE_MAX];
};
int encoding_detect(const char *path, const char **enc, struct encoding_samples *s,
    struct err *e);

/* For a stream from encoding_open_read whose reads failed: fills e with the
 * reason (invalid byte, read error) and returns its code; 0 when the stream
 * has not failed or is not one of ours. */
int encoding_read_error(FILE *fp, struct err *e);

/* How Vietnamese a text looks: letters beyond ASCII in words that are
 * syllables of the Vietnamese alphabet (initial consonants, one to three
 * vowels with at most one of the five tones, a final consonant) are good;
 * those in other words, and signs or controls no Vietnamese text holds, are
 * bad. VISCII or TCVN 5712 read as Windows-1258 gives mostly bad. */
struct encoding_score {
	long good, bad;
};
/* Adds the NFC text utf8 to sc. */
void encoding_score(const char *utf8, struct encoding_score *sc);
/* Whether a score is that of Vietnamese text (nine good in ten). */
bool encoding_plausible(const struct encoding_score *sc);

/* --- writing --- */
struct encoder;

/* An encoder from UTF-8 to enc ("utf-8", "cp1258", "viscii", "tcvn"; not
 * "auto"). NULL with e filled when enc is unknown. */
struct encoder *encoder_new(const char *enc, struct err *e);
/* Writes utf8, NFC-normalised (for the legacy encodings with look-alikes
 * such as Ð U+00D0 written as the Vietnamese Đ), to out in the encoder's encoding. A character
 * the encoding cannot represent gives ERR_INVALID naming it ("U+20AC '€'
 * cannot be written in VISCII") and nothing of utf8 is written; invalid
 * UTF-8 gives ERR_INVALID; a failed write ERR_IO. */
int encoder_write(struct encoder *enc, const char *utf8, FILE *out, struct err *e);
/* The same, appended to out (a hot loop keeps one buffer and writes it in
 * large pieces). On failure nothing is appended. */
int encoder_append(struct encoder *enc, const char *utf8, struct tbuf *out,
    struct err *e);
void encoder_free(struct encoder *enc);

#endif

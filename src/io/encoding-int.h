/* encoding-int.h: what the parts of src/io/encoding*.c share; not a
 * module header (socds/encoding.h is). */
#ifndef SOCDS_IO_ENCODING_INT_H
#define SOCDS_IO_ENCODING_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/encoding.h"

#define ENC_BUF		16384	/* bytes read from the file at a time */
#define ENC_OUT		(ENC_BUF * 4)	/* a legacy byte is at most 3 UTF-8 bytes */

/* At most this many bytes of a file are scored. */
#define ENC_GUESS_BYTES	(256 * 1024)

/* The encodings socds knows: canonical name, other names people type,
 * the iconv name (glibc: `iconv -l`), and the name shown to people. */
struct enc_info {
	const char *name;
	const char *alias[3];
	const char *iconv;	/* NULL: UTF-8, no conversion */
	const char *display;
};

struct utf8_check {
	int need;		/* continuation bytes still expected */
	unsigned char lo, hi;	/* the range the next one must be in */
	unsigned char lead;	/* first byte of the sequence under way */
	unsigned long long start;	/* its offset in the file */
	long line;		/* and its line */
};

/* encoding-guess.c: the table of encodings, "auto" detection */
const struct enc_info *enc_find(const char *name);
int enc_unknown(const char *enc, struct err *e);
int enc_guess_legacy(const char *path, const char **want, struct encoding_samples *unsure,
    struct err *e);

/* encoding-utf8.c: UTF-8 checked and decoded by its bytes */
bool utf8_check_byte(struct utf8_check *c, unsigned char b, unsigned long long off, long line);
uint32_t enc_code_point(const unsigned char *s, int *len);
bool enc_plain_nfc(const char *s, size_t *len);
bool enc_printable_ascii(const char *s, size_t *len);

/* encoding-conv.c: iconv, or the tables of socds/charmap.h (SOCDS_NO_ICONV),
 * behind iconv(3)'s own interface: NULL or (size_t)-1 with errno set. */
struct enc_conv;
struct enc_conv *enc_conv_open(const struct enc_info *info, bool encode);
size_t enc_conv(struct enc_conv *c, char **in, size_t *inlen, char **out, size_t *outlen);
void enc_conv_close(struct enc_conv *c);

/* encoding.c */
void enc_sample(const char *line, size_t len, const struct enc_info *in, char *out, size_t size);

#endif

/* text-internal.h: helpers shared by the files of src/text only. */
#ifndef SOCDS_TEXT_INTERNAL_H
#define SOCDS_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <utf8proc.h>

#include "socds/text.h"

/* Return codes of the text_* functions that fill a tbuf. */
#define TEXT_EINVAL	(-1)
#define TEXT_ENOMEM	(-2)

/* Makes room for n bytes in b; 0, or -1 (b untouched) when out of memory. */
int	tbuf_reserve(struct tbuf *b, size_t n);
/* Leaves b holding "" (so p is usable after any failure); 0 or -1. */
int	tbuf_clear(struct tbuf *b);

/* Decodes the code point at s[*pos] and moves *pos past it. On ill-formed
 * input returns -1 and leaves *pos alone, so *pos is the bad byte. */
int32_t	text_utf8_decode(const char *s, size_t len, size_t *pos);
/* Writes cp as UTF-8 into dst (room for 4 bytes); returns the byte count. */
size_t	text_utf8_encode(int32_t cp, char *dst);

/* The ASCII symbols that are part of a word ($ + < = > ^ ` | ~); the other
 * ASCII non-alphanumerics separate words (norm.c). */
bool	text_ascii_symbol(int32_t c);
/* Whether a code point of category cat separates words: white space,
 * controls and punctuation (norm.c). */
bool	text_separates(utf8proc_category_t cat);
/* Unicode white space: Zs, Zl, Zp, \t..\r and NEL. */
bool	text_is_space(int32_t cp);
/* utf8proc_decompose_char, with the Latin letters' results remembered. */
ptrdiff_t text_decompose(int32_t cp, int32_t *dst, ptrdiff_t max, int opts, int *bc);
/* Puts each run of combining marks in cp[0..n) into canonical order. */
void	text_canon_order(int32_t *cp, size_t n);

#endif

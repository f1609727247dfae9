/* text: the Vietnamese text core. UTF-8 validation, NFC, search folding,
 * display width, grapheme steps and Vietnamese sort keys. No curses, no SQLite. */
#ifndef SOCDS_TEXT_H
#define SOCDS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* A growable byte buffer reused across calls so hot loops do not allocate. */
struct tbuf {
	char *p;	/* NUL-terminated when len > 0 or after any text_* call */
	size_t len;
	size_t cap;
};
void tbuf_free(struct tbuf *b);
/* Appends len bytes of s (keeping a NUL after them); -1 out of memory. */
int tbuf_append(struct tbuf *b, const char *s, size_t len);

/* true when s[0..len) is well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF).
 * On false, *bad_offset (if non-NULL) gets the byte offset of the first bad byte. */
bool text_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* The following return 0 on success, -1 on invalid UTF-8, -2 on out of memory.
 * Output replaces out's contents and is NUL-terminated. */

/* Canonical composition (NFC). NFD input and combining tone marks become
 * precomposed letters. */
int text_nfc(const char *s, struct tbuf *out);

/* NFC with the look-alikes of Vietnamese letters replaced by their twins
 * (as text_clean does), nothing trimmed or dropped: for writing the legacy
 * encodings, which have only the Vietnamese letters. */
int text_nfc_twins(const char *s, struct tbuf *out);

/* NFC text for storage: NFC, look-alikes of Vietnamese letters replaced by
 * their twins, control characters other than \n and \t removed,
 * leading/trailing white space trimmed, runs of spaces kept as typed. */
int text_clean(const char *s, struct tbuf *out);
/* text_clean that also tells how many look-alikes of Vietnamese letters it
 * replaced by their twins (Ð U+00D0 -> Đ, ǎ -> ă, a spacing ˋ after a vowel
 * -> the combining grave...: norm.c lists them). */
int text_clean_count(const char *s, struct tbuf *out, size_t *twins);
/* How many look-alikes text_clean would replace in s (0 for invalid UTF-8). */
size_t text_lookalikes(const char *s);
/* Whether text_clean would give s[0..len) back unchanged (a quick check that
 * may say no to some clean text: then clean it). */
bool text_is_clean(const char *s, size_t len);

/* Search key: lower case, diacritics removed, đ/Đ (and look-alikes Ð ð Ɖ ɖ) -> d, any run of white space
 * or punctuation -> one space, trimmed. "Nguyễn Văn Đồng" -> "nguyen van dong". */
int text_fold(const char *s, struct tbuf *out);

/* Terminal columns needed to show s (wide CJK = 2, combining = 0);
 * -1 on invalid UTF-8. */
int text_width(const char *s);

/* Byte offset of the next / previous grapheme cluster boundary from pos
 * (a letter with its combining marks is one step). len = strlen(s). */
size_t text_grapheme_next(const char *s, size_t len, size_t pos);
size_t text_grapheme_prev(const char *s, size_t len, size_t pos);

/* Binary sort key: memcmp order of two keys is Vietnamese alphabetical order
 * (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, foreign letters f j w z
 * in Latin place; digits before letters), case- and tone-insensitive at the first
 * level, then tones per syllable (ngang, huyền, hỏi, ngã, sắc, nặng) so "Hoà" and
 * "Hòa" sort equal at that level, then case. Key bytes may contain 0x00. */
int text_sortkey(const char *s, struct tbuf *out);

/* Sort key for a person's full name as official lists sort: the given name
 * (last word) first, then the rest of the name. */
int text_name_sortkey(const char *full_name, struct tbuf *out);

/* Vietnamese comparison of two UTF-8 strings (as text_sortkey orders them);
 * <0, 0, >0. Invalid UTF-8 compares by bytes after valid text. */
int text_compare(const char *a, size_t alen, const char *b, size_t blen);
/* Same, in official name order (text_name_sortkey). */
int text_name_compare(const char *a, size_t alen, const char *b, size_t blen);

/* Upper case (đ -> Đ, ư -> Ư), for official headings. */
int text_upper(const char *s, struct tbuf *out);

/* Pointer to the given name (last word) inside full_name, after trailing space. */
const char *text_given_name(const char *full_name, size_t *given_len);

#endif

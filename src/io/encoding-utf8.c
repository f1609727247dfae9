/* encoding-utf8: UTF-8 checked a byte at a time and decoded, by its bytes
 * alone (no iconv). */
#include <stdint.h>
#include <string.h>

#include "encoding-int.h"

/* Feeds one byte at offset off; false when it makes the text ill-formed
 * (the sequence under way is then in c->lead / c->start). */
bool
utf8_check_byte(struct utf8_check *c, unsigned char b, unsigned long long off, long line)
{
	if (c->need > 0) {
		if (b < c->lo || b > c->hi)
			return false;
		c->need--;
		c->lo = 0x80;
		c->hi = 0xbf;
		return true;
	}
	c->lead = b;
	c->start = off;
	c->line = line;
	c->lo = 0x80;
	c->hi = 0xbf;
	if (b < 0x80)
		return b != 0;	/* NUL: not text */
	if (b >= 0xc2 && b <= 0xdf)
		c->need = 1;
	else if (b >= 0xe0 && b <= 0xef) {
		c->need = 2;
		if (b == 0xe0)
			c->lo = 0xa0;	/* no overlongs */
		else if (b == 0xed)
			c->hi = 0x9f;	/* no surrogates */
	} else if (b >= 0xf0 && b <= 0xf4) {
		c->need = 3;
		if (b == 0xf0)
			c->lo = 0x90;
		else if (b == 0xf4)
			c->hi = 0x8f;	/* nothing above U+10FFFF */
	} else
		return false;
	return true;
}

/* The code point of the UTF-8 character at s (valid UTF-8) and its length. */
uint32_t
enc_code_point(const unsigned char *s, int *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*len = 2;
		return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if (s[0] < 0xf0) {
		*len = 3;
		return (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	*len = 4;
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
	    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
}

/*
 * Whether s is valid UTF-8 that is NFC as it stands, by its bytes alone:
 * nothing but ASCII, U+0080..U+02FF (Latin-1, Latin Extended-A and -B, IPA,
 * spacing modifiers) and U+1E00..U+1EFF (Latin Extended Additional, where
 * the Vietnamese letters with tone marks are). Each of these is NFC on its
 * own, has combining class 0 and is never the second part of a composition,
 * so a string of them alone is NFC: what the store holds, since every text
 * is NFC when saved, almost always passes, and text_nfc is left for the rest.
 * *len gets strlen(s) when it does.
 */
bool
enc_plain_nfc(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	for (;;) {
		unsigned char c = u[i];
		if (c == '\0')
			break;
		if (c < 0x80)
			i++;
		else if (c >= 0xc2 && c <= 0xcb && (u[i + 1] & 0xc0) == 0x80)
			i += 2;
		else if (c == 0xe1 && u[i + 1] >= 0xb8 && u[i + 1] <= 0xbb &&
		    (u[i + 2] & 0xc0) == 0x80)
			i += 3;
		else
			return false;
	}
	*len = i;
	return true;
}

/* Whether s is printable ASCII only, which every encoding here writes as it
 * is (VISCII and TCVN 5712 give some control bytes to letters). */
bool
enc_printable_ascii(const char *s, size_t *len)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	*len = i;
	return true;
}

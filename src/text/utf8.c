/* utf8: strict UTF-8 decoding. Our own decoder so every text function agrees
 * on what is ill-formed (overlongs, surrogates, > U+10FFFF, truncation). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/text.h"
#include "text-internal.h"

int32_t
text_utf8_decode(const char *str, size_t len, size_t *pos)
{
	const unsigned char	*s = (const unsigned char *)str + *pos;
	size_t			 left, n, i;
	unsigned char		 lo = 0x80, hi = 0xbf;
	int32_t			 cp;

	if (*pos >= len)
		return (-1);
	left = len - *pos;
	if (s[0] < 0x80) {
		(*pos)++;
		return (s[0]);
	}

	/* The second byte's range rules out overlongs, surrogates and > U+10FFFF. */
	if (s[0] < 0xc2)
		return (-1);
	if (s[0] < 0xe0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		n = 3;
		cp = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] < 0xf5) {
		n = 4;
		cp = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return (-1);

	if (left < n || s[1] < lo || s[1] > hi)
		return (-1);
	cp = (cp << 6) | (s[1] & 0x3f);
	for (i = 2; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (-1);
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*pos += n;
	return (cp);
}

size_t
text_utf8_encode(int32_t cp, char *dst)
{
	unsigned char	*d = (unsigned char *)dst;

	if (cp < 0x80) {
		d[0] = (unsigned char)cp;
		return (1);
	}
	if (cp < 0x800) {
		d[0] = (unsigned char)(0xc0 | (cp >> 6));
		d[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return (2);
	}
	if (cp < 0x10000) {
		d[0] = (unsigned char)(0xe0 | (cp >> 12));
		d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return (3);
	}
	d[0] = (unsigned char)(0xf0 | (cp >> 18));
	d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return (4);
}

bool
text_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	size_t	pos = 0;

	while (pos < len) {
		if ((unsigned char)s[pos] < 0x80) {
			pos++;
			continue;
		}
		if (text_utf8_decode(s, len, &pos) < 0) {
			if (bad_offset != NULL)
				*bad_offset = pos;
			return (false);
		}
	}
	return (true);
}

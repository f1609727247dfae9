/* width: terminal columns and grapheme steps, so the UI never splits a letter
 * from its tone mark. */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "socds/text.h"
#include "text-internal.h"

int
text_width(const char *s)
{
	size_t		len = strlen(s), pos = 0;
	unsigned char	c;
	int32_t		cp;
	long long	w = 0;

	while (pos < len) {
		c = (unsigned char)s[pos];
		if (c >= 0x20 && c < 0x7f) {
			w++;
			pos++;
			continue;
		}
		cp = text_utf8_decode(s, len, &pos);
		if (cp < 0)
			return (-1);
		w += utf8proc_charwidth(cp);
	}
	return (w > INT_MAX ? INT_MAX : (int)w);
}

size_t
text_grapheme_next(const char *s, size_t len, size_t pos)
{
	int32_t	c1, c2, state = 0;
	size_t	at;

	if (pos >= len)
		return (len);
	c1 = text_utf8_decode(s, len, &pos);
	if (c1 < 0)
		return (pos + 1);	/* a bad byte is a step of its own */
	while (pos < len) {
		/* Two ASCII characters other than CR LF always break. */
		if (c1 < 0x80 && c1 != '\r' && (unsigned char)s[pos] < 0x80)
			return (pos);
		at = pos;
		c2 = text_utf8_decode(s, len, &pos);
		if (c2 < 0 || utf8proc_grapheme_break_stateful(c1, c2, &state))
			return (at);
		c1 = c2;
	}
	return (len);
}

size_t
text_grapheme_prev(const char *s, size_t len, size_t pos)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 at, next;

	if (pos > len)
		pos = len;
	if (pos == 0)
		return (0);

	/*
	 * Breaks depend on state carried from earlier characters (emoji, flags),
	 * so walk forward from a point that is surely a break: between two
	 * ASCII characters that are not CR LF, or the start.
	 */
	at = pos - 1;
	while (at > 0 && !(u[at - 1] < 0x80 && u[at] < 0x80 &&
	    !(u[at - 1] == '\r' && u[at] == '\n')))
		at--;
	while ((next = text_grapheme_next(s, len, at)) < pos)
		at = next;
	return (at);
}

/* case: upper case for official headings ("XÃ PHÙ CÁT"). */
#include <string.h>
#include <utf8proc.h>

#include "socds/text.h"
#include "text-internal.h"

int
text_upper(const char *s, struct tbuf *out)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t len = strlen(s), pos = 0;

	tbuf_clear(out);
	while (pos < len) {
		utf8proc_int32_t c;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(len - pos), &c);
		if (n <= 0)
			return -1;
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(c), enc);
		if (tbuf_reserve(out, out->len + (size_t)m + 1) != 0)
			return -2;
		memcpy(out->p + out->len, enc, (size_t)m);
		out->len += (size_t)m;
		out->p[out->len] = '\0';
		pos += (size_t)n;
	}
	if (out->len == 0 && tbuf_reserve(out, 1) == 0)
		out->p[0] = '\0';
	return 0;
}

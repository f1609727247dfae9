/* tbuf: the growable byte buffer the text functions write into. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "socds/text.h"
#include "text-internal.h"

/* Small first size: most strings here are names and addresses. */
#define TBUF_MIN	64

void
tbuf_free(struct tbuf *b)
{
	if (b == NULL)
		return;
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

int
tbuf_reserve(struct tbuf *b, size_t n)
{
	size_t	 cap;
	char	*p;

	if (b->p != NULL && n <= b->cap)
		return (0);

	/* Doubling keeps hot loops from calling realloc once per string. */
	cap = b->cap < TBUF_MIN ? TBUF_MIN : b->cap;
	while (cap < n) {
		if (cap > SIZE_MAX / 2) {
			cap = n;
			break;
		}
		cap *= 2;
	}
	p = realloc(b->p, cap);
	if (p == NULL)
		return (-1);
	b->p = p;
	b->cap = cap;
	return (0);
}

int
tbuf_clear(struct tbuf *b)
{
	if (tbuf_reserve(b, 1) != 0)
		return (-1);
	b->p[0] = '\0';
	b->len = 0;
	return (0);
}

int
tbuf_append(struct tbuf *b, const char *s, size_t len)
{
	if (tbuf_reserve(b, b->len + len + 1) != 0)
		return -1;
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

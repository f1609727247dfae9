/* fit: text on a terminal one grapheme cluster per cell. A cluster is shown
 * whole when terminals agree on its width (a letter and its zero-width tone
 * marks), else as one placeholder of a fixed width; a text cut short keeps
 * whole clusters only; lines wrap at spaces. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <utf8proc.h>

#include "socds/text.h"
#include "socds/text-fit.h"
#include "text-internal.h"

#define FIT_VS16	0xfe0f	/* VARIATION SELECTOR-16: emoji presentation */

static bool
fit_is_mark(int32_t cp)
{
	utf8proc_category_t cat = utf8proc_category(cp);

	return (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME ||
	    cat == UTF8PROC_CATEGORY_MC);
}

bool
text_cell_next(const char *s, size_t len, size_t *pos, struct text_cell *c)
{
	size_t		at = *pos, end, p;
	unsigned char	u;
	int32_t		cp;
	int		w, sum = 0, spacing = 0;
	bool		vs16 = false;

	if (at >= len)
		return (false);
	u = (unsigned char)s[at];
	c->off = at;
	c->width = 1;
	if (u >= 0x20 && u < 0x7f && (at + 1 == len || (unsigned char)s[at + 1] < 0x80)) {
		/* The common case: a printable ASCII character on its own. */
		c->len = 1;
		c->kind = TEXT_CELL_TEXT;
		*pos = at + 1;
		return (true);
	}
	end = text_grapheme_next(s, len, at);
	c->len = end - at;
	*pos = end;
	p = at;
	cp = text_utf8_decode(s, end, &p);
	if (cp < 0) {
		c->kind = TEXT_CELL_PLACEHOLDER;
		return (true);
	}
	if (cp == '\t' || cp == '\n' || cp == '\r') {
		c->kind = TEXT_CELL_BLANK;
		return (true);
	}
	w = utf8proc_charwidth(cp);
	if (w == 0 && fit_is_mark(cp))
		c->kind = TEXT_CELL_MARK;
	else if (w == 0 || utf8proc_category(cp) == UTF8PROC_CATEGORY_CC ||
	    utf8proc_category(cp) == UTF8PROC_CATEGORY_CF) {
		/* Controls, bidi overrides, soft hyphens, joiners on their own. */
		c->kind = TEXT_CELL_PLACEHOLDER;
		return (true);
	} else {
		c->kind = TEXT_CELL_TEXT;
		c->width = w > 2 ? 2 : w;
	}
	sum = w;
	spacing = w > 0;
	while (p < end) {
		cp = text_utf8_decode(s, end, &p);
		if (cp < 0)
			break;	/* cannot happen: clusters end at a bad byte */
		if (cp == FIT_VS16)
			vs16 = true;
		w = utf8proc_charwidth(cp);
		sum += w;
		if (w > 0)
			spacing++;
	}
	if (spacing > 1 || (vs16 && sum < 2)) {
		/* Flags (two regional indicators), ZWJ sequences, skin tones,
		 * spacing vowel signs, a narrow symbol asked to be an emoji: each
		 * terminal gives these its own width. */
		c->kind = TEXT_CELL_PLACEHOLDER;
		c->width = sum >= 2 || vs16 ? 2 : 1;
	}
	return (true);
}

int
text_cells_width(const char *s, size_t len)
{
	struct text_cell	c;
	size_t			pos = 0;
	long long		w = 0;

	while (text_cell_next(s, len, &pos, &c))
		if ((w += c.width) > INT32_MAX)
			return (INT32_MAX);
	return ((int)w);
}

size_t
text_fit(const char *s, size_t len, int cols, int mark, int *width, bool *cut)
{
	struct text_cell	c;
	size_t			pos = 0, keep = 0;
	int			used = 0, kept = 0, room;

	if (cols < 0)
		cols = 0;
	room = cols - (mark > 0 ? mark : 0);
	while (text_cell_next(s, len, &pos, &c)) {
		if (used + c.width > cols) {
			/* Cut: what fitted before the mark's room. */
			*width = kept;
			*cut = true;
			return (keep);
		}
		used += c.width;
		if (used <= room) {
			keep = pos;
			kept = used;
		}
	}
	*width = used;
	*cut = false;
	return (len);
}

size_t
text_wrap(const char *s, size_t len, int cols, size_t *next)
{
	struct text_cell	c;
	size_t			pos = 0, at, content = 0, brk_end = 0, brk_next = 0;
	int			used = 0;
	bool			have_brk = false;

	if (cols < 1)
		cols = 1;
	for (;;) {
		if (pos >= len) {
			*next = len;
			return (content);	/* trailing spaces left out */
		}
		at = pos;
		if (s[at] == '\n') {
			*next = at + 1;
			return (content);
		}
		(void)text_cell_next(s, len, &pos, &c);
		if (used + c.width > cols) {
			if (s[at] == ' ') {
				/* The line ends at these spaces. */
				while (at < len && s[at] == ' ')
					at++;
				*next = at;
				return (content);
			}
			if (have_brk) {
				*next = brk_next;
				return (brk_end);
			}
			/* One word longer than the line: cut between clusters,
			 * taking at least one. */
			*next = at > 0 ? at : pos;
			return (*next);
		}
		used += c.width;
		if (s[at] == ' ') {
			if (content > 0) {
				have_brk = true;
				brk_end = content;
			}
			brk_next = pos;
		} else
			content = pos;
	}
}

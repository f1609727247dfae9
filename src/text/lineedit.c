/* lineedit: the editing logic of a one-line field. The cursor steps over
 * grapheme clusters, so a letter and its tone marks move and vanish together;
 * every change re-normalizes the clusters around it to NFC, so a tone mark
 * typed after its letter (Unikey, IBus combining input) joins the letter.
 * No curses here: the ui code draws buf from scroll and puts the terminal
 * cursor at the column lineedit_view returns. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "socds/lineedit.h"
#include "socds/text.h"

/* A first size that holds most names and addresses without a realloc. */
#define LINEEDIT_MIN_CAP	64

/* Makes room for n bytes of text and the NUL; 0, or -1 (le untouched). */
static int
lineedit_reserve(struct lineedit *le, size_t n)
{
	size_t	 cap;
	char	*p;

	if (n == SIZE_MAX)
		return (-1);
	if (le->buf != NULL && n < le->cap)
		return (0);
	/* Doubling: pasting or typing a long line costs amortized O(1) a byte. */
	cap = le->cap < LINEEDIT_MIN_CAP ? LINEEDIT_MIN_CAP : le->cap;
	while (cap <= n) {
		if (cap > SIZE_MAX / 2) {
			cap = n + 1;
			break;
		}
		cap *= 2;
	}
	p = realloc(le->buf, cap);
	if (p == NULL)
		return (-1);
	le->buf = p;
	le->cap = cap;
	return (0);
}

/* Characters a one-line field never holds: C0 (tab, newline), DEL, C1, and
 * the Unicode line and paragraph separators. */
static bool
lineedit_is_control(int32_t cp)
{
	return (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 ||
	    cp == 0x2029);
}

/* Number of grapheme clusters in s[0..len). */
static size_t
lineedit_count(const char *s, size_t len)
{
	size_t	pos = 0, n = 0;

	while (pos < len) {
		pos = text_grapheme_next(s, len, pos);
		n++;
	}
	return (n);
}

/* The first grapheme boundary at or after pos. */
static size_t
lineedit_snap(const struct lineedit *le, size_t pos)
{
	if (pos == 0)
		return (0);
	if (pos >= le->len)
		return (le->len);
	return (text_grapheme_next(le->buf, le->len,
	    text_grapheme_prev(le->buf, le->len, pos)));
}

/* Terminal columns of buf[from..to), measured by text_width itself so the
 * field and the rest of the program agree. */
static int
lineedit_width(struct lineedit *le, size_t from, size_t to)
{
	char	save;
	int	w;

	save = le->buf[to];
	le->buf[to] = '\0';
	w = text_width(le->buf + from);
	le->buf[to] = save;
	return (w < 0 ? 0 : w);
}

/* Is the cluster at pos white space (a word separator)? */
static bool
lineedit_space_at(const struct lineedit *le, size_t pos)
{
	utf8proc_int32_t	cp;

	if ((unsigned char)le->buf[pos] < 0x80)
		return (le->buf[pos] == ' ');
	if (utf8proc_iterate((const utf8proc_uint8_t *)le->buf + pos,
	    (utf8proc_ssize_t)(le->len - pos), &cp) < 0)
		return (false);
	return (utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS);
}

/* Clusters from the start of s[0..len) up to the first boundary at or after
 * off; NFC changes byte lengths but not cluster boundaries, so this count
 * carries an offset from the text before normalization to the text after. */
static size_t
lineedit_clusters_to(const char *s, size_t len, size_t off)
{
	size_t	pos = 0, k = 0;

	while (pos < off && pos < len) {
		pos = text_grapheme_next(s, len, pos);
		k++;
	}
	return (k);
}

/* Offset of the end of the first k clusters of s[0..len). */
static size_t
lineedit_clusters_at(const char *s, size_t len, size_t k)
{
	size_t	pos = 0;

	while (k-- > 0 && pos < len)
		pos = text_grapheme_next(s, len, pos);
	return (pos);
}

/*
 * Replaces buf[from..to) with ins[0..inslen) (valid UTF-8, no controls).
 * The clusters touching the change are re-normalized together with it, so
 * a mark joins the letter before it and a deletion that brings two pieces
 * together leaves NFC. The cursor lands right after the cluster holding the
 * end of the insertion (at from for a deletion). Returns 0, 1 when max_chars
 * forbids it or the text will not normalize, -1 out of memory; on non-zero
 * nothing has changed.
 */
static int
lineedit_splice(struct lineedit *le, size_t from, size_t to, const char *ins,
    size_t inslen)
{
	struct tbuf	 nb = { NULL, 0, 0 };
	char		*t;
	size_t		 a, b, tlen, kcur, kscroll = 0, old, now, newlen, s;
	int		 rc, error = 0;

	/* The whole clusters on both sides of the change. */
	a = from > 0 ? text_grapheme_prev(le->buf, le->len, from) : 0;
	b = to < le->len ? text_grapheme_next(le->buf, le->len, to) : le->len;

	tlen = (from - a) + inslen + (b - to);
	if ((t = malloc(tlen + 1)) == NULL)
		return (-1);
	memcpy(t, le->buf + a, from - a);
	memcpy(t + (from - a), ins, inslen);
	memcpy(t + (from - a) + inslen, le->buf + to, b - to);
	t[tlen] = '\0';

	/* Where the cursor and scroll fall in t, counted in clusters. */
	kcur = lineedit_clusters_to(t, tlen, (from - a) + inslen);
	s = le->scroll;
	if (s > a && s <= b) {
		if (s <= from)
			s -= a;
		else if (s < to)
			s = from - a;
		else
			s = s - to + (from - a) + inslen;
		kscroll = lineedit_clusters_to(t, tlen, s);
	}

	rc = text_nfc(t, &nb);
	free(t);
	if (rc != 0) {
		error = rc == -2 ? -1 : 1;
		goto out;
	}

	/* A mark that merges into the letter before it adds no grapheme. */
	if (le->max_chars != 0) {
		old = lineedit_count(le->buf, le->len);
		now = old - lineedit_count(le->buf + a, b - a) +
		    lineedit_count(nb.p, nb.len);
		if (now > le->max_chars && now > old) {
			error = 1;
			goto out;
		}
	}

	newlen = le->len - (b - a) + nb.len;
	if (lineedit_reserve(le, newlen) != 0) {
		error = -1;
		goto out;
	}
	if (nb.len != b - a || memcmp(le->buf + a, nb.p, nb.len) != 0)
		le->changed = true;
	memmove(le->buf + a + nb.len, le->buf + b, le->len - b + 1);
	memcpy(le->buf + a, nb.p, nb.len);
	le->len = newlen;

	le->cur = lineedit_snap(le, a + lineedit_clusters_at(nb.p, nb.len,
	    kcur));
	/* Text before a is untouched; text after b only moved. */
	if (le->scroll > b)
		le->scroll = le->scroll - b + a + nb.len;
	else if (le->scroll > a)
		le->scroll = a + lineedit_clusters_at(nb.p, nb.len, kscroll);
	le->scroll = lineedit_snap(le, le->scroll);
out:
	tbuf_free(&nb);
	return (error);
}

int
lineedit_init(struct lineedit *le, const char *text)
{
	int	rc;

	memset(le, 0, sizeof *le);
	if (lineedit_reserve(le, 0) != 0)
		return (-1);
	le->buf[0] = '\0';
	rc = lineedit_set(le, text);
	le->changed = false;
	return (rc);
}

void
lineedit_free(struct lineedit *le)
{
	if (le == NULL)
		return;
	free(le->buf);
	memset(le, 0, sizeof *le);
}

/*
 * Replaces the whole text, NFC, with control characters (a newline or tab
 * from stored data) shown as spaces; max_chars is not applied to text set by
 * the program. Returns 0, 1 on invalid UTF-8 (nothing changed), -1 out of
 * memory. Sets changed only when the text differs.
 */
int
lineedit_set(struct lineedit *le, const char *text)
{
	struct tbuf		 nb = { NULL, 0, 0 };
	char			*t;
	size_t			 len, pos, n;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 got;
	int			 rc, error = 0;

	if (text == NULL)
		text = "";
	len = strlen(text);
	if (!text_utf8_valid(text, len, NULL))
		return (1);
	if ((t = malloc(len + 1)) == NULL)
		return (-1);
	/* A control character becomes one space (never longer than it was). */
	for (pos = 0, n = 0; pos < len; pos += (size_t)got) {
		got = utf8proc_iterate((const utf8proc_uint8_t *)text + pos,
		    (utf8proc_ssize_t)(len - pos), &cp);
		if (got <= 0)
			break;
		if (lineedit_is_control(cp))
			t[n++] = ' ';
		else {
			memcpy(t + n, text + pos, (size_t)got);
			n += (size_t)got;
		}
	}
	t[n] = '\0';
	rc = text_nfc(t, &nb);
	free(t);
	if (rc != 0) {
		error = rc == -2 ? -1 : 1;
		goto out;
	}
	n = nb.len;
	if (lineedit_reserve(le, n) != 0) {
		error = -1;
		goto out;
	}
	if (n != le->len || memcmp(le->buf, nb.p, n) != 0)
		le->changed = true;
	memcpy(le->buf, nb.p, n + 1);
	le->len = n;
	le->cur = n;
	le->scroll = 0;
out:
	tbuf_free(&nb);
	return (error);
}

int
lineedit_insert(struct lineedit *le, int32_t cp)
{
	intmax_t	v = (intmax_t)cp;
	char		u[4];
	size_t		n;

	if (v < 0 || v > 0x10ffff || !utf8proc_codepoint_valid((int32_t)v))
		return (1);
	if (lineedit_is_control((int32_t)v))
		return (1);
	n = (size_t)utf8proc_encode_char((int32_t)v, (utf8proc_uint8_t *)u);
	return (lineedit_splice(le, le->cur, le->cur, u, n));
}

int
lineedit_insert_utf8(struct lineedit *le, const char *s)
{
	size_t			 len, pos;
	utf8proc_int32_t	 cp;
	utf8proc_ssize_t	 got;

	if (s == NULL)
		return (1);
	len = strlen(s);
	if (len == 0)
		return (0);
	if (!text_utf8_valid(s, len, NULL))
		return (1);
	/* Single line: a pasted newline or tab refuses the whole paste. */
	for (pos = 0; pos < len; pos += (size_t)got) {
		got = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
		    (utf8proc_ssize_t)(len - pos), &cp);
		if (got <= 0 || lineedit_is_control(cp))
			return (1);
	}
	return (lineedit_splice(le, le->cur, le->cur, s, len));
}

void
lineedit_left(struct lineedit *le)
{
	le->cur = text_grapheme_prev(le->buf, le->len, le->cur);
}

void
lineedit_right(struct lineedit *le)
{
	le->cur = text_grapheme_next(le->buf, le->len, le->cur);
}

void
lineedit_home(struct lineedit *le)
{
	le->cur = 0;
}

void
lineedit_end(struct lineedit *le)
{
	le->cur = le->len;
}

/* To the start of this or the previous word. */
void
lineedit_word_left(struct lineedit *le)
{
	size_t	p;

	while (le->cur > 0) {
		p = text_grapheme_prev(le->buf, le->len, le->cur);
		if (!lineedit_space_at(le, p))
			break;
		le->cur = p;
	}
	while (le->cur > 0) {
		p = text_grapheme_prev(le->buf, le->len, le->cur);
		if (lineedit_space_at(le, p))
			break;
		le->cur = p;
	}
}

/* To the end of this or the next word, as readline's M-f. */
void
lineedit_word_right(struct lineedit *le)
{
	while (le->cur < le->len && lineedit_space_at(le, le->cur))
		le->cur = text_grapheme_next(le->buf, le->len, le->cur);
	while (le->cur < le->len && !lineedit_space_at(le, le->cur))
		le->cur = text_grapheme_next(le->buf, le->len, le->cur);
}

void
lineedit_backspace(struct lineedit *le)
{
	if (le->cur == 0)
		return;
	(void)lineedit_splice(le, text_grapheme_prev(le->buf, le->len, le->cur),
	    le->cur, "", 0);
}

void
lineedit_delete(struct lineedit *le)
{
	if (le->cur >= le->len)
		return;
	(void)lineedit_splice(le, le->cur,
	    text_grapheme_next(le->buf, le->len, le->cur), "", 0);
}

void
lineedit_kill_to_start(struct lineedit *le)
{
	if (le->cur == 0)
		return;
	(void)lineedit_splice(le, 0, le->cur, "", 0);
}

void
lineedit_kill_to_end(struct lineedit *le)
{
	if (le->cur >= le->len)
		return;
	(void)lineedit_splice(le, le->cur, le->len, "", 0);
}

/*
 * Scrolls by whole clusters: just enough to bring the cursor into columns
 * [0, width - 1], then back while the text from scroll to its end still fits
 * in those columns, so a field whose text shrank shows as much as it can.
 * The last column stays for the cursor at the end of the text, so moving
 * the cursor off the end does not shift the text.
 */
int
lineedit_view(struct lineedit *le, int width)
{
	size_t		next, prev;
	long long	last, col, tail, w;

	if (width < 1)
		width = 1;
	last = width - 1;
	le->cur = lineedit_snap(le, le->cur);
	if (le->scroll > le->cur)
		le->scroll = le->cur;
	le->scroll = lineedit_snap(le, le->scroll);

	col = lineedit_width(le, le->scroll, le->cur);
	while (col > last && le->scroll < le->cur) {
		next = text_grapheme_next(le->buf, le->len, le->scroll);
		col -= lineedit_width(le, le->scroll, next);
		le->scroll = next;
	}
	if (col > last)		/* cannot happen: col is 0 at the cursor */
		col = last;

	tail = lineedit_width(le, le->scroll, le->len);
	while (le->scroll > 0) {
		prev = text_grapheme_prev(le->buf, le->len, le->scroll);
		w = lineedit_width(le, prev, le->scroll);
		if (col + w > last || tail + w > last)
			break;
		le->scroll = prev;
		col += w;
		tail += w;
	}
	return ((int)col);
}

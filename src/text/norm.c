/* norm: NFC for storage and the folded key used for search. utf8proc does the
 * Unicode tables; the loops here work in the caller's tbuf so a hot loop that
 * reuses its tbuf does not allocate. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "socds/text.h"
#include "text-internal.h"

/* Longest decomposition utf8proc produces for one code point is 18 (U+FDFA). */
#define NORM_DECOMP_MAX	32

/* Search folding: compatibility forms and case folded, invisible format
 * characters dropped; marks are dropped by hand so đ can be caught too. */
#define NORM_FOLD_OPTS \
	(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

bool
text_is_space(int32_t cp)
{
	utf8proc_category_t	cat;

	if (cp < 0x80)
		return (cp == ' ' || (cp >= '\t' && cp <= '\r'));
	if (cp == 0x85)
		return (true);
	cat = utf8proc_category(cp);
	return (cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	    cat == UTF8PROC_CATEGORY_ZP);
}

static int
norm_ccc(int32_t cp)
{
	if (cp < 0x300)
		return (0);
	return (utf8proc_get_property(cp)->combining_class);
}

/* utf8proc_decompose_char, remembered for the letters of Vietnamese names
 * (U+00C0..U+024F, U+1E00..U+1EFF): each name is decomposed two or three
 * times for its keys, and these letters are nearly all of them. Up to four
 * sets of options are remembered; any other call goes to utf8proc. */
#define DEC_LATIN	(0x250 - 0xc0)
#define DEC_SLOTS	4
#define DEC_LEN		4

struct dec_entry {
	int8_t	n;		/* 0 not yet asked, -1 asked but not kept */
	int32_t	cp[DEC_LEN];
};

static int dec_opts[DEC_SLOTS];
static int dec_nopts;
static struct dec_entry dec_cache[DEC_SLOTS][DEC_LATIN + 0x100];

ptrdiff_t
text_decompose(int32_t cp, int32_t *dst, ptrdiff_t max, int opts, int *bc)
{
	struct dec_entry	*d;
	utf8proc_ssize_t	 n;
	int			 slot, i;

	if (cp >= 0xc0 && cp < 0x250)
		i = cp - 0xc0;
	else if (cp >= 0x1e00 && cp < 0x1f00)
		i = DEC_LATIN + (cp - 0x1e00);
	else
		return (utf8proc_decompose_char(cp, dst, max, opts, bc));
	if (opts & UTF8PROC_CHARBOUND)	/* the state would matter */
		return (utf8proc_decompose_char(cp, dst, max, opts, bc));
	for (slot = 0; slot < dec_nopts && dec_opts[slot] != opts; slot++)
		;
	if (slot == dec_nopts) {
		if (dec_nopts == DEC_SLOTS)
			return (utf8proc_decompose_char(cp, dst, max, opts, bc));
		dec_opts[dec_nopts++] = opts;
	}
	d = &dec_cache[slot][i];
	if (d->n == 0) {
		n = utf8proc_decompose_char(cp, d->cp, DEC_LEN, opts, bc);
		d->n = n > 0 && n <= DEC_LEN ? (int8_t)n : -1;
	}
	if (d->n < 0 || d->n > max)
		return (utf8proc_decompose_char(cp, dst, max, opts, bc));
	memcpy(dst, d->cp, (size_t)d->n * sizeof *dst);
	return (d->n);
}

void
text_canon_order(int32_t *cp, size_t n)
{
	size_t	i, j;
	int32_t	c;
	int	cc;

	/* Runs of marks are a few code points long: insertion sort, stable, so
	 * marks of equal class keep their order as canonical ordering requires. */
	for (i = 1; i < n; i++) {
		cc = norm_ccc(cp[i]);
		if (cc == 0)
			continue;
		c = cp[i];
		for (j = i; j > 0 && norm_ccc(cp[j - 1]) > cc; j--)
			cp[j] = cp[j - 1];
		cp[j] = c;
	}
}

/* Characters text_clean drops: controls except tab and newline, and the
 * byte-order mark Excel and Notepad leave at the start of a file. */
static bool
norm_is_junk(int32_t cp)
{
	if (cp == '\t' || cp == '\n')
		return (false);
	return (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfeff);
}

/*
 * Look-alikes of Vietnamese letters: characters that look like a letter of
 * the alphabet (or one of its marks) but are another code point, so the name
 * is not found, not matched, sorts in the wrong place and has no byte in the
 * legacy encodings. text_clean puts the Vietnamese twin in their place:
 *   U+00D0 Ð (eth), U+0189 Ɖ (African D)      -> U+0110 Đ
 *   U+00F0 ð, U+0256 ɖ                        -> U+0111 đ
 *   U+030C caron on a/A (ǎ, Ǎ)                -> U+0306 breve (ă, Ă)
 *   U+0311 inverted breve on a/e/o (ȃ ȇ ȏ)    -> U+0302 circumflex (â ê ô)
 *   U+0342 Greek perispomeni on a vowel        -> U+0303 tilde
 *   spacing tone signs right after a vowel:
 *   U+02CB ˋ -> U+0300, U+02CA ˊ and U+00B4 ´ -> U+0301, U+02DC ˜ -> U+0303
 * (U+0340 and U+0341, the old tone marks, are NFC's own business: they
 * become U+0300 and U+0301.) Greek and Cyrillic letters are left alone.
 *
 * norm_lookalike_cp marks the code points below U+0250 that may be one, so
 * the fast path for composed Latin text can send them down the full one.
 */
static bool
norm_lookalike_cp(int32_t cp)
{
	switch (cp) {
	case 0xb4: case 0xd0: case 0xf0: case 0x189:
	case 0x1cd: case 0x1ce:
	case 0x202: case 0x203: case 0x206: case 0x207: case 0x20e: case 0x20f:
		return (true);
	}
	return (false);
}

static bool
norm_is_vowel(int32_t c)
{
	switch (c | 0x20) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
		return (c < 0x80);
	}
	return (false);
}

/* Replaces look-alikes in the decomposed text u[0..n) by their twins (marks
 * are still in input order); returns how many were replaced. */
static size_t
norm_twins(int32_t *u, size_t n)
{
	int32_t	base = 0, to;
	size_t	i, count = 0;
	bool	attached = false;	/* u[i-1] is base or one of its marks */

	for (i = 0; i < n; i++) {
		int32_t cp = u[i];

		to = cp;
		switch (cp) {
		case 0xd0: case 0x189: to = 0x110; break;
		case 0xf0: case 0x256: to = 0x111; break;
		case 0x30c:
			if (attached && (base | 0x20) == 'a')
				to = 0x306;
			break;
		case 0x311:
			if (attached && ((base | 0x20) == 'a' || (base | 0x20) == 'e' ||
			    (base | 0x20) == 'o'))
				to = 0x302;
			break;
		case 0x342:
			if (attached && norm_is_vowel(base))
				to = 0x303;
			break;
		case 0x2cb:
			if (attached && norm_is_vowel(base))
				to = 0x300;
			break;
		case 0x2ca: case 0xb4:
			if (attached && norm_is_vowel(base))
				to = 0x301;
			break;
		case 0x2dc:
			if (attached && norm_is_vowel(base))
				to = 0x303;
			break;
		}
		if (to != cp) {
			u[i] = to;
			count++;
		}
		if (norm_ccc(u[i]) != 0)
			continue;	/* a mark: still attached to the base */
		base = u[i];
		attached = true;
	}
	return (count);
}

static bool
norm_is_ascii(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return (false);
	}
	return (true);
}

/* ASCII is already NFC: copy it, dropping junk when cleaning. */
static int
norm_ascii(struct tbuf *out, const char *s, size_t len, bool clean)
{
	size_t	i, start, end;

	if (tbuf_reserve(out, len + 1) != 0)
		return (TEXT_ENOMEM);
	out->len = 0;
	for (i = 0; i < len; i++) {
		if (clean && norm_is_junk((unsigned char)s[i]))
			continue;
		out->p[out->len++] = s[i];
	}
	if (clean) {
		end = out->len;
		while (end > 0 && text_is_space((unsigned char)out->p[end - 1]))
			end--;
		start = 0;
		while (start < end && text_is_space((unsigned char)out->p[start]))
			start++;
		memmove(out->p, out->p + start, end - start);
		out->len = end - start;
	}
	out->p[out->len] = '\0';
	return (0);
}

/* Decomposes into out as UTF-32, orders marks, then lets utf8proc compose
 * and re-encode in place. */
static int
norm_compose(struct tbuf *out, const char *s, size_t len, bool clean, bool twin,
    size_t *twins)
{
	size_t			 pos = 0, n = 0, room, start, end;
	int32_t			 cp, *u;
	utf8proc_ssize_t	 got;
	int			 bc = 0;

	/* One code point per input byte covers most text; grow if not. */
	if (tbuf_reserve(out, (len + 1) * sizeof *u) != 0)
		return (TEXT_ENOMEM);
	while (pos < len) {
		cp = text_utf8_decode(s, len, &pos);
		if (cp < 0)
			return (TEXT_EINVAL);
		if (clean && norm_is_junk(cp))
			continue;
		for (;;) {
			/* Keep one spare slot: utf8proc_reencode writes a NUL. */
			room = out->cap / sizeof *u - n - 1;
			u = (int32_t *)(void *)out->p;
			got = text_decompose(cp, u + n,
			    (utf8proc_ssize_t)room, UTF8PROC_DECOMPOSE, &bc);
			if (got < 0)
				return (TEXT_EINVAL);
			if ((size_t)got <= room)
				break;
			if (tbuf_reserve(out, (n + (size_t)got + 1) * sizeof *u) != 0)
				return (TEXT_ENOMEM);
		}
		n += (size_t)got;
	}
	u = (int32_t *)(void *)out->p;
	if (twin) {
		size_t got_twins = norm_twins(u, n);
		if (twins != NULL)
			*twins = got_twins;
	}
	text_canon_order(u, n);

	start = 0;
	end = n;
	if (clean) {
		while (end > 0 && text_is_space(u[end - 1]))
			end--;
		while (start < end && text_is_space(u[start]))
			start++;
		memmove(u, u + start, (end - start) * sizeof *u);
	}
	if (end == start) {
		out->p[0] = '\0';
		out->len = 0;
		return (0);
	}
	got = utf8proc_reencode(u, (utf8proc_ssize_t)(end - start),
	    UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (got < 0)
		return (TEXT_EINVAL);
	out->len = (size_t)got;
	out->p[out->len] = '\0';
	return (0);
}

/* Printable ASCII, no control: most values (codes, numbers, dates, ids).
 * One compare a byte, then a copy. */
static bool
norm_is_plain(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] - 0x20u >= 0x5fu)
			return (false);
	}
	return (true);
}

/* Latin text already composed: ASCII without controls, and the letters and
 * signs of Latin-1 (from U+00A1), Latin Extended-A and -B and Latin Extended
 * Additional, where all of Vietnamese is. None of these is a mark, none
 * composes with the one before it and none changes under NFC, so such text
 * is its own NFC (test_text checks every one of them, alone and in pairs,
 * against utf8proc). A mark, another script or a control takes the full
 * path. */
static bool
norm_is_latin_nfc(const char *s, size_t len, bool clean)
{
	size_t	pos = 0;
	int32_t	cp;

	while (pos < len) {
		if ((unsigned char)s[pos] < 0x80) {
			if (norm_is_junk((unsigned char)s[pos]))
				return (false);
			pos++;
			continue;
		}
		cp = text_utf8_decode(s, len, &pos);
		if (!((cp >= 0xa1 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff)))
			return (false);
		if (clean && cp < 0x250 && norm_lookalike_cp(cp))
			return (false);
	}
	return (true);
}

/* Copies text that is its own NFC, trimmed when cleaning (it holds no junk;
 * only ASCII characters among it are spaces). */
static int
norm_copy(struct tbuf *out, const char *s, size_t len, bool clean)
{
	size_t	start = 0, end = len;

	/* Bytes of a longer character (0x85, 0xa0...) are not spaces. */
	if (clean) {
		while (end > 0 && (unsigned char)s[end - 1] < 0x80 &&
		    text_is_space((unsigned char)s[end - 1]))
			end--;
		while (start < end && (unsigned char)s[start] < 0x80 &&
		    text_is_space((unsigned char)s[start]))
			start++;
	}
	if (tbuf_reserve(out, end - start + 1) != 0)
		return (TEXT_ENOMEM);
	memcpy(out->p, s + start, end - start);
	out->len = end - start;
	out->p[out->len] = '\0';
	return (0);
}

static int
norm_run(const char *s, struct tbuf *out, bool clean, bool twin, size_t *twins)
{
	size_t	len = strlen(s);
	int	error;

	if (twins != NULL)
		*twins = 0;
	if (norm_is_plain(s, len))
		error = norm_copy(out, s, len, clean);
	else if (norm_is_ascii(s, len))
		error = norm_ascii(out, s, len, clean);
	else if (norm_is_latin_nfc(s, len, twin))
		error = norm_copy(out, s, len, clean);
	else
		error = norm_compose(out, s, len, clean, twin, twins);
	if (error != 0 && tbuf_clear(out) != 0)
		return (TEXT_ENOMEM);
	return (error);
}

int
text_nfc(const char *s, struct tbuf *out)
{
	return (norm_run(s, out, false, false, NULL));
}

int
text_nfc_twins(const char *s, struct tbuf *out)
{
	return (norm_run(s, out, false, true, NULL));
}

bool
text_is_clean(const char *s, size_t len)
{
	/* What norm_run copies unchanged: composed Latin text without junk,
	 * with no space to trim at either end. */
	if (len > 0 && ((unsigned char)s[0] < 0x80 && text_is_space((unsigned char)s[0])))
		return (false);
	if (len > 0 && ((unsigned char)s[len - 1] < 0x80 &&
	    text_is_space((unsigned char)s[len - 1])))
		return (false);
	return (norm_is_plain(s, len) || norm_is_latin_nfc(s, len, true));
}

int
text_clean(const char *s, struct tbuf *out)
{
	return (norm_run(s, out, true, true, NULL));
}

int
text_clean_count(const char *s, struct tbuf *out, size_t *twins)
{
	return (norm_run(s, out, true, true, twins));
}

size_t
text_lookalikes(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	struct tbuf		 b = { 0 };
	size_t			 n = 0;
	bool			 maybe = false;

	/* The two bytes of every look-alike (norm_twins): most text, Vietnamese
	 * included, has none, and costs one pass. */
	for (; *p != '\0' && !maybe; p++) {
		unsigned char c = p[1];
		switch (*p) {
		case 0xc2: maybe = c == 0xb4; break;			/* ´ */
		case 0xc3: maybe = c == 0x90 || c == 0xb0; break;	/* Ð ð */
		case 0xc6: maybe = c == 0x89; break;			/* Ɖ */
		case 0xc7: maybe = c == 0x8d || c == 0x8e; break;	/* Ǎ ǎ */
		case 0xc8: maybe = (c >= 0x82 && c <= 0x83) || (c >= 0x86 && c <= 0x87) ||
		    (c >= 0x8e && c <= 0x8f); break;			/* ȃ ȇ ȏ */
		case 0xc9: maybe = c == 0x96; break;			/* ɖ */
		case 0xcb: maybe = c == 0x8a || c == 0x8b || c == 0x9c; break; /* ˊ ˋ ˜ */
		case 0xcc: maybe = c == 0x8c || c == 0x91; break;	/* U+030C U+0311 */
		case 0xcd: maybe = c == 0x82; break;			/* U+0342 */
		}
	}
	if (!maybe || text_is_clean(s, strlen(s)))
		return (0);
	if (text_clean_count(s, &b, &n) != 0)
		n = 0;
	tbuf_free(&b);
	return (n);
}

/* ASCII symbols stay in the search key; other ASCII non-alnums separate words. */
bool
text_ascii_symbol(int32_t c)
{
	switch (c) {
	case '$': case '+': case '<': case '=': case '>':
	case '^': case '`': case '|': case '~':
		return (true);
	}
	return (false);
}

bool
text_separates(utf8proc_category_t cat)
{
	switch (cat) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO:
		return (true);
	default:
		return (false);
	}
}

/* Adds one folded code point; *gap says a separator is pending. */
static int
norm_fold_put(struct tbuf *out, int32_t cp, bool *gap)
{
	utf8proc_category_t	cat;

	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		else if (!(cp >= 'a' && cp <= 'z') && !(cp >= '0' && cp <= '9') &&
		    !text_ascii_symbol(cp)) {
			*gap = true;
			return (0);
		}
	} else {
		cat = utf8proc_category(cp);
		if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME)
			return (0);
		if (text_separates(cat)) {
			*gap = true;
			return (0);
		}
		/* đ has no decomposition in Unicode, so fold it by hand, and
		 * its look-alikes with it (eth is case folded to ð already). */
		if (cp == 0x111 || cp == 0x110 || cp == 0xf0 || cp == 0xd0 ||
		    cp == 0x189 || cp == 0x256)
			cp = 'd';
		/* Spacing tone signs (norm_twins): dropped like the marks. */
		if (cp == 0x2ca || cp == 0x2cb)
			return (0);
	}

	/* Room for a space, 4 bytes and the NUL. */
	if (tbuf_reserve(out, out->len + 6) != 0)
		return (TEXT_ENOMEM);
	if (*gap && out->len > 0)
		out->p[out->len++] = ' ';
	*gap = false;
	out->len += text_utf8_encode(cp, out->p + out->len);
	return (0);
}

int
text_fold(const char *s, struct tbuf *out)
{
	size_t			 len = strlen(s), pos = 0, i;
	int32_t			 cp, dec[NORM_DECOMP_MAX];
	utf8proc_ssize_t	 n;
	bool			 gap = false;
	int			 bc = 0, error = 0;

	if (tbuf_reserve(out, len + 1) != 0)
		return (TEXT_ENOMEM);
	out->len = 0;
	while (pos < len) {
		/* ASCII never needs utf8proc. */
		if ((unsigned char)s[pos] < 0x80) {
			error = norm_fold_put(out, (unsigned char)s[pos++], &gap);
			if (error != 0)
				break;
			continue;
		}
		cp = text_utf8_decode(s, len, &pos);
		if (cp < 0) {
			error = TEXT_EINVAL;
			break;
		}
		/* Spacing tone signs decompose to a space and a mark: drop them
		 * whole, so "Hoa´" folds as "Hoá" does. */
		if (cp == 0xb4 || cp == 0x2dc)
			continue;
		n = text_decompose(cp, dec, NORM_DECOMP_MAX,
		    NORM_FOLD_OPTS, &bc);
		if (n < 0 || n > NORM_DECOMP_MAX) {
			dec[0] = cp;
			n = 1;
		}
		for (i = 0; i < (size_t)n && error == 0; i++)
			error = norm_fold_put(out, dec[i], &gap);
		if (error != 0)
			break;
	}
	if (error != 0) {
		if (tbuf_clear(out) != 0)
			return (TEXT_ENOMEM);
		return (error);
	}
	out->p[out->len] = '\0';
	return (0);
}

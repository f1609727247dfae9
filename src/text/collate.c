/*
 * collate: Vietnamese sort keys. A key is four levels, each ended by 0x00:
 *
 *  1. one weight per letter in Vietnamese alphabet order, 0x01 between words;
 *  2. one tone per word (syllable), whichever vowel carries it, so the old
 *     "Hoà" and the new "Hòa" agree here;
 *  3. case of each letter, lower first;
 *  4. the NFD text, only to break ties the same way every time.
 *
 * memcmp of two keys is the order; a shorter key that is a prefix sorts first.
 * Keys are built snprintf-style into a caller's buffer so comparisons can use
 * the stack.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "socds/text.h"
#include "text-internal.h"

#define COLLATE_DECOMP_MAX	32
/* Fits the key of any ordinary name, so comparisons do not allocate. */
#define COLLATE_STACK		512
/* Longer runs of marks than this are not text anyone typed; keep them as is. */
#define COLLATE_MARKS_MAX	16

/* Level 1 weights. 0x00 ends a level, so every weight is above it. */
enum {
	COLLATE_W_WORD = 0x01,	/* "An" < "An Bình" < "Anh" */
	COLLATE_W_DIGIT = 0x10,	/* + 0..9: digits before letters */
	COLLATE_W_A = 0x20,
	COLLATE_W_AW,		/* ă */
	COLLATE_W_AA,		/* â */
	COLLATE_W_B,
	COLLATE_W_C,
	COLLATE_W_D,
	COLLATE_W_DD,		/* đ */
	COLLATE_W_E,
	COLLATE_W_EE,		/* ê */
	COLLATE_W_F,
	COLLATE_W_G,
	COLLATE_W_H,
	COLLATE_W_I,
	COLLATE_W_J,
	COLLATE_W_K,
	COLLATE_W_L,
	COLLATE_W_M,
	COLLATE_W_N,
	COLLATE_W_O,
	COLLATE_W_OO,		/* ô */
	COLLATE_W_OW,		/* ơ */
	COLLATE_W_P,
	COLLATE_W_Q,
	COLLATE_W_R,
	COLLATE_W_S,
	COLLATE_W_T,
	COLLATE_W_U,
	COLLATE_W_UW,		/* ư */
	COLLATE_W_V,
	COLLATE_W_W,
	COLLATE_W_X,
	COLLATE_W_Y,
	COLLATE_W_Z,
	COLLATE_W_OTHER = 0xf0	/* + code point in 3 bytes, so fixed width */
};

static const unsigned char collate_latin[26] = {
	COLLATE_W_A, COLLATE_W_B, COLLATE_W_C, COLLATE_W_D, COLLATE_W_E,
	COLLATE_W_F, COLLATE_W_G, COLLATE_W_H, COLLATE_W_I, COLLATE_W_J,
	COLLATE_W_K, COLLATE_W_L, COLLATE_W_M, COLLATE_W_N, COLLATE_W_O,
	COLLATE_W_P, COLLATE_W_Q, COLLATE_W_R, COLLATE_W_S, COLLATE_W_T,
	COLLATE_W_U, COLLATE_W_V, COLLATE_W_W, COLLATE_W_X, COLLATE_W_Y,
	COLLATE_W_Z
};

/* Level 2: the six tones in dictionary order. */
enum {
	COLLATE_T_NGANG = 1,
	COLLATE_T_HUYEN,	/* U+0300 grave */
	COLLATE_T_HOI,		/* U+0309 hook above */
	COLLATE_T_NGA,		/* U+0303 tilde */
	COLLATE_T_SAC,		/* U+0301 acute */
	COLLATE_T_NANG		/* U+0323 dot below */
};

/* Level 3. */
enum {
	COLLATE_C_LOWER = 1,
	COLLATE_C_UPPER
};

/* Output: len counts every byte wanted, even past cap. */
struct collate_key {
	unsigned char	*p;
	size_t		 len;
	size_t		 cap;
};

/* One pass over the text for one of levels 1 to 3. */
struct collate_scan {
	struct collate_key	*k;
	int			 level;

	bool			 have;	/* a letter waiting for its marks */
	int			 w;
	int32_t			 other;	/* code point when w is COLLATE_W_OTHER */
	bool			 upper;

	bool			 in_word;
	size_t			 words;
	int			 tone;
};

static void
collate_put(struct collate_key *k, unsigned char c)
{
	if (k->len < k->cap)
		k->p[k->len] = c;
	k->len++;
}

static void
collate_flush(struct collate_scan *sc)
{
	if (!sc->have)
		return;
	sc->have = false;
	if (sc->level == 1) {
		collate_put(sc->k, (unsigned char)sc->w);
		if (sc->w == COLLATE_W_OTHER) {
			collate_put(sc->k, (unsigned char)(sc->other >> 16));
			collate_put(sc->k, (unsigned char)(sc->other >> 8));
			collate_put(sc->k, (unsigned char)sc->other);
		}
	} else if (sc->level == 3)
		collate_put(sc->k, sc->upper ? COLLATE_C_UPPER : COLLATE_C_LOWER);
}

static void
collate_end_word(struct collate_scan *sc)
{
	collate_flush(sc);
	if (!sc->in_word)
		return;
	sc->in_word = false;
	if (sc->level == 2)
		collate_put(sc->k, (unsigned char)sc->tone);
}

static void
collate_letter(struct collate_scan *sc, int w, int32_t other, bool upper)
{
	collate_flush(sc);
	if (!sc->in_word) {
		if (sc->words > 0 && sc->level == 1)
			collate_put(sc->k, COLLATE_W_WORD);
		sc->in_word = true;
		sc->words++;
		sc->tone = COLLATE_T_NGANG;
	}
	sc->have = true;
	sc->w = w;
	sc->other = other;
	sc->upper = upper;
}

/* Breve, circumflex and horn make new letters; the five tone marks set the
 * word's tone; other marks (foreign names) only reach level 4. */
static void
collate_mark(struct collate_scan *sc, int32_t cp)
{
	int	tone = 0;

	switch (cp) {
	case 0x0306:
		if (sc->have && sc->w == COLLATE_W_A)
			sc->w = COLLATE_W_AW;
		return;
	case 0x0302:
		if (sc->have && sc->w == COLLATE_W_A)
			sc->w = COLLATE_W_AA;
		else if (sc->have && sc->w == COLLATE_W_E)
			sc->w = COLLATE_W_EE;
		else if (sc->have && sc->w == COLLATE_W_O)
			sc->w = COLLATE_W_OO;
		return;
	case 0x031b:
		if (sc->have && sc->w == COLLATE_W_O)
			sc->w = COLLATE_W_OW;
		else if (sc->have && sc->w == COLLATE_W_U)
			sc->w = COLLATE_W_UW;
		return;
	case 0x0300:
		tone = COLLATE_T_HUYEN;
		break;
	case 0x0309:
		tone = COLLATE_T_HOI;
		break;
	case 0x0303:
		tone = COLLATE_T_NGA;
		break;
	case 0x0301:
		tone = COLLATE_T_SAC;
		break;
	case 0x0323:
		tone = COLLATE_T_NANG;
		break;
	default:
		return;
	}
	/* A syllable has one tone; if someone typed two, the first counts. */
	if (sc->in_word && sc->tone == COLLATE_T_NGANG)
		sc->tone = tone;
}

/* Feeds one code point of the compatibility decomposition. */
static void
collate_unit(struct collate_scan *sc, int32_t cp)
{
	int32_t	lc;
	utf8proc_category_t	cat;

	if (cp < 0x80) {
		if (cp >= 'a' && cp <= 'z')
			collate_letter(sc, collate_latin[cp - 'a'], 0, false);
		else if (cp >= 'A' && cp <= 'Z')
			collate_letter(sc, collate_latin[cp - 'A'], 0, true);
		else if (cp >= '0' && cp <= '9')
			collate_letter(sc, COLLATE_W_DIGIT + (cp - '0'), 0, false);
		else if (!text_ascii_symbol(cp))	/* space, punctuation, controls */
			collate_end_word(sc);
		else
			collate_letter(sc, COLLATE_W_OTHER, cp, false);
		return;
	}

	cat = utf8proc_category(cp);
	if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME) {
		collate_mark(sc, cp);
		return;
	}
	if (text_separates(cat)) {
		collate_end_word(sc);
		return;
	}

	/* đ does not decompose, so it is the one non-ASCII letter we know. */
	lc = utf8proc_tolower(cp);
	if (lc == 0x111)
		collate_letter(sc, COLLATE_W_DD, 0, lc != cp);
	else
		collate_letter(sc, COLLATE_W_OTHER, lc, lc != cp);
}

/* Appends one of levels 1 to 3; -1 on invalid UTF-8. */
static int
collate_level(struct collate_key *k, const char *s, size_t len, int level)
{
	struct collate_scan	 sc;
	size_t			 pos = 0, i;
	int32_t			 cp, dec[COLLATE_DECOMP_MAX];
	utf8proc_ssize_t	 n;
	int			 bc = 0;

	memset(&sc, 0, sizeof sc);
	sc.k = k;
	sc.level = level;
	while (pos < len) {
		if ((unsigned char)s[pos] < 0x80) {
			collate_unit(&sc, (unsigned char)s[pos++]);
			continue;
		}
		cp = text_utf8_decode(s, len, &pos);
		if (cp < 0)
			return (-1);
		/* Compatibility forms (full-width letters, NBSP) sort as their
		 * plain letters; invisible format characters do not count. */
		n = text_decompose(cp, dec, COLLATE_DECOMP_MAX,
		    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE, &bc);
		if (n < 0 || n > COLLATE_DECOMP_MAX) {
			dec[0] = cp;
			n = 1;
		}
		for (i = 0; i < (size_t)n; i++)
			collate_unit(&sc, dec[i]);
	}
	collate_end_word(&sc);
	return (0);
}

static void
collate_put_cp(struct collate_key *k, int32_t cp)
{
	char	b[4];
	size_t	n, i;

	n = text_utf8_encode(cp, b);
	for (i = 0; i < n; i++)
		collate_put(k, (unsigned char)b[i]);
}

static void
collate_put_marks(struct collate_key *k, int32_t *marks, size_t n)
{
	size_t	i;

	text_canon_order(marks, n);
	for (i = 0; i < n; i++)
		collate_put_cp(k, marks[i]);
}

/* Level 4: canonical decomposition, the same for NFC and NFD input. */
static int
collate_nfd(struct collate_key *k, const char *s, size_t len)
{
	size_t			 pos = 0, i, nm = 0;
	int32_t			 cp, dec[COLLATE_DECOMP_MAX];
	int32_t			 marks[COLLATE_MARKS_MAX];
	utf8proc_ssize_t	 n;
	int			 bc = 0;

	while (pos < len) {
		if ((unsigned char)s[pos] < 0x80) {
			collate_put_marks(k, marks, nm);
			nm = 0;
			collate_put(k, (unsigned char)s[pos++]);
			continue;
		}
		cp = text_utf8_decode(s, len, &pos);
		if (cp < 0)
			return (-1);
		n = text_decompose(cp, dec, COLLATE_DECOMP_MAX,
		    UTF8PROC_DECOMPOSE, &bc);
		if (n < 0 || n > COLLATE_DECOMP_MAX) {
			dec[0] = cp;
			n = 1;
		}
		for (i = 0; i < (size_t)n; i++) {
			if (utf8proc_get_property(dec[i])->combining_class == 0 ||
			    nm == COLLATE_MARKS_MAX) {
				collate_put_marks(k, marks, nm);
				nm = 0;
			}
			if (utf8proc_get_property(dec[i])->combining_class == 0)
				collate_put_cp(k, dec[i]);
			else
				marks[nm++] = dec[i];
		}
	}
	collate_put_marks(k, marks, nm);
	return (0);
}

static int
collate_build(struct collate_key *k, const char *s, size_t len)
{
	int	level;

	for (level = 1; level <= 3; level++) {
		if (collate_level(k, s, len, level) != 0)
			return (-1);
		collate_put(k, 0);
	}
	return (collate_nfd(k, s, len));
}

/* Steps back over the code point ending at end; *cp gets it, -1 for a bad byte
 * (which is then a one-byte step). */
static size_t
collate_back(const char *s, size_t end, int32_t *cp)
{
	size_t	at = end - 1, pos;

	while (at > 0 && end - at < 4 && ((unsigned char)s[at] & 0xc0) == 0x80)
		at--;
	pos = at;
	*cp = text_utf8_decode(s, end, &pos);
	if (*cp < 0 || pos != end) {
		*cp = -1;
		return (end - 1);
	}
	return (at);
}

/* Start and length of the last word, trailing white space skipped. */
static size_t
collate_given(const char *s, size_t len, size_t *given_len)
{
	size_t	end = len, start, at;
	int32_t	cp;

	while (end > 0) {
		at = collate_back(s, end, &cp);
		if (cp < 0 || !text_is_space(cp))
			break;
		end = at;
	}
	start = end;
	while (start > 0) {
		at = collate_back(s, start, &cp);
		if (cp >= 0 && text_is_space(cp))
			break;
		start = at;
	}
	*given_len = end - start;
	return (start);
}

const char *
text_given_name(const char *full_name, size_t *given_len)
{
	size_t	start, n;

	start = collate_given(full_name, strlen(full_name), &n);
	if (given_len != NULL)
		*given_len = n;
	return (full_name + start);
}

/* Given name, then 0x00 (below every key byte), then the rest of the name. */
static int
collate_name_build(struct collate_key *k, const char *s, size_t len)
{
	size_t	start, n, rest;
	int32_t	cp;

	if (!text_utf8_valid(s, len, NULL))
		return (-1);
	start = collate_given(s, len, &n);
	if (collate_build(k, s + start, n) != 0)
		return (-1);
	collate_put(k, 0);

	/* So "Lê Văn  An" and "Lê Văn An" differ in nothing but spacing. */
	rest = start;
	while (rest > 0) {
		start = collate_back(s, rest, &cp);
		if (cp < 0 || !text_is_space(cp))
			break;
		rest = start;
	}
	return (collate_build(k, s, rest));
}

typedef int (*collate_builder)(struct collate_key *, const char *, size_t);

/* Builds into out, growing it once if the first try did not fit. */
static int
collate_to_tbuf(collate_builder build, const char *s, struct tbuf *out)
{
	struct collate_key	k;
	size_t			len = strlen(s);

	k.p = (unsigned char *)out->p;
	k.len = 0;
	k.cap = out->cap > 0 ? out->cap - 1 : 0;	/* leave room for the NUL */
	if (build(&k, s, len) != 0)
		return (tbuf_clear(out) == 0 ? TEXT_EINVAL : TEXT_ENOMEM);
	if (k.len >= out->cap || out->p == NULL) {
		if (tbuf_reserve(out, k.len + 1) != 0)
			return (TEXT_ENOMEM);
		k.p = (unsigned char *)out->p;
		k.len = 0;
		k.cap = out->cap - 1;
		if (build(&k, s, len) != 0)
			return (TEXT_EINVAL);
	}
	out->len = k.len;
	out->p[out->len] = '\0';
	return (0);
}

int
text_sortkey(const char *s, struct tbuf *out)
{
	return (collate_to_tbuf(collate_build, s, out));
}

int
text_name_sortkey(const char *full_name, struct tbuf *out)
{
	return (collate_to_tbuf(collate_name_build, full_name, out));
}

/*
 * Builds a key on the stack, or on the heap when it is long. Returns 0, or -1
 * on invalid UTF-8. If the heap is out of memory the key stays cut at the
 * stack size: still a correct prefix, so most comparisons come out right.
 */
static int
collate_key_get(collate_builder build, const char *s, size_t len,
    struct collate_key *k, unsigned char *stack, size_t size)
{
	unsigned char	*p;

	k->p = stack;
	k->len = 0;
	k->cap = size;
	if (build(k, s, len) != 0)
		return (-1);
	if (k->len <= size)
		return (0);
	p = malloc(k->len);
	if (p == NULL) {
		k->len = size;
		return (0);
	}
	k->p = p;
	k->cap = k->len;
	k->len = 0;
	(void)build(k, s, len);
	return (0);
}

static int
collate_bytes(const void *a, size_t alen, const void *b, size_t blen)
{
	int	r;

	r = memcmp(a, b, alen < blen ? alen : blen);
	if (r != 0)
		return (r < 0 ? -1 : 1);
	return ((alen > blen) - (alen < blen));
}

static int
collate_compare(collate_builder build, const char *a, size_t alen,
    const char *b, size_t blen)
{
	unsigned char		abuf[COLLATE_STACK], bbuf[COLLATE_STACK];
	struct collate_key	ka, kb;
	int			ea, eb, r;

	ea = collate_key_get(build, a, alen, &ka, abuf, sizeof abuf);
	eb = collate_key_get(build, b, blen, &kb, bbuf, sizeof bbuf);

	/* Invalid UTF-8 goes after all valid text, in byte order. */
	if (ea != 0 && eb != 0)
		r = collate_bytes(a, alen, b, blen);
	else if (ea != 0)
		r = 1;
	else if (eb != 0)
		r = -1;
	else
		r = collate_bytes(ka.p, ka.len, kb.p, kb.len);

	if (ea == 0 && ka.p != abuf)
		free(ka.p);
	if (eb == 0 && kb.p != bbuf)
		free(kb.p);
	return (r);
}

int
text_compare(const char *a, size_t alen, const char *b, size_t blen)
{
	return (collate_compare(collate_build, a, alen, b, blen));
}

int
text_name_compare(const char *a, size_t alen, const char *b, size_t blen)
{
	return (collate_compare(collate_name_build, a, alen, b, blen));
}

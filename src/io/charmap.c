/* charmap: the legacy Vietnamese encodings converted by the generated tables
 * (charmap-tables.c in the build folder), the way glibc's iconv converts
 * them. */
#include <string.h>

#include "socds/charmap.h"

const struct charmap *
charmap_find(const char *name)
{
	static const struct charmap *const all[] = { &charmap_cp1258, &charmap_viscii,
		&charmap_tcvn };

	for (size_t i = 0; name != NULL && i < sizeof all / sizeof all[0]; i++)
		if (strcmp(name, all[i]->name) == 0)
			return all[i];
	return NULL;
}

void
charmap_decoder_init(struct charmap_decoder *d, const struct charmap *cm)
{
	d->cm = cm;
	d->held = CHARMAP_NONE;
}

/* The first composition of base in the table, or NULL when base composes
 * with nothing. */
static const struct charmap_comp *
cm_comp_first(const struct charmap *cm, uint32_t base)
{
	size_t lo = 0, hi = cm->ncomp;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cm->comp[mid].base < base)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cm->ncomp && cm->comp[lo].base == base ? &cm->comp[lo] : NULL;
}

/* What base and mark compose to, or CHARMAP_NONE. */
static uint32_t
cm_compose(const struct charmap *cm, uint32_t base, uint32_t mark)
{
	const struct charmap_comp *c = cm_comp_first(cm, base);

	for (; c != NULL && c < cm->comp + cm->ncomp && c->base == base; c++)
		if (c->mark == mark)
			return c->cp;
	return CHARMAP_NONE;
}

static size_t
cm_utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static char *
cm_put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

enum charmap_rc
charmap_decode(struct charmap_decoder *d, const char **in, size_t *inlen, char **out,
    size_t *outlen)
{
	const struct charmap *cm = d->cm;

	if (in == NULL || *in == NULL) {
		if (d->held != CHARMAP_NONE) {
			if (*outlen < cm_utf8_len(d->held))
				return CHARMAP_TOOBIG;
			char *o = cm_put_utf8(*out, d->held);
			*outlen -= (size_t)(o - *out);
			*out = o;
			d->held = CHARMAP_NONE;
		}
		return CHARMAP_OK;
	}
	while (*inlen > 0) {
		uint32_t cp = cm->dec[(unsigned char)**in], put[2], c, hold = CHARMAP_NONE;
		size_t n = 0, need = 0;
		char *o = *out;

		if (cp == CHARMAP_NONE)
			return CHARMAP_ILSEQ;
		if (d->held != CHARMAP_NONE && cp >= cm->mark_lo && cp <= cm->mark_hi &&
		    (c = cm_compose(cm, d->held, cp)) != CHARMAP_NONE) {
			put[n++] = c;	/* the letter held and this, its mark */
		} else {
			if (d->held != CHARMAP_NONE)
				put[n++] = d->held;
			/* A letter a mark may follow waits for the next byte. */
			if (cp >= cm->hold_lo && cp <= cm->hold_hi)
				hold = cp;
			else
				put[n++] = cp;
		}
		for (size_t i = 0; i < n; i++)
			need += cm_utf8_len(put[i]);
		if (*outlen < need)
			return CHARMAP_TOOBIG;
		for (size_t i = 0; i < n; i++)
			o = cm_put_utf8(o, put[i]);
		d->held = hold;
		*outlen -= need;
		*out = o;
		(*in)++;
		(*inlen)--;
	}
	return CHARMAP_OK;
}

/* The next UTF-8 character of s (n bytes) into *cp, by glibc's rules:
 * its length, 0 when it is cut by the end, -1 when it is invalid. */
static int
cm_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	int len;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return 0;
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong, a surrogate or past U+10FFFF: glibc tells only once the
	 * sequence is whole (cut before, it is "incomplete"). */
	if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return -1;
	*cp = c;
	return len;
}

/* The bytes written for cp, or NULL when the encoding has none. */
static const struct charmap_enc *
cm_enc_find(const struct charmap *cm, uint32_t cp)
{
	size_t lo = 0, hi = cm->nenc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cm->enc[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cm->nenc && cm->enc[lo].cp == cp ? &cm->enc[lo] : NULL;
}

enum charmap_rc
charmap_encode(const struct charmap *cm, const char **in, size_t *inlen, char **out,
    size_t *outlen)
{
	while (*inlen > 0) {
		uint32_t cp;
		int len = cm_utf8_next((const unsigned char *)*in, *inlen, &cp);
		const struct charmap_enc *hit;

		if (len < 0)
			return CHARMAP_ILSEQ;
		if (len == 0)
			return CHARMAP_INCOMPLETE;
		if (cp < 0x80 && cm->dec[cp] == cp) {	/* ASCII, most of any text */
			if (*outlen < 1)
				return CHARMAP_TOOBIG;
			*(*out)++ = (char)cp;
			(*outlen)--;
		} else if (cp >> 7 != 0xe0000 >> 7) {	/* a language tag is dropped */
			if ((hit = cm_enc_find(cm, cp)) == NULL)
				return CHARMAP_ILSEQ;
			if (*outlen < hit->len)
				return CHARMAP_TOOBIG;
			memcpy(*out, hit->b, hit->len);
			*out += hit->len;
			*outlen -= hit->len;
		}
		*in += len;
		*inlen -= (size_t)len;
	}
	return CHARMAP_OK;
}

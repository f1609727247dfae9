/* encoding: legacy Vietnamese encodings through iconv, as a stdio stream
 * (glibc fopencookie) that yields UTF-8 while reading the file a buffer at a
 * time, and an encoder for exports. */
#define _GNU_SOURCE	/* fopencookie */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/encoding.h"
#include "socds/i18n.h"
#include "socds/text.h"

#define ENC_BUF		16384	/* bytes read from the file at a time */
#define ENC_OUT		(ENC_BUF * 4)	/* a legacy byte is at most 3 UTF-8 bytes */

/* The encodings socds knows: canonical name, other names people type,
 * the iconv name (glibc: `iconv -l`), and the name shown to people. */
struct enc_info {
	const char *name;
	const char *alias[3];
	const char *iconv;	/* NULL: UTF-8, no conversion */
	const char *display;
};

static const struct enc_info enc_table[] = {
	{ "utf-8", { "utf8", NULL, NULL }, NULL, "UTF-8" },
	{ "cp1258", { "windows-1258", "windows1258", NULL }, "CP1258", "Windows-1258" },
	{ "viscii", { NULL, NULL, NULL }, "VISCII", "VISCII" },
	{ "tcvn", { "tcvn3", "tcvn5712", "tcvn5712-1" }, "TCVN5712-1", "TCVN 5712" },
};
#define ENC_N (sizeof enc_table / sizeof enc_table[0])

static const struct enc_info *
enc_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < ENC_N; i++) {
		if (strcasecmp(name, enc_table[i].name) == 0)
			return &enc_table[i];
		for (size_t k = 0; k < 3 && enc_table[i].alias[k] != NULL; k++)
			if (strcasecmp(name, enc_table[i].alias[k]) == 0)
				return &enc_table[i];
	}
	return NULL;
}

const char *
encoding_canonical(const char *enc)
{
	const struct enc_info *in;

	if (enc != NULL && strcasecmp(enc, "auto") == 0)
		return "auto";
	in = enc_find(enc);
	return in != NULL ? in->name : NULL;
}

const char *
encoding_display(const char *enc)
{
	const struct enc_info *in = enc_find(enc);

	return in != NULL ? in->display : enc;
}

static int
enc_unknown(const char *enc, struct err *e)
{
	return err_set(e, ERR_USAGE,
	    _("unknown encoding '%s': use auto, utf-8, cp1258, viscii or tcvn"),
	    enc != NULL ? enc : "");
}

/* --- UTF-8 checked a byte at a time, across buffer boundaries --- */

struct utf8_check {
	int need;		/* continuation bytes still expected */
	unsigned char lo, hi;	/* the range the next one must be in */
	unsigned char lead;	/* first byte of the sequence under way */
	unsigned long long start;	/* its offset in the file */
	long line;		/* and its line */
};

/* Feeds one byte at offset off; false when it makes the text ill-formed
 * (the sequence under way is then in c->lead / c->start). */
static bool
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

/* --- the reading stream --- */

struct enc_stream {
	FILE *fp;		/* the file itself */
	FILE *self;		/* the UTF-8 stream handed out */
	char *path;
	const struct enc_info *info;
	iconv_t cd;		/* (iconv_t)-1 for UTF-8 */
	char in[ENC_BUF];
	size_t ipos, ilen;
	char out[ENC_OUT];
	size_t opos, olen;
	unsigned long long off;	/* file offset of in[ipos] */
	long line;		/* 1 + line ends before in[ipos] */
	struct utf8_check chk;
	bool eof, flushed;
	struct err err;		/* set once the stream failed */
	struct enc_stream *next;
};

/* Streams this file opened and not yet closed, to find a failed one's reason. */
static struct enc_stream *enc_open_streams;

static void
enc_bad_byte(struct enc_stream *st, unsigned char b, unsigned long long off, long line)
{
	if (b == 0) {	/* no text file holds one: UTF-16, or not text at all */
		err_set(&st->err, ERR_INVALID,
		    _("%s:%ld: a NUL byte at offset %llu: this is not a text file (or it is UTF-16)"),
		    st->path, line, off);
		return;
	}
	err_set(&st->err, ERR_INVALID, _("%s:%ld: byte 0x%02X at offset %llu is not valid %s"),
	    st->path, line, (unsigned)b, off, st->info->display);
}

/* Reads more of the file after the bytes still in in[]; false at the end. */
static bool
enc_read_more(struct enc_stream *st)
{
	size_t n;

	if (st->eof)
		return false;
	if (st->ipos > 0) {
		memmove(st->in, st->in + st->ipos, st->ilen - st->ipos);
		st->ilen -= st->ipos;
		st->ipos = 0;
	}
	n = fread(st->in + st->ilen, 1, sizeof st->in - st->ilen, st->fp);
	st->ilen += n;
	if (n == 0) {
		st->eof = true;
		if (ferror(st->fp))
			err_set(&st->err, ERR_IO, _("%s: cannot read: %s"), st->path,
			    err_errno(errno));
	}
	return n > 0;
}

/* Moves past n input bytes, counting line ends. */
static void
enc_consume(struct enc_stream *st, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (st->in[st->ipos + i] == '\n')
			st->line++;
	st->ipos += n;
	st->off += n;
}

/* UTF-8 in, UTF-8 out, every byte checked. */
static void
enc_fill_utf8(struct enc_stream *st)
{
	size_t n = 0;

	if (st->ipos == st->ilen && !enc_read_more(st)) {
		if (st->err.code == 0 && st->chk.need > 0)
			enc_bad_byte(st, st->chk.lead, st->chk.start, st->chk.line);
		return;
	}
	while (st->ipos + n < st->ilen && n < sizeof st->out) {
		unsigned char b = (unsigned char)st->in[st->ipos + n];
		long line = st->line;
		/* ASCII between characters (most bytes of a file) needs no state:
		 * a run of it is copied in a tight loop. */
		if (st->chk.need == 0 && (unsigned char)(b - 1) < 0x7f) {
			size_t lim = st->ilen - st->ipos < sizeof st->out ? st->ilen - st->ipos :
			    sizeof st->out;
			const unsigned char *in = (const unsigned char *)st->in + st->ipos;
			do {
				st->out[n] = (char)in[n];
				if (in[n] == '\n')
					st->line++;
				n++;
			} while (n < lim && (unsigned char)(in[n] - 1) < 0x7f);
			continue;
		}
		if (!utf8_check_byte(&st->chk, b, st->off + n, line)) {
			/* Name the sequence that broke, or this byte alone; hand
			 * over no part of it. */
			if (st->chk.need > 0 && st->chk.start < st->off + n) {
				enc_bad_byte(st, st->chk.lead, st->chk.start, st->chk.line);
				if (st->chk.start >= st->off)
					n = (size_t)(st->chk.start - st->off);
			} else
				enc_bad_byte(st, b, st->off + n, line);
			break;
		}
		st->out[n] = (char)b;
		n++;
		if (b == '\n')
			st->line++;
	}
	/* Line ends were counted above: move on without counting twice. */
	st->ipos += n;
	st->off += n;
	st->olen = n;
}

/* A fault in legacy input: the decoder may still hold the letter before it
 * (waiting for a tone mark), which is good text and is handed over first. */
static void
enc_iconv_fault(struct enc_stream *st)
{
	char *op = st->out + st->olen;
	size_t ol = sizeof st->out - st->olen;

	iconv(st->cd, NULL, NULL, &op, &ol);
	st->olen = (size_t)(op - st->out);
	st->flushed = true;
	enc_bad_byte(st, (unsigned char)st->in[st->ipos], st->off, st->line);
}

/* Legacy bytes in, UTF-8 out through iconv. */
static void
enc_fill_iconv(struct enc_stream *st)
{
	for (;;) {
		char *ip = st->in + st->ipos, *op = st->out, *nul;
		size_t il = st->ilen - st->ipos, ol = sizeof st->out, r;

		if (il == 0) {
			if (enc_read_more(st))
				continue;
			if (st->err.code != 0 || st->flushed)
				return;
			/* The end: the decoder may still hold a letter waiting
			 * for its tone mark. */
			st->flushed = true;
			iconv(st->cd, NULL, NULL, &op, &ol);
			st->olen = (size_t)(op - st->out);
			return;
		}
		/* A NUL is valid in these encodings, never in a text file. */
		if ((nul = memchr(ip, '\0', il)) == ip) {
			st->olen = 0;
			enc_iconv_fault(st);
			return;
		}
		if (nul != NULL)
			il = (size_t)(nul - ip);
		r = iconv(st->cd, &ip, &il, &op, &ol);
		enc_consume(st, (size_t)(ip - (st->in + st->ipos)));
		st->olen = (size_t)(op - st->out);
		if (r != (size_t)-1) {
			if (st->olen > 0)
				return;
			continue;	/* all consumed, nothing out yet: read on */
		}
		if (errno == E2BIG)
			return;
		if (errno == EINVAL) {	/* a character cut by the buffer end */
			if (st->olen > 0)
				return;
			if (enc_read_more(st))
				continue;
			if (st->err.code == 0)
				enc_iconv_fault(st);
			return;
		}
		enc_iconv_fault(st);
		return;
	}
}

static ssize_t
enc_cookie_read(void *cookie, char *buf, size_t size)
{
	struct enc_stream *st = cookie;
	size_t n = 0;

	while (n < size) {
		if (st->opos < st->olen) {
			size_t k = st->olen - st->opos;
			if (k > size - n)
				k = size - n;
			memcpy(buf + n, st->out + st->opos, k);
			st->opos += k;
			n += k;
			continue;
		}
		if (st->err.code != 0)
			break;
		st->opos = st->olen = 0;
		if (st->cd == (iconv_t)-1)
			enc_fill_utf8(st);
		else
			enc_fill_iconv(st);
		if (st->olen == 0 && st->err.code == 0 && (st->eof && st->ipos == st->ilen) &&
		    (st->cd == (iconv_t)-1 || st->flushed))
			break;	/* the end */
	}
	/* Good text before a fault is handed over first; the fault comes next. */
	if (n == 0 && st->err.code != 0) {
		errno = st->err.code == ERR_IO ? EIO : EILSEQ;
		return -1;
	}
	return (ssize_t)n;
}

static void
enc_stream_free(struct enc_stream *st)
{
	if (st->cd != (iconv_t)-1)
		iconv_close(st->cd);
	if (st->fp != NULL)
		fclose(st->fp);
	free(st->path);
	free(st);
}

static int
enc_cookie_close(void *cookie)
{
	struct enc_stream *st = cookie;

	for (struct enc_stream **p = &enc_open_streams; *p != NULL; p = &(*p)->next)
		if (*p == st) {
			*p = st->next;
			break;
		}
	enc_stream_free(st);
	return 0;
}

int
encoding_read_error(FILE *fp, struct err *e)
{
	for (struct enc_stream *st = enc_open_streams; st != NULL; st = st->next)
		if (st->self == fp && st->err.code != 0) {
			err_set(e, st->err.code, "%s", st->err.msg);
			return e->code;
		}
	return 0;
}

/* Whether the whole file, after the bytes already in in[], is valid
 * UTF-8; leaves the file where it was. */
static int
enc_scan_utf8(struct enc_stream *st, bool *valid, struct err *e)
{
	struct utf8_check c = { 0 };
	char buf[ENC_BUF];
	long pos = ftell(st->fp);
	size_t n;

	*valid = true;
	if (pos < 0)
		return err_set(e, ERR_USAGE,
		    _("%s: the encoding cannot be detected when reading a stream; give --encoding"),
		    st->path);
	for (size_t i = st->ipos; i < st->ilen && *valid; i++)
		*valid = utf8_check_byte(&c, (unsigned char)st->in[i], 0, 0);
	while (*valid && (n = fread(buf, 1, sizeof buf, st->fp)) > 0)
		for (size_t i = 0; i < n && *valid; i++) {
			unsigned char b = (unsigned char)buf[i];
			if (c.need == 0 && b != 0 && b < 0x80)
				continue;	/* ASCII between characters */
			*valid = utf8_check_byte(&c, b, 0, 0);
		}
	if (*valid && c.need > 0)
		*valid = false;
	if (ferror(st->fp))
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), st->path, err_errno(errno));
	if (fseek(st->fp, pos, SEEK_SET) != 0)
		return err_set(e, ERR_USAGE,
		    _("%s: the encoding cannot be detected when reading a stream; give --encoding"),
		    st->path);
	return 0;
}

/* Reads the first bytes: a UTF-8 byte-order mark is skipped (and means
 * UTF-8 under "auto"); UTF-16 is refused with advice. */
static int
enc_head(struct enc_stream *st, const char **want, struct err *e)
{
	unsigned char *u = (unsigned char *)st->in;
	bool bom;

	st->ilen = fread(st->in, 1, 3, st->fp);
	if (ferror(st->fp))
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), st->path, err_errno(errno));
	if (st->ilen >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return err_set(e, ERR_INVALID,
		    _("%s: the file is UTF-16 (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\""
		    " and import that"), st->path);
	bom = st->ilen == 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf;
	if (bom) {
		if (strcmp(*want, "auto") != 0 && strcmp(*want, "utf-8") != 0)
			return err_set(e, ERR_INVALID,
			    _("%s: the file starts with a UTF-8 byte-order mark, so it is UTF-8, not %s;"
			    " give --encoding utf-8"), st->path, encoding_display(*want));
		st->ipos = st->ilen;
		st->off = st->ilen;
		*want = "utf-8";
	}
	return 0;
}

/* --- "auto": is it Vietnamese read as Windows-1258? --- */

/* The vowels of Vietnamese with their five tones, lower case then upper
 * case: row % 12 is the vowel (a ă â e ê i o ô ơ u ư y), column the tone. */
static const char *const enc_vowel_rows[24] = {
	"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
	"oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
	"AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
	"OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
};

/* Decodes the UTF-8 character at *s (valid: text_nfc gave it); moves on. */
static int32_t
enc_next_cp(const char **s)
{
	const unsigned char *u = (const unsigned char *)*s;
	int32_t cp;
	int n;

	if (u[0] < 0x80) {
		(*s)++;
		return u[0];
	}
	n = u[0] >= 0xf0 ? 3 : u[0] >= 0xe0 ? 2 : 1;
	cp = u[0] & (0x3f >> n);
	for (int i = 1; i <= n && u[i] != '\0'; i++)
		cp = (cp << 6) | (u[i] & 0x3f);
	*s += n + 1;
	return cp;
}

/* A letter of the Vietnamese alphabet: 'v' with *vowel (0-11) and *tone
 * (0-5) for a vowel, 'c' for a consonant (*vowel gets it in lower case,
 * 'D' for đ), 0 for anything else. */
static int
enc_letter(int32_t cp, int *vowel, int *tone)
{
	static int32_t tab[24][6];
	static bool ready;

	if (!ready) {
		for (int r = 0; r < 24; r++) {
			const char *p = enc_vowel_rows[r];
			for (int t = 0; t < 6; t++)
				tab[r][t] = enc_next_cp(&p);
		}
		ready = true;
	}
	if (cp < 0x80) {
		int c = cp | 0x20;
		if (c < 'a' || c > 'z' || ((cp < 'A' || cp > 'Z') && (cp < 'a' || cp > 'z')))
			return 0;
		for (int r = 0; r < 12; r++)
			if (tab[r][0] == c) {
				*vowel = r;
				*tone = 0;
				return 'v';
			}
		*vowel = c;
		return 'c';
	}
	if (cp == 0x110 || cp == 0x111) {
		*vowel = 'D';
		return 'c';
	}
	for (int r = 0; r < 24; r++)
		for (int t = 0; t < 6; t++)
			if (tab[r][t] == cp) {
				*vowel = r % 12;
				*tone = t;
				return 'v';
			}
	return 0;
}

/* Punctuation Windows-1258 text often holds: neither for nor against. */
static bool
enc_neutral(int32_t cp)
{
	switch (cp) {
	case 0xa0: case 0xab: case 0xb0: case 0xbb: case 0xb7:
	case 0x2013: case 0x2014: case 0x2018: case 0x2019: case 0x201c: case 0x201d:
	case 0x2022: case 0x2026: case 0x20ab: case 0x20ac:
		return true;
	}
	return false;
}

/* Whether the letters w[0..n) (kinds and values from enc_letter) make one
 * syllable: initial consonants, one to three vowels with at most one tone,
 * final consonants, each from the alphabet's own lists. */
static bool
enc_syllable(const int *kind, const int *val, const int *tone, int n)
{
	static const char *const initials[] = { "", "b", "c", "ch", "d", "D", "g", "gh",
		"gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "q", "r",
		"s", "t", "th", "tr", "v", "x" };
	static const char *const finals[] = { "", "c", "ch", "m", "n", "ng", "nh", "p",
		"t" };
	char ini[8] = "", fin[8] = "";
	int i = 0, nv = 0, tones = 0, k;

	for (k = 0; i < n && kind[i] == 'c'; i++) {
		if (k >= 3)
			return false;
		ini[k++] = (char)val[i];
		ini[k] = '\0';
	}
	for (; i < n && kind[i] == 'v'; i++) {
		nv++;
		tones += tone[i] != 0;
	}
	for (k = 0; i < n && kind[i] == 'c'; i++) {
		if (k >= 2)
			return false;
		fin[k++] = (char)val[i];
		fin[k] = '\0';
	}
	if (i < n || nv < 1 || nv > 3 || tones > 1)
		return false;
	bool ok_i = false, ok_f = false;
	for (size_t j = 0; j < sizeof initials / sizeof initials[0]; j++)
		ok_i = ok_i || strcmp(ini, initials[j]) == 0;
	for (size_t j = 0; j < sizeof finals / sizeof finals[0]; j++)
		ok_f = ok_f || strcmp(fin, finals[j]) == 0;
	return ok_i && ok_f;
}

void
encoding_score(const char *utf8, struct encoding_score *sc)
{
	enum { MAXW = 16 };
	int kind[MAXW], val[MAXW], tone[MAXW], n = 0, high = 0;
	const char *p = utf8;
	bool too_long = false;

	for (;;) {
		int v = 0, t = 0, k = 0;
		int32_t cp = *p != '\0' ? enc_next_cp(&p) : 0;
		if (cp != 0)
			k = enc_letter(cp, &v, &t);
		if (k != 0) {
			if (n < MAXW) {
				kind[n] = k;
				val[n] = v;
				tone[n] = t;
				n++;
			} else
				too_long = true;
			high += cp >= 0x80;
			continue;
		}
		/* The end of a word: its letters beyond ASCII count for or
		 * against; words of ASCII alone tell nothing. */
		if (high > 0) {
			if (!too_long && enc_syllable(kind, val, tone, n))
				sc->good += high;
			else
				sc->bad += high;
		}
		n = high = 0;
		too_long = false;
		if (cp == 0)
			break;
		if (cp >= 0x80 && !enc_neutral(cp))
			sc->bad++;	/* a sign or a letter no Vietnamese word holds */
		else if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
			sc->bad++;	/* VISCII keeps six letters among the controls */
	}
}

bool
encoding_plausible(const struct encoding_score *sc)
{
	/* Nine letters in ten in real syllables: a typo, a foreign name or a
	 * stray sign is allowed, another encoding read wrong is not. */
	return sc->good >= 9 * sc->bad;
}

/* At most this many bytes of a file are scored. */
#define ENC_GUESS_BYTES	(256 * 1024)

/* Shows line (len bytes, no line end) as enc would read it, cut to about
 * 48 characters around its first byte above ASCII; a byte enc does not have
 * shows as '?'. */
static void
enc_sample(const char *line, size_t len, const struct enc_info *in, char *out, size_t size)
{
	size_t start = 0, end, o = 0;
	iconv_t cd = iconv_open("UTF-8", in->iconv);

	out[0] = '\0';
	while (start < len && (unsigned char)line[start] < 0x80)
		start++;
	/* From the start of that cell, or a little before the byte. */
	for (size_t k = 0; k < 24 && start > 0 && line[start - 1] != ',' &&
	    line[start - 1] != ';'; k++)
		start--;
	end = start + 48 < len ? start + 48 : len;
	if (cd == (iconv_t)-1) {
		snprintf(out, size, "?");
		return;
	}
	char *ip = (char *)line + start, *op = out;
	size_t il = end - start, ol = size - 1;
	while (il > 0 && ol > 4) {
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG)
			break;
		/* A byte the encoding does not have, or one cut at the end. */
		*op++ = '?';
		ol--;
		ip++;
		il--;
	}
	iconv(cd, NULL, NULL, &op, &ol);
	o = (size_t)(op - out);
	out[o] = '\0';
	/* Controls (VISCII letters read as something else) shown as '?'. */
	for (size_t i = 0; i < o; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = '?';
	if (end < len && o + 4 < size)
		strcat(out, "…");
	iconv_close(cd);
	err_utf8_cut(out);
}

static bool
enc_has_nul(const char *path)
{
	char buf[ENC_BUF];
	size_t n, total = 0;
	bool nul = false;
	FILE *fp = fopen(path, "rb");

	while (fp != NULL && !nul && total < ENC_GUESS_BYTES &&
	    (n = fread(buf, 1, sizeof buf, fp)) > 0) {
		nul = memchr(buf, '\0', n) != NULL;
		total += n;
	}
	if (fp != NULL)
		fclose(fp);
	return nul;
}

/* The file is not UTF-8: Windows-1258 when its text reads as Vietnamese
 * that way, else refused with its first line beyond ASCII shown in each
 * legacy encoding. */
static int
enc_guess_legacy(const char *path, const char **want, struct encoding_samples *unsure,
    struct err *e)
{
	struct encoding_score sc = { 0, 0 };
	struct tbuf nfc = { 0 };
	struct err ee = { 0 };
	char *line = NULL;
	size_t cap = 0, total = 0;
	ssize_t n;
	long lineno = 0, sample_no = 0;
	char *sample = NULL;
	size_t sample_len = 0;
	bool broken = false;
	FILE *fp;
	int rc = 0;

	/* Read as Windows-1258 through our own stream, and scored. */
	if ((fp = encoding_open_read(path, "cp1258", NULL, 0, e)) == NULL)
		return e->code;
	while (total < ENC_GUESS_BYTES && (n = getline(&line, &cap, fp)) > 0) {
		total += (size_t)n;
		if (text_nfc(line, &nfc) != 0)
			continue;
		encoding_score(nfc.p, &sc);
	}
	broken = ferror(fp) != 0 && encoding_read_error(fp, &ee) != 0;
	fclose(fp);
	/* A NUL is in no text file: the reader names it where it is. */
	if ((!broken && encoding_plausible(&sc)) || (broken && enc_has_nul(path))) {
		*want = "cp1258";
		goto out;
	}

	/* The sample: the first line with a byte above ASCII, as it is. */
	if ((fp = fopen(path, "rb")) == NULL) {
		rc = err_set(e, ERR_IO, _("%s: cannot open: %s"), path, err_errno(errno));
		goto out;
	}
	while ((n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		for (ssize_t i = 0; i < n; i++)
			if ((unsigned char)line[i] >= 0x80) {
				sample_no = lineno;
				break;
			}
		if (sample_no != 0) {
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				n--;
			sample = line;
			sample_len = (size_t)n;
			break;
		}
	}
	fclose(fp);
	{
		char cp[ENCODING_SAMPLE_MAX] = "?", vi[ENCODING_SAMPLE_MAX] = "?",
		    tc[ENCODING_SAMPLE_MAX] = "?";
		if (sample != NULL) {
			enc_sample(sample, sample_len, enc_find("cp1258"), cp, sizeof cp);
			enc_sample(sample, sample_len, enc_find("viscii"), vi, sizeof vi);
			enc_sample(sample, sample_len, enc_find("tcvn"), tc, sizeof tc);
		}
		if (unsure != NULL) {
			unsure->line = sample_no;
			snprintf(unsure->text[0], sizeof unsure->text[0], "%s", cp);
			snprintf(unsure->text[1], sizeof unsure->text[1], "%s", vi);
			snprintf(unsure->text[2], sizeof unsure->text[2], "%s", tc);
		}
		rc = err_set(e, ERR_INVALID,
		    _("%s: the encoding cannot be told for sure (it is not UTF-8); line %ld reads"
		    " as cp1258: \"%s\" | as viscii: \"%s\" | as tcvn: \"%s\"; give --encoding with"
		    " the one that reads right, or save the file as \"CSV UTF-8\""),
		    path, sample_no, cp, vi, tc);
	}
out:
	free(line);
	tbuf_free(&nfc);
	return rc;
}

static FILE *
enc_open_read(const char *path, const char *enc, char *detected, size_t dsize,
    struct encoding_samples *unsure, struct err *e)
{
	static const cookie_io_functions_t io = { enc_cookie_read, NULL, NULL,
		enc_cookie_close };
	const char *want = encoding_canonical(enc);
	struct enc_stream *st;

	if (detected != NULL && dsize > 0)
		detected[0] = '\0';
	if (want == NULL)
		return enc_unknown(enc, e), NULL;
	if ((st = calloc(1, sizeof *st)) == NULL || (st->path = strdup(path)) == NULL) {
		free(st);
		return err_set(e, ERR_NOMEM, _("out of memory")), NULL;
	}
	st->cd = (iconv_t)-1;
	st->line = 1;
	if ((st->fp = fopen(path, "rb")) == NULL) {
		err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, _("%s: cannot open: %s"), path,
		    err_errno(errno));
		goto fail;
	}
	if (enc_head(st, &want, e) != 0)
		goto fail;
	if (strcmp(want, "auto") == 0) {
		bool valid;
		if (enc_scan_utf8(st, &valid, e) != 0)
			goto fail;
		want = "utf-8";
		if (!valid && enc_guess_legacy(path, &want, unsure, e) != 0)
			goto fail;
	}
	if ((st->info = enc_find(want)) == NULL) {
		enc_unknown(want, e);
		goto fail;
	}
	if (st->info->iconv != NULL &&
	    (st->cd = iconv_open("UTF-8", st->info->iconv)) == (iconv_t)-1) {
		err_set(e, ERR_FAIL, _("this system cannot convert from %s (iconv: %s)"),
		    st->info->display, err_errno(errno));
		goto fail;
	}
	if ((st->self = fopencookie(st, "r", io)) == NULL) {
		err_set(e, ERR_NOMEM, _("out of memory"));
		goto fail;
	}
	st->next = enc_open_streams;
	enc_open_streams = st;
	if (detected != NULL && dsize > 0)
		snprintf(detected, dsize, "%s", st->info->name);
	return st->self;
fail:
	enc_stream_free(st);
	return NULL;
}

FILE *
encoding_open_read(const char *path, const char *enc, char *detected, size_t dsize,
    struct err *e)
{
	return enc_open_read(path, enc, detected, dsize, NULL, e);
}

const char *const encoding_legacy[ENCODING_LEGACY_N] = { "cp1258", "viscii", "tcvn" };

int
encoding_detect(const char *path, const char **enc, struct encoding_samples *s,
    struct err *e)
{
	char det[16];
	FILE *fp;

	*enc = NULL;
	memset(s, 0, sizeof *s);
	if ((fp = enc_open_read(path, "auto", det, sizeof det, s, e)) != NULL) {
		fclose(fp);
		*enc = encoding_canonical(det);
		return 0;
	}
	if (s->line > 0) {
		err_clear(e);
		return 0;
	}
	return e->code;
}

/* --- writing --- */

struct encoder {
	const struct enc_info *info;
	iconv_t cd;		/* (iconv_t)-1 for UTF-8 */
	struct tbuf nfc;
	char *out;
	size_t cap;
};

struct encoder *
encoder_new(const char *enc, struct err *e)
{
	const struct enc_info *info = enc_find(enc);
	struct encoder *w;

	if (info == NULL)
		return enc_unknown(enc, e), NULL;
	if ((w = calloc(1, sizeof *w)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory")), NULL;
	w->info = info;
	w->cd = (iconv_t)-1;
	if (info->iconv != NULL && (w->cd = iconv_open(info->iconv, "UTF-8")) == (iconv_t)-1) {
		err_set(e, ERR_FAIL, _("this system cannot convert to %s (iconv: %s)"),
		    info->display, err_errno(errno));
		free(w);
		return NULL;
	}
	return w;
}

void
encoder_free(struct encoder *w)
{
	if (w == NULL)
		return;
	if (w->cd != (iconv_t)-1)
		iconv_close(w->cd);
	tbuf_free(&w->nfc);
	free(w->out);
	free(w);
}

/* The code point of the UTF-8 character at s (valid UTF-8) and its length. */
static uint32_t
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

static int
enc_grow(struct encoder *w, size_t need)
{
	size_t cap = w->cap ? w->cap : 256;
	char *p;

	while (cap < need)
		cap *= 2;
	if (cap == w->cap)
		return 0;
	if ((p = realloc(w->out, cap)) == NULL)
		return -1;
	w->out = p;
	w->cap = cap;
	return 0;
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
static bool
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
static bool
enc_printable_ascii(const char *s, size_t *len)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	*len = i;
	return true;
}

/* utf8, NFC and look-alikes replaced, in the encoder's encoding, into
 * w->out; *used gets its length. */
static int
enc_convert(struct encoder *w, const char *utf8, size_t *used, struct err *e)
{
	char *ip, *op;
	size_t il, ol;
	int rc;

	/* Look-alikes (Ð for Đ, stored by an older socds) as the letters these
	 * encodings have. */
	if ((rc = text_nfc_twins(utf8, &w->nfc)) != 0)
		return rc == -2 ? err_set(e, ERR_NOMEM, _("out of memory")) :
		    err_set(e, ERR_INVALID, _("the text is not valid UTF-8"));
	/* Converted whole into memory first, so a character that cannot be
	 * written leaves nothing half-written. */
	if (enc_grow(w, w->nfc.len * 2 + 16) != 0)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	ip = w->nfc.p;
	il = w->nfc.len;
	op = w->out;
	ol = w->cap;
	for (;;) {
		size_t r = iconv(w->cd, &ip, &il, &op, &ol);
		if (r == (size_t)-1 && errno == E2BIG) {
			*used = (size_t)(op - w->out);
			if (enc_grow(w, w->cap * 2) != 0)
				return err_set(e, ERR_NOMEM, _("out of memory"));
			op = w->out + *used;
			ol = w->cap - *used;
			continue;
		}
		if (r == (size_t)-1) {
			int len;
			uint32_t cp = enc_code_point((const unsigned char *)ip, &len);
			iconv(w->cd, NULL, NULL, NULL, NULL);	/* back to the initial state */
			if (cp < 0x20 || cp == 0x7f)
				return err_set(e, ERR_INVALID, _("U+%04X cannot be written in %s"),
				    (unsigned)cp, w->info->display);
			return err_set(e, ERR_INVALID, _("U+%04X '%.*s' cannot be written in %s"),
			    (unsigned)cp, len, ip, w->info->display);
		}
		if (il == 0)
			break;
	}
	/* Back to the initial shift state (a no-op for these encodings). */
	if (iconv(w->cd, NULL, NULL, &op, &ol) == (size_t)-1) {
		*used = (size_t)(op - w->out);
		if (enc_grow(w, w->cap + 16) != 0)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		op = w->out + *used;
		ol = w->cap - *used;
		iconv(w->cd, NULL, NULL, &op, &ol);
	}
	*used = (size_t)(op - w->out);
	return 0;
}

int
encoder_append(struct encoder *w, const char *utf8, struct tbuf *out, struct err *e)
{
	size_t len = 0;
	int rc;

	if (utf8 == NULL || *utf8 == '\0')
		return 0;
	/* Most values need neither normalising nor converting. */
	if (w->cd == (iconv_t)-1 ? enc_plain_nfc(utf8, &len) : enc_printable_ascii(utf8, &len))
		return tbuf_append(out, utf8, len) == 0 ? 0 :
		    err_set(e, ERR_NOMEM, _("out of memory"));
	if (w->cd == (iconv_t)-1) {
		if ((rc = text_nfc(utf8, &w->nfc)) != 0)
			return rc == -2 ? err_set(e, ERR_NOMEM, _("out of memory")) :
			    err_set(e, ERR_INVALID, _("the text is not valid UTF-8"));
		return tbuf_append(out, w->nfc.p, w->nfc.len) == 0 ? 0 :
		    err_set(e, ERR_NOMEM, _("out of memory"));
	}
	if (enc_convert(w, utf8, &len, e) != 0)
		return e->code;
	return tbuf_append(out, w->out, len) == 0 ? 0 : err_set(e, ERR_NOMEM, _("out of memory"));
}

int
encoder_write(struct encoder *w, const char *utf8, FILE *out, struct err *e)
{
	struct tbuf b = { 0 };
	int rc;

	if ((rc = encoder_append(w, utf8, &b, e)) == 0 && b.len > 0 &&
	    fwrite(b.p, 1, b.len, out) != b.len)
		rc = err_set(e, ERR_IO, _("cannot write: %s"), err_errno(errno));
	tbuf_free(&b);
	return rc;
}

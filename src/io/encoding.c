/* encoding: legacy Vietnamese encodings through iconv (or the tables that
 * stand for it: encoding-conv.c), as a stdio stream
 * (os_stream_reader) that yields UTF-8 while reading the file a buffer at a
 * time, and an encoder for exports. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/encoding.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/text.h"

#include "encoding-int.h"

/* --- the reading stream --- */

struct enc_stream {
	FILE *fp;		/* the file itself */
	FILE *self;		/* the UTF-8 stream handed out */
	char *path;
	const struct enc_info *info;
	struct enc_conv *cd;	/* NULL for UTF-8 */
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

	enc_conv(st->cd, NULL, NULL, &op, &ol);
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
			enc_conv(st->cd, NULL, NULL, &op, &ol);
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
		r = enc_conv(st->cd, &ip, &il, &op, &ol);
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

static int64_t
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
		if (st->cd == NULL)
			enc_fill_utf8(st);
		else
			enc_fill_iconv(st);
		if (st->olen == 0 && st->err.code == 0 && (st->eof && st->ipos == st->ilen) &&
		    (st->cd == NULL || st->flushed))
			break;	/* the end */
	}
	/* Good text before a fault is handed over first; the fault comes next. */
	if (n == 0 && st->err.code != 0) {
		errno = st->err.code == ERR_IO ? EIO : EILSEQ;
		return -1;
	}
	return (int64_t)n;
}

static void
enc_stream_free(struct enc_stream *st)
{
	if (st->cd != NULL)
		enc_conv_close(st->cd);
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

/* Shows line (len bytes, no line end) as enc would read it, cut to about
 * 48 characters around its first byte above ASCII; a byte enc does not have
 * shows as '?'. */
void
enc_sample(const char *line, size_t len, const struct enc_info *in, char *out, size_t size)
{
	size_t start = 0, end, o = 0;
	struct enc_conv *cd = enc_conv_open(in, false);

	out[0] = '\0';
	while (start < len && (unsigned char)line[start] < 0x80)
		start++;
	/* From the start of that cell, or a little before the byte. */
	for (size_t k = 0; k < 24 && start > 0 && line[start - 1] != ',' &&
	    line[start - 1] != ';'; k++)
		start--;
	end = start + 48 < len ? start + 48 : len;
	if (cd == NULL) {
		snprintf(out, size, "?");
		return;
	}
	char *ip = (char *)line + start, *op = out;
	size_t il = end - start, ol = size - 1;
	while (il > 0 && ol > 4) {
		if (enc_conv(cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG)
			break;
		/* A byte the encoding does not have, or one cut at the end. */
		*op++ = '?';
		ol--;
		ip++;
		il--;
	}
	enc_conv(cd, NULL, NULL, &op, &ol);
	o = (size_t)(op - out);
	out[o] = '\0';
	/* Controls (VISCII letters read as something else) shown as '?'. */
	for (size_t i = 0; i < o; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = '?';
	if (end < len && o + 4 < size)
		strcat(out, "…");
	enc_conv_close(cd);
	err_utf8_cut(out);
}

static FILE *
enc_open_read(const char *path, const char *enc, char *detected, size_t dsize,
    struct encoding_samples *unsure, struct err *e)
{
	const char *want = encoding_canonical(enc);
	const struct enc_info *info;
	struct enc_stream *st;
	FILE *fp;

	if (detected != NULL && dsize > 0)
		detected[0] = '\0';
	if (want == NULL)
		return enc_unknown(enc, e), NULL;
	if ((st = calloc(1, sizeof *st)) == NULL || (st->path = strdup(path)) == NULL) {
		free(st);
		return err_set(e, ERR_NOMEM, _("out of memory")), NULL;
	}
	st->cd = NULL;
	st->line = 1;
	if ((st->fp = os_fopen(path, "rb")) == NULL) {
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
	    (st->cd = enc_conv_open(st->info, false)) == NULL) {
		err_set(e, ERR_FAIL, _("this system cannot convert from %s (iconv: %s)"),
		    st->info->display, err_errno(errno));
		goto fail;
	}
	/* Listed first: on Windows the stream reads the whole file now, and its
	 * close takes it off the list again (st is then gone). */
	info = st->info;
	st->next = enc_open_streams;
	enc_open_streams = st;
	if ((fp = os_stream_reader(st, enc_cookie_read, enc_cookie_close, &st->self)) == NULL) {
		if (st->err.code != 0)
			err_set(e, st->err.code, "%s", st->err.msg);
		else if (errno == ENOMEM)
			err_set(e, ERR_NOMEM, _("out of memory"));
		else
			err_set(e, ERR_IO, _("%s: cannot open: %s"), path, err_errno(errno));
		enc_cookie_close(st);
		return NULL;
	}
	if (detected != NULL && dsize > 0)
		snprintf(detected, dsize, "%s", info->name);
	return fp;
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
	struct enc_conv *cd;	/* NULL for UTF-8 */
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
	w->cd = NULL;
	if (info->iconv != NULL && (w->cd = enc_conv_open(info, true)) == NULL) {
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
	if (w->cd != NULL)
		enc_conv_close(w->cd);
	tbuf_free(&w->nfc);
	free(w->out);
	free(w);
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
		size_t r = enc_conv(w->cd, &ip, &il, &op, &ol);
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
			enc_conv(w->cd, NULL, NULL, NULL, NULL);	/* back to the initial state */
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
	if (enc_conv(w->cd, NULL, NULL, &op, &ol) == (size_t)-1) {
		*used = (size_t)(op - w->out);
		if (enc_grow(w, w->cap + 16) != 0)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		op = w->out + *used;
		ol = w->cap - *used;
		enc_conv(w->cd, NULL, NULL, &op, &ol);
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
	if (w->cd == NULL ? enc_plain_nfc(utf8, &len) : enc_printable_ascii(utf8, &len))
		return tbuf_append(out, utf8, len) == 0 ? 0 :
		    err_set(e, ERR_NOMEM, _("out of memory"));
	if (w->cd == NULL) {
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
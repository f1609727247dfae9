/* csv: streaming RFC 4180 reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/i18n.h"

struct csv {
	FILE *fp;
	const char *name;
	char delim;
	bool bom;
	bool started;
	long line;	/* current physical line */
	long row_line;
	char *buf;	/* field bytes, each NUL-terminated */
	size_t len, cap;
	size_t fstart;	/* where the field being read starts in buf */
	size_t lim;	/* len may grow to this before a limit is passed */
	bool header;	/* reading the first row */
	size_t *off;	/* field start offsets into buf */
	size_t *flen;
	size_t nf, fcap;
	int back[4];		/* bytes read ahead for the BOM check, given back in order */
	int nback;
	/* The stream is read in blocks, so that a run of ordinary bytes is
	 * found and copied whole instead of a byte at a time. */
	char *rbuf;
	size_t rpos, rlen;
	bool reof;
};

#define CSV_BLOCK 65536
/* The most buf ever holds: a row's bytes, one NUL per field, one spare. */
#define CSV_BUF_MAX ((size_t)CSV_MAX_ROW + CSV_MAX_COLS + 2)

static bool
csv_fill(struct csv *c)
{
	if (c->reof)
		return false;
	if (c->rbuf == NULL && (c->rbuf = malloc(CSV_BLOCK)) == NULL) {
		c->reof = true;	/* seen as the end; the caller then names no error */
		return false;
	}
	c->rpos = 0;
	c->rlen = fread(c->rbuf, 1, CSV_BLOCK, c->fp);
	if (c->rlen == 0)
		c->reof = true;
	return c->rlen > 0;
}

/* The next byte of the stream, without the read-ahead given back. */
static inline int
csv_rawc(struct csv *c)
{
	if (c->rpos == c->rlen && !csv_fill(c))
		return EOF;
	return (unsigned char)c->rbuf[c->rpos++];
}

static inline int
csv_getc(struct csv *c)
{
	if (c->nback > 0) {
		int ch = c->back[0];
		memmove(c->back, c->back + 1, (size_t)--c->nback * sizeof c->back[0]);
		return ch;
	}
	return csv_rawc(c);
}

struct csv *
csv_open(FILE *fp, const char *name, char delim)
{
	struct csv *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->fp = fp;
	c->name = name;
	c->delim = delim;
	c->line = 1;
	return c;
}

void
csv_free(struct csv *c)
{
	if (c == NULL)
		return;
	free(c->buf);
	free(c->rbuf);
	free(c->off);
	free(c->flen);
	free(c);
}

static void
csv_ungetc(struct csv *c, int ch)
{
	memmove(c->back + 1, c->back, (size_t)c->nback * sizeof c->back[0]);
	c->back[0] = ch;
	c->nback++;
}

/* Makes room for len + n + 1 bytes; the limits keep that under CSV_BUF_MAX. */
static int
csv_grow(struct csv *c, size_t n, struct err *e)
{
	size_t ncap = c->cap ? c->cap : 256;
	char *p;

	while (c->len + n + 1 >= ncap)
		ncap *= 2;
	if (ncap > CSV_BUF_MAX && c->len + n + 1 < CSV_BUF_MAX)
		ncap = CSV_BUF_MAX;
	if ((p = realloc(c->buf, ncap)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory")), -1;
	c->buf = p;
	c->cap = ncap;
	return 0;
}

/* Where the field starting at len may end: its own limit, and what is left
 * of the row's (len counts one NUL for each field before it). */
static void
csv_field_start(struct csv *c)
{
	size_t row = c->header ? CSV_MAX_HEADER : CSV_MAX_ROW;
	size_t f = c->len + CSV_MAX_FIELD, r = row + c->nf;

	c->fstart = c->len;
	c->lim = f < r ? f : r;
}

/* n more bytes would pass a limit: which one, named with the file and line. */
static int
csv_too_long(struct csv *c, size_t n, struct err *e)
{
	if (c->len + n - c->fstart > CSV_MAX_FIELD)
		err_set(e, ERR_INVALID,
		    _("%s:%ld: column %zu: the cell is longer than %d bytes, the most one cell"
		    " may hold; nothing more was read"), c->name, c->row_line, c->nf + 1,
		    CSV_MAX_FIELD);
	else if (c->header)
		err_set(e, ERR_INVALID,
		    _("%s:%ld: the header (the first row) is longer than %d bytes;"
		    " nothing more was read"), c->name, c->row_line, CSV_MAX_HEADER);
	else
		err_set(e, ERR_INVALID,
		    _("%s:%ld: the row is longer than %d bytes, the most one row may hold;"
		    " nothing more was read"), c->name, c->row_line, CSV_MAX_ROW);
	return -1;
}

/* Appends n bytes of a run. */
static int
csv_put(struct csv *c, const char *p, size_t n, struct err *e)
{
	if (c->len + n > c->lim)
		return csv_too_long(c, n, e);
	if (c->len + n + 1 >= c->cap && csv_grow(c, n, e) != 0)
		return -1;
	memcpy(c->buf + c->len, p, n);
	c->len += n;
	return 0;
}

/* Runs for every byte of a file: the common case inline, the rest apart. */
static inline int
csv_putc(struct csv *c, char ch, struct err *e)
{
	if (c->len >= c->lim || c->len + 1 >= c->cap)
		return csv_put(c, &ch, 1, e);
	c->buf[c->len++] = ch;
	return 0;
}

static int
csv_end_field(struct csv *c, struct err *e)
{
	if (c->nf == CSV_MAX_COLS)
		return err_set(e, ERR_INVALID,
		    _("%s:%ld: more than %d columns, the most a row may have; nothing more was read"),
		    c->name, c->row_line, CSV_MAX_COLS), -1;
	if (c->nf == c->fcap) {
		size_t ncap = c->fcap ? c->fcap * 2 : 16;
		size_t *o = realloc(c->off, ncap * sizeof *o);
		if (o == NULL)
			goto nomem;
		c->off = o;
		size_t *l = realloc(c->flen, ncap * sizeof *l);
		if (l == NULL)
			goto nomem;
		c->flen = l;
		c->fcap = ncap;
	}
	c->off[c->nf] = c->fstart;
	c->flen[c->nf] = c->len - c->fstart;
	c->nf++;
	/* The NUL ending a field counts against no limit. */
	if (c->len + 1 >= c->cap && csv_grow(c, 1, e) != 0)
		return -1;
	c->buf[c->len++] = '\0';
	csv_field_start(c);
	return 0;
nomem:
	return err_set(e, ERR_NOMEM, _("out of memory")), -1;
}

/* At the start of the file: a byte-order mark is skipped; anything else read
 * while looking for one is given back to the reader, delimiters and
 * newlines included. */
static void
csv_bom(struct csv *c)
{
	static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };
	int b[3], n = 0;

	c->started = true;
	while (n < 3 && (b[n] = csv_rawc(c)) != EOF && b[n] == bom[n])
		n++;
	if (n == 3)
		c->bom = true;
	else {
		int got = n + (n < 3 && b[n] != EOF ? 1 : 0);
		for (int i = 0; i < got; i++)
			c->back[c->nback++] = b[i];
	}
}

/* A run of bytes that mean nothing here (no delimiter, quote or line end;
 * inside quotes, no quote or newline), copied whole: 1 when there was one,
 * 0 when not, -1 on error. */
static int
csv_run(struct csv *c, bool quoted, struct err *e)
{
	const char *b = c->rbuf;
	size_t p = c->rpos, end = c->rlen;

	if (c->nback != 0 || c->rpos >= c->rlen)
		return 0;
	if (quoted)
		while (p < end && b[p] != '"' && b[p] != '\n')
			p++;
	else
		while (p < end && b[p] != c->delim && b[p] != '"' && b[p] != '\r' && b[p] != '\n')
			p++;
	if (p == c->rpos)
		return 0;
	if (csv_put(c, b + c->rpos, p - c->rpos, e) < 0)
		return -1;
	c->rpos = p;
	return 1;
}

/* ch read inside quotes: a doubled quote is one, a single quote closes. */
static int
csv_quoted(struct csv *c, int ch, bool *quoted, bool *after_quote, struct err *e)
{
	if (ch == '"') {
		int nx = csv_getc(c);
		if (nx == '"')
			return csv_putc(c, '"', e) < 0 ? -1 : 0;
		if (nx != EOF)
			csv_ungetc(c, nx);
		*quoted = false;
		*after_quote = true;
		return 0;
	}
	if (ch == '\n')
		c->line++;
	return csv_putc(c, (char)ch, e) < 0 ? -1 : 0;
}

/* The end of the file: the last row (1), none (0), or an error (-1). */
static int
csv_eof(struct csv *c, bool quoted, bool any, struct err *e)
{
	if (ferror(c->fp))
		return err_set(e, ERR_IO, _("%s:%ld: read error"), c->name, c->line), -1;
	if (quoted)
		return err_set(e, ERR_INVALID, _("%s:%ld: a quoted field is not closed"),
		    c->name, c->row_line), -1;
	if (!any && c->nf == 0)
		return 0;
	return csv_end_field(c, e) < 0 ? -1 : 1;
}

int
csv_next(struct csv *c, struct err *e)
{
	int ch, run;
	bool quoted = false, after_quote = false, any = false;

	c->len = 0;
	c->nf = 0;
	c->header = !c->started;
	csv_field_start(c);
	if (!c->started)
		csv_bom(c);
	c->row_line = c->line;
	for (;;) {
		if (!after_quote && (run = csv_run(c, quoted, e)) != 0) {
			if (run < 0)
				return -1;
			any = true;
			continue;
		}
		if ((ch = csv_getc(c)) == EOF)
			return csv_eof(c, quoted, any, e);
		any = true;
		if (quoted) {
			if (csv_quoted(c, ch, &quoted, &after_quote, e) < 0)
				return -1;
			continue;
		}
		if (ch == c->delim) {
			if (csv_end_field(c, e) < 0)
				return -1;
			after_quote = false;
			continue;
		}
		if (ch == '\r') {
			int nx = csv_getc(c);
			if (nx != '\n' && nx != EOF)
				csv_ungetc(c, nx);
			ch = '\n';
		}
		if (ch == '\n') {
			c->line++;
			return csv_end_field(c, e) < 0 ? -1 : 1;
		}
		if (after_quote)
			return err_set(e, ERR_INVALID,
			    _("%s:%ld: text after a closing quote in field %zu"),
			    c->name, c->row_line, c->nf + 1), -1;
		if (ch == '"' && c->len == c->fstart) {
			quoted = true;
			continue;
		}
		if (csv_putc(c, (char)ch, e) < 0)
			return -1;
	}
}

size_t
csv_nfields(const struct csv *c)
{
	return c->nf;
}

const char *
csv_field(const struct csv *c, size_t i)
{
	return i < c->nf ? c->buf + c->off[i] : "";
}

size_t
csv_field_len(const struct csv *c, size_t i)
{
	return i < c->nf ? c->flen[i] : 0;
}

long
csv_line(const struct csv *c)
{
	return c->row_line;
}

bool
csv_had_bom(const struct csv *c)
{
	return c->bom;
}

int
csv_write_field(FILE *fp, const char *s, char delim, bool first)
{
	bool quote = false;

	if (!first && putc(delim, fp) == EOF)
		return -1;
	if (s == NULL)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p == delim || *p == '"' || *p == '\n' || *p == '\r') {
			quote = true;
			break;
		}
	if (!quote)
		return fputs(s, fp) == EOF ? -1 : 0;
	if (putc('"', fp) == EOF)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p == '"' && putc('"', fp) == EOF)
			return -1;
		if (putc(*p, fp) == EOF)
			return -1;
	}
	return putc('"', fp) == EOF ? -1 : 0;
}

/* A cell a spreadsheet would run: one of OWASP's leading characters, maybe
 * after apostrophes (which the guard adds, and so must be guarded too). */
bool
csv_formula_risk(const char *s)
{
	if (s == NULL)
		return false;
	while (*s == '\'')
		s++;
	return *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
}

int
csv_write_guarded(FILE *fp, const char *s, char delim, bool first)
{
	bool quote = false;

	if (!csv_formula_risk(s))
		return csv_write_field(fp, s, delim, first);
	if (!first && putc(delim, fp) == EOF)
		return -1;
	/* The apostrophe goes inside the quotes: a quote after it is text. */
	for (const char *p = s; *p; p++)
		if (*p == delim || *p == '"' || *p == '\n' || *p == '\r') {
			quote = true;
			break;
		}
	if (quote && putc('"', fp) == EOF)
		return -1;
	if (putc('\'', fp) == EOF)
		return -1;
	for (const char *p = s; *p; p++) {
		if (quote && *p == '"' && putc('"', fp) == EOF)
			return -1;
		if (putc(*p, fp) == EOF)
			return -1;
	}
	return quote && putc('"', fp) == EOF ? -1 : 0;
}

void
csv_unguard_row(struct csv *c)
{
	for (size_t i = 0; i < c->nf; i++) {
		const char *f = c->buf + c->off[i];
		if (f[0] == '\'' && csv_formula_risk(f + 1)) {
			c->off[i]++;
			c->flen[i]--;
		}
	}
}

/* form-value: one field's value as typed, as stored and as shown. These are
 * the only value rules: the form screen, the importer and form_check_record
 * all go through form_parse. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/uuid.h"
#include "form-internal.h"

/* Words for yes and no, folded (text_fold: no case, no diacritics, đ -> d). */
static const char *const form_yes[] = {
	"co", "c", "x", "y", "yes", "1", "true", "dung", "roi",
};
static const char *const form_no[] = {
	"khong", "k", "ko", "n", "no", "0", "false", "sai", "chua",
};

static int
form_buf_grow(struct tbuf *b, size_t need)
{
	size_t cap;
	char *p;

	if (b->p != NULL && need <= b->cap)
		return 0;
	cap = b->cap < 64 ? 64 : b->cap;
	while (cap < need)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int
form_buf_reset(struct tbuf *b)
{
	if (form_buf_grow(b, 1) != 0)
		return -1;
	b->len = 0;
	b->p[0] = '\0';
	return 0;
}

int
form_buf_add(struct tbuf *b, const char *s, size_t len)
{
	if (form_buf_grow(b, b->len + len + 1) != 0)
		return -1;
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

int
form_buf_str(struct tbuf *b, const char *s)
{
	return form_buf_add(b, s, strlen(s));
}

int
form_buf_set(struct tbuf *b, const char *s, size_t len)
{
	b->len = 0;
	return form_buf_add(b, s, len);
}

int
form_nomem(struct err *e)
{
	return err_set(e, ERR_NOMEM, _("out of memory"));
}

int
form_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

bool
form_is_sep(int c)
{
	return c == ';' || c == ',';
}

/* Trims ASCII spaces around s[*a..*b). */
void
form_trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && (s[*a] == ' ' || s[*a] == '\t'))
		(*a)++;
	while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t'))
		(*b)--;
}

/* Characters as a person counts them: a letter with its marks is one. */
static size_t
form_chars(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0, pos = 0, i;

	/* ASCII but CR, U+0080..U+024F and U+1E00..U+1EFF (all of Vietnamese,
	 * composed) join with nothing: a code point is a character. The text
	 * is valid UTF-8: count the lead bytes. Anything else is counted by
	 * grapheme clusters. */
	for (i = 0; i < len; i++) {
		if ((u[i] & 0xc0) == 0x80)
			continue;
		if ((u[i] < 0x80 && u[i] != '\r') || (u[i] >= 0xc2 && u[i] <= 0xc9) ||
		    (u[i] == 0xe1 && i + 1 < len && u[i + 1] >= 0xb8 && u[i + 1] <= 0xbb))
			n++;
		else
			break;
	}
	if (i == len)
		return n;
	n = 0;
	while (pos < len) {
		pos = text_grapheme_next(s, len, pos);
		n++;
	}
	return n;
}

/* true when s has a control character other than tab and line ends (C0,
 * DEL, C1); the input is valid UTF-8. */
static bool
form_has_control(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	for (; *u != '\0'; u++) {
		if (*u < 0x20 && *u != '\t' && *u != '\n' && *u != '\r')
			return true;
		if (*u == 0x7f || (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f))
			return true;
	}
	return false;
}

int
form_word_bool(const char *s)
{
	struct tbuf f = { 0 };
	int v = -1;

	if (text_fold(s, &f) != 0) {
		tbuf_free(&f);
		return -1;
	}
	for (size_t i = 0; i < sizeof form_yes / sizeof form_yes[0] && v < 0; i++)
		if (strcmp(f.p, form_yes[i]) == 0)
			v = 1;
	for (size_t i = 0; i < sizeof form_no / sizeof form_no[0] && v < 0; i++)
		if (strcmp(f.p, form_no[i]) == 0)
			v = 0;
	tbuf_free(&f);
	return v;
}

static int
form_days_in(int month, int year)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* The message for a number outside the field's range. */
static int
form_range_fault(const struct form_field *ff, const char *shown, struct err *e)
{
	const char *lb = form_label(ff);

	if (ff->has_min && ff->has_max)
		return err_set(e, ERR_INVALID, _("%s: %s is not between %lld and %lld"), lb,
		    shown, ff->min, ff->max);
	if (ff->has_min)
		return err_set(e, ERR_INVALID, _("%s: %s is less than %lld"), lb, shown,
		    ff->min);
	return err_set(e, ERR_INVALID, _("%s: %s is more than %lld"), lb, shown, ff->max);
}

static int
form_parse_text(const struct form_field *ff, const char *s, size_t len,
    struct tbuf *out, struct err *e)
{
	size_t n = form_chars(s, len);

	if (ff->has_max && (long long)n > ff->max)
		return err_set(e, ERR_INVALID, _("%s: %zu characters, at most %lld allowed"),
		    form_label(ff), n, ff->max);
	if (ff->has_min && (long long)n < ff->min)
		return err_set(e, ERR_INVALID, _("%s: %zu characters, at least %lld needed"),
		    form_label(ff), n, ff->min);
	return form_buf_set(out, s, len) == 0 ? 0 : form_nomem(e);
}

/* v in decimal, as "%lld" writes it, into buf (at least 21 bytes): every
 * number cell of an import comes here. */
static void
form_lltoa(char *buf, long long v)
{
	char tmp[24];
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	size_t n = 0, k = 0;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		buf[k++] = '-';
	while (n > 0)
		buf[k++] = tmp[--n];
	buf[k] = '\0';
}

static int
form_parse_int(const struct form_field *ff, const char *s, struct tbuf *out,
    struct err *e)
{
	const char *p = s;
	char *end, buf[32];
	long long v;
	bool overflow;

	if (*p == '+' || *p == '-')
		p++;
	if (*p == '\0')
		goto bad;
	for (; *p != '\0'; p++)
		if (!form_is_digit(*p))
			goto bad;
	errno = 0;
	v = strtoll(s, &end, 10);	/* on overflow, LLONG_MAX or LLONG_MIN */
	overflow = errno == ERANGE;
	if ((ff->has_min && v < ff->min) || (ff->has_max && v > ff->max))
		return form_range_fault(ff, s, e);
	if (overflow)
		return err_set(e, ERR_INVALID, _("%s: '%s' has too many digits"),
		    form_label(ff), s);
	form_lltoa(buf, v);
	return form_buf_str(out, buf) == 0 ? 0 : form_nomem(e);
bad:
	return err_set(e, ERR_INVALID, _("%s: '%s' is not a whole number"), form_label(ff), s);
}

/* Decimals are rewritten as text, not through a double, so "2,50" is
 * exactly "2.5" and nothing gains digits like 2.4999999. */
static int
form_parse_decimal(const struct form_field *ff, const char *s, struct tbuf *out,
    struct err *e)
{
	const char *p = s, *ip, *fp = "";
	size_t il, fl = 0;
	bool neg = false;
	char buf[FORM_DIGITS_MAX + 8];
	double v;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (ip = p; form_is_digit(*p); p++)
		;
	il = (size_t)(p - ip);
	if (*p == '.' || *p == ',') {
		for (fp = ++p; form_is_digit(*p); p++)
			;
		fl = (size_t)(p - fp);
	}
	if (*p != '\0' || il + fl == 0)
		return err_set(e, ERR_INVALID, _("%s: '%s' is not a number"), form_label(ff), s);
	while (il > 0 && *ip == '0') {
		ip++;
		il--;
	}
	while (fl > 0 && fp[fl - 1] == '0')
		fl--;
	if (il + fl > FORM_DIGITS_MAX)
		return err_set(e, ERR_INVALID, _("%s: '%s' has too many digits"),
		    form_label(ff), s);
	snprintf(buf, sizeof buf, "%s%.*s%s%.*s", neg && il + fl > 0 ? "-" : "",
	    il > 0 ? (int)il : 1, il > 0 ? ip : "0", fl > 0 ? "." : "", (int)fl, fp);
	v = strtod(buf, NULL);
	if ((ff->has_min && v < (double)ff->min) || (ff->has_max && v > (double)ff->max))
		return form_range_fault(ff, s, e);
	return form_buf_str(out, buf) == 0 ? 0 : form_nomem(e);
}

static int
form_parse_date(const struct form_field *ff, const char *s, struct tbuf *out,
    struct err *e)
{
	const char *p = s, *lb = form_label(ff);
	int g[3], glen[3], n = 0, y, m, d;
	char sep = 0, buf[32];

	for (;;) {
		if (!form_is_digit(*p) || n == 3)
			goto bad;
		g[n] = 0;
		glen[n] = 0;
		for (; form_is_digit(*p); p++, glen[n]++)
			if (glen[n] < 6)
				g[n] = g[n] * 10 + (*p - '0');
		n++;
		if (*p == '\0')
			break;
		if (*p != '/' && *p != '-' && *p != '.')
			goto bad;
		if (sep != 0 && *p != sep)
			goto bad;
		sep = *p++;
	}
	if (n < 3)
		return err_set(e, ERR_INVALID,
		    _("%s: '%s' is not a whole date; type day, month and year as dd/mm/yyyy"),
		    lb, s);
	if (glen[0] == 4 && sep == '-' && glen[1] <= 2 && glen[2] <= 2) {
		y = g[0];
		m = g[1];
		d = g[2];
	} else if (glen[0] <= 2 && glen[1] <= 2 && glen[2] == 4) {
		d = g[0];
		m = g[1];
		y = g[2];
	} else if (glen[0] <= 2 && glen[1] <= 2 && glen[2] <= 2) {
		return err_set(e, ERR_INVALID, _("%s: '%s': type the year with four digits"),
		    lb, s);
	} else
		goto bad;
	if (y < FORM_YEAR_MIN || y > FORM_YEAR_MAX)
		return err_set(e, ERR_INVALID,
		    _("%s: %s: the year must be between %d and %d"), lb, s, FORM_YEAR_MIN,
		    FORM_YEAR_MAX);
	if (m < 1 || m > 12 || d < 1 || d > form_days_in(m, y))
		return err_set(e, ERR_INVALID, _("%s: %s is not a real date"), lb, s);
	/* yyyy-mm-dd by hand: every date cell of an import comes here. */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return form_buf_str(out, buf) == 0 ? 0 : form_nomem(e);
bad:
	return err_set(e, ERR_INVALID, _("%s: '%s' is not a date; type dd/mm/yyyy"), lb, s);
}

static int
form_parse_bool(const struct form_field *ff, const char *s, struct tbuf *out,
    struct err *e)
{
	int v = form_word_bool(s);

	if (v < 0)
		return err_set(e, ERR_INVALID, _("%s: '%s' is neither yes nor no"),
		    form_label(ff), s);
	return form_buf_str(out, v ? "1" : "0") == 0 ? 0 : form_nomem(e);
}

/* Vietnamese numbers, stored one way: 0 and 9 digits (mobile) or 10
 * (landline with area code). +84 or 0084 (with or without the "(0)" people
 * write after it) is the same number: stored with the 0 instead. Spaces,
 * dots, dashes and brackets people write between groups are dropped. */
static int
form_parse_phone(const struct form_field *ff, const char *s, struct tbuf *out,
    struct err *e)
{
	char buf[32];
	const char *rest = buf;
	size_t n = 0;

	for (const char *p = s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '.' || *p == '-' || *p == '(' || *p == ')')
			continue;
		if (n + 1 >= sizeof buf || !(form_is_digit(*p) || (*p == '+' && n == 0)))
			goto bad;
		buf[n++] = *p;
	}
	buf[n] = '\0';
	if (strncmp(buf, "+84", 3) == 0 || strncmp(buf, "0084", 4) == 0) {
		rest = buf + (buf[0] == '+' ? 3 : 4);
		if (*rest == '0')	/* "+84 (0) 912 ..." */
			rest++;
		if (*rest == '0' || *rest == '\0')
			goto bad;
		rest--;			/* the national 0 in its place */
		buf[rest - buf] = '0';
	}
	n = strlen(rest);
	if (rest[0] != '0' || (n != 10 && n != 11) || rest[1] == '0')
		goto bad;
	return form_buf_str(out, rest) == 0 ? 0 : form_nomem(e);
bad:
	return err_set(e, ERR_INVALID,
	    _("%s: '%s' is not a Vietnamese phone number (10 or 11 digits starting with 0, or +84)"),
	    form_label(ff), s);
}

/* A sane address, not RFC 5322: one @, no spaces, a dot inside the domain.
 * Vietnamese letters are refused: they mean Unikey was left on. */
static int
form_parse_email(const struct form_field *ff, const char *s, size_t len,
    struct tbuf *out, struct err *e)
{
	const char *at = strchr(s, '@'), *dom;
	size_t dl;

	for (const char *p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			goto bad;
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL || len > 254)
		goto bad;
	dom = at + 1;
	dl = strlen(dom);
	if (dl < 3 || strchr(dom, '.') == NULL || dom[0] == '.' || dom[dl - 1] == '.' ||
	    dom[0] == '-' || strstr(dom, "..") != NULL || s[0] == '.' || at[-1] == '.')
		goto bad;
	/* Domains are case-blind; the local part is the owner's business. */
	if (form_buf_set(out, s, len) != 0)
		return form_nomem(e);
	for (size_t i = (size_t)(dom - s); i < out->len; i++)
		if (out->p[i] >= 'A' && out->p[i] <= 'Z')
			out->p[i] = (char)(out->p[i] - 'A' + 'a');
	return 0;
bad:
	return err_set(e, ERR_INVALID, _("%s: '%s' is not an email address"), form_label(ff), s);
}

bool
form_id(const char *s, size_t len, char id[UUID_STR_LEN])
{
	if (len != UUID_STR_LEN - 1)
		return false;
	for (size_t i = 0; i < len; i++)
		id[i] = s[i] >= 'A' && s[i] <= 'F' ? (char)(s[i] - 'A' + 'a') : s[i];
	id[len] = '\0';
	return uuid_valid(id);
}

static int
form_parse_ref(const struct form_field *ff, const char *s, size_t len, struct tbuf *out,
    struct err *e)
{
	char id[UUID_STR_LEN];

	if (!form_id(s, len, id))
		return err_set(e, ERR_INVALID, _("%s: '%s' is not a record id"), form_label(ff), s);
	return form_buf_str(out, id) == 0 ? 0 : form_nomem(e);
}

static int
form_cmp_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int
form_parse_refs(const struct form_field *ff, const char *s, size_t len, struct tbuf *out,
    struct form_scratch *sc, struct err *e)
{
	char (*ids)[UUID_STR_LEN] = NULL;
	size_t n = 0, pos = 0;
	int rc = 0;

	while (pos < len) {
		size_t a = pos, b;
		while (a < len && (form_is_sep(s[a]) || s[a] == ' ' || s[a] == '\t' ||
		    s[a] == '\n'))
			a++;
		for (b = a; b < len && !form_is_sep(s[b]) && s[b] != ' ' && s[b] != '\t' &&
		    s[b] != '\n'; b++)
			;
		pos = b;
		if (a == b)
			continue;
		if (n == FORM_REFS_MAX) {
			rc = err_set(e, ERR_INVALID, _("%s: more than %d records"), form_label(ff),
			    FORM_REFS_MAX);
			goto out;
		}
		if (n % 16 == 0) {
			char (*more)[UUID_STR_LEN] = realloc(ids, (n + 16) * sizeof *ids);
			if (more == NULL) {
				rc = form_nomem(e);
				goto out;
			}
			ids = more;
		}
		if (!form_id(s + a, b - a, ids[n])) {
			if (form_buf_set(&sc->item, s + a, b - a) != 0) {
				rc = form_nomem(e);
				goto out;
			}
			rc = err_set(e, ERR_INVALID, _("%s: '%s' is not a record id"),
			    form_label(ff), sc->item.p);
			goto out;
		}
		n++;
	}
	/* Sorted, as the store gives them back. */
	if (n > 0)
		qsort(ids, n, sizeof *ids, form_cmp_id);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && strcmp(ids[i], ids[i - 1]) == 0) {
			rc = err_set(e, ERR_INVALID, _("%s: '%s' is given twice"), form_label(ff),
			    ids[i]);
			goto out;
		}
		if ((i > 0 && form_buf_str(out, ";") != 0) || form_buf_str(out, ids[i]) != 0) {
			rc = form_nomem(e);
			goto out;
		}
	}
out:
	free(ids);
	return rc;
}

static int
form_parse_with(const struct form_field *ff, const char *input, struct tbuf *out,
    struct form_scratch *sc, struct err *e)
{
	const char *lb = form_label(ff), *s;
	size_t len;
	int rc;

	if (form_buf_reset(out) != 0)
		return form_nomem(e);
	if (input == NULL)
		input = "";
	if (!text_utf8_valid(input, strlen(input), NULL))
		return err_set(e, ERR_INVALID, _("%s: the text is not valid UTF-8"), lb);
	if (form_has_control(input))
		return err_set(e, ERR_INVALID, _("%s: contains a control character"), lb);
	if ((rc = text_clean(input, &sc->clean)) != 0)
		return rc == -2 ? form_nomem(e) :
		    err_set(e, ERR_INVALID, _("%s: the text is not valid UTF-8"), lb);
	s = sc->clean.p;
	len = sc->clean.len;
	if (ff->type != FIELD_NOTE) {
		if (memchr(s, '\n', len) != NULL)
			return err_set(e, ERR_INVALID, _("%s: must be on one line"), lb);
		if (memchr(s, '\t', len) != NULL)
			return err_set(e, ERR_INVALID, _("%s: contains a control character"), lb);
	}
	if (len == 0) {
		if (ff->required)
			return err_set(e, ERR_INVALID, _("%s: is required"), lb);
		return 0;
	}
	switch (ff->type) {
	case FIELD_TEXT:
	case FIELD_NOTE:
		return form_parse_text(ff, s, len, out, e);
	case FIELD_INT:
		return form_parse_int(ff, s, out, e);
	case FIELD_DECIMAL:
		return form_parse_decimal(ff, s, out, e);
	case FIELD_DATE:
		return form_parse_date(ff, s, out, e);
	case FIELD_CHOICE:
		return form_parse_choice(ff, s, len, out, sc, e);
	case FIELD_BOOL:
		return form_parse_bool(ff, s, out, e);
	case FIELD_MULTI:
		return form_parse_multi(ff, s, len, out, sc, e);
	case FIELD_PHONE:
		return form_parse_phone(ff, s, out, e);
	case FIELD_EMAIL:
		return form_parse_email(ff, s, len, out, e);
	case FIELD_REF:
		return form_parse_ref(ff, s, len, out, e);
	case FIELD_REFS:
		return form_parse_refs(ff, s, len, out, sc, e);
	case FIELD_COUNTS:
		return form_parse_counts(ff, s, len, out, sc, e);
	}
	return err_set(e, ERR_FAIL, "field %s: unknown type %d", ff->name, (int)ff->type);
}

/* The scratch of form_parse, kept from call to call: an import parses every
 * cell of a file twice (form_parse, form_check_record), and fresh buffers
 * were a malloc and a free for each of them. Every buffer is written before
 * it is read; the program parses on one thread and no parse nests. */
static struct form_scratch form_keep;

int
form_parse(const struct form_field *ff, const char *input, struct tbuf *out,
    struct err *e)
{
	int rc;

	rc = form_parse_with(ff, input, out, &form_keep, e);
	if (rc != 0)
		form_buf_reset(out);	/* nothing half-parsed reaches a caller */
	return rc;
}

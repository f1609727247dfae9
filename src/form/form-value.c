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

#define FORM_YEAR_MIN	1900	/* the store's DATE and YEAR checks agree */
#define FORM_YEAR_MAX	2100
#define FORM_DIGITS_MAX	15	/* a REAL keeps 15 significant digits exactly */
#define FORM_HINT_ITEMS	4	/* labels named when a choice is not found */
#define FORM_REFS_MAX	1000	/* ids in one value; more is a broken file */

/* Scratch buffers of a parse. */
struct form_scratch {
	struct tbuf clean;	/* the input, NFC and trimmed */
	struct tbuf item;	/* one item of a list value */
	struct tbuf fold;	/* that item folded */
	struct tbuf key;	/* a label folded, to compare */
	struct tbuf hint;	/* labels for a message */
};

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

static int
form_buf_reset(struct tbuf *b)
{
	if (form_buf_grow(b, 1) != 0)
		return -1;
	b->len = 0;
	b->p[0] = '\0';
	return 0;
}

static int
form_buf_add(struct tbuf *b, const char *s, size_t len)
{
	if (form_buf_grow(b, b->len + len + 1) != 0)
		return -1;
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

static int
form_buf_str(struct tbuf *b, const char *s)
{
	return form_buf_add(b, s, strlen(s));
}

static int
form_buf_set(struct tbuf *b, const char *s, size_t len)
{
	b->len = 0;
	return form_buf_add(b, s, len);
}

static int
form_nomem(struct err *e)
{
	return err_set(e, ERR_NOMEM, _("out of memory"));
}

static int
form_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
form_is_sep(int c)
{
	return c == ';' || c == ',';
}

/* Trims ASCII spaces around s[*a..*b). */
static void
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

/* The item of l named by s[0..len) — its code, or its Vietnamese or English
 * label ignoring case, diacritics and punctuation. Returns the index, -1 when
 * none, -2 when several, -3 out of memory. */
static int
form_choice_find(const struct list *l, const char *s, size_t len, struct form_scratch *sc)
{
	int found = -1, exact = -1, nfound = 0;

	if (form_buf_set(&sc->item, s, len) != 0)
		return -3;
	if ((found = lists_find(l, sc->item.p)) >= 0)
		return found;
	if (text_fold(sc->item.p, &sc->fold) != 0)
		return -3;
	if (sc->fold.len == 0)
		return -1;
	for (size_t i = 0; i < l->n; i++) {
		const char *names[3] = { l->items[i].code, l->items[i].vi, l->items[i].en };
		for (size_t k = 0; k < 3; k++) {
			if (text_fold(names[k], &sc->key) != 0)
				return -3;
			if (strcmp(sc->key.p, sc->fold.p) != 0)
				continue;
			/* Folding may join two labels; the exact one decides. */
			if (strcmp(names[k], sc->item.p) == 0)
				exact = (int)i;
			nfound++;
			found = (int)i;
			break;
		}
	}
	if (nfound > 1)
		return exact >= 0 ? exact : -2;
	return found;
}

/* A few labels of l, to tell the user what is allowed. */
static int
form_choice_hint(const struct list *l, struct form_scratch *sc)
{
	if (form_buf_reset(&sc->hint) != 0)
		return -1;
	for (size_t i = 0; i < l->n && i < FORM_HINT_ITEMS; i++)
		if ((i > 0 && form_buf_str(&sc->hint, ", ") != 0) ||
		    form_buf_str(&sc->hint, i18n_pick(l->items[i].vi, l->items[i].en)) != 0)
			return -1;
	if (l->n > FORM_HINT_ITEMS && form_buf_str(&sc->hint, ", …") != 0)
		return -1;
	return 0;
}

/* The message for s[0..len) that names no item or several. */
static int
form_choice_fault(const struct form_field *ff, const char *s, size_t len, int why,
    struct form_scratch *sc, struct err *e)
{
	if (why == -3 || form_buf_set(&sc->item, s, len) != 0 ||
	    form_choice_hint(&ff->list, sc) != 0)
		return form_nomem(e);
	if (why == -2)
		return err_set(e, ERR_INVALID, _("%s: '%s' matches more than one item"),
		    form_label(ff), sc->item.p);
	return err_set(e, ERR_INVALID, _("%s: '%s' is not in the list; choose one of: %s"),
	    form_label(ff), sc->item.p, sc->hint.p);
}

static int
form_parse_choice(const struct form_field *ff, const char *s, size_t len,
    struct tbuf *out, struct form_scratch *sc, struct err *e)
{
	int i = form_choice_find(&ff->list, s, len, sc);

	if (i < 0)
		return form_choice_fault(ff, s, len, i, sc, e);
	return form_buf_str(out, ff->list.items[i].code) == 0 ? 0 : form_nomem(e);
}

/*
 * Finds the item that starts at s[a]: the longest run of pieces joined by
 * ',' (up to the next ';') that names an item, as labels such as "Kích hoạt,
 * sử dụng VNeID" hold commas themselves. *next gets where the rest starts.
 * Returns the item index or a form_choice_find failure for the first piece,
 * which *bad_a..*bad_b then delimit.
 */
static int
form_multi_next(const struct list *l, const char *s, size_t a, size_t len, size_t *next,
    size_t *bad_a, size_t *bad_b, struct form_scratch *sc)
{
	size_t end = a, stop, ta, tb;
	int i = -1;

	while (end < len && s[end] != ';')
		end++;
	for (stop = end; stop > a; ) {
		ta = a;
		tb = stop;
		form_trim(s, &ta, &tb);
		i = form_choice_find(l, s + ta, tb - ta, sc);
		if (i >= 0 || i == -3) {
			*next = stop < len ? stop + 1 : len;
			return i;
		}
		*bad_a = ta;
		*bad_b = tb;
		do
			stop--;
		while (stop > a && s[stop] != ',');
	}
	return i;
}

static int
form_parse_multi(const struct form_field *ff, const char *s, size_t len,
    struct tbuf *out, struct form_scratch *sc, struct err *e)
{
	const struct list *l = &ff->list;
	bool *seen = calloc(l->n + 1, sizeof *seen);
	size_t pos = 0, ba = 0, bb = 0;
	int i, rc = 0;

	if (seen == NULL)
		return form_nomem(e);
	for (;;) {
		while (pos < len && (form_is_sep(s[pos]) || s[pos] == ' '))
			pos++;
		if (pos == len)
			break;
		i = form_multi_next(l, s, pos, len, &pos, &ba, &bb, sc);
		if (i < 0) {
			rc = form_choice_fault(ff, s + ba, bb - ba, i, sc, e);
			goto out;
		}
		if (seen[i]) {
			rc = err_set(e, ERR_INVALID, _("%s: '%s' is given twice"), form_label(ff),
			    i18n_pick(l->items[i].vi, l->items[i].en));
			goto out;
		}
		seen[i] = true;
	}
	/* Stored in list order, so equal sets are equal strings. */
	for (size_t k = 0; k < l->n; k++)
		if (seen[k] && ((out->len > 0 && form_buf_str(out, ";") != 0) ||
		    form_buf_str(out, l->items[k].code) != 0)) {
			rc = form_nomem(e);
			goto out;
		}
	if (out->len == 0 && ff->required)
		rc = err_set(e, ERR_INVALID, _("%s: is required"), form_label(ff));
out:
	free(seen);
	return rc;
}

/* Reads a count (digits only) from s[a..b); -1 when it is not one. */
static long long
form_count(const char *s, size_t a, size_t b)
{
	long long n = 0;

	form_trim(s, &a, &b);
	if (a == b || b - a > 9)	/* a billion citizens is a typing slip */
		return -1;
	for (; a < b; a++) {
		if (!form_is_digit(s[a]))
			return -1;
		n = n * 10 + (s[a] - '0');
	}
	return n;
}

static int
form_parse_counts(const struct form_field *ff, const char *s, size_t len,
    struct tbuf *out, struct form_scratch *sc, struct err *e)
{
	const struct list *l = &ff->list;
	long long *cnt = malloc((l->n + 1) * sizeof *cnt);
	size_t pos = 0;
	char buf[24];
	int rc = 0;

	if (cnt == NULL)
		return form_nomem(e);
	for (size_t k = 0; k < l->n; k++)
		cnt[k] = -1;
	while (pos < len) {
		size_t a = pos, b, mark = 0, la, lb_;
		long long n;
		int i;

		/* An item runs to the first separator after its ':' or '=':
		 * the label before it may hold commas of its own. */
		for (b = a; b < len && s[b] != ';'; b++) {
			if (s[b] == ':' || s[b] == '=')
				mark = b + 1;
			else if (s[b] == ',' && mark != 0)
				break;
		}
		la = a;
		lb_ = b;
		form_trim(s, &la, &lb_);
		pos = b < len ? b + 1 : len;
		if (la == lb_)
			continue;
		if (mark == 0) {
			if (form_buf_set(&sc->item, s + la, lb_ - la) != 0) {
				rc = form_nomem(e);
				goto out;
			}
			rc = err_set(e, ERR_INVALID, _("%s: '%s' should be written as item: number"),
			    form_label(ff), sc->item.p);
			goto out;
		}
		if ((n = form_count(s, mark, b)) < 0) {
			size_t na = mark, nb = b;
			form_trim(s, &na, &nb);
			if (form_buf_set(&sc->item, s + na, nb - na) != 0) {
				rc = form_nomem(e);
				goto out;
			}
			rc = err_set(e, ERR_INVALID,
			    _("%s: '%s' is not a count (a whole number, 0 or more)"),
			    form_label(ff), sc->item.p);
			goto out;
		}
		la = a;
		lb_ = mark - 1;
		form_trim(s, &la, &lb_);
		if ((i = form_choice_find(l, s + la, lb_ - la, sc)) < 0) {
			rc = form_choice_fault(ff, s + la, lb_ - la, i, sc, e);
			goto out;
		}
		if (cnt[i] >= 0) {
			rc = err_set(e, ERR_INVALID, _("%s: '%s' is given twice"), form_label(ff),
			    i18n_pick(l->items[i].vi, l->items[i].en));
			goto out;
		}
		if (ff->has_max && n > ff->max) {
			rc = err_set(e, ERR_INVALID,
			    _("%s: %s: %lld is more than %lld, the limit for one category"),
			    form_label(ff), i18n_pick(l->items[i].vi, l->items[i].en), n, ff->max);
			goto out;
		}
		cnt[i] = n;
	}
	for (size_t k = 0; k < l->n; k++) {
		if (cnt[k] < 0)
			continue;
		snprintf(buf, sizeof buf, "=%lld", cnt[k]);
		if ((out->len > 0 && form_buf_str(out, ";") != 0) ||
		    form_buf_str(out, l->items[k].code) != 0 || form_buf_str(out, buf) != 0) {
			rc = form_nomem(e);
			goto out;
		}
	}
	if (out->len == 0 && ff->required)
		rc = err_set(e, ERR_INVALID, _("%s: is required"), form_label(ff));
out:
	free(cnt);
	return rc;
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

/* Appends the label of the item with code s[0..len), or the code itself
 * when the list does not know it (shown so the user can fix it). */
static int
form_format_item(const struct list *l, const char *s, size_t len, struct tbuf *out)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->items[i].code) == len && memcmp(l->items[i].code, s, len) == 0)
			return form_buf_str(out, i18n_pick(l->items[i].vi, l->items[i].en));
	return form_buf_add(out, s, len);
}

/* MULTI and COUNTS: items in list order, unknown codes after them as given. */
static int
form_format_set(const struct form_field *ff, const char *canon, struct tbuf *out)
{
	const struct list *l = &ff->list;
	bool counts = ff->type == FIELD_COUNTS;
	const char *sep = counts ? "; " : ", ";

	for (size_t pass = 0; pass <= l->n; pass++) {
		for (const char *p = canon; *p != '\0'; ) {
			const char *semi = strchr(p, ';');
			size_t len = semi ? (size_t)(semi - p) : strlen(p);
			const char *eq = counts ? memchr(p, '=', len) : NULL;
			size_t clen = eq ? (size_t)(eq - p) : len;
			int at;

			if (len > 0) {
				char code[128];
				/* Copied by hand: snprintf here was a fifth of a CSV export. */
				size_t cl = clen < sizeof code ? clen : sizeof code - 1;
				memcpy(code, p, cl);
				code[cl] = '\0';
				at = lists_find(l, code);
				/* pass i < n emits item i; pass n emits the unknown. */
				if ((pass < l->n && at == (int)pass) || (pass == l->n && at < 0)) {
					if ((out->len > 0 && form_buf_str(out, sep) != 0) ||
					    form_format_item(l, p, clen, out) != 0)
						return -1;
					if (eq != NULL && (form_buf_str(out, ": ") != 0 ||
					    form_buf_add(out, eq + 1, len - clen - 1) != 0))
						return -1;
				}
			}
			p = semi ? semi + 1 : p + len;
		}
	}
	return 0;
}

static bool
form_is_iso_date(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !form_is_digit(s[i]))
			return false;
	return s[10] == '\0';
}

int
form_format(const struct form_field *ff, const char *canon, struct tbuf *out)
{
	char buf[16];

	if (form_buf_reset(out) != 0)
		return -1;
	if (canon == NULL || *canon == '\0')
		return 0;
	switch (ff->type) {
	case FIELD_DATE:
		if (form_is_iso_date(canon)) {
			snprintf(buf, sizeof buf, "%.2s/%.2s/%.4s", canon + 8, canon + 5, canon);
			return form_buf_str(out, buf);
		}
		break;
	case FIELD_BOOL:
		if (strcmp(canon, "1") == 0)
			return form_buf_str(out, i18n_pick("Có", "Yes"));
		if (strcmp(canon, "0") == 0)
			return form_buf_str(out, i18n_pick("Không", "No"));
		break;
	case FIELD_DECIMAL:
		/* Vietnamese writes a decimal comma. */
		if (form_buf_str(out, canon) != 0)
			return -1;
		if (strcmp(i18n_lang(), "vi") == 0 && strspn(canon, "-0123456789.") == strlen(canon))
			for (char *p = out->p; *p != '\0'; p++)
				if (*p == '.')
					*p = ',';
		return 0;
	case FIELD_CHOICE:
		return form_format_item(&ff->list, canon, strlen(canon), out);
	case FIELD_MULTI:
	case FIELD_COUNTS:
		return form_format_set(ff, canon, out);
	default:
		break;
	}
	return form_buf_str(out, canon);
}

/* Sorts the ';'-separated items of s into b, to compare sets. */
static int
form_sorted_items(const char *s, struct tbuf *b)
{
	char **v = NULL, *copy = strdup(s);
	size_t n = 0;
	int rc = -1;

	if (copy == NULL)
		return -1;
	for (char *save = NULL, *t = strtok_r(copy, ";", &save); t != NULL;
	    t = strtok_r(NULL, ";", &save)) {
		char **more = realloc(v, (n + 1) * sizeof *v);
		if (more == NULL)
			goto out;
		v = more;
		v[n++] = t;
	}
	for (size_t i = 1; i < n; i++)	/* a few items: insertion sort */
		for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	if (form_buf_reset(b) != 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((i > 0 && form_buf_str(b, ";") != 0) || form_buf_str(b, v[i]) != 0)
			goto out;
	rc = 0;
out:
	free(v);
	free(copy);
	return rc;
}

/* Whether stored value v is canon, the form_parse of itself. The store gives
 * sets back in code order and numbers as SQLite prints them ("3.0"). */
static int
form_same(const struct form_field *ff, const char *v, const char *canon)
{
	struct tbuf a = { 0 }, b = { 0 };
	int same;

	if (v == NULL || *v == '\0')
		return *canon == '\0';
	switch (ff->type) {
	case FIELD_DECIMAL:
		return strspn(v, "-0123456789.") == strlen(v);
	case FIELD_MULTI:
	case FIELD_COUNTS:
	case FIELD_REFS:
		if (form_sorted_items(v, &a) != 0 || form_sorted_items(canon, &b) != 0)
			same = -1;
		else
			same = strcmp(a.p, b.p) == 0;
		tbuf_free(&a);
		tbuf_free(&b);
		return same;
	default:
		return strcmp(v, canon) == 0;
	}
}

bool
form_equal(const struct form_field *ff, const char *a, const char *b)
{
	struct tbuf x = { 0 }, y = { 0 };
	bool same;

	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	if (*a == '\0' || *b == '\0')
		return *a == *b;
	switch (ff->type) {
	case FIELD_DECIMAL:
		/* The store may give "3.0" for a form's "3". */
		return strtod(a, NULL) == strtod(b, NULL);
	case FIELD_MULTI:
	case FIELD_COUNTS:
	case FIELD_REFS:
		if (form_sorted_items(a, &x) != 0 || form_sorted_items(b, &y) != 0)
			same = strcmp(a, b) == 0;
		else
			same = strcmp(x.p, y.p) == 0;
		tbuf_free(&x);
		tbuf_free(&y);
		return same;
	default:
		return strcmp(a, b) == 0;
	}
}

enum form_merge
form_merge3(const struct form_field *ff, const char *base, bool have_base, const char *mine,
    const char *theirs)
{
	if (form_equal(ff, mine, theirs))
		return FORM_MERGE_SAME;
	if (have_base && form_equal(ff, mine, base))
		return FORM_MERGE_THEIRS;
	if (have_base && form_equal(ff, theirs, base))
		return FORM_MERGE_MINE;
	return FORM_MERGE_BOTH;
}

int
form_check_record(const struct form *f, const struct record *r, size_t *bad,
    struct err *e)
{
	struct tbuf out = { 0 };
	int rc = 0, same;

	if (r->kind != f->kind)
		return err_set(e, ERR_FAIL, "form %s given a %s record", f->kind->name,
		    r->kind->name);
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *ff = &f->fields[i];
		const char *v = r->val[ff->col];

		if ((rc = form_parse(ff, v, &out, e)) != 0) {
			*bad = i;
			break;
		}
		if ((same = form_same(ff, v, out.p)) < 0) {
			rc = form_nomem(e);
			*bad = i;
			break;
		}
		if (!same) {
			rc = err_set(e, ERR_INVALID, _("%s: '%s' is not in the stored form '%s'"),
			    form_label(ff), v, out.p);
			*bad = i;
			break;
		}
	}
	tbuf_free(&out);
	return rc;
}

int
form_upgrade_record(const struct form *f, struct record *r, size_t *changed,
    struct err *e)
{
	struct tbuf out = { 0 };
	struct err pe = { 0 };
	int rc = 0;

	if (changed != NULL)
		*changed = 0;
	for (size_t i = 0; i < f->n && rc == 0; i++) {
		const struct form_field *ff = &f->fields[i];
		const char *v = r->val[ff->col];
		bool old;

		if (v == NULL)
			continue;
		if (ff->type == FIELD_PHONE)
			old = strncmp(v, "+84", 3) == 0;
		else if (ff->type == FIELD_TEXT || ff->type == FIELD_NOTE)
			old = text_lookalikes(v) > 0;
		else
			old = false;
		/* A value that does not parse is left for form_check_record to name. */
		if (!old || form_parse(ff, v, &out, &pe) != 0 || strcmp(out.p, v) == 0)
			continue;
		if (record_set(r, ff->col, out.p) != 0)
			rc = form_nomem(e);
		else if (changed != NULL)
			(*changed)++;
	}
	tbuf_free(&out);
	return rc;
}

/* A number or ISO date compared as `after` compares them: dates as text,
 * numbers by value. */
static int
form_rule_cmp(const struct form_field *ff, const char *a, const char *b)
{
	if (ff->type == FIELD_DATE)
		return strcmp(a, b);
	double x = strtod(a, NULL), y = strtod(b, NULL);
	return x < y ? -1 : x > y;
}

int
form_check_rules(const struct form *f, const struct record *r, size_t *bad,
    struct err *e)
{
	for (size_t i = 0; i < f->nrules; i++) {
		const struct form_rule *ru = &f->rules[i];
		const struct form_field *fa = &f->fields[ru->field], *fb = &f->fields[ru->other];
		const char *a = r->val[fa->col], *b = r->val[fb->col];

		if (a != NULL && *a == '\0')
			a = NULL;
		if (b != NULL && *b == '\0')
			b = NULL;
		if (ru->type == RULE_ONE_OF && (a == NULL) == (b == NULL)) {
			*bad = ru->field;
			return err_set(e, ERR_INVALID, a == NULL ?
			    _("%s, %s: give one of the two") :
			    _("%s, %s: give only one of the two, not both"),
			    form_label(fa), form_label(fb));
		}
		if (ru->type == RULE_AFTER && a != NULL && b != NULL &&
		    form_rule_cmp(fa, a, b) < 0) {
			struct tbuf sa = { 0 }, sb = { 0 };
			int rc;
			if (form_format(fa, a, &sa) != 0 || form_format(fb, b, &sb) != 0)
				rc = form_nomem(e);
			else
				rc = err_set(e, ERR_INVALID, _("%s: %s is before %s %s"), form_label(fa),
				    sa.p, form_label(fb), sb.p);
			*bad = ru->field;
			tbuf_free(&sa);
			tbuf_free(&sb);
			return rc;
		}
	}
	return 0;
}

static size_t
form_seen_hash(const char *s)
{
	size_t h = (size_t)1469598103934665603ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ull;
	return h;
}

int
form_seen_put(struct form_seen *st, const char *key, long line, long *prev)
{
	size_t i;

	if ((st->n + 1) * 2 > st->cap) {
		struct form_seen big = { 0 };
		big.cap = st->cap ? st->cap * 2 : 64;
		big.key = calloc(big.cap, sizeof *big.key);
		big.line = calloc(big.cap, sizeof *big.line);
		if (big.key == NULL || big.line == NULL) {
			free(big.key);
			free(big.line);
			return -1;
		}
		for (size_t k = 0; k < st->cap; k++) {
			if (st->key[k] == NULL)
				continue;
			for (i = form_seen_hash(st->key[k]) & (big.cap - 1); big.key[i] != NULL;
			    i = (i + 1) & (big.cap - 1))
				;
			big.key[i] = st->key[k];
			big.line[i] = st->line[k];
		}
		big.n = st->n;
		free(st->key);
		free(st->line);
		*st = big;
	}
	for (i = form_seen_hash(key) & (st->cap - 1); st->key[i] != NULL; i = (i + 1) & (st->cap - 1))
		if (strcmp(st->key[i], key) == 0) {
			*prev = st->line[i];
			return 1;
		}
	if ((st->key[i] = strdup(key)) == NULL)
		return -1;
	st->line[i] = line;
	st->n++;
	return 0;
}

void
form_seen_free(struct form_seen *st)
{
	for (size_t i = 0; i < st->cap; i++)
		free(st->key[i]);
	free(st->key);
	free(st->line);
	memset(st, 0, sizeof *st);
}

int
form_check_seen(const struct form *f, const struct record *r, struct form_seen *seen,
    long line, size_t *bad, struct err *e)
{
	struct tbuf key = { 0 };
	int rc = 0;

	if (r->deleted)
		return 0;
	for (size_t i = 0; i < f->nrules && rc == 0; i++) {
		const struct form_rule *ru = &f->rules[i];
		const struct form_field *fa = &f->fields[ru->field], *fb = &f->fields[ru->other];
		const char *a = r->val[fa->col], *b = r->val[fb->col];
		char num[24];
		long prev;
		int n;

		if (ru->type != RULE_UNIQUE || a == NULL || *a == '\0')
			continue;
		snprintf(num, sizeof num, "%zu", i);
		if (form_buf_reset(&key) != 0 || form_buf_str(&key, num) != 0 ||
		    form_buf_str(&key, "\x1f") != 0 || form_buf_str(&key, a) != 0 ||
		    form_buf_str(&key, "\x1f") != 0 || form_buf_str(&key, b != NULL ? b : "") != 0 ||
		    (ru->per_unit && (form_buf_str(&key, "\x1f") != 0 ||
		    form_buf_str(&key, r->unit_code) != 0)) ||
		    (n = form_seen_put(seen, key.p, line, &prev)) < 0) {
			rc = form_nomem(e);
			break;
		}
		if (n > 0) {
			*bad = ru->field;
			rc = err_set(e, ERR_INVALID, _("%s: given again with the same %s (also on line"
			    " %ld)"), form_label(fa), form_label(fb), prev);
		}
	}
	tbuf_free(&key);
	return rc;
}

/* form-choice: values from a list — one choice, a set of choices, counts
 * per category — parsed the one way form_parse does (form-value.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/uuid.h"
#include "form-internal.h"

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

int
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

int
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

/* One "label: number" item of a counts value, s[a..b) with the number from
 * mark (0: no ':' or '='), into cnt (by item of the list). */
static int
form_counts_item(const struct form_field *ff, const char *s, size_t a, size_t b, size_t mark,
    long long *cnt, struct form_scratch *sc, struct err *e)
{
	const struct list *l = &ff->list;
	size_t la = a, lb_ = b;
	long long n;
	int i;

	form_trim(s, &la, &lb_);
	if (mark == 0) {
		if (form_buf_set(&sc->item, s + la, lb_ - la) != 0)
			return form_nomem(e);
		return err_set(e, ERR_INVALID, _("%s: '%s' should be written as item: number"),
		    form_label(ff), sc->item.p);
	}
	if ((n = form_count(s, mark, b)) < 0) {
		size_t na = mark, nb = b;
		form_trim(s, &na, &nb);
		if (form_buf_set(&sc->item, s + na, nb - na) != 0)
			return form_nomem(e);
		return err_set(e, ERR_INVALID,
		    _("%s: '%s' is not a count (a whole number, 0 or more)"),
		    form_label(ff), sc->item.p);
	}
	la = a;
	lb_ = mark - 1;
	form_trim(s, &la, &lb_);
	if ((i = form_choice_find(l, s + la, lb_ - la, sc)) < 0)
		return form_choice_fault(ff, s + la, lb_ - la, i, sc, e);
	if (cnt[i] >= 0)
		return err_set(e, ERR_INVALID, _("%s: '%s' is given twice"), form_label(ff),
		    i18n_pick(l->items[i].vi, l->items[i].en));
	if (ff->has_max && n > ff->max)
		return err_set(e, ERR_INVALID,
		    _("%s: %s: %lld is more than %lld, the limit for one category"),
		    form_label(ff), i18n_pick(l->items[i].vi, l->items[i].en), n, ff->max);
	cnt[i] = n;
	return 0;
}

int
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
		if (la != lb_ && (rc = form_counts_item(ff, s, a, b, mark, cnt, sc, e)) != 0)
			goto out;
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

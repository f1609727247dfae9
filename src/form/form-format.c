/* form-format: a stored value as shown (labels for codes, dd/mm/yyyy),
 * and whether two values are the same (form_equal, form_merge3). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/uuid.h"
#include "form-internal.h"

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
int
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

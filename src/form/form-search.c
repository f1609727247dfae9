/* form-search: what a list's search looks at, from the columns a list screen
 * shows: each field as the store can match it with the folded search, the
 * labels of choices as shown (the store holds codes). */
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"

/* Appends the JSON string of code to out; -1 out of memory. */
static int
form_search_json(struct tbuf *out, const char *code)
{
	if (tbuf_append(out, out->len > 1 ? ",\"" : "\"", out->len > 1 ? 2 : 1) != 0)
		return -1;
	for (const char *p = code; *p; p++) {
		if ((*p == '"' || *p == '\\') && tbuf_append(out, "\\", 1) != 0)
			return -1;
		if (tbuf_append(out, p, 1) != 0)
			return -1;
	}
	return tbuf_append(out, "\"", 1);
}

/* The codes of ff's list whose label, as shown and folded, holds folded. */
static int
form_search_codes(const struct form_field *ff, const char *folded, struct tbuf *key,
    struct tbuf *out)
{
	out->len = 0;
	if (tbuf_append(out, "[", 1) != 0)
		return -1;
	for (size_t i = 0; i < ff->list.n; i++) {
		const struct list_item *it = &ff->list.items[i];
		if (text_fold(i18n_pick(it->vi, it->en), key) != 0)
			continue;
		if (strstr(key->p, folded) != NULL && form_search_json(out, it->code) != 0)
			return -1;
	}
	return tbuf_append(out, "]", 1);
}

int
form_search_cols(const struct kind *k, const struct form_field *const *fields, int n,
    const char *search, struct search_col *out, struct tbuf *codes)
{
	struct tbuf folded = { 0 }, key = { 0 };
	int got = 0, rc = 0;

	if (search == NULL || text_fold(search, &folded) != 0 || folded.len == 0)
		goto done;
	for (int i = 0; i < n && got < SEARCH_MAX_COLS; i++) {
		const struct form_field *ff = fields[i];
		struct search_col *sc = &out[got];

		sc->col = ff->col;
		sc->codes = NULL;
		switch (ff->type) {
		case FIELD_TEXT:
		case FIELD_NOTE:
		case FIELD_EMAIL:
			sc->how = ff->col == k->name_col ? SEARCH_NAME : SEARCH_TEXT;
			break;
		case FIELD_DATE:
			sc->how = SEARCH_DATE;
			break;
		case FIELD_INT:
		case FIELD_DECIMAL:
			sc->how = SEARCH_NUMBER;
			break;
		case FIELD_PHONE:
			sc->how = SEARCH_PHONE;
			break;
		case FIELD_CHOICE:
		case FIELD_MULTI:
			sc->how = SEARCH_CODES;
			if (form_search_codes(ff, folded.p, &key, &codes[got]) != 0) {
				rc = -1;
				goto done;
			}
			sc->codes = codes[got].p;
			break;
		case FIELD_REF:
			sc->how = SEARCH_REF;
			break;
		default:
			/* Yes/no marks, counts and sets of members: nothing
			 * a few letters could mean. */
			continue;
		}
		got++;
	}
	rc = got;
done:
	tbuf_free(&folded);
	tbuf_free(&key);
	return rc;
}

/* lists: choice lists and plain word lists shipped in assets/. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/lists.h"
#include "socds/text.h"
#include "socds/paths.h"

void
lists_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].code);
		free(l->items[i].vi);
		free(l->items[i].en);
	}
	free(l->items);
	free(l->name);
	memset(l, 0, sizeof *l);
}

int
lists_find(const struct list *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].code, code) == 0)
			return (int)i;
	return -1;
}

int
lists_load(const char *datadir, const char *name, struct list *out, struct err *e)
{
	char path[PATH_MAX];
	FILE *fp;
	struct csv *c = NULL;
	int rc, ci = -1, vi = -1, en = -1;

	memset(out, 0, sizeof *out);
	if (paths_join(path, sizeof path, e, "%s/assets/lists/%s.csv", datadir, name) != 0)
		return e->code;
	if ((fp = os_fopen(path, "r")) == NULL)
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), path, strerror(errno));
	if ((out->name = strdup(name)) == NULL || (c = csv_open(fp, path, ',')) == NULL) {
		err_set(e, ERR_NOMEM, _("out of memory"));
		goto fail;
	}
	if ((rc = csv_next(c, e)) <= 0) {
		if (rc == 0)
			err_set(e, ERR_INVALID, _("%s: the file is empty"), path);
		goto fail;
	}
	for (size_t j = 0; j < csv_nfields(c); j++) {
		const char *h = csv_field(c, j);
		if (strcmp(h, "code") == 0)
			ci = (int)j;
		else if (strcmp(h, "vi") == 0)
			vi = (int)j;
		else if (strcmp(h, "en") == 0)
			en = (int)j;
	}
	if (ci < 0 || vi < 0) {
		err_set(e, ERR_INVALID, _("%s:1: the header must have the columns code and vi"),
		    path);
		goto fail;
	}
	while ((rc = csv_next(c, e)) == 1) {
		const char *code = csv_field(c, (size_t)ci);
		struct list_item *it;
		if (*code == '\0') {
			err_set(e, ERR_INVALID, _("%s:%ld: the code is empty"), path, csv_line(c));
			goto fail;
		}
		if (!text_utf8_valid(csv_field(c, (size_t)vi), csv_field_len(c, (size_t)vi), NULL)) {
			err_set(e, ERR_INVALID, _("%s:%ld: the text is not valid UTF-8"), path,
			    csv_line(c));
			goto fail;
		}
		if (lists_find(out, code) >= 0) {
			err_set(e, ERR_INVALID, _("%s:%ld: the code '%s' appears twice"), path,
			    csv_line(c), code);
			goto fail;
		}
		it = realloc(out->items, (out->n + 1) * sizeof *it);
		if (it == NULL) {
			err_set(e, ERR_NOMEM, _("out of memory"));
			goto fail;
		}
		out->items = it;
		it = &out->items[out->n];
		it->code = strdup(code);
		it->vi = strdup(csv_field(c, (size_t)vi));
		it->en = strdup(en >= 0 ? csv_field(c, (size_t)en) : "");
		out->n++;
		if (it->code == NULL || it->vi == NULL || it->en == NULL) {
			err_set(e, ERR_NOMEM, _("out of memory"));
			goto fail;
		}
	}
	if (rc < 0)
		goto fail;
	csv_free(c);
	fclose(fp);
	return 0;
fail:
	csv_free(c);
	fclose(fp);
	lists_free(out);
	return e->code ? e->code : ERR_FAIL;
}

void
lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

int
lines_load(const char *path, struct lines *out, struct err *e)
{
	FILE *fp = os_fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int64_t n;
	struct tbuf b = { 0 };

	memset(out, 0, sizeof *out);
	if (fp == NULL)
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), path, strerror(errno));
	while ((n = os_getline(&line, &cap, fp)) >= 0) {
		char **v;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (text_clean(line, &b) != 0) {
			err_set(e, ERR_INVALID, _("%s: line %zu is not valid UTF-8"), path,
			    out->n + 1);
			goto fail;
		}
		if ((v = realloc(out->v, (out->n + 1) * sizeof *v)) == NULL)
			goto nomem;
		out->v = v;
		if ((out->v[out->n] = strdup(b.p)) == NULL)
			goto nomem;
		out->n++;
	}
	free(line);
	tbuf_free(&b);
	fclose(fp);
	if (out->n == 0)
		return err_set(e, ERR_INVALID, _("%s: the file is empty"), path);
	return 0;
nomem:
	err_set(e, ERR_NOMEM, _("out of memory"));
fail:
	free(line);
	tbuf_free(&b);
	fclose(fp);
	lines_free(out);
	return e->code;
}

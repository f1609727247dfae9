/* units: reading the shipped unit list into the store. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/units.h"

/* Finds each header name's column; -1 when a required one is missing. */
static int
units_header(struct csv *c, const char *const *names, int *idx, int n, const char *file,
    struct err *e)
{
	for (int i = 0; i < n; i++) {
		idx[i] = -1;
		for (size_t j = 0; j < csv_nfields(c); j++)
			if (strcmp(csv_field(c, j), names[i]) == 0)
				idx[i] = (int)j;
		if (idx[i] < 0)
			return err_set(e, ERR_INVALID, _("%s:1: column '%s' is missing"), file,
			    names[i]);
	}
	return 0;
}

static FILE *
units_open(const char *datadir, const char *name, char *path, size_t size, struct err *e)
{
	FILE *fp;

	snprintf(path, size, "%s/assets/units/%s", datadir, name);
	if ((fp = fopen(path, "r")) == NULL)
		err_set(e, ERR_IO, _("%s: cannot read: %s"), path, strerror(errno));
	return fp;
}

static int
units_load_list(struct store *s, const char *datadir, struct err *e)
{
	static const char *const names[] = { "code", "level", "kind", "name", "parent_code",
		"status", "abolished_on", "successor_code" };
	int idx[8];
	char path[PATH_MAX];
	FILE *fp = units_open(datadir, "units.csv", path, sizeof path, e);
	struct csv *c;
	int rc;

	if (fp == NULL)
		return e->code;
	if ((c = csv_open(fp, path, ',')) == NULL) {
		fclose(fp);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	if ((rc = csv_next(c, e)) <= 0) {
		if (rc == 0)
			err_set(e, ERR_INVALID, _("%s: the file is empty"), path);
		goto out;
	}
	if (units_header(c, names, idx, 8, path, e) != 0)
		goto out;
	while ((rc = csv_next(c, e)) == 1) {
		struct unit u;
		memset(&u, 0, sizeof u);
		snprintf(u.code, sizeof u.code, "%s", csv_field(c, (size_t)idx[0]));
		snprintf(u.level, sizeof u.level, "%s", csv_field(c, (size_t)idx[1]));
		snprintf(u.kind, sizeof u.kind, "%s", csv_field(c, (size_t)idx[2]));
		snprintf(u.name, sizeof u.name, "%s", csv_field(c, (size_t)idx[3]));
		snprintf(u.parent_code, sizeof u.parent_code, "%s", csv_field(c, (size_t)idx[4]));
		snprintf(u.status, sizeof u.status, "%s", csv_field(c, (size_t)idx[5]));
		snprintf(u.abolished_on, sizeof u.abolished_on, "%s", csv_field(c, (size_t)idx[6]));
		snprintf(u.successor_code, sizeof u.successor_code, "%s",
		    csv_field(c, (size_t)idx[7]));
		if (store_unit_put(s, &u, e) != 0) {
			err_prefix(e, "%s:%ld", path, csv_line(c));
			rc = -1;
			break;
		}
	}
out:
	csv_free(c);
	fclose(fp);
	return rc < 0 || e->code != 0 ? (e->code ? e->code : ERR_FAIL) : 0;
}

static int
units_load_map(struct store *s, const char *datadir, struct err *e)
{
	static const char *const names[] = { "old_code", "old_name", "old_district_code",
		"old_province_code", "new_code" };
	int idx[5];
	char path[PATH_MAX];
	FILE *fp = units_open(datadir, "unit_map.csv", path, sizeof path, e);
	struct csv *c;
	int rc;

	if (fp == NULL)
		return e->code;
	if ((c = csv_open(fp, path, ',')) == NULL) {
		fclose(fp);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	if ((rc = csv_next(c, e)) <= 0) {
		if (rc == 0)
			err_set(e, ERR_INVALID, _("%s: the file is empty"), path);
		goto out;
	}
	if (units_header(c, names, idx, 5, path, e) != 0)
		goto out;
	while ((rc = csv_next(c, e)) == 1) {
		if (store_unit_map_put(s, csv_field(c, (size_t)idx[0]), csv_field(c, (size_t)idx[1]),
		    csv_field(c, (size_t)idx[2]), csv_field(c, (size_t)idx[3]),
		    csv_field(c, (size_t)idx[4]), e) != 0) {
			err_prefix(e, "%s:%ld", path, csv_line(c));
			rc = -1;
			break;
		}
	}
out:
	csv_free(c);
	fclose(fp);
	return rc < 0 || e->code != 0 ? (e->code ? e->code : ERR_FAIL) : 0;
}

int
units_load(struct store *s, const char *datadir, struct err *e)
{
	err_clear(e);
	if (store_begin(s, e) != 0)
		return e->code;
	if (units_load_list(s, datadir, e) != 0 || units_load_map(s, datadir, e) != 0) {
		store_rollback(s);
		return e->code;
	}
	return store_commit(s, e);
}

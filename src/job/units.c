/* units: reading the shipped unit list into the store. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/store-unit.h"
#include "socds/job-units.h"
#include "socds/paths.h"

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

/* Reads assets/units/FILE, mapping the named header columns, and calls
 * row(s, fields, e) for each data row in file order. */
static int
units_read(struct store *s, const char *datadir, const char *file,
    const char *const *names, int n, int (*row)(struct store *, const char **, struct err *),
    struct err *e)
{
	char path[PATH_MAX];
	const char *f[8];
	int idx[8];
	FILE *fp;
	struct csv *c;
	int rc;

	if (paths_join(path, sizeof path, e, "%s/assets/units/%s", datadir, file) != 0)
		return e->code;
	if ((fp = os_fopen(path, "r")) == NULL)
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), path, err_errno(errno));
	if ((c = csv_open(fp, path, ',')) == NULL) {
		fclose(fp);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	if ((rc = csv_next(c, e)) <= 0) {
		if (rc == 0)
			err_set(e, ERR_INVALID, _("%s: the file is empty"), path);
		goto out;
	}
	if (units_header(c, names, idx, n, path, e) != 0)
		goto out;
	while ((rc = csv_next(c, e)) == 1) {
		for (int i = 0; i < n; i++)
			f[i] = csv_field(c, (size_t)idx[i]);
		if (row(s, f, e) != 0) {
			err_prefix(e, "%s:%ld", path, csv_line(c));
			break;
		}
	}
out:
	csv_free(c);
	fclose(fp);
	return e->code;
}

static int
units_row(struct store *s, const char **f, struct err *e)
{
	struct unit u;

	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "%s", f[0]);
	snprintf(u.level, sizeof u.level, "%s", f[1]);
	snprintf(u.kind, sizeof u.kind, "%s", f[2]);
	snprintf(u.name, sizeof u.name, "%s", f[3]);
	snprintf(u.parent_code, sizeof u.parent_code, "%s", f[4]);
	snprintf(u.status, sizeof u.status, "%s", f[5]);
	snprintf(u.abolished_on, sizeof u.abolished_on, "%s", f[6]);
	snprintf(u.successor_code, sizeof u.successor_code, "%s", f[7]);
	return store_unit_put(s, &u, e);
}

static int
units_map_row(struct store *s, const char **f, struct err *e)
{
	return store_unit_map_put(s, f[0], f[1], f[2], f[3], f[4], e);
}

int
units_load(struct store *s, const char *datadir, struct err *e)
{
	err_clear(e);
	if (store_begin(s, e) != 0)
		return e->code;
	static const char *const unit_cols[] = { "code", "level", "kind", "name",
		"parent_code", "status", "abolished_on", "successor_code" };
	static const char *const map_cols[] = { "old_code", "old_name", "old_district_code",
		"old_province_code", "new_code" };

	/* Then names that coincide are told apart: "Tỉnh Gia Lai (cũ)" (64). */
	if (units_read(s, datadir, "units.csv", unit_cols, 8, units_row, e) != 0 ||
	    units_read(s, datadir, "unit_map.csv", map_cols, 5, units_map_row, e) != 0 ||
	    store_unit_mark_former(s, e) != 0) {
		store_rollback(s);
		return e->code;
	}
	return store_commit(s, e);
}

struct units_attach {
	struct store *s;
	const char *district;
	struct err *e;
	int rc;
};

static int
units_attach_one(const struct unit *u, void *arg)
{
	struct units_attach *a = arg;

	a->rc = store_unit_set_parent(a->s, u->code, a->district, a->e);
	return a->rc;
}

int
units_attach_district(struct store *s, const char *district, struct err *e)
{
	struct units_attach a = { s, district, e, 0 };

	if (store_unit_successors_of_district(s, district, units_attach_one, &a, e) != 0)
		return e->code;
	return a.rc;
}

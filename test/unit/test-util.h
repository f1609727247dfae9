/* test-util: temporary folders and files for tests on real SQLite files, and
 * the one fixture every unit test starts from (tu_fx_new below). */
#ifndef SOCDS_TEST_UTIL_H
#define SOCDS_TEST_UTIL_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#include <unistd.h>	/* for the tests that make links, modes and faults */
#endif

#include "socds/os.h"
#include "socds/store.h"
#include "socds/store-unit.h"

/* Makes a fresh folder under $TMPDIR; removed by tu_rmdir. */
static inline void
tu_mkdtemp(char dir[PATH_MAX])
{
	char t[PATH_MAX - 32];

	/* Through os.h, so that the same tests run on Windows (under Wine). */
	if (os_getenv("TMPDIR", t, sizeof t) != 0 && os_getenv("TEMP", t, sizeof t) != 0)
		snprintf(t, sizeof t, "/tmp");
	snprintf(dir, PATH_MAX, "%s/socds-test-XXXXXX", t);
	if (os_mkdtemp(dir) != 0) {
		perror("mkdtemp");
		abort();
	}
}

/* Removes a folder and everything in it. */
static int tu_rm_entry(const char *name, const struct os_stat *st, void *arg);
static inline void
tu_rmdir(const char *dir)
{
	if (os_dir_each(dir, tu_rm_entry, (void *)dir) < 0 || os_rmdir(dir) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static int
tu_rm_entry(const char *name, const struct os_stat *st, void *arg)
{
	char sub[PATH_MAX];

	if (st->kind != OS_DIR)
		return 1;
	snprintf(sub, sizeof sub, "%s/%s", (const char *)arg, name);
	tu_rmdir(sub);
	return 0;
}

static inline void
tu_write(const char *path, const void *data, size_t len)
{
	FILE *fp = os_fopen(path, "wb");
	if (fp == NULL || fwrite(data, 1, len, fp) != len) {
		perror(path);
		abort();
	}
	fclose(fp);
}

/* A whole file (NUL-terminated, its length in *len); aborts when unreadable. */
static inline char *
tu_slurp(const char *path, size_t *len)
{
	FILE *fp = os_fopen(path, "rb");
	char *buf;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0) {
		perror(path);
		abort();
	}
	*len = (size_t)ftell(fp);
	rewind(fp);
	buf = malloc(*len + 1);
	if (buf == NULL || fread(buf, 1, *len, fp) != *len) {
		perror(path);
		abort();
	}
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

/* The source tree, where forms/ and assets/ live. */
static inline const char *
tu_srcdir(void)
{
	const char *s = getenv("SOCDS_TEST_SRCDIR");
	return s && *s ? s : SOCDS_SOURCE_ROOT;
}

/* The fixture: a fresh folder `dir`, the database path `db` = dir/t.db and,
 * when asked, the store `s` created on it. A test's own struct fx begins
 * with TU_FX_FIELDS (so that f->dir, f->db and f->s read the same in every
 * test) and may add its own fields after them. */
#define TU_FX_FIELDS \
	char dir[PATH_MAX]; \
	char db[PATH_MAX + 16]; \
	struct store *s

struct tu_fx {
	TU_FX_FIELDS;
};

/* A fixture of `size` bytes (a struct that begins with TU_FX_FIELDS), the
 * rest zero. With `open`, the store is created on db and then `load` (units,
 * tasks, a demo: whatever the test needs) runs on it when not NULL. NULL
 * (the reason printed) when the store cannot be made. */
static inline void *
tu_fx_new(size_t size, bool open, int (*load)(struct store *, struct err *))
{
	struct tu_fx *f = calloc(1, size);
	struct err e = { 0 };

	if (f == NULL)
		abort();
	tu_mkdtemp(f->dir);
	snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
	if (open && (store_open(f->db, STORE_CREATE, &f->s, &e) != 0 ||
	    (load != NULL && load(f->s, &e) != 0))) {
		fprintf(stderr, "fixture: %s\n", e.msg);
		store_close(f->s);
		tu_rmdir(f->dir);
		free(f);
		return NULL;
	}
	return f;
}

/* Closes the store when open, removes the folder, frees the fixture. */
static inline void
tu_fx_free(void *fx)
{
	struct tu_fx *f = fx;

	if (f == NULL)
		return;
	store_close(f->s);
	tu_rmdir(f->dir);
	free(f);
}

/* cmocka's setup and teardown for a test whose fixture is the plain one
 * (`struct fx { TU_FX_FIELDS; };`, the store not opened). */
static inline int
tu_setup(void **state)
{
	*state = tu_fx_new(sizeof(struct tu_fx), false, NULL);
	return *state != NULL ? 0 : -1;
}

static inline int
tu_teardown(void **state)
{
	tu_fx_free(*state);
	return 0;
}

#if defined(SOCDS_FORM_H) && defined(SOCDS_I18N_H)
/* The shipped forms (forms/) with labels in `lang` and no catalogue, so that
 * messages stay the English msgids the tests look for; -1 (the reason
 * printed) when they cannot be read. */
static inline int
tu_forms_load(struct forms *fs, const char *lang)
{
	struct err e = { 0 };

	i18n_init(lang, "/nonexistent");
	if (forms_load(tu_srcdir(), fs, &e) != 0) {
		fprintf(stderr, "forms_load: %s\n", e.msg);
		return -1;
	}
	return 0;
}

/* Writes `text` as the form file `path` and loads it: NULL when it is
 * refused as it must be (ERR_INVALID, the message "PATH:LINE: ..." naming
 * `why`), else what went wrong, in `buf`. *f as form_load leaves it. */
static inline const char *
tu_form_refused(const char *path, const char *text, int line, const char *why, struct form *f,
    char *buf, size_t size)
{
	struct err e = { 0 };
	char want[PATH_MAX + 64];

	tu_write(path, text, strlen(text));
	if (form_load(path, tu_srcdir(), f, &e) == 0) {
		form_free(f);
		snprintf(buf, size, "was accepted");
		return buf;
	}
	snprintf(want, sizeof want, "%s:%d: ", path, line);
	if (e.code != ERR_INVALID || strncmp(e.msg, want, strlen(want)) != 0 ||
	    strstr(e.msg, why) == NULL) {
		snprintf(buf, size, "got \"%s\" (code %d), want \"%s...%s\"", e.msg, (int)e.code,
		    want, why);
		return buf;
	}
	return NULL;
}

/* A fixture that also holds the forms: a struct fx that begins with
 * TU_FX_FORMS_FIELDS (dir, db, s, then fs), freed by tu_forms_teardown. */
#define TU_FX_FORMS_FIELDS \
	TU_FX_FIELDS; \
	struct forms fs

struct tu_fx_forms {
	TU_FX_FORMS_FIELDS;
};

static inline int
tu_forms_teardown(void **state)
{
	struct tu_fx_forms *f = *state;

	forms_free(&f->fs);
	tu_fx_free(f);
	return 0;
}
#endif

#ifdef SOCDS_JOB_UNITS_H
/* Loaders for tu_fx_new: the official units; the units with Huyện Phù Cát
 * (548, the old district still at work) as home, its communes below it. */
static inline int
tu_load_units(struct store *s, struct err *e)
{
	return units_load(s, tu_srcdir(), e);
}

static inline int
tu_load_district(struct store *s, struct err *e)
{
	return units_load(s, tu_srcdir(), e) != 0 || units_attach_district(s, "548", e) != 0 ||
	    store_home_set(s, "548", e) != 0 ? -1 : 0;
}
#endif

#ifdef SQLITE_OK
/* One integer from an independent, read-only connection. */
static inline int64_t
tu_sql_int(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(h));
		abort();
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}
#endif

#endif

/* test-util: temporary folders and files for tests on real SQLite files. */
#ifndef SOCDS_TEST_UTIL_H
#define SOCDS_TEST_UTIL_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Makes a fresh folder under $TMPDIR; removed by tu_rmdir. */
static inline void
tu_mkdtemp(char dir[PATH_MAX])
{
	const char *t = getenv("TMPDIR");
	snprintf(dir, PATH_MAX, "%s/socds-test-XXXXXX", t && *t ? t : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
}

static inline void
tu_rmdir(const char *dir)
{
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static inline void
tu_write(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	if (fp == NULL || fwrite(data, 1, len, fp) != len) {
		perror(path);
		abort();
	}
	fclose(fp);
}

/* The source tree, where forms/ and assets/ live. */
static inline const char *
tu_srcdir(void)
{
	const char *s = getenv("SOCDS_TEST_SRCDIR");
	return s && *s ? s : SOCDS_SOURCE_ROOT;
}

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

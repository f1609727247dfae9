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

#endif

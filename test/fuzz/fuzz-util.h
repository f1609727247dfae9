/* fuzz-util: what the libFuzzer targets share — a checked invariant that
 * aborts with a message (whatever NDEBUG says), the source tree, and a private
 * temporary folder per process so parallel workers never share a file. */
#ifndef SOCDS_FUZZ_UTIL_H
#define SOCDS_FUZZ_UTIL_H

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test: a failure is a finding, reported with
 * the reason and turned into a crash libFuzzer keeps. */
#define FUZZ_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: ",	\
		    __FILE__, __LINE__, #cond);				\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

/* A broken harness or machine (not a finding in socds). */
static inline void
fuzz_die(const char *what)
{
	perror(what);
	abort();
}

/* Where forms/ and assets/ live: $SOCDS_TEST_SRCDIR, else the source tree
 * this binary was configured from. */
static inline const char *
fuzz_srcdir(void)
{
	const char *s = getenv("SOCDS_TEST_SRCDIR");

	return s != NULL && *s != '\0' ? s : SOCDS_SOURCE_ROOT;
}

/* A folder of this process's own under $TMPDIR, removed at exit. */
static char fuzz_dir[PATH_MAX];

static inline void
fuzz_rmdir(void)
{
	char cmd[PATH_MAX + 16];

	if (fuzz_dir[0] != '\0') {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", fuzz_dir);
	}
}

static inline const char *
fuzz_tmpdir(void)
{
	if (fuzz_dir[0] == '\0') {
		const char *t = getenv("TMPDIR");
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/socds-fuzz-XXXXXX",
		    t != NULL && *t != '\0' ? t : "/tmp");
		if (mkdtemp(fuzz_dir) == NULL)
			fuzz_die("mkdtemp");
		atexit(fuzz_rmdir);
	}
	return fuzz_dir;
}

/* path = the private folder + "/" + name. */
static inline void
fuzz_path(char *path, size_t size, const char *name)
{
	if ((size_t)snprintf(path, size, "%s/%s", fuzz_tmpdir(), name) >= size)
		fuzz_die("path too long");
}

static inline void
fuzz_write(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || (len > 0 && fwrite(data, 1, len, fp) != len) || fclose(fp) != 0)
		fuzz_die(path);
}

/* A NUL-terminated copy of the input (cut at its first NUL, as C strings are). */
static inline char *
fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		fuzz_die("malloc");
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif

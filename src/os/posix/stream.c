/* os/posix/stream: stdio streams over a reader and into memory (glibc's
 * fopencookie and POSIX open_memstream), files by name, lines, the
 * environment. */
#define _GNU_SOURCE	/* fopencookie */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#include "socds/os.h"

struct os_reader {
	void *cookie;
	os_read_fn fn_read;
	os_close_fn fn_close;
};

static ssize_t
os_reader_read(void *c, char *buf, size_t size)
{
	struct os_reader *r = c;

	return (ssize_t)r->fn_read(r->cookie, buf, size);
}

static int
os_reader_close(void *c)
{
	struct os_reader *r = c;
	int rc = r->fn_close(r->cookie);

	free(r);
	return rc;
}

FILE *
os_stream_reader(void *cookie, os_read_fn fn_read, os_close_fn fn_close, FILE **self)
{
	static const cookie_io_functions_t io = { os_reader_read, NULL, NULL, os_reader_close };
	struct os_reader *r = malloc(sizeof *r);
	FILE *fp;

	if (r == NULL)
		return NULL;
	r->cookie = cookie;
	r->fn_read = fn_read;
	r->fn_close = fn_close;
	if ((fp = fopencookie(r, "r", io)) == NULL) {
		free(r);
		return NULL;
	}
	if (self != NULL)
		*self = fp;
	return fp;
}

FILE *
os_memstream(char **buf, size_t *len)
{
	return open_memstream(buf, len);
}

int
os_memstream_done(FILE *fp, char **buf, size_t *len)
{
	/* open_memstream's fclose sets *buf and *len, the ones given to it. */
	(void)buf;
	(void)len;
	return fclose(fp);
}

FILE *
os_tmpfile(void)
{
	return tmpfile();
}

FILE *
os_fopen(const char *path, const char *mode)
{
	return fopen(path, mode);
}

int64_t
os_getline(char **line, size_t *cap, FILE *fp)
{
	return (int64_t)getline(line, cap, fp);
}

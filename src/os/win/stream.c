/* os/win/stream: what glibc's fopencookie and open_memstream do, on a C
 * library without them (a temporary file stands in for the stream); files
 * by UTF-8 name; lines; the environment. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "socds/os.h"

/* A UTF-8 string as UTF-16 (free it); NULL with errno. */
static wchar_t *
os_wide(const char *s)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
	wchar_t *w;

	if (n <= 0) {
		errno = EINVAL;
		return NULL;
	}
	if ((w = malloc((size_t)n * sizeof *w)) == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
	return w;
}

FILE *
os_tmpfile(void)
{
	wchar_t wdir[MAX_PATH + 1];
	char dir[OS_PATH_MAX];
	DWORD n = GetTempPathW(MAX_PATH + 1, wdir);
	FILE *fp = NULL;

	/* msvcrt's tmpfile writes into the root of C:, which offices forbid. */
	if (n == 0 || n > MAX_PATH ||
	    WideCharToMultiByte(CP_UTF8, 0, wdir, -1, dir, sizeof dir, NULL, NULL) == 0) {
		errno = ENOENT;
		return NULL;
	}
	if (os_file_anon(dir, &fp) != 0)
		return NULL;
	return fp;
}

FILE *
os_stream_reader(void *cookie, os_read_fn fn_read, os_close_fn fn_close, FILE **self)
{
	enum { CHUNK = 65536 };
	char *buf = malloc(CHUNK);
	FILE *fp = NULL;
	int64_t n;
	int saved;

	if (buf == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	if ((fp = os_tmpfile()) == NULL)
		goto fail;
	if (self != NULL)
		*self = fp;
	/* The source is read to its end here; the caller's reader bounds it. */
	while ((n = fn_read(cookie, buf, CHUNK)) > 0)
		if (fwrite(buf, 1, (size_t)n, fp) != (size_t)n) {
			if (errno == 0)
				errno = ENOSPC;
			goto fail;
		}
	if (n < 0 || fflush(fp) != 0)
		goto fail;
	rewind(fp);
	free(buf);
	fn_close(cookie);
	return fp;
fail:
	saved = errno;
	if (fp != NULL)
		fclose(fp);
	if (self != NULL)
		*self = NULL;
	free(buf);
	errno = saved;
	return NULL;
}

FILE *
os_memstream(char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	return os_tmpfile();
}

int
os_memstream_done(FILE *fp, char **buf, size_t *len)
{
	long long size;
	int saved;

	*buf = NULL;
	*len = 0;
	if (fflush(fp) != 0 || ferror(fp) || fseeko64(fp, 0, SEEK_END) != 0 ||
	    (size = ftello64(fp)) < 0)
		goto fail;
	if ((unsigned long long)size >= SIZE_MAX) {
		errno = ENOMEM;
		goto fail;
	}
	if ((*buf = malloc((size_t)size + 1)) == NULL) {
		errno = ENOMEM;
		goto fail;
	}
	rewind(fp);
	if (fread(*buf, 1, (size_t)size, fp) != (size_t)size) {
		errno = EIO;
		goto fail;
	}
	(*buf)[size] = '\0';
	*len = (size_t)size;
	fclose(fp);
	return 0;
fail:
	saved = errno;
	free(*buf);
	*buf = NULL;
	fclose(fp);
	errno = saved;
	return -1;
}

FILE *
os_fopen(const char *path, const char *mode)
{
	wchar_t *wpath = os_wide(path), *wmode = os_wide(mode);
	FILE *fp = NULL;

	if (wpath != NULL && wmode != NULL)
		fp = _wfopen(wpath, wmode);
	free(wpath);
	free(wmode);
	return fp;
}

int64_t
os_getline(char **line, size_t *cap, FILE *fp)
{
	size_t n = 0;
	int c;

	if (*line == NULL || *cap == 0) {
		free(*line);
		*cap = 128;
		if ((*line = malloc(*cap)) == NULL) {
			*cap = 0;
			errno = ENOMEM;
			return -1;
		}
	}
	while ((c = getc(fp)) != EOF) {
		if (n + 2 > *cap) {
			char *bigger = realloc(*line, *cap * 2);
			if (bigger == NULL) {
				errno = ENOMEM;
				return -1;
			}
			*line = bigger;
			*cap *= 2;
		}
		(*line)[n++] = (char)c;
		if (c == '\n')
			break;
	}
	(*line)[n] = '\0';
	return n == 0 ? -1 : (int64_t)n;
}

/* err: filling error messages for the caller to report. */
#include <stdio.h>
#include <string.h>

#include <errno.h>

#include "socds/err.h"
#include "socds/i18n.h"

void
err_utf8_cut(char *s)
{
	size_t len = strlen(s), start = len;
	unsigned char lead;
	size_t need;

	/* Back over continuation bytes to the last lead byte. */
	while (start > 0 && ((unsigned char)s[start - 1] & 0xc0) == 0x80 && len - start < 4)
		start--;
	if (start == 0)
		return;
	lead = (unsigned char)s[start - 1];
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	if (lead >= 0xc0 && len - (start - 1) < need)
		s[start - 1] = '\0';
}

int
err_vset(struct err *e, int code, const char *fmt, va_list ap)
{
	if (e == NULL)
		return code;
	e->code = code;
	if (vsnprintf(e->msg, sizeof e->msg, fmt, ap) >= (int)sizeof e->msg)
		err_utf8_cut(e->msg);
	return code;
}

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	return code;
}

void
err_prefix(struct err *e, const char *fmt, ...)
{
	char pre[ERR_MSG_MAX], old[ERR_MSG_MAX];
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	/* Messages longer than the buffer are cut; that is acceptable. */
	size_t n = strlen(pre);
	if (n > sizeof e->msg - 3)
		n = sizeof e->msg - 3;
	memcpy(e->msg, pre, n);
	memcpy(e->msg + n, ": ", 2);
	size_t m = strnlen(old, sizeof e->msg - n - 3);
	memcpy(e->msg + n + 2, old, m);
	e->msg[n + 2 + m] = '\0';
	err_utf8_cut(e->msg);
}

void
err_clear(struct err *e)
{
	if (e == NULL)
		return;
	e->code = ERR_OK;
	e->msg[0] = '\0';
}

const char *
err_errno(int errnum)
{
	/* The C library speaks only English here; these are the ones users meet. */
	switch (errnum) {
	case ENOENT: return _("no such file or folder");
	case EACCES: case EPERM: return _("permission denied");
	case ENOSPC: return _("the disk is full");
	case EROFS: return _("the disk is read-only");
	case ENOTDIR: return _("a part of the path is not a folder");
	case EISDIR: return _("is a folder");
	case EEXIST: return _("already exists");
	case ENAMETOOLONG: return _("the name is too long");
	default: return strerror(errnum);
	}
}

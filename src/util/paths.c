/* paths: data directory discovery and the default database location. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/paths.h"

#ifndef SOCDS_DATADIR
#define SOCDS_DATADIR "/usr/local/share/socds"
#endif
#ifndef SOCDS_LOCALEDIR
#define SOCDS_LOCALEDIR "/usr/local/share/locale"
#endif

static char paths_data[OS_PATH_MAX];
static char paths_locale[OS_PATH_MAX];

int
paths_dir(const char *path, char *dir, size_t size, const char **base)
{
	const char *slash = strrchr(path, '/');
	int n;

	if (slash == NULL)
		n = snprintf(dir, size, ".");
	else if (slash == path)
		n = snprintf(dir, size, "/");
	else
		n = snprintf(dir, size, "%.*s", (int)(slash - path), path);
	if (base != NULL)
		*base = slash != NULL ? slash + 1 : path;
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int
paths_in_build_tree(void)
{
#ifdef SOCDS_BUILD_ROOT
	char exe[OS_PATH_MAX], root[OS_PATH_MAX];

	if (os_self_exe(exe, sizeof exe) != 0 || os_realpath(SOCDS_BUILD_ROOT, root) != 0)
		return 0;
	size_t rl = strlen(root);
	return strncmp(exe, root, rl) == 0 && exe[rl] == '/';
#else
	return 0;
#endif
}

static void
paths_resolve(void)
{
	const char *env;

	if (paths_data[0] != '\0')
		return;
	if (paths_in_build_tree()) {
#ifdef SOCDS_BUILD_ROOT
		snprintf(paths_data, sizeof paths_data, "%s", SOCDS_SOURCE_ROOT);
		snprintf(paths_locale, sizeof paths_locale, "%s/assets/po/locale",
		    SOCDS_BUILD_ROOT);
#endif
	} else {
		snprintf(paths_data, sizeof paths_data, "%s", SOCDS_DATADIR);
		snprintf(paths_locale, sizeof paths_locale, "%s", SOCDS_LOCALEDIR);
	}
	if ((env = getenv("SOCDS_DATADIR")) != NULL && *env != '\0')
		snprintf(paths_data, sizeof paths_data, "%s", env);
}

const char *
paths_datadir(void)
{
	paths_resolve();
	return paths_data;
}

const char *
paths_localedir(void)
{
	paths_resolve();
	return paths_locale;
}

int
paths_join(char *out, size_t n, struct err *e, const char *fmt, ...)
{
	va_list ap;
	int len;
	size_t shown;

	va_start(ap, fmt);
	len = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	if (len >= 0 && (size_t)len < n)
		return 0;
	if (len < 0 || n == 0)
		return err_set(e, ERR_INVALID, _("path too long"));
	/* Its start names it; never a letter cut in half. */
	shown = strlen(out) < 120 ? strlen(out) : 120;
	while (shown > 0 && ((unsigned char)out[shown] & 0xC0) == 0x80)
		shown--;
	err_set(e, ERR_INVALID, _("path too long (over %zu bytes): %.*s…"), n - 1, (int)shown,
	    out);
	out[0] = '\0';
	return e->code;
}

int
paths_default_db(char *buf, size_t size, int create, struct err *e)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char base[OS_PATH_MAX];
	int n;

	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(base, sizeof base, "%s", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(base, sizeof base, "%s/.local/share", home);
	else
		return err_set(e, ERR_USAGE,
		    _("neither XDG_DATA_HOME nor HOME is set: give --db PATH"));
	if (n < 0 || (size_t)n >= sizeof base)
		return err_set(e, ERR_USAGE, _("path too long"));
	/* ~/.local and ~/.local/share may not exist on a fresh account. */
	if (create && os_mkdir_parents(base) != 0)
		return err_set(e, ERR_IO, _("cannot create folder %s: %s"), base,
		    strerror(errno));
	n = snprintf(buf, size, "%s/socds", base);
	if (n < 0 || (size_t)n >= size)
		return err_set(e, ERR_USAGE, _("path too long"));
	if (create && os_mkdir(buf, true) != 0)
		return err_set(e, ERR_IO, _("cannot create folder %s: %s"), buf,
		    strerror(errno));
	n = snprintf(buf, size, "%s/socds/socds.db", base);
	if (n < 0 || (size_t)n >= size)
		return err_set(e, ERR_USAGE, _("path too long"));
	return 0;
}

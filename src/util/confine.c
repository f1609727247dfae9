/* confine: the files an account named by 'socds --as' may name. */
#include <stdio.h>
#include <string.h>

#include "socds/confine.h"
#include "socds/i18n.h"
#include "socds/os.h"

/* Written here only, once, before any command runs. */
static bool confine_active;
static char confine_folder[OS_PATH_MAX];

int
confine_set(const char *dir, struct err *e)
{
	struct os_stat sb;

	confine_active = true;
	confine_folder[0] = '\0';
	if (dir == NULL)
		return 0;
	if (dir[0] != '/')
		return err_set(e, ERR_USAGE, _("--files '%s': give the folder as an absolute path"),
		    dir);
	if (os_realpath(dir, confine_folder) != 0 || os_stat(confine_folder, &sb) != 0 ||
	    sb.kind != OS_DIR) {
		confine_folder[0] = '\0';
		return err_set(e, ERR_USAGE, _("--files '%s': not an existing folder"), dir);
	}
	return 0;
}

bool
confine_on(void)
{
	return confine_active;
}

const char *
confine_dir(void)
{
	return confine_active && confine_folder[0] != '\0' ? confine_folder : NULL;
}

int
confine_path(const char *name, char *buf, size_t size, struct err *e)
{
	if (!confine_active) {
		if ((size_t)snprintf(buf, size, "%s", name) >= size)
			return err_set(e, ERR_USAGE, _("%s: path too long"), name);
		return 0;
	}
	if (confine_folder[0] == '\0')
		return err_set(e, ERR_PERM, _("%s: this account (socds --as) may not name files on"
		    " the server; use - for standard input or output"), name);
	if (name[0] == '\0' || name[0] == '.' || strchr(name, '/') != NULL)
		return err_set(e, ERR_PERM, _("%s: this account (socds --as) may name only a plain"
		    " file name in its folder %s (no '/', not starting with '.')"), name,
		    confine_folder);
	if ((size_t)snprintf(buf, size, "%s/%s", confine_folder, name) >= size)
		return err_set(e, ERR_USAGE, _("%s: path too long"), name);
	return 0;
}

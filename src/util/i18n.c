/* i18n: language choice and gettext set-up. */
#include <stdlib.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/os.h"

static const char *i18n_current = "vi";

static const char *
i18n_from_env(void)
{
	static const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	/* POSIX precedence: the first of these that is set decides. */
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v != NULL && *v != '\0')
			return v;
	}
	return getenv("LANGUAGE");
}

void
i18n_init(const char *lang, const char *localedir)
{
	const char *want = lang != NULL ? lang : i18n_from_env();

	i18n_current = (want != NULL && strncmp(want, "en", 2) == 0) ? "en" : "vi";

	os_locale_start(i18n_current);
	os_setenv("LANGUAGE", i18n_current);
	if (localedir != NULL)
		os_textdomain_dir("socds", localedir);
	bind_textdomain_codeset("socds", "UTF-8");
	textdomain("socds");
}

const char *
i18n_lang(void)
{
	return i18n_current;
}

const char *
i18n_pick(const char *vi, const char *en)
{
	if (strcmp(i18n_current, "en") == 0 && en != NULL && *en != '\0')
		return en;
	return vi;
}

/* i18n: the user's language. Vietnamese unless the user asks for English. */
#ifndef SOCDS_I18N_H
#define SOCDS_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Chooses the language from --lang (may be NULL) or the environment
 * (LC_ALL, LC_MESSAGES, LANG, LANGUAGE): "en..." gives English, anything else
 * Vietnamese. Makes a UTF-8 character locale current even when the system
 * has only C.UTF-8 (os_locale_start: on Windows C's stays). localedir: where
 * socds.mo catalogues are. */
void i18n_init(const char *lang, const char *localedir);
/* "vi" or "en". */
const char *i18n_lang(void);
/* Picks the label for the current language from a vi/en pair. */
const char *i18n_pick(const char *vi, const char *en);

#endif

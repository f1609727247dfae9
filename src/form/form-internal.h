/* form-internal.h: what the files of src/form share and nobody else needs. */
#ifndef SOCDS_FORM_INTERNAL_H
#define SOCDS_FORM_INTERNAL_H

#include "socds/form.h"

/* A yes/no word in Vietnamese or English, any case, with or without
 * diacritics: 1 yes, 0 no, -1 neither (or out of memory). */
int form_word_bool(const char *s);

#endif

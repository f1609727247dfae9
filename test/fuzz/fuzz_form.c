/* fuzz_form: the form-file reader (form_load) and the value rules
 * (form_parse, form_format), both fed by people: a province officer edits
 * forms/KIND.form in a text editor, and every typed or imported cell goes
 * through form_parse.
 *
 * Each input is
 *  1. written to a file and read with form_load, choice lists from the real
 *     assets/lists (datadir = $SOCDS_TEST_SRCDIR or the source tree). A form
 *     that loads has every default re-checked, and the input's text parsed
 *     against each of its fields; a refusal must carry a message and leave
 *     the form empty;
 *  2. taken as a typed value (cut at its first NUL) and parsed against every
 *     field of every shipped form. An accepted value must be canonical: shown
 *     with form_format and parsed again, it gives the same stored value. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/text.h"
#include "fuzz-util.h"

static struct forms forms;
static char form_path[PATH_MAX];

static void
forms_release(void)
{
	forms_free(&forms);
}

/* Parses text for ff; when accepted, checks the canonical value shows and
 * parses back to itself. */
static void
value_check(const struct form *f, const struct form_field *ff, const char *text)
{
	struct tbuf canon = { 0 }, shown = { 0 }, again = { 0 };
	struct err e = { 0 };
	int rc;

	rc = form_parse(ff, text, &canon, &e);
	if (rc != 0) {
		FUZZ_CHECK(e.code == rc && e.msg[0] != '\0',
		    "%s.%s: a refusal (%d) without its code or a message", f->kind->name, ff->name,
		    rc);
		goto out;
	}
	FUZZ_CHECK(canon.p != NULL, "%s.%s: accepted without a value", f->kind->name,
	    ff->name);
	FUZZ_CHECK(text_utf8_valid(canon.p, strlen(canon.p), NULL),
	    "%s.%s: the stored value is not UTF-8", f->kind->name, ff->name);
	if (canon.p[0] == '\0')
		goto out;
	rc = form_format(ff, canon.p, &shown);
	FUZZ_CHECK(rc == 0 && shown.p != NULL, "%s.%s: form_format(\"%s\") fails (%d)",
	    f->kind->name, ff->name, canon.p, rc);
	memset(&e, 0, sizeof e);
	rc = form_parse(ff, shown.p, &again, &e);
	FUZZ_CHECK(rc == 0, "%s.%s: the stored value \"%s\", shown as \"%s\", is refused: %s",
	    f->kind->name, ff->name, canon.p, shown.p, e.msg);
	FUZZ_CHECK(strcmp(again.p, canon.p) == 0,
	    "%s.%s: \"%s\" shown as \"%s\" parses back as \"%s\"", f->kind->name, ff->name,
	    canon.p, shown.p, again.p);
out:
	tbuf_free(&canon);
	tbuf_free(&shown);
	tbuf_free(&again);
}

static void
form_values(const struct form *f, const char *text)
{
	for (size_t i = 0; i < f->n; i++)
		value_check(f, &f->fields[i], text);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct err e = { 0 };

	(void)argc;
	(void)argv;
	/* Vietnamese labels, messages untranslated (no catalogue looked up). */
	i18n_init("vi", "/nonexistent");
	if (forms_load(fuzz_srcdir(), &forms, &e) != 0) {
		fprintf(stderr, "fuzz_form: cannot load the shipped forms from %s: %s\n",
		    fuzz_srcdir(), e.msg);
		abort();
	}
	atexit(forms_release);
	fuzz_path(form_path, sizeof form_path, "in.form");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form f;
	struct err e = { 0 };
	char *text;
	int rc;

	/* 1. The input as a form file. */
	fuzz_write(form_path, data, size);
	rc = form_load(form_path, fuzz_srcdir(), &f, &e);
	text = fuzz_strndup(data, size);
	if (rc == 0) {
		FUZZ_CHECK(f.kind != NULL && f.n > 0 && f.title_vi != NULL,
		    "a form loads without kind, fields or title");
		for (size_t i = 0; i < f.n; i++) {
			const struct form_field *ff = &f.fields[i];
			FUZZ_CHECK(ff->col >= 0 && ff->col < f.kind->ncols &&
			    strcmp(f.kind->cols[ff->col].name, ff->name) == 0,
			    "field %s is not its column", ff->name);
			FUZZ_CHECK(form_field(&f, ff->name) == ff, "field %s twice", ff->name);
			if (ff->def != NULL)
				value_check(&f, ff, ff->def);
		}
		form_values(&f, text);
		form_free(&f);
	} else {
		FUZZ_CHECK(e.code == rc && e.msg[0] != '\0',
		    "form_load refuses (%d) without its code or a message", rc);
		FUZZ_CHECK(f.fields == NULL && f.n == 0 && f.path == NULL && f.title_vi == NULL,
		    "form_load refuses but leaves a half-read form");
	}

	/* 2. The input as a value typed into every field of every shipped form. */
	for (int k = 0; k < KIND_COUNT; k++)
		if (forms.have[k])
			form_values(&forms.f[k], text);
	free(text);
	return 0;
}

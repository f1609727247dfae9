/* fuzz_import: a CSV file as an officer hands it over — any encoding, any
 * header, any cells — through encoding_open_read (src/io/encoding.c), the
 * separator sniffing, header mapping and every row rule of import_csv and
 * import_preview (src/io/import.c), against a real demo database.
 *
 * The first byte of an input chooses how the rest (the file) is imported:
 *   bits 0-2  the record kind, record_kinds[b & 7]
 *   bits 3-5  the encoding: 0 auto, 1 utf-8, 2 cp1258, 3 viscii, 4 tcvn,
 *             5-7 auto
 *   bit 6     --skip-invalid
 *   bit 7     --unit 21853 (the home commune)
 * Every import is a dry run: the database (the scale-1 demo of commune 21853
 * Phù Cát, built once at start) never changes, so each input is judged alone.
 * A wet import is fuzzed no further than the dry run: the rows it would
 * insert are the ones the dry run accepts. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/job-demo.h"
#include "socds/encoding.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/import.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/tasks.h"
#include "socds/job-tasks.h"
#include "socds/text.h"
#include "socds/job-units.h"
#include "fuzz-util.h"

#define FUZZ_UNIT "21853"

static const char *const encodings[8] = {
	"auto", "utf-8", "cp1258", "viscii", "tcvn", "auto", "auto", "auto",
};

static struct forms forms;
static struct store *store;
static char csv_path[PATH_MAX];

static void
release(void)
{
	store_close(store);
	forms_free(&forms);
}

/* Every message is whole UTF-8: a cut to fit a buffer never splits a letter
 * (the bug fuzzing found, fixed by err_utf8_cut). */
static bool
msg_valid(const char *msg)
{
	return text_utf8_valid(msg, strlen(msg), NULL);
}

struct seen {
	int64_t errors, warnings;
	long last_line;
};

static void
problem(const struct import_problem *p, void *arg)
{
	struct seen *s = arg;

	FUZZ_CHECK(p->file != NULL && strcmp(p->file, csv_path) == 0, "a problem names another file");
	FUZZ_CHECK(p->line >= 1, "a problem on line %ld", p->line);
	FUZZ_CHECK(p->line >= s->last_line, "problems out of file order (line %ld after %ld)",
	    p->line, s->last_line);
	FUZZ_CHECK(p->msg != NULL && p->msg[0] != '\0', "a problem without a reason");
	FUZZ_CHECK(msg_valid(p->msg), "a problem's reason (%zu bytes) is not UTF-8: %s",
	    strlen(p->msg), p->msg);
	s->last_line = p->line;
	if (p->warning)
		s->warnings++;
	else
		s->errors++;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct demo_opts o = { 0 };
	struct demo_counts n;
	struct err e = { 0 };
	char db[PATH_MAX];

	(void)argc;
	(void)argv;
	i18n_init("vi", "/nonexistent");
	if (forms_load(fuzz_srcdir(), &forms, &e) != 0) {
		fprintf(stderr, "fuzz_import: forms from %s: %s\n", fuzz_srcdir(), e.msg);
		abort();
	}
	fuzz_path(db, sizeof db, "demo.db");
	fuzz_path(csv_path, sizeof csv_path, "in.csv");
	o.unit = FUZZ_UNIT;
	o.scale = 1;
	o.seed = 0;
	o.datadir = fuzz_srcdir();
	if (store_open(db, STORE_CREATE, &store, &e) != 0) {
		fprintf(stderr, "fuzz_import: %s\n", e.msg);
		abort();
	}
	store_set_audit(store, false);
	if (units_load(store, o.datadir, &e) != 0 || tasks_load(store, o.datadir, &e) != 0 ||
	    demo_build(store, &o, &n, &e) != 0) {
		fprintf(stderr, "fuzz_import: the demo database: %s\n", e.msg);
		abort();
	}
	atexit(release);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_opts o = { 0 };
	struct import_result res;
	struct import_preview *pv;
	struct seen seen = { 0 };
	struct err e = { 0 };
	int rc;

	if (size < 1)
		return 0;
	o.kind = &record_kinds[data[0] & 7];
	o.encoding = encodings[(data[0] >> 3) & 7];
	o.skip_invalid = (data[0] & 0x40) != 0;
	o.unit = (data[0] & 0x80) != 0 ? FUZZ_UNIT : NULL;
	o.dry_run = true;
	o.problem = problem;
	o.arg = &seen;
	fuzz_write(csv_path, data + 1, size - 1);

	/* The reading stream on its own, to its end. */
	{
		char detected[16];
		FILE *fp = encoding_open_read(csv_path, o.encoding, detected, sizeof detected, &e);
		if (fp != NULL) {
			char buf[4096];
			while (fread(buf, 1, sizeof buf, fp) == sizeof buf)
				;
			FUZZ_CHECK(encoding_canonical(detected) != NULL &&
			    strcmp(detected, "auto") != 0, "detected encoding '%s'", detected);
			if (ferror(fp)) {
				FUZZ_CHECK(encoding_read_error(fp, &e) != 0 && e.msg[0] != '\0',
				    "a stream fails without a reason");
			}
			fclose(fp);
		} else
			FUZZ_CHECK(e.code != ERR_OK && e.msg[0] != '\0',
			    "encoding_open_read fails without a reason");
	}

	/* The preview a screen shows first. */
	if ((pv = malloc(sizeof *pv)) == NULL)
		fuzz_die("malloc");
	memset(&e, 0, sizeof e);
	rc = import_preview(&forms, csv_path, &o, pv, &e);
	if (rc == 0) {
		FUZZ_CHECK(pv->ncols >= 0 && pv->ncols <= IMPORT_PREVIEW_COLS &&
		    pv->ncols <= pv->ncols_file && pv->nrows >= 0 &&
		    pv->nrows <= IMPORT_PREVIEW_ROWS, "preview out of its bounds");
		FUZZ_CHECK(pv->delim == ',' || pv->delim == ';', "preview separator %d", pv->delim);
		for (int c = 0; c < pv->ncols; c++) {
			FUZZ_CHECK(text_utf8_valid(pv->header[c], strlen(pv->header[c]), NULL),
			    "preview header %d is cut inside a character", c);
			for (int r = 0; r < pv->nrows; r++)
				FUZZ_CHECK(text_utf8_valid(pv->cell[r][c], strlen(pv->cell[r][c]), NULL),
				    "preview cell %d,%d is cut inside a character", r, c);
		}
	} else
		FUZZ_CHECK(e.msg[0] != '\0', "import_preview fails (%d) without a reason", rc);
	free(pv);

	/* The dry run. */
	memset(&e, 0, sizeof e);
	rc = import_csv(store, &forms, csv_path, &o, &res, &e);
	FUZZ_CHECK(res.inserted == 0 && res.rejects[0] == '\0', "a dry run wrote something");
	FUZZ_CHECK(res.rows == res.valid + res.invalid, "rows %lld != valid %lld + invalid %lld",
	    (long long)res.rows, (long long)res.valid, (long long)res.invalid);
	FUZZ_CHECK(res.problems <= seen.errors, "%lld problems counted, %lld reported",
	    (long long)res.problems, (long long)seen.errors);
	if (rc == 0) {
		FUZZ_CHECK(res.rows > 0 && res.valid > 0, "accepted without a valid row");
		FUZZ_CHECK(o.skip_invalid || res.invalid == 0, "accepted with invalid rows");
		FUZZ_CHECK(res.delim == ',' || res.delim == ';', "separator %d", res.delim);
		FUZZ_CHECK(encoding_canonical(res.encoding) != NULL, "encoding '%s'", res.encoding);
	} else {
		FUZZ_CHECK(e.msg[0] != '\0', "import_csv fails (%d) without a reason", rc);
		FUZZ_CHECK(rc != ERR_NOMEM && rc != ERR_FAIL, "import_csv: %s", e.msg);
	}
	return 0;
}

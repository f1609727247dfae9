/* job roster-paste: a list of names pasted into the class list (or read
 * from a CSV file) matched against the candidates by folded name, and year
 * when given. One match is ticked; nobody found, or namesakes, are left for
 * the user to decide. Nothing is created. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/job-roster.h"
#include "socds/i18n.h"
#include "socds/os.h"

#define ROSTER_FILE_MAX (1024 * 1024)

/* A field without the spaces and quotes around it, in place. */
static char *
paste_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '"')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '"' ||
	    end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static bool
paste_year(const char *s)
{
	return strlen(s) == 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
	    (s[0] == '1' || s[0] == '2');
}

/* A line's name (the first field with a letter) and year (a 4-digit field). */
static void
paste_fields(char *line, char **name, char **year)
{
	*name = *year = NULL;
	for (char *f = line, *next; f != NULL; f = next) {
		if ((next = strpbrk(f, ";,\t")) != NULL)
			*next++ = '\0';
		f = paste_trim(f);
		if (*year == NULL && paste_year(f))
			*year = f;
		else if (*name == NULL && strspn(f, "0123456789 ./-") < strlen(f))
			*name = f;
	}
}

/* A header row's first field ("Họ và tên", "full_name"...). */
static bool
paste_header(const char *name, struct tbuf *tb)
{
	static const char *const words[] = { "ho ten", "ho va ten", "ten", "name", "full name",
	    "hoc vien", "thanh vien" };

	if (text_fold(name, tb) != 0)
		return false;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(tb->p, words[i]) == 0)
			return true;
	return false;
}

/* The text of a file named by the paste (one line, a file that opens). */
static int
paste_file(const char *path, struct tbuf *out, bool *is_file, struct err *e)
{
	char buf[4096];
	size_t got;
	FILE *fp;

	*is_file = false;
	if (strchr(path, '\n') != NULL || (fp = os_fopen(path, "rb")) == NULL)
		return 0;
	*is_file = true;
	out->len = 0;
	while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
		if (out->len + got > ROSTER_FILE_MAX || tbuf_append(out, buf, got) != 0) {
			fclose(fp);
			return err_set(e, ERR_INVALID, _("%s: too large for a list of names"), path);
		}
	fclose(fp);
	if (tbuf_append(out, "", 0) != 0)
		return err_set(e, ERR_NOMEM, "%s", _("out of memory"));
	if (!text_utf8_valid(out->p, out->len, NULL))
		return err_set(e, ERR_INVALID, _("%s: not UTF-8 text (save it as CSV UTF-8)"), path);
	return 0;
}

/* One name: ticked when one person matches, else left for a decision. */
static int
paste_match(struct roster *r, const char *name, const char *year, struct roster_paste *out,
    struct tbuf *key, struct err *e)
{
	struct store_roster_query q = r->q;
	struct roster_line ln;
	int found;

	memset(q.words, 0, sizeof q.words);
	if (text_fold(name, key) != 0 || key->len == 0)
		return 0;
	memset(&ln, 0, sizeof ln);
	snprintf(ln.name, sizeof ln.name, "%s", name);
	err_utf8_cut(ln.name);
	snprintf(ln.year, sizeof ln.year, "%s", year != NULL ? year : "");
	out->lines++;
	if ((found = store_roster_find(r->store, &q, key->p, year, ln.cand, ROSTER_NAMESAKES,
	    e)) < 0)
		return e->code;
	ln.found = found;
	ln.ncand = found < ROSTER_NAMESAKES ? found : ROSTER_NAMESAKES;
	if (found == 1) {
		if (roster_tick(r, &ln.cand[0], true) != 0)
			return err_set(e, ERR_NOMEM, "%s", _("out of memory"));
		out->ticked++;
		return 0;
	}
	/* Nobody born that year: the namesakes of any year are offered. */
	if (found == 0 && year != NULL) {
		int any = store_roster_find(r->store, &q, key->p, NULL, ln.cand, ROSTER_NAMESAKES, e);
		if (any < 0)
			return e->code;
		ln.ncand = any < ROSTER_NAMESAKES ? any : ROSTER_NAMESAKES;
	}
	struct roster_line *nl = realloc(out->left, (out->nleft + 1) * sizeof *nl);
	if (nl == NULL)
		return err_set(e, ERR_NOMEM, "%s", _("out of memory"));
	out->left = nl;
	out->left[out->nleft++] = ln;
	return 0;
}

int
roster_paste(struct roster *r, const char *text, struct roster_paste *out, struct err *e)
{
	struct tbuf file = { 0 }, key = { 0 };
	char *copy, *line, *next;
	bool is_file = false;
	int rc = 0;

	memset(out, 0, sizeof *out);
	while (*text == ' ' || *text == '\n' || *text == '\r')
		text++;
	char path[1024];
	snprintf(path, sizeof path, "%s", text);
	paste_trim(path);
	if (paste_file(path, &file, &is_file, e) != 0) {
		tbuf_free(&file);
		return e->code;
	}
	if ((copy = strdup(is_file ? file.p : text)) == NULL) {
		tbuf_free(&file);
		return err_set(e, ERR_NOMEM, "%s", _("out of memory"));
	}
	/* A UTF-8 byte-order mark, as Excel writes it. */
	line = strncmp(copy, "\xEF\xBB\xBF", 3) == 0 ? copy + 3 : copy;
	for (bool first = true; rc == 0 && line != NULL; line = next, first = false) {
		char *name, *year;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		paste_fields(line, &name, &year);
		if (name == NULL || (first && paste_header(name, &key)))
			continue;
		rc = paste_match(r, name, year, out, &key, e);
	}
	free(copy);
	tbuf_free(&file);
	tbuf_free(&key);
	return rc;
}

void
roster_paste_free(struct roster_paste *p)
{
	free(p->left);
	memset(p, 0, sizeof *p);
}

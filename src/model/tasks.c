/* tasks: the plans' key tasks and their due times. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/store-task.h"
#include "socds/store-unit.h"
#include "socds/tasks.h"
#include "socds/text.h"
#include "socds/paths.h"

/* --- due times --- */

#define DUE_MAXTOK 24

/* The folded words of a due text and the next one to read. */
struct due_words {
	char buf[256];
	char *w[DUE_MAXTOK];
	int n, i;
};

static int
due_days(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* Writes yyyy-mm-dd (the parser keeps y, m, d in range). */
static void
due_iso(char out[11], int y, int m, int d)
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	    (unsigned)d % 100u);
}

/* Takes the words of `words` (space-separated) when they come next. */
static bool
due_accept(struct due_words *p, const char *words)
{
	int i = p->i;

	while (*words != '\0') {
		size_t len = strcspn(words, " ");
		if (i >= p->n || strlen(p->w[i]) != len || strncmp(p->w[i], words, len) != 0)
			return false;
		i++;
		words += len;
		if (*words == ' ')
			words++;
	}
	p->i = i;
	return true;
}

/* Takes the next word when it is a number of 1..maxdigits digits in [lo, hi];
 * returns it, or 0 (nothing taken). */
static int
due_number(struct due_words *p, int lo, int hi, size_t maxdigits)
{
	const char *w;
	size_t len;
	int v;

	if (p->i >= p->n)
		return 0;
	w = p->w[p->i];
	len = strlen(w);
	if (len == 0 || len > maxdigits || strspn(w, "0123456789") != len)
		return 0;
	v = atoi(w);
	if (v < lo || v > hi)
		return 0;
	p->i++;
	return v;
}

static int
due_year(struct due_words *p)
{
	const char *w = p->i < p->n ? p->w[p->i] : "";

	return strlen(w) == 4 ? due_number(p, 1900, 2100, 4) : 0;
}

/* A quarter as I–IV or 1–4; 0 when none. */
static int
due_quarter(struct due_words *p)
{
	static const char *const roman[] = { "i", "ii", "iii", "iv" };

	for (int q = 0; q < 4; q++)
		if (p->i < p->n && strcmp(p->w[p->i], roman[q]) == 0) {
			p->i++;
			return q + 1;
		}
	return due_number(p, 1, 4, 1);
}

/* A date written d m yyyy (folding made "30/6/2024" into "30 6 2024"). */
static bool
due_date(struct due_words *p, char out[11])
{
	int save = p->i, dd, mm, yy;

	if ((dd = due_number(p, 1, 31, 2)) == 0 || (mm = due_number(p, 1, 12, 2)) == 0 ||
	    (yy = due_year(p)) == 0 || dd > due_days(yy, mm)) {
		p->i = save;
		return false;
	}
	due_iso(out, yy, mm, dd);
	return true;
}

static bool
due_end(const struct due_words *p)
{
	return p->i == p->n;
}

static void
due_months(struct due *d, int y1, int m1, int y2, int m2)
{
	due_iso(d->start, y1, m1, 1);
	due_iso(d->end, y2, m2, due_days(y2, m2));
}

/* "[từ [năm] YYYY]" after Hàng năm / Thường xuyên: the start, when given. */
static bool
due_since(struct due_words *p, struct due *d)
{
	int y;

	if (!due_accept(p, "tu"))
		return due_end(p);
	due_accept(p, "nam");
	if ((y = due_year(p)) == 0 || !due_end(p))
		return false;
	due_iso(d->start, y, 1, 1);
	return true;
}

/* The grammar of the header comment, on folded words. */
static bool
due_words_parse(struct due_words *p, struct due *d)
{
	int y, y2, q, m, n;

	if (!due_accept(p, "thoi gian thuc hien"))
		due_accept(p, "thoi gian hoan thanh");
	d->kind = DUE_ONCE;
	/* "Theo hướng dẫn của Bộ …" (Tây Ninh): when the ministry says, so no
	 * date of its own: ongoing, never overdue. */
	if (due_accept(p, "theo huong dan")) {
		d->kind = DUE_ONGOING;
		return p->i < p->n;
	}
	if (due_accept(p, "thuong xuyen")) {
		d->kind = DUE_ONGOING;
		return due_since(p, d);
	}
	if (due_accept(p, "hang nam")) {
		d->kind = DUE_YEARLY;
		return due_since(p, d);
	}
	if (due_accept(p, "tu")) {		/* Từ năm 2024 [đến năm 2025] */
		due_accept(p, "nam");
		if ((y = due_year(p)) == 0)
			return false;
		if (due_end(p)) {
			d->kind = DUE_ONGOING;
			due_iso(d->start, y, 1, 1);
			return true;
		}
		due_accept(p, "den");
		due_accept(p, "nam");
		if ((y2 = due_year(p)) == 0 || y2 < y || !due_end(p))
			return false;
		due_months(d, y, 1, y2, 12);
		return true;
	}
	if (due_accept(p, "truoc") || due_accept(p, "den")) {	/* a deadline */
		bool by = strcmp(p->w[p->i - 1], "den") == 0;
		due_accept(p, "ngay");
		if (due_date(p, d->end))
			return due_end(p);
		if (!by)
			return false;
		due_accept(p, "nam");		/* Đến năm 2025 */
		if ((y = due_year(p)) == 0 || !due_end(p))
			return false;
		due_iso(d->end, y, 12, 31);
		return true;
	}
	/* "Tháng Quý IV/2024" (sic, Quảng Nam) is a quarter too. */
	if (due_accept(p, "thang quy") || due_accept(p, "quy")) {
		if ((q = due_quarter(p)) == 0)
			return false;
		due_accept(p, "nam");
		if ((y = due_year(p)) == 0 || !due_end(p))
			return false;
		due_months(d, y, 3 * q - 2, y, 3 * q);
		return true;
	}
	if (due_accept(p, "thang")) {
		if ((m = due_number(p, 1, 12, 2)) == 0)
			return false;
		due_accept(p, "nam");
		if ((y = due_year(p)) == 0 || !due_end(p))
			return false;
		due_months(d, y, m, y, m);
		return true;
	}
	if ((n = due_number(p, 6, 6, 1)) != 0) {	/* 6 tháng đầu/cuối năm 2024 */
		bool first = due_accept(p, "thang dau nam");
		if (!first && !due_accept(p, "thang cuoi nam"))
			return false;
		if ((y = due_year(p)) == 0 || !due_end(p))
			return false;
		due_months(d, y, first ? 1 : 7, y, first ? 6 : 12);
		return true;
	}
	if (!due_accept(p, "trong"))
		due_accept(p, "giai doan");
	due_accept(p, "nam");
	if ((y = due_year(p)) == 0)
		return false;
	if (due_end(p)) {
		due_months(d, y, 1, y, 12);
		return true;
	}
	if (due_accept(p, "va cac nam tiep theo")) {
		d->kind = DUE_YEARLY;
		due_iso(d->start, y, 1, 1);
		return due_end(p);
	}
	due_accept(p, "den");
	due_accept(p, "nam");
	if ((y2 = due_year(p)) == 0 || y2 < y || !due_end(p))
		return false;
	due_months(d, y, 1, y2, 12);
	return true;
}

int
due_parse(const char *due_text, struct due *d, struct err *e)
{
	struct due_words p;
	struct tbuf f = { 0 };
	bool ok = false;

	memset(d, 0, sizeof *d);
	memset(&p, 0, sizeof p);
	/* Folding ignores case, tone marks, đ and punctuation: "Quý III/2024" is
	 * "quy iii 2024", "2024 - 2025" is "2024 2025". */
	if (due_text != NULL && text_fold(due_text, &f) == 0 && f.len > 0 &&
	    f.len < sizeof p.buf) {
		char *save = NULL;
		memcpy(p.buf, f.p, f.len + 1);
		for (char *w = strtok_r(p.buf, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save)) {
			if (p.n == DUE_MAXTOK) {
				p.n = 0;
				break;
			}
			p.w[p.n++] = w;
		}
		ok = p.n > 0 && due_words_parse(&p, d);
	}
	tbuf_free(&f);
	if (!ok) {
		memset(d, 0, sizeof *d);
		return err_set(e, ERR_INVALID,
		    _("due time '%s' not understood (write e.g. Năm 2024, Quý III/2024, "
		    "Tháng 6/2024, 2024-2025, Trước 30/6/2024, Hàng năm, Thường xuyên)"),
		    due_text != NULL ? due_text : "");
	}
	return 0;
}

static bool
due_iso_valid(const char *s)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	return true;
}

bool
due_overdue(const struct due *d, const char *status, const char *today_iso)
{
	if (d == NULL || !due_iso_valid(today_iso))
		return false;
	if (status != NULL && (strcmp(status, "done") == 0 || strcmp(status, "cancelled") == 0))
		return false;
	switch (d->kind) {
	case DUE_ONCE:
		return d->end[0] != '\0' && strcmp(today_iso, d->end) > 0;
	case DUE_YEARLY:
		if (d->start[0] != '\0' && strcmp(today_iso, d->start) < 0)
			return false;
		return strcmp(today_iso + 5, "12-01") >= 0;
	case DUE_ONGOING:
		break;
	}
	return false;
}

/* --- which levels a task concerns --- */

enum { TL_PROVINCE = 1, TL_DISTRICT = 2, TL_COMMUNE = 4 };

enum tl_field { TLF_TITLE, TLF_LEAD, TLF_AGENCIES };	/* AGENCIES: lead and coordinating */

/* The rule table (assets/tasks/SOURCE.md, "level"). Words are folded and
 * matched as whole words. `only` rules win over the others: a provincial
 * action (a submission to the provincial People's Committee or Council, a
 * study tour the province organises) stays at the province whoever
 * coordinates. The others add their levels; no match at all is the province. */
static const struct tl_rule {
	enum tl_field field;
	const char *words;
	unsigned levels;
	bool only;
} tl_rules[] = {
	{ TLF_TITLE, "trinh ubnd tinh", TL_PROVINCE, true },
	{ TLF_TITLE, "trinh uy ban nhan dan tinh", TL_PROVINCE, true },
	{ TLF_TITLE, "trinh hdnd tinh", TL_PROVINCE, true },
	{ TLF_TITLE, "trinh hoi dong nhan dan tinh", TL_PROVINCE, true },
	{ TLF_TITLE, "doan cong tac", TL_PROVINCE, true },
	/* The localities: the districts and communes of the plan's time. */
	{ TLF_AGENCIES, "dia phuong", TL_DISTRICT | TL_COMMUNE, false },
	{ TLF_AGENCIES, "cap huyen", TL_DISTRICT, false },
	{ TLF_AGENCIES, "cac huyen", TL_DISTRICT, false },
	{ TLF_AGENCIES, "cap xa", TL_COMMUNE, false },
	{ TLF_AGENCIES, "cac xa", TL_COMMUNE, false },
	/* A provincial body that leads: a Sở, the province's committee or office. */
	{ TLF_LEAD, "so", TL_PROVINCE, false },
	{ TLF_LEAD, "tinh", TL_PROVINCE, false },
	/* "Cơ quan thường trực của Ban chỉ đạo chuyển đổi số các cấp": every level. */
	{ TLF_LEAD, "cac cap", TL_PROVINCE | TL_DISTRICT | TL_COMMUNE, false },
};

/* Whether the folded words of `text` (" a b c ") contain `words` whole. */
static bool
tl_has(const char *padded, const char *words)
{
	char w[64];

	snprintf(w, sizeof w, " %s ", words);
	return strstr(padded, w) != NULL;
}

static int
tl_fold(const char *s, char **out)
{
	struct tbuf f = { 0 };

	*out = NULL;
	if (text_fold(s != NULL ? s : "", &f) != 0)
		return -1;
	if ((*out = malloc(f.len + 3)) == NULL) {
		tbuf_free(&f);
		return -1;
	}
	snprintf(*out, f.len + 3, " %s ", f.p != NULL ? f.p : "");
	tbuf_free(&f);
	return 0;
}

int
tasks_level_derive(const char *title, const char *lead, const char *coordinating,
    char *out, size_t size, bool *provincial_action)
{
	char *ft = NULL, *fl = NULL, *fc = NULL;
	unsigned lv = 0, only = 0;
	int rc = -1;

	if (tl_fold(title, &ft) != 0 || tl_fold(lead, &fl) != 0 || tl_fold(coordinating, &fc) != 0)
		goto out;
	for (size_t i = 0; i < sizeof tl_rules / sizeof tl_rules[0]; i++) {
		const struct tl_rule *r = &tl_rules[i];
		bool hit = r->field == TLF_TITLE ? tl_has(ft, r->words) :
		    r->field == TLF_LEAD ? tl_has(fl, r->words) :
		    tl_has(fl, r->words) || tl_has(fc, r->words);
		if (hit && r->only)
			only |= r->levels;
		else if (hit)
			lv |= r->levels;
	}
	if (only != 0)
		lv = only;
	else if (lv == 0)
		lv = TL_PROVINCE;
	if (provincial_action != NULL)
		*provincial_action = only != 0;
	snprintf(out, size, "%s%s%s%s%s", lv & TL_PROVINCE ? "province" : "",
	    (lv & TL_PROVINCE) && (lv & (TL_DISTRICT | TL_COMMUNE)) ? "," : "",
	    lv & TL_DISTRICT ? "district" : "",
	    (lv & TL_DISTRICT) && (lv & TL_COMMUNE) ? "," : "", lv & TL_COMMUNE ? "commune" : "");
	rc = 0;
out:
	free(ft);
	free(fl);
	free(fc);
	return rc;
}

/* --- the tasks of a unit --- */

/* The day before yyyy-mm-dd `iso` (valid) into out. */
static void
tasks_day_before(const char *iso, char out[11])
{
	int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);

	if (--d < 1) {
		if (--m < 1) {
			m = 12;
			y--;
		}
		d = due_days(y, m);
	}
	due_iso(out, y, m, d);
}

struct tasks_list_ctx {
	char asof[11];
	int (*fn)(const struct task_row *t, void *arg);
	void *arg;
};

static int
tasks_list_row(const struct task_row *raw, void *arg)
{
	struct tasks_list_ctx *c = arg;
	struct task_row t = *raw;
	struct due d;
	struct err e = { 0 };

	/* A yearly task's status is the year's: done in 2025 is not done in 2026. */
	if (due_parse(t.due_text, &d, &e) == 0) {
		t.yearly = d.kind == DUE_YEARLY;
		if (t.yearly) {
			t.status = t.year_status;
			t.progress_id = t.year_progress_id;
		}
		t.overdue = due_overdue(&d, t.status, c->asof);
	}
	return c->fn(&t, c->arg);
}

int
tasks_list(struct store *s, const char *unit, const char *level, const char *asof,
    int (*fn)(const struct task_row *t, void *arg), void *arg, struct err *e)
{
	struct tasks_list_ctx c = { "", fn, arg };
	struct unit u;
	char year[5];

	if (!due_iso_valid(asof))
		return err_set(e, ERR_INVALID, _("date '%s' is not yyyy-mm-dd"), asof ? asof : "");
	memcpy(c.asof, asof, 10);
	/* A unit that has ended (a district on 1 July 2025) stands as it was on its
	 * last day: its yearly tasks are that year's, never overdue after it. */
	if (store_unit_get(s, unit, &u, e) != 0)
		return e->code;
	if (due_iso_valid(u.abolished_on) && strcmp(c.asof, u.abolished_on) >= 0)
		tasks_day_before(u.abolished_on, c.asof);
	memcpy(year, c.asof, 4);
	year[4] = '\0';
	/* The status is the one recorded up to asof itself: an office still at
	 * work records later what it did before it ended. */
	return store_task_list(s, unit, level, year, asof, TASKS_TWO_LEVEL_FROM, tasks_list_row,
	    &c, e);
}

/* --- loading tasks.csv --- */

enum { TC_CODE, TC_PLAN, TC_PARENT, TC_TITLE, TC_LEAD, TC_COORD, TC_RESULT, TC_DUE,
	TC_LEVEL, TC_PROVINCE, TC_COUNT };

static const char *const tasks_cols[TC_COUNT] = { "code", "plan", "parent", "title",
	"lead_agency", "coordinating", "expected_result", "due_text", "level", "province" };

/* The codes read so far, to refuse repeats and parents that come later. */
struct tasks_seen {
	char **code;
	size_t n, cap;
};

static bool
tasks_seen_has(const struct tasks_seen *s, const char *code)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->code[i], code) == 0)
			return true;
	return false;
}

static int
tasks_seen_add(struct tasks_seen *s, const char *code, struct err *e)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		char **p = realloc(s->code, cap * sizeof *p);
		if (p == NULL)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		s->code = p;
		s->cap = cap;
	}
	if ((s->code[s->n] = strdup(code)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	s->n++;
	return 0;
}

static void
tasks_seen_free(struct tasks_seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->code[i]);
	free(s->code);
}

static bool
tasks_level_valid(const char *level)
{
	/* One or more of province, district, commune, separated by commas. */
	const char *p = level;

	if (*p == '\0')
		return false;
	while (*p) {
		size_t n = strcspn(p, ",");
		if (!((n == 8 && strncmp(p, "province", 8) == 0) ||
		    (n == 8 && strncmp(p, "district", 8) == 0) ||
		    (n == 7 && strncmp(p, "commune", 7) == 0)))
			return false;
		p += n;
		if (*p == ',')
			p++;
	}
	return true;
}

/* One data row: checked, cleaned (NFC) and written. */
static int
tasks_row(struct store *s, const char **raw, struct tbuf *t, struct tasks_seen *seen,
    struct err *e)
{
	struct store_task st;
	struct due d;
	char derived[32];
	bool provincial = false;

	for (int i = 0; i < TC_COUNT; i++)
		if (text_clean(raw[i], &t[i]) != 0)
			return err_set(e, ERR_INVALID, _("%s: the text is not valid UTF-8"),
			    tasks_cols[i]);
#define F(i) (t[i].p != NULL ? t[i].p : "")
	if (*F(TC_CODE) == '\0' || *F(TC_TITLE) == '\0' || *F(TC_PLAN) == '\0')
		return err_set(e, ERR_INVALID, _("a task needs a code, a plan and a title"));
	if (tasks_seen_has(seen, F(TC_CODE)))
		return err_set(e, ERR_INVALID, _("task code '%s' appears twice"), F(TC_CODE));
	if (*F(TC_PARENT) != '\0' && !tasks_seen_has(seen, F(TC_PARENT)))
		return err_set(e, ERR_INVALID,
		    _("task %s: the parent '%s' is not a task listed before it"), F(TC_CODE),
		    F(TC_PARENT));
	if (!tasks_level_valid(F(TC_LEVEL)))
		return err_set(e, ERR_INVALID,
		    _("task %s: unknown level '%s' (province, district, commune)"), F(TC_CODE),
		    F(TC_LEVEL));
	memset(&d, 0, sizeof d);
	if (*F(TC_DUE) != '\0' && due_parse(F(TC_DUE), &d, e) != 0)
		return e->code;
	/* A provincial action stays at the province, whatever the file says. */
	if (tasks_level_derive(F(TC_TITLE), F(TC_LEAD), F(TC_COORD), derived, sizeof derived,
	    &provincial) != 0)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	st = (struct store_task){
		.code = F(TC_CODE), .title = F(TC_TITLE), .lead_agency = F(TC_LEAD),
		.coordinating = F(TC_COORD), .expected_result = F(TC_RESULT),
		.due_text = F(TC_DUE), .due_start = d.start, .due_end = d.end,
		.level = provincial ? "province" : F(TC_LEVEL), .source = F(TC_PLAN), .province_code = F(TC_PROVINCE),
	};
	if (store_task_put(s, &st, e) != 0)
		return e->code;
	return tasks_seen_add(seen, F(TC_CODE), e);
#undef F
}

static bool
tasks_blank_row(const struct csv *c)
{
	return csv_nfields(c) <= 1 && csv_field_len(c, 0) == 0;
}

static int
tasks_read(struct store *s, FILE *fp, const char *path, struct err *e)
{
	struct tasks_seen seen = { 0 };
	struct tbuf t[TC_COUNT];
	const char *raw[TC_COUNT];
	int idx[TC_COUNT];
	struct csv *c;
	int rc;

	memset(t, 0, sizeof t);
	if ((c = csv_open(fp, path, ',')) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	if ((rc = csv_next(c, e)) <= 0) {
		if (rc == 0)
			err_set(e, ERR_INVALID, _("%s: the file is empty"), path);
		goto out;
	}
	for (int i = 0; i < TC_COUNT; i++) {
		idx[i] = -1;
		for (size_t j = 0; j < csv_nfields(c); j++)
			if (strcmp(csv_field(c, j), tasks_cols[i]) == 0)
				idx[i] = (int)j;
		/* province may be left out: such a plan concerns every province. */
		if (idx[i] < 0 && i != TC_PROVINCE) {
			err_set(e, ERR_INVALID, _("%s:1: column '%s' is missing"), path,
			    tasks_cols[i]);
			goto out;
		}
	}
	while ((rc = csv_next(c, e)) == 1) {
		if (tasks_blank_row(c))
			continue;
		for (int i = 0; i < TC_COUNT; i++)
			raw[i] = idx[i] >= 0 ? csv_field(c, (size_t)idx[i]) : "";
		if (tasks_row(s, raw, t, &seen, e) != 0) {
			err_prefix(e, "%s:%ld", path, csv_line(c));
			break;
		}
	}
out:
	for (int i = 0; i < TC_COUNT; i++)
		tbuf_free(&t[i]);
	tasks_seen_free(&seen);
	csv_free(c);
	return e->code;
}

int
tasks_load(struct store *s, const char *datadir, struct err *e)
{
	char path[PATH_MAX];
	FILE *fp;

	err_clear(e);
	if (paths_join(path, sizeof path, e, "%s/assets/tasks/tasks.csv", datadir) != 0)
		return e->code;
	if ((fp = fopen(path, "r")) == NULL)
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), path, err_errno(errno));
	if (store_begin(s, e) != 0) {
		fclose(fp);
		return e->code;
	}
	if (tasks_read(s, fp, path, e) != 0) {
		store_rollback(s);
		fclose(fp);
		return e->code;
	}
	fclose(fp);
	return store_commit(s, e);
}

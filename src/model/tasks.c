/* tasks: the plans' key tasks as data: their due times, levels and what is
 * overdue (no store: job/tasks.c lists and loads them). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/store-task.h"
#include "socds/store-unit.h"
#include "socds/period.h"
#include "socds/tasks.h"
#include "socds/text.h"

/* --- due times --- */

#define DUE_MAXTOK 24

/* The folded words of a due text and the next one to read. */
struct due_words {
	char buf[256];
	char *w[DUE_MAXTOK];
	int n, i;
};

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
	    (yy = due_year(p)) == 0 || dd > period_days(yy, mm)) {
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
	due_iso(d->end, y2, m2, period_days(y2, m2));
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

/* "[đến] [năm] YYYY" to the end, after a first year y: the years y to YYYY. */
static bool
due_until(struct due_words *p, struct due *d, int y)
{
	int y2;

	due_accept(p, "den");
	due_accept(p, "nam");
	if ((y2 = due_year(p)) == 0 || y2 < y || !due_end(p))
		return false;
	due_months(d, y, 1, y2, 12);
	return true;
}

/* After "Từ": năm 2024 (ongoing from then) [đến năm 2025] (a range, once). */
static bool
due_from(struct due_words *p, struct due *d)
{
	int y;

	due_accept(p, "nam");
	if ((y = due_year(p)) == 0)
		return false;
	if (due_end(p)) {
		d->kind = DUE_ONGOING;
		due_iso(d->start, y, 1, 1);
		return true;
	}
	return due_until(p, d, y);
}

/* After "Trước" or "Đến" (by): a deadline [ngày] D/M/YYYY; after "Đến" also
 * [năm] YYYY, by the end of that year. */
static bool
due_deadline(struct due_words *p, struct due *d, bool by)
{
	int y;

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

/* Months m1 to m2 of the year YYYY that ends the words. */
static bool
due_in_year(struct due_words *p, struct due *d, int m1, int m2)
{
	int y;

	if ((y = due_year(p)) == 0 || !due_end(p))
		return false;
	due_months(d, y, m1, y, m2);
	return true;
}

/* "[Trong|Giai đoạn] [năm] YYYY", then nothing (that year), "và các năm tiếp
 * theo" (yearly from then) or "[đến] [năm] YYYY" (a range of years). */
static bool
due_years(struct due_words *p, struct due *d)
{
	int y;

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
	return due_until(p, d, y);
}

/* The grammar of the header comment, on folded words. */
static bool
due_words_parse(struct due_words *p, struct due *d)
{
	int q, m;

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
	if (due_accept(p, "tu"))		/* Từ năm 2024 [đến năm 2025] */
		return due_from(p, d);
	if (due_accept(p, "truoc"))
		return due_deadline(p, d, false);
	if (due_accept(p, "den"))
		return due_deadline(p, d, true);
	/* "Tháng Quý IV/2024" (sic, Quảng Nam) is a quarter too. */
	if (due_accept(p, "thang quy") || due_accept(p, "quy")) {
		if ((q = due_quarter(p)) == 0)
			return false;
		due_accept(p, "nam");
		return due_in_year(p, d, 3 * q - 2, 3 * q);
	}
	if (due_accept(p, "thang")) {
		if ((m = due_number(p, 1, 12, 2)) == 0)
			return false;
		due_accept(p, "nam");
		return due_in_year(p, d, m, m);
	}
	if (due_number(p, 6, 6, 1) != 0) {	/* 6 tháng đầu/cuối năm 2024 */
		bool first = due_accept(p, "thang dau nam");
		if (!first && !due_accept(p, "thang cuoi nam"))
			return false;
		return due_in_year(p, d, first ? 1 : 7, first ? 6 : 12);
	}
	return due_years(p, d);
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

bool
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

/* The day before yyyy-mm-dd `iso` (valid) into out. */
void
due_day_before(const char *iso, char out[11])
{
	int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);

	if (--d < 1) {
		if (--m < 1) {
			m = 12;
			y--;
		}
		d = period_days(y, m);
	}
	due_iso(out, y, m, d);
}

bool
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

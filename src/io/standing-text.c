/* standing-text: the report as official papers lay it out — in 78 columns of
 * a monospace font, so it prints on A4 portrait — and as CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>

#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/figures.h"
#include "socds/standing.h"
#include "socds/text.h"

#define PAGE_W 78
#define LEFT_W 32	/* the issuing body's block */

/* Writes s centred in w columns (by display width, not bytes). */
static void
out_center(FILE *out, const char *s, int w)
{
	int sw = text_width(s), pad = sw < w ? (w - sw) / 2 : 0;

	fprintf(out, "%*s%s%*s", pad, "", s, sw < w ? w - sw - pad : 0, "");
}

/* The end of the longest run of words of text from pos that fits in w
 * columns (at least one word, however long). */
static size_t
out_fit(const char *text, size_t pos, size_t len, int w)
{
	char line[512];
	size_t cut = 0;

	for (size_t p = pos; p <= len; p++) {
		if (p == len || text[p] == ' ') {
			snprintf(line, sizeof line, "%.*s", (int)(p - pos), text + pos);
			if (text_width(line) > w && cut > 0)
				break;
			cut = p;
		}
	}
	return cut > pos ? cut : len;
}

/* Lines of at most w columns of text, broken between words, into lines[]
 * (each at most size bytes); returns how many. */
static int
out_split(const char *text, int w, char lines[][320], int max)
{
	size_t len = strlen(text), pos = 0;
	int n = 0;

	while (pos < len && n < max) {
		size_t end = out_fit(text, pos, len, w);
		snprintf(lines[n++], 320, "%.*s", (int)(end - pos), text + pos);
		pos = end;
		while (pos < len && text[pos] == ' ')
			pos++;
	}
	return n;
}

/* Two columns side by side: the left one LEFT_W wide (centred, or flush
 * left when left_flush), the right one centred in the rest. */
static void
out_columns(FILE *out, char left[][320], int nl, char right[][320], int nr, bool left_flush)
{
	for (int i = 0; i < nl || i < nr; i++) {
		const char *l = i < nl ? left[i] : "", *r = i < nr ? right[i] : "";
		if (left_flush)
			fprintf(out, "%s%*s", l, LEFT_W - text_width(l) > 0 ? LEFT_W - text_width(l) : 0,
			    "");
		else
			out_center(out, l, LEFT_W);
		out_center(out, r, PAGE_W - LEFT_W);
		fputc('\n', out);
	}
}

/* "66,7%" in Vietnamese, "66.7%" in English. */
static void
out_pct(char *buf, size_t size, double pct)
{
	if (pct < 0) {
		snprintf(buf, size, "—");
		return;
	}
	snprintf(buf, size, "%.1f%%", pct);
	if (strcmp(i18n_lang(), "vi") == 0)
		for (char *p = buf; *p; p++)
			if (*p == '.')
				*p = ',';
}

/* Writes text in lines of at most PAGE_W columns, broken between words: the
 * first line from column indent, the lines after it from column hang. */
static void
out_wrap(FILE *out, int indent, int hang, const char *text)
{
	size_t len = strlen(text), pos = 0;

	while (pos < len) {
		size_t end = out_fit(text, pos, len, PAGE_W - indent);
		fprintf(out, "%*s%.*s\n", indent, "", (int)(end - pos), text + pos);
		pos = end;
		while (pos < len && text[pos] == ' ')
			pos++;
		indent = hang;
	}
}

/* The width of a label's marker ("- ", "4. ", "12. "): its wrapped lines
 * start under the first character after it. */
static int
out_marker(const char *label)
{
	size_t k = 0;

	if (label[0] == '-' && label[1] == ' ')
		return 2;
	while (label[k] >= '0' && label[k] <= '9')
		k++;
	if (k > 0 && label[k] == '.' && label[k + 1] == ' ')
		return (int)k + 2;
	return 0;
}

/* "label ......... value": dots fill to the value column by display width. */
static void
out_line(FILE *out, int indent, const char *label, const char *value)
{
	int lw = text_width(label), vw = text_width(value), col = 56;

	/* A label too long for the line keeps its own lines, the wrapped ones
	 * under its text (after "- " or "4. "); dots lead to the value. */
	if (indent + lw + 2 > col - 1 || col + vw > PAGE_W) {
		int hang = indent + out_marker(label);
		out_wrap(out, indent, hang, label);
		lw = -1;
		indent = hang;
		if (col + vw > PAGE_W)
			col = PAGE_W - vw;
	}
	if (lw < 0) {
		fprintf(out, "%*s", indent, "");
		lw = 0;
		for (int i = indent; i < col - 1; i++)
			fputc('.', out);
	} else {
		fprintf(out, "%*s%s ", indent, "", label);
		for (int i = indent + lw + 1; i < col - 1; i++)
			fputc('.', out);
	}
	fprintf(out, " %s\n", value);
}

static void
out_figure(const struct standing *r, const struct standing_unit *ru, int i, int num, FILE *out)
{
	const struct figure *f = &figures[i];
	const struct standing_cell *c = &ru->cell[i];
	char label[200], value[96], pct[24], kb[32], cap[160];

	standing_capital(_(f->label), cap, sizeof cap);
	snprintf(label, sizeof label, "%d. %s", num, cap);
	switch (f->shape) {
	case FIG_COUNT:
		snprintf(value, sizeof value, "%.0f", c->value);
		out_line(out, 1, label, value);
		break;
	case FIG_SHARE:
		out_pct(pct, sizeof pct, standing_percent(c->value, c->denom));
		if (figure_entered(f) && c->denom <= 0)
			snprintf(value, sizeof value, "%s%s", _("not entered"), f->target > 0 ? "," : "");
		else
			snprintf(value, sizeof value, "%.0f/%.0f (%s)", c->value, c->denom, pct);
		if (f->target > 0) {
			char tgt[24];
			out_pct(tgt, sizeof tgt, f->target);
			snprintf(value + strlen(value), sizeof value - strlen(value), _(" target %s"), tgt);
		}
		out_line(out, 1, label, value);
		break;
	case FIG_NAMES:
		snprintf(value, sizeof value, "%.0f", c->value);
		out_line(out, 1, label, value);
		for (size_t k = 0; k < c->n; k++) {
			char item[320];
			snprintf(item, sizeof item, "- %s", c->rows[k].key);
			out_wrap(out, 6, 8, item);
		}
		if (c->more > 0)
			fprintf(out, _("      ... and %zu more\n"), c->more);
		break;
	default:
		fprintf(out, " %s:\n", label);
		if (c->n == 0)
			fprintf(out, "      %s\n", _("(none)"));
		for (size_t k = 0; k < c->n; k++) {
			const char *kl = standing_key_label(r, f->list, c->rows[k].key, kb, sizeof kb);
			if (f->shape == FIG_SHARE_BY) {
				out_pct(pct, sizeof pct, standing_percent(c->rows[k].value, c->rows[k].denom));
				snprintf(value, sizeof value, "%.0f/%.0f (%s)", c->rows[k].value,
				    c->rows[k].denom, pct);
			} else
				snprintf(value, sizeof value, "%.0f", c->rows[k].value);
			char item[200];
			snprintf(item, sizeof item, "- %s", kl);
			out_line(out, 5, item, value);
		}
	}
}

/* A share over entered figures, unit by unit: the office's own, each unit
 * below ("not entered" where a unit has not entered them). */
static void
out_entered_units(const struct standing *r, int i, FILE *out)
{
	for (size_t u = 0; u <= r->nchild; u++) {
		const struct standing_unit *ru = standing_row_unit(r, u);
		const struct standing_cell *c = &ru->cell[i];
		char item[200], value[96], pct[24];
		snprintf(item, sizeof item, "- %s", u == 0 ? _("Reporting office") : ru->u.name);
		out_pct(pct, sizeof pct, standing_percent(c->value, c->denom));
		if (c->denom <= 0)
			snprintf(value, sizeof value, "%s", _("not entered"));
		else
			snprintf(value, sizeof value, "%.0f/%.0f (%s)", c->value, c->denom, pct);
		out_line(out, 5, item, value);
	}
}

static const char *const out_sections[SEC_COUNT] = {
	N_("I. DIGITAL TRANSFORMATION STAFF"), N_("II. TRAINING"),
	N_("III. COMMUNITY DIGITAL TECHNOLOGY TEAMS"), N_("IV. PLAN TASKS"),
};

/* The official header (Decree 30/2020/NĐ-CP, form of a report): the issuing
 * body under the body above it, the national name and motto, a short rule
 * under each, the number beside the place and date; then the title, the
 * subject with its rule and the addressee. */
static void
out_header(const struct standing *r, FILE *out)
{
	const struct paper *pp = &r->paper;
	char left[8][320], right[8][320], when[96], line[PAPER_VALUE_MAX + 64], words[96];
	char range[96];
	int nl = 0, nr = 0;

	if (pp->v[PAPER_BODY_ABOVE][0] != '\0')
		nl += out_split(pp->v[PAPER_BODY_ABOVE], LEFT_W, left + nl, 3);
	nl += out_split(pp->v[PAPER_BODY], LEFT_W, left + nl, 3);
	snprintf(left[nl++], 320, "%s", "────────");
	snprintf(right[nr++], 320, "%s", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	snprintf(right[nr++], 320, "%s", "Độc lập - Tự do - Hạnh phúc");
	snprintf(right[nr++], 320, "%s", "─────────────────────────");
	/* Each rule right under its own block: the shorter block ends early. */
	out_columns(out, left, nl, right, nr, false);
	snprintf(left[0], 320, "Số: %.40s/%.100s", pp->v[PAPER_NUMBER][0] ? pp->v[PAPER_NUMBER] :
	    "     ", pp->v[PAPER_NUMBER_SUFFIX]);
	standing_date_words(r->today, when, sizeof when);
	snprintf(right[0], 320, "%.200s, %s", pp->v[PAPER_PLACE], when);
	out_columns(out, left, 1, right, 1, false);
	fputc('\n', out);
	out_center(out, "BÁO CÁO", PAGE_W);
	fputc('\n', out);
	if (r->has_period) {
		standing_period_words(&r->period, words, sizeof words, range, sizeof range);
		snprintf(line, sizeof line, "Kết quả thực hiện chuyển đổi số %s", words);
	} else
		snprintf(line, sizeof line, "%s", "Kết quả thực hiện chuyển đổi số (toàn bộ dữ liệu)");
	nl = out_split(line, PAGE_W - 8, left, 3);
	for (int i = 0; i < nl; i++) {
		out_center(out, left[i], PAGE_W);
		fputc('\n', out);
	}
	if (r->has_period) {
		snprintf(line, sizeof line, "(%s)", range);
		out_center(out, line, PAGE_W);
		fputc('\n', out);
	}
	/* An office above has approved (part of) the period: said under the title. */
	if (r->total.approved[0] != '\0') {
		snprintf(line, sizeof line, "Đã phê duyệt: %s", r->total.approved);
		nl = out_split(line, PAGE_W - 8, left, 3);
		for (int i = 0; i < nl; i++) {
			out_center(out, left[i], PAGE_W);
			fputc('\n', out);
		}
	}
	out_center(out, "──────────", PAGE_W);
	fputc('\n', out);
	if (pp->v[PAPER_ADDRESSEE][0] != '\0') {
		snprintf(line, sizeof line, "Kính gửi: %s", pp->v[PAPER_ADDRESSEE]);
		nl = out_split(line, PAGE_W - 8, left, 4);
		for (int i = 0; i < nl; i++) {
			out_center(out, left[i], PAGE_W);
			fputc('\n', out);
		}
	}
	fputc('\n', out);
}

/* Recipients on the left, flush; the signer on the right: TM./KT. lines and
 * the title, room for the signature and seal, then the name. */
static void
out_signature(const struct standing *r, FILE *out)
{
	const struct paper *pp = &r->paper;
	char left[PAPER_RECIPIENTS_MAX * 3 + 2][320], right[12][320];
	char (*rec)[PAPER_VALUE_MAX] = malloc(PAPER_RECIPIENTS_MAX * sizeof *rec);
	const char *sl[3];
	int nl = 0, nr = 0, nrec, ns = paper_signer_lines(pp, sl);

	if (rec == NULL)
		return;
	nrec = paper_recipients(pp, rec, PAPER_RECIPIENTS_MAX);
	snprintf(left[nl++], 320, "%s", "Nơi nhận:");
	for (int i = 0; i < nrec; i++) {
		char item[PAPER_VALUE_MAX + 8];
		snprintf(item, sizeof item, "- %s%s", rec[i], i + 1 < nrec ? ";" : ".");
		int got = out_split(item, LEFT_W - 2, left + nl, 3);
		for (int k = 1; k < got; k++) {	/* continued lines under the text */
			char tmp[320];
			snprintf(tmp, sizeof tmp, "  %s", left[nl + k]);
			snprintf(left[nl + k], 320, "%s", tmp);
		}
		nl += got;
	}
	for (int i = 0; i < ns; i++)
		nr += out_split(sl[i], PAGE_W - LEFT_W - 2, right + nr, 2);
	if (pp->v[PAPER_SIGNER_NAME][0] != '\0') {
		for (int i = 0; i < 3; i++)
			right[nr++][0] = '\0';
		snprintf(right[nr++], 320, "%.300s", pp->v[PAPER_SIGNER_NAME]);
	} else
		snprintf(right[nr++], 320, "%s", "(Ký, ghi rõ họ tên)");
	out_columns(out, left, nl, right, nr, true);
	free(rec);
}

/* "66" or "66,7%" for a cell of the table by unit. */
static void
out_cell(FILE *out, const struct figure *f, double v, double d)
{
	char buf[24];

	if (f->shape == FIG_SHARE)
		out_pct(buf, sizeof buf, standing_percent(v, d));
	else
		snprintf(buf, sizeof buf, "%.0f", v);
	fprintf(out, "%*s%s", 9 - text_width(buf), "", buf);
}

/* A unit's name in 26 columns, cut by characters, not bytes. */
static void
out_name26(FILE *out, const char *name)
{
	char cut[160];
	int w;

	snprintf(cut, sizeof cut, "%s", name);
	w = text_width(cut);
	while (w > 26 && strlen(cut) > 0) {
		size_t len = strlen(cut);
		size_t prev = text_grapheme_prev(cut, len, len);
		cut[prev < len ? prev : len - 1] = '\0';
		w = text_width(cut);
		if (w < 0)
			w = 27;
	}
	fprintf(out, " %s%*s", cut, 26 - (w > 26 ? 26 : w), "");
}

/* Section V: a row for the office's own records, one per unit below, the
 * records under former units when there are any, and the total (= section I). */
/* The units below whose period an office above has approved. */
static void
out_approved_below(const struct standing *r, FILE *out)
{
	char line[400], lines[4][320];

	for (size_t c = 0; c < r->nchild; c++) {
		const struct standing_unit *ru = &r->child[c];
		if (ru->approved[0] == '\0')
			continue;
		snprintf(line, sizeof line, _("Approved: %s: %s"), ru->u.name, ru->approved);
		int nl = out_split(line, PAGE_W - 2, lines, 4);
		for (int i = 0; i < nl; i++)
			fprintf(out, " %s%s\n", i > 0 ? " " : "", lines[i]);
	}
}

static void
out_by_unit(const struct standing *r, FILE *out)
{
	static const char *const key_ids[] = { "staff.total", "staff.focal_units",
		"training.trained_share", "cdtt.teams", "cdtt.activities" };
	static const char *const heads[] = { N_("Staff"), N_("Focal"), N_("Trained"),
		N_("Teams"), N_("Activ.") };
	int idx[5] = { 0 };
	const char *uh = _("Unit");
	double v, d;
	bool rest = false;

	fprintf(out, "%s\n", _("V. BY UNIT"));
	for (int k = 0; k < 5; k++)
		for (int i = 0; i < nfigures; i++)
			if (strcmp(figures[i].id, key_ids[k]) == 0)
				idx[k] = i;
	fprintf(out, " %s%*s", uh, 26 - text_width(uh), "");
	for (int k = 0; k < 5; k++)
		fprintf(out, "%*s%s", 9 - text_width(_(heads[k])), "", _(heads[k]));
	fputc('\n', out);
	for (size_t c = 0; c <= r->nchild; c++) {
		const struct standing_unit *ru = standing_row_unit(r, c);
		out_name26(out, c == 0 ? _("Reporting office") : ru->u.name);
		for (int k = 0; k < 5; k++)
			out_cell(out, &figures[idx[k]], ru->cell[idx[k]].value, ru->cell[idx[k]].denom);
		fputc('\n', out);
	}
	for (int k = 0; k < 5; k++) {
		standing_rest(r, idx[k], &v, &d);
		rest = rest || v != 0 || d != 0;
	}
	if (rest) {
		out_name26(out, _("Former units, not yet assigned"));
		for (int k = 0; k < 5; k++) {
			standing_rest(r, idx[k], &v, &d);
			out_cell(out, &figures[idx[k]], v, d);
		}
		fputc('\n', out);
	}
	out_name26(out, _("Total"));
	for (int k = 0; k < 5; k++)
		out_cell(out, &figures[idx[k]], r->total.cell[idx[k]].value,
		    r->total.cell[idx[k]].denom);
	fputc('\n', out);
	/* Records under a former commune that the mapping splits (or names no
	 * successor for) wait for an officer: socds unit orphans, reassign. */
	if (r->unassigned > 0) {
		fputc(' ', out);
		fprintf(out, _("%lld records under former units not yet assigned (socds unit orphans)"),
		    (long long)r->unassigned);
		fputc('\n', out);
	}
	out_approved_below(r, out);
	fputc('\n', out);
}

int
standing_text(const struct standing *r, FILE *out, struct err *e)
{
	const struct standing_unit *t = &r->total;

	/* The official header, title and signature block are Vietnamese in any
	 * interface language: they are the form of an official paper. */
	out_header(r, out);
	for (int sec = 0; sec < SEC_COUNT; sec++) {
		int num = 0;
		char asof[64];
		/* Staff and tasks are counted as of one day (standing.h, asof). */
		standing_asof_words(r, asof, sizeof asof);
		if (sec == SEC_STAFFING || sec == SEC_TASKS)
			fprintf(out, "%s (%s)\n", _(out_sections[sec]), asof);
		else
			fprintf(out, "%s\n", _(out_sections[sec]));
		for (int i = 0; i < nfigures; i++)
			if (figures[i].section == (enum figure_section)sec) {
				out_figure(r, t, i, ++num, out);
				if (figure_entered(&figures[i]) && r->nchild > 0)
					out_entered_units(r, i, out);
			}
		if (sec == SEC_TASKS) {
			char v[64];
			int cancelled = t->tasks.total - t->tasks.done - t->tasks.in_progress -
			    t->tasks.not_started;
			snprintf(v, sizeof v, "%d", t->tasks.total);
			out_line(out, 1, _("1. Plan tasks for this unit"), v);
			snprintf(v, sizeof v, "%d", t->tasks.done);
			out_line(out, 5, _("- Done"), v);
			snprintf(v, sizeof v, "%d", t->tasks.in_progress);
			out_line(out, 5, _("- In progress"), v);
			snprintf(v, sizeof v, "%d", t->tasks.not_started);
			out_line(out, 5, _("- Not started"), v);
			snprintf(v, sizeof v, "%d", cancelled);
			out_line(out, 5, _("- Cancelled"), v);
			/* Overdue tasks are some of those in progress or not started. */
			snprintf(v, sizeof v, "%d", t->tasks.overdue);
			out_line(out, 5, _("of which overdue (not done by the due time)"), v);
			/* The commune's own duties of the year: a group of their own. */
			if (t->tasks.duties > 0) {
				snprintf(v, sizeof v, "%d", t->tasks.duties);
				out_line(out, 1, _("2. The commune's own duties this year"), v);
				snprintf(v, sizeof v, "%d", t->tasks.duties_done);
				out_line(out, 5, _("- Done"), v);
				snprintf(v, sizeof v, "%d", t->tasks.duties - t->tasks.duties_done);
				out_line(out, 5, _("- Not yet done"), v);
			}
		}
		fputc('\n', out);
	}
	if (r->nchild > 0)
		out_by_unit(r, out);
	if (r->dangling > 0) {
		char note[512];
		snprintf(note, sizeof note, _("Note: %lld live records of this database point at "
		    "deleted ones (left by an older socds or by hand) and the figures above may count "
		    "them; socds check lists them, socds check --repair deletes them as the delete "
		    "would have."), r->dangling);
		out_wrap(out, 0, 0, note);
		fputc('\n', out);
	}
	out_signature(r, out);
	if (ferror(out))
		return err_set(e, ERR_IO, _("write error"));
	return 0;
}

/* One row of the CSV, its fields in the order of sc_head. */
enum { SC_FIGURE, SC_SECTION, SC_CODE, SC_UNIT, SC_KEY, SC_LABEL, SC_VALUE, SC_DENOM,
	SC_PERCENT, SC_TARGET, SC_PART, SC_NFIELDS };

static const char *const sc_head[SC_NFIELDS] = { "figure", "section", "unit_code", "unit",
	"key", "label", "value", "denominator", "percent", "target", "part" };

static void
sc_row(FILE *out, const char *const v[SC_NFIELDS])
{
	for (int i = 0; i < SC_NFIELDS; i++)
		csv_write_guarded(out, v[i] != NULL ? v[i] : "", ',', i == 0);
	fputs("\r\n", out);
}

static const char *
sc_section(const struct figure *f)
{
	return f->section == SEC_STAFFING ? "staffing" : f->section == SEC_TRAINING ? "training" :
	    f->section == SEC_CDTT ? "cdtt" : "tasks";
}

/* A figure's numbers as the CSV writes them: value, denominator, percent and
 * target (empty when none). */
struct sc_num {
	char num[32], den[32], pct[32], tgt[32];
};

static void
sc_numbers(const struct figure *f, double v, double d, struct sc_num *n)
{
	double p = standing_percent(v, d);

	snprintf(n->num, sizeof n->num, "%.0f", v);
	snprintf(n->den, sizeof n->den, d > 0 ? "%.0f" : "", d);
	snprintf(n->pct, sizeof n->pct, p >= 0 ? "%.1f" : "", p);
	snprintf(n->tgt, sizeof n->tgt, f->target > 0 ? "%.0f" : "", f->target);
}

/* The rows of figure f for unit ru: one, or one per key. */
static void
sc_figure(FILE *out, const struct standing *r, const struct standing_unit *ru,
    const struct figure *f, const struct standing_cell *c, const char *part)
{
	bool one = f->shape == FIG_COUNT || f->shape == FIG_SHARE;
	size_t rows = one ? 1 : c->n;

	for (size_t k = 0; k < rows || (rows == 0 && k == 0); k++) {
		struct sc_num n;
		char kb[32], cap[160];
		const char *key = rows == 0 || one ? "" : c->rows[k].key;
		double v = rows == 0 ? 0 : one ? c->value : c->rows[k].value;
		double d = rows == 0 ? 0 : one ? c->denom : c->rows[k].denom;
		sc_numbers(f, v, d, &n);
		/* A share over figures the unit has not entered: said, not 0. */
		if (figure_entered(f) && d <= 0) {
			n.num[0] = '\0';
			snprintf(n.pct, sizeof n.pct, "%s", _("not entered"));
		}
		standing_capital(*key ? standing_key_label(r, f->list, key, kb, sizeof kb) :
		    _(f->label), cap, sizeof cap);
		sc_row(out, (const char *const[SC_NFIELDS]){ f->id, sc_section(f), ru->u.code,
		    ru->u.name, key, cap, n.num, n.den, n.pct, n.tgt, part });
		if (rows == 0)
			break;
	}
}

/* The unit's plan tasks by status, and the commune's own duties when it has any. */
static void
sc_tasks(FILE *out, const struct standing_unit *ru, const char *part)
{
	/* Keys stay codes (as every key of the file); labels are words. */
	static const char *const tk[] = { "total", "done", "in_progress", "not_started",
		"cancelled", "overdue" };
	static const char *const tl[] = { N_("Plan tasks for this unit"), N_("done"),
		N_("in progress"), N_("not started"), N_("cancelled"),
		N_("of which overdue (not done by the due time)") };
	int tv[] = { ru->tasks.total, ru->tasks.done, ru->tasks.in_progress,
		ru->tasks.not_started, ru->tasks.total - ru->tasks.done -
		ru->tasks.in_progress - ru->tasks.not_started, ru->tasks.overdue };

	for (int k = 0; k < 6 + 2 * (ru->tasks.duties > 0); k++) {
		char num[16], cap[160];
		bool duty = k >= 6;
		snprintf(num, sizeof num, "%d", !duty ? tv[k] : k == 6 ? ru->tasks.duties :
		    ru->tasks.duties_done);
		standing_capital(!duty ? _(tl[k]) : k == 6 ? _("The commune's own duties this year") :
		    _("done"), cap, sizeof cap);
		sc_row(out, (const char *const[SC_NFIELDS]){ duty ? "tasks.duties" : "tasks.status",
		    "tasks", ru->u.code, ru->u.name, !duty ? tk[k] : k == 6 ? "total" : "done", cap,
		    num, NULL, NULL, NULL, part });
	}
}

/* Records under former communes not yet assigned: counted in the unit's
 * total and in no row below (part "unassigned", as section V's row). */
static void
sc_unassigned(FILE *out, const struct standing *r)
{
	bool rest = false;

	for (int i = 0; i < nfigures && r->nchild > 0; i++) {
		double v, d;
		if (figures[i].shape != FIG_COUNT && figures[i].shape != FIG_SHARE)
			continue;
		standing_rest(r, i, &v, &d);
		rest = rest || v != 0 || d != 0;
	}
	for (int i = 0; i < nfigures && rest; i++) {
		const struct figure *f = &figures[i];
		struct sc_num n;
		char cap[160];
		double v, d;
		if (f->shape != FIG_COUNT && f->shape != FIG_SHARE)
			continue;
		standing_rest(r, i, &v, &d);
		sc_numbers(f, v, d, &n);
		standing_capital(_(f->label), cap, sizeof cap);
		sc_row(out, (const char *const[SC_NFIELDS]){ f->id, sc_section(f), "",
		    _("Former units, not yet assigned"), "", cap, n.num, n.den, n.pct, n.tgt,
		    "unassigned" });
	}
}

/* The approved periods of the unit and of each unit below (part as the
 * figures'), a row each when there are any: key the periods, as
 * store_approval_state words them. */
static void
sc_approved(FILE *out, const struct standing *r)
{
	for (size_t u = 0; u <= r->nchild; u++) {
		const struct standing_unit *ru = u == 0 ? &r->total : &r->child[u - 1];
		char cap[160];
		if (ru->approved[0] == '\0')
			continue;
		standing_capital(_("approved by the office above"), cap, sizeof cap);
		sc_row(out, (const char *const[SC_NFIELDS]){ "approval", "approval", ru->u.code,
		    ru->u.name, ru->approved, cap, NULL, NULL, NULL, NULL, u == 0 ? "unit" : "below" });
	}
}

int
standing_csv(const struct standing *r, FILE *out, struct err *e)
{
	/* part: "unit" the unit asked for (its records and those below it, as
	 * sections I-IV), "own" its own records only, "below" a unit below it
	 * (as section V's rows). */
	fputs("\xEF\xBB\xBF", out);
	sc_row(out, sc_head);
	for (size_t u = 0; u <= r->nchild + (r->nchild > 0); u++) {
		const struct standing_unit *ru = u == 0 ? &r->total : standing_row_unit(r, u - 1);
		const char *part = u == 0 ? "unit" : u == 1 ? "own" : "below";
		for (int i = 0; i < nfigures; i++)
			sc_figure(out, r, ru, &figures[i], &ru->cell[i], part);
		/* Plan tasks are the unit's own: not repeated on its "own" rows. */
		if (u != 1)
			sc_tasks(out, ru, part);
	}
	sc_unassigned(out, r);
	sc_approved(out, r);
	if (ferror(out))
		return err_set(e, ERR_IO, _("write error"));
	return 0;
}

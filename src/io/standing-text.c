/* standing-text: the report as official papers lay it out — in 78 columns of
 * a monospace font, so it prints on A4 portrait — and as CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/i18n.h"
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

static void
out_pair(FILE *out, const char *left, const char *right)
{
	out_center(out, left, LEFT_W);
	out_center(out, right, PAGE_W - LEFT_W);
	fputc('\n', out);
}

/* The unit's name without its kind: "Xã Phù Cát" -> "Phù Cát". */
static const char *
out_place(const struct unit *u)
{
	size_t kl = strlen(u->kind);

	if (strncmp(u->name, u->kind, kl) == 0 && u->name[kl] == ' ')
		return u->name + kl + 1;
	return u->name;
}

/* Who issues the report and who signs it, by the unit's level. */
static void
out_issuer(const struct unit *u, char *l1, char *l2, size_t size, const char **sign1,
    const char **sign2)
{
	struct tbuf up = { 0 };

	text_upper(u->name, &up);
	if (strcmp(u->level, "commune") == 0) {
		snprintf(l1, size, "%s", "ỦY BAN NHÂN DÂN");
		snprintf(l2, size, "%s", up.p);
		*sign1 = "TM. ỦY BAN NHÂN DÂN";
		*sign2 = "CHỦ TỊCH";
	} else if (strcmp(u->level, "district") == 0) {
		snprintf(l1, size, "UBND %s", up.p);
		snprintf(l2, size, "%s", "PHÒNG VĂN HÓA VÀ THÔNG TIN");
		*sign1 = "TRƯỞNG PHÒNG";
		*sign2 = "";
	} else {
		snprintf(l1, size, "UBND %s", up.p);
		snprintf(l2, size, "%s", "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
		*sign1 = "GIÁM ĐỐC";
		*sign2 = "";
	}
	tbuf_free(&up);
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

/* "label ......... value": dots fill to the value column by display width. */
/* Writes text in lines of at most w columns, broken between words. */
static void
out_wrap(FILE *out, int indent, const char *text, int w)
{
	char line[512];
	size_t len = strlen(text), pos = 0;

	while (pos < len) {
		size_t end = len, cut = 0;
		/* The longest run of words that fits. */
		for (size_t p = pos; p <= len; p++) {
			if (p == len || text[p] == ' ') {
				snprintf(line, sizeof line, "%.*s", (int)(p - pos), text + pos);
				if (text_width(line) > w && cut > 0)
					break;
				cut = p;
			}
		}
		end = cut > pos ? cut : len;
		fprintf(out, "%*s%.*s\n", indent, "", (int)(end - pos), text + pos);
		pos = end;
		while (pos < len && text[pos] == ' ')
			pos++;
	}
}

static void
out_line(FILE *out, int indent, const char *label, const char *value)
{
	int lw = text_width(label), vw = text_width(value), col = 56;

	/* A label too long for the line keeps its own lines; dots lead to the value. */
	if (indent + lw + 2 > col - 1 || col + vw > PAGE_W) {
		out_wrap(out, indent, label, PAGE_W - indent);
		lw = -1;
		indent += 2;
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
	char label[200], value[96], pct[24], kb[32];

	snprintf(label, sizeof label, "%d. %s", num, _(f->label));
	switch (f->shape) {
	case FIG_COUNT:
		snprintf(value, sizeof value, "%.0f", c->value);
		out_line(out, 1, label, value);
		break;
	case FIG_SHARE:
		out_pct(pct, sizeof pct, standing_percent(c->value, c->denom));
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
		for (size_t k = 0; k < c->n; k++)
			fprintf(out, "      - %s\n", c->rows[k].key);
		if (c->more > 0)
			fprintf(out, _("      ... and %zu more\n"), c->more);
		break;
	default:
		fprintf(out, " %s:\n", label);
		if (c->n == 0)
			fprintf(out, "      %s\n", _("(none)"));
		for (size_t k = 0; k < c->n; k++) {
			const char *kl = standing_key_label(r, f, c->rows[k].key, kb, sizeof kb);
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

static const char *const out_sections[SEC_COUNT] = {
	N_("I. DIGITAL TRANSFORMATION STAFF"), N_("II. TRAINING"),
	N_("III. COMMUNITY DIGITAL TECHNOLOGY TEAMS"), N_("IV. PLAN TASKS"),
};

/* A figure's one number for the table by unit: a count or a percentage. */
static void
out_short(const struct standing_cell *c, const struct figure *f, char *buf, size_t size)
{
	if (f->shape == FIG_SHARE)
		out_pct(buf, size, standing_percent(c->value, c->denom));
	else
		snprintf(buf, size, "%.0f", c->value);
}

int
standing_text(const struct standing *r, FILE *out, struct err *e)
{
	char l1[200], l2[200], when[96], line[320];
	const char *sign1, *sign2;
	const struct standing_unit *t = &r->total;

	/* The official header, title and signature block are Vietnamese in any
	 * interface language: they are the form of an official paper. */
	out_issuer(&t->u, l1, l2, sizeof l1, &sign1, &sign2);
	out_pair(out, l1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	out_pair(out, l2, "Độc lập - Tự do - Hạnh phúc");
	out_pair(out, "──────────", "─────────────────────────");
	standing_date_words(r->today, when, sizeof when);
	snprintf(line, sizeof line, "%s, %s", out_place(&t->u), when);
	out_pair(out, "", line);
	fputc('\n', out);
	out_center(out, "BÁO CÁO", PAGE_W);
	fputc('\n', out);
	if (r->has_period)
		snprintf(line, sizeof line, "Kết quả chuyển đổi số kỳ %s (từ %s đến %s)", r->period.label,
		    r->period.from, r->period.to);
	else
		snprintf(line, sizeof line, "%s", "Kết quả chuyển đổi số (toàn bộ dữ liệu)");
	out_center(out, line, PAGE_W);
	fputc('\n', out);
	fputc('\n', out);

	for (int sec = 0; sec < SEC_COUNT; sec++) {
		int num = 0;
		fprintf(out, "%s\n", _(out_sections[sec]));
		for (int i = 0; i < nfigures; i++)
			if (figures[i].section == (enum figure_section)sec)
				out_figure(r, t, i, ++num, out);
		if (sec == SEC_TASKS) {
			char v[64];
			snprintf(v, sizeof v, "%d", t->tasks.total);
			out_line(out, 1, _("1. Plan tasks for this unit"), v);
			snprintf(v, sizeof v, "%d", t->tasks.done);
			out_line(out, 5, _("- done"), v);
			snprintf(v, sizeof v, "%d", t->tasks.in_progress);
			out_line(out, 5, _("- in progress"), v);
			snprintf(v, sizeof v, "%d", t->tasks.not_started);
			out_line(out, 5, _("- not started"), v);
			snprintf(v, sizeof v, "%d", t->tasks.overdue);
			out_line(out, 5, _("- overdue"), v);
		}
		fputc('\n', out);
	}

	/* A row per unit below, for the key figures. */
	if (r->nchild > 0) {
		static const char *const key_ids[] = { "staff.total", "staff.focal_units",
			"training.trained_share", "cdtt.teams", "cdtt.activities" };
		static const char *const heads[] = { N_("Staff"), N_("Focal"), N_("Trained"),
			N_("Teams"), N_("Activ.") };
		int idx[5];
		fprintf(out, "%s\n", _("V. BY UNIT"));
		for (int k = 0; k < 5; k++)
			for (int i = 0; i < nfigures; i++)
				if (strcmp(figures[i].id, key_ids[k]) == 0)
					idx[k] = i;
		const char *uh = _("Unit");
		fprintf(out, " %s%*s", uh, 26 - text_width(uh), "");
		for (int k = 0; k < 5; k++)
			fprintf(out, "%*s%s", 9 - text_width(_(heads[k])), "", _(heads[k]));
		fputc('\n', out);
		for (size_t c = 0; c < r->nchild; c++) {
			const char *name = r->child[c].u.name;
			int w = text_width(name);
			/* Pad by columns: Vietnamese letters are wider in bytes. */
			char cut[160];
			snprintf(cut, sizeof cut, "%s", name);
			while (w > 26 && strlen(cut) > 0) {
				cut[strlen(cut) - 1] = '\0';
				w = text_width(cut);
				if (w < 0)
					w = 27;
			}
			fprintf(out, " %s%*s", cut, 26 - (w > 26 ? 26 : w), "");
			for (int k = 0; k < 5; k++) {
				char v[24];
				out_short(&r->child[c].cell[idx[k]], &figures[idx[k]], v, sizeof v);
				fprintf(out, "%*s%s", 9 - text_width(v), "", v);
			}
			fputc('\n', out);
		}
		fputc('\n', out);
	}

	/* The signature block. */
	fputc('\n', out);
	out_pair(out, "Nơi nhận:", sign1);
	out_pair(out, "- Như trên;", sign2);
	out_pair(out, "- Lưu: VT.", "(Ký, ghi rõ họ tên)");
	if (ferror(out))
		return err_set(e, ERR_IO, _("write error"));
	return 0;
}

int
standing_csv(const struct standing *r, FILE *out, struct err *e)
{
	static const char *const head[] = { "figure", "section", "unit_code", "unit", "key",
		"label", "value", "denominator", "percent", "target" };

	fputs("\xEF\xBB\xBF", out);
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		csv_write_guarded(out, head[i], ',', i == 0);
	fputs("\r\n", out);
	for (size_t u = 0; u <= r->nchild; u++) {
		const struct standing_unit *ru = u == 0 ? &r->total : &r->child[u - 1];
		for (int i = 0; i < nfigures; i++) {
			const struct figure *f = &figures[i];
			const struct standing_cell *c = &ru->cell[i];
			size_t rows = f->shape == FIG_COUNT || f->shape == FIG_SHARE ? 1 : c->n;
			for (size_t k = 0; k < rows || (rows == 0 && k == 0); k++) {
				char num[32], den[32], pct[32], tgt[32], kb[32];
				const char *key = rows == 0 || f->shape == FIG_COUNT ||
				    f->shape == FIG_SHARE ? "" : c->rows[k].key;
				double v = rows == 0 ? 0 : f->shape == FIG_COUNT || f->shape == FIG_SHARE ?
				    c->value : c->rows[k].value;
				double d = rows == 0 ? 0 : f->shape == FIG_COUNT || f->shape == FIG_SHARE ?
				    c->denom : c->rows[k].denom;
				double p = standing_percent(v, d);
				snprintf(num, sizeof num, "%.0f", v);
				snprintf(den, sizeof den, d > 0 ? "%.0f" : "", d);
				snprintf(pct, sizeof pct, p >= 0 ? "%.1f" : "", p);
				snprintf(tgt, sizeof tgt, f->target > 0 ? "%.0f" : "", f->target);
				csv_write_guarded(out, f->id, ',', true);
				csv_write_guarded(out, f->section == SEC_STAFFING ? "staffing" :
				    f->section == SEC_TRAINING ? "training" :
				    f->section == SEC_CDTT ? "cdtt" : "tasks", ',', false);
				csv_write_guarded(out, ru->u.code, ',', false);
				csv_write_guarded(out, ru->u.name, ',', false);
				csv_write_guarded(out, key, ',', false);
				csv_write_guarded(out, *key ? standing_key_label(r, f, key, kb, sizeof kb) :
				    _(f->label), ',', false);
				csv_write_guarded(out, num, ',', false);
				csv_write_guarded(out, den, ',', false);
				csv_write_guarded(out, pct, ',', false);
				csv_write_guarded(out, tgt, ',', false);
				fputs("\r\n", out);
				if (rows == 0)
					break;
			}
		}
		const char *tk[] = { "total", "done", "in_progress", "not_started", "overdue" };
		int tv[] = { ru->tasks.total, ru->tasks.done, ru->tasks.in_progress,
			ru->tasks.not_started, ru->tasks.overdue };
		for (int k = 0; k < 5; k++) {
			char num[16];
			snprintf(num, sizeof num, "%d", tv[k]);
			csv_write_guarded(out, "tasks.status", ',', true);
			csv_write_guarded(out, "tasks", ',', false);
			csv_write_guarded(out, ru->u.code, ',', false);
			csv_write_guarded(out, ru->u.name, ',', false);
			csv_write_guarded(out, tk[k], ',', false);
			csv_write_guarded(out, tk[k], ',', false);
			csv_write_guarded(out, num, ',', false);
			fputs(",,,\r\n", out);
		}
	}
	if (ferror(out))
		return err_set(e, ERR_IO, _("write error"));
	return 0;
}

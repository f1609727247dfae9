/* standing-xlsx: the printable report as a workbook — the official header,
 * the figures with real numbers and percentages, a sheet by unit, and the
 * signature block, set up for A4 portrait. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "socds/i18n.h"
#include "socds/safefile.h"
#include "socds/figures.h"
#include "socds/standing.h"
#include "socds/text.h"

struct sx {
	lxw_workbook *wb;
	lxw_format *bold, *center, *center_bold, *italic, *head, *num, *pct, *section, *wrap;
	lxw_format *recv_head, *recv;	/* "Nơi nhận": bold italic 12, the list 11 */
};

static void
sx_formats(struct sx *x)
{
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->center = workbook_add_format(x->wb);
	format_set_align(x->center, LXW_ALIGN_CENTER);
	x->center_bold = workbook_add_format(x->wb);
	format_set_align(x->center_bold, LXW_ALIGN_CENTER);
	format_set_bold(x->center_bold);
	x->italic = workbook_add_format(x->wb);
	format_set_italic(x->italic);
	format_set_align(x->italic, LXW_ALIGN_CENTER);
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	format_set_text_wrap(x->head);
	x->num = workbook_add_format(x->wb);
	format_set_num_format(x->num, "#,##0");
	x->pct = workbook_add_format(x->wb);
	format_set_num_format(x->pct, "0.0%");
	x->section = workbook_add_format(x->wb);
	format_set_bold(x->section);
	format_set_font_size(x->section, 12);
	x->recv_head = workbook_add_format(x->wb);
	format_set_bold(x->recv_head);
	format_set_italic(x->recv_head);
	x->recv = workbook_add_format(x->wb);
	format_set_font_size(x->recv, 9);
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
}

/* One figure row: label, value, of, share, target. */
static lxw_row_t
sx_figure(struct sx *x, lxw_worksheet *ws, lxw_row_t row, const struct standing *r,
    const struct standing_unit *ru, int i)
{
	const struct figure *f = &figures[i];
	const struct standing_cell *c = &ru->cell[i];
	char kb[32];

	char cap[160];
	standing_capital(_(f->label), cap, sizeof cap);
	worksheet_write_string(ws, row, 0, cap, f->shape == FIG_BY ||
	    f->shape == FIG_SHARE_BY ? x->bold : NULL);
	if (figure_entered(f) && c->denom <= 0)
		worksheet_write_string(ws, row, 3, _("not entered"), NULL);
	else if (f->shape == FIG_COUNT || f->shape == FIG_SHARE || f->shape == FIG_NAMES)
		worksheet_write_number(ws, row, 1, c->value, x->num);
	if (f->shape == FIG_SHARE && !(figure_entered(f) && c->denom <= 0)) {
		worksheet_write_number(ws, row, 2, c->denom, x->num);
		if (c->denom > 0)
			worksheet_write_number(ws, row, 3, c->value / c->denom, x->pct);
	}
	if (f->target > 0 && f->shape == FIG_SHARE)
		worksheet_write_number(ws, row, 4, f->target / 100, x->pct);
	row++;
	if (f->shape == FIG_BY || f->shape == FIG_SHARE_BY || f->shape == FIG_NAMES) {
		for (size_t k = 0; k < c->n; k++, row++) {
			char label[200];
			snprintf(label, sizeof label, "    %s", f->shape == FIG_NAMES ? c->rows[k].key :
			    standing_key_label(r, f->list, c->rows[k].key, kb, sizeof kb));
			worksheet_write_string(ws, row, 0, label, NULL);
			if (f->shape == FIG_NAMES)
				continue;
			worksheet_write_number(ws, row, 1, c->rows[k].value, x->num);
			if (f->shape == FIG_SHARE_BY && c->rows[k].denom > 0) {
				worksheet_write_number(ws, row, 2, c->rows[k].denom, x->num);
				worksheet_write_number(ws, row, 3, c->rows[k].value / c->rows[k].denom, x->pct);
				if (f->target > 0)
					worksheet_write_number(ws, row, 4, f->target / 100, x->pct);
			}
		}
	}
	return row;
}

static const char *const sx_sections[SEC_COUNT] = {
	N_("I. DIGITAL TRANSFORMATION STAFF"), N_("II. TRAINING"),
	N_("III. COMMUNITY DIGITAL TECHNOLOGY TEAMS"), N_("IV. PLAN TASKS"),
};

/* Into the safefile's temporary; its scratch files in the same folder. */
/* A4 portrait, one page wide: it prints as an official paper. Page numbers
 * in the footer, the issuing body small in the header of pages after the
 * first (Decree 30: numbers from page 2, centred). */
static void
sx_page(lxw_worksheet *ws, const struct paper *pp)
{
	lxw_header_footer_options hf = { .margin = 0.3 };
	char foot[PAPER_VALUE_MAX + 64];

	worksheet_set_paper(ws, 9);
	worksheet_set_portrait(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.8, 0.6, 0.8, 0.8);
	worksheet_set_column(ws, 0, 0, 52, NULL);
	worksheet_set_column(ws, 1, 4, 11, NULL);
	snprintf(foot, sizeof foot, "&C&P/&N");
	worksheet_set_footer_opt(ws, foot, &hf);
	snprintf(foot, sizeof foot, "&R&8%.200s", pp->v[PAPER_BODY]);
	worksheet_set_header_opt(ws, foot, &hf);
	worksheet_repeat_rows(ws, 8, 8);
}

/* The official header: the issuing body on the left (under the body above
 * it), the national name and motto on the right, a rule under each; the
 * number, place and date, the title, the addressee. Rows 0 to 7. */
static void
sx_header(const struct sx *x, lxw_worksheet *ws, const struct standing *r)
{
	const struct paper *pp = &r->paper;
	char buf[PAPER_VALUE_MAX + 64], when[96];
	lxw_row_t hr = 0;

	if (pp->v[PAPER_BODY_ABOVE][0] != '\0')
		worksheet_write_string(ws, hr++, 0, pp->v[PAPER_BODY_ABOVE], x->center);
	worksheet_write_string(ws, hr++, 0, pp->v[PAPER_BODY], x->center_bold);
	worksheet_write_string(ws, hr, 0, "────────", x->center);
	worksheet_merge_range(ws, 0, 1, 0, 4, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", x->center_bold);
	worksheet_merge_range(ws, 1, 1, 1, 4, "Độc lập - Tự do - Hạnh phúc", x->center_bold);
	worksheet_merge_range(ws, 2, 1, 2, 4, "─────────────────────────", x->center);
	snprintf(buf, sizeof buf, "Số: %.40s/%.100s", pp->v[PAPER_NUMBER][0] ? pp->v[PAPER_NUMBER] :
	    "     ", pp->v[PAPER_NUMBER_SUFFIX]);
	worksheet_write_string(ws, 3, 0, buf, x->center);
	standing_date_words(r->today, when, sizeof when);
	snprintf(buf, sizeof buf, "%.200s, %s", pp->v[PAPER_PLACE], when);
	worksheet_merge_range(ws, 3, 1, 3, 4, buf, x->italic);
	worksheet_merge_range(ws, 4, 0, 4, 4, "BÁO CÁO", x->center_bold);
	if (r->has_period) {
		char words[96], range[96];
		standing_period_words(&r->period, words, sizeof words, range, sizeof range);
		snprintf(buf, sizeof buf, "Kết quả thực hiện chuyển đổi số %s (%s)", words, range);
	} else
		snprintf(buf, sizeof buf, "Kết quả thực hiện chuyển đổi số (toàn bộ dữ liệu)");

	worksheet_merge_range(ws, 5, 0, 5, 4, buf, x->center_bold);
	worksheet_merge_range(ws, 6, 0, 6, 4, "──────────", x->center);
	if (pp->v[PAPER_ADDRESSEE][0] != '\0') {
		snprintf(buf, sizeof buf, "Kính gửi: %.300s", pp->v[PAPER_ADDRESSEE]);
		worksheet_merge_range(ws, 7, 0, 7, 4, buf, x->center);
	}
}

/* The plan tasks of the unit, counted, under section IV. */
static lxw_row_t
sx_tasks(const struct sx *x, lxw_worksheet *ws, lxw_row_t row, const struct standing_unit *t)
{
	const char *tl[] = { N_("Plan tasks for this unit"), N_("done"), N_("in progress"),
		N_("not started"), N_("cancelled"),
		N_("of which overdue (not done by the due time)") };
	int tv[] = { t->tasks.total, t->tasks.done, t->tasks.in_progress,
		t->tasks.not_started, t->tasks.total - t->tasks.done -
		t->tasks.in_progress - t->tasks.not_started, t->tasks.overdue };
	char buf[256];

	for (int k = 0; k < 6; k++, row++) {
		char cap[160];
		standing_capital(_(tl[k]), cap, sizeof cap);
		snprintf(buf, sizeof buf, "%s%s", k == 0 ? "" : k == 5 ? "        " : "    - ",
		    k == 5 ? _(tl[k]) : cap);
		worksheet_write_string(ws, row, 0, buf, NULL);
		worksheet_write_number(ws, row, 1, tv[k], x->num);
	}
	return row;
}

/* The figures by section, from row 8: the table's head, then each section. */
static lxw_row_t
sx_body(struct sx *x, lxw_worksheet *ws, const struct standing *r)
{
	lxw_row_t row = 8;

	worksheet_write_string(ws, row, 0, _("Figure"), x->head);
	worksheet_write_string(ws, row, 1, _("Number"), x->head);
	worksheet_write_string(ws, row, 2, _("Of"), x->head);
	worksheet_write_string(ws, row, 3, _("Share"), x->head);
	worksheet_write_string(ws, row, 4, _("Target"), x->head);
	row++;
	for (int sec = 0; sec < SEC_COUNT; sec++) {
		char sect[160], asof[64];
		/* Staff and tasks as of one day (standing.h, asof). */
		standing_asof_words(r, asof, sizeof asof);
		snprintf(sect, sizeof sect, sec == SEC_STAFFING || sec == SEC_TASKS ? "%s (%s)" :
		    "%s", _(sx_sections[sec]), asof);
		worksheet_write_string(ws, row++, 0, sect, x->section);
		for (int i = 0; i < nfigures; i++)
			if (figures[i].section == (enum figure_section)sec)
				row = sx_figure(x, ws, row, r, &r->total, i);
		if (sec == SEC_TASKS)
			row = sx_tasks(x, ws, row, &r->total);
		row++;
	}
	return row;
}

/* The signature block: recipients on the left, the signer on the right. */
static void
sx_signature(const struct sx *x, lxw_worksheet *ws, lxw_row_t row, const struct paper *pp)
{
	char (*rec)[PAPER_VALUE_MAX] = malloc(PAPER_RECIPIENTS_MAX * sizeof *rec);
	char buf[PAPER_VALUE_MAX + 64];
	const char *sl[3];
	int nrec = rec != NULL ? paper_recipients(pp, rec, PAPER_RECIPIENTS_MAX) : 0;
	int ns = paper_signer_lines(pp, sl);
	lxw_row_t rr = row;

	worksheet_write_string(ws, row++, 0, "Nơi nhận:", x->recv_head);
	for (int i = 0; i < nrec; i++) {
		snprintf(buf, sizeof buf, "- %s%s", rec[i], i + 1 < nrec ? ";" : ".");
		worksheet_write_string(ws, row++, 0, buf, x->recv);
	}
	for (int i = 0; i < ns; i++)
		worksheet_merge_range(ws, rr, 1, rr, 4, sl[i], x->center_bold), rr++;
	if (pp->v[PAPER_SIGNER_NAME][0] != '\0') {
		rr += 3;
		worksheet_merge_range(ws, rr, 1, rr, 4, pp->v[PAPER_SIGNER_NAME], x->center_bold);
	} else
		worksheet_merge_range(ws, rr, 1, rr, 4, "(Ký, ghi rõ họ tên)", x->italic);
	free(rec);
}

/* Whether figure i has a column in the table by unit (a number or a share). */
static bool
sx_unit_column(int i)
{
	return figures[i].shape == FIG_COUNT || figures[i].shape == FIG_SHARE;
}

/* One row of the table by unit: ru's figures, or (ru NULL) what no row shows. */
static void
sx_unit_row(const struct sx *x, lxw_worksheet *wu, lxw_row_t ur, const struct standing *r,
    const struct standing_unit *ru)
{
	lxw_col_t col = 1;

	for (int i = 0; i < nfigures; i++) {
		double v, d;
		if (!sx_unit_column(i))
			continue;
		if (ru == NULL)
			standing_rest(r, i, &v, &d);
		else {
			v = ru->cell[i].value;
			d = ru->cell[i].denom;
		}
		if (figures[i].shape == FIG_COUNT)
			worksheet_write_number(wu, ur, col, v, x->num);
		else if (d > 0)
			worksheet_write_number(wu, ur, col, v / d, x->pct);
		else if (figure_entered(&figures[i]))
			worksheet_write_string(wu, ur, col, _("not entered"), NULL);
		col++;
	}
}

/* By unit: one row per unit below, the key figures as numbers. */
static void
sx_units(struct sx *x, const struct standing *r)
{
	lxw_worksheet *wu = workbook_add_worksheet(x->wb, "Theo đơn vị");
	lxw_col_t col = 1;
	lxw_row_t ur = 1;
	bool rest = false;

	worksheet_set_paper(wu, 9);
	worksheet_set_landscape(wu);
	worksheet_fit_to_pages(wu, 1, 0);
	worksheet_freeze_panes(wu, 1, 1);
	worksheet_set_column(wu, 0, 0, 28, NULL);
	worksheet_write_string(wu, 0, 0, _("Unit"), x->head);
	for (int i = 0; i < nfigures; i++) {
		char cap[160];
		double v, d;
		if (!sx_unit_column(i))
			continue;
		worksheet_set_column(wu, col, col, 14, NULL);
		standing_capital(_(figures[i].label), cap, sizeof cap);
		worksheet_write_string(wu, 0, col++, cap, x->head);
		standing_rest(r, i, &v, &d);
		rest = rest || v != 0 || d != 0;
	}
	/* A column of the approved periods, when an office above approved any. */
	bool approved = false;
	for (size_t c = 0; c <= r->nchild; c++)
		approved = approved || standing_row_unit(r, c)->approved[0] != '\0';
	if (approved) {
		worksheet_set_column(wu, col, col, 30, NULL);
		worksheet_write_string(wu, 0, col, _("Approved"), x->head);
	}
	worksheet_set_footer(wu, "&C&P/&N");
	worksheet_repeat_rows(wu, 0, 0);
	/* The office's own records, each unit below, former units (when any
	 * record is under one), the total: the rows add up to it. */
	for (size_t c = 0; c <= r->nchild + 1 + rest; c++, ur++) {
		const struct standing_unit *ru = c <= r->nchild ? standing_row_unit(r, c) :
		    c == r->nchild + 1 && rest ? NULL : &r->total;
		bool is_rest = ru == NULL, is_total = ru == &r->total;
		worksheet_write_string(wu, ur, 0, c == 0 ? _("Reporting office") : is_rest ?
		    _("Former units, not yet assigned") : is_total ? _("Total") : ru->u.name,
		    is_total ? x->bold : NULL);
		sx_unit_row(x, wu, ur, r, ru);
		if (approved && ru != NULL && ru != &r->total && ru->approved[0] != '\0')
			worksheet_write_string(wu, ur, col, ru->approved, NULL);
	}
}

int
standing_xlsx_to(const struct standing *r, struct safefile *sf, struct err *e)
{
	lxw_workbook_options opt = { .constant_memory = LXW_FALSE, .tmpdir = sf->dir };
	lxw_worksheet *ws;
	struct sx x;
	lxw_error rc;

	memset(&x, 0, sizeof x);
	if ((x.wb = workbook_new_opt(sf->tmp, &opt)) == NULL)
		return err_set(e, ERR_IO, _("%s: cannot create the workbook"), sf->path);
	sx_formats(&x);
	ws = workbook_add_worksheet(x.wb, "Báo cáo");
	sx_page(ws, &r->paper);
	sx_header(&x, ws, r);
	lxw_row_t row = sx_body(&x, ws, r);
	/* An office above has approved the period: said above the signature. */
	if (r->total.approved[0] != '\0') {
		char buf[200];
		snprintf(buf, sizeof buf, "Đã phê duyệt: %s", r->total.approved);
		worksheet_merge_range(ws, row, 0, row, 4, buf, x.italic);
		row++;
	}
	sx_signature(&x, ws, row + 1, &r->paper);
	if (r->nchild > 0)
		sx_units(&x, r);
	if ((rc = workbook_close(x.wb)) != LXW_NO_ERROR)
		return err_set(e, ERR_IO, _("%s: cannot write the workbook: %s"), sf->path,
		    lxw_strerror(rc));
	return 0;
}

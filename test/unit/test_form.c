/* Unit tests for forms as data (src/form): the shipped forms load, every
 * field type takes good input to its stored form and refuses bad input with
 * a message naming the field, stored values survive format and parse, and
 * broken form files are reported at the right FILE:LINE. Messages are the
 * English msgids: no catalogue is bound here. NFD strings are escapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/lists.h"
#include "socds/paths.h"
#include "test-util.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* "Nguyễn Thị Hồng Nhung" decomposed (e + circumflex + tilde, i + dot
 * below, o + circumflex + grave). */
#define NFD_NAME "Nguye\xcc\x82\xcc\x83n Thi\xcc\xa3 Ho\xcc\x82\xcc\x80ng Nhung"
/* "Không" decomposed. */
#define NFD_KHONG "Kho\xcc\x82ng"
/* "Kiêm nhiệm" decomposed. */
#define NFD_KIEM "Kie\xcc\x82m nhie\xcc\x82\xcc\xa3m"

#define ID1 "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5b"
#define ID2 "0190a1b2-c3d4-7e5f-8a6b-0c1d2e3f4a5c"
#define ID3 "01912345-6789-7abc-9def-0123456789ab"

static struct forms shipped;

static int
setup(void **state)
{
	(void)state;
	/* No catalogue: messages stay the English msgids the tests look for. */
	return tu_forms_load(&shipped, "vi");
}

static int
teardown(void **state)
{
	(void)state;
	forms_free(&shipped);
	return 0;
}

static const struct form_field *
fld(const char *kind, const char *name)
{
	const struct kind *k = record_kind(kind);
	const struct form *f;
	const struct form_field *ff;

	if (k == NULL || (f = forms_get(&shipped, k)) == NULL)
		fail_msg("no form for %s", kind);
	if ((ff = form_field(f, name)) == NULL)
		fail_msg("form %s has no field %s", kind, name);
	return ff;
}

static void
parse_ok(const struct form_field *ff, const char *in, const char *want)
{
	struct tbuf out = { 0 };
	struct err e = { 0 };

	if (form_parse(ff, in, &out, &e) != 0)
		fail_msg("%s: \"%s\" refused: %s", ff->name, in, e.msg);
	if (strcmp(out.p, want) != 0)
		fail_msg("%s: \"%s\" gave \"%s\", want \"%s\"", ff->name, in, out.p, want);
	tbuf_free(&out);
}

/* Refused with ERR_INVALID, a message holding part, and nothing in out. */
static void
parse_bad(const struct form_field *ff, const char *in, const char *part)
{
	struct tbuf out = { 0 };
	struct err e = { 0 };
	int rc = form_parse(ff, in, &out, &e);

	if (rc != ERR_INVALID)
		fail_msg("%s: \"%s\" gave %d (\"%s\"), want refusal", ff->name, in, rc,
		    out.p ? out.p : "");
	if (strstr(e.msg, part) == NULL)
		fail_msg("%s: \"%s\": message \"%s\" lacks \"%s\"", ff->name, in, e.msg, part);
	assert_int_equal(out.len, 0);
	tbuf_free(&out);
}

static void
format_is(const struct form_field *ff, const char *canon, const char *want)
{
	struct tbuf out = { 0 };

	assert_int_equal(form_format(ff, canon, &out), 0);
	if (strcmp(out.p, want) != 0)
		fail_msg("%s: format \"%s\" gave \"%s\", want \"%s\"", ff->name, canon, out.p,
		    want);
	tbuf_free(&out);
}

static void
test_shipped_forms(void **state)
{
	(void)state;
	for (int i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = &record_kinds[i];
		const struct form *f = forms_get(&shipped, k);
		int ncols = 0, width = 0;

		if (f == NULL)
			fail_msg("no form for %s", k->name);
		assert_ptr_equal(f->kind, k);
		assert_non_null(f->title_vi);
		assert_non_null(f->title_en);
		/* Every column can be edited, but the warnings confirmed (set on save). */
		for (int c = 0; c < k->ncols; c++)
			if (strcmp(k->cols[c].name, RECORD_WARNINGS_COL) != 0 &&
			    form_field(f, k->cols[c].name) == NULL)
				fail_msg("%s.form lacks %s", k->name, k->cols[c].name);
		for (size_t j = 0; j < f->n; j++) {
			const struct form_field *ff = &f->fields[j];
			assert_string_equal(ff->name, k->cols[ff->col].name);
			assert_true(ff->label_vi != NULL && *ff->label_vi != '\0');
			assert_true(ff->label_en != NULL && *ff->label_en != '\0');
			assert_true(ff->line > 0);
			if ((ff->type == FIELD_CHOICE || ff->type == FIELD_MULTI ||
			    ff->type == FIELD_COUNTS) && ff->list.n == 0)
				fail_msg("%s.%s: no choices loaded", k->name, ff->name);
			if (ff->list_width > 0) {
				ncols++;
				width += ff->list_width + (ncols > 1);
			}
		}
		/* A list screen shows 2-5 columns in 80 terminal columns (issue 16:
		 * the activity's team and citizens helped, the staff's platforms). */
		if (ncols < 2 || ncols > 5 || width > 80)
			fail_msg("%s.form: %d list columns, %d wide", k->name, ncols, width);
	}
	assert_true(fld("staff", "full_name")->required);
	assert_int_equal(fld("staff", "full_name")->max, 80);
	assert_false(fld("participant", "staff_id")->required);
	assert_false(fld("participant", "member_id")->required);
	assert_int_equal(fld("activity", "members_present")->type, FIELD_REFS);
	assert_string_equal(fld("activity", "members_present")->ref, "member");
	assert_int_equal(fld("activity", "helped")->type, FIELD_COUNTS);
	assert_string_equal(fld("activity", "helped")->choices, "help_category");
	/* Defaults are stored in canonical form. */
	assert_string_equal(fld("participant", "attended")->def, "1");
	assert_string_equal(fld("participant", "certificate")->def, "0");
	assert_string_equal(fld("member", "role")->def, "member");
	assert_string_equal(fld("task_progress", "status")->def, "not_started");
	assert_null(fld("staff", "full_name")->def);
	assert_string_equal(form_label(fld("staff", "decision_date")), "Ngày quyết định");
	assert_true(*form_help(fld("staff", "full_name")) != '\0');
	assert_string_equal(form_help(fld("staff", "note")), "");
}

static void
test_text(void **state)
{
	const struct form_field *name = fld("staff", "full_name");
	const struct form_field *note = fld("staff", "note");
	char longname[512];

	(void)state;
	parse_ok(name, NFD_NAME, "Nguyễn Thị Hồng Nhung");
	parse_ok(name, "  Trần Văn Bình \r\n", "Trần Văn Bình");
	parse_bad(name, "", "Họ và tên: is required");
	parse_bad(name, "   ", "Họ và tên: is required");
	parse_bad(name, NULL, "is required");
	parse_bad(name, "Trần\nBình", "must be on one line");
	parse_bad(name, "Trần\x01 Bình", "control character");
	parse_bad(name, "Tr\xe1n", "not valid UTF-8");
	/* 80 letters with tone marks, typed decomposed, are 80 characters. */
	longname[0] = '\0';
	for (int i = 0; i < 80; i++)
		strcat(longname, "e\xcc\x82\xcc\x81");
	strcat(longname, "a");
	parse_bad(name, longname, "81 characters, at most 80 allowed");
	/* Composed letters are counted one a code point; a mark that composes
	 * with nothing (x + acute) still joins its letter. */
	longname[0] = '\0';
	for (int i = 0; i < 80; i++)
		strcat(longname, "\xe1\xbb\x87");	/* ệ */
	parse_ok(name, longname, longname);
	longname[0] = '\0';
	for (int i = 0; i < 80; i++)
		strcat(longname, "x\xcc\x81");
	parse_ok(name, longname, longname);
	strcat(longname, "\xc4\x91");	/* đ */
	parse_bad(name, longname, "81 characters, at most 80 allowed");
	/* A note keeps its lines. */
	parse_ok(note, "dòng 1\r\ndòng 2", "dòng 1\ndòng 2");
	parse_ok(note, "", "");
	parse_bad(note, "a\x7f", "control character");
}

static void
test_text_length(void **state)
{
	const struct form_field *name = fld("staff", "full_name");
	struct tbuf out = { 0 };
	struct err e = { 0 };
	char s[512] = "";

	(void)state;
	for (int i = 0; i < 80; i++)
		strcat(s, "e\xcc\x82\xcc\x81");		/* ế, decomposed */
	assert_int_equal(form_parse(name, s, &out, &e), 0);
	assert_int_equal(out.len, 80 * 3);		/* ế is 3 bytes NFC */
	assert_memory_equal(out.p, "ếếế", 9);
	tbuf_free(&out);
}

static void
test_int(void **state)
{
	const struct form_field *by = fld("staff", "birth_year");
	const struct form_field *hh = fld("village", "households");

	(void)state;
	parse_ok(by, "1985", "1985");
	parse_ok(by, " +1985 ", "1985");
	parse_ok(by, "01985", "1985");
	parse_ok(by, "", "");
	parse_ok(by, "1940", "1940");
	parse_ok(by, "2010", "2010");
	parse_bad(by, "1939", "Năm sinh: 1939 is not between 1940 and 2010");
	parse_bad(by, "2011", "between 1940 and 2010");
	parse_bad(by, "19a5", "Năm sinh: '19a5' is not a whole number");
	parse_bad(by, "1985.0", "not a whole number");
	parse_bad(by, "-", "not a whole number");
	parse_bad(by, "99999999999999999999", "not between 1940 and 2010");
	parse_ok(hh, "0", "0");
	parse_ok(hh, "100000", "100000");
	parse_bad(hh, "-1", "not between 0 and 100000");
	parse_bad(hh, "1.200", "not a whole number");
	parse_bad(hh, "99999999999999999999", "not between 0 and 100000");
	parse_bad(hh, "-99999999999999999999", "not between 0 and 100000");
}

static void
test_decimal(void **state)
{
	const struct form_field *h = fld("training", "hours");

	(void)state;
	parse_ok(h, "2,5", "2.5");
	parse_ok(h, "2.5", "2.5");
	parse_ok(h, "2,50", "2.5");
	parse_ok(h, "3.0", "3");
	parse_ok(h, "003", "3");
	parse_ok(h, ",75", "0.75");
	parse_ok(h, "4,", "4");
	parse_ok(h, "0", "0");
	parse_ok(h, "500", "500");
	parse_ok(h, "0.125", "0.125");
	parse_bad(h, "500,5", "Số giờ học: 500,5 is not between 0 and 500");
	parse_bad(h, "-1", "not between 0 and 500");
	parse_bad(h, "2,5,1", "Số giờ học: '2,5,1' is not a number");
	parse_bad(h, "1.2.3", "is not a number");
	parse_bad(h, "ba giờ", "is not a number");
	parse_bad(h, ".", "is not a number");
	parse_bad(h, "0.1234567890123456", "too many digits");
}

static void
test_date(void **state)
{
	const struct form_field *d = fld("staff", "decision_date");

	(void)state;
	parse_ok(d, "3/2/2026", "2026-02-03");
	parse_ok(d, "03/02/2026", "2026-02-03");
	parse_ok(d, "3-2-2026", "2026-02-03");
	parse_ok(d, "03.02.2026", "2026-02-03");
	parse_ok(d, "2026-02-03", "2026-02-03");
	parse_ok(d, "29/02/2024", "2024-02-29");
	parse_ok(d, "29/02/2000", "2000-02-29");
	parse_ok(d, "31/12/2100", "2100-12-31");
	parse_ok(d, "1/1/1900", "1900-01-01");
	parse_bad(d, "31/02/2026", "Ngày quyết định: 31/02/2026 is not a real date");
	parse_bad(d, "29/02/2025", "29/02/2025 is not a real date");
	parse_bad(d, "29/02/1900", "is not a real date");
	parse_bad(d, "31/04/2026", "is not a real date");
	parse_bad(d, "1/13/2026", "is not a real date");
	parse_bad(d, "0/1/2026", "is not a real date");
	parse_bad(d, "3/2026", "Ngày quyết định: '3/2026' is not a whole date");
	parse_bad(d, "2026", "is not a whole date");
	parse_bad(d, "3/2/26", "type the year with four digits");
	parse_bad(d, "31/12/1899", "the year must be between 1900 and 2100");
	parse_bad(d, "1/1/2101", "the year must be between 1900 and 2100");
	parse_bad(d, "3/2-2026", "is not a date");
	parse_bad(d, "hôm qua", "'hôm qua' is not a date");
	parse_bad(d, "2026/02/03", "is not a date");
	parse_bad(d, "3/2/2026/1", "is not a date");
	parse_bad(d, "3//2026", "is not a date");
	parse_bad(d, "12345/1/2026", "is not a date");
}

static void
test_bool(void **state)
{
	const struct form_field *b = fld("participant", "attended");
	static const char *const yes[] = {
		"Có", "có", "CÓ", "co", "C", "x", "X", "1", "yes", "Y", "true", "Đúng",
	};
	static const char *const no[] = {
		"Không", "không", "khong", "KHÔNG", NFD_KHONG, "k", "0", "no", "N", "false",
	};

	(void)state;
	for (size_t i = 0; i < nitems(yes); i++)
		parse_ok(b, yes[i], "1");
	for (size_t i = 0; i < nitems(no); i++)
		parse_ok(b, no[i], "0");
	parse_ok(b, "", "");
	parse_bad(b, "có lẽ", "Có tham dự: 'có lẽ' is neither yes nor no");
	parse_bad(b, "2", "neither yes nor no");
}

static void
test_choice(void **state)
{
	const struct form_field *emp = fld("staff", "employment");
	const struct form_field *pos = fld("staff", "position");
	const struct form_field *vk = fld("village", "village_kind");

	(void)state;
	parse_ok(emp, "chuyen trach", "dedicated");
	parse_ok(emp, "Chuyên trách", "dedicated");
	parse_ok(emp, "CHUYÊN TRÁCH", "dedicated");
	parse_ok(emp, NFD_KIEM, "concurrent");
	parse_ok(emp, "concurrent", "concurrent");
	parse_ok(emp, "Concurrent", "concurrent");
	parse_ok(emp, "", "");
	parse_ok(pos, "cong chuc van phong - thong ke", "office_statistics");
	parse_ok(pos, "Office and Statistics officer", "office_statistics");
	parse_ok(pos, "culture_social", "culture_social");
	parse_ok(vk, "to dan pho", "to_dan_pho");
	parse_ok(vk, "Bản", "ban");
	parse_bad(emp, "tạm thời",
	    "Chuyên trách/kiêm nhiệm: 'tạm thời' is not in the list; choose one of: "
	    "Chuyên trách, Kiêm nhiệm");
	/* Long lists name a few items, then an ellipsis. */
	parse_bad(pos, "thủ quỹ", "choose one of: Bí thư Đảng ủy, Chủ tịch UBND, "
	    "Phó Chủ tịch UBND, Công chức Văn phòng - Thống kê, …");
}

static void
test_multi(void **state)
{
	const struct form_field *p = fld("staff", "platforms");

	(void)state;
	parse_ok(p, "ndxp", "ndxp");
	parse_ok(p, "vnform; ndxp", "ndxp;vnform");
	parse_ok(p, "VNFORM,EMC", "emc;vnform");
	/* Labels holding commas, separated by commas. */
	parse_ok(p, "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP), "
	    "Nền tảng Hỗ trợ điều tra số", "ndxp;digital_forensics");
	parse_ok(p, "nen tang ho tro dieu tra so;;", "digital_forensics");
	parse_ok(p, " ; ", "");
	parse_bad(p, "ndxp; NDXP", "'Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)' is given twice");
	parse_bad(p, "ndxp; Zalo", "'Zalo' is not in the list");
	parse_bad(p, "Zalo, ndxp", "'Zalo' is not in the list");
}

static void
test_counts(void **state)
{
	const struct form_field *h = fld("activity", "helped");

	(void)state;
	parse_ok(h, "Dịch vụ công trực tuyến: 12; Chữ ký số: 3",
	    "online_public_services=12;digital_signature=3");
	parse_ok(h, "digital_signature=3, online_public_services=12",
	    "online_public_services=12;digital_signature=3");
	parse_ok(h, "Kích hoạt, sử dụng VNeID (định danh điện tử mức 2): 5, khac: 0",
	    "vneid=5;other=0");
	parse_ok(h, "chu ky so : 007", "digital_signature=7");
	parse_ok(h, "", "");
	parse_bad(h, "vneid: -1", "Số lượt người dân được hỗ trợ: '-1' is not a count");
	/* A comma after the number ends the item: "5" is then an item alone. */
	parse_bad(h, "vneid: 2,5", "'5' should be written as item: number");
	parse_bad(h, "vneid: 2.5", "'2.5' is not a count");
	parse_bad(h, "vneid: nhiều", "is not a count");
	parse_bad(h, "vneid 5", "'vneid 5' should be written as item: number");
	parse_bad(h, "vneid=1; VNeID=2", "is given twice");
	parse_bad(h, "Zalo: 4", "'Zalo' is not in the list");
	parse_bad(h, ": 4", "is not in the list");
}

static void
test_phone(void **state)
{
	const struct form_field *ph = fld("member", "phone");

	(void)state;
	parse_ok(ph, "0912 345 678", "0912345678");
	parse_ok(ph, "091.234.5678", "0912345678");
	parse_ok(ph, "0912-345-678", "0912345678");
	/* One way: +84 (or 0084) is the national 0. */
	parse_ok(ph, "+84 912 345 678", "0912345678");
	parse_ok(ph, "+84 (0) 912 345 678", "0912345678");
	parse_ok(ph, "+84.912.345.678", "0912345678");
	parse_ok(ph, "+84912345678", "0912345678");
	parse_ok(ph, "0084 912 345 678", "0912345678");
	parse_ok(ph, "(0256) 382 1234", "02563821234");
	parse_ok(ph, "+84 256 382 1234", "02563821234");
	parse_bad(ph, "+84", "not a Vietnamese phone number");
	parse_bad(ph, "+84 0", "not a Vietnamese phone number");
	parse_bad(ph, "+84 00 912 345 678", "not a Vietnamese phone number");
	parse_bad(ph, "+84 91234567890", "not a Vietnamese phone number");
	parse_bad(ph, "091234567", "'091234567' is not a Vietnamese phone number");
	parse_bad(ph, "091234567890", "not a Vietnamese phone number");
	parse_bad(ph, "84912345678", "not a Vietnamese phone number");
	parse_bad(ph, "00912345678", "not a Vietnamese phone number");
	parse_bad(ph, "+8491234567", "not a Vietnamese phone number");
	parse_bad(ph, "0912 abc 678", "not a Vietnamese phone number");
	parse_bad(ph, "0912+345678", "not a Vietnamese phone number");
}

static void
test_email(void **state)
{
	const struct form_field *em = fld("staff", "email");

	(void)state;
	parse_ok(em, "Lan.Nguyen@BinhDinh.GOV.vn", "Lan.Nguyen@binhdinh.gov.vn");
	parse_ok(em, " vhtt.phucat@gmail.com ", "vhtt.phucat@gmail.com");
	parse_bad(em, "lan@binhdinh", "Thư điện tử: 'lan@binhdinh' is not an email address");
	parse_bad(em, "lan nguyen@gmail.com", "not an email address");
	parse_bad(em, "lan@@gmail.com", "not an email address");
	parse_bad(em, "@gmail.com", "not an email address");
	parse_bad(em, "nguyễn@gmail.com", "not an email address");
	parse_bad(em, "lan@gmail..com", "not an email address");
	parse_bad(em, "lan@.gmail.com", "not an email address");
	parse_bad(em, "lan.gmail.com", "not an email address");
}

static void
test_refs(void **state)
{
	const struct form_field *r = fld("member", "team_id");
	const struct form_field *rs = fld("activity", "members_present");

	(void)state;
	parse_ok(r, ID1, ID1);
	parse_ok(r, "0190A1B2-C3D4-7E5F-8A6B-0C1D2E3F4A5B", ID1);
	parse_bad(r, "", "Tổ công nghệ số cộng đồng: is required");
	parse_bad(r, "Tổ 1", "'Tổ 1' is not a record id");
	parse_bad(r, ID1 "0", "is not a record id");
	parse_ok(rs, ID3 ", " ID2 ";" ID1, ID1 ";" ID2 ";" ID3);
	parse_ok(rs, ID2 " " ID1, ID1 ";" ID2);
	parse_ok(rs, "", "");
	parse_bad(rs, ID1 ";" ID1, "is given twice");
	parse_bad(rs, ID1 ";abc", "'abc' is not a record id");
}

static void
test_format(void **state)
{
	(void)state;
	format_is(fld("staff", "decision_date"), "2026-02-03", "03/02/2026");
	format_is(fld("staff", "focal_point"), "1", "Có");
	format_is(fld("staff", "focal_point"), "0", "Không");
	format_is(fld("staff", "employment"), "dedicated", "Chuyên trách");
	format_is(fld("staff", "employment"), "gone", "gone");	/* shown to be fixed */
	format_is(fld("staff", "platforms"), "ndxp;vnform",
	    "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP), "
	    "Nền tảng khảo sát, thu thập ý kiến người dân (VNFORM)");
	/* The store gives counts back in code order; shown in list order. */
	format_is(fld("activity", "helped"), "digital_signature=3;online_public_services=12",
	    "Dịch vụ công trực tuyến: 12; Chữ ký số: 3");
	format_is(fld("training", "hours"), "2.5", "2,5");
	format_is(fld("staff", "phone"), "+84912345678", "+84912345678");
	format_is(fld("activity", "members_present"), ID1 ";" ID2, ID1 ";" ID2);
	format_is(fld("staff", "note"), NULL, "");

	i18n_init("en", "/nonexistent");
	format_is(fld("staff", "focal_point"), "1", "Yes");
	format_is(fld("staff", "focal_point"), "0", "No");
	format_is(fld("staff", "employment"), "dedicated", "Dedicated");
	format_is(fld("training", "hours"), "2.5", "2.5");
	format_is(fld("activity", "helped"), "vneid=5",
	    "VNeID activation and use (level-2 e-identity): 5");
	assert_string_equal(form_label(fld("staff", "decision_date")), "Decision date");
	i18n_init("vi", "/nonexistent");
}

/* Canonical values of each type, for the round trip. */
static const char *const samples[][4] = {
	[FIELD_TEXT] = { "Nguyễn Văn Đồng", "Thôn An Hòa, xã Cát Hanh", "125/QĐ-UBND", NULL },
	[FIELD_NOTE] = { "dòng 1\ndòng 2", "Đã hướng dẫn 12 hộ", NULL },
	[FIELD_INT] = { "1985", "2000", "1940", NULL },
	[FIELD_DECIMAL] = { "2.5", "3", "0.75", "0" },
	[FIELD_DATE] = { "2026-02-03", "2024-02-29", "1999-12-31", NULL },
	[FIELD_BOOL] = { "1", "0", NULL },
	[FIELD_PHONE] = { "0912345678", "02563821234", NULL },
	[FIELD_EMAIL] = { "lan.nguyen@binhdinh.gov.vn", NULL },
	[FIELD_REF] = { ID1, NULL },
	[FIELD_REFS] = { ID1, ID1 ";" ID2 ";" ID3, NULL },
};

static void
roundtrip(const struct form_field *ff, const char *canon)
{
	struct tbuf shown = { 0 }, back = { 0 };
	struct err e = { 0 };

	assert_int_equal(form_format(ff, canon, &shown), 0);
	if (form_parse(ff, shown.p, &back, &e) != 0)
		fail_msg("%s: \"%s\" shown as \"%s\" is refused: %s", ff->name, canon, shown.p,
		    e.msg);
	if (strcmp(back.p, canon) != 0)
		fail_msg("%s: \"%s\" -> \"%s\" -> \"%s\"", ff->name, canon, shown.p, back.p);
	tbuf_free(&shown);
	tbuf_free(&back);
}

static void
roundtrip_all(void)
{
	char buf[1024];

	for (int i = 0; i < KIND_COUNT; i++) {
		const struct form *f = forms_get(&shipped, &record_kinds[i]);
		for (size_t j = 0; j < f->n; j++) {
			const struct form_field *ff = &f->fields[j];
			const struct list *l = &ff->list;
			size_t n = 0;

			switch (ff->type) {
			case FIELD_CHOICE:
				for (size_t k = 0; k < l->n; k++)
					roundtrip(ff, l->items[k].code);
				break;
			case FIELD_MULTI:
			case FIELD_COUNTS:
				/* Each item alone, then all of them, in list order. */
				for (size_t k = 0; k < l->n; k++) {
					snprintf(buf, sizeof buf, "%s%s", l->items[k].code,
					    ff->type == FIELD_COUNTS ? "=4" : "");
					roundtrip(ff, buf);
				}
				for (size_t k = 0; k < l->n; k++)
					n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s%s",
					    k ? ";" : "", l->items[k].code,
					    ff->type == FIELD_COUNTS ? "=17" : "");
				roundtrip(ff, buf);
				break;
			default:
				for (size_t k = 0; k < 4 && samples[ff->type][k]; k++)
					roundtrip(ff, samples[ff->type][k]);
				break;
			}
			if (!ff->required)
				roundtrip(ff, "");
		}
	}
}

static void
test_roundtrip(void **state)
{
	(void)state;
	roundtrip_all();
	i18n_init("en", "/nonexistent");
	roundtrip_all();
	i18n_init("vi", "/nonexistent");
}

static void
test_check_record(void **state)
{
	const struct form *f = forms_get(&shipped, record_kind("staff"));
	const struct form *fa = forms_get(&shipped, record_kind("activity"));
	const struct form *ft = forms_get(&shipped, record_kind("training"));
	struct record r, a, t;
	struct err e = { 0 };
	size_t bad = 999;

	(void)state;
	assert_int_equal(record_init(&r, f->kind), 0);
	record_set_by_name(&r, "full_name", "Nguyễn Thị Hồng Nhung");
	record_set_by_name(&r, "gender", "female");
	record_set_by_name(&r, "birth_year", "1985");
	record_set_by_name(&r, "employment", "dedicated");
	record_set_by_name(&r, "focal_point", "1");
	record_set_by_name(&r, "decision_date", "2024-03-15");
	record_set_by_name(&r, "platforms", "ndxp;vnform");
	record_set_by_name(&r, "phone", "0912345678");
	assert_int_equal(form_check_record(f, &r, &bad, &e), 0);

	record_set_by_name(&r, "birth_year", "1930");
	assert_int_equal(form_check_record(f, &r, &bad, &e), ERR_INVALID);
	assert_ptr_equal(&f->fields[bad], fld("staff", "birth_year"));
	assert_non_null(strstr(e.msg, "Năm sinh: 1930 is not between 1940 and 2010"));
	record_set_by_name(&r, "birth_year", "1985");

	/* A label where a code belongs is valid input but not a stored value. */
	record_set_by_name(&r, "gender", "Nữ");
	assert_int_equal(form_check_record(f, &r, &bad, &e), ERR_INVALID);
	assert_ptr_equal(&f->fields[bad], fld("staff", "gender"));
	assert_non_null(strstr(e.msg, "is not in the stored form"));
	record_set_by_name(&r, "gender", "female");

	record_set_by_name(&r, "decision_date", "15/03/2024");
	assert_int_equal(form_check_record(f, &r, &bad, &e), ERR_INVALID);
	assert_ptr_equal(&f->fields[bad], fld("staff", "decision_date"));
	record_set_by_name(&r, "decision_date", "2026-02-31");
	assert_int_equal(form_check_record(f, &r, &bad, &e), ERR_INVALID);
	record_set_by_name(&r, "decision_date", NULL);

	/* Sets in another order are the same set (the store sorts by code). */
	record_set_by_name(&r, "platforms", "vnform;ndxp");
	assert_int_equal(form_check_record(f, &r, &bad, &e), 0);
	record_set_by_name(&r, "platforms", "vnform;zalo");
	assert_int_equal(form_check_record(f, &r, &bad, &e), ERR_INVALID);
	record_set_by_name(&r, "platforms", NULL);

	record_set_by_name(&r, "full_name", NULL);
	assert_int_equal(form_check_record(f, &r, &bad, &e), ERR_INVALID);
	assert_ptr_equal(&f->fields[bad], fld("staff", "full_name"));
	assert_non_null(strstr(e.msg, "Họ và tên: is required"));
	record_free(&r);

	assert_int_equal(record_init(&a, fa->kind), 0);
	record_set_by_name(&a, "team_id", ID1);
	record_set_by_name(&a, "held_on", "2026-03-01");
	record_set_by_name(&a, "members_present", ID2 ";" ID1);
	record_set_by_name(&a, "helped", "digital_signature=3;online_public_services=12");
	assert_int_equal(form_check_record(fa, &a, &bad, &e), 0);
	record_set_by_name(&a, "helped", "digital_signature=-3");
	assert_int_equal(form_check_record(fa, &a, &bad, &e), ERR_INVALID);
	assert_ptr_equal(&fa->fields[bad], fld("activity", "helped"));
	record_set_by_name(&a, "helped", NULL);
	record_set_by_name(&a, "held_on", NULL);
	assert_int_equal(form_check_record(fa, &a, &bad, &e), ERR_INVALID);
	assert_ptr_equal(&fa->fields[bad], fld("activity", "held_on"));
	record_free(&a);

	/* SQLite prints a REAL 3 as "3.0": still a stored number. */
	assert_int_equal(record_init(&t, ft->kind), 0);
	record_set_by_name(&t, "title", "Tập huấn kỹ năng số");
	record_set_by_name(&t, "hours", "3.0");
	assert_int_equal(form_check_record(ft, &t, &bad, &e), 0);
	record_set_by_name(&t, "hours", "3,5");
	assert_int_equal(form_check_record(ft, &t, &bad, &e), ERR_INVALID);
	record_free(&t);
}

/* A broken form file and where and why it must be refused. */
struct broken {
	const char *text;
	int line;
	const char *why;
};

#define HEAD "form village\ntitle.vi Thôn\n"
#define NAME "field name\n  type text\n  label.vi Tên\n  required yes\n"

static const struct broken broken[] = {
	/* 1 */ { HEAD NAME "  colour red\n", 7, "unknown key 'colour'" },
	/* 2 */ { HEAD NAME "field note\n  type memo\n  label.vi Ghi chú\n", 8,
		  "unknown type 'memo'" },
	/* 3 */ { HEAD NAME "field population\n  type int\n", 7,
		  "'population' is not a column of village" },
	/* 4 */ { HEAD "field name\n  label.vi Tên\n  type int\n  required yes\n", 5,
		  "the type int does not suit the column name, which holds text" },
	/* 5 */ { HEAD NAME "field households\n  label.vi Số hộ\n  type decimal\n", 9,
		  "the type decimal does not suit the column households" },
	/* 6 */ { HEAD NAME "field note\n  type note\n  label.en Note\n", 7,
		  "the field note has no label.vi" },
	/* 7 */ { HEAD NAME "field village_kind\n  type choice\n  label.vi Loại\n"
		  "  choices village_kinds\n", 10, "there is no choice list 'village_kinds'" },
	/* 8 */ { HEAD NAME "field households\n  type int\n  label.vi Số hộ\n  min 10\n"
		  "  max 5\n", 11, "min 10 is more than max 5" },
	/* 9 */ { HEAD NAME "field note\n  type note\n  label.vi Ghi chú\n" NAME, 10,
		  "the field name appears twice (first on line 3)" },
	/* 10 */ { HEAD "field note\n  type note\n  label.vi Ghi chú\n", 1,
		  "the form must have the field name" },
	/* 11 */ { HEAD "# tên\n\nfield name\n  type text\n  label.vi Tên\n  required no\n", 8,
		  "the field name must be 'required yes'" },
	/* 12 */ { HEAD NAME "field note\n  type note\n  label.vi Ghi ch\xfa\n", 9,
		  "the line is not valid UTF-8" },
	/* 13 */ { HEAD NAME "field households\n  type int\n  label.vi Số hộ\n  min 0\n"
		  "  default -5\n", 11, "the default is not valid: Số hộ: -5 is less than 0" },
	/* 14 */ { "title.vi Thôn\nform village\n", 1, "the file must begin with 'form KIND'" },
	/* 15 */ { HEAD "  type text\n" NAME, 3, "this indented line is not inside a field block" },
	/* 16 */ { HEAD NAME "  label.vi Tên thôn\n", 7, "'label.vi' is given twice (first on line 5)" },
	/* 17 */ { HEAD NAME "field households\n  type int\n  label.vi Số hộ\n  choices gender\n",
		  10, "'choices' applies only to the types choice, multi and counts" },
	/* 18 */ { HEAD NAME "  list 0\n", 7, "'list' must be a column width from 1 to 80" },
	/* 19 */ { "form team\ntitle.vi Tổ\nfield name\n  type text\n  label.vi Tên\n"
		  "  required yes\nfield village_id\n  type ref\n  ref staff\n  label.vi Thôn\n", 9,
		  "the column village_id refers to village, not staff" },
	/* 20 */ { HEAD NAME "field note\n  label.vi Ghi chú\n", 7, "the field note has no type" },
	/* 21 */ { "form village\n" NAME, 1, "the form has no title.vi" },
	/* 22 */ { "form hamlet\n", 1, "unknown record kind 'hamlet'" },
	/* 23 */ { HEAD "type text\n", 3, "'type' belongs inside a field block" },
	/* 24 */ { HEAD NAME "title.en Villages\n", 7, "'title.en' belongs at the top" },
	/* 25 */ { HEAD NAME "field village_kind\n  type choice\n  label.vi Loại\n"
		  "  choices village_kind\n  default thành phố\n", 11,
		  "the default is not valid: Loại: 'thành phố' is not in the list" },
	/* 26 */ { HEAD NAME "  max tám mươi\n", 7, "'max' must be a whole number" },
	/* 27 */ { HEAD NAME "  min 3\n  max 2\n", 8, "min 3 is more than max 2" },
	/* 28 */ { HEAD NAME "field note\n  type date\n  label.vi Ghi chú\n", 8,
		  "the type date does not suit the column note" },
	/* 29 */ { HEAD NAME "field households\n  type int\n  label.vi Số hộ\n  required có lẽ\n",
		  10, "'required' must be yes or no" },
	/* 30 */ { HEAD NAME "field households\n  type int\n  label.vi Số hộ\n  max 5\n"
		  "  default 6\n", 11, "the default is not valid" },
	/* 31 */ { HEAD "field name\n  type text\n  label.vi Tên\n  required yes\n  max 3\n"
		  "  default Thôn Một\n", 8, "Tên: 8 characters, at most 3 allowed" },
	/* 32 */ { "form staff\ntitle.vi Cán bộ\nfield full_name\n  type text\n  label.vi Họ tên\n"
		  "  required yes\nfield platforms\n  type choice\n  choices platform\n"
		  "  label.vi Nền tảng\n", 8, "the type choice does not suit the column platforms" },
	/* 33 */ { "form activity\ntitle.vi Hoạt động\nfield team_id\n  type ref\n  ref team\n"
		  "  label.vi Tổ\n  required yes\nfield held_on\n  type date\n  label.vi Ngày\n"
		  "  required yes\nfield helped\n  type counts\n  label.vi Số lượt\n", 12,
		  "the type counts needs 'choices LIST'" },
	/* 34 */ { HEAD NAME "field note\n  type note\n  label.vi Ghi\x01 chú\n", 9,
		  "control character" },
	/* 35 */ { "", 1, "the file must begin with 'form KIND'" },
	/* 36 */ { HEAD, 1, "the form has no fields" },
};

static void
test_broken_forms(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], msg[2 * PATH_MAX + 512];

	(void)state;
	tu_mkdtemp(dir);
	snprintf(path, sizeof path, "%s/x.form", dir);
	for (size_t i = 0; i < nitems(broken); i++) {
		struct form f;
		const char *bad = tu_form_refused(path, broken[i].text, broken[i].line,
		    broken[i].why, &f, msg, sizeof msg);

		if (bad != NULL)
			fail_msg("broken form %zu: %s", i + 1, bad);
		assert_null(f.fields);
	}
	tu_rmdir(dir);
}

/* The header and a field alone are a good form; the checks above are not
 * refusing everything. */
static void
test_small_form(void **state)
{
	static const char text[] =
	    "\xEF\xBB\xBF# Thôn\r\n"
	    "form village\r\n"
	    "title.vi Thôn, tổ dân phố\r\n"
	    "\r\n"
	    "field name\r\n"
	    "\ttype\ttext\r\n"
	    "\tlabel.vi   Te\xcc\x82n tho\xcc\x82n\r\n"	/* NFD in the file */
	    "\trequired   yes\r\n"
	    "\t# a comment inside a block\r\n"
	    "field households\n"
	    "  type int\n"
	    "  label.vi Số hộ\n"
	    "  min -0\n"
	    "  default 12\n";
	char dir[PATH_MAX], path[PATH_MAX + 32];
	struct form f;
	struct err e = { 0 };

	(void)state;
	tu_mkdtemp(dir);
	snprintf(path, sizeof path, "%s/village.form", dir);
	tu_write(path, text, sizeof text - 1);
	if (form_load(path, tu_srcdir(), &f, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.title_vi, "Thôn, tổ dân phố");
	assert_null(f.title_en);
	assert_string_equal(f.fields[0].label_vi, "Tên thôn");
	assert_int_equal(f.fields[0].line, 5);
	assert_string_equal(f.fields[1].def, "12");
	assert_true(f.fields[1].has_min);
	assert_false(f.fields[1].has_max);
	/* With no upper bound, a huge number is refused for its size. */
	parse_bad(&f.fields[1], "99999999999999999999", "Số hộ: '99999999999999999999' has too many digits");
	parse_bad(&f.fields[1], "-99999999999999999999", "is less than 0");
	/* English falls back to Vietnamese when a label has no English. */
	i18n_init("en", "/nonexistent");
	assert_string_equal(form_label(&f.fields[1]), "Số hộ");
	i18n_init("vi", "/nonexistent");
	form_free(&f);
	tu_rmdir(dir);
}

/* forms_load names the file that is wrong, and a form must describe the
 * kind its file is named after. */
static void
test_forms_load_errors(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	struct forms fs;
	struct err e = { 0 };
	static const char village[] = "form village\ntitle.vi Thôn\n" NAME;

	(void)state;
	tu_mkdtemp(dir);
	snprintf(path, sizeof path, "%s/forms", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/assets", dir);
	{
		char target[PATH_MAX + 16];
		snprintf(target, sizeof target, "%s/assets", tu_srcdir());
		assert_int_equal(symlink(target, path), 0);
	}
	/* No forms at all: nothing to edit, not an error. */
	assert_int_equal(forms_load(dir, &fs, &e), 0);
	assert_null(forms_get(&fs, record_kind("staff")));
	forms_free(&fs);

	snprintf(path, sizeof path, "%s/forms/village.form", dir);
	tu_write(path, village, sizeof village - 1);
	assert_int_equal(forms_load(dir, &fs, &e), 0);
	assert_non_null(forms_get(&fs, record_kind("village")));
	assert_null(forms_get(&fs, record_kind("team")));
	forms_free(&fs);

	snprintf(path, sizeof path, "%s/forms/staff.form", dir);
	tu_write(path, village, sizeof village - 1);
	assert_int_equal(forms_load(dir, &fs, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "staff.form:1: the file describes village but is named staff.form"));
	tu_rmdir(dir);
}

/* A data folder whose paths do not fit PATH_MAX: a clear ERR_INVALID naming
 * the start of the path, never a truncated name read instead (forms_load
 * used to skip every form, the truncated names being "not found"). */
static void
test_path_too_long(void **state)
{
	char dir[PATH_MAX + 16], out[PATH_MAX];
	struct forms fs;
	struct list l;
	struct err e = { 0 };

	(void)state;
	memset(dir, 'a', sizeof dir - 1);
	dir[0] = '/';
	dir[sizeof dir - 1] = '\0';
	assert_int_equal(forms_load(dir, &fs, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "path too long"));
	assert_non_null(strstr(e.msg, "/aaaa"));
	err_clear(&e);
	assert_int_equal(lists_load(dir, "gender", &l, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "path too long"));
	err_clear(&e);
	/* Exactly full fits; one byte more does not, and leaves out empty. */
	assert_int_equal(paths_join(out, 8, &e, "%s/%s", "abc", "def"), 0);
	assert_string_equal(out, "abc/def");
	assert_int_equal(paths_join(out, 8, &e, "%s/%s", "abc", "defg"), ERR_INVALID);
	assert_string_equal(out, "");
	assert_non_null(strstr(e.msg, "abc/def"));
	err_clear(&e);
	/* The start shown is never cut inside a letter. */
	{
		char viet[400] = "";
		while (strlen(viet) < 300)
			strcat(viet, "\xc4\x91");	/* đ */
		assert_int_equal(paths_join(out, 200, &e, "/%s", viet), ERR_INVALID);
		assert_non_null(strstr(e.msg, "/\xc4\x91\xc4\x91"));
		assert_null(strstr(e.msg, "\xc4\xe2"));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_forms),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_length),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_multi),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_check_record),
		cmocka_unit_test(test_broken_forms),
		cmocka_unit_test(test_small_form),
		cmocka_unit_test(test_forms_load_errors),
		cmocka_unit_test(test_path_too_long),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

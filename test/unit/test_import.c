/* import: CSV files into a real database in a temporary folder, checked
 * through the forms' rules; counts looked at with an independent sqlite3
 * connection. The home unit is the former district Phù Cát (548), with the
 * communes that succeeded its old ones below it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "socds/csv.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/import.h"
#include "socds/store.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/text.h"
#include "socds/job-units.h"
#include "socds/uuid.h"
#include "test-util.h"

static struct forms forms;

struct problem {
	long line;
	char field[160];
	char msg[ERR_MSG_MAX];
	bool warning;
};

struct fx {
	TU_FX_FIELDS;			/* dir, db, s (test-util.h) */
	char csv[PATH_MAX + 16];
	struct problem p[64];
	int np;			/* problems seen (errors and warnings) */
	struct import_result res;
	struct err e;
};

static int
group_setup(void **state)
{
	(void)state;
	return tu_forms_load(&forms, "vi");	/* Vietnamese labels, English messages */
}

static int
group_teardown(void **state)
{
	(void)state;
	forms_free(&forms);
	return 0;
}

static int
setup(void **state)
{
	struct fx *f = tu_fx_new(sizeof *f, true, tu_load_district);

	if (f == NULL)
		return -1;
	snprintf(f->csv, sizeof f->csv, "%s/in.csv", f->dir);
	*state = f;
	return 0;
}
#define teardown tu_teardown

static void
collect(const struct import_problem *p, void *arg)
{
	struct fx *f = arg;

	assert_string_equal(p->file, f->csv);
	if (f->np < (int)(sizeof f->p / sizeof f->p[0])) {
		struct problem *q = &f->p[f->np];
		q->line = p->line;
		snprintf(q->field, sizeof q->field, "%s", p->field ? p->field : "");
		snprintf(q->msg, sizeof q->msg, "%s", p->msg);
		q->warning = p->warning;
	}
	f->np++;
}

/* The problems that are errors (warnings left out). */
static int
errors(const struct fx *f)
{
	int n = 0;

	for (int i = 0; i < f->np && i < 64; i++)
		n += !f->p[i].warning;
	return n;
}

/* Imports f->csv as `kind` with the options given; returns the status. */
static int
run(struct fx *f, const char *kind, struct import_opts o)
{
	o.kind = record_kind(kind);
	o.problem = collect;
	o.arg = f;
	f->np = 0;
	memset(&f->e, 0, sizeof f->e);
	return import_csv(f->s, &forms, f->csv, &o, &f->res, &f->e);
}

static void
write_csv(struct fx *f, const char *text)
{
	tu_write(f->csv, text, strlen(text));
}

static int64_t
sql(struct fx *f, const char *q)
{
	return tu_sql_int(f->db, q);
}

/* Whether a problem on `line` names `field` and says `what`. */
static bool
has_problem(const struct fx *f, long line, const char *field, const char *what)
{
	for (int i = 0; i < f->np && i < 64; i++)
		if (f->p[i].line == line && (field == NULL || strcmp(f->p[i].field, field) == 0) &&
		    (what == NULL || strstr(f->p[i].msg, what) != NULL))
			return true;
	for (int i = 0; i < f->np && i < 64; i++)
		fprintf(stderr, "  problem %ld [%s] %s%s\n", f->p[i].line, f->p[i].field,
		    f->p[i].msg, f->p[i].warning ? " (warning)" : "");
	return false;
}

/* Inserts a record of kind with column=value pairs; returns its id in id. */
static void
put(struct fx *f, const char *kind, const char *unit, char id[UUID_STR_LEN], ...)
{
	struct record r;
	struct err e = { 0 };
	va_list ap;
	const char *col;

	assert_int_equal(record_init(&r, record_kind(kind)), 0);
	snprintf(r.unit_code, sizeof r.unit_code, "%s", unit);
	va_start(ap, id);
	while ((col = va_arg(ap, const char *)) != NULL)
		assert_int_equal(record_set_by_name(&r, col, va_arg(ap, const char *)), 0);
	va_end(ap);
	if (store_record_insert(f->s, &r, &e) != 0)
		fail_msg("insert %s: %s", kind, e.msg);
	if (id != NULL)
		memcpy(id, r.id, UUID_STR_LEN);
	record_free(&r);
}

static const char staff_good[] =
    "STT,ho va ten,gioi tinh,nam sinh,chuc vu chuc danh,chuyen trach/kiem nhiem,"
    "dau moi chuyen doi so,ngay quyet dinh,so dien thoai,NEN TANG SO DUNG CHUNG DUOC CAP QUYEN TRUY CAP\n"
    "1,Nguyễn Thị Hồng Nhung,nữ,1990,cong chuc van phong - thong ke,chuyen trach,có,05/03/2024,"
    "0912 345 678,\n"
    "2,  Trần Văn Đức ,Nam,1985,Chủ tịch UBND,kiêm nhiệm,không,,,\n"
    /* Typed with combining marks (NFD): stored NFC. */
    "3,Le\xCC\x82 Hu\xCC\x9B\xCC\x83u Phu\xCC\x9Bo\xCC\x9B\xCC\x81\x63,nam,1979,,,x,1/2/2025,"
    "(0256) 382 1234,\n";

/* Vietnamese headers typed without diacritics; values as people type them. */
static void
test_staff_headers_without_diacritics(void **state)
{
	struct fx *f = *state;

	write_csv(f, staff_good);
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), 0);
	assert_int_equal(f->np, 0);
	assert_int_equal(f->res.rows, 3);
	assert_int_equal(f->res.inserted, 3);
	assert_string_equal(f->res.encoding, "utf-8");
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 3);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff WHERE full_name = 'Nguyễn Thị Hồng Nhung'"
	    " AND gender = 'female' AND birth_year = 1990 AND position = 'office_statistics'"
	    " AND employment = 'dedicated' AND focal_point = 1 AND decision_date = '2024-03-05'"
	    " AND phone = '0912345678' AND dt_network = 0 AND unit_code = '548'"
	    " AND name_key = 'nguyen thi hong nhung'"), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff WHERE full_name = 'Trần Văn Đức'"
	    " AND position = 'chairperson' AND focal_point = 0 AND decision_date IS NULL"), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff WHERE full_name = 'Lê Hữu Phước'"
	    " AND decision_date = '2025-02-01' AND phone = '02563821234'"), 1);
	/* Ids are new UUIDs, times and version set. */
	assert_int_equal(sql(f, "SELECT count(*) FROM staff WHERE length(id) = 36 AND version = 1"
	    " AND created_at LIKE '____-__-__T__:__:__Z'"), 3);
}

static const char staff_mixed[] =
    "Họ và tên,Giới tính,Năm sinh,Ngày quyết định\n"
    "Nguyễn Văn An,Nam,1985,\n"
    "Trần Thị Bình,x,1890,\n"		/* line 3: two bad fields */
    "Lê Văn Cường,Nam,1990,\n"
    "\"Phạm Thị\nDung\",Nữ,1992,31/02/2026\n"	/* line 5 (a name over two lines, a bad date) */
    "Hoàng Văn Em,Nam,1991,\n"
    ",Nữ,1993,\n";			/* line 8: no name */

/* One bad row among good ones: nothing is imported, and every bad row and
 * field is named. */
static void
test_bad_rows_import_nothing(void **state)
{
	struct fx *f = *state;

	write_csv(f, staff_mixed);
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 0);
	assert_int_equal(f->res.rows, 6);
	assert_int_equal(f->res.valid, 3);
	assert_int_equal(f->res.invalid, 3);
	assert_int_equal(f->res.inserted, 0);
	assert_true(has_problem(f, 3, "Giới tính", "'x'"));
	assert_true(has_problem(f, 3, "Năm sinh", "1890"));
	assert_true(has_problem(f, 5, "Ngày quyết định", "31/02/2026"));
	assert_true(has_problem(f, 8, "Họ và tên", "required"));
	assert_int_equal(f->np, 5);
	assert_int_equal(f->res.problems, 5);
	/* Messages start with the field's label. */
	assert_true(has_problem(f, 3, NULL, "Năm sinh: 1890 is not between 1940 and 2010"));
	assert_non_null(strstr(f->e.msg, "3 of 6"));
	assert_non_null(strstr(f->e.msg, f->csv));
}

/* --skip-invalid: the good rows go in, the bad ones to a rejects file with
 * their reasons; an existing rejects file is not overwritten. */
static void
test_skip_invalid_rejects(void **state)
{
	struct fx *f = *state;
	char rej[PATH_MAX + 32];
	struct stat sb;
	struct err e = { 0 };
	struct csv *c;
	FILE *fp;

	write_csv(f, staff_mixed);
	assert_int_equal(run(f, "staff", (struct import_opts){ .skip_invalid = true }), 0);
	assert_int_equal(f->res.inserted, 3);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 3);
	snprintf(rej, sizeof rej, "%s.rejects.csv", f->csv);
	assert_string_equal(f->res.rejects, rej);
	assert_int_equal(stat(rej, &sb), 0);
#ifndef _WIN32	/* Windows keeps privacy in ACLs, which Wine does not store */
	assert_int_equal(sb.st_mode & 0777, 0600);
#endif

	fp = fopen(rej, "rb");
	assert_non_null(fp);
	c = csv_open(fp, rej, ',');
	assert_int_equal(csv_next(c, &e), 1);
	assert_true(csv_had_bom(c));
	assert_int_equal(csv_nfields(c), 5);
	assert_string_equal(csv_field(c, 0), "Họ và tên");
	assert_string_equal(csv_field(c, 4), "Lý do");
	assert_int_equal(csv_next(c, &e), 1);
	assert_string_equal(csv_field(c, 0), "Trần Thị Bình");
	assert_string_equal(csv_field(c, 2), "1890");
	assert_non_null(strstr(csv_field(c, 4), "Giới tính"));
	assert_non_null(strstr(csv_field(c, 4), "Năm sinh"));
	assert_int_equal(csv_next(c, &e), 1);
	assert_string_equal(csv_field(c, 0), "Phạm Thị\nDung");
	assert_non_null(strstr(csv_field(c, 4), "31/02/2026"));
	assert_int_equal(csv_next(c, &e), 1);
	assert_string_equal(csv_field(c, 0), "");
	assert_non_null(strstr(csv_field(c, 4), "Họ và tên"));
	assert_int_equal(csv_next(c, &e), 0);
	csv_free(c);
	fclose(fp);

	/* Again: the rejects file exists, so nothing happens at all. */
	assert_int_equal(run(f, "staff", (struct import_opts){ .skip_invalid = true }), ERR_EXISTS);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 3);
	/* With another rejects file it goes on; the people are now likely
	 * duplicates, reported and imported. */
	snprintf(rej, sizeof rej, "%s/other.csv", f->dir);
	assert_int_equal(run(f, "staff", (struct import_opts){ .skip_invalid = true,
	    .rejects = rej }), 0);
	assert_int_equal(f->res.duplicates, 3);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 6);
	assert_true(os_exists(rej));
}

/* A dry run counts and changes nothing, not even a rejects file. */
static void
test_dry_run(void **state)
{
	struct fx *f = *state;
	char rej[PATH_MAX + 32];

	write_csv(f, staff_good);
	assert_int_equal(run(f, "staff", (struct import_opts){ .dry_run = true }), 0);
	assert_int_equal(f->res.valid, 3);
	assert_int_equal(f->res.inserted, 0);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 0);

	write_csv(f, staff_mixed);
	assert_int_equal(run(f, "staff", (struct import_opts){ .dry_run = true }), ERR_INVALID);
	assert_int_equal(f->res.invalid, 3);
	assert_int_equal(f->np, 5);
	assert_int_equal(run(f, "staff", (struct import_opts){ .dry_run = true,
	    .skip_invalid = true }), 0);
	assert_int_equal(f->res.valid, 3);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 0);
	snprintf(rej, sizeof rej, "%s.rejects.csv", f->csv);
	assert_false(os_exists(rej));
	assert_string_equal(f->res.rejects, "");
}

/* Members name their team; the name is looked up in the unit, ignoring case
 * and diacritics; a member belongs to its team's commune. */
static void
test_member_team_by_name(void **state)
{
	struct fx *f = *state;
	char vil[UUID_STR_LEN], team[UUID_STR_LEN], bl1[UUID_STR_LEN], bl2[UUID_STR_LEN];
	char text[1024], upper[UUID_STR_LEN];

	put(f, "village", "21853", vil, "name", "Thôn An Hòa", NULL);
	put(f, "team", "21853", team, "name", "Tổ CNSCĐ thôn An Hòa", "village_id", vil, NULL);
	put(f, "team", "21853", bl1, "name", "Tổ CNSCĐ thôn Bình Long", NULL);
	put(f, "team", "21859", bl2, "name", "Tổ CNSCĐ thôn Bình Long", NULL);
	for (int i = 0; i < UUID_STR_LEN; i++)
		upper[i] = (char)(team[i] >= 'a' && team[i] <= 'f' ? team[i] - 'a' + 'A' : team[i]);

	snprintf(text, sizeof text,
	    "Tổ công nghệ số cộng đồng,Họ và tên,Năm sinh,Vai trò trong Tổ,Thành phần\n"
	    "to cnscd thon an hoa,Phạm Văn Tâm,1995,Tổ trưởng,\n"
	    "TỔ CNSCĐ THÔN AN HÒA,Đỗ Thị Lan,1998,,\n"
	    "%s,Võ Văn Hùng,2000,tổ phó,\n", upper);
	write_csv(f, text);
	assert_int_equal(run(f, "member", (struct import_opts){ 0 }), 0);
	assert_int_equal(f->res.inserted, 3);
	snprintf(text, sizeof text, "SELECT count(*) FROM member WHERE team_id = '%s'"
	    " AND unit_code = '21853'", team);
	assert_int_equal(sql(f, text), 3);
	assert_int_equal(sql(f, "SELECT count(*) FROM member WHERE full_name = 'Phạm Văn Tâm'"
	    " AND role = 'leader'"), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM member WHERE full_name = 'Võ Văn Hùng'"
	    " AND role = 'deputy'"), 1);
	/* An empty cell stays empty; the form's default fills only a missing column. */
	assert_int_equal(sql(f, "SELECT count(*) FROM member WHERE full_name = 'Đỗ Thị Lan'"
	    " AND role IS NULL"), 1);

	write_csv(f, "Tổ công nghệ số cộng đồng,Họ và tên\n"
	    "Tổ CNSCĐ thôn Không Có,Ai Đó\n"
	    "Tổ CNSCĐ thôn Bình Long,Người Thứ Hai\n"
	    "0190a4b2-0000-7000-8000-000000000000,Người Thứ Ba\n");
	assert_int_equal(run(f, "member", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 2, "Tổ công nghệ số cộng đồng", "not found"));
	assert_true(has_problem(f, 3, "Tổ công nghệ số cộng đồng", "ambiguous: 2 records"));
	assert_true(has_problem(f, 4, "Tổ công nghệ số cộng đồng", "no record with id"));
	assert_int_equal(sql(f, "SELECT count(*) FROM member"), 3);

	/* Within one commune the name is unique, and the default role fills
	 * the column the file does not have. */
	write_csv(f, "Tổ công nghệ số cộng đồng,Họ và tên\nTổ CNSCĐ thôn Bình Long,Người Thứ Hai\n");
	assert_int_equal(run(f, "member", (struct import_opts){ .unit = "21859" }), 0);
	snprintf(text, sizeof text, "SELECT count(*) FROM member WHERE team_id = '%s'"
	    " AND unit_code = '21859' AND role = 'member'", bl2);
	assert_int_equal(sql(f, text), 1);
}

/* An activity names the members present and counts the citizens helped. */
static void
test_activity_members_and_helped(void **state)
{
	struct fx *f = *state;
	char team[UUID_STR_LEN], other[UUID_STR_LEN], tam[UUID_STR_LEN], lan[UUID_STR_LEN];
	char q[512];

	put(f, "team", "21853", team, "name", "Tổ CNSCĐ thôn An Hòa", NULL);
	put(f, "team", "21853", other, "name", "Tổ CNSCĐ thôn Chánh Hội", NULL);
	put(f, "member", "21853", tam, "team_id", team, "full_name", "Phạm Văn Tâm", NULL);
	put(f, "member", "21853", lan, "team_id", team, "full_name", "Đỗ Thị Lan", NULL);
	/* The same name in another team must not make the first ambiguous. */
	put(f, "member", "21853", NULL, "team_id", other, "full_name", "Phạm Văn Tâm", NULL);
	put(f, "member", "21853", NULL, "team_id", other, "full_name", "Bùi Văn Xa", NULL);

	write_csv(f, "Tổ công nghệ số cộng đồng,Ngày thực hiện,Địa điểm,Thành viên tham gia,"
	    "Số lượt người dân được hỗ trợ\n"
	    "Tổ CNSCĐ thôn An Hòa,05/03/2026,Nhà văn hóa thôn,Phạm Văn Tâm; đỗ thị lan,"
	    "\"VNeID: 3; Chữ ký số: 2\"\n");
	assert_int_equal(run(f, "activity", (struct import_opts){ 0 }), 0);
	assert_int_equal(f->res.inserted, 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM activity WHERE team_id = '%s'"
	    " AND held_on = '2026-03-05' AND unit_code = '21853'", team);
	assert_int_equal(sql(f, q), 1);
	snprintf(q, sizeof q, "SELECT count(*) FROM activity_member WHERE member_id IN ('%s', '%s')",
	    tam, lan);
	assert_int_equal(sql(f, q), 2);
	assert_int_equal(sql(f, "SELECT count(*) FROM activity_member"), 2);
	assert_int_equal(sql(f, "SELECT count FROM activity_help WHERE category = 'vneid'"), 3);
	assert_int_equal(sql(f, "SELECT count FROM activity_help WHERE category = 'digital_signature'"), 2);
	assert_int_equal(sql(f, "SELECT count(*) FROM activity_help"), 2);

	write_csv(f, "Tổ công nghệ số cộng đồng,Ngày thực hiện,Thành viên tham gia,"
	    "Số lượt người dân được hỗ trợ\n"
	    "Tổ CNSCĐ thôn An Hòa,06/03/2026,Người Lạ; Bùi Văn Xa,VNeID: ba\n"
	    "Tổ CNSCĐ thôn An Hòa,07/03/2026,Phạm Văn Tâm; Phạm Văn Tâm,\n"
	    "Tổ CNSCĐ thôn An Hòa,08/03/2026,Bùi Văn Xa,\n");
	assert_int_equal(run(f, "activity", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 2, "Thành viên tham gia", "'Người Lạ' not found"));
	/* A member of another team: the form's `within` rule names the team. */
	assert_true(has_problem(f, 4, "Thành viên tham gia",
	    "Bùi Văn Xa does not belong to the Tổ công nghệ số cộng đồng chosen"));
	assert_true(has_problem(f, 2, "Số lượt người dân được hỗ trợ", "'ba'"));
	assert_true(has_problem(f, 3, "Thành viên tham gia", "twice"));
	assert_int_equal(sql(f, "SELECT count(*) FROM activity"), 1);
}

/* A staff list saved by Excel on Vietnamese Windows (Windows-1258, tone
 * marks as separate bytes) is detected and stored NFC. */
static void
test_cp1258_staff(void **state)
{
	struct fx *f = *state;
	static const char bytes[] =
	    "Ho\xF2 va\xCC t\xEAn;N\xE3m sinh;Gi\xF5\xEC\x69 ti\xECnh\r\n"
	    "Nguy\xEA\xDEn V\xE3n \xD0\xF4\xCCng;1985;Nam\r\n"
	    "Tr\xE2\xCCn Thi\xF2 Thu\xD2y;1990;N\xFD\xDE\r\n";
	struct store_check chk;
	struct err e = { 0 };

	tu_write(f->csv, bytes, sizeof bytes - 1);
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), 0);
	assert_string_equal(f->res.encoding, "cp1258");
	assert_int_equal(f->res.delim, ';');
	assert_int_equal(f->res.inserted, 2);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff WHERE full_name = 'Nguyễn Văn Đồng'"
	    " AND name_key = 'nguyen van dong'"), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff WHERE full_name = 'Trần Thị Thủy'"
	    " AND gender = 'female'"), 1);
	assert_int_equal(store_check(f->s, &chk, &e), 0);
	assert_int_equal(chk.text_errors, 0);

	/* Said to be UTF-8, the same file is refused with its line. */
	assert_int_not_equal(run(f, "staff", (struct import_opts){ .encoding = "utf-8" }), 0);
	assert_non_null(strstr(f->e.msg, f->csv));
	assert_non_null(strstr(f->e.msg, ":1:"));
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 2);
}

/* People who look already recorded are reported, and imported. */
static void
test_likely_duplicates(void **state)
{
	struct fx *f = *state;

	put(f, "staff", "548", NULL, "full_name", "Nguyễn Văn An", "birth_year", "1985", NULL);
	write_csv(f, "Họ và tên,Năm sinh\n"
	    "NGUYỄN VĂN AN,1985\n"
	    "Lê Thị Hoa,1990\n"
	    "Le Thi Hoa,1990\n"
	    "Nguyễn Văn An,1986\n");
	assert_int_equal(run(f, "staff", (struct import_opts){ .dry_run = true }), 0);
	assert_int_equal(f->res.duplicates, 2);
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), 0);
	assert_int_equal(f->res.duplicates, 2);
	assert_int_equal(f->res.inserted, 4);
	assert_int_equal(f->np, 2);
	assert_true(f->p[0].warning && f->p[1].warning);
	assert_true(has_problem(f, 2, "Họ và tên", "likely duplicate"));
	/* The candidate is named, with where it is recorded. */
	assert_true(has_problem(f, 2, "Họ và tên",
	    "'Nguyễn Văn An', born 1985, is already recorded (staff, 548 "));
	assert_true(has_problem(f, 4, "Họ và tên", "line 3"));
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 5);
}

/* A UUID in the id column is kept; an existing one is refused. */
static void
test_uuid_kept(void **state)
{
	struct fx *f = *state;
	char id[UUID_STR_LEN], text[512], q[256];

	assert_int_equal(uuid_v7(id, 0), 0);
	snprintf(text, sizeof text, "id,Họ và tên,created_at,version\n"
	    "%s,Trần Văn Bốn,2025-01-02T03:04:05Z,4\n"
	    ",Trần Văn Năm,,\n"
	    "S-17,Trần Văn Sáu,,\n", id);
	write_csv(f, text);
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), 0);
	snprintf(q, sizeof q, "SELECT count(*) FROM staff WHERE id = '%s' AND full_name = 'Trần Văn Bốn'"
	    " AND created_at = '2025-01-02T03:04:05Z' AND version = 4", id);
	assert_int_equal(sql(f, q), 1);
	assert_int_equal(sql(f, "SELECT count(DISTINCT id) FROM staff"), 3);

	/* Import never updates: the same id again is refused. */
	snprintf(text, sizeof text, "id,Họ và tên\n%s,Trần Văn Bốn Khác\n", id);
	write_csv(f, text);
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 2, "Mã bản ghi", "already exists"));
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 3);

	/* Twice in one file. */
	assert_int_equal(uuid_v7(id, 0), 0);
	snprintf(text, sizeof text, "id,Họ và tên\n%s,A\n%s,B\n", id, id);
	write_csv(f, text);
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 3, "Mã bản ghi", "line 2"));
	/* Line 2 is inserted before line 3 is read (one pass): line 3 is still
	 * told only of line 2, not that the record exists. */
	assert_false(has_problem(f, 3, "Mã bản ghi", "already exists"));
	assert_int_equal(errors(f), 1);	/* and name_only's warnings: names alone */
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 3);
	assert_int_equal(run(f, "staff", (struct import_opts){ .skip_invalid = true, .force = true }), 0);
	assert_int_equal(f->res.inserted, 1);
	assert_false(has_problem(f, 3, "Mã bản ghi", "already exists"));
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 4);
	/* A bad time and version. */
	write_csv(f, "Họ và tên,Ngày tạo,Phiên bản\nA,05/03/2026,0\n");
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 2, "Ngày tạo", "05/03/2026"));
	assert_true(has_problem(f, 2, "Phiên bản", NULL));
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 4);
}

/* The header names every column; unknown, doubled and missing required
 * columns are all reported, and nothing is read further. */
static void
test_header_problems(void **state)
{
	struct fx *f = *state;

	write_csv(f, "Họ và tên,Năm sinh,Quê quán,ho va ten,\nA,1990,Bình Định,A,\n");
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 1, NULL, "column 3 'Quê quán'"));
	assert_true(has_problem(f, 1, NULL, "column 4 'ho va ten' is the same field as column 1"));
	assert_int_equal(f->np, 2);
	assert_int_equal(f->res.rows, 0);

	write_csv(f, "Năm sinh,Giới tính\n1990,Nam\n");
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 1, "Họ và tên", "no column"));

	/* The form of another kind: its fields are not this one's. */
	write_csv(f, "Tên thôn, tổ dân phố,Số hộ gia đình\nThôn A,120\n");
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 0);

	/* A column without a header is fine while it is empty. */
	write_csv(f, "Họ và tên,,Năm sinh\nA,,1990\nB,x,1991\n");
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 3, NULL, "column 2"));
	assert_int_equal(f->res.invalid, 1);
}

/* Broken files: named with the line, nothing imported. */
static void
test_broken_files(void **state)
{
	struct fx *f = *state;

	write_csv(f, "");
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_non_null(strstr(f->e.msg, "empty"));
	write_csv(f, "Họ và tên,Năm sinh\n");
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_non_null(strstr(f->e.msg, "no rows"));
	write_csv(f, "Họ và tên,Năm sinh\nA,1990\n\"B,1991\nC,1992\n");
	assert_int_not_equal(run(f, "staff", (struct import_opts){ .skip_invalid = true }), 0);
	assert_non_null(strstr(f->e.msg, ":3:"));
	assert_non_null(strstr(f->e.msg, "quote"));
	write_csv(f, "Họ và tên,Năm sinh\nA,1990\nB\xFF,1991\n");
	assert_int_not_equal(run(f, "staff", (struct import_opts){ .encoding = "utf-8" }), 0);
	assert_non_null(strstr(f->e.msg, ":3:"));
	assert_non_null(strstr(f->e.msg, "UTF-8"));
	/* Extra cells past the header. */
	write_csv(f, "Họ và tên,Năm sinh\nA,1990,x\n");
	assert_int_equal(run(f, "staff", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 2, NULL, "3 cells"));
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 0);
	/* No rejects file was left behind by the refusals. */
	char rej[PATH_MAX + 32];
	snprintf(rej, sizeof rej, "%s.rejects.csv", f->csv);
	assert_false(os_exists(rej));
}

/* Units: a code, "code name" or a name; only the home unit and below. */
static void
test_units(void **state)
{
	struct fx *f = *state;

	write_csv(f, "Mã đơn vị;Họ và tên;Năm sinh\n"
	    "21853;A B;1990\n"
	    "21859 Xã Đề Gi;C D;1991\n"
	    "xa hoi son;E F;1992\n"
	    "00070;G H;1993\n"
	    "99999;I J;1994\n"
	    ";K L;1995\n");
	assert_int_equal(run(f, "staff", (struct import_opts){ .skip_invalid = true }), 0);
	assert_int_equal(f->res.inserted, 4);
	assert_true(has_problem(f, 5, "Mã đơn vị", "00070"));
	assert_true(has_problem(f, 6, "Mã đơn vị", "99999"));
	assert_int_equal(sql(f, "SELECT count(*) FROM staff WHERE full_name = 'A B' AND unit_code = '21853'"), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff WHERE full_name = 'C D' AND unit_code = '21859'"), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff WHERE full_name = 'E F' AND unit_code = '21868'"), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff WHERE full_name = 'K L' AND unit_code = '548'"), 1);

	/* --unit: every row there; a row naming another unit is refused. */
	write_csv(f, "Đơn vị,Họ và tên\n,M N\n21853,O P\n");
	assert_int_equal(run(f, "staff", (struct import_opts){ .unit = "21859" }), ERR_INVALID);
	assert_true(has_problem(f, 3, "Mã đơn vị", "--unit 21859"));
	assert_int_equal(run(f, "staff", (struct import_opts){ .unit = "00070" }), ERR_INVALID);
	assert_non_null(strstr(f->e.msg, "00070"));
	assert_int_equal(f->np, 0);
	assert_int_equal(sql(f, "SELECT count(*) FROM staff"), 4);
}

/* Participants: exactly one of staff member and team member, once per
 * training, in the database or the file. */
static void
test_participants(void **state)
{
	struct fx *f = *state;
	char tr[UUID_STR_LEN], st[UUID_STR_LEN], team[UUID_STR_LEN], mb[UUID_STR_LEN];

	put(f, "training", "548", tr, "title", "Kỹ năng số cơ bản", "start_date", "2026-03-02", NULL);
	put(f, "staff", "21853", st, "full_name", "Nguyễn Thị Hồng Nhung", NULL);
	put(f, "team", "21853", team, "name", "Tổ A", NULL);
	put(f, "member", "21853", mb, "team_id", team, "full_name", "Phạm Văn Tâm", NULL);
	write_csv(f, "training_id,staff_id,member_id,attended\n"
	    "ky nang so co ban,Nguyễn Thị Hồng Nhung,,có\n"
	    "ky nang so co ban,,Phạm Văn Tâm,\n"
	    "ky nang so co ban,,,\n"
	    "ky nang so co ban,Nguyễn Thị Hồng Nhung,Phạm Văn Tâm,\n"
	    "ky nang so co ban,nguyen thi hong nhung,,\n");
	assert_int_equal(run(f, "participant", (struct import_opts){ .skip_invalid = true }), 0);
	assert_int_equal(f->res.inserted, 2);
	assert_true(has_problem(f, 4, "Cán bộ, công chức", "give one of the two"));
	assert_true(has_problem(f, 5, "Cán bộ, công chức", "not both"));
	assert_true(has_problem(f, 6, "Cán bộ, công chức", "line 2"));
	/* The participant takes the training's unit; attended defaults to yes
	 * only where the file has no column, so an empty cell is no. */
	assert_int_equal(sql(f, "SELECT count(*) FROM participant WHERE unit_code = '548'"), 2);
	assert_int_equal(sql(f, "SELECT count(*) FROM participant WHERE attended = 1"), 1);

	/* Header cells holding commas, quoted. */
	write_csv(f, "\"Lớp bồi dưỡng, tập huấn\",\"Cán bộ, công chức\"\n"
	    "Kỹ năng số cơ bản,Nguyễn Thị Hồng Nhung\n");
	assert_int_equal(run(f, "participant", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 2, "Cán bộ, công chức", "already recorded"));
	assert_int_equal(sql(f, "SELECT count(*) FROM participant"), 2);
}

/* A training ending before it starts is refused here, not by the database. */
static void
test_training_dates(void **state)
{
	struct fx *f = *state;

	write_csv(f, "title,start_date,end_date,hours,format\n"
	    "Lớp A,05/03/2026,04/03/2026,\"2,5\",trực tuyến\n"
	    "Lớp B,05/03/2026,06/03/2026,\"2,5\",trực tuyến\n");
	assert_int_equal(run(f, "training", (struct import_opts){ 0 }), ERR_INVALID);
	assert_true(has_problem(f, 2, "Ngày kết thúc", "04/03/2026"));
	assert_int_equal(run(f, "training", (struct import_opts){ .skip_invalid = true }), 0);
	assert_int_equal(sql(f, "SELECT count(*) FROM training WHERE title = 'Lớp B' AND hours = 2.5"
	    " AND format = 'online' AND end_date = '2026-03-06'"), 1);
}

/* The preview shows how the columns are read, before any check. */
static void
test_preview(void **state)
{
	struct fx *f = *state;
	struct import_preview pv;
	struct err e = { 0 };
	struct import_opts o = { .kind = record_kind("staff") };

	write_csv(f, staff_good);
	assert_int_equal(import_preview(&forms, f->csv, &o, &pv, &e), 0);
	assert_string_equal(pv.encoding, "UTF-8");
	assert_int_equal(pv.ncols, 10);
	assert_string_equal(pv.header[1], "ho va ten");
	assert_string_equal(pv.mapped[1], "Họ và tên");
	assert_string_equal(pv.mapped[0], "Số thứ tự");
	assert_int_equal(pv.nrows, 3);
	assert_string_equal(pv.cell[0][1], "Nguyễn Thị Hồng Nhung");

	write_csv(f, "Họ và tên,Quê quán\nA,B\n");
	assert_int_equal(import_preview(&forms, f->csv, &o, &pv, &e), 0);
	assert_string_equal(pv.mapped[1], "");
	write_csv(f, "");
	assert_int_equal(import_preview(&forms, f->csv, &o, &pv, &e), ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_staff_headers_without_diacritics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows_import_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skip_invalid_rejects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_member_team_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_activity_members_and_helped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cp1258_staff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_likely_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uuid_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units, setup, teardown),
		cmocka_unit_test_setup_teardown(test_participants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_training_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preview, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

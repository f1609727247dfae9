/* bin: the recycle bin on real files. A commune (21853) deletes a team with
 * its members, activities and a participation, restores it (each a new
 * version, the members present put back, what was deleted separately left
 * deleted), is refused what it cannot restore, purges as admin only; its
 * packages carry the deletion and the restore to the district (548). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "socds/i18n.h"
#include "socds/job-bin.h"
#include "socds/job-merge.h"
#include "socds/job-package.h"
#include "socds/job-units.h"
#include "socds/safefile.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-bin.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "test-util.h"

#define UNIT "21853"

static char dir[PATH_MAX], commune[PATH_MAX + 16], district[PATH_MAX + 16];
static char pkg[PATH_MAX + 16], me[64];
static struct forms fs;

struct ids {
	char team[UUID_STR_LEN], other_team[UUID_STR_LEN];
	char member[3][UUID_STR_LEN], other_member[UUID_STR_LEN];
	char act[2][UUID_STR_LEN], other_act[UUID_STR_LEN];
	char staff[UUID_STR_LEN], training[UUID_STR_LEN];
	char part_member[UUID_STR_LEN], part_staff[UUID_STR_LEN];
};
static struct ids id;

static struct store *
open_as(const char *path, const char *who)
{
	struct store *s = NULL;
	struct err e = { 0 };

	assert_int_equal(store_os_user_set(who, &e), 0);
	if (store_open(path, 0, &s, &e) != 0)
		fail_msg("%s", e.msg);
	return s;
}

static void
put(struct store *s, const char *kind, char out[UUID_STR_LEN], const char *const *kv)
{
	struct record r;
	struct err e = { 0 };

	assert_int_equal(record_init(&r, record_kind(kind)), 0);
	strcpy(r.unit_code, UNIT);
	for (; kv[0] != NULL; kv += 2)
		assert_int_equal(record_set_by_name(&r, kv[0], kv[1]), 0);
	if (store_record_insert(s, &r, &e) != 0)
		fail_msg("%s: %s", kind, e.msg);
	strcpy(out, r.id);
	record_free(&r);
}

static int64_t
q(const char *db, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return tu_sql_int(db, sql);
}

static void
raw_exec(const char *db, const char *sql)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	sqlite3_close(h);
}

static void
del(struct store *s, const char *kind, const char *rid)
{
	const struct kind *k = record_kind(kind);
	struct err e = { 0 };
	int64_t v = 0;

	assert_int_equal(store_record_version(s, k, rid, &v, &e), 0);
	if (store_record_delete(s, k, rid, v, &e) != 0)
		fail_msg("delete %s: %s", kind, e.msg);
}

/* A team of 3 members (with phones) and 2 activities where two of them were
 * present, another team whose activity had the first member present too; a
 * training with that member and a staff member. */
static int
setup(void **state)
{
	struct store *s;
	struct err e = { 0 };
	char ids[200];

	(void)state;
	i18n_init("en", "/nonexistent");
	tu_mkdtemp(dir);
	snprintf(me, sizeof me, "%s", store_os_user());
	snprintf(commune, sizeof commune, "%s/c.db", dir);
	snprintf(district, sizeof district, "%s/d.db", dir);
	snprintf(pkg, sizeof pkg, "%s/c.zip", dir);
	if (forms_load(tu_srcdir(), &fs, &e) != 0 ||
	    store_open(commune, STORE_CREATE, &s, &e) != 0 ||
	    units_load(s, tu_srcdir(), &e) != 0 || store_home_set(s, UNIT, &e) != 0 ||
	    store_user_add(s, me, UNIT, "admin", &e) != 0 ||
	    store_user_add(s, "ed", UNIT, "editor", &e) != 0)
		goto fail;
	put(s, "team", id.team, (const char *[]){ "name", "Tổ CNSCĐ thôn An Hòa", NULL });
	put(s, "team", id.other_team, (const char *[]){ "name", "Tổ CNSCĐ thôn Bình", NULL });
	for (int i = 0; i < 3; i++)
		put(s, "member", id.member[i], (const char *[]){ "team_id", id.team, "full_name",
		    i == 0 ? "Lê An" : i == 1 ? "Trần Bình" : "Võ Cúc", "phone", "0912345678",
		    NULL });
	put(s, "member", id.other_member, (const char *[]){ "team_id", id.other_team,
	    "full_name", "Đỗ Dung", NULL });
	snprintf(ids, sizeof ids, "%s;%s", id.member[0], id.member[1]);
	put(s, "activity", id.act[0], (const char *[]){ "team_id", id.team, "held_on",
	    "2026-03-01", "members_present", ids, "helped", "vneid=5", NULL });
	snprintf(ids, sizeof ids, "%s;%s", id.member[1], id.member[2]);
	put(s, "activity", id.act[1], (const char *[]){ "team_id", id.team, "held_on",
	    "2026-03-08", "members_present", ids, NULL });
	put(s, "activity", id.other_act, (const char *[]){ "team_id", id.other_team, "held_on",
	    "2026-03-02", "members_present", id.other_member, NULL });
	put(s, "staff", id.staff, (const char *[]){ "full_name", "Phan Giang", NULL });
	put(s, "training", id.training, (const char *[]){ "title", "Kỹ năng số", "start_date",
	    "2026-03-10", NULL });
	put(s, "participant", id.part_member, (const char *[]){ "training_id", id.training,
	    "member_id", id.member[0], NULL });
	put(s, "participant", id.part_staff, (const char *[]){ "training_id", id.training,
	    "staff_id", id.staff, NULL });
	store_close(s);
	if (store_open(district, STORE_CREATE, &s, &e) != 0 ||
	    units_load(s, tu_srcdir(), &e) != 0 || store_home_set(s, "548", &e) != 0 ||
	    units_attach_district(s, "548", &e) != 0 ||
	    store_user_add(s, me, "548", "admin", &e) != 0)
		goto fail;
	store_close(s);
	return 0;
fail:
	fprintf(stderr, "setup: %s\n", e.msg);
	return -1;
}

static int
teardown(void **state)
{
	(void)state;
	forms_free(&fs);
	tu_rmdir(dir);
	return 0;
}

/* The bin's rows, newest first. */
struct page {
	struct store_bin_row r[16];
	int n;
};

static int
page_take(const struct store_bin_row *r, void *arg)
{
	struct page *p = arg;

	p->r[p->n++] = *r;
	return p->n == 16;
}

static void
page_read(struct store *s, struct page *p)
{
	struct err e = { 0 };

	p->n = 0;
	if (store_bin_page(s, UNIT, 0, 16, page_take, p, &e) != 0)
		fail_msg("%s", e.msg);
}

/* The package of the commune, merged at the district. */
static void
travel(void)
{
	struct store *s = open_as(commune, me);
	struct job_package_result pr;
	struct job_merged m;
	struct err e = { 0 };
	const char *paths[] = { pkg };

	if (job_package(&(struct job_package_opts){ s, &fs, { 0 }, pkg, SAFEFILE_FORCE }, &pr,
	    &e) != 0)
		fail_msg("package: %s", e.msg);
	store_close(s);
	s = open_as(district, me);
	if (job_merge(&(struct job_merge_opts){ s, &fs, paths, 1, NULL, NULL, NULL, NULL }, &m, &e) != 0)
		fail_msg("merge: %s", e.msg);
	if (m.rc != 0)
		fail_msg("merge: %s", m.e.msg);
	for (int i = 0; i < m.r.nissues; i++)
		fprintf(stderr, "# issue: %s\n", m.r.issues[i].reason);
	store_close(s);
}

/* The whole story, in order: the district has the records; a member is
 * deleted alone (it leaves the members present of an activity), then its
 * team; the bin shows both; restoring the member first is refused (its team
 * is deleted); the team comes back with what went with it, the member
 * deleted before stays deleted until restored in turn (and present again);
 * packages carry it all to the district. */
static void
test_delete_restore_travel(void **state)
{
	struct store *s;
	struct page p;
	struct store_bin_restored out;
	struct err e = { 0 };

	(void)state;
	travel();
	assert_int_equal(q(district, "SELECT count(*) FROM member WHERE deleted = 0"), 4);

	s = open_as(commune, me);
	del(s, "member", id.member[2]);
	assert_int_equal(q(commune, "SELECT count(*) FROM activity_member WHERE activity_id = '%s'",
	    id.act[1]), 1);
	del(s, "team", id.team);
	page_read(s, &p);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.r[0].id, id.team);	/* newest first */
	assert_int_equal(p.r[0].with, 5);	/* 2 members, 2 activities, 1 participation */
	assert_string_equal(p.r[0].user, me);
	assert_true(p.r[0].deletion > 0);
	assert_string_equal(p.r[1].id, id.member[2]);
	assert_int_equal(p.r[1].with, 0);

	/* A member of the deleted team waits for its team. */
	assert_int_equal(job_bin_restore(s, &fs, id.member[2], &out, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "restore that first"));
	assert_string_equal(out.blocker, id.team);
	assert_ptr_equal(out.blocker_kind, record_kind("team"));
	/* One that went with the team is not in the bin on its own. */
	assert_int_equal(job_bin_restore(s, &fs, id.member[0], &out, &e), ERR_NOTFOUND);
	store_close(s);
	travel();
	assert_int_equal(q(district, "SELECT deleted FROM team WHERE id = '%s'", id.team), 1);
	assert_int_equal(q(district, "SELECT count(*) FROM member WHERE deleted = 0"), 1);

	s = open_as(commune, me);
	if (job_bin_restore(s, &fs, id.team, &out, &e) != 0)
		fail_msg("restore: %s", e.msg);
	assert_int_equal(out.records, 6);	/* the team and the 5 that went with it */
	assert_int_equal(out.links, 0);
	assert_int_equal(out.left, 0);
	page_read(s, &p);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.r[0].id, id.member[2]);
	store_close(s);

	assert_int_equal(q(commune, "SELECT deleted + 10 * version FROM team WHERE id = '%s'",
	    id.team), 30);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(q(commune, "SELECT deleted + 10 * version FROM member WHERE id = '%s'",
		    id.member[i]), 30);
		assert_int_equal(q(commune, "SELECT deleted FROM activity WHERE id = '%s'",
		    id.act[i]), 0);
	}
	/* Deleted separately before: still deleted, still out of the activity. */
	assert_int_equal(q(commune, "SELECT deleted FROM member WHERE id = '%s'", id.member[2]), 1);
	assert_int_equal(q(commune, "SELECT count(*) FROM activity_member WHERE activity_id = '%s'",
	    id.act[0]), 2);
	assert_int_equal(q(commune, "SELECT count(*) FROM activity_member WHERE activity_id = '%s'",
	    id.act[1]), 1);
	assert_int_equal(q(commune, "SELECT deleted FROM participant WHERE id = '%s'",
	    id.part_member), 0);
	assert_int_equal(q(commune, "SELECT count(*) FROM audit WHERE action = 'restore'"), 6);
	assert_int_equal(q(commune, "SELECT count(*) FROM deletion WHERE restored_at IS NOT NULL"),
	    1);
	int64_t act_v = q(commune, "SELECT version FROM activity WHERE id = '%s'", id.act[1]);

	/* Now the member may come back, present again where it was. */
	s = open_as(commune, me);
	if (job_bin_restore(s, &fs, id.member[2], &out, &e) != 0)
		fail_msg("restore: %s", e.msg);
	assert_int_equal(out.records, 1);
	assert_int_equal(out.links, 1);
	page_read(s, &p);
	assert_int_equal(p.n, 0);
	store_close(s);
	assert_int_equal(q(commune, "SELECT count(*) FROM activity_member WHERE activity_id = '%s'"
	    " AND member_id = '%s'", id.act[1], id.member[2]), 1);
	assert_int_equal(q(commune, "SELECT version FROM activity WHERE id = '%s'", id.act[1]),
	    act_v + 1);

	/* The package after the restore brings them back at the district. */
	travel();
	assert_int_equal(q(district, "SELECT deleted + 10 * version FROM team WHERE id = '%s'",
	    id.team), 30);
	assert_int_equal(q(district, "SELECT count(*) FROM member WHERE deleted = 0"), 4);
	assert_int_equal(q(district, "SELECT count(*) FROM activity WHERE deleted = 0"), 3);
	assert_int_equal(q(district, "SELECT count(*) FROM activity_member WHERE activity_id = '%s'",
	    id.act[1]), 2);
	assert_int_equal(q(district, "SELECT deleted FROM participant WHERE id = '%s'",
	    id.part_member), 0);
}

/* A restore whose record clashes with a unique rule is refused as a save
 * would be; nothing written. */
static void
test_unique_clash(void **state)
{
	struct store *s = open_as(commune, me);
	struct store_bin_restored out;
	struct err e = { 0 };
	char again[UUID_STR_LEN];

	(void)state;
	del(s, "participant", id.part_staff);
	put(s, "participant", again, (const char *[]){ "training_id", id.training, "staff_id",
	    id.staff, NULL });
	int64_t v = q(commune, "SELECT version FROM participant WHERE id = '%s'", id.part_staff);
	assert_int_equal(job_bin_restore(s, &fs, id.part_staff, &out, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "cannot come back"));
	assert_int_equal(out.records, 0);
	assert_int_equal(q(commune, "SELECT deleted * 100 + version FROM participant"
	    " WHERE id = '%s'", id.part_staff), 100 + v);
	store_close(s);
}

/* A record deleted before the bin (no deletion of its own) is restored
 * alone, as a new version. */
static void
test_restore_before_bin(void **state)
{
	struct store *s = open_as(commune, me);
	struct store_bin_restored out;
	struct err e = { 0 };
	char village[UUID_STR_LEN], sql[200];

	(void)state;
	put(s, "village", village, (const char *[]){ "name", "Thôn Cũ", NULL });
	del(s, "village", village);
	snprintf(sql, sizeof sql, "DELETE FROM deletion WHERE record_id = '%s'", village);
	raw_exec(commune, sql);
	if (job_bin_restore(s, &fs, village, &out, &e) != 0)
		fail_msg("restore: %s", e.msg);
	assert_int_equal(out.records, 1);
	store_close(s);
	assert_int_equal(q(commune, "SELECT deleted + 10 * version FROM village WHERE id = '%s'",
	    village), 30);
}

/* Purge: an editor is refused; an admin blanks the personal data of the
 * record and of what went with it, the tombstones stay, the bin lets go. */
static void
test_purge(void **state)
{
	struct store *s;
	struct page p;
	struct err e = { 0 };
	int64_t n = 0;

	(void)state;
	s = open_as(commune, me);
	del(s, "team", id.other_team);	/* with its member and activity */
	store_close(s);
	int64_t tombs = q(commune, "SELECT count(*) FROM member WHERE deleted = 1");

	s = open_as(commune, "ed");
	assert_int_equal(store_bin_purge(s, id.other_team, &n, &e), ERR_PERM);
	assert_non_null(strstr(e.msg, "only an admin may"));
	assert_non_null(strstr(e.msg, "purge deleted records"));
	store_close(s);
	assert_int_equal(q(commune, "SELECT count(*) FROM team WHERE name = ''"), 0);

	s = open_as(commune, me);
	page_read(s, &p);
	int before = p.n;
	if (store_bin_purge(s, id.other_team, &n, &e) != 0)
		fail_msg("purge: %s", e.msg);
	assert_int_equal(n, 3);		/* the team, its member, its activity */
	page_read(s, &p);
	assert_int_equal(p.n, before - 1);
	for (int i = 0; i < p.n; i++)
		assert_string_not_equal(p.r[i].id, id.other_team);
	/* Purging what is not in the bin is refused with the reason. */
	assert_int_equal(store_bin_purge(s, id.other_team, &n, &e), ERR_NOTFOUND);
	assert_int_equal(store_bin_purge(s, id.team, &n, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "is not deleted"));
	/* A tombstone from before the bin (no deletion of its own) is purged alone. */
	del(s, "member", id.member[2]);
	{
		char sql[200];
		snprintf(sql, sizeof sql, "DELETE FROM deletion WHERE record_id = '%s'", id.member[2]);
		raw_exec(commune, sql);
	}
	if (store_bin_purge(s, id.member[2], &n, &e) != 0)
		fail_msg("purge: %s", e.msg);
	assert_int_equal(n, 1);
	store_close(s);

	assert_int_equal(q(commune, "SELECT count(*) FROM member WHERE deleted = 1"), tombs + 1);
	assert_int_equal(q(commune, "SELECT count(*) FROM team WHERE id = '%s' AND deleted = 1"
	    " AND name = '' AND name_key = '' AND version = 2", id.other_team), 1);
	assert_int_equal(q(commune, "SELECT count(*) FROM member WHERE id IN ('%s', '%s')"
	    " AND deleted = 1 AND full_name = '' AND phone IS NULL", id.other_member,
	    id.member[2]), 2);
	assert_int_equal(q(commune, "SELECT count(*) FROM audit WHERE record_id = '%s'"
	    " AND (old_values LIKE '%%Dung%%' OR new_values LIKE '%%Dung%%')", id.other_member), 0);
	assert_int_equal(q(commune, "SELECT count(*) FROM audit WHERE action = 'purge'"), 4);
	/* The next package still carries the deletions. */
	travel();
	assert_int_equal(q(district, "SELECT deleted FROM team WHERE id = '%s'", id.other_team), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delete_restore_travel),
		cmocka_unit_test(test_unique_clash),
		cmocka_unit_test(test_restore_before_bin),
		cmocka_unit_test(test_purge),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

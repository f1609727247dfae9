/* The pager (src/ui/pager.c, no curses) over a real SQLite file of 1,000
 * teams, each in one of ten villages: first, next, previous and last page, a
 * line further at either edge, a record inserted between two pages, and the
 * villages' and units' names read once per page, never per redraw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "socds/i18n.h"
#include "socds/pager.h"
#include "socds/store.h"
#include "socds/job-units.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "test-util.h"

#define NTEAMS 1000
#define NVILLAGES 10
#define PAGE 20
#define TEAM_VILLAGE 1	/* team_cols: name, village_id, ... */

struct fx {
	char dir[PATH_MAX];
	char db[PATH_MAX + 16];
	struct store *s;
	char village[NVILLAGES][UUID_STR_LEN];
	struct pager p;
	struct store_query q;
};

static void
insert(struct fx *f, enum kind_id kind, const char *name, const char *village, char *id)
{
	struct record r;
	struct err e = { 0 };

	assert_int_equal(record_init(&r, &record_kinds[kind]), 0);
	strcpy(r.unit_code, "00004");
	assert_int_equal(record_set_by_name(&r, "name", name), 0);
	if (village != NULL)
		assert_int_equal(record_set_by_name(&r, "village_id", village), 0);
	if (store_record_insert(f->s, &r, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
	if (id != NULL)
		strcpy(id, r.id);
	record_free(&r);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = { 0 };
	char name[32];

	i18n_init("vi", "/nonexistent");
	tu_mkdtemp(f->dir);
	snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
	if (store_open(f->db, STORE_CREATE, &f->s, &e) != 0 || units_load(f->s, tu_srcdir(), &e) != 0 ||
	    store_begin(f->s, &e) != 0) {
		print_error("%s\n", e.msg);
		return -1;
	}
	for (int i = 0; i < NVILLAGES; i++) {
		snprintf(name, sizeof name, "Village %d", i);
		insert(f, KIND_VILLAGE, name, NULL, f->village[i]);
	}
	for (int i = 1; i <= NTEAMS; i++) {
		snprintf(name, sizeof name, "Team %04d", i);
		insert(f, KIND_TEAM, name, f->village[i % NVILLAGES], NULL);
	}
	if (store_commit(f->s, &e) != 0)
		return -1;
	assert_int_equal(pager_init(&f->p, f->s, &record_kinds[KIND_TEAM], 256, true), 0);
	assert_int_equal(pager_name_col(&f->p, TEAM_VILLAGE, &record_kinds[KIND_VILLAGE]), 0);
	f->q.kind = &record_kinds[KIND_TEAM];
	f->q.sort = -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	pager_free(&f->p);
	store_close(f->s);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Reads the page if it needs reading; the name of row i. */
static void
load(struct fx *f)
{
	struct err e = { 0 };

	if (pager_load(&f->p, &f->q, PAGE, &e) != 0)
		print_error("%s\n", e.msg);
	assert_int_equal(e.code, 0);
}

static const char *
row(struct fx *f, int i)
{
	assert_true(i < f->p.n);
	return f->p.rows[i].val[0];
}

static void
move(struct fx *f, enum pager_move m)
{
	struct err e = { 0 };

	assert_int_equal(pager_move(&f->p, &f->q, m, &e), 0);
	load(f);
}

static void
test_pages(void **state)
{
	struct fx *f = *state;

	load(f);
	assert_int_equal(f->p.n, PAGE);
	assert_int_equal(f->p.total, NTEAMS);
	assert_string_equal(row(f, 0), "Team 0001");
	assert_string_equal(row(f, PAGE - 1), "Team 0020");
	/* Next page: the last row becomes the first. */
	move(f, PAGER_PGDN);
	assert_string_equal(row(f, 0), "Team 0020");
	assert_int_equal(f->p.sel, 0);
	/* Down inside the page moves the selection only; past it, one line. */
	for (int i = 0; i < PAGE - 1; i++)
		move(f, PAGER_DOWN);
	assert_int_equal(f->p.sel, PAGE - 1);
	assert_string_equal(row(f, 0), "Team 0020");
	move(f, PAGER_DOWN);
	assert_string_equal(row(f, 0), "Team 0021");
	assert_string_equal(row(f, f->p.sel), "Team 0040");
	/* Previous page: page - 1 rows back. */
	move(f, PAGER_PGUP);
	assert_string_equal(row(f, 0), "Team 0002");
	/* Up at the top: one line back. */
	f->p.sel = 0;
	move(f, PAGER_UP);
	assert_string_equal(row(f, 0), "Team 0001");
	/* Last page, the last row selected; first page again. */
	move(f, PAGER_END);
	assert_int_equal(f->p.n, PAGE);
	assert_string_equal(row(f, 0), "Team 0981");
	assert_string_equal(row(f, f->p.sel), "Team 1000");
	move(f, PAGER_PGDN);
	assert_string_equal(row(f, f->p.sel), "Team 1000");
	move(f, PAGER_HOME);
	assert_string_equal(row(f, 0), "Team 0001");
	assert_int_equal(f->p.sel, 0);
}

static void
test_names_once_per_page(void **state)
{
	struct fx *f = *state;

	load(f);
	assert_int_equal(f->p.loads, 1);
	assert_int_equal(f->p.lookups, PAGE);
	for (int i = 0; i < PAGE; i++) {
		char want[32];
		int n;
		assert_int_equal(sscanf(row(f, i), "Team %d", &n), 1);
		snprintf(want, sizeof want, "Village %d", n % NVILLAGES);
		assert_string_equal(pager_name(&f->p, i, TEAM_VILLAGE), want);
	}
	assert_null(pager_name(&f->p, 0, 0));	/* the name column is not a reference */
	/* Redrawing reads nothing; moving inside the page neither. */
	load(f);
	move(f, PAGER_DOWN);
	assert_int_equal(f->p.loads, 1);
	assert_int_equal(f->p.lookups, PAGE);
	/* A new page: its names, once. */
	move(f, PAGER_PGDN);
	load(f);
	assert_int_equal(f->p.loads, 2);
	assert_int_equal(f->p.lookups, 2 * PAGE);
	/* A page shorter or longer than before (a resize) is read again. */
	struct err e = { 0 };
	assert_int_equal(pager_load(&f->p, &f->q, PAGE + 5, &e), 0);
	assert_int_equal(f->p.n, PAGE + 5);
	assert_int_equal(f->p.loads, 3);
}

static void
test_insert_between_pages(void **state)
{
	struct fx *f = *state;

	load(f);
	move(f, PAGER_PGDN);
	assert_string_equal(row(f, 0), "Team 0020");
	/* One record lands on this page, one on the page before. */
	insert(f, KIND_TEAM, "Team 0025x", f->village[0], NULL);
	insert(f, KIND_TEAM, "Team 0010x", f->village[0], NULL);
	/* Not seen until the page is read again... */
	load(f);
	assert_string_equal(row(f, 6), "Team 0026");
	pager_stale(&f->p);
	load(f);
	/* ...then where it sorts; the page still starts at its key. */
	assert_string_equal(row(f, 0), "Team 0020");
	assert_string_equal(row(f, 6), "Team 0025x");
	assert_string_equal(row(f, 7), "Team 0026");
	assert_int_equal(f->p.total, NTEAMS + 2);
	assert_string_equal(pager_name(&f->p, 6, TEAM_VILLAGE), "Village 0");
	/* The page before now holds the other one. */
	move(f, PAGER_PGUP);
	assert_string_equal(row(f, 0), "Team 0002");
	assert_string_equal(row(f, 9), "Team 0010x");
	/* A search: a new query, from its first row. */
	f->q.search = "team 09";
	pager_reset(&f->p);
	load(f);
	assert_int_equal(f->p.total, 100);
	assert_string_equal(row(f, 0), "Team 0900");
	f->q.search = NULL;
}

/* The unit column's names come with the page too, without the unit's kind. */
static void
test_unit_names(void **state)
{
	struct fx *f = *state;
	struct unit u;
	struct err e = { 0 };

	assert_int_equal(store_unit_get(f->s, "00004", &u, &e), 0);
	assert_int_equal(pager_unit_names(&f->p), 0);
	load(f);
	assert_int_equal(f->p.lookups, 2 * PAGE);
	assert_non_null(pager_unit(&f->p, 0));
	assert_string_not_equal(pager_unit(&f->p, 0), "00004");
	assert_non_null(strstr(u.name, pager_unit(&f->p, 0)));
	assert_true(strncmp(pager_unit(&f->p, 0), u.kind, strlen(u.kind)) != 0);
}

/* After a form saved a record, the list puts its highlight on it: found by
 * its key, a third of a page down, the page filled from the end near it. */
static void
test_goto(void **state)
{
	struct fx *f = *state;
	struct err e = { 0 };
	char mid[UUID_STR_LEN], end[UUID_STR_LEN];

	insert(f, KIND_TEAM, "Team 0500x", f->village[0], mid);
	insert(f, KIND_TEAM, "Team 0999x", f->village[0], end);
	load(f);
	assert_int_equal(pager_goto(&f->p, &f->q, mid, &e), 1);
	load(f);
	assert_int_equal(f->p.sel, PAGE / 3);
	assert_string_equal(row(f, f->p.sel), "Team 0500x");
	assert_string_equal(row(f, 0), "Team 0495");
	/* Near the end: the page is full, the highlight lower on it. */
	assert_int_equal(pager_goto(&f->p, &f->q, end, &e), 1);
	load(f);
	assert_int_equal(f->p.n, PAGE);
	assert_string_equal(row(f, f->p.sel), "Team 0999x");
	assert_string_equal(row(f, PAGE - 1), "Team 1000");
	/* A record the query does not show: nothing moves. */
	f->q.search = "team 01";
	pager_reset(&f->p);
	load(f);
	assert_int_equal(pager_goto(&f->p, &f->q, mid, &e), 0);
	load(f);
	assert_int_equal(f->p.sel, 0);
	assert_string_equal(row(f, 0), "Team 0100");
	f->q.search = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_once_per_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert_between_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_goto, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

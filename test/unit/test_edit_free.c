/*
 * The form screen on the way out of a failed edit_new: with one of its
 * allocations failing in turn (calloc wrapped by the linker), edit_new frees
 * the half-built screen and returns NULL, never dereferencing NULL
 * (clang's analyzer found edit_free walking ed->canon and ed->ed unchecked).
 * The only test binary that links curses: the screens' code, not a screen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/ui/ui-internal.h"
#include "socds/form.h"
#include "socds/record.h"
#include "test-util.h"

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);

/* 0: no failure; k > 0: the k-th call from now fails. */
static int calloc_fail_in;

void *
__wrap_calloc(size_t n, size_t size)
{
	if (calloc_fail_in > 0 && --calloc_fail_in == 0)
		return NULL;
	return __real_calloc(n, size);
}

static void
test_edit_new_half_built(void **state)
{
	struct forms fs;
	struct app a;
	struct err e = { 0 };
	const struct kind *k = record_kind("training");

	(void)state;
	assert_non_null(k);
	assert_int_equal(forms_load(tu_srcdir(), &fs, &e), 0);
	memset(&a, 0, sizeof a);
	a.forms = &fs;
	assert_non_null(forms_get(&fs, k));
	/* 1: the screen itself; 2: the line editors; 3: the chosen values;
	 * 4: the record's values. */
	for (int k_th = 1; k_th <= 4; k_th++) {
		calloc_fail_in = k_th;
		assert_null(edit_new(&a, k, "00000000-0000-0000-0000-000000000000", NULL));
		assert_int_equal(calloc_fail_in, 0);
	}
	calloc_fail_in = 0;
	forms_free(&fs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_new_half_built),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

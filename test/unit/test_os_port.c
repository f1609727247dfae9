/* os-port: the os.h calls that stand for what Windows' C library lacks
 * (issue 15) keep the same contract on every system: a stream over a
 * reader, a stream into memory, lines of any length, a file with a
 * Vietnamese name, the calendar in UTC, the environment. Only os.h and ISO C
 * here, so that the same test runs under Wine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "socds/os.h"

/* A source of n bytes of a pattern, given in pieces of uneven size, that
 * fails with EIO after fail_at bytes (0: never). */
struct src {
	size_t n, pos, fail_at;
	int closed;
};

static int64_t
src_read(void *c, char *buf, size_t size)
{
	struct src *s = c;
	size_t k = 1 + (s->pos * 7919) % 5000;

	if (s->fail_at > 0 && s->pos >= s->fail_at) {
		errno = EIO;
		return -1;
	}
	if (k > size)
		k = size;
	if (k > s->n - s->pos)
		k = s->n - s->pos;
	for (size_t i = 0; i < k; i++)
		buf[i] = (char)('a' + (s->pos + i) % 26);
	s->pos += k;
	return (int64_t)k;
}

static int
src_close(void *c)
{
	((struct src *)c)->closed++;
	return 0;
}

static void
test_reader(void **state)
{
	struct src s = { .n = 200000 };
	FILE *self = NULL, *fp = os_stream_reader(&s, src_read, src_close, &self);
	size_t got = 0;
	int c;

	(void)state;
	assert_non_null(fp);
	assert_ptr_equal(self, fp);
	while ((c = getc(fp)) != EOF) {
		assert_int_equal(c, 'a' + got % 26);
		got++;
	}
	assert_false(ferror(fp));
	assert_int_equal(got, 200000);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(s.closed, 1);
}

/* A fault is never taken for the end: the stream is refused at once (the
 * cookie still the caller's), or its reads fail after the good bytes. */
static void
test_reader_fault(void **state)
{
	struct src s = { .n = 200000, .fail_at = 30000 };
	FILE *fp = os_stream_reader(&s, src_read, src_close, NULL);
	char buf[4096];
	size_t got = 0, n;

	(void)state;
	if (fp == NULL) {
		assert_int_equal(errno, EIO);
		assert_int_equal(s.closed, 0);
		return;
	}
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		got += n;
	assert_true(ferror(fp));
	assert_true(got <= 30000 + 5000);
	fclose(fp);
	assert_int_equal(s.closed, 1);
}

static void
test_memstream(void **state)
{
	char *buf = NULL;
	size_t len = 99;
	FILE *fp = os_memstream(&buf, &len);

	(void)state;
	assert_non_null(fp);
	for (int i = 0; i < 10000; i++)
		fprintf(fp, "dòng %05d\n", i);
	assert_int_equal(os_memstream_done(fp, &buf, &len), 0);
	assert_non_null(buf);
	assert_int_equal(len, 10000 * strlen("dòng 00000\n"));
	assert_int_equal(strlen(buf), len);
	assert_memory_equal(buf + len - strlen("dòng 09999\n"), "dòng 09999\n",
	    strlen("dòng 09999\n"));
	free(buf);

	assert_non_null(fp = os_memstream(&buf, &len));
	assert_int_equal(os_memstream_done(fp, &buf, &len), 0);
	assert_int_equal(len, 0);
	assert_non_null(buf);
	assert_string_equal(buf, "");
	free(buf);
}

/* A file named in Vietnamese (Windows' own fopen would take the ANSI code
 * page), its lines with os_getline, then removed. */
static void
test_file_lines(void **state)
{
	const char *t = getenv("TMPDIR");
	char dir[512], path[600], *line = NULL;
	size_t cap = 0;
	int64_t n;
	FILE *fp;

	(void)state;
	snprintf(dir, sizeof dir, "%s/socds-port-XXXXXX", t != NULL && *t ? t : ".");
	assert_int_equal(os_mkdtemp(dir), 0);
	snprintf(path, sizeof path, "%s/Điểm thi ẩn.csv", dir);
	assert_non_null(fp = os_fopen(path, "wb"));
	fputs("a\n\n", fp);
	for (int i = 0; i < 10000; i++)
		fputc('x', fp);
	fputs("\nlast", fp);
	assert_int_equal(fclose(fp), 0);
	assert_true(os_exists(path));

	assert_non_null(fp = os_fopen(path, "rb"));
	assert_int_equal(os_getline(&line, &cap, fp), 2);
	assert_string_equal(line, "a\n");
	assert_int_equal(os_getline(&line, &cap, fp), 1);
	assert_string_equal(line, "\n");
	assert_int_equal(n = os_getline(&line, &cap, fp), 10001);
	assert_int_equal(line[0], 'x');
	assert_int_equal(line[10000], '\n');
	assert_true(cap > 10001);
	assert_int_equal(os_getline(&line, &cap, fp), 4);
	assert_string_equal(line, "last");
	assert_int_equal(os_getline(&line, &cap, fp), -1);
	fclose(fp);
	free(line);

	assert_int_equal(os_remove(path), 0);
	assert_false(os_exists(path));
	assert_null(os_fopen(path, "rb"));
	assert_int_equal(os_rmdir(dir), 0);
}

static void
test_tmpfile(void **state)
{
	FILE *fp = os_tmpfile();
	char buf[8] = "";

	(void)state;
	assert_non_null(fp);
	fputs("tạm", fp);
	rewind(fp);
	assert_non_null(fgets(buf, sizeof buf, fp));
	assert_string_equal(buf, "tạm");
	fclose(fp);
}

static void
test_calendar(void **state)
{
	struct tm tm = { .tm_year = 2026 - 1900, .tm_mon = 2, .tm_mday = 5, .tm_hour = 7,
		.tm_min = 30, .tm_sec = 15 };
	struct tm back;
	int64_t now;

	(void)state;
	assert_int_equal(os_timegm(&tm), 1772695815);
	assert_non_null(os_gmtime(1772695815, &back));
	assert_int_equal(back.tm_year, 2026 - 1900);
	assert_int_equal(back.tm_mon, 2);
	assert_int_equal(back.tm_mday, 5);
	assert_int_equal(back.tm_hour, 7);
	assert_int_equal(back.tm_wday, 4);	/* a Thursday */
	/* Normalised as mktime: 32 January is 1 February. */
	tm = (struct tm){ .tm_year = 2025 - 1900, .tm_mon = 0, .tm_mday = 32 };
	assert_int_equal(os_timegm(&tm), 1738368000);
	assert_int_equal(tm.tm_mon, 1);
	assert_int_equal(tm.tm_mday, 1);
	assert_non_null(os_localtime(1772695815, &back));
	assert_int_equal(back.tm_year, 2026 - 1900);

	now = os_time_ns() / 1000000000;
	assert_true(now - (int64_t)time(NULL) <= 1 && (int64_t)time(NULL) - now <= 1);
	/* Twenty short waits take their time (a Windows clock ticks every 16 ms). */
	int64_t t0 = os_clock_ms();
	for (int i = 0; i < 20; i++)
		os_sleep_us(1500);
	assert_true(os_clock_ms() - t0 >= 20);
}

static void
test_env(void **state)
{
	/* ASCII, as LANGUAGE's values: Windows' getenv gives the ANSI code page. */
	(void)state;
	assert_int_equal(os_setenv("SOCDS_TEST_PORT", "mot"), 0);
	assert_string_equal(getenv("SOCDS_TEST_PORT"), "mot");
	assert_int_equal(os_setenv("SOCDS_TEST_PORT", "hai"), 0);
	assert_string_equal(getenv("SOCDS_TEST_PORT"), "hai");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_reader_fault),
		cmocka_unit_test(test_memstream),
		cmocka_unit_test(test_file_lines),
		cmocka_unit_test(test_tmpfile),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

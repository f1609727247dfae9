/* saver: one officer saving forms, one at a time, as fast as the store allows.
 * Used by crash.sh, which kills it with SIGKILL at random moments.
 *
 *   saver [--first N] [--unit CODE] COUNT DB
 *
 * Inserts COUNT staff records named "Saver N" (N from --first, default 1)
 * with store_record_insert, each its own transaction. After each insert that
 * returned 0 (committed, and with synchronous=FULL synced) it prints
 *
 *   ack N ID
 *
 * and flushes standard output, so that every complete "ack" line names a save
 * that socds told its user was done. A failed save prints "err N CODE MESSAGE"
 * on standard error and exits 1; bad usage exits 2. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"
#include "socds/store-record.h"

static int
usage(void)
{
	fprintf(stderr, "usage: saver [--first N] [--unit CODE] COUNT DB\n");
	return 2;
}

static int
number(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && *s != '\0' && *end == '\0' && *out >= 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	long long first = 1, count;
	const char *unit = "00004";
	const struct kind *staff = record_kind("staff");
	struct store *s = NULL;
	struct err e = { 0 };
	int i = 1;

	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (i + 1 >= argc)
			return usage();
		if (strcmp(argv[i], "--first") == 0) {
			if (number(argv[i + 1], &first) != 0)
				return usage();
		} else if (strcmp(argv[i], "--unit") == 0) {
			unit = argv[i + 1];
		} else {
			return usage();
		}
	}
	if (argc - i != 2 || number(argv[i], &count) != 0 || staff == NULL)
		return usage();
	if (store_open(argv[i + 1], 0, &s, &e) != 0) {
		fprintf(stderr, "err open %d %s\n", e.code, e.msg);
		return 1;
	}
	for (long long n = first; n < first + count; n++) {
		struct record r;
		char name[64];

		if (record_init(&r, staff) != 0) {
			fprintf(stderr, "err %lld out of memory\n", n);
			return 1;
		}
		snprintf(r.unit_code, sizeof r.unit_code, "%s", unit);
		snprintf(name, sizeof name, "Saver %lld", n);
		if (record_set_by_name(&r, "full_name", name) != 0 ||
		    record_set_by_name(&r, "note", "crash test") != 0) {
			fprintf(stderr, "err %lld out of memory\n", n);
			return 1;
		}
		if (store_record_insert(s, &r, &e) != 0) {
			fprintf(stderr, "err %lld %d %s\n", n, e.code, e.msg);
			record_free(&r);
			store_close(s);
			return 1;
		}
		/* Only now is the save acknowledged: one write(2) per line. */
		printf("ack %lld %s\n", n, r.id);
		fflush(stdout);
		record_free(&r);
	}
	store_close(s);
	return 0;
}

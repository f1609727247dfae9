/* report: errors and progress to stderr or to a screen's sink. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "socds/os.h"
#include "socds/report.h"

static report_sink report_fn;
static void *report_arg;
static int report_progress_shown;

void
report_set_sink(report_sink fn, void *arg)
{
	report_fn = fn;
	report_arg = arg;
}

static void
report_line(const char *msg)
{
	if (report_fn != NULL) {
		report_fn(msg, report_arg);
		return;
	}
	char line[2048];
	size_t len = strlen(msg), n = 0;

	report_progress_end();
	/* One line, always: a message must never break a script's parsing.
	 * stderr is unbuffered: the line is written whole, in one call, not a
	 * system call per character (an import may warn thousands of times). */
	if (len + 9 > sizeof line) {
		fputs("socds: ", stderr);
		for (const char *p = msg; *p; p++)
			fputc(*p == '\n' ? ' ' : *p, stderr);
		fputc('\n', stderr);
		return;
	}
	memcpy(line, "socds: ", 7);
	n = 7;
	for (const char *p = msg; *p; p++)
		line[n++] = *p == '\n' ? ' ' : *p;
	line[n++] = '\n';
	fwrite(line, 1, n, stderr);
}

void
report_error(const struct err *e)
{
	report_line(e->msg[0] ? e->msg : "error");
}

void
report_msg(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(buf, sizeof buf, fmt, ap) >= (int)sizeof buf)
		err_utf8_cut(buf);
	va_end(ap);
	report_line(buf);
}

void
report_progress(const char *what, int64_t done, int64_t total)
{
	static int64_t last;
	int64_t now;

	if (report_fn != NULL || !os_isatty(OS_STDERR))
		return;
	now = os_clock_ms();
	/* Ten updates a second at most: slow SSH links pay for every byte. */
	if (report_progress_shown && now - last < 100)
		return;
	last = now;
	if (total > 0)
		fprintf(stderr, "\r%s: %lld/%lld (%d%%)\033[K", what, (long long)done,
		    (long long)total, (int)(done * 100 / total));
	else
		fprintf(stderr, "\r%s: %lld\033[K", what, (long long)done);
	report_progress_shown = 1;
}

void
report_progress_end(void)
{
	if (report_progress_shown) {
		fputs("\r\033[K", stderr);
		report_progress_shown = 0;
	}
}

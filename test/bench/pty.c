/* bench pty: the real socds binary in a real pseudo-terminal, timed from
 * the key written to the last byte of the answer the terminal receives. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

double
bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
pty_start(struct pty *p, char *const argv[], int rows, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };

	memset(p, 0, sizeof *p);
	p->t0 = bench_now_ms();
	p->pid = forkpty(&p->fd, NULL, NULL, &ws);
	if (p->pid < 0)
		return -1;
	if (p->pid == 0) {
		setenv("TERM", "xterm", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	fcntl(p->fd, F_SETFL, fcntl(p->fd, F_GETFL) | O_NONBLOCK);
	return 0;
}

/* Reads what the program writes until it has been quiet for idle_ms (after
 * waiting up to first_ms for the first byte). Returns the bytes read; the
 * time of the last byte is in p->last. The text is kept in p->screen. */
size_t
pty_burst(struct pty *p, int first_ms, int idle_ms)
{
	p->screen_len = 0;
	return pty_more(p, first_ms, idle_ms);
}

/* Reads until `marker` has been written (or max_ms passed), then until
 * quiet for idle_ms: the time of the last byte is in p->last. */
size_t
pty_until(struct pty *p, const char *marker, int max_ms, int idle_ms)
{
	double end = bench_now_ms() + max_ms;
	size_t n = 0;

	p->screen_len = 0;
	p->screen[0] = '\0';	/* not the marker of the run before */
	p->last = 0;
	while (strstr(p->screen, marker) == NULL && bench_now_ms() < end)
		n += pty_more(p, (int)(end - bench_now_ms()), 50);
	if (strstr(p->screen, marker) == NULL)
		return 0;
	p->marked = p->last;
	return n + pty_more(p, idle_ms, idle_ms);
}

size_t
pty_more(struct pty *p, int first_ms, int idle_ms)
{
	char buf[65536];
	size_t total = 0;
	int wait = first_ms;

	p->screen[p->screen_len] = '\0';
	for (;;) {
		struct pollfd pf = { .fd = p->fd, .events = POLLIN };
		int n = poll(&pf, 1, wait);
		if (n <= 0)
			break;
		ssize_t r = read(p->fd, buf, sizeof buf);
		if (r <= 0) {
			if (r < 0 && errno == EAGAIN)
				continue;
			break;
		}
		p->last = bench_now_ms();
		total += (size_t)r;
		size_t room = sizeof p->screen - 1 - p->screen_len;
		size_t keep = (size_t)r < room ? (size_t)r : room;
		memcpy(p->screen + p->screen_len, buf, keep);
		p->screen_len += keep;
		p->screen[p->screen_len] = '\0';
		wait = idle_ms;
	}
	return total;
}

/* Sends keys and times the answer: milliseconds from the write to the last
 * byte of the redraw; *bytes gets its size. */
double
pty_key(struct pty *p, const char *keys, int idle_ms, size_t *bytes)
{
	double t0 = bench_now_ms();
	size_t n;

	if (write(p->fd, keys, strlen(keys)) < 0)
		return -1;
	p->last = t0;
	n = pty_burst(p, 5000, idle_ms);
	if (bytes != NULL)
		*bytes = n;
	return n > 0 ? p->last - t0 : -1;
}

/* Waits for the program to end (sending keys first if given); the peak
 * resident memory in KiB, or -1. */
long
pty_finish(struct pty *p, const char *keys)
{
	struct rusage ru;
	int status;

	if (keys != NULL && write(p->fd, keys, strlen(keys)) < 0)
		kill(p->pid, SIGTERM);
	for (int i = 0; i < 200; i++) {
		pty_burst(p, 50, 50);
		/* Still there after 2 s: ask once more, then as a hang-up would. */
		if (i == 40 && keys != NULL && write(p->fd, keys, strlen(keys)) < 0)
			break;
		if (i == 100)
			kill(p->pid, SIGHUP);
		pid_t w = wait4(p->pid, &status, WNOHANG, &ru);
		if (w < 0)
			fprintf(stderr, "bench: wait4: %s\n", strerror(errno));
		if (w == p->pid) {
			close(p->fd);
			return ru.ru_maxrss;
		}
		/* A hung-up terminal answers poll at once: pace the loop. */
		usleep(50000);
	}
	char path[64], buf[512] = "";
	snprintf(path, sizeof path, "/proc/%d/stat", (int)p->pid);
	FILE *f = fopen(path, "r");
	if (f != NULL) {
		if (fgets(buf, sizeof buf, f) == NULL)
			buf[0] = '\0';
		fclose(f);
	}
	snprintf(path, sizeof path, "/proc/%d/wchan", (int)p->pid);
	char wchan[128] = "";
	if ((f = fopen(path, "r")) != NULL) {
		if (fgets(wchan, sizeof wchan, f) == NULL)
			wchan[0] = '\0';
		fclose(f);
	}
	fprintf(stderr, "bench: socds did not quit: %s wchan %s\n", buf, wchan);

	kill(p->pid, SIGKILL);
	wait4(p->pid, &status, 0, &ru);
	close(p->fd);
	return -1;
}

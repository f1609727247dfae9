/* bench: shared helpers of the benchmark program. */
#ifndef SOCDS_BENCH_H
#define SOCDS_BENCH_H

#include <stddef.h>
#include <sys/types.h>

struct pty {
	pid_t pid;
	int fd;
	double t0;		/* when the program was started */
	double last;		/* when the last byte arrived */
	double marked;		/* when pty_until's marker arrived */
	char screen[1 << 20];	/* what the last burst wrote */
	size_t screen_len;
};

double bench_now_ms(void);
int pty_start(struct pty *p, char *const argv[], int rows, int cols);
size_t pty_burst(struct pty *p, int first_ms, int idle_ms);
size_t pty_more(struct pty *p, int first_ms, int idle_ms);
size_t pty_until(struct pty *p, const char *marker, int max_ms, int idle_ms);
double pty_key(struct pty *p, const char *keys, int idle_ms, size_t *bytes);
long pty_finish(struct pty *p, const char *keys);

#endif

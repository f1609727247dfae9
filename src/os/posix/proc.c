/* os/posix/proc: signals, starting and watching a process, standard streams. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "socds/os.h"

extern char **environ;

/* Set by the signal handler only; the caller's loop acts on it. */
static volatile sig_atomic_t os_stop_sig;
/* Standard output while it is diverted, else -1. */
static int os_saved_stdout = -1;

void
os_start(void)
{
	/* A file-size limit must end in "disk full, nothing saved", not in death
	 * by SIGXFSZ halfway through a write. */
	signal(SIGXFSZ, SIG_IGN);
}

bool
os_isatty(int which)
{
	return isatty(which) == 1;
}

static void
os_on_stop(int sig)
{
	os_stop_sig = sig;
}

void
os_stop_catch(void)
{
	static const int sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGQUIT };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = os_on_stop;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

int
os_stopped(void)
{
	return (int)os_stop_sig;
}

int
os_spawn_self(char *const argv[], os_proc *p)
{
	char exe[PATH_MAX], *args[16];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	pid_t pid = 0;
	size_t n = 0;
	int rc;

	*p = 0;
	if (os_self_exe(exe, sizeof exe) != 0)
		return -1;
	args[n++] = exe;
	while (argv[n] != NULL && n < sizeof args / sizeof args[0] - 1) {
		args[n] = argv[n];
		n++;
	}
	args[n] = NULL;
	posix_spawn_file_actions_init(&fa);
	for (int fd = 0; fd < 3; fd++)
		posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd ? O_WRONLY : O_RDONLY, 0);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&at, 0);
	rc = posix_spawn(&pid, exe, &fa, &at, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	*p = (os_proc)pid;
	return 0;
}

int
os_proc_poll(os_proc p, int *code)
{
	int status;
	pid_t r = waitpid((pid_t)p, &status, WNOHANG);

	if (r < 0)
		return -1;
	if (r == 0)
		return 0;
	*code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return 1;
}

void
os_lower_priority(void)
{
	if (nice(10) == -1)
		(void)0;	/* not lowered: still correct, only less polite */
}

long
os_pid_self(void)
{
	return (long)getpid();
}

bool
os_pid_alive(long pid)
{
	/* kill() with no signal says whether it exists, without signalling. */
	if (pid <= 0 || pid > INT_MAX)
		return true;
	return kill((pid_t)pid, 0) == 0 || errno != ESRCH;
}

int
os_stdout_divert(void)
{
	fflush(stdout);
	if ((os_saved_stdout = dup(STDOUT_FILENO)) < 0)
		return -1;
	if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		int saved = errno;
		close(os_saved_stdout);
		os_saved_stdout = -1;
		errno = saved;
		return -1;
	}
	return 0;
}

void
os_stdout_restore(void)
{
	if (os_saved_stdout < 0)
		return;
	fflush(stdout);
	dup2(os_saved_stdout, STDOUT_FILENO);
	close(os_saved_stdout);
	os_saved_stdout = -1;
}

int64_t
os_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

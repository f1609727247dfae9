/* os/win/proc: starting and watching a process, standard streams, the clock.
 * (The console and Ctrl-C/close are console.c's.) */
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "os-win.h"

/* Standard output while it is diverted, else -1. */
static int os_saved_stdout = -1;

void
os_start(void)
{
	/* No dialog box ("no disk in drive", a crash report) waiting for a
	 * click behind the console: a failing call fails. */
	SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
	/* Bytes out as written, as on Linux: a CSV or a report sent to standard
	 * output is the same file on both ("\n" made "\r\n" would double a CSV's
	 * "\r\n"). The console shows a bare "\n" as a new line anyway. */
	_setmode(0, _O_BINARY);
	_setmode(1, _O_BINARY);
	_setmode(2, _O_BINARY);
}

/* Appends arg to the command line cmd (n units, *len used) quoted so that
 * CommandLineToArgvW and the C runtime read it back as it was: backslashes
 * are literal except before a quote, where they are doubled. */
static int
os_arg_quote(const wchar_t *arg, wchar_t *cmd, size_t n, size_t *len)
{
	size_t o = *len;

#define PUT(c) do { if (o + 2 >= n) goto toolong; cmd[o++] = (c); } while (0)
	if (o > 0)
		PUT(L' ');
	if (*arg != L'\0' && wcspbrk(arg, L" \t\n\v\"") == NULL) {
		while (*arg)
			PUT(*arg++);
	} else {
		PUT(L'"');
		for (;; arg++) {
			size_t slashes = 0;
			while (*arg == L'\\') {
				arg++;
				slashes++;
			}
			if (*arg == L'\0') {
				/* Before the closing quote: each one doubled. */
				for (size_t i = 0; i < 2 * slashes; i++)
					PUT(L'\\');
				break;
			}
			if (*arg == L'"') {
				for (size_t i = 0; i < 2 * slashes + 1; i++)
					PUT(L'\\');
				PUT(L'"');
			} else {
				for (size_t i = 0; i < slashes; i++)
					PUT(L'\\');
				PUT(*arg);
			}
		}
		PUT(L'"');
	}
#undef PUT
	cmd[o] = L'\0';
	*len = o;
	return 0;
toolong:
	errno = E2BIG;
	return -1;
}

int
os_spawn_self(char *const argv[], os_proc *p)
{
	/* CreateProcessW's limit on a command line. */
	enum { CMD_MAX = 32768 };
	wchar_t exe[OS_WPATH_MAX], arg[OS_WPATH_MAX], *cmd = NULL;
	STARTUPINFOEXW si;
	PROCESS_INFORMATION pi;
	SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
	HANDLE nul_in = INVALID_HANDLE_VALUE, nul_out = INVALID_HANDLE_VALUE, list[2];
	LPPROC_THREAD_ATTRIBUTE_LIST attrs = NULL;
	SIZE_T attrs_size = 0;
	DWORD flags = DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP | CREATE_UNICODE_ENVIRONMENT;
	size_t len = 0;
	int rc = -1;
	BOOL ok;

	*p = 0;
	if (GetModuleFileNameW(NULL, exe, OS_WPATH_MAX) == 0)
		return os_win_fail();
	if ((cmd = malloc(CMD_MAX * sizeof *cmd)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (os_arg_quote(exe, cmd, CMD_MAX, &len) != 0)
		goto out;
	for (size_t i = 1; argv[0] != NULL && argv[i] != NULL && i < 15; i++)
		if (os_win_to_wide(argv[i], arg, OS_WPATH_MAX) != 0 ||
		    os_arg_quote(arg, cmd, CMD_MAX, &len) != 0)
			goto out;
	/* Standard input and outputs on NUL, handed down and nothing else: the
	 * C runtime makes the files it opens inheritable. */
	nul_in = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa,
	    OPEN_EXISTING, 0, NULL);
	nul_out = CreateFileW(L"NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa,
	    OPEN_EXISTING, 0, NULL);
	if (nul_in == INVALID_HANDLE_VALUE || nul_out == INVALID_HANDLE_VALUE) {
		os_win_fail();
		goto out;
	}
	memset(&si, 0, sizeof si);
	si.StartupInfo.cb = sizeof si.StartupInfo;
	si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
	si.StartupInfo.hStdInput = nul_in;
	si.StartupInfo.hStdOutput = nul_out;
	si.StartupInfo.hStdError = nul_out;
	list[0] = nul_in;
	list[1] = nul_out;
	InitializeProcThreadAttributeList(NULL, 1, 0, &attrs_size);
	if ((attrs = malloc(attrs_size)) != NULL &&
	    InitializeProcThreadAttributeList(attrs, 1, 0, &attrs_size)) {
		if (UpdateProcThreadAttribute(attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, list,
		    sizeof list, NULL, NULL)) {
			si.StartupInfo.cb = sizeof si;
			si.lpAttributeList = attrs;
			flags |= EXTENDED_STARTUPINFO_PRESENT;
		} else
			DeleteProcThreadAttributeList(attrs);
	}
	/* Out of a job the console's programs share, when it lets go, so that
	 * closing the console does not end the backup. */
	ok = CreateProcessW(exe, cmd, NULL, NULL, TRUE, flags | CREATE_BREAKAWAY_FROM_JOB, NULL,
	    NULL, &si.StartupInfo, &pi);
	if (!ok && GetLastError() == ERROR_ACCESS_DENIED)
		ok = CreateProcessW(exe, cmd, NULL, NULL, TRUE, flags, NULL, NULL, &si.StartupInfo,
		    &pi);
	if (!ok) {
		os_win_fail();
		goto out;
	}
	CloseHandle(pi.hThread);
	*p = (os_proc)pi.hProcess;
	rc = 0;
out:
	if (flags & EXTENDED_STARTUPINFO_PRESENT)
		DeleteProcThreadAttributeList(attrs);
	free(attrs);
	if (nul_in != INVALID_HANDLE_VALUE)
		CloseHandle(nul_in);
	if (nul_out != INVALID_HANDLE_VALUE)
		CloseHandle(nul_out);
	free(cmd);
	return rc;
}

int
os_proc_poll(os_proc p, int *code)
{
	HANDLE h = (HANDLE)p;
	DWORD status;

	switch (WaitForSingleObject(h, 0)) {
	case WAIT_TIMEOUT:
		return 0;
	case WAIT_OBJECT_0:
		break;
	default:
		return os_win_fail();
	}
	if (!GetExitCodeProcess(h, &status))
		return os_win_fail();
	/* Ended by an exception (0xC0000005...) or TerminateProcess' code:
	 * what POSIX calls killed. */
	*code = status >= 0xC0000000u ? -1 : (int)status;
	CloseHandle(h);	/* reaped, as waitpid does: a second poll is an error */
	return 1;
}

void
os_lower_priority(void)
{
	/* Not lowered: still correct, only less polite. */
	SetPriorityClass(GetCurrentProcess(), BELOW_NORMAL_PRIORITY_CLASS);
}

long
os_pid_self(void)
{
	return (long)GetCurrentProcessId();
}

bool
os_pid_alive(long pid)
{
	HANDLE h;
	DWORD status;
	bool alive;

	if (pid <= 0)
		return true;
	h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
	if (h == NULL)
		/* Another account's process is there, only not ours to ask. */
		return GetLastError() != ERROR_INVALID_PARAMETER;
	/* A process that has ended lives on while someone holds a handle. */
	alive = !GetExitCodeProcess(h, &status) || status == STILL_ACTIVE;
	CloseHandle(h);
	return alive;
}

int
os_stdout_divert(void)
{
	fflush(stdout);
	if ((os_saved_stdout = _dup(1)) < 0)
		return -1;
	if (_dup2(2, 1) < 0) {
		int saved = errno;
		_close(os_saved_stdout);
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
	_dup2(os_saved_stdout, 1);
	_close(os_saved_stdout);
	os_saved_stdout = -1;
}

int64_t
os_clock_ms(void)
{
	return (int64_t)GetTickCount64();
}

/* os: everything socds asks of the operating system, behind one header.
 *
 * The rest of socds includes no POSIX header and calls no POSIX function: it
 * calls these. src/os/posix/ implements them for Linux and the BSDs; a
 * Windows port is one more folder (src/os/win32/) honouring the same
 * contracts. The API is what socds needs, not a mirror of POSIX.
 *
 * Contracts every implementation keeps:
 *  - Paths are UTF-8 strings; '/' separates folders (Windows accepts it too).
 *    A path fits OS_PATH_MAX bytes with its NUL.
 *  - "Private" files and folders can be read only by the account that made
 *    them: mode 0600 (folders 0700) whatever the umask; on Windows an owner-only
 *    ACL. Personal data is only ever written into private files.
 *  - os_replace is atomic: whoever opens `to` meanwhile sees the old file or
 *    the new one, never a mix; with os_dir_sync after it, it survives a power
 *    cut.
 *  - Functions return 0, or -1 with errno set to the reason, as the C library
 *    they stand in for does (a Windows implementation maps its own codes onto
 *    errno's: ENOENT, EEXIST, EACCES, ENOSPC, ENOTDIR...). The caller writes
 *    the message, because only it knows the name the user gave (a temporary
 *    file's name means nothing to them). Functions that say otherwise below
 *    return a value instead. None of them prints anything.
 *  - Nothing here keeps state a caller must free, except where a function
 *    hands out a FILE * (close it with fclose) or a lock (os_unlock). */
#ifndef SOCDS_OS_H
#define SOCDS_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "socds/err.h"

#define OS_PATH_MAX 4096

/* --- files (file.c) --- */

enum os_kind {
	OS_FILE = 1,	/* a regular file */
	OS_DIR,		/* a folder */
	OS_LINK,	/* a symbolic link (os_lstat only) */
	OS_OTHER,	/* a device, pipe or socket: socds never writes one */
};

struct os_stat {
	enum os_kind kind;
	int64_t size;		/* bytes (regular files) */
	uint64_t dev, ino;	/* the file's identity: see os_same_file */
	unsigned mode;		/* permission bits, e.g. 0600 (Windows: 0600 or 0644) */
	unsigned nlink;		/* names the file has (hard links) */
	bool mine;		/* owned by the account this process runs as */
};

/* What is at path, following symbolic links (os_lstat: not following). */
int os_stat(const char *path, struct os_stat *st);
int os_lstat(const char *path, struct os_stat *st);
/* Whether something is at path (a link to nothing is nothing). */
bool os_exists(const char *path);
/* Whether a and b describe the same file (one file, two names). */
bool os_same_file(const struct os_stat *a, const struct os_stat *b);

/* Creates path, which must not exist (EEXIST), as a new empty private file,
 * never through a symbolic link (ELOOP). With fp, it is opened "w+b" there;
 * without, it is closed and left empty. On failure nothing is left. */
int os_file_new(const char *path, FILE **fp);
/* A private file with no name in folder dir, opened "w+b", gone when
 * closed or when the process dies; -1 (EOPNOTSUPP) where the file system
 * cannot, and the caller makes a named one and removes its name. */
int os_file_anon(const char *dir, FILE **fp);
/* The first n bytes of path into buf: the count read (less at the end of
 * the file), or -1. */
int64_t os_file_head(const char *path, void *buf, size_t n);
/* Makes what was written to the file path (or to the stream fp: flushed
 * first) survive a power cut. -1 when a write failed or the disk is full. */
int os_file_sync(const char *path);
int os_stream_sync(FILE *fp);
/* For a file a library wrote by name: 0 when path is still a regular file of
 * ours with one name (it is then made private again and synced); 1 when it
 * is something else (a library replaced it under us); -1 with errno. */
int os_file_seal(const char *path);
/* Moves the file `from` to the name `to` in the same folder, atomically.
 * overwrite: replaces what `to` names. Without: EEXIST if `to` exists, even
 * if it appears at the last moment (on file systems without links, such as
 * FAT, a check just before). */
int os_replace(const char *from, const char *to, bool overwrite);
/* Removes a file (not a folder). */
int os_remove(const char *path);
/* Makes the names in folder dir (a replace, a remove) survive a power cut;
 * nothing where the system has no such thing. Never fails loudly. */
void os_dir_sync(const char *dir);
/* Free bytes for this account on the file system of dir. */
int os_disk_free(const char *dir, uint64_t *bytes);
/* Whether an errno value means "no room": a full disk, a quota, a size limit. */
bool os_errno_full(int errnum);
/* While a library writes files by name (libxlsxwriter, libzip): the files
 * it creates are private. Returns what os_private_end takes back. Windows:
 * nothing to do (socds' folders are private there). */
unsigned os_private_begin(void);
void os_private_end(unsigned saved);

/* --- paths and folders (path.c) --- */

/* path with every link and "." or ".." resolved, into out (OS_PATH_MAX). */
int os_realpath(const char *path, char *out);
/* The running program's own file (to start it again). */
int os_self_exe(char *buf, size_t size);
/* Creates folder path; 0 when it is a folder already (ENOTDIR when another
 * kind of file has the name). private: exactly 0700; else 0755 less the
 * umask. os_mkdir_parents creates each missing folder of path, path too, as
 * not private. */
int os_mkdir(const char *path, bool private);
int os_mkdir_parents(const char *path);
/* A new private folder: tmpl ends in XXXXXX, which is replaced in place. */
int os_mkdtemp(char *tmpl);
/* Removes an empty folder. */
int os_rmdir(const char *path);

/* --- listing a folder (dir.c) --- */

/* Calls fn for every entry of folder dir but "." and "..", with what the
 * name is (not following links). fn returns 1 to have the entry removed
 * (a file, never a folder), 0 to keep it, -1 to stop. Entries are removed
 * relative to the folder opened, so a folder renamed meanwhile is not
 * mistaken for another. Returns the number removed, or -1 when dir cannot be
 * read (errno) or fn stopped. The order is the system's. */
typedef int (*os_dir_fn)(const char *name, const struct os_stat *st, void *arg);
int os_dir_each(const char *dir, os_dir_fn fn, void *arg);

/* --- the account (account.c) --- */

/* The account this process acts for: the name given to os_account_force
 * (socds --as NAME behind an SSH forced command), else the operating
 * system's name for the account it runs as (never $USER, which an SSH
 * client sets as it likes), else "uid" and its number. */
const char *os_account(void);
/* Sets that name (checked by the caller); os_account_forced tells whether
 * it was. */
void os_account_force(const char *name);
bool os_account_forced(void);

/* --- locks (lock.c) --- */

struct os_lock {
	intptr_t h;	/* the open lock file; -1 when none */
};

/* Takes an exclusive lock on the private file path (created when missing)
 * without waiting: 0 taken, 1 held by another process, -1 with errno. The
 * lock goes with the process. */
int os_lock_try(const char *path, struct os_lock *l);
void os_unlock(struct os_lock *l);

/* --- processes and signals (proc.c) --- */

/* Another process started by os_spawn_self; 0 for none. */
typedef intptr_t os_proc;

#define OS_STDIN 0
#define OS_STDOUT 1
#define OS_STDERR 2

/* Once, first thing in main: a file-size limit makes a write fail with
 * "disk full" (EFBIG) instead of killing the process. */
void os_start(void);
/* Whether standard input, output or error (OS_STDIN...) is a terminal. */
bool os_isatty(int which);
/* From now on a hang-up, termination, interrupt or quit signal (closing the
 * terminal, kill, Ctrl-C as a signal) does not kill the process but is
 * recorded; os_stopped returns its number (0: none yet). The caller's loop
 * looks and saves its work. */
void os_stop_catch(void);
int os_stopped(void);
/* Starts this program again with argv (argv[0] is replaced by its file; at
 * most 14 arguments after it), its standard input and outputs on the null
 * device, in a process group of its own so that a hang-up of the terminal
 * does not stop it. */
int os_spawn_self(char *const argv[], os_proc *p);
/* 0 while p runs; 1 when it has ended, with *code its exit status (-1 when
 * killed); -1 with errno. */
int os_proc_poll(os_proc p, int *code);
/* This process gives way to others (a background job). */
void os_lower_priority(void);
/* This process's id, and whether a process with that id exists (false only
 * when none does: one we may not signal counts as alive). */
long os_pid_self(void);
bool os_pid_alive(long pid);
/* Standard output goes to standard error until os_stdout_restore. */
int os_stdout_divert(void);
void os_stdout_restore(void);
/* Milliseconds of a clock that never goes back (for throttling). */
int64_t os_clock_ms(void);

/* --- the clock (time.c) --- */

/* Now, through strftime's fmt into buf: in UTC, or in the user's time zone
 * (officers count days where they live). The length written (0: it did not
 * fit, buf is then undefined). */
#ifdef _WIN32
/* mingw checks strftime formats as msvcrt's (C89); os_now_format spells
 * C99's (%F, %T...) out itself. */
#define OS_STRFTIME gnu_strftime
#else
#define OS_STRFTIME strftime
#endif
size_t os_now_format(char *buf, size_t size, const char *fmt, bool utc)
	__attribute__((format(OS_STRFTIME, 3, 0)));

/* --- the terminal (term.c) --- */

/* Whether the user's locale writes UTF-8 (else the screens draw ASCII). */
bool os_locale_utf8(void);

/* --- random bytes (random.c) --- */

/* n bytes from the system's random source (for keys and ids). wait: until
 * it is ready (early boot); without, -1 (EAGAIN) when it is not. */
int os_random(void *buf, size_t n, bool wait);

/* --- oswin: folder names, the data folder, the environment, UTF-8
 * arguments (env.c, path.c) --- */

/* Whether c separates folders: '/', and on Windows '\\' too. */
bool os_path_sep(char c);
/* How many bytes of path name its root, which is no folder to make or to
 * cut off: "/" (1), Windows' "C:/" (3), "C:" (2) or "//server/share/"; 0
 * for a relative path. */
size_t os_path_root(const char *path);
/* The environment variable name as UTF-8 into out (Windows reads it in
 * UTF-16, whatever the code page): 0; -1 with ENOENT when it is not set or
 * empty, ENAMETOOLONG when it does not fit. */
int os_getenv(const char *name, char *out, size_t size);
/* Sets it for this process and the programs it starts (value UTF-8). */
int os_setenv(const char *name, const char *value);
/* The folder under which the account keeps its programs' data (socds uses
 * its socds/ folder), '/' between folders: POSIX $XDG_DATA_HOME, else
 * $HOME/.local/share (absolute ones only); Windows %LOCALAPPDATA%, else
 * %APPDATA%, else %USERPROFILE%/AppData/Local. -1 with ENOENT when none is
 * set, ENAMETOOLONG. */
int os_data_home(char *out, size_t size);
/* Once, first thing in main, before anything reads argv: on Windows the
 * arguments as typed (UTF-16, whatever the code page) become UTF-8, kept
 * for the life of the process; elsewhere nothing changes. */
void os_args_utf8(int *argc, char ***argv);

/* --- port: what Windows' C library (msvcrt) lacks: streams, files by
 * UTF-8 name, lines, the environment, the locale, the calendar (posix/:
 * stream.c, locale.c, time.c; win/: stream.c, locale.c, time-port.c) --- */

/* Reads up to size bytes of a source into buf: the count (0 at the end), or
 * -1 with errno. */
typedef int64_t (*os_read_fn)(void *cookie, char *buf, size_t size);
/* Lets go of the source; 0 or -1. */
typedef int (*os_close_fn)(void *cookie);
/* A stream opened "r" that reads what fn_read gives. self, when not NULL,
 * receives the stream before the first read. On success the cookie belongs
 * to the stream: fn_close is called when it is closed, or sooner (Windows,
 * which has no such streams, reads the source to its end into a temporary
 * file within this call and closes the cookie then). On failure (NULL with
 * errno; on Windows a read that failed is one) the cookie is still the
 * caller's. */
FILE *os_stream_reader(void *cookie, os_read_fn fn_read, os_close_fn fn_close, FILE **self);
/* A stream opened "w" into memory; os_memstream_done, given the same buf and
 * len, closes it and leaves what was written, NUL-terminated, in *buf (free
 * it) and its length in *len: 0, or -1 with errno. buf and len must stay
 * valid until then. */
FILE *os_memstream(char **buf, size_t *len);
int os_memstream_done(FILE *fp, char **buf, size_t *len);
/* A temporary private file with no name, opened "w+b", gone when closed. */
FILE *os_tmpfile(void);
/* fopen for a UTF-8 path (Windows' own takes the ANSI code page). */
FILE *os_fopen(const char *path, const char *mode);
/* A line of fp (with its '\n') into *line, grown as needed (*cap bytes):
 * its length, or -1 at the end or on an error, as POSIX getline. */
int64_t os_getline(char **line, size_t *cap, FILE *fp);

/* Makes the user's locale current (locale.c), but for numbers, which stay
 * as C writes them; a UTF-8 one for characters where the C library has it
 * (C.UTF-8 when the user's is plain C). Windows' C library has none: there
 * the C locale stays, socds converts at the edges, and LC_ALL is set to
 * socds' language, lang ("vi" or "en"), for libintl and the programs this
 * one starts. Either way gettext then follows LANGUAGE. */
void os_locale_start(const char *lang);
/* gettext finds domain's catalogues in folder dir (UTF-8; Windows' libintl
 * is given it in UTF-16, as its bindtextdomain reads the ANSI code page).
 * 0, or -1 with errno. */
int os_textdomain_dir(const char *domain, const char *dir);

/* Calendar time in UTC (os_gmtime) or the user's time zone (os_localtime):
 * tm, or NULL when t cannot be shown. os_timegm is mktime for a UTC tm
 * (normalised as mktime does), -1 when out of range. os_time_ns: nanoseconds
 * since 1970 by the wall clock (which may go back). */
struct tm;
struct tm *os_gmtime(int64_t t, struct tm *tm);
struct tm *os_localtime(int64_t t, struct tm *tm);
int64_t os_timegm(struct tm *tm);
int64_t os_time_ns(void);
/* Waits about us microseconds (Windows: whole milliseconds, at least one). */
void os_sleep_us(long us);

/* --- console: the terminal's keys, size and closing (posix/term.c, win/console.c) --- */

/* Once, before curses starts on the terminal. Windows: TERM for ncurses'
 * console driver, the console's code pages UTF-8, a font that has the
 * Vietnamese letters instead of a raster one, a window of at least 80 x 24.
 * POSIX: nothing to do. */
void os_term_prepare(void);

/* What os_term_key found. */
enum os_term_got {
	OS_TERM_NONE,	/* nothing within the wait, or a stop (os_stopped) came */
	OS_TERM_CURSES,	/* input that curses reads itself: always so on POSIX */
	OS_TERM_CHAR,	/* a character curses would lose: see struct os_term_in */
	OS_TERM_RESIZE,	/* the window's size changed: see struct os_term_in */
	OS_TERM_KEY,	/* a key curses would read without its Shift: see os_term_in */
};

/* Keys with Shift that curses would read as the key alone. */
enum os_term_shifted {
	OS_KEY_BACKTAB = 1,	/* Shift-Tab */
	OS_KEY_SLEFT,		/* Shift-Left */
	OS_KEY_SRIGHT,		/* Shift-Right */
};

struct os_term_in {
	int32_t cp;	/* OS_TERM_CHAR: the code point (27 for Esc) */
	bool alt;	/* OS_TERM_CHAR: typed with Alt (a terminal sends Esc first) */
	int rows, cols;	/* OS_TERM_RESIZE: the new size */
	enum os_term_shifted key;	/* OS_TERM_KEY */
};

/* Waits at most ms milliseconds (-1: as long as it takes) for a key and says
 * whether curses should read it. Windows: ncurses' console driver keeps 8
 * bits of a typed character and drops a bare Esc, so a non-ASCII character
 * (Unikey's composed letters and combining marks, a surrogate pair joined)
 * and Esc are read here, with Alt and the Shift of Tab and the arrows, and a
 * change of the window's size is told; what curses drops anyway (key
 * releases, Shift alone) is taken out of the way. A stop (os_stop_catch)
 * ends the wait at once. POSIX: OS_TERM_CURSES at once. */
enum os_term_got os_term_key(int ms, struct os_term_in *in);

/* Called once the work was kept after os_stopped said stop (and when the
 * screens end anyway). Windows: a console's close, logoff or shutdown,
 * recorded as a hang-up (1), is held until then, 4 s at most (Windows ends
 * the process after 5); Ctrl-C and Ctrl-Break are an interrupt (2). POSIX:
 * nothing to do. */
void os_stop_done(void);

#endif

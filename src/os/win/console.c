/* os/win/console: the Windows console — whether a stream is one, its keys
 * where ncurses' console driver loses them, its size, and closing it.
 *
 * ncurses 6.4's console driver reads keys with the narrow API and keeps 8
 * bits of each (Unikey's "ễ" arrives as "?", "Đ" as "D") and drops an Esc
 * that comes without a character (Wine). So the key events are looked at
 * here first, with the wide API, and what ncurses would lose is taken. */
#include <stdlib.h>
#include <wchar.h>

#include <windows.h>

#include "socds/os.h"

/* What os_stopped says, by POSIX's numbers so that callers need not know
 * the system: an interrupt (Ctrl-C, Ctrl-Break) and a hang-up (the console
 * closed, the user logging off, the system shutting down). */
#define CONSOLE_SIGHUP 1
#define CONSOLE_SIGINT 2

/* Windows ends a process 5 s after a close, logoff or shutdown event: the
 * handler waits less than that for the drafts to be kept. */
#define CONSOLE_CLOSE_WAIT_MS 4000
/* How often a wait looks at the window's size: conhost tells nothing when
 * only the window (not its buffer) changes. */
#define CONSOLE_SIZE_POLL_MS 200

static volatile LONG console_stop;
/* Set when a stop is recorded (wakes os_term_key), and when the ui has kept
 * its work (lets a closing handler return). */
static HANDLE console_stop_ev, console_done_ev;
/* The screen buffer curses shows, and the size last told. */
static HANDLE console_out = INVALID_HANDLE_VALUE;
static int console_rows, console_cols;
static UINT console_cp_in, console_cp_out;

static HANDLE
console_std(int which)
{
	switch (which) {
	case OS_STDIN: return GetStdHandle(STD_INPUT_HANDLE);
	case OS_STDOUT: return GetStdHandle(STD_OUTPUT_HANDLE);
	case OS_STDERR: return GetStdHandle(STD_ERROR_HANDLE);
	default: return INVALID_HANDLE_VALUE;
	}
}

bool
os_isatty(int which)
{
	HANDLE h = console_std(which);
	DWORD mode;

	/* A file or pipe is not a terminal; nor is the NUL device, which is a
	 * character device too but has no console mode. */
	if (h == NULL || h == INVALID_HANDLE_VALUE || GetFileType(h) != FILE_TYPE_CHAR)
		return false;
	return GetConsoleMode(h, &mode) != 0;
}

/* socds speaks UTF-8 inside and draws wide characters through the console's
 * wide calls, whatever the ANSI code page. */
bool
os_locale_utf8(void)
{
	return true;
}

static void
console_record(LONG sig)
{
	InterlockedCompareExchange(&console_stop, sig, 0);
	if (console_stop_ev != NULL)
		SetEvent(console_stop_ev);
}

/* Runs in a thread of its own that Windows starts: it only records, and for
 * the events after which Windows ends the process, waits for the ui. */
static BOOL WINAPI
console_on_ctrl(DWORD type)
{
	switch (type) {
	case CTRL_C_EVENT:
	case CTRL_BREAK_EVENT:
		console_record(CONSOLE_SIGINT);
		return TRUE;
	case CTRL_CLOSE_EVENT:
	case CTRL_LOGOFF_EVENT:
	case CTRL_SHUTDOWN_EVENT:
		console_record(CONSOLE_SIGHUP);
		/* Returning lets Windows end the process at once: first the loop
		 * notices (os_term_key wakes up) and keeps the drafts. */
		if (console_done_ev != NULL)
			WaitForSingleObject(console_done_ev, CONSOLE_CLOSE_WAIT_MS);
		return TRUE;
	default:
		return FALSE;
	}
}

void
os_stop_catch(void)
{
	if (console_stop_ev == NULL)
		console_stop_ev = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (console_done_ev == NULL)
		console_done_ev = CreateEventW(NULL, TRUE, FALSE, NULL);
	SetConsoleCtrlHandler(console_on_ctrl, TRUE);
}

int
os_stopped(void)
{
	return (int)InterlockedCompareExchange(&console_stop, 0, 0);
}

void
os_stop_done(void)
{
	if (console_done_ev != NULL)
		SetEvent(console_done_ev);
}

static void
console_restore_cp(void)
{
	if (console_cp_in != 0)
		SetConsoleCP(console_cp_in);
	if (console_cp_out != 0)
		SetConsoleOutputCP(console_cp_out);
}

/* A raster font ("Terminal") has no Vietnamese letters: Consolas, which
 * every Windows since Vista has, does. Windows Terminal ignores this and
 * keeps its own font (Cascadia Mono has the letters). */
static void
console_font(HANDLE out)
{
	typedef BOOL (WINAPI *font_fn)(HANDLE, BOOL, PCONSOLE_FONT_INFOEX);
	HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
	font_fn get, set;
	CONSOLE_FONT_INFOEX f;

	if (k32 == NULL)
		return;
	get = (font_fn)(void (*)(void))GetProcAddress(k32, "GetCurrentConsoleFontEx");
	set = (font_fn)(void (*)(void))GetProcAddress(k32, "SetCurrentConsoleFontEx");
	if (get == NULL || set == NULL)
		return;
	ZeroMemory(&f, sizeof f);
	f.cbSize = sizeof f;
	/* Only the raster font, which conhost names "Terminal": Wine's console
	 * in a Unix terminal has no font (an empty name) and its conhost dies
	 * when asked to set one. */
	if (!get(out, FALSE, &f) || (f.FontFamily & TMPF_TRUETYPE) != 0 ||
	    _wcsicmp(f.FaceName, L"Terminal") != 0)
		return;
	f.nFont = 0;
	f.dwFontSize.X = 0;
	if (f.dwFontSize.Y < 14)
		f.dwFontSize.Y = 16;
	f.FontFamily = FF_DONTCARE;
	f.FontWeight = FW_NORMAL;
	wcscpy(f.FaceName, L"Consolas");
	set(out, FALSE, &f);
}

/* The screens need 80 x 24: a smaller window is made that big where the
 * screen has room (conhost; Windows Terminal keeps its own size). */
static void
console_min_size(HANDLE out)
{
	CONSOLE_SCREEN_BUFFER_INFO bi;
	COORD big = GetLargestConsoleWindowSize(out);
	SMALL_RECT w;
	int rows, cols;

	if (!GetConsoleScreenBufferInfo(out, &bi))
		return;
	rows = bi.srWindow.Bottom - bi.srWindow.Top + 1;
	cols = bi.srWindow.Right - bi.srWindow.Left + 1;
	if (rows >= 24 && cols >= 80)
		return;
	if ((big.X != 0 && big.X < 80) || (big.Y != 0 && big.Y < 24))
		return;	/* the screen cannot hold it: "too small" says so */
	/* The buffer first: a window is never larger than its buffer. */
	if (bi.dwSize.X < 80 || bi.dwSize.Y < 24) {
		COORD sz = { bi.dwSize.X < 80 ? 80 : bi.dwSize.X, bi.dwSize.Y < 24 ? 24 : bi.dwSize.Y };
		if (!SetConsoleScreenBufferSize(out, sz))
			return;
	}
	w.Left = bi.srWindow.Left;
	w.Top = bi.srWindow.Top;
	w.Right = (SHORT)(w.Left + (cols < 80 ? 80 : cols) - 1);
	w.Bottom = (SHORT)(w.Top + (rows < 24 ? 24 : rows) - 1);
	SetConsoleWindowInfo(out, TRUE, &w);
}

void
os_term_prepare(void)
{
	HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);

	/* ncurses' console driver takes TERM unset, "#win32con" or "unknown";
	 * Wine passes the Unix TERM on. */
	_putenv("TERM=#win32con");
	/* Text socds prints (and the console's own conversions) is UTF-8; the
	 * user's shell gets its code pages back. */
	console_cp_in = GetConsoleCP();
	console_cp_out = GetConsoleOutputCP();
	SetConsoleCP(CP_UTF8);
	SetConsoleOutputCP(CP_UTF8);
	atexit(console_restore_cp);
	if (out == NULL || out == INVALID_HANDLE_VALUE)
		return;
	console_font(out);
	console_min_size(out);
}

/* The size of the window curses draws on; false when unknown. ncurses shows
 * a buffer of its own, made active: "CONOUT$" opens the active buffer. */
static bool
console_size(int *rows, int *cols, bool *fixed)
{
	CONSOLE_SCREEN_BUFFER_INFO bi;

	if (console_out == INVALID_HANDLE_VALUE)
		console_out = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE,
		    FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
	if (console_out == INVALID_HANDLE_VALUE || !GetConsoleScreenBufferInfo(console_out, &bi))
		return false;
	*rows = bi.srWindow.Bottom - bi.srWindow.Top + 1;
	*cols = bi.srWindow.Right - bi.srWindow.Left + 1;
	*fixed = false;
	/* ncurses takes its buffer's size for the screen's: the buffer is kept
	 * the window's size, so nothing is drawn off screen. */
	if (bi.dwSize.X != *cols || bi.dwSize.Y != *rows) {
		COORD sz = { (SHORT)*cols, (SHORT)*rows };
		SMALL_RECT w = { 0, 0, (SHORT)(*cols - 1), (SHORT)(*rows - 1) };
		SetConsoleWindowInfo(console_out, TRUE, &w);
		*fixed = SetConsoleScreenBufferSize(console_out, sz) != 0;
	}
	return true;
}

/* Whether the window's size changed since last told, or the buffer curses
 * measured had to be made the window's size (the first look only learns the
 * size otherwise). */
static bool
console_resized(struct os_term_in *in)
{
	int rows, cols;
	bool fixed;

	if (!console_size(&rows, &cols, &fixed) || rows <= 0 || cols <= 0)
		return false;
	if (console_rows == 0 && !fixed) {
		console_rows = rows;
		console_cols = cols;
		return false;
	}
	if (rows == console_rows && cols == console_cols && !fixed)
		return false;
	console_rows = in->rows = rows;
	console_cols = in->cols = cols;
	return true;
}

/* Keys without a character that ncurses' driver turns into curses keys;
 * it drops the others (Shift, Ctrl, Alt or Caps Lock alone...). */
static bool
console_curses_vk(WORD vk)
{
	switch (vk) {
	case VK_PRIOR: case VK_NEXT: case VK_END: case VK_HOME:
	case VK_LEFT: case VK_UP: case VK_RIGHT: case VK_DOWN:
	case VK_DELETE: case VK_INSERT:
		return true;
	default:
		return vk >= VK_F1 && vk <= VK_F24;
	}
}

static void
console_drop(HANDLE in)
{
	INPUT_RECORD r;
	DWORD n;

	ReadConsoleInputW(in, &r, 1, &n);
}

/* The low half of a surrogate pair, after its high half was read: the next
 * key press, when it comes at once. */
static int32_t
console_low_half(HANDLE h, wchar_t high)
{
	INPUT_RECORD r;
	DWORD n;

	while (WaitForSingleObject(h, 50) == WAIT_OBJECT_0 &&
	    PeekConsoleInputW(h, &r, 1, &n) && n == 1) {
		if (r.EventType != KEY_EVENT || !r.Event.KeyEvent.bKeyDown) {
			console_drop(h);
			continue;
		}
		wchar_t low = r.Event.KeyEvent.uChar.UnicodeChar;
		if (low < 0xdc00 || low > 0xdfff)
			break;
		console_drop(h);
		return 0x10000 + (((int32_t)high - 0xd800) << 10) + ((int32_t)low - 0xdc00);
	}
	return 0xfffd;	/* half a pair: shown as the replacement character */
}

/* What to do with the event at the head of the input: OS_TERM_CHAR or
 * OS_TERM_KEY (taken, in *in), OS_TERM_CURSES (left for curses), or
 * OS_TERM_NONE (taken out of the way: look again). */
static enum os_term_got
console_event(HANDLE h, const INPUT_RECORD *r, struct os_term_in *in)
{
	const KEY_EVENT_RECORD *k = &r->Event.KeyEvent;
	DWORD mods;
	wchar_t wc;

	/* The size is looked at in the loop; socds turns no mouse on; focus and
	 * menu events mean nothing to it. */
	if (r->EventType != KEY_EVENT || !k->bKeyDown) {
		console_drop(h);
		return OS_TERM_NONE;
	}
	wc = k->uChar.UnicodeChar;
	mods = k->dwControlKeyState;
	in->alt = false;
	if (k->wVirtualKeyCode == VK_ESCAPE || wc == 27) {
		/* Wine sends Esc with no character, which ncurses drops. */
		console_drop(h);
		in->cp = 27;
		return OS_TERM_CHAR;
	}
	if (wc >= 0x80) {
		/* Unikey and EVKey send letters, and combining marks, as Unicode
		 * (VK_PACKET); AltGr's letters come here too, never as Alt. */
		console_drop(h);
		if (wc >= 0xd800 && wc <= 0xdbff)
			in->cp = console_low_half(h, wc);
		else if (wc >= 0xdc00 && wc <= 0xdfff)
			in->cp = 0xfffd;
		else
			in->cp = wc;
		return OS_TERM_CHAR;
	}
	if ((mods & SHIFT_PRESSED) != 0 &&
	    (mods & (LEFT_CTRL_PRESSED | RIGHT_CTRL_PRESSED | LEFT_ALT_PRESSED | RIGHT_ALT_PRESSED)) == 0) {
		/* ncurses' driver keeps the key and drops the Shift. */
		in->key = wc == '\t' ? OS_KEY_BACKTAB : k->wVirtualKeyCode == VK_LEFT ? OS_KEY_SLEFT :
		    k->wVirtualKeyCode == VK_RIGHT ? OS_KEY_SRIGHT : 0;
		if (in->key != 0) {
			console_drop(h);
			return OS_TERM_KEY;
		}
	}
	if (wc > 0 && (mods & (LEFT_ALT_PRESSED | RIGHT_ALT_PRESSED)) != 0 &&
	    (mods & (LEFT_CTRL_PRESSED | RIGHT_CTRL_PRESSED)) == 0) {
		/* ncurses would drop the Alt: a terminal sends Esc and the key. */
		console_drop(h);
		in->cp = wc;
		in->alt = true;
		return OS_TERM_CHAR;
	}
	if (wc == 0 && !console_curses_vk(k->wVirtualKeyCode)) {
		console_drop(h);
		return OS_TERM_NONE;
	}
	return OS_TERM_CURSES;
}

enum os_term_got
os_term_key(int ms, struct os_term_in *in)
{
	HANDLE h = GetStdHandle(STD_INPUT_HANDLE);
	DWORD start = GetTickCount();

	for (;;) {
		INPUT_RECORD r;
		DWORD n = 0, waited, left;
		HANDLE ev[2] = { h, console_stop_ev };

		if (os_stopped() != 0)
			return OS_TERM_NONE;
		if (console_resized(in))
			return OS_TERM_RESIZE;
		if (GetNumberOfConsoleInputEvents(h, &n) && n > 0 &&
		    PeekConsoleInputW(h, &r, 1, &n) && n == 1) {
			enum os_term_got got = console_event(h, &r, in);
			if (got != OS_TERM_NONE)
				return got;
			continue;
		}
		if (n > 0)
			return OS_TERM_CURSES;	/* not a console we can read: curses tries */
		waited = GetTickCount() - start;
		if (ms >= 0 && waited >= (DWORD)ms)
			return OS_TERM_NONE;
		left = ms < 0 ? CONSOLE_SIZE_POLL_MS : (DWORD)ms - waited;
		if (left > CONSOLE_SIZE_POLL_MS)
			left = CONSOLE_SIZE_POLL_MS;
		if (WaitForMultipleObjects(console_stop_ev != NULL ? 2 : 1, ev, FALSE, left) ==
		    WAIT_FAILED)
			return OS_TERM_CURSES;
	}
}

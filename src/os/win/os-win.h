/* os-win: what the Windows files of the os layer share. */
#ifndef SOCDS_OS_WIN_H
#define SOCDS_OS_WIN_H

#include <windows.h>

#include "socds/os.h"

/* Room for a path in UTF-16: never more units than its UTF-8 bytes, plus a
 * \\?\UNC\ prefix. */
#define OS_WPATH_MAX (OS_PATH_MAX + 16)

/* errno for a Windows error code (GetLastError); os_win_fail sets errno from
 * GetLastError and returns -1. */
int os_win_errno(DWORD code);
int os_win_fail(void);
/* The UTF-8 path as Windows takes it into w (OS_WPATH_MAX): '/' becomes '\',
 * and a long one gets the \\?\ prefix that lifts MAX_PATH. -1 with errno
 * (EILSEQ: not UTF-8; ENAMETOOLONG). */
int os_win_path(const char *path, wchar_t *w);
/* A name Windows gave back, as socds writes paths: UTF-8, '/' between
 * folders, without a \\?\ prefix. -1 (ENAMETOOLONG) when it does not fit. */
int os_win_utf8(const wchar_t *w, char *out, size_t size);
/* Plain UTF-16 <-> UTF-8 for what is not a path; -1 with errno. */
int os_win_to_wide(const char *s, wchar_t *w, size_t n);
int os_win_from_wide(const wchar_t *w, char *out, size_t size);

/* The security of a new private file or folder: only the account running
 * socds, owning it, and nothing inherited from the folder (a folder's rule
 * is inherited by what is made in it). NULL when it cannot be built: the
 * folder's rules then apply, as on FAT where there are none. */
SECURITY_ATTRIBUTES *os_win_private_sa(bool dir);
/* Makes the open file h private in the same way (h opened with WRITE_DAC). */
int os_win_private_set(HANDLE h, bool dir);
/* The account's SID (the token's user), NULL when unknown. */
PSID os_win_user_sid(void);
/* Owner and privacy of the open h, for struct os_stat. */
void os_win_owner(HANDLE h, bool *mine, bool *private);

/* What the open file h is, as socds sees it (link: h was opened on the link
 * itself and it is one). */
int os_win_fill(HANDLE h, bool link, struct os_stat *st);

#endif

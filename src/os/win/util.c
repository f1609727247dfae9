/* os/win/util: error codes, UTF-8 paths as Windows takes them, the owner-only
 * security of private files. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <windows.h>
#include <aclapi.h>

#include "os-win.h"

int
os_win_errno(DWORD code)
{
	switch (code) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_INVALID_DRIVE:
	case ERROR_BAD_NETPATH:
	case ERROR_BAD_NET_NAME:
	case ERROR_INVALID_NAME:
	case ERROR_BAD_PATHNAME:
		return ENOENT;
	case ERROR_FILE_EXISTS:
	case ERROR_ALREADY_EXISTS:
		return EEXIST;
	case ERROR_ACCESS_DENIED:
	case ERROR_PRIVILEGE_NOT_HELD:
	case ERROR_INVALID_OWNER:
		return EACCES;
	case ERROR_WRITE_PROTECT:
		return EROFS;
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
	case ERROR_BUSY:
	case ERROR_DELETE_PENDING:
		return EBUSY;
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL:
	case 1295:	/* ERROR_DISK_QUOTA_EXCEEDED: not in mingw-w64's headers */
		return ENOSPC;
	case ERROR_FILE_TOO_LARGE:
		return EFBIG;
	case ERROR_DIRECTORY:
		return ENOTDIR;
	case ERROR_DIR_NOT_EMPTY:
		return ENOTEMPTY;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		return ENOMEM;
	case ERROR_FILENAME_EXCED_RANGE:
		return ENAMETOOLONG;
	case ERROR_NOT_SAME_DEVICE:
		return EXDEV;
	case ERROR_CANT_RESOLVE_FILENAME:
		return ELOOP;
	case ERROR_NOT_SUPPORTED:
	case ERROR_INVALID_FUNCTION:
		return EOPNOTSUPP;
	case ERROR_INVALID_PARAMETER:
	case ERROR_INVALID_HANDLE:
		return EINVAL;
	case ERROR_TOO_MANY_OPEN_FILES:
		return EMFILE;
	case ERROR_NO_UNICODE_TRANSLATION:
		return EILSEQ;
	default:
		return EIO;
	}
}

int
os_win_fail(void)
{
	errno = os_win_errno(GetLastError());
	return -1;
}

int
os_win_to_wide(const char *s, wchar_t *w, size_t n)
{
	int len;

	if (n > INT_MAX)
		n = INT_MAX;
	if (*s == '\0') {
		w[0] = L'\0';
		return 0;
	}
	len = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, (int)n);
	if (len == 0) {
		errno = GetLastError() == ERROR_INSUFFICIENT_BUFFER ? ENAMETOOLONG : EILSEQ;
		return -1;
	}
	return 0;
}

int
os_win_from_wide(const wchar_t *w, char *out, size_t size)
{
	int len;

	if (size > INT_MAX)
		size = INT_MAX;
	if (*w == L'\0') {
		if (size > 0)
			out[0] = '\0';
		return 0;
	}
	len = WideCharToMultiByte(CP_UTF8, 0, w, -1, out, (int)size, NULL, NULL);
	if (len == 0) {
		errno = GetLastError() == ERROR_INSUFFICIENT_BUFFER ? ENAMETOOLONG : EILSEQ;
		return -1;
	}
	return 0;
}

static bool
os_win_sep(wchar_t c)
{
	return c == L'\\' || c == L'/';
}

int
os_win_path(const char *path, wchar_t *w)
{
	wchar_t *p, full[OS_WPATH_MAX];
	size_t len;
	DWORD n;

	if (os_win_to_wide(path, w, OS_WPATH_MAX - 8) != 0)
		return -1;
	if (w[0] == L'\\' && w[1] == L'\\' && w[2] == L'?' && w[3] == L'\\')
		return 0;	/* given as Windows' own long form: left as it is */
	for (p = w; *p; p++)
		if (*p == L'/')
			*p = L'\\';
	len = (size_t)(p - w);
	/* Below MAX_PATH less a file name (what CreateDirectoryW allows) every
	 * call takes the plain form. */
	if (len < MAX_PATH - 12)
		return 0;
	/* The long form names exactly: no ".", "..", or relative part left. */
	n = GetFullPathNameW(w, OS_WPATH_MAX, full, NULL);
	if (n == 0 || n >= OS_WPATH_MAX - 8) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (os_win_sep(full[0]) && os_win_sep(full[1])) {
		if (full[2] == L'?' || full[2] == L'.')
			wcscpy(w, full);	/* a device or long form already */
		else {
			wcscpy(w, L"\\\\?\\UNC\\");
			wcscat(w, full + 2);
		}
	} else {
		wcscpy(w, L"\\\\?\\");
		wcscat(w, full);
	}
	return 0;
}

int
os_win_utf8(const wchar_t *w, char *out, size_t size)
{
	char *p;

	if (wcsncmp(w, L"\\\\?\\UNC\\", 8) == 0) {
		if (size < 3) {
			errno = ENAMETOOLONG;
			return -1;
		}
		out[0] = out[1] = '/';
		if (os_win_from_wide(w + 8, out + 2, size - 2) != 0)
			return -1;
	} else if (os_win_from_wide(wcsncmp(w, L"\\\\?\\", 4) == 0 ? w + 4 : w, out, size) != 0)
		return -1;
	for (p = out; *p; p++)
		if (*p == '\\')
			*p = '/';
	return 0;
}

/* --- security --- */

/* Filled once: the token's user, and an owner-only rule for files and one
 * for folders. socds calls the os layer from one thread. */
static union {
	SID sid;
	unsigned char bytes[SECURITY_MAX_SID_SIZE];
} os_win_sid;
static bool os_win_sid_known, os_win_sid_tried;

PSID
os_win_user_sid(void)
{
	union {
		TOKEN_USER tu;
		unsigned char bytes[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
	} info;
	HANDLE tok;
	DWORD got;

	if (os_win_sid_tried)
		return os_win_sid_known ? &os_win_sid.sid : NULL;
	os_win_sid_tried = true;
	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
		return NULL;
	if (GetTokenInformation(tok, TokenUser, &info, sizeof info, &got) &&
	    CopySid(sizeof os_win_sid, &os_win_sid.sid, info.tu.User.Sid))
		os_win_sid_known = true;
	CloseHandle(tok);
	return os_win_sid_known ? &os_win_sid.sid : NULL;
}

struct os_win_private {
	union {
		ACL acl;
		unsigned char bytes[sizeof(ACL) + sizeof(ACCESS_ALLOWED_ACE) + SECURITY_MAX_SID_SIZE];
	} dacl;
	SECURITY_DESCRIPTOR sd;
	SECURITY_ATTRIBUTES sa;
	bool built, failed;
};

static struct os_win_private os_win_priv[2];	/* [0] files, [1] folders */

/* Full control for the account alone; a folder's rule passes to its files
 * and folders. */
static ACL *
os_win_private_acl(bool dir)
{
	struct os_win_private *p = &os_win_priv[dir];
	PSID sid;

	if (p->built || p->failed)
		return p->built ? &p->dacl.acl : NULL;
	p->failed = true;
	if ((sid = os_win_user_sid()) == NULL ||
	    !InitializeAcl(&p->dacl.acl, sizeof p->dacl, ACL_REVISION) ||
	    !AddAccessAllowedAceEx(&p->dacl.acl, ACL_REVISION,
	    dir ? OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE : 0, FILE_ALL_ACCESS, sid))
		return NULL;
	if (!InitializeSecurityDescriptor(&p->sd, SECURITY_DESCRIPTOR_REVISION) ||
	    !SetSecurityDescriptorDacl(&p->sd, TRUE, &p->dacl.acl, FALSE) ||
	    /* Not the administrators group an elevated process would give. */
	    !SetSecurityDescriptorOwner(&p->sd, sid, FALSE) ||
	    /* Nothing from the folder's rules joins in. */
	    !SetSecurityDescriptorControl(&p->sd, SE_DACL_PROTECTED, SE_DACL_PROTECTED))
		return NULL;
	p->sa.nLength = sizeof p->sa;
	p->sa.lpSecurityDescriptor = &p->sd;
	p->sa.bInheritHandle = FALSE;
	p->built = true;
	p->failed = false;
	return &p->dacl.acl;
}

SECURITY_ATTRIBUTES *
os_win_private_sa(bool dir)
{
	return os_win_private_acl(dir) != NULL ? &os_win_priv[dir].sa : NULL;
}

int
os_win_private_set(HANDLE h, bool dir)
{
	ACL *acl = os_win_private_acl(dir);
	DWORD rc;

	if (acl == NULL) {
		errno = EACCES;
		return -1;
	}
	rc = SetSecurityInfo(h, SE_FILE_OBJECT,
	    DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, NULL, NULL, acl, NULL);
	/* FAT keeps no rules: the file is as private as that disk allows. */
	if (rc != ERROR_SUCCESS && rc != ERROR_NOT_SUPPORTED && rc != ERROR_INVALID_FUNCTION) {
		errno = os_win_errno(rc);
		return -1;
	}
	return 0;
}

/* Whether sid is the account, or a group of it that may own files (the
 * administrators of an elevated process). */
static bool
os_win_is_me(PSID sid)
{
	PSID me = os_win_user_sid();
	BOOL member = FALSE;

	if (me != NULL && EqualSid(sid, me))
		return true;
	return CheckTokenMembership(NULL, sid, &member) && member;
}

void
os_win_owner(HANDLE h, bool *mine, bool *private)
{
	PSECURITY_DESCRIPTOR sd = NULL;
	PSID owner = NULL;
	ACL *dacl = NULL;
	union {
		SID sid;
		unsigned char bytes[SECURITY_MAX_SID_SIZE];
	} system;
	DWORD size = sizeof system;

	/* No owner to read (FAT, a network share): the file system's owner is
	 * whoever can reach it, as on a FAT stick mounted on Linux. */
	*mine = true;
	*private = false;
	if (GetSecurityInfo(h, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION |
	    DACL_SECURITY_INFORMATION, &owner, NULL, &dacl, NULL, &sd) != ERROR_SUCCESS)
		return;
	if (owner != NULL)
		*mine = os_win_is_me(owner);
	if (dacl != NULL && CreateWellKnownSid(WinLocalSystemSid, NULL, &system.sid, &size)) {
		/* Private: every rule that lets someone in names the account (or
		 * the system itself, which can read everything anyway). */
		*private = true;
		for (DWORD i = 0; i < dacl->AceCount && *private; i++) {
			ACE_HEADER *ace;
			if (!GetAce(dacl, i, (void **)&ace))
				*private = false;
			else if (ace->AceFlags & INHERIT_ONLY_ACE)
				continue;
			else if (ace->AceType == ACCESS_ALLOWED_ACE_TYPE) {
				/* The account itself: a group it is in (Users,
				 * Everyone) lets others in too. */
				PSID sid = &((ACCESS_ALLOWED_ACE *)ace)->SidStart;
				PSID me = os_win_user_sid();
				if ((me == NULL || !EqualSid(sid, me)) && !EqualSid(sid, &system.sid))
					*private = false;
			} else if (ace->AceType != ACCESS_DENIED_ACE_TYPE)
				*private = false;
		}
	}
	LocalFree(sd);
}

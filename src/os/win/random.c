/* os/win/random: the system's random source (BCryptGenRandom, Windows 7). */
#include <errno.h>
#include <windows.h>
#include <bcrypt.h>

#include "socds/os.h"

int
os_random(void *buf, size_t n, bool wait)
{
	size_t got = 0;

	(void)wait;	/* always ready once Windows runs programs */
	while (got < n) {
		ULONG want = n - got > 1u << 30 ? 1u << 30 : (ULONG)(n - got);
		if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, (PUCHAR)buf + got, want,
		    BCRYPT_USE_SYSTEM_PREFERRED_RNG))) {
			errno = EIO;
			return -1;
		}
		got += want;
	}
	return 0;
}

/* uuid: version 7 ids from the clock and the kernel's random source. */
#include <stdio.h>
#include <string.h>

#include "socds/os.h"
#include "socds/uuid.h"

/* Random bytes are drawn in blocks: one getrandom() per id is a system call
 * per row when the demo makes a million. */
static unsigned char uuid_pool[4096];
static size_t uuid_pool_pos = sizeof uuid_pool;
static long uuid_pool_pid;

static int
uuid_random(unsigned char *b, size_t n)
{
	/* A forked child has a copy of the pool: drawing from it would repeat
	 * the parent's ids. A new process draws a pool of its own. */
	if (uuid_pool_pid != os_pid_self()) {
		uuid_pool_pos = sizeof uuid_pool;
		uuid_pool_pid = os_pid_self();
	}
	if (uuid_pool_pos + n > sizeof uuid_pool) {
		if (os_random(uuid_pool, sizeof uuid_pool, true) != 0)
			return -1;
		uuid_pool_pos = 0;
	}
	memcpy(b, uuid_pool + uuid_pool_pos, n);
	uuid_pool_pos += n;
	return 0;
}

int
uuid_v7(char out[UUID_STR_LEN], uint64_t ms)
{
	unsigned char b[16];
	static const char hex[] = "0123456789abcdef";

	if (ms == 0)
		ms = (uint64_t)(os_time_ns() / 1000000);
	if (uuid_random(b + 6, 10) < 0)
		return -1;
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0f));
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 0xf];
	}
	*p = '\0';
	return 0;
}

int
uuid_valid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return 0;
	}
	return s[36] == '\0';
}

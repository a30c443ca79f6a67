/*
 * lock_wait.c -- waiting for a busy store (see lock_wait.h).
 *
 * The lock is a record lock, so the holder's exit releases it; we retry
 * the non-blocking attempt every 50 ms rather than block in F_SETLKW,
 * so a signal, a deadline and the holder's pid in the message all keep
 * working.  How long the wait took never changes what a run files.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "battfarm/lock_wait.h"
#include "battfarm/store.h"
#include "battfarm/prof.h"

#define RETRY_NS 50000000L

int bf_store_lock_wait(const char *root, double seconds, volatile sig_atomic_t *stop, char *err,
		       size_t errlen)
{
	int64_t deadline = seconds < 0 ? INT64_MAX : bf_now_ns() + (int64_t)(seconds * 1e9);
	bool said = false;
	for (;;) {
		int fd = bf_store_lock(root, err, errlen);
		if (fd != -2 || bf_now_ns() >= deadline || (stop && *stop))
			return fd;
		if (!said) {
			if (seconds < 0)
				fprintf(stderr, "battfarm: %s; waiting for it (--wait-lock)\n", err);
			else
				fprintf(stderr, "battfarm: %s; waiting up to %g s for it (--wait-lock)\n",
					err, seconds);
			said = true;
		}
		struct timespec ts = {0, RETRY_NS};
		nanosleep(&ts, NULL);
	}
}

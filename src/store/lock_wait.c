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
#include "battfarm/util.h"

#define RETRY_NS 50000000L

/* The retry loop of both waits: lock() until it is not busy (-2), the
 * deadline passes or *stop is set. */
static int wait_for(int (*lock)(const void *arg, char *err, size_t errlen), const void *arg,
		    double seconds, volatile sig_atomic_t *stop, char *err, size_t errlen)
{
	int64_t deadline = seconds < 0 ? INT64_MAX : bf_now_ns() + (int64_t)(seconds * 1e9);
	bool said = false;
	for (;;) {
		int fd = lock(arg, err, errlen);
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

static int lock_run(const void *arg, char *err, size_t errlen)
{
	return bf_store_lock(arg, err, errlen);
}

int bf_store_lock_wait(const char *root, double seconds, volatile sig_atomic_t *stop, char *err,
		       size_t errlen)
{
	return wait_for(lock_run, root, seconds, stop, err, errlen);
}

typedef struct shared_arg {
	int rootfd;
	const char *root;
} shared_arg;

static int lock_reader(const void *arg, char *err, size_t errlen)
{
	const shared_arg *a = arg;
	return bf_store_lock_shared(a->rootfd, a->root, err, errlen);
}

int bf_store_lock_shared_wait(int rootfd, const char *root, double seconds,
			      volatile sig_atomic_t *stop, char *err, size_t errlen)
{
	shared_arg a = {rootfd, root};
	return wait_for(lock_reader, &a, seconds, stop, err, errlen);
}

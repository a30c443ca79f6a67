/*
 * lock_wait.h -- `--wait-lock [SEC]`: take a store's run lock, waiting
 * while another run holds it instead of refusing.
 */
#ifndef BATTFARM_LOCK_WAIT_H
#define BATTFARM_LOCK_WAIT_H

#include <signal.h>
#include <stddef.h>

/* Wait forever (until *stop is set). */
#define BF_WAIT_FOREVER (-1.0)

/* bf_store_lock, retried while the store is busy for up to seconds (0:
 * not at all, BF_WAIT_FOREVER: no limit) or until *stop (may be NULL) is
 * set; says once on stderr that it waits and for whom.  The descriptor,
 * or as bf_store_lock: -1 with a message when the store is unusable, -2
 * when it is still busy. */
int bf_store_lock_wait(const char *root, double seconds, volatile sig_atomic_t *stop, char *err,
		       size_t errlen);

/* The same for bf_store_lock_shared (a reader's lock, nothing created):
 * also -3 when the store has no lock file. */
int bf_store_lock_shared_wait(int rootfd, const char *root, double seconds,
			      volatile sig_atomic_t *stop, char *err, size_t errlen);

#endif

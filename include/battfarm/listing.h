/*
 * listing.h -- read-only listing of a store's task directories, for
 * `results`, `run --predict` and `run --html`.
 *
 * Everything is opened beneath the root's descriptor without following a
 * symlink and without blocking (the store's path layer), so a link planted
 * in a store never makes a listing read outside it: a directory that is a
 * link (or anything else that is not a directory) is skipped, with a line
 * on stderr that names it.  No lock is taken and nothing is changed, so a
 * listing may run beside a run that holds the lock.
 */
#ifndef BATTFARM_LISTING_H
#define BATTFARM_LISTING_H

#include <stddef.h>

#include "battfarm/store.h"

/* A store opened for listing: the root and its kinds' link directories. */
typedef struct bf_listing {
	const char *root;
	int rootfd;
	int dirfd[2]; /* solver_dir/, differ_dir/; -1 when absent or refused */
	int refused;  /* directories skipped (each said on stderr) */
} bf_listing;

/* Open root for listing; -1 with errno when root is not a directory (a
 * refused solver_dir or differ_dir is said on stderr and lists nothing). */
int bf_listing_open(bf_listing *l, const char *root);
void bf_listing_close(bf_listing *l);

/* The programs filed for task in kind's directory, best first
 * (bf_filed_cmp); *n of them, none when the task has none.  Free with
 * free(). */
bf_filed *bf_listing_task(bf_listing *l, bf_store_kind kind, const char *task, int *n);

/* The ids of the solve_<id> entries of solver_dir/, sorted (NULL-terminated;
 * free with bf_free_list). */
char **bf_listing_task_ids(const bf_listing *l, int *n);

/* bf_listing_task for one task of the store at root (open, list, close). */
bf_filed *bf_store_list_task(const char *root, bf_store_kind kind, const char *task, int *n);

/* The text of kind's md5 file <md5>.py in the store at root (NUL-terminated,
 * its length in *len), read without following a link; NULL when it is
 * missing, not a regular file or unreadable (said on stderr unless it is
 * missing). */
char *bf_store_read_program(const char *root, bf_store_kind kind, const char *md5, size_t *len);

#endif

/*
 * listing.h -- read-only listing of a store's task directories.
 */
#ifndef BATTFARM_LISTING_H
#define BATTFARM_LISTING_H

#include "battfarm/store.h"

/* The programs filed for task in kind's directory of the store at root,
 * best first (bf_filed_cmp); *n of them, none when the task has none.
 * Free the array with free(). */
bf_filed *bf_store_list_task(const char *root, bf_store_kind kind, const char *task, int *n);

#endif

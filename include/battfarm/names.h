/*
 * names.h -- the store's index of source names and task sample counts
 * (OUT/names.json; see src/store/names.c for the format and its promises).
 * The index is a jansson object: load it, add to it, save it.
 */
#ifndef BATTFARM_NAMES_H
#define BATTFARM_NAMES_H

#include <stddef.h>

#include <jansson.h>

#include "battfarm/store.h"

#define BF_NAMES_FILE "names.json"

/* The store's index, or an empty one when there is none (or it is unreadable:
 * it is rebuilt from what the next run loads). */
json_t *bf_names_load(const char *root);
/* Record that the source function name inlines to md5. */
void bf_names_add(json_t *idx, bf_store_kind kind, const char *md5, const char *name);
/* Record task id's sample count and how many of them have an expected output. */
void bf_names_add_task(json_t *idx, const char *id, int samples, int scored);
/* The sorted names of md5 (a JSON array), or NULL. */
const json_t *bf_names_of(const json_t *idx, bf_store_kind kind, const char *md5);
/* Keep only md5s with a file in the store, then write the index by temp file
 * and rename.  -1 with a message on failure. */
int bf_names_save(json_t *idx, const char *root, char *err, size_t errlen);

#endif

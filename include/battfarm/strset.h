/*
 * strset.h -- a set of NUL-terminated strings (copies are kept).
 */
#ifndef BATTFARM_STRSET_H
#define BATTFARM_STRSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct bf_strset {
	char **slot;
	size_t n, cap;
} bf_strset;

bf_strset *bf_strset_new(void);
void bf_strset_free(bf_strset *s);
bool bf_strset_has(const bf_strset *s, const char *k);
void bf_strset_add(bf_strset *s, const char *k);

#endif

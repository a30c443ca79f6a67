/*
 * strset.c -- a set of strings (open addressing, FNV-1a), for the store's
 * directory and md5 caches and the pipeline's duplicate filters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/strset.h"
#include "battfarm/util.h"


static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

bf_strset *bf_strset_new(void)
{
	bf_strset *s = bf_xmalloc(sizeof(*s));
	s->cap = 256;
	s->n = 0;
	s->slot = calloc(s->cap, sizeof(char *));
	if (!s->slot)
		abort();
	return s;
}

void bf_strset_free(bf_strset *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	free(s);
}

bool bf_strset_has(const bf_strset *s, const char *k)
{
	for (size_t i = fnv(k) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->slot[i])
			return false;
		if (strcmp(s->slot[i], k) == 0)
			return true;
	}
}

void bf_strset_add(bf_strset *s, const char *k)
{
	if (bf_strset_has(s, k))
		return;
	if ((s->n + 1) * 2 > s->cap) {
		bf_strset bigger = {calloc(s->cap * 2, sizeof(char *)), 0, s->cap * 2};
		if (!bigger.slot)
			abort();
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i]) {
				size_t j = fnv(s->slot[i]) & (bigger.cap - 1);
				while (bigger.slot[j])
					j = (j + 1) & (bigger.cap - 1);
				bigger.slot[j] = s->slot[i];
			}
		free(s->slot);
		s->slot = bigger.slot;
		s->cap = bigger.cap;
	}
	size_t i = fnv(k) & (s->cap - 1);
	while (s->slot[i])
		i = (i + 1) & (s->cap - 1);
	s->slot[i] = bf_xstrdup(k);
	s->n++;
}


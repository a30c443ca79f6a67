/*
 * room.c -- a buffer kept for reuse (see room.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "room.h"

#define ROOM_MAPPED ((size_t)64 << 10) /* under glibc's lowest mmap threshold */

void bf_room_drop(bf_room *r)
{
	if (r->cap >= ROOM_MAPPED)
		munmap(r->p, r->cap);
	else
		free(r->p);
	r->p = NULL;
	r->cap = 0;
}

void *bf_room_fit(bf_room *r, size_t n, size_t keep)
{
	if (n > r->wanted)
		r->wanted = n;
	if (n <= r->cap)
		return r->p;
	size_t cap = r->cap * 2 > n ? r->cap * 2 : n;
	void *p;
	if (cap < ROOM_MAPPED) {
		p = malloc(cap);
	} else {
		p = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		p = p == MAP_FAILED ? NULL : p;
	}
	if (!p)
		return NULL;
	if (keep)
		memcpy(p, r->p, keep);
	bf_room_drop(r);
	r->p = p;
	r->cap = cap;
	return p;
}

void bf_room_trim(bf_room *r, size_t keep)
{
	if (r->cap > keep && r->wanted <= keep)
		bf_room_drop(r);
	r->wanted = 0;
}

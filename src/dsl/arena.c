/*
 * arena.c -- bump allocator for one evaluation (see arena.h).
 *
 * Blocks are chained newest first.  Reset keeps the oldest and a few more
 * (up to BF_ARENA_KEEP bytes) for the next samples, so a steady run neither
 * calls the kernel nor faults fresh pages; the blocks a big sample needed
 * beyond that go back to the system at once.  Blocks are mapped and
 * unmapped directly (not malloc'd): glibc would keep freed big chunks in
 * its heap once its mmap threshold has grown, and the worker's RSS with
 * them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "battfarm/arena.h"


#define BF_ARENA_MIN_BLOCK ((size_t)1 << 20)

void bf_arena_init(bf_arena *a, size_t limit)
{
	a->spare = NULL;
	a->spare_bytes = 0;
	a->head = NULL;
	a->used_total = 0;
	a->limit = limit;
	a->peak = 0;
}

static bf_arena_block *block_new(bf_arena *a, bf_arena_block *prev, size_t need)
{
	/* reuse a kept block when one is big enough */
	for (bf_arena_block **pp = &a->spare; *pp; pp = &(*pp)->prev) {
		bf_arena_block *b = *pp;
		if (b->size >= need) {
			*pp = b->prev;
			a->spare_bytes -= b->size;
			b->prev = prev;
			b->used = 0;
			return b;
		}
	}
	size_t size = BF_ARENA_MIN_BLOCK;
	size_t grow = prev ? prev->size * 2 : size;
	if (grow > ((size_t)64 << 20))
		grow = (size_t)64 << 20;
	if (grow > size)
		size = grow;
	if (size < need)
		size = need;
	void *m = mmap(NULL, sizeof(bf_arena_block) + size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	bf_arena_block *b = m;
	b->prev = prev;
	b->size = size;
	b->used = 0;
	return b;
}

void *bf_arena_alloc_slow(bf_arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	if (a->limit && (a->used_total + n > a->limit || n > a->limit))
		return NULL;
	bf_arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		b = block_new(a, a->head, n);
		if (!b)
			return NULL;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	a->used_total += n;
	if (a->used_total > a->peak)
		a->peak = a->used_total;
	return p;
}

static void block_free(bf_arena_block *b)
{
	munmap(b, sizeof(*b) + b->size);
}

void bf_arena_reset(bf_arena *a)
{
	bf_arena_block *b = a->head;
	while (b && b->prev) {
		bf_arena_block *prev = b->prev;
		if (a->spare_bytes + b->size <= BF_ARENA_KEEP) {
			b->prev = a->spare;
			a->spare = b;
			a->spare_bytes += b->size;
		} else {
			block_free(b);
		}
		b = prev;
	}
	if (b)
		b->used = 0;
	a->head = b;
	a->used_total = 0;
}

void bf_arena_release(bf_arena *a)
{
	bf_arena_reset(a);
	if (a->head)
		block_free(a->head);
	a->head = NULL;
	while (a->spare) {
		bf_arena_block *b = a->spare;
		a->spare = b->prev;
		block_free(b);
	}
	a->spare_bytes = 0;
}

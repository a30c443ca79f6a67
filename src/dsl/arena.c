/*
 * arena.c -- bump allocator for one evaluation (see arena.h).
 *
 * Blocks are chained newest first.  Reset keeps blocks for the next
 * sample, as many as the last one used and at least BF_ARENA_KEEP bytes,
 * so a steady run neither calls the kernel nor faults fresh pages; what a
 * big sample needed beyond that goes back to the system after the next
 * sample that needs less.
 * A request that does not fit in the head while the head has room left
 * gets a block of its own, so no block is abandoned more than 1/8 empty and
 * what the arena maps is bounded by its ceiling (bf_arena_mapped_max).  Blocks are mapped and
 * unmapped directly (not malloc'd): glibc would keep freed big chunks in
 * its heap once its mmap threshold has grown, and the worker's RSS with
 * them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "battfarm/arena.h"


/* 2 MB: the first block is a huge page (see below) */
#define BF_ARENA_MIN_BLOCK ((size_t)2 << 20)
#define BF_ARENA_MAX_BLOCK ((size_t)64 << 20)
/* Blocks of this size or more (every block but a small one of its own)
 * ask for transparent huge pages, so a sample that grows an arena
 * faults its fresh memory in 2 MB steps rather than 4 kB ones: check of
 * the 400 arc-dsl solvers took 8,657 page faults with 1 MB first blocks
 * and 4 kB pages, 256 with these (about 10 % less CPU).  Only a hint:
 * where the kernel gives none, nothing changes. */
#define BF_ARENA_HUGE BF_ARENA_MIN_BLOCK

void bf_arena_init(bf_arena *a, size_t limit)
{
	a->spare = NULL;
	a->spare_bytes = 0;
	a->head = NULL;
	a->used_total = 0;
	a->limit = limit;
	a->peak = 0;
	a->mapped = 0;
	a->blocks_born = 0;
}

/* len bytes of fresh memory; from BF_ARENA_HUGE on, starting on a 2 MB
 * boundary (mapped with 2 MB to spare, the ends given back at once) and
 * marked for huge pages, which only whole aligned 2 MB ranges can get. */
static void *map_block(size_t len)
{
	const int prot = PROT_READ | PROT_WRITE, flags = MAP_PRIVATE | MAP_ANONYMOUS;
	if (len < BF_ARENA_HUGE) {
		void *m = mmap(NULL, len, prot, flags, -1, 0);
		return m == MAP_FAILED ? NULL : m;
	}
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	len = (len + page - 1) & ~(page - 1);
	size_t span = len + BF_ARENA_HUGE;
	unsigned char *m = mmap(NULL, span, prot, flags, -1, 0);
	if (m == MAP_FAILED) { /* near an address-space limit: no spare then */
		m = mmap(NULL, len, prot, flags, -1, 0);
		return m == MAP_FAILED ? NULL : m;
	}
	uintptr_t start = ((uintptr_t)m + BF_ARENA_HUGE - 1) & ~(uintptr_t)(BF_ARENA_HUGE - 1);
	size_t head = start - (uintptr_t)m;
	if (head)
		munmap(m, head);
	if (span - head > len)
		munmap((unsigned char *)start + len, span - head - len);
	madvise((void *)start, len, MADV_HUGEPAGE);
	return (void *)start;
}

/* A block of at least need bytes: exactly need for one request of its
 * own, else the growing size of the chain's blocks. */
static bf_arena_block *block_new(bf_arena *a, bf_arena_block *prev, size_t need, bool exact)
{
	/* reuse a kept block when one is big enough */
	for (bf_arena_block **pp = &a->spare; *pp; pp = &(*pp)->prev) {
		bf_arena_block *b = *pp;
		if (b->size >= need) {
			*pp = b->prev;
			a->spare_bytes -= b->size;
			b->prev = prev;
			b->used = 0;
			b->born = a->blocks_born++;
			return b;
		}
	}
	size_t size = exact ? need : BF_ARENA_MIN_BLOCK;
	size_t grow = prev && !exact ? prev->size * 2 : size;
	if (grow > BF_ARENA_MAX_BLOCK)
		grow = BF_ARENA_MAX_BLOCK;
	if (grow > size)
		size = grow;
	if (size < need)
		size = need;
	void *m = map_block(sizeof(bf_arena_block) + size);
	if (!m)
		return NULL;
	bf_arena_block *b = m;
	b->prev = prev;
	b->size = size;
	b->used = 0;
	b->born = a->blocks_born++;
	b->poisoned = false;
	a->mapped += sizeof(bf_arena_block) + size;
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
	if (b && b->size - b->used < n && b->size - b->used > b->size / 8) {
		/* the head still has room for smaller requests: n gets a block
		 * of its own behind it, so no block is left more than 1/8 empty
		 * and the mapped total stays within bf_arena_mapped_max() */
		bf_arena_block *own = block_new(a, b->prev, n, true);
		if (!own)
			return NULL;
		b->prev = own;
		b = own;
	} else if (!b || b->size - b->used < n) {
		b = block_new(a, a->head, n, false);
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

/* Sanitizer builds: what a rewind poisoned is fit for use again (a block
 * is reused after a reset, or unmapped, where the shadow must be clean). */
static void unpoison(bf_arena_block *b)
{
	if (b->poisoned) {
		BF_ARENA_UNPOISON(b->data, b->size);
		b->poisoned = false;
	}
}

static void block_free(bf_arena *a, bf_arena_block *b)
{
	a->mapped -= sizeof(*b) + b->size;
	unpoison(b);
	munmap(b, sizeof(*b) + b->size);
}

static bool in_block(const bf_arena_block *b, const unsigned char *q, size_t from)
{
	return q >= b->data + from && q < b->data + b->used;
}

bool bf_arena_since_slow(const bf_arena *a, const bf_arena_mark *m, const void *p)
{
	const unsigned char *q = p;
	const bf_arena_block *b = a->head;
	for (; b != m->head; b = b->prev)
		if (in_block(b, q, 0))
			return true;
	if (!b)
		return false;
	if (in_block(b, q, m->used))
		return true;
	/* blocks of their own made while m->head was the head, right behind it */
	for (b = b->prev; b && b->born >= m->born; b = b->prev)
		if (in_block(b, q, 0))
			return true;
	return false;
}

#ifdef BF_ARENA_ASAN
/* Sanitizer builds poison what a rewind gives back and never hand it out
 * again, so that a value kept across a rewind by mistake is reported when
 * it is read, however much is allocated after (reuse would unpoison it). */
static void poison(bf_arena_block *b, size_t from)
{
	BF_ARENA_POISON(b->data + from, b->used - from);
	b->poisoned = true;
}

void bf_arena_rewind(bf_arena *a, const bf_arena_mark *m)
{
	bf_arena_block *b = a->head;
	for (; b != m->head; b = b->prev)
		poison(b, 0);
	if (!b)
		return;
	poison(b, m->used);
	for (b = b->prev; b && b->born >= m->born; b = b->prev)
		poison(b, 0);
}
#else
/* b, no longer in the chain, becomes a spare for the blocks to come. */
static void to_spare(bf_arena *a, bf_arena_block *b)
{
	b->used = 0;
	b->prev = a->spare;
	a->spare = b;
	a->spare_bytes += b->size;
}

void bf_arena_rewind(bf_arena *a, const bf_arena_mark *m)
{
	while (a->head != m->head) {
		bf_arena_block *b = a->head;
		a->head = b->prev;
		to_spare(a, b);
	}
	bf_arena_block *h = m->head;
	if (!h)
		return;
	while (h->prev && h->prev->born >= m->born) {
		bf_arena_block *own = h->prev;
		h->prev = own->prev;
		to_spare(a, own);
	}
	h->used = m->used;
}
#endif

void *bf_arena_alloc_again(bf_arena *a, size_t n)
{
	size_t total = a->used_total, peak = a->peak, limit = a->limit;
	a->limit = 0;
	void *p = bf_arena_alloc(a, n);
	a->limit = limit;
	a->used_total = total;
	a->peak = peak;
	return p;
}

size_t bf_arena_mapped_max(size_t limit)
{
	/* blocks at most 1/8 empty hold the limit (page rounding adds at
	 * most 1/32: a block of its own is over 128 kB); beside them the head
	 * block and the spare ones (at most what the last sample used) */
	return limit / 7 * 8 + limit / 32 + ((size_t)2 * BF_ARENA_MAX_BLOCK) +
	       (limit > BF_ARENA_KEEP ? limit : BF_ARENA_KEEP);
}

void bf_arena_reset(bf_arena *a)
{
	/* every block becomes a spare, this sample's first (newest first) */
	bf_arena_block *b = a->head;
	while (b) {
		bf_arena_block *prev = b->prev;
		unpoison(b);
		b->prev = a->spare;
		a->spare = b;
		b = prev;
	}
	a->head = NULL;
	/* keep as much as this sample used, at least BF_ARENA_KEEP: a run of
	 * big samples (one candidate's on a task) reuses its pages instead of
	 * faulting them anew each time, and the first smaller sample gives
	 * the rest back */
	size_t keep = a->used_total > BF_ARENA_KEEP ? a->used_total : BF_ARENA_KEEP;
	a->spare_bytes = 0;
	for (bf_arena_block **pp = &a->spare; *pp;) {
		bf_arena_block *s = *pp;
		if (a->spare_bytes + s->size <= keep) {
			a->spare_bytes += s->size;
			pp = &s->prev;
		} else {
			*pp = s->prev;
			block_free(a, s);
		}
	}
	a->used_total = 0;
}

void bf_arena_release(bf_arena *a)
{
	bf_arena_reset(a);
	if (a->head)
		block_free(a, a->head);
	a->head = NULL;
	while (a->spare) {
		bf_arena_block *b = a->spare;
		a->spare = b->prev;
		block_free(a, b);
	}
	a->spare_bytes = 0;
}

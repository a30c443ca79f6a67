/*
 * arena.h -- bump allocator for one evaluation.
 *
 * Every value built while a program runs on one sample comes from an arena;
 * nothing is freed one object at a time.  bf_arena_reset() gives the memory
 * back for the next sample (keeping the first block so steady-state runs do
 * not touch malloc).  A ceiling turns runaway allocation into a result: when
 * it is reached bf_arena_alloc() returns NULL and the caller raises an error.
 */
#ifndef BATTFARM_ARENA_H
#define BATTFARM_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bf_arena_block bf_arena_block;

struct bf_arena_block {
	bf_arena_block *prev;
	size_t size, used;
	uint64_t born; /* when it last became part of the chain (see bf_arena_mark) */
	bool poisoned; /* sanitizer builds: a rewind poisoned some of it */
	_Alignas(16) unsigned char data[];
};

typedef struct bf_arena {
	bf_arena_block *head;   /* current block (newest) */
	bf_arena_block *spare;  /* blocks kept across resets for reuse */
	size_t spare_bytes;
	size_t used_total;      /* bytes handed out since the last reset */
	size_t limit;           /* ceiling in bytes; 0 = none */
	size_t peak;            /* largest used_total seen */
	size_t mapped;          /* bytes mapped now, kept blocks included */
	uint64_t blocks_born;   /* blocks put in the chain so far */
} bf_arena;

/* Blocks kept across resets for the next sample: at least this many
 * bytes, and as many as the last sample used; what a big sample needed
 * beyond this goes back to the system after the next, smaller one (a
 * worker's RSS stays under 100 MB outside the samples that need more). */
#define BF_ARENA_KEEP ((size_t)16 << 20)

/* The ceiling of an evaluation's arena in run, check and eval. */
#define BF_EVAL_MEMORY ((size_t)2 << 30)

void bf_arena_init(bf_arena *a, size_t limit);
/* The most an arena with this ceiling ever maps.  The ceiling counts the
 * bytes handed out, the same in every mode and whatever blocks earlier
 * samples left, so a MemoryError falls at the same allocation everywhere
 * as long as the process can map this much (the validators' RLIMIT_AS is
 * set from it). */
size_t bf_arena_mapped_max(size_t limit);
void *bf_arena_alloc_slow(bf_arena *a, size_t n);

/* Under AddressSanitizer, memory a rewind gave back is poisoned until the
 * sample ends, and never handed out before, so a value kept across a
 * rewind by mistake is reported where it is read (CI's sanitizer build
 * runs every suite). */
#if defined(__SANITIZE_ADDRESS__)
#define BF_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BF_ARENA_ASAN 1
#endif
#endif
#ifdef BF_ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define BF_ARENA_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#define BF_ARENA_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#else
#define BF_ARENA_UNPOISON(p, n) ((void)(p), (void)(n))
#define BF_ARENA_POISON(p, n) ((void)(p), (void)(n))
#endif

/* 16-byte aligned memory, or NULL past the ceiling. */
static inline void *bf_arena_alloc(bf_arena *a, size_t n)
{
	size_t r = (n + 15) & ~(size_t)15;
	bf_arena_block *b = a->head;
	if (r && b && b->size - b->used >= r &&
	    (!a->limit || a->used_total + r <= a->limit)) {
		void *p = b->data + b->used;
		b->used += r;
		a->used_total += r;
		if (a->used_total > a->peak)
			a->peak = a->used_total;
		return p;
	}
	return bf_arena_alloc_slow(a, n);
}

/* A point in an arena's allocations to come back to.  bf_arena_rewind()
 * gives back for reuse the memory handed out since, but not its count:
 * used_total (the ceiling's count) and peak stay as they are, so a
 * rewind never moves the point where a MemoryError falls. */
typedef struct bf_arena_mark {
	bf_arena_block *head; /* the head block then (NULL: none yet) */
	size_t used;          /* its used bytes then */
	size_t total;         /* used_total then */
	uint64_t born;        /* blocks_born then: blocks born since are newer,
	                       * wherever in the chain they sit (a block of its
	                       * own goes behind the head) */
} bf_arena_mark;

static inline bf_arena_mark bf_arena_mark_now(const bf_arena *a)
{
	bf_arena_mark m = {a->head, a->head ? a->head->used : 0, a->used_total, a->blocks_born};
	return m;
}

bool bf_arena_since_slow(const bf_arena *a, const bf_arena_mark *m, const void *p);

/* Whether p lies in memory that bf_arena_rewind(a, m) would give back. */
static inline bool bf_arena_since(const bf_arena *a, const bf_arena_mark *m, const void *p)
{
	const bf_arena_block *h = a->head;
	if (h == m->head && a->blocks_born == m->born) /* still in the same block */
		return h && (const unsigned char *)p >= h->data + m->used &&
		       (const unsigned char *)p < h->data + h->used;
	return bf_arena_since_slow(a, m, p);
}
/* Give back what was handed out since m (m must be newer than the last
 * reset, and no rewind past m may have happened since it was taken). */
void bf_arena_rewind(bf_arena *a, const bf_arena_mark *m);
/* n bytes for something whose bytes were counted already (a value moved
 * down after a rewind): used_total and peak do not grow; NULL only when
 * the system has no memory to map. */
void *bf_arena_alloc_again(bf_arena *a, size_t n);
/* Count n bytes against the ceiling as bf_arena_alloc would, without
 * handing any out (memory a cache saved); false past the ceiling. */
/* Whether r more bytes (rounded as the arena rounds) stay under the
 * ceiling. */
static inline bool bf_arena_fits(const bf_arena *a, size_t r)
{
	return !a->limit || (a->used_total + r <= a->limit && r <= a->limit);
}

static inline bool bf_arena_charge(bf_arena *a, size_t n)
{
	size_t r = (n + 15) & ~(size_t)15;
	if (r == 0)
		r = 16;
	if (!bf_arena_fits(a, r))
		return false;
	a->used_total += r;
	if (a->used_total > a->peak)
		a->peak = a->used_total;
	return true;
}
void bf_arena_reset(bf_arena *a);
void bf_arena_release(bf_arena *a);

#endif

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

#include <stddef.h>

typedef struct bf_arena_block bf_arena_block;

typedef struct bf_arena {
	bf_arena_block *head;   /* current block (newest) */
	size_t used_total;      /* bytes handed out since the last reset */
	size_t limit;           /* ceiling in bytes; 0 = none */
	size_t peak;            /* largest used_total seen */
} bf_arena;

void bf_arena_init(bf_arena *a, size_t limit);
void *bf_arena_alloc(bf_arena *a, size_t n); /* 16-byte aligned, or NULL */
void bf_arena_reset(bf_arena *a);
void bf_arena_release(bf_arena *a);

#endif

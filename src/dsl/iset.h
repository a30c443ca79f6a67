/*
 * iset.h -- sets of numbered keys, laid out and charged as pyset.c lays
 * out and charges sets of values.
 *
 * objects() builds, per object, sets whose only use is the order in which
 * their items come out: the next wave's candidates, the neighbourhood they
 * are taken from, the object before it is frozen.  Where every key is one
 * of a known array (the grid's (i, j) pairs, the object's cells), such a
 * set is kept here as a table of key numbers, 4 bytes a slot instead of
 * 24, with each key's hash read from the array.  Every operation probes,
 * grows and shortcuts exactly as its pyset.c counterpart, so the slots
 * hold the same keys in the same places, and charges what it charges --
 * the same units, bytes and share of the memory ceiling, in the same
 * order, so a budget or the ceiling stops it at the same point.  Only the
 * memory is not the same: the tables come out of the arena uncounted
 * (bf_arena_alloc_again), and are less than the bytes they are charged as.
 * bf_set_copy_layout() then makes the real frozenset of one.
 */
#ifndef BATTFARM_ISET_H
#define BATTFARM_ISET_H

#include <stdbool.h>
#include <stdint.h>

#include "battfarm/ctx.h"

#define BF_ISET_EMPTY (-1)
#define BF_ISET_DUMMY (-2)

typedef struct bf_iset {
	int32_t *slot; /* key number, BF_ISET_EMPTY or BF_ISET_DUMMY */
	int64_t mask, fill, used;
} bf_iset;

/* The keys an iset's numbers stand for. */
typedef struct bf_ikeys {
	const int64_t *hash; /* hash[k]: key k's */
	/* keys k != l whose hashes are equal: whether they are equal, as
	 * bf_py_eq on the values says (it may charge or raise, as there) */
	bool (*eq)(bf_ctx *ctx, void *arg, int32_t k, int32_t l);
	void *arg;
	/* what an add of any of these keys charges beyond 1, as
	 * bf_set_key_items; only for merges, whose keys are all alike */
	uint64_t items;
} bf_ikeys;

/* Whether objects() floods on index sets: yes unless BATTFARM_NO_ISET is
 * set, or bf_iset_set() said otherwise (tests run both). */
bool bf_iset_on(void);
void bf_iset_set(bool on);

/* set() */
void bf_iset_new(bf_ctx *ctx, bf_iset *s);
/* set() and then n adds of distinct keys, whose last table the caller
 * worked out (key[k] in slot pos[k] of mask + 1, the rest empty): charged
 * as bf_iset_new and the adds, growth included, each charge in its place. */
void bf_iset_new_built(bf_ctx *ctx, bf_iset *s, int64_t n, uint64_t items, int64_t mask,
		       const int8_t *pos, const int32_t *key);
/* s.add(key k), where adding key k charges 1 + items. */
void bf_iset_add(bf_ctx *ctx, bf_iset *s, const bf_ikeys *keys, int32_t k, uint64_t items);
/* so |= other */
void bf_iset_update(bf_ctx *ctx, bf_iset *so, const bf_iset *other, const bf_ikeys *keys);
/* *r = a - b, b known by its length and membership (bf_set_sub_where) */
void bf_iset_sub_where(bf_ctx *ctx, bf_iset *r, const bf_iset *a, int64_t blen,
		       bool (*in_b)(void *, int32_t), void *arg, const bf_ikeys *keys);

#endif

/*
 * pyset.h -- sets laid out as CPython 3.11 lays them out.
 *
 * Python's frozenset iteration order is the order of slots in its hash
 * table, which depends on the hashes, on the insertion order and on the
 * resize history.  To give CPython's answer for first(), extract(), ties in
 * argmax() and the like, primitives build sets with the same sequence of
 * operations Python performs, through these functions:
 *
 *   set()                       bf_set_new(ctx)
 *   s.add(x) / {a, b} display   bf_set_add(ctx, s, x)
 *   frozenset(generator)        bf_set_new + bf_set_add each + bf_set_freeze
 *   frozenset(some_set)         bf_set_copy(ctx, some_set)  (set_merge path)
 *   a | b, a & b, a - b         bf_set_or / bf_set_and / bf_set_sub
 *   a |= b                      bf_set_update(ctx, a, b)
 *   x in s                      bf_set_contains
 *
 * Iterate with: for (int64_t i = 0; i <= s->mask; i++) if (live(e)) ...
 * or the BF_SET_FOREACH macro below.
 */
#ifndef BATTFARM_PYSET_H
#define BATTFARM_PYSET_H

#include "battfarm/value.h"

#define BF_SET_FOREACH(s, var)                                                  \
	for (int64_t bf_i_ = 0, bf_m_ = (s)->mask; bf_i_ <= bf_m_; bf_i_++)       \
		if ((s)->table[bf_i_].key.kind > BF_DUMMY &&                        \
		    ((var) = (s)->table[bf_i_].key, 1))

/* An empty mutable set (kind BF_SET). */
bf_val bf_set_new(bf_ctx *ctx);
void bf_set_add_hashed(bf_ctx *ctx, bf_val set, bf_val key, int64_t hash);
static inline void bf_set_add(bf_ctx *ctx, bf_val set, bf_val key)
{
	bf_set_add_hashed(ctx, set, key, bf_hash(ctx, key));
}
bool bf_set_contains(bf_ctx *ctx, bf_val set, bf_val key);
/* Turn a set built with bf_set_add into the frozenset that
 * frozenset(that_set) would give (a copy through set_merge). */
bf_val bf_set_freeze(bf_ctx *ctx, bf_val set);
/* Mark a freshly built set as frozen without the copy.  Python's
 * frozenset(generator) adds straight into the new frozenset, so this is the
 * one to use for frozenset(e for e in ...). */
bf_val bf_set_seal(bf_val set);
/* set(x) or frozenset(x) of an existing set/frozenset: merge copy. */
bf_val bf_set_copy(bf_ctx *ctx, bf_val src, bool frozen);
/* A set known by its layout (iset.h): slot[i] is the number of the key
 * in slot i of a table of mask+1 slots (< 0: empty or dummy), key[k] and
 * hash[k] that key and its hash. */
typedef struct bf_set_layout {
	int64_t mask, used, fill;
	const int32_t *slot;
	const bf_val *key;
	const int64_t *hash;
} bf_set_layout;
/* frozenset(s) of a set so known: the frozenset bf_set_copy(ctx, s, true)
 * gives, with its charges, without s's table ever being built. */
bf_val bf_set_copy_layout(bf_ctx *ctx, const bf_set_layout *src);
/* s |= other (set_update_internal with a set argument). */
void bf_set_update(bf_ctx *ctx, bf_val s, bf_val other);
/* a | b, a & b, a - b; result frozen iff a is frozen (Python: type(a)). */
bf_val bf_set_or(bf_ctx *ctx, bf_val a, bf_val b);
bf_val bf_set_and(bf_ctx *ctx, bf_val a, bf_val b);
bf_val bf_set_sub(bf_ctx *ctx, bf_val a, bf_val b);
/* a - b for a b that is never built: given by len(b) and a membership
 * test, with the same result as bf_set_sub (used where Python keeps a set
 * only to ask "in" of it, as objects() does with `occupied`). */
bf_val bf_set_sub_where(bf_ctx *ctx, bf_val a, int64_t blen, bool (*in_b)(void *, bf_val),
			void *arg);
/* a <= b (subset). */
bool bf_set_issubset(bf_ctx *ctx, bf_val a, bf_val b);
/* set_table_resize()'s table size for minused entries, and what
 * set_add_entry() asks it for when a table of `used` live entries fills
 * up (iset.c follows both). */
int64_t bf_set_size_for(int64_t minused);
int64_t bf_set_grown_minused(int64_t used);
/* Whether a table of mask + 1 slots holding `fill` entries (live and
 * dummy) is grown: set_add_entry() after an add, set_merge() before one
 * (with the entries to come counted in). */
static inline bool bf_set_full(int64_t fill, int64_t mask)
{
	return (uint64_t)fill * 5 >= (uint64_t)mask * 3;
}
/* The size a table grows to when set_add_entry() fills it with `fill`
 * entries (no dummies): what every replay of adds must grow by. */
int64_t bf_set_grown_size(int64_t fill);
/* asindices(): the set of every (i, j), i < h, j < w, added row by row,
 * as a mutable set, with pairs[i*w+j] the pair (i, j) it holds (unless
 * pairs is NULL; else it has room for h*w).  Its layout and its charge
 * are those of the adds, and so is where a budget or the ceiling stops it;
 * see pyset.c for how most sizes are placed without them. */
bf_val bf_set_of_indices(bf_ctx *ctx, int64_t h, int64_t w, bf_val *pairs);
/* asindices(h, w) for a caller that only walks it: the pairs, charged
 * and stopped as bf_set_of_indices, and instead of the set its layout,
 * order[s] the cell number i*w+j in slot s (-1: empty) of a table of
 * *mask + 1 slots.  NULL (nothing done) where bf_set_of_indices would
 * not place it from a noted layout: build the set then. */
int32_t *bf_indices_order(bf_ctx *ctx, int64_t h, int64_t w, bf_val *pairs, int64_t *mask);
/* The tables asindices(h, w) goes through: the last one's size, the one
 * before it (0: none) and how many growths there were. */
typedef struct bf_indices_tables {
	int64_t size, prev;
	int grows;
} bf_indices_tables;
typedef struct bf_charge_run bf_charge_run;
/* Replay on r what building asindices of n pairs charges, step for step
 * (bf_set_of_indices' own build); false where r stopped. */
bool bf_indices_charges(bf_charge_run *r, int64_t n, bf_indices_tables *t);
/* The layout of asindices(h, w) without building it: final[s] (t->size
 * entries) is the cell number i*w+j of the pair in slot s of its table, -1
 * for an empty slot; scratch has room for t->prev entries.  Unsalted
 * hashes only, fewer than 2^31 cells. */
void bf_indices_layout(int64_t h, int64_t w, const bf_indices_tables *t, int32_t *final,
		       int32_t *scratch);
/* The empty frozenset. */
bf_val bf_fset_empty(bf_ctx *ctx);

static inline int64_t bf_set_len(bf_val s) { return s.u.s->used; }

/* Charge n items inserted into, probed in or visited in s's table.
 * CPython's time per item grows once a table outgrows the caches; the
 * calibrated rates come from ARC-sized sets (under 2^15 slots), charged
 * as they are.  From there on each doubling of the table adds 3/4 of the
 * rate (fitted to asindices and objects on 3 x w canvases of up to 7.2 M
 * cells: tools/calibrate_far.py), so a candidate that builds huge sets
 * meets its budget, not the CPU-time backstop, and at the same point in
 * every run. */
#define BF_SET_NEAR_LG 15
static inline void bf_set_work_mask(bf_ctx *ctx, int64_t mask, uint64_t n)
{
	if (mask < ((int64_t)1 << BF_SET_NEAR_LG)) {
		bf_work(ctx, n);
		return;
	}
	int lg = 64 - __builtin_clzll((uint64_t)mask);
	bf_work_q(ctx, n, 4 + 3 * (uint64_t)(lg - BF_SET_NEAR_LG));
}
static inline void bf_set_work(bf_ctx *ctx, const bf_set *s, uint64_t n)
{
	bf_set_work_mask(ctx, s->mask, n);
}

/* The items CPython hashes to add key to a set: a tuple's hash is not
 * cached there, so every insert of a cell (v, (i, j)) hashes three ints
 * and a nested tuple again; ours are cached, but the charge is CPython's. */
static inline uint64_t bf_set_key_items(bf_val key)
{
	if (key.kind != BF_TUPLE)
		return 0;
	const bf_tuple *t = key.u.t;
	uint64_t n = (uint64_t)t->n;
	if (t->flags & BF_TF_ALLINT) /* an (i, j): no nested tuple to count */
		return n;
	for (int64_t i = 0; i < t->n; i++)
		if (t->it[i].kind == BF_TUPLE)
			n += (uint64_t)t->it[i].u.t->n;
	return n;
}

#endif

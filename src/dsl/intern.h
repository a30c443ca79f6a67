/*
 * intern.h -- the pairs (i, j) of small ints, made once per process.
 *
 * Grids and objects are sets of (v, (i, j)) cells, and primitives that
 * move, recolour or rebuild them make a new (i, j) for nearly every cell:
 * on a big sample those pairs were a quarter of the memory it held, and
 * fresh memory is what a loaded or virtual machine makes dearest (the
 * kernel clears every page, the host may have to back it first).  So a
 * pair of ints in [0, BF_INTERN_SPAN) is made once, outside every arena,
 * and handed out again each time it is asked for; it is charged as made
 * (its units, its bytes and its share of the memory ceiling), so no count
 * changes.
 *
 * What a shared pair would change is identity, and identity is in the
 * charge: comparing two tuples skips the walk when they are one object,
 * as CPython does, and CPython made a distinct object each time.  So each
 * hand-out is stamped with a serial of its own in the value's spare word
 * (bf_val.stamp): two references are one object only when pointer and
 * stamp agree, which is exactly when CPython's would be -- a reference
 * copied keeps its stamp.  Arena tuples carry stamp 0.
 *
 * The stamps are the process's, one count for all contexts, since values
 * pass from one context to another: a candidate's output is the input of
 * the differs' evaluations, and a pair they make must not take a stamp
 * that output holds.  The count starts again at each evaluation that
 * takes no value from another context (bf_ctx_begin): by then every
 * stamped reference made before is dead -- an evaluation's values live in
 * its context's arena, reset there, and the only ones kept beyond it are
 * the shared memo's deep copies, which carry no stamp.  A context whose
 * evaluations take other contexts' values says so (bf_ctx.foreign_inputs)
 * and goes on with the count.  When the 2^32 - 1 stamps run out before a
 * new start, pairs are made in the arena until then.
 */
#ifndef BATTFARM_INTERN_H
#define BATTFARM_INTERN_H

#include <stdbool.h>

#include "battfarm/ctx.h"

/* From 0: a pair of non-negative ints is hashed as it is made, so the
 * shared one is in the state a fresh one would be in (a comparison reads
 * that state: known unequal hashes end it before it walks). */
#define BF_INTERN_SPAN 128

/* Switch interning off (tests compare the two) or back on; the default
 * is on unless BATTFARM_NO_INTERN is set. */
void bf_intern_set(bool on);
/* 1: pairs are handed out, 0: not (off, or no memory for them), -1: not
 * decided yet (bf_intern_start decides, and asks for their memory). */
extern int bf_intern_ready;
bool bf_intern_start(void);

/* The last stamp handed out (see above). */
extern uint32_t bf_intern_stamp;

/* The shared pairs, (i, j) at i * BF_INTERN_SPAN + j, NULL until made;
 * bf_intern_make() makes one in the memory bf_intern_start() got. */
extern bf_tuple *bf_intern_pairs[BF_INTERN_SPAN * BF_INTERN_SPAN];
bf_tuple *bf_intern_make(int64_t i, int64_t j);

/* Whether every (i, j) with i < h, j < w can be handed out now as a
 * shared reference (bf_intern_ref): hashes unsalted, the pairs in
 * range, h * w stamps left, interning on. */
static inline bool bf_intern_room(int64_t h, int64_t w)
{
	if (bf_hash_salt || h > BF_INTERN_SPAN || w > BF_INTERN_SPAN ||
	    (uint64_t)(h * w) > UINT32_MAX - bf_intern_stamp)
		return false;
	return bf_intern_ready > 0 || (bf_intern_ready < 0 && bf_intern_start());
}

/* The shared (i, j), stamped; only where bf_intern_room said so.  Not
 * charged: the caller charges it as made. */
static inline bf_val bf_intern_ref(int64_t i, int64_t j)
{
	bf_tuple *t = bf_intern_pairs[i * BF_INTERN_SPAN + j];
	bf_val v = {BF_TUPLE, ++bf_intern_stamp, {0}};
	v.u.t = t ? t : bf_intern_make(i, j);
	return v;
}

/* *out = the pair (i, j) as a stamped shared reference, charged as
 * bf_tuple_alloc(ctx, 2) is; false when it cannot be one (out of range,
 * hashes salted, interning off, stamps run out, no memory): then the
 * caller makes the pair itself. */
static inline bool bf_intern_pair(bf_ctx *ctx, int64_t i, int64_t j, bf_val *out)
{
	if ((uint64_t)i >= BF_INTERN_SPAN || (uint64_t)j >= BF_INTERN_SPAN || !bf_intern_room(1, 1))
		return false;
	bf_tuple_charge(ctx, 2);
	*out = bf_intern_ref(i, j);
	return true;
}

#endif

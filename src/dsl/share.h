/*
 * share.h -- work shared across candidates: a pure primitive called on the
 * sample's input (objects(I, T, F, T), partition(I), ...) is computed
 * once, kept in a memo that outlives the evaluation, and handed to every
 * later candidate that makes the same call on the same input.
 *
 * Each candidate is charged exactly what the call cost the first time --
 * its units, the bytes it allocated, and as much of the arena's ceiling --
 * so work, t_log, budgets, MemoryErrors and stores are those of a run
 * without sharing.  Where the recorded charge would cross the budget or
 * the ceiling the call is made for real, so it stops where it would have.
 * BATTFARM_NO_SHARE=1 in the environment turns sharing off.
 */
#ifndef BATTFARM_SHARE_H
#define BATTFARM_SHARE_H

#include "battfarm/func.h"
#include "prims.h"

/* Pure primitives of a grid, costly enough to keep: the only ones whose
 * calls go through the memo (inline, since every call asks). */
static inline bool bf_share_may(const bf_prim *p)
{
	return p->fn == bf_p_objects || p->fn == bf_p_partition || p->fn == bf_p_fgpartition;
}

/* p(args) through the context's memo when p is shareable and args[0] is
 * the evaluation's input; a plain p->fn(ctx, args) otherwise. */
bf_val bf_share_call(bf_ctx *ctx, const bf_prim *p, const bf_val *args);
/* Where bf_py_items keeps the listing of a kept set: as for a set of the
 * evaluation's own, it is made (and charged) once per evaluation, so the
 * place is empty at the first ask of each evaluation. */
bf_val **bf_share_listing(const bf_ctx *ctx, bf_set *s);
/* At the start of an evaluation: forget the memo if it filled up during
 * the last one (nothing of it is in use any more). */
void bf_share_begin(bf_ctx *ctx);
/* Calls the context's memo has answered (for tests). */
uint64_t bf_share_replays(const bf_ctx *ctx);
void bf_share_release(bf_ctx *ctx);
/* Sharing on or off for every context from now on (default: on unless
 * BATTFARM_NO_SHARE is set); whether it is on. */
void bf_share_set(bool on);
bool bf_share_on(void);

#endif

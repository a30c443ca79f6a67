/*
 * cost_call.h -- a primitive call with its charges, the untraced path
 * inline: it is on every primitive call's path, and out of line it was a
 * call, a save of the caller's registers and a lookup more per call
 * (bf_call and bf_cost_call were a third of solve_d22278a0's time).
 * Traced and raw-unit calls go to bf_cost_call_full (cost.c), which makes
 * the same call (bf_cost_call_at) and records it.
 */
#ifndef BATTFARM_COST_CALL_H
#define BATTFARM_COST_CALL_H

#include "battfarm/cost.h"
#include "rewind.h"
#include "share.h"

extern bool bf_cost_raw_units; /* bf_cost_use_raw() was called */

/* p on args charged at base and rate: its rate while it runs and its
 * base, its memory given back as it returns; through the work-sharing
 * memo when may_share and p is shareable. */
static inline bf_val bf_cost_call_at(bf_ctx *ctx, const bf_prim *p, uint32_t base, uint32_t rate,
				     const bf_val *args, bool may_share)
{
	uint32_t caller = ctx->rate;
	ctx->rate = rate;
	ctx->spent += base;
	bf_rewind_point pt;
	bf_rewind_begin(ctx, &pt);
	bf_val r = may_share && bf_share_may(p) ? bf_share_call(ctx, p, args) : p->fn(ctx, args);
	r = bf_rewind_settle(ctx, &pt, r);
	ctx->rate = caller;
	return r;
}

static inline bf_val bf_cost_call(bf_ctx *ctx, const bf_prim *p, const bf_val *args)
{
	if (ctx->trace || bf_cost_raw_units)
		return bf_cost_call_full(ctx, p, args);
	return bf_cost_call_at(ctx, p, p->base, p->rate, args, true);
}

#endif

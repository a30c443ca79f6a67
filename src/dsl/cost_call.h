/*
 * cost_call.h -- a primitive call with its charges, the untraced path
 * inline: it is on every primitive call's path, and out of line it was a
 * call, a save of the caller's registers and a lookup more per call
 * (bf_call and bf_cost_call were a third of solve_d22278a0's time).
 * Traced and raw-unit calls go to bf_cost_call_full (cost.c), which does
 * the same and records.
 */
#ifndef BATTFARM_COST_CALL_H
#define BATTFARM_COST_CALL_H

#include "battfarm/cost.h"
#include "rewind.h"
#include "share.h"

extern bool bf_cost_raw_units; /* bf_cost_use_raw() was called */

static inline bf_val bf_cost_call(bf_ctx *ctx, const bf_prim *p, const bf_val *args)
{
	if (ctx->trace || bf_cost_raw_units)
		return bf_cost_call_full(ctx, p, args);
	const bf_cost *c = bf_prim_cost(p);
	uint32_t caller = ctx->rate;
	ctx->rate = c->rate;
	ctx->spent += c->base;
	bf_rewind_point pt;
	bf_rewind_begin(ctx, &pt);
	bf_val r = bf_share_may(p) ? bf_share_call(ctx, p, args) : p->fn(ctx, args);
	r = bf_rewind_settle(ctx, &pt, r);
	ctx->rate = caller;
	return r;
}

#endif

/*
 * charge_run.c -- a run of charges worked out on paper (see charge_run.h).
 *
 * The checks are those of bf_work, bf_alloc and the arena: a charge stops
 * the run when spent reaches the budget's mark after it; an allocation
 * stops it before anything is counted when its rounded size does not fit
 * under the ceiling.
 */
#include <string.h>

#include "charge_run.h"
#include "pyset.h"

void bf_run_begin(bf_charge_run *r, const bf_ctx *ctx)
{
	r->spent = ctx->spent;
	r->bytes = ctx->bytes;
	r->used = ctx->arena.used_total;
	r->mark = ctx->budget ? (ctx->budget + 1) << BF_WORK_SHIFT : UINT64_MAX;
	r->limit = ctx->arena.limit;
	r->rate = ctx->rate;
	r->stop = BF_RUN_ON;
}

void bf_run_zero(bf_charge_run *r, uint32_t rate)
{
	r->spent = r->bytes = 0;
	r->used = 0;
	r->mark = UINT64_MAX;
	r->limit = 0;
	r->rate = rate;
	r->stop = BF_RUN_ON;
}

bool bf_run_add_whole(bf_charge_run *r, const bf_charge_run *z)
{
	if (r->stop || r->spent >= r->mark || z->spent >= r->mark - r->spent ||
	    (r->limit && (r->used > r->limit || z->used > r->limit - r->used)))
		return false;
	r->spent += z->spent;
	r->bytes += z->bytes;
	r->used += z->used;
	return true;
}

uint64_t bf_run_units_of(const bf_charge_run *r, int64_t mask, uint64_t n)
{
	/* the inline charges themselves, on a context that never stops, so
	 * the figure is theirs to the last rounding; they read only these
	 * three fields (clearing the whole context was most of this call's
	 * time) */
	bf_ctx scratch;
	scratch.rate = r->rate;
	scratch.spent = 0;
	scratch.next_clock = UINT64_MAX;
	if (mask < 0) {
		bf_work(&scratch, n);
	} else {
		bf_set s;
		memset(&s, 0, sizeof(s));
		s.mask = mask;
		bf_set_work(&scratch, &s, n);
	}
	return scratch.spent;
}

static size_t arena_rounded(size_t n)
{
	size_t r = (n + 15) & ~(size_t)15;
	return r ? r : 16;
}

bool bf_run_work(bf_charge_run *r, uint64_t units)
{
	if (r->stop)
		return false;
	r->spent += units;
	if (r->spent >= r->mark)
		r->stop = BF_RUN_TIMEOUT;
	return !r->stop;
}

bool bf_run_alloc(bf_charge_run *r, size_t n)
{
	if (r->stop)
		return false;
	size_t rounded = arena_rounded(n);
	if (r->limit && (r->used + rounded > r->limit || rounded > r->limit)) {
		r->stop = BF_RUN_NOMEM;
		return false;
	}
	r->used += rounded;
	r->bytes += n;
	return bf_run_work(r, n / (BF_BYTES_PER_UNIT / BF_WORK_ONE));
}

static bool run_step(bf_charge_run *r, const bf_run_step *s)
{
	return s->alloc ? bf_run_alloc(r, s->alloc) : bf_run_work(r, s->units);
}

/* How many whole groups fit: each must end below the mark (every charge
 * adds, so the steps inside it are below too) and its allocations must fit
 * under the ceiling (the last one's check is the tightest). */
static uint64_t whole_groups(const bf_charge_run *r, uint64_t units, size_t used, uint64_t times)
{
	uint64_t fit = times;
	if (r->spent >= r->mark)
		return 0;
	if (units && (r->mark - 1 - r->spent) / units < fit)
		fit = (r->mark - 1 - r->spent) / units;
	if (r->limit && used) {
		if (r->used > r->limit)
			return 0;
		if ((r->limit - r->used) / used < fit)
			fit = (r->limit - r->used) / used;
	}
	return fit;
}

bool bf_run_steps(bf_charge_run *r, const bf_run_step *steps, int nsteps, uint64_t times)
{
	if (r->stop)
		return false;
	uint64_t units = 0, bytes = 0;
	size_t used = 0;
	for (int k = 0; k < nsteps; k++) {
		if (steps[k].alloc) {
			units += steps[k].alloc / (BF_BYTES_PER_UNIT / BF_WORK_ONE);
			used += arena_rounded(steps[k].alloc);
			bytes += steps[k].alloc;
		} else {
			units += steps[k].units;
		}
	}
	uint64_t whole = whole_groups(r, units, used, times);
	r->spent += whole * units;
	r->bytes += whole * bytes;
	r->used += whole * used;
	if (whole == times)
		return true;
	/* the group in which the run stops, step by step */
	for (int k = 0; k < nsteps; k++)
		if (!run_step(r, &steps[k]))
			return false;
	return true; /* not reached: that group cannot fit */
}

void bf_run_commit(bf_ctx *ctx, const bf_charge_run *r)
{
	bf_arena *a = &ctx->arena;
	/* the run's bytes are under the ceiling, so this cannot fail */
	if (r->used > a->used_total && !bf_arena_charge(a, r->used - a->used_total))
		bf_raise_nomem(ctx);
	ctx->spent = r->spent;
	ctx->bytes = r->bytes;
	if (r->stop == BF_RUN_NOMEM)
		bf_raise_nomem(ctx);
	if (ctx->spent >= ctx->next_clock)
		bf_work_slow(ctx); /* raises when the run reached the budget */
}

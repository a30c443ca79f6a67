/*
 * charge_run.h -- a run of charges worked out on paper.
 *
 * Some primitives skip building memory that only the CPython-faithful
 * charge of it needs (asindices' pairs and tables inside objects()).  They
 * must still charge what building it charges, and stop where building it
 * would stop: at the first charge that reaches the budget (a timeout with
 * the units spent so far) or the first allocation past the arena's ceiling
 * (a MemoryError).  A bf_charge_run replays the sequence of bf_work and
 * bf_alloc calls arithmetically, from the context's counters, and
 * bf_run_commit() then leaves the context as that sequence would have:
 * same units, bytes and arena share, and the same stop.  Repeated groups
 * (one per item built) are replayed in one step, so a million-cell build
 * costs a handful of divisions.  Used by pyset.c and prim_object.c.
 */
#ifndef BATTFARM_CHARGE_RUN_H
#define BATTFARM_CHARGE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "battfarm/ctx.h"

typedef enum bf_run_stop {
	BF_RUN_ON = 0,   /* every charge so far was made */
	BF_RUN_TIMEOUT,  /* the last charge reached the budget */
	BF_RUN_NOMEM,    /* the last allocation did not fit under the ceiling */
} bf_run_stop;

typedef struct bf_charge_run {
	uint64_t spent, bytes; /* ctx->spent and ctx->bytes after the charges */
	size_t used;           /* the arena's used_total after them */
	uint64_t mark;         /* spent at which the budget stops the run */
	size_t limit;          /* the arena's ceiling (0: none) */
	uint32_t rate;         /* the running primitive's rate */
	bf_run_stop stop;
} bf_charge_run;

/* One charge: an allocation of `alloc` bytes (bf_alloc) when alloc > 0,
 * else `units` added to spent (what one bf_work or bf_set_work call adds,
 * see bf_run_units_of). */
typedef struct bf_run_step {
	uint64_t units;
	size_t alloc;
} bf_run_step;

/* A run starting from the context's counters now. */
void bf_run_begin(bf_charge_run *r, const bf_ctx *ctx);
/* What bf_work(ctx, n) adds to spent (mask < 0), or bf_set_work(ctx, s, n)
 * for a set whose table has this mask, at the run's rate. */
uint64_t bf_run_units_of(const bf_charge_run *r, int64_t mask, uint64_t n);
/* The steps, in order, `times` times over; false once the run stopped
 * (later calls then do nothing and return false). */
bool bf_run_steps(bf_charge_run *r, const bf_run_step *steps, int nsteps, uint64_t times);
bool bf_run_work(bf_charge_run *r, uint64_t units);
bool bf_run_alloc(bf_charge_run *r, size_t n);
/* A run begun at zero, that never stops: the growth its charges give
 * the counters, the same from any start. */
void bf_run_zero(bf_charge_run *r, uint32_t rate);
/* Add what z (begun with bf_run_zero) charged when all of it is made
 * below r's mark and ceiling (charges only add, so then none of them
 * stops r); false, r unchanged, when some might. */
bool bf_run_add_whole(bf_charge_run *r, const bf_charge_run *z);
/* Make ctx's counters the run's, charging the arena the bytes it has not
 * handed out since bf_run_begin (the caller took the rest with
 * bf_arena_alloc); raises where the run stopped. */
void bf_run_commit(bf_ctx *ctx, const bf_charge_run *r);

#endif

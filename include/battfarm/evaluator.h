/*
 * evaluator.h -- run one program on one input under the limits.
 *
 * The result value lives in ctx's arena and stays valid until the next
 * evaluation on the same context.
 */
#ifndef BATTFARM_EVALUATOR_H
#define BATTFARM_EVALUATOR_H

#include "battfarm/ctx.h"
#include "battfarm/program.h"

typedef struct bf_limits {
	uint64_t budget;   /* work units per sample (evaluation); 0 = none */
	double timeout;    /* CPU-time backstop in seconds; 0 = none */
} bf_limits;

/* Default budget per sample, in calibrated units (about CPython
 * microseconds): 3 CPython seconds, twice what the costliest arc-dsl
 * solver needs on its costliest sample (a64e4611, 1,488,000 units; CPython
 * takes about 1.5-2 s there).  README, "Limits", says how it was measured. */
#define BF_DEFAULT_BUDGET 3000000ULL

/* Run prog on (S, I, C) (S and C are ignored by a def f(I) program).
 * Returns BF_OK with *out set, or BF_ERROR / BF_TIMEOUT with ctx->msg.
 * ctx->work holds the cost in work units either way. */
bf_status bf_eval_program(bf_ctx *ctx, const bf_program *prog, bf_val S, bf_val I, bf_val C,
			  const bf_limits *lim, bf_val *out);

#endif

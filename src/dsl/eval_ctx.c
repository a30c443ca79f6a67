/*
 * eval_ctx.c -- evaluation context: error exits, work budget, backstop.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "battfarm/ctx.h"
#include "battfarm/cost.h"
#include "intern.h"
#include "rewind.h"
#include "share.h"

/* How many work units pass between two looks at the clock. */
#define BF_CLOCK_EVERY 4096

static int64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The backstop counts this thread's CPU time, not wall time: a loaded
 * machine or a stopped process must not cut a candidate (the store would
 * then depend on load). */
#define BACKSTOP_CLOCK CLOCK_THREAD_CPUTIME_ID

/* The spent count past which the budget is exhausted. */
static uint64_t budget_mark(const bf_ctx *ctx)
{
	return (ctx->budget + 1) << BF_WORK_SHIFT;
}

void bf_ctx_init(bf_ctx *ctx, size_t mem_limit)
{
	bf_arena_init(&ctx->arena, mem_limit);
	ctx->work = 0;
	ctx->spent = 0;
	ctx->bytes = 0;
	ctx->rate = bf_cost_outside_rate();
	ctx->budget = 0;
	ctx->next_clock = BF_CLOCK_EVERY << BF_WORK_SHIFT;
	ctx->deadline_ns = 0;
	ctx->depth = 0;
	ctx->func_ids = 0;
	ctx->foreign_inputs = false;
	ctx->wall_timeout = false;
	ctx->gen_depth = 0;
	ctx->jb = NULL;
	ctx->status = BF_OK;
	ctx->msg[0] = '\0';
	ctx->memo_key = NULL;
	ctx->memo_tag = 0;
	ctx->memo_val = NULL;
	ctx->memo_writes = 0;
	ctx->heartbeat = NULL;
	ctx->cancel = NULL;
	ctx->trace = NULL;
	ctx->share = NULL;
	ctx->input = NULL;
	ctx->evals = 0;
	ctx->listed = NULL;
	ctx->nlisted = ctx->listed_cap = 0;
	ctx->move_rooms = NULL;
}

void bf_ctx_release(bf_ctx *ctx)
{
	bf_arena_release(&ctx->arena);
	bf_share_release(ctx);
	bf_rewind_release(ctx);
	free(ctx->listed);
	ctx->listed = NULL;
	ctx->nlisted = ctx->listed_cap = 0;
}

void bf_ctx_begin(bf_ctx *ctx, uint64_t budget, double timeout_sec)
{
	bf_arena_reset(&ctx->arena);
	ctx->work = 0;
	ctx->spent = 0;
	ctx->bytes = 0;
	ctx->rate = bf_cost_outside_rate();
	ctx->budget = budget;
	ctx->next_clock = BF_CLOCK_EVERY << BF_WORK_SHIFT;
	if (budget && budget_mark(ctx) < ctx->next_clock)
		ctx->next_clock = budget_mark(ctx);
	ctx->deadline_ns = timeout_sec > 0 ? now_ns(BACKSTOP_CLOCK) + (int64_t)(timeout_sec * 1e9) : 0;
	ctx->depth = 0;
	ctx->func_ids = 0;
	if (!ctx->foreign_inputs)
		bf_intern_stamp = 0; /* see intern.h */
	ctx->wall_timeout = false;
	ctx->gen_depth = 0;
	ctx->status = BF_OK;
	ctx->msg[0] = '\0';
	ctx->memo_key = NULL;
	ctx->memo_tag = 0;
	ctx->memo_val = NULL;
	ctx->input = NULL;
	ctx->nlisted = 0;
	bf_rewind_trim(ctx);
	ctx->evals++;
	bf_share_begin(ctx);
}

void bf_raise(bf_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ctx->msg, sizeof(ctx->msg), fmt, ap);
	va_end(ap);
	ctx->status = BF_ERROR;
	longjmp(*ctx->jb, 1);
}

void bf_raise_stop(bf_ctx *ctx)
{
	if (ctx->gen_depth > 0)
		bf_raise(ctx, "RuntimeError: generator raised StopIteration");
	bf_raise(ctx, "StopIteration");
}

void bf_raise_timeout(bf_ctx *ctx)
{
	ctx->status = BF_TIMEOUT;
	snprintf(ctx->msg, sizeof(ctx->msg), "%s",
		 ctx->wall_timeout ? "CPU-time backstop" : "work budget exhausted");
	longjmp(*ctx->jb, 1);
}

void bf_work_slow(bf_ctx *ctx)
{
	if (ctx->budget && ctx->spent >= budget_mark(ctx)) {
		ctx->work = bf_work_spent(ctx);
		bf_raise_timeout(ctx);
	}
	if (ctx->cancel && *ctx->cancel)
		bf_raise_timeout(ctx);
	if (ctx->heartbeat)
		*ctx->heartbeat = now_ns(CLOCK_MONOTONIC);
	if (ctx->deadline_ns && now_ns(BACKSTOP_CLOCK) > ctx->deadline_ns) {
		ctx->wall_timeout = true;
		bf_raise_timeout(ctx);
	}
	ctx->next_clock = ctx->spent + (BF_CLOCK_EVERY << BF_WORK_SHIFT);
	if (ctx->budget && budget_mark(ctx) < ctx->next_clock)
		ctx->next_clock = budget_mark(ctx);
}

void bf_raise_nomem(bf_ctx *ctx)
{
	bf_raise(ctx, "MemoryError: evaluation memory limit reached");
}

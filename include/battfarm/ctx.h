/*
 * ctx.h -- the evaluation context: arena, work budget, limits, error exit.
 *
 * A Python exception inside a candidate is a result, not a crash.  Primitives
 * signal it with bf_raise(), which longjmps back to the evaluator's recovery
 * point (bf_ctx.jb).  Since all memory of an evaluation is in the arena,
 * unwinding this way leaks nothing.
 *
 * Work units: every primitive or function call costs 1, and bulk operations
 * charge per element they touch (bf_work).  The count is a pure function of
 * program and input, so the budget is hit at the same point on every machine;
 * the CPU-time deadline (this thread's) is only a backstop, checked every few
 * thousand units.
 */
#ifndef BATTFARM_CTX_H
#define BATTFARM_CTX_H

#include <setjmp.h>
#include <stdint.h>

#include "battfarm/arena.h"
#include "battfarm/value.h"

typedef enum bf_status {
	BF_OK = 0,
	BF_ERROR,   /* a Python exception (message in ctx->msg) */
	BF_TIMEOUT, /* work budget or CPU-time backstop exhausted */
} bf_status;

struct bf_ctx {
	bf_arena arena;
	uint64_t work;         /* units spent in this evaluation */
	uint64_t budget;       /* 0 = unlimited */
	uint64_t next_clock;   /* work count at which to look at the clock */
	int64_t deadline_ns;   /* CLOCK_THREAD_CPUTIME_ID; 0 = none */
	int depth;             /* nested function-call depth (RecursionError) */
	uint64_t func_ids;     /* counter giving function values a stable hash */
	bool wall_timeout;     /* the backstop, not the budget, stopped it */
	jmp_buf *jb;
	bf_status status;
	char msg[160];
	/* A one-entry memo for primitives that reread one big input many
	 * times in an evaluation (occurrences() on the same grid): key and
	 * tag say what val holds; bf_ctx_begin() empties it. */
	const void *memo_key;
	int memo_tag;
	void *memo_val;
	/* where a farm worker shows it is alive: refreshed with the clock
	 * checks, every few thousand work units; NULL outside the farm */
	int64_t *heartbeat;
};

/* Python's default recursion limit, less what a solver's own frames use. */
#define BF_MAX_DEPTH 990

void bf_ctx_init(bf_ctx *ctx, size_t mem_limit);
void bf_ctx_release(bf_ctx *ctx);
/* Prepare for one evaluation: reset arena and counters. */
void bf_ctx_begin(bf_ctx *ctx, uint64_t budget, double timeout_sec);

/* Raise a Python exception; never returns.  fmt is printf-like. */
_Noreturn void bf_raise(bf_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
_Noreturn void bf_raise_timeout(bf_ctx *ctx);

void bf_work_slow(bf_ctx *ctx);

/* Charge n work units; raises timeout past the budget or deadline. */
static inline void bf_work(bf_ctx *ctx, uint64_t n)
{
	ctx->work += n;
	if (ctx->work >= ctx->next_clock)
		bf_work_slow(ctx);
}

_Noreturn void bf_raise_nomem(bf_ctx *ctx);

/* Arena allocation that raises MemoryError instead of returning NULL.
 * Memory is work too, a unit per 128 bytes or part: fresh memory costs page faults
 * and zeroing, and a program that mostly allocates must reach its budget
 * about as fast, in seconds, as one that mostly computes. */
static inline void *bf_alloc(bf_ctx *ctx, size_t n)
{
	void *p = bf_arena_alloc(&ctx->arena, n);
	if (!p)
		bf_raise_nomem(ctx);
	bf_work(ctx, (n + 127) >> 7);
	return p;
}

static inline bf_tuple *bf_tuple_alloc(bf_ctx *ctx, int64_t n)
{
	if (n < 0 || n > ((int64_t)1 << 40))
		bf_tuple_too_big(ctx, n);
	bf_work(ctx, 1 + (uint64_t)n / 8);
	bf_tuple *t = bf_alloc(ctx, sizeof(bf_tuple) + (size_t)n * sizeof(bf_val));
	t->n = n;
	t->hash = 0;
	t->flags = 0;
	return t;
}

#endif

/*
 * ctx.h -- the evaluation context: arena, work budget, limits, error exit.
 *
 * A Python exception inside a candidate is a result, not a crash.  Primitives
 * signal it with bf_raise(), which longjmps back to the evaluator's recovery
 * point (bf_ctx.jb).  Since all memory of an evaluation is in the arena,
 * unwinding this way leaks nothing.
 *
 * Work units: every primitive or function call costs 1, and bulk operations
 * charge per element they touch (bf_work).  These raw counts are weighed by
 * the running primitive's calibrated rate (cost.h), so that a work unit is
 * about a microsecond of CPython 3.11 running arc-dsl.  The count is a pure
 * function of program and input, so the budget is hit at the same point on
 * every machine; the CPU-time deadline (this thread's) is only a backstop,
 * checked every few thousand units.
 */
#ifndef BATTFARM_CTX_H
#define BATTFARM_CTX_H

#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>

#include "battfarm/arena.h"
#include "battfarm/value.h"

typedef enum bf_status {
	BF_OK = 0,
	BF_ERROR,   /* a Python exception (message in ctx->msg) */
	BF_TIMEOUT, /* work budget or CPU-time backstop exhausted */
} bf_status;

/* Work is counted in 1/BF_WORK_ONE units while a program runs. */
#define BF_WORK_SHIFT 10
#define BF_WORK_ONE ((uint64_t)1 << BF_WORK_SHIFT)
#define BF_BYTES_PER_UNIT ((uint64_t)16384)

typedef struct bf_prim_trace bf_prim_trace;
typedef struct bf_share bf_share;

struct bf_ctx {
	bf_arena arena;
	uint64_t work;         /* units spent in the last evaluation (whole units) */
	uint64_t spent;        /* the same while it runs, in 1/BF_WORK_ONE units */
	uint32_t rate;         /* 1/BF_WORK_ONE units per raw element: the running
	                        * primitive's calibrated charge (cost.h) */
	uint64_t bytes;        /* arena bytes asked for in this evaluation */
	uint64_t budget;       /* whole units; 0 = unlimited */
	uint64_t next_clock;   /* spent count at which to look at the clock */
	int64_t deadline_ns;   /* CLOCK_THREAD_CPUTIME_ID; 0 = none */
	int depth;             /* nested function-call depth (RecursionError) */
	uint64_t func_ids;     /* counter giving function values a stable hash */
	bool foreign_inputs;   /* its evaluations take values other contexts made
	                        * (a candidate's output, given to the differs):
	                        * they go on with the stamps of shared pairs
	                        * instead of starting them anew (intern.h) */
	bool wall_timeout;     /* the backstop, not the budget, stopped it */
	int gen_depth;         /* generator frames running (gen_call): a
	                        * StopIteration raised in one is RuntimeError */
	jmp_buf *jb;
	bf_status status;
	char msg[160];
	/* A one-entry memo for primitives that reread one big input many
	 * times in an evaluation (occurrences() on the same grid): key and
	 * tag say what val holds; bf_ctx_begin() empties it. */
	const void *memo_key;
	int memo_tag;
	void *memo_val;
	uint64_t memo_writes; /* bumped at each write to the memo or to what it
	                       * holds (rewind.c keeps memory the memo points to) */
	/* where a farm worker shows it is alive: refreshed with the clock
	 * checks, every few thousand work units; NULL outside the farm */
	_Atomic int64_t *heartbeat;
	/* set (by a signal handler) when the candidates in hand are to be cut
	 * at once: the evaluation raises timeout; NULL when nobody cuts */
	volatile sig_atomic_t *cancel;
	/* per primitive call, its own units, for calibration (cost.h);
	 * NULL when not asked for */
	bf_prim_trace *trace;
	/* work shared across evaluations (share.h), NULL until first used,
	 * and the input of the running evaluation it is keyed on */
	bf_share *share;
	const bf_tuple *input;
	uint64_t evals; /* evaluations begun in this context */
	/* the sets whose listing (bf_py_items) was cached in this evaluation's
	 * arena, newest last: a rewind of the memory a listing sits in makes
	 * its set forget it (rewind.c) */
	struct bf_set **listed;
	int64_t nlisted, listed_cap;
	/* the buffers rewind.c moves results through, kept from one call to
	 * the next (NULL until first used) */
	struct bf_move_rooms *move_rooms;
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
/* StopIteration, or where a generator expression is running the
 * RuntimeError it becomes as it leaves the generator's frame (PEP 479):
 * nothing between catches it, so it may as well be raised as that. */
_Noreturn void bf_raise_stop(bf_ctx *ctx);

void bf_work_slow(bf_ctx *ctx);

/* Charge n raw work units (elements touched) at the running primitive's
 * rate; raises timeout past the budget or deadline.  A charge too large to
 * count (a 10**11-item request) saturates, so it ends in timeout at once. */
static inline void bf_work(bf_ctx *ctx, uint64_t n)
{
	uint64_t add;
	if (__builtin_mul_overflow(n, (uint64_t)ctx->rate, &add) || add > ((uint64_t)1 << 60))
		add = (uint64_t)1 << 60;
	ctx->spent += add;
	if (ctx->spent >= ctx->next_clock)
		bf_work_slow(ctx);
}

/* bf_work for n elements that cost q/4 of the running primitive's rate
 * each (q >= 4: what the caches make dearer, see bf_set_work). */
static inline void bf_work_q(bf_ctx *ctx, uint64_t n, uint64_t q)
{
	uint64_t add;
	if (__builtin_mul_overflow(n, (uint64_t)ctx->rate * q, &add) || add > ((uint64_t)1 << 62))
		add = (uint64_t)1 << 62;
	ctx->spent += add / 4;
	if (ctx->spent >= ctx->next_clock)
		bf_work_slow(ctx);
}

/* The whole units spent so far in this evaluation. */
static inline uint64_t bf_work_spent(const bf_ctx *ctx)
{
	return ctx->spent >> BF_WORK_SHIFT;
}

_Noreturn void bf_raise_nomem(bf_ctx *ctx);

/* The units and bytes of n bytes allocated (see bf_alloc); raises timeout
 * past the budget or deadline. */
static inline void bf_count_alloc(bf_ctx *ctx, size_t n)
{
	ctx->spent += n / (BF_BYTES_PER_UNIT / BF_WORK_ONE);
	ctx->bytes += n;
	if (ctx->spent >= ctx->next_clock)
		bf_work_slow(ctx);
}

/* Arena allocation that raises MemoryError instead of returning NULL.
 * Memory is work too, whatever primitive asks for it: a unit per
 * BF_BYTES_PER_UNIT bytes, about the fastest CPython fills memory (tuple
 * concatenation), so no primitive is charged more for its memory than
 * CPython spends on it; the fitted rates add the rest (cost.h). */
static inline void *bf_alloc(bf_ctx *ctx, size_t n)
{
	void *p = bf_arena_alloc(&ctx->arena, n);
	if (!p)
		bf_raise_nomem(ctx);
	bf_count_alloc(ctx, n);
	return p;
}

/* What bf_alloc(ctx, n) charges, for memory a cache saved: the units,
 * the bytes and the share of the ceiling of allocating it again, so that
 * what a cache holds never changes a count. */
static inline void bf_charge_alloc(bf_ctx *ctx, size_t n)
{
	if (!bf_arena_charge(&ctx->arena, n))
		bf_raise_nomem(ctx);
	bf_count_alloc(ctx, n);
}

/* bf_alloc(ctx, charged) as far as anything can tell -- the same units,
 * bytes, share of the ceiling, and the same point of a stop -- but only
 * held bytes (<= charged) taken from the arena. */
static inline void *bf_alloc_as(bf_ctx *ctx, size_t held, size_t charged)
{
	bf_arena *a = &ctx->arena;
	size_t counted = (charged + 15) & ~(size_t)15, extra = counted - ((held + 15) & ~(size_t)15);
	/* the ceiling is asked about all that is counted first, so that a
	 * stop leaves its count as bf_alloc's would: untouched */
	if (!bf_arena_fits(a, counted))
		bf_raise_nomem(ctx);
	void *p = bf_arena_alloc(a, held);
	if (!p || (extra && !bf_arena_charge(a, extra)))
		bf_raise_nomem(ctx); /* the system's memory: the ceiling was asked */
	bf_count_alloc(ctx, charged);
	return p;
}

static inline bf_tuple *bf_tuple_alloc(bf_ctx *ctx, int64_t n)
{
	if (n < 0 || n > ((int64_t)1 << 40))
		bf_tuple_too_big(ctx, n);
	bf_work(ctx, 1 + (uint64_t)n / 8);
	if (n > INT32_MAX) /* as bf_alloc at every context's ceiling (2 GB) */
		bf_raise_nomem(ctx);
	bf_tuple *t = bf_alloc_as(ctx, sizeof(bf_tuple) + (size_t)n * sizeof(bf_val), BF_TUPLE_CHARGED(n));
	t->n = (int32_t)n;
	t->hash = 0;
	t->flags = 0;
	return t;
}

/* What bf_tuple_alloc(ctx, n) charges, for a tuple not made because one
 * kept elsewhere serves (intern.h): its work, then its memory's units,
 * bytes and ceiling share (bf_charge_alloc counts as bf_alloc_as does). */
static inline void bf_tuple_charge(bf_ctx *ctx, int64_t n)
{
	bf_work(ctx, 1 + (uint64_t)n / 8);
	bf_charge_alloc(ctx, BF_TUPLE_CHARGED(n));
}

#endif

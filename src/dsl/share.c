/*
 * share.c -- work shared across candidates (see share.h).
 *
 * The memo belongs to one context (one worker's candidates, or its
 * differs) and lives in an arena of its own that evaluations never reset.
 * A result is kept as a deep copy there, with its sets' tables copied slot
 * for slot (the iteration order is the value), once the call has been made
 * twice (see note()).  An entry is found by the
 * primitive, the other arguments (plain ints, bools, None) and the input's
 * content (its hash, then == against a copy), so equal inputs share (eval
 * --batch reads each line's grid anew) and an input freed and another
 * built at the same address never match.  Kept sets are
 * marked shared: a candidate's listing of one (bf_py_items) is not cached
 * on it, since it lives in that candidate's arena and since without
 * sharing every candidate would have paid for its own.
 */
#include <stdlib.h>
#include <string.h>

#include "prims.h"
#include "share.h"
#include "battfarm/util.h"

#define SHARE_SLOTS 256
/* What the memo may hold before it is forgotten (at the next evaluation's
 * start), and the most a call may have allocated to be kept. */
#define SHARE_BYTES ((size_t)16 << 20)
#define SHARE_CALL_BYTES ((size_t)4 << 20)
/* Results nest a few levels (a set of sets of (v, (i, j))). */
#define SHARE_DEPTH 8

typedef struct share_entry {
	const bf_prim *prim;
	int64_t grid_hash;     /* hash() of the input it was computed on */
	bf_val grid;           /* a copy of that input */
	bf_val args[3];        /* the other arguments */
	uint64_t spent, bytes; /* its charge: units (1/BF_WORK_ONE) and bytes */
	size_t used;           /* and what it took of the arena's ceiling */
	bool kept;             /* result holds the value; else the call was seen once */
	bool result_hashed;    /* the result set's hash was worked out when it was kept */
	uint64_t handed_in;    /* the evaluation result was last handed to */
	bf_val result;
} share_entry;

/* A kept set: its listing (bf_py_items) is cached for one evaluation at a
 * time, in that evaluation's arena, as on a set of its own. */
typedef struct shared_set {
	bf_set s;
	uint64_t listed_in; /* the evaluation whose listing items holds */
} shared_set;

struct bf_share {
	bf_arena arena;
	bool full; /* forget everything at the next evaluation */
	uint64_t replays; /* calls answered from the memo, for tests */
	int n;
	share_entry e[SHARE_SLOTS];
};

static int share_mode = -1; /* -1: not decided yet */

void bf_share_set(bool on)
{
	share_mode = on;
}

bool bf_share_on(void)
{
	if (share_mode < 0)
		share_mode = !bf_env_set("BATTFARM_NO_SHARE");
	return share_mode;
}

/* A tuple of tuples of ints: hashing it cannot raise. */
static bool is_grid(bf_val v)
{
	for (int64_t i = 0; i < v.u.t->n; i++)
		if (v.u.t->it[i].kind != BF_TUPLE || !(v.u.t->it[i].u.t->flags & BF_TF_ALLINT))
			return false;
	return true;
}

static bool plain(bf_val v)
{
	return v.kind == BF_NONE || v.kind == BF_BOOL || v.kind == BF_INT;
}

/* *out = a copy of v in a; false if it holds what is not kept (functions,
 * deeper nesting) or memory ran out.  Whether a tuple or set has been
 * hashed is in the charge (a comparison of two hashed ones with different
 * hashes stops at once), and a candidate that hashes a kept result
 * changes it for the next: so in a result (handed out: as_result) only
 * values hashed already are kept below the top, whose state replay() puts
 * back -- as everything inside a set of sets of cells is.  A copy of an
 * input is only compared with, never handed out. */
static bool copy_val(bf_arena *a, bf_val v, bf_val *out, int depth, bool as_result)
{
	*out = v;
	if (v.kind <= BF_INT)
		return true;
	if (depth > SHARE_DEPTH)
		return false;
	if (as_result && depth > 0 &&
	    (v.kind == BF_TUPLE ? !(v.u.t->flags & BF_TF_HASHED) : bf_is_set(v) && !v.u.s->hashed))
		return false;
	if (v.kind == BF_TUPLE) {
		const bf_tuple *t = v.u.t;
		bf_tuple *c = bf_arena_alloc(a, sizeof(bf_tuple) + (size_t)t->n * sizeof(bf_val));
		if (!c)
			return false;
		memcpy(c, t, sizeof(bf_tuple));
		for (int64_t i = 0; i < t->n; i++)
			if (!copy_val(a, t->it[i], &c->it[i], depth + 1, as_result))
				return false;
		out->u.t = c;
		out->stamp = 0; /* an arena tuple of its own, not a shared pair */
		return true;
	}
	if (!bf_is_set(v))
		return false;
	const bf_set *s = v.u.s;
	shared_set *ss = bf_arena_alloc(a, sizeof(shared_set));
	bf_set *c = &ss->s;
	bf_entry *table = bf_arena_alloc(a, (size_t)(s->mask + 1) * sizeof(bf_entry));
	if (!ss || !table)
		return false;
	ss->listed_in = 0;
	*c = *s;
	c->items = NULL;
	c->shared = true;
	c->table = table;
	for (int64_t i = 0; i <= s->mask; i++) {
		table[i].hash = s->table[i].hash;
		if (!copy_val(a, s->table[i].key, &table[i].key, depth + 1, as_result))
			return false;
	}
	out->u.s = c;
	return true;
}

static bool same_args(const share_entry *e, const bf_prim *p, const bf_val *args, int64_t h)
{
	if (e->prim != p || e->grid_hash != h)
		return false;
	for (int i = 1; i < p->argc; i++)
		if (e->args[i - 1].kind != args[i].kind || e->args[i - 1].u.i != args[i].u.i)
			return false;
	return bf_eq(e->grid, args[0]);
}

/* Whether replaying e's charge stays under the budget and the ceiling,
 * where the call itself would not have been stopped either. */
static bool fits(const bf_ctx *ctx, const share_entry *e)
{
	if (ctx->budget && ctx->spent + e->spent >= (ctx->budget + 1) << BF_WORK_SHIFT)
		return false;
	return !ctx->arena.limit || ctx->arena.used_total + e->used <= ctx->arena.limit;
}

static bf_val replay(bf_ctx *ctx, share_entry *e)
{
	e->handed_in = ctx->evals;
	ctx->share->replays++;
	if (bf_is_set(e->result))
		e->result.u.s->hashed = e->result_hashed; /* as made anew */
	ctx->spent += e->spent;
	ctx->bytes += e->bytes;
	ctx->arena.used_total += e->used;
	if (ctx->arena.used_total > ctx->arena.peak)
		ctx->arena.peak = ctx->arena.used_total;
	if (ctx->spent >= ctx->next_clock)
		bf_work_slow(ctx);
	return e->result;
}

/* The first time a call is made only the call is noted (its input's copy
 * is small); its result is copied in when the same call is made again.  A
 * deep copy of a result costs about what the call does, and in check, or
 * a battery with one candidate a task, most calls are never made twice;
 * where they are, the second is made for real, the third on replay. */
static void note(bf_share *sh, const bf_prim *p, const bf_val *args, int64_t h,
		 const share_entry *charge)
{
	if (sh->full || charge->used > SHARE_CALL_BYTES)
		return;
	share_entry *e = &sh->e[sh->n];
	*e = *charge;
	e->prim = p;
	e->grid_hash = h;
	e->kept = false;
	for (int i = 1; i < p->argc; i++)
		e->args[i - 1] = args[i];
	if (copy_val(&sh->arena, args[0], &e->grid, 0, false))
		sh->n++;
	sh->full = sh->n == SHARE_SLOTS || sh->arena.used_total > SHARE_BYTES;
}

static void keep(bf_share *sh, share_entry *e, bf_val r)
{
	if (sh->full)
		return;
	e->kept = copy_val(&sh->arena, r, &e->result, 0, true);
	e->result_hashed = bf_is_set(r) && r.u.s->hashed;
	e->handed_in = 0;
	sh->full = sh->arena.used_total > SHARE_BYTES;
}

/* p(args) for real, with what it charged in *charge. */
static bf_val measured(bf_ctx *ctx, const bf_prim *p, const bf_val *args, share_entry *charge)
{
	charge->spent = ctx->spent;
	charge->bytes = ctx->bytes;
	charge->used = ctx->arena.used_total;
	bf_val r = p->fn(ctx, args); /* an exception leaves nothing behind */
	charge->spent = ctx->spent - charge->spent;
	charge->bytes = ctx->bytes - charge->bytes;
	charge->used = ctx->arena.used_total - charge->used;
	return r;
}

bf_val bf_share_call(bf_ctx *ctx, const bf_prim *p, const bf_val *args)
{
	if (!bf_share_may(p) || args[0].kind != BF_TUPLE || args[0].u.t != ctx->input ||
	    p->argc > 4 || !bf_share_on())
		return p->fn(ctx, args);
	for (int i = 1; i < p->argc; i++)
		if (!plain(args[i]))
			return p->fn(ctx, args);
	if (!is_grid(args[0]))
		return p->fn(ctx, args);
	if (!ctx->share) {
		ctx->share = bf_xmalloc(sizeof(bf_share));
		bf_arena_init(&ctx->share->arena, 0);
		ctx->share->full = false;
		ctx->share->replays = 0;
		ctx->share->n = 0;
	}
	bf_share *sh = ctx->share;
	/* not bf_hash: the candidate itself never hashes its input here, and
	 * a hashed input would compare sooner later on */
	int64_t h = bf_hash_peek(ctx, args[0]);
	share_entry charge = {0};
	for (int k = 0; k < sh->n; k++) {
		share_entry *e = &sh->e[k];
		if (!same_args(e, p, args, h))
			continue;
		/* once an evaluation holds the kept result, a second call of its
		 * own is made for real: without sharing the two would be
		 * distinct objects, and a comparison of one object with itself
		 * stops at once (so charges less) */
		if (e->kept)
			return fits(ctx, e) && e->handed_in != ctx->evals ? replay(ctx, e)
									  : p->fn(ctx, args);
		bf_val r = measured(ctx, p, args, &charge);
		keep(sh, e, r);
		return r;
	}
	bf_val r = measured(ctx, p, args, &charge);
	note(sh, p, args, h, &charge);
	return r;
}

uint64_t bf_share_replays(const bf_ctx *ctx)
{
	return ctx->share ? ctx->share->replays : 0;
}

bf_val **bf_share_listing(const bf_ctx *ctx, bf_set *s)
{
	shared_set *ss = (shared_set *)(void *)s;
	if (ss->listed_in != ctx->evals) {
		s->items = NULL;
		ss->listed_in = ctx->evals;
	}
	return &s->items;
}

void bf_share_begin(bf_ctx *ctx)
{
	bf_share *sh = ctx->share;
	if (!sh || !sh->full)
		return;
	bf_arena_reset(&sh->arena);
	sh->n = 0;
	sh->full = false;
}

void bf_share_release(bf_ctx *ctx)
{
	if (!ctx->share)
		return;
	bf_arena_release(&ctx->share->arena);
	free(ctx->share);
	ctx->share = NULL;
}

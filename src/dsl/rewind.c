/*
 * rewind.c -- giving back the memory a primitive call leaves behind (see
 * rewind.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rewind.h"

/* Results moved down after a rewind are copied through the stack: small
 * ones only, where the copy costs nothing beside what it saves. */
#define MOVE_TUPLE_MAX 16
#define MOVE_SET_SLOTS 64

static int rewind_mode = -1; /* -1: not decided yet */

void bf_rewind_set(bool on)
{
	rewind_mode = on;
}

bool bf_rewind_on(void)
{
	if (rewind_mode < 0) {
		const char *off = getenv("BATTFARM_NO_REWIND");
		rewind_mode = !(off && *off && strcmp(off, "0") != 0);
	}
	return rewind_mode;
}

bool bf_rewind_note_listing_slow(bf_ctx *ctx, bf_set *s)
{
	int64_t cap = ctx->listed_cap ? ctx->listed_cap * 2 : 256;
	bf_set **l = realloc(ctx->listed, (size_t)cap * sizeof(*l));
	if (!l)
		return false;
	ctx->listed = l;
	ctx->listed_cap = cap;
	ctx->listed[ctx->nlisted++] = s;
	return true;
}

static const void *pointee(bf_val v)
{
	switch ((bf_kind)v.kind) {
	case BF_TUPLE:
		return v.u.t;
	case BF_FSET:
	case BF_SET:
		return v.u.s;
	case BF_FUNC:
		return v.u.f;
	default:
		return NULL;
	}
}

/* v holds no memory made since the point (its items are not looked at). */
static bool from_before(const bf_ctx *ctx, const bf_rewind_point *pt, bf_val v)
{
	const void *p = pointee(v);
	return !p || !bf_arena_since(&ctx->arena, &pt->mark, p);
}

/* Sets from before the point that cached a listing since forget it; the
 * notes made since are dropped (a set made since goes with its memory). */
static void forget_listings(bf_ctx *ctx, const bf_rewind_point *pt)
{
	const bf_arena *a = &ctx->arena;
	for (int64_t k = pt->nlisted; k < ctx->nlisted; k++) {
		bf_set *s = ctx->listed[k];
		if (!bf_arena_since(a, &pt->mark, s) && s->items &&
		    bf_arena_since(a, &pt->mark, s->items))
			s->items = NULL;
	}
	ctx->nlisted = pt->nlisted;
}

static void give_back(bf_ctx *ctx, const bf_rewind_point *pt)
{
	forget_listings(ctx, pt);
	bf_arena_rewind(&ctx->arena, &pt->mark);
}

static void *alloc_again(bf_ctx *ctx, size_t n)
{
	void *p = bf_arena_alloc_again(&ctx->arena, n);
	if (!p)
		bf_raise_nomem(ctx); /* the system's memory, not the ceiling */
	return p;
}

static bf_val move_tuple(bf_ctx *ctx, const bf_rewind_point *pt, bf_val r)
{
	const bf_tuple *t = r.u.t;
	if (t->n > MOVE_TUPLE_MAX)
		return r;
	for (int64_t i = 0; i < t->n; i++)
		if (!from_before(ctx, pt, t->it[i]))
			return r;
	size_t bytes = sizeof(bf_tuple) + (size_t)t->n * sizeof(bf_val);
	_Alignas(bf_tuple) unsigned char copy[sizeof(bf_tuple) + MOVE_TUPLE_MAX * sizeof(bf_val)];
	memcpy(copy, t, bytes);
	give_back(ctx, pt);
	r.u.t = memcpy(alloc_again(ctx, bytes), copy, bytes);
	return r;
}

static bf_val move_set(bf_ctx *ctx, const bf_rewind_point *pt, bf_val r)
{
	const bf_set *s = r.u.s;
	if (s->mask >= MOVE_SET_SLOTS)
		return r;
	for (int64_t i = 0; i <= s->mask; i++)
		if (s->table[i].key.kind > BF_DUMMY && !from_before(ctx, pt, s->table[i].key))
			return r;
	bf_set head = *s;
	bf_entry table[MOVE_SET_SLOTS];
	size_t table_bytes = (size_t)(s->mask + 1) * sizeof(bf_entry);
	memcpy(table, s->table, table_bytes);
	give_back(ctx, pt);
	bf_set *moved = alloc_again(ctx, sizeof(bf_set));
	*moved = head;
	moved->items = NULL; /* a cache: listed again, charged the same */
	moved->table = memcpy(alloc_again(ctx, table_bytes), table, table_bytes);
	r.u.s = moved;
	return r;
}

bf_val bf_rewind_settle_slow(bf_ctx *ctx, const bf_rewind_point *pt, bf_val r)
{
	/* the memo may hold what the call made: it keeps that memory */
	if (ctx->memo_writes != pt->memo_writes || !bf_rewind_on())
		return r;
	if (from_before(ctx, pt, r)) {
		give_back(ctx, pt);
		return r;
	}
	if (r.kind == BF_TUPLE)
		return move_tuple(ctx, pt, r);
	if (r.kind == BF_FSET || r.kind == BF_SET)
		return move_set(ctx, pt, r);
	return r;
}

/*
 * value.c -- tuples, equality, ordering and truth of values.
 *
 * Comparison follows Python: tuples lexicographically (first unequal item
 * decides, then length), ints and bools as numbers, sets by inclusion, and
 * TypeError for the pairs Python refuses to order.
 */
#include <string.h>

#include "battfarm/ctx.h"
#include "battfarm/func.h"
#include "intern.h"
#include "pyset.h"
#include "battfarm/value.h"

void bf_tuple_too_big(bf_ctx *ctx, int64_t n)
{
	bf_raise(ctx, "MemoryError: tuple of %lld items", (long long)n);
}

bf_val bf_tuple_seal(bf_tuple *t)
{
	uint32_t allint = BF_TF_ALLINT;
	for (int64_t i = 0; i < t->n; i++)
		if (!bf_is_intlike(t->it[i])) {
			allint = 0;
			break;
		}
	t->flags |= allint;
	bf_val v = {BF_TUPLE, 0, {0}};
	v.u.t = t;
	return v;
}

/* A lane of a pair's hash when it is known without work: a small int or an
 * already hashed tuple.  Pairs are what sets of cells and indices hold, and
 * nearly every pair is hashed soon after it is made, so it is done at once
 * when it is this cheap (bf_tuple_hash2 is CPython's tuplehash for n == 2). */
static inline bool cheap_lane(bf_val x, int64_t *h)
{
	if (bf_hash_salt)
		return false;
	if (bf_is_intlike(x) && x.u.i >= 0 && x.u.i < ((int64_t)1 << 60)) {
		*h = x.u.i;
		return true;
	}
	if (x.kind == BF_TUPLE && (x.u.t->flags & BF_TF_HASHED)) {
		*h = x.u.t->hash;
		return true;
	}
	return false;
}

static bf_val pair(bf_ctx *ctx, bf_val a, bf_val b, uint32_t flags)
{
	bf_val shared;
	if (a.kind == BF_INT && b.kind == BF_INT && bf_intern_pair(ctx, a.u.i, b.u.i, &shared))
		return shared;
	bf_tuple *t = bf_tuple_alloc(ctx, 2);
	t->it[0] = a;
	t->it[1] = b;
	t->flags = flags;
	int64_t ha, hb;
	if (cheap_lane(a, &ha) && cheap_lane(b, &hb)) {
		t->hash = bf_tuple_hash2(ha, hb);
		t->flags |= BF_TF_HASHED;
	}
	bf_val v = {BF_TUPLE, 0, {0}};
	v.u.t = t;
	return v;
}

bf_val bf_tuple2(bf_ctx *ctx, bf_val a, bf_val b)
{
	return pair(ctx, a, b, bf_is_intlike(a) && bf_is_intlike(b) ? BF_TF_ALLINT : 0);
}

bf_val bf_pair_ii(bf_ctx *ctx, int64_t a, int64_t b)
{
	return pair(ctx, bf_int(a), bf_int(b), BF_TF_ALLINT);
}

bf_val bf_empty_tuple(bf_ctx *ctx)
{
	return bf_tuple_seal(bf_tuple_alloc(ctx, 0));
}

/*
 * Equality and ordering recurse into nested values with a bound, room: the
 * levels of nesting still allowed.  CPython counts each level of a nested
 * comparison against its recursion limit and raises RecursionError past it;
 * so do we, instead of overflowing the C stack on a tuple nested 200,000
 * deep.  eq_at() answers 1 (equal), 0 (not) or -1 (deeper than room).
 */
static int set_eq_at(bf_set *a, bf_set *b, int room);

/* Tuple items compared since bf_py_eq, bf_lt or bf_gt began: a comparison
 * is one call of a primitive, yet two equal 10**6-item tuples cost CPython
 * milliseconds, and a candidate comparing them 10**6 times must meet its
 * budget (workers are single-threaded; the count is per evaluation in
 * progress). */
static uint64_t eq_items;

static int eq_at(bf_val a, bf_val b, int room)
{
	if (bf_is_intlike(a) && bf_is_intlike(b))
		return a.u.i == b.u.i;
	if (a.kind == BF_TUPLE && b.kind == BF_TUPLE) {
		bf_tuple *x = a.u.t, *y = b.u.t;
		if (x == y && a.stamp == b.stamp) /* one object (a shared pair: one stamp) */
			return 1;
		if (x->n != y->n)
			return 0;
		if ((x->flags & y->flags & BF_TF_HASHED) && x->hash != y->hash)
			return 0;
		if (room <= 0)
			return -1;
		eq_items += (uint64_t)x->n;
		for (int64_t i = 0; i < x->n; i++) {
			bf_val p = x->it[i], q = y->it[i];
			if (p.kind == BF_INT && q.kind == BF_INT) {
				if (p.u.i != q.u.i)
					return 0;
				continue;
			}
			int r = eq_at(p, q, room - 1);
			if (r <= 0)
				return r;
		}
		return 1;
	}
	if (bf_is_set(a) && bf_is_set(b))
		return a.u.s == b.u.s ? 1 : room <= 0 ? -1 : set_eq_at(a.u.s, b.u.s, room - 1);
	if (a.kind == BF_NONE && b.kind == BF_NONE)
		return 1;
	if (a.kind == BF_FUNC && b.kind == BF_FUNC)
		return a.u.f == b.u.f || a.u.f->id == b.u.f->id;
	return 0;
}

/* The levels a comparison may still nest: CPython's limit less the frames
 * of the nested function calls in progress. */
static int room_of(const bf_ctx *ctx)
{
	return BF_MAX_DEPTH - ctx->depth;
}

_Noreturn void bf_raise_recursion(bf_ctx *ctx, const char *where)
{
	bf_raise(ctx, "RecursionError: maximum recursion depth exceeded %s", where);
}

bool bf_eq(bf_val a, bf_val b)
{
	return eq_at(a, b, BF_MAX_DEPTH) > 0;
}

/* Items a comparison may walk for free: the calibrated charge of the
 * primitive that compares covers the small ones real solvers make. */
#define EQ_FREE_ITEMS 64
/* The charge per item beyond them, in 1/BF_WORK_ONE units: about what
 * CPython's tuple comparison pays per item of ints (~8 ns). */
#define EQ_ITEM_COST 8

/* Charge the items the comparison just made walked, past the free ones. */
static void charge_items(bf_ctx *ctx)
{
	if (eq_items > EQ_FREE_ITEMS) {
		ctx->spent += (eq_items - EQ_FREE_ITEMS) * EQ_ITEM_COST;
		if (ctx->spent >= ctx->next_clock)
			bf_work_slow(ctx);
	}
}

bool bf_py_eq(bf_ctx *ctx, bf_val a, bf_val b)
{
	eq_items = 0;
	int r = eq_at(a, b, room_of(ctx));
	charge_items(ctx);
	if (r < 0)
		bf_raise_recursion(ctx, "in comparison");
	return r;
}

/* Membership by stored hash; every key in a set has been hashed already. */
static int set_has_at(bf_set *s, bf_val key, int64_t hash, int room)
{
	uint64_t mask = (uint64_t)s->mask;
	uint64_t perturb = (uint64_t)hash;
	uint64_t i = (uint64_t)hash & mask;
	for (;;) {
		bf_entry *e = &s->table[i];
		int probes = (i + 9 <= mask) ? 9 : 0;
		do {
			if (e->key.kind == BF_EMPTY)
				return 0;
			if (e->hash == hash && e->key.kind > BF_DUMMY) {
				int r = eq_at(e->key, key, room);
				if (r)
					return r;
			}
			e++;
		} while (probes--);
		perturb >>= 5;
		i = (i * 5 + 1 + perturb) & mask;
	}
}

/* 1 when every member of x is in y, 0 when not, -1 when too deep. */
static int subset_at(bf_set *x, bf_set *y, int room)
{
	if (x->used > y->used)
		return 0;
	for (int64_t i = 0; i <= x->mask; i++) {
		bf_entry *e = &x->table[i];
		if (e->key.kind <= BF_DUMMY)
			continue;
		int r = set_has_at(y, e->key, e->hash, room);
		if (r <= 0)
			return r;
	}
	return 1;
}

static int set_eq_at(bf_set *a, bf_set *b, int room)
{
	if (a->used != b->used)
		return 0;
	if (a->hashed && b->hashed && a->hash != b->hash)
		return 0;
	return subset_at(a, b, room);
}

bool bf_set_issubset(bf_ctx *ctx, bf_val a, bf_val b)
{
	int r = subset_at(a.u.s, b.u.s, room_of(ctx) - 1);
	if (r < 0)
		bf_raise_recursion(ctx, "in comparison");
	return r;
}

static _Noreturn void cmp_error(bf_ctx *ctx, const char *op, bf_val a, bf_val b)
{
	bf_raise(ctx, "TypeError: '%s' not supported between instances of '%s' and '%s'",
		 op, bf_type_name(a), bf_type_name(b));
}

/* Python's rich comparison for < (gt=false) or > (gt=true), nesting at
 * most room levels. */
static bool compare(bf_ctx *ctx, bf_val a, bf_val b, bool gt, int room)
{
	if (bf_is_intlike(a) && bf_is_intlike(b))
		return gt ? a.u.i > b.u.i : a.u.i < b.u.i;
	if (room <= 0)
		bf_raise_recursion(ctx, "in comparison");
	if (a.kind == BF_TUPLE && b.kind == BF_TUPLE) {
		bf_tuple *x = a.u.t, *y = b.u.t;
		int64_t n = x->n < y->n ? x->n : y->n;
		for (int64_t i = 0; i < n; i++) {
			int r = eq_at(x->it[i], y->it[i], room - 1);
			if (r < 0)
				bf_raise_recursion(ctx, "in comparison");
			if (!r) {
				eq_items += (uint64_t)i;
				return compare(ctx, x->it[i], y->it[i], gt, room - 1);
			}
		}
		eq_items += (uint64_t)n;
		return gt ? x->n > y->n : x->n < y->n;
	}
	if (bf_is_set(a) && bf_is_set(b)) {
		bf_set *x = gt ? b.u.s : a.u.s, *y = gt ? a.u.s : b.u.s;
		if (x->used >= y->used)
			return false;
		int r = subset_at(x, y, room - 1);
		if (r < 0)
			bf_raise_recursion(ctx, "in comparison");
		return r;
	}
	cmp_error(ctx, gt ? ">" : "<", a, b);
}

/* a < b (gt false) or a > b, charged for the tuple items it walks. */
static bool ordered(bf_ctx *ctx, bf_val a, bf_val b, bool gt)
{
	if (bf_is_intlike(a) && bf_is_intlike(b)) /* most of them: nothing to walk */
		return gt ? a.u.i > b.u.i : a.u.i < b.u.i;
	eq_items = 0;
	bool r = compare(ctx, a, b, gt, room_of(ctx));
	charge_items(ctx);
	return r;
}

bool bf_lt(bf_ctx *ctx, bf_val a, bf_val b)
{
	return ordered(ctx, a, b, false);
}

bool bf_gt(bf_ctx *ctx, bf_val a, bf_val b)
{
	return ordered(ctx, a, b, true);
}

bool bf_truthy(bf_val v)
{
	switch (v.kind) {
	case BF_BOOL:
	case BF_INT:
		return v.u.i != 0;
	case BF_TUPLE:
		return v.u.t->n != 0;
	case BF_FSET:
	case BF_SET:
		return v.u.s->used != 0;
	case BF_FUNC:
		return true;
	default:
		return false;
	}
}

const char *bf_type_name(bf_val v)
{
	switch (v.kind) {
	case BF_NONE: return "NoneType";
	case BF_BOOL: return "bool";
	case BF_INT: return "int";
	case BF_TUPLE: return "tuple";
	case BF_FSET: return "frozenset";
	case BF_SET: return "set";
	case BF_FUNC: return "function";
	default: return "slot";
	}
}

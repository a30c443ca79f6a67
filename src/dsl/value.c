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

static bool set_eq(bf_set *a, bf_set *b);

bool bf_eq(bf_val a, bf_val b)
{
	if (bf_is_intlike(a) && bf_is_intlike(b))
		return a.u.i == b.u.i;
	if (a.kind == BF_TUPLE && b.kind == BF_TUPLE) {
		bf_tuple *x = a.u.t, *y = b.u.t;
		if (x == y)
			return true;
		if (x->n != y->n)
			return false;
		if ((x->flags & y->flags & BF_TF_HASHED) && x->hash != y->hash)
			return false;
		for (int64_t i = 0; i < x->n; i++) {
			bf_val p = x->it[i], q = y->it[i];
			if (p.kind == BF_INT && q.kind == BF_INT) {
				if (p.u.i != q.u.i)
					return false;
			} else if (!bf_eq(p, q)) {
				return false;
			}
		}
		return true;
	}
	if (bf_is_set(a) && bf_is_set(b))
		return set_eq(a.u.s, b.u.s);
	if (a.kind == BF_NONE && b.kind == BF_NONE)
		return true;
	if (a.kind == BF_FUNC && b.kind == BF_FUNC)
		return a.u.f == b.u.f || a.u.f->id == b.u.f->id;
	return false;
}

/* Membership by stored hash; every key in a set has been hashed already. */
static bool set_has(bf_set *s, bf_val key, int64_t hash)
{
	uint64_t mask = (uint64_t)s->mask;
	uint64_t perturb = (uint64_t)hash;
	uint64_t i = (uint64_t)hash & mask;
	for (;;) {
		bf_entry *e = &s->table[i];
		int probes = (i + 9 <= mask) ? 9 : 0;
		do {
			if (e->key.kind == BF_EMPTY)
				return false;
			if (e->hash == hash && e->key.kind > BF_DUMMY && bf_eq(e->key, key))
				return true;
			e++;
		} while (probes--);
		perturb >>= 5;
		i = (i * 5 + 1 + perturb) & mask;
	}
}

static bool set_eq(bf_set *a, bf_set *b)
{
	if (a == b)
		return true;
	if (a->used != b->used)
		return false;
	if (a->hashed && b->hashed && a->hash != b->hash)
		return false;
	for (int64_t i = 0; i <= a->mask; i++) {
		bf_entry *e = &a->table[i];
		if (e->key.kind > BF_DUMMY && !set_has(b, e->key, e->hash))
			return false;
	}
	return true;
}

bool bf_set_issubset(bf_ctx *ctx, bf_val a, bf_val b)
{
	(void)ctx;
	bf_set *x = a.u.s, *y = b.u.s;
	if (x->used > y->used)
		return false;
	for (int64_t i = 0; i <= x->mask; i++) {
		bf_entry *e = &x->table[i];
		if (e->key.kind > BF_DUMMY && !set_has(y, e->key, e->hash))
			return false;
	}
	return true;
}

static _Noreturn void cmp_error(bf_ctx *ctx, const char *op, bf_val a, bf_val b)
{
	bf_raise(ctx, "TypeError: '%s' not supported between instances of '%s' and '%s'",
		 op, bf_type_name(a), bf_type_name(b));
}

/* Python's rich comparison for < (gt=false) or > (gt=true). */
static bool compare(bf_ctx *ctx, bf_val a, bf_val b, bool gt)
{
	if (bf_is_intlike(a) && bf_is_intlike(b))
		return gt ? a.u.i > b.u.i : a.u.i < b.u.i;
	if (a.kind == BF_TUPLE && b.kind == BF_TUPLE) {
		bf_tuple *x = a.u.t, *y = b.u.t;
		int64_t n = x->n < y->n ? x->n : y->n;
		for (int64_t i = 0; i < n; i++)
			if (!bf_eq(x->it[i], y->it[i]))
				return compare(ctx, x->it[i], y->it[i], gt);
		return gt ? x->n > y->n : x->n < y->n;
	}
	if (bf_is_set(a) && bf_is_set(b)) {
		if (gt)
			return a.u.s->used > b.u.s->used && bf_set_issubset(ctx, b, a);
		return a.u.s->used < b.u.s->used && bf_set_issubset(ctx, a, b);
	}
	cmp_error(ctx, gt ? ">" : "<", a, b);
}

bool bf_lt(bf_ctx *ctx, bf_val a, bf_val b)
{
	return compare(ctx, a, b, false);
}

bool bf_gt(bf_ctx *ctx, bf_val a, bf_val b)
{
	return compare(ctx, a, b, true);
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

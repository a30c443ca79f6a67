/*
 * pyops.c -- Python built-in operations for primitives (see pyops.h).
 *
 * Integers are 64-bit here where Python's are unbounded; an operation whose
 * result does not fit raises OverflowError, which the pipeline records as an
 * error result.  ARC programs never get near that on real grids.
 */
#include <string.h>

#include "battfarm/func.h"
#include "pyops.h"
#include "rewind.h"
#include "pyset.h"
#include "share.h"

int64_t bf_py_len(bf_ctx *ctx, bf_val v)
{
	if (v.kind == BF_TUPLE)
		return v.u.t->n;
	if (bf_is_set(v))
		return v.u.s->used;
	bf_raise(ctx, "TypeError: object of type '%s' has no len()", bf_type_name(v));
}

const bf_val *bf_py_items(bf_ctx *ctx, bf_val v, int64_t *n)
{
	if (v.kind == BF_TUPLE) {
		*n = v.u.t->n;
		return v.u.t->it;
	}
	if (bf_is_set(v)) {
		bf_set *s = v.u.s;
		bf_work(ctx, (uint64_t)s->used / 4);
		/* a frozenset never changes, so its listing can be kept (on a
		 * kept one, for the running evaluation only), but it is charged
		 * as made anew: which sets are one object must not change a count
		 * (work shared across candidates hands out one set twice) */
		bf_val **keep = s->shared ? bf_share_listing(ctx, s) : v.kind == BF_FSET ? &s->items : NULL;
		size_t bytes = (size_t)(s->used ? s->used : 1) * sizeof(bf_val);
		*n = s->used;
		if (keep && *keep) {
			bf_charge_alloc(ctx, bytes);
			return *keep;
		}
		bf_val *out = bf_alloc(ctx, bytes);
		int64_t k = 0;
		for (int64_t i = 0; i <= s->mask; i++)
			if (s->table[i].key.kind > BF_DUMMY)
				out[k++] = s->table[i].key;
		if (keep && bf_rewind_note_listing(ctx, s))
			*keep = out;
		return out;
	}
	bf_raise(ctx, "TypeError: '%s' object is not iterable", bf_type_name(v));
}

bf_val bf_py_first(bf_ctx *ctx, bf_val v)
{
	if (v.kind == BF_TUPLE) {
		if (v.u.t->n == 0)
			bf_raise_stop(ctx);
		return v.u.t->it[0];
	}
	if (bf_is_set(v)) {
		bf_set *s = v.u.s;
		for (int64_t i = 0; i <= s->mask; i++)
			if (s->table[i].key.kind > BF_DUMMY)
				return s->table[i].key;
		bf_raise_stop(ctx);
	}
	bf_raise(ctx, "TypeError: '%s' object is not iterable", bf_type_name(v));
}

bf_val bf_py_getitem(bf_ctx *ctx, bf_val v, int64_t i)
{
	if (v.kind != BF_TUPLE)
		bf_raise(ctx, "TypeError: '%s' object is not subscriptable", bf_type_name(v));
	int64_t n = v.u.t->n;
	if (i < 0)
		i += n;
	if (i < 0 || i >= n)
		bf_raise(ctx, "IndexError: tuple index out of range");
	return v.u.t->it[i];
}

bf_val bf_py_getitem_v(bf_ctx *ctx, bf_val v, bf_val i)
{
	if (v.kind != BF_TUPLE)
		bf_raise(ctx, "TypeError: '%s' object is not subscriptable", bf_type_name(v));
	if (!bf_is_intlike(i))
		bf_raise(ctx, "TypeError: tuple indices must be integers or slices, not %s",
			 bf_type_name(i));
	return bf_py_getitem(ctx, v, i.u.i);
}

/* PySlice_AdjustIndices for one bound. */
static int64_t adjust(int64_t x, int64_t n, int64_t step, bool is_start)
{
	if (x == BF_SLICE_NONE) {
		if (step > 0)
			return is_start ? 0 : n;
		return is_start ? n - 1 : -1;
	}
	if (x < 0) {
		x += n;
		if (x < 0)
			x = step < 0 ? -1 : 0;
	} else if (x >= n) {
		x = step < 0 ? n - 1 : n;
	}
	return x;
}

bf_val bf_py_slice(bf_ctx *ctx, bf_val v, int64_t start, int64_t stop, int64_t step)
{
	if (v.kind != BF_TUPLE)
		bf_raise(ctx, "TypeError: '%s' object is not subscriptable", bf_type_name(v));
	if (step == 0)
		bf_raise(ctx, "ValueError: slice step cannot be zero");
	int64_t n = v.u.t->n;
	int64_t lo = adjust(start, n, step, true);
	int64_t hi = adjust(stop, n, step, false);
	int64_t len = 0;
	if (step > 0 && lo < hi)
		len = (hi - lo - 1) / step + 1;
	else if (step < 0 && hi < lo)
		len = (lo - hi - 1) / (-step) + 1;
	if (step == 1 && len == n)
		return v;
	bf_tuple *t = bf_tuple_alloc(ctx, len);
	for (int64_t k = 0; k < len; k++)
		t->it[k] = v.u.t->it[lo + k * step];
	if (v.u.t->flags & BF_TF_ALLINT) {
		t->flags = BF_TF_ALLINT;
		bf_val r = {BF_TUPLE, 0, {0}};
		r.u.t = t;
		return r;
	}
	/* the slice may have left out every non-int of its parent */
	return bf_tuple_seal(t);
}

void bf_py_unpack2(bf_ctx *ctx, bf_val v, bf_val *a, bf_val *b)
{
	int64_t n;
	if (v.kind == BF_TUPLE && v.u.t->n == 2) {
		*a = v.u.t->it[0];
		*b = v.u.t->it[1];
		return;
	}
	if (v.kind != BF_TUPLE && !bf_is_set(v))
		bf_raise(ctx, "TypeError: cannot unpack non-iterable %s object", bf_type_name(v));
	const bf_val *it = bf_py_items(ctx, v, &n);
	if (n > 2)
		bf_raise(ctx, "ValueError: too many values to unpack (expected 2)");
	if (n < 2)
		bf_raise(ctx, "ValueError: not enough values to unpack (expected 2, got %lld)",
			 (long long)n);
	*a = it[0];
	*b = it[1];
}

int64_t bf_py_range_arg(bf_ctx *ctx, bf_val v)
{
	if (!bf_is_intlike(v))
		bf_raise(ctx, "TypeError: '%s' object cannot be interpreted as an integer",
			 bf_type_name(v));
	return v.u.i;
}

static _Noreturn void binop_error(bf_ctx *ctx, const char *op, bf_val a, bf_val b)
{
	bf_raise(ctx, "TypeError: unsupported operand type(s) for %s: '%s' and '%s'", op,
		 bf_type_name(a), bf_type_name(b));
}

static bf_val concat(bf_ctx *ctx, bf_val a, bf_val b)
{
	int64_t n = a.u.t->n, m = b.u.t->n;
	bf_tuple *t = bf_tuple_alloc(ctx, n + m);
	memcpy(t->it, a.u.t->it, (size_t)n * sizeof(bf_val));
	memcpy(t->it + n, b.u.t->it, (size_t)m * sizeof(bf_val));
	t->flags = a.u.t->flags & b.u.t->flags & BF_TF_ALLINT;
	bf_val r = {BF_TUPLE, 0, {0}};
	r.u.t = t;
	return r;
}

static bf_val repeat(bf_ctx *ctx, bf_val tup, int64_t k)
{
	int64_t n = tup.u.t->n;
	if (k <= 0 || n == 0)
		return bf_empty_tuple(ctx);
	if (k > ((int64_t)1 << 40) / n)
		bf_raise(ctx, "MemoryError");
	bf_tuple *t = bf_tuple_alloc(ctx, n * k);
	for (int64_t i = 0; i < k; i++)
		memcpy(t->it + i * n, tup.u.t->it, (size_t)n * sizeof(bf_val));
	t->flags = tup.u.t->flags & BF_TF_ALLINT;
	bf_val r = {BF_TUPLE, 0, {0}};
	r.u.t = t;
	return r;
}

static _Noreturn void overflow(bf_ctx *ctx)
{
	bf_raise(ctx, "OverflowError: integer result beyond 64 bits");
}

bf_val bf_py_add_slow(bf_ctx *ctx, bf_val a, bf_val b)
{
	if (bf_is_intlike(a) && bf_is_intlike(b)) {
		int64_t r;
		if (__builtin_add_overflow(a.u.i, b.u.i, &r))
			overflow(ctx);
		return bf_int(r);
	}
	if (a.kind == BF_TUPLE && b.kind == BF_TUPLE)
		return concat(ctx, a, b);
	if (a.kind == BF_TUPLE && b.kind != BF_TUPLE)
		bf_raise(ctx, "TypeError: can only concatenate tuple (not \"%s\") to tuple",
			 bf_type_name(b));
	binop_error(ctx, "+", a, b);
}

bf_val bf_py_sub_slow(bf_ctx *ctx, bf_val a, bf_val b)
{
	if (bf_is_intlike(a) && bf_is_intlike(b)) {
		int64_t r;
		if (__builtin_sub_overflow(a.u.i, b.u.i, &r))
			overflow(ctx);
		return bf_int(r);
	}
	if (bf_is_set(a) && bf_is_set(b))
		return bf_set_sub(ctx, a, b);
	binop_error(ctx, "-", a, b);
}

bf_val bf_py_mul(bf_ctx *ctx, bf_val a, bf_val b)
{
	if (bf_is_intlike(a) && bf_is_intlike(b)) {
		int64_t r;
		if (__builtin_mul_overflow(a.u.i, b.u.i, &r))
			overflow(ctx);
		return bf_int(r);
	}
	if (a.kind == BF_TUPLE && bf_is_intlike(b))
		return repeat(ctx, a, b.u.i);
	if (bf_is_intlike(a) && b.kind == BF_TUPLE)
		return repeat(ctx, b, a.u.i);
	if (a.kind == BF_TUPLE || b.kind == BF_TUPLE)
		bf_raise(ctx, "TypeError: can't multiply sequence by non-int of type '%s'",
			 bf_type_name(a.kind == BF_TUPLE ? b : a));
	binop_error(ctx, "*", a, b);
}

bf_val bf_py_floordiv(bf_ctx *ctx, bf_val a, bf_val b)
{
	if (!(bf_is_intlike(a) && bf_is_intlike(b)))
		binop_error(ctx, "//", a, b);
	int64_t x = a.u.i, y = b.u.i;
	if (y == 0)
		bf_raise(ctx, "ZeroDivisionError: integer division or modulo by zero");
	if (x == INT64_MIN && y == -1)
		overflow(ctx);
	int64_t q = x / y;
	if ((x % y != 0) && ((x < 0) != (y < 0)))
		q--;
	return bf_int(q);
}

bf_val bf_py_mod(bf_ctx *ctx, bf_val a, bf_val b)
{
	if (!(bf_is_intlike(a) && bf_is_intlike(b)))
		binop_error(ctx, "%", a, b);
	int64_t x = a.u.i, y = b.u.i;
	if (y == 0)
		bf_raise(ctx, "ZeroDivisionError: integer division or modulo by zero");
	if (y == -1)
		return bf_int(0);
	int64_t r = x % y;
	if (r != 0 && ((r < 0) != (y < 0)))
		r += y;
	return bf_int(r);
}

bf_val bf_py_neg(bf_ctx *ctx, bf_val a)
{
	if (!bf_is_intlike(a))
		bf_raise(ctx, "TypeError: bad operand type for unary -: '%s'", bf_type_name(a));
	if (a.u.i == INT64_MIN)
		overflow(ctx);
	return bf_int(-a.u.i);
}

bf_val bf_py_abs(bf_ctx *ctx, bf_val a)
{
	if (!bf_is_intlike(a))
		bf_raise(ctx, "TypeError: bad operand type for abs(): '%s'", bf_type_name(a));
	if (a.u.i == INT64_MIN)
		overflow(ctx);
	return bf_int(a.u.i < 0 ? -a.u.i : a.u.i);
}

bool bf_py_contains(bf_ctx *ctx, bf_val container, bf_val x)
{
	if (container.kind == BF_TUPLE) {
		bf_tuple *t = container.u.t;
		bf_work(ctx, 1 + (uint64_t)t->n / 8);
		for (int64_t i = 0; i < t->n; i++)
			if (bf_py_eq(ctx, t->it[i], x))
				return true;
		return false;
	}
	if (bf_is_set(container))
		return bf_set_contains(ctx, container, x);
	bf_raise(ctx, "TypeError: argument of type '%s' is not iterable", bf_type_name(container));
}

int64_t bf_py_count(bf_ctx *ctx, bf_val tup, bf_val x)
{
	if (tup.kind != BF_TUPLE)
		bf_raise(ctx, "AttributeError: '%s' object has no attribute 'count'",
			 bf_type_name(tup));
	int64_t c = 0;
	bf_work(ctx, 1 + (uint64_t)tup.u.t->n / 8);
	for (int64_t i = 0; i < tup.u.t->n; i++)
		c += bf_py_eq(ctx, tup.u.t->it[i], x);
	return c;
}

static bf_val extreme(bf_ctx *ctx, const bf_val *items, int64_t n, bf_val key,
		      bool has_default, bf_val dflt, bool want_max)
{
	if (n == 0) {
		if (has_default)
			return dflt;
		bf_raise(ctx, "ValueError: %s() arg is an empty sequence",
			 want_max ? "max" : "min");
	}
	bool keyed = key.kind != BF_NONE;
	bf_val best = items[0];
	bf_val bestk = keyed ? bf_call1(ctx, key, best) : best;
	for (int64_t i = 1; i < n; i++) {
		bf_val k = keyed ? bf_call1(ctx, key, items[i]) : items[i];
		if (want_max ? bf_gt(ctx, k, bestk) : bf_lt(ctx, k, bestk)) {
			best = items[i];
			bestk = k;
		}
	}
	return best;
}

bf_val bf_py_max(bf_ctx *ctx, const bf_val *items, int64_t n, bf_val key,
		 bool has_default, bf_val dflt)
{
	return extreme(ctx, items, n, key, has_default, dflt, true);
}

bf_val bf_py_min(bf_ctx *ctx, const bf_val *items, int64_t n, bf_val key,
		 bool has_default, bf_val dflt)
{
	return extreme(ctx, items, n, key, has_default, dflt, false);
}

bf_val bf_py_tuple_of(bf_ctx *ctx, const bf_val *items, int64_t n)
{
	bf_tuple *t = bf_tuple_alloc(ctx, n);
	if (n)
		memcpy(t->it, items, (size_t)n * sizeof(bf_val));
	return bf_tuple_seal(t);
}

bf_val bf_py_build_like(bf_ctx *ctx, bf_val like, const bf_val *items, int64_t n)
{
	if (like.kind == BF_TUPLE)
		return bf_py_tuple_of(ctx, items, n);
	if (bf_is_set(like)) {
		bf_val s = bf_set_new(ctx);
		for (int64_t i = 0; i < n; i++)
			bf_set_add(ctx, s, items[i]);
		return like.kind == BF_FSET ? bf_set_seal(s) : s;
	}
	bf_raise(ctx, "TypeError: '%s' object is not iterable", bf_type_name(like));
}

void bf_vec_init(bf_ctx *ctx, bf_vec *vec, int64_t cap)
{
	if (cap < 4)
		cap = 4;
	vec->v = bf_alloc(ctx, (size_t)cap * sizeof(bf_val));
	vec->n = 0;
	vec->cap = cap;
}

void bf_vec_push(bf_ctx *ctx, bf_vec *vec, bf_val x)
{
	if (vec->n == vec->cap) {
		bf_val *nv = bf_alloc(ctx, (size_t)vec->cap * 2 * sizeof(bf_val));
		memcpy(nv, vec->v, (size_t)vec->n * sizeof(bf_val));
		vec->v = nv;
		vec->cap *= 2;
	}
	vec->v[vec->n++] = x;
}

/*
 * pyops.h -- Python's built-in operations on bf_val, for primitives.
 *
 * Primitives are written in terms of these so that odd inputs (a grid where
 * a patch was expected, an empty set, None from index()) take the same path
 * CPython takes: the same value, or an exception at the same point.  Every
 * function here raises (bf_raise) exactly where Python raises.
 */
#ifndef BATTFARM_PYOPS_H
#define BATTFARM_PYOPS_H

#include "battfarm/ctx.h"
#include "battfarm/value.h"

/* len(v): tuple or set; TypeError otherwise. */
int64_t bf_py_len(bf_ctx *ctx, bf_val v);

/* The items of iter(v), in Python's iteration order, as an arena array
 * (tuple: its own item array, no copy; set: slot order).  TypeError if v is
 * not iterable ("'int' object is not iterable"). */
const bf_val *bf_py_items(bf_ctx *ctx, bf_val v, int64_t *n);

/* next(iter(v)): first item; StopIteration if empty. */
bf_val bf_py_first(bf_ctx *ctx, bf_val v);

/* v[i] for a tuple, with negative indices; IndexError / TypeError. */
bf_val bf_py_getitem(bf_ctx *ctx, bf_val v, int64_t i);
/* v[i] where i is itself a value (bool/int), as Python allows True as 1. */
bf_val bf_py_getitem_v(bf_ctx *ctx, bf_val v, bf_val i);

/* v[start:stop:step]; BF_SLICE_NONE means the bound was left out. */
#define BF_SLICE_NONE INT64_MIN
bf_val bf_py_slice(bf_ctx *ctx, bf_val v, int64_t start, int64_t stop, int64_t step);

/* a, b = v  (exactly two items, ValueError otherwise). */
void bf_py_unpack2(bf_ctx *ctx, bf_val v, bf_val *a, bf_val *b);

/* An argument of range(): an int (bool counts), or Python's TypeError
 * "'X' object cannot be interpreted as an integer". */
int64_t bf_py_range_arg(bf_ctx *ctx, bf_val v);


/* The binary operators, on ints (with Python's floor semantics; results
 * beyond 64 bits raise OverflowError: our departure from bignums) and,
 * where Python allows it, on tuples (a + b concatenates, t * n repeats). */
bf_val bf_py_add_slow(bf_ctx *ctx, bf_val a, bf_val b);
bf_val bf_py_sub_slow(bf_ctx *ctx, bf_val a, bf_val b);
static inline bf_val bf_py_add(bf_ctx *ctx, bf_val a, bf_val b)
{
	int64_t r;
	if (a.kind == BF_INT && b.kind == BF_INT && !__builtin_add_overflow(a.u.i, b.u.i, &r))
		return bf_int(r);
	return bf_py_add_slow(ctx, a, b);
}
static inline bf_val bf_py_sub(bf_ctx *ctx, bf_val a, bf_val b)
{
	int64_t r;
	if (a.kind == BF_INT && b.kind == BF_INT && !__builtin_sub_overflow(a.u.i, b.u.i, &r))
		return bf_int(r);
	return bf_py_sub_slow(ctx, a, b);
}
bf_val bf_py_mul(bf_ctx *ctx, bf_val a, bf_val b);
bf_val bf_py_floordiv(bf_ctx *ctx, bf_val a, bf_val b);
bf_val bf_py_mod(bf_ctx *ctx, bf_val a, bf_val b);
bf_val bf_py_neg(bf_ctx *ctx, bf_val a);
bf_val bf_py_abs(bf_ctx *ctx, bf_val a);

/* x in container: tuple (== scan), set (hash lookup); TypeError else. */
bool bf_py_contains(bf_ctx *ctx, bf_val container, bf_val x);
/* tup.count(x) (AttributeError for a non-tuple, as Python has no
 * frozenset.count). */
int64_t bf_py_count(bf_ctx *ctx, bf_val tup, bf_val x);

/* max(items, key=key) / min(...): Python keeps the first of equal maxima.
 * key may be a BF_NONE value for no key.  With has_default, an empty input
 * returns dflt; otherwise ValueError. */
bf_val bf_py_max(bf_ctx *ctx, const bf_val *items, int64_t n, bf_val key,
		 bool has_default, bf_val dflt);
bf_val bf_py_min(bf_ctx *ctx, const bf_val *items, int64_t n, bf_val key,
		 bool has_default, bf_val dflt);

/* sorted(items, key=key), comparing exactly the pairs CPython's list.sort
 * compares (pysort.c), so even a partial order such as set inclusion gives
 * CPython's result. */
bf_val bf_py_sorted(bf_ctx *ctx, const bf_val *items, int64_t n, bf_val key);

/* A tuple holding items[0..n). */
bf_val bf_py_tuple_of(bf_ctx *ctx, const bf_val *items, int64_t n);
/* type(like)(items): a tuple, a frozenset or a set built by adding items in
 * order, as Python's constructor does; TypeError for other types
 * (type(5)(gen) fails in Python too). */
bf_val bf_py_build_like(bf_ctx *ctx, bf_val like, const bf_val *items, int64_t n);

/* A growable array of values in the arena, for "collect then build". */
typedef struct bf_vec {
	bf_val *v;
	int64_t n, cap;
} bf_vec;
void bf_vec_init(bf_ctx *ctx, bf_vec *vec, int64_t cap);
void bf_vec_push(bf_ctx *ctx, bf_vec *vec, bf_val x);

#endif

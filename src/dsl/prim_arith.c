/*
 * prim_arith.c -- the arithmetic and logic primitives: identity, add,
 * subtract, multiply, divide, invert, even, double, halve, flip, equality,
 * greater, both, either, increment, decrement, crement, sign, positive,
 * toivec, tojvec, astuple, branch.
 *
 * arc-dsl's "Numerical" is an int or a pair.  The four binary operators
 * pick their branch with isinstance() exactly as dsl.py does (bool counts
 * as int, only a tuple counts as a pair), and anything else falls into the
 * last branch, which indexes the first operand -- so add(1, frozenset())
 * is a TypeError on 1[0], as in Python.  Items are combined through the
 * pyops operators, so ((1,), (2,)) + ((3,), (4,)) concatenates and a
 * tuple item times an int repeats, as Python's operators do.  Each pair
 * is evaluated left to right (a[0], b[0], op, a[1], b[1], op) so the
 * first error raised is Python's.
 */
#include "prims.h"
#include "pyops.h"

typedef bf_val (*binop_fn)(bf_ctx *ctx, bf_val a, bf_val b);

/* The shared shape of add/subtract/multiply/divide in dsl.py. */
static bf_val numerical(bf_ctx *ctx, const bf_val *args, binop_fn op)
{
	bf_val a = args[0], b = args[1];
	if (bf_is_intlike(a) && bf_is_intlike(b))
		return op(ctx, a, b);
	bf_val x, y;
	if (a.kind == BF_TUPLE && b.kind == BF_TUPLE) {
		x = op(ctx, bf_py_getitem(ctx, a, 0), bf_py_getitem(ctx, b, 0));
		y = op(ctx, bf_py_getitem(ctx, a, 1), bf_py_getitem(ctx, b, 1));
	} else if (bf_is_intlike(a) && b.kind == BF_TUPLE) {
		x = op(ctx, a, bf_py_getitem(ctx, b, 0));
		y = op(ctx, a, bf_py_getitem(ctx, b, 1));
	} else {
		x = op(ctx, bf_py_getitem(ctx, a, 0), b);
		y = op(ctx, bf_py_getitem(ctx, a, 1), b);
	}
	return bf_tuple2(ctx, x, y);
}

/* n OP k if isinstance(n, int) else (n[0] OP k, n[1] OP k) */
static bf_val unary(bf_ctx *ctx, bf_val n, binop_fn op, int64_t k)
{
	if (bf_is_intlike(n))
		return op(ctx, n, bf_int(k));
	bf_val x = op(ctx, bf_py_getitem(ctx, n, 0), bf_int(k));
	bf_val y = op(ctx, bf_py_getitem(ctx, n, 1), bf_int(k));
	return bf_tuple2(ctx, x, y);
}

bf_val bf_p_identity(bf_ctx *ctx, const bf_val *a)
{
	(void)ctx;
	return a[0];
}

bf_val bf_p_add(bf_ctx *ctx, const bf_val *a)
{
	return numerical(ctx, a, bf_py_add);
}

bf_val bf_p_subtract(bf_ctx *ctx, const bf_val *a)
{
	return numerical(ctx, a, bf_py_sub);
}

bf_val bf_p_multiply(bf_ctx *ctx, const bf_val *a)
{
	return numerical(ctx, a, bf_py_mul);
}

bf_val bf_p_divide(bf_ctx *ctx, const bf_val *a)
{
	return numerical(ctx, a, bf_py_floordiv);
}

bf_val bf_p_invert(bf_ctx *ctx, const bf_val *a)
{
	bf_val n = a[0];
	if (bf_is_intlike(n))
		return bf_py_neg(ctx, n);
	bf_val x = bf_py_neg(ctx, bf_py_getitem(ctx, n, 0));
	bf_val y = bf_py_neg(ctx, bf_py_getitem(ctx, n, 1));
	return bf_tuple2(ctx, x, y);
}

bf_val bf_p_even(bf_ctx *ctx, const bf_val *a)
{
	return bf_bool(bf_py_eq(ctx, bf_py_mod(ctx, a[0], bf_int(2)), bf_int(0)));
}

bf_val bf_p_double(bf_ctx *ctx, const bf_val *a)
{
	return unary(ctx, a[0], bf_py_mul, 2);
}

bf_val bf_p_halve(bf_ctx *ctx, const bf_val *a)
{
	return unary(ctx, a[0], bf_py_floordiv, 2);
}

bf_val bf_p_increment(bf_ctx *ctx, const bf_val *a)
{
	return unary(ctx, a[0], bf_py_add, 1);
}

bf_val bf_p_decrement(bf_ctx *ctx, const bf_val *a)
{
	return unary(ctx, a[0], bf_py_sub, 1);
}

bf_val bf_p_flip(bf_ctx *ctx, const bf_val *a)
{
	(void)ctx;
	return bf_bool(!bf_truthy(a[0]));
}

bf_val bf_p_equality(bf_ctx *ctx, const bf_val *a)
{
	(void)ctx;
	return bf_bool(bf_py_eq(ctx, a[0], a[1]));
}

bf_val bf_p_greater(bf_ctx *ctx, const bf_val *a)
{
	return bf_bool(bf_gt(ctx, a[0], a[1]));
}

/* Python's `a and b` / `a or b` give an operand, not a bool. */
bf_val bf_p_both(bf_ctx *ctx, const bf_val *a)
{
	(void)ctx;
	return bf_truthy(a[0]) ? a[1] : a[0];
}

bf_val bf_p_either(bf_ctx *ctx, const bf_val *a)
{
	(void)ctx;
	return bf_truthy(a[0]) ? a[0] : a[1];
}

/* 0 if x == 0 else (x + 1 if x > 0 else x - 1), one component. */
static bf_val crement1(bf_ctx *ctx, bf_val x)
{
	if (bf_py_eq(ctx, x, bf_int(0)))
		return bf_int(0);
	if (bf_gt(ctx, x, bf_int(0)))
		return bf_py_add(ctx, x, bf_int(1));
	return bf_py_sub(ctx, x, bf_int(1));
}

/* 0 if x == 0 else (1 if x > 0 else -1), one component. */
static bf_val sign1(bf_ctx *ctx, bf_val x)
{
	if (bf_py_eq(ctx, x, bf_int(0)))
		return bf_int(0);
	return bf_int(bf_gt(ctx, x, bf_int(0)) ? 1 : -1);
}

static bf_val componentwise(bf_ctx *ctx, bf_val x, bf_val (*f)(bf_ctx *, bf_val))
{
	if (bf_is_intlike(x))
		return f(ctx, x);
	bf_val p = f(ctx, bf_py_getitem(ctx, x, 0));
	bf_val q = f(ctx, bf_py_getitem(ctx, x, 1));
	return bf_tuple2(ctx, p, q);
}

bf_val bf_p_crement(bf_ctx *ctx, const bf_val *a)
{
	return componentwise(ctx, a[0], crement1);
}

bf_val bf_p_sign(bf_ctx *ctx, const bf_val *a)
{
	return componentwise(ctx, a[0], sign1);
}

bf_val bf_p_positive(bf_ctx *ctx, const bf_val *a)
{
	return bf_bool(bf_gt(ctx, a[0], bf_int(0)));
}

bf_val bf_p_toivec(bf_ctx *ctx, const bf_val *a)
{
	return bf_tuple2(ctx, a[0], bf_int(0));
}

bf_val bf_p_tojvec(bf_ctx *ctx, const bf_val *a)
{
	return bf_tuple2(ctx, bf_int(0), a[0]);
}

bf_val bf_p_astuple(bf_ctx *ctx, const bf_val *a)
{
	return bf_tuple2(ctx, a[0], a[1]);
}

bf_val bf_p_branch(bf_ctx *ctx, const bf_val *a)
{
	(void)ctx;
	return bf_truthy(a[0]) ? a[1] : a[2];
}

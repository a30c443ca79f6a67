/*
 * prim_func.c -- the higher-order primitives: compose, chain, matcher,
 * rbind, lbind, power, fork.
 *
 * They build closures (func.c calls them).  rbind and lbind read the
 * bound function's co_argcount the way arc-dsl does: 2 and 3 give a
 * closure of one and two arguments, anything else one of three, which then
 * fails when called with fewer -- as it does in Python.
 */
#include "battfarm/func.h"
#include "prims.h"
#include "pyops.h"

bf_val bf_p_compose(bf_ctx *ctx, const bf_val *a)
{
	return bf_func_new(ctx, BF_FN_COMPOSE, 1, a[0], a[1], bf_none());
}

bf_val bf_p_chain(bf_ctx *ctx, const bf_val *a)
{
	return bf_func_new(ctx, BF_FN_CHAIN, 1, a[0], a[1], a[2]);
}

bf_val bf_p_matcher(bf_ctx *ctx, const bf_val *a)
{
	return bf_func_new(ctx, BF_FN_MATCHER, 1, a[0], a[1], bf_none());
}

static uint32_t bound_argc(bf_ctx *ctx, bf_val f)
{
	if (f.kind != BF_FUNC)
		bf_raise(ctx, "AttributeError: '%s' object has no attribute '__code__'",
			 bf_type_name(f));
	uint32_t n = f.u.f->argc;
	return n == 2 ? 1 : n == 3 ? 2 : 3;
}

bf_val bf_p_rbind(bf_ctx *ctx, const bf_val *a)
{
	return bf_func_new(ctx, BF_FN_RBIND, bound_argc(ctx, a[0]), a[0], a[1], bf_none());
}

bf_val bf_p_lbind(bf_ctx *ctx, const bf_val *a)
{
	return bf_func_new(ctx, BF_FN_LBIND, bound_argc(ctx, a[0]), a[0], a[1], bf_none());
}

/* power(f, 1) is f itself; power(f, n) is compose(f, power(f, n - 1)), so
 * n < 1 recurses until Python gives up. */
bf_val bf_p_power(bf_ctx *ctx, const bf_val *a)
{
	bf_val f = a[0], n = a[1];
	if (bf_py_eq(ctx, n, bf_int(1)))
		return f;
	if (!bf_is_intlike(n))
		bf_raise(ctx, "TypeError: unsupported operand type(s) for -: '%s' and 'int'",
			 bf_type_name(n));
	if (n.u.i < 1 || n.u.i > BF_MAX_DEPTH - ctx->depth)
		bf_raise(ctx, "RecursionError: maximum recursion depth exceeded");
	bf_val acc = f;
	for (int64_t i = 1; i < n.u.i; i++)
		acc = bf_func_new(ctx, BF_FN_COMPOSE, 1, f, acc, bf_none());
	return acc;
}

bf_val bf_p_fork(bf_ctx *ctx, const bf_val *a)
{
	return bf_func_new(ctx, BF_FN_FORK, 1, a[0], a[1], a[2]);
}

/*
 * func.c -- calling function values (see func.h).
 *
 * Closures are evaluated here rather than in C callbacks so that the
 * evaluator's depth count sees every nested call, as Python's recursion
 * limit does: power(f, 0) and friends end in RecursionError, not a stack
 * overflow.
 */
#include "battfarm/func.h"
#include "battfarm/cost.h"
#include "cost_call.h"
#include "pyops.h"

bf_val bf_func_new(bf_ctx *ctx, bf_func_kind kind, uint32_t argc, bf_val a, bf_val b,
		   bf_val c)
{
	bf_func *f = bf_alloc(ctx, sizeof(bf_func));
	f->kind = kind;
	f->argc = argc;
	f->id = ((uint64_t)1 << 20) + ++ctx->func_ids;
	f->prim = NULL;
	f->a = a;
	f->b = b;
	f->c = c;
	bf_val v = {BF_FUNC, 0, {0}};
	v.u.f = f;
	return v;
}

static const char *func_name(const bf_func *f)
{
	return f->kind == BF_FN_PRIM ? f->prim->name : "<lambda>";
}

bf_val bf_call(bf_ctx *ctx, bf_val fv, int argc, const bf_val *args)
{
	if (fv.kind != BF_FUNC)
		bf_raise(ctx, "TypeError: '%s' object is not callable", bf_type_name(fv));
	const bf_func *f = fv.u.f;
	if ((uint32_t)argc != f->argc)
		bf_raise(ctx, "TypeError: %s() takes %u positional arguments but %d were given",
			 func_name(f), f->argc, argc);
	bf_work(ctx, 1);
	if (++ctx->depth > BF_MAX_DEPTH)
		bf_raise(ctx, "RecursionError: maximum recursion depth exceeded");
	bf_val r, t[4];
	switch (f->kind) {
	case BF_FN_PRIM:
		r = bf_cost_call(ctx, f->prim, args);
		break;
	case BF_FN_COMPOSE:
		r = bf_call1(ctx, f->a, bf_call1(ctx, f->b, args[0]));
		break;
	case BF_FN_CHAIN:
		r = bf_call1(ctx, f->a, bf_call1(ctx, f->b, bf_call1(ctx, f->c, args[0])));
		break;
	case BF_FN_MATCHER:
		r = bf_bool(bf_py_eq(ctx, bf_call1(ctx, f->a, args[0]), f->b));
		break;
	case BF_FN_RBIND:
		for (int i = 0; i < argc; i++)
			t[i] = args[i];
		t[argc] = f->b;
		r = bf_call(ctx, f->a, argc + 1, t);
		break;
	case BF_FN_LBIND:
		t[0] = f->b;
		for (int i = 0; i < argc; i++)
			t[i + 1] = args[i];
		r = bf_call(ctx, f->a, argc + 1, t);
		break;
	case BF_FN_FORK: {
		bf_val x = bf_call1(ctx, f->b, args[0]);
		bf_val y = bf_call1(ctx, f->c, args[0]);
		r = bf_call2(ctx, f->a, x, y);
		break;
	}
	default:
		bf_raise(ctx, "SystemError: bad function kind");
	}
	ctx->depth--;
	return r;
}

/*
 * func.h -- function values: primitives, and the closures the combinators
 * (compose, chain, fork, matcher, rbind, lbind, power) return.
 *
 * A primitive is a C function over an argument array.  Its Python
 * co_argcount (argc) matters: rbind/lbind look at it to decide what lambda
 * to build, exactly as arc-dsl does, and a call with the wrong number of
 * arguments is a TypeError.
 */
#ifndef BATTFARM_FUNC_H
#define BATTFARM_FUNC_H

#include "battfarm/ctx.h"
#include "battfarm/value.h"

typedef bf_val (*bf_prim_fn)(bf_ctx *ctx, const bf_val *args);

typedef struct bf_prim {
	const char *name;
	int argc;
	bf_prim_fn fn;
	/* its calibrated charge (cost.h: per call, per raw element), copied
	 * here when the registry is made: read on every call, beside fn */
	uint32_t base, rate;
} bf_prim;

typedef enum bf_func_kind {
	BF_FN_PRIM,
	BF_FN_COMPOSE, /* a(b(x)) */
	BF_FN_CHAIN,   /* a(b(c(x))) */
	BF_FN_MATCHER, /* a(x) == b */
	BF_FN_RBIND,   /* a(args..., b) */
	BF_FN_LBIND,   /* a(b, args...) */
	BF_FN_FORK,    /* a(b(x), c(x)) */
} bf_func_kind;

typedef struct bf_func {
	uint32_t kind;
	uint32_t argc;  /* co_argcount of the Python function */
	uint64_t id;    /* identity, for hash() and ==, stable per evaluation */
	const bf_prim *prim;
	bf_val a, b, c;
} bf_func;

/* Call f with argc arguments.  TypeError if f is not callable or argc does
 * not match; RecursionError past BF_MAX_DEPTH nested calls. */
bf_val bf_call(bf_ctx *ctx, bf_val f, int argc, const bf_val *args);
static inline bf_val bf_call1(bf_ctx *ctx, bf_val f, bf_val x)
{
	return bf_call(ctx, f, 1, &x);
}
static inline bf_val bf_call2(bf_ctx *ctx, bf_val f, bf_val x, bf_val y)
{
	bf_val a[2] = {x, y};
	return bf_call(ctx, f, 2, a);
}

bf_val bf_func_new(bf_ctx *ctx, bf_func_kind kind, uint32_t argc, bf_val a,
		   bf_val b, bf_val c);

/* The function value for a primitive (a static object; no allocation). */
bf_val bf_prim_value(const bf_prim *p);

/* Look a primitive up by name; NULL if there is none. */
const bf_prim *bf_prim_find(const char *name);
/* Number of primitives, and the i-th (for listings and tests). */
int bf_prim_count(void);
const bf_prim *bf_prim_at(int i);

/* The constants of arc-dsl's constants.py: true and *out set when name is
 * one (F, T, ZERO..TEN, NEG_ONE, NEG_TWO, DOWN, RIGHT, UP, LEFT, ORIGIN, ...). */
bool bf_constant_find(bf_ctx *ctx, const char *name, bf_val *out);
/* The constant's kind (0 bool, 1 int, 2 pair of ints) and its numbers. */
bool bf_constant_lookup(const char *name, int *kind, int64_t *a, int64_t *b);
/* The static copy of a constant's name (for nodes that outlive the file). */
const char *bf_constant_name(const char *name);

#endif

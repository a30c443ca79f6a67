/*
 * test_value.c -- hashing, equality, ordering and repr against CPython 3.11.
 *
 * Expected strings and hashes were printed by CPython 3.11.7 for the same
 * expressions; matching them pins both hash() and frozenset layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/ctx.h"
#include "battfarm/repr.h"
#include "pyops.h"
#include "pyset.h"
#include "testutil.h"

static int64_t hash_of(const char *src)
{
	static bf_ctx ctx;
	static int ready;
	if (!ready) {
		bf_ctx_init(&ctx, 1 << 24);
		ready = 1;
	}
	jmp_buf jb;
	ctx.jb = &jb;
	bf_ctx_begin(&ctx, 0, 0);
	if (setjmp(jb))
		ck_abort_msg("error hashing %s: %s", src, ctx.msg);
	return bf_hash(&ctx, bf_eval_expr(&ctx, src));
}

START_TEST(t_hash_matches_cpython)
{
	ck_assert_int_eq(hash_of("(1, 2)"), -3550055125485641917LL);
	ck_assert_int_eq(hash_of("frozenset({1, 2})"), -1826646154956904602LL);
	ck_assert_int_eq(hash_of("frozenset({(0, (1, 2))})"), -3577894897649513916LL);
	ck_assert_int_eq(hash_of("-1"), -2);
	ck_assert_int_eq(hash_of("2305843009213693952"), 1); /* 2**61 */
	ck_assert_int_eq(hash_of("-2305843009213693957"), -6);
	ck_assert_int_eq(hash_of("True"), hash_of("1"));
}
END_TEST

START_TEST(t_repr_forms)
{
	EXPECT("(1,)", "(1,)");
	EXPECT("()", "()");
	EXPECT("frozenset()", "frozenset()");
	EXPECT("(True, None, -3)", "(True, None, -3)");
	/* ints are written by bf_fmt_i64: zero, every digit, signs, the ends */
	EXPECT("(0, -10, 1234567890, -987654321, 9223372036854775807)",
	       "(0, -10, 1234567890, -987654321, 9223372036854775807)");
	EXPECT("(decrement(-9223372036854775807),)", "(-9223372036854775808,)");
	EXPECT("add", "<function add>");
}
END_TEST

START_TEST(t_set_order_matches_cpython)
{
	EXPECT("frozenset(((0, 0), (1, 2), (5, 5), (3, 1), (2, 2), (7, 1)))",
	       "frozenset({(5, 5), (1, 2), (7, 1), (0, 0), (3, 1), (2, 2)})");
	/* frozenset(set) goes through set_merge: a different layout */
	EXPECT("frozenset(set(((0, 0), (1, 2), (5, 5), (3, 1), (2, 2), (7, 1))))",
	       "frozenset({(5, 5), (1, 2), (7, 1), (2, 2), (0, 0), (3, 1)})");
	EXPECT("frozenset((frozenset({1}), frozenset({2, 3}), frozenset()))",
	       "frozenset({frozenset(), frozenset({1}), frozenset({2, 3})})");
	/* a constant display is refused rather than laid out wrongly */
	ck_assert(tu_is_error("{(0, 0), (1, 2), (5, 5)}", "SyntaxError"));
}
END_TEST

START_TEST(t_equality_python_rules)
{
	EXPECT("equality(True, 1)", "True");
	EXPECT("equality((1, 2), (1, 2))", "True");
	EXPECT("equality(frozenset({1, 2}), frozenset({2, 1}))", "True");
	EXPECT("equality((1, 2), frozenset({1, 2}))", "False");
	EXPECT("equality(frozenset({frozenset({1})}), frozenset({frozenset({True})}))", "True");
}
END_TEST


/* ((...((1,),)...),) with `levels` tuples, built as a program's straight-line
 * code builds it: sealed, never hashed on the way. */
static bf_val chain(bf_ctx *ctx, int levels)
{
	bf_tuple *t = bf_tuple_alloc(ctx, 1);
	t->it[0] = bf_int(1);
	bf_val v = bf_tuple_seal(t);
	for (int i = 1; i < levels; i++) {
		t = bf_tuple_alloc(ctx, 1);
		t->it[0] = v;
		v = bf_tuple_seal(t);
	}
	return v;
}

/* frozenset({frozenset({... frozenset({1}) ...})}) with `levels` sets */
static bf_val set_chain(bf_ctx *ctx, int levels)
{
	bf_val v = bf_int(1);
	for (int i = 0; i < levels; i++) {
		bf_val s = bf_set_new(ctx);
		bf_set_add(ctx, s, v);
		v = bf_set_freeze(ctx, s);
	}
	return v;
}

enum deep_op { OP_EQ, OP_LT, OP_HASH, OP_REPR };

/* The error message op gives on a and b, or "" when it completes. */
static const char *deep_outcome(bf_ctx *ctx, enum deep_op op, bf_val a, bf_val b)
{
	static char msg[160];
	jmp_buf jb;
	ctx->jb = &jb;
	if (setjmp(jb)) {
		snprintf(msg, sizeof(msg), "%s", ctx->msg);
		return msg;
	}
	switch (op) {
	case OP_EQ: (void)bf_py_eq(ctx, a, b); break;
	case OP_LT: (void)bf_lt(ctx, a, b); break;
	case OP_HASH: (void)bf_hash(ctx, a); break;
	case OP_REPR: (void)bf_repr(ctx, a); break;
	}
	return "";
}

static void expect_recursion(bf_ctx *ctx, enum deep_op op, bf_val a, bf_val b)
{
	const char *m = deep_outcome(ctx, op, a, b);
	ck_assert_msg(strncmp(m, "RecursionError: ", 16) == 0, "op %d: got '%s'", op, m);
}

/* CPython raises RecursionError comparing or printing values nested deeper
 * than its recursion limit (1000 frames); a value 200,000 deep must give
 * that error, not overflow the C stack. */
START_TEST(t_deep_values_raise_recursion_error)
{
	bf_ctx ctx;
	bf_ctx_init(&ctx, (size_t)1 << 30);
	bf_ctx_begin(&ctx, 0, 0);
	bf_val x = chain(&ctx, 200000), y = chain(&ctx, 200000);
	expect_recursion(&ctx, OP_EQ, x, y);
	expect_recursion(&ctx, OP_LT, x, y);
	expect_recursion(&ctx, OP_REPR, x, x);
	expect_recursion(&ctx, OP_HASH, x, x);
	/* x == x is decided by identity, as in CPython */
	ck_assert_str_eq(deep_outcome(&ctx, OP_EQ, x, x), "");
	/* outside an evaluation nothing is raised: too deep is unequal */
	ck_assert(!bf_eq(x, y));
	bf_val s = set_chain(&ctx, 200000), t = set_chain(&ctx, 200000);
	expect_recursion(&ctx, OP_EQ, s, t);
	expect_recursion(&ctx, OP_REPR, s, s);
	/* s < t: equal sizes decide it without looking inside, as in CPython */
	ck_assert_str_eq(deep_outcome(&ctx, OP_LT, s, t), "");
	/* a tuple and a shallow grid: the first items differ at once */
	bf_val g = bf_eval_expr(&ctx, "((1, 2), (3, 4))");
	ck_assert_str_eq(deep_outcome(&ctx, OP_EQ, x, g), "");
	bf_ctx_release(&ctx);
}
END_TEST

/* The bound is CPython's: (((1,),),) 990 levels deep still compares (CPython
 * 3.11 at top level: 996 levels do, 1001 raise), and each nested function
 * call in progress takes a level. */
START_TEST(t_recursion_bound_is_cpythons)
{
	bf_ctx ctx;
	bf_ctx_init(&ctx, (size_t)1 << 26);
	bf_ctx_begin(&ctx, 0, 0);
	bf_val x = chain(&ctx, 990), y = chain(&ctx, 990);
	ck_assert_str_eq(deep_outcome(&ctx, OP_EQ, x, y), "");
	ck_assert_str_eq(deep_outcome(&ctx, OP_REPR, x, y), "");
	x = chain(&ctx, 1001);
	y = chain(&ctx, 1001);
	expect_recursion(&ctx, OP_EQ, x, y);
	x = chain(&ctx, 900);
	y = chain(&ctx, 900);
	ck_assert_str_eq(deep_outcome(&ctx, OP_EQ, x, y), "");
	ctx.depth = 200;
	expect_recursion(&ctx, OP_EQ, x, y);
	bf_ctx_release(&ctx);
}
END_TEST

/* A slice's "all ints" flag is its own items', not its parent's: grid code
 * and eval's kind read it. */
START_TEST(t_slice_flag_is_computed)
{
	bf_ctx ctx;
	bf_ctx_init(&ctx, (size_t)1 << 24);
	jmp_buf jb;
	ctx.jb = &jb;
	bf_ctx_begin(&ctx, 0, 0);
	if (setjmp(jb))
		ck_abort_msg("%s", ctx.msg);
	bf_val mixed = bf_eval_expr(&ctx, "(1, (0, -1), 2)");
	ck_assert(!(mixed.u.t->flags & BF_TF_ALLINT));
	bf_val head = bf_py_slice(&ctx, mixed, 0, 1, 1);
	ck_assert(head.u.t->flags & BF_TF_ALLINT);
	bf_val ends = bf_py_slice(&ctx, mixed, BF_SLICE_NONE, BF_SLICE_NONE, 2);
	ck_assert(ends.u.t->flags & BF_TF_ALLINT);
	bf_val tail = bf_py_slice(&ctx, mixed, 1, BF_SLICE_NONE, 1);
	ck_assert(!(tail.u.t->flags & BF_TF_ALLINT));
	bf_ctx_release(&ctx);
}
END_TEST

/* A tuple takes 16 + 16n bytes of the arena but is counted as the 24 +
 * 16n it was when the charges were fitted: units, bytes, the ceiling's
 * count, and where the ceiling stops it. */
START_TEST(t_tuple_counted_as_before)
{
	static const int64_t sizes[] = {0, 1, 2, 3, 100};
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		int64_t n = sizes[k];
		size_t counted = ((size_t)(24 + 16 * n) + 15) & ~(size_t)15;
		bf_ctx ctx;
		bf_ctx_init(&ctx, (size_t)1 << 24);
		jmp_buf jb;
		ctx.jb = &jb;
		bf_ctx_begin(&ctx, 0, 0);
		if (setjmp(jb))
			ck_abort_msg("%s", ctx.msg);
		uint64_t spent = ctx.spent;
		size_t used = ctx.arena.used_total, held = ctx.arena.head ? ctx.arena.head->used : 0;
		bf_tuple_alloc(&ctx, n);
		ck_assert_uint_eq(ctx.bytes, (uint64_t)(24 + 16 * n));
		ck_assert_uint_eq(ctx.arena.used_total - used, counted);
		ck_assert_uint_eq(ctx.arena.head->used - held, (size_t)(16 + 16 * n));
		ck_assert_uint_eq(ctx.spent - spent, (1 + (uint64_t)n / 8) * ctx.rate + (uint64_t)(24 + 16 * n) / 16);

		/* a ceiling the held bytes fit under but the counted ones do not */
		ctx.arena.limit = ctx.arena.used_total + counted - 1;
		used = ctx.arena.used_total;
		volatile bool stopped = false;
		if (setjmp(jb))
			stopped = true;
		else
			bf_tuple_alloc(&ctx, n);
		ck_assert(stopped);
		ck_assert_str_eq(ctx.msg, "MemoryError: evaluation memory limit reached");
		ck_assert_uint_eq(ctx.arena.used_total, used);
		bf_ctx_release(&ctx);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("value");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_hash_matches_cpython);
	tcase_add_test(tc, t_repr_forms);
	tcase_add_test(tc, t_set_order_matches_cpython);
	tcase_add_test(tc, t_equality_python_rules);
	tcase_add_test(tc, t_deep_values_raise_recursion_error);
	tcase_add_test(tc, t_recursion_bound_is_cpythons);
	tcase_add_test(tc, t_slice_flag_is_computed);
	tcase_add_test(tc, t_tuple_counted_as_before);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

/*
 * test_intern.c -- the shared small pairs (src/dsl/intern.c): handed out
 * instead of arena pairs, charged as made, told apart by their stamps
 * exactly where CPython's pairs are distinct objects, and not handed out
 * where they cannot be (out of range, bools, salted hashes, stamps used
 * up, switched off).
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "battfarm/repr.h"
#include "intern.h"
#include "testutil.h"

typedef struct outcome {
	char repr[2048];
	uint64_t spent, bytes;
	size_t used_total; /* the ceiling's count */
	size_t in_blocks;  /* what the arena's blocks really hold */
} outcome;

/* src (DSL calls) in a fresh context, interning on or off. */
static outcome eval_with(const char *src, bool intern)
{
	bf_intern_set(intern);
	bf_ctx ctx;
	bf_ctx_init(&ctx, (size_t)1 << 30);
	bf_ctx_begin(&ctx, 0, 0);
	jmp_buf jb;
	ctx.jb = &jb;
	if (setjmp(jb))
		ck_abort_msg("%s: %s", src, ctx.msg);
	bf_val v = bf_eval_expr(&ctx, src);
	outcome o;
	o.spent = ctx.spent;
	o.bytes = ctx.bytes;
	o.used_total = ctx.arena.used_total;
	o.in_blocks = tu_arena_held(&ctx.arena);
	snprintf(o.repr, sizeof(o.repr), "%s", bf_repr(&ctx, v));
	bf_ctx_release(&ctx);
	bf_intern_set(true);
	return o;
}

/* Every count the same with and without shared pairs, and less memory
 * really used with them; the sources compare big sets of equal pairs
 * that CPython made as distinct objects (walked item by item) and ones
 * whose pairs are the same objects (skipped), so a stamp ignored or
 * lost shows here as a different charge. */
START_TEST(t_same_counts)
{
	static const char *const srcs[] = {
		"equality(shift(asindices(canvas(0, (10, 10))), (0, 0)),"
		" shift(asindices(canvas(0, (10, 10))), (0, 0)))",
		"fork(equality, identity, compose(toindices, lbind(recolor, 5)))"
		"(shift(asindices(canvas(0, (10, 10))), (1, 1)))",
		"order(combine(shift(asindices(canvas(0, (6, 6))), (1, 2)),"
		" shift(asindices(canvas(0, (6, 6))), (2, 1))), identity)",
		"mapply(lbind(shift, asobject(canvas(3, (4, 5)))),"
		" apply(lbind(astuple, 0), interval(0, 20, 1)))",
		"objects(((1, 1, 0, 2), (0, 1, 0, 2), (3, 0, 0, 2), (3, 3, 0, 0)), True, True, True)",
	};
	for (size_t k = 0; k < sizeof(srcs) / sizeof(srcs[0]); k++) {
		outcome off = eval_with(srcs[k], false), on = eval_with(srcs[k], true);
		ck_assert_str_eq(on.repr, off.repr);
		ck_assert_uint_eq(on.spent, off.spent);
		ck_assert_uint_eq(on.bytes, off.bytes);
		ck_assert_uint_eq(on.used_total, off.used_total);
		ck_assert_msg(on.in_blocks < off.in_blocks, "%s: %zu bytes with, %zu without",
			      srcs[k], on.in_blocks, off.in_blocks);
	}
}
END_TEST

static bf_val tuple_of(bf_ctx *ctx, const bf_val *items, int64_t n)
{
	bf_tuple *t = bf_tuple_alloc(ctx, n);
	memcpy(t->it, items, (size_t)n * sizeof(bf_val));
	return bf_tuple_seal(t);
}

/* A tuple of the pairs (k, 7), k < 40, made in ctx. */
static bf_val pairs_of(bf_ctx *ctx)
{
	bf_val p[40];
	for (int k = 0; k < 40; k++)
		p[k] = bf_pair_ii(ctx, k, 7);
	return tuple_of(ctx, p, 40);
}

/* Two pairs made alike are one tuple with two stamps: a comparison walks
 * them as CPython walks two objects, and skips one reference copied. */
START_TEST(t_stamps_are_identity)
{
	bf_ctx ctx;
	bf_ctx_init(&ctx, (size_t)1 << 30);
	bf_ctx_begin(&ctx, 0, 0);
	jmp_buf jb;
	ctx.jb = &jb;
	if (setjmp(jb))
		ck_abort_msg("%s", ctx.msg);
	enum { N = 40 };
	bf_val ta = pairs_of(&ctx), tb = pairs_of(&ctx);
	const bf_val *a = ta.u.t->it, *b = tb.u.t->it;
	for (int k = 0; k < N; k++) {
		ck_assert_ptr_eq(a[k].u.t, b[k].u.t);
		ck_assert_ptr_eq(a[k].u.t, bf_intern_pairs[k * BF_INTERN_SPAN + 7]);
		ck_assert_uint_ne(a[k].stamp, b[k].stamp);
	}
	bf_val ta2 = tuple_of(&ctx, a, N);
	uint64_t before = ctx.spent;
	ck_assert(bf_py_eq(&ctx, ta, tb));
	/* 40 items and 2 in each pair, the first 64 free, 8/1024 unit each */
	ck_assert_uint_eq(ctx.spent - before, (uint64_t)(N + 2 * N - 64) * 8);
	before = ctx.spent;
	ck_assert(bf_py_eq(&ctx, ta, ta2));
	ck_assert_uint_eq(ctx.spent - before, 0); /* 40 items, each one object */
	bf_ctx_release(&ctx);
}
END_TEST

/* A candidate's output handed to the differs' context: the pairs their
 * evaluation makes are other objects than the output's, though the
 * differs' evaluation began after the output was made (with the count
 * started again there, its stamps would be the output's). */
START_TEST(t_foreign_inputs_keep_stamps)
{
	bf_ctx cand, diff;
	bf_ctx_init(&cand, (size_t)1 << 30);
	bf_ctx_init(&diff, (size_t)1 << 30);
	diff.foreign_inputs = true;
	jmp_buf jb;
	cand.jb = diff.jb = &jb;
	if (setjmp(jb))
		ck_abort_msg("%s %s", cand.msg, diff.msg);
	bf_ctx_begin(&cand, 0, 0);
	bf_val out = pairs_of(&cand);
	bf_ctx_begin(&diff, 0, 0);
	bf_val made = pairs_of(&diff);
	uint64_t before = diff.spent;
	ck_assert(bf_py_eq(&diff, out, made));
	ck_assert_uint_eq(diff.spent - before, (40 + 2 * 40 - 64) * 8);
	bf_ctx_begin(&cand, 0, 0); /* the next candidate: the count starts again */
	ck_assert_uint_eq(bf_intern_stamp, 0);
	bf_ctx_release(&diff);
	bf_ctx_release(&cand);
}
END_TEST

static bool shared(bf_val p, int64_t i, int64_t j)
{
	return p.u.t == bf_intern_pairs[i * BF_INTERN_SPAN + j] && p.stamp != 0;
}

START_TEST(t_falls_back)
{
	bf_ctx ctx;
	bf_ctx_init(&ctx, (size_t)1 << 30);
	bf_ctx_begin(&ctx, 0, 0);
	jmp_buf jb;
	ctx.jb = &jb;
	if (setjmp(jb))
		ck_abort_msg("%s", ctx.msg);
	ck_assert(shared(bf_pair_ii(&ctx, 0, 0), 0, 0));
	ck_assert(shared(bf_pair_ii(&ctx, 127, 127), 127, 127));
	ck_assert(shared(bf_tuple2(&ctx, bf_int(3), bf_int(4)), 3, 4));
	bf_arena_mark m = bf_arena_mark_now(&ctx.arena);
	bf_val out[] = {
		bf_pair_ii(&ctx, -1, 0), bf_pair_ii(&ctx, 0, 128),
		bf_tuple2(&ctx, bf_bool(true), bf_int(1)), /* (True, 1) is not (1, 1) */
	};
	for (size_t k = 0; k < sizeof(out) / sizeof(out[0]); k++) {
		ck_assert(bf_arena_since(&ctx.arena, &m, out[k].u.t));
		ck_assert_uint_eq(out[k].stamp, 0);
	}
	ck_assert_str_eq(bf_repr(&ctx, out[2]), "(True, 1)");

	bf_hash_salt = 12345; /* a salted hash is not the one the shared pair holds */
	bf_val salted = bf_pair_ii(&ctx, 1, 2);
	bf_hash_salt = 0;
	ck_assert(bf_arena_since(&ctx.arena, &m, salted.u.t));

	bf_intern_set(false);
	bf_val off = bf_pair_ii(&ctx, 1, 2);
	bf_intern_set(true);
	ck_assert(bf_arena_since(&ctx.arena, &m, off.u.t));

	/* the last stamp, then arena pairs until the count starts again */
	bf_intern_stamp = UINT32_MAX - 1;
	bf_val last = bf_pair_ii(&ctx, 1, 2), after = bf_pair_ii(&ctx, 1, 2);
	ck_assert(shared(last, 1, 2));
	ck_assert_uint_eq(last.stamp, UINT32_MAX);
	ck_assert(bf_arena_since(&ctx.arena, &m, after.u.t));
	ck_assert(bf_py_eq(&ctx, last, after));
	bf_ctx_begin(&ctx, 0, 0);
	ck_assert_uint_eq(bf_intern_stamp, 0);
	ck_assert(shared(bf_pair_ii(&ctx, 1, 2), 1, 2));
	bf_ctx_release(&ctx);
}
END_TEST

/* A shared pair is the pair: the same repr, hash, equality and order as
 * one made in the arena. */
START_TEST(t_same_value)
{
	bf_ctx ctx;
	bf_ctx_init(&ctx, (size_t)1 << 30);
	bf_ctx_begin(&ctx, 0, 0);
	jmp_buf jb;
	ctx.jb = &jb;
	if (setjmp(jb))
		ck_abort_msg("%s", ctx.msg);
	bf_val s = bf_pair_ii(&ctx, 6, 7), t = bf_pair_ii(&ctx, 6, 8);
	bf_intern_set(false);
	bf_val a = bf_pair_ii(&ctx, 6, 7);
	bf_intern_set(true);
	ck_assert(shared(s, 6, 7));
	ck_assert(!shared(a, 6, 7));
	ck_assert_str_eq(bf_repr(&ctx, s), "(6, 7)");
	ck_assert_int_eq(bf_hash(&ctx, s), bf_hash(&ctx, a));
	ck_assert(bf_py_eq(&ctx, s, a));
	ck_assert(bf_lt(&ctx, a, t) && bf_lt(&ctx, s, t) && !bf_lt(&ctx, s, a));
	bf_ctx_release(&ctx);
	EXPECT("shift(frozenset({(1, 2)}), (3, 4))", "frozenset({(4, 6)})");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("intern");
	TCase *tc = tcase_create("intern");
	tcase_add_test(tc, t_same_counts);
	tcase_add_test(tc, t_stamps_are_identity);
	tcase_add_test(tc, t_falls_back);
	tcase_add_test(tc, t_foreign_inputs_keep_stamps);
	tcase_add_test(tc, t_same_value);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

/*
 * test_evaluator.c -- running programs: values, Python exceptions as
 * results, the deterministic work budget, the backstop and the memory
 * ceiling.
 */
#include <stdio.h>
#include <string.h>

#include "battfarm/evaluator.h"
#include "battfarm/repr.h"
#include "testutil.h"

static bf_library lib;
static bf_ctx ctx;

static const bf_program *prog(const char *src, const char *name)
{
	bf_library_release(&lib);
	bf_library_init(&lib);
	bf_library_parse(&lib, "t.py", src, strlen(src));
	ck_assert_msg(lib.nerrors == 0, "%s", lib.nerrors ? lib.errors[0] : "");
	return bf_library_find(&lib, name);
}

static bf_status run(const bf_program *p, bf_val I, uint64_t budget, double timeout, bf_val *out)
{
	bf_limits lim = {budget, timeout};
	return bf_eval_program(&ctx, p, bf_none(), I, bf_none(), &lim, out);
}

START_TEST(t_value_and_params)
{
	const bf_program *p = prog("def f(S, I, C):\n    x1 = add(I, TWO)\n    x2 = double(x1)\n"
				   "    return astuple(x2, C)\n",
				   "f");
	bf_val out;
	bf_limits lim = {0, 0};
	ck_assert_int_eq(bf_eval_program(&ctx, p, bf_none(), bf_int(5), bf_int(-1), &lim, &out), BF_OK);
	ck_assert_str_eq(bf_repr(&ctx, out), "(14, -1)");
}
END_TEST

START_TEST(t_exception_is_a_result)
{
	const bf_program *p = prog("def f(I):\n    x1 = divide(I, ZERO)\n    return x1\n", "f");
	bf_val out;
	ck_assert_int_eq(run(p, bf_int(3), 0, 0, &out), BF_ERROR);
	ck_assert_msg(strncmp(ctx.msg, "ZeroDivisionError", 17) == 0, "%s", ctx.msg);
	p = prog("def f(I):\n    x1 = power(double, ZERO)\n    return x1(I)\n", "f");
	ck_assert_int_eq(run(p, bf_int(3), 0, 0, &out), BF_ERROR);
	ck_assert_msg(strncmp(ctx.msg, "RecursionError", 14) == 0, "%s", ctx.msg);
}
END_TEST

START_TEST(t_budget_is_deterministic)
{
	const bf_program *p = prog("def f(I):\n    x1 = interval(ZERO, I, ONE)\n"
				   "    x2 = apply(double, x1)\n    return size(x2)\n",
				   "f");
	bf_val out;
	ck_assert_int_eq(run(p, bf_int(5000), 0, 0, &out), BF_OK);
	uint64_t w1 = ctx.work;
	ck_assert_int_eq(run(p, bf_int(5000), 0, 0, &out), BF_OK);
	ck_assert_uint_eq(ctx.work, w1);
	/* CPython takes a few hundred microseconds: as many units */
	ck_assert_uint_gt(w1, 100);
	ck_assert_uint_lt(w1, 2000);
	/* a budget one unit short stops it, every time, at the same count */
	ck_assert_int_eq(run(p, bf_int(5000), w1 - 1, 0, &out), BF_TIMEOUT);
	uint64_t stop1 = ctx.work;
	ck_assert_int_eq(run(p, bf_int(5000), w1 - 1, 0, &out), BF_TIMEOUT);
	ck_assert_uint_eq(ctx.work, stop1);
	ck_assert_int_eq(run(p, bf_int(5000), w1, 0, &out), BF_OK);
}
END_TEST

START_TEST(t_runaway_programs_stop)
{
	/* a huge range is charged before it is built */
	const bf_program *p = prog("def f(I):\n    return interval(ZERO, I, ONE)\n", "f");
	bf_val out;
	ck_assert_int_eq(run(p, bf_int(4000000000000LL), 1000000, 0, &out), BF_TIMEOUT);
	/* the CPU-time backstop stops what the budget allows */
	p = prog("def f(I):\n    x1 = interval(ZERO, I, ONE)\n    x2 = product(x1, x1)\n"
		 "    return size(x2)\n",
		 "f");
	ck_assert_int_eq(run(p, bf_int(3000), 0, 0.05, &out), BF_TIMEOUT);
	ck_assert(ctx.wall_timeout);
}
END_TEST

START_TEST(t_memory_ceiling_is_an_error)
{
	bf_ctx small;
	bf_ctx_init(&small, (size_t)4 << 20);
	/* canvas shares one row among all rows, so it takes a wide one to fill
	 * 4 MiB: 200,000 cells a row and as many row slots */
	const bf_program *p = prog("def f(I):\n    return canvas(ZERO, astuple(I, I))\n", "f");
	bf_val out;
	bf_limits lim = {0, 0};
	ck_assert_int_eq(bf_eval_program(&small, p, bf_none(), bf_int(200000), bf_none(), &lim, &out),
			 BF_ERROR);
	ck_assert_msg(strncmp(small.msg, "MemoryError", 11) == 0, "%s", small.msg);
	/* and the context is usable again afterwards */
	ck_assert_int_eq(bf_eval_program(&small, p, bf_none(), bf_int(2), bf_none(), &lim, &out), BF_OK);
	ck_assert_str_eq(bf_repr(&small, out), "((0, 0), (0, 0))");
	bf_ctx_release(&small);
}
END_TEST

/* Resident memory of this process in bytes (Linux /proc/self/statm). */
static size_t rss_bytes(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return (size_t)resident * 4096;
}

/* One sample of 300 MB (all of it touched, so resident). */
static void big_sample(bf_arena *a)
{
	for (int i = 0; i < 300; i++) {
		char *p = bf_arena_alloc(a, (size_t)1 << 20);
		ck_assert_ptr_nonnull(p);
		memset(p, 1, (size_t)1 << 20);
	}
}

/* A sample that needs 300 MB gets it; the next sample of the same size is
 * served from the blocks kept (nothing more mapped); after a small sample
 * what the big ones needed beyond BF_ARENA_KEEP is back with the system. */
START_TEST(t_big_sample_memory_goes_back)
{
	bf_arena a;
	bf_arena_init(&a, (size_t)1 << 30);
	size_t before = rss_bytes();
	for (int round = 0; round < 2; round++) {
		big_sample(&a);
		size_t mapped = a.mapped;
		ck_assert_uint_ge(rss_bytes(), before + ((size_t)250 << 20));
		bf_arena_reset(&a);
		big_sample(&a);
		ck_assert_uint_le(a.mapped, mapped);
		bf_arena_reset(&a);
		ck_assert_ptr_nonnull(bf_arena_alloc(&a, 1000)); /* a small sample */
		bf_arena_reset(&a);
		ck_assert_uint_le(a.spare_bytes, BF_ARENA_KEEP);
		ck_assert_uint_lt(rss_bytes(), before + BF_ARENA_KEEP + ((size_t)16 << 20));
	}
	bf_arena_release(&a);
}
END_TEST

/* Allocations of a memory-hungry sample, small and big mixed (a fixed
 * pseudo-random sequence) until the ceiling: how many were granted. */
static int fill_to_ceiling(bf_arena *a, unsigned seed)
{
	unsigned x = seed;
	for (int k = 0;; k++) {
		x = x * 1103515245u + 12345u;
		size_t n = (x >> 8) % 7 == 0 ? ((size_t)1 << 20) + (x >> 4) % ((size_t)40 << 20)
					     : 16 + (x >> 8) % 65536;
		if (!bf_arena_alloc(a, n))
			return k;
		ck_assert_uint_le(a->mapped, bf_arena_mapped_max(a->limit));
	}
}

/* The ceiling counts the bytes handed out, so a MemoryError falls at the
 * same allocation whatever blocks earlier samples left behind (a worker's
 * arena has seen other samples than --serial's), and what the arena maps
 * stays within the bound the validators' RLIMIT_AS is computed from. */
START_TEST(t_memory_ceiling_is_deterministic)
{
	size_t limit = (size_t)512 << 20;
	bf_arena fresh, used;
	bf_arena_init(&fresh, limit);
	bf_arena_init(&used, limit);
	int granted = fill_to_ceiling(&fresh, 7);
	ck_assert_int_gt(granted, 100);
	for (unsigned other = 1; other <= 3; other++) {
		fill_to_ceiling(&used, other); /* an earlier sample, to the ceiling */
		bf_arena_reset(&used);
		ck_assert_int_eq(fill_to_ceiling(&used, 7), granted);
		bf_arena_reset(&used);
	}
	bf_arena_release(&fresh);
	bf_arena_release(&used);
	ck_assert_uint_eq(used.mapped, 0);
}
END_TEST

/* Blocks of 2 MB and more start on a 2 MB boundary, the only ranges the
 * kernel can back with huge pages (one fault per 2 MB, not per 4 kB):
 * the first block, a grown one, and a big request's own block. */
START_TEST(t_arena_blocks_are_huge_page_aligned)
{
	const uintptr_t huge = (uintptr_t)2 << 20;
	bf_arena a;
	bf_arena_init(&a, 0);
	ck_assert_ptr_nonnull(bf_arena_alloc(&a, 100));
	ck_assert_uint_eq((uintptr_t)a.head % huge, 0);
	ck_assert_ptr_nonnull(bf_arena_alloc(&a, (size_t)3 << 20)); /* a block of its own */
	ck_assert_ptr_nonnull(bf_arena_alloc(&a, (size_t)1 << 21)); /* the chain grows */
	for (bf_arena_block *b = a.head; b; b = b->prev)
		ck_assert_uint_eq((uintptr_t)b % huge, 0);
	bf_arena_release(&a);
	ck_assert_uint_eq(a.mapped, 0);
}
END_TEST

int main(void)
{
	bf_library_init(&lib);
	bf_ctx_init(&ctx, (size_t)1 << 30);
	Suite *s = suite_create("evaluator");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_value_and_params);
	tcase_add_test(tc, t_exception_is_a_result);
	tcase_add_test(tc, t_budget_is_deterministic);
	tcase_add_test(tc, t_runaway_programs_stop);
	tcase_add_test(tc, t_memory_ceiling_is_an_error);
	tcase_add_test(tc, t_big_sample_memory_goes_back);
	tcase_add_test(tc, t_memory_ceiling_is_deterministic);
	tcase_add_test(tc, t_arena_blocks_are_huge_page_aligned);
	suite_add_tcase(s, tc);
	int rc = tu_run(s);
	bf_library_release(&lib);
	bf_ctx_release(&ctx);
	return rc;
}

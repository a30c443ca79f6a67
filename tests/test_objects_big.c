/*
 * test_objects_big.c -- objects() on big grids: the same answer, units,
 * bytes, arena share and stop points as the build of every structure,
 * without building them.
 *
 * The expected figures are those of main at ec9db8d, before objects() had
 * a big-grid path (it built asindices' pairs and table for real): run this
 * suite against such a build with BF_TEST_PRINT=1 to print them.  Each
 * case is an expression run by the evaluator under a budget and an arena
 * ceiling; what it left is its status, the units (in 1/1024) and bytes
 * charged, the arena's share and a digest of the result's repr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/ctx.h"
#include "battfarm/repr.h"
#include "pyset.h"
#include "testutil.h"

/* 3 x 40,003: three small objects, the rest background (solve_91413438's
 * call on one of its samples) */
#define WIDE "hconcat(((0, 7, 7), (7, 0, 7), (0, 7, 2)), canvas(0, (3, 40000)))"
/* 200 x 200 of 20 x 20 blocks: every cell in some object */
#define BLOCKS                                                                           \
	"upscale(((0, 1, 1, 2, 3, 0, 0, 1, 2, 2), (3, 3, 1, 0, 0, 2, 1, 1, 0, 3),"      \
	" (0, 2, 2, 2, 1, 1, 3, 0, 0, 1), (1, 1, 0, 3, 3, 2, 2, 0, 1, 1),"              \
	" (2, 0, 0, 1, 3, 3, 0, 2, 2, 0), (3, 1, 2, 2, 0, 1, 1, 3, 0, 2),"              \
	" (0, 0, 3, 1, 1, 2, 0, 0, 3, 3), (1, 2, 2, 0, 3, 3, 1, 2, 2, 1),"              \
	" (3, 0, 1, 1, 2, 0, 0, 3, 1, 0), (2, 2, 3, 0, 0, 1, 2, 2, 3, 3)), 20)"
/* 3 x 150,003, for the memory a cut call leaves unbuilt */
#define WIDER "hconcat(((0, 7, 7), (7, 0, 7), (0, 7, 2)), canvas(0, (3, 150000)))"

typedef struct seen {
	int status;
	unsigned long long spent, bytes, used, digest;
	size_t mapped; /* what the arena mapped (not compared) */
} seen;

static bf_ctx ctx;

static unsigned long long fnv(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* src evaluated under budget (0: none) and an arena ceiling */
static seen run(const char *src, unsigned long long budget, size_t limit)
{
	bf_ctx_init(&ctx, limit);
	jmp_buf jb;
	ctx.jb = &jb;
	bf_ctx_begin(&ctx, budget, 0);
	seen s = {0, 0, 0, 0, 0, 0};
	if (setjmp(jb) == 0) {
		bf_val v = bf_eval_expr(&ctx, src);
		s.digest = fnv(bf_repr(&ctx, v));
		ctx.status = BF_OK;
	} else {
		s.digest = fnv(ctx.msg);
	}
	s.status = ctx.status;
	s.spent = ctx.spent;
	s.bytes = ctx.bytes;
	s.used = ctx.arena.used_total;
	s.mapped = ctx.arena.mapped;
	bf_ctx_release(&ctx);
	return s;
}

static bool printing(void)
{
	return getenv("BF_TEST_PRINT") != NULL;
}

static void expect(const char *what, seen got, seen want)
{
	if (printing()) {
		printf("\t{%d, %lluULL, %lluULL, %lluULL, %lluULL, 0}, /* %s */\n", got.status,
		       got.spent, got.bytes, got.used, got.digest, what);
		return;
	}
	ck_assert_msg(got.status == want.status && got.spent == want.spent &&
			      got.bytes == want.bytes && got.used == want.used &&
			      got.digest == want.digest,
		      "%s: status %d spent %llu bytes %llu used %llu digest %llu", what, got.status,
		      got.spent, got.bytes, got.used, got.digest);
}

#define MB ((size_t)1 << 20)

static const char *const answers_src[] = {
	"objects(" WIDE ", T, T, T)", "objects(" WIDE ", F, F, T)", "objects(" WIDE ", T, F, F)",
	"objects(" BLOCKS ", T, F, F)", "objects(" BLOCKS ", F, T, T)", "objects(" BLOCKS ", T, T, T)",
};

static const seen answers_want[] = {
#include "objects_big_answers.h"
};

START_TEST(t_answers)
{
	/* whole calls: result and charges */
	for (size_t k = 0; k < sizeof(answers_src) / sizeof(answers_src[0]); k++)
		expect(answers_src[k], run(answers_src[k], 0, 1024 * MB), answers_want[k]);
}
END_TEST

/* budgets that cut objects(WIDE, T, T, T) (90,260 units in all, the
 * grid's making included): in the grid's making, through the setup (the
 * arrays, asindices' pairs, adds and growths), in its loop and at its end;
 * and some that cut objects(BLOCKS, T, F, F) (125,955 units) in its
 * flood */
static const struct cut {
	const char *src;
	unsigned long long budget;
} cuts[] = {
	{"objects(" WIDE ", T, T, T)", 1},     {"objects(" WIDE ", T, T, T)", 5000},
	{"objects(" WIDE ", T, T, T)", 10034}, {"objects(" WIDE ", T, T, T)", 10040},
	{"objects(" WIDE ", T, T, T)", 10100}, {"objects(" WIDE ", T, T, T)", 10300},
	{"objects(" WIDE ", T, T, T)", 10500}, {"objects(" WIDE ", T, T, T)", 11000},
	{"objects(" WIDE ", T, T, T)", 11700}, {"objects(" WIDE ", T, T, T)", 12000},
	{"objects(" WIDE ", T, T, T)", 13000}, {"objects(" WIDE ", T, T, T)", 14000},
	{"objects(" WIDE ", T, T, T)", 15000}, {"objects(" WIDE ", T, T, T)", 15500},
	{"objects(" WIDE ", T, T, T)", 16000}, {"objects(" WIDE ", T, T, T)", 18000},
	{"objects(" WIDE ", T, T, T)", 20000}, {"objects(" WIDE ", T, T, T)", 25000},
	{"objects(" WIDE ", T, T, T)", 26000}, {"objects(" WIDE ", T, T, T)", 30000},
	{"objects(" WIDE ", T, T, T)", 36000}, {"objects(" WIDE ", T, T, T)", 40000},
	{"objects(" WIDE ", T, T, T)", 45000}, {"objects(" WIDE ", T, T, T)", 50000},
	{"objects(" WIDE ", T, T, T)", 55000}, {"objects(" WIDE ", T, T, T)", 60000},
	{"objects(" WIDE ", T, T, T)", 70000}, {"objects(" WIDE ", T, T, T)", 80000},
	{"objects(" WIDE ", T, T, T)", 85000}, {"objects(" WIDE ", T, T, T)", 89000},
	{"objects(" WIDE ", T, T, T)", 90000}, {"objects(" WIDE ", T, T, T)", 90259},
	{"objects(" WIDE ", T, T, T)", 90260}, {"objects(" BLOCKS ", T, F, F)", 50000},
	{"objects(" BLOCKS ", T, F, F)", 80000}, {"objects(" BLOCKS ", T, F, F)", 100000},
	{"objects(" BLOCKS ", T, F, F)", 110000}, {"objects(" BLOCKS ", T, F, F)", 120000},
	{"objects(" BLOCKS ", T, F, F)", 125000}, {"objects(" BLOCKS ", T, F, F)", 125954},
};

static const seen cuts_want[] = {
#include "objects_big_cuts.h"
};

START_TEST(t_budget_cuts)
{
	char what[64];
	for (size_t k = 0; k < sizeof(cuts) / sizeof(cuts[0]); k++) {
		snprintf(what, sizeof(what), "%s, budget %llu", strstr(cuts[k].src, "hconcat") ? "WIDE" : "BLOCKS", cuts[k].budget);
		expect(what, run(cuts[k].src, cuts[k].budget, 1024 * MB), cuts_want[k]);
	}
}
END_TEST

/* ceilings that cut it: MemoryError at the same allocation */
static const size_t ceilings[] = {1 * MB,  2 * MB,  3 * MB,  5 * MB,  8 * MB,  9 * MB,  10 * MB,
				  11 * MB, 14 * MB, 16 * MB, 20 * MB, 24 * MB, 26 * MB, 27 * MB};

static const seen ceilings_want[] = {
#include "objects_big_ceilings.h"
};

START_TEST(t_ceiling_cuts)
{
	char what[64];
	for (size_t k = 0; k < sizeof(ceilings) / sizeof(ceilings[0]); k++) {
		snprintf(what, sizeof(what), "ceiling %zu MB", ceilings[k] / MB);
		expect(what, run("objects(" WIDE ", T, T, T)", 0, ceilings[k]), ceilings_want[k]);
	}
}
END_TEST

START_TEST(t_cut_builds_nothing)
{
	/* a budget that runs out inside asindices(WIDER): charged for tens
	 * of megabytes, the arena maps only what the grid itself took */
	if (printing())
		return;
	seen whole = run(WIDER, 0, 1024 * MB); /* the grid alone */
	seen cut = run("objects(" WIDER ", T, T, T)", (whole.spent >> BF_WORK_SHIFT) + 60000,
		       1024 * MB);
	ck_assert_int_eq(cut.status, BF_TIMEOUT);
	ck_assert_uint_gt(cut.bytes, whole.bytes + 20 * MB);
	ck_assert_uint_le(cut.mapped, whole.mapped + 2 * MB);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("objects_big");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, t_answers);
	tcase_add_test(tc, t_budget_cuts);
	tcase_add_test(tc, t_ceiling_cuts);
	tcase_add_test(tc, t_cut_builds_nothing);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

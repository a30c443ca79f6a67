/*
 * test_share.c -- work shared across candidates (src/dsl/share.c): a
 * candidate handed a kept result is charged what the call cost, and
 * everything it can count -- units, the status at a budget or a memory
 * ceiling, the value -- is what it would be without sharing, while the
 * memo does answer calls.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "battfarm/evaluator.h"
#include "battfarm/repr.h"
#include "share.h"
#include "testutil.h"

/* Candidates, each run on the same input after the others. */
static const char *const PROGRAMS =
	/* one call twice: without sharing two objects, compared item by item */
	"def twice(I):\n"
	"    x1 = objects(I, T, F, T)\n"
	"    x2 = objects(I, T, F, T)\n"
	"    return equality(x1, x2)\n"
	/* hashes the result (a frozenset keeps its hash) */
	"def hashes(I):\n"
	"    x1 = objects(I, T, F, T)\n"
	"    return initset(x1)\n"
	/* compares it with a set of as many objects, hashed, but one: a
	 * result already hashed would stop that comparison at once */
	"def compares(I):\n"
	"    x1 = objects(I, T, F, T)\n"
	"    x2 = replace(I, FIVE, SIX)\n"
	"    x3 = objects(x2, T, F, T)\n"
	"    x4 = initset(x3)\n"
	"    return equality(x1, x3)\n"
	"def parts(I):\n"
	"    x1 = partition(I)\n"
	"    x2 = fgpartition(I)\n"
	"    x3 = merge(x1)\n"
	"    return astuple(size(x3), size(x2))\n"
	/* spends work and memory before the call: a replay may cross a
	 * budget or a ceiling the first call did not */
	"def late(I):\n"
	"    x1 = asindices(I)\n"
	"    x2 = objects(I, T, F, T)\n"
	"    return size(x2)\n"
	/* compares the input with a grid of its height: a hashed input (the
	 * memo's lookup must not hash it) would compare unequal at once */
	"def input_compared(I):\n"
	"    x1 = objects(I, T, F, F)\n"
	"    x2 = rot180(I)\n"
	"    x3 = rot180(x2)\n"
	"    x4 = fill(x3, SEVEN, initset(astuple(29, 29)))\n"
	"    x5 = initset(x4)\n"
	"    return equality(I, x4)\n"
	/* objects of a grid that is not the input: never shared */
	"def not_input(I):\n"
	"    x1 = rot90(I)\n"
	"    return objects(x1, T, F, T)\n";

static const char *const ORDER[] = {"twice", "hashes", "compares", "parts", "twice",
				    "hashes", "compares", "hashes", "compares", "parts",
				    "twice", "twice", "parts", "late", "late", "input_compared"};
#define NORDER (int)(sizeof(ORDER) / sizeof(ORDER[0]))

typedef struct outcome {
	bf_status st;
	uint64_t work;
	char repr[64]; /* its start: enough to tell values apart here */
} outcome;

static bf_library lib;

/* The start of v's repr or, where printing it fails (memory), of the
 * error, as eval prints one or the other. */
static void repr_into(bf_ctx *ctx, bf_val v, char *out, size_t n)
{
	jmp_buf jb;
	ctx->jb = &jb;
	if (setjmp(jb) == 0)
		snprintf(out, n, "%.60s", bf_repr(ctx, v));
	else
		snprintf(out, n, "%.60s", ctx->msg);
	ctx->jb = NULL;
}

/* A 30 x 30 checkerboard of 0 and 1 with a 5 in the last cell: 450
 * one-cell objects, whose comparisons walk more items than are free. */
static bf_val board(bf_ctx *in)
{
	bf_tuple *g = bf_tuple_alloc(in, 30);
	for (int i = 0; i < 30; i++) {
		bf_tuple *r = bf_tuple_alloc(in, 30);
		for (int j = 0; j < 30; j++)
			r->it[j] = bf_int(i == 29 && j == 29 ? 5 : (i + j) % 2);
		g->it[i] = bf_tuple_seal(r);
	}
	return bf_tuple_seal(g);
}

/* ORDER's candidates on the board in one context with the given budget
 * and ceiling, sharing on or off; the memo's replays in *replays. */
static void run_all(bool share, uint64_t budget, size_t ceiling, outcome *out, uint64_t *replays)
{
	bf_share_set(share);
	bf_ctx in, ctx;
	bf_ctx_init(&in, (size_t)1 << 30);
	bf_ctx_init(&ctx, ceiling);
	bf_ctx_begin(&in, 0, 0);
	bf_val I = board(&in);
	bf_limits lim = {budget, 0};
	for (int k = 0; k < NORDER; k++) {
		bf_val v;
		out[k].st = bf_eval_program(&ctx, bf_library_find(&lib, ORDER[k]), bf_none(), I,
					    bf_none(), &lim, &v);
		out[k].work = ctx.work;
		if (out[k].st == BF_OK)
			repr_into(&ctx, v, out[k].repr, sizeof(out[k].repr));
		else
			snprintf(out[k].repr, sizeof(out[k].repr), "%.60s", ctx.msg);
	}
	*replays = bf_share_replays(&ctx);
	bf_ctx_release(&ctx);
	bf_ctx_release(&in);
	bf_share_set(true);
}

static void same_with_and_without(uint64_t budget, size_t ceiling, uint64_t *replays)
{
	outcome with[NORDER], without[NORDER];
	uint64_t none;
	run_all(true, budget, ceiling, with, replays);
	run_all(false, budget, ceiling, without, &none);
	ck_assert_uint_eq(none, 0);
	for (int k = 0; k < NORDER; k++) {
		ck_assert_msg(with[k].st == without[k].st && with[k].work == without[k].work &&
				      strcmp(with[k].repr, without[k].repr) == 0,
			      "budget %llu, ceiling %zu, %s (#%d): %d %llu %s with sharing, "
			      "%d %llu %s without",
			      (unsigned long long)budget, ceiling, ORDER[k], k, with[k].st,
			      (unsigned long long)with[k].work, with[k].repr, without[k].st,
			      (unsigned long long)without[k].work, without[k].repr);
	}
}

static void setup(void)
{
	bf_library_init(&lib);
	bf_library_parse(&lib, "t.py", PROGRAMS, strlen(PROGRAMS));
	ck_assert_msg(lib.nerrors == 0, "%s", lib.nerrors ? lib.errors[0] : "");
}

static void teardown(void)
{
	bf_library_release(&lib);
}

/* The memo answers most of the calls, and every count is the same: a
 * kept result handed out twice in one evaluation would be one object
 * (twice), and hashed by an earlier candidate it would compare sooner
 * (compares after hashes). */
START_TEST(t_same_counts)
{
	uint64_t replays;
	same_with_and_without(0, (size_t)1 << 30, &replays);
	/* objects: noted, kept, then 11 replays (twice's second call each
	 * time made for real); partition and fgpartition: one replay each */
	ck_assert_uint_eq(replays, 13);
}
END_TEST

/* Budgets around what each candidate costs: a replay that would cross
 * one is made for real, so it stops where it would have. */
START_TEST(t_same_stops_at_budgets)
{
	outcome free[NORDER];
	uint64_t replays, most = 0;
	run_all(false, 0, (size_t)1 << 30, free, &replays);
	for (int k = 0; k < NORDER; k++)
		if (free[k].work > most)
			most = free[k].work;
	for (uint64_t b = 1; b <= most + 2; b += b < 40 ? 1 : 7)
		same_with_and_without(b, (size_t)1 << 30, &replays);
}
END_TEST

/* Memory ceilings from one that stops every candidate to one that stops
 * none: MemoryError where it would have been. */
START_TEST(t_same_errors_at_ceilings)
{
	uint64_t replays;
	for (size_t c = (size_t)16 << 10; c <= (size_t)2 << 20; c += (size_t)4 << 10)
		same_with_and_without(0, c, &replays);
}
END_TEST

/* Off, or for a grid that is not the input, the memo answers nothing. */
START_TEST(t_only_the_input_is_shared)
{
	outcome out[NORDER];
	uint64_t replays;
	run_all(false, 0, (size_t)1 << 30, out, &replays);
	ck_assert_uint_eq(replays, 0);
	static const char *const again[] = {"not_input", "not_input", "not_input"};
	bf_ctx in, ctx;
	bf_ctx_init(&in, (size_t)1 << 30);
	bf_ctx_init(&ctx, (size_t)1 << 30);
	bf_ctx_begin(&in, 0, 0);
	bf_val I = board(&in);
	bf_limits lim = {0, 0};
	for (int k = 0; k < 3; k++) {
		bf_val v;
		ck_assert_int_eq(bf_eval_program(&ctx, bf_library_find(&lib, again[k]), bf_none(), I,
						 bf_none(), &lim, &v),
				 BF_OK);
	}
	ck_assert_uint_eq(bf_share_replays(&ctx), 0);
	bf_ctx_release(&ctx);
	bf_ctx_release(&in);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("share");
	TCase *tc = tcase_create("share");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, t_same_counts);
	tcase_add_test(tc, t_same_stops_at_budgets);
	tcase_add_test(tc, t_same_errors_at_ceilings);
	tcase_add_test(tc, t_only_the_input_is_shared);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

/*
 * test_rewind.c -- memory a primitive call leaves behind is given back
 * (src/dsl/rewind.c, bf_arena_rewind): the arena's part, and programs
 * whose answers, units, bytes and ceiling counts are the same with and
 * without it, among them the two ways a kept pointer could outlive its
 * memory (a listing cached on an older set, the flattened-grid memo).
 * Under AddressSanitizer given-back memory stays poisoned, so a pointer
 * kept by mistake is reported there.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "battfarm/evaluator.h"
#include "battfarm/repr.h"
#include "prims.h"
#include "rewind.h"
#include "room.h"
#include "testutil.h"

START_TEST(t_arena_rewind_gives_back)
{
	bf_arena a;
	bf_arena_init(&a, (size_t)1 << 30);
	unsigned char *old = bf_arena_alloc(&a, 100);
	bf_arena_mark m = bf_arena_mark_now(&a);
	unsigned char *p = bf_arena_alloc(&a, 3000);
	unsigned char *q = bf_arena_alloc(&a, (size_t)3 << 20); /* a block of its own */
	ck_assert(bf_arena_since(&a, &m, p));
	ck_assert(bf_arena_since(&a, &m, q));
	ck_assert(bf_arena_since(&a, &m, q + ((size_t)3 << 20) - 1));
	ck_assert(!bf_arena_since(&a, &m, old));
	ck_assert(!bf_arena_since(&a, &m, &m));
	size_t total = a.used_total, peak = a.peak;
	bf_arena_rewind(&a, &m);
	/* the ceiling's count does not move: a MemoryError falls where it did */
	ck_assert_uint_eq(a.used_total, total);
	ck_assert_uint_eq(a.peak, peak);
#ifdef BF_ARENA_ASAN
	ck_assert(__asan_address_is_poisoned(p));
	ck_assert(__asan_address_is_poisoned(q));
	ck_assert(!__asan_address_is_poisoned(old));
#else
	ck_assert_ptr_eq(bf_arena_alloc(&a, 16), p);
	ck_assert_uint_ge(a.spare_bytes, (size_t)3 << 20); /* q's block, for reuse */
	ck_assert_ptr_eq(bf_arena_alloc(&a, (size_t)3 << 20), q);
#endif
	total = a.used_total;
	peak = a.peak;
	ck_assert_ptr_nonnull(bf_arena_alloc_again(&a, 64));
	ck_assert_uint_eq(a.used_total, total);
	ck_assert_uint_eq(a.peak, peak);
	bf_arena_release(&a);
}
END_TEST

/* A rewind to an inner point leaves what came before it. */
START_TEST(t_arena_rewinds_nest)
{
	bf_arena a;
	bf_arena_init(&a, 0);
	bf_arena_mark outer = bf_arena_mark_now(&a);
	unsigned char *kept = bf_arena_alloc(&a, 5000);
	memset(kept, 7, 5000);
	bf_arena_mark inner = bf_arena_mark_now(&a);
	for (int k = 0; k < 40; k++)
		ck_assert_ptr_nonnull(bf_arena_alloc(&a, (size_t)100 << 10));
	bf_arena_rewind(&a, &inner);
	ck_assert(bf_arena_since(&a, &outer, kept));
	ck_assert(!bf_arena_since(&a, &inner, kept));
	unsigned char *next = bf_arena_alloc(&a, 5000);
	memset(next, 9, 5000);
	for (int k = 0; k < 5000; k++)
		ck_assert_int_eq(kept[k], 7);
	bf_arena_release(&a);
}
END_TEST

static bf_library lib;

static const bf_program *prog(const char *src)
{
	bf_library_release(&lib);
	bf_library_init(&lib);
	bf_library_parse(&lib, "t.py", src, strlen(src));
	ck_assert_msg(lib.nerrors == 0, "%s", lib.nerrors ? lib.errors[0] : "");
	return bf_library_find(&lib, "f");
}

typedef struct outcome {
	char repr[4096];
	bf_status status;
	uint64_t work, bytes;
	size_t used_total, peak, mapped;
} outcome;

/* p on the grid `grid` (a Python literal) in a fresh context. */
static outcome run_once(const bf_program *p, const char *grid, uint64_t budget, bool rewind)
{
	bf_rewind_set(rewind);
	bf_ctx input, ctx; /* the input lives in an arena of its own, as in a worker */
	bf_ctx_init(&input, 0);
	bf_ctx_init(&ctx, (size_t)1 << 30);
	outcome o;
	memset(&o, 0, sizeof(o));
	bf_ctx_begin(&input, 0, 0);
	jmp_buf jb;
	input.jb = &jb;
	if (setjmp(jb))
		ck_abort_msg("the grid literal: %s", input.msg);
	bf_val I = bf_eval_expr(&input, grid);
	bf_val out;
	bf_limits lim = {budget, 0};
	o.status = bf_eval_program(&ctx, p, bf_none(), I, bf_none(), &lim, &out);
	snprintf(o.repr, sizeof(o.repr), "%s", o.status == BF_OK ? bf_repr(&ctx, out) : ctx.msg);
	o.work = ctx.work;
	o.bytes = ctx.bytes;
	o.used_total = ctx.arena.used_total;
	o.peak = ctx.arena.peak;
	o.mapped = ctx.arena.mapped;
	bf_ctx_release(&ctx);
	bf_ctx_release(&input);
	bf_rewind_set(true);
	return o;
}

static void same_without(const char *src, const char *grid, uint64_t budget, outcome *on)
{
	const bf_program *p = prog(src);
	outcome off = run_once(p, grid, budget, false);
	*on = run_once(p, grid, budget, true);
	ck_assert_str_eq(on->repr, off.repr);
	ck_assert_int_eq(on->status, off.status);
	ck_assert_uint_eq(on->work, off.work);
	ck_assert_uint_eq(on->bytes, off.bytes);
	ck_assert_uint_eq(on->used_total, off.used_total);
	ck_assert_uint_eq(on->peak, off.peak);
}

/* src on grid without rewinds: what it maps is over twice what `on` (the
 * run with them) maps -- but in sanitizer builds, which reuse nothing
 * given back. */
static outcome maps_less(const char *src, const char *grid, const outcome *on)
{
	outcome off = run_once(prog(src), grid, 0, false);
#ifndef BF_ARENA_ASAN
	ck_assert_msg(on->mapped * 2 < off.mapped, "mapped %zu with rewinds, %zu without", on->mapped,
		      off.mapped);
#else
	(void)on;
#endif
	return off;
}

/* src on grid answers want, the same with and without rewinds, maps under
 * half as much with them, and stops alike under budgets from 1,000 up by
 * num/den a step to what it costs whole. */
static void gives_back_and_stops_alike(const char *src, const char *grid, const char *want,
				       uint64_t num, uint64_t den)
{
	outcome on;
	same_without(src, grid, 0, &on);
	ck_assert_str_eq(on.repr, want);
	outcome off = maps_less(src, grid, &on);
	for (uint64_t budget = 1000; budget < off.work; budget = budget * num / den)
		same_without(src, grid, budget, &on);
}

/* n x n, a checkerboard of 0 and 1 */
static const char *board(int n)
{
	static char buf[8192];
	size_t k = 0;
	buf[k++] = '(';
	for (int i = 0; i < n; i++) {
		buf[k++] = '(';
		for (int j = 0; j < n; j++)
			k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%d,", (i + j) % 2);
		buf[k++] = ')';
		buf[k++] = ',';
	}
	buf[k++] = ')';
	buf[k] = '\0';
	return buf;
}

/* center() builds six index sets a call and keeps none (with its
 * shortcut off: it builds none): 3 x 8,100 calls left their sets in the
 * arena before; now the arena maps a fraction */
START_TEST(t_center_leaves_nothing_behind)
{
	bf_center_fast = false;
	const char *src = "def f(I):\n    x0 = upscale(I, THREE)\n    x1 = objects(x0, T, F, F)\n"
			  "    x2 = apply(center, x1)\n    x3 = apply(size, x1)\n"
			  "    x4 = apply(center, x1)\n    x5 = apply(center, x1)\n"
			  "    O = astuple(size(x2), x3)\n    return O\n";
	/* and under budgets that stop it inside the calls, the same stop */
	gives_back_and_stops_alike(src, board(30), "(900, frozenset({9}))", 3, 2);
	bf_center_fast = true;
}
END_TEST

/* maximum() lists an older set inside its call and returns one of its
 * items: the listing's memory is given back, so the set must forget it
 * before canvas() reuses that memory and totuple() lists the set again. */
START_TEST(t_older_sets_forget_listings)
{
	const char *src = "def f(I):\n    x1 = asindices(I)\n    x2 = maximum(x1)\n"
			  "    x3 = canvas(SEVEN, astuple(TEN, TEN))\n    x4 = totuple(x1)\n"
			  "    x5 = minimum(x1)\n    O = astuple(astuple(x2, x5), x4)\n    return O\n";
	outcome on;
	same_without(src, board(12), 0, &on);
	const char *want = "(((11, 11), (0, 0)), ((4, 0), (4, 9), (5, 1), (8, 0), ";
	ck_assert_msg(strncmp(on.repr, want, strlen(want)) == 0, "%s", on.repr);
}
END_TEST

/* occurrences() keeps the flattened grid and its per-colour counts in the
 * context's memo; a call that adds counts for a new colour (the second
 * apply) keeps its memory, or the third apply would read freed counts. */
START_TEST(t_memo_keeps_its_memory)
{
	const char *grid = "((3,3,0,0,0,0,3,3,0,0),(3,3,0,0,0,0,3,3,0,0),(0,0,0,0,0,0,0,0,0,0),"
			   "(0,0,0,0,0,0,0,0,0,0),(5,5,5,0,0,0,5,5,5,0),(5,5,5,0,0,0,5,5,5,0),"
			   "(0,0,0,0,0,0,0,0,0,0),(0,0,0,0,0,0,0,0,0,0),(0,0,0,0,0,0,0,0,0,0),"
			   "(0,0,0,0,0,0,0,0,0,0))";
	const char *src = "def f(I):\n    x0 = objects(I, T, F, T)\n"
			  "    x1 = colorfilter(x0, THREE)\n    x2 = colorfilter(x0, FIVE)\n"
			  "    x3 = lbind(occurrences, I)\n    x4 = compose(size, x3)\n"
			  "    x5 = apply(x4, x1)\n    x6 = apply(x4, x2)\n"
			  "    x7 = canvas(ZERO, astuple(TEN, TEN))\n    x8 = apply(x3, x2)\n"
			  "    O = astuple(astuple(x5, x6), x8)\n    return O\n";
	outcome on;
	same_without(src, grid, 0, &on);
	ck_assert_str_eq(on.repr, "((frozenset({2}), frozenset({2})), "
				  "frozenset({frozenset({(4, 6), (4, 0)})}))");
}
END_TEST

/* mapply() of shifted copies: the copies' sets are dropped, their cells
 * kept in the merged result, which is moved down in one piece. */
START_TEST(t_results_move_down)
{
	const char *src = "def f(I):\n    x1 = asobject(I)\n    x2 = asindices(I)\n"
			  "    x3 = lbind(shift, x1)\n    x4 = mapply(x3, x2)\n"
			  "    x5 = mapply(x3, x2)\n    x6 = size(x4)\n"
			  "    O = astuple(x6, ulcorner(x5))\n    return O\n";
	gives_back_and_stops_alike(src, board(16), "(1918, (0, 0))", 2, 1);
}
END_TEST

/* Settling by hand: a call that made 200 kB of garbage and a result of two
 * new tuples moves the result down, intact; a result that holds one new
 * tuple twice stays where it is (moved, the two would become two values,
 * and comparing identical values is charged differently from comparing
 * equal ones). */
static bf_val settle_after_garbage(bf_ctx *ctx, bool shared)
{
	bf_rewind_point pt;
	bf_rewind_begin(ctx, &pt);
	for (int k = 0; k < 200; k++)
		bf_alloc(ctx, 1000);
	/* negative: pairs the arena makes (small ones are shared, intern.h) */
	bf_val y = bf_pair_ii(ctx, 3, -4), z = bf_pair_ii(ctx, 5, -6);
	bf_val r = bf_tuple2(ctx, y, shared ? y : z);
	bf_val moved = bf_rewind_settle(ctx, &pt, r);
	ck_assert_str_eq(bf_repr(ctx, moved), shared ? "((3, -4), (3, -4))" : "((3, -4), (5, -6))");
	return moved.u.t == r.u.t ? bf_none() : moved;
}

START_TEST(t_shared_parts_stay)
{
	bf_rewind_set(true); /* whatever BATTFARM_NO_REWIND says */
	bf_ctx ctx;
	bf_ctx_init(&ctx, 0);
	bf_ctx_begin(&ctx, 0, 0);
	jmp_buf jb;
	ctx.jb = &jb;
	if (setjmp(jb))
		ck_abort_msg("%s", ctx.msg);
	size_t total = ctx.arena.used_total;
	ck_assert_int_ne(settle_after_garbage(&ctx, false).kind, BF_NONE);
	ck_assert_int_eq(settle_after_garbage(&ctx, true).kind, BF_NONE);
	ck_assert_uint_gt(ctx.arena.used_total, total + 400000); /* both counted */
	bf_ctx_release(&ctx);
}
END_TEST

/* A result of n new pairs in a tuple, after 8 MB of garbage, settled. */
static bf_val settle_pairs(bf_ctx *ctx, int64_t n)
{
	bf_rewind_point pt;
	bf_rewind_begin(ctx, &pt);
	for (int k = 0; k < 8; k++)
		bf_alloc(ctx, (size_t)1 << 20);
	bf_tuple *t = bf_tuple_alloc(ctx, n);
	for (int64_t i = 0; i < n; i++)
		t->it[i] = bf_pair_ii(ctx, i, -i);
	bf_val r = bf_tuple_seal(t);
	bf_val moved = bf_rewind_settle(ctx, &pt, r);
	ck_assert_ptr_ne(moved.u.t, t);
	ck_assert_int_eq(moved.u.t->n, n);
	ck_assert_int_eq(moved.u.t->it[n - 1].u.t->it[1].u.i, -(n - 1));
	return moved;
}

/* The mover's buffers outlive a move, so the next one faults no fresh
 * pages; big ones are kept while evaluations need them and given back
 * when one begins after an evaluation that did not. */
START_TEST(t_move_rooms_kept_then_given_back)
{
	bf_rewind_set(true);
	bf_ctx ctx;
	bf_ctx_init(&ctx, 0);
	jmp_buf jb;
	ctx.jb = &jb;
	if (setjmp(jb))
		ck_abort_msg("%s", ctx.msg);
	ck_assert_uint_eq(bf_rewind_room_bytes(&ctx), 0);
	bf_ctx_begin(&ctx, 0, 0);
	settle_pairs(&ctx, 20000);
	size_t big = bf_rewind_room_bytes(&ctx);
	ck_assert_uint_gt(big, (size_t)1 << 20);
	settle_pairs(&ctx, 20000);
	ck_assert_uint_eq(bf_rewind_room_bytes(&ctx), big); /* reused, not grown */
	bf_ctx_begin(&ctx, 0, 0); /* the last evaluation needed them: kept */
	ck_assert_uint_eq(bf_rewind_room_bytes(&ctx), big);
	settle_pairs(&ctx, 10);
	bf_ctx_begin(&ctx, 0, 0); /* this one did not: given back */
	ck_assert_uint_lt(bf_rewind_room_bytes(&ctx), (size_t)1 << 20);
	bf_ctx_release(&ctx);
	ck_assert_ptr_null(ctx.move_rooms);
}
END_TEST

/* A room keeps what it held when it grows, and is given back at a trim
 * only when it is big and was not needed since the last one. */
START_TEST(t_room_grows_keeps_and_trims)
{
	bf_room r;
	memset(&r, 0, sizeof(r));
	char *p = bf_room_fit(&r, 10, 0);
	memcpy(p, "abcdefghij", 10);
	ck_assert_ptr_eq(bf_room_fit(&r, 5, 0), p); /* fits: the same memory */
	p = bf_room_fit(&r, (size_t)1 << 20, 10); /* grown past malloc's side */
	ck_assert_uint_ge(r.cap, (size_t)1 << 20);
	ck_assert(memcmp(p, "abcdefghij", 10) == 0);
	p[(1 << 20) - 1] = 'z';
	bf_room_trim(&r, 4096); /* asked for 1 MB since: kept */
	ck_assert_ptr_eq(r.p, p);
	bf_room_fit(&r, 100, 0);
	bf_room_trim(&r, 4096); /* 100 bytes since: given back */
	ck_assert_ptr_null(r.p);
	ck_assert_uint_eq(r.cap, 0);
	ck_assert_ptr_nonnull(bf_room_fit(&r, 64, 0));
	bf_room_trim(&r, 4096); /* small: kept whatever was asked */
	ck_assert_ptr_nonnull(r.p);
	bf_room_drop(&r);
	ck_assert_ptr_null(r.p);
}
END_TEST

/* By default results move only in an evaluation that has outgrown what
 * the arena keeps: before that the copy would buy nothing. */
START_TEST(t_moves_wait_for_big_evaluations)
{
	bf_rewind_set(true);
	bf_rewind_set_move_from(BF_ARENA_KEEP);
	bf_ctx ctx;
	bf_ctx_init(&ctx, 0);
	bf_ctx_begin(&ctx, 0, 0);
	jmp_buf jb;
	ctx.jb = &jb;
	if (setjmp(jb))
		ck_abort_msg("%s", ctx.msg);
	ck_assert_int_eq(settle_after_garbage(&ctx, false).kind, BF_NONE); /* stays */
	bf_alloc(&ctx, BF_ARENA_KEEP);
	ck_assert_int_ne(settle_after_garbage(&ctx, false).kind, BF_NONE); /* moved */
	bf_ctx_begin(&ctx, 0, 0); /* a new evaluation starts small again */
	ck_assert_int_eq(settle_after_garbage(&ctx, false).kind, BF_NONE);
	bf_ctx_release(&ctx);
	bf_rewind_set_move_from(0);
}
END_TEST

int main(void)
{
	bf_library_init(&lib);
	bf_rewind_set_move_from(0); /* the tests below move on small samples */
	Suite *s = suite_create("rewind");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_arena_rewind_gives_back);
	tcase_add_test(tc, t_arena_rewinds_nest);
	tcase_add_test(tc, t_center_leaves_nothing_behind);
	tcase_add_test(tc, t_older_sets_forget_listings);
	tcase_add_test(tc, t_memo_keeps_its_memory);
	tcase_add_test(tc, t_results_move_down);
	tcase_add_test(tc, t_shared_parts_stay);
	tcase_add_test(tc, t_move_rooms_kept_then_given_back);
	tcase_add_test(tc, t_moves_wait_for_big_evaluations);
	tcase_add_test(tc, t_room_grows_keeps_and_trims);
	suite_add_tcase(s, tc);
	int rc = tu_run(s);
	bf_library_release(&lib);
	return rc;
}

/*
 * test_pyset.c -- set operations give CPython 3.11's layout.
 *
 * Each expected string is CPython's repr of the same operation, which shows
 * the iteration order: growth while adding, set_merge's copy shortcuts, the
 * smaller-side walk of &, and the two strategies of -.
 */
#include <stdio.h>

#include "battfarm/ctx.h"
#include "pyset.h"
#include "battfarm/repr.h"
#include "testutil.h"

START_TEST(t_growth_order)
{
	/* 20 adds force two resizes */
	static bf_ctx ctx;
	bf_ctx_init(&ctx, 1 << 24);
	jmp_buf jb;
	ctx.jb = &jb;
	bf_ctx_begin(&ctx, 0, 0);
	if (setjmp(jb))
		ck_abort_msg("%s", ctx.msg);
	bf_val s = bf_set_new(&ctx);
	for (int i = 0; i < 20; i++)
		bf_set_add(&ctx, s, bf_pair_ii(&ctx, i * 7 % 5, i));
	ck_assert_str_eq(bf_repr(&ctx, bf_set_freeze(&ctx, s)),
			 "frozenset({(3, 4), (2, 1), (0, 10), (1, 8), (4, 12), (2, 16), (3, 19), "
			 "(0, 5), (2, 11), (1, 3), (4, 7), (1, 18), (3, 14), (0, 0), (4, 2), "
			 "(1, 13), (3, 9), (2, 6), (0, 15), (4, 17)})");
	bf_ctx_release(&ctx);
}
END_TEST

START_TEST(t_operators)
{
	const char *grid12 = "frozenset({(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), "
			     "(2, 0), (2, 1), (2, 2), (3, 0), (3, 1), (3, 2)})";
	char buf[512];
	snprintf(buf, sizeof(buf), "difference(%s, frozenset({(0, 0)}))", grid12);
	/* difference() goes through a generator, not set.__sub__: still the
	 * same members */
	ck_assert_str_ne(tu_eval(buf), "");
}
END_TEST

/* What a build left: its set's table slot for slot, and its charges. */
typedef struct build_seen {
	uint64_t spent, bytes;
	size_t used;
	bf_status status;
	int64_t mask, used_slots;
	char layout[200000];
} build_seen;

static void seen_of(bf_ctx *ctx, bf_val s, build_seen *out)
{
	out->spent = ctx->spent;
	out->bytes = ctx->bytes;
	out->used = ctx->arena.used_total;
	if (s.kind != BF_SET) {
		out->mask = -1;
		out->layout[0] = '\0';
		return;
	}
	out->mask = s.u.s->mask;
	out->used_slots = s.u.s->used;
	size_t off = 0;
	for (int64_t k = 0; k <= s.u.s->mask; k++) {
		bf_entry *e = &s.u.s->table[k];
		int64_t i = -1, j = -1;
		if (e->key.kind == BF_TUPLE) {
			i = e->key.u.t->it[0].u.i;
			j = e->key.u.t->it[1].u.i;
			ck_assert_int_eq(e->hash, bf_hash(ctx, e->key));
		}
		off += (size_t)snprintf(out->layout + off, sizeof(out->layout) - off, "%lld,%lld;",
					(long long)i, (long long)j);
		ck_assert_uint_lt(off, sizeof(out->layout));
	}
}

/* asindices of h x w: by plain adds (how == 0), or bf_set_of_indices. */
static bf_val pairs[65 * 65];

static void build(bf_ctx *ctx, int64_t h, int64_t w, uint64_t budget, int how, build_seen *out)
{
	jmp_buf jb;
	ctx->jb = &jb;
	bf_ctx_begin(ctx, budget, 0);
	volatile bf_val s = bf_none();
	if (setjmp(jb) == 0) {
		if (how == 0) {
			s = bf_set_new(ctx);
			for (int64_t i = 0; i < h; i++)
				for (int64_t j = 0; j < w; j++)
					bf_set_add(ctx, s, bf_pair_ii(ctx, i, j));
		} else {
			s = bf_set_of_indices(ctx, h, w, pairs);
		}
		ctx->status = BF_OK;
	}
	out->status = ctx->status;
	seen_of(ctx, ctx->status == BF_OK ? s : bf_none(), out);
	if (how && ctx->status == BF_OK)
		for (int64_t k = 0; k < h * w; k++) {
			ck_assert_int_eq(pairs[k].u.t->it[0].u.i, k / w);
			ck_assert_int_eq(pairs[k].u.t->it[1].u.i, k % w);
		}
	ctx->jb = NULL;
}

START_TEST(t_indices_layout_and_charge)
{
	/* the first build of a size is real and noted, the second placed from
	 * the note: both as the plain adds, slot for slot and unit for unit */
	static const int64_t sizes[][2] = {{1, 1}, {2, 2}, {1, 5}, {3, 7}, {10, 3},
					   {30, 30}, {17, 29}, {64, 64}, {65, 2}};
	static bf_ctx ctx;
	static build_seen ref, got;
	bf_ctx_init(&ctx, 1 << 26);
	for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++)
		for (int round = 0; round < 2; round++) {
			int64_t h = sizes[z][0], w = sizes[z][1];
			build(&ctx, h, w, 0, 0, &ref);
			bf_ctx_begin(&ctx, 0, 0);
			build(&ctx, h, w, 0, 1, &got);
			ck_assert_int_eq(got.status, BF_OK);
			ck_assert_int_eq(got.mask, ref.mask);
			ck_assert_int_eq(got.used_slots, h * w);
			ck_assert_str_eq(got.layout, ref.layout);
			ck_assert_uint_eq(got.spent, ref.spent);
			ck_assert_uint_eq(got.bytes, ref.bytes);
			ck_assert_uint_eq(got.used, ref.used);
		}
	bf_ctx_release(&ctx);
}
END_TEST

START_TEST(t_indices_budget)
{
	/* under a budget the build stops where the plain adds stop, whether
	 * the size was seen before or not, with the same units spent */
	static bf_ctx ctx;
	static build_seen ref, got;
	bf_ctx_init(&ctx, 1 << 26);
	build(&ctx, 20, 20, 0, 1, &got); /* note the size */
	build(&ctx, 20, 20, 0, 0, &ref);
	uint64_t full = ref.spent >> BF_WORK_SHIFT;
	for (uint64_t budget = 1; budget <= full + 2;
	     budget += budget < 40 || budget + 40 > full ? 1 : 37) {
		build(&ctx, 20, 20, budget, 0, &ref);
		build(&ctx, 20, 20, budget, 1, &got);
		ck_assert_int_eq(got.status, ref.status);
		ck_assert_uint_eq(got.spent, ref.spent);
		ck_assert_uint_eq(got.bytes, ref.bytes);
		ck_assert_str_eq(got.layout, ref.layout);
	}
	ck_assert_int_eq(ref.status, BF_OK); /* the last budget was enough */
	bf_ctx_release(&ctx);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pyset");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_growth_order);
	tcase_add_test(tc, t_operators);
	tcase_add_test(tc, t_indices_layout_and_charge);
	tcase_add_test(tc, t_indices_budget);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

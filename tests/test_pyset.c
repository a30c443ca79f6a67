/*
 * test_pyset.c -- set operations give CPython 3.11's layout.
 *
 * Each expected string is CPython's repr of the same operation, which shows
 * the iteration order: growth while adding, set_merge's copy shortcuts, the
 * smaller-side walk of &, and the two strategies of -.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/ctx.h"
#include "charge_run.h"
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
	/* the first build of a size is worked out on cell numbers and noted,
	 * the second placed from the note: both as the plain adds, slot for
	 * slot and unit for unit (65 x 2 is built by adds) */
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

/* What a plain build of asindices(h, w) by adds leaves, and what a charge
 * run of bf_indices_charges says it leaves, from the same start. */
typedef struct plain_seen {
	bf_status status;
	uint64_t spent, bytes;
	size_t used;
} plain_seen;

/* asindices(h, w) under a budget and the context's ceiling, by plain adds
 * or by bf_set_of_indices: the set (NULL when it stopped) and what it
 * charged. */
static bf_set *indices_or_adds(bf_ctx *ctx, int64_t h, int64_t w, uint64_t budget, bool indices,
			      plain_seen *out)
{
	jmp_buf jb;
	ctx->jb = &jb;
	bf_ctx_begin(ctx, budget, 0);
	volatile bf_val s = bf_none();
	if (setjmp(jb) == 0) {
		if (indices) {
			s = bf_set_of_indices(ctx, h, w, NULL);
		} else {
			s = bf_set_new(ctx);
			for (int64_t i = 0; i < h; i++)
				for (int64_t j = 0; j < w; j++)
					bf_set_add(ctx, s, bf_pair_ii(ctx, i, j));
		}
		ctx->status = BF_OK;
	}
	out->status = ctx->status;
	out->spent = ctx->spent;
	out->bytes = ctx->bytes;
	out->used = ctx->arena.used_total;
	ctx->jb = NULL;
	return ctx->status == BF_OK ? s.u.s : NULL;
}

static bf_set *plain_build(bf_ctx *ctx, int64_t h, int64_t w, uint64_t budget, plain_seen *out)
{
	return indices_or_adds(ctx, h, w, budget, false, out);
}

static void run_build(bf_ctx *ctx, int64_t h, int64_t w, uint64_t budget, plain_seen *out,
		      bf_indices_tables *t)
{
	bf_ctx_begin(ctx, budget, 0);
	bf_charge_run r;
	bf_run_begin(&r, ctx);
	bool on = bf_indices_charges(&r, h * w, t);
	ck_assert_int_eq(on, r.stop == BF_RUN_ON);
	out->status = r.stop == BF_RUN_ON ? BF_OK : r.stop == BF_RUN_TIMEOUT ? BF_TIMEOUT : BF_ERROR;
	out->spent = r.spent;
	out->bytes = r.bytes;
	out->used = r.used;
}

static void same_seen(const plain_seen *got, const plain_seen *want)
{
	ck_assert_int_eq(got->status, want->status);
	ck_assert_uint_eq(got->spent, want->spent);
	ck_assert_uint_eq(got->bytes, want->bytes);
	ck_assert_uint_eq(got->used, want->used);
}

static const int64_t big_sizes[][2] = {{3, 40000}, {300, 300}, {1, 50001}, {7, 7200}, {65, 65}};

START_TEST(t_indices_layout_big)
{
	/* the layout of cell numbers is the adds' table slot for slot, and
	 * the run's charge theirs, past 2^15 slots and the 50,000-item rule */
	static bf_ctx ctx;
	bf_ctx_init(&ctx, (size_t)1 << 30);
	for (size_t z = 0; z < sizeof(big_sizes) / sizeof(big_sizes[0]); z++) {
		int64_t h = big_sizes[z][0], w = big_sizes[z][1];
		plain_seen ref, got;
		bf_indices_tables t;
		run_build(&ctx, h, w, 0, &got, &t);
		int32_t *final = malloc((size_t)t.size * sizeof(int32_t));
		int32_t *scratch = malloc((size_t)(t.prev ? t.prev : 1) * sizeof(int32_t));
		bf_indices_layout(h, w, &t, final, scratch);
		bf_set *s = plain_build(&ctx, h, w, 0, &ref);
		same_seen(&got, &ref);
		ck_assert_int_eq(t.size - 1, s->mask);
		for (int64_t k = 0; k <= s->mask; k++) {
			bf_val key = s->table[k].key;
			int64_t cell = key.kind == BF_TUPLE ? key.u.t->it[0].u.i * w + key.u.t->it[1].u.i : -1;
			ck_assert_int_eq(final[k], cell);
		}
		free(final);
		free(scratch);
	}
	bf_ctx_release(&ctx);
}
END_TEST

START_TEST(t_indices_charges_cut)
{
	/* under budgets and ceilings that cut a big build, the run stops at
	 * the same charge as the adds, with the same counters */
	static const size_t ceilings[] = {(size_t)1 << 20, (size_t)3 << 20, (size_t)5 << 20,
					  (size_t)9 << 20, (size_t)13 << 20, (size_t)40 << 20};
	static const int64_t cut_sizes[][2] = {{3, 40000}, {1, 50001}, {65, 65}};
	plain_seen ref, got;
	bf_indices_tables t;
	for (size_t c = 0; c < sizeof(ceilings) / sizeof(ceilings[0]); c++) {
		static bf_ctx ctx;
		bf_ctx_init(&ctx, ceilings[c]);
		for (size_t z = 0; z < sizeof(cut_sizes) / sizeof(cut_sizes[0]); z++) {
			int64_t h = cut_sizes[z][0], w = cut_sizes[z][1];
			plain_build(&ctx, h, w, 0, &ref);
			run_build(&ctx, h, w, 0, &got, &t);
			same_seen(&got, &ref);
			uint64_t full = ref.spent >> BF_WORK_SHIFT;
			if (c + 1 < sizeof(ceilings) / sizeof(ceilings[0]))
				continue; /* budgets: under the last ceiling only */
			for (uint64_t budget = 1; budget <= full + 1; budget += 1 + full / 17) {
				plain_build(&ctx, h, w, budget, &ref);
				run_build(&ctx, h, w, budget, &got, &t);
				same_seen(&got, &ref);
			}
		}
		bf_ctx_release(&ctx);
	}
}
END_TEST

/* bf_set_of_indices(h, w) under a budget and the context's ceiling. */
static bf_set *indices_build(bf_ctx *ctx, int64_t h, int64_t w, uint64_t budget, plain_seen *out)
{
	return indices_or_adds(ctx, h, w, budget, true, out);
}

START_TEST(t_indices_big_build)
{
	/* asindices of a big size placed from its layout: the adds' table
	 * slot for slot, their charges, and their stop under budgets and
	 * ceilings (MemoryError) that cut it */
	static const size_t ceilings[] = {(size_t)2 << 20, (size_t)7 << 20, (size_t)1 << 30};
	static const int64_t sizes[][2] = {{3, 40000}, {300, 300}, {65, 65}};
	for (size_t c = 0; c < sizeof(ceilings) / sizeof(ceilings[0]); c++) {
		static bf_ctx ctx;
		bf_ctx_init(&ctx, ceilings[c]);
		for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
			int64_t h = sizes[z][0], w = sizes[z][1];
			plain_seen ref, got;
			indices_build(&ctx, h, w, 0, &got);
			bf_set *s = indices_build(&ctx, h, w, 0, &got);
			/* the cell in each slot, and its hash, before the arena is
			 * reused */
			int64_t *cells = NULL, *hashes = NULL, smask = s ? s->mask : -1;
			if (s) {
				cells = malloc((size_t)(s->mask + 1) * sizeof(int64_t));
				hashes = malloc((size_t)(s->mask + 1) * sizeof(int64_t));
				for (int64_t k = 0; k <= s->mask; k++) {
					bf_val key = s->table[k].key;
					cells[k] = key.kind == BF_TUPLE ? key.u.t->it[0].u.i * w + key.u.t->it[1].u.i : -1;
					hashes[k] = s->table[k].hash;
				}
			}
			bf_set *r = plain_build(&ctx, h, w, 0, &ref);
			same_seen(&got, &ref);
			ck_assert_int_eq(s == NULL, r == NULL);
			ck_assert_int_eq(smask, r ? r->mask : -1);
			for (int64_t k = 0; s && k <= r->mask; k++) {
				bf_val key = r->table[k].key;
				ck_assert_int_eq(cells[k], key.kind == BF_TUPLE ? key.u.t->it[0].u.i * w + key.u.t->it[1].u.i : -1);
				if (key.kind == BF_TUPLE)
					ck_assert_int_eq(hashes[k], r->table[k].hash);
			}
			free(cells);
			free(hashes);
			uint64_t full = ref.spent >> BF_WORK_SHIFT;
			if (c + 1 < sizeof(ceilings) / sizeof(ceilings[0]))
				continue; /* budgets: under the last ceiling only */
			for (uint64_t budget = 1; budget <= full + 1; budget += 1 + full / 13) {
				plain_build(&ctx, h, w, budget, &ref);
				indices_build(&ctx, h, w, budget, &got);
				same_seen(&got, &ref);
			}
		}
		bf_ctx_release(&ctx);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pyset");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120); /* big builds, under the sanitizers too */
	tcase_add_test(tc, t_growth_order);
	tcase_add_test(tc, t_operators);
	tcase_add_test(tc, t_indices_layout_and_charge);
	tcase_add_test(tc, t_indices_budget);
	tcase_add_test(tc, t_indices_layout_big);
	tcase_add_test(tc, t_indices_charges_cut);
	tcase_add_test(tc, t_indices_big_build);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

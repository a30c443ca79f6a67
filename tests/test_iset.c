/*
 * test_iset.c -- index sets (src/dsl/iset.c) against the sets they stand
 * for (pyset.c), and objects() flooding on them against flooding on real
 * sets: the same slots, the same units, bytes and ceiling share, the same
 * stop under a budget or a ceiling.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "battfarm/repr.h"
#include "iset.h"
#include "prims.h"
#include "pyset.h"
#include "testutil.h"

/* ---- the operations, side by side ---- */

enum { NKEYS = 300, NSETS = 4 };

/* One side: a context, the keys made in it, its sets. */
typedef struct side {
	bf_ctx ctx;
	bf_val key[NKEYS];
	int64_t hash[NKEYS];
	bf_val real[NSETS]; /* the pyset side's sets */
	bf_iset iset[NSETS];
	bf_ikeys keys;
} side;

static bool keys_eq(bf_ctx *ctx, void *arg, int32_t k, int32_t l)
{
	const side *s = arg;
	return bf_py_eq(ctx, s->key[k], s->key[l]);
}

/* Hashes chosen to collide: mode 0 the keys' own, 1 few distinct values
 * (distinct keys with one hash), 2 one low-bit pattern (long probes). */
static int64_t hash_for(const side *s, int mode, int k)
{
	if (mode == 0)
		return s->key[k].u.t->hash;
	if (mode == 1)
		return (int64_t)((k * 7919) % 37);
	return (int64_t)k << 8;
}

static void side_init(side *s, int mode, uint64_t budget, jmp_buf *jb)
{
	bf_ctx_init(&s->ctx, (size_t)1 << 28);
	s->ctx.jb = jb;
	bf_ctx_begin(&s->ctx, budget, 0);
	for (int k = 0; k < NKEYS; k++) {
		s->key[k] = bf_pair_ii(&s->ctx, k / 20 + 200, k % 20 + 200); /* not shared */
		(void)bf_hash(&s->ctx, s->key[k]);
		s->hash[k] = hash_for(s, mode, k);
	}
	s->keys = (bf_ikeys){s->hash, keys_eq, s, 2};
}

static int key_no(bf_val key)
{
	return (int)((key.u.t->it[0].u.i - 200) * 20 + key.u.t->it[1].u.i - 200);
}

static void same_sets(const bf_set *r, const bf_iset *x)
{
	ck_assert_int_eq(r->mask, x->mask);
	ck_assert_int_eq(r->used, x->used);
	ck_assert_int_eq(r->fill, x->fill);
	for (int64_t i = 0; i <= r->mask; i++) {
		const bf_entry *e = &r->table[i];
		int32_t want = e->key.kind == BF_EMPTY   ? BF_ISET_EMPTY
			       : e->key.kind == BF_DUMMY ? BF_ISET_DUMMY
							 : key_no(e->key);
		ck_assert_int_eq(x->slot[i], want);
	}
}

static void same_counts(const bf_ctx *a, const bf_ctx *b)
{
	ck_assert_uint_eq(a->spent, b->spent);
	ck_assert_uint_eq(a->bytes, b->bytes);
	ck_assert_uint_eq(a->arena.used_total, b->arena.used_total);
}

static bool third(void *arg, bf_val key)
{
	(void)arg;
	return key_no(key) % 3 == 0;
}

static bool third_no(void *arg, int32_t k)
{
	(void)arg;
	return k % 3 == 0;
}

static uint64_t rng = 88172645463325252ULL;
static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

/* One random operation on both sides (the real one first). */
static void one_op(side *r, side *x)
{
	unsigned op = next_rand() % 16, a = next_rand() % NSETS, b = next_rand() % NSETS;
	if (op < 10) {
		int k = (int)(next_rand() % NKEYS);
		bf_set_add_hashed(&r->ctx, r->real[a], r->key[k], r->hash[k]);
		bf_iset_add(&x->ctx, &x->iset[a], &x->keys, k, bf_set_key_items(x->key[k]));
	} else if (op < 13) {
		bf_set_update(&r->ctx, r->real[a], r->real[b]);
		bf_iset_update(&x->ctx, &x->iset[a], &x->iset[b], &x->keys);
	} else if (op < 15) {
		int64_t blen = next_rand() % 40; /* len(b): any, as objects' occupied */
		r->real[b] = bf_set_sub_where(&r->ctx, r->real[a], blen, third, NULL);
		bf_iset_sub_where(&x->ctx, &x->iset[b], &x->iset[a], blen, third_no, NULL, &x->keys);
	} else {
		r->real[a] = bf_set_new(&r->ctx);
		bf_iset_new(&x->ctx, &x->iset[a]);
	}
}

static void sides_begin(side *r, side *x, int mode)
{
	side_init(r, mode, 0, NULL);
	side_init(x, mode, 0, NULL);
	for (int s = 0; s < NSETS; s++) {
		r->real[s] = bf_set_new(&r->ctx);
		bf_iset_new(&x->ctx, &x->iset[s]);
	}
}

START_TEST(t_ops_mirror)
{
	static side r, x;
	static int mode;
	for (mode = 0; mode < 3; mode++) {
		sides_begin(&r, &x, mode);
		jmp_buf jb;
		r.ctx.jb = x.ctx.jb = &jb;
		if (setjmp(jb))
			ck_abort_msg("mode %d: %s / %s", mode, r.ctx.msg, x.ctx.msg);
		for (int step = 0; step < 3000; step++) {
			one_op(&r, &x);
			same_counts(&r.ctx, &x.ctx);
			for (int s = 0; s < NSETS; s++)
				same_sets(r.real[s].u.s, &x.iset[s]);
		}
		/* frozenset() of each: the same table, the same charges */
		for (int s = 0; s < NSETS; s++) {
			bf_val fr = bf_set_copy(&r.ctx, r.real[s], true);
			bf_set_layout lay = {x.iset[s].mask, x.iset[s].used, x.iset[s].fill,
					     x.iset[s].slot, x.key, x.hash};
			bf_val fx = bf_set_copy_layout(&x.ctx, &lay);
			same_counts(&r.ctx, &x.ctx);
			ck_assert_int_eq(fx.kind, BF_FSET);
			ck_assert_int_eq(fr.u.s->mask, fx.u.s->mask);
			for (int64_t i = 0; i <= fr.u.s->mask; i++) {
				ck_assert_int_eq(fr.u.s->table[i].key.kind, fx.u.s->table[i].key.kind);
				ck_assert_int_eq(fr.u.s->table[i].hash, fx.u.s->table[i].hash);
				if (fr.u.s->table[i].key.kind == BF_TUPLE)
					ck_assert_int_eq(key_no(fr.u.s->table[i].key),
							 key_no(fx.u.s->table[i].key));
			}
			ck_assert_str_eq(bf_repr(&r.ctx, fr), bf_repr(&x.ctx, fx));
		}
		bf_ctx_release(&r.ctx);
		bf_ctx_release(&x.ctx);
	}
}
END_TEST

/* 400 operations under a budget; the status and units where it stopped. */
static void run_budgeted(side *s, bool real, uint64_t budget, bf_status *st, uint64_t *spent)
{
	rng = 99;
	jmp_buf jb;
	static side other; /* the half of one_op this side does not run */
	side_init(&other, 1, 0, &jb);
	if (setjmp(jb) == 0) {
		/* the keys are made under the budget too, alike on both */
		side_init(s, 1, budget, &jb);
		for (int k = 0; k < NSETS; k++) {
			if (real) {
				s->real[k] = bf_set_new(&s->ctx);
				bf_iset_new(&other.ctx, &other.iset[k]);
			} else {
				other.real[k] = bf_set_new(&other.ctx);
				bf_iset_new(&s->ctx, &s->iset[k]);
			}
		}
		for (int step = 0; step < 400; step++)
			real ? one_op(s, &other) : one_op(&other, s);
		s->ctx.status = BF_OK;
	}
	*st = s->ctx.status;
	*spent = s->ctx.spent;
	bf_ctx_release(&other.ctx);
	bf_ctx_release(&s->ctx);
}

START_TEST(t_budget_stops_alike)
{
	static side a, b;
	bf_status sa, sb;
	uint64_t pa, pb;
	run_budgeted(&a, true, 0, &sa, &pa);
	uint64_t full = pa >> BF_WORK_SHIFT;
	ck_assert_uint_gt(full, 100);
	int stopped = 0;
	for (uint64_t budget = 1; budget <= full + 1; budget += 1 + full / 97) {
		run_budgeted(&a, true, budget, &sa, &pa);
		run_budgeted(&b, false, budget, &sb, &pb);
		ck_assert_int_eq(sa, sb);
		ck_assert_uint_eq(pa, pb);
		stopped += sa == BF_TIMEOUT;
	}
	ck_assert_int_gt(stopped, 50);
}
END_TEST

/* ---- objects(), flooding on index sets and on real sets ---- */

typedef struct outcome {
	bf_status status;
	char repr[1 << 16];
	uint64_t spent, bytes;
	size_t used_total, in_blocks;
} outcome;

static void eval_with(const char *src, bool iset, uint64_t budget, size_t ceiling, outcome *o)
{
	bf_iset_set(iset);
	static bf_ctx ctx;
	bf_ctx_init(&ctx, ceiling);
	bf_ctx_begin(&ctx, budget, 0);
	jmp_buf jb;
	ctx.jb = &jb;
	o->repr[0] = '\0';
	if (setjmp(jb) == 0) {
		bf_val v = bf_eval_expr(&ctx, src);
		snprintf(o->repr, sizeof(o->repr), "%s", bf_repr(&ctx, v));
		ctx.status = BF_OK;
	}
	o->status = ctx.status;
	o->spent = ctx.spent;
	o->bytes = ctx.bytes;
	o->used_total = ctx.arena.used_total;
	o->in_blocks = tu_arena_held(&ctx.arena);
	bf_ctx_release(&ctx);
	bf_iset_set(true);
}

static void same_outcome(const char *src, const outcome *on, const outcome *off)
{
	ck_assert_msg(on->status == off->status, "%s: status %d vs %d", src, on->status,
		      off->status);
	ck_assert_str_eq(on->repr, off->repr);
	ck_assert_uint_eq(on->spent, off->spent);
	ck_assert_uint_eq(on->bytes, off->bytes);
	ck_assert_uint_eq(on->used_total, off->used_total);
}

/* objects(G, u, d, b) on an h x w grid of `colours` colours */
static void grid_src(char *buf, size_t cap, int h, int w, int colours, const char *flags)
{
	size_t off = (size_t)snprintf(buf, cap, "objects((");
	for (int i = 0; i < h; i++) {
		off += (size_t)snprintf(buf + off, cap - off, "(");
		for (int j = 0; j < w; j++)
			off += (size_t)snprintf(buf + off, cap - off, "%u, ",
						next_rand() % (unsigned)colours);
		off += (size_t)snprintf(buf + off, cap - off, "), ");
	}
	snprintf(buf + off, cap - off, "), %s)", flags);
}

static const char *const FLAGS[] = {"T, F, T", "T, T, T", "F, F, T", "F, T, T",
				    "T, F, F", "T, T, F", "F, F, F", "F, T, F"};

START_TEST(t_objects_both_ways)
{
	static const int sizes[][3] = {{1, 1, 2}, {3, 4, 2}, {7, 7, 3}, {10, 12, 2},
				       {16, 16, 4}, {30, 30, 3}, {1, 60, 2}, {64, 64, 2}};
	static char src[1 << 16];
	static outcome on, off;
	rng = 7;
	for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++)
		for (int fl = 0; fl < 8; fl++) {
			grid_src(src, sizeof(src), sizes[z][0], sizes[z][1], sizes[z][2], FLAGS[fl]);
			eval_with(src, true, 0, (size_t)1 << 30, &on);
			eval_with(src, false, 0, (size_t)1 << 30, &off);
			ck_assert_int_eq(on.status, BF_OK);
			same_outcome(src, &on, &off);
			/* the index sets hold less than the sets they stand for */
			if (sizes[z][0] * sizes[z][1] >= 12)
				ck_assert_msg(on.in_blocks < off.in_blocks, "%s: %zu vs %zu bytes",
					      src, on.in_blocks, off.in_blocks);
		}
}
END_TEST

START_TEST(t_objects_odd_cells_and_salt)
{
	/* cells that are not ints (compared by value), a grid read through
	 * getitem, and salted hashes (the order worked out, not cached) */
	static const char *const srcs[] = {
		"objects((((1,), (1,), (2,)), ((2,), (1,), (1,)), ((1,), (2,), (2,))), T, T, F)",
		"objects(((True, 1, 0), (0, False, 1), (1, 1, True)), F, F, T)",
		"objects(((1, 1, 0, 2), (0, 1, 0, 2), (3, 0, 0, 2), (3, 3, 0, 0)), T, F, T)",
		"objects(((1, 2, 2), (1, 1, 2), (3, 1, 3)), F, T, F)",
	};
	static outcome on, off;
	for (int salted = 0; salted < 2; salted++) {
		bf_hash_salt = salted ? 0x5eed1234ULL : 0;
		for (size_t k = 0; k < sizeof(srcs) / sizeof(srcs[0]); k++) {
			eval_with(srcs[k], true, 0, (size_t)1 << 30, &on);
			eval_with(srcs[k], false, 0, (size_t)1 << 30, &off);
			ck_assert_int_eq(on.status, BF_OK);
			same_outcome(srcs[k], &on, &off);
		}
	}
	bf_hash_salt = 0;
}
END_TEST

START_TEST(t_objects_stop_alike)
{
	/* under every budget up to what it needs, and under ceilings around
	 * what it holds, it stops where the real sets' flood stops */
	static char src[1 << 16];
	static outcome on, off, full;
	rng = 11;
	grid_src(src, sizeof(src), 12, 13, 3, "T, T, F");
	eval_with(src, true, 0, (size_t)1 << 30, &full);
	uint64_t units = full.spent >> BF_WORK_SHIFT;
	ck_assert_uint_gt(units, 200);
	int cut = 0;
	for (uint64_t budget = 1; budget <= units + 1; budget += 1 + units / 150) {
		eval_with(src, true, budget, (size_t)1 << 30, &on);
		eval_with(src, false, budget, (size_t)1 << 30, &off);
		same_outcome(src, &on, &off);
		cut += on.status == BF_TIMEOUT;
	}
	ck_assert_int_gt(cut, 100);
	int short_of = 0;
	for (size_t ceiling = full.used_total / 4; ceiling <= full.used_total + 4096;
	     ceiling += full.used_total / 50) {
		eval_with(src, true, 0, ceiling, &on);
		eval_with(src, false, 0, ceiling, &off);
		same_outcome(src, &on, &off);
		short_of += on.status == BF_ERROR;
	}
	ck_assert_int_gt(short_of, 30);
}
END_TEST

START_TEST(t_neighbour_orders_cached)
{
	/* each cell's neighbour order, kept once worked out for i, j < 128,
	 * is the one worked out from the pairs' hashes (off the grid too:
	 * hash(-1) is -2), at every place a grid of up to 4,096 cells has */
	static const int sizes[][2] = {{32, 128}, {128, 32}, {64, 64}};
	static char src[1 << 17];
	static outcome cached, worked;
	rng = 5;
	for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++)
		for (int fl = 0; fl < 8; fl += 3) {
			grid_src(src, sizeof(src), sizes[z][0], sizes[z][1], 2, FLAGS[fl]);
			eval_with(src, true, 0, (size_t)1 << 30, &cached);
			bf_objects_cache_orders(false);
			eval_with(src, true, 0, (size_t)1 << 30, &worked);
			bf_objects_cache_orders(true);
			ck_assert_int_eq(cached.status, BF_OK);
			same_outcome(src, &cached, &worked);
		}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("iset");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, t_ops_mirror);
	tcase_add_test(tc, t_budget_stops_alike);
	tcase_add_test(tc, t_objects_both_ways);
	tcase_add_test(tc, t_objects_odd_cells_and_salt);
	tcase_add_test(tc, t_objects_stop_alike);
	tcase_add_test(tc, t_neighbour_orders_cached);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

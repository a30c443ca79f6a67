/*
 * prim_patch.c -- the patch primitives: corners, extents, shifts,
 * neighbourhoods, lines, boxes and the relations between two patches.
 *
 * A patch is an Object (frozenset of (value, (i, j))) or Indices (frozenset
 * of (i, j)), but programs hand these functions grids, tuples, ints and
 * empty containers too.  Every function walks the path arc-dsl's Python
 * walks: the same test decides Object vs Indices (is item[1] of the first
 * element a tuple?), zip(*patch) is a real zip (so a grid gives its
 * columns), min/max keep the first of equal items, and sets are built with
 * the operations Python performs so their iteration order is CPython's.
 * Errors are raised at the point, and with the class, Python raises them.
 *
 * Called through the registry (prim_registry.c) and directly by other
 * primitive groups.
 */
#include <string.h>

#include "charge_run.h"
#include "prims.h"
#include "pyops.h"
#include "pyset.h"

/* ---- Python building blocks ---- */

/* min(a, b) and max(a, b) of two arguments: a unless b beats it. */
static bf_val min2(bf_ctx *ctx, bf_val a, bf_val b)
{
	return bf_lt(ctx, b, a) ? b : a;
}

static bf_val max2(bf_ctx *ctx, bf_val a, bf_val b)
{
	return bf_gt(ctx, b, a) ? b : a;
}

/* a + k, or a - (-k) for a negative k, as the Python source writes it
 * (the TypeError for a non-int names the operator Python used). */
static bf_val add_int(bf_ctx *ctx, bf_val a, int64_t k)
{
	if (k < 0)
		return bf_py_sub(ctx, a, bf_int(-k));
	return bf_py_add(ctx, a, bf_int(k));
}

/* next(iter(patch))[1] is a tuple: the Object test of toindices and shift. */
static bool looks_like_object(bf_ctx *ctx, bf_val patch)
{
	return bf_py_getitem(ctx, bf_py_first(ctx, patch), 1).kind == BF_TUPLE;
}

/* toindices(): a new frozenset of the indices of an Object, the patch itself
 * otherwise (a grid stays a grid). */
static bf_val indices_of(bf_ctx *ctx, bf_val patch)
{
	if (bf_py_len(ctx, patch) == 0)
		return bf_fset_empty(ctx);
	if (!looks_like_object(ctx, patch))
		return patch;
	int64_t n;
	const bf_val *it = bf_py_items(ctx, patch, &n);
	bf_val s = bf_set_new(ctx);
	for (int64_t k = 0; k < n; k++) {
		bf_val value, index;
		bf_py_unpack2(ctx, it[k], &value, &index);
		bf_set_add(ctx, s, index);
	}
	return bf_set_seal(s);
}

static bool extreme_fast(bf_ctx *ctx, bf_val patch, int coord, bool want_max, bf_val *out);

/* min(c for i, j in toindices(patch)) (or max), c being i (coord 0) or j. */
static bf_val coord_extreme(bf_ctx *ctx, bf_val patch, int coord, bool want_max)
{
	bf_val fast;
	if (bf_center_fast && extreme_fast(ctx, patch, coord, want_max, &fast))
		return fast;
	int64_t n;
	const bf_val *it = bf_py_items(ctx, indices_of(ctx, patch), &n);
	bf_val best = bf_none();
	bf_work(ctx, (uint64_t)n);
	for (int64_t k = 0; k < n; k++) {
		bf_val i, j;
		bf_py_unpack2(ctx, it[k], &i, &j);
		bf_val c = coord ? j : i;
		if (k == 0)
			best = c;
		else if (want_max ? bf_gt(ctx, c, best) : bf_lt(ctx, c, best))
			best = c;
	}
	if (n == 0)
		bf_raise(ctx, "ValueError: %s() arg is an empty sequence",
			 want_max ? "max" : "min");
	return best;
}

/* zip(*ind): the items of each argument and the length of the shortest
 * (the number of columns zip yields). */
typedef struct zipped {
	const bf_val **rows;
	int64_t nrows, ncols;
} zipped;

static void zip_star(bf_ctx *ctx, bf_val ind, zipped *z)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, ind, &n);
	z->rows = bf_alloc(ctx, (size_t)(n ? n : 1) * sizeof(*z->rows));
	z->nrows = n;
	z->ncols = 0;
	bf_work(ctx, (uint64_t)n);
	for (int64_t k = 0; k < n; k++) {
		int64_t m;
		z->rows[k] = bf_py_items(ctx, it[k], &m);
		if (k == 0 || m < z->ncols)
			z->ncols = m;
	}
}

/* min or max of column c of a zip: Python's min() over zip's tuple. */
static bf_val column_extreme(bf_ctx *ctx, const zipped *z, int64_t c, bool want_max)
{
	bf_val best = z->rows[0][c];
	bf_work(ctx, (uint64_t)z->nrows);
	for (int64_t k = 1; k < z->nrows; k++) {
		bf_val x = z->rows[k][c];
		if (want_max ? bf_gt(ctx, x, best) : bf_lt(ctx, x, best))
			best = x;
	}
	return best;
}

/* The four corners: tuple(map(f, zip(*toindices(patch)))) where f is min or
 * max per column.  mixed says the corner picks by column through the dict
 * {0: ..., 1: ...}, so a third column is a KeyError. */
static bf_val corner(bf_ctx *ctx, bf_val patch, bool max_i, bool max_j, bool mixed)
{
	zipped z;
	zip_star(ctx, indices_of(ctx, patch), &z);
	bf_tuple *t = bf_tuple_alloc(ctx, z.ncols);
	for (int64_t c = 0; c < z.ncols; c++) {
		if (mixed && c >= 2)
			bf_raise(ctx, "KeyError: %lld", (long long)c);
		t->it[c] = column_extreme(ctx, &z, c, c == 0 ? max_i : max_j);
	}
	return bf_tuple_seal(t);
}

/* ---- corners and indices ---- */

bf_val bf_p_ulcorner(bf_ctx *ctx, const bf_val *a)
{
	return corner(ctx, a[0], false, false, false);
}

bf_val bf_p_urcorner(bf_ctx *ctx, const bf_val *a)
{
	return corner(ctx, a[0], false, true, true);
}

bf_val bf_p_llcorner(bf_ctx *ctx, const bf_val *a)
{
	return corner(ctx, a[0], true, false, true);
}

bf_val bf_p_lrcorner(bf_ctx *ctx, const bf_val *a)
{
	return corner(ctx, a[0], true, true, false);
}

bf_val bf_p_toindices(bf_ctx *ctx, const bf_val *a)
{
	return indices_of(ctx, a[0]);
}

bf_val bf_p_recolor(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, indices_of(ctx, a[1]), &n);
	bf_val s = bf_set_new(ctx);
	for (int64_t k = 0; k < n; k++)
		bf_set_add(ctx, s, bf_tuple2(ctx, a[0], it[k]));
	return bf_set_seal(s);
}

static bf_val shift_by(bf_ctx *ctx, bf_val patch, bf_val dirs)
{
	if (bf_py_len(ctx, patch) == 0)
		return patch;
	bf_val di, dj;
	bf_py_unpack2(ctx, dirs, &di, &dj);
	bool object = looks_like_object(ctx, patch);
	int64_t n;
	const bf_val *it = bf_py_items(ctx, patch, &n);
	bf_val s = bf_set_new(ctx);
	bool intdirs = di.kind == BF_INT && dj.kind == BF_INT;
	for (int64_t k = 0; k < n; k++) {
		/* the common shape, (value, (i, j)) or (i, j) of ints, without
		 * the generic unpacking; anything else takes the general path */
		bf_val loc = object && it[k].kind == BF_TUPLE && it[k].u.t->n == 2
				     ? it[k].u.t->it[1] : it[k];
		int64_t fi, fj;
		if (intdirs && (!object || loc.kind != it[k].kind || loc.u.t != it[k].u.t) &&
		    loc.kind == BF_TUPLE && loc.u.t->n == 2 && loc.u.t->it[0].kind == BF_INT &&
		    loc.u.t->it[1].kind == BF_INT &&
		    !__builtin_add_overflow(loc.u.t->it[0].u.i, di.u.i, &fi) &&
		    !__builtin_add_overflow(loc.u.t->it[1].u.i, dj.u.i, &fj)) {
			bf_val moved = bf_pair_ii(ctx, fi, fj);
			bf_set_add(ctx, s, object ? bf_tuple2(ctx, it[k].u.t->it[0], moved) : moved);
			continue;
		}
		bf_val value = bf_none(), i, j;
		loc = it[k];
		if (object)
			bf_py_unpack2(ctx, it[k], &value, &loc);
		bf_py_unpack2(ctx, loc, &i, &j);
		bf_val ni = bf_py_add(ctx, i, di);
		bf_val moved = bf_tuple2(ctx, ni, bf_py_add(ctx, j, dj));
		bf_set_add(ctx, s, object ? bf_tuple2(ctx, value, moved) : moved);
	}
	return bf_set_seal(s);
}

bf_val bf_p_shift(bf_ctx *ctx, const bf_val *a)
{
	return shift_by(ctx, a[0], a[1]);
}

/* ---- extents ---- */

bf_val bf_p_uppermost(bf_ctx *ctx, const bf_val *a)
{
	return coord_extreme(ctx, a[0], 0, false);
}

bf_val bf_p_lowermost(bf_ctx *ctx, const bf_val *a)
{
	return coord_extreme(ctx, a[0], 0, true);
}

bf_val bf_p_leftmost(bf_ctx *ctx, const bf_val *a)
{
	return coord_extreme(ctx, a[0], 1, false);
}

bf_val bf_p_rightmost(bf_ctx *ctx, const bf_val *a)
{
	return coord_extreme(ctx, a[0], 1, true);
}

bf_val bf_p_normalize(bf_ctx *ctx, const bf_val *a)
{
	bf_val patch = a[0];
	if (bf_py_len(ctx, patch) == 0)
		return patch;
	bf_val up = bf_py_neg(ctx, coord_extreme(ctx, patch, 0, false));
	bf_val left = bf_py_neg(ctx, coord_extreme(ctx, patch, 1, false));
	return shift_by(ctx, patch, bf_tuple2(ctx, up, left));
}

/* height(): len of a grid, lowermost - uppermost + 1 of anything else. */
static bf_val height_of(bf_ctx *ctx, bf_val piece)
{
	if (bf_py_len(ctx, piece) == 0)
		return bf_int(0);
	if (piece.kind == BF_TUPLE)
		return bf_int(piece.u.t->n);
	bf_val low = coord_extreme(ctx, piece, 0, true);
	bf_val up = coord_extreme(ctx, piece, 0, false);
	return add_int(ctx, bf_py_sub(ctx, low, up), 1);
}

static bf_val width_of(bf_ctx *ctx, bf_val piece)
{
	if (bf_py_len(ctx, piece) == 0)
		return bf_int(0);
	if (piece.kind == BF_TUPLE)
		return bf_int(bf_py_len(ctx, bf_py_getitem(ctx, piece, 0)));
	bf_val right = coord_extreme(ctx, piece, 1, true);
	bf_val left = coord_extreme(ctx, piece, 1, false);
	return add_int(ctx, bf_py_sub(ctx, right, left), 1);
}

bf_val bf_p_height(bf_ctx *ctx, const bf_val *a)
{
	return height_of(ctx, a[0]);
}

bf_val bf_p_width(bf_ctx *ctx, const bf_val *a)
{
	return width_of(ctx, a[0]);
}

bf_val bf_p_shape(bf_ctx *ctx, const bf_val *a)
{
	bf_val h = height_of(ctx, a[0]);
	return bf_tuple2(ctx, h, width_of(ctx, a[0]));
}

bf_val bf_p_portrait(bf_ctx *ctx, const bf_val *a)
{
	bf_val h = height_of(ctx, a[0]);
	return bf_bool(bf_gt(ctx, h, width_of(ctx, a[0])));
}

bf_val bf_p_square(bf_ctx *ctx, const bf_val *a)
{
	bf_val piece = a[0];
	if (piece.kind == BF_TUPLE) {
		int64_t rows = piece.u.t->n;
		return bf_bool(rows == bf_py_len(ctx, bf_py_getitem(ctx, piece, 0)));
	}
	bf_val h = height_of(ctx, piece);
	bf_val area = bf_py_mul(ctx, h, width_of(ctx, piece));
	if (!bf_py_eq(ctx, area, bf_int(bf_py_len(ctx, piece))))
		return bf_bool(false);
	h = height_of(ctx, piece);
	return bf_bool(bf_py_eq(ctx, h, width_of(ctx, piece)));
}

/* vline (vertical=true): height == len and width == 1; hline the mirror. */
static bf_val is_line(bf_ctx *ctx, bf_val patch, bool vertical)
{
	bf_val along = vertical ? height_of(ctx, patch) : width_of(ctx, patch);
	if (!bf_py_eq(ctx, along, bf_int(bf_py_len(ctx, patch))))
		return bf_bool(false);
	bf_val across = vertical ? width_of(ctx, patch) : height_of(ctx, patch);
	return bf_bool(bf_py_eq(ctx, across, bf_int(1)));
}

bf_val bf_p_vline(bf_ctx *ctx, const bf_val *a)
{
	return is_line(ctx, a[0], true);
}

bf_val bf_p_hline(bf_ctx *ctx, const bf_val *a)
{
	return is_line(ctx, a[0], false);
}

/* ---- neighbourhoods ---- */

/* frozenset({four points}): a set display, then frozenset() of it. */
static bf_val four_points(bf_ctx *ctx, const bf_val *pts)
{
	bf_val s = bf_set_new(ctx);
	for (int k = 0; k < 4; k++)
		bf_set_add(ctx, s, pts[k]);
	return bf_set_copy(ctx, s, true);
}

/* The four points (loc[0] + di[k], loc[1] + dj[k]), evaluated in source
 * order; a zero offset keeps loc[x] itself (so True stays True). */
static bf_val offsets(bf_ctx *ctx, bf_val loc, const int *di, const int *dj)
{
	bf_val pts[4];
	for (int k = 0; k < 4; k++) {
		bf_val i = bf_py_getitem(ctx, loc, 0);
		if (di[k])
			i = add_int(ctx, i, di[k]);
		bf_val j = bf_py_getitem(ctx, loc, 1);
		if (dj[k])
			j = add_int(ctx, j, dj[k]);
		pts[k] = bf_tuple2(ctx, i, j);
	}
	return four_points(ctx, pts);
}

/* Python writes loc[0] - 1 where we add -1: the same int, and the same
 * TypeError class for a non-int. */
static const int D_DI[4] = {-1, 1, 0, 0}, D_DJ[4] = {0, 0, -1, 1};
static const int I_DI[4] = {-1, -1, 1, 1}, I_DJ[4] = {-1, 1, -1, 1};

bf_val bf_p_dneighbors(bf_ctx *ctx, const bf_val *a)
{
	return offsets(ctx, a[0], D_DI, D_DJ);
}

bf_val bf_p_ineighbors(bf_ctx *ctx, const bf_val *a)
{
	return offsets(ctx, a[0], I_DI, I_DJ);
}

bf_val bf_p_neighbors(bf_ctx *ctx, const bf_val *a)
{
	bf_val d = offsets(ctx, a[0], D_DI, D_DJ);
	return bf_set_or(ctx, d, offsets(ctx, a[0], I_DI, I_DJ));
}

/* ---- relations between two patches ---- */

/* set(c for i, j in toindices(patch)), c = i or j. */
static bf_val coord_set(bf_ctx *ctx, bf_val patch, int coord)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, indices_of(ctx, patch), &n);
	bf_val s = bf_set_new(ctx);
	for (int64_t k = 0; k < n; k++) {
		bf_val i, j;
		bf_py_unpack2(ctx, it[k], &i, &j);
		bf_set_add(ctx, s, coord ? j : i);
	}
	return s;
}

static bool matching(bf_ctx *ctx, bf_val a, bf_val b, int coord)
{
	bf_val sa = coord_set(ctx, a, coord);
	bf_val sb = coord_set(ctx, b, coord);
	return bf_set_len(bf_set_and(ctx, sa, sb)) > 0;
}

bf_val bf_p_hmatching(bf_ctx *ctx, const bf_val *a)
{
	return bf_bool(matching(ctx, a[0], a[1], 0));
}

bf_val bf_p_vmatching(bf_ctx *ctx, const bf_val *a)
{
	return bf_bool(matching(ctx, a[0], a[1], 1));
}

/* Items that are all (int, int) pairs small enough that |di| + |dj| fits. */
#define SMALL_COORD ((int64_t)1 << 61)
static bool all_small_pairs(const bf_val *it, int64_t n)
{
	for (int64_t k = 0; k < n; k++) {
		bf_val v = it[k];
		if (v.kind != BF_TUPLE || v.u.t->n != 2 || !(v.u.t->flags & BF_TF_ALLINT))
			return false;
		int64_t i = v.u.t->it[0].u.i, j = v.u.t->it[1].u.i;
		if (i <= -SMALL_COORD || i >= SMALL_COORD || j <= -SMALL_COORD ||
		    j >= SMALL_COORD)
			return false;
	}
	return true;
}

static int64_t iabs(int64_t x)
{
	return x < 0 ? -x : x;
}

/* min(abs(ai - bi) + abs(aj - bj) for ai, aj in toindices(a)
 *     for bi, bj in toindices(b)).  toindices(b) is evaluated inside the
 * loop, so an empty a never looks at b at all. */
static bf_val manhattan_of(bf_ctx *ctx, bf_val pa, bf_val pb)
{
	int64_t na, nb = 0;
	const bf_val *ia = bf_py_items(ctx, indices_of(ctx, pa), &na);
	const bf_val *ib = NULL;
	if (na > 0 && all_small_pairs(ia, na)) {
		ib = bf_py_items(ctx, indices_of(ctx, pb), &nb);
		if (all_small_pairs(ib, nb)) {
			int64_t best = INT64_MAX;
			for (int64_t x = 0; x < na; x++) {
				bf_work(ctx, (uint64_t)nb);
				int64_t ai = ia[x].u.t->it[0].u.i, aj = ia[x].u.t->it[1].u.i;
				for (int64_t y = 0; y < nb; y++) {
					int64_t d = iabs(ai - ib[y].u.t->it[0].u.i) +
						    iabs(aj - ib[y].u.t->it[1].u.i);
					if (d < best)
						best = d;
				}
			}
			if (nb == 0)
				bf_raise(ctx, "ValueError: min() arg is an empty sequence");
			return bf_int(best);
		}
	}
	bool have = false;
	bf_val best = bf_none();
	for (int64_t x = 0; x < na; x++) {
		bf_val ai, aj;
		bf_py_unpack2(ctx, ia[x], &ai, &aj);
		if (!ib)
			ib = bf_py_items(ctx, indices_of(ctx, pb), &nb);
		bf_work(ctx, (uint64_t)nb);
		for (int64_t y = 0; y < nb; y++) {
			bf_val bi, bj;
			bf_py_unpack2(ctx, ib[y], &bi, &bj);
			bf_val di = bf_py_abs(ctx, bf_py_sub(ctx, ai, bi));
			bf_val d = bf_py_add(ctx, di, bf_py_abs(ctx, bf_py_sub(ctx, aj, bj)));
			if (!have || bf_lt(ctx, d, best))
				best = d;
			have = true;
		}
	}
	if (!have)
		bf_raise(ctx, "ValueError: min() arg is an empty sequence");
	return best;
}

bf_val bf_p_manhattan(bf_ctx *ctx, const bf_val *a)
{
	return manhattan_of(ctx, a[0], a[1]);
}

static bool adjacent_of(bf_ctx *ctx, bf_val a, bf_val b)
{
	return bf_py_eq(ctx, manhattan_of(ctx, a, b), bf_int(1));
}

bf_val bf_p_adjacent(bf_ctx *ctx, const bf_val *a)
{
	return bf_bool(adjacent_of(ctx, a[0], a[1]));
}

bf_val bf_p_bordering(bf_ctx *ctx, const bf_val *a)
{
	bf_val patch = a[0], grid = a[1];
	if (bf_py_eq(ctx, coord_extreme(ctx, patch, 0, false), bf_int(0)))
		return bf_bool(true);
	if (bf_py_eq(ctx, coord_extreme(ctx, patch, 1, false), bf_int(0)))
		return bf_bool(true);
	bf_val low = coord_extreme(ctx, patch, 0, true);
	if (bf_py_eq(ctx, low, bf_int(bf_py_len(ctx, grid) - 1)))
		return bf_bool(true);
	bf_val right = coord_extreme(ctx, patch, 1, true);
	int64_t w = bf_py_len(ctx, bf_py_getitem(ctx, grid, 0));
	return bf_bool(bf_py_eq(ctx, right, bf_int(w - 1)));
}

bf_val bf_p_centerofmass(bf_ctx *ctx, const bf_val *a)
{
	zipped z;
	zip_star(ctx, indices_of(ctx, a[0]), &z);
	bf_tuple *t = bf_tuple_alloc(ctx, z.ncols);
	for (int64_t c = 0; c < z.ncols; c++) {
		bf_val sum = bf_int(0);
		bf_work(ctx, (uint64_t)z.nrows);
		for (int64_t k = 0; k < z.nrows; k++)
			sum = bf_py_add(ctx, sum, z.rows[k][c]);
		t->it[c] = bf_py_floordiv(ctx, sum, bf_int(bf_py_len(ctx, a[0])));
	}
	return bf_tuple_seal(t);
}

/* ---- center() of an Object without its six index sets ----
 *
 * center() asks uppermost, lowermost, leftmost and rightmost (height and
 * width ask two each): six toindices() sets built and walked for one pair
 * of ints, 58 % of a 400-solver run over forty training tasks in one
 * solver (solve_d22278a0).  For a well-formed Object of up to
 * CENTER_FAST_MAX cells the answer is read off its cells at once and the
 * six builds are charged on a charge run (charge_run.h) -- the same raw
 * elements at the same rate, the same allocations' units, bytes and share
 * of the ceiling -- when all of it fits under the budget and the ceiling;
 * otherwise the sets are built for real, so a stop falls where it always
 * did (where duplicates sit among the adds decides it).
 * tests/test_prim_patch.c compares both ways, charges included. */
#define CENTER_FAST_MAX 4096
#define CENTER_COORD_LIMIT ((int64_t)1 << 30)
/* 4,096 distinct indices stay in tables of 8,192 slots, under the 2^15
 * from which an add is charged dearer (bf_set_work): adds at one rate */
_Static_assert(CENTER_FAST_MAX * 5 < 8191 * 3, "center's sets outgrow 8,192 slots");

/* coord_extreme() of an Object of n cells with d distinct indices, on a
 * charge run: the Object's listing, set() (8 slots), n adds of an (i, j)
 * (1 + 2 items hashed), a new table at each growth (where set_add_entry
 * grows one), the new set's listing and the walk of it. */
static void extreme_charges(bf_charge_run *r, int64_t n, int64_t d)
{
	bf_run_work(r, bf_run_units_of(r, -1, (uint64_t)n / 4));
	bf_run_alloc(r, (size_t)n * sizeof(bf_val));
	bf_run_alloc(r, sizeof(bf_set));
	bf_run_work(r, bf_run_units_of(r, -1, 1 + 8 / 16));
	bf_run_alloc(r, 8 * sizeof(bf_entry));
	bf_run_work(r, bf_run_units_of(r, -1, 3 * (uint64_t)n));
	for (int64_t size = 8;;) {
		int64_t grow_at = ((size - 1) * 3 + 4) / 5; /* the first fill with fill*5 >= mask*3 */
		if (grow_at > d)
			break;
		size = bf_set_grown_size(grow_at);
		bf_run_work(r, bf_run_units_of(r, -1, 1 + (uint64_t)size / 16));
		bf_run_alloc(r, (size_t)size * sizeof(bf_entry));
	}
	bf_run_work(r, bf_run_units_of(r, -1, (uint64_t)d / 4));
	bf_run_alloc(r, (size_t)d * sizeof(bf_val));
	bf_run_work(r, bf_run_units_of(r, -1, (uint64_t)d));
}

/* The charges of `builds` builds (center's six, an extreme's one) for n
 * cells, d of them distinct, at rate: the same for every Object of that
 * size, so worked out once (solve_d22278a0 asks center() millions of
 * times of a few sizes). */
typedef struct build_charge {
	int64_t n, d;
	uint32_t rate;
	int builds;
	bf_charge_run run; /* begun at zero */
} build_charge;

static const bf_charge_run *build_charges(int64_t n, int64_t d, uint32_t rate, int builds)
{
	static build_charge memo[64];
	build_charge *c = &memo[(uint64_t)(n * 67 + d * 7 + builds) % 64];
	if (c->n != n || c->d != d || c->rate != rate || c->builds != builds) {
		c->n = n;
		c->d = d;
		c->rate = rate;
		c->builds = builds;
		bf_run_zero(&c->run, rate);
		for (int k = 0; k < builds; k++)
			extreme_charges(&c->run, n, d);
	}
	return &c->run;
}

/* The number of distinct (i, j) among n, packed as one word each. */
static int64_t distinct_cells(const uint64_t *key, int64_t n)
{
	uint64_t table[2 * CENTER_FAST_MAX];
	uint64_t mask = 15;
	while (mask + 1 < (uint64_t)n * 2)
		mask = mask * 2 + 1;
	memset(table, 0xff, (mask + 1) * sizeof(uint64_t));
	int64_t d = 0;
	for (int64_t k = 0; k < n; k++) {
		uint64_t h = key[k] * 0x9e3779b97f4a7c15ull;
		uint64_t i = h >> 40;
		for (;; i++) {
			uint64_t *e = &table[i & mask];
			if (*e == key[k])
				break;
			if (*e == UINT64_MAX) {
				*e = key[k];
				d++;
				break;
			}
		}
	}
	return d;
}

/* The cells of a well-formed Object of 1 to CENTER_FAST_MAX cells, ints
 * for coordinates: each (i, j) packed in key[], the extents, and their
 * number; false for anything else.  Comparing two equal pairs at the
 * recursion limit would raise RecursionError in the real builds, so at
 * the limit the builds are made. */
typedef struct extents {
	int64_t n, i0, i1, j0, j1;
} extents;

static bool object_extents(const bf_ctx *ctx, bf_val patch, uint64_t *key, extents *x)
{
	if (patch.kind != BF_FSET || patch.u.s->used < 1 || patch.u.s->used > CENTER_FAST_MAX ||
	    ctx->depth >= BF_MAX_DEPTH - 1)
		return false;
	const bf_set *s = patch.u.s;
	int64_t n = 0;
	for (int64_t slot = 0; slot <= s->mask; slot++) {
		bf_val e = s->table[slot].key;
		if (e.kind <= BF_DUMMY)
			continue;
		if (e.kind != BF_TUPLE || e.u.t->n != 2 || e.u.t->it[1].kind != BF_TUPLE)
			return false;
		const bf_tuple *ij = e.u.t->it[1].u.t;
		if (ij->n != 2 || ij->it[0].kind != BF_INT || ij->it[1].kind != BF_INT)
			return false;
		int64_t i = ij->it[0].u.i, j = ij->it[1].u.i;
		if (i <= -CENTER_COORD_LIMIT || i >= CENTER_COORD_LIMIT || j <= -CENTER_COORD_LIMIT ||
		    j >= CENTER_COORD_LIMIT)
			return false;
		if (n == 0 || i < x->i0)
			x->i0 = i;
		if (n == 0 || i > x->i1)
			x->i1 = i;
		if (n == 0 || j < x->j0)
			x->j0 = j;
		if (n == 0 || j > x->j1)
			x->j1 = j;
		key[n++] = (uint64_t)(i + CENTER_COORD_LIMIT) << 32 | (uint64_t)(j + CENTER_COORD_LIMIT);
	}
	x->n = n;
	return true;
}

/* The extents of a well-formed Object (object_extents), with `builds`
 * of coord_extreme()'s build charged at once; false, nothing charged,
 * for anything else or when the charge could stop the program (the real
 * builds then stop where they stop). */
static bool extents_fast(bf_ctx *ctx, bf_val patch, int builds, extents *x)
{
	uint64_t key[CENTER_FAST_MAX];
	if (!object_extents(ctx, patch, key, x))
		return false;
	int64_t d = distinct_cells(key, x->n);
	bf_charge_run run;
	bf_run_begin(&run, ctx);
	if (!bf_run_add_whole(&run, build_charges(x->n, d, ctx->rate, builds)))
		return false;
	bf_run_commit(ctx, &run);
	return true;
}

/* center(patch): the six builds of its two extremes, height and width */
static bool center_fast(bf_ctx *ctx, bf_val patch, bf_val *out)
{
	extents x;
	if (!extents_fast(ctx, patch, 6, &x))
		return false;
	/* Python's // of a positive height or width by 2 */
	*out = bf_tuple2(ctx, bf_int(x.i0 + (x.i1 - x.i0 + 1) / 2), bf_int(x.j0 + (x.j1 - x.j0 + 1) / 2));
	return true;
}

/* coord_extreme(): one build (the extreme of ints is the same in any
 * order) */
static bool extreme_fast(bf_ctx *ctx, bf_val patch, int coord, bool want_max, bf_val *out)
{
	extents x;
	if (!extents_fast(ctx, patch, 1, &x))
		return false;
	*out = bf_int(coord ? (want_max ? x.j1 : x.j0) : (want_max ? x.i1 : x.i0));
	return true;
}

/* Whether center_of() and coord_extreme() may take their shortcuts
 * (tests compare both ways). */
bool bf_center_fast = true;

static bf_val center_of(bf_ctx *ctx, bf_val patch)
{
	bf_val r;
	if (bf_center_fast && center_fast(ctx, patch, &r))
		return r;
	bf_val up = coord_extreme(ctx, patch, 0, false);
	bf_val i = bf_py_add(ctx, up, bf_py_floordiv(ctx, height_of(ctx, patch), bf_int(2)));
	bf_val left = coord_extreme(ctx, patch, 1, false);
	bf_val j = bf_py_add(ctx, left, bf_py_floordiv(ctx, width_of(ctx, patch), bf_int(2)));
	return bf_tuple2(ctx, i, j);
}

bf_val bf_p_center(bf_ctx *ctx, const bf_val *a)
{
	return center_of(ctx, a[0]);
}

/* 1 if x < y else -1 */
static bf_val step_towards(bf_ctx *ctx, bf_val x, bf_val y)
{
	return bf_int(bf_lt(ctx, x, y) ? 1 : -1);
}

bf_val bf_p_position(bf_ctx *ctx, const bf_val *a)
{
	bf_val ca = center_of(ctx, indices_of(ctx, a[0]));
	bf_val cb = center_of(ctx, indices_of(ctx, a[1]));
	bf_val ia = ca.u.t->it[0], ja = ca.u.t->it[1];
	bf_val ib = cb.u.t->it[0], jb = cb.u.t->it[1];
	if (bf_py_eq(ctx, ia, ib))
		return bf_tuple2(ctx, bf_int(0), step_towards(ctx, ja, jb));
	if (bf_py_eq(ctx, ja, jb))
		return bf_tuple2(ctx, step_towards(ctx, ia, ib), bf_int(0));
	if (bf_lt(ctx, ia, ib))
		return bf_tuple2(ctx, bf_int(1), step_towards(ctx, ja, jb));
	if (bf_gt(ctx, ia, ib))
		return bf_tuple2(ctx, bf_int(-1), step_towards(ctx, ja, jb));
	return bf_none();
}

bf_val bf_p_gravitate(bf_ctx *ctx, const bf_val *a)
{
	bf_val source = a[0], dest = a[1];
	bf_val cs = center_of(ctx, source);
	bf_val cd = center_of(ctx, dest);
	int64_t i = 0, j = 0;
	if (matching(ctx, source, dest, 1))
		i = bf_lt(ctx, cs.u.t->it[0], cd.u.t->it[0]) ? 1 : -1;
	else
		j = bf_lt(ctx, cs.u.t->it[1], cd.u.t->it[1]) ? 1 : -1;
	int64_t gi = i, gj = j;
	bf_val step = bf_pair_ii(ctx, i, j);
	/* Python asks adjacent() before c < 42, so 43 times at most */
	for (int c = 0; !adjacent_of(ctx, source, dest) && c < 42; c++) {
		gi += i;
		gj += j;
		source = shift_by(ctx, source, step);
	}
	return bf_pair_ii(ctx, gi - i, gj - j);
}

bf_val bf_p_corners(bf_ctx *ctx, const bf_val *a)
{
	bf_val pts[4];
	pts[0] = corner(ctx, a[0], false, false, false);
	pts[1] = corner(ctx, a[0], false, true, true);
	pts[2] = corner(ctx, a[0], true, false, true);
	pts[3] = corner(ctx, a[0], true, true, false);
	return four_points(ctx, pts);
}

/* ---- lines ---- */

/* a - b == c - d */
static bool diff_eq(bf_ctx *ctx, bf_val a, bf_val b, bf_val c, bf_val d)
{
	bf_val x = bf_py_sub(ctx, a, b);
	return bf_py_eq(ctx, x, bf_py_sub(ctx, c, d));
}

static bf_val connect_of(bf_ctx *ctx, bf_val a, bf_val b)
{
	bf_val ai, aj, bi, bj;
	bf_py_unpack2(ctx, a, &ai, &aj);
	bf_py_unpack2(ctx, b, &bi, &bj);
	bf_val si = min2(ctx, ai, bi);
	bf_val ei = add_int(ctx, max2(ctx, ai, bi), 1);
	bf_val sj = min2(ctx, aj, bj);
	bf_val ej = add_int(ctx, max2(ctx, aj, bj), 1);
	bf_val s = bf_set_new(ctx);
	if (bf_py_eq(ctx, ai, bi)) {
		int64_t lo = bf_py_range_arg(ctx, sj), hi = bf_py_range_arg(ctx, ej);
		for (int64_t j = lo; j < hi; j++)
			bf_set_add(ctx, s, bf_tuple2(ctx, ai, bf_int(j)));
	} else if (bf_py_eq(ctx, aj, bj)) {
		int64_t lo = bf_py_range_arg(ctx, si), hi = bf_py_range_arg(ctx, ei);
		for (int64_t i = lo; i < hi; i++)
			bf_set_add(ctx, s, bf_tuple2(ctx, bf_int(i), aj));
	} else if (diff_eq(ctx, bi, ai, bj, aj)) {
		int64_t i = bf_py_range_arg(ctx, si), ihi = bf_py_range_arg(ctx, ei);
		int64_t j = bf_py_range_arg(ctx, sj), jhi = bf_py_range_arg(ctx, ej);
		for (; i < ihi && j < jhi; i++, j++)
			bf_set_add(ctx, s, bf_pair_ii(ctx, i, j));
	} else if (diff_eq(ctx, bi, ai, aj, bj)) {
		int64_t i = bf_py_range_arg(ctx, si), ihi = bf_py_range_arg(ctx, ei);
		int64_t j = bf_py_range_arg(ctx, add_int(ctx, ej, -1));
		int64_t jlo = bf_py_range_arg(ctx, add_int(ctx, sj, -1));
		for (; i < ihi && j > jlo; i++, j--)
			bf_set_add(ctx, s, bf_pair_ii(ctx, i, j));
	}
	return bf_set_seal(s);
}

bf_val bf_p_connect(bf_ctx *ctx, const bf_val *a)
{
	return connect_of(ctx, a[0], a[1]);
}

bf_val bf_p_shoot(bf_ctx *ctx, const bf_val *a)
{
	bf_val start = a[0], dir = a[1];
	bf_val fortytwo = bf_int(42);
	bf_val s0 = bf_py_getitem(ctx, start, 0);
	bf_val i = bf_py_add(ctx, s0, bf_py_mul(ctx, fortytwo, bf_py_getitem(ctx, dir, 0)));
	bf_val s1 = bf_py_getitem(ctx, start, 1);
	bf_val j = bf_py_add(ctx, s1, bf_py_mul(ctx, fortytwo, bf_py_getitem(ctx, dir, 1)));
	return connect_of(ctx, start, bf_tuple2(ctx, i, j));
}

/* frozenset((i, loc[1]) for i in range(30)) or its row twin. */
static bf_val frontier(bf_ctx *ctx, bf_val loc, bool vertical)
{
	bf_val s = bf_set_new(ctx);
	for (int64_t k = 0; k < 30; k++) {
		bf_val fixed = bf_py_getitem(ctx, loc, vertical ? 1 : 0);
		bf_set_add(ctx, s, vertical ? bf_tuple2(ctx, bf_int(k), fixed)
					    : bf_tuple2(ctx, fixed, bf_int(k)));
	}
	return bf_set_seal(s);
}

bf_val bf_p_vfrontier(bf_ctx *ctx, const bf_val *a)
{
	return frontier(ctx, a[0], true);
}

bf_val bf_p_hfrontier(bf_ctx *ctx, const bf_val *a)
{
	return frontier(ctx, a[0], false);
}

/* ---- boxes ---- */

static bf_val backdrop_of(bf_ctx *ctx, bf_val patch)
{
	if (bf_py_len(ctx, patch) == 0)
		return bf_fset_empty(ctx);
	bf_val si, sj, ei, ej;
	bf_py_unpack2(ctx, corner(ctx, indices_of(ctx, patch), false, false, false), &si, &sj);
	bf_py_unpack2(ctx, corner(ctx, patch, true, true, false), &ei, &ej);
	bf_val s = bf_set_new(ctx);
	bf_val istop = add_int(ctx, ei, 1);
	int64_t ilo = bf_py_range_arg(ctx, si), ihi = bf_py_range_arg(ctx, istop);
	for (int64_t i = ilo; i < ihi; i++) {
		/* the inner range is rebuilt per row, as in the generator */
		bf_val jstop = add_int(ctx, ej, 1);
		int64_t jlo = bf_py_range_arg(ctx, sj), jhi = bf_py_range_arg(ctx, jstop);
		for (int64_t j = jlo; j < jhi; j++)
			bf_set_add(ctx, s, bf_pair_ii(ctx, i, j));
	}
	return bf_set_seal(s);
}

bf_val bf_p_backdrop(bf_ctx *ctx, const bf_val *a)
{
	return backdrop_of(ctx, a[0]);
}

bf_val bf_p_delta(bf_ctx *ctx, const bf_val *a)
{
	if (bf_py_len(ctx, a[0]) == 0)
		return bf_fset_empty(ctx);
	bf_val back = backdrop_of(ctx, a[0]);
	return bf_py_sub(ctx, back, indices_of(ctx, a[0]));
}

/* {(i, fixed) for i in range(lo, hi + 1)} (as_col) or
 * {(fixed, j) for j in range(lo, hi + 1)}: a set comprehension. */
static bf_val edge(bf_ctx *ctx, bf_val lo, bf_val hi, bf_val fixed, bool as_col)
{
	bf_val stop = add_int(ctx, hi, 1);
	int64_t from = bf_py_range_arg(ctx, lo), to = bf_py_range_arg(ctx, stop);
	bf_val s = bf_set_new(ctx);
	for (int64_t k = from; k < to; k++)
		bf_set_add(ctx, s, as_col ? bf_tuple2(ctx, bf_int(k), fixed)
					  : bf_tuple2(ctx, fixed, bf_int(k)));
	return s;
}

/* The outline of the rectangle spanned by (ai, aj) and (bi, bj), built as
 * arc-dsl builds it: vlines | hlines, each the union of two comprehensions,
 * then frozenset() of the result. */
static bf_val outline(bf_ctx *ctx, bf_val ai, bf_val aj, bf_val bi, bf_val bj)
{
	bf_val si = min2(ctx, ai, bi), sj = min2(ctx, aj, bj);
	bf_val ei = max2(ctx, ai, bi), ej = max2(ctx, aj, bj);
	bf_val left = edge(ctx, si, ei, sj, true);
	bf_val vlines = bf_set_or(ctx, left, edge(ctx, si, ei, ej, true));
	bf_val top = edge(ctx, sj, ej, si, false);
	bf_val hlines = bf_set_or(ctx, top, edge(ctx, sj, ej, ei, false));
	return bf_set_copy(ctx, bf_set_or(ctx, vlines, hlines), true);
}

/* inbox (k = 1) and outbox (k = -1): the outline of the bounding box
 * shrunk or grown by one. */
static bf_val ring(bf_ctx *ctx, bf_val patch, int64_t k)
{
	bf_val ai = add_int(ctx, coord_extreme(ctx, patch, 0, false), k);
	bf_val aj = add_int(ctx, coord_extreme(ctx, patch, 1, false), k);
	bf_val bi = add_int(ctx, coord_extreme(ctx, patch, 0, true), -k);
	bf_val bj = add_int(ctx, coord_extreme(ctx, patch, 1, true), -k);
	return outline(ctx, ai, aj, bi, bj);
}

bf_val bf_p_inbox(bf_ctx *ctx, const bf_val *a)
{
	return ring(ctx, a[0], 1);
}

bf_val bf_p_outbox(bf_ctx *ctx, const bf_val *a)
{
	return ring(ctx, a[0], -1);
}

bf_val bf_p_box(bf_ctx *ctx, const bf_val *a)
{
	bf_val patch = a[0];
	if (bf_py_len(ctx, patch) == 0)
		return patch;
	bf_val ai, aj, bi, bj;
	bf_py_unpack2(ctx, corner(ctx, patch, false, false, false), &ai, &aj);
	bf_py_unpack2(ctx, corner(ctx, patch, true, true, false), &bi, &bj);
	return outline(ctx, ai, aj, bi, bj);
}

/*
 * prim_grid.c -- the grid primitives of arc-dsl: colours of a grid or
 * object, conversions between grids, indices and objects, rotations and
 * mirrors, painting, scaling, splitting and cropping.
 *
 * A grid is a tuple of tuples.  The common case (a tuple whose rows are
 * tuples, flagged BF_TF_ALLINT) takes a direct path over the item arrays;
 * everything else (ragged rows, rows that are frozensets, empty grids,
 * objects where a grid was meant, None) follows the order of evaluation of
 * dsl.py so that it gives CPython's value or raises CPython's exception.
 * Frozensets are built with the same sequence of set operations the Python
 * code performs, so their iteration order is CPython's.
 *
 * hmirror, vmirror, dmirror, cmirror, subgrid, upscale and move need
 * toindices, ulcorner, lrcorner, shape and shift of the patch group; they use
 * local copies here (same semantics) so this file does not depend on that
 * group's progress.  Called from the evaluator through prim_registry.c.
 */
#include <string.h>

#include "battfarm/func.h"
#include "prims.h"
#include "pyops.h"
#include "pyset.h"

/* ---------------------------------------------------------------- helpers */

/* Charge n units, capped so a product that is absurdly large still
 * exhausts any realistic budget without wrapping the counter. */
static void charge(bf_ctx *ctx, uint64_t n)
{
	const uint64_t cap = (uint64_t)1 << 50;
	bf_work(ctx, n > cap ? cap : n);
}

/* a * b for sizes (both >= 0), saturating at INT64_MAX. */
static int64_t size_mul(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_mul_overflow(a, b, &r))
		return INT64_MAX;
	return r;
}

static bf_val wrap_tuple(bf_tuple *t, uint32_t flags)
{
	t->flags = flags;
	bf_val v = {BF_TUPLE, 0, {0}};
	v.u.t = t;
	return v;
}

static inline bool is_allint_tuple(bf_val v)
{
	return v.kind == BF_TUPLE && (v.u.t->flags & BF_TF_ALLINT);
}

/* v[j] for j >= 0, fast when v is a tuple long enough. */
static inline bf_val item_at(bf_ctx *ctx, bf_val v, int64_t j)
{
	if (v.kind == BF_TUPLE && j < v.u.t->n)
		return v.u.t->it[j];
	return bf_py_getitem(ctx, v, j);
}

static _Noreturn void not_subscriptable(bf_ctx *ctx, bf_val v)
{
	bf_raise(ctx, "TypeError: '%s' object is not subscriptable", bf_type_name(v));
}

/* A bound of a slice written by the program.  INT64_MIN is the pyops
 * marker for "left out"; as a stop it would mean the end, while the number
 * itself clamps to 0 -- so does INT64_MIN + 1. */
static int64_t slice_idx(bf_ctx *ctx, bf_val v)
{
	if (!bf_is_intlike(v))
		bf_raise(ctx, "TypeError: slice indices must be integers or None or have an "
			      "__index__ method");
	return v.u.i == INT64_MIN ? INT64_MIN + 1 : v.u.i;
}

/* Python's `0 <= i < h and 0 <= j < w`, short-circuit and all: a non-int
 * coordinate raises only when it is actually compared. */
static _Noreturn void le_error(bf_ctx *ctx, bf_val x)
{
	bf_raise(ctx, "TypeError: '<=' not supported between instances of 'int' and '%s'",
		 bf_type_name(x));
}

static inline bool in_bounds(bf_ctx *ctx, bf_val i, bf_val j, int64_t h, int64_t w)
{
	if (!bf_is_intlike(i))
		le_error(ctx, i);
	if (i.u.i < 0 || i.u.i >= h)
		return false;
	if (!bf_is_intlike(j))
		le_error(ctx, j);
	return j.u.i >= 0 && j.u.i < w;
}

/* The rows of something iterated as `for r in grid: for v in r`. */
typedef struct rview {
	bf_val src;        /* the row as given */
	const bf_val *it;  /* its items in iteration order */
	int64_t n;
	bool allint;       /* a tuple flagged all-int */
} rview;

/* Views of every row: grid and each row must be iterable (TypeError). */
static rview *row_views(bf_ctx *ctx, bf_val grid, int64_t *h)
{
	int64_t n;
	const bf_val *rows = bf_py_items(ctx, grid, &n);
	rview *v = bf_alloc(ctx, (size_t)(n ? n : 1) * sizeof(*v));
	bf_work(ctx, (uint64_t)n);
	for (int64_t i = 0; i < n; i++) {
		bf_val r = rows[i];
		v[i].src = r;
		if (r.kind == BF_TUPLE) {
			v[i].it = r.u.t->it;
			v[i].n = r.u.t->n;
			v[i].allint = (r.u.t->flags & BF_TF_ALLINT) != 0;
		} else {
			v[i].it = bf_py_items(ctx, r, &v[i].n);
			v[i].allint = false;
		}
	}
	*h = n;
	return v;
}

/* h, w = len(grid), len(grid[0]) */
static void grid_hw(bf_ctx *ctx, bf_val grid, int64_t *h, int64_t *w)
{
	*h = bf_py_len(ctx, grid);
	*w = bf_py_len(ctx, bf_py_getitem(ctx, grid, 0));
}

/* tuple(zip(*rows)), reading column L-1-k for output row k when flip
 * (which is what rot270 comes to). */
static bf_val zip_views(bf_ctx *ctx, const rview *v, int64_t nv, bool flip)
{
	if (nv == 0)
		return bf_empty_tuple(ctx);
	int64_t L = v[0].n;
	bool allint = true;
	for (int64_t r = 0; r < nv; r++) {
		if (v[r].n < L)
			L = v[r].n;
		allint = allint && v[r].allint;
	}
	charge(ctx, (uint64_t)size_mul(L, nv));
	bf_tuple *out = bf_tuple_alloc(ctx, L);
	for (int64_t k = 0; k < L; k++) {
		int64_t c = flip ? L - 1 - k : k;
		bf_tuple *t = bf_tuple_alloc(ctx, nv);
		for (int64_t r = 0; r < nv; r++)
			t->it[r] = v[r].it[c];
		out->it[k] = allint ? wrap_tuple(t, BF_TF_ALLINT) : bf_tuple_seal(t);
	}
	return bf_tuple_seal(out);
}

/* ------------------------------------------- local copies of patch prims */

/* isinstance(next(iter(piece))[1], tuple) */
static bool first_is_cell(bf_ctx *ctx, bf_val piece)
{
	return bf_py_getitem(ctx, bf_py_first(ctx, piece), 1).kind == BF_TUPLE;
}

/* ------------------------------------------------------------- colours */

/* max/min(set(values), key=values.count), values being the items of the
 * views rv[0..nr) in order. */
static bf_val pick_color(bf_ctx *ctx, const rview *rv, int64_t nr, bool want_max)
{
	int64_t n = 0;
	bool allint = true;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (int64_t r = 0; r < nr; r++) {
		n += rv[r].n;
		if (!allint)
			continue;
		for (int64_t k = 0; k < rv[r].n; k++) {
			bf_val v = rv[r].it[k];
			if (!bf_is_intlike(v)) {
				allint = false;
				break;
			}
			if (v.u.i < lo)
				lo = v.u.i;
			if (v.u.i > hi)
				hi = v.u.i;
		}
	}
	if (n == 0)
		bf_raise(ctx, "ValueError: %s() arg is an empty sequence", want_max ? "max" : "min");
	charge(ctx, (uint64_t)n);
	bf_val s = bf_set_new(ctx);
	int64_t *counts = NULL;
	if (allint && (uint64_t)hi - (uint64_t)lo < 4096) {
		/* Adding a value already present leaves the table as it is, so
		 * adding each distinct value once, in order of first
		 * appearance, gives set(values)'s layout. */
		int64_t span = hi - lo + 1;
		counts = bf_alloc(ctx, (size_t)span * sizeof(int64_t));
		memset(counts, 0, (size_t)span * sizeof(int64_t));
		for (int64_t r = 0; r < nr; r++)
			for (int64_t k = 0; k < rv[r].n; k++)
				if (counts[rv[r].it[k].u.i - lo]++ == 0)
					bf_set_add(ctx, s, rv[r].it[k]);
	} else {
		for (int64_t r = 0; r < nr; r++)
			for (int64_t k = 0; k < rv[r].n; k++)
				bf_set_add(ctx, s, rv[r].it[k]);
	}
	bf_val best = bf_none(), x;
	int64_t bestc = 0;
	bool have = false;
	BF_SET_FOREACH(s.u.s, x) {
		int64_t c = 0;
		if (counts) {
			c = counts[x.u.i - lo];
		} else {
			charge(ctx, (uint64_t)n);
			for (int64_t r = 0; r < nr; r++)
				for (int64_t k = 0; k < rv[r].n; k++)
					c += bf_py_eq(ctx, rv[r].it[k], x);
		}
		if (!have || (want_max ? c > bestc : c < bestc)) {
			best = x;
			bestc = c;
			have = true;
		}
	}
	return best;
}

/* values = [v for r in e for v in r] if tuple else [v for v, _ in e] */
static bf_val most_or_least(bf_ctx *ctx, bf_val e, bool want_max)
{
	int64_t n;
	if (e.kind == BF_TUPLE) {
		rview *rv = row_views(ctx, e, &n);
		return pick_color(ctx, rv, n, want_max);
	}
	const bf_val *it = bf_py_items(ctx, e, &n);
	bf_val *vals = bf_alloc(ctx, (size_t)(n ? n : 1) * sizeof(bf_val));
	for (int64_t k = 0; k < n; k++) {
		bf_val idx;
		bf_py_unpack2(ctx, it[k], &vals[k], &idx);
	}
	rview one = {e, vals, n, false};
	return pick_color(ctx, &one, 1, want_max);
}

bf_val bf_p_mostcolor(bf_ctx *ctx, const bf_val *a)
{
	return most_or_least(ctx, a[0], true);
}

bf_val bf_p_leastcolor(bf_ctx *ctx, const bf_val *a)
{
	return most_or_least(ctx, a[0], false);
}

bf_val bf_p_colorcount(bf_ctx *ctx, const bf_val *a)
{
	bf_val e = a[0], value = a[1];
	int64_t total = 0;
	if (e.kind == BF_TUPLE) {
		/* sum(row.count(value) for row in e) */
		for (int64_t i = 0; i < e.u.t->n; i++) {
			bf_val r = e.u.t->it[i];
			if (is_allint_tuple(r) && bf_is_intlike(value)) {
				bf_work(ctx, 1 + (uint64_t)r.u.t->n / 8);
				for (int64_t j = 0; j < r.u.t->n; j++)
					total += r.u.t->it[j].u.i == value.u.i;
			} else {
				total += bf_py_count(ctx, r, value);
			}
		}
		return bf_int(total);
	}
	int64_t n;
	const bf_val *it = bf_py_items(ctx, e, &n);
	bf_work(ctx, (uint64_t)n);
	for (int64_t k = 0; k < n; k++) {
		bf_val v, idx;
		bf_py_unpack2(ctx, it[k], &v, &idx);
		total += bf_py_eq(ctx, v, value);
	}
	return bf_int(total);
}

/* frozenset({v for ...}): a set comprehension, then a merge copy. */
static bf_val palette_of(bf_ctx *ctx, bf_val e)
{
	bf_val s = bf_set_new(ctx);
	uint64_t seen = 0; /* small ints already added: re-adding is a no-op */
	int64_t n;
	if (e.kind == BF_TUPLE) {
		rview *rv = row_views(ctx, e, &n);
		for (int64_t i = 0; i < n; i++) {
			bf_work(ctx, (uint64_t)rv[i].n);
			for (int64_t j = 0; j < rv[i].n; j++) {
				bf_val v = rv[i].it[j];
				if (bf_is_intlike(v) && (uint64_t)v.u.i < 64) {
					uint64_t bit = (uint64_t)1 << v.u.i;
					if (seen & bit)
						continue;
					seen |= bit;
				}
				bf_set_add(ctx, s, v);
			}
		}
	} else {
		const bf_val *it = bf_py_items(ctx, e, &n);
		for (int64_t k = 0; k < n; k++) {
			bf_val v, idx;
			bf_py_unpack2(ctx, it[k], &v, &idx);
			bf_set_add(ctx, s, v);
		}
	}
	return bf_set_copy(ctx, s, true);
}

bf_val bf_p_palette(bf_ctx *ctx, const bf_val *a)
{
	return palette_of(ctx, a[0]);
}

bf_val bf_p_numcolors(bf_ctx *ctx, const bf_val *a)
{
	return bf_int(bf_set_len(palette_of(ctx, a[0])));
}

bf_val bf_p_color(bf_ctx *ctx, const bf_val *a)
{
	return bf_py_getitem(ctx, bf_py_first(ctx, a[0]), 0);
}

/* ------------------------------------------ grids <-> indices, objects */

bf_val bf_p_asindices(bf_ctx *ctx, const bf_val *a)
{
	bf_val grid = a[0];
	int64_t h = bf_py_len(ctx, grid);
	/* a grid whose first row has a length: nothing below can raise */
	if (h > 0 && grid.kind == BF_TUPLE &&
	    (grid.u.t->it[0].kind == BF_TUPLE || bf_is_set(grid.u.t->it[0])))
		return bf_set_seal(bf_set_of_indices(ctx, h, bf_py_len(ctx, grid.u.t->it[0]), NULL));
	bf_val s = bf_set_new(ctx);
	if (h > 0) {
		int64_t w = bf_py_len(ctx, bf_py_getitem(ctx, grid, 0));
		for (int64_t i = 0; i < h; i++)
			for (int64_t j = 0; j < w; j++)
				bf_set_add(ctx, s, bf_pair_ii(ctx, i, j));
	}
	return bf_set_seal(s);
}

bf_val bf_p_ofcolor(bf_ctx *ctx, const bf_val *a)
{
	bf_val value = a[1];
	int64_t h;
	rview *rv = row_views(ctx, a[0], &h);
	bf_val s = bf_set_new(ctx);
	for (int64_t i = 0; i < h; i++) {
		bf_work(ctx, (uint64_t)rv[i].n);
		bool fast = rv[i].allint && bf_is_intlike(value);
		for (int64_t j = 0; j < rv[i].n; j++) {
			bf_val v = rv[i].it[j];
			if (fast ? v.u.i == value.u.i : bf_py_eq(ctx, v, value))
				bf_set_add(ctx, s, bf_pair_ii(ctx, i, j));
		}
	}
	return bf_set_seal(s);
}

bf_val bf_p_asobject(bf_ctx *ctx, const bf_val *a)
{
	int64_t h;
	rview *rv = row_views(ctx, a[0], &h);
	bf_val s = bf_set_new(ctx);
	for (int64_t i = 0; i < h; i++)
		for (int64_t j = 0; j < rv[i].n; j++)
			bf_set_add(ctx, s, bf_tuple2(ctx, rv[i].it[j], bf_pair_ii(ctx, i, j)));
	return bf_set_seal(s);
}

bf_val bf_p_toobject(bf_ctx *ctx, const bf_val *a)
{
	bf_val patch = a[0], grid = a[1];
	int64_t h, w;
	grid_hw(ctx, grid, &h, &w);
	bf_val ind = bf_p_toindices(ctx, &patch);
	int64_t n;
	const bf_val *it = bf_py_items(ctx, ind, &n);
	bf_val s = bf_set_new(ctx);
	for (int64_t k = 0; k < n; k++) {
		bf_val i, j;
		bf_py_unpack2(ctx, it[k], &i, &j);
		if (!in_bounds(ctx, i, j, h, w))
			continue;
		bf_val v = item_at(ctx, grid.u.t->it[i.u.i], j.u.i);
		bf_val ij = (i.kind == BF_INT && j.kind == BF_INT) ? bf_pair_ii(ctx, i.u.i, j.u.i)
								    : bf_tuple2(ctx, i, j);
		bf_set_add(ctx, s, bf_tuple2(ctx, v, ij));
	}
	return bf_set_seal(s);
}

/* --------------------------------------------------- rotations, mirrors */

static bf_val reversed_tuple(bf_ctx *ctx, bf_val v)
{
	return bf_py_slice(ctx, v, BF_SLICE_NONE, BF_SLICE_NONE, -1);
}

bf_val bf_p_rot90(bf_ctx *ctx, const bf_val *a)
{
	bf_val rev = reversed_tuple(ctx, a[0]);
	int64_t h;
	rview *rv = row_views(ctx, rev, &h);
	return zip_views(ctx, rv, h, false);
}

bf_val bf_p_rot180(bf_ctx *ctx, const bf_val *a)
{
	bf_val grid = a[0];
	if (grid.kind != BF_TUPLE)
		not_subscriptable(ctx, grid);
	int64_t h = grid.u.t->n;
	bf_tuple *out = bf_tuple_alloc(ctx, h);
	for (int64_t i = 0; i < h; i++)
		out->it[i] = reversed_tuple(ctx, grid.u.t->it[h - 1 - i]);
	return bf_tuple_seal(out);
}

bf_val bf_p_rot270(bf_ctx *ctx, const bf_val *a)
{
	bf_val grid = a[0];
	if (grid.kind != BF_TUPLE)
		not_subscriptable(ctx, grid);
	/* out[m][r] = grid[r][L-1-m]: zip over the rows in order, read
	 * from the last column */
	int64_t h;
	rview *rv = row_views(ctx, grid, &h);
	return zip_views(ctx, rv, h, true);
}

/* d - x for the mirrored coordinate of a patch cell. */
static bf_val mirror_patch(bf_ctx *ctx, bf_val piece, int axis)
{
	bf_val d = bf_none(), ca = bf_none(), cb = bf_none();
	if (axis < 2) {
		/* d = ulcorner(piece)[axis] + lrcorner(piece)[axis] */
		bf_val lo = bf_py_getitem(ctx, bf_p_ulcorner(ctx, &piece), axis);
		bf_val hi = bf_py_getitem(ctx, bf_p_lrcorner(ctx, &piece), axis);
		d = bf_py_add(ctx, lo, hi);
	} else {
		/* a, b = ulcorner(piece) */
		bf_py_unpack2(ctx, bf_p_ulcorner(ctx, &piece), &ca, &cb);
	}
	bool cells = first_is_cell(ctx, piece);
	int64_t n;
	const bf_val *it = bf_py_items(ctx, piece, &n);
	bf_val s = bf_set_new(ctx);
	for (int64_t k = 0; k < n; k++) {
		bf_val v = bf_none(), idx = it[k], i, j, ni, nj;
		if (cells)
			bf_py_unpack2(ctx, it[k], &v, &idx);
		bf_py_unpack2(ctx, idx, &i, &j);
		if (axis == 0) {
			ni = bf_py_sub(ctx, d, i);
			nj = j;
		} else if (axis == 1) {
			ni = i;
			nj = bf_py_sub(ctx, d, j);
		} else {
			/* (j - b + a, i - a + b) */
			ni = bf_py_add(ctx, bf_py_sub(ctx, j, cb), ca);
			nj = bf_py_add(ctx, bf_py_sub(ctx, i, ca), cb);
		}
		bf_val p = bf_tuple2(ctx, ni, nj);
		bf_set_add(ctx, s, cells ? bf_tuple2(ctx, v, p) : p);
	}
	return bf_set_seal(s);
}

static bf_val vmirror_of(bf_ctx *ctx, bf_val piece)
{
	if (piece.kind != BF_TUPLE)
		return mirror_patch(ctx, piece, 1);
	int64_t h = piece.u.t->n;
	bf_tuple *out = bf_tuple_alloc(ctx, h);
	for (int64_t i = 0; i < h; i++)
		out->it[i] = reversed_tuple(ctx, piece.u.t->it[i]);
	return bf_tuple_seal(out);
}

static bf_val dmirror_of(bf_ctx *ctx, bf_val piece)
{
	if (piece.kind != BF_TUPLE)
		return mirror_patch(ctx, piece, 2);
	int64_t h;
	rview *rv = row_views(ctx, piece, &h);
	return zip_views(ctx, rv, h, false);
}

bf_val bf_p_hmirror(bf_ctx *ctx, const bf_val *a)
{
	if (a[0].kind == BF_TUPLE)
		return reversed_tuple(ctx, a[0]);
	return mirror_patch(ctx, a[0], 0);
}

bf_val bf_p_vmirror(bf_ctx *ctx, const bf_val *a)
{
	return vmirror_of(ctx, a[0]);
}

bf_val bf_p_dmirror(bf_ctx *ctx, const bf_val *a)
{
	return dmirror_of(ctx, a[0]);
}

bf_val bf_p_cmirror(bf_ctx *ctx, const bf_val *a)
{
	bf_val piece = a[0];
	if (piece.kind != BF_TUPLE)
		return vmirror_of(ctx, dmirror_of(ctx, vmirror_of(ctx, piece)));
	/* tuple(zip(*(r[::-1] for r in piece[::-1]))) */
	int64_t h = piece.u.t->n;
	rview *rv = bf_alloc(ctx, (size_t)(h ? h : 1) * sizeof(*rv));
	for (int64_t i = 0; i < h; i++) {
		bf_val r = reversed_tuple(ctx, piece.u.t->it[h - 1 - i]);
		rv[i].src = r;
		rv[i].it = r.u.t->it;
		rv[i].n = r.u.t->n;
		rv[i].allint = (r.u.t->flags & BF_TF_ALLINT) != 0;
	}
	return zip_views(ctx, rv, h, false);
}

/* --------------------------------------------------- painting onto grids */

/* A copy of a grid being written: rows are shared with the input until
 * first written (the result is equal to Python's list-of-lists copy). */
typedef struct gedit {
	int64_t h, w;
	bf_val *rows;
	bool *own;
} gedit;

/* h, w = len(grid), len(grid[0]); g = [list(row) for row in grid] */
static void ge_open(bf_ctx *ctx, gedit *ge, bf_val grid)
{
	grid_hw(ctx, grid, &ge->h, &ge->w);
	int64_t h = ge->h;
	ge->rows = bf_alloc(ctx, (size_t)h * sizeof(bf_val));
	ge->own = bf_alloc(ctx, (size_t)h * sizeof(bool));
	bf_work(ctx, (uint64_t)h);
	for (int64_t i = 0; i < h; i++) {
		bf_val r = grid.u.t->it[i];
		if (r.kind == BF_TUPLE) {
			ge->rows[i] = r;
			ge->own[i] = false;
		} else {
			int64_t n;
			const bf_val *it = bf_py_items(ctx, r, &n);
			ge->rows[i] = bf_py_tuple_of(ctx, it, n);
			ge->own[i] = true;
		}
	}
}

/* g[i][j] for 0 <= i < h, 0 <= j; a short row raises as a list does. */
static bf_val ge_get(bf_ctx *ctx, gedit *ge, int64_t i, int64_t j)
{
	bf_tuple *t = ge->rows[i].u.t;
	if (j >= t->n)
		bf_raise(ctx, "IndexError: list index out of range");
	return t->it[j];
}

static void ge_set(bf_ctx *ctx, gedit *ge, int64_t i, int64_t j, bf_val v)
{
	bf_tuple *t = ge->rows[i].u.t;
	if (j >= t->n)
		bf_raise(ctx, "IndexError: list assignment index out of range");
	if (!ge->own[i]) {
		bf_tuple *c = bf_tuple_alloc(ctx, t->n);
		memcpy(c->it, t->it, (size_t)t->n * sizeof(bf_val));
		ge->rows[i] = wrap_tuple(c, 0);
		ge->own[i] = true;
		t = c;
	}
	t->it[j] = v;
	bf_work(ctx, 1);
}

/* tuple(tuple(row) for row in g) */
static bf_val ge_close(bf_ctx *ctx, gedit *ge)
{
	bf_tuple *out = bf_tuple_alloc(ctx, ge->h);
	for (int64_t i = 0; i < ge->h; i++) {
		if (ge->own[i]) {
			ge->rows[i].u.t->flags = 0;
			bf_tuple_seal(ge->rows[i].u.t);
		}
		out->it[i] = ge->rows[i];
	}
	return bf_tuple_seal(out);
}

/* fill / underfill: for i, j in toindices(patch) ... */
static bf_val fill_cells(bf_ctx *ctx, bf_val grid, bf_val value, bf_val patch, bool under)
{
	gedit ge;
	bf_val bg = bf_none();
	if (under) {
		int64_t h, w;
		grid_hw(ctx, grid, &h, &w);
		bg = most_or_least(ctx, grid, true);
	}
	ge_open(ctx, &ge, grid);
	bf_val ind = bf_p_toindices(ctx, &patch);
	int64_t n;
	const bf_val *it = bf_py_items(ctx, ind, &n);
	bf_work(ctx, (uint64_t)n);
	for (int64_t k = 0; k < n; k++) {
		bf_val i, j;
		bf_py_unpack2(ctx, it[k], &i, &j);
		if (!in_bounds(ctx, i, j, ge.h, ge.w))
			continue;
		if (under && !bf_py_eq(ctx, ge_get(ctx, &ge, i.u.i, j.u.i), bg))
			continue;
		ge_set(ctx, &ge, i.u.i, j.u.i, value);
	}
	return ge_close(ctx, &ge);
}

/* paint / underpaint: for value, (i, j) in obj ... */
static bf_val paint_cells(bf_ctx *ctx, bf_val grid, bf_val obj, bool under)
{
	gedit ge;
	bf_val bg = bf_none();
	if (under) {
		int64_t h, w;
		grid_hw(ctx, grid, &h, &w);
		bg = most_or_least(ctx, grid, true);
	}
	ge_open(ctx, &ge, grid);
	int64_t n;
	const bf_val *it = bf_py_items(ctx, obj, &n);
	bf_work(ctx, (uint64_t)n);
	for (int64_t k = 0; k < n; k++) {
		bf_val v, idx, i, j;
		bf_py_unpack2(ctx, it[k], &v, &idx);
		bf_py_unpack2(ctx, idx, &i, &j);
		if (!in_bounds(ctx, i, j, ge.h, ge.w))
			continue;
		if (under && !bf_py_eq(ctx, ge_get(ctx, &ge, i.u.i, j.u.i), bg))
			continue;
		ge_set(ctx, &ge, i.u.i, j.u.i, v);
	}
	return ge_close(ctx, &ge);
}

bf_val bf_p_fill(bf_ctx *ctx, const bf_val *a)
{
	return fill_cells(ctx, a[0], a[1], a[2], false);
}

bf_val bf_p_paint(bf_ctx *ctx, const bf_val *a)
{
	return paint_cells(ctx, a[0], a[1], false);
}

bf_val bf_p_underfill(bf_ctx *ctx, const bf_val *a)
{
	return fill_cells(ctx, a[0], a[1], a[2], true);
}

bf_val bf_p_underpaint(bf_ctx *ctx, const bf_val *a)
{
	return paint_cells(ctx, a[0], a[1], true);
}

/* fill(grid, mostcolor(grid), toindices(patch)) */
static bf_val cover_of(bf_ctx *ctx, bf_val grid, bf_val patch)
{
	bf_val bg = most_or_least(ctx, grid, true);
	bf_val ind = bf_p_toindices(ctx, &patch);
	return fill_cells(ctx, grid, bg, ind, false);
}

bf_val bf_p_cover(bf_ctx *ctx, const bf_val *a)
{
	return cover_of(ctx, a[0], a[1]);
}

bf_val bf_p_move(bf_ctx *ctx, const bf_val *a)
{
	bf_val covered = cover_of(ctx, a[0], a[1]);
	bf_val moved = bf_p_shift(ctx, a + 1); /* shift(obj, offset) */
	return paint_cells(ctx, covered, moved, false);
}

/* -------------------------------------------------------------- scaling */

/* Each item of `it` repeated f times (f >= 0), as one tuple. */
static bf_val stretch(bf_ctx *ctx, const bf_val *it, int64_t n, int64_t f, bool allint)
{
	int64_t total = size_mul(n, f);
	charge(ctx, (uint64_t)total);
	bf_tuple *t = bf_tuple_alloc(ctx, total);
	int64_t k = 0;
	for (int64_t j = 0; j < n; j++)
		for (int64_t r = 0; r < f; r++)
			t->it[k++] = it[j];
	return allint ? wrap_tuple(t, BF_TF_ALLINT) : bf_tuple_seal(t);
}

bf_val bf_p_hupscale(bf_ctx *ctx, const bf_val *a)
{
	bf_val factor = a[1];
	int64_t h;
	rview *rv = row_views(ctx, a[0], &h);
	bf_tuple *out = bf_tuple_alloc(ctx, h);
	for (int64_t i = 0; i < h; i++) {
		/* range(factor) is only evaluated for a value */
		int64_t f = rv[i].n ? bf_py_range_arg(ctx, factor) : 0;
		out->it[i] = stretch(ctx, rv[i].it, rv[i].n, f < 0 ? 0 : f,
				     rv[i].allint || rv[i].n == 0 || f <= 0);
	}
	return bf_tuple_seal(out);
}

bf_val bf_p_vupscale(bf_ctx *ctx, const bf_val *a)
{
	int64_t h;
	const bf_val *rows = bf_py_items(ctx, a[0], &h);
	if (h == 0)
		return bf_empty_tuple(ctx);
	int64_t f = bf_py_range_arg(ctx, a[1]);
	return stretch(ctx, rows, h, f < 0 ? 0 : f, false);
}

static bf_val upscale_object(bf_ctx *ctx, bf_val e, bf_val factor)
{
	if (bf_py_len(ctx, e) == 0)
		return bf_fset_empty(ctx);
	bf_val di_inv, dj_inv;
	bf_py_unpack2(ctx, bf_p_ulcorner(ctx, &e), &di_inv, &dj_inv);
	bf_val di = bf_py_neg(ctx, di_inv);
	bf_val dj = bf_py_neg(ctx, dj_inv);
	bf_val sa[2] = {e, bf_tuple2(ctx, di, dj)};
	bf_val normed = bf_p_shift(ctx, sa);
	int64_t n;
	const bf_val *it = bf_py_items(ctx, normed, &n);
	bf_val o = bf_set_new(ctx);
	for (int64_t k = 0; k < n; k++) {
		bf_val v, idx, i, j;
		bf_py_unpack2(ctx, it[k], &v, &idx);
		bf_py_unpack2(ctx, idx, &i, &j);
		int64_t f = bf_py_range_arg(ctx, factor);
		for (int64_t io = 0; io < f; io++) {
			bf_val ni = bf_py_add(ctx, bf_py_mul(ctx, i, factor), bf_int(io));
			for (int64_t jo = 0; jo < f; jo++) {
				bf_val nj = bf_py_add(ctx, bf_py_mul(ctx, j, factor), bf_int(jo));
				bf_set_add(ctx, o, bf_tuple2(ctx, v, bf_tuple2(ctx, ni, nj)));
			}
		}
	}
	bf_val back[2] = {bf_set_copy(ctx, o, true), bf_tuple2(ctx, di_inv, dj_inv)};
	return bf_p_shift(ctx, back);
}

bf_val bf_p_upscale(bf_ctx *ctx, const bf_val *a)
{
	bf_val e = a[0], factor = a[1];
	if (e.kind != BF_TUPLE)
		return upscale_object(ctx, e, factor);
	int64_t h = e.u.t->n;
	if (h == 0)
		return bf_empty_tuple(ctx);
	bf_val *rows = bf_alloc(ctx, (size_t)h * sizeof(bf_val));
	int64_t f = 0;
	for (int64_t i = 0; i < h; i++) {
		bf_val r = e.u.t->it[i];
		int64_t n;
		const bf_val *it = bf_py_items(ctx, r, &n);
		f = bf_py_range_arg(ctx, factor);
		if (f < 0)
			f = 0;
		rows[i] = stretch(ctx, it, n, f, is_allint_tuple(r) || n == 0 || f == 0);
	}
	int64_t total = size_mul(h, f);
	charge(ctx, (uint64_t)total);
	bf_tuple *out = bf_tuple_alloc(ctx, total);
	int64_t k = 0;
	for (int64_t i = 0; i < h; i++)
		for (int64_t r = 0; r < f; r++)
			out->it[k++] = rows[i];
	return bf_tuple_seal(out);
}

bf_val bf_p_downscale(bf_ctx *ctx, const bf_val *a)
{
	bf_val grid = a[0], factor = a[1];
	int64_t h, w;
	grid_hw(ctx, grid, &h, &w);
	/* the first `x % factor` (h >= 1 here) raises for a bad factor */
	bf_py_mod(ctx, bf_int(0), factor);
	uint64_t f = factor.u.i < 0 ? 0 - (uint64_t)factor.u.i : (uint64_t)factor.u.i;
	int64_t cstep = f > (uint64_t)(w > 0 ? w : 1) ? (w > 0 ? w : 1) : (int64_t)f;
	int64_t rstep = f > (uint64_t)h ? h : (int64_t)f;
	int64_t jmax = w > 0 ? (w - 1) / cstep * cstep : -1;
	bf_work(ctx, (uint64_t)h);
	/* every row is read at the kept columns, kept row or not */
	if (jmax >= 0)
		for (int64_t i = 0; i < h; i++)
			item_at(ctx, grid.u.t->it[i], jmax);
	int64_t nr = (h - 1) / rstep + 1;
	bf_tuple *out = bf_tuple_alloc(ctx, nr);
	for (int64_t k = 0; k < nr; k++) {
		bf_val r = grid.u.t->it[k * rstep];
		out->it[k] = jmax >= 0 ? bf_py_slice(ctx, r, 0, jmax + 1, cstep)
				       : bf_empty_tuple(ctx);
	}
	return bf_tuple_seal(out);
}

/* --------------------------------------------------- combining, cutting */

bf_val bf_p_hconcat(bf_ctx *ctx, const bf_val *a)
{
	int64_t na, nb;
	const bf_val *ia = bf_py_items(ctx, a[0], &na);
	const bf_val *ib = bf_py_items(ctx, a[1], &nb);
	int64_t n = na < nb ? na : nb;
	bf_tuple *out = bf_tuple_alloc(ctx, n);
	for (int64_t k = 0; k < n; k++)
		out->it[k] = bf_py_add(ctx, ia[k], ib[k]);
	return bf_tuple_seal(out);
}

bf_val bf_p_vconcat(bf_ctx *ctx, const bf_val *a)
{
	return bf_py_add(ctx, a[0], a[1]);
}

/* tuple(r[c0:c1] for r in grid[r0:r1]) with int bounds */
static bf_val crop_ints(bf_ctx *ctx, bf_val grid, int64_t r0, int64_t r1, int64_t c0, int64_t c1)
{
	bf_val rows = bf_py_slice(ctx, grid, r0, r1, 1);
	int64_t n = rows.u.t->n;
	bf_tuple *out = bf_tuple_alloc(ctx, n);
	for (int64_t k = 0; k < n; k++)
		out->it[k] = bf_py_slice(ctx, rows.u.t->it[k], c0, c1, 1);
	return bf_tuple_seal(out);
}

/* crop(grid, start, dims) with arbitrary values */
static bf_val crop_of(bf_ctx *ctx, bf_val grid, bf_val start, bf_val dims)
{
	bf_val s0 = bf_py_getitem(ctx, start, 0);
	bf_val e0 = bf_py_add(ctx, s0, bf_py_getitem(ctx, dims, 0));
	if (grid.kind != BF_TUPLE)
		not_subscriptable(ctx, grid);
	bf_val rows = bf_py_slice(ctx, grid, slice_idx(ctx, s0), slice_idx(ctx, e0), 1);
	int64_t n = rows.u.t->n;
	if (n == 0)
		return bf_empty_tuple(ctx);
	/* start[1] and dims[1] are only looked at when there is a row */
	bf_val s1 = bf_py_getitem(ctx, start, 1);
	bf_val e1 = bf_py_add(ctx, s1, bf_py_getitem(ctx, dims, 1));
	int64_t c0 = slice_idx(ctx, s1), c1 = slice_idx(ctx, e1);
	bf_tuple *out = bf_tuple_alloc(ctx, n);
	for (int64_t k = 0; k < n; k++)
		out->it[k] = bf_py_slice(ctx, rows.u.t->it[k], c0, c1, 1);
	return bf_tuple_seal(out);
}

bf_val bf_p_crop(bf_ctx *ctx, const bf_val *a)
{
	return crop_of(ctx, a[0], a[1], a[2]);
}

bf_val bf_p_subgrid(bf_ctx *ctx, const bf_val *a)
{
	bf_val ul = bf_p_ulcorner(ctx, &a[0]);
	bf_val shp = bf_p_shape(ctx, &a[0]);
	return crop_of(ctx, a[1], ul, shp);
}

/* hsplit (vertical == false) and vsplit */
static bf_val split(bf_ctx *ctx, bf_val grid, bf_val nv, bool vertical)
{
	int64_t h = 0, w = 0, len;
	bf_val part;
	if (vertical) {
		len = bf_py_len(ctx, grid);
		part = bf_py_floordiv(ctx, bf_int(len), nv);
		w = bf_py_len(ctx, bf_py_getitem(ctx, grid, 0));
	} else {
		h = bf_py_len(ctx, grid);
		len = bf_py_len(ctx, bf_py_getitem(ctx, grid, 0));
		part = bf_py_floordiv(ctx, bf_int(len), nv);
	}
	bool offset = bf_py_mod(ctx, bf_int(len), nv).u.i != 0;
	int64_t n = nv.u.i, p = part.u.i;
	if (n <= 0)
		return bf_empty_tuple(ctx);
	/* n > 0, so 0 <= p <= len and the starts below stay small */
	charge(ctx, (uint64_t)n);
	bf_tuple *out = bf_tuple_alloc(ctx, n);
	for (int64_t i = 0; i < n; i++) {
		int64_t s = p * i + i * offset;
		out->it[i] = vertical ? crop_ints(ctx, grid, s, s + p, 0, w)
				      : crop_ints(ctx, grid, 0, h, s, s + p);
	}
	return bf_tuple_seal(out);
}

bf_val bf_p_hsplit(bf_ctx *ctx, const bf_val *a)
{
	return split(ctx, a[0], a[1], false);
}

bf_val bf_p_vsplit(bf_ctx *ctx, const bf_val *a)
{
	return split(ctx, a[0], a[1], true);
}

bf_val bf_p_cellwise(bf_ctx *ctx, const bf_val *a)
{
	bf_val ga = a[0], gb = a[1], fallback = a[2];
	int64_t h, w;
	grid_hw(ctx, ga, &h, &w);
	bf_tuple *out = bf_tuple_alloc(ctx, h);
	for (int64_t i = 0; i < h; i++) {
		bf_val ra = ga.u.t->it[i], rb = bf_none();
		bf_tuple *t = bf_tuple_alloc(ctx, w);
		bf_work(ctx, (uint64_t)w);
		for (int64_t j = 0; j < w; j++) {
			bf_val av = item_at(ctx, ra, j);
			if (j == 0)
				rb = item_at(ctx, gb, i);
			bf_val bv = item_at(ctx, rb, j);
			t->it[j] = bf_py_eq(ctx, av, bv) ? av : fallback;
		}
		out->it[i] = bf_tuple_seal(t);
	}
	return bf_tuple_seal(out);
}

/* replace (swap == false) and switch, row by row; a row with nothing to
 * change is shared. */
static bf_val recolor_grid(bf_ctx *ctx, bf_val grid, bf_val x, bf_val y, bool swap)
{
	int64_t h;
	rview *rv = row_views(ctx, grid, &h);
	bool xy_eq = bf_py_eq(ctx, x, y);
	bf_tuple *out = bf_tuple_alloc(ctx, h);
	for (int64_t i = 0; i < h; i++) {
		int64_t n = rv[i].n;
		bf_tuple *t = bf_tuple_alloc(ctx, n);
		bool changed = false;
		bf_work(ctx, (uint64_t)n);
		for (int64_t j = 0; j < n; j++) {
			bf_val v = rv[i].it[j], r = v;
			if (!swap) {
				if (bf_py_eq(ctx, v, x))
					r = y;
			} else if (bf_py_eq(ctx, v, x)) {
				/* {a: b, b: a}[v]: with a == b the dict is {a: a} */
				r = xy_eq ? x : y;
			} else if (bf_py_eq(ctx, v, y)) {
				r = x;
			}
			changed |= r.kind != v.kind || r.u.i != v.u.i;
			t->it[j] = r;
		}
		if (!changed && rv[i].src.kind == BF_TUPLE)
			out->it[i] = rv[i].src;
		else
			out->it[i] = bf_tuple_seal(t);
	}
	return bf_tuple_seal(out);
}

bf_val bf_p_replace(bf_ctx *ctx, const bf_val *a)
{
	return recolor_grid(ctx, a[0], a[1], a[2], false);
}

bf_val bf_p_switch(bf_ctx *ctx, const bf_val *a)
{
	return recolor_grid(ctx, a[0], a[1], a[2], true);
}

bf_val bf_p_index(bf_ctx *ctx, const bf_val *a)
{
	bf_val grid = a[0], loc = a[1], i, j;
	bf_py_unpack2(ctx, loc, &i, &j);
	int64_t h, w;
	grid_hw(ctx, grid, &h, &w);
	if (!in_bounds(ctx, i, j, h, w))
		return bf_none();
	bf_val row = bf_py_getitem_v(ctx, grid, bf_py_getitem(ctx, loc, 0));
	return bf_py_getitem_v(ctx, row, bf_py_getitem(ctx, loc, 1));
}

bf_val bf_p_canvas(bf_ctx *ctx, const bf_val *a)
{
	bf_val value = a[0], dims = a[1];
	int64_t h = bf_py_range_arg(ctx, bf_py_getitem(ctx, dims, 0));
	if (h <= 0)
		return bf_empty_tuple(ctx);
	int64_t w = bf_py_range_arg(ctx, bf_py_getitem(ctx, dims, 1));
	if (w < 0)
		w = 0;
	/* Python builds h * w cells; so many units, before any allocation.
	 * The rows are equal, so one row tuple serves them all. */
	charge(ctx, (uint64_t)size_mul(h, w > 0 ? w : 1));
	bf_tuple *row = bf_tuple_alloc(ctx, w);
	for (int64_t j = 0; j < w; j++)
		row->it[j] = value;
	bf_val r = bf_is_intlike(value) ? wrap_tuple(row, BF_TF_ALLINT) : bf_tuple_seal(row);
	bf_tuple *out = bf_tuple_alloc(ctx, h);
	for (int64_t i = 0; i < h; i++)
		out->it[i] = r;
	return wrap_tuple(out, 0);
}

bf_val bf_p_trim(bf_ctx *ctx, const bf_val *a)
{
	bf_val rows = bf_py_slice(ctx, a[0], 1, -1, 1);
	int64_t n = rows.u.t->n;
	bf_tuple *out = bf_tuple_alloc(ctx, n);
	for (int64_t k = 0; k < n; k++)
		out->it[k] = bf_py_slice(ctx, rows.u.t->it[k], 1, -1, 1);
	return bf_tuple_seal(out);
}

static bf_val top_half(bf_ctx *ctx, bf_val grid)
{
	int64_t n = bf_py_len(ctx, grid);
	return bf_py_slice(ctx, grid, BF_SLICE_NONE, n / 2, 1);
}

static bf_val bottom_half(bf_ctx *ctx, bf_val grid)
{
	int64_t n = bf_py_len(ctx, grid);
	return bf_py_slice(ctx, grid, n / 2 + n % 2, BF_SLICE_NONE, 1);
}

bf_val bf_p_tophalf(bf_ctx *ctx, const bf_val *a)
{
	return top_half(ctx, a[0]);
}

bf_val bf_p_bottomhalf(bf_ctx *ctx, const bf_val *a)
{
	return bottom_half(ctx, a[0]);
}

bf_val bf_p_lefthalf(bf_ctx *ctx, const bf_val *a)
{
	bf_val r = bf_p_rot90(ctx, a);
	bf_val half = top_half(ctx, r);
	return bf_p_rot270(ctx, &half);
}

bf_val bf_p_righthalf(bf_ctx *ctx, const bf_val *a)
{
	bf_val r = bf_p_rot90(ctx, a);
	bf_val half = bottom_half(ctx, r);
	return bf_p_rot270(ctx, &half);
}

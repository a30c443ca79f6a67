/*
 * prim_object.c -- the primitives that find objects in a grid: objects,
 * partition, fgpartition, colorfilter, occurrences, frontiers, compress,
 * hperiod, vperiod.
 *
 * Their results are frozensets of frozensets whose iteration order users
 * observe (first(), argmax ties...), so each one performs the set
 * operations dsl.py performs, in the same order: objects() in particular
 * replays its flood fill with the same set displays, |= merges,
 * differences and frozenset() copies, because each of them decides where
 * an item lands in CPython's table.  What is only ever read (membership,
 * a cell's value) is taken from flat arrays for speed.
 *
 * dsl.py builds these on mostcolor, palette, asindices, dneighbors,
 * neighbors and dmirror.  mostcolor and palette are the grid group's;
 * asindices and the neighbour sets are reproduced here for objects(),
 * whose hot path builds them per cell (for the neighbour sets, a replay of
 * where CPython puts their items, see flood_comp); on big regular grids
 * objects() builds neither asindices' pairs nor its table, only its layout,
 * and charges them as built, stopping where building them would stop
 * (flood_setup_big, charge_run.h).  Inputs that are not a
 * well-formed grid or object take a generic path that follows the Python
 * statements with the pyops helpers and, for patch arithmetic (normalize,
 * shift, shape, width, height, dmirror of a patch), the other groups'
 * primitives, so they raise where Python raises.
 * Called by the evaluator through the registry (prim_registry.c).
 */
#include <string.h>

#include "charge_run.h"
#include "iset.h"
#include "prims.h"
#include "pyops.h"
#include "pyset.h"

/* Coordinates beyond this take the generic paths, whose int arithmetic
 * checks for overflow. */
#define COORD_LIMIT ((int64_t)1 << 40)

/* ---- small shared helpers ---- */

/* len(set(items)) == 1: all items are equal to the first (Python's == is
 * an equivalence consistent with hash on every value we have). */
static bool uniform(bf_ctx *ctx, const bf_val *it, int64_t n)
{
	bf_work(ctx, 1 + (uint64_t)n / 4);
	if (n == 0)
		return false;
	for (int64_t k = 1; k < n; k++)
		if (!bf_py_eq(ctx, it[k], it[0]))
			return false;
	return true;
}

/* x <= y where Python compares an int with something that should be one:
 * anything but an int refuses the ordering. */
static bool int_le(bf_ctx *ctx, bf_val x, bf_val y)
{
	if (!bf_is_intlike(x) || !bf_is_intlike(y))
		bf_raise(ctx, "TypeError: '<=' not supported between instances of '%s' and '%s'",
			 bf_type_name(x), bf_type_name(y));
	return x.u.i <= y.u.i;
}

/* h, w = len(grid), len(grid[0]) */
static void grid_dims(bf_ctx *ctx, bf_val grid, int64_t *h, int64_t *w)
{
	*h = bf_py_len(ctx, grid);
	*w = bf_py_len(ctx, bf_py_getitem(ctx, grid, 0));
}

/* The rows of a grid whose rows 0..h-1 are all tuples of at least w items,
 * so that grid[i][j] cannot fail for i < h, j < w; NULL otherwise. */
static const bf_val **regular_rows(bf_ctx *ctx, bf_val grid, int64_t h, int64_t w)
{
	if (grid.kind != BF_TUPLE || grid.u.t->n < h)
		return NULL;
	const bf_val **rows = bf_alloc(ctx, (size_t)(h ? h : 1) * sizeof(*rows));
	bf_work(ctx, 1 + (uint64_t)h / 8);
	for (int64_t i = 0; i < h; i++) {
		bf_val r = grid.u.t->it[i];
		if (r.kind != BF_TUPLE || r.u.t->n < w)
			return NULL;
		rows[i] = r.u.t->it;
	}
	return rows;
}

/* The cells of a well-formed object -- a set of (value, (i, j)) with int
 * coordinates of moderate size -- for the fast paths; false when obj is
 * anything else (indices, a grid, odd items), which then goes the generic
 * way. */
typedef struct cell {
	bf_val v;
	int64_t i, j;
} cell;

static bool object_cells(bf_ctx *ctx, bf_val obj, cell **out, int64_t *n)
{
	if (!bf_is_set(obj))
		return false;
	bf_set *s = obj.u.s;
	cell *c = bf_alloc(ctx, (size_t)(s->used ? s->used : 1) * sizeof(cell));
	int64_t k = 0;
	bf_val e;
	bf_work(ctx, 1 + (uint64_t)s->used / 4);
	BF_SET_FOREACH(s, e) {
		if (e.kind != BF_TUPLE || e.u.t->n != 2)
			return false;
		bf_val ij = e.u.t->it[1];
		if (ij.kind != BF_TUPLE || ij.u.t->n != 2)
			return false;
		bf_val i = ij.u.t->it[0], j = ij.u.t->it[1];
		if (!bf_is_intlike(i) || !bf_is_intlike(j) || i.u.i <= -COORD_LIMIT ||
		    i.u.i >= COORD_LIMIT || j.u.i <= -COORD_LIMIT || j.u.i >= COORD_LIMIT)
			return false;
		c[k].v = e.u.t->it[0];
		c[k].i = i.u.i;
		c[k].j = j.u.i;
		k++;
	}
	*out = c;
	*n = k;
	return true;
}

/* ---- objects ---- */

/* What is known of each cell during a flood. */
enum {
	CELL_OCC = 1,  /* in `occupied` */
	CELL_PAIR = 2, /* its (i, j) made (big grids, see flood_pair) */
	CELL_COMP = 4, /* its neighbour set made (comp) */
	CELL_FG = 8,   /* big grids: not an int equal to an int background */
};

/* Room for one (i, j) pair, as the arena rounds a bf_pair_ii. */
#define PAIR_ROOM ((sizeof(bf_tuple) + 2 * sizeof(bf_val) + 15) & ~(size_t)15)

/* Grids of more cells than this take the big-grid setup (flood_setup_big). */
#define BIG_GRID_CELLS 4096

typedef struct flood {
	bf_val grid;
	int64_t h, w;
	const bf_val **rows; /* NULL: read cells through grid[i][j] */
	bf_val *pairs;       /* (i, j) for every cell, those of unvisited, or NULL: */
	unsigned char *slab; /* cell k's pair at k * PAIR_ROOM, made when first asked */
	int64_t *phash;      /* hash of pairs[k], with pairs */
	bf_val *comp;        /* per cell, the in-grid neighbour set, where CELL_COMP */
	uint8_t *cell;       /* per cell, CELL_* */
	bool diagonal;
} flood;

/* The (i, j) of cell k: the one unvisited holds, or on big grids one made
 * the first time the flood takes or looks at the cell, as bf_pair_ii makes
 * it (its hash is cached at once there too). */
static inline bf_val flood_pair(flood *f, int64_t k)
{
	if (f->pairs)
		return f->pairs[k];
	bf_tuple *t = (bf_tuple *)(void *)(f->slab + (size_t)k * PAIR_ROOM);
	if (!(f->cell[k] & CELL_PAIR)) {
		int64_t i = k / f->w, j = k % f->w;
		t->n = 2;
		t->hash = bf_tuple_hash2(i, j);
		t->flags = BF_TF_ALLINT | BF_TF_HASHED;
		t->it[0] = bf_int(i);
		t->it[1] = bf_int(j);
		f->cell[k] |= CELL_PAIR;
	}
	bf_val v = {BF_TUPLE, 0, {0}};
	v.u.t = t;
	return v;
}

static inline int64_t flood_hash(flood *f, int64_t k)
{
	return f->pairs ? f->phash[k] : flood_pair(f, k).u.t->hash;
}

/* The coordinates of cell idx, read off its pair (a division costs more). */
static inline void flood_ij(flood *f, int64_t idx, int64_t *i, int64_t *j)
{
	const bf_tuple *t = flood_pair(f, idx).u.t;
	*i = t->it[0].u.i;
	*j = t->it[1].u.i;
}

static bf_val flood_cell(bf_ctx *ctx, flood *f, int64_t i, int64_t j)
{
	if (f->rows)
		return f->rows[i][j];
	return bf_py_getitem(ctx, bf_py_getitem(ctx, f->grid, i), j);
}

static const int64_t AROUND[8][2] = {
	{-1, 0}, {1, 0}, {0, -1}, {0, 1},    /* dneighbors' display order */
	{-1, -1}, {-1, 1}, {1, -1}, {1, 1}, /* ineighbors' display order */
};

/* Put item `what` where CPython's set_insert_clean() puts a key of this
 * hash in a table of mask+1 slots holding no dummies (a set_add_entry()
 * of a new key probes the same way). */
static void sim_place(int8_t *slot, uint64_t mask, int64_t hash, int8_t what)
{
	uint64_t perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
	for (;;) {
		if (slot[i] < 0) {
			slot[i] = what;
			return;
		}
		if (i + 9 <= mask)
			for (uint64_t k = 1; k <= 9; k++)
				if (slot[i + k] < 0) {
					slot[i + k] = what;
					return;
				}
		perturb >>= 5;
		i = (i * 5 + 1 + perturb) & mask;
	}
}

/* {(i, j) for i, j in diagfun(cand) if 0 <= i < h and 0 <= j < w}.
 *
 * The comprehension adds the in-grid neighbours in the iteration order of
 * dneighbors(cand) or neighbors(cand).  Building those sets for every cell
 * was half the cost of objects(), so their order is worked out on small
 * slot arrays instead, following the steps CPython takes on them:
 * dneighbors is a 4-item display in an 8-slot table, and frozenset() of it
 * copies that table as is (set_merge's same-size shortcut); neighbors is
 * dneighbors | ineighbors, a copy of the first grown to 32 slots (the
 * merge's up-front resize re-inserts it in slot order) into which the
 * second's items are added in its own slot order.  The comprehension set
 * itself is then built for real; it depends only on the cell, so it is
 * built once per cell and reused (a merge only reads it).  comp_adds()
 * gives the in-grid neighbours in the order the comprehension adds them,
 * with flood_comp()'s charge before them; flood_comp() and sim_comp()
 * build the set from it.  comp_order() lists the directions of AROUND
 * (all 4 or 8) in that order, from the eight pairs' hashes. */
static void comp_order(const int64_t hash[8], bool diagonal, int8_t order[8])
{
	int8_t dn[8], in[8], all[32];
	const int8_t *slots = dn;
	int nslots = 8;
	memset(dn, -1, sizeof(dn));
	for (int k = 0; k < 4; k++)
		sim_place(dn, 7, hash[k], (int8_t)k);
	if (diagonal) {
		memset(in, -1, sizeof(in));
		memset(all, -1, sizeof(all));
		for (int k = 4; k < 8; k++)
			sim_place(in, 7, hash[k], (int8_t)k);
		for (int s = 0; s < 8; s++)
			if (dn[s] >= 0)
				sim_place(all, 31, hash[dn[s]], dn[s]);
		for (int s = 0; s < 8; s++)
			if (in[s] >= 0)
				sim_place(all, 31, hash[in[s]], in[s]);
		slots = all;
		nslots = 32;
	}
	int m = 0;
	for (int s = 0; s < nslots; s++)
		if (slots[s] >= 0)
			order[m++] = slots[s];
}

/* The order depends on the hashes of the eight pairs around (i, j) alone,
 * so for small i and j, unsalted, it is worked out once per process:
 * order_cache[diagonal][i][j] holds each direction + 1 (0: not yet). */
#define ORDER_SPAN 128
static int8_t order_cache[2][ORDER_SPAN][ORDER_SPAN][8];
static bool orders_cached = true;

void bf_objects_cache_orders(bool on)
{
	orders_cached = on;
}

/* hash((i, j)) of the eight pairs around (i, j), ints from -1 up,
 * unsalted (hash(-1) is -2) */
static void around_hashes(int64_t i, int64_t j, int64_t hash[8])
{
	for (int k = 0; k < 8; k++) {
		int64_t pi = i + AROUND[k][0], pj = j + AROUND[k][1];
		hash[k] = bf_tuple_hash2(pi == -1 ? -2 : pi, pj == -1 ? -2 : pj);
	}
}

static const int8_t *cached_order(int64_t i, int64_t j, bool diagonal)
{
	int8_t *c = order_cache[diagonal][i][j];
	if (c[0] == 0) {
		int64_t hash[8];
		int8_t order[8];
		around_hashes(i, j, hash);
		comp_order(hash, diagonal, order);
		for (int s = 0; s < (diagonal ? 8 : 4); s++)
			c[s] = (int8_t)(order[s] + 1);
	}
	return c;
}

/* The neighbour set of a cell with all its neighbours on the grid, as
 * the adds in cached_order() lay it out: the direction in each slot (-1:
 * empty) and the table's mask, for small unsalted i and j.  A cell two
 * of whose neighbours' pairs hash alike is not kept (CPython would
 * compare them as it adds: comp_adds() and real adds do that). */
typedef struct comp_layout {
	int8_t state; /* 0: not worked out, 1: kept, 2: not kept */
	int8_t mask;
	int8_t pos[8]; /* the slot of each neighbour, in slot order */
	int8_t dir[8]; /* and its direction */
} comp_layout;
static comp_layout layout_cache[2][ORDER_SPAN][ORDER_SPAN];

static const comp_layout *interior_layout(int64_t i, int64_t j, bool diagonal)
{
	comp_layout *c = &layout_cache[diagonal][i][j];
	if (c->state)
		return c;
	const int8_t *order = cached_order(i, j, diagonal);
	int n = diagonal ? 8 : 4;
	int64_t hash[8];
	around_hashes(i, j, hash);
	c->state = 1;
	for (int a = 0; a < n; a++)
		for (int b = 0; b < a; b++)
			if (hash[a] == hash[b])
				c->state = 2;
	/* set_add_entry() of each, growing as it grows (pyset.c) */
	int8_t slot[32], old[32];
	int64_t mask = 7;
	memset(slot, -1, sizeof(slot));
	for (int a = 0; a < n; a++) {
		int8_t d = (int8_t)(order[a] - 1);
		sim_place(slot, (uint64_t)mask, hash[d], d);
		int64_t fill = a + 1;
		if (bf_set_full(fill, mask)) {
			memcpy(old, slot, sizeof(old));
			int64_t oldmask = mask;
			mask = bf_set_size_for(bf_set_grown_minused(fill)) - 1;
			memset(slot, -1, sizeof(slot));
			for (int64_t s = 0; s <= oldmask; s++)
				if (old[s] >= 0)
					sim_place(slot, (uint64_t)mask, hash[old[s]], old[s]);
		}
	}
	c->mask = (int8_t)mask;
	for (int s = 0, k = 0; s <= mask; s++)
		if (slot[s] >= 0) {
			c->pos[k] = (int8_t)s;
			c->dir[k++] = slot[s];
		}
	return c;
}

static int comp_adds(bf_ctx *ctx, flood *f, int64_t idx, int64_t add[8])
{
	int64_t i, j;
	flood_ij(f, idx, &i, &j);
	int n = f->diagonal ? 8 : 4;
	bf_work(ctx, (uint64_t)n);
	int8_t order[8];
	if (orders_cached && !bf_hash_salt && i < ORDER_SPAN && j < ORDER_SPAN) {
		const int8_t *c = cached_order(i, j, f->diagonal);
		for (int s = 0; s < n; s++)
			order[s] = (int8_t)(c[s] - 1);
	} else {
		int64_t hash[8];
		/* a pair off the grid is hashed in a stack tuple: nothing keeps it */
		_Alignas(bf_tuple) unsigned char buf[sizeof(bf_tuple) + 2 * sizeof(bf_val)];
		bf_tuple *tmp = (bf_tuple *)(void *)buf;
		for (int k = 0; k < n; k++) {
			int64_t pi = i + AROUND[k][0], pj = j + AROUND[k][1];
			if (pi >= 0 && pi < f->h && pj >= 0 && pj < f->w) {
				hash[k] = flood_hash(f, pi * f->w + pj);
			} else {
				tmp->n = 2;
				tmp->flags = 0;
				tmp->it[0] = bf_int(pi);
				tmp->it[1] = bf_int(pj);
				bf_val t = {BF_TUPLE, 0, {0}};
				t.u.t = tmp;
				hash[k] = bf_hash(ctx, t);
			}
		}
		comp_order(hash, f->diagonal, order);
	}
	int m = 0;
	for (int s = 0; s < n; s++) {
		int64_t pi = i + AROUND[order[s]][0], pj = j + AROUND[order[s]][1];
		if (pi >= 0 && pi < f->h && pj >= 0 && pj < f->w)
			add[m++] = pi * f->w + pj;
	}
	return m;
}

static bf_val flood_comp(bf_ctx *ctx, flood *f, int64_t idx)
{
	if (f->cell[idx] & CELL_COMP)
		return f->comp[idx];
	int64_t add[8];
	int m = comp_adds(ctx, f, idx, add);
	bf_val c = bf_set_new(ctx);
	for (int s = 0; s < m; s++)
		bf_set_add_hashed(ctx, c, flood_pair(f, add[s]), flood_hash(f, add[s]));
	f->comp[idx] = c;
	f->cell[idx] |= CELL_COMP;
	return c;
}

static int64_t pair_index(flood *f, bf_val p)
{
	return p.u.t->it[0].u.i * f->w + p.u.t->it[1].u.i;
}

/* (val == v) if univalued else (v != bg) */
static bool flood_take(bf_ctx *ctx, bool univalued, bf_val val, bf_val bg, bf_val v)
{
	if (bf_is_intlike(v) && bf_is_intlike(univalued ? val : bg))
		return univalued ? v.u.i == val.u.i : v.u.i != bg.u.i;
	return univalued ? bf_py_eq(ctx, val, v) : !bf_py_eq(ctx, v, bg);
}

/* Whether the next wave, hood - occupied, holds a cell the flood would
 * take.  When it does not, that wave adds nothing and ends the object, and
 * since its order is then unobservable, neither hood nor the difference
 * need to be built.  Only for regular grids: on others reading a cell can
 * raise, and must happen in Python's order. */
static bool flood_goes_on(bf_ctx *ctx, flood *f, const int64_t *acc, int64_t nacc,
			  bool univalued, bf_val val, bf_val bg)
{
	int nb = f->diagonal ? 8 : 4;
	for (int64_t k = 0; k < nacc; k++) {
		int64_t i, j;
		flood_ij(f, acc[k], &i, &j);
		for (int d = 0; d < nb; d++) {
			int64_t pi = i + AROUND[d][0], pj = j + AROUND[d][1];
			if (pi < 0 || pi >= f->h || pj < 0 || pj >= f->w ||
			    (f->cell[pi * f->w + pj] & CELL_OCC))
				continue;
			if (flood_take(ctx, univalued, val, bg, f->rows[pi][pj]))
				return true;
		}
	}
	return false;
}

static bool occ_has(void *arg, bf_val p)
{
	flood *f = arg;
	return f->cell[pair_index(f, p)] & CELL_OCC;
}

/* What objects()' loop carries from one object to the next. */
typedef struct flood_run {
	bool univalued;
	bf_val bg;
	bf_val objs;
	int64_t *acc;       /* the cells a wave took */
	int64_t noccupied;  /* len(occupied) */
	struct sim *sim;    /* the flood on index sets, or NULL (flood_object) */
} flood_run;

/* One object grown from loc (cell li, value val), wave by wave, and added
 * to objs.  Within a wave the hood merges are done after the wave's cells
 * are read rather than interleaved with them: they touch only hood, which
 * nothing else reads before the wave ends. */
static void flood_object(bf_ctx *ctx, flood *f, flood_run *r, int64_t li, bf_val val)
{
	bf_val loc = flood_pair(f, li);
	bf_val obj = bf_set_new(ctx);
	bf_set_add(ctx, obj, bf_tuple2(ctx, val, loc));
	bf_val cands = bf_set_new(ctx);
	bf_set_add(ctx, cands, loc);
	while (bf_set_len(cands) > 0) {
		int64_t nacc = 0;
		bf_val cand;
		BF_SET_FOREACH(cands.u.s, cand) {
			int64_t c_i = cand.u.t->it[0].u.i, c_j = cand.u.t->it[1].u.i;
			int64_t ci = c_i * f->w + c_j;
			bf_val v = flood_cell(ctx, f, c_i, c_j);
			if (!flood_take(ctx, r->univalued, val, r->bg, v))
				continue;
			bf_set_add(ctx, obj, bf_tuple2(ctx, v, cand));
			r->noccupied += !(f->cell[ci] & CELL_OCC);
			f->cell[ci] |= CELL_OCC;
			r->acc[nacc++] = ci;
		}
		bf_work(ctx, (uint64_t)nacc);
		if (f->rows && !flood_goes_on(ctx, f, r->acc, nacc, r->univalued, val, r->bg))
			break;
		bf_val hood = bf_set_new(ctx);
		for (int64_t k = 0; k < nacc; k++)
			bf_set_update(ctx, hood, flood_comp(ctx, f, r->acc[k]));
		cands = bf_set_sub_where(ctx, hood, r->noccupied, occ_has, f);
	}
	bf_set_add(ctx, r->objs, bf_set_copy(ctx, obj, true));
}

/* ---- the same flood on index sets (iset.h) ----
 *
 * Where every (i, j) is made up front (f->pairs: grids of up to
 * BIG_GRID_CELLS cells), the sets flood_object() builds only to be walked
 * -- each wave's candidates, its neighbourhood, every cell's neighbour
 * set, the object before it is frozen -- are index sets: the same slots,
 * the same charges, 4-byte slots for 24-byte ones.  Only the cells and
 * the frozen objects are made as values.  BATTFARM_NO_ISET=1 goes back to
 * flood_object(); tests/test_iset.c and engine_test.sh compare the two. */
typedef struct sim {
	flood *f;
	bf_ikeys pairs;  /* key k: the pair of cell k, hash f->phash[k] */
	bf_ikeys cells;  /* key k: the k-th cell the object took, cellv[k] */
	bf_val *cellv;   /* room for every cell and the first one's second take */
	int64_t *cellh;
	int32_t ncells;
	bf_iset *comp;   /* per grid cell, where CELL_COMP */
	int64_t off[8];  /* the cell number of each direction of AROUND, less the cell's */
} sim;

static bool sim_pairs_eq(bf_ctx *ctx, void *arg, int32_t k, int32_t l)
{
	const flood *f = ((const sim *)arg)->f;
	return bf_py_eq(ctx, f->pairs[k], f->pairs[l]);
}

static bool sim_cells_eq(bf_ctx *ctx, void *arg, int32_t k, int32_t l)
{
	const sim *m = arg;
	return bf_py_eq(ctx, m->cellv[k], m->cellv[l]);
}

static void *scratch(bf_ctx *ctx, size_t n)
{
	void *p = bf_arena_alloc_again(&ctx->arena, n);
	if (!p)
		bf_raise_nomem(ctx);
	return p;
}

/* Ready m for a flood of f's n cells. */
static void sim_init(bf_ctx *ctx, sim *m, flood *f, int64_t n)
{
	m->f = f;
	m->pairs = (bf_ikeys){f->phash, sim_pairs_eq, m, 2}; /* (i, j) of ints */
	m->cells = (bf_ikeys){NULL, sim_cells_eq, m, 0};     /* only added */
	m->cellv = scratch(ctx, (size_t)(n + 1) * sizeof(bf_val));
	m->cellh = scratch(ctx, (size_t)(n + 1) * sizeof(int64_t));
	m->cells.hash = m->cellh;
	m->comp = scratch(ctx, (size_t)n * sizeof(bf_iset));
	for (int k = 0; k < 8; k++)
		m->off[k] = AROUND[k][0] * f->w + AROUND[k][1];
}

static const bf_iset *sim_comp(bf_ctx *ctx, sim *m, int64_t idx)
{
	flood *f = m->f;
	bf_iset *c = &m->comp[idx];
	if (f->cell[idx] & CELL_COMP)
		return c;
	int64_t i, j;
	flood_ij(f, idx, &i, &j);
	if (orders_cached && !bf_hash_salt && i >= 1 && i + 1 < f->h && j >= 1 && j + 1 < f->w &&
	    i < ORDER_SPAN && j < ORDER_SPAN) {
		const comp_layout *lay = interior_layout(i, j, f->diagonal);
		if (lay->state == 1) {
			int n = f->diagonal ? 8 : 4;
			int32_t key[8];
			bf_work(ctx, (uint64_t)n); /* comp_adds' charge */
			for (int k = 0; k < n; k++)
				key[k] = (int32_t)(idx + m->off[lay->dir[k]]);
			bf_iset_new_built(ctx, c, n, m->pairs.items, lay->mask, lay->pos, key);
			f->cell[idx] |= CELL_COMP;
			return c;
		}
	}
	int64_t add[8];
	int n = comp_adds(ctx, f, idx, add);
	bf_iset_new(ctx, c);
	for (int s = 0; s < n; s++)
		bf_iset_add(ctx, c, &m->pairs, (int32_t)add[s], bf_set_key_items(f->pairs[add[s]]));
	f->cell[idx] |= CELL_COMP;
	return c;
}

/* obj.add((v, loc)) */
static void sim_take(bf_ctx *ctx, sim *m, bf_iset *obj, bf_val v, bf_val loc)
{
	int32_t k = m->ncells++;
	m->cellv[k] = bf_tuple2(ctx, v, loc);
	m->cellh[k] = bf_hash(ctx, m->cellv[k]);
	bf_iset_add(ctx, obj, &m->cells, k, bf_set_key_items(m->cellv[k]));
}

static bool sim_occ_has(void *arg, int32_t k)
{
	const flood *f = arg;
	return f->cell[k] & CELL_OCC;
}

/* flood_object(), statement for statement, on index sets. */
static void sim_object(bf_ctx *ctx, sim *m, flood_run *r, int64_t li, bf_val val)
{
	flood *f = m->f;
	bf_iset obj, cands, hood;
	m->ncells = 0;
	bf_iset_new(ctx, &obj);
	sim_take(ctx, m, &obj, val, f->pairs[li]);
	bf_iset_new(ctx, &cands);
	bf_iset_add(ctx, &cands, &m->pairs, (int32_t)li, m->pairs.items);
	while (cands.used > 0) {
		int64_t nacc = 0;
		for (int64_t s = 0, mask = cands.mask; s <= mask; s++) {
			int32_t ci = cands.slot[s];
			if (ci < 0)
				continue;
			bf_val cand = f->pairs[ci];
			bf_val v = flood_cell(ctx, f, cand.u.t->it[0].u.i, cand.u.t->it[1].u.i);
			if (!flood_take(ctx, r->univalued, val, r->bg, v))
				continue;
			sim_take(ctx, m, &obj, v, cand);
			r->noccupied += !(f->cell[ci] & CELL_OCC);
			f->cell[ci] |= CELL_OCC;
			r->acc[nacc++] = ci;
		}
		bf_work(ctx, (uint64_t)nacc);
		if (f->rows && !flood_goes_on(ctx, f, r->acc, nacc, r->univalued, val, r->bg))
			break;
		bf_iset_new(ctx, &hood);
		for (int64_t k = 0; k < nacc; k++)
			bf_iset_update(ctx, &hood, sim_comp(ctx, m, r->acc[k]), &m->pairs);
		bf_iset_sub_where(ctx, &cands, &hood, r->noccupied, sim_occ_has, f, &m->pairs);
	}
	bf_set_layout lay = {obj.mask, obj.used, obj.fill, obj.slot, m->cellv, m->cellh};
	bf_set_add(ctx, r->objs, bf_set_copy_layout(ctx, &lay));
}

/* One step of `for loc in unvisited`, at cell (i, j) of a table with us's
 * size. */
static void flood_visit(bf_ctx *ctx, flood *f, flood_run *r, const bf_set *us, int64_t i,
			int64_t j)
{
	int64_t li = i * f->w + j;
	bf_set_work(ctx, us, 1);
	if (f->cell[li] & CELL_OCC)
		return;
	bf_val val = flood_cell(ctx, f, i, j);
	if (bf_is_intlike(val) && bf_is_intlike(r->bg) ? val.u.i == r->bg.u.i
						       : bf_py_eq(ctx, val, r->bg))
		return;
	if (r->sim)
		sim_object(ctx, r->sim, r, li, val);
	else
		flood_object(ctx, f, r, li, val);
}

/* The setup of dsl.py's objects(): the per-cell arrays, then unvisited =
 * asindices(grid) with every pair in f->pairs and its hash.  Given
 * walk_only (the flood on index sets), unvisited is walked from its
 * layout where there is one to place it from (*order, walk_only's mask),
 * and the per-cell neighbour sets are charged, not held. */
static bf_set *flood_setup(bf_ctx *ctx, flood *f, int64_t n, int64_t **acc, bf_set *walk_only,
			   int32_t **order)
{
	f->pairs = bf_alloc(ctx, (size_t)n * sizeof(bf_val));
	f->phash = bf_alloc(ctx, (size_t)n * sizeof(int64_t));
	if (walk_only) { /* the flood on index sets keeps its own (sim.comp) */
		bf_charge_alloc(ctx, (size_t)n * sizeof(bf_val));
		f->comp = NULL;
	} else {
		f->comp = bf_alloc(ctx, (size_t)n * sizeof(bf_val));
	}
	f->cell = bf_alloc(ctx, (size_t)n);
	memset(f->cell, 0, (size_t)n);
	*acc = bf_alloc(ctx, (size_t)n * sizeof(int64_t));
	f->slab = NULL;
	*order = walk_only ? bf_indices_order(ctx, f->h, f->w, f->pairs, &walk_only->mask) : NULL;
	bf_set *us = *order ? walk_only : bf_set_of_indices(ctx, f->h, f->w, f->pairs).u.s;
	for (int64_t k = 0; k < n; k++)
		f->phash[k] = bf_hash(ctx, f->pairs[k]);
	return us;
}

/* The cells' flags on a big grid before the loop: CELL_FG where the loop
 * must read the cell, that is everywhere but on an int equal to an int
 * background (there the loop's val == bg is known to hold, and the loop
 * goes by after its charge without reading the grid: a walk in hash order
 * over a grid of a million cells is mostly cache misses). */
static void flood_mark_fg(flood *f, bf_val bg)
{
	if (!bf_is_intlike(bg)) {
		memset(f->cell, CELL_FG, (size_t)(f->h * f->w));
		return;
	}
	for (int64_t i = 0, k = 0; i < f->h; i++)
		for (int64_t j = 0; j < f->w; j++, k++) {
			bf_val v = f->rows[i][j];
			f->cell[k] = bf_is_intlike(v) && v.u.i == bg.u.i ? 0 : CELL_FG;
		}
}

/* flood_setup on a big regular grid, with the same charges (a charge run,
 * stopping where flood_setup stops) but without the structures only the
 * charges need: unvisited is its layout, a table of cell numbers
 * (bf_indices_layout), the pairs are made when the flood comes to them,
 * their hashes read off them, and nothing per cell is written but its
 * flags.  *order gets the layout, the return value its mask. */
static int64_t flood_setup_big(bf_ctx *ctx, flood *f, bf_val bg, int64_t n, int64_t **acc,
			       int32_t **order)
{
	bf_charge_run run;
	bf_indices_tables tables;
	bf_run_begin(&run, ctx);
	bf_run_alloc(&run, (size_t)n * sizeof(bf_val));  /* pairs */
	bf_run_alloc(&run, (size_t)n * sizeof(int64_t)); /* phash */
	bf_run_alloc(&run, (size_t)n * sizeof(bf_val));  /* comp */
	bf_run_alloc(&run, (size_t)n);                   /* cell */
	bf_run_alloc(&run, (size_t)n * sizeof(int64_t)); /* acc */
	if (!bf_indices_charges(&run, n, &tables))
		bf_run_commit(ctx, &run); /* raises: the real setup stops there */
	/* all of it fits, and this is less than it: taken from the arena,
	 * the rest only charged */
	bf_arena *a = &ctx->arena;
	f->pairs = NULL;
	f->phash = NULL;
	f->slab = bf_arena_alloc(a, (size_t)n * PAIR_ROOM);
	f->comp = bf_arena_alloc(a, (size_t)n * sizeof(bf_val));
	f->cell = bf_arena_alloc(a, (size_t)n);
	*acc = bf_arena_alloc(a, (size_t)n * sizeof(int64_t));
	*order = bf_arena_alloc(a, (size_t)tables.size * sizeof(int32_t));
	int32_t *scratch = bf_arena_alloc(a, (size_t)(tables.prev ? tables.prev : 1) * sizeof(int32_t));
	if (!f->slab || !f->comp || !f->cell || !*acc || !*order || !scratch)
		bf_raise_nomem(ctx); /* the system's memory, not the ceiling */
	bf_run_commit(ctx, &run);
	flood_mark_fg(f, bg);
	bf_indices_layout(f->h, f->w, &tables, *order, scratch);
	return tables.size - 1;
}

/* objects(grid, univalued, diagonal, without_bg): dsl.py's flood fill,
 * set operation for set operation. */
bf_val bf_p_objects(bf_ctx *ctx, const bf_val *a)
{
	bf_val grid = a[0];
	flood_run r;
	r.univalued = bf_truthy(a[1]);
	r.bg = bf_truthy(a[3]) ? bf_p_mostcolor(ctx, &grid) : bf_none();
	r.noccupied = 0;
	r.sim = NULL;
	flood f;
	f.grid = grid;
	f.diagonal = bf_truthy(a[2]);
	grid_dims(ctx, grid, &f.h, &f.w);
	r.objs = bf_set_new(ctx);
	if (f.h == 0 || f.w == 0)
		return bf_set_copy(ctx, r.objs, true);
	int64_t n;
	if (__builtin_mul_overflow(f.h, f.w, &n) || n > ((int64_t)1 << 32))
		bf_raise(ctx, "MemoryError: grid of %lld x %lld", (long long)f.h, (long long)f.w);
	f.rows = regular_rows(ctx, grid, f.h, f.w);
	if (f.rows && n > BIG_GRID_CELLS && n < INT32_MAX && !bf_hash_salt) {
		int32_t *order;
		bf_set us;
		memset(&us, 0, sizeof(us));
		us.mask = flood_setup_big(ctx, &f, r.bg, n, &r.acc, &order);
		for (int64_t slot = 0; slot <= us.mask; slot++) {
			uint32_t k = (uint32_t)order[slot];
			if (order[slot] < 0)
				continue;
			if (f.cell[k] & CELL_FG)
				flood_visit(ctx, &f, &r, &us, k / (uint32_t)f.w, k % (uint32_t)f.w);
			else
				bf_set_work(ctx, &us, 1); /* a background cell */
		}
		return bf_set_copy(ctx, r.objs, true);
	}
	bool on_isets = bf_iset_on();
	bf_set walk;
	memset(&walk, 0, sizeof(walk));
	int32_t *order;
	bf_set *us = flood_setup(ctx, &f, n, &r.acc, on_isets ? &walk : NULL, &order);
	sim m;
	if (on_isets) {
		sim_init(ctx, &m, &f, n);
		r.sim = &m;
	}
	for (int64_t slot = 0; slot <= us->mask; slot++) {
		bf_val loc;
		if (order) {
			if (order[slot] < 0)
				continue;
			loc = f.pairs[order[slot]];
		} else {
			loc = us->table[slot].key;
			if (loc.kind <= BF_DUMMY)
				continue;
		}
		flood_visit(ctx, &f, &r, us, loc.u.t->it[0].u.i, loc.u.t->it[1].u.i);
	}
	return bf_set_copy(ctx, r.objs, true);
}

/* ---- partition, fgpartition ---- */

/* frozenset(frozenset((v, (i, j)) for i, r in enumerate(grid)
 *                     for j, v in enumerate(r) if v == value)
 *           for value in values) */
static bf_val partition_by(bf_ctx *ctx, bf_val grid, bf_val values)
{
	/* values came from iterating every r of grid, so this cannot fail */
	bf_vec cells, is, js;
	int64_t h;
	const bf_val *rows = bf_py_items(ctx, grid, &h);
	int64_t hint = h < 1024 ? h * 4 : 4096;
	bf_vec_init(ctx, &cells, hint);
	bf_vec_init(ctx, &is, hint);
	bf_vec_init(ctx, &js, hint);
	for (int64_t i = 0; i < h; i++) {
		int64_t m;
		const bf_val *it = bf_py_items(ctx, rows[i], &m);
		for (int64_t j = 0; j < m; j++) {
			bf_vec_push(ctx, &cells, it[j]);
			bf_vec_push(ctx, &is, bf_int(i));
			bf_vec_push(ctx, &js, bf_int(j));
		}
	}
	bf_val out = bf_set_new(ctx), value;
	BF_SET_FOREACH(values.u.s, value) {
		bf_val part = bf_set_new(ctx);
		bf_work(ctx, 1 + (uint64_t)cells.n / 8);
		for (int64_t k = 0; k < cells.n; k++) {
			bf_val v = cells.v[k];
			if (bf_py_eq(ctx, v, value))
				bf_set_add(ctx, part,
					   bf_tuple2(ctx, v, bf_pair_ii(ctx, is.v[k].u.i, js.v[k].u.i)));
		}
		bf_set_add(ctx, out, bf_set_seal(part));
	}
	return bf_set_seal(out);
}

bf_val bf_p_partition(bf_ctx *ctx, const bf_val *a)
{
	return partition_by(ctx, a[0], bf_p_palette(ctx, &a[0]));
}

bf_val bf_p_fgpartition(bf_ctx *ctx, const bf_val *a)
{
	bf_val pal = bf_p_palette(ctx, &a[0]);
	bf_val bg = bf_set_new(ctx);
	bf_set_add(ctx, bg, bf_p_mostcolor(ctx, &a[0]));
	return partition_by(ctx, a[0], bf_set_sub(ctx, pal, bg));
}

/* ---- colorfilter ---- */

bf_val bf_p_colorfilter(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *objs = bf_py_items(ctx, a[0], &n);
	bf_val out = bf_set_new(ctx);
	for (int64_t k = 0; k < n; k++) {
		bf_val obj = objs[k];
		/* next(iter(obj)) inside the generator: StopIteration turns
		 * into RuntimeError (PEP 479) */
		if ((obj.kind == BF_TUPLE || bf_is_set(obj)) && bf_py_len(ctx, obj) == 0)
			bf_raise(ctx, "RuntimeError: generator raised StopIteration");
		bf_val c = bf_py_getitem(ctx, bf_py_first(ctx, obj), 0);
		if (bf_py_eq(ctx, c, a[1]))
			bf_set_add(ctx, out, obj);
	}
	return bf_set_seal(out);
}

/* ---- occurrences ---- */

static bf_val occurrences_generic(bf_ctx *ctx, bf_val grid, bf_val obj)
{
	bf_val normed = bf_p_normalize(ctx, &obj);
	int64_t h, w;
	grid_dims(ctx, grid, &h, &w);
	bf_val shape = bf_p_shape(ctx, &obj);
	bf_val oh, ow;
	bf_py_unpack2(ctx, shape, &oh, &ow);
	int64_t h2 = bf_py_range_arg(ctx, bf_py_add(ctx, bf_py_sub(ctx, bf_int(h), oh), bf_int(1)));
	int64_t w2 = bf_py_range_arg(ctx, bf_py_add(ctx, bf_py_sub(ctx, bf_int(w), ow), bf_int(1)));
	bf_val occs = bf_set_new(ctx);
	for (int64_t i = 0; i < h2; i++)
		for (int64_t j = 0; j < w2; j++) {
			bf_val sargs[2] = {normed, bf_pair_ii(ctx, i, j)};
			int64_t n;
			const bf_val *it = bf_py_items(ctx, bf_p_shift(ctx, sargs), &n);
			bool occurs = true;
			for (int64_t k = 0; k < n && occurs; k++) {
				bf_val v, ab, x, y;
				bf_py_unpack2(ctx, it[k], &v, &ab);
				bf_py_unpack2(ctx, ab, &x, &y);
				occurs = int_le(ctx, bf_int(0), x) && !int_le(ctx, bf_int(h), x) &&
					 int_le(ctx, bf_int(0), y) && !int_le(ctx, bf_int(w), y) &&
					 bf_py_eq(ctx, bf_py_getitem_v(ctx, bf_py_getitem_v(ctx, grid, x), y), v);
			}
			if (occurs)
				bf_set_add(ctx, occs, bf_pair_ii(ctx, i, j));
		}
	return bf_set_copy(ctx, occs, true);
}

/* Whether the normalised object is a full oh x ow rectangle of one color
 * (a canvas turned object, as search-generated programs make them). */
static bool uniform_rectangle(const cell *c, int64_t n, int64_t h2, int64_t w2, int64_t h,
			      int64_t w)
{
	int64_t oh = h - h2 + 1, ow = w - w2 + 1;
	if (n != oh * ow)
		return false; /* cells are distinct, so n == oh*ow fills the box */
	for (int64_t k = 1; k < n; k++)
		if (c[k].v.u.i != c[0].v.u.i)
			return false;
	return true;
}

/* occurrences() of a one-color oh x ow rectangle: a placement matches when
 * its box holds oh*ow cells of that color, read off a table of prefix
 * counts in constant time.  Placements are added in the same row-major
 * order as the general loop, so the result has the same layout.  Work:
 * one unit per placement, and one per grid cell when a table is built. */
typedef struct flat_grid flat_grid;
static int64_t *prefix_counts(bf_ctx *ctx, flat_grid *fg, int64_t h, int64_t w, int64_t color);

static void occurrences_rect(bf_ctx *ctx, flat_grid *fg, int64_t h, int64_t w, int64_t oh,
			     int64_t ow, int64_t color, bf_val occs)
{
	int64_t W = w + 1;
	const int64_t *pre = prefix_counts(ctx, fg, h, w, color);
	for (int64_t i = 0; i + oh <= h; i++) {
		bf_work(ctx, (uint64_t)(w - ow + 1));
		for (int64_t j = 0; j + ow <= w; j++) {
			int64_t cnt = pre[(i + oh) * W + j + ow] - pre[i * W + j + ow] -
				      pre[(i + oh) * W + j] + pre[i * W + j];
			if (cnt == oh * ow)
				bf_set_add(ctx, occs, bf_pair_ii(ctx, i, j));
		}
	}
}

/* The common case of occurrences(): every grid cell and every object value
 * an int.  The grid is flattened once and each placement compares plain
 * ints; the normalised object fits inside the grid at every tried offset, so
 * no bounds are checked.  Work is charged per placement, for the cells it
 * compared, which is the same count the general loop charges.  Returns
 * false (having added nothing) when the values are not all ints. */
#define MEMO_FLAT_GRID 1
#define FLAT_COLORS 4

/* A grid of ints flattened, with prefix-count tables for a few colors;
 * kept in the context's memo, since a program typically asks
 * occurrences() of many objects in one grid. */
typedef struct flat_grid {
	int64_t *g;
	bool allint;
	int64_t color[FLAT_COLORS];
	int64_t *pre[FLAT_COLORS];
} flat_grid;

static flat_grid *flatten(bf_ctx *ctx, bf_val grid, const bf_val **rows, int64_t h, int64_t w)
{
	if (ctx->memo_tag == MEMO_FLAT_GRID && ctx->memo_key == grid.u.t)
		return ctx->memo_val;
	flat_grid *fg = bf_alloc(ctx, sizeof(flat_grid));
	memset(fg, 0, sizeof(*fg));
	bf_work(ctx, (uint64_t)(h * w));
	fg->allint = true;
	for (int64_t i = 0; i < h && fg->allint; i++)
		for (int64_t j = 0; j < w; j++)
			if (!bf_is_intlike(rows[i][j])) {
				fg->allint = false;
				break;
			}
	if (fg->allint) {
		fg->g = bf_alloc(ctx, (size_t)(h * w) * sizeof(int64_t));
		for (int64_t i = 0; i < h; i++)
			for (int64_t j = 0; j < w; j++)
				fg->g[i * w + j] = rows[i][j].u.i;
	}
	ctx->memo_tag = MEMO_FLAT_GRID;
	ctx->memo_key = grid.u.t;
	ctx->memo_val = fg;
	ctx->memo_writes++;
	return fg;
}

/* pre[i][j] = cells of `color` in the first i rows and j columns. */
static int64_t *prefix_counts(bf_ctx *ctx, flat_grid *fg, int64_t h, int64_t w, int64_t color)
{
	int slot;
	for (slot = 0; slot < FLAT_COLORS && fg->pre[slot]; slot++)
		if (fg->color[slot] == color)
			return fg->pre[slot];
	if (slot == FLAT_COLORS)
		slot = FLAT_COLORS - 1; /* full: the last slot is recycled */
	int64_t W = w + 1;
	int64_t *pre = bf_alloc(ctx, (size_t)((h + 1) * W) * sizeof(int64_t));
	const int64_t *g = fg->g;
	for (int64_t j = 0; j <= w; j++)
		pre[j] = 0;
	for (int64_t i = 1; i <= h; i++) {
		pre[i * W] = 0;
		for (int64_t j = 1; j <= w; j++)
			pre[i * W + j] = (g[(i - 1) * w + j - 1] == color) + pre[(i - 1) * W + j] +
					 pre[i * W + j - 1] - pre[(i - 1) * W + j - 1];
	}
	bf_work(ctx, (uint64_t)(h * w));
	fg->color[slot] = color;
	fg->pre[slot] = pre;
	ctx->memo_writes++;
	return pre;
}

static bool occurrences_ints(bf_ctx *ctx, bf_val grid, const bf_val **rows, int64_t h,
			     int64_t w, const cell *c, int64_t n, int64_t h2, int64_t w2,
			     bf_val occs)
{
	for (int64_t k = 0; k < n; k++)
		if (!bf_is_intlike(c[k].v))
			return false;
	flat_grid *fg = flatten(ctx, grid, rows, h, w);
	if (!fg->allint)
		return false;
	const int64_t *g = fg->g;
	if (uniform_rectangle(c, n, h2, w2, h, w)) {
		occurrences_rect(ctx, fg, h, w, h - h2 + 1, w - w2 + 1, c[0].v.u.i, occs);
		return true;
	}
	int64_t *off = bf_alloc(ctx, (size_t)n * sizeof(int64_t));
	int64_t *val = bf_alloc(ctx, (size_t)n * sizeof(int64_t));
	for (int64_t k = 0; k < n; k++) {
		off[k] = c[k].i * w + c[k].j;
		val[k] = c[k].v.u.i;
	}
	for (int64_t i = 0; i < h2; i++)
		for (int64_t j = 0; j < w2; j++) {
			const int64_t *base = g + i * w + j;
			int64_t k = 0;
			while (k < n && base[off[k]] == val[k])
				k++;
			bf_work(ctx, (uint64_t)(k < n ? k + 1 : n));
			if (k == n)
				bf_set_add(ctx, occs, bf_pair_ii(ctx, i, j));
		}
	return true;
}

/* h2 * w2 * n, saturating: the cells of every shifted copy */
static uint64_t placement_cells(int64_t h2, int64_t w2, int64_t n)
{
	uint64_t p, r;
	if (__builtin_mul_overflow((uint64_t)h2, (uint64_t)w2, &p) ||
	    __builtin_mul_overflow(p, (uint64_t)n, &r))
		return UINT64_MAX;
	return r;
}

bf_val bf_p_occurrences(bf_ctx *ctx, const bf_val *a)
{
	bf_val grid = a[0], obj = a[1];
	cell *c;
	int64_t n;
	if (!object_cells(ctx, obj, &c, &n))
		return occurrences_generic(ctx, grid, obj);
	int64_t h, w;
	grid_dims(ctx, grid, &h, &w);
	const bf_val **rows = regular_rows(ctx, grid, h, w);
	if (n > 0 && !rows)
		return occurrences_generic(ctx, grid, obj);
	/* normalize(obj) and shape(obj) */
	int64_t i0 = 0, j0 = 0, i1 = -1, j1 = -1;
	for (int64_t k = 0; k < n; k++) {
		if (k == 0 || c[k].i < i0)
			i0 = c[k].i;
		if (k == 0 || c[k].j < j0)
			j0 = c[k].j;
		if (k == 0 || c[k].i > i1)
			i1 = c[k].i;
		if (k == 0 || c[k].j > j1)
			j1 = c[k].j;
	}
	for (int64_t k = 0; k < n; k++) {
		c[k].i -= i0;
		c[k].j -= j0;
	}
	int64_t h2 = h - (i1 - i0 + 1) + 1, w2 = w - (j1 - j0 + 1) + 1;
	/* arc-dsl builds shift(normed, (i, j)), all n cells, at every
	 * placement before it compares any: charged here, as CPython spends
	 * it, whatever shortcut follows */
	if (h2 > 0 && w2 > 0)
		bf_work(ctx, placement_cells(h2, w2, n));
	bf_val occs = bf_set_new(ctx);
	if (n > 0 && h2 > 0 && w2 > 0 && occurrences_ints(ctx, grid, rows, h, w, c, n, h2, w2, occs))
		return bf_set_copy(ctx, occs, true);
	for (int64_t i = 0; i < h2; i++)
		for (int64_t j = 0; j < w2; j++) {
			bool occurs = true;
			for (int64_t k = 0; k < n; k++) {
				int64_t x = c[k].i + i, y = c[k].j + j;
				bf_work(ctx, 1);
				bf_val g;
				if (x < 0 || x >= h || y < 0 || y >= w)
					occurs = false;
				else if (g = rows[x][y], bf_is_intlike(g) && bf_is_intlike(c[k].v))
					occurs = g.u.i == c[k].v.u.i;
				else
					occurs = bf_py_eq(ctx, g, c[k].v);
				if (!occurs)
					break;
			}
			if (occurs)
				bf_set_add(ctx, occs, bf_pair_ii(ctx, i, j));
		}
	return bf_set_copy(ctx, occs, true);
}

/* ---- frontiers, compress ---- */

/* Flags of the rows (over the items of grid) and of the columns of
 * zip(*grid) whose values are all one: ri[i], ci[j] for j < *ncols. */
static void uniform_lines(bf_ctx *ctx, bf_val grid, bool **ri, bool **ci, int64_t *nrows,
			  int64_t *ncols)
{
	int64_t h;
	const bf_val *rows = bf_py_items(ctx, grid, &h);
	const bf_val **items = bf_alloc(ctx, (size_t)(h ? h : 1) * sizeof(*items));
	int64_t *len = bf_alloc(ctx, (size_t)(h ? h : 1) * sizeof(int64_t));
	*ri = bf_alloc(ctx, (size_t)(h ? h : 1));
	int64_t cols = 0;
	for (int64_t i = 0; i < h; i++) {
		items[i] = bf_py_items(ctx, rows[i], &len[i]);
		(*ri)[i] = uniform(ctx, items[i], len[i]);
		if (i == 0 || len[i] < cols)
			cols = len[i];
	}
	*nrows = h;
	*ncols = cols;
	*ci = bf_alloc(ctx, (size_t)(cols ? cols : 1));
	if (grid.kind != BF_TUPLE)
		return; /* the caller asks dmirror */
	bf_val *col = bf_alloc(ctx, (size_t)(h ? h : 1) * sizeof(bf_val));
	for (int64_t j = 0; j < cols; j++) {
		for (int64_t i = 0; i < h; i++)
			col[i] = items[i][j];
		(*ci)[j] = uniform(ctx, col, h);
	}
}

/* frozenset({frozenset({(grid[i][j], (i, j)) for one index in range(n)})
 *            for the other index in lines}) */
static bf_val frontier_set(bf_ctx *ctx, bf_val grid, const bool *lines, int64_t nlines,
			   int64_t n, bool horizontal)
{
	bf_val outer = bf_set_new(ctx);
	for (int64_t l = 0; l < nlines; l++) {
		if (!lines[l])
			continue;
		bf_val inner = bf_set_new(ctx);
		for (int64_t k = 0; k < n; k++) {
			int64_t i = horizontal ? l : k, j = horizontal ? k : l;
			bf_val v = bf_py_getitem(ctx, bf_py_getitem(ctx, grid, i), j);
			bf_set_add(ctx, inner, bf_tuple2(ctx, v, bf_pair_ii(ctx, i, j)));
		}
		bf_set_add(ctx, outer, bf_set_copy(ctx, inner, true));
	}
	return bf_set_copy(ctx, outer, true);
}

bf_val bf_p_frontiers(bf_ctx *ctx, const bf_val *a)
{
	bf_val grid = a[0];
	int64_t h, w, nrows, ncols;
	grid_dims(ctx, grid, &h, &w); /* so grid is a non-empty tuple */
	bool *ri, *ci;
	uniform_lines(ctx, grid, &ri, &ci, &nrows, &ncols);
	bf_val hf = frontier_set(ctx, grid, ri, nrows, w, true);
	bf_val vf = frontier_set(ctx, grid, ci, ncols, h, false);
	return bf_set_or(ctx, hf, vf);
}

bf_val bf_p_compress(bf_ctx *ctx, const bf_val *a)
{
	bf_val grid = a[0];
	int64_t nrows, ncols;
	bool *ri, *ci;
	uniform_lines(ctx, grid, &ri, &ci, &nrows, &ncols);
	if (grid.kind != BF_TUPLE) {
		/* dmirror of a patch: its own iteration decides the columns */
		int64_t nd;
		const bf_val *d = bf_py_items(ctx, bf_p_dmirror(ctx, &grid), &nd);
		ci = bf_alloc(ctx, (size_t)(nd ? nd : 1));
		for (int64_t j = 0; j < nd; j++) {
			int64_t m;
			const bf_val *it = bf_py_items(ctx, d[j], &m);
			ci[j] = uniform(ctx, it, m);
		}
		ncols = nd;
	}
	int64_t h;
	const bf_val *rows = bf_py_items(ctx, grid, &h);
	bf_vec out;
	bf_vec_init(ctx, &out, h);
	for (int64_t i = 0; i < h; i++) {
		if (ri[i])
			continue;
		int64_t m;
		const bf_val *it = bf_py_items(ctx, rows[i], &m);
		bf_vec row;
		bf_vec_init(ctx, &row, m);
		for (int64_t j = 0; j < m; j++)
			if (j >= ncols || !ci[j])
				bf_vec_push(ctx, &row, it[j]);
		bf_vec_push(ctx, &out, bf_py_tuple_of(ctx, row.v, row.n));
	}
	return bf_py_tuple_of(ctx, out.v, out.n);
}

/* ---- hperiod, vperiod ---- */

/* The generic period: normalize, then for p in range(1, extent) compare
 * the shifted copy, pruned to the quadrant, with the normalized patch. */
static bf_val period_generic(bf_ctx *ctx, bf_val obj, bool horizontal)
{
	bf_val normalized = bf_p_normalize(ctx, &obj);
	bf_val ext = horizontal ? bf_p_width(ctx, &normalized) : bf_p_height(ctx, &normalized);
	int64_t e = bf_py_range_arg(ctx, ext);
	for (int64_t p = 1; p < e; p++) {
		bf_val sargs[2] = {normalized, horizontal ? bf_pair_ii(ctx, 0, -p)
							  : bf_pair_ii(ctx, -p, 0)};
		int64_t n;
		const bf_val *it = bf_py_items(ctx, bf_p_shift(ctx, sargs), &n);
		bf_val pruned = bf_set_new(ctx);
		for (int64_t k = 0; k < n; k++) {
			bf_val c, ij, i, j;
			bf_py_unpack2(ctx, it[k], &c, &ij);
			bf_py_unpack2(ctx, ij, &i, &j);
			bf_val x = horizontal ? j : i;
			if (!bf_is_intlike(x))
				bf_raise(ctx, "TypeError: '>=' not supported between instances of "
					 "'%s' and 'int'", bf_type_name(x));
			if (x.u.i >= 0)
				bf_set_add(ctx, pruned, bf_tuple2(ctx, c, bf_tuple2(ctx, i, j)));
		}
		pruned = bf_set_copy(ctx, pruned, true);
		bf_val whole = normalized;
		if (!bf_is_set(whole)) {
			/* issubset(iterable) makes a set of it first */
			int64_t m;
			const bf_val *wi = bf_py_items(ctx, whole, &m);
			whole = bf_set_new(ctx);
			for (int64_t k = 0; k < m; k++)
				bf_set_add(ctx, whole, wi[k]);
		}
		if (bf_set_issubset(ctx, pruned, whole))
			return bf_int(p);
	}
	return ext;
}

/* The fast period of a well-formed object with int colors and one cell per
 * position: a dense map of its bounding box. */
static bf_val period(bf_ctx *ctx, bf_val obj, bool horizontal)
{
	cell *c;
	int64_t n;
	if (!object_cells(ctx, obj, &c, &n))
		return period_generic(ctx, obj, horizontal);
	if (n == 0)
		return bf_int(0);
	int64_t i0 = c[0].i, j0 = c[0].j, i1 = c[0].i, j1 = c[0].j;
	for (int64_t k = 0; k < n; k++) {
		if (!bf_is_intlike(c[k].v))
			return period_generic(ctx, obj, horizontal);
		i0 = c[k].i < i0 ? c[k].i : i0;
		j0 = c[k].j < j0 ? c[k].j : j0;
		i1 = c[k].i > i1 ? c[k].i : i1;
		j1 = c[k].j > j1 ? c[k].j : j1;
	}
	int64_t oh = i1 - i0 + 1, ow = j1 - j0 + 1, area;
	if (__builtin_mul_overflow(oh, ow, &area) || area > 4 * n + 4096)
		return period_generic(ctx, obj, horizontal);
	/* box[i][j]: index + 1 of the cell there, 0 if none */
	int64_t *box = bf_alloc(ctx, (size_t)area * sizeof(int64_t));
	memset(box, 0, (size_t)area * sizeof(int64_t));
	for (int64_t k = 0; k < n; k++) {
		c[k].i -= i0;
		c[k].j -= j0;
		int64_t *slot = &box[c[k].i * ow + c[k].j];
		if (*slot)
			return period_generic(ctx, obj, horizontal);
		*slot = k + 1;
	}
	int64_t ext = horizontal ? ow : oh;
	for (int64_t p = 1; p < ext; p++) {
		bool sub = true;
		for (int64_t k = 0; k < n && sub; k++) {
			int64_t i = c[k].i - (horizontal ? 0 : p), j = c[k].j - (horizontal ? p : 0);
			bf_work(ctx, 1);
			if (i < 0 || j < 0)
				continue;
			int64_t there = box[i * ow + j];
			sub = there && c[there - 1].v.u.i == c[k].v.u.i;
		}
		if (sub)
			return bf_int(p);
	}
	return bf_int(ext);
}

bf_val bf_p_hperiod(bf_ctx *ctx, const bf_val *a)
{
	return period(ctx, a[0], true);
}

bf_val bf_p_vperiod(bf_ctx *ctx, const bf_val *a)
{
	return period(ctx, a[0], false);
}

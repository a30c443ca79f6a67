/*
 * pyset.c -- sets with CPython 3.11's table layout (see pyset.h).
 *
 * The probing sequence (9 linear probes, then perturbed jumps), the growth
 * rule (grow when fill*5 >= mask*3, to 4x used), the merge shortcuts of
 * set_merge() and the strategy choices of intersection and difference all
 * follow CPython, because each of them changes where an item lands and so
 * the order in which Python would iterate the set.
 */
#include <stdlib.h>
#include <string.h>

#include "battfarm/ctx.h"
#include "charge_run.h"
#include "intern.h"
#include "pyset.h"
#include "battfarm/util.h"

#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
#define MINSIZE 8

static bf_val wrap(bf_set *s, bool frozen)
{
	bf_val v = {frozen ? BF_FSET : BF_SET, 0, {0}};
	v.u.s = s;
	return v;
}

static bf_entry *table_new(bf_ctx *ctx, int64_t size)
{
	bf_work(ctx, 1 + (uint64_t)size / 16);
	bf_entry *t = bf_alloc(ctx, (size_t)size * sizeof(bf_entry));
	memset(t, 0, (size_t)size * sizeof(bf_entry));
	return t;
}

static bf_set *set_alloc(bf_ctx *ctx, int64_t size)
{
	bf_set *s = bf_alloc(ctx, sizeof(bf_set));
	s->used = s->fill = 0;
	s->mask = size - 1;
	s->hash = 0;
	s->hashed = false;
	s->shared = false;
	s->table = table_new(ctx, size);
	s->items = NULL;
	return s;
}

bf_val bf_set_new(bf_ctx *ctx)
{
	return wrap(set_alloc(ctx, MINSIZE), false);
}

int64_t bf_set_size_for(int64_t minused)
{
	int64_t size = MINSIZE;
	while (size <= minused)
		size <<= 1;
	return size;
}

bf_val bf_fset_empty(bf_ctx *ctx)
{
	return wrap(set_alloc(ctx, MINSIZE), true);
}

/* set_insert_clean(): place a key known to be absent, in a table known to
 * hold no dummies. */
static void insert_clean(bf_entry *table, uint64_t mask, bf_val key, int64_t hash)
{
	uint64_t perturb = (uint64_t)hash;
	uint64_t i = (uint64_t)hash & mask;
	bf_entry *e;
	for (;;) {
		e = &table[i];
		if (e->key.kind == BF_EMPTY)
			break;
		if (i + LINEAR_PROBES <= mask) {
			int j;
			for (j = 0; j < LINEAR_PROBES; j++) {
				e++;
				if (e->key.kind == BF_EMPTY)
					break;
			}
			if (j < LINEAR_PROBES)
				break;
		}
		perturb >>= PERTURB_SHIFT;
		i = (i * 5 + 1 + perturb) & mask;
	}
	e->key = key;
	e->hash = hash;
}

/* What set_add_entry() asks set_table_resize() for when a table of
 * `used` live entries fills up. */
int64_t bf_set_grown_minused(int64_t used)
{
	return used > 50000 ? used * 2 : used * 4;
}

int64_t bf_set_grown_size(int64_t fill)
{
	return bf_set_size_for(bf_set_grown_minused(fill));
}

/* set_table_resize() */
static void resize(bf_ctx *ctx, bf_set *s, int64_t minused)
{
	int64_t newsize = bf_set_size_for(minused);
	bf_entry *old = s->table;
	int64_t oldmask = s->mask;
	s->table = table_new(ctx, newsize);
	s->mask = newsize - 1;
	s->fill = s->used;
	for (int64_t i = 0; i <= oldmask; i++)
		if (old[i].key.kind > BF_DUMMY)
			insert_clean(s->table, (uint64_t)s->mask, old[i].key, old[i].hash);
}

/* set_add_entry() */
void bf_set_add_hashed(bf_ctx *ctx, bf_val set, bf_val key, int64_t hash)
{
	bf_set *s = set.u.s;
	uint64_t mask = (uint64_t)s->mask;
	uint64_t i = (uint64_t)hash & mask;
	uint64_t perturb = (uint64_t)hash;
	bf_entry *freeslot = NULL;
	bf_entry *e = &s->table[i];

	bf_set_work(ctx, s, 1 + bf_set_key_items(key));
	if (e->key.kind == BF_EMPTY)
		goto found_unused;
	for (;;) {
		if (e->hash == hash && e->key.kind > BF_DUMMY) {
			if (bf_py_eq(ctx, e->key, key))
				return;
		} else if (e->key.kind == BF_DUMMY && !freeslot)
			freeslot = e;
		if (i + LINEAR_PROBES <= mask) {
			for (int j = 0; j < LINEAR_PROBES; j++) {
				e++;
				if (e->key.kind == BF_EMPTY)
					goto found_unused_or_dummy;
				if (e->hash == hash && e->key.kind > BF_DUMMY) {
					if (bf_py_eq(ctx, e->key, key))
						return;
				} else if (e->key.kind == BF_DUMMY && !freeslot)
					freeslot = e;
			}
		}
		perturb >>= PERTURB_SHIFT;
		i = (i * 5 + 1 + perturb) & mask;
		e = &s->table[i];
		if (e->key.kind == BF_EMPTY)
			goto found_unused_or_dummy;
	}
found_unused_or_dummy:
	if (freeslot) {
		s->used++;
		freeslot->key = key;
		freeslot->hash = hash;
		return;
	}
found_unused:
	s->fill++;
	s->used++;
	e->key = key;
	e->hash = hash;
	if (!bf_set_full(s->fill, (int64_t)mask))
		return;
	resize(ctx, s, bf_set_grown_minused(s->used));
}


static bf_entry *lookup(bf_ctx *ctx, bf_set *s, bf_val key, int64_t hash)
{
	uint64_t mask = (uint64_t)s->mask;
	uint64_t perturb = (uint64_t)hash;
	uint64_t i = (uint64_t)hash & mask;
	for (;;) {
		bf_entry *e = &s->table[i];
		int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
		do {
			if (e->key.kind == BF_EMPTY)
				return NULL;
			if (e->hash == hash && e->key.kind > BF_DUMMY && bf_py_eq(ctx, e->key, key))
				return e;
			e++;
		} while (probes--);
		perturb >>= PERTURB_SHIFT;
		i = (i * 5 + 1 + perturb) & mask;
	}
}

static bool contains_hashed(bf_ctx *ctx, bf_set *s, bf_val key, int64_t hash)
{
	return lookup(ctx, s, key, hash) != NULL;
}

bool bf_set_contains(bf_ctx *ctx, bf_val set, bf_val key)
{
	bf_set_work(ctx, set.u.s, 1);
	return contains_hashed(ctx, set.u.s, key, bf_hash(ctx, key));
}

static void discard_hashed(bf_ctx *ctx, bf_set *s, bf_val key, int64_t hash)
{
	bf_entry *e = lookup(ctx, s, key, hash);
	if (!e)
		return;
	e->key.kind = BF_DUMMY;
	e->hash = -1;
	s->used--;
}

/* set_merge(): so |= other where other is a set. */
static void merge(bf_ctx *ctx, bf_set *so, bf_set *other)
{
	if (so == other || other->used == 0)
		return;
	bf_set_work(ctx, other, (uint64_t)other->used);
	if (bf_set_full(so->fill + other->used, so->mask))
		resize(ctx, so, (so->used + other->used) * 2);
	if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
		memcpy(so->table, other->table, (size_t)(other->mask + 1) * sizeof(bf_entry));
		so->fill = other->fill;
		so->used = other->used;
		return;
	}
	if (so->fill == 0) {
		so->fill = so->used = other->used;
		for (int64_t i = 0; i <= other->mask; i++) {
			bf_entry *e = &other->table[i];
			if (e->key.kind > BF_DUMMY)
				insert_clean(so->table, (uint64_t)so->mask, e->key, e->hash);
		}
		return;
	}
	for (int64_t i = 0; i <= other->mask; i++) {
		bf_entry *e = &other->table[i];
		if (e->key.kind > BF_DUMMY)
			bf_set_add_hashed(ctx, wrap(so, false), e->key, e->hash);
	}
}

bf_val bf_set_copy(bf_ctx *ctx, bf_val src, bool frozen)
{
	bf_set *s = set_alloc(ctx, MINSIZE);
	merge(ctx, s, src.u.s);
	return wrap(s, frozen);
}

bf_val bf_set_copy_layout(bf_ctx *ctx, const bf_set_layout *src)
{
	/* merge() into a fresh set: its table is empty, so only its first
	 * two shortcuts can apply */
	bf_set *so = set_alloc(ctx, MINSIZE);
	if (src->used == 0)
		return wrap(so, true);
	bf_set_work_mask(ctx, src->mask, (uint64_t)src->used);
	if (bf_set_full(src->used, so->mask))
		resize(ctx, so, src->used * 2);
	so->fill = so->used = src->used;
	bool same = so->mask == src->mask && src->fill == src->used;
	for (int64_t i = 0; i <= src->mask; i++) {
		int32_t k = src->slot[i];
		if (k < 0)
			continue;
		if (same) {
			so->table[i].key = src->key[k];
			so->table[i].hash = src->hash[k];
		} else {
			insert_clean(so->table, (uint64_t)so->mask, src->key[k], src->hash[k]);
		}
	}
	return wrap(so, true);
}

bf_val bf_set_freeze(bf_ctx *ctx, bf_val set)
{
	return bf_set_copy(ctx, set, true);
}

bf_val bf_set_seal(bf_val set)
{
	set.kind = BF_FSET;
	return set;
}

void bf_set_update(bf_ctx *ctx, bf_val s, bf_val other)
{
	merge(ctx, s.u.s, other.u.s);
}

bf_val bf_set_or(bf_ctx *ctx, bf_val a, bf_val b)
{
	bf_val r = bf_set_copy(ctx, a, a.kind == BF_FSET);
	if (a.u.s != b.u.s)
		merge(ctx, r.u.s, b.u.s);
	return r;
}

/* set_intersection(): walks the smaller operand (b on a tie). */
static bf_val intersect(bf_ctx *ctx, bf_set *so, bf_set *other, bool frozen)
{
	if (so == other)
		return bf_set_copy(ctx, wrap(so, frozen), frozen);
	bf_val r = wrap(set_alloc(ctx, MINSIZE), frozen);
	if (other->used > so->used) {
		bf_set *t = so;
		so = other;
		other = t;
	}
	bf_set_work(ctx, other, (uint64_t)other->used);
	for (int64_t i = 0; i <= other->mask; i++) {
		bf_entry *e = &other->table[i];
		if (e->key.kind > BF_DUMMY && contains_hashed(ctx, so, e->key, e->hash))
			bf_set_add_hashed(ctx, r, e->key, e->hash);
	}
	return r;
}

bf_val bf_set_and(bf_ctx *ctx, bf_val a, bf_val b)
{
	return intersect(ctx, a.u.s, b.u.s, a.kind == BF_FSET);
}

/* set_difference(), with its copy-then-discard strategy when a is more
 * than four times the size of b (that path leaves dummies behind, which
 * later merges see, so it is reproduced too). */
bf_val bf_set_sub(bf_ctx *ctx, bf_val a, bf_val b)
{
	bool frozen = a.kind == BF_FSET;
	bf_set *so = a.u.s, *other = b.u.s;
	if ((so->used >> 2) > other->used) {
		bf_val r = bf_set_copy(ctx, a, frozen);
		bf_set *rs = r.u.s;
		bf_set_work(ctx, other, (uint64_t)other->used);
		for (int64_t i = 0; i <= other->mask; i++) {
			bf_entry *e = &other->table[i];
			if (e->key.kind > BF_DUMMY)
				discard_hashed(ctx, rs, e->key, e->hash);
		}
		if ((uint64_t)(rs->fill - rs->used) > (uint64_t)rs->mask / 4)
			resize(ctx, rs, rs->used > 50000 ? rs->used * 2 : rs->used * 4);
		return r;
	}
	if (so == other)
		return wrap(set_alloc(ctx, MINSIZE), frozen);
	bf_val r = wrap(set_alloc(ctx, MINSIZE), frozen);
	bf_set_work(ctx, so, (uint64_t)so->used);
	for (int64_t i = 0; i <= so->mask; i++) {
		bf_entry *e = &so->table[i];
		if (e->key.kind > BF_DUMMY && !contains_hashed(ctx, other, e->key, e->hash))
			bf_set_add_hashed(ctx, r, e->key, e->hash);
	}
	return r;
}

/* a - b where b is known only by its size and a membership test.  The
 * result equals bf_set_sub's for any set b of that size and those members:
 * both of CPython's strategies depend on b only through len(b) and "in b"
 * (the discards of the copy path mark the same slots in any order). */
bf_val bf_set_sub_where(bf_ctx *ctx, bf_val a, int64_t blen, bool (*in_b)(void *, bf_val),
			void *arg)
{
	bool frozen = a.kind == BF_FSET;
	bf_set *so = a.u.s;
	if ((so->used >> 2) > blen) {
		bf_val r = bf_set_copy(ctx, a, frozen);
		bf_set *rs = r.u.s;
		bf_set_work(ctx, rs, (uint64_t)rs->used);
		for (int64_t i = 0; i <= rs->mask; i++) {
			bf_entry *e = &rs->table[i];
			if (e->key.kind > BF_DUMMY && in_b(arg, e->key)) {
				e->key.kind = BF_DUMMY;
				e->hash = -1;
				rs->used--;
			}
		}
		if ((uint64_t)(rs->fill - rs->used) > (uint64_t)rs->mask / 4)
			resize(ctx, rs, rs->used > 50000 ? rs->used * 2 : rs->used * 4);
		return r;
	}
	bf_val r = wrap(set_alloc(ctx, MINSIZE), frozen);
	bf_set_work(ctx, so, (uint64_t)so->used);
	for (int64_t i = 0; i <= so->mask; i++) {
		bf_entry *e = &so->table[i];
		if (e->key.kind > BF_DUMMY && !in_b(arg, e->key))
			bf_set_add_hashed(ctx, r, e->key, e->hash);
	}
	return r;
}


/*
 * asindices(grid) of an h x w grid, the set of every (i, j) added row by
 * row, is built by objects() and asindices() on every call, and its layout
 * depends on h and w alone (the pairs' hashes and the order they come in).
 * So the first time a size is seen its layout is worked out on a table of
 * cell numbers (bf_indices_layout) and noted, and later builds place the
 * pairs straight into the final table.  They charge what the real build charges (bf_indices_charges, on
 * a charge run: the pairs, the adds, each resize's new table, counted as
 * allocated though only the last one is), so units, bytes, the arena's
 * ceiling and the point where a budget runs out are those of the real
 * build.  Sizes up to 64 x 64 are noted; bigger ones of more than 64 x 64
 * cells are placed from bf_indices_layout(), which works the layout out on
 * a table of cell numbers (objects() on big grids uses it alone); the few
 * sizes in between are built by adds, cut before anything is made when the
 * budget or the ceiling would cut them; a salted hash (diagnostics) always
 * builds.
 */
#define INDICES_MAX_SIDE 64

/* The charges of asindices' build, on a run: set_alloc (the set, its 8
 * slots), then per pair its tuple (bf_pair_ii: 1 element, the tuple's
 * bytes) and its add (1 + 2 items hashed, at the rate of the table's size
 * then), and at each growth the new table (set_table_resize's rule).
 * Between two growths every pair charges the same, so a stretch of them is
 * one group repeated. */
bool bf_indices_charges(bf_charge_run *r, int64_t n, bf_indices_tables *t)
{
	bf_run_alloc(r, sizeof(bf_set));
	bf_run_work(r, bf_run_units_of(r, -1, 1 + MINSIZE / 16));
	bf_run_alloc(r, MINSIZE * sizeof(bf_entry));
	t->size = MINSIZE;
	t->prev = 0;
	t->grows = 0;
	uint64_t tuple_units = bf_run_units_of(r, -1, 1 + 2 / 8);
	for (int64_t fill = 0; fill < n;) {
		int64_t mask = t->size - 1;
		int64_t grow_at = (mask * 3 + 4) / 5; /* the first fill with fill*5 >= mask*3 */
		int64_t upto = grow_at < n ? grow_at : n;
		const bf_run_step pair[3] = {
			{tuple_units, 0},
			{0, BF_TUPLE_CHARGED(2)},
			{bf_run_units_of(r, mask, 1 + 2), 0},
		};
		if (!bf_run_steps(r, pair, 3, (uint64_t)(upto - fill)))
			return false;
		fill = upto;
		if (fill < grow_at)
			break;
		int64_t size = bf_set_grown_size(fill);
		bf_run_work(r, bf_run_units_of(r, -1, 1 + (uint64_t)size / 16));
		bf_run_alloc(r, (size_t)size * sizeof(bf_entry));
		t->prev = t->size;
		t->size = size;
		t->grows++;
	}
	return !r->stop;
}

/* set_insert_clean() of cell number `cell` in a table of cell numbers
 * (-1: empty). */
static void place_cell(int32_t *slot, uint64_t mask, int64_t hash, int32_t cell)
{
	uint64_t perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
	for (;;) {
		if (slot[i] < 0) {
			slot[i] = cell;
			return;
		}
		if (i + LINEAR_PROBES <= mask)
			for (uint64_t k = 1; k <= LINEAR_PROBES; k++)
				if (slot[i + k] < 0) {
					slot[i + k] = cell;
					return;
				}
		perturb >>= PERTURB_SHIFT;
		i = (i * 5 + 1 + perturb) & mask;
	}
}

/* The tables take turns in the two arrays so that the last is in `final`. */
static int32_t *layout_table(const bf_indices_tables *t, int stage, int32_t *final,
			     int32_t *scratch, int64_t size)
{
	int32_t *tab = (t->grows - stage) % 2 == 0 ? final : scratch;
	memset(tab, 0xff, (size_t)size * sizeof(int32_t));
	return tab;
}

/* Cells placed into one table in the order they come, each placed
 * PLACE_AHEAD cells after its first slot was prefetched: the big tables
 * outgrow the caches, and the order of placement is all that counts. */
#define PLACE_AHEAD 16
typedef struct placer {
	int32_t *tab;
	uint64_t mask;
	uint64_t count;
	int64_t hash[PLACE_AHEAD];
	int32_t cell[PLACE_AHEAD];
} placer;

static void placer_init(placer *p, int32_t *tab, int64_t size)
{
	p->tab = tab;
	p->mask = (uint64_t)size - 1;
	p->count = 0;
}

static inline void placer_push(placer *p, int32_t cell, int64_t hash)
{
	unsigned r = (unsigned)(p->count % PLACE_AHEAD);
	__builtin_prefetch(&p->tab[(uint64_t)hash & p->mask], 1);
	if (p->count >= PLACE_AHEAD)
		place_cell(p->tab, p->mask, p->hash[r], p->cell[r]);
	p->hash[r] = hash;
	p->cell[r] = cell;
	p->count++;
}

static void placer_flush(placer *p)
{
	uint64_t pending = p->count < PLACE_AHEAD ? p->count : PLACE_AHEAD;
	for (uint64_t k = p->count - pending; k < p->count; k++)
		place_cell(p->tab, p->mask, p->hash[k % PLACE_AHEAD], p->cell[k % PLACE_AHEAD]);
	p->count = 0;
}

/* set_table_resize(): the old table's cells, in slot order, into next. */
static void layout_grow(const int32_t *old, int64_t oldsize, placer *next, uint32_t w)
{
	for (int64_t s = 0; s < oldsize; s++)
		if (old[s] >= 0) {
			uint32_t cell = (uint32_t)old[s];
			placer_push(next, old[s], bf_tuple_hash2(cell / w, cell % w));
		}
	placer_flush(next);
}

void bf_indices_layout(int64_t h, int64_t w, const bf_indices_tables *t, int32_t *final,
		       int32_t *scratch)
{
	int64_t size = MINSIZE, fill = 0, n = h * w, i = 0, j = 0;
	int stage = 0;
	placer p;
	placer_init(&p, layout_table(t, stage, final, scratch, size), size);
	while (fill < n) {
		/* the adds up to the table's growth point, row by row */
		int64_t grow_at = ((size - 1) * 3 + 4) / 5;
		for (; fill < n && fill < grow_at; fill++) {
			placer_push(&p, (int32_t)fill, bf_tuple_hash2(i, j));
			if (++j == w) {
				j = 0;
				i++;
			}
		}
		placer_flush(&p);
		if (fill < grow_at)
			break;
		int64_t newsize = bf_set_grown_size(fill);
		const int32_t *old = p.tab;
		placer_init(&p, layout_table(t, ++stage, final, scratch, newsize), newsize);
		layout_grow(old, size, &p, (uint32_t)w);
		size = newsize;
	}
}

typedef struct indices_layout {
	int64_t mask;        /* the final table's */
	int16_t slot[];      /* where pair i*w+j sits */
} indices_layout;

static indices_layout *indices_cache[INDICES_MAX_SIDE][INDICES_MAX_SIDE];

static void indices_note(int64_t w, int64_t n, const bf_set *s, indices_layout **where)
{
	indices_layout *L = bf_xmalloc(sizeof(*L) + (size_t)n * sizeof(int16_t));
	L->mask = s->mask;
	for (int64_t k = 0; k <= s->mask; k++) {
		bf_val key = s->table[k].key;
		if (key.kind > BF_DUMMY)
			L->slot[key.u.t->it[0].u.i * w + key.u.t->it[1].u.i] = (int16_t)k;
	}
	*where = L;
}

/* Pair k = (i, j) as bf_pair_ii makes it -- the shared one (mem NULL:
 * bf_intern_room said so) or one made in mem -- entered in e. */
static bf_val indices_enter(unsigned char *mem, int64_t k, int64_t i, int64_t j, bf_entry *e)
{
	if (!mem) {
		e->key = bf_intern_ref(i, j);
		e->hash = e->key.u.t->hash;
		return e->key;
	}
	bf_tuple *t = (bf_tuple *)(void *)(mem + (size_t)k * (sizeof(bf_tuple) + 2 * sizeof(bf_val)));
	t->n = 2;
	t->it[0] = bf_int(i);
	t->it[1] = bf_int(j);
	t->hash = bf_tuple_hash2(i, j);
	t->flags = BF_TF_ALLINT | BF_TF_HASHED;
	e->key.kind = BF_TUPLE;
	e->key.stamp = 0;
	e->key.u.t = t;
	e->hash = t->hash;
	return e->key;
}

/* The charges of building asindices of n pairs, on a run begun now;
 * raises where the build would stop (then nothing is made). */
static void indices_run(bf_ctx *ctx, int64_t n, bf_charge_run *run, bf_indices_tables *tables)
{
	bf_run_begin(run, ctx);
	if (!bf_indices_charges(run, n, tables))
		bf_run_commit(ctx, run);
}

/* The build from a layout, the one noted for this size (L) or, for a big
 * size, one worked out now (bf_indices_layout): the set, its final table
 * and the pairs are taken from the arena, and everything the real build
 * charges is charged at once (bf_run_commit), or up to where the real
 * build would have stopped, raising there. */
static bf_set *indices_replay(bf_ctx *ctx, int64_t h, int64_t w, bf_val *pairs,
			      const indices_layout *L)
{
	int64_t n = h * w;
	bf_charge_run run;
	bf_indices_tables tables;
	indices_run(ctx, n, &run, &tables);
	bf_arena *a = &ctx->arena;
	int64_t mask = L ? L->mask : tables.size - 1;
	size_t table_bytes = (size_t)(mask + 1) * sizeof(bf_entry);
	bf_set *s = bf_arena_alloc(a, sizeof(bf_set));
	bf_entry *table = bf_arena_alloc(a, table_bytes);
	/* the pairs' memory, unless they are the shared ones (the run
	 * charges them as made either way) */
	bool shared = bf_intern_room(h, w);
	unsigned char *mem = shared ? NULL : bf_arena_alloc(a, (size_t)n * (sizeof(bf_tuple) + 2 * sizeof(bf_val)));
	/* a big size's layout, in room the intermediate tables would take */
	int32_t *order = L ? NULL : bf_arena_alloc(a, (size_t)tables.size * sizeof(int32_t));
	int32_t *scratch = L ? NULL : bf_arena_alloc(a, (size_t)tables.prev * sizeof(int32_t));
	if (!s || !table || (!mem && !shared) || (!L && (!order || !scratch)))
		bf_raise_nomem(ctx); /* the system's memory, not the ceiling */
	bf_run_commit(ctx, &run); /* the tables not made, and every unit */
	memset(table, 0, table_bytes);
	if (L) {
		for (int64_t i = 0, k = 0; i < h; i++)
			for (int64_t j = 0; j < w; j++, k++) {
				bf_val key = indices_enter(mem, k, i, j, &table[L->slot[k]]);
				if (pairs)
					pairs[k] = key;
			}
	} else {
		bf_indices_layout(h, w, &tables, order, scratch);
		for (int64_t slot = 0; slot <= mask; slot++) {
			int64_t k = order[slot];
			if (k < 0)
				continue;
			bf_val key = indices_enter(mem, k, k / w, k % w, &table[slot]);
			if (pairs)
				pairs[k] = key;
		}
	}
	s->used = s->fill = n;
	s->mask = mask;
	s->hash = 0;
	s->hashed = false;
	s->shared = false;
	s->items = NULL;
	s->table = table;
	return s;
}

int32_t *bf_indices_order(bf_ctx *ctx, int64_t h, int64_t w, bf_val *pairs, int64_t *mask)
{
	if (bf_hash_salt || h < 1 || w < 1 || h > INDICES_MAX_SIDE || w > INDICES_MAX_SIDE ||
	    !indices_cache[h - 1][w - 1])
		return NULL;
	const indices_layout *L = indices_cache[h - 1][w - 1];
	int64_t n = h * w;
	/* indices_replay's charges and pairs, a table of cell numbers for
	 * its table */
	bf_charge_run run;
	bf_indices_tables tables;
	indices_run(ctx, n, &run, &tables);
	bf_arena *a = &ctx->arena;
	int32_t *order = bf_arena_alloc(a, (size_t)(L->mask + 1) * sizeof(int32_t));
	bool shared = bf_intern_room(h, w);
	unsigned char *mem = shared ? NULL : bf_arena_alloc(a, (size_t)n * (sizeof(bf_tuple) + 2 * sizeof(bf_val)));
	if (!order || (!mem && !shared))
		bf_raise_nomem(ctx);
	bf_run_commit(ctx, &run);
	memset(order, 0xff, (size_t)(L->mask + 1) * sizeof(int32_t));
	bf_entry e;
	for (int64_t i = 0, k = 0; i < h; i++)
		for (int64_t j = 0; j < w; j++, k++) {
			pairs[k] = indices_enter(mem, k, i, j, &e);
			order[L->slot[k]] = (int32_t)k;
		}
	*mask = L->mask;
	return order;
}

bf_val bf_set_of_indices(bf_ctx *ctx, int64_t h, int64_t w, bf_val *pairs)
{
	indices_layout **where = NULL;
	int64_t n;
	if (bf_hash_salt || h < 1 || w < 1 || __builtin_mul_overflow(h, w, &n)) {
		where = NULL;
	} else if (h <= INDICES_MAX_SIDE && w <= INDICES_MAX_SIDE) {
		where = &indices_cache[h - 1][w - 1];
		if (*where)
			return wrap(indices_replay(ctx, h, w, pairs, *where), false);
		/* the first time, from the layout worked out on cell numbers,
		 * noted for the next (adds would cost as much again) */
		bf_set *first = indices_replay(ctx, h, w, pairs, NULL);
		indices_note(w, n, first, where);
		return wrap(first, false);
	} else if (n > INDICES_MAX_SIDE * INDICES_MAX_SIDE && n < INT32_MAX) {
		return wrap(indices_replay(ctx, h, w, pairs, NULL), false);
	} else {
		/* a build the budget or the ceiling cuts is cut before any of
		 * it is made, at the same charge */
		bf_charge_run run;
		bf_indices_tables tables;
		bf_run_begin(&run, ctx);
		if (!bf_indices_charges(&run, n, &tables))
			bf_run_commit(ctx, &run);
	}
	bf_val s = bf_set_new(ctx);
	for (int64_t i = 0, k = 0; i < h; i++)
		for (int64_t j = 0; j < w; j++, k++) {
			bf_val p = bf_pair_ii(ctx, i, j);
			if (pairs)
				pairs[k] = p;
			bf_set_add(ctx, s, p);
		}
	if (where && !*where)
		indices_note(w, h * w, s.u.s, where);
	return s;
}

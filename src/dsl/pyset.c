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

static int64_t size_for(int64_t minused)
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

/* set_table_resize() */
static void resize(bf_ctx *ctx, bf_set *s, int64_t minused)
{
	int64_t newsize = size_for(minused);
	bf_entry *old = s->table;
	int64_t oldmask = s->mask;
	s->table = table_new(ctx, newsize);
	s->mask = newsize - 1;
	s->fill = s->used;
	for (int64_t i = 0; i <= oldmask; i++)
		if (old[i].key.kind > BF_DUMMY)
			insert_clean(s->table, (uint64_t)s->mask, old[i].key, old[i].hash);
}

/* The items CPython hashes to add key to a set: a tuple's hash is not
 * cached there, so every insert of a cell (v, (i, j)) hashes three ints
 * and a nested tuple again; ours are cached, but the charge is CPython's. */
static inline uint64_t hash_items(bf_val key)
{
	if (key.kind != BF_TUPLE)
		return 0;
	const bf_tuple *t = key.u.t;
	uint64_t n = (uint64_t)t->n;
	if (t->flags & BF_TF_ALLINT) /* an (i, j): no nested tuple to count */
		return n;
	for (int64_t i = 0; i < t->n; i++)
		if (t->it[i].kind == BF_TUPLE)
			n += (uint64_t)t->it[i].u.t->n;
	return n;
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

	bf_set_work(ctx, s, 1 + hash_items(key));
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
	if ((uint64_t)s->fill * 5 < mask * 3)
		return;
	resize(ctx, s, s->used > 50000 ? s->used * 2 : s->used * 4);
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
	if ((uint64_t)(so->fill + other->used) * 5 >= (uint64_t)so->mask * 3)
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
 * So it is built for real the first time a size is seen, where each pair
 * went is noted, and later builds place the pairs straight into the final
 * table.  They charge what the real build charges, step for step, in the
 * same order (the pairs, the adds, each resize's new table, counted as
 * allocated though only the last one is), so units, bytes, the arena's
 * ceiling and the point where a budget runs out are those of the real
 * build.  Sizes up to 64 x 64 (the table stays under 2^15 slots, where an
 * add is one flat charge); a salted hash (diagnostics) always builds.
 */
#define INDICES_MAX_SIDE 64

/* What building asindices of n pairs charges: raw elements (at the
 * running rate), the allocations' own units, bytes and arena share (each
 * allocation rounded as the arena rounds it). */
typedef struct build_charge {
	uint64_t elems, alloc_units, bytes, used;
} build_charge;

static void charge_alloc_of(build_charge *c, size_t n)
{
	c->alloc_units += n / (BF_BYTES_PER_UNIT / BF_WORK_ONE);
	c->bytes += n;
	c->used += n ? (n + 15) & ~(size_t)15 : 16;
}

/* The steps of the real build: set_alloc (the set, its 8 slots), then
 * for each pair its tuple (1 element, 48 bytes) and its add (1 + 2 items
 * hashed), and at each growth the new table. */
static build_charge indices_charge(int64_t n)
{
	build_charge c = {1, 0, 0, 0};
	charge_alloc_of(&c, sizeof(bf_set));
	charge_alloc_of(&c, MINSIZE * sizeof(bf_entry));
	uint64_t mask = MINSIZE - 1;
	for (int64_t fill = 1; fill <= n; fill++) {
		c.elems += 1 + 3;
		charge_alloc_of(&c, sizeof(bf_tuple) + 2 * sizeof(bf_val));
		if ((uint64_t)fill * 5 < mask * 3)
			continue;
		int64_t size = size_for(fill * 4);
		c.elems += 1 + (uint64_t)size / 16;
		charge_alloc_of(&c, (size_t)size * sizeof(bf_entry));
		mask = (uint64_t)size - 1;
	}
	return c;
}

typedef struct indices_layout {
	build_charge charge; /* what the real build charges */
	int64_t mask;        /* the final table's */
	int16_t slot[];      /* where pair i*w+j sits */
} indices_layout;

static indices_layout *indices_cache[INDICES_MAX_SIDE][INDICES_MAX_SIDE];

static void indices_note(int64_t w, int64_t n, const bf_set *s, indices_layout **where)
{
	indices_layout *L = bf_xmalloc(sizeof(*L) + (size_t)n * sizeof(int16_t));
	L->mask = s->mask;
	L->charge = indices_charge(n);
	for (int64_t k = 0; k <= s->mask; k++) {
		bf_val key = s->table[k].key;
		if (key.kind > BF_DUMMY)
			L->slot[key.u.t->it[0].u.i * w + key.u.t->it[1].u.i] = (int16_t)k;
	}
	*where = L;
}

/* The build from a noted layout, when its whole charge fits under the
 * budget and the arena's ceiling (so the real build would not have
 * stopped either, and the order of the charges cannot show): the set, its
 * final table and the pairs are taken from the arena, then everything the
 * real build would have charged is charged at once.  NULL when it does
 * not fit. */
static bf_set *indices_replay(bf_ctx *ctx, int64_t h, int64_t w, bf_val *pairs,
			      const indices_layout *L)
{
	int64_t n = h * w;
	build_charge c = L->charge;
	uint64_t add = c.elems * ctx->rate + c.alloc_units;
	if (ctx->budget && ctx->spent + add >= (ctx->budget + 1) << BF_WORK_SHIFT)
		return NULL;
	bf_arena *a = &ctx->arena;
	if (a->limit && a->used_total + c.used > a->limit)
		return NULL;
	size_t table_bytes = (size_t)(L->mask + 1) * sizeof(bf_entry);
	size_t pair_bytes = sizeof(bf_tuple) + 2 * sizeof(bf_val);
	size_t before = a->used_total;
	bf_set *s = bf_arena_alloc(a, sizeof(bf_set));
	bf_entry *table = bf_arena_alloc(a, table_bytes);
	unsigned char *mem = bf_arena_alloc(a, (size_t)n * pair_bytes);
	if (!s || !table || !mem)
		bf_raise_nomem(ctx); /* the system's memory, not the ceiling */
	size_t rest = c.used - (a->used_total - before); /* the tables not made */
	if (rest && !bf_arena_charge(a, rest))
		return NULL;
	memset(table, 0, table_bytes);
	for (int64_t i = 0, k = 0; i < h; i++)
		for (int64_t j = 0; j < w; j++, k++) {
			bf_tuple *t = (bf_tuple *)(void *)(mem + (size_t)k * pair_bytes);
			t->n = 2;
			t->it[0] = bf_int(i);
			t->it[1] = bf_int(j);
			t->hash = bf_tuple_hash2(i, j);
			t->flags = BF_TF_ALLINT | BF_TF_HASHED;
			bf_entry *e = &table[L->slot[k]];
			e->key.kind = BF_TUPLE;
			e->key.pad_ = 0;
			e->key.u.t = t;
			e->hash = t->hash;
			if (pairs)
				pairs[k] = e->key;
		}
	s->used = s->fill = n;
	s->mask = L->mask;
	s->hash = 0;
	s->hashed = false;
	s->shared = false;
	s->items = NULL;
	s->table = table;
	ctx->spent += add;
	ctx->bytes += c.bytes;
	if (ctx->spent >= ctx->next_clock)
		bf_work_slow(ctx);
	return s;
}

bf_val bf_set_of_indices(bf_ctx *ctx, int64_t h, int64_t w, bf_val *pairs)
{
	indices_layout **where = NULL;
	if (!bf_hash_salt && h >= 1 && w >= 1 && h <= INDICES_MAX_SIDE && w <= INDICES_MAX_SIDE) {
		where = &indices_cache[h - 1][w - 1];
		bf_set *s = *where ? indices_replay(ctx, h, w, pairs, *where) : NULL;
		if (s)
			return wrap(s, false);
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

/*
 * iset.c -- sets of numbered keys (see iset.h).  Each function follows
 * the pyset.c function named beside it, step for step and charge for
 * charge; tests/test_iset.c holds the two side by side.
 */
#include <string.h>

#include "iset.h"
#include "pyset.h"
#include "battfarm/util.h"

#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5
#define MINSIZE 8

static int iset_on = -1; /* -1: not decided yet */

bool bf_iset_on(void)
{
	if (iset_on < 0)
		iset_on = !bf_env_set("BATTFARM_NO_ISET");
	return iset_on;
}

void bf_iset_set(bool on)
{
	iset_on = on;
}

/* What table_new() charges for a table of bf_entry. */
static void table_charge(bf_ctx *ctx, int64_t size)
{
	bf_work(ctx, 1 + (uint64_t)size / 16);
	bf_charge_alloc(ctx, (size_t)size * sizeof(bf_entry));
}

/* Room for a table of key numbers, its charge made already. */
static int32_t *table_room(bf_ctx *ctx, int64_t size)
{
	int32_t *t = bf_arena_alloc_again(&ctx->arena, (size_t)size * sizeof(int32_t));
	if (!t)
		bf_raise_nomem(ctx); /* the system's memory: the ceiling was asked */
	return t;
}

/* table_new(): charged as a table of bf_entry, held as key numbers */
static int32_t *table_new(bf_ctx *ctx, int64_t size)
{
	table_charge(ctx, size);
	int32_t *t = table_room(ctx, size);
	memset(t, 0xff, (size_t)size * sizeof(int32_t)); /* BF_ISET_EMPTY */
	return t;
}

/* set_alloc() */
void bf_iset_new(bf_ctx *ctx, bf_iset *s)
{
	bf_charge_alloc(ctx, sizeof(bf_set));
	s->used = s->fill = 0;
	s->mask = MINSIZE - 1;
	s->slot = table_new(ctx, MINSIZE);
}

void bf_iset_new_built(bf_ctx *ctx, bf_iset *s, int64_t n, uint64_t items, int64_t mask,
		       const int8_t *pos, const int32_t *key)
{
	/* bf_iset_new's charges, then each add's and each growth's table
	 * (resize), where fill reaches them: only the last table is made */
	bf_charge_alloc(ctx, sizeof(bf_set));
	table_charge(ctx, MINSIZE);
	int64_t m = MINSIZE - 1;
	for (int64_t fill = 1; fill <= n; fill++) {
		bf_set_work_mask(ctx, m, 1 + items);
		if (bf_set_full(fill, m)) {
			int64_t size = bf_set_size_for(bf_set_grown_minused(fill));
			table_charge(ctx, size);
			m = size - 1;
		}
	}
	s->slot = table_room(ctx, mask + 1);
	memset(s->slot, 0xff, (size_t)(mask + 1) * sizeof(int32_t)); /* BF_ISET_EMPTY */
	for (int64_t k = 0; k < n; k++)
		s->slot[pos[k]] = key[k];
	s->mask = mask;
	s->fill = s->used = n;
}

static inline bool same_key(bf_ctx *ctx, const bf_ikeys *keys, int32_t k, int32_t l)
{
	return k == l || keys->eq(ctx, keys->arg, k, l);
}

/* insert_clean() */
static void insert_clean(int32_t *slot, uint64_t mask, int64_t hash, int32_t k)
{
	uint64_t perturb = (uint64_t)hash;
	uint64_t i = (uint64_t)hash & mask;
	for (;;) {
		if (slot[i] == BF_ISET_EMPTY)
			break;
		if (i + LINEAR_PROBES <= mask) {
			int j;
			for (j = 1; j <= LINEAR_PROBES; j++)
				if (slot[i + (uint64_t)j] == BF_ISET_EMPTY)
					break;
			if (j <= LINEAR_PROBES) {
				i += (uint64_t)j;
				break;
			}
		}
		perturb >>= PERTURB_SHIFT;
		i = (i * 5 + 1 + perturb) & mask;
	}
	slot[i] = k;
}

/* resize() */
static void resize(bf_ctx *ctx, bf_iset *s, const bf_ikeys *keys, int64_t minused)
{
	int64_t newsize = bf_set_size_for(minused);
	const int32_t *old = s->slot;
	int64_t oldmask = s->mask;
	s->slot = table_new(ctx, newsize);
	s->mask = newsize - 1;
	s->fill = s->used;
	for (int64_t i = 0; i <= oldmask; i++)
		if (old[i] >= 0)
			insert_clean(s->slot, (uint64_t)s->mask, keys->hash[old[i]], old[i]);
}

/* One slot of bf_set_add_hashed's probe: true when key k is there. */
static inline bool probe_at(bf_ctx *ctx, const bf_ikeys *keys, int32_t *e, int64_t hash,
			    int32_t k, int32_t **freeslot)
{
	if (*e >= 0) {
		if (keys->hash[*e] == hash && same_key(ctx, keys, *e, k))
			return true;
	} else if (*e == BF_ISET_DUMMY && !*freeslot) {
		*freeslot = e;
	}
	return false;
}

/* bf_set_add_hashed() */
void bf_iset_add(bf_ctx *ctx, bf_iset *s, const bf_ikeys *keys, int32_t k, uint64_t items)
{
	int64_t hash = keys->hash[k];
	uint64_t mask = (uint64_t)s->mask;
	uint64_t i = (uint64_t)hash & mask;
	uint64_t perturb = (uint64_t)hash;
	int32_t *freeslot = NULL;
	int32_t *e = &s->slot[i];

	bf_set_work_mask(ctx, s->mask, 1 + items);
	if (*e == BF_ISET_EMPTY)
		goto found_unused;
	for (;;) {
		if (probe_at(ctx, keys, e, hash, k, &freeslot))
			return;
		if (i + LINEAR_PROBES <= mask) {
			for (int j = 0; j < LINEAR_PROBES; j++) {
				e++;
				if (*e == BF_ISET_EMPTY)
					goto found_unused_or_dummy;
				if (probe_at(ctx, keys, e, hash, k, &freeslot))
					return;
			}
		}
		perturb >>= PERTURB_SHIFT;
		i = (i * 5 + 1 + perturb) & mask;
		e = &s->slot[i];
		if (*e == BF_ISET_EMPTY)
			goto found_unused_or_dummy;
	}
found_unused_or_dummy:
	if (freeslot) {
		s->used++;
		*freeslot = k;
		return;
	}
found_unused:
	s->fill++;
	s->used++;
	*e = k;
	if (!bf_set_full(s->fill, (int64_t)mask))
		return;
	resize(ctx, s, keys, bf_set_grown_minused(s->used));
}

/* merge() */
void bf_iset_update(bf_ctx *ctx, bf_iset *so, const bf_iset *other, const bf_ikeys *keys)
{
	if (so == other || other->used == 0)
		return;
	bf_set_work_mask(ctx, other->mask, (uint64_t)other->used);
	if (bf_set_full(so->fill + other->used, so->mask))
		resize(ctx, so, keys, (so->used + other->used) * 2);
	if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
		memcpy(so->slot, other->slot, (size_t)(other->mask + 1) * sizeof(int32_t));
		so->fill = other->fill;
		so->used = other->used;
		return;
	}
	if (so->fill == 0) {
		so->fill = so->used = other->used;
		for (int64_t i = 0; i <= other->mask; i++)
			if (other->slot[i] >= 0)
				insert_clean(so->slot, (uint64_t)so->mask, keys->hash[other->slot[i]],
					     other->slot[i]);
		return;
	}
	for (int64_t i = 0; i <= other->mask; i++)
		if (other->slot[i] >= 0)
			bf_iset_add(ctx, so, keys, other->slot[i], keys->items);
}

/* bf_set_sub_where() */
void bf_iset_sub_where(bf_ctx *ctx, bf_iset *r, const bf_iset *from, int64_t blen,
		       bool (*in_b)(void *, int32_t), void *arg, const bf_ikeys *keys)
{
	const bf_iset copy = *from, *a = &copy; /* r may be where it came from */
	bf_iset_new(ctx, r);
	if ((a->used >> 2) > blen) {
		/* bf_set_copy, then the discards */
		bf_iset_update(ctx, r, a, keys);
		bf_set_work_mask(ctx, r->mask, (uint64_t)r->used);
		for (int64_t i = 0; i <= r->mask; i++)
			if (r->slot[i] >= 0 && in_b(arg, r->slot[i])) {
				r->slot[i] = BF_ISET_DUMMY;
				r->used--;
			}
		if ((uint64_t)(r->fill - r->used) > (uint64_t)r->mask / 4)
			resize(ctx, r, keys, bf_set_grown_minused(r->used));
		return;
	}
	bf_set_work_mask(ctx, a->mask, (uint64_t)a->used);
	for (int64_t i = 0; i <= a->mask; i++)
		if (a->slot[i] >= 0 && !in_b(arg, a->slot[i]))
			bf_iset_add(ctx, r, keys, a->slot[i], keys->items);
}

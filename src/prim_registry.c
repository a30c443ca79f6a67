/*
 * prim_registry.c -- the table of all primitives, looked up by name.
 *
 * The group tables are joined once into a sorted index.  Each primitive
 * also gets one static function object, so that a primitive used as a value
 * (rbind(add, 1)) has a stable identity without touching the arena.
 */
#include <stdlib.h>
#include <string.h>

#include "battfarm/func.h"

#define BF_MAX_PRIMS 256

static const bf_prim *const groups[] = {
	bf_prims_arith, bf_prims_container, bf_prims_func,
	bf_prims_patch, bf_prims_grid,      bf_prims_object,
};

static const bf_prim *sorted[BF_MAX_PRIMS];
static bf_func funcs[BF_MAX_PRIMS];
static int nprims = -1;

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const bf_prim *const *)a)->name, (*(const bf_prim *const *)b)->name);
}

static void registry_init(void)
{
	if (nprims >= 0)
		return;
	int n = 0;
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (const bf_prim *p = groups[g]; p->name; p++)
			if (n < BF_MAX_PRIMS)
				sorted[n++] = p;
	qsort(sorted, (size_t)n, sizeof(sorted[0]), by_name);
	for (int i = 0; i < n; i++) {
		funcs[i].kind = BF_FN_PRIM;
		funcs[i].argc = (uint32_t)sorted[i]->argc;
		funcs[i].id = (uint64_t)i + 1;
		funcs[i].prim = sorted[i];
	}
	nprims = n;
}

static int find_index(const char *name)
{
	registry_init();
	int lo = 0, hi = nprims - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(name, sorted[mid]->name);
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

const bf_prim *bf_prim_find(const char *name)
{
	int i = find_index(name);
	return i < 0 ? NULL : sorted[i];
}

bf_val bf_prim_value(const bf_prim *p)
{
	int i = find_index(p->name);
	bf_val v = {BF_FUNC, 0, {0}};
	v.u.f = &funcs[i];
	return v;
}

int bf_prim_count(void)
{
	registry_init();
	return nprims;
}

const bf_prim *bf_prim_at(int i)
{
	registry_init();
	return i >= 0 && i < nprims ? sorted[i] : NULL;
}

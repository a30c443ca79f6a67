/*
 * cost.c -- the calibrated charges applied around each primitive call
 * (see cost.h), and the per-call trace calibration reads.
 */
#include <stdlib.h>
#include <string.h>

#include "battfarm/cost.h"
#include "cost_call.h"

bool bf_cost_raw_units; /* read inline by cost_call.h */

void bf_cost_use_raw(void)
{
	bf_cost_raw_units = true;
}

bool bf_cost_is_raw(void)
{
	return bf_cost_raw_units;
}

uint32_t bf_cost_outside_rate(void)
{
	return bf_cost_raw_units ? (uint32_t)BF_WORK_ONE : bf_cost_outside;
}

static int by_name(const void *key, const void *row)
{
	return strcmp(key, ((const bf_cost *)row)->name);
}

/* The row for name, NULL when the table has none. */
const bf_cost *bf_cost_find(const char *name)
{
	return bsearch(name, bf_cost_table, (size_t)bf_cost_table_len, sizeof(bf_cost), by_name);
}

static void trace_push(bf_prim_trace *t, const char *name, uint64_t spent, uint64_t bytes)
{
	if (t->n == t->cap) {
		int64_t cap = t->cap ? t->cap * 2 : 1024;
		bf_prim_trace_rec *r = realloc(t->rec, (size_t)cap * sizeof(*r));
		if (!r) {
			t->overflow = true;
			return;
		}
		t->rec = r;
		t->cap = cap;
	}
	t->rec[t->n].name = name;
	t->rec[t->n].bytes = bytes;
	t->rec[t->n++].spent = spent;
}

void bf_prim_trace_reset(bf_prim_trace *t)
{
	t->n = 0;
	t->children = 0;
	t->children_bytes = 0;
	t->overflow = false;
}

void bf_prim_trace_release(bf_prim_trace *t)
{
	free(t->rec);
	memset(t, 0, sizeof(*t));
}

bf_val bf_cost_call_full(bf_ctx *ctx, const bf_prim *p, const bf_val *args)
{
	/* raw mode counts raw elements: no base, BF_WORK_ONE each */
	uint32_t base = bf_cost_raw_units ? 0 : p->base;
	uint32_t rate = bf_cost_raw_units ? BF_WORK_ONE : p->rate;
	bf_prim_trace *t = ctx->trace;
	uint64_t start = ctx->spent, start_bytes = ctx->bytes;
	uint64_t outer_children = 0, outer_bytes = 0;
	if (t) {
		outer_children = t->children;
		outer_bytes = t->children_bytes;
		t->children = 0;
		t->children_bytes = 0;
	}
	/* a traced call is always made: calibration reads its own units */
	bf_val r = bf_cost_call_at(ctx, p, base, rate, args, !t);
	if (t) {
		uint64_t all = ctx->spent - start, all_bytes = ctx->bytes - start_bytes;
		trace_push(t, p->name, all - t->children, all_bytes - t->children_bytes);
		t->children = outer_children + all;
		t->children_bytes = outer_bytes + all_bytes;
	}
	return r;
}

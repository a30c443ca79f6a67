/*
 * outputs.c -- the flat form of an output grid (see outputs.h).
 *
 * Only what comes back exactly is flattened: rows that are tuples, cells
 * that are ints (not bools: True would come back as 1, which a differ
 * could tell apart by its repr), so a differ judges the rebuilt grid as it
 * would have judged the original.  () and rows of () are grids too.
 */
#include <string.h>

#include "battfarm/ctx.h"
#include "battfarm/outputs.h"

/* The shape of v when it has a flat form: true with *h, *w set. */
static bool flat_shape(bf_val v, int64_t *h, int64_t *w)
{
	if (v.kind != BF_TUPLE || bf_tlen(v) > BF_OUT_MAX_SIDE)
		return false;
	*h = bf_tlen(v);
	*w = 0;
	for (int64_t i = 0; i < *h; i++) {
		bf_val row = bf_titem(v, i);
		if (row.kind != BF_TUPLE || (i > 0 && bf_tlen(row) != *w))
			return false;
		*w = bf_tlen(row);
		if (*w > BF_OUT_MAX_SIDE || *h * *w > BF_OUT_MAX_CELLS)
			return false;
		for (int64_t j = 0; j < *w; j++) {
			bf_val x = bf_titem(row, j);
			if (x.kind != BF_INT || x.u.i < INT8_MIN || x.u.i > INT8_MAX)
				return false;
		}
	}
	return true;
}

bool bf_out_flatten(bf_val v, const bf_task_outs *o, bf_out_rec *rec)
{
	int64_t h, w;
	if (!flat_shape(v, &h, &w))
		return false;
	uint64_t n = (uint64_t)(h * w);
	uint64_t at = atomic_fetch_add_explicit(o->used, n, memory_order_relaxed);
	if (at + n > o->cap)
		return false; /* full: what was taken stays unused until the area is emptied */
	int8_t *cells = o->cells + at;
	for (int64_t i = 0; i < h; i++) {
		bf_val row = bf_titem(v, i);
		for (int64_t j = 0; j < w; j++)
			cells[i * w + j] = (int8_t)bf_titem(row, j).u.i;
	}
	rec->h = (uint16_t)h;
	rec->w = (uint16_t)w;
	rec->off = (uint32_t)at;
	return true;
}

bf_val bf_out_unflatten(bf_ctx *ctx, const bf_task_outs *o, const bf_out_rec *rec)
{
	const int8_t *cells = o->cells + rec->off;
	bf_tuple *g = bf_tuple_alloc(ctx, rec->h);
	for (int i = 0; i < rec->h; i++) {
		bf_tuple *row = bf_tuple_alloc(ctx, rec->w);
		for (int j = 0; j < rec->w; j++)
			row->it[j] = bf_int(cells[i * rec->w + j]);
		g->it[i] = bf_tuple_seal(row);
	}
	return bf_tuple_seal(g);
}

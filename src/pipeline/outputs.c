/*
 * outputs.c -- the flat form of an output grid (see outputs.h).
 *
 * Only what comes back exactly is flattened: rows that are tuples, cells
 * that are ints (not bools: True would come back as 1, which a differ
 * could tell apart by its repr), so a differ judges the rebuilt grid as it
 * would have judged the original.
 */
#include "battfarm/ctx.h"
#include "battfarm/outputs.h"

bool bf_out_flatten(bf_val v, int8_t *cells, uint8_t *h, uint8_t *w)
{
	if (v.kind != BF_TUPLE || bf_tlen(v) < 1 || bf_tlen(v) > BF_OUT_SIDE)
		return false;
	bf_val row0 = bf_titem(v, 0);
	if (row0.kind != BF_TUPLE || bf_tlen(row0) < 1 || bf_tlen(row0) > BF_OUT_SIDE)
		return false;
	int64_t nh = bf_tlen(v), nw = bf_tlen(row0);
	for (int64_t i = 0; i < nh; i++) {
		bf_val row = bf_titem(v, i);
		if (row.kind != BF_TUPLE || bf_tlen(row) != nw)
			return false;
		for (int64_t j = 0; j < nw; j++) {
			bf_val x = bf_titem(row, j);
			if (x.kind != BF_INT || x.u.i < INT8_MIN || x.u.i > INT8_MAX)
				return false;
			cells[i * nw + j] = (int8_t)x.u.i;
		}
	}
	*h = (uint8_t)nh;
	*w = (uint8_t)nw;
	return true;
}

bf_val bf_out_unflatten(bf_ctx *ctx, const int8_t *cells, int h, int w)
{
	bf_tuple *g = bf_tuple_alloc(ctx, h);
	for (int i = 0; i < h; i++) {
		bf_tuple *row = bf_tuple_alloc(ctx, w);
		for (int j = 0; j < w; j++)
			row->it[j] = bf_int(cells[i * w + j]);
		g->it[i] = bf_tuple_seal(row);
	}
	return bf_tuple_seal(g);
}

/*
 * json_grid.c -- JSON <-> grid values.
 */
#include <stdio.h>

#include "battfarm/task.h"

bool bf_json_to_grid(bf_ctx *ctx, const jl_node *j, bool strict, bf_val *out, char *err,
		     size_t errlen)
{
	jmp_buf jb, *saved = ctx->jb;
	ctx->jb = &jb;
	if (setjmp(jb)) {
		ctx->jb = saved;
		snprintf(err, errlen, "grid too large: %s", ctx->msg);
		return false;
	}
	bool ok = false;
	if (j->kind != JL_ARRAY || j->ints) {
		snprintf(err, errlen, "%d:%d: grid is not a list of rows", j->line, j->col);
		goto done;
	}
	size_t h = j->n;
	if (strict && (h < 1 || h > 30)) {
		snprintf(err, errlen, "%d:%d: grid has %zu rows (ARC allows 1 to 30)", j->line, j->col,
			 h);
		goto done;
	}
	bf_tuple *g = bf_tuple_alloc(ctx, (int64_t)h);
	size_t w0 = 0;
	for (size_t i = 0; i < h; i++) {
		const jl_node *row = j->items[i];
		if (row->kind != JL_ARRAY) {
			snprintf(err, errlen, "%d:%d: row %zu is not a list", row->line, row->col, i);
			goto done;
		}
		size_t w = row->n;
		if (i == 0)
			w0 = w;
		if (strict && (w < 1 || w > 30)) {
			snprintf(err, errlen, "%d:%d: row %zu has %zu cells (ARC allows 1 to 30)",
				 row->line, row->col, i, w);
			goto done;
		}
		if (strict && w != w0) {
			snprintf(err, errlen, "%d:%d: ragged grid: row %zu has %zu cells, row 0 has %zu",
				 row->line, row->col, i, w, w0);
			goto done;
		}
		bf_tuple *r = bf_tuple_alloc(ctx, (int64_t)w);
		if (row->ints) {
			for (size_t k = 0; k < w; k++) {
				int64_t v = row->ints[k];
				if (strict && (v < 0 || v > 9)) {
					snprintf(err, errlen,
						 "%d:%d: row %zu column %zu: color %lld outside 0-9",
						 row->line, row->col, i, k, (long long)v);
					goto done;
				}
				r->it[k] = bf_int(v);
			}
			w = 0; /* done: skip the boxed loop below */
		}
		for (size_t k = 0; k < w; k++) {
			const jl_node *c = row->items[k];
			if (c->kind != JL_INT) {
				snprintf(err, errlen, "%d:%d: row %zu column %zu is not an integer", c->line,
					 c->col, i, k);
				goto done;
			}
			int64_t v = c->i;
			if (strict && (v < 0 || v > 9)) {
				snprintf(err, errlen, "%d:%d: row %zu column %zu: color %lld outside 0-9",
					 c->line, c->col, i, k, (long long)v);
				goto done;
			}
			r->it[k] = bf_int(v);
		}
		r->flags = BF_TF_ALLINT;
		g->it[i].kind = BF_TUPLE;
		g->it[i].u.t = r;
	}
	*out = bf_tuple_seal(g);
	ok = true;
done:
	ctx->jb = saved;
	return ok;
}

bool bf_is_json_grid(bf_val v)
{
	if (v.kind != BF_TUPLE || v.u.t->n == 0)
		return false;
	for (int64_t i = 0; i < v.u.t->n; i++) {
		bf_val r = v.u.t->it[i];
		if (r.kind != BF_TUPLE || !(r.u.t->flags & BF_TF_ALLINT) ||
		    r.u.t->n != v.u.t->it[0].u.t->n)
			return false; /* ragged rows make a value, not a grid */
		for (int64_t k = 0; k < r.u.t->n; k++)
			if (r.u.t->it[k].kind != BF_INT)
				return false; /* a bool cell prints as True in Python */
	}
	return true;
}

json_t *bf_grid_to_json(bf_val v)
{
	if (!bf_is_json_grid(v))
		return NULL;
	json_t *g = json_array();
	for (int64_t i = 0; i < v.u.t->n; i++) {
		bf_tuple *r = v.u.t->it[i].u.t;
		json_t *row = json_array();
		for (int64_t k = 0; k < r->n; k++)
			json_array_append_new(row, json_integer(r->it[k].u.i));
		json_array_append_new(g, row);
	}
	return g;
}

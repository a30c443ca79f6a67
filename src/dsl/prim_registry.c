/*
 * prim_registry.c -- the table of all primitives, looked up by name.
 *
 * One table names every primitive with its Python argument count; it is
 * sorted once into an index.  Each primitive
 * also gets one static function object, so that a primitive used as a value
 * (rbind(add, 1)) has a stable identity without touching the arena.
 */
#include <stdlib.h>
#include <string.h>

#include "battfarm/func.h"
#include "battfarm/cost.h"
#include "prims.h"

#define BF_MAX_PRIMS 256

/* name, Python argument count, function; base and rate are copied in
 * from the cost table by registry_init() */
static bf_prim all_prims[] = {
	/* arith */
	{"identity", 1, bf_p_identity, 0, 0},
	{"add", 2, bf_p_add, 0, 0},
	{"subtract", 2, bf_p_subtract, 0, 0},
	{"multiply", 2, bf_p_multiply, 0, 0},
	{"divide", 2, bf_p_divide, 0, 0},
	{"invert", 1, bf_p_invert, 0, 0},
	{"even", 1, bf_p_even, 0, 0},
	{"double", 1, bf_p_double, 0, 0},
	{"halve", 1, bf_p_halve, 0, 0},
	{"flip", 1, bf_p_flip, 0, 0},
	{"equality", 2, bf_p_equality, 0, 0},
	{"greater", 2, bf_p_greater, 0, 0},
	{"both", 2, bf_p_both, 0, 0},
	{"either", 2, bf_p_either, 0, 0},
	{"increment", 1, bf_p_increment, 0, 0},
	{"decrement", 1, bf_p_decrement, 0, 0},
	{"crement", 1, bf_p_crement, 0, 0},
	{"sign", 1, bf_p_sign, 0, 0},
	{"positive", 1, bf_p_positive, 0, 0},
	{"toivec", 1, bf_p_toivec, 0, 0},
	{"tojvec", 1, bf_p_tojvec, 0, 0},
	{"astuple", 2, bf_p_astuple, 0, 0},
	{"branch", 3, bf_p_branch, 0, 0},
	/* container */
	{"contained", 2, bf_p_contained, 0, 0},
	{"combine", 2, bf_p_combine, 0, 0},
	{"intersection", 2, bf_p_intersection, 0, 0},
	{"difference", 2, bf_p_difference, 0, 0},
	{"dedupe", 1, bf_p_dedupe, 0, 0},
	{"order", 2, bf_p_order, 0, 0},
	{"repeat", 2, bf_p_repeat, 0, 0},
	{"size", 1, bf_p_size, 0, 0},
	{"merge", 1, bf_p_merge, 0, 0},
	{"maximum", 1, bf_p_maximum, 0, 0},
	{"minimum", 1, bf_p_minimum, 0, 0},
	{"valmax", 2, bf_p_valmax, 0, 0},
	{"valmin", 2, bf_p_valmin, 0, 0},
	{"argmax", 2, bf_p_argmax, 0, 0},
	{"argmin", 2, bf_p_argmin, 0, 0},
	{"mostcommon", 1, bf_p_mostcommon, 0, 0},
	{"leastcommon", 1, bf_p_leastcommon, 0, 0},
	{"initset", 1, bf_p_initset, 0, 0},
	{"sfilter", 2, bf_p_sfilter, 0, 0},
	{"mfilter", 2, bf_p_mfilter, 0, 0},
	{"extract", 2, bf_p_extract, 0, 0},
	{"totuple", 1, bf_p_totuple, 0, 0},
	{"first", 1, bf_p_first, 0, 0},
	{"last", 1, bf_p_last, 0, 0},
	{"insert", 2, bf_p_insert, 0, 0},
	{"remove", 2, bf_p_remove, 0, 0},
	{"other", 2, bf_p_other, 0, 0},
	{"interval", 3, bf_p_interval, 0, 0},
	{"product", 2, bf_p_product, 0, 0},
	{"pair", 2, bf_p_pair, 0, 0},
	{"apply", 2, bf_p_apply, 0, 0},
	{"rapply", 2, bf_p_rapply, 0, 0},
	{"mapply", 2, bf_p_mapply, 0, 0},
	{"papply", 3, bf_p_papply, 0, 0},
	{"mpapply", 3, bf_p_mpapply, 0, 0},
	{"prapply", 3, bf_p_prapply, 0, 0},
	{"sizefilter", 2, bf_p_sizefilter, 0, 0},
	/* func */
	{"compose", 2, bf_p_compose, 0, 0},
	{"chain", 3, bf_p_chain, 0, 0},
	{"matcher", 2, bf_p_matcher, 0, 0},
	{"rbind", 2, bf_p_rbind, 0, 0},
	{"lbind", 2, bf_p_lbind, 0, 0},
	{"power", 2, bf_p_power, 0, 0},
	{"fork", 3, bf_p_fork, 0, 0},
	/* patch */
	{"ulcorner", 1, bf_p_ulcorner, 0, 0},
	{"urcorner", 1, bf_p_urcorner, 0, 0},
	{"llcorner", 1, bf_p_llcorner, 0, 0},
	{"lrcorner", 1, bf_p_lrcorner, 0, 0},
	{"toindices", 1, bf_p_toindices, 0, 0},
	{"recolor", 2, bf_p_recolor, 0, 0},
	{"shift", 2, bf_p_shift, 0, 0},
	{"normalize", 1, bf_p_normalize, 0, 0},
	{"dneighbors", 1, bf_p_dneighbors, 0, 0},
	{"ineighbors", 1, bf_p_ineighbors, 0, 0},
	{"neighbors", 1, bf_p_neighbors, 0, 0},
	{"uppermost", 1, bf_p_uppermost, 0, 0},
	{"lowermost", 1, bf_p_lowermost, 0, 0},
	{"leftmost", 1, bf_p_leftmost, 0, 0},
	{"rightmost", 1, bf_p_rightmost, 0, 0},
	{"square", 1, bf_p_square, 0, 0},
	{"vline", 1, bf_p_vline, 0, 0},
	{"hline", 1, bf_p_hline, 0, 0},
	{"hmatching", 2, bf_p_hmatching, 0, 0},
	{"vmatching", 2, bf_p_vmatching, 0, 0},
	{"manhattan", 2, bf_p_manhattan, 0, 0},
	{"adjacent", 2, bf_p_adjacent, 0, 0},
	{"bordering", 2, bf_p_bordering, 0, 0},
	{"centerofmass", 1, bf_p_centerofmass, 0, 0},
	{"center", 1, bf_p_center, 0, 0},
	{"position", 2, bf_p_position, 0, 0},
	{"corners", 1, bf_p_corners, 0, 0},
	{"connect", 2, bf_p_connect, 0, 0},
	{"vfrontier", 1, bf_p_vfrontier, 0, 0},
	{"hfrontier", 1, bf_p_hfrontier, 0, 0},
	{"backdrop", 1, bf_p_backdrop, 0, 0},
	{"delta", 1, bf_p_delta, 0, 0},
	{"gravitate", 2, bf_p_gravitate, 0, 0},
	{"inbox", 1, bf_p_inbox, 0, 0},
	{"outbox", 1, bf_p_outbox, 0, 0},
	{"box", 1, bf_p_box, 0, 0},
	{"shoot", 2, bf_p_shoot, 0, 0},
	{"height", 1, bf_p_height, 0, 0},
	{"width", 1, bf_p_width, 0, 0},
	{"shape", 1, bf_p_shape, 0, 0},
	{"portrait", 1, bf_p_portrait, 0, 0},
	/* grid */
	{"mostcolor", 1, bf_p_mostcolor, 0, 0},
	{"leastcolor", 1, bf_p_leastcolor, 0, 0},
	{"colorcount", 2, bf_p_colorcount, 0, 0},
	{"asindices", 1, bf_p_asindices, 0, 0},
	{"ofcolor", 2, bf_p_ofcolor, 0, 0},
	{"crop", 3, bf_p_crop, 0, 0},
	{"palette", 1, bf_p_palette, 0, 0},
	{"numcolors", 1, bf_p_numcolors, 0, 0},
	{"color", 1, bf_p_color, 0, 0},
	{"toobject", 2, bf_p_toobject, 0, 0},
	{"asobject", 1, bf_p_asobject, 0, 0},
	{"rot90", 1, bf_p_rot90, 0, 0},
	{"rot180", 1, bf_p_rot180, 0, 0},
	{"rot270", 1, bf_p_rot270, 0, 0},
	{"hmirror", 1, bf_p_hmirror, 0, 0},
	{"vmirror", 1, bf_p_vmirror, 0, 0},
	{"dmirror", 1, bf_p_dmirror, 0, 0},
	{"cmirror", 1, bf_p_cmirror, 0, 0},
	{"fill", 3, bf_p_fill, 0, 0},
	{"paint", 2, bf_p_paint, 0, 0},
	{"underfill", 3, bf_p_underfill, 0, 0},
	{"underpaint", 2, bf_p_underpaint, 0, 0},
	{"hupscale", 2, bf_p_hupscale, 0, 0},
	{"vupscale", 2, bf_p_vupscale, 0, 0},
	{"upscale", 2, bf_p_upscale, 0, 0},
	{"downscale", 2, bf_p_downscale, 0, 0},
	{"hconcat", 2, bf_p_hconcat, 0, 0},
	{"vconcat", 2, bf_p_vconcat, 0, 0},
	{"subgrid", 2, bf_p_subgrid, 0, 0},
	{"hsplit", 2, bf_p_hsplit, 0, 0},
	{"vsplit", 2, bf_p_vsplit, 0, 0},
	{"cellwise", 3, bf_p_cellwise, 0, 0},
	{"replace", 3, bf_p_replace, 0, 0},
	{"switch", 3, bf_p_switch, 0, 0},
	{"index", 2, bf_p_index, 0, 0},
	{"canvas", 2, bf_p_canvas, 0, 0},
	{"cover", 2, bf_p_cover, 0, 0},
	{"trim", 1, bf_p_trim, 0, 0},
	{"move", 3, bf_p_move, 0, 0},
	{"tophalf", 1, bf_p_tophalf, 0, 0},
	{"bottomhalf", 1, bf_p_bottomhalf, 0, 0},
	{"lefthalf", 1, bf_p_lefthalf, 0, 0},
	{"righthalf", 1, bf_p_righthalf, 0, 0},
	/* object */
	{"objects", 4, bf_p_objects, 0, 0},
	{"partition", 1, bf_p_partition, 0, 0},
	{"fgpartition", 1, bf_p_fgpartition, 0, 0},
	{"colorfilter", 2, bf_p_colorfilter, 0, 0},
	{"occurrences", 2, bf_p_occurrences, 0, 0},
	{"frontiers", 1, bf_p_frontiers, 0, 0},
	{"compress", 1, bf_p_compress, 0, 0},
	{"hperiod", 1, bf_p_hperiod, 0, 0},
	{"vperiod", 1, bf_p_vperiod, 0, 0},
	{NULL, 0, NULL, 0, 0},
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
	for (bf_prim *p = all_prims; p->name; p++)
		if (n < BF_MAX_PRIMS) {
			/* funcs[] follows the table, so a bf_prim finds its own */
			funcs[n].kind = BF_FN_PRIM;
			funcs[n].argc = (uint32_t)p->argc;
			funcs[n].id = (uint64_t)n + 1;
			funcs[n].prim = p;
			/* base 0 and the outside rate where the table has no row */
			const bf_cost *c = bf_cost_find(p->name);
			p->base = c ? c->base : 0;
			p->rate = c ? c->rate : bf_cost_outside;
			sorted[n++] = p;
		}
	qsort(sorted, (size_t)n, sizeof(sorted[0]), by_name);
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
	registry_init();
	bf_val v = {BF_FUNC, 0, {0}};
	v.u.f = &funcs[p - all_prims];
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

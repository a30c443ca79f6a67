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

static const bf_prim all_prims[] = {
	/* arith */
	{"identity", 1, bf_p_identity},
	{"add", 2, bf_p_add},
	{"subtract", 2, bf_p_subtract},
	{"multiply", 2, bf_p_multiply},
	{"divide", 2, bf_p_divide},
	{"invert", 1, bf_p_invert},
	{"even", 1, bf_p_even},
	{"double", 1, bf_p_double},
	{"halve", 1, bf_p_halve},
	{"flip", 1, bf_p_flip},
	{"equality", 2, bf_p_equality},
	{"greater", 2, bf_p_greater},
	{"both", 2, bf_p_both},
	{"either", 2, bf_p_either},
	{"increment", 1, bf_p_increment},
	{"decrement", 1, bf_p_decrement},
	{"crement", 1, bf_p_crement},
	{"sign", 1, bf_p_sign},
	{"positive", 1, bf_p_positive},
	{"toivec", 1, bf_p_toivec},
	{"tojvec", 1, bf_p_tojvec},
	{"astuple", 2, bf_p_astuple},
	{"branch", 3, bf_p_branch},
	/* container */
	{"contained", 2, bf_p_contained},
	{"combine", 2, bf_p_combine},
	{"intersection", 2, bf_p_intersection},
	{"difference", 2, bf_p_difference},
	{"dedupe", 1, bf_p_dedupe},
	{"order", 2, bf_p_order},
	{"repeat", 2, bf_p_repeat},
	{"size", 1, bf_p_size},
	{"merge", 1, bf_p_merge},
	{"maximum", 1, bf_p_maximum},
	{"minimum", 1, bf_p_minimum},
	{"valmax", 2, bf_p_valmax},
	{"valmin", 2, bf_p_valmin},
	{"argmax", 2, bf_p_argmax},
	{"argmin", 2, bf_p_argmin},
	{"mostcommon", 1, bf_p_mostcommon},
	{"leastcommon", 1, bf_p_leastcommon},
	{"initset", 1, bf_p_initset},
	{"sfilter", 2, bf_p_sfilter},
	{"mfilter", 2, bf_p_mfilter},
	{"extract", 2, bf_p_extract},
	{"totuple", 1, bf_p_totuple},
	{"first", 1, bf_p_first},
	{"last", 1, bf_p_last},
	{"insert", 2, bf_p_insert},
	{"remove", 2, bf_p_remove},
	{"other", 2, bf_p_other},
	{"interval", 3, bf_p_interval},
	{"product", 2, bf_p_product},
	{"pair", 2, bf_p_pair},
	{"apply", 2, bf_p_apply},
	{"rapply", 2, bf_p_rapply},
	{"mapply", 2, bf_p_mapply},
	{"papply", 3, bf_p_papply},
	{"mpapply", 3, bf_p_mpapply},
	{"prapply", 3, bf_p_prapply},
	{"sizefilter", 2, bf_p_sizefilter},
	/* func */
	{"compose", 2, bf_p_compose},
	{"chain", 3, bf_p_chain},
	{"matcher", 2, bf_p_matcher},
	{"rbind", 2, bf_p_rbind},
	{"lbind", 2, bf_p_lbind},
	{"power", 2, bf_p_power},
	{"fork", 3, bf_p_fork},
	/* patch */
	{"ulcorner", 1, bf_p_ulcorner},
	{"urcorner", 1, bf_p_urcorner},
	{"llcorner", 1, bf_p_llcorner},
	{"lrcorner", 1, bf_p_lrcorner},
	{"toindices", 1, bf_p_toindices},
	{"recolor", 2, bf_p_recolor},
	{"shift", 2, bf_p_shift},
	{"normalize", 1, bf_p_normalize},
	{"dneighbors", 1, bf_p_dneighbors},
	{"ineighbors", 1, bf_p_ineighbors},
	{"neighbors", 1, bf_p_neighbors},
	{"uppermost", 1, bf_p_uppermost},
	{"lowermost", 1, bf_p_lowermost},
	{"leftmost", 1, bf_p_leftmost},
	{"rightmost", 1, bf_p_rightmost},
	{"square", 1, bf_p_square},
	{"vline", 1, bf_p_vline},
	{"hline", 1, bf_p_hline},
	{"hmatching", 2, bf_p_hmatching},
	{"vmatching", 2, bf_p_vmatching},
	{"manhattan", 2, bf_p_manhattan},
	{"adjacent", 2, bf_p_adjacent},
	{"bordering", 2, bf_p_bordering},
	{"centerofmass", 1, bf_p_centerofmass},
	{"center", 1, bf_p_center},
	{"position", 2, bf_p_position},
	{"corners", 1, bf_p_corners},
	{"connect", 2, bf_p_connect},
	{"vfrontier", 1, bf_p_vfrontier},
	{"hfrontier", 1, bf_p_hfrontier},
	{"backdrop", 1, bf_p_backdrop},
	{"delta", 1, bf_p_delta},
	{"gravitate", 2, bf_p_gravitate},
	{"inbox", 1, bf_p_inbox},
	{"outbox", 1, bf_p_outbox},
	{"box", 1, bf_p_box},
	{"shoot", 2, bf_p_shoot},
	{"height", 1, bf_p_height},
	{"width", 1, bf_p_width},
	{"shape", 1, bf_p_shape},
	{"portrait", 1, bf_p_portrait},
	/* grid */
	{"mostcolor", 1, bf_p_mostcolor},
	{"leastcolor", 1, bf_p_leastcolor},
	{"colorcount", 2, bf_p_colorcount},
	{"asindices", 1, bf_p_asindices},
	{"ofcolor", 2, bf_p_ofcolor},
	{"crop", 3, bf_p_crop},
	{"palette", 1, bf_p_palette},
	{"numcolors", 1, bf_p_numcolors},
	{"color", 1, bf_p_color},
	{"toobject", 2, bf_p_toobject},
	{"asobject", 1, bf_p_asobject},
	{"rot90", 1, bf_p_rot90},
	{"rot180", 1, bf_p_rot180},
	{"rot270", 1, bf_p_rot270},
	{"hmirror", 1, bf_p_hmirror},
	{"vmirror", 1, bf_p_vmirror},
	{"dmirror", 1, bf_p_dmirror},
	{"cmirror", 1, bf_p_cmirror},
	{"fill", 3, bf_p_fill},
	{"paint", 2, bf_p_paint},
	{"underfill", 3, bf_p_underfill},
	{"underpaint", 2, bf_p_underpaint},
	{"hupscale", 2, bf_p_hupscale},
	{"vupscale", 2, bf_p_vupscale},
	{"upscale", 2, bf_p_upscale},
	{"downscale", 2, bf_p_downscale},
	{"hconcat", 2, bf_p_hconcat},
	{"vconcat", 2, bf_p_vconcat},
	{"subgrid", 2, bf_p_subgrid},
	{"hsplit", 2, bf_p_hsplit},
	{"vsplit", 2, bf_p_vsplit},
	{"cellwise", 3, bf_p_cellwise},
	{"replace", 3, bf_p_replace},
	{"switch", 3, bf_p_switch},
	{"index", 2, bf_p_index},
	{"canvas", 2, bf_p_canvas},
	{"cover", 2, bf_p_cover},
	{"trim", 1, bf_p_trim},
	{"move", 3, bf_p_move},
	{"tophalf", 1, bf_p_tophalf},
	{"bottomhalf", 1, bf_p_bottomhalf},
	{"lefthalf", 1, bf_p_lefthalf},
	{"righthalf", 1, bf_p_righthalf},
	/* object */
	{"objects", 4, bf_p_objects},
	{"partition", 1, bf_p_partition},
	{"fgpartition", 1, bf_p_fgpartition},
	{"colorfilter", 2, bf_p_colorfilter},
	{"occurrences", 2, bf_p_occurrences},
	{"frontiers", 1, bf_p_frontiers},
	{"compress", 1, bf_p_compress},
	{"hperiod", 1, bf_p_hperiod},
	{"vperiod", 1, bf_p_vperiod},
	{NULL, 0, NULL},
};

static const bf_prim *sorted[BF_MAX_PRIMS];
static bf_func funcs[BF_MAX_PRIMS];
static bf_cost costs[BF_MAX_PRIMS]; /* by position in all_prims */
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
	for (const bf_prim *p = all_prims; p->name; p++)
		if (n < BF_MAX_PRIMS) {
			/* funcs[] follows the table, so a bf_prim finds its own */
			funcs[n].kind = BF_FN_PRIM;
			funcs[n].argc = (uint32_t)p->argc;
			funcs[n].id = (uint64_t)n + 1;
			funcs[n].prim = p;
			const bf_cost *c = bf_cost_find(p->name);
			costs[n] = c ? *c : (bf_cost){p->name, 0, bf_cost_outside};
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

const bf_cost *bf_prim_cost(const bf_prim *p)
{
	/* no registry_init(): a bf_prim is only had from the registry, which
	 * has then been set up (this is on every primitive call's path) */
	return &costs[p - all_prims];
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

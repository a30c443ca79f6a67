/*
 * prims.h -- every arc-dsl primitive as a C function, by group.
 *
 * Primitives call each other directly through these (normalize() uses
 * shift()), with arguments in an array as the evaluator passes them.
 * The registry tables in each prim_<group>.c map names to them.
 */
#ifndef BATTFARM_PRIMS_H
#define BATTFARM_PRIMS_H

#include "battfarm/ctx.h"
#include "battfarm/value.h"

/* arith (src/prim_arith.c) */
bf_val bf_p_identity(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_add(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_subtract(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_multiply(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_divide(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_invert(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_even(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_double(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_halve(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_flip(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_equality(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_greater(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_both(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_either(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_increment(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_decrement(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_crement(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_sign(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_positive(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_toivec(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_tojvec(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_astuple(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_branch(bf_ctx *ctx, const bf_val *a); /* 3 args */

/* container (src/prim_container.c) */
bf_val bf_p_contained(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_combine(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_intersection(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_difference(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_dedupe(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_order(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_repeat(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_size(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_merge(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_maximum(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_minimum(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_valmax(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_valmin(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_argmax(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_argmin(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_mostcommon(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_leastcommon(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_initset(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_sfilter(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_mfilter(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_extract(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_totuple(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_first(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_last(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_insert(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_remove(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_other(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_interval(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_product(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_pair(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_apply(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_rapply(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_mapply(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_papply(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_mpapply(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_prapply(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_sizefilter(bf_ctx *ctx, const bf_val *a); /* 2 args */

/* func (src/prim_func.c) */
bf_val bf_p_compose(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_chain(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_matcher(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_rbind(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_lbind(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_power(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_fork(bf_ctx *ctx, const bf_val *a); /* 3 args */

/* patch (src/prim_patch.c) */
bf_val bf_p_ulcorner(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_urcorner(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_llcorner(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_lrcorner(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_toindices(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_recolor(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_shift(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_normalize(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_dneighbors(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_ineighbors(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_neighbors(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_uppermost(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_lowermost(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_leftmost(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_rightmost(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_square(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_vline(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_hline(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_hmatching(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_vmatching(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_manhattan(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_adjacent(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_bordering(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_centerofmass(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_center(bf_ctx *ctx, const bf_val *a); /* 1 args */
/* center() and the extents of an Object (uppermost ... rightmost, height,
 * width, shape, normalize...) take their shortcuts (prim_patch.c); tests
 * turn them off to compare */
extern bool bf_center_fast;
bf_val bf_p_position(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_corners(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_connect(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_vfrontier(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_hfrontier(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_backdrop(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_delta(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_gravitate(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_inbox(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_outbox(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_box(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_shoot(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_height(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_width(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_shape(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_portrait(bf_ctx *ctx, const bf_val *a); /* 1 args */

/* grid (src/prim_grid.c) */
bf_val bf_p_mostcolor(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_leastcolor(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_colorcount(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_asindices(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_ofcolor(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_crop(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_palette(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_numcolors(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_color(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_toobject(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_asobject(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_rot90(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_rot180(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_rot270(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_hmirror(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_vmirror(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_dmirror(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_cmirror(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_fill(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_paint(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_underfill(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_underpaint(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_hupscale(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_vupscale(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_upscale(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_downscale(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_hconcat(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_vconcat(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_subgrid(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_hsplit(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_vsplit(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_cellwise(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_replace(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_switch(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_index(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_canvas(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_cover(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_trim(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_move(bf_ctx *ctx, const bf_val *a); /* 3 args */
bf_val bf_p_tophalf(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_bottomhalf(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_lefthalf(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_righthalf(bf_ctx *ctx, const bf_val *a); /* 1 args */

/* object (src/prim_object.c) */
bf_val bf_p_objects(bf_ctx *ctx, const bf_val *a); /* 4 args */
/* Whether objects() keeps the order of each cell's neighbours once
 * worked out (the default), or works it out from their hashes at every
 * cell as it must on salted hashes or past the cache (tests compare). */
void bf_objects_cache_orders(bool on);
bf_val bf_p_partition(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_fgpartition(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_colorfilter(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_occurrences(bf_ctx *ctx, const bf_val *a); /* 2 args */
bf_val bf_p_frontiers(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_compress(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_hperiod(bf_ctx *ctx, const bf_val *a); /* 1 args */
bf_val bf_p_vperiod(bf_ctx *ctx, const bf_val *a); /* 1 args */

#endif

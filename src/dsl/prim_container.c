/*
 * prim_container.c -- the container primitives of arc-dsl: membership,
 * set algebra, filters, maps, extrema, counting, ranges and products.
 *
 * Each primitive reproduces the Python expression dsl.py evaluates, step by
 * step, because the steps are observable: a frozenset's iteration order
 * depends on how it was built (frozenset(generator) adds in the generator's
 * order, frozenset(a_set) goes through set_merge), and an odd argument
 * raises at the point where Python raises (type(c)(gen) evaluates iter(c)
 * eagerly, an inner `for i in a` only once the outer loop yields).
 * Functions passed in are called through func.h; Python built-ins come from
 * pyops.h.  Called by the evaluator through the registry (prim_registry.c).
 */
#include <string.h>

#include "battfarm/func.h"
#include "prims.h"
#include "pyops.h"
#include "pyset.h"

/* ---- calls made from inside a generator expression ---- */

/* f(args) evaluated in the body of a generator expression.  Since PEP 479
 * a StopIteration escaping a generator's frame becomes RuntimeError, so
 * apply(first, ((),)) fails with RuntimeError where first(()) alone gives
 * StopIteration: while one runs, bf_raise_stop() raises the RuntimeError
 * (no handler here: a setjmp per element was a few percent of a call-heavy
 * solver).  Every other exception (and a timeout) passes through. */
static bf_val gen_call(bf_ctx *ctx, bf_val f, int argc, const bf_val *args)
{
	ctx->gen_depth++;
	bf_val r = bf_call(ctx, f, argc, args);
	ctx->gen_depth--;
	return r;
}

static bf_val gen_call1(bf_ctx *ctx, bf_val f, bf_val x)
{
	return gen_call(ctx, f, 1, &x);
}

static bf_val gen_call2(bf_ctx *ctx, bf_val f, bf_val x, bf_val y)
{
	bf_val args[2] = {x, y};
	return gen_call(ctx, f, 2, args);
}

/* ---- type(like)(generator), built as the generator yields ---- */

/* Collects the items of `type(like)(e for ...)`: a tuple is gathered then
 * allocated once; a (frozen)set is added to in yield order, as Python's
 * set constructor does.  like has already been iterated by the caller, so
 * it is a tuple or a set. */
typedef struct builder {
	bf_val like;
	bf_val set; /* when like is a set */
	bf_vec vec; /* when like is a tuple */
} builder;

static void builder_init(bf_ctx *ctx, builder *b, bf_val like, int64_t hint)
{
	b->like = like;
	if (like.kind == BF_TUPLE) {
		bf_vec_init(ctx, &b->vec, hint);
	} else if (bf_is_set(like)) {
		b->set = bf_set_new(ctx);
	} else {
		bf_raise(ctx, "TypeError: '%s' object is not iterable", bf_type_name(like));
	}
}

static void builder_push(bf_ctx *ctx, builder *b, bf_val x)
{
	if (b->like.kind == BF_TUPLE)
		bf_vec_push(ctx, &b->vec, x);
	else
		bf_set_add(ctx, b->set, x);
}

static bf_val builder_done(bf_ctx *ctx, builder *b)
{
	if (b->like.kind == BF_TUPLE)
		return bf_py_tuple_of(ctx, b->vec.v, b->vec.n);
	return b->like.kind == BF_FSET ? bf_set_seal(b->set) : b->set;
}

/* frozenset(gen): a builder that always makes a frozenset. */
static void builder_init_fset(bf_ctx *ctx, builder *b)
{
	bf_val like = {BF_FSET, 0, {0}};
	b->like = like;
	b->set = bf_set_new(ctx);
}

/* ---- membership and set algebra ---- */

/* value in container */
bf_val bf_p_contained(bf_ctx *ctx, const bf_val *a)
{
	return bf_bool(bf_py_contains(ctx, a[1], a[0]));
}

/* *x inside a tuple display: any iterable, with its own message. */
static const bf_val *star_items(bf_ctx *ctx, bf_val x, int64_t *n)
{
	if (x.kind != BF_TUPLE && !bf_is_set(x))
		bf_raise(ctx, "TypeError: Value after * must be an iterable, not %s",
			 bf_type_name(x));
	return bf_py_items(ctx, x, n);
}

/* type(a)((*a, *b)): the tuple display is built first, then handed to
 * tuple() or frozenset(), which adds its items in order. */
bf_val bf_p_combine(bf_ctx *ctx, const bf_val *a)
{
	int64_t na, nb;
	const bf_val *ia = star_items(ctx, a[0], &na);
	const bf_val *ib = star_items(ctx, a[1], &nb);
	builder b;
	builder_init(ctx, &b, a[0], na + nb);
	bf_work(ctx, (uint64_t)(na + nb));
	for (int64_t i = 0; i < na; i++)
		builder_push(ctx, &b, ia[i]);
	for (int64_t i = 0; i < nb; i++)
		builder_push(ctx, &b, ib[i]);
	return builder_done(ctx, &b);
}

/* a & b: set intersection, or bitwise and of ints (bool & bool is bool). */
bf_val bf_p_intersection(bf_ctx *ctx, const bf_val *a)
{
	bf_val x = a[0], y = a[1];
	if (bf_is_set(x) && bf_is_set(y))
		return bf_set_and(ctx, x, y);
	if (bf_is_intlike(x) && bf_is_intlike(y)) {
		if (x.kind == BF_BOOL && y.kind == BF_BOOL)
			return bf_bool(x.u.i & y.u.i);
		return bf_int(x.u.i & y.u.i);
	}
	bf_raise(ctx, "TypeError: unsupported operand type(s) for &: '%s' and '%s'",
		 bf_type_name(x), bf_type_name(y));
}

/* type(a)(e for e in a if e not in b): a filter over a, not set_sub, so
 * the result is laid out by adds in a's order. */
bf_val bf_p_difference(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	builder b;
	builder_init(ctx, &b, a[0], n);
	for (int64_t i = 0; i < n; i++)
		if (!bf_py_contains(ctx, a[1], it[i]))
			builder_push(ctx, &b, it[i]);
	return builder_done(ctx, &b);
}

/* tuple(e for i, e in enumerate(tup) if tup.index(e) == i): keeps first
 * occurrences.  tup.index(e) == i exactly when no earlier item equals e,
 * which a scratch set answers in one pass (hash agrees with ==).  The work
 * charged still follows Python's scans: a first occurrence at i costs what
 * tup.index() spends reaching it, so many distinct items run out of budget
 * as they run out of time in Python.  A set argument has no .index:
 * AttributeError at its first item. */
bf_val bf_p_dedupe(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	if (n == 0)
		return bf_empty_tuple(ctx);
	if (a[0].kind != BF_TUPLE)
		bf_raise(ctx, "AttributeError: '%s' object has no attribute 'index'",
			 bf_type_name(a[0]));
	bf_val seen = bf_set_new(ctx); /* grows with the distinct items only */
	bf_vec out;
	bf_vec_init(ctx, &out, 16);
	for (int64_t i = 0; i < n; i++) {
		int64_t h = bf_hash(ctx, it[i]);
		int64_t before = bf_set_len(seen);
		bf_set_add_hashed(ctx, seen, it[i], h);
		if (bf_set_len(seen) != before) {
			bf_work(ctx, (uint64_t)i / 8);
			bf_vec_push(ctx, &out, it[i]);
		}
	}
	return bf_py_tuple_of(ctx, out.v, out.n);
}

/* tuple(sorted(container, key=compfunc)); key None sorts by the items. */
bf_val bf_p_order(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	return bf_py_sorted(ctx, it, n, a[1]);
}

/* tuple(item for i in range(num)); a huge num runs out of work budget
 * before anything is allocated. */
bf_val bf_p_repeat(bf_ctx *ctx, const bf_val *a)
{
	int64_t n = bf_py_range_arg(ctx, a[1]);
	if (n <= 0)
		return bf_empty_tuple(ctx);
	bf_work(ctx, (uint64_t)n);
	bf_tuple *t = bf_tuple_alloc(ctx, n);
	for (int64_t i = 0; i < n; i++)
		t->it[i] = a[0];
	return bf_tuple_seal(t);
}

bf_val bf_p_size(bf_ctx *ctx, const bf_val *a)
{
	return bf_int(bf_py_len(ctx, a[0]));
}

/* type(containers)(e for c in containers for e in c) */
bf_val bf_p_merge(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *cs = bf_py_items(ctx, a[0], &n);
	builder b;
	builder_init(ctx, &b, a[0], n);
	for (int64_t i = 0; i < n; i++) {
		int64_t m;
		const bf_val *es = bf_py_items(ctx, cs[i], &m);
		bf_work(ctx, 1 + (uint64_t)m);
		for (int64_t j = 0; j < m; j++)
			builder_push(ctx, &b, es[j]);
	}
	return builder_done(ctx, &b);
}

/* ---- extrema ---- */

/* max(container, default=0) / min(...) */
bf_val bf_p_maximum(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	bf_work(ctx, (uint64_t)n);
	return bf_py_max(ctx, it, n, bf_none(), true, bf_int(0));
}

bf_val bf_p_minimum(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	bf_work(ctx, (uint64_t)n);
	return bf_py_min(ctx, it, n, bf_none(), true, bf_int(0));
}

/* compfunc(max(container, key=compfunc, default=0)): an empty container
 * passes the default 0 to compfunc. */
bf_val bf_p_valmax(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	bf_val best = bf_py_max(ctx, it, n, a[1], true, bf_int(0));
	return bf_call1(ctx, a[1], best);
}

bf_val bf_p_valmin(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	bf_val best = bf_py_min(ctx, it, n, a[1], true, bf_int(0));
	return bf_call1(ctx, a[1], best);
}

/* max(container, key=compfunc): the first of equal maxima. */
bf_val bf_p_argmax(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	return bf_py_max(ctx, it, n, a[1], false, bf_none());
}

bf_val bf_p_argmin(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	return bf_py_min(ctx, it, n, a[1], false, bf_none());
}

/* max(set(container), key=container.count) or min(...).  set(container) is
 * evaluated first (adds in order for a tuple, a merge copy for a set), then
 * container.count, which only a tuple has.  Candidates are visited in the
 * set's order and only a strictly better count replaces the best. */
static bf_val common(bf_ctx *ctx, bf_val c, bool most)
{
	bf_val s;
	if (c.kind == BF_TUPLE) {
		s = bf_set_new(ctx);
		for (int64_t i = 0; i < c.u.t->n; i++)
			bf_set_add(ctx, s, c.u.t->it[i]);
	} else if (bf_is_set(c)) {
		bf_set_copy(ctx, c, false);
		bf_raise(ctx, "AttributeError: '%s' object has no attribute 'count'",
			 bf_type_name(c));
	} else {
		bf_raise(ctx, "TypeError: '%s' object is not iterable", bf_type_name(c));
	}
	if (bf_set_len(s) == 0)
		bf_raise(ctx, "ValueError: %s() arg is an empty sequence", most ? "max" : "min");
	bf_val best = bf_none(), x;
	int64_t bestc = 0;
	bool have = false;
	BF_SET_FOREACH(s.u.s, x) {
		int64_t k = bf_py_count(ctx, c, x);
		if (!have || (most ? k > bestc : k < bestc)) {
			best = x;
			bestc = k;
			have = true;
		}
	}
	return best;
}

bf_val bf_p_mostcommon(bf_ctx *ctx, const bf_val *a)
{
	return common(ctx, a[0], true);
}

bf_val bf_p_leastcommon(bf_ctx *ctx, const bf_val *a)
{
	return common(ctx, a[0], false);
}

/* frozenset({value}): a one-item display, then frozenset() of that set. */
bf_val bf_p_initset(bf_ctx *ctx, const bf_val *a)
{
	bf_val s = bf_set_new(ctx);
	bf_set_add(ctx, s, a[0]);
	return bf_set_copy(ctx, s, true);
}

/* ---- filters ---- */

/* type(container)(e for e in container if condition(e)) */
bf_val bf_p_sfilter(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	builder b;
	builder_init(ctx, &b, a[0], n);
	for (int64_t i = 0; i < n; i++)
		if (bf_truthy(gen_call1(ctx, a[1], it[i])))
			builder_push(ctx, &b, it[i]);
	return builder_done(ctx, &b);
}

/* merge(sfilter(container, function)) */
bf_val bf_p_mfilter(bf_ctx *ctx, const bf_val *a)
{
	bf_val f = bf_p_sfilter(ctx, a);
	return bf_p_merge(ctx, &f);
}

/* next(e for e in container if condition(e)) */
bf_val bf_p_extract(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	for (int64_t i = 0; i < n; i++)
		if (bf_truthy(gen_call1(ctx, a[1], it[i])))
			return it[i];
	bf_raise_stop(ctx);
}

/* frozenset(item for item in container if len(item) == n); n may be any
 * value, == against a non-int is simply False. */
bf_val bf_p_sizefilter(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	builder b;
	builder_init_fset(ctx, &b);
	bf_work(ctx, (uint64_t)n);
	for (int64_t i = 0; i < n; i++)
		if (bf_py_eq(ctx, bf_int(bf_py_len(ctx, it[i])), a[1]))
			builder_push(ctx, &b, it[i]);
	return builder_done(ctx, &b);
}

/* ---- picking items ---- */

/* tuple(container): a tuple is returned as is, as CPython does. */
bf_val bf_p_totuple(bf_ctx *ctx, const bf_val *a)
{
	if (a[0].kind == BF_TUPLE)
		return a[0];
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	return bf_py_tuple_of(ctx, it, n);
}

/* next(iter(container)) */
bf_val bf_p_first(bf_ctx *ctx, const bf_val *a)
{
	return bf_py_first(ctx, a[0]);
}

/* max(enumerate(container))[1]: the indices differ, so the pairs compare on
 * them alone and the last item wins; the items are never compared. */
bf_val bf_p_last(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[0], &n);
	bf_work(ctx, (uint64_t)n);
	if (n == 0)
		bf_raise(ctx, "ValueError: max() arg is an empty sequence");
	return it[n - 1];
}

/* container.union(frozenset({value})): set_union copies container (a merge
 * into a new set of its type), then merges the one-item frozenset. */
bf_val bf_p_insert(bf_ctx *ctx, const bf_val *a)
{
	bf_val c = a[1];
	if (!bf_is_set(c))
		bf_raise(ctx, "AttributeError: '%s' object has no attribute 'union'",
			 bf_type_name(c));
	bf_val one = bf_p_initset(ctx, &a[0]);
	return bf_set_or(ctx, c, one);
}

/* type(container)(e for e in container if e != value) */
bf_val bf_p_remove(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[1], &n);
	builder b;
	builder_init(ctx, &b, a[1], n);
	bf_work(ctx, (uint64_t)n);
	for (int64_t i = 0; i < n; i++)
		if (!bf_py_eq(ctx, it[i], a[0]))
			builder_push(ctx, &b, it[i]);
	return builder_done(ctx, &b);
}

/* first(remove(value, container)) */
bf_val bf_p_other(bf_ctx *ctx, const bf_val *a)
{
	bf_val args[2] = {a[1], a[0]};
	bf_val r = bf_p_remove(ctx, args);
	return bf_py_first(ctx, r);
}

/* ---- ranges and products ---- */

/* tuple(range(start, stop, step)).  range converts start, stop, step in
 * that order, then rejects a zero step.  The length is computed in 128 bits
 * (stop - start may not fit in 64) and charged before allocating. */
bf_val bf_p_interval(bf_ctx *ctx, const bf_val *a)
{
	int64_t lo = bf_py_range_arg(ctx, a[0]);
	int64_t hi = bf_py_range_arg(ctx, a[1]);
	int64_t step = bf_py_range_arg(ctx, a[2]);
	if (step == 0)
		bf_raise(ctx, "ValueError: range() arg 3 must not be zero");
	__int128 len = 0;
	if (step > 0 && lo < hi)
		len = ((__int128)hi - lo - 1) / step + 1;
	else if (step < 0 && hi < lo)
		len = ((__int128)lo - hi - 1) / -(__int128)step + 1;
	if (len == 0)
		return bf_empty_tuple(ctx);
	bf_work(ctx, len > ((__int128)1 << 62) ? (uint64_t)1 << 62 : (uint64_t)len);
	if (len > ((__int128)1 << 40))
		bf_raise(ctx, "MemoryError");
	bf_tuple *t = bf_tuple_alloc(ctx, (int64_t)len);
	for (int64_t k = 0; k < (int64_t)len; k++)
		t->it[k] = bf_int((int64_t)(lo + (__int128)k * step));
	t->flags = BF_TF_ALLINT;
	bf_val r = {BF_TUPLE, 0, {0}};
	r.u.t = t;
	return r;
}

/* frozenset(f(i, j) for j in b for i in a), f NULL meaning the pair (i, j).
 * b is iterated at once; a only when b yields its first item, so
 * product(5, ()) is an empty frozenset. */
static bf_val cross(bf_ctx *ctx, const bf_val *f, bf_val a, bf_val b)
{
	int64_t nb, na = 0;
	const bf_val *ib = bf_py_items(ctx, b, &nb);
	const bf_val *ia = NULL;
	builder r;
	builder_init_fset(ctx, &r);
	for (int64_t j = 0; j < nb; j++) {
		if (!ia)
			ia = bf_py_items(ctx, a, &na);
		bf_work(ctx, (uint64_t)na);
		for (int64_t i = 0; i < na; i++) {
			bf_val x = f ? gen_call2(ctx, *f, ia[i], ib[j]) : bf_tuple2(ctx, ia[i], ib[j]);
			builder_push(ctx, &r, x);
		}
	}
	return builder_done(ctx, &r);
}

bf_val bf_p_product(bf_ctx *ctx, const bf_val *a)
{
	return cross(ctx, NULL, a[0], a[1]);
}

bf_val bf_p_prapply(bf_ctx *ctx, const bf_val *a)
{
	return cross(ctx, &a[0], a[1], a[2]);
}

/* zip(a, b): both iterated at once, stops at the shorter. */
static int64_t zip2(bf_ctx *ctx, bf_val a, bf_val b, const bf_val **ia, const bf_val **ib)
{
	int64_t na, nb;
	*ia = bf_py_items(ctx, a, &na);
	*ib = bf_py_items(ctx, b, &nb);
	int64_t n = na < nb ? na : nb;
	bf_work(ctx, (uint64_t)n);
	return n;
}

/* tuple(zip(a, b)) */
bf_val bf_p_pair(bf_ctx *ctx, const bf_val *a)
{
	const bf_val *ia, *ib;
	int64_t n = zip2(ctx, a[0], a[1], &ia, &ib);
	bf_tuple *t = bf_tuple_alloc(ctx, n);
	for (int64_t i = 0; i < n; i++)
		t->it[i] = bf_tuple2(ctx, ia[i], ib[i]);
	return bf_tuple_seal(t);
}

/* ---- maps ---- */

/* type(container)(function(e) for e in container) */
bf_val bf_p_apply(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *it = bf_py_items(ctx, a[1], &n);
	builder b;
	builder_init(ctx, &b, a[1], n);
	for (int64_t i = 0; i < n; i++)
		builder_push(ctx, &b, gen_call1(ctx, a[0], it[i]));
	return builder_done(ctx, &b);
}

/* type(functions)(function(value) for function in functions) */
bf_val bf_p_rapply(bf_ctx *ctx, const bf_val *a)
{
	int64_t n;
	const bf_val *fs = bf_py_items(ctx, a[0], &n);
	builder b;
	builder_init(ctx, &b, a[0], n);
	for (int64_t i = 0; i < n; i++)
		builder_push(ctx, &b, gen_call1(ctx, fs[i], a[1]));
	return builder_done(ctx, &b);
}

/* merge(apply(function, container)) */
bf_val bf_p_mapply(bf_ctx *ctx, const bf_val *a)
{
	bf_val r = bf_p_apply(ctx, a);
	return bf_p_merge(ctx, &r);
}

/* tuple(function(i, j) for i, j in zip(a, b)) */
bf_val bf_p_papply(bf_ctx *ctx, const bf_val *a)
{
	const bf_val *ia, *ib;
	int64_t n = zip2(ctx, a[1], a[2], &ia, &ib);
	bf_vec out;
	bf_vec_init(ctx, &out, n);
	for (int64_t i = 0; i < n; i++)
		bf_vec_push(ctx, &out, gen_call2(ctx, a[0], ia[i], ib[i]));
	return bf_py_tuple_of(ctx, out.v, out.n);
}

/* merge(papply(function, a, b)) */
bf_val bf_p_mpapply(bf_ctx *ctx, const bf_val *a)
{
	bf_val r = bf_p_papply(ctx, a);
	return bf_p_merge(ctx, &r);
}

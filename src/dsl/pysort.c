/*
 * pysort.c -- sorted() exactly as CPython 3.11's list.sort() does it.
 *
 * Any stable sort agrees with CPython when "<" is a total preorder, but
 * frozensets order by inclusion, which is not; then the result depends on
 * which pairs the algorithm happens to compare.  So this is CPython's own
 * strategy (natural runs, binary insertion up to minrun, galloping merges,
 * powersort's merge policy), written from its description (listsort.txt).
 */
#include <string.h>

#include "battfarm/func.h"
#include "pyops.h"

/* ---- sorted(), as CPython 3.11's list.sort does it ----
 *
 * Any stable sort agrees with CPython's when "<" is a total preorder, but
 * frozensets order by inclusion, which is not: sorted() of sets (or of keys
 * that are sets) depends on exactly which pairs the algorithm compares.  So
 * this is the algorithm of listobject.c step for step: natural runs (strictly
 * descending ones reversed), short runs extended to minrun by binary
 * insertion, the powersort merge policy, and merges that gallop with an
 * adaptive min_gallop.  It sorts an array of item indices; keys are looked
 * up through it.  An incomparable pair raises TypeError from bf_lt. */

#define TS_MIN_GALLOP 7

typedef struct ts_run {
	int64_t base, len;
	int power;
} ts_run;

typedef struct tsort {
	bf_ctx *ctx;
	const bf_val *keys;
	int64_t *base; /* the array being sorted (item indices) */
	int64_t *tmp;  /* merge scratch, room for half the array */
	int64_t len;
	int64_t min_gallop;
	int n;
	ts_run pending[80];
} tsort;

/* keys[x] < keys[y] */
static bool ts_lt(tsort *ts, int64_t x, int64_t y)
{
	bf_work(ts->ctx, 1);
	return bf_lt(ts->ctx, ts->keys[x], ts->keys[y]);
}

static void ts_reverse(int64_t *lo, int64_t *hi)
{
	for (--hi; lo < hi; ++lo, --hi) {
		int64_t t = *lo;
		*lo = *hi;
		*hi = t;
	}
}

/* Binary insertion of [start, hi) into the sorted [lo, start). */
static void ts_binarysort(tsort *ts, int64_t *lo, int64_t *hi, int64_t *start)
{
	if (lo == start)
		++start;
	for (; start < hi; ++start) {
		int64_t *l = lo, *r = start, pivot = *start;
		do {
			int64_t *p = l + ((r - l) >> 1);
			if (ts_lt(ts, pivot, *p))
				r = p;
			else
				l = p + 1;
		} while (l < r);
		memmove(l + 1, l, (size_t)(start - l) * sizeof(int64_t));
		*l = pivot;
	}
}

/* Length of the run at lo: non-descending, or strictly descending. */
static int64_t ts_count_run(tsort *ts, int64_t *lo, int64_t *hi, bool *descending)
{
	*descending = false;
	++lo;
	if (lo == hi)
		return 1;
	int64_t n = 2;
	if (ts_lt(ts, lo[0], lo[-1])) {
		*descending = true;
		for (lo = lo + 1; lo < hi && ts_lt(ts, lo[0], lo[-1]); ++lo, ++n)
			;
	} else {
		for (lo = lo + 1; lo < hi && !ts_lt(ts, lo[0], lo[-1]); ++lo, ++n)
			;
	}
	return n;
}

/* k in 0..n with a[k-1] < key <= a[k], searching out from a[hint]. */
static int64_t ts_gallop_left(tsort *ts, int64_t key, int64_t *a, int64_t n, int64_t hint)
{
	int64_t ofs = 1, lastofs = 0;
	a += hint;
	if (ts_lt(ts, *a, key)) {
		int64_t maxofs = n - hint;
		while (ofs < maxofs && ts_lt(ts, a[ofs], key)) {
			lastofs = ofs;
			ofs = (ofs << 1) + 1;
		}
		if (ofs > maxofs)
			ofs = maxofs;
		lastofs += hint;
		ofs += hint;
	} else {
		int64_t maxofs = hint + 1;
		while (ofs < maxofs && !ts_lt(ts, *(a - ofs), key)) {
			lastofs = ofs;
			ofs = (ofs << 1) + 1;
		}
		if (ofs > maxofs)
			ofs = maxofs;
		int64_t k = lastofs;
		lastofs = hint - ofs;
		ofs = hint - k;
	}
	a -= hint;
	++lastofs;
	while (lastofs < ofs) {
		int64_t m = lastofs + ((ofs - lastofs) >> 1);
		if (ts_lt(ts, a[m], key))
			lastofs = m + 1;
		else
			ofs = m;
	}
	return ofs;
}

/* k in 0..n with a[k-1] <= key < a[k], searching out from a[hint]. */
static int64_t ts_gallop_right(tsort *ts, int64_t key, int64_t *a, int64_t n, int64_t hint)
{
	int64_t ofs = 1, lastofs = 0;
	a += hint;
	if (ts_lt(ts, key, *a)) {
		int64_t maxofs = hint + 1;
		while (ofs < maxofs && ts_lt(ts, key, *(a - ofs))) {
			lastofs = ofs;
			ofs = (ofs << 1) + 1;
		}
		if (ofs > maxofs)
			ofs = maxofs;
		int64_t k = lastofs;
		lastofs = hint - ofs;
		ofs = hint - k;
	} else {
		int64_t maxofs = n - hint;
		while (ofs < maxofs && !ts_lt(ts, key, a[ofs])) {
			lastofs = ofs;
			ofs = (ofs << 1) + 1;
		}
		if (ofs > maxofs)
			ofs = maxofs;
		lastofs += hint;
		ofs += hint;
	}
	a -= hint;
	++lastofs;
	while (lastofs < ofs) {
		int64_t m = lastofs + ((ofs - lastofs) >> 1);
		if (ts_lt(ts, key, a[m]))
			ofs = m;
		else
			lastofs = m + 1;
	}
	return ofs;
}

static void ts_move(int64_t *dst, const int64_t *src, int64_t n)
{
	memmove(dst, src, (size_t)n * sizeof(int64_t));
}

/* Merge the adjacent runs pa[0..na) and pb[0..nb), na <= nb, copying the
 * first into scratch and filling from the left. */
static void ts_merge_lo(tsort *ts, int64_t *pa, int64_t na, int64_t *pb, int64_t nb)
{
	int64_t *dest = pa, *sa = ts->tmp;
	ts_move(ts->tmp, pa, na);
	*dest++ = *pb++;
	if (--nb == 0)
		goto done;
	if (na == 1)
		goto copy_b;
	int64_t min_gallop = ts->min_gallop;
	for (;;) {
		int64_t acount = 0, bcount = 0;
		for (;;) {
			if (ts_lt(ts, *pb, *sa)) {
				*dest++ = *pb++;
				++bcount;
				acount = 0;
				if (--nb == 0)
					goto done;
				if (bcount >= min_gallop)
					break;
			} else {
				*dest++ = *sa++;
				++acount;
				bcount = 0;
				if (--na == 1)
					goto copy_b;
				if (acount >= min_gallop)
					break;
			}
		}
		++min_gallop;
		do {
			min_gallop -= min_gallop > 1;
			ts->min_gallop = min_gallop;
			int64_t k = ts_gallop_right(ts, *pb, sa, na, 0);
			acount = k;
			if (k) {
				ts_move(dest, sa, k);
				dest += k;
				sa += k;
				na -= k;
				if (na == 1)
					goto copy_b;
				if (na == 0)
					goto done;
			}
			*dest++ = *pb++;
			if (--nb == 0)
				goto done;
			k = ts_gallop_left(ts, *sa, pb, nb, 0);
			bcount = k;
			if (k) {
				ts_move(dest, pb, k);
				dest += k;
				pb += k;
				nb -= k;
				if (nb == 0)
					goto done;
			}
			*dest++ = *sa++;
			if (--na == 1)
				goto copy_b;
		} while (acount >= TS_MIN_GALLOP || bcount >= TS_MIN_GALLOP);
		++min_gallop;
		ts->min_gallop = min_gallop;
	}
done:
	if (na)
		ts_move(dest, sa, na);
	return;
copy_b:
	ts_move(dest, pb, nb);
	dest[nb] = *sa;
}

/* The mirror image: na >= nb, the second run goes to scratch and the merge
 * fills from the right. */
static void ts_merge_hi(tsort *ts, int64_t *pa, int64_t na, int64_t *pb, int64_t nb)
{
	int64_t *dest = pb + nb - 1, *basea = pa, *baseb = ts->tmp;
	ts_move(ts->tmp, pb, nb);
	int64_t *sb = ts->tmp + nb - 1, *sa = pa + na - 1;
	*dest-- = *sa--;
	if (--na == 0)
		goto done;
	if (nb == 1)
		goto copy_a;
	int64_t min_gallop = ts->min_gallop;
	for (;;) {
		int64_t acount = 0, bcount = 0;
		for (;;) {
			if (ts_lt(ts, *sb, *sa)) {
				*dest-- = *sa--;
				++acount;
				bcount = 0;
				if (--na == 0)
					goto done;
				if (acount >= min_gallop)
					break;
			} else {
				*dest-- = *sb--;
				++bcount;
				acount = 0;
				if (--nb == 1)
					goto copy_a;
				if (bcount >= min_gallop)
					break;
			}
		}
		++min_gallop;
		do {
			min_gallop -= min_gallop > 1;
			ts->min_gallop = min_gallop;
			int64_t k = na - ts_gallop_right(ts, *sb, basea, na, na - 1);
			acount = k;
			if (k) {
				dest -= k;
				sa -= k;
				ts_move(dest + 1, sa + 1, k);
				na -= k;
				if (na == 0)
					goto done;
			}
			*dest-- = *sb--;
			if (--nb == 1)
				goto copy_a;
			k = nb - ts_gallop_left(ts, *sa, baseb, nb, nb - 1);
			bcount = k;
			if (k) {
				dest -= k;
				sb -= k;
				ts_move(dest + 1, sb + 1, k);
				nb -= k;
				if (nb == 1)
					goto copy_a;
				if (nb == 0)
					goto done;
			}
			*dest-- = *sa--;
			if (--na == 0)
				goto done;
		} while (acount >= TS_MIN_GALLOP || bcount >= TS_MIN_GALLOP);
		++min_gallop;
		ts->min_gallop = min_gallop;
	}
done:
	if (nb)
		ts_move(dest - (nb - 1), baseb, nb);
	return;
copy_a:
	ts_move(dest + 1 - na, sa + 1 - na, na);
	dest -= na;
	sa -= na;
	*dest = *sb;
}

/* Merge pending runs i and i + 1. */
static void ts_merge_at(tsort *ts, int i)
{
	int64_t *pa = ts->base + ts->pending[i].base, na = ts->pending[i].len;
	int64_t *pb = ts->base + ts->pending[i + 1].base, nb = ts->pending[i + 1].len;
	ts->pending[i].len = na + nb;
	if (i == ts->n - 3)
		ts->pending[i + 1] = ts->pending[i + 2];
	--ts->n;
	int64_t k = ts_gallop_right(ts, *pb, pa, na, 0);
	pa += k;
	na -= k;
	if (na == 0)
		return;
	nb = ts_gallop_left(ts, pa[na - 1], pb, nb, nb - 1);
	if (nb <= 0)
		return;
	if (na <= nb)
		ts_merge_lo(ts, pa, na, pb, nb);
	else
		ts_merge_hi(ts, pa, na, pb, nb);
}

/* Powersort's depth of the boundary between the run at s1 (length n1)
 * and the next one (length n2), in a list of n. */
static int ts_power(int64_t s1, int64_t n1, int64_t n2, int64_t n)
{
	int result = 0;
	int64_t a = 2 * s1 + n1, b = a + n1 + n2;
	for (;;) {
		++result;
		if (a >= n) {
			a -= n;
			b -= n;
		} else if (b >= n) {
			break;
		}
		a <<= 1;
		b <<= 1;
	}
	return result;
}

static void ts_found_new_run(tsort *ts, int64_t n2)
{
	if (ts->n == 0)
		return;
	ts_run *p = ts->pending;
	int power = ts_power(p[ts->n - 1].base, p[ts->n - 1].len, n2, ts->len);
	while (ts->n > 1 && p[ts->n - 2].power > power)
		ts_merge_at(ts, ts->n - 2);
	p[ts->n - 1].power = power;
}

static int64_t ts_minrun(int64_t n)
{
	int64_t r = 0;
	while (n >= 64) {
		r |= n & 1;
		n >>= 1;
	}
	return n + r;
}

/* sorted(items, key=key) as a tuple; key None compares the items. */
bf_val bf_py_sorted(bf_ctx *ctx, const bf_val *items, int64_t n, bf_val key)
{
	bf_val *keys = bf_alloc(ctx, (size_t)(n ? n : 1) * sizeof(bf_val));
	for (int64_t i = 0; i < n; i++)
		keys[i] = key.kind == BF_NONE ? items[i] : bf_call1(ctx, key, items[i]);
	tsort ts;
	ts.ctx = ctx;
	ts.keys = keys;
	ts.base = bf_alloc(ctx, (size_t)(n ? n : 1) * sizeof(int64_t));
	ts.tmp = bf_alloc(ctx, (size_t)(n / 2 + 1) * sizeof(int64_t));
	ts.len = n;
	ts.min_gallop = TS_MIN_GALLOP;
	ts.n = 0;
	for (int64_t i = 0; i < n; i++)
		ts.base[i] = i;
	bf_work(ctx, (uint64_t)n);
	if (n >= 2) {
		int64_t minrun = ts_minrun(n), lo = 0, left = n;
		do {
			bool desc;
			int64_t *p = ts.base + lo;
			int64_t run = ts_count_run(&ts, p, p + left, &desc);
			if (desc)
				ts_reverse(p, p + run);
			if (run < minrun) {
				int64_t force = left <= minrun ? left : minrun;
				ts_binarysort(&ts, p, p + force, p + run);
				run = force;
			}
			ts_found_new_run(&ts, run);
			ts.pending[ts.n].base = lo;
			ts.pending[ts.n].len = run;
			ts.pending[ts.n].power = 0;
			++ts.n;
			lo += run;
			left -= run;
		} while (left);
		while (ts.n > 1) {
			int i = ts.n - 2;
			if (i > 0 && ts.pending[i - 1].len < ts.pending[i + 1].len)
				--i;
			ts_merge_at(&ts, i);
		}
	}
	bf_tuple *t = bf_tuple_alloc(ctx, n);
	for (int64_t i = 0; i < n; i++)
		t->it[i] = items[ts.base[i]];
	return bf_tuple_seal(t);
}


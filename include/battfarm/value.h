/*
 * value.h -- the value model of the ARC-DSL interpreter.
 *
 * A bf_val is a 16-byte tagged value passed by value.  It models the Python
 * objects that arc-dsl programs handle: None, bool, int, tuple, frozenset
 * (and the mutable set used while one is built) and function values.
 *
 * Everything a value points to lives in the evaluation arena (arena.h); no
 * value is ever freed on its own, the arena is reset after each sample.
 *
 * Python semantics that matter and are kept:
 *  - bool is an int: True == 1, hash(True) == hash(1), True + 1 == 2;
 *  - tuples compare lexicographically, frozensets by content;
 *  - frozenset iteration order is CPython 3.11's: a set is an open-addressed
 *    table laid out exactly as setobject.c lays it out (see pyset.c), so
 *    first(), extract(), ties in argmax... give CPython's answer.
 *  - grids are plain tuples of tuples of ints (equal to the same tuple of
 *    tuples by construction); tuples carry a flag saying "all items are ints"
 *    so grid code can take a fast path.
 */
#ifndef BATTFARM_VALUE_H
#define BATTFARM_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bf_ctx bf_ctx;

typedef enum bf_kind {
	BF_EMPTY = 0, /* an unused set slot; never a program value */
	BF_DUMMY,     /* a deleted set slot (CPython's dummy) */
	BF_NONE,
	BF_BOOL,
	BF_INT,
	BF_TUPLE,
	BF_FSET, /* frozenset */
	BF_SET,  /* mutable set, only inside primitives while building */
	BF_FUNC,
} bf_kind;

struct bf_tuple;
struct bf_set;
struct bf_func;

typedef struct bf_val {
	uint32_t kind;
	uint32_t stamp; /* a shared pair's hand-out stamp (intern.h); else 0 */
	union {
		int64_t i; /* BF_BOOL (0/1) and BF_INT */
		struct bf_tuple *t;
		struct bf_set *s;
		struct bf_func *f;
	} u;
} bf_val;

/* Tuple flags, computed at construction by bf_tuple_seal(). */
#define BF_TF_HASHED 1u   /* hash field is valid */
#define BF_TF_ALLINT 2u   /* every item is BF_INT or BF_BOOL */

typedef struct bf_tuple {
	int64_t hash;
	int32_t n; /* a tuple of more items (32 GB) is past every ceiling */
	uint32_t flags;
	bf_val it[];
} bf_tuple;

/* The bytes a tuple of n items is charged as (bf_tuple_alloc): its size
 * with the 24-byte header it had when the memory charges and the rates
 * were fitted, so that the 16-byte one -- a cell (v, (i, j)) takes 48
 * bytes of the arena instead of 64 -- changes no unit, byte or ceiling
 * count. */
#define BF_TUPLE_CHARGED(n) (24 + (size_t)(n) * sizeof(bf_val))

typedef struct bf_entry {
	int64_t hash;
	bf_val key; /* kind BF_EMPTY: unused, BF_DUMMY: deleted */
} bf_entry;

typedef struct bf_set {
	int64_t used; /* live entries */
	int64_t fill; /* live + dummy entries */
	int64_t mask; /* table size - 1 (size is a power of two, >= 8) */
	int64_t hash; /* frozenset hash, valid iff hashed */
	bool hashed;
	bool shared; /* kept across evaluations (share.c): items not cached */
	bf_entry *table;
	bf_val *items; /* a frozenset's members in iteration order, once asked */
} bf_set;

/* ---- construction ---- */

static inline bf_val bf_none(void) { bf_val v = {BF_NONE, 0, {0}}; return v; }
static inline bf_val bf_bool(bool b) { bf_val v = {BF_BOOL, 0, {0}}; v.u.i = b ? 1 : 0; return v; }
static inline bf_val bf_int(int64_t i) { bf_val v = {BF_INT, 0, {0}}; v.u.i = i; return v; }

static inline bool bf_is_intlike(bf_val v) { return v.kind == BF_INT || v.kind == BF_BOOL; }
static inline bool bf_is_tuple(bf_val v) { return v.kind == BF_TUPLE; }
static inline bool bf_is_set(bf_val v) { return v.kind == BF_FSET || v.kind == BF_SET; }
static inline bool bf_is_func(bf_val v) { return v.kind == BF_FUNC; }

/* bf_tuple_alloc(ctx, n), a new tuple of n items to fill and then seal with
 * bf_tuple_seal(), is inline in ctx.h, which it needs. */
_Noreturn void bf_tuple_too_big(bf_ctx *ctx, int64_t n);
bf_val bf_tuple_seal(bf_tuple *t);
bf_val bf_tuple2(bf_ctx *ctx, bf_val a, bf_val b);
bf_val bf_pair_ii(bf_ctx *ctx, int64_t a, int64_t b); /* (a, b) of ints */
bf_val bf_empty_tuple(bf_ctx *ctx);

static inline int64_t bf_tlen(bf_val v) { return v.u.t->n; }
static inline bf_val bf_titem(bf_val v, int64_t i) { return v.u.t->it[i]; }

/* ---- hashing and comparison, CPython-compatible ---- */

/* Nonzero only in diagnostics: perturbs every hash so sets take another
 * layout, which shows which results hang on iteration order
 * (BATTFARM_HASH_SALT, read by main). */
extern uint64_t bf_hash_salt;


/* hash(v) as CPython 3.11 computes it.  Raises TypeError for a mutable set.
 * The inline part answers the common cases: a tuple already hashed, a
 * small non-negative int (its own hash). */
int64_t bf_hash_slow(bf_ctx *ctx, bf_val v);
/* hash(v) leaving nothing cached on v or inside it: whether a value was
 * hashed is in the charges (a comparison of two hashed ones stops at
 * differing hashes), so a lookup the Python code does not make must not
 * hash (share.c's memo looks the input up this way). */
int64_t bf_hash_peek(bf_ctx *ctx, bf_val v);
static inline int64_t bf_hash(bf_ctx *ctx, bf_val v)
{
	if (v.kind == BF_TUPLE && (v.u.t->flags & BF_TF_HASHED))
		return v.u.t->hash;
	if (v.kind == BF_INT && v.u.i >= 0 && v.u.i < ((int64_t)1 << 60) && !bf_hash_salt)
		return v.u.i;
	return bf_hash_slow(ctx, v);
}
/* v == w with Python's rules (1 == True, (1,2) == (1,2), set contents),
 * inside an evaluation: a comparison nested deeper than CPython's recursion
 * limit allows raises RecursionError, as CPython does, instead of
 * recursing on the C stack. */
bool bf_py_eq(bf_ctx *ctx, bf_val a, bf_val b);
/* The same outside an evaluation, where nothing can be raised: for
 * comparing a result with a task's grid (two levels deep, so the bound
 * never decides there).  A comparison deeper than the bound is false. */
bool bf_eq(bf_val a, bf_val b);
/* RecursionError "maximum recursion depth exceeded <where>". */
_Noreturn void bf_raise_recursion(bf_ctx *ctx, const char *where);
/* a < b with Python's rules; raises TypeError where Python would
 * (int vs tuple, None, functions, ...).  For sets this is the proper-subset
 * test, as in Python. */
bool bf_lt(bf_ctx *ctx, bf_val a, bf_val b);
/* a > b, kept separate because max() asks "item > best" and set ordering is
 * not total. */
bool bf_gt(bf_ctx *ctx, bf_val a, bf_val b);

/* CPython's tuplehash() of a 2-tuple whose items hash to ha and hb. */
static inline int64_t bf_tuple_hash2(int64_t ha, int64_t hb)
{
	const uint64_t p1 = 11400714785074694791ULL, p2 = 14029467366897019727ULL,
		       p5 = 2870177450012600261ULL;
	uint64_t acc = p5;
	acc += (uint64_t)ha * p2;
	acc = ((acc << 31) | (acc >> 33)) * p1;
	acc += (uint64_t)hb * p2;
	acc = ((acc << 31) | (acc >> 33)) * p1;
	acc += 2 ^ (p5 ^ 3527539ULL);
	return acc == (uint64_t)-1 ? 1546275796 : (int64_t)acc;
}

/* Python's truth value: 0, False, None, empty containers are false. */
bool bf_truthy(bf_val v);

/* Name of the Python type, for error messages ("int", "tuple"...). */
const char *bf_type_name(bf_val v);

#endif

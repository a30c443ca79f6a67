/*
 * value_hash.c -- hash() with CPython 3.11's exact results.
 *
 * Set layout (and so iteration order) follows from the hashes, so these
 * must agree bit for bit with CPython: int hashes reduce modulo the Mersenne
 * prime 2**61 - 1, tuples use the xxHash-derived mix of tuplehash(), and
 * frozensets xor a shuffle of their members' hashes (frozenset_hash()).
 * None and functions hash by address in CPython, which no run can
 * reproduce; they get stable stand-ins here.
 */
#include "battfarm/ctx.h"
#include "battfarm/func.h"
#include "battfarm/value.h"

#define PY_MODULUS (((uint64_t)1 << 61) - 1)
#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL

uint64_t bf_hash_salt;

static inline int64_t hash_int(int64_t v)
{
	/* the common case needs no reduction: |v| < 2**61 - 1 */
	if (!bf_hash_salt && v > -(int64_t)PY_MODULUS && v < (int64_t)PY_MODULUS)
		return v == -1 ? -2 : v;
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int64_t h = (int64_t)(mag % PY_MODULUS);
	if (v < 0)
		h = -h;
	if (bf_hash_salt)
		h = (int64_t)(((uint64_t)h ^ bf_hash_salt) * 0x9E3779B97F4A7C15ULL);
	return h == -1 ? -2 : h;
}

static uint64_t rotl31(uint64_t x)
{
	return (x << 31) | (x >> 33);
}

static int64_t hash_at(bf_ctx *ctx, bf_val v, int room, bool keep);

/* CPython's tuplehash(); a nested tuple is hashed with one level less of
 * room (CPython itself has no bound here and overflows its C stack).
 * keep: cache the hash on the tuple (and on those inside it). */
static int64_t hash_tuple(bf_ctx *ctx, bf_tuple *t, int room, bool keep)
{
	if (t->flags & BF_TF_HASHED)
		return t->hash;
	if (room <= 0)
		bf_raise_recursion(ctx, "while hashing");
	uint64_t acc = XXPRIME_5;
	for (int64_t i = 0; i < t->n; i++) {
		bf_val x = t->it[i];
		uint64_t lane;
		if (x.kind == BF_INT || x.kind == BF_BOOL)
			lane = (uint64_t)hash_int(x.u.i);
		else if (x.kind == BF_TUPLE && (x.u.t->flags & BF_TF_HASHED))
			lane = (uint64_t)x.u.t->hash;
		else
			lane = (uint64_t)hash_at(ctx, x, room - 1, keep);
		acc += lane * XXPRIME_2;
		acc = rotl31(acc);
		acc *= XXPRIME_1;
	}
	acc += (uint64_t)t->n ^ (XXPRIME_5 ^ 3527539ULL);
	int64_t h = acc == (uint64_t)-1 ? 1546275796 : (int64_t)acc;
	if (keep) {
		t->hash = h;
		t->flags |= BF_TF_HASHED;
	}
	return h;
}

static uint64_t shuffle_bits(uint64_t h)
{
	return ((h ^ 89869747ULL) ^ (h << 16)) * 3644798167ULL;
}

static int64_t hash_fset(bf_set *s, bool keep)
{
	if (s->hashed)
		return s->hash;
	uint64_t h = 0;
	for (int64_t i = 0; i <= s->mask; i++)
		if (s->table[i].key.kind > BF_DUMMY)
			h ^= shuffle_bits((uint64_t)s->table[i].hash);
	h ^= ((uint64_t)s->used + 1) * 1927868237ULL;
	h ^= (h >> 11) ^ (h >> 25);
	h = h * 69069U + 907133923ULL;
	if (h == (uint64_t)-1)
		h = 590923713ULL;
	if (keep) {
		s->hash = (int64_t)h;
		s->hashed = true;
	}
	return (int64_t)h;
}

static int64_t hash_at(bf_ctx *ctx, bf_val v, int room, bool keep)
{
	switch (v.kind) {
	case BF_BOOL:
	case BF_INT:
		return hash_int(v.u.i);
	case BF_TUPLE:
		return hash_tuple(ctx, v.u.t, room, keep);
	case BF_FSET:
		return hash_fset(v.u.s, keep);
	case BF_NONE:
		/* CPython: the address of None */
		return (int64_t)((0x5eedULL ^ bf_hash_salt) >> 1);
	case BF_FUNC:
		/* CPython: the function's address, which varies from run to run;
		 * the salt moves it too, so results that hang on it show up as
		 * order-dependent */
		return (int64_t)((v.u.f->id ^ bf_hash_salt) * 0x9E3779B97F4A7C15ULL >> 4);
	case BF_SET:
		bf_raise(ctx, "TypeError: unhashable type: 'set'");
	default:
		bf_raise(ctx, "SystemError: hash of a set slot");
	}
}

int64_t bf_hash_slow(bf_ctx *ctx, bf_val v)
{
	return hash_at(ctx, v, BF_MAX_DEPTH - ctx->depth, true);
}

int64_t bf_hash_peek(bf_ctx *ctx, bf_val v)
{
	return hash_at(ctx, v, BF_MAX_DEPTH - ctx->depth, false);
}

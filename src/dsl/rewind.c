/*
 * rewind.c -- giving back the memory a primitive call leaves behind (see
 * rewind.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rewind.h"
#include "room.h"
#include "battfarm/util.h"

static int rewind_mode = -1; /* -1: not decided yet */
/* Results are moved down only once the evaluation has asked the arena for
 * this much: below it its memory is what the arena keeps from one sample
 * to the next anyway (faulted in once), and the copy would be pure cost
 * (13 % of a mutant battery's CPU, most of it objects()' results). */
static size_t move_from = BF_ARENA_KEEP;

void bf_rewind_set(bool on)
{
	rewind_mode = on;
}

void bf_rewind_set_move_from(size_t bytes)
{
	move_from = bytes;
}

bool bf_rewind_on(void)
{
	if (rewind_mode < 0)
		rewind_mode = !bf_env_set("BATTFARM_NO_REWIND");
	return rewind_mode;
}

bool bf_rewind_note_listing_slow(bf_ctx *ctx, bf_set *s)
{
	int64_t cap = ctx->listed_cap ? ctx->listed_cap * 2 : 256;
	bf_set **l = realloc(ctx->listed, (size_t)cap * sizeof(*l));
	if (!l)
		return false;
	ctx->listed = l;
	ctx->listed_cap = cap;
	ctx->listed[ctx->nlisted++] = s;
	return true;
}

static const void *pointee(bf_val v)
{
	switch ((bf_kind)v.kind) {
	case BF_TUPLE:
		return v.u.t;
	case BF_FSET:
	case BF_SET:
		return v.u.s;
	case BF_FUNC:
		return v.u.f;
	default:
		return NULL;
	}
}

/* v holds no memory made since the point (its items are not looked at). */
static bool from_before(const bf_ctx *ctx, const bf_rewind_point *pt, bf_val v)
{
	const void *p = pointee(v);
	return !p || !bf_arena_since(&ctx->arena, &pt->mark, p);
}

/* Sets from before the point that cached a listing since forget it; the
 * notes made since are dropped (a set made since goes with its memory). */
static void forget_listings(bf_ctx *ctx, const bf_rewind_point *pt)
{
	const bf_arena *a = &ctx->arena;
	for (int64_t k = pt->nlisted; k < ctx->nlisted; k++) {
		bf_set *s = ctx->listed[k];
		if (!bf_arena_since(a, &pt->mark, s) && s->items &&
		    bf_arena_since(a, &pt->mark, s->items))
			s->items = NULL;
	}
	ctx->nlisted = pt->nlisted;
}

static void give_back(bf_ctx *ctx, const bf_rewind_point *pt)
{
	forget_listings(ctx, pt);
	bf_arena_rewind(&ctx->arena, &pt->mark);
}

static void *alloc_again(bf_ctx *ctx, size_t n)
{
	void *p = bf_arena_alloc_again(&ctx->arena, n);
	if (!p)
		bf_raise_nomem(ctx); /* the system's memory, not the ceiling */
	return p;
}

/* ---- moving a result down: the part of it made since the point ----
 *
 * That part is copied out to a buffer of its own, the memory given back,
 * and the copy placed in one piece where the call began, its inner
 * pointers shifted by how far it moved.  Only when it is at most half of
 * what the call allocated, and only for tuples and sets whose made-since
 * nodes each appear once in it: a node reached twice would become two,
 * and comparisons of identical values take a shortcut that changes their
 * charge. */
#define MOVE_MAX_BYTES ((size_t)64 << 20)
#define MOVE_DEPTH 8

/* The mover's buffers are kept in the context from one move to the next
 * (room.h): taken fresh for each move, even calloc'd ones came from pages
 * the kernel had to clear again, and 95 % of check's page faults were the
 * mover's.  One over ROOM_KEEP that the last evaluation did not need goes
 * back when the next one begins. */
#define ROOM_KEEP ((size_t)256 << 10)

struct bf_move_rooms {
	bf_room seen[2]; /* the seen table and the one it grows into */
	bf_room buf, fix;
};

void bf_rewind_trim(bf_ctx *ctx)
{
	struct bf_move_rooms *rs = ctx->move_rooms;
	if (!rs)
		return;
	bf_room_trim(&rs->seen[0], ROOM_KEEP);
	bf_room_trim(&rs->seen[1], ROOM_KEEP);
	bf_room_trim(&rs->buf, ROOM_KEEP);
	bf_room_trim(&rs->fix, ROOM_KEEP);
}

size_t bf_rewind_room_bytes(const bf_ctx *ctx)
{
	const struct bf_move_rooms *rs = ctx->move_rooms;
	return rs ? rs->seen[0].cap + rs->seen[1].cap + rs->buf.cap + rs->fix.cap : 0;
}

void bf_rewind_release(bf_ctx *ctx)
{
	if (!ctx->move_rooms)
		return;
	struct bf_move_rooms *rs = ctx->move_rooms;
	bf_room_drop(&rs->seen[0]);
	bf_room_drop(&rs->seen[1]);
	bf_room_drop(&rs->buf);
	bf_room_drop(&rs->fix);
	free(rs);
	ctx->move_rooms = NULL;
}

typedef struct mover {
	bf_ctx *ctx;
	const bf_rewind_point *pt;
	struct bf_move_rooms *rooms;
	size_t bytes, cap;
	const void **seen; /* the made-since nodes met, open addressing */
	size_t seen_mask, nseen;
	int seen_room;  /* which of rooms->seen holds it */
	unsigned char *buf; /* pass two: the copy */
	size_t at;
	size_t *fix; /* offsets in buf of pointers into buf */
	size_t nfix, fix_cap;
} mover;

static size_t round16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static size_t node_bytes(bf_val v)
{
	if (v.kind == BF_TUPLE)
		return round16(sizeof(bf_tuple) + (size_t)v.u.t->n * sizeof(bf_val));
	return round16(sizeof(bf_set)) + round16((size_t)(v.u.s->mask + 1) * sizeof(bf_entry));
}

static const void **seen_slot(const void **seen, size_t mask, const void *p)
{
	size_t i = (size_t)(((uintptr_t)p >> 4) * 0x9e3779b97f4a7c15ull >> 20);
	for (;; i++)
		if (!seen[i & mask] || seen[i & mask] == p)
			return &seen[i & mask];
}

/* false when p was met before, or no memory to note it */
static bool first_meeting(mover *m, const void *p)
{
	if (m->nseen * 2 >= m->seen_mask) {
		size_t mask = m->seen_mask ? m->seen_mask * 2 + 1 : 15; /* most results are small */
		int into = m->seen ? !m->seen_room : m->seen_room;
		const void **grown = bf_room_fit(&m->rooms->seen[into], (mask + 1) * sizeof(*grown), 0);
		if (!grown)
			return false;
		memset(grown, 0, (mask + 1) * sizeof(*grown));
		for (size_t k = 0; m->seen && k <= m->seen_mask; k++)
			if (m->seen[k])
				*seen_slot(grown, mask, m->seen[k]) = m->seen[k];
		m->seen = grown;
		m->seen_mask = mask;
		m->seen_room = into;
	}
	const void **e = seen_slot(m->seen, m->seen_mask, p);
	if (*e)
		return false;
	*e = p;
	m->nseen++;
	return true;
}

/* Pass one: the bytes of v's made-since part, false when it cannot move. */
static bool measure(mover *m, bf_val v, int depth)
{
	if (from_before(m->ctx, m->pt, v))
		return true;
	if ((v.kind != BF_TUPLE && v.kind != BF_FSET && v.kind != BF_SET) || depth > MOVE_DEPTH ||
	    !first_meeting(m, pointee(v)))
		return false;
	m->bytes += node_bytes(v);
	if (m->bytes > m->cap)
		return false;
	if (v.kind == BF_TUPLE) {
		for (int64_t i = 0; i < v.u.t->n; i++)
			if (!measure(m, v.u.t->it[i], depth + 1))
				return false;
		return true;
	}
	for (int64_t i = 0; i <= v.u.s->mask; i++)
		if (v.u.s->table[i].key.kind > BF_DUMMY && !measure(m, v.u.s->table[i].key, depth + 1))
			return false;
	return true;
}

static bool note_fix(mover *m, const void *field)
{
	if (m->nfix == m->fix_cap) {
		size_t cap = m->fix_cap ? m->fix_cap * 2 : 1024;
		size_t *f = bf_room_fit(&m->rooms->fix, cap * sizeof(*f), m->nfix * sizeof(*f));
		if (!f)
			return false;
		m->fix = f;
		m->fix_cap = m->rooms->fix.cap / sizeof(*f);
	}
	m->fix[m->nfix++] = (size_t)((const unsigned char *)field - m->buf);
	return true;
}

/* Pass two: v with its made-since part copied into buf; v itself is in
 * buf but for the top value. */
static bool copy_out(mover *m, bf_val *v, bool top)
{
	if (from_before(m->ctx, m->pt, *v))
		return true;
	if (!top && !note_fix(m, &v->u))
		return false;
	unsigned char *at = m->buf + m->at;
	m->at += node_bytes(*v);
	if (v->kind == BF_TUPLE) {
		const bf_tuple *t = v->u.t;
		bf_tuple *c = (bf_tuple *)(void *)at;
		memcpy(c, t, sizeof(bf_tuple) + (size_t)t->n * sizeof(bf_val));
		for (int64_t i = 0; i < t->n; i++)
			if (!copy_out(m, &c->it[i], false))
				return false;
		v->u.t = c;
		return true;
	}
	const bf_set *s = v->u.s;
	bf_set *c = (bf_set *)(void *)at;
	*c = *s;
	c->items = NULL; /* a cache: listed again, charged the same */
	c->table = (bf_entry *)(void *)(at + round16(sizeof(bf_set)));
	memcpy(c->table, s->table, (size_t)(s->mask + 1) * sizeof(bf_entry));
	if (!note_fix(m, &c->table))
		return false;
	for (int64_t i = 0; i <= s->mask; i++)
		if (c->table[i].key.kind > BF_DUMMY && !copy_out(m, &c->table[i].key, false))
			return false;
	v->u.s = c;
	return true;
}

/* What r's made-since part is likely to take, from its top node and its
 * first item's (a call that made mostly its result, as shift() does, is
 * told at once, before any walk). */
static size_t guess_bytes(const bf_ctx *ctx, const bf_rewind_point *pt, bf_val r, int depth)
{
	if (from_before(ctx, pt, r) || (r.kind != BF_TUPLE && r.kind != BF_FSET && r.kind != BF_SET))
		return 0;
	size_t top = node_bytes(r);
	if (depth > 2)
		return top;
	if (r.kind == BF_TUPLE)
		return top + (r.u.t->n ? (size_t)r.u.t->n * guess_bytes(ctx, pt, r.u.t->it[0], depth + 1) : 0);
	for (int64_t i = 0; i <= r.u.s->mask; i++)
		if (r.u.s->table[i].key.kind > BF_DUMMY)
			return top + (size_t)r.u.s->used * guess_bytes(ctx, pt, r.u.s->table[i].key, depth + 1);
	return top;
}

static bf_val move_down(bf_ctx *ctx, const bf_rewind_point *pt, bf_val r)
{
	size_t made = ctx->arena.used_total - pt->mark.total;
	size_t cap = made / 2 < MOVE_MAX_BYTES ? made / 2 : MOVE_MAX_BYTES;
	if (guess_bytes(ctx, pt, r, 0) > cap / 2)
		return r;
	if (!ctx->move_rooms && !(ctx->move_rooms = calloc(1, sizeof(*ctx->move_rooms))))
		return r;
	mover m = {.ctx = ctx, .pt = pt, .rooms = ctx->move_rooms, .cap = cap};
	if (!measure(&m, r, 0) || !(m.buf = bf_room_fit(&m.rooms->buf, m.bytes, 0)))
		return r;
	bf_val moved = r;
	if (!copy_out(&m, &moved, true))
		return r;
	give_back(ctx, pt);
	unsigned char *home = memcpy(alloc_again(ctx, m.bytes), m.buf, m.bytes);
	ptrdiff_t delta = home - m.buf;
	for (size_t k = 0; k < m.nfix; k++) {
		unsigned char **field = (unsigned char **)(void *)(home + m.fix[k]);
		*field += delta;
	}
	if (moved.kind == BF_TUPLE)
		moved.u.t = (bf_tuple *)(void *)((unsigned char *)moved.u.t + delta);
	else
		moved.u.s = (bf_set *)(void *)((unsigned char *)moved.u.s + delta);
	return moved;
}

bf_val bf_rewind_settle_slow(bf_ctx *ctx, const bf_rewind_point *pt, bf_val r)
{
	/* the memo may hold what the call made: it keeps that memory */
	if (ctx->memo_writes != pt->memo_writes || !bf_rewind_on())
		return r;
	if (from_before(ctx, pt, r)) {
		give_back(ctx, pt);
		return r;
	}
	if (ctx->arena.used_total < move_from)
		return r;
	return move_down(ctx, pt, r);
}

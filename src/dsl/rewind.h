/*
 * rewind.h -- giving back the memory a primitive call leaves behind.
 *
 * CPython frees a call's temporaries as it returns; an arena frees nothing
 * until the sample ends, so a program that calls center() eleven million
 * times (solve_d22278a0 over forty tasks) asked for 25 GB, fresh pages the
 * kernel had to clear.  Around each primitive call (cost.c) a point is
 * taken; when the call returns a value that holds nothing the call made
 * (an int, a value from before), or one whose made part is at most half of
 * what the call made (moved down in one piece, rewind.c, once the
 * evaluation has outgrown what the arena keeps anyway), the rest of the
 * memory it made is given back at once.
 * Nothing countable changes: units, bytes and the arena's ceiling count
 * stay as they were (bf_arena_rewind), and what the call cached on values
 * from before (set listings, the flattened-grid memo) is forgotten or
 * keeps the call's memory, so no pointer into given-back memory survives.
 */
#ifndef BATTFARM_REWIND_H
#define BATTFARM_REWIND_H

#include "battfarm/ctx.h"

typedef struct bf_rewind_point {
	bf_arena_mark mark;
	int64_t nlisted;      /* ctx->nlisted then */
	uint64_t memo_writes; /* ctx->memo_writes then */
} bf_rewind_point;

static inline void bf_rewind_begin(const bf_ctx *ctx, bf_rewind_point *pt)
{
	pt->mark = bf_arena_mark_now(&ctx->arena);
	pt->nlisted = ctx->nlisted;
	pt->memo_writes = ctx->memo_writes;
}

/* Turn rewinding on or off (the default: on unless BATTFARM_NO_REWIND is
 * set in the environment, for comparisons); whether it is on. */
void bf_rewind_set(bool on);
bool bf_rewind_on(void);
/* Move results down only in evaluations that have allocated at least
 * bytes (the default: BF_ARENA_KEEP; tests set 0). */
void bf_rewind_set_move_from(size_t bytes);

/* Give back the mover's big buffers (when an evaluation begins), or all
 * of them (when the context is released). */
void bf_rewind_trim(bf_ctx *ctx);
void bf_rewind_release(bf_ctx *ctx);
/* what those buffers hold now */
size_t bf_rewind_room_bytes(const bf_ctx *ctx);

/* Less than this handed out since the point: not worth a look. */
#define BF_REWIND_MIN 1024

bf_val bf_rewind_settle_slow(bf_ctx *ctx, const bf_rewind_point *pt, bf_val r);

/* r, the call's result, possibly moved; the call's other memory given
 * back when r lets it. */
static inline bf_val bf_rewind_settle(bf_ctx *ctx, const bf_rewind_point *pt, bf_val r)
{
	if (ctx->arena.used_total - pt->mark.total < BF_REWIND_MIN)
		return r;
	return bf_rewind_settle_slow(ctx, pt, r);
}

bool bf_rewind_note_listing_slow(bf_ctx *ctx, struct bf_set *s);

/* Note that s's listing is now cached in the arena (pyops.c); false when
 * it cannot be noted, and then it must not be cached. */
static inline bool bf_rewind_note_listing(bf_ctx *ctx, struct bf_set *s)
{
	if (ctx->nlisted == ctx->listed_cap)
		return bf_rewind_note_listing_slow(ctx, s);
	ctx->listed[ctx->nlisted++] = s;
	return true;
}

#endif

/*
 * testutil.c -- see testutil.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/ctx.h"
#include "battfarm/repr.h"
#include "testutil.h"

#define RING 8

static char *ring[RING];
static int ring_pos;

static const char *keep(const char *s)
{
	ring_pos = (ring_pos + 1) % RING;
	free(ring[ring_pos]);
	ring[ring_pos] = strdup(s);
	return ring[ring_pos];
}

const char *tu_eval_budget(const char *src, unsigned long long budget)
{
	static bf_ctx ctx;
	static int ready;
	if (!ready) {
		bf_ctx_init(&ctx, (size_t)1 << 30);
		ready = 1;
	}
	jmp_buf jb;
	ctx.jb = &jb;
	bf_ctx_begin(&ctx, budget ? budget : 50000000ULL, 20.0);
	if (setjmp(jb)) {
		if (ctx.status == BF_TIMEOUT)
			return keep("timeout");
		char buf[256];
		snprintf(buf, sizeof(buf), "error: %s", ctx.msg);
		return keep(buf);
	}
	bf_val v = bf_eval_expr(&ctx, src);
	return keep(bf_repr(&ctx, v));
}

const char *tu_eval(const char *src)
{
	return tu_eval_budget(src, 0);
}

int tu_is_error(const char *src, const char *prefix)
{
	const char *r = tu_eval(src);
	return strncmp(r, "error: ", 7) == 0 && strncmp(r + 7, prefix, strlen(prefix)) == 0;
}

size_t tu_arena_held(const bf_arena *a)
{
	size_t n = 0;
	for (const bf_arena_block *b = a->head; b; b = b->prev)
		n += b->used;
	return n;
}

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

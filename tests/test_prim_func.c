/*
 * test_prim_func.c -- compose, chain, matcher, rbind, lbind, power, fork.
 * Expected values are what CPython prints for the same expressions.
 */
#include "testutil.h"

START_TEST(t_combinators)
{
	EXPECT("compose(invert, double)(3)", "-6");
	EXPECT("chain(invert, double, increment)(3)", "-8");
	EXPECT("matcher(double, 6)(3)", "True");
	EXPECT("matcher(double, 6)(2)", "False");
	EXPECT("rbind(subtract, 1)(5)", "4");
	EXPECT("lbind(subtract, 1)(5)", "-4");
	EXPECT("rbind(branch, 7)(True, 8)", "8");
	EXPECT("lbind(branch, False)(1, 2)", "2");
	EXPECT("fork(add, double, invert)(5)", "5");
	EXPECT("power(double, 3)(1)", "8");
	EXPECT("power(double, 1)", "<function double>");
}
END_TEST

START_TEST(t_arity_errors)
{
	/* co_argcount of a lambda from compose is 1: rbind builds a 3-arg lambda */
	ck_assert(tu_is_error("rbind(compose(double, double), 1)(2)", "TypeError"));
	ck_assert(tu_is_error("rbind(5, 1)", "AttributeError"));
	ck_assert(tu_is_error("double(1, 2)", "TypeError"));
	ck_assert(tu_is_error("power(double, 0)", "RecursionError"));
	ck_assert(tu_is_error("power(double, -3)", "RecursionError"));
	ck_assert(tu_is_error("5(1)", "TypeError"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prim_func");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_combinators);
	tcase_add_test(tc, t_arity_errors);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

/*
 * test_prim_arith.c -- the arithmetic and logic primitives.
 * Expected values are what CPython 3.11 prints for the same expressions
 * with arc-dsl's dsl.py; errors are checked by exception class.
 */
#include "testutil.h"

START_TEST(t_binops)
{
	EXPECT("identity(5)", "5");
	EXPECT("identity(frozenset((1, 2)))", "frozenset({1, 2})");
	EXPECT("add(2, 3)", "5");
	EXPECT("add(True, True)", "2");
	EXPECT("add((1, 2), (3, 4))", "(4, 6)");
	EXPECT("add(1, (3, 4))", "(4, 5)");
	EXPECT("add((3, 4), -1)", "(2, 3)");
	EXPECT("add(((1,), (2,)), ((3,), (4,)))", "((1, 3), (2, 4))");
	EXPECT("add((1, 2, 3), (10, 20, 30))", "(11, 22)");
	ck_assert(tu_is_error("add((1,), (2, 3))", "IndexError"));
	ck_assert(tu_is_error("add(1, frozenset())", "TypeError"));
	ck_assert(tu_is_error("add(frozenset((1, 2)), 1)", "TypeError"));
	ck_assert(tu_is_error("add(1, None)", "TypeError"));
	ck_assert(tu_is_error("add((1, 2), None)", "TypeError"));
	ck_assert(tu_is_error("add((), 1)", "IndexError"));
	ck_assert(tu_is_error("add((None, 1), ())", "IndexError"));
	EXPECT("subtract(2, 5)", "-3");
	EXPECT("subtract((1, 2), (3, 5))", "(-2, -3)");
	EXPECT("subtract(10, (3, 4))", "(7, 6)");
	EXPECT("subtract((3, 4), True)", "(2, 3)");
	EXPECT("subtract((frozenset((1, 2)), frozenset((2, 3))), (frozenset((2,)), frozenset((3,))))", "(frozenset({1}), frozenset({2}))");
	ck_assert(tu_is_error("subtract(1, frozenset())", "TypeError"));
	EXPECT("multiply(3, -4)", "-12");
	EXPECT("multiply((1, 2), (3, 4))", "(3, 8)");
	EXPECT("multiply(2, (3, 4))", "(6, 8)");
	EXPECT("multiply((3, 4), 2)", "(6, 8)");
	EXPECT("multiply(((1,), (2,)), 2)", "((1, 1), (2, 2))");
	EXPECT("multiply(2, ((1,), ()))", "((1, 1), ())");
	EXPECT("multiply((1, 2), (1, 2, 3))", "(1, 4)");
	ck_assert(tu_is_error("multiply(None, 2)", "TypeError"));
	EXPECT("divide(7, 2)", "3");
	EXPECT("divide(-7, 2)", "-4");
	EXPECT("divide(7, -2)", "-4");
	EXPECT("divide((7, -7), (2, 2))", "(3, -4)");
	EXPECT("divide(-9, (2, -4))", "(-5, 2)");
	EXPECT("divide((9, 8), 4)", "(2, 2)");
	ck_assert(tu_is_error("divide(1, 0)", "ZeroDivisionError"));
	ck_assert(tu_is_error("divide((1, 2), (0, 1))", "ZeroDivisionError"));
	ck_assert(tu_is_error("divide((1, 2), (1, 0))", "ZeroDivisionError"));
	ck_assert(tu_is_error("divide(((1,), 2), 1)", "TypeError"));
	EXPECT("rbind(add, 1)(2)", "3");
	EXPECT("lbind(subtract, (10, 10))((1, 2))", "(9, 8)");
}
END_TEST

START_TEST(t_unary)
{
	EXPECT("invert(5)", "-5");
	EXPECT("invert(True)", "-1");
	EXPECT("invert((1, -2))", "(-1, 2)");
	ck_assert(tu_is_error("invert(())", "IndexError"));
	ck_assert(tu_is_error("invert(None)", "TypeError"));
	EXPECT("even(4)", "True");
	EXPECT("even(-3)", "False");
	EXPECT("even(0)", "True");
	EXPECT("even(True)", "False");
	ck_assert(tu_is_error("even((2, 4))", "TypeError"));
	EXPECT("double(7)", "14");
	EXPECT("double((1, -3))", "(2, -6)");
	EXPECT("double(((1,), (2,)))", "((1, 1), (2, 2))");
	ck_assert(tu_is_error("double(frozenset())", "TypeError"));
	EXPECT("halve(7)", "3");
	EXPECT("halve(-7)", "-4");
	EXPECT("halve((5, -5))", "(2, -3)");
	ck_assert(tu_is_error("halve(None)", "TypeError"));
	EXPECT("increment(5)", "6");
	EXPECT("increment(True)", "2");
	EXPECT("increment((1, -1))", "(2, 0)");
	ck_assert(tu_is_error("increment(((1,), (2,)))", "TypeError"));
	ck_assert(tu_is_error("increment(())", "IndexError"));
	EXPECT("decrement(5)", "4");
	EXPECT("decrement((0, 0))", "(-1, -1)");
	ck_assert(tu_is_error("decrement(frozenset())", "TypeError"));
	EXPECT("crement(0)", "0");
	EXPECT("crement(3)", "4");
	EXPECT("crement(-3)", "-4");
	EXPECT("crement(True)", "2");
	EXPECT("crement(False)", "0");
	EXPECT("crement((0, 5))", "(0, 6)");
	EXPECT("crement((-2, 0))", "(-3, 0)");
	ck_assert(tu_is_error("crement((1,))", "IndexError"));
	ck_assert(tu_is_error("crement((None, 1))", "TypeError"));
	ck_assert(tu_is_error("crement(((1,), 2))", "TypeError"));
	EXPECT("sign(0)", "0");
	EXPECT("sign(-7)", "-1");
	EXPECT("sign(9)", "1");
	EXPECT("sign((0, -3))", "(0, -1)");
	EXPECT("sign((4, 0))", "(1, 0)");
	ck_assert(tu_is_error("sign(())", "IndexError"));
	ck_assert(tu_is_error("sign(None)", "TypeError"));
	EXPECT("positive(1)", "True");
	EXPECT("positive(0)", "False");
	EXPECT("positive(-1)", "False");
	EXPECT("positive(True)", "True");
	ck_assert(tu_is_error("positive((1,))", "TypeError"));
	ck_assert(tu_is_error("positive(None)", "TypeError"));
	EXPECT("compose(flip, even)(3)", "True");
}
END_TEST

START_TEST(t_logic)
{
	EXPECT("flip(True)", "False");
	EXPECT("flip(0)", "True");
	EXPECT("flip(())", "True");
	EXPECT("flip((0,))", "False");
	EXPECT("flip(frozenset())", "True");
	EXPECT("equality(1, True)", "True");
	EXPECT("equality((1, 2), (1, 2))", "True");
	EXPECT("equality(frozenset((1, 2)), frozenset((2, 1)))", "True");
	EXPECT("equality(1, (1,))", "False");
	EXPECT("equality(None, None)", "True");
	EXPECT("equality(frozenset(), ())", "False");
	EXPECT("greater(3, 2)", "True");
	EXPECT("greater(2, 3)", "False");
	EXPECT("greater(True, 0)", "True");
	EXPECT("greater((1, 2), (1, 1))", "True");
	EXPECT("greater(frozenset((1, 2)), frozenset((1,)))", "True");
	EXPECT("greater(frozenset((1, 2)), frozenset((3,)))", "False");
	ck_assert(tu_is_error("greater(1, (1,))", "TypeError"));
	ck_assert(tu_is_error("greater(None, 1)", "TypeError"));
	EXPECT("both(True, False)", "False");
	EXPECT("both(1, 5)", "5");
	EXPECT("both(0, 5)", "0");
	EXPECT("both((), 5)", "()");
	EXPECT("both((1,), frozenset())", "frozenset()");
	EXPECT("both(None, 1)", "None");
	EXPECT("either(0, 5)", "5");
	EXPECT("either(3, 5)", "3");
	EXPECT("either(False, ())", "()");
	EXPECT("either((), False)", "False");
	EXPECT("either(frozenset((1,)), 2)", "frozenset({1})");
	EXPECT("branch(True, 1, 2)", "1");
	EXPECT("branch(0, 1, 2)", "2");
	EXPECT("branch((), 1, 2)", "2");
	EXPECT("branch(frozenset((0,)), 1, 2)", "1");
	EXPECT("branch(None, (1,), (2,))", "(2,)");
}
END_TEST

START_TEST(t_vectors)
{
	EXPECT("toivec(3)", "(3, 0)");
	EXPECT("toivec(None)", "(None, 0)");
	EXPECT("tojvec(-2)", "(0, -2)");
	EXPECT("tojvec((1, 2))", "(0, (1, 2))");
	EXPECT("astuple(1, 2)", "(1, 2)");
	EXPECT("astuple(frozenset(), None)", "(frozenset(), None)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prim_arith");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_binops);
	tcase_add_test(tc, t_unary);
	tcase_add_test(tc, t_logic);
	tcase_add_test(tc, t_vectors);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

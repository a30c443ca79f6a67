/*
 * test_prim_grid.c -- the grid primitives (prim_grid.c).
 *
 * Every expected value is what CPython 3.11 prints for the same expression
 * with arc-dsl's dsl.py; a frozenset's repr pins its iteration order.  The
 * cases cover ordinary grids and objects, order-dependent sets, odd inputs
 * (ragged rows, rows that are frozensets, empty grids, objects or ints where
 * a grid was meant) and the errors Python raises for them.  The last test
 * checks that huge sizes run into the work budget instead of allocating.
 */
#include "testutil.h"

START_TEST(t_colors)
{
	EXPECT("mostcolor(((0, 0, 1), (2, 0, 1)))", "0");
	EXPECT("mostcolor(((1, 2), (2, 1)))", "1");
	EXPECT("mostcolor(((1, True, 2), (2, 1)))", "1");
	EXPECT("mostcolor(((True, 1, 2), (2, 1)))", "True");
	EXPECT("mostcolor(((9, 1, 17, 1, 9, 17),))", "9");
	EXPECT("mostcolor(((17, 1, 9, 1, 9, 17),))", "17");
	EXPECT("mostcolor(((1, 2, 2, 3, 3, 9, 17, -1, -2), (8, 16, 0, 16, 3, 2)))", "2");
	EXPECT("mostcolor(((-1, -2, -2, -1),))", "-1");
	EXPECT("mostcolor(((1099511627776, 5, 1099511627776, 5),))", "1099511627776");
	EXPECT("mostcolor(((None, 1, None), ((1,), (1,), (1,))))", "(1,)");
	EXPECT("mostcolor(frozenset(((3, (0, 0)), (4, (0, 1)), (3, (1, 1)))))", "3");
	EXPECT("mostcolor(frozenset(((3, (0, 0)), (4, (0, 1)))))", "3");
	ck_assert(tu_is_error("mostcolor(())", "ValueError"));
	ck_assert(tu_is_error("mostcolor(((),))", "ValueError"));
	ck_assert(tu_is_error("mostcolor(frozenset())", "ValueError"));
	ck_assert(tu_is_error("mostcolor(5)", "TypeError"));
	ck_assert(tu_is_error("mostcolor(None)", "TypeError"));
	ck_assert(tu_is_error("mostcolor(((1, 2), 5))", "TypeError"));
	EXPECT("mostcolor(((1, 2), frozenset((3, 4))))", "1");
	ck_assert(tu_is_error("mostcolor(frozenset(((0, 0), (1, 2, 3))))", "ValueError"));
	EXPECT("leastcolor(((0, 0, 1), (2, 0, 1)))", "2");
	EXPECT("leastcolor(((1, 2, 2, 3, 3, 9, 17, -1, -2), (8, 16, 0)))", "0");
	EXPECT("leastcolor(((9, 1, 17, 1, 9, 17),))", "9");
	EXPECT("leastcolor(frozenset(((3, (0, 0)), (4, (0, 1)), (3, (1, 1)))))", "4");
	ck_assert(tu_is_error("leastcolor(())", "ValueError"));
	ck_assert(tu_is_error("leastcolor(frozenset())", "ValueError"));
	EXPECT("colorcount(((1, 2), (1,)), 1)", "2");
	EXPECT("colorcount(((1, 2), (1, True)), True)", "3");
	ck_assert(tu_is_error("colorcount(((1, 2), frozenset((1,))), 1)", "AttributeError"));
	EXPECT("colorcount(frozenset(((1, (0, 0)), (True, (0, 1)), (2, (1, 1)))), 1)", "2");
	EXPECT("colorcount((), 1)", "0");
	EXPECT("colorcount(frozenset(), 1)", "0");
	ck_assert(tu_is_error("colorcount(5, 1)", "TypeError"));
	ck_assert(tu_is_error("colorcount(frozenset(((1, 2, 3),)), 1)", "ValueError"));
	EXPECT("palette(((1, 2), (9, 17, 33, -1, 25)))",
	       "frozenset({1, 2, 33, 17, -1, 9, 25})");
	EXPECT("palette(((3, 8, 0, 5), (2, 6, 1, 7)))",
	       "frozenset({0, 1, 2, 3, 5, 6, 7, 8})");
	EXPECT("palette(frozenset(((1, (0, 0)), (17, (0, 1)), (33, (1, 1)), (9, (2, 2)), (-1, (3, 3)), (25, (4, 4)))))",
	       "frozenset({33, 1, 17, -1, 9, 25})");
	EXPECT("palette(((1, 2), frozenset((9, 17))))", "frozenset({1, 2, 9, 17})");
	EXPECT("palette(())", "frozenset()");
	ck_assert(tu_is_error("palette(((1, 2), 3))", "TypeError"));
	ck_assert(tu_is_error("palette(None)", "TypeError"));
	EXPECT("numcolors(((1, 2), (9, 17, 33, -1, 25)))", "7");
	EXPECT("numcolors(())", "0");
	EXPECT("numcolors(frozenset())", "0");
	ck_assert(tu_is_error("numcolors(5)", "TypeError"));
	EXPECT("color(frozenset(((3, (0, 0)),)))", "3");
	EXPECT("color(((1, 2),))", "1");
	ck_assert(tu_is_error("color(frozenset())", "StopIteration"));
	ck_assert(tu_is_error("color(((),))", "IndexError"));
	ck_assert(tu_is_error("color(5)", "TypeError"));
	ck_assert(tu_is_error("color(frozenset((5,)))", "TypeError"));
}
END_TEST

START_TEST(t_indices)
{
	EXPECT("asindices(((1, 2, 3), (4, 5, 6), (7, 8, 9)))",
	       "frozenset({(0, 1), (1, 2), (2, 1), (0, 0), (1, 1), (2, 0), (0, 2), (2, 2), (1, 0)})");
	EXPECT("asindices(((0, 0, 0, 0), (0, 0, 0, 0)))",
	       "frozenset({(0, 1), (1, 2), (0, 0), (1, 1), (0, 3), (0, 2), (1, 0), (1, 3)})");
	EXPECT("asindices(())", "frozenset()");
	EXPECT("asindices(((),))", "frozenset()");
	EXPECT("asindices(frozenset())", "frozenset()");
	ck_assert(tu_is_error("asindices(frozenset(((1, 2),)))", "TypeError"));
	EXPECT("asindices(((1, 2, 3), (4,)))",
	       "frozenset({(0, 1), (1, 2), (0, 0), (1, 1), (0, 2), (1, 0)})");
	ck_assert(tu_is_error("asindices((5,))", "TypeError"));
	ck_assert(tu_is_error("asindices(5)", "TypeError"));
	EXPECT("ofcolor(((1, 2, 2), (2, 1, 2), (2, 2, 1)), 2)",
	       "frozenset({(0, 1), (1, 2), (2, 1), (2, 0), (0, 2), (1, 0)})");
	EXPECT("ofcolor(((1, True), (1, 0)), 1)", "frozenset({(0, 1), (1, 0), (0, 0)})");
	EXPECT("ofcolor(((1, 2), (2, 1, 2, 2)), 2)",
	       "frozenset({(0, 1), (1, 0), (1, 2), (1, 3)})");
	EXPECT("ofcolor(frozenset(((1, 2), (2, 1))), 2)", "frozenset({(0, 1), (1, 0)})");
	EXPECT("ofcolor(((None, 1), (1, None)), None)", "frozenset({(1, 1), (0, 0)})");
	EXPECT("ofcolor((), 1)", "frozenset()");
	ck_assert(tu_is_error("ofcolor(((1, 2), 3), 1)", "TypeError"));
	EXPECT("asobject(((1, 2, 3), (4, 5, 6)))",
	       "frozenset({(4, (1, 0)), (3, (0, 2)), (1, (0, 0)), (6, (1, 2)), (2, (0, 1)), (5, (1, 1))})");
	EXPECT("asobject(((1, 2), (2,)))",
	       "frozenset({(2, (1, 0)), (1, (0, 0)), (2, (0, 1))})");
	EXPECT("asobject(((1, 2), frozenset((3, 4))))",
	       "frozenset({(4, (1, 1)), (3, (1, 0)), (1, (0, 0)), (2, (0, 1))})");
	EXPECT("asobject(())", "frozenset()");
	ck_assert(tu_is_error("asobject(5)", "TypeError"));
	EXPECT("toobject(frozenset(((0, 0), (1, 1), (5, 5), (-1, 0), (0, 1), (1, 0))), ((1, 2), (3, 4)))",
	       "frozenset({(4, (1, 1)), (1, (0, 0)), (2, (0, 1)), (3, (1, 0))})");
	EXPECT("toobject(frozenset(((7, (0, 0)), (8, (1, 1)))), ((1, 2), (3, 4)))",
	       "frozenset({(1, (0, 0)), (4, (1, 1))})");
	EXPECT("toobject(frozenset(((True, 0), (1, 1))), ((1, 2), (3, 4)))",
	       "frozenset({(3, (True, 0)), (4, (1, 1))})");
	EXPECT("toobject(((0, 0), (1, 1)), ((1, 2), (3, 4)))",
	       "frozenset({(1, (0, 0)), (4, (1, 1))})");
	EXPECT("toobject(frozenset(), ((1, 2), (3, 4)))", "frozenset()");
	ck_assert(tu_is_error("toobject(frozenset(((0, 0), (1, 1))), ((1, 2), (3,)))", "IndexError"));
	ck_assert(tu_is_error("toobject(frozenset(((0, 0), (1, 1))), ())", "IndexError"));
	ck_assert(tu_is_error("toobject(frozenset(((0, 0), (1, 1))), frozenset(((1, 2),)))", "TypeError"));
	EXPECT("toobject(frozenset(((0, 0), (5, None))), ((1, 2), (3, 4)))",
	       "frozenset({(1, (0, 0))})");
	ck_assert(tu_is_error("toobject(frozenset(((0, 0), (0, None))), ((1, 2), (3, 4)))", "TypeError"));
	ck_assert(tu_is_error("toobject(frozenset(((0, 0), (1, 2, 3))), ((1, 2), (3, 4)))", "ValueError"));
	ck_assert(tu_is_error("toobject(5, ((1, 2), (3, 4)))", "TypeError"));
}
END_TEST

START_TEST(t_crop)
{
	EXPECT("crop(((1, 2, 3), (4, 5, 6), (7, 8, 9)), (1, 1), (2, 2))",
	       "((5, 6), (8, 9))");
	EXPECT("crop(((1, 2, 3), (4, 5, 6), (7, 8, 9)), (0, 1), (5, 1))",
	       "((2,), (5,), (8,))");
	EXPECT("crop(((1, 2, 3), (4, 5, 6), (7, 8, 9)), (-1, -2), (2, 2))", "()");
	EXPECT("crop(((1, 2, 3), (4, 5, 6), (7, 8, 9)), (-2, -2), (1, 5))", "((5, 6),)");
	EXPECT("crop(((1, 2, 3), (4, 5, 6), (7, 8, 9)), (1, 1), (-1, 1))", "()");
	EXPECT("crop(((1, 2, 3), (4, 5, 6)), (5,), (0,))", "()");
	ck_assert(tu_is_error("crop(((1, 2, 3), (4, 5, 6)), (0,), (1,))", "IndexError"));
	ck_assert(tu_is_error("crop(((1, 2, 3), (4, 5, 6)), ((1,), 0), ((1,), 2))", "TypeError"));
	ck_assert(tu_is_error("crop(((1, 2, 3), (4, 5, 6)), (0, 0), (1, None))", "TypeError"));
	EXPECT("crop(((1, 2, 3), (4, 5, 6)), (True, 0), (1, True))", "((4,),)");
	ck_assert(tu_is_error("crop(((1, 2, 3), 5), (0, 0), (2, 2))", "TypeError"));
	ck_assert(tu_is_error("crop(frozenset(), (0, 0), (2, 2))", "TypeError"));
	ck_assert(tu_is_error("crop(((1, 2, 3),), 5, (2, 2))", "TypeError"));
	EXPECT("subgrid(frozenset(((1, 1), (2, 2))), ((1, 2, 3), (4, 5, 6), (7, 8, 9)))",
	       "((5, 6), (8, 9))");
	EXPECT("subgrid(frozenset(((5, (1, 1)), (6, (2, 0)))), ((1, 2, 3), (4, 5, 6), (7, 8, 9)))",
	       "((4, 5), (7, 8))");
	EXPECT("subgrid(frozenset(((-1, -1), (1, 1))), ((1, 2, 3), (4, 5, 6), (7, 8, 9)))",
	       "()");
	EXPECT("subgrid(((0, 1), (1, 2)), ((1, 2, 3), (4, 5, 6), (7, 8, 9)))",
	       "((2, 3), (5, 6))");
	ck_assert(tu_is_error("subgrid(frozenset(), ((1, 2, 3), (4, 5, 6), (7, 8, 9)))", "IndexError"));
	ck_assert(tu_is_error("subgrid(frozenset(((0, 1, 2), (1, 2, 3))), ((1, 2, 3), (4, 5, 6), (7, 8, 9)))", "ValueError"));
	ck_assert(tu_is_error("subgrid(5, ((1, 2, 3),))", "TypeError"));
}
END_TEST

START_TEST(t_rotations)
{
	EXPECT("rot90(((1, 2, 3), (4, 5, 6)))", "((4, 1), (5, 2), (6, 3))");
	EXPECT("rot180(((1, 2, 3), (4, 5, 6)))", "((6, 5, 4), (3, 2, 1))");
	EXPECT("rot270(((1, 2, 3), (4, 5, 6)))", "((3, 6), (2, 5), (1, 4))");
	EXPECT("rot90(((1, 2, 3), (4, 5)))", "((4, 1), (5, 2))");
	EXPECT("rot180(((1, 2, 3), (4, 5)))", "((5, 4), (3, 2, 1))");
	EXPECT("rot270(((1, 2, 3), (4, 5)))", "((2, 5), (1, 4))");
	EXPECT("rot90(())", "()");
	EXPECT("rot270(())", "()");
	EXPECT("rot180(())", "()");
	EXPECT("rot90(((),))", "()");
	EXPECT("rot90(((1, 2), frozenset((3, 4))))", "((3, 1), (4, 2))");
	EXPECT("rot270(((1, 2), frozenset((3, 4))))", "((2, 4), (1, 3))");
	ck_assert(tu_is_error("rot180(((1, 2), frozenset((3, 4))))", "TypeError"));
	ck_assert(tu_is_error("rot90(((1, 2), 3))", "TypeError"));
	ck_assert(tu_is_error("rot90(frozenset())", "TypeError"));
	ck_assert(tu_is_error("rot270(5)", "TypeError"));
	ck_assert(tu_is_error("rot180(None)", "TypeError"));
}
END_TEST

START_TEST(t_mirrors)
{
	EXPECT("hmirror(((1, 2), (3, 4), (5, 6)))", "((5, 6), (3, 4), (1, 2))");
	EXPECT("vmirror(((1, 2, 3), (4, 5, 6)))", "((3, 2, 1), (6, 5, 4))");
	EXPECT("dmirror(((1, 2, 3), (4, 5, 6)))", "((1, 4), (2, 5), (3, 6))");
	EXPECT("cmirror(((1, 2, 3), (4, 5, 6)))", "((6, 3), (5, 2), (4, 1))");
	EXPECT("dmirror(((1, 2, 3), (4, 5)))", "((1, 4), (2, 5))");
	EXPECT("cmirror(((1, 2, 3), (4, 5)))", "((5, 3), (4, 2))");
	EXPECT("dmirror(((1, 2), frozenset((3, 4))))", "((1, 3), (2, 4))");
	ck_assert(tu_is_error("cmirror(((1, 2), frozenset((3, 4))))", "TypeError"));
	EXPECT("hmirror(())", "()");
	EXPECT("vmirror(())", "()");
	EXPECT("dmirror(())", "()");
	EXPECT("cmirror(())", "()");
	ck_assert(tu_is_error("vmirror((1, 2))", "TypeError"));
	ck_assert(tu_is_error("dmirror((1, 2))", "TypeError"));
	EXPECT("hmirror(frozenset(((0, 0), (0, 1), (1, 1), (2, 3), (3, 0), (3, 2), (1, 3))))",
	       "frozenset({(2, 1), (0, 0), (3, 1), (3, 0), (2, 3), (0, 2), (1, 3)})");
	EXPECT("vmirror(frozenset(((0, 0), (0, 1), (1, 1), (2, 3), (3, 0), (3, 2), (1, 3))))",
	       "frozenset({(1, 2), (3, 1), (0, 3), (2, 0), (0, 2), (3, 3), (1, 0)})");
	EXPECT("dmirror(frozenset(((0, 0), (0, 1), (1, 1), (2, 3), (3, 0), (3, 2), (1, 3))))",
	       "frozenset({(0, 0), (3, 1), (1, 1), (0, 3), (2, 3), (1, 0), (3, 2)})");
	EXPECT("cmirror(frozenset(((0, 0), (0, 1), (1, 1), (2, 3), (3, 0), (3, 2), (1, 3))))",
	       "frozenset({(0, 1), (3, 0), (2, 3), (0, 2), (3, 3), (2, 2), (1, 0)})");
	EXPECT("hmirror(frozenset(((1, (2, 3)), (2, (4, 5)), (3, (2, 5)), (4, (6, 3)), (5, (3, 3)), (6, (5, 4)))))",
	       "frozenset({(5, (5, 3)), (6, (3, 4)), (4, (2, 3)), (1, (6, 3)), (2, (4, 5)), (3, (6, 5))})");
	EXPECT("vmirror(frozenset(((1, (2, 3)), (2, (4, 5)), (3, (2, 5)), (4, (6, 3)), (5, (3, 3)), (6, (5, 4)))))",
	       "frozenset({(1, (2, 5)), (4, (6, 5)), (5, (3, 5)), (6, (5, 4)), (3, (2, 3)), (2, (4, 3))})");
	EXPECT("dmirror(frozenset(((1, (2, 3)), (2, (4, 5)), (3, (2, 5)), (4, (6, 3)), (5, (3, 3)), (6, (5, 4)))))",
	       "frozenset({(3, (4, 3)), (5, (2, 4)), (6, (3, 6)), (4, (2, 7)), (2, (4, 5)), (1, (2, 3))})");
	EXPECT("cmirror(frozenset(((1, (2, 3)), (2, (4, 5)), (3, (2, 5)), (4, (6, 3)), (5, (3, 3)), (6, (5, 4)))))",
	       "frozenset({(6, (3, 4)), (1, (4, 7)), (2, (2, 5)), (4, (4, 3)), (5, (4, 6)), (3, (2, 7))})");
	EXPECT("hmirror(frozenset(((-3, 1), (2, -5))))", "frozenset({(2, 1), (-3, -5)})");
	EXPECT("dmirror(frozenset(((True, 1), (2, 3))))", "frozenset({(1, 1), (3, 2)})");
	ck_assert(tu_is_error("hmirror(frozenset())", "IndexError"));
	ck_assert(tu_is_error("vmirror(frozenset())", "IndexError"));
	ck_assert(tu_is_error("dmirror(frozenset())", "ValueError"));
	ck_assert(tu_is_error("cmirror(frozenset())", "IndexError"));
	ck_assert(tu_is_error("hmirror(frozenset(((0, 1, 2), (2, 3, 4))))", "ValueError"));
	ck_assert(tu_is_error("dmirror(frozenset(((0, 1, 2), (2, 3, 4))))", "ValueError"));
	ck_assert(tu_is_error("hmirror(frozenset(((0,), (2, 3))))", "IndexError"));
	ck_assert(tu_is_error("vmirror(frozenset(((0,), (2, 3))))", "IndexError"));
	ck_assert(tu_is_error("hmirror(frozenset(((0, None), (2, 3))))", "TypeError"));
	ck_assert(tu_is_error("hmirror(frozenset(((1, (0, 0)), (2, 3))))", "TypeError"));
	ck_assert(tu_is_error("hmirror(5)", "TypeError"));
	ck_assert(tu_is_error("vmirror(None)", "TypeError"));
	ck_assert(tu_is_error("cmirror(5)", "TypeError"));
}
END_TEST

START_TEST(t_paint)
{
	EXPECT("fill(((1, 2), (3, 4)), 9, frozenset(((0, 0), (1, 1), (2, 2), (-1, 0))))",
	       "((9, 2), (3, 9))");
	EXPECT("fill(((1, 2), (3, 4)), None, frozenset(((0, 0), (1, 1))))",
	       "((None, 2), (3, None))");
	EXPECT("fill(((1, 2), (3, 4)), (5, 5), frozenset(((0, 0),)))",
	       "(((5, 5), 2), (3, 4))");
	EXPECT("fill(((1, 2), (3, 4)), 9, frozenset(((7, (0, 1)), (8, (1, 0)))))",
	       "((1, 9), (9, 4))");
	EXPECT("fill(((1, 2), (3, 4)), 9, ((0, 0), (1, 1)))", "((9, 2), (3, 9))");
	ck_assert(tu_is_error("fill(((1, 2), (3,)), 9, frozenset(((1, 1),)))", "IndexError"));
	EXPECT("fill(((1, 2), (3,)), 9, frozenset(((1, 5),)))", "((1, 2), (3,))");
	EXPECT("fill(((1, 2), frozenset((3, 4))), 9, frozenset(((1, 1),)))",
	       "((1, 2), (3, 9))");
	ck_assert(tu_is_error("fill(((1, 2), (3, 4)), 9, frozenset(((None, 0),)))", "TypeError"));
	EXPECT("fill(((1, 2), (3, 4)), 9, frozenset(((5, None),)))", "((1, 2), (3, 4))");
	ck_assert(tu_is_error("fill(((1, 2), (3, 4)), 9, frozenset(((0, None),)))", "TypeError"));
	EXPECT("fill(((1, 2), (3, 4)), 9, frozenset())", "((1, 2), (3, 4))");
	ck_assert(tu_is_error("fill(((1, 2), (3, 4)), 9, 5)", "TypeError"));
	ck_assert(tu_is_error("fill((), 1, frozenset())", "IndexError"));
	EXPECT("fill(((),), 1, frozenset(((0, 0),)))", "((),)");
	ck_assert(tu_is_error("fill(frozenset(), 1, frozenset())", "TypeError"));
	ck_assert(tu_is_error("fill(((1, 2), 5), 1, frozenset())", "TypeError"));
	EXPECT("paint(((1, 2), (3, 4)), frozenset(((7, (0, 0)), (8, (1, 1)), (9, (5, 5)))))",
	       "((7, 2), (3, 8))");
	EXPECT("paint(((1, 2), (3, 4)), frozenset(((None, (0, 0)), ((1, 2), (1, 1)))))",
	       "((None, 2), (3, (1, 2)))");
	EXPECT("paint(((1, 2), (3, 4)), ((5, (0, 0)),))", "((5, 2), (3, 4))");
	ck_assert(tu_is_error("paint(((1, 2), (3, 4)), ((1, 2), (3, 4)))", "TypeError"));
	ck_assert(tu_is_error("paint(((1, 2), (3, 4)), frozenset(((0, 0),)))", "TypeError"));
	ck_assert(tu_is_error("paint(((1, 2), (3,)), frozenset(((7, (1, 1)),)))", "IndexError"));
	EXPECT("paint(((1, 2), (3, 4)), frozenset())", "((1, 2), (3, 4))");
	ck_assert(tu_is_error("paint(((1, 2), (3, 4)), 5)", "TypeError"));
	ck_assert(tu_is_error("paint((), frozenset())", "IndexError"));
	EXPECT("underfill(((1, 1), (3, 4)), 9, frozenset(((0, 0), (1, 1), (1, 0))))",
	       "((9, 1), (3, 4))");
	EXPECT("underfill(((1, 1), (3, 1)), 9, frozenset(((7, (0, 0)), (8, (1, 1)))))",
	       "((9, 1), (3, 9))");
	ck_assert(tu_is_error("underfill(((), ()), 9, frozenset(((0, 0),)))", "ValueError"));
	ck_assert(tu_is_error("underfill(((1, 1), (3,)), 9, frozenset(((1, 1),)))", "IndexError"));
	EXPECT("underpaint(((1, 1), (3, 4)), frozenset(((7, (0, 0)), (8, (1, 1)))))",
	       "((7, 1), (3, 4))");
	EXPECT("underpaint(((1, 1), (3, 1)), frozenset(((7, (0, 0)), (8, (1, 1)), (9, (-1, 0)))))",
	       "((7, 1), (3, 8))");
	ck_assert(tu_is_error("underpaint(((1, 1), (3,)), frozenset(((7, (1, 1)),)))", "IndexError"));
	ck_assert(tu_is_error("underpaint(((), ()), frozenset())", "ValueError"));
	EXPECT("cover(((1, 1), (3, 4)), frozenset(((3, (1, 0)), (4, (1, 1)))))",
	       "((1, 1), (1, 1))");
	EXPECT("cover(((1, 1), (3, 4)), frozenset(((1, 0), (1, 1))))", "((1, 1), (1, 1))");
	ck_assert(tu_is_error("cover(frozenset(), frozenset())", "ValueError"));
	ck_assert(tu_is_error("cover((), frozenset())", "ValueError"));
	ck_assert(tu_is_error("cover(((1, 1), (3, 4)), 5)", "TypeError"));
	EXPECT("move(((1, 1, 1), (3, 4, 1)), frozenset(((3, (1, 0)), (4, (1, 1)))), (-1, 1))",
	       "((1, 3, 4), (1, 1, 1))");
	EXPECT("move(((1, 1, 1), (3, 4, 1)), frozenset(((3, (1, 0)), (4, (1, 1)))), (5, 5))",
	       "((1, 1, 1), (1, 1, 1))");
	ck_assert(tu_is_error("move(((1, 1, 1), (3, 4, 1)), frozenset(((1, 0), (1, 1))), (-1, 1))", "TypeError"));
	EXPECT("move(((1, 1, 1), (3, 4, 1)), frozenset(), (-1, 1))",
	       "((1, 1, 1), (3, 4, 1))");
	ck_assert(tu_is_error("move(((1, 1, 1), (3, 4, 1)), frozenset(((3, (1, 0)),)), 5)", "TypeError"));
}
END_TEST

START_TEST(t_scale)
{
	EXPECT("hupscale(((1, 2), (3, 4)), 2)", "((1, 1, 2, 2), (3, 3, 4, 4))");
	EXPECT("hupscale(((1, 2), (3,)), 3)", "((1, 1, 1, 2, 2, 2), (3, 3, 3))");
	EXPECT("hupscale(((1, 2), frozenset((3, 4))), 2)", "((1, 1, 2, 2), (3, 3, 4, 4))");
	EXPECT("hupscale(frozenset(((1, 2),)), 2)", "((1, 1, 2, 2),)");
	EXPECT("hupscale(((1, 2),), 0)", "((),)");
	EXPECT("hupscale(((1, 2),), -1)", "((),)");
	EXPECT("hupscale(((), ()), None)", "((), ())");
	EXPECT("hupscale((), None)", "()");
	ck_assert(tu_is_error("hupscale(((1,),), None)", "TypeError"));
	ck_assert(tu_is_error("hupscale(((1,), 5), 2)", "TypeError"));
	EXPECT("vupscale(((1, 2), (3, 4)), 2)", "((1, 2), (1, 2), (3, 4), (3, 4))");
	EXPECT("vupscale((1, 2), 2)", "(1, 1, 2, 2)");
	EXPECT("vupscale(((1, 2),), 0)", "()");
	EXPECT("vupscale((), None)", "()");
	ck_assert(tu_is_error("vupscale(((1, 2),), None)", "TypeError"));
	ck_assert(tu_is_error("vupscale(5, 2)", "TypeError"));
	EXPECT("upscale(((1, 2), (3, 4)), 2)",
	       "((1, 1, 2, 2), (1, 1, 2, 2), (3, 3, 4, 4), (3, 3, 4, 4))");
	EXPECT("upscale(((1, 2), (3,)), 2)", "((1, 1, 2, 2), (1, 1, 2, 2), (3, 3), (3, 3))");
	EXPECT("upscale(((1, 2), (3, 4)), 0)", "()");
	EXPECT("upscale(((1, 2), (3, 4)), -2)", "()");
	EXPECT("upscale(((), ()), 2)", "((), (), (), ())");
	ck_assert(tu_is_error("upscale(((), ()), None)", "TypeError"));
	EXPECT("upscale((), None)", "()");
	ck_assert(tu_is_error("upscale(((1, 2), 5), 2)", "TypeError"));
	EXPECT("upscale(frozenset(((5, (2, 3)), (6, (3, 3)), (7, (3, 4)))), 2)",
	       "frozenset({(7, (5, 5)), (5, (2, 4)), (5, (3, 4)), (6, (4, 3)), (6, (5, 3)), (6, (5, 4)), (7, (5, 6)), (7, (4, 6)), (5, (2, 3)), (5, (3, 3)), (7, (4, 5)), (6, (4, 4))})");
	EXPECT("upscale(frozenset(((5, (-2, 3)), (6, (3, -3)))), 3)",
	       "frozenset({(5, (-2, 16)), (5, (-1, 16)), (6, (14, -1)), (6, (14, -3)), (6, (15, -3)), (6, (13, -2)), (6, (13, -1)), (5, (0, 16)), (6, (15, -2)), (5, (-2, 17)), (5, (-1, 17)), (5, (-2, 15)), (5, (-1, 15)), (6, (15, -1)), (5, (0, 17)), (6, (13, -3)), (5, (0, 15)), (6, (14, -2))})");
	EXPECT("upscale(frozenset(((5, (2, 3)), (6, (3, 3)))), 0)", "frozenset()");
	EXPECT("upscale(frozenset(((5, (2, 3)), (6, (3, 3)))), -1)", "frozenset()");
	ck_assert(tu_is_error("upscale(frozenset(((5, (2, 3)), (6, (3, 3)))), None)", "TypeError"));
	EXPECT("upscale(frozenset(((5, (2, 3)), (6, (3, 3)))), True)",
	       "frozenset({(6, (3, 3)), (5, (2, 3))})");
	ck_assert(tu_is_error("upscale(frozenset(((0, 0), (1, 1))), 2)", "TypeError"));
	EXPECT("upscale(frozenset(), None)", "frozenset()");
	ck_assert(tu_is_error("upscale(5, 2)", "TypeError"));
	EXPECT("downscale(((1, 2, 3), (4, 5, 6), (7, 8, 9)), 2)", "((1, 3), (7, 9))");
	EXPECT("downscale(((1, 2, 3, 4), (5, 6, 7, 8)), 3)", "((1, 4),)");
	EXPECT("downscale(((1, 2, 3), (4, 5, 6), (7, 8, 9)), -2)", "((1, 3), (7, 9))");
	EXPECT("downscale(((1, 2, 3), (4, 5, 6), (7, 8, 9)), 100)", "((1,),)");
	EXPECT("downscale(((1, 2, 3), (4, 5, 6), (7, 8, 9)), True)",
	       "((1, 2, 3), (4, 5, 6), (7, 8, 9))");
	ck_assert(tu_is_error("downscale(((1, 2, 3), (4, 5, 6), (7, 8, 9)), 0)", "ZeroDivisionError"));
	ck_assert(tu_is_error("downscale(((), ()), 0)", "ZeroDivisionError"));
	ck_assert(tu_is_error("downscale(((), ()), None)", "TypeError"));
	EXPECT("downscale(((), ()), 2)", "((),)");
	ck_assert(tu_is_error("downscale(((1, 2, 3), (4,), (7, 8, 9)), 2)", "IndexError"));
	EXPECT("downscale(((1, 2, 3), (4,), (7, 8, 9)), 3)", "((1,),)");
	ck_assert(tu_is_error("downscale(((1, 2, 3), frozenset((4, 5, 6)), (7, 8, 9)), 3)", "TypeError"));
	ck_assert(tu_is_error("downscale((), 2)", "IndexError"));
	ck_assert(tu_is_error("downscale(frozenset(), 2)", "TypeError"));
}
END_TEST

START_TEST(t_combine)
{
	EXPECT("hconcat(((1, 2), (3, 4)), ((5,), (6,)))", "((1, 2, 5), (3, 4, 6))");
	EXPECT("hconcat(((1, 2), (3, 4)), ((5,),))", "((1, 2, 5),)");
	EXPECT("hconcat((1, 2), (3, 4))", "(4, 6)");
	ck_assert(tu_is_error("hconcat((1, 2), ((3,), 4))", "TypeError"));
	EXPECT("hconcat(((1,), (2,)), frozenset(((3,),)))", "((1, 3),)");
	ck_assert(tu_is_error("hconcat(5, ())", "TypeError"));
	ck_assert(tu_is_error("hconcat((), 5)", "TypeError"));
	EXPECT("vconcat(((1,),), ((2,),))", "((1,), (2,))");
	EXPECT("vconcat(1, 2)", "3");
	ck_assert(tu_is_error("vconcat(((1,),), 5)", "TypeError"));
	ck_assert(tu_is_error("vconcat(frozenset(), frozenset())", "TypeError"));
	EXPECT("hsplit(((1, 2, 3, 4),), 2)", "(((1, 2),), ((3, 4),))");
	EXPECT("hsplit(((1, 2, 3, 4, 5), (6, 7, 8, 9, 0)), 2)",
	       "(((1, 2), (6, 7)), ((4, 5), (9, 0)))");
	EXPECT("hsplit(((1, 2, 3, 4, 5),), 3)", "(((1,),), ((3,),), ((5,),))");
	ck_assert(tu_is_error("hsplit(((1, 2), (3, 4)), 0)", "ZeroDivisionError"));
	EXPECT("hsplit(((1, 2, 3, 4, 5),), -2)", "()");
	ck_assert(tu_is_error("hsplit(((1, 2, 3, 4, 5),), None)", "TypeError"));
	EXPECT("hsplit(((1, 2, 3), (4,)), 3)", "(((1,), (4,)), ((2,), ()), ((3,), ()))");
	ck_assert(tu_is_error("hsplit(((1, 2, 3), 5), 3)", "TypeError"));
	ck_assert(tu_is_error("hsplit((), 0)", "IndexError"));
	ck_assert(tu_is_error("hsplit(frozenset(), 1)", "TypeError"));
	EXPECT("vsplit(((1,), (2,), (3,), (4,)), 2)", "(((1,), (2,)), ((3,), (4,)))");
	EXPECT("vsplit(((1,), (2,), (3,), (4,), (5,)), 2)", "(((1,), (2,)), ((4,), (5,)))");
	ck_assert(tu_is_error("vsplit(((1, 2), (3, 4)), 0)", "ZeroDivisionError"));
	ck_assert(tu_is_error("vsplit((), 0)", "ZeroDivisionError"));
	ck_assert(tu_is_error("vsplit((), 1)", "IndexError"));
	EXPECT("vsplit(((1, 2), (3,), (4, 5)), 3)", "(((1, 2),), ((3,),), ((4, 5),))");
	ck_assert(tu_is_error("vsplit(((1, 2), 3, (4, 5)), 3)", "TypeError"));
	EXPECT("vsplit(((1, 2), 3, (4, 5)), 2)", "(((1, 2),), ((4, 5),))");
	EXPECT("vsplit(((1,), (2,)), True)", "(((1,), (2,)),)");
	EXPECT("cellwise(((1, 2), (3, 4)), ((1, 0), (3, 0)), 9)", "((1, 9), (3, 9))");
	ck_assert(tu_is_error("cellwise(((1, 2), (3, 4)), ((1, 2),), 0)", "IndexError"));
	ck_assert(tu_is_error("cellwise(((1, 2), (3, 4)), ((1, 2), (3,)), 0)", "IndexError"));
	EXPECT("cellwise(((1, 2), (3, 4)), ((1, 2, 7), (3, 4, 8), (0,)), None)",
	       "((1, 2), (3, 4))");
	EXPECT("cellwise(((1, True), (3, 4)), ((True, 1), (3, 4)), 0)",
	       "((1, True), (3, 4))");
	EXPECT("cellwise(((), ()), 5, 0)", "((), ())");
	ck_assert(tu_is_error("cellwise(((1,),), 5, 0)", "TypeError"));
	ck_assert(tu_is_error("cellwise((), (), 0)", "IndexError"));
	ck_assert(tu_is_error("cellwise(((1, 2), (3,)), ((1, 2), (3, 4)), 0)", "IndexError"));
	EXPECT("replace(((1, 2), (2, 1)), 2, 9)", "((1, 9), (9, 1))");
	EXPECT("replace(((1, 2), (2, 1)), 2, None)", "((1, None), (None, 1))");
	EXPECT("replace(((1, True), (2, 1)), 1, 5)", "((5, 5), (2, 5))");
	EXPECT("replace(((1, 2), frozenset((2, 1))), 2, 9)", "((1, 9), (1, 9))");
	EXPECT("replace(frozenset(((1, 2),)), 2, 9)", "((1, 9),)");
	EXPECT("replace((), 2, 9)", "()");
	ck_assert(tu_is_error("replace(((1, 2), 5), 2, 9)", "TypeError"));
	EXPECT("switch(((1, 2, 3), (0, 1, 2)), 1, 2)", "((2, 1, 3), (0, 2, 1))");
	EXPECT("switch(((1, 2, True), (0, 1, 2)), 1, True)", "((1, 2, 1), (0, 1, 2))");
	EXPECT("switch(((1, 2, True), (0, 1, 2)), True, 1)",
	       "((True, 2, True), (0, True, 2))");
	EXPECT("switch(((1, 2, 3), (0, 1, 2)), 5, 2)", "((1, 5, 3), (0, 1, 5))");
	EXPECT("switch(((1, 2, 3), (0, 1, 2)), 2, 2)", "((1, 2, 3), (0, 1, 2))");
	EXPECT("switch(((1, 2), frozenset((2, 1))), 1, 2)", "((2, 1), (2, 1))");
	ck_assert(tu_is_error("switch(((1, 2), 3), 1, 2)", "TypeError"));
}
END_TEST

START_TEST(t_access)
{
	EXPECT("index(((1, 2), (3, 4)), (1, 1))", "4");
	EXPECT("index(((1, 2), (3, 4)), (0, 1))", "2");
	EXPECT("index(((1, 2), (3, 4)), (2, 0))", "None");
	EXPECT("index(((1, 2), (3, 4)), (-1, 0))", "None");
	EXPECT("index(((1, 2), (3, 4)), (0, 2))", "None");
	ck_assert(tu_is_error("index(((1, 2), (3,)), (1, 1))", "IndexError"));
	EXPECT("index(((1, 2), (3, 4)), (5, None))", "None");
	ck_assert(tu_is_error("index(((1, 2), (3, 4)), (0, None))", "TypeError"));
	EXPECT("index(((1, 2), (3, 4)), (True, True))", "4");
	ck_assert(tu_is_error("index(((1, 2), (3, 4)), frozenset((0, 1)))", "TypeError"));
	ck_assert(tu_is_error("index(((1, 2), (3, 4)), (0,))", "ValueError"));
	ck_assert(tu_is_error("index((), (0, 0))", "IndexError"));
	ck_assert(tu_is_error("index(frozenset(((1, 2),)), (0, 0))", "TypeError"));
	EXPECT("canvas(5, (2, 3))", "((5, 5, 5), (5, 5, 5))");
	EXPECT("canvas(None, (2, 2))", "((None, None), (None, None))");
	EXPECT("canvas((1, 2), (1, 2))", "(((1, 2), (1, 2)),)");
	EXPECT("canvas(5, (-1, 3))", "()");
	EXPECT("canvas(5, (2, -3))", "((), ())");
	EXPECT("canvas(5, (2, 0))", "((), ())");
	EXPECT("canvas(5, (0, None))", "()");
	ck_assert(tu_is_error("canvas(5, (2, None))", "TypeError"));
	ck_assert(tu_is_error("canvas(5, (2,))", "IndexError"));
	ck_assert(tu_is_error("canvas(5, ())", "IndexError"));
	ck_assert(tu_is_error("canvas(5, 3)", "TypeError"));
	ck_assert(tu_is_error("canvas(5, (None, 1))", "TypeError"));
	EXPECT("trim(((1, 2, 3), (4, 5, 6), (7, 8, 9)))", "((5,),)");
	EXPECT("trim(((1, 2, 3, 4), (4, 5, 6, 7), (7, 8, 9, 0), (1, 1, 1, 1)))",
	       "((5, 6), (8, 9))");
	EXPECT("trim(())", "()");
	EXPECT("trim(((1,),))", "()");
	ck_assert(tu_is_error("trim(((1, 2, 3), 5, (7, 8, 9)))", "TypeError"));
	ck_assert(tu_is_error("trim(5)", "TypeError"));
	EXPECT("tophalf(((1,), (2,), (3,)))", "((1,),)");
	EXPECT("bottomhalf(((1,), (2,), (3,)))", "((3,),)");
	EXPECT("tophalf(((1,), (2,), (3,), (4,)))", "((1,), (2,))");
	EXPECT("bottomhalf(((1,), (2,), (3,), (4,)))", "((3,), (4,))");
	EXPECT("tophalf(())", "()");
	EXPECT("bottomhalf(())", "()");
	ck_assert(tu_is_error("tophalf(frozenset())", "TypeError"));
	ck_assert(tu_is_error("bottomhalf(5)", "TypeError"));
	EXPECT("lefthalf(((1, 2, 3), (4, 5, 6)))", "((1,), (4,))");
	EXPECT("righthalf(((1, 2, 3), (4, 5, 6)))", "((3,), (6,))");
	EXPECT("lefthalf(((1, 2, 3, 4), (4, 5, 6, 7)))", "((1, 2), (4, 5))");
	EXPECT("righthalf(((1, 2, 3, 4), (4, 5, 6, 7)))", "((3, 4), (6, 7))");
	EXPECT("lefthalf(())", "()");
	EXPECT("righthalf(())", "()");
	EXPECT("righthalf(((1, 2, 3), (4, 5)))", "((2,), (5,))");
	ck_assert(tu_is_error("lefthalf(frozenset())", "TypeError"));
}
END_TEST

START_TEST(t_budget)
{
	ck_assert_str_eq(tu_eval_budget("canvas(0, (100000, 100000))", 1000000), "timeout");
	ck_assert_str_eq(tu_eval_budget("canvas(0, (1000000000000, 0))", 1000000), "timeout");
	ck_assert_str_eq(tu_eval_budget("canvas(0, (1, 1000000000000000))", 1000000), "timeout");
	ck_assert_str_eq(tu_eval_budget("hupscale(((1, 2),), 1000000000000)", 1000000), "timeout");
	ck_assert_str_eq(tu_eval_budget("vupscale(((1, 2),), 1000000000000)", 1000000), "timeout");
	ck_assert_str_eq(tu_eval_budget("upscale(((1, 2),), 100000000)", 1000000), "timeout");
	ck_assert_str_eq(tu_eval_budget("upscale(frozenset(((1, (0, 0)),)), 100000)", 1000000), "timeout");
	ck_assert_str_eq(tu_eval_budget("hsplit(((1, 2),), 1000000000000)", 1000000), "timeout");
	ck_assert_str_eq(tu_eval_budget("vsplit(((1, 2),), 1000000000000)", 1000000), "timeout");
	/* 9 million cells: CPython takes seconds; a budget of 0.3 s stops it */
	ck_assert_str_eq(tu_eval_budget("asindices(canvas(0, (3000, 3000)))", 300000), "timeout");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prim_grid");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_colors);
	tcase_add_test(tc, t_indices);
	tcase_add_test(tc, t_crop);
	tcase_add_test(tc, t_rotations);
	tcase_add_test(tc, t_mirrors);
	tcase_add_test(tc, t_paint);
	tcase_add_test(tc, t_scale);
	tcase_add_test(tc, t_combine);
	tcase_add_test(tc, t_access);
	tcase_add_test(tc, t_budget);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

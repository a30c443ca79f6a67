/*
 * test_prim_patch.c -- the patch primitives (src/prim_patch.c).
 *
 * Every expected value is what CPython 3.11 prints for the same expression
 * with arc-dsl's dsl.py; error cases check the exception class.  Results of
 * six or more items pin the frozenset iteration order, and the odd inputs
 * (grids, ints, empty containers, bools, tuples as coordinates) pin the
 * path Python takes through each function.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "battfarm/repr.h"
#include "prims.h"
#include "pyset.h"
#include "testutil.h"

START_TEST(t_corners)
{
	EXPECT("ulcorner(frozenset(((4, (2, 3)), (6, (-1, 3)), (3, (3, 1)), (6, (2, -2)))))",
	       "(-1, -2)");
	EXPECT("urcorner(frozenset(((0, 2), (1, 3), (-2, 3), (2, -1), (3, -2))))", "(-2, 3)");
	EXPECT("llcorner(frozenset(((0, 2), (1, 3), (-2, 3), (2, -1), (3, -2))))", "(3, -2)");
	EXPECT("lrcorner(frozenset(((0, 2), (1, 3), (-2, 3), (2, -1), (3, -2))))", "(3, 3)");
	EXPECT("ulcorner(frozenset())", "()");
	EXPECT("lrcorner(())", "()");
	EXPECT("ulcorner(((1, 2, 3), (4, 5, 6)))", "(1, 2, 3)");
	EXPECT("ulcorner(((1, 2, 3), (4, 5)))", "(1, 2)");
	EXPECT("lrcorner(((3, 9), (4, 5), (0, 1)))", "(4, 9)");
	EXPECT("ulcorner(frozenset(((True, False), (1, 0))))", "(True, False)");
	EXPECT("ulcorner(frozenset(((1, 0), (True, False))))", "(1, 0)");
	ck_assert(tu_is_error("urcorner(((1, 2, 3),))", "KeyError"));
	ck_assert(tu_is_error("llcorner(((1, 2, 3),))", "KeyError"));
	ck_assert(tu_is_error("ulcorner(5)", "TypeError"));
	ck_assert(tu_is_error("ulcorner(((1, 2), 3))", "TypeError"));
	EXPECT("corners(frozenset())", "frozenset({()})");
	EXPECT("corners(frozenset(((0, 0),)))", "frozenset({(0, 0)})");
	EXPECT("corners(frozenset(((0, 0), (2, 5), (1, 7))))",
	       "frozenset({(0, 7), (2, 0), (2, 7), (0, 0)})");
	EXPECT("corners(frozenset(((3, (1, 1)), (3, (4, 6)))))",
	       "frozenset({(1, 6), (1, 1), (4, 6), (4, 1)})");
	EXPECT("toindices(frozenset(((1, (2, 3)), (4, (5, 6)), (7, (8, 9)), (1, (0, 0)), (2, (3, 3)), (5, (1, 1)))))",
	       "frozenset({(0, 0), (1, 1), (2, 3), (3, 3), (8, 9), (5, 6)})");
	EXPECT("toindices(((1, 2), (3, 4)))", "((1, 2), (3, 4))");
	EXPECT("toindices(((1, (2, 3)), (4, (5, 6))))", "frozenset({(2, 3), (5, 6)})");
	EXPECT("toindices(frozenset())", "frozenset()");
	EXPECT("toindices(())", "frozenset()");
	ck_assert(tu_is_error("toindices(((1, (2, 3)), 5))", "TypeError"));
	ck_assert(tu_is_error("toindices(frozenset((5,)))", "TypeError"));
	ck_assert(tu_is_error("toindices(((1,),))", "IndexError"));
	ck_assert(tu_is_error("toindices(None)", "TypeError"));
}
END_TEST

START_TEST(t_extents)
{
	EXPECT("uppermost(frozenset(((0, 2), (1, 3), (-2, 3), (2, -1))))", "-2");
	EXPECT("lowermost(frozenset(((0, 2), (1, 3), (-2, 3), (2, -1))))", "2");
	EXPECT("leftmost(frozenset(((5, (0, 2)), (5, (1, 3)), (5, (-2, 3)))))", "2");
	EXPECT("rightmost(frozenset(((5, (0, 2)), (5, (1, 3)), (5, (-2, 3)))))", "3");
	EXPECT("uppermost(((1, 2), (3, 4)))", "1");
	EXPECT("uppermost(frozenset(((True, 0), (1, 5))))", "True");
	ck_assert(tu_is_error("uppermost(((1, 2, 3), (3, 4, 5)))", "ValueError"));
	ck_assert(tu_is_error("uppermost(frozenset())", "ValueError"));
	ck_assert(tu_is_error("rightmost(())", "ValueError"));
	EXPECT("lowermost(frozenset((((1,), 2), ((0, 5), 1))))", "(1,)");
	EXPECT("height(frozenset(((0, 0), (3, 5))))", "4");
	EXPECT("width(frozenset(((0, 0), (3, 5))))", "6");
	EXPECT("height(((1, 2), (3, 4), (5, 6)))", "3");
	EXPECT("width(((1, 2), (3, 4), (5, 6)))", "2");
	EXPECT("height(())", "0");
	EXPECT("width(frozenset())", "0");
	EXPECT("shape(frozenset(((0, 0), (3, 5))))", "(4, 6)");
	EXPECT("shape(((1, 2, 3),))", "(1, 3)");
	EXPECT("portrait(frozenset(((0, 0), (3, 5))))", "False");
	EXPECT("portrait(((1,), (2,)))", "True");
	EXPECT("portrait(frozenset())", "False");
	ck_assert(tu_is_error("width((1, 2))", "TypeError"));
	ck_assert(tu_is_error("height(5)", "TypeError"));
	ck_assert(tu_is_error("width(None)", "TypeError"));
	EXPECT("square(((1, 2), (3, 4)))", "True");
	EXPECT("square(((1, 2, 3), (3, 4, 5)))", "False");
	EXPECT("square(frozenset(((0, 0), (1, 1), (0, 1), (1, 0))))", "True");
	EXPECT("square(frozenset(((0, 0), (1, 1))))", "False");
	EXPECT("square(frozenset(((0, 0), (1, 0))))", "False");
	ck_assert(tu_is_error("square(())", "IndexError"));
	EXPECT("square(frozenset())", "True");
	ck_assert(tu_is_error("square(5)", "TypeError"));
	EXPECT("vline(frozenset(((0, 0), (1, 0), (2, 0))))", "True");
	EXPECT("vline(frozenset(((0, 0), (2, 0))))", "False");
	EXPECT("vline(((1,), (2,)))", "True");
	EXPECT("vline(frozenset())", "False");
	EXPECT("hline(frozenset(((4, (3, 1)), (4, (3, 2)))))", "True");
	EXPECT("hline(((1, 2),))", "False");
	EXPECT("hline(frozenset())", "False");
	EXPECT("hline(((1, 2), (3, 4)))", "False");
	ck_assert(tu_is_error("vline(3)", "TypeError"));
}
END_TEST

START_TEST(t_shift)
{
	EXPECT("shift(frozenset(((1, (0, 0)), (2, (0, 1)), (3, (1, 1)), (4, (2, 2)), (5, (3, 3)), (6, (4, 4)))), (1, 2))",
	       "frozenset({(6, (5, 6)), (5, (4, 5)), (2, (1, 3)), (4, (3, 4)), (1"
	       ", (1, 2)), (3, (2, 3))})");
	EXPECT("shift(frozenset(((2, 3), (4, 4), (0, 2), (3, 4), (1, 3), (1, 0), (2, 0))), (-1, 9))",
	       "frozenset({(-1, 11), (1, 12), (0, 9), (2, 13), (0, 12), (3, 13)"
	       ", (1, 9)})");
	EXPECT("shift(frozenset(((True, True),)), (0, 0))", "frozenset({(1, 1)})");
	EXPECT("shift(((1, 2), (3, 4)), (1, 1))", "frozenset({(2, 3), (4, 5)})");
	ck_assert(tu_is_error("shift(((1, 2), (3, 4)), ((1,), (2,)))", "TypeError"));
	EXPECT("shift(frozenset(((0, 0),)), frozenset((1, 2)))", "frozenset({(1, 2)})");
	EXPECT("shift(frozenset(((0, 0),)), (True, -1))", "frozenset({(1, -1)})");
	EXPECT("shift((), (1, 1))", "()");
	EXPECT("shift(frozenset(), 5)", "frozenset()");
	ck_assert(tu_is_error("shift(frozenset(((0, 0),)), 5)", "TypeError"));
	ck_assert(tu_is_error("shift(frozenset(((0, 0),)), (1, 2, 3))", "ValueError"));
	ck_assert(tu_is_error("shift(frozenset(((1, (2, 3)), (4, 5))), (1, 1))", "TypeError"));
	ck_assert(tu_is_error("shift(frozenset(((0, 0),)), (None, 1))", "TypeError"));
	ck_assert(tu_is_error("shift(7, (1, 1))", "TypeError"));
	EXPECT("normalize(frozenset(((5, (3, 4)), (6, (4, 2)), (7, (9, 9)), (1, (3, 3)), (2, (5, 5)), (3, (6, 6)))))",
	       "frozenset({(3, (3, 4)), (1, (0, 1)), (6, (1, 0)), (2, (2, 3)), (5"
	       ", (0, 2)), (7, (6, 7))})");
	EXPECT("normalize(frozenset(((2, 3), (4, 4), (0, 2), (3, 4), (1, 3), (1, 0), (2, 0))))",
	       "frozenset({(4, 4), (3, 4), (2, 0), (2, 3), (0, 2), (1, 0), (1, 3)})");
	EXPECT("normalize(frozenset(((-3, -4), (-1, 0))))", "frozenset({(2, 4), (0, 0)})");
	EXPECT("normalize(())", "()");
	EXPECT("normalize(frozenset())", "frozenset()");
	EXPECT("normalize(((1, 2), (3, 4)))", "frozenset({(2, 2), (0, 0)})");
	ck_assert(tu_is_error("normalize(((1, 2, 3),))", "ValueError"));
	EXPECT("recolor(3, frozenset(((2, 3), (4, 4), (0, 2), (3, 4), (1, 3), (1, 0), (2, 0))))",
	       "frozenset({(3, (3, 4)), (3, (1, 3)), (3, (4, 4)), (3, (1, 0)), (3"
	       ", (0, 2)), (3, (2, 3)), (3, (2, 0))})");
	EXPECT("recolor(3, frozenset(((1, (0, 0)), (2, (0, 1)), (3, (1, 1)), (4, (2, 2)), (5, (3, 3)), (6, (4, 4)))))",
	       "frozenset({(3, (0, 1)), (3, (1, 1)), (3, (2, 2)), (3, (0, 0)), (3"
	       ", (4, 4)), (3, (3, 3))})");
	EXPECT("recolor(3, ((1, 2), (3, 4)))", "frozenset({(3, (3, 4)), (3, (1, 2))})");
	EXPECT("recolor(3, frozenset())", "frozenset()");
	EXPECT("recolor(None, frozenset(((1, 2),)))", "frozenset({(None, (1, 2))})");
	ck_assert(tu_is_error("recolor(3, 5)", "TypeError"));
}
END_TEST

START_TEST(t_neighbors)
{
	EXPECT("dneighbors((1, 1))", "frozenset({(0, 1), (1, 0), (1, 2), (2, 1)})");
	EXPECT("ineighbors((1, 1))", "frozenset({(2, 2), (0, 2), (2, 0), (0, 0)})");
	EXPECT("neighbors((1, 1))",
	       "frozenset({(0, 1), (1, 2), (2, 1), (0, 0), (2, 0), (0, 2), (2, 2)"
	       ", (1, 0)})");
	EXPECT("neighbors((0, 0))",
	       "frozenset({(0, 1), (-1, -1), (-1, 1), (1, 1), (1, -1), (-1, 0)"
	       ", (1, 0), (0, -1)})");
	EXPECT("neighbors((-5, 7))",
	       "frozenset({(-4, 7), (-6, 8), (-6, 7), (-5, 6), (-4, 6), (-6, 6)"
	       ", (-5, 8), (-4, 8)})");
	EXPECT("dneighbors((True, False))",
	       "frozenset({(True, 1), (2, False), (True, -1), (0, False)})");
	EXPECT("ineighbors((-1, 5))", "frozenset({(-2, 6), (0, 4), (-2, 4), (0, 6)})");
	EXPECT("dneighbors((3, 4, 5))", "frozenset({(4, 4), (2, 4), (3, 3), (3, 5)})");
	ck_assert(tu_is_error("dneighbors(((1, 2), 3))", "TypeError"));
	ck_assert(tu_is_error("dneighbors((1, (2,)))", "TypeError"));
	ck_assert(tu_is_error("dneighbors(frozenset((1, 2)))", "TypeError"));
	ck_assert(tu_is_error("dneighbors((1,))", "IndexError"));
	ck_assert(tu_is_error("dneighbors(())", "IndexError"));
	ck_assert(tu_is_error("ineighbors(5)", "TypeError"));
	ck_assert(tu_is_error("neighbors(None)", "TypeError"));
	EXPECT("vfrontier((3, 4))",
	       "frozenset({(12, 4), (23, 4), (3, 4), (14, 4), (5, 4), (27, 4)"
	       ", (16, 4), (25, 4), (7, 4), (18, 4), (29, 4), (20, 4), (22, 4)"
	       ", (11, 4), (9, 4), (2, 4), (13, 4), (0, 4), (24, 4), (15, 4)"
	       ", (26, 4), (6, 4), (17, 4), (4, 4), (28, 4), (8, 4), (19, 4)"
	       ", (10, 4), (1, 4), (21, 4)})");
	EXPECT("hfrontier((3, 4))",
	       "frozenset({(3, 4), (3, 1), (3, 7), (3, 10), (3, 16), (3, 13)"
	       ", (3, 19), (3, 25), (3, 22), (3, 28), (3, 0), (3, 3), (3, 9), (3, 6)"
	       ", (3, 12), (3, 18), (3, 15), (3, 21), (3, 24), (3, 27), (3, 2)"
	       ", (3, 5), (3, 11), (3, 8), (3, 14), (3, 17), (3, 23), (3, 20)"
	       ", (3, 26), (3, 29)})");
	EXPECT("vfrontier((3, True))",
	       "frozenset({(12, True), (23, True), (27, True), (3, True), (14, True)"
	       ", (5, True), (25, True), (16, True), (7, True), (18, True)"
	       ", (29, True), (22, True), (20, True), (9, True), (0, True)"
	       ", (11, True), (26, True), (2, True), (13, True), (24, True)"
	       ", (6, True), (15, True), (4, True), (17, True), (28, True)"
	       ", (8, True), (19, True), (1, True), (10, True), (21, True)})");
	EXPECT("hfrontier(((1, 2), None))",
	       "frozenset({((1, 2), 2), ((1, 2), 5), ((1, 2), 11), ((1, 2), 8)"
	       ", ((1, 2), 14), ((1, 2), 20), ((1, 2), 17), ((1, 2), 23)"
	       ", ((1, 2), 26), ((1, 2), 29), ((1, 2), 1), ((1, 2), 4), ((1, 2), 7)"
	       ", ((1, 2), 13), ((1, 2), 10), ((1, 2), 16), ((1, 2), 19)"
	       ", ((1, 2), 25), ((1, 2), 22), ((1, 2), 28), ((1, 2), 0), ((1, 2), 6)"
	       ", ((1, 2), 3), ((1, 2), 9), ((1, 2), 12), ((1, 2), 18), ((1, 2), 15)"
	       ", ((1, 2), 21), ((1, 2), 24), ((1, 2), 27)})");
	ck_assert(tu_is_error("vfrontier((3,))", "IndexError"));
	ck_assert(tu_is_error("hfrontier(())", "IndexError"));
	ck_assert(tu_is_error("vfrontier(5)", "TypeError"));
}
END_TEST

START_TEST(t_relations)
{
	EXPECT("hmatching(frozenset(((0, 0),)), frozenset(((0, 5),)))", "True");
	EXPECT("vmatching(frozenset(((0, 0),)), frozenset(((0, 5),)))", "False");
	EXPECT("hmatching(frozenset(((1, (2, 3)),)), frozenset(((2, 9), (4, 4))))", "True");
	EXPECT("vmatching(((1, 2), (3, 4)), frozenset(((7, 4),)))", "True");
	EXPECT("hmatching(frozenset(), frozenset())", "False");
	ck_assert(tu_is_error("hmatching(frozenset(((0, 0),)), 5)", "TypeError"));
	ck_assert(tu_is_error("hmatching(frozenset(), 5)", "TypeError"));
	ck_assert(tu_is_error("vmatching(frozenset(((0, 0, 0),)), frozenset(((0, 0),)))", "ValueError"));
	EXPECT("manhattan(frozenset(((0, 0), (5, 5))), frozenset(((2, 3), (9, 9))))", "5");
	EXPECT("manhattan(frozenset(((1, (0, 0)), (1, (5, 5)))), frozenset(((-2, -3),)))", "5");
	EXPECT("manhattan(((1, 2), (3, 4)), ((0, 0),))", "3");
	EXPECT("manhattan(frozenset(((True, False),)), frozenset(((0, True),)))", "2");
	ck_assert(tu_is_error("manhattan(frozenset(), 5)", "ValueError"));
	ck_assert(tu_is_error("manhattan(frozenset(((0, 0),)), 5)", "TypeError"));
	ck_assert(tu_is_error("manhattan(frozenset(((0, 0),)), frozenset())", "ValueError"));
	ck_assert(tu_is_error("manhattan(frozenset((((1,), (2,)),)), frozenset((((1,), (2,)),)))", "ValueError"));
	ck_assert(tu_is_error("manhattan(frozenset(((frozenset((1,)), 2),)), frozenset(((frozenset((1,)), 2),)))", "TypeError"));
	EXPECT("adjacent(frozenset(((0, 0),)), frozenset(((0, 1),)))", "True");
	EXPECT("adjacent(frozenset(((0, 0),)), frozenset(((1, 1),)))", "False");
	ck_assert(tu_is_error("adjacent(frozenset(), frozenset())", "ValueError"));
	EXPECT("bordering(frozenset(((1, 1),)), ((0, 0, 0), (0, 0, 0), (0, 0, 0)))", "False");
	EXPECT("bordering(frozenset(((1, 2),)), ((0, 0, 0), (0, 0, 0), (0, 0, 0)))", "True");
	EXPECT("bordering(frozenset(((2, 1),)), ((0, 0, 0), (0, 0, 0), (0, 0, 0)))", "True");
	EXPECT("bordering(frozenset(((1, 0),)), 5)", "True");
	ck_assert(tu_is_error("bordering(frozenset(((1, 1),)), ())", "IndexError"));
	EXPECT("bordering(frozenset(((1, 1),)), ((0, 0, 0),))", "False");
	ck_assert(tu_is_error("bordering(frozenset(((1, 1),)), 5)", "TypeError"));
	ck_assert(tu_is_error("bordering(frozenset(((5, 5),)), (5, 6))", "TypeError"));
	ck_assert(tu_is_error("bordering(frozenset(), ((0,),))", "ValueError"));
	EXPECT("centerofmass(frozenset(((0, 0), (1, 1), (2, 5))))", "(1, 2)");
	EXPECT("centerofmass(frozenset(((0, 2), (1, 3), (-2, 3), (2, -1), (3, -2))))", "(0, 1)");
	EXPECT("centerofmass(((1, 2), (3, 4)))", "(2, 3)");
	EXPECT("centerofmass(((1, 2, 3), (3, 4, 5)))", "(2, 3, 4)");
	EXPECT("centerofmass(frozenset())", "()");
	EXPECT("centerofmass(frozenset(((True, True), (0, 0))))", "(0, 0)");
	ck_assert(tu_is_error("centerofmass(frozenset((((1,), 2),)))", "TypeError"));
	EXPECT("center(frozenset(((0, 0), (3, 3))))", "(2, 2)");
	EXPECT("center(frozenset(((7, (2, 1)), (7, (5, 6)))))", "(4, 4)");
	EXPECT("center(((1, 2), (3, 4)))", "(2, 3)");
	ck_assert(tu_is_error("center(frozenset())", "ValueError"));
	EXPECT("position(frozenset(((0, 0),)), frozenset(((0, 0),)))", "(0, -1)");
	EXPECT("position(frozenset(((0, 0),)), frozenset(((0, 5),)))", "(0, 1)");
	EXPECT("position(frozenset(((0, 0),)), frozenset(((5, 0),)))", "(1, 0)");
	EXPECT("position(frozenset(((9, 0),)), frozenset(((5, 0),)))", "(-1, 0)");
	EXPECT("position(frozenset(((0, 0),)), frozenset(((5, 5),)))", "(1, 1)");
	EXPECT("position(frozenset(((9, 9),)), frozenset(((5, 5),)))", "(-1, -1)");
	EXPECT("position(frozenset(((9, 0),)), frozenset(((5, 5),)))", "(-1, 1)");
	ck_assert(tu_is_error("position(frozenset(), frozenset(((5, 5),)))", "ValueError"));
	EXPECT("gravitate(frozenset(((0, 0),)), frozenset(((5, 0),)))", "(4, 0)");
	EXPECT("gravitate(frozenset(((0, 0),)), frozenset(((0, 5),)))", "(0, 4)");
	EXPECT("gravitate(frozenset(((0, 0),)), frozenset(((5, 5),)))", "(0, 42)");
	EXPECT("gravitate(frozenset(((9, 9),)), frozenset(((0, 0),)))", "(0, -42)");
	EXPECT("gravitate(frozenset(((0, 0),)), frozenset(((0, 1),)))", "(0, 0)");
	EXPECT("gravitate(frozenset(((0, 0),)), frozenset(((0, 0),)))", "(-1, 0)");
	EXPECT("gravitate(frozenset(((0, 0),)), frozenset(((0, 100),)))", "(0, 42)");
	EXPECT("gravitate(frozenset(((1, (0, 0)), (1, (1, 1)))), frozenset(((2, (7, 3)), (2, (8, 3)))))",
	       "(0, 42)");
	EXPECT("gravitate(((1, 2), (3, 4)), frozenset(((7, 7),)))", "(0, 42)");
	ck_assert(tu_is_error("gravitate(frozenset(), frozenset())", "ValueError"));
}
END_TEST

START_TEST(t_lines)
{
	EXPECT("connect((0, 0), (0, 5))",
	       "frozenset({(0, 1), (0, 4), (0, 0), (0, 3), (0, 2), (0, 5)})");
	EXPECT("connect((0, 0), (5, 0))",
	       "frozenset({(4, 0), (0, 0), (2, 0), (3, 0), (5, 0), (1, 0)})");
	EXPECT("connect((0, 0), (5, 5))",
	       "frozenset({(4, 4), (5, 5), (0, 0), (1, 1), (3, 3), (2, 2)})");
	EXPECT("connect((0, 5), (5, 0))",
	       "frozenset({(1, 4), (2, 3), (5, 0), (0, 5), (3, 2), (4, 1)})");
	EXPECT("connect((5, 0), (0, 5))",
	       "frozenset({(1, 4), (2, 3), (5, 0), (0, 5), (3, 2), (4, 1)})");
	EXPECT("connect((7, 7), (1, 1))",
	       "frozenset({(4, 4), (5, 5), (7, 7), (1, 1), (3, 3), (2, 2), (6, 6)})");
	EXPECT("connect((0, 0), (2, 5))", "frozenset()");
	EXPECT("connect((0, 0), (0, 0))", "frozenset({(0, 0)})");
	EXPECT("connect((True, 0), (1, 3))",
	       "frozenset({(True, 0), (True, 1), (True, 2), (True, 3)})");
	EXPECT("connect((0, True), (3, 1))",
	       "frozenset({(0, True), (3, True), (1, True), (2, True)})");
	ck_assert(tu_is_error("connect(((1,), 0), ((1,), 3))", "TypeError"));
	ck_assert(tu_is_error("connect(5, (0, 0))", "TypeError"));
	ck_assert(tu_is_error("connect((0, 0, 0), (0, 0))", "ValueError"));
	ck_assert(tu_is_error("connect((0, 0), (None, 0))", "TypeError"));
	EXPECT("connect(frozenset((1, 2)), (1, 5))", "frozenset({(1, 2), (1, 3), (1, 4), (1, 5)})");
	EXPECT("shoot((0, 0), (1, 1))",
	       "frozenset({(20, 20), (29, 29), (38, 38), (33, 33), (37, 37)"
	       ", (39, 39), (42, 42), (2, 2), (34, 34), (11, 11), (30, 30), (7, 7)"
	       ", (16, 16), (25, 25), (26, 26), (35, 35), (3, 3), (12, 12), (21, 21)"
	       ", (22, 22), (31, 31), (40, 40), (8, 8), (17, 17), (27, 27), (36, 36)"
	       ", (13, 13), (32, 32), (18, 18), (41, 41), (4, 4), (5, 5), (14, 14)"
	       ", (23, 23), (0, 0), (9, 9), (1, 1), (24, 24), (10, 10), (19, 19)"
	       ", (28, 28), (6, 6), (15, 15)})");
	EXPECT("shoot((3, 3), (-1, 1))",
	       "frozenset({(-18, 24), (-2, 8), (-33, 39), (-17, 23), (-9, 15)"
	       ", (-10, 16), (-11, 17), (-26, 32), (-3, 9), (-34, 40), (-35, 41)"
	       ", (-19, 25), (-27, 33), (-28, 34), (-36, 42), (-20, 26), (-4, 10)"
	       ", (-1, 7), (-13, 19), (3, 3), (-12, 18), (-6, 12), (-21, 27)"
	       ", (-37, 43), (-5, 11), (2, 4), (1, 5), (-30, 36), (-14, 20)"
	       ", (-29, 35), (-22, 28), (-39, 45), (-23, 29), (-38, 44), (-7, 13)"
	       ", (-15, 21), (-32, 38), (-16, 22), (-31, 37), (-24, 30), (0, 6)"
	       ", (-8, 14), (-25, 31)})");
	EXPECT("shoot((3, 3), (0, -1))",
	       "frozenset({(3, -5), (3, -2), (3, -1), (3, 1), (3, -36), (3, -39)"
	       ", (3, -33), (3, -27), (3, -30), (3, -24), (3, -21), (3, -15)"
	       ", (3, -18), (3, -12), (3, -9), (3, -3), (3, -6), (3, 0), (3, 3)"
	       ", (3, -34), (3, -37), (3, -31), (3, -28), (3, -22), (3, -25)"
	       ", (3, -19), (3, -16), (3, -10), (3, -13), (3, -7), (3, -4), (3, 2)"
	       ", (3, -38), (3, -35), (3, -29), (3, -32), (3, -26), (3, -20)"
	       ", (3, -23), (3, -17), (3, -14), (3, -8), (3, -11)})");
	EXPECT("shoot((3, 3), (0, 0))", "frozenset({(3, 3)})");
	EXPECT("shoot((3, 3), (2, 1))", "frozenset()");
	ck_assert(tu_is_error("shoot((3, 3), ((1,), 0))", "TypeError"));
	ck_assert(tu_is_error("shoot(((1,), 3), ((1,), 0))", "TypeError"));
	ck_assert(tu_is_error("shoot((3,), (0, 1))", "IndexError"));
	ck_assert(tu_is_error("shoot((3, 3, 3), (0, 1))", "ValueError"));
	ck_assert(tu_is_error("shoot((3, 3), 5)", "TypeError"));
}
END_TEST

START_TEST(t_boxes)
{
	EXPECT("backdrop(frozenset(((0, 0), (2, 3))))",
	       "frozenset({(0, 1), (1, 2), (2, 1), (0, 0), (1, 1), (0, 3), (2, 0)"
	       ", (2, 3), (0, 2), (2, 2), (1, 0), (1, 3)})");
	EXPECT("backdrop(frozenset(((1, (0, 0)), (2, (3, 3)))))",
	       "frozenset({(0, 1), (1, 2), (2, 1), (0, 0), (3, 1), (1, 1), (0, 3)"
	       ", (2, 0), (3, 0), (2, 3), (0, 2), (3, 3), (2, 2), (1, 0), (3, 2)"
	       ", (1, 3)})");
	EXPECT("backdrop(frozenset(((-1, -1), (1, 1))))",
	       "frozenset({(0, 1), (-1, -1), (0, 0), (-1, 1), (1, 1), (1, -1)"
	       ", (-1, 0), (1, 0), (0, -1)})");
	EXPECT("backdrop(((1, 2), (3, 4)))",
	       "frozenset({(2, 4), (1, 2), (3, 4), (1, 4), (2, 3), (3, 3), (2, 2)"
	       ", (3, 2), (1, 3)})");
	EXPECT("backdrop(frozenset())", "frozenset()");
	EXPECT("backdrop(())", "frozenset()");
	ck_assert(tu_is_error("backdrop(((1, 2, 3), (3, 4, 5)))", "ValueError"));
	ck_assert(tu_is_error("backdrop(frozenset((((1,), 2),)))", "TypeError"));
	ck_assert(tu_is_error("backdrop(5)", "TypeError"));
	EXPECT("delta(frozenset(((0, 0), (2, 3))))",
	       "frozenset({(0, 1), (1, 2), (2, 1), (1, 1), (0, 3), (2, 0), (0, 2)"
	       ", (2, 2), (1, 0), (1, 3)})");
	EXPECT("delta(frozenset(((0, 0), (4, 4))))",
	       "frozenset({(0, 1), (2, 4), (4, 0), (1, 2), (3, 4), (0, 4), (4, 3)"
	       ", (3, 1), (2, 1), (0, 2), (2, 2), (1, 0), (3, 2), (1, 3), (4, 1)"
	       ", (1, 1), (0, 3), (2, 0), (4, 2), (3, 0), (1, 4), (2, 3), (3, 3)})");
	EXPECT("delta(frozenset(((0, 0), (9, 9), (0, 9))))",
	       "frozenset({(4, 0), (4, 9), (3, 7), (5, 4), (4, 6), (5, 1), (8, 0)"
	       ", (9, 2), (8, 9), (9, 8), (0, 5), (2, 2), (8, 6), (1, 0), (1, 9)"
	       ", (2, 8), (7, 4), (6, 2), (7, 1), (6, 8), (4, 2), (3, 0), (3, 9)"
	       ", (5, 6), (4, 8), (3, 6), (5, 3), (8, 2), (9, 1), (0, 7), (2, 4)"
	       ", (8, 8), (1, 2), (0, 4), (2, 1), (1, 8), (6, 4), (7, 3), (3, 2)"
	       ", (4, 1), (3, 8), (5, 5), (8, 4), (9, 3), (8, 1), (1, 4), (0, 6)"
	       ", (2, 3), (6, 6), (7, 5), (6, 3), (3, 4), (4, 3), (3, 1), (5, 7)"
	       ", (9, 5), (0, 2), (8, 3), (1, 6), (0, 8), (2, 5), (1, 3), (7, 7)"
	       ", (6, 5), (4, 5), (3, 3), (5, 0), (5, 9), (9, 7), (8, 5), (9, 4)"
	       ", (0, 1), (2, 7), (1, 5), (6, 1), (7, 0), (7, 9), (6, 7), (7, 6)"
	       ", (4, 7), (3, 5), (5, 2), (4, 4), (9, 0), (5, 8), (8, 7), (1, 1)"
	       ", (0, 3), (2, 0), (9, 6), (2, 9), (1, 7), (2, 6), (7, 2), (6, 0)"
	       ", (6, 9), (7, 8)})");
	EXPECT("delta(frozenset(((1, (0, 0)), (2, (1, 1)), (3, (2, 2)))))",
	       "frozenset({(0, 1), (1, 2), (2, 1), (2, 0), (0, 2), (1, 0)})");
	EXPECT("delta(frozenset())", "frozenset()");
	ck_assert(tu_is_error("delta(((1, 2), (3, 4)))", "TypeError"));
	ck_assert(tu_is_error("delta(5)", "TypeError"));
	EXPECT("inbox(frozenset(((0, 0), (4, 5))))",
	       "frozenset({(2, 4), (1, 2), (2, 1), (3, 4), (3, 1), (1, 1), (1, 4)"
	       ", (3, 3), (3, 2), (1, 3)})");
	EXPECT("inbox(frozenset(((0, 0),)))",
	       "frozenset({(0, 1), (-1, -1), (-1, 1), (1, 1), (1, -1), (-1, 0)"
	       ", (1, 0), (0, -1)})");
	EXPECT("inbox(frozenset(((0, 0), (1, 1))))", "frozenset({(0, 1), (1, 0), (1, 1), (0, 0)})");
	EXPECT("outbox(frozenset(((0, 0), (4, 5))))",
	       "frozenset({(2, -1), (3, -1), (5, -1), (5, 4), (4, 6), (5, 1)"
	       ", (-1, 0), (-1, 3), (-1, 6), (4, -1), (1, 6), (5, 2), (5, 5)"
	       ", (-1, -1), (-1, 4), (-1, 1), (1, -1), (0, 6), (2, 6), (5, 6)"
	       ", (5, 0), (3, 6), (5, 3), (-1, 2), (0, -1), (-1, 5)})");
	EXPECT("outbox(frozenset(((2, (0, 0)), (3, (9, 12)))))",
	       "frozenset({(-1, 11), (-1, 8), (3, -1), (5, -1), (5, 13), (3, 13)"
	       ", (10, 0), (10, 6), (10, 3), (10, 9), (10, 12), (7, -1), (-1, -1)"
	       ", (-1, 4), (-1, 1), (-1, 7), (7, 13), (-1, 10), (-1, 13), (9, -1)"
	       ", (0, -1), (10, 2), (2, -1), (10, 5), (10, 11), (9, 13), (10, 8)"
	       ", (0, 13), (6, -1), (2, 13), (-1, 0), (6, 13), (-1, 3), (-1, 9)"
	       ", (4, -1), (-1, 6), (-1, 12), (8, -1), (4, 13), (10, -1), (10, 4)"
	       ", (10, 1), (1, -1), (10, 13), (10, 7), (8, 13), (10, 10), (1, 13)"
	       ", (-1, 2), (-1, 5)})");
	EXPECT("outbox(frozenset(((0, 0),)))",
	       "frozenset({(0, 1), (-1, -1), (-1, 1), (1, 1), (1, -1), (-1, 0)"
	       ", (1, 0), (0, -1)})");
	EXPECT("box(frozenset(((0, 0), (2, 3))))",
	       "frozenset({(0, 1), (2, 1), (0, 0), (0, 3), (2, 0), (2, 3), (0, 2)"
	       ", (2, 2), (1, 0), (1, 3)})");
	EXPECT("box(frozenset(((0, 0), (4, 5))))",
	       "frozenset({(0, 1), (4, 0), (0, 4), (1, 5), (4, 3), (0, 2), (0, 5)"
	       ", (1, 0), (2, 5), (4, 1), (3, 5), (4, 4), (0, 0), (0, 3), (2, 0)"
	       ", (4, 2), (3, 0), (4, 5)})");
	EXPECT("box(frozenset(((0, 0), (9, 9))))",
	       "frozenset({(4, 0), (4, 9), (9, 2), (8, 0), (9, 5), (0, 2), (8, 9)"
	       ", (9, 8), (0, 5), (1, 0), (0, 8), (1, 9), (3, 0), (5, 0), (3, 9)"
	       ", (5, 9), (9, 1), (9, 7), (9, 4), (0, 1), (0, 7), (0, 4), (7, 0)"
	       ", (7, 9), (9, 0), (9, 3), (0, 0), (9, 9), (9, 6), (0, 3), (2, 0)"
	       ", (0, 9), (0, 6), (2, 9), (6, 0), (6, 9)})");
	EXPECT("box(frozenset(((True, False),)))", "frozenset({(1, False)})");
	EXPECT("box(frozenset(((False, True), (1, 2))))",
	       "frozenset({(0, True), (1, True), (1, 2), (0, 2)})");
	EXPECT("box(((1, 2), (3, 4)))",
	       "frozenset({(2, 4), (1, 2), (3, 4), (1, 4), (3, 3), (2, 2), (3, 2)"
	       ", (1, 3)})");
	EXPECT("box(frozenset())", "frozenset()");
	EXPECT("box(())", "()");
	ck_assert(tu_is_error("inbox(frozenset())", "ValueError"));
	ck_assert(tu_is_error("outbox(())", "ValueError"));
	ck_assert(tu_is_error("box(((1, 2, 3), (3, 4, 5)))", "ValueError"));
	ck_assert(tu_is_error("box(frozenset((((1,), 2),)))", "TypeError"));
	ck_assert(tu_is_error("inbox(frozenset((((1,), 2),)))", "TypeError"));
	ck_assert(tu_is_error("box(5)", "TypeError"));
}
END_TEST

/* Big inputs: quadratic manhattan charges work, so a budget stops it. */
START_TEST(t_budget)
{
	EXPECT("manhattan(backdrop(frozenset(((0, 0), (49, 49)))), "
	       "backdrop(frozenset(((200, 100), (249, 149)))))", "202");
	EXPECT("gravitate(backdrop(frozenset(((0, 0), (9, 9)))), "
	       "backdrop(frozenset(((0, 60), (9, 69)))))", "(0, 42)");
	ck_assert_str_eq(tu_eval_budget("manhattan(backdrop(frozenset(((0, 0), (99, 99)))), "
					"backdrop(frozenset(((200, 200), (299, 299)))))",
					100000),
			 "timeout");
	ck_assert_str_eq(tu_eval_budget("connect((0, 0), (0, 100000000))", 100000), "timeout");
}
END_TEST

/* ---- center()'s shortcut against the six real builds ---- */

typedef struct center_run {
	char repr[64];
	bf_status status;
	uint64_t spent, bytes;
	size_t used_total;
	size_t held; /* what the arena's blocks took on */
} center_run;

/* An Object of n cells from a fixed pseudo-random sequence; with dups,
 * some cells repeat an (i, j) in another colour (a combine of overlapping
 * objects), which set() then holds once. */
static bf_val make_object(bf_ctx *ctx, int n, unsigned seed, bool dups)
{
	bf_val obj = bf_set_new(ctx);
	unsigned x = seed;
	for (int k = 0; k < n; k++) {
		x = x * 1103515245u + 12345u;
		int64_t i = (int64_t)((x >> 8) % 97) - 20, j = (int64_t)((x >> 16) % 89) - 30;
		if (dups && k > 0 && (x >> 4) % 3 == 0)
			j = i; /* lands on cells already there, often */
		bf_set_add(ctx, obj, bf_tuple2(ctx, bf_int(k % 10), bf_pair_ii(ctx, i, j)));
	}
	return bf_set_seal(obj);
}

typedef bf_val (*prim_fn)(bf_ctx *, const bf_val *);

static center_run prim_once(prim_fn prim, int n, unsigned seed, bool dups, uint64_t budget,
			    bool fast)
{
	static bf_ctx ctx;
	static bool ready;
	if (!ready) {
		bf_ctx_init(&ctx, (size_t)1 << 30);
		ready = true;
	}
	center_run r;
	memset(&r, 0, sizeof(r));
	bf_ctx_begin(&ctx, 0, 0);
	bf_val obj = make_object(&ctx, n, seed, dups);
	ctx.budget = budget ? bf_work_spent(&ctx) + budget : 0;
	ctx.next_clock = ctx.spent; /* the budget is looked at from the first charge */
	uint64_t spent0 = ctx.spent, bytes0 = ctx.bytes;
	size_t used0 = ctx.arena.used_total, held0 = tu_arena_held(&ctx.arena);
	bf_center_fast = fast;
	jmp_buf jb;
	ctx.jb = &jb;
	if (setjmp(jb) == 0) {
		bf_val c = prim(&ctx, &obj);
		snprintf(r.repr, sizeof(r.repr), "%s", bf_repr(&ctx, c));
		r.status = BF_OK;
	} else {
		r.status = ctx.status;
	}
	bf_center_fast = true;
	r.spent = ctx.spent - spent0;
	r.bytes = ctx.bytes - bytes0;
	r.used_total = ctx.arena.used_total - used0;
	r.held = tu_arena_held(&ctx.arena) - held0;
	return r;
}

static center_run center_once(int n, unsigned seed, bool dups, uint64_t budget, bool fast)
{
	return prim_once(bf_p_center, n, seed, dups, budget, fast);
}

static void same_prim(prim_fn prim, int n, unsigned seed, bool dups, uint64_t budget)
{
	center_run slow = prim_once(prim, n, seed, dups, budget, false);
	center_run fast = prim_once(prim, n, seed, dups, budget, true);
	ck_assert_msg(slow.status == fast.status, "n %d budget %llu", n, (unsigned long long)budget);
	ck_assert_str_eq(fast.repr, slow.repr);
	ck_assert_uint_eq(fast.spent, slow.spent);
	ck_assert_uint_eq(fast.bytes, slow.bytes);
	ck_assert_uint_eq(fast.used_total, slow.used_total);
}

static void same_center(int n, unsigned seed, bool dups, uint64_t budget)
{
	same_prim(bf_p_center, n, seed, dups, budget);
}

/* Objects of every size to 300 and across set growths to 4097 (one past
 * the shortcut), with and without repeated indices: the same answer and
 * the same charges either way; and under budgets around what the call
 * costs, the same stop. */
START_TEST(t_center_shortcut_charges_the_builds)
{
	for (int n = 1; n <= 300; n++)
		for (int dups = 0; dups < 2; dups++)
			same_center(n, (unsigned)n * 7u, dups, 0);
	static const int big[] = {682, 683, 1365, 1366, 2730, 2731, 4096, 4097};
	for (size_t k = 0; k < sizeof(big) / sizeof(big[0]); k++)
		for (int dups = 0; dups < 2; dups++)
			same_center(big[k], (unsigned)k, dups, 0);
	for (int n = 1; n <= 200; n += 13) {
		uint64_t cost = center_once(n, 3, true, 0, false).spent >> BF_WORK_SHIFT;
		for (uint64_t b = cost > 4 ? cost - 4 : 1; b <= cost + 4; b++)
			same_center(n, 3, true, b);
	}
}
END_TEST

/* The extents' shortcut (coord_extreme): the same, for each primitive
 * built on it, and the charge in it is one build's: taken out, the
 * counts differ. */
START_TEST(t_extent_shortcuts_charge_the_build)
{
	static const prim_fn prims[] = {bf_p_uppermost, bf_p_lowermost, bf_p_leftmost,
					bf_p_rightmost, bf_p_height,    bf_p_width,
					bf_p_shape,     bf_p_normalize};
	for (size_t p = 0; p < sizeof(prims) / sizeof(prims[0]); p++) {
		for (int n = 1; n <= 120; n += 1 + n / 8)
			for (int dups = 0; dups < 2; dups++)
				same_prim(prims[p], n, (unsigned)n * 11u, dups, 0);
		static const int big[] = {682, 683, 1365, 4096, 4097};
		for (size_t k = 0; k < sizeof(big) / sizeof(big[0]); k++)
			same_prim(prims[p], big[k], (unsigned)k, true, 0);
		for (int n = 1; n <= 150; n += 29) {
			uint64_t cost = prim_once(prims[p], n, 5, true, 0, false).spent >> BF_WORK_SHIFT;
			for (uint64_t b = cost > 6 ? cost - 6 : 1; b <= cost + 2; b++)
				same_prim(prims[p], n, 5, true, b);
		}
	}
	/* the shortcut is taken: the build's memory is charged, not held */
	ck_assert_uint_lt(prim_once(bf_p_height, 50, 1, false, 0, true).held,
			  prim_once(bf_p_height, 50, 1, false, 0, false).held);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prim_patch");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_corners);
	tcase_add_test(tc, t_extents);
	tcase_add_test(tc, t_shift);
	tcase_add_test(tc, t_neighbors);
	tcase_add_test(tc, t_relations);
	tcase_add_test(tc, t_lines);
	tcase_add_test(tc, t_boxes);
	tcase_add_test(tc, t_budget);
	tcase_add_test(tc, t_center_shortcut_charges_the_builds);
	tcase_add_test(tc, t_extent_shortcuts_charge_the_build);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

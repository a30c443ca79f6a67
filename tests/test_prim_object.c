/*
 * test_prim_object.c -- objects, partition, fgpartition, colorfilter,
 * occurrences, frontiers, compress, hperiod, vperiod.
 *
 * Expected values are what CPython 3.11 prints for the same expressions
 * with arc-dsl's dsl.py (frozensets print in iteration order, so these
 * pin CPython's set layout); errors are checked by exception class.
 * G and G2 hold many objects of several colours, so the order of the
 * objects in the result and of the cells within each object is tested.
 */
#include "testutil.h"

#define G \
	"((3, 0, 0, 3, 0, 0, 0, 0), " \
	"(3, 0, 3, 3, 2, 0, 2, 1), " \
	"(0, 0, 0, 0, 0, 2, 2, 0), " \
	"(2, 0, 3, 3, 3, 2, 1, 0), " \
	"(1, 2, 0, 0, 0, 3, 1, 0), " \
	"(0, 0, 0, 0, 0, 0, 1, 0), " \
	"(0, 0, 2, 0, 0, 3, 1, 2))"
#define G2 \
	"((0, 6, 0, 5, 5, 5, 0, 0, 5, 5, 0, 5), " \
	"(0, 6, 5, 6, 5, 5, 5, 5, 5, 5, 0, 5), " \
	"(5, 5, 6, 6, 5, 5, 5, 0, 5, 0, 5, 6), " \
	"(5, 0, 5, 5, 5, 6, 6, 6, 5, 5, 5, 5), " \
	"(5, 6, 6, 5, 5, 5, 6, 0, 0, 0, 5, 5), " \
	"(6, 0, 6, 6, 6, 5, 0, 0, 5, 5, 0, 5), " \
	"(6, 5, 6, 0, 5, 5, 0, 5, 5, 5, 5, 5), " \
	"(0, 5, 6, 0, 0, 5, 5, 5, 0, 5, 0, 0), " \
	"(6, 0, 5, 5, 6, 5, 5, 6, 5, 5, 5, 6), " \
	"(5, 6, 6, 0, 5, 5, 0, 5, 0, 5, 5, 0))"
#define OBJ "frozenset(((2, (1, 4)), (2, (2, 5)), (2, (2, 6)), (2, (1, 6)), (2, (3, 5))))"

START_TEST(t_objects)
{
	EXPECT("objects(" G ", T, F, T)",
	       "frozenset({frozenset({(1, (1, 7))}), frozenset({(2, (6, 2))}), frozenset({(3, (1, "
	       "0)), (3, (0, 0))}), frozenset({(2, (1, 4))}), frozenset({(2, (6, 7))}), "
	       "frozenset({(3, (3, 4)), (3, (3, 3)), (3, (3, 2))}), frozenset({(3, (4, 5))}), "
	       "frozenset({(2, (4, 1))}), frozenset({(2, (1, 6)), (2, (3, 5)), (2, (2, 5)), (2, (2, "
	       "6))}), frozenset({(3, (6, 5))}), frozenset({(3, (1, 3)), (3, (0, 3)), (3, (1, "
	       "2))}), frozenset({(1, (4, 6)), (1, (5, 6)), (1, (3, 6)), (1, (6, 6))}), "
	       "frozenset({(1, (4, 0))}), frozenset({(2, (3, 0))})})");
	EXPECT("objects(" G ", T, T, T)",
	       "frozenset({frozenset({(1, (1, 7))}), frozenset({(2, (6, 2))}), frozenset({(3, (1, "
	       "0)), (3, (0, 0))}), frozenset({(2, (6, 7))}), frozenset({(2, (1, 6)), (2, (2, 5)), "
	       "(2, (1, 4)), (2, (3, 5)), (2, (2, 6))}), frozenset({(3, (3, 4)), (3, (3, 3)), (3, "
	       "(4, 5)), (3, (3, 2))}), frozenset({(3, (6, 5))}), frozenset({(3, (1, 3)), (3, (0, "
	       "3)), (3, (1, 2))}), frozenset({(1, (4, 6)), (1, (5, 6)), (1, (3, 6)), (1, (6, "
	       "6))}), frozenset({(2, (3, 0)), (2, (4, 1))}), frozenset({(1, (4, 0))})})");
	EXPECT("objects(" G ", F, F, T)",
	       "frozenset({frozenset({(2, (6, 2))}), frozenset({(3, (1, 0)), (3, (0, 0))}), "
	       "frozenset({(3, (3, 4)), (1, (4, 6)), (1, (5, 6)), (2, (3, 5)), (1, (3, 6)), (2, (2, "
	       "6)), (3, (6, 5)), (2, (2, 5)), (3, (3, 3)), (2, (1, 6)), (1, (6, 6)), (3, (3, 2)), "
	       "(1, (1, 7)), (3, (4, 5)), (2, (6, 7))}), frozenset({(3, (1, 3)), (3, (0, 3)), (2, "
	       "(1, 4)), (3, (1, 2))}), frozenset({(2, (3, 0)), (1, (4, 0)), (2, (4, 1))})})");
	EXPECT("objects(" G ", F, T, T)",
	       "frozenset({frozenset({(3, (3, 4)), (1, (4, 6)), (3, (1, 3)), (2, (3, 5)), (1, (3, "
	       "6)), (3, (1, 2)), (1, (4, 0)), (2, (1, 4)), (1, (6, 6)), (1, (1, 7)), (2, (3, 0)), "
	       "(3, (4, 5)), (3, (6, 5)), (1, (5, 6)), (3, (0, 3)), (2, (2, 6)), (2, (1, 6)), (2, "
	       "(2, 5)), (3, (3, 3)), (2, (4, 1)), (3, (3, 2)), (2, (6, 7))}), frozenset({(2, (6, "
	       "2))}), frozenset({(3, (1, 0)), (3, (0, 0))})})");
	EXPECT("objects(" G ", T, F, F)",
	       "frozenset({frozenset({(1, (1, 7))}), frozenset({(2, (6, 2))}), frozenset({(3, (3, "
	       "4)), (3, (3, 3)), (3, (3, 2))}), frozenset({(2, (4, 1))}), frozenset({(3, (6, "
	       "5))}), frozenset({(2, (1, 4))}), frozenset({(3, (1, 0)), (3, (0, 0))}), "
	       "frozenset({(0, (0, 7)), (0, (0, 6)), (0, (0, 5)), (0, (1, 5)), (0, (0, 4))}), "
	       "frozenset({(0, (5, 0)), (0, (4, 2)), (0, (6, 0)), (0, (4, 4)), (0, (5, 4)), (0, (6, "
	       "4)), (0, (5, 2)), (0, (6, 1)), (0, (6, 3)), (0, (5, 1)), (0, (4, 3)), (0, (5, 3)), "
	       "(0, (5, 5))}), frozenset({(2, (6, 7))}), frozenset({(3, (4, 5))}), frozenset({(2, "
	       "(1, 6)), (2, (3, 5)), (2, (2, 5)), (2, (2, 6))}), frozenset({(0, (2, 7)), (0, (5, "
	       "7)), (0, (4, 7)), (0, (3, 7))}), frozenset({(0, (3, 1)), (0, (2, 0)), (0, (0, 2)), "
	       "(0, (2, 1)), (0, (2, 3)), (0, (0, 1)), (0, (1, 1)), (0, (2, 2)), (0, (2, 4))}), "
	       "frozenset({(3, (1, 3)), (3, (0, 3)), (3, (1, 2))}), frozenset({(1, (4, 6)), (1, (5, "
	       "6)), (1, (3, 6)), (1, (6, 6))}), frozenset({(1, (4, 0))}), frozenset({(2, (3, "
	       "0))})})");
	EXPECT("objects(" G ", F, T, F)",
	       "frozenset({frozenset({(3, (3, 4)), (1, (4, 6)), (0, (5, 0)), (2, (6, 2)), (0, (4, "
	       "4)), (3, (0, 0)), (0, (0, 2)), (1, (3, 6)), (3, (1, 2)), (0, (0, 6)), (0, (3, 7)), "
	       "(0, (6, 3)), (2, (1, 4)), (1, (6, 6)), (0, (5, 1)), (1, (1, 7)), (3, (6, 5)), (0, "
	       "(1, 5)), (2, (2, 6)), (0, (2, 1)), (0, (0, 4)), (2, (1, 6)), (2, (4, 1)), (0, (2, "
	       "7)), (3, (3, 2)), (0, (1, 1)), (0, (2, 2)), (0, (0, 5)), (0, (5, 7)), (0, (6, 4)), "
	       "(3, (1, 3)), (0, (5, 2)), (2, (3, 5)), (0, (2, 3)), (1, (4, 0)), (2, (3, 0)), (0, "
	       "(5, 3)), (0, (0, 1)), (3, (4, 5)), (0, (4, 7)), (0, (2, 4)), (0, (3, 1)), (3, (0, "
	       "3)), (0, (6, 0)), (0, (4, 2)), (1, (5, 6)), (0, (5, 4)), (0, (6, 1)), (3, (3, 3)), "
	       "(3, (1, 0)), (2, (2, 5)), (0, (4, 3)), (0, (2, 0)), (0, (5, 5)), (2, (6, 7)), (0, "
	       "(0, 7))})})");
	EXPECT("objects(" G2 ", T, F, T)",
	       "frozenset({frozenset({(0, (9, 8))}), frozenset({(6, (2, 3)), (6, (1, 3)), (6, (2, "
	       "2))}), frozenset({(0, (2, 7))}), frozenset({(0, (5, 6)), (0, (4, 8)), (0, (6, 6)), "
	       "(0, (5, 7)), (0, (4, 9)), (0, (4, 7))}), frozenset({(0, (9, 11))}), frozenset({(6, "
	       "(8, 4))}), frozenset({(6, (4, 2)), (6, (4, 1)), (6, (5, 4)), (6, (5, 3)), (6, (5, "
	       "2)), (6, (7, 2)), (6, (6, 2))}), frozenset({(0, (7, 11)), (0, (7, 10))}), "
	       "frozenset({(0, (5, 10))}), frozenset({(0, (9, 6))}), frozenset({(0, (1, 10)), (0, "
	       "(0, 10))}), frozenset({(0, (8, 1))}), frozenset({(0, (3, 1))}), frozenset({(0, (7, "
	       "3)), (0, (6, 3)), (0, (7, 4))}), frozenset({(6, (2, 11))}), frozenset({(0, (7, "
	       "8))}), frozenset({(0, (0, 2))}), frozenset({(0, (5, 1))}), frozenset({(0, (7, "
	       "0))}), frozenset({(6, (8, 11))}), frozenset({(0, (9, 3))}), frozenset({(6, (5, 0)), "
	       "(6, (6, 0))}), frozenset({(6, (0, 1)), (6, (1, 1))}), frozenset({(6, (8, 0))}), "
	       "frozenset({(6, (9, 2)), (6, (9, 1))}), frozenset({(0, (0, 6)), (0, (0, 7))}), "
	       "frozenset({(0, (2, 9))}), frozenset({(6, (4, 6)), (6, (3, 6)), (6, (3, 5)), (6, (3, "
	       "7))}), frozenset({(0, (1, 0)), (0, (0, 0))}), frozenset({(6, (8, 7))})})");
	EXPECT("objects(" G2 ", F, T, F)",
	       "frozenset({frozenset({(6, (8, 4)), (5, (3, 4)), (0, (7, 3)), (5, (6, 9)), (5, (8, "
	       "3)), (5, (9, 4)), (5, (7, 1)), (0, (0, 2)), (6, (6, 2)), (6, (5, 0)), (5, (9, 10)), "
	       "(6, (1, 3)), (5, (1, 2)), (6, (8, 11)), (0, (6, 3)), (5, (6, 4)), (0, (5, 1)), (6, "
	       "(8, 0)), (0, (7, 10)), (5, (3, 0)), (0, (8, 1)), (5, (6, 5)), (0, (9, 8)), (0, (1, "
	       "0)), (5, (6, 11)), (5, (5, 9)), (6, (8, 7)), (0, (2, 7)), (5, (6, 1)), (5, (8, 9)), "
	       "(5, (0, 11)), (5, (2, 5)), (5, (7, 7)), (6, (4, 1)), (5, (3, 11)), (5, (8, 10)), "
	       "(5, (6, 7)), (5, (4, 3)), (0, (5, 7)), (5, (5, 5)), (6, (2, 2)), (5, (1, 9)), (5, "
	       "(4, 4)), (6, (3, 5)), (6, (2, 3)), (6, (5, 2)), (5, (1, 4)), (5, (8, 6)), (6, (0, "
	       "1)), (0, (6, 6)), (5, (0, 3)), (6, (5, 3)), (5, (3, 8)), (5, (1, 5)), (5, (0, 9)), "
	       "(0, (4, 8)), (5, (8, 2)), (5, (3, 3)), (0, (4, 9)), (5, (6, 8)), (5, (2, 1)), (5, "
	       "(9, 9)), (5, (4, 10)), (0, (9, 11)), (6, (9, 2)), (5, (3, 9)), (5, (0, 5)), (5, (3, "
	       "10)), (5, (4, 11)), (5, (2, 8)), (0, (7, 4)), (0, (1, 10)), (5, (9, 5)), (5, (1, "
	       "11)), (5, (6, 10)), (6, (3, 7)), (5, (5, 8)), (5, (2, 4)), (5, (9, 0)), (5, (8, "
	       "8)), (6, (2, 11)), (0, (9, 3)), (0, (7, 0)), (0, (5, 6)), (6, (5, 4)), (5, (1, 7)), "
	       "(5, (3, 2)), (5, (2, 0)), (6, (1, 1)), (5, (1, 8)), (0, (0, 0)), (5, (8, 5)), (0, "
	       "(2, 9)), (0, (7, 11)), (5, (7, 6)), (5, (7, 9)), (5, (2, 10)), (6, (7, 2)), (0, (4, "
	       "7)), (6, (4, 6)), (0, (0, 10)), (5, (4, 5)), (0, (9, 6)), (5, (9, 7)), (5, (0, 8)), "
	       "(0, (3, 1)), (6, (3, 6)), (6, (6, 0)), (5, (4, 0)), (0, (5, 10)), (5, (5, 11)), (5, "
	       "(7, 5)), (6, (4, 2)), (5, (2, 6)), (6, (9, 1)), (0, (0, 6)), (5, (1, 6)), (0, (7, "
	       "8)), (5, (0, 4)), (0, (0, 7))})})");
	EXPECT("objects(" G2 ", T, T, F)",
	       "frozenset({frozenset({(0, (9, 8))}), frozenset({(0, (2, 7))}), frozenset({(0, (9, "
	       "11))}), frozenset({(5, (9, 0))}), frozenset({(6, (8, 4))}), frozenset({(0, (7, "
	       "11)), (0, (7, 10))}), frozenset({(0, (9, 6))}), frozenset({(0, (3, 1))}), "
	       "frozenset({(0, (7, 3)), (0, (6, 3)), (0, (7, 4))}), frozenset({(6, (2, 11))}), "
	       "frozenset({(0, (7, 8))}), frozenset({(0, (8, 1)), (0, (7, 0))}), frozenset({(6, (0, "
	       "1)), (6, (1, 1)), (6, (1, 3)), (6, (2, 3)), (6, (2, 2))}), frozenset({(0, (1, 10)), "
	       "(0, (2, 9)), (0, (0, 10))}), frozenset({(5, (3, 4)), (5, (6, 9)), (5, (8, 3)), (5, "
	       "(9, 4)), (5, (7, 1)), (5, (9, 10)), (5, (1, 2)), (5, (6, 4)), (5, (3, 0)), (5, (6, "
	       "5)), (5, (6, 11)), (5, (5, 9)), (5, (8, 9)), (5, (0, 11)), (5, (2, 5)), (5, (7, "
	       "7)), (5, (6, 1)), (5, (3, 11)), (5, (4, 3)), (5, (6, 7)), (5, (8, 10)), (5, (5, "
	       "5)), (5, (1, 9)), (5, (4, 4)), (5, (1, 4)), (5, (8, 6)), (5, (0, 3)), (5, (3, 8)), "
	       "(5, (1, 5)), (5, (0, 9)), (5, (8, 2)), (5, (3, 3)), (5, (6, 8)), (5, (2, 1)), (5, "
	       "(9, 9)), (5, (4, 10)), (5, (0, 5)), (5, (3, 10)), (5, (4, 11)), (5, (2, 8)), (5, "
	       "(9, 5)), (5, (1, 11)), (5, (6, 10)), (5, (5, 8)), (5, (2, 4)), (5, (8, 8)), (5, (1, "
	       "7)), (5, (3, 2)), (5, (2, 0)), (5, (1, 8)), (5, (8, 5)), (5, (7, 9)), (5, (2, 10)), "
	       "(5, (4, 5)), (5, (0, 8)), (5, (9, 7)), (5, (4, 0)), (5, (5, 11)), (5, (7, 5)), (5, "
	       "(2, 6)), (5, (3, 9)), (5, (1, 6)), (5, (0, 4)), (5, (7, 6))}), frozenset({(0, (0, "
	       "2))}), frozenset({(0, (5, 1))}), frozenset({(6, (8, 11))}), frozenset({(0, (9, "
	       "3))}), frozenset({(0, (0, 6)), (0, (0, 7))}), frozenset({(6, (8, 0)), (6, (9, 2)), "
	       "(6, (9, 1))}), frozenset({(6, (4, 6)), (6, (3, 6)), (6, (3, 5)), (6, (3, 7))}), "
	       "frozenset({(0, (1, 0)), (0, (0, 0))}), frozenset({(6, (8, 7))}), frozenset({(6, (5, "
	       "3)), (6, (6, 0)), (6, (6, 2)), (6, (5, 0)), (6, (4, 2)), (6, (5, 4)), (6, (5, 2)), "
	       "(6, (7, 2)), (6, (4, 1))}), frozenset({(0, (5, 6)), (0, (4, 8)), (0, (6, 6)), (0, "
	       "(5, 7)), (0, (4, 9)), (0, (4, 7)), (0, (5, 10))})})");
	EXPECT("size(objects(" G2 ", T, F, F))",
	       "38");
	EXPECT("objects(((1, 1, 2), (1, 2, 2), (3, 3, 3)), 1, (), 0)",
	       "frozenset({frozenset({(3, (2, 0)), (3, (2, 2)), (3, (2, 1))}), frozenset({(1, (0, "
	       "1)), (1, (0, 0)), (1, (1, 0))}), frozenset({(2, (0, 2)), (2, (1, 2)), (2, (1, "
	       "1))})})");
	EXPECT("objects(((True, 1), (0, False)), T, F, F)",
	       "frozenset({frozenset({(False, (1, 1)), (0, (1, 0))}), frozenset({(1, (0, 1)), "
	       "(True, (0, 0))})})");
	EXPECT("objects(((7,),), T, T, T)",
	       "frozenset()");
	EXPECT("objects(((7,),), T, T, F)",
	       "frozenset({frozenset({(7, (0, 0))})})");
	EXPECT("objects(((1, 2, 3),), F, F, F)",
	       "frozenset({frozenset({(1, (0, 0)), (3, (0, 2)), (2, (0, 1))})})");
	EXPECT("objects(((-1, -1), (-2, 1000)), T, F, T)",
	       "frozenset({frozenset({(-2, (1, 0))}), frozenset({(1000, (1, 1))})})");
	EXPECT("objects((((1,), (1,)), ((2,), (1,))), T, F, F)",
	       "frozenset({frozenset({((2,), (1, 0))}), frozenset({((1,), (1, 1)), ((1,), (0, 0)), "
	       "((1,), (0, 1))})})");
	ck_assert(tu_is_error("objects((frozenset((1, 2)), (3, 4)), T, F, F)", "TypeError"));
	ck_assert(tu_is_error("objects(((1, 2), frozenset((3, 4))), T, F, F)", "TypeError"));
	ck_assert(tu_is_error("objects(((1, 2, 3), (4, 5)), T, F, F)", "IndexError"));
	EXPECT("objects(((1, 2), (4, 5, 6)), T, F, F)",
	       "frozenset({frozenset({(2, (0, 1))}), frozenset({(4, (1, 0))}), frozenset({(5, (1, "
	       "1))}), frozenset({(1, (0, 0))})})");
	EXPECT("objects(((), 5), T, F, F)",
	       "frozenset()");
	ck_assert(tu_is_error("objects(((),), T, T, T)", "ValueError"));
	ck_assert(tu_is_error("objects((), T, F, F)", "IndexError"));
	ck_assert(tu_is_error("objects((), T, F, T)", "ValueError"));
	ck_assert(tu_is_error("objects(frozenset(((1, (0, 0)),)), T, F, F)", "TypeError"));
	ck_assert(tu_is_error("objects(frozenset(((1, (0, 0)),)), T, F, T)", "TypeError"));
	ck_assert(tu_is_error("objects(5, T, F, F)", "TypeError"));
	ck_assert(tu_is_error("objects(((1, 2), 5), T, F, F)", "TypeError"));
}
END_TEST

START_TEST(t_partition)
{
	EXPECT("partition(" G ")",
	       "frozenset({frozenset({(3, (3, 4)), (3, (0, 3)), (3, (1, 3)), (3, (0, 0)), (3, (1, "
	       "2)), (3, (3, 3)), (3, (1, 0)), (3, (3, 2)), (3, (4, 5)), (3, (6, 5))}), "
	       "frozenset({(2, (6, 2)), (2, (3, 5)), (2, (2, 6)), (2, (1, 6)), (2, (2, 5)), (2, (4, "
	       "1)), (2, (1, 4)), (2, (3, 0)), (2, (6, 7))}), frozenset({(0, (5, 0)), (0, (4, 4)), "
	       "(0, (0, 2)), (0, (3, 7)), (0, (6, 3)), (0, (5, 1)), (0, (1, 5)), (0, (2, 1)), (0, "
	       "(0, 4)), (0, (2, 7)), (0, (1, 1)), (0, (2, 2)), (0, (0, 5)), (0, (5, 7)), (0, (6, "
	       "4)), (0, (5, 2)), (0, (2, 3)), (0, (0, 1)), (0, (5, 3)), (0, (4, 7)), (0, (2, 4)), "
	       "(0, (3, 1)), (0, (4, 2)), (0, (6, 0)), (0, (5, 4)), (0, (4, 3)), (0, (6, 1)), (0, "
	       "(0, 6)), (0, (2, 0)), (0, (5, 5)), (0, (0, 7))}), frozenset({(1, (4, 6)), (1, (5, "
	       "6)), (1, (3, 6)), (1, (4, 0)), (1, (6, 6)), (1, (1, 7))})})");
	EXPECT("fgpartition(" G ")",
	       "frozenset({frozenset({(3, (3, 4)), (3, (0, 3)), (3, (1, 3)), (3, (0, 0)), (3, (1, "
	       "2)), (3, (3, 3)), (3, (1, 0)), (3, (3, 2)), (3, (4, 5)), (3, (6, 5))}), "
	       "frozenset({(2, (6, 2)), (2, (3, 5)), (2, (2, 6)), (2, (1, 6)), (2, (2, 5)), (2, (4, "
	       "1)), (2, (1, 4)), (2, (3, 0)), (2, (6, 7))}), frozenset({(1, (4, 6)), (1, (5, 6)), "
	       "(1, (3, 6)), (1, (4, 0)), (1, (6, 6)), (1, (1, 7))})})");
	EXPECT("partition(((1, True), (0, 2)))",
	       "frozenset({frozenset({(0, (1, 0))}), frozenset({(2, (1, 1))}), frozenset({(True, "
	       "(0, 1)), (1, (0, 0))})})");
	EXPECT("fgpartition(((4, 4), (4, 4)))",
	       "frozenset()");
	EXPECT("partition(())",
	       "frozenset()");
	EXPECT("partition(((),))",
	       "frozenset()");
	EXPECT("partition(frozenset(((1, (0, 0)), (2, (0, 1)), (1, (1, 1)))))",
	       "frozenset({frozenset({(2, (2, 0))}), frozenset({(1, (0, 0)), (1, (1, 0))})})");
	EXPECT("fgpartition(frozenset(((1, (0, 0)), (2, (0, 1)), (1, (1, 1)))))",
	       "frozenset({frozenset({(2, (2, 0))})})");
	EXPECT("partition(((1, 2), frozenset((3, 4))))",
	       "frozenset({frozenset({(2, (0, 1))}), frozenset({(1, (0, 0))}), frozenset({(3, (1, "
	       "0))}), frozenset({(4, (1, 1))})})");
	ck_assert(tu_is_error("fgpartition(())", "ValueError"));
	ck_assert(tu_is_error("partition(5)", "TypeError"));
	ck_assert(tu_is_error("partition((1, 2))", "TypeError"));
	EXPECT("partition(frozenset(((0, 0), (0, 1))))",
	       "frozenset({frozenset({(0, (1, 0)), (0, (0, 0)), (0, (1, 1))})})");
	ck_assert(tu_is_error("partition(frozenset((1, 2)))", "TypeError"));
}
END_TEST

START_TEST(t_colorfilter)
{
	EXPECT("colorfilter(objects(" G ", T, F, T), 2)",
	       "frozenset({frozenset({(2, (6, 2))}), frozenset({(2, (6, 7))}), frozenset({(2, (4, "
	       "1))}), frozenset({(2, (3, 0))}), frozenset({(2, (1, 6)), (2, (3, 5)), (2, (2, 5)), "
	       "(2, (2, 6))}), frozenset({(2, (1, 4))})})");
	EXPECT("colorfilter(objects(" G2 ", T, T, F), 6)",
	       "frozenset({frozenset({(6, (0, 1)), (6, (1, 1)), (6, (1, 3)), (6, (2, 3)), (6, (2, "
	       "2))}), frozenset({(6, (8, 4))}), frozenset({(6, (8, 11))}), frozenset({(6, (8, 0)), "
	       "(6, (9, 2)), (6, (9, 1))}), frozenset({(6, (4, 6)), (6, (3, 6)), (6, (3, 5)), (6, "
	       "(3, 7))}), frozenset({(6, (8, 7))}), frozenset({(6, (5, 3)), (6, (6, 0)), (6, (6, "
	       "2)), (6, (5, 0)), (6, (4, 2)), (6, (5, 4)), (6, (5, 2)), (6, (7, 2)), (6, (4, "
	       "1))}), frozenset({(6, (2, 11))})})");
	EXPECT("colorfilter(objects(" G ", T, F, T), 9)",
	       "frozenset()");
	EXPECT("colorfilter(frozenset(), 1)",
	       "frozenset()");
	EXPECT("colorfilter((((1, 2),), ((2, 2),)), 1)",
	       "frozenset({((1, 2),)})");
	ck_assert(tu_is_error("colorfilter(((1, 2), (3, 4)), 1)", "TypeError"));
	ck_assert(tu_is_error("colorfilter(((),), 1)", "RuntimeError"));
	ck_assert(tu_is_error("colorfilter(frozenset((frozenset(),)), 1)", "RuntimeError"));
	ck_assert(tu_is_error("colorfilter(5, 1)", "TypeError"));
	ck_assert(tu_is_error("colorfilter((5,), 1)", "TypeError"));
	ck_assert(tu_is_error("colorfilter(((frozenset((1,)),),), 1)", "TypeError"));
}
END_TEST

START_TEST(t_occurrences)
{
	/* one-color rectangles take the prefix-count path: same set, same order */
	EXPECT("occurrences(((0, 0, 0, 1, 0), (0, 0, 0, 0, 0), (1, 0, 0, 0, 0), (0, 0, 0, 0, 2)), "
	       "asobject(canvas(0, (2, 2))))",
	       "frozenset({(0, 1), (1, 2), (2, 2), (2, 1), (0, 0), (1, 1), (1, 3)})");
	EXPECT("occurrences(((0, 0, 0, 1, 0), (0, 0, 0, 0, 0), (1, 0, 0, 0, 0), (0, 0, 0, 0, 2)), "
	       "shift(asobject(canvas(0, (1, 3))), (5, -2)))",
	       "frozenset({(1, 2), (2, 1), (0, 0), (3, 1), (1, 1), (3, 0), (2, 2), (1, 0)})");

	EXPECT("occurrences(" G ", frozenset(((0, (0, 0)), (0, (0, 1)))))",
	       "frozenset({(0, 1), (0, 4), (2, 1), (4, 3), (5, 4), (5, 1), (0, 5), (2, 2), (5, 2), "
	       "(2, 0), (4, 2), (0, 6), (2, 3), (5, 0), (6, 0), (5, 3), (6, 3)})");
	EXPECT("occurrences(" G ", frozenset(((0, (5, 5)), (0, (6, 6)))))",
	       "frozenset({(4, 4), (0, 4), (4, 3), (3, 1), (1, 1), (2, 0), (4, 2), (5, 0), (5, 3), "
	       "(5, 2)})");
	EXPECT("occurrences(" G ", " OBJ ")",
	       "frozenset({(1, 4)})");
	EXPECT("occurrences(" G2 ", frozenset(((5, (0, 0)), (6, (1, 0)))))",
	       "frozenset({(4, 4), (1, 2), (4, 0), (7, 7), (4, 3), (1, 11), (0, 3), (2, 6), (8, 2), "
	       "(3, 2), (2, 5)})");
	EXPECT("occurrences(((1, 2), (3, 4)), frozenset())",
	       "frozenset({(0, 1), (1, 2), (2, 1), (0, 0), (1, 1), (2, 0), (0, 2), (2, 2), (1, 0)})");
	EXPECT("occurrences(((1, 2), (3, 4)), frozenset(((9, (0, 0)),)))",
	       "frozenset()");
	EXPECT("occurrences(((1, 2), (3, 4)), frozenset(((1, (0, 0)), (4, (1, 1)), (5, (2, 2)))))",
	       "frozenset()");
	EXPECT("occurrences(((1, True), (1, 1)), frozenset(((1, (3, 3)),)))",
	       "frozenset({(0, 1), (1, 0), (1, 1), (0, 0)})");
	ck_assert(tu_is_error("occurrences(((1, 2), (1,)), frozenset(((1, (0, 0)),)))", "IndexError"));
	ck_assert(tu_is_error("occurrences(((1, 2), (1,)), frozenset(((2, (0, 0)),)))", "IndexError"));
	ck_assert(tu_is_error("occurrences(((1, 1), (1, 1)), frozenset(((0, 0), (0, 1))))", "TypeError"));
	EXPECT("occurrences(((1, 1), (1, 1)), frozenset(((0, 0), (5, 5))))",
	       "frozenset()");
	ck_assert(tu_is_error("occurrences(((1, 2), (3, 4)), ((1, 2),))", "TypeError"));
	ck_assert(tu_is_error("occurrences((), frozenset(((1, (0, 0)),)))", "IndexError"));
	ck_assert(tu_is_error("occurrences(frozenset(), frozenset(((1, (0, 0)),)))", "TypeError"));
	ck_assert(tu_is_error("occurrences(((1, 2),), 5)", "TypeError"));
}
END_TEST

START_TEST(t_frontiers)
{
	EXPECT("frontiers(" G ")",
	       "frozenset()");
	EXPECT("frontiers(((1, 1, 1), (2, 3, 1), (4, 4, 1)))",
	       "frozenset({frozenset({(1, (1, 2)), (1, (2, 2)), (1, (0, 2))}), frozenset({(1, (0, "
	       "1)), (1, (0, 0)), (1, (0, 2))})})");
	EXPECT("frontiers(((5, 5, 5, 5), (5, 5, 5, 5), (5, 5, 5, 5)))",
	       "frozenset({frozenset({(5, (2, 2)), (5, (2, 1)), (5, (2, 3)), (5, (2, 0))}), "
	       "frozenset({(5, (0, 0)), (5, (0, 2)), (5, (0, 1)), (5, (0, 3))}), frozenset({(5, (2, "
	       "2)), (5, (0, 2)), (5, (1, 2))}), frozenset({(5, (1, 3)), (5, (2, 3)), (5, (0, "
	       "3))}), frozenset({(5, (2, 1)), (5, (0, 1)), (5, (1, 1))}), frozenset({(5, (0, 0)), "
	       "(5, (1, 0)), (5, (2, 0))}), frozenset({(5, (1, 0)), (5, (1, 3)), (5, (1, 2)), (5, "
	       "(1, 1))})})");
	EXPECT("frontiers(((1, 2), (3, 4)))",
	       "frozenset()");
	ck_assert(tu_is_error("frontiers(((1, 1), (2,)))", "IndexError"));
	EXPECT("frontiers(((1, 1), (1, 1, 1)))",
	       "frozenset({frozenset({(1, (1, 1)), (1, (1, 0))}), frozenset({(1, (0, 0)), (1, (1, "
	       "0))}), frozenset({(1, (0, 1)), (1, (1, 1))}), frozenset({(1, (0, 1)), (1, (0, "
	       "0))})})");
	EXPECT("frontiers(((2,), (2, 2)))",
	       "frozenset({frozenset({(2, (0, 0))}), frozenset({(2, (1, 0))}), frozenset({(2, (0, "
	       "0)), (2, (1, 0))})})");
	ck_assert(tu_is_error("frontiers(((1, 1), frozenset((1,))))", "TypeError"));
	EXPECT("frontiers(((), (1,)))",
	       "frozenset({frozenset()})");
	ck_assert(tu_is_error("frontiers(())", "IndexError"));
	ck_assert(tu_is_error("frontiers(frozenset(((1, (0, 0)),)))", "TypeError"));
	ck_assert(tu_is_error("frontiers((1, 2))", "TypeError"));
}
END_TEST

START_TEST(t_compress)
{
	EXPECT("compress(((1, 1, 1), (2, 3, 1), (4, 4, 1)))",
	       "((2, 3), (4, 4))");
	EXPECT("compress(((5, 0, 5, 5), (5, 0, 1, 5), (5, 0, 5, 5), (5, 0, 2, 5)))",
	       "((5,), (1,), (5,), (2,))");
	EXPECT("compress(((1, 2), (3, 4)))",
	       "((1, 2), (3, 4))");
	EXPECT("compress(((7, 7), (7, 7)))",
	       "()");
	EXPECT("compress(((1, 2), (3, 4), (5,)))",
	       "((1, 2), (3, 4))");
	EXPECT("compress(((1, 2, 3), frozenset((1, 2)), (1, 2, 3)))",
	       "((3,), (), (3,))");
	EXPECT("compress(())",
	       "()");
	EXPECT("compress(((),))",
	       "((),)");
	EXPECT("compress(frozenset(((1, (0, 0)), (2, (0, 1)), (1, (1, 1)))))",
	       "((1, (1, 1)), (1, (0, 0)), (2, (0, 1)))");
	ck_assert(tu_is_error("compress(frozenset())", "ValueError"));
	ck_assert(tu_is_error("compress(5)", "TypeError"));
	ck_assert(tu_is_error("compress((1, 2))", "TypeError"));
}
END_TEST

START_TEST(t_period)
{
	EXPECT("hperiod(frozenset(((1, (0, 0)), (2, (0, 1)), (1, (0, 2)), (2, (0, 3)))))",
	       "2");
	EXPECT("hperiod(frozenset(((1, (0, 0)), (2, (0, 1)), (1, (0, 2)), (2, (1, 3)))))",
	       "4");
	EXPECT("hperiod(frozenset(((1, (0, 0)), (1, (0, 3)), (1, (0, 6)), (1, (0, 7)))))",
	       "7");
	EXPECT("hperiod(frozenset(((3, (4, 7)), (3, (4, 9)), (3, (4, 11)))))",
	       "2");
	EXPECT("vperiod(frozenset(((1, (0, 0)), (1, (2, 0)), (1, (4, 0)))))",
	       "2");
	EXPECT("vperiod(frozenset(((1, (0, 0)), (2, (1, 0)), (1, (2, 0)), (3, (3, 0)))))",
	       "4");
	EXPECT("vperiod(frozenset(((1, (-3, 2)), (2, (-2, 2)), (1, (-1, 2)), (2, (0, 2)))))",
	       "2");
	EXPECT("hperiod(frozenset())",
	       "0");
	EXPECT("vperiod(frozenset())",
	       "0");
	EXPECT("hperiod(frozenset(((5, (2, 2)),)))",
	       "1");
	EXPECT("hperiod(frozenset(((True, (0, 0)), (1, (0, 1)))))",
	       "1");
	EXPECT("hperiod(frozenset((((1,), (0, 0)), ((1,), (0, 1)), ((2,), (0, 2)))))",
	       "3");
	EXPECT("hperiod(frozenset(((1, (0, 0)), (2, (0, 0)), (1, (0, 1)), (2, (0, 1)))))",
	       "1");
	EXPECT("vperiod(frozenset(((1, (0, 0)), (1, (10000, 0)))))",
	       "10000");
	ck_assert(tu_is_error("hperiod(frozenset(((0, 0), (0, 1))))", "TypeError"));
	ck_assert(tu_is_error("vperiod(frozenset(((0, 0), (1, 0))))", "TypeError"));
	EXPECT("hperiod(frozenset(((0, 0),)))",
	       "1");
	EXPECT("hperiod(((1, 2), (1, 2)))",
	       "1");
	EXPECT("hperiod(())",
	       "0");
	ck_assert(tu_is_error("hperiod(5)", "TypeError"));
}
END_TEST

/* grids past 30 cells a side, built by other primitives, with dozens of
 * objects: the order of the objects is checked through their corners */
START_TEST(t_big)
{
	EXPECT("totuple(apply(ulcorner, objects(upscale(" G ", 4), T, F, T)))",
	       "((24, 8), (16, 20), (4, 16), (16, 0), (0, 0), (24, 20), (12, 0), (4, 28), (16, 4), "
	       "(24, 28), (0, 8), (12, 24), (12, 8), (4, 20))");
	EXPECT("totuple(apply(ulcorner, objects(upscale(" G ", 4), T, T, F)))",
	       "((24, 8), (4, 16), (16, 0), (0, 0), (24, 20), (12, 0), (4, 28), (24, 28), (8, 28), "
	       "(0, 8), (12, 24), (12, 8))");
	EXPECT("totuple(apply(size, objects(upscale(" G ", 4), F, F, F)))",
	       "(896,)");
	EXPECT("first(first(objects(upscale(" G ", 4), F, F, F)))",
	       "(0, (6, 22))");
	EXPECT("totuple(apply(ulcorner, partition(upscale(" G ", 4))))",
	       "((4, 0), (0, 0))");
	EXPECT("totuple(apply(ulcorner, objects(vconcat(upscale(" G ", 4), upscale(" G ", 5)), T, F, F)))",
	       "((16, 20), (28, 0), (58, 10), (43, 0), (58, 25), (0, 8), (16, 4), (24, 8), (48, 5), "
	       "(33, 20), (43, 30), (24, 20), (12, 0), (12, 24), (4, 20), (28, 20), (0, 16), (16, "
	       "0), (33, 25), (24, 28), (48, 25), (12, 8), (4, 16), (0, 0), (28, 10), (4, 28), (43, "
	       "10), (48, 0), (8, 28))");
	EXPECT("totuple(apply(ulcorner, objects(vconcat(upscale(" G ", 4), upscale(" G ", 5)), F, T, T)))",
	       "((0, 0), (28, 0), (24, 8), (58, 10))");
	EXPECT("totuple(apply(size, fgpartition(upscale(" G ", 5))))",
	       "(225, 250, 150)");
	EXPECT("occurrences(upscale(" G ", 4), frozenset(((2, (0, 0)), (2, (0, 3)), (2, (3, 0)))))",
	       "frozenset({(5, 24), (8, 23), (6, 24), (9, 22), (8, 20), (10, 23), (11, 22), (10, "
	       "20), (4, 24), (24, 28), (8, 21), (16, 4), (9, 20), (7, 24), (8, 24), (10, 21), (9, "
	       "23), (11, 20), (11, 23), (24, 8), (4, 16), (12, 20), (12, 0), (9, 21), (8, 22), "
	       "(11, 21), (10, 22)})");
	EXPECT("hperiod(asobject(upscale(" G ", 4)))",
	       "32");
	EXPECT("vperiod(asobject(vconcat(upscale(" G ", 4), upscale(" G ", 4))))",
	       "28");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prim_object");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_objects);
	tcase_add_test(tc, t_partition);
	tcase_add_test(tc, t_colorfilter);
	tcase_add_test(tc, t_occurrences);
	tcase_add_test(tc, t_frontiers);
	tcase_add_test(tc, t_compress);
	tcase_add_test(tc, t_period);
	tcase_add_test(tc, t_big);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

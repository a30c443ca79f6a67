/*
 * test_jsonlite.c -- the JSON reader (src/input/jsonlite.c), above all its
 * unboxed arrays of ints (a grid row): what is read into them, what falls
 * to the general path (and is read or refused there), and where an error
 * is reported.
 */
#include <stdio.h>
#include <string.h>

#include "battfarm/jsonlite.h"
#include "testutil.h"

static bf_arena arena;
static char err[160];

static const jl_node *parse(const char *src)
{
	bf_arena_reset(&arena);
	err[0] = '\0';
	return jl_parse(&arena, src, strlen(src), err, sizeof(err));
}

/* src is an array of ints held unboxed, equal to want[0..n). */
static void unboxed(const char *src, const int64_t *want, size_t n)
{
	const jl_node *v = parse(src);
	ck_assert_msg(v, "%s: %s", src, err);
	ck_assert_int_eq(v->kind, JL_ARRAY);
	ck_assert_msg(v->ints, "%s: not unboxed", src);
	ck_assert_uint_eq(v->n, n);
	for (size_t k = 0; k < n; k++)
		ck_assert_int_eq(v->ints[k], want[k]);
}

START_TEST(t_int_rows)
{
	static const int64_t a[] = {1, 0, -3}, b[] = {0}, c[] = {-922337203685477580LL, 922337203685477580LL};
	unboxed("[1, 0, -3]", a, 3);
	unboxed("[1,0,-3]", a, 3);
	unboxed(" [ 1 ,\n 0 ,\t-3\r\n]", a, 3);
	unboxed("[0]", b, 1);
	unboxed("[-0]", b, 1);
	unboxed("[-922337203685477580, 922337203685477580]", c, 2);
	int64_t many[300];
	char src[300 * 5 + 4];
	size_t at = 0;
	src[at++] = '[';
	for (int k = 0; k < 300; k++) {
		many[k] = (k * 7919) % 1000 - 500;
		at += (size_t)snprintf(src + at, sizeof(src) - at, k ? ",%lld" : "%lld", (long long)many[k]);
	}
	src[at++] = ']';
	src[at] = '\0';
	unboxed(src, many, 300); /* longer than a grid row */
}
END_TEST

/* Arrays that are not all ints are read item by item. */
START_TEST(t_other_arrays)
{
	const jl_node *v = parse("[1, 2.5, 3]");
	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_null(v->ints);
	ck_assert_uint_eq(v->n, 3);
	ck_assert_int_eq(v->items[1]->kind, JL_NUMBER);
	ck_assert_int_eq(v->items[2]->i, 3);
	v = parse("[1, 1e3]");
	ck_assert(v && !v->ints && v->items[1]->kind == JL_NUMBER);
	/* the ends of int64 are read, as ints, by the general path */
	v = parse("[-9223372036854775808, 9223372036854775807]");
	ck_assert(v && !v->ints && v->items[0]->kind == JL_INT && v->items[1]->kind == JL_INT);
	ck_assert(v->items[0]->i == INT64_MIN && v->items[1]->i == INT64_MAX);
	v = parse("[99999999999999999999]"); /* past int64 */
	ck_assert(v && !v->ints && v->items[0]->kind == JL_NUMBER);
	v = parse("[]");
	ck_assert(v && v->n == 0);
	v = parse("[[1, 2], [3]]");
	ck_assert(v && v->n == 2 && v->items[0]->ints && v->items[1]->ints);
	ck_assert_int_eq(v->items[1]->ints[0], 3);
	v = parse("[1, true]");
	ck_assert(v && !v->ints && v->items[1]->kind == JL_BOOL);
}
END_TEST

static void refused(const char *src, const char *want)
{
	ck_assert_msg(!parse(src), "%s: accepted", src);
	ck_assert_str_eq(err, want);
}

START_TEST(t_bad_arrays)
{
	refused("[1, 2,]", "1:7: unexpected character");
	refused("[1 2]", "1:4: expected ',' or ']'");
	refused("[01]", "1:2: leading zero in number");
	refused("[1, -]", "1:6: bad number");
	refused("[1, --1]", "1:6: bad number");
	refused("[,1]", "1:2: unexpected character");
	refused("[1,\n 2,\n x]", "3:2: unexpected character");
	refused("[1, 2", "1:6: expected ',' or ']'");
	refused("[1, 2 ", "1:7: expected ',' or ']'");
	refused("[-", "1:3: bad number");
	refused("[1,2]x", "1:6: unexpected text after the value");
	refused("[1, 2.]", "1:7: bad number");
}
END_TEST

int main(void)
{
	bf_arena_init(&arena, 0);
	Suite *s = suite_create("jsonlite");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_int_rows);
	tcase_add_test(tc, t_other_arrays);
	tcase_add_test(tc, t_bad_arrays);
	suite_add_tcase(s, tc);
	int rc = tu_run(s);
	bf_arena_release(&arena);
	return rc;
}

/*
 * test_shard.c -- the --shard partition: every task in exactly one part,
 * the same partition whatever the order of the ids, equal counts without
 * costs, balanced work with them, and clear errors for bad K/N.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/shard.h"
#include "testutil.h"

#define N 40

static void make_ids(char ids[][16], const char **p, int n)
{
	for (int i = 0; i < n; i++) {
		snprintf(ids[i], 16, "task%03d", i);
		p[i] = ids[i];
	}
}

START_TEST(t_parse)
{
	bf_shard sh;
	char err[256];
	ck_assert_int_eq(bf_shard_parse("2/4", &sh, err, sizeof(err)), 0);
	ck_assert_int_eq(sh.k, 2);
	ck_assert_int_eq(sh.n, 4);
	ck_assert_int_eq(bf_shard_parse("1/1", &sh, err, sizeof(err)), 0);
	const char *bad[] = {"0/4", "5/4", "4", "a/b", "/4", "2/", "-1/4", "2/0", "1/4x", "1/100001", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_msg(bf_shard_parse(bad[i], &sh, err, sizeof(err)) == -1, "%s accepted", bad[i]);
		ck_assert_msg(strstr(err, "--shard"), "no message for %s: %s", bad[i], err);
	}
}
END_TEST

START_TEST(t_every_task_once_equal_counts)
{
	char ids[N][16];
	const char *p[N];
	make_ids(ids, p, N);
	for (int parts = 1; parts <= 7; parts++) {
		int part[N], count[7] = {0};
		bf_shard_assign(p, NULL, NULL, N, parts, part);
		for (int i = 0; i < N; i++) {
			ck_assert(part[i] >= 0 && part[i] < parts);
			count[part[i]]++;
		}
		for (int k = 0; k < parts; k++)
			ck_assert_int_le(abs(count[k] - N / parts), 1);
	}
}
END_TEST

START_TEST(t_order_of_ids_does_not_matter)
{
	char ids[N][16];
	const char *p[N], *rev[N];
	make_ids(ids, p, N);
	for (int i = 0; i < N; i++)
		rev[i] = p[N - 1 - i];
	int a[N], b[N];
	bf_shard_assign(p, NULL, NULL, N, 4, a);
	bf_shard_assign(rev, NULL, NULL, N, 4, b);
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(a[i], b[N - 1 - i]);
	/* and it is not simply the order of the ids */
	int same = 0;
	for (int i = 0; i < N; i++)
		same += a[i] == i % 4;
	ck_assert_int_lt(same, N);
}
END_TEST

START_TEST(t_costs_balance_the_work)
{
	char ids[N][16];
	const char *p[N];
	make_ids(ids, p, N);
	uint64_t cost[N];
	bool known[N];
	uint64_t total = 0;
	for (int i = 0; i < N; i++) {
		/* a few big tasks and many small ones: counts alone would not balance */
		cost[i] = i < 4 ? 1000 : (uint64_t)(i % 7 + 1);
		known[i] = i != 39; /* one without a record: counts as the mean */
		total += known[i] ? cost[i] : 0;
	}
	int part[N];
	bf_shard_assign(p, cost, known, N, 4, part);
	uint64_t load[4] = {0};
	for (int i = 0; i < N; i++)
		load[part[i]] += known[i] ? cost[i] : total / 39;
	/* longest first: no part exceeds another by more than one task's cost
	 * (the largest small one: the unrecorded task, at the mean) */
	uint64_t lo = load[0], hi = load[0];
	for (int k = 1; k < 4; k++) {
		lo = load[k] < lo ? load[k] : lo;
		hi = load[k] > hi ? load[k] : hi;
	}
	ck_assert_int_le(hi - lo, total / 39);
	ck_assert_int_ge(lo, 1000);
	/* each big task in its own part */
	ck_assert(part[0] != part[1] && part[0] != part[2] && part[0] != part[3] &&
		  part[1] != part[2] && part[1] != part[3] && part[2] != part[3]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("shard");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_parse);
	tcase_add_test(tc, t_every_task_once_equal_counts);
	tcase_add_test(tc, t_order_of_ids_does_not_matter);
	tcase_add_test(tc, t_costs_balance_the_work);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

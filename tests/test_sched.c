/*
 * test_sched.c -- the range scheduler (src/farm/sched.c), its virtual
 * clock (sched_sim.c) and the costs file reader (costs.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "costs.h"
#include "sched.h"
#include "testutil.h"

/* A cost matrix where every candidate of task t costs per_task[t]. */
/* x is v, but for rounding. */
static bool near(double x, double v)
{
	return x > v - 1e-9 && x < v + 1e-9;
}

/* The virtual clock's later stages when they take no time. */
static const bf_sim_stages no_stages = {0, 0};

static double *uniform(int ntasks, int ncands, const double *per_task)
{
	double *c = malloc(sizeof(double) * (size_t)ntasks * (size_t)ncands);
	for (int t = 0; t < ntasks; t++)
		for (int k = 0; k < ncands; k++)
			c[t * ncands + k] = per_task[t];
	return c;
}

START_TEST(t_costliest_first)
{
	double per[] = {1, 5, 3, 4};
	double *cost = uniform(4, 10, per);
	/* a target above every task: four WHOLE jobs */
	bf_sched_opts o = {1, 0, 0.5, 0};
	bf_sched *s = bf_sched_new(4, 10, cost, &o);
	int want[] = {1, 3, 2, 0};
	for (int i = 0; i < 4; i++) {
		bf_sched_job j;
		ck_assert_int_eq(bf_sched_next(s, 0, &j), 1);
		ck_assert_int_eq(j.task, want[i]);
		ck_assert_int_eq(j.kind, BF_SCHED_WHOLE);
		ck_assert_int_eq(j.lo, 0);
		ck_assert_int_eq(j.hi, 10);
		ck_assert(bf_sched_done(s, 0, &j, j.cost));
	}
	bf_sched_job j;
	ck_assert_int_eq(bf_sched_next(s, 0, &j), -1);
	bf_sched_free(s);
	free(cost);
}
END_TEST

/* Hand out every job to one worker and check the ranges of task 0 cover
 * its candidates once each, each within [size/2, target + costliest]. */
static void check_ranges(const double *cost, int ncands, int workers, double grain,
			 int *nranges)
{
	bf_sched_opts o = {workers, 0, grain, 0};
	bf_sched *s = bf_sched_new(1, ncands, cost, &o);
	bf_sched_stats st;
	bf_sched_get_stats(s, &st);
	double maxc = 0;
	for (int c = 0; c < ncands; c++)
		maxc = cost[c] > maxc ? cost[c] : maxc;
	int covered = 0;
	*nranges = 0;
	bf_sched_job j;
	while (bf_sched_next(s, 0, &j) == 1) {
		if (j.kind == BF_SCHED_RANGE) {
			ck_assert_int_eq(j.lo, covered); /* handed out in order here: equal costs */
			covered = j.hi;
			double sum = 0;
			for (int c = j.lo; c < j.hi; c++)
				sum += cost[c];
			ck_assert(sum <= st.target + maxc + 1e-9);
			ck_assert(near(j.cost, sum));
			(*nranges)++;
		}
		bf_sched_done(s, 0, &j, j.cost);
	}
	ck_assert_int_eq(covered, ncands);
	bf_sched_free(s);
}

START_TEST(t_range_sizing)
{
	double cost[100];
	for (int c = 0; c < 100; c++)
		cost[c] = 1;
	int n;
	/* target 100 / (4 x 8) = 3.125: ranges of 4 candidates */
	check_ranges(cost, 100, 4, 8, &n);
	ck_assert_int_eq(n, 25);
	/* one worker, grain 1: the task is the target, not split */
	bf_sched_opts o = {1, 0, 1, 0};
	bf_sched *s = bf_sched_new(1, 100, cost, &o);
	bf_sched_job j;
	ck_assert_int_eq(bf_sched_next(s, 0, &j), 1);
	ck_assert_int_eq(j.kind, BF_SCHED_WHOLE);
	bf_sched_free(s);
}
END_TEST

START_TEST(t_costly_candidate_alone)
{
	/* one candidate as costly as all the others together */
	double cost[100];
	for (int c = 0; c < 100; c++)
		cost[c] = 1;
	cost[37] = 99;
	bf_sched_opts o = {8, 0, 8, 0};
	bf_sched *s = bf_sched_new(1, 100, cost, &o);
	bf_sched_job j;
	ck_assert_int_eq(bf_sched_next(s, 0, &j), 1);
	ck_assert_int_eq(j.kind, BF_SCHED_RANGE);
	/* the costliest range goes first, and holds little besides it */
	ck_assert(j.lo <= 37 && 37 < j.hi);
	ck_assert(j.cost < 99 + 4);
	bf_sched_free(s);
}
END_TEST

START_TEST(t_filed_once_when_ranges_are_in)
{
	/* task 0 is split in ranges, task 1 is one small job */
	double cost[2 * 40];
	for (int c = 0; c < 40; c++) {
		cost[c] = 1;
		cost[40 + c] = 0.01;
	}
	bf_sched_opts o = {3, 0, 4, 0};
	bf_sched *s = bf_sched_new(2, 40, cost, &o);
	bf_sched_stats st;
	bf_sched_get_stats(s, &st);
	ck_assert_int_eq(st.split, 1);
	int nranges = st.jobs - 2; /* the WHOLE of task 1 and the FILE of task 0 */
	ck_assert_int_ge(nranges, 3);
	bf_sched_job held[64];
	int nheld = 0, files = 0;
	bf_sched_job j;
	/* two workers take ranges and keep them */
	ck_assert_int_eq(bf_sched_next(s, 0, &held[nheld++]), 1);
	ck_assert_int_eq(bf_sched_next(s, 1, &held[nheld++]), 1);
	ck_assert_int_eq(held[0].kind, BF_SCHED_RANGE);
	ck_assert_int_eq(held[0].area == held[1].area, 1);
	/* the third runs every other range, then task 1: nobody waits on a barrier */
	for (;;) {
		ck_assert_int_eq(bf_sched_next(s, 2, &j), 1);
		ck_assert_int_ne(j.kind, BF_SCHED_FILE);
		bool over = bf_sched_done(s, 2, &j, j.cost);
		if (j.task == 1) {
			ck_assert(over);
			ck_assert_int_eq(j.kind, BF_SCHED_WHOLE);
			break;
		}
		ck_assert(!over);
	}
	/* nothing left to start while two ranges are out */
	ck_assert_int_eq(bf_sched_next(s, 2, &j), 0);
	ck_assert(!bf_sched_done(s, 0, &held[0], 1));
	ck_assert_int_eq(bf_sched_next(s, 0, &j), 0);
	ck_assert(!bf_sched_done(s, 1, &held[1], 1));
	/* the last range is in: the task is filed, once */
	while (bf_sched_next(s, 1, &j) == 1) {
		ck_assert_int_eq(j.kind, BF_SCHED_FILE);
		ck_assert_int_eq(j.task, 0);
		ck_assert_int_eq(j.area, held[0].area);
		files++;
		ck_assert_int_eq(bf_sched_done(s, 1, &j, 0), BF_SCHED_FILED);
	}
	ck_assert_int_eq(files, 1);
	ck_assert_int_eq(bf_sched_next(s, 0, &j), -1);
	bf_sched_get_stats(s, &st);
	ck_assert_int_eq(st.over, 2);
	ck_assert_int_eq(st.failed, 0);
	bf_sched_free(s);
}
END_TEST

START_TEST(t_retry_and_drop)
{
	/* task 0: 40 x 1, task 1: 40 x 0.5; target 60 / (2 x 4) = 7.5, so
	 * both are split, and task 0's ranges (the costlier) go first */
	double cost[2 * 40];
	for (int c = 0; c < 80; c++)
		cost[c] = c < 40 ? 1 : 0.5;
	bf_sched_opts o = {2, 0, 4, 0};
	bf_sched *s = bf_sched_new(2, 40, cost, &o);
	bf_sched_job a, b, j;
	ck_assert_int_eq(bf_sched_next(s, 0, &a), 1);
	ck_assert_int_eq(bf_sched_next(s, 1, &b), 1);
	ck_assert_int_eq(a.task, 0);
	ck_assert_int_eq(b.task, 0);
	/* worker 0 dies: its job is the next one out, with its counts */
	a.attempts = 1;
	bf_sched_retry(s, 0, &a);
	ck_assert_int_eq(bf_sched_next(s, 0, &j), 1);
	ck_assert_int_eq(j.id, a.id);
	ck_assert_int_eq(j.attempts, 1);
	/* given up: task 0 ends once b is back, unfiled */
	ck_assert_int_eq(bf_sched_drop(s, 0, &j), BF_SCHED_OPEN);
	ck_assert_int_eq(bf_sched_done(s, 1, &b, 7), BF_SCHED_LOST);
	/* its other ranges never go out; task 1 runs and is filed once */
	int files = 0;
	while (bf_sched_next(s, 0, &j) == 1) {
		ck_assert_int_eq(j.task, 1);
		files += j.kind == BF_SCHED_FILE;
		bf_sched_done(s, 0, &j, j.cost);
	}
	ck_assert_int_eq(files, 1);
	ck_assert_int_eq(bf_sched_next(s, 1, &j), -1);
	bf_sched_stats st;
	bf_sched_get_stats(s, &st);
	ck_assert_int_eq(st.over, 2);
	ck_assert_int_eq(st.failed, 1);
	ck_assert(bf_sched_busy(s, 0) > 19.99 && bf_sched_busy(s, 0) < 20.01);
	ck_assert(bf_sched_busy(s, 1) == 7);
	bf_sched_free(s);
}
END_TEST

START_TEST(t_retry_of_a_lost_task)
{
	/* two ranges of one task out; one is given up, the other's worker
	 * dies: that range is not run again, and the task ends, lost, once */
	double cost[40];
	for (int c = 0; c < 40; c++)
		cost[c] = 1;
	bf_sched_opts o = {2, 0, 4, 0};
	bf_sched *s = bf_sched_new(1, 40, cost, &o);
	bf_sched_job a, b, j;
	ck_assert_int_eq(bf_sched_next(s, 0, &a), 1);
	ck_assert_int_eq(bf_sched_next(s, 1, &b), 1);
	ck_assert_int_eq(bf_sched_drop(s, 0, &a), BF_SCHED_OPEN);
	bf_sched_retry(s, 1, &b);
	ck_assert_int_eq(bf_sched_next(s, 0, &j), -1);
	bf_sched_stats st;
	bf_sched_get_stats(s, &st);
	ck_assert_int_eq(st.over, 1);
	ck_assert_int_eq(st.failed, 1);
	bf_sched_free(s);
}
END_TEST

START_TEST(t_areas_bound_tasks_in_progress)
{
	double per[6] = {3, 3, 3, 3, 3, 3};
	double *cost = uniform(6, 20, per);
	bf_sched_opts o = {4, 2, 8, 0}; /* 4 workers, 2 tasks in progress at most */
	bf_sched *s = bf_sched_new(6, 20, cost, &o);
	bf_sched_job held[4];
	bool holding[4] = {false, false, false, false};
	int open[2] = {-1, -1}; /* the task holding each area */
	int over = 0;
	for (int round = 0; round < 100000 && over < 6; round++) {
		int w = round % 4;
		if (holding[w]) {
			holding[w] = false;
			if (bf_sched_done(s, w, &held[w], 1)) {
				open[held[w].area] = -1;
				over++;
			}
			continue;
		}
		if (bf_sched_next(s, w, &held[w]) != 1)
			continue;
		holding[w] = true;
		int a = held[w].area;
		ck_assert(a == 0 || a == 1);
		if (open[a] < 0)
			open[a] = held[w].task;
		ck_assert_int_eq(open[a], held[w].task);
	}
	ck_assert_int_eq(over, 6);
	bf_sched_job j;
	ck_assert_int_eq(bf_sched_next(s, 0, &j), -1);
	bf_sched_free(s);
	free(cost);
}
END_TEST

/* A deterministic skewed job: a few costly tasks with runaway candidates,
 * many cheap ones (a linear congruential generator, fixed seed). */
static double *skewed(int ntasks, int ncands)
{
	double *c = malloc(sizeof(double) * (size_t)ntasks * (size_t)ncands);
	unsigned long long x = 12345;
	for (int k = 0; k < ntasks * ncands; k++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		unsigned r = (unsigned)(x >> 33) % 1000;
		c[k] = r < 5 ? 0.2 : 0.0005 * (1 + r % 7);
	}
	/* one task ten times the others */
	for (int k = 0; k < ncands; k++)
		c[k] *= 10;
	return c;
}

START_TEST(t_virtual_clock_efficiency)
{
	int nt = 200, nc = 300;
	double *cost = skewed(nt, nc);
	double total = 0, task0 = 0;
	for (int k = 0; k < nt * nc; k++)
		total += cost[k];
	for (int k = 0; k < nc; k++)
		task0 += cost[k];
	int ws[] = {1, 16, 64};
	for (int i = 0; i < 3; i++) {
		bf_sched_opts o = {ws[i], 0, 0, 0};
		bf_sim_result r;
		ck_assert_int_eq(bf_sched_simulate(nt, nc, cost, NULL, &o, &no_stages, &r), 0);
		ck_assert_int_eq(r.st.over, nt);
		ck_assert(r.busy > total - 1e-6 && r.busy < total + 1e-6);
		ck_assert(r.wall >= total / ws[i] - 1e-9);
		ck_assert_msg(r.efficiency >= (ws[i] == 64 ? 0.90 : 0.95),
			      "%d workers: efficiency %.3f", ws[i], r.efficiency);
	}
	/* whole tasks only (a grain so coarse nothing is split) cannot beat
	 * the costliest task: the ranges are what scale */
	bf_sched_opts whole = {64, 0, 1.0 / 64, 0};
	bf_sim_result r;
	ck_assert_int_eq(bf_sched_simulate(nt, nc, cost, NULL, &whole, &no_stages, &r), 0);
	ck_assert_int_eq(r.st.split, 0);
	ck_assert(r.wall >= task0 - 1e-9);
	ck_assert(r.efficiency < 0.8);
	free(cost);
}
END_TEST

START_TEST(t_virtual_clock_plan_differs_from_truth)
{
	/* planned as uniform, task 3 really costs 100x: still every task ends
	 * and the wall is at least that task's cost over... one worker */
	double per[4] = {1, 1, 1, 1}, truth_per[4] = {1, 1, 1, 100};
	double *plan = uniform(4, 10, per), *truth = uniform(4, 10, truth_per);
	bf_sched_opts o = {2, 0, 1, 0};
	bf_sim_result r;
	ck_assert_int_eq(bf_sched_simulate(4, 10, plan, truth, &o, &(bf_sim_stages){0.5, 0}, &r), 0);
	ck_assert_int_eq(r.st.over, 4);
	ck_assert(r.busy > 1030 - 1e-6 && r.busy < 1030 + 1e-6 + 0.5 * 4);
	ck_assert(r.wall >= 1000);
	free(plan);
	free(truth);
}
END_TEST

START_TEST(t_virtual_clock_differ_stage)
{
	/* 1 validator, 1 differ, two tasks of four 1 s candidates, DIFF 3 s:
	 * A checked 0-4, judged 4-7; B checked 4-8, judged 8-11; A filed at
	 * 8 (after B's check), B at 11 */
	double per[2] = {1, 1};
	double *cost = uniform(2, 4, per);
	bf_sched_opts o = {1, 0, 0, 1};
	bf_sim_result r;
	ck_assert_int_eq(bf_sched_simulate(2, 4, cost, NULL, &o, &(bf_sim_stages){0, 3}, &r), 0);
	ck_assert_int_eq(r.st.over, 2);
	ck_assert_int_eq(r.differs, 1);
	ck_assert(near(r.wall, 11));
	ck_assert(near(r.busy, 8));
	ck_assert(near(r.differ_busy, 6));
	/* judging in no time: the validator never waits */
	ck_assert_int_eq(bf_sched_simulate(2, 4, cost, NULL, &o, &no_stages, &r), 0);
	ck_assert(near(r.wall, 8));
	ck_assert(near(r.efficiency, 1));
	free(cost);
}
END_TEST

START_TEST(t_validator_judges_what_no_differ_takes)
{
	/* 1 validator, 1 differ, two 1 s tasks, DIFF 3 s: the differ judges A
	 * 1-4; B, checked 1-2, would wait for it until 4, so the validator,
	 * with nothing else to do, judges B 2-5; both filed at 5 */
	double per[2] = {1, 1};
	double *cost = uniform(2, 1, per);
	bf_sched_opts o = {1, 0, 0, 1};
	bf_sim_result r;
	ck_assert_int_eq(bf_sched_simulate(2, 1, cost, NULL, &o, &(bf_sim_stages){0, 3}, &r), 0);
	ck_assert_int_eq(r.st.over, 2);
	ck_assert(near(r.wall, 5));
	ck_assert(near(r.busy, 5));
	ck_assert(near(r.differ_busy, 3));
	/* and straight from the scheduler: the DIFF job waits for no one */
	bf_sched *s = bf_sched_new(2, 1, cost, &o);
	bf_sched_job a, b, j;
	ck_assert_int_eq(bf_sched_next(s, 0, &a), 1);
	ck_assert_int_eq(a.kind, BF_SCHED_RANGE);
	ck_assert_int_eq(bf_sched_done(s, 0, &a, 1), BF_SCHED_OPEN);
	ck_assert_int_eq(bf_sched_next_diff(s, 1, &j), 1); /* the differ takes A's */
	ck_assert_int_eq(j.kind, BF_SCHED_DIFF);
	ck_assert_int_eq(j.task, a.task);
	ck_assert_int_eq(bf_sched_next(s, 0, &b), 1);
	ck_assert_int_ne(b.task, a.task);
	ck_assert_int_eq(bf_sched_done(s, 0, &b, 1), BF_SCHED_OPEN);
	bf_sched_job d;
	ck_assert_int_eq(bf_sched_next(s, 0, &d), 1); /* the validator takes B's */
	ck_assert_int_eq(d.kind, BF_SCHED_DIFF);
	ck_assert_int_eq(d.task, b.task);
	ck_assert_int_eq(bf_sched_done(s, 0, &d, 3), BF_SCHED_OPEN);
	bf_sched_job f;
	ck_assert_int_eq(bf_sched_next(s, 0, &f), 1); /* B is filed first */
	ck_assert_int_eq(f.kind, BF_SCHED_FILE);
	ck_assert_int_eq(f.task, b.task);
	ck_assert_int_eq(bf_sched_done(s, 0, &f, 0), BF_SCHED_FILED);
	ck_assert_int_eq(bf_sched_next(s, 0, &f), 0); /* A waits for the differ */
	ck_assert_int_eq(bf_sched_done(s, 1, &j, 3), BF_SCHED_OPEN);
	ck_assert_int_eq(bf_sched_next(s, 0, &f), 1);
	ck_assert_int_eq(f.kind, BF_SCHED_FILE);
	ck_assert_int_eq(f.task, a.task);
	ck_assert_int_eq(bf_sched_done(s, 0, &f, 0), BF_SCHED_FILED);
	ck_assert_int_eq(bf_sched_next(s, 0, &f), -1);
	bf_sched_free(s);
	free(cost);
}
END_TEST

START_TEST(t_stopped_dispatch_files_only_tasks_in_hand)
{
	/* two tasks cut into two ranges each, two workers: both hold task 0's
	 * ranges when the dispatch stops; its filing still goes out, task 1's
	 * ranges never do */
	double per[2] = {1, 1};
	double *cost = uniform(2, 4, per);
	bf_sched_opts o = {2, 0, 2, 0};
	bf_sched *s = bf_sched_new(2, 4, cost, &o);
	bf_sched_job a, b, f;
	ck_assert_int_eq(bf_sched_next(s, 0, &a), 1);
	ck_assert_int_eq(bf_sched_next(s, 1, &b), 1);
	ck_assert_int_eq(a.kind, BF_SCHED_RANGE);
	ck_assert_int_eq(b.task, a.task);
	ck_assert_int_eq(bf_sched_done(s, 0, &a, 1), BF_SCHED_OPEN);
	ck_assert_int_eq(bf_sched_next_stage(s, 0, &f), 0); /* no new range */
	ck_assert_int_eq(bf_sched_done(s, 1, &b, 1), BF_SCHED_OPEN);
	ck_assert_int_eq(bf_sched_next_stage(s, 1, &f), 1);
	ck_assert_int_eq(f.kind, BF_SCHED_FILE);
	ck_assert_int_eq(f.task, a.task);
	ck_assert_int_eq(bf_sched_done(s, 1, &f, 0), BF_SCHED_FILED);
	ck_assert_int_eq(bf_sched_next_stage(s, 0, &f), 0);
	ck_assert_int_eq(bf_sched_next_stage(s, 1, &f), 0);
	bf_sched_free(s);
	free(cost);
}
END_TEST

/* ---- the costs file ---- */

static char *write_tmp(const char *text)
{
	static char path[64];
	snprintf(path, sizeof(path), "/tmp/test_sched.XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

#define MD5A "0123456789abcdef0123456789abcdef"
#define MD5B "fedcba9876543210fedcba9876543210"

START_TEST(t_costs_read)
{
	char *p = write_tmp(BF_COSTS_HEADER "t2\t" MD5A "\t10\t0.5\n"
					   "t2\t" MD5B "\t20\t1.5\n"
					   "\n"
					   "t1 " MD5B " 7 0.25\n");
	bf_costs c;
	char err[256];
	ck_assert_int_eq(bf_costs_read(&c, p, err, sizeof(err)), 0);
	ck_assert_int_eq(c.ntasks, 2);
	ck_assert_int_eq(c.ncands, 2);
	ck_assert_int_eq(c.npairs, 3);
	ck_assert_str_eq(c.tasks[0], "t2");
	ck_assert_str_eq(c.cands[1], MD5B);
	ck_assert(c.seconds[1] == 1.5);
	ck_assert_uint_eq(c.units[1 * 2 + 1], 7);
	ck_assert(c.seconds[1 * 2 + 0] == 0); /* not named: costs nothing */
	bf_costs_release(&c);
	unlink(p);
	/* what the writer writes, the reader reads */
	FILE *f = fopen(p, "w");
	fputs(BF_COSTS_HEADER, f);
	bf_costs_write_line(f, "abc", MD5A, 123, 0.000073449);
	fclose(f);
	ck_assert_int_eq(bf_costs_read(&c, p, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.units[0], 123);
	ck_assert(c.seconds[0] > 0.0000734 && c.seconds[0] < 0.0000735);
	bf_costs_release(&c);
	unlink(p);
}
END_TEST

static void expect_error(const char *text, const char *want)
{
	char *p = write_tmp(text);
	bf_costs c;
	char err[256], full[512];
	ck_assert_int_eq(bf_costs_read(&c, p, err, sizeof(err)), -1);
	snprintf(full, sizeof(full), "%s:%s", p, want);
	ck_assert_str_eq(err, full);
	unlink(p);
}

START_TEST(t_costs_bad_lines)
{
	expect_error("t1\t" MD5A "\t10\n",
		     "1: expected 4 fields (task id, candidate md5, work units, seconds), found 3");
	expect_error("# c\nt1\t" MD5A "\t10\t1\tx\n",
		     "2: expected 4 fields (task id, candidate md5, work units, seconds), found 5");
	expect_error("t1\tnotanmd5\t10\t1\n",
		     "1: 'notanmd5' is not a candidate md5 (32 lowercase hex digits)");
	expect_error("t1\t0123456789ABCDEF0123456789abcdef\t10\t1\n",
		     "1: '0123456789ABCDEF0123456789abcdef' is not a candidate md5 (32 lowercase "
		     "hex digits)");
	expect_error("t1\t" MD5A "\t-3\t1\n", "1: work units '-3' are not a non-negative integer");
	expect_error("t1\t" MD5A "\t1e3\t1\n", "1: work units '1e3' are not a non-negative integer");
	expect_error("t1\t" MD5A "\t3\tfast\n", "1: seconds 'fast' are not a non-negative number");
	expect_error("t1\t" MD5A "\t3\t-1\n", "1: seconds '-1' are not a non-negative number");
	expect_error("t1\t" MD5A "\t3\tnan\n", "1: seconds 'nan' are not a non-negative number");
	expect_error("t1\t" MD5A "\t3\t1\nt2\t" MD5A "\t3\t1\nt1\t" MD5A "\t4\t2\n",
		     "3: task t1 candidate " MD5A " appears again (first on line 1)");
	expect_error("# only a comment\n\n",
		     " no costs in it (a costs file has one line per task and candidate)");
	bf_costs c;
	char err[256];
	ck_assert_int_eq(bf_costs_read(&c, "/nonexistent/costs.tsv", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "/nonexistent/costs.tsv: cannot open: No such file or directory");
}
END_TEST

START_TEST(t_costs_for_job)
{
	/* recorded: t1 x {A: 1, B: 3}, t2 x {A: 5}; the job: tasks t2, t1, t9
	 * and candidates B, A, C */
	char *p = write_tmp("t1\t" MD5A "\t1\t1\nt1\t" MD5B "\t1\t3\nt2\t" MD5A "\t1\t5\n");
	bf_costs c;
	char err[256];
	ck_assert_int_eq(bf_costs_read(&c, p, err, sizeof(err)), 0);
	unlink(p);
	bf_task tasks[3];
	memset(tasks, 0, sizeof(tasks));
	tasks[0].id = "t2";
	tasks[1].id = "t1";
	tasks[2].id = "t9";
	bf_candidate cands[3];
	memset(cands, 0, sizeof(cands));
	strcpy(cands[0].md5, MD5B);
	strcpy(cands[1].md5, MD5A);
	strcpy(cands[2].md5, "22222222222222222222222222222222");
	bf_job job;
	memset(&job, 0, sizeof(job));
	job.tasks.tasks = tasks;
	job.tasks.n = 3;
	job.cands = cands;
	job.ncands = 3;
	double *cost = bf_costs_for_job(&c, &job);
	/* t2: B not recorded there (the file's matrix has it as 0: a pair the
	 * file does not name costs 0), A 5, C unknown: t2's mean */
	double want[9] = {0, 5, 2.5, 3, 1, 2, 3, 3, 3};
	for (int k = 0; k < 9; k++)
		ck_assert_msg(cost[k] == want[k], "cost[%d] = %g, not %g", k, cost[k], want[k]);
	free(cost);
	bf_costs_release(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_costliest_first);
	tcase_add_test(tc, t_range_sizing);
	tcase_add_test(tc, t_costly_candidate_alone);
	tcase_add_test(tc, t_filed_once_when_ranges_are_in);
	tcase_add_test(tc, t_retry_and_drop);
	tcase_add_test(tc, t_retry_of_a_lost_task);
	tcase_add_test(tc, t_areas_bound_tasks_in_progress);
	tcase_add_test(tc, t_virtual_clock_efficiency);
	tcase_add_test(tc, t_virtual_clock_plan_differs_from_truth);
	tcase_add_test(tc, t_virtual_clock_differ_stage);
	tcase_add_test(tc, t_validator_judges_what_no_differ_takes);
	tcase_add_test(tc, t_stopped_dispatch_files_only_tasks_in_hand);
	tcase_add_test(tc, t_costs_read);
	tcase_add_test(tc, t_costs_bad_lines);
	tcase_add_test(tc, t_costs_for_job);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

/*
 * cmd_simulate.c -- `battfarm simulate`: how a job whose costs a run
 * recorded (`run --costs FILE`) would scale on more workers.
 *
 *   simulate --costs FILE -j N [-j N ...] [--grain G] [--file-cost SEC]
 *            [--differ-workers M [--diff-cost SEC]]
 *            [--plan seconds|units|estimate [--data DIR]]
 *
 * Runs the farm's own scheduler (src/farm/sched.c) on a virtual clock,
 * once per worker count, and prints `workers N: wall S s, efficiency P%`
 * (with differ workers, also how busy they were).
 * Jobs last their recorded seconds.  They are planned from the seconds too
 * (what `run --costs-from FILE` does), from the work units, or -- with
 * --plan estimate and the tasks in --data -- from the estimate a run
 * without --costs-from plans with.  Bad options or inputs exit with 2.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "costs.h"
#include "sched.h"
#include "battfarm/util.h"

#define SIM_MAX_WORKERS 65536

enum { PLAN_SECONDS, PLAN_UNITS, PLAN_ESTIMATE };

typedef struct sim_args {
	const char *path, *data;
	int *workers; /* argc entries */
	int nworkers, plan;
	int differs;
	double grain, file_cost, diff_cost;
} sim_args;

static void usage_simulate(FILE *f)
{
	fputs("usage: battfarm simulate --costs FILE -j N [-j N ...] [--grain G] "
	      "[--file-cost SEC]\n"
	      "                         [--differ-workers M [--diff-cost SEC]]\n"
	      "                         [--plan seconds|units|estimate [--data DIR]]\n"
	      "  replays the scheduler on a virtual clock with the costs `run --costs FILE`\n"
	      "  recorded; prints per worker count: workers N: wall S s, efficiency P%\n"
	      "  --plan: plan the jobs from the recorded seconds (as run --costs-from does;\n"
	      "  the default), the work units, or the estimate of a run without\n"
	      "  --costs-from (needs the tasks: --data DIR); --grain G: jobs per worker\n"
	      "  (default 8); --file-cost SEC: the time filing a task takes (default 0);\n"
	      "  --differ-workers M: M differ workers beside each -j N validators, every\n"
	      "  task judged by one for --diff-cost SEC (default 0) before it is filed\n",
	      f);
}

/* A worker count of option opt, min to SIM_MAX_WORKERS, into *out. */
static int parse_count(const char *opt, const char *arg, int min, int *out)
{
	unsigned long long n = bf_opt_ull(opt, arg);
	if (n < (unsigned long long)min || n > SIM_MAX_WORKERS) {
		fprintf(stderr, "battfarm: %s takes %d to %d, not '%s'\n", opt, min, SIM_MAX_WORKERS,
			arg);
		return -1;
	}
	*out = (int)n;
	return 0;
}

static int parse_plan(sim_args *a, const char *arg)
{
	static const char *names[] = {"seconds", "units", "estimate"};
	for (int i = 0; i < 3; i++)
		if (strcmp(arg, names[i]) == 0) {
			a->plan = i;
			return 0;
		}
	fprintf(stderr, "battfarm: --plan takes 'seconds', 'units' or 'estimate', not '%s'\n",
		arg);
	return -1;
}

/* 0 to run, 1 when --help was answered, -1 after a usage error. */
static int parse(sim_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{"costs", required_argument, NULL, 'c'},   {"workers", required_argument, NULL, 'j'},
		{"grain", required_argument, NULL, 'g'},   {"file-cost", required_argument, NULL, 'f'},
		{"plan", required_argument, NULL, 'p'},    {"data", required_argument, NULL, 'd'},
		{"differ-workers", required_argument, NULL, 'm'},
		{"diff-cost", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	int c, r = 0;
	optind = 1;
	while (r == 0 && (c = getopt_long(argc, argv, "j:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': a->path = optarg; break;
		case 'j':
			r = parse_count("-j", optarg, 1, &a->workers[a->nworkers]);
			a->nworkers += r == 0;
			break;
		case 'g':
			a->grain = bf_opt_double("--grain", optarg);
			if (a->grain <= 0) {
				fputs("battfarm: --grain must be above 0\n", stderr);
				r = -1;
			}
			break;
		case 'f': a->file_cost = bf_opt_double("--file-cost", optarg); break;
		case 'm': r = parse_count("--differ-workers", optarg, 0, &a->differs); break;
		case 'D': a->diff_cost = bf_opt_double("--diff-cost", optarg); break;
		case 'p': r = parse_plan(a, optarg); break;
		case 'd': a->data = optarg; break;
		case 'h': usage_simulate(stdout); return 1;
		default: usage_simulate(stderr); return -1;
		}
	}
	if (r < 0)
		return -1;
	if (optind < argc) {
		fprintf(stderr, "battfarm simulate: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	const char *bad = !a->path || !a->nworkers ? "needs --costs FILE and at least one -j N"
			  : (a->plan == PLAN_ESTIMATE) != (a->data != NULL)
				  ? "--plan estimate and --data DIR go together"
				  : NULL;
	if (bad) {
		fprintf(stderr, "battfarm simulate: %s\n", bad);
		usage_simulate(stderr);
		return -1;
	}
	return 0;
}

/* The estimate a run would plan with, from the tasks in dir; NULL when a
 * recorded task is not there (said why). */
static double *estimate_plan(const bf_costs *c, const char *dir)
{
	bf_taskset ts;
	bf_taskset_init(&ts);
	double *plan = NULL;
	if (bf_taskset_load(&ts, dir) < 0) {
		fprintf(stderr, "battfarm: --data %s: cannot read it\n", dir);
		goto done;
	}
	plan = bf_xmalloc(sizeof(double) * (size_t)c->ntasks * (size_t)c->ncands);
	for (int t = 0; t < c->ntasks; t++) {
		const bf_task *task = bf_taskset_find(&ts, c->tasks[t]);
		if (!task) {
			fprintf(stderr, "battfarm: task %s of the costs is not in %s\n", c->tasks[t],
				dir);
			free(plan);
			plan = NULL;
			goto done;
		}
		double e = bf_costs_estimate(task);
		for (int k = 0; k < c->ncands; k++)
			plan[(size_t)t * (size_t)c->ncands + (size_t)k] = e;
	}
done:
	bf_taskset_release(&ts);
	return plan;
}

/* The costs the jobs are planned from (c->seconds itself, or a copy to
 * free); NULL after an error was printed. */
static double *make_plan(const sim_args *a, const bf_costs *c)
{
	if (a->plan == PLAN_ESTIMATE)
		return estimate_plan(c, a->data);
	if (a->plan == PLAN_SECONDS)
		return c->seconds;
	size_t cells = (size_t)c->ntasks * (size_t)c->ncands;
	double *plan = bf_xmalloc(sizeof(double) * (cells ? cells : 1));
	for (size_t k = 0; k < cells; k++)
		plan[k] = (double)c->units[k];
	return plan;
}

/* The job at a glance: what bounds the wall time from below. */
static void print_summary(const char *path, const bf_costs *c)
{
	double total = 0, task_max = 0, cand_max = 0;
	for (int t = 0; t < c->ntasks; t++) {
		double tc = 0;
		for (int k = 0; k < c->ncands; k++) {
			double s = c->seconds[(size_t)t * (size_t)c->ncands + (size_t)k];
			tc += s;
			cand_max = s > cand_max ? s : cand_max;
		}
		total += tc;
		task_max = tc > task_max ? tc : task_max;
	}
	printf("%s: %d tasks x %d candidates (%d pairs), %.4g s of work; costliest task %.4g s, "
	       "costliest candidate %.4g s\n",
	       path, c->ntasks, c->ncands, c->npairs, total, task_max, cand_max);
}

static int simulate(const sim_args *a, const bf_costs *c, const double *plan)
{
	for (int i = 0; i < a->nworkers; i++) {
		bf_sched_opts o = {a->workers[i], 0, a->grain, a->differs};
		bf_sim_stages stages = {a->file_cost, a->diff_cost};
		bf_sim_result r;
		if (bf_sched_simulate(c->ntasks, c->ncands, plan, c->seconds, &o, &stages, &r) < 0) {
			fprintf(stderr, "battfarm: the scheduler stalled with %d workers\n",
				a->workers[i]);
			return 1;
		}
		printf("workers %d: wall %.4g s, efficiency %.1f%% (%d jobs, %d tasks split, "
		       "longest job %.4g s)\n",
		       r.workers, r.wall, 100 * r.efficiency, r.st.jobs, r.st.split, r.longest);
		if (r.differs)
			printf("  differ workers %d: busy %.1f%%\n", r.differs,
			       r.wall > 0 ? 100 * r.differ_busy / (r.differs * r.wall) : 0.0);
	}
	return 0;
}

int bf_cmd_simulate(int argc, char **argv)
{
	sim_args a;
	memset(&a, 0, sizeof(a));
	a.workers = bf_xmalloc(sizeof(int) * (size_t)(argc + 1));
	int r = parse(&a, argc, argv), rc = r < 0 ? 2 : 0;
	bf_costs costs;
	char err[1024];
	if (r == 0 && bf_costs_read(&costs, a.path, err, sizeof(err)) < 0) {
		fprintf(stderr, "battfarm: %s\n", err);
		rc = 2;
	} else if (r == 0) {
		double *plan = make_plan(&a, &costs);
		if (plan) {
			print_summary(a.path, &costs);
			rc = simulate(&a, &costs, plan);
		} else {
			rc = 2;
		}
		if (plan != costs.seconds)
			free(plan);
		bf_costs_release(&costs);
	}
	free(a.workers);
	return rc;
}

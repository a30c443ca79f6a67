/*
 * cmd_simulate.c -- `battfarm simulate`: how a job whose costs a run
 * recorded (`run --costs FILE`) would scale on more workers.
 *
 *   simulate --costs FILE -j N [-j N ...] [--grain G] [--file-cost SEC]
 *            [--plan seconds|units]
 *
 * Runs the farm's own scheduler (src/farm/sched.c) on a virtual clock,
 * once per worker count, and prints `workers N: wall S s, efficiency P%`.
 * Jobs last their recorded seconds; they are planned from the seconds too
 * (what a run planned from this costs file would do) or, with --plan
 * units, from the work units (a plan that knows less).
 * Efficiency is the work over (workers x wall): 100% when no worker is
 * ever idle.  Bad options or a bad costs file exit with 2.
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

static void usage_simulate(FILE *f)
{
	fputs("usage: battfarm simulate --costs FILE -j N [-j N ...] [--grain G] "
	      "[--file-cost SEC]\n"
	      "                         [--plan seconds|units]\n"
	      "  replays the scheduler on a virtual clock with the costs `run --costs FILE`\n"
	      "  recorded; prints per worker count: workers N: wall S s, efficiency P%\n",
	      f);
}

/* The whole job at a glance: what bounds the wall time from below. */
static void print_summary(const char *path, const bf_costs *c)
{
	double total = 0, task_max = 0, cand_max = 0;
	for (int t = 0; t < c->ntasks; t++) {
		double tc = 0;
		for (int k = 0; k < c->ncands; k++) {
			double s = c->seconds[(size_t)t * (size_t)c->ncands + (size_t)k];
			tc += s;
			if (s > cand_max)
				cand_max = s;
		}
		total += tc;
		if (tc > task_max)
			task_max = tc;
	}
	printf("%s: %d tasks x %d candidates (%d pairs), %.4g s of work; costliest task %.4g s, "
	       "costliest candidate %.4g s\n",
	       path, c->ntasks, c->ncands, c->npairs, total, task_max, cand_max);
}

int bf_cmd_simulate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"costs", required_argument, NULL, 'c'},
		{"workers", required_argument, NULL, 'j'},
		{"grain", required_argument, NULL, 'g'},
		{"file-cost", required_argument, NULL, 'f'},
		{"plan", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *path = NULL;
	int *workers = bf_xmalloc(sizeof(int) * (size_t)(argc + 1));
	int nworkers = 0, c, rc = 2;
	double grain = 0, file_cost = 0;
	bool plan_units = false;
	optind = 1;
	while ((c = getopt_long(argc, argv, "j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': path = optarg; break;
		case 'j': {
			unsigned long long n = bf_opt_ull("-j", optarg);
			if (n < 1 || n > SIM_MAX_WORKERS) {
				fprintf(stderr, "battfarm: -j takes 1 to %d, not '%s'\n",
					SIM_MAX_WORKERS, optarg);
				goto out;
			}
			workers[nworkers++] = (int)n;
			break;
		}
		case 'g':
			grain = bf_opt_double("--grain", optarg);
			if (grain <= 0) {
				fputs("battfarm: --grain must be above 0\n", stderr);
				goto out;
			}
			break;
		case 'f': file_cost = bf_opt_double("--file-cost", optarg); break;
		case 'p':
			if (strcmp(optarg, "units") == 0)
				plan_units = true;
			else if (strcmp(optarg, "seconds") != 0) {
				fprintf(stderr, "battfarm: --plan takes 'seconds' or 'units', not '%s'\n",
					optarg);
				goto out;
			}
			break;
		case 'h': usage_simulate(stdout); rc = 0; goto out;
		default: usage_simulate(stderr); goto out;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "battfarm simulate: unexpected argument '%s'\n", argv[optind]);
		goto out;
	}
	if (!path || nworkers == 0) {
		fputs("battfarm simulate: needs --costs FILE and at least one -j N\n", stderr);
		usage_simulate(stderr);
		goto out;
	}
	bf_costs costs;
	char err[1024];
	if (bf_costs_read(&costs, path, err, sizeof(err)) < 0) {
		fprintf(stderr, "battfarm: %s\n", err);
		goto out;
	}
	print_summary(path, &costs);
	size_t cells = (size_t)costs.ntasks * (size_t)costs.ncands;
	double *plan = costs.seconds;
	if (plan_units) {
		plan = bf_xmalloc(sizeof(double) * cells);
		for (size_t k = 0; k < cells; k++)
			plan[k] = (double)costs.units[k];
	}
	rc = 0;
	for (int i = 0; i < nworkers && rc == 0; i++) {
		bf_sched_opts o = {workers[i], 0, grain};
		bf_sim_result r;
		if (bf_sched_simulate(costs.ntasks, costs.ncands, plan, costs.seconds, &o,
				      file_cost, &r) < 0) {
			fprintf(stderr, "battfarm: the scheduler stalled with %d workers\n",
				workers[i]);
			rc = 1;
			break;
		}
		printf("workers %d: wall %.4g s, efficiency %.1f%% (%d jobs, %d tasks split, "
		       "longest job %.4g s)\n",
		       r.workers, r.wall, 100 * r.efficiency, r.st.jobs, r.st.split, r.longest);
	}
	if (plan != costs.seconds)
		free(plan);
	bf_costs_release(&costs);
out:
	free(workers);
	return rc;
}

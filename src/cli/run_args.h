/*
 * run_args.h -- what `battfarm run` was asked for, parsed from its options
 * (run_args.c holds the option table: one row and one small function per
 * option).
 */
#ifndef BATTFARM_RUN_ARGS_H
#define BATTFARM_RUN_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "costs.h"
#include "battfarm/farm.h"
#include "battfarm/pipeline.h"
#include "battfarm/shard.h"

typedef struct run_args {
	bf_job_opts jo;
	bf_farm_opts fo;
	const char *data, *json_path, *costs_path, *predict_path, *trace_path, *html_path;
	bf_costs prior; /* --costs-from, read when parsed (fo.prior points here) */
	const char **solvers, **differs, **ids; /* argc + 1 entries each */
	int nsolvers, ndiffers, nids;
	int start, count; /* -s, -c (count < 0: all) */
	bool no_differs, timing, serial;
	bool validators_set; /* -j given (it conflicts with --serial) */
	bool differs_set;    /* --differ-workers given (so does it) */
	double progress_every; /* --progress-every: seconds between plain lines */
	bf_shard shard;           /* --shard K/N (n == 0: none) */
	bool fresh;              /* --fresh: ignore the journal */
	double wait_lock;        /* --wait-lock [SEC]: 0 refuse a busy store */
	char ex[3][1024]; /* the bundled examples' paths, when they stand in */
} run_args;

/* Parse argv into a (allocating its lists: run_args_free).  0 to run,
 * 1 when --help was answered, -1 after a usage error was printed. */
int run_args_parse(run_args *a, int argc, char **argv);
void run_args_free(run_args *a);
/* The options as the run used them (defaults filled in), for the report. */
json_t *run_args_json(const run_args *a);

#endif

/*
 * prof.h -- the profiling report over the timing slots (metrics.h).
 *
 * Metrics are either top-level (disjoint pieces of the run, which together
 * with the supervisor's own bookkeeping should add up to the wall time) or
 * parts nested inside a top-level one (phase 4's build/inline/process); the
 * unaccounted line is wall time minus the top-level sum.
 */
#ifndef BATTFARM_PROF_H
#define BATTFARM_PROF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "battfarm/metrics.h"
#include "battfarm/util.h"

/* The supervisor's own view: wall time of each phase of the run. */
typedef enum bf_phase {
	BF_P_LOAD,
	BF_P_PREPARE, /* phases 1 and 2 */
	BF_P_TASKS,   /* check, validate, store, differs */
	BF_P_COUNT
} bf_phase;

typedef struct bf_prof_run {
	int64_t start_ns, end_ns;
	int64_t phase_ns[BF_P_COUNT];
} bf_prof_run;

const char *bf_metric_name(bf_metric m);
/* Whether m is top-level (counts toward the accounted wall time). */
bool bf_metric_top_level(bf_metric m);
const char *bf_role_name(bf_role r);
const char *bf_phase_name(bf_phase p);

/* A pool's (a role's processes') share of the run: how many processes it
 * had (a replaced worker counts apart), their jobs, the seconds they spent
 * in top-level metrics (busy), and the rest of the tasks phase's wall time
 * times the processes (idle), so a user sees which pool to grow. */
typedef struct bf_pool {
	int processes;
	uint64_t jobs;
	double busy, idle;
} bf_pool;
void bf_prof_pool(const bf_prof_run *run, const bf_prof_slot *slots, int nslots, bf_role r,
		  bf_pool *out);

/* Seconds of wall time not covered by the top-level metrics of slots. */
double bf_prof_unaccounted(const bf_prof_run *run, const bf_prof_slot *slots, int nslots);

/* The report: metric totals, the per-worker table, wall time per phase and
 * the unaccounted line (text), or the same as a JSON object. */
void bf_prof_print(FILE *f, const bf_prof_run *run, const bf_prof_slot *slots, int nslots);
json_t *bf_prof_json(const bf_prof_run *run, const bf_prof_slot *slots, int nslots);

#endif

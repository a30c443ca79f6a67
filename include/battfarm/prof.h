/*
 * prof.h -- timing slots and the profiling report.
 *
 * Every piece of pipeline work is timed under one of the design's metric
 * names (nanoseconds and a call count) into a slot.  A slot belongs to one
 * process and only that process writes it; the report merges all slots.
 * The serial run has one slot; the farm puts one per worker in shared
 * memory, so the layout is plain data (no pointers).
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
#include <time.h>

#include <jansson.h>

typedef enum bf_metric {
	BF_M_LOAD,               /* battfarm.load */
	BF_M_PHASE1_FILTER,      /* run_batt.phase1_filter */
	BF_M_PHASE2_INLINE,      /* run_batt.phase2_inline_batch */
	BF_M_CHECK_BATT,         /* run_batt.check_batt */
	BF_M_DIFFER_EVAL,        /* battfarm.differ_eval */
	BF_M_PHASE3A_VALIDATE,   /* run_batt.phase3a_validate */
	BF_M_PHASE3B_ENSURE_DIR, /* run_batt.phase3b_ensure_dir */
	BF_M_PHASE3B_CHECK_SAVE, /* run_batt.phase3b_check_save */
	BF_M_PHASE3B_SYMLINK,    /* run_batt.phase3b_symlink */
	BF_M_PHASE3B_SCORE_CALC, /* run_batt.phase3b_score_calc */
	BF_M_GENERATE_EXPANDED,  /* run_batt.generate_expanded */
	BF_M_PHASE3B_OVERHEAD,   /* run_batt.phase3b_overhead */
	BF_M_PHASE4_DIFFERS,     /* run_batt.phase4_differs */
	BF_M_PHASE4_BUILD,       /* run_batt.phase4_build (inside phase4_differs) */
	BF_M_PHASE4_INLINE,      /* run_batt.phase4_inline (inside phase4_differs) */
	BF_M_PHASE4_PROCESS,     /* run_batt.phase4_process (inside phase4_differs) */
	BF_M_COUNT
} bf_metric;

typedef enum bf_role {
	BF_ROLE_SUPERVISOR, /* also the serial run's only process */
	BF_ROLE_VALIDATOR,
	BF_ROLE_DIFFER,
} bf_role;

typedef struct bf_prof_slot {
	int32_t pid;      /* 0: slot unused */
	int32_t role;     /* bf_role */
	uint64_t jobs;
	uint64_t candidates;
	int64_t ns[BF_M_COUNT];
	uint64_t calls[BF_M_COUNT];
} bf_prof_slot;

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

static inline int64_t bf_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* CPU time of the calling thread: what a piece of work cost, whatever the
 * load of the machine (--costs records it). */
static inline int64_t bf_thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline void bf_prof_add(bf_prof_slot *s, bf_metric m, int64_t ns)
{
	s->ns[m] += ns;
	s->calls[m]++;
}

const char *bf_metric_name(bf_metric m);
/* Whether m is top-level (counts toward the accounted wall time). */
bool bf_metric_top_level(bf_metric m);
const char *bf_role_name(bf_role r);
const char *bf_phase_name(bf_phase p);

/* Seconds of wall time not covered by the top-level metrics of slots. */
double bf_prof_unaccounted(const bf_prof_run *run, const bf_prof_slot *slots, int nslots);

/* The report: metric totals, the per-worker table, wall time per phase and
 * the unaccounted line (text), or the same as a JSON object. */
void bf_prof_print(FILE *f, const bf_prof_run *run, const bf_prof_slot *slots, int nslots);
json_t *bf_prof_json(const bf_prof_run *run, const bf_prof_slot *slots, int nslots);

#endif

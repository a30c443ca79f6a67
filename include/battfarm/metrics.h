/*
 * metrics.h -- the metric names' enum and the timing slot they are added to.
 *
 * Every piece of pipeline work is timed under one of the design's metric
 * names (nanoseconds and a call count) into a slot.  A slot belongs to one
 * process and only that process writes it; the report (prof.h) merges all
 * slots.  The serial run has one slot; the farm puts one per worker in
 * shared memory, so the layout is plain data (no pointers).  Plain data and
 * no code of the pipeline's, so the store can time its own steps (phase 3b's
 * metrics) into the slot it is given without depending on the profiler.
 */
#ifndef BATTFARM_METRICS_H
#define BATTFARM_METRICS_H

#include <stdint.h>

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
	/* a worker's memory, seen at the end of each job (workers/worker.c):
	 * its peak resident size (the kernel's high-water mark), the most it
	 * held at a job's end, and the most it held at the end of a job whose
	 * evaluation arena was down to what it always keeps -- what it holds
	 * outside the samples that need more (kB, 0: not seen) */
	uint64_t rss_peak_kb, rss_job_end_kb, rss_small_kb;
} bf_prof_slot;

static inline void bf_prof_add(bf_prof_slot *s, bf_metric m, int64_t ns)
{
	s->ns[m] += ns;
	s->calls[m]++;
}

#endif

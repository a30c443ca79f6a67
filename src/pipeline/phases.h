/*
 * phases.h -- the pieces of one task's run, shared by the pipeline's files:
 * check and differ evaluation (task_eval.c), 3a validate, 3b store and
 * 4 differs (one file each), put together by bf_task_file (pipeline.c).
 */
#ifndef BATTFARM_PHASES_H
#define BATTFARM_PHASES_H

#include "battfarm/outputs.h"
#include "battfarm/pipeline.h"

/* The samples of a task, demo then test (caller frees the array). */
const bf_sample **bf_task_samples(const bf_task *task, int *ns);

/* A differ's verdict: the int first item of its tuple (or the int itself),
 * clamped to 0-1000; anything else counts 0. */
int64_t bf_differ_value(bf_status st, bf_val v);

/* Candidate c's result from its records in outs (the first ns of them),
 * by the rule bf_task_eval scores with; its eval_cpu_ns is kept. */
void bf_cand_resolve(const bf_job *job, const bf_task_outs *outs, int c, int ns,
		     bf_cand_result *r);

/* Phase 4 alone, counted as a job of its own (the differ worker's). */
int bf_task_file_differs(const bf_job *job, int t, const bf_cand_result *res,
			 const int64_t *sscore, bf_runner *rn);

/* 3a: scores, t_log, ranking and the check_save pre-check against the
 * solver directory td.  Fills order[] with the candidates worth filing,
 * best first; returns how many. */
int bf_phase3a_validate(const bf_job *job, const bf_cand_result *res, const bf_store *st,
			const bf_taskdir *td, int *order, bf_prof_slot *slot);

/* 3b: file order[0..n) into td.  -1 on a store error. */
int bf_phase3b_store(const bf_job *job, const bf_cand_result *res, const int *order, int n,
		     bf_taskdir *td, bf_runner *rn);

/* 4: each differ, filed at its best s_score over task t's near misses.
 * -1 on a store error. */
int bf_phase4_differs(const bf_job *job, int t, const bf_cand_result *res,
		      const int64_t *sscore, bf_runner *rn);

#endif

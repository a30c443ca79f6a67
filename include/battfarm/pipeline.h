/*
 * pipeline.h -- the job of `battfarm run`: candidates against tasks, scored,
 * the best filed into the store (DESIGN.md, "The pipeline").
 *
 * Preparation (load, phase 1 filter, phase 2 inline) happens once; then each
 * task goes through check, differ evaluation, 3a validate, 3b store and
 * phase 4 differs.  The per-task work is a function of the prepared job and
 * one task index, so the farm can hand tasks to workers unchanged.
 */
#ifndef BATTFARM_PIPELINE_H
#define BATTFARM_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "battfarm/evaluator.h"
#include "battfarm/inline.h"
#include "battfarm/prof.h"
#include "battfarm/program.h"
#include "battfarm/store.h"
#include "battfarm/task.h"

struct bf_task_outs;

/* The fixed nominal cost of one work unit, for t_log: a deterministic
 * stand-in for measured seconds (roughly CPython's speed on the same work,
 * so t_log values resemble the Python system's). */
#define BF_SECONDS_PER_UNIT 1e-6

typedef struct bf_job_opts {
	const char *out;
	int max_files;
	int64_t min_score;
	bf_limits lim;
	bool t_log_wall; /* --t-log-from wall */
} bf_job_opts;

/* A program that survived phases 1 and 2. */
typedef struct bf_candidate {
	const bf_program *prog;
	char md5[33]; /* of the inlined text */
} bf_candidate;

/* The prepared job: filled by bf_job_prepare and bf_job_select, read-only
 * from then on (workers inherit it copy-on-write and never write it). */
typedef struct bf_job {
	bf_job_opts opts;
	bf_taskset tasks;
	bf_library solvers, differs;
	bf_candidate *cands, *diffs;
	int ncands, ndiffs;
	/* what phases 1 and 2 dropped */
	int dup_bodies, dup_inlined, too_big;
} bf_job;

/* What the phases of tasks counted.  The phases fill it; a worker sends
 * it as its DONE frame's payload; the supervisor sums it (bf_stats_add). */
typedef struct bf_stats {
	uint64_t tasks;          /* tasks whose filing ran (phases 3a-4) */
	uint64_t candidates;     /* checks of one candidate on one task */
	uint64_t samples;        /* samples run */
	uint64_t errors;         /* samples that raised, and tasks given up */
	uint64_t timeouts;       /* samples cut by the budget or the backstop */
	uint64_t backstop_cuts;  /* of the timeouts, those the wall-clock backstop cut */
	uint64_t exact_tasks;    /* tasks solved exactly by some candidate */
	uint64_t filed;          /* solvers filed */
	uint64_t differs_filed;  /* differs filed */
	uint64_t store_failures; /* tasks whose filing failed (disk full, EROFS...) */
} bf_stats;

void bf_stats_add(bf_stats *sum, const bf_stats *s);

/* What one process brings to running tasks: its evaluation context, its
 * store (NULL when it only checks), its timing slot, what it counted, and
 * room for the message of a failure. */
typedef struct bf_runner {
	bf_ctx *ctx;
	bf_store *st;
	bf_prof_slot *slot;
	bf_stats stats;
	char err[512];
} bf_runner;

/* Load (in a directory, only the files of ids when there are some), then
 * phases 1 and 2; timed into slot.  Problems with inputs are
 * printed to stderr and the job goes on without them; -1 only when there
 * is nothing to run. */
int bf_job_prepare(bf_job *job, const char *data, const char **ids, int nids,
		   const char **solvers, int nsolvers, const char **differs, int ndiffers,
		   bf_prof_slot *slot);
/* Keep only tasks[first .. first+count) after -i filtering (count < 0: all). */
void bf_job_select(bf_job *job, const char **ids, int nids, int first, int count);
void bf_job_release(bf_job *job);

/* What checking one candidate on one task found. */
typedef struct bf_cand_result {
	int64_t score;
	uint64_t work;
	int64_t wall_ns;
	int64_t eval_cpu_ns; /* CPU time of its check and differ evaluation (--costs) */
	int t_log;      /* from work (or wall time with --t-log-from wall) */
	bool near_miss; /* produced an output, not exact everywhere */
	bool exact_all; /* exact on every sample */
} bf_cand_result;

/* Check and differ evaluation of candidates [lo, hi) on task t: fills
 * res[lo..hi) and sscore[c * ndiffs + d] (each differ's score of each
 * candidate's outputs).  Independent per candidate, so ranges can run in
 * different processes into one shared array. */
void bf_task_eval(const bf_job *job, int t, int lo, int hi, bf_runner *rn, bf_cand_result *res,
		  int64_t *sscore);
/* The same, with differ workers (outs not NULL): an output the differs
 * are to judge goes into outs (outputs.h) instead, and res[lo..hi) is
 * completed by bf_task_judge once every range of the task is in. */
void bf_task_eval_to(const bf_job *job, int t, int lo, int hi, bf_runner *rn,
		     bf_cand_result *res, int64_t *sscore, const struct bf_task_outs *outs);
/* A differ worker's job, once every range of task t is in outs: each
 * distinct output judged once by each differ, every candidate's result
 * completed from the verdicts (the same arithmetic as bf_task_eval), and
 * phase 4 filed.  0, -1 on a store error (message in rn->err), or
 * BF_TASK_CUT when rn->ctx->cancel cut it (nothing is filed). */
int bf_task_judge(const bf_job *job, int t, bf_cand_result *res, const int64_t *sscore,
		  const struct bf_task_outs *outs, bf_runner *rn);
/* Phases 3a and 3b only: a FILE job after bf_task_judge did phase 4. */
int bf_task_file_solvers(const bf_job *job, int t, const bf_cand_result *res, bf_runner *rn);
/* Phases 3a, 3b and 4 of task t from all its candidates' results; -1 on a
 * store error (message in rn->err). */
int bf_task_file(const bf_job *job, int t, const bf_cand_result *res, const int64_t *sscore,
		 bf_runner *rn);

/* Run every phase for task t (both stages above) in the caller's room for
 * its results (ncands, ncands * ndiffs), where they stay: --costs reads
 * them.  0 filed, -1 on a store error, BF_TASK_CUT when rn->ctx->cancel
 * cut its candidates (nothing of it is filed). */
int bf_job_run_task(const bf_job *job, int t, bf_runner *rn, bf_cand_result *res,
		    int64_t *sscore);
#define BF_TASK_CUT 1

/* Whether the candidates in hand are being cut (rn->ctx->cancel is set). */
bool bf_runner_cut(const bf_runner *rn);

/* t_log of a check time in seconds: 11 - (int)ln(sec), 10 for 0. */
int bf_t_log(double seconds);

#endif

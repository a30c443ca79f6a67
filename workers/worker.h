/*
 * worker.h -- what the validator and the differ worker share: becoming a
 * worker (signals, title, limits), the store and context they work with,
 * and the job loop; each brings its own check of a job and its own work.
 */
#ifndef BATTFARM_WORKER_H
#define BATTFARM_WORKER_H

#include <stdbool.h>

#include "battfarm/farm.h"
#include "battfarm/frame.h"

typedef struct bf_worker_kind {
	const char *name; /* in ps and messages: "validator", "differ" */
	int role;         /* bf_role, for the report */
	/* whether a job message names work this worker can do */
	bool (*valid)(const bf_worker_args *a, const bf_msg_job *m);
	/* run it: 0, -1 when the store failed (rn->err), or BF_TASK_CUT */
	int (*run)(const bf_worker_args *a, const bf_msg_job *m, bf_runner *rn);
} bf_worker_kind;

/* A DIFF job, in a differ worker or a validator with nothing else to do:
 * judge the task's outputs and file phase 4 (bf_task_judge). */
int bf_worker_judge(const bf_worker_args *a, const bf_msg_job *m, bf_runner *rn);

/* The worker's life: open the store (exit BF_EXIT_FATAL when it cannot),
 * then jobs until QUIT, EOF or a bad frame; never returns. */
_Noreturn void bf_worker_run(const bf_worker_args *a, const bf_worker_kind *k);

#endif

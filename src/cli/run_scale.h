/*
 * run_scale.h -- the parts of `battfarm run` that reach beyond one run:
 * --shard (this run's part of the tasks), the resume journal (skip what an
 * earlier run of the same job filed, record what this one files).
 */
#ifndef BATTFARM_RUN_SCALE_H
#define BATTFARM_RUN_SCALE_H

#include "run_args.h"
#include "battfarm/resume.h"

typedef struct run_scale {
	bf_job *job;
	bf_resume resume;
	bool open;          /* the journal is open */
	int skipped;        /* tasks an earlier run filed */
	int record_errors;  /* tasks filed but not journaled */
} run_scale;

/* Keep the job's tasks of --shard K/N (balanced by the --costs-from
 * costs when given).  -1 with the reason printed. */
int run_take_shard(const run_args *a, bf_job *job);
/* With the store locked: open its journal and hide from the run the tasks
 * it has done for this job (saying how many).  -1 with the reason printed. */
int run_resume_start(const run_args *a, bf_job *job, run_scale *rs);
/* The farm's task_filed hook (arg: the run_scale), and the serial run's. */
void run_task_filed(void *arg, int task);
/* Compact and close the journal; the hidden tasks are the job's again.
 * -1 with the reason printed. */
int run_resume_finish(run_scale *rs);

#endif

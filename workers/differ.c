/*
 * differ.c -- the differ worker (DESIGN.md, "Processes"): once every range
 * of a task is in, it judges the outputs the validators left in the task's
 * output records (each distinct grid once by each differ), completes the
 * candidates' results from the verdicts, and files phase 4; then a
 * validator files phases 3a and 3b.  Its life, job loop and the judging
 * itself are worker.c's (a validator with nothing else to do judges too).
 */
#include "worker.h"

static bool job_valid(const bf_worker_args *a, const bf_msg_job *m)
{
	return m->kind == BF_JOB_DIFF && a->split->rec;
}

static const bf_worker_kind differ = {"differ", BF_ROLE_DIFFER, job_valid, bf_worker_judge};

void bf_differ_main(const bf_worker_args *a)
{
	bf_worker_run(a, &differ);
}

/*
 * differ.c -- the differ worker (DESIGN.md, "Processes"): once every range
 * of a task is in, it judges the outputs the validators left in the task's
 * output records (each distinct grid once by each differ), completes the
 * candidates' results from the verdicts, and files phase 4; then a
 * validator files phases 3a and 3b.  Its life and job loop are worker.c's.
 */
#include "worker.h"

static bool job_valid(const bf_worker_args *a, const bf_msg_job *m)
{
	return m->kind == BF_JOB_DIFF && a->split->rec;
}

static int run_job(const bf_worker_args *a, const bf_msg_job *m, bf_runner *rn)
{
	const bf_job *job = a->job;
	bf_task_outs outs = bf_area_outs(a->split, job, m->area);
	return bf_task_judge(job, m->task, bf_area_res(a->split, job, m->area),
			     bf_area_sscore(a->split, job, m->area), &outs, rn);
}

static const bf_worker_kind differ = {"differ", BF_ROLE_DIFFER, job_valid, run_job};

void bf_differ_main(const bf_worker_args *a)
{
	bf_worker_run(a, &differ);
}

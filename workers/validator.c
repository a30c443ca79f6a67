/*
 * validator.c -- the validator worker: check, validate, store and phase 4
 * for one job at a time, on the supervisor's orders: a whole task, a
 * range of a task's candidates, or the filing of a task whose ranges are
 * in.  Results go to the task's shared area either way.  With differ
 * workers, a range leaves the outputs the differs are to judge in the
 * area's output records, and the filing is phases 3a and 3b only (the
 * differ worker that judged them filed phase 4); and with nothing else to
 * do, the judging of a task a differ worker has not taken.  Its life and
 * job loop are worker.c's.
 */
#include "worker.h"

static bool job_valid(const bf_worker_args *a, const bf_msg_job *m)
{
	return m->kind == BF_JOB_TASK || m->kind == BF_JOB_FILE ||
	       (m->kind == BF_JOB_DIFF && a->split->rec) ||
	       (m->kind == BF_JOB_EVAL && m->lo >= 0 && m->hi <= a->job->ncands && m->lo <= m->hi);
}

/* Run one job: 0, -1 when the store failed, or BF_TASK_CUT. */
static int run_job(const bf_worker_args *a, const bf_msg_job *m, bf_runner *rn)
{
	const bf_job *job = a->job;
	int t = m->task;
	bf_cand_result *res = bf_area_res(a->split, job, m->area);
	int64_t *sscore = bf_area_sscore(a->split, job, m->area);
	bf_task_outs outs = bf_area_outs(a->split, job, m->area);
	if (m->kind == BF_JOB_EVAL) {
		bf_task_eval_to(job, t, m->lo, m->hi, rn, res, sscore, outs.rec ? &outs : NULL);
		return bf_runner_cut(rn) ? BF_TASK_CUT : 0;
	}
	if (m->kind == BF_JOB_DIFF)
		return bf_worker_judge(a, m, rn);
	if (m->kind == BF_JOB_FILE && outs.rec)
		return bf_task_file_solvers(job, t, res, rn);
	if (m->kind == BF_JOB_FILE)
		return bf_task_file(job, t, res, sscore, rn);
	return bf_job_run_task(job, t, rn, res, sscore);
}

static const bf_worker_kind validator = {"validator", BF_ROLE_VALIDATOR, job_valid, run_job};

void bf_validator_main(const bf_worker_args *a)
{
	bf_worker_run(a, &validator);
}

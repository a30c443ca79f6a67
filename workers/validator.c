/*
 * validator.c -- the validator worker: check, validate, store and phase 4
 * for one job at a time, on the supervisor's orders: a whole task, a
 * range of a task's candidates, or the filing of a task whose ranges are
 * in.  Results go to the task's shared area either way.
 *
 * Called in the child right after fork, with the prepared job inherited
 * copy-on-write.  It titles itself for ps, takes its jobs from fd_in,
 * answers on fd_out and keeps its slot current: state and task in hand, a
 * heartbeat refreshed while it evaluates, and its timings after each task.
 */
#include <bsd/unistd.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "battfarm/farm.h"
#include "battfarm/frame.h"

/* Set by SIGUSR1, the supervisor's "cut the candidates in hand". */
static volatile sig_atomic_t cut;

static void on_cut(int sig)
{
	(void)sig;
	cut = 1;
}

static void publish(bf_slot *slot, const bf_prof_slot *local, int state, int task)
{
	bf_slot_begin_write(slot);
	slot->state = state;
	slot->task = task;
	slot->prof = *local;
	bf_slot_end_write(slot);
}

/* Whether a job message names work this worker can do. */
static bool job_valid(const bf_job *job, const bf_split_area *split, const bf_msg_job *m)
{
	if (m->task < 0 || m->task >= job->tasks.n || m->area < 0 || m->area >= split->nareas)
		return false;
	return m->kind == BF_JOB_TASK || m->kind == BF_JOB_FILE ||
	       (m->kind == BF_JOB_EVAL && m->lo >= 0 && m->hi <= job->ncands && m->lo <= m->hi);
}

/* Run one job: 0, -1 when the store failed (message printed), or
 * BF_TASK_CUT. */
static int run_job(const bf_job *job, const bf_split_area *split, const bf_msg_job *m,
		   bf_runner *rn)
{
	int t = m->task, rc = 0;
	bf_cand_result *res = bf_area_res(split, job, m->area);
	int64_t *sscore = bf_area_sscore(split, job, m->area);
	if (m->kind == BF_JOB_EVAL) {
		bf_task_eval(job, t, m->lo, m->hi, rn, res, sscore);
		rc = bf_runner_cut(rn) ? BF_TASK_CUT : 0;
	} else if (m->kind == BF_JOB_FILE)
		rc = bf_task_file(job, t, res, sscore, rn);
	else
		rc = bf_job_run_task(job, t, rn, res, sscore);
	if (rc < 0)
		fprintf(stderr, "battfarm: task %s: %s\n", job->tasks.tasks[t].id, rn->err);
	return rc;
}

/* The process's own limits and signals, before it takes any job. */
static void become_worker(int index)
{
	signal(SIGINT, SIG_IGN); /* the supervisor decides when we stop */
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_cut;
	sigaction(SIGUSR1, &sa, NULL);
	setproctitle("validator %d", index);
	/* a runaway candidate must not take the machine: beyond the arena's
	 * ceiling, allocation fails inside this process only */
#ifndef __SANITIZE_ADDRESS__ /* ASan reserves terabytes of address space */
	struct rlimit rl = {(rlim_t)6 << 30, (rlim_t)6 << 30};
	setrlimit(RLIMIT_AS, &rl);
#endif
}

/* The job loop: until QUIT, EOF (the supervisor is gone) or a bad frame. */
static void serve(const bf_worker_args *a, bf_runner *rn, bf_prof_slot *local)
{
	const bf_job *job = a->job;
	for (;;) {
		uint32_t type;
		bf_msg_job m;
		const char *why = NULL;
		int r = bf_frame_recv(a->fd_in, &type, &m, sizeof(m), &why);
		if (r <= 0 || type != BF_FR_JOB) {
			if (r < 0)
				fprintf(stderr, "battfarm: validator %d: bad frame: %s\n", a->index, why);
			return;
		}
		if (!job_valid(job, a->split, &m))
			return;
		setproctitle("validator %d task %s", a->index, job->tasks.tasks[m.task].id);
		atomic_store(&a->slot->heartbeat_ns, bf_now_ns());
		publish(a->slot, local, BF_SLOT_BUSY, m.task);
		memset(&rn->stats, 0, sizeof(rn->stats));
		bf_msg_done done;
		memset(&done, 0, sizeof(done));
		done.task = m.task;
		done.status = run_job(job, a->split, &m, rn);
		done.stats = rn->stats;
		publish(a->slot, local, BF_SLOT_IDLE, -1);
		setproctitle("validator %d", a->index);
		if (bf_frame_send(a->fd_out, BF_FR_DONE, &done, sizeof(done)) < 0)
			return;
	}
}

void bf_validator_main(const bf_worker_args *a)
{
	become_worker(a->index);
	bf_prof_slot local;
	memset(&local, 0, sizeof(local));
	local.pid = (int32_t)getpid();
	local.role = BF_ROLE_VALIDATOR;
	bf_store st;
	bf_ctx ctx;
	bf_runner rn = {&ctx, &st, &local, {0}, ""};
	const bf_job *job = a->job;
	if (bf_store_open_as(&st, job->opts.out, job->opts.max_files, &local, false, rn.err,
			     sizeof(rn.err)) < 0) {
		fprintf(stderr, "battfarm: validator %d: %s\n", a->index, rn.err);
		publish(a->slot, &local, BF_SLOT_EXITED, -1);
		_exit(BF_EXIT_FATAL);
	}
	bf_ctx_init(&ctx, (size_t)2 << 30);
	ctx.heartbeat = &a->slot->heartbeat_ns;
	ctx.cancel = &cut;
	publish(a->slot, &local, BF_SLOT_IDLE, -1);
	serve(a, &rn, &local);
	publish(a->slot, &local, BF_SLOT_EXITED, -1);
	bf_ctx_release(&ctx);
	bf_store_close(&st);
	_exit(0);
}

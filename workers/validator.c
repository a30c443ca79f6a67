/*
 * validator.c -- the validator worker: check, validate, store and phase 4
 * for one task at a time, on the supervisor's orders.
 *
 * Called in the child right after fork, with the prepared job inherited
 * copy-on-write.  It titles itself for ps, takes its jobs from fd_in,
 * answers on fd_out and keeps its slot current: state and task in hand, a
 * heartbeat refreshed while it evaluates, and its timings after each task.
 */
#include <bsd/unistd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "battfarm/farm.h"
#include "battfarm/frame.h"

/* An exit code the supervisor reads as "do not respawn" (nginx's idea). */
#define BF_EXIT_FATAL 3

static void publish(bf_slot *slot, const bf_prof_slot *local, int state, int task)
{
	bf_slot_begin_write(slot);
	slot->state = state;
	slot->task = task;
	slot->prof = *local;
	bf_slot_end_write(slot);
}

void bf_validator_main(bf_job *job, bf_slot *slot, const bf_split_area *split, int index,
		       int fd_in, int fd_out)
{
	signal(SIGINT, SIG_IGN); /* the supervisor decides when we stop */
	signal(SIGTERM, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	setproctitle("validator %d", index);
	/* a runaway candidate must not take the machine: beyond the arena's
	 * ceiling, allocation fails inside this process only */
#ifndef __SANITIZE_ADDRESS__ /* ASan reserves terabytes of address space */
	struct rlimit rl = {(rlim_t)6 << 30, (rlim_t)6 << 30};
	setrlimit(RLIMIT_AS, &rl);
#endif

	bf_prof_slot local;
	memset(&local, 0, sizeof(local));
	local.pid = (int32_t)getpid();
	local.role = BF_ROLE_VALIDATOR;
	char err[512];
	bf_store st;
	if (bf_store_open_as(&st, job->opts.out, job->opts.max_files, &local, false, err,
			     sizeof(err)) < 0) {
		fprintf(stderr, "battfarm: validator %d: %s\n", index, err);
		publish(slot, &local, BF_SLOT_EXITED, -1);
		_exit(BF_EXIT_FATAL);
	}
	bf_ctx ctx;
	bf_ctx_init(&ctx, (size_t)2 << 30);
	publish(slot, &local, BF_SLOT_IDLE, -1);
	for (;;) {
		uint32_t type;
		bf_msg_job jobmsg;
		const char *why = NULL;
		int r = bf_frame_recv(fd_in, &type, &jobmsg, sizeof(jobmsg), &why);
		if (r <= 0 || type != BF_FR_JOB) {
			if (r < 0)
				fprintf(stderr, "battfarm: validator %d: bad frame: %s\n", index, why);
			break;
		}
		int t = jobmsg.task;
		if (t < 0 || t >= job->tasks.n)
			break;
		if (jobmsg.kind != BF_JOB_TASK &&
		    (!split->res || jobmsg.lo < 0 || jobmsg.hi > job->ncands || jobmsg.lo > jobmsg.hi))
			break;
		setproctitle("validator %d task %s", index, job->tasks.tasks[t].id);
		slot->heartbeat_ns = bf_now_ns();
		publish(slot, &local, BF_SLOT_BUSY, t);
		/* the job's counters are this process's copy: report the deltas */
		bf_job before = *job;
		ctx.heartbeat = &slot->heartbeat_ns;
		int rc = 0;
		if (jobmsg.kind == BF_JOB_EVAL) {
			bf_task_eval(job, t, jobmsg.lo, jobmsg.hi, &ctx, split->res, split->sscore,
				     &local);
			local.candidates += (uint64_t)(jobmsg.hi - jobmsg.lo);
		} else if (jobmsg.kind == BF_JOB_FILE) {
			rc = bf_task_file(job, t, split->res, split->sscore, &ctx, &st, &local, err,
					  sizeof(err));
		} else {
			rc = bf_job_run_task(job, t, &ctx, &st, &local, err, sizeof(err));
		}
		ctx.heartbeat = NULL;
		if (rc < 0)
			fprintf(stderr, "battfarm: task %s: %s\n", job->tasks.tasks[t].id, err);
		bf_msg_done done;
		memset(&done, 0, sizeof(done));
		done.task = t;
		done.status = rc;
		done.samples_run = job->samples_run - before.samples_run;
		done.exact_tasks = job->exact_tasks - before.exact_tasks;
		done.filed = job->filed - before.filed;
		done.differs_filed = job->differs_filed - before.differs_filed;
		done.errors = job->errors - before.errors;
		done.timeouts = job->timeouts - before.timeouts;
		done.wall_timeouts = job->wall_timeouts - before.wall_timeouts;
		publish(slot, &local, BF_SLOT_IDLE, -1);
		setproctitle("validator %d", index);
		if (bf_frame_send(fd_out, BF_FR_DONE, &done, sizeof(done)) < 0)
			break;
	}
	publish(slot, &local, BF_SLOT_EXITED, -1);
	bf_ctx_release(&ctx);
	bf_store_close(&st);
	_exit(0);
}

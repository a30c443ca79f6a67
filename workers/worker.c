/*
 * worker.c -- the life of a farm worker, validator or differ (worker.h).
 *
 * Called in the child right after fork, with the prepared job inherited
 * copy-on-write.  It titles itself for ps, takes its jobs from fd_in,
 * answers on fd_out and keeps its slot current: state and task in hand, a
 * heartbeat refreshed while it evaluates, and its timings and memory after
 * each job.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "line_start.h"
#include "worker.h"
#include "battfarm/proctitle.h"

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

/* Resident kB now, from /proc/self/statm (0 when it cannot be read). */
static uint64_t resident_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "re");
	unsigned long long size = 0, resident = 0;
	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE) / 1024;
}

/* What the worker holds as a job ends (bf_prof_slot's rss fields): a
 * reading costs a few microseconds, once a job. */
static void note_memory(bf_runner *rn)
{
	bf_prof_slot *s = rn->slot;
	uint64_t kb = resident_kb();
	struct rusage ru;
	/* (the kernel's counters lag a little: the peak is at least now) */
	uint64_t peak = getrusage(RUSAGE_SELF, &ru) == 0 ? (uint64_t)ru.ru_maxrss : 0;
	peak = peak > kb ? peak : kb;
	if (peak > s->rss_peak_kb)
		s->rss_peak_kb = peak;
	if (kb > s->rss_job_end_kb)
		s->rss_job_end_kb = kb;
	/* the arena keeps blocks for the next sample as big as the last one;
	 * past twice what it always keeps, a big sample was just here */
	if (rn->ctx->arena.mapped <= 2 * BF_ARENA_KEEP && kb > s->rss_small_kb)
		s->rss_small_kb = kb;
}

/* The process's own limits and signals, before it takes any job. */
static void become_worker(const char *name, int index)
{
	signal(SIGINT, SIG_IGN); /* the supervisor decides when we stop */
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_cut;
	sigaction(SIGUSR1, &sa, NULL);
	bf_proctitle_set("%s %d", name, index);
	/* on a terminal, our lines must not run on from the supervisor's bar */
	FILE *lines = isatty(STDERR_FILENO) ? bf_line_start_stream(STDERR_FILENO) : NULL;
	if (lines)
		stderr = lines;
	/* a runaway candidate must not take the machine: beyond the arena's
	 * ceiling, allocation fails inside this process only.  The limit is
	 * above what two arenas (candidate, differs) can map at their
	 * ceiling, with 2 GiB for the rest, so a MemoryError comes from the
	 * arena's own count, as in --serial, never from mmap */
#ifndef __SANITIZE_ADDRESS__ /* ASan reserves terabytes of address space */
	rlim_t as = (rlim_t)(2 * bf_arena_mapped_max(BF_EVAL_MEMORY) + ((size_t)2 << 30));
	struct rlimit rl = {as, as};
	setrlimit(RLIMIT_AS, &rl);
#endif
}

/* The job loop: until QUIT, EOF (the supervisor is gone) or a bad frame. */
static void serve(const bf_worker_args *a, const bf_worker_kind *k, bf_runner *rn)
{
	const bf_job *job = a->job;
	for (;;) {
		uint32_t type;
		bf_msg_job m;
		const char *why = NULL;
		int r = bf_frame_recv(a->fd_in, &type, &m, sizeof(m), &why);
		if (r <= 0 || type != BF_FR_JOB) {
			if (r < 0)
				fprintf(stderr, "battfarm: %s %d: bad frame: %s\n", k->name, a->index, why);
			return;
		}
		if (m.task < 0 || m.task >= job->tasks.n || m.area < 0 || m.area >= a->split->nareas ||
		    !k->valid(a, &m))
			return;
		/* a validator judging a task says so: it is not checking it */
		bool judging = m.kind == BF_JOB_DIFF && k->role != BF_ROLE_DIFFER;
		bf_proctitle_set("%s %d task %s%s", k->name, a->index, job->tasks.tasks[m.task].id,
				 judging ? " (judging)" : "");
		atomic_store(&a->slot->heartbeat_ns, bf_now_ns());
		publish(a->slot, rn->slot, BF_SLOT_BUSY, m.task);
		memset(&rn->stats, 0, sizeof(rn->stats));
		bf_msg_done done;
		memset(&done, 0, sizeof(done));
		done.task = m.task;
		done.status = k->run(a, &m, rn);
		if (done.status < 0)
			fprintf(stderr, "battfarm: task %s: %s\n", job->tasks.tasks[m.task].id, rn->err);
		done.stats = rn->stats;
		note_memory(rn);
		publish(a->slot, rn->slot, BF_SLOT_IDLE, -1);
		bf_proctitle_set("%s %d", k->name, a->index);
		if (bf_frame_send(a->fd_out, BF_FR_DONE, &done, sizeof(done)) < 0)
			return;
	}
}

int bf_worker_judge(const bf_worker_args *a, const bf_msg_job *m, bf_runner *rn)
{
	const bf_job *job = a->job;
	bf_task_outs outs = bf_area_outs(a->split, job, m->area);
	return bf_task_judge(job, m->task, bf_area_res(a->split, job, m->area),
			     bf_area_sscore(a->split, job, m->area), &outs, rn);
}

void bf_worker_run(const bf_worker_args *a, const bf_worker_kind *k)
{
	become_worker(k->name, a->index);
	bf_prof_slot local;
	memset(&local, 0, sizeof(local));
	local.pid = (int32_t)getpid();
	local.role = k->role;
	bf_store st;
	bf_ctx ctx;
	bf_runner rn = {&ctx, &st, &local, {0}, ""};
	const bf_job *job = a->job;
	if (bf_store_open_as(&st, job->opts.out, job->opts.max_files, &local, false, rn.err,
			     sizeof(rn.err)) < 0) {
		fprintf(stderr, "battfarm: %s %d: %s\n", k->name, a->index, rn.err);
		publish(a->slot, &local, BF_SLOT_EXITED, -1);
		_exit(BF_EXIT_FATAL);
	}
	bf_ctx_init(&ctx, BF_EVAL_MEMORY);
	ctx.heartbeat = &a->slot->heartbeat_ns;
	ctx.cancel = &cut;
	publish(a->slot, &local, BF_SLOT_IDLE, -1);
	serve(a, k, &rn);
	publish(a->slot, &local, BF_SLOT_EXITED, -1);
	bf_ctx_release(&ctx);
	bf_store_close(&st);
	_exit(0);
}

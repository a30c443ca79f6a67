/*
 * farm.c -- the supervisor: forks validators, hands out the scheduler's
 * jobs, replaces workers that die or hang, sums what their jobs counted
 * (see farm.h).
 *
 * The loop polls the workers' answer pipes; a signal only sets a flag (the
 * caller's *stop), after which no task is handed out, in-flight tasks are
 * let finish, and the workers are told to quit.  Children are reaped with
 * waitpid(-1, WNOHANG) until it returns 0.
 */
#include <bsd/unistd.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "costs.h"
#include "sched.h"
#include "battfarm/farm.h"
#include "battfarm/frame.h"
#include "battfarm/trace.h"
#include "battfarm/util.h"

typedef struct worker {
	pid_t pid;      /* 0: no process */
	int to_fd;      /* we write jobs here */
	int from_fd;    /* we read answers here */
	int slot;
	bool holding;   /* a job is in hand */
	bf_sched_job held; /* with how many workers it brought down (attempts)
			      and how many were killed from outside (kills) */
	int64_t since;  /* when it was handed the job */
	bool store_ok;  /* its last answer reported no store failure */
	int index;
} worker;

/* The supervisor's state for one run. */
typedef struct farm {
	const bf_job *job;
	FILE *costs;     /* --costs, or NULL */
	const bf_farm_opts *fo;
	volatile sig_atomic_t *stop;
	int n;           /* workers */
	worker *w;
	struct pollfd *pfd;
	bf_slot *slots;  /* one per worker started: each slot is kept */
	int nslots, next_slot;
	bf_sched *sched;
	bool all_over;   /* the scheduler has nothing left to hand out */
	bf_split_area split;
	size_t split_size;
	int finished, failed;
	bf_stats stats;
	int64_t stall_ns;
	bf_progress *progress; /* NULL: none */
	bf_trace *trace;       /* NULL: none */
} farm;

/* A task taken down with two workers is given up: a kill from outside is
 * not the task's fault, but two in a row are. */
#define MAX_ATTEMPTS 2
#define MAX_OUTSIDE_KILLS 8

/* The estimate of every (task, candidate) (costs.h). */
static double *estimate_costs(const bf_job *job)
{
	size_t nc = (size_t)job->ncands;
	double *cost = bf_xmalloc(sizeof(double) * (size_t)job->tasks.n * nc + 1);
	for (int t = 0; t < job->tasks.n; t++) {
		double e = bf_costs_estimate(&job->tasks.tasks[t]);
		for (size_t c = 0; c < nc; c++)
			cost[(size_t)t * nc + c] = e;
	}
	return cost;
}

/* The scheduler, planned from a previous run's costs or the estimate, and
 * the shared result areas of the tasks it lets be in progress at once. */
static int plan_jobs(farm *f, const bf_costs *prior)
{
	const bf_job *job = f->job;
	bf_sched_opts so = {f->n, BF_SCHED_AREAS(f->n), 0};
	double *cost = prior ? bf_costs_for_job(prior, job) : estimate_costs(job);
	f->sched = bf_sched_new(job->tasks.n, job->ncands, cost, &so);
	free(cost);
	if (!f->sched)
		return -1;
	size_t nres = sizeof(bf_cand_result) * (size_t)job->ncands * (size_t)so.areas;
	f->split_size = nres + sizeof(int64_t) * (size_t)job->ncands * (size_t)job->ndiffs *
				       (size_t)so.areas;
	void *area = mmap(NULL, f->split_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			  -1, 0);
	if (area == MAP_FAILED)
		return -1;
	f->split.res = area;
	f->split.sscore = (int64_t *)(void *)((char *)area + nres);
	f->split.nareas = so.areas;
	return 0;
}

/* Fork worker w with a fresh pair of pipes, in the next free slot. */
static int spawn(farm *f, worker *w, int index)
{
	if (f->next_slot >= f->nslots)
		return -1;
	int slot = f->next_slot, to[2], from[2];
	if (pipe(to) < 0)
		return -1;
	if (pipe(from) < 0) {
		close(to[0]);
		close(to[1]);
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		return -1;
	}
	if (pid == 0) {
		/* keep only our two pipe ends, at 3 and 4, and stdio */
		for (int i = 0; i < f->n; i++)
			if (f->w[i].pid) {
				close(f->w[i].to_fd);
				close(f->w[i].from_fd);
			}
		close(to[1]);
		close(from[0]);
		int in = dup(to[0]), out = dup(from[1]);
		if (in < 0 || out < 0 || dup2(in, 3) < 0 || dup2(out, 4) < 0)
			_exit(3);
		closefrom(5);
		f->slots[slot].prof.pid = (int32_t)getpid();
		bf_validator_main(f->job, &f->slots[slot], &f->split, index, 3, 4);
	}
	close(to[0]);
	close(from[1]);
	w->pid = pid;
	w->to_fd = to[1];
	w->from_fd = from[0];
	w->slot = slot;
	w->holding = false;
	w->index = index;
	/* the slot is the worker's from now on; mark its owner for the report */
	f->slots[slot].prof.pid = (int32_t)pid;
	f->slots[slot].prof.role = BF_ROLE_VALIDATOR;
	f->next_slot++;
	return 0;
}

static void close_worker(worker *w)
{
	if (w->to_fd >= 0)
		close(w->to_fd);
	if (w->from_fd >= 0)
		close(w->from_fd);
	w->to_fd = w->from_fd = -1;
}

static int farm_start(farm *f, const bf_job *job, const bf_farm_opts *fo,
		      volatile sig_atomic_t *stop)
{
	memset(f, 0, sizeof(*f));
	f->job = job;
	f->costs = fo->costs;
	f->fo = fo;
	f->stop = stop;
	f->n = fo->validators > 0 ? fo->validators : 1;
	/* room for every worker and its replacements */
	f->nslots = f->n * 4 + 16;
	f->slots = bf_slots_map(f->nslots);
	if (!f->slots)
		return -1;
	f->w = calloc((size_t)f->n, sizeof(worker));
	f->pfd = calloc((size_t)f->n, sizeof(struct pollfd));
	if (plan_jobs(f, fo->prior) < 0)
		return -1;
	for (int i = 0; i < f->n; i++) {
		f->w[i].to_fd = f->w[i].from_fd = -1;
		spawn(f, &f->w[i], i + 1);
	}
	signal(SIGPIPE, SIG_IGN);
	f->progress = fo->progress;
	f->trace = fo->trace;
	/* a hung worker: its heartbeat stops for this long */
	double stall = fo->stall > 0 ? fo->stall : job->opts.lim.timeout * 3 + 2;
	f->stall_ns = (int64_t)(stall * 1e9);
	return 0;
}

/* The frame that asks a worker for each kind of the scheduler's jobs. */
static const int32_t frame_kind[] = {
	[BF_SCHED_WHOLE] = BF_JOB_TASK,
	[BF_SCHED_RANGE] = BF_JOB_EVAL,
	[BF_SCHED_FILE] = BF_JOB_FILE,
};

/* Give idle workers the next jobs; false when the run is over (nothing in
 * hand and nothing more to hand out, or no worker left). */
static bool hand_out(farm *f)
{
	int live = 0, busy = 0;
	for (int i = 0; i < f->n; i++) {
		worker *w = &f->w[i];
		if (!w->pid)
			continue;
		live++;
		if (w->holding) {
			busy++;
			continue;
		}
		if (*f->stop || f->all_over)
			continue;
		bf_sched_job j;
		int r = bf_sched_next(f->sched, i, &j);
		f->all_over = r < 0;
		if (r <= 0)
			continue;
		bf_msg_job m = {j.task, frame_kind[j.kind], j.lo, j.hi, j.area};
		if (bf_frame_send(w->to_fd, BF_FR_JOB, &m, sizeof(m)) < 0) {
			bf_sched_retry(f->sched, i, &j); /* the worker is going: EOF tells */
			continue;
		}
		w->held = j;
		w->holding = true;
		w->since = bf_now_ns();
		busy++;
	}
	if (busy == 0 && (*f->stop || f->all_over))
		return false;
	return live > 0;
}

/* Worker i's job is over, for good or ill (gave_up), after `seconds`:
 * the scheduler moves its task along.  A filed task's area holds every
 * candidate's results until the next job is handed out: its costs are
 * written from there. */
static void job_over(farm *f, int i, const bf_sched_job *j, bool gave_up, double seconds)
{
	bf_sched_end e = gave_up ? bf_sched_drop(f->sched, i, j)
				 : bf_sched_done(f->sched, i, j, seconds);
	f->finished += e != BF_SCHED_OPEN;
	f->failed += e == BF_SCHED_LOST;
	if (e == BF_SCHED_FILED && f->w[i].store_ok && f->fo->task_filed)
		f->fo->task_filed(f->fo->arg, j->task);
	if (e == BF_SCHED_FILED && f->costs)
		bf_costs_write_task(f->costs, f->job, j->task, bf_area_res(&f->split, f->job, j->area));
}

/* The worker is gone (or going): reap it, requeue its job, replace it.
 * A SIGKILL we did not send came from outside (a user, a test, the
 * kernel): not the job's fault, so it does not count against the job --
 * up to a bound, so a job that somehow gets its worker killed every time
 * still ends.  True when the job in hand was given up. */
static bool bury(farm *f, int i, bool ours)
{
	worker *w = &f->w[i];
	int wstatus = 0;
	kill(w->pid, SIGKILL);
	waitpid(w->pid, &wstatus, 0);
	bool outside = !ours && WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL;
	f->slots[w->slot].state = BF_SLOT_DIED;
	close_worker(w);
	w->pid = 0;
	bool gave_up = false;
	if (w->holding) {
		bf_sched_job *j = &w->held;
		w->holding = false;
		j->kills += outside;
		j->attempts += !outside;
		if (j->attempts < MAX_ATTEMPTS && j->kills < MAX_OUTSIDE_KILLS) {
			bf_sched_retry(f->sched, i, j);
		} else {
			bf_progress_printf(f->progress,
					   "battfarm: task %s lost %d workers (%d more killed from "
					   "outside); recorded as error\n",
					   f->job->tasks.tasks[j->task].id, j->attempts, j->kills);
			gave_up = true;
		}
	}
	if (!*f->stop)
		spawn(f, w, w->index);
	return gave_up;
}

/* Read worker w's answer: true when it was the DONE of its job. */
static bool read_answer(farm *f, worker *w)
{
	uint32_t type;
	bf_msg_done d;
	const char *why = NULL;
	int r = bf_frame_recv(w->from_fd, &type, &d, sizeof(d), &why);
	if (r == 1 && type == BF_FR_DONE && w->holding && d.task == w->held.task) {
		bf_stats_add(&f->stats, &d.stats);
		w->holding = false;
		w->store_ok = !d.stats.store_failures;
		return true;
	}
	if (r < 0)
		bf_progress_printf(f->progress, "battfarm: validator %d: %s\n", w->index, why);
	return false;
}

/* Whether busy worker w stopped beating; the heartbeat may predate the
 * job, so both must be old. */
static bool stalled(const farm *f, const worker *w, int64_t now)
{
	return w->holding && now - w->since > f->stall_ns &&
	       now - f->slots[w->slot].heartbeat_ns > f->stall_ns;
}

/* Worker w's job, handed out at w->since, answered now: a span on the
 * track of w's slot. */
static void trace_job(farm *f, const worker *w, int64_t now)
{
	static const char *kind_name[] = {NULL, "check", "file"};
	if (!f->trace)
		return;
	bf_slot snap;
	bf_slot_snapshot(&f->slots[w->slot], &snap);
	bf_trace_job_info info = {w->held.task, kind_name[w->held.kind], w->held.lo, w->held.hi};
	bf_trace_job(f->trace, w->slot + 1, &snap.prof, &info, w->since, now);
}

static void attend(farm *f, int i, int64_t now)
{
	worker *w = &f->w[i];
	bool dead = false, ours = false;
	if (f->pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) {
		if (read_answer(f, w)) {
			trace_job(f, w, now);
			job_over(f, i, &w->held, false, (double)(now - w->since) / 1e9);
			return;
		}
		dead = true;
	} else if (stalled(f, w, now)) {
		bf_progress_printf(f->progress, "battfarm: validator %d stalled on task %s; killed\n",
				   w->index, f->job->tasks.tasks[w->held.task].id);
		kill(w->pid, SIGKILL);
		dead = ours = true;
	}
	if (!dead)
		return;
	bf_sched_job j = w->held;
	if (bury(f, i, ours))
		job_over(f, i, &j, true, 0);
}

static void show_progress(farm *f)
{
	if (!f->progress)
		return;
	uint64_t cands = 0;
	for (int s = 0; s < f->next_slot; s++) {
		bf_slot snap;
		bf_slot_snapshot(&f->slots[s], &snap);
		cands += snap.prof.candidates;
	}
	bf_progress_update(f->progress, f->finished, cands);
}

/* One round: wait for answers (or 200 ms), attend to every worker. */
static bool poll_round(farm *f)
{
	for (int i = 0; i < f->n; i++) {
		f->pfd[i].fd = f->w[i].pid ? f->w[i].from_fd : -1;
		f->pfd[i].events = POLLIN;
		f->pfd[i].revents = 0;
	}
	if (poll(f->pfd, (nfds_t)f->n, 200) < 0 && errno != EINTR)
		return false;
	int64_t now = bf_now_ns();
	for (int i = 0; i < f->n; i++)
		if (f->w[i].pid)
			attend(f, i, now);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	show_progress(f);
	return true;
}

/* Tell the workers left to go, collect them, free the run's state. */
static void farm_finish(farm *f, bf_farm_result *out)
{
	int ntasks = f->job->tasks.n;
	if (!*f->stop && f->finished < ntasks)
		bf_progress_printf(f->progress,
				   "battfarm: %d of %d tasks were not run: no worker could be kept "
				   "alive (%d started)\n",
				   ntasks - f->finished, ntasks, f->next_slot);
	for (int i = 0; i < f->n; i++)
		if (f->w[i].pid) {
			bf_frame_send(f->w[i].to_fd, BF_FR_QUIT, NULL, 0);
			close_worker(&f->w[i]);
		}
	for (int i = 0; i < f->n; i++)
		if (f->w[i].pid)
			waitpid(f->w[i].pid, NULL, 0);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	free(f->pfd);
	free(f->w);
	bf_sched_free(f->sched);
	if (f->split.res)
		munmap(f->split.res, f->split_size);
	f->stats.errors += (uint64_t)f->failed;
	out->stats = f->stats;
	out->slots = f->slots;
	out->nslots = f->nslots;
	out->done = f->finished;
}

int bf_farm_run(const bf_job *job, const bf_farm_opts *fo, volatile sig_atomic_t *stop,
		bf_farm_result *out)
{
	farm f;
	if (farm_start(&f, job, fo, stop) < 0)
		return -1;
	while (hand_out(&f) && poll_round(&f))
		;
	farm_finish(&f, out);
	return 0;
}

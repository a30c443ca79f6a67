/*
 * farm.c -- the supervisor: hands out the scheduler's jobs to the process
 * table's workers, replaces those that die or hang, sums what their jobs
 * counted (see farm.h; the processes themselves are proctab.c's).
 *
 * The loop polls the workers' answer pipes; a signal only sets a flag (the
 * caller's *stop), after which no check is handed out, jobs in hand are
 * let finish (or, at 2, cut at once) and so are the DIFF and FILE jobs of
 * tasks whose checks are all in (at 1), and the workers are told to quit.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "costs.h"
#include "proctab.h"
#include "sched.h"
#include "battfarm/farm.h"
#include "battfarm/frame.h"
#include "battfarm/trace.h"
#include "battfarm/util.h"

/* What the farm knows of the job in a worker's hands. */
typedef struct hand {
	bf_sched_job held; /* with how many workers it brought down (attempts)
			      and how many were killed from outside (kills) */
	int64_t since;  /* when it was handed the job */
	bool store_ok;  /* its last answer reported no store failure */
} hand;

/* The supervisor's state for one run. */
typedef struct farm {
	const bf_job *job;
	FILE *costs;     /* --costs, or NULL */
	const bf_farm_opts *fo;
	volatile sig_atomic_t *stop;
	int n;           /* workers: the validators, then the differ workers */
	int differs;     /* of them, differ workers */
	bf_proctab pt;
	hand *h;         /* per worker */
	struct pollfd *pfd;
	bf_sched *sched;
	bool cut_sent;   /* the workers were told to cut (a second signal) */
	bool all_over;   /* the scheduler has nothing left to hand out */
	bf_split_area split;
	size_t split_size, outs_size;
	bool *diff_bad;  /* per task: its DIFF job reported a store failure */
	int *area_task;  /* with differ workers: per area, the task it holds */
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

/* With differ workers, the output arena of nareas areas (outputs.h): one
 * mapping, reserved but only touched where outputs are written. */
static int map_outputs(farm *f, int nareas)
{
	const bf_job *job = f->job;
	int maxns = 0;
	for (int t = 0; t < job->tasks.n; t++) {
		int ns = job->tasks.tasks[t].ntrain + job->tasks.tasks[t].ntest;
		maxns = ns > maxns ? ns : maxns;
	}
	size_t nrec = (size_t)job->ncands * (size_t)maxns;
	uint64_t cap = (uint64_t)nrec * BF_OUT_ROOM + BF_OUT_MAX_CELLS;
	cap = cap < UINT32_MAX ? cap : UINT32_MAX; /* a record's offset is 32 bits */
	size_t fills = sizeof(uint64_t) * (size_t)nareas;
	size_t recs = sizeof(bf_out_rec) * nrec * (size_t)nareas;
	f->outs_size = fills + recs + (size_t)cap * (size_t)nareas;
	void *m = mmap(NULL, f->outs_size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	f->split.used = m;
	f->split.rec = (bf_out_rec *)(void *)((char *)m + fills);
	f->split.cells = (int8_t *)m + fills + recs;
	f->split.cells_cap = cap;
	f->split.maxns = maxns;
	f->area_task = bf_xmalloc(sizeof(int) * (size_t)nareas);
	for (int a = 0; a < nareas; a++)
		f->area_task[a] = -1;
	return 0;
}

/* A job of task t in area a is handed out: when the area passes to t, its
 * cell region is emptied (no job of the task it held is left in hand). */
static void claim_area(farm *f, int a, int t)
{
	if (f->split.rec && f->area_task[a] != t) {
		atomic_store(&f->split.used[a], 0);
		f->area_task[a] = t;
	}
}

/* The scheduler, planned from a previous run's costs or the estimate, and
 * the shared result areas of the tasks it lets be in progress at once
 * (with differ workers, also those waiting for or in their hands). */
static int plan_jobs(farm *f, const bf_costs *prior)
{
	const bf_job *job = f->job;
	int nv = f->n - f->differs;
	bf_sched_opts so = {nv, BF_SCHED_AREAS(nv) + 2 * f->differs, 0, f->differs};
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
	return f->differs ? map_outputs(f, so.areas) : 0;
}

static int farm_start(farm *f, const bf_job *job, const bf_farm_opts *fo,
		      volatile sig_atomic_t *stop)
{
	memset(f, 0, sizeof(*f));
	f->job = job;
	f->costs = fo->costs;
	f->fo = fo;
	f->stop = stop;
	f->differs = fo->differs > 0 ? fo->differs : 0;
	f->n = (fo->validators > 0 ? fo->validators : 1) + f->differs;
	if (plan_jobs(f, fo->prior) < 0 ||
	    bf_pt_init(&f->pt, f->n, f->differs, fo->worker ? fo->worker : bf_validator_main,
		       fo->differ ? fo->differ : bf_differ_main, job, &f->split) < 0)
		return -1;
	f->diff_bad = calloc((size_t)job->tasks.n + 1, sizeof(bool));
	f->h = calloc((size_t)f->n, sizeof(hand));
	f->pfd = calloc((size_t)f->n, sizeof(struct pollfd));
	signal(SIGPIPE, SIG_IGN);
	bf_pt_spawn_due(&f->pt, bf_now_ns(), false);
	f->progress = fo->progress;
	f->trace = fo->trace;
	/* a hung worker: runnable, yet no CPU time or heartbeat for this long */
	double stall = fo->stall > 0 ? fo->stall : job->opts.lim.timeout * 3 + 2;
	f->stall_ns = (int64_t)(stall * 1e9);
	return 0;
}

/* The frame that asks a worker for each kind of the scheduler's jobs. */
static const int32_t frame_kind[] = {
	[BF_SCHED_WHOLE] = BF_JOB_TASK,
	[BF_SCHED_RANGE] = BF_JOB_EVAL,
	[BF_SCHED_FILE] = BF_JOB_FILE,
	[BF_SCHED_DIFF] = BF_JOB_DIFF,
};

/* Worker i's name in messages: "validator 2", "differ 1". */
static const char *role_of(const farm *f, int i)
{
	return bf_role_name((bf_role)f->pt.p[i].role);
}

/* What a signal asked for: at the second, cut the candidates in hand. */
static void heed_signals(farm *f)
{
	if (*f->stop >= 2 && !f->cut_sent) {
		bf_pt_signal_all(&f->pt, SIGUSR1);
		f->cut_sent = true;
	}
}

/* Give idle workers the next jobs; false when the run is over (nothing in
 * hand and nothing more to hand out, or no worker left or to come).  After
 * a first signal only what files a task whose checks are in goes out. */
static bool hand_out(farm *f)
{
	int busy = 0;
	bool stopping = *f->stop || f->pt.fatal;
	bool stages_only = *f->stop == 1 && !f->pt.fatal;
	/* the differ workers first: a DIFF job goes to one of them when one is
	 * idle, to a validator with nothing else to do otherwise */
	for (int k = 0; k < f->n; k++) {
		int i = (k + f->n - f->differs) % f->n;
		bf_proc *p = &f->pt.p[i];
		busy += p->state == BF_PROC_BUSY;
		if (p->state != BF_PROC_IDLE || (stopping && !stages_only) || f->all_over)
			continue;
		bf_sched_job j;
		int r = p->role == BF_ROLE_DIFFER ? bf_sched_next_diff(f->sched, i, &j)
			: stages_only		  ? bf_sched_next_stage(f->sched, i, &j)
						  : bf_sched_next(f->sched, i, &j);
		f->all_over = r < 0;
		if (r <= 0)
			continue;
		claim_area(f, j.area, j.task);
		bf_msg_job m = {j.task, frame_kind[j.kind], j.lo, j.hi, j.area};
		if (bf_frame_send(p->to_fd, BF_FR_JOB, &m, sizeof(m)) < 0) {
			bf_sched_retry(f->sched, i, &j); /* the worker is going: EOF tells */
			continue;
		}
		f->h[i].held = j;
		f->h[i].since = bf_now_ns();
		bf_pt_busy(&f->pt, i, f->h[i].since);
		busy++;
	}
	if (busy == 0 && (stopping || f->all_over))
		return false;
	return bf_pt_alive(&f->pt, stopping);
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
	if (e != BF_SCHED_OPEN && f->progress) /* a line for every task that ends */
		bf_progress_update(f->progress, f->finished, bf_pt_candidates(&f->pt));
	if (j->kind == BF_SCHED_DIFF && !gave_up)
		f->diff_bad[j->task] = !f->h[i].store_ok;
	if (e == BF_SCHED_FILED && f->h[i].store_ok && !f->diff_bad[j->task] && f->fo->task_filed)
		f->fo->task_filed(f->fo->arg, j->task);
	if (e == BF_SCHED_FILED && f->costs)
		bf_costs_write_task(f->costs, f->job, j->task, bf_area_res(&f->split, f->job, j->area));
}

/* Worker i is gone (or going): reap it; its job is run again -- unless it
 * has now brought down too many workers.  A SIGKILL we did not send came
 * from outside (a user, a test, the kernel): not the job's fault, so it
 * counts apart and up to a larger bound, so that a job whose worker is
 * killed every time still ends. */
static void lost(farm *f, int i, bool ours)
{
	bool holding = f->pt.p[i].state == BF_PROC_BUSY;
	bf_death d = bf_pt_bury(&f->pt, i, ours);
	if (d == BF_DEATH_FATAL)
		bf_progress_printf(f->progress, "battfarm: %s %d cannot work (see above); "
				   "no more workers are started\n", role_of(f, i), f->pt.p[i].index);
	if (!holding)
		return;
	bf_sched_job *j = &f->h[i].held;
	j->kills += d == BF_DEATH_OUTSIDE;
	j->attempts += d != BF_DEATH_OUTSIDE;
	if (j->attempts < MAX_ATTEMPTS && j->kills < MAX_OUTSIDE_KILLS) {
		bf_sched_retry(f->sched, i, j);
		return;
	}
	bf_progress_printf(f->progress, "battfarm: task %s lost %d workers (%d more killed from "
			   "outside); recorded as error\n",
			   f->job->tasks.tasks[j->task].id, j->attempts, j->kills);
	job_over(f, i, j, true, 0);
}

/* Read worker i's answer: 1 the DONE of its job, 2 the same for a job
 * that was cut (its task is not over), 0 anything else. */
static int read_answer(farm *f, int i)
{
	bf_proc *p = &f->pt.p[i];
	uint32_t type;
	bf_msg_done d;
	const char *why = NULL;
	int r = bf_frame_recv(p->from_fd, &type, &d, sizeof(d), &why);
	if (r == 1 && type == BF_FR_DONE && p->state == BF_PROC_BUSY &&
	    d.task == f->h[i].held.task) {
		bf_stats_add(&f->stats, &d.stats);
		bf_pt_did_work(&f->pt, i);
		f->h[i].store_ok = !d.stats.store_failures;
		return d.status == BF_TASK_CUT ? 2 : 1;
	}
	if (r < 0)
		bf_progress_printf(f->progress, "battfarm: %s %d: %s\n", role_of(f, i), p->index, why);
	return 0;
}

/* Worker i's job, handed out at since, answered now: a span on the track
 * of worker i (its successors share it). */
static void trace_job(farm *f, int i, int64_t now)
{
	static const char *kind_name[] = {NULL, "check", "file", "differs"};
	if (!f->trace)
		return;
	const hand *h = &f->h[i];
	bf_trace_job_info info = {h->held.task, kind_name[h->held.kind], h->held.lo, h->held.hi};
	bf_trace_job(f->trace, i + 1, &f->pt.p[i].good.prof, &info, h->since, now);
}

static void attend(farm *f, int i, int64_t now)
{
	bf_proc *p = &f->pt.p[i];
	if (f->pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) {
		int r = read_answer(f, i);
		if (r == 0) {
			lost(f, i, false);
		} else if (r == 1) {
			trace_job(f, i, now);
			job_over(f, i, &f->h[i].held, false, (double)(now - f->h[i].since) / 1e9);
		}
	} else if (p->state == BF_PROC_BUSY && bf_pt_stalled(&f->pt, i, now, f->stall_ns)) {
		bf_progress_printf(f->progress, "battfarm: %s %d stalled on task %s; killed\n",
				   role_of(f, i), p->index, f->job->tasks.tasks[f->h[i].held.task].id);
		lost(f, i, true);
	}
}

/* One round: wait for answers (up to 200 ms, less when a respawn is due),
 * attend to every worker, start those due. */
static bool poll_round(farm *f)
{
	for (int i = 0; i < f->n; i++) {
		bool on = f->pt.p[i].state != BF_PROC_FREE;
		f->pfd[i].fd = on ? f->pt.p[i].from_fd : -1;
		f->pfd[i].events = POLLIN;
		f->pfd[i].revents = 0;
	}
	int ms = bf_pt_wait_ms(&f->pt, bf_now_ns(), 200);
	if (poll(f->pfd, (nfds_t)f->n, ms) < 0 && errno != EINTR)
		return false;
	heed_signals(f);
	int64_t now = bf_now_ns();
	for (int i = 0; i < f->n; i++)
		if (f->pt.p[i].state != BF_PROC_FREE)
			attend(f, i, now);
	bf_pt_spawn_due(&f->pt, now, *f->stop);
	if (f->progress)
		bf_progress_update(f->progress, f->finished, bf_pt_candidates(&f->pt));
	return true;
}

/* Tell the workers left to go, collect them, free the run's state. */
static void farm_finish(farm *f, bf_farm_result *out)
{
	int ntasks = f->job->tasks.n;
	if (!*f->stop && !f->pt.fatal && f->finished < ntasks)
		bf_progress_printf(f->progress,
				   "battfarm: %d of %d tasks were not run: no worker could be kept "
				   "alive (%d started)\n",
				   ntasks - f->finished, ntasks, f->pt.started);
	out->fatal = f->pt.fatal;
	out->deaths = f->pt.deaths;
	bf_pt_finish(&f->pt, &out->workers, &out->nworkers);
	free(f->pfd);
	free(f->h);
	bf_sched_free(f->sched);
	if (f->split.res)
		munmap(f->split.res, f->split_size);
	if (f->split.used)
		munmap((void *)f->split.used, f->outs_size);
	free(f->area_task);
	free(f->diff_bad);
	f->stats.errors += (uint64_t)f->failed;
	out->stats = f->stats;
	out->done = f->finished;
	out->failed = f->failed;
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

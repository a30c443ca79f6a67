/*
 * farm.c -- the supervisor: forks validators, hands out tasks, replaces
 * workers that die or hang, merges their slots (see farm.h).
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

#include "battfarm/farm.h"
#include "battfarm/frame.h"
#include "battfarm/util.h"

/* A job to hand out, and how often it has been tried. */
typedef struct item {
	bf_msg_job msg;
	int attempts; /* workers it brought down */
	int kills;    /* workers killed from outside while they held it */
} item;

typedef struct worker {
	pid_t pid;      /* 0: no process */
	int to_fd;      /* we write jobs here */
	int from_fd;    /* we read answers here */
	int slot;
	bool holding;   /* a job is in hand */
	item held;
	int64_t since;  /* when it was handed the job */
	int index;
} worker;

typedef struct queue {
	item *v;
	int head, tail, cap;
} queue;

static void push(queue *q, item it)
{
	if (q->tail == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 64;
		q->v = bf_xrealloc(q->v, sizeof(item) * (size_t)q->cap);
	}
	q->v[q->tail++] = it;
}

/* The task being split over the workers, one at a time. */
typedef struct splitter {
	bool on;
	int next;       /* next task to split */
	int cur;        /* task in hand, -1 none */
	int evals_left; /* its ranges not yet done */
	bool abandoned; /* a range failed for good: the task is not filed */
} splitter;

/* Queue the next task's ranges: a few per worker, so that a range of
 * costly candidates does not leave the others idle at the end. */
static void split_next(bf_job *job, splitter *sp, queue *q, int n)
{
	if (sp->cur >= 0 || sp->next >= job->tasks.n)
		return;
	sp->cur = sp->next++;
	sp->abandoned = false;
	int nc = job->ncands, k = 4 * n < nc ? 4 * n : nc;
	if (k < 1)
		k = 1;
	sp->evals_left = k;
	for (int r = 0; r < k; r++) {
		item it = {{sp->cur, BF_JOB_EVAL, (int32_t)((int64_t)nc * r / k),
			    (int32_t)((int64_t)nc * (r + 1) / k)}, 0, 0};
		push(q, it);
	}
}

/* A task taken down with two workers is given up: a kill from outside is
 * not the task's fault, but two in a row are. */
#define MAX_ATTEMPTS 2
#define MAX_OUTSIDE_KILLS 8

static int spawn(bf_job *job, worker *w, bf_slot *slots, const bf_split_area *split, int slot,
		 int index, worker *all, int nall)
{
	int to[2], from[2];
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
		for (int i = 0; i < nall; i++)
			if (all[i].pid) {
				close(all[i].to_fd);
				close(all[i].from_fd);
			}
		close(to[1]);
		close(from[0]);
		int in = dup(to[0]), out = dup(from[1]);
		if (in < 0 || out < 0 || dup2(in, 3) < 0 || dup2(out, 4) < 0)
			_exit(3);
		closefrom(5);
		slots[slot].prof.pid = (int32_t)getpid();
		bf_validator_main(job, &slots[slot], split, index, 3, 4);
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
	slots[slot].prof.pid = (int32_t)pid;
	slots[slot].prof.role = BF_ROLE_VALIDATOR;
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

static void progress(int done, int total, uint64_t cands, int64_t start)
{
	double sec = (double)(bf_now_ns() - start) / 1e9;
	double rate = sec > 0 ? (double)cands / sec : 0;
	double eta = done > 0 ? sec * (total - done) / done : 0;
	fprintf(stderr, "\rbattfarm: %d/%d tasks, %.0f candidates/s, ETA %.0f s   ", done, total,
		rate, eta);
}

int bf_farm_run(bf_job *job, const bf_farm_opts *fo, volatile sig_atomic_t *stop, bf_slot **slots_out,
		int *nslots_out, int *done_out)
{
	int n = fo->validators > 0 ? fo->validators : 1;
	int ntasks = job->tasks.n;
	/* room for every worker and its replacements: each slot is kept */
	int nslots = n * 4 + 16;
	bf_slot *slots = bf_slots_map(nslots);
	if (!slots)
		return -1;
	worker *w = calloc((size_t)n, sizeof(worker));
	queue q = {NULL, 0, 0, 0};
	int next_slot = 0, finished = 0, failed = 0;
	/* few tasks for many workers: split each task's candidates */
	splitter sp = {n > 1 && ntasks < 2 * n && job->ncands > 1, 0, -1, 0, false};
	bf_split_area split = {NULL, NULL};
	size_t split_size = 0;
	if (sp.on) {
		size_t nres = sizeof(bf_cand_result) * (size_t)job->ncands;
		split_size = nres + sizeof(int64_t) * (size_t)job->ncands * (size_t)job->ndiffs;
		void *area = mmap(NULL, split_size, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (area == MAP_FAILED) {
			sp.on = false;
		} else {
			split.res = area;
			split.sscore = (int64_t *)(void *)((char *)area + nres);
		}
	}
	if (sp.on)
		split_next(job, &sp, &q, n);
	else
		for (int t = 0; t < ntasks; t++) {
			item it = {{t, BF_JOB_TASK, 0, 0}, 0, 0};
			push(&q, it);
		}
	for (int i = 0; i < n; i++) {
		w[i].to_fd = w[i].from_fd = -1;
		if (next_slot < nslots &&
		    spawn(job, &w[i], slots, &split, next_slot, i + 1, w, n) == 0)
			next_slot++;
	}
	signal(SIGPIPE, SIG_IGN);
	bool tty = isatty(2);
	int64_t start = bf_now_ns(), last_progress = 0;
	/* a hung worker: its heartbeat stops for this long */
	double stall = fo->stall > 0 ? fo->stall : job->opts.lim.timeout * 3 + 2;
	int64_t stall_ns = (int64_t)(stall * 1e9);
	struct pollfd *pfd = calloc((size_t)n, sizeof(struct pollfd));
	int live = 0;
	for (;;) {
		live = 0;
		int busy = 0;
		for (int i = 0; i < n; i++) {
			if (!w[i].pid)
				continue;
			live++;
			if (w[i].holding) {
				busy++;
				continue;
			}
			if (*stop || q.head == q.tail)
				continue;
			item it = q.v[q.head];
			if (bf_frame_send(w[i].to_fd, BF_FR_JOB, &it.msg, sizeof(it.msg)) == 0) {
				q.head++;
				w[i].held = it;
				w[i].holding = true;
				w[i].since = bf_now_ns();
				busy++;
			}
		}
		if (busy == 0 && (*stop || q.head == q.tail))
			break;
		if (live == 0)
			break;
		for (int i = 0; i < n; i++) {
			pfd[i].fd = w[i].pid ? w[i].from_fd : -1;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		int pr = poll(pfd, (nfds_t)n, 200);
		if (pr < 0 && errno != EINTR)
			break;
		int64_t now = bf_now_ns();
		for (int i = 0; i < n; i++) {
			if (!w[i].pid)
				continue;
			bool dead = false, done_job = false, stalled = false;
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) {
				uint32_t type;
				bf_msg_done d;
				const char *why = NULL;
				int r = bf_frame_recv(w[i].from_fd, &type, &d, sizeof(d), &why);
				if (r == 1 && type == BF_FR_DONE && w[i].holding &&
				    d.task == w[i].held.msg.task) {
					job->samples_run += d.samples_run;
					job->exact_tasks += d.exact_tasks;
					job->filed += d.filed;
					job->differs_filed += d.differs_filed;
					job->errors += d.errors;
					job->timeouts += d.timeouts;
					job->wall_timeouts += d.wall_timeouts;
					job->store_failures += d.status < 0;
					w[i].holding = false;
					done_job = true;
				} else {
					if (r < 0)
						fprintf(stderr, "battfarm: validator %d: %s\n", w[i].index, why);
					dead = true;
				}
			} else if (w[i].holding && now - w[i].since > stall_ns &&
				   now - slots[w[i].slot].heartbeat_ns > stall_ns) {
				/* the heartbeat may predate the job: both must be old */
				fprintf(stderr, "battfarm: validator %d stalled on task %s; killed\n",
					w[i].index, job->tasks.tasks[w[i].held.msg.task].id);
				kill(w[i].pid, SIGKILL);
				dead = true;
				stalled = true;
			}
			item it = w[i].held;
			bool gave_up = false;
			if (dead) {
				/* the worker is gone (or going): reap it, requeue its job.
				 * A SIGKILL we did not send came from outside (a user, a
				 * test, the kernel): not the job's fault, so it does not
				 * count against the job -- up to a bound, so a job that
				 * somehow gets its worker killed every time still ends. */
				int wstatus = 0;
				bool ours = stalled;
				kill(w[i].pid, SIGKILL);
				waitpid(w[i].pid, &wstatus, 0);
				bool outside = !ours && WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL;
				slots[w[i].slot].state = BF_SLOT_DIED;
				close_worker(&w[i]);
				w[i].pid = 0;
				if (w[i].holding) {
					w[i].holding = false;
					it.kills += outside;
					it.attempts += !outside;
					if (it.attempts < MAX_ATTEMPTS && it.kills < MAX_OUTSIDE_KILLS) {
						push(&q, it);
					} else {
						fprintf(stderr, "battfarm: task %s lost %d workers (%d more "
								"killed from outside); recorded as error\n",
							job->tasks.tasks[it.msg.task].id, it.attempts,
							it.kills);
						gave_up = true;
					}
				}
				if (!*stop && next_slot < nslots &&
				    spawn(job, &w[i], slots, &split, next_slot, w[i].index, w, n) == 0)
					next_slot++;
			}
			if (!done_job && !gave_up)
				continue;
			/* a job is over, for good or ill: move its task along */
			if (it.msg.kind == BF_JOB_TASK) {
				finished++;
				failed += gave_up;
			} else if (it.msg.kind == BF_JOB_EVAL) {
				sp.abandoned |= gave_up;
				if (--sp.evals_left == 0) {
					if (sp.abandoned) {
						finished++;
						failed++;
						sp.cur = -1;
						split_next(job, &sp, &q, n);
					} else {
						item f = {{sp.cur, BF_JOB_FILE, 0, 0}, 0, 0};
						push(&q, f);
					}
				}
			} else {
				finished++;
				failed += gave_up;
				sp.cur = -1;
				split_next(job, &sp, &q, n);
			}
		}
	while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (tty && now - last_progress > 500000000) {
			uint64_t cands = 0;
			for (int s = 0; s < next_slot; s++) {
				bf_slot snap;
				bf_slot_snapshot(&slots[s], &snap);
				cands += snap.prof.candidates;
			}
			progress(finished, ntasks, cands, start);
			last_progress = now;
		}
	}
	if (tty)
		fputc('\n', stderr);
	if (!*stop && finished < ntasks)
		fprintf(stderr, "battfarm: %d of %d tasks were not run: no worker could be kept "
				"alive (%d started)\n",
			ntasks - finished, ntasks, next_slot);
	/* tell the rest to go, then collect them */
	for (int i = 0; i < n; i++)
		if (w[i].pid) {
			bf_frame_send(w[i].to_fd, BF_FR_QUIT, NULL, 0);
			close_worker(&w[i]);
		}
	for (int i = 0; i < n; i++)
		if (w[i].pid)
			waitpid(w[i].pid, NULL, 0);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	free(pfd);
	free(w);
	free(q.v);
	if (split.res)
		munmap(split.res, split_size);
	job->errors += (uint64_t)failed;
	*slots_out = slots;
	*nslots_out = nslots;
	*done_out = finished;
	return 0;
}

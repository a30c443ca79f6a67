/*
 * proctab.c -- the process table (see proctab.h).
 *
 * Liveness: a busy worker is stalled only when, over the supervisor's own
 * rounds, it was runnable (not stopped: ^Z/fg or a SIGSTOP leave it be;
 * not in disk sleep either, which a kill would not end) and neither its
 * CPU time nor its heartbeat moved.  A round's gap is capped, so time the
 * supervisor itself spent stopped does not count, and it takes several
 * still rounds in a row: on a loaded box a runnable worker can miss one
 * round's worth of CPU, or be just continued and not yet scheduled.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proctab.h"
#include "battfarm/frame.h"
#include "battfarm/util.h"

/* Respawn back-off after deaths before any work: 10 ms doubling to 1 s. */
#define BACKOFF_BASE_NS 10000000LL
#define BACKOFF_MAX_NS 1000000000LL
/* The most a round's gap counts toward a stall (the poll waits 200 ms). */
#define ROUND_CAP_NS 250000000LL
/* The fewest still rounds in a row that make a stall. */
#define STALL_MIN_ROUNDS 3

int bf_pt_init(bf_proctab *pt, int n, int differs, bf_worker_fn main, bf_worker_fn differ_main,
	       const bf_job *job, const bf_split_area *split)
{
	memset(pt, 0, sizeof(*pt));
	pt->slots = bf_slots_map(n);
	if (!pt->slots)
		return -1;
	pt->n = n;
	pt->main = main;
	pt->differ_main = differ_main;
	pt->args.job = job;
	pt->args.split = split;
	pt->p = calloc((size_t)n, sizeof(bf_proc));
	for (int i = 0; i < n; i++) {
		pt->p[i].to_fd = pt->p[i].from_fd = -1;
		bool differ = i >= n - differs;
		pt->p[i].role = differ ? BF_ROLE_DIFFER : BF_ROLE_VALIDATOR;
		pt->p[i].index = differ ? i - (n - differs) + 1 : i + 1;
		pt->p[i].slot = &pt->slots[i];
	}
	return 0;
}

static void close_fds(bf_proc *p)
{
	if (p->to_fd >= 0)
		close(p->to_fd);
	if (p->from_fd >= 0)
		close(p->from_fd);
	p->to_fd = p->from_fd = -1;
}

/* In the child: keep only our pipe ends, at 3 and 4, and stdio; die with
 * the supervisor. */
_Noreturn static void child(bf_proctab *pt, int i, int to[2], int from[2], pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent) /* it died before the line above */
		_exit(0);
	for (int k = 0; k < pt->n; k++)
		close_fds(&pt->p[k]);
	close(to[1]);
	close(from[0]);
	int in = dup(to[0]), out = dup(from[1]);
	if (in < 0 || out < 0 || dup2(in, 3) < 0 || dup2(out, 4) < 0)
		_exit(BF_EXIT_FATAL);
	closefrom(5);
	bf_worker_args a = pt->args;
	a.slot = pt->p[i].slot;
	a.index = pt->p[i].index;
	a.fd_in = 3;
	a.fd_out = 4;
	a.slot->prof.pid = (int32_t)getpid();
	(pt->p[i].role == BF_ROLE_DIFFER ? pt->differ_main : pt->main)(&a);
	_exit(0);
}

static int spawn(bf_proctab *pt, int i)
{
	bf_proc *p = &pt->p[i];
	int to[2], from[2];
	if (pipe(to) < 0)
		return -1;
	if (pipe(from) < 0) {
		close(to[0]);
		close(to[1]);
		return -1;
	}
	fflush(NULL);
	pid_t parent = getpid(), pid = fork();
	if (pid == 0)
		child(pt, i, to, from, parent);
	close(to[0]);
	close(from[1]);
	if (pid < 0) {
		close(to[1]);
		close(from[0]);
		return -1;
	}
	p->pid = pid;
	p->to_fd = to[1];
	p->from_fd = from[0];
	p->state = BF_PROC_IDLE;
	p->did_work = false;
	memset(&p->good, 0, sizeof(p->good));
	/* the slot is the worker's from now on; mark its owner for the report */
	p->slot->prof.pid = (int32_t)pid;
	p->slot->prof.role = p->role;
	pt->started++;
	return 0;
}

void bf_pt_spawn_due(bf_proctab *pt, int64_t now, bool stopping)
{
	for (int i = 0; i < pt->n && !pt->fatal && !stopping; i++)
		if (pt->p[i].state == BF_PROC_FREE && pt->p[i].respawn_at <= now &&
		    spawn(pt, i) < 0)
			pt->p[i].respawn_at = now + BACKOFF_MAX_NS;
}

int bf_pt_wait_ms(const bf_proctab *pt, int64_t now, int cap)
{
	int ms = cap;
	for (int i = 0; i < pt->n; i++)
		if (pt->p[i].state == BF_PROC_FREE && !pt->fatal) {
			int64_t left = (pt->p[i].respawn_at - now) / 1000000 + 1;
			if (left < ms)
				ms = left < 0 ? 0 : (int)left;
		}
	return ms;
}

bool bf_pt_alive(const bf_proctab *pt, bool stopping)
{
	for (int i = 0; i < pt->n; i++)
		if (pt->p[i].state != BF_PROC_FREE || (!stopping && !pt->fatal))
			return true;
	return false;
}

/* The worker's last consistent timings, for the report. */
static void record(bf_proctab *pt, bf_proc *p)
{
	bf_slot snap;
	if (bf_slot_snapshot(p->slot, &snap) == 0)
		p->good = snap;
	if (!p->good.prof.pid) /* never seen consistent: at least its name */
		p->good.prof = (bf_prof_slot){.pid = (int32_t)p->pid, .role = p->role};
	if (pt->nrecords == pt->caprecords) {
		pt->caprecords = pt->caprecords ? 2 * pt->caprecords : 16;
		pt->records = bf_xrealloc(pt->records, sizeof(bf_prof_slot) * (size_t)pt->caprecords);
	}
	pt->records[pt->nrecords++] = p->good.prof;
	bf_slot_reclaim(p->slot);
}

static bf_death cause(int wstatus, bool ours)
{
	if (ours)
		return BF_DEATH_OURS;
	if (WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL)
		return BF_DEATH_OUTSIDE;
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == BF_EXIT_FATAL)
		return BF_DEATH_FATAL;
	return BF_DEATH_CRASH;
}

bf_death bf_pt_bury(bf_proctab *pt, int i, bool ours)
{
	bf_proc *p = &pt->p[i];
	int wstatus = 0;
	kill(p->pid, SIGKILL);
	while (waitpid(p->pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	bf_death d = cause(wstatus, ours);
	record(pt, p);
	close_fds(p);
	p->pid = 0;
	p->state = BF_PROC_FREE;
	pt->deaths++;
	if (d == BF_DEATH_FATAL) {
		pt->fatal = true;
		return d;
	}
	/* a crash before any work may be a crash loop: back off, and give up
	 * when the whole table keeps at it */
	bool young = !p->did_work && d == BF_DEATH_CRASH;
	p->young_deaths = young ? p->young_deaths + 1 : 0;
	pt->young_in_row = young ? pt->young_in_row + 1 : 0;
	int64_t delay = 0;
	if (p->young_deaths > 0) {
		int shift = p->young_deaths - 1 < 7 ? p->young_deaths - 1 : 7;
		delay = BACKOFF_BASE_NS << shift;
		delay = delay < BACKOFF_MAX_NS ? delay : BACKOFF_MAX_NS;
	}
	p->respawn_at = bf_now_ns() + delay;
	if (pt->young_in_row >= 2 * pt->n + 4) {
		fprintf(stderr, "battfarm: %d workers in a row died before doing any work; no more "
				"are started\n", pt->young_in_row);
		pt->fatal = true;
	}
	return d;
}

/* CPU time of a process (user + system), -1 when it cannot be read. */
static int64_t cpu_ns(pid_t pid)
{
	clockid_t cid;
	struct timespec ts;
	if (clock_getcpuclockid(pid, &cid) != 0 || clock_gettime(cid, &ts) != 0)
		return -1;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Whether the process may run on its own: not stopped (T), traced (t) or
 * waiting for the disk (D). */
static bool runnable(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return true;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *rp = strrchr(buf, ')'); /* the name may hold spaces and parens */
	return !(rp && rp[1] == ' ' && (rp[2] == 'T' || rp[2] == 't' || rp[2] == 'D'));
}

void bf_pt_busy(bf_proctab *pt, int i, int64_t now)
{
	bf_proc *p = &pt->p[i];
	p->state = BF_PROC_BUSY;
	p->seen_ns = now;
	p->still_ns = 0;
	p->still_rounds = 0;
	p->cpu_ns = cpu_ns(p->pid);
	p->beat_ns = atomic_load(&p->slot->heartbeat_ns);
}

void bf_pt_did_work(bf_proctab *pt, int i)
{
	bf_proc *p = &pt->p[i];
	p->state = BF_PROC_IDLE;
	p->did_work = true;
	p->young_deaths = 0;
	pt->young_in_row = 0;
	bf_slot snap;
	if (bf_slot_snapshot(p->slot, &snap) == 0)
		p->good = snap;
}

bool bf_pt_stalled(bf_proctab *pt, int i, int64_t now, int64_t stall_ns)
{
	bf_proc *p = &pt->p[i];
	int64_t gap = now - p->seen_ns;
	p->seen_ns = now;
	int64_t cpu = cpu_ns(p->pid), beat = atomic_load(&p->slot->heartbeat_ns);
	if (cpu != p->cpu_ns || beat != p->beat_ns) {
		p->cpu_ns = cpu;
		p->beat_ns = beat;
		p->still_ns = 0;
		p->still_rounds = 0;
		return false;
	}
	if (!runnable(p->pid)) {
		p->still_ns = 0; /* it is held from outside, or by the disk */
		p->still_rounds = 0;
		return false;
	}
	p->still_ns += gap < ROUND_CAP_NS ? gap : ROUND_CAP_NS;
	p->still_rounds++;
	return p->still_ns > stall_ns && p->still_rounds >= STALL_MIN_ROUNDS;
}

uint64_t bf_pt_candidates(bf_proctab *pt)
{
	uint64_t n = 0;
	for (int r = 0; r < pt->nrecords; r++)
		n += pt->records[r].candidates;
	for (int i = 0; i < pt->n; i++) {
		bf_slot snap;
		if (pt->p[i].state != BF_PROC_FREE && bf_slot_snapshot(pt->p[i].slot, &snap) == 0)
			pt->p[i].good = snap;
		if (pt->p[i].state != BF_PROC_FREE)
			n += pt->p[i].good.prof.candidates;
	}
	return n;
}

void bf_pt_signal_all(bf_proctab *pt, int sig)
{
	for (int i = 0; i < pt->n; i++)
		if (pt->p[i].state != BF_PROC_FREE)
			kill(pt->p[i].pid, sig);
}

void bf_pt_finish(bf_proctab *pt, bf_prof_slot **records, int *nrecords)
{
	for (int i = 0; i < pt->n; i++)
		if (pt->p[i].state != BF_PROC_FREE) {
			bf_frame_send(pt->p[i].to_fd, BF_FR_QUIT, NULL, 0);
			close_fds(&pt->p[i]);
			pt->p[i].state = BF_PROC_EXITING;
		}
	for (int i = 0; i < pt->n; i++)
		if (pt->p[i].state == BF_PROC_EXITING) {
			while (waitpid(pt->p[i].pid, NULL, 0) < 0 && errno == EINTR)
				;
			record(pt, &pt->p[i]);
			pt->p[i].state = BF_PROC_FREE;
		}
	bf_slots_unmap(pt->slots, pt->n);
	free(pt->p);
	*records = pt->records;
	*nrecords = pt->nrecords;
}

/*
 * sched.c -- the range scheduler (see sched.h): plans (task, candidate
 * range) jobs from costs once, then answers "what next" for each free
 * worker.
 *
 * Dispatch order: a retried job, then a FILE job whose ranges are all in,
 * then the costliest pending WHOLE or RANGE job -- of a task already in
 * progress, or of a new one when a result area is free -- and, for a
 * validator with nothing else to do, a DIFF job no differ worker has
 * taken: the cheap tasks that end a job come in bursts, and validators
 * would otherwise wait for a few differ workers to judge them.  (The farm
 * asks for its differ workers first, so a DIFF job goes to an idle one
 * when there is one.)  Everything here is
 * deterministic in its inputs, so the virtual clock of `battfarm simulate`
 * replays exactly what the farm would do with the same costs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"
#include "battfarm/util.h"

enum { J_WAITING, J_PENDING, J_HELD, J_DONE };

typedef struct sjob {
	bf_sched_job j;
	int state;
} sjob;

typedef struct stask {
	int area;       /* -1: not started or over */
	int first, n;   /* its WHOLE or RANGE jobs: ids first .. first+n-1 */
	int file;       /* its FILE job, -1 for a WHOLE task */
	int diff;       /* its DIFF job, -1 without differ workers */
	int left;       /* of its n jobs, those not back yet */
	bool failed, over;
} stask;

/* A queue of job ids (ids stay valid; stale entries are skipped). */
typedef struct idq {
	int *v;
	int head, n, cap;
} idq;

struct bf_sched {
	int ntasks, ncands, workers, differs;
	sjob *jobs;
	int njobs, cap;
	stask *tasks;
	int *order; /* WHOLE and RANGE ids, costliest first */
	int norder, cursor; /* order[0 .. cursor) are all taken */
	idq retry, ready;
	idq dretry, dready; /* the differ workers' */
	int *free_area;
	int nfree;
	int *held;   /* per worker: job id in hand, -1 */
	double *busy;/* per worker: measured cost of its done jobs */
	bf_sched_stats st;
};

static void idq_push(idq *q, int id)
{
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 16;
		q->v = bf_xrealloc(q->v, sizeof(int) * (size_t)q->cap);
	}
	q->v[q->n++] = id;
}

/* The oldest entry still pending, or -1. */
static int idq_pop(idq *q, const sjob *jobs)
{
	while (q->head < q->n) {
		int id = q->v[q->head++];
		if (jobs[id].state == J_PENDING)
			return id;
	}
	q->head = q->n = 0;
	return -1;
}

static int add_job(bf_sched *s, int task, int kind, int lo, int hi, double cost, int state)
{
	if (s->njobs == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->jobs = bf_xrealloc(s->jobs, sizeof(sjob) * (size_t)s->cap);
	}
	sjob *sj = &s->jobs[s->njobs];
	memset(sj, 0, sizeof(*sj));
	sj->j.id = s->njobs;
	sj->j.task = task;
	sj->j.kind = kind;
	sj->j.lo = lo;
	sj->j.hi = hi;
	sj->j.area = -1;
	sj->j.cost = cost;
	sj->state = state;
	return s->njobs++;
}

/* The jobs after task t's ranges: its DIFF (with differ workers) and FILE. */
static void add_stages(bf_sched *s, int t)
{
	stask *tk = &s->tasks[t];
	if (s->differs)
		tk->diff = add_job(s, t, BF_SCHED_DIFF, 0, s->ncands, 0, J_WAITING);
	tk->file = add_job(s, t, BF_SCHED_FILE, 0, s->ncands, 0, J_WAITING);
}

/* Cut task t into ranges of about `size`: a range closes once
 * it reaches size, and a remainder under half a size joins the range
 * before it, so every range is between size/2 and size plus one
 * candidate. */
static void plan_ranges(bf_sched *s, int t, const double *cost, double size)
{
	stask *tk = &s->tasks[t];
	int lo = 0;
	double acc = 0;
	for (int c = 0; c < s->ncands; c++) {
		acc += cost[c];
		if (acc >= size && c + 1 < s->ncands) {
			add_job(s, t, BF_SCHED_RANGE, lo, c + 1, acc, J_PENDING);
			lo = c + 1;
			acc = 0;
		}
	}
	if (lo < s->ncands) {
		if (acc < size / 2 && s->njobs > tk->first) {
			sjob *prev = &s->jobs[s->njobs - 1];
			prev->j.hi = s->ncands;
			prev->j.cost += acc;
		} else {
			add_job(s, t, BF_SCHED_RANGE, lo, s->ncands, acc, J_PENDING);
		}
	}
	tk->n = s->njobs - tk->first;
	if (tk->n == 1 && !s->differs) { /* one candidate outweighs the rest: no split */
		s->jobs[tk->first].j.kind = BF_SCHED_WHOLE;
		return;
	}
	s->st.split += tk->n > 1;
	add_stages(s, t);
}

static int by_cost(const void *a, const void *b, void *arg)
{
	const sjob *jobs = arg;
	const bf_sched_job *x = &jobs[*(const int *)a].j, *y = &jobs[*(const int *)b].j;
	if (x->cost != y->cost)
		return x->cost > y->cost ? -1 : 1;
	if (x->task != y->task)
		return x->task < y->task ? -1 : 1;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static void plan(bf_sched *s, const double *cost, double grain)
{
	double total = 0;
	double *tc = bf_xmalloc(sizeof(double) * (size_t)(s->ntasks ? s->ntasks : 1));
	for (int t = 0; t < s->ntasks; t++) {
		tc[t] = 0;
		for (int c = 0; c < s->ncands; c++)
			tc[t] += cost[(size_t)t * (size_t)s->ncands + (size_t)c];
		total += tc[t];
	}
	/* one worker gains nothing from ranges: no target, whole tasks */
	double target = s->workers > 1 ? total / ((double)s->workers * grain) : INFINITY;
	for (int t = 0; t < s->ntasks; t++) {
		stask *tk = &s->tasks[t];
		tk->area = -1;
		tk->first = s->njobs;
		tk->file = tk->diff = -1;
		if (tc[t] <= target || s->ncands < 2) {
			/* with differ workers, one range: they judge, a validator files */
			add_job(s, t, s->differs ? BF_SCHED_RANGE : BF_SCHED_WHOLE, 0, s->ncands, tc[t],
				J_PENDING);
			tk->n = 1;
			if (s->differs)
				add_stages(s, t);
		} else {
			/* as many ranges as it takes to stay under the target */
			double k = ceil(tc[t] / target);
			plan_ranges(s, t, cost + (size_t)t * (size_t)s->ncands, tc[t] / k);
		}
		tk->left = tk->n;
	}
	s->order = bf_xmalloc(sizeof(int) * (size_t)(s->njobs ? s->njobs : 1));
	for (int i = 0; i < s->njobs; i++)
		if (s->jobs[i].j.kind == BF_SCHED_WHOLE || s->jobs[i].j.kind == BF_SCHED_RANGE)
			s->order[s->norder++] = i;
	qsort_r(s->order, (size_t)s->norder, sizeof(int), by_cost, s->jobs);
	s->st.tasks = s->ntasks;
	s->st.jobs = s->njobs;
	s->st.target = target;
	s->st.total = total;
	free(tc);
}

bf_sched *bf_sched_new(int ntasks, int ncands, const double *cost, const bf_sched_opts *o)
{
	bf_sched *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->ntasks = ntasks;
	s->ncands = ncands;
	s->workers = o->workers > 0 ? o->workers : 1;
	s->differs = o->differs > 0 ? o->differs : 0;
	int all = s->workers + s->differs;
	s->tasks = calloc((size_t)(ntasks ? ntasks : 1), sizeof(stask));
	int areas = o->areas > 0 ? o->areas : BF_SCHED_AREAS(s->workers);
	s->free_area = bf_xmalloc(sizeof(int) * (size_t)areas);
	for (int a = 0; a < areas; a++)
		s->free_area[s->nfree++] = areas - 1 - a; /* area 0 is taken first */
	s->held = bf_xmalloc(sizeof(int) * (size_t)all);
	s->busy = calloc((size_t)all, sizeof(double));
	for (int w = 0; w < all; w++)
		s->held[w] = -1;
	plan(s, cost, o->grain > 0 ? o->grain : BF_SCHED_GRAIN);
	return s;
}

void bf_sched_free(bf_sched *s)
{
	if (!s)
		return;
	free(s->jobs);
	free(s->order);
	free(s->tasks);
	free(s->retry.v);
	free(s->ready.v);
	free(s->dretry.v);
	free(s->dready.v);
	free(s->free_area);
	free(s->held);
	free(s->busy);
	free(s);
}

/* The costliest pending job that may start: its task is in progress, or
 * a free area lets it start.  -1 when there is none. */
static int next_in_order(bf_sched *s)
{
	while (s->cursor < s->norder && s->jobs[s->order[s->cursor]].state != J_PENDING)
		s->cursor++;
	for (int i = s->cursor; i < s->norder; i++) {
		int id = s->order[i];
		if (s->jobs[id].state != J_PENDING)
			continue;
		stask *tk = &s->tasks[s->jobs[id].j.task];
		if (tk->area < 0 && s->nfree == 0)
			continue;
		if (tk->area < 0)
			tk->area = s->free_area[--s->nfree];
		return id;
	}
	return -1;
}

/* Hand job id (-1: none) to worker w. */
static int hand(bf_sched *s, int w, int id, bf_sched_job *job)
{
	if (id < 0)
		return 0;
	sjob *sj = &s->jobs[id];
	sj->state = J_HELD;
	sj->j.area = s->tasks[sj->j.task].area;
	s->held[w] = id;
	*job = sj->j;
	return 1;
}

/* A waiting DIFF job, one that was lost first; -1 when none waits. */
static int next_diff_id(bf_sched *s)
{
	int id = idq_pop(&s->dretry, s->jobs);
	return id >= 0 ? id : idq_pop(&s->dready, s->jobs);
}

int bf_sched_next(bf_sched *s, int w, bf_sched_job *job)
{
	if (s->st.over == s->ntasks)
		return -1;
	int id = idq_pop(&s->retry, s->jobs);
	if (id < 0)
		id = idq_pop(&s->ready, s->jobs);
	if (id < 0)
		id = next_in_order(s);
	if (id < 0)
		id = next_diff_id(s);
	return hand(s, w, id, job);
}

/* The oldest pending FILE or DIFF job in q, left in place (a stale entry
 * is skipped when q is popped), or -1. */
static int stage_in(const idq *q, const sjob *jobs)
{
	for (int i = q->head; i < q->n; i++) {
		const sjob *sj = &jobs[q->v[i]];
		if (sj->state == J_PENDING &&
		    (sj->j.kind == BF_SCHED_FILE || sj->j.kind == BF_SCHED_DIFF))
			return q->v[i];
	}
	return -1;
}

int bf_sched_next_stage(bf_sched *s, int w, bf_sched_job *job)
{
	if (s->st.over == s->ntasks)
		return -1;
	int id = stage_in(&s->retry, s->jobs);
	if (id < 0)
		id = idq_pop(&s->ready, s->jobs); /* FILE jobs only */
	if (id < 0)
		id = next_diff_id(s);
	return hand(s, w, id, job);
}

int bf_sched_next_diff(bf_sched *s, int w, bf_sched_job *job)
{
	if (s->st.over == s->ntasks)
		return -1;
	return hand(s, w, next_diff_id(s), job);
}

/* Task t is over: its area goes back. */
static bf_sched_end end_task(bf_sched *s, stask *tk, bool failed)
{
	tk->over = true;
	tk->failed |= failed;
	s->free_area[s->nfree++] = tk->area;
	tk->area = -1;
	s->st.over++;
	s->st.failed += tk->failed;
	return tk->failed ? BF_SCHED_LOST : BF_SCHED_FILED;
}

bf_sched_end bf_sched_done(bf_sched *s, int w, const bf_sched_job *job, double cost)
{
	sjob *sj = &s->jobs[job->id];
	stask *tk = &s->tasks[sj->j.task];
	sj->state = J_DONE;
	s->held[w] = -1;
	s->busy[w] += cost;
	if (sj->j.kind == BF_SCHED_DIFF) { /* judged: a validator files it */
		s->jobs[tk->file].state = J_PENDING;
		idq_push(&s->ready, tk->file);
		return BF_SCHED_OPEN;
	}
	if (sj->j.kind != BF_SCHED_RANGE)
		return end_task(s, tk, false);
	if (--tk->left > 0)
		return BF_SCHED_OPEN;
	if (tk->failed)
		return end_task(s, tk, true);
	int next = tk->diff >= 0 ? tk->diff : tk->file;
	s->jobs[next].state = J_PENDING;
	idq_push(tk->diff >= 0 ? &s->dready : &s->ready, next);
	return BF_SCHED_OPEN;
}

void bf_sched_retry(bf_sched *s, int w, const bf_sched_job *job)
{
	sjob *sj = &s->jobs[job->id];
	if (sj->j.kind == BF_SCHED_RANGE && s->tasks[sj->j.task].failed) {
		bf_sched_done(s, w, job, 0); /* its task is lost anyway */
		return;
	}
	sj->state = J_PENDING;
	sj->j.attempts = job->attempts;
	sj->j.kills = job->kills;
	s->held[w] = -1;
	idq_push(sj->j.kind == BF_SCHED_DIFF ? &s->dretry : &s->retry, job->id);
}

bf_sched_end bf_sched_drop(bf_sched *s, int w, const bf_sched_job *job)
{
	sjob *sj = &s->jobs[job->id];
	stask *tk = &s->tasks[sj->j.task];
	sj->state = J_DONE;
	s->held[w] = -1;
	if (sj->j.kind != BF_SCHED_RANGE)
		return end_task(s, tk, true);
	tk->failed = true;
	/* its ranges not yet handed out will not be: the task is lost */
	for (int i = tk->first; i < tk->first + tk->n; i++)
		if (s->jobs[i].state == J_PENDING) {
			s->jobs[i].state = J_DONE;
			tk->left--;
		}
	if (--tk->left > 0)
		return BF_SCHED_OPEN;
	return end_task(s, tk, true);
}

void bf_sched_get_stats(const bf_sched *s, bf_sched_stats *st)
{
	*st = s->st;
}

double bf_sched_busy(const bf_sched *s, int w)
{
	return w >= 0 && w < s->workers + s->differs ? s->busy[w] : 0;
}

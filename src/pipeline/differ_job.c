/*
 * differ_job.c -- battfarm.differ_eval in a differ worker (bf_task_judge,
 * pipeline.h): the outputs the validators left in the task's records,
 * hash-consed, so that each distinct (sample, grid) is judged once by each
 * differ -- a differ's verdict depends on nothing else -- then every
 * candidate's result completed from the verdicts and phase 4 filed.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phases.h"
#include "battfarm/util.h"

/* The distinct outputs of a task: for each, a record that holds it (or,
 * for an exact one, only its sample: the grid is the expected one). */
typedef struct distinct {
	int *first;     /* per distinct output: record index c * ns + k */
	int n;
	int *of;        /* per record: its distinct output, -1 none */
	int *table;     /* open addressing: distinct index, -1 empty */
	size_t mask;
} distinct;

static uint64_t rec_hash(const bf_task_outs *o, int idx)
{
	const bf_out_rec *r = &o->rec[idx];
	int k = idx % o->ns;
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)k;
	h = (h ^ r->state) * 1099511628211ULL;
	if (r->state != BF_OUT_PENDING)
		return h;
	h = (h ^ r->h) * 1099511628211ULL;
	h = (h ^ r->w) * 1099511628211ULL;
	const int8_t *cells = o->cells + r->off;
	for (int i = 0; i < r->h * r->w; i++)
		h = (h ^ (uint8_t)cells[i]) * 1099511628211ULL;
	return h;
}

static bool rec_same(const bf_task_outs *o, int a, int b)
{
	const bf_out_rec *x = &o->rec[a], *y = &o->rec[b];
	if (a % o->ns != b % o->ns || x->state != y->state)
		return false;
	if (x->state != BF_OUT_PENDING)
		return true;
	return x->h == y->h && x->w == y->w &&
	       memcmp(o->cells + x->off, o->cells + y->off, (size_t)x->h * x->w) == 0;
}

/* Index every record that waits for a verdict under its distinct output. */
static void hash_cons(const bf_task_outs *o, int nrec, distinct *dt)
{
	size_t cap = 16;
	while (cap < 2 * (size_t)nrec)
		cap *= 2;
	dt->mask = cap - 1;
	dt->table = bf_xmalloc(sizeof(int) * cap);
	memset(dt->table, -1, sizeof(int) * cap);
	dt->first = bf_xmalloc(sizeof(int) * (size_t)(nrec ? nrec : 1));
	dt->of = bf_xmalloc(sizeof(int) * (size_t)(nrec ? nrec : 1));
	dt->n = 0;
	for (int i = 0; i < nrec; i++) {
		dt->of[i] = -1;
		int st = o->rec[i].state;
		if (st != BF_OUT_PENDING && st != BF_OUT_EXACT)
			continue;
		size_t slot = rec_hash(o, i) & dt->mask;
		while (dt->table[slot] >= 0 && !rec_same(o, dt->first[dt->table[slot]], i))
			slot = (slot + 1) & dt->mask;
		if (dt->table[slot] < 0) {
			dt->table[slot] = dt->n;
			dt->first[dt->n++] = i;
		}
		dt->of[i] = dt->table[slot];
	}
}

/* Every differ on distinct output u: its verdicts into v[0..ndiffs). */
static void judge_one(const bf_job *job, const bf_task *task, const bf_task_outs *o, int idx,
		      bf_ctx *grids, bf_runner *rn, int64_t *v)
{
	const bf_out_rec *r = &o->rec[idx];
	int k = idx % o->ns;
	const bf_sample *smp = k < task->ntrain ? &task->train[k] : &task->test[k - task->ntrain];
	bf_arena_reset(&grids->arena);
	bf_val out = r->state == BF_OUT_EXACT ? smp->output : bf_out_unflatten(grids, o, r);
	for (int d = 0; d < job->ndiffs; d++) {
		bf_val val;
		bf_status s = bf_eval_program(rn->ctx, job->diffs[d].prog, task->S, out, smp->output,
					      &job->opts.lim, &val);
		v[d] = bf_differ_value(s, val);
	}
}

/* The verdicts of every distinct output, then each record's share: its
 * candidate's sscore row and its mean.  false when cut. */
static bool judge_all(const bf_job *job, const bf_task *task, const bf_task_outs *o, int nrec,
		      int64_t *sscore, bf_runner *rn)
{
	distinct dt;
	hash_cons(o, nrec, &dt);
	int nd = job->ndiffs;
	int64_t *v = bf_xmalloc(sizeof(int64_t) * ((size_t)dt.n * (size_t)nd + 1));
	bf_ctx grids;
	bf_ctx_init(&grids, rn->ctx->arena.limit);
	int64_t t0 = bf_now_ns();
	for (int u = 0; u < dt.n && !bf_runner_cut(rn); u++)
		judge_one(job, task, o, dt.first[u], &grids, rn, v + (size_t)u * (size_t)nd);
	bf_prof_add(rn->slot, BF_M_DIFFER_EVAL, bf_now_ns() - t0);
	bool cut = bf_runner_cut(rn);
	for (int i = 0; i < nrec && !cut; i++) {
		if (dt.of[i] < 0)
			continue;
		const int64_t *vu = v + (size_t)dt.of[i] * (size_t)nd;
		int64_t *row = sscore + (size_t)(i / o->ns) * (size_t)nd, sum = 0;
		for (int d = 0; d < nd; d++) {
			row[d] += vu[d];
			sum += vu[d];
		}
		o->rec[i].mean = (int32_t)(sum / nd);
	}
	bf_ctx_release(&grids);
	free(v);
	free(dt.first);
	free(dt.of);
	free(dt.table);
	return !cut;
}

/* A test hook: the first worker to judge a task after adding up its
 * verdicts dies by SIGKILL (the file named is how the workers agree on
 * "first"), so a test can show the rerun files what an undisturbed run
 * files. */
static void test_kill_after_judging(void)
{
	const char *once = getenv("BATTFARM_TEST_KILL_JUDGED");
	if (!once || !*once)
		return;
	int fd = open(once, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	close(fd);
	raise(SIGKILL);
}

int bf_task_judge(const bf_job *job, int t, bf_cand_result *res, const int64_t *sscore,
		  const bf_task_outs *outs, bf_runner *rn)
{
	const bf_task *task = &job->tasks.tasks[t];
	int ns = task->ntrain + task->ntest;
	if (ns > outs->ns)
		return -1; /* the arena was sized for every task: cannot happen */
	/* The shared rows hold the validators' verdicts; this job's are added
	 * to a copy, so that a job run again after its worker died (with the
	 * rows added to) counts them once, as an undisturbed run does. */
	size_t nrow = (size_t)job->ncands * (size_t)job->ndiffs;
	int64_t *rows = bf_xmalloc(sizeof(int64_t) * (nrow + 1));
	memcpy(rows, sscore, sizeof(int64_t) * nrow);
	int rc = BF_TASK_CUT;
	if (judge_all(job, task, outs, job->ncands * outs->ns, rows, rn)) {
		test_kill_after_judging();
		for (int c = 0; c < job->ncands; c++)
			bf_cand_resolve(job, outs, c, ns, &res[c]);
		rc = bf_task_file_differs(job, t, res, rows, rn);
	}
	free(rows);
	return rc;
}

/*
 * pipeline.c -- preparing a job and running its phases on one task (see
 * pipeline.h and DESIGN.md, "The pipeline").
 *
 * Scores: a sample solved exactly earns 1000; otherwise the candidate earns
 * the mean of its differs' scores on (its output, the expected output),
 * each clamped to 0-1000, capped at 999 -- so a near miss never outranks an
 * exact match (the Python system summed them; see README).  A candidate's
 * score on a task is the sum over the demo and test samples.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/pipeline.h"
#include "battfarm/strset.h"
#include "battfarm/util.h"

int bf_t_log(double seconds)
{
	if (seconds <= 0)
		return 10;
	return 11 - (int)log(seconds); /* the cast truncates toward zero */
}

/* ---- preparation ---- */

static void print_errors(char **errs, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(stderr, "battfarm: %s\n", errs[i]);
}

/* Phase 1 and 2 over one library: drop repeated bodies, then programs whose
 * inlined text repeats (renamed copies). */
static bf_candidate *prepare_library(bf_job *job, bf_library *lib, bf_prog_kind kind, int *out_n,
				     bf_prof_slot *slot)
{
	bf_candidate *c = bf_xmalloc(sizeof(bf_candidate) * (size_t)(lib->n ? lib->n : 1));
	const bf_program **kept = bf_xmalloc(sizeof(bf_program *) * (size_t)(lib->n ? lib->n : 1));
	int nkept = 0, n = 0;

	int64_t t0 = bf_now_ns();
	bf_strset *bodies = bf_strset_new();
	for (int i = 0; i < lib->n; i++) {
		const bf_program *p = lib->progs[i];
		const char *body = memchr(p->text, '\n', p->text_len);
		body = body ? body + 1 : p->text + p->text_len;
		char md5[33];
		bf_md5_hex(body, (size_t)(p->text + p->text_len - body), md5);
		if (bf_strset_has(bodies, md5)) {
			job->dup_bodies++;
			continue;
		}
		bf_strset_add(bodies, md5);
		kept[nkept++] = p;
	}
	bf_strset_free(bodies);
	bf_prof_add(slot, BF_M_PHASE1_FILTER, bf_now_ns() - t0);

	t0 = bf_now_ns();
	bf_strset *names = bf_strset_new();
	for (int i = 0; i < nkept; i++) {
		if (bf_inline_md5(kept[i], kind, c[n].md5) < 0) {
			fprintf(stderr, "battfarm: %s:%d: %s inlines to more than %zu bytes; skipped\n",
				kept[i]->file, kept[i]->line, kept[i]->name, (size_t)BF_INLINE_MAX);
			job->too_big++;
			continue;
		}
		if (bf_strset_has(names, c[n].md5)) {
			job->dup_inlined++;
			continue;
		}
		bf_strset_add(names, c[n].md5);
		c[n++].prog = kept[i];
	}
	bf_strset_free(names);
	bf_prof_add(slot, BF_M_PHASE2_INLINE, bf_now_ns() - t0);
	free(kept);
	*out_n = n;
	return c;
}

int bf_job_prepare(bf_job *job, const char *data, const char **ids, int nids,
		   const char **solvers, int nsolvers, const char **differs, int ndiffers,
		   bf_prof_slot *slot)
{
	int64_t t0 = bf_now_ns();
	bf_taskset_init(&job->tasks);
	bf_library_init(&job->solvers);
	bf_library_init(&job->differs);
	bf_taskset_load_ids(&job->tasks, data, ids, nids);
	bf_taskset_sort(&job->tasks);
	print_errors(job->tasks.errors, job->tasks.nerrors);
	for (int i = 0; i < nsolvers; i++)
		bf_library_load(&job->solvers, solvers[i]);
	print_errors(job->solvers.errors, job->solvers.nerrors);
	for (int i = 0; i < ndiffers; i++)
		bf_library_load(&job->differs, differs[i]);
	print_errors(job->differs.errors, job->differs.nerrors);
	bf_prof_add(slot, BF_M_LOAD, bf_now_ns() - t0);

	job->cands = prepare_library(job, &job->solvers, BF_PROG_SOLVER, &job->ncands, slot);
	job->diffs = prepare_library(job, &job->differs, BF_PROG_DIFFER, &job->ndiffs, slot);
	if (job->tasks.n == 0) {
		if (nids)
			fprintf(stderr, "battfarm: none of the tasks asked for with -i is in %s\n", data);
		else
			fprintf(stderr, "battfarm: no task could be loaded from %s\n", data);
		return -1;
	}
	if (job->ncands == 0) {
		fprintf(stderr, "battfarm: no candidate program could be loaded\n");
		return -1;
	}
	return 0;
}

void bf_job_select(bf_job *job, const char **ids, int nids, int first, int count)
{
	bf_taskset *ts = &job->tasks;
	int n = 0;
	for (int i = 0; i < ts->n; i++) {
		bool want = nids == 0;
		for (int k = 0; k < nids && !want; k++)
			want = strcmp(ids[k], ts->tasks[i].id) == 0;
		if (want)
			ts->tasks[n++] = ts->tasks[i];
		else {
			free(ts->tasks[i].id);
			free(ts->tasks[i].file);
			free(ts->tasks[i].train);
			free(ts->tasks[i].test);
		}
	}
	for (int k = 0; k < nids; k++) {
		bool found = false;
		for (int i = 0; i < n && !found; i++)
			found = strcmp(ids[k], ts->tasks[i].id) == 0;
		if (!found)
			fprintf(stderr, "battfarm: task '%s' is not in the data; skipped\n", ids[k]);
	}
	if (first < 0)
		first = 0;
	if (first > n)
		first = n;
	int last = count < 0 || first + count > n ? n : first + count;
	for (int i = 0; i < n; i++)
		if (i < first || i >= last) {
			free(ts->tasks[i].id);
			free(ts->tasks[i].file);
			free(ts->tasks[i].train);
			free(ts->tasks[i].test);
		}
	memmove(ts->tasks, ts->tasks + first, sizeof(bf_task) * (size_t)(last - first));
	ts->n = last - first;
}

void bf_job_release(bf_job *job)
{
	free(job->cands);
	free(job->diffs);
	bf_library_release(&job->solvers);
	bf_library_release(&job->differs);
	bf_taskset_release(&job->tasks);
}

/* ---- one task ---- */

/* A differ's verdict: the int first item of its tuple (or the int itself),
 * clamped to 0-1000; anything else counts 0. */
static int64_t differ_value(bf_status st, bf_val v)
{
	if (st != BF_OK)
		return 0;
	if (v.kind == BF_TUPLE && v.u.t->n > 0)
		v = v.u.t->it[0];
	if (!bf_is_intlike(v))
		return 0;
	return v.u.i < 0 ? 0 : v.u.i > 1000 ? 1000 : v.u.i;
}


typedef struct rank_ctx {
	const bf_candidate *cands;
	const bf_cand_result *res;
} rank_ctx;

/* Best first, by the store's total order. */
static int by_rank(const void *a, const void *b, void *arg)
{
	const rank_ctx *rc = arg;
	int x = *(const int *)a, y = *(const int *)b;
	return -bf_filed_cmp(rc->res[x].score, rc->res[x].t_log, rc->cands[x].md5, rc->res[y].score,
			     rc->res[y].t_log, rc->cands[y].md5);
}

/* The samples of task t, demo then test. */
static const bf_sample **task_samples(const bf_task *task, int *ns)
{
	*ns = task->ntrain + task->ntest;
	const bf_sample **samples = bf_xmalloc(sizeof(bf_sample *) * (size_t)(*ns ? *ns : 1));
	for (int i = 0; i < task->ntrain; i++)
		samples[i] = &task->train[i];
	for (int i = 0; i < task->ntest; i++)
		samples[task->ntrain + i] = &task->test[i];
	return samples;
}

void bf_task_eval(bf_job *job, int t, int lo, int hi, bf_ctx *ctx, bf_cand_result *res,
		  int64_t *sscore, bf_prof_slot *slot)
{
	const bf_task *task = &job->tasks.tasks[t];
	int ns;
	const bf_sample **samples = task_samples(task, &ns);
	int nd = job->ndiffs;
	bf_ctx dctx;
	bf_ctx_init(&dctx, ctx->arena.limit);
	dctx.heartbeat = ctx->heartbeat;
	int64_t check_ns = 0, differ_ns = 0;
	for (int c = lo; c < hi; c++) {
		bf_cand_result *r = &res[c];
		memset(r, 0, sizeof(*r));
		for (int d = 0; d < nd; d++)
			sscore[(size_t)c * (size_t)nd + (size_t)d] = 0;
		bool exact_all = true, any_output = false;
		/* the budget and the backstop hold for the candidate on the whole
		 * task: each sample gets what the earlier ones left */
		bf_limits left = job->opts.lim;
		for (int k = 0; k < ns; k++) {
			const bf_sample *smp = samples[k];
			bf_val out;
			bf_status s;
			int64_t c0 = bf_now_ns();
			if ((job->opts.lim.budget && r->work >= job->opts.lim.budget) ||
			    (job->opts.lim.timeout > 0 && left.timeout <= 0)) {
				s = BF_TIMEOUT;
				ctx->work = 0;
			} else {
				if (job->opts.lim.budget)
					left.budget = job->opts.lim.budget - r->work;
				s = bf_eval_program(ctx, job->cands[c].prog, task->S, smp->input,
						    bf_none(), &left, &out);
			}
			int64_t c1 = bf_now_ns();
			check_ns += c1 - c0;
			r->wall_ns += c1 - c0;
			r->work += ctx->work;
			if (job->opts.lim.timeout > 0)
				left.timeout = job->opts.lim.timeout - (double)r->wall_ns / 1e9;
			job->samples_run++;
			if (s == BF_TIMEOUT) {
				job->timeouts++;
				job->wall_timeouts += ctx->wall_timeout;
			} else if (s == BF_ERROR) {
				job->errors++;
			}
			if (s != BF_OK) {
				exact_all = false;
				continue;
			}
			any_output = true;
			bool exact = smp->output.kind != BF_NONE && bf_eq(out, smp->output);
			if (exact)
				r->score += 1000;
			else
				exact_all = false;
			if (smp->output.kind == BF_NONE || nd == 0)
				continue;
			/* differ evaluation: the partial credit of a miss, and each
			 * differ's view of this output for phase 4 */
			int64_t d0 = bf_now_ns();
			int64_t sum = 0;
			for (int d = 0; d < nd; d++) {
				bf_val v;
				bf_status ds = bf_eval_program(&dctx, job->diffs[d].prog, task->S, out,
							       smp->output, &job->opts.lim, &v);
				int64_t dv = differ_value(ds, v);
				sum += dv;
				sscore[(size_t)c * (size_t)nd + (size_t)d] += dv;
			}
			if (!exact) {
				int64_t mean = sum / nd;
				r->score += mean > 999 ? 999 : mean;
			}
			differ_ns += bf_now_ns() - d0;
		}
		r->near_miss = any_output && !exact_all;
		r->exact_all = exact_all && ns > 0;
		r->t_log = bf_t_log(job->opts.t_log_wall ? (double)r->wall_ns / 1e9
							 : (double)r->work * BF_SECONDS_PER_UNIT);
	}
	bf_prof_add(slot, BF_M_CHECK_BATT, check_ns);
	bf_prof_add(slot, BF_M_DIFFER_EVAL, differ_ns);
	bf_ctx_release(&dctx);
	free(samples);
}

int bf_task_file(bf_job *job, int t, const bf_cand_result *res, const int64_t *sscore,
		 bf_ctx *ctx, bf_store *st, bf_prof_slot *slot, char *err, size_t errlen)
{
	const bf_task *task = &job->tasks.tasks[t];
	int ns;
	const bf_sample **samples = task_samples(task, &ns);
	int nc = job->ncands, nd = job->ndiffs;
	int64_t *dbase = calloc((size_t)(nd ? nd : 1), sizeof(int64_t));
	uint64_t *dwork = calloc((size_t)(nd ? nd : 1), sizeof(uint64_t));
	int *order = bf_xmalloc(sizeof(int) * (size_t)(nc ? nc : 1));
	int rc = 0;
	bf_taskdir td, dd;
	memset(&td, 0, sizeof(td));
	memset(&dd, 0, sizeof(dd));

	bool task_solved = false;
	for (int c = 0; c < nc; c++)
		task_solved |= res[c].exact_all;
	job->exact_tasks += task_solved;

	/* differs on (input, expected): the base of every s_score */
	int64_t t0 = bf_now_ns();
	for (int d = 0; d < nd; d++)
		for (int k = 0; k < ns; k++) {
			if (samples[k]->output.kind == BF_NONE)
				continue;
			bf_val v;
			bf_status s = bf_eval_program(ctx, job->diffs[d].prog, task->S,
						      samples[k]->input, samples[k]->output,
						      &job->opts.lim, &v);
			dbase[d] += 1000 - differ_value(s, v);
			dwork[d] += ctx->work;
		}
	bf_prof_add(slot, BF_M_DIFFER_EVAL, bf_now_ns() - t0);

	/* 3a: scores, t_log, ranking and the check_save pre-check (the task
	 * directory's index is read first: that is the score look-up) */
	if (bf_store_load_taskdir(st, BF_STORE_SOLVER, task->id, &td, err, errlen) < 0) {
		rc = -1;
		goto done;
	}
	t0 = bf_now_ns();
	int nkeep = 0;
	for (int c = 0; c < nc; c++) {
		const bf_cand_result *r = &res[c];
		if (r->score < job->opts.min_score)
			continue;
		if (!bf_store_would_keep(st, &td, r->score, r->t_log, job->cands[c].md5))
			continue;
		order[nkeep++] = c;
	}
	rank_ctx rk = {job->cands, res};
	qsort_r(order, (size_t)nkeep, sizeof(int), by_rank, &rk);
	/* only the best max_files of this task can survive their own filing */
	if (nkeep > job->opts.max_files)
		nkeep = job->opts.max_files;
	bf_prof_add(slot, BF_M_PHASE3A_VALIDATE, bf_now_ns() - t0);

	/* 3b: file them; the residual of the loop is phase3b_overhead */
	t0 = bf_now_ns();
	int64_t tracked0 = slot->ns[BF_M_PHASE3B_ENSURE_DIR] + slot->ns[BF_M_PHASE3B_CHECK_SAVE] +
			   slot->ns[BF_M_PHASE3B_SYMLINK] + slot->ns[BF_M_GENERATE_EXPANDED];
	for (int i = 0; i < nkeep; i++) {
		int c = order[i];
		size_t len = 0;
		char *text = NULL;
		if (bf_store_needs_text(st, BF_STORE_SOLVER, job->cands[c].md5)) {
			int64_t g0 = bf_now_ns();
			text = bf_expand_text(job->cands[c].prog, BF_PROG_SOLVER, &len);
			bf_prof_add(slot, BF_M_GENERATE_EXPANDED, bf_now_ns() - g0);
		}
		int f = bf_store_file(st, BF_STORE_SOLVER, &td, res[c].score, res[c].t_log,
				      job->cands[c].md5, text, len, err, errlen);
		free(text);
		if (f < 0) {
			rc = -1;
			goto done;
		}
		job->filed += (uint64_t)f;
	}
	int64_t tracked1 = slot->ns[BF_M_PHASE3B_ENSURE_DIR] + slot->ns[BF_M_PHASE3B_CHECK_SAVE] +
			   slot->ns[BF_M_PHASE3B_SYMLINK] + slot->ns[BF_M_GENERATE_EXPANDED];
	bf_prof_add(slot, BF_M_PHASE3B_OVERHEAD, bf_now_ns() - t0 - (tracked1 - tracked0));

	/* 4: each differ, filed at its best s_score over the near misses.  The
	 * store's own timers would count this work under phase 3b as well, so
	 * they are off here: phase 4 is timed as a whole and in its parts. */
	if (nd > 0) {
		bf_prof_slot *store_prof = st->prof;
		st->prof = NULL;
		int64_t p0 = bf_now_ns(), b0 = p0;
		int64_t *best = bf_xmalloc(sizeof(int64_t) * (size_t)nd);
		for (int d = 0; d < nd; d++) {
			best[d] = -1;
			for (int c = 0; c < nc; c++)
				if (res[c].near_miss &&
				    dbase[d] + sscore[(size_t)c * (size_t)nd + (size_t)d] > best[d])
					best[d] = dbase[d] + sscore[(size_t)c * (size_t)nd + (size_t)d];
		}
		bf_prof_add(slot, BF_M_PHASE4_BUILD, bf_now_ns() - b0);
		if (bf_store_load_taskdir(st, BF_STORE_DIFFER, task->id, &dd, err, errlen) < 0) {
			free(best);
			st->prof = store_prof;
			rc = -1;
			goto done;
		}
		for (int d = 0; d < nd && rc == 0; d++) {
			if (best[d] < job->opts.min_score)
				continue;
			int tl = bf_t_log((double)dwork[d] * BF_SECONDS_PER_UNIT);
			if (!bf_store_would_keep(st, &dd, best[d], tl, job->diffs[d].md5))
				continue;
			size_t len = 0;
			char *text = NULL;
			int64_t i0 = bf_now_ns();
			if (bf_store_needs_text(st, BF_STORE_DIFFER, job->diffs[d].md5))
				text = bf_expand_text(job->diffs[d].prog, BF_PROG_DIFFER, &len);
			int64_t i1 = bf_now_ns();
			bf_prof_add(slot, BF_M_PHASE4_INLINE, i1 - i0);
			int f = bf_store_file(st, BF_STORE_DIFFER, &dd, best[d], tl, job->diffs[d].md5,
					      text, len, err, errlen);
			bf_prof_add(slot, BF_M_PHASE4_PROCESS, bf_now_ns() - i1);
			free(text);
			if (f < 0)
				rc = -1;
			else
				job->differs_filed += (uint64_t)f;
		}
		free(best);
		st->prof = store_prof;
		bf_prof_add(slot, BF_M_PHASE4_DIFFERS, bf_now_ns() - p0);
	}
done:
	slot->jobs++;
	bf_taskdir_release(&td);
	bf_taskdir_release(&dd);
	free(samples);
	free(dbase);
	free(dwork);
	free(order);
	return rc;
}

int bf_job_run_task(bf_job *job, int t, bf_ctx *ctx, bf_store *st, bf_prof_slot *slot,
		    char *err, size_t errlen)
{
	int nc = job->ncands, nd = job->ndiffs;
	bf_cand_result *res = calloc((size_t)(nc ? nc : 1), sizeof(bf_cand_result));
	int64_t *sscore = calloc((size_t)(nc * nd > 0 ? nc * nd : 1), sizeof(int64_t));
	bf_task_eval(job, t, 0, nc, ctx, res, sscore, slot);
	slot->candidates += (uint64_t)nc;
	int rc = bf_task_file(job, t, res, sscore, ctx, st, slot, err, errlen);
	free(res);
	free(sscore);
	return rc;
}

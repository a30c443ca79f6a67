/*
 * phase4_differs.c -- run_batt.phase4_differs: each differ is filed at its
 * best s_score over the task's near misses.  A differ's s_score on a
 * candidate is, summed over the samples with an expected output, how far
 * it moves from (input, expected) -- its base, 1000 minus its verdict --
 * plus its verdict on (the candidate's output, expected).
 *
 * Phase 4 is timed as a whole and in its parts (build, inline, process);
 * the store does not time a differ's filing under phase 3b's metrics.
 */
#include <stdlib.h>

#include "phases.h"

/* Each differ on (input, expected) of every sample: dbase[d], and the work
 * it took, dwork[d], for its t_log. */
static void differ_bases(const bf_job *job, const bf_task *task, bf_runner *rn, int64_t *dbase,
			 uint64_t *dwork)
{
	int ns;
	const bf_sample **samples = bf_task_samples(task, &ns);
	int64_t t0 = bf_now_ns();
	for (int d = 0; d < job->ndiffs; d++)
		for (int k = 0; k < ns; k++) {
			if (samples[k]->output.kind == BF_NONE)
				continue;
			bf_val v;
			bf_status s = bf_eval_program(rn->ctx, job->diffs[d].prog, task->S,
						      samples[k]->input, samples[k]->output,
						      &job->opts.lim, &v);
			dbase[d] += 1000 - bf_differ_value(s, v);
			dwork[d] += rn->ctx->work;
		}
	bf_prof_add(rn->slot, BF_M_DIFFER_EVAL, bf_now_ns() - t0);
	free(samples);
}

/* Each differ's best s_score over the near misses, -1 when there are none. */
static void best_s_scores(const bf_job *job, const bf_cand_result *res, const int64_t *sscore,
			  const int64_t *dbase, int64_t *best)
{
	int nd = job->ndiffs;
	for (int d = 0; d < nd; d++) {
		best[d] = -1;
		for (int c = 0; c < job->ncands; c++) {
			int64_t s = dbase[d] + sscore[(size_t)c * (size_t)nd + (size_t)d];
			if (res[c].near_miss && s > best[d])
				best[d] = s;
		}
	}
}

/* File differ d at s_score best into dd: 1 filed, 0 not, -1 store error. */
static int file_differ(const bf_job *job, int d, int64_t best, int t_log, bf_taskdir *dd,
		       bf_runner *rn)
{
	const bf_candidate *diff = &job->diffs[d];
	if (best < job->opts.min_score || !bf_store_would_keep(rn->st, dd, best, t_log, diff->md5))
		return 0;
	size_t len = 0;
	char *text = NULL;
	int64_t i0 = bf_now_ns();
	if (bf_store_needs_text(rn->st, BF_STORE_DIFFER, diff->md5))
		text = bf_expand_text(diff->prog, BF_PROG_DIFFER, &len);
	int64_t i1 = bf_now_ns();
	bf_prof_add(rn->slot, BF_M_PHASE4_INLINE, i1 - i0);
	int f = bf_store_file(rn->st, BF_STORE_DIFFER, dd, best, t_log, diff->md5, text, len, rn->err,
			      sizeof(rn->err));
	bf_prof_add(rn->slot, BF_M_PHASE4_PROCESS, bf_now_ns() - i1);
	free(text);
	return f;
}

int bf_phase4_differs(const bf_job *job, int t, const bf_cand_result *res,
		      const int64_t *sscore, bf_runner *rn)
{
	int nd = job->ndiffs;
	if (nd == 0)
		return 0;
	const bf_task *task = &job->tasks.tasks[t];
	int64_t *dbase = calloc((size_t)nd, sizeof(int64_t));
	uint64_t *dwork = calloc((size_t)nd, sizeof(uint64_t));
	int64_t *best = calloc((size_t)nd, sizeof(int64_t));
	differ_bases(job, task, rn, dbase, dwork);
	int64_t p0 = bf_now_ns();
	best_s_scores(job, res, sscore, dbase, best);
	bf_prof_add(rn->slot, BF_M_PHASE4_BUILD, bf_now_ns() - p0);
	bf_taskdir dd;
	int rc = bf_store_load_taskdir(rn->st, BF_STORE_DIFFER, task->id, &dd, rn->err,
				       sizeof(rn->err));
	for (int d = 0; d < nd && rc == 0; d++) {
		int tl = bf_t_log((double)dwork[d] * BF_SECONDS_PER_UNIT);
		int f = file_differ(job, d, best[d], tl, &dd, rn);
		if (f < 0)
			rc = -1;
		else
			rn->stats.differs_filed += (uint64_t)f;
	}
	bf_prof_add(rn->slot, BF_M_PHASE4_DIFFERS, bf_now_ns() - p0);
	bf_taskdir_release(&dd);
	free(dbase);
	free(dwork);
	free(best);
	return rc;
}

/*
 * phase3a_validate.c -- run_batt.phase3a_validate: which of a task's
 * candidates are worth filing, best first (see phases.h).
 */
#include <stdlib.h>

#include "phases.h"

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

int bf_phase3a_validate(const bf_job *job, const bf_cand_result *res, const bf_store *st,
			const bf_taskdir *td, int *order, bf_prof_slot *slot)
{
	int64_t t0 = bf_now_ns();
	int nkeep = 0;
	for (int c = 0; c < job->ncands; c++) {
		const bf_cand_result *r = &res[c];
		if (r->score < job->opts.min_score)
			continue;
		if (!bf_store_would_keep(st, td, r->score, r->t_log, job->cands[c].md5))
			continue;
		order[nkeep++] = c;
	}
	rank_ctx rk = {job->cands, res};
	qsort_r(order, (size_t)nkeep, sizeof(int), by_rank, &rk);
	/* only the best max_files of this task can survive their own filing */
	if (nkeep > job->opts.max_files)
		nkeep = job->opts.max_files;
	bf_prof_add(slot, BF_M_PHASE3A_VALIDATE, bf_now_ns() - t0);
	return nkeep;
}

/*
 * phase3b_store.c -- phase 3b: file the candidates 3a chose.  The store
 * times its own parts (ensure_dir, check_save, symlink, generate_expanded);
 * the residual of the loop is run_batt.phase3b_overhead.
 */
#include <stdlib.h>

#include "phases.h"

/* The time the store's own timers hold. */
static int64_t store_tracked(const bf_prof_slot *slot)
{
	return slot->ns[BF_M_PHASE3B_ENSURE_DIR] + slot->ns[BF_M_PHASE3B_CHECK_SAVE] +
	       slot->ns[BF_M_PHASE3B_SYMLINK] + slot->ns[BF_M_GENERATE_EXPANDED];
}

int bf_phase3b_store(const bf_job *job, const bf_cand_result *res, const int *order, int n,
		     bf_taskdir *td, bf_runner *rn)
{
	bf_prof_slot *slot = rn->slot;
	int64_t t0 = bf_now_ns(), tracked0 = store_tracked(slot);
	for (int i = 0; i < n; i++) {
		const bf_candidate *cand = &job->cands[order[i]];
		const bf_cand_result *r = &res[order[i]];
		size_t len = 0;
		char *text = NULL;
		if (bf_store_needs_text(rn->st, BF_STORE_SOLVER, cand->md5)) {
			int64_t g0 = bf_now_ns();
			text = bf_expand_text(cand->prog, BF_PROG_SOLVER, &len);
			bf_prof_add(slot, BF_M_GENERATE_EXPANDED, bf_now_ns() - g0);
		}
		int f = bf_store_file(rn->st, BF_STORE_SOLVER, td, r->score, r->t_log, cand->md5, text,
				      len, rn->err, sizeof(rn->err));
		free(text);
		if (f < 0)
			return -1;
		rn->stats.filed += (uint64_t)f;
	}
	bf_prof_add(slot, BF_M_PHASE3B_OVERHEAD,
		    bf_now_ns() - t0 - (store_tracked(slot) - tracked0));
	return 0;
}

/*
 * job_names.c -- what a run adds to the store's names index (names.c): the
 * name of every program it loaded under the md5 it inlines to (renamed
 * copies and repeated bodies too, which phases 1 and 2 dropped: they are
 * solvers of the same md5), and each task's sample counts.  Called by the
 * supervisor once, after the run, so only the lock holder writes.
 */
#include "battfarm/job_names.h"

static void add_library(json_t *idx, const bf_library *lib, bf_prog_kind kind)
{
	bf_store_kind sk = kind == BF_PROG_SOLVER ? BF_STORE_SOLVER : BF_STORE_DIFFER;
	for (int i = 0; i < lib->n; i++) {
		char md5[33];
		if (bf_inline_md5(lib->progs[i], kind, md5) == 0)
			bf_names_add(idx, sk, md5, lib->progs[i]->name);
	}
}

void bf_job_names(const bf_job *job, json_t *idx)
{
	add_library(idx, &job->solvers, BF_PROG_SOLVER);
	add_library(idx, &job->differs, BF_PROG_DIFFER);
	for (int t = 0; t < job->tasks.n; t++) {
		const bf_task *task = &job->tasks.tasks[t];
		int scored = 0;
		for (int i = 0; i < task->ntrain; i++)
			scored += task->train[i].output.kind != BF_NONE;
		for (int i = 0; i < task->ntest; i++)
			scored += task->test[i].output.kind != BF_NONE;
		bf_names_add_task(idx, task->id, task->ntrain + task->ntest, scored);
	}
}

int bf_job_save_names(const bf_job *job, char *err, size_t errlen)
{
	json_t *idx = bf_names_load(job->opts.out);
	bf_job_names(job, idx);
	int rc = bf_names_save(idx, job->opts.out, err, errlen);
	json_decref(idx);
	return rc;
}

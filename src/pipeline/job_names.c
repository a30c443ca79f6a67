/*
 * job_names.c -- what a run adds to the store's names index (names.c): the
 * name of every program it loaded under the md5 it inlines to (renamed
 * copies and repeated bodies too, which phases 1 and 2 dropped: they are
 * solvers of the same md5), and each task's sample counts; and which of
 * the job's tasks the store now solves exactly.  Called by the
 * supervisor once, after the run, so only the lock holder writes.
 */
#include <stdio.h>
#include <sys/stat.h>

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

bool bf_job_task_exact(const bf_job *job, int t)
{
	const bf_task *task = &job->tasks.tasks[t];
	/* only an exact sample earns 1000 (a miss is capped at 999), so a
	 * program filed at 1000 x samples is exact on all of them */
	char path[1200];
	snprintf(path, sizeof(path), "%s/solver_dir/solve_%s/%lld", job->opts.out, task->id,
		 1000LL * (task->ntrain + task->ntest));
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

void bf_job_print_unsolved(FILE *f, const bf_job *job, int shown)
{
	int n = 0;
	for (int t = 0; t < job->tasks.n; t++)
		n += !bf_job_task_exact(job, t);
	if (n == 0)
		return;
	fprintf(f, "; %d unsolved: ", n);
	int k = 0;
	for (int t = 0; t < job->tasks.n && k < shown; t++)
		if (!bf_job_task_exact(job, t))
			fprintf(f, "%s%s", k++ ? ", " : "", job->tasks.tasks[t].id);
	if (n > shown)
		fprintf(f, ", ... (battfarm results --out %s)", job->opts.out);
}

int bf_job_save_names(const bf_job *job, char *err, size_t errlen)
{
	json_t *idx = bf_names_load(job->opts.out);
	bf_job_names(job, idx);
	int rc = bf_names_save(idx, job->opts.out, err, errlen);
	json_decref(idx);
	return rc;
}

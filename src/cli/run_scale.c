/*
 * run_scale.c -- --shard and the resume journal for `battfarm run` (see
 * run_scale.h).  The supervisor calls these around the run: the shard and
 * the skip change which tasks the job holds before any worker starts, so
 * workers never know about either.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "costs.h"
#include "run_scale.h"
#include "battfarm/util.h"

/* Each task's recorded work units (summed over its candidates). */
static void task_costs(const bf_costs *c, const bf_job *job, uint64_t *cost, bool *known)
{
	for (int t = 0; t < job->tasks.n; t++) {
		cost[t] = 0;
		known[t] = false;
		for (int i = 0; i < c->ntasks && !known[t]; i++) {
			if (strcmp(c->tasks[i], job->tasks.tasks[t].id) != 0)
				continue;
			known[t] = true;
			for (int k = 0; k < c->ncands; k++)
				cost[t] += c->units[(size_t)i * (size_t)c->ncands + (size_t)k];
		}
	}
}

int run_take_shard(const run_args *a, bf_job *job)
{
	if (!a->shard.n)
		return 0;
	int n = job->tasks.n;
	uint64_t *cost = NULL;
	bool *known = NULL;
	if (a->fo.prior) {
		cost = bf_xmalloc(sizeof(uint64_t) * (size_t)(n ? n : 1));
		known = bf_xmalloc(sizeof(bool) * (size_t)(n ? n : 1));
		task_costs(a->fo.prior, job, cost, known);
	}
	int dropped = bf_job_take_shard(job, &a->shard, cost, known);
	fprintf(stderr, "battfarm: shard %d/%d: %d of %d tasks%s\n", a->shard.k, a->shard.n,
		job->tasks.n, job->tasks.n + dropped, cost ? " (balanced by recorded cost)" : "");
	free(cost);
	free(known);
	return 0;
}

int run_resume_start(const run_args *a, bf_job *job, run_scale *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->job = job;
	char err[512];
	if (bf_resume_open(&rs->resume, job, a->fresh, &rs->skipped, err, sizeof(err)) < 0) {
		fprintf(stderr, "battfarm: %s\n", err);
		return -1;
	}
	rs->open = true;
	bf_resume_skip(&rs->resume, job);
	if (rs->skipped)
		fprintf(stderr, "battfarm: resuming: %d of %d tasks were filed by an earlier run of "
				"this job (the store's journal); running the other %d (--fresh runs "
				"all)\n",
			rs->skipped, rs->skipped + job->tasks.n, job->tasks.n);
	return 0;
}

void run_task_filed(void *arg, int task)
{
	run_scale *rs = arg;
	char err[512];
	if (bf_resume_task_done(&rs->resume, rs->job, task, err, sizeof(err)) < 0) {
		if (rs->record_errors++ == 0)
			fprintf(stderr, "battfarm: %s (a re-run will run such tasks again)\n", err);
	}
}

int run_resume_finish(run_scale *rs)
{
	if (!rs->open)
		return 0;
	char err[512];
	rs->open = false;
	bf_resume_unskip(&rs->resume, rs->job);
	if (bf_resume_close(&rs->resume, err, sizeof(err)) < 0) {
		fprintf(stderr, "battfarm: %s\n", err);
		return -1;
	}
	return rs->record_errors ? -1 : 0;
}

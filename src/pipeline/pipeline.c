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

#include "phases.h"
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
	for (int i = 0; i < job->tasks.nwarnings; i++)
		fprintf(stderr, "battfarm: warning: %s\n", job->tasks.warnings[i]);
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

void bf_stats_add(bf_stats *sum, const bf_stats *s)
{
	sum->tasks += s->tasks;
	sum->candidates += s->candidates;
	sum->samples += s->samples;
	sum->errors += s->errors;
	sum->timeouts += s->timeouts;
	sum->backstop_cuts += s->backstop_cuts;
	sum->exact_tasks += s->exact_tasks;
	sum->filed += s->filed;
	sum->differs_filed += s->differs_filed;
	sum->store_failures += s->store_failures;
}

bool bf_runner_cut(const bf_runner *rn)
{
	return rn->ctx->cancel && *rn->ctx->cancel;
}

/* 3a and 3b under the task directory's index (read first: that is 3a's
 * score look-up); filing is never cut: what it starts, it finishes. */
static int file_solvers(const bf_job *job, int t, const bf_cand_result *res, bf_runner *rn)
{
	const bf_task *task = &job->tasks.tasks[t];
	bool task_solved = false;
	for (int c = 0; c < job->ncands; c++)
		task_solved |= res[c].exact_all;
	rn->stats.exact_tasks += task_solved;
	rn->stats.tasks++;
	bf_taskdir td;
	int rc = bf_store_load_taskdir(rn->st, BF_STORE_SOLVER, task->id, &td, rn->err,
				       sizeof(rn->err));
	if (rc == 0) {
		int *order = bf_xmalloc(sizeof(int) * (size_t)(job->ncands ? job->ncands : 1));
		int n = bf_phase3a_validate(job, res, rn->st, &td, order, rn->slot);
		rc = bf_phase3b_store(job, res, order, n, &td, rn);
		free(order);
	}
	bf_taskdir_release(&td);
	return rc;
}

/* Run phases (solvers: 3a and 3b; differs: 4) uncut, counted as one job. */
static int file_phases(const bf_job *job, int t, const bf_cand_result *res,
		       const int64_t *sscore, bf_runner *rn, bool solvers, bool differs)
{
	volatile sig_atomic_t *cancel = rn->ctx->cancel;
	rn->ctx->cancel = NULL;
	int rc = solvers ? file_solvers(job, t, res, rn) : 0;
	if (rc == 0 && differs)
		rc = bf_phase4_differs(job, t, res, sscore, rn);
	rn->ctx->cancel = cancel;
	rn->slot->jobs++;
	rn->stats.store_failures += rc < 0;
	return rc;
}

int bf_task_file(const bf_job *job, int t, const bf_cand_result *res, const int64_t *sscore,
		 bf_runner *rn)
{
	return file_phases(job, t, res, sscore, rn, true, true);
}

int bf_task_file_solvers(const bf_job *job, int t, const bf_cand_result *res, bf_runner *rn)
{
	return file_phases(job, t, res, NULL, rn, true, false);
}

int bf_task_file_differs(const bf_job *job, int t, const bf_cand_result *res,
			 const int64_t *sscore, bf_runner *rn)
{
	return file_phases(job, t, res, sscore, rn, false, true);
}

int bf_job_run_task(const bf_job *job, int t, bf_runner *rn, bf_cand_result *res,
		    int64_t *sscore)
{
	bf_task_eval(job, t, 0, job->ncands, rn, res, sscore);
	return bf_runner_cut(rn) ? BF_TASK_CUT : bf_task_file(job, t, res, sscore, rn);
}

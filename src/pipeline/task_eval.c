/*
 * task_eval.c -- run_batt.check_batt and battfarm.differ_eval: each
 * candidate on each sample of a task, and the differs on each output that
 * has an expected one (see pipeline.h for the scores).
 */
#include <stdlib.h>
#include <string.h>

#include "phases.h"
#include "battfarm/util.h"

const bf_sample **bf_task_samples(const bf_task *task, int *ns)
{
	*ns = task->ntrain + task->ntest;
	const bf_sample **samples = bf_xmalloc(sizeof(bf_sample *) * (size_t)(*ns ? *ns : 1));
	for (int i = 0; i < task->ntrain; i++)
		samples[i] = &task->train[i];
	for (int i = 0; i < task->ntest; i++)
		samples[task->ntrain + i] = &task->test[i];
	return samples;
}

int64_t bf_differ_value(bf_status st, bf_val v)
{
	if (st != BF_OK)
		return 0;
	if (v.kind == BF_TUPLE && v.u.t->n > 0)
		v = v.u.t->it[0];
	if (!bf_is_intlike(v))
		return 0;
	return v.u.i < 0 ? 0 : v.u.i > 1000 ? 1000 : v.u.i;
}

/* What evaluating one candidate on a task needs beside the job. */
typedef struct cand_eval {
	const bf_job *job;
	const bf_task *task;
	const bf_sample **samples;
	int ns;
	bf_runner *rn;
	bf_ctx *dctx; /* the differs' context */
	int64_t check_ns, differ_ns;
} cand_eval;

/* The differs on (out, expected): adds each one's verdict to its sscore
 * row and returns their mean (the partial credit of a miss). */
static int64_t differ_eval(cand_eval *ce, const bf_sample *smp, bf_val out, int64_t *row)
{
	const bf_job *job = ce->job;
	int64_t d0 = bf_now_ns(), sum = 0;
	for (int d = 0; d < job->ndiffs; d++) {
		bf_val v;
		bf_status ds = bf_eval_program(ce->dctx, job->diffs[d].prog, ce->task->S, out,
					       smp->output, &job->opts.lim, &v);
		int64_t dv = bf_differ_value(ds, v);
		sum += dv;
		row[d] += dv;
	}
	ce->differ_ns += bf_now_ns() - d0;
	return sum / job->ndiffs;
}

/* One sample: the candidate's output, or why there is none.  The budget
 * and the backstop hold per sample: each sample gets all of them. */
static bf_status check_sample(cand_eval *ce, int c, const bf_sample *smp, bf_cand_result *r,
			      bf_val *out)
{
	bf_ctx *ctx = ce->rn->ctx;
	int64_t c0 = bf_now_ns();
	bf_status s = bf_eval_program(ctx, ce->job->cands[c].prog, ce->task->S, smp->input,
				      bf_none(), &ce->job->opts.lim, out);
	int64_t c1 = bf_now_ns();
	ce->check_ns += c1 - c0;
	r->wall_ns += c1 - c0;
	r->work += ctx->work;
	bf_stats *st = &ce->rn->stats;
	st->samples++;
	if (s == BF_TIMEOUT) {
		st->timeouts++;
		st->backstop_cuts += ctx->wall_timeout;
	} else if (s == BF_ERROR) {
		st->errors++;
	}
	return s;
}

static void eval_candidate(cand_eval *ce, int c, bf_cand_result *r, int64_t *row)
{
	const bf_job *job = ce->job;
	int64_t e0 = bf_thread_cpu_ns();
	memset(r, 0, sizeof(*r));
	memset(row, 0, sizeof(int64_t) * (size_t)job->ndiffs);
	bool exact_all = true, any_output = false, given_up = false;
	for (int k = 0; k < ce->ns; k++) {
		const bf_sample *smp = ce->samples[k];
		bf_val out;
		bf_status s = check_sample(ce, c, smp, r, &out);
		/* a timeout gives the candidate up on this task: it does not
		 * solve it within the budget (the Python system's 1 s a call),
		 * so the rest of its samples are not run and a score below
		 * every --min-score (>= 0) keeps it from being filed */
		if (s == BF_TIMEOUT) {
			given_up = true;
			exact_all = false;
			r->score = -1;
			break;
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
		if (smp->output.kind == BF_NONE || job->ndiffs == 0)
			continue;
		int64_t mean = differ_eval(ce, smp, out, row);
		if (!exact)
			r->score += mean > 999 ? 999 : mean;
	}
	/* one given up is not a near miss: its differ rows are partial */
	r->near_miss = any_output && !exact_all && !given_up;
	r->exact_all = exact_all && ce->ns > 0;
	r->t_log = bf_t_log(job->opts.t_log_wall ? (double)r->wall_ns / 1e9
						 : (double)r->work * BF_SECONDS_PER_UNIT);
	r->eval_cpu_ns = bf_thread_cpu_ns() - e0;
}

void bf_task_eval(const bf_job *job, int t, int lo, int hi, bf_runner *rn, bf_cand_result *res,
		  int64_t *sscore)
{
	bf_ctx dctx;
	bf_ctx_init(&dctx, rn->ctx->arena.limit);
	dctx.heartbeat = rn->ctx->heartbeat;
	dctx.cancel = rn->ctx->cancel;
	cand_eval ce = {job, &job->tasks.tasks[t], NULL, 0, rn, &dctx, 0, 0};
	ce.samples = bf_task_samples(ce.task, &ce.ns);
	for (int c = lo; c < hi && !bf_runner_cut(rn); c++)
		eval_candidate(&ce, c, &res[c], &sscore[(size_t)c * (size_t)job->ndiffs]);
	bf_prof_add(rn->slot, BF_M_CHECK_BATT, ce.check_ns);
	bf_prof_add(rn->slot, BF_M_DIFFER_EVAL, ce.differ_ns);
	rn->stats.candidates += (uint64_t)(hi - lo);
	rn->slot->candidates += (uint64_t)(hi - lo);
	bf_ctx_release(&dctx);
	free(ce.samples);
}

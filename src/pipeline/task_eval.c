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

/* What evaluating one candidate on a task needs beside the job; outs is
 * NULL when the validator judges every output itself (no differ workers). */
typedef struct cand_eval {
	const bf_job *job;
	const bf_task *task;
	const bf_sample **samples;
	int ns;
	bf_runner *rn;
	bf_ctx *dctx; /* the differs' context */
	const bf_task_outs *outs;
	int64_t check_ns, differ_ns;
} cand_eval;

/* What one sample of a candidate gave, as far as its score goes. */
typedef struct sample_out {
	bf_status status;
	bool exact;
	bool judged;  /* an output with an expected one, and differs to judge it */
	int64_t mean; /* judged and not exact: the differs' mean verdict */
	uint64_t work;
	int64_t wall_ns;
} sample_out;

/* A candidate's result as its samples come in, in order. */
typedef struct cand_fold {
	bf_cand_result *r;
	int ns;
	bool exact_all, any_output, given_up;
} cand_fold;

static void fold_begin(cand_fold *f, bf_cand_result *r, int ns)
{
	int64_t cpu = r->eval_cpu_ns;
	memset(r, 0, sizeof(*r));
	r->eval_cpu_ns = cpu;
	*f = (cand_fold){r, ns, true, false, false};
}

/* The next sample's part of the score; true when the candidate stops there. */
static bool fold_sample(cand_fold *f, const sample_out *o)
{
	bf_cand_result *r = f->r;
	r->wall_ns += o->wall_ns;
	r->work += o->work;
	/* a timeout gives the candidate up on this task: it does not
	 * solve it within the budget (the Python system's 1 s a call),
	 * so the rest of its samples are not run and a score below
	 * every --min-score (>= 0) keeps it from being filed */
	if (o->status == BF_TIMEOUT) {
		f->given_up = true;
		f->exact_all = false;
		r->score = -1;
		return true;
	}
	if (o->status != BF_OK) {
		f->exact_all = false;
		return false;
	}
	f->any_output = true;
	if (o->exact)
		r->score += 1000;
	else
		f->exact_all = false;
	if (o->judged && !o->exact)
		r->score += o->mean > 999 ? 999 : o->mean;
	return false;
}

static void fold_end(const bf_job *job, cand_fold *f)
{
	bf_cand_result *r = f->r;
	/* one given up is not a near miss: its differ rows are partial */
	r->near_miss = f->any_output && !f->exact_all && !f->given_up;
	r->exact_all = f->exact_all && f->ns > 0;
	r->t_log = bf_t_log(job->opts.t_log_wall ? (double)r->wall_ns / 1e9
						 : (double)r->work * BF_SECONDS_PER_UNIT);
}

void bf_cand_resolve(const bf_job *job, const bf_task_outs *outs, int c, int ns,
		     bf_cand_result *r)
{
	cand_fold f;
	fold_begin(&f, r, ns);
	for (int k = 0; k < ns; k++) {
		const bf_out_rec *rec = bf_outs_rec(outs, c, k);
		if (rec->state == BF_OUT_NOT_RUN)
			break;
		sample_out o = {(bf_status)rec->status, rec->exact, rec->state >= BF_OUT_JUDGED,
				rec->mean, rec->work, rec->wall_ns};
		if (fold_sample(&f, &o))
			break;
	}
	fold_end(job, &f);
}

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
static sample_out check_sample(cand_eval *ce, int c, const bf_sample *smp, bf_val *out)
{
	bf_ctx *ctx = ce->rn->ctx;
	int64_t c0 = bf_now_ns();
	bf_status s = bf_eval_program(ctx, ce->job->cands[c].prog, ce->task->S, smp->input,
				      bf_none(), &ce->job->opts.lim, out);
	int64_t c1 = bf_now_ns();
	ce->check_ns += c1 - c0;
	bf_stats *st = &ce->rn->stats;
	st->samples++;
	if (s == BF_TIMEOUT) {
		st->timeouts++;
		st->backstop_cuts += ctx->wall_timeout;
	} else if (s == BF_ERROR) {
		st->errors++;
	}
	bool has_expected = smp->output.kind != BF_NONE;
	sample_out o = {s, s == BF_OK && has_expected && bf_eq(*out, smp->output),
			s == BF_OK && has_expected && ce->job->ndiffs > 0, 0, ctx->work, c1 - c0};
	return o;
}

/* With differ workers: record what sample k gave; an output the differs
 * are to judge goes into the arena in flat form, or, without one, is
 * judged here.  (The stop rule does not hang on the score, so the
 * verdicts to come cannot change which samples run.) */
static void defer_sample(cand_eval *ce, int c, int k, bf_val out, sample_out *o, int64_t *row)
{
	bf_out_rec *rec = bf_outs_rec(ce->outs, c, k);
	rec->status = (uint8_t)o->status;
	rec->exact = o->exact;
	rec->work = o->work;
	rec->wall_ns = o->wall_ns;
	rec->state = BF_OUT_PLAIN;
	if (!o->judged)
		return;
	if (o->exact) {
		rec->state = BF_OUT_EXACT;
	} else if (bf_out_flatten(out, ce->outs, rec)) {
		rec->state = BF_OUT_PENDING;
	} else {
		o->mean = differ_eval(ce, ce->samples[k], out, row);
		rec->mean = (int32_t)o->mean;
		rec->state = BF_OUT_JUDGED;
	}
}

static void eval_candidate(cand_eval *ce, int c, bf_cand_result *r, int64_t *row)
{
	const bf_job *job = ce->job;
	int64_t e0 = bf_thread_cpu_ns();
	memset(row, 0, sizeof(int64_t) * (size_t)job->ndiffs);
	if (ce->outs)
		memset(bf_outs_rec(ce->outs, c, 0), 0, sizeof(bf_out_rec) * (size_t)ce->outs->ns);
	cand_fold f;
	r->eval_cpu_ns = 0;
	fold_begin(&f, r, ce->ns);
	for (int k = 0; k < ce->ns; k++) {
		bf_val out;
		sample_out o = check_sample(ce, c, ce->samples[k], &out);
		if (ce->outs)
			defer_sample(ce, c, k, out, &o, row);
		else if (o.judged)
			o.mean = differ_eval(ce, ce->samples[k], out, row);
		if (fold_sample(&f, &o))
			break;
	}
	fold_end(job, &f);
	r->eval_cpu_ns = bf_thread_cpu_ns() - e0;
}

void bf_task_eval(const bf_job *job, int t, int lo, int hi, bf_runner *rn, bf_cand_result *res,
		  int64_t *sscore)
{
	bf_task_eval_to(job, t, lo, hi, rn, res, sscore, NULL);
}

void bf_task_eval_to(const bf_job *job, int t, int lo, int hi, bf_runner *rn,
		     bf_cand_result *res, int64_t *sscore, const bf_task_outs *outs)
{
	bf_ctx dctx;
	bf_ctx_init(&dctx, rn->ctx->arena.limit);
	dctx.foreign_inputs = true; /* the candidates' outputs */
	dctx.heartbeat = rn->ctx->heartbeat;
	dctx.cancel = rn->ctx->cancel;
	cand_eval ce = {job, &job->tasks.tasks[t], NULL, 0, rn, &dctx, outs, 0, 0};
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

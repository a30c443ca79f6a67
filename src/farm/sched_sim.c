/*
 * sched_sim.c -- the scheduler on a virtual clock (see sched.h): what
 * `battfarm simulate` and the scheduler's tests run.
 *
 * Each idle worker asks for a job, the differ workers first
 * (bf_sched_next_diff) and then the validators (bf_sched_next), as the
 * farm asks; the clock then
 * jumps to the earliest end of a job in hand, and those jobs are reported
 * done (in worker order, so a replay is exact).  A job lasts the sum of its
 * candidates' true costs, which need not be the costs it was planned with:
 * planning from the costs themselves is what a run planned from a previous
 * run's costs sees; planning from something cruder (work units, estimates)
 * shows what a worse plan costs.
 */
#include <stdlib.h>
#include <string.h>

#include "sched.h"
#include "battfarm/util.h"

typedef struct vclock {
	const double *prefix; /* per task: ncands + 1 running sums of the true costs */
	int ncands;
	bf_sim_stages stages;
} vclock;

static double job_length(const vclock *vc, const bf_sched_job *j)
{
	if (j->kind == BF_SCHED_FILE)
		return vc->stages.file_cost;
	if (j->kind == BF_SCHED_DIFF)
		return vc->stages.diff_cost;
	const double *p = vc->prefix + (size_t)j->task * (size_t)(vc->ncands + 1);
	/* a WHOLE job files its task as well */
	return p[j->hi] - p[j->lo] + (j->kind == BF_SCHED_WHOLE ? vc->stages.file_cost : 0);
}

typedef struct vworker {
	bool holding;
	bf_sched_job job;
	double until; /* virtual time its job ends */
} vworker;

/* Hand a job to every idle worker that can get one.  False when the
 * scheduler says every task is over. */
static bool dispatch(bf_sched *s, vworker *vw, int nv, int n, double now, const vclock *vc,
		     bf_sim_result *r)
{
	bool more = true;
	for (int k = 0; k < n; k++) {
		int w = (k + nv) % n; /* the differ workers first */
		if (vw[w].holding)
			continue;
		int got = w < nv ? bf_sched_next(s, w, &vw[w].job) : bf_sched_next_diff(s, w, &vw[w].job);
		if (got < 0)
			more = false;
		if (got <= 0)
			continue;
		double len = job_length(vc, &vw[w].job);
		if (len > r->longest)
			r->longest = len;
		vw[w].holding = true;
		vw[w].until = now + len;
	}
	return more;
}

int bf_sched_simulate(int ntasks, int ncands, const double *plan, const double *truth,
		      const bf_sched_opts *o, const bf_sim_stages *stages, bf_sim_result *r)
{
	memset(r, 0, sizeof(*r));
	if (!truth)
		truth = plan;
	double *prefix = bf_xmalloc(sizeof(double) * (size_t)ntasks * (size_t)(ncands + 1) + 1);
	for (int t = 0; t < ntasks; t++) {
		double *p = prefix + (size_t)t * (size_t)(ncands + 1);
		p[0] = 0;
		for (int c = 0; c < ncands; c++)
			p[c + 1] = p[c] + truth[(size_t)t * (size_t)ncands + (size_t)c];
	}
	vclock vc = {prefix, ncands, *stages};
	bf_sched *s = bf_sched_new(ntasks, ncands, plan, o);
	int nv = o->workers > 0 ? o->workers : 1;
	int n = nv + (o->differs > 0 ? o->differs : 0);
	vworker *vw = calloc((size_t)n, sizeof(vworker));
	double now = 0;
	int rc = 0;
	while (dispatch(s, vw, nv, n, now, &vc, r)) {
		double next = -1;
		for (int w = 0; w < n; w++)
			if (vw[w].holding && (next < 0 || vw[w].until < next))
				next = vw[w].until;
		if (next < 0) { /* nothing in hand and nothing to hand out */
			rc = -1;
			break;
		}
		now = next;
		for (int w = 0; w < n; w++)
			if (vw[w].holding && vw[w].until <= now) {
				vw[w].holding = false;
				bf_sched_done(s, w, &vw[w].job, job_length(&vc, &vw[w].job));
			}
	}
	r->workers = nv;
	r->differs = n - nv;
	r->wall = now;
	for (int w = 0; w < nv; w++)
		r->busy += bf_sched_busy(s, w);
	for (int w = nv; w < n; w++)
		r->differ_busy += bf_sched_busy(s, w);
	r->efficiency = r->wall > 0 ? r->busy / ((double)nv * r->wall) : 1;
	bf_sched_get_stats(s, &r->st);
	free(vw);
	free(prefix);
	bf_sched_free(s);
	return rc;
}

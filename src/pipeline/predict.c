/*
 * predict.c -- `run --predict FILE`: an ARC Prize submission,
 *
 *   {"<task>": [{"attempt_1": grid, "attempt_2": grid}, ...]}
 *
 * one entry per test input, in order.  The candidates are the task's kept
 * solvers in the store (read back from their md5 files, so a store filled
 * by earlier runs predicts too), ranked by how many demo pairs they solve
 * exactly -- never by the test outputs, which a submission cannot know --
 * ties kept in the store's order (score, t_log, md5).  The attempts are the
 * two best distinct grids they output on the test input; with one, both
 * attempts are it; with none, the test input itself stands in (a grid is
 * required in every slot).
 *
 * Runs in the supervisor after the tasks are filed, on at most --max-files
 * programs per task: small next to the run.  Written by temp file + rename.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/listing.h"
#include "battfarm/predict.h"
#include "battfarm/util.h"

/* One ranked candidate of a task. */
typedef struct ranked {
	const bf_program *prog;
	int demo_exact;
	int order; /* its place in the store */
} ranked;

static int by_demo(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->demo_exact != y->demo_exact)
		return y->demo_exact - x->demo_exact;
	return x->order - y->order;
}

static int demo_exact(bf_ctx *ctx, const bf_program *p, const bf_task *t, const bf_limits *lim)
{
	int n = 0;
	for (int i = 0; i < t->ntrain; i++) {
		bf_val out;
		if (bf_eval_program(ctx, p, t->S, t->train[i].input, bf_none(), lim, &out) == BF_OK &&
		    bf_eq(out, t->train[i].output))
			n++;
	}
	return n;
}

/* The task's kept solvers, loaded into lib, ranked on the demo pairs. */
static ranked *rank_task(const bf_job *job, const bf_task *t, bf_library *lib, bf_ctx *ctx,
			 int *n)
{
	int nf;
	bf_filed *filed = bf_store_list_task(job->opts.out, BF_STORE_SOLVER, t->id, &nf);
	ranked *r = bf_xmalloc(sizeof(ranked) * (size_t)(nf ? nf : 1));
	*n = 0;
	for (int i = 0; i < nf; i++) {
		char *path = bf_xasprintf("%s/solver_md5/%s.py", job->opts.out, filed[i].md5);
		int before = lib->n;
		size_t len;
		char *src = bf_store_read_program(job->opts.out, BF_STORE_SOLVER, filed[i].md5, &len);
		if (src) /* read beneath the store, no link followed (listing.h) */
			bf_library_parse(lib, path, src, len);
		free(src);
		free(path);
		if (lib->n != before + 1)
			continue; /* not one sound program: verify's business */
		const bf_program *p = lib->progs[lib->n - 1];
		r[*n] = (ranked){p, demo_exact(ctx, p, t, &job->opts.lim), i};
		(*n)++;
	}
	free(filed);
	qsort(r, (size_t)*n, sizeof(ranked), by_demo);
	return r;
}

/* {"attempt_1": ..., "attempt_2": ...} for test input k of t. */
static json_t *attempts(const bf_job *job, const bf_task *t, int k, const ranked *r, int n,
			bf_ctx *ctx)
{
	json_t *got[2] = {NULL, NULL};
	int ngot = 0;
	for (int i = 0; i < n && ngot < 2; i++) {
		bf_val out;
		if (bf_eval_program(ctx, r[i].prog, t->S, t->test[k].input, bf_none(),
				    &job->opts.lim, &out) != BF_OK)
			continue;
		json_t *g = bf_grid_to_json(out);
		if (!g || (ngot && json_equal(g, got[0]))) {
			json_decref(g);
			continue;
		}
		got[ngot++] = g;
	}
	if (ngot == 0)
		got[ngot++] = bf_grid_to_json(t->test[k].input);
	if (ngot == 1)
		got[ngot++] = json_deep_copy(got[0]);
	json_t *o = json_object();
	json_object_set_new(o, "attempt_1", got[0]);
	json_object_set_new(o, "attempt_2", got[1]);
	return o;
}

json_t *bf_predict_json(const bf_job *job, int ntasks)
{
	json_t *sub = json_object();
	bf_ctx ctx;
	bf_ctx_init(&ctx, BF_EVAL_MEMORY);
	for (int t = 0; t < ntasks && t < job->tasks.n; t++) {
		const bf_task *task = &job->tasks.tasks[t];
		bf_library lib;
		bf_library_init(&lib);
		int n;
		ranked *r = rank_task(job, task, &lib, &ctx, &n);
		json_t *list = json_array();
		for (int k = 0; k < task->ntest; k++)
			json_array_append_new(list, attempts(job, task, k, r, n, &ctx));
		json_object_set_new(sub, task->id, list);
		free(r);
		bf_library_release(&lib);
	}
	bf_ctx_release(&ctx);
	return sub;
}

/*
 * cmd_check.c -- `battfarm check`: does each solve_<id> solve its task?
 *
 * The counterpart of arc-dsl's test_solvers_correctness: a task counts as
 * solved when its solver returns the expected output on every train and
 * test pair.  The last line keeps arc-dsl's wording so scripts can read it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt_table.h"
#include "battfarm/evaluator.h"
#include "battfarm/program.h"
#include "battfarm/task.h"
#include "battfarm/util.h"

/* Run prog on one sample; NULL if it gives the expected output, otherwise
 * a short reason (static or in buf). */
static const char *run_sample(bf_ctx *ctx, const bf_program *prog, const bf_task *t,
			      const bf_sample *s, const bf_limits *lim, char *buf, size_t len,
			      uint64_t *work)
{
	bf_val out;
	bf_status st = bf_eval_program(ctx, prog, t->S, s->input, bf_none(), lim, &out);
	*work += ctx->work;
	if (st == BF_TIMEOUT)
		return "timeout";
	if (st == BF_ERROR) {
		snprintf(buf, len, "error: %s", ctx->msg);
		return buf;
	}
	if (s->output.kind == BF_NONE)
		return "no expected output to compare with";
	return bf_eq(out, s->output) ? NULL : "wrong output";
}

typedef struct check_args {
	const char *data, *solvers;
	const char **ids; /* argc + 1 entries */
	int nids;
	bool quiet, verbose;
	bf_limits lim; /* no limit unless asked: CPython's own check of the solvers has none */
} check_args;

BF_OPT_SIMPLE(o_data, check_args, a->data = arg)
BF_OPT_SIMPLE(o_solvers, check_args, a->solvers = arg)
BF_OPT_SIMPLE(o_id, check_args, a->ids[a->nids++] = arg)
BF_OPT_SIMPLE(o_budget, check_args, a->lim.budget = bf_opt_ull("--budget", arg))
BF_OPT_SIMPLE(o_timeout, check_args, a->lim.timeout = bf_opt_double("--timeout", arg))
BF_OPT_SIMPLE(o_quiet, check_args, a->quiet = true)
BF_OPT_SIMPLE(o_verbose, check_args, a->verbose = true)

static const bf_opt check_opts[] = {
	{"data", required_argument, 'd', o_data},
	{"solvers", required_argument, 's', o_solvers},
	{"task-ids", required_argument, 'i', o_id},
	{"budget", required_argument, 0, o_budget},
	{"timeout", required_argument, 0, o_timeout},
	{"quiet", no_argument, 'q', o_quiet},
	{"verbose", no_argument, 'v', o_verbose},
	{"help", no_argument, 'h', NULL},
};

/* -1 when there is work to do, else the exit status (help was printed, or
 * a usage error).  a->ids is allocated either way. */
static int check_args_parse(check_args *a, int argc, char **argv)
{
	*a = (check_args){.ids = bf_xmalloc(sizeof(char *) * (size_t)(argc + 1))};
	int r = bf_opt_parse("check", check_opts, (int)(sizeof(check_opts) / sizeof(check_opts[0])),
			     a, argc, argv);
	if (r != 0)
		return r > 0 ? BF_EXIT_OK : BF_EXIT_USAGE;
	/* -i takes several ids: the words left once the options are read
	 * (getopt moves them to the end) */
	while (optind < argc && argv[optind][0] != '-')
		a->ids[a->nids++] = argv[optind++];
	if (optind < argc)
		return bf_usage_error("check", "unexpected argument '%s'", argv[optind]);
	if (a->quiet && a->verbose)
		return bf_usage_error("check", "-q and -v exclude each other");
	if (!a->data || !a->solvers)
		return bf_usage_error("check", "--data and --solvers are required");
	return -1;
}

/* Tasks and solvers, their errors and warnings printed; -1 when either
 * gave nothing to check. */
static int load_inputs(bf_taskset *ts, bf_library *lib, const check_args *a)
{
	int none = bf_taskset_load(ts, a->data) < 0 && ts->n == 0;
	for (int i = 0; i < ts->nerrors; i++)
		fprintf(stderr, "battfarm: %s\n", ts->errors[i]);
	if (none)
		return -1;
	for (int i = 0; i < ts->nwarnings; i++)
		fprintf(stderr, "battfarm: warning: %s\n", ts->warnings[i]);
	bf_taskset_sort(ts);
	none = bf_library_load(lib, a->solvers) < 0 && lib->n == 0;
	for (int i = 0; i < lib->nerrors; i++)
		fprintf(stderr, "battfarm: %s\n", lib->errors[i]);
	return none ? -1 : 0;
}

static bool wanted(const check_args *a, const char *id)
{
	bool want = a->nids == 0;
	for (int j = 0; j < a->nids && !want; j++)
		want = strcmp(a->ids[j], id) == 0;
	return want;
}

/* Whether task t's solve_<id> gives the expected output on every sample;
 * each failure printed unless quiet, a summary line when verbose. */
static bool check_task(bf_ctx *ctx, const bf_task *t, const bf_library *lib, const check_args *a)
{
	char name[96], buf[256];
	snprintf(name, sizeof(name), "solve_%s", t->id);
	const bf_program *prog = bf_library_find(lib, name);
	if (!prog) {
		if (!a->quiet)
			printf("%s: no solver named %s\n", t->id, name);
		return false;
	}
	bool ok = true;
	uint64_t work = 0;
	int64_t t0 = bf_now_ns();
	for (int part = 0; part < 2; part++) {
		const bf_sample *s = part ? t->test : t->train;
		int n = part ? t->ntest : t->ntrain;
		for (int i = 0; i < n; i++) {
			const char *why = run_sample(ctx, prog, t, &s[i], &a->lim, buf, sizeof(buf), &work);
			if (why) {
				ok = false;
				if (!a->quiet)
					printf("%s: %s[%d]: %s\n", t->id, part ? "test" : "train", i, why);
			}
		}
	}
	if (a->verbose)
		printf("%s: %s, %llu work units, %.0f us\n", t->id, ok ? "solved" : "failed",
		       (unsigned long long)work, (double)(bf_now_ns() - t0) / 1e3);
	return ok;
}

int bf_cmd_check(int argc, char **argv)
{
	check_args a;
	int rc = check_args_parse(&a, argc, argv);
	if (rc >= 0) {
		free(a.ids);
		return rc;
	}
	bf_taskset ts;
	bf_taskset_init(&ts);
	bf_library lib;
	bf_library_init(&lib);
	rc = BF_EXIT_USAGE;
	if (load_inputs(&ts, &lib, &a) < 0)
		goto done;
	bf_ctx ctx;
	bf_ctx_init(&ctx, BF_EVAL_MEMORY);
	int solved = 0, total = 0;
	for (int k = 0; k < ts.n; k++) {
		if (!wanted(&a, ts.tasks[k].id))
			continue;
		total++;
		solved += check_task(&ctx, &ts.tasks[k], &lib, &a);
	}
	for (int j = 0; j < a.nids; j++)
		if (!bf_taskset_find(&ts, a.ids[j]))
			fprintf(stderr, "battfarm: task '%s' is not in %s\n", a.ids[j], a.data);
	if (a.nids && total == 0) { /* as run: nothing asked for is there */
		fprintf(stderr, "battfarm: none of the tasks asked for with -i is in %s\n", a.data);
		bf_ctx_release(&ctx);
		goto done;
	}
	printf("%d out of %d tasks solved correctly.\n", solved, total);
	bf_ctx_release(&ctx);
	rc = solved == total ? BF_EXIT_OK : BF_EXIT_SOME_FAILED;
done:
	bf_library_release(&lib);
	bf_taskset_release(&ts);
	free(a.ids);
	return rc;
}

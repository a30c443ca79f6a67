/*
 * cmd_check.c -- `battfarm check`: does each solve_<id> solve its task?
 *
 * The counterpart of arc-dsl's test_solvers_correctness: a task counts as
 * solved when its solver returns the expected output on every train and
 * test pair.  The last line keeps arc-dsl's wording so scripts can read it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
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

int bf_cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"solvers", required_argument, NULL, 's'},
		{"task-ids", required_argument, NULL, 'i'},
		{"budget", required_argument, NULL, 'b'},
		{"timeout", required_argument, NULL, 't'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *data = NULL, *solvers = NULL;
	char **ids = bf_xmalloc(sizeof(char *) * (size_t)(argc + 1));
	int nids = 0, quiet = 0, verbose = 0;
	/* no limit unless asked: CPython's own check of the solvers has none */
	bf_limits lim = {0, 0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s:i:qvh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 's': solvers = optarg; break;
		case 'i': ids[nids++] = optarg; break;
		case 'b': lim.budget = bf_opt_ull("--budget", optarg); break;
		case 't': lim.timeout = bf_opt_double("--timeout", optarg); break;
		case 'q': quiet = 1; break;
		case 'v': verbose = 1; break;
		case 'h':
			free(ids);
			bf_help_command("check", stdout);
			return BF_EXIT_OK;
		default:
			free(ids);
			return bf_usage_error("check", "bad option");
		}
	}
	/* -i takes several ids: the words that follow it */
	while (optind < argc && argv[optind][0] != '-')
		ids[nids++] = argv[optind++];
	if (optind < argc || !data || !solvers || (quiet && verbose)) {
		free(ids);
		if (optind < argc)
			return bf_usage_error("check", "unexpected argument '%s'", argv[optind]);
		if (quiet && verbose)
			return bf_usage_error("check", "-q and -v exclude each other");
		return bf_usage_error("check", "--data and --solvers are required");
	}

	bf_taskset ts;
	bf_taskset_init(&ts);
	bf_library lib;
	bf_library_init(&lib);
	int rc = 2;
	if (bf_taskset_load(&ts, data) < 0 && ts.n == 0) {
		for (int i = 0; i < ts.nerrors; i++)
			fprintf(stderr, "battfarm: %s\n", ts.errors[i]);
		goto done;
	}
	for (int i = 0; i < ts.nerrors; i++)
		fprintf(stderr, "battfarm: %s\n", ts.errors[i]);
	for (int i = 0; i < ts.nwarnings; i++)
		fprintf(stderr, "battfarm: warning: %s\n", ts.warnings[i]);
	bf_taskset_sort(&ts);
	if (bf_library_load(&lib, solvers) < 0 && lib.n == 0) {
		for (int i = 0; i < lib.nerrors; i++)
			fprintf(stderr, "battfarm: %s\n", lib.errors[i]);
		goto done;
	}
	for (int i = 0; i < lib.nerrors; i++)
		fprintf(stderr, "battfarm: %s\n", lib.errors[i]);

	bf_ctx ctx;
	bf_ctx_init(&ctx, (size_t)2 << 30);
	int solved = 0, total = 0;
	for (int k = 0; k < ts.n; k++) {
		const bf_task *t = &ts.tasks[k];
		if (nids) {
			int want = 0;
			for (int j = 0; j < nids; j++)
				want |= strcmp(ids[j], t->id) == 0;
			if (!want)
				continue;
		}
		total++;
		char name[96], buf[256];
		snprintf(name, sizeof(name), "solve_%s", t->id);
		const bf_program *prog = bf_library_find(&lib, name);
		if (!prog) {
			if (!quiet)
				printf("%s: no solver named %s\n", t->id, name);
			continue;
		}
		int ok = 1;
		uint64_t work = 0;
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int part = 0; part < 2; part++) {
			const bf_sample *s = part ? t->test : t->train;
			int n = part ? t->ntest : t->ntrain;
			for (int i = 0; i < n; i++) {
				const char *why =
					run_sample(&ctx, prog, t, &s[i], &lim, buf, sizeof(buf), &work);
				if (why) {
					ok = 0;
					if (!quiet)
						printf("%s: %s[%d]: %s\n", t->id, part ? "test" : "train", i, why);
				}
			}
		}
		solved += ok;
		if (verbose) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			printf("%s: %s, %llu work units, %.0f us\n", t->id, ok ? "solved" : "failed",
			       (unsigned long long)work,
			       (double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3);
		}
	}
	for (int j = 0; j < nids; j++)
		if (!bf_taskset_find(&ts, ids[j]))
			fprintf(stderr, "battfarm: task '%s' is not in %s\n", ids[j], data);
	printf("%d out of %d tasks solved correctly.\n", solved, total);
	bf_ctx_release(&ctx);
	rc = solved == total ? 0 : 1;
done:
	bf_library_release(&lib);
	bf_taskset_release(&ts);
	free(ids);
	return rc;
}

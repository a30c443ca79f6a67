/*
 * run_args.c -- the options of `battfarm run`.  To add one: a field in
 * run_args (run_args.h), a function below that applies it, a row in
 * run_opts[], and its lines in run's help (help.c: a test checks that every
 * option is described there).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "run_args.h"
#include "battfarm/cpus.h"
#include "battfarm/util.h"

#ifndef BF_EXAMPLES_DIR
#define BF_EXAMPLES_DIR "examples"
#endif


/* An option's effect: 0 applied, 1 answered (--help), -1 a usage error
 * (printed).  argc/argv are there for options that take several words. */
typedef int (*opt_apply)(run_args *a, const char *arg, int argc, char **argv);

static int o_data(run_args *a, const char *arg, int argc, char **argv)
{
	(void)argc, (void)argv;
	a->data = arg;
	return 0;
}

static int o_solvers(run_args *a, const char *arg, int argc, char **argv)
{
	(void)argc, (void)argv;
	a->solvers[a->nsolvers++] = arg;
	return 0;
}

static int o_differs(run_args *a, const char *arg, int argc, char **argv)
{
	(void)argc, (void)argv;
	if (strcmp(arg, "none") == 0)
		a->no_differs = true;
	else
		a->differs[a->ndiffers++] = arg;
	return 0;
}

/* -i takes every following word up to the next option */
static int o_ids(run_args *a, const char *arg, int argc, char **argv)
{
	a->ids[a->nids++] = arg;
	while (optind < argc && argv[optind][0] != '-')
		a->ids[a->nids++] = argv[optind++];
	return 0;
}

#define SIMPLE_OPT(fn, stmt)                                                \
	static int fn(run_args *a, const char *arg, int argc, char **argv) \
	{                                                                   \
		(void)a, (void)arg, (void)argc, (void)argv;                 \
		stmt;                                                       \
		return 0;                                                   \
	}

SIMPLE_OPT(o_start, a->start = (int)bf_opt_ull("--start", arg))
static int o_count(run_args *a, const char *arg, int argc, char **argv)
{
	(void)argc, (void)argv;
	a->count = (int)bf_opt_ull("--count", arg);
	if (a->count < 1) {
		bf_usage_error("run", "-c/--count takes 1 or more, not '%s'", arg);
		return -1;
	}
	return 0;
}

SIMPLE_OPT(o_out, a->jo.out = arg)
SIMPLE_OPT(o_timeout, a->jo.lim.timeout = bf_opt_double("--timeout", arg))
SIMPLE_OPT(o_budget, a->jo.lim.budget = bf_opt_ull("--budget", arg))
SIMPLE_OPT(o_max_files, a->jo.max_files = (int)bf_opt_ull("--max-files", arg))
SIMPLE_OPT(o_min_score, a->jo.min_score = (int64_t)bf_opt_ull("--min-score", arg))
SIMPLE_OPT(o_timing, a->timing = true)
SIMPLE_OPT(o_json, a->json_path = arg)
SIMPLE_OPT(o_costs, a->costs_path = arg)
SIMPLE_OPT(o_predict, a->predict_path = arg)
SIMPLE_OPT(o_trace, a->trace_path = arg)
SIMPLE_OPT(o_html, a->html_path = arg)
SIMPLE_OPT(o_progress_every, a->progress_every = bf_opt_double("--progress-every", arg))
SIMPLE_OPT(o_serial, a->serial = true)
SIMPLE_OPT(o_stall, a->fo.stall = bf_opt_double("--stall-after", arg))

static int o_t_log(run_args *a, const char *arg, int argc, char **argv)
{
	(void)argc, (void)argv;
	if (strcmp(arg, "wall") == 0)
		a->jo.t_log_wall = true;
	else if (strcmp(arg, "cost") != 0) {
		fprintf(stderr, "battfarm: --t-log-from takes 'cost' or 'wall', not '%s'\n", arg);
		return -1;
	}
	return 0;
}

static int o_validators(run_args *a, const char *arg, int argc, char **argv)
{
	(void)argc, (void)argv;
	unsigned long long v = bf_opt_ull("--validators", arg);
	if (v < 1 || v > 256) {
		fputs("battfarm: -j/--validators takes 1 to 256\n", stderr);
		return -1;
	}
	a->fo.validators = (int)v;
	a->validators_set = true;
	return 0;
}

static int o_differ_workers(run_args *a, const char *arg, int argc, char **argv)
{
	(void)argc, (void)argv;
	unsigned long long v = bf_opt_ull("--differ-workers", arg);
	if (v > 256) {
		fputs("battfarm: --differ-workers takes 0 to 256\n", stderr);
		return -1;
	}
	a->fo.differs = (int)v;
	a->differs_set = true;
	return 0;
}

/* read now: a bad file is a usage error before any work */
static int o_costs_from(run_args *a, const char *arg, int argc, char **argv)
{
	(void)argc, (void)argv;
	char err[1024];
	bf_costs_release(&a->prior);
	if (bf_costs_read(&a->prior, arg, err, sizeof(err)) < 0) {
		fprintf(stderr, "battfarm: --costs-from: %s\n", err);
		return -1;
	}
	a->fo.prior = &a->prior;
	return 0;
}

static int o_shard(run_args *a, const char *arg, int argc, char **argv)
{
	(void)argc, (void)argv;
	char err[256];
	if (bf_shard_parse(arg, &a->shard, err, sizeof(err)) < 0) {
		bf_usage_error("run", "%s", err);
		return -1;
	}
	return 0;
}

static int o_fresh(run_args *a, const char *arg, int argc, char **argv)
{
	(void)arg, (void)argc, (void)argv;
	a->fresh = true;
	return 0;
}

static int o_wait_lock(run_args *a, const char *arg, int argc, char **argv)
{
	a->wait_lock = bf_opt_wait_lock(arg, argc, argv, &optind);
	return 0;
}

static int o_help(run_args *a, const char *arg, int argc, char **argv)
{
	(void)a, (void)arg, (void)argc, (void)argv;
	bf_help_command("run", stdout);
	return 1;
}

static const struct run_opt {
	const char *name;
	int has_arg;
	char short_name; /* 0: long only */
	opt_apply apply;
} run_opts[] = {
	{"data", required_argument, 'd', o_data},
	{"solvers", required_argument, 'S', o_solvers},
	{"differs", required_argument, 0, o_differs},
	{"task-ids", required_argument, 'i', o_ids},
	{"start", required_argument, 's', o_start},
	{"count", required_argument, 'c', o_count},
	{"out", required_argument, 0, o_out},
	{"timeout", required_argument, 0, o_timeout},
	{"budget", required_argument, 0, o_budget},
	{"max-files", required_argument, 0, o_max_files},
	{"min-score", required_argument, 0, o_min_score},
	{"t-log-from", required_argument, 0, o_t_log},
	{"timing", no_argument, 0, o_timing},
	{"report-json", required_argument, 0, o_json},
	{"costs", required_argument, 0, o_costs},
	{"costs-from", required_argument, 0, o_costs_from},
	{"predict", required_argument, 0, o_predict},
	{"trace", required_argument, 0, o_trace},
	{"html", required_argument, 0, o_html},
	{"progress-every", required_argument, 0, o_progress_every},
	{"serial", no_argument, 0, o_serial},
	{"validators", required_argument, 'j', o_validators},
	{"differ-workers", required_argument, 0, o_differ_workers},
	{"stall-after", required_argument, 0, o_stall},
	{"shard", required_argument, 0, o_shard},
	{"fresh", no_argument, 0, o_fresh},
	{"wait-lock", optional_argument, 0, o_wait_lock},
	{"help", no_argument, 'h', o_help},
};
#define NOPTS ((int)(sizeof(run_opts) / sizeof(run_opts[0])))

/* The defaults, before any option. */
static void run_args_init(run_args *a, int argc)
{
	memset(a, 0, sizeof(*a));
	a->jo.out = "battfarm-out";
	a->jo.max_files = 32;
	a->jo.min_score = 1;
	a->jo.lim.budget = BF_DEFAULT_BUDGET;
	/* a CPU-time backstop far above what the budget can take: the
	 * default budget is about 3 CPython seconds a sample, and battfarm
	 * spends less CPU on the same work */
	a->jo.lim.timeout = 10.0;
	a->fo.validators = bf_cpus_allowed();
	a->count = -1;
	a->progress_every = BF_PROGRESS_EVERY;
	a->solvers = bf_xmalloc(sizeof(char *) * (size_t)(argc + 1));
	a->differs = bf_xmalloc(sizeof(char *) * (size_t)(argc + 1));
	a->ids = bf_xmalloc(sizeof(char *) * (size_t)(argc + 1));
}

/* A bundled example: beside the sources, or ./examples. */
static const char *example(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", BF_EXAMPLES_DIR, name);
	if (access(buf, R_OK) != 0)
		snprintf(buf, len, "examples/%s", name);
	return buf;
}

/* The checks across options, and the examples standing in for inputs. */
static int run_args_finish(run_args *a, int argc, char **argv)
{
	if (optind < argc) {
		bf_usage_error("run", "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (a->jo.max_files < 1) {
		fputs("battfarm: --max-files must be at least 1\n", stderr);
		return -1;
	}
	if (a->json_path && a->predict_path && strcmp(a->json_path, "-") == 0 &&
	    strcmp(a->predict_path, "-") == 0) {
		bf_usage_error("run", "--report-json - and --predict - cannot share stdout");
		return -1;
	}
	if (a->serial && (a->validators_set || a->differs_set || a->fo.stall > 0)) {
		bf_usage_error("run", "--serial runs no workers: it excludes %s",
			       a->validators_set ? "-j/--validators"
			       : a->differs_set	 ? "--differ-workers"
						 : "--stall-after");
		return -1;
	}
	if (!a->data)
		a->data = example("tasks", a->ex[0], sizeof(a->ex[0]));
	if (!a->nsolvers)
		a->solvers[a->nsolvers++] = example("solvers.py", a->ex[1], sizeof(a->ex[1]));
	if (!a->ndiffers && !a->no_differs)
		a->differs[a->ndiffers++] = example("differs.py", a->ex[2], sizeof(a->ex[2]));
	return 0;
}

int run_args_parse(run_args *a, int argc, char **argv)
{
	run_args_init(a, argc);
	struct option longs[NOPTS + 1];
	char shorts[2 * NOPTS + 1], *sp = shorts;
	for (int i = 0; i < NOPTS; i++) {
		const struct run_opt *o = &run_opts[i];
		longs[i] = (struct option){o->name, o->has_arg, NULL,
					   o->short_name ? o->short_name : 256 + i};
		if (o->short_name) {
			*sp++ = o->short_name;
			if (o->has_arg == required_argument)
				*sp++ = ':';
		}
	}
	*sp = '\0';
	longs[NOPTS] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		int i = 0;
		while (i < NOPTS && longs[i].val != c)
			i++;
		if (i == NOPTS) {
			bf_usage_error("run", "bad option");
			return -1;
		}
		int r = run_opts[i].apply(a, optarg, argc, argv);
		if (r != 0)
			return r;
	}
	return run_args_finish(a, argc, argv);
}

static json_t *string_list(const char **v, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *run_args_json(const run_args *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "data", json_string(a->data));
	json_object_set_new(o, "solvers", string_list(a->solvers, a->nsolvers));
	json_object_set_new(o, "differs", string_list(a->differs, a->ndiffers));
	json_object_set_new(o, "task_ids", string_list(a->ids, a->nids));
	json_object_set_new(o, "start", json_integer(a->start));
	json_object_set_new(o, "count", a->count < 0 ? json_null() : json_integer(a->count));
	json_object_set_new(o, "out", json_string(a->jo.out));
	json_object_set_new(o, "max_files", json_integer(a->jo.max_files));
	json_object_set_new(o, "min_score", json_integer(a->jo.min_score));
	json_object_set_new(o, "budget", json_integer((json_int_t)a->jo.lim.budget));
	json_object_set_new(o, "timeout", json_real(a->jo.lim.timeout));
	json_object_set_new(o, "t_log_from", json_string(a->jo.t_log_wall ? "wall" : "cost"));
	json_object_set_new(o, "serial", json_boolean(a->serial));
	json_object_set_new(o, "validators", a->serial ? json_null() : json_integer(a->fo.validators));
	json_object_set_new(o, "differ_workers",
			    a->serial ? json_null() : json_integer(a->fo.differs));
	json_object_set_new(o, "stall_after", json_real(a->fo.stall));
	return o;
}

void run_args_free(run_args *a)
{
	bf_costs_release(&a->prior);
	free(a->solvers);
	free(a->differs);
	free(a->ids);
}

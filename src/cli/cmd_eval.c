/*
 * cmd_eval.c -- `battfarm eval`: one program on one grid, or a batch.
 *
 * Output is one JSON object per input, in order:
 *   {"kind":"grid","output":[[...]]}   a tuple of tuples of ints
 *   {"kind":"value","repr":"..."}      anything else, as Python's repr
 *   {"kind":"error","error":"..."}     a Python exception (or bad input)
 *   {"kind":"timeout"}                 budget or backstop exhausted
 * With --cost each object also gets "work" (units) and "seconds", and a
 * timeout says "by": "budget" or "cpu" (the CPU-time backstop).  --prim-trace adds "trace": each
 * primitive call's own units, [name, units, bytes allocated], in the order
 * calls return;
 * --raw-units counts raw elements instead of calibrated units (both for
 * tools/calibrate.py).
 * This is the format tools/diff_oracle.py compares with CPython.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval_line.h"
#include "opt_table.h"
#include "battfarm/cost.h"
#include "battfarm/evaluator.h"
#include "battfarm/program.h"
#include "battfarm/repr.h"
#include "battfarm/task.h"
#include "battfarm/util.h"

static void emit_error(const char *msg)
{
	eval_line l;
	eval_line_begin(&l, stdout);
	eval_line_str(&l, "kind", "error");
	eval_line_str(&l, "error", msg);
	eval_line_end(&l);
}

static bool show_cost;
static bf_prim_trace trace;

static json_t *trace_to_json(const bf_prim_trace *t)
{
	json_t *a = json_array();
	for (int64_t i = 0; i < t->n; i++) {
		json_t *r = json_array();
		json_array_append_new(r, json_string(t->rec[i].name));
		json_array_append_new(r, json_real((double)t->rec[i].spent / (double)BF_WORK_ONE));
		json_array_append_new(r, json_integer((json_int_t)t->rec[i].bytes));
		json_array_append_new(a, r);
	}
	return a;
}

/* Run name on grid and print the result.  -1 when the input is rejected
 * (no such program, a bad grid): then an error object says why. */
static int run_one(bf_ctx *ctx, bf_ctx *inputs, const bf_library *lib, const char *name,
		   const jl_node *grid, const bf_limits *lim, const char *where)
{
	char err[512];
	const bf_program *prog = bf_library_find(lib, name);
	if (!prog) {
		snprintf(err, sizeof(err), "%sno program named '%s'", where, name);
		fprintf(stderr, "battfarm: %s\n", err);
		emit_error(err);
		return -1;
	}
	bf_val I;
	bf_ctx_begin(inputs, 0, 0);
	char sub[256];
	if (!bf_json_to_grid(inputs, grid, false, &I, sub, sizeof(sub))) {
		snprintf(err, sizeof(err), "%sbad grid: %s", where, sub);
		fprintf(stderr, "battfarm: %s\n", err);
		emit_error(err);
		return -1;
	}
	bf_val out;
	if (ctx->trace)
		bf_prim_trace_reset(ctx->trace);
	int64_t t0 = bf_now_ns();
	bf_status st = bf_eval_program(ctx, prog, bf_empty_tuple(inputs), I, bf_none(), lim, &out);
	int64_t t1 = bf_now_ns();
	eval_line l;
	eval_line_begin(&l, stdout);
	if (st == BF_TIMEOUT) {
		eval_line_str(&l, "kind", "timeout");
		if (show_cost)
			eval_line_str(&l, "by", ctx->wall_timeout ? "cpu" : "budget");
	} else if (st == BF_ERROR) {
		eval_line_str(&l, "kind", "error");
		eval_line_str(&l, "error", ctx->msg);
	} else if (bf_is_json_grid(out)) {
		eval_line_str(&l, "kind", "grid");
		eval_line_grid(&l, "output", out);
	} else {
		/* repr may fail, as in CPython: on a value nested deeper than
		 * the recursion limit, or on one too large to print */
		jmp_buf jb;
		ctx->jb = &jb;
		if (setjmp(jb) == 0) {
			const char *repr = bf_repr(ctx, out);
			eval_line_str(&l, "kind", "value");
			eval_line_str(&l, "repr", repr);
		} else {
			eval_line_str(&l, "kind", "error");
			eval_line_str(&l, "error", ctx->msg);
		}
		ctx->jb = NULL;
	}
	if (show_cost) {
		eval_line_int(&l, "work", (long long)ctx->work);
		eval_line_json(&l, "seconds", json_real((double)(t1 - t0) / 1e9));
	}
	if (ctx->trace && !ctx->trace->overflow)
		eval_line_json(&l, "trace", trace_to_json(ctx->trace));
	eval_line_end(&l);
	return 0;
}

/* Is s valid UTF-8?  (A name is looked up and echoed in messages.) */
static bool valid_utf8(const char *s)
{
	json_t *j = json_string(s);
	json_decref(j);
	return j != NULL;
}

/* One batch line: a request object with "grid" and a "name" (or the
 * --name default).  -1 when the line is rejected. */
static int run_line(bf_ctx *ctx, bf_ctx *inputs, const bf_library *lib, bf_arena *scratch,
		    const char *line, size_t len, const char *dflt, const bf_limits *lim,
		    const char *where)
{
	char err[256], msg[600];
	jl_node *req = jl_parse(scratch, line, len, err, sizeof(err));
	jl_node *jname = jl_get(req, "name");
	jl_node *jgrid = jl_get(req, "grid");
	const char *fn = jname && jname->kind == JL_STRING ? jname->s : dflt;
	const char *why = !req ? err : !jgrid ? "no \"grid\"" : !fn ? "no \"name\"" : NULL;
	if (!why && !valid_utf8(fn))
		why = "\"name\" is not valid UTF-8";
	if (why) {
		snprintf(msg, sizeof(msg), "%s%s", where, why);
		fprintf(stderr, "battfarm: %s\n", msg);
		emit_error(msg);
		return -1;
	}
	return run_one(ctx, inputs, lib, fn, jgrid, lim, where);
}

/* Every line of f; 1 when some line was rejected, 2 when f cannot be read. */
static int run_batch(bf_ctx *ctx, bf_ctx *inputs, const bf_library *lib, FILE *f,
		     const char *path, const char *dflt, const bf_limits *lim)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, rc = BF_EXIT_OK;
	bf_arena scratch;
	bf_arena_init(&scratch, (size_t)1 << 30);
	errno = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		char where[300];
		snprintf(where, sizeof(where), "%.200s:%d: ", path, lineno);
		bf_arena_reset(&scratch);
		if (run_line(ctx, inputs, lib, &scratch, line, (size_t)len, dflt, lim, where) < 0)
			rc = BF_EXIT_SOME_FAILED;
		fflush(stdout);
		errno = 0;
	}
	if (ferror(f) || (errno && errno != ENOMEM)) {
		fprintf(stderr, "battfarm eval: %s: cannot read: %s\n", path,
			strerror(errno ? errno : EIO));
		rc = BF_EXIT_USAGE;
	}
	bf_arena_release(&scratch);
	free(line);
	return rc;
}

typedef struct eval_args {
	const char *solvers, *name, *grid, *batch;
	bool want_trace;
	bf_limits lim;
} eval_args;

BF_OPT_SIMPLE(o_solvers, eval_args, a->solvers = arg)
BF_OPT_SIMPLE(o_name, eval_args, a->name = arg)
BF_OPT_SIMPLE(o_grid, eval_args, a->grid = arg)
BF_OPT_SIMPLE(o_batch, eval_args, a->batch = arg)
BF_OPT_SIMPLE(o_budget, eval_args, a->lim.budget = bf_opt_ull("--budget", arg))
BF_OPT_SIMPLE(o_timeout, eval_args, a->lim.timeout = bf_opt_double("--timeout", arg))
BF_OPT_SIMPLE(o_cost, eval_args, show_cost = true)
BF_OPT_SIMPLE(o_prim_trace, eval_args, a->want_trace = true)
BF_OPT_SIMPLE(o_raw_units, eval_args, bf_cost_use_raw())

static const bf_opt eval_opts[] = {
	{"solvers", required_argument, 's', o_solvers},
	{"name", required_argument, 'n', o_name},
	{"grid", required_argument, 0, o_grid},
	{"batch", required_argument, 0, o_batch},
	{"budget", required_argument, 0, o_budget},
	{"timeout", required_argument, 0, o_timeout},
	{"cost", no_argument, 0, o_cost},
	{"help", no_argument, 'h', NULL},
	{"prim-trace", no_argument, 0, o_prim_trace},
	{"raw-units", no_argument, 0, o_raw_units},
};

/* -1 when there is work to do, else the exit status (help was printed, or
 * a usage error). */
static int eval_args_parse(eval_args *a, int argc, char **argv)
{
	*a = (eval_args){.lim = {BF_DEFAULT_BUDGET, 10.0}};
	int r = bf_opt_parse("eval", eval_opts, (int)(sizeof(eval_opts) / sizeof(eval_opts[0])), a,
			     argc, argv);
	if (r != 0)
		return r > 0 ? BF_EXIT_OK : BF_EXIT_USAGE;
	if (optind < argc)
		return bf_usage_error("eval", "unexpected argument '%s'", argv[optind]);
	if (!a->solvers || (!a->grid == !a->batch) || (a->grid && !a->name))
		return bf_usage_error("eval", "needs --solvers, and --name with --grid, or --batch FILE");
	return -1;
}

/* The --batch file (stdin for "-") in *f, or the exit status of a batch
 * we cannot read: a usage error before any work. */
static int open_batch(const char *batch, FILE **f)
{
	bool is_stdin = strcmp(batch, "-") == 0;
	if (is_stdin && bf_std_closed[0])
		return bf_usage_error("eval", "--batch -: standard input is closed");
	*f = is_stdin ? stdin : fopen(batch, "r");
	if (!*f) {
		fprintf(stderr, "battfarm eval: %s: cannot open: %s\n", batch, strerror(errno));
		return BF_EXIT_USAGE;
	}
	return -1;
}

/* --grid: its JSON parsed, then run as one input. */
static int run_grid(bf_ctx *ctx, bf_ctx *inputs, const bf_library *lib, const eval_args *a)
{
	char err[256];
	int rc = BF_EXIT_OK;
	bf_arena scratch;
	bf_arena_init(&scratch, (size_t)1 << 30);
	jl_node *g = jl_parse(&scratch, a->grid, strlen(a->grid), err, sizeof(err));
	if (!g) {
		fprintf(stderr, "battfarm: --grid: malformed JSON at %s\n", err);
		rc = BF_EXIT_USAGE;
	} else if (run_one(ctx, inputs, lib, a->name, g, &a->lim, "--grid: ") < 0) {
		rc = BF_EXIT_SOME_FAILED;
	}
	bf_arena_release(&scratch);
	return rc;
}

int bf_cmd_eval(int argc, char **argv)
{
	eval_args a;
	int rc = eval_args_parse(&a, argc, argv);
	FILE *f = NULL;
	if (rc < 0 && a.batch)
		rc = open_batch(a.batch, &f);
	if (rc >= 0)
		return rc;
	bf_library lib;
	bf_library_init(&lib);
	int added = bf_library_load(&lib, a.solvers);
	for (int i = 0; i < lib.nerrors; i++)
		fprintf(stderr, "battfarm: %s\n", lib.errors[i]);
	if (added < 0 || (a.grid && !bf_library_find(&lib, a.name))) {
		bf_library_release(&lib);
		if (f && f != stdin)
			fclose(f);
		return added < 0 ? BF_EXIT_USAGE
				 : bf_usage_error("eval", "no function named '%s' in %s", a.name,
						  a.solvers);
	}
	bf_ctx ctx, inputs;
	bf_ctx_init(&ctx, BF_EVAL_MEMORY);
	bf_ctx_init(&inputs, (size_t)1 << 30);
	if (a.want_trace)
		ctx.trace = &trace;
	if (a.grid) {
		rc = run_grid(&ctx, &inputs, &lib, &a);
	} else {
		rc = run_batch(&ctx, &inputs, &lib, f, a.batch, a.name, &a.lim);
		if (f != stdin)
			fclose(f);
	}
	bf_ctx_release(&ctx);
	bf_ctx_release(&inputs);
	bf_prim_trace_release(&trace);
	bf_library_release(&lib);
	return rc;
}

/*
 * cmd_eval.c -- `battfarm eval`: one program on one grid, or a batch.
 *
 * Output is one JSON object per input, in order:
 *   {"kind":"grid","output":[[...]]}   a tuple of tuples of ints
 *   {"kind":"value","repr":"..."}      anything else, as Python's repr
 *   {"kind":"error","error":"..."}     a Python exception (or bad input)
 *   {"kind":"timeout"}                 budget or backstop exhausted
 * With --cost each object also gets "work" (units) and "seconds", and a
 * timeout says "by": "budget" or "wall".
 * This is the format tools/diff_oracle.py compares with CPython.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "battfarm/evaluator.h"
#include "battfarm/prof.h"
#include "battfarm/program.h"
#include "battfarm/repr.h"
#include "battfarm/task.h"
#include "battfarm/util.h"

static void emit(json_t *obj)
{
	char *s = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	puts(s);
	free(s);
	json_decref(obj);
}

static void emit_error(const char *msg)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string("error"));
	json_object_set_new(o, "error", json_string(msg));
	emit(o);
}

static bool show_cost;

static void run_one(bf_ctx *ctx, bf_ctx *inputs, const bf_library *lib, const char *name,
		    const jl_node *grid, const bf_limits *lim, const char *where)
{
	char err[512];
	const bf_program *prog = bf_library_find(lib, name);
	if (!prog) {
		snprintf(err, sizeof(err), "%sno program named '%s'", where, name);
		fprintf(stderr, "battfarm: %s\n", err);
		emit_error(err);
		return;
	}
	bf_val I;
	bf_ctx_begin(inputs, 0, 0);
	char sub[256];
	if (!bf_json_to_grid(inputs, grid, false, &I, sub, sizeof(sub))) {
		snprintf(err, sizeof(err), "%sbad grid: %s", where, sub);
		fprintf(stderr, "battfarm: %s\n", err);
		emit_error(err);
		return;
	}
	bf_val out;
	int64_t t0 = bf_now_ns();
	bf_status st = bf_eval_program(ctx, prog, bf_empty_tuple(inputs), I, bf_none(), lim, &out);
	int64_t t1 = bf_now_ns();
	json_t *o = json_object();
	if (st == BF_TIMEOUT) {
		json_object_set_new(o, "kind", json_string("timeout"));
		if (show_cost)
			json_object_set_new(o, "by", json_string(ctx->wall_timeout ? "wall" : "budget"));
	} else if (st == BF_ERROR) {
		json_object_set_new(o, "kind", json_string("error"));
		json_object_set_new(o, "error", json_string(ctx->msg));
	} else {
		json_t *g = bf_grid_to_json(out);
		if (g) {
			json_object_set_new(o, "kind", json_string("grid"));
			json_object_set_new(o, "output", g);
		} else {
			/* repr may fail, as in CPython: on a value nested deeper
			 * than the recursion limit, or on one too large to print */
			jmp_buf jb;
			ctx->jb = &jb;
			if (setjmp(jb) == 0) {
				json_object_set_new(o, "kind", json_string("value"));
				json_object_set_new(o, "repr", json_string(bf_repr(ctx, out)));
			} else {
				json_object_set_new(o, "kind", json_string("error"));
				json_object_set_new(o, "error", json_string(ctx->msg));
			}
			ctx->jb = NULL;
		}
	}
	if (show_cost) {
		json_object_set_new(o, "work", json_integer((json_int_t)ctx->work));
		json_object_set_new(o, "seconds", json_real((double)(t1 - t0) / 1e9));
	}
	emit(o);
}

int bf_cmd_eval(int argc, char **argv)
{
	static const struct option opts[] = {
		{"solvers", required_argument, NULL, 's'},
		{"name", required_argument, NULL, 'n'},
		{"grid", required_argument, NULL, 'g'},
		{"batch", required_argument, NULL, 'B'},
		{"budget", required_argument, NULL, 'b'},
		{"timeout", required_argument, NULL, 't'},
		{"cost", no_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	const char *solvers = NULL, *name = NULL, *grid = NULL, *batch = NULL;
	bf_limits lim = {BF_DEFAULT_BUDGET, 10.0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:n:", opts, NULL)) != -1) {
		switch (c) {
		case 's': solvers = optarg; break;
		case 'n': name = optarg; break;
		case 'g': grid = optarg; break;
		case 'B': batch = optarg; break;
		case 'b': lim.budget = bf_opt_ull("--budget", optarg); break;
		case 't': lim.timeout = bf_opt_double("--timeout", optarg); break;
		case 'c': show_cost = true; break;
		default: return 2;
		}
	}
	if (!solvers || (!grid == !batch) || (grid && !name)) {
		fputs("battfarm eval: needs --solvers, and --name with --grid, or --batch FILE\n",
		      stderr);
		return 2;
	}
	bf_library lib;
	bf_library_init(&lib);
	if (bf_library_load(&lib, solvers) < 0) {
		for (int i = 0; i < lib.nerrors; i++)
			fprintf(stderr, "battfarm: %s\n", lib.errors[i]);
		bf_library_release(&lib);
		return 2;
	}
	for (int i = 0; i < lib.nerrors; i++)
		fprintf(stderr, "battfarm: %s\n", lib.errors[i]);

	bf_ctx ctx, inputs;
	bf_ctx_init(&ctx, (size_t)2 << 30);
	bf_ctx_init(&inputs, (size_t)1 << 30);
	int rc = 0;
	if (grid) {
		char err[256];
		bf_arena scratch;
		bf_arena_init(&scratch, (size_t)1 << 30);
		jl_node *g = jl_parse(&scratch, grid, strlen(grid), err, sizeof(err));
		if (!g) {
			fprintf(stderr, "battfarm: --grid: malformed JSON at %s\n", err);
			rc = 2;
		} else {
			run_one(&ctx, &inputs, &lib, name, g, &lim, "--grid: ");
		}
		bf_arena_release(&scratch);
	} else {
		FILE *f = strcmp(batch, "-") == 0 ? stdin : fopen(batch, "r");
		if (!f) {
			fprintf(stderr, "battfarm: %s: cannot open\n", batch);
			rc = 2;
		} else {
			char *line = NULL;
			size_t cap = 0;
			ssize_t len;
			int lineno = 0;
			bf_arena scratch;
			bf_arena_init(&scratch, (size_t)1 << 30);
			while ((len = getline(&line, &cap, f)) >= 0) {
				lineno++;
				char where[300], err[256];
				snprintf(where, sizeof(where), "%.200s:%d: ", batch, lineno);
				bf_arena_reset(&scratch);
				jl_node *req = jl_parse(&scratch, line, (size_t)len, err, sizeof(err));
				jl_node *jname = jl_get(req, "name");
				jl_node *jgrid = jl_get(req, "grid");
				const char *fn = jname && jname->kind == JL_STRING ? jname->s : name;
				if (!req || !jgrid || !fn) {
					char msg[600];
					snprintf(msg, sizeof(msg), "%s%s", where,
						 !req ? err : !jgrid ? "no \"grid\"" : "no \"name\"");
					fprintf(stderr, "battfarm: %s\n", msg);
					emit_error(msg);
					rc = 1;
				} else {
					run_one(&ctx, &inputs, &lib, fn, jgrid, &lim, where);
				}
				fflush(stdout);
			}
			bf_arena_release(&scratch);
			free(line);
			if (f != stdin)
				fclose(f);
		}
	}
	bf_ctx_release(&ctx);
	bf_ctx_release(&inputs);
	bf_library_release(&lib);
	return rc;
}

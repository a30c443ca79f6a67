/*
 * cmd_inline.c -- `battfarm inline` and `battfarm expand`: a program file's
 * canonical texts, for inspection and for tools/inline_check.py.
 *
 *   inline FILE [--name FUNC] [--differ]
 *       for each function (or just FUNC): its inlined text, then a line
 *       `md5 <hex>` -- always three lines per function, in file order.
 *   expand FILE [--name FUNC] [--differ]
 *       with --name: exactly the file the store would write for FUNC;
 *       without: each function's expanded file preceded by a comment line
 *       `# FUNC md5 <hex>` (the output stays valid Python).
 *
 * Functions that do not parse are reported (file:line:col) on stderr and
 * skipped; the exit status is then 1 (with --name: only if FUNC itself
 * could not be printed).  An unknown --name, a missing file or bad options
 * exit with 2.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "battfarm/inline.h"
#include "battfarm/program.h"

static int print_one(const bf_program *p, bf_prog_kind kind, int expand, int single)
{
	size_t len;
	char md5[33];
	char *text = bf_inline_text(p, kind, &len);
	if (!text) {
		fprintf(stderr, "battfarm: %s:%d: %s: inlined text too large (over %zu bytes)\n",
			p->file, p->line, p->name, (size_t)BF_INLINE_MAX);
		return -1;
	}
	bf_md5_hex(text, len, md5);
	if (expand) {
		free(text);
		text = bf_expand_text(p, kind, &len);
		if (!single)
			printf("# %s md5 %s\n", p->name, md5);
		fwrite(text, 1, len, stdout);
	} else {
		fwrite(text, 1, len, stdout);
		printf("\nmd5 %s\n", md5);
	}
	free(text);
	return 0;
}

static int run(int argc, char **argv, int expand)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{"differ", no_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *cmd = expand ? "expand" : "inline";
	const char *name = NULL;
	bf_prog_kind kind = BF_PROG_SOLVER;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'd': kind = BF_PROG_DIFFER; break;
		case 'h': bf_help_command(cmd, stdout); return BF_EXIT_OK;
		default: return bf_usage_error(cmd, "bad option");
		}
	}
	if (optind != argc - 1)
		return bf_usage_error(cmd, "needs one FILE: %s FILE [--name FUNC] [--differ]", cmd);
	const char *file = argv[optind];
	bf_library lib;
	bf_library_init(&lib);
	int status = 0;
	int added = bf_library_load(&lib, file);
	for (int i = 0; i < lib.nerrors; i++)
		fprintf(stderr, "battfarm: %s\n", lib.errors[i]);
	if (added < 0) {
		status = 2;
		goto out;
	}
	/* with --name, other functions' errors are shown but do not count */
	if (lib.nerrors && !name)
		status = 1;
	if (name) {
		const bf_program *p = bf_library_find(&lib, name);
		if (!p) {
			fprintf(stderr, "battfarm %s: no function named '%s' in %s\n", cmd, name, file);
			status = 2;
			goto out;
		}
		if (print_one(p, kind, expand, 1) < 0)
			status = 1;
	} else {
		for (int i = 0; i < lib.n; i++)
			if (print_one(lib.progs[i], kind, expand, 0) < 0)
				status = 1;
	}
out:
	bf_library_release(&lib);
	return status;
}

int bf_cmd_inline(int argc, char **argv)
{
	return run(argc, argv, 0);
}

int bf_cmd_expand(int argc, char **argv)
{
	return run(argc, argv, 1);
}

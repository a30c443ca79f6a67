/*
 * main.c -- the battfarm command line: dispatch to subcommands.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bsd/unistd.h>

#include "cli.h"
#include "battfarm/value.h"

static void usage(FILE *f)
{
	fputs("usage: battfarm <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  run [--data PATH] [--solvers PATH] [--differs PATH|none] [--out DIR] [--timing]\n"
	      "        the pipeline: score every candidate on every task, file the best\n"
	      "  verify --out DIR [--repair] [--max-files N]\n"
	      "        check a store's files, links and counts; --repair removes what is wrong\n"
	      "  check --data PATH --solvers PATH [-i ID ...]\n"
	      "        run each solve_<id> on its task's train and test pairs\n"
	      "  eval --solvers PATH --name FUNC (--grid JSON | --batch FILE)\n"
	      "        run one program on grids, one JSON result per line\n"
	      "  inline FILE [--name FUNC] [--differ]\n"
	      "        print each program's inlined text and its md5\n"
	      "  expand FILE [--name FUNC] [--differ]\n"
	      "        print each program's expanded text (the stored file)\n"
	      "  simulate --costs FILE -j N [-j N ...]\n"
	      "        replay the scheduler on a virtual clock with a run's recorded costs\n"
	      "\n"
	      "common options: --budget UNITS (work budget per run), --timeout SEC\n",
	      f);
}

double bf_opt_double(const char *opt, const char *val)
{
	char *end;
	errno = 0;
	double d = strtod(val, &end);
	if (errno || end == val || *end || d < 0) {
		fprintf(stderr, "battfarm: %s needs a non-negative number, not '%s'\n", opt, val);
		exit(2);
	}
	return d;
}

unsigned long long bf_opt_ull(const char *opt, const char *val)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(val, &end, 10);
	if (errno || end == val || *end || val[0] == '-') {
		fprintf(stderr, "battfarm: %s needs a non-negative integer, not '%s'\n", opt, val);
		exit(2);
	}
	return v;
}

extern char **environ;

int main(int argc, char **argv)
{
	/* worker titles (`battfarm: validator 3 task 007bbfb7` in ps) */
	setproctitle_init(argc, argv, environ);
	/* a full disk or a file size limit must be a write error we report,
	 * not a signal that kills the run mid-store */
	signal(SIGXFSZ, SIG_IGN);
	const char *salt = getenv("BATTFARM_HASH_SALT");
	if (salt)
		bf_hash_salt = strtoull(salt, NULL, 0);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "check") == 0)
		return bf_cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "eval") == 0)
		return bf_cmd_eval(argc - 1, argv + 1);
	if (strcmp(cmd, "run") == 0)
		return bf_cmd_run(argc - 1, argv + 1);
	if (strcmp(cmd, "verify") == 0)
		return bf_cmd_verify(argc - 1, argv + 1);
	if (strcmp(cmd, "inline") == 0)
		return bf_cmd_inline(argc - 1, argv + 1);
	if (strcmp(cmd, "expand") == 0)
		return bf_cmd_expand(argc - 1, argv + 1);
	if (strcmp(cmd, "simulate") == 0)
		return bf_cmd_simulate(argc - 1, argv + 1);
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "battfarm: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}

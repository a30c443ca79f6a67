/*
 * opt_table.h -- a command's options as a table: one row and one small
 * function per option, parsed by getopt_long (the shape run_args.c gives
 * `run`; check, eval and results use this one).
 *
 * A row names the long option, its getopt argument kind, its short letter
 * (0: long only) and the function that applies it to the command's own
 * argument struct.  A row without a function is --help: it prints the
 * command's help.
 */
#ifndef BATTFARM_OPT_TABLE_H
#define BATTFARM_OPT_TABLE_H

#include <getopt.h>

/* An option's effect on args: 0 applied, -1 a usage error (printed).
 * argc/argv are there for options that take several words (optind is
 * getopt's). */
typedef int (*bf_opt_apply)(void *args, const char *arg, int argc, char **argv);

typedef struct bf_opt {
	const char *name;
	int has_arg;     /* no_argument, required_argument, optional_argument */
	char short_name; /* 0: long only */
	bf_opt_apply apply; /* NULL: --help */
} bf_opt;

/* Parse argv[1..] with the n rows of opts into args, from optind = 1.
 * 0 when every option was applied (optind is then the first word left),
 * 1 when --help was answered, -1 after a usage error was printed ("battfarm
 * CMD: bad option" for one not in the table). */
int bf_opt_parse(const char *cmd, const bf_opt *opts, int n, void *args, int argc, char **argv);

/* An option function whose body is one statement on `a`, a T *. */
#define BF_OPT_SIMPLE(fn, T, stmt)                                          \
	static int fn(void *args_, const char *arg, int argc, char **argv) \
	{                                                                   \
		T *a = args_;                                               \
		(void)a, (void)arg, (void)argc, (void)argv;                 \
		stmt;                                                       \
		return 0;                                                   \
	}

#endif

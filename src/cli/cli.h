/*
 * cli.h -- the subcommands of the battfarm binary.  Each returns the
 * process exit status, one of the codes below (help.c documents them).
 */
#ifndef BATTFARM_CLI_H
#define BATTFARM_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum {
	BF_EXIT_OK = 0,
	BF_EXIT_SOME_FAILED = 1, /* some input rejected or task not filed; the rest ran */
	BF_EXIT_USAGE = 2,       /* usage error, or fatal */
	BF_EXIT_BUSY = 75,       /* the store's lock is held (sysexits' EX_TEMPFAIL) */
	BF_EXIT_INTERRUPTED = 130,
};

int bf_cmd_check(int argc, char **argv);
int bf_cmd_eval(int argc, char **argv);
int bf_cmd_run(int argc, char **argv);
int bf_cmd_verify(int argc, char **argv);
int bf_cmd_inline(int argc, char **argv);
int bf_cmd_expand(int argc, char **argv);
int bf_cmd_simulate(int argc, char **argv);
int bf_cmd_results(int argc, char **argv);

/* help.c: the command list, one command's help (-1 if unknown), and a
 * usage error: "battfarm CMD: message" and a pointer to the help; returns
 * BF_EXIT_USAGE. */
void bf_help_overview(FILE *f);
int bf_help_command(const char *cmd, FILE *f);
int bf_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int bf_cmd_merge(int argc, char **argv);

/* Which of descriptors 0-2 were closed when battfarm started (main opens
 * /dev/null in their place, so no file opened later takes their number). */
extern bool bf_std_closed[3];

/* Parse a non-negative number option; exits with a usage error if bad. */
double bf_opt_double(const char *opt, const char *val);
unsigned long long bf_opt_ull(const char *opt, const char *val);

/* The SEC of --wait-lock [SEC] (BF_WAIT_FOREVER when there is none);
 * takes the next word when it is a number. */
double bf_opt_wait_lock(const char *optarg_, int argc, char **argv, int *optind_);

#endif

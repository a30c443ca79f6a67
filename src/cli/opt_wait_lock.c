/*
 * opt_wait_lock.c -- the optional argument of `--wait-lock [SEC]`, shared
 * by run and merge.
 */
#include <stdlib.h>

#include "cli.h"
#include "battfarm/lock_wait.h"

/* getopt_long hands an optional argument only in the --wait-lock=SEC
 * form; a number in the next word is SEC too. */
double bf_opt_wait_lock(const char *optarg_, int argc, char **argv, int *optind_)
{
	if (optarg_)
		return bf_opt_double("--wait-lock", optarg_);
	if (*optind_ < argc) {
		char *end;
		const char *next = argv[*optind_];
		double d = strtod(next, &end);
		if (end != next && !*end && d >= 0) {
			(*optind_)++;
			return d;
		}
	}
	return BF_WAIT_FOREVER;
}

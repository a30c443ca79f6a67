/*
 * cli.h -- the subcommands of the battfarm binary.  Each returns the
 * process exit status: 0 success, 1 the job ran but found failures,
 * 2 usage or input errors that stopped it.
 */
#ifndef BATTFARM_CLI_H
#define BATTFARM_CLI_H

int bf_cmd_check(int argc, char **argv);
int bf_cmd_eval(int argc, char **argv);
int bf_cmd_run(int argc, char **argv);
int bf_cmd_verify(int argc, char **argv);
int bf_cmd_inline(int argc, char **argv);
int bf_cmd_expand(int argc, char **argv);
int bf_cmd_simulate(int argc, char **argv);

/* Parse a non-negative number option; exits with a usage error if bad. */
double bf_opt_double(const char *opt, const char *val);
unsigned long long bf_opt_ull(const char *opt, const char *val);

#endif

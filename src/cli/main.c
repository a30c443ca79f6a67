/*
 * main.c -- the battfarm command line: --version, help, and dispatch to the
 * subcommands (one cmd_<command>.c each).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "battfarm/proctitle.h"
#include "battfarm/value.h"

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

/* Descriptors 0-2 are made valid before anything is opened: with stderr
 * closed, the next file opened (the store's lock) would become fd 2 and
 * receive every message.  Without even /dev/null there is nowhere safe to
 * say so.  Which were closed is remembered (eval --batch - says so). */
bool bf_std_closed[3];

static void hold_std_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		bf_std_closed[fd] = fcntl(fd, F_GETFD) < 0 && errno == EBADF;
		if (bf_std_closed[fd] && open("/dev/null", O_RDWR) != fd)
			_exit(2);
	}
}

/* The command's exit status, or BF_EXIT_USAGE (the fatal status) when
 * what it printed could not all be written (a full disk, an I/O error):
 * stdio holds the output until exit, where a failed write would otherwise
 * go unnoticed and the status claim success (git's run_builtin checks the
 * same way). */
static int output_written(int rc)
{
	int flushed = fflush(stdout);
	if (flushed == 0 && !ferror(stdout))
		return rc;
	fprintf(stderr, "battfarm: cannot write the output: %s\n",
		flushed ? strerror(errno) : "write error");
	return BF_EXIT_USAGE;
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
	hold_std_fds();
	/* worker titles (`battfarm: validator 3 task 007bbfb7` in ps) */
	bf_proctitle_init(argc, argv);
	/* a full disk or a file size limit must be a write error we report,
	 * not a signal that kills the run mid-store */
	signal(SIGXFSZ, SIG_IGN);
	const char *salt = getenv("BATTFARM_HASH_SALT");
	if (salt)
		bf_hash_salt = strtoull(salt, NULL, 0);
	return output_written(dispatch(argc, argv));
}

/* the command line's command, run */
static int dispatch(int argc, char **argv)
{
	if (argc < 2) {
		bf_help_overview(stderr);
		return BF_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 ||
	    strcmp(cmd, "version") == 0) {
		printf("battfarm %s\n", BF_VERSION);
		return BF_EXIT_OK;
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{"check", bf_cmd_check}, {"eval", bf_cmd_eval},     {"run", bf_cmd_run},
		{"verify", bf_cmd_verify}, {"inline", bf_cmd_inline}, {"expand", bf_cmd_expand},
		{"results", bf_cmd_results}, {"simulate", bf_cmd_simulate}, {"merge", bf_cmd_merge},
	};
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		if (argc == 2 || strcmp(cmd, "help") != 0) {
			bf_help_overview(stdout);
			return BF_EXIT_OK;
		}
		if (bf_help_command(argv[2], stdout) == 0)
			return BF_EXIT_OK;
		/* a command that prints its own help */
		for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			if (strcmp(argv[2], cmds[i].name) == 0)
				return cmds[i].fn(2, (char *[]){argv[2], "--help", NULL});
		fprintf(stderr, "battfarm help: no command '%s'\n", argv[2]);
		bf_help_overview(stderr);
		return BF_EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(cmd, cmds[i].name) != 0)
			continue;
		/* `COMMAND --help` as the only option; each command also takes it
		 * among others */
		if (argc == 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0) &&
		    bf_help_command(cmd, stdout) == 0)
			return BF_EXIT_OK;
		return cmds[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "battfarm: unknown command '%s'\n", cmd);
	bf_help_overview(stderr);
	return BF_EXIT_USAGE;
}

/*
 * cmd_verify.c -- `battfarm verify --out DIR [--repair] [--max-files N]`:
 * is a store what the store promises?  The checks and the repair are
 * src/store/verify.c (verify.h); this file is the command line.
 *
 * max-files comes from the store's .battfarm/store.json; --max-files is
 * for stores without one and must agree with it otherwise.  Exit 0 when
 * the store passes (after repair, if asked), 1 when problems remain, 2
 * when it could not be checked, 75 when it is busy (a run holds its lock:
 * a half-filed store is not reported as broken).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "battfarm/verify.h"

int bf_cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"repair", no_argument, NULL, 'r'},
		{"max-files", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bf_verify_opts o = {0};
	bool max_given = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': o.root = optarg; break;
		case 'r': o.repair = true; break;
		case 'm':
			o.max_files = (int)bf_opt_ull("--max-files", optarg);
			max_given = true;
			break;
		case 'h': bf_help_command("verify", stdout); return BF_EXIT_OK;
		default: return bf_usage_error("verify", "bad option");
		}
	}
	if (optind < argc)
		return bf_usage_error("verify", "unexpected argument '%s'", argv[optind]);
	if (!o.root)
		return bf_usage_error("verify", "--out DIR is required");
	if (max_given && o.max_files < 1)
		return bf_usage_error("verify", "--max-files must be at least 1");
	bf_verify_result r;
	char err[1024];
	int rc = bf_store_verify(&o, &r, stderr, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "battfarm: %s\n", err);
		return rc == -2 ? BF_EXIT_BUSY : BF_EXIT_USAGE;
	}
	int left = r.problems - r.repaired;
	printf("%s: %d task directories checked, %d problems%s (max-files %d%s)\n", o.root, r.tasks,
	       r.problems,
	       o.repair && r.problems ? (left ? ", some could not be fixed" : ", all repaired") : "",
	       r.max_files, r.from_meta ? ", from store.json" : "");
	return left ? BF_EXIT_SOME_FAILED : BF_EXIT_OK;
}

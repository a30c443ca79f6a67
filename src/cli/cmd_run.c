/*
 * cmd_run.c -- `battfarm run`: the whole pipeline over a task set, filing
 * the best candidates into the store, with the profiling report.
 *
 * With --serial every phase runs in this process; otherwise the supervisor
 * forks -j validators (farm.c) after preparing the job.  Both give the same
 * store.  Without --data, --solvers or --differs the bundled examples stand
 * in.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "battfarm/farm.h"
#include "battfarm/pipeline.h"
#include "battfarm/util.h"

#ifndef BF_EXAMPLES_DIR
#define BF_EXAMPLES_DIR "examples"
#endif

static volatile sig_atomic_t stop_requested; /* set by the handler only */

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* The bundled examples: beside the sources, or ./examples. */
static const char *example(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", BF_EXAMPLES_DIR, name);
	if (access(buf, R_OK) != 0)
		snprintf(buf, len, "examples/%s", name);
	return buf;
}

static void usage_run(FILE *f)
{
	fputs("usage: battfarm run [--data PATH] [--solvers PATH ...] [--differs PATH ...|none]\n"
	      "                    [-i ID ...] [-s START] [-c COUNT] [--out DIR]\n"
	      "                    [--serial | -j/--validators N [--stall-after SEC]]\n"
	      "                    [--timeout SEC] [--budget UNITS] [--max-files N] [--min-score N]\n"
	      "                    [--t-log-from cost|wall] [--timing] [--report-json FILE]\n",
	      f);
}

int bf_cmd_run(int argc, char **argv)
{
	enum { O_DIFFERS = 256, O_OUT, O_TIMEOUT, O_BUDGET, O_MAXF, O_MINS, O_TLOG, O_TIMING,
	       O_JSON, O_SERIAL, O_STALL };
	double stall = 0;
	bool serial = false;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int validators = ncpu > 0 ? (int)ncpu : 1;
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"solvers", required_argument, NULL, 'S'},
		{"differs", required_argument, NULL, O_DIFFERS},
		{"task-ids", required_argument, NULL, 'i'},
		{"start", required_argument, NULL, 's'},
		{"count", required_argument, NULL, 'c'},
		{"out", required_argument, NULL, O_OUT},
		{"timeout", required_argument, NULL, O_TIMEOUT},
		{"budget", required_argument, NULL, O_BUDGET},
		{"max-files", required_argument, NULL, O_MAXF},
		{"min-score", required_argument, NULL, O_MINS},
		{"t-log-from", required_argument, NULL, O_TLOG},
		{"timing", no_argument, NULL, O_TIMING},
		{"report-json", required_argument, NULL, O_JSON},
		{"serial", no_argument, NULL, O_SERIAL},
		{"validators", required_argument, NULL, 'j'},
		{"stall-after", required_argument, NULL, O_STALL},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bf_prof_run run;
	memset(&run, 0, sizeof(run));
	run.start_ns = bf_now_ns();
	const char *data = NULL, *json_path = NULL;
	const char **solvers = bf_xmalloc(sizeof(char *) * (size_t)(argc + 1));
	const char **differs = bf_xmalloc(sizeof(char *) * (size_t)(argc + 1));
	const char **ids = bf_xmalloc(sizeof(char *) * (size_t)(argc + 1));
	int nsolvers = 0, ndiffers = 0, nids = 0, start = 0, count = -1, timing = 0;
	bool no_differs = false;
	bf_job job;
	memset(&job, 0, sizeof(job));
	job.opts.out = "battfarm-out";
	job.opts.max_files = 32;
	job.opts.min_score = 1;
	job.opts.lim.budget = BF_DEFAULT_BUDGET;
	job.opts.lim.timeout = 1.0;
	int c, rc = 2;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:i:s:c:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'S': solvers[nsolvers++] = optarg; break;
		case O_DIFFERS:
			if (strcmp(optarg, "none") == 0)
				no_differs = true;
			else
				differs[ndiffers++] = optarg;
			break;
		case 'i':
			ids[nids++] = optarg;
			while (optind < argc && argv[optind][0] != '-')
				ids[nids++] = argv[optind++];
			break;
		case 's': start = (int)bf_opt_ull("--start", optarg); break;
		case 'c': count = (int)bf_opt_ull("--count", optarg); break;
		case O_OUT: job.opts.out = optarg; break;
		case O_TIMEOUT: job.opts.lim.timeout = bf_opt_double("--timeout", optarg); break;
		case O_BUDGET: job.opts.lim.budget = bf_opt_ull("--budget", optarg); break;
		case O_MAXF: job.opts.max_files = (int)bf_opt_ull("--max-files", optarg); break;
		case O_MINS: job.opts.min_score = (int64_t)bf_opt_ull("--min-score", optarg); break;
		case O_TLOG:
			if (strcmp(optarg, "wall") == 0)
				job.opts.t_log_wall = true;
			else if (strcmp(optarg, "cost") != 0) {
				fprintf(stderr, "battfarm: --t-log-from takes 'cost' or 'wall', not '%s'\n",
					optarg);
				goto out;
			}
			break;
		case O_TIMING: timing = 1; break;
		case O_JSON: json_path = optarg; break;
		case O_SERIAL: serial = true; break;
		case O_STALL: stall = bf_opt_double("--stall-after", optarg); break;
		case 'j':
			validators = (int)bf_opt_ull("--validators", optarg);
			if (validators < 1 || validators > 256) {
				fputs("battfarm: -j/--validators takes 1 to 256\n", stderr);
				goto out;
			}
			break;
		case 'h': usage_run(stdout); rc = 0; goto out;
		default: usage_run(stderr); goto out;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "battfarm run: unexpected argument '%s'\n", argv[optind]);
		usage_run(stderr);
		goto out;
	}
	if (job.opts.max_files < 1) {
		fputs("battfarm: --max-files must be at least 1\n", stderr);
		goto out;
	}
	char ex1[1024], ex2[1024], ex3[1024];
	if (!data)
		data = example("tasks", ex1, sizeof(ex1));
	if (!nsolvers)
		solvers[nsolvers++] = example("solvers.py", ex2, sizeof(ex2));
	if (!ndiffers && !no_differs)
		differs[ndiffers++] = example("differs.py", ex3, sizeof(ex3));

	bf_prof_slot slot;
	memset(&slot, 0, sizeof(slot));
	slot.pid = (int32_t)getpid();
	slot.role = BF_ROLE_SUPERVISOR;
	int64_t p0 = bf_now_ns();
	if (bf_job_prepare(&job, data, ids, nids, solvers, nsolvers, differs, ndiffers, &slot) < 0) {
		bf_job_release(&job);
		goto out;
	}
	bf_job_select(&job, ids, nids, start, count);
	run.phase_ns[BF_P_LOAD] = slot.ns[BF_M_LOAD];
	run.phase_ns[BF_P_PREPARE] = bf_now_ns() - p0 - slot.ns[BF_M_LOAD];

	char err[512];
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	int done = 0;
	bf_slot *wslots = NULL;
	int nwslots = 0;
	rc = 0;
	/* the store must exist to be locked; opening it creates it */
	bf_store st0;
	int lockfd = -1;
	if (bf_store_open_as(&st0, job.opts.out, job.opts.max_files, NULL, false, err,
			     sizeof(err)) == 0) {
		bf_store_close(&st0);
		lockfd = bf_store_lock(job.opts.out, err, sizeof(err));
	}
	if (lockfd < 0) {
		fprintf(stderr, "battfarm: %s\n", err);
		bf_job_release(&job);
		rc = 2;
		goto out;
	}
	int64_t t0 = bf_now_ns();
	if (serial) {
		bf_store st;
		if (bf_store_open(&st, job.opts.out, job.opts.max_files, &slot, err, sizeof(err)) < 0) {
			fprintf(stderr, "battfarm: %s\n", err);
			bf_job_release(&job);
			bf_store_unlock(lockfd);
			rc = 2;
			goto out;
		}
		bf_ctx ctx;
		bf_ctx_init(&ctx, (size_t)2 << 30);
		for (int t = 0; t < job.tasks.n && !stop_requested; t++, done++) {
			if (bf_job_run_task(&job, t, &ctx, &st, &slot, err, sizeof(err)) < 0) {
				fprintf(stderr, "battfarm: task %s: %s\n", job.tasks.tasks[t].id, err);
				job.store_failures++;
			}
		}
		bf_ctx_release(&ctx);
		bf_store_close(&st);
	} else {
		/* the store is created here, so a bad --out is one clear error */
		bf_store st;
		if (bf_store_open(&st, job.opts.out, job.opts.max_files, NULL, err, sizeof(err)) < 0) {
			fprintf(stderr, "battfarm: %s\n", err);
			bf_job_release(&job);
			bf_store_unlock(lockfd);
			rc = 2;
			goto out;
		}
		bf_store_close(&st);
		bf_farm_opts fo = {validators, stall};
		if (bf_farm_run(&job, &fo, &stop_requested, &wslots, &nwslots, &done) < 0) {
			fputs("battfarm: could not start the workers\n", stderr);
			bf_job_release(&job);
			bf_store_unlock(lockfd);
			rc = 2;
			goto out;
		}
		/* every worker is gone: what a killed one was writing is debris,
		 * and the store's owner clears it */
		if (bf_store_open(&st, job.opts.out, job.opts.max_files, NULL, err, sizeof(err)) == 0)
			bf_store_close(&st);
	}
	run.phase_ns[BF_P_TASKS] = bf_now_ns() - t0;
	bf_store_unlock(lockfd);
	if ((done < job.tasks.n && !stop_requested) || job.store_failures)
		rc = 1;
	if (stop_requested) {
		fprintf(stderr, "battfarm: interrupted after %d of %d tasks\n", done, job.tasks.n);
		rc = 130;
	}
	printf("%d tasks, %d candidates (%d duplicate bodies, %d renamed copies dropped), "
	       "%d differs; %llu samples run (%llu errors, %llu timeouts, %llu of them by the "
	       "wall-clock backstop); %llu tasks solved exactly by some candidate; filed %llu "
	       "solvers, %llu differs into %s\n",
	       done, job.ncands, job.dup_bodies, job.dup_inlined, job.ndiffs,
	       (unsigned long long)job.samples_run, (unsigned long long)job.errors,
	       (unsigned long long)job.timeouts, (unsigned long long)job.wall_timeouts,
	       (unsigned long long)job.exact_tasks,
	       (unsigned long long)job.filed, (unsigned long long)job.differs_filed, job.opts.out);
	bf_job_release(&job);
	/* the report: the supervisor's slot, then every worker's, dead ones too */
	bf_prof_slot *all = bf_xmalloc(sizeof(bf_prof_slot) * (size_t)(nwslots + 1));
	int nall = 0;
	all[nall++] = slot;
	for (int i = 0; i < nwslots; i++) {
		bf_slot snap;
		bf_slot_snapshot(&wslots[i], &snap);
		if (snap.prof.pid)
			all[nall++] = snap.prof;
	}
	bf_slots_unmap(wslots, nwslots);
	run.end_ns = bf_now_ns();
	if (timing)
		bf_prof_print(stdout, &run, all, nall);
	if (json_path) {
		json_t *j = bf_prof_json(&run, all, nall);
		if (json_dump_file(j, json_path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0) {
			fprintf(stderr, "battfarm: %s: cannot write the report\n", json_path);
			rc = rc ? rc : 1;
		}
		json_decref(j);
	}
	free(all);
out:
	free(solvers);
	free(differs);
	free(ids);
	return rc;
}

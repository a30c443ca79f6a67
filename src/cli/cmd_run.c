/*
 * cmd_run.c -- `battfarm run`: the whole pipeline over a task set, filing
 * the best candidates into the store, with the profiling report.
 *
 * With --serial every phase runs in this process; otherwise the supervisor
 * forks -j validators (farm.c) after preparing the job.  Both give the same
 * store.  The options are parsed in run_args.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "costs.h"
#include "run_args.h"
#include "run_scale.h"
#include "battfarm/job_names.h"
#include "battfarm/html.h"
#include "battfarm/json_file.h"
#include "battfarm/lock_wait.h"
#include "battfarm/predict.h"
#include "battfarm/store_meta.h"
#include "battfarm/trace.h"
#include "battfarm/util.h"

/* Set by the handler only: stop_requested 1 at the first SIGINT, SIGTERM
 * or SIGHUP (no more tasks), 2 at the next (and cut_requested: the
 * candidates in hand are cut at once). */
static volatile sig_atomic_t stop_requested, cut_requested;

static void say(const char *s)
{
	ssize_t r = write(2, s, strlen(s)); /* async-signal-safe */
	(void)r;
}

static void on_signal(int sig)
{
	(void)sig;
	if (stop_requested) {
		stop_requested = 2;
		cut_requested = 1;
		say("\nbattfarm: cutting the candidates in hand\n");
	} else {
		stop_requested = 1;
		say("\nbattfarm: stopping once the tasks in hand are filed (signal again to cut "
		    "them)\n");
	}
}

static void catch_stop_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask); /* one handler at a time */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* What running the tasks left, serial or farmed. */
typedef struct run_outcome {
	bf_stats stats;
	int done;                /* tasks over */
	int failed;              /* of those, given up (not filed) */
	bf_prof_slot *workers;   /* every worker's timings (none when serial) */
	int nworkers;
} run_outcome;

/* Load and phases 1-2, timed into the supervisor's slot and run. */
static int prepare(const run_args *a, bf_job *job, bf_prof_slot *slot, bf_prof_run *run)
{
	memset(job, 0, sizeof(*job));
	job->opts = a->jo;
	int64_t p0 = bf_now_ns();
	if (bf_job_prepare(job, a->data, a->ids, a->nids, a->solvers, a->nsolvers, a->differs,
			   a->ndiffers, slot) < 0) {
		bf_job_release(job);
		return -1;
	}
	int loaded = job->tasks.n;
	bf_job_select(job, a->ids, a->nids, a->start, a->count);
	if (job->tasks.n == 0) {
		bf_usage_error("run", "-s/--start %d is past the last of the %d tasks", a->start,
			       loaded);
		bf_job_release(job);
		return -1;
	}
	if (run_take_shard(a, job) < 0) {
		bf_job_release(job);
		return -1;
	}
	run->phase_ns[BF_P_LOAD] = slot->ns[BF_M_LOAD];
	run->phase_ns[BF_P_PREPARE] = bf_now_ns() - p0 - slot->ns[BF_M_LOAD];
	return 0;
}

/* Create (by opening it) and lock the store, waiting up to wait seconds
 * while another run holds it: the lock's descriptor, or -1 with the reason
 * printed (-2: another run holds it). */
static int lock_store(const bf_job *job, double wait)
{
	char err[512];
	bf_store st;
	int lockfd = -1;
	if (bf_store_open_as(&st, job->opts.out, job->opts.max_files, NULL, false, err,
			     sizeof(err)) == 0) {
		bf_store_close(&st);
		lockfd = bf_store_lock_wait(job->opts.out, wait, &stop_requested, err, sizeof(err));
	}
	if (lockfd < 0)
		fprintf(stderr, "battfarm: %s\n", err);
	return lockfd;
}

/* The store's store.json against this run's settings (store_meta.h):
 * written when new, a new library said; -1 with the reason printed when the
 * run would mix scales into the store. */
static int adopt_meta(const bf_job *job)
{
	bf_store_meta m = {.format = BF_STORE_FORMAT, .max_files = job->opts.max_files,
			   .budget = job->opts.lim.budget, .t_log_wall = job->opts.t_log_wall,
			   .seconds_per_unit = BF_SECONDS_PER_UNIT};
	bf_store_library_hash(job->ncands ? job->cands[0].md5 : "", job->ncands,
			      job->ndiffs ? job->diffs[0].md5 : "", job->ndiffs, sizeof(bf_candidate),
			      m.library);
	char err[512], note[512];
	int rootfd = open(job->opts.out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = rootfd < 0 ? (snprintf(err, sizeof(err), "%s", strerror(errno)), -1)
			    : bf_store_meta_adopt(rootfd, &m, note, sizeof(note), err, sizeof(err));
	if (rootfd >= 0)
		close(rootfd);
	if (rc < 0)
		fprintf(stderr, "battfarm: %s: %s\n", job->opts.out, err);
	else if (note[0])
		fprintf(stderr, "battfarm: %s: %s\n", job->opts.out, note);
	return rc;
}

/* Open the store as its owner (which clears a killed writer's debris) and
 * close it again; prof times the work.  -1 with the reason printed. */
static int touch_store(const bf_job *job)
{
	char err[512];
	bf_store st;
	if (bf_store_open(&st, job->opts.out, job->opts.max_files, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "battfarm: %s\n", err);
		return -1;
	}
	bf_store_close(&st);
	return 0;
}

/* Every task in this process; fo gives the costs file, the progress and
 * the trace (each may be NULL). */
static int run_serial(const bf_job *job, bf_prof_slot *slot, const bf_farm_opts *fo,
		      run_scale *rs, run_outcome *o)
{
	FILE *costs = fo->costs;
	bf_progress *pg = fo->progress;
	bf_store st;
	bf_ctx ctx;
	bf_runner rn = {&ctx, &st, slot, {0}, ""};
	if (bf_store_open(&st, job->opts.out, job->opts.max_files, slot, rn.err,
			  sizeof(rn.err)) < 0) {
		fprintf(stderr, "battfarm: %s\n", rn.err);
		return -1;
	}
	bf_ctx_init(&ctx, BF_EVAL_MEMORY);
	ctx.cancel = &cut_requested;
	size_t nc = (size_t)job->ncands, nd = (size_t)job->ndiffs;
	bf_cand_result *res = bf_xmalloc(sizeof(bf_cand_result) * nc);
	int64_t *sscore = bf_xmalloc(sizeof(int64_t) * (nc * nd + 1));
	for (int t = 0; t < job->tasks.n && !stop_requested; t++, o->done++) {
		int64_t t0 = bf_now_ns();
		int r = bf_job_run_task(job, t, &rn, res, sscore);
		if (r == BF_TASK_CUT)
			break;
		bf_trace_job_info info = {t, NULL, 0, job->ncands};
		bf_trace_job(fo->trace, 0, slot, &info, t0, bf_now_ns());
		if (r < 0)
			bf_progress_printf(pg, "battfarm: task %s: %s\n", job->tasks.tasks[t].id, rn.err);
		else {
			run_task_filed(rs, t);
			if (costs)
				bf_costs_write_task(costs, job, t, res);
		}
		bf_progress_update(pg, o->done + 1, slot->candidates);
	}
	free(res);
	free(sscore);
	bf_ctx_release(&ctx);
	bf_store_close(&st);
	o->stats = rn.stats;
	return 0;
}

/* --costs FILE, created (header written) once the store is ours; NULL
 * when not asked for, or -1 in *failed with the reason printed. */
static FILE *open_costs(const run_args *a, bool *failed)
{
	*failed = false;
	if (!a->costs_path)
		return NULL;
	FILE *f = fopen(a->costs_path, "w");
	if (!f || fputs(BF_COSTS_HEADER, f) < 0) {
		fprintf(stderr, "battfarm: --costs %s: cannot write: %s\n", a->costs_path,
			strerror(errno));
		if (f)
			fclose(f);
		*failed = true;
		return NULL;
	}
	return f;
}

/* Close the costs file: false when what was written did not all reach it. */
static bool close_costs(const run_args *a, FILE *f)
{
	if (!f)
		return true;
	bool ok = !ferror(f);
	ok &= fclose(f) == 0;
	if (!ok)
		fprintf(stderr, "battfarm: --costs %s: write error: %s\n", a->costs_path,
			strerror(errno));
	return ok;
}

static int run_farm(const bf_job *job, const bf_farm_opts *fo, run_outcome *o)
{
	/* the store is created here, so a bad --out is one clear error */
	if (touch_store(job) < 0)
		return -1;
	bf_farm_result fr;
	if (bf_farm_run(job, fo, &stop_requested, &fr) < 0) {
		fputs("battfarm: could not start the workers\n", stderr);
		return -1;
	}
	o->stats = fr.stats;
	o->done = fr.done;
	o->failed = fr.failed;
	o->workers = fr.workers;
	o->nworkers = fr.nworkers;
	/* every worker is gone: what a killed one was writing is debris, and
	 * the store's owner clears it */
	touch_store(job);
	if (fr.fatal)
		fprintf(stderr, "battfarm: the run failed: no worker could do its work (%d of %d "
				"tasks over)\n", fr.done, job->tasks.n);
	return fr.fatal ? -1 : 0;
}

/* Where the summary and --timing go: stdout, unless a JSON document does
 * (--report-json - or --predict -), which must be alone there. */
static FILE *text_out(const run_args *a)
{
	bool json_on_stdout = (a->json_path && strcmp(a->json_path, "-") == 0) ||
			      (a->predict_path && strcmp(a->predict_path, "-") == 0);
	return json_on_stdout ? stderr : stdout;
}

static void print_summary(FILE *f, const bf_job *job, const run_outcome *o)
{
	const bf_stats *s = &o->stats;
	fprintf(f, "%d tasks, %d candidates (%d duplicate bodies, %d renamed copies dropped), "
	       "%d differs; %llu samples run (%llu errors, %llu timeouts, %llu of them by the "
	       "CPU-time backstop); %llu tasks solved exactly by some candidate; filed %llu "
	       "solvers, %llu differs into %s",
	       o->done, job->ncands, job->dup_bodies, job->dup_inlined, job->ndiffs,
	       (unsigned long long)s->samples, (unsigned long long)s->errors,
	       (unsigned long long)s->timeouts, (unsigned long long)s->backstop_cuts,
	       (unsigned long long)s->exact_tasks, (unsigned long long)s->filed,
	       (unsigned long long)s->differs_filed, job->opts.out);
	/* among the tasks that ran: an interrupted run's rest is not "unsolved" */
	bf_job ran = *job;
	ran.tasks.n = o->done < job->tasks.n ? o->done : job->tasks.n;
	bf_job_print_unsolved(f, &ran, 5);
	fputc('\n', f);
}

/* --trace and --html; -1 when one could not be written (reason printed). */
static int write_pictures(const run_args *a, const bf_job *job, const bf_prof_run *run,
			  const bf_prof_slot *all, int nall, const bf_trace *tr)
{
	char err[512];
	int rc = 0;
	if (a->trace_path) {
		json_t *j = bf_trace_json(tr, job);
		if (bf_json_write_atomic(j, a->trace_path, JSON_COMPACT, err, sizeof(err)) < 0) {
			fprintf(stderr, "battfarm: --trace %s\n", err);
			rc = -1;
		}
		json_decref(j);
	}
	if (a->html_path && bf_html_write(a->html_path, job, run, all, nall, tr, err,
					  sizeof(err)) < 0) {
		fprintf(stderr, "battfarm: --html %s\n", err);
		rc = -1;
	}
	return rc;
}

/* --report-json: what ran (version, options, counts), then the timings. */
static json_t *report_json(const run_args *a, const bf_prof_run *run, const bf_prof_slot *all,
			   int nall, const run_outcome *o)
{
	json_t *j = json_object();
	json_object_set_new(j, "version", json_string(BF_VERSION));
	json_object_set_new(j, "options", run_args_json(a));
	const bf_stats *s = &o->stats;
	json_t *c = json_object();
	json_object_set_new(c, "tasks", json_integer(o->done));
	json_object_set_new(c, "candidates", json_integer((json_int_t)s->candidates));
	json_object_set_new(c, "samples", json_integer((json_int_t)s->samples));
	json_object_set_new(c, "errors", json_integer((json_int_t)s->errors));
	json_object_set_new(c, "timeouts", json_integer((json_int_t)s->timeouts));
	json_object_set_new(c, "backstop_cuts", json_integer((json_int_t)s->backstop_cuts));
	json_object_set_new(c, "filed", json_integer((json_int_t)s->filed));
	json_object_set_new(c, "differs_filed", json_integer((json_int_t)s->differs_filed));
	json_object_set_new(c, "exact_tasks", json_integer((json_int_t)s->exact_tasks));
	json_object_set_new(c, "store_failures", json_integer((json_int_t)s->store_failures));
	json_object_set_new(j, "counts", c);
	json_t *timing = bf_prof_json(run, all, nall);
	json_object_update(j, timing);
	json_decref(timing);
	return j;
}

/* The report: the supervisor's slot, then every worker's, dead ones too.
 * Returns rc, or 1 when the report could not be written. */
static int report(const run_args *a, const bf_job *job, const bf_prof_run *run,
		  const bf_prof_slot *slot, const run_outcome *o, const bf_trace *tr, int rc)
{
	bf_prof_slot *all = bf_xmalloc(sizeof(bf_prof_slot) * (size_t)(o->nworkers + 1));
	int nall = 0;
	all[nall++] = *slot;
	for (int i = 0; i < o->nworkers; i++)
		all[nall++] = o->workers[i];
	if (a->timing)
		bf_prof_print(text_out(a), run, all, nall);
	if (a->json_path) {
		json_t *j = report_json(a, run, all, nall, o);
		char err[512];
		if (bf_json_write_atomic(j, a->json_path, JSON_INDENT(2) | JSON_PRESERVE_ORDER, err,
					 sizeof(err)) < 0) {
			fprintf(stderr, "battfarm: --report-json %s\n", err);
			rc = rc ? rc : 1;
		}
		json_decref(j);
	}
	if (write_pictures(a, job, run, all, nall, tr) < 0)
		rc = rc ? rc : 1;
	free(all);
	return rc;
}

/* --predict: the submission for the tasks that ran.  -1 with the reason
 * printed. */
static int write_predictions(const run_args *a, const bf_job *job, int done)
{
	char err[512];
	json_t *sub = bf_predict_json(job, done);
	int rc = bf_json_write_atomic(sub, a->predict_path, JSON_COMPACT | JSON_PRESERVE_ORDER, err,
				      sizeof(err));
	if (rc < 0)
		fprintf(stderr, "battfarm: --predict %s\n", err);
	json_decref(sub);
	return rc;
}

/* Prepare, lock, run the tasks, tell what happened; the exit status. */
/* After the tasks ran: the costs file, the journal and the names index
 * written under the lock, which is then released; the predictions; the
 * exit status the outcome earns (130 when a signal stopped the run). */
static int settle(const run_args *a, bf_job *job, const bf_farm_opts *fo, run_scale *rs,
		  const run_outcome *o, bool rejected, int lockfd)
{
	char err[512];
	int rc = close_costs(a, fo->costs) ? 0 : 1;
	if (run_resume_finish(rs) < 0)
		rc = 1;
	if (bf_job_save_names(job, err, sizeof(err)) < 0) {
		fprintf(stderr, "battfarm: %s\n", err);
		rc = 1;
	}
	bf_store_unlock(lockfd);
	int over = o->done + rs->skipped; /* with those an earlier run filed */
	if ((over < job->tasks.n && !stop_requested) || o->failed || o->stats.store_failures ||
	    rejected)
		rc = 1;
	if (a->predict_path && write_predictions(a, job, over) < 0)
		rc = 1;
	if (stop_requested) {
		fprintf(stderr, "battfarm: interrupted after %d of %d tasks\n", over, job->tasks.n);
		rc = 130;
	}
	return rc;
}

static int run_job(const run_args *a)
{
	bf_prof_run run;
	memset(&run, 0, sizeof(run));
	run.start_ns = bf_now_ns();
	bf_prof_slot slot;
	memset(&slot, 0, sizeof(slot));
	slot.pid = (int32_t)getpid();
	slot.role = BF_ROLE_SUPERVISOR;
	bf_job job;
	if (prepare(a, &job, &slot, &run) < 0)
		return BF_EXIT_USAGE;
	/* a rejected task file or program: the rest runs, the exit status says so */
	bool rejected = job.tasks.nerrors || job.solvers.nerrors || job.differs.nerrors;
	catch_stop_signals();
	int lockfd = lock_store(&job, a->wait_lock);
	if (lockfd >= 0 && adopt_meta(&job) < 0) {
		bf_store_unlock(lockfd);
		lockfd = -1;
	}
	bool costs_failed = false;
	bf_farm_opts fo = a->fo;
	fo.costs = lockfd >= 0 ? open_costs(a, &costs_failed) : NULL;
	run_scale rs;
	bool resumed = lockfd >= 0 && !costs_failed && run_resume_start(a, &job, &rs) == 0;
	fo.task_filed = run_task_filed;
	fo.arg = &rs;
	run_outcome o;
	memset(&o, 0, sizeof(o));
	bf_progress pg;
	bf_progress_init(&pg, stderr, job.tasks.n, a->progress_every);
	fo.progress = &pg;
	bf_trace tr;
	bf_trace_init(&tr, run.start_ns);
	fo.trace = a->trace_path || a->html_path ? &tr : NULL;
	int64_t load_end = run.start_ns + run.phase_ns[BF_P_LOAD];
	bf_trace_supervisor(fo.trace, slot.pid, "load", run.start_ns, load_end);
	bf_trace_supervisor(fo.trace, slot.pid, "prepare (phases 1-2)", load_end,
			    load_end + run.phase_ns[BF_P_PREPARE]);
	int64_t t0 = bf_now_ns();
	int ran = !resumed	    ? -1
		  : job.tasks.n == 0 ? 0 /* all filed by an earlier run */
		  : a->serial	    ? run_serial(&job, &slot, &fo, &rs, &o)
				    : run_farm(&job, &fo, &o);
	bf_progress_finish(&pg);
	if (ran < 0) {
		if (resumed)
			run_resume_finish(&rs);
		bf_trace_release(&tr);
		bf_job_release(&job);
		free(o.workers);
		close_costs(a, fo.costs);
		if (lockfd >= 0)
			bf_store_unlock(lockfd);
		return lockfd == -2 ? BF_EXIT_BUSY : BF_EXIT_USAGE;
	}
	run.phase_ns[BF_P_TASKS] = bf_now_ns() - t0;
	int rc = settle(a, &job, &fo, &rs, &o, rejected, lockfd);
	print_summary(text_out(a), &job, &o);
	run.end_ns = bf_now_ns();
	rc = report(a, &job, &run, &slot, &o, fo.trace, rc);
	bf_trace_release(&tr);
	bf_job_release(&job);
	free(o.workers);
	return rc;
}

int bf_cmd_run(int argc, char **argv)
{
	run_args a;
	int r = run_args_parse(&a, argc, argv);
	int rc = r < 0 ? 2 : r > 0 ? 0 : run_job(&a);
	run_args_free(&a);
	return rc;
}

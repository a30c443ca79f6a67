/*
 * test_pipeline.c -- t_log, the phase 1/2 filters, scores (exact 1000, a
 * miss the capped mean of its differs), the differ filing of phase 4, and
 * the report's metric names and unaccounted time.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "battfarm/pipeline.h"
#include "testutil.h"

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* The only entry of dir/rel (a score or t_log directory), or "". */
static const char *only_entry(const char *rel)
{
	static char name[256];
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	DIR *d = opendir(path);
	name[0] = '\0';
	if (!d)
		return name;
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(name, sizeof(name), "%s", e->d_name);
			n++;
		}
	closedir(d);
	if (n != 1)
		snprintf(name, sizeof(name), "(%d entries)", n);
	return name;
}

START_TEST(t_t_log)
{
	ck_assert_int_eq(bf_t_log(0), 10);
	ck_assert_int_eq(bf_t_log(1.0), 11);
	ck_assert_int_eq(bf_t_log(7.5), 9);     /* ln 7.5 = 2.01 */
	ck_assert_int_eq(bf_t_log(0.5), 11);    /* ln 0.5 = -0.69 truncates to 0 */
	ck_assert_int_eq(bf_t_log(0.1), 13);    /* -2.30 -> -2 */
	ck_assert_int_eq(bf_t_log(1e-6), 24);   /* -13.8 -> -13 */
}
END_TEST

START_TEST(t_job_scores_and_files)
{
	strcpy(dir, "/tmp/bfpipeXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* one task: flip left-right; two samples */
	put("tk.json", "{\"train\": [{\"input\": [[1, 2], [3, 4]], \"output\": [[2, 1], [4, 3]]}],"
		       " \"test\": [{\"input\": [[5, 6, 7]], \"output\": [[7, 6, 5]]}]}");
	put("s.py", "def exact(I):\n    O = vmirror(I)\n    return O\n"
		    "def exact_renamed(I):\n    x = vmirror(I)\n    return x\n"
		    "def exact_same_body(I):\n    O = vmirror(I)\n    return O\n"
		    "def miss(I):\n    O = hmirror(I)\n    return O\n"
		    "def broken(I):\n    O = divide(ONE, ZERO)\n    return O\n");
	/* a differ that always says 1000: a miss still earns only 999 */
	put("d.py", "def always(S, I, C):\n    return astuple(1000, ZERO)\n"
		    "def never(S, I, C):\n    return NEG_ONE\n");
	char tasks[128], sp[128], dp[128], out[128];
	snprintf(tasks, sizeof(tasks), "%s/tk.json", dir);
	snprintf(sp, sizeof(sp), "%s/s.py", dir);
	snprintf(dp, sizeof(dp), "%s/d.py", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	const char *solvers[] = {sp}, *differs[] = {dp};

	bf_job job;
	memset(&job, 0, sizeof(job));
	job.opts.out = out;
	job.opts.max_files = 32;
	job.opts.min_score = 1;
	job.opts.lim.budget = 1000000;
	bf_prof_slot slot;
	memset(&slot, 0, sizeof(slot));
	slot.pid = 1;
	ck_assert_int_eq(bf_job_prepare(&job, tasks, NULL, 0, solvers, 1, differs, 1, &slot), 0);
	ck_assert_int_eq(job.dup_bodies, 1);  /* exact_same_body */
	ck_assert_int_eq(job.dup_inlined, 1); /* exact_renamed */
	ck_assert_int_eq(job.ncands, 3);
	ck_assert_int_eq(job.ndiffs, 2);
	ck_assert_uint_eq(slot.calls[BF_M_PHASE1_FILTER], 2);

	bf_store st;
	char err[256];
	ck_assert_int_eq(bf_store_open(&st, out, 32, &slot, err, sizeof(err)), 0);
	bf_ctx ctx;
	bf_ctx_init(&ctx, 1 << 26);
	bf_runner rn = {&ctx, &st, &slot, {0}, ""};
	bf_cand_result res[3];
	int64_t sscore[3 * 2];
	ck_assert_int_eq(bf_job_run_task(&job, 0, &rn, res, sscore), 0);
	bf_ctx_release(&ctx);
	bf_store_close(&st);

	/* exact: 2 x 1000; miss: 2 x min(999, mean(1000, 0)) = 1000; broken:
	 * no output, 0, below --min-score 1, not filed */
	ck_assert_uint_eq(rn.stats.filed, 2);
	ck_assert_uint_eq(rn.stats.errors, 2);
	ck_assert_uint_eq(rn.stats.exact_tasks, 1);
	ck_assert_str_eq(only_entry("out/solver_dir/solve_tk"), "(2 entries)");
	char rel[256];
	snprintf(rel, sizeof(rel), "out/solver_dir/solve_tk/2000");
	ck_assert_str_ne(only_entry(rel), "");
	snprintf(rel, sizeof(rel), "out/solver_dir/solve_tk/1000");
	ck_assert_str_ne(only_entry(rel), "");
	/* phase 4: `always` moves the miss's input nowhere: per sample
	 * (1000 - 1000) + 1000 = 1000, so s_score 2000; `never` scores 0
	 * everywhere: (1000 - 0) + 0 per sample = 2000 as well */
	ck_assert_uint_eq(rn.stats.differs_filed, 2);
	ck_assert_str_eq(only_entry("out/differ_dir/solve_tk"), "2000");
	ck_assert_uint_eq(slot.calls[BF_M_CHECK_BATT], 1);
	ck_assert_uint_eq(slot.jobs, 1);
	bf_job_release(&job);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(t_report_names_and_unaccounted)
{
	ck_assert_str_eq(bf_metric_name(BF_M_LOAD), "battfarm.load");
	ck_assert_str_eq(bf_metric_name(BF_M_PHASE1_FILTER), "run_batt.phase1_filter");
	ck_assert_str_eq(bf_metric_name(BF_M_PHASE2_INLINE), "run_batt.phase2_inline_batch");
	ck_assert_str_eq(bf_metric_name(BF_M_PHASE3B_OVERHEAD), "run_batt.phase3b_overhead");
	ck_assert_str_eq(bf_metric_name(BF_M_PHASE4_DIFFERS), "run_batt.phase4_differs");
	ck_assert(!bf_metric_top_level(BF_M_PHASE4_BUILD));
	bf_prof_slot s;
	memset(&s, 0, sizeof(s));
	s.pid = 7;
	s.ns[BF_M_LOAD] = 300000000;
	s.ns[BF_M_CHECK_BATT] = 600000000;
	s.ns[BF_M_PHASE4_DIFFERS] = 50000000;
	s.ns[BF_M_PHASE4_BUILD] = 50000000; /* nested: not counted twice */
	bf_prof_run run;
	memset(&run, 0, sizeof(run));
	run.end_ns = 1000000000;
	double un = bf_prof_unaccounted(&run, &s, 1);
	ck_assert_msg(un > 0.0499 && un < 0.0501, "unaccounted %f", un);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	bf_prof_print(f, &run, &s, 1);
	fclose(f);
	ck_assert_msg(strstr(text, "=== PROFILING RESULTS ===\n"), "%s", text);
	ck_assert_msg(strstr(text, "unaccounted: 0.050 (5.0%)"), "%s", text);
	free(text);
}
END_TEST

START_TEST(t_pools_busy_and_idle)
{
	/* two validators busy 1.5 s and 0.5 s and one differ busy 0.25 s in a
	 * tasks phase of 2 s: idle 2 and 1.75 */
	bf_prof_slot s[4];
	memset(s, 0, sizeof(s));
	for (int i = 0; i < 4; i++)
		s[i].pid = i + 1;
	s[0].role = BF_ROLE_SUPERVISOR;
	s[0].ns[BF_M_LOAD] = 100000000;
	s[1].role = s[2].role = BF_ROLE_VALIDATOR;
	s[1].ns[BF_M_CHECK_BATT] = 1500000000;
	s[2].ns[BF_M_CHECK_BATT] = 400000000;
	s[2].ns[BF_M_PHASE4_DIFFERS] = 100000000;
	s[2].ns[BF_M_PHASE4_BUILD] = 100000000; /* nested: not busy twice */
	s[3].role = BF_ROLE_DIFFER;
	s[3].ns[BF_M_DIFFER_EVAL] = 250000000;
	s[3].jobs = 3;
	bf_prof_run run;
	memset(&run, 0, sizeof(run));
	run.phase_ns[BF_P_TASKS] = 2000000000;
	bf_pool p;
	bf_prof_pool(&run, s, 4, BF_ROLE_VALIDATOR, &p);
	ck_assert_int_eq(p.processes, 2);
	ck_assert_msg(p.busy > 1.999 && p.busy < 2.001 && p.idle > 1.999 && p.idle < 2.001,
		      "busy %f idle %f", p.busy, p.idle);
	bf_prof_pool(&run, s, 4, BF_ROLE_DIFFER, &p);
	ck_assert_int_eq(p.processes, 1);
	ck_assert_uint_eq(p.jobs, 3);
	ck_assert_msg(p.idle > 1.749 && p.idle < 1.751, "idle %f", p.idle);
	bf_prof_pool(&run, s, 4, BF_ROLE_SUPERVISOR, &p);
	ck_assert_msg(p.idle == 0 && p.busy > 0.099, "supervisor busy %f idle %f", p.busy, p.idle);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pipeline");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_t_log);
	tcase_add_test(tc, t_job_scores_and_files);
	tcase_add_test(tc, t_report_names_and_unaccounted);
	tcase_add_test(tc, t_pools_busy_and_idle);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

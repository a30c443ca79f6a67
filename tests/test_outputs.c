/*
 * test_outputs.c -- the output arena's flat form (what has one, what comes
 * back, a full region) and the differ worker's job: checking a task in two
 * ranges into the records, judging them (bf_task_judge) and filing 3a/3b
 * gives the results, differ rows and store of the validator-only path.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "battfarm/ctx.h"
#include "battfarm/outputs.h"
#include "battfarm/pipeline.h"
#include "testutil.h"

/* A grid of h x w ints from vals (row by row), or with cell (1, 1) made kind. */
static bf_val grid(bf_ctx *ctx, int h, int w, const int *vals, int odd_kind)
{
	bf_tuple *g = bf_tuple_alloc(ctx, h);
	for (int i = 0; i < h; i++) {
		bf_tuple *row = bf_tuple_alloc(ctx, w);
		for (int j = 0; j < w; j++)
			row->it[j] = bf_int(vals[i * w + j]);
		if (odd_kind == BF_BOOL && i == 1 && w > 1)
			row->it[1] = bf_bool(true);
		g->it[i] = bf_tuple_seal(row);
	}
	return bf_tuple_seal(g);
}

static int8_t cells[4096];
static _Atomic uint64_t used;
static bf_out_rec recs[4];
static bf_task_outs outs = {recs, cells, &used, sizeof(cells), 1};

START_TEST(t_flat_round_trip)
{
	bf_ctx ctx;
	bf_ctx_init(&ctx, 1 << 24);
	int v[6] = {-128, 0, 9, 127, 5, -1};
	bf_val shapes[3] = {grid(&ctx, 2, 3, v, 0), grid(&ctx, 0, 0, v, 0), grid(&ctx, 2, 0, v, 0)};
	for (int s = 0; s < 3; s++) {
		bf_out_rec rec;
		memset(&rec, 0, sizeof(rec));
		ck_assert(bf_out_flatten(shapes[s], &outs, &rec));
		bf_val back = bf_out_unflatten(&ctx, &outs, &rec);
		ck_assert(bf_eq(back, shapes[s]));
		ck_assert_int_eq(bf_tlen(back), bf_tlen(shapes[s]));
	}
	ck_assert_uint_eq(used, 6); /* only the 2 x 3 grid took cells */
	bf_ctx_release(&ctx);
}
END_TEST

START_TEST(t_what_has_no_flat_form)
{
	bf_ctx ctx;
	bf_ctx_init(&ctx, 1 << 24);
	int v[6] = {1, 2, 3, 4, 5, 6}, big[6] = {1, 2, 128, 4, 5, 6};
	bf_out_rec rec;
	memset(&rec, 0, sizeof(rec));
	used = 0;
	ck_assert(!bf_out_flatten(grid(&ctx, 2, 3, v, BF_BOOL), &outs, &rec)); /* True is not 1 */
	ck_assert(!bf_out_flatten(grid(&ctx, 2, 3, big, 0), &outs, &rec));    /* 128 */
	ck_assert(!bf_out_flatten(bf_int(3), &outs, &rec));
	bf_tuple *ragged = bf_tuple_alloc(&ctx, 2);
	ragged->it[0] = bf_titem(grid(&ctx, 1, 3, v, 0), 0);
	ragged->it[1] = bf_titem(grid(&ctx, 1, 2, v, 0), 0);
	ck_assert(!bf_out_flatten(bf_tuple_seal(ragged), &outs, &rec));
	bf_tuple *nested = bf_tuple_alloc(&ctx, 1);
	nested->it[0] = bf_tuple_seal(ragged);
	ck_assert(!bf_out_flatten(bf_tuple_seal(nested), &outs, &rec)); /* cells are tuples */
	ck_assert_uint_eq(used, 0);
	/* a full region: the grid is judged where it was made */
	used = sizeof(cells) - 5;
	ck_assert(!bf_out_flatten(grid(&ctx, 2, 3, v, 0), &outs, &rec));
	used = sizeof(cells) - 6;
	ck_assert(bf_out_flatten(grid(&ctx, 2, 3, v, 0), &outs, &rec));
	bf_ctx_release(&ctx);
}
END_TEST

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

/* Prepare the job of dir's task and programs, filing into dir/<out>. */
static void prepare(bf_job *job, const char *out, bf_prof_slot *slot)
{
	static char tasks[128], sp[128], dp[128], o[2][128];
	static int n;
	snprintf(tasks, sizeof(tasks), "%s/tk.json", dir);
	snprintf(sp, sizeof(sp), "%s/s.py", dir);
	snprintf(dp, sizeof(dp), "%s/d.py", dir);
	snprintf(o[n % 2], sizeof(o[0]), "%s/%s", dir, out);
	const char *solvers[] = {sp}, *differs[] = {dp};
	memset(job, 0, sizeof(*job));
	job->opts.out = o[n++ % 2];
	job->opts.max_files = 32;
	job->opts.min_score = 1;
	job->opts.lim.budget = 1000000;
	memset(slot, 0, sizeof(*slot));
	slot->pid = 1;
	ck_assert_int_eq(bf_job_prepare(job, tasks, NULL, 0, solvers, 1, differs, 1, slot), 0);
}

/* A listing of a store's link trees: path and target of every link. */
static char *links(const char *store)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "cd %s && find solver_dir differ_dir -type l -printf '%%p %%l\\n' | sort",
		 store);
	FILE *p = popen(cmd, "r");
	static char buf[2][8192];
	static int n;
	char *b = buf[n++ % 2];
	size_t got = fread(b, 1, sizeof(buf[0]) - 1, p);
	b[got] = '\0';
	pclose(p);
	return b;
}

START_TEST(t_judged_equals_validator_only)
{
	strcpy(dir, "/tmp/bfoutsXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put("tk.json", "{\"train\": [{\"input\": [[1, 2], [3, 4]], \"output\": [[2, 1], [4, 3]]},"
		       " {\"input\": [[1, 1], [3, 4]], \"output\": [[1, 1], [4, 3]]}],"
		       " \"test\": [{\"input\": [[5, 6, 7]], \"output\": [[7, 6, 5]]}]}");
	/* an exact one, two with the same miss (judged once), one whose output
	 * has no flat form (a set), one that raises */
	put("s.py", "def exact(I):\n    O = vmirror(I)\n    return O\n"
		    "def miss(I):\n    O = hmirror(I)\n    return O\n"
		    "def miss_too(I):\n    x = rot180(I)\n    O = vmirror(x)\n    return O\n"
		    "def cells(I):\n    O = asindices(I)\n    return O\n"
		    "def broken(I):\n    O = divide(ONE, ZERO)\n    return O\n");
	put("d.py", "def same_shape(S, I, C):\n    x = equality(shape(I), shape(C))\n"
		    "    return astuple(multiply(x, 700), ZERO)\n"
		    "def first_row(S, I, C):\n    x = equality(first(I), first(C))\n"
		    "    return astuple(multiply(x, 1000), ZERO)\n");
	bf_prof_slot slot;
	bf_job a, b;
	prepare(&a, "plain", &slot);
	prepare(&b, "judged", &slot);
	ck_assert_int_eq(a.ncands, 5);
	int nc = a.ncands, nd = a.ndiffs;
	bf_cand_result ra[8], rb[8];
	int64_t sa[16], sb[16];
	bf_store st;
	char err[256];
	bf_ctx ctx;
	bf_ctx_init(&ctx, 1 << 26);
	ck_assert_int_eq(bf_store_open(&st, a.opts.out, 32, &slot, err, sizeof(err)), 0);
	bf_runner rn = {&ctx, &st, &slot, {0}, ""};
	ck_assert_int_eq(bf_job_run_task(&a, 0, &rn, ra, sa), 0);
	bf_store_close(&st);

	static bf_out_rec r3[8 * 3];
	static int8_t c3[4096];
	static _Atomic uint64_t u3;
	bf_task_outs o = {r3, c3, &u3, sizeof(c3), 3};
	ck_assert_int_eq(bf_store_open(&st, b.opts.out, 32, &slot, err, sizeof(err)), 0);
	bf_runner rb_ = {&ctx, &st, &slot, {0}, ""};
	bf_task_eval_to(&b, 0, 0, 2, &rb_, rb, sb, &o); /* two ranges */
	bf_task_eval_to(&b, 0, 2, nc, &rb_, rb, sb, &o);
	int64_t by_validators[16];
	memcpy(by_validators, sb, sizeof(sb));
	ck_assert_int_eq(bf_task_judge(&b, 0, rb, sb, &o, &rb_), 0);
	/* judging adds its verdicts to a copy: the shared rows stay as the
	 * validators left them, so a job run again counts them once */
	for (int k = 0; k < nc * nd; k++)
		ck_assert_int_eq(sb[k], by_validators[k]);
	ck_assert_int_eq(bf_task_file_solvers(&b, 0, rb, &rb_), 0);
	bf_store_close(&st);
	bf_ctx_release(&ctx);

	int pending = 0, judged = 0;
	for (int i = 0; i < nc * 3; i++) {
		pending += r3[i].state == BF_OUT_PENDING;
		judged += r3[i].state == BF_OUT_JUDGED;
	}
	ck_assert_int_eq(pending, 6); /* miss and miss_too on 3 samples each */
	ck_assert_int_eq(judged, 3);  /* the sets */
	for (int c = 0; c < nc; c++) {
		ck_assert_int_eq(ra[c].score, rb[c].score);
		ck_assert_int_eq(ra[c].t_log, rb[c].t_log);
		ck_assert_int_eq(ra[c].near_miss, rb[c].near_miss);
		ck_assert_int_eq(ra[c].exact_all, rb[c].exact_all);
		ck_assert_uint_eq(ra[c].work, rb[c].work);
	}
	/* the differs' scores (sa's rows against the copy judged) decide phase
	 * 4's links: the same store */
	ck_assert_str_eq(links(a.opts.out), links(b.opts.out));
	ck_assert_uint_eq(rb_.stats.differs_filed, rn.stats.differs_filed);
	bf_job_release(&a);
	bf_job_release(&b);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("outputs");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_flat_round_trip);
	tcase_add_test(tc, t_what_has_no_flat_form);
	tcase_add_test(tc, t_judged_equals_validator_only);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

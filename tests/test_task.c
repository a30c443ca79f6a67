/*
 * test_task.c -- loading task sets: directory, single file, gzip, the
 * Kaggle pair, and a clear message for every kind of bad task.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "battfarm/repr.h"
#include "battfarm/task.h"
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

static void put_gz(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	gzFile f = gzopen(path, "wb");
	gzputs(f, text);
	gzclose(f);
}

static const char *GOOD = "{\"train\": [{\"input\": [[1, 2], [3, 4]], \"output\": [[4]]}],"
			  " \"test\": [{\"input\": [[0]], \"output\": [[9]]}]}";

static char *errors_joined(bf_taskset *ts)
{
	static char buf[4096];
	buf[0] = '\0';
	for (int i = 0; i < ts->nerrors; i++) {
		strncat(buf, ts->errors[i], sizeof(buf) - strlen(buf) - 2);
		strcat(buf, "\n");
	}
	return buf;
}

START_TEST(t_directory_with_bad_tasks)
{
	strcpy(dir, "/tmp/bftaskXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put("aaa.json", GOOD);
	put_gz("bbb.json.gz", GOOD);
	put("ragged.json", "{\"train\": [{\"input\": [[1, 2], [3]], \"output\": [[4]]}], \"test\": []}");
	put("color.json", "{\"train\": [{\"input\": [[1, 12]], \"output\": [[4]]}], \"test\": []}");
	put("broken.json", "{\"train\": [\n  {\"input\": [[1,]]}\n]}");
	put("notes.txt", "ignored");

	bf_taskset ts;
	bf_taskset_init(&ts);
	ck_assert_int_eq(bf_taskset_load(&ts, dir), 2);
	bf_taskset_sort(&ts);
	ck_assert_str_eq(ts.tasks[0].id, "aaa");
	ck_assert_str_eq(ts.tasks[1].id, "bbb");
	ck_assert_int_eq(ts.tasks[1].ntrain, 1);
	ck_assert_int_eq(ts.nerrors, 3);
	const char *e = errors_joined(&ts);
	ck_assert_msg(strstr(e, "ragged.json:1:31: train[0].input: ragged grid: row 1 has 1 "
				"cells, row 0 has 2 (task ragged)"), "%s", e);
	ck_assert_msg(strstr(e, "color.json:1:23: train[0].input: row 0 column 1: color 12 "
				"outside 0-9 (task color)"), "%s", e);
	ck_assert_msg(strstr(e, "broken.json:2:17: unexpected character (malformed JSON)"), "%s", e);

	/* S is the tuple of demo pairs */
	bf_ctx ctx;
	bf_ctx_init(&ctx, 1 << 20);
	bf_ctx_begin(&ctx, 0, 0);
	ck_assert_str_eq(bf_repr(&ctx, ts.tasks[0].S), "((((1, 2), (3, 4)), ((4,),)),)");
	bf_ctx_release(&ctx);
	bf_taskset_release(&ts);
}
END_TEST

START_TEST(t_kaggle_pair_and_hostile_ids)
{
	strcpy(dir, "/tmp/bfkagXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put("x_challenges.json",
	    "{\"t1\": {\"train\": [{\"input\": [[1]], \"output\": [[2]]}], \"test\": [{\"input\": [[3]]}]},"
	    " \"../evil\": {\"train\": [], \"test\": []},"
	    " \"a/b\": {\"train\": [], \"test\": []}}");
	put("x_solutions.json", "{\"t1\": [[[4]]]}");
	char path[128];
	snprintf(path, sizeof(path), "%s/x_challenges.json", dir);
	bf_taskset ts;
	bf_taskset_init(&ts);
	ck_assert_int_eq(bf_taskset_load(&ts, path), 1);
	ck_assert_int_eq(ts.tasks[0].ntest, 1);
	ck_assert_int_eq(ts.tasks[0].test[0].output.kind, BF_TUPLE);
	ck_assert_int_eq(ts.nerrors, 2);
	const char *e = errors_joined(&ts);
	ck_assert_msg(strstr(e, "task id '../evil' is not 1-64 characters"), "%s", e);
	ck_assert_msg(strstr(e, "task id 'a/b' is not"), "%s", e);
	bf_taskset_release(&ts);

	ck_assert(!bf_task_id_ok(""));
	ck_assert(!bf_task_id_ok(".."));
	ck_assert(bf_task_id_ok("007bbfb7"));
}
END_TEST

START_TEST(t_missing_path)
{
	bf_taskset ts;
	bf_taskset_init(&ts);
	ck_assert_int_eq(bf_taskset_load(&ts, "/nonexistent/tasks"), -1);
	ck_assert_str_eq(ts.errors[0], "/nonexistent/tasks: cannot open");
	bf_taskset_release(&ts);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("task");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_directory_with_bad_tasks);
	tcase_add_test(tc, t_kaggle_pair_and_hostile_ids);
	tcase_add_test(tc, t_missing_path);
	suite_add_tcase(s, tc);
	int rc = tu_run(s);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf /tmp/bftask?????? /tmp/bfkag??????");
	if (system(cmd) != 0)
		return 1;
	return rc;
}

/*
 * test_merge.c -- uniting stores: two stores of disjoint tasks merge into
 * the store one filing of everything gives (byte for byte: files, links,
 * evicted programs' files); overlapping task directories keep the best
 * max-files by check_save; a source with a bad link, a damaged md5 file
 * or a planted symlink is refused before anything is written.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "battfarm/inline.h"
#include "battfarm/merge.h"
#include "battfarm/program.h"
#include "battfarm/store.h"
#include "battfarm/store_meta.h"
#include "testutil.h"

#define NPROG 6
static const char *bodies[NPROG] = {"vmirror(I)", "hmirror(I)", "rot90(I)", "rot180(I)",
				    "dmirror(I)", "cmirror(I)"};
static char md5[NPROG][33];
static char *text[NPROG];
static size_t len[NPROG];

static void programs(void)
{
	for (int i = 0; i < NPROG; i++) {
		char src[128];
		snprintf(src, sizeof(src), "def solve_%d(I):\n    return %s\n", i, bodies[i]);
		bf_library lib;
		bf_library_init(&lib);
		ck_assert_int_eq(bf_library_parse(&lib, "t.py", src, strlen(src)), 1);
		ck_assert_int_eq(bf_inline_md5(lib.progs[0], BF_PROG_SOLVER, md5[i]), 0);
		text[i] = bf_expand_text(lib.progs[0], BF_PROG_SOLVER, &len[i]);
		bf_library_release(&lib);
	}
}

static void fresh(char *root)
{
	strcpy(root, "/tmp/bfmergeXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
}

/* A store opened in a fresh directory (its path in root). */
static void new_store(bf_store *st, char *root, int max_files)
{
	char err[512];
	fresh(root);
	ck_assert_msg(bf_store_open(st, root, max_files, NULL, err, sizeof(err)) == 0, "%s", err);
}

/* File program i into task at (score, t_log). */
static void file(bf_store *st, const char *task, int i, int64_t score, int t_log)
{
	char err[256];
	bf_taskdir td;
	ck_assert_int_eq(bf_store_load_taskdir(st, BF_STORE_SOLVER, task, &td, err, sizeof(err)), 0);
	ck_assert_int_ge(bf_store_file(st, BF_STORE_SOLVER, &td, score, t_log, md5[i], text[i],
				       len[i], err, sizeof(err)),
			 0);
	bf_taskdir_release(&td);
}

static int merge_into(const char *out, int max_files, const char *const *srcs, int n, char *err)
{
	bf_merge m;
	bf_merge_init(&m);
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++)
		rc = bf_merge_add(&m, srcs[i], err, 512);
	if (rc == 0) {
		bf_store st;
		ck_assert_int_eq(bf_store_open(&st, out, max_files, NULL, err, 512), 0);
		bf_journal j;
		ck_assert_int_eq(bf_journal_open(&j, st.rootfd, err, 512), 0);
		rc = bf_merge_apply(&m, &st, &j, err, 512);
		bf_journal_close(&j);
		bf_store_close(&st);
	}
	bf_merge_release(&m);
	return rc;
}

/* A listing of a store's tree: names, kinds, link targets, contents (not the
 * journal and names index, which runs write and these stores lack). */
static char *listing(const char *root)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "cd %s && (find . \\( -path ./.battfarm -o -name names.json \\) -prune -o -printf '%%p %%y %%l\\n' | sort; "
		 "find . \\( -path ./.battfarm -o -name names.json \\) -prune -o -type f -exec md5sum {} + | sort)",
		 root);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, p);
	buf[n] = '\0';
	pclose(p);
	return buf;
}

START_TEST(t_disjoint_stores_merge_into_one_filing)
{
	programs();
	char a[64], b[64], one[64], out[64], err[512];
	fresh(out);
	bf_store sa, sb, so;
	new_store(&sa, a, 2);
	new_store(&sb, b, 2);
	new_store(&so, one, 2);
	/* task x in a, task y in b; in x the third program evicts one of the
	 * first two, whose md5 file stays (as a run's phase 4 can leave one) */
	file(&sa, "x", 0, 1000, 9);
	file(&sa, "x", 1, 1000, 9);
	file(&sa, "x", 2, 3000, 9);
	file(&sb, "y", 3, 1000, 8);
	file(&sb, "y", 4, 1000, 9);
	file(&so, "x", 0, 1000, 9);
	file(&so, "x", 1, 1000, 9);
	file(&so, "x", 2, 3000, 9);
	file(&so, "y", 3, 1000, 8);
	file(&so, "y", 4, 1000, 9);
	bf_store_close(&sa);
	bf_store_close(&sb);
	bf_store_close(&so);
	const char *srcs[] = {a, b};
	ck_assert_int_eq(merge_into(out, 2, srcs, 2, err), 0);
	char *l1 = listing(one), *l2 = listing(out);
	ck_assert_str_eq(l1, l2);
	/* both files, though only one of programs 0 and 1 is linked */
	ck_assert_ptr_nonnull(strstr(l2, md5[0]));
	ck_assert_ptr_nonnull(strstr(l2, md5[1]));
	free(l1);
	free(l2);
	/* merging again changes nothing */
	ck_assert_int_eq(merge_into(out, 2, srcs, 2, err), 0);
	l1 = listing(one);
	l2 = listing(out);
	ck_assert_str_eq(l1, l2);
	free(l1);
	free(l2);
}
END_TEST

START_TEST(t_overlapping_tasks_keep_the_best)
{
	programs();
	char a[64], b[64], out[64], err[512];
	fresh(out);
	bf_store sa, sb;
	new_store(&sa, a, 3);
	new_store(&sb, b, 3);
	for (int i = 0; i < 3; i++)
		file(&sa, "x", i, 1000 * (i + 1), 9); /* 1000, 2000, 3000 */
	file(&sb, "x", 3, 2500, 9);
	file(&sb, "x", 4, 500, 9);
	file(&sb, "x", 0, 3500, 9); /* a better placing of a's worst */
	bf_store_close(&sa);
	bf_store_close(&sb);
	const char *srcs[] = {a, b};
	ck_assert_int_eq(merge_into(out, 3, srcs, 2, err), 0);
	bf_store st;
	bf_taskdir td;
	ck_assert_int_eq(bf_store_open(&st, out, 3, NULL, err, 512), 0);
	ck_assert_int_eq(bf_store_load_taskdir(&st, BF_STORE_SOLVER, "x", &td, err, 512), 0);
	ck_assert_int_eq(td.n, 3);
	int64_t sum = 0;
	for (int i = 0; i < td.n; i++)
		sum += td.items[i].score;
	ck_assert_int_eq(sum, 3500 + 3000 + 2500);
	bf_taskdir_release(&td);
	bf_store_close(&st);
}
END_TEST

static void refused(const char *src, const char *why)
{
	char out[64], err[512];
	fresh(out);
	const char *srcs[] = {src};
	ck_assert_int_eq(merge_into(out, 32, srcs, 1, err), -1);
	ck_assert_msg(strstr(err, why), "expected '%s' in: %s", why, err);
	/* nothing was written */
	char *l = listing(out);
	ck_assert_ptr_null(strstr(l, ".py"));
	free(l);
}

START_TEST(t_unsound_sources_are_refused)
{
	programs();
	char a[64], path[256];
	bf_store sa;
	new_store(&sa, a, 32);
	file(&sa, "x", 0, 1000, 9);
	file(&sa, "x", 1, 2000, 9);
	bf_store_close(&sa);
	/* a damaged md5 file */
	snprintf(path, sizeof(path), "%s/solver_md5/%s.py", a, md5[1]);
	FILE *f = fopen(path, "a");
	fputs("    x9 = nothing(I)\n", f);
	fclose(f);
	refused(a, "not a sound program file");
	/* restored, then a link pointing elsewhere */
	f = fopen(path, "w");
	fwrite(text[1], 1, len[1], f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/solver_dir/solve_x/1000/9/%s.py", a, md5[0]);
	unlink(path);
	ck_assert_int_eq(symlink("/etc/passwd", path), 0);
	refused(a, "not a link to a sound program");
	unlink(path);
	/* a planted directory symlink */
	snprintf(path, sizeof(path), "%s/solver_dir/solve_y", a);
	ck_assert_int_eq(symlink("/tmp", path), 0);
	refused(a, "not a task directory");
	unlink(path);
	/* a FIFO among the md5 files: refused, not waited on */
	snprintf(path, sizeof(path), "%s/solver_md5/%s.py", a, md5[4]);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	refused(a, "not a sound program file");
	unlink(path);
	/* not a store at all */
	char empty[64];
	fresh(empty);
	refused(empty, "solver_md5");
}
END_TEST

static void write_meta(const char *root, int max_files, const char *library)
{
	bf_store_meta m = {BF_STORE_FORMAT, max_files, 8000000, false, 1e-6, ""};
	snprintf(m.library, sizeof(m.library), "%s", library);
	char err[512];
	int fd = open(root, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	ck_assert_msg(bf_store_meta_write(fd, &m, err, sizeof(err)) == 0, "%s", err);
	close(fd);
}

START_TEST(t_settings_must_agree)
{
	programs();
	char a[64], b[64], c[64], out[64], err[512];
	fresh(out);
	bf_store sa, sb, sc;
	new_store(&sa, a, 32);
	new_store(&sb, b, 32);
	new_store(&sc, c, 32);
	file(&sa, "x", 0, 1000, 9);
	file(&sb, "y", 1, 1000, 9);
	file(&sc, "z", 2, 1000, 9);
	bf_store_close(&sa);
	bf_store_close(&sb);
	bf_store_close(&sc);
	const char *lib1 = "11111111111111111111111111111111";
	write_meta(a, 32, lib1);
	write_meta(b, 16, lib1);
	/* another max-files: refused, naming it */
	const char *ab[] = {a, b};
	ck_assert_int_eq(merge_into(out, 32, ab, 2, err), -1);
	ck_assert_msg(strstr(err, "--max-files"), "%s", err);
	/* one with store.json, one without: refused */
	const char *ac[] = {a, c};
	ck_assert_int_eq(merge_into(out, 32, ac, 2, err), -1);
	ck_assert_msg(strstr(err, "store.json"), "%s", err);
	/* another library only: merged, and the output has the settings */
	write_meta(b, 32, "22222222222222222222222222222222");
	ck_assert_msg(merge_into(out, 32, ab, 2, err) == 0, "%s", err);
	bf_store_meta m;
	int fd = open(out, O_RDONLY | O_DIRECTORY);
	ck_assert_int_eq(bf_store_meta_read(fd, &m, err, sizeof(err)), 1);
	close(fd);
	ck_assert_int_eq(m.max_files, 32);
	/* an output made with other settings: refused */
	write_meta(out, 8, lib1);
	ck_assert_int_eq(merge_into(out, 32, ab, 2, err), -1);
	ck_assert_msg(strstr(err, "settings cannot be merged"), "%s", err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_disjoint_stores_merge_into_one_filing);
	tcase_add_test(tc, t_overlapping_tasks_keep_the_best);
	tcase_add_test(tc, t_unsound_sources_are_refused);
	tcase_add_test(tc, t_settings_must_agree);
	suite_add_tcase(s, tc);
	int rc = tu_run(s);
	if (system("rm -rf /tmp/bfmerge??????") != 0)
		return 1;
	return rc;
}

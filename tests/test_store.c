/*
 * test_store.c -- the store: check_save's eviction order, one file per md5,
 * relative links, idempotent re-filing, cleanup of a killed run's temp
 * files; the read-only listing (best first, no planted link followed).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "battfarm/inline.h"
#include "battfarm/listing.h"
#include "battfarm/program.h"
#include "battfarm/store.h"
#include "battfarm/store_meta.h"
#include "testutil.h"

static char root[64];

static void fresh(void)
{
	strcpy(root, "/tmp/bfstoreXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
}

static void md5_of(int i, char out[33])
{
	snprintf(out, 33, "%032x", i);
}

static bool exists(const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	struct stat sb;
	return lstat(p, &sb) == 0;
}

START_TEST(t_order_is_total)
{
	const char *a = "0000000000000000000000000000000a", *b = "0000000000000000000000000000000b";
	ck_assert_int_gt(bf_filed_cmp(2, 0, a, 1, 9, a), 0);   /* score first */
	ck_assert_int_gt(bf_filed_cmp(1, 9, a, 1, 8, a), 0);   /* then t_log */
	ck_assert_int_gt(bf_filed_cmp(1, 9, a, 1, 9, b), 0);   /* then the smaller md5 */
	ck_assert_int_eq(bf_filed_cmp(1, 9, a, 1, 9, a), 0);
}
END_TEST

START_TEST(t_check_save_evicts_the_worst)
{
	fresh();
	bf_store st;
	char err[256];
	ck_assert_int_eq(bf_store_open(&st, root, 3, NULL, err, sizeof(err)), 0);
	bf_taskdir td;
	ck_assert_int_eq(bf_store_load_taskdir(&st, BF_STORE_SOLVER, "t1", &td, err, sizeof(err)), 0);
	char m[8][33];
	for (int i = 0; i < 8; i++)
		md5_of(i + 1, m[i]);
	/* fill: scores 500 (t_log 5), 700 (t_log 3), 700 (t_log 9) */
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_SOLVER, &td, 500, 5, m[0], "a\n", 2, err, 256), 1);
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_SOLVER, &td, 700, 3, m[1], "b\n", 2, err, 256), 1);
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_SOLVER, &td, 700, 9, m[2], "c\n", 2, err, 256), 1);
	/* full: a worse newcomer is not saved, and the pre-check says so */
	ck_assert(!bf_store_would_keep(&st, &td, 400, 9, m[3]));
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_SOLVER, &td, 400, 9, m[3], "d\n", 2, err, 256), 0);
	/* a better one evicts the lowest score */
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_SOLVER, &td, 600, 1, m[4], "e\n", 2, err, 256), 1);
	ck_assert(!exists("solver_dir/solve_t1/500/5/00000000000000000000000000000001.py"));
	/* then, among equal scores, the lowest t_log */
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_SOLVER, &td, 700, 4, m[5], "f\n", 2, err, 256), 1);
	ck_assert(!exists("solver_dir/solve_t1/600/1/00000000000000000000000000000005.py"));
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_SOLVER, &td, 700, 4, m[6], "g\n", 2, err, 256), 1);
	ck_assert(!exists("solver_dir/solve_t1/700/3/00000000000000000000000000000002.py"));
	/* equal score and t_log: the smaller md5 wins, so m[7] does not get in */
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_SOLVER, &td, 700, 4, m[7], "h\n", 2, err, 256), 0);
	ck_assert_int_eq(td.n, 3);
	/* what stays: 700/9 m[2], 700/4 m[5], 700/4 m[6] */
	ck_assert(exists("solver_dir/solve_t1/700/9/00000000000000000000000000000003.py"));
	ck_assert(exists("solver_dir/solve_t1/700/4/00000000000000000000000000000006.py"));
	ck_assert(exists("solver_dir/solve_t1/700/4/00000000000000000000000000000007.py"));
	/* the md5 files stay: other tasks may link them */
	ck_assert(exists("solver_md5/00000000000000000000000000000001.py"));
	bf_taskdir_release(&td);
	bf_store_close(&st);

	/* a second run reads the index back and links nothing new; "c\n" is
	 * no program hashing to m[2], so its file is written again, once */
	ck_assert_int_eq(bf_store_open(&st, root, 3, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(bf_store_load_taskdir(&st, BF_STORE_SOLVER, "t1", &td, err, sizeof(err)), 0);
	ck_assert_int_eq(td.n, 3);
	ck_assert(bf_store_would_keep(&st, &td, 700, 9, m[2]));
	ck_assert(bf_store_needs_text(&st, BF_STORE_SOLVER, m[2]));
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_SOLVER, &td, 700, 9, m[2], "c\n", 2, err, 256), 0);
	ck_assert(!bf_store_needs_text(&st, BF_STORE_SOLVER, m[2]));
	ck_assert(!bf_store_would_keep(&st, &td, 700, 9, m[2]));
	ck_assert_uint_eq(st.links_made, 0);
	ck_assert_uint_eq(st.files_written, 1);
	bf_taskdir_release(&td);
	bf_store_close(&st);
}
END_TEST

START_TEST(t_links_are_relative_and_files_whole)
{
	fresh();
	bf_store st;
	char err[256], m[33];
	md5_of(42, m);
	ck_assert_int_eq(bf_store_open(&st, root, 32, NULL, err, sizeof(err)), 0);
	/* a temp file left by a killed run: a farm worker leaves it alone (it
	 * could be another worker's write), the store's owner removes it */
	char tmp[256];
	snprintf(tmp, sizeof(tmp), "%s/solver_md5/.tmp.%s.999", root, m);
	int fd = open(tmp, O_CREAT | O_WRONLY, 0644);
	ck_assert_int_ge(fd, 0);
	close(fd);
	bf_store_close(&st);
	ck_assert_int_eq(bf_store_open_as(&st, root, 32, NULL, false, err, sizeof(err)), 0);
	ck_assert(bf_store_needs_text(&st, BF_STORE_SOLVER, m));
	ck_assert(exists("solver_md5/.tmp.0000000000000000000000000000002a.999"));
	bf_store_close(&st);
	ck_assert_int_eq(bf_store_open(&st, root, 32, NULL, err, sizeof(err)), 0);
	ck_assert(!exists("solver_md5/.tmp.0000000000000000000000000000002a.999"));
	bf_taskdir td;
	ck_assert_int_eq(bf_store_load_taskdir(&st, BF_STORE_DIFFER, "x", &td, err, sizeof(err)), 0);
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_DIFFER, &td, 1234, 10, m, "text\n", 5, err, 256), 1);
	char link[512], target[512];
	snprintf(link, sizeof(link), "%s/differ_dir/solve_x/1234/10/%s.py", root, m);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	ck_assert_int_gt(n, 0);
	target[n] = '\0';
	ck_assert_str_eq(target, "../../../../differ_md5/0000000000000000000000000000002a.py");
	/* the link resolves to the whole file */
	FILE *f = fopen(link, "r");
	ck_assert_ptr_nonnull(f);
	char buf[16] = {0};
	ck_assert_uint_eq(fread(buf, 1, sizeof(buf), f), 5);
	fclose(f);
	ck_assert_str_eq(buf, "text\n");
	/* a better placing of the same md5 moves its one link */
	ck_assert_int_eq(bf_store_file(&st, BF_STORE_DIFFER, &td, 2000, 10, m, NULL, 0, err, 256), 1);
	ck_assert_int_eq(td.n, 1);
	ck_assert(!exists("differ_dir/solve_x/1234/10/0000000000000000000000000000002a.py"));
	bf_taskdir_release(&td);
	bf_store_close(&st);
}
END_TEST

/* A real program's md5 and expanded text. */
static char *program(const char *src, char md5[33], size_t *len)
{
	bf_library lib;
	bf_library_init(&lib);
	ck_assert_int_eq(bf_library_parse(&lib, "t.py", src, strlen(src)), 1);
	ck_assert_int_eq(bf_inline_md5(lib.progs[0], BF_PROG_SOLVER, md5), 0);
	char *text = bf_expand_text(lib.progs[0], BF_PROG_SOLVER, len);
	bf_library_release(&lib);
	return text;
}

static void plant(const char *rel, const char *kind)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	unlink(p);
	if (strcmp(kind, "fifo") == 0)
		ck_assert_int_eq(mkfifo(p, 0644), 0);
	else if (strcmp(kind, "empty") == 0)
		close(open(p, O_CREAT | O_WRONLY, 0644));
	else
		ck_assert_int_eq(symlink(kind, p), 0);
}

START_TEST(t_md5_file_reused_only_when_sound)
{
	fresh();
	char md5[33], err[256], rel[128];
	size_t len;
	char *text = program("def s(I):\n    return vmirror(I)\n", md5, &len);
	snprintf(rel, sizeof(rel), "solver_md5/%s.py", md5);
	const char *bad[] = {"empty", "fifo", "/etc/passwd", "/nonexistent/target"};
	for (int i = 0; i < 4; i++) {
		plant(rel, bad[i]);
		bf_store st;
		ck_assert_int_eq(bf_store_open(&st, root, 32, NULL, err, sizeof(err)), 0);
		ck_assert_msg(bf_store_needs_text(&st, BF_STORE_SOLVER, md5), "%s trusted", bad[i]);
		bf_taskdir td;
		ck_assert_int_eq(bf_store_load_taskdir(&st, BF_STORE_SOLVER, "t", &td, err, sizeof(err)), 0);
		ck_assert_int_ge(bf_store_file(&st, BF_STORE_SOLVER, &td, 1000, 10, md5, text, len, err,
					       sizeof(err)), 0);
		ck_assert_uint_eq(st.files_written, 1);
		bf_taskdir_release(&td);
		bf_store_close(&st);
		struct stat sb;
		char p[512];
		snprintf(p, sizeof(p), "%s/%s", root, rel);
		ck_assert_int_eq(lstat(p, &sb), 0);
		ck_assert_msg(S_ISREG(sb.st_mode) && (size_t)sb.st_size == len, "%s not replaced", bad[i]);
	}
	/* a sound file (a comment is not in the inlined text) is reused */
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	FILE *f = fopen(p, "a");
	fputs("# a comment\n", f);
	fclose(f);
	bf_store st;
	ck_assert_int_eq(bf_store_open(&st, root, 32, NULL, err, sizeof(err)), 0);
	ck_assert(!bf_store_needs_text(&st, BF_STORE_SOLVER, md5));
	bf_store_close(&st);
	struct stat sb;
	ck_assert(lstat(p, &sb) == 0 && S_ISREG(sb.st_mode));
	free(text);
}
END_TEST

START_TEST(t_planted_links_are_refused)
{
	/* a symlink where a tree, a task directory or a placing should be:
	 * the open or the filing fails, nothing is created at the target */
	const char *rels[] = {"solver_dir", "solver_md5", "solver_dir/solve_t", "solver_dir/solve_t/1000"};
	for (int i = 0; i < 4; i++) {
		fresh();
		char out[64], err[512], md5[33];
		strcpy(out, "/tmp/bfstoreXXXXXX");
		ck_assert_ptr_nonnull(mkdtemp(out));
		char p[512];
		for (int j = 0; j < i; j++) {
			if (j == 1)
				continue;
			snprintf(p, sizeof(p), "%s/%s", root, rels[j]);
			ck_assert_int_eq(mkdir(p, 0755), 0);
		}
		snprintf(p, sizeof(p), "%s/%s", root, rels[i]);
		ck_assert_int_eq(symlink(out, p), 0);
		size_t len;
		char *text = program("def s(I):\n    return hmirror(I)\n", md5, &len);
		bf_store st;
		int rc = bf_store_open(&st, root, 32, NULL, err, sizeof(err));
		if (rc == 0) {
			bf_taskdir td;
			rc = bf_store_load_taskdir(&st, BF_STORE_SOLVER, "t", &td, err, sizeof(err));
			if (rc == 0)
				rc = bf_store_file(&st, BF_STORE_SOLVER, &td, 1000, 10, md5, text, len, err,
						   sizeof(err));
			bf_taskdir_release(&td);
			bf_store_close(&st);
		}
		ck_assert_msg(rc == -1, "%s: planted link followed", rels[i]);
		ck_assert_msg(strstr(err, "verify --repair"), "%s: %s", rels[i], err);
		snprintf(p, sizeof(p), "rmdir %s", out); /* fails unless still empty */
		ck_assert_msg(system(p) == 0, "%s: something was written outside", rels[i]);
		free(text);
	}
}
END_TEST

START_TEST(t_listing_follows_no_link)
{
	fresh();
	bf_store st;
	char err[256], m[3][33];
	ck_assert_int_eq(bf_store_open(&st, root, 32, NULL, err, sizeof(err)), 0);
	bf_taskdir td;
	ck_assert_int_eq(bf_store_load_taskdir(&st, BF_STORE_SOLVER, "t", &td, err, sizeof(err)), 0);
	const int64_t score[3] = {2000, 3000, 2000};
	const int tl[3] = {9, 8, 10};
	for (int i = 0; i < 3; i++) {
		md5_of(i + 1, m[i]);
		ck_assert_int_eq(bf_store_file(&st, BF_STORE_SOLVER, &td, score[i], tl[i], m[i], "t\n", 2,
					       err, sizeof(err)), 1);
	}
	bf_taskdir_release(&td);
	bf_store_close(&st);
	/* best first: 3000, then 2000 at t_log 10 before 2000 at 9 */
	int n;
	bf_filed *f = bf_store_list_task(root, BF_STORE_SOLVER, "t", &n);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(f[0].md5, m[1]);
	ck_assert_str_eq(f[1].md5, m[2]);
	ck_assert_str_eq(f[2].md5, m[0]);
	free(f);
	size_t len;
	char *text = bf_store_read_program(root, BF_STORE_SOLVER, m[0], &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(len, 2);
	free(text);
	/* the task directory moved out and a link planted in its place: the
	 * listing names it and lists nothing; an md5 file that is a link to a
	 * file outside is not read */
	char p[512], out[64], cmd[1024];
	strcpy(out, "/tmp/bfstoreXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(out));
	snprintf(cmd, sizeof(cmd), "mv %s/solver_dir/solve_t %s/ && cp %s/solver_md5/%s.py %s/ && "
		 "ln -s %s/solve_t %s/solver_dir/solve_t && ln -sf %s/%s.py %s/solver_md5/%s.py",
		 root, out, root, m[0], out, out, root, out, m[0], root, m[0]);
	ck_assert_int_eq(system(cmd), 0);
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");
	bf_listing l;
	ck_assert_int_eq(bf_listing_open(&l, root), 0);
	f = bf_listing_task(&l, BF_STORE_SOLVER, "t", &n);
	int refused = l.refused;
	bf_listing_close(&l);
	text = bf_store_read_program(root, BF_STORE_SOLVER, m[0], &len);
	fclose(stderr);
	stderr = saved;
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(refused, 1);
	ck_assert_ptr_null(text);
	free(f);
	snprintf(p, sizeof(p), "rm -rf %s", out);
	ck_assert_int_eq(system(p), 0);
}
END_TEST

START_TEST(t_lock_is_never_a_link_or_special)
{
	fresh();
	char p[512], err[512], target[600];
	snprintf(p, sizeof(p), "%s/.battfarm.lock", root);
	snprintf(target, sizeof(target), "%s.target", root);
	ck_assert_int_eq(symlink(target, p), 0);
	ck_assert_int_eq(bf_store_lock(root, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "a symlink"), "%s", err);
	ck_assert_int_ne(access(target, F_OK), 0); /* the dangling target is not created */
	unlink(p);
	ck_assert_int_eq(mkfifo(p, 0644), 0);
	ck_assert_int_eq(bf_store_lock(root, err, sizeof(err)), -1); /* and it did not block */
	ck_assert_msg(strstr(err, "a FIFO"), "%s", err);
	unlink(p);
	int fd = bf_store_lock(root, err, sizeof(err));
	ck_assert_int_ge(fd, 0);
	bf_store_unlock(fd);
}
END_TEST

START_TEST(t_store_json_round_trip_and_compare)
{
	fresh();
	int rootfd = open(root, O_RDONLY | O_DIRECTORY);
	char err[512], note[512];
	bf_store_meta m, back;
	ck_assert_int_eq(bf_store_meta_read(rootfd, &back, err, sizeof(err)), 0); /* none yet */
	memset(&m, 0, sizeof(m));
	m.max_files = 64;
	m.budget = 8000000;
	m.seconds_per_unit = 1e-6;
	const char md5s[2][33] = {"0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"};
	char h1[33], h2[33];
	bf_store_library_hash(md5s[0], 2, md5s[0], 0, 33, h1);
	bf_store_library_hash(md5s[1], 1, md5s[0], 1, 33, h2); /* order does not matter, kind does */
	ck_assert_str_ne(h1, h2);
	bf_store_library_hash((const char *)md5s + 33, 1, md5s[0], 0, 33, h2);
	ck_assert_str_ne(h1, h2);
	memcpy(m.library, h1, 33);
	ck_assert_int_eq(bf_store_meta_adopt(rootfd, &m, note, sizeof(note), err, sizeof(err)), 0);
	ck_assert_int_eq(bf_store_meta_read(rootfd, &back, err, sizeof(err)), 1);
	ck_assert_int_eq(back.format, BF_STORE_FORMAT);
	ck_assert_int_eq(back.max_files, 64);
	ck_assert_uint_eq(back.budget, 8000000);
	ck_assert(!back.t_log_wall);
	ck_assert_str_eq(back.library, h1);
	ck_assert_int_eq(bf_store_meta_compare(&back, &m, note, sizeof(note)), BF_META_SAME);
	/* settings that decide placings: refused, the file unchanged */
	bf_store_meta other = m;
	other.max_files = 32;
	ck_assert_int_eq(bf_store_meta_adopt(rootfd, &other, note, sizeof(note), err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "--max-files 64, not 32"), "%s", err);
	other = m;
	other.t_log_wall = true;
	ck_assert_int_eq(bf_store_meta_compare(&back, &other, note, sizeof(note)), BF_META_CONFLICT);
	other = m;
	other.budget = 1;
	ck_assert_int_eq(bf_store_meta_compare(&back, &other, note, sizeof(note)), BF_META_CONFLICT);
	/* another library: goes on, said, recorded */
	other = m;
	memcpy(other.library, h2, 33);
	ck_assert_int_eq(bf_store_meta_adopt(rootfd, &other, note, sizeof(note), err, sizeof(err)), 0);
	ck_assert_msg(strstr(note, "the library differs"), "%s", note);
	ck_assert_int_eq(bf_store_meta_read(rootfd, &back, err, sizeof(err)), 1);
	ck_assert_str_eq(back.library, h2);
	/* a damaged or planted store.json is an error, never followed */
	char p[512];
	snprintf(p, sizeof(p), "%s/.battfarm/store.json", root);
	FILE *f = fopen(p, "w");
	fputs("{\"format\": 1}", f);
	fclose(f);
	ck_assert_int_eq(bf_store_meta_read(rootfd, &back, err, sizeof(err)), -1);
	unlink(p);
	ck_assert_int_eq(symlink("/etc/passwd", p), 0);
	ck_assert_int_eq(bf_store_meta_read(rootfd, &back, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "a symlink"), "%s", err);
	unlink(p);
	ck_assert_int_eq(mkfifo(p, 0644), 0);
	ck_assert_int_eq(bf_store_meta_read(rootfd, &back, err, sizeof(err)), -1); /* no block */
	close(rootfd);
}
END_TEST

START_TEST(t_unwritable_root_is_a_clear_error)
{
	bf_store st;
	char err[256];
	ck_assert_int_eq(bf_store_open(&st, "/proc/no/such/store", 32, NULL, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "cannot create"), "%s", err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_order_is_total);
	tcase_add_test(tc, t_check_save_evicts_the_worst);
	tcase_add_test(tc, t_links_are_relative_and_files_whole);
	tcase_add_test(tc, t_unwritable_root_is_a_clear_error);
	tcase_add_test(tc, t_md5_file_reused_only_when_sound);
	tcase_add_test(tc, t_planted_links_are_refused);
	tcase_add_test(tc, t_listing_follows_no_link);
	tcase_add_test(tc, t_lock_is_never_a_link_or_special);
	tcase_add_test(tc, t_store_json_round_trip_and_compare);
	suite_add_tcase(s, tc);
	int rc = tu_run(s);
	if (system("rm -rf /tmp/bfstore??????*") != 0)
		return 1;
	return rc;
}

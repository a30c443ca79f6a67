/*
 * test_journal.c -- the resume journal: records survive a reopen, a torn
 * last line and foreign lines are ignored (and the next record starts on
 * a line of its own), compaction sorts and drops repeats, a rewrite's
 * temp file is cleared, another store's journal is absorbed, a FIFO or a
 * symlink planted as the journal is refused without blocking.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "battfarm/journal.h"
#include "testutil.h"

static const char *J1 = "0123456789abcdef0123456789abcdef";
static const char *J2 = "fedcba9876543210fedcba9876543210";
static const char *T1 = "00000000000000000000000000000001";
static const char *R1 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

static int fresh_root(char *root)
{
	strcpy(root, "/tmp/bfjournalXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	int fd = open(root, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(fd, 0);
	return fd;
}

static char *contents(const char *root)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/.battfarm/journal", root);
	static char buf[4096];
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void append_raw(const char *root, const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/.battfarm/journal", root);
	FILE *f = fopen(path, "a");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(t_records_survive_reopen)
{
	char root[64], err[256];
	int rfd = fresh_root(root);
	bf_journal j;
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), 0);
	ck_assert(!bf_journal_has(&j, J1, T1, R1, "b"));
	ck_assert_int_eq(bf_journal_record(&j, J1, T1, R1, "b", err, sizeof(err)), 0);
	ck_assert_int_eq(bf_journal_record(&j, J1, T1, R1, "b", err, sizeof(err)), 0); /* once */
	ck_assert_int_eq(bf_journal_record(&j, J1, T1, R1, "a", err, sizeof(err)), 0);
	bf_journal_close(&j);
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), 0);
	ck_assert(bf_journal_has(&j, J1, T1, R1, "b"));
	ck_assert(bf_journal_has(&j, J1, T1, R1, "a"));
	ck_assert(!bf_journal_has(&j, J2, T1, R1, "a")); /* another job */
	ck_assert(!bf_journal_has(&j, J1, J2, R1, "a")); /* other task content */
	ck_assert_int_eq(j.n, 2);
	/* a bad id is refused, not written */
	ck_assert_int_eq(bf_journal_record(&j, J1, T1, R1, "../x", err, sizeof(err)), -1);
	bf_journal_close(&j);
	close(rfd);
}
END_TEST

START_TEST(t_torn_and_foreign_lines)
{
	char root[64], err[256];
	int rfd = fresh_root(root);
	bf_journal j;
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), 0);
	ck_assert_int_eq(bf_journal_record(&j, J1, T1, R1, "a", err, sizeof(err)), 0);
	bf_journal_close(&j);
	append_raw(root, "garbage line\n0123456789abcdef0123456789abcdef 0000 x\n");
	/* right but for the result: not the same record */
	append_raw(root, "0123456789abcdef0123456789abcdef 00000000000000000000000000000001 "
			 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb a\n");
	append_raw(root, "0123456789abcdef0123456789abcdef 00000000000000000000000000000001 "
			 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa tor");
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), 0);
	ck_assert_int_eq(j.n, 2);
	ck_assert(!bf_journal_has(&j, J1, T1, R1, "tor"));
	ck_assert(!bf_journal_has(&j, J1, T1, J2, "a")); /* another result */
	ck_assert_int_eq(bf_journal_record(&j, J1, T1, R1, "c", err, sizeof(err)), 0);
	bf_journal_close(&j);
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), 0);
	ck_assert(bf_journal_has(&j, J1, T1, R1, "c")); /* not glued to the torn line */
	ck_assert(!bf_journal_has(&j, J1, T1, R1, "tor"));
	ck_assert_int_eq(bf_journal_compact(&j, err, sizeof(err)), 0);
	bf_journal_close(&j);
	char want[512];
	snprintf(want, sizeof(want), "%s %s %s a\n%s %s %s c\n%s %s %s a\n", J1, T1, R1, J1, T1,
		 R1, J1, T1, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	ck_assert_str_eq(contents(root), want);
	close(rfd);
}
END_TEST

START_TEST(t_compact_sorts_and_absorbs)
{
	char root[64], other[64], err[256];
	int rfd = fresh_root(root), ofd = fresh_root(other);
	bf_journal j, o;
	ck_assert_int_eq(bf_journal_open(&o, ofd, err, sizeof(err)), 0);
	ck_assert_int_eq(bf_journal_record(&o, J2, T1, R1, "z", err, sizeof(err)), 0);
	ck_assert_int_eq(bf_journal_record(&o, J1, T1, R1, "m", err, sizeof(err)), 0);
	bf_journal_close(&o);
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), 0);
	ck_assert_int_eq(bf_journal_record(&j, J1, T1, R1, "m", err, sizeof(err)), 0);
	ck_assert_int_eq(bf_journal_record(&j, J1, T1, R1, "b", err, sizeof(err)), 0);
	ck_assert_int_eq(bf_journal_absorb(&j, ofd, err, sizeof(err)), 0);
	ck_assert_int_eq(bf_journal_compact(&j, err, sizeof(err)), 0);
	/* records after a compaction go to the new file */
	ck_assert_int_eq(bf_journal_record(&j, J1, T1, R1, "a", err, sizeof(err)), 0);
	bf_journal_close(&j);
	char want[1024];
	snprintf(want, sizeof(want), "%s %s %s b\n%s %s %s m\n%s %s %s z\n%s %s %s a\n", J1, T1, R1,
		 J1, T1, R1, J2, T1, R1, J1, T1, R1);
	ck_assert_str_eq(contents(root), want);
	/* absorbing a store without a journal adds nothing */
	char empty[64];
	int efd = fresh_root(empty);
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), 0);
	ck_assert_int_eq(bf_journal_absorb(&j, efd, err, sizeof(err)), 0);
	ck_assert_int_eq(j.n, 4);
	bf_journal_close(&j);
	close(efd);
	close(rfd);
	close(ofd);
}
END_TEST

START_TEST(t_temp_file_cleared_and_hostile_entries)
{
	char root[64], err[256], path[160];
	int rfd = fresh_root(root);
	bf_journal j;
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), 0);
	bf_journal_close(&j);
	snprintf(path, sizeof(path), "%s/.battfarm/.tmp.journal.99999", root);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), 0);
	ck_assert_int_ne(access(path, F_OK), 0);
	bf_journal_close(&j);
	/* a FIFO as the journal: refused at once */
	snprintf(path, sizeof(path), "%s/.battfarm/journal", root);
	unlink(path);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "journal"), "%s", err);
	/* a symlink as the journal: not followed */
	unlink(path);
	ck_assert_int_eq(symlink("/tmp/bf-journal-outside", path), 0);
	ck_assert_int_eq(bf_journal_open(&j, rfd, err, sizeof(err)), -1);
	ck_assert_int_ne(access("/tmp/bf-journal-outside", F_OK), 0);
	close(rfd);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_records_survive_reopen);
	tcase_add_test(tc, t_torn_and_foreign_lines);
	tcase_add_test(tc, t_compact_sorts_and_absorbs);
	tcase_add_test(tc, t_temp_file_cleared_and_hostile_entries);
	suite_add_tcase(s, tc);
	int rc = tu_run(s);
	if (system("rm -rf /tmp/bfjournal??????") != 0)
		return 1;
	return rc;
}

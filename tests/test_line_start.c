/*
 * test_line_start.c -- the stream a worker writes its messages to on a
 * terminal: every line starts with "\r\033[K" (so it does not run on from
 * the supervisor's progress bar), a line written in pieces gets it once,
 * and the fd outlives the stream.
 */
#include <string.h>
#include <unistd.h>

#include "line_start.h"
#include "testutil.h"

/* What the stream made of the writes: everything read from the pipe. */
static void expect_written(void (*writes)(FILE *), const char *want)
{
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	FILE *f = bf_line_start_stream(p[1]);
	ck_assert_ptr_nonnull(f);
	writes(f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(write(p[1], "|", 1), 1); /* the fd is still open */
	close(p[1]);
	char buf[256];
	ssize_t n, got = 0;
	while ((n = read(p[0], buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += n;
	close(p[0]);
	buf[got] = '\0';
	ck_assert_str_eq(buf, want);
}

static void two_lines_in_pieces(FILE *f)
{
	fputs("battfarm: task a: one\nbattfarm: ", f);
	fflush(f);
	fputs("task b", f);
	fputs(": two\n", f);
}

static void unfinished_line(FILE *f)
{
	fprintf(f, "x%d", 1);
}

static void empty_lines(FILE *f)
{
	fputs("\n\n", f);
}

START_TEST(t_every_line_starts_clear)
{
	expect_written(two_lines_in_pieces,
		       "\r\033[Kbattfarm: task a: one\n\r\033[Kbattfarm: task b: two\n|");
	expect_written(unfinished_line, "\r\033[Kx1|");
	expect_written(empty_lines, "\r\033[K\n\r\033[K\n|");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("line_start");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_every_line_starts_clear);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

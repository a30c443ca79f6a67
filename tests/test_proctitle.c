/*
 * test_proctitle.c -- process titles as /proc/self/cmdline shows them
 * (what ps reads): exactly the title, nothing after it, whatever its
 * length against the arguments it overwrites (libbsd's setproctitle put a
 * ' ' after a title as long as argv[0] and a '.' after shorter ones); cut
 * to the room there is; argv and the environment unharmed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "battfarm/proctitle.h"
#include "testutil.h"

static char **saved_argv;
static char *argv0; /* argv[0] as it was, to compare with after titles */

/* /proc/self/cmdline into buf; its length. */
static size_t cmdline(char *buf, size_t cap)
{
	int fd = open("/proc/self/cmdline", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	size_t n = 0;
	ssize_t r;
	while (n < cap && (r = read(fd, buf + n, cap - n)) > 0)
		n += (size_t)r;
	close(fd);
	return n;
}

/* The title shows as exactly want: its bytes, then only NULs. */
static void shows(const char *want)
{
	char buf[65536];
	size_t n = cmdline(buf, sizeof(buf));
	size_t len = strlen(want);
	ck_assert_uint_ge(n, len);
	ck_assert_msg(memcmp(buf, want, len) == 0, "cmdline starts '%.*s', not '%s'", (int)len,
		      buf, want);
	for (size_t i = len; i < n; i++)
		ck_assert_msg(buf[i] == '\0', "byte %zu after the title is 0x%02x", i - len,
			      (unsigned char)buf[i]);
}

START_TEST(t_short_title)
{
	bf_proctitle_set("v");
	shows("battfarm: v");
}
END_TEST

START_TEST(t_title_as_long_as_argv0)
{
	size_t len = strlen(argv0);
	ck_assert_uint_gt(len, strlen("battfarm: "));
	char text[4096];
	memset(text, 'x', len - strlen("battfarm: "));
	text[len - strlen("battfarm: ")] = '\0';
	bf_proctitle_set("%s", text);
	char want[4096] = "battfarm: ";
	strcat(want, text);
	ck_assert_uint_eq(strlen(want), len);
	shows(want);
}
END_TEST

START_TEST(t_titles_of_every_length_around_argv0)
{
	size_t len = strlen(argv0);
	for (size_t k = len - 8; k <= len + 8; k++) {
		char text[64];
		size_t t = k - strlen("battfarm: ");
		memset(text, 'a' + (int)(k % 26), t);
		text[t] = '\0';
		bf_proctitle_set("%s", text);
		char want[128];
		snprintf(want, sizeof(want), "battfarm: %s", text);
		shows(want);
	}
}
END_TEST

START_TEST(t_long_title_is_cut_to_the_room)
{
	char text[2048];
	memset(text, 'y', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	bf_proctitle_set("%s", text);
	size_t room = bf_proctitle_room();
	size_t fit = room < 255 ? room : 255;
	char want[300] = "battfarm: ";
	memcpy(want + 10, text, fit - 10);
	want[fit] = '\0';
	ck_assert_uint_eq(strlen(want), fit);
	shows(want);
}
END_TEST

START_TEST(t_argv_and_environment_survive)
{
	bf_proctitle_set("validator 1 task 007bbfb7");
	ck_assert_str_eq(saved_argv[0], argv0);
	ck_assert_ptr_nonnull(getenv("BF_PROCTITLE_PROBE"));
	ck_assert_str_eq(getenv("BF_PROCTITLE_PROBE"), "kept");
}
END_TEST

int main(int argc, char **argv)
{
	/* run again with the probe in the stack's environment block, which
	 * titles overwrite, and an argv[0] of a known length (40) */
	if (!getenv("BF_PROCTITLE_PROBE")) {
		setenv("BF_PROCTITLE_PROBE", "kept", 1);
		char name[] = "test_proctitle, with a 40-byte argv[0]..";
		char *again[] = {name, NULL};
		(void)argc;
		execv("/proc/self/exe", again);
		return 1;
	}
	argv0 = strdup(argv[0]);
	bf_proctitle_init(argc, argv);
	saved_argv = argv;
	if (strlen(argv0) != 40 || bf_proctitle_room() <= strlen(argv0) + 8) {
		fprintf(stderr, "test_proctitle: room %zu for argv[0] of %zu\n", bf_proctitle_room(), strlen(argv0));
		return 1;
	}
	Suite *s = suite_create("proctitle");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_short_title);
	tcase_add_test(tc, t_title_as_long_as_argv0);
	tcase_add_test(tc, t_titles_of_every_length_around_argv0);
	tcase_add_test(tc, t_long_title_is_cut_to_the_room);
	tcase_add_test(tc, t_argv_and_environment_survive);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

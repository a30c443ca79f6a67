/*
 * test_opt_table.c -- the option table parser of check, eval and results:
 * short, long, long-only and optional arguments applied in order, an option
 * that takes the words after it, --help answered, a bad option and an
 * option's own error stopping the parse with the right answer.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "opt_table.h"
#include "testutil.h"

typedef struct args {
	const char *name, *level;
	const char *words[8];
	int nwords, flags;
	char order[16]; /* the short letters (or L) of the options applied */
} args;

static void mark(args *a, char c)
{
	size_t n = strlen(a->order);
	a->order[n] = c;
	a->order[n + 1] = '\0';
}

BF_OPT_SIMPLE(o_name, args, (a->name = arg, mark(a, 'n')))
BF_OPT_SIMPLE(o_flag, args, (a->flags++, mark(a, 'f')))
BF_OPT_SIMPLE(o_level, args, (a->level = arg ? arg : "none", mark(a, 'L')))

static int o_words(void *args_, const char *arg, int argc, char **argv)
{
	args *a = args_;
	a->words[a->nwords++] = arg;
	while (optind < argc && argv[optind][0] != '-')
		a->words[a->nwords++] = argv[optind++];
	mark(a, 'w');
	return 0;
}

static int o_refuse(void *args_, const char *arg, int argc, char **argv)
{
	(void)args_, (void)arg, (void)argc, (void)argv;
	return -1;
}

static const bf_opt opts[] = {
	{"name", required_argument, 'n', o_name},
	{"flag", no_argument, 'f', o_flag},
	{"level", optional_argument, 0, o_level},
	{"words", required_argument, 'w', o_words},
	{"refuse", no_argument, 0, o_refuse},
	{"help", no_argument, 'h', NULL},
};
#define NOPTS ((int)(sizeof(opts) / sizeof(opts[0])))

static int parse(args *a, char **argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	memset(a, 0, sizeof(*a));
	opterr = 0; /* getopt's own message is not under test */
	return bf_opt_parse("check", opts, NOPTS, a, argc, argv);
}

START_TEST(t_forms)
{
	args a;
	char *argv[] = {"check", "-n", "x", "--flag", "-f", "--level=3", "--name=y", "rest", NULL};
	ck_assert_int_eq(parse(&a, argv), 0);
	ck_assert_str_eq(a.order, "nffLn");
	ck_assert_str_eq(a.name, "y");
	ck_assert_str_eq(a.level, "3");
	ck_assert_int_eq(a.flags, 2);
	ck_assert_str_eq(argv[optind], "rest"); /* the words left, for the caller */
	char *argv2[] = {"check", "--level", "--nam", "z", NULL};
	ck_assert_int_eq(parse(&a, argv2), 0);
	ck_assert_str_eq(a.level, "none"); /* an optional argument only in the = form */
	ck_assert_str_eq(a.name, "z");     /* an unambiguous prefix */
}
END_TEST

START_TEST(t_words)
{
	args a;
	char *argv[] = {"check", "-w", "a", "b", "c", "-f", "-w", "d", NULL};
	ck_assert_int_eq(parse(&a, argv), 0);
	ck_assert_int_eq(a.nwords, 4);
	ck_assert_str_eq(a.words[2], "c");
	ck_assert_str_eq(a.words[3], "d");
	ck_assert_str_eq(a.order, "wfw");
}
END_TEST

START_TEST(t_answers_and_errors)
{
	args a;
	char *help[] = {"check", "-f", "--help", "-n", "x", NULL};
	FILE *saved = stdout;
	stdout = fopen("/dev/null", "w");
	int r = parse(&a, help);
	fclose(stdout);
	stdout = saved;
	ck_assert_int_eq(r, 1);
	ck_assert_str_eq(a.order, "f"); /* nothing after --help is applied */
	char *bad[] = {"check", "-f", "--frob", "-f", NULL};
	char *own[] = {"check", "--refuse", "-f", NULL};
	char *short_bad[] = {"check", "-L", NULL}; /* long-only options have no letter */
	char *missing[] = {"check", "-n", NULL};
	saved = stderr;
	stderr = fopen("/dev/null", "w");
	int rb = parse(&a, bad);
	ck_assert_str_eq(a.order, "f");
	int ro = parse(&a, own);
	ck_assert_str_eq(a.order, "");
	int rs = parse(&a, short_bad), rm = parse(&a, missing);
	fclose(stderr);
	stderr = saved;
	ck_assert_int_eq(rb, -1);
	ck_assert_int_eq(ro, -1);
	ck_assert_int_eq(rs, -1);
	ck_assert_int_eq(rm, -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("opt_table");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_forms);
	tcase_add_test(tc, t_words);
	tcase_add_test(tc, t_answers_and_errors);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

/*
 * test_inline.c -- the inlined and expanded texts of programs.
 *
 * Expected inlined texts and md5s were produced by Python's ast.unparse and
 * hashlib.md5 on the same programs (the inliner of tools/inline_check.py);
 * expected expanded texts follow Python's evaluation order and were checked
 * to re-inline to the same text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/inline.h"
#include "battfarm/program.h"
#include "battfarm/util.h"
#include "testutil.h"

static bf_library lib;

/* Parse src, which must hold exactly one function, and return it. */
static const bf_program *parse1(const char *src)
{
	bf_library_release(&lib);
	bf_library_init(&lib);
	int n = bf_library_parse(&lib, "t.py", src, strlen(src));
	ck_assert_msg(n == 1 && lib.nerrors == 0, "parse: %s",
		      lib.nerrors ? lib.errors[0] : "not one function");
	return lib.progs[0];
}

static char text[1 << 16];

static const char *inl(const bf_program *p, bf_prog_kind kind)
{
	size_t len;
	char *s = bf_inline_text(p, kind, &len);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(len, strlen(s));
	ck_assert_uint_eq(len, bf_inline_len(p, kind));
	ck_assert_uint_lt(len, sizeof(text));
	memcpy(text, s, len + 1);
	free(s);
	return text;
}

static const char *md5(const bf_program *p, bf_prog_kind kind)
{
	static char out[33];
	ck_assert_int_eq(bf_inline_md5(p, kind, out), 0);
	return out;
}

static const char *expand(const bf_program *p, bf_prog_kind kind)
{
	size_t len;
	char *s = bf_expand_text(p, kind, &len);
	ck_assert_uint_eq(len, strlen(s));
	ck_assert_uint_lt(len, sizeof(text));
	memcpy(text, s, len + 1);
	free(s);
	return text;
}

#define HEAD "from dsl import *\nfrom constants import *\n\ndef solve(S, I, C):\n"

/* Expanding src, then inlining and expanding the result, gives back the
 * same inlined text, md5 and expanded text. */
static void check_fixed_point(const char *src, bf_prog_kind kind)
{
	char *in1 = bf_xstrdup(inl(parse1(src), kind));
	char *m1 = bf_xstrdup(md5(lib.progs[0], kind));
	char *ex1 = bf_xstrdup(expand(lib.progs[0], kind));
	const bf_program *q = parse1(ex1);
	ck_assert_str_eq(inl(q, kind), in1);
	ck_assert_str_eq(md5(q, kind), m1);
	ck_assert_str_eq(expand(q, kind), ex1);
	free(in1);
	free(m1);
	free(ex1);
}

START_TEST(t_chain)
{
	const bf_program *p = parse1("def solve_x(I):\n"
				     "    x1 = objects(I, T, F, F)\n"
				     "    x2 = colorfilter(x1, ZERO)\n"
				     "    x3 = rbind(bordering, I)\n"
				     "    x4 = compose(flip, x3)\n"
				     "    x5 = mfilter(x2, x4)\n"
				     "    O = fill(I, FOUR, x5)\n"
				     "    return O\n");
	ck_assert_str_eq(inl(p, BF_PROG_SOLVER),
			 "def solve(S, I, C):\n    return fill(I, FOUR, mfilter(colorfilter(objects(I, "
			 "T, F, F), ZERO), compose(flip, rbind(bordering, I))))");
	ck_assert_str_eq(md5(p, BF_PROG_SOLVER), "48d816d46a130895d98496388c19c1b5");
	ck_assert_str_eq(expand(p, BF_PROG_SOLVER), HEAD
			 "    x1 = objects(I, T, F, F)\n"
			 "    x2 = colorfilter(x1, ZERO)\n"
			 "    x3 = rbind(bordering, I)\n"
			 "    x4 = compose(flip, x3)\n"
			 "    x5 = mfilter(x2, x4)\n"
			 "    O = fill(I, FOUR, x5)\n"
			 "    return O\n");
}
END_TEST

START_TEST(t_call_of_call)
{
	const bf_program *p = parse1("def f(I):\n    x1 = rbind(add, -3)\n    x2 = x1(5)\n"
				     "    O = astuple(x2, NEG_ONE)\n    return O\n");
	ck_assert_str_eq(inl(p, BF_PROG_SOLVER),
			 "def solve(S, I, C):\n    return astuple(rbind(add, -3)(5), NEG_ONE)");
	ck_assert_str_eq(md5(p, BF_PROG_SOLVER), "b83e96d53510d559200255d887ec10c6");
	ck_assert_str_eq(expand(p, BF_PROG_SOLVER), HEAD
			 "    x1 = rbind(add, -3)\n"
			 "    x2 = x1(5)\n"
			 "    O = astuple(x2, NEG_ONE)\n"
			 "    return O\n");
}
END_TEST

/* Python evaluates the callee before the arguments, arguments left to
 * right; the expanded lines follow that order. */
START_TEST(t_evaluation_order)
{
	const bf_program *p = parse1("def f(I):\n    x1 = ofcolor(I, TWO)\n"
				     "    O = compose(hmirror, vmirror)(fill(rot90(I), ONE, x1))\n"
				     "    return O\n");
	ck_assert_str_eq(inl(p, BF_PROG_SOLVER),
			 "def solve(S, I, C):\n    return compose(hmirror, vmirror)(fill(rot90(I), "
			 "ONE, ofcolor(I, TWO)))");
	ck_assert_str_eq(md5(p, BF_PROG_SOLVER), "cef31bba2f6e8c43b81c4948f1b64e53");
	ck_assert_str_eq(expand(p, BF_PROG_SOLVER), HEAD
			 "    x1 = compose(hmirror, vmirror)\n"
			 "    x2 = rot90(I)\n"
			 "    x3 = ofcolor(I, TWO)\n"
			 "    x4 = fill(x2, ONE, x3)\n"
			 "    O = x1(x4)\n"
			 "    return O\n");
}
END_TEST

/* A shared variable is written out at each use when inlined and computed
 * once when expanded; so are equal expressions under different names. */
START_TEST(t_shared_subexpressions)
{
	const bf_program *p = parse1("def f(I):\n"
				     "    x1 = objects(I, T, F, F)\n"
				     "    x2 = argmax(x1, size)\n"
				     "    x3 = argmin(x1, size)\n"
				     "    x4 = vmirror(I)\n"
				     "    x5 = vmirror(I)\n"
				     "    x6 = paint(x4, x2)\n"
				     "    x7 = paint(x5, x3)\n"
				     "    O = hconcat(x6, x7)\n"
				     "    return O\n");
	ck_assert_str_eq(inl(p, BF_PROG_SOLVER),
			 "def solve(S, I, C):\n    return hconcat(paint(vmirror(I), argmax(objects(I, "
			 "T, F, F), size)), paint(vmirror(I), argmin(objects(I, T, F, F), size)))");
	ck_assert_str_eq(md5(p, BF_PROG_SOLVER), "bd37552ce346b64b7bedc3eeb806469c");
	ck_assert_str_eq(expand(p, BF_PROG_SOLVER), HEAD
			 "    x1 = vmirror(I)\n"
			 "    x2 = objects(I, T, F, F)\n"
			 "    x3 = argmax(x2, size)\n"
			 "    x4 = paint(x1, x3)\n"
			 "    x5 = argmin(x2, size)\n"
			 "    x6 = paint(x1, x5)\n"
			 "    O = hconcat(x4, x6)\n"
			 "    return O\n");
}
END_TEST

START_TEST(t_negative_literals)
{
	const bf_program *p = parse1("def f(I):\n    x1 = add(-1, - 2)\n"
				     "    x2 = multiply(x1, -0)\n    O = astuple(x2, (-7))\n    return O\n");
	ck_assert_str_eq(inl(p, BF_PROG_SOLVER),
			 "def solve(S, I, C):\n    return astuple(multiply(add(-1, -2), -0), -7)");
	ck_assert_str_eq(md5(p, BF_PROG_SOLVER), "bd199e96cdb92d2957e6fa025ceb20c0");
	check_fixed_point("def f(I):\n    x1 = add(-1, - 2)\n"
			  "    x2 = multiply(x1, -0)\n    O = astuple(x2, (-7))\n    return O\n",
			  BF_PROG_SOLVER);
}
END_TEST

/* Constants print as the source named them: T is not True, ONE is not 1. */
START_TEST(t_constants_by_name)
{
	const bf_program *p = parse1("def f(I):\n    x1 = objects(I, True, F, False)\n"
				     "    x2 = shift(x1, UP)\n    O = astuple(astuple(ONE, 1), x2)\n"
				     "    return O\n");
	ck_assert_str_eq(inl(p, BF_PROG_SOLVER),
			 "def solve(S, I, C):\n    return astuple(astuple(ONE, 1), "
			 "shift(objects(I, True, F, False), UP))");
	ck_assert_str_eq(md5(p, BF_PROG_SOLVER), "bf5eae5cbbbd0dab8466234a9478fcc9");
}
END_TEST

/* Renamed copies (function, variables, (I) or (S, I, C)) share one md5;
 * the differ header makes a different one. */
START_TEST(t_renamed_copies)
{
	char a[33], b[33], c[33], d[33];
	strcpy(a, md5(parse1("def solve_x(I):\n    x1 = vmirror(I)\n    O = hconcat(I, x1)\n"
			     "    return O\n"),
		      BF_PROG_SOLVER));
	strcpy(b, md5(parse1("def other(S, I, C):\n    mir = vmirror(I)\n"
			     "    result = hconcat(I, mir)\n    return result\n"),
		      BF_PROG_SOLVER));
	strcpy(c, md5(parse1("def solve(S, I, C):\n    return hconcat(I, vmirror(I))\n"),
		      BF_PROG_SOLVER));
	strcpy(d, md5(lib.progs[0], BF_PROG_DIFFER));
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(a, c);
	ck_assert_str_ne(a, d);
}
END_TEST

START_TEST(t_differ)
{
	const bf_program *p = parse1("def differ_q(S, I, C):\n    x1 = equality(I, C)\n"
				     "    return astuple(x1, S)\n");
	ck_assert_str_eq(inl(p, BF_PROG_DIFFER),
			 "def differ(S, I, C):\n    return astuple(equality(I, C), S)");
	ck_assert_str_eq(md5(p, BF_PROG_DIFFER), "486ed8e26cfd18fd8066eb85707e6142");
	ck_assert_str_eq(expand(p, BF_PROG_DIFFER),
			 "from dsl import *\nfrom constants import *\n\ndef differ(S, I, C):\n"
			 "    x1 = equality(I, C)\n    O = astuple(x1, S)\n    return O\n");
	check_fixed_point("def differ_q(S, I, C):\n    x1 = equality(I, C)\n"
			  "    return astuple(x1, S)\n",
			  BF_PROG_DIFFER);
}
END_TEST

/* A result that is not a call is still named O, so every stored file ends
 * the same way. */
START_TEST(t_non_call_return)
{
	const bf_program *p = parse1("def f(I):\n    return I\n");
	ck_assert_str_eq(inl(p, BF_PROG_SOLVER), "def solve(S, I, C):\n    return I");
	ck_assert_str_eq(md5(p, BF_PROG_SOLVER), "9e19e98168d44f55d4a970f4ba174424");
	ck_assert_str_eq(expand(p, BF_PROG_SOLVER), HEAD "    O = I\n    return O\n");
	check_fixed_point("def f(I):\n    return I\n", BF_PROG_SOLVER);

	p = parse1("def f(S, I, C):\n    x1 = ZERO\n    x2 = x1\n    return x2\n");
	ck_assert_str_eq(inl(p, BF_PROG_SOLVER), "def solve(S, I, C):\n    return ZERO");
	ck_assert_str_eq(md5(p, BF_PROG_SOLVER), "0de504efc2ce62d428689bd284da902d");
	ck_assert_str_eq(expand(p, BF_PROG_SOLVER), HEAD "    O = ZERO\n    return O\n");
	check_fixed_point("def f(S, I, C):\n    x1 = ZERO\n    x2 = x1\n    return x2\n",
			  BF_PROG_SOLVER);
}
END_TEST

START_TEST(t_fixed_point)
{
	check_fixed_point("def solve_x(I):\n    x1 = objects(I, T, F, F)\n"
			  "    x2 = colorfilter(x1, ZERO)\n    x3 = rbind(bordering, I)\n"
			  "    x4 = compose(flip, x3)\n    x5 = mfilter(x2, x4)\n"
			  "    O = fill(I, FOUR, x5)\n    return O\n",
			  BF_PROG_SOLVER);
	check_fixed_point("def f(I):\n    x1 = ofcolor(I, TWO)\n"
			  "    O = compose(hmirror, vmirror)(fill(rot90(I), ONE, x1))\n    return O\n",
			  BF_PROG_SOLVER);
	check_fixed_point("def f(I):\n    x1 = objects(I, T, F, F)\n    x2 = argmax(x1, size)\n"
			  "    x3 = argmin(x1, size)\n    x4 = vmirror(I)\n    x5 = vmirror(I)\n"
			  "    x6 = paint(x4, x2)\n    x7 = paint(x5, x3)\n    O = hconcat(x6, x7)\n"
			  "    return O\n",
			  BF_PROG_SOLVER);
	/* an already inlined program, and a variable reassigned on itself */
	check_fixed_point("def solve(S, I, C):\n    return fill(I, FOUR, mfilter(colorfilter("
			  "objects(I, T, F, F), ZERO), compose(flip, rbind(bordering, I))))\n",
			  BF_PROG_SOLVER);
	check_fixed_point("def f(I):\n    x = vmirror(I)\n    x = hconcat(x, x)\n    return x\n",
			  BF_PROG_SOLVER);
}
END_TEST

/* Memoised spans: each doubling line doubles the text, not the work; and
 * a program that would inline past BF_INLINE_MAX is refused up front. */
START_TEST(t_doubling_and_limit)
{
	char src[8192];
	int k = snprintf(src, sizeof(src), "def f(I):\n    x0 = vmirror(I)\n");
	for (int i = 1; i <= 20; i++)
		k += snprintf(src + k, sizeof(src) - (size_t)k, "    x%d = hconcat(x%d, x%d)\n", i,
			      i - 1, i - 1);
	snprintf(src + k, sizeof(src) - (size_t)k, "    return x20\n");
	const bf_program *p = parse1(src);
	size_t len;
	char *s = bf_inline_text(p, BF_PROG_SOLVER, &len);
	ck_assert_ptr_nonnull(s);
	/* 2^20 copies of "vmirror(I)", 2^20 - 1 of "hconcat(" ", " ")" */
	size_t want = strlen("def solve(S, I, C):\n    return ") + ((size_t)1 << 20) * 10 +
		      (((size_t)1 << 20) - 1) * 11;
	ck_assert_uint_eq(len, want);
	ck_assert_uint_eq(strlen(s), want);
	ck_assert_int_eq(memcmp(s + strlen("def solve(S, I, C):\n    return "),
				"hconcat(hconcat(", 16), 0);
	for (int i = 1; i <= 21; i++)
		ck_assert_int_eq(s[len - (size_t)i], ')');
	ck_assert_int_eq(memcmp(s + len - 30, "vmirror(I", 9), 0);
	free(s);
	/* the expanded form stays one line per distinct call */
	s = bf_expand_text(p, BF_PROG_SOLVER, &len);
	ck_assert_ptr_nonnull(strstr(s, "    x20 = hconcat(x19, x19)\n    O = hconcat(x20, x20)\n"));
	free(s);

	k = snprintf(src, sizeof(src), "def f(I):\n    x0 = vmirror(I)\n");
	for (int i = 1; i <= 40; i++)
		k += snprintf(src + k, sizeof(src) - (size_t)k, "    x%d = hconcat(x%d, x%d)\n", i,
			      i - 1, i - 1);
	snprintf(src + k, sizeof(src) - (size_t)k, "    return x40\n");
	p = parse1(src);
	ck_assert_uint_eq(bf_inline_len(p, BF_PROG_SOLVER), SIZE_MAX);
	ck_assert_ptr_null(bf_inline_text(p, BF_PROG_SOLVER, &len));
	char m[33];
	ck_assert_int_eq(bf_inline_md5(p, BF_PROG_SOLVER, m), -1);
}
END_TEST

/* A long chain of variables nests as deep as the chain: written without
 * recursion, so no stack overflow.  Built by hand (x0 = vmirror(I),
 * xk = vmirror(x(k-1)), return x(N-1)): a parsed file that long would
 * only time the parser. */
START_TEST(t_deep_chain)
{
	enum { N = 1000000 };
	bf_node prim = {.kind = BF_N_PRIM, .name = "vmirror"};
	bf_node param = {.kind = BF_N_PARAM, .index = 1, .name = "I"};
	bf_node *calls = calloc(N, sizeof(bf_node));
	bf_node *vars = calloc(N, sizeof(bf_node));
	bf_node **argv = calloc(N, sizeof(bf_node *));
	bf_node **assign = calloc(N, sizeof(bf_node *));
	ck_assert(calls && vars && argv && assign);
	for (int i = 0; i < N; i++) {
		vars[i].kind = BF_N_VAR;
		vars[i].index = i;
		argv[i] = i ? &vars[i - 1] : &param;
		calls[i].kind = BF_N_CALL;
		calls[i].callee = &prim;
		calls[i].nargs = 1;
		calls[i].args = &argv[i];
		assign[i] = &calls[i];
	}
	bf_program p = {.name = "deep", .shape = BF_SHAPE_I, .nassign = N, .assign = assign,
			.ret = &vars[N - 1]};
	size_t len;
	char *s = bf_inline_text(&p, BF_PROG_SOLVER, &len);
	const char *h = "def solve(S, I, C):\n    return ";
	ck_assert_uint_eq(len, strlen(h) + (size_t)N * 9 + 1);
	ck_assert_int_eq(memcmp(s + strlen(h), "vmirror(vmirror(", 16), 0);
	ck_assert_int_eq(memcmp(s + len - N - 1, "I))))", 5), 0);
	free(s);
	s = bf_expand_text(&p, BF_PROG_SOLVER, &len);
	ck_assert_ptr_nonnull(strstr(s, "    x999999 = vmirror(x999998)\n    O = vmirror(x999999)\n"));
	free(s);
	free(calls);
	free(vars);
	free(argv);
	free(assign);
}
END_TEST

START_TEST(t_md5_hex)
{
	char out[33];
	bf_md5_hex("", 0, out);
	ck_assert_str_eq(out, "d41d8cd98f00b204e9800998ecf8427e");
	bf_md5_hex("abc", 3, out);
	ck_assert_str_eq(out, "900150983cd24fb0d6963f7d28e17f72");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("inline");
	TCase *tc = tcase_create("inline");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, t_chain);
	tcase_add_test(tc, t_call_of_call);
	tcase_add_test(tc, t_evaluation_order);
	tcase_add_test(tc, t_shared_subexpressions);
	tcase_add_test(tc, t_negative_literals);
	tcase_add_test(tc, t_constants_by_name);
	tcase_add_test(tc, t_renamed_copies);
	tcase_add_test(tc, t_differ);
	tcase_add_test(tc, t_non_call_return);
	tcase_add_test(tc, t_fixed_point);
	tcase_add_test(tc, t_doubling_and_limit);
	tcase_add_test(tc, t_deep_chain);
	tcase_add_test(tc, t_md5_hex);
	suite_add_tcase(s, tc);
	int rc = tu_run(s);
	bf_library_release(&lib);
	return rc;
}

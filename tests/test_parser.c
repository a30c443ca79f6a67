/*
 * test_parser.c -- the DSL subset parser: what it accepts and how it
 * reports what it does not (file:line:col and a plain message).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/program.h"
#include "testutil.h"

static bf_library lib;

static int parse(const char *src)
{
	bf_library_release(&lib);
	bf_library_init(&lib);
	return bf_library_parse(&lib, "t.py", src, strlen(src));
}

static const char *first_error(void)
{
	return lib.nerrors ? lib.errors[0] : "(no error)";
}

START_TEST(t_solver_and_differ_shapes)
{
	ck_assert_int_eq(parse("from dsl import *\nfrom constants import *\n\n"
			       "def solve_x(I):\n    x1 = vmirror(I)\n    O = hmirror(x1)\n    return O\n\n"
			       "# a comment\n"
			       "def differ_y(S, I, C):\n    return astuple(ONE, TWO)\n"),
			 2);
	ck_assert_int_eq(lib.nerrors, 0);
	const bf_program *p = bf_library_find(&lib, "solve_x");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->shape, BF_SHAPE_I);
	ck_assert_int_eq(p->nassign, 2);
	ck_assert_int_eq(p->line, 4);
	ck_assert_int_eq(bf_library_find(&lib, "differ_y")->shape, BF_SHAPE_SIC);
}
END_TEST

START_TEST(t_inlined_and_call_of_call)
{
	ck_assert_int_eq(parse("def solve(S, I, C):\n"
			       "    return fill(I, FOUR, mfilter(colorfilter(objects(I, T, F, F), ZERO), "
			       "compose(flip, rbind(bordering, I))))\n"
			       "def f(I):\n    x = rbind(add, -3)(5)\n    return x\n"
			       "def g(I):\n    return add(\n        1,\n        2)  # continued\n"),
			 3);
	ck_assert_int_eq(lib.nerrors, 0);
	const bf_program *f = bf_library_find(&lib, "f");
	ck_assert_int_eq(f->assign[0]->kind, BF_N_CALL);
	ck_assert_int_eq(f->assign[0]->callee->kind, BF_N_CALL);
	ck_assert_int_eq(f->assign[0]->callee->args[1]->imm, -3);
}
END_TEST

START_TEST(t_unknown_primitive_is_reported_and_others_kept)
{
	ck_assert_int_eq(parse("def a(I):\n    x1 = frobnicate(I)\n    return x1\n"
			       "def b(I):\n    return I\n"),
			 1);
	ck_assert_int_eq(lib.nerrors, 1);
	ck_assert_str_eq(first_error(),
			 "t.py:2:10: unknown name 'frobnicate' (not a variable, parameter, "
			 "constant or primitive)");
	ck_assert_ptr_nonnull(bf_library_find(&lib, "b"));
}
END_TEST

START_TEST(t_syntax_errors)
{
	parse("def a(I):\n    x1 = vmirror(I\n    return x1\n");
	ck_assert_str_eq(first_error(),
			 "t.py:3:5: expected ',' or ')' to close the call opened at 2:17");
	parse("def a(I, J):\n    return I\n");
	ck_assert_str_eq(first_error(), "t.py:1:7: parameters must be (I) or (S, I, C), not (I,J)");
	parse("def a(I):\n    x1 = vmirror(I)\n");
	ck_assert_msg(strstr(first_error(), "has no return") != NULL, "%s", first_error());
	parse("def a(I):\n    return vmirror(I, I)\n");
	ck_assert_str_eq(first_error(), "t.py:2:19: vmirror() takes 1 arguments, 2 given");
	parse("def a(I):\n    return ONE(I)\n");
	ck_assert_msg(strstr(first_error(), "not callable") != NULL, "%s", first_error());
	parse("def a(I):\n    return astuple((1, 2), 3)\n");
	ck_assert_msg(strstr(first_error(), "tuple literals") != NULL, "%s", first_error());
	parse("x = 1\n");
	ck_assert_str_eq(first_error(),
			 "t.py:1:1: only 'def', 'from' and 'import' lines may start at column 1");
	parse("def a(I):\n    return I\n    x = I\n");
	ck_assert_str_eq(first_error(), "t.py:3:5: statement after return");
	parse("def a(I):\n    x == I\n    return x\n");
	ck_assert_msg(strstr(first_error(), "t.py:2:7: expected '='") != NULL, "%s", first_error());
	parse("def a(I):\n    return 99999999999999999999\n");
	ck_assert_msg(strstr(first_error(), "too large") != NULL, "%s", first_error());
}
END_TEST

START_TEST(t_deep_nesting_is_refused_not_crashed)
{
	size_t depth = 100000;
	char *src = malloc(depth * 10 + 64);
	strcpy(src, "def a(I):\n    return ");
	char *p = src + strlen(src);
	for (size_t i = 0; i < depth; i++) {
		memcpy(p, "identity(", 9);
		p += 9;
	}
	*p++ = 'I';
	for (size_t i = 0; i < depth; i++)
		*p++ = ')';
	strcpy(p, "\n");
	ck_assert_int_eq(parse(src), 0);
	ck_assert_msg(strstr(first_error(), "nested more than") != NULL, "%s", first_error());
	free(src);
}
END_TEST

START_TEST(t_names_resolve_across_many_variables)
{
	/* enough variables to grow the name table several times; a rebinding
	 * after the growth must still win */
	size_t cap = 1 << 16, len = 0;
	char *src = malloc(cap);
	len += (size_t)snprintf(src + len, cap - len, "def a(I):\n    x = ONE\n");
	for (int i = 0; i < 500; i++)
		len += (size_t)snprintf(src + len, cap - len, "    y%d = add(x, %d)\n", i, i);
	len += (size_t)snprintf(src + len, cap - len, "    x = add(y499, y0)\n    return x\n");
	ck_assert_int_eq(parse(src), 1);
	const bf_program *p = bf_library_find(&lib, "a");
	ck_assert_int_eq(p->nassign, 502);
	ck_assert_int_eq(p->ret->index, 501);             /* the second x */
	ck_assert_int_eq(p->assign[501]->args[0]->index, 500); /* y499 */
	ck_assert_int_eq(p->assign[300]->args[0]->index, 0);   /* the first x */
	free(src);
}
END_TEST

START_TEST(t_later_definition_wins)
{
	ck_assert_int_eq(parse("def a(I):\n    return ONE\ndef b(I):\n    return I\n"
			       "def a(I):\n    return TWO\n"),
			 3);
	const bf_program *p = bf_library_find(&lib, "a");
	ck_assert_int_eq(p->ret->imm, 2);
	ck_assert_int_eq(p->line, 5);
	ck_assert_ptr_null(bf_library_find(&lib, "c"));
}
END_TEST

START_TEST(t_variables_rebind_and_shadow)
{
	ck_assert_int_eq(parse("def a(I):\n    x = ONE\n    x = add(x, x)\n    size = x\n    return size\n"), 1);
	const bf_program *p = bf_library_find(&lib, "a");
	/* the second x refers to slot 0, the return to slot 2 (size shadows the primitive) */
	ck_assert_int_eq(p->assign[1]->args[0]->index, 0);
	ck_assert_int_eq(p->ret->kind, BF_N_VAR);
	ck_assert_int_eq(p->ret->index, 2);
}
END_TEST

START_TEST(t_bom_and_python_whitespace)
{
	/* a BOM before the first def, and the spacing Python accepts on a def line */
	ck_assert_int_eq(parse("\xEF\xBB\xBF" "def a(I):\n    return I\n"
			       "def  b  ( I ) :\n    return I\n"
			       "def\tc\t(S, I, C)\t:\n    return I\n"),
			 3);
	ck_assert_str_eq(first_error(), "(no error)");
	ck_assert_ptr_nonnull(bf_library_find(&lib, "a"));
	ck_assert_ptr_nonnull(bf_library_find(&lib, "b"));
	ck_assert_int_eq(bf_library_find(&lib, "c")->shape, BF_SHAPE_SIC);
	/* a BOM is skipped only at the very start: columns on line 1 count from after it */
	parse("\xEF\xBB\xBF" "x = 1\n");
	ck_assert_str_eq(first_error(),
			 "t.py:1:1: only 'def', 'from' and 'import' lines may start at column 1");
	/* Python the subset lacks is named as such */
	parse("def f(I):\n    x = lambda y: y\n    return x\n");
	ck_assert_str_eq(first_error(),
			 "t.py:2:9: 'lambda' is Python the DSL subset does not take (README, "
			 "\"Program syntax\")");
}
END_TEST

int main(void)
{
	bf_library_init(&lib);
	Suite *s = suite_create("parser");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_solver_and_differ_shapes);
	tcase_add_test(tc, t_inlined_and_call_of_call);
	tcase_add_test(tc, t_unknown_primitive_is_reported_and_others_kept);
	tcase_add_test(tc, t_syntax_errors);
	tcase_add_test(tc, t_deep_nesting_is_refused_not_crashed);
	tcase_add_test(tc, t_variables_rebind_and_shadow);
	tcase_add_test(tc, t_later_definition_wins);
	tcase_add_test(tc, t_names_resolve_across_many_variables);
	tcase_add_test(tc, t_bom_and_python_whitespace);
	suite_add_tcase(s, tc);
	int rc = tu_run(s);
	bf_library_release(&lib);
	return rc;
}

/*
 * testutil.h -- helpers shared by the Check suites.
 *
 * tu_eval() evaluates a Python expression of DSL calls (bf_eval_expr) in a
 * fresh arena and returns what a test compares with CPython's output:
 * the repr of the value, "error: <message>" or "timeout".
 */
#ifndef BATTFARM_TESTUTIL_H
#define BATTFARM_TESTUTIL_H

#include <check.h>
#include <stddef.h>

const char *tu_eval(const char *src);
/* Like tu_eval with a work budget (0 = the default of 50 million). */
const char *tu_eval_budget(const char *src, unsigned long long budget);
/* True when tu_eval(src) is an error whose message starts with prefix. */
int tu_is_error(const char *src, const char *prefix);
/* What an arena's blocks hold now (bytes handed out, counted or not). */
struct bf_arena;
size_t tu_arena_held(const struct bf_arena *a);
/* Run a suite and return the process exit status. */
int tu_run(Suite *s);

#define EXPECT(src, want) ck_assert_str_eq(tu_eval(src), want)
#define EXPECT_ERROR(src) ck_assert_msg(tu_is_error(src, ""), "expected an error from %s, got %s", src, tu_eval(src))

#endif

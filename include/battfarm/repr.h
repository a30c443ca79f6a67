/*
 * repr.h -- Python's repr() of a value, and a reader for Python literals.
 *
 * repr is how `battfarm eval` prints non-grid results and how tests compare
 * with what CPython prints; frozensets print in iteration order, so a test
 * that matches CPython's repr also pins the iteration order.
 */
#ifndef BATTFARM_REPR_H
#define BATTFARM_REPR_H

#include "battfarm/ctx.h"
#include "battfarm/value.h"

/* A NUL-terminated repr in the arena.  Functions print as
 * "<function NAME>" (CPython adds an address we cannot match). */
char *bf_repr(bf_ctx *ctx, bf_val v);

/* Evaluate a Python expression made of int literals (with unary minus),
 * True/False/None, tuple displays, set displays, frozenset(...), the
 * constants of constants.py, primitive names and calls of them (including
 * calls of calls such as rbind(add, 1)(2)).  Raises on a syntax error with
 * the column in the message.  For tests and `battfarm eval --value`. */
bf_val bf_eval_expr(bf_ctx *ctx, const char *src);

#endif

/*
 * inline.h -- the two canonical text forms of a program (phase 2).
 *
 * Inlined: every variable replaced by its defining expression, one
 * `return` of a nested expression, the header normalised:
 *
 *   def solve(S, I, C):
 *       return fill(I, FOUR, mfilter(objects(I, T, F, F), rbind(bordering, I)))
 *
 * byte-identical to Python's ast.unparse of that FunctionDef (no trailing
 * newline).  Its md5 names the program, so renamed copies collapse.
 *
 * Expanded (what the store writes): the `from dsl import *` header, then
 * one `    xN = expr` line per distinct call of the inlined expression in
 * Python's evaluation order (callee, then arguments left to right; calls
 * with the same inlined text once), the last call named O, `    return O`
 * and a newline.  A program whose result is not a call (`return I`) gets
 * `    O = I` before `    return O`.  Re-inlining an expanded program
 * gives back the same inlined text: the two forms are a fixed point.
 *
 * Both are built in time linear in their output, without re-walking the
 * shared sub-expressions the inlined text repeats.
 */
#ifndef BATTFARM_INLINE_H
#define BATTFARM_INLINE_H

#include <stddef.h>

#include "battfarm/program.h"

typedef enum bf_prog_kind {
	BF_PROG_SOLVER, /* header `def solve(S, I, C):` */
	BF_PROG_DIFFER, /* header `def differ(S, I, C):` */
} bf_prog_kind;

/* Inlined text above this size is refused: doubling chains of variables
 * can inline to exponential size, and no real program comes near. */
#define BF_INLINE_MAX ((size_t)1 << 30)

/* The length of p's inlined text without building it (linear in the size
 * of p's trees), or SIZE_MAX when it would exceed BF_INLINE_MAX. */
size_t bf_inline_len(const bf_program *p, bf_prog_kind kind);

/* p's inlined text, malloc'd and NUL-terminated, its length in *len.
 * NULL when it would exceed BF_INLINE_MAX or memory runs out. */
char *bf_inline_text(const bf_program *p, bf_prog_kind kind, size_t *len);

/* The lowercase hex md5 of p's inlined text into out; 0, or -1 when the
 * text could not be built (as for bf_inline_text). */
int bf_inline_md5(const bf_program *p, bf_prog_kind kind, char out[33]);

/* p's expanded text, malloc'd and NUL-terminated, its length in *len. */
char *bf_expand_text(const bf_program *p, bf_prog_kind kind, size_t *len);

/* The lowercase hex md5 of n bytes at s. */
void bf_md5_hex(const char *s, size_t n, char out[33]);

#endif

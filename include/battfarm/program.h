/*
 * program.h -- parsed ARC-DSL programs and the library that holds them.
 *
 * A program is a straight-line Python function: `def NAME(I):` or
 * `def NAME(S, I, C):`, a body of `v = expr` lines and one `return expr`.
 * An expression is a parameter, a variable, a constant of constants.py, a
 * primitive name, an integer literal, or a call of any expression
 * (`f(x)`, `rbind(f, x)(y)`), so inlined programs parse too.
 *
 * Parsing resolves every name once: nodes point at primitives, carry
 * constants as immediates and refer to variables by slot, so evaluation
 * does no string work.
 */
#ifndef BATTFARM_PROGRAM_H
#define BATTFARM_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "battfarm/func.h"

typedef enum bf_node_kind {
	BF_N_PARAM, /* index: 0 S, 1 I, 2 C */
	BF_N_VAR,   /* index: assignment slot */
	BF_N_INT,   /* imm */
	BF_N_BOOL,  /* imm */
	BF_N_PAIR,  /* a constant (a, b): imm, imm2 */
	BF_N_PRIM,  /* prim */
	BF_N_CALL,  /* callee(args...) */
} bf_node_kind;

typedef struct bf_node bf_node;
struct bf_node {
	uint8_t kind;
	uint8_t nargs;
	uint8_t minus; /* an integer literal written with '-' (so -0 prints back) */
	int32_t index;
	int64_t imm, imm2;
	const bf_prim *prim;
	bf_node *callee;
	bf_node **args;
	const char *name; /* the source name (params, vars, prims, constants) */
	int line, col;
};

typedef enum bf_prog_shape {
	BF_SHAPE_I,   /* def f(I) */
	BF_SHAPE_SIC, /* def f(S, I, C) */
} bf_prog_shape;

typedef struct bf_program {
	char *name;
	int index;          /* position in its library, in load order */
	bf_prog_shape shape;
	int nassign;
	char **var_names;   /* per slot */
	bf_node **assign;   /* per slot: its expression */
	bf_node *ret;
	const char *file;
	int line;           /* of the def */
	char *text;         /* the function's source text, def line included */
	size_t text_len;
} bf_program;

/* A library of programs in one memory pool (freed together). */
typedef struct bf_pool bf_pool;

typedef struct bf_library {
	bf_program **progs;
	int n, cap;
	bf_pool *pool;
	/* programs sorted by name, built on the first look-up after a load */
	bf_program **by_name;
	int nby_name;
	/* problems found while loading: "file:line:col: message" lines */
	char **errors;
	int nerrors, errcap;
} bf_library;

void bf_library_init(bf_library *lib);
void bf_library_release(bf_library *lib);

/* Parse src (len bytes) from file `file` and add every function that
 * parses to lib.  A function with an error is reported in lib->errors and
 * skipped; the others are kept.  Returns the number of programs added. */
int bf_library_parse(bf_library *lib, const char *file, const char *src, size_t len);

/* Load a .py file, or every *.py file of a directory (sorted by name). */
int bf_library_load(bf_library *lib, const char *path);

/* The program named name, or NULL; when names repeat, the one defined
 * last wins, as a later def does in Python. */
const bf_program *bf_library_find(const bf_library *lib, const char *name);

#endif

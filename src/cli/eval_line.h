/*
 * eval_line.h -- one JSON object of `battfarm eval`'s output, written as it
 * is made.
 *
 * Building it as a jansson tree cost an allocation and a printf per grid
 * cell: 15 % of the CPU of a batch of every arc-dsl solver on four tasks.
 * Grids, integers and plain strings are written here directly; other
 * strings and reals still go through jansson, so their escaping and digits
 * are jansson's.
 */
#ifndef BATTFARM_EVAL_LINE_H
#define BATTFARM_EVAL_LINE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "battfarm/value.h"

typedef struct eval_line {
	FILE *f;
	bool first; /* no member written yet */
} eval_line;

void eval_line_begin(eval_line *l, FILE *f);
void eval_line_int(eval_line *l, const char *key, long long v);
/* s as a JSON string: printable ASCII without quotes or backslashes as it
 * is (every kind, nearly every repr), anything else as jansson escapes it,
 * bytes of invalid UTF-8 as '?' */
void eval_line_str(eval_line *l, const char *key, const char *s);
/* v as jansson writes it; v is consumed (NULL writes null) */
void eval_line_json(eval_line *l, const char *key, json_t *v);
/* g must be a grid (bf_is_json_grid) */
void eval_line_grid(eval_line *l, const char *key, bf_val g);
/* the closing brace and a newline */
void eval_line_end(eval_line *l);

#endif

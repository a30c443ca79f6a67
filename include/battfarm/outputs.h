/*
 * outputs.h -- the output arena: how a validator hands the outputs that
 * need a differ's verdict to a differ worker (DESIGN.md, "Processes").
 *
 * Per (candidate, sample) of a task in progress there is one record, at a
 * fixed place, so the ranges of one task are written by several validators
 * with no coordination: what the sample gave (status, exact, its work) and,
 * for an output the differs are still to judge, its grid in flat form --
 * height, width and one signed byte a cell, at most 30 x 30.  An output
 * that has no flat form (not a tuple of equal-length tuples of ints in
 * -128..127, or bigger than 30 x 30, or empty) is judged by the validator
 * itself, as with no differ workers; so is every output when there are
 * none.  The memory is MAP_SHARED, made before the fork (farm.c).
 */
#ifndef BATTFARM_OUTPUTS_H
#define BATTFARM_OUTPUTS_H

#include <stdbool.h>
#include <stdint.h>

#include "battfarm/value.h"

#define BF_OUT_SIDE 30
#define BF_OUT_CELLS (BF_OUT_SIDE * BF_OUT_SIDE)

typedef enum bf_out_state {
	BF_OUT_NOT_RUN = 0, /* the sample was not run (the candidate gave up) */
	BF_OUT_PLAIN,       /* ran; no verdict needed (no output, or no expected one) */
	BF_OUT_JUDGED,      /* the validator judged it (no flat form): mean is known */
	BF_OUT_PENDING,     /* its flat grid waits for the differs */
	BF_OUT_EXACT,       /* equals the expected output: the differs judge that */
} bf_out_state;

/* One (candidate, sample).  mean: the mean of the differs' verdicts on it,
 * set by the validator (JUDGED) or the differ worker (PENDING, EXACT). */
typedef struct bf_out_rec {
	uint8_t state;  /* bf_out_state */
	uint8_t status; /* bf_status of the candidate on the sample */
	uint8_t exact;  /* its output equals the expected one */
	uint8_t h, w;   /* PENDING: the grid's shape */
	int32_t mean;
	uint64_t work;
	int64_t wall_ns;
} bf_out_rec;

/* A task's records and cells: ncands x ns of each, (c, k) at c * ns + k. */
typedef struct bf_task_outs {
	bf_out_rec *rec;
	int8_t *cells; /* BF_OUT_CELLS per record */
	int ns;        /* the stride: samples per candidate */
} bf_task_outs;

static inline bf_out_rec *bf_outs_rec(const bf_task_outs *o, int c, int k)
{
	return &o->rec[(size_t)c * (size_t)o->ns + (size_t)k];
}

static inline int8_t *bf_outs_cells(const bf_task_outs *o, int c, int k)
{
	return o->cells + ((size_t)c * (size_t)o->ns + (size_t)k) * BF_OUT_CELLS;
}

/* Put grid v into cells in flat form: true with *h, *w set, false when v
 * has none (the record is then judged where it was made). */
bool bf_out_flatten(bf_val v, int8_t *cells, uint8_t *h, uint8_t *w);
/* The grid of a flat record, built in ctx's arena. */
bf_val bf_out_unflatten(bf_ctx *ctx, const int8_t *cells, int h, int w);

#endif

/*
 * outputs.h -- the output arena: how a validator hands the outputs that
 * need a differ's verdict to a differ worker (DESIGN.md, "Processes").
 *
 * Per (candidate, sample) of a task in progress there is one record, at a
 * fixed place, so the ranges of one task are written by several validators
 * with no coordination: what the sample gave (status, exact, its work) and,
 * for an output the differs are still to judge, where its grid lies in flat
 * form -- height and width, one signed byte a cell -- in the area's cell
 * region, which validators take from with one atomic add (the supervisor
 * empties it when the area passes to another task).  An output that has no
 * flat form (not a tuple of equal-length tuples of ints in -128..127, or
 * more than BF_OUT_MAX_CELLS cells), or finds the region full, is judged by
 * the validator itself, as with no differ workers; so is every output when
 * there are none.  The memory is MAP_SHARED, made before the fork (farm.c).
 */
#ifndef BATTFARM_OUTPUTS_H
#define BATTFARM_OUTPUTS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "battfarm/value.h"

/* The largest grid put in flat form, and the room of a task's cell region
 * per record (grids are 30 x 30 at most in ARC; a wrong output can be
 * larger, and most are smaller). */
#define BF_OUT_MAX_SIDE 65535
#define BF_OUT_MAX_CELLS (256 * 256)
#define BF_OUT_ROOM 1024

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
	uint8_t pad_;
	uint16_t h, w;  /* PENDING: the grid's shape */
	uint32_t off;   /* PENDING: where its cells start in the cell region */
	int32_t mean;
	uint64_t work;
	int64_t wall_ns;
} bf_out_rec;

/* A task's records, ncands x ns, (c, k) at c * ns + k, and its cell
 * region: cap bytes, of which *used are taken. */
typedef struct bf_task_outs {
	bf_out_rec *rec;
	int8_t *cells;
	_Atomic uint64_t *used;
	uint64_t cap;
	int ns;        /* the stride: samples per candidate */
} bf_task_outs;

static inline bf_out_rec *bf_outs_rec(const bf_task_outs *o, int c, int k)
{
	return &o->rec[(size_t)c * (size_t)o->ns + (size_t)k];
}

/* Put grid v into the region in flat form, its shape and place into rec:
 * true, or false when v has none or the region is full (the record is
 * then judged where it was made). */
bool bf_out_flatten(bf_val v, const bf_task_outs *o, bf_out_rec *rec);
/* The grid of a flat record, built in ctx's arena. */
bf_val bf_out_unflatten(bf_ctx *ctx, const bf_task_outs *o, const bf_out_rec *rec);

#endif

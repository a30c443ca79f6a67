/*
 * cost.h -- what a work unit is worth: the calibrated charges.
 *
 * Primitives count raw elements as they touch them (bf_work: set inserts
 * and probes, cells read and written, tuples built).  A call of primitive
 * p costs base(p) units, each raw element it counts rate(p) units, and
 * each 16 KiB it allocates one unit (bf_alloc, BF_BYTES_PER_UNIT), so that one unit is about one microsecond of CPython 3.11
 * running arc-dsl's definition of p.  The constants are fitted by
 * tools/calibrate.py and kept in one table, cost_table.c.
 *
 * Callers: func.c switches the rate around each primitive call; eval_ctx.c
 * starts an evaluation at the rate outside any primitive; `eval --raw-units`
 * and `--prim-trace` give calibrate.py what it fits.
 */
#ifndef BATTFARM_COST_H
#define BATTFARM_COST_H

#include <stdbool.h>
#include <stdint.h>

#include "battfarm/ctx.h"
#include "battfarm/func.h"

/* One primitive's charges, in 1/BF_WORK_ONE units. */
typedef struct bf_cost {
	const char *name;
	uint32_t base; /* per call */
	uint32_t rate; /* per raw element counted inside it */
} bf_cost;

/* The fitted table (cost_table.c), sorted by name, and the rate of the work
 * done outside any primitive (the evaluator's own calls and constants). */
extern const bf_cost bf_cost_table[];
extern const int bf_cost_table_len;
extern const uint32_t bf_cost_outside;

/* The table's row for a primitive name, NULL when it has none. */
const bf_cost *bf_cost_find(const char *name);
/* Whether bf_cost_use_raw() was called. */
bool bf_cost_is_raw(void);
uint32_t bf_cost_outside_rate(void);

/* Count raw elements instead: every rate BF_WORK_ONE, every base 0 (the
 * work units before calibration; what calibrate.py fits against).  Call
 * before any evaluation. */
void bf_cost_use_raw(void);

/* A record of each primitive call's own units (its charges less those of
 * the primitive calls it made), in the order calls return. */
typedef struct bf_prim_trace_rec {
	const char *name;
	uint64_t spent; /* 1/BF_WORK_ONE units, its allocation included */
	uint64_t bytes; /* arena bytes it allocated */
} bf_prim_trace_rec;

struct bf_prim_trace {
	bf_prim_trace_rec *rec;
	int64_t n, cap;
	uint64_t children;       /* units of the calls made by the running one */
	uint64_t children_bytes; /* and their bytes */
	bool overflow;     /* ran out of memory: the record is incomplete */
};

void bf_prim_trace_reset(bf_prim_trace *t);
void bf_prim_trace_release(bf_prim_trace *t);
/* Call p on args with its charges, recording its own units in ctx->trace
 * when there is one (the untraced path is inline in src/dsl/cost_call.h,
 * for func.c). */
bf_val bf_cost_call_full(bf_ctx *ctx, const bf_prim *p, const bf_val *args);

#endif

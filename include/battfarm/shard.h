/*
 * shard.h -- `run --shard K/N`: which part of a job's tasks one run takes.
 *
 * N runs with --shard 1/N .. N/N take every task exactly once, and each
 * run computes the same partition from the same task set, so the parts
 * can run on different machines and be merged (battfarm merge).  Without
 * costs, tasks are dealt round-robin in the order of a stable hash of
 * their ids (equal counts, no run-to-run drift); with recorded costs (a
 * file `run --costs` wrote: work units per task and candidate) each task
 * goes, costliest first, to the part with the least work so far.
 */
#ifndef BATTFARM_SHARD_H
#define BATTFARM_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bf_shard {
	int k, n; /* part k of n, 1 <= k <= n */
} bf_shard;

/* Parse "K/N" (1 <= K <= N <= 100000).  -1 with a message on a bad form. */
int bf_shard_parse(const char *s, bf_shard *out, char *err, size_t errlen);

/* part[i] (0-based) for each of the n task ids: the partition into
 * nparts.  cost may be NULL (hash order); otherwise cost[i] is task i's
 * recorded work when known[i], and a task without a record counts as the
 * mean of the recorded ones. */
void bf_shard_assign(const char *const *ids, const uint64_t *cost, const bool *known, int n,
		     int nparts, int *part);

struct bf_job;
/* Keep only the job's tasks of part sh (after -i, -s and -c selection),
 * with bf_shard_assign's costs (indexed like the job's tasks; may be
 * NULL); returns how many were dropped. */
int bf_job_take_shard(struct bf_job *job, const bf_shard *sh, const uint64_t *cost,
		      const bool *known);

#endif

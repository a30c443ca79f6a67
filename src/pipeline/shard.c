/*
 * shard.c -- the partition of a task set into --shard parts (see shard.h).
 *
 * Every run of a sharded job computes the whole partition and keeps its
 * own part, so the parts agree without talking to each other: the
 * partition depends only on the task ids (and the cost file, when one is
 * given), never on the machine or the order of loading.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/inline.h"
#include "battfarm/pipeline.h"
#include "battfarm/shard.h"
#include "battfarm/util.h"

#define MAX_PARTS 100000

static bool parse_int(const char *s, size_t len, long *out)
{
	if (len == 0 || len > 9)
		return false;
	long v = 0;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

int bf_shard_parse(const char *s, bf_shard *out, char *err, size_t errlen)
{
	const char *slash = strchr(s, '/');
	long k, n;
	if (!slash || !parse_int(s, (size_t)(slash - s), &k) ||
	    !parse_int(slash + 1, strlen(slash + 1), &n)) {
		snprintf(err, errlen, "--shard takes K/N (part K of N, e.g. 2/4), not '%s'", s);
		return -1;
	}
	if (n < 1 || n > MAX_PARTS || k < 1 || k > n) {
		snprintf(err, errlen, "--shard %s: K must be 1 to N and N 1 to %d", s, MAX_PARTS);
		return -1;
	}
	out->k = (int)k;
	out->n = (int)n;
	return 0;
}

/* ---- the partition ---- */

typedef struct ranked {
	char hash[33]; /* md5 of the id */
	const char *id;
	uint64_t cost;
	int index;
} ranked;

/* Costliest first; equal costs (and no costs) in hash order, then by id
 * (two ids never share a hash in practice, but the order must be total). */
static int by_cost_then_hash(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->cost != y->cost)
		return x->cost > y->cost ? -1 : 1;
	int c = strcmp(x->hash, y->hash);
	return c ? c : strcmp(x->id, y->id);
}

/* Each task's cost: recorded, or the mean of the recorded ones. */
static void fill_costs(ranked *r, int n, const uint64_t *cost, const bool *known)
{
	uint64_t sum = 0;
	int nknown = 0;
	for (int i = 0; i < n; i++)
		if (known[i]) {
			sum += cost[i];
			nknown++;
		}
	uint64_t mean = nknown ? sum / (uint64_t)nknown : 1;
	for (int i = 0; i < n; i++)
		r[i].cost = known[i] ? cost[i] : mean;
}

void bf_shard_assign(const char *const *ids, const uint64_t *cost, const bool *known, int n,
		     int nparts, int *part)
{
	ranked *r = bf_xmalloc(sizeof(ranked) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		bf_md5_hex(ids[i], strlen(ids[i]), r[i].hash);
		r[i].id = ids[i];
		r[i].cost = 0;
		r[i].index = i;
	}
	if (cost)
		fill_costs(r, n, cost, known);
	qsort(r, (size_t)n, sizeof(ranked), by_cost_then_hash);
	if (!cost) {
		for (int i = 0; i < n; i++)
			part[r[i].index] = i % nparts;
		free(r);
		return;
	}
	/* longest processing time first: each task to the least loaded part
	 * (the lowest-numbered among equals) */
	uint64_t *load = calloc((size_t)nparts, sizeof(uint64_t));
	for (int i = 0; i < n; i++) {
		int best = 0;
		for (int p = 1; p < nparts; p++)
			if (load[p] < load[best])
				best = p;
		load[best] += r[i].cost;
		part[r[i].index] = best;
	}
	free(load);
	free(r);
}

int bf_job_take_shard(bf_job *job, const bf_shard *sh, const uint64_t *cost, const bool *known)
{
	int n = job->tasks.n;
	const char **ids = bf_xmalloc(sizeof(char *) * (size_t)(n ? n : 1));
	int *part = bf_xmalloc(sizeof(int) * (size_t)(n ? n : 1));
	bool *keep = bf_xmalloc(sizeof(bool) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		ids[i] = job->tasks.tasks[i].id;
	bf_shard_assign(ids, cost, known, n, sh->n, part);
	for (int i = 0; i < n; i++)
		keep[i] = part[i] == sh->k - 1;
	int dropped = bf_taskset_keep(&job->tasks, keep);
	free(ids);
	free(part);
	free(keep);
	return dropped;
}

/*
 * costs.h -- the costs file of `battfarm run --costs FILE`: what each
 * (task, candidate) cost, read back by `battfarm simulate` (and by the
 * scheduler's tests).
 *
 * Text, one line per (task, candidate), four fields separated by tabs:
 * task id, candidate md5 (of its inlined text), work units, seconds (the
 * CPU time of its check and differ evaluation: load does not inflate it).
 * Lines starting with '#' are comments; the file may be gzip-compressed.
 */
#ifndef BATTFARM_COSTS_H
#define BATTFARM_COSTS_H

#include <stdint.h>
#include <stdio.h>

#include "battfarm/pipeline.h"

#define BF_COSTS_HEADER "# battfarm costs: task\tcandidate_md5\twork_units\tseconds\n"

/* A costs file as a dense matrix: tasks and candidates in the order they
 * first appear; a pair the file does not name costs 0. */
typedef struct bf_costs {
	int ntasks, ncands;
	char **tasks;          /* ids */
	char (*cands)[33];     /* md5s */
	double *seconds;       /* [t * ncands + c] */
	uint64_t *units;       /* [t * ncands + c] */
	int npairs;            /* lines read */
} bf_costs;

/* Read path into c; 0, or -1 with "path:line: what is wrong" in err. */
int bf_costs_read(bf_costs *c, const char *path, char *err, size_t errlen);
void bf_costs_release(bf_costs *c);

/* One line of a costs file. */
void bf_costs_write_line(FILE *f, const char *task, const char *md5, uint64_t units,
			 double seconds);
/* A plan's costs for job from a previous run's: [t * ncands + c] the
 * recorded seconds of (task t, candidate c); a pair not recorded costs the
 * mean of its task's recorded pairs (of all pairs, for a task not
 * recorded).  Caller frees. */
double *bf_costs_for_job(const bf_costs *c, const bf_job *job);

/* Before any candidate has run, what one is guessed to cost on task: the
 * cells of the task's inputs, summed over its samples (any unit: the
 * scheduler only compares costs). */
double bf_costs_estimate(const bf_task *task);

/* The lines of task t: each candidate's work units and evaluation time. */
void bf_costs_write_task(FILE *f, const bf_job *job, int t, const bf_cand_result *res);

#endif

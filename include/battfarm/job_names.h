/*
 * job_names.h -- a run's contribution to the store's names index
 * (battfarm/names.h): source names of every loaded program by md5, sample
 * counts of every task of the job.
 */
#ifndef BATTFARM_JOB_NAMES_H
#define BATTFARM_JOB_NAMES_H

#include <stdbool.h>
#include <stdio.h>

#include "battfarm/names.h"
#include "battfarm/pipeline.h"

void bf_job_names(const bf_job *job, json_t *idx);
/* Load the index of job's store, add the job, save it.  -1 with a message. */
int bf_job_save_names(const bf_job *job, char *err, size_t errlen);
/* Whether the store holds a program exact on every sample of task t. */
bool bf_job_task_exact(const bf_job *job, int t);
/* "; N unsolved: a, b, ..." naming the first shown ones (nothing when all
 * are solved), for the end of run's summary line. */
void bf_job_print_unsolved(FILE *f, const bf_job *job, int shown);

#endif

/*
 * predict.h -- the ARC Prize submission of `run --predict` (predict.c).
 */
#ifndef BATTFARM_PREDICT_H
#define BATTFARM_PREDICT_H

#include <jansson.h>

#include "battfarm/pipeline.h"

/* {task: [{"attempt_1": grid, "attempt_2": grid}, ...]} for the first
 * ntasks tasks of job, from the kept solvers in job's store. */
json_t *bf_predict_json(const bf_job *job, int ntasks);

#endif

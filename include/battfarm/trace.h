/*
 * trace.h -- the run's timeline, recorded by the supervisor (trace.c):
 * spans per job and phase on one track per process, for `run --trace`
 * (Chrome Trace Event JSON) and `run --html`.
 */
#ifndef BATTFARM_TRACE_H
#define BATTFARM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "battfarm/pipeline.h"
#include "battfarm/prof.h"

/* What a job was: a task index (-1: a supervisor span) and a kind's name
 * ("check", "file", NULL for a whole task), with its candidate range. */
typedef struct bf_trace_job_info {
	int task;
	const char *name; /* static */
	int lo, hi;
} bf_trace_job_info;

typedef struct bf_trace_span {
	int track;
	bf_trace_job_info info;
	int64_t t0, t1;
	int64_t ns[BF_M_COUNT]; /* what the track's slot gained during the job */
} bf_trace_span;

typedef struct bf_trace_track {
	bool used;
	int32_t pid, role;
	bf_prof_slot last; /* the slot as the previous job left it */
} bf_trace_track;

typedef struct bf_trace {
	int64_t origin; /* the run's start: time 0 of the trace */
	bf_trace_span *spans;
	int n, cap;
	bf_trace_track *tracks; /* 0: the supervisor; 1...: workers' slots + 1 */
	int ntracks;
} bf_trace;

void bf_trace_init(bf_trace *tr, int64_t origin_ns);
void bf_trace_release(bf_trace *tr);
/* Job done on track t from t0 to t1; now is the track's slot after it.
 * tr may be NULL (no trace asked for). */
void bf_trace_job(bf_trace *tr, int t, const bf_prof_slot *now, const bf_trace_job_info *job,
		  int64_t t0, int64_t t1);
/* A span of the supervisor's own (load, prepare). */
void bf_trace_supervisor(bf_trace *tr, int32_t pid, const char *name, int64_t t0, int64_t t1);
/* "validator 2 (pid 1234)" */
const char *bf_trace_track_name(const bf_trace *tr, int t, char *buf, size_t len);
/* The Chrome Trace Event document. */
json_t *bf_trace_json(const bf_trace *tr, const bf_job *job);

#endif

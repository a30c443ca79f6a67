/*
 * trace.c -- the run's timeline: one track per process (the supervisor,
 * then each worker as started), a span per job and, inside it, a span per
 * phase.  Written as a Chrome Trace Event file (`run --trace`, opened by
 * Perfetto and chrome://tracing) and drawn by the HTML report.
 *
 * Only the supervisor records: a job's span runs from when it was handed
 * out to when its answer came back, and its phases are what the worker's
 * slot gained in the meantime (each slot does one job at a time, so the
 * gain since its previous job is this job's).  The phases are measured
 * durations laid end to end from the job's start in pipeline order: where
 * inside the job each one fell is not recorded (check and differ
 * evaluation interleave, candidate by candidate), how long it took is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/trace.h"
#include "battfarm/util.h"

/* The top-level metrics a job's work falls in, in pipeline order. */
static const bf_metric job_phases[] = {
	BF_M_CHECK_BATT,	 BF_M_DIFFER_EVAL,	   BF_M_PHASE3A_VALIDATE,
	BF_M_PHASE3B_ENSURE_DIR, BF_M_PHASE3B_CHECK_SAVE,  BF_M_PHASE3B_SYMLINK,
	BF_M_PHASE3B_SCORE_CALC, BF_M_GENERATE_EXPANDED,   BF_M_PHASE3B_OVERHEAD,
	BF_M_PHASE4_DIFFERS,
};
#define NJOB_PHASES ((int)(sizeof(job_phases) / sizeof(job_phases[0])))

void bf_trace_init(bf_trace *tr, int64_t origin_ns)
{
	memset(tr, 0, sizeof(*tr));
	tr->origin = origin_ns;
}

void bf_trace_release(bf_trace *tr)
{
	free(tr->spans);
	free(tr->tracks);
	memset(tr, 0, sizeof(*tr));
}

/* Track t's state, the table grown as needed. */
static bf_trace_track *track(bf_trace *tr, int t)
{
	if (t >= tr->ntracks) {
		int n = t + 8;
		tr->tracks = bf_xrealloc(tr->tracks, sizeof(bf_trace_track) * (size_t)n);
		memset(tr->tracks + tr->ntracks, 0, sizeof(bf_trace_track) * (size_t)(n - tr->ntracks));
		tr->ntracks = n;
	}
	return &tr->tracks[t];
}

static bf_trace_span *new_span(bf_trace *tr)
{
	if (tr->n == tr->cap) {
		tr->cap = tr->cap ? tr->cap * 2 : 256;
		tr->spans = bf_xrealloc(tr->spans, sizeof(bf_trace_span) * (size_t)tr->cap);
	}
	bf_trace_span *s = &tr->spans[tr->n++];
	memset(s, 0, sizeof(*s));
	return s;
}

void bf_trace_job(bf_trace *tr, int t, const bf_prof_slot *now, const bf_trace_job_info *job,
		  int64_t t0, int64_t t1)
{
	if (!tr)
		return;
	bf_trace_track *k = track(tr, t);
	k->used = true;
	k->pid = now->pid;
	k->role = now->role;
	bf_trace_span *s = new_span(tr);
	s->track = t;
	s->info = *job;
	s->t0 = t0;
	s->t1 = t1;
	for (int m = 0; m < BF_M_COUNT; m++)
		s->ns[m] = now->ns[m] - k->last.ns[m];
	k->last = *now;
}

void bf_trace_supervisor(bf_trace *tr, int32_t pid, const char *name, int64_t t0, int64_t t1)
{
	if (!tr)
		return;
	bf_trace_track *k = track(tr, 0);
	k->used = true;
	k->pid = pid;
	k->role = BF_ROLE_SUPERVISOR;
	bf_trace_span *s = new_span(tr);
	s->track = 0;
	s->info.name = name;
	s->info.task = -1;
	s->t0 = t0;
	s->t1 = t1;
}

/* Microseconds since the run began: the trace format's unit. */
static json_t *usec(const bf_trace *tr, int64_t ns)
{
	return json_real((double)(ns - tr->origin) / 1e3);
}

static json_t *event(const bf_trace *tr, const char *name, const char *cat, int t, int64_t t0,
		     int64_t t1)
{
	json_t *e = json_object();
	json_object_set_new(e, "name", json_string(name));
	json_object_set_new(e, "cat", json_string(cat));
	json_object_set_new(e, "ph", json_string("X"));
	json_object_set_new(e, "ts", usec(tr, t0));
	json_object_set_new(e, "dur", json_real((double)(t1 - t0) / 1e3));
	json_object_set_new(e, "pid", json_integer(1));
	json_object_set_new(e, "tid", json_integer(t));
	return e;
}

const char *bf_trace_track_name(const bf_trace *tr, int t, char *buf, size_t len)
{
	const bf_trace_track *k = &tr->tracks[t];
	if (t == 0)
		snprintf(buf, len, "supervisor (pid %d)", k->pid);
	else { /* named as in ps: validators and differ workers count apart */
		int nth = 0;
		for (int u = 1; u <= t; u++)
			nth += tr->tracks[u].used && tr->tracks[u].role == k->role;
		snprintf(buf, len, "%s %d (pid %d)", bf_role_name((bf_role)k->role), nth, k->pid);
	}
	return buf;
}

/* A job's span and its phases' spans, appended to events. */
static void job_events(const bf_trace *tr, const bf_job *job, const bf_trace_span *s,
		       json_t *events)
{
	const char *id = s->info.task >= 0 ? job->tasks.tasks[s->info.task].id : s->info.name;
	char name[160];
	snprintf(name, sizeof(name), "%s%s%s", id, s->info.task >= 0 && s->info.name ? " " : "",
		 s->info.task >= 0 && s->info.name ? s->info.name : "");
	json_t *e = event(tr, name, s->info.task >= 0 ? "job" : "supervisor", s->track, s->t0, s->t1);
	if (s->info.task >= 0) {
		char range[48];
		snprintf(range, sizeof(range), "%d-%d", s->info.lo, s->info.hi);
		json_t *args = json_object();
		json_object_set_new(args, "task", json_string(id));
		json_object_set_new(args, "candidates", json_string(range));
		json_object_set_new(e, "args", args);
	}
	json_array_append_new(events, e);
	int64_t at = s->t0;
	for (int i = 0; i < NJOB_PHASES && s->info.task >= 0; i++) {
		int64_t d = s->ns[job_phases[i]];
		if (d <= 0)
			continue;
		int64_t end = at + d < s->t1 ? at + d : s->t1;
		snprintf(name, sizeof(name), "%s %s", id, bf_metric_name(job_phases[i]));
		json_array_append_new(events, event(tr, name, "phase", s->track, at, end));
		at = end;
	}
}

json_t *bf_trace_json(const bf_trace *tr, const bf_job *job)
{
	json_t *events = json_array();
	for (int t = 0; t < tr->ntracks; t++) {
		if (!tr->tracks[t].used)
			continue;
		char name[96];
		json_t *m = json_object();
		json_object_set_new(m, "name", json_string("thread_name"));
		json_object_set_new(m, "ph", json_string("M"));
		json_object_set_new(m, "pid", json_integer(1));
		json_object_set_new(m, "tid", json_integer(t));
		json_t *args = json_object();
		json_object_set_new(args, "name", json_string(bf_trace_track_name(tr, t, name,
										  sizeof(name))));
		json_object_set_new(m, "args", args);
		json_array_append_new(events, m);
	}
	for (int i = 0; i < tr->n; i++)
		job_events(tr, job, &tr->spans[i], events);
	json_t *doc = json_object();
	json_object_set_new(doc, "traceEvents", events);
	json_object_set_new(doc, "displayTimeUnit", json_string("ms"));
	return doc;
}

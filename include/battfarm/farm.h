/*
 * farm.h -- the supervisor and its workers (DESIGN.md, "Processes").
 *
 * The supervisor prepares the job (load, phases 1-2), maps the timing
 * slots and the result areas, then forks validator workers connected by
 * two pipes each.  The scheduler (src/farm/sched.h) decides the jobs: a
 * task for a worker to run every phase of, or -- for a task costlier than
 * a fair share of the run -- ranges of its candidates, checked by any
 * workers into the task's shared area, then filed from it by one worker.
 * Only one worker files a task, so no two processes write one task
 * directory; md5 files are written by temp file + rename, so concurrent
 * writers of one md5 are harmless.
 */
#ifndef BATTFARM_FARM_H
#define BATTFARM_FARM_H

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "battfarm/outputs.h"
#include "battfarm/pipeline.h"
#include "battfarm/prof.h"
#include "battfarm/progress.h"

typedef enum bf_slot_state {
	BF_SLOT_FREE,
	BF_SLOT_IDLE,
	BF_SLOT_BUSY,
	BF_SLOT_EXITED,
	BF_SLOT_DIED,
} bf_slot_state;

/* One worker's slot in the shared mapping.  Only the worker writes it,
 * bumping seq to odd before and to even after each update; a reader copies
 * and retries until seq was even and unchanged (bf_slot_snapshot). */
typedef struct bf_slot {
	_Atomic uint64_t seq;
	int32_t state;       /* bf_slot_state */
	int32_t task;        /* task in hand, -1 none */
	_Atomic int64_t heartbeat_ns; /* CLOCK_MONOTONIC, refreshed while evaluating;
				       * written alone, atomically, outside seq */
	bf_prof_slot prof;
} bf_slot;

/* Size of the mapping for n slots (one function computes it). */
size_t bf_slots_size(int n);
/* The shared anonymous mapping, zeroed; NULL on failure. */
bf_slot *bf_slots_map(int n);
void bf_slots_unmap(bf_slot *slots, int n);
void bf_slot_begin_write(bf_slot *s);
void bf_slot_end_write(bf_slot *s);
/* A consistent copy of s: 0, or -1 when s stayed mid-update for a
 * bounded number of tries (its writer may have died between the halves:
 * a reader never spins without bound; *out is then untouched). */
int bf_slot_snapshot(const bf_slot *s, bf_slot *out);
/* Zero the slot of a dead worker for its successor (the supervisor only). */
void bf_slot_reclaim(bf_slot *s);

/* The exit status by which a worker says "I cannot work, and no
 * replacement could" (the store will not open): the supervisor starts no
 * more workers and fails the run (nginx's idea). */
#define BF_EXIT_FATAL 3

struct bf_split_area;

/* What a worker process is given: the job (inherited copy-on-write), its
 * slot, the shared results, its name (validator or differ <index>), and
 * its pipes. */
typedef struct bf_worker_args {
	const bf_job *job;
	bf_slot *slot;
	const struct bf_split_area *split;
	int index;
	int fd_in, fd_out;
} bf_worker_args;

/* A worker's main, run in the child right after fork; it ends the process
 * itself (_exit), and returning ends it with status 0. */
typedef void (*bf_worker_fn)(const bf_worker_args *a);

typedef struct bf_farm_opts {
	int validators;  /* -j */
	int differs;     /* --differ-workers: 0 keeps the differs in the validators */
	double stall;    /* seconds a busy, runnable worker may go without CPU
			    time or heartbeat before it is killed; 0 = three
			    candidate time limits and 2 s */
	bf_worker_fn worker; /* NULL: bf_validator_main (tests pass a fake) */
	bf_worker_fn differ; /* NULL: bf_differ_main (tests pass a fake) */
	FILE *costs;     /* --costs: each filed task's candidates' costs, or NULL */
	const struct bf_costs *prior; /* --costs-from: a previous run's costs to
					 plan from; NULL: estimated */
	bf_progress *progress; /* the supervisor's progress display, or NULL */
	/* called in the supervisor once a task's filing is complete (all its
	 * phases in the store, no store error); may be NULL */
	void (*task_filed)(void *arg, int task);
	void *arg;
	struct bf_trace *trace; /* --trace/--html: the timeline to record, or NULL */
} bf_farm_opts;

/* What a farm run leaves: the summed stats of every job, the last
 * consistent timings of every worker that ran (dead ones too; caller
 * frees), how many tasks are over (filed, or given up), and whether the
 * run failed for good (a worker's fatal exit, or workers that keep dying
 * before they do any work: the message is printed). */
typedef struct bf_farm_result {
	bf_stats stats;
	bf_prof_slot *workers;
	int nworkers;
	int done;
	int failed;  /* of those, tasks given up (their workers kept dying) */
	bool fatal;
	int deaths;  /* workers that died (any cause) */
} bf_farm_result;

/* Run job's tasks on the workers, filing into job->opts.out.  *stop, set
 * by a signal handler: 1 hands out no more jobs and lets those in hand
 * finish; 2 also cuts the candidates in hand at once.  0, or -1 when the
 * farm could not start. */
int bf_farm_run(const bf_job *job, const bf_farm_opts *fo, volatile sig_atomic_t *stop,
		bf_farm_result *out);

/* Where workers put the results of the tasks in progress: nareas areas,
 * one per task in progress (the scheduler hands them out), in MAP_SHARED
 * arrays made before the fork, so the ranges of one task can be checked
 * by several workers and filed by another. */
typedef struct bf_split_area {
	bf_cand_result *res; /* nareas * ncands */
	int64_t *sscore;     /* nareas * ncands * ndiffs */
	int nareas;
	/* with differ workers, the output arena (outputs.h): per area ncands x
	 * maxns records, a cell region of cells_cap bytes and its fill
	 * (emptied by the supervisor when the area passes to another task);
	 * NULL without */
	bf_out_rec *rec;
	int8_t *cells;
	_Atomic uint64_t *used;
	uint64_t cells_cap;
	int maxns;           /* the most samples of any task */
} bf_split_area;

/* Area a's results: ncands of them, and ncands * ndiffs differ scores. */
static inline bf_cand_result *bf_area_res(const bf_split_area *s, const bf_job *job, int a)
{
	return s->res + (size_t)a * (size_t)job->ncands;
}

static inline int64_t *bf_area_sscore(const bf_split_area *s, const bf_job *job, int a)
{
	return s->sscore + (size_t)a * (size_t)job->ncands * (size_t)job->ndiffs;
}

/* Area a's output records, or none (rec NULL) without differ workers. */
static inline bf_task_outs bf_area_outs(const bf_split_area *s, const bf_job *job, int a)
{
	size_t per = (size_t)job->ncands * (size_t)s->maxns;
	bf_task_outs o = {NULL, NULL, NULL, s->cells_cap, s->maxns};
	if (s->rec) {
		o.rec = s->rec + (size_t)a * per;
		o.cells = s->cells + (size_t)a * s->cells_cap;
		o.used = &s->used[a];
	}
	return o;
}

/* The differ worker (workers/differ.c): DIFF jobs (bf_task_judge) from
 * a->fd_in, answers on a->fd_out; never returns. */
_Noreturn void bf_differ_main(const bf_worker_args *a);

/* The validator (workers/validator.c): jobs from a->fd_in, answers on
 * a->fd_out, timings into a->slot; never returns. */
_Noreturn void bf_validator_main(const bf_worker_args *a);

#endif

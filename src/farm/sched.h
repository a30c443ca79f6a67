/*
 * sched.h -- the farm's scheduler: which piece of work a free worker runs
 * next (DESIGN.md, "Scheduler").
 *
 * A job is a task and a range of its candidates.  The scheduler is given
 * a cost per (task, candidate) -- recorded by a previous run's --costs file
 * or estimated -- and plans once: a task cheaper than the target job size
 * is one WHOLE job (check and file in one go); a costlier one is cut into
 * RANGE jobs of about the target size, and once all of them are in, one
 * FILE job files it.  The target is the total cost over (workers x grain),
 * so no job is more than a small fraction of the run and the tail is
 * short (one worker has no tail: it gets whole tasks only).  Jobs go out costliest first; a ready FILE job goes before any
 * other, so no worker waits on a barrier and results do not pile up.
 *
 * Every task in progress holds one of a fixed number of result areas
 * (the caller's shared memory for its candidates' results) from its first
 * job to its last; a task is started only when an area is free.
 *
 * The module is pure: no I/O, no clock, no processes.  The farm drives it
 * with real workers and measured seconds; `battfarm simulate` drives the
 * same code on a virtual clock (sched_sim.c).
 */
#ifndef BATTFARM_SCHED_H
#define BATTFARM_SCHED_H

#include <stdbool.h>

typedef enum bf_sched_kind {
	BF_SCHED_WHOLE = 0, /* check candidates [lo, hi) = all, then file the task */
	BF_SCHED_RANGE = 1, /* check candidates [lo, hi) into the task's area */
	BF_SCHED_FILE = 2,  /* file the task from its area: every range is in */
	BF_SCHED_DIFF = 3,  /* with differ workers: judge the task's outputs and file
			       phase 4, between its last range and its FILE job
			       (a validator with nothing else to do takes it too) */
} bf_sched_kind;

/* A job as handed out.  attempts and kills are the caller's to count (how
 * many workers the job brought down, how many were killed from outside
 * while holding it); the scheduler keeps them with the job across a retry. */
typedef struct bf_sched_job {
	int id;      /* the scheduler's handle */
	int task;
	int kind;    /* bf_sched_kind */
	int lo, hi;  /* candidate range; FILE: the whole task */
	int area;    /* the result area the task holds */
	double cost; /* planned cost (the sum of its candidates' costs) */
	int attempts, kills;
} bf_sched_job;

typedef struct bf_sched_opts {
	int workers; /* >= 1 */
	int areas;   /* tasks in progress at once; 0: BF_SCHED_AREAS(workers) */
	double grain;/* jobs per worker the run is cut into; 0: BF_SCHED_GRAIN */
	int differs; /* differ workers (ids workers .. workers + differs - 1); with
			any, no task is WHOLE: each is ranges, DIFF, then FILE */
} bf_sched_opts;

/* Tasks in progress at once, by default: each worker's, the ones whose
 * filing waits, and one being started. */
#define BF_SCHED_AREAS(workers) (2 * (workers) + 1)

/* Jobs per worker: the smaller, the fewer FILE round trips; the larger, the
 * shorter the tail.  Chosen with `battfarm simulate` (README, "Scheduler"). */
#define BF_SCHED_GRAIN 8.0

typedef struct bf_sched bf_sched;

/* Plan the jobs of ntasks x ncands candidates; cost[t * ncands + c] is the
 * cost of candidate c on task t (any unit, >= 0; copied). */
bf_sched *bf_sched_new(int ntasks, int ncands, const double *cost, const bf_sched_opts *o);
void bf_sched_free(bf_sched *s);

/* The next job for validator w (which holds none): 1 with *job set; 0
 * when nothing can start until a job in hand is done; -1 when every task
 * is over.  With nothing else to do, a validator gets a DIFF job. */
int bf_sched_next(bf_sched *s, int w, bf_sched_job *job);
/* The same once the dispatch is stopped (a first SIGINT): only the jobs
 * that finish a task whose checks are all in -- its DIFF and FILE jobs,
 * run again when a worker died holding them -- so that a task in hand is
 * filed; nothing new is started. */
int bf_sched_next_stage(bf_sched *s, int w, bf_sched_job *job);
/* The next DIFF job for differ worker w, the same way. */
int bf_sched_next_diff(bf_sched *s, int w, bf_sched_job *job);
/* What a job's end did to its task. */
typedef enum bf_sched_end {
	BF_SCHED_OPEN = 0, /* the task goes on */
	BF_SCHED_FILED,    /* the task is filed: its area's results are complete */
	BF_SCHED_LOST,     /* the task is over, given up */
} bf_sched_end;

/* Worker w finished job in `cost` (its measured cost, for the accounting).
 * The area stays the task's until the next call into the scheduler. */
bf_sched_end bf_sched_done(bf_sched *s, int w, const bf_sched_job *job, double cost);
/* Worker w lost job (it died): the job is run again before anything else,
 * with job->attempts and job->kills kept. */
void bf_sched_retry(bf_sched *s, int w, const bf_sched_job *job);
/* Worker w's job is given up for good: its task is over, not filed (once
 * the task's other ranges in hand are back). */
bf_sched_end bf_sched_drop(bf_sched *s, int w, const bf_sched_job *job);

typedef struct bf_sched_stats {
	int tasks, over, failed; /* tasks: all, ended, of those given up */
	int jobs;                /* planned: WHOLE + RANGE + FILE */
	int split;               /* tasks cut into ranges */
	double target;           /* the planned job size */
	double total;            /* the planned cost of every job */
} bf_sched_stats;

void bf_sched_get_stats(const bf_sched *s, bf_sched_stats *st);
/* Measured cost reported by bf_sched_done for worker w so far. */
double bf_sched_busy(const bf_sched *s, int w);

/* What a virtual-clock run of the scheduler gives (sched_sim.c). */
typedef struct bf_sim_result {
	int workers;       /* validators */
	int differs;       /* differ workers */
	double wall;       /* virtual seconds from the first job to the last */
	double busy;       /* summed over the validators: the cost of their jobs */
	double efficiency; /* busy / (workers x wall), 1 when there is no work */
	double differ_busy;/* summed over the differ workers: their DIFF jobs */
	double longest;    /* the costliest single job */
	bf_sched_stats st;
} bf_sim_result;

/* How long the stages after a task's check take on the virtual clock:
 * filing it (a FILE job, the end of a WHOLE one), and with differ workers
 * its DIFF job. */
typedef struct bf_sim_stages {
	double file_cost, diff_cost;
} bf_sim_stages;

/* Run the scheduler on a virtual clock: o->workers validators and
 * o->differs differ workers, jobs planned from plan (as bf_sched_new's
 * cost), each WHOLE or RANGE job taking the sum of its candidates' costs
 * in truth (NULL: plan itself), the later stages as `stages` says.
 * 0, or -1 if the scheduler stalled (a bug). */
int bf_sched_simulate(int ntasks, int ncands, const double *plan, const double *truth,
		      const bf_sched_opts *o, const bf_sim_stages *stages, bf_sim_result *r);

#endif

/*
 * resume.h -- going on where an interrupted run of the same job stopped.
 *
 * A job's identity is the md5 of what decides its results: the inlined
 * md5s of its solvers and differs (as sets: their order does not change
 * a store), the options that change what is filed (budget, backstop,
 * max-files, min-score, t_log source), the cost model (every primitive's
 * charges) and battfarm's version.  A task is known by the md5 of its
 * grids.  The run's supervisor opens the resume state after taking the
 * store lock, drops the tasks the store's journal (journal.h) has for
 * this job and task content, and records each task once its filing is
 * complete; shards of one job share an identity (--shard changes which
 * tasks run, not their results).  A task counts as done only while its
 * solver and differ directories hold what the journal recorded and their
 * md5 files are sound: a store damaged (or repaired) since runs the task
 * again.
 */
#ifndef BATTFARM_RESUME_H
#define BATTFARM_RESUME_H

#include <stdbool.h>
#include <stddef.h>

#include "battfarm/journal.h"
#include "battfarm/pipeline.h"

void bf_job_identity(const bf_job *job, char out[33]);
void bf_task_content_md5(const bf_task *task, char out[33]);

typedef struct bf_resume {
	bf_journal journal;
	bf_store st;          /* to read what the task directories hold */
	char job[33];
	char (*task_md5)[33]; /* per task of the job (after the skip: of those left) */
	bool *keep;           /* per task: not filed yet */
	int ntasks;           /* all the job's tasks, while some are hidden */
	int recorded;         /* lines this run added */
	int kill_after;       /* test hook, see bf_resume_task_done */
} bf_resume;

/* Open the journal of job->opts.out (the caller holds its lock) and find
 * the tasks it has filed for this job (none when fresh); *done says how
 * many.  -1 with a message. */
int bf_resume_open(bf_resume *r, bf_job *job, bool fresh, int *done, char *err,
		   size_t errlen);
/* Hide those tasks from the run: the job's first tasks.n are then the
 * ones to run (in their order), the filed ones after them. */
void bf_resume_skip(bf_resume *r, bf_job *job);
/* Show them again (for the names index, predictions, the release). */
void bf_resume_unskip(bf_resume *r, bf_job *job);
/* Record task t of the job as filed.  -1 with a message. */
int bf_resume_task_done(bf_resume *r, const bf_job *job, int t, char *err, size_t errlen);
/* Compact the journal and close it.  -1 with a message (still closed). */
int bf_resume_close(bf_resume *r, char *err, size_t errlen);

#endif

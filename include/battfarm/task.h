/*
 * task.h -- ARC tasks: loading a task set and its grids.
 *
 * Grids become bf_val tuples once, at load time, in the task set's own
 * context; evaluations then share them read-only.
 */
#ifndef BATTFARM_TASK_H
#define BATTFARM_TASK_H

#include <jansson.h>
#include <stdbool.h>

#include "battfarm/ctx.h"
#include "battfarm/jsonlite.h"

typedef struct bf_sample {
	bf_val input;
	bf_val output; /* BF_NONE when the task file gives none */
} bf_sample;

typedef struct bf_task {
	char *id;
	char *file;
	bf_sample *train;
	int ntrain;
	bf_sample *test;
	int ntest;
	bf_val S; /* the train pairs as a tuple of (input, output) tuples */
} bf_task;

typedef struct bf_taskset {
	bf_task *tasks;
	int n, cap;
	bf_ctx store; /* owns every grid */
	char **errors; /* "file: message" per rejected task or file */
	int nerrors, errcap;
	/* "file: message" for what loads but not as asked: a Kaggle set whose
	 * solutions are missing or short (those test samples are not scored) */
	char **warnings;
	int nwarnings, warncap;
} bf_taskset;

void bf_taskset_init(bf_taskset *ts);
void bf_taskset_release(bf_taskset *ts);

/* Load a directory of <id>.json[.gz] files, one such file, or a Kaggle
 * *_challenges.json[.gz] (with *_solutions.json[.gz] beside it when it
 * exists).  A bad task is reported in ts->errors and skipped.  Returns the
 * number of tasks added, or -1 when path itself cannot be read. */
int bf_taskset_load(bf_taskset *ts, const char *path);
/* The same, reading in a directory only the <id>.json files of ids (all
 * when nids is 0); other selections are the caller's. */
int bf_taskset_load_ids(bf_taskset *ts, const char *path, const char **ids, int nids);

/* Sort tasks by id (loading order is otherwise file order). */
void bf_taskset_sort(bf_taskset *ts);
/* Keep the tasks i with keep[i], in order; returns how many were dropped
 * (their grids stay in ts->store until the set is released). */
int bf_taskset_keep(bf_taskset *ts, const bool *keep);
const bf_task *bf_taskset_find(const bf_taskset *ts, const char *id);

/* A task id is safe to use in a path: 1-64 chars of [A-Za-z0-9_-]. */
bool bf_task_id_ok(const char *id);

/* Convert a JSON grid to a tuple of tuples in ctx.  strict: ARC rules
 * (1-30 rows of equal length 1-30, ints 0-9); otherwise any list of lists
 * of integers.  Returns false with "line:col: message" in err. */
bool bf_json_to_grid(bf_ctx *ctx, const jl_node *j, bool strict, bf_val *out, char *err,
		     size_t errlen);

/* The JSON form of a value when it is a grid: a non-empty tuple of tuples
 * of ints (not bools), all of one length, as `eval` and the oracle's
 * classify() define it; NULL otherwise (a ragged tuple is a value). */
json_t *bf_grid_to_json(bf_val v);
/* whether v is such a grid */
bool bf_is_json_grid(bf_val v);

#endif

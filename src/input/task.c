/*
 * task.c -- loading ARC task sets (see task.h).
 *
 * Every rejection names the file, the line and column in it and what is
 * wrong there (train[2].output: ragged grid...), and the other tasks still
 * load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "battfarm/task.h"
#include "battfarm/util.h"

#define MAX_TASK_FILE ((size_t)256 << 20)

void bf_taskset_init(bf_taskset *ts)
{
	memset(ts, 0, sizeof(*ts));
	bf_ctx_init(&ts->store, 0);
}

static void task_release(bf_task *t)
{
	free(t->id);
	free(t->file);
	free(t->train);
	free(t->test);
}

void bf_taskset_release(bf_taskset *ts)
{
	for (int i = 0; i < ts->n; i++)
		task_release(&ts->tasks[i]);
	free(ts->tasks);
	for (int i = 0; i < ts->nerrors; i++)
		free(ts->errors[i]);
	free(ts->errors);
	for (int i = 0; i < ts->nwarnings; i++)
		free(ts->warnings[i]);
	free(ts->warnings);
	bf_ctx_release(&ts->store);
	memset(ts, 0, sizeof(*ts));
}

int bf_taskset_keep(bf_taskset *ts, const bool *keep)
{
	int n = 0;
	for (int i = 0; i < ts->n; i++) {
		if (keep[i])
			ts->tasks[n++] = ts->tasks[i];
		else
			task_release(&ts->tasks[i]);
	}
	int dropped = ts->n - n;
	ts->n = n;
	return dropped;
}

static void add_error(bf_taskset *ts, char *msg)
{
	if (ts->nerrors == ts->errcap) {
		ts->errcap = ts->errcap ? ts->errcap * 2 : 16;
		ts->errors = bf_xrealloc(ts->errors, sizeof(char *) * (size_t)ts->errcap);
	}
	ts->errors[ts->nerrors++] = msg;
}

static void add_warning(bf_taskset *ts, char *msg)
{
	if (ts->nwarnings == ts->warncap) {
		ts->warncap = ts->warncap ? ts->warncap * 2 : 16;
		ts->warnings = bf_xrealloc(ts->warnings, sizeof(char *) * (size_t)ts->warncap);
	}
	ts->warnings[ts->nwarnings++] = msg;
}

bool bf_task_id_ok(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* "L:C: msg" from the grid reader, with the sample's name put after the
 * position: "L:C: train[1].input: msg". */
static void place(char *err, size_t errlen, const char *sub, const char *what, size_t i,
		  const char *part)
{
	const char *sep = strstr(sub, ": ");
	if (!sep)
		sep = sub;
	snprintf(err, errlen, "%.*s: %s[%zu].%s: %s", (int)(sep - sub), sub, what, i, part,
		 *sep ? sep + 2 : sep);
}

/* samples: a JSON list of {"input": grid, "output": grid}; outputs may be
 * missing (need_output false) or come from `solutions` (Kaggle). */
static bool load_samples(bf_taskset *ts, const jl_node *task, const char *what,
			 const jl_node *solutions, bool need_output, bf_sample **out, int *nout,
			 char *err, size_t errlen, bool *in_solutions)
{
	*in_solutions = false;
	const jl_node *list = jl_get(task, what);
	if (!list || list->kind != JL_ARRAY || list->ints) {
		snprintf(err, errlen, "%d:%d: '%s' is %s", list ? list->line : task->line,
			 list ? list->col : task->col, what,
			 !list ? "missing" : list->ints ? "a list of numbers, not of samples" : "not a list");
		return false;
	}
	size_t n = list->n;
	bf_sample *s = bf_xmalloc(sizeof(bf_sample) * (n ? n : 1));
	for (size_t i = 0; i < n; i++) {
		const jl_node *pair = list->items[i];
		char sub[256];
		const jl_node *in = jl_get(pair, "input");
		const jl_node *o = jl_get(pair, "output");
		bool from_solutions = false;
		if (!o && solutions && solutions->kind == JL_ARRAY && !solutions->ints &&
		    i < solutions->n) {
			o = solutions->items[i];
			from_solutions = true;
		}
		if (!in) {
			snprintf(err, errlen, "%d:%d: %s[%zu] has no 'input'", pair->line, pair->col, what,
				 i);
			goto fail;
		}
		if (!bf_json_to_grid(&ts->store, in, true, &s[i].input, sub, sizeof(sub))) {
			place(err, errlen, sub, what, i, "input");
			goto fail;
		}
		s[i].output = bf_none();
		if (!o) {
			if (need_output) {
				snprintf(err, errlen, "%d:%d: %s[%zu] has no 'output'", pair->line, pair->col,
					 what, i);
				goto fail;
			}
			continue;
		}
		if (!bf_json_to_grid(&ts->store, o, true, &s[i].output, sub, sizeof(sub))) {
			place(err, errlen, sub, what, i, "output");
			*in_solutions = from_solutions;
			goto fail;
		}
	}
	*out = s;
	*nout = (int)n;
	return true;
fail:
	free(s);
	return false;
}

/* What a Kaggle solutions entry for a task with ntest test inputs leaves
 * unscored, as warnings naming the solutions file and line. */
static void check_solutions(bf_taskset *ts, const char *solfile, const char *id,
			    const jl_node *solutions, int ntest)
{
	if (!solutions) {
		add_warning(ts, bf_xasprintf("%s: no solutions for task %s: its test samples are not "
					     "scored", solfile, id));
		return;
	}
	int n = solutions->kind == JL_ARRAY && !solutions->ints ? (int)solutions->n : 0;
	if (n != ntest)
		add_warning(ts, bf_xasprintf("%s:%d:%d: task %s has %d test inputs but %d solutions%s",
					     solfile, solutions->line, solutions->col, id, ntest, n,
					     n < ntest ? ": the rest are not scored" : ""));
}

static void add_task(bf_taskset *ts, const char *id, const char *file, const jl_node *task,
		     const char *solfile, const jl_node *solutions)
{
	char err[512];
	bool in_sol;
	bf_task t;
	memset(&t, 0, sizeof(t));
	if (!bf_task_id_ok(id)) {
		add_error(ts, bf_xasprintf("%s: task id '%.80s' is not 1-64 characters of "
					   "[A-Za-z0-9_-]; task skipped", file, id));
		return;
	}
	if (task->kind != JL_OBJECT) {
		add_error(ts, bf_xasprintf("%s:%d:%d: task %s is not a JSON object", file, task->line,
					   task->col, id));
		return;
	}
	const bf_task *dup = bf_taskset_find(ts, id);
	if (dup) {
		add_error(ts, bf_xasprintf("%s: task id '%s' was already loaded from %s; skipped",
					   file, id, dup->file));
		return;
	}
	if (!load_samples(ts, task, "train", NULL, true, &t.train, &t.ntrain, err, sizeof(err),
			  &in_sol)) {
		add_error(ts, bf_xasprintf("%s:%s (task %s)", file, err, id));
		return;
	}
	if (!load_samples(ts, task, "test", solutions, false, &t.test, &t.ntest, err,
			  sizeof(err), &in_sol)) {
		free(t.train);
		add_error(ts, bf_xasprintf("%s:%s (task %s%s)", in_sol ? solfile : file, err, id,
					   in_sol ? ", in its solutions" : ""));
		return;
	}
	if (solfile)
		check_solutions(ts, solfile, id, solutions, t.ntest);
	/* S: the demo pairs, as the (S, I, C) programs see them */
	bf_tuple *S = bf_tuple_alloc(&ts->store, t.ntrain);
	for (int i = 0; i < t.ntrain; i++)
		S->it[i] = bf_tuple2(&ts->store, t.train[i].input, t.train[i].output);
	t.S = bf_tuple_seal(S);
	t.id = bf_xstrdup(id);
	t.file = bf_xstrdup(file);
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 64;
		ts->tasks = bf_xrealloc(ts->tasks, sizeof(bf_task) * (size_t)ts->cap);
	}
	ts->tasks[ts->n++] = t;
}

/* A file's parsed tree lives in scratch until the file is done. */
static jl_node *load_json(bf_taskset *ts, bf_arena *scratch, const char *path)
{
	char err[512];
	size_t len;
	char *buf = bf_read_file(path, &len, MAX_TASK_FILE, err, sizeof(err));
	if (!buf) {
		add_error(ts, bf_xstrdup(err));
		return NULL;
	}
	jl_node *j = jl_parse(scratch, buf, len, err, sizeof(err));
	free(buf);
	if (!j)
		add_error(ts, bf_xasprintf("%s:%s (malformed JSON)", path, err));
	return j;
}

/* "<dir>/abc.json.gz" -> "abc" */
static char *id_from_name(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	const char *dot = strstr(base, ".json");
	return bf_xstrndup(base, dot ? (size_t)(dot - base) : strlen(base));
}

/* The solutions file beside a Kaggle challenges file: the same prefix,
 * compressed like it or (with a warning) not.  NULL, with a warning that
 * test samples go unscored, when there is none. */
static char *find_solutions(bf_taskset *ts, const char *path)
{
	const char *mark = strstr(path, "_challenges.json");
	const char *suffix = mark + strlen("_challenges.json"); /* "" or ".gz" */
	char *same = bf_xasprintf("%.*s_solutions.json%s", (int)(mark - path), path, suffix);
	char *other = bf_xasprintf("%.*s_solutions.json%s", (int)(mark - path), path,
				   *suffix ? "" : ".gz");
	char *found = NULL;
	if (access(same, F_OK) == 0) {
		found = same;
		same = NULL;
	} else if (access(other, F_OK) == 0) {
		add_warning(ts, bf_xasprintf("%s: using %s (one of the two is gzip-compressed, the "
					     "other not)", path, other));
		found = other;
		other = NULL;
	} else {
		add_warning(ts, bf_xasprintf("%s: no solutions file (%s): test samples are not "
					     "scored", path, same));
	}
	free(same);
	free(other);
	return found;
}

static int load_kaggle(bf_taskset *ts, bf_arena *scratch, const char *path)
{
	jl_node *ch = load_json(ts, scratch, path);
	if (!ch)
		return -1;
	char *solpath = find_solutions(ts, path);
	jl_node *sol = solpath ? load_json(ts, scratch, solpath) : NULL;
	if (sol && sol->kind != JL_OBJECT) {
		add_error(ts, bf_xasprintf("%s: expected an object of solution lists by task id; "
					   "test samples are not scored", solpath));
		sol = NULL;
	}
	int before = ts->n;
	if (ch->kind != JL_OBJECT) {
		add_error(ts, bf_xasprintf("%s: expected an object of tasks by id", path));
	} else {
		for (size_t i = 0; i < ch->n; i++)
			add_task(ts, ch->keys[i], path, ch->items[i], sol ? solpath : NULL,
				 jl_get(sol, ch->keys[i]));
	}
	free(solpath);
	return ts->n - before;
}

/* One scratch arena serves every file of a load (reset in between), so
 * a directory of 400 files does not map and unmap 400 blocks. */
static int load_one(bf_taskset *ts, bf_arena *scratch, const char *path)
{
	bf_arena_reset(scratch);
	int before = ts->n;
	if (strstr(path, "_challenges.json")) {
		load_kaggle(ts, scratch, path);
	} else {
		jl_node *j = load_json(ts, scratch, path);
		if (j) {
			char *id = id_from_name(path);
			add_task(ts, id, path, j, NULL, NULL);
			free(id);
		}
	}
	return ts->n - before;
}

int bf_taskset_load(bf_taskset *ts, const char *path)
{
	return bf_taskset_load_ids(ts, path, NULL, 0);
}

/* In a directory only the files of wanted ids are read, so `-i ID` on a
 * large set costs one file; a file name that is not an id is still read
 * (its tasks may be anything). */
static bool wanted(const char *name, const char **ids, int nids)
{
	if (!nids)
		return true;
	char *id = id_from_name(name);
	bool w = !bf_task_id_ok(id);
	for (int k = 0; k < nids && !w; k++)
		w = strcmp(ids[k], id) == 0;
	free(id);
	return w;
}

int bf_taskset_load_ids(bf_taskset *ts, const char *path, const char **ids, int nids)
{
	if (!bf_is_dir(path)) {
		if (access(path, R_OK) != 0) {
			add_error(ts, bf_xasprintf("%s: cannot open", path));
			return -1;
		}
		bf_arena scratch;
		bf_arena_init(&scratch, 0);
		int added = load_one(ts, &scratch, path);
		bf_arena_release(&scratch);
		return added;
	}
	int n, added = 0;
	bf_arena scratch;
	bf_arena_init(&scratch, 0);
	char **names = bf_list_dir(path, ".json", &n);
	for (int i = 0; i < n; i++) {
		if (strstr(names[i], "_solutions.json") || !wanted(names[i], ids, nids))
			continue;
		char *full = bf_xasprintf("%s/%s", path, names[i]);
		added += load_one(ts, &scratch, full);
		free(full);
	}
	bf_arena_release(&scratch);
	bf_free_list(names);
	return added;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const bf_task *)a)->id, ((const bf_task *)b)->id);
}

void bf_taskset_sort(bf_taskset *ts)
{
	if (ts->n < 2)
		return; /* also: qsort must not see the NULL of an empty set */
	qsort(ts->tasks, (size_t)ts->n, sizeof(bf_task), by_id);
}

const bf_task *bf_taskset_find(const bf_taskset *ts, const char *id)
{
	for (int i = 0; i < ts->n; i++)
		if (strcmp(ts->tasks[i].id, id) == 0)
			return &ts->tasks[i];
	return NULL;
}

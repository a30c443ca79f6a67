/*
 * cmd_results.c -- `battfarm results`: what a store holds, per task.
 *
 * For each task: its samples (from the store's names index), the best score,
 * whether it is exact (1000 per sample), and the kept solvers and differs
 * (md5, score, t_log, and the source functions that inlined to the md5).
 * Read only: nothing in the store is created or changed, so it may run
 * beside a run that holds the lock; read beneath the store's descriptor,
 * no link followed (listing.h).  Tasks come from the solver directories
 * and the index (a task run with nothing filed is listed, unsolved).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt_table.h"
#include "battfarm/listing.h"
#include "battfarm/names.h"
#include "battfarm/store.h"
#include "battfarm/strset.h"
#include "battfarm/util.h"

static int by_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The task ids of the store: solver directories and indexed tasks, sorted. */
static char **store_tasks(const bf_listing *l, const json_t *idx, int *n)
{
	int nd;
	char **dirs = bf_listing_task_ids(l, &nd);
	const json_t *tasks = json_object_get(idx, "tasks");
	bf_strset *seen = bf_strset_new();
	char **ids = bf_xmalloc(sizeof(char *) * (size_t)(nd + json_object_size(tasks) + 1));
	*n = 0;
	for (int i = 0; i < nd; i++)
		if (!bf_strset_has(seen, dirs[i])) {
			bf_strset_add(seen, dirs[i]);
			ids[(*n)++] = bf_xstrdup(dirs[i]);
		}
	const char *id;
	const json_t *v;
	json_object_foreach((json_t *)tasks, id, v) {
		if (!bf_strset_has(seen, id)) {
			bf_strset_add(seen, id);
			ids[(*n)++] = bf_xstrdup(id);
		}
	}
	bf_strset_free(seen);
	bf_free_list(dirs);
	qsort(ids, (size_t)*n, sizeof(char *), by_id);
	ids[*n] = NULL;
	return ids;
}

/* One kind's kept programs of a task as a JSON array. */
static json_t *programs_json(const bf_filed *items, int n, const json_t *idx, int kind,
			     int64_t exact_score)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "md5", json_string(items[i].md5));
		json_object_set_new(o, "score", json_integer(items[i].score));
		json_object_set_new(o, "t_log", json_integer(items[i].t_log));
		if (kind == BF_STORE_SOLVER)
			json_object_set_new(o, "exact", exact_score > 0 && items[i].score == exact_score
								? json_true() : json_false());
		const json_t *names = bf_names_of(idx, (bf_store_kind)kind, items[i].md5);
		json_object_set_new(o, "names", names ? json_deep_copy(names) : json_array());
		json_array_append_new(a, o);
	}
	return a;
}

/* "solve_a, solve_b" from a names array, or "?" when the index has none. */
static void names_text(const json_t *names, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < json_array_size(names) && off + 1 < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
					json_string_value(json_array_get(names, i)));
	if (!buf[0])
		snprintf(buf, len, "?");
}

typedef struct task_row {
	const char *id;
	int samples, scored; /* -1: not in the index */
	bf_filed *prog[2];
	int nprog[2];
} task_row;

static int64_t exact_score(const task_row *r)
{
	return r->samples > 0 ? 1000 * (int64_t)r->samples : 0;
}

static void row_text(const task_row *r, const json_t *idx, bool verbose)
{
	char samples[16], names[512];
	snprintf(samples, sizeof(samples), r->samples < 0 ? "?" : "%d", r->samples);
	bool any = r->nprog[0] > 0;
	const char *exact = r->samples < 0 ? "?" : any && r->prog[0][0].score == exact_score(r)
			    ? "yes" : "no";
	names_text(any ? bf_names_of(idx, BF_STORE_SOLVER, r->prog[0][0].md5) : NULL, names,
		   sizeof(names));
	printf("%-24s %7s %7lld  %-5s %4d  %s\n", r->id, samples,
	       any ? (long long)r->prog[0][0].score : 0LL, exact, r->nprog[0], any ? names : "-");
	for (int k = 0; verbose && k < 2; k++)
		for (int i = 0; i < r->nprog[k]; i++) {
			names_text(bf_names_of(idx, (bf_store_kind)k, r->prog[k][i].md5), names,
				   sizeof(names));
			printf("    %s %7lld t_log %2d  %s  %s\n", k ? "differ" : "solver",
			       (long long)r->prog[k][i].score, r->prog[k][i].t_log, r->prog[k][i].md5,
			       names);
		}
}

static json_t *row_json(const task_row *r, const json_t *idx)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(r->id));
	json_object_set_new(o, "samples", r->samples < 0 ? json_null() : json_integer(r->samples));
	json_object_set_new(o, "scored", r->scored < 0 ? json_null() : json_integer(r->scored));
	int64_t best = r->nprog[0] ? r->prog[0][0].score : 0;
	json_object_set_new(o, "best_score", json_integer(best));
	json_object_set_new(o, "exact", r->samples < 0 ? json_null()
				: json_boolean(r->nprog[0] && best == exact_score(r)));
	json_object_set_new(o, "solvers", programs_json(r->prog[0], r->nprog[0], idx, 0,
							exact_score(r)));
	json_object_set_new(o, "differs", programs_json(r->prog[1], r->nprog[1], idx, 1, 0));
	return o;
}

static void load_row(task_row *r, bf_listing *l, const json_t *idx, const char *id)
{
	r->id = id;
	const json_t *t = json_object_get(json_object_get(idx, "tasks"), id);
	r->samples = t ? (int)json_integer_value(json_object_get(t, "samples")) : -1;
	r->scored = t ? (int)json_integer_value(json_object_get(t, "scored")) : -1;
	for (int k = 0; k < 2; k++)
		r->prog[k] = bf_listing_task(l, (bf_store_kind)k, id, &r->nprog[k]);
}

typedef struct results_args {
	const char *root;
	const char **want; /* argc + 1 entries */
	int nwant;
	bool as_json, verbose;
} results_args;

BF_OPT_SIMPLE(o_out, results_args, a->root = arg)
BF_OPT_SIMPLE(o_json, results_args, a->as_json = true)
BF_OPT_SIMPLE(o_verbose, results_args, a->verbose = true)

/* -i takes every following word up to the next option */
static int o_ids(void *args, const char *arg, int argc, char **argv)
{
	results_args *a = args;
	a->want[a->nwant++] = arg;
	while (optind < argc && argv[optind][0] != '-')
		a->want[a->nwant++] = argv[optind++];
	return 0;
}

static const bf_opt results_opts[] = {
	{"out", required_argument, 'o', o_out},
	{"json", no_argument, 0, o_json},
	{"task-ids", required_argument, 'i', o_ids},
	{"verbose", no_argument, 'v', o_verbose},
	{"help", no_argument, 'h', NULL},
};

/* -1 when there is a store to read, else the exit status (help was
 * printed, or a usage error).  a->want is allocated either way. */
static int results_args_parse(results_args *a, int argc, char **argv)
{
	*a = (results_args){.want = bf_xmalloc(sizeof(char *) * (size_t)(argc + 1))};
	int r = bf_opt_parse("results", results_opts,
			     (int)(sizeof(results_opts) / sizeof(results_opts[0])), a, argc, argv);
	if (r != 0)
		return r > 0 ? BF_EXIT_OK : BF_EXIT_USAGE;
	if (optind < argc)
		return bf_usage_error("results", "unexpected argument '%s'", argv[optind]);
	if (!a->root)
		return bf_usage_error("results", "--out DIR is required");
	if (!bf_is_dir(a->root)) {
		fprintf(stderr, "battfarm results: %s: not a store (no such directory)\n", a->root);
		return BF_EXIT_USAGE;
	}
	return -1;
}

static bool asked(const results_args *a, const char *id)
{
	bool yes = a->nwant == 0;
	for (int j = 0; j < a->nwant && !yes; j++)
		yes = strcmp(a->want[j], id) == 0;
	return yes;
}

/* Each asked task of ids as a table row, or into tasks (--json); the
 * number of them that are exact in *exact.  Returns how many were listed. */
static int list_tasks(const results_args *a, bf_listing *l, const json_t *idx, char **ids,
		      int nids, json_t *tasks, int *exact)
{
	int listed = 0;
	*exact = 0;
	if (!a->as_json)
		printf("%-24s %7s %7s  %-5s %4s  %s\n", "TASK", "SAMPLES", "BEST", "EXACT", "KEPT",
		       "BEST SOLVER");
	for (int i = 0; i < nids; i++) {
		if (!asked(a, ids[i]))
			continue;
		task_row r;
		load_row(&r, l, idx, ids[i]);
		listed++;
		*exact += r.samples > 0 && r.nprog[0] && r.prog[0][0].score == exact_score(&r);
		if (a->as_json)
			json_array_append_new(tasks, row_json(&r, idx));
		else
			row_text(&r, idx, a->verbose);
		free(r.prog[0]);
		free(r.prog[1]);
	}
	return listed;
}

/* An asked task the store does not have is an error (exit 1). */
static int report_missing(const results_args *a, char **ids, int nids)
{
	int rc = BF_EXIT_OK;
	for (int j = 0; j < a->nwant; j++) {
		bool found = false;
		for (int i = 0; i < nids && !found; i++)
			found = strcmp(a->want[j], ids[i]) == 0;
		if (!found) {
			fprintf(stderr, "battfarm results: task '%s' is not in %s\n", a->want[j], a->root);
			rc = BF_EXIT_SOME_FAILED;
		}
	}
	return rc;
}

int bf_cmd_results(int argc, char **argv)
{
	results_args a;
	int rc = results_args_parse(&a, argc, argv);
	if (rc >= 0) {
		free(a.want);
		return rc;
	}
	bf_listing l;
	if (bf_listing_open(&l, a.root) < 0) {
		fprintf(stderr, "battfarm results: %s: %s\n", a.root, strerror(errno));
		free(a.want);
		return BF_EXIT_USAGE;
	}
	json_t *idx = bf_names_load(a.root);
	int nids, exact;
	char **ids = store_tasks(&l, idx, &nids);
	json_t *tasks = json_array();
	int listed = list_tasks(&a, &l, idx, ids, nids, tasks, &exact);
	rc = report_missing(&a, ids, nids);
	if (l.refused) /* said on stderr: what verify reports, skipped here */
		rc = BF_EXIT_SOME_FAILED;
	if (a.as_json) {
		json_t *doc = json_object();
		json_object_set_new(doc, "store", json_string(a.root));
		json_object_set_new(doc, "tasks", tasks);
		json_object_set_new(doc, "exact_tasks", json_integer(exact));
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(doc);
	} else {
		json_decref(tasks);
		printf("%d tasks, %d solved exactly\n", listed, exact);
	}
	json_decref(idx);
	bf_free_list(ids);
	bf_listing_close(&l);
	free(a.want);
	return rc;
}

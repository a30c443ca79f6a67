/*
 * costs.c -- reading and writing costs files (see costs.h).
 *
 * Read in two steps: every line is checked and its names are given dense
 * indices (glibc's hsearch_r, sized from the line count), then the matrix
 * is filled.  A line that does not parse fails the whole read with its
 * file:line, so a simulation never runs on half a file.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <search.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "costs.h"
#include "battfarm/util.h"

#define COSTS_MAX_BYTES ((size_t)4 << 30)

typedef struct record {
	int task, cand;
	uint64_t units;
	double seconds;
	int line;
} record;

/* Names met so far, each with its index in order of first appearance. */
typedef struct names {
	struct hsearch_data h;
	char **v;
	int n;
} names;

static int name_index(names *nm, char *key)
{
	ENTRY e = {key, NULL}, *found = NULL;
	if (hsearch_r(e, FIND, &found, &nm->h) && found)
		return (int)(intptr_t)found->data;
	e.data = (void *)(intptr_t)nm->n;
	if (!hsearch_r(e, ENTER, &found, &nm->h))
		return -1;
	nm->v[nm->n] = key;
	return nm->n++;
}

static bool is_md5(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	return n == 32;
}

static void fail_at(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void fail_at(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
{
	int k = snprintf(err, errlen, "%s:%d: ", path, line);
	if (k < 0 || (size_t)k >= errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err + k, errlen - (size_t)k, fmt, ap);
	va_end(ap);
}

/* Parse one line (NUL-terminated, no newline) into r.  0, 1 for a line
 * with nothing on it, -1 with the reason in err. */
static int parse_line(char *s, names *tasks, names *cands, record *r, const char *path,
		      int line, char *err, size_t errlen)
{
	char *f[5];
	int nf = 0;
	for (char *tok = strtok(s, " \t\r"); tok; tok = strtok(NULL, " \t\r"))
		f[nf < 4 ? nf : 4] = tok, nf++;
	if (nf == 0 || f[0][0] == '#')
		return 1;
	if (nf != 4) {
		fail_at(err, errlen, path, line, "expected 4 fields (task id, candidate md5, "
			"work units, seconds), found %d", nf);
		return -1;
	}
	if (!is_md5(f[1])) {
		fail_at(err, errlen, path, line, "'%s' is not a candidate md5 (32 lowercase hex "
			"digits)", f[1]);
		return -1;
	}
	char *end;
	errno = 0;
	unsigned long long u = strtoull(f[2], &end, 10);
	if (errno || *end || !isdigit((unsigned char)f[2][0])) {
		fail_at(err, errlen, path, line, "work units '%s' are not a non-negative integer",
			f[2]);
		return -1;
	}
	errno = 0;
	double sec = strtod(f[3], &end);
	if (errno || *end || end == f[3] || !isfinite(sec) || sec < 0) {
		fail_at(err, errlen, path, line, "seconds '%s' are not a non-negative number", f[3]);
		return -1;
	}
	r->task = name_index(tasks, f[0]);
	r->cand = name_index(cands, f[1]);
	r->units = u;
	r->seconds = sec;
	r->line = line;
	return 0;
}

/* The matrix from the records; -1 when a pair is named twice. */
static int fill(bf_costs *c, const record *rec, int nrec, const char *path, char *err,
		size_t errlen)
{
	size_t cells = (size_t)c->ntasks * (size_t)c->ncands;
	c->seconds = calloc(cells ? cells : 1, sizeof(double));
	c->units = calloc(cells ? cells : 1, sizeof(uint64_t));
	int *line = calloc(cells ? cells : 1, sizeof(int));
	if (!c->seconds || !c->units || !line) {
		snprintf(err, errlen, "%s: out of memory for %d x %d costs", path, c->ntasks,
			 c->ncands);
		free(line);
		return -1;
	}
	for (int i = 0; i < nrec; i++) {
		size_t k = (size_t)rec[i].task * (size_t)c->ncands + (size_t)rec[i].cand;
		if (line[k]) {
			fail_at(err, errlen, path, rec[i].line, "task %s candidate %s appears again "
				"(first on line %d)", c->tasks[rec[i].task], c->cands[rec[i].cand],
				line[k]);
			free(line);
			return -1;
		}
		line[k] = rec[i].line;
		c->seconds[k] = rec[i].seconds;
		c->units[k] = rec[i].units;
	}
	free(line);
	return 0;
}

int bf_costs_read(bf_costs *c, const char *path, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	size_t len;
	char *buf = bf_read_file(path, &len, COSTS_MAX_BYTES, err, errlen);
	if (!buf)
		return -1;
	size_t nlines = 1;
	for (size_t i = 0; i < len; i++)
		nlines += buf[i] == '\n';
	names tasks, cands;
	memset(&tasks, 0, sizeof(tasks));
	memset(&cands, 0, sizeof(cands));
	hcreate_r(nlines * 2 + 16, &tasks.h);
	hcreate_r(nlines * 2 + 16, &cands.h);
	tasks.v = bf_xmalloc(sizeof(char *) * nlines);
	cands.v = bf_xmalloc(sizeof(char *) * nlines);
	record *rec = bf_xmalloc(sizeof(record) * nlines);
	int nrec = 0, rc = -1, line = 0;
	for (char *s = buf; s && *s; line++) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		int r = parse_line(s, &tasks, &cands, &rec[nrec], path, line + 1, err, errlen);
		if (r < 0)
			goto done;
		nrec += r == 0;
		s = nl ? nl + 1 : NULL;
	}
	if (nrec == 0) {
		snprintf(err, errlen, "%s: no costs in it (a costs file has one line per task and "
			 "candidate)", path);
		goto done;
	}
	c->ntasks = tasks.n;
	c->ncands = cands.n;
	c->npairs = nrec;
	c->tasks = bf_xmalloc(sizeof(char *) * (size_t)tasks.n);
	for (int i = 0; i < tasks.n; i++)
		c->tasks[i] = bf_xstrdup(tasks.v[i]);
	c->cands = bf_xmalloc(sizeof(*c->cands) * (size_t)cands.n);
	for (int i = 0; i < cands.n; i++)
		memcpy(c->cands[i], cands.v[i], 33);
	rc = fill(c, rec, nrec, path, err, errlen);
done:
	hdestroy_r(&tasks.h);
	hdestroy_r(&cands.h);
	free(tasks.v);
	free(cands.v);
	free(rec);
	free(buf);
	if (rc < 0)
		bf_costs_release(c);
	return rc;
}

void bf_costs_release(bf_costs *c)
{
	for (int i = 0; c->tasks && i < c->ntasks; i++)
		free(c->tasks[i]);
	free(c->tasks);
	free(c->cands);
	free(c->seconds);
	free(c->units);
	memset(c, 0, sizeof(*c));
}

void bf_costs_write_line(FILE *f, const char *task, const char *md5, uint64_t units,
			 double seconds)
{
	fprintf(f, "%s\t%s\t%llu\t%.9f\n", task, md5, (unsigned long long)units, seconds);
}

/* Names in sorted order (indices into name), for find(). */
typedef struct sorted_names {
	const char **name;
	int *idx;
	int n;
} sorted_names;

static int by_name(const void *a, const void *b, void *arg)
{
	const char **name = arg;
	return strcmp(name[*(const int *)a], name[*(const int *)b]);
}

static void sort_names(sorted_names *sn, const char **name, int n)
{
	sn->name = name;
	sn->n = n;
	sn->idx = bf_xmalloc(sizeof(int) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		sn->idx[i] = i;
	qsort_r(sn->idx, (size_t)n, sizeof(int), by_name, name);
}

/* The index of name, or -1. */
static int find(const sorted_names *sn, const char *name)
{
	int lo = 0, hi = sn->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2, r = strcmp(sn->name[sn->idx[mid]], name);
		if (r == 0)
			return sn->idx[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The costs of recorded task ct (-1: none) for the job's candidates. */
static void task_row(const bf_costs *c, int ct, const int *cand_of, int ncands, double fallback,
		     double *row)
{
	double sum = 0;
	int known = 0;
	for (int k = 0; ct >= 0 && k < ncands; k++)
		if (cand_of[k] >= 0) {
			sum += c->seconds[(size_t)ct * (size_t)c->ncands + (size_t)cand_of[k]];
			known++;
		}
	double mean = known ? sum / known : fallback;
	for (int k = 0; k < ncands; k++)
		row[k] = ct >= 0 && cand_of[k] >= 0
				 ? c->seconds[(size_t)ct * (size_t)c->ncands + (size_t)cand_of[k]]
				 : mean;
}

double *bf_costs_for_job(const bf_costs *c, const bf_job *job)
{
	const char **md5s = bf_xmalloc(sizeof(char *) * (size_t)(c->ncands ? c->ncands : 1));
	for (int k = 0; k < c->ncands; k++)
		md5s[k] = c->cands[k];
	sorted_names tasks, cands;
	sort_names(&tasks, (const char **)c->tasks, c->ntasks);
	sort_names(&cands, md5s, c->ncands);
	size_t nc = (size_t)job->ncands;
	int *cand_of = bf_xmalloc(sizeof(int) * (nc ? nc : 1));
	for (size_t k = 0; k < nc; k++)
		cand_of[k] = find(&cands, job->cands[k].md5);
	double total = 0;
	for (size_t k = 0; k < (size_t)c->ntasks * (size_t)c->ncands; k++)
		total += c->seconds[k];
	double mean = c->npairs ? total / c->npairs : 0;
	double *cost = bf_xmalloc(sizeof(double) * (size_t)job->tasks.n * nc + 1);
	for (int t = 0; t < job->tasks.n; t++)
		task_row(c, find(&tasks, job->tasks.tasks[t].id), cand_of, job->ncands, mean,
			 cost + (size_t)t * nc);
	free(cand_of);
	free(md5s);
	free(tasks.idx);
	free(cands.idx);
	return cost;
}

double bf_costs_estimate(const bf_task *task)
{
	double cells = 0;
	for (int k = 0; k < task->ntrain + task->ntest; k++) {
		bf_val g = k < task->ntrain ? task->train[k].input : task->test[k - task->ntrain].input;
		size_t rows = g.kind == BF_TUPLE ? g.u.t->n : 1;
		size_t cols = rows > 0 && g.kind == BF_TUPLE && g.u.t->it[0].kind == BF_TUPLE
				      ? g.u.t->it[0].u.t->n
				      : 1;
		cells += rows * cols > 0 ? (double)(rows * cols) : 1;
	}
	return cells;
}

void bf_costs_write_task(FILE *f, const bf_job *job, int t, const bf_cand_result *res)
{
	for (int c = 0; c < job->ncands; c++)
		bf_costs_write_line(f, job->tasks.tasks[t].id, job->cands[c].md5, res[c].work,
				    (double)res[c].eval_cpu_ns / 1e9);
}

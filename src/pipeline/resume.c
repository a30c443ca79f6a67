/*
 * resume.c -- a job's identity, a task's content hash, and the journal
 * bookkeeping of one run (see resume.h).  Called by `run`'s supervisor
 * only: workers never touch the journal.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "battfarm/cost.h"
#include "battfarm/inline.h"
#include "battfarm/resume.h"
#include "battfarm/store_meta.h"
#include "battfarm/util.h"

/* A growing text buffer. */
typedef struct buf {
	char *p;
	size_t n, cap;
} buf;

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(buf *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int w = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
		va_end(ap);
		if (b->p && (size_t)w < b->cap - b->n) {
			b->n += (size_t)w;
			return;
		}
		b->cap = (b->cap + (size_t)w + 1) * 2;
		b->p = bf_xrealloc(b->p, b->cap);
	}
}

void bf_job_identity(const bf_job *job, char out[33])
{
	buf b = {NULL, 0, 0};
	const bf_job_opts *o = &job->opts;
	char library[33];
	bf_store_library_hash(job->ncands ? job->cands[0].md5 : "", job->ncands,
			      job->ndiffs ? job->diffs[0].md5 : "", job->ndiffs, sizeof(bf_candidate),
			      library);
	put(&b, "battfarm job 2\nversion %s\nlibrary %s\nbudget %llu\ntimeout %.17g\n"
		"max_files %d\nmin_score %lld\nt_log %s\nseconds_per_unit %.17g\n",
	    BF_VERSION, library, (unsigned long long)o->lim.budget, o->lim.timeout, o->max_files,
	    (long long)o->min_score, o->t_log_wall ? "wall" : "cost", BF_SECONDS_PER_UNIT);
	/* the cost model: what a work unit of each primitive is worth decides
	 * budgets and t_logs */
	put(&b, "cost raw %d outside %u\n", bf_cost_is_raw(), bf_cost_outside_rate());
	for (int i = 0; i < bf_cost_table_len; i++)
		put(&b, "cost %s %u %u\n", bf_cost_table[i].name, bf_cost_table[i].base,
		    bf_cost_table[i].rate);
	bf_md5_hex(b.p, b.n, out);
	free(b.p);
}

/* A grid as rows of cells; anything else (an absent output) by its kind. */
static void put_grid(buf *b, bf_val g)
{
	if (g.kind != BF_TUPLE) {
		put(b, "(%d)", (int)g.kind);
		return;
	}
	put(b, "[");
	for (int64_t r = 0; r < g.u.t->n; r++) {
		bf_val row = g.u.t->it[r];
		put(b, "[");
		for (int64_t c = 0; row.kind == BF_TUPLE && c < row.u.t->n; c++)
			put(b, "%lld,", (long long)row.u.t->it[c].u.i);
		put(b, "]");
	}
	put(b, "]");
}

void bf_task_content_md5(const bf_task *task, char out[33])
{
	buf b = {NULL, 0, 0};
	for (int i = 0; i < task->ntrain; i++) {
		put(&b, "train ");
		put_grid(&b, task->train[i].input);
		put_grid(&b, task->train[i].output);
		put(&b, "\n");
	}
	for (int i = 0; i < task->ntest; i++) {
		put(&b, "test ");
		put_grid(&b, task->test[i].input);
		put_grid(&b, task->test[i].output);
		put(&b, "\n");
	}
	bf_md5_hex(b.p ? b.p : "", b.n, out);
	free(b.p);
}

static int by_placing(const void *a, const void *b)
{
	const bf_filed *x = a, *y = b;
	return -bf_filed_cmp(x->score, x->t_log, x->md5, y->score, y->t_log, y->md5);
}

/* What task id's directories hold: "<kind> <score> <t_log> <md5>" lines,
 * best first, as an md5.  With check_files, every md5 file must be sound
 * too.  1, or 0 when a directory or file is not what filing leaves. */
static int task_result(bf_store *st, const char *id, bool check_files, char out[33])
{
	buf b = {NULL, 0, 0};
	int ok = 1;
	for (int k = 0; k < 2 && ok; k++) {
		bf_taskdir td;
		char err[512];
		if (bf_store_load_taskdir(st, (bf_store_kind)k, id, &td, err, sizeof(err)) < 0) {
			ok = 0;
			break;
		}
		if (td.n > 1) /* qsort wants an array, even of nothing */
			qsort(td.items, (size_t)td.n, sizeof(bf_filed), by_placing);
		for (int i = 0; i < td.n; i++) {
			const bf_filed *f = &td.items[i];
			put(&b, "%d %lld %d %s\n", k, (long long)f->score, f->t_log, f->md5);
			if (check_files && bf_store_needs_text(st, (bf_store_kind)k, f->md5))
				ok = 0;
		}
		bf_taskdir_release(&td);
	}
	bf_md5_hex(b.p ? b.p : "", b.n, out);
	free(b.p);
	return ok;
}

int bf_resume_open(bf_resume *r, bf_job *job, bool fresh, int *done, char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	*done = 0;
	int rootfd = open(job->opts.out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		snprintf(err, errlen, "%s: cannot open: %m", job->opts.out);
		return -1;
	}
	int rc = bf_journal_open(&r->journal, rootfd, err, errlen);
	close(rootfd);
	if (rc < 0)
		return -1;
	if (bf_store_open(&r->st, job->opts.out, job->opts.max_files, NULL, err, errlen) < 0) {
		bf_journal_close(&r->journal);
		return -1;
	}
	bf_job_identity(job, r->job);
	int n = job->tasks.n;
	r->task_md5 = bf_xmalloc(sizeof(*r->task_md5) * (size_t)(n ? n : 1));
	r->keep = bf_xmalloc(sizeof(bool) * (size_t)(n ? n : 1));
	for (int t = 0; t < n; t++) {
		const char *id = job->tasks.tasks[t].id;
		char result[33];
		bf_task_content_md5(&job->tasks.tasks[t], r->task_md5[t]);
		/* filed, and the store still holds what the filing left */
		r->keep[t] = fresh || r->journal.n == 0 ||
			     !task_result(&r->st, id, true, result) ||
			     !bf_journal_has(&r->journal, r->job, r->task_md5[t], result, id);
		*done += !r->keep[t];
	}
	/* a test hook: die by SIGKILL right after recording this many tasks,
	 * the most abrupt end a run can have, at a point a test can name */
	const char *ka = getenv("BATTFARM_TEST_KILL_AFTER");
	r->kill_after = ka ? atoi(ka) : 0;
	return 0;
}

void bf_resume_skip(bf_resume *r, bf_job *job)
{
	bf_task *tasks = job->tasks.tasks;
	int n = job->tasks.n, k = 0;
	bf_task *done = bf_xmalloc(sizeof(bf_task) * (size_t)(n ? n : 1));
	int ndone = 0;
	for (int t = 0; t < n; t++) {
		if (r->keep[t]) {
			memmove(r->task_md5[k], r->task_md5[t], 33);
			tasks[k++] = tasks[t];
		} else {
			done[ndone++] = tasks[t];
		}
	}
	memcpy(tasks + k, done, sizeof(bf_task) * (size_t)ndone);
	free(done);
	r->ntasks = n;
	job->tasks.n = k;
}

void bf_resume_unskip(bf_resume *r, bf_job *job)
{
	if (r->ntasks)
		job->tasks.n = r->ntasks;
	r->ntasks = 0;
}

int bf_resume_task_done(bf_resume *r, const bf_job *job, int t, char *err, size_t errlen)
{
	char result[33];
	const char *id = job->tasks.tasks[t].id;
	task_result(&r->st, id, false, result);
	if (bf_journal_record(&r->journal, r->job, r->task_md5[t], result, id, err, errlen) < 0)
		return -1;
	if (++r->recorded == r->kill_after)
		raise(SIGKILL);
	return 0;
}

int bf_resume_close(bf_resume *r, char *err, size_t errlen)
{
	int rc = r->journal.fd >= 0 ? bf_journal_compact(&r->journal, err, errlen) : 0;
	bf_journal_close(&r->journal);
	bf_store_close(&r->st);
	free(r->task_md5);
	free(r->keep);
	r->task_md5 = NULL;
	r->keep = NULL;
	return rc;
}

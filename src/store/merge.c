/*
 * merge.c -- uniting stores (see merge.h).  Called by `battfarm merge`
 * with the output store open and locked and each source locked.
 *
 * Reading a source never follows a symlink it did not expect (every level
 * is opened under its parent's descriptor with O_NOFOLLOW) and never
 * blocks (O_NONBLOCK, then a regular-file check): a planted link or FIFO
 * is a refusal, never a way out of the store.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "battfarm/merge.h"
#include "battfarm/names.h"
#include "battfarm/store_meta.h"
#include "battfarm/util.h"
#include "fsat.h"

#define MAX_PROGRAM ((size_t)64 << 20)

static const char *kind_md5[2] = {"solver_md5", "differ_md5"};
static const char *kind_dir[2] = {"solver_dir", "differ_dir"};

void bf_merge_init(bf_merge *m)
{
	memset(m, 0, sizeof(*m));
}

static DIR *open_dir_at(int dirfd, const char *name)
{
	int fd = bf_fs_opendir(dirfd, name, false);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d && fd >= 0)
		close(fd);
	return d;
}

static bool dot(const char *n)
{
	return strcmp(n, ".") == 0 || strcmp(n, "..") == 0;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sound md5 files of one kind, sorted; -1 at the first bad entry. */
static int read_md5s(bf_merge_src *s, int k, char *err, size_t errlen)
{
	DIR *d = open_dir_at(s->rootfd, kind_md5[k]);
	if (!d) {
		snprintf(err, errlen, "%s/%s: %s", s->root, kind_md5[k], strerror(errno));
		return -1;
	}
	s->md5fd[k] = dup(dirfd(d));
	int cap = 0, rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		if (dot(e->d_name) || strncmp(e->d_name, ".tmp.", 5) == 0)
			continue; /* an interrupted write: debris, not content */
		size_t len;
		char *text = bf_store_md5_name(e->d_name)
				     ? bf_fs_read(dirfd(d), e->d_name, MAX_PROGRAM, &len)
				     : NULL;
		bool sound = text && !bf_store_text_fault(text, len, (bf_store_kind)k, e->d_name);
		free(text);
		char md5[33];
		snprintf(md5, sizeof(md5), "%.32s", e->d_name);
		if (!sound) {
			snprintf(err, errlen, "%s/%s/%s: not a sound program file", s->root,
				 kind_md5[k], e->d_name);
			rc = -1;
			break;
		}
		if (s->nmd5[k] == cap) {
			cap = cap ? cap * 2 : 64;
			s->md5s[k] = bf_xrealloc(s->md5s[k], sizeof(char *) * (size_t)cap);
		}
		s->md5s[k][s->nmd5[k]++] = bf_xstrdup(md5);
	}
	closedir(d);
	if (s->nmd5[k] > 1) /* qsort wants an array, even of nothing */
		qsort(s->md5s[k], (size_t)s->nmd5[k], sizeof(char *), by_str);
	return rc;
}

static bool has_md5(const bf_merge_src *s, int k, const char *md5)
{
	return s->nmd5[k] &&
	       bsearch(&md5, s->md5s[k], (size_t)s->nmd5[k], sizeof(char *), by_str) != NULL;
}

static const char *intern_task(bf_merge *m, const char *task)
{
	for (int i = m->ntasks - 1; i >= 0 && i >= m->ntasks - 4; i--)
		if (strcmp(m->tasks[i], task) == 0)
			return m->tasks[i];
	if (m->ntasks == m->tcap) {
		m->tcap = m->tcap ? m->tcap * 2 : 64;
		m->tasks = bf_xrealloc(m->tasks, sizeof(char *) * (size_t)m->tcap);
	}
	return m->tasks[m->ntasks++] = bf_xstrdup(task);
}

static void add_link(bf_merge *m, int k, const char *task, int64_t score, int t_log,
		     const char *md5)
{
	if (m->nlinks == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->links = bf_xrealloc(m->links, sizeof(bf_merge_link) * (size_t)m->cap);
	}
	bf_merge_link *l = &m->links[m->nlinks++];
	l->task = intern_task(m, task);
	l->score = score;
	l->t_log = t_log;
	memcpy(l->md5, md5, 32);
	l->md5[32] = '\0';
	l->src = m->nsrcs;
	l->kind = k;
}

/* The links of one <score>/<t_log> directory: each exactly what filing
 * makes. */
static int read_links(bf_merge *m, bf_merge_src *s, int k, DIR *tl, const char *where,
		      const char *task, int64_t score, int t_log, char *err, size_t errlen)
{
	struct dirent *e;
	while ((e = readdir(tl))) {
		if (dot(e->d_name))
			continue;
		char target[300], want[300];
		ssize_t n = bf_store_md5_name(e->d_name)
				    ? readlinkat(dirfd(tl), e->d_name, target, sizeof(target) - 1)
				    : -1;
		target[n > 0 ? n : 0] = '\0';
		snprintf(want, sizeof(want), "../../../../%s/%s", kind_md5[k], e->d_name);
		char md5[33];
		snprintf(md5, sizeof(md5), "%.32s", e->d_name);
		if (n < 0 || strcmp(target, want) != 0 || !has_md5(s, k, md5)) {
			snprintf(err, errlen, "%s/%s/%s: not a link to a sound program of the store",
				 s->root, where, e->d_name);
			return -1;
		}
		add_link(m, k, task, score, t_log, e->d_name);
	}
	return 0;
}

/* One solve_<task> directory: <score>/<t_log>/<md5>.py links only. */
static int read_task(bf_merge *m, bf_merge_src *s, int k, DIR *td, const char *task,
		     char *err, size_t errlen)
{
	struct dirent *se;
	int rc = 0;
	while (rc == 0 && (se = readdir(td))) {
		int64_t score, tl;
		if (dot(se->d_name))
			continue;
		DIR *sd = bf_store_placing_name(se->d_name, &score) ? open_dir_at(dirfd(td), se->d_name)
								    : NULL;
		char where[600];
		snprintf(where, sizeof(where), "%s/solve_%s/%s", kind_dir[k], task, se->d_name);
		if (!sd) {
			snprintf(err, errlen, "%s/%s: not a score directory", s->root, where);
			return -1;
		}
		struct dirent *te;
		while (rc == 0 && (te = readdir(sd))) {
			if (dot(te->d_name))
				continue;
			DIR *tld = bf_store_placing_name(te->d_name, &tl)
					   ? open_dir_at(dirfd(sd), te->d_name)
					   : NULL;
			char w2[900];
			snprintf(w2, sizeof(w2), "%s/%s", where, te->d_name);
			if (!tld) {
				snprintf(err, errlen, "%s/%s: not a t_log directory", s->root, w2);
				rc = -1;
				break;
			}
			rc = read_links(m, s, k, tld, w2, task, score, (int)tl, err, errlen);
			closedir(tld);
		}
		closedir(sd);
	}
	return rc;
}

static int read_task_dirs(bf_merge *m, bf_merge_src *s, int k, char *err, size_t errlen)
{
	DIR *d = open_dir_at(s->rootfd, kind_dir[k]);
	if (!d) {
		snprintf(err, errlen, "%s/%s: %s", s->root, kind_dir[k], strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		if (dot(e->d_name))
			continue;
		DIR *td = strncmp(e->d_name, "solve_", 6) == 0 && e->d_name[6]
				  ? open_dir_at(dirfd(d), e->d_name)
				  : NULL;
		if (!td) {
			snprintf(err, errlen, "%s/%s/%s: not a task directory", s->root, kind_dir[k],
				 e->d_name);
			rc = -1;
			break;
		}
		rc = read_task(m, s, k, td, e->d_name + 6, err, errlen);
		closedir(td);
	}
	closedir(d);
	return rc;
}

static void src_release(bf_merge_src *s)
{
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < s->nmd5[k]; i++)
			free(s->md5s[k][i]);
		free(s->md5s[k]);
		if (s->md5fd[k] >= 0)
			close(s->md5fd[k]);
	}
	if (s->rootfd >= 0)
		close(s->rootfd);
	free(s->root);
}

/* Compare the source's store.json with the others': settings that decide
 * placings must agree; libraries may differ (the merge keeps the best of
 * each, as a store filed by runs of several libraries does). */
static int check_settings(bf_merge *m, const bf_merge_src *s, char *err, size_t errlen)
{
	bf_store_meta sm;
	char msg[512];
	int r = bf_store_meta_read(s->rootfd, &sm, msg, sizeof(msg));
	if (r < 0) {
		snprintf(err, errlen, "%s: %s", s->root, msg);
		return -1;
	}
	if (m->nsrcs > 0 && (r == 1) != (m->nmeta > 0)) {
		snprintf(err, errlen, "%s: %s .battfarm/store.json, unlike %s: its settings cannot be "
				      "checked against theirs",
			 s->root, r ? "has a" : "has no", m->srcs[0].root);
		return -1;
	}
	if (r == 0)
		return 0;
	if (m->nmeta) {
		bf_meta_diff d = bf_store_meta_compare(&m->meta, &sm, msg, sizeof(msg));
		if (d == BF_META_CONFLICT) {
			snprintf(err, errlen, "%s: settings cannot be merged with %s's: %s", s->root,
				 m->srcs[0].root, msg);
			return -1;
		}
		m->library_differs |= d == BF_META_LIBRARY;
	}
	m->meta = sm; /* the last source's library names the merge's */
	m->nmeta++;
	return 0;
}

int bf_merge_add(bf_merge *m, const char *root, char *err, size_t errlen)
{
	m->srcs = bf_xrealloc(m->srcs, sizeof(bf_merge_src) * (size_t)(m->nsrcs + 1));
	bf_merge_src *s = &m->srcs[m->nsrcs];
	memset(s, 0, sizeof(*s));
	s->md5fd[0] = s->md5fd[1] = -1;
	s->root = bf_xstrdup(root);
	s->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int nlinks0 = m->nlinks;
	if (s->rootfd < 0) {
		snprintf(err, errlen, "%s: %s", root, strerror(errno));
		goto fail;
	}
	if (check_settings(m, s, err, errlen) < 0)
		goto fail;
	for (int k = 0; k < 2; k++)
		if (read_md5s(s, k, err, errlen) < 0 || read_task_dirs(m, s, k, err, errlen) < 0)
			goto fail;
	m->nsrcs++;
	return 0;
fail:
	m->nlinks = nlinks0;
	src_release(s);
	return -1;
}

/* Kind, then task, then best first: each task directory is filed in one
 * pass, in the order a run files it. */
static int by_kind_task_rank(const void *a, const void *b)
{
	const bf_merge_link *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	int c = strcmp(x->task, y->task);
	if (c)
		return c;
	c = -bf_filed_cmp(x->score, x->t_log, x->md5, y->score, y->t_log, y->md5);
	return c ? c : x->src - y->src;
}

/* The text of md5 from source s, when out does not have it yet. */
static int put_text(bf_merge *m, bf_store *out, const bf_merge_src *s, int k, const char *md5,
		    char *err, size_t errlen)
{
	if (!bf_store_needs_text(out, (bf_store_kind)k, md5))
		return 0;
	char name[40];
	snprintf(name, sizeof(name), "%.32s.py", md5);
	size_t len;
	char *text = bf_fs_read(s->md5fd[k], name, MAX_PROGRAM, &len);
	if (!text) {
		snprintf(err, errlen, "%s/%s/%s: %s", s->root, kind_md5[k], name, strerror(errno));
		return -1;
	}
	int rc = bf_store_put_md5(out, (bf_store_kind)k, md5, text, len, err, errlen);
	free(text);
	m->md5_written += rc == 0;
	return rc;
}

/* Whether l's md5 already has a placing in td at least as good: a run
 * would move it to the placing its own settings give, but of the sources'
 * placings (a differ placed by the near misses of different libraries)
 * the merge keeps the best, as one run of all the libraries would. */
static bool placed_better(const bf_taskdir *td, const bf_merge_link *l)
{
	for (int i = 0; i < td->n; i++) {
		const bf_filed *f = &td->items[i];
		if (strcmp(f->md5, l->md5) == 0)
			return bf_filed_cmp(f->score, f->t_log, f->md5, l->score, l->t_log, l->md5) >= 0;
	}
	return false;
}

static int file_links(bf_merge *m, bf_store *out, char *err, size_t errlen)
{
	if (m->nlinks > 1)
		qsort(m->links, (size_t)m->nlinks, sizeof(bf_merge_link), by_kind_task_rank);
	bf_taskdir td;
	memset(&td, 0, sizeof(td));
	for (int i = 0; i < m->nlinks; i++) {
		const bf_merge_link *l = &m->links[i];
		bool first = i == 0 || l->kind != m->links[i - 1].kind ||
			     strcmp(l->task, m->links[i - 1].task) != 0;
		if (first) {
			bf_taskdir_release(&td);
			if (bf_store_load_taskdir(out, (bf_store_kind)l->kind, l->task, &td, err,
						  errlen) < 0)
				return -1;
		}
		if (placed_better(&td, l) || !bf_store_would_keep(out, &td, l->score, l->t_log, l->md5))
			continue;
		if (put_text(m, out, &m->srcs[l->src], l->kind, l->md5, err, errlen) < 0)
			goto fail;
		int f = bf_store_file(out, (bf_store_kind)l->kind, &td, l->score, l->t_log, l->md5,
				      NULL, 0, err, errlen);
		if (f < 0)
			goto fail;
		m->links_filed += (uint64_t)f;
	}
	bf_taskdir_release(&td);
	return 0;
fail:
	bf_taskdir_release(&td);
	return -1;
}

/* Add another store's names index to idx. */
static void absorb_names(json_t *idx, const json_t *other)
{
	static const char *section[2] = {"solvers", "differs"};
	for (int k = 0; k < 2; k++) {
		const char *md5;
		json_t *names;
		json_object_foreach(json_object_get(other, section[k]), md5, names) {
			size_t i;
			json_t *name;
			json_array_foreach(names, i, name)
				if (json_is_string(name))
					bf_names_add(idx, (bf_store_kind)k, md5, json_string_value(name));
		}
	}
	const char *id;
	json_t *t;
	json_object_foreach(json_object_get(other, "tasks"), id, t)
		bf_names_add_task(idx, id, (int)json_integer_value(json_object_get(t, "samples")),
				  (int)json_integer_value(json_object_get(t, "scored")));
}

/* The union of the sources' names indexes and the output's. */
static int merge_names(bf_merge *m, bf_store *out, char *err, size_t errlen)
{
	json_t *idx = bf_names_load(out->root);
	for (int s = 0; s < m->nsrcs; s++) {
		json_t *other = bf_names_load(m->srcs[s].root);
		absorb_names(idx, other);
		json_decref(other);
	}
	int rc = bf_names_save(idx, out->root, err, errlen);
	json_decref(idx);
	return rc;
}

/* The output's own settings, when it has some, must agree with the
 * sources'. */
static int check_output(const bf_merge *m, bf_store *out, char *err, size_t errlen)
{
	bf_store_meta om;
	char msg[512];
	int r = bf_store_meta_read(out->rootfd, &om, msg, sizeof(msg));
	if (r < 0)
		snprintf(err, errlen, "%s: %s", out->root, msg);
	else if (r == 1 && !m->nmeta)
		snprintf(err, errlen, "%s has a .battfarm/store.json and the stores merged into it "
				      "none: their settings cannot be checked", out->root);
	else if (r == 1 && bf_store_meta_compare(&om, &m->meta, msg, sizeof(msg)) == BF_META_CONFLICT)
		snprintf(err, errlen, "%s: settings cannot be merged: %s", out->root, msg);
	else
		return 0;
	return -1;
}

int bf_merge_apply(bf_merge *m, bf_store *out, bf_journal *journal, char *err, size_t errlen)
{
	if (check_output(m, out, err, errlen) < 0 || file_links(m, out, err, errlen) < 0)
		return -1;
	for (int s = 0; s < m->nsrcs; s++) {
		bf_merge_src *src = &m->srcs[s];
		for (int k = 0; k < 2; k++)
			for (int i = 0; i < src->nmd5[k]; i++)
				if (put_text(m, out, src, k, src->md5s[k][i], err, errlen) < 0)
					return -1;
		if (bf_journal_absorb(journal, src->rootfd, err, errlen) < 0)
			return -1;
	}
	if (m->nmeta && bf_store_meta_write(out->rootfd, &m->meta, err, errlen) < 0)
		return -1;
	return merge_names(m, out, err, errlen);
}

void bf_merge_release(bf_merge *m)
{
	for (int s = 0; s < m->nsrcs; s++)
		src_release(&m->srcs[s]);
	free(m->srcs);
	for (int i = 0; i < m->ntasks; i++)
		free(m->tasks[i]);
	free(m->tasks);
	free(m->links);
	memset(m, 0, sizeof(*m));
}

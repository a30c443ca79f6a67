/*
 * listing.c -- a store's task directories listed for reading (see
 * listing.h): each level opened beneath its parent's descriptor, no link
 * followed.  What is not a score, t_log or <md5>.py entry is passed over,
 * as the run's own loading does; what should be a directory and is not is
 * said, then skipped (verify reports it and --repair removes it).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsat.h"
#include "battfarm/listing.h"
#include "battfarm/util.h"

#define MAX_PROGRAM ((size_t)64 << 20)

/* The directory name beneath dfd (rel names it under root, for the
 * message); -1 when it is absent, or refused, said and counted. */
static int open_level(const char *root, int *refused, int dfd, const char *name, const char *rel)
{
	int fd = bf_fs_opendir(dfd, name, false);
	if (fd >= 0 || errno == ENOENT)
		return fd;
	(*refused)++;
	if (errno == ENOTDIR || errno == ELOOP)
		fprintf(stderr, "battfarm: %s/%s: %s, not a directory: skipped (`battfarm verify` "
				"reports it)\n", root, rel, bf_fs_kind(dfd, name));
	else
		fprintf(stderr, "battfarm: %s/%s: %s: skipped\n", root, rel, strerror(errno));
	return -1;
}

int bf_listing_open(bf_listing *l, const char *root)
{
	l->root = root;
	l->dirfd[0] = l->dirfd[1] = -1;
	l->refused = 0;
	l->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (l->rootfd < 0)
		return -1;
	for (int k = 0; k < 2; k++) {
		const char *dir = bf_store_dir_dir((bf_store_kind)k);
		l->dirfd[k] = open_level(root, &l->refused, l->rootfd, dir, dir);
	}
	return 0;
}

void bf_listing_close(bf_listing *l)
{
	for (int k = 0; k < 2; k++)
		if (l->dirfd[k] >= 0)
			close(l->dirfd[k]);
	if (l->rootfd >= 0)
		close(l->rootfd);
	l->rootfd = l->dirfd[0] = l->dirfd[1] = -1;
}

static int by_rank(const void *a, const void *b)
{
	const bf_filed *x = a, *y = b;
	return -bf_filed_cmp(x->score, x->t_log, x->md5, y->score, y->t_log, y->md5);
}

typedef struct found {
	bf_filed *items;
	int n, cap;
} found;

/* The <md5>.py entries of one <score>/<t_log>/ directory (their names
 * only: the links are never followed here). */
static void add_placing(found *f, int tfd, int64_t score, int64_t tl)
{
	int nf;
	char **files = bf_fs_names(tfd, &nf);
	for (int k = 0; k < nf; k++) {
		if (strlen(files[k]) != 35 || strcmp(files[k] + 32, ".py") != 0)
			continue;
		if (f->n == f->cap) {
			f->cap = f->cap ? 2 * f->cap : 16;
			f->items = bf_xrealloc(f->items, sizeof(bf_filed) * (size_t)f->cap);
		}
		bf_filed *it = &f->items[f->n++];
		it->score = score;
		it->t_log = (int)tl;
		memcpy(it->md5, files[k], 32);
		it->md5[32] = '\0';
	}
	bf_free_list(files);
}

/* Every <t_log>/ of one <score>/ directory. */
static void add_score(found *f, bf_listing *l, int sfd, const char *srel, int64_t score)
{
	int nt;
	char **tlogs = bf_fs_names(sfd, &nt);
	for (int j = 0; j < nt; j++) {
		int64_t tl;
		if (!bf_parse_i64(tlogs[j], &tl))
			continue;
		char *trel = bf_xasprintf("%s/%s", srel, tlogs[j]);
		int tfd = open_level(l->root, &l->refused, sfd, tlogs[j], trel);
		free(trel);
		if (tfd >= 0) {
			add_placing(f, tfd, score, tl);
			close(tfd);
		}
	}
	bf_free_list(tlogs);
}

bf_filed *bf_listing_task(bf_listing *l, bf_store_kind kind, const char *task, int *n)
{
	found f = {bf_xmalloc(sizeof(bf_filed) * 16), 0, 16};
	char *name = bf_xasprintf("solve_%s", task);
	char *rel = bf_xasprintf("%s/%s", bf_store_dir_dir(kind), name);
	int dfd = l->dirfd[kind] >= 0 ? open_level(l->root, &l->refused, l->dirfd[kind], name, rel) : -1;
	int ns = 0;
	char **scores = dfd >= 0 ? bf_fs_names(dfd, &ns) : NULL;
	for (int i = 0; i < ns; i++) {
		int64_t score;
		if (!bf_parse_i64(scores[i], &score))
			continue;
		char *srel = bf_xasprintf("%s/%s", rel, scores[i]);
		int sfd = open_level(l->root, &l->refused, dfd, scores[i], srel);
		if (sfd >= 0) {
			add_score(&f, l, sfd, srel, score);
			close(sfd);
		}
		free(srel);
	}
	if (scores)
		bf_free_list(scores);
	if (dfd >= 0)
		close(dfd);
	free(rel);
	free(name);
	qsort(f.items, (size_t)f.n, sizeof(bf_filed), by_rank);
	*n = f.n;
	return f.items;
}

char **bf_listing_task_ids(const bf_listing *l, int *n)
{
	int nd = 0;
	char **dirs = l->dirfd[BF_STORE_SOLVER] >= 0 ? bf_fs_names(l->dirfd[BF_STORE_SOLVER], &nd)
						     : NULL;
	char **ids = bf_xmalloc(sizeof(char *) * (size_t)(nd + 1));
	*n = 0;
	for (int i = 0; i < nd; i++)
		if (strncmp(dirs[i], "solve_", 6) == 0)
			ids[(*n)++] = bf_xstrdup(dirs[i] + 6);
	ids[*n] = NULL;
	if (dirs)
		bf_free_list(dirs);
	return ids;
}

bf_filed *bf_store_list_task(const char *root, bf_store_kind kind, const char *task, int *n)
{
	bf_listing l;
	if (bf_listing_open(&l, root) < 0) {
		*n = 0;
		return bf_xmalloc(sizeof(bf_filed));
	}
	bf_filed *items = bf_listing_task(&l, kind, task, n);
	bf_listing_close(&l);
	return items;
}

char *bf_store_read_program(const char *root, bf_store_kind kind, const char *md5, size_t *len)
{
	const char *dir = bf_store_md5_dir(kind);
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), refused = 0;
	int dfd = rootfd >= 0 ? open_level(root, &refused, rootfd, dir, dir) : -1;
	char name[40];
	snprintf(name, sizeof(name), "%.32s.py", md5);
	char *text = dfd >= 0 ? bf_fs_read(dfd, name, MAX_PROGRAM, len) : NULL;
	if (!text && dfd >= 0 && errno != ENOENT)
		fprintf(stderr, "battfarm: %s/%s/%s: %s: skipped (`battfarm verify` reports it)\n",
			root, dir, name, errno == ELOOP || errno == EINVAL ? bf_fs_kind(dfd, name)
									: strerror(errno));
	if (dfd >= 0)
		close(dfd);
	if (rootfd >= 0)
		close(rootfd);
	return text;
}

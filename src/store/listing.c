/*
 * listing.c -- a store's task directories read by path, without opening the
 * store: `results` and `run --predict` read, they never create or repair,
 * so they may run beside a run that holds the lock.  What is not a score,
 * t_log or <md5>.py entry is passed over (verify reports it).
 */
#include <stdlib.h>
#include <string.h>

#include "battfarm/listing.h"
#include "battfarm/util.h"

static const char *kind_dir[2] = {"solver_dir", "differ_dir"};

static int by_rank(const void *a, const void *b)
{
	const bf_filed *x = a, *y = b;
	return -bf_filed_cmp(x->score, x->t_log, x->md5, y->score, y->t_log, y->md5);
}

bf_filed *bf_store_list_task(const char *root, bf_store_kind kind, const char *task, int *n)
{
	int cap = 16;
	bf_filed *items = bf_xmalloc(sizeof(bf_filed) * (size_t)cap);
	*n = 0;
	char *dir = bf_xasprintf("%s/%s/solve_%s", root, kind_dir[kind], task);
	int ns;
	char **scores = bf_list_dir(dir, "", &ns);
	for (int i = 0; i < ns; i++) {
		int64_t score, tl;
		if (!bf_parse_i64(scores[i], &score))
			continue;
		char *sdir = bf_xasprintf("%s/%s", dir, scores[i]);
		int nt;
		char **tlogs = bf_list_dir(sdir, "", &nt);
		for (int j = 0; j < nt; j++) {
			if (!bf_parse_i64(tlogs[j], &tl))
				continue;
			char *tdir = bf_xasprintf("%s/%s", sdir, tlogs[j]);
			int nf;
			char **files = bf_list_dir(tdir, ".py", &nf);
			for (int k = 0; k < nf; k++) {
				if (strlen(files[k]) != 35 || strcmp(files[k] + 32, ".py") != 0)
					continue;
				if (*n == cap) {
					cap *= 2;
					items = bf_xrealloc(items, sizeof(bf_filed) * (size_t)cap);
				}
				items[*n].score = score;
				items[*n].t_log = (int)tl;
				memcpy(items[*n].md5, files[k], 32);
				items[*n].md5[32] = '\0';
				(*n)++;
			}
			bf_free_list(files);
			free(tdir);
		}
		bf_free_list(tlogs);
		free(sdir);
	}
	bf_free_list(scores);
	free(dir);
	qsort(items, (size_t)*n, sizeof(bf_filed), by_rank);
	return items;
}


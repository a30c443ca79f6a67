/*
 * merge.h -- uniting stores (`battfarm merge --out DIR STORE...`).
 *
 * Every source is read whole and checked before anything is written: its
 * .battfarm/store.json must agree with the others' (and the output's) on
 * every setting that decides placings (max-files, budget, cost model;
 * libraries may differ: the merge keeps the best of each); each
 * md5 file must be a regular file whose inlined text hashes to its name,
 * each link must be one battfarm makes (named like its target, pointing
 * at a sound md5 file of its kind), names canonical.  A source that is
 * not such a store is refused, naming the entry, and nothing is merged.
 * Then each task directory of each kind is filed into the output with
 * check_save (best first, the output's max-files), every md5 file of the
 * sources is copied (a run keeps the files of programs it evicted, so one
 * run's store has them too), and the sources' journals and names indexes
 * (names.h) are united.  Shard
 * stores of one job so merge, byte for byte, into the store of one run.
 * Sources are only read.
 */
#ifndef BATTFARM_MERGE_H
#define BATTFARM_MERGE_H

#include <stdint.h>

#include "battfarm/journal.h"
#include "battfarm/store_meta.h"
#include "battfarm/store.h"
#include "battfarm/strset.h"

typedef struct bf_merge_link {
	const char *task; /* owned by the merge */
	int64_t score;
	int t_log;
	char md5[33];
	int src;
	int kind; /* bf_store_kind */
} bf_merge_link;

typedef struct bf_merge_src {
	char *root;
	int rootfd;
	int md5fd[2];        /* solver_md5, differ_md5 */
	char **md5s[2];      /* sound md5 files, per kind */
	int nmd5[2];
} bf_merge_src;

typedef struct bf_merge {
	bf_merge_src *srcs;
	int nsrcs;
	bf_merge_link *links;
	int nlinks, cap;
	char **tasks; /* the task names the links point into */
	int ntasks, tcap;
	bf_store_meta meta;   /* the sources' settings (the last one's library) */
	int nmeta;            /* sources with a store.json: all or none */
	bool library_differs; /* made with different libraries */
	/* what applying did */
	uint64_t md5_written, links_filed;
} bf_merge;

void bf_merge_init(bf_merge *m);
/* Read and check the store at root.  -1 with a message naming what is
 * wrong; the merge is then as before. */
int bf_merge_add(bf_merge *m, const char *root, char *err, size_t errlen);
/* File everything read into out and its journal.  -1 with a message. */
int bf_merge_apply(bf_merge *m, bf_store *out, bf_journal *journal, char *err, size_t errlen);
void bf_merge_release(bf_merge *m);

#endif

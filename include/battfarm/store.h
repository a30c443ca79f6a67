/*
 * store.h -- the content-addressed output tree.
 *
 *   OUT/solver_md5/<md5>.py                         expanded program, once per md5
 *   OUT/solver_dir/solve_<task>/<score>/<t_log>/<md5>.py -> ../../../../solver_md5/<md5>.py
 *   OUT/differ_md5/, OUT/differ_dir/                the same for differs
 *
 * Promises: a file in *_md5/ is complete or absent (temp file + rename);
 * links are relative, so the tree can be moved; a task directory keeps at
 * most max_files programs, the best by (score, t_log, md5) -- a total order,
 * so the result does not depend on the order candidates arrive in and a
 * re-run changes nothing; each directory is created with one mkdir per run
 * and each task directory is read once per run.
 */
#ifndef BATTFARM_STORE_H
#define BATTFARM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "battfarm/prof.h"

typedef enum bf_store_kind {
	BF_STORE_SOLVER,
	BF_STORE_DIFFER,
} bf_store_kind;

/* One program filed in a task directory. */
typedef struct bf_filed {
	int64_t score;
	int t_log;
	char md5[33];
} bf_filed;

/* The in-memory index of one task directory. */
typedef struct bf_taskdir {
	char *rel;        /* "solver_dir/solve_<task>" */
	bf_filed *items;
	int n, cap;
} bf_taskdir;

#include "battfarm/strset.h"

typedef struct bf_store {
	char *root;
	int rootfd;
	int max_files;
	bf_strset *dirs;   /* directories known to exist */
	bf_strset *md5s[2];/* md5 files known to exist, per kind */
	bf_prof_slot *prof;/* where the store's work is timed */
	uint64_t files_written, links_made, links_removed;
} bf_store;

/* Whether kind's md5 file is still to be written (its text is needed). */
bool bf_store_needs_text(bf_store *st, bf_store_kind kind, const char *md5);

/* Open (creating) the store at root, as its owner: temp files a killed run
 * left behind are removed.  -1 with a message on failure. */
int bf_store_open(bf_store *st, const char *root, int max_files, bf_prof_slot *prof, char *err,
		  size_t errlen);
/* The same; a farm worker opens as a non-owner, since another worker's
 * temp file may be a write in progress. */
int bf_store_open_as(bf_store *st, const char *root, int max_files, bf_prof_slot *prof,
		     bool owner, char *err, size_t errlen);
void bf_store_close(bf_store *st);

/* Take the store's run lock (a record lock on the empty OUT/.battfarm.lock):
 * one run at a time may write a store.  The descriptor to keep, or -1 with a
 * message when the lock file cannot be opened, -2 when another process holds
 * the lock (the message names its pid). */
int bf_store_lock(const char *root, char *err, size_t errlen);
void bf_store_unlock(int fd);

/* Read a task directory's index (once per run per task, by the caller). */
int bf_store_load_taskdir(bf_store *st, bf_store_kind kind, const char *task, bf_taskdir *td,
			  char *err, size_t errlen);
void bf_taskdir_release(bf_taskdir *td);

/* Whether a program (score, t_log, md5) would be kept in td: the pre-check
 * of phase 3a, with no file work. */
bool bf_store_would_keep(const bf_store *st, const bf_taskdir *td, int64_t score, int t_log,
			 const char *md5);

/* File a program: write its expanded text (may be NULL when
 * bf_store_needs_text said no) once per md5, link it under
 * <score>/<t_log>/, evict the worst when the directory is full.  Returns 1
 * when filed, 0 when it was not good enough or already there, -1 on error. */
int bf_store_file(bf_store *st, bf_store_kind kind, bf_taskdir *td, int64_t score, int t_log,
		  const char *md5, const char *text, size_t len, char *err, size_t errlen);

/* The total order of filed programs: better score, then better t_log, then
 * the smaller md5.  >0 when a is better than b. */
int bf_filed_cmp(int64_t sa, int ta, const char *ma, int64_t sb, int tb, const char *mb);

#endif

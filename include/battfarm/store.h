/*
 * store.h -- the content-addressed output tree.
 *
 *   OUT/solver_md5/<md5>.py                         expanded program, once per md5
 *   OUT/solver_dir/solve_<task>/<score>/<t_log>/<md5>.py -> ../../../../solver_md5/<md5>.py
 *   OUT/differ_md5/, OUT/differ_dir/                the same for differs
 *
 *   OUT/.battfarm.lock, OUT/.battfarm/store.json    the run lock; how it was made
 *
 * Every path is opened beneath the root's descriptor without following a
 * symlink (fsat.h); the only links are the ones filed here.
 * Promises: a file in *_md5/ is complete or absent (temp file, fsync,
 * rename);
 * links are relative, so the tree can be moved; a task directory keeps at
 * most max_files programs, the best by (score, t_log, md5) -- a total order,
 * so the result does not depend on the order candidates arrive in and a
 * re-run changes nothing; each task directory is read once per run and
 * held open by descriptor while it is filed.
 */
#ifndef BATTFARM_STORE_H
#define BATTFARM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "battfarm/metrics.h"

/* One program filed in a task directory. */
typedef struct bf_filed {
	int64_t score;
	int t_log;
	char md5[33];
} bf_filed;

typedef enum bf_store_kind {
	BF_STORE_SOLVER,
	BF_STORE_DIFFER,
} bf_store_kind;

/* The in-memory index of one task directory, with its descriptor (-1 until
 * the directory exists: it is made at the first filing). */
typedef struct bf_taskdir {
	char *rel;        /* "solver_dir/solve_<task>", for messages */
	char *name;       /* "solve_<task>" */
	bf_store_kind kind;
	int fd;
	bf_filed *items;
	int n, cap;
} bf_taskdir;

#include "battfarm/strset.h"

typedef struct bf_store {
	char *root;
	int rootfd;
	int md5fd[2];      /* solver_md5/, differ_md5/ */
	int dirfd[2];      /* solver_dir/, differ_dir/ */
	int max_files;
	bf_strset *sound[2];/* md5 files checked or written by this process, per kind */
	bool md5_dirty[2]; /* a rename in *_md5/ not yet made durable */
	bf_prof_slot *prof;/* where the store's work is timed */
	uint64_t files_written, links_made, links_removed;
} bf_store;

/* Whether kind's md5 file still needs its text.  An existing file is
 * reused only when it is a regular file (opened without following a link
 * or blocking) whose inlined text hashes to its name; it is checked once
 * per process, and a lost or damaged one is rewritten by the next run. */
bool bf_store_needs_text(bf_store *st, bf_store_kind kind, const char *md5);

/* Open (creating) the store at root, as its owner: temp files and empty
 * placing directories a killed run left behind are removed.  A symlink or anything but a directory where
 * one of the four trees should be is refused.  -1 with a message. */
int bf_store_open(bf_store *st, const char *root, int max_files, bf_prof_slot *prof, char *err,
		  size_t errlen);
/* The same; a farm worker opens as a non-owner, since another worker's
 * temp file may be a write in progress. */
int bf_store_open_as(bf_store *st, const char *root, int max_files, bf_prof_slot *prof,
		     bool owner, char *err, size_t errlen);
/* Makes the renames of this process durable (one fsync per md5 directory
 * written), then closes. */
void bf_store_close(bf_store *st);

/* Take the store's run lock (a record lock on the empty OUT/.battfarm.lock,
 * created without following a link, refused unless a regular file): one
 * run at a time may write a store.  The descriptor to keep, or -1 with a
 * message when the lock file cannot be opened, -2 when another process
 * holds the lock (the message names its pid). */
int bf_store_lock(const char *root, char *err, size_t errlen);
/* A shared lock for a reader (plain verify): nothing is created.  The
 * descriptor, -3 when there is no lock file (no run has held it), -2 when
 * a run holds it, -1 with a message when it is not a regular file. */
int bf_store_lock_shared(int rootfd, const char *root, char *err, size_t errlen);
void bf_store_unlock(int fd);

/* Read a task directory's index (once per run per task, by the caller).
 * Only canonical entries count: <score>/<t_log>/<md5>.py links; a second
 * link of one md5 and empty directories are removed (verify reports the
 * rest).  A symlink in place of the directory is an error. */
int bf_store_load_taskdir(bf_store *st, bf_store_kind kind, const char *task, bf_taskdir *td,
			  char *err, size_t errlen);
void bf_taskdir_release(bf_taskdir *td);

/* Whether a program (score, t_log, md5) would be filed in td: the pre-check
 * of phase 3a, with no file work.  A program already there is news when its
 * placing differs (this run's settings are the store's: store.json) or its
 * md5 file is not yet checked. */
bool bf_store_would_keep(const bf_store *st, const bf_taskdir *td, int64_t score, int t_log,
			 const char *md5);

/* File a program: write its expanded text (may be NULL when
 * bf_store_needs_text said no) once per md5, link it under
 * <score>/<t_log>/, evict the worst when the directory is full; a link
 * moved or evicted takes its emptied directories with it.  Returns 1 when
 * filed, 0 when it was not good enough or already there, -1 on error. */
int bf_store_file(bf_store *st, bf_store_kind kind, bf_taskdir *td, int64_t score, int t_log,
		  const char *md5, const char *text, size_t len, char *err, size_t errlen);

/* Write kind's md5 file unless it is there, with no link (merge copies
 * the files a run wrote and then evicted).  -1 with a message. */
int bf_store_put_md5(bf_store *st, bf_store_kind kind, const char *md5, const char *text,
		     size_t len, char *err, size_t errlen);

/* The total order of filed programs: better score, then better t_log, then
 * the smaller md5.  >0 when a is better than b. */
int bf_filed_cmp(int64_t sa, int ta, const char *ma, int64_t sb, int tb, const char *mb);

/* The store's names: "<md5>.py" (32 lowercase hex digits), a placing
 * (score or t_log) written as %lld writes it (no sign but '-', no zero
 * padding), the tree names per kind. */
bool bf_store_md5_name(const char *name);
/* Why src (the text of the md5 file name) is unsound, or NULL: it must
 * parse as one program whose inlined text hashes to name. */
const char *bf_store_text_fault(const char *src, size_t len, bf_store_kind kind,
				const char *name);
bool bf_store_placing_name(const char *name, int64_t *v);
const char *bf_store_md5_dir(bf_store_kind k);
const char *bf_store_dir_dir(bf_store_kind k);

#endif

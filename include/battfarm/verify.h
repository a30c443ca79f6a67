/*
 * verify.h -- is a store what the store promises (store.h)?
 *
 * Content: every file in *_md5/ is a regular file named <md5>.py holding
 * exactly the expanded text of one program whose inlined text hashes to
 * that md5.  Structure: every entry is of the kind its place needs (the
 * four trees and each solve_<task>/<score>/<t_log>/ a directory, each
 * filed entry a link, the lock an empty regular file), names are
 * canonical (solve_<valid id>, placings as %lld writes them: no 04000/020),
 * each link points at its md5 file of its kind, one link per md5 per task
 * directory, at most max_files (from store.json) per task, no empty
 * directory, no temp file.
 *
 * Nothing is followed: every entry is looked at with fstatat/readlinkat
 * beneath the root's descriptor (fsat.h), files are opened O_NONBLOCK and
 * checked regular before they are read.  With repair every problem
 * reported is fixed by removing the entry (a directory with what is in it,
 * a link itself, never its target, never crossing to another file
 * system), after which the store passes and a re-run restores what was
 * removed.  Called by src/cli/cmd_verify.c.
 */
#ifndef BATTFARM_VERIFY_H
#define BATTFARM_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct bf_verify_opts {
	const char *root;
	bool repair;
	int max_files; /* 0: the store's (store.json), else 32 */
} bf_verify_opts;

typedef struct bf_verify_result {
	int tasks;     /* task directories checked */
	int problems;  /* reported */
	int repaired;  /* of those, fixed */
	int max_files; /* the limit checked against */
	bool from_meta;/* ... taken from store.json */
} bf_verify_result;

/* Verify (and with repair, fix) the store at o->root, one line per
 * problem on msgs.  0 when it ran (the result says what it found); -2
 * with a message when the store is busy (a run holds its lock); -1 with
 * a message when it could not run: not a directory, a lock that cannot be
 * taken, a max_files that contradicts store.json. */
int bf_store_verify(const bf_verify_opts *o, bf_verify_result *r, FILE *msgs, char *err,
		    size_t errlen);

#endif

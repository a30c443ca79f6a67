/*
 * store_meta.h -- OUT/.battfarm/store.json: how a store was made.
 *
 *   {
 *     "format": 1,
 *     "max_files": 32,
 *     "budget": 8000000,
 *     "cost_model": {"t_log_from": "cost", "seconds_per_unit": 1e-06},
 *     "library": "<md5 of the sorted solver and differ md5s of the last run>"
 *   }
 *
 * Written by `run` (temp file, fsync, rename, fsync of .battfarm/) when
 * the store has none or its library changed; read by `verify` (max_files)
 * and by later runs, which compare their settings with it:
 *
 *  - max_files, budget or cost model differ: the run refuses (exit 2).
 *    Mixing them would rank programs on incomparable scores and t_logs, or
 *    leave task directories the next verify calls overfull.
 *  - only the library differs: the run says so and goes on (a store
 *    gathers the best of many libraries); "library" then names the last.
 *
 * Used by: src/cli/cmd_run.c, src/store/verify.c, merge (issue 12).
 * The file is written with sorted, fixed formatting, so the same job gives
 * the same bytes.
 */
#ifndef BATTFARM_STORE_META_H
#define BATTFARM_STORE_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BF_STORE_FORMAT 1

typedef struct bf_store_meta {
	int format;
	int max_files;
	uint64_t budget;
	bool t_log_wall;          /* t_log from measured time, not the cost */
	double seconds_per_unit;  /* the cost model's seconds per work unit */
	char library[33];
} bf_store_meta;

/* Read rootfd's .battfarm/store.json (never following a link, never
 * blocking).  1 when read, 0 when there is none, -1 with a message when it
 * is there but not a sound store.json of a known format. */
int bf_store_meta_read(int rootfd, bf_store_meta *m, char *err, size_t errlen);

/* Write m as rootfd's .battfarm/store.json, atomically and durably. */
int bf_store_meta_write(int rootfd, const bf_store_meta *m, char *err, size_t errlen);

typedef enum bf_meta_diff {
	BF_META_SAME,     /* nothing differs */
	BF_META_LIBRARY,  /* only the library: go on, say so */
	BF_META_CONFLICT, /* a setting that decides placings: refuse */
} bf_meta_diff;

/* Compare a run's settings with the store's; msg says what differs (the
 * first conflicting setting, with both values and the flag to use). */
bf_meta_diff bf_store_meta_compare(const bf_store_meta *store, const bf_store_meta *run,
				   char *msg, size_t msglen);

/* What a run does with the store's store.json: none yet, it is written
 * (the run's settings); a conflict refuses (-1, err says what differs and
 * what to do); a new library is written over the old and said in note
 * ("" when nothing differs).  0 to go on. */
int bf_store_meta_adopt(int rootfd, const bf_store_meta *run, char *note, size_t notelen,
			char *err, size_t errlen);

/* The library hash: md5 of "solver <md5>\n" lines (sorted), then
 * "differ <md5>\n" lines (sorted).  md5s are read at stride bytes apart
 * starting at solvers / differs (so an array of structs can be passed). */
void bf_store_library_hash(const char *solvers, int ns, const char *differs, int nd,
			   size_t stride, char out[33]);

#endif

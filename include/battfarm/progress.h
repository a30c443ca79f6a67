/*
 * progress.h -- the run's progress on stderr: a bar on a terminal, a plain
 * line every few seconds elsewhere (progress.c).
 */
#ifndef BATTFARM_PROGRESS_H
#define BATTFARM_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "battfarm/prof.h"

#define BF_PROGRESS_EVERY 5.0 /* seconds between plain lines by default */

typedef struct bf_progress {
	FILE *f;
	bool tty;          /* a bar, redrawn in place */
	bool drawn;        /* the bar is on screen (messages must erase it) */
	int total, done, last_done;
	uint64_t candidates;
	int64_t start, last_ns, every_ns;
} bf_progress;

void bf_progress_init(bf_progress *p, FILE *f, int total, double every_sec);
/* done tasks of total, candidates checked so far; draws when due.  p may
 * be NULL (no progress). */
void bf_progress_update(bf_progress *p, int done, uint64_t candidates);
/* A message above the bar (or plainly to stderr when p is NULL). */
void bf_progress_printf(bf_progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The bar's last state, and a newline under it. */
void bf_progress_finish(bf_progress *p);

#endif

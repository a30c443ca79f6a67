/*
 * html.h -- the run's page (`run --html`, html.c): timeline, phases, tasks.
 */
#ifndef BATTFARM_HTML_H
#define BATTFARM_HTML_H

#include <stddef.h>

#include "battfarm/pipeline.h"
#include "battfarm/prof.h"
#include "battfarm/trace.h"

/* Write the page for job's run (slots: every process's timings, tr: the
 * timeline).  -1 with "path: cannot write: reason" in err. */
int bf_html_write(const char *path, const bf_job *job, const bf_prof_run *run,
		  const bf_prof_slot *slots, int nslots, const bf_trace *tr, char *err,
		  size_t errlen);

#endif

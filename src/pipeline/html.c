/*
 * html.c -- `run --html FILE`: one self-contained page (no network, no
 * external file) with the workers' timeline as SVG, the phase breakdown
 * and the per-task results read back from the store.
 *
 * The SVG is drawn here, so the page shows without script; a few lines of
 * script only add a legend count to the status line (which tests read back
 * from the DOM, in headless Chromium, to know the page ran clean).
 * Written by temp file and rename.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "battfarm/html.h"
#include "battfarm/listing.h"
#include "battfarm/names.h"
#include "battfarm/util.h"

#define SVG_WIDTH 1000
#define LABEL_WIDTH 190
#define ROW_HEIGHT 26

static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* A metric's colour: a fixed hue per metric, so pages compare. */
static void colour(FILE *f, int m)
{
	fprintf(f, "hsl(%d,60%%,55%%)", (m * 47) % 360);
}

static double x_of(const bf_trace *tr, int64_t t, double wall_ns)
{
	double x = wall_ns > 0 ? (double)(t - tr->origin) / wall_ns : 0;
	return LABEL_WIDTH + (x < 0 ? 0 : x > 1 ? 1 : x) * (SVG_WIDTH - LABEL_WIDTH - 10);
}

static void span_rect(FILE *f, const bf_trace *tr, double wall, int row, int64_t t0, int64_t t1,
		      int y_off, int h, int m, const char *title, const char *cls)
{
	double x0 = x_of(tr, t0, wall), x1 = x_of(tr, t1, wall);
	fprintf(f, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"", cls,
		x0, row * ROW_HEIGHT + y_off, x1 - x0 > 0.5 ? x1 - x0 : 0.5, h);
	if (m < 0)
		fputs("#9aa7b8", f);
	else
		colour(f, m);
	fputs("\"><title>", f);
	esc(f, title);
	fprintf(f, " (%.3f s)</title></rect>\n", (double)(t1 - t0) / 1e9);
}

/* The timeline: a row per track; a job is a grey bar, its phases coloured
 * bars inside it, end to end (see trace.c for what that means). */
static void timeline(FILE *f, const bf_trace *tr, const bf_job *job, const bf_prof_run *run)
{
	double wall = (double)(run->end_ns - run->start_ns);
	int rows = 0;
	for (int t = 0; t < tr->ntracks; t++)
		rows += tr->tracks[t].used;
	fprintf(f, "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		   "height=\"%d\">\n", SVG_WIDTH, rows * ROW_HEIGHT + 20);
	int row = 0;
	for (int t = 0; t < tr->ntracks; t++) {
		if (!tr->tracks[t].used)
			continue;
		char name[96];
		fprintf(f, "<text x=\"4\" y=\"%d\">", row * ROW_HEIGHT + 17);
		esc(f, bf_trace_track_name(tr, t, name, sizeof(name)));
		fputs("</text>\n", f);
		for (int i = 0; i < tr->n; i++) {
			const bf_trace_span *s = &tr->spans[i];
			if (s->track != t)
				continue;
			const char *id = s->info.task >= 0 ? job->tasks.tasks[s->info.task].id
							   : s->info.name;
			span_rect(f, tr, wall, row, s->t0, s->t1, 3, ROW_HEIGHT - 6, -1, id, "job");
			int64_t at = s->t0;
			for (int m = 0; m < BF_M_COUNT && s->info.task >= 0; m++) {
				if (!bf_metric_top_level((bf_metric)m) || s->ns[m] <= 0)
					continue;
				int64_t end = at + s->ns[m] < s->t1 ? at + s->ns[m] : s->t1;
				char title[160];
				snprintf(title, sizeof(title), "%s %s", id, bf_metric_name((bf_metric)m));
				span_rect(f, tr, wall, row, at, end, 8, ROW_HEIGHT - 16, m, title, "phase");
				at = end;
			}
		}
		row++;
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\">0 s</text><text x=\"%d\" y=\"%d\" "
		   "text-anchor=\"end\">%.2f s</text>\n</svg>\n",
		LABEL_WIDTH, rows * ROW_HEIGHT + 15, SVG_WIDTH - 10, rows * ROW_HEIGHT + 15,
		wall / 1e9);
}

/* The phase breakdown: each metric summed over every process. */
static void phases(FILE *f, const bf_prof_slot *slots, int nslots)
{
	int64_t ns[BF_M_COUNT] = {0}, top = 0;
	for (int i = 0; i < nslots; i++)
		for (int m = 0; m < BF_M_COUNT; m++)
			ns[m] += slots[i].ns[m];
	for (int m = 0; m < BF_M_COUNT; m++)
		top += bf_metric_top_level((bf_metric)m) ? ns[m] : 0;
	fputs("<h2>Phases</h2><p>Seconds summed over every process (supervisor and workers); "
	      "indented rows are parts of the row above.</p>\n<table id=\"phases\"><tr><th>metric"
	      "</th><th>seconds</th><th>share</th></tr>\n", f);
	for (int m = 0; m < BF_M_COUNT; m++) {
		bool tl = bf_metric_top_level((bf_metric)m);
		double share = top > 0 ? 100.0 * (double)ns[m] / (double)top : 0;
		fprintf(f, "<tr><td%s>%s</td><td>%.3f</td><td><span class=\"bar\" style=\"width:%.0fpx;"
			   "background:", tl ? "" : " class=\"part\"", bf_metric_name((bf_metric)m),
			(double)ns[m] / 1e9, share * 3);
		colour(f, m);
		fprintf(f, "\"></span> %.1f%%</td></tr>\n", share);
	}
	fputs("</table>\n", f);
}

/* Each pool's processes, jobs, busy and idle seconds (bf_prof_pool). */
static void pools(FILE *f, const bf_prof_run *run, const bf_prof_slot *slots, int nslots)
{
	fputs("<h2>Pools</h2><p>Busy: seconds in the pipeline's metrics; idle: the rest of the "
	      "tasks phase, times the processes.</p>\n<table id=\"pools\"><tr><th>role</th>"
	      "<th>processes</th><th>jobs</th><th>busy</th><th>idle</th></tr>\n", f);
	for (int r = BF_ROLE_VALIDATOR; r <= BF_ROLE_DIFFER; r++) {
		bf_pool p;
		bf_prof_pool(run, slots, nslots, (bf_role)r, &p);
		fprintf(f, "<tr><td>%s</td><td>%d</td><td>%llu</td><td>%.3f</td><td>%.3f</td></tr>\n",
			bf_role_name((bf_role)r), p.processes, (unsigned long long)p.jobs, p.busy, p.idle);
	}
	fputs("</table>\n", f);
}

/* Per task: samples, best score, exact, kept programs, the best's names. */
static void results(FILE *f, const bf_job *job)
{
	json_t *idx = bf_names_load(job->opts.out);
	fputs("<h2>Tasks</h2>\n<table id=\"tasks\"><tr><th>task</th><th>samples</th><th>best"
	      "</th><th>exact</th><th>kept</th><th>best solver</th></tr>\n", f);
	for (int t = 0; t < job->tasks.n; t++) {
		const bf_task *task = &job->tasks.tasks[t];
		int n;
		bf_filed *kept = bf_store_list_task(job->opts.out, BF_STORE_SOLVER, task->id, &n);
		int samples = task->ntrain + task->ntest;
		bool exact = n > 0 && kept[0].score == 1000LL * samples;
		fprintf(f, "<tr class=\"%s\"><td>%s</td><td>%d</td><td>%lld</td><td>%s</td><td>%d</td>"
			   "<td>", exact ? "exact" : "open", task->id, samples,
			n ? (long long)kept[0].score : 0LL, exact ? "yes" : "no", n);
		const json_t *names = n ? bf_names_of(idx, BF_STORE_SOLVER, kept[0].md5) : NULL;
		for (size_t i = 0; i < json_array_size(names); i++) {
			fputs(i ? ", " : "", f);
			esc(f, json_string_value(json_array_get(names, i)));
		}
		fputs("</td></tr>\n", f);
		free(kept);
	}
	fputs("</table>\n", f);
	json_decref(idx);
}

static const char style[] =
	"body{font:14px sans-serif;margin:1.5em;color:#222}"
	"table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left}"
	"tr:nth-child(even){background:#f3f5f8}td.part{padding-left:24px;color:#555}"
	".bar{display:inline-block;height:10px}tr.exact td:nth-child(4){color:#070}"
	"svg text{font:12px sans-serif}";

/* Counts what the page drew into the status line; reading it back shows
 * the page ran. */
static const char script[] =
	"document.addEventListener('DOMContentLoaded',function(){"
	"var jobs=document.querySelectorAll('#timeline rect.job').length;"
	"var tasks=document.querySelectorAll('#tasks tr.exact,#tasks tr.open').length;"
	"document.getElementById('status').textContent="
	"'rendered: '+jobs+' spans, '+tasks+' tasks';});";

static void page(FILE *f, const bf_job *job, const bf_prof_run *run, const bf_prof_slot *slots,
		 int nslots, const bf_trace *tr)
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		   "<title>battfarm run</title><style>%s</style><script>%s</script></head><body>\n",
		style, script);
	fprintf(f, "<h1>battfarm %s: %d tasks into ", BF_VERSION, job->tasks.n);
	esc(f, job->opts.out);
	fprintf(f, "</h1>\n<p id=\"status\">static page</p>\n<h2>Timeline</h2><p>A row per process; "
		   "grey: a job (a task or a range of its candidates), coloured: its phases' "
		   "measured durations, end to end. Wall time %.3f s.</p>\n",
		(double)(run->end_ns - run->start_ns) / 1e9);
	timeline(f, tr, job, run);
	phases(f, slots, nslots);
	pools(f, run, slots, nslots);
	results(f, job);
	fputs("</body></html>\n", f);
}

int bf_html_write(const char *path, const bf_job *job, const bf_prof_run *run,
		  const bf_prof_slot *slots, int nslots, const bf_trace *tr, char *err,
		  size_t errlen)
{
	char *tmp = bf_xasprintf("%s.tmp.%d", path, (int)getpid());
	FILE *f = fopen(tmp, "w");
	int rc = -1;
	if (f) {
		page(f, job, run, slots, nslots, tr);
		bool ok = !ferror(f);
		ok &= fclose(f) == 0;
		if (ok && rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc < 0) {
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

/*
 * progress.c -- how far a run is, on stderr.
 *
 * On a terminal: one bar, redrawn in place at most every 200 ms,
 *   [########------------]  40%  16/40 tasks  812 cand/s  0:00:12 elapsed  ETA 0:00:18
 * and messages go above it (the bar is erased, the message printed, the bar
 * drawn again).  Elsewhere (a log file, Slurm, nohup) a plain line every
 * `every` seconds, and only when the count moved:
 *   battfarm: progress 16/40 tasks (40%), 812 cand/s, 0:00:12 elapsed, ETA 0:00:18
 * `every` 0 writes a line at each change of the count, so tests can rely
 * on the number of lines without depending on the machine's speed.
 *
 * The supervisor (serial run or farm) calls update after each task and
 * whenever it wakes; workers never touch it.
 */
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "battfarm/progress.h"

#define BAR_WIDTH 20
#define TTY_REDRAW_NS 200000000LL

void bf_progress_init(bf_progress *p, FILE *f, int total, double every_sec)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->tty = isatty(fileno(f));
	p->total = total;
	p->every_ns = (int64_t)(every_sec * 1e9);
	p->start = bf_now_ns();
	p->last_done = -1;
}

/* h:mm:ss */
static void hms(char *buf, size_t len, double sec)
{
	long s = sec > 0 ? (long)(sec + 0.5) : 0;
	snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

static void draw(bf_progress *p, int64_t now)
{
	double sec = (double)(now - p->start) / 1e9;
	double rate = sec > 0 ? (double)p->candidates / sec : 0;
	int pct = p->total > 0 ? (int)(100LL * p->done / p->total) : 100;
	char el[32], eta[32];
	hms(el, sizeof(el), sec);
	if (p->done > 0)
		hms(eta, sizeof(eta), sec * (p->total - p->done) / p->done);
	else
		snprintf(eta, sizeof(eta), "?");
	if (p->tty) {
		char bar[BAR_WIDTH + 1];
		int full = p->total > 0 ? BAR_WIDTH * p->done / p->total : BAR_WIDTH;
		for (int i = 0; i < BAR_WIDTH; i++)
			bar[i] = i < full ? '#' : '-';
		bar[BAR_WIDTH] = '\0';
		fprintf(p->f, "\r\033[K[%s] %3d%%  %d/%d tasks  %.0f cand/s  %s elapsed  ETA %s", bar,
			pct, p->done, p->total, rate, el, eta);
		p->drawn = true;
	} else {
		fprintf(p->f, "battfarm: progress %d/%d tasks (%d%%), %.0f cand/s, %s elapsed, ETA %s\n",
			p->done, p->total, pct, rate, el, eta);
	}
	fflush(p->f);
	p->last_ns = now;
	p->last_done = p->done;
}

void bf_progress_update(bf_progress *p, int done, uint64_t candidates)
{
	if (!p)
		return;
	p->done = done;
	p->candidates = candidates;
	int64_t now = bf_now_ns();
	if (p->tty) {
		if (now - p->last_ns >= TTY_REDRAW_NS || done == p->total)
			draw(p, now);
	} else if (p->every_ns == 0) {
		/* one line per finished task, even when several finished
		 * between two calls (the farm wakes every 200 ms) */
		for (int d = p->last_done < 0 ? done : p->last_done + 1; d <= done; d++) {
			p->done = d;
			draw(p, now);
		}
	} else if (done != p->last_done && (p->last_done < 0 || now - p->last_ns >= p->every_ns)) {
		/* the first line at once: last_ns is 0 before it, and the clock
		 * counts from boot, so waiting on it would hang the first line
		 * on the machine's uptime */
		draw(p, now);
	}
}

void bf_progress_printf(bf_progress *p, const char *fmt, ...)
{
	FILE *f = p ? p->f : stderr;
	if (p && p->drawn)
		fputs("\r\033[K", f);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	if (p && p->drawn)
		draw(p, bf_now_ns());
}

void bf_progress_finish(bf_progress *p)
{
	if (!p || !p->drawn)
		return;
	draw(p, bf_now_ns());
	fputc('\n', p->f);
	p->drawn = false;
}

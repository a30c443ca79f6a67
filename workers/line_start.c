/*
 * line_start.c -- a worker's stderr on a terminal (line_start.h).
 *
 * On a terminal the supervisor draws its progress bar on the last line and
 * leaves the cursor after it; a worker's message written then would carry
 * on that line.  The supervisor's own messages clear the line first
 * (progress.c); a worker's lines do the same through this stream, and the
 * bar is drawn again at the supervisor's next update.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "line_start.h"

#define CLEAR_LINE "\r\033[K"

typedef struct line_start {
	int fd;
	bool at_start; /* the next byte begins a line */
} line_start;

/* What cannot be written is dropped: a message must never stop a worker. */
static ssize_t write_lines(void *cookie, const char *buf, size_t n)
{
	line_start *ls = cookie;
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (buf + i)) + 1 : n - i;
		struct iovec iov[2] = {{(void *)CLEAR_LINE, sizeof(CLEAR_LINE) - 1},
				       {(void *)(buf + i), len}};
		int skip = ls->at_start ? 0 : 1;
		if (writev(ls->fd, iov + skip, 2 - skip) < 0)
			return (ssize_t)n;
		ls->at_start = nl != NULL;
		i += len;
	}
	return (ssize_t)n;
}

static int close_lines(void *cookie)
{
	free(cookie);
	return 0;
}

FILE *bf_line_start_stream(int fd)
{
	line_start *ls = malloc(sizeof(*ls));
	if (!ls)
		return NULL;
	ls->fd = fd;
	ls->at_start = true;
	cookie_io_functions_t io = {NULL, write_lines, NULL, close_lines};
	FILE *f = fopencookie(ls, "w", io);
	if (!f) {
		free(ls);
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

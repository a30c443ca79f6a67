/*
 * line_start.h -- a worker's stderr when it is a terminal (line_start.c).
 */
#ifndef BATTFARM_LINE_START_H
#define BATTFARM_LINE_START_H

#include <stdio.h>

/* A line-buffered stream writing to fd that starts every line with
 * "\r\033[K" (back to the start of the line, and clear it); NULL when it
 * cannot be made.  fd stays the caller's: closing the stream leaves it
 * open. */
FILE *bf_line_start_stream(int fd);

#endif

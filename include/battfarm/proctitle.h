/*
 * proctitle.h -- the title a worker shows in ps ("battfarm: validator 2
 * task 007bbfb7"), written over the process's own argument strings.
 */
#ifndef BATTFARM_PROCTITLE_H
#define BATTFARM_PROCTITLE_H

#include <stddef.h>

/* Take over argv's strings and the environment's that follow them as the
 * room for titles: both are copied to the heap first, and argv[] and
 * environ point to the copies, so nothing read later sees a title.  Call
 * once, first thing in main. */
void bf_proctitle_init(int argc, char **argv);

/* Show "battfarm: " and the formatted text as the process's command line,
 * cut to the room there is; nothing before bf_proctitle_init. */
void bf_proctitle_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The longest title that fits (bytes, without its NUL); 0 before init. */
size_t bf_proctitle_room(void);

#endif

/*
 * room.h -- a buffer kept for reuse, given back when it was not needed.
 *
 * For scratch memory asked for over and over (rewind.c's mover): taken
 * fresh each time, even a calloc'd buffer comes from pages the kernel has
 * to clear again, since glibc trims its heap's top after a free.  A room
 * grows to the most asked of it and stays; bf_room_trim() at a natural
 * boundary (an evaluation's start) gives back one that is big and was not
 * needed since the last trim, so a big request leaves no high-water mark.
 * Big rooms are mapped directly, not malloc'd: once glibc has freed a big
 * mapped chunk it raises its mmap threshold and keeps later big chunks in
 * its heap, and the process's RSS with them (a farm job's end held 85-90
 * MB on the 400 x 400 job that way, 51 MB without).
 */
#ifndef BATTFARM_ROOM_H
#define BATTFARM_ROOM_H

#include <stddef.h>

typedef struct bf_room {
	void *p;
	size_t cap;
	size_t wanted; /* the most asked for since the last trim */
} bf_room;

/* r with room for n bytes, its first keep bytes kept; NULL without memory
 * (r then as it was).  A zeroed bf_room is an empty one. */
void *bf_room_fit(bf_room *r, size_t n, size_t keep);
/* Give r's memory back when it holds more than keep bytes and no more
 * than keep was asked of it since the last trim. */
void bf_room_trim(bf_room *r, size_t keep);
/* Give r's memory back. */
void bf_room_drop(bf_room *r);

#endif

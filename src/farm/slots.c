/*
 * slots.c -- timing slots in one MAP_SHARED anonymous mapping (see farm.h).
 *
 * The mapping is made before the fork, so every worker inherits it; a slot
 * outlives its worker, which is how a crashed worker's timings still reach
 * the report.
 */
#include <sched.h>
#include <string.h>
#include <sys/mman.h>

#include "battfarm/farm.h"

size_t bf_slots_size(int n)
{
	return sizeof(bf_slot) * (size_t)(n > 0 ? n : 1);
}

bf_slot *bf_slots_map(int n)
{
	void *p = mmap(NULL, bf_slots_size(n), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, bf_slots_size(n));
	return p;
}

void bf_slots_unmap(bf_slot *slots, int n)
{
	if (slots)
		munmap(slots, bf_slots_size(n));
}

void bf_slot_begin_write(bf_slot *s)
{
	atomic_fetch_add_explicit(&s->seq, 1, memory_order_acq_rel);
}

void bf_slot_end_write(bf_slot *s)
{
	atomic_fetch_add_explicit(&s->seq, 1, memory_order_release);
}

/* Tries before a snapshot gives up; a live writer's update is a few
 * stores, so only a dead or descheduled writer exhausts them. */
#define SNAPSHOT_TRIES 4096

int bf_slot_snapshot(const bf_slot *s, bf_slot *out)
{
	for (int i = 0; i < SNAPSHOT_TRIES; i++) {
		if (i % 64 == 63)
			sched_yield(); /* let a descheduled writer finish */
		uint64_t before = atomic_load_explicit(&s->seq, memory_order_acquire);
		if (before & 1)
			continue;
		bf_slot copy;
		/* copy field by field around the atomic counter */
		copy.state = s->state;
		copy.task = s->task;
		copy.heartbeat_ns = atomic_load_explicit(&s->heartbeat_ns, memory_order_relaxed);
		memcpy(&copy.prof, &s->prof, sizeof(copy.prof));
		atomic_thread_fence(memory_order_acquire);
		uint64_t after = atomic_load_explicit(&s->seq, memory_order_relaxed);
		if (before == after) {
			out->state = copy.state;
			out->task = copy.task;
			atomic_store_explicit(&out->heartbeat_ns, copy.heartbeat_ns,
					      memory_order_relaxed);
			out->prof = copy.prof;
			atomic_store_explicit(&out->seq, after, memory_order_relaxed);
			return 0;
		}
	}
	return -1;
}

void bf_slot_reclaim(bf_slot *s)
{
	memset((void *)s, 0, sizeof(*s));
}

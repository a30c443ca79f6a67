/*
 * slots.c -- timing slots in one MAP_SHARED anonymous mapping (see farm.h).
 *
 * The mapping is made before the fork, so every worker inherits it; a slot
 * outlives its worker, which is how a crashed worker's timings still reach
 * the report.
 */
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

void bf_slot_snapshot(const bf_slot *s, bf_slot *out)
{
	for (;;) {
		uint64_t before = atomic_load_explicit(&s->seq, memory_order_acquire);
		if (before & 1)
			continue;
		/* copy field by field around the atomic counter */
		out->state = s->state;
		out->task = s->task;
		out->heartbeat_ns = s->heartbeat_ns;
		memcpy(&out->prof, &s->prof, sizeof(out->prof));
		atomic_thread_fence(memory_order_acquire);
		uint64_t after = atomic_load_explicit(&s->seq, memory_order_relaxed);
		if (before == after) {
			atomic_store_explicit(&out->seq, after, memory_order_relaxed);
			return;
		}
	}
}

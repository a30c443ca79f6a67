/*
 * cpus.c -- the default worker count (see cpus.h).  One worker per CPU of
 * the machine would oversubscribe a process confined to fewer (a Slurm
 * allocation, taskset, a container's cpuset).
 */
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "battfarm/cpus.h"

int bf_cpus_allowed(void)
{
	/* a mask large enough for any machine: CPU_ALLOC sized, grown on EINVAL */
	for (int ncpus = 1024; ncpus <= (1 << 20); ncpus *= 2) {
		cpu_set_t *set = CPU_ALLOC((size_t)ncpus);
		if (!set)
			break;
		size_t size = CPU_ALLOC_SIZE((size_t)ncpus);
		CPU_ZERO_S(size, set);
		if (sched_getaffinity(0, size, set) == 0) {
			int n = CPU_COUNT_S(size, set);
			CPU_FREE(set);
			return n > 0 ? n : 1;
		}
		CPU_FREE(set);
	}
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	return online > 0 ? (int)online : 1;
}

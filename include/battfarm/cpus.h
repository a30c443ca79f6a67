/*
 * cpus.h -- how many CPUs this process may run on: the default worker
 * count.
 */
#ifndef BATTFARM_CPUS_H
#define BATTFARM_CPUS_H

/* The CPUs in the process's affinity mask (sched_getaffinity: what
 * taskset, cgroup cpusets and Slurm's task binding leave it), at least 1;
 * the online CPUs when the mask cannot be read. */
int bf_cpus_allowed(void);

#endif

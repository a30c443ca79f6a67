/*
 * fuzz_task.c -- libFuzzer target: any bytes as a task file, loaded through
 * the real loader (the bytes go to an in-memory file).  Loading must end
 * in tasks or clear errors.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "battfarm/task.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("task.json", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		bf_taskset ts;
		bf_taskset_init(&ts);
		bf_taskset_load(&ts, path);
		bf_taskset_release(&ts);
	}
	close(fd);
	return 0;
}

/*
 * fault_open.c -- an LD_PRELOAD shim for farm_test.sh.  In every process
 * but the first one (the supervisor), opening the path named by
 * $BF_FAULT_OPEN fails with EACCES: a store the supervisor can open and no
 * worker can, without any hook in battfarm itself.
 */
/* both names are defined here, so neither may be renamed to the other */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static pid_t first;

__attribute__((constructor)) static void remember_first(void)
{
	first = getpid();
}

static int refused(const char *path)
{
	const char *p = getenv("BF_FAULT_OPEN");
	return p && getpid() != first && strcmp(path, p) == 0;
}

typedef int (*open_fn)(const char *, int, ...);

static int pass_on(const char *name, const char *path, int flags, va_list ap)
{
	mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
	if (refused(path)) {
		errno = EACCES;
		return -1;
	}
	open_fn real = (open_fn)dlsym(RTLD_NEXT, name);
	return real(path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int r = pass_on("open", path, flags, ap);
	va_end(ap);
	return r;
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int r = pass_on("open64", path, flags, ap);
	va_end(ap);
	return r;
}

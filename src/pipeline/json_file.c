/*
 * json_file.c -- a JSON document to a file the way battfarm writes every
 * output file: to a temp name beside it, then renamed, so a reader never
 * sees half a report; "-" is standard output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "battfarm/json_file.h"
#include "battfarm/util.h"

int bf_json_write_atomic(json_t *j, const char *path, size_t flags, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0) {
		if (json_dumpf(j, stdout, flags) < 0 || putchar('\n') == EOF || fflush(stdout) != 0) {
			snprintf(err, errlen, "standard output: cannot write: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	char *tmp = bf_xasprintf("%s.tmp.%d", path, (int)getpid());
	int rc = 0;
	if (json_dump_file(j, tmp, flags) < 0 || rename(tmp, path) < 0) {
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
		unlink(tmp);
		rc = -1;
	}
	free(tmp);
	return rc;
}

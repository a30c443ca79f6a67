/*
 * json_file.h -- write a JSON document by temp file and rename ("-": stdout).
 */
#ifndef BATTFARM_JSON_FILE_H
#define BATTFARM_JSON_FILE_H

#include <stddef.h>

#include <jansson.h>

/* 0, or -1 with "path: cannot write: reason" in err. */
int bf_json_write_atomic(json_t *j, const char *path, size_t flags, char *err, size_t errlen);

#endif

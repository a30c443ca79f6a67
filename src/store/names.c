/*
 * names.c -- the store's index of names, OUT/names.json:
 *
 *   {"differs": {md5: [source function names]},
 *    "solvers": {md5: [source function names]},
 *    "tasks":   {id: {"samples": N, "scored": M}}}
 *
 * A store file is named by the md5 of its inlined text, so the source
 * function (solve_007bbfb7) is lost in it; this index keeps every name that
 * inlined to a filed md5, and each task's sample count, so `battfarm
 * results` can say which tasks are exact and who solved them.
 *
 * The run's supervisor updates it once, under the store lock, after every
 * task is filed: the old index, merged with what this run loaded, keeping
 * only md5s whose file exists.  Keys are sorted and name lists sorted and
 * unique, so the file depends only on the store and the inputs: serial and
 * parallel runs write the same bytes.  Written by temp file, fsync and
 * rename; read without following a link or blocking (fsat.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsat.h"
#include "battfarm/names.h"
#include "battfarm/util.h"

static const char *section[2] = {"solvers", "differs"};
static const char *md5_dir[2] = {"solver_md5", "differ_md5"};

json_t *bf_names_load(const char *root)
{
	/* beneath the root, no link followed, no FIFO waited on (fsat.h) */
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t len = 0;
	char *text = rootfd >= 0 ? bf_fs_read(rootfd, BF_NAMES_FILE, (size_t)1 << 30, &len) : NULL;
	if (rootfd >= 0)
		close(rootfd);
	json_t *j = text ? json_loadb(text, len, 0, NULL) : NULL;
	free(text);
	if (!json_is_object(j)) {
		json_decref(j);
		j = json_object();
	}
	for (int k = 0; k < 2; k++)
		if (!json_is_object(json_object_get(j, section[k])))
			json_object_set_new(j, section[k], json_object());
	if (!json_is_object(json_object_get(j, "tasks")))
		json_object_set_new(j, "tasks", json_object());
	return j;
}

/* Insert name into the sorted array a unless it is there. */
static void insert_sorted(json_t *a, const char *name)
{
	size_t i, n = json_array_size(a);
	for (i = 0; i < n; i++) {
		int c = strcmp(json_string_value(json_array_get(a, i)), name);
		if (c == 0)
			return;
		if (c > 0)
			break;
	}
	json_array_insert_new(a, i, json_string(name));
}

void bf_names_add(json_t *idx, bf_store_kind kind, const char *md5, const char *name)
{
	json_t *sec = json_object_get(idx, section[kind]);
	json_t *a = json_object_get(sec, md5);
	if (!json_is_array(a)) {
		a = json_array();
		json_object_set_new(sec, md5, a);
	}
	insert_sorted(a, name);
}

void bf_names_add_task(json_t *idx, const char *id, int samples, int scored)
{
	json_t *t = json_object();
	json_object_set_new(t, "samples", json_integer(samples));
	json_object_set_new(t, "scored", json_integer(scored));
	json_object_set_new(json_object_get(idx, "tasks"), id, t);
}

const json_t *bf_names_of(const json_t *idx, bf_store_kind kind, const char *md5)
{
	return json_object_get(json_object_get(idx, section[kind]), md5);
}

/* Drop md5s whose file is not in the store (never filed, or evicted and
 * removed by verify --repair). */
static void keep_filed(json_t *idx, int rootfd)
{
	for (int k = 0; k < 2; k++) {
		json_t *sec = json_object_get(idx, section[k]);
		const char *md5;
		json_t *v;
		void *tmp;
		json_object_foreach_safe(sec, tmp, md5, v) {
			char rel[128];
			snprintf(rel, sizeof(rel), "%s/%.40s.py", md5_dir[k], md5);
			if (faccessat(rootfd, rel, F_OK, AT_SYMLINK_NOFOLLOW) != 0)
				json_object_del(sec, md5);
		}
	}
}

int bf_names_save(json_t *idx, const char *root, char *err, size_t errlen)
{
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", root, strerror(errno));
		return -1;
	}
	keep_filed(idx, rootfd);
	/* one writer (the lock holder), so a fixed temp name: a stale one from
	 * a killed run is replaced */
	int rc = -1;
	char *text = json_dumps(idx, JSON_INDENT(1) | JSON_SORT_KEYS);
	char *whole = text ? bf_xasprintf("%s\n", text) : NULL;
	if (whole && bf_fs_write_atomic(rootfd, BF_NAMES_FILE, ".tmp." BF_NAMES_FILE, whole,
					strlen(whole), false) == 0)
		rc = 0;
	else
		snprintf(err, errlen, "%s/%s: cannot write: %s", root, BF_NAMES_FILE, strerror(errno));
	free(text);
	free(whole);
	close(rootfd);
	return rc;
}

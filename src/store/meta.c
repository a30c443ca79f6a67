/*
 * meta.c -- OUT/.battfarm/store.json, how a store was made (see
 * store_meta.h): read, write, compare, and the library hash.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsat.h"
#include "battfarm/inline.h"
#include "battfarm/store_meta.h"
#include "battfarm/util.h"

#define META_DIR ".battfarm"
#define META_FILE "store.json"

static int meta_from_json(json_t *j, bf_store_meta *m)
{
	json_t *cm = json_object_get(j, "cost_model");
	json_t *f = json_object_get(j, "format"), *mf = json_object_get(j, "max_files");
	json_t *b = json_object_get(j, "budget"), *lib = json_object_get(j, "library");
	json_t *tl = json_object_get(cm, "t_log_from"), *spu = json_object_get(cm, "seconds_per_unit");
	if (!json_is_integer(f) || !json_is_integer(mf) || !json_is_integer(b) ||
	    !json_is_string(lib) || !json_is_string(tl) || !json_is_number(spu))
		return -1;
	const char *t = json_string_value(tl), *l = json_string_value(lib);
	if ((strcmp(t, "cost") && strcmp(t, "wall")) || strlen(l) != 32 ||
	    json_integer_value(mf) < 1 || json_integer_value(mf) > 1000000 ||
	    json_integer_value(b) < 0)
		return -1;
	m->format = (int)json_integer_value(f);
	m->max_files = (int)json_integer_value(mf);
	m->budget = (uint64_t)json_integer_value(b);
	m->t_log_wall = strcmp(t, "wall") == 0;
	m->seconds_per_unit = json_number_value(spu);
	memcpy(m->library, l, 33);
	return 0;
}

int bf_store_meta_read(int rootfd, bf_store_meta *m, char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	int dfd = bf_fs_opendir(rootfd, META_DIR, false);
	if (dfd < 0 && errno == ENOENT)
		return 0;
	if (dfd < 0) {
		snprintf(err, errlen, "%s: %s, not a directory", META_DIR, bf_fs_kind(rootfd, META_DIR));
		return -1;
	}
	size_t len;
	char *text = bf_fs_read(dfd, META_FILE, 1 << 20, &len);
	int e = errno;
	const char *kind = text ? NULL : bf_fs_kind(dfd, META_FILE);
	close(dfd);
	if (!text && e == ENOENT)
		return 0;
	if (!text) {
		snprintf(err, errlen, "%s/%s: %s", META_DIR, META_FILE,
			 e == EINVAL || e == ELOOP ? kind : strerror(e));
		return -1;
	}
	json_error_t je;
	json_t *j = json_loadb(text, len, 0, &je);
	free(text);
	int rc = j && meta_from_json(j, m) == 0 ? 1 : -1;
	json_decref(j);
	if (rc < 0)
		snprintf(err, errlen, "%s/%s: not a store.json this battfarm reads", META_DIR, META_FILE);
	else if (m->format != BF_STORE_FORMAT) {
		snprintf(err, errlen, "%s/%s: format %d (this battfarm writes format %d)", META_DIR,
			 META_FILE, m->format, BF_STORE_FORMAT);
		rc = -1;
	}
	return rc;
}

int bf_store_meta_write(int rootfd, const bf_store_meta *m, char *err, size_t errlen)
{
	json_t *j = json_object(), *cm = json_object();
	json_object_set_new(j, "format", json_integer(BF_STORE_FORMAT));
	json_object_set_new(j, "max_files", json_integer(m->max_files));
	json_object_set_new(j, "budget", json_integer((json_int_t)m->budget));
	json_object_set_new(cm, "t_log_from", json_string(m->t_log_wall ? "wall" : "cost"));
	json_object_set_new(cm, "seconds_per_unit", json_real(m->seconds_per_unit));
	json_object_set_new(j, "cost_model", cm);
	json_object_set_new(j, "library", json_string(m->library));
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(9));
	json_decref(j);
	char *whole = bf_xasprintf("%s\n", text);
	free(text);
	int rc = -1;
	int dfd = bf_fs_opendir(rootfd, META_DIR, true);
	char tmp[64];
	snprintf(tmp, sizeof(tmp), ".tmp.%s.%d", META_FILE, (int)getpid());
	if (dfd >= 0 && bf_fs_write_atomic(dfd, META_FILE, tmp, whole, strlen(whole), true) == 0)
		rc = fsync(rootfd) == 0 || errno == EINVAL ? 0 : -1;
	if (rc < 0)
		snprintf(err, errlen, "%s/%s: cannot write: %s%s", META_DIR, META_FILE, strerror(errno),
			 dfd < 0 ? " (not a directory? `battfarm verify --repair` removes it)" : "");
	if (dfd >= 0)
		close(dfd);
	free(whole);
	return rc;
}

bf_meta_diff bf_store_meta_compare(const bf_store_meta *s, const bf_store_meta *r, char *msg,
				   size_t msglen)
{
	if (s->max_files != r->max_files) {
		snprintf(msg, msglen, "the store was made with --max-files %d, not %d", s->max_files,
			 r->max_files);
		return BF_META_CONFLICT;
	}
	if (s->budget != r->budget) {
		snprintf(msg, msglen, "the store was made with --budget %llu, not %llu",
			 (unsigned long long)s->budget, (unsigned long long)r->budget);
		return BF_META_CONFLICT;
	}
	if (s->t_log_wall != r->t_log_wall) {
		snprintf(msg, msglen, "the store was made with --t-log-from %s, not %s",
			 s->t_log_wall ? "wall" : "cost", r->t_log_wall ? "wall" : "cost");
		return BF_META_CONFLICT;
	}
	if (fabs(s->seconds_per_unit - r->seconds_per_unit) > 1e-9 * fabs(r->seconds_per_unit)) {
		snprintf(msg, msglen,
			 "the store's cost model has %g seconds per work unit, this battfarm %g",
			 s->seconds_per_unit, r->seconds_per_unit);
		return BF_META_CONFLICT;
	}
	if (strcmp(s->library, r->library) != 0) {
		snprintf(msg, msglen, "the library differs from the one that last filed into the store "
				      "(%.8s, now %.8s): the store keeps the best of both",
			 s->library, r->library);
		return BF_META_LIBRARY;
	}
	msg[0] = '\0';
	return BF_META_SAME;
}

int bf_store_meta_adopt(int rootfd, const bf_store_meta *run, char *note, size_t notelen,
			char *err, size_t errlen)
{
	bf_store_meta have;
	note[0] = '\0';
	int rc = bf_store_meta_read(rootfd, &have, err, errlen);
	if (rc < 0) {
		size_t n = strlen(err);
		snprintf(err + n, errlen - n, " (`battfarm verify --repair` removes it)");
		return -1;
	}
	if (rc == 1) {
		bf_meta_diff d = bf_store_meta_compare(&have, run, note, notelen);
		if (d == BF_META_CONFLICT) {
			snprintf(err, errlen, "%s; a run with other settings would rank programs on "
					      "other scales (use the store's settings or a new --out)",
				 note);
			note[0] = '\0';
			return -1;
		}
		if (d == BF_META_SAME)
			return 0;
	}
	return bf_store_meta_write(rootfd, run, err, errlen);
}

static int cmp_md5(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "what <md5>\n" per md5, sorted, appended to buf at *len */
static void hash_lines(char *buf, size_t *len, const char *what, const char *base, int n,
		       size_t stride)
{
	const char **v = bf_xmalloc(sizeof(char *) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		v[i] = base + (size_t)i * stride;
	qsort(v, (size_t)n, sizeof(char *), cmp_md5);
	for (int i = 0; i < n; i++)
		*len += (size_t)sprintf(buf + *len, "%s %.32s\n", what, v[i]);
	free(v);
}

void bf_store_library_hash(const char *solvers, int ns, const char *differs, int nd,
			   size_t stride, char out[33])
{
	char *buf = bf_xmalloc(48 * (size_t)(ns + nd) + 1);
	size_t len = 0;
	hash_lines(buf, &len, "solver", solvers, ns, stride);
	hash_lines(buf, &len, "differ", differs, nd, stride);
	bf_md5_hex(buf, len, out);
	free(buf);
}

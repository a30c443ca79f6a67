/*
 * verify.c -- check a store's content and structure, and repair it (see
 * verify.h).  Every entry is judged by fstatat(AT_SYMLINK_NOFOLLOW) in a
 * directory opened without following links; the fix for every problem is
 * the entry's removal (bf_fs_remove), so a re-run can file it again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsat.h"
#include "battfarm/names.h"
#include "battfarm/store.h"
#include "battfarm/store_meta.h"
#include "battfarm/strset.h"
#include "battfarm/task.h"
#include "battfarm/util.h"
#include "battfarm/verify.h"

typedef struct verifier {
	const char *root;
	FILE *out;
	bool repair;
	bf_verify_result *r;
	bf_strset *good[2]; /* md5s whose file is sound, per kind */
} verifier;

/* One line per problem; with repair, fix it by removing name from dfd. */
static void problem(verifier *v, int dfd, const char *name, const char *rel, const char *what)
{
	v->r->problems++;
	if (!v->repair) {
		fprintf(v->out, "%s/%s: %s\n", v->root, rel, what);
		return;
	}
	if (bf_fs_remove(dfd, name) == 0) {
		v->r->repaired++;
		fprintf(v->out, "%s/%s: %s (removed)\n", v->root, rel, what);
	} else {
		fprintf(v->out, "%s/%s: %s (could not be removed: %s)\n", v->root, rel, what,
			strerror(errno));
	}
}

static mode_t kind_of(int dfd, const char *name)
{
	struct stat st;
	return fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? st.st_mode & S_IFMT : 0;
}

/* A directory the store needs at name: its descriptor, or -1 after
 * reporting what stands there instead (or that it cannot be read; with
 * repair an unreadable directory is made readable). */
static int sub_dir(verifier *v, int dfd, const char *name, const char *rel)
{
	if (kind_of(dfd, name) != S_IFDIR) {
		char what[96];
		snprintf(what, sizeof(what), "%s where a directory should be", bf_fs_kind(dfd, name));
		problem(v, dfd, name, rel, what);
		return -1;
	}
	int fd = bf_fs_opendir(dfd, name, false);
	if (fd >= 0 || errno != EACCES)
		return fd;
	v->r->problems++;
	if (v->repair && fchmodat(dfd, name, 0755, 0) == 0 &&
	    (fd = bf_fs_opendir(dfd, name, false)) >= 0) {
		v->r->repaired++;
		fprintf(v->out, "%s/%s: an unreadable directory (made readable)\n", v->root, rel);
		return fd;
	}
	fprintf(v->out, "%s/%s: an unreadable directory\n", v->root, rel);
	return -1;
}

/* Why the md5 file name in dfd is not sound, or NULL when it is. */
static const char *md5_file_fault(int dfd, const char *name, int k)
{
	size_t len;
	char *src = bf_fs_read(dfd, name, (size_t)64 << 20, &len);
	if (!src)
		return "unreadable";
	const char *fault = bf_store_text_fault(src, len, (bf_store_kind)k, name);
	free(src);
	return fault;
}

/* The entry e of md5 directory fd: sound files are noted in v->good. */
static void check_md5_entry(verifier *v, int fd, const char *e, const char *rel, int k)
{
	const char *fault = NULL;
	char what[96];
	if (strncmp(e, ".tmp.", 5) == 0)
		fault = "a temp file left by an interrupted write";
	else if (!bf_store_md5_name(e))
		fault = "not named <md5>.py";
	else if (kind_of(fd, e) != S_IFREG)
		fault = (snprintf(what, sizeof(what), "%s, not a file", bf_fs_kind(fd, e)), what);
	else
		fault = md5_file_fault(fd, e, k);
	if (fault) {
		problem(v, fd, e, rel, fault);
		return;
	}
	char md5[33];
	memcpy(md5, e, 32);
	md5[32] = '\0';
	bf_strset_add(v->good[k], md5);
}

/* A filed link of a task directory, for the per-task checks. */
typedef struct entry {
	int64_t score;
	int t_log;
	char md5[33];
	char sname[24], tname[24];
} entry;

/* Whether the leaf entry name in fd is a sound link: a link (not followed)
 * to its md5 file, which is sound. */
static const char *link_fault(verifier *v, int fd, const char *name, int k)
{
	bool is_link = kind_of(fd, name) == S_IFLNK;
	if (!bf_store_md5_name(name))
		return is_link ? "a link that does not point at its md5 file in the store"
			       : "not named <md5>.py";
	if (!is_link)
		return "not a link";
	char want[128], got[128];
	snprintf(want, sizeof(want), "../../../../%s/%s", bf_store_md5_dir((bf_store_kind)k), name);
	ssize_t r = readlinkat(fd, name, got, sizeof(got) - 1);
	if (r < 0 || (size_t)r != strlen(want) || memcmp(got, want, (size_t)r) != 0)
		return "a link that does not point at its md5 file in the store";
	char md5[33];
	memcpy(md5, name, 32);
	md5[32] = '\0';
	if (!bf_strset_has(v->good[k], md5))
		return "a link to a missing or unsound md5 file";
	return NULL;
}

/* A directory that holds nothing sound: reported when it was empty to
 * begin with, removed quietly when the repair emptied it. */
static void drop_if_empty(verifier *v, int pfd, const char *name, const char *rel, int seen,
			  int kept)
{
	if (seen == 0)
		problem(v, pfd, name, rel, "an empty directory");
	else if (kept == 0 && v->repair)
		unlinkat(pfd, name, AT_REMOVEDIR);
}

typedef struct entries {
	entry *e;
	int n, cap;
} entries;

static int check_leaf(verifier *v, int sfd, const char *tname, const char *rel, int k,
		      int64_t score, int64_t tl, entries *out)
{
	int fd = sub_dir(v, sfd, tname, rel);
	if (fd < 0)
		return 0;
	int n, kept = 0;
	char **names = bf_fs_names(fd, &n);
	for (int i = 0; i < n; i++) {
		char lrel[1024];
		snprintf(lrel, sizeof(lrel), "%.700s/%.255s", rel, names[i]);
		const char *fault = link_fault(v, fd, names[i], k);
		if (fault) {
			problem(v, fd, names[i], lrel, fault);
			continue;
		}
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 32;
			out->e = bf_xrealloc(out->e, sizeof(entry) * (size_t)out->cap);
		}
		entry *e = &out->e[out->n++];
		e->score = score;
		e->t_log = (int)tl;
		memcpy(e->md5, names[i], 32);
		e->md5[32] = '\0';
		snprintf(e->tname, sizeof(e->tname), "%s", tname);
		kept++;
	}
	bf_free_list(names);
	close(fd);
	drop_if_empty(v, sfd, tname, rel, n, kept);
	return kept;
}

static int check_score(verifier *v, int tfd, const char *sname, const char *rel, int k,
		       int64_t score, entries *out)
{
	int fd = sub_dir(v, tfd, sname, rel);
	if (fd < 0)
		return 0;
	int n, kept = 0;
	char **names = bf_fs_names(fd, &n);
	for (int i = 0; i < n; i++) {
		char trel[1024];
		snprintf(trel, sizeof(trel), "%.700s/%.255s", rel, names[i]);
		int64_t tl;
		if (!bf_store_placing_name(names[i], &tl) || tl < -1000000 || tl > 1000000) {
			problem(v, fd, names[i], trel, "not a t_log directory (a canonical integer)");
			continue;
		}
		int first = out->n;
		kept += check_leaf(v, fd, names[i], trel, k, score, tl, out);
		for (int j = first; j < out->n; j++)
			snprintf(out->e[j].sname, sizeof(out->e[j].sname), "%s", sname);
	}
	bf_free_list(names);
	close(fd);
	drop_if_empty(v, tfd, sname, rel, n, kept);
	return kept;
}

/* Better first; equal md5s side by side. */
static int by_md5_then_rank(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	int c = strcmp(x->md5, y->md5);
	return c ? c : -bf_filed_cmp(x->score, x->t_log, x->md5, y->score, y->t_log, y->md5);
}

static int best_first(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	return -bf_filed_cmp(x->score, x->t_log, x->md5, y->score, y->t_log, y->md5);
}

/* Remove entry e's link, and the placing's directories it empties. */
static void drop_entry(verifier *v, int tfd, const char *trel, const entry *e, const char *what)
{
	char rel[1024], name[40];
	snprintf(rel, sizeof(rel), "%s/%s/%s/%s.py", trel, e->sname, e->tname, e->md5);
	snprintf(name, sizeof(name), "%s.py", e->md5);
	int sfd = bf_fs_opendir(tfd, e->sname, false);
	int lfd = sfd >= 0 ? bf_fs_opendir(sfd, e->tname, false) : -1;
	problem(v, lfd, name, rel, what);
	if (lfd >= 0)
		close(lfd);
	if (sfd >= 0 && v->repair) {
		unlinkat(sfd, e->tname, AT_REMOVEDIR);
		unlinkat(tfd, e->sname, AT_REMOVEDIR);
	}
	if (sfd >= 0)
		close(sfd);
}

/* One link per md5, then at most max_files: the worse ones are named. */
static void check_counts(verifier *v, int tfd, const char *trel, entries *es)
{
	if (es->n == 0) /* qsort wants an array, even of nothing */
		return;
	qsort(es->e, (size_t)es->n, sizeof(entry), by_md5_then_rank);
	int n = 0;
	for (int i = 0; i < es->n; i++) {
		if (n > 0 && strcmp(es->e[n - 1].md5, es->e[i].md5) == 0) {
			drop_entry(v, tfd, trel, &es->e[i],
				   "a second link of one md5 in its task directory (the worse placing)");
			continue;
		}
		es->e[n++] = es->e[i];
	}
	qsort(es->e, (size_t)n, sizeof(entry), best_first);
	for (int i = v->r->max_files; i < n; i++)
		drop_entry(v, tfd, trel, &es->e[i],
			   "beyond max-files for its task (the worst are named)");
}

static void check_task_dir(verifier *v, int dfd, const char *name, const char *rel, int k)
{
	int fd = sub_dir(v, dfd, name, rel);
	if (fd < 0)
		return;
	v->r->tasks++;
	int n, kept = 0;
	char **names = bf_fs_names(fd, &n);
	entries es = {0};
	for (int i = 0; i < n; i++) {
		char srel[1024];
		snprintf(srel, sizeof(srel), "%.700s/%.255s", rel, names[i]);
		int64_t score;
		if (!bf_store_placing_name(names[i], &score)) {
			problem(v, fd, names[i], srel, "not a score directory (a canonical integer)");
			continue;
		}
		kept += check_score(v, fd, names[i], srel, k, score, &es);
	}
	check_counts(v, fd, rel, &es);
	free(es.e);
	bf_free_list(names);
	close(fd);
	drop_if_empty(v, dfd, name, rel, n, kept);
}

/* The entry name of link directory fd: a solve_<task> directory. */
static void check_task_entry(verifier *v, int fd, const char *name, const char *rel, int k)
{
	if (strncmp(name, "solve_", 6) != 0 || !bf_task_id_ok(name + 6))
		problem(v, fd, name, rel, "not named solve_<task id>");
	else
		check_task_dir(v, fd, name, rel, k);
}

/* The store's top directory dir, when there (a store may lack one): each
 * of its entries, in name order, handed to check with its path "dir/name". */
static void check_top_dir(verifier *v, int rootfd, const char *dir, int k,
			  void (*check)(verifier *v, int fd, const char *name, const char *rel, int k))
{
	if (kind_of(rootfd, dir) == 0)
		return;
	int fd = sub_dir(v, rootfd, dir, dir);
	if (fd < 0)
		return;
	int n;
	char **names = bf_fs_names(fd, &n);
	for (int i = 0; i < n; i++) {
		char rel[512];
		snprintf(rel, sizeof(rel), "%s/%s", dir, names[i]);
		check(v, fd, names[i], rel, k);
	}
	bf_free_list(names);
	close(fd);
}

#define LOCK_NAME ".battfarm.lock"

/* The lock: an empty regular file.  Plain verify takes a shared lock (a
 * live run makes it say busy, never report a half-filed store), repair the
 * run lock.  The descriptor, -3 when there is none to hold, -2 when busy,
 * -1 when it cannot be taken. */
static int take_lock(verifier *v, int rootfd, char *err, size_t errlen)
{
	mode_t m = kind_of(rootfd, LOCK_NAME);
	if (m && m != S_IFREG) {
		char what[96];
		snprintf(what, sizeof(what), "%s where the lock (an empty file) should be",
			 bf_fs_kind(rootfd, LOCK_NAME));
		problem(v, rootfd, LOCK_NAME, LOCK_NAME, what);
		if (!v->repair)
			return -3; /* no run can hold it either */
	}
	char lerr[512];
	int fd = v->repair ? bf_store_lock(v->root, lerr, sizeof(lerr))
			   : bf_store_lock_shared(rootfd, v->root, lerr, sizeof(lerr));
	if (fd == -2)
		snprintf(err, errlen, "%s (busy: verify again when it has ended)", lerr);
	else if (fd == -1)
		snprintf(err, errlen, "%s", lerr);
	if (fd == -1 || fd == -2)
		return fd;
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
		v->r->problems++;
		bool fixed = v->repair && ftruncate(fd, 0) == 0;
		v->r->repaired += fixed;
		fprintf(v->out, "%s/%s: the lock holds data (it should be empty)%s\n", v->root,
			LOCK_NAME, fixed ? " (emptied)" : "");
	}
	return fd;
}

/* store.json gives max_files; a bad one is a problem (repair removes it,
 * and the next run writes its own).  -1 when --max-files contradicts it. */
static int read_meta(verifier *v, int rootfd, int want_max, char *err, size_t errlen)
{
	bf_store_meta m;
	char merr[256];
	int rc = bf_store_meta_read(rootfd, &m, merr, sizeof(merr));
	v->r->max_files = want_max ? want_max : 32;
	if (rc == 1 && want_max && want_max != m.max_files) {
		snprintf(err, errlen, "%s: --max-files %d, but the store was made with %d (%s)",
			 v->root, want_max, m.max_files, ".battfarm/store.json");
		return -1;
	}
	if (rc == 1) {
		v->r->max_files = m.max_files;
		v->r->from_meta = true;
	}
	if (kind_of(rootfd, ".battfarm") != S_IFDIR) {
		if (rc < 0)
			problem(v, rootfd, ".battfarm", ".battfarm", merr);
		return 0;
	}
	int fd = bf_fs_opendir(rootfd, ".battfarm", false);
	if (fd < 0)
		return 0;
	if (rc < 0)
		problem(v, fd, "store.json", ".battfarm/store.json", merr + strlen(".battfarm/store.json: "));
	int n;
	char **names = bf_fs_names(fd, &n);
	for (int i = 0; i < n; i++) {
		char rel[512];
		snprintf(rel, sizeof(rel), ".battfarm/%s", names[i]);
		if (strncmp(names[i], ".tmp.", 5) == 0)
			problem(v, fd, names[i], rel, "a temp file left by an interrupted write");
	}
	bf_free_list(names);
	close(fd);
	return 0;
}

/* The root's own files besides the lock: names.json (names.h) a regular
 * file, no temp file left; what else a user keeps there is not the store's. */
static void check_root_files(verifier *v, int rootfd)
{
	mode_t m = kind_of(rootfd, BF_NAMES_FILE);
	if (m && m != S_IFREG) {
		char what[96];
		snprintf(what, sizeof(what), "%s, not a file", bf_fs_kind(rootfd, BF_NAMES_FILE));
		problem(v, rootfd, BF_NAMES_FILE, BF_NAMES_FILE, what);
	}
	int n;
	char **names = bf_fs_names(rootfd, &n);
	for (int i = 0; i < n; i++)
		if (strncmp(names[i], ".tmp.", 5) == 0)
			problem(v, rootfd, names[i], names[i], "a temp file left by an interrupted write");
	bf_free_list(names);
}

int bf_store_verify(const bf_verify_opts *o, bf_verify_result *r, FILE *msgs, char *err,
		    size_t errlen)
{
	memset(r, 0, sizeof(*r));
	verifier v = {.root = o->root, .out = msgs, .repair = o->repair, .r = r};
	int rootfd = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		snprintf(err, errlen, "%s: %s", o->root,
			 errno == ENOTDIR ? "not a directory" : strerror(errno));
		return -1;
	}
	int lockfd = take_lock(&v, rootfd, err, errlen);
	if (lockfd == -1 || lockfd == -2 || read_meta(&v, rootfd, o->max_files, err, errlen) < 0) {
		bf_store_unlock(lockfd);
		close(rootfd);
		return lockfd == -2 ? -2 : -1;
	}
	check_root_files(&v, rootfd);
	for (int k = 0; k < 2; k++) {
		v.good[k] = bf_strset_new();
		check_top_dir(&v, rootfd, bf_store_md5_dir((bf_store_kind)k), k, check_md5_entry);
		check_top_dir(&v, rootfd, bf_store_dir_dir((bf_store_kind)k), k, check_task_entry);
		bf_strset_free(v.good[k]);
	}
	bf_store_unlock(lockfd);
	close(rootfd);
	return 0;
}

/*
 * store.c -- the content-addressed output tree (see store.h).
 *
 * Syscalls are the cost that matters here (the Python system spent most of
 * its time in them): a directory is created with one mkdirat per run and
 * remembered, a task directory is read once into an index, an md5 file is
 * written once (openat, write, close, renameat) and a link is one
 * symlinkat.  All paths are relative to one directory descriptor.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "battfarm/store.h"
#include "battfarm/strset.h"
#include "battfarm/util.h"

/* ---- helpers ---- */

static const char *md5_dir(bf_store_kind k)
{
	return k == BF_STORE_SOLVER ? "solver_md5" : "differ_md5";
}

static const char *dir_dir(bf_store_kind k)
{
	return k == BF_STORE_SOLVER ? "solver_dir" : "differ_dir";
}

/* Where kind's store work is timed.  The store's metrics are phase 3b's;
 * filing a differ is phase 4's work, which that phase times as a whole. */
static bf_prof_slot *timer(const bf_store *st, bf_store_kind kind)
{
	return kind == BF_STORE_SOLVER ? st->prof : NULL;
}

#define TIMED(prof, metric, stmt)                                 \
	do {                                                      \
		int64_t t0_ = bf_now_ns();                        \
		stmt;                                             \
		if (prof)                                         \
			bf_prof_add((prof), (metric), bf_now_ns() - t0_); \
	} while (0)

/* mkdir -p of rel under the root, one mkdirat per directory per run. */
static int ensure_dir(bf_store *st, const char *rel, char *err, size_t errlen)
{
	if (bf_strset_has(st->dirs, rel))
		return 0;
	char path[1024];
	if (strlen(rel) >= sizeof(path)) {
		snprintf(err, errlen, "path too long: %s", rel);
		return -1;
	}
	strcpy(path, rel);
	for (char *p = path;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (!bf_strset_has(st->dirs, path)) {
			if (mkdirat(st->rootfd, path, 0755) < 0 && errno != EEXIST) {
				snprintf(err, errlen, "%s/%s: cannot create: %s", st->root, path,
					 strerror(errno));
				return -1;
			}
			bf_strset_add(st->dirs, path);
		}
		*p = c;
		if (!c)
			break;
	}
	return 0;
}

/* The md5 files present, read once per kind.  Temp files are left alone:
 * in a farm they may be another worker's write in progress. */
static void load_md5s(bf_store *st, bf_store_kind kind)
{
	if (st->md5s[kind])
		return;
	st->md5s[kind] = bf_strset_new();
	int fd = openat(st->rootfd, md5_dir(kind), O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n == 35 && strcmp(e->d_name + 32, ".py") == 0) {
			char md5[33];
			memcpy(md5, e->d_name, 32);
			md5[32] = '\0';
			bf_strset_add(st->md5s[kind], md5);
		}
	}
	closedir(d);
}

/* Remove what a killed run left half-written: temp files in *_md5/.  Only
 * the one process that owns the store at the start of a run does this. */
static void remove_temp_files(bf_store *st)
{
	for (int k = 0; k < 2; k++) {
		int fd = openat(st->rootfd, md5_dir((bf_store_kind)k), O_RDONLY | O_DIRECTORY);
		if (fd < 0)
			continue;
		DIR *d = fdopendir(fd);
		if (!d) {
			close(fd);
			continue;
		}
		struct dirent *e;
		while ((e = readdir(d)))
			if (strncmp(e->d_name, ".tmp.", 5) == 0)
				unlinkat(dirfd(d), e->d_name, 0);
		closedir(d);
	}
}

int bf_store_open(bf_store *st, const char *root, int max_files, bf_prof_slot *prof, char *err,
		  size_t errlen)
{
	return bf_store_open_as(st, root, max_files, prof, true, err, errlen);
}

int bf_store_open_as(bf_store *st, const char *root, int max_files, bf_prof_slot *prof,
		     bool owner, char *err, size_t errlen)
{
	memset(st, 0, sizeof(*st));
	st->rootfd = -1;
	st->max_files = max_files;
	st->prof = prof;
	st->dirs = bf_strset_new();
	/* the root itself may need its parents */
	char path[1024];
	if (strlen(root) == 0 || strlen(root) >= sizeof(path)) {
		snprintf(err, errlen, "bad store path '%s'", root);
		goto fail;
	}
	strcpy(path, root);
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
			goto fail;
		}
		*p = c;
		if (!c)
			break;
	}
	st->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->rootfd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", root, strerror(errno));
		goto fail;
	}
	st->root = bf_xstrdup(root);
	for (int k = 0; k < 2; k++)
		if (ensure_dir(st, md5_dir((bf_store_kind)k), err, errlen) < 0 ||
		    ensure_dir(st, dir_dir((bf_store_kind)k), err, errlen) < 0)
			goto fail;
	if (owner)
		remove_temp_files(st);
	return 0;
fail:
	bf_store_close(st);
	return -1;
}

void bf_store_close(bf_store *st)
{
	if (st->rootfd >= 0)
		close(st->rootfd);
	bf_strset_free(st->dirs);
	bf_strset_free(st->md5s[0]);
	bf_strset_free(st->md5s[1]);
	free(st->root);
	memset(st, 0, sizeof(*st));
	st->rootfd = -1;
}

int bf_filed_cmp(int64_t sa, int ta, const char *ma, int64_t sb, int tb, const char *mb)
{
	if (sa != sb)
		return sa > sb ? 1 : -1;
	if (ta != tb)
		return ta > tb ? 1 : -1;
	return -strcmp(ma, mb);
}

static void td_push(bf_taskdir *td, int64_t score, int t_log, const char *md5)
{
	if (td->n == td->cap) {
		td->cap = td->cap ? td->cap * 2 : 16;
		td->items = bf_xrealloc(td->items, sizeof(bf_filed) * (size_t)td->cap);
	}
	bf_filed *f = &td->items[td->n++];
	f->score = score;
	f->t_log = t_log;
	memcpy(f->md5, md5, 32);
	f->md5[32] = '\0';
}

/* Each directory level is opened relative to its parent, so a task
 * directory costs one openat and one getdents pass per subdirectory. */
int bf_store_load_taskdir(bf_store *st, bf_store_kind kind, const char *task, bf_taskdir *td,
			  char *err, size_t errlen)
{
	memset(td, 0, sizeof(*td));
	td->rel = bf_xasprintf("%s/solve_%s", dir_dir(kind), task);
	int rc = 0;
	int64_t t0 = bf_now_ns();
	int fd = openat(st->rootfd, td->rel, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s/%s: %s", st->root, td->rel, strerror(errno));
			rc = -1;
		}
		goto done;
	}
	bf_strset_add(st->dirs, td->rel);
	DIR *d = fdopendir(fd);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		int64_t score;
		if (e->d_name[0] == '.' || !bf_parse_i64(e->d_name, &score))
			continue;
		int sfd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY);
		DIR *sd = sfd >= 0 ? fdopendir(sfd) : NULL;
		struct dirent *te;
		while (sd && (te = readdir(sd))) {
			int64_t tl;
			if (te->d_name[0] == '.' || !bf_parse_i64(te->d_name, &tl))
				continue;
			char rel[1024];
			snprintf(rel, sizeof(rel), "%s/%s/%s", td->rel, e->d_name, te->d_name);
			bf_strset_add(st->dirs, rel);
			int tfd = openat(dirfd(sd), te->d_name, O_RDONLY | O_DIRECTORY);
			DIR *tdd = tfd >= 0 ? fdopendir(tfd) : NULL;
			struct dirent *fe;
			while (tdd && (fe = readdir(tdd))) {
				if (strlen(fe->d_name) == 35 && strcmp(fe->d_name + 32, ".py") == 0)
					td_push(td, score, (int)tl, fe->d_name);
			}
			if (tdd)
				closedir(tdd);
			else if (tfd >= 0)
				close(tfd);
		}
		if (sd)
			closedir(sd);
		else if (sfd >= 0)
			close(sfd);
	}
	if (d)
		closedir(d);
	else
		close(fd);
done:
	if (timer(st, kind))
		bf_prof_add(timer(st, kind), BF_M_PHASE3B_SCORE_CALC, bf_now_ns() - t0);
	return rc;
}

void bf_taskdir_release(bf_taskdir *td)
{
	free(td->rel);
	free(td->items);
	memset(td, 0, sizeof(*td));
}

static int find_md5(const bf_taskdir *td, const char *md5)
{
	for (int i = 0; i < td->n; i++)
		if (strcmp(td->items[i].md5, md5) == 0)
			return i;
	return -1;
}

static int find_worst(const bf_taskdir *td, int skip)
{
	int w = -1;
	for (int i = 0; i < td->n; i++) {
		if (i == skip)
			continue;
		const bf_filed *a = &td->items[i];
		if (w < 0 || bf_filed_cmp(a->score, a->t_log, a->md5, td->items[w].score,
					  td->items[w].t_log, td->items[w].md5) < 0)
			w = i;
	}
	return w;
}

bool bf_store_would_keep(const bf_store *st, const bf_taskdir *td, int64_t score, int t_log,
			 const char *md5)
{
	int have = find_md5(td, md5);
	if (have >= 0) {
		const bf_filed *f = &td->items[have];
		/* one link per md5: only a better placing of it is news */
		return bf_filed_cmp(score, t_log, md5, f->score, f->t_log, f->md5) > 0;
	}
	if (td->n < st->max_files)
		return true;
	int w = find_worst(td, -1);
	const bf_filed *f = &td->items[w];
	return bf_filed_cmp(score, t_log, md5, f->score, f->t_log, f->md5) > 0;
}

static void link_path(char *buf, size_t len, const bf_taskdir *td, const bf_filed *f)
{
	snprintf(buf, len, "%s/%lld/%d/%s.py", td->rel, (long long)f->score, f->t_log, f->md5);
}

static void td_remove(bf_store *st, bf_taskdir *td, int i)
{
	char path[1200];
	link_path(path, sizeof(path), td, &td->items[i]);
	if (unlinkat(st->rootfd, path, 0) == 0)
		st->links_removed++;
	td->items[i] = td->items[--td->n];
}

static int write_md5(bf_store *st, bf_store_kind kind, const char *md5, const char *text,
		     size_t len, char *err, size_t errlen)
{
	load_md5s(st, kind);
	if (bf_strset_has(st->md5s[kind], md5))
		return 0;
	char tmp[128], dst[128];
	static pid_t pid;
	if (!pid)
		pid = getpid();
	snprintf(tmp, sizeof(tmp), "%s/.tmp.%s.%d", md5_dir(kind), md5, (int)pid);
	snprintf(dst, sizeof(dst), "%s/%s.py", md5_dir(kind), md5);
	int fd = openat(st->rootfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto fail;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			goto fail;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0 || renameat(st->rootfd, tmp, st->rootfd, dst) < 0)
		goto fail;
	bf_strset_add(st->md5s[kind], md5);
	st->files_written++;
	return 0;
fail:
	snprintf(err, errlen, "%s/%s: %s", st->root, dst, strerror(errno));
	unlinkat(st->rootfd, tmp, 0);
	return -1;
}

bool bf_store_needs_text(bf_store *st, bf_store_kind kind, const char *md5)
{
	load_md5s(st, kind);
	return !bf_strset_has(st->md5s[kind], md5);
}

int bf_store_file(bf_store *st, bf_store_kind kind, bf_taskdir *td, int64_t score, int t_log,
		  const char *md5, const char *text, size_t len, char *err, size_t errlen)
{
	bf_prof_slot *prof = timer(st, kind);
	int keep;
	TIMED(prof, BF_M_PHASE3B_CHECK_SAVE, {
		keep = bf_store_would_keep(st, td, score, t_log, md5);
		if (keep) {
			int have = find_md5(td, md5);
			if (have >= 0)
				td_remove(st, td, have);
			else if (td->n >= st->max_files)
				td_remove(st, td, find_worst(td, -1));
		}
	});
	if (!keep)
		return 0;
	int rc = 0;
	TIMED(prof, BF_M_GENERATE_EXPANDED, rc = write_md5(st, kind, md5, text, len, err, errlen));
	if (rc < 0)
		return -1;
	char dir[1100];
	snprintf(dir, sizeof(dir), "%s/%lld/%d", td->rel, (long long)score, t_log);
	TIMED(prof, BF_M_PHASE3B_ENSURE_DIR, rc = ensure_dir(st, dir, err, errlen));
	if (rc < 0)
		return -1;
	bf_filed f;
	f.score = score;
	f.t_log = t_log;
	memcpy(f.md5, md5, 33);
	char path[1200], target[128];
	link_path(path, sizeof(path), td, &f);
	snprintf(target, sizeof(target), "../../../../%s/%s.py", md5_dir(kind), md5);
	TIMED(prof, BF_M_PHASE3B_SYMLINK, {
		rc = symlinkat(target, st->rootfd, path);
		if (rc < 0 && errno == EEXIST) {
			/* left by an earlier run the index did not see: replace */
			unlinkat(st->rootfd, path, 0);
			rc = symlinkat(target, st->rootfd, path);
		}
	});
	if (rc < 0) {
		snprintf(err, errlen, "%s/%s: %s", st->root, path, strerror(errno));
		return -1;
	}
	st->links_made++;
	td_push(td, score, t_log, md5);
	return 1;
}

int bf_store_lock(const char *root, char *err, size_t errlen)
{
	char path[1100];
	snprintf(path, sizeof(path), "%s/.battfarm.lock", root);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	/* a record lock, not flock: F_GETLK can name the holder, so the file
	 * stays empty and stores from different runs stay byte-identical */
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		struct flock who = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
		int pid = fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK ? (int)who.l_pid : 0;
		snprintf(err, errlen,
			 "%s is in use by another battfarm run (pid %d); two runs must not share "
			 "a store",
			 root, pid);
		close(fd);
		return -2;
	}
	return fd;
}

void bf_store_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}


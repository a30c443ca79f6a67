/*
 * store.c -- the content-addressed output tree (see store.h).
 *
 * Syscalls are the cost that matters here (the Python system spent most of
 * its time in them): the four trees are opened once per process, a task
 * directory is opened and read once per task into an index and filed
 * through its descriptor, an md5 file is checked or written once per
 * process, and a link is one symlinkat in a directory opened without
 * following links (fsat.h).  Nothing here builds a path string to hand to
 * the kernel except the store root the user named.
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
#include "battfarm/inline.h"
#include "battfarm/program.h"
#include "battfarm/store.h"
#include "battfarm/strset.h"
#include "battfarm/util.h"

const char *bf_store_md5_dir(bf_store_kind k)
{
	return k == BF_STORE_SOLVER ? "solver_md5" : "differ_md5";
}

const char *bf_store_dir_dir(bf_store_kind k)
{
	return k == BF_STORE_SOLVER ? "solver_dir" : "differ_dir";
}

bool bf_store_md5_name(const char *n)
{
	if (strlen(n) != 35 || strcmp(n + 32, ".py") != 0)
		return false;
	for (int i = 0; i < 32; i++)
		if (!((n[i] >= '0' && n[i] <= '9') || (n[i] >= 'a' && n[i] <= 'f')))
			return false;
	return true;
}

bool bf_store_placing_name(const char *name, int64_t *v)
{
	char back[32];
	if (!bf_parse_i64(name, v))
		return false;
	snprintf(back, sizeof(back), "%lld", (long long)*v);
	return strcmp(back, name) == 0;
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

/* "ROOT/rel: why", naming the kind of entry when a directory was refused */
static void fail_msg(const bf_store *st, int dfd, const char *name, const char *rel, char *err,
		     size_t errlen)
{
	int e = errno;
	if (e == ENOTDIR && dfd >= 0)
		snprintf(err, errlen,
			 "%s/%s: %s, not a directory (a store follows no link it did not make; "
			 "`battfarm verify --repair` removes it)",
			 st->root, rel, bf_fs_kind(dfd, name));
	else
		snprintf(err, errlen, "%s/%s: %s", st->root, rel, strerror(e));
}

/* Remove what a killed run left half-written: temp files in *_md5/.  Only
 * the one process that owns the store at the start of a run does this. */
static void remove_temp_files(bf_store *st)
{
	for (int k = 0; k < 2; k++)
		bf_fs_remove_prefixed(st->md5fd[k], ".tmp.");
}

/* Remove the empty directories under dfd, depth levels down (a killed
 * worker's placing made just before its link); rmdir fails harmlessly on
 * what is not empty, and no link is followed. */
static void sweep_empty(int dfd, int depth)
{
	DIR *d = bf_fs_dir_stream(dfd);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		int sub = bf_fs_opendir(dfd, e->d_name, false);
		if (sub < 0)
			continue;
		if (depth > 1)
			sweep_empty(sub, depth - 1);
		close(sub);
		unlinkat(dfd, e->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

/* mkdir -p of the root the user named: the one path followed as given */
static int make_root(const char *root, char *err, size_t errlen)
{
	char path[1024];
	if (strlen(root) == 0 || strlen(root) >= sizeof(path)) {
		snprintf(err, errlen, "bad store path '%s'", root);
		return -1;
	}
	strcpy(path, root);
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
			return -1;
		}
		*p = c;
		if (!c)
			break;
	}
	return 0;
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
	st->rootfd = st->md5fd[0] = st->md5fd[1] = st->dirfd[0] = st->dirfd[1] = -1;
	st->max_files = max_files;
	st->prof = prof;
	st->root = bf_xstrdup(root);
	st->sound[0] = bf_strset_new();
	st->sound[1] = bf_strset_new();
	if (make_root(root, err, errlen) < 0)
		goto fail;
	st->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->rootfd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", root, strerror(errno));
		goto fail;
	}
	for (int k = 0; k < 2; k++) {
		const char *m = bf_store_md5_dir((bf_store_kind)k), *d = bf_store_dir_dir((bf_store_kind)k);
		if ((st->md5fd[k] = bf_fs_opendir(st->rootfd, m, true)) < 0) {
			fail_msg(st, st->rootfd, m, m, err, errlen);
			goto fail;
		}
		if ((st->dirfd[k] = bf_fs_opendir(st->rootfd, d, true)) < 0) {
			fail_msg(st, st->rootfd, d, d, err, errlen);
			goto fail;
		}
	}
	if (owner) {
		remove_temp_files(st);
		sweep_empty(st->dirfd[0], 3);
		sweep_empty(st->dirfd[1], 3);
	}
	return 0;
fail:
	bf_store_close(st);
	return -1;
}

void bf_store_close(bf_store *st)
{
	for (int k = 0; k < 2; k++) {
		if (st->md5fd[k] >= 0) {
			if (st->md5_dirty[k])
				fsync(st->md5fd[k]);
			close(st->md5fd[k]);
		}
		if (st->dirfd[k] >= 0)
			close(st->dirfd[k]);
		bf_strset_free(st->sound[k]);
	}
	if (st->rootfd >= 0)
		close(st->rootfd);
	free(st->root);
	memset(st, 0, sizeof(*st));
	st->rootfd = st->md5fd[0] = st->md5fd[1] = st->dirfd[0] = st->dirfd[1] = -1;
}

int bf_filed_cmp(int64_t sa, int ta, const char *ma, int64_t sb, int tb, const char *mb)
{
	if (sa != sb)
		return sa > sb ? 1 : -1;
	if (ta != tb)
		return ta > tb ? 1 : -1;
	return -strcmp(ma, mb);
}

static int find_md5(const bf_taskdir *td, const char *md5)
{
	for (int i = 0; i < td->n; i++)
		if (strcmp(td->items[i].md5, md5) == 0)
			return i;
	return -1;
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

/* Unlink name from <score>/<t_log>/ of td and take the placing's
 * directories with it when that emptied them (a moved link must leave no
 * empty 4000/10/ behind).  0 when the link is gone. */
static int unlink_placed(bf_taskdir *td, int64_t score, int t_log, const char *name)
{
	char s[32], t[32];
	snprintf(s, sizeof(s), "%lld", (long long)score);
	snprintf(t, sizeof(t), "%d", t_log);
	int sfd = td->fd >= 0 ? bf_fs_opendir(td->fd, s, false) : -1;
	int tfd = sfd >= 0 ? bf_fs_opendir(sfd, t, false) : -1;
	int rc = tfd >= 0 ? unlinkat(tfd, name, 0) : -1;
	if (tfd >= 0)
		close(tfd);
	if (sfd >= 0) {
		unlinkat(sfd, t, AT_REMOVEDIR); /* ENOTEMPTY: others stay */
		close(sfd);
		unlinkat(td->fd, s, AT_REMOVEDIR);
	}
	return rc;
}

/* The links of one <score>/<t_log>/ directory into the index; a second
 * link of an md5 already indexed is the worse of the two and goes. */
static void load_placing(bf_store *st, bf_taskdir *td, int tfd, int64_t score, int64_t tl)
{
	DIR *d = fdopendir(tfd);
	if (!d) {
		close(tfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!bf_store_md5_name(e->d_name) || (e->d_type != DT_LNK && e->d_type != DT_UNKNOWN))
			continue;
		int have = find_md5(td, e->d_name);
		if (have < 0) {
			td_push(td, score, (int)tl, e->d_name);
			continue;
		}
		bf_filed *f = &td->items[have];
		bool better = bf_filed_cmp(score, (int)tl, f->md5, f->score, f->t_log, f->md5) > 0;
		if (better) {
			int64_t os = f->score;
			int ot = f->t_log;
			f->score = score;
			f->t_log = (int)tl;
			if (unlink_placed(td, os, ot, e->d_name) == 0)
				st->links_removed++;
		} else if (unlinkat(dirfd(d), e->d_name, 0) == 0) {
			st->links_removed++;
		}
	}
	closedir(d);
}

/* Each level is opened relative to its parent without following links;
 * names that are not canonical placings are left for verify to report. */
static void load_scores(bf_store *st, bf_taskdir *td)
{
	DIR *d = bf_fs_dir_stream(td->fd);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		int64_t score, tl;
		if (!bf_store_placing_name(e->d_name, &score))
			continue;
		int sfd = bf_fs_opendir(td->fd, e->d_name, false);
		DIR *sd = sfd >= 0 ? bf_fs_dir_stream(sfd) : NULL;
		struct dirent *te;
		while (sd && (te = readdir(sd))) {
			if (!bf_store_placing_name(te->d_name, &tl) || tl < -1000000 || tl > 1000000)
				continue;
			int tfd = bf_fs_opendir(sfd, te->d_name, false);
			if (tfd < 0)
				continue;
			if (bf_fs_dir_empty(tfd)) {
				close(tfd);
				unlinkat(sfd, te->d_name, AT_REMOVEDIR);
				continue;
			}
			load_placing(st, td, tfd, score, tl);
		}
		if (sd)
			closedir(sd);
		if (sfd >= 0) {
			close(sfd);
			unlinkat(td->fd, e->d_name, AT_REMOVEDIR); /* only if emptied */
		}
	}
	if (d)
		closedir(d);
}

int bf_store_load_taskdir(bf_store *st, bf_store_kind kind, const char *task, bf_taskdir *td,
			  char *err, size_t errlen)
{
	memset(td, 0, sizeof(*td));
	td->kind = kind;
	td->name = bf_xasprintf("solve_%s", task);
	td->rel = bf_xasprintf("%s/%s", bf_store_dir_dir(kind), td->name);
	int rc = 0;
	int64_t t0 = bf_now_ns();
	td->fd = bf_fs_opendir(st->dirfd[kind], td->name, false);
	if (td->fd < 0) {
		if (errno != ENOENT) {
			fail_msg(st, st->dirfd[kind], td->name, td->rel, err, errlen);
			rc = -1;
		}
		goto done;
	}
	load_scores(st, td);
done:
	if (timer(st, kind))
		bf_prof_add(timer(st, kind), BF_M_PHASE3B_SCORE_CALC, bf_now_ns() - t0);
	return rc;
}

void bf_taskdir_release(bf_taskdir *td)
{
	/* > 0: a zeroed bf_taskdir is valid to release (fd 0 is stdin, which
	 * main keeps open) */
	if (td->fd > 0)
		close(td->fd);
	free(td->rel);
	free(td->name);
	free(td->items);
	memset(td, 0, sizeof(*td));
	td->fd = -1;
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
		/* one link per md5: news when placed elsewhere, or its file is
		 * not yet known sound */
		return f->score != score || f->t_log != t_log ||
		       !bf_strset_has(st->sound[td->kind], md5);
	}
	if (td->n < st->max_files)
		return true;
	int w = find_worst(td, -1);
	const bf_filed *f = &td->items[w];
	return bf_filed_cmp(score, t_log, md5, f->score, f->t_log, f->md5) > 0;
}

static void td_remove(bf_store *st, bf_taskdir *td, int i)
{
	char name[40];
	snprintf(name, sizeof(name), "%s.py", td->items[i].md5);
	if (unlink_placed(td, td->items[i].score, td->items[i].t_log, name) == 0)
		st->links_removed++;
	td->items[i] = td->items[--td->n];
}

const char *bf_store_text_fault(const char *src, size_t len, bf_store_kind kind,
				const char *name)
{
	const char *fault = NULL;
	bf_library lib;
	bf_library_init(&lib);
	int n = bf_library_parse(&lib, name, src, len);
	char md5[33] = "";
	bf_prog_kind pk = kind == BF_STORE_SOLVER ? BF_PROG_SOLVER : BF_PROG_DIFFER;
	if (n != 1 || lib.nerrors)
		fault = "does not parse as one program";
	else if (bf_inline_md5(lib.progs[0], pk, md5) < 0 || strncmp(md5, name, 32) != 0)
		fault = "its inlined text does not hash to its name";
	bf_library_release(&lib);
	return fault;
}

/* Whether the md5 file in dfd can be reused: a regular file (opened
 * without following a link or blocking) whose inlined text hashes to its
 * name. */
static bool md5_file_sound(int dfd, bf_store_kind kind, const char *name)
{
	size_t len;
	char *have = bf_fs_read(dfd, name, (size_t)64 << 20, &len);
	bool sound = have && !bf_store_text_fault(have, len, kind, name);
	free(have);
	return sound;
}

bool bf_store_needs_text(bf_store *st, bf_store_kind kind, const char *md5)
{
	if (bf_strset_has(st->sound[kind], md5))
		return false;
	char name[40];
	snprintf(name, sizeof(name), "%s.py", md5);
	if (!md5_file_sound(st->md5fd[kind], kind, name))
		return true;
	bf_strset_add(st->sound[kind], md5);
	return false;
}

/* The md5 file, reused when sound, else (re)written: rename replaces
 * whatever stands there but a directory, which is reported. */
static int write_md5(bf_store *st, bf_store_kind kind, const char *md5, const char *text,
		     size_t len, char *err, size_t errlen)
{
	if (!bf_store_needs_text(st, kind, md5))
		return 0;
	char tmp[128], dst[64];
	static pid_t pid;
	if (!pid)
		pid = getpid();
	snprintf(tmp, sizeof(tmp), ".tmp.%s.%d", md5, (int)pid);
	snprintf(dst, sizeof(dst), "%s.py", md5);
	if (!text) {
		snprintf(err, errlen, "%s/%s/%s: the text to write was not given", st->root,
			 bf_store_md5_dir(kind), dst);
		return -1;
	}
	if (bf_fs_write_atomic(st->md5fd[kind], dst, tmp, text, len, false) < 0) {
		bool dir = errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST;
		snprintf(err, errlen, "%s/%s/%s: %s", st->root, bf_store_md5_dir(kind), dst,
			 dir ? "a directory stands there (`battfarm verify --repair` removes it)"
			     : strerror(errno));
		return -1;
	}
	st->md5_dirty[kind] = true;
	st->files_written++;
	bf_strset_add(st->sound[kind], md5);
	return 0;
}

int bf_store_put_md5(bf_store *st, bf_store_kind kind, const char *md5, const char *text,
		     size_t len, char *err, size_t errlen)
{
	return write_md5(st, kind, md5, text, len, err, errlen);
}

/* The placing's directory, made (and the task directory with it) when
 * missing; descriptor or -1 with a message. */
static int placing_dir(bf_store *st, bf_taskdir *td, int64_t score, int t_log, char *err,
		       size_t errlen)
{
	if (td->fd < 0 && (td->fd = bf_fs_opendir(st->dirfd[td->kind], td->name, true)) < 0) {
		fail_msg(st, st->dirfd[td->kind], td->name, td->rel, err, errlen);
		return -1;
	}
	char rel[64];
	snprintf(rel, sizeof(rel), "%lld/%d", (long long)score, t_log);
	int fd = bf_fs_opendir(td->fd, rel, true);
	if (fd < 0)
		snprintf(err, errlen, "%s/%s/%s: %s%s", st->root, td->rel, rel, strerror(errno),
			 errno == ENOTDIR ? " (a link or file where a directory should be; "
					    "`battfarm verify --repair` removes it)"
					  : "");
	return fd;
}

/* The one link of md5 in the placing's directory: made, or replaced when
 * something else stands under its name. */
static int make_link(bf_store *st, bf_taskdir *td, int dfd, const char *md5, char *err,
		     size_t errlen)
{
	char name[40], target[128], got[128];
	snprintf(name, sizeof(name), "%s.py", md5);
	snprintf(target, sizeof(target), "../../../../%s/%s", bf_store_md5_dir(td->kind), name);
	ssize_t r = readlinkat(dfd, name, got, sizeof(got) - 1);
	if (r >= 0 && (size_t)r == strlen(target) && memcmp(got, target, (size_t)r) == 0)
		return 0;
	int rc = symlinkat(target, dfd, name);
	if (rc < 0 && errno == EEXIST && unlinkat(dfd, name, 0) == 0)
		rc = symlinkat(target, dfd, name);
	if (rc < 0) {
		snprintf(err, errlen, "%s/%s/.../%s: %s", st->root, td->rel, name, strerror(errno));
		return -1;
	}
	return 1;
}

int bf_store_file(bf_store *st, bf_store_kind kind, bf_taskdir *td, int64_t score, int t_log,
		  const char *md5, const char *text, size_t len, char *err, size_t errlen)
{
	bf_prof_slot *prof = timer(st, kind);
	int keep, have = -1;
	TIMED(prof, BF_M_PHASE3B_CHECK_SAVE, {
		keep = bf_store_would_keep(st, td, score, t_log, md5);
		have = find_md5(td, md5);
		if (keep && have >= 0 && (td->items[have].score != score ||
					  td->items[have].t_log != t_log)) {
			td_remove(st, td, have);
			have = -1;
		} else if (keep && have < 0 && td->n >= st->max_files) {
			td_remove(st, td, find_worst(td, -1));
		}
	});
	if (!keep)
		return 0;
	int rc = 0;
	TIMED(prof, BF_M_GENERATE_EXPANDED, rc = write_md5(st, kind, md5, text, len, err, errlen));
	if (rc < 0)
		return -1;
	int dfd;
	TIMED(prof, BF_M_PHASE3B_ENSURE_DIR, dfd = placing_dir(st, td, score, t_log, err, errlen));
	if (dfd < 0)
		return -1;
	TIMED(prof, BF_M_PHASE3B_SYMLINK, rc = make_link(st, td, dfd, md5, err, errlen));
	close(dfd);
	if (rc < 0)
		return -1;
	if (have >= 0)
		return 0; /* it was there; its file is now checked */
	st->links_made++;
	td_push(td, score, t_log, md5);
	return 1;
}

static int lock_msg(int fd, const char *root, char *err, size_t errlen)
{
	struct flock who = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	int pid = fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK ? (int)who.l_pid : 0;
	snprintf(err, errlen,
		 "%s is in use by another battfarm run (pid %d); two runs must not share "
		 "a store",
		 root, pid);
	close(fd);
	return -1;
}

static int lock_at(int rootfd, const char *root, bool shared, char *err, size_t errlen)
{
	int flags = shared ? O_RDONLY : O_RDWR | O_CREAT;
	int fd = bf_fs_open_regular(rootfd, ".battfarm.lock", flags, 0644);
	if (fd < 0) {
		if (shared && errno == ENOENT)
			return -3;
		snprintf(err, errlen, "%s/.battfarm.lock: cannot open: %s%s", root,
			 errno == EINVAL || errno == ELOOP || errno == EISDIR ? bf_fs_kind(rootfd, ".battfarm.lock")
									     : strerror(errno),
			 errno == EINVAL || errno == ELOOP || errno == EISDIR
				 ? ", not a regular file (`battfarm verify --repair` removes it)"
				 : "");
		return -1;
	}
	/* a record lock, not flock: F_GETLK can name the holder, so the file
	 * stays empty and stores from different runs stay byte-identical */
	struct flock fl = {.l_type = shared ? F_RDLCK : F_WRLCK, .l_whence = SEEK_SET};
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		lock_msg(fd, root, err, errlen);
		return -2;
	}
	return fd;
}

int bf_store_lock(const char *root, char *err, size_t errlen)
{
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", root, strerror(errno));
		return -1;
	}
	int fd = lock_at(rootfd, root, false, err, errlen);
	close(rootfd);
	return fd;
}

int bf_store_lock_shared(int rootfd, const char *root, char *err, size_t errlen)
{
	return lock_at(rootfd, root, true, err, errlen);
}

void bf_store_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

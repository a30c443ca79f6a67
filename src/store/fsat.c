/*
 * fsat.c -- the store's path layer (see fsat.h): descriptor-relative,
 * symlink-refusing, non-blocking file operations.
 *
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) opens a multi-component
 * path in one syscall; where the kernel lacks it (ENOSYS, or a seccomp
 * filter answering EPERM) the same walk is done one component at a time
 * with openat(O_NOFOLLOW), which refuses the same paths.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fsat.h"
#include "battfarm/util.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)

static bool no_openat2;

static int open_beneath(int dfd, const char *rel)
{
#ifdef SYS_openat2
	if (!no_openat2) {
		struct open_how how = {
			.flags = O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC,
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
		};
		int fd = (int)syscall(SYS_openat2, dfd, rel, &how, sizeof(how));
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM && errno != E2BIG))
			return fd;
		no_openat2 = true;
	}
#endif
	return -2; /* walk instead */
}

/* One component at a time; each mkdirat and openat names a single entry of
 * a directory already opened without following a link. */
static int walk(int dfd, const char *rel, bool create)
{
	char comp[256];
	int cur = dfd;
	const char *p = rel;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 0 || n >= sizeof(comp)) {
			errno = n ? ENAMETOOLONG : EINVAL;
			goto fail;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		if (create && mkdirat(cur, comp, 0755) < 0 && errno != EEXIST)
			goto fail;
		int next = openat(cur, comp, DIR_FLAGS);
		if (next < 0)
			goto fail;
		if (cur != dfd)
			close(cur);
		cur = next;
		p += n;
		while (*p == '/')
			p++;
	}
	return cur == dfd ? openat(dfd, ".", DIR_FLAGS) : cur;
fail:
	if (cur != dfd) {
		int e = errno;
		close(cur);
		errno = e;
	}
	return -1;
}

int bf_fs_opendir(int dfd, const char *rel, bool create)
{
	if (!strchr(rel, '/')) {
		if (create && mkdirat(dfd, rel, 0755) < 0 && errno != EEXIST)
			return -1;
		return openat(dfd, rel, DIR_FLAGS);
	}
	int fd = open_beneath(dfd, rel);
	if (fd == -2 || (fd < 0 && errno == ENOENT && create))
		fd = walk(dfd, rel, create);
	if (fd < 0 && (errno == ELOOP || errno == EXDEV))
		errno = ENOTDIR; /* the same answer the walk gives */
	return fd;
}

int bf_fs_open_regular(int dfd, const char *name, int flags, mode_t mode)
{
	int fd = openat(dfd, name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

char *bf_fs_read(int dfd, const char *name, size_t max, size_t *len)
{
	int fd = bf_fs_open_regular(dfd, name, O_RDONLY, 0);
	if (fd < 0)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = bf_xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap > max)
				break;
			cap *= 2;
			buf = bf_xrealloc(buf, cap + 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			free(buf);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int write_all(int fd, const char *buf, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

int bf_fs_write_atomic(int dfd, const char *name, const char *tmpname, const char *buf,
		       size_t len, bool sync_dir)
{
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = openat(dfd, tmpname, flags, 0644);
	if (fd < 0 && errno == EEXIST && unlinkat(dfd, tmpname, 0) == 0)
		fd = openat(dfd, tmpname, flags, 0644); /* left by a killed writer */
	if (fd < 0)
		return -1;
	if (write_all(fd, buf, len) < 0 || fsync(fd) < 0) {
		int e = errno;
		close(fd);
		unlinkat(dfd, tmpname, 0);
		errno = e;
		return -1;
	}
	if (close(fd) < 0 || renameat(dfd, tmpname, dfd, name) < 0) {
		int e = errno;
		unlinkat(dfd, tmpname, 0);
		errno = e;
		return -1;
	}
	return sync_dir ? fsync(dfd) : 0;
}

static int remove_tree(int dfd, const char *name, dev_t dev, int depth)
{
	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	int fd = openat(dfd, name, DIR_FLAGS);
	if (fd < 0 && errno == EACCES && fchmodat(dfd, name, 0755, 0) == 0)
		fd = openat(dfd, name, DIR_FLAGS);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_dev != dev || depth > 64) {
		if (fd >= 0)
			close(fd);
		errno = fd >= 0 ? EXDEV : errno;
		return -1;
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    remove_tree(dirfd(d), e->d_name, dev, depth + 1) < 0)
			rc = -1;
	closedir(d);
	return rc < 0 ? -1 : unlinkat(dfd, name, AT_REMOVEDIR);
}

int bf_fs_remove(int dfd, const char *name)
{
	struct stat st;
	if (fstat(dfd, &st) < 0)
		return -1;
	return remove_tree(dfd, name, st.st_dev, 0);
}

const char *bf_fs_kind(int dfd, const char *name)
{
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? "missing" : "unreadable";
	switch (st.st_mode & S_IFMT) {
	case S_IFREG: return "a regular file";
	case S_IFDIR: return "a directory";
	case S_IFLNK: return "a symlink";
	case S_IFIFO: return "a FIFO";
	case S_IFSOCK: return "a socket";
	default: return "a device";
	}
}

DIR *bf_fs_dir_stream(int fd)
{
	int dup_fd = openat(fd, ".", DIR_FLAGS);
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	if (!d && dup_fd >= 0) {
		int e = errno;
		close(dup_fd);
		errno = e;
	}
	return d;
}

bool bf_fs_dir_empty(int fd)
{
	DIR *d = bf_fs_dir_stream(fd);
	if (!d)
		return false;
	bool empty = true;
	struct dirent *e;
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **bf_fs_names(int fd, int *n)
{
	int cap = 16;
	char **v = bf_xmalloc(sizeof(char *) * (size_t)cap);
	*n = 0;
	DIR *d = bf_fs_dir_stream(fd);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (*n + 1 >= cap) {
			cap *= 2;
			v = bf_xrealloc(v, sizeof(char *) * (size_t)cap);
		}
		v[(*n)++] = bf_xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	qsort(v, (size_t)*n, sizeof(char *), cmp_name);
	v[*n] = NULL;
	return v;
}

void bf_fs_remove_prefixed(int fd, const char *prefix)
{
	DIR *d = bf_fs_dir_stream(fd);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			unlinkat(fd, e->d_name, 0);
	if (d)
		closedir(d);
}

/*
 * fsat.h -- the store's path layer: everything beneath a directory
 * descriptor, no symlink followed, nothing that can block.
 *
 * A store path is never handed to open(2) as one string: each directory is
 * opened relative to its parent with O_NOFOLLOW (or in one openat2 call with
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS where the kernel has it), so a
 * symlink planted anywhere in a store makes the operation fail instead of
 * reaching outside.  Files are opened O_NONBLOCK and checked to be regular
 * files before they are read, so a FIFO or device in the store is an error,
 * never a hang.  Callers: store.c, meta.c, names.c, journal.c, verify.c,
 * listing.c.
 */
#ifndef BATTFARM_FSAT_H
#define BATTFARM_FSAT_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* The directory rel ('/'-separated components, none "." or "..") beneath
 * dfd, as a descriptor (O_CLOEXEC); with create, missing components are
 * made (0755).  -1 with errno on failure: ENOTDIR or ELOOP when a
 * component is a symlink or not a directory, ENOENT without create. */
int bf_fs_opendir(int dfd, const char *rel, bool create);

/* A regular file name in dfd, opened with flags (| O_NOFOLLOW | O_NONBLOCK
 * | O_CLOEXEC; the blocking mode is restored after the check).  -1 with
 * errno: ELOOP for a symlink, EFTYPE-like EINVAL for any other kind. */
int bf_fs_open_regular(int dfd, const char *name, int flags, mode_t mode);

/* The whole text of regular file name in dfd (NUL-terminated, at most max
 * bytes), or NULL with errno (EFBIG when larger than max). */
char *bf_fs_read(int dfd, const char *name, size_t max, size_t *len);

/* Write name in dfd atomically: a temp file tmpname (created O_EXCL,
 * never following a link), write, fsync, rename over name, and an fsync of
 * dfd when sync_dir.  0, or -1 with errno (the temp file removed). */
int bf_fs_write_atomic(int dfd, const char *name, const char *tmpname, const char *buf,
		       size_t len, bool sync_dir);

/* Remove name from dfd whatever it is: a symlink is removed itself (never
 * its target), a directory with everything in it, never crossing to
 * another file system.  0, or -1 with errno. */
int bf_fs_remove(int dfd, const char *name);

/* What kind of entry name is in dfd, for messages: "a symlink",
 * "a directory", "a FIFO", ... or "missing". */
const char *bf_fs_kind(int dfd, const char *name);

/* Whether directory fd has no entries but "." and "..". */
bool bf_fs_dir_empty(int fd);

/* A stream over the entries of directory fd, on a descriptor of its own
 * (fd stays open and its offset untouched; closedir the stream).  NULL
 * with errno. */
DIR *bf_fs_dir_stream(int fd);

/* The names of the entries of directory fd but . and .., sorted (so that
 * what is reported comes in a stable order); NULL-terminated, *n of them
 * (none when fd cannot be read).  Free with bf_free_list. */
char **bf_fs_names(int fd, int *n);

/* Remove the entries of directory fd whose names start with prefix (the
 * temp files a killed writer left); never a directory's content. */
void bf_fs_remove_prefixed(int fd, const char *prefix);

#endif

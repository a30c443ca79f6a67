/*
 * journal.c -- the resume journal (see journal.h).
 *
 * Called by the run's supervisor, which holds the store lock: it opens the
 * journal before handing out tasks, records each task its workers report
 * filed, and compacts it when the run ends; and by merge, which absorbs
 * the journals of the stores it unites.  Every file is opened under the
 * store's root descriptor without following symlinks and without blocking
 * (a FIFO planted as the journal is refused, never waited on).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "battfarm/journal.h"
#include "battfarm/util.h"
#include "fsat.h"

#define JOURNAL_DIR ".battfarm"
#define JOURNAL_NAME "journal"
#define TEMP_PREFIX ".tmp.journal."
#define MAX_JOURNAL ((size_t)256 << 20)
#define MAX_LINE 200

static bool is_hex32(const char *s)
{
	for (int i = 0; i < 32; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* "<32 hex> <32 hex> <32 hex> <id>": the id 1-64 of [A-Za-z0-9_-], as
 * task ids are. */
#define ID_AT 99
static bool line_ok(const char *s, size_t len)
{
	if (len < ID_AT + 1 || len > ID_AT + 64)
		return false;
	for (int h = 0; h < 3; h++)
		if (!is_hex32(s + 33 * h) || s[33 * h + 32] != ' ')
			return false;
	for (size_t i = ID_AT; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

static void remember(bf_journal *j, const char *line)
{
	if (bf_strset_has(j->have, line))
		return;
	bf_strset_add(j->have, line);
	if (j->n == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 64;
		j->lines = bf_xrealloc(j->lines, sizeof(char *) * (size_t)j->cap);
	}
	j->lines[j->n++] = bf_xstrdup(line);
}

/* Add the complete, well-formed lines of text; returns the length of
 * text up to the end of its last complete line (a torn line is cut). */
static size_t absorb_text(bf_journal *j, char *text, size_t len)
{
	char *p = text, *end = text + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		*nl = '\0';
		if (line_ok(p, (size_t)(nl - p)))
			remember(j, p);
		p = nl + 1;
	}
	return (size_t)(p - text);
}


int bf_journal_open(bf_journal *j, int rootfd, char *err, size_t errlen)
{
	memset(j, 0, sizeof(*j));
	j->dirfd = j->fd = -1;
	j->have = bf_strset_new();
	j->dirfd = bf_fs_opendir(rootfd, JOURNAL_DIR, true);
	if (j->dirfd < 0)
		goto fail;
	bf_fs_remove_prefixed(j->dirfd, TEMP_PREFIX);
	j->fd = bf_fs_open_regular(j->dirfd, JOURNAL_NAME, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (j->fd < 0)
		goto fail;
	size_t len = 0;
	char *text = bf_fs_read(j->dirfd, JOURNAL_NAME, MAX_JOURNAL, &len);
	if (!text)
		goto fail;
	size_t whole = absorb_text(j, text, len);
	free(text);
	/* a torn last line (a write cut by a full disk) goes, so the next
	 * record starts a line of its own */
	if (whole < len && ftruncate(j->fd, (off_t)whole) < 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s/%s: cannot open the journal: %s", JOURNAL_DIR, JOURNAL_NAME,
		 errno == EINVAL || errno == ELOOP ? "not a regular file" : strerror(errno));
	bf_journal_close(j);
	return -1;
}

void bf_journal_close(bf_journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	if (j->dirfd >= 0)
		close(j->dirfd);
	for (int i = 0; i < j->n; i++)
		free(j->lines[i]);
	free(j->lines);
	bf_strset_free(j->have);
	memset(j, 0, sizeof(*j));
	j->dirfd = j->fd = -1;
}

static void format_line(char *buf, size_t len, const char *job, const char *task_md5,
			const char *result, const char *id)
{
	snprintf(buf, len, "%.32s %.32s %.32s %s", job, task_md5, result, id);
}

bool bf_journal_has(const bf_journal *j, const char *job, const char *task_md5,
		    const char *result, const char *id)
{
	char line[MAX_LINE];
	format_line(line, sizeof(line), job, task_md5, result, id);
	return bf_strset_has(j->have, line);
}

/* One write(2) of the whole line, so a kill leaves it whole or absent. */
static int append(bf_journal *j, const char *line, char *err, size_t errlen)
{
	char buf[MAX_LINE + 1];
	int n = snprintf(buf, sizeof(buf), "%s\n", line);
	ssize_t w;
	do
		w = write(j->fd, buf, (size_t)n);
	while (w < 0 && errno == EINTR);
	if (w != n) {
		snprintf(err, errlen, "%s/%s: cannot write: %s", JOURNAL_DIR, JOURNAL_NAME,
			 w < 0 ? strerror(errno) : "short write");
		return -1;
	}
	return 0;
}

int bf_journal_record(bf_journal *j, const char *job, const char *task_md5, const char *result,
		      const char *id, char *err, size_t errlen)
{
	char line[MAX_LINE];
	format_line(line, sizeof(line), job, task_md5, result, id);
	if (!line_ok(line, strlen(line))) {
		snprintf(err, errlen, "not a journal line: '%s'", line);
		return -1;
	}
	if (bf_strset_has(j->have, line))
		return 0;
	if (append(j, line, err, errlen) < 0)
		return -1;
	remember(j, line);
	return 0;
}

int bf_journal_absorb(bf_journal *j, int other_rootfd, char *err, size_t errlen)
{
	int dfd = bf_fs_opendir(other_rootfd, JOURNAL_DIR, false);
	if (dfd < 0 && errno == ENOENT)
		return 0; /* a store without a journal: nothing to add */
	size_t len = 0;
	char *text = dfd >= 0 ? bf_fs_read(dfd, JOURNAL_NAME, MAX_JOURNAL, &len) : NULL;
	int saved = errno;
	if (dfd >= 0)
		close(dfd);
	if (!text) {
		if (saved == ENOENT)
			return 0;
		snprintf(err, errlen, "%s/%s: cannot read: %s", JOURNAL_DIR, JOURNAL_NAME,
			 saved == EINVAL || saved == ELOOP ? "not a regular file" : strerror(saved));
		return -1;
	}
	bf_journal other;
	memset(&other, 0, sizeof(other));
	other.have = bf_strset_new();
	absorb_text(&other, text, len);
	free(text);
	int rc = 0;
	for (int i = 0; i < other.n && rc == 0; i++)
		if (!bf_strset_has(j->have, other.lines[i])) {
			rc = append(j, other.lines[i], err, errlen);
			if (rc == 0)
				remember(j, other.lines[i]);
		}
	other.dirfd = other.fd = -1;
	bf_journal_close(&other);
	return rc;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int bf_journal_compact(bf_journal *j, char *err, size_t errlen)
{
	if (j->n > 1) /* qsort wants an array, even of nothing */
		qsort(j->lines, (size_t)j->n, sizeof(char *), by_str);
	size_t len = 0;
	for (int i = 0; i < j->n; i++)
		len += strlen(j->lines[i]) + 1;
	char *buf = bf_xmalloc(len + 1), *p = buf;
	for (int i = 0; i < j->n; i++)
		p += sprintf(p, "%s\n", j->lines[i]);
	char tmp[64];
	snprintf(tmp, sizeof(tmp), TEMP_PREFIX "%d", (int)getpid());
	int rc = bf_fs_write_atomic(j->dirfd, JOURNAL_NAME, tmp, buf, len, true);
	free(buf);
	if (rc < 0) {
		snprintf(err, errlen, "%s/%s: cannot rewrite: %s", JOURNAL_DIR, JOURNAL_NAME,
			 strerror(errno));
		return -1;
	}
	/* later records go to the new file */
	int nfd = bf_fs_open_regular(j->dirfd, JOURNAL_NAME, O_WRONLY | O_APPEND, 0);
	if (nfd < 0) {
		snprintf(err, errlen, "%s/%s: cannot reopen: %s", JOURNAL_DIR, JOURNAL_NAME,
			 strerror(errno));
		return -1;
	}
	close(j->fd);
	j->fd = nfd;
	return 0;
}

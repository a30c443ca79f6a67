/*
 * util.c -- checked allocation, gzip-transparent file reading, listings.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "battfarm/util.h"

static void oom(void)
{
	fputs("battfarm: out of memory\n", stderr);
	exit(2);
}

void *bf_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *bf_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *bf_xstrdup(const char *s)
{
	return bf_xstrndup(s, strlen(s));
}

char *bf_xstrndup(const char *s, size_t n)
{
	char *d = bf_xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *bf_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s;
	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	va_end(ap);
	return s;
}

/* Plain files are read with stdio; only a file starting with the gzip
 * magic pays for zlib's stream set-up. */
static char *read_plain(FILE *f, const char *path, size_t *len, size_t max_bytes, char *err,
			size_t errlen)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = bf_xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= max_bytes) {
				snprintf(err, errlen, "%s: larger than %zu bytes", path, max_bytes);
				free(buf);
				return NULL;
			}
			cap *= 2;
			buf = bf_xrealloc(buf, cap + 1);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f) || n > max_bytes) {
		snprintf(err, errlen, "%s: %s", path, n > max_bytes ? "file too large" : "read error");
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

char *bf_read_file(const char *path, size_t *len, size_t max_bytes, char *err, size_t errlen)
{
	/* O_NONBLOCK, then the kind: a FIFO or device among the inputs is an
	 * error, not a read that waits forever */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
			 fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	FILE *pf = fdopen(fd, "rb");
	if (!pf) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	int c1 = getc(pf), c2 = getc(pf);
	if (!(c1 == 0x1f && c2 == 0x8b)) {
		rewind(pf);
		char *buf = read_plain(pf, path, len, max_bytes, err, errlen);
		fclose(pf);
		return buf;
	}
	rewind(pf);
	gzFile f = gzdopen(dup(fileno(pf)), "rb");
	fclose(pf);
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *buf = bf_xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= max_bytes) {
				snprintf(err, errlen, "%s: larger than %zu bytes", path, max_bytes);
				goto fail;
			}
			cap *= 2;
			buf = bf_xrealloc(buf, cap + 1);
		}
		int got = gzread(f, buf + n, (unsigned)(cap - n > (1u << 30) ? (1u << 30) : cap - n));
		if (got < 0) {
			int zerr;
			snprintf(err, errlen, "%s: read error: %s", path, gzerror(f, &zerr));
			goto fail;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max_bytes) {
		snprintf(err, errlen, "%s: larger than %zu bytes", path, max_bytes);
		goto fail;
	}
	gzclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	gzclose(f);
	free(buf);
	return NULL;
}

int bf_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcmp(s + n - m, suf) == 0;
}

char **bf_list_dir(const char *dir, const char *suffix, int *count)
{
	DIR *d = opendir(dir);
	int n = 0, cap = 64;
	char **list = bf_xmalloc(sizeof(char *) * (size_t)cap);
	char gz[64];
	snprintf(gz, sizeof(gz), "%s.gz", suffix);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			if (!ends_with(e->d_name, suffix) && !ends_with(e->d_name, gz))
				continue;
			if (n + 1 >= cap) {
				cap *= 2;
				list = bf_xrealloc(list, sizeof(char *) * (size_t)cap);
			}
			list[n++] = bf_xstrdup(e->d_name);
		}
		closedir(d);
	}
	qsort(list, (size_t)n, sizeof(char *), cmp_str);
	list[n] = NULL;
	if (count)
		*count = n;
	return list;
}

void bf_free_list(char **list)
{
	if (!list)
		return;
	for (char **p = list; *p; p++)
		free(*p);
	free(list);
}

bool bf_parse_i64(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long x = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return false;
	*out = x;
	return true;
}

char *bf_fmt_i64(char *end, int64_t v)
{
	/* by the unsigned magnitude, so INT64_MIN needs no special case */
	uint64_t u = v < 0 ? 0u - (uint64_t)v : (uint64_t)v;
	do
		*--end = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--end = '-';
	return end;
}

bool bf_env_set(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0") != 0;
}

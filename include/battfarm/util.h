/*
 * util.h -- small process-wide helpers: checked allocation, file reading
 * (gzip-transparent), string building, clocks.
 */
#ifndef BATTFARM_UTIL_H
#define BATTFARM_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* malloc/realloc/strdup that exit with a message on failure: outside the
 * evaluator, running out of memory is fatal to the run. */
void *bf_xmalloc(size_t n);
void *bf_xrealloc(void *p, size_t n);
char *bf_xstrdup(const char *s);
char *bf_xstrndup(const char *s, size_t n);
/* printf into a fresh malloc'd string. */
char *bf_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Read a whole file; gzip-compressed files are inflated.  Returns a
 * malloc'd, NUL-terminated buffer (length in *len) or NULL with a message
 * in err.  Files above max_bytes are refused. */
char *bf_read_file(const char *path, size_t *len, size_t max_bytes, char *err, size_t errlen);

/* Whether the environment variable `name` is set to something other than
 * "" or "0" (the BATTFARM_NO_* switches of the engine). */
bool bf_env_set(const char *name);
/* v in decimal, as printf's %lld writes it, ending at end (no NUL):
 * returns where it starts; 20 chars are enough (the repr and eval's output
 * write millions of ints, and snprintf was 15 % of a batch's time). */
char *bf_fmt_i64(char *end, int64_t v);
#define BF_FMT_I64_MAX 20
/* A whole string as a decimal int64 (a score or t_log directory name). */
bool bf_parse_i64(const char *s, int64_t *out);

/* True when path names a directory. */
int bf_is_dir(const char *path);

/* The sorted names of the entries of dir whose names end in suffix
 * (e.g. ".json"; also matched with ".gz" appended).  NULL-terminated;
 * free with bf_free_list. */
char **bf_list_dir(const char *dir, const char *suffix, int *n);
void bf_free_list(char **list);

/* The monotonic clock, for wall time. */
static inline int64_t bf_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* CPU time of the calling thread: what a piece of work cost, whatever the
 * load of the machine (--costs records it). */
static inline int64_t bf_thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#endif

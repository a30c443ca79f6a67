/*
 * journal.h -- the resume journal of a store: OUT/.battfarm/journal.
 *
 * One line per task whose filing completed: "<job> <task> <result> <id>\n",
 * where <job> is the md5 of the job's identity (its library and the
 * options that change results), <task> the md5 of the task's content,
 * <result> the md5 of what its task directories held after the filing
 * (resume.h) and <id> its id.  A run of the same job on the store skips a
 * task the journal has only while its directories still hold that.
 *
 * Promises: a line is appended with one write(2) after the task's files
 * and links are in place, so a line never names a task whose filing a
 * kill cut short (a re-run of that task completes it: filing is
 * idempotent); a torn or foreign line is ignored; at the end of a run
 * the owner rewrites the journal sorted and without repeats (temp file
 * and rename), so the same work gives the same bytes whatever order the
 * tasks finished in, and shard stores merge into one run's journal.
 * Only the process holding the store lock writes it.
 */
#ifndef BATTFARM_JOURNAL_H
#define BATTFARM_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "battfarm/strset.h"

typedef struct bf_journal {
	int dirfd;       /* OUT/.battfarm */
	int fd;          /* the journal, O_APPEND */
	bf_strset *have; /* the lines (without '\n') */
	char **lines;    /* the same, in reading order */
	int n, cap;
} bf_journal;

/* Open (creating) the journal of the store whose root descriptor is
 * rootfd, and read it.  A temp file an interrupted rewrite left is
 * removed.  -1 with a message. */
int bf_journal_open(bf_journal *j, int rootfd, char *err, size_t errlen);
void bf_journal_close(bf_journal *j);

bool bf_journal_has(const bf_journal *j, const char *job, const char *task_md5,
		    const char *result, const char *id);
/* Append a line (a no-op when it is there).  -1 with a message. */
int bf_journal_record(bf_journal *j, const char *job, const char *task_md5, const char *result,
		      const char *id, char *err, size_t errlen);
/* Add every line of another store's journal (merge).  -1 with a message. */
int bf_journal_absorb(bf_journal *j, int other_rootfd, char *err, size_t errlen);
/* Rewrite the file sorted, without repeats or bad lines.  -1 with a message. */
int bf_journal_compact(bf_journal *j, char *err, size_t errlen);

#endif

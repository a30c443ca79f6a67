/*
 * cmd_merge.c -- `battfarm merge --out DIR [--wait-lock [SEC]] STORE...`:
 * unite stores (shards of one job, or runs of different libraries) into
 * DIR, re-applying check_save (merge.h).
 *
 * Every source is locked (a reader's lock: no run may write it meanwhile)
 * and checked
 * whole before DIR is touched; a source that is not a sound store is
 * refused, naming the entry, and nothing is merged.  Exit 0 merged, 2 on
 * usage errors and refusals, 75 when a store stays busy.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "battfarm/journal.h"
#include "battfarm/lock_wait.h"
#include "battfarm/merge.h"
#include "battfarm/store.h"
#include "battfarm/util.h"

static bool same_dir(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Check the sources and refuse a bad command line before any lock. */
static int check_sources(const char *out, char **srcs, int n)
{
	if (n == 0) {
		bf_usage_error("merge", "no store to merge");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (!bf_is_dir(srcs[i])) {
			fprintf(stderr, "battfarm merge: %s: not a store (no such directory)\n",
				srcs[i]);
			return -1;
		}
		if (same_dir(srcs[i], out)) {
			fprintf(stderr, "battfarm merge: %s is the output itself\n", srcs[i]);
			return -1;
		}
	}
	return 0;
}

/* Lock each source, then read and check it into m.  -2: one is busy. */
static int read_sources(bf_merge *m, char **srcs, int n, double wait, int *locks)
{
	char err[1024];
	for (int i = 0; i < n; i++) {
		/* a reader's lock: no run writes the store meanwhile, and
		 * nothing is created in it (-3: no run ever locked it) */
		int rootfd = open(srcs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (rootfd < 0) {
			fprintf(stderr, "battfarm merge: %s: cannot open: %s\n", srcs[i],
				strerror(errno));
			return -1;
		}
		locks[i] = bf_store_lock_shared_wait(rootfd, srcs[i], wait, NULL, err, sizeof(err));
		close(rootfd);
		if (locks[i] == -1 || locks[i] == -2) {
			fprintf(stderr, "battfarm merge: %s\n", err);
			return locks[i];
		}
		if (bf_merge_add(m, srcs[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "battfarm merge: %s; nothing merged (battfarm verify --out %s "
					"tells what is wrong)\n",
				err, srcs[i]);
			return -1;
		}
	}
	return 0;
}

/* File what was read into out: created (as a non-owner: it may be busy),
 * locked, then opened as its owner.  -2: it is busy. */
static int write_output(bf_merge *m, const char *out, int max_files, double wait)
{
	char err[1024];
	bf_store st;
	int lock = -1, rc = -1;
	if (bf_store_open_as(&st, out, max_files, NULL, false, err, sizeof(err)) == 0) {
		bf_store_close(&st);
		lock = bf_store_lock_wait(out, wait, NULL, err, sizeof(err));
	}
	if (lock < 0 || bf_store_open(&st, out, max_files, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "battfarm merge: %s\n", err);
		bf_store_unlock(lock);
		return lock == -2 ? -2 : -1;
	}
	bf_journal j;
	if (bf_journal_open(&j, st.rootfd, err, sizeof(err)) < 0) {
		fprintf(stderr, "battfarm merge: %s: %s\n", out, err);
	} else {
		rc = bf_merge_apply(m, &st, &j, err, sizeof(err));
		if (rc == 0)
			rc = bf_journal_compact(&j, err, sizeof(err));
		if (rc < 0)
			fprintf(stderr, "battfarm merge: %s\n", err);
		bf_journal_close(&j);
	}
	bf_store_close(&st);
	bf_store_unlock(lock);
	return rc;
}

int bf_cmd_merge(int argc, char **argv)
{
	enum { O_OUT = 256, O_WAIT, O_MAXF };
	static const struct option opts[] = {
		{"out", required_argument, NULL, O_OUT},
		{"wait-lock", optional_argument, NULL, O_WAIT},
		{"max-files", required_argument, NULL, O_MAXF},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL;
	double wait = 0;
	int c, max_files = 32;
	bool max_files_given = false;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_OUT: out = optarg; break;
		case O_WAIT: wait = bf_opt_wait_lock(optarg, argc, argv, &optind); break;
		case O_MAXF:
			max_files = (int)bf_opt_ull("--max-files", optarg);
			max_files_given = true;
			break;
		case 'h': bf_help_command("merge", stdout); return BF_EXIT_OK;
		default: return bf_usage_error("merge", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!out)
		return bf_usage_error("merge", "--out DIR is required");
	char **srcs = argv + optind;
	int n = argc - optind;
	if (max_files < 1)
		return bf_usage_error("merge", "--max-files must be at least 1");
	if (check_sources(out, srcs, n) < 0)
		return BF_EXIT_USAGE;
	int *locks = bf_xmalloc(sizeof(int) * (size_t)n);
	for (int i = 0; i < n; i++)
		locks[i] = -1;
	bf_merge m;
	bf_merge_init(&m);
	int r = read_sources(&m, srcs, n, wait, locks);
	if (r == 0 && m.nmeta && max_files_given && max_files != m.meta.max_files) {
		fprintf(stderr, "battfarm merge: the stores were made with --max-files %d, not %d\n",
			m.meta.max_files, max_files);
		r = -1;
	}
	if (r == 0 && m.library_differs)
		fprintf(stderr, "battfarm merge: the stores were made with different libraries: the "
				"merge keeps the best of each\n");
	if (r == 0)
		r = write_output(&m, out, m.nmeta ? m.meta.max_files : max_files, wait);
	int rc = r == -2 ? BF_EXIT_BUSY : BF_EXIT_USAGE;
	if (r == 0) {
		printf("merged %d stores into %s: %llu links filed, %llu program files written\n", n,
		       out, (unsigned long long)m.links_filed, (unsigned long long)m.md5_written);
		rc = 0;
	}
	bf_merge_release(&m);
	for (int i = 0; i < n; i++)
		bf_store_unlock(locks[i]);
	free(locks);
	return rc;
}

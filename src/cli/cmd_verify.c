/*
 * cmd_verify.c -- `battfarm verify --out DIR [--repair] [--max-files N]`:
 * is a store what the store promises?
 *
 *  - every file in solver_md5/ and differ_md5/ is named <md5>.py, parses as
 *    one program, and its inlined text hashes to that md5;
 *  - no temp file is left;
 *  - every entry of *_dir/solve_<task>/<score>/<t_log>/ is a link, named
 *    like its target, pointing (relatively, inside the store) at an existing
 *    md5 file of its kind;
 *  - no task directory holds more than --max-files programs.
 *
 * With --repair what is wrong is removed (bad md5 files and the links to
 * them, temp files, bad links, the worst programs of an overfull task
 * directory), after which the store passes.  Exit 0 when the store passes
 * (after repair, if asked), 1 when problems remain, 2 on usage errors.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "battfarm/inline.h"
#include "battfarm/program.h"
#include "battfarm/store.h"
#include "battfarm/strset.h"
#include "battfarm/util.h"

typedef struct verifier {
	const char *root;
	bool repair;
	int max_files;
	int problems, repaired;
	bf_strset *good[2]; /* md5s whose file is sound, per kind */
} verifier;

static const char *kind_md5[2] = {"solver_md5", "differ_md5"};
static const char *kind_dir[2] = {"solver_dir", "differ_dir"};

/* snprintf that says whether it fit: paths are bounded, but a name that
 * would not fit is a problem to report, not a truncated path to use. */
#define FMT(buf, ...) (snprintf((buf), sizeof(buf), __VA_ARGS__) < (int)sizeof(buf))

static void problem(verifier *v, const char *path, const char *what)
{
	fprintf(stderr, "%s/%s: %s%s\n", v->root, path, what, v->repair ? " (removed)" : "");
	v->problems++;
	if (v->repair) {
		char full[2048];
		snprintf(full, sizeof(full), "%s/%s", v->root, path);
		if (unlink(full) == 0)
			v->repaired++;
	}
}

static bool is_md5_name(const char *n)
{
	if (strlen(n) != 35 || strcmp(n + 32, ".py") != 0)
		return false;
	for (int i = 0; i < 32; i++)
		if (!((n[i] >= '0' && n[i] <= '9') || (n[i] >= 'a' && n[i] <= 'f')))
			return false;
	return true;
}

static void check_md5_files(verifier *v, int k)
{
	char dir[1100];
	snprintf(dir, sizeof(dir), "%s/%s", v->root, kind_md5[k]);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char rel[1200];
		snprintf(rel, sizeof(rel), "%s/%s", kind_md5[k], e->d_name);
		if (strncmp(e->d_name, ".tmp.", 5) == 0) {
			problem(v, rel, "a temp file left by an interrupted write");
			continue;
		}
		if (!is_md5_name(e->d_name)) {
			problem(v, rel, "not named <md5>.py");
			continue;
		}
		char full[2400], err[256];
		snprintf(full, sizeof(full), "%s/%s", v->root, rel);
		size_t len;
		char *src = bf_read_file(full, &len, (size_t)64 << 20, err, sizeof(err));
		bf_library lib;
		bf_library_init(&lib);
		int n = src ? bf_library_parse(&lib, full, src, len) : 0;
		char md5[33] = "";
		if (n == 1 && lib.nerrors == 0)
			bf_inline_md5(lib.progs[0], k == 0 ? BF_PROG_SOLVER : BF_PROG_DIFFER, md5);
		if (!src)
			problem(v, rel, "unreadable");
		else if (n != 1 || lib.nerrors)
			problem(v, rel, "does not parse as one program");
		else if (strncmp(md5, e->d_name, 32) != 0)
			problem(v, rel, "its inlined text does not hash to its name");
		else
			bf_strset_add(v->good[k], md5);
		bf_library_release(&lib);
		free(src);
	}
	closedir(d);
}

typedef struct entry {
	int64_t score;
	int t_log;
	char md5[33];
	char rel[1200];
} entry;

static int worst_first(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	return bf_filed_cmp(x->score, x->t_log, x->md5, y->score, y->t_log, y->md5);
}

static void check_task_dir(verifier *v, int k, const char *task)
{
	char tdir[1100];
	snprintf(tdir, sizeof(tdir), "%s/%s", kind_dir[k], task);
	char full[2400];
	snprintf(full, sizeof(full), "%s/%s", v->root, tdir);
	entry *ents = NULL;
	int n = 0, cap = 0;
	DIR *d = opendir(full);
	struct dirent *se;
	while (d && (se = readdir(d))) {
		int64_t score, tl;
		if (se->d_name[0] == '.')
			continue;
		if (!bf_parse_i64(se->d_name, &score)) {
			fprintf(stderr, "%s/%s/%s: not a score directory\n", v->root, tdir, se->d_name);
			v->problems++;
			continue;
		}
		char sdir[4096];
		if (!FMT(sdir, "%s/%s", full, se->d_name))
			continue;
		DIR *sd = opendir(sdir);
		struct dirent *te;
		while (sd && (te = readdir(sd))) {
			if (te->d_name[0] == '.' || !bf_parse_i64(te->d_name, &tl))
				continue;
			char ldir[4096];
			if (!FMT(ldir, "%s/%s", sdir, te->d_name))
				continue;
			DIR *ld = opendir(ldir);
			struct dirent *fe;
			while (ld && (fe = readdir(ld))) {
				if (strcmp(fe->d_name, ".") == 0 || strcmp(fe->d_name, "..") == 0)
					continue;
				char rel[1200], want[512], got[512];
				if (!FMT(rel, "%s/%s/%s/%s", tdir, se->d_name, te->d_name, fe->d_name))
					continue;
				char lp[4096];
				if (!FMT(lp, "%s/%s", v->root, rel))
					continue;
				ssize_t r = readlink(lp, got, sizeof(got) - 1);
				if (r < 0) {
					problem(v, rel, "not a link");
					continue;
				}
				got[r] = '\0';
				if (!FMT(want, "../../../../%s/%s", kind_md5[k], fe->d_name))
					continue;
				if (!is_md5_name(fe->d_name) || strcmp(got, want) != 0) {
					problem(v, rel, "a link that does not point at its md5 file in the store");
					continue;
				}
				char md5[33];
				memcpy(md5, fe->d_name, 32);
				md5[32] = '\0';
				if (!bf_strset_has(v->good[k], md5)) {
					problem(v, rel, "a link to a missing or unsound md5 file");
					continue;
				}
				if (n == cap) {
					cap = cap ? cap * 2 : 32;
					ents = bf_xrealloc(ents, sizeof(entry) * (size_t)cap);
				}
				ents[n].score = score;
				ents[n].t_log = (int)tl;
				memcpy(ents[n].md5, md5, 33);
				snprintf(ents[n].rel, sizeof(ents[n].rel), "%s", rel);
				n++;
			}
			if (ld)
				closedir(ld);
		}
		if (sd)
			closedir(sd);
	}
	if (d)
		closedir(d);
	if (n > v->max_files) {
		qsort(ents, (size_t)n, sizeof(entry), worst_first);
		for (int i = 0; i < n - v->max_files; i++)
			problem(v, ents[i].rel, "beyond --max-files for its task (the worst is named)");
	}
	free(ents);
}

int bf_cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"repair", no_argument, NULL, 'r'},
		{"max-files", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	verifier v;
	memset(&v, 0, sizeof(v));
	v.max_files = 32;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': v.root = optarg; break;
		case 'r': v.repair = true; break;
		case 'm': v.max_files = (int)bf_opt_ull("--max-files", optarg); break;
		case 'h': bf_help_command("verify", stdout); return BF_EXIT_OK;
		default: return bf_usage_error("verify", "bad option");
		}
	}
	if (optind < argc)
		return bf_usage_error("verify", "unexpected argument '%s'", argv[optind]);
	if (!v.root)
		return bf_usage_error("verify", "--out DIR is required");
	if (v.max_files < 1)
		return bf_usage_error("verify", "--max-files must be at least 1");
	if (!bf_is_dir(v.root)) {
		fprintf(stderr, "battfarm: %s: not a directory\n", v.root);
		return 2;
	}
	int lockfd = -1;
	char err[512];
	if (v.repair && (lockfd = bf_store_lock(v.root, err, sizeof(err))) < 0) {
		fprintf(stderr, "battfarm: %s\n", err);
		return lockfd == -2 ? BF_EXIT_BUSY : BF_EXIT_USAGE;
	}
	int tasks = 0;
	for (int k = 0; k < 2; k++) {
		v.good[k] = bf_strset_new();
		check_md5_files(&v, k);
		char dir[1100];
		snprintf(dir, sizeof(dir), "%s/%s", v.root, kind_dir[k]);
		int n;
		char **names = bf_list_dir(dir, "", &n);
		for (int i = 0; i < n; i++) {
			check_task_dir(&v, k, names[i]);
			tasks++;
		}
		bf_free_list(names);
		bf_strset_free(v.good[k]);
	}
	bf_store_unlock(lockfd);
	int left = v.problems - v.repaired;
	printf("%s: %d task directories checked, %d problems%s\n", v.root, tasks, v.problems,
	       v.repair ? (left ? ", some could not be removed" : ", all repaired") : "");
	return left ? 1 : 0;
}

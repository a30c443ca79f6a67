/*
 * help.c -- what `battfarm help [COMMAND]` and `COMMAND --help` print: each
 * command's synopsis and every option with its default, and the exit codes.
 * (simulate prints its own.)  The man page (man/battfarm.1) says the same at more length; tests/cli_test.sh
 * checks that every long option a command accepts is described here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct bf_help {
	const char *cmd;
	const char *summary; /* one line, for the command list */
	const char *text;    /* synopsis and options */
} bf_help;

static const bf_help helps[] = {
	{"run", "the pipeline: score every candidate on every task, file the best",
	 "usage: battfarm run [options]\n"
	 "\n"
	 "Loads tasks and candidate programs, drops repeated bodies and renamed copies,\n"
	 "runs every candidate on every demo and test sample of every task, files the\n"
	 "best into the store at --out and the differs that best explain near misses.\n"
	 "\n"
	 "inputs:\n"
	 "  -d, --data PATH         a directory of <id>.json, one task file, or a Kaggle\n"
	 "                          *_challenges.json[.gz] (default: the bundled examples)\n"
	 "  -S, --solvers PATH      a .py file or a directory of them; repeatable\n"
	 "                          (default: the bundled examples/solvers.py)\n"
	 "      --differs PATH|none differ programs; repeatable; 'none' runs without\n"
	 "                          (default: the bundled examples/differs.py)\n"
	 "  -i, --task-ids ID...    only these tasks (several words may follow one -i)\n"
	 "  -s, --start N           skip the first N tasks, in id order (default 0)\n"
	 "  -c, --count N           run at most N tasks, N >= 1 (default: all)\n"
	 "output:\n"
	 "      --out DIR           the store (default ./battfarm-out)\n"
	 "      --max-files N       programs kept per task directory, >= 1 (default 32)\n"
	 "      --min-score N       lowest score filed (default 1)\n"
	 "      --t-log-from cost|wall  t_log from work units or measured time (default cost)\n"
	 "limits:\n"
	 "      --budget UNITS      work units per sample, about CPython microseconds\n"
	 "                          (default 3000000)\n"
	 "      --timeout SEC       CPU-time backstop per sample (default 10)\n"
	 "processes:\n"
	 "      --serial            run everything in this process (not with -j)\n"
	 "  -j, --validators N      validator workers, 1-256 (default: the CPUs this\n"
	 "                          process may run on, its affinity mask)\n"
	 "      --differ-workers M  differ workers, 0-256: they judge the validators'\n"
	 "                          near misses and file phase 4; 0 leaves that to the\n"
	 "                          validators (default 0)\n"
	 "      --stall-after SEC   kill a worker silent this long (default: 3 x --timeout + 2)\n"
	 "      --predict FILE      write an ARC Prize submission: per test input the two\n"
	 "                          best distinct outputs of the kept solvers, ranked on\n"
	 "                          the demo pairs; '-' is stdout (default: none)\n"
	 "resume and shards:\n"
	 "      --fresh             run every task, also those the store's journal says an\n"
	 "                          earlier run of this job filed (default: skip them)\n"
	 "      --shard K/N         run part K of N of the tasks, 1 <= K <= N (default: all);\n"
	 "                          the parts balance the work --costs-from FILE recorded,\n"
	 "                          or else the counts (by a hash of the ids); battfarm\n"
	 "                          merge unites their stores\n"
	 "      --wait-lock [SEC]   wait for a busy store, up to SEC seconds (default: no\n"
	 "                          limit), instead of exiting 75 at once\n"
	 "report:\n"
	 "      --progress-every SEC  when stderr is not a terminal, a progress line at most\n"
	 "                          this often; 0: at every task (default 5; on a terminal,\n"
	 "                          a bar)\n"
	 "      --timing            print the profiling report\n"
	 "      --trace FILE        the workers' timeline as a Chrome Trace Event file (open\n"
	 "                          it in Perfetto or chrome://tracing; default: none)\n"
	 "      --html FILE         one self-contained page: the timeline, the phase\n"
	 "                          breakdown and the per-task results (default: none)\n"
	 "      --report-json FILE  write the report as JSON; '-' is stdout (default: none)\n"
	 "      --costs FILE        write each (task, candidate)'s work units and seconds\n"
	 "                          (for battfarm simulate; default: none)\n"
	 "      --costs-from FILE   plan the farm's jobs from a previous run's --costs\n"
	 "                          (default: estimated from the tasks' input sizes)\n"},
	{"results", "what a store holds: per task the best score, exactness, kept programs",
	 "usage: battfarm results --out DIR [--json | -v] [-i ID...]\n"
	 "\n"
	 "Per task: the samples scored, the best score, whether some program is exact\n"
	 "on every sample, and the kept programs (md5, score, t_log and the source\n"
	 "functions that inlined to that md5).\n"
	 "\n"
	 "      --out DIR           the store to read (required)\n"
	 "      --json              one JSON document instead of the table\n"
	 "  -i, --task-ids ID...    only these tasks (default: all in the store)\n"
	 "  -v, --verbose           in the table, every kept program too\n"},
	{"check", "run each solve_<id> on its own task's pairs",
	 "usage: battfarm check --data PATH --solvers PATH [options]\n"
	 "\n"
	 "Runs each solve_<id> on its task's train and test pairs and ends with\n"
	 "'N out of M tasks solved correctly.' (exit 0 when all are solved).\n"
	 "\n"
	 "  -d, --data PATH         tasks, as for run (required)\n"
	 "  -s, --solvers PATH      a .py file or a directory of them (required)\n"
	 "  -i, --task-ids ID...    only these tasks (default: all)\n"
	 "      --budget UNITS      work units per sample (default: none, as CPython)\n"
	 "      --timeout SEC       CPU-time backstop per sample (default: none)\n"
	 "  -q, --quiet             only the last line\n"
	 "  -v, --verbose           each task's work units and time too\n"},
	{"eval", "run programs on grids, one JSON result per line",
	 "usage: battfarm eval --solvers PATH (--name FUNC --grid JSON | --batch FILE|-) [options]\n"
	 "\n"
	 "Prints {\"kind\":\"grid\",\"output\":...}, {\"kind\":\"value\",\"repr\":...},\n"
	 "{\"kind\":\"error\",\"error\":...} or {\"kind\":\"timeout\"} per input.\n"
	 "\n"
	 "  -s, --solvers PATH      the programs (required)\n"
	 "  -n, --name FUNC         the function to run (required with --grid; the\n"
	 "                          default name for batch lines without one)\n"
	 "      --grid JSON         one input grid\n"
	 "      --batch FILE|-      lines of {\"name\": FUNC, \"grid\": [[...]]}; '-' is stdin\n"
	 "      --budget UNITS      work units per input (default 3000000)\n"
	 "      --timeout SEC       CPU-time backstop per input (default 10)\n"
	 "      --cost              add work units and seconds to each result, and to a\n"
	 "                          timeout what cut it (\"by\": \"budget\" or \"cpu\")\n"
	 "      --prim-trace        add each primitive call's own units (calibration)\n"
	 "      --raw-units         count raw elements, not calibrated units\n"},
	{"inline", "print each program's inlined text and its md5",
	 "usage: battfarm inline FILE [--name FUNC] [--differ]\n"
	 "\n"
	 "  -n, --name FUNC         only this function (default: every one in FILE)\n"
	 "      --differ            treat the programs as differs (S, I, C)\n"},
	{"expand", "print each program's expanded text (the stored file)",
	 "usage: battfarm expand FILE [--name FUNC] [--differ]\n"
	 "\n"
	 "  -n, --name FUNC         only this function (default: every one in FILE)\n"
	 "      --differ            treat the programs as differs (S, I, C)\n"},
	{"verify", "check a store's files, links and counts",
	 "usage: battfarm verify --out DIR [--repair] [--max-files N]\n"
	 "\n"
	 "  -o, --out DIR           the store (required)\n"
	 "      --repair            remove what is wrong (a re-run completes the store)\n"
	 "      --max-files N       the most programs a task directory may hold (default 32)\n"},
	{"merge", "unite stores (the shards of a job) into one, keeping the best",
	 "usage: battfarm merge --out DIR [--max-files N] [--wait-lock [SEC]] STORE...\n"
	 "\n"
	 "Files every program of the STOREs into DIR (created, or added to) as a run\n"
	 "would (check_save: per task directory the best --max-files), copies their\n"
	 "program files and unites their journals.  Each STORE is checked whole first\n"
	 "and only read; one that is not a sound store is refused and nothing merged.\n"
	 "The N --shard stores of a job merge into the store one run gives.\n"
	 "\n"
	 "      --out DIR           the merged store (required)\n"
	 "      --max-files N       programs kept per task directory (default: the stores'\n"
	 "                          .battfarm/store.json; 32 for stores without one)\n"
	 "      --wait-lock [SEC]   wait for busy stores, up to SEC seconds (default: no\n"
	 "                          limit), instead of exiting 75 at once\n"},
	{"simulate", "replay the scheduler on a virtual clock with a run's recorded costs", NULL},
	{"help", "describe battfarm or one command",
	 "usage: battfarm help [COMMAND]\n"},
};

static const char exit_codes[] =
	"exit status:\n"
	"  0    all went well\n"
	"  1    some input was rejected or some task not filed (the rest still ran)\n"
	"  2    usage error, or a fatal error that stopped the command\n"
	"  75   the store is busy: another battfarm run holds its lock\n"
	"  130  interrupted (SIGINT or SIGTERM); what was done is in the store\n";

void bf_help_overview(FILE *f)
{
	fputs("usage: battfarm <command> [options]\n"
	      "       battfarm --version | help [COMMAND] | COMMAND --help\n"
	      "\n"
	      "commands:\n",
	      f);
	for (size_t i = 0; i < sizeof(helps) / sizeof(helps[0]); i++)
		fprintf(f, "  %-8s %s\n", helps[i].cmd, helps[i].summary);
	fputc('\n', f);
	fputs(exit_codes, f);
}

int bf_help_command(const char *cmd, FILE *f)
{
	for (size_t i = 0; i < sizeof(helps) / sizeof(helps[0]); i++) {
		if (strcmp(helps[i].cmd, cmd) == 0 && helps[i].text) {
			fputs(helps[i].text, f);
			if (strcmp(cmd, "help") != 0)
				fputs("  -h, --help              this text\n", f);
			fputc('\n', f);
			fputs(exit_codes, f);
			return 0;
		}
	}
	return -1;
}

int bf_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "battfarm %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'battfarm help %s'.\n", cmd);
	return BF_EXIT_USAGE;
}

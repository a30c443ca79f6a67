#!/bin/sh
# ab_runs.sh -- one job run by two commands, A and B (two binaries, or one
# binary with two sets of options), R times each, interleaved A B A B so
# that a noisy machine weighs on both alike; every run into a fresh store.
# Prints per side the median wall time with its spread (min-max), the
# median CPU time (user + sys of the run and its workers), B's ratio to A
# on both, and whether the two sides' stores are byte-identical (they need
# not be when A is an older binary with other semantics: said, not fatal).
#
# usage: tools/ab_runs.sh [-r RUNS] -a "BINARY [OPTIONS]" -b "BINARY [OPTIONS]" JOB...
#   JOB is what both give to `battfarm run` (--data, --solvers, -c, ...)
#   e.g. tools/ab_runs.sh -r 3 -a "/tmp/old/build/battfarm -j 2" -b "./build/battfarm" \
#        --data ../shared/arc/training --solvers ../arc-dsl/solvers.py
set -eu
RUNS=3
A=
B=
while [ $# -ge 2 ]; do
	case $1 in
	-r) RUNS=$2 ;;
	-a) A=$2 ;;
	-b) B=$2 ;;
	*) break ;;
	esac
	shift 2
done
[ -n "$A" ] && [ -n "$B" ] || { echo "usage: $0 [-r RUNS] -a \"BIN [OPTS]\" -b \"BIN [OPTS]\" JOB..." >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
BF_TOOLS=$(cd "$(dirname "$0")" && pwd) python3 - "$TMP" "$RUNS" "$A" "$B" "$@" <<'PY'
import os, resource, shlex, statistics, subprocess, sys, time

sys.path.insert(0, os.environ["BF_TOOLS"])  # the tools directory
from store_fingerprint import fingerprint

tmp, runs, sides, job = sys.argv[1], int(sys.argv[2]), sys.argv[3:5], sys.argv[5:]

def one_run(side, out):
    cmd = shlex.split(side)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([cmd[0], "run", "--out", out, *cmd[1:], *job],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"{side}: run exited {r.returncode}:\n{r.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

walls, cpus, prints = [[], []], [[], []], [set(), set()]
for i in range(runs):
    for s in (0, 1):
        out = os.path.join(tmp, f"out{s}")
        subprocess.run(["rm", "-rf", out], check=True)
        w, c = one_run(sides[s], out)
        walls[s].append(w)
        cpus[s].append(c)
        prints[s].add(fingerprint(out, (".battfarm", ".battfarm.lock")))
        print(f"run {i + 1} {'AB'[s]}: wall {w:.2f} s, cpu {c:.2f} s", file=sys.stderr)

print(f"{runs} runs each, interleaved; seconds: median [min-max]")
for s in (0, 1):
    print(f"{'AB'[s]}: {sides[s]}")
    print(f"   wall {statistics.median(walls[s]):8.2f} [{min(walls[s]):.2f}-{max(walls[s]):.2f}]"
          f"   cpu {statistics.median(cpus[s]):8.2f} [{min(cpus[s]):.2f}-{max(cpus[s]):.2f}]")
rw = statistics.median(walls[1]) / statistics.median(walls[0])
rc = statistics.median(cpus[1]) / statistics.median(cpus[0])
print(f"B / A: wall {rw:.2f}, cpu {rc:.2f}")
same = [len(p) == 1 for p in prints]
print("stores: " + ("A and B byte-identical" if all(same) and prints[0] == prints[1] else
      f"A {'stable' if same[0] else 'VARIES'} across runs, B {'stable' if same[1] else 'VARIES'}, "
      f"A {'==' if prints[0] == prints[1] else '!='} B"))
PY

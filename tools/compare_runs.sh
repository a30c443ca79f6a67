#!/bin/sh
# compare_runs.sh -- run one job serially and with each (validators N,
# differ workers M) pair, R times each (every run into a fresh store),
# check that every store is byte-identical to the serial one (file names,
# contents, link targets), and print per configuration the median wall
# time with its spread (min-max), the median CPU time (user + sys of the
# run and its workers), the speedup over serial, the efficiency (speedup
# over the processes: N + M), and the phase split of the median run.
#
# usage: tools/compare_runs.sh [-r RUNS] [-p "N:M N:M ..."] [run options: --data, --solvers, -c ...]
#   -r RUNS  runs per configuration (default 3)
#   -p PAIRS the (N, M) pairs; M is left out (or 0 with no --differ-workers
#            in this build) to run -j N alone (default: 1:0 2:0, and 1:1 2:1
#            when run takes --differ-workers)
#   e.g. tools/compare_runs.sh -r 5 --data ../shared/arc/training --solvers ../arc-dsl/solvers.py -c 40
# BATTFARM names the binary (default ./build/battfarm).
set -eu
cd "$(dirname "$0")/.."
RUNS=3
PAIRS=
# our own options first; everything after them goes to battfarm run
while [ $# -ge 2 ]; do
	case $1 in
	-r) RUNS=$2 ;;
	-p) PAIRS=$2 ;;
	*) break ;;
	esac
	shift 2
done
BIN=${BATTFARM:-./build/battfarm}
HAS_M=0
"$BIN" run --help | grep -q -- '--differ-workers' && HAS_M=1
if [ -z "$PAIRS" ]; then
	PAIRS="1:0 2:0"
	[ $HAS_M = 1 ] && PAIRS="$PAIRS 1:1 2:1"
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
BF_TOOLS=$(cd "$(dirname "$0")" && pwd) python3 - "$TMP" "$BIN" "$RUNS" "$PAIRS" "$HAS_M" "$@" <<'PY'
import json, os, resource, statistics, subprocess, sys, time

sys.path.insert(0, os.environ["BF_TOOLS"])  # the tools directory
from store_fingerprint import fingerprint

tmp, binary, runs, pairs, has_m = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(), sys.argv[5] == "1"
job = sys.argv[6:]

def one_run(args, out, report):
    """Wall and CPU (user + sys of the run and every child it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([binary, "run", "--out", out, "--report-json", report, *args, *job],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"battfarm run {' '.join(args)} exited {r.returncode}:\n{r.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

configs = [("serial", ["--serial"], 1)]
for p in pairs:
    n, _, m = p.partition(":")
    m = m or "0"
    args = ["-j", n]
    if m != "0":
        if not has_m:
            sys.exit(f"pair {p}: this battfarm has no --differ-workers")
        args += ["--differ-workers", m]
    elif has_m:
        args += ["--differ-workers", "0"]
    configs.append((f"N={n} M={m}", args, int(n) + int(m)))

ref = None
rows = []
for name, args, procs in configs:
    walls, cpus, reports = [], [], []
    for i in range(runs):
        out = os.path.join(tmp, "out")
        subprocess.run(["rm", "-rf", out], check=True)
        report = os.path.join(tmp, "report.json")
        w, c = one_run(args, out, report)
        reports.append(json.load(open(report)))
        fp = fingerprint(out)
        ref = ref or fp
        if fp != ref:
            sys.exit(f"STORE DIFFERS: {name} run {i + 1} gives {fp}, serial {ref}")
        walls.append(w)
        cpus.append(c)
    median_run = sorted(zip(walls, range(runs)))[runs // 2][1]
    rows.append((name, procs, walls, cpus, reports[median_run]))

base = statistics.median(rows[0][2])
print(f"stores: all {len(configs) * runs} runs byte-identical to the serial one")
print(f"{runs} runs each; wall and CPU (user+sys, all processes) in seconds: median [min-max]")
print(f"{'run':12s} {'wall':>8s} {'spread':>16s} {'cpu':>8s} {'spread':>16s} {'speedup':>8s} {'eff.':>6s}")
for name, procs, walls, cpus, _ in rows:
    w, c = statistics.median(walls), statistics.median(cpus)
    sp = base / w if w else 0
    print(f"{name:12s} {w:8.3f} {'[%.3f-%.3f]' % (min(walls), max(walls)):>16s} {c:8.3f}"
          f" {'[%.3f-%.3f]' % (min(cpus), max(cpus)):>16s} {sp:8.2f} {sp / procs:6.2f}")
print("phase split of each median run (seconds summed over processes):")
print(f"{'run':12s} {'check':>7s} {'differ':>7s} {'store':>7s} {'phase4':>7s} {'unacc.':>7s}")
for name, _, _, _, r in rows:
    m = r["metrics"]
    sec = lambda k: m.get(k, {}).get("seconds", 0)
    store = sum(v["seconds"] for k, v in m.items()
                if k.startswith("run_batt.phase3b") or k == "run_batt.generate_expanded")
    print(f"{name:12s} {sec('run_batt.check_batt'):7.2f} {sec('battfarm.differ_eval'):7.2f}"
          f" {store:7.2f} {sec('run_batt.phase4_differs'):7.2f} {r['unaccounted_percent']:6.1f}%")
PY

#!/bin/sh
# bench_run.sh -- time `battfarm run` of a candidate library against a task
# set: median wall time of repeated runs (each into a fresh store), the
# candidates per second, and the per-phase split of the median run.
#
# usage: tools/bench_run.sh [-n RUNS] DATA SOLVERS [extra run options...]
#   e.g. tools/bench_run.sh -n 5 ../shared/arc/training ../arc-dsl/solvers.py -i 007bbfb7
set -eu
cd "$(dirname "$0")/.."
RUNS=5
while getopts n: o; do
	case $o in
	n) RUNS=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
DATA=$1
SOLVERS=$2
shift 2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for i in $(seq "$RUNS"); do
	rm -rf "$TMP/out"
	./build/battfarm run --data "$DATA" --solvers "$SOLVERS" --out "$TMP/out" \
		--report-json "$TMP/r$i.json" "$@" >/dev/null
done
python3 - "$TMP" "$RUNS" <<'PY'
import json, sys, statistics
tmp, runs = sys.argv[1], int(sys.argv[2])
reps = [json.load(open(f"{tmp}/r{i}.json")) for i in range(1, runs + 1)]
reps.sort(key=lambda r: r["wall_seconds"])
med = reps[len(reps) // 2]
cands = sum(w["candidates"] for w in med["workers"])
print(f"runs: {runs}, median wall: {med['wall_seconds']:.3f} s "
      f"(min {reps[0]['wall_seconds']:.3f}, max {reps[-1]['wall_seconds']:.3f})")
print(f"candidates (candidate x task): {cands}, "
      f"{cands / med['wall_seconds']:.0f} per second")
print("per-phase split of the median run:")
for name, m in med["metrics"].items():
    if m["seconds"] > 0:
        print(f"  {name:32s} {m['seconds']:9.3f} s {100 * m['seconds'] / med['wall_seconds']:5.1f}%")
print(f"  {'unaccounted':32s} {med['unaccounted_seconds']:9.3f} s "
      f"{med['unaccounted_percent']:5.1f}%")
PY

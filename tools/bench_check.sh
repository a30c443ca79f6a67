#!/bin/sh
# bench_check.sh -- time `battfarm check` of a solver library over a task set:
# median of repeated runs, and, when an arc-dsl checkout is given, the ratio
# against CPython doing the same work (tools/py_check_ref.py) in this command.
#
# usage: tools/bench_check.sh [-n RUNS] [-p PY_RUNS] DATA_DIR SOLVERS_PY [ARC_DSL_DIR]
set -eu
cd "$(dirname "$0")/.."
RUNS=7
PYRUNS=3
while getopts n:p: o; do
	case $o in
	n) RUNS=$OPTARG ;;
	p) PYRUNS=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
DATA=$1
SOLVERS=$2
DSL=${3:-}

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.4f", m}'; }
timeit() { # prints seconds of one run of "$@"
	python3 -c 'import subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
dt = time.perf_counter() - t
sys.stderr.write(r.stdout.strip().splitlines()[-1] + "\n")
print(f"{dt:.6f}")' "$@"
}

echo "battfarm check: $RUNS runs over $DATA" >&2
bf=$(for i in $(seq "$RUNS"); do timeit ./build/battfarm check -q --data "$DATA" --solvers "$SOLVERS"; done | median)
echo "battfarm median: ${bf} s"
if [ -n "$DSL" ]; then
	echo "CPython arc-dsl: $PYRUNS runs" >&2
	py=$(for i in $(seq "$PYRUNS"); do timeit python3 tools/py_check_ref.py "$DSL" "$DATA"; done | median)
	echo "CPython median:  ${py} s"
	awk -v a="$py" -v b="$bf" 'BEGIN { printf "speedup: %.1fx\n", a / b }'
fi

#!/bin/sh
# store_under_load.sh -- the same job idle and with N busy loops on the
# machine (default 6 `yes >/dev/null`) must give byte-identical stores: the
# store depends on work units, never on load (issue 9).  Prints both
# fingerprints, the backstop cuts of each run, and "identical" or "DIFFER".
# usage: tools/store_under_load.sh BINARY [N] -- RUN-ARGS...
#   e.g. tools/store_under_load.sh build/battfarm 6 -- --data /work/shared/arc/training \
#          --solvers /work/arc-dsl/solvers.py -c 40 -j 2
set -u
BIN=$1; N=${2:-6}; shift 2; [ "${1:-}" = -- ] && shift
T=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
fp() { (cd "$1" && find . -printf '%p %y %l\n' | LC_ALL=C sort && find . -type f -exec md5sum {} + | LC_ALL=C sort -k2) | md5sum | cut -c1-32; }
cuts() { sed -n 's/.* \([0-9]*\) of them by the .*backstop.*/\1/p' "$1"; }
"$BIN" run --out "$T/idle" "$@" > "$T/idle.log" 2>&1
i=0
while [ $i -lt "$N" ]; do yes > /dev/null & pids="$pids $!"; i=$((i + 1)); done
"$BIN" run --out "$T/load" "$@" > "$T/load.log" 2>&1
echo "idle:           $(fp "$T/idle")  backstop cuts: $(cuts "$T/idle.log")"
echo "$N busy loops:  $(fp "$T/load")  backstop cuts: $(cuts "$T/load.log")"
if [ "$(fp "$T/idle")" = "$(fp "$T/load")" ]; then echo identical; else echo DIFFER; diff -r "$T/idle" "$T/load" | head; exit 1; fi

#!/bin/sh
# compare_runs.sh -- run one job serially and with 1, 2, ... N validators,
# check that every store is byte-identical to the serial one (file names,
# contents and link targets), and print wall time, speedup, parallel
# efficiency and the per-phase split of each run.
#
# usage: tools/compare_runs.sh [-n MAX_WORKERS] [run options: --data, --solvers, -c ...]
set -eu
cd "$(dirname "$0")/.."
MAX=$(nproc)
if [ "${1:-}" = "-n" ]; then
	MAX=$2
	shift 2
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fingerprint() { # names, link targets and contents of a store
	(cd "$1" && find . -printf '%p %y %l\n' | sort && find . -type f -exec md5sum {} + | sort) | md5sum | cut -c1-32
}
./build/battfarm run --serial --out "$TMP/serial" --report-json "$TMP/serial.json" "$@" >/dev/null
ref=$(fingerprint "$TMP/serial")
modes="serial"
j=1
while [ "$j" -le "$MAX" ]; do
	./build/battfarm run -j "$j" --out "$TMP/j$j" --report-json "$TMP/j$j.json" "$@" >/dev/null
	got=$(fingerprint "$TMP/j$j")
	if [ "$got" != "$ref" ]; then
		echo "STORE DIFFERS: -j $j gives $got, serial $ref" >&2
		diff -r "$TMP/serial" "$TMP/j$j" | head -20 >&2 || true
		exit 1
	fi
	modes="$modes j$j"
	j=$((j * 2))
done
python3 - "$TMP" $modes <<'PY'
import json, sys
tmp, modes = sys.argv[1], sys.argv[2:]
reps = {m: json.load(open(f"{tmp}/{m}.json")) for m in modes}
base = reps["serial"]["wall_seconds"]
print(f"stores: all {len(modes)} byte-identical to the serial one")
print(f"{'run':8s} {'wall s':>8s} {'speedup':>8s} {'eff.':>6s}  check  differ  store  phase4  unacc.")
for m in modes:
    r = reps[m]
    w = r["wall_seconds"]
    workers = 1 if m == "serial" else int(m[1:])
    sp = base / w if w else 0
    mt = r["metrics"]
    store = sum(mt[k]["seconds"] for k in mt if k.startswith("run_batt.phase3b") or k == "run_batt.generate_expanded")
    print(f"{m:8s} {w:8.3f} {sp:8.2f} {sp / workers:6.2f}  {mt['run_batt.check_batt']['seconds']:5.2f}"
          f"  {mt['battfarm.differ_eval']['seconds']:6.2f}  {store:5.2f}  {mt['run_batt.phase4_differs']['seconds']:6.2f}"
          f"  {r['unaccounted_percent']:5.1f}%")
PY

#!/bin/sh
# sched_test.sh -- `battfarm simulate` end to end on costs files written
# here (exact figures), and its clear errors (exit 2) for bad costs files
# and bad options; `battfarm run --costs` serial and farmed (same units,
# same store), --costs-from (planned from them: same store), and their
# errors.  usage: sched_test.sh BINARY SOURCE_ROOT
set -u
BIN=$1
ROOT=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/lib.sh"

A=0123456789abcdef0123456789abcdef
B=11111111111111111111111111111111
C=22222222222222222222222222222222
D=33333333333333333333333333333333

# one task of four candidates of 1 s each: one worker takes 4 s; two
# take 2 s (the task cut in ranges); three still take 2 s (4 ranges of 1 s)
printf '# battfarm costs: task\tcandidate_md5\twork_units\tseconds\n' > "$T/c1"
for m in $A $B $C $D; do printf 't1\t%s\t1000\t1.0\n' $m >> "$T/c1"; done
out=$("$BIN" simulate --costs "$T/c1" -j 1 -j 2 -j 3 2>&1); rc=$?
check "simulate exit status" 0 $rc
contains "simulate: the job at a glance" "1 tasks x 4 candidates (4 pairs), 4 s of work" "$out"
contains "simulate: one worker" "workers 1: wall 4 s, efficiency 100.0%" "$out"
contains "simulate: two workers split the task" "workers 2: wall 2 s, efficiency 100.0%" "$out"
contains "simulate: three workers, four 1 s ranges" "workers 3: wall 2 s, efficiency 66.7%" "$out"

# two tasks, 3 s and 1 s of one candidate each: the costliest first
printf 'big\t%s\t3\t3\nsmall\t%s\t1\t1\n' $A $A > "$T/c2"
out=$("$BIN" simulate --costs "$T/c2" -j 2 2>&1)
contains "simulate: costliest first" "workers 2: wall 3 s, efficiency 66.7%" "$out"
# planned from the units, which say the opposite of the seconds
printf 'big\t%s\t1\t3\nsmall\t%s\t3\t1\n' $A $A > "$T/c3"
out=$("$BIN" simulate --costs "$T/c3" -j 2 --plan units 2>&1)
contains "simulate --plan units" "workers 2: wall 3 s, efficiency 66.7%" "$out"
# filing costs 0.5 s: a WHOLE task's end, or a FILE job once the ranges are in
out=$("$BIN" simulate --costs "$T/c1" -j 1 -j 2 --file-cost 0.5 2>&1)
contains "simulate --file-cost, whole task" "workers 1: wall 4.5 s, efficiency 100.0%" "$out"
contains "simulate --file-cost, ranges then filing" "workers 2: wall 2.5 s, efficiency 90.0%" "$out"
# a differ worker judges each task for 2 s between its last range and its
# filing: one validator checks 0-4 s and waits 4-6 s; two check the four
# 1 s ranges 0-2 s and wait 2-4 s, while the differ works 2 of the 4 s
out=$("$BIN" simulate --costs "$T/c1" -j 1 -j 2 --differ-workers 1 --diff-cost 2 2>&1); rc=$?
check "simulate --differ-workers: exit status" 0 $rc
contains "simulate --differ-workers, one validator" "workers 1: wall 6 s, efficiency 66.7%" "$out"
contains "simulate --differ-workers, two validators" "workers 2: wall 4 s, efficiency 50.0%" "$out"
contains "simulate --differ-workers: how busy the differ was" "  differ workers 1: busy 50.0%" "$out"
out=$("$BIN" simulate --costs "$T/c1" -j 2 --differ-workers 2 2>&1)
contains "simulate --differ-workers, judging in no time: as without" "workers 2: wall 2 s, efficiency 100.0%" "$out"
out=$("$BIN" simulate --costs "$T/c1" -j 2 --differ-workers some 2>&1); rc=$?
check "--differ-workers some: exit 2" 2 $rc
check "--differ-workers some: the error" "battfarm: --differ-workers needs a non-negative integer, not 'some'" "$out"
out=$("$BIN" simulate --costs "$T/c1" -j 2 --differ-workers 1 --diff-cost -1 2>&1); rc=$?
check "--diff-cost -1: exit 2" 2 $rc
check "--diff-cost -1: the error" "battfarm: --diff-cost needs a non-negative number, not '-1'" "$out"

# bad costs files: file:line and exit 2
printf 't1\t%s\t10\n' $A > "$T/bad"
out=$("$BIN" simulate --costs "$T/bad" -j 2 2>&1); rc=$?
check "bad costs line: exit 2" 2 $rc
check "bad costs line: the error" "battfarm: $T/bad:1: expected 4 fields (task id, candidate md5, work units, seconds), found 3" "$out"
printf 't1\t%s\t10\tsoon\n' $A > "$T/bad"
out=$("$BIN" simulate --costs "$T/bad" -j 2 2>&1); rc=$?
check "bad seconds: exit 2" 2 $rc
check "bad seconds: the error" "battfarm: $T/bad:1: seconds 'soon' are not a non-negative number" "$out"
: > "$T/empty"
out=$("$BIN" simulate --costs "$T/empty" -j 2 2>&1); rc=$?
check "empty costs file: exit 2" 2 $rc
contains "empty costs file: the error" "$T/empty: no costs in it" "$out"
out=$("$BIN" simulate --costs "$T/missing" -j 2 2>&1); rc=$?
check "missing costs file: exit 2" 2 $rc
check "missing costs file: the error" "battfarm: $T/missing: cannot open: No such file or directory" "$out"

# bad options
out=$("$BIN" simulate --costs "$T/c1" -j 0 2>&1); rc=$?
check "-j 0: exit 2" 2 $rc
check "-j 0: the error" "battfarm: -j takes 1 to 65536, not '0'" "$out"
out=$("$BIN" simulate --costs "$T/c1" -j many 2>&1); rc=$?
check "-j many: exit 2" 2 $rc
check "-j many: the error" "battfarm: -j needs a non-negative integer, not 'many'" "$out"
out=$("$BIN" simulate --costs "$T/c1" 2>&1); rc=$?
check "no -j: exit 2" 2 $rc
contains "no -j: the error" "needs --costs FILE and at least one -j N" "$out"
out=$("$BIN" simulate -j 2 2>&1); rc=$?
check "no --costs: exit 2" 2 $rc
out=$("$BIN" simulate --costs "$T/c1" -j 2 --plan guess 2>&1); rc=$?
check "--plan guess: exit 2" 2 $rc
check "--plan guess: the error" "battfarm: --plan takes 'seconds', 'units' or 'estimate', not 'guess'" "$out"
out=$("$BIN" simulate --costs "$T/c1" -j 2 --plan estimate 2>&1); rc=$?
check "--plan estimate without --data: exit 2" 2 $rc
contains "--plan estimate without --data: the error" "--plan estimate and --data DIR go together" "$out"
out=$("$BIN" simulate --costs "$T/c1" -j 2 --grain 0 2>&1); rc=$?
check "--grain 0: exit 2" 2 $rc

# --- run --costs: one line per (task, candidate); the same units serial
# or farmed (work units are deterministic); simulate reads what run wrote
"$BIN" run --serial --out "$T/s" --costs "$T/serial.costs" >/dev/null 2>&1; rc=$?
check "run --serial --costs: exit status" 0 $rc
check "run --costs: a header and 5 x 8 lines" 41 "$(wc -l < "$T/serial.costs")"
check "run --costs: the header" "# battfarm costs: task	candidate_md5	work_units	seconds" "$(head -1 "$T/serial.costs")"
out=$("$BIN" simulate --costs "$T/serial.costs" -j 2 2>&1); rc=$?
check "simulate reads run's costs" 0 $rc
contains "simulate: every pair of run's costs" "5 tasks x 8 candidates (40 pairs)" "$out"
ref=$(fingerprint "$T/s")
for j in 2 3 4; do
	"$BIN" run -j $j --out "$T/j$j" --costs "$T/j$j.costs" >/dev/null 2>&1; rc=$?
	check "run -j $j --costs: exit status" 0 $rc
	check "run -j $j: the store equals --serial's (ranges, then one filing)" "$ref" "$(fingerprint "$T/j$j")"
	check "run -j $j --costs: the units equal --serial's" \
		"$(cut -f1-3 "$T/serial.costs" | sort | md5sum)" "$(cut -f1-3 "$T/j$j.costs" | sort | md5sum)"
done

# planned from the recorded costs instead of the estimate: the same store
"$BIN" run -j 3 --out "$T/from" --costs-from "$T/serial.costs" >/dev/null 2>&1; rc=$?
check "run --costs-from: exit status" 0 $rc
check "run --costs-from: the store equals --serial's" "$ref" "$(fingerprint "$T/from")"
out=$("$BIN" run -j 2 --out "$T/x" --costs-from "$T/missing" 2>&1); rc=$?
check "run --costs-from a missing file: exit 2" 2 $rc
check "run --costs-from a missing file: the error" "battfarm: --costs-from: $T/missing: cannot open: No such file or directory" "$out"
out=$("$BIN" run -j 2 --out "$T/x" --costs-from "$T/bad" 2>&1); rc=$?
check "run --costs-from a bad file: exit 2" 2 $rc
check "run --costs-from a bad file: the error" "battfarm: --costs-from: $T/bad:1: seconds 'soon' are not a non-negative number" "$out"
[ ! -e "$T/x" ]; check "run --costs-from a bad file: no store made" 0 $?

# --costs that cannot be written: exit 2 before any work
out=$("$BIN" run --serial --out "$T/x" --costs "$T/nodir/c" 2>&1); rc=$?
check "run --costs in a missing directory: exit 2" 2 $rc
check "run --costs in a missing directory: the error" "battfarm: --costs $T/nodir/c: cannot write: No such file or directory" "$out"
out=$("$BIN" run -j 2 --out "$T/x" --costs "$T" 2>&1); rc=$?
check "run --costs DIRECTORY: exit 2" 2 $rc
check "run --costs DIRECTORY: the error" "battfarm: --costs $T: cannot write: Is a directory" "$out"
out=$("$BIN" run -j 2 --out "$T/x" --costs 2>&1); rc=$?
check "run --costs without a file: exit 2" 2 $rc

# --- tools/compare_runs.sh: repeated runs per (N, M), stores compared
out=$(BATTFARM=$BIN sh "$ROOT/tools/compare_runs.sh" -r 2 -p "1 2" 2>&1); rc=$?
check "compare_runs: exit status" 0 $rc
contains "compare_runs: every store equals the serial one" "stores: all 6 runs byte-identical to the serial one" "$out"
contains "compare_runs: a row per configuration" "N=2 M=0" "$out"
out=$(BATTFARM=$BIN sh "$ROOT/tools/compare_runs.sh" -r 1 -p "1 2" --budget x 2>&1); rc=$?
check "compare_runs: a failing run fails it" 1 $rc
contains "compare_runs: the failing run is named" "battfarm run --serial exited 2" "$out"

finish

#!/bin/sh
# progress_test.sh -- run's progress: plain lines when stderr is a file, a
# bar on a terminal (through script(1) when it is installed).  Counts, not
# clocks: --progress-every 0 writes a line at each finished task, so the
# number of lines does not depend on the machine's speed.  The 40-task case
# needs the ARC training set and arc-dsl (BATTFARM_ARC, BATTFARM_ARC_DSL;
# default ../shared/arc and ../arc-dsl beside the source tree).
# usage: progress_test.sh BINARY SOURCE_ROOT
set -u
BIN=$1
ROOT=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/lib.sh"

lines() { grep -c '^battfarm: progress [0-9]*/[0-9]* tasks ([0-9]*%), [0-9]* cand/s, [0-9]*:[0-9][0-9]:[0-9][0-9] elapsed, ETA ' "$1"; }

# the bundled 5 tasks, stderr to a file
"$BIN" run --serial --out "$T/s" --progress-every 0 >/dev/null 2>"$T/serial.err"
check "serial: a progress line per task" 5 "$(lines "$T/serial.err")"
check "serial: the last line says 100%" "battfarm: progress 5/5 tasks (100%)" "$(tail -1 "$T/serial.err" | cut -d, -f1)"
"$BIN" run -j 2 --out "$T/p" --progress-every 0 >/dev/null 2>"$T/farm.err"
check "farm: at least one line per task" 1 "$([ "$(lines "$T/farm.err")" -ge 5 ] && echo 1)"
check "farm: the last line says 100%" "battfarm: progress 5/5 tasks (100%)" "$(tail -1 "$T/farm.err" | cut -d, -f1)"
"$BIN" run --serial --out "$T/q" --progress-every 3600 >/dev/null 2>"$T/rare.err"
check "--progress-every 3600: only the first line" 1 "$(lines "$T/rare.err")"
out=$("$BIN" run --serial --out "$T/q" --progress-every x 2>&1); rc=$?
contains "bad --progress-every" "--progress-every needs a non-negative number" "$out"
check "bad --progress-every exits 2" 2 $rc

# on a terminal: a bar redrawn in place, h:mm:ss times, a newline at the end
if command -v script >/dev/null 2>&1; then
	script -qec "'$BIN' run --serial --out '$T/tty' --progress-every 0 >/dev/null" "$T/tty.log" >/dev/null 2>&1
	bar=$(tr '\r' '\n' < "$T/tty.log" | grep -a '100%' | head -1)
	contains "tty: the bar" "[####################] 100%  5/5 tasks" "$bar"
	contains "tty: elapsed and ETA as h:mm:ss" "elapsed  ETA 0:00:00" "$bar"
	check "tty: no plain progress lines" 0 "$(grep -ac '^battfarm: progress' "$T/tty.log")"
else
	echo "skip the terminal bar: no script(1)"
fi

if have_arc; then
	# 40 tasks; the first 60 solvers of the library keep it quick
	first_solvers 60 > "$T/sixty.py"
	for mode in --serial "-j 2"; do
		"$BIN" run $mode --out "$T/t40$mode" --data "$ARC/training" -c 40 --solvers "$T/sixty.py" \
			--progress-every 0 >/dev/null 2>"$T/t40.err"
		n=$(lines "$T/t40.err")
		check "40 tasks $mode, stderr to a file: >= 2 progress lines with a percentage ($n)" 1 "$([ "$n" -ge 2 ] && echo 1)"
	done
else
	echo "skip 40 tasks: no $ARC/training or $DSL/solvers.py"
fi

finish

#!/bin/sh
# farm_test.sh -- the farm end to end: serial and parallel stores are
# byte-identical; killing workers (SIGKILL, a storm of 300), stopping one
# or the whole group (SIGSTOP/SIGCONT: not a stall), refusing its writes,
# and interrupting the supervisor (SIGINT, SIGTERM, SIGHUP; twice: the
# candidates in hand are cut) lose nothing and leave no partial file; a
# store no worker can open fails the run (exit 2); workers die with a
# SIGKILLed supervisor; two runs cannot share a store.
# usage: farm_test.sh BINARY SOURCE_ROOT FAULT_OPEN_SHIM
set -u
BIN=$1
ROOT=$2
SHIM=$3
T=$(mktemp -d)
trap 'find "$T" -type d -exec chattr -i {} + 2>/dev/null; rm -rf "$T"' EXIT
. "$ROOT/tests/lib.sh"

# a job long enough to disturb: 24 tasks (copies of the examples), the
# example solvers and a slow candidate
mkdir "$T/tasks"
for i in $(seq 1 4); do
	for f in "$ROOT"/examples/tasks/*.json; do
		b=$(basename "$f" .json)
		cp "$f" "$T/tasks/${b}_$i.json"
	done
done
cp "$ROOT/examples/solvers.py" "$T/solvers.py"
cat >> "$T/solvers.py" <<'PY'


def cand_slow(I):
    x0 = astuple(90, 90)
    x1 = canvas(ZERO, x0)
    x2 = asindices(x1)
    x3 = apply(neighbors, x2)
    x4 = merge(x3)
    x5 = size(x4)
    O = canvas(x5, UNITY)
    return O
PY
JOB="--data $T/tasks --solvers $T/solvers.py --timeout 30"

# The workers of a running supervisor, once it has forked them (it polls
# for a condition, it bets on no duration); fails when the supervisor is
# gone first.
running() { # pid: alive and not a zombie (kill -0 succeeds on a zombie)
	[ -e /proc/$1 ] && ! grep -q ') Z' /proc/$1/stat 2>/dev/null
}

# Only children titled as workers count: under ASan the supervisor's leak
# check at exit forks a tracer, and a kill of that one hangs the check.
workers_of() { # supervisor pid
	while running "$1"; do
		w=
		for c in $(pgrep -P "$1"); do
			case $({ tr '\0' '\n' <"/proc/$c/cmdline"; } 2>/dev/null | head -n 1) in
			"battfarm: "*) w="$w $c" ;;
			esac
		done
		[ -n "$w" ] && { echo $w; return 0; }
		sleep 0.01
	done
	return 1
}

# Stop the workers of a running supervisor and print them: while one of
# them is stopped the supervisor cannot end its run (it waits for them),
# so whatever is done to it next happens mid-run.
# SIGINT a run twice, the second once the first was taken (signals do not
# queue), and wait for it, bounded: without the cut it would never end.
# Returns the run's exit status (137 when it had to be killed).
interrupt_twice() { # supervisor pid, its stderr file
	kill -INT $1
	until grep -q "signal again" "$2" || ! running $1; do sleep 0.01; done
	kill -INT $1
	n=0
	while running $1 && [ $n -lt 3000 ]; do sleep 0.01; n=$((n + 1)); done
	running $1 && { kill -KILL $1; echo "     (the run had to be killed)"; }
	wait $1
}

hold() { # supervisor pid
	held_=$(workers_of "$1") || return 1
	kill -STOP $held_ 2>/dev/null
	echo $held_
}

"$BIN" run --serial --out "$T/serial" $JOB >/dev/null 2>&1
ref=$(fingerprint "$T/serial")
for j in 1 2 4; do
	"$BIN" run -j $j --out "$T/j$j" $JOB >/dev/null 2>&1
	check "-j $j store equals --serial" "$ref" "$(fingerprint "$T/j$j")"
done
# with differ workers, its ranges and all
"$BIN" run --validators 2 --differ-workers 1 --out "$T/n2m1" --report-json "$T/n2m1.json" \
	$JOB >/dev/null 2>&1
check "--validators 2 --differ-workers 1 store equals --serial" "$ref" "$(fingerprint "$T/n2m1")"
check "the report's workers[] holds a differ that timed battfarm.differ_eval" "1 2" "$(python3 -c '
import json, sys
w = json.load(open(sys.argv[1]))["workers"]
d = [x for x in w if x["role"] == "differ"]
v = [x for x in w if x["role"] == "validator"]
p = json.load(open(sys.argv[1]))["pools"]["differ"]
print(len([x for x in d if x["metrics"]["battfarm.differ_eval"]["seconds"] > 0 and x["jobs"] > 0]) * (p["busy_seconds"] > 0), len(v))
' "$T/n2m1.json")"
# each worker's memory as seen at its jobs' ends: a peak at least what it
# held at any job's end, and that at least what it held outside big samples
check "the report's workers[] says what each worker held in memory" "ok ok ok" "$(python3 -c '
import json, sys
w = [x for x in json.load(open(sys.argv[1]))["workers"] if x["role"] != "supervisor"]
print(" ".join("ok" if m and 0 < m["outside_big_samples_max"] <= m["job_end_max"] <= m["peak"] < 4 << 20
               else f"bad {m}" for m in (x.get("memory_kb") for x in w)))
' "$T/n2m1.json")"

# every (N validators, M differ workers) in {1,2} x {0,1,2} on the bundled
# examples gives the serial store, byte for byte
"$BIN" run --serial --out "$T/ex_serial" >/dev/null 2>&1
exref=$(fingerprint "$T/ex_serial")
for n in 1 2; do
	for m in 0 1 2; do
		"$BIN" run --validators $n --differ-workers $m --out "$T/ex_$n$m" >/dev/null 2>&1
		check "examples, N=$n M=$m: store equals --serial" "$exref" "$(fingerprint "$T/ex_$n$m")"
	done
done

# one task for two workers: its candidates are split between them (and
# judged by a differ worker, when there is one)
"$BIN" run --serial --out "$T/one_serial" $JOB -i bf_topobj_1 >/dev/null 2>&1
for m in 0 1; do
	"$BIN" run -j 2 --differ-workers $m --out "$T/one_split$m" --timing $JOB -i bf_topobj_1 \
		>"$T/one_split.out" 2>&1
	check "a split task gives the serial store (M=$m)" "$(fingerprint "$T/one_serial")" "$(fingerprint "$T/one_split$m")"
	check "both validators checked candidates of it (M=$m)" 2 "$(awk '$1 == "candidates" { n = 0; for (i = 2; i <= NF; i++) if ($i > 0) n++; print n }' "$T/one_split.out")"
done

# SIGKILL two workers while they work: their tasks go to replacements
"$BIN" run -j 2 --out "$T/killed" --report-json "$T/killed.json" $JOB >/dev/null 2>"$T/killed.err" &
sup=$!
held=$(hold $sup)
kill -KILL ${held%% *}
kill -CONT $held 2>/dev/null
held=$(hold $sup) && { kill -KILL ${held##* }; kill -CONT $held 2>/dev/null; }
wait $sup
check "run survives SIGKILLed workers" 0 $?
check "store after kills equals an undisturbed run" "$ref" "$(fingerprint "$T/killed")"
check "no temp file left by the killed workers" "0 0" "$(consistent "$T/killed")"
check "killed workers' slots are in the report" 1 "$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(int(sum(1 for w in r["workers"] if w["role"] == "validator") >= 3))' "$T/killed.json")"

# SIGKILL at random moments, three times over: nothing is lost; the third
# time with a differ worker, any of whose jobs (and a validator's judging)
# may be the one cut
for round in 1 2 3; do
	pools="-j 2"
	[ $round = 3 ] && pools="--validators 2 --differ-workers 1"
	"$BIN" run $pools --out "$T/random$round" $JOB >/dev/null 2>&1 &
	sup=$!
	for k in 1 2; do
		sleep "0.$(od -An -N1 -tu1 /dev/urandom | tr -d ' ' | cut -c1)"
		victim=$(workers_of $sup | tr ' ' '\n' | shuf -n 1)
		[ -n "$victim" ] && kill -KILL "$victim" 2>/dev/null
	done
	wait $sup
	check "random kills, round $round: same store" "$ref" "$(fingerprint "$T/random$round")"
	check "random kills, round $round: verify passes" 0 "$("$BIN" verify --out "$T/random$round" >/dev/null 2>&1; echo $?)"
done

# A worker killed right after adding up a task's verdicts, before it files
# them (BATTFARM_TEST_KILL_JUDGED, a test hook: the first worker to get
# there dies): the job run again counts them once. Random kills had hit
# this window about one run in fifteen and filed doubled differ scores.
BATTFARM_TEST_KILL_JUDGED="$T/judged.once" "$BIN" run --validators 2 --differ-workers 1 \
	--out "$T/judged" $JOB >/dev/null 2>"$T/judged.err"
check "a worker killed after judging: the run ends well" 0 $?
check "a worker killed after judging: the hook fired" yes "$([ -e "$T/judged.once" ] && echo yes)"
check "a worker killed after judging: the store of an undisturbed run" "$ref" \
	"$(fingerprint "$T/judged")"

# SIGSTOP one worker for longer than --stall-after: a stopped worker is
# not stalled (it is not runnable), so it is not killed; once continued
# it finishes its task
"$BIN" run -j 2 --out "$T/stopped" --stall-after 0.2 $JOB >/dev/null 2>"$T/stopped.err" &
sup=$!
held=$(hold $sup)
kill -CONT ${held##* }
sleep 1 # longer than a stall takes (3 still rounds, > 0.2 s): a lower bound, not a bet
kill -CONT $held
wait $sup
check "run survives a stopped worker" 0 $?
check "the stopped worker is not taken for stalled" 0 "$(grep -c stalled "$T/stopped.err")"
check "store after a stop equals an undisturbed run" "$ref" "$(fingerprint "$T/stopped")"

# ^Z/fg of the whole group, 8 times: no worker is taken for stalled, no
# task lost
setsid "$BIN" run -j 2 --out "$T/group" --stall-after 0.2 $JOB >/dev/null 2>"$T/group.err" &
sup=$!
workers_of $sup >/dev/null
cycles=0
while [ $cycles -lt 8 ] && kill -STOP -$sup 2>/dev/null; do
	sleep 0.3 # stopped longer than a stall period
	kill -CONT -$sup
	cycles=$((cycles + 1))
	sleep 0.02
done
wait $sup
check "8 stop/continue cycles of the group: exit 0" "0 8" "$? $cycles"
check "no worker taken for stalled, no task lost" 0 "$(grep -c 'stalled\|recorded as error' "$T/group.err")"
check "store after 8 stop/continue cycles equals an undisturbed run" "$ref" "$(fingerprint "$T/group")"

# SIGINT mid-run: in-flight tasks finish, nothing partial, a re-run completes it
"$BIN" run -j 2 --out "$T/int" $JOB >/dev/null 2>"$T/int.err" &
sup=$!
held=$(hold $sup)
kill -INT $sup
kill -CONT $held
wait $sup
check "SIGINT exits 130" 130 $?
check "SIGINT leaves a consistent store" "0 0" "$(consistent "$T/int")"
check "verify passes it" 0 "$("$BIN" verify --out "$T/int" >/dev/null 2>&1; echo $?)"
grep -q "interrupted after" "$T/int.err"
check "SIGINT says how far it got" 0 $?
"$BIN" run -j 2 --out "$T/int" $JOB >/dev/null 2>&1
check "a re-run completes it to the undisturbed store" "$ref" "$(fingerprint "$T/int")"

# SIGTERM to a serial run: the same orderly stop
"$BIN" run --serial --out "$T/term" $JOB >/dev/null 2>"$T/term.err" &
sup=$!
# its handlers are set once the store is locked
while [ ! -e "$T/term/.battfarm.lock" ] && running $sup; do sleep 0.01; done
kill -TERM $sup
wait $sup
check "SIGTERM exits 130" 130 $?
check "SIGTERM leaves a consistent store" "0 0" "$(consistent "$T/term")"
check "verify passes it" 0 "$("$BIN" verify --out "$T/term" >/dev/null 2>&1; echo $?)"
"$BIN" run --serial --out "$T/term" $JOB >/dev/null 2>&1
check "a re-run completes it" "$ref" "$(fingerprint "$T/term")"

# SIGHUP is SIGTERM
"$BIN" run -j 2 --out "$T/hup" $JOB >/dev/null 2>"$T/hup.err" &
sup=$!
held=$(hold $sup)
kill -HUP $sup
kill -CONT $held
wait $sup
check "SIGHUP exits 130" 130 $?
check "SIGHUP leaves a consistent store" "0 0" "$(consistent "$T/hup")"
grep -q "interrupted after" "$T/hup.err"
check "SIGHUP says how far it got" 0 $?

# a second SIGINT cuts the candidates in hand: with a candidate that never
# ends (no budget, no time limit), only the cut can end the run
cat > "$T/runaway.py" <<'PY'
def solve_runaway(I):
    x0 = interval(ZERO, 1000000, ONE)
    x1 = apply(identity, x0)
    x2 = compose(last, rbind(astuple, x0))
    x3 = compose(last, rbind(astuple, x1))
    x4 = fork(equality, x2, x3)
    x5 = interval(ZERO, 1000000, ONE)
    O = apply(x4, x5)
    return O
PY
RUNAWAY="--data $T/tasks --solvers $T/runaway.py --budget 0 --timeout 0 -c 2"
for mode in "-j 2" "--serial"; do
	rm -f "$T/cut.err"
	"$BIN" run $mode --out "$T/cut" $RUNAWAY >/dev/null 2>"$T/cut.err" &
	sup=$!
	# its handlers are set once the store is locked
	until [ -e "$T/cut/.battfarm.lock" ] || ! running $sup; do sleep 0.01; done
	interrupt_twice $sup "$T/cut.err"
	check "run $mode: a second SIGINT cuts a candidate that never ends" 130 $?
	check "run $mode: nothing of the cut task is filed" "" "$(ls "$T/cut/solver_dir")"
	check "run $mode: the cut store is consistent" "0 0" "$(consistent "$T/cut")"
	rm -rf "$T/cut"
done

# a runaway differ is cut by its own budget on every call: with no CPU-time
# backstop (--timeout 0) only the budget can end it; the run finishes, the
# runaway scores 0 everywhere (so it is filed at 1000 a sample, the most a
# base can give) and the bundled differs are filed as without it
cat > "$T/runaway_differ.py" <<'PY'
def differ_runaway(S, I, C):
    x0 = interval(ZERO, 1000000, ONE)
    x1 = apply(identity, x0)
    x2 = compose(last, rbind(astuple, x0))
    x3 = compose(last, rbind(astuple, x1))
    x4 = fork(equality, x2, x3)
    x5 = apply(x4, x0)
    x6 = size(x5)
    O = astuple(x6, ZERO)
    return O
PY
EX="--budget 5000 --timeout 0 --differs $ROOT/examples/differs.py"
"$BIN" run --serial --out "$T/rd_none" $EX >/dev/null 2>&1
for mode in "--serial" "-j 2 --differ-workers 0" "-j 2 --differ-workers 1"; do
	tag=$(echo "$mode" | tr -dc '0-9a-z')
	"$BIN" run $mode --out "$T/rd_$tag" $EX --differs "$T/runaway_differ.py" >/dev/null 2>&1 &
	sup=$!
	n=0 # bounded wait: a differ without its own budget never ends
	while running $sup && [ $n -lt 6000 ]; do sleep 0.01; n=$((n + 1)); done
	running $sup && { kill -KILL $sup; echo "     (the run had to be killed)"; }
	wait $sup
	check "runaway differ, $mode: the run finishes by itself" 0 $?
	[ "$tag" = serial ] && rdref=$(fingerprint "$T/rd_$tag")
	check "runaway differ, $mode: the store equals --serial's" "$rdref" "$(fingerprint "$T/rd_$tag")"
	check "runaway differ, $mode: cut on every call, the other differs as without it" "ok" \
		"$(python3 - "$T/rd_$tag" "$T/rd_none" "$ROOT/examples/tasks" <<'PY'
import json, os, sys
store, none, tasks = sys.argv[1:]
run = [f for f in os.listdir(f"{store}/differ_md5") if "interval(ZERO, 1000000" in open(f"{store}/differ_md5/{f}").read()]
def links(root, keep):
    out = []
    for d, _, files in os.walk(f"{root}/differ_dir"):
        out += [os.path.relpath(os.path.join(d, f), root) for f in files if keep(f)]
    return sorted(out)
bad = []
for l in links(store, lambda f: f in run):
    task, score = l.split("/")[1][len("solve_"):], int(l.split("/")[2])
    t = json.load(open(f"{tasks}/{task}.json"))
    n = sum(1 for s in t["train"] + t["test"] if "output" in s)
    if score != 1000 * n:
        bad.append(f"{l}: s_score {score}, not {1000 * n}")
if len(run) != 1 or not links(store, lambda f: f in run):
    bad.append(f"the runaway is not filed ({run})")
if links(store, lambda f: f not in run) != links(none, lambda f: True):
    bad.append("the bundled differs are filed otherwise")
print("\n".join(bad) or "ok")
PY
)"
done

# ps titles name the task in hand: a validator on a candidate that never
# ends on task ps_tall (two-row inputs), the differ worker on a differ that
# never ends, judging the output of ps_flat or ps_flat2 (one-row inputs: the
# candidate ends there), whichever was checked first; the other one's DIFF
# job no differ worker can take, so the validator left with nothing else to
# do judges it.  All three hold until the run is cut, so the titles are
# polled for, not raced
mkdir "$T/ps"
echo '{"train": [{"input": [[1, 2]], "output": [[5]]}], "test": [{"input": [[3, 4]], "output": [[5]]}]}' >"$T/ps/ps_flat.json"
echo '{"train": [{"input": [[1], [2]], "output": [[5]]}], "test": [{"input": [[3], [4]], "output": [[5]]}]}' >"$T/ps/ps_tall.json"
echo '{"train": [{"input": [[6, 7]], "output": [[8]]}], "test": [{"input": [[7, 6]], "output": [[8]]}]}' >"$T/ps/ps_flat2.json"
cat > "$T/tall.py" <<'PY'
def solve_tall(I):
    x0 = height(I)
    x1 = decrement(x0)
    x2 = multiply(x1, 1000000)
    x3 = interval(ZERO, x2, ONE)
    x4 = apply(identity, x3)
    x5 = compose(last, rbind(astuple, x3))
    x6 = compose(last, rbind(astuple, x4))
    x7 = fork(equality, x5, x6)
    x8 = apply(x7, x3)
    x9 = size(x8)
    O = canvas(x9, UNITY)
    return O
PY
"$BIN" run --validators 2 --differ-workers 1 --budget 0 --timeout 0 --out "$T/ps_out" \
	--data "$T/ps" --solvers "$T/tall.py" --differs "$T/runaway_differ.py" >/dev/null 2>"$T/ps.err" &
sup=$!
seen_v= seen_d= seen_j= n=0
while running $sup && [ $n -lt 3000 ] && [ -z "$seen_v" -o -z "$seen_d" -o -z "$seen_j" ]; do
	for c in $(pgrep -P $sup); do
		# the title is the first string (NULs follow it)
		title=$({ tr '\0' '\n' <"/proc/$c/cmdline"; } 2>/dev/null | head -n 1)
		case $title in
		"battfarm: validator "[12]" task ps_tall") seen_v=$title ;;
		"battfarm: differ 1 task ps_flat"*) seen_d=${title#battfarm: differ 1 task } ;;
		"battfarm: validator "[12]" task ps_flat"*" (judging)")
			seen_j=${title#battfarm: validator [12] task }
			seen_j=${seen_j% (judging)} ;;
		esac
	done
	sleep 0.01
	n=$((n + 1))
done
echo "     ($seen_v | differ: $seen_d | validator: $seen_j)"
check "ps shows the validator's title with its task" "validator task ps_tall" "$(echo "$seen_v" | sed 's/battfarm: \(validator\) [12] \(.*\)/\1 \2/')"
check "ps shows the differ worker's title with its task" "ps_flat ps_flat2" "$(printf '%s\n' "$seen_d" "$seen_j" | sort | tr '\n' ' ' | sed 's/ $//')"
check "the task the differ worker cannot take, a validator with nothing else to do judges" \
	"differ" "$( [ -n "$seen_j" ] && [ "$seen_j" != "$seen_d" ] && echo differ)"
interrupt_twice $sup "$T/ps.err"
check "a second SIGINT cuts the differ worker's job too" 130 $?

# SIGKILL of the supervisor: its workers die with it (PR_SET_PDEATHSIG),
# the lock goes with it, a second run is admitted and finds no writer
"$BIN" run -j 2 --out "$T/orphans" $JOB >/dev/null 2>&1 &
sup=$!
held=$(hold $sup)
kill -KILL $sup
wait $sup 2>/dev/null
kill -CONT $held 2>/dev/null
alive() { for p in $held; do running $p && echo $p; done; }
n=0
while [ -n "$(alive)" ] && [ $n -lt 300 ]; do sleep 0.01; n=$((n + 1)); done
check "no worker outlives a SIGKILLed supervisor by 3 s" "" "$(alive)"
"$BIN" run -j 2 --out "$T/orphans" $JOB >/dev/null 2>&1
check "a second run is admitted and completes the store" "$ref" "$(fingerprint "$T/orphans")"

# a store no worker can open (the shim refuses it in every process but the
# supervisor): the fatal exit is read, no respawning, a clear message, exit 2
mkdir "$T/closed"
out=$(cd "$T" && BF_FAULT_OPEN=closed LD_PRELOAD="$SHIM" ASAN_OPTIONS=verify_asan_link_order=0 \
	"$BIN" run -j 2 --out closed $JOB 2>&1 >/dev/null); rc=$?
check "a store no worker can open: exit 2" 2 $rc
contains "the workers' reason is named" "closed: cannot open: Permission denied" "$out"
contains "the run says it failed" "the run failed: no worker could do its work" "$out"
check "no worker was started again" 2 "$(echo "$out" | grep -c 'cannot open')"

# a storm of 300 SIGKILLs at random workers: the run ends by itself, with
# a consistent store; tasks killed too often are recorded as errors (exit 1)
"$BIN" run -j 2 --out "$T/storm" --report-json "$T/storm.json" $JOB >/dev/null 2>"$T/storm.err" &
sup=$!
kills=0
while [ $kills -lt 300 ] && victims=$(workers_of $sup); do
	kill -KILL $(echo $victims | tr ' ' '\n' | shuf -n 1) 2>/dev/null && kills=$((kills + 1))
done
wait $sup
rc=$?
echo "     ($kills kills)"
case $rc in 0|1) echo "ok   the storm ends the run by itself (exit $rc)" ;;
*) echo "FAIL the storm ends the run by itself: exit $rc"; fails=$((fails + 1)) ;; esac
check "the store after the storm is consistent" "0 0" "$(consistent "$T/storm")"
check "verify passes it" 0 "$("$BIN" verify --out "$T/storm" >/dev/null 2>&1; echo $?)"
"$BIN" run -j 2 --out "$T/storm" $JOB >/dev/null 2>&1
check "a re-run completes it to the undisturbed store" "$ref" "$(fingerprint "$T/storm")"

# the store stops taking writes part way (its directories made immutable
# with chattr after one task is filed, so the rest cannot be; no timing
# involved; skipped where the file system or the user cannot)
"$BIN" run -j 2 --out "$T/imm" -i bf_frame_1 $JOB >/dev/null 2>&1
if find "$T/imm/solver_dir" "$T/imm/solver_md5" "$T/imm/differ_dir" "$T/imm/differ_md5" \
	-type d -exec chattr +i {} + 2>/dev/null; then
	"$BIN" run -j 2 --out "$T/imm" $JOB >/dev/null 2>"$T/imm.err"
	rc=$?
	# the same on a terminal (script(1) gives the run a pty): the progress
	# bar is drawn there, and each worker's message starts on a cleared
	# line instead of running on from the bar
	if command -v script >/dev/null 2>&1; then
		script -qec "$BIN run -j 2 --out $T/imm $JOB" "$T/imm.tty" >/dev/null 2>&1
		check "on a terminal, every worker message starts on a cleared line" "ok" \
			"$(python3 -c '
import sys
lines = [l for l in open(sys.argv[1], "rb").read().split(b"\n") if b"not permitted" in l]
bad = [l for l in lines if b"\r\x1b[Kbattfarm: task" not in l]
print("ok" if lines and not bad else f"{len(lines)} lines, {bad[:1]}")' "$T/imm.tty")"
	fi
	find "$T/imm" -type d -exec chattr -i {} +
	check "refused writes fail the run (exit 1)" 1 $rc
	grep -q "Operation not permitted" "$T/imm.err"
	check "the refused write is named" 0 $?
	check "no temp file or broken link after it" "0 0" "$(consistent "$T/imm")"
	check "verify passes it" 0 "$("$BIN" verify --out "$T/imm" >/dev/null 2>&1; echo $?)"
	"$BIN" run -j 2 --out "$T/imm" $JOB >/dev/null 2>&1
	check "a re-run completes it" "$ref" "$(fingerprint "$T/imm")"
else
	find "$T/imm" -type d -exec chattr -i {} + 2>/dev/null
	echo "skip writes refused (chattr not available here)"
fi

# two runs on one store: the second refuses, naming the first
"$BIN" run -j 2 --out "$T/locked" $JOB >/dev/null 2>&1 &
sup=$!
held=$(hold $sup)
out=$("$BIN" run --serial --out "$T/locked" $JOB 2>&1); rc=$?
kill -CONT $held
check "a second run on a busy store exits 75 (busy)" 75 $rc
case "$out" in
*"is in use by another battfarm run (pid $sup)"*) echo "ok   the second run names the first" ;;
*) echo "FAIL the second run names the first: $out"; fails=$((fails + 1)) ;;
esac
wait $sup
check "the first run is not disturbed" "$ref" "$(fingerprint "$T/locked")"

finish

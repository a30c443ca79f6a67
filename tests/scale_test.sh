#!/bin/sh
# scale_test.sh -- beyond one run: 40 tasks as 4 shards run by GNU parallel
# (tools/parallel/battfarm-parallel.sh) and merged give the store of one
# run byte for byte; a run killed (SIGKILL, its workers too) after K tasks
# resumes from the journal, evaluating only the rest, and ends with the
# full run's store; --fresh; --costs-from balances the shards; --wait-lock waits for
# a busy store; under taskset -c 0 one validator starts; bad input to
# --shard and merge gets a clear error.
# usage: scale_test.sh BINARY SOURCE_ROOT
set -u
BIN=$1
ROOT=$2
T=$(mktemp -d)
holder=""
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; rm -rf "$T"' EXIT
. "$ROOT/tests/lib.sh"

# 40 tasks: the first 40 of the ARC training set when it is here, else
# copies of the bundled examples under 40 ids
if [ -d "$ARC/training" ]; then
	JOB="--data $ARC/training -c 40"
	ids=$(ls "$ARC/training" | sort | head -40 | sed 's/\.json$//')
	echo "data: the first 40 ARC training tasks"
else
	mkdir "$T/tasks"
	for i in $(seq 1 8); do
		for f in "$ROOT"/examples/tasks/*.json; do
			cp "$f" "$T/tasks/$(basename "$f" .json)_$i.json"
		done
	done
	JOB="--data $T/tasks"
	ids=$(ls "$T/tasks" | sort | sed 's/\.json$//')
	echo "data: 40 copies of the bundled examples (no $ARC/training)"
fi

# the candidates a run evaluated: the report's counts
candidates() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["candidates"])' "$1"
}
validators() {
	python3 -c 'import json,sys; print(sum(w["role"] == "validator" for w in json.load(open(sys.argv[1]))["workers"]))' "$1"
}

"$BIN" run $JOB --out "$T/one" -j 2 --report-json "$T/one.json" >/dev/null 2>&1
check "one run" 0 $?
FP1=$(fingerprint "$T/one")
full=$(candidates "$T/one.json")
journal=$(wc -l <"$T/one/.battfarm/journal")
check "its journal has every task" 40 "$journal"

# ---- shards by GNU parallel, merged ----
if command -v parallel >/dev/null 2>&1; then
	"$ROOT/tools/parallel/battfarm-parallel.sh" -n 4 --out "$T/merged" --battfarm "$BIN" \
		-- $JOB -j 1 >"$T/par.out" 2>&1
	check "4 shards by GNU parallel, merged, verified" 0 $?
	check "merged == one run" "$FP1" "$(fingerprint "$T/merged")"
	n=0
	for k in 1 2 3 4; do
		n=$((n + $(wc -l <"$T/merged.shards/shard-$k/.battfarm/journal")))
	done
	check "the shards took every task once" 40 "$n"
	# running the recipe again resumes every shard (nothing left to do)
	"$ROOT/tools/parallel/battfarm-parallel.sh" -n 4 --out "$T/merged" --battfarm "$BIN" \
		-- $JOB -j 1 >"$T/par2.out" 2>&1
	check "the recipe again" 0 $?
	contains "it resumed the shards" "running the other 0" "$(cat "$T/par2.out")"
	check "merged again == one run" "$FP1" "$(fingerprint "$T/merged")"
else
	echo "skip GNU parallel recipe (parallel not installed: tools/setup.sh installs it)"
fi

# serial shards merged by hand, and a merge into a store that has part
for k in 1 2 3; do
	"$BIN" run $JOB --serial --shard $k/3 --out "$T/s$k" >/dev/null 2>&1
done
"$BIN" merge --out "$T/m3" "$T/s1" "$T/s2" "$T/s3" >/dev/null
check "3 serial shards merged == one run" "$FP1" "$(fingerprint "$T/m3")"
cp -a "$T/s1" "$T/m1"
"$BIN" merge --out "$T/m1" "$T/s2" "$T/s3" >/dev/null
check "merged into a shard's store == one run" "$FP1" "$(fingerprint "$T/m1")"

# ---- resume ----
# killed by SIGKILL right after the 20th task was journaled; its workers
# (in its process group) are killed mid-task too
setsid env BATTFARM_TEST_KILL_AFTER=20 "$BIN" run $JOB --out "$T/res" -j 2 >/dev/null 2>&1 &
pid=$!
{ wait $pid; } 2>/dev/null
check "killed run died by SIGKILL" 137 $?
kill -KILL -- "-$pid" 2>/dev/null
i=0
while pgrep -g "$pid" >/dev/null 2>&1 && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
check "killed run's journal" 20 "$(wc -l <"$T/res/.battfarm/journal")"
"$BIN" run $JOB --out "$T/res" -j 2 --report-json "$T/res.json" >"$T/res.out" 2>&1
check "resumed run" 0 $?
contains "it says how much was done" "resuming: 20 of 40 tasks" "$(cat "$T/res.out")"
second=$(candidates "$T/res.json")
echo "     candidates: full run $full, resumed run $second"
check "resumed run evaluates <= 60% of a full run" yes "$([ $((second * 100)) -le $((full * 60)) ] && echo yes)"
check "resumed store == full run's" "$FP1" "$(fingerprint "$T/res")"
"$BIN" verify --out "$T/res" >/dev/null 2>&1
check "resumed store verifies" 0 $?
# serial, killed after 7
env BATTFARM_TEST_KILL_AFTER=7 "$BIN" run $JOB --serial --out "$T/res2" >/dev/null 2>&1 &
{ wait $!; } 2>/dev/null
check "serial run killed" 137 $?
"$BIN" run $JOB --serial --out "$T/res2" >"$T/res2.out" 2>&1
contains "serial resume" "resuming: 7 of 40 tasks" "$(cat "$T/res2.out")"
check "serial resumed store == full run's" "$FP1" "$(fingerprint "$T/res2")"

# what the journal says is checked against the store: a link removed, or a
# program file damaged, since -- that task runs again and is restored
cp -a "$T/res" "$T/dmg"
rm "$(find "$T/dmg/solver_dir" -type l | sort | head -1)"
"$BIN" run $JOB --out "$T/dmg" -j 2 >"$T/dmg.out" 2>&1
contains "a task whose link went runs again" "resuming: 39 of 40 tasks" "$(cat "$T/dmg.out")"
check "and the store is restored" "$FP1" "$(fingerprint "$T/dmg")"
f=$(find "$T/dmg/solver_md5" -type f | sort | head -1)
echo "def solve(S, I, C):" >"$f"
"$BIN" run $JOB --out "$T/dmg" -j 2 >"$T/dmg2.out" 2>&1
contains "tasks with a damaged program file run again" "tasks were filed by an earlier run" "$(cat "$T/dmg2.out")"
check "and the file is restored" "$FP1" "$(fingerprint "$T/dmg")"

# a run with nothing left still predicts every task (from the store)
"$BIN" run $JOB --out "$T/res" -j 2 --predict "$T/pred.json" >/dev/null 2>&1
check "resumed run with --predict" 0 $?
check "it predicts all 40 tasks" 40 "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/pred.json")"
"$BIN" run $JOB --out "$T/one" -j 2 --fresh --predict "$T/pred1.json" >/dev/null 2>&1
check "the same predictions as a full run's" "$(md5sum <"$T/pred1.json")" "$(md5sum <"$T/pred.json")"

# --fresh runs everything again and changes nothing
"$BIN" run $JOB --out "$T/res" -j 2 --fresh --report-json "$T/fresh.json" >"$T/fresh.out" 2>&1
check "--fresh evaluates every candidate" "$full" "$(candidates "$T/fresh.json")"
check "--fresh store unchanged" "$FP1" "$(fingerprint "$T/res")"
# another job (other options: --max-files would be refused, store.json) on the same store does not skip
"$BIN" run $JOB --out "$T/res" -j 2 --min-score 2 --report-json "$T/other.json" >/dev/null 2>&1
check "another job's run skips nothing" "$full" "$(candidates "$T/other.json")"

# ---- shards balanced by recorded cost ----
first=$(echo "$ids" | head -1)
{
	printf '# battfarm costs: task\tcandidate_md5\twork_units\tseconds\n'
	for id in $ids; do
		units=10
		[ "$id" = "$first" ] && units=100000
		printf '%s\t%s\t%s\t0.001\n' "$id" 0123456789abcdef0123456789abcdef "$units"
	done
} >"$T/costs.tsv"
counts=""
for k in 1 2 3 4; do
	"$BIN" run $JOB --serial --shard $k/4 --costs-from "$T/costs.tsv" --out "$T/c$k" \
		>/dev/null 2>"$T/c$k.err"
	counts="$counts $(sed -n 's/.*shard [0-9]*\/4: \([0-9]*\) of 40 tasks (balanced by recorded cost).*/\1/p' "$T/c$k.err")"
done
check "costly task alone in its shard, the rest spread" " 1 13 13 13" "$counts"
"$BIN" merge --out "$T/cm" "$T/c1" "$T/c2" "$T/c3" "$T/c4" >/dev/null
check "cost-balanced shards merged == one run" "$FP1" "$(fingerprint "$T/cm")"

# ---- bad input ----
for bad in 0/4 5/4 x 2/ 1/0; do
	out=$("$BIN" run $JOB --shard "$bad" --out "$T/bad" 2>&1)
	check "--shard $bad refused" 2 $?
	contains "--shard $bad says why" "--shard" "$out"
done
out=$("$BIN" merge --out "$T/mx" 2>&1)
check "merge of nothing" 2 $?
out=$("$BIN" merge "$T/s1" 2>&1)
check "merge without --out" 2 $?
contains "it says why" "--out DIR is required" "$out"
out=$("$BIN" merge --out "$T/mx" "$T/nosuch" 2>&1)
check "merge of a missing store" 2 $?
contains "it names it" "nosuch: not a store" "$out"
out=$("$BIN" merge --out "$T/s1" "$T/s1" 2>&1)
check "merge into a source" 2 $?
cp -a "$T/s2" "$T/broken"
l=$(find "$T/broken/solver_dir" -type l | head -1)
rm "$l" && ln -s /etc/passwd "$l"
out=$("$BIN" merge --out "$T/mx" "$T/s1" "$T/broken" 2>&1)
check "merge of a store with a planted link" 2 $?
contains "it names the entry" "not a link to a sound program" "$out"
check "nothing merged" no "$([ -d "$T/mx/solver_md5" ] && echo yes || echo no)"

# merge only reads its sources: a store without a lock file gets none
cp -a "$T/s1" "$T/nolock" && rm "$T/nolock/.battfarm.lock"
"$BIN" merge --out "$T/mnl" "$T/nolock" >/dev/null 2>&1
check "merge of a store never locked" 0 $?
check "nothing created in the source" no "$([ -e "$T/nolock/.battfarm.lock" ] && echo yes || echo no)"
h=$("$BIN" help merge)
check "merge --help is help merge" "$h" "$("$BIN" merge --help)"
for o in out max-files wait-lock; do contains "merge --help describes --$o" "--$o " "$h"; done

# ---- --wait-lock ----
python3 -c '
import fcntl, os, signal, sys
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
signal.pause()' "$T/one/.battfarm.lock" "$T/held" &
holder=$!
i=0
while [ ! -e "$T/held" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
out=$("$BIN" run $JOB --out "$T/one" 2>&1)
check "busy store refused (exit 75)" 75 $?
contains "it names the holder" "pid $holder" "$out"
out=$("$BIN" merge --out "$T/mbusy" "$T/one" 2>&1)
check "merge of a busy store refused (exit 75)" 75 $?
contains "it names the holder" "pid $holder" "$out"
out=$("$BIN" run $JOB --out "$T/one" --wait-lock 0.2 2>&1)
check "--wait-lock 0.2: refused after waiting (exit 75)" 75 $?
contains "it said it waited" "waiting up to 0.2 s" "$out"
: >"$T/wait.out"
"$BIN" run $JOB --out "$T/one" --wait-lock >"$T/wait.out" 2>&1 &
waiter=$!
i=0
while ! grep -q "waiting for it" "$T/wait.out" && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
contains "--wait-lock waits" "waiting for it (--wait-lock)" "$(cat "$T/wait.out")"
kill "$holder"
wait "$holder" 2>/dev/null
holder=""
wait $waiter
check "--wait-lock: ran once the store was free" 0 $?
check "store unchanged" "$FP1" "$(fingerprint "$T/one")"

# ---- affinity ----
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	taskset -c 0 "$BIN" run $JOB --out "$T/aff" --report-json "$T/aff.json" >/dev/null 2>&1
	check "under taskset -c 0 one validator" 1 "$(validators "$T/aff.json")"
	if [ "$(nproc --all)" -ge 2 ]; then
		taskset -c 0,1 "$BIN" run $JOB --out "$T/aff2" --report-json "$T/aff2.json" >/dev/null 2>&1
		check "under taskset -c 0,1 two validators" 2 "$(validators "$T/aff2.json")"
	fi
else
	echo "skip affinity (taskset cannot run here)"
fi
finish

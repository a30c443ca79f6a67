#!/bin/sh
# engine_test.sh -- end-to-end tests of the interpreter's edges through the
# binary: eval's result kinds, and a candidate that builds a tuple nested
# 200,000 deep (an error result; the run files everything else, serial and
# parallel alike).  usage: engine_test.sh BINARY SOURCE_ROOT
set -u
BIN=$1
ROOT=$2
EX=$ROOT/examples
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/lib.sh"

# --- eval's kind: grid exactly for a tuple of equal-length tuples of ints ---
cat > "$T/kinds.py" <<'PY'
def crop_of_replaced(I):
    x1 = replace(I, FIVE, LEFT)
    O = crop(x1, ORIGIN, UNITY)
    return O
def ragged(I):
    x1 = astuple(ONE, TWO)
    x2 = initset(ONE)
    x3 = totuple(x2)
    O = astuple(x1, x3)
    return O
def bool_cells(I):
    O = astuple(astuple(T, F), astuple(ONE, TWO))
    return O
def empty_tuple(I):
    O = crop(I, ORIGIN, ORIGIN)
    return O
PY
kind() { "$BIN" eval --solvers "$T/kinds.py" --name "$1" --grid "$2"; }
# (1, (0, -1)) sliced to (1,): the slice holds only ints, so a grid
check "a slice of a mixed row is a grid row" '{"kind":"grid","output":[[1]]}' \
	"$(kind crop_of_replaced '[[1,5]]')"
check "a ragged tuple is a value" '{"kind":"value","repr":"((1, 2), (1,))"}' \
	"$(kind ragged '[[1]]')"
check "bool cells make a value" '{"kind":"value","repr":"((True, False), (1, 2))"}' \
	"$(kind bool_cells '[[1]]')"
check "the empty tuple is a value" '{"kind":"value","repr":"()"}' \
	"$(kind empty_tuple '[[1]]')"

# --- a tuple nested 200,000 deep, by straight-line code ---
# deep_eq compares two such tuples (CPython: RecursionError), deep_out
# returns one, so the differs and the store meet it too.
{
	echo 'def solve_deep_eq(I):'
	echo '    x1 = astuple(ONE, ONE)'
	echo '    y1 = astuple(ONE, ONE)'
	awk 'BEGIN { for (i = 2; i <= 200000; i++) {
		printf "    x%d = astuple(x%d, ONE)\n", i, i - 1
		printf "    y%d = astuple(y%d, ONE)\n", i, i - 1 } }'
	echo '    O = equality(x200000, y200000)'
	echo '    return O'
	echo 'def solve_deep_out(I):'
	echo '    x1 = astuple(I, ONE)'
	awk 'BEGIN { for (i = 2; i <= 200000; i++)
		printf "    x%d = astuple(x%d, ONE)\n", i, i - 1 }'
	echo '    return x200000'
} > "$T/deep.py"
out=$("$BIN" eval --solvers "$T/deep.py" --name solve_deep_eq --grid '[[1]]' 2>&1); rc=$?
check "deep comparison is a RecursionError" \
	'{"kind":"error","error":"RecursionError: maximum recursion depth exceeded in comparison"}' "$out"
check "eval exit status after a deep comparison" 0 $rc
out=$("$BIN" eval --solvers "$T/deep.py" --name solve_deep_out --grid '[[1]]' 2>&1)
check "printing a deep value is a RecursionError" \
	'{"kind":"error","error":"RecursionError: maximum recursion depth exceeded while getting the repr of an object"}' "$out"

cat "$EX/solvers.py" "$T/deep.py" > "$T/with_deep.py"
"$BIN" run --serial --out "$T/plain" --data "$EX/tasks" --solvers "$EX/solvers.py" >/dev/null 2>&1
for mode in --serial "-j 2"; do
	# shellcheck disable=SC2086
	out=$("$BIN" run $mode --out "$T/deep$mode" --data "$EX/tasks" --solvers "$T/with_deep.py" 2>&1); rc=$?
	check "run $mode with deep candidates exits 0" 0 $rc
	contains "run $mode solves every task" "5 tasks solved exactly by some candidate" "$out"
	n_plain=$(find "$T/plain/solver_dir" -name '*.py' | wc -l)
	n_deep=$(find "$T/deep$mode/solver_dir" -name '*.py' | wc -l)
	check "run $mode files every task's programs" "$n_plain" "$n_deep"
	check "run $mode store is sound" "0 0" "$(consistent "$T/deep$mode")"
done
check "serial and -j 2 stores are identical" "$(fingerprint "$T/deep--serial")" "$(fingerprint "$T/deep-j 2")"

# --- the budget is per sample ---
# A mirror that also doubles 0..19999 (about 2,000 units a sample): its
# costliest sample sets the budget; with exactly that much per sample it is
# exact on all four (a budget for the whole task would have run out); one
# unit less times out every sample (the doubling makes them equally costly).
python3 - "$EX/tasks/bf_mirror.json" > "$T/mirror.jsonl" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
for p in t["train"] + t["test"]:
    print(json.dumps({"name": "solve_bf_mirror", "grid": p["input"]}))
PY
printf 'def solve_bf_mirror(I):\n    x1 = interval(ZERO, 20000, ONE)\n    x2 = apply(double, x1)\n    O = vmirror(I)\n    return O\n' > "$T/mirror.py"
max=$("$BIN" eval --solvers "$T/mirror.py" --batch "$T/mirror.jsonl" --cost |
	python3 -c 'import json, sys; print(max(json.loads(l)["work"] for l in sys.stdin))')
out=$("$BIN" run --serial --out "$T/b1" --data "$EX/tasks" -i bf_mirror --solvers "$T/mirror.py" \
	--differs none --budget "$max" 2>&1)
contains "the costliest sample's units are enough per sample" "0 timeouts" "$out"
check "exact on every sample" "4000" "$(ls "$T/b1/solver_dir/solve_bf_mirror")"
out=$("$BIN" run --serial --out "$T/b2" --data "$EX/tasks" -i bf_mirror --solvers "$T/mirror.py" \
	--differs none --budget $((max - 1)) 2>&1)
contains "one unit less times the first sample out, the rest are not run" \
	"1 samples run (0 errors, 1 timeouts" "$out"

# --- a timeout gives the candidate up on the task ---
# Only the first sample is 5 wide: there interval(0, 10**12, 1), charged
# before it is built, times out at once; the other three samples would be
# exact (3000, enough for --min-score 1), but they are not run and nothing
# is filed.
cat > "$T/runaway.py" <<'PY'
def solve_bf_mirror(I):
    x1 = width(I)
    x2 = equality(x1, FIVE)
    x3 = branch(x2, 1000000000000, ONE)
    x4 = interval(ZERO, x3, ONE)
    O = vmirror(I)
    return O
PY
out=$("$BIN" run --serial --out "$T/r1" --data "$EX/tasks" -i bf_mirror --solvers "$T/runaway.py" \
	--differs none 2>&1)
contains "a timeout on sample 1: one sample run" "1 samples run (0 errors, 1 timeouts" "$out"
check "a candidate given up is not filed" "" \
	"$(find "$T/r1/solver_dir" -name '*.py' 2>/dev/null)"
"$BIN" run --serial --out "$T/r0" --data "$EX/tasks" -i bf_mirror --solvers "$T/runaway.py" \
	--differs none --min-score 0 >/dev/null 2>&1
check "not even with --min-score 0" "" "$(find "$T/r0/solver_dir" -name '*.py' 2>/dev/null)"
sed 's/FIVE/TEN/' "$T/runaway.py" > "$T/tame.py"
out=$("$BIN" run --serial --out "$T/r2" --data "$EX/tasks" -i bf_mirror --solvers "$T/tame.py" \
	--differs none 2>&1)
contains "without the timeout all four samples run" "4 samples run (0 errors, 0 timeouts" "$out"
check "and it is filed as exact" "4000" "$(ls "$T/r2/solver_dir/solve_bf_mirror")"

# --- comparing big tuples is work: a million comparisons of two equal
# million-item tuples meet the budget (they were charged one unit each, so
# the run went on for minutes with no budget in sight) ---
cat > "$T/bigeq.py" <<'PY'
def solve_bigeq(I):
    x0 = interval(ZERO, 1000000, ONE)
    x1 = apply(identity, x0)
    x2 = compose(last, rbind(astuple, x0))
    x3 = compose(last, rbind(astuple, x1))
    x4 = fork(equality, x2, x3)
    x5 = apply(x4, x0)
    O = size(x5)
    return O
PY
out=$("$BIN" eval --solvers "$T/bigeq.py" --name solve_bigeq --grid '[[1]]' --cost --budget 1000000 --timeout 0)
contains "a million big comparisons meet the budget" '"kind":"timeout","by":"budget"' "$out"
# the same for ordering: `greater` on two equal million-item tuples walks
# every item before it can answer (without the charge the budget never
# came and only the CPU-time backstop stopped it, wherever the CPU was)
sed 's/solve_bigeq/solve_biggt/; s/fork(equality/fork(greater/' "$T/bigeq.py" >"$T/biggt.py"
out=$("$BIN" eval --solvers "$T/biggt.py" --name solve_biggt --grid '[[1]]' --cost --budget 1000000 --timeout 20)
contains "a million big orderings meet the budget" '"kind":"timeout","by":"budget"' "$out"

# --- a memory-hungry candidate: the budget stops it, the same everywhere ---
# objects() on a canvas of 3 x (5,000 x the zeros) cells builds sets far
# beyond ARC's sizes; inserts into such tables are charged as CPython pays
# for them (its time per item grows with the table), so the budget stops
# the candidate long before the CPU-time backstop could, at the same unit
# in --serial and -j 2 (a backstop cut falls wherever the CPU is).
cat > "$T/hungry.py" <<'PY'
def solve_hungry(I):
    x1 = colorcount(I, ZERO)
    x2 = multiply(x1, 5000)
    x3 = astuple(THREE, x2)
    x4 = canvas(ZERO, x3)
    x5 = hconcat(I, x4)
    x6 = objects(x5, T, T, T)
    O = first(x6)
    return O
PY
zeros=$(python3 -c 'print([[0] * 10 for _ in range(10)])')
out=$("$BIN" eval --solvers "$T/hungry.py" --name solve_hungry --grid "$zeros" --cost --budget 1000000)
contains "huge sets are charged as CPython pays: the budget stops it" \
	'{"kind":"timeout","by":"budget","work":1000001,' "$out"
cat "$EX/solvers.py" "$T/hungry.py" > "$T/with_hungry.py"
for mode in --serial "-j 2"; do
	# shellcheck disable=SC2086
	out=$("$BIN" run $mode --out "$T/hungry$mode" --data "$EX/tasks" --solvers "$T/with_hungry.py" \
		--budget 60000 --costs "$T/costs$mode" 2>&1)
	contains "run $mode: the hungry candidate meets the budget, not the backstop" \
		"0 of them by the CPU-time backstop" "$out"
	grep -v '^#' "$T/costs$mode" | cut -f1-3 | sort > "$T/units$mode"
done
check "the same units for every (task, candidate) in --serial and -j 2" "" \
	"$(diff "$T/units--serial" "$T/units-j 2")"
check "the hungry candidate timed out on each task" "5" \
	"$(grep -c "$("$BIN" inline "$T/hungry.py" | sed -n 's/^md5 //p')	60001\$" "$T/units--serial")"
check "--serial and -j 2 stores are identical with it" \
	"$(fingerprint "$T/hungry--serial")" "$(fingerprint "$T/hungry-j 2")"

# --- work shared across candidates: the same units and stores without ---
# Candidates that call objects/partition on the input (one of them twice,
# through identity, and listing the result more than once): the second and
# later calls come from the memo, charged what the first cost.
cat > "$T/share.py" <<'PY'
def solve_share_a(I):
    x1 = objects(I, T, F, T)
    x2 = argmax(x1, size)
    O = subgrid(x2, I)
    return O
def solve_share_b(I):
    x1 = objects(I, T, F, T)
    x2 = identity(I)
    x3 = objects(x2, T, F, T)
    x4 = merge(x1)
    x5 = merge(x3)
    x6 = combine(x4, x5)
    O = fill(I, FIVE, x6)
    return O
def solve_share_c(I):
    x1 = partition(I)
    x2 = fgpartition(I)
    x3 = argmin(x1, size)
    x4 = size(x2)
    O = fill(I, x4, x3)
    return O
def solve_share_d(I):
    x1 = objects(I, F, T, F)
    x2 = objects(I, T, F, T)
    x3 = sizefilter(x1, ONE)
    x4 = merge(x2)
    O = fill(I, TWO, x4)
    return O
PY
cat "$EX/solvers.py" "$T/share.py" > "$T/share_all.py"
sed 's/^def solve_share_/def solve_again_/' "$T/share.py" >> "$T/share_all.py"
"$BIN" run --serial --out "$T/sh1" --data "$EX/tasks" --solvers "$T/share_all.py" \
	--costs "$T/sh1.costs" >/dev/null 2>&1
BATTFARM_NO_SHARE=1 "$BIN" run --serial --out "$T/sh0" --data "$EX/tasks" \
	--solvers "$T/share_all.py" --costs "$T/sh0.costs" >/dev/null 2>&1
for k in 0 1; do grep -v '^#' "$T/sh$k.costs" | cut -f1-3 | sort > "$T/u$k"; done
check "the same units for every (task, candidate) with and without sharing" "" \
	"$(diff "$T/u1" "$T/u0")"
check "the same store with and without sharing" "$(fingerprint "$T/sh1")" "$(fingerprint "$T/sh0")"
python3 - "$EX/tasks" "$T/share.py" > "$T/share.jsonl" <<'PY'
import json, os, sys
names = [l[4:l.index("(")] for l in open(sys.argv[2]) if l.startswith("def solve_")]
for f in sorted(os.listdir(sys.argv[1])):
    t = json.load(open(os.path.join(sys.argv[1], f)))
    for p in t["train"] + t["test"]:
        for n in names + names:
            print(json.dumps({"name": n, "grid": p["input"]}))
# a checkerboard: 450 one-cell objects, whose listings weigh whole units
board = [[(i + j) % 2 for j in range(30)] for i in range(30)]
for n in names + names:
    print(json.dumps({"name": n, "grid": board}))
PY
check "eval --batch: the same answers and units with and without sharing" \
	"$(BATTFARM_NO_SHARE=1 "$BIN" eval --solvers "$T/share.py" --batch "$T/share.jsonl" --cost |
		sed 's/,"seconds":[^}]*//')" \
	"$("$BIN" eval --solvers "$T/share.py" --batch "$T/share.jsonl" --cost | sed 's/,"seconds":[^}]*//')"

# A switch ($1) that turns off something nothing countable may depend on:
# with it set, the same units for every (task, candidate), the same store
# and the same eval lines as sh1 and the default run ($2 names the store,
# $3 says what is turned off).
same_without() {
	env "$1=1" "$BIN" run --serial --out "$T/$2" --data "$EX/tasks" \
		--solvers "$T/share_all.py" --costs "$T/$2.costs" >/dev/null 2>&1
	grep -v '^#' "$T/$2.costs" | cut -f1-3 | sort > "$T/$2.units"
	check "the same units for every (task, candidate) with and without $3" "" \
		"$(diff "$T/u1" "$T/$2.units")"
	check "the same store with and without $3" "$(fingerprint "$T/sh1")" "$(fingerprint "$T/$2")"
	check "eval --batch: the same answers and units with and without $3" \
		"$(env "$1=1" "$BIN" eval --solvers "$T/share_all.py" --batch "$T/share.jsonl" \
			--cost | sed 's/,"seconds":[^}]*//')" \
		"$("$BIN" eval --solvers "$T/share_all.py" --batch "$T/share.jsonl" --cost | sed 's/,"seconds":[^}]*//')"
}

# Memory a primitive call leaves behind is given back as it returns
# (src/dsl/rewind.c).
same_without BATTFARM_NO_REWIND rw0 rewinds
# Small pairs are made once per process and handed out stamped
# (src/dsl/intern.c).
same_without BATTFARM_NO_INTERN in0 "shared pairs"
# objects() floods on index sets (src/dsl/iset.c).
same_without BATTFARM_NO_ISET is0 "index sets"

finish

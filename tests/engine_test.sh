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

finish

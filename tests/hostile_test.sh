#!/bin/sh
# hostile_test.sh -- input written to break the tool: each gets one clear
# message naming the file (and line where there is one), the run goes on
# with the rest, nothing is written outside --out, nothing crashes.
# usage: hostile_test.sh BINARY SOURCE_ROOT
set -u
BIN=$1
ROOT=$2
T=$(mktemp -d)
trap 'umount "$T/ro" 2>/dev/null; rm -rf "$T"' EXIT
. "$ROOT/tests/lib.sh"

mkdir "$T/d" "$T/out"
cp "$ROOT/examples/tasks/bf_mirror.json" "$T/d/"
GOOD='{"train": [{"input": [[1]], "output": [[1]]}], "test": []}'
# grids
printf '{"train": [{"input": [], "output": [[1]]}], "test": []}' > "$T/d/empty.json"
python3 -c 'import json; print(json.dumps({"train": [{"input": [[1] * 31], "output": [[1]]}], "test": []}))' > "$T/d/wide.json"
printf '{"train": [{"input": [[1, 1.5]], "output": [[1]]}], "test": []}' > "$T/d/float.json"
printf '{"train": [{"input": [[1, "a"]], "output": [[1]]}], "test": []}' > "$T/d/string.json"
printf '{"train": [{"input": [[1, null]], "output": [[1]]}], "test": []}' > "$T/d/null.json"
printf '{"train": [{"input": [[1, -1]], "output": [[1]]}], "test": []}' > "$T/d/negative.json"
printf '{"train": [{"input": [[1, 99999999999999999999]], "output": [[1]]}], "test": []}' > "$T/d/huge.json"
# JSON
printf '{"train": [{"input": [[1' > "$T/d/truncated.json"
python3 -c 'print("[" * 10000 + "]" * 10000)' > "$T/d/deep.json"
printf '\000\001\002binary' > "$T/d/binary.json"
truncate -s 1G "$T/d/giant.json"
# ids
python3 - "$T/k_challenges.json" <<'PY'
import json, sys
good = {"train": [{"input": [[1]], "output": [[1]]}], "test": []}
json.dump({"../x": good, "a/b": good, "nul\u0000id": good, "l" * 1000: good, "fine": good},
          open(sys.argv[1], "w"))
PY

out=$("$BIN" run --serial --out "$T/out" --data "$T/d" --differs none 2>&1); rc=$?
check "the run goes on (exit 1: inputs were rejected)" 1 $rc
contains "good task still done" "1 tasks," "$out"
contains "empty grid" "empty.json:1:22: train[0].input: grid has 0 rows (ARC allows 1 to 30)" "$out"
contains "too wide" "wide.json:1:23: train[0].input: row 0 has 31 cells (ARC allows 1 to 30)" "$out"
contains "float cell" "float.json:1:27: train[0].input: row 0 column 1 is not an integer" "$out"
contains "string cell" "string.json:1:27: train[0].input: row 0 column 1 is not an integer" "$out"
contains "null cell" "null.json:1:27: train[0].input: row 0 column 1 is not an integer" "$out"
contains "negative color" "negative.json:1:23: train[0].input: row 0 column 1: color -1 outside 0-9" "$out"
contains "huge number" "huge.json:1:27: train[0].input: row 0 column 1 is not an integer" "$out"
contains "truncated JSON" "truncated.json:1:25: expected ',' or ']' (malformed JSON)" "$out"
contains "deeply nested JSON" "deep.json:1:257: nested too deep (malformed JSON)" "$out"
contains "binary file" "binary.json:1:1: unexpected character (malformed JSON)" "$out"
contains "giant file" "giant.json: larger than 268435456 bytes" "$out"

out=$("$BIN" run --serial --out "$T/out2" --data "$T/k_challenges.json" --differs none 2>&1); rc=$?
check "hostile ids: the run goes on (exit 1)" 1 $rc
contains "id with .." "task id '../x' is not 1-64 characters of [A-Za-z0-9_-]; task skipped" "$out"
contains "id with /" "task id 'a/b' is not" "$out"
contains "id with NUL" "task id 'nul" "$out"
contains "very long id" "task id 'llllllllll" "$out"
contains "the fine task runs" "1 tasks," "$out"
check "nothing written beside the store" "out out2" "$(ls "$T" | grep -v -e '^d$' -e 'k_challenges.json' | tr '\n' ' ' | sed 's/ $//')"

# programs
python3 -c '
lines = ["def deep(I):", "    return " + "identity(" * 5000 + "I" + ")" * 5000]
lines += ["def loop(I):", "    x = x(I)", "    return x"]
lines += ["def long(I):", "    x0 = I"] + ["    x%d = identity(x%d)" % (i, i - 1) for i in range(1, 100000)] + ["    return x99999"]
lines += ["def solve_bf_mirror(I):", "    O = vmirror(I)", "    return O"]
print("\n".join(lines))' > "$T/hostile.py"
out=$("$BIN" run --serial --out "$T/out3" --data "$ROOT/examples/tasks" --solvers "$T/hostile.py" --differs none 2>&1); rc=$?
check "hostile programs: the run goes on (exit 1)" 1 $rc
contains "deep nesting" "hostile.py:2:" "$out"
contains "deep nesting says why" "nested more than 2000 deep" "$out"
contains "recursion through a variable" "hostile.py:4:9: unknown name 'x'" "$out"
contains "the 100,000-line program and the good one run" "2 candidates" "$out"

# a disk that fills: no file may grow (RLIMIT_FSIZE of 0).  With no room
# even for store.json the run stops before any task; with store.json
# there (a store that filled up between runs) it fails mid-store
out=$(ulimit -f 0; "$BIN" run --serial --out "$T/full0" --data "$ROOT/examples/tasks" 2>&1); rc=$?
check "no room for store.json: the run stops at once (exit 2)" 2 $rc
contains "and says why" "store.json: cannot write: File too large" "$out"
"$BIN" run --serial --out "$T/whole" --data "$ROOT/examples/tasks" >/dev/null 2>&1
mkdir -p "$T/full/.battfarm"
cp "$T/whole/.battfarm/store.json" "$T/full/.battfarm/"
out=$(ulimit -f 0; "$BIN" run --serial --out "$T/full" --data "$ROOT/examples/tasks" 2>&1); rc=$?
check "a full disk fails the run (exit 1), it does not kill it" 1 $rc
contains "the write error is named" "File too large" "$out"
check "no temp file or broken link after it" "0 0" "$(consistent "$T/full")"
check "verify passes the partial store" 0 "$("$BIN" verify --out "$T/full" >/dev/null 2>&1; echo $?)"
"$BIN" run --serial --out "$T/full" --data "$ROOT/examples/tasks" >/dev/null 2>&1
check "a re-run with room completes it" "$(cd "$T/whole" && find . | sort | md5sum)" "$(cd "$T/full" && find . | sort | md5sum)"

# a store that turns read-only between runs of a job: part of it filed,
# the rest cannot be (a read-only bind mount; skipped where mounting is not
# allowed)
mkdir -p "$T/rw" "$T/ro"
if mount --bind "$T/rw" "$T/ro" 2>/dev/null; then
	"$BIN" run --serial --out "$T/ro" --data "$ROOT/examples/tasks" -c 2 >/dev/null 2>&1
	mount -o remount,bind,ro "$T/ro" 2>/dev/null || { umount "$T/ro"; echo "skip read-only store (no read-only remount here)"; }
fi
if mountpoint -q "$T/ro" 2>/dev/null; then
	out=$("$BIN" run -j 2 --out "$T/ro" --data "$ROOT/examples/tasks" 2>&1); rc=$?
	umount "$T/ro"
	check "a read-only store fails the run (exit 2: it cannot even be locked)" 2 $rc
	contains "and says why" "Read-only file system" "$out"
	check "no temp file or broken link after it" "0 0" "$(consistent "$T/rw")"
	check "verify passes it" 0 "$("$BIN" verify --out "$T/rw" >/dev/null 2>&1; echo $?)"
	"$BIN" run --serial --out "$T/rw" --data "$ROOT/examples/tasks" >/dev/null 2>&1
	check "a re-run completes it" "$(fingerprint "$T/whole")" "$(fingerprint "$T/rw")"
else
	echo "skip read-only store (mount not permitted here)"
fi

finish

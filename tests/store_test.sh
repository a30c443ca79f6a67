#!/bin/sh
# store_test.sh -- the store as a hostile user finds it, end to end with the
# real binary: planted symlinks (nothing outside --out created, changed or
# deleted by run, verify or verify --repair; verify reports each), broken
# stores (verify exits 1; --repair, then one re-run gives the undisturbed
# store byte for byte), FIFOs (nothing blocks), a closed stderr, a busy
# store, store.json, and the golden tree of the bundled examples.
# usage: store_test.sh BINARY SOURCE_ROOT
set -u
BIN=$1
ROOT=$2
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
. "$ROOT/tests/lib.sh"

BASE=$T/base
S=$T/s
"$BIN" run --serial --out "$BASE" >/dev/null 2>&1
F0=$(fingerprint "$BASE")
MD5=$(ls "$BASE/solver_md5" | head -1)
LINK=$(cd "$BASE" && find solver_dir -type l | sort | head -1) # solve_<t>/<s>/<l>/<md5>.py
TASK=$(echo "$LINK" | cut -d/ -f2)
SCORE=$(echo "$LINK" | cut -d/ -f3)
TLOG=$(echo "$LINK" | cut -d/ -f4)

# --- the golden tree: names, kinds, link targets, file hashes ---
tree() {
	(cd "$1" && find . -printf '%y %p %l\n' | LC_ALL=C sort &&
		find . -type f -exec md5sum {} + | LC_ALL=C sort -k2)
}
if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
	tree "$BASE" > "$ROOT/tests/golden/examples.tree"
fi
tree "$BASE" > "$T/tree"
check "the bundled examples give the golden store tree" "" \
	"$(diff "$ROOT/tests/golden/examples.tree" "$T/tree" | head -20)"
"$BIN" run -j 2 --out "$T/par" >/dev/null 2>&1
check "a 2-worker run gives the same tree" "" "$(tree "$T/par" | diff "$T/tree" - | head -5)"

# --- what lies outside the store: must never change ---
mkdir -p "$T/outside/dir"
echo victim > "$T/outside/victim.txt"
echo victim > "$T/outside/dir/$MD5"
outside() { (cd "$T" && find . -path ./s -prune -o -path ./s/\* -prune -o -printf '%p %y %l %s\n' | sort; find "$T/outside" -type f -exec md5sum {} + | sort) | md5sum; }
fresh() { rm -rf "$S"; cp -a "$BASE" "$S"; }

# the cycle every damage must survive: verify fails and names it, repair
# fixes everything it reports, one re-run restores the store byte for byte
heal() { # name, what verify must say
	before=$(outside)
	out=$("$BIN" verify --out "$S" 2>&1); rc=$?
	check "$1: verify exits 1" 1 $rc
	contains "$1: verify says" "$2" "$out"
	out=$("$BIN" verify --out "$S" --repair 2>&1); rc=$?
	check "$1: verify --repair fixes what it reported" 0 $rc
	"$BIN" run --serial --out "$S" >/dev/null 2>&1
	check "$1: repair and a re-run restore the store" "$F0" "$(fingerprint "$S")"
	check "$1: verify then passes" 0 "$("$BIN" verify --out "$S" >/dev/null 2>&1; echo $?)"
	check "$1: nothing outside the store changed" "$before" "$(outside)"
}

# --- planted symlinks: the run refuses, nothing outside is touched ---
planted() { # name, entry to replace by a link, link target
	fresh
	rm -rf "${S:?}/$2"
	ln -s "$3" "$S/$2"
	before=$(outside)
	out=$("$BIN" run --serial --out "$S" 2>&1); rc=$?
	check "$1: the run fails" 1 "$([ $rc -ne 0 ] && echo 1)"
	contains "$1: and says what to do" "verify --repair" "$out"
	check "$1: the run wrote nothing outside" "$before" "$(outside)"
	heal "$1" "a symlink"
}
planted "solver_dir a link" solver_dir "$T/outside/dir"
planted "solver_md5 a link" solver_md5 "$T/outside/dir"
planted "differ_dir a link" differ_dir "$T/outside/dir"
planted "solve_<task> a link" "solver_dir/$TASK" "$T/outside/dir"
planted "a score directory a link" "solver_dir/$TASK/$SCORE" "$T/outside/dir"
planted "a dangling lock link" .battfarm.lock "$T/outside/new.lock"
check "the dangling lock's target was not created" 1 "$([ -e "$T/outside/new.lock" ] || echo 1)"

# --- results and run --predict read nothing through a planted link ---
# outside: task trees that list the md5 of the bf_mirror solver at a score
# no store has, and a program that outputs [[7]]; read through a link, they
# would show up in what results and the submission say
MIR=$(basename "$(ls "$BASE"/solver_dir/solve_bf_mirror/4000/*/*.py)")
FRAME=$(basename "$(ls "$BASE"/solver_dir/solve_bf_frame/4000/*/*.py)")
mkdir -p "$T/outside/tree/9999/10" "$T/outside/top/solve_fake/9999/10"
touch "$T/outside/tree/9999/10/$MIR" "$T/outside/top/solve_fake/9999/10/$MIR"
printf 'def solve(S, I, C):\n    x1 = canvas(SEVEN, UNITY)\n    return x1\n' > "$T/outside/seven.py"
listed() { # name, entry to replace by a link, link target, what results must not show
	fresh
	rm -rf "${S:?}/$2"
	ln -s "$3" "$S/$2"
	out=$("$BIN" results --out "$S" -v 2>"$T/err"); rc=$?
	check "results, $1: exit 1 (an entry skipped)" 1 $rc
	contains "results, $1: names the link it skipped" "$S/$2: a symlink, not a directory: skipped" \
		"$(cat "$T/err")"
	check "results, $1: nothing read through it" "" "$(echo "$out" | grep -e "$4")"
}
listed "solve_<task> a link" solver_dir/solve_bf_frame "$T/outside/tree" 9999
listed "solver_dir a link" solver_dir "$T/outside/top" "fake\\|9999"
listed "a score directory a link" solver_dir/solve_bf_frame/9999 "$T/outside/tree/9999" 9999
check "results of a sound store exits 0" 0 "$("$BIN" results --out "$BASE" >/dev/null 2>&1; echo $?)"
fresh
rm -rf "$S/solver_dir/solve_bf_frame"
ln -s "$T/outside/tree" "$S/solver_dir/solve_bf_frame"
out=$("$BIN" run --serial --out "$S" --predict "$T/sub.json" 2>&1)
contains "--predict, solve_<task> a link: names the link it skipped" \
	"$S/solver_dir/solve_bf_frame: a symlink, not a directory: skipped" "$out"
check "--predict, solve_<task> a link: no solver listed through it (the test input stands in)" True \
	"$(python3 -c 'import json, sys
sub, task = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print(sub["bf_frame"][0]["attempt_1"] == task["test"][0]["input"])' "$T/sub.json" "$ROOT/examples/tasks/bf_frame.json")"
# an md5 file that is a link outside, which a run of another library does
# not file again: --predict skips it, never runs what it points at
fresh
rm "$S/solver_md5/$FRAME"
ln -s "$T/outside/seven.py" "$S/solver_md5/$FRAME"
printf 'def solve_bf_mirror(I):\n    return vmirror(I)\n' > "$T/other.py"
out=$("$BIN" run --serial --out "$S" --solvers "$T/other.py" --predict "$T/sub.json" 2>&1)
contains "--predict, an md5 file a link: names it" "$S/solver_md5/$FRAME: a symlink: skipped" "$out"
check "--predict, an md5 file a link: its target never ran" 0 "$(grep -c '\[\[7\]\]' "$T/sub.json")"

# a link verify did not make, pointing outside: removed, its target kept
fresh
ln -s "$T/outside/victim.txt" "$S/$(dirname "$LINK")/escape.py"
ln -s "$T/outside/dir/$MD5" "$S/$(dirname "$LINK")/00000000000000000000000000000000.py"
heal "links out of the store" "a link that does not point at its md5 file in the store"
# an md5 file that is a link outside: a run replaces the link, never writes through it
fresh
rm "$S/solver_md5/$MD5"
ln -s "$T/outside/dir/$MD5" "$S/solver_md5/$MD5"
before=$(outside)
"$BIN" run --serial --out "$S" >/dev/null 2>&1
check "an md5 link outside: the run rewrote it in the store" "$F0" "$(fingerprint "$S")"
check "an md5 link outside: its target is unchanged" "$before" "$(outside)"
fresh
ln -sf "$T/outside/dir/$MD5" "$S/solver_md5/$MD5"
heal "an md5 file a link" "a symlink, not a file"

# --- broken stores ---
fresh; : > "$S/solver_md5/$MD5"
heal "an empty md5 file" "does not parse as one program"
fresh; rm "$S/solver_md5/$MD5"
heal "a lost md5 file" "a link to a missing or unsound md5 file"
fresh; rm "$S/solver_md5/$MD5"; mkdir -p "$S/solver_md5/$MD5/sub"
heal "a directory for an md5 file" "a directory, not a file"
fresh; rm "$S/solver_md5/$MD5"; mkfifo "$S/solver_md5/$MD5"
heal "a FIFO for an md5 file" "a FIFO, not a file"
fresh; rm "$S/$LINK"; mkdir "$S/$LINK"
heal "a directory for a link" "not a link"
fresh; rm -rf "$S/solver_md5"; : > "$S/solver_md5"
heal "solver_md5 a regular file" "a regular file where a directory should be"
fresh; rm -rf "${S:?}/solver_dir/$TASK"; : > "$S/solver_dir/$TASK"
heal "solve_<task> a regular file" "a regular file where a directory should be"
fresh; rm -rf "${S:?}/solver_dir/$TASK/$SCORE"; : > "$S/solver_dir/$TASK/$SCORE"
heal "a score directory a regular file" "a regular file where a directory should be"
fresh; rm "$S/.battfarm.lock"; mkdir -p "$S/.battfarm.lock/x"
heal "the lock a directory" "a directory where the lock"
fresh; echo "message" > "$S/.battfarm.lock"
heal "data in the lock" "the lock holds data"
fresh; mkdir -p "$S/solver_dir/$TASK/1/2"; cp -P "$S/$LINK" "$S/solver_dir/$TASK/1/2/"
heal "two links to one md5" "a second link of one md5"
fresh; mkdir -p "$S/solver_dir/$TASK/0$SCORE"; mv "$S/solver_dir/$TASK/$SCORE/$TLOG" "$S/solver_dir/$TASK/0$SCORE/0$TLOG"
heal "a zero-padded placing" "not a score directory (a canonical integer)"
fresh; mkdir -p "$S/solver_dir/$TASK/$SCORE/99" "$S/differ_dir/solve_nothing"
heal "empty directories" "an empty directory"
fresh; echo x > "$S/solver_md5/.tmp.$MD5.1"
heal "a temp file" "a temp file left by an interrupted write"
fresh; rm "$S/names.json"; mkfifo "$S/names.json"
out=$(timeout 60 "$BIN" run --serial --out "$S" 2>&1); rc=$?
check "a FIFO names.json: the run does not block on it" 1 "$([ $rc -ne 124 ] && echo 1)"
fresh; rm "$S/names.json"; mkfifo "$S/names.json"
heal "a FIFO names.json" "names.json: a FIFO, not a file"
fresh; echo x > "$S/.tmp.names.json"
heal "a temp names.json" "a temp file left by an interrupted write"
fresh; mkdir "$S/solver_dir/not_a_task"
heal "a stray directory" "not named solve_<task id>"
if [ "$(id -u)" != 0 ]; then
	fresh; chmod 000 "$S/solver_dir/$TASK"
	heal "an unreadable directory" "an unreadable directory"
else
	echo "skip unreadable directories (root reads everything)"
fi

# --- what a backstop cut leaves: a program filed at a worse placing ---
fresh
mkdir -p "$S/solver_dir/$TASK/1/10"
mv "$S/$LINK" "$S/solver_dir/$TASK/1/10/"
rmdir "$S/solver_dir/$TASK/$SCORE/$TLOG" 2>/dev/null; rmdir "$S/solver_dir/$TASK/$SCORE" 2>/dev/null
check "a cut's placing is a sound store" 0 "$("$BIN" verify --out "$S" >/dev/null 2>&1; echo $?)"
"$BIN" run --serial --out "$S" >/dev/null 2>&1
check "the re-run moves it back and leaves no empty 1/10/" "$F0" "$(fingerprint "$S")"

# --- nothing blocks on a FIFO ---
mkdir "$T/d"
cp "$ROOT/examples/tasks/"*.json "$T/d/"
mkfifo "$T/d/fifo.json" "$T/fifo.py"
out=$(timeout 60 "$BIN" run --serial --data "$T/d" --differs none --out "$T/f1" 2>&1); rc=$?
check "a FIFO among the task files: the run goes on (exit 1: an input rejected)" 1 $rc
contains "and names it" "fifo.json: cannot open: not a regular file" "$out"
out=$(timeout 60 "$BIN" run --serial --data "$T/d" --solvers "$T/fifo.py" --out "$T/f2" 2>&1); rc=$?
contains "a FIFO as the program file: named, no hang" "fifo.py: cannot open: not a regular file" "$out"
check "and the run ends (exit 2: nothing to run)" 2 $rc
fresh; rm "$S/solver_md5/$MD5"; mkfifo "$S/solver_md5/$MD5"
timeout 60 "$BIN" verify --out "$S" >/dev/null 2>&1; rc=$?
check "a FIFO md5 file: verify ends" 1 $rc
timeout 60 "$BIN" run --serial --out "$S" >/dev/null 2>&1; rc=$?
check "a FIFO md5 file: the run ends and replaces it" "0 $F0" "$rc $(fingerprint "$S")"
fresh; rm "$S/.battfarm.lock"; mkfifo "$S/.battfarm.lock"
timeout 60 "$BIN" run --serial --out "$S" >/dev/null 2>&1; rc=$?
check "a FIFO lock: the run refuses at once" 2 $rc
timeout 60 "$BIN" verify --out "$S" --repair >/dev/null 2>&1; rc=$?
check "a FIFO lock: verify --repair ends and fixes it" 0 $rc

# --- a closed stderr: messages never land in the lock ---
fresh; rm -rf "${S:?}/solver_dir/$TASK"; ln -s "$T/outside/dir" "$S/solver_dir/$TASK"
"$BIN" run --serial --out "$S" >/dev/null 2>&-
check "stderr closed: the lock stays empty" 0 "$(stat -c %s "$S/.battfarm.lock")"

# --- a busy store: plain verify says so, no false alarm ---
fresh
mkfifo "$T/hold"
python3 -c '
import fcntl, sys
f = open(sys.argv[1] + "/.battfarm.lock", "r+")
fcntl.lockf(f, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()' "$S" < "$T/hold" > "$T/held" &
exec 3> "$T/hold"
n=0; while ! grep -q locked "$T/held" && [ $n -lt 1000 ]; do sleep 0.01; n=$((n + 1)); done
out=$("$BIN" verify --out "$S" 2>&1); rc=$?
check "verify during a run exits 75 (busy)" 75 $rc
contains "and says the store is busy" "busy" "$out"
check "verify --repair during a run refuses too" 75 "$("$BIN" verify --out "$S" --repair >/dev/null 2>&1; echo $?)"
exec 3>&-
wait
check "once the run is gone verify passes" 0 "$("$BIN" verify --out "$S" >/dev/null 2>&1; echo $?)"

# --- store.json: how the store was made ---
contains "store.json records max-files" '"max_files": 32' "$(cat "$BASE/.battfarm/store.json")"
"$BIN" run --serial --max-files 2 --out "$T/m2" >/dev/null 2>&1
F2=$(fingerprint "$T/m2")
out=$("$BIN" verify --out "$T/m2" --repair 2>&1); rc=$?
check "verify --repair of a --max-files 2 store: nothing to fix" "0 $F2" "$rc $(fingerprint "$T/m2")"
contains "it took max-files from store.json" "max-files 2, from store.json" "$out"
out=$("$BIN" run --serial --out "$T/m2" 2>&1); rc=$?
check "a run with other --max-files refuses" 2 $rc
contains "and says what differs" "the store was made with --max-files 2, not 32" "$out"
check "and leaves the store as it was" "$F2" "$(fingerprint "$T/m2")"
out=$("$BIN" verify --out "$T/m2" --max-files 5 2>&1); rc=$?
check "verify --max-files against store.json exits 2" 2 $rc
contains "and names both" "--max-files 5, but the store was made with 2" "$out"
out=$("$BIN" run --serial --out "$T/m2" --max-files 2 --differs none 2>&1); rc=$?
check "another library goes on" 0 $rc
contains "and says so" "the library differs" "$out"

# a store verify cannot repair into another's shape: max-files 64, then
# verify --repair without flags deletes nothing
"$BIN" run --serial --max-files 64 --out "$T/m64" >/dev/null 2>&1
F64=$(fingerprint "$T/m64")
"$BIN" verify --out "$T/m64" --repair >/dev/null 2>&1
check "verify --repair of a --max-files 64 store deletes nothing" "$F64" "$(fingerprint "$T/m64")"
fresh; echo '{"format": 1}' > "$S/.battfarm/store.json"
out=$("$BIN" run --serial --out "$S" 2>&1); rc=$?
check "a damaged store.json: the run refuses" 2 $rc
contains "and says what to do" "verify --repair" "$out"
heal "a damaged store.json" "not a store.json this battfarm reads"
fresh; rm -rf "$S/.battfarm"; ln -s "$T/outside/dir" "$S/.battfarm"
heal "a planted .battfarm link" "a symlink"

finish

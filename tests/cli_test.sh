#!/bin/sh
# cli_test.sh -- end-to-end tests of the battfarm binary on the bundled
# examples and on bad input.  usage: cli_test.sh BINARY SOURCE_ROOT
set -u
BIN=$1
ROOT=$2
EX=$ROOT/examples
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/lib.sh"



# --- check ---
out=$("$BIN" check --data "$EX/tasks" --solvers "$EX/solvers.py" 2>&1); rc=$?
check "check solves the examples" "5 out of 5 tasks solved correctly." "$(echo "$out" | tail -1)"
check "check exit status" 0 $rc

out=$("$BIN" check --data "$EX/tasks" --solvers "$EX/solvers.py" -i bf_mirror bf_frame 2>&1)
check "check -i several ids" "2 out of 2 tasks solved correctly." "$(echo "$out" | tail -1)"
out=$("$BIN" check --data "$EX/tasks" --solvers "$EX/solvers.py" -i nosuch 2>&1); rc=$?
check "check -i of no task there: a usage error" 2 $rc
contains "check -i of no task there: says so" "none of the tasks asked for with -i is in $EX/tasks" "$out"
out=$("$BIN" check --data "$EX/tasks" --solvers "$EX/solvers.py" -i nosuch bf_frame 2>&1); rc=$?
check "check -i, one task missing: the others are checked" "1 out of 1 tasks solved correctly." "$(echo "$out" | tail -1)"
contains "check -i, one task missing: named" "task 'nosuch' is not in $EX/tasks" "$out"
check "check -i, one task missing: as run, not a failure" 0 $rc

# a solver library that gets one task wrong, one erroring, one missing
cat > "$T/bad.py" <<'PY'
from dsl import *
def solve_bf_mirror(I):
    O = hmirror(I)
    return O
def solve_bf_recolor(I):
    x1 = divide(ONE, ZERO)
    return x1
def solve_bf_upscale(I):
    x1 = nosuchprim(I)
    return x1
def solve_bf_frame(I):
    x1 = asindices(I)
    x2 = box(x1)
    O = fill(I, EIGHT, x2)
    return O
PY
out=$("$BIN" check --data "$EX/tasks" --solvers "$T/bad.py" 2>&1); rc=$?
check "check counts failures" "1 out of 5 tasks solved correctly." "$(echo "$out" | tail -1)"
check "check exit status on failures" 1 $rc
contains "wrong output is named" "bf_mirror: train[0]: wrong output" "$out"
contains "exception is a result" "bf_recolor: train[0]: error: ZeroDivisionError" "$out"
contains "unknown primitive has file:line:col" "bad.py:9:10: unknown name 'nosuchprim'" "$out"
contains "missing solver is named" "bf_topobj: no solver named solve_bf_topobj" "$out"

# gzip-compressed tasks and a Kaggle pair
mkdir "$T/gz"
gzip -c "$EX/tasks/bf_mirror.json" > "$T/gz/bf_mirror.json.gz"
out=$("$BIN" check --data "$T/gz" --solvers "$EX/solvers.py" 2>&1)
check "gzip task files" "1 out of 1 tasks solved correctly." "$(echo "$out" | tail -1)"
kaggle_pair "$EX/tasks" "$T/k_challenges.json" "$T/k_solutions.json"
out=$("$BIN" check --data "$T/k_challenges.json" --solvers "$EX/solvers.py" 2>&1)
check "Kaggle challenges + solutions" "5 out of 5 tasks solved correctly." "$(echo "$out" | tail -1)"

# bad task files: reported with the file, the rest still checked
cp "$EX/tasks/bf_mirror.json" "$T/gz/"
printf '{"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": []}' > "$T/gz/ragged.json"
printf '{"train": [\n{"input": [[1, 2]], "output": [[1]]},,\n]}' > "$T/gz/broken.json"
out=$("$BIN" check --data "$T/gz" --solvers "$EX/solvers.py" 2>&1)
contains "ragged grid message" "ragged.json:1:31: train[0].input: ragged grid" "$out"
contains "malformed JSON with line" "broken.json:2:38: unexpected character (malformed JSON)" "$out"
contains "duplicate task id" "task id 'bf_mirror' was already loaded from" "$out"
check "bad tasks do not stop the others" "1 out of 1 tasks solved correctly." "$(echo "$out" | tail -1)"

# --- eval ---
out=$("$BIN" eval --solvers "$EX/solvers.py" --name solve_bf_mirror --grid '[[1,2,3],[4,5,6]]')
check "eval --grid" '{"kind":"grid","output":[[3,2,1],[6,5,4]]}' "$out"
out=$("$BIN" eval --solvers "$EX/solvers.py" --name cand_raises --grid '[[1,2],[3,4]]')
check "eval error kind" '{"kind":"error","error":"StopIteration"}' "$out"
cat > "$T/batch.jsonl" <<'EOF2'
{"name": "solve_bf_recolor", "grid": [[1, 0], [0, 1]]}
{"name": "solve_bf_recolor", "grid": [[1, 0], [0, 1]
{"name": "nosuch", "grid": [[1]]}
{"grid": [[1]]}
{"name": "solve_bf_upscale", "grid": [[12, 300]]}
EOF2
out=$("$BIN" eval --solvers "$EX/solvers.py" --batch "$T/batch.jsonl" 2>/dev/null)
check "eval --batch answers every line in order" 5 "$(echo "$out" | wc -l)"
check "batch line 1" '{"kind":"grid","output":[[5,0],[0,5]]}' "$(echo "$out" | sed -n 1p)"
contains "batch malformed line has file:line" "batch.jsonl:2: " "$(echo "$out" | sed -n 2p)"
contains "batch unknown program" "no program named 'nosuch'" "$(echo "$out" | sed -n 3p)"
contains "batch line without name" 'no \"name\"' "$(echo "$out" | sed -n 4p)"
check "foreign colors are fine in eval" '{"kind":"grid","output":[[12,12,300,300],[12,12,300,300]]}' "$(echo "$out" | sed -n 5p)"
# eval writes grids itself (eval_line.c): every int64, the extremes too
out=$("$BIN" eval --solvers "$EX/solvers.py" --name solve_bf_mirror \
	--grid '[[-7,0,123456789012],[-9223372036854775808,9223372036854775807,-10]]')
check "eval prints negative and extreme cells" \
	'{"kind":"grid","output":[[123456789012,0,-7],[-10,9223372036854775807,-9223372036854775808]]}' "$out"
cat > "$T/val.py" <<'PY'
def v(I):
    x1 = objects(I, T, F, F)
    return size(x1)
def loop(I):
    x1 = power(double, NEG_ONE)
    return x1(I)
def big(I):
    x1 = interval(ZERO, 100000000000, ONE)
    return x1
PY
out=$("$BIN" eval --solvers "$T/val.py" --name v --grid '[[1,2],[3,4]]')
check "eval value kind" '{"kind":"value","repr":"4"}' "$out"
out=$("$BIN" eval --solvers "$T/val.py" --name loop --grid '[[1]]')
contains "endless power is an error" 'RecursionError' "$out"
out=$("$BIN" eval --solvers "$T/val.py" --name big --grid '[[1]]' --budget 100000)
check "budget stops a huge range" '{"kind":"timeout"}' "$out"
out=$("$BIN" eval --solvers "$T/val.py" --name big --grid '[[1]]' --budget 100000 --cost)
contains "--cost names what cut a timeout" '{"kind":"timeout","by":"budget","work":' "$out"
# about 0.5 s of CPU with no budget: a 0.01 s CPU-time backstop cuts it
cat > "$T/spin.py" <<'PY'
def spin(I):
    x1 = interval(ZERO, 2000000, ONE)
    x2 = apply(increment, x1)
    x3 = apply(increment, x2)
    x4 = apply(increment, x3)
    x5 = apply(increment, x4)
    x6 = apply(increment, x5)
    x7 = apply(increment, x6)
    x8 = apply(increment, x7)
    return size(x8)
PY
out=$("$BIN" eval --solvers "$T/spin.py" --name spin --grid '[[1]]' --budget 0 --timeout 0.01 --cost)
contains "--cost names the CPU-time backstop" '{"kind":"timeout","by":"cpu","work":' "$out"
out=$("$BIN" eval --solvers "$T/val.py" --name v --grid '[[1,2],[3,4]]' --cost)
contains "--cost gives the work units" '{"kind":"value","repr":"4","work":' "$out"


# --- run (serial pipeline) on the bundled examples ---
OUT=$T/store
out=$("$BIN" run --serial --out "$OUT" --timing --report-json "$T/report.json" 2>&1); rc=$?
check "run exit status" 0 $rc
contains "run summary" "5 tasks, 8 candidates (0 duplicate bodies, 1 renamed copies dropped), 3 differs" "$out"
contains "run profiling header" "=== PROFILING RESULTS ===" "$out"
contains "run unaccounted line" "unaccounted: " "$out"
for m in battfarm.load run_batt.phase1_filter run_batt.phase2_inline_batch run_batt.check_batt \
	battfarm.differ_eval run_batt.phase3a_validate run_batt.phase3b_ensure_dir \
	run_batt.phase3b_check_save run_batt.phase3b_symlink run_batt.phase3b_score_calc \
	run_batt.generate_expanded run_batt.phase3b_overhead run_batt.phase4_differs; do
	contains "metric $m reported" "$m " "$out"
done
check "report JSON has every metric" 16 "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["metrics"]))' "$T/report.json")"
contains "text report says the columns are sums" "summed over every process" "$out"
check "report JSON: what ran and the timings" \
	"version options counts metrics workers roles pools phases wall_seconds unaccounted_seconds" \
	"$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(k for k in d if k != "unaccounted_percent"))' "$T/report.json")"
check "report JSON: counts, options, a worker's fields, no key with a space" \
	"5 160 5 20 True cost | pid role jobs candidates metrics busy_seconds | 0" \
	"$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); c = d["counts"]; o = d["options"]
keys = []
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items(): keys.append(k); walk(v)
    elif isinstance(x, list):
        for v in x: walk(v)
walk(d)
print(c["tasks"], c["samples"], c["exact_tasks"], c["filed"], o["serial"], o["t_log_from"], "|",
      " ".join(d["workers"][0]), "|", sum(" " in k for k in keys))' "$T/report.json")"
check "report JSON: a metric of the run, a role or a worker is {seconds, calls}" "True 16" \
	"$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
groups = [d["metrics"]] + list(d["roles"].values()) + [w["metrics"] for w in d["workers"]]
print(all(sorted(v) == ["calls", "seconds"] for g in groups for v in g.values()),
      len(d["workers"][0]["metrics"]))' "$T/report.json")"
out=$("$BIN" run -j 2 --out "$OUT.j" --report-json - 2>"$T/j.err")
check "--report-json - is stdout, and only JSON there" "0.1.0 True" "$(echo "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin); print(d["version"], all(w["busy_seconds"] >= 0 for w in d["workers"]))')"
contains "the summary goes to stderr then" "5 tasks, 8 candidates" "$(cat "$T/j.err")"
check "no report temp file left" "report.json" "$(ls "$T" | grep '^report')"
out=$("$BIN" run --out "$T/x" --report-json - --predict - 2>&1); rc=$?
contains "two documents on stdout refused" "cannot share stdout" "$out"
check "two documents on stdout exit 2" 2 $rc
# the exact mirror solver: 4 samples x 1000, its expanded file, a relative link
link=$(ls "$OUT"/solver_dir/solve_bf_mirror/4000/*/*.py | head -1)
check "exact solver filed at 4000" 1 "$(ls "$OUT"/solver_dir/solve_bf_mirror/4000/*/*.py | wc -l)"
case "$(readlink "$link")" in
../../../../solver_md5/*.py) echo "ok   link is relative" ;;
*) echo "FAIL link is relative: $(readlink "$link")"; fails=$((fails + 1)) ;;
esac
check "linked file is the expanded solver" "from dsl import *
from constants import *

def solve(S, I, C):
    O = vmirror(I)
    return O" "$(cat "$link")"
name=$(basename "$link" .py)
check "file named by the md5 of its inlined text" "md5 $name" "$("$BIN" inline "$link" | tail -1)"
check "no temp files left" 0 "$(find "$OUT" -name '.tmp.*' | wc -l)"
# the near miss (hmirror) is filed for bf_mirror with differ credit, below 4000
check "near miss filed below the exact one" 1 "$(find "$OUT"/solver_dir/solve_bf_mirror -name '*.py' | grep -vc '/4000/' | awk '{print ($1 > 0)}')"
before=$(cd "$OUT" && find . -printf '%p %l\n' | sort | md5sum)
"$BIN" run --out "$OUT" >/dev/null 2>&1
after=$(cd "$OUT" && find . -printf '%p %l\n' | sort | md5sum)
check "a re-run changes nothing" "$before" "$after"
# a moved store still resolves
mv "$OUT" "$T/moved"
check "links resolve after a move" 0 "$(find -L "$T/moved" -type l | wc -l)"
out=$("$BIN" run --out "$T/nodiff" --differs none 2>&1)
contains "--differs none" "0 differs" "$out"
check "no differ files without differs" 0 "$(find "$T/nodiff/differ_md5" -type f | wc -l)"
out=$("$BIN" run --out "$T/one" -i bf_frame 2>&1)
contains "-i selects one task" "1 tasks," "$out"
out=$("$BIN" run --out "$T/two" -s 1 -c 2 2>&1)
contains "-s/-c select a range" "2 tasks," "$out"

# --- run: bad input ---
out=$("$BIN" run --out "$T/x" --t-log-from moon 2>&1); rc=$?
contains "bad --t-log-from" "--t-log-from takes 'cost' or 'wall'" "$out"
check "bad --t-log-from exits 2" 2 $rc
out=$("$BIN" run --out "$T/x" -j 0 2>&1); rc=$?
contains "bad -j" "-j/--validators takes 1 to 256" "$out"
check "bad -j exits 2" 2 $rc
out=$("$BIN" run --out "$T/x" --max-files 0 2>&1); rc=$?
contains "bad --max-files" "--max-files must be at least 1" "$out"
out=$("$BIN" run --out "$T/x" -i nosuch 2>&1); rc=$?
contains "unknown -i id" "none of the tasks asked for with -i is in" "$out"
out=$("$BIN" run --out "$T/x" --data /nonexistent 2>&1); rc=$?
contains "missing data" "no task could be loaded from /nonexistent" "$out"
check "missing data exits 2" 2 $rc
out=$("$BIN" run --out /proc/nope/store 2>&1); rc=$?
contains "unwritable store" "cannot create" "$out"
out=$("$BIN" run --out "$T/x" --solvers "$T/bad.py" 2>&1); rc=$?
contains "bad program reported, run goes on" "bad.py:9:10: unknown name 'nosuchprim'" "$out"
check "a rejected program makes the exit 1 (the rest ran)" 1 $rc
contains "the rest ran" "5 tasks, " "$out"
out=$("$BIN" run --out "$T/x" --serial -j 2 2>&1); rc=$?
contains "--serial -j conflict" "--serial runs no workers: it excludes -j/--validators" "$out"
check "--serial -j exits 2" 2 $rc
out=$("$BIN" run --out "$T/x" --serial --differ-workers 1 2>&1); rc=$?
contains "--serial --differ-workers conflict" "--serial runs no workers: it excludes --differ-workers" "$out"
check "--serial --differ-workers exits 2" 2 $rc
out=$("$BIN" run --out "$T/x" --differ-workers 257 2>&1); rc=$?
contains "bad --differ-workers" "--differ-workers takes 0 to 256" "$out"
check "bad --differ-workers exits 2" 2 $rc
out=$("$BIN" run --out "$T/x" --differ-workers two 2>&1); rc=$?
contains "--differ-workers not a number" "--differ-workers needs a non-negative integer, not 'two'" "$out"
check "--differ-workers not a number exits 2" 2 $rc
out=$("$BIN" run --out "$T/x" -c 0 2>&1); rc=$?
contains "-c 0 refused" "-c/--count takes 1 or more, not '0'" "$out"
check "-c 0 exits 2" 2 $rc
out=$("$BIN" run --out "$T/usage" -s 999 2>&1); rc=$?
contains "-s past the end" "-s/--start 999 is past the last of the 5 tasks" "$out"
check "-s 999 exits 2" 2 $rc
check "nothing was written for a usage error" 0 "$(ls "$T/usage" 2>/dev/null | wc -l)"

# --- results and the names index ---
R=$T/results
out=$("$BIN" run --serial --out "$R" 2>&1)
check "run of perfect solvers names no unsolved task" "" "$(echo "$out" | grep -o 'unsolved.*')"
check "names index is byte-identical serial and -j 2" \
	"$(md5sum < "$R/names.json")" \
	"$("$BIN" run -j 2 --out "$T/results2" >/dev/null 2>&1; md5sum < "$T/results2/names.json")"
out=$("$BIN" results --out "$R"); rc=$?
check "results exits 0" 0 $rc
contains "results table header" "TASK                     SAMPLES    BEST  EXACT KEPT  BEST SOLVER" "$out"
contains "results row with both names of one md5" "bf_frame                       4    4000  yes      5  cand_frame_copy, solve_bf_frame" "$out"
check "results last line" "5 tasks, 5 solved exactly" "$(echo "$out" | tail -1)"
"$BIN" results --out "$R" --json > "$T/results.json"
check "results --json: exact tasks with their solve_<task> among exact solvers" "5 5" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ok = [t for t in d["tasks"] if t["exact"] and t["samples"] == 4 and
      any("solve_" + t["id"] in s["names"] and s["exact"] and s["score"] == 4000 for s in t["solvers"])]
print(d["exact_tasks"], len(ok))' "$T/results.json")"
out=$("$BIN" results --out "$R" -v -i bf_mirror)
contains "results -v lists the near miss" "    solver    3250 t_log" "$out"
contains "results -v lists differs" "  differ_cells" "$out"
out=$("$BIN" results --out "$R" -i nosuch 2>&1); rc=$?
contains "results of an unknown task" "task 'nosuch' is not in" "$out"
check "results of an unknown task exits 1" 1 $rc
out=$("$BIN" results --out "$T/none" 2>&1); rc=$?
contains "results of no store" "not a store" "$out"
check "results of no store exits 2" 2 $rc
"$BIN" results >/dev/null 2>&1; check "results without --out exits 2" 2 $?
# a solver that fails one task: the summary names it
out=$("$BIN" run --serial --out "$T/unsolved" --solvers "$T/bad.py" 2>/dev/null)
contains "summary names the unsolved tasks" "; 4 unsolved: bf_mirror, bf_recolor, bf_topobj, bf_upscale" "$out"

# --- inline / expand ---
out=$("$BIN" inline "$EX/solvers.py" --name solve_bf_frame)
check "inline text" "def solve(S, I, C):
    return fill(I, EIGHT, box(asindices(I)))" "$(echo "$out" | head -2)"
check "renamed copy, same md5" "$(echo "$out" | tail -1)" "$("$BIN" inline "$EX/solvers.py" --name cand_frame_copy | tail -1)"
out=$("$BIN" expand "$EX/solvers.py" --name solve_bf_frame)
check "expanded form" "from dsl import *
from constants import *

def solve(S, I, C):
    x1 = asindices(I)
    x2 = box(x1)
    O = fill(I, EIGHT, x2)
    return O" "$out"
"$BIN" inline "$EX/solvers.py" --name nosuch >/dev/null 2>&1; check "inline unknown --name exits 2" 2 $?


# --- verify ---
V=$T/verify
"$BIN" run --out "$V" >/dev/null 2>&1
out=$("$BIN" verify --out "$V"); rc=$?
check "verify passes a fresh store" 0 $rc
contains "verify counts task directories" "10 task directories checked, 0 problems" "$out"
one=$(ls "$V"/solver_md5/*.py | head -1)
# a comment changes nothing (it is not in the inlined text)...
printf '\n# a comment\n' >> "$one"
check "a comment does not break the name" 0 "$("$BIN" verify --out "$V" >/dev/null; echo $?)"
# ...a changed return does
sed -i 's/    return O/    return I/' "$one"
echo "def solve(S, I, C):" > "$V/solver_md5/.tmp.dead.1"
d=$(ls -d "$V"/solver_dir/solve_bf_frame/4000/*/ | head -1)
ln -s /etc/passwd "$d/escape.py"
ln -s ../../../../solver_md5/ffffffffffffffffffffffffffffffff.py "$d/ffffffffffffffffffffffffffffffff.py"
out=$("$BIN" verify --out "$V" 2>&1); rc=$?
check "verify fails a damaged store" 1 $rc
contains "tampered md5 file" "its inlined text does not hash to its name" "$out"
contains "temp file" "a temp file left by an interrupted write" "$out"
contains "link out of the store" "escape.py: a link that does not point at its md5 file in the store" "$out"
contains "dangling link" "a link to a missing or unsound md5 file" "$out"
sed -i 's/"max_files": 32/"max_files": 1/' "$V/.battfarm/store.json"
out=$("$BIN" verify --out "$V" 2>&1)
contains "overfull task directory (max-files from store.json)" "beyond max-files for its task" "$out"
sed -i 's/"max_files": 1/"max_files": 32/' "$V/.battfarm/store.json"
"$BIN" verify --out "$V" --repair >/dev/null 2>&1
out=$("$BIN" verify --out "$V"); rc=$?
check "verify --repair leaves a store that passes" 0 $rc
check "repair did not touch /etc/passwd" 1 "$(test -f /etc/passwd && echo 1)"
"$BIN" run --out "$V" >/dev/null 2>&1
check "a re-run completes a repaired store" 0 "$("$BIN" verify --out "$V" >/dev/null; echo $?)"
"$BIN" verify >/dev/null 2>&1; check "verify without --out exits 2" 2 $?

# --- version, help, exit codes ---
out=$("$BIN" --version); rc=$?
check "--version" "battfarm $(sed -n "s/^  version : '\(.*\)',/\1/p" "$ROOT/meson.build")" "$out"
check "--version exits 0" 0 $rc
out=$("$BIN" help); contains "help lists results" "  results " "$out"
contains "help lists the exit codes" "75   the store is busy" "$out"
"$BIN" help frob >/dev/null 2>&1; check "help of an unknown command exits 2" 2 $?
# every long option a command parses is described in its help (and both
# ways of asking give the same text)
for cmd in run results check eval inline verify merge; do
	src=$ROOT/src/cli/cmd_$cmd.c
	[ "$cmd" = run ] && src=$ROOT/src/cli/run_args.c
	h=$("$BIN" help "$cmd"); rc=$?
	check "help $cmd exits 0" 0 $rc
	check "$cmd --help is help $cmd" "$h" "$("$BIN" "$cmd" --help)"
	for o in $(sed -n 's/^[[:space:]]*{"\([a-z-]*\)", *[a-z_]*_argument.*/\1/p' "$src"); do
		contains "$cmd --help describes --$o" "--$o " "$h"
	done
done
check "expand --help" "$("$BIN" help expand)" "$("$BIN" expand --name x --help)"
"$BIN" check --frob >/dev/null 2>&1; check "unknown option exits 2" 2 $?
out=$("$BIN" check --data "$EX/tasks" --solvers "$EX/solvers.py" -q -v 2>&1); rc=$?
contains "check -q -v conflict" "-q and -v exclude each other" "$out"
check "check -q -v exits 2" 2 $rc
out=$("$BIN" verify --out "$T" stray 2>&1); rc=$?
contains "stray argument named" "unexpected argument 'stray'" "$out"
check "stray argument exits 2" 2 $rc

# the man page (tools/gen_man.sh BIN > man/battfarm.1 makes it from the help
# texts) has every command and every option of each
man_text=$(sed 's/\\-/-/g' "$ROOT/man/battfarm.1")
for cmd in $("$BIN" help | sed -n 's/^  \([a-z]\{1,\}\)  .*/\1/p'); do
	[ "$cmd" = help ] && continue
	contains "man page has $cmd (else rerun tools/gen_man.sh)" ".SS $cmd" "$man_text"
	for o in $("$BIN" help "$cmd" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		contains "man page has $cmd $o (else rerun tools/gen_man.sh)" "$o" "$man_text"
	done
done
if command -v man >/dev/null 2>&1; then
	contains "the man page renders" "EXIT STATUS" "$(MANWIDTH=80 man -l "$ROOT/man/battfarm.1" 2>/dev/null)"
fi
# bash completion: commands, then a command's options from its help
if command -v bash >/dev/null 2>&1; then
	out=$(bash -c '. "$1"; COMP_WORDS=("$2" re); COMP_CWORD=1; _battfarm; echo "${COMPREPLY[*]}"' \
		sh "$ROOT/completion/battfarm.bash" "$BIN")
	check "completion of a command" "results" "$out"
	out=$(bash -c '. "$1"; COMP_WORDS=("$2" run --pre); COMP_CWORD=2; _battfarm; echo "${COMPREPLY[*]}"' \
		sh "$ROOT/completion/battfarm.bash" "$BIN")
	check "completion of an option" "--predict" "$out"
fi

# --- eval: rejected and unreadable input ---
out=$("$BIN" eval --solvers "$EX/solvers.py" --name nosuch --grid '[[1]]' 2>&1); rc=$?
contains "eval of an unknown function" "no function named 'nosuch'" "$out"
check "eval of an unknown function exits 2" 2 $rc
"$BIN" eval --solvers "$EX/solvers.py" --batch "$T/batch.jsonl" >/dev/null 2>&1
check "a batch with rejected lines exits 1" 1 $?
out=$(printf '{"name": "\377\376", "grid": [[1]]}\n' | "$BIN" eval --solvers "$EX/solvers.py" --batch - 2>/dev/null); rc=$?
check "invalid UTF-8 name has a message" '{"kind":"error","error":"-:1: \"name\" is not valid UTF-8"}' "$out"
check "invalid UTF-8 name exits 1" 1 $rc
# output that cannot be written is a fatal error, not a success
if [ -w /dev/full ]; then
	out=$("$BIN" eval --solvers "$EX/solvers.py" --name solve_bf_mirror --grid '[[1,2]]' 2>&1 >/dev/full); rc=$?
	check "eval to a full disk exits 2" 2 $rc
	contains "eval to a full disk says so" "cannot write the output: No space left on device" "$out"
	"$BIN" --version >/dev/full 2>/dev/null; rc=$?
	check "--version to a full disk exits 2" 2 $rc
fi
# quotes, backslashes and control characters in a message are escaped
out=$(printf '{"name": "a\\"b\\\\c\\td\\u00e9", "grid": [[1]]}\n' | "$BIN" eval --solvers "$EX/solvers.py" --batch - 2>/dev/null)
check "a message with quotes is escaped JSON" '{"kind":"error","error":"-:1: no program named '"'"'a\"b\\c\tdé'"'"'"}' "$out"
out=$("$BIN" eval --solvers "$EX/solvers.py" --batch "$T" 2>&1); rc=$?
contains "a directory as batch" "cannot read: Is a directory" "$out"
check "a directory as batch exits 2" 2 $rc
out=$("$BIN" eval --solvers "$EX/solvers.py" --batch - 2>&1 <&-); rc=$?
contains "closed stdin as batch" "standard input is closed" "$out"
check "closed stdin exits 2" 2 $rc
out=$("$BIN" eval --solvers "$EX/solvers.py" --batch "$T/nosuch.jsonl" 2>&1); rc=$?
contains "missing batch file" "nosuch.jsonl: cannot open: No such file" "$out"
check "missing batch exits 2" 2 $rc
check "an empty batch is fine" "0 0" "$("$BIN" eval --solvers "$EX/solvers.py" --batch - </dev/null | wc -l) $?"
# a BOM and Python's spacing on the def line
printf '\357\273\277def  f  ( I ) :\n    return I\n' > "$T/bom.py"
out=$("$BIN" eval --solvers "$T/bom.py" --name f --grid '[[7]]' 2>&1)
check "BOM and spaced def line accepted" '{"kind":"grid","output":[[7]]}' "$out"

# --- usage errors ---
"$BIN" frob >/dev/null 2>&1; check "unknown command exits 2" 2 $?
"$BIN" check --data "$EX/tasks" >/dev/null 2>&1; check "check without --solvers exits 2" 2 $?
out=$("$BIN" eval --solvers "$EX/solvers.py" --name solve_bf_mirror --grid '[[1,2' 2>&1); rc=$?
contains "malformed --grid" "--grid: malformed JSON" "$out"
check "malformed --grid exits 2" 2 $rc
out=$("$BIN" check --data "$EX/tasks" --solvers "$EX/solvers.py" --budget -5 2>&1)
contains "bad --budget" "--budget needs a non-negative integer" "$out"
# each usage error of check, eval and results: its exit status and message
D="--data $EX/tasks" S="--solvers $EX/solvers.py"
fails_with "check without --data" 2 "--data and --solvers are required" "$BIN" check $S
fails_with "check of an unknown option" 2 "battfarm check: bad option" "$BIN" check $D $S --frob
fails_with "check of a stray option word" 2 "unexpected argument '-x'" "$BIN" check $D $S -- -x
fails_with "check --timeout of a negative" 2 "--timeout needs a non-negative number, not '-1'" \
	"$BIN" check $D $S --timeout -1
fails_with "check --data of nothing" 2 "$T/nosuch: cannot open" "$BIN" check --data "$T/nosuch" $S
fails_with "check --solvers of nothing" 2 "$T/nosuch.py: cannot open" \
	"$BIN" check $D --solvers "$T/nosuch.py"
out=$("$BIN" check $D $S -i bf_mirror nosuch 2>&1)
contains "check of an unknown task id" "task 'nosuch' is not in $EX/tasks" "$out"
for args in "" "--grid [[1]]" "--batch - --name x --grid [[1]]"; do
	# shellcheck disable=SC2086 # the words of args
	fails_with "eval $S $args" 2 "needs --solvers, and --name with --grid, or --batch FILE" \
		"$BIN" eval $S $args
done
fails_with "eval without --solvers" 2 "needs --solvers" "$BIN" eval --name x --grid '[[1]]'
fails_with "eval of a stray argument" 2 "unexpected argument 'stray'" "$BIN" eval $S --name x stray
fails_with "eval of an unknown option" 2 "battfarm eval: bad option" "$BIN" eval $S --frob
fails_with "eval --solvers of nothing" 2 "$T/nosuch.py: cannot open" \
	"$BIN" eval --solvers "$T/nosuch.py" --name x --grid '[[1]]'
fails_with "eval of a grid with a string" 1 "--grid: bad grid: 1:5: row 0 column 1 is not an integer" \
	"$BIN" eval $S --name solve_bf_mirror --grid '[[1,"a"]]'
fails_with "results without --out" 2 "--out DIR is required" "$BIN" results
fails_with "results of a stray argument" 2 "unexpected argument 'stray'" "$BIN" results --out "$R" stray
fails_with "results of an unknown option" 2 "battfarm results: bad option" "$BIN" results --out "$R" -J
fails_with "results of a file" 2 "$EX/solvers.py: not a store" "$BIN" results --out "$EX/solvers.py"

finish

#!/bin/sh
# kaggle_test.sh -- Kaggle input (challenges + solutions files) and
# `run --predict`: every way the solutions can be missing or wrong gets a
# warning or error naming the right file, and the submission holds the
# right attempts.  The 40-task case needs the ARC training set and arc-dsl
# (BATTFARM_ARC, BATTFARM_ARC_DSL; default ../shared/arc and ../arc-dsl
# beside the source tree) and is skipped without them.
# usage: kaggle_test.sh BINARY SOURCE_ROOT
set -u
BIN=$1
ROOT=$2
EX=$ROOT/examples
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/lib.sh"

# a Kaggle pair from the bundled tasks: challenges without outputs, and the
# solutions under another name (so that run finds none)
kaggle_pair "$EX/tasks" "$T/k_challenges.json" "$T/truth.json"
# solutions with one id missing, one short list, one bad grid (line 4)
python3 - "$T" <<'PY'
import json, os, sys
dst = sys.argv[1]
bad = json.load(open(os.path.join(dst, "truth.json")))
del bad["bf_frame"]
bad["bf_mirror"] = []
txt = json.dumps(bad, indent=0).replace('"bf_upscale": [', '"bf_upscale": [[[1, 2], [3]], ', 1)
open(os.path.join(dst, "bad_solutions.json"), "w").write(txt)
PY
cp "$T/k_challenges.json" "$T/bad_challenges.json"



# no solutions file: a warning, and test samples are not scored
out=$("$BIN" run --serial --out "$T/s1" --data "$T/k_challenges.json" --predict "$T/sub.json" 2>&1); rc=$?
contains "no solutions: warned" "k_challenges.json: no solutions file ($T/k_solutions.json): test samples are not scored" "$out"
check "no solutions: not an error (exit 0)" 0 $rc
check "the submission: every task, every test input, the right grid first" "5 5" "$(python3 -c '
import json, sys
sub, truth = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print(len(sub), sum(len(sub[t]) == len(truth[t]) and
      all(a["attempt_1"] == truth[t][i] and set(a) == {"attempt_1", "attempt_2"} for i, a in enumerate(sub[t]))
      for t in truth))' "$T/sub.json" "$T/truth.json")"
out=$("$BIN" run --serial --out "$T/s1" --data "$T/k_challenges.json" --predict - 2>/dev/null | head -1)
contains "--predict - writes to stdout" '{"bf_frame":[{"attempt_1":' "$out"
check "no temp file beside the submission" "sub.json" "$(ls "$T" | grep '^sub')"

# a gzipped challenges file beside a plain solutions file: found, with a warning
mkdir "$T/gz"
gzip -c "$T/k_challenges.json" > "$T/gz/k_challenges.json.gz"
cp "$T/truth.json" "$T/gz/k_solutions.json"
out=$("$BIN" check --data "$T/gz/k_challenges.json.gz" --solvers "$EX/solvers.py" 2>&1)
contains "gz/plain mismatch: warned" "k_challenges.json.gz: using $T/gz/k_solutions.json (one of the two is gzip-compressed" "$out"
check "gz/plain mismatch: the solutions are used" "5 out of 5 tasks solved correctly." "$(echo "$out" | tail -1)"

# an unreadable solutions file (a directory by that name): an error naming it
mkdir "$T/dir" && cp "$T/k_challenges.json" "$T/dir/" && mkdir "$T/dir/k_solutions.json"
out=$("$BIN" run --serial --out "$T/s2" --data "$T/dir/k_challenges.json" 2>&1); rc=$?
contains "unreadable solutions named" "$T/dir/k_solutions.json" "$out"
check "unreadable solutions: exit 1" 1 $rc

# a missing id, a short list, a bad grid in the solutions file
out=$("$BIN" run --serial --out "$T/s3" --data "$T/bad_challenges.json" 2>&1); rc=$?
contains "missing id: warned" "bad_solutions.json: no solutions for task bf_frame: its test samples are not scored" "$out"
contains "short list: warned with the line" "bad_solutions.json:2:14: task bf_mirror has 1 test inputs but 0 solutions: the rest are not scored" "$out"
contains "bad grid reported under the solutions file" "bad_solutions.json:77:25: test[0].output: ragged grid: row 1 has 1 cells, row 0 has 2 (task bf_upscale, in its solutions)" "$out"
check "bad solutions: exit 1" 1 $rc

# --- 40 training tasks as a Kaggle file without solutions (needs the data) ---
if have_arc; then
	# the 40 tasks' own solvers and 60 others as distractors (the whole
	# library takes ~10 s of CPU; the ranking is the same work)
	mkdir "$T/t40"
	kaggle_pair "$ARC/training" "$T/t40/t40_challenges.json" "$T/t40/truth.json" 40
	python3 - "$T/t40/truth.json" "$DSL/solvers.py" "$T/t40/solvers.py" <<'PY'
import json, re, sys
ids = json.load(open(sys.argv[1]))
defs = re.split(r"\n(?=def )", open(sys.argv[2]).read())
mine = [d for d in defs if d.startswith("def solve_") and d[10:18] in ids]
others = [d for d in defs if d.startswith("def solve_") and d[10:18] not in ids][:60]
open(sys.argv[3], "w").write("\n".join(mine + others) + "\n")
PY
	for mode in --serial "-j 2"; do
		out=$("$BIN" run $mode --out "$T/t40/out$mode" --data "$T/t40/t40_challenges.json" \
			--solvers "$T/t40/solvers.py" --predict "$T/t40/sub.json" 2>&1); rc=$?
		contains "40 tasks $mode: warns that no solutions were found" "no solutions file" "$out"
		right=$(python3 -c '
import json, sys
sub, truth = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print(sum(len(sub[t]) == len(truth[t]) and
          all(truth[t][i] in (a["attempt_1"], a["attempt_2"]) for i, a in enumerate(sub[t]))
          for t in truth))' "$T/t40/sub.json" "$T/t40/truth.json")
		check "40 tasks $mode: >= 39 right on every test input ($right)" 1 "$([ "$right" -ge 39 ] && echo 1)"
	done
else
	echo "skip 40-task prediction: no $ARC/training or $DSL/solvers.py"
fi

finish

# lib.sh -- the checks the end-to-end test scripts share; sourced by them.
fails=0

# The ARC data and arc-dsl, for the cases that need them (skipped without):
# BATTFARM_ARC and BATTFARM_ARC_DSL, by default ../shared/arc and ../arc-dsl
# beside the source tree ($ROOT, set by the script before it sources this).
ARC=${BATTFARM_ARC:-$ROOT/../shared/arc}
DSL=${BATTFARM_ARC_DSL:-$ROOT/../arc-dsl}
have_arc() { [ -d "$ARC/training" ] && [ -f "$DSL/solvers.py" ]; }

first_solvers() { # N: the first N solve_ functions of arc-dsl's solvers.py, on stdout
	python3 -c '
import re, sys
defs = re.split(r"\n(?=def )", open(sys.argv[1]).read())
print("\n".join([d for d in defs if d.startswith("def solve_")][:int(sys.argv[2])]))' "$DSL/solvers.py" "$1"
}

check() { # name, expected, actual
	if [ "$2" = "$3" ]; then
		echo "ok   $1"
	else
		echo "FAIL $1"
		echo "     expected: $2"
		echo "     actual:   $3"
		fails=$((fails + 1))
	fi
}

contains() { # name, needle, haystack
	case "$3" in
	*"$2"*) echo "ok   $1" ;;
	*) echo "FAIL $1: no '$2' in:"; echo "$3" | head -20; fails=$((fails + 1)) ;;
	esac
}

fails_with() { # name, expected exit status, needle in stderr, command...
	_name=$1 _want=$2 _needle=$3
	shift 3
	_err=$("$@" 2>&1 >/dev/null)
	check "$_name: exit status" "$_want" $?
	contains "$_name: says why" "$_needle" "$_err"
}

kaggle_pair() { # task dir, challenges file, solutions file[, N: its first N tasks only]
	# the Kaggle form of a task directory: the tasks without their test
	# outputs, and those outputs by task id (both in id order)
	python3 - "$@" <<'PY'
import json, os, sys
src, challenges, solutions = sys.argv[1:4]
names = sorted(f for f in os.listdir(src) if f.endswith(".json"))
if len(sys.argv) > 4:
    names = names[:int(sys.argv[4])]
ch, sol = {}, {}
for f in names:
    t = json.load(open(os.path.join(src, f)))
    sol[f[:-5]] = [p.pop("output") for p in t["test"]]
    ch[f[:-5]] = t
json.dump(ch, open(challenges, "w"))
json.dump(sol, open(solutions, "w"))
PY
}

fingerprint() { # names, link targets and contents of a store
	(cd "$1" && find . -printf '%p %y %l\n' | sort && find . -type f -exec md5sum {} + | sort) |
		md5sum | cut -c1-32
}

consistent() { # "<temp files> <broken links>" of a store: "0 0" when sound
	echo "$(find "$1" -name '.tmp.*' | wc -l) $(find -L "$1" -type l | wc -l)"
}

finish() {
	[ $fails -eq 0 ] || { echo "$fails failed"; exit 1; }
	echo "all passed"
}

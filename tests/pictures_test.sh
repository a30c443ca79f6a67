#!/bin/sh
# pictures_test.sh -- run --trace (Chrome Trace Event JSON: a track per
# worker, a span per job and phase named with the task id) and run --html
# (one self-contained page), rendered in headless Chromium when it is
# installed (.ci/run installs it; skipped with a message otherwise).  The
# 20-task case needs the ARC training set and arc-dsl (BATTFARM_ARC,
# BATTFARM_ARC_DSL; default ../shared/arc and ../arc-dsl).
# usage: pictures_test.sh BINARY SOURCE_ROOT
set -u
BIN=$1
ROOT=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/lib.sh"

# tracks with job spans, distinct task ids named, phase spans inside their job
trace_facts() {
	python3 - "$1" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
names = {e["tid"]: e["args"]["name"] for e in ev if e["ph"] == "M"}
jobs = [e for e in ev if e.get("cat") == "job"]
phases = [e for e in ev if e.get("cat") == "phase"]
inside = all(any(j["tid"] == p["tid"] and j["ts"] <= p["ts"] and
                 p["ts"] + p["dur"] <= j["ts"] + j["dur"] + 1e-3 and
                 p["name"].startswith(j["args"]["task"] + " ") for j in jobs) for p in phases)
workers = {e["tid"] for e in jobs if names[e["tid"]].startswith("validator ")}
print(len(workers), len({e["args"]["task"] for e in jobs}), len(phases) > 0 and inside,
      all(e["ph"] in "XM" for e in ev))
PY
}

"$BIN" run -j 2 --out "$T/s" --trace "$T/trace.json" --html "$T/page.html" >/dev/null 2>&1
check "bundled tasks -j 2: 2 worker tracks, 5 tasks named, phases inside jobs" "2 5 True True" "$(trace_facts "$T/trace.json")"
"$BIN" run --serial --out "$T/ser" --trace "$T/serial.json" >/dev/null 2>&1
check "serial: one track (the supervisor), 5 tasks" "5 True" "$(python3 -c '
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
jobs = [e for e in ev if e.get("cat") == "job"]
print(len({e["args"]["task"] for e in jobs}), {e["tid"] for e in jobs} == {0})' "$T/serial.json")"
check "no temp file beside the trace and the page" "page.html serial.json trace.json" "$(ls "$T" | grep -v '^s$\|^ser$' | tr '\n' ' ' | sed 's/ $//')"
out=$("$BIN" run --out "$T/x" --trace /nonexistent/dir/t.json 2>&1); rc=$?
contains "unwritable --trace named" "--trace /nonexistent/dir/t.json: cannot write" "$out"
check "unwritable --trace exits 1" 1 $rc

# the page: one file, nothing fetched
check "the page is self-contained (no src=, href=, url( or http(s) but the SVG namespace)" 0 \
	"$(grep -o 'src=\|href=\|url(\|https\?://[^"]*' "$T/page.html" | grep -vc 'http://www.w3.org/2000/svg')"
contains "the page has the timeline" '<svg id="timeline"' "$(cat "$T/page.html")"
contains "the page has the phases" 'run_batt.check_batt' "$(cat "$T/page.html")"
contains "the page has the tasks" '<td>bf_frame</td><td>4</td><td>4000</td><td>yes</td>' "$(cat "$T/page.html")"

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROME" ]; then
	flags="--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir=$T/profile"
	"$CHROME" $flags --enable-logging=stderr --v=0 --dump-dom "file://$T/page.html" \
		>"$T/dom.html" 2>"$T/chrome.err"
	contains "Chromium ran the page's script" "rendered: " "$(grep -o 'rendered: [0-9]* spans, [0-9]* tasks' "$T/dom.html")"
	check "the page drew every task" "rendered: 5 tasks" "$(grep -o 'rendered: [0-9]* spans, [0-9]* tasks' "$T/dom.html" | sed 's/[0-9]* spans, //')"
	check "no console errors" 0 "$(grep -c 'CONSOLE\|Uncaught' "$T/chrome.err")"
	"$CHROME" $flags --screenshot="$T/shot.png" --window-size=1100,900 "file://$T/page.html" \
		>/dev/null 2>&1
	check "a screenshot of the page" 1 "$([ -s "$T/shot.png" ] && echo 1)"
else
	echo "skip headless Chromium: no chromium installed (.ci/run installs it)"
fi

if have_arc; then
	first_solvers 60 > "$T/sixty.py"
	"$BIN" run -j 2 --out "$T/t20" --data "$ARC/training" -c 20 --solvers "$T/sixty.py" \
		--trace "$T/t20.json" >/dev/null 2>&1
	check "20 tasks -j 2: spans on 2 worker tracks naming all 20 tasks" "2 20 True True" "$(trace_facts "$T/t20.json")"
else
	echo "skip 20 tasks: no $ARC/training or $DSL/solvers.py"
fi

finish

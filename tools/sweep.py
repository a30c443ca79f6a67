#!/usr/bin/env python3
"""sweep.py -- run every solver on many foreign grids through `battfarm eval`.

A robustness sweep: writes a batch of (solver, grid) pairs -- every solve_*
of SOLVERS on the input grids of the tasks in DATA (at most --grids per task)
-- runs the given battfarm binary on it (wrap it in valgrind with --wrap), and
fails unless the run exits normally and answers every line.  Prints the
result kinds.  Used with the ASan/UBSan build and valgrind on the training
and evaluation sets.

usage: tools/sweep.py [--grids N] [--every K] [--wrap CMD] BINARY SOLVERS DATA...
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("binary")
ap.add_argument("solvers")
ap.add_argument("data", nargs="+")
ap.add_argument("--grids", type=int, default=1, help="input grids per task")
ap.add_argument("--every", type=int, default=1, help="keep one pair in K")
ap.add_argument("--wrap", default="", help="command prefix, e.g. 'valgrind -q'")
ap.add_argument("--timeout", default="2")
a = ap.parse_args()

names = [l.split("def ")[1].split("(")[0] for l in open(a.solvers) if l.startswith("def ")]
grids = []
for d in a.data:
    for fn in sorted(os.listdir(d)):
        if fn.endswith(".json"):
            t = json.load(open(os.path.join(d, fn)))
            samples = t["train"] + t["test"]
            grids += [s["input"] for s in samples[: a.grids]]
k = 0
with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    for g in grids:
        for n in names:
            if k % a.every == 0:
                f.write(json.dumps({"name": n, "grid": g}) + "\n")
            k += 1
    path = f.name
lines = sum(1 for _ in open(path))
cmd = a.wrap.split() + [a.binary, "eval", "--solvers", a.solvers, "--batch", path,
                        "--timeout", a.timeout]
r = subprocess.run(cmd, capture_output=True, text=True)
os.unlink(path)
out = r.stdout.splitlines()
kinds = collections.Counter(json.loads(l)["kind"] for l in out)
print(f"{len(out)}/{lines} answered, exit {r.returncode}: {dict(kinds)}")
bad = [l for l in r.stderr.splitlines() if "ERROR" in l or "runtime error" in l
       or "definitely lost" in l or "Invalid" in l]
for l in bad[:20]:
    print("  " + l)
sys.exit(0 if r.returncode == 0 and len(out) == lines and not bad else 1)

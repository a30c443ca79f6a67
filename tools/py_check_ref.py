#!/usr/bin/env python3
"""py_check_ref.py -- the Python reference for `battfarm check`.

Does what arc-dsl's test_solvers_correctness does (each solve_<id> on its
task's train and test pairs) with the arc-dsl checkout given as the first
argument, on the task directory given as the second, and prints the same last
line.  Used by tools/bench_check.sh to time CPython on the same work.
"""
import json
import os
import sys

sys.path.insert(0, sys.argv[1])
import solvers  # noqa: E402  (from the arc-dsl checkout)

data = sys.argv[2]
n = ok = 0
for fn in sorted(os.listdir(data)):
    if not fn.endswith(".json"):
        continue
    key = fn[:-5]
    n += 1
    task = json.load(open(os.path.join(data, fn)))
    try:
        solver = getattr(solvers, "solve_" + key)
        for ex in task["train"] + task["test"]:
            grid = tuple(tuple(r) for r in ex["input"])
            assert solver(grid) == tuple(tuple(r) for r in ex["output"])
        ok += 1
    except Exception:
        pass
print(f"{ok} out of {n} tasks solved correctly.")

#!/usr/bin/env python3
"""calibrate_far.py -- what huge sets cost CPython, against battfarm's units.

calibrate.py fits the charges on ARC-sized inputs, whose sets stay under
2^15 slots.  Beyond that CPython's time per set item grows with the table
(cache misses), and a candidate that builds such sets (a canvas of
millions of cells handed to objects) would be charged far less than
CPython takes, so the CPU-time backstop rather than the budget would stop
it, at a point that depends on the machine.  pyset.h's bf_set_work adds a
charge per doubling of the table beyond 2^15 slots; this tool shows the
fit: per 3 x w canvas, CPython's microseconds per cell for asindices and
objects (CPU time, best of --runs) beside battfarm's units per cell for the
same calls (eval --prim-trace), and their ratio.

usage: tools/calibrate_far.py --dsl ../arc-dsl [--battfarm build/battfarm]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

WIDTHS = [300, 3000, 30000, 100000, 300000, 1000000]

PROGRAM = """def solve_far(I):
    x1 = canvas(ZERO, astuple(THREE, {w}))
    x2 = asindices(x1)
    O = objects(x1, T, T, T)
    return O
"""


def cpython_us_per_cell(dsl, w, runs):
    """Best-of-runs CPU microseconds per cell of asindices and objects."""
    canvas, asindices, objects = dsl.canvas, dsl.asindices, dsl.objects
    grid = canvas(0, (3, w))
    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for k, call in enumerate((lambda: asindices(grid), lambda: objects(grid, True, True, True))):
            t0 = time.process_time()
            call()
            best[k] = min(best[k], time.process_time() - t0)
    return [b / (3 * w) * 1e6 for b in best]


def battfarm_units_per_cell(binary, w):
    """battfarm's units per cell of the same asindices and objects calls."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(PROGRAM.format(w=w))
        path = f.name
    try:
        out = subprocess.run([binary, "eval", "--solvers", path, "--name", "solve_far",
                              "--grid", "[[0]]", "--budget", "0", "--prim-trace"],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    trace = json.loads(out)["trace"]
    units = {name: u for name, u, _ in trace}
    return [units["asindices"] / (3 * w), units["objects"] / (3 * w)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dsl", required=True, help="arc-dsl checkout (dsl.py)")
    ap.add_argument("--battfarm", default="build/battfarm")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    sys.path.insert(0, a.dsl)
    import dsl  # noqa: E402  (the checkout given)
    print("cells      asindices: CPython us  units  ratio   objects: CPython us  units  ratio")
    for w in WIDTHS:
        py = cpython_us_per_cell(dsl, w, a.runs)
        bf = battfarm_units_per_cell(a.battfarm, w)
        print(f"{3 * w:>9}  {py[0]:>20.3f} {bf[0]:>6.3f} {bf[0] / py[0]:>6.2f}"
              f"  {py[1]:>19.3f} {bf[1]:>6.3f} {bf[1] / py[1]:>6.2f}", flush=True)


if __name__ == "__main__":
    main()

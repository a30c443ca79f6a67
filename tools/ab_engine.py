#!/usr/bin/env python3
"""ab_engine.py -- two battfarm binaries on the engine's two daily loads, A/B.

  check    `check --solvers SOLVERS --data DATA -q` (the whole process)
  batch    `eval --solvers BATTERY --batch BATCH --cost --budget 1000000
           --timeout 0` (a mutant battery's calls; see tools/bench_engine.py
           for how one is made), also the sum of its per-call "seconds"

For each binary and load: the median and spread of user + sys CPU over
--runs runs, A and B interleaved so that load from other processes falls
on both alike; with --callgrind, the instruction count (valgrind's Ir) of
one run.  Before timing anything it checks that B gives A's answers: the
same `check` output, and for the batch every line equal but for
"seconds" (kind, value and the "work" units, byte for byte).

usage: tools/ab_engine.py --base A --new B --solvers arc-dsl/solvers.py
           --data TRAINING --battery battery.py --batch batch.jsonl
           [--runs 11] [--callgrind]
"""
import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile


def check_cmd(binary, args):
    return [binary, "check", "-q", "--solvers", args.solvers, "--data", args.data]


def batch_cmd(binary, args):
    return [binary, "eval", "--solvers", args.battery, "--batch", args.batch, "--cost",
            "--budget", "1000000", "--timeout", "0"]


def run(cmd):
    """(user + sys seconds, stdout) of one child process."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, capture_output=True, text=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr[-800:]}")
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return cpu, out.stdout


def without_seconds(stdout):
    lines = []
    for line in stdout.splitlines():
        obj = json.loads(line)
        obj.pop("seconds", None)
        lines.append(json.dumps(obj, sort_keys=True))
    return lines


def call_seconds(stdout):
    return sum(json.loads(line).get("seconds", 0.0) for line in stdout.splitlines())


def same_answers(args):
    _, a = run(check_cmd(args.base, args))
    _, b = run(check_cmd(args.new, args))
    if a != b:
        sys.exit("check: the two binaries print different results")
    _, a = run(batch_cmd(args.base, args))
    _, b2 = run(batch_cmd(args.new, args))
    la, lb = without_seconds(a), without_seconds(b2)
    if len(la) != len(lb):
        sys.exit("batch: different numbers of results")
    for k, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            sys.exit(f"batch: line {k + 1} differs:\n  A {x}\n  B {y}")
    print(f"same answers: check ({b.splitlines()[-1]}); "
          f"batch, {len(la)} lines equal but for 'seconds'")


def instructions(cmd):
    with tempfile.TemporaryDirectory() as d:
        out = subprocess.run(["valgrind", "--tool=callgrind",
                              "--callgrind-out-file=" + os.path.join(d, "cg")] + cmd,
                             capture_output=True, text=True)
    m = re.search(r"refs:\s+([\d,]+)", out.stderr)
    if not m:
        sys.exit("valgrind printed no instruction count: " + out.stderr[-500:])
    return int(m.group(1).replace(",", ""))


def spread(xs):
    return f"{statistics.median(xs):.4f} s (min {min(xs):.4f}, max {max(xs):.4f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True, help="binary A (the baseline)")
    ap.add_argument("--new", required=True, help="binary B")
    ap.add_argument("--solvers", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--battery", required=True)
    ap.add_argument("--batch", required=True)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--callgrind", action="store_true")
    args = ap.parse_args()
    same_answers(args)
    loads = {"check": check_cmd, "batch": batch_cmd}
    for name, cmd in loads.items():
        cpu = {"A": [], "B": []}
        calls = {"A": [], "B": []}
        for _ in range(args.runs):
            for side, binary in (("A", args.base), ("B", args.new)):
                t, out = run(cmd(binary, args))
                cpu[side].append(t)
                if name == "batch":
                    calls[side].append(call_seconds(out))
        ratio = statistics.median(cpu["A"]) / statistics.median(cpu["B"])
        print(f"{name}: user+sys over {args.runs} runs: A {spread(cpu['A'])}, "
              f"B {spread(cpu['B'])}: A/B {ratio:.2f}")
        if calls["A"]:
            ratio = statistics.median(calls["A"]) / statistics.median(calls["B"])
            print(f"{name}: in calls: A {spread(calls['A'])}, B {spread(calls['B'])}: "
                  f"A/B {ratio:.2f}")
        if args.callgrind:
            ia, ib = instructions(cmd(args.base, args)), instructions(cmd(args.new, args))
            print(f"{name}: instructions (callgrind Ir): A {ia:,}, B {ib:,}: A/B {ia / ib:.3f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""bench_engine.py -- battfarm against CPython on three workloads, side by side.

  check    `battfarm check` of arc-dsl's solvers on the task set against
           tools/py_check_ref.py (CPython doing the same), whole processes
  cross    every arc-dsl solver on every sample of every STRIDE-th task
           (the farm's daily work): `battfarm eval --batch` with a budget of
           1,000,000 units a call against CPython with its 1 s per call
  mutants  a battery from tools/mutants.py on its own tasks' samples, the
           same way
For cross and mutants it also counts the pairs both complete that agree
(kind and value, as tools/diff_oracle.py compares them), and apart the
pairs whose CPython answer changes from one of its runs to the next (it
hangs on hash(function), an address: solve_36d67576 orders composed
functions), where no answer is the right one.

For each: the median over --runs runs of wall time and CPU time (user +
sys of the child process), and for cross and mutants also the time inside
the calls (the sum of per-call times each side measures itself, loading
excluded), and that time again over only the pairs CPython finished
within its second in every run (a pair it timed out on weighs a whole
second against battfarm's budget stop).  The arc-dsl checkout (--dsl) is
imported by the CPython child processes, never copied.

usage: tools/bench_engine.py --dsl DIR --data DIR [--runs 3] [--stride 100]
                             [--per-solver 1] [--binary build/battfarm]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import diff_oracle  # noqa: E402  (classify and same: one definition of agreement)

CALL_SECONDS = 1.0


def timed(cmd, **kw):
    """(wall s, cpu s, stdout) of one child process."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if out.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({out.returncode}): {out.stderr[-1500:]}")
    return wall, cpu, out.stdout


def py_worker(dsl, solvers_path, pairs_path):
    """In a child: each pair with a 1 s limit; one JSON result per line
    with the call's own time."""
    import signal
    sys.path.insert(0, dsl)
    sys.setrecursionlimit(1000)
    import importlib.util
    spec = importlib.util.spec_from_file_location("battery", solvers_path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)

    signal.signal(signal.SIGALRM, diff_oracle.on_alarm)
    for line in open(pairs_path):
        req = json.loads(line)
        fn = getattr(mod, req["name"])
        I = tuple(tuple(r) for r in req["grid"])
        t0 = time.perf_counter()
        res = diff_oracle.call(fn, I, CALL_SECONDS)
        res["seconds"] = time.perf_counter() - t0
        print(json.dumps(res))


def task_pairs(data, names, ids):
    pairs = []
    for tid in ids:
        with open(os.path.join(data, tid + ".json")) as f:
            t = json.load(f)
        for name in names:
            for p in t["train"] + t["test"]:
                pairs.append((name, p["input"]))
    return pairs


def own_pairs(data, names):
    pairs = []
    for name in names:
        tid = name[len("solve_"):].split("__")[0]
        path = os.path.join(data, tid + ".json")
        if os.path.exists(path):
            with open(path) as f:
                t = json.load(f)
            pairs += [(name, p["input"]) for p in t["train"] + t["test"]]
    return pairs


def names_in(path):
    with open(path) as f:
        return [l[4:l.index("(")] for l in f if l.startswith("def solve_")]


def med(xs):
    return statistics.median(xs)


def calls_bench(args, label, solvers, pairs):
    """Both sides on the same pairs, --runs times; prints one block."""
    path = diff_oracle.write_batch(pairs)
    bf_cmd = [args.binary, "eval", "--solvers", solvers, "--batch", path, "--cost",
              "--budget", "1000000", "--timeout", str(CALL_SECONDS)]
    py_cmd = [sys.executable, os.path.abspath(__file__), "--py-worker", args.dsl, solvers, path]
    rows = {"battfarm": [], "CPython": []}
    runs_lines = {"battfarm": [], "CPython": []}
    try:
        for _ in range(args.runs):
            for side, cmd in (("battfarm", bf_cmd), ("CPython", py_cmd)):
                wall, cpu, out = timed(cmd)
                lines = [json.loads(l) for l in out.splitlines()]
                if len(lines) != len(pairs):
                    sys.exit(f"{side}: {len(lines)} results for {len(pairs)} pairs")
                rows[side].append((wall, cpu, sum(r.get("seconds", 0) for r in lines)))
                runs_lines[side].append(lines)
    finally:
        os.unlink(path)
    res = {side: runs[-1] for side, runs in runs_lines.items()}  # the last run's answers
    both = [(k, b, p) for k, (b, p) in enumerate(zip(res["battfarm"], res["CPython"]))
            if b["kind"] in ("grid", "value") and p["kind"] in ("grid", "value")]
    agree = sum(1 for _, b, p in both if diff_oracle.same(b, p))
    # CPython's own answer may change from run to run where it hangs on
    # hash(function), an address (solve_36d67576 orders composed functions)
    varies = [k for k, b, p in both
              if not all(diff_oracle.same(p, lines[k]) for lines in runs_lines["CPython"])]
    in_one = sum(1 for k in varies
                 if any(diff_oracle.same(res["battfarm"][k], lines[k])
                        for lines in runs_lines["CPython"]))
    print(f"{label}: {len(pairs)} (program, grid) calls, {args.runs} runs, medians")
    for side in ("battfarm", "CPython"):
        w, c, k = (med([r[i] for r in rows[side]]) for i in range(3))
        print(f"  {side:9} wall {w:8.2f} s  cpu {c:8.2f} s  in calls {k:8.2f} s")
    b = [med([r[i] for r in rows["battfarm"]]) for i in range(3)]
    p = [med([r[i] for r in rows["CPython"]]) for i in range(3)]
    print(f"  speedup   wall {p[0] / b[0]:7.1f}x   cpu {p[1] / b[1]:7.1f}x   "
          f"in calls {p[2] / max(b[2], 1e-9):7.1f}x")
    finished_ratio(runs_lines)
    vary = set(varies)
    stable = [(b, p) for k, b, p in both if k not in vary]
    agree_stable = sum(1 for b, p in stable if diff_oracle.same(b, p))
    print(f"  both complete: {len(both)}, agree: {agree}"
          + ("" if agree == len(both) else f"  ({len(both) - agree} DIFFER)"))
    if varies:
        print(f"  of them {len(stable)} with the same CPython answer in every run: agree "
              f"{agree_stable}" + ("" if agree_stable == len(stable) else "  (DIFFER)")
              + f"; {len(varies)} whose CPython answer changes from run to run "
              f"(battfarm's is one of CPython's on {in_one})")


def finished_ratio(runs_lines):
    """In calls again, over the pairs CPython finished within its 1 s in
    every run: a pair it timed out on counts its whole second against
    battfarm's budget stop, which says little about either engine (on a
    battery with several a64e4611 mutants those seconds are most of
    CPython's time)."""
    n = len(runs_lines["CPython"][0])
    done = [k for k in range(n)
            if all(lines[k]["kind"] != "timeout" for lines in runs_lines["CPython"])]
    per = {side: [sum(lines[k].get("seconds", 0) for k in done) for lines in runs]
           for side, runs in runs_lines.items()}
    b, p = med(per["battfarm"]), med(per["CPython"])
    print(f"  finished by CPython: {len(done)} of {n} pairs, in calls battfarm {b:.3f} s, "
          f"CPython {p:.3f} s: {p / max(b, 1e-9):.1f}x")


def check_bench(args):
    solvers = os.path.join(args.dsl, "solvers.py")
    bf_cmd = [args.binary, "check", "-q", "--data", args.data, "--solvers", solvers]
    py_cmd = [sys.executable, os.path.join(HERE, "py_check_ref.py"), args.dsl, args.data]
    rows = {"battfarm": [], "CPython": []}
    last = {}
    for _ in range(args.runs):
        for side, cmd in (("battfarm", bf_cmd), ("CPython", py_cmd)):
            wall, cpu, out = timed(cmd)
            rows[side].append((wall, cpu))
            last[side] = out.strip().splitlines()[-1]
    print(f"check: arc-dsl's solvers on {args.data}, {args.runs} runs, medians")
    for side in ("battfarm", "CPython"):
        w, c = (med([r[i] for r in rows[side]]) for i in range(2))
        print(f"  {side:9} wall {w:8.2f} s  cpu {c:8.2f} s  ({last[side]})")
    b = [med([r[i] for r in rows["battfarm"]]) for i in range(2)]
    p = [med([r[i] for r in rows["CPython"]]) for i in range(2)]
    print(f"  speedup   wall {p[0] / b[0]:7.1f}x   cpu {p[1] / b[1]:7.1f}x")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--py-worker":
        py_worker(*sys.argv[2:5])
        return
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dsl", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--binary", default="build/battfarm")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--stride", type=int, default=100, help="cross: every STRIDE-th task")
    ap.add_argument("--per-solver", type=int, default=1, help="mutants per solver")
    ap.add_argument("--only", choices=["check", "cross", "mutants"])
    args = ap.parse_args()
    solvers = os.path.join(args.dsl, "solvers.py")
    if args.only in (None, "check"):
        check_bench(args)
    if args.only in (None, "cross"):
        ids = sorted(f[:-5] for f in os.listdir(args.data) if f.endswith(".json"))[::args.stride]
        calls_bench(args, f"cross: every solver on {len(ids)} tasks (every {args.stride}th)",
                    solvers, task_pairs(args.data, names_in(solvers), ids))
    if args.only in (None, "mutants"):
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            subprocess.run([sys.executable, os.path.join(HERE, "mutants.py"), "--dsl", args.dsl,
                            "--per-solver", str(args.per_solver)], stdout=f, check=True)
            battery = f.name
        try:
            names = names_in(battery)
            calls_bench(args, f"mutants: {len(names)} mutants (tools/mutants.py) on their "
                        "own tasks", battery, own_pairs(args.data, names))
        finally:
            os.unlink(battery)


if __name__ == "__main__":
    main()

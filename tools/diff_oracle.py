#!/usr/bin/env python3
"""diff_oracle.py -- compare `battfarm eval` with CPython running arc-dsl.

Runs solvers on grids (by default: every solver on grids of *other* tasks,
the farm's daily work) in both CPython (the arc-dsl checkout given with
--dsl, run in a child process, never copied into this tree) and battfarm,
and reports how often they agree on the result kind and value.

A pair is called order-dependent when battfarm's own result changes with
BATTFARM_HASH_SALT (which reshuffles every set's layout): its value hangs
on frozenset iteration order.  Agreement is reported separately for those.

usage: tools/diff_oracle.py --dsl DIR --data DIR [--pairs N] [--seed S]
                            [--binary build/battfarm] [--show K]
"""
import argparse
import json
import multiprocessing as mp
import os
import random
import re
import signal
import subprocess
import sys
import tempfile

TIMEOUT = 5.0


def classify(value):
    # a grid: a non-empty tuple of equal-length tuples of ints, as `eval`
    if (isinstance(value, tuple) and value and
            all(isinstance(r, tuple) for r in value) and
            len({len(r) for r in value}) == 1 and
            all(type(c) is int for r in value for c in r)):
        return {"kind": "grid", "output": [list(r) for r in value]}
    return {"kind": "value", "repr": repr(value)}


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def py_worker(args):
    dsl_dir, jobs = args
    sys.path.insert(0, dsl_dir)
    sys.setrecursionlimit(1000)
    import solvers  # noqa: the oracle, imported from --dsl
    signal.signal(signal.SIGALRM, on_alarm)
    out = []
    for name, grid in jobs:
        out.append(call(getattr(solvers, name), tuple(tuple(r) for r in grid), TIMEOUT))
    return out


def call(fn, I, seconds):
    """fn(I) as a result, cut after `seconds` by SIGALRM (on_alarm must be
    its handler): the oracle's exceptions are results too."""
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return classify(fn(I))
    except Timeout:
        return {"kind": "timeout"}
    except BaseException as e:  # the oracle's exceptions are results
        return {"kind": "error", "error": type(e).__name__}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_python(dsl_dir, pairs, procs):
    chunks = [pairs[i::procs] for i in range(procs)]
    with mp.Pool(procs) as pool:
        results = pool.map(py_worker, [(dsl_dir, c) for c in chunks])
    merged = [None] * len(pairs)
    for k, res in enumerate(results):
        for j, r in enumerate(res):
            merged[k + j * procs] = r
    return merged


# CPython gets TIMEOUT seconds a pair; battfarm a work budget of about the
# same reach (its default budget is tuned for throughput, not for this)
BUDGET = 200000000


def write_batch(pairs):
    """The (name, grid) pairs as an `eval --batch` file: its path (the
    caller removes it)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for name, grid in pairs:
            f.write(json.dumps({"name": name, "grid": grid}) + "\n")
        return f.name


def eval_batch(binary, solvers, pairs, options, env=None):
    """`battfarm eval --batch` of pairs with the given options: one result a
    pair, in order (the run is stopped with a message otherwise)."""
    path = write_batch(pairs)
    try:
        out = subprocess.run([binary, "eval", "--solvers", solvers, "--batch", path] + options,
                             capture_output=True, text=True, env=env)
    finally:
        os.unlink(path)
    lines = out.stdout.splitlines()
    if len(lines) != len(pairs):
        sys.exit(f"battfarm gave {len(lines)} results for {len(pairs)} inputs "
                 f"(exit {out.returncode}): {out.stderr[-2000:]}")
    return [json.loads(l) for l in lines]


def run_battfarm(binary, solvers, pairs, salt=None, timeout=TIMEOUT):
    env = dict(os.environ)
    if salt is not None:
        env["BATTFARM_HASH_SALT"] = str(salt)
    return eval_batch(binary, solvers, pairs, ["--timeout", str(timeout), "--budget", str(BUDGET)],
                      env)


# CPython prints a function with its address, which no other process can
# match: <function add at 0x7f..> and <function fork.<locals>.<lambda> at
# 0x7f..> compare as battfarm prints them, <function add>, <function <lambda>>
PY_FUNCTION = re.compile(r"<function (?:[\w.]*<locals>\.)?(<lambda>|\w+) at 0x[0-9a-f]+>")


def same(a, b):
    if a["kind"] != b["kind"]:
        return False
    if a["kind"] == "grid":
        return a["output"] == b["output"]
    if a["kind"] == "value":
        return PY_FUNCTION.sub(r"<function \1>", a["repr"]) == \
            PY_FUNCTION.sub(r"<function \1>", b["repr"])
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dsl", required=True, help="arc-dsl checkout (dsl.py, solvers.py)")
    ap.add_argument("--data", required=True, help="directory of <id>.json tasks")
    ap.add_argument("--pairs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--own", action="store_true", help="each solver on its own task's grids")
    ap.add_argument("--binary", default="build/battfarm")
    ap.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--show", type=int, default=20, help="mismatches to print")
    ap.add_argument("--only", help="only solvers whose name contains this")
    ap.add_argument("--dump", help="write the mismatching pairs here, as eval --batch lines")
    a = ap.parse_args()

    solvers_py = os.path.join(a.dsl, "solvers.py")
    names = [l.split("def ")[1].split("(")[0] for l in open(solvers_py)
             if l.startswith("def solve_")]
    if a.only:
        names = [n for n in names if a.only in n]
    tasks = {}
    for fn in sorted(os.listdir(a.data)):
        if fn.endswith(".json"):
            t = json.load(open(os.path.join(a.data, fn)))
            tasks[fn[:-5]] = [s["input"] for s in t["train"] + t["test"]]
    ids = sorted(tasks)
    rng = random.Random(a.seed)
    pairs = []
    while len(pairs) < a.pairs:
        name = rng.choice(names)
        tid = name[len("solve_"):] if a.own else rng.choice(ids)
        if tid not in tasks:
            continue
        pairs.append((name, rng.choice(tasks[tid])))

    py = run_python(os.path.abspath(a.dsl), pairs, a.procs)
    bf = run_battfarm(a.binary, solvers_py, pairs)
    salted = [run_battfarm(a.binary, solvers_py, pairs, salt=s) for s in (0x9e3779b9, 12345)]
    n_ind = n_ind_ok = n_dep = n_dep_ok = 0
    shown = 0
    dump = open(a.dump, "w") if a.dump else None
    for k, (pair, p, b) in enumerate(zip(pairs, py, bf)):
        dep = any(not same(b, s[k]) for s in salted)
        ok = same(p, b)
        if dep:
            n_dep += 1
            n_dep_ok += ok
        else:
            n_ind += 1
            n_ind_ok += ok
        if not ok and dump:
            dump.write(json.dumps({"name": pair[0], "grid": pair[1]}) + "\n")
        if not ok and shown < a.show and not dep:
            shown += 1
            print(f"MISMATCH {pair[0]} on grid {json.dumps(pair[1])[:200]}")
            print(f"   python:   {json.dumps(p)[:300]}")
            print(f"   battfarm: {json.dumps(b)[:300]}")
    pct = lambda x, n: 100.0 * x / n if n else 100.0
    print(f"order-independent pairs: {n_ind_ok}/{n_ind} agree ({pct(n_ind_ok, n_ind):.2f}%)")
    print(f"order-dependent pairs:   {n_dep_ok}/{n_dep} agree ({pct(n_dep_ok, n_dep):.2f}%)")
    print(f"all pairs:               {n_ind_ok + n_dep_ok}/{len(pairs)} agree "
          f"({pct(n_ind_ok + n_dep_ok, len(pairs)):.2f}%)")


if __name__ == "__main__":
    main()

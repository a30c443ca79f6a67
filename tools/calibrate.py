#!/usr/bin/env python3
"""calibrate.py -- fit battfarm's work units to CPython 3.11 running arc-dsl.

Times CPython per primitive call on real inputs: arc-dsl's solvers (from the
checkout given with --dsl, imported in a child process, never copied) on
their own tasks' grids and on grids of other tasks, so every primitive sees
the values real solvers pass it.  Each call's own time (less the primitive
calls it made, less the timer's overhead) is paired with the raw elements
battfarm counts for the same call (`battfarm eval --prim-trace --raw-units`,
same program, same grid, calls in the same order), and per primitive a
charge  units = base + rate * raw + bytes allocated / 16384  is fitted
(the memory term is fixed, the same for every primitive) (weighted least squares, base and
rate >= 0), so a unit is about a CPython
microsecond.  Prints the spread of the fit per primitive and writes the
table (src/dsl/cost_table.c) with the command that produced it.

  fit:    tools/calibrate.py --dsl DIR --data TRAIN [--data EVAL] --write src/dsl/cost_table.c
  check:  tools/calibrate.py --dsl DIR --data TRAIN [--data EVAL] --check
          (whole programs: battfarm's calibrated units against CPython's
          microseconds, the share of pairs within 0.5-2x among those that
          take CPython at least 2 ms)
--save FILE / --load FILE keep CPython's measurements between runs.
"""
import argparse
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import diff_oracle  # noqa: E402  (the one runner of `battfarm eval --batch`)

BYTES_PER_UNIT = 16384.0  # BF_BYTES_PER_UNIT in ctx.h
MIN_CALLS = 5  # a primitive seen fewer times keeps the default charges


def load_tasks(dirs):
    tasks = {}
    for d in dirs:
        for f in sorted(os.listdir(d)):
            if f.endswith(".json"):
                with open(os.path.join(d, f)) as fh:
                    tasks[f[:-5]] = json.load(fh)
    return tasks


def task_inputs(task):
    return [p["input"] for p in task["train"] + task["test"]]


def make_pairs(tasks, solver_names, foreign, seed):
    """(solver, grid) pairs: each solver on its own task's inputs, and
    `foreign` grids of other tasks per solver (the farm's daily work)."""
    rng = random.Random(seed)
    pairs = []
    ids = sorted(tasks)
    for name in solver_names:
        own = name[len("solve_"):].split("__")[0]
        if own in tasks:
            pairs += [(name, g) for g in task_inputs(tasks[own])]
        for _ in range(foreign):
            other = tasks[rng.choice(ids)]
            pairs.append((name, rng.choice(task_inputs(other))))
    return pairs


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def import_solvers(path):
    """The programs file as a module (arc-dsl's solvers.py or a battery
    written like it, `from dsl import *` at the top)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("battery", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def py_measure(dsl_dir, solvers_path, pairs, reps, pair_timeout, out_path):
    """In a child: per pair, the plain run's best CPU time of `reps`, and
    each primitive call's own time (best of `reps`, by the wall clock, then
    scaled to that CPU time), as JSON lines."""
    sys.path.insert(0, dsl_dir)
    sys.setrecursionlimit(1000)
    import dsl  # noqa: the oracle, imported from --dsl
    solvers = import_solvers(solvers_path)
    pc = time.perf_counter_ns  # per call: the CPU clocks cost microseconds here
    cpu = time.process_time_ns
    names = [n for n in dir(dsl) if callable(getattr(dsl, n)) and not n.startswith("_")
             and getattr(getattr(dsl, n), "__module__", "") == "dsl"]
    plain = {n: getattr(solvers, n) for n in names if hasattr(solvers, n)}
    rec = []
    kids = [0]

    def wrap(name, fn):
        # the wrapper takes fn's parameters by name: arc-dsl's lbind and
        # rbind read co_argcount of the function they are given
        n = fn.__code__.co_argcount
        params = ", ".join(f"a{i}" for i in range(n))
        src = (f"def w({params}):\n"
               "    outer = kids[0]\n"
               "    kids[0] = 0\n"
               "    t0 = pc()\n"
               "    try:\n"
               f"        return fn({params})\n"
               "    finally:\n"
               "        t1 = pc()\n"
               "        rec.append((name, t1 - t0 - kids[0]))\n"
               "        kids[0] = outer + (t1 - t0) + over[0]\n")
        env = {"kids": kids, "pc": pc, "fn": fn, "rec": rec, "name": name, "over": over}
        exec(src, env)
        return env["w"]

    over = [0]
    wrapped = {n: wrap(n, f) for n, f in plain.items()}
    # the wrapper's cost outside its own timer, as its caller sees it
    ident = wrap("identity", lambda x: x)
    def caller():
        for _ in range(1000):
            ident(1)
    best = None
    for _ in range(50):
        rec.clear()
        kids[0] = 0
        t0 = pc()
        caller()
        el = pc() - t0
        inner = sum(t for _, t in rec)
        est = (el - inner) / 1000.0
        best = est if best is None else min(best, est)
    over[0] = int(best)
    # and inside it: what a wrapped call's own time adds to the call itself
    f = lambda x: x
    t0 = pc()
    for _ in range(100000):
        f(1)
    direct = (pc() - t0) / 100000.0
    own = []
    for _ in range(20):
        rec.clear()
        kids[0] = 0
        caller()
        own.append(statistics.median(t for _, t in rec))
    inside = max(0.0, min(own) - direct)
    signal.signal(signal.SIGALRM, on_alarm)
    with open(out_path, "w") as out:
        for name, grid in pairs:
            fn = getattr(solvers, name)
            I = tuple(tuple(r) for r in grid)
            res = {"name": name, "grid": grid}
            try:
                signal.setitimer(signal.ITIMER_REAL, pair_timeout)
                best_plain = None
                for _ in range(reps):
                    t0 = cpu()
                    fn(I)
                    el = cpu() - t0
                    best_plain = el if best_plain is None else min(best_plain, el)
                    if el > 0.3e9:
                        break
                res["us"] = best_plain / 1000.0
                calls = None
                for n, f in wrapped.items():
                    setattr(solvers, n, f)
                try:
                    for _ in range(reps if best_plain < 0.3e9 else 1):
                        rec.clear()
                        kids[0] = 0
                        fn(I)
                        this = [(n, (t - inside) / 1000.0) for n, t in rec]
                        if calls is None:
                            calls = this
                        elif [n for n, _ in calls] == [n for n, _ in this]:
                            calls = [(n, min(a, b)) for (n, a), (_, b) in zip(calls, this)]
                finally:
                    for n, f in plain.items():
                        setattr(solvers, n, f)
                # the calls were timed by the wall clock, which on a shared
                # machine also counts other processes' turns: scale them to
                # the plain run's CPU time
                total = sum(t for _, t in calls or [])
                if calls and total > 0:
                    k = min(1.2, max(0.05, res["us"] / total))
                    calls = [(n, t * k) for n, t in calls]
                res["calls"] = calls
                res["kind"] = "ok"
            except Timeout:
                res["kind"] = "timeout"
            except BaseException as e:  # the oracle's exceptions are results
                res["kind"] = "error:" + type(e).__name__
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            out.write(json.dumps(res) + "\n")
    print(f"cpython: timer overhead {over[0]} ns outside a call, {inside:.0f} ns inside",
          file=sys.stderr)


def run_python(dsl_dir, solvers_path, pairs, reps, pair_timeout):
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False) as f:
        path = f.name
    try:
        pid = os.fork()
        if pid == 0:
            try:
                py_measure(dsl_dir, solvers_path, pairs, reps, pair_timeout, path)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        with open(path) as fh:
            return [json.loads(l) for l in fh]
    finally:
        os.unlink(path)


def run_battfarm(binary, solvers, pairs, raw):
    options = ["--cost", "--budget", "0", "--timeout", "20"]
    if raw:
        options += ["--prim-trace", "--raw-units"]
    return diff_oracle.eval_batch(binary, solvers, pairs, options)


WEIGHT_POWER = 1.0


def fit_one(xs, ys):
    """base, rate >= 0 minimising sum((base + rate*x - y)^2 / y^p), p =
    WEIGHT_POWER (--weight-power): 2 is relative error, 0 absolute; in
    between, the big calls that make a program slow weigh more than the
    many small ones, yet those are not ignored."""
    w = [1.0 / y ** WEIGHT_POWER for y in ys]
    sw = sum(w)
    sx = sum(wi * x for wi, x in zip(w, xs))
    sy = sum(wi * y for wi, y in zip(w, ys))
    sxx = sum(wi * x * x for wi, x in zip(w, xs))
    sxy = sum(wi * x * y for wi, x, y in zip(w, xs, ys))
    det = sw * sxx - sx * sx
    if det > 1e-12 * max(1.0, sw * sxx):
        base = (sxx * sy - sx * sxy) / det
        rate = (sw * sxy - sx * sy) / det
        if base >= 0 and rate >= 0:
            return base, rate
    # a bound is active: the best with rate only, or base only
    rate_only = sxy / sxx if sxx > 0 else 0.0
    base_only = sy / sw
    err_r = sum(wi * (rate_only * x - y) ** 2 for wi, x, y in zip(w, xs, ys))
    err_b = sum(wi * (base_only - y) ** 2 for wi, y in zip(w, ys))
    return (0.0, rate_only) if err_r <= err_b else (base_only, 0.0)


def quantile(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))]


def collect_calls(py, bf):
    """(prim -> [(raw, us)]) from the pairs both ran to the end with the
    same sequence of primitive calls."""
    per = {}
    used = skipped = 0
    for p, b in zip(py, bf):
        if p["kind"] != "ok" or not p.get("calls") or "trace" not in b:
            continue
        tr = b["trace"]
        if [n for n, _ in p["calls"]] != [r[0] for r in tr]:
            skipped += 1
            continue
        used += 1
        for (n, us), (_, units, nbytes) in zip(p["calls"], tr):
            # memory is charged apart, a unit per 16 KiB: fit what is left
            kib = nbytes / BYTES_PER_UNIT
            per.setdefault(n, []).append((max(0.0, units - kib), max(us - kib, 0.02)))
    return per, used, skipped


def write_table(path, fits, outside, command):
    with open(path, "w") as f:
        f.write("/*\n * cost_table.c -- the calibrated charges of every primitive"
                " (see cost.h).\n *\n")
        f.write(" * Generated by tools/calibrate.py; do not edit by hand.  Produced by\n")
        f.write(" *   " + command + "\n")
        f.write(" * Columns: name, base (1/1024 units per call), rate (1/1024 units\n"
                " * per raw element); one unit is about a microsecond of CPython 3.11.\n */\n")
        f.write('#include "battfarm/cost.h"\n\nconst bf_cost bf_cost_table[] = {\n')
        for name in sorted(fits):
            base, rate = fits[name]
            f.write(f'\t{{"{name}", {int(round(base * 1024))}, {max(1, int(round(rate * 1024)))}}},\n')
        f.write("};\n")
        f.write(f"const int bf_cost_table_len = {len(fits)};\n")
        f.write(f"const uint32_t bf_cost_outside = {int(round(outside * 1024))};\n")


def do_fit(py, bf, args):
    per, used, skipped = collect_calls(py, bf)
    print(f"pairs with aligned call sequences: {used} (skipped {skipped} that differ)")
    fits = {}
    print(f"{'primitive':16} {'calls':>7} {'base us':>8} {'us/raw':>9}   "
          f"predicted/actual p10 p50 p90")
    all_ratios = []
    for name in sorted(per):
        pts = per[name]
        if len(pts) < MIN_CALLS:
            continue
        base, rate = fit_one([x for x, _ in pts], [y for _, y in pts])
        fits[name] = (base, rate)
        ratios = [(base + rate * x) / y for x, y in pts]
        all_ratios += ratios
        print(f"{name:16} {len(pts):7d} {base:8.3f} {rate:9.5f}   "
              f"{quantile(ratios, .1):5.2f} {quantile(ratios, .5):5.2f} "
              f"{quantile(ratios, .9):5.2f}")
    if all_ratios:
        inside = sum(1 for r in all_ratios if 0.5 <= r <= 2) / len(all_ratios)
        print(f"all calls: {len(all_ratios)}, predicted/actual p10 {quantile(all_ratios, .1):.2f}"
              f" p50 {quantile(all_ratios, .5):.2f} p90 {quantile(all_ratios, .9):.2f};"
              f" {100 * inside:.1f}% within 0.5-2x")
    if args.write:
        write_table(args.write, fits, args.outside, "tools/calibrate.py " + " ".join(
            a if not a.startswith("/") else os.path.basename(a.rstrip("/")) for a in sys.argv[1:]))
        print(f"wrote {args.write} ({len(fits)} primitives)")


def do_check(py, bf, min_us):
    rows = []
    for p, b in zip(py, bf):
        if p["kind"] == "ok" and b.get("kind") in ("grid", "value") and p["us"] >= min_us:
            rows.append((p["name"], b["work"] / p["us"]))
    if not rows:
        print("no pair takes CPython that long")
        return
    ratios = [r for _, r in rows]
    inside = sum(1 for r in ratios if 0.5 <= r <= 2)
    print(f"pairs taking CPython >= {min_us / 1000:g} ms: {len(rows)}; units per CPython us: "
          f"p10 {quantile(ratios, .1):.2f} p50 {quantile(ratios, .5):.2f} "
          f"p90 {quantile(ratios, .9):.2f}; within 0.5-2: {inside}/{len(rows)} "
          f"({100 * inside / len(rows):.1f}%)")
    worst = sorted(rows, key=lambda r: abs(__import__("math").log(r[1])))[-8:]
    print("farthest: " + ", ".join(f"{n} {r:.2f}" for n, r in reversed(worst)))


def main():
    global WEIGHT_POWER
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dsl", required=True, help="arc-dsl checkout (dsl.py, solvers.py)")
    ap.add_argument("--data", action="append", required=True, help="directory of tasks")
    ap.add_argument("--solvers", help="programs file (default: DSL/solvers.py); "
                    "solve_<task>[__<tag>] names say whose grids are their own")
    ap.add_argument("--binary", default="build/battfarm")
    ap.add_argument("--foreign", type=int, default=3, help="foreign grids per solver")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=3, help="CPython runs per pair (best kept)")
    ap.add_argument("--outside", type=float, default=0.1,
                    help="units per raw element outside any primitive")
    ap.add_argument("--write", help="write the fitted table here")
    ap.add_argument("--check", action="store_true", help="whole programs instead of a fit")
    ap.add_argument("--min-ms", type=float, default=2.0)
    ap.add_argument("--pair-timeout", type=float, default=4.0,
                    help="CPython seconds per pair before it counts as a timeout")
    ap.add_argument("--weight-power", type=float, default=1.0)
    ap.add_argument("--save")
    ap.add_argument("--load")
    args = ap.parse_args()
    WEIGHT_POWER = args.weight_power
    solvers = args.solvers or os.path.join(args.dsl, "solvers.py")
    if args.load:
        with open(args.load) as f:
            py = [json.loads(l) for l in f]
        pairs = [(p["name"], p["grid"]) for p in py]
    else:
        with open(solvers) as f:
            names = [l[4:l.index("(")] for l in f if l.startswith("def solve_")]
        pairs = make_pairs(load_tasks(args.data), names, args.foreign, args.seed)
        t0 = time.time()
        py = run_python(args.dsl, solvers, pairs, args.reps, args.pair_timeout)
        print(f"cpython: {len(pairs)} pairs measured in {time.time() - t0:.0f} s")
        if args.save:
            with open(args.save, "w") as f:
                for p in py:
                    f.write(json.dumps(p) + "\n")
    bf = run_battfarm(args.binary, solvers, pairs, raw=not args.check)
    if args.check:
        do_check(py, bf, args.min_ms * 1000)
    else:
        do_fit(py, bf, args)


if __name__ == "__main__":
    main()

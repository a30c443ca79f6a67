#!/usr/bin/env python3
"""verify_store.py -- do the stored programs score in CPython what battfarm filed?

For every link OUT/solver_dir/solve_<task>/<score>/<t_log>/<md5>.py this runs
the linked file, unchanged, under the Python arc-dsl (the checkout given with
--dsl, imported from there), on the task's demo and test samples, scores it
the way battfarm does (exact: 1000 a sample; a miss: the mean of the differs'
scores, each clamped to 0-1000, capped at 999; an exception: 0) and compares
with <score>.

usage: tools/verify_store.py --dsl DIR --data DIR --out OUT [--differs FILE ...]
"""
import argparse
import json
import os
import signal
import sys


class Timeout(Exception):
    pass


def alarm(signum, frame):
    raise Timeout()


def load_module(path, env):
    ns = dict(env)
    exec(compile(open(path).read(), path, "exec"), ns)
    return ns


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dsl", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--differs", nargs="*", default=[])
    ap.add_argument("--limit", type=int, default=0, help="check at most this many links")
    a = ap.parse_args()
    sys.path.insert(0, a.dsl)
    sys.setrecursionlimit(10000)
    import dsl  # noqa: the oracle
    import constants  # noqa
    env = {}
    env.update({k: getattr(dsl, k) for k in dir(dsl) if not k.startswith("_")})
    env.update({k: getattr(constants, k) for k in dir(constants) if not k.startswith("_")})
    differs = []
    for f in a.differs:
        ns = load_module(f, env)
        # every function the file defines, in definition order, as battfarm loads them
        differs += [v for k, v in ns.items() if callable(v) and k not in env]
    signal.signal(signal.SIGALRM, alarm)
    root = os.path.join(a.out, "solver_dir")
    checked = bad = 0
    for tdir in sorted(os.listdir(root)):
        task = tdir[len("solve_"):]
        t = json.load(open(os.path.join(a.data, task + ".json")))
        g = lambda x: tuple(tuple(r) for r in x)
        S = tuple((g(s["input"]), g(s["output"])) for s in t["train"])
        samples = [(g(s["input"]), g(s["output"])) for s in t["train"] + t["test"]]
        for score in sorted(os.listdir(os.path.join(root, tdir))):
            for tlog in sorted(os.listdir(os.path.join(root, tdir, score))):
                d = os.path.join(root, tdir, score, tlog)
                for fn in sorted(os.listdir(d)):
                    if a.limit and checked >= a.limit:
                        break
                    path = os.path.join(d, fn)
                    ns = load_module(path, env)
                    solve = ns["solve"]
                    total = 0
                    for I, O in samples:
                        signal.setitimer(signal.ITIMER_REAL, 10)
                        try:
                            out = solve(S, I, None)
                            if out == O:
                                total += 1000
                            elif differs:
                                vals = []
                                for df in differs:
                                    try:
                                        v = df(S, out, O)
                                        v = v[0] if isinstance(v, tuple) and v else v
                                        v = v if isinstance(v, int) else 0
                                    except Exception:
                                        v = 0
                                    vals.append(min(1000, max(0, v)))
                                total += min(999, sum(vals) // len(vals))
                        except Exception:
                            pass
                        finally:
                            signal.setitimer(signal.ITIMER_REAL, 0)
                    checked += 1
                    if total != int(score):
                        bad += 1
                        print(f"MISMATCH {path}: battfarm {score}, CPython {total}")
    print(f"{checked - bad} of {checked} stored programs score in CPython what battfarm filed")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

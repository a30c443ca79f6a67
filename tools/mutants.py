#!/usr/bin/env python3
"""mutants.py -- a battery of mutated arc-dsl solvers, as a search makes them.

Each mutant is one of arc-dsl's solvers (from the checkout given with --dsl,
read, never copied into this tree) with one or two changes: a primitive
swapped for another of the same arity, a constant for another constant, or
an argument for an earlier variable (or I).  The primitives' arities and the
constants' names come from importing the checkout's dsl.py and constants.py.
Mutants are named solve_<task>__m<k>, so tools see whose grids they were
made for; the file starts with `from dsl import *`, so CPython runs it as
it runs solvers.py, and battfarm reads it as any programs file.

usage: tools/mutants.py --dsl DIR [--per-solver K] [--seed S] > battery.py
"""
import argparse
import inspect
import random
import re
import sys

LINE = re.compile(r"^    (\w+) = (\w+)\((.*)\)$")


def split_args(text):
    return [a.strip() for a in text.split(",")] if text.strip() else []


def read_solvers(path):
    """[(name, [line, ...])] of each def solve_...(I): in the file."""
    out, cur = [], None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("def solve_"):
                cur = (line[4:line.index("(")], [])
                out.append(cur)
            elif cur and line.startswith("    "):
                cur[1].append(line)
            elif line.strip():
                cur = None
    return out


def mutate_once(body, rng, arity, by_arity, consts):
    """body with one change at a random assignment line; None if the line
    chosen offers nothing to change."""
    idx = [i for i, l in enumerate(body) if LINE.match(l)]
    if not idx:
        return None
    i = rng.choice(idx)
    var, fn, argtext = LINE.match(body[i]).groups()
    args = split_args(argtext)
    earlier = ["I"] + [LINE.match(body[k]).group(1) for k in idx if k < i]
    kind = rng.choice(["prim", "const", "arg"])
    if kind == "prim" and fn in arity:
        others = [p for p in by_arity[arity[fn]] if p != fn]
        if not others:
            return None
        fn = rng.choice(others)
    elif kind == "const" and any(a in consts for a in args):
        k = rng.choice([j for j, a in enumerate(args) if a in consts])
        args[k] = rng.choice([c for c in consts if c != args[k]])
    elif kind == "arg" and args:
        k = rng.randrange(len(args))
        choices = [v for v in earlier if v != args[k]]
        if not choices:
            return None
        args[k] = rng.choice(choices)
    else:
        return None
    new = list(body)
    new[i] = f"    {var} = {fn}({', '.join(args)})"
    return new if new != body else None


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dsl", required=True, help="arc-dsl checkout")
    ap.add_argument("--per-solver", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sys.path.insert(0, args.dsl)
    import constants  # noqa: the oracle's names, imported from --dsl
    import dsl
    arity = {n: len(inspect.signature(f).parameters) for n, f in vars(dsl).items()
             if inspect.isfunction(f) and f.__module__ == "dsl"}
    by_arity = {}
    for n, a in sorted(arity.items()):
        by_arity.setdefault(a, []).append(n)
    consts = sorted(n for n in vars(constants) if n.isupper())
    rng = random.Random(args.seed)
    print("from dsl import *\nfrom constants import *\n")
    for name, body in read_solvers(f"{args.dsl}/solvers.py"):
        made = 0
        for attempt in range(20 * args.per_solver):
            if made == args.per_solver:
                break
            m = mutate_once(body, rng, arity, by_arity, consts)
            if m and rng.random() < 0.5:
                m = mutate_once(m, rng, arity, by_arity, consts) or m
            if not m:
                continue
            made += 1
            print(f"\ndef {name}__m{made}(I):")
            print("\n".join(m))


if __name__ == "__main__":
    main()

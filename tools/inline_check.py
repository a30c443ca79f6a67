#!/usr/bin/env python3
"""inline_check.py -- compare `battfarm inline` / `battfarm expand` with Python.

For every function of a solvers file (default: the --oracle checkout's solvers.py):

  inline   our own small Python inliner (substitute each Name by the
           expression last assigned to it, wrap the result in
           `def solve(S, I, C): return ...`, ast.unparse, hashlib.md5) must
           give byte for byte the text and md5 that `battfarm inline` prints;
  fixed    the expanded text `battfarm expand` prints must re-inline (with
           the Python inliner) to the same text, and expanding the expanded
           file again must give the same expanded text;
  run      (solve_<id> functions with a task <id>.json in --data) the
           expanded program, exec'd under the Python arc-dsl, must return
           what the original function returns on every train and test input
           (the same value, or an exception of the same type).

Prints one count line per check and the functions that disagree; exits 1
when any does.  usage:
  inline_check.py --oracle DIR [--solvers FILE] [--bin BATTFARM]
                  [--data DIR] [--differ] [--no-run] [-v]
  e.g. tools/inline_check.py --oracle ../arc-dsl --data ../shared/arc/training
"""
import argparse
import ast
import hashlib
import importlib.util
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


class Substitute(ast.NodeTransformer):
    """Replace each Name by the (already inlined) expression bound to it."""

    def __init__(self, env):
        self.env = env

    def visit_Name(self, node):
        return self.env.get(node.id, node)


def inline_function(fn, kind="solve"):
    """The inlined text of one FunctionDef, as ast.unparse prints it."""
    env = {}
    ret = None
    for stmt in fn.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
                isinstance(stmt.targets[0], ast.Name):
            env[stmt.targets[0].id] = Substitute(env).visit(stmt.value)
        elif isinstance(stmt, ast.Return):
            ret = Substitute(env).visit(stmt.value)
            break
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # a docstring
        else:
            raise ValueError(f"{fn.name}: unsupported statement {ast.dump(stmt)[:60]}")
    if ret is None:
        raise ValueError(f"{fn.name}: no return")
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=a) for a in "SIC"],
                         vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[])
    new = ast.FunctionDef(name=kind, args=args, body=[ast.Return(value=ret)],
                          decorator_list=[], returns=None, type_comment=None, lineno=1)
    if sys.version_info >= (3, 12):
        new.type_params = []
    return ast.unparse(new)


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def functions(src):
    return [n for n in ast.parse(src).body if isinstance(n, ast.FunctionDef)]


def battfarm(binary, *args):
    r = subprocess.run([binary, *args], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"inline_check: battfarm {' '.join(args)} failed:\n{r.stderr}")
    if r.stderr:
        sys.stderr.write(r.stderr)
    return r.stdout


def parse_inline_output(out):
    """[(text, md5)] from `battfarm inline` (three lines per function)."""
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    res = []
    for i in range(0, len(lines) - 2, 3):
        assert lines[i + 2].startswith("md5 "), lines[i + 2]
        res.append(("\n".join(lines[i:i + 2]), lines[i + 2][4:]))
    return res


def parse_expand_output(out):
    """[(name, md5, text)] from `battfarm expand` without --name."""
    res = []
    for line in out.splitlines(keepends=True):
        if line.startswith("# ") and " md5 " in line:
            name, _, h = line[2:].rstrip("\n").rpartition(" md5 ")
            res.append([name, h, ""])
        else:
            res[-1][2] += line
    return res


def load_task(data, tid):
    path = os.path.join(data, tid + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def grid(rows):
    return tuple(tuple(r) for r in rows)


def call(fn, nparams, S, I):
    try:
        return ("ok", fn(S, I, None) if nparams == 3 else fn(I))
    except Exception as e:  # a DSL error is a result to compare too
        return ("error", type(e).__name__)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--oracle", default=os.environ.get("BATTFARM_ARC_DSL"),
                    help="arc-dsl checkout (dsl.py, solvers.py); default $BATTFARM_ARC_DSL")
    ap.add_argument("--solvers", help="default: ORACLE/solvers.py")
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "build", "battfarm"))
    ap.add_argument("--data", default=os.environ.get("BATTFARM_ARC") and
                    os.path.join(os.environ["BATTFARM_ARC"], "training"),
                    help="ARC tasks for the run check; default $BATTFARM_ARC/training")
    ap.add_argument("--differ", action="store_true", help="differ headers")
    ap.add_argument("--no-run", action="store_true", help="skip running under Python")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if not a.oracle:
        ap.error("where is arc-dsl? give --oracle DIR or set BATTFARM_ARC_DSL")
    a.solvers = a.solvers or os.path.join(a.oracle, "solvers.py")
    if not a.data and not a.no_run:
        ap.error("where are the ARC tasks? give --data DIR (or --no-run) or set BATTFARM_ARC")
    sys.setrecursionlimit(100000)
    kind = "differ" if a.differ else "solve"
    flags = ["--differ"] if a.differ else []
    bad = 0

    with open(a.solvers) as f:
        fns = functions(f.read())
    want = {}
    for fn in fns:
        text = inline_function(fn, kind)
        want[fn.name] = (text, md5(text))

    # inline: in file order; per function when battfarm skipped some
    got = parse_inline_output(battfarm(a.bin, "inline", a.solvers, *flags))
    if len(got) == len(fns):
        got = {fn.name: g for fn, g in zip(fns, got)}
    else:
        got = {}
        for fn in fns:
            one = parse_inline_output(battfarm(a.bin, "inline", a.solvers, "--name", fn.name,
                                               *flags))
            if one:
                got[fn.name] = one[0]
    agree = 0
    for fn in fns:
        g = got.get(fn.name)
        if g == want[fn.name] and md5(g[0]) == g[1]:
            agree += 1
        else:
            bad += 1
            print(f"inline DIFFERS {fn.name}")
            if a.verbose and g:
                print(f"  python:   {want[fn.name][0]!r}\n  battfarm: {g[0]!r}")
    print(f"inline: {agree} of {len(fns)} agree (text and md5)")

    # fixed point: expanded re-inlines to the same text; expand(expand) same
    out = battfarm(a.bin, "expand", a.solvers, *flags)
    expanded = parse_expand_output(out)
    tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"inline_check.{os.getpid()}.py")
    with open(tmp, "w") as f:
        f.write(out)
    try:
        again = parse_expand_output(battfarm(a.bin, "expand", tmp, *flags))
    finally:
        os.unlink(tmp)
    fixed = 0
    for i, (name, h, text) in enumerate(expanded):
        fn = functions(text)[0]
        ok = name in want and inline_function(fn, kind) == want[name][0] and \
            h == want[name][1] and i < len(again) and again[i][2] == text
        if ok:
            fixed += 1
        else:
            bad += 1
            print(f"fixed point FAILS {name}")
    print(f"fixed point: {fixed} of {len(fns)} expanded programs re-inline to the same "
          "text and re-expand unchanged")

    if a.no_run:
        return 1 if bad else 0

    # run: the expanded program against the original under CPython
    sys.path.insert(0, a.oracle)
    sys.path.insert(0, os.path.dirname(os.path.abspath(a.solvers)))
    spec = importlib.util.spec_from_file_location("checked_solvers", a.solvers)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    ran = same = samples = correct = 0
    for name, h, text in expanded:
        if not name.startswith("solve_"):
            continue
        task = load_task(a.data, name[len("solve_"):])
        if task is None:
            continue
        ran += 1
        orig = getattr(mod, name)
        nparams = orig.__code__.co_argcount
        ns = {}
        exec(compile(text, f"<expanded {name}>", "exec"), ns)
        exp = ns[kind]
        S = tuple((grid(p["input"]), grid(p["output"])) for p in task["train"])
        ok = True
        for pair in task["train"] + task["test"]:
            I = grid(pair["input"])
            samples += 1
            r = call(exp, 3, S, I)
            if call(orig, nparams, S, I) != r:
                ok = False
            if "output" in pair and r == ("ok", grid(pair["output"])):
                correct += 1
        if ok:
            same += 1
        else:
            bad += 1
            print(f"run DIFFERS {name}")
    print(f"run: {same} of {ran} expanded solvers give the original's outputs "
          f"({samples} samples, {correct} equal to the expected output)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

# Bundled example programs for battfarm (our own, written for the tasks in
# examples/tasks).  Each task has an exact solver; some have near misses and
# renamed duplicates, as a search would produce them.
from dsl import *
from constants import *


def solve_bf_mirror(I):
    O = vmirror(I)
    return O


def solve_bf_recolor(I):
    O = replace(I, ONE, FIVE)
    return O


def solve_bf_upscale(I):
    O = upscale(I, TWO)
    return O


def solve_bf_frame(I):
    x1 = asindices(I)
    x2 = box(x1)
    O = fill(I, EIGHT, x2)
    return O


def solve_bf_topobj(I):
    x1 = objects(I, T, F, T)
    x2 = argmax(x1, size)
    O = subgrid(x2, I)
    return O


# a near miss for bf_mirror: the wrong axis
def cand_hmirror(I):
    O = hmirror(I)
    return O


# the bf_frame solver again under another name and variable names
def cand_frame_copy(I):
    a = asindices(I)
    b = box(a)
    O = fill(I, EIGHT, b)
    return O


# an (S, I, C) program: recolors with the most common color of the first demo output
def cand_sic_recolor(S, I, C):
    x1 = first(S)
    x2 = last(x1)
    x3 = leastcolor(x2)
    O = replace(I, ONE, x3)
    return O


# fails on every input: a candidate's exception is a result, not a crash
def cand_raises(I):
    x1 = objects(I, T, F, T)
    x2 = sizefilter(x1, 1000)
    O = first(x2)
    return O

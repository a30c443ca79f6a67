# Bundled example differs for battfarm (our own).  A differ(S, I, C) returns
# a tuple whose first item scores, 0 to 1000, how close grid I is to grid C.
from dsl import *
from constants import *


# share of equal cells, when the shapes agree
def differ_cells(S, I, C):
    x1 = shape(I)
    x2 = shape(C)
    x3 = equality(x1, x2)
    x4 = cellwise(I, C, NEG_ONE)
    x5 = colorcount(x4, NEG_ONE)
    x6 = multiply(x5, 1000)
    x7 = asindices(C)
    x8 = size(x7)
    x9 = divide(x6, x8)
    x10 = subtract(1000, x9)
    x11 = multiply(x10, x3)
    O = astuple(x11, x5)
    return O


# full marks for the right shape
def differ_shape(S, I, C):
    x1 = shape(I)
    x2 = shape(C)
    x3 = equality(x1, x2)
    x4 = multiply(x3, 1000)
    O = astuple(x4, x1)
    return O


# full marks for the right colors
def differ_palette(S, I, C):
    x1 = palette(I)
    x2 = palette(C)
    x3 = equality(x1, x2)
    x4 = multiply(x3, 1000)
    O = astuple(x4, ZERO)
    return O

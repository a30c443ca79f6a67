/* prim_arith.c -- placeholder until the arith primitives land. */
#include "battfarm/prims.h"

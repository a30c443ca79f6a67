/* prim_grid.c -- placeholder until the grid primitives land. */
#include "battfarm/prims.h"

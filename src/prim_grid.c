/* prim_grid.c -- placeholder until the grid primitives land. */
#include "battfarm/func.h"

const bf_prim bf_prims_grid[] = {
	{NULL, 0, NULL},
};

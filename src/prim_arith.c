/* prim_arith.c -- placeholder until the arith primitives land. */
#include "battfarm/func.h"

const bf_prim bf_prims_arith[] = {
	{NULL, 0, NULL},
};

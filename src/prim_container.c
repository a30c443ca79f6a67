/* prim_container.c -- placeholder until the container primitives land. */
#include "battfarm/func.h"

const bf_prim bf_prims_container[] = {
	{NULL, 0, NULL},
};
